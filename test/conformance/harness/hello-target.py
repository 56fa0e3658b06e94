"""The target service of the client and server recordings: listens on 127.0.0.1:5432 and answers
every connection with one line, "hello", so a tunnel that reaches it proves it carried data."""
import socket

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5432))
s.listen(8)
while True:
    c, _ = s.accept()
    c.sendall(b"hello\n")
    c.close()

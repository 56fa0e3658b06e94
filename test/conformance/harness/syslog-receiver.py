"""Stands in for the syslog daemon of one server in a live run (see driver.ts).

  python3 syslog-receiver.py <socket path>   (driver.ts runs it as python3 -u -c <this file> <socket path>)

Binds an AF_UNIX datagram socket at <socket path> (the driver bind-mounts it over /dev/log, where
glibc's syslog(3) sends), makes it writable for every user (sshd's post-authentication process
runs as the logged-in user) and prints each datagram as one line on stdout, unbuffered, exactly as
received (a newline inside a datagram is printed as \\n; sshd's own messages never hold one).
Prints `ready` on stderr once the socket exists. Runs until it is killed.
"""
import os
import socket
import sys

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)
sys.stderr.write('ready\n')
sys.stderr.flush()
out = sys.stdout.buffer
while True:
    data = sock.recv(65536)
    out.write(data.rstrip(b'\n').replace(b'\n', b'\\n') + b'\n')
    out.flush()

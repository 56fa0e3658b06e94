"""AsyncSSH as asyncio programs use it: one connection, then conn.open_connection() for a
direct-tcpip channel, conn.forward_local_port() and one connection through the listener (what
-L does), or conn.forward_remote_port() (-R). An asyncssh.Error is printed the way a traceback
ends (module.Class: str(exc)), then its .code and .reason, which is what a handler reads.

usage: asyncssh_client.py local|forward|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
"""
import asyncio
import socket
import sys
import traceback

import asyncssh


def report(exc):
    sys.stderr.write(traceback.format_exception_only(type(exc), exc)[-1])
    if hasattr(exc, "code") and hasattr(exc, "reason"):
        sys.stderr.write(f"code: {exc.code}, reason: {exc.reason!r}\n")


def through_listener(port):
    """What the program behind -L does: connect, read the greeting, send one byte."""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        line = s.makefile("rb").readline().decode().strip()
        if line:
            print(line)
        try:
            s.sendall(b"x")
        except OSError:
            pass


async def main(mode, host, port, keyfile, target_host, target_port):
    async with asyncssh.connect(host, int(port), username="root", client_keys=[keyfile],
                                known_hosts=None, agent_path=None,
                                login_timeout=5) as conn:
        if mode == "local":
            reader, writer = await conn.open_connection(target_host, int(target_port))
            line = (await asyncio.wait_for(reader.readline(), 3)).decode().strip()
            writer.write(b"x")
            writer.close()
            print("opened" if line == "hello" else f"read {line!r}")
        elif mode == "forward":
            listener = await conn.forward_local_port("127.0.0.1", 15432, target_host, int(target_port))
            await asyncio.get_running_loop().run_in_executor(None, through_listener, 15432)
            await asyncio.sleep(0.3)
            listener.close()
        elif mode == "remote":
            listener = await conn.forward_remote_port(target_host, int(target_port), "127.0.0.1", 5432)
            listener.close()
            print("opened")


try:
    asyncio.run(main(*sys.argv[1:7]))
except (asyncssh.Error, asyncssh.ChannelListenError, OSError) as exc:
    report(exc)
    sys.exit(1)

"""A server built on AsyncSSH (Debian python3-asyncssh), the way Python projects embed one:
public-key login against an authorized_keys file (whose options, such as no-port-forwarding or
permitopen="…", AsyncSSH applies itself), then

  default  asyncssh.SSHServer as it is: connection_requested() and server_requested() are not
           overridden, so both return False
  allowed  both overridden to return True (standard forwarding, the working control)

AsyncSSH's own log (INFO) goes to stderr, so the recorder keeps it as the server's lines.

usage: python3 asyncssh_server.py default|allowed PORT HOSTKEY AUTHORIZED_KEYS
"""

import asyncio
import logging
import sys
import warnings

warnings.simplefilter('ignore')  # the cryptography package's deprecation notes for old ciphers

import asyncssh  # noqa: E402


class Allowed(asyncssh.SSHServer):
    def connection_requested(self, dest_host, dest_port, orig_host, orig_port):
        return True

    def server_requested(self, listen_host, listen_port):
        return True


async def main(mode, port, host_key, authorized):
    factory = Allowed if mode == 'allowed' else asyncssh.SSHServer
    await asyncssh.create_server(
        factory,
        '127.0.0.1',
        int(port),
        server_host_keys=[host_key],
        authorized_client_keys=authorized,
        password_auth=False,
        kbdint_auth=False,
    )
    print(f'listening on 127.0.0.1:{port} ({mode})', file=sys.stderr, flush=True)
    await asyncio.Event().wait()


if __name__ == '__main__':
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format='%(message)s')
    asyncio.run(main(*sys.argv[1:5]))

"""Paramiko as Ansible, Fabric and most Python tools use it: one Transport, then a direct-tcpip
channel (what sshtunnel and Ansible's ProxyCommand-less jump do) or a tcpip-forward request.
Uncaught exceptions are left to Python, so stderr is exactly what a user's program shows.

usage: paramiko_client.py local|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
"""
import logging
import sys

import paramiko

logging.basicConfig(stream=sys.stderr, level=logging.ERROR)

mode, host, port, keyfile, target_host, target_port = sys.argv[1:7]
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
client.connect(host, port=int(port), username="root", key_filename=keyfile,
               allow_agent=False, look_for_keys=False, timeout=5)
transport = client.get_transport()
if mode == "local":
    chan = transport.open_channel("direct-tcpip", (target_host, int(target_port)), ("127.0.0.1", 41234), timeout=5)
    print("opened")
elif mode == "remote":
    transport.request_port_forward(target_host, int(target_port))
    print("opened")
client.close()

#!/usr/bin/env bash
# Runs inside `unshare --net --mount --pid --fork --kill-child`: a private loopback-only network and
# mount table, so nothing here can touch the machine's sshd, its ports or its files, and every
# server dies with the namespace. $1 is the work directory record-servers.ts prepared (keys, the
# built Go server, the case list); every output goes into $1/out.
#
# The servers (each on its own port of 127.0.0.1; `servers` in record-servers.ts lists them):
# tinysshd under ucspi-tcp's tcpserver (one tinysshd per connection, stdin/stdout on the socket),
# the gliderlabs/ssh program, the ssh2 program and the AsyncSSH program in their modes. The client
# is always the machine's /usr/bin/ssh with no config file and LogLevel left at its default.
set -uo pipefail
W=$1
ip link set lo up
mount -t tmpfs tmpfs /run
printf 'hosts: files\n' > "$W/nsswitch.conf" && mount --bind "$W/nsswitch.conf" /etc/nsswitch.conf
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$W/hosts" && mount --bind "$W/hosts" /etc/hosts
mkdir -p "$W/out"

# tinysshd logs in as the requested user and reads that user's ~/.ssh/authorized_keys: we log in as
# root, so this run gets a private /root (a tmpfs over the real one, in this mount namespace only)
# holding our key. The machine's /root is never written.
mount -t tmpfs -o mode=0700 tmpfs /root && mkdir -m 700 /root/.ssh && cp "$W/id_ed25519.pub" /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys

# The target service: a listener on 5432 that answers one line.
python3 "$(dirname "$0")/../harness/hello-target.py" &

# start NAME PORT CMD...: a server whose stderr is its log, out/server-NAME.log.
start() {
  local name=$1; shift 1
  "$@" > /dev/null 2> "$W/out/server-$name.log" &
}
while read -r name port kind mode authorized; do
  case $kind in
    tinysshd) start "$name" tcpserver -q -H -R -l 0 127.0.0.1 "$port" /usr/sbin/tinysshd -v "$W/tinyssh-keys" ;;
    gliderlabs) start "$name" "$W/gliderlabs-server" "$mode" "$port" "$W/host_ed25519" "$W/$authorized" ;;
    ssh2) start "$name" node "$W/ssh2_server.cjs" "$mode" "$port" "$W/host_ed25519" "$W/$authorized" ;;
    asyncssh) start "$name" /usr/bin/python3 "$W/asyncssh_server.py" "$mode" "$port" "$W/host_ed25519" "$W/$authorized" ;;
  esac
done < "$W/servers"

# listening PORT: something listens on PORT. Asked of the kernel (ss), not by connecting: a probe
# connection through ssh's -L/-D listener, or to a server's -R listener, would open a channel of its
# own and be refused (or forwarded) before the one we record.
listening() { [ -n "$(ss -Hltn "sport = :$1")" ]; }
# wait_port PORT [TRIES]: until something listens on PORT (50 ms per try).
wait_port() { for _ in $(seq 1 "${2:-100}"); do listening "$1" && return 0; sleep 0.05; done; return 1; }
for p in 5432 $(cut -d' ' -f2 "$W/servers"); do wait_port "$p" 200 || echo "port $p never opened" >&2; done

SSH=(ssh -F /dev/null -i "$W/id_ed25519" -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes
  -o UserKnownHostsFile="$W/known_hosts" -o GlobalKnownHostsFile=/dev/null)

# What ssh -v says about the server's version, once per server (no key offered: it stops after
# the banner and the key exchange with "Permission denied").
while read -r name port _; do
  timeout 10 "${SSH[@]}" -v -o PubkeyAuthentication=no -p "$port" root@127.0.0.1 true < /dev/null > /dev/null 2> "$W/out/banner-$name.stderr"
done < "$W/servers"

# The server log of the current case grows while ssh runs; what it gained goes into out/CASE.server.
mark() { start_at=$(stat -c %s "$log"); }
cut_log() { sleep 0.3; tail -c +"$((start_at + 1))" "$log" > "$W/out/$1.server"; }

# through PORT: one connection to 127.0.0.1:PORT; the first line that comes back goes to stdout.
through() { (exec 3<>"/dev/tcp/127.0.0.1/$1" && timeout 2 head -n1 <&3) 2>/dev/null; }

# socks PORT HOST TPORT: one SOCKS5 CONNECT (host by name) through ssh -D; the reply's first line to stdout.
socks() {
  python3 -c '
import socket, struct, sys
port, host, tport = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port), timeout=3)
s.sendall(b"\x05\x01\x00")
if s.recv(2) != b"\x05\x00": sys.exit("no SOCKS5 greeting")
s.sendall(b"\x05\x01\x00\x03" + bytes([len(host)]) + host + struct.pack(">H", tport))
reply = s.recv(10)
if len(reply) < 2 or reply[1] != 0: sys.exit(0)
data = b""
while not data.endswith(b"\n"):
    chunk = s.recv(64)
    if not chunk: break
    data += chunk
sys.stdout.write(data.decode())
' "$@" 2>/dev/null
}

# A case line: ID SERVER PORT MODE FORWARD CONNECT OPTIONS (see prepare in record-servers.ts);
# OPTIONS is "-" or comma-separated ssh -o options.
while read -r id server port mode forward connect options; do
  log="$W/out/server-$server.log"
  out="$W/out/$id"
  : > "$out.stdout"
  opts=()
  if [ "$options" != - ]; then IFS=, read -r -a words <<< "$options"; for o in "${words[@]}"; do opts+=(-o "$o"); done; fi
  mark
  case $mode in
    local|dynamic|remote)
      flag=-L; [ "$mode" = dynamic ] && flag=-D; [ "$mode" = remote ] && flag=-R
      "${SSH[@]}" "${opts[@]}" -N "$flag" "$forward" -p "$port" root@127.0.0.1 < /dev/null 2> "$out.stderr" &
      pid=$!
      case $mode in
        local) wait_port "$connect" && through "$connect" >> "$out.stdout" ;;
        dynamic) wait_port "${connect%%:*}" && IFS=: read -r sport thost tport <<< "$connect" && socks "$sport" "$thost" "$tport" >> "$out.stdout" ;;
        remote)
          # The server answers the tcpip-forward request after login: wait for its listener or
          # for ssh's warning that it was refused, whichever comes first.
          for _ in $(seq 1 60); do
            grep -q 'remote port forwarding failed' "$out.stderr" && break
            listening "$connect" && break
            sleep 0.05
          done
          through "$connect" >> "$out.stdout" ;;
      esac
      sleep 0.5
      # Still running (it waits for more connections): stopped, and its exit status is not kept.
      if kill "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null; echo running > "$out.rc"; else wait "$pid"; echo $? > "$out.rc"; fi ;;
    stdio)
      timeout 10 "${SSH[@]}" "${opts[@]}" -W "$forward" -p "$port" root@127.0.0.1 < /dev/null > "$out.stdout" 2> "$out.stderr"
      echo $? > "$out.rc" ;;
    mux)
      # A master (with a session of its own when FORWARD is "session", none with "none"), then a
      # second ssh through its control socket asking for a session.
      ctl="$W/ctl-$id"
      if [ "$forward" = session ]; then
        "${SSH[@]}" -M -S "$ctl" -p "$port" root@127.0.0.1 sleep 60 < /dev/null > /dev/null 2> "$out.master.stderr" &
      else
        "${SSH[@]}" -M -S "$ctl" -N -p "$port" root@127.0.0.1 < /dev/null > /dev/null 2> "$out.master.stderr" &
      fi
      pid=$!
      for _ in $(seq 1 100); do [ -S "$ctl" ] && break; sleep 0.05; done
      sleep 0.5 # the master's own session opens
      timeout 10 "${SSH[@]}" -S "$ctl" -p "$port" root@127.0.0.1 echo hello < /dev/null > "$out.stdout" 2> "$out.stderr"
      echo $? > "$out.rc"
      sleep 0.3
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null ;;
  esac
  cut_log "$id"
  sleep 0.2 # let the server close this connection's listeners before the next case
done < "$W/cases"
exit 0

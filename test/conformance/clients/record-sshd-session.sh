#!/usr/bin/env bash
# Records how OpenSSH 9.8 and later name their per-connection processes in syslog: sshd-session
# (9.8+) and sshd-auth (10.0+). Debian 12 ships 9.2, so this needs an OpenSSH 10.x build (see the
# project's release-source notes: configure --prefix=DIR, make, then sshd-session and sshd-auth in
# DIR/libexec). Usage, as root:
#   bash test/conformance/clients/record-sshd-session.sh DIR > out.log
# Everything runs in private network, mount and PID namespaces: a throwaway config and keys in a
# temp dir, /dev/log a socket only this run sees, sshd on 127.0.0.1:2222; the machine's sshd and
# files are not touched. Prints the syslog lines the refusals produced.
set -euo pipefail
PREFIX=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for k in host id wrong; do ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$W/$k"; done
cp "$W/id.pub" "$W/authorized_keys"
cat > "$W/sshd_config" <<CONF
Port 2222
ListenAddress 127.0.0.1
HostKey $W/host
AuthorizedKeysFile $W/authorized_keys
PidFile $W/sshd.pid
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
LogLevel VERBOSE
AllowTcpForwarding no
CONF
echo "* $(cut -d' ' -f1,2 "$W/host.pub")" > "$W/known_hosts"
unshare --net --mount --pid --fork --kill-child bash -s "$W" "$PREFIX" "$HERE" <<'INNER'
set -uo pipefail
W=$1 PREFIX=$2 HERE=$3
ip link set lo up
mount -t tmpfs tmpfs /run && mkdir -p /run/sshd
# A private /dev holding the machine's null/zero/random/urandom/tty and our /dev/log socket.
mkdir "$W/olddev" && mount --bind /dev "$W/olddev" && mount -t tmpfs tmpfs /dev
for d in null zero random urandom tty; do touch "/dev/$d" && mount --bind "$W/olddev/$d" "/dev/$d"; done
python3 -u "$HERE/../harness/syslog-receiver.py" /dev/log > "$W/syslog" 2>/dev/null &
for _ in $(seq 1 50); do [ -S /dev/log ] && break; sleep 0.05; done
"$PREFIX/sbin/sshd" -f "$W/sshd_config"
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/2222) 2>/dev/null && break; sleep 0.05; done
opts=(-F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o UserKnownHostsFile="$W/known_hosts" -p 2222)
ssh "${opts[@]}" -i "$W/id" -W localhost:5432 root@127.0.0.1 < /dev/null 2>/dev/null || true
ssh "${opts[@]}" -i "$W/wrong" root@127.0.0.1 true < /dev/null 2>/dev/null || true
sleep 0.5
cat "$W/syslog"
INNER

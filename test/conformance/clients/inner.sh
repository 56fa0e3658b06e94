#!/usr/bin/env bash
# Runs inside `unshare --net --mount --fork`: a private loopback-only network and mount table, so
# nothing here can touch the machine's sshd, its ports or its files. $1 is the work directory the
# recorder prepared (keys, configs, built client programs); every output goes into $1/out.
# $TD_CLIENTS, when set, is a comma-separated list of the clients to run (record-clients.ts --only=).
# Each sshd is the machine's /usr/sbin/sshd with a throwaway config on a high port of 127.0.0.1.
set -uo pipefail
W=$1
ip link set lo up
mount -t tmpfs tmpfs /run && mkdir -p /run/sshd
# Name resolution from /etc/hosts only, so an unknown name fails the way a typo does
# (EAI_NONAME, "Name or service not known") rather than with an unreachable DNS server.
printf 'hosts: files\n' > "$W/nsswitch.conf" && mount --bind "$W/nsswitch.conf" /etc/nsswitch.conf
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$W/hosts" && mount --bind "$W/hosts" /etc/hosts
mkdir -p "$W/out"

# Dropbear reads root's ~/.ssh/authorized_keys: give this run a private /root holding ours.
mount -t tmpfs -o mode=0700 tmpfs /root && mkdir -m 700 /root/.ssh && cp "$W/authorized_keys" /root/.ssh/authorized_keys
dropbear -F -E -s -j -k -p 127.0.0.1:2204 -r "$W/dropbear_host" -r "$W/dropbear_host_rsa" -P "$W/dropbear.pid" 2> "$W/out/sshd-dropbear-off.log" &
dropbear_pid=$!
for conf in "$W"/sshd-*.conf; do
  name=$(basename "$conf" .conf)
  /usr/sbin/sshd -f "$conf" -E "$W/out/$name.log" || echo "sshd $name failed to start" >&2
done
# The target service: a listener on 5432 that answers one line; 5433 stays closed.
python3 "$(dirname "$0")/../harness/hello-target.py" &
target=$!
trap 'kill "$target" "$dropbear_pid" 2>/dev/null; for f in "$W"/sshd-*.pid; do kill "$(cat "$f")" 2>/dev/null; done' EXIT

wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
for p in 5432 $(cat "$W/ports"); do wait_port "$p" || echo "port $p never opened" >&2; done

# The server log of the current case ($log) grows while a client runs; what it gained goes into
# out/CLIENT.CASE.server (a moment's wait lets sshd write its last lines).
mark() { start=$(stat -c %s "$log"); }
cut_log() { sleep 0.2; tail -c +"$((start + 1))" "$log" > "$W/out/$1.$2.server"; }
# run CLIENT CASE CMD...: CMD's stdout, stderr and exit status into out/CLIENT.CASE.*
run() {
  local client=$1 case=$2; shift 2
  mark
  timeout 15 "$@" < /dev/null > "$W/out/$client.$case.stdout" 2> "$W/out/$client.$case.stderr"
  echo $? > "$W/out/$client.$case.rc"
  cut_log "$client" "$case"
}
# plink keeps running with -N: start it, make one connection through its -L listener (that is
# when PuTTY opens the channel), give the refusal a moment, then stop it.
run_plink() {
  local case=$1 listen=$2; shift 2
  mark
  : > "$W/out/plink.$case.stdout"
  plink "$@" < /dev/null >> "$W/out/plink.$case.stdout" 2> "$W/out/plink.$case.stderr" &
  local pid=$!
  if [ "$listen" != - ]; then
    # What comes back through the tunnel (the target's "hello") goes to stdout, as it would for
    # the program that used the forward; plink closes the connection once the server refuses.
    wait_port "$listen" && (exec 3<>"/dev/tcp/127.0.0.1/$listen"; timeout 1 head -n1 <&3 >> "$W/out/plink.$case.stdout") 2>/dev/null
    sleep 0.3
  else
    sleep 1 # the -R reply comes after login
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  echo 0 > "$W/out/plink.$case.rc"
  cut_log plink "$case"
}

want() { [ -z "${TD_CLIENTS:-}" ] || [[ ",$TD_CLIENTS," == *",$1,"* ]]; }
# lib CLIENT CASE MODE KEYFILE CMD...: a library program (usage: CMD MODE HOST PORT KEYFILE
# TARGET_HOST TARGET_PORT), if that client is wanted.
lib() {
  local client=$1 case=$2 m=$3 k=$4; shift 4
  want "$client" || return 0
  run "$client" "$case" "$@" "$m" 127.0.0.1 "$port" "$k" "$thost" "$tport"
}

while read -r case server mode port key thost tport; do
  log="$W/out/sshd-$server.log"
  # JSch and phpseclib get the same role's key in a type they read (record-clients.ts).
  ecdsa="$W/${key/ed25519/ecdsa}" rsa="$W/${key/ed25519/rsa}"
  lib paramiko "$case" "$mode" "$W/$key" /usr/bin/python3 "$W/paramiko_client.py"
  lib go "$case" "$mode" "$W/$key" "$W/go-client"
  lib node-ssh2 "$case" "$mode" "$W/$key" node "$W/ssh2_client.cjs"
  lib asyncssh "$case" "$mode" "$W/$key" /usr/bin/python3 "$W/asyncssh_client.py"
  lib jsch "$case" "$mode" "$ecdsa" java -cp "$W/java:/usr/share/java/jsch.jar" JschClient
  lib libssh "$case" "$mode" "$W/$key" "$W/libssh-client"
  lib libssh2 "$case" "$mode" "$W/$key" "$W/libssh2-client"
  lib net-ssh "$case" "$mode" "$W/$key" /usr/bin/ruby "$W/net_ssh_client.rb"
  if [ "$mode" = local ]; then
    # The libraries' own -L: a listener on 15432 and one connection through it.
    lib asyncssh-forward "$case" forward "$W/$key" /usr/bin/python3 "$W/asyncssh_client.py"
    lib jsch-forward "$case" forward "$ecdsa" java -cp "$W/java:/usr/share/java/jsch.jar" JschClient
    lib net-ssh-forward "$case" forward "$W/$key" /usr/bin/ruby "$W/net_ssh_client.rb"
  fi
  # phpseclib 1.0 has no forwarding API: it can only log in.
  if [ "$mode" = auth ]; then lib phpseclib "$case" "$mode" "$rsa" /usr/bin/php "$W/phpseclib_client.php"; fi
  if [ "$mode" = local ] && want plink-nc; then
    run plink-nc "$case" plink -batch -hostkey "$(cat "$W/hostkey.fp")" -i "$W/$key.ppk" -P "$port" -nc "$thost:$tport" root@127.0.0.1
  fi
  want plink || continue
  common=(-v -batch -hostkey "$(cat "$W/hostkey.fp")" -i "$W/$key.ppk" -P "$port" -N)
  case $mode in
    local) run_plink "$case" 15432 "${common[@]}" -L "127.0.0.1:15432:$thost:$tport" root@127.0.0.1 ;;
    remote) run_plink "$case" - "${common[@]}" -R "$thost:$tport:127.0.0.1:5432" root@127.0.0.1 ;;
    auth) run plink "$case" plink -batch -hostkey "$(cat "$W/hostkey.fp")" -i "$W/$key.ppk" -P "$port" -N root@127.0.0.1 < /dev/null ;;
  esac
done < "$W/cases"

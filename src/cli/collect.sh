#!/bin/sh
# tunnel-doctor collector: what an SSH server itself sees about a refused or failed tunnel.
#
# Read-only. It writes no file, changes no setting, starts nothing that outlives it and never
# calls sudo. It resolves each target with this machine's resolver, tries one TCP connection to
# it, prints the options (never the key) of the authorized_keys line that logged in, the
# sshd_config files it can read (with their Include files), and, only when run as root, the
# effective settings for one user (sshd -T -C …) and that user's last sshd log lines.
# Every line it prints is cut to 400 characters with control characters removed, and each
# section to a few hundred lines. Paste its whole output into tunnel-doctor diagnose or the
# site's /diagnose/ page.
#
# Usage: sh collect.sh [--target HOST:PORT]... [--listen-port PORT]... [--user USER]
#                      [--addr CLIENT_ADDRESS] [--host CLIENT_NAME] [--key-sha256 HEX]
#                      [--authorized-keys FILE]... [--sshd-config FILE] [--log-lines N]

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
LC_ALL=C
export PATH LC_ALL
set -f
umask 077

targets=''
listen_ports=''
user=''
addr=''
chost=''
key_hex=''
key_files=''
sshd_config=''
log_lines=200

while [ $# -gt 0 ]; do
  case $1 in
    --target) targets="$targets $2"; shift ;;
    --listen-port) listen_ports="$listen_ports $2"; shift ;;
    --user) user=$2; shift ;;
    --addr) addr=$2; shift ;;
    --host) chost=$2; shift ;;
    --key-sha256) key_hex=$2; shift ;;
    --authorized-keys) key_files="$key_files $2"; shift ;;
    --sshd-config) sshd_config=$2; shift ;;
    --log-lines) log_lines=$2; shift ;;
    *) echo "@@ error unknown argument (see the usage at the top of the script)"; exit 2 ;;
  esac
  shift
done

has() { command -v "$1" >/dev/null 2>&1; }

# Runs a command for at most $1 seconds when timeout(1) exists.
bounded() {
  secs=$1; shift
  if has timeout; then timeout "$secs" "$@"; else "$@"; fi
}

# Prints standard input as content lines: control characters removed, lines cut, at most $1 lines.
show() {
  tr -d '\000-\010\013-\037\177' | cut -c1-400 | head -n "${1:-400}" | sed 's/^/| /'
}

# One word, safe to print: only the characters a host name, user name or path uses.
word() {
  printf '%s' "$1" | tr -cd 'A-Za-z0-9._:/@%+=,[]-' | cut -c1-200
}

# Bounded reading of a file with the control characters removed.
readable_text() {
  head -c 262144 "$1" 2>/dev/null | tr -d '\000-\010\013-\037\177'
}

me=$(id -un 2>/dev/null)
echo "@@ tunnel-doctor-collect 1"
echo "@@ host $(word "$(uname -n 2>/dev/null)")"
echo "@@ whoami $(word "$me") uid=$(id -u 2>/dev/null)"
[ -z "$user" ] && user=$me
echo "@@ account $(word "$user")"
[ "$user" = "$me" ] && echo "@@ home $(word "$HOME")"
if [ -n "$SSH_CONNECTION" ]; then
  set -- $SSH_CONNECTION
  echo "@@ login $(word "$user") from $(word "$1") port $(word "$2") to $(word "$3") port $(word "$4")"
  [ -z "$addr" ] && addr=$1
fi

# The sshd (or dropbear) this session runs under: the nearest ancestor named so.
server_process() {
  pid=$$
  n=0
  while [ "$n" -lt 12 ] && [ -n "$pid" ] && [ "$pid" -gt 1 ] 2>/dev/null; do
    args=$(tr '\000' ' ' < "/proc/$pid/cmdline" 2>/dev/null | tr -d '\001-\037\177' | cut -c1-300)
    case $args in
      *sshd*|*dropbear*) server_args=$args ;;
    esac
    pid=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
    n=$((n + 1))
  done
}
server_args=''
server_process
if [ -n "$server_args" ]; then
  echo "@@ server-process $server_args"
  if [ -z "$sshd_config" ]; then
    set -- $server_args
    while [ $# -gt 1 ]; do
      [ "$1" = "-f" ] && sshd_config=$2
      shift
    done
  fi
fi

# The resolver: getent ahosts is what getaddrinfo, and so sshd, answers; python3 names the error.
resolve() {
  name=$1
  if [ -n "$(printf '%s' "$name" | tr -d '0-9.')" ] && [ "$name" = "${name#*:}" ]; then :; else
    echo "@@ address $(word "$name") $(word "$name")"
    return 0
  fi
  if ! has getent && ! has python3; then
    echo "@@ resolve-unknown $(word "$name") (neither getent nor python3 here)"
    return 0
  fi
  if has getent; then
    out=$(bounded 5 getent ahosts "$name" 2>/dev/null | awk '{print $1}' | sort -u | head -n 8)
  else
    out=''
  fi
  if [ -n "$out" ]; then
    for a in $out; do echo "@@ address $(word "$name") $(word "$a")"; done
    return 0
  fi
  why='Name or service not known'
  if has python3; then
    why=$(bounded 5 python3 -c 'import socket,sys
try:
    socket.getaddrinfo(sys.argv[1], None)
    print("resolved")
except socket.gaierror as e:
    print(e.strerror)
except Exception as e:
    print("lookup error")' "$name" 2>/dev/null | head -n 1 | tr -cd 'A-Za-z ')
  fi
  echo "@@ resolve-failed $(word "$name") $why"
}

# One TCP connection to host:port from this machine: python3, else bash's /dev/tcp, else nc.
connect() {
  host=$1 port=$2
  if has python3; then
    r=$(bounded 6 python3 -c 'import socket,sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), 4).close()
    print("open")
except socket.timeout:
    print("failed Connection timed out")
except OSError as e:
    print("failed " + (e.strerror or "error"))' "$host" "$port" 2>/dev/null | head -n 1 | tr -cd 'A-Za-z ')
    via=python3
  elif has bash; then
    if bounded 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null; then r=open; else r='failed Connection refused or unreachable'; fi
    via=bash
  elif has nc; then
    if bounded 6 nc -z -w 4 "$host" "$port" >/dev/null 2>&1; then r=open; else r='failed Connection refused or unreachable'; fi
    via=nc
  else
    r='untested'
    via='none'
  fi
  echo "@@ connect $(word "$host") $(word "$port") ${r:-failed timeout} via $via"
}

for t in $targets; do
  host=${t%:*}
  port=${t##*:}
  host=${host#[}
  host=${host%]}
  echo "@@ target $(word "$host") $(word "$port")"
  resolve "$host"
  connect "$host" "$port"
done
# A -R port: does something on this machine's loopback answer there (ssh's listener, while the tunnel is open)?
for p in $listen_ports; do
  case $p in *[!0-9]*|'') continue ;; esac
  echo "@@ listen-test $p"
  connect 127.0.0.1 "$p"
done

# The authorized_keys line whose key logged in (by the SHA-256 of the key blob): its options only.
key_line() {
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    blob=''
    for w in $line; do
      case $w in AAAA*) blob=$w ;; esac
    done
    [ -z "$blob" ] && continue
    sum=$(printf '%s' "$blob" | base64 -d 2>/dev/null | sha256sum 2>/dev/null | cut -c1-64)
    if [ "$sum" = "$key_hex" ]; then
      pre=${line%%" $blob"*}
      case $pre in *' '*) opts=${pre% *} ;; *) opts='' ;; esac
      echo "@@ key $(word "$1") line $n"
      printf '@@ key-options %s\n' "$(printf '%s' "$opts" | cut -c1-1000)"
      return 0
    fi
  done
}
key_options() {
  for f in $key_files "$HOME/.ssh/authorized_keys" "$HOME/.ssh/authorized_keys2"; do
    if [ ! -e "$f" ]; then continue; fi
    if [ ! -r "$f" ]; then echo "@@ unreadable $(word "$f")"; continue; fi
    found=$(readable_text "$f" | head -n 500 | key_line "$f")
    if [ -n "$found" ]; then
      printf '%s\n' "$found"
      return 0
    fi
  done
  echo "@@ key-not-found $(word "$key_hex")"
}
if [ -n "$key_hex" ]; then
  if has sha256sum && has base64; then key_options; else echo "@@ key-unchecked (no sha256sum or base64 here)"; fi
fi

# sshd_config and the files it includes, in the order sshd reads them.
config_file() {
  f=$1 depth=$2
  if [ ! -e "$f" ]; then echo "@@ missing $(word "$f")"; return; fi
  if [ ! -r "$f" ]; then echo "@@ unreadable $(word "$f")"; return; fi
  echo "@@ file $(word "$f")"
  readable_text "$f" | head -n 2000 | while IFS= read -r line || [ -n "$line" ]; do
    set -- $line
    case ${1:-#} in '#'*) continue ;; esac
    printf '| %s\n' "$(printf '%s' "$line" | cut -c1-400)"
    kw=$(printf '%s' "${1:-}" | tr 'A-Z' 'a-z')
    if [ "$kw" = include ] && [ "$depth" -lt 4 ]; then
      shift
      for pat in "$@"; do
        case $pat in /*) ;; *) pat="/etc/ssh/$pat" ;; esac
        set +f
        for inc in $pat; do
          if [ "$inc" = "$pat" ] && [ ! -e "$inc" ] && [ "$pat" != "${pat%%[*?[]*}" ]; then continue; fi
          (config_file "$inc" $((depth + 1)))
        done
        set -f
      done
      echo "@@ file $(word "$f") (continued)"
    fi
  done
}
case $server_args in
  *dropbear*) [ -n "$sshd_config" ] && config_file "$sshd_config" 0 ;;
  *) config_file "${sshd_config:-/etc/ssh/sshd_config}" 0 ;;
esac

if [ "$(id -u 2>/dev/null)" = 0 ]; then
  if has sshd && [ -n "$user" ]; then
    echo "@@ sshd-T user=$(word "$user") host=$(word "${chost:-${addr:-127.0.0.1}}") addr=$(word "${addr:-127.0.0.1}")"
    if [ -n "$sshd_config" ]; then
      bounded 10 sshd -T -f "$sshd_config" -C "user=$user,host=${chost:-${addr:-127.0.0.1}},addr=${addr:-127.0.0.1}" 2>&1 | show 400
    else
      bounded 10 sshd -T -C "user=$user,host=${chost:-${addr:-127.0.0.1}},addr=${addr:-127.0.0.1}" 2>&1 | show 400
    fi
  fi
  # The user's sessions in sshd's log: the lines of the processes that logged the user in.
  echo "@@ log $(word "$user")"
  {
    if has journalctl; then bounded 10 journalctl -q --no-pager -o short -n 3000 -u ssh -u sshd -u dropbear 2>/dev/null; fi
    for l in /var/log/auth.log /var/log/secure; do [ -r "$l" ] && tail -n 3000 "$l"; done
  } | awk -v u="$user" -v q="'" '
      { line[NR] = $0 }
      (index($0, "Accepted ") && index($0, " for " u " from ")) || index($0, "auth succeeded for " q u q) {
        if (match($0, /\[[0-9]+\]/)) pid[substr($0, RSTART, RLENGTH)] = 1
      }
      END { for (i = 1; i <= NR; i++) if (match(line[i], /\[[0-9]+\]/) && (substr(line[i], RSTART, RLENGTH) in pid)) print line[i] }
    ' | tail -n "$log_lines" | show "$log_lines"
else
  echo "@@ not-root (run as root for sshd -T and the log)"
fi
echo "@@ end"

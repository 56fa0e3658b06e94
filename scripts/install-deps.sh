#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: Chromium for the end-to-end tests,
# the real servers the conformance suite runs (openssh-server, dropbear-bin; the machine's own sshd
# is never started), Xvfb and xauth (an X display for the -X scenarios), the other SSH clients the
# client recordings run (PuTTY's plink, Paramiko, Go with x/crypto/ssh, AsyncSSH, JSch with a JDK
# to compile against it, libssh and libssh2 headers, Ruby's net-ssh, phpseclib with PHP), the other
# servers the server recordings run (tinysshd under ucspi-tcp, gliderlabs/ssh, AsyncSSH), the compilers and
# libraries that build the version matrix's OpenSSH and Dropbear releases (scripts/build-releases.sh,
# run at the end; builds are cached outside the repository), and the npm dependencies. Safe to run
# twice. Used by the README's test command and by .ci/run.
set -euo pipefail

cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian package -> a file it installs.
declare -A NEEDS=(
  [chromium]=/usr/bin/chromium
  [openssh-server]=/usr/sbin/sshd
  [openssh-client]=/usr/bin/ssh
  [dropbear-bin]=/usr/sbin/dropbear
  [curl]=/usr/bin/curl
  [iproute2]=/usr/sbin/ip
  [util-linux]=/usr/bin/unshare
  [python3-minimal]=/usr/bin/python3
  [xvfb]=/usr/bin/Xvfb
  [xauth]=/usr/bin/xauth
  # Other SSH clients the client recordings re-run (test/conformance/clients/).
  [putty-tools]=/usr/bin/plink
  [python3-paramiko]=/usr/lib/python3/dist-packages/paramiko
  [golang-go]=/usr/bin/go
  [golang-golang-x-crypto-dev]=/usr/share/gocode/src/golang.org/x/crypto/ssh
  # SSH servers other than OpenSSH and Dropbear the server recordings run (test/conformance/servers/).
  [tinysshd]=/usr/sbin/tinysshd
  [ucspi-tcp]=/usr/bin/tcpserver
  [golang-github-gliderlabs-ssh-dev]=/usr/share/gocode/src/github.com/gliderlabs/ssh
  # AsyncSSH: a server (servers/) and a client (clients/).
  [python3-asyncssh]=/usr/lib/python3/dist-packages/asyncssh
  # JSch: the recorder compiles its Java program against the jar with javac (Java 17 on Debian 12).
  [libjsch-java]=/usr/share/java/jsch.jar
  [default-jdk-headless]=/usr/bin/javac
  # libssh and libssh2: small C programs built with cc (build-essential, below) against these.
  [libssh-dev]=/usr/include/libssh/libssh.h
  [libssh2-1-dev]=/usr/include/libssh2.h
  # net-ssh brings ruby; its gem directory is versioned (7.0.1 on Debian 12).
  [ruby-net-ssh]=/usr/share/rubygems-integration/all/gems/net-ssh-7.0.1/lib/net/ssh.rb
  [php-seclib]=/usr/share/php/Net/SSH2.php
  [php-cli]=/usr/bin/php
  # Building the matrix's releases (scripts/build-releases.sh) from Debian's release tarballs
  # (OpenSSH links OpenSSL 3 and zlib), and the libssh/libssh2 client programs (cc).
  [build-essential]=/usr/share/build-essential/list
  [libssl-dev]=/usr/include/openssl/ssl.h
  [zlib1g-dev]=/usr/include/zlib.h
  [bzip2]=/bin/bzip2
)
missing=()
for pkg in "${!NEEDS[@]}"; do
  [ -e "${NEEDS[$pkg]}" ] || missing+=("$pkg")
done

active_before=()
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for unit in ssh.service ssh.socket; do
    if systemctl is-active --quiet "$unit" 2>/dev/null; then active_before+=("$unit"); fi
  done
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  # Keep maintainer scripts from starting services (the machine's own sshd stays off). A
  # policy-rc.d we did not write is left alone; ours is removed again on exit.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# If the install started the machine's own sshd anyway (systemd ignores policy-rc.d in some
# setups), stop the units that were not running before.
if [ "${#missing[@]}" -gt 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for unit in ssh.service ssh.socket; do
    if [[ " ${active_before[*]:-} " != *" $unit "* ]] && systemctl is-active --quiet "$unit" 2>/dev/null; then
      as_root systemctl stop "$unit" || true
    fi
  done
fi

# Debian's tinysshd enables tinysshd.socket (port 22, inetd-style) on install; the tests run
# tinysshd themselves, in a private namespace, so the machine never listens with it.
if [ -e /etc/systemd/system/sockets.target.wants/tinysshd.socket ] && command -v systemctl >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then as_root systemctl stop tinysshd.socket || true; fi
  as_root systemctl disable tinysshd.socket # works without a running systemd too (it removes the link)
fi

# The OpenSSH and Dropbear releases of the conformance version matrix (a second run finds them
# cached). Missing release sources are reported and skipped (with CI=true: a failure).
bash scripts/build-releases.sh

# npm install, not npm ci: npm 11 rejects this lock file in `npm ci` because it records only the
# optional platform packages (esbuild, pagefind, the Astro compiler) for this platform.
npm install --no-audit --no-fund

#!/usr/bin/env bash
# Builds the OpenSSH and Dropbear releases the conformance version matrix re-runs, from the release
# tarballs in the shared sources directory (TD_SOURCES, default: ../shared/sources beside the
# repository), into a cache outside the repository (TD_BUILD_CACHE, default
# /var/cache/tunnel-doctor/builds). Each build lives in <name>-<sha256 prefix>-<flags hash>/ and is
# skipped when it is already there, so a second run takes a second.
#
#   bash scripts/build-releases.sh [--list] [release…]     e.g. openssh-10.3p1 dropbear-2020.81
#
# The tarballs are the upstream release archives Debian's source archive carries (packages
# `openssh` and `dropbear`); the checksums (SHA256SUMS) are checked before anything is unpacked. A
# release whose tarball is missing is skipped with a message; with CI=true that is a failure.
#
# What a build holds: OpenSSH: bin/ssh, sbin/sshd and, for 10.x, libexec/sshd-session and
# libexec/sshd-auth (where that sshd looks for them: its --prefix is the cache directory);
# Dropbear: sbin/dropbear, bin/dbclient, bin/dropbearkey. build.json records the release, the
# tarball's checksum, the flags and how long the build took. The binaries are copied by hand,
# not with `make install` (which would create /run/sshd and run `sshd -t` on this machine).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
sources="${TD_SOURCES:-$root/../shared/sources}"
cache="${TD_BUILD_CACHE:-/var/cache/tunnel-doctor/builds}"
jobs="${TD_BUILD_JOBS:-2}"

# The releases to build: the "rerun" server releases of test/conformance/releases.json (the one
# list; its "recorded" releases are recorded data, checked against the model, never built), each
# from the upstream tarball Debian's source archive carries, as release:tarball.
mapfile -t RELEASES < <(python3 - "$root/test/conformance/releases.json" <<'PY'
import json, sys
matrix = json.load(open(sys.argv[1]))
suffix = {"openssh": "orig.tar.gz", "dropbear": "orig.tar.bz2"}
for software, ext in suffix.items():
    for version, mode in matrix[software].items():
        if mode == "rerun":
            print(f"{software}-{version}:{software}_{version}.{ext}")
PY
)

OPENSSH_FLAGS="--with-privsep-path=/run/sshd --with-privsep-user=sshd --without-pam"
OPENSSH_TARGETS="sshd ssh"
DROPBEAR_FLAGS=""
DROPBEAR_PROGRAMS="dropbear dbclient dropbearkey"

log() { printf 'build-releases: %s\n' "$*" >&2; }

flags_of() {
  case "$1" in
    openssh-*) printf 'openssh %s | %s' "$OPENSSH_FLAGS" "$OPENSSH_TARGETS" ;;
    dropbear-*) printf 'dropbear %s | %s' "$DROPBEAR_FLAGS" "$DROPBEAR_PROGRAMS" ;;
  esac
}

# Prints the cache directory of a release (whether or not it is built yet).
dir_of() {
  local name="$1" tarball="$2" sum fh
  sum="$(awk -v f="$tarball" '$2 == f || $2 == "*" f { print $1 }' "$sources/SHA256SUMS")"
  fh="$(flags_of "$name" | sha256sum | cut -c1-8)"
  printf '%s/%s-%s-%s' "$cache" "$name" "${sum:0:12}" "$fh"
}

verify_sums() {
  (cd "$sources" && sha256sum --quiet -c SHA256SUMS --ignore-missing) || {
    log "checksum mismatch in $sources (SHA256SUMS); nothing built"
    exit 1
  }
}

build_openssh() {
  local src="$1" prefix="$2"
  cd "$src" || return 1
  # shellcheck disable=SC2086
  ./configure --prefix="$prefix" --sysconfdir="$prefix/etc" $OPENSSH_FLAGS >configure.log 2>&1 || return 1
  # 10.0 split sshd into sshd, sshd-session and sshd-auth (Makefile.in targets of those names).
  local targets="$OPENSSH_TARGETS" extra
  for extra in sshd-session sshd-auth; do
    if grep -q "^$extra\\\$(EXEEXT):" Makefile; then targets="$targets $extra"; fi
  done
  # shellcheck disable=SC2086
  make -j"$jobs" $targets >make.log 2>&1 || return 1
  mkdir -p "$prefix/bin" "$prefix/sbin" "$prefix/libexec" "$prefix/etc" || return 1
  cp ssh "$prefix/bin/ssh" && cp sshd "$prefix/sbin/sshd" || return 1
  for extra in sshd-session sshd-auth; do
    if [ -f "$extra" ]; then cp "$extra" "$prefix/libexec/$extra" || return 1; fi
  done
  cp moduli "$prefix/etc/moduli" 2>/dev/null || true
}

build_dropbear() {
  local src="$1" prefix="$2"
  cd "$src" || return 1
  # shellcheck disable=SC2086
  ./configure --prefix="$prefix" $DROPBEAR_FLAGS >configure.log 2>&1 || return 1
  make -j"$jobs" PROGRAMS="$DROPBEAR_PROGRAMS" >make.log 2>&1 || return 1
  mkdir -p "$prefix/bin" "$prefix/sbin" || return 1
  cp dropbear "$prefix/sbin/dropbear" && cp dbclient dropbearkey "$prefix/bin/"
}

build_one() {
  local name="$1" tarball="$2" dir work start secs sum
  dir="$(dir_of "$name" "$tarball")"
  mkdir -p "$cache"
  # Two runs at once (install-deps.sh and a developer's) build each release once.
  exec 9>"$dir.lock"
  flock 9
  if [ -f "$dir/build.json" ]; then
    log "$name: cached ($dir)"
    return 0
  fi
  if [ -f "$dir.FAILED" ]; then
    log "$name: skipped, it failed to build before: $(head -c 300 "$dir.FAILED")"
    return 1
  fi
  log "$name: building into $dir"
  work="$(mktemp -d)"
  start="$(date +%s)"
  tar -xf "$sources/$tarball" -C "$work"
  local src
  src="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)"
  rm -rf "$dir"
  if (case "$name" in
    openssh-*) build_openssh "$src" "$dir" ;;
    dropbear-*) build_dropbear "$src" "$dir" ;;
  esac) 2>"$work/err"; then
    # The binaries were copied into $dir directly (the prefix they were configured with).
    secs=$(($(date +%s) - start))
    sum="$(awk -v f="$tarball" '$2 == f || $2 == "*" f { print $1 }' "$sources/SHA256SUMS")"
    printf '{"release":"%s","tarball":"%s","sha256":"%s","flags":"%s","seconds":%d,"builtAt":"%s"}\n' \
      "$name" "$tarball" "$sum" "$(flags_of "$name")" "$secs" "$(date -u +%FT%TZ)" >"$dir/build.json"
    rm -rf "$work"
    log "$name: built in ${secs}s"
    return 0
  fi
  local why
  local logf="$work/err"
  for f in configure.log make.log; do [ -s "$src/$f" ] && logf="$src/$f"; done
  why="$(tail -n 5 "$logf" | tr '\n' ' ')"
  mkdir -p "$cache"
  printf '%s\n' "$why" >"$dir.FAILED"
  rm -rf "$dir" "$work"
  log "$name: build FAILED after $(($(date +%s) - start))s: $why"
  return 1
}

main() {
  local list=0 wanted=() skipped=() failed=()
  for a in "$@"; do
    case "$a" in --list) list=1 ;; *) wanted+=("$a") ;; esac
  done
  if [ ! -f "$sources/SHA256SUMS" ]; then
    log "no release sources at $sources (set TD_SOURCES); skipped every release: ${RELEASES[*]%%:*}"
    [ "${CI:-}" = true ] && exit 1
    exit 0
  fi
  [ "$list" = 1 ] || verify_sums
  mkdir -p "$cache"
  for entry in "${RELEASES[@]}"; do
    local name="${entry%%:*}" tarball="${entry#*:}"
    if [ "${#wanted[@]}" -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
    if [ "$list" = 1 ]; then
      printf '%s %s\n' "$name" "$(dir_of "$name" "$tarball")"
      continue
    fi
    if [ ! -f "$sources/$tarball" ]; then
      skipped+=("$name (no $tarball)")
      continue
    fi
    build_one "$name" "$tarball" || failed+=("$name")
  done
  [ "${#skipped[@]}" -gt 0 ] && log "skipped (tarball missing): ${skipped[*]}"
  local fatal=0
  [ "${#failed[@]}" -gt 0 ] && fatal=1
  if [ "${#skipped[@]}" -gt 0 ] && [ "${CI:-}" = true ]; then fatal=1; fi
  return "$fatal"
}

main "$@"

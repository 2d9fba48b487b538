#!/usr/bin/env bash
# The packetdrill corpus (test/drill/) against the running Linux kernel, with Google's
# packetdrill: what shows that a script describes Linux and not only synfin.
#
#   test/drill-on-linux.sh PACKETDRILL DIR [NAME=VALUE ...]
#
# PACKETDRILL is a packetdrill binary built from github.com/google/packetdrill
# (gtests/net/packetdrill: ./configure && make; it needs bison and flex). Every script of DIR
# runs in a network namespace of its own, made and deleted here, so that nothing on the
# host's interfaces changes; NAME=VALUE pairs are sysctls set in each namespace first (for
# test/drill/linux-5: net.ipv4.tcp_syn_linear_timeouts=0). Needs root. Exit status 0 when
# every script passes, 1 when one fails, 77 when this machine cannot run them (the reason
# is printed). Not part of `make test`: CI has no packetdrill binary.
set -uo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 PACKETDRILL DIR [NAME=VALUE ...]" >&2
  exit 2
fi
packetdrill=$(realpath "$1")
dir=$2
shift 2
if [ ! -x "$packetdrill" ]; then
  echo "drill-on-linux: $packetdrill is not an executable packetdrill binary" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "drill-on-linux: skipped: packetdrill needs root (a tun device and a namespace)"
  exit 77
fi
shopt -s nullglob
scripts=("$dir"/*.pkt)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "drill-on-linux: no .pkt script in $dir" >&2
  exit 2
fi
namespace=sfdrill-$$
cleanup() { ip netns del "$namespace" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! ip netns add "$namespace" 2>/dev/null; then
  echo "drill-on-linux: skipped: cannot create a network namespace (ip netns add)"
  exit 77
fi
cleanup
echo "drill-on-linux: kernel $(uname -r), $packetdrill, sysctls: ${*:-(defaults)}"
passed=0
skipped=0
for script in "${scripts[@]}"; do
  if grep -q "synfin-drill only" "$script"; then
    # nplab's notation that Google's packetdrill does not parse ("..." for a sequence number)
    echo "skip $script (its comment says: synfin-drill only)"
    skipped=$((skipped + 1))
    continue
  fi
  ip netns add "$namespace"
  ip netns exec "$namespace" ip link set lo up
  for setting in "$@"; do
    ip netns exec "$namespace" sysctl -q -w "$setting" >/dev/null
  done
  # packetdrill resolves a script's relative shell commands from the script's folder.
  output=$(cd "$(dirname "$script")" &&
    timeout 300 ip netns exec "$namespace" "$packetdrill" "$(basename "$script")" 2>&1)
  status=$?
  cleanup
  if [ $status -eq 0 ]; then
    echo "ok   $script"
    passed=$((passed + 1))
  else
    echo "FAIL $script (exit $status)"
    printf '%s\n' "$output" | sed 's/^/     /'
  fi
done
echo "$passed of $((${#scripts[@]} - skipped)) scripts passed on Linux $(uname -r) ($skipped skipped)"
[ "$passed" -eq $((${#scripts[@]} - skipped)) ]

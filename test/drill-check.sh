#!/usr/bin/env bash
# The packetdrill corpus (test/drill/) through synfin-drill.
#
#   test/drill-check.sh SYNFIN_DRILL test/drill/PROFILE
#       every script of the folder passes under the profile named by the folder
#   test/drill-check.sh SYNFIN_DRILL test/drill/must-fail
#       every script fails (exit 1), and the first line synfin-drill prints contains the
#       text after "// expect: " on the script's first line: a mismatch is reported at the
#       right line with the right reason, and what cannot run is refused by name
set -uo pipefail
drill=$1
dir=$2
name=$(basename "$dir")
shopt -s nullglob
scripts=("$dir"/*.pkt)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "drill-check: no .pkt script in $dir" >&2
  exit 1
fi
if [ "$name" != must-fail ]; then
  exec "$drill" --profile "$name" "${scripts[@]}"
fi
failures=0
for script in "${scripts[@]}"; do
  expect=$(head -n 1 "$script" | sed -n 's|^// expect: ||p')
  if [ -z "$expect" ]; then
    echo "FAIL $script: its first line must be // expect: TEXT" >&2
    failures=$((failures + 1))
    continue
  fi
  output=$("$drill" --profile linux "$script" 2>&1)
  status=$?
  first=$(printf '%s\n' "$output" | head -n 1)
  if [ $status -ne 1 ]; then
    echo "FAIL $script: exit status $status, expected 1; output: $output" >&2
    failures=$((failures + 1))
  elif [[ "$first" != *"$expect"* ]]; then
    echo "FAIL $script: first line '$first' does not contain '$expect'" >&2
    failures=$((failures + 1))
  else
    echo "ok   $script: $first"
  fi
done
echo "$((${#scripts[@]} - failures)) of ${#scripts[@]} must-fail scripts failed as expected"
[ $failures -eq 0 ]

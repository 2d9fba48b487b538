#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs every test of the given GoogleTest programs in a process of its own, JOBS at a time,
# as CTest runs them in the CMake builds (where there is no CTest: waf-era ns-3 trees).
# Prints each failing test's output; the exit status is non-zero if any test failed.
#
#   utils/run-gtest-each.sh JOBS PROGRAM...
#
# Tests run in a scratch directory, which is removed afterwards.

set -eu

[ $# -ge 2 ] || {
    echo "usage: $0 JOBS PROGRAM..." >&2
    exit 2
}
jobs=$1
shift
case $jobs in
'' | *[!0-9]* | 0)
    echo "run-gtest-each: JOBS '$jobs' is not a positive whole number" >&2
    exit 2
    ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "Suite." lines start a suite, indented lines name its tests (a "  # ..." tail gives a
# parameter); a test is Suite.Name.
: >"$work/tests"
for program in "$@"; do
    case $program in
    /*) ;;
    *) program=$(pwd)/$program ;;
    esac
    if ! "$program" --gtest_list_tests >"$work/list" 2>&1; then
        echo "run-gtest-each: $program cannot list its tests:" >&2
        cat "$work/list" >&2
        exit 1
    fi
    awk -v p="$program" '
        /^[^ ]/ { suite = $1; next }
        /^  [^ ]/ { print p "\t" suite $1 }' "$work/list" >>"$work/tests"
done

total=$(wc -l <"$work/tests")
[ "$total" -gt 0 ] || {
    echo "run-gtest-each: the programs list no tests: $*" >&2
    exit 1
}

mkdir "$work/run" "$work/logs"
# xargs runs one shell a test; its exit status is the test's.
tr '\t' '\n' <"$work/tests" | xargs -d '\n' -n 2 -P "$jobs" sh -c '
    log='"$work"'/logs/$(echo "$1" | tr "/" "_").log
    cd '"$work"'/run
    if "$0" --gtest_filter="$1" >"$log" 2>&1; then
        echo "$1" >>'"$work"'/passed
    else
        echo "$1" >>'"$work"'/failed
    fi
' || true

failed=0
if [ -f "$work/failed" ]; then
    while read -r name; do
        echo "---- FAILED: $name"
        cat "$work/logs/$(echo "$name" | tr / _).log"
    done <"$work/failed"
    failed=$(wc -l <"$work/failed")
fi
passed=0
[ -f "$work/passed" ] && passed=$(wc -l <"$work/passed")
echo "run-gtest-each: $passed of $total tests passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq "$total" ]

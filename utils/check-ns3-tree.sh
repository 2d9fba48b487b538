#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds and tests synfin inside an ns-3 source tree, the way ns-3 users hold third-party
# modules: copies this module to NS3_TREE/contrib/synfin, configures only the modules synfin
# needs (warnings as errors, examples and tests on), builds synfin's library, examples,
# utils, figures and tests, runs the tests and one example there, and prints the times.
#
#   utils/check-ns3-tree.sh NS3_TREE
#
# CMake trees (ns-3.36 and later) go through ./ns3 configure; waf trees (ns-3.35 and older)
# through ./waf configure. Nothing is downloaded: bring the tree yourself (`make
# check-ns3-tree` says how). JOBS (default 2) sets the parallelism. The tree's own
# configuration is replaced by this one; its build directory is reused, so a second run
# rebuilds only what changed.

set -eu

jobs=${JOBS:-2}

die() {
    echo "check-ns3-tree: $*" >&2
    exit 2
}

[ $# -eq 1 ] || die "usage: $0 NS3_TREE"
tree=$1
[ -d "$tree" ] || die "NS3_TREE '$tree' is not a directory; give the top of an ns-3 source tree"
tree=$(cd "$tree" && pwd)
if [ -f "$tree/ns3" ] && [ -f "$tree/CMakeLists.txt" ]; then
    kind=cmake
elif [ -f "$tree/waf" ] && [ -f "$tree/wscript" ]; then
    kind=waf
else
    die "NS3_TREE '$tree' is not an ns-3 source tree: it has neither ./ns3 with CMakeLists.txt (ns-3.36 and later) nor ./waf with wscript (ns-3.35 and older)"
fi
case $jobs in
'' | *[!0-9]* | 0) die "JOBS '$jobs' is not a positive whole number" ;;
esac

here=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$tree/VERSION" 2>/dev/null || echo unknown)
start=$(date +%s)
elapsed() {
    echo $(($(date +%s) - start))
}

# The module as it stands in this checkout (uncommitted edits included), nothing else: a
# copy made whole beside the old one, then swapped in.
dest=$tree/contrib/synfin
rm -rf "$dest.new"
mkdir -p "$dest.new"
(cd "$here" && tar -cf - CMakeLists.txt wscript build-files.txt README.md model helper examples \
    utils plots test doc) | (cd "$dest.new" && tar -xf -)
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "check-ns3-tree: synfin copied to $dest (ns-3 $version, $kind)"

cd "$tree"
if [ $kind = cmake ]; then
    ./ns3 configure -d default --enable-werror --enable-examples --enable-tests \
        --enable-modules=synfin
    configured=$(elapsed)
    # synfin-all: synfin's own targets and the ns-3 libraries they link, not the whole tree.
    cmake --build cmake-cache --target synfin-all -j "$jobs"
    built=$(elapsed)
    ctest --test-dir cmake-cache/contrib/synfin -j "$jobs" --output-on-failure
    tested=$(elapsed)
    ./ns3 run --no-build three-way-handshake
else
    # ns-3.35's own code has warnings under recent compilers, so the tree is built without
    # -Werror and synfin's code alone with -Wall -Wpedantic -Werror.
    ./waf configure -d debug --disable-werror --enable-synfin-werror --enable-examples \
        --enable-tests --enable-modules=synfin
    configured=$(elapsed)
    ./waf build -j "$jobs"
    built=$(elapsed)
    # waf names programs ns3.<version>-<name>-<profile> (figures: plain <name>).
    out=$tree/build/contrib/synfin
    program() {
        find "$out" -maxdepth 1 -type f -name "*$1*" -perm -u+x | head -n 1
    }
    tests=$(program synfin-tests)
    plot_tests=$(program synfin-plot-tests)
    drill_tests=$(program synfin-drill-tests)
    drop_in=$(program synfin-drop-in-program)
    [ -n "$tests" ] || die "synfin-tests was not built in $out (is libgtest-dev installed?)"
    [ -n "$drop_in" ] || die "synfin-drop-in-program was not built in $out"
    # One process a test, as CTest runs them in the CMake builds.
    # waf runs programs with the tree's libraries on the path (./waf --run); so does this.
    LD_LIBRARY_PATH=$tree/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
    SYNFIN_SOURCE_DIR=$dest "$here/utils/run-gtest-each.sh" "$jobs" "$tests" ${plot_tests:+"$plot_tests"} \
        ${drill_tests:+"$drill_tests"}
    "$drop_in"
    tested=$(elapsed)
    ./waf --run three-way-handshake
fi
echo "check-ns3-tree: ns-3 $version ($kind) passed: configure ${configured} s, build" \
    "$((built - configured)) s, tests $((tested - built)) s"

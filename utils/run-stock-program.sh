#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build an unmodified ns-3 program (one .cc, e.g. ns-3.37's
# src/applications/examples/three-gpp-http-example.cc) against the installed ns-3 and
# synfin's build, with synfin's TCP in place of ns-3's (utils/synfin-drop-in-stack.h), and
# run it. Nothing is downloaded: bring the program's source yourself.
#
#   utils/run-stock-program.sh PROGRAM.cc [BUILD_DIR] [-- PROGRAM ARGS...]
#
# BUILD_DIR is synfin's CMake build directory (default: build). The program is compiled
# into BUILD_DIR/stock-programs/ and run from there; its exit status is this script's.

set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 PROGRAM.cc [BUILD_DIR] [-- ARGS...]" >&2
    exit 2
fi
source_file=$1
shift
build=build
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build=$1
    shift
fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then
    shift
fi

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$build" && pwd)
[ -f "$build/lib/libns3-synfin.so" ] || {
    echo "$0: $build/lib/libns3-synfin.so not found: build synfin first" >&2
    exit 2
}
out="$build/stock-programs"
mkdir -p "$out"
name=$(basename "$source_file" .cc)

# Every installed ns-3 library: the program may use any module, and only the linker knows
# which; --as-needed drops the unused ones.
ns3_libs=$(for f in /usr/lib/*/libns3-*.so /usr/lib/libns3-*.so; do
    [ -e "$f" ] && basename "$f" .so | sed 's/^lib/-l/'
done | grep -v -- '-lns3-synfin$' | sort -u)

${CXX:-g++} -std=c++17 -O1 -g0 -w -DNS3_LOG_ENABLE -DNS3_ASSERT_ENABLE \
    -include "$here/synfin-drop-in-stack.h" \
    -I "$build/include" \
    "$source_file" -o "$out/$name" \
    -L "$build/lib" -Wl,-rpath,"$build/lib" -Wl,--no-as-needed -lns3-synfin -Wl,--as-needed \
    $ns3_libs

cd "$out"
exec "./$name" "$@"

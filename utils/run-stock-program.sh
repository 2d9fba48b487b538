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
# BUILD_DIR is synfin's CMake build directory (default: build), or the build/ directory of an
# ns-3 source tree synfin was built in (contrib/synfin). The program is compiled into
# BUILD_DIR/stock-programs/ and run from there; its exit status is this script's.

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
out="$build/stock-programs"
name=$(basename "$source_file" .cc)

# Standalone: build/lib/libns3-synfin.so against the installed ns-3. In an ns-3 source tree
# (BUILD_DIR is the tree's build/): lib/libns3.<version>-synfin-<profile>.so beside ns-3's own.
if [ -f "$build/lib/libns3-synfin.so" ]; then
    synfin_lib=-lns3-synfin
    lib_glob="/usr/lib/*/libns3*.so /usr/lib/libns3*.so"
else
    tree_lib=$(ls "$build"/lib/libns3*-synfin*.so 2>/dev/null | head -n 1)
    [ -n "$tree_lib" ] || {
        echo "$0: neither $build/lib/libns3-synfin.so nor $build/lib/libns3.*-synfin-*.so found: build synfin first" >&2
        exit 2
    }
    synfin_lib=-l$(basename "$tree_lib" .so | sed 's/^lib//')
    lib_glob="$build/lib/libns3*.so"
fi
mkdir -p "$out"

# Every ns-3 library: the program may use any module, and only the linker knows which;
# --as-needed drops the unused ones.
ns3_libs=$(for f in $lib_glob; do
    [ -e "$f" ] && basename "$f" .so | sed 's/^lib/-l/'
done | grep -v -- "^$synfin_lib\$" | sort -u)

# The oldest C++ standard the ns-3 at hand compiles in (C++17 up to 3.40, 23 from 3.46).
for std in 17 20 23; do
    if ${CXX:-g++} -std=c++$std -O1 -g0 -w -DNS3_LOG_ENABLE -DNS3_ASSERT_ENABLE \
        -include "$here/synfin-drop-in-stack.h" \
        -I "$build/include" \
        "$source_file" -o "$out/$name" \
        -L "$build/lib" -Wl,-rpath,"$build/lib" -Wl,--no-as-needed $synfin_lib -Wl,--as-needed \
        $ns3_libs 2>"$out/$name.log"; then
        break
    fi
    [ $std = 23 ] && {
        cat "$out/$name.log" >&2
        exit 1
    }
done

cd "$out"
exec "./$name" "$@"

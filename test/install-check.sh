#!/bin/sh
# A researcher's program against an installed synfin, built both documented ways: CMake's
# find_package(synfin) and pkg-config. The prefix is moved after installing, to check that
# both are relocatable. Usage: install-check.sh CMAKE BUILD_DIR PROGRAM.cc
set -eu
cmake=$1
build=$2
program=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build" --prefix "$work/installed" >/dev/null
mv "$work/installed" "$work/prefix"

mkdir "$work/app"
cp "$program" "$work/app/main.cc"
cat > "$work/app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(own-program CXX)
find_package(synfin REQUIRED)
add_executable(own-program main.cc)
target_link_libraries(own-program PRIVATE synfin::synfin)
CMAKE
"$cmake" -S "$work/app" -B "$work/app/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_CXX_STANDARD=17 >/dev/null
"$cmake" --build "$work/app/build" >/dev/null
"$work/app/build/own-program" --output="$work/run-cmake" >/dev/null
test -s "$work/run-cmake/connections.csv"

pc=$(find "$work/prefix" -name synfin.pc)
export PKG_CONFIG_PATH="$(dirname "$pc")"
# shellcheck disable=SC2046 # pkg-config's output is meant to be split
c++ -std=c++17 "$work/app/main.cc" -o "$work/own-program-pc" $(pkg-config --cflags --libs synfin)
"$work/own-program-pc" --output="$work/run-pc" >/dev/null
test -s "$work/run-pc/connections.csv"
cmp "$work/run-cmake/connections.csv" "$work/run-pc/connections.csv"
echo "install-check: find_package(synfin) and pkg-config both build and run $program"

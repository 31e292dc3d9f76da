#!/usr/bin/env bash
# Builds one native module (a folder with a CMakeLists.txt) for every target
# platform: Linux x86-64 with the host gcc, Windows x64 and x86 with mingw-w64.
# Each platform installs into OUT/<platform>/. The build runs on Linux only: the
# Windows binaries that ship are the mingw-w64 ones, tested under Wine.
# Usage: build-native.sh MODULE_DIR OUT_DIR
set -euo pipefail
module=$(cd "$1" && pwd)
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
build_root="$module/target/cmake"
jobs=$(nproc 2>/dev/null || echo 2)

build() {
  local platform=$1; shift
  local dir="$build_root/$platform"
  cmake -S "$module" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_INSTALL_PREFIX="$out/$platform" "$@" >"$dir.configure.log" 2>&1 \
    || { mkdir -p "$dir"; cat "$dir.configure.log" >&2; echo "cmake configure failed for $platform" >&2; exit 1; }
  cmake --build "$dir" --parallel "$jobs"
  cmake --install "$dir" >/dev/null
}

mkdir -p "$build_root"
case "$(uname -s)" in
  Linux)
    build linux-x86_64
    build windows-x86_64 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-x86_64.cmake"
    build windows-x86 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-i686.cmake"
    ;;
  *) echo "build-native.sh: HandleSpy is built on Linux (the Windows parts with mingw-w64); on Windows, use the Windows zip the build makes (README, On Windows)" >&2; exit 1 ;;
esac

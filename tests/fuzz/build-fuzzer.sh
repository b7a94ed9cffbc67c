#!/bin/sh
# build-fuzzer.sh BUILD_DIR: links build-fuzz/fuzz-safetensors-cov, the
# libFuzzer program with coverage in the safetensors reader. BUILD_DIR is a
# clang build with -Db_sanitize=address (see meson.build here); the
# library's objects are linked in directly (the reader uses private
# functions that the shared library hides), the reader's own two files are
# recompiled with -fsanitize=fuzzer,address.
set -eu
build=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
objdir="$build/gtensor/libgtensor-1.0.so.0.1.0.p"
flags="-g -O1 -fsanitize=fuzzer,address -DGT_COMPILATION -I$build/gtensor -I$build -I$src/gtensor -I$src -I$src/gtensor/ops -I$src/gtensor/ops/cpu $(pkg-config --cflags glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0)"
objs=$(ls "$objdir"/*.o | grep -v -e '/gt-serialize\.c\.o$' -e '/gt-serialize-format\.c\.o$')
# shellcheck disable=SC2086
clang $flags -o "$build/fuzz-safetensors-cov" \
  "$src/tests/fuzz/fuzz-safetensors.c" "$src/gtensor/gt-serialize.c" \
  "$src/gtensor/gt-serialize-format.c" $objs \
  -fsanitize=fuzzer,address -fopenmp \
  $(pkg-config --libs glib-2.0 gobject-2.0 gmodule-2.0 gio-2.0 json-glib-1.0 openblas sleef) -lm
echo "$build/fuzz-safetensors-cov"

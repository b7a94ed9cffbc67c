#!/bin/sh
# Installs the dependencies, builds gtensor and runs the main example.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh

builddir=${BUILDDIR:-build}
[ -d "$builddir" ] || meson setup "$builddir"
meson compile -C "$builddir"
"$builddir/examples/c/gt-tour" "$@"

#!/bin/sh
# Installs the dependencies (the Fashion-MNIST data among them), builds
# gtensor and runs the main job: the C Fashion-MNIST trainer (3 epochs by
# default; arguments are passed on, e.g. --epochs 1 --threads 2).
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh

builddir=${BUILDDIR:-build}
[ -d "$builddir" ] || meson setup "$builddir"
meson compile -C "$builddir"
exec "$builddir/examples/c/fashion-mnist" --output fashion-mnist.safetensors "$@"

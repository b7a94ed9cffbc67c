#!/bin/sh
# Installs the dependencies, builds gtensor with the strict settings CI uses
# (introspection and vapigen warnings fatal), and runs every test suite:
# C (also under valgrind memcheck), Python, GJS and Vala.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh

builddir=${BUILDDIR:-build-ci}
# CI builds without the CUDA module (nvcc may be on PATH, as on the
# development machine): tools/gpu-check.sh covers CUDA on a GPU machine.
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" -Dstrict=true -Dwerror=true -Ddocs=true -Dcuda=disabled
else
  meson setup "$builddir" -Dstrict=true -Dwerror=true -Ddocs=true -Dcuda=disabled
fi
meson compile -C "$builddir"

meson test -C "$builddir" --print-errorlogs
meson test -C "$builddir" --print-errorlogs --suite c --setup valgrind
# A second build with ASan+UBSan (build-san) running the C suite with leak
# checks and the Python suite; any sanitizer report fails CI (~9 minutes).
sh tools/run-sanitizers.sh

#!/bin/sh
# Installs everything gtensor needs to build, test and run its examples on a
# fresh Debian 12 machine. Run as root (or with sudo). Safe to run again.
# clang-14 with libFuzzer (libclang-rt-14-dev), its OpenMP runtime and
# llvm-symbolizer (llvm-14) are for tools/run-fuzz.sh.
set -eu

packages="
  meson ninja-build pkg-config gcc libc6-dev git
  libglib2.0-dev libjson-glib-dev
  gobject-introspection libgirepository1.0-dev gir1.2-glib-2.0
  libopenblas-dev libsleef-dev
  valac gjs gi-docgen
  python3 python3-gi python3-numpy python3-pytest python3-torch
  valgrind
  clang-14 libclang-rt-14-dev libomp-14-dev llvm-14
  dataset-fashion-mnist
  gir1.2-gtk-4.0 xvfb xauth
"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install:$missing" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
fi

#!/bin/sh
# ThreadSanitizer run of the concurrency test (tests/c/test-threads.c):
# several threads share one module for inference while another trains its
# own, grad mode per thread, the guarded generator. Not part of CI (a TSan
# build of the library takes as long as the rest of CI); run it by hand
# after touching the autograd engine, grad mode, the generator, the CPU
# allocator's cache or the module classes:
#
#   sh tools/run-tsan.sh                 # build-tsan
#   TSAN_BUILDDIR=build-x sh tools/run-tsan.sh
#
# OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1: libgomp and OpenBLAS are not
# built with TSan, so their thread pools' own synchronisation is invisible
# to it and every parallel region would be reported as a race (false
# positives). With one thread each they run the kernels on the calling
# thread, which is what this test is about: the library's shared state
# under several calling threads.
#
# GLib's GMutex, GCond and g_once_init_leave are built on futexes and
# GLib's own atomics, which TSan does not see either: every access they
# protect would be reported. tests/sanitizers/tsan-glib-shim.c reimplements
# them on pthreads for this run (LD_PRELOAD). tests/sanitizers/tsan.supp
# lists what remains outside gtensor.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)

builddir=${TSAN_BUILDDIR:-build-tsan}
opts="-Db_sanitize=thread -Db_lundef=false -Dintrospection=disabled \
  -Dvapi=disabled -Ddocs=false -Dcuda=disabled -Dbuildtype=debugoptimized"
if [ -d "$builddir" ]; then
  # shellcheck disable=SC2086
  meson setup --reconfigure "$builddir" $opts
else
  # shellcheck disable=SC2086
  meson setup "$builddir" $opts
fi
ninja -C "$builddir" tests/c/test-threads

shim="$builddir/tsan-glib-shim.so"
# shellcheck disable=SC2046
gcc -shared -fPIC -O1 -g -fsanitize=thread -o "$shim" \
  tests/sanitizers/tsan-glib-shim.c $(pkg-config --cflags --libs glib-2.0)

export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:suppressions=$src/tests/sanitizers/tsan.supp"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 G_SLICE=always-malloc
LD_PRELOAD="$shim" "$builddir/tests/c/test-threads" --tap
echo "run-tsan: test-threads clean under ThreadSanitizer"

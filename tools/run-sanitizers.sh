#!/bin/sh
# The sanitizer job: builds gtensor a second time with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc) in its own build directory and runs
#   - the C suite (and the fuzz replay over the seed corpus) with leak
#     detection on, and
#   - the Python suite (all but test_memory.py), with the sanitizer runtime
#     preloaded into /usr/bin/python3 (leak detection off: CPython keeps its
#     interned objects and arenas until exit by design).
# Any ASan or UBSan report fails the run (halt_on_error, abort).
# Then tools/run-fuzz.sh: a clang build with libFuzzer (build-fuzz) fuzzes
# each target of tests/fuzz for FUZZ_TIME seconds (default 60); a crash
# fails the run. FUZZ_TIME=0 leaves it out.
#
#   sh tools/run-sanitizers.sh            # build-san, all of the above
#   SAN_BUILDDIR=build-x sh tools/run-sanitizers.sh
#
# tools/run-tests.sh (CI) calls it last. On 2 cores: the build about
# 5 minutes, the C suite 1-2 minutes, the Python suite about 2 minutes;
# the libFuzzer build about 5 minutes and its runs 4 minutes.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)

builddir=${SAN_BUILDDIR:-build-san}
# b_lundef=false: with -fsanitize the shared library leaves the sanitizer
# runtime's symbols to the executable. The VAPI, docs and CUDA module add
# nothing for the sanitizers (and nvcc does not take -fsanitize).
opts="-Db_sanitize=address,undefined -Db_lundef=false -Dstrict=true \
  -Dvapi=disabled -Ddocs=false -Dcuda=disabled -Dbuildtype=debugoptimized"
if [ -d "$builddir" ]; then
  # shellcheck disable=SC2086
  meson setup --reconfigure "$builddir" $opts
else
  # shellcheck disable=SC2086
  meson setup "$builddir" $opts
fi

supp="$src/tests/sanitizers"
# g-ir-scanner runs a dumper linked with the sanitized library while the
# build runs: no leak checking there (it exits without freeing the GIR).
ASAN_OPTIONS=detect_leaks=0 meson compile -C "$builddir"

# allocator_may_return_null: the tests ask for 2^50 bytes on purpose and
# expect GT_ERROR_OUT_OF_MEMORY, not an ASan abort.
common="halt_on_error=1:abort_on_error=1:print_stacktrace=1:allocator_may_return_null=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly

# C: every test of the 'c' suite and the fuzz replay, leaks checked.
# fast_unwind_on_malloc=0: GLib has no frame pointers, and the leak
# suppressions match frames beyond it.
export ASAN_OPTIONS="$common:detect_leaks=1:fast_unwind_on_malloc=0"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
meson test -C "$builddir" --no-rebuild --print-errorlogs --suite c --suite fuzz \
  --timeout-multiplier 4

# Python: the interpreter is not sanitized, so the runtime is preloaded
# (it must come first in the link order; verify_asan_link_order=0 because
# python3 itself does not link it). libstdc++ is preloaded too: torch throws
# C++ exceptions, and ASan's __cxa_throw interceptor finds the real one only
# if libstdc++ is loaded when ASan starts. The whole suite runs, except
# test_memory.py (resident memory means nothing under ASan's quarantine).
# --capture=sys leaves file descriptor 2 alone, so a report reaches the log.
libasan=$(gcc -print-file-name=libasan.so)
libstdcxx=$(gcc -print-file-name=libstdc++.so)
env ASAN_OPTIONS="$common:detect_leaks=0:verify_asan_link_order=0" \
  LD_PRELOAD="$libasan $libstdcxx" \
  GI_TYPELIB_PATH="$builddir/gtensor" LD_LIBRARY_PATH="$builddir/gtensor" \
  PYTHONPATH="$src/bindings/python" PYTHONDONTWRITEBYTECODE=1 \
  OMP_NUM_THREADS=2 \
  /usr/bin/python3 -m pytest -q --capture=sys -p no:cacheprovider \
  -p no:faulthandler tests/python --deselect tests/python/test_memory.py
echo "run-sanitizers: C and Python suites clean under ASan+UBSan"

# libFuzzer, a minute per target (tests/fuzz/README.md).
fuzz_time=${FUZZ_TIME:-60}
if [ "$fuzz_time" -gt 0 ]; then
  sh tools/run-fuzz.sh --time "$fuzz_time"
fi

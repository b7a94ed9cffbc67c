#!/bin/sh
# The libFuzzer job: builds gtensor with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation (the
# whole library, so that the fuzzer is guided by the branches it reaches
# in gtensor, not only in the targets) in its own build directory, then
# runs the fuzz targets of tests/fuzz one after the other, each from its
# checked-in seed corpus. Any crash, assertion, sanitizer report, leak,
# input slower than 60 s or allocation beyond 2 GiB fails the run; the
# input that caused it is kept as $builddir/fuzz-artifacts/<target>-crash-*
# (rerun it with: $builddir/tests/fuzz/fuzz-<target> that-file).
#
#   sh tools/run-fuzz.sh                       # every target, 60 s each (CI)
#   sh tools/run-fuzz.sh --time 600 views      # one target, 10 minutes
#   sh tools/run-fuzz.sh --runs 10000000 device    # a number of executions
#   sh tools/run-fuzz.sh --runs 10000000 --time 3600 views   # whichever first
#   sh tools/run-fuzz.sh --build-only
#   sh tools/run-fuzz.sh --no-build ...          # run what is built
#   FUZZ_BUILDDIR=build-x sh tools/run-fuzz.sh
#
# Targets: safetensors, from-bytes, views, device (tests/fuzz/README.md).
# What the fuzzer finds beyond the seeds is kept in
# $builddir/fuzz-corpus/<target>/ (reused by the next run, never checked
# in); the final statistics of each run (executions, exec/s, cov, ft) are
# printed and kept in $builddir/fuzz-logs/<target>.log.
#
# Needs clang with libFuzzer (Debian 12: clang-14, libclang-rt-14-dev,
# libomp-14-dev; tools/install-deps.sh installs them). On 2 cores the build
# takes about 5 minutes, the CI run 4 x 60 s.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)

time_s=""
runs=""
build_only=false
build=true
targets=""
while [ $# -gt 0 ]; do
  case $1 in
    --time) time_s=$2; shift 2 ;;
    --time=*) time_s=${1#--time=}; shift ;;
    --runs) runs=$2; shift 2 ;;
    --runs=*) runs=${1#--runs=}; shift ;;
    --build-only) build_only=true; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    safetensors|from-bytes|views|device) targets="$targets $1"; shift ;;
    *) echo "run-fuzz: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$targets" ] || targets="safetensors from-bytes views device"

cc=""
for c in clang-14 clang; do
  if command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
done
if [ -z "$cc" ]; then
  echo "run-fuzz: clang not found (sh tools/install-deps.sh installs it)" >&2
  exit 1
fi

builddir=${FUZZ_BUILDDIR:-build-fuzz}
# The whole library gets libFuzzer's coverage hooks (fuzzer-no-link); the
# targets link libFuzzer itself (tests/fuzz/meson.build). The ifunc
# resolvers stay uninstrumented (tests/fuzz/coverage-ignore.txt).
# -Wno-pass-failed: clang reports every 'omp simd' loop it leaves scalar.
cargs="['-fsanitize=fuzzer-no-link', '-fsanitize-coverage-ignorelist=$src/tests/fuzz/coverage-ignore.txt', '-Wno-pass-failed']"
opts="-Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=disabled \
  -Dvapi=disabled -Ddocs=false -Dcuda=disabled -Dbuildtype=debugoptimized"
if ! $build; then
  :
elif [ -d "$builddir/meson-private" ]; then
  # (meson 1.0's setup --reconfigure keeps the old c_args)
  # shellcheck disable=SC2086
  meson configure "$builddir" $opts -Dc_args="$cargs"
else
  # shellcheck disable=SC2086
  CC=$cc meson setup "$builddir" $opts -Dc_args="$cargs"
fi
exes=""
for t in $targets; do
  exes="$exes tests/fuzz/fuzz-$t"
done
if $build; then
  # shellcheck disable=SC2086
  ninja -C "$builddir" $exes
fi
$build_only && exit 0

# As in tools/run-sanitizers.sh: allocator_may_return_null for the
# requests too large on purpose (GT_ERROR_OUT_OF_MEMORY expected). The
# safetensors target also gets fast_unwind_on_malloc=0, so that leak stacks
# go through GLib (no frame pointers) and the json-glib suppression in
# lsan.supp matches; it makes every allocation ~10x slower, so the other
# targets (no JSON) keep the fast unwinder.
supp="$src/tests/sanitizers"
asan="allocator_may_return_null=1:detect_leaks=1:check_initialization_order=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
export G_SLICE=always-malloc G_DEBUG=gc-friendly OMP_NUM_THREADS=1
for s in llvm-symbolizer-14 llvm-symbolizer; do
  if command -v "$s" >/dev/null 2>&1; then
    ASAN_SYMBOLIZER_PATH=$(command -v "$s"); export ASAN_SYMBOLIZER_PATH
    break
  fi
done

mkdir -p "$builddir/fuzz-artifacts" "$builddir/fuzz-logs"
status=0
for t in $targets; do
  case $t in
    safetensors) seeds=tests/fuzz/corpus; max_len=4096
                 extra="-dict=$src/tests/fuzz/safetensors.dict" ;;
    from-bytes) seeds=tests/fuzz/corpus-from-bytes; max_len=4096; extra="" ;;
    views) seeds=tests/fuzz/corpus-views; max_len=512; extra="" ;;
    device) seeds=tests/fuzz/corpus-device; max_len=64; extra="" ;;
  esac
  if [ "$t" = safetensors ]; then
    ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
  else
    ASAN_OPTIONS=$asan
  fi
  export ASAN_OPTIONS
  work="$builddir/fuzz-corpus/$t"
  mkdir -p "$work"
  # --runs and --time together: whichever comes first
  limit=""
  [ -z "$runs" ] || limit="-runs=$runs"
  [ -z "$time_s" ] || limit="$limit -max_total_time=$time_s"
  [ -n "$limit" ] || limit="-max_total_time=60"
  log="$builddir/fuzz-logs/$t.log"
  echo "run-fuzz: fuzz-$t ($limit, max_len $max_len)"
  start=$(date +%s)
  # -jobs/-workers unset: one process, so a run's figures are its own.
  # shellcheck disable=SC2086
  if "$builddir/tests/fuzz/fuzz-$t" $limit -max_len=$max_len -timeout=60 \
      -rss_limit_mb=2048 -print_final_stats=1 -print_pcs=0 $extra \
      -artifact_prefix="$builddir/fuzz-artifacts/$t-" \
      "$work" "$src/$seeds" >"$log" 2>&1; then
    end=$(date +%s)
    echo "run-fuzz: fuzz-$t clean, $((end - start)) s:"
    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" | sed 's/^/  /'
  else
    status=1
    echo "run-fuzz: fuzz-$t FAILED (log $log):" >&2
    # the report: from the first sanitizer/libFuzzer error line on
    sed -n '/ERROR\|runtime error\|==[0-9]*==\|Assertion\|assertion\|Bail out/,$p' "$log" | head -80 >&2
  fi
done
if [ $status -ne 0 ]; then
  echo "run-fuzz: a fuzz target failed; the inputs are in $builddir/fuzz-artifacts/" >&2
  exit 1
fi
echo "run-fuzz: every target clean"

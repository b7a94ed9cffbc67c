#!/bin/sh
# The CUDA backend's one-shot check on the GPU machine (see docs/cuda.md and
# /work/shared/gpu/README.md: build here, run there).
#
#   sh tools/gpu-check.sh build   # HERE: builds build-gpu (-Dcuda=enabled,
#                                 # sm_90 only) and packs what the GPU machine
#                                 # needs into build-gpu-bundle/ (< 64 MiB)
#   sh tools/gpu-check.sh run     # THERE (run tool, carry build-gpu-bundle):
#                                 # the cuda suites, the benchmark, and
#                                 # PyTorch's figures for the same rows when
#                                 # python3 has torch
#
# The run mode never stops at a failure: it prints everything it can in one
# go, since GPU time is short. Exit status: that of test-cuda.
set -u
cd "$(dirname "$0")/.."
mode=${1:-run}
bundle=build-gpu-bundle

case $mode in
build)
  set -e
  opts="-Dcuda=enabled -Dnvcc_arch=sm_90 -Dintrospection=disabled -Dvapi=disabled -Ddocs=false -Dwerror=true"
  if [ -d build-gpu ]; then
    meson setup --reconfigure build-gpu $opts
  else
    meson setup build-gpu $opts
  fi
  ninja -C build-gpu gtensor/cuda/libgtensor-cuda-1.0.so tests/cuda/test-cuda \
    tests/cuda/test-cuda-api tests/cuda/bench-cuda examples/c/fashion-mnist
  rm -rf "$bundle"
  mkdir -p "$bundle"
  cp build-gpu/gtensor/cuda/libgtensor-cuda-1.0.so build-gpu/tests/cuda/test-cuda \
     build-gpu/tests/cuda/test-cuda-api build-gpu/tests/cuda/bench-cuda \
     build-gpu/examples/c/fashion-mnist "$bundle/"
  strip --strip-debug "$bundle"/*
  sh /work/shared/gpu/bundle-glib.sh "$bundle" >/dev/null
  # the flagship trainer links the core as a shared library
  cp -L build-gpu/gtensor/libgtensor-1.0.so.0 "$bundle/hostlibs/"
  strip --strip-debug "$bundle/hostlibs/libgtensor-1.0.so.0"
  # Fashion-MNIST (30 MB) for one epoch on the GPU, if this machine has it
  if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    mkdir -p "$bundle/data"
    cp /usr/share/datasets/fashion-mnist/*-ubyte.gz "$bundle/data/"
  fi
  # Libraries of this machine the GPU machine may lack (it has OpenBLAS,
  # libgomp, libffi8, pcre2, the CUDA toolkit).
  for lib in libsleef.so.3; do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
    if [ -n "$path" ]; then cp -L "$path" "$bundle/hostlibs/"; fi
  done
  du -sh "$bundle"
  echo "now: run tool with carry [\"$bundle\"] and command 'sh tools/gpu-check.sh run'"
  ;;

run)
  export LD_LIBRARY_PATH="$PWD/$bundle/hostlibs:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export GT_CUDA_MODULE="$PWD/$bundle/libgtensor-cuda-1.0.so"
  export OMP_NUM_THREADS=4
  echo "== machine"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1
  echo "== missing libraries (none expected)"
  for f in "$bundle"/test-cuda "$bundle"/test-cuda-api "$bundle"/bench-cuda "$bundle"/fashion-mnist "$GT_CUDA_MODULE"; do
    ldd "$f" | grep "not found" | sed "s|^|$(basename "$f"): |"
  done
  echo "== test-cuda-api (the API with a GPU present; unavailable-checks skip)"
  timeout 60 "$bundle/test-cuda-api" --tap 2>&1 | tail -n 20
  echo "== test-cuda (every implemented op vs the CPU backend)"
  timeout 300 "$bundle/test-cuda" --tap 2>&1
  rc=$?
  echo "test-cuda exit status: $rc"
  if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
    # A crash or an illegal address poisons the CUDA context for every later
    # case: run each case in its own process to tell them apart (90 s cap).
    echo "== test-cuda, one process per case"
    deadline=$(( $(date +%s) + 90 ))
    for path in $("$bundle/test-cuda" -l 2>/dev/null | grep '^/'); do
      [ "$(date +%s)" -ge "$deadline" ] && { echo "(time cap reached)"; break; }
      out=$(timeout 20 "$bundle/test-cuda" -p "$path" --tap 2>&1)
      case_rc=$?
      if [ "$case_rc" = 0 ]; then
        echo "ok $path"
      else
        echo "FAILED ($case_rc) $path"
        echo "$out" | grep -v '^ok\|^# Start\|^# End\|^1\.\.' | tail -n 6
      fi
    done
  fi
  echo "== bench-cuda (gtensor)"
  timeout 180 "$bundle/bench-cuda" 2>&1
  if [ -d "$bundle/data" ]; then
    echo "== flagship CNN, one epoch on cuda (CPU reference, README: 88.54% test accuracy after epoch 1, seed 0, 51 s on 2 cores)"
    timeout 240 "$bundle/fashion-mnist" --device cuda --epochs 1 --seed 0 \
      --data-dir "$bundle/data" --output /tmp/gt-fashion-mnist.safetensors 2>&1 | tr '\r' '\n' | tail -n 5
  fi
  if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    echo "== PyTorch, the same rows"
    timeout 180 python3 - <<'PY'
import time, torch
d = torch.device('cuda')
def t(f, warm, reps):
    for _ in range(warm): f()
    torch.cuda.synchronize(); t0 = time.perf_counter()
    for _ in range(reps): f()
    torch.cuda.synchronize(); return (time.perf_counter() - t0) / reps
n = 1 << 28
a = torch.full((n,), 1.0, device=d); b = torch.full((n,), 2.0, device=d)
s = t(lambda: a + b, 3, 20); print(f"add 2^28 float32: {s*1e3:.3f} ms, {3*4*n/s/1e12:.2f} TB/s")
s = t(lambda: a.sum(), 3, 20); print(f"sum 2^28 float32: {s*1e3:.3f} ms, {4*n/s/1e12:.2f} TB/s")
del a, b; torch.cuda.empty_cache()
x = torch.full((8192, 8192), 0.5, device=d); y = torch.full((8192, 8192), 0.25, device=d)
flop = 2 * 8192.0 ** 3
torch.backends.cuda.matmul.allow_tf32 = False
s = t(lambda: x @ y, 2, 10); print(f"GEMM 8192^3 float32, TF32 off: {s*1e3:.3f} ms, {flop/s/1e12:.1f} TFLOP/s")
torch.backends.cuda.matmul.allow_tf32 = True
s = t(lambda: x @ y, 2, 10); print(f"GEMM 8192^3 float32, TF32 on: {s*1e3:.3f} ms, {flop/s/1e12:.1f} TFLOP/s")
del x, y
xc = torch.full((256, 64, 56, 56), 0.5, device=d); wc = torch.full((64, 64, 3, 3), 0.01, device=d)
for tf32 in (False, True):
    torch.backends.cudnn.allow_tf32 = tf32
    s = t(lambda: torch.nn.functional.conv2d(xc, wc, padding=1), 2, 10)
    print(f"conv2d [256, 64, 56, 56] * [64, 64, 3, 3] pad 1 float32, TF32 {'on' if tf32 else 'off'}: {s*1e3:.3f} ms")
del xc, wc; torch.cuda.empty_cache()
z = torch.full((4096, 4096), 0.5, device=d)
s = t(lambda: torch.softmax(z, 1), 3, 20); print(f"softmax [4096, 4096] float32 dim 1: {s*1e3:.3f} ms")
p = torch.ones(1, device=d); q = torch.ones(1, device=d)
s = t(lambda: p + q, 100, 10000); print(f"one-element add from Python: {s*1e6:.2f} us per op")
PY
  else
    echo "== PyTorch with CUDA is not available here: no ratios"
  fi
  exit $rc
  ;;

*)
  echo "usage: $0 build|run" >&2
  exit 2
  ;;
esac

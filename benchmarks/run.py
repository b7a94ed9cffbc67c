#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Times gtensor's CPU ops from C (build/benchmarks/gt-bench) and from
Python (PyGObject), next to PyTorch and NumPy, with one thread count for
all, and prints the medians and the ratios gtensor / torch.

    /usr/bin/python3 benchmarks/run.py [--threads 2] [--build build]
                                       [--min-time 1.0] [--rows a,b]
                                       [--markdown]

Run it with Debian's interpreter (python3-gi, numpy, torch). It sets the
paths to the build tree itself. A row whose gtensor function is not in the
library is shown as skipped."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)

# name, label, target ratio gtensor/torch (None: an absolute target below)
ROWS = [
    ('matmul_256', 'matmul 256² f32', 1.05),
    ('matmul_1024', 'matmul 1024² f32', 1.05),
    ('matmul_2048', 'matmul 2048² f32', 1.05),
    ('add_16M', 'add 16M f32', 1.0),
    ('mul_16M', 'mul 16M f32', 1.0),
    ('exp_16M', 'exp 16M f32', 1.0),
    ('tanh_16M', 'tanh 16M f32', 1.0),
    ('sigmoid_16M', 'sigmoid 16M f32', 1.0),
    ('sum_16M', 'sum 16M f32', 1.0),
    ('mean_16M', 'mean 16M f32', 1.0),
    ('max_dim_4096', 'max(dim=1) 4096² f32', 1.0),
    ('sort_1M', 'sort 1M f32', 1.0),
    ('transpose_contiguous_4096', 'transpose+contiguous 4096²', 1.0),
    ('cat_8', 'cat 8 × [1024, 1024] f32', 1.0),
    ('add_1', 'add, 1 element (per-op overhead)', None),
    ('chain_1000_fwd', 'chain of 1000 add/mul, forward recorded, per node', None),
    ('chain_1000', 'chain of 1000 add/mul, forward + backward, per node', None),
    ('chain_1000_bwd', 'chain of 1000 add/mul, backward alone, per node (C only)', None),
    ('mlp_784', 'MLP 784-256-10 batch 128 f32, forward + backward', 1.0),
]
# Rows whose C and Python times are divided by this (per node, not per call).
PER = {'chain_1000_fwd': 1000, 'chain_1000': 1000, 'chain_1000_bwd': 1000}
CHAIN_BACKWARD_TARGET = 1e-6    # backward alone per node from C
PY_MLP_TARGET = 1.3             # MLP from Python, × torch's
C_OVERHEAD_TARGET = 0.5e-6      # one-element add from C
PY_OVERHEAD_TARGET = 2.0        # one-element add from Python, × torch's


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--build', default=os.path.join(SOURCE, 'build'),
                   help='the meson build directory (default: ./build)')
    p.add_argument('--min-time', type=float, default=1.0,
                   help='seconds spent on each row and library at least')
    p.add_argument('--rows', help='comma-separated row names (default: all)')
    p.add_argument('--passes', type=int, default=1,
                   help='measure every row this many times, far apart, and report '
                        'the median of the passes (default 1)')
    p.add_argument('--markdown', action='store_true', help='print a Markdown table')
    p.add_argument('--no-cache-row', action='store_true',
                   help='skip the extra run of add_16M with the memory cache off')
    return p.parse_args()


def ensure_environment(args):
    """Re-executes with the build tree's library and typelib on the paths;
    they must be set before the process starts."""
    build = os.path.abspath(args.build)
    lib = os.path.join(build, 'gtensor')
    if os.environ.get('GT_BENCH_CHILD') == '1':
        return
    env = dict(os.environ)
    env['GT_BENCH_CHILD'] = '1'
    env['LD_LIBRARY_PATH'] = lib + os.pathsep + env.get('LD_LIBRARY_PATH', '')
    env['GI_TYPELIB_PATH'] = lib + os.pathsep + env.get('GI_TYPELIB_PATH', '')
    env['PYTHONPATH'] = os.path.join(SOURCE, 'bindings', 'python') + os.pathsep + \
        env.get('PYTHONPATH', '')
    # NumPy's BLAS gets the same number of threads.
    env['OPENBLAS_NUM_THREADS'] = str(args.threads)
    env['OMP_NUM_THREADS'] = str(args.threads)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def measure(fns, min_time, batch=1):
    """Median seconds per call of each of @fns. The samples (of @batch
    calls) are taken in turn, one per function, so that a change of load on
    the machine affects every library alike; two warm-up rounds first, then
    rounds until @min_time per function has passed (at least 5, at most
    200)."""
    for fn in fns:
        for _ in range(2 * batch):
            fn()
    samples = [[] for _ in fns]
    start = time.perf_counter()
    rounds = 0
    while rounds < 200 and (rounds < 5 or time.perf_counter() - start < min_time * len(fns)):
        for fn, out in zip(fns, samples):
            t0 = time.perf_counter()
            for _ in range(batch):
                fn()
            out.append((time.perf_counter() - t0) / batch)
        rounds += 1
    return [statistics.median(x) for x in samples]


# ---- the three libraries -----------------------------------------------------------

def run_c(args, rows, extra_env=None):
    exe = os.path.join(os.path.abspath(args.build), 'benchmarks', 'gt-bench')
    if not os.path.exists(exe):
        sys.exit('run.py: %s not found; build with `ninja -C %s` first' % (exe, args.build))
    cmd = [exe, '--threads', str(args.threads), '--min-time', str(args.min_time),
           '--rows', ','.join(rows)]
    env = dict(os.environ, **(extra_env or {}))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    results = {}
    for line in out.splitlines():
        rec = json.loads(line)
        results[rec['row']] = rec.get('seconds', rec.get('skipped'))
    return results


def gtensor_ops(Gt):
    """Row → (setup, op) through the raw introspected C API, or a string
    saying which function is missing."""
    T = Gt.Tensor
    f32 = Gt.DType.FLOAT32

    def randn(*shape):
        return Gt.randn(list(shape), f32, None)

    def need(name, make):
        return make if hasattr(T, name) or hasattr(Gt, name) else 'gt_tensor_%s missing' % name

    n16 = 16 * 1024 * 1024
    return {
        'matmul_256': need('matmul', lambda: ((randn(256, 256), randn(256, 256)), lambda a, b: a.matmul(b))),
        'matmul_1024': need('matmul', lambda: ((randn(1024, 1024), randn(1024, 1024)), lambda a, b: a.matmul(b))),
        'matmul_2048': need('matmul', lambda: ((randn(2048, 2048), randn(2048, 2048)), lambda a, b: a.matmul(b))),
        'add_16M': need('add', lambda: ((randn(n16), randn(n16)), lambda a, b: a.add(b, 1.0))),
        'mul_16M': need('mul', lambda: ((randn(n16), randn(n16)), lambda a, b: a.mul(b))),
        'exp_16M': need('exp', lambda: ((randn(n16),), lambda a: a.exp())),
        'tanh_16M': need('tanh', lambda: ((randn(n16),), lambda a: a.tanh())),
        'sigmoid_16M': need('sigmoid', lambda: ((randn(n16),), lambda a: a.sigmoid())),
        'sum_16M': need('sum', lambda: ((randn(n16),), lambda a: a.sum(None, False))),
        'mean_16M': need('mean', lambda: ((randn(n16),), lambda a: a.mean(None, False))),
        'max_dim_4096': need('max_dim', lambda: ((randn(4096, 4096),), lambda a: a.max_dim(1, False))),
        'sort_1M': need('sort', lambda: ((randn(1 << 20),), lambda a: a.sort(-1, False, False))),
        'transpose_contiguous_4096': need('transpose', lambda: (
            (randn(4096, 4096),), lambda a: a.transpose(0, 1).contiguous())),
        'cat_8': need('cat', lambda: (
            ([randn(1024, 1024) for _ in range(8)],), lambda ts: Gt.cat(ts, 0))),
        'add_1': need('add', lambda: ((randn(1), randn(1)), lambda a, b: a.add(b, 1.0))),
        'chain_1000_fwd': need('backward', lambda: (gt_leaves(randn(1), randn(1)), gt_chain)),
        'chain_1000': need('backward', lambda: (gt_leaves(randn(1), randn(1)), gt_chain_backward)),
        'mlp_784': need('relu', lambda: (gt_mlp_inputs(randn), gt_mlp)),
    }


# ---- autograd rows, the same graphs in gtensor (raw GI) and torch ------------------

def gt_leaves(*tensors):
    for t in tensors:
        t.set_requires_grad(True)
    return tensors


def gt_chain(x, w):
    y = x
    for i in range(500):
        y = y.add(w, 1.0)
        y = y.mul(w)
    return y


def gt_chain_backward(x, w):
    gt_chain(x, w).backward(None, False, False)
    x.set_grad(None)
    w.set_grad(None)


def gt_mlp_inputs(randn):
    x = randn(128, 784)
    params = [randn(784, 256).mul_scalar(1 / 28), randn(256).mul_scalar(1 / 28),
              randn(256, 10).mul_scalar(1 / 16), randn(10).mul_scalar(1 / 16)]
    return (x,) + gt_leaves(*params)


def gt_mlp(x, w1, b1, w2, b2):
    o = x.matmul(w1).add(b1, 1.0).relu().matmul(w2).add(b2, 1.0)
    o.mul(o).mean(None, False).backward(None, False, False)
    for p in (w1, b1, w2, b2):
        p.set_grad(None)


def torch_chain(x, w):
    y = x
    for i in range(500):
        y = y + w
        y = y * w
    return y


def torch_chain_backward(x, w):
    torch_chain(x, w).backward()
    x.grad = None
    w.grad = None


def torch_mlp(x, w1, b1, w2, b2):
    import torch
    o = torch.relu(x @ w1 + b1) @ w2 + b2
    (o * o).mean().backward()
    for p in (w1, b1, w2, b2):
        p.grad = None


def torch_ops(torch):
    n16 = 16 * 1024 * 1024
    r = torch.randn
    return {
        'matmul_256': ((r(256, 256), r(256, 256)), torch.matmul),
        'matmul_1024': ((r(1024, 1024), r(1024, 1024)), torch.matmul),
        'matmul_2048': ((r(2048, 2048), r(2048, 2048)), torch.matmul),
        'add_16M': ((r(n16), r(n16)), lambda a, b: a + b),
        'mul_16M': ((r(n16), r(n16)), lambda a, b: a * b),
        'exp_16M': ((r(n16),), torch.exp),
        'tanh_16M': ((r(n16),), torch.tanh),
        'sigmoid_16M': ((r(n16),), torch.sigmoid),
        'sum_16M': ((r(n16),), torch.sum),
        'mean_16M': ((r(n16),), torch.mean),
        'max_dim_4096': ((r(4096, 4096),), lambda a: a.max(dim=1)),
        'sort_1M': ((r(1 << 20),), torch.sort),
        'transpose_contiguous_4096': ((r(4096, 4096),), lambda a: a.t().contiguous()),
        'cat_8': (([r(1024, 1024) for _ in range(8)],), lambda ts: torch.cat(ts, 0)),
        'add_1': ((r(1), r(1)), lambda a, b: a + b),
        'chain_1000_fwd': ((r(1).requires_grad_(), r(1).requires_grad_()), torch_chain),
        'chain_1000': ((r(1).requires_grad_(), r(1).requires_grad_()), torch_chain_backward),
        'mlp_784': ((r(128, 784), (r(784, 256) / 28).requires_grad_(),
                     (r(256) / 28).requires_grad_(), (r(256, 10) / 16).requires_grad_(),
                     (r(10) / 16).requires_grad_()), torch_mlp),
    }


def numpy_ops(np):
    """Only where NumPy computes the same thing (no indices from max and
    sort, no sigmoid)."""
    rng = np.random.default_rng(0)

    def r(*shape):
        return rng.standard_normal(shape, dtype=np.float32)

    n16 = 16 * 1024 * 1024
    return {
        'matmul_256': ((r(256, 256), r(256, 256)), np.matmul),
        'matmul_1024': ((r(1024, 1024), r(1024, 1024)), np.matmul),
        'matmul_2048': ((r(2048, 2048), r(2048, 2048)), np.matmul),
        'add_16M': ((r(n16), r(n16)), np.add),
        'mul_16M': ((r(n16), r(n16)), np.multiply),
        'exp_16M': ((r(n16),), np.exp),
        'tanh_16M': ((r(n16),), np.tanh),
        'sum_16M': ((r(n16),), np.sum),
        'mean_16M': ((r(n16),), np.mean),
        'transpose_contiguous_4096': ((r(4096, 4096),), lambda a: np.ascontiguousarray(a.T)),
        'cat_8': (([r(1024, 1024) for _ in range(8)],), lambda ts: np.concatenate(ts, 0)),
        'add_1': ((r(1), r(1)), np.add),
    }


def time_row(tables, row, min_time):
    """Seconds per call of @row in each table (None where a table has no
    such row, a string where its function is missing)."""
    entries = []
    for ops in tables:
        entry = ops.get(row)
        if callable(entry):
            entry = entry()
        entries.append(entry)
    live = [(i, e) for i, e in enumerate(entries) if isinstance(e, tuple)]
    batch = 1000 if row == 'add_1' else (10 if row == 'matmul_256' else 1)
    fns = [(lambda inputs=e[0], fn=e[1]: fn(*inputs)) for _, e in live]
    results = [e if not isinstance(e, tuple) else None for e in entries]
    for (i, _), seconds in zip(live, measure(fns, min_time, batch)):
        results[i] = seconds / PER.get(row, 1)
    return results


def median_of(values):
    """The median of the passes' times, or what a pass said instead."""
    times = [v for v in values if isinstance(v, float)]
    return statistics.median(times) if times else values[0]


# ---- output ---------------------------------------------------------------------------

def fmt_time(s):
    if not isinstance(s, float):
        return '—' if s is None else 'skipped'
    if s < 1e-3:
        return '%.2f µs' % (s * 1e6)
    if s < 1:
        return '%.2f ms' % (s * 1e3)
    return '%.2f s' % s


def ratio(a, b):
    if isinstance(a, float) and isinstance(b, float) and b > 0:
        return a / b
    return None


def fmt_ratio(r):
    return '—' if r is None else '%.2f' % r


def verdict(row, target, c, py, t, fwd=None):
    if row == 'chain_1000_fwd':
        return '(recording only)'
    if row == 'chain_1000':
        if not (isinstance(c, float) and isinstance(fwd, float)):
            return '—'
        return '(difference from the row above: %.2f µs/node)' % ((c - fwd) * 1e6)
    if row == 'chain_1000_bwd':
        if not isinstance(c, float):
            return '—'
        return 'C ≤ 1 µs/node: %s' % ('yes' if c <= CHAIN_BACKWARD_TARGET else 'no')
    if row == 'mlp_784':
        rc, rp = ratio(c, t), ratio(py, t)
        if rc is None or rp is None:
            return '—'
        return 'C ≤ 1.0: %s, Py ≤ 1.3: %s' % ('yes' if rc <= target else 'no',
                                              'yes' if rp <= PY_MLP_TARGET else 'no')
    if row == 'add_1':
        ok_c = isinstance(c, float) and c <= C_OVERHEAD_TARGET
        rp = ratio(py, t)
        ok_py = rp is not None and rp <= PY_OVERHEAD_TARGET
        return 'C ≤ 0.5 µs: %s, Py ≤ 2×: %s' % ('yes' if ok_c else 'no', 'yes' if ok_py else 'no')
    rc = ratio(c, t)
    if rc is None:
        return '—'
    return ('yes' if rc <= target else 'no') + ' (≤ %.2f)' % target


def main():
    args = parse_args()
    ensure_environment(args)

    import gi
    gi.require_version('Gt', '1.0')
    from gi.module import get_introspection_module
    import numpy as np
    import torch

    Gt = get_introspection_module('Gt')
    Gt.set_num_threads(args.threads)
    torch.set_num_threads(args.threads)

    rows = [r for r in ROWS if not args.rows or r[0] in args.rows.split(',')]
    names = [r[0] for r in rows]

    print('# threads: %d (gtensor OpenMP + OpenBLAS, torch.set_num_threads, '
          'OPENBLAS_NUM_THREADS for NumPy)' % args.threads, file=sys.stderr)
    no_cache = None
    gt = gtensor_ops(Gt)
    th = torch_ops(torch)
    nps = numpy_ops(np)
    passes = {}
    for k in range(args.passes):
        for row, label, target in rows:
            # The C program right before the same row from Python, so that
            # all columns of a row see the same load.
            c = run_c(args, [row]).get(row)
            py, t, n = time_row([gt, th, nps], row, args.min_time)
            Gt.empty_cache()
            passes.setdefault(row, []).append((c, py, t, n))
            print('# pass %d: %s done' % (k + 1, row), file=sys.stderr)
    results = []
    for row, label, target in rows:
        columns = list(zip(*passes[row]))
        results.append((row, label, target) + tuple(median_of(col) for col in columns))
    if 'add_16M' in names and not args.no_cache_row:
        no_cache = run_c(args, ['add_16M'], {'GT_CPU_CACHE_LIMIT': '0'}).get('add_16M')

    header = ['row', 'gtensor C', 'gtensor Py', 'torch', 'NumPy',
              'C / torch', 'Py / torch', 'target met']
    lines = []
    chain_fwd = next((r[3] for r in results if r[0] == 'chain_1000_fwd'), None)
    for row, label, target, c, py, t, n in results:
        lines.append([label, fmt_time(c), fmt_time(py), fmt_time(t), fmt_time(n),
                      fmt_ratio(ratio(c, t)), fmt_ratio(ratio(py, t)),
                      verdict(row, target, c, py, t, chain_fwd)])
    if no_cache is not None:
        t = next((r[5] for r in results if r[0] == 'add_16M'), None)
        lines.append(['add 16M f32, cache off', fmt_time(no_cache), '', fmt_time(t), '',
                      fmt_ratio(ratio(no_cache, t)), '', '(GT_CPU_CACHE_LIMIT=0)'])

    if args.markdown:
        print('| ' + ' | '.join(header) + ' |')
        print('|' + '|'.join(['---'] + ['---:'] * (len(header) - 2) + ['---']) + '|')
        for line in lines:
            print('| ' + ' | '.join(line) + ' |')
    else:
        widths = [max(len(str(x[i])) for x in [header] + lines) for i in range(len(header))]
        for line in [header] + lines:
            print('  '.join(str(x).ljust(w) for x, w in zip(line, widths)))


if __name__ == '__main__':
    main()

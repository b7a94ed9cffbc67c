#!/usr/bin/python3
"""Side-by-side timings of gtensor's nn ops against PyTorch, same machine,
same thread count, one run (issue "nn": conv, pool, batch norm, LeNet step).

    /usr/bin/python3 benchmarks/nn.py [--threads 2] [--min-time 1] [--build build]
                                      [--rows a,b] [--block N] [--cpu] [--passive]
                                      [--markdown]

gtensor is called from Python (the layers' C classes, the overrides'
backward/ones_like/optim): for these ops one call costs milliseconds, so the
binding's microseconds do not matter. Samples of gtensor and torch are taken
in turn so that a change of load on the machine hits both alike; medians
are reported with the ratio gtensor / torch (below 1: gtensor is faster).
"""

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--min-time', type=float, default=1.0)
    p.add_argument('--build', default=os.path.join(HERE, '..', 'build'))
    p.add_argument('--rows', default='')
    p.add_argument('--markdown', action='store_true')
    p.add_argument('--block', type=int, default=1,
                   help='calls of one library in a row before the other takes '
                        'its turn (default 1: strict alternation; their thread '
                        'pools spin after each call and slow the other down)')
    p.add_argument('--passive', action='store_true',
                   help='run with OMP_WAIT_POLICY=passive (both libraries share '
                        'libgomp): idle OpenMP threads sleep instead of spinning. '
                        'On a loaded machine the spinning dominates the 2-thread '
                        'times of both; on a quiet one it makes short calls faster')
    p.add_argument('--cpu', action='store_true',
                   help='also report the process CPU time per call (all threads, '
                        'spinning included): with --threads 1 the work done, '
                        'much less disturbed by a loaded machine than wall time')
    return p.parse_args()


def ensure_environment(args):
    build = os.path.abspath(args.build)
    want = {'GI_TYPELIB_PATH': os.path.join(build, 'gtensor'),
            'LD_LIBRARY_PATH': os.path.join(build, 'gtensor'),
            'PYTHONPATH': os.path.join(HERE, '..', 'bindings', 'python')}
    if args.passive:
        want['OMP_WAIT_POLICY'] = 'passive'
    if any(os.environ.get(k) != v for k, v in want.items()):
        os.environ.update(want)
        os.execv(sys.executable, [sys.executable] + sys.argv)


def gt_from_torch(Gt, t, requires_grad=False):
    x = Gt.Tensor.new_from_bytes(__import__('gi').repository.GLib.Bytes(
        t.detach().contiguous().numpy().tobytes()), list(t.shape), Gt.DType.FLOAT32, None)
    if requires_grad:
        x.set_requires_grad(True)
    return x


def rows(Gt, torch):
    F = torch.nn.functional
    g = torch.Generator().manual_seed(0)

    def r(*shape, grad=False):
        t = torch.randn(*shape, generator=g)
        return t.requires_grad_(grad), gt_from_torch(Gt, t, grad)

    def conv_row(n, cin, h, cout):
        (x, gx), (w, gw), (b, gb) = r(n, cin, h, h, grad=cin > 1), r(cout, cin, 3, 3, grad=True), r(cout, grad=True)

        def t_run():
            y = F.conv2d(x, w, b, padding=1)
            y.backward(torch.ones_like(y))

        def g_run():
            y = gx.conv2d(gw, gb, [1], [1], [1], 1)
            y.backward(Gt.ones_like(y))
        return g_run, t_run

    def pool_row():
        (x, gx), = (r(64, 32, 28, 28, grad=True),)

        def t_run():
            y = F.max_pool2d(x, 2)
            y.backward(torch.ones_like(y))

        def g_run():
            y, _ = gx.max_pool2d([2], [], [0], [1], False)
            y.backward(Gt.ones_like(y))
        return g_run, t_run

    def bn_row():
        (x, gx), (w, gw), (b, gb) = r(64, 32, 28, 28, grad=True), r(32, grad=True), r(32, grad=True)
        rm, rv = torch.zeros(32), torch.ones(32)
        grm, grv = Gt.zeros(32), Gt.ones(32)

        def t_run():
            y = F.batch_norm(x, rm, rv, w, b, training=True)
            y.backward(torch.ones_like(y))

        def g_run():
            y = gx.batch_norm(grm, grv, gw, gb, True, 0.1, 1e-5)
            y.backward(Gt.ones_like(y))
        return g_run, t_run

    def lenet_row():
        # The Fashion-MNIST CNN's training step (Adam, batch 64), both
        # libraries starting from the same weights.
        torch.manual_seed(0)
        nn = torch.nn
        tm = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.25), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
        topt = torch.optim.Adam(tm.parameters(), lr=1e-3)
        gm = Gt.Sequential.new()
        for layer in [Gt.Conv2d.new(1, 32, 3, 1, 1), Gt.BatchNorm2d.new(32), Gt.ReLU.new(),
                      Gt.MaxPool2d.new(2), Gt.Conv2d.new(32, 64, 3, 1, 1), Gt.BatchNorm2d.new(64),
                      Gt.ReLU.new(), Gt.MaxPool2d.new(2), Gt.Flatten.new(1, -1),
                      Gt.Dropout.new(0.25), Gt.Linear.new(3136, 128, True), Gt.ReLU.new(),
                      Gt.Linear.new(128, 10, True)]:
            gm.append(layer)
        gopt = Gt.optim.Adam(gm.parameters(), lr=1e-3)
        gce = Gt.CrossEntropyLoss.new()
        x = torch.randn(64, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (64,), generator=g)
        gxx = gt_from_torch(Gt, x)
        gy = Gt.Tensor.new_from_bytes(__import__('gi').repository.GLib.Bytes(y.numpy().tobytes()),
                                      [64], Gt.DType.INT64, None)

        def t_run():
            loss = F.cross_entropy(tm(x), y)
            topt.zero_grad()
            loss.backward()
            topt.step()

        def g_run():
            loss = gce.forward(gm.forward(gxx), gy)
            gopt.zero_grad(set_to_none=True)
            loss.backward()
            gopt.step()
        return g_run, t_run

    return [
        ('conv_1_32', 'Conv2d 64x1x28x28 -> 32, 3x3 p1, fwd+bwd', lambda: conv_row(64, 1, 28, 32)),
        ('conv_32_64', 'Conv2d 64x32x14x14 -> 64, 3x3 p1, fwd+bwd', lambda: conv_row(64, 32, 14, 64)),
        ('maxpool', 'MaxPool2d(2) 64x32x28x28, fwd+bwd', pool_row),
        ('batchnorm', 'BatchNorm2d 64x32x28x28 train, fwd+bwd', bn_row),
        ('lenet_step', 'Fashion-MNIST CNN training step, batch 64, Adam', lenet_row),
    ]


def measure(g_run, t_run, min_time, block=1):
    """Medians of wall time and of process CPU time per call, gtensor's and
    torch's."""
    g_run(), t_run()  # warm up (allocator caches, OpenBLAS buffers)
    gs, ts, gc, tc = [], [], [], []
    start = time.perf_counter()
    while time.perf_counter() - start < 2 * min_time or len(gs) < 5:
        for fn, out, cpu in ((g_run, gs, gc), (t_run, ts, tc)):
            for _ in range(block):
                c0 = time.process_time()
                t0 = time.perf_counter()
                fn()
                out.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
    return (statistics.median(gs), statistics.median(ts),
            statistics.median(gc), statistics.median(tc))


def main():
    args = parse_args()
    ensure_environment(args)
    import gi
    gi.require_version('Gt', '1.0')
    from gi.repository import Gt
    import torch
    Gt.set_num_threads(args.threads)
    torch.set_num_threads(args.threads)
    wanted = set(filter(None, args.rows.split(',')))
    print('threads %d, torch %s, block %d, OMP_WAIT_POLICY %s' % (
        args.threads, torch.__version__, args.block, os.environ.get('OMP_WAIT_POLICY', 'unset')))
    if args.markdown and args.cpu:
        print('| row | gtensor | torch | gtensor / torch | gtensor CPU | torch CPU | CPU ratio |\n'
              '| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    elif args.markdown:
        print('| row | gtensor | torch | gtensor / torch |\n| --- | ---: | ---: | ---: |')
    for name, label, make in rows(Gt, torch):
        if wanted and name not in wanted:
            continue
        try:
            g_run, t_run = make()
            g, t, gc, tc = measure(g_run, t_run, args.min_time, args.block)
        except Exception as e:  # a missing op: say so, go on
            print('%-12s skipped: %s' % (name, e))
            continue
        cpu = ''
        if args.cpu:
            cpu = (' | %.2f ms | %.2f ms | %.2f' if args.markdown else
                   '  cpu: gtensor %8.2f ms  torch %8.2f ms  ratio %.2f') % (
                gc * 1e3, tc * 1e3, gc / tc)
        if args.markdown:
            print('| %s | %.2f ms | %.2f ms | %.2f%s |' % (label, g * 1e3, t * 1e3, g / t, cpu))
        else:
            print('%-12s %-48s gtensor %8.2f ms  torch %8.2f ms  ratio %.2f%s' % (
                name, label, g * 1e3, t * 1e3, g / t, cpu))


if __name__ == '__main__':
    main()

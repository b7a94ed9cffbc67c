# SPDX-License-Identifier: LGPL-2.1-or-later
"""Memory stability from Python: creating and dropping many small tensors
and running many training steps keeps the resident set flat after a
warm-up, and the autograd graph of a finished step is freed.

The sizes keep the suite fast; GT_MEMORY_TENSORS and GT_MEMORY_STEPS make
them larger for a long run by hand (e.g. 10000000 and 1000). Resident
memory is meaningless under AddressSanitizer (its quarantine keeps freed
memory), so tools/run-sanitizers.sh does not run this file."""

import gc
import os

import gi

gi.require_version('Gt', '1.0')

import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import Gt  # noqa: E402

GtRaw = get_introspection_module('Gt')   # no Python wrapper per call

N_TENSORS = int(os.environ.get('GT_MEMORY_TENSORS', '1000000'))
N_STEPS = int(os.environ.get('GT_MEMORY_STEPS', '300'))
MIB = 1024 * 1024


def rss():
    """Resident set size in bytes, from /proc/self/statm."""
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


pytestmark = pytest.mark.skipif(not os.path.exists('/proc/self/statm'),
                                reason='needs /proc/self/statm')


def test_small_tensors_keep_rss_flat():
    """N_TENSORS tensors made by three paths (creation, an op, a view),
    each dropped at once: after a warm-up of a tenth, RSS stays within
    16 MiB (a leak of even 16 bytes per tensor would exceed it)."""
    a = GtRaw.ones([4], GtRaw.DType.FLOAT32, None)
    warm = max(N_TENSORS // 10, 1000)
    samples = []
    base = None
    per_round = 3
    rounds = N_TENSORS // per_round
    check_every = max(rounds // 20, 1)
    for i in range(rounds):
        x = GtRaw.zeros([4], GtRaw.DType.FLOAT32, None)
        y = x.add(a, 1.0)
        z = y.reshape([2, 2])
        del x, y, z
        if i == warm // per_round:
            gc.collect()
            base = rss()
        elif base is not None and i % check_every == 0:
            samples.append(rss())
    gc.collect()
    samples.append(rss())
    growth = max(samples) - base
    print(f'\n{N_TENSORS} tensors: RSS after warm-up {base / MIB:.1f} MiB, '
          f'peak growth {growth / MIB:.2f} MiB, at end {samples[-1] / MIB:.1f} MiB')
    assert growth < 16 * MIB, (
        f'RSS grew by {growth / MIB:.1f} MiB over {N_TENSORS} tensors '
        f'(base {base / MIB:.1f} MiB, samples {[s // MIB for s in samples]})')


def _model():
    return Gt.nn.Sequential(Gt.nn.Linear(32, 64), Gt.nn.ReLU(),
                            Gt.nn.Linear(64, 64), Gt.nn.Tanh(),
                            Gt.nn.Linear(64, 10))


def test_training_keeps_rss_flat_and_frees_graphs():
    """N_STEPS steps of Adam on a small MLP: after each step the graph is
    gone (every parameter's GObject reference count is back to its value
    before the first forward: the graph's AccumulateGrad nodes hold one
    reference each while it lives), and after a warm-up RSS stays within
    8 MiB."""
    Gt.manual_seed(0)
    model = _model()
    params = list(model.parameters())
    opt = Gt.optim.Adam(params, lr=1e-3)
    loss_fn = Gt.nn.CrossEntropyLoss()
    x = Gt.randn(64, 32)
    y = Gt.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    # The first step creates Adam's state, keyed by (and holding) each
    # parameter: count from there.
    first = step()
    baseline = [p.__grefcount__ for p in params]

    out = model(x)
    loss = loss_fn(out, y)
    alive = [p.__grefcount__ for p in params]
    assert all(a > b for a, b in zip(alive, baseline)), \
        'the check cannot see a live graph'
    del out, loss

    warm = max(N_STEPS // 10, 10)
    base = None
    peak = 0
    for i in range(N_STEPS):
        last = step()
        counts = [p.__grefcount__ for p in params]
        assert counts == baseline, \
            f'step {i}: graph not freed (refcounts {counts} vs {baseline})'
        if i == warm:
            gc.collect()
            base = rss()
        elif base is not None:
            peak = max(peak, rss())
    assert last < first
    growth = peak - base
    print(f'\n{N_STEPS} steps: RSS after warm-up {base / MIB:.1f} MiB, '
          f'peak growth {growth / MIB:.2f} MiB, loss {first:.4f} -> {last:.4f}')
    assert growth < 8 * MIB, \
        f'RSS grew by {growth / MIB:.1f} MiB over {N_STEPS} steps'

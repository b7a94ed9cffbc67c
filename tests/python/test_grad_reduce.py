"""Gradients of the reductions, scans, sorts and matrix products against
torch 1.13 (the oracle).

The same float64 inputs and the same graph in both libraries: grad_fn
names must be torch's, first gradients for a random grad_output must agree
to 1e-6 and, for the smooth ops, second gradients too. Inputs are
contiguous, transposed, expanded and sliced; ties, zeros and batch
broadcasting are checked where torch picks a particular gradient.
"""

import math

import gi
gi.require_version('Gt', '1.0')
from gi.repository import Gt  # noqa: E402

import pytest  # noqa: E402

torch = pytest.importorskip('torch')

from test_grad_pointwise import check, leaves, uniform  # noqa: E402

import numpy as np  # noqa: E402

torch.set_num_threads(2)

INF = math.inf

# name: (shape, range, torch fn, gt fn, second order)
UNARY = {
    'sum': ((3, 4), (-1, 1), lambda x: x.sum(), lambda x: x.sum(None, False), True),
    'sum_dim': ((3, 4), (-1, 1), lambda x: x.sum(1), lambda x: x.sum([1], False), True),
    'sum_dims_keep': ((2, 3, 4), (-1, 1), lambda x: x.sum((0, 2), keepdim=True),
                      lambda x: x.sum([0, 2], True), True),
    'mean': ((3, 4), (-1, 1), lambda x: x.mean(), lambda x: x.mean(None, False), True),
    'mean_dim': ((3, 4), (-1, 1), lambda x: x.mean(0), lambda x: x.mean([0], False), True),
    'mean_keep': ((2, 3, 4), (-1, 1), lambda x: x.mean((-1, 0), keepdim=True),
                  lambda x: x.mean([-1, 0], True), True),
    'prod': ((3, 4), (0.5, 1.5), lambda x: x.prod(), lambda x: x.prod(None, False), True),
    'prod_dim': ((3, 4), (-1.5, 1.5), lambda x: x.prod(1), lambda x: x.prod([1], False), True),
    'prod_dim_keep': ((3, 4), (-1.5, 1.5), lambda x: x.prod(0, keepdim=True),
                      lambda x: x.prod([0], True), True),
    'var': ((3, 4), (-1, 1), lambda x: x.var(), lambda x: x.var(None, 1.0, False), True),
    'var_dim0': ((3, 4), (-1, 1), lambda x: x.var(1, unbiased=False),
                 lambda x: x.var([1], 0.0, False), True),
    'std': ((3, 4), (-1, 1), lambda x: x.std(), lambda x: x.std(None, 1.0, False), True),
    'std_dim': ((3, 4), (-1, 1), lambda x: x.std(0, keepdim=True),
                lambda x: x.std([0], 1.0, True), True),
    'amax': ((3, 4), (-1, 1), lambda x: x.amax(1), lambda x: x.amax([1], False), False),
    'amin_keep': ((3, 4), (-1, 1), lambda x: x.amin(0, keepdim=True),
                  lambda x: x.amin([0], True), False),
    'max': ((3, 4), (-1, 1), lambda x: x.max(), lambda x: x.max(), False),
    'min': ((3, 4), (-1, 1), lambda x: x.min(), lambda x: x.min(), False),
    'max_dim': ((3, 4), (-1, 1), lambda x: x.max(1)[0], lambda x: x.max_dim(1, False)[0], True),
    'min_dim_keep': ((3, 4), (-1, 1), lambda x: x.min(0, keepdim=True)[0],
                     lambda x: x.min_dim(0, True)[0], True),
    'logsumexp': ((3, 4), (-1, 1), lambda x: x.logsumexp(1),
                  lambda x: x.logsumexp([1], False), True),
    'logsumexp_all': ((3, 4), (-1, 1), lambda x: x.logsumexp((0, 1)),
                      lambda x: x.logsumexp([0, 1], False), True),
    'norm2': ((3, 4), (-1, 1), lambda x: torch.norm(x), lambda x: x.norm(2.0, None, False), True),
    'norm2_dim': ((3, 4), (-1, 1), lambda x: torch.norm(x, 2, 1),
                  lambda x: x.norm(2.0, [1], False), True),
    'norm1': ((3, 4), (-1, 1), lambda x: torch.norm(x, 1, 0),
              lambda x: x.norm(1.0, [0], False), False),
    'norm_inf': ((3, 4), (-1, 1), lambda x: torch.norm(x, INF, 1, keepdim=True),
                 lambda x: x.norm(INF, [1], True), False),
    'norm3': ((3, 4), (-1, 1), lambda x: torch.norm(x, 3, 1),
              lambda x: x.norm(3.0, [1], False), True),
    'norm1_5': ((3, 4), (-1, 1), lambda x: torch.norm(x, 1.5),
                lambda x: x.norm(1.5, None, False), True),
    'norm0_5': ((3, 4), (0.2, 1), lambda x: torch.norm(x, 0.5, 0),
                lambda x: x.norm(0.5, [0], False), True),
    'cumsum': ((3, 4), (-1, 1), lambda x: x.cumsum(1), lambda x: x.cumsum(1), True),
    'cumsum0': ((3, 4), (-1, 1), lambda x: x.cumsum(0), lambda x: x.cumsum(0), True),
    'sort': ((3, 4), (-1, 1), lambda x: x.sort(1)[0], lambda x: x.sort(1, False, True)[0], True),
    'sort_desc': ((3, 4), (-1, 1), lambda x: x.sort(0, descending=True)[0],
                  lambda x: x.sort(0, True, True)[0], True),
    'topk': ((3, 5), (-1, 1), lambda x: x.topk(2)[0],
             lambda x: x.topk(2, -1, True, True)[0], True),
    'topk_small': ((4, 3), (-1, 1), lambda x: x.topk(3, 0, largest=False)[0],
                   lambda x: x.topk(3, 0, False, True)[0], True),
}

LAYOUTS = ['contiguous', 'transposed', 'expanded', 'sliced']


@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('name', sorted(UNARY))
def test_unary(name, layout):
    shape, (lo, hi), tf, gf, second = UNARY[name]
    if layout == 'expanded' and name.split('_')[0] in ('amax', 'amin', 'max', 'min', 'sort',
                                                        'topk', 'norm', 'norm1', 'norm_inf'):
        pytest.skip('ties: torch and Gt may pick different positions')
    rng = np.random.default_rng(hash((name, layout)) % 2**32)
    t, g = leaves(uniform(rng, shape, lo, hi), layout)
    check(tf, gf, [t], [g], rng, second, f'{name} ({layout})')


def test_ties_split_evenly():
    rng = np.random.default_rng(1)
    values = torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], dtype=torch.float64)
    for tf, gf in [(lambda x: x.amax(1), lambda x: x.amax([1], False)),
                   (lambda x: x.max(), lambda x: x.max()),
                   (lambda x: x.amin(), lambda x: x.amin(None, False)),
                   (lambda x: torch.norm(x, INF, 1), lambda x: x.norm(INF, [1], False))]:
        t, g = leaves(values.clone(), 'contiguous')
        check(tf, gf, [t], [g], rng, False, 'ties')


def test_prod_zeros():
    rng = np.random.default_rng(2)
    values = torch.tensor([[1.5, 0.0, 2.0], [0.0, 0.0, 3.0], [1.0, 2.0, -1.0]],
                          dtype=torch.float64)
    for tf, gf in [(lambda x: x.prod(1), lambda x: x.prod([1], False)),
                   (lambda x: x.prod(0), lambda x: x.prod([0], False)),
                   (lambda x: x[:1].prod(), lambda x: x.slice(0, 0, 1, 1).prod(None, False))]:
        t, g = leaves(values.clone(), 'contiguous')
        check(tf, gf, [t], [g], rng, False, 'prod with zeros')


def test_norm_zero():
    rng = np.random.default_rng(3)
    values = torch.zeros(2, 3, dtype=torch.float64)
    for p in (2.0, 3.0, 1.5, 0.5):
        t, g = leaves(values.clone(), 'contiguous')
        check(lambda x: torch.norm(x, p, 1), lambda x: x.norm(p, [1], False), [t], [g],
              rng, False, f'norm p={p} of zeros')


def test_std_constant():
    rng = np.random.default_rng(4)
    t, g = leaves(torch.ones(2, 3, dtype=torch.float64), 'contiguous')
    check(lambda x: x.std(1), lambda x: x.std([1], 1.0, False), [t], [g], rng, False,
          'std of a constant')

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
    if layout == 'expanded' and name == 'std_dim':
        pytest.skip('std 0 along the expanded dim: a rounding-level forward difference')
    rng = np.random.default_rng(abs(hash((name, layout))) % 2**32)
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


# ---- matrix products ---------------------------------------------------------

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)),
                 ((5, 2, 3), (3,)), ((5, 2, 3), (3, 4)), ((3,), (5, 3, 2)),
                 ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)), ((1, 2, 3), (5, 3, 4)),
                 ((2, 1, 2, 3), (4, 3, 2))]


@pytest.mark.parametrize('layout', ['contiguous', 'transposed', 'expanded'])
@pytest.mark.parametrize('shapes', MATMUL_SHAPES, ids=str)
def test_matmul(shapes, layout):
    rng = np.random.default_rng(abs(hash((shapes, layout))) % 2**32)
    t1, g1 = leaves(uniform(rng, shapes[0], -1, 1), layout)
    t2, g2 = leaves(uniform(rng, shapes[1], -1, 1), 'contiguous')
    check(torch.matmul, lambda a, b: a.matmul(b), [t1, t2], [g1, g2], rng, True,
          f'matmul {shapes} ({layout})')


PRODUCTS = {
    'mm': (((2, 3), (3, 4)), torch.mm, lambda a, b: a.mm(b)),
    'bmm': (((2, 2, 3), (2, 3, 4)), torch.bmm, lambda a, b: a.bmm(b)),
    'mv': (((2, 3), (3,)), torch.mv, lambda a, b: a.mv(b)),
    'dot': (((3,), (3,)), torch.dot, lambda a, b: a.dot(b)),
    'outer': (((3,), (2,)), torch.outer, lambda a, b: a.outer(b)),
}


@pytest.mark.parametrize('layout', ['contiguous', 'transposed', 'sliced'])
@pytest.mark.parametrize('name', sorted(PRODUCTS))
def test_products(name, layout):
    shapes, tf, gf = PRODUCTS[name]
    rng = np.random.default_rng(abs(hash((name, layout))) % 2**32)
    t1, g1 = leaves(uniform(rng, shapes[0], -1, 1), layout)
    t2, g2 = leaves(uniform(rng, shapes[1], -1, 1), layout)
    check(tf, gf, [t1, t2], [g1, g2], rng, True, f'{name} ({layout})')


@pytest.mark.parametrize('self_shape', [(2, 4), (4,), (1, 4), (2, 1), ()], ids=str)
def test_addmm(self_shape):
    rng = np.random.default_rng(abs(hash(self_shape)) % 2**32)
    t0, g0 = leaves(uniform(rng, self_shape, -1, 1), 'contiguous')
    t1, g1 = leaves(uniform(rng, (2, 3), -1, 1), 'transposed')
    t2, g2 = leaves(uniform(rng, (3, 4), -1, 1), 'contiguous')
    check(lambda s, a, b: torch.addmm(s, a, b, beta=0.5, alpha=-2.0),
          lambda s, a, b: s.addmm(a, b, 0.5, -2.0), [t0, t1, t2], [g0, g1, g2], rng, True,
          f'addmm {self_shape}')


def test_matmul_one_operand_needs_grad():
    rng = np.random.default_rng(7)
    t1, g1 = leaves(uniform(rng, (4, 2, 3), -1, 1), 'contiguous')
    t2 = uniform(rng, (3, 2), -1, 1)
    from test_grad_pointwise import to_gt
    check(torch.matmul, lambda a, b: a.matmul(b), [t1, t2], [g1, to_gt(t2)], rng, True,
          'matmul, other constant')

"""Gradients of the pointwise ops against torch 1.13 (the oracle).

The same float64 inputs and the same graph in both libraries: the grad_fn
names must be torch's, first gradients for a random grad_output must agree
to 1e-6, and for the smooth ops the second gradients too (autograd.grad
with create_graph, then again with a random weight). Inputs are contiguous,
transposed, expanded, sliced, 0-d and broadcast; in-place forms run on a
non-leaf copy; special points (ties, clamp bounds, kinks, 0 ** 0, NaN and
infinities) are checked where torch picks a subgradient.
"""

import math

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gtutil import gt_to_torch as from_gt  # noqa: E402
from gtutil import torch_to_gt as to_gt  # noqa: E402

torch = pytest.importorskip('torch')

torch.set_num_threads(2)

TOL = 1e-6


def assert_close(got, want, what, tol=TOL):
    if want is None:
        assert got is None or not from_gt(got).any(), what
        return
    assert got is not None, f'{what}: no gradient'
    g = from_gt(got)
    assert g.dtype == want.dtype, f'{what}: dtype {g.dtype} != {want.dtype}'
    assert tuple(g.shape) == tuple(want.shape), f'{what}: shape {tuple(g.shape)} != {tuple(want.shape)}'
    assert torch.allclose(g, want.detach(), rtol=tol, atol=tol, equal_nan=True), \
        f'{what}:\n{g}\n!=\n{want}'


def leaves(values, layout):
    """A torch leaf and a Gt leaf with @values (float64) in @layout."""
    t = values
    if layout == 'transposed' and t.dim() >= 2:
        base = t.transpose(0, 1).contiguous()
        tv, gv = base.transpose(0, 1), to_gt(base).transpose(0, 1)
    elif layout == 'expanded' and t.dim() >= 1:
        row = t[:1].contiguous()
        tv, gv = row.expand(*t.shape), to_gt(row).expand(list(t.shape))
    elif layout == 'sliced' and t.dim() >= 1:
        base = torch.repeat_interleave(t, 2, dim=0).contiguous()
        tv, gv = base[::2], to_gt(base).slice(0, 0, base.shape[0], 2)
    else:
        tv, gv = t, to_gt(t)
    tv = tv.detach().requires_grad_()
    gv.requires_grad_()
    return tv, gv


def uniform(rng, shape, lo, hi):
    return torch.from_numpy(rng.uniform(lo, hi, shape)).to(torch.float64)


def check(torch_fn, gt_fn, t_in, g_in, rng, second_order, what):
    """Forward values, grad_fn name, first and (optionally) second
    gradients of the inputs that require grad."""
    t_out = torch_fn(*t_in)
    g_out = gt_fn(*g_in)
    assert_close(g_out, t_out, what + ' (forward)', tol=1e-12)
    assert g_out.grad_fn is not None, what
    assert g_out.grad_fn.name() == t_out.grad_fn.name(), what

    t_req = [t for t in t_in if isinstance(t, torch.Tensor) and t.requires_grad]
    g_req = [g for g in g_in if isinstance(g, Gt.Tensor) and g.requires_grad]
    v = torch.from_numpy(rng.uniform(-1, 1, tuple(t_out.shape))).to(torch.float64)
    t_first = torch.autograd.grad(t_out, t_req, v, create_graph=second_order,
                                  allow_unused=True)
    g_first = Gt.autograd.grad(g_out, g_req, to_gt(v), create_graph=second_order,
                               allow_unused=True)
    for i, (g, t) in enumerate(zip(g_first, t_first)):
        assert_close(g, t, f'{what}: gradient of input {i}')
    if not second_order:
        return

    ws = [torch.from_numpy(rng.uniform(-1, 1, tuple(t.shape))).to(torch.float64)
          for t in t_req]
    t_pairs = [(f, w) for f, w in zip(t_first, ws) if f is not None and f.requires_grad]
    g_pairs = [(f, to_gt(w)) for f, w in zip(g_first, ws)
               if f is not None and f.requires_grad]
    # A gradient without a graph has zero derivatives (torch records some
    # that are zero, as relu's threshold_backward): None compares as zeros.
    t_second = (torch.autograd.grad([f for f, _ in t_pairs], t_req,
                                    [w for _, w in t_pairs], allow_unused=True)
                if t_pairs else [None] * len(t_req))
    g_second = (Gt.autograd.grad([f for f, _ in g_pairs], g_req,
                                 [w for _, w in g_pairs], allow_unused=True)
                if g_pairs else [None] * len(g_req))
    for i, (g, t) in enumerate(zip(g_second, t_second)):
        if t is not None and not t.any() and g is None:
            continue
        assert_close(g, t, f'{what}: second gradient of input {i}')


# ---- ops -----------------------------------------------------------------------

T0 = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731

# name: (torch fn, gt fn, input ranges, smooth)
UNARY = {
    'exp': (torch.exp, lambda x: x.exp(), (-1, 1), True),
    'log': (torch.log, lambda x: x.log(), (0.5, 2), True),
    'log2': (torch.log2, lambda x: x.log2(), (0.5, 2), True),
    'log1p': (torch.log1p, lambda x: x.log1p(), (-0.5, 2), True),
    'expm1': (torch.expm1, lambda x: x.expm1(), (-1, 1), True),
    'sqrt': (torch.sqrt, lambda x: x.sqrt(), (0.5, 2), True),
    'rsqrt': (torch.rsqrt, lambda x: x.rsqrt(), (0.5, 2), True),
    'sin': (torch.sin, lambda x: x.sin(), (-2, 2), True),
    'cos': (torch.cos, lambda x: x.cos(), (-2, 2), True),
    'tanh': (torch.tanh, lambda x: x.tanh(), (-2, 2), True),
    'sigmoid': (torch.sigmoid, lambda x: x.sigmoid(), (-2, 2), True),
    'reciprocal': (torch.reciprocal, lambda x: x.reciprocal(), (0.5, 2), True),
    'abs': (torch.abs, lambda x: x.abs(), (-2, 2), True),
    'neg': (torch.neg, lambda x: x.neg(), (-2, 2), True),
    'sign': (torch.sign, lambda x: x.sign(), (-2, 2), True),
    'floor': (torch.floor, lambda x: x.floor(), (-2, 2), True),
    'ceil': (torch.ceil, lambda x: x.ceil(), (-2, 2), True),
    'trunc': (torch.trunc, lambda x: x.trunc(), (-2, 2), True),
    'round': (torch.round, lambda x: x.round(0), (-2, 2), True),
    'round_decimals': (lambda x: torch.round(x, decimals=2), lambda x: x.round(2), (-2, 2), True),
    'relu': (torch.relu, lambda x: x.relu(), (-2, 2), True),
    'square': (torch.square, lambda x: x.square(), (-2, 2), True),
    'nan_to_num': (torch.nan_to_num, lambda x: x.nan_to_num(0.0, False, 0, False, 0),
                   (-2, 2), True),
    'add_scalar': (lambda x: torch.add(x, 1.5, alpha=0.5), lambda x: x.add_scalar(1.5, 0.5),
                   (-2, 2), True),
    'sub_scalar': (lambda x: torch.sub(x, 1.5, alpha=2.0), lambda x: x.sub_scalar(1.5, 2.0),
                   (-2, 2), True),
    'rsub_scalar': (lambda x: torch.rsub(x, 1.5, alpha=2.0), lambda x: x.rsub_scalar(1.5, 2.0),
                    (-2, 2), True),
    'mul_scalar': (lambda x: x * -1.7, lambda x: x.mul_scalar(-1.7), (-2, 2), True),
    'div_scalar': (lambda x: x / -1.7, lambda x: x.div_scalar(-1.7, None), (-2, 2), True),
    'div_scalar_floor': (lambda x: torch.div(x, 0.3, rounding_mode='floor'),
                         lambda x: x.div_scalar(0.3, 'floor'), (-2, 2), True),
    'rdiv_scalar': (lambda x: 2.5 / x, lambda x: x.rdiv_scalar(2.5, None), (0.5, 2), True),
    'pow_scalar': (lambda x: x ** 3, lambda x: x.pow_scalar(3.0), (-2, 2), True),
    'pow_scalar_2': (lambda x: x ** 2, lambda x: x.pow_scalar(2.0), (-2, 2), True),
    'pow_scalar_half': (lambda x: x ** 0.5, lambda x: x.pow_scalar(0.5), (0.5, 2), True),
    'pow_scalar_frac': (lambda x: x ** -1.5, lambda x: x.pow_scalar(-1.5), (0.5, 2), True),
    'pow_scalar_0': (lambda x: x ** 0, lambda x: x.pow_scalar(0.0), (-2, 2), True),
    'rpow_scalar': (lambda x: 2.5 ** x, lambda x: x.rpow_scalar(2.5), (-2, 2), True),
    'maximum_scalar': (lambda x: torch.maximum(x, T0(0.1)), lambda x: x.maximum_scalar(0.1),
                       (-2, 2), True),
    'minimum_scalar': (lambda x: torch.minimum(x, T0(0.1)), lambda x: x.minimum_scalar(0.1),
                       (-2, 2), True),
    'remainder_scalar': (lambda x: torch.remainder(x, 0.7), lambda x: x.remainder_scalar(0.7),
                         (-2, 2), True),
    # torch has no derivative for number % tensor; the tensor form is the reference
    'rremainder_scalar': (lambda x: torch.remainder(T0(5.0), x),
                          lambda x: x.rremainder_scalar(5.0), (0.7, 1.9), True),
    'atan2_scalar': (lambda x: torch.atan2(x, T0(-0.8)), lambda x: x.atan2_scalar(-0.8),
                     (-2, 2), True),
    'clamp_scalar': (lambda x: torch.clamp(x, -0.5, 0.6), lambda x: x.clamp_scalar(-0.5, 0.6),
                     (-1, 1), True),
    'clamp_min_scalar': (lambda x: torch.clamp_min(x, -0.5),
                         lambda x: x.clamp_min_scalar(-0.5), (-1, 1), True),
    'clamp_max_scalar': (lambda x: torch.clamp_max(x, 0.6),
                         lambda x: x.clamp_max_scalar(0.6), (-1, 1), True),
}

# name: (input range, torch method and args (a dict last: keywords), gt method
# and args)
INPLACE = {
    'exp_': ((-1, 1), ('exp_',), ('exp_',)),
    'log_': ((0.5, 2), ('log_',), ('log_',)),
    'log2_': ((0.5, 2), ('log2_',), ('log2_',)),
    'log1p_': ((-0.5, 2), ('log1p_',), ('log1p_',)),
    'expm1_': ((-1, 1), ('expm1_',), ('expm1_',)),
    'sqrt_': ((0.5, 2), ('sqrt_',), ('sqrt_',)),
    'rsqrt_': ((0.5, 2), ('rsqrt_',), ('rsqrt_',)),
    'sin_': ((-2, 2), ('sin_',), ('sin_',)),
    'cos_': ((-2, 2), ('cos_',), ('cos_',)),
    'tanh_': ((-2, 2), ('tanh_',), ('tanh_',)),
    'sigmoid_': ((-2, 2), ('sigmoid_',), ('sigmoid_',)),
    'reciprocal_': ((0.5, 2), ('reciprocal_',), ('reciprocal_',)),
    'abs_': ((-2, 2), ('abs_',), ('abs_',)),
    'neg_': ((-2, 2), ('neg_',), ('neg_',)),
    'sign_': ((-2, 2), ('sign_',), ('sign_',)),
    'floor_': ((-2, 2), ('floor_',), ('floor_',)),
    'relu_': ((-2, 2), ('relu_',), ('relu_',)),
    'square_': ((-2, 2), ('square_',), ('square_',)),
    'round_': ((-2, 2), ('round_',), ('round_', 0)),
    'nan_to_num_': ((-2, 2), ('nan_to_num_',), ('nan_to_num_', 0.0, False, 0, False, 0)),
    'add_scalar_': ((-2, 2), ('add_', 1.5, {'alpha': 0.5}), ('add_scalar_', 1.5, 0.5)),
    'sub_scalar_': ((-2, 2), ('sub_', 1.5, {'alpha': 2.0}), ('sub_scalar_', 1.5, 2.0)),
    'mul_scalar_': ((-2, 2), ('mul_', -1.7), ('mul_scalar_', -1.7)),
    'div_scalar_': ((-2, 2), ('div_', -1.7), ('div_scalar_', -1.7, None)),
    'pow_scalar_': ((-2, 2), ('pow_', 3.0), ('pow_scalar_', 3.0)),
    'remainder_scalar_': ((-2, 2), ('remainder_', 0.7), ('remainder_scalar_', 0.7)),
    'clamp_scalar_': ((-1, 1), ('clamp_', -0.5, 0.6), ('clamp_scalar_', -0.5, 0.6)),
    'clamp_min_scalar_': ((-1, 1), ('clamp_min_', -0.5), ('clamp_min_scalar_', -0.5)),
    'clamp_max_scalar_': ((-1, 1), ('clamp_max_', 0.6), ('clamp_max_scalar_', 0.6)),
}

BINARY = {
    'add': (lambda x, y: torch.add(x, y, alpha=0.7), lambda x, y: x.add(y, 0.7),
            ((-2, 2), (-2, 2)), True),
    'sub': (lambda x, y: torch.sub(x, y, alpha=1.3), lambda x, y: x.sub(y, 1.3),
            ((-2, 2), (-2, 2)), True),
    'mul': (torch.mul, lambda x, y: x.mul(y), ((-2, 2), (-2, 2)), True),
    'div': (torch.div, lambda x, y: x.div(y, None), ((-2, 2), (0.5, 2)), True),
    'div_floor': (lambda x, y: torch.div(x, y, rounding_mode='floor'),
                  lambda x, y: x.div(y, 'floor'), ((-2, 2), (0.5, 2)), True),
    'div_trunc': (lambda x, y: torch.div(x, y, rounding_mode='trunc'),
                  lambda x, y: x.div(y, 'trunc'), ((-2, 2), (0.5, 2)), True),
    'pow': (torch.pow, lambda x, y: x.pow(y), ((0.5, 2), (-2, 2)), True),
    'maximum': (torch.maximum, lambda x, y: x.maximum(y), ((-2, 2), (-2, 2)), True),
    'minimum': (torch.minimum, lambda x, y: x.minimum(y), ((-2, 2), (-2, 2)), True),
    'remainder': (torch.remainder, lambda x, y: x.remainder(y), ((-3, 3), (0.7, 1.9)), True),
    'atan2': (torch.atan2, lambda x, y: x.atan2(y), ((-2, 2), (-2, 2)), True),
}

# name: (torch method and extra args, gt method and extra args)
BINARY_INPLACE = {
    'add': (('add_', {'alpha': 0.7}), ('add_', 0.7)),
    'sub': (('sub_', {'alpha': 1.3}), ('sub_', 1.3)),
    'mul': (('mul_', {}), ('mul_',)),
    'div': (('div_', {}), ('div_', None)),
    'div_floor': (('div_', {'rounding_mode': 'floor'}), ('div_', 'floor')),
    'pow': (('pow_', {}), ('pow_',)),
    'remainder': (('remainder_', {}), ('remainder_',)),
    'atan2': (('atan2_', {}), ('atan2_',)),
}

UNARY_CONFIGS = [((2, 3), 'transposed'), ((3, 2), 'expanded'), ((4,), 'sliced'),
                 ((), 'contiguous')]
# (shape of x, layout of x, shape of y, layout of y)
BINARY_CONFIGS = [((2, 3), 'contiguous', (2, 3), 'transposed'),
                  ((3, 2), 'expanded', (3, 2), 'sliced'),
                  ((2, 1, 3), 'sliced', (4, 1), 'transposed'),
                  ((), 'contiguous', (3,), 'contiguous')]


def seeded(name):
    """A generator seeded from the test's name, the same in every run."""
    return np.random.default_rng(sum(map(ord, name)) * 7919)


@pytest.mark.parametrize('name', sorted(UNARY))
@pytest.mark.parametrize('config', range(len(UNARY_CONFIGS)))
def test_unary(name, config):
    t_fn, g_fn, (lo, hi), smooth = UNARY[name]
    shape, layout = UNARY_CONFIGS[config]
    rng = seeded(name + str(config))
    tx, gx = leaves(uniform(rng, shape, lo, hi), layout)
    check(t_fn, g_fn, [tx], [gx], rng, smooth, name)


@pytest.mark.parametrize('name', sorted(INPLACE))
@pytest.mark.parametrize('config', [0, 2])
def test_unary_inplace(name, config):
    (lo, hi), t_call, g_call = INPLACE[name]
    shape, layout = UNARY_CONFIGS[config]
    rng = seeded(name + str(config))
    tx, gx = leaves(uniform(rng, shape, lo, hi), layout)

    def t_fn(x):
        t = x * 1
        args = t_call[1:]
        kwargs = args[-1] if args and isinstance(args[-1], dict) else {}
        getattr(t, t_call[0])(*(args[:-1] if kwargs else args), **kwargs)
        return t

    def g_fn(x):
        t = x.mul_scalar(1.0)
        r = getattr(t, g_call[0])(*g_call[1:])
        # torch-style wrappers return self, raw GI in-place calls TRUE
        assert r is True or r is t
        return t
    check(t_fn, g_fn, [tx], [gx], rng, True, name)


@pytest.mark.parametrize('name', sorted(BINARY))
@pytest.mark.parametrize('config', range(len(BINARY_CONFIGS)))
def test_binary(name, config):
    t_fn, g_fn, ranges, smooth = BINARY[name]
    xs, xl, ys, yl = BINARY_CONFIGS[config]
    rng = seeded(name + str(config))
    tx, gx = leaves(uniform(rng, xs, *ranges[0]), xl)
    ty, gy = leaves(uniform(rng, ys, *ranges[1]), yl)
    check(t_fn, g_fn, [tx, ty], [gx, gy], rng, smooth, name)
    # one operand a constant
    tc, gc = ty.detach(), to_gt(ty.detach())
    check(t_fn, g_fn, [tx, tc], [gx, gc], rng, smooth, name + ' (other constant)')
    tc, gc = tx.detach(), to_gt(tx.detach())
    check(t_fn, g_fn, [tc, ty], [gc, gy], rng, smooth, name + ' (self constant)')


@pytest.mark.parametrize('name', sorted(BINARY_INPLACE))
@pytest.mark.parametrize('config', [0, 2])
def test_binary_inplace(name, config):
    (t_method, t_kwargs), g_call = BINARY_INPLACE[name]
    _, _, ranges, smooth = BINARY[name]
    xs, xl, ys, yl = BINARY_CONFIGS[config]
    rng = seeded(name + '_' + str(config))
    tx, gx = leaves(uniform(rng, xs, *ranges[0]), xl)
    ty, gy = leaves(uniform(rng, ys, *ranges[1]), yl)

    def t_fn(x, y):
        t = torch.add(x, y, alpha=0)       # a non-leaf of the broadcast shape
        getattr(t, t_method)(y, **t_kwargs)
        return t

    def g_fn(x, y):
        t = x.add(y, 0.0)
        r = getattr(t, g_call[0])(y, *g_call[1:])
        assert r is True or r is t
        return t
    check(t_fn, g_fn, [tx, ty], [gx, gy], rng, smooth, name + '_')


def mask(shape, rng):
    return torch.from_numpy(rng.integers(0, 2, shape).astype(bool))


@pytest.mark.parametrize('broadcast', [False, True])
def test_where(broadcast):
    rng = seeded('where' + str(broadcast))
    if broadcast:
        tx, gx = leaves(uniform(rng, (3,), -2, 2), 'contiguous')
        ty, gy = leaves(uniform(rng, (2, 1), -2, 2), 'expanded')
    else:
        tx, gx = leaves(uniform(rng, (2, 3), -2, 2), 'transposed')
        ty, gy = leaves(uniform(rng, (2, 3), -2, 2), 'sliced')
    c = mask((2, 3), rng)
    gc = to_gt(c)
    check(lambda x, y: torch.where(c, x, y), lambda x, y: Gt.where(gc, x, y),
          [tx, ty], [gx, gy], rng, True, 'where')
    check(lambda x: torch.where(c, x, -0.25), lambda x: Gt.where_scalar(gc, x, -0.25),
          [tx], [gx], rng, True, 'where_scalar')


@pytest.mark.parametrize('bounds', ['min', 'max', 'both'])
@pytest.mark.parametrize('broadcast', [False, True])
def test_clamp_tensor(bounds, broadcast):
    rng = seeded('clamp' + bounds + str(broadcast))
    if broadcast:
        tx, gx = leaves(uniform(rng, (2, 3), -2, 2), 'contiguous')
        tl, gl = leaves(uniform(rng, (3,), -1, 0.5), 'contiguous')
        th, gh = leaves(uniform(rng, (2, 1), -0.5, 1), 'expanded')
    else:
        tx, gx = leaves(uniform(rng, (2, 3), -2, 2), 'transposed')
        tl, gl = leaves(uniform(rng, (2, 3), -1, 0), 'contiguous')
        th, gh = leaves(uniform(rng, (2, 3), 0, 1), 'sliced')
    lo = bounds in ('min', 'both')
    hi = bounds in ('max', 'both')

    def t_fn(x, l, h):
        return torch.clamp(x, l if lo else None, h if hi else None)

    def g_fn(x, l, h):
        return x.clamp(l if lo else None, h if hi else None)
    check(t_fn, g_fn, [tx, tl, th], [gx, gl, gh], rng, True, 'clamp')

    def t_fn_(x, l, h):
        t = x * 1
        t.clamp_(l if lo else None, h if hi else None)
        return t

    def g_fn_(x, l, h):
        t = x.mul_scalar(1.0)
        assert t.clamp_(l if lo else None, h if hi else None) is t
        return t
    if not broadcast:
        check(t_fn_, g_fn_, [tx, tl, th], [gx, gl, gh], rng, True, 'clamp_')


# ---- special points ------------------------------------------------------------

SPECIAL = {
    'maximum_ties': (lambda x, y: torch.maximum(x, y), lambda x, y: x.maximum(y),
                     [1, 2, 5, 0], [1, 3, 4, 0]),
    'minimum_ties': (lambda x, y: torch.minimum(x, y), lambda x, y: x.minimum(y),
                     [1, 2, 5, 0], [1, 3, 4, -0.0]),
    'clamp_crossing': (lambda x, lo: torch.clamp(x, lo, lo - 0.5),
                       lambda x, lo: x.clamp(lo, lo.sub_scalar(0.5, 1.0)),
                       [0, 1, 2, 3], [0, 1.5, 2, 4]),
    'pow_zero': (torch.pow, lambda x, e: x.pow(e), [0, 0, 2, -2, 0, -2], [0, 2, 0, 2, -1, 0.5]),
    'atan2_axes': (torch.atan2, lambda x, y: x.atan2(y), [1, 0, -1], [0, 1, 0]),
    'div_zero': (torch.div, lambda x, y: x.div(y, None), [1, 0], [0, 0]),
    'remainder_neg': (torch.remainder, lambda x, y: x.remainder(y), [-3.5, 3.5], [2, -2]),
}


@pytest.mark.parametrize('name', sorted(SPECIAL))
def test_special_binary(name):
    t_fn, g_fn, xv, yv = SPECIAL[name]
    rng = seeded(name)
    tx, gx = leaves(torch.tensor(xv, dtype=torch.float64), 'contiguous')
    ty, gy = leaves(torch.tensor(yv, dtype=torch.float64), 'contiguous')
    check(t_fn, g_fn, [tx, ty], [gx, gy], rng, False, name)


UNARY_SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize('name', ['abs', 'relu', 'sign', 'sqrt', 'rsqrt', 'log', 'reciprocal',
                                  'nan_to_num', 'clamp_scalar', 'clamp_min_scalar',
                                  'clamp_max_scalar', 'maximum_scalar', 'pow_scalar_0',
                                  'pow_scalar_half', 'rpow_scalar', 'sigmoid', 'tanh', 'exp'])
def test_special_unary(name):
    t_fn, g_fn, _, _ = UNARY[name]
    rng = seeded(name)
    values = UNARY_SPECIAL + [-0.5, 0.6, 0.1]
    tx, gx = leaves(torch.tensor(values, dtype=torch.float64), 'contiguous')
    check(t_fn, g_fn, [tx], [gx], rng, False, name)


def test_rpow_zero_base():
    rng = seeded('rpow0')
    tx, gx = leaves(torch.tensor([1.0, 0.0, -1.0, 2.5], dtype=torch.float64), 'contiguous')
    check(lambda x: 0.0 ** x, lambda x: x.rpow_scalar(0.0), [tx], [gx], rng, False, 'rpow0')


# ---- mixed dtypes, numbers and constants ---------------------------------------

def test_mixed_dtypes():
    x32 = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float32, requires_grad=True)
    y64 = torch.tensor([2.0, 4.0, -3.0], dtype=torch.float64, requires_grad=True)
    k = torch.tensor([3, -2, 5], dtype=torch.int32)
    gx, gy, gk = to_gt(x32), to_gt(y64), to_gt(k)
    gx.requires_grad_()
    gy.requires_grad_()
    for t_out, g_out in [(x32 * y64, gx.mul(gy)), (x32 * k, gx.mul(gk)),
                         (torch.atan2(x32, y64), gx.atan2(gy)),
                         (torch.where(k > 0, x32, y64), Gt.where(gk.gt_scalar(0), gx, gy))]:
        assert g_out.grad_fn.name() == t_out.grad_fn.name()
        t_grads = torch.autograd.grad(t_out, [x32, y64], torch.ones_like(t_out),
                                      allow_unused=True)
        g_grads = Gt.autograd.grad(g_out, [gx, gy], to_gt(torch.ones_like(t_out)),
                                   allow_unused=True)
        for g, t in zip(g_grads, t_grads):
            if t is None:
                assert g is None
            else:
                assert_close(g, t, 'mixed dtypes')


def test_comparisons_record_nothing():
    x = Gt.tensor([0.5, -1.0], dtype=Gt.float64, requires_grad=True)
    y = Gt.tensor([1.0, -1.0], dtype=Gt.float64, requires_grad=True)
    for out in (x.lt(y), x.eq_scalar(0.5), x.ge(y), x.isnan(), x.isinf(),
                x.logical_not(), x.logical_and(y), x.logical_or(y)):
        assert not out.requires_grad
        assert out.grad_fn is None


def test_inplace_on_leaf_refused():
    x = Gt.tensor([0.5, 1.0], dtype=Gt.float64, requires_grad=True)
    for call in (lambda: x.add_scalar_(1.0, 1.0), lambda: x.exp_(),
                 lambda: x.clamp_scalar_(0, 1), lambda: x.mul_(x)):
        with pytest.raises(GLib.Error) as info:
            call()
        assert 'leaf' in str(info.value)
    with Gt.no_grad():
        assert x.mul_scalar_(2.0)
    assert from_gt(x).tolist() == [1.0, 2.0]
    assert x.is_leaf


def test_inplace_modified_saved_tensor():
    tx = torch.tensor([0.5, 1.0], dtype=torch.float64, requires_grad=True)
    ty = tx.exp()
    ty.add_(1)
    with pytest.raises(RuntimeError):
        ty.backward(torch.ones_like(ty))

    x = Gt.tensor([0.5, 1.0], dtype=Gt.float64, requires_grad=True)
    y = x.exp()
    y.add_scalar_(1.0, 1.0)
    with pytest.raises(GLib.Error) as info:
        y.backward(Gt.ones_like(y))
    assert 'modified by an inplace operation' in str(info.value)


def test_second_derivative_of_cube():
    tx = torch.tensor([-1.5, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
    gx = to_gt(tx.detach())
    gx.requires_grad_()
    t_first, = torch.autograd.grad(tx * tx * tx, tx, torch.ones(3, dtype=torch.float64),
                                   create_graph=True)
    g_first, = Gt.autograd.grad(gx.mul(gx).mul(gx), gx, Gt.ones_like(gx), create_graph=True)
    assert g_first.grad_fn.name() == t_first.grad_fn.name()
    assert_close(g_first, t_first, 'first')
    t_first.backward(torch.ones(3, dtype=torch.float64))
    g_first.backward(Gt.ones_like(g_first))
    assert_close(gx.grad, tx.grad, 'second')

# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reductions and scans against torch 1.13: sum, mean, prod, var, std,
amax, amin, all, any, logsumexp, norm over lists of dims (negative, empty,
repeated) with and without keepdim; max/min/argmax/argmin of the whole
tensor and along a dim; cumsum. Random values over 0-d, empty and
ordinary shapes, in contiguous, transposed, sliced and expanded layouts,
for every dtype torch accepts (and the errors where it refuses one);
output dtype and shape must equal torch's, values within float tolerance
(exact for integers and bools); NaN handling; the accuracy of long float
sums.

The C functions are called through the raw introspected module, so that
these tests check the C library whatever the Python overrides add."""

import math

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib  # noqa: E402

from gtutil import expect_gerror as assert_error  # noqa: E402
from gtutil import raw_dtype_name as dtype_name  # noqa: E402
from gtutil import raw_from_numpy as to_gt  # noqa: E402
from gtutil import raw_operand as make_operand  # noqa: E402
from gtutil import raw_to_numpy as to_numpy  # noqa: E402
from gtutil import torch_from_numpy as to_torch  # noqa: E402

Gt = get_introspection_module('Gt')
T = Gt.Tensor

torch = pytest.importorskip('torch')
pytestmark = pytest.mark.usefixtures('torch_one_thread')

DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool',
          'float16', 'bfloat16']
TOL = {'float32': (1e-5, 1e-5), 'float64': (1e-10, 1e-12),
       'float16': (2e-3, 2e-3), 'bfloat16': (1e-2, 1e-2)}

SHAPES = [(), (0,), (7,), (3, 4), (2, 0, 3), (2, 3, 4), (4, 1, 5),
          (3, 2, 2, 3)]
LAYOUTS = ['contiguous', 'transposed', 'sliced', 'expanded']

rng = np.random.default_rng(20240601)


def random_values(shape, name, small=False):
    """Values exact in @name. @small keeps products of integers in range."""
    if name == 'bool':
        return rng.integers(0, 2, shape).astype(np.float64)
    if name in ('float32', 'float64'):
        return rng.standard_normal(shape)
    if name in ('float16', 'bfloat16'):
        return rng.integers(-8, 9, shape) / 4.0
    if name == 'uint8':
        return rng.integers(0, 3 if small else 250, shape).astype(np.float64)
    if small:
        return rng.integers(-3, 4, shape).astype(np.float64)
    return rng.integers(-100, 101, shape).astype(np.float64)


def operands(name, small=False, shapes=SHAPES, layouts=LAYOUTS):
    for shape in shapes:
        values = random_values(shape, name, small)
        for layout in layouts:
            if layout != 'contiguous' and len(shape) == 0:
                continue
            yield shape, layout, make_operand(values, name, layout)


def check(got, ref, what=''):
    """@got (Gt) has the dtype, shape and values of @ref (torch)."""
    ref_name = str(ref.dtype).split('.')[-1]
    assert dtype_name(got) == ref_name, what
    assert tuple(got.get_shape()) == tuple(ref.shape), what
    want = (ref.float() if ref_name == 'bfloat16' else ref).numpy()
    have = to_numpy(got)
    if ref_name in TOL:
        rtol, atol = TOL[ref_name]
        np.testing.assert_allclose(have, want, rtol=rtol, atol=atol,
                                   err_msg=what)
    else:
        np.testing.assert_array_equal(have, want, err_msg=what)


def dim_lists(ndim):
    """The dim lists to try on @ndim dims: all (empty list), each dim,
    the last counted from the end, a pair, every dim named."""
    lists = [[]]
    n = max(ndim, 1)
    lists += [[d] for d in range(n)]
    lists.append([-1])
    if ndim >= 2:
        lists.append([0, -1])
    if ndim >= 3:
        lists.append([-1, 1])
        lists.append(list(range(ndim)))
    return lists


def all_dims(t, dims):
    """torch's dims for a list (empty = all)."""
    return tuple(dims) if dims else tuple(range(t.dim()))


def fold(t, dims, keepdim, fn):
    """Applies a one-dim torch reduction @fn over several dims."""
    dims = sorted({d % max(t.dim(), 1) for d in all_dims(t, dims)},
                  reverse=True)
    if t.dim() == 0:
        return fn(t, 0, keepdim)
    for d in dims:
        t = fn(t, d, True)
    if not keepdim:
        for d in dims:
            t = t.squeeze(d)
    return t


# ---- reductions over lists of dims ----------------------------------------------

def torch_sum(t, dims, keepdim):
    return torch.sum(t, dim=all_dims(t, dims), keepdim=keepdim)


def torch_mean(t, dims, keepdim):
    return torch.mean(t, dim=all_dims(t, dims), keepdim=keepdim)


def torch_prod(t, dims, keepdim):
    return fold(t, dims, keepdim, lambda x, d, k: torch.prod(x, d, keepdim=k))


def torch_var(t, dims, keepdim, correction):
    return torch.var(t, dim=all_dims(t, dims), correction=correction,
                     keepdim=keepdim)


def torch_std(t, dims, keepdim, correction):
    return torch.std(t, dim=all_dims(t, dims), correction=correction,
                     keepdim=keepdim)


def torch_amax(t, dims, keepdim):
    return torch.amax(t, dim=all_dims(t, dims), keepdim=keepdim)


def torch_amin(t, dims, keepdim):
    return torch.amin(t, dim=all_dims(t, dims), keepdim=keepdim)


def torch_all(t, dims, keepdim):
    return fold(t, dims, keepdim, lambda x, d, k: torch.all(x, d, keepdim=k))


def torch_any(t, dims, keepdim):
    return fold(t, dims, keepdim, lambda x, d, k: torch.any(x, d, keepdim=k))


def torch_logsumexp(t, dims, keepdim):
    return torch.logsumexp(t, dim=all_dims(t, dims) or (0,), keepdim=keepdim)


def torch_norm(t, dims, keepdim, p):
    return torch.norm(t, p, dim=all_dims(t, dims) or None, keepdim=keepdim)


LIST_OPS = {
    'sum': (lambda g, d, k: T.sum(g, d, k), torch_sum),
    'mean': (lambda g, d, k: T.mean(g, d, k), torch_mean),
    'prod': (lambda g, d, k: T.prod(g, d, k), torch_prod),
    'var': (lambda g, d, k: T.var(g, d, 1.0, k),
            lambda t, d, k: torch_var(t, d, k, 1)),
    'var0': (lambda g, d, k: T.var(g, d, 0.0, k),
             lambda t, d, k: torch_var(t, d, k, 0)),
    'std': (lambda g, d, k: T.std(g, d, 1.0, k),
            lambda t, d, k: torch_std(t, d, k, 1)),
    'std2': (lambda g, d, k: T.std(g, d, 2.0, k),
             lambda t, d, k: torch_std(t, d, k, 2)),
    'amax': (lambda g, d, k: T.amax(g, d, k), torch_amax),
    'amin': (lambda g, d, k: T.amin(g, d, k), torch_amin),
    'all': (lambda g, d, k: T.all(g, d, k), torch_all),
    'any': (lambda g, d, k: T.any(g, d, k), torch_any),
    'logsumexp': (lambda g, d, k: T.logsumexp(g, d, k), torch_logsumexp),
}
for _p in (2.0, 1.0, 0.5, 0.0, math.inf, -math.inf):
    LIST_OPS['norm%g' % _p] = (
        (lambda p: lambda g, d, k: T.norm(g, p, d, k))(_p),
        (lambda p: lambda t, d, k: torch_norm(t, d, k, p))(_p))

# norm/logsumexp/var of float16 are computed by torch in half precision
# step by step; gtensor rounds once, so only the 32/64-bit floats and the
# exact ops are compared on the 16-bit types.
HALF_OK = {'sum', 'mean', 'amax', 'amin', 'all', 'any', 'prod'}


def torch_outcome(fn):
    try:
        return fn(), None
    except (RuntimeError, IndexError) as e:
        return None, e


def refused(name, torch_fn, gt_fn, func):
    """Whether torch refuses dtype @name for an op (tried on a [3, 4]
    tensor: torch only notices in its kernel, which empty and 0-d inputs
    may skip). If it does, gtensor must refuse it too, for every shape."""
    values = random_values((3, 4), name, True)
    _, err = torch_outcome(lambda: torch_fn(to_torch(values, name)))
    if err is None:
        return False
    for shape in ((3, 4), (), (0, 2)):
        g = to_gt(random_values(shape, name, True), name)
        assert_error(Gt.Error.DTYPE, func, lambda: gt_fn(g))
    return True


@pytest.mark.parametrize('name', DTYPES)
@pytest.mark.parametrize('op', sorted(LIST_OPS))
def test_list_reduction(op, name):
    gt_fn, torch_fn = LIST_OPS[op]
    func = 'gt_tensor_' + op.rstrip('0123456789.-inf') if not op.startswith(
        'norm') else 'gt_tensor_norm'
    if refused(name, lambda t: torch_fn(t, [], False),
               lambda g: gt_fn(g, [], False), func):
        return
    if name in ('float16', 'bfloat16') and op not in HALF_OK:
        layouts = ['contiguous']
    else:
        layouts = LAYOUTS
    for shape, layout, (g, t) in operands(name, small=op == 'prod',
                                          layouts=layouts):
        for dims in dim_lists(len(shape)):
            for keepdim in (False, True):
                what = '%s %s %s %s dims=%s keepdim=%s' % (
                    op, name, shape, layout, dims, keepdim)
                if 0 not in shape:
                    ref, err = torch_fn(t, dims, keepdim), None
                else:
                    ref, err = torch_outcome(lambda: torch_fn(t, dims, keepdim))
                if err is not None:
                    with pytest.raises(GLib.Error) as info:
                        gt_fn(g, dims, keepdim)
                    assert info.value.code in (int(Gt.Error.DTYPE),
                                               int(Gt.Error.INDEX),
                                               int(Gt.Error.VALUE)), what
                    continue
                got = gt_fn(g, dims, keepdim)
                if name in ('float16', 'bfloat16') and op not in HALF_OK:
                    # Compare with torch in float32, rounded once.
                    ref = torch_fn(t.float(), dims, keepdim).to(t.dtype)
                check(got, ref, what)


def test_dtype_refusals():
    g = to_gt(np.ones((2, 3)), 'int32')
    for fn, func in ((lambda: T.mean(g, None, False), 'gt_tensor_mean'),
                     (lambda: T.var(g, None, 1.0, False), 'gt_tensor_var'),
                     (lambda: T.std(g, None, 1.0, False), 'gt_tensor_std'),
                     (lambda: T.norm(g, 2.0, None, False), 'gt_tensor_norm')):
        assert_error(Gt.Error.DTYPE, func, fn)
    h = to_gt(np.ones(3), 'float16')
    assert_error(Gt.Error.DTYPE, 'gt_tensor_prod',
                 lambda: T.prod(h, None, False))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_logsumexp',
                 lambda: T.logsumexp(h, None, False))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_cumsum', lambda: T.cumsum(h, 0))
    b = to_gt(np.ones(3), 'bool')
    assert_error(Gt.Error.DTYPE, 'gt_tensor_argmax',
                 lambda: T.argmax(b, False))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_argmin_dim',
                 lambda: T.argmin_dim(b, 0, False))


def test_dim_errors():
    g = to_gt(np.ones((2, 3)), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_sum', lambda: T.sum(g, [2], False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_sum', lambda: T.sum(g, [-3], False))
    assert_error(Gt.Error.VALUE, 'gt_tensor_sum',
                 lambda: T.sum(g, [1, -1], False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_max_dim',
                 lambda: T.max_dim(g, 2, False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_cumsum', lambda: T.cumsum(g, -3))
    z = to_gt(np.float32(3.0), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_mean', lambda: T.mean(z, [1], False))
    assert_error(Gt.Error.VALUE, 'gt_tensor_amax',
                 lambda: T.amax(z, [0, -1], False))


def test_empty_extremes():
    e = to_gt(np.zeros((0, 3)), 'float32')
    assert_error(Gt.Error.VALUE, 'gt_tensor_max', lambda: T.max(e))
    assert_error(Gt.Error.VALUE, 'gt_tensor_min', lambda: T.min(e))
    assert_error(Gt.Error.VALUE, 'gt_tensor_amax', lambda: T.amax(e, None, False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_amin', lambda: T.amin(e, [0], False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_max_dim',
                 lambda: T.max_dim(e, 0, False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_argmax', lambda: T.argmax(e, False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_argmin_dim',
                 lambda: T.argmin_dim(e, -2, False))
    # reducing the other (non-empty) dim of an empty tensor is fine
    v, i = T.max_dim(e, 1, False)
    assert tuple(v.get_shape()) == (0,) and tuple(i.get_shape()) == (0,)
    check(T.amax(e, [1], True), torch.zeros(0, 3).amax(1, keepdim=True))


# ---- max/min/argmax/argmin ------------------------------------------------------

def expect(t, fn, gt_call, what, check_fn=None):
    """Runs torch's @fn and gtensor's @gt_call: both fail (torch is only
    asked when @t is empty, the one case where these ops fail) or both
    agree."""
    if t.numel() == 0:
        ref, err = torch_outcome(fn)
        if err is not None:
            code = Gt.Error.INDEX if isinstance(err, IndexError) else Gt.Error.VALUE
            with pytest.raises(GLib.Error) as info:
                gt_call()
            assert info.value.code == int(code), what
            return
    else:
        ref = fn()
    (check_fn or check)(gt_call(), ref, what)


def check_pair(got, ref, what):
    check(got[0], ref.values, what)
    check(got[1], ref.indices, what + ' indices')


@pytest.mark.parametrize('name', DTYPES)
def test_extremes(name):
    no_arg = refused(name, torch.argmax, lambda g: T.argmax(g, False),
                     'gt_tensor_argmax')
    for shape, layout, (g, t) in operands(name):
        what = '%s %s %s' % (name, shape, layout)
        expect(t, lambda: torch.max(t), lambda: T.max(g), what)
        expect(t, lambda: torch.min(t), lambda: T.min(g), what)
        for keepdim in (False, True):
            if not no_arg:
                expect(t, lambda: torch.argmax(t, keepdim=keepdim),
                       lambda: T.argmax(g, keepdim), what + ' argmax')
                expect(t, lambda: torch.argmin(t, keepdim=keepdim),
                       lambda: T.argmin(g, keepdim), what + ' argmin')
            for dim in range(-max(len(shape), 1), max(len(shape), 1)):
                w = '%s dim=%d keepdim=%s' % (what, dim, keepdim)
                expect(t, lambda: torch.max(t, dim, keepdim),
                       lambda: T.max_dim(g, dim, keepdim), w, check_pair)
                expect(t, lambda: torch.min(t, dim, keepdim),
                       lambda: T.min_dim(g, dim, keepdim), w, check_pair)
                if no_arg:
                    continue
                expect(t, lambda: torch.argmax(t, dim, keepdim),
                       lambda: T.argmax_dim(g, dim, keepdim), w + ' argmax')
                expect(t, lambda: torch.argmin(t, dim, keepdim),
                       lambda: T.argmin_dim(g, dim, keepdim), w + ' argmin')


def test_extremes_ties_and_nan():
    nan = math.nan
    values = np.array([[1, 3, 3, 0, 0],
                       [nan, 2, nan, 5, -1],
                       [2, 2, 2, 2, 2],
                       [-math.inf, -math.inf, -math.inf, -math.inf, -math.inf],
                       [4, 1, 4, nan, 1]])
    for name in ('float32', 'float64'):
        for layout in ('contiguous', 'transposed'):
            g, t = make_operand(values, name, layout)
            for dim in (0, 1, -1):
                for gt_fn, torch_fn in ((T.max_dim, torch.max),
                                        (T.min_dim, torch.min)):
                    v, i = gt_fn(g, dim, False)
                    ref = torch_fn(t, dim)
                    check(v, ref.values)
                    check(i, ref.indices)
                check(T.argmax_dim(g, dim, True), torch.argmax(t, dim, True))
                check(T.argmin_dim(g, dim, False), torch.argmin(t, dim))
                check(T.amax(g, [dim], False), torch.amax(t, dim))
                check(T.amin(g, [dim], True), torch.amin(t, dim, True))
            check(T.max(g), torch.max(t))
            check(T.argmax(g, False), torch.argmax(t))
            check(T.argmin(g, False), torch.argmin(t))


def test_max_dim_indices_optional():
    g = to_gt(np.array([[1.0, 5.0], [7.0, 2.0]]), 'float32')
    values, indices = T.max_dim(g, 1, False)
    np.testing.assert_array_equal(to_numpy(values), [5.0, 7.0])
    np.testing.assert_array_equal(to_numpy(indices), [1, 0])


def test_large_reductions_against_torch():
    """Shapes above the grain size, so that the threaded paths run: full
    reductions split across threads, outputs split across threads,
    reductions down columns (vertical) and along rows."""
    for shape in ((300000,), (513, 700), (70, 3, 1100)):
        values = rng.standard_normal(shape)
        for layout in ('contiguous', 'transposed'):
            g, t = make_operand(values, 'float32', layout)
            lists = dim_lists(len(shape))[:len(shape) + 1]
            if len(shape) > 1:
                lists.append([0, -1])
            for dims in lists:
                what = '%s %s %s' % (shape, layout, dims)
                check(T.sum(g, dims, False), torch_sum(t, dims, False), what)
                check(T.std(g, dims, 1.0, False),
                      torch_std(t, dims, False, 1), what)
                check(T.amax(g, dims, False), torch_amax(t, dims, False), what)
                check(T.logsumexp(g, dims, False),
                      torch_logsumexp(t, dims, False), what)
            for dim in range(len(shape)):
                v, i = T.max_dim(g, dim, False)
                ref = torch.max(t, dim)
                check(v, ref.values)
                check(i, ref.indices)
            check(T.argmin(g, False), torch.argmin(t))
        gi_, ti = make_operand(rng.integers(-1000, 1000, shape), 'int64',
                               'contiguous')
        check(T.sum(gi_, None, False), torch.sum(ti))
        check(T.sum(gi_, [0], False), torch.sum(ti, 0))
        check(T.argmax(gi_, False), torch.argmax(ti))


# ---- numerics ------------------------------------------------------------------

def test_sum_accuracy_1e7():
    """10^7 float32 copies of 0.1 sum to within 1e-6 of the float64 sum."""
    n = 10 ** 7
    g = T.expand(to_gt(np.array([0.1]), 'float32'), [n])
    exact = n * float(np.float32(0.1))
    for t in (g, T.contiguous(g)):
        got = float(to_numpy(T.sum(t, None, False)))
        assert abs(got - exact) / exact <= 1e-6
        got = float(to_numpy(T.mean(t, None, False)))
        assert abs(got - float(np.float32(0.1))) / 0.1 <= 1e-6


def test_var_is_stable():
    """A large mean does not swamp a small variance (two passes)."""
    values = 1e4 + rng.standard_normal(10000)
    g, t = make_operand(values, 'float32', 'contiguous')
    ref = torch.var(t.double()).float()
    got = float(to_numpy(T.var(g, None, 1.0, False)))
    assert abs(got - float(ref)) / float(ref) <= 1e-4


def test_special_values():
    inf, nan = math.inf, math.nan
    cases = [[inf, 1.0], [-inf, -inf], [nan, 1.0], [inf, -inf], [1000.0, 1000.0],
             [-0.0, 0.0], [nan, inf]]
    for row in cases:
        g, t = make_operand(np.array(row), 'float32', 'contiguous')
        for gt_fn, torch_fn in LIST_OPS.items():
            check(torch_fn[0](g, [0], False), torch_fn[1](t, [0], False),
                  '%s %s' % (gt_fn, row))
        check(T.cumsum(g, 0), torch.cumsum(t, 0))


def test_integer_wrapping():
    big = np.array([2 ** 62, 2 ** 62, 2 ** 62])
    g, t = make_operand(big, 'int64', 'contiguous')
    check(T.sum(g, None, False), torch.sum(t))
    check(T.prod(g, None, False), torch.prod(t))
    check(T.cumsum(g, 0), torch.cumsum(t, 0))
    g, t = make_operand(np.array([2 ** 31 - 1] * 3), 'int32', 'contiguous')
    check(T.sum(g, None, False), torch.sum(t))
    check(T.cumsum(g, 0), torch.cumsum(t, 0))


# ---- cumsum ---------------------------------------------------------------------

@pytest.mark.parametrize('name', DTYPES)
def test_cumsum(name):
    if refused(name, lambda t: torch.cumsum(t, 0), lambda g: T.cumsum(g, 0),
               'gt_tensor_cumsum'):
        return
    shapes = SHAPES + [(40, 300), (3, 20000)]
    for shape, layout, (g, t) in operands(name, shapes=shapes):
        for dim in range(-max(len(shape), 1), max(len(shape), 1)):
            what = '%s %s %s dim=%d' % (name, shape, layout, dim)
            ref = torch.cumsum(t, dim)
            got = T.cumsum(g, dim)
            if name == 'bfloat16':
                # torch rounds the running sum to bfloat16 at every step
                ref = torch.cumsum(t.double(), dim).to(torch.bfloat16)
            check(got, ref, what)

# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sorting against torch 1.13: sort (ascending, descending, stable),
argsort and topk (largest, smallest) along every dim, negative dims
included, over random values with many ties, NaN, infinities and signed
zeros, in contiguous, transposed, sliced and expanded layouts, for every
dtype torch sorts; output dtype and shape equal torch's, values exact,
indices equal to torch's for stable sorts and pointing at the values
otherwise; the errors (k out of range, dims, refused dtypes).

The C functions are called through the raw introspected module, so that
these tests check the C library whatever the Python overrides add."""

import math

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402

from gtutil import expect_gerror as assert_error  # noqa: E402
from gtutil import raw_dtype_name as dtype_name  # noqa: E402
from gtutil import raw_from_numpy as to_gt  # noqa: E402
from gtutil import raw_operand as make_operand  # noqa: E402
from gtutil import raw_to_numpy as to_numpy  # noqa: E402

Gt = get_introspection_module('Gt')
T = Gt.Tensor

torch = pytest.importorskip('torch')
pytestmark = pytest.mark.usefixtures('torch_one_thread')

DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool',
          'float16', 'bfloat16', 'int8', 'int16']
SHAPES = [(), (0,), (1,), (9,), (3, 5), (2, 0, 3), (4, 3, 6), (70,),
          (3, 300), (2, 1, 5000)]
LAYOUTS = ['contiguous', 'transposed', 'sliced', 'expanded']

rng = np.random.default_rng(20240602)


def random_values(shape, name):
    """Values exact in @name with many ties; floats also get NaN, ±inf and
    ±0."""
    if name == 'bool':
        return rng.integers(0, 2, shape).astype(np.float64)
    if name == 'uint8':
        return rng.integers(0, 256, shape).astype(np.float64)
    if name in ('int8',):
        return rng.integers(-128, 128, shape).astype(np.float64)
    if name in ('int16', 'int32', 'int64'):
        return rng.integers(-20, 21, shape).astype(np.float64)
    values = rng.integers(-12, 13, shape) / 4.0
    special = np.array([math.nan, math.inf, -math.inf, 0.0, -0.0, -math.nan])
    mask = rng.random(shape) < 0.15
    values = np.where(mask, rng.choice(special, shape), values)
    return values


def operands(name, shapes=SHAPES):
    for shape in shapes:
        values = random_values(shape, name)
        for layout in LAYOUTS:
            if layout != 'contiguous' and len(shape) == 0:
                continue
            yield shape, layout, make_operand(values, name, layout)


def bits(a):
    """The exact bit patterns of an array (NaN payloads and -0 included),
    NaNs made canonical (torch may pick any NaN among equals)."""
    a = np.asarray(a)
    if a.dtype.kind == 'f':
        a = np.where(np.isnan(a), np.float32(math.nan), a).astype(a.dtype)
        return a.view(np.dtype('u%d' % a.dtype.itemsize))
    return a


def check_values(got, ref, what):
    ref_name = str(ref.dtype).split('.')[-1]
    assert dtype_name(got) == ref_name, what
    assert tuple(got.get_shape()) == tuple(ref.shape), what
    want = (ref.float() if ref_name == 'bfloat16' else ref).numpy()
    have = to_numpy(got)
    # Equal values, NaN where torch has NaN, and the same sign of zero
    # except among ties of zeros (an unstable sort may swap them).
    np.testing.assert_array_equal(have, want, err_msg=what)


def check_indices_point(values, indices, source, dim, what):
    """indices are int64 and gathering @source along @dim with them gives
    @values."""
    assert dtype_name(indices) == 'int64', what
    idx = torch.from_numpy(to_numpy(indices))
    if source.dim() == 0:
        assert idx.dim() == 0 and int(idx) == 0, what
        return
    gathered = torch.gather(source, dim, idx)
    want = (gathered.float() if gathered.dtype == torch.bfloat16 else gathered).numpy()
    np.testing.assert_array_equal(to_numpy(values), want, err_msg=what)


def dims_of(shape):
    n = max(len(shape), 1)
    return list(range(-n, n))


# ---- sort and argsort ---------------------------------------------------------

@pytest.mark.parametrize('name', DTYPES)
def test_sort(name):
    for shape, layout, (g, t) in operands(name):
        for dim in dims_of(shape):
            for descending in (False, True):
                what = '%s %s %s dim=%d desc=%s' % (name, shape, layout, dim,
                                                    descending)
                ref = torch.sort(t, dim=dim, descending=descending, stable=True)
                for stable in (True, False):
                    values, indices = T.sort(g, dim, descending, stable)
                    check_values(values, ref.values, what)
                    # gtensor's sort is always stable: torch's stable order
                    check_values(indices, ref.indices, what + ' indices')
                arg = T.argsort(g, dim, descending, True)
                check_values(arg, ref.indices, what + ' argsort')


def test_sort_unstable_indices_point_at_values():
    values = rng.standard_normal((5, 40))
    g, t = make_operand(values, 'float32', 'contiguous')
    v, i = T.sort(g, 1, False, False)
    ref = torch.sort(t, 1)
    check_values(v, ref.values, 'unstable')
    check_indices_point(v, i, t, 1, 'unstable')


def test_sort_nan_inf_zero_order():
    nan, inf = math.nan, math.inf
    row = [1.0, nan, -inf, inf, 0.0, -0.0, -nan, -1.0, 0.0, nan]
    for name in ('float32', 'float64', 'float16', 'bfloat16'):
        g, t = make_operand(np.array(row), name, 'contiguous')
        for descending in (False, True):
            v, i = T.sort(g, 0, descending, True)
            ref = torch.sort(t, descending=descending, stable=True)
            check_values(v, ref.values, name)
            check_values(i, ref.indices, name)
            # the exact bits: -0 stays -0 and NaN stays NaN
            src = to_numpy(g)
            np.testing.assert_array_equal(bits(to_numpy(v)),
                                          bits(src[to_numpy(i)]))


def test_sort_large_slices():
    """Long slices take the radix sort with 11-bit digits; 64-bit keys
    (float64, int64) take more passes."""
    for name, values in (('float32', rng.standard_normal(200000)),
                         ('float64', rng.standard_normal(100000) * 1e300),
                         ('int64', rng.integers(-2 ** 62, 2 ** 62, 100000)),
                         ('int32', rng.integers(-5, 5, 100000)),
                         ('uint8', rng.integers(0, 256, 100000))):
        g, t = make_operand(np.asarray(values, dtype=np.float64)
                            if name.startswith('float') else values, name,
                            'contiguous')
        for descending in (False, True):
            v, i = T.sort(g, 0, descending, True)
            ref = torch.sort(t, descending=descending, stable=True)
            check_values(v, ref.values, name)
            check_values(i, ref.indices, name)


def test_sort_errors():
    g = to_gt(np.ones((2, 3)), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_sort', lambda: T.sort(g, 2, False, False))
    assert_error(Gt.Error.INDEX, 'gt_tensor_argsort',
                 lambda: T.argsort(g, -3, False, False))
    z = to_gt(np.float32(1.0), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_sort', lambda: T.sort(z, 1, False, False))


# ---- topk -------------------------------------------------------------------

TOPK_DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bfloat16',
               'int8', 'int16']


@pytest.mark.parametrize('name', TOPK_DTYPES)
def test_topk(name):
    for shape, layout, (g, t) in operands(name):
        for dim in dims_of(shape):
            n = t.shape[dim] if t.dim() else 1
            for k in sorted({0, min(1, n), min(3, n), n // 2, n, max(n - 1, 0)}):
                for largest in (True, False):
                    what = '%s %s %s dim=%d k=%d largest=%s' % (
                        name, shape, layout, dim, k, largest)
                    ref = torch.topk(t, k, dim=dim, largest=largest, sorted=True)
                    for sorted_ in (True, False):
                        values, indices = T.topk(g, k, dim, largest, sorted_)
                        check_values(values, ref.values, what)
                        assert tuple(indices.get_shape()) == tuple(ref.indices.shape)
                        check_indices_point(values, indices, t, dim if t.dim() else 0,
                                            what)


def test_topk_nan_and_ties():
    nan = math.nan
    g, t = make_operand(np.array([3.0, nan, 1.0, 3.0, nan, -1.0, 3.0]),
                        'float32', 'contiguous')
    for k in range(8):
        for largest in (True, False):
            v, i = T.topk(g, k, 0, largest, True)
            ref = torch.topk(t, k, largest=largest)
            check_values(v, ref.values, 'k=%d' % k)
            check_indices_point(v, i, t, 0, 'k=%d' % k)
    # among equal values the first positions are chosen
    v, i = T.topk(g, 4, 0, True, True)
    np.testing.assert_array_equal(to_numpy(i), [1, 4, 0, 3])


def test_topk_large():
    """k small against n takes the heap, k large the selection."""
    values = rng.standard_normal((3, 100000))
    g, t = make_operand(values, 'float32', 'contiguous')
    for k in (1, 10, 1000, 60000, 100000):
        for largest in (True, False):
            v, i = T.topk(g, k, 1, largest, True)
            ref = torch.topk(t, k, dim=1, largest=largest)
            check_values(v, ref.values, 'k=%d' % k)
            check_indices_point(v, i, t, 1, 'k=%d' % k)
    for layout in ('contiguous', 'transposed'):
        g, t = make_operand(rng.integers(-3, 4, (50000, 2)), 'int64', layout)
        v, i = T.topk(g, 7, 0, True, True)
        check_values(v, torch.topk(t, 7, dim=0).values, 'int64 ties')
        check_indices_point(v, i, t, 0, 'int64 ties')


def test_topk_errors():
    g = to_gt(np.ones((2, 3)), 'float32')
    for k in (-1, 4):
        assert_error(Gt.Error.INDEX, 'gt_tensor_topk', lambda: T.topk(g, k, 1, True, True))
    assert_error(Gt.Error.INDEX, 'gt_tensor_topk', lambda: T.topk(g, 1, 2, True, True))
    z = to_gt(np.float32(1.0), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_topk', lambda: T.topk(z, 2, 0, True, True))
    e = to_gt(np.zeros((0, 3)), 'float32')
    assert_error(Gt.Error.INDEX, 'gt_tensor_topk', lambda: T.topk(e, 1, 0, True, True))
    for name in ('bool', 'float16'):
        h = to_gt(np.ones(3), name)
        assert_error(Gt.Error.DTYPE, 'gt_tensor_topk',
                     lambda: T.topk(h, 1, 0, True, True))


def test_topk_0d():
    z = to_gt(np.float32(2.5), 'float32')
    for k in (0, 1):
        v, i = T.topk(z, k, 0, True, True)
        ref = torch.topk(torch.tensor(2.5), k)
        check_values(v, ref.values, 'k=%d' % k)
        check_values(i, ref.indices, 'k=%d' % k)

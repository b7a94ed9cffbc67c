# SPDX-License-Identifier: LGPL-2.1-or-later
"""Matrix products against torch: matmul in every dimension combination
(vectors, matrices, broadcast batches), mm, bmm, mv, dot, outer and addmm
over random values, with transposed, expanded, sliced and empty inputs and
every dtype torch multiplies; the errors they report; thread control and
the CPU memory cache.

The C functions are called through the raw introspected module, so that
these tests check the C library whatever the Python overrides add."""

import gc
import itertools
import os

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib  # noqa: E402

from gtutil import expect_gerror as assert_error  # noqa: E402
from gtutil import raw_from_numpy as to_gt  # noqa: E402
from gtutil import raw_to_numpy as to_numpy  # noqa: E402
from gtutil import torch_from_numpy as to_torch  # noqa: E402

Gt = get_introspection_module('Gt')
T = Gt.Tensor

torch = pytest.importorskip('torch')

DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'int8', 'int16',
          'bfloat16']
FAST_DTYPES = ['float32', 'float64', 'int64', 'int32']
TOL = {'float32': (1e-5, 1e-5), 'float64': (1e-12, 1e-12),
       'bfloat16': (1e-2, 1e-2), 'float16': (1e-3, 1e-3)}

rng = np.random.default_rng(1234)


def random_values(shape, name):
    """Values exact in @name: small integers for integer types and the
    16-bit floats, normal values otherwise."""
    if name in ('float32', 'float64'):
        return rng.standard_normal(shape)
    if name == 'uint8':
        return rng.integers(0, 8, shape).astype(np.float64)
    return rng.integers(-4, 5, shape).astype(np.float64)


def check(got, ref, name=None):
    """@got (Gt) has the dtype, shape and values of @ref (torch)."""
    ref_name = str(ref.dtype).split('.')[-1]
    got_name = Gt.dtype_get_name(got.get_dtype())
    assert got_name == ref_name
    assert tuple(got.get_shape()) == tuple(ref.shape)
    want = (ref.float() if ref_name == 'bfloat16' else ref).numpy()
    have = to_numpy(got)
    if ref_name in TOL:
        rtol, atol = TOL[ref_name]
        # Sums of products: the error scales with the magnitude of the terms.
        np.testing.assert_allclose(have, want, rtol=rtol, atol=atol * 10)
    else:
        np.testing.assert_array_equal(have, want)


# ---- layouts -----------------------------------------------------------------------

def make_operand(values, name, layout):
    """(Gt tensor, torch tensor) with @values in the given memory layout:
    'contiguous'; 'transposed' (last two dims stored the other way round);
    'sliced' (every other element of a larger tensor in the last dim);
    'expanded' (the first dim broadcast from size 1 when it allows)."""
    ndim = values.ndim
    if layout == 'transposed' and ndim >= 2:
        stored = np.ascontiguousarray(np.swapaxes(values, -1, -2))
        g = T.transpose(to_gt(stored, name), -1, -2)
        t = to_torch(stored, name).transpose(-1, -2)
    elif layout == 'sliced' and ndim >= 1:
        wide = np.zeros(values.shape[:-1] + (2 * values.shape[-1],))
        wide[..., ::2] = values
        g = T.slice(to_gt(wide, name), -1, 0, wide.shape[-1], 2)
        t = to_torch(wide, name)[..., ::2]
    elif layout == 'expanded' and ndim >= 3:
        one = values[:1]
        values = np.broadcast_to(one, values.shape)
        g = T.expand(to_gt(one, name), list(values.shape))
        t = to_torch(one, name).expand(*values.shape)
    else:
        g = to_gt(values, name)
        t = to_torch(values, name)
    return g, t


def have_views():
    return all(hasattr(T, n) for n in ('transpose', 'slice', 'expand'))


# ---- matmul --------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3,), (3,)),                    # dot
    ((2, 3), (3,)),                  # mv
    ((3,), (3, 4)),                  # vector @ matrix
    ((2, 3), (3, 4)),                # mm
    ((1, 1), (1, 1)),
    ((5, 2, 3), (3, 4)),             # folded into one tall product
    ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)),          # bmm
    ((2, 1, 2, 3), (3, 3, 4)),       # broadcast batches
    ((1, 2, 3), (4, 3, 2)),
    ((4, 2, 3), (3,)),               # N-D @ vector
    ((3,), (4, 3, 2)),               # vector @ N-D
    ((2, 2, 1, 4, 3), (1, 3, 5)),
    ((6, 1, 7), (6, 7, 1)),
    ((0, 3), (3, 4)),                # empty
    ((2, 0), (0, 3)),                # empty inner dimension: zeros
    ((0,), (0,)),
    ((0, 2, 3), (3, 4)),
    ((2, 3), (3, 0)),
    ((3, 0, 2), (2, 5)),
]


@pytest.mark.parametrize('name', DTYPES)
@pytest.mark.parametrize('shapes', MATMUL_SHAPES, ids=str)
def test_matmul_matches_torch(shapes, name):
    a = random_values(shapes[0], name)
    b = random_values(shapes[1], name)
    got = T.matmul(to_gt(a, name), to_gt(b, name))
    check(got, torch.matmul(to_torch(a, name), to_torch(b, name)))


@pytest.mark.skipif(not have_views(), reason='the view ops have not landed')
@pytest.mark.parametrize('name', FAST_DTYPES)
@pytest.mark.parametrize('layouts', list(itertools.product(
    ['contiguous', 'transposed', 'sliced', 'expanded'], repeat=2)), ids=str)
@pytest.mark.parametrize('shapes', [
    ((7, 5), (5, 6)), ((3, 4, 5), (3, 5, 2)), ((3, 4, 5), (5, 2)),
    ((5,), (3, 5, 2)), ((3, 4, 5), (5,)), ((1, 5), (5, 1)), ((4, 1), (1, 3)),
], ids=str)
def test_matmul_layouts(shapes, layouts, name):
    a = random_values(shapes[0], name)
    b = random_values(shapes[1], name)
    ga, ta = make_operand(a, name, layouts[0])
    gb, tb = make_operand(b, name, layouts[1])
    check(T.matmul(ga, gb), torch.matmul(ta, tb))


def test_matmul_large_blas_paths():
    """Sizes where OpenBLAS threads, gemv runs, and a batch is spread over
    OpenMP threads; against float64 torch for a tight tolerance."""
    for sa, sb in [((300, 200), (200, 250)), ((300, 200), (200,)),
                   ((64, 20, 30), (64, 30, 10)), ((200,), (200, 300))]:
        a = rng.standard_normal(sa)
        b = rng.standard_normal(sb)
        check(T.matmul(to_gt(a, 'float64'), to_gt(b, 'float64')),
              torch.matmul(torch.from_numpy(a), torch.from_numpy(b)))
        got = T.matmul(to_gt(a, 'float32'), to_gt(b, 'float32'))
        ref = torch.matmul(torch.from_numpy(a), torch.from_numpy(b))
        np.testing.assert_allclose(to_numpy(got), ref.numpy(), rtol=1e-4, atol=1e-4)


def test_matmul_integer_overflow_wraps():
    a = np.array([[200, 100]])
    b = np.array([[2], [3]])
    for name in ('uint8', 'int8', 'int16', 'int32'):
        check(T.matmul(to_gt(a, name), to_gt(b, name)),
              torch.matmul(to_torch(a, name), to_torch(b, name)))
    big = np.array([[2 ** 62, 3]], dtype=np.int64)
    two = np.array([[2], [1]], dtype=np.int64)
    check(T.matmul(to_gt(big, 'int64'), to_gt(two, 'int64')),
          torch.matmul(torch.from_numpy(big), torch.from_numpy(two)))


def test_matmul_float16_in_float32():
    """torch's CPU has no float16 matmul; gtensor computes it in float32 and
    rounds once, which is what torch gives on the GPU."""
    a = random_values((3, 4), 'float16')
    b = random_values((4, 2), 'float16')
    got = T.matmul(to_gt(a, 'float16'), to_gt(b, 'float16'))
    assert Gt.dtype_get_name(got.get_dtype()) == 'float16'
    np.testing.assert_array_equal(to_numpy(got), (a @ b).astype(np.float16))


def test_matmul_nan_and_inf_propagate():
    a = np.array([[np.nan, 1.0], [np.inf, 0.0]])
    b = np.array([[1.0, 0.0], [2.0, 3.0]])
    for name in ('float32', 'float64'):
        check(T.matmul(to_gt(a, name), to_gt(b, name)),
              torch.matmul(to_torch(a, name), to_torch(b, name)))


@pytest.mark.parametrize('sa,sb', [
    ((), (3,)), ((3,), ()), ((2, 3), (4, 5)), ((3,), (4,)), ((2, 3), (4,)),
    ((3,), (4, 5)), ((2, 2, 3), (3, 3, 4)), ((2, 2, 3), (4,)), ((4,), (2, 3, 4)),
], ids=str)
def test_matmul_shape_errors(sa, sb):
    a = to_gt(np.zeros(sa), 'float32')
    b = to_gt(np.zeros(sb), 'float32')
    with pytest.raises(Exception):
        torch.matmul(torch.zeros(sa), torch.zeros(sb))
    assert_error(Gt.Error.SHAPE, 'gt_tensor_matmul', lambda: T.matmul(a, b))


def test_matmul_shape_error_message():
    a = to_gt(np.zeros((2, 3)), 'float32')
    b = to_gt(np.zeros((4, 5)), 'float32')
    with pytest.raises(GLib.Error) as info:
        T.matmul(a, b)
    assert 'gt_tensor_matmul: shapes [2, 3] and [4, 5] cannot be multiplied (2x3 and 4x5)' \
        in info.value.message


@pytest.mark.parametrize('na,nb', [('float32', 'float64'), ('int32', 'int64'),
                                   ('float32', 'int64'), ('bool', 'bool')])
def test_matmul_dtype_errors(na, nb):
    with pytest.raises(RuntimeError):
        torch.matmul(torch.ones(2, 3, dtype=getattr(torch, na)),
                     torch.ones(3, 2, dtype=getattr(torch, nb)))
    a = to_gt(np.ones((2, 3)), na)
    b = to_gt(np.ones((3, 2)), nb)
    assert_error(Gt.Error.DTYPE, 'gt_tensor_matmul', lambda: T.matmul(a, b))


# ---- mm, bmm, mv, dot -----------------------------------------------------------------

@pytest.mark.parametrize('name', DTYPES)
def test_mm_bmm_mv_dot(name):
    a = random_values((4, 5), name)
    b = random_values((5, 3), name)
    v = random_values((5,), name)
    w = random_values((5,), name)
    ba = random_values((3, 4, 5), name)
    bb = random_values((3, 5, 2), name)
    check(T.mm(to_gt(a, name), to_gt(b, name)), torch.mm(to_torch(a, name), to_torch(b, name)))
    check(T.mv(to_gt(a, name), to_gt(v, name)), torch.mv(to_torch(a, name), to_torch(v, name)))
    check(T.dot(to_gt(v, name), to_gt(w, name)), torch.dot(to_torch(v, name), to_torch(w, name)))
    check(T.bmm(to_gt(ba, name), to_gt(bb, name)),
          torch.bmm(to_torch(ba, name), to_torch(bb, name)))


@pytest.mark.skipif(not have_views(), reason='the view ops have not landed')
@pytest.mark.parametrize('name', FAST_DTYPES)
def test_mm_bmm_mv_dot_non_contiguous(name):
    for la, lb in itertools.product(['contiguous', 'transposed', 'sliced'], repeat=2):
        ga, ta = make_operand(random_values((4, 6), name), name, la)
        gb, tb = make_operand(random_values((6, 3), name), name, lb)
        gv, tv = make_operand(random_values((6,), name), name, lb)
        gw, tw = make_operand(random_values((6,), name), name, la)
        check(T.mm(ga, gb), torch.mm(ta, tb))
        check(T.mv(ga, gv), torch.mv(ta, tv))
        check(T.dot(gv, gw), torch.dot(tv, tw))
        gba, tba = make_operand(random_values((3, 4, 6), name), name, la)
        gbb, tbb = make_operand(random_values((3, 6, 2), name), name, lb)
        check(T.bmm(gba, gbb), torch.bmm(tba, tbb))


def test_mm_family_errors():
    m23 = to_gt(np.ones((2, 3)), 'float32')
    m42 = to_gt(np.ones((4, 2)), 'float32')
    v3 = to_gt(np.ones(3), 'float32')
    v4 = to_gt(np.ones(4), 'float32')
    v3d = to_gt(np.ones(3), 'float64')
    b232 = to_gt(np.ones((2, 3, 2)), 'float32')
    b332 = to_gt(np.ones((3, 3, 2)), 'float32')
    b242 = to_gt(np.ones((2, 4, 2)), 'float32')
    scalar = to_gt(np.ones(()), 'float32')
    shape = Gt.Error.SHAPE
    assert_error(shape, 'gt_tensor_mm', lambda: T.mm(m23, v3))
    assert_error(shape, 'gt_tensor_mm', lambda: T.mm(b232, m23))
    assert_error(shape, 'gt_tensor_mm', lambda: T.mm(m23, m42))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_mm',
                 lambda: T.mm(m23, to_gt(np.ones((3, 2)), 'float64')))
    assert_error(shape, 'gt_tensor_bmm', lambda: T.bmm(m23, m23))
    assert_error(shape, 'gt_tensor_bmm', lambda: T.bmm(b232, b332))
    assert_error(shape, 'gt_tensor_bmm', lambda: T.bmm(b232, b242))
    assert_error(shape, 'gt_tensor_mv', lambda: T.mv(m23, v4))
    assert_error(shape, 'gt_tensor_mv', lambda: T.mv(v3, v3))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_mv', lambda: T.mv(m23, v3d))
    assert_error(shape, 'gt_tensor_dot', lambda: T.dot(v3, v4))
    assert_error(shape, 'gt_tensor_dot', lambda: T.dot(m23, v3))
    assert_error(shape, 'gt_tensor_dot', lambda: T.dot(scalar, scalar))
    assert_error(Gt.Error.DTYPE, 'gt_tensor_dot', lambda: T.dot(v3, v3d))
    vb = to_gt(np.ones(3), 'bool')
    assert_error(Gt.Error.DTYPE, 'gt_tensor_dot', lambda: T.dot(vb, vb))


# ---- outer ---------------------------------------------------------------------------------

OUTER_DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool']


@pytest.mark.parametrize('na,nb', list(itertools.product(OUTER_DTYPES, repeat=2)), ids=str)
def test_outer_promotes_like_torch(na, nb):
    a = random_values((4,), na) if na != 'bool' else rng.integers(0, 2, 4)
    b = random_values((3,), nb) if nb != 'bool' else rng.integers(0, 2, 3)
    check(T.outer(to_gt(a, na), to_gt(b, nb)),
          torch.outer(to_torch(a, na), to_torch(b, nb)))


def test_outer_shapes_and_errors():
    for n, m in [(0, 3), (3, 0), (1, 1), (50, 70)]:
        a, b = rng.standard_normal(n), rng.standard_normal(m)
        check(T.outer(to_gt(a, 'float32'), to_gt(b, 'float32')),
              torch.outer(to_torch(a, 'float32'), to_torch(b, 'float32')))
    if have_views():
        ga, ta = make_operand(rng.standard_normal(5), 'float64', 'sliced')
        check(T.outer(ga, ga), torch.outer(ta, ta))
    v = to_gt(np.ones(3), 'float32')
    assert_error(Gt.Error.SHAPE, 'gt_tensor_outer',
                 lambda: T.outer(to_gt(np.ones(()), 'float32'), v))
    assert_error(Gt.Error.SHAPE, 'gt_tensor_outer',
                 lambda: T.outer(v, to_gt(np.ones((2, 2)), 'float32')))


# ---- addmm ---------------------------------------------------------------------------------

@pytest.mark.parametrize('name', ['float32', 'float64', 'int32', 'int64', 'uint8'])
@pytest.mark.parametrize('self_shape', [(4, 3), (3,), (1, 3), (4, 1), (), (1,)], ids=str)
@pytest.mark.parametrize('beta,alpha', [(1.0, 1.0), (0.5, 2.0), (0.0, 1.0), (-1.0, 0.0), (2.7, -1.5)])
def test_addmm_matches_torch(name, self_shape, beta, alpha):
    if name == 'uint8' and (beta < 0 or alpha < 0):
        pytest.skip('torch refuses negative scalars for uint8')
    s = random_values(self_shape, name)
    a = random_values((4, 5), name)
    b = random_values((5, 3), name)
    ref = torch.addmm(to_torch(s, name), to_torch(a, name), to_torch(b, name),
                      beta=beta, alpha=alpha)
    check(T.addmm(to_gt(s, name), to_gt(a, name), to_gt(b, name), beta, alpha), ref)


def test_addmm_beta_zero_ignores_nan_and_empty_inner():
    s = np.full((2, 3), np.nan)
    a, b = rng.standard_normal((2, 4)), rng.standard_normal((4, 3))
    check(T.addmm(to_gt(s, 'float32'), to_gt(a, 'float32'), to_gt(b, 'float32'), 0.0, 1.0),
          torch.addmm(to_torch(s, 'float32'), to_torch(a, 'float32'), to_torch(b, 'float32'),
                      beta=0))
    s = rng.standard_normal((2, 3))
    for beta in (0.0, 3.0):
        check(T.addmm(to_gt(s, 'float64'), to_gt(np.zeros((2, 0)), 'float64'),
                      to_gt(np.zeros((0, 3)), 'float64'), beta, 1.0),
              torch.addmm(torch.from_numpy(s), torch.zeros(2, 0, dtype=torch.float64),
                          torch.zeros(0, 3, dtype=torch.float64), beta=beta))


@pytest.mark.skipif(not have_views(), reason='the view ops have not landed')
def test_addmm_non_contiguous():
    for la, lb in itertools.product(['contiguous', 'transposed', 'sliced'], repeat=2):
        gs, ts = make_operand(rng.standard_normal((4, 3)), 'float32', lb)
        ga, ta = make_operand(rng.standard_normal((4, 5)), 'float32', la)
        gb, tb = make_operand(rng.standard_normal((5, 3)), 'float32', lb)
        check(T.addmm(gs, ga, gb, 0.5, 2.0), torch.addmm(ts, ta, tb, beta=0.5, alpha=2.0))


def test_addmm_errors():
    s = to_gt(np.ones((2, 2)), 'float32')
    a = to_gt(np.ones((2, 3)), 'float32')
    b = to_gt(np.ones((3, 2)), 'float32')
    func = 'gt_tensor_addmm'
    assert_error(Gt.Error.SHAPE, func, lambda: T.addmm(s, to_gt(np.ones(3), 'float32'), b, 1, 1))
    assert_error(Gt.Error.SHAPE, func,
                 lambda: T.addmm(s, a, to_gt(np.ones((4, 2)), 'float32'), 1, 1))
    assert_error(Gt.Error.SHAPE, func, lambda: T.addmm(to_gt(np.ones(3), 'float32'), a, b, 1, 1))
    assert_error(Gt.Error.DTYPE, func, lambda: T.addmm(to_gt(np.ones((2, 2)), 'float64'),
                                                       a, b, 1, 1))
    assert_error(Gt.Error.DTYPE, func, lambda: T.addmm(s, a, to_gt(np.ones((3, 2)), 'int64'),
                                                       1, 1))
    i = to_gt(np.ones((2, 2)), 'int64')
    assert_error(Gt.Error.VALUE, func,
                 lambda: T.addmm(i, to_gt(np.ones((2, 3)), 'int64'),
                                 to_gt(np.ones((3, 2)), 'int64'), 1, float('nan')))


# ---- threads and memory ------------------------------------------------------------------------

def test_num_threads():
    before = Gt.get_num_threads()
    assert before >= 1
    a = rng.standard_normal((8, 40, 50))
    b = rng.standard_normal((8, 50, 30))
    try:
        results = []
        for n in (1, 2):
            Gt.set_num_threads(n)
            assert Gt.get_num_threads() == n
            results.append(to_numpy(T.matmul(to_gt(a, 'float64'), to_gt(b, 'float64'))))
        np.testing.assert_allclose(results[0], results[1], rtol=1e-12)
    finally:
        Gt.set_num_threads(before)
    assert Gt.get_num_threads() == before


@pytest.mark.skipif('GT_CPU_CACHE_LIMIT' in os.environ, reason='cache limit changed')
def test_empty_cache():
    # Tensors of earlier tests may be finalised late: collect them first,
    # and judge the 1 MiB block by the change it makes.
    gc.collect()
    Gt.empty_cache()
    assert Gt.cpu_memory_cached() == 0
    t = Gt.zeros([512, 512], Gt.DType.FLOAT32, None)     # 1 MiB
    del t
    gc.collect()
    assert Gt.cpu_memory_cached() >= 1 << 20
    t = Gt.zeros([512, 512], Gt.DType.FLOAT32, None)     # reuses it
    assert Gt.cpu_memory_cached() < 1 << 20
    del t
    gc.collect()
    Gt.empty_cache()
    assert Gt.cpu_memory_cached() == 0

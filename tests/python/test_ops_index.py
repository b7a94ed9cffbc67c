"""Parity of gtensor's indexing ops with torch 1.13.

Each op runs on gtensor and torch with the same values over random shapes
(0-d, empty, broadcast), the dtypes torch takes and non-contiguous inputs
(transposed, expanded, strided); values, dtypes and shapes must agree, and
bad indices must be GErrors naming the function. The C functions are
called through the raw GI module, so the Python overrides do not matter.
"""

import numpy as np
import pytest
import torch

import gi
gi.require_version('Gt', '1.0')
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib  # noqa: E402

from gtutil import NUMPY, random_move_array  # noqa: E402
from gtutil import MOVE_DTYPES as ALL  # noqa: E402
from gtutil import MOVE_LAYOUT_DTYPES as LAYOUT_DTYPES  # noqa: E402
from gtutil import assert_raw_same as assert_same  # noqa: E402
from gtutil import expect_gerror as expect_error  # noqa: E402
from gtutil import raw_from_numpy as from_numpy  # noqa: E402
from gtutil import raw_to_numpy as to_numpy  # noqa: E402

C = get_introspection_module('Gt')

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

rng = np.random.default_rng(4321)


# ---- helpers ---------------------------------------------------------------

def random_array(shape, name, low=-1000, high=1000):
    return random_move_array(rng, shape, name, low, high)


def layout_pair(arr, layout):
    """gtensor and torch tensors with the values of @arr laid out as @layout
    (expanded keeps only the first entry of every even dim, broadcast)."""
    shape = arr.shape
    if layout == 'transposed' and arr.ndim >= 2:
        perm = list(range(arr.ndim))[::-1]
        base = np.ascontiguousarray(arr.transpose(perm))
        return (C.Tensor.permute(from_numpy(base), perm),
                torch.from_numpy(base.copy()).permute(perm))
    if layout == 'expanded' and arr.ndim >= 1:
        small = arr[tuple(slice(0, 1) if i % 2 == 0 else slice(None)
                          for i in range(arr.ndim))]
        small = np.ascontiguousarray(small)
        return (C.Tensor.expand(from_numpy(small), list(shape)),
                torch.from_numpy(small.copy()).expand(shape))
    if layout == 'strided' and arr.ndim >= 1:
        big = np.repeat(arr, 2, axis=-1)
        return (C.Tensor.slice(from_numpy(big), -1, 0, 2 ** 62, 2),
                torch.from_numpy(big.copy())[..., ::2])
    return from_numpy(arr), torch.from_numpy(np.array(arr, order='C'))


def pair(shape, name, layout='contiguous', **kw):
    return layout_pair(random_array(tuple(shape), name, **kw), layout)


def index_pair(shape, size, name='int64', negative=False, layout='contiguous'):
    low = -size if negative else 0
    arr = rng.integers(low, max(size, 1), shape) if size > 0 else np.zeros(shape, np.int64)
    return layout_pair(np.asarray(arr, NUMPY[name]).reshape(shape), layout)


# ---- index_select -------------------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(), (5,), (3, 4), (2, 0, 3), (2, 3, 4)])
def test_index_select(shape, layout, name):
    for dim in range(-max(len(shape), 1), max(len(shape), 1)):
        size = shape[dim] if shape else 1
        for n, idx_name in [(0, 'int64'), (1, 'int32'), (7, 'int64'), (3, 'int32')]:
            if size == 0 and n > 0:
                continue
            if not shape and n != 1:
                continue
            g, t = pair(shape, name, layout)
            gi_, ti = index_pair((n,), size, idx_name)
            assert_same(C.Tensor.index_select(g, dim, gi_), t.index_select(dim, ti))
        if size > 0:
            g, t = pair(shape, name, layout)
            gi_, ti = index_pair((), size)
            assert_same(C.Tensor.index_select(g, dim, gi_), t.index_select(dim, ti))
    # a strided index
    g, t = pair((4, 6), name, layout)
    gi_, ti = index_pair((10,), 6, layout='strided')
    assert_same(C.Tensor.index_select(g, 1, gi_), t.index_select(1, ti))


def test_index_select_errors():
    g = from_numpy(np.zeros((3, 4), np.float32))
    msg = expect_error(C.Error.INDEX, 'gt_tensor_index_select', C.Tensor.index_select,
                       g, 1, from_numpy(np.array([1, 4], np.int64)))
    assert 'index 4 is out of bounds for dimension 1 with size 4' in msg
    expect_error(C.Error.INDEX, 'gt_tensor_index_select', C.Tensor.index_select,
                 g, 0, from_numpy(np.array([-1], np.int32)))
    expect_error(C.Error.DTYPE, 'gt_tensor_index_select', C.Tensor.index_select,
                 g, 0, from_numpy(np.array([0.0], np.float32)))
    expect_error(C.Error.SHAPE, 'gt_tensor_index_select', C.Tensor.index_select,
                 g, 0, from_numpy(np.array([[0]], np.int64)))
    expect_error(C.Error.INDEX, 'gt_tensor_index_select', C.Tensor.index_select,
                 g, 2, from_numpy(np.array([0], np.int64)))


# ---- gather -----------------------------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(), (5,), (3, 4), (2, 3, 4), (2, 0, 3)])
def test_gather(shape, layout, name):
    nd = len(shape)
    for dim in range(-max(nd, 1), max(nd, 1)):
        size = shape[dim] if shape else 1
        for grow in [0, 2]:
            ishape = list(shape)
            if nd:
                ishape = [max(s - 1, 0) if i != dim % nd else s + grow
                          for i, s in enumerate(shape)]
            if size == 0 and int(np.prod(ishape)) > 0:
                continue
            g, t = pair(shape, name, layout)
            for ilayout in ['contiguous', 'transposed', 'expanded']:
                gi_, ti = index_pair(tuple(ishape), size, layout=ilayout)
                assert_same(C.Tensor.gather(g, dim, gi_), torch.gather(t, dim, ti))


def test_gather_errors():
    g = from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))
    msg = expect_error(C.Error.INDEX, 'gt_tensor_gather', C.Tensor.gather, g, 1,
                       from_numpy(np.array([[0], [5]], np.int64)))
    assert 'index 5 is out of bounds for dimension 1 with size 3' in msg
    expect_error(C.Error.INDEX, 'gt_tensor_gather', C.Tensor.gather, g, 1,
                 from_numpy(np.array([[-1]], np.int64)))
    expect_error(C.Error.DTYPE, 'gt_tensor_gather', C.Tensor.gather, g, 1,
                 from_numpy(np.array([[0]], np.int32)))
    expect_error(C.Error.SHAPE, 'gt_tensor_gather', C.Tensor.gather, g, 1,
                 from_numpy(np.array([0], np.int64)))
    expect_error(C.Error.SHAPE, 'gt_tensor_gather', C.Tensor.gather, g, 1,
                 from_numpy(np.zeros((3, 1), np.int64)))
    expect_error(C.Error.INDEX, 'gt_tensor_gather', C.Tensor.gather, g, 2,
                 from_numpy(np.zeros((2, 1), np.int64)))


# ---- take ---------------------------------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(), (5,), (3, 4), (2, 3, 4)])
def test_take(shape, layout, name):
    n = int(np.prod(shape))
    for ishape in [(), (0,), (7,), (2, 3)]:
        g, t = pair(shape, name, layout)
        gi_, ti = index_pair(ishape, n, negative=True)
        assert_same(C.Tensor.take(g, gi_), torch.take(t, ti))


def test_take_errors():
    g = from_numpy(np.zeros((2, 3), np.float32))
    msg = expect_error(C.Error.INDEX, 'gt_tensor_take', C.Tensor.take, g,
                       from_numpy(np.array([6], np.int64)))
    assert 'index 6' in msg and 'size 6' in msg
    expect_error(C.Error.INDEX, 'gt_tensor_take', C.Tensor.take, g,
                 from_numpy(np.array([-7], np.int64)))
    expect_error(C.Error.DTYPE, 'gt_tensor_take', C.Tensor.take, g,
                 from_numpy(np.array([1], np.int32)))
    expect_error(C.Error.INDEX, 'gt_tensor_take', C.Tensor.take,
                 from_numpy(np.zeros((0,), np.float32)), from_numpy(np.array([0], np.int64)))


# ---- scatter and scatter_add ----------------------------------------------------------

def scatter_index(shape, dim, size, unique):
    """An int64 index for scatter into a dim of @size: with @unique, the
    values along @dim are distinct (so plain scatter is deterministic)."""
    if not unique or not shape:
        return rng.integers(0, max(size, 1), shape).astype(np.int64) if size else \
            np.zeros(shape, np.int64)
    arr = np.zeros(shape, np.int64)
    moved = np.moveaxis(arr, dim, -1)
    for pos in np.ndindex(moved.shape[:-1]):
        moved[pos] = rng.permutation(size)[:moved.shape[-1]]
    return arr


@pytest.mark.parametrize('name', ALL)
@pytest.mark.parametrize('layout', ['contiguous', 'transposed', 'strided'])
@pytest.mark.parametrize('shape', [(), (6,), (4, 5), (3, 4, 5), (2, 0, 3)])
def test_scatter(shape, layout, name):
    nd = len(shape)
    for dim in range(-max(nd, 1), max(nd, 1)):
        size = shape[dim] if shape else 1
        ishape = tuple(max(s - 1, 0) for s in shape)
        idx = scatter_index(ishape, dim % max(nd, 1), size, unique=True)
        gi_, ti = from_numpy(idx), torch.from_numpy(idx.copy())
        g, t = pair(shape, name, layout)
        gs, ts = pair(shape, name, layout)
        assert_same(C.Tensor.scatter(g, dim, gi_, gs), t.scatter(dim, ti, ts))
        assert_same(C.Tensor.scatter_scalar(g, dim, gi_, 1.0), t.scatter(dim, ti, 1.0))
        # in place, on a copy of the non-contiguous input
        gc, tc = C.Tensor.clone(g), t.clone()
        C.Tensor.scatter_(gc, dim, gi_, gs)
        tc.scatter_(dim, ti, ts)
        assert_same(gc, tc)
        C.Tensor.scatter_scalar_(gc, dim, gi_, 0.0)
        tc.scatter_(dim, ti, 0.0)
        assert_same(gc, tc)
        # scatter_add with repeated indices
        if name == 'float16':
            continue
        idx = scatter_index(tuple(shape), dim % max(nd, 1), size, unique=False)
        gi_, ti = from_numpy(idx), torch.from_numpy(idx.copy())
        rtol = 1e-5 if name.startswith('float') else 0
        assert_same(C.Tensor.scatter_add(g, dim, gi_, gs), t.scatter_add(dim, ti, ts), rtol)
        C.Tensor.scatter_add_(gc, dim, gi_, gs)
        tc.scatter_add_(dim, ti, ts)
        assert_same(gc, tc, rtol)


def test_scatter_into_view_writes_base():
    g, t = pair((4, 6), 'float32')
    gv, tv = C.Tensor.transpose(g, 0, 1), t.transpose(0, 1)
    idx = np.array([[0, 1, 2, 3]], np.int64)
    C.Tensor.scatter_scalar_(gv, 0, from_numpy(idx), 9.0)
    tv.scatter_(0, torch.from_numpy(idx), 9.0)
    assert_same(g, t)


def test_scatter_errors():
    g = from_numpy(np.zeros((2, 3), np.float32))
    src = from_numpy(np.ones((2, 3), np.float32))
    bad = from_numpy(np.array([[3], [0]], np.int64))
    msg = expect_error(C.Error.INDEX, 'gt_tensor_scatter', C.Tensor.scatter, g, 1, bad, src)
    assert 'index 3 is out of bounds for dimension 1 with size 3' in msg
    expect_error(C.Error.INDEX, 'gt_tensor_scatter_add', C.Tensor.scatter_add, g, 1,
                 from_numpy(np.array([[-1]], np.int64)), src)
    expect_error(C.Error.DTYPE, 'gt_tensor_scatter', C.Tensor.scatter, g, 1,
                 from_numpy(np.array([[0]], np.int32)), src)
    expect_error(C.Error.DTYPE, 'gt_tensor_scatter', C.Tensor.scatter, g, 1,
                 from_numpy(np.array([[0]], np.int64)), from_numpy(np.ones((2, 3), np.int64)))
    expect_error(C.Error.SHAPE, 'gt_tensor_scatter', C.Tensor.scatter, g, 1,
                 from_numpy(np.zeros((2, 2), np.int64)), from_numpy(np.ones((2, 1), np.float32)))
    expect_error(C.Error.SHAPE, 'gt_tensor_scatter', C.Tensor.scatter, g, 1,
                 from_numpy(np.zeros((3, 1), np.int64)), from_numpy(np.ones((3, 1), np.float32)))
    expect_error(C.Error.SHAPE, 'gt_tensor_scatter_scalar', C.Tensor.scatter_scalar, g, 1,
                 from_numpy(np.zeros((2,), np.int64)), 1.0)
    expect_error(C.Error.INDEX, 'gt_tensor_scatter_', C.Tensor.scatter_, g, 2,
                 from_numpy(np.zeros((2, 1), np.int64)), src)
    # the failed in-place op wrote nothing
    C.Tensor.scatter_(g, 1, from_numpy(np.array([[0, 2], [0, 1]], np.int64)), src)
    before = to_numpy(g)
    expect_error(C.Error.INDEX, 'gt_tensor_scatter_', C.Tensor.scatter_, g, 1,
                 from_numpy(np.array([[1, 0], [9, 1]], np.int64)),
                 from_numpy(np.full((2, 3), 5, np.float32)))
    np.testing.assert_array_equal(to_numpy(g), before)
    expanded = C.Tensor.expand(from_numpy(np.zeros((3,), np.float32)), [2, 3])
    expect_error(C.Error.VALUE, 'gt_tensor_scatter_', C.Tensor.scatter_, expanded, 1,
                 from_numpy(np.zeros((1, 1), np.int64)), src)


# ---- masked_fill, masked_select, nonzero ------------------------------------------------

MASK_CASES = [((), ()), ((5,), (5,)), ((3, 4), (4,)), ((3, 4), (3, 1)), ((3, 1), (3, 4)),
              ((4,), (2, 3, 4)), ((2, 0, 3), (3,)), ((2, 3, 4), ())]


@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shapes', MASK_CASES)
def test_masked_fill_select(shapes, layout, name):
    shape, mshape = shapes
    g, t = pair(shape, name, layout)
    gm, tm = pair(mshape, 'bool', layout)
    for value in ([2.5, 0.0] if name == 'uint8' else [2.5, -1.0, 0.0]):
        assert_same(C.Tensor.masked_fill_scalar(g, gm, value), t.masked_fill(tm, value))
    for value in [np.array(3.5), np.array(42), np.array(True), np.array(-7, np.int32)]:
        if name == 'uint8' and value < 0:
            continue        # torch refuses values that overflow
        gv, tv = layout_pair(value, 'contiguous')
        assert_same(C.Tensor.masked_fill(g, gm, gv), t.masked_fill(tm, tv))
    assert_same(C.Tensor.masked_select(g, gm), torch.masked_select(t, tm))
    # uint8 masks, as torch 1.13 still takes them
    gm8, tm8 = from_numpy(to_numpy(gm).astype(np.uint8)), tm.to(torch.uint8)
    assert_same(C.Tensor.masked_select(g, gm8), torch.masked_select(t, tm8))
    # in place where the mask broadcasts to self
    if torch.broadcast_shapes(shape, mshape) == torch.Size(shape) and layout != 'expanded':
        gc, tc = C.Tensor.clone(g), t.clone()
        C.Tensor.masked_fill_scalar_(gc, gm, 7.0)
        tc.masked_fill_(tm, 7.0)
        assert_same(gc, tc)
        gv, tv = pair((), name)
        C.Tensor.masked_fill_(gc, gm, gv)
        tc.masked_fill_(tm, tv)
        assert_same(gc, tc)


def test_masked_errors():
    g = from_numpy(np.zeros((3,), np.float32))
    m = from_numpy(np.array([True, False, True]))
    expect_error(C.Error.DTYPE, 'gt_tensor_masked_fill_scalar', C.Tensor.masked_fill_scalar,
                 g, from_numpy(np.zeros((3,), np.float32)), 1.0)
    expect_error(C.Error.SHAPE, 'gt_tensor_masked_fill_scalar', C.Tensor.masked_fill_scalar,
                 g, from_numpy(np.zeros((2,), np.bool_)), 1.0)
    expect_error(C.Error.SHAPE, 'gt_tensor_masked_fill', C.Tensor.masked_fill,
                 g, m, from_numpy(np.zeros((1,), np.float32)))
    expect_error(C.Error.SHAPE, 'gt_tensor_masked_fill_scalar_', C.Tensor.masked_fill_scalar_,
                 g, from_numpy(np.zeros((2, 3), np.bool_)), 1.0)
    expect_error(C.Error.DTYPE, 'gt_tensor_masked_select', C.Tensor.masked_select,
                 g, from_numpy(np.zeros((3,), np.int64)))
    expect_error(C.Error.SHAPE, 'gt_tensor_masked_select', C.Tensor.masked_select,
                 g, from_numpy(np.zeros((2,), np.bool_)))


@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(), (7,), (3, 4), (2, 0, 3), (2, 3, 4, 5)])
def test_nonzero(shape, layout, name):
    arr = random_array(shape, name, low=-1, high=2)
    if name.startswith('float'):
        arr = np.where(rng.random(shape) < 0.5, 0, arr).astype(arr.dtype)
        if arr.size:
            arr.flat[0] = np.nan
            arr.flat[-1] = -0.0
    g, t = layout_pair(np.asarray(arr).reshape(shape), layout)
    assert_same(C.Tensor.nonzero(g), torch.nonzero(t))


def test_large_parallel_paths():
    """Above the grain size the kernels split across threads; the order of
    masked_select and nonzero must stay row-major."""
    g, t = pair((300, 257), 'float32', 'transposed')
    gm, tm = pair((300, 257), 'bool', 'strided')
    assert_same(C.Tensor.masked_select(g, gm), torch.masked_select(t, tm))
    assert_same(C.Tensor.nonzero(gm), torch.nonzero(tm))
    assert_same(C.Tensor.masked_fill_scalar(g, gm, 3.0), t.masked_fill(tm, 3.0))
    gi_, ti = index_pair((200, 257), 300)
    assert_same(C.Tensor.gather(g, 0, gi_), torch.gather(t, 0, ti))
    gi_, ti = index_pair((100000,), 300 * 257, negative=True)
    assert_same(C.Tensor.take(g, gi_), torch.take(t, ti))
    bad = to_numpy(gi_)
    bad[-5] = 300 * 257
    msg = expect_error(C.Error.INDEX, 'gt_tensor_take', C.Tensor.take, g, from_numpy(bad))
    assert 'index 77100' in msg


# ---- advanced indexing ------------------------------------------------------------------

def idx(arr):
    arr = np.asarray(arr)
    return from_numpy(arr), torch.from_numpy(np.array(arr, order='C'))


def index_cases():
    """(shape, entries) with entries: None, ('i', array) or ('m', array)."""
    r = rng
    return [
        ((5,), [np.array([0, -1, 3, 3])]),
        ((4, 5), [np.array([[0, 1], [-2, 3]])]),
        ((4, 5), [None, np.array([4, 0, -5])]),
        ((3, 4, 5), [np.array([0, 2]), np.array([[1], [3]])]),          # adjacent, broadcast
        ((3, 4, 5), [np.array([0, 2]), None, np.array([1, 4])]),        # not adjacent
        ((3, 4, 5), [None, np.array([1, 2]), np.array([0, 4])]),        # adjacent in the middle
        ((3, 4, 5, 2), [None, np.array([1, 2]), None, np.array([0, 1])]),
        ((3, 4, 5), [np.array(2)]),                                       # 0-d index
        ((3, 4, 5), [np.array(1), None, np.array([0, 2, 4])]),
        ((3, 4), [r.random((3,)) < 0.5]),                                 # masks
        ((3, 4), [r.random((3, 4)) < 0.5]),
        ((3, 4, 5), [None, r.random((4, 5)) < 0.5]),
        ((3, 4, 5), [np.array([True, False, True]), None, np.array([1, 3])]),
        ((3, 4), [np.array(True)]),                                       # x[True]
        ((3, 4), [np.array(False)]),
        ((), [np.array(True)]),
        ((3, 4), [np.zeros((0,), np.int64)]),
        ((0, 3), [np.zeros((0,), np.int64)]),
        ((3, 4), [np.zeros((2, 0), np.int64), np.array([1])]),
        ((2, 3, 4), [np.array([1, 0]), np.array([2, 1]), np.array([3, 3])]),
        ((3, 4), [np.array([1, 0, 1], np.uint8)]),
    ]


def torch_key(entries):
    return tuple(slice(None) if e is None else torch.from_numpy(np.array(e, order='C'))
                 for e in entries)


@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
def test_index(layout, name):
    for shape, entries in index_cases():
        g, t = pair(shape, name, layout)
        gidx = [None if e is None else from_numpy(e) for e in entries]
        # aten.index: a 0-d integer index is an index tensor like any other
        # (Python's t[tensor(1)] turns it into a select first)
        view, aten_idx = aten_entries(t, entries)
        ref = torch.ops.aten.index(view, aten_idx)
        assert_same(C.Tensor.index(g, gidx), ref)
        dims, tensors = dims_of(entries)
        assert_same(C.Tensor.index_dims(g, dims, tensors), ref)
    # no index tensors: a copy of everything
    g, t = pair((2, 3), name, layout)
    assert_same(C.Tensor.index(g, []), t.clone())
    assert_same(C.Tensor.index(g, [None, None]), t.clone())


def aten_entries(t, entries):
    """torch's aten.index_put_ takes None entries but not Python's 0-d bool
    (x[True] is x[None][[0]]); spell that out on a view of @t."""
    view, out, pos = t, [], 0
    for e in entries:
        a = None if e is None else np.asarray(e)
        if a is not None and a.ndim == 0 and a.dtype == np.bool_:
            view = view.unsqueeze(pos)
            out.append(torch.zeros(1 if bool(a) else 0, dtype=torch.long))
            pos += 1
        elif a is None:
            out.append(None)
            pos += 1
        else:
            out.append(torch.from_numpy(np.array(a, order='C')))
            pos += a.ndim if a.dtype in (np.bool_, np.uint8) else 1
    return view, out


def dims_of(entries):
    """The (dims, tensors) arguments of index_dims for @entries."""
    dims, tensors, pos = [], [], 0
    for e in entries:
        if e is None:
            pos += 1
            continue
        a = np.asarray(e)
        dims.append(pos)
        tensors.append(from_numpy(a))
        pos += a.ndim if a.dtype in (np.bool_, np.uint8) else 1
    return dims, tensors


def _has_repeats(t, key):
    positions = torch.arange(t.numel()).reshape(t.shape)[key]
    return positions.unique().numel() != positions.numel()


@pytest.mark.parametrize('name', ALL)
@pytest.mark.parametrize('layout', ['contiguous', 'transposed', 'strided'])
def test_index_put(layout, name):
    rtol = 1e-5 if name.startswith('float') else 0
    for shape, entries in index_cases():
        g, t = pair(shape, name, layout)
        key = torch_key(entries)
        view, aten_idx = aten_entries(t, entries)
        rshape = torch.ops.aten.index(view, aten_idx).shape
        gidx = [None if e is None else from_numpy(e) for e in entries]
        for vshape in [rshape, rshape[1:], ()]:
            gv, tv = pair(vshape, name)
            # accumulate: repeated indices add up
            tref = t.clone()
            view, aten_idx = aten_entries(tref, entries)
            torch.ops.aten.index_put_(view, aten_idx, tv, True)
            gc = C.Tensor.clone(g)
            C.Tensor.index_put_(gc, gidx, gv, True)
            assert_same(gc, tref, rtol)
            assert_same(C.Tensor.index_put(g, gidx, gv, True), tref, rtol)
            gc = C.Tensor.clone(g)
            C.Tensor.index_put_dims_(gc, *dims_of(entries), gv, True)
            assert_same(gc, tref, rtol)
            # store: only where no index repeats (else the winner is unspecified)
            if not _has_repeats(t, key):
                tref = t.clone()
                view, aten_idx = aten_entries(tref, entries)
                torch.ops.aten.index_put_(view, aten_idx, tv, False)
                gc = C.Tensor.clone(g)
                C.Tensor.index_put_(gc, gidx, gv, False)
                assert_same(gc, tref)


def test_index_put_accumulate_duplicates():
    for name in ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool']:
        g, t = pair((5,), name)
        gv, tv = pair((6,), name)
        i = np.array([0, 0, 4, -1, 2, 0])
        gc, tc = C.Tensor.clone(g), t.clone()
        C.Tensor.index_put_(gc, [from_numpy(i)], gv, True)
        tc.index_put_((torch.from_numpy(i),), tv, accumulate=True)
        assert_same(gc, tc, 1e-6 if name.startswith('float') else 0)


def test_index_into_view_writes_base():
    g, t = pair((4, 5), 'float64')
    gv, tv = C.Tensor.transpose(g, 0, 1), t.transpose(0, 1)
    i = np.array([1, 3])
    C.Tensor.index_put_(gv, [None, from_numpy(i)], from_numpy(np.array(5.0)), False)
    tv[:, torch.from_numpy(i)] = 5.0
    assert_same(g, t)


def test_index_dims_errors():
    g = from_numpy(np.zeros((2, 3, 4), np.float32))
    i = from_numpy(np.array([0, 1]))
    m = from_numpy(np.ones((3, 4), np.bool_))
    expect_error(C.Error.VALUE, 'gt_tensor_index_dims', C.Tensor.index_dims, g, [0], [i, i])
    expect_error(C.Error.VALUE, 'gt_tensor_index_dims', C.Tensor.index_dims, g, [1, 0], [i, i])
    expect_error(C.Error.VALUE, 'gt_tensor_index_dims', C.Tensor.index_dims, g, [1, 2], [m, i])
    expect_error(C.Error.INDEX, 'gt_tensor_index_dims', C.Tensor.index_dims, g, [3], [i])
    expect_error(C.Error.INDEX, 'gt_tensor_index_dims', C.Tensor.index_dims, g, [0],
                 [from_numpy(np.array([2]))])
    expect_error(C.Error.SHAPE, 'gt_tensor_index_put_dims_', C.Tensor.index_put_dims_, g,
                 [-1], [i], from_numpy(np.ones((3,), np.float32)), False)


def test_index_errors():
    g = from_numpy(np.zeros((2, 3, 4), np.float32))
    i64 = lambda *v: from_numpy(np.array(v, np.int64))  # noqa: E731
    msg = expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g, [i64(2)])
    assert 'index 2 is out of bounds for dimension 0 with size 2' in msg
    msg = expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g, [None, i64(-4)])
    assert 'index -4 is out of bounds for dimension 1 with size 3' in msg
    expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g,
                 [i64(0), i64(0), i64(0), i64(0)])
    expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g, [i64(0, 1), i64(0, 1, 2)])
    expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g,
                 [from_numpy(np.array([True, False, True]))])
    expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index, g,
                 [None, from_numpy(np.array([True, False]))])
    expect_error(C.Error.DTYPE, 'gt_tensor_index', C.Tensor.index, g,
                 [from_numpy(np.array([0], np.int32))])
    expect_error(C.Error.DTYPE, 'gt_tensor_index', C.Tensor.index, g,
                 [from_numpy(np.array([0.0], np.float32))])
    expect_error(C.Error.INDEX, 'gt_tensor_index', C.Tensor.index,
                 from_numpy(np.zeros((0, 3), np.float32)), [i64(0)])
    expect_error(C.Error.INDEX, 'gt_tensor_index_put_', C.Tensor.index_put_, g,
                 [i64(5)], from_numpy(np.array(1.0, np.float32)), False)
    expect_error(C.Error.DTYPE, 'gt_tensor_index_put_', C.Tensor.index_put_, g,
                 [i64(0)], from_numpy(np.array(1.0, np.float64)), False)
    expect_error(C.Error.SHAPE, 'gt_tensor_index_put_', C.Tensor.index_put_, g,
                 [i64(0, 1)], from_numpy(np.ones((3,), np.float32)), False)
    expect_error(C.Error.SHAPE, 'gt_tensor_index_put', C.Tensor.index_put, g,
                 [i64(0)], from_numpy(np.ones((2, 1, 3, 4), np.float32)), True)


# ---- one_hot --------------------------------------------------------------------------

@pytest.mark.parametrize('shape', [(), (5,), (3, 4), (0,), (2, 0)])
def test_one_hot(shape):
    for nc in [-1, 6, 9]:
        arr = rng.integers(0, 6, shape).astype(np.int64).reshape(shape)
        for layout in ['contiguous', 'transposed']:
            g, t = layout_pair(arr, layout)
            if arr.size == 0 and nc == -1:
                expect_error(C.Error.VALUE, 'gt_one_hot', C.one_hot, g, nc)
                continue
            assert_same(C.one_hot(g, nc), torch.nn.functional.one_hot(t, nc))


def test_one_hot_errors():
    expect_error(C.Error.INDEX, 'gt_one_hot', C.one_hot, from_numpy(np.array([-1, 2])), -1)
    expect_error(C.Error.INDEX, 'gt_one_hot', C.one_hot, from_numpy(np.array([0, 5])), 3)
    expect_error(C.Error.INDEX, 'gt_one_hot', C.one_hot, from_numpy(np.array([0])), 0)
    expect_error(C.Error.DTYPE, 'gt_one_hot', C.one_hot, from_numpy(np.array([0], np.int32)), -1)
    expect_error(C.Error.VALUE, 'gt_one_hot', C.one_hot, from_numpy(np.zeros((0,), np.int64)), 0)


# ---- float16 and bfloat16 ------------------------------------------------------------

@pytest.mark.parametrize('tdtype,gdtype', [(torch.float16, C.DType.FLOAT16),
                                           (torch.bfloat16, C.DType.BFLOAT16)])
def test_half_dtypes(tdtype, gdtype):
    """The indexing ops take the 16-bit floats as torch's CPU does; moves
    keep the bits, scatter_add rounds each sum as torch does."""
    def gt_of(t):
        data = t.contiguous().view(torch.int16).numpy().tobytes()
        return C.Tensor.new_from_bytes(GLib.Bytes.new(data), list(t.shape), gdtype, None)

    def bits(g):
        return np.frombuffer(C.Tensor.to_bytes(g).get_data(), np.int16)

    def same(g, t):
        assert list(C.Tensor.get_shape(g)) == list(t.shape)
        np.testing.assert_array_equal(bits(g), t.contiguous().view(torch.int16).numpy().ravel())

    torch.manual_seed(7)
    t = torch.randn(6, 5).to(tdtype) * 100
    g = gt_of(t)
    i = torch.tensor([4, 0, 2, 2])
    gi_ = from_numpy(i.numpy())
    same(C.Tensor.index_select(g, 0, gi_), t.index_select(0, i))
    same(C.Tensor.index(g, [None, gi_]), t[:, i])
    idx = torch.randint(0, 5, (6, 5))
    same(C.Tensor.gather(g, 1, from_numpy(idx.numpy())), torch.gather(t, 1, idx))
    same(C.Tensor.scatter_add(g, 1, from_numpy(idx.numpy()), g), t.scatter_add(1, idx, t))
    m = torch.rand(6, 5) < 0.5
    gm = from_numpy(m.numpy())
    same(C.Tensor.masked_select(g, gm), torch.masked_select(t, m))
    same(C.Tensor.masked_fill_scalar(g, gm, 1.5), t.masked_fill(m, 1.5))
    assert_same(C.Tensor.nonzero(g), torch.nonzero(t))
    same(C.Tensor.take(g, from_numpy(np.array([-1, 3]))), torch.take(t, torch.tensor([-1, 3])))
    acc = t.clone().index_put_((torch.tensor([0, 0, 5]),), t[:3], accumulate=True)
    gc = C.Tensor.clone(g)
    C.Tensor.index_put_(gc, [from_numpy(np.array([0, 0, 5]))],
                        C.Tensor.narrow(g, 0, 0, 3), True)
    same(gc, acc)

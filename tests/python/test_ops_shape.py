"""Parity of gtensor's shape and view ops with torch 1.13.

Every op runs on gtensor and torch with the same values over random shapes
(0-d, empty, broadcast), every dtype the op takes and non-contiguous inputs
(transposed, expanded, strided); values, dtypes and shapes must agree, and
where torch returns a view gtensor must too: a fill_ through the result is
visible in the base exactly when it is in torch. The C functions are called
through the raw GI module, so the Python overrides do not matter here.
"""

import itertools

import numpy as np
import pytest
import torch

import gi
gi.require_version('Gt', '1.0')
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib  # noqa: E402

from gtutil import NUMPY, random_move_array  # noqa: E402
from gtutil import MOVE_DTYPES as ALL  # noqa: E402
from gtutil import MOVE_LAYOUTS as LAYOUTS  # noqa: E402
from gtutil import MOVE_LAYOUT_DTYPES as LAYOUT_DTYPES  # noqa: E402
from gtutil import assert_raw_same as assert_same  # noqa: E402
from gtutil import expect_gerror as expect_error  # noqa: E402
from gtutil import raw_from_numpy as from_numpy  # noqa: E402
from gtutil import raw_to_numpy as to_numpy  # noqa: E402

C = get_introspection_module('Gt')

rng = np.random.default_rng(1234)


# ---- helpers ---------------------------------------------------------------

def random_array(shape, name):
    return random_move_array(rng, shape, name)


def pair(shape, name, layout='contiguous'):
    """A gtensor and a torch tensor with the same values and (roughly) the
    same non-contiguous layout."""
    shape = tuple(shape)
    if layout == 'transposed' and len(shape) >= 2:
        base = random_array(shape[::-1], name)
        perm = list(range(len(shape)))[::-1]
        g = C.Tensor.permute(from_numpy(base), perm)
        t = torch.from_numpy(base.copy()).permute(perm)
        return g, t
    if layout == 'expanded' and len(shape) >= 1:
        small = tuple(1 if i % 2 == 0 else s for i, s in enumerate(shape))
        base = random_array(small, name)
        g = C.Tensor.expand(from_numpy(base), list(shape))
        t = torch.from_numpy(base.copy()).expand(shape)
        return g, t
    if layout == 'strided' and len(shape) >= 1:
        big = shape[:-1] + (2 * shape[-1],)
        base = random_array(big, name)
        g = C.Tensor.slice(from_numpy(base), -1, 0, 2 ** 62, 2)
        t = torch.from_numpy(base.copy())[..., ::2]
        return g, t
    base = random_array(shape, name)
    return from_numpy(base), torch.from_numpy(base.copy())


def check_view_parity(g_base, t_base, g_res, t_res):
    """After a fill_ through the results, the bases agree: a view in torch
    is a view in gtensor, a copy is a copy."""
    if (0 in t_res.stride() and t_res.numel() > 1) or t_res.numel() == 0:
        return      # an expanded result cannot be written to
    C.Tensor.fill_(g_res, 1.0)
    t_res.fill_(1)
    assert_same(g_base, t_base)


SHAPES = [(), (0,), (5,), (2, 3), (3, 1, 4), (2, 0, 3), (2, 3, 4, 2)]


# ---- reshape, view, flatten, unflatten ---------------------------------------

def reshape_targets(shape):
    n = int(np.prod(shape)) if shape else 1
    targets = [(n,), (-1,)]
    if n > 0:
        targets += [(1, n), (n, 1, 1), (1, -1, 1)]
        if n % 2 == 0:
            targets += [(2, -1), (-1, 2), (n // 2, 1, 2)]
    else:
        targets += [(0, 5), (3, 0, 2)]
    if n == 1:
        targets += [()]
    return targets


@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', SHAPES)
def test_reshape(shape, layout, name):
    for target in reshape_targets(shape):
        g, t = pair(shape, name, layout)
        gr = C.Tensor.reshape(g, list(target))
        tr = t.reshape(target)
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)


@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', SHAPES)
def test_view(shape, layout):
    for target in reshape_targets(shape):
        g, t = pair(shape, 'float32', layout)
        try:
            tr = t.view(target)
        except RuntimeError:
            expect_error(C.Error.SHAPE, 'gt_tensor_view', C.Tensor.view, g, list(target))
            continue
        gr = C.Tensor.view(g, list(target))
        assert_same(gr, tr)
        if tr.numel() > 0:
            assert list(C.Tensor.get_strides(gr)) == list(tr.stride())
        check_view_parity(g, t, gr, tr)


def test_reshape_errors():
    g = from_numpy(np.zeros((3, 4), np.float32))
    expect_error(C.Error.SHAPE, 'gt_tensor_reshape', C.Tensor.reshape, g, [5, -1])
    expect_error(C.Error.SHAPE, 'gt_tensor_reshape', C.Tensor.reshape, g, [-1, -1])
    expect_error(C.Error.SHAPE, 'gt_tensor_reshape', C.Tensor.reshape, g, [-2, 6])
    expect_error(C.Error.SHAPE, 'gt_tensor_reshape', C.Tensor.reshape,
                 from_numpy(np.zeros((0, 3), np.float32)), [0, -1])
    expect_error(C.Error.SHAPE, 'gt_tensor_view', C.Tensor.view, C.Tensor.t(g), [12])


@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', SHAPES)
def test_flatten(shape, layout):
    nd = max(len(shape), 1)
    for start, end in itertools.product(range(-nd, nd), repeat=2):
        g, t = pair(shape, 'int64', layout)
        if (start % nd) > (end % nd):
            expect_error(C.Error.VALUE, 'gt_tensor_flatten', C.Tensor.flatten, g, start, end)
            continue
        gr = C.Tensor.flatten(g, start, end)
        tr = t.flatten(start, end)
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)


@pytest.mark.parametrize('layout', LAYOUTS)
def test_unflatten(layout):
    cases = [((2, 12), 1, (3, 4)), ((2, 12), -1, (-1, 6)), ((12,), 0, (2, 2, 3)),
             ((2, 0), 1, (0, 5)), ((4, 3), 0, (2, 2)), ((6,), 0, (6,))]
    for shape, dim, sizes in cases:
        g, t = pair(shape, 'float64', layout)
        gr = C.Tensor.unflatten(g, dim, list(sizes))
        tr = t.unflatten(dim, sizes)
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)
    g = from_numpy(np.zeros((2, 12), np.float32))
    expect_error(C.Error.SHAPE, 'gt_tensor_unflatten', C.Tensor.unflatten, g, 1, [5, -1])
    expect_error(C.Error.SHAPE, 'gt_tensor_unflatten', C.Tensor.unflatten, g, 1, [5, 2])
    expect_error(C.Error.SHAPE, 'gt_tensor_unflatten', C.Tensor.unflatten, g, 1, [])
    expect_error(C.Error.INDEX, 'gt_tensor_unflatten', C.Tensor.unflatten, g, 2, [12])
    expect_error(C.Error.INDEX, 'gt_tensor_unflatten', C.Tensor.unflatten,
                 from_numpy(np.zeros((), np.float32)), 0, [1])


# ---- permutations ------------------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', SHAPES)
def test_transpose_permute(shape, layout, name):
    nd = max(len(shape), 1)
    for d0, d1 in itertools.product(range(-nd, nd), repeat=2):
        g, t = pair(shape, name, layout)
        gr = C.Tensor.transpose(g, d0, d1)
        tr = t.transpose(d0, d1)
        assert_same(gr, tr)
        assert (list(C.Tensor.get_strides(gr)) == list(tr.stride()) or
                layout == 'expanded' or tr.numel() == 0)
        check_view_parity(g, t, gr, tr)
    for perm in list(itertools.permutations(range(len(shape))))[:6]:
        g, t = pair(shape, name, layout)
        neg = [p - len(shape) if i % 2 else p for i, p in enumerate(perm)]
        gr = C.Tensor.permute(g, neg)
        tr = t.permute(*perm) if perm else t.permute(())
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)


def test_permute_errors():
    g = from_numpy(np.zeros((2, 3), np.float32))
    expect_error(C.Error.VALUE, 'gt_tensor_permute', C.Tensor.permute, g, [0, 0])
    expect_error(C.Error.SHAPE, 'gt_tensor_permute', C.Tensor.permute, g, [0])
    expect_error(C.Error.INDEX, 'gt_tensor_permute', C.Tensor.permute, g, [0, 2])
    expect_error(C.Error.INDEX, 'gt_tensor_transpose', C.Tensor.transpose, g, 0, 2)


@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', SHAPES)
def test_t_and_mt(shape, layout):
    g, t = pair(shape, 'float32', layout)
    if len(shape) <= 2:
        gr, tr = C.Tensor.t(g), t.t()
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)
    else:
        expect_error(C.Error.SHAPE, 'gt_tensor_t', C.Tensor.t, g)
    g, t = pair(shape, 'float32', layout)
    if len(shape) >= 2:
        gr, tr = C.Tensor.mt(g), t.mT
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)
    else:
        expect_error(C.Error.SHAPE, 'gt_tensor_mt', C.Tensor.mt, g)


# ---- squeeze, unsqueeze, expand --------------------------------------------------

SQUEEZE_SHAPES = [(), (1,), (1, 3, 1), (2, 1, 0), (1, 1, 1, 2)]


@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', SQUEEZE_SHAPES + SHAPES)
def test_squeeze_unsqueeze(shape, layout):
    g, t = pair(shape, 'int32', layout)
    gr, tr = C.Tensor.squeeze(g), t.squeeze()
    assert_same(gr, tr)
    check_view_parity(g, t, gr, tr)
    nd = max(len(shape), 1)
    for d in range(-nd, nd):
        g, t = pair(shape, 'int32', layout)
        gr, tr = C.Tensor.squeeze_dim(g, d), t.squeeze(d)
        assert_same(gr, tr)
        check_view_parity(g, t, gr, tr)
    for d in range(-len(shape) - 1, len(shape) + 1):
        g, t = pair(shape, 'int32', layout)
        gr, tr = C.Tensor.unsqueeze(g, d), t.unsqueeze(d)
        assert_same(gr, tr)
        if layout == 'contiguous' and tr.numel() > 0:
            assert list(C.Tensor.get_strides(gr)) == list(tr.stride())
        check_view_parity(g, t, gr, tr)
    g = from_numpy(np.zeros(shape, np.int32))
    expect_error(C.Error.INDEX, 'gt_tensor_unsqueeze', C.Tensor.unsqueeze, g, len(shape) + 1)
    expect_error(C.Error.INDEX, 'gt_tensor_squeeze_dim', C.Tensor.squeeze_dim, g, nd)


@pytest.mark.parametrize('name', ALL)
@pytest.mark.parametrize('layout', ['contiguous', 'transposed', 'strided'])
def test_expand_broadcast_to(layout, name):
    cases = [((3, 1), (2, -1, 4)), ((3, 1), (3, 5)), ((), (2, 3)), ((1,), (0,)),
             ((3, 1), (0, 3, 1)), ((2, 1, 3), (2, 4, 3)), ((4,), (2, 3, 4))]
    for shape, target in cases:
        g, t = pair(shape, name, layout)
        gr, tr = C.Tensor.expand(g, list(target)), t.expand(target)
        assert_same(gr, tr)
        assert (list(C.Tensor.get_strides(gr)) == list(tr.stride()) or
                layout != 'contiguous' or tr.numel() == 0)
        full = tuple(s if s != -1 else shape[i - len(target) + len(shape)]
                     for i, s in enumerate(target))
        g, t = pair(shape, name, layout)
        assert_same(C.Tensor.broadcast_to(g, list(full)), torch.broadcast_to(t, full))
    g = from_numpy(np.zeros((3, 1), np.float32))
    expect_error(C.Error.SHAPE, 'gt_tensor_expand', C.Tensor.expand, g, [-1, 3, 4])
    expect_error(C.Error.SHAPE, 'gt_tensor_expand', C.Tensor.expand, g, [4, 4])
    expect_error(C.Error.SHAPE, 'gt_tensor_expand', C.Tensor.expand, g, [4])
    expect_error(C.Error.SHAPE, 'gt_tensor_expand', C.Tensor.expand, g, [3, -2])
    expect_error(C.Error.SHAPE, 'gt_tensor_broadcast_to', C.Tensor.broadcast_to, g, [4, 4])


# ---- narrow, select, slice, unbind ------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(5,), (3, 4), (2, 0, 3), (2, 3, 4)])
def test_narrow_select_slice(shape, layout, name):
    for dim in range(-len(shape), len(shape)):
        size = shape[dim]
        for start in sorted({-size, -1, 0, 1, size // 2, size} & set(range(-size, size + 1))):
            for length in sorted({0, 1, size - (start % size if size and start < size else size)}):
                if length > size - (start % size if size and start < size else size):
                    continue
                g, t = pair(shape, name, layout)
                gr, tr = C.Tensor.narrow(g, dim, start, length), t.narrow(dim, start, length)
                assert_same(gr, tr)
                check_view_parity(g, t, gr, tr)
        for index in sorted({-size, -1, 0, size - 1} & set(range(-size, size))):
            g, t = pair(shape, name, layout)
            gr, tr = C.Tensor.select(g, dim, index), t.select(dim, index)
            assert_same(gr, tr)
            check_view_parity(g, t, gr, tr)
        for start, end, step in [(0, 2 ** 63 - 1, 1), (1, 4, 2), (-3, -1, 1), (3, 1, 1),
                                 (-100, 100, 3), (2, 2 ** 63 - 1, 5), (-2 ** 62, 2, 1)]:
            g, t = pair(shape, name, layout)
            gr = C.Tensor.slice(g, dim, start, end, step)
            tr = torch.ops.aten.slice(t, dim, start, end, step)
            assert_same(gr, tr)
            if tr.numel() > 0:
                assert C.Tensor.get_storage_offset(gr) - C.Tensor.get_storage_offset(g) == \
                    tr.storage_offset() - t.storage_offset()
            check_view_parity(g, t, gr, tr)
        g, t = pair(shape, name, layout)
        gl, tl = C.Tensor.unbind(g, dim), t.unbind(dim)
        assert len(gl) == len(tl)
        for a, b in zip(gl, tl):
            assert_same(a, b)


def test_narrow_select_slice_errors():
    g = from_numpy(np.zeros((3, 4), np.float32))
    s = from_numpy(np.zeros((), np.float32))
    expect_error(C.Error.INDEX, 'gt_tensor_narrow', C.Tensor.narrow, g, 1, 5, 0)
    expect_error(C.Error.INDEX, 'gt_tensor_narrow', C.Tensor.narrow, g, 1, -5, 0)
    expect_error(C.Error.INDEX, 'gt_tensor_narrow', C.Tensor.narrow, g, 1, 2, 3)
    expect_error(C.Error.INDEX, 'gt_tensor_narrow', C.Tensor.narrow, g, 1, 2, -1)
    expect_error(C.Error.INDEX, 'gt_tensor_narrow', C.Tensor.narrow, s, 0, 0, 1)
    expect_error(C.Error.INDEX, 'gt_tensor_select', C.Tensor.select, g, 1, 4)
    expect_error(C.Error.INDEX, 'gt_tensor_select', C.Tensor.select, g, 1, -5)
    expect_error(C.Error.INDEX, 'gt_tensor_select', C.Tensor.select, s, 0, 0)
    expect_error(C.Error.VALUE, 'gt_tensor_slice', C.Tensor.slice, g, 1, 0, 4, 0)
    expect_error(C.Error.VALUE, 'gt_tensor_slice', C.Tensor.slice, g, 1, 0, 4, -1)
    expect_error(C.Error.INDEX, 'gt_tensor_slice', C.Tensor.slice, s, 0, 0, 1, 1)
    expect_error(C.Error.INDEX, 'gt_tensor_unbind', C.Tensor.unbind, s, 0)
    expect_error(C.Error.INDEX, 'gt_tensor_unbind', C.Tensor.unbind, g, 2)


# ---- chunk and split ---------------------------------------------------------------

@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', [(10,), (0,), (2, 7), (6, 3, 2)])
def test_chunk_split(shape, layout):
    for dim in range(-len(shape), len(shape)):
        size = shape[dim]
        for chunks in [1, 2, 3, 4, 7, 20]:
            g, t = pair(shape, 'float32', layout)
            gl, tl = C.Tensor.chunk(g, chunks, dim), t.chunk(chunks, dim)
            assert [list(C.Tensor.get_shape(a)) for a in gl] == [list(b.shape) for b in tl]
            for a, b in zip(gl, tl):
                assert_same(a, b)
        for split in [1, 2, 3, 5, 100] + ([0] if size == 0 else []):
            g, t = pair(shape, 'float32', layout)
            gl, tl = C.Tensor.split(g, split, dim), t.split(split, dim)
            assert len(gl) == len(tl)
            for a, b in zip(gl, tl):
                assert_same(a, b)
        sizes_list = [[size], [0, size]] + ([[1, size - 1]] if size else [[]])
        for sizes in sizes_list:
            g, t = pair(shape, 'float32', layout)
            gl, tl = C.Tensor.split_sizes(g, sizes, dim), t.split(sizes, dim)
            assert len(gl) == len(tl)
            for a, b in zip(gl, tl):
                assert_same(a, b)
    # the pieces are views
    g, t = pair((4, 3), 'float32')
    C.Tensor.fill_(C.Tensor.chunk(g, 2, 0)[1], 5.0)
    t.chunk(2, 0)[1].fill_(5.0)
    assert_same(g, t)


def test_chunk_split_errors():
    g = from_numpy(np.zeros((10,), np.float32))
    s = from_numpy(np.zeros((), np.float32))
    expect_error(C.Error.VALUE, 'gt_tensor_chunk', C.Tensor.chunk, g, 0, 0)
    expect_error(C.Error.INDEX, 'gt_tensor_chunk', C.Tensor.chunk, s, 1, 0)
    expect_error(C.Error.VALUE, 'gt_tensor_split', C.Tensor.split, g, 0, 0)
    expect_error(C.Error.VALUE, 'gt_tensor_split', C.Tensor.split, g, -1, 0)
    expect_error(C.Error.INDEX, 'gt_tensor_split', C.Tensor.split, g, 2, 1)
    expect_error(C.Error.SHAPE, 'gt_tensor_split_sizes', C.Tensor.split_sizes, g, [3, 6], 0)
    expect_error(C.Error.VALUE, 'gt_tensor_split_sizes', C.Tensor.split_sizes, g, [11, -1], 0)


# ---- cat and stack ------------------------------------------------------------------

@pytest.mark.parametrize('names', [('float32', 'float32'), ('int32', 'float64'),
                                   ('bool', 'uint8'), ('uint8', 'int32'),
                                   ('int64', 'bool'), ('bool', 'bool'),
                                   ('int32', 'int64', 'float32')])
@pytest.mark.parametrize('layout', LAYOUTS)
def test_cat(layout, names):
    base = (2, 3, 4)
    for dim in range(-3, 3):
        gs, ts = [], []
        for i, name in enumerate(names):
            shape = list(base)
            shape[dim] = i + 1 if i != 1 else 0
            g, t = pair(shape, name, layout)
            gs.append(g)
            ts.append(t)
        assert_same(C.cat(gs, dim), torch.cat(ts, dim))
    # legacy rule: 1-D empty tensors are skipped, but take part in the dtype
    g, t = pair((2, 3), names[0], layout)
    e = np.zeros((0,), NUMPY[names[-1]])
    assert_same(C.cat([from_numpy(e), g, from_numpy(e)], 1),
                torch.cat([torch.from_numpy(e), t, torch.from_numpy(e)], 1))
    assert_same(C.cat([from_numpy(e), from_numpy(e)], 3),
                torch.cat([torch.from_numpy(e), torch.from_numpy(e)], 3))


def test_cat_errors():
    a = from_numpy(np.zeros((2, 3), np.float32))
    b = from_numpy(np.zeros((2, 2), np.float32))
    expect_error(C.Error.VALUE, 'gt_cat', C.cat, [], 0)
    expect_error(C.Error.SHAPE, 'gt_cat', C.cat, [a, b], 0)
    expect_error(C.Error.SHAPE, 'gt_cat', C.cat, [a, from_numpy(np.zeros((3,), np.float32))], 0)
    expect_error(C.Error.SHAPE, 'gt_cat', C.cat, [from_numpy(np.zeros((), np.float32))] * 2, 0)
    expect_error(C.Error.INDEX, 'gt_cat', C.cat, [a, a], 2)
    expect_error(C.Error.VALUE, 'gt_stack', C.stack, [], 0)
    expect_error(C.Error.SHAPE, 'gt_stack', C.stack, [a, b], 0)
    expect_error(C.Error.INDEX, 'gt_stack', C.stack, [a, a], 3)


@pytest.mark.parametrize('names', [('float32', 'float32'), ('int64', 'float32'),
                                   ('bool', 'int32', 'uint8')])
@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', [(), (0,), (3,), (2, 3), (2, 0, 2)])
def test_stack(shape, layout, names):
    for dim in range(-len(shape) - 1, len(shape) + 1):
        gs, ts = zip(*[pair(shape, name, layout) for name in names])
        assert_same(C.stack(list(gs), dim), torch.stack(ts, dim))


# ---- repeat and flip -----------------------------------------------------------------

@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', [(), (3,), (2, 3), (2, 0), (2, 1, 3)])
def test_repeat(shape, layout, name):
    nd = len(shape)
    cases = [(1,) * nd, (2,) * nd, (3,) + (1,) * nd, (2, 2) + (2,) * nd,
             (0,) + (1,) * nd, tuple(range(1, nd + 1))]
    if nd == 3:
        cases.append((2, 2, 2, 2, 2, 2, 2, 2))   # 16 dims of copy layout
    for reps in cases:
        g, t = pair(shape, name, layout)
        assert_same(C.Tensor.repeat(g, list(reps)), t.repeat(*reps) if reps else t.repeat(()))
    g = from_numpy(np.zeros((2, 3), np.float32))
    expect_error(C.Error.SHAPE, 'gt_tensor_repeat', C.Tensor.repeat, g, [2])
    expect_error(C.Error.SHAPE, 'gt_tensor_repeat', C.Tensor.repeat, g, [2, -1])


@pytest.mark.parametrize('layout,name', LAYOUT_DTYPES)
@pytest.mark.parametrize('shape', SHAPES)
def test_flip(shape, layout, name):
    nd = len(shape)
    dim_sets = [[]] + [[d] for d in range(-nd, nd)] + [list(range(nd))]
    if nd >= 2:
        dim_sets.append([0, -1])
    for dims in dim_sets:
        g, t = pair(shape, name, layout)
        gr = C.Tensor.flip(g, dims)
        assert_same(gr, t.flip(dims))
        # a copy: writing to it leaves the input alone
        before = to_numpy(g)
        C.Tensor.fill_(gr, 1.0)
        np.testing.assert_array_equal(to_numpy(g), before)
    g = from_numpy(np.zeros((3, 4), np.float32))
    expect_error(C.Error.VALUE, 'gt_tensor_flip', C.Tensor.flip, g, [1, -1])
    expect_error(C.Error.INDEX, 'gt_tensor_flip', C.Tensor.flip, g, [2])


def test_float16_moves():
    """Shape ops move float16 bits untouched."""
    arr = rng.standard_normal((3, 4)).astype(np.float16)
    g = C.Tensor.new_from_bytes(GLib.Bytes.new(arr.tobytes()), [3, 4], C.DType.FLOAT16, None)
    t = torch.from_numpy(arr.copy())
    for gr, tr in [(C.Tensor.flip(g, [0]), t.flip(0)),
                   (C.cat([g, C.Tensor.t(C.Tensor.t(g))], 0), torch.cat([t, t], 0)),
                   (C.Tensor.repeat(g, [2, 1]), t.repeat(2, 1)),
                   (C.Tensor.reshape(C.Tensor.t(g), [-1]), t.t().reshape(-1))]:
        data = C.Tensor.to_bytes(gr).get_data()
        np.testing.assert_array_equal(np.frombuffer(data, np.float16).reshape(tr.shape),
                                      tr.numpy())


def test_views_share_storage():
    g, t = pair((4, 6), 'float32')
    for gf, tf in [
            (lambda x: C.Tensor.view(x, [2, 12]), lambda x: x.view(2, 12)),
            (lambda x: C.Tensor.transpose(x, 0, 1), lambda x: x.transpose(0, 1)),
            (lambda x: C.Tensor.narrow(x, 1, 2, 3), lambda x: x.narrow(1, 2, 3)),
            (lambda x: C.Tensor.select(x, 0, -1), lambda x: x.select(0, -1)),
            (lambda x: C.Tensor.slice(x, 1, 1, 5, 2), lambda x: x[:, 1:5:2]),
            (lambda x: C.Tensor.unsqueeze(x, 1), lambda x: x.unsqueeze(1)),
            (lambda x: C.Tensor.squeeze(C.Tensor.unsqueeze(x, 0)), lambda x: x),
            (lambda x: C.Tensor.permute(x, [1, 0]), lambda x: x.permute(1, 0)),
            (lambda x: C.Tensor.flatten(x, 0, -1), lambda x: x.flatten()),
            (lambda x: C.Tensor.unbind(x, 1)[3], lambda x: x.unbind(1)[3]),
            (lambda x: C.Tensor.split_sizes(x, [1, 5], 1)[1], lambda x: x.split([1, 5], 1)[1])]:
        gr, tr = gf(g), tf(t)
        C.Tensor.fill_(gr, 3.0)
        tr.fill_(3.0)
        assert_same(g, t)

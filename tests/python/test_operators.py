# SPDX-License-Identifier: LGPL-2.1-or-later
"""Torch's operators and keyword-argument methods on Gt.Tensor, compared with
PyTorch: values, dtypes, shapes and result structure."""

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gi.repository import Gt  # noqa: E402

from gtutil import as_numpy, dtype_name  # noqa: E402

A = [[1, -2, 3], [4, 5, -6]]
F = [[1.5, -2.0, 3.25], [0.5, 5.0, -6.0]]


def same(g, t):
    """Gt result @g equals torch result @t (tensors or nested tuples)."""
    if isinstance(t, tuple):
        assert isinstance(g, tuple) and len(g) == len(t)
        for a, b in zip(g, t):
            same(a, b)
        return
    assert isinstance(g, Gt.Tensor), type(g)
    assert dtype_name(g.dtype) == dtype_name(t.dtype)
    assert tuple(g.shape) == tuple(t.shape)
    np.testing.assert_allclose(as_numpy(g).astype(np.float64),
                               as_numpy(t).astype(np.float64), rtol=1e-5, atol=1e-6)


def check(fg, ft):
    """Same result, or the same exception class where torch raises."""
    try:
        expected = ft()
    except Exception as exc:  # noqa: BLE001
        with pytest.raises(type(exc)):
            fg()
        return
    same(fg(), expected)


def both(torch, data, dtype=None):
    g = Gt.tensor(data, dtype=getattr(Gt, dtype) if dtype else None)
    t = torch.tensor(data, dtype=getattr(torch, dtype) if dtype else None)
    return g, t


BINARY = [
    lambda x, y: x + y, lambda x, y: x - y, lambda x, y: x * y, lambda x, y: x / y,
    lambda x, y: x // y, lambda x, y: x % y, lambda x, y: x == y,
    lambda x, y: x != y, lambda x, y: x < y, lambda x, y: x <= y,
    lambda x, y: x > y, lambda x, y: x >= y,
]


@pytest.mark.parametrize('op', range(len(BINARY)))
@pytest.mark.parametrize('other', [2, 2.5, True, -3])
@pytest.mark.parametrize('dtype', ['int64', 'int32', 'float32', 'float64'])
def test_binary_number(torch, op, other, dtype):
    f = BINARY[op]
    g, t = both(torch, A, dtype)
    check(lambda: f(g, other), lambda: f(t, other))
    check(lambda: f(other, g), lambda: f(other, t))


@pytest.mark.parametrize('op', range(len(BINARY)))
def test_binary_tensor_promotion(torch, op):
    f = BINARY[op]
    gi_, ti = both(torch, [[1, 2, 3], [4, 5, 7]], 'int32')
    gf, tf = both(torch, F, 'float64')
    check(lambda: f(gi_, gf), lambda: f(ti, tf))
    check(lambda: f(gf, gi_), lambda: f(tf, ti))
    check(lambda: f(gi_, gi_), lambda: f(ti, ti))


def test_pow(torch):
    g, t = both(torch, [[1, 2, 3], [4, 0, 2]])
    same(g ** 2, t ** 2)
    same(2 ** g, 2 ** t)
    same(g ** 0.5, t ** 0.5)
    same(2.5 ** g, 2.5 ** t)
    gf, tf = both(torch, F)
    same(gf ** 2, tf ** 2)
    same(gf ** gf.abs(), tf ** tf.abs())
    same(g.pow(3), t.pow(3))


def test_unary_and_matmul(torch):
    g, t = both(torch, A)
    same(-g, -t)
    same(abs(g), abs(t))
    same(g.abs(), t.abs())
    same(+g, +t)
    gf, tf = both(torch, F)
    same(gf @ gf.T, tf @ tf.T)
    same(gf.matmul(gf.T), tf.matmul(tf.T))
    same(gf.mm(gf.T), tf.mm(tf.T))
    same(Gt.matmul(gf, gf.T), torch.matmul(tf, tf.T))
    gb, tb = both(torch, [True, False])
    same(~gb, ~tb)


def test_comparison_with_none_and_hash():
    g = Gt.tensor([1, 2])
    assert (g == None) is False  # noqa: E711
    assert (g != None) is True  # noqa: E711
    assert hash(g) == hash(g)
    assert g in {g}


@pytest.mark.parametrize('other', [2, 2.5, 'tensor'])
def test_inplace(torch, other):
    for dtype in ('float32', 'int64'):
        g, t = both(torch, A, dtype)
        go = Gt.tensor([1, 2, 3], dtype=getattr(Gt, dtype)) if other == 'tensor' else other
        to = torch.tensor([1, 2, 3], dtype=getattr(torch, dtype)) if other == 'tensor' else other
        ops = ['+=', '-=', '*=']
        if dtype == 'float32':
            ops.append('/=')
        if dtype == 'int64' and isinstance(other, float):
            continue
        for op in ops:
            before = g
            exec('g %s go' % op)
            exec('t %s to' % op)
            assert g is before
            same(g, t)


def test_methods_keywords(torch):
    g, t = both(torch, A)
    gf, tf = both(torch, F)
    same(g.add(gf, alpha=2), t.add(tf, alpha=2))
    same(g.add(3, alpha=2), t.add(3, alpha=2))
    same(g.sub(1.5, alpha=2), t.sub(1.5, alpha=2))
    same(g.mul(2), t.mul(2))
    same(g.mul(2.5), t.mul(2.5))
    same(g.div(4), t.div(4))
    for mode in ('floor', 'trunc'):
        same(g.div(4, rounding_mode=mode), t.div(4, rounding_mode=mode))
        same(gf.div(gf.abs() + 0.5, rounding_mode=mode),
             tf.div(tf.abs() + 0.5, rounding_mode=mode))
    same(g.remainder(4), t.remainder(4))
    same(g.maximum(g * 0), t.maximum(t * 0))
    same(g.eq(3), t.eq(3))
    same(gf.exp(), tf.exp())
    same(gf.sigmoid(), tf.sigmoid())
    same(gf.relu(), tf.relu())


def test_clamp(torch):
    g, t = both(torch, A)
    gf, tf = both(torch, F)
    same(g.clamp(-1, 3), t.clamp(-1, 3))
    same(g.clamp(min=0), t.clamp(min=0))
    same(g.clamp(max=2), t.clamp(max=2))
    same(gf.clamp(-1, 3), tf.clamp(-1, 3))
    same(gf.clamp(min=0.5), tf.clamp(min=0.5))
    same(gf.clamp(max=gf * 0), tf.clamp(max=tf * 0))
    same(gf.clip(-1.5, 1.5), tf.clip(-1.5, 1.5))
    with pytest.raises(RuntimeError):
        gf.clamp()


REDUCTIONS = ['sum', 'mean', 'prod', 'amax', 'amin', 'logsumexp']


@pytest.mark.parametrize('name', REDUCTIONS)
@pytest.mark.parametrize('dim', [None, 0, 1, -1, (0, 1)])
@pytest.mark.parametrize('keepdim', [False, True])
def test_reductions(torch, name, dim, keepdim):
    gf, tf = both(torch, F)
    if name == 'prod' and isinstance(dim, tuple):
        return  # torch's prod takes one dim
    if dim is None:
        if name in ('amax', 'amin', 'logsumexp'):
            return
        same(getattr(gf, name)(), getattr(tf, name)())
        return
    same(getattr(gf, name)(dim, keepdim=keepdim), getattr(tf, name)(dim, keepdim=keepdim))
    same(getattr(gf, name)(dim=dim, keepdim=keepdim),
         getattr(tf, name)(dim=dim, keepdim=keepdim))


def test_reductions_int_and_bool(torch):
    g, t = both(torch, A)
    same(g.sum(), t.sum())
    same(g.sum(1), t.sum(1))
    same(g.prod(0), t.prod(0))
    same(g.sum(dtype=Gt.float64), t.sum(dtype=torch.float64))
    same(g.amax((0, 1)), t.amax((0, 1)))
    gb, tb = both(torch, [[True, False], [True, True]])
    same(gb.all(), tb.all())
    same(gb.any(), tb.any())
    same(gb.all(1), tb.all(1))
    same(gb.any(0, keepdim=True), tb.any(0, keepdim=True))
    same(gb.sum(), tb.sum())


@pytest.mark.parametrize('name', ['std', 'var'])
def test_std_var(torch, name):
    gf, tf = both(torch, F)
    g, t = getattr(gf, name), getattr(tf, name)
    same(g(), t())
    same(g(False), t(False))
    same(g(1), t(1))
    same(g(1, False), t(1, False))
    same(g(dim=0, unbiased=False, keepdim=True), t(dim=0, unbiased=False, keepdim=True))
    same(g((0, 1)), t((0, 1)))
    same(g(1, correction=0), t(1, correction=0))
    same(g(correction=2), t((0, 1), correction=2))


def test_max_min(torch):
    gf, tf = both(torch, F)
    g, t = both(torch, A)
    for name in ('max', 'min'):
        same(getattr(gf, name)(), getattr(tf, name)())
        same(getattr(g, name)(), getattr(t, name)())
        r = getattr(gf, name)(1)
        rt = getattr(tf, name)(1)
        assert type(r).__name__ == name
        same(r.values, rt.values)
        same(r.indices, rt.indices)
        values, indices = getattr(gf, name)(dim=0, keepdim=True)
        same((values, indices), tuple(getattr(tf, name)(dim=0, keepdim=True)))
        same(r[0], rt[0])
        same(getattr(gf, name)(gf * 0), getattr(tf, name)(tf * 0))
    for name in ('argmax', 'argmin'):
        same(getattr(gf, name)(), getattr(tf, name)())
        same(getattr(gf, name)(1), getattr(tf, name)(1))
        same(getattr(gf, name)(dim=0, keepdim=True), getattr(tf, name)(dim=0, keepdim=True))
        same(getattr(gf, name)(keepdim=True), getattr(tf, name)(keepdim=True))


def test_sort_topk_cumsum(torch):
    gf, tf = both(torch, [[3.0, 1.0, 2.0], [0.5, 9.0, -1.0]])
    r, rt = gf.sort(), tf.sort()
    assert type(r).__name__ == 'sort'
    same(tuple(r), tuple(rt))
    same(tuple(gf.sort(0, descending=True)), tuple(tf.sort(0, descending=True)))
    same(tuple(gf.sort(dim=1, stable=True)), tuple(tf.sort(dim=1, stable=True)))
    same(gf.argsort(descending=True), tf.argsort(descending=True))
    r, rt = gf.topk(2), tf.topk(2)
    assert type(r).__name__ == 'topk'
    same(r.values, rt.values)
    same(r.indices, rt.indices)
    same(tuple(gf.topk(1, dim=0, largest=False)), tuple(tf.topk(1, dim=0, largest=False)))
    g, t = both(torch, A)
    same(g.cumsum(1), t.cumsum(1))
    same(g.cumsum(dim=0), t.cumsum(dim=0))
    same(g.cumsum(0, dtype=Gt.float32), t.cumsum(0, dtype=torch.float32))


def test_norm(torch):
    gf, tf = both(torch, F)
    same(gf.norm(), tf.norm())
    same(gf.norm(1), tf.norm(1))
    same(gf.norm(p=float('inf')), tf.norm(p=float('inf')))
    same(gf.norm(2, dim=1), tf.norm(2, dim=1))
    same(gf.norm(dim=0, keepdim=True), tf.norm(dim=0, keepdim=True))
    same(gf.norm(3, (0, 1)), tf.norm(3, (0, 1)))


def test_shapes(torch):
    g, t = both(torch, list(range(24)))
    same(g.reshape(2, 3, 4), t.reshape(2, 3, 4))
    same(g.reshape((4, -1)), t.reshape((4, -1)))
    same(g.reshape([6, 4]), t.reshape([6, 4]))
    same(g.view(2, 12), t.view(2, 12))
    same(g.view(-1, 3), t.view(-1, 3))
    g3, t3 = g.reshape(2, 3, 4), t.reshape(2, 3, 4)
    same(g3.permute(2, 0, 1), t3.permute(2, 0, 1))
    same(g3.permute((1, 2, 0)), t3.permute((1, 2, 0)))
    same(g3.transpose(0, 2), t3.transpose(0, 2))
    same(g3.flatten(), t3.flatten())
    same(g3.flatten(1), t3.flatten(1))
    same(g3.flatten(start_dim=0, end_dim=1), t3.flatten(start_dim=0, end_dim=1))
    g1, t1 = g3.reshape(2, 1, 12, 1), t3.reshape(2, 1, 12, 1)
    same(g1.squeeze(), t1.squeeze())
    same(g1.squeeze(1), t1.squeeze(1))
    same(g1.squeeze(dim=-1), t1.squeeze(dim=-1))
    same(g3.unsqueeze(0), t3.unsqueeze(0))
    same(g3.unsqueeze(dim=-1), t3.unsqueeze(dim=-1))
    gc, tc = both(torch, [[1], [2]])
    same(gc.expand(2, 3), tc.expand(2, 3))
    same(gc.expand((3, 2, -1)), tc.expand((3, 2, -1)))
    same(gc.repeat(2, 3), tc.repeat(2, 3))
    same(g3.T, t3.T)
    same(g3[0].T, t3[0].T)
    same(g3.mT, t3.mT)
    same(g3.flip(0, 2), t3.flip(0, 2))


def test_chunk_split(torch):
    g, t = both(torch, [[float(i + 5 * j) for i in range(5)] for j in range(4)])
    r = g.chunk(2)
    assert isinstance(r, tuple)
    same(r, g.chunk(2) and t.chunk(2))
    same(g.chunk(3, dim=1), t.chunk(3, dim=1))
    same(g.split(3, 1), t.split(3, 1))
    same(g.split(2), t.split(2))
    same(g.split([1, 4], dim=1), t.split([1, 4], dim=1))
    same(g.split((3, 1)), t.split((3, 1)))
    same(g.unbind(1), t.unbind(1))


def test_module_functions(torch):
    ga, ta = both(torch, A)
    gf, tf = both(torch, F)
    same(Gt.cat([ga, ga]), torch.cat([ta, ta]))
    same(Gt.cat((ga, ga), dim=1), torch.cat((ta, ta), dim=1))
    same(Gt.cat([ga, gf], 0), torch.cat([ta, tf], 0))
    same(Gt.stack([ga, ga]), torch.stack([ta, ta]))
    same(Gt.stack((ga, ga), dim=2), torch.stack((ta, ta), dim=2))
    gc, tc = ga > 0, ta > 0
    same(Gt.where(gc, ga, gf), torch.where(tc, ta, tf))
    same(Gt.where(gc, ga, 0), torch.where(tc, ta, 0))
    same(Gt.where(gc, 0, ga), torch.where(tc, 0, ta))
    same(Gt.where(gc, gf, 0.5), torch.where(tc, tf, 0.5))
    same(Gt.where(gc, -1.5, gf), torch.where(tc, -1.5, tf))
    same(Gt.where(gc, 1, 0), torch.where(tc, 1, 0))
    same(Gt.where(gc, 1.0, 0.0), torch.where(tc, 1.0, 0.0))
    same(Gt.where(gc), torch.where(tc))


KEYS = [
    0, -1, (1, 2), (slice(None), 1), slice(1, None), slice(None, None, 2),
    (slice(None), slice(None, None, 2)), (Ellipsis, 1), (None, 0), (0, None),
    (slice(None), None, 1), (Ellipsis, None), (1, Ellipsis, slice(1, 3)),
    slice(-2, None), (slice(0, 1), slice(1, -1, 2)), Ellipsis,
]


@pytest.mark.parametrize('key', range(len(KEYS)))
def test_getitem_basic(torch, key):
    g, t = both(torch, [[[i + 4 * j + 12 * k for i in range(4)] for j in range(3)]
                        for k in range(2)])
    same(g[KEYS[key]], t[KEYS[key]])


def test_getitem_tensors(torch):
    g, t = both(torch, [[float(i + 4 * j) for i in range(4)] for j in range(3)])
    gi_, ti = both(torch, [2, 0, 2])
    same(g[gi_], t[ti])
    same(g[:, gi_], t[:, ti])
    same(g[gi_, gi_], t[ti, ti])
    same(g[..., gi_], t[..., ti])
    same(g[1, gi_], t[1, ti])
    same(g[g > 5], t[t > 5])
    same(g[g[:, 0] > 1], t[t[:, 0] > 1])
    same(g[:, g[0] > 1], t[:, t[0] > 1])
    same(g[[0, 2]], t[[0, 2]])
    same(g[Gt.tensor(1)], t[torch.tensor(1)])
    same(g[None, gi_], t[None, ti])
    with pytest.raises(IndexError):
        g[3]
    with pytest.raises(IndexError):
        g[0, 0, 0]
    with pytest.raises(ValueError):
        g[::-1]

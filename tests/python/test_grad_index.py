"""Gradients of the indexing ops against torch 1.13.

As test_grad_shape.py (whose helpers this uses): the same float64 inputs
and graph in both libraries, forward values and grad_fn names equal to
torch's, first gradients for a random grad_output v and second gradients
(with respect to the inputs and to v) equal to 1e-6. Indices repeat where
the op adds them up (index_select, gather, take, scatter_add, index and
index_put with accumulate) and are unique where a repeated write would
pick one value arbitrarily. In-place forms run on a non-leaf copy.
"""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import pytest  # noqa: E402

from test_grad_shape import check, leaves, seeded, to_gt, uniform  # noqa: E402

torch = pytest.importorskip('torch')

LAYOUTS = ['contiguous', 'transposed', 'sliced']


def idx(values, dtype=torch.int64):
    t = torch.tensor(values, dtype=dtype)
    return t, to_gt(t)


def mask(values):
    t = torch.tensor(values, dtype=torch.bool)
    return t, to_gt(t)


def square(fn, gt):
    """fn(x) times itself: the first gradient then depends on x."""
    if gt:
        return lambda *a: fn(*a).mul(fn(*a))
    return lambda *a: fn(*a) * fn(*a)


# ---- picking ---------------------------------------------------------------------

I0, G_I0 = idx([2, 0, 2])
I1, G_I1 = idx([3, 1], torch.int32)
IG, G_IG = idx([[0, 0], [3, 1], [2, 2]])
IG0, G_IG0 = idx([[1, 0, 2, 1], [1, 1, 0, 0]])
IT, G_IT = idx([[0, -1], [5, 5]])
M2, G_M2 = mask([[True, False, True, True], [False, False, True, False],
                 [True, True, False, False]])
M1, G_M1 = mask([True, False, True, True])
MC, G_MC = mask([[True], [False], [True]])

# name: (torch fn, gt fn, input shape)
PICK = {
    'index_select_0': (lambda x: x.index_select(0, I0),
                       lambda x: x.index_select(0, G_I0), (3, 4)),
    'index_select_int32': (lambda x: x.index_select(1, I1),
                           lambda x: x.index_select(1, G_I1), (3, 4)),
    'gather_1': (lambda x: x.gather(1, IG), lambda x: x.gather(1, G_IG), (3, 4)),
    'gather_0_small': (lambda x: x.gather(0, IG0), lambda x: x.gather(0, G_IG0), (3, 4)),
    'take': (lambda x: x.take(IT), lambda x: x.take(G_IT), (3, 4)),
    'masked_select': (lambda x: x.masked_select(M2), lambda x: x.masked_select(G_M2), (3, 4)),
    'masked_select_bcast_mask': (lambda x: x.masked_select(M1),
                                 lambda x: x.masked_select(G_M1), (3, 4)),
    'masked_select_bcast_self': (lambda x: x.masked_select(M2),
                                 lambda x: x.masked_select(G_M2), (4,)),
    'index': (lambda x: x[I0], lambda x: x.index([G_I0]), (3, 4)),
    'index_dim1': (lambda x: x[:, IG], lambda x: x.index([None, G_IG]), (3, 4)),
    'index_two': (lambda x: x[I0, idx([1, 1, 3])[0]],
                  lambda x: x.index([G_I0, idx([1, 1, 3])[1]]), (3, 4)),
    'index_apart': (lambda x: x[I0, :, idx([1, 0, 1])[0]],
                    lambda x: x.index([G_I0, None, idx([1, 0, 1])[1]]), (3, 2, 2)),
    'index_mask': (lambda x: x[M2], lambda x: x.index([G_M2]), (3, 4)),
    'index_mask_dim1': (lambda x: x[:, M1], lambda x: x.index([None, G_M1]), (3, 4)),
    'index_dims': (lambda x: x[:, IG], lambda x: x.index_dims([1], [G_IG]), (3, 4)),
}


@pytest.mark.parametrize('name', sorted(PICK))
@pytest.mark.parametrize('layout', LAYOUTS)
def test_pick(name, layout):
    t_fn, g_fn, shape = PICK[name]
    rng = seeded(name + layout)
    tx, gx = leaves(uniform(rng, shape), layout)
    if name.startswith('masked_select') and not tx.is_contiguous():
        # torch 1.13 scatters the gradient of a non-contiguous input in
        # memory order (masked_scatter_ into zeros_like(input)), which is
        # wrong: compare with torch on a contiguous copy
        t_pick = t_fn
        t_fn = lambda x: t_pick(x.contiguous())  # noqa: E731
    check(t_fn, g_fn, [tx], [gx], rng, f'{name} ({layout})')


@pytest.mark.parametrize('name', ['index_select_0', 'gather_1', 'take', 'masked_select',
                                  'index_two', 'index_mask'])
def test_pick_squared(name):
    t_fn, g_fn, shape = PICK[name]
    rng = seeded('sq' + name)
    tx, gx = leaves(uniform(rng, shape), 'contiguous')
    check(square(t_fn, False), square(g_fn, True), [tx], [gx], rng, name + ' squared')


def test_index_select_0d():
    rng = seeded('index_select_0d')
    tx, gx = leaves(uniform(rng, ()), 'contiguous')
    i, gi_ = idx([0])
    check(lambda x: x.index_select(0, i), lambda x: x.index_select(0, gi_), [tx], [gx], rng,
          'index_select of a 0-d tensor')
    j, gj = idx(1)
    ty, gy = leaves(uniform(rng, (3, 2)), 'contiguous')
    check(lambda x: x.index_select(0, j), lambda x: x.index_select(0, gj), [ty], [gy], rng,
          'index_select with a 0-d index')


# ---- writing ----------------------------------------------------------------------

IS, G_IS = idx([[0, 2], [3, 1], [1, 0]])       # unique within each row


def scatter_inputs(rng, layout):
    tx, gx = leaves(uniform(rng, (3, 4)), layout)
    ts, gs = leaves(uniform(rng, (3, 2)), 'contiguous')
    return tx, gx, ts, gs


@pytest.mark.parametrize('layout', LAYOUTS)
def test_scatter(layout):
    rng = seeded('scatter' + layout)
    tx, gx, ts, gs = scatter_inputs(rng, layout)
    check(lambda x, s: x.scatter(1, IS, s), lambda x, s: x.scatter(1, G_IS, s),
          [tx, ts], [gx, gs], rng, 'scatter')
    check(lambda x: x.scatter(1, IS, -0.5), lambda x: x.scatter_scalar(1, G_IS, -0.5),
          [tx], [gx], rng, 'scatter with a number')
    check(lambda x, s: x.scatter_add(1, IG, s), lambda x, s: x.scatter_add(1, G_IG, s),
          [tx, ts], [gx, gs], rng, 'scatter_add')
    check(square(lambda x, s: x.scatter_add(1, IG, s), False),
          square(lambda x, s: x.scatter_add(1, G_IG, s), True),
          [tx, ts], [gx, gs], rng, 'scatter_add squared')


@pytest.mark.parametrize('method', ['scatter_', 'scatter_value_', 'scatter_add_'])
def test_scatter_inplace(method):
    rng = seeded(method)
    tx, gx, ts, gs = scatter_inputs(rng, 'transposed')

    def t_fn(x, s):
        t = x * 1
        if method == 'scatter_':
            t.scatter_(1, IS, s)
        elif method == 'scatter_value_':
            t.scatter_(1, IS, 2.0)
        else:
            t.scatter_add_(1, IG, s)
        return t * x

    def g_fn(x, s):
        t = x.mul_scalar(1.0)
        if method == 'scatter_':
            assert t.scatter_(1, G_IS, s)
        elif method == 'scatter_value_':
            assert t.scatter_scalar_(1, G_IS, 2.0)
        else:
            assert t.scatter_add_(1, G_IG, s)
        return t.mul(x)
    check(t_fn, g_fn, [tx, ts], [gx, gs], rng, method)


@pytest.mark.parametrize('which', ['same', 'mask_bcast', 'self_bcast'])
def test_masked_fill(which):
    rng = seeded('masked_fill' + which)
    shape, (m, gm) = {'same': ((3, 4), (M2, G_M2)), 'mask_bcast': ((3, 4), (M1, G_M1)),
                      'self_bcast': ((4,), (M2, G_M2))}[which]
    tx, gx = leaves(uniform(rng, shape), 'sliced')
    check(lambda x: x.masked_fill(m, 1.5), lambda x: x.masked_fill_scalar(gm, 1.5),
          [tx], [gx], rng, 'masked_fill number')
    tv, gv = leaves(uniform(rng, ()), 'contiguous')
    check(lambda x, v: x.masked_fill(m, v), lambda x, v: x.masked_fill(gm, v),
          [tx, tv], [gx, gv], rng, 'masked_fill tensor')
    check(square(lambda x, v: x.masked_fill(m, v), False),
          square(lambda x, v: x.masked_fill(gm, v), True),
          [tx, tv], [gx, gv], rng, 'masked_fill tensor squared')
    # a constant value tensor: still the tensor overload
    c = torch.tensor(0.25, dtype=torch.float64)
    check(lambda x: x.masked_fill(m, c), lambda x: x.masked_fill(gm, to_gt(c)),
          [tx], [gx], rng, 'masked_fill constant tensor')


def test_masked_fill_inplace():
    rng = seeded('masked_fill_')
    tx, gx = leaves(uniform(rng, (3, 4)), 'transposed')
    tv, gv = leaves(uniform(rng, ()), 'contiguous')

    def t_fn(x, v):
        t = x * 1
        t.masked_fill_(MC, v)
        t.masked_fill_(M1, -1.0)
        return t * x

    def g_fn(x, v):
        t = x.mul_scalar(1.0)
        assert t.masked_fill_(G_MC, v)
        assert t.masked_fill_scalar_(G_M1, -1.0)
        return t.mul(x)
    check(t_fn, g_fn, [tx, tv], [gx, gv], rng, 'masked_fill_')


# name: (torch indices, gt indices, values shape, accumulate)
PUT = {
    'rows': ((I0,), [G_I0], (3, 4), True),
    'rows_unique': ((idx([2, 0])[0],), [idx([2, 0])[1]], (2, 4), False),
    'rows_bcast_values': ((I0,), [G_I0], (4,), True),
    'elements': ((I0, idx([1, 1, 3])[0]), [G_I0, idx([1, 1, 3])[1]], (3,), True),
    'elements_unique': ((idx([2, 0])[0], idx([1, 3])[0]),
                        [idx([2, 0])[1], idx([1, 3])[1]], (2,), False),
    'mask': ((M2,), [G_M2], (6,), False),
    'dim1': ((torch.arange(3)[:, None, None], IG), [None, G_IG], (3, 3, 2), True),
}


@pytest.mark.parametrize('name', sorted(PUT))
def test_index_put(name):
    t_idx, g_idx, vshape, acc = PUT[name]
    rng = seeded('index_put' + name)
    tx, gx = leaves(uniform(rng, (3, 4)), 'transposed')
    tv, gv = leaves(uniform(rng, vshape), 'contiguous')
    check(lambda x, v: x.index_put(t_idx, v, accumulate=acc),
          lambda x, v: x.index_put(g_idx, v, acc), [tx, tv], [gx, gv], rng, 'index_put')

    def t_inplace(x, v):
        t = x * 1
        t.index_put_(t_idx, v, accumulate=acc)
        return t * x

    def g_inplace(x, v):
        t = x.mul_scalar(1.0)
        if None in g_idx:
            assert t.index_put_dims_([1], [g_idx[1]], v, acc)
        else:
            assert t.index_put_(g_idx, v, acc)
        return t.mul(x)
    check(t_inplace, g_inplace, [tx, tv], [gx, gv], rng, 'index_put_')


# ---- errors --------------------------------------------------------------------------

def test_inplace_on_leaf_and_views_refused():
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    i = Gt.tensor([[0], [1]])
    m = Gt.tensor([True, False])
    v = Gt.tensor([5.0, 6.0], dtype=Gt.float64)
    for target, word in ((x, 'leaf'), (x.t(), 'view of a leaf')):
        for call in (lambda: target.scatter_(1, i, target),
                     lambda: target.scatter_scalar_(1, i, 1.0),
                     lambda: target.scatter_add_(1, i, target),
                     lambda: target.masked_fill_scalar_(m, 0.0),
                     lambda: target.index_put_([Gt.tensor([0])], v, False)):
            with pytest.raises(GLib.Error) as info:
                call()
            assert word in str(info.value)


def test_modified_index_is_an_error():
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    i = Gt.tensor([[0], [1]])
    y = x.gather(1, i)
    i.fill_(0)
    with pytest.raises(GLib.Error) as info:
        y.backward(Gt.ones_like(y))
    assert 'modified by an inplace operation' in str(info.value)


def test_integer_self_records_nothing():
    v = Gt.tensor(2.5, dtype=Gt.float64, requires_grad=True)
    k = Gt.tensor([1, 2, 3])
    out = k.masked_fill(Gt.tensor([True, False, True]), v)
    assert not out.requires_grad and out.grad_fn is None

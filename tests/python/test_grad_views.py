"""In-place ops through views against torch 1.13 (CopySlices).

An in-place op on a view of a tensor that requires grad rebases the base's
history: the base's grad_fn becomes torch::autograd::CopySlices and the
view's AsStridedBackward0. Each case builds the same graph in both
libraries from float64 inputs and compares forward values, grad_fn names,
first gradients for random grad_outputs and second gradients
(create_graph), with check() of test_grad_shape.py. Then __setitem__ of
the Python overrides (views written with copy_/fill_, index_put_), views
made stale by a write through another view or into the base, a base that
starts requiring grad, torch's refusals, retain_graph, and the version
counter shared by a base and its views.
"""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import pytest  # noqa: E402

from test_grad_shape import assert_close, check, seeded, to_gt, uniform  # noqa: E402

torch = pytest.importorskip('torch')

END = (1 << 63) - 1


def leaf(values):
    """A torch and a Gt leaf with @values (float64) that require grad."""
    t = values.clone().requires_grad_()
    g = to_gt(values)
    g.requires_grad_()
    return t, g


# ---- one in-place op through one view ------------------------------------------

CASES = {
    # name: (shapes of the inputs, torch function, Gt function)
    'slice-mul-scalar': (
        [(5,)],
        lambda x: _t_base(x, lambda b: b[1:3].mul_(2.0)),
        lambda x: _g_base(x, lambda b: b.slice(0, 1, 3, 1).mul_scalar_(2.0))),
    'slice-mul-tensor': (
        [(5,), (2,)],
        lambda x, y: _t_base(x, lambda b: b[1:3].mul_(y)),
        lambda x, y: _g_base(x, lambda b: b.slice(0, 1, 3, 1).mul_(y))),
    'select-add': (
        [(3, 4), (4,)],
        lambda x, y: _t_base(x, lambda b: b.select(0, 1).add_(y)),
        lambda x, y: _g_base(x, lambda b: b.select(0, 1).add_(y, 1.0))),
    'select-add-broadcast': (
        [(3, 4), (1,)],
        lambda x, y: _t_base(x, lambda b: b.select(1, 2).add_(y, alpha=0.5)),
        lambda x, y: _g_base(x, lambda b: b.select(1, 2).add_(y, 0.5))),
    't-relu': (
        [(3, 4)],
        lambda x: _t_base(x, lambda b: b.t().relu_()),
        lambda x: _g_base(x, lambda b: b.t().relu_())),
    't-sigmoid': (
        [(3, 4)],
        lambda x: _t_base(x, lambda b: b.t().sigmoid_()),
        lambda x: _g_base(x, lambda b: b.t().sigmoid_())),
    'narrow-tanh': (
        [(4, 3)],
        lambda x: _t_base(x, lambda b: b.narrow(0, 1, 2).tanh_()),
        lambda x: _g_base(x, lambda b: b.narrow(0, 1, 2).tanh_())),
    'strided-slice-exp': (
        [(7,)],
        lambda x: _t_base(x, lambda b: b[1::3].exp_()),
        lambda x: _g_base(x, lambda b: b.slice(0, 1, END, 3).exp_())),
    'view-div': (
        [(2, 6), (3, 4)],
        lambda x, y: _t_base(x, lambda b: b.view(3, 4).div_(y.abs() + 1)),
        lambda x, y: _g_base(x, lambda b: b.view([3, 4]).div_(y.abs().add_scalar(1.0, 1.0)))),
    'permute-pow': (
        [(2, 3, 4)],
        lambda x: _t_base(x, lambda b: b.permute(2, 0, 1).pow_(2)),
        lambda x: _g_base(x, lambda b: b.permute([2, 0, 1]).pow_scalar_(2.0))),
    'unsqueeze-sub': (
        [(3,), (1, 3)],
        lambda x, y: _t_base(x, lambda b: b.unsqueeze(0).sub_(y)),
        lambda x, y: _g_base(x, lambda b: b.unsqueeze(0).sub_(y, 1.0))),
    'copy-into-slice': (
        [(4, 3), (2, 3)],
        lambda x, y: _t_base(x, lambda b: b[1:3].copy_(y)),
        lambda x, y: _g_base(x, lambda b: b.slice(0, 1, 3, 1).copy_(y))),
    'copy-broadcast-into-column': (
        [(4, 3), (1,)],
        lambda x, y: _t_base(x, lambda b: b.select(1, 0).copy_(y)),
        lambda x, y: _g_base(x, lambda b: b.select(1, 0).copy_(y))),
    'fill-slice': (
        [(5,)],
        lambda x: _t_base(x, lambda b: b[2:4].fill_(3.0)),
        lambda x: _g_base(x, lambda b: b.slice(0, 2, 4, 1).fill_(3.0))),
    'zero-row': (
        [(3, 2)],
        lambda x: _t_base(x, lambda b: b[1].zero_()),
        lambda x: _g_base(x, lambda b: b.select(0, 1).zero_())),
    'clamp-slice': (
        [(6,)],
        lambda x: _t_base(x, lambda b: b[1:5].clamp_(-0.5, 0.5)),
        lambda x: _g_base(x, lambda b: b.slice(0, 1, 5, 1).clamp_scalar_(-0.5, 0.5))),
    'masked-fill-view': (
        [(3, 4)],
        lambda x: _t_base(x, lambda b: b.t().masked_fill_(
            torch.tensor([[True, False, True]] * 4), 0.5)),
        lambda x: _g_base(x, lambda b: b.t().masked_fill_scalar_(
            Gt.tensor([[True, False, True]] * 4), 0.5))),
    'index-put-view': (
        [(4, 3), (2, 3)],
        lambda x, y: _t_base(x, lambda b: b[1:].index_put_(
            (torch.tensor([0, 2]),), y, accumulate=True)),
        lambda x, y: _g_base(x, lambda b: b.slice(0, 1, END, 1).index_put_(
            [Gt.tensor([0, 2])], y, True))),
    'scatter-view': (
        [(3, 4), (3, 1)],
        lambda x, y: _t_base(x, lambda b: b[:, 1:].scatter_(
            1, torch.tensor([[0], [2], [1]]), y)),
        lambda x, y: _g_base(x, lambda b: b.slice(1, 1, END, 1).scatter_(
            1, Gt.tensor([[0], [2], [1]]), y))),
    # chains of views
    'chain-slice-t-select': (
        [(4, 4), (2,)],
        lambda x, y: _t_base(x, lambda b: b[1:3].t()[0].mul_(y)),
        lambda x, y: _g_base(x, lambda b: b.slice(0, 1, 3, 1).t().select(0, 0).mul_(y))),
    'chain-reshape-narrow-expand-select': (
        [(2, 6)],
        lambda x: _t_base(x, lambda b: b.reshape(3, 4).narrow(1, 1, 2)
                          .expand(2, 3, 2)[1].mul_(3.0)),
        lambda x: _g_base(x, lambda b: b.reshape([3, 4]).narrow(1, 1, 2)
                          .expand([2, 3, 2]).select(0, 1).mul_scalar_(3.0))),
}


def _t_base(x, write):
    """x * 1 written through a view by @write, then used: the base, and
    the base times itself so that its gradient depends on the values, and
    the view."""
    b = x * 1.0
    v = write(b)
    return [b, b * b, v]


class _W:
    """A Gt tensor whose raw in-place methods (which return booleans) give
    the tensor back, so that the Gt cases chain as torch's do."""

    def __init__(self, t):
        self.tensor = t

    def __getattr__(self, name):
        method = getattr(self.tensor, name)

        def call(*args):
            out = method(*args)
            if out is True:
                return self
            return _W(out) if isinstance(out, Gt.Tensor) else out
        return call


def _g_base(x, write):
    b = x.mul_scalar(1.0)
    v = write(_W(b)).tensor
    return [b, b.mul(b), v]


@pytest.mark.parametrize('name', sorted(CASES))
def test_inplace_through_view(name):
    shapes, t_fn, g_fn = CASES[name]
    rng = seeded(name)
    t_in, g_in = [], []
    for s in shapes:
        t, g = leaf(uniform(rng, s))
        t_in.append(t)
        g_in.append(g)
    check(t_fn, g_fn, t_in, g_in, rng, name)


def test_names_after_inplace_through_view():
    x = Gt.tensor([1.0, 2.0, 3.0, 4.0], dtype=Gt.float64, requires_grad=True)
    b = x.mul_scalar(1.0)
    v = b.slice(0, 1, 3, 1)
    assert v.grad_fn.name() == 'SliceBackward0'
    v.mul_scalar_(2.0)
    assert b.grad_fn.name() == 'torch::autograd::CopySlices'
    assert v.grad_fn.name() == 'AsStridedBackward0'
    assert not v.is_leaf and v.requires_grad
    assert [float(e) for e in b.detach().numpy()] == [1.0, 4.0, 6.0, 4.0]


# ---- more ops after the write, several writes, stale views -------------------

def test_several_writes_and_stale_views():
    rng = seeded('stale')
    tx, gx = leaf(uniform(rng, (6,)))
    ty, gy = leaf(uniform(rng, (3,)))

    def t_fn(x, y):
        b = x * 1.5
        v1, v2, whole = b[0:3], b[3:5], b[:]
        v1.mul_(y)                   # v2 and whole are stale now
        v2.add_(v1[1:] * 1.0)        # a view read after the write
        b.sigmoid_()                 # into the base: every view is stale
        return [b, v1 * 2, v2.sum(), whole * whole]

    def g_fn(x, y):
        b = x.mul_scalar(1.5)
        v1, v2, whole = b.slice(0, 0, 3, 1), b.slice(0, 3, 5, 1), b.slice(0, 0, END, 1)
        v1.mul_(y)
        v2.add_(v1.slice(0, 1, END, 1).mul_scalar(1.0), 1.0)
        b.sigmoid_()
        return [b, v1.mul_scalar(2.0), v2.sum(None, False), whole.mul(whole)]

    check(t_fn, g_fn, [tx, ty], [gx, gy], rng, 'stale views')


def test_view_of_stale_view():
    rng = seeded('stale2')
    tx, gx = leaf(uniform(rng, (4, 3)))

    def t_fn(x):
        b = x * 2
        v = b[1:]
        b.sin_()                     # v is stale; a view of it reads the new values
        return [v.t()[0], b]

    def g_fn(x):
        b = x.mul_scalar(2.0)
        v = b.slice(0, 1, END, 1)
        b.sin_()
        return [v.t().select(0, 0), b]

    check(t_fn, g_fn, [tx], [gx], rng, 'view of a stale view')


# ---- a base that needs no grad, written with a value that does -----------------

def test_base_starts_requiring_grad():
    rng = seeded('zeros-base')
    tw, gw = leaf(uniform(rng, (2,)))

    def t_fn(w):
        z = torch.zeros(3, 2, dtype=torch.float64)
        other = z[2]                 # made before the write, regenerated after
        z[0].copy_(w * 2)
        z[1:2].add_(w.sin())
        return [z, other * 1.0]

    def g_fn(w):
        z = Gt.zeros(3, 2, dtype=Gt.float64)
        other = z.select(0, 2)
        assert not other.requires_grad
        z.select(0, 0).copy_(w.mul_scalar(2.0))
        z.slice(0, 1, 2, 1).add_(w.sin(), 1.0)
        assert other.requires_grad and other.grad_fn.name() == 'AsStridedBackward0'
        return [z, other.mul_scalar(1.0)]

    check(t_fn, g_fn, [tw], [gw], rng, 'zeros base')


# ---- __setitem__ of the Python overrides ----------------------------------------

def test_setitem_records_like_torch():
    rng = seeded('setitem')
    tx, gx = leaf(uniform(rng, (3, 4)))
    tw, gw = leaf(uniform(rng, (4,)))

    def t_fn(x, w):
        b = x * 1.0
        b[1] = w * 2                 # copy_ through select
        b[:, 0] = 5.0                # fill_ through slice + select
        b[0, 1:3] = w[:2].exp()      # copy_ through a chain
        b[torch.tensor([2])] = w.cos()   # index_put_ (advanced index)
        z = torch.zeros(2, 4, dtype=torch.float64)
        z[1] = w                     # a base without grad starts requiring it
        return [b, z]

    def g_fn(x, w):
        b = x.mul_scalar(1.0)
        b[1] = w.mul_scalar(2.0)
        b[:, 0] = 5.0
        b[0, 1:3] = w.slice(0, 0, 2, 1).exp()
        b[Gt.tensor([2])] = w.cos()
        z = Gt.zeros(2, 4, dtype=Gt.float64)
        z[1] = w
        return [b, z]

    check(t_fn, g_fn, [tx, tw], [gx, gw], rng, '__setitem__')


def test_setitem_backward_grad():
    # the .grad that backward() accumulates, through the torch-style surface
    x0 = torch.tensor([0.5, -1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
    w0 = torch.tensor([1.5, -0.25], dtype=torch.float64, requires_grad=True)
    x = x0 * x0
    x[1:3] = x[1:3].exp() * w0
    x[0] = w0[1]
    (x * x).sum().backward()

    gx0 = Gt.tensor([0.5, -1.0, 2.0, 3.0], dtype=Gt.float64, requires_grad=True)
    gw0 = Gt.tensor([1.5, -0.25], dtype=Gt.float64, requires_grad=True)
    gx = gx0 * gx0
    gx[1:3] = gx[1:3].exp() * gw0
    gx[0] = gw0[1]
    (gx * gx).sum().backward()
    assert gx.grad_fn.name() == 'torch::autograd::CopySlices'
    assert_close(gx0.grad, x0.grad, 'x0.grad', tol=1e-12)
    assert_close(gw0.grad, w0.grad, 'w0.grad', tol=1e-12)


# ---- refusals and engine behaviour -----------------------------------------------

def test_refusals_as_torch():
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    with pytest.raises(GLib.Error) as info:
        x.select(0, 0).mul_scalar_(2.0)
    assert 'a view of a leaf Variable that requires grad' in str(info.value)
    y = x.mul_scalar(1.0)
    for part in (y.unbind(0)[0], y.split(1, 0)[1], y.chunk(2, 1)[0]):
        with pytest.raises(GLib.Error) as info:
            part.mul_scalar_(2.0)
        assert 'returns multiple views' in str(info.value)
    with Gt.no_grad():
        v = y.select(0, 1)
        v.mul_scalar_(2.0)           # allowed inside no_grad
    with pytest.raises(GLib.Error) as info:
        v.mul_scalar_(2.0)
    assert 'created in no_grad mode' in str(info.value)
    # writes in no-grad mode through a view of a leaf are allowed, and the
    # leaf's views made before see them
    s = x.select(0, 1)
    with Gt.no_grad():
        x.select(0, 0).fill_(7.0)
    assert s.grad_fn.name() == 'AsStridedBackward0'
    s.sum(None, False).backward()
    assert [float(e) for e in x.grad.numpy().ravel()] == [0.0, 0.0, 1.0, 1.0]
    # detach() is no differentiable view
    d = y.detach()
    d.select(0, 0).mul_scalar_(3.0)
    assert y.grad_fn.name() == 'MulBackward0'


def test_second_backward_needs_retain_graph():
    x = Gt.tensor([1.0, 2.0, 3.0], dtype=Gt.float64, requires_grad=True)
    b = x.mul_scalar(1.0)
    b.slice(0, 0, 2, 1).sigmoid_()   # saves its result inside CopySlices
    out = b.sum(None, False)
    out.backward(retain_graph=True)
    out.backward()
    with pytest.raises(Exception) as info:
        out.backward()
    assert 'second time' in str(info.value)


def test_versions_shared():
    x = Gt.zeros(4, dtype=Gt.float64)
    v = x.slice(0, 1, 3, 1)
    before = x.get_version()
    v.fill_(1.0)
    assert x.get_version() == v.get_version() == before + 1

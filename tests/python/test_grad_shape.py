"""Gradients of the shape/view ops and of the copies against torch 1.13.

The same float64 inputs and the same graph in both libraries: forward
values and grad_fn names (of every output) must be torch's, first
gradients for a random grad_output v must agree to 1e-6, and so must the
second gradients, taken with create_graph with respect to the inputs and
to v (torch's gradgradcheck): that runs the backward of each backward
(SliceBackwardBackward0, the stack of an unbind...). Inputs are
contiguous, transposed, expanded and sliced. The helpers here are shared
with test_grad_index.py.
"""

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
END = (1 << 63) - 1


def assert_close(got, want, what, tol=TOL):
    if want is None:
        assert got is None or not from_gt(got).any(), what
        return
    if got is None:
        assert not want.detach().any(), f'{what}: no gradient'
        return
    g = from_gt(got)
    assert g.dtype == want.dtype, f'{what}: dtype {g.dtype} != {want.dtype}'
    assert tuple(g.shape) == tuple(want.shape), \
        f'{what}: shape {tuple(g.shape)} != {tuple(want.shape)}'
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
        base = torch.repeat_interleave(t, 2, dim=-1).contiguous()
        tv = base[..., ::2]
        gv = to_gt(base).slice(-1, 0, END, 2)
    else:
        tv, gv = t, to_gt(t)
    tv = tv.detach().requires_grad_()
    gv.requires_grad_()
    return tv, gv


def uniform(rng, shape, lo=-2.0, hi=2.0):
    return torch.from_numpy(rng.uniform(lo, hi, shape)).to(torch.float64)


def seeded(name):
    """A generator seeded from the test's name, the same in every run."""
    return np.random.default_rng(sum(map(ord, name)) * 7919)


def as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def check(torch_fn, gt_fn, t_in, g_in, rng, what, second=True):
    """Forward values and grad_fn names of every output; first gradients of
    the inputs that require grad for random grad_outputs v; with @second,
    the gradients of <first gradients, w> with respect to the inputs and
    to v."""
    t_outs = as_list(torch_fn(*t_in))
    g_outs = as_list(gt_fn(*g_in))
    assert len(g_outs) == len(t_outs), what
    for g, t in zip(g_outs, t_outs):
        assert_close(g, t, what + ' (forward)', tol=1e-12)
        t_name = t.grad_fn.name() if t.grad_fn is not None else None
        g_name = g.grad_fn.name() if g.grad_fn is not None else None
        assert g_name == t_name, what
        assert g.requires_grad == t.requires_grad, what

    t_req = [t for t in t_in if isinstance(t, torch.Tensor) and t.requires_grad]
    g_req = [g for g in g_in if isinstance(g, Gt.Tensor) and g.requires_grad]
    vs = [torch.from_numpy(rng.uniform(-1, 1, tuple(t.shape))).to(t.dtype) for t in t_outs]
    t_vs = [v.clone().requires_grad_() for v in vs]
    g_vs = [to_gt(v) for v in vs]
    for v in g_vs:
        v.requires_grad_()
    t_first = torch.autograd.grad(t_outs, t_req, t_vs, create_graph=second,
                                  allow_unused=True)
    g_first = Gt.autograd.grad(g_outs, g_req, g_vs, create_graph=second,
                               allow_unused=True)
    for i, (g, t) in enumerate(zip(g_first, t_first)):
        assert_close(g, t, f'{what}: gradient of input {i}')
    if not second:
        return

    ws = [torch.from_numpy(rng.uniform(-1, 1, tuple(t.shape))).to(t.dtype) for t in t_req]
    t_pairs, g_pairs = [], []
    for i, (t, g, w) in enumerate(zip(t_first, g_first, ws)):
        if t is not None and t.requires_grad:
            assert g is not None and g.requires_grad, \
                f'{what}: the gradient of input {i} has no graph'
            t_pairs.append((t, w))
            g_pairs.append((g, to_gt(w)))
    if not t_pairs:
        return
    t_second = torch.autograd.grad([f for f, _ in t_pairs], t_req + t_vs,
                                   [w for _, w in t_pairs], allow_unused=True)
    g_second = Gt.autograd.grad([f for f, _ in g_pairs], g_req + g_vs,
                                [w for _, w in g_pairs], allow_unused=True)
    for i, (g, t) in enumerate(zip(g_second, t_second)):
        assert_close(g, t, f'{what}: second gradient of input {i}')


# ---- one input ---------------------------------------------------------------

# name: (torch fn, gt fn, input shape)
UNARY = {
    'reshape': (lambda x: x.reshape(4, 6), lambda x: x.reshape([4, 6]), (2, 3, 4)),
    'reshape_infer': (lambda x: x.reshape(-1, 2), lambda x: x.reshape([-1, 2]), (2, 3, 4)),
    'reshape_0d': (lambda x: x.reshape(1, 1), lambda x: x.reshape([1, 1]), ()),
    'flatten': (lambda x: x.flatten(), lambda x: x.flatten(0, -1), (2, 3, 4)),
    'flatten_inner': (lambda x: x.flatten(1, 2), lambda x: x.flatten(1, 2), (2, 3, 4)),
    'flatten_0d': (lambda x: x.flatten(), lambda x: x.flatten(0, -1), ()),
    'unflatten': (lambda x: x.unflatten(2, (2, 2)), lambda x: x.unflatten(2, [2, 2]),
                  (2, 3, 4)),
    'transpose': (lambda x: x.transpose(0, 2), lambda x: x.transpose(0, 2), (2, 3, 4)),
    'permute': (lambda x: x.permute(2, 0, 1), lambda x: x.permute([2, 0, 1]), (2, 3, 4)),
    't': (lambda x: x.t(), lambda x: x.t(), (3, 4)),
    't_1d': (lambda x: x.t(), lambda x: x.t(), (4,)),
    'mT': (lambda x: x.mT, lambda x: x.mt(), (2, 3, 4)),
    'squeeze': (lambda x: x.squeeze(), lambda x: x.squeeze(), (3, 1, 4)),
    'squeeze_dim': (lambda x: x.squeeze(1), lambda x: x.squeeze_dim(1), (3, 1, 4)),
    'squeeze_dim_noop': (lambda x: x.squeeze(0), lambda x: x.squeeze_dim(0), (3, 1, 4)),
    'unsqueeze': (lambda x: x.unsqueeze(1), lambda x: x.unsqueeze(1), (3, 4)),
    'unsqueeze_end': (lambda x: x.unsqueeze(-1), lambda x: x.unsqueeze(-1), (3, 4)),
    'expand': (lambda x: x.expand(2, 3, 4), lambda x: x.expand([2, 3, 4]), (3, 1)),
    'expand_same': (lambda x: x.expand(-1, 4), lambda x: x.expand([-1, 4]), (3, 4)),
    'broadcast_to': (lambda x: x.broadcast_to((2, 3, 4)),
                     lambda x: x.broadcast_to([2, 3, 4]), (1, 4)),
    'narrow': (lambda x: x.narrow(1, 1, 2), lambda x: x.narrow(1, 1, 2), (3, 4)),
    'select': (lambda x: x.select(1, -1), lambda x: x.select(1, -1), (3, 4)),
    'select_0': (lambda x: x[1], lambda x: x.select(0, 1), (3, 4)),
    'slice': (lambda x: x[:, 1::2], lambda x: x.slice(1, 1, END, 2), (3, 5)),
    'slice_neg': (lambda x: x[-2:], lambda x: x.slice(0, -2, END, 1), (3, 4)),
    'slice_empty': (lambda x: x[:, 3:1], lambda x: x.slice(1, 3, 1, 1), (3, 4)),
    'flip': (lambda x: x.flip(0, 2), lambda x: x.flip([0, 2]), (2, 3, 4)),
    'flip_none': (lambda x: x.flip([]), lambda x: x.flip([]), (3, 4)),
    'repeat': (lambda x: x.repeat(2, 1, 3), lambda x: x.repeat([2, 1, 3]), (2, 3, 2)),
    'repeat_lead': (lambda x: x.repeat(2, 1, 2), lambda x: x.repeat([2, 1, 2]), (3, 2)),
    'repeat_zero': (lambda x: x.repeat(0, 2), lambda x: x.repeat([0, 2]), (3, 2)),
    'clone': (lambda x: x.clone(), lambda x: x.clone(), (3, 4)),
    'contiguous': (lambda x: x.contiguous(), lambda x: x.contiguous(), (3, 4)),
    'to_float32': (lambda x: x.to(torch.float32), lambda x: x.to_dtype(Gt.DType.FLOAT32),
                   (3, 4)),
}

MULTI = {
    'unbind': (lambda x: x.unbind(1), lambda x: x.unbind(1), (3, 4)),
    'split': (lambda x: x.split(3, 1), lambda x: x.split(3, 1), (2, 5)),
    'chunk': (lambda x: x.chunk(2, 0), lambda x: x.chunk(2, 0), (3, 4)),
    'split_sizes': (lambda x: x.split([1, 3], 1), lambda x: x.split_sizes([1, 3], 1), (2, 4)),
}

LAYOUTS = ['contiguous', 'transposed', 'expanded', 'sliced']


@pytest.mark.parametrize('name', sorted(UNARY))
@pytest.mark.parametrize('layout', LAYOUTS)
def test_unary(name, layout):
    t_fn, g_fn, shape = UNARY[name]
    if name in ('to_float32',):
        pytest.skip('float32 results: see test_to_dtype')
    rng = seeded(name + layout)
    tx, gx = leaves(uniform(rng, shape), layout)
    check(t_fn, g_fn, [tx], [gx], rng, f'{name} ({layout})')


@pytest.mark.parametrize('name', sorted(MULTI))
@pytest.mark.parametrize('layout', ['contiguous', 'transposed'])
def test_multi_output(name, layout):
    t_fn, g_fn, shape = MULTI[name]
    rng = seeded(name + layout)
    tx, gx = leaves(uniform(rng, shape), layout)
    check(t_fn, g_fn, [tx], [gx], rng, f'{name} ({layout})')

    # one piece used, twice, through a non-linear op: the others get zeros
    def t_one(x):
        p = t_fn(x)[-1]
        return p * p

    def g_one(x):
        p = g_fn(x)[-1]
        return p.mul(p)
    check(t_one, g_one, [tx], [gx], rng, f'{name} last piece squared')


@pytest.mark.parametrize('name', ['reshape', 'slice', 'select', 'expand', 'repeat',
                                  'permute', 'flip', 'narrow', 'unflatten'])
def test_composed_second_order(name):
    """op(x) squared: the first gradient runs op's backward on something that
    depends on x, so the second gradient goes through op's double backward."""
    t_fn, g_fn, shape = UNARY[name]
    rng = seeded('sq' + name)
    tx, gx = leaves(uniform(rng, shape), 'contiguous')
    check(lambda x: t_fn(x) * t_fn(x), lambda x: g_fn(x).mul(g_fn(x)), [tx], [gx], rng,
          name + ' squared')


@pytest.mark.parametrize('dim', [0, 1, -1])
def test_cat(dim):
    rng = seeded('cat' + str(dim))
    shapes = {0: [(2, 3), (1, 3), (3, 3)], 1: [(2, 3), (2, 1), (2, 2)],
              -1: [(2, 3), (2, 1), (2, 2)]}[dim]
    pairs = [leaves(uniform(rng, s), lay)
             for s, lay in zip(shapes, ['transposed', 'contiguous', 'sliced'])]
    t_in = [p[0] for p in pairs]
    g_in = [p[1] for p in pairs]
    check(lambda *xs: torch.cat(xs, dim), lambda *xs: Gt.cat(list(xs), dim),
          t_in, g_in, rng, 'cat')
    # a constant in the list, and torch's skipped 1-D empty tensor
    empty = torch.zeros(0, dtype=torch.float64)
    check(lambda a, b: torch.cat([a, empty, t_in[2].detach(), b], dim),
          lambda a, b: Gt.cat([a, to_gt(empty), to_gt(t_in[2].detach()), b], dim),
          t_in[:2], g_in[:2], rng, 'cat with constants')


@pytest.mark.parametrize('dim', [0, 1, 2, -1])
def test_stack(dim):
    rng = seeded('stack' + str(dim))
    pairs = [leaves(uniform(rng, (2, 3)), lay)
             for lay in ['contiguous', 'transposed', 'expanded']]
    check(lambda *xs: torch.stack(xs, dim), lambda *xs: Gt.stack(list(xs), dim),
          [p[0] for p in pairs], [p[1] for p in pairs], rng, 'stack')


def test_cat_mixed_dtypes():
    x32 = torch.tensor([[0.5, -1.0]], dtype=torch.float32, requires_grad=True)
    y64 = torch.tensor([[2.0, 4.0]], dtype=torch.float64, requires_grad=True)
    gx, gy = to_gt(x32), to_gt(y64)
    gx.requires_grad_()
    gy.requires_grad_()
    t_out = torch.cat([x32, y64])
    g_out = Gt.cat([gx, gy], 0)
    assert g_out.grad_fn.name() == t_out.grad_fn.name()
    v = torch.tensor([[0.25, -3.0], [1.5, 2.0]], dtype=torch.float64)
    t_grads = torch.autograd.grad(t_out, [x32, y64], v)
    g_grads = Gt.autograd.grad(g_out, [gx, gy], to_gt(v))
    for g, t in zip(g_grads, t_grads):
        assert_close(g, t, 'cat of float32 and float64')


def test_to_dtype():
    rng = seeded('to_dtype')
    tx, gx = leaves(uniform(rng, (3, 4)), 'transposed')
    t_fn, g_fn, _ = UNARY['to_float32']
    t_out, g_out = t_fn(tx), g_fn(gx)
    assert g_out.grad_fn.name() == t_out.grad_fn.name() == 'ToCopyBackward0'
    v = torch.from_numpy(rng.uniform(-1, 1, (3, 4))).to(torch.float32)
    assert_close(Gt.autograd.grad(g_out, gx, to_gt(v))[0],
                 torch.autograd.grad(t_out, tx, v)[0], 'to float32')
    # the same dtype gives the tensor itself; integers carry no gradient
    assert gx.to_dtype(Gt.DType.FLOAT64) is gx
    i = gx.to_dtype(Gt.DType.INT64)
    assert not i.requires_grad and i.grad_fn is None
    # float32 -> float64: the gradient comes back as float32
    t32, g32 = tx.detach().float().requires_grad_(), to_gt(tx.detach().float())
    g32.requires_grad_()
    w = uniform(rng, (3, 4))
    assert_close(Gt.autograd.grad(g32.to_dtype(Gt.DType.FLOAT64), g32, to_gt(w))[0],
                 torch.autograd.grad(t32.double(), t32, w)[0], 'to float64')


def test_contiguous_and_flatten_return_self():
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    assert x.contiguous() is x
    assert x.flatten(1, 1) is x
    assert x.t().contiguous().grad_fn.name() == 'CloneBackward0'


# ---- copies into a tensor ------------------------------------------------------

@pytest.mark.parametrize('broadcast', [False, True])
def test_copy_(broadcast):
    rng = seeded('copy_' + str(broadcast))
    tx, gx = leaves(uniform(rng, (3, 4)), 'contiguous')
    ts, gs = leaves(uniform(rng, (4,) if broadcast else (3, 4)),
                    'sliced' if broadcast else 'transposed')

    def t_fn(x, s):
        t = x * 1
        t.copy_(s)
        return t * x

    def g_fn(x, s):
        t = x.mul_scalar(1.0)
        t.copy_(s)
        assert t.grad_fn.name() == 'torch::autograd::CopyBackwards'
        return t.mul(x)
    check(t_fn, g_fn, [tx, ts], [gx, gs], rng, 'copy_')

    # into a tensor that needs no gradient: it starts to need one
    def t_into(s):
        t = torch.zeros(3, 4, dtype=torch.float64)
        t.copy_(s)
        return t

    def g_into(s):
        t = Gt.zeros(3, 4, dtype=Gt.float64)
        t.copy_(s)
        return t
    check(t_into, g_into, [ts], [gs], rng, 'copy_ into a constant')


@pytest.mark.parametrize('method', ['fill_', 'zero_'])
def test_fill_(method):
    rng = seeded(method)
    tx, gx = leaves(uniform(rng, (3, 4)), 'contiguous')
    args = (2.5,) if method == 'fill_' else ()

    def t_fn(x):
        t = x * 1
        getattr(t, method)(*args)
        return t * x

    def g_fn(x):
        t = x.mul_scalar(1.0)
        getattr(t, method)(*args)
        assert t.grad_fn.name() == {'fill_': 'FillBackward2', 'zero_': 'ZeroBackward0'}[method]
        return t.mul(x)
    check(t_fn, g_fn, [tx], [gx], rng, method)


# ---- refusals --------------------------------------------------------------------

def test_inplace_on_views_refused():
    # views of a leaf and unbind's views are refused as in torch; other
    # views of a non-leaf are written through CopySlices (test_grad_views.py)
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    y = x.mul_scalar(2.0)
    for view in (x.t(), x.select(0, 1), x.reshape([4]), y.unbind(0)[0],
                 x.expand([3, 2, 2]).select(0, 0)):
        assert view.requires_grad
        for call in (lambda: view.mul_scalar_(2.0), lambda: view.fill_(1.0),
                     lambda: view.copy_(Gt.zeros(*view.shape, dtype=Gt.float64))):
            with pytest.raises(GLib.Error) as info:
                call()
            assert 'view' in str(info.value)
    # no-grad writes are allowed, and a clone of a view is no view
    with Gt.no_grad():
        y.select(0, 1).fill_(7.0)
    c = y.select(0, 1).clone()
    c.mul_scalar_(2.0)
    assert from_gt(c).tolist() == [14.0, 14.0]
    # the copy of a reshape is no view either
    r = y.t().reshape([4])
    assert r.grad_fn.name() == 'UnsafeViewBackward0'
    r.mul_scalar_(2.0)
    for call in (lambda: x.fill_(1.0), lambda: x.zero_(), lambda: x.copy_(y)):
        with pytest.raises(GLib.Error) as info:
            call()
        assert 'leaf' in str(info.value)


def test_views_share_storage():
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64, requires_grad=True)
    v = x.t()
    assert v.grad_fn.name() == 'TBackward0' and not v.is_leaf
    with Gt.no_grad():
        x.select(0, 0).fill_(9.0)
    assert from_gt(v).tolist() == [[9.0, 3.0], [9.0, 4.0]]

"""softmax, log_softmax and the functional losses against torch 1.13.

Same inputs in both libraries, every reduction and option: forward values,
dtypes and shapes (float64 to 1e-10 relative, float32 to 1e-5), grad_fn
names, first gradients of the input (and of the target where torch
differentiates it) for a random grad_output, second gradients through
create_graph, and the errors (GLib.Error with the right code and a message
naming the function and the values).
"""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import pytest  # noqa: E402

from gtutil import gt_to_torch as from_gt  # noqa: E402
from gtutil import torch_to_gt as to_gt  # noqa: E402

torch = pytest.importorskip('torch')
F = torch.nn.functional

torch.set_num_threads(2)

RED = {'none': Gt.Reduction.NONE, 'mean': Gt.Reduction.MEAN, 'sum': Gt.Reduction.SUM}
REDUCTIONS = list(RED)
DTYPES = [torch.float64, torch.float32]
TOL = {torch.float64: 1e-10, torch.float32: 1e-5}


def assert_close(got, want, what, tol=None):
    assert got is not None, f'{what}: missing'
    g = from_gt(got)
    assert g.dtype == want.dtype, f'{what}: dtype {g.dtype} != {want.dtype}'
    assert tuple(g.shape) == tuple(want.shape), \
        f'{what}: shape {tuple(g.shape)} != {tuple(want.shape)}'
    tol = TOL[want.dtype] if tol is None else tol
    w = want.detach()
    # float32: 1e-5 relative and absolute (cancellations near 0 differ by
    # an ulp of the terms); float64: 1e-10 relative, 1e-12 absolute
    atol = tol if want.dtype == torch.float32 else tol * 1e-2
    assert torch.allclose(g, w, rtol=tol, atol=atol, equal_nan=True), \
        f'{what}:\n{g}\n!=\n{w}'


def leaf(t):
    return t.detach().clone().requires_grad_()


def rand(shape, dtype=torch.float64, lo=-2.0, hi=2.0, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(shape, generator=g, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


def compare(t_fn, g_fn, t_args, what, grad_args=(0,), second=True, name=None):
    """Forward, grad_fn name, first and second gradients of the args at
    @grad_args (torch tensors; the Gt ones are made from them)."""
    t_in = [leaf(a) if i in grad_args else a for i, a in enumerate(t_args)]
    g_in = [None if a is None else to_gt(a, i in grad_args) for i, a in enumerate(t_args)]
    t_out = t_fn(*t_in)
    g_out = g_fn(*g_in)
    assert_close(g_out, t_out, what + ' (forward)')
    if not grad_args:
        return
    assert g_out.grad_fn is not None, what
    assert g_out.grad_fn.name() == (name or t_out.grad_fn.name()), what
    t_req = [t_in[i] for i in grad_args]
    g_req = [g_in[i] for i in grad_args]
    v = rand(tuple(t_out.shape), t_out.dtype, -1, 1, seed=7)
    t_first = torch.autograd.grad(t_out, t_req, v, create_graph=second)
    g_first = Gt.autograd.grad(g_out, g_req, to_gt(v), create_graph=second)
    for i, (g, t) in enumerate(zip(g_first, t_first)):
        assert_close(g, t, f'{what}: gradient of arg {grad_args[i]}')
    if not second:
        return
    ws = [rand(tuple(t.shape), t.dtype, -1, 1, seed=11 + i) for i, t in enumerate(t_req)]
    # torch records a second-order graph even where it is constant (nll's
    # backward is linear in grad_output): a Gt gradient without a graph
    # must then have zero torch second gradients.
    t_pairs = [(tf, w) for tf, w in zip(t_first, ws) if tf.requires_grad]
    g_pairs = [(gf, to_gt(w)) for gf, w in zip(g_first, ws) if gf.requires_grad]
    if not t_pairs:
        assert not g_pairs, what
        return
    t_second = torch.autograd.grad([p[0] for p in t_pairs], t_req, [p[1] for p in t_pairs],
                                   allow_unused=True)
    g_second = (Gt.autograd.grad([p[0] for p in g_pairs], g_req, [p[1] for p in g_pairs],
                                 allow_unused=True) if g_pairs else [None] * len(g_req))
    for i, (g, t) in enumerate(zip(g_second, t_second)):
        if t is None or (g is None and not t.any()):
            continue
        assert_close(g, t, f'{what}: second gradient of arg {grad_args[i]}')


def raises(code, fn, *words):
    with pytest.raises(GLib.Error) as info:
        fn()
    err = info.value
    assert err.domain == 'gt-error-quark', err.message
    assert err.code == int(code), f'{err.code} != {int(code)}: {err.message}'
    for w in words:
        assert w in err.message, f'{w!r} not in {err.message!r}'
    return err.message


# ---- softmax ---------------------------------------------------------------------

SOFTMAX_CASES = [((3, 5), 1), ((3, 5), 0), ((3, 5), -1), ((2, 3, 4), 0), ((2, 3, 4), 1),
                 ((2, 3, 4), 2), ((2, 3, 300), 1), ((5,), 0), ((), 0), ((), -1),
                 ((4, 0), 1), ((0, 3), 1), ((2, 1, 3), 1)]


@pytest.mark.parametrize('log', [False, True])
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape,dim', SOFTMAX_CASES)
def test_softmax(shape, dim, dtype, log):
    x = rand(shape, dtype, -3, 3)
    t_fn = (lambda a: torch.log_softmax(a, dim)) if log else (lambda a: torch.softmax(a, dim))
    g_fn = (lambda a: Gt.Tensor.log_softmax(a, dim)) if log else \
        (lambda a: Gt.Tensor.softmax(a, dim))
    compare(t_fn, g_fn, [x], f'softmax{shape} dim {dim}', second=dtype == torch.float64)


@pytest.mark.parametrize('log', [False, True])
def test_softmax_strided_and_large(log):
    fn = 'log_softmax' if log else 'softmax'
    base = rand((6, 4), torch.float64, -3, 3)
    # transposed and sliced inputs
    for t in (base.t(), base[::2], base[:, 1:3]):
        g = getattr(Gt.Tensor, fn)(to_gt(t.contiguous()).t().contiguous().t()
                                   if t is base.t() else to_gt(t), 1)
        assert_close(g, getattr(torch, fn)(t, 1), 'strided')
    gt = to_gt(base).t()
    assert_close(getattr(Gt.Tensor, fn)(gt, 0), getattr(torch, fn)(base.t(), 0), 'view')
    # large values: no overflow, as torch (max subtracted)
    x = torch.tensor([[1000.0, 1001.0, 999.0], [-1000.0, -1e4, -999.0]], dtype=torch.float64)
    assert_close(getattr(Gt.Tensor, fn)(to_gt(x), 1), getattr(torch, fn)(x, 1), 'large')
    x32 = x.float()
    assert_close(getattr(Gt.Tensor, fn)(to_gt(x32), -1), getattr(torch, fn)(x32, -1), 'large32')
    # -inf entries, and a row with NaN gives NaN
    y = torch.tensor([[0.0, -float('inf'), 1.0], [float('nan'), 0.0, 1.0]], dtype=torch.float64)
    assert_close(getattr(Gt.Tensor, fn)(to_gt(y), 1), getattr(torch, fn)(y, 1), 'inf/nan')
    # big enough for the threaded path, both layouts
    for shape, dim in (((64, 300), 1), ((8, 300, 8), 1)):
        for dt in DTYPES:
            z = rand(shape, dt, -5, 5, seed=3)
            assert_close(getattr(Gt.Tensor, fn)(to_gt(z), dim), getattr(torch, fn)(z, dim),
                         f'big {shape}')


def test_softmax_backward_first_order_kernel():
    # the kernel path (no create_graph) on a non-contiguous grad_output
    x = rand((4, 7, 3), torch.float64)
    for fn in ('softmax', 'log_softmax'):
        for dim in (0, 1, 2):
            tx, gx = leaf(x), to_gt(x, True)
            v = rand((3, 7, 4), torch.float64, seed=5).permute(2, 1, 0)
            getattr(torch, fn)(tx, dim).backward(v)
            # a permuted (non-contiguous) grad_output reaches the kernel
            gv = to_gt(v.permute(2, 1, 0)).permute([2, 1, 0])
            getattr(Gt.Tensor, fn)(gx, dim).backward(gv, False, False)
            assert_close(gx.get_grad(), tx.grad, f'{fn} dim {dim}')
    for dt in DTYPES:
        x = rand((64, 10), dt)
        tx, gx = leaf(x), to_gt(x, True)
        torch.log_softmax(tx, 1).sum().backward()
        Gt.Tensor.log_softmax(gx, 1).sum(None, False).backward(None, False, False)
        assert_close(gx.get_grad(), tx.grad, 'log_softmax sum')


def test_softmax_errors():
    raises(Gt.Error.DTYPE, lambda: Gt.Tensor.softmax(to_gt(torch.tensor([1, 2])), 0),
           'gt_tensor_softmax', 'int64')
    raises(Gt.Error.DTYPE, lambda: Gt.Tensor.log_softmax(to_gt(torch.zeros(2, dtype=torch.float16)), 0),
           'gt_tensor_log_softmax', 'float16')
    raises(Gt.Error.INDEX, lambda: Gt.Tensor.softmax(to_gt(torch.zeros(2, 3)), 2),
           'gt_tensor_softmax', '[-2, 1]', '2')
    raises(Gt.Error.INDEX, lambda: Gt.Tensor.log_softmax(to_gt(torch.tensor(1.0)), 1),
           'gt_tensor_log_softmax', '[-1, 0]')


# ---- element-wise losses ---------------------------------------------------------

def pair(shape_x, shape_t, dtype, lo=-2, hi=2):
    return rand(shape_x, dtype, lo, hi, seed=1), rand(shape_t, dtype, lo, hi, seed=2)


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', [((3, 5), (3, 5)), ((3, 1), (1, 4)), ((4,), (2, 4)),
                                    ((), ()), ((0, 3), (0, 3))])
def test_mse_l1(shapes, dtype, red):
    x, t = pair(*shapes, dtype)
    second = dtype == torch.float64
    compare(lambda a, b: F.mse_loss(a, b, reduction=red),
            lambda a, b: Gt.mse_loss(a, b, RED[red]), [x, t], f'mse {shapes} {red}',
            grad_args=(0, 1), second=second)
    compare(lambda a, b: F.l1_loss(a, b, reduction=red),
            lambda a, b: Gt.l1_loss(a, b, RED[red]), [x, t], f'l1 {shapes} {red}',
            grad_args=(0, 1), second=False)


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('param', [1.0, 0.5, 2.5])
def test_smooth_l1_huber(param, dtype, red):
    x, t = pair((4, 6), (4, 6), dtype)
    second = dtype == torch.float64
    compare(lambda a, b: F.smooth_l1_loss(a, b, reduction=red, beta=param),
            lambda a, b: Gt.smooth_l1_loss(a, b, RED[red], param), [x, t],
            f'smooth_l1 beta {param} {red}', grad_args=(0, 1), second=second)
    compare(lambda a, b: F.huber_loss(a, b, reduction=red, delta=param),
            lambda a, b: Gt.huber_loss(a, b, RED[red], param), [x, t],
            f'huber delta {param} {red}', grad_args=(0, 1), second=second)
    # broadcast target
    t1 = t[:1]
    compare(lambda a, b: F.huber_loss(a, b.expand_as(a), reduction=red, delta=param),
            lambda a, b: Gt.huber_loss(a, b, RED[red], param), [x, t1],
            f'huber broadcast {red}', grad_args=(0, 1), second=second)


@pytest.mark.parametrize('red', REDUCTIONS)
def test_smooth_l1_beta_zero_is_l1(red):
    x, t = pair((3, 4), (3, 4), torch.float64)
    compare(lambda a, b: F.smooth_l1_loss(a, b, reduction=red, beta=0.0),
            lambda a, b: Gt.smooth_l1_loss(a, b, RED[red], 0.0), [x, t],
            'smooth_l1 beta 0', grad_args=(0, 1), second=False)


def test_pointwise_mixed_dtypes():
    # float32 input, float64 target: a float64 loss, a float32 gradient
    # (torch 1.13's own mse backward fails on this mix, so the gradient is
    # checked against float64 arithmetic)
    x = rand((3, 4), torch.float32)
    t = rand((3, 4), torch.float64, seed=4)
    for tf, gf in ((F.mse_loss, Gt.mse_loss), (F.l1_loss, Gt.l1_loss),
                   (F.huber_loss, lambda a, b, r: Gt.huber_loss(a, b, r, 1.0))):
        tx = leaf(x.double())
        gx = to_gt(x, True)
        out_t, out_g = tf(tx, t), gf(gx, to_gt(t), Gt.Reduction.MEAN)
        assert_close(out_g, out_t, 'mixed')
        out_t.backward()
        out_g.backward(None, False, False)
        assert_close(gx.get_grad(), tx.grad.float(), 'mixed grad')
    ti = torch.tensor([[1, 2, 3, 4]] * 3)
    assert_close(Gt.mse_loss(to_gt(x), to_gt(ti), Gt.Reduction.SUM),
                 F.mse_loss(x, ti, reduction='sum'), 'int target')


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('wshape', [None, (5,), (3, 5), (3, 1)])
def test_binary_cross_entropy(wshape, dtype, red):
    x = rand((3, 5), dtype, 0.05, 0.95, seed=1)
    t = rand((3, 5), dtype, 0, 1, seed=2)
    w = None if wshape is None else rand(wshape, dtype, 0.2, 2, seed=3)
    second = dtype == torch.float64
    compare(lambda a, b, c: F.binary_cross_entropy(a, b, weight=c, reduction=red),
            lambda a, b, c: Gt.binary_cross_entropy(a, b, c, RED[red]), [x, t, w],
            f'bce w {wshape} {red}', grad_args=(0, 1), second=second)


def test_binary_cross_entropy_edges():
    # log clamped at -100: x = 0 or 1 gives 100 per element, as torch
    x = torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=torch.float64)
    t = torch.tensor([1.0, 0.0, 0.0, 1.0], dtype=torch.float64)
    for red in REDUCTIONS:
        assert_close(Gt.binary_cross_entropy(to_gt(x), to_gt(t), None, RED[red]),
                     F.binary_cross_entropy(x, t, reduction=red), 'clamp')
    tx, gx = leaf(x), to_gt(x, True)
    F.binary_cross_entropy(tx, t, reduction='sum').backward()
    Gt.binary_cross_entropy(gx, to_gt(t), None, Gt.Reduction.SUM).backward(None, False, False)
    assert_close(gx.get_grad(), tx.grad, 'clamp grad')
    assert from_gt(Gt.binary_cross_entropy(to_gt(torch.zeros(0)), to_gt(torch.zeros(0)), None,
                                           Gt.Reduction.MEAN)).isnan()


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('wshape,pshape', [(None, None), ((5,), None), (None, (5,)),
                                           ((3, 5), (5,)), ((3, 1), (3, 5))])
def test_bce_with_logits(wshape, pshape, dtype, red):
    x = rand((3, 5), dtype, -30, 30, seed=1)
    t = rand((3, 5), dtype, 0, 1, seed=2)
    w = None if wshape is None else rand(wshape, dtype, 0.2, 2, seed=3)
    p = None if pshape is None else rand(pshape, dtype, 0.2, 3, seed=4)
    second = dtype == torch.float64
    compare(lambda a, b, c, d: F.binary_cross_entropy_with_logits(a, b, weight=c, pos_weight=d,
                                                                  reduction=red),
            lambda a, b, c, d: Gt.binary_cross_entropy_with_logits(a, b, c, d, RED[red]),
            [x, t, w, p], f'bce_logits w {wshape} p {pshape} {red}', grad_args=(0, 1),
            second=second)


def test_bce_with_logits_promotes():
    x = rand((2, 3), torch.float32)
    t = rand((2, 3), torch.float64, 0, 1)
    assert_close(Gt.binary_cross_entropy_with_logits(to_gt(x), to_gt(t), None, None,
                                                     Gt.Reduction.MEAN),
                 F.binary_cross_entropy_with_logits(x, t), 'promote')


def test_pointwise_errors():
    a = to_gt(torch.zeros(2, 3))
    b = to_gt(torch.zeros(4, 3))
    raises(Gt.Error.SHAPE, lambda: Gt.mse_loss(a, b, Gt.Reduction.MEAN), 'gt_mse_loss')
    raises(Gt.Error.SHAPE, lambda: Gt.l1_loss(a, b, Gt.Reduction.MEAN), 'gt_tensor_sub')
    ia = to_gt(torch.tensor([1, 2]))
    raises(Gt.Error.DTYPE, lambda: Gt.mse_loss(ia, ia, Gt.Reduction.MEAN), 'gt_mse_loss', 'int64')
    raises(Gt.Error.DTYPE, lambda: Gt.l1_loss(ia, ia, Gt.Reduction.MEAN), 'gt_l1_loss', 'int64')
    raises(Gt.Error.VALUE, lambda: Gt.smooth_l1_loss(a, a, Gt.Reduction.MEAN, -1.0),
           'gt_smooth_l1_loss', 'beta', '-1')
    raises(Gt.Error.VALUE, lambda: Gt.huber_loss(a, a, Gt.Reduction.MEAN, 0.0),
           'gt_huber_loss', 'delta', '0')
    p = to_gt(torch.tensor([0.5, 2.0]))
    q = to_gt(torch.tensor([1.0, 0.0]))
    raises(Gt.Error.VALUE, lambda: Gt.binary_cross_entropy(p, q, None, Gt.Reduction.MEAN),
           'gt_binary_cross_entropy', 'all elements of input should be between 0 and 1')
    nanp = to_gt(torch.tensor([0.5, float('nan')]))
    raises(Gt.Error.VALUE, lambda: Gt.binary_cross_entropy(nanp, q, None, Gt.Reduction.MEAN),
           'between 0 and 1')
    p = to_gt(torch.tensor([0.5, 0.2]))
    raises(Gt.Error.SHAPE, lambda: Gt.binary_cross_entropy(p, to_gt(torch.zeros(3)), None,
                                                           Gt.Reduction.MEAN),
           'gt_binary_cross_entropy', '[3]', '[2]')
    raises(Gt.Error.DTYPE, lambda: Gt.binary_cross_entropy(p, to_gt(torch.zeros(2, dtype=torch.float64)),
                                                           None, Gt.Reduction.MEAN),
           'gt_binary_cross_entropy', 'float64', 'float32')
    raises(Gt.Error.SHAPE, lambda: Gt.binary_cross_entropy(p, q, to_gt(torch.ones(3)),
                                                           Gt.Reduction.MEAN),
           'gt_binary_cross_entropy')
    raises(Gt.Error.SHAPE, lambda: Gt.binary_cross_entropy_with_logits(
        p, to_gt(torch.zeros(3)), None, None, Gt.Reduction.MEAN),
        'gt_binary_cross_entropy_with_logits', '[3]', '[2]')
    raises(Gt.Error.SHAPE, lambda: Gt.binary_cross_entropy_with_logits(
        p, q, None, to_gt(torch.ones(3)), Gt.Reduction.MEAN),
        'gt_binary_cross_entropy_with_logits')
    raises(Gt.Error.DTYPE, lambda: Gt.mse_loss(to_gt(torch.zeros(2, dtype=torch.float16)),
                                               to_gt(torch.zeros(2, dtype=torch.float16)),
                                               Gt.Reduction.MEAN), 'gt_mse_loss', 'float16')


# ---- nll_loss and cross_entropy --------------------------------------------------

def targets(shape, c, seed=0, ignore=None):
    g = torch.Generator().manual_seed(seed)
    t = torch.randint(0, c, shape, generator=g)
    if ignore is not None and t.numel() > 1:
        t.view(-1)[1] = ignore
    return t


NLL_SHAPES = [((4, 5), (4,)), ((5,), ()), ((2, 5, 3, 2), (2, 3, 2)), ((2, 5, 3), (2, 3)),
              ((2, 5, 2, 1, 2), (2, 2, 1, 2)), ((0, 5), (0,))]


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('weighted', [False, True])
@pytest.mark.parametrize('ignore', [-100, 2])
@pytest.mark.parametrize('shapes', NLL_SHAPES)
def test_nll_loss(shapes, ignore, weighted, dtype, red):
    xs, ts = shapes
    x = torch.log_softmax(rand(xs, dtype), 0 if len(xs) == 1 else 1)
    t = targets(ts, 5, ignore=-100 if ignore == -100 else None)
    w = rand((5,), dtype, 0.2, 2, seed=9) if weighted else None
    name = None
    if len(xs) in (3, 5) and red == 'none':
        name = 'NllLoss2DBackward0'   # torch: ViewBackward0 over NllLoss2DBackward0
    compare(lambda a, b, c: F.nll_loss(a, b, weight=c, ignore_index=ignore, reduction=red),
            lambda a, b, c: Gt.nll_loss(a, b, c, ignore, RED[red]), [x, t, w],
            f'nll {xs} ignore {ignore} w {weighted} {red}', name=name,
            second=dtype == torch.float64)


def test_nll_all_ignored_and_strided():
    x = rand((3, 4), torch.float64)
    t = torch.tensor([-100, -100, -100])
    for red in REDUCTIONS:
        assert_close(Gt.nll_loss(to_gt(x), to_gt(t), None, -100, RED[red]),
                     F.nll_loss(x, t, reduction=red), f'all ignored {red}')
    # a transposed input
    base = rand((4, 3), torch.float64)
    t = torch.tensor([0, 3, 1])
    assert_close(Gt.nll_loss(to_gt(base).t(), to_gt(t), None, -100, Gt.Reduction.SUM),
                 F.nll_loss(base.t(), t, reduction='sum'), 'transposed')


def test_nll_errors():
    x = to_gt(torch.zeros(3, 10))
    msg = raises(Gt.Error.INDEX, lambda: Gt.nll_loss(x, to_gt(torch.tensor([1, 2, 12])), None,
                                                     -100, Gt.Reduction.MEAN),
                 'gt_nll_loss', 'Target 12 is out of bounds', '10')
    raises(Gt.Error.INDEX, lambda: Gt.nll_loss(x, to_gt(torch.tensor([1, -1, 2])), None, -100,
                                               Gt.Reduction.NONE), 'Target -1 is out of bounds')
    raises(Gt.Error.INDEX, lambda: Gt.cross_entropy(x, to_gt(torch.tensor([1, 2, 12])), None,
                                                    -100, Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy', 'Target 12', '10')
    raises(Gt.Error.INDEX, lambda: Gt.cross_entropy(x, to_gt(torch.tensor([1, 2, 12])), None,
                                                    -100, Gt.Reduction.MEAN, 0.1),
           'gt_cross_entropy', 'Target 12', '10')
    raises(Gt.Error.DTYPE, lambda: Gt.nll_loss(x, to_gt(torch.tensor([1, 2, 3], dtype=torch.int32)),
                                               None, -100, Gt.Reduction.MEAN), 'gt_nll_loss', 'int32')
    raises(Gt.Error.SHAPE, lambda: Gt.nll_loss(x, to_gt(torch.tensor([1, 2])), None, -100,
                                               Gt.Reduction.MEAN), 'gt_nll_loss', '[2]', '[3, 10]')
    raises(Gt.Error.SHAPE, lambda: Gt.nll_loss(x, to_gt(torch.tensor([1, 2, 3])),
                                               to_gt(torch.ones(4)), -100, Gt.Reduction.MEAN),
           'gt_nll_loss', '10 classes', '[4]')
    raises(Gt.Error.SHAPE, lambda: Gt.nll_loss(to_gt(torch.zeros(3, 5, 2)),
                                               to_gt(torch.zeros(3, 3, dtype=torch.long)), None,
                                               -100, Gt.Reduction.MEAN), '[3, 3]', '[3, 5, 2]')
    raises(Gt.Error.SHAPE, lambda: Gt.nll_loss(to_gt(torch.tensor(1.0)), to_gt(torch.tensor(0)),
                                               None, -100, Gt.Reduction.MEAN), 'gt_nll_loss')
    raises(Gt.Error.DTYPE, lambda: Gt.nll_loss(to_gt(torch.zeros(3, 5, dtype=torch.long)),
                                               to_gt(torch.tensor([1, 2, 3])), None, -100,
                                               Gt.Reduction.MEAN), 'gt_nll_loss', 'int64')
    # the whole message, once: torch's words with the function and the class count
    assert msg == 'gt_nll_loss: Target 12 is out of bounds (the input has 10 classes).'


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('weighted', [False, True])
@pytest.mark.parametrize('smoothing', [0.0, 0.2, 1.0])
@pytest.mark.parametrize('shapes', [((4, 5), (4,)), ((5,), ()), ((2, 5, 3, 2), (2, 3, 2))])
def test_cross_entropy_indices(shapes, smoothing, weighted, dtype, red):
    xs, ts = shapes
    x = rand(xs, dtype, -3, 3)
    t = targets(ts, 5, seed=3, ignore=-100)
    w = rand((5,), dtype, 0.2, 2, seed=9) if weighted else None
    name = None
    if smoothing == 0 and len(xs) == 4:
        name = 'NllLoss2DBackward0'
    compare(lambda a, b, c: F.cross_entropy(a, b, weight=c, reduction=red,
                                            label_smoothing=smoothing),
            lambda a, b, c: Gt.cross_entropy(a, b, c, -100, RED[red], smoothing), [x, t, w],
            f'ce {xs} ls {smoothing} w {weighted} {red}', name=name,
            second=dtype == torch.float64)


@pytest.mark.parametrize('red', REDUCTIONS)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('weighted', [False, True])
@pytest.mark.parametrize('smoothing', [0.0, 0.3])
@pytest.mark.parametrize('shape', [(4, 5), (5,), (2, 5, 3)])
def test_cross_entropy_probabilities(shape, smoothing, weighted, dtype, red):
    x = rand(shape, dtype, -3, 3)
    t = torch.softmax(rand(shape, dtype, -1, 1, seed=5), 0 if len(shape) == 1 else 1)
    w = rand((5,), dtype, 0.2, 2, seed=9) if weighted else None
    compare(lambda a, b, c: F.cross_entropy(a, b, weight=c, reduction=red,
                                            label_smoothing=smoothing),
            lambda a, b, c: Gt.cross_entropy(a, b, c, -100, RED[red], smoothing), [x, t, w],
            f'ce prob {shape} ls {smoothing} w {weighted} {red}', grad_args=(0, 1),
            second=dtype == torch.float64,
            # torch's C++ divides by an integer Scalar (DivBackward1); Gt's
            # division by a number is named as Python's x / n
            name='DivBackward0' if red == 'mean' else None)


def test_cross_entropy_flagship_and_empty():
    # (64, 10) logits with class indices, as the trainer uses, float32
    x = rand((64, 10), torch.float32, -4, 4)
    t = targets((64,), 10, seed=8)
    compare(lambda a, b: F.cross_entropy(a, b), lambda a, b: Gt.cross_entropy(
        a, b, None, -100, Gt.Reduction.MEAN, 0.0), [x, t], 'flagship', second=False)
    e = torch.zeros(0, 5)
    et = torch.zeros(0, dtype=torch.long)
    for red in REDUCTIONS:
        assert_close(Gt.cross_entropy(to_gt(e), to_gt(et), None, -100, RED[red], 0.0),
                     F.cross_entropy(e, et, reduction=red), f'empty {red}')
        assert_close(Gt.cross_entropy(to_gt(e), to_gt(e), None, -100, RED[red], 0.0),
                     F.cross_entropy(e, e, reduction=red), f'empty prob {red}')
        assert_close(Gt.mse_loss(to_gt(torch.zeros(0)), to_gt(torch.zeros(0)), RED[red]),
                     F.mse_loss(torch.zeros(0), torch.zeros(0), reduction=red), f'empty mse {red}')


def test_cross_entropy_negative_smoothing_is_none():
    x = rand((3, 5), torch.float64)
    t = targets((3,), 5)
    p = torch.softmax(rand((3, 5), torch.float64, seed=2), 1)
    for tgt in (t, p):
        assert_close(Gt.cross_entropy(to_gt(x), to_gt(tgt), None, -100, Gt.Reduction.MEAN, -0.5),
                     F.cross_entropy(x, tgt, label_smoothing=-0.5), 'negative smoothing')


def test_cross_entropy_errors():
    x = to_gt(torch.zeros(3, 5))
    t = to_gt(torch.tensor([1, 2, 3]))
    raises(Gt.Error.VALUE, lambda: Gt.cross_entropy(x, t, None, -100, Gt.Reduction.MEAN, 1.5),
           'gt_cross_entropy', 'label_smoothing', '1.5')
    raises(Gt.Error.VALUE, lambda: Gt.cross_entropy(x, to_gt(torch.rand(3, 5)), None, 1,
                                                    Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy', 'ignore_index')
    raises(Gt.Error.DTYPE, lambda: Gt.cross_entropy(x, to_gt(torch.zeros(3, 5, dtype=torch.long)),
                                                    None, -100, Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy', 'int64')
    raises(Gt.Error.SHAPE, lambda: Gt.cross_entropy(x, to_gt(torch.rand(3, 5)), to_gt(torch.ones(4)),
                                                    -100, Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy', '5 classes', '[4]')
    raises(Gt.Error.DTYPE, lambda: Gt.cross_entropy(to_gt(torch.zeros(3, 5, dtype=torch.long)), t,
                                                    None, -100, Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy')
    raises(Gt.Error.SHAPE, lambda: Gt.cross_entropy(to_gt(torch.tensor(1.0)), to_gt(torch.tensor(0)),
                                                    None, -100, Gt.Reduction.MEAN, 0.0),
           'gt_cross_entropy', 'dimensions')

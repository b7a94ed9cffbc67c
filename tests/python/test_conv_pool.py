"""conv2d and the 2-D pools against torch 1.13 (the oracle).

The same inputs in both libraries, over a table of configurations (stride,
padding, dilation, groups, bias, "same"/"valid", ceil_mode,
count_include_pad, divisor_override, unbatched 3-D inputs, non-contiguous
inputs): forward values, max-pool indices, grad_fn names and every
gradient (input, weight, bias) after backward with a random grad_output;
float64 to 1e-10 relative, float32 to 1e-5 (relative to each tensor's
largest magnitude). Second order (create_graph)
for a few configurations, and bad arguments raising GLib.Error with the
right code and the function's name.
"""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gtutil import gt_to_torch as from_gt  # noqa: E402
from gtutil import torch_to_gt as to_gt  # noqa: E402

torch = pytest.importorskip('torch')
F = torch.nn.functional

torch.set_num_threads(2)
Gt.set_num_threads(2)

TOL = {torch.float64: (1e-10, 1e-12), torch.float32: (1e-5, 1e-5)}


def assert_close(got, want, what):
    assert got is not None, f'{what}: no result'
    g = from_gt(got)
    assert g.dtype == want.dtype, f'{what}: dtype {g.dtype} != {want.dtype}'
    assert tuple(g.shape) == tuple(want.shape), \
        f'{what}: shape {tuple(g.shape)} != {tuple(want.shape)}'
    if want.dtype == torch.int64:
        assert torch.equal(g, want), f'{what}:\n{g}\n!=\n{want}'
        return
    rtol, atol = TOL[want.dtype]
    if want.dtype == torch.float32:
        # float32 sums over a batch round differently in any two libraries:
        # relative to the largest magnitude of the tensor
        atol *= max(1.0, want.detach().abs().max().item())
    assert torch.allclose(g, want.detach(), rtol=rtol, atol=atol), \
        f'{what}: max diff {(g - want.detach()).abs().max()}'


def pair(t, layout):
    """A torch leaf and a Gt leaf with the values of @t in @layout."""
    if layout == 'transposed':
        base = t.transpose(-1, -2).contiguous()
        tv, gv = base.transpose(-1, -2), to_gt(base).transpose(-1, -2)
    elif layout == 'sliced':
        base = torch.repeat_interleave(t, 2, dim=-1).contiguous()
        tv = base[..., ::2]
        gv = to_gt(base).slice(-1, 0, base.shape[-1], 2)
    else:
        tv, gv = t, to_gt(t)
    tv = tv.detach().requires_grad_()
    gv.requires_grad_(True)
    return tv, gv


def backward_both(t_out, g_out, rng):
    v = torch.from_numpy(rng.standard_normal(tuple(t_out.shape))).to(t_out.dtype)
    t_out.backward(v)
    g_out.backward(to_gt(v))


# ---- conv2d ------------------------------------------------------------------------

# name: (input shape, weight shape, bias, stride, padding, dilation, groups)
CONV = {
    'plain': ((2, 3, 7, 6), (4, 3, 3, 3), True, [1], [0], [1], 1),
    'pad1': ((2, 3, 7, 6), (4, 3, 3, 3), True, [1], [1], [1], 1),
    'no_bias': ((2, 3, 7, 6), (4, 3, 3, 3), False, [1], [1], [1], 1),
    'stride2': ((2, 3, 9, 8), (4, 3, 3, 3), True, [2], [1], [1], 1),
    'stride_hw': ((2, 2, 9, 8), (3, 2, 3, 2), True, [2, 1], [1, 0], [1], 1),
    'dilation2': ((2, 3, 9, 9), (2, 3, 3, 3), True, [1], [2], [2], 1),
    'dilation_hw': ((1, 2, 10, 9), (2, 2, 3, 2), True, [1, 2], [1, 2], [2, 3], 1),
    'groups2': ((2, 4, 6, 6), (6, 2, 3, 3), True, [1], [1], [1], 2),
    'depthwise': ((2, 4, 6, 5), (4, 1, 3, 3), True, [1], [1], [1], 4),
    'one_channel': ((3, 1, 8, 8), (5, 1, 3, 3), True, [1], [1], [1], 1),
    'pointwise': ((2, 3, 5, 4), (4, 3, 1, 1), True, [1], [0], [1], 1),
    'pointwise_stride': ((2, 3, 5, 4), (4, 3, 1, 1), True, [2], [0], [1], 1),
    'kernel_5x2': ((2, 2, 8, 7), (3, 2, 5, 2), True, [1], [2, 1], [1], 1),
    'big_pad': ((1, 2, 4, 4), (2, 2, 3, 3), True, [3], [3], [1], 1),
    'unbatched': ((3, 6, 5), (2, 3, 3, 3), True, [1], [1], [1], 1),
    'batch64': ((64, 2, 6, 6), (3, 2, 3, 3), True, [1], [1], [1], 1),
    'batch_groups': ((16, 4, 5, 5), (6, 2, 3, 3), True, [1], [1], [1], 2),
    'batch_stride_dilation': ((12, 3, 9, 8), (4, 3, 3, 2), True, [2, 1], [2, 1], [2, 1], 1),
    'batch_pointwise': ((12, 3, 5, 4), (4, 3, 1, 1), False, [1], [0], [1], 1),
    # enough work for the kernels' thread teams (blocks of images per thread)
    'parallel': ((32, 8, 12, 12), (16, 8, 3, 3), True, [1], [1], [1], 1),
    'groups_wide': ((2, 4, 16, 17), (6, 2, 3, 3), True, [1], [1], [1], 2),
    'dilated_wide': ((2, 3, 17, 16), (4, 3, 3, 2), True, [1], [2, 1], [2, 3], 1),
    'parallel_one_channel': ((64, 1, 20, 20), (16, 1, 3, 3), True, [1], [1], [1], 1),
    # planes of 128+ outputs: one image per product, the input gradient by
    # shifted rows (stride 1), here with padding wider than the kernel and
    # a 5x2 dilated kernel
    'big_pad_wide': ((2, 2, 12, 11), (3, 2, 3, 3), True, [1], [3], [1], 1),
    'kernel_5x2_wide': ((3, 3, 14, 15), (4, 3, 5, 2), True, [1], [2, 1], [2, 3], 1),
}


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('name', list(CONV))
def test_conv2d(name, dtype):
    xs, ws, has_bias, stride, padding, dilation, groups = CONV[name]
    rng = np.random.default_rng(abs(hash(name)) % 2 ** 32)
    x = torch.from_numpy(rng.uniform(-1, 1, xs)).to(dtype)
    w = torch.from_numpy(rng.uniform(-1, 1, ws)).to(dtype)
    b = torch.from_numpy(rng.uniform(-1, 1, ws[0])).to(dtype)
    layouts = ['contiguous', 'transposed', 'sliced'] if dtype == torch.float64 else ['contiguous']
    for layout in layouts:
        tx, gx = pair(x, layout)
        tw, gw = pair(w, 'transposed' if layout == 'transposed' else 'contiguous')
        tb, gb = pair(b, 'contiguous') if has_bias else (None, None)
        t_out = F.conv2d(tx, tw, tb, stride, padding, dilation, groups)
        g_out = Gt.Tensor.conv2d(gx, gw, gb, stride, padding, dilation, groups)
        assert_close(g_out, t_out, f'{name} {layout} forward')
        assert g_out.get_grad_fn_name() == type(t_out.grad_fn).__name__
        backward_both(t_out, g_out, rng)
        assert_close(gx.get_grad(), tx.grad, f'{name} {layout} input grad')
        assert_close(gw.get_grad(), tw.grad, f'{name} {layout} weight grad')
        if has_bias:
            assert_close(gb.get_grad(), tb.grad, f'{name} {layout} bias grad')


# name: (input shape, weight shape, padding string, dilation)
CONV_MODE = {
    'same_3x3': ((2, 2, 6, 5), (3, 2, 3, 3), 'same', [1]),
    'same_even': ((2, 2, 6, 5), (3, 2, 4, 2), 'same', [1]),
    'same_even_dilated': ((1, 2, 7, 6), (2, 2, 2, 4), 'same', [3, 1]),
    'same_even_wide': ((2, 2, 13, 15), (3, 2, 4, 2), 'same', [1]),
    'same_even_dilated_wide': ((1, 2, 14, 13), (2, 2, 2, 4), 'same', [3, 1]),
    'valid': ((2, 2, 6, 5), (3, 2, 3, 2), 'valid', [1]),
    'valid_dilated': ((2, 2, 8, 7), (3, 2, 3, 2), 'valid', [2]),
    'same_unbatched': ((2, 6, 5), (3, 2, 2, 2), 'same', [1]),
}


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('name', list(CONV_MODE))
def test_conv2d_padding_mode(name, dtype):
    xs, ws, mode, dilation = CONV_MODE[name]
    rng = np.random.default_rng(7)
    tx, gx = pair(torch.from_numpy(rng.uniform(-1, 1, xs)).to(dtype), 'contiguous')
    tw, gw = pair(torch.from_numpy(rng.uniform(-1, 1, ws)).to(dtype), 'contiguous')
    tb, gb = pair(torch.from_numpy(rng.uniform(-1, 1, ws[0])).to(dtype), 'contiguous')
    t_out = F.conv2d(tx, tw, tb, 1, mode, dilation, 1)
    g_out = Gt.Tensor.conv2d_padding_mode(gx, gw, gb, [1], mode, dilation, 1)
    assert_close(g_out, t_out, f'{name} forward')
    backward_both(t_out, g_out, rng)
    assert_close(gx.get_grad(), tx.grad, f'{name} input grad')
    assert_close(gw.get_grad(), tw.grad, f'{name} weight grad')
    assert_close(gb.get_grad(), tb.grad, f'{name} bias grad')


@pytest.mark.parametrize('name', ['pad1', 'stride2', 'groups2', 'dilation2'])
def test_conv2d_second_order(name):
    xs, ws, has_bias, stride, padding, dilation, groups = CONV[name]
    rng = np.random.default_rng(3)
    tx, gx = pair(torch.from_numpy(rng.uniform(-1, 1, xs)), 'contiguous')
    tw, gw = pair(torch.from_numpy(rng.uniform(-1, 1, ws)), 'transposed')
    tb, gb = pair(torch.from_numpy(rng.uniform(-1, 1, ws[0])), 'contiguous')
    t_out = F.conv2d(tx, tw, tb, stride, padding, dilation, groups)
    g_out = Gt.Tensor.conv2d(gx, gw, gb, stride, padding, dilation, groups)
    v = torch.from_numpy(rng.standard_normal(tuple(t_out.shape)))
    t_first = torch.autograd.grad(t_out, (tx, tw, tb), v, create_graph=True)
    g_first = Gt.autograd.grad([g_out], [gx, gw, gb], [to_gt(v)], create_graph=True)
    for i, (gf, tf) in enumerate(zip(g_first, t_first)):
        assert_close(gf, tf, f'{name} first {i}')
    assert g_first[0].get_grad_fn_name() == type(t_first[0].grad_fn).__name__
    # <first gradients, w> differentiated again
    ws_ = [torch.from_numpy(rng.standard_normal(tuple(t.shape))) for t in t_first]
    t_s = sum((a * b).sum() for a, b in zip(t_first, ws_))
    g_s = None
    for a, b in zip(g_first, ws_):
        term = a.mul(to_gt(b)).sum(None, False)
        g_s = term if g_s is None else g_s.add(term, 1.0)
    t_second = torch.autograd.grad(t_s, (tx, tw, tb), allow_unused=True)
    g_second = Gt.autograd.grad([g_s], [gx, gw, gb], None, allow_unused=True)
    for i, (gs, ts) in enumerate(zip(g_second, t_second)):
        if ts is None:
            assert gs is None or not from_gt(gs).any()
        else:
            assert_close(gs, ts, f'{name} second {i}')


# ---- pools -------------------------------------------------------------------------

# name: (input shape, kernel, stride, padding, dilation, ceil_mode)
MAX_POOL = {
    'k2': ((2, 3, 8, 8), [2], [], [0], [1], False),
    'k2_odd': ((2, 3, 7, 9), [2], [], [0], [1], False),
    'k3_s2_p1': ((2, 3, 9, 8), [3], [2], [1], [1], False),
    'k3_s2_ceil': ((2, 2, 8, 8), [3], [2], [0], [1], True),
    'k2_ceil_pad': ((1, 2, 5, 5), [2], [2], [1], [1], True),
    'k3_dil2': ((2, 2, 9, 9), [3], [1], [1], [2], False),
    'hw': ((2, 2, 9, 8), [3, 2], [2, 1], [1, 0], [1, 2], True),
    'unbatched': ((3, 7, 6), [2], [], [0], [1], False),
    'unbatched_ceil': ((3, 7, 6), [3], [2], [1], [1], True),
    'parallel': ((8, 16, 32, 32), [2], [], [0], [1], False),
    'parallel_general': ((8, 16, 31, 32), [3], [2], [1], [1], True),
}


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('name', list(MAX_POOL))
def test_max_pool2d(name, dtype):
    xs, k, s, p, d, ceil = MAX_POOL[name]
    rng = np.random.default_rng(11)
    x = torch.from_numpy(rng.uniform(-1, 1, xs)).to(dtype)
    for layout in ['contiguous', 'transposed', 'sliced']:
        tx, gx = pair(x, layout)
        t_out, t_ind = F.max_pool2d(tx, k, s or None, p, d, ceil, True)
        g_out, g_ind = gx.max_pool2d(k, s, p, d, ceil)
        assert_close(g_out, t_out, f'{name} {layout} forward')
        assert_close(g_ind, t_ind, f'{name} {layout} indices')
        assert g_out.get_grad_fn_name() == 'MaxPool2DWithIndicesBackward0'
        backward_both(t_out, g_out, rng)
        assert_close(gx.get_grad(), tx.grad, f'{name} {layout} input grad')


def test_max_pool2d_nan_and_ties():
    x = torch.tensor([[[[1.0, float('nan'), 2.0, 2.0],
                        [float('nan'), 0.0, 2.0, 2.0],
                        [-float('inf'), -float('inf'), 3.0, 1.0],
                        [-float('inf'), -float('inf'), 1.0, 3.0]]]], dtype=torch.float64)
    for k, s in (([2], []), ([3], [1])):
        t_out, t_ind = F.max_pool2d(x, k, s or None, 0, 1, False, True)
        g_out, g_ind = to_gt(x).max_pool2d(k, s, [0], [1], False)
        assert torch.equal(from_gt(g_ind), t_ind)
        assert torch.allclose(from_gt(g_out), t_out, equal_nan=True)



@pytest.mark.parametrize('dtype', [torch.float32, torch.float64])
@pytest.mark.parametrize('shape', [(2, 3, 6, 36), (1, 2, 5, 17), (2, 2, 4, 6)])
def test_max_pool2d_2x2_vector_rows(dtype, shape):
    # MaxPool2d(2)'s vector row kernel: whole vectors, the padded tail,
    # odd widths and heights (the last column and row left out), ReLU-like
    # ties (many zeros), NaN in some windows and +-inf
    g = torch.Generator().manual_seed(3)
    x = torch.randn(*shape, generator=g, dtype=dtype).relu()
    flat = x.view(-1)
    pick = torch.randperm(flat.numel(), generator=g)
    flat[pick[:7]] = float('nan')
    flat[pick[7:10]] = float('inf')
    flat[pick[10:13]] = -float('inf')
    x.requires_grad_(True)
    gx = to_gt(x)
    gx.set_requires_grad(True)
    t_out, t_ind = F.max_pool2d(x, 2, None, 0, 1, False, True)
    g_out, g_ind = gx.max_pool2d([2], [], [0], [1], False)
    assert torch.equal(from_gt(g_ind), t_ind)
    assert torch.equal(from_gt(g_out).isnan(), t_out.isnan())
    assert torch.equal(from_gt(g_out).nan_to_num(), t_out.nan_to_num())
    # the one-pass backward: every element written once, odd edges zeroed
    go = torch.randn(t_out.shape, generator=g, dtype=dtype)
    t_out.backward(go)
    g_out.backward(to_gt(go))
    assert torch.equal(from_gt(gx.get_grad()), x.grad)

# name: (input shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor)
AVG_POOL = {
    'k2': ((2, 3, 8, 8), [2], [], [0], False, True, 0),
    'k3_s2_p1': ((2, 3, 9, 8), [3], [2], [1], False, True, 0),
    'k3_s2_p1_exclude': ((2, 3, 9, 8), [3], [2], [1], False, False, 0),
    'ceil': ((2, 2, 8, 8), [3], [2], [1], True, True, 0),
    'ceil_exclude': ((2, 2, 8, 7), [3], [2], [1], True, False, 0),
    'divisor': ((2, 2, 7, 7), [3], [2], [1], False, True, 5),
    'hw': ((2, 2, 9, 8), [3, 2], [2, 1], [1, 0], True, False, 0),
    'unbatched': ((3, 7, 6), [2], [], [1], False, True, 0),
    'parallel': ((8, 16, 32, 32), [3], [2], [1], True, False, 0),
}


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('name', list(AVG_POOL))
def test_avg_pool2d(name, dtype):
    xs, k, s, p, ceil, cip, div = AVG_POOL[name]
    rng = np.random.default_rng(13)
    x = torch.from_numpy(rng.uniform(-1, 1, xs)).to(dtype)
    for layout in ['contiguous', 'transposed']:
        tx, gx = pair(x, layout)
        t_out = F.avg_pool2d(tx, k, s or None, p, ceil, cip, div or None)
        g_out = gx.avg_pool2d(k, s, p, ceil, cip, div)
        assert_close(g_out, t_out, f'{name} {layout} forward')
        assert g_out.get_grad_fn_name() == type(t_out.grad_fn).__name__
        backward_both(t_out, g_out, rng)
        assert_close(gx.get_grad(), tx.grad, f'{name} {layout} input grad')


ADAPTIVE = {
    'exact': ((2, 3, 8, 8), [4]),
    'uneven': ((2, 3, 7, 9), [3, 4]),
    'one': ((2, 3, 5, 6), [1]),
    'grow': ((1, 2, 3, 2), [5, 4]),
    'unbatched': ((3, 7, 5), [2, 3]),
    'parallel': ((8, 16, 32, 32), [5, 7]),
}


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('name', list(ADAPTIVE))
def test_adaptive_avg_pool2d(name, dtype):
    xs, o = ADAPTIVE[name]
    rng = np.random.default_rng(17)
    x = torch.from_numpy(rng.uniform(-1, 1, xs)).to(dtype)
    for layout in ['contiguous', 'sliced']:
        tx, gx = pair(x, layout)
        t_out = F.adaptive_avg_pool2d(tx, o * 2 if len(o) == 1 else o)
        g_out = gx.adaptive_avg_pool2d(o)
        assert_close(g_out, t_out, f'{name} {layout} forward')
        assert g_out.get_grad_fn_name() == 'AdaptiveAvgPool2DBackward0'
        backward_both(t_out, g_out, rng)
        assert_close(gx.get_grad(), tx.grad, f'{name} {layout} input grad')


POOL_SECOND = {
    'max': (lambda x: F.max_pool2d(x, 3, 2, 1),
            lambda x: x.max_pool2d([3], [2], [1], [1], False)[0]),
    'avg': (lambda x: F.avg_pool2d(x, 3, 2, 1, True, False),
            lambda x: x.avg_pool2d([3], [2], [1], True, False, 0)),
    'adaptive': (lambda x: F.adaptive_avg_pool2d(x, [3, 2]),
                 lambda x: x.adaptive_avg_pool2d([3, 2])),
}


@pytest.mark.parametrize('name', list(POOL_SECOND))
def test_pool_second_order(name):
    """The gradient's own graph: gradients with respect to grad_output."""
    t_fn, g_fn = POOL_SECOND[name]
    rng = np.random.default_rng(19)
    x = torch.from_numpy(rng.uniform(-1, 1, (2, 2, 7, 6)))
    tx, gx = pair(x, 'contiguous')
    t_out, g_out = t_fn(tx), g_fn(gx)
    v = torch.from_numpy(rng.standard_normal(tuple(t_out.shape)))
    tv, gv = pair(v, 'contiguous')
    t_first, = torch.autograd.grad(t_out, tx, tv, create_graph=True)
    g_first, = Gt.autograd.grad([g_out], [gx], [gv], create_graph=True)
    assert_close(g_first, t_first, f'{name} first')
    assert g_first.get_grad_fn_name() == type(t_first.grad_fn).__name__
    w = torch.from_numpy(rng.standard_normal(tuple(x.shape)))
    t_g, = torch.autograd.grad((t_first * w).sum(), tv)
    g_g, = Gt.autograd.grad([g_first.mul(to_gt(w)).sum(None, False)], [gv], None)
    assert_close(g_g, t_g, f'{name} second')


# ---- errors ------------------------------------------------------------------------

def assert_error(code, func, call):
    with pytest.raises(GLib.Error) as info:
        call()
    assert info.value.code == int(code), info.value.message
    assert func in info.value.message, info.value.message


def rand(*shape, dtype=torch.float32):
    return to_gt(torch.rand(*shape, dtype=dtype))


CONV_ERRORS = [
    (Gt.Error.DTYPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3, dtype=torch.float64),
                                              None, [1], [0], [1], 1)),
    (Gt.Error.DTYPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3),
                                              rand(2, dtype=torch.float64), [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 2, 3, 3), None, [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3), None, [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(5, 5), rand(2, 3, 3, 3), None, [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), rand(3), [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 7, 7), None, [1], [0], [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [1], [0], [1], 2)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 4, 5, 5), rand(3, 2, 3, 3), None, [1], [0], [1], 2)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [1], [0], [1], 0)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [0], [0], [1], 1)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [1], [-1], [1], 1)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [1], [0], [0], 1)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None, [1, 1, 1], [0], [1], 1)),
    (Gt.Error.DTYPE, lambda: Gt.Tensor.conv2d(to_gt(torch.ones(1, 3, 5, 5, dtype=torch.int64)),
                                              to_gt(torch.ones(2, 3, 3, 3, dtype=torch.int64)),
                                              None, [1], [0], [1], 1)),
]

CONV_MODE_ERRORS = [
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d_padding_mode(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None,
                                                           [2], 'same', [1], 1)),
    (Gt.Error.VALUE, lambda: Gt.Tensor.conv2d_padding_mode(rand(1, 3, 5, 5), rand(2, 3, 3, 3), None,
                                                           [1], 'foo', [1], 1)),
    (Gt.Error.SHAPE, lambda: Gt.Tensor.conv2d_padding_mode(rand(1, 3, 5, 5), rand(2, 3, 7, 7), None,
                                                           [1], 'valid', [1], 1)),
]

POOL_ERRORS = [
    (Gt.Error.VALUE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([3], [], [2], [1], False)),
    (Gt.Error.VALUE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([0], [], [0], [1], False)),
    (Gt.Error.VALUE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([2], [0], [0], [1], False)),
    (Gt.Error.VALUE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([2], [], [0], [0], False)),
    (Gt.Error.VALUE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([2, 2, 2], [], [0], [1], False)),
    (Gt.Error.SHAPE, 'max_pool2d', lambda: rand(1, 3, 5, 5).max_pool2d([7], [], [0], [1], False)),
    (Gt.Error.SHAPE, 'max_pool2d', lambda: rand(5, 5).max_pool2d([2], [], [0], [1], False)),
    (Gt.Error.SHAPE, 'max_pool2d', lambda: rand(2, 0, 4, 4).max_pool2d([2], [], [0], [1], False)),
    (Gt.Error.DTYPE, 'max_pool2d',
     lambda: to_gt(torch.ones(1, 1, 4, 4, dtype=torch.int64)).max_pool2d([2], [], [0], [1], False)),
    (Gt.Error.VALUE, 'avg_pool2d', lambda: rand(1, 3, 5, 5).avg_pool2d([3], [], [2], False, True, 0)),
    (Gt.Error.SHAPE, 'avg_pool2d', lambda: rand(1, 3, 5, 5).avg_pool2d([7], [], [0], False, True, 0)),
    (Gt.Error.VALUE, 'avg_pool2d', lambda: rand(1, 3, 5, 5).avg_pool2d([2], [-1], [0], False, True, 0)),
    (Gt.Error.VALUE, 'adaptive_avg_pool2d', lambda: rand(1, 3, 5, 5).adaptive_avg_pool2d([-1])),
    (Gt.Error.SHAPE, 'adaptive_avg_pool2d', lambda: rand(5, 5).adaptive_avg_pool2d([2])),
]


@pytest.mark.parametrize('case', range(len(CONV_ERRORS)))
def test_conv2d_errors(case):
    code, call = CONV_ERRORS[case]
    assert_error(code, 'gt_tensor_conv2d', call)


@pytest.mark.parametrize('case', range(len(CONV_MODE_ERRORS)))
def test_conv2d_padding_mode_errors(case):
    code, call = CONV_MODE_ERRORS[case]
    assert_error(code, 'gt_tensor_conv2d_padding_mode', call)


@pytest.mark.parametrize('case', range(len(POOL_ERRORS)))
def test_pool_errors(case):
    code, func, call = POOL_ERRORS[case]
    assert_error(code, 'gt_tensor_' + func, call)


def test_empty_batch():
    t = F.conv2d(torch.zeros(0, 3, 5, 5), torch.ones(2, 3, 3, 3))
    g = Gt.Tensor.conv2d(rand(0, 3, 5, 5), rand(2, 3, 3, 3), None, [1], [0], [1], 1)
    assert list(g.get_shape()) == list(t.shape)
    g_out, g_ind = rand(0, 2, 4, 4).max_pool2d([2], [], [0], [1], False)
    assert list(g_out.get_shape()) == [0, 2, 2, 2]

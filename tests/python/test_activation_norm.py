"""Activations, dropout, normalisation, linear and embedding against
torch 1.13's torch.nn.functional (the oracle).

The raw introspected API (Gt.Tensor.gelu, .leaky_relu, .dropout,
.batch_norm, .layer_norm, .linear, Gt.embedding) on the same inputs as
torch: float64 forward values, grad_fn names and first and second
gradients through test_grad_pointwise.check (1e-12 forward, 1e-6 gradients
on values of order 1, i.e. well inside 1e-10 relative for the forward);
float32 forward and .grad after backward to 1e-5 relative; contiguous,
transposed and sliced inputs; training and evaluation; dropout's mask for
the same seed; the running statistics of batch norm; the error cases.
"""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import pytest  # noqa: E402

torch = pytest.importorskip('torch')
F = torch.nn.functional

import numpy as np  # noqa: E402

from test_grad_pointwise import check, from_gt, leaves, to_gt, uniform  # noqa: E402

torch.set_num_threads(2)

LAYOUTS = ['contiguous', 'transposed', 'sliced']


def seeded(name):
    return np.random.default_rng(sum(map(ord, name)) * 7907)


def f32_pair(rng, shape, lo=-2.0, hi=2.0, layout='contiguous'):
    """A float32 torch leaf and a Gt leaf with the same values."""
    t, g = leaves(uniform(rng, shape, lo, hi), layout)
    t32 = t.detach().float()
    g32 = to_gt(t32)
    if layout == 'transposed' and t32.dim() >= 2:
        base = t32.transpose(0, 1).contiguous()
        t32, g32 = base.transpose(0, 1), to_gt(base).transpose(0, 1)
    elif layout == 'sliced' and t32.dim() >= 1:
        base = torch.repeat_interleave(t32, 2, dim=0).contiguous()
        t32, g32 = base[::2], to_gt(base).slice(0, 0, base.shape[0], 2)
    t32 = t32.detach().requires_grad_()
    g32.requires_grad_()
    return t32, g32


def close32(got, want, what, rtol=1e-5, atol=1e-6):
    g = from_gt(got)
    assert g.dtype == want.dtype, what
    assert tuple(g.shape) == tuple(want.shape), what
    np.testing.assert_allclose(g.numpy(), want.detach().numpy(), rtol=rtol, atol=atol,
                               err_msg=what)


def check32(torch_fn, gt_fn, t_in, g_in, rng, what, atol=1e-6):
    """float32: forward, then .grad of every leaf after backward with the
    same random grad_output."""
    t_out = torch_fn(*t_in)
    g_out = gt_fn(*g_in)
    close32(g_out, t_out, what + ' (forward)', atol=atol)
    assert g_out.grad_fn.name() == t_out.grad_fn.name(), what
    v = torch.from_numpy(rng.uniform(-1, 1, tuple(t_out.shape))).float()
    t_out.backward(v)
    g_out.backward(to_gt(v))
    for i, (t, g) in enumerate(zip(t_in, g_in)):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            close32(g.grad, t.grad, f'{what}: grad of input {i}', atol=atol)


def assert_gt_error(fn, code, func, text=None):
    with pytest.raises(GLib.Error) as info:
        fn()
    err = info.value
    assert err.domain == 'gt-error-quark'
    assert err.code == getattr(Gt.Error, code), err.message
    assert func in err.message, err.message
    if text is not None:
        assert text in err.message, err.message


# ---- activations ---------------------------------------------------------------

@pytest.mark.parametrize('approximate', ['none', 'tanh'])
@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', [(7,), (3, 4), (2, 3, 5)])
def test_gelu(approximate, layout, shape):
    rng = seeded(f'gelu{approximate}{layout}{shape}')
    tx, gx = leaves(uniform(rng, shape, -4, 4), layout)
    check(lambda x: F.gelu(x, approximate=approximate),
          lambda x: Gt.Tensor.gelu(x, approximate), [tx], [gx], rng, True, 'gelu')
    tx, gx = f32_pair(rng, shape, -4, 4, layout)
    check32(lambda x: F.gelu(x, approximate=approximate),
            lambda x: Gt.Tensor.gelu(x, approximate), [tx], [gx], rng, 'gelu f32')


@pytest.mark.parametrize('slope', [0.01, 0.2, -0.5])
@pytest.mark.parametrize('layout', LAYOUTS)
def test_leaky_relu(slope, layout):
    rng = seeded(f'leaky{slope}{layout}')
    values = uniform(rng, (4, 6), -2, 2)
    values[values.abs() < 0.05] = 0.5
    tx, gx = leaves(values, layout)
    check(lambda x: F.leaky_relu(x, slope), lambda x: Gt.Tensor.leaky_relu(x, slope),
          [tx], [gx], rng, True, 'leaky_relu')
    tx, gx = f32_pair(rng, (4, 6), -2, 2, layout)
    check32(lambda x: F.leaky_relu(x, slope), lambda x: Gt.Tensor.leaky_relu(x, slope),
            [tx], [gx], rng, 'leaky_relu f32')


def test_leaky_relu_inplace():
    rng = seeded('leaky_')
    tx, gx = leaves(uniform(rng, (3, 5), -2, 2), 'contiguous')

    def t_fn(x):
        y = x * 1
        F.leaky_relu_(y, 0.1)
        return y

    def g_fn(x):
        y = Gt.Tensor.mul_scalar(x, 1.0)
        assert Gt.Tensor.leaky_relu_(y, 0.1)
        return y
    check(t_fn, g_fn, [tx], [gx], rng, True, 'leaky_relu_')


# ---- dropout -------------------------------------------------------------------

@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('p', [0.1, 0.5, 0.8])
@pytest.mark.parametrize('layout', LAYOUTS)
def test_dropout_mask_matches_torch(dtype, p, layout):
    rng = seeded(f'dropout{dtype}{p}{layout}')
    if dtype == 'float64':
        t, g = leaves(uniform(rng, (6, 9), -1, 1), layout)
    else:
        t, g = f32_pair(rng, (6, 9), -1, 1, layout)
    for seed in (0, 7, 123456789):
        torch.manual_seed(seed)
        want = F.dropout(t, p)
        Gt.manual_seed(seed)
        got = Gt.Tensor.dropout(g, p, True)
        assert torch.equal(from_gt(got), want.detach()), (seed, p)
        assert got.grad_fn.name() == want.grad_fn.name() == 'MulBackward0'
    v = torch.from_numpy(rng.uniform(-1, 1, (6, 9))).to(t.dtype)
    want.backward(v)
    got.backward(to_gt(v))
    assert torch.equal(from_gt(g.grad), t.grad)


def test_dropout_inplace_and_big():
    rng = seeded('dropout_')
    x = torch.from_numpy(rng.uniform(-1, 1, (33, 65))).float()
    torch.manual_seed(5)
    want = x.clone()
    F.dropout(want, 0.35, inplace=True)
    got = to_gt(x)
    Gt.manual_seed(5)
    assert Gt.Tensor.dropout_(got, 0.35, True)
    assert torch.equal(from_gt(got), want)
    # a long tensor draws in the same order (serial, whatever the threads)
    big = torch.ones(200003, dtype=torch.float64)
    torch.manual_seed(11)
    want = F.dropout(big, 0.5)
    Gt.manual_seed(11)
    got = Gt.Tensor.dropout(to_gt(big), 0.5, True)
    assert torch.equal(from_gt(got), want)
    # and leaves the generator where torch leaves it
    assert torch.equal(from_gt(Gt.rand(4, dtype=Gt.float64)), torch.rand(4, dtype=torch.float64))


def test_dropout_identity_and_zero():
    x = to_gt(torch.arange(6.).reshape(2, 3))
    assert Gt.Tensor.dropout(x, 0.5, False) is x
    assert Gt.Tensor.dropout(x, 0.0, True) is x
    z = Gt.Tensor.dropout(x, 1.0, True)
    assert torch.equal(from_gt(z), F.dropout(torch.arange(6.).reshape(2, 3), 1.0))
    t, g = leaves(torch.arange(6.).reshape(2, 3).double(), 'transposed')
    check(lambda x: F.dropout(x, 1.0), lambda x: Gt.Tensor.dropout(x, 1.0, True),
          [t], [g], seeded('dz'), True, 'dropout p=1')


def test_dropout_errors():
    x = to_gt(torch.ones(3))
    assert_gt_error(lambda: Gt.Tensor.dropout(x, 1.5, True), 'VALUE', 'gt_tensor_dropout',
                    'dropout probability has to be between 0 and 1, but got 1.5')
    assert_gt_error(lambda: Gt.Tensor.dropout(x, -0.25, False), 'VALUE', 'gt_tensor_dropout',
                    'but got -0.25')
    assert_gt_error(lambda: Gt.Tensor.dropout_(x, 2.0, True), 'VALUE', 'gt_tensor_dropout_')
    xi = to_gt(torch.ones(3, dtype=torch.int64))
    assert_gt_error(lambda: Gt.Tensor.dropout(xi, 0.5, True), 'DTYPE', 'gt_tensor_dropout')


# ---- batch norm ----------------------------------------------------------------

BN_SHAPES = [(6, 3), (4, 3, 5), (3, 2, 4, 3)]


@pytest.mark.parametrize('training', [True, False])
@pytest.mark.parametrize('affine', [True, False])
@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', BN_SHAPES)
def test_batch_norm_float64(training, affine, layout, shape):
    rng = seeded(f'bn{training}{affine}{layout}{shape}')
    c = shape[1]
    tx, gx = leaves(uniform(rng, shape, -2, 3), layout)
    # a strided weight in Gt only: torch 1.13's CPU batch_norm backward
    # reads weight_data[c] ignoring the stride (wrong input gradients for a
    # non-contiguous weight), so torch gets a contiguous one
    w_values = uniform(rng, (c,), 0.5, 1.5)
    tw, _ = leaves(w_values, 'contiguous')
    _, gw = leaves(w_values, 'sliced')
    tb, gb = leaves(uniform(rng, (c,), -1, 1), 'sliced')
    rm, rv = uniform(rng, (c,), -0.5, 0.5), uniform(rng, (c,), 0.5, 2)
    grm, grv = to_gt(rm), to_gt(rv)
    ins_t, ins_g = ([tx, tw, tb], [gx, gw, gb]) if affine else ([tx], [gx])

    def t_fn(x, w=None, b=None):
        return F.batch_norm(x, rm.clone(), rv.clone(), w, b, training, 0.1, 1e-5)

    def g_fn(x, w=None, b=None):
        return Gt.Tensor.batch_norm(x, grm.clone(), grv.clone(), w, b, training, 0.1, 1e-5)
    check(t_fn, g_fn, ins_t, ins_g, rng, True, f'batch_norm {shape}')

    # the running statistics
    F.batch_norm(tx.detach(), rm, rv, None, None, training, 0.3, 1e-5)
    Gt.Tensor.batch_norm(gx.detach(), grm, grv, None, None, training, 0.3, 1e-5)
    np.testing.assert_allclose(from_gt(grm).numpy(), rm.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(from_gt(grv).numpy(), rv.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize('training', [True, False])
@pytest.mark.parametrize('layout', ['contiguous', 'transposed'])
@pytest.mark.parametrize('shape', BN_SHAPES + [(16, 8, 7, 7)])
def test_batch_norm_float32(training, layout, shape):
    rng = seeded(f'bn32{training}{layout}{shape}')
    c = shape[1]
    tx, gx = f32_pair(rng, shape, -2, 3, layout)
    tw, gw = f32_pair(rng, (c,), 0.5, 1.5)
    tb, gb = f32_pair(rng, (c,), -1, 1)
    rm = torch.from_numpy(rng.uniform(-0.5, 0.5, c)).float()
    rv = torch.from_numpy(rng.uniform(0.5, 2, c)).float()
    grm, grv = to_gt(rm), to_gt(rv)
    check32(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training, 0.1, 1e-5),
            lambda x, w, b: Gt.Tensor.batch_norm(x, grm, grv, w, b, training, 0.1, 1e-5),
            [tx, tw, tb], [gx, gw, gb], rng, f'batch_norm f32 {shape}', atol=1e-5)
    close32(grm, rm, 'running_mean')
    close32(grv, rv, 'running_var')


def test_batch_norm_no_running_stats():
    rng = seeded('bn-none')
    tx, gx = leaves(uniform(rng, (5, 4, 3), -1, 1), 'contiguous')
    check(lambda x: F.batch_norm(x, None, None, training=True),
          lambda x: Gt.Tensor.batch_norm(x, None, None, None, None, True, 0.1, 1e-5),
          [tx], [gx], rng, True, 'batch_norm no stats')


def test_batch_norm_errors():
    f = 'gt_tensor_batch_norm'
    x = to_gt(torch.randn(1, 3))
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, None, None, None, None, True, 0.1, 1e-5),
                    'VALUE', f, 'Expected more than 1 value per channel when training, '
                    'got input size [1, 3]')
    x = to_gt(torch.randn(1, 3, 1, 1))
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, None, None, None, None, True, 0.1, 1e-5),
                    'VALUE', f, 'got input size [1, 3, 1, 1]')
    x = to_gt(torch.randn(4, 3))
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, to_gt(torch.zeros(4)), None, None, None,
                                                 True, 0.1, 1e-5),
                    'SHAPE', f, 'running_mean should contain 3 elements not 4')
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, None, None, to_gt(torch.ones(2)), None,
                                                 True, 0.1, 1e-5),
                    'SHAPE', f, 'weight should contain 3 elements not 2')
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, None, None, None, None, False, 0.1, 1e-5),
                    'VALUE', f, 'running_mean must be defined in evaluation mode')
    assert_gt_error(lambda: Gt.Tensor.batch_norm(to_gt(torch.randn(4)), None, None, None, None,
                                                 True, 0.1, 1e-5), 'SHAPE', f)
    assert_gt_error(lambda: Gt.Tensor.batch_norm(x, None, None,
                                                 to_gt(torch.ones(3, dtype=torch.float64)),
                                                 None, True, 0.1, 1e-5), 'DTYPE', f)
    # torch raises the same cases
    with pytest.raises(ValueError):
        F.batch_norm(torch.randn(1, 3), None, None, training=True)
    with pytest.raises(RuntimeError):
        F.batch_norm(torch.randn(4, 3), torch.zeros(4), None, training=True)


# ---- layer norm ----------------------------------------------------------------

LN_CASES = [((4, 6), (6,)), ((2, 3, 5), (5,)), ((2, 3, 5), (3, 5)), ((7,), (7,))]


@pytest.mark.parametrize('affine', [True, False])
@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('case', range(len(LN_CASES)))
def test_layer_norm(affine, layout, case):
    shape, ns = LN_CASES[case]
    rng = seeded(f'ln{affine}{layout}{case}')
    tx, gx = leaves(uniform(rng, shape, -2, 3), layout)
    tw, gw = leaves(uniform(rng, ns, 0.5, 1.5), layout)
    tb, gb = leaves(uniform(rng, ns, -1, 1), 'contiguous')
    ins_t, ins_g = ([tx, tw, tb], [gx, gw, gb]) if affine else ([tx], [gx])
    check(lambda x, w=None, b=None: F.layer_norm(x, ns, w, b, 1e-5),
          lambda x, w=None, b=None: Gt.Tensor.layer_norm(x, list(ns), w, b, 1e-5),
          ins_t, ins_g, rng, True, f'layer_norm {shape} {ns}')
    tx, gx = f32_pair(rng, shape, -2, 3, layout)
    tw, gw = f32_pair(rng, ns, 0.5, 1.5)
    tb, gb = f32_pair(rng, ns, -1, 1)
    check32(lambda x, w, b: F.layer_norm(x, ns, w, b, 1e-5),
            lambda x, w, b: Gt.Tensor.layer_norm(x, list(ns), w, b, 1e-5),
            [tx, tw, tb], [gx, gw, gb], rng, f'layer_norm f32 {shape}', atol=1e-5)


def test_layer_norm_errors():
    f = 'gt_tensor_layer_norm'
    x = to_gt(torch.randn(2, 3))
    assert_gt_error(lambda: Gt.Tensor.layer_norm(x, [4], None, None, 1e-5), 'SHAPE', f,
                    'Given normalized_shape=[4], expected input with shape [*, 4], '
                    'but got input of size[2, 3]')
    assert_gt_error(lambda: Gt.Tensor.layer_norm(x, [3], to_gt(torch.ones(2)), None, 1e-5),
                    'SHAPE', f, 'Expected weight to be of same shape as normalized_shape, '
                    'but got weight of shape [2] and normalized_shape = [3]')
    assert_gt_error(lambda: Gt.Tensor.layer_norm(x, [3], None, to_gt(torch.ones(3, 1)), 1e-5),
                    'SHAPE', f, 'Expected bias to be of same shape')
    assert_gt_error(lambda: Gt.Tensor.layer_norm(x, [], None, None, 1e-5), 'SHAPE', f)
    with pytest.raises(RuntimeError, match=r'expected input with shape \[\*, 4\]'):
        F.layer_norm(torch.randn(2, 3), (4,))


# ---- linear --------------------------------------------------------------------

@pytest.mark.parametrize('bias', [True, False])
@pytest.mark.parametrize('layout', LAYOUTS)
@pytest.mark.parametrize('shape', [(5,), (4, 5), (2, 3, 5), (2, 2, 3, 5)])
def test_linear(bias, layout, shape):
    rng = seeded(f'lin{bias}{layout}{shape}')
    tx, gx = leaves(uniform(rng, shape, -1, 1), layout)
    tw, gw = leaves(uniform(rng, (3, 5), -1, 1), layout)
    tb, gb = leaves(uniform(rng, (3,), -1, 1), 'contiguous')
    if bias:
        check(F.linear, Gt.Tensor.linear, [tx, tw, tb], [gx, gw, gb], rng, True,
              f'linear {shape}')
    else:
        check(lambda x, w: F.linear(x, w), lambda x, w: Gt.Tensor.linear(x, w, None),
              [tx, tw], [gx, gw], rng, True, f'linear {shape}')
    tx, gx = f32_pair(rng, shape, -1, 1, layout)
    tw, gw = f32_pair(rng, (3, 5), -1, 1)
    tb, gb = f32_pair(rng, (3,), -1, 1)
    check32(F.linear, Gt.Tensor.linear, [tx, tw, tb], [gx, gw, gb], rng, 'linear f32')


def test_linear_errors():
    f = 'gt_tensor_linear'
    x, w = to_gt(torch.randn(2, 3)), to_gt(torch.randn(4, 5))
    assert_gt_error(lambda: Gt.Tensor.linear(x, w, None), 'SHAPE', f, '(2x3 and 5x4)')
    with pytest.raises(RuntimeError, match=r'\(2x3 and 5x4\)'):
        F.linear(torch.randn(2, 3), torch.randn(4, 5))
    assert_gt_error(lambda: Gt.Tensor.linear(x, to_gt(torch.randn(4, 3, dtype=torch.float64)),
                                             None), 'DTYPE', f)
    assert_gt_error(lambda: Gt.Tensor.linear(x, to_gt(torch.randn(4, 3)),
                                             to_gt(torch.randn(5))), 'SHAPE', f)
    assert_gt_error(lambda: Gt.Tensor.linear(x, to_gt(torch.randn(3)), None), 'SHAPE', f)


# ---- embedding -----------------------------------------------------------------

@pytest.mark.parametrize('idx_dtype', [torch.int64, torch.int32])
@pytest.mark.parametrize('padding_idx', [None, 0, 3])
@pytest.mark.parametrize('idx_shape', [(6,), (2, 4), (2, 2, 3)])
def test_embedding(idx_dtype, padding_idx, idx_shape):
    rng = seeded(f'emb{idx_dtype}{padding_idx}{idx_shape}')
    idx = torch.from_numpy(rng.integers(0, 7, idx_shape)).to(idx_dtype)
    idx.view(-1)[0] = 3
    gidx = to_gt(idx)
    pad = -1 if padding_idx is None else padding_idx
    for layout in ['contiguous', 'transposed']:
        tw, gw = leaves(uniform(rng, (7, 4), -1, 1), layout)
        check(lambda w: F.embedding(idx, w, padding_idx),
              lambda w: Gt.embedding(gidx, w, pad, 0.0, 2.0), [tw], [gw], rng, True,
              'embedding')
    tw, gw = f32_pair(rng, (7, 4), -1, 1)
    check32(lambda w: F.embedding(idx, w, padding_idx),
            lambda w: Gt.embedding(gidx, w, pad, 0.0, 2.0), [tw], [gw], rng,
            'embedding f32')


@pytest.mark.parametrize('norm_type', [2.0, 1.0, 3.0])
@pytest.mark.parametrize('dtype', [torch.float32, torch.float64])
def test_embedding_max_norm(norm_type, dtype):
    rng = seeded(f'embmax{norm_type}{dtype}')
    w = torch.from_numpy(rng.uniform(-2, 2, (6, 5))).to(dtype)
    idx = torch.tensor([[1, 4, 1], [0, 4, 5]])
    gw = to_gt(w)
    want = F.embedding(idx, w, max_norm=1.5, norm_type=norm_type)
    got = Gt.embedding(to_gt(idx), gw, -1, 1.5, norm_type)
    tol = 1e-12 if dtype == torch.float64 else 1e-6
    np.testing.assert_allclose(from_gt(got).numpy(), want.numpy(), rtol=tol, atol=tol)
    # weight itself renormalised in place, row 2 and 3 untouched
    np.testing.assert_allclose(from_gt(gw).numpy(), w.numpy(), rtol=tol, atol=tol)


def test_embedding_errors():
    f = 'gt_embedding'
    w = to_gt(torch.randn(5, 3))
    assert_gt_error(lambda: Gt.embedding(to_gt(torch.tensor([0, 5])), w, -1, 0.0, 2.0),
                    'INDEX', f, 'index 5 is out of range for num_embeddings = 5')
    assert_gt_error(lambda: Gt.embedding(to_gt(torch.tensor([-1, 2])), w, -1, 0.0, 2.0),
                    'INDEX', f, 'index -1')
    with pytest.raises(IndexError):
        F.embedding(torch.tensor([0, 5]), torch.randn(5, 3))
    assert_gt_error(lambda: Gt.embedding(to_gt(torch.tensor([0])), w, 5, 0.0, 2.0),
                    'INDEX', f)
    assert_gt_error(lambda: Gt.embedding(to_gt(torch.tensor([0.0])), w, -1, 0.0, 2.0),
                    'DTYPE', f)
    assert_gt_error(lambda: Gt.embedding(to_gt(torch.tensor([0])), to_gt(torch.randn(5)),
                                         -1, 0.0, 2.0), 'SHAPE', f)

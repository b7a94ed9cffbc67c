# SPDX-License-Identifier: LGPL-2.1-or-later
"""Gt.Module from Python: the raw introspected API, the torch-style Gt.nn
surface (checked against the same model built with torch.nn, float64), a
model subclassed in Python training with manual SGD, hooks, errors, and the
argument handling of Gt.nn.functional."""

import collections

import numpy as np
import pytest
from gi.repository import GLib, Gt

from gtutil import as_numpy

nn = Gt.nn
F = Gt.nn.functional

W1 = [[1.0, 2.0], [3.0, 4.0]]
B1 = [0.5, -0.5]
W2 = [[1.0, 0.0], [0.0, -1.0]]
B2 = [0.0, 1.0]


class Affine(nn.Module):
    """y = x @ w + b, written with existing ops (not gt_tensor_linear)."""

    def __init__(self, w, b):
        super().__init__()
        self.w = nn.Parameter(Gt.tensor(w, dtype=Gt.float64))
        self.b = nn.Parameter(Gt.tensor(b, dtype=Gt.float64))

    def forward(self, x):
        return x @ self.w + self.b


class Relu(nn.Module):
    def forward(self, x):
        return x.relu()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(Affine(W1, B1), Relu(), Affine(W2, B2))
        self.scale = nn.Parameter(Gt.tensor([2.0], dtype=Gt.float64))
        self.register_buffer('steps', Gt.zeros((), dtype=Gt.int64))
        self.register_buffer('cache', Gt.zeros(2, dtype=Gt.float64),
                             persistent=False)
        self.label = 'not registered'

    def forward(self, x):
        return self.features(x) * self.scale


def torch_net(torch):
    class TAffine(torch.nn.Module):
        def __init__(self, w, b):
            super().__init__()
            self.w = torch.nn.Parameter(torch.tensor(w, dtype=torch.float64))
            self.b = torch.nn.Parameter(torch.tensor(b, dtype=torch.float64))

        def forward(self, x):
            return x @ self.w + self.b

    class TRelu(torch.nn.Module):
        def forward(self, x):
            return x.relu()

    class TNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.features = torch.nn.Sequential(TAffine(W1, B1), TRelu(),
                                                TAffine(W2, B2))
            self.scale = torch.nn.Parameter(torch.tensor([2.0], dtype=torch.float64))
            self.register_buffer('steps', torch.zeros((), dtype=torch.int64))
            self.register_buffer('cache', torch.zeros(2, dtype=torch.float64),
                                 persistent=False)

        def forward(self, x):
            return self.features(x) * self.scale
    return TNet()


X = [[1.0, -1.0], [0.5, 2.0], [-3.0, 1.0]]
T = [[1.0, 0.0], [0.0, 1.0], [2.0, -1.0]]


def test_names_match_torch(torch):
    net, tnet = Net(), torch_net(torch)
    assert [n for n, _ in net.named_parameters()] == \
        [n for n, _ in tnet.named_parameters()]
    assert [n for n, _ in net.named_buffers()] == \
        [n for n, _ in tnet.named_buffers()]
    assert [n for n, _ in net.named_modules()] == \
        [n for n, _ in tnet.named_modules()]
    assert [n for n, _ in net.named_children()] == ['features']
    assert list(net.state_dict().keys()) == list(tnet.state_dict().keys())
    assert len(list(net.parameters())) == 5
    assert len(list(net.parameters(recurse=False))) == 1
    assert [n for n, _ in net.named_parameters(prefix='model')][0] == 'model.scale'
    assert net.label == 'not registered'
    assert isinstance(net.scale, nn.Parameter)
    assert isinstance(net.features[0].w, nn.Parameter)


def test_forward_backward_matches_torch(torch):
    net, tnet = Net(), torch_net(torch)
    x, tx = Gt.tensor(X, dtype=Gt.float64), torch.tensor(X, dtype=torch.float64)
    y, ty = net(x), tnet(tx)
    np.testing.assert_allclose(as_numpy(y.detach()), ty.detach().numpy(), rtol=1e-12)
    (y * y).sum().backward()
    (ty * ty).sum().backward()
    for (name, p), (_, tp) in zip(net.named_parameters(), tnet.named_parameters()):
        np.testing.assert_allclose(as_numpy(p.grad), tp.grad.numpy(), rtol=1e-12,
                                   err_msg=name)


def test_python_model_trains_with_sgd(torch):
    """Five steps of manual SGD: the same losses as torch's, decreasing."""
    net, tnet = Net(), torch_net(torch)
    x, tx = Gt.tensor(X, dtype=Gt.float64), torch.tensor(X, dtype=torch.float64)
    t, tt = Gt.tensor(T, dtype=Gt.float64), torch.tensor(T, dtype=torch.float64)
    losses, tlosses = [], []
    for _ in range(5):
        net.zero_grad()
        loss = ((net(x) - t) ** 2).mean()
        loss.backward()
        with Gt.no_grad():
            for p in net.parameters():
                p.sub_(p.grad, alpha=0.01)
        losses.append(loss.item())
        tnet.zero_grad()
        tloss = ((tnet(tx) - tt) ** 2).mean()
        tloss.backward()
        with torch.no_grad():
            for p in tnet.parameters():
                p.sub_(p.grad * 0.01)
        tlosses.append(tloss.item())
    np.testing.assert_allclose(losses, tlosses, rtol=1e-10)
    assert all(b < a for a, b in zip(losses, losses[1:]))


def test_hand_computed_gradient():
    m = Affine(W1, B1)
    x = Gt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=Gt.float64)
    m(x).sum().backward()
    assert m.w.grad.tolist() == [[4.0, 4.0], [6.0, 6.0]]
    assert m.b.grad.tolist() == [2.0, 2.0]
    m.zero_grad(set_to_none=False)
    assert m.w.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    m.zero_grad()
    assert m.w.grad is None


def test_state_dict_roundtrip():
    a, b = Net(), Net()
    sd = a.state_dict()
    assert isinstance(sd, collections.OrderedDict)
    assert list(sd) == ['scale', 'steps', 'features.0.w', 'features.0.b',
                        'features.2.w', 'features.2.b']
    assert not sd['scale'].requires_grad
    sd['features.0.w'].fill_(7.0)                 # a detached alias
    assert a.features[0].w.tolist() == [[7.0, 7.0], [7.0, 7.0]]
    w_before = b.features[0].w
    result = b.load_state_dict(sd)
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert b.features[0].w is w_before
    assert w_before.tolist() == [[7.0, 7.0], [7.0, 7.0]]
    assert w_before.requires_grad
    kv = a.state_dict(keep_vars=True)
    assert kv['scale'].requires_grad


def test_load_state_dict_errors():
    net = Net()
    sd = net.state_dict()
    del sd['scale']
    sd['bogus'] = Gt.zeros(1)
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(sd)
    msg = str(info.value)
    assert 'Error(s) in loading state_dict for Net:' in msg
    assert 'Missing key(s) in state_dict: "scale".' in msg
    assert 'Unexpected key(s) in state_dict: "bogus".' in msg
    assert info.value.code == int(Gt.Error.VALUE)
    result = net.load_state_dict(sd, strict=False)
    assert result.missing_keys == ['scale']
    assert result.unexpected_keys == ['bogus']
    sd = net.state_dict()
    sd['features.0.w'] = Gt.zeros(3, dtype=Gt.float64)
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(sd)
    assert info.value.code == int(Gt.Error.SHAPE)
    assert ('size mismatch for features.0.w: copying a param with shape [3] '
            'from checkpoint, the shape in current model is [2, 2].') in str(info.value)


def test_train_eval():
    net = Net()
    assert net.training and net.features[1].training
    assert net.eval() is net
    assert not net.training and not net.features[1].training
    net.training = True                   # this module only, as torch
    assert net.training and not net.features.training
    net.train()
    assert net.features[2].training
    with pytest.raises(ValueError):
        net.train('yes')


def test_setattr_rules():
    net = Net()
    with pytest.raises(TypeError):
        net.scale = Gt.zeros(1)               # parameter slot wants a Parameter
    net.scale = None
    assert 'scale' not in net.state_dict()
    net.steps = Gt.ones((), dtype=Gt.int64)   # buffers take tensors
    assert net.state_dict()['steps'].item() == 1
    net.cache = Gt.ones(2)
    assert 'cache' not in net.state_dict()    # stays non-persistent
    net.extra = Relu()
    assert [n for n, _ in net.named_children()] == ['features', 'extra']
    del net.extra
    assert [n for n, _ in net.named_children()] == ['features']
    with pytest.raises(AttributeError):
        net.nothing_here

    class Early(nn.Module):
        def __init__(self):
            self.p = nn.Parameter(Gt.zeros(1))
    with pytest.raises(AttributeError, match='before Module.__init__'):
        Early()


def test_hooks():
    net = Net()
    x = Gt.tensor(X, dtype=Gt.float64)
    plain = net(x).tolist()
    seen = []

    def pre(module, args):
        seen.append(('pre', type(module).__name__, len(args)))
        return args[0] * 0.0

    def post(module, args, output):
        seen.append(('post', type(module).__name__))
        return output + 1.0

    first = net.features[0]
    h1 = first.register_forward_pre_hook(pre)
    h2 = first.register_forward_hook(post)
    out = net(x)
    # first layer: 0 @ W1 + B1 + 1 = [1.5, 0.5]; relu; @ W2 + B2 = [1.5, 0.5];
    # times scale 2
    assert out.tolist() == [[3.0, 1.0]] * 3
    assert seen == [('pre', 'Affine', 1), ('post', 'Affine')]
    h1.remove()
    h2.remove()
    h2.remove()                            # twice is harmless
    assert net(x).tolist() == plain
    # hooks chain: each one sees the previous one's output
    with first.register_forward_hook(lambda m, i, o: o * 2), \
            first.register_forward_hook(lambda m, i, o: o + 1):
        chained = first(x).tolist()
    direct = (x @ first.w + first.b).tolist()
    assert chained == [[2 * v + 1 for v in row] for row in direct]
    # hooks on a C module, and through the GObject signal directly
    ident = nn.Identity()
    calls = []
    ident.register_forward_hook(lambda m, i, o: calls.append(o is i[0]))
    assert ident(x) is x
    assert calls == [True]
    hid = ident.connect('forward', lambda m, i, o: o * 3)
    assert ident(x).tolist() == (x * 3).tolist()
    ident.disconnect(hid)


def test_exceptions_cross_c():
    class Broken(nn.Module):
        def forward(self, x):
            raise KeyError('boom')

    seq = nn.Sequential(nn.Identity(), Broken())
    with pytest.raises(KeyError, match='boom'):
        seq(Gt.zeros(1))

    class Tuple(nn.Module):
        def forward(self, x):
            return (x, x)
    with pytest.raises(TypeError, match='must return a tensor'):
        Tuple()(Gt.zeros(1))

    class Hooked(nn.Module):
        def forward(self, x):
            return x

    h = Hooked()
    h.register_forward_hook(lambda m, i, o: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        h(Gt.zeros(1))
    with pytest.raises(NotImplementedError, match='missing the required "forward"'):
        nn.Module()(Gt.zeros(1))
    # a Gt error inside a Python forward keeps its type and message
    with pytest.raises(RuntimeError, match='gt_tensor_matmul'):
        Affine(W1, B1)(Gt.zeros(3, 3, dtype=Gt.float64))


def test_several_arguments():
    class Add(nn.Module):
        def forward(self, a, b, scale=1.0):
            return (a + b) * scale

    m = Add()
    seen = []
    m.register_forward_hook(lambda mod, args, out: seen.append(len(args)))
    out = m(Gt.ones(2), Gt.ones(2), scale=3.0)
    assert out.tolist() == [6.0, 6.0]
    assert seen == [2]


def test_containers():
    a, r, b = Affine(W1, B1), Relu(), Affine(W2, B2)
    seq = nn.Sequential(a, r, b)
    assert len(seq) == 3
    assert seq[0] is a and seq[-1] is b
    assert list(seq) == [a, r, b]
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == [r, b]
    with pytest.raises(IndexError):
        seq[3]
    assert seq.append(nn.Identity()) is seq and len(seq) == 4
    od = nn.Sequential(collections.OrderedDict([('first', a), ('act', r)]))
    assert [n for n, _ in od.named_children()] == ['first', 'act']
    assert od.first is a

    ml = nn.ModuleList([a, r])
    ml.append(b)
    assert len(ml) == 3 and ml[2] is b
    assert [n for n, _ in ml.named_parameters()] == ['0.w', '0.b', '2.w', '2.b']
    with pytest.raises(NotImplementedError):
        ml(Gt.zeros(1))
    with pytest.raises(GLib.Error, match='GtModuleList has no forward'):
        Gt.Module.forward(ml, Gt.zeros(1))

    x = Gt.arange(24.0).reshape(2, 3, 4)
    assert nn.Flatten()(x).shape == (2, 12)
    assert nn.Flatten(0, 1)(x).shape == (6, 4)
    assert nn.Flatten(start_dim=0)(x).shape == (24,)
    assert nn.Flatten().props.start_dim == 1
    assert nn.Identity(54, unused='argument')(x) is x
    assert repr(nn.Sequential(nn.Identity(), nn.Flatten())) == \
        'Sequential(\n  (0): Identity()\n  (1): Flatten(start_dim=1, end_dim=-1)\n)'


def test_raw_api():
    """The introspected C API, as GJS and Vala see it (the torch-style
    methods replace some names on Gt.Module; _gt_nn._c keeps the C ones)."""
    from gi.overrides import _gt_nn
    c = _gt_nn._c
    m = Gt.Module()
    p = Gt.tensor([1.0, 2.0], requires_grad=True)
    c.register_parameter(m, 'p', p)
    child = Gt.Sequential.new_from_array([Gt.Identity.new(), Gt.Flatten.new(0, -1)])
    c.register_module(m, 'c', child)
    tensors, names = c.named_parameters(m, True)
    assert names == ['p'] and tensors[0] is p
    modules, mnames = c.named_modules(m)
    assert mnames == ['', 'c', 'c.0', 'c.1'] and modules[1] is child
    children, cnames = c.named_children(m)
    assert cnames == ['c'] and children == [child]
    assert Gt.Module.state_dict_keys(m) == ['p']
    sd = c.state_dict(m)
    assert list(sd) == ['p'] and sd['p'].tolist() == [1.0, 2.0]
    assert Gt.Module.forward(child, Gt.zeros(2, 2)).shape == (4,)
    assert Gt.Sequential.get_length(child) == 2
    assert Gt.Sequential.get(child, -1).props.start_dim == 0
    with pytest.raises(GLib.Error):
        c.load_state_dict(m, {'q': Gt.zeros(2)}, True)
    assert c.load_state_dict(m, {'p': Gt.zeros(2)}, True)
    assert p.tolist() == [0.0, 0.0]


def test_to_dtype_keeps_identity():
    net = Net()
    params = list(net.parameters())
    assert net.float() is net
    assert [p is q for p, q in zip(params, net.parameters())] == [True] * 5
    assert all(p.dtype == Gt.float32 and p.requires_grad for p in params)
    assert net.steps.dtype == Gt.int64
    assert net.to('cpu') is net and net.cpu() is net
    net.double()
    assert params[0].dtype == Gt.float64
    with pytest.raises(TypeError):
        net.to(Gt.int32)


def test_apply_and_requires_grad():
    net = Net()
    names = []
    net.apply(lambda m: names.append(type(m).__name__))
    assert names == ['Affine', 'Relu', 'Affine', 'Sequential', 'Net']

    def init(m):
        if isinstance(m, Affine):
            with Gt.no_grad():
                m.w.fill_(0.25)
    net.apply(init)
    assert net.features[2].w.tolist() == [[0.25, 0.25], [0.25, 0.25]]
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_parameter():
    t = Gt.tensor([1.0, 2.0])
    p = nn.Parameter(t)
    assert p.requires_grad and isinstance(p, nn.Parameter)
    assert not isinstance(t, nn.Parameter)
    p2 = nn.Parameter(t, requires_grad=False)
    assert not p2.requires_grad
    with Gt.no_grad():
        p.fill_(5.0)
    assert t.tolist() == [5.0, 5.0]          # shares memory, as torch


def test_loss_subclass():
    class Squared(nn.Loss):
        def forward(self, input, target):
            d = (input - target) ** 2
            return d.sum() if self.reduction == 'sum' else d.mean()

    loss = Squared()
    assert loss.reduction == 'mean'
    x, t = Gt.tensor([1.0, 2.0, 3.0]), Gt.tensor([0.0, 0.0, 1.0])
    assert loss(x, t).item() == pytest.approx(3.0)
    assert Squared(reduction='sum')(x, t).item() == pytest.approx(9.0)
    assert Squared(size_average=False)(x, t).item() == pytest.approx(9.0)
    loss.reduction = 'sum'
    assert loss.props.reduction == Gt.Reduction.SUM
    with pytest.raises(ValueError, match='not a valid value for reduction'):
        loss.reduction = 'avg'


# ---- Gt.nn.functional: argument handling ----------------------------------

def test_functional_activations(torch):
    x = Gt.tensor([[-1.0, 0.5], [2.0, -3.0]], dtype=Gt.float64)
    tx = torch.tensor([[-1.0, 0.5], [2.0, -3.0]], dtype=torch.float64)
    np.testing.assert_allclose(as_numpy(F.relu(x)), torch.relu(tx).numpy())
    np.testing.assert_allclose(as_numpy(F.sigmoid(x)), torch.sigmoid(tx).numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(as_numpy(F.tanh(x)), torch.tanh(tx).numpy(),
                               rtol=1e-12)
    y = x.clone()
    assert F.relu(y, inplace=True) is y
    assert y.tolist() == [[0.0, 0.5], [2.0, 0.0]]
    with pytest.raises(RuntimeError, match='approximate'):
        F.gelu(x, approximate='fast')
    with pytest.raises(ValueError, match='dropout probability'):
        F.dropout(x, p=1.5)
    with pytest.raises(TypeError, match='dim'):
        F.softmax(x)
    np.testing.assert_allclose(
        as_numpy(F.leaky_relu(x, 0.2)),
        torch.nn.functional.leaky_relu(tx, 0.2).numpy(), rtol=1e-12)


def test_functional_losses_arguments():
    x, t = Gt.tensor([1.0, 2.0]), Gt.tensor([0.0, 0.0])
    with pytest.raises(ValueError, match='not a valid value for reduction'):
        F.mse_loss(x, t, reduction='avg')
    out = F.mse_loss(x, t, reduction='sum')
    assert out.item() == pytest.approx(5.0)
    assert F.mse_loss(x, t, size_average=False).item() == pytest.approx(5.0)
    assert F.mse_loss(x, t, reduce=False).tolist() == [1.0, 4.0]


def test_functional_shapes_arguments():
    x = Gt.zeros(1, 1, 4, 4)
    w = Gt.zeros(2, 1, 3, 3)
    with pytest.raises(ValueError, match='Invalid padding string'):
        F.conv2d(x, w, padding='full')
    with pytest.raises(ValueError, match='tuple of 2 ints'):
        F.conv2d(x, w, stride=(1, 1, 1))
    with pytest.raises(AssertionError, match='Padding_idx'):
        F.embedding(Gt.tensor([0]), Gt.zeros(3, 2), padding_idx=-4)
    with pytest.raises(RuntimeError, match='divisor'):
        F.avg_pool2d(x, 2, divisor_override=0)
    assert F.conv2d(x, w, padding='same').shape == (1, 2, 4, 4)
    assert F.conv2d(x, w, stride=2, padding=1).shape == (1, 2, 2, 2)
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    assert out.shape == (1, 1, 2, 2) and idx.dtype == Gt.int64
    assert F.adaptive_avg_pool2d(x, (None, 2)).shape == (1, 1, 4, 2)

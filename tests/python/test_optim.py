# SPDX-License-Identifier: LGPL-2.1-or-later
"""Optimizers and learning-rate schedulers against torch 1.13: the same MLP,
data and initial weights trained with each optimizer in gtensor and torch
(float64, every step compared), fused updates on fixed gradients (float32
and float64), state dicts that resume bit for bit, schedulers' learning
rates for 100 epochs, torch's error messages, and the raw GI API."""

import math
import os
import tempfile
import warnings

import numpy as np
import pytest

import gi

gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

torch = pytest.importorskip('torch')

warnings.filterwarnings('ignore', message='.*lr_scheduler.*')
warnings.filterwarnings('ignore', message='.*get_last_lr.*')


def to_np(t):
    return t.detach().numpy()


def gt_leaf(a, dtype=Gt.float64):
    t = Gt.tensor(np.array(a), dtype=dtype)
    t.requires_grad_(True)
    return t


class Problem:
    """A 2-layer MLP with a squared-error loss, in both libraries."""

    def __init__(self, dtype='float64', seed=0, sign=1.0):
        # sign -1 gives an objective to maximise (the negated loss)
        self.sign = sign
        rng = np.random.default_rng(seed)
        self.np_dtype = np.dtype(dtype)
        self.x = rng.standard_normal((16, 6)).astype(dtype)
        self.y = rng.standard_normal((16, 3)).astype(dtype)
        self.init = [rng.standard_normal((6, 10)).astype(dtype) * 0.5,
                     rng.standard_normal(10).astype(dtype) * 0.1,
                     rng.standard_normal((10, 3)).astype(dtype) * 0.5,
                     rng.standard_normal(3).astype(dtype) * 0.1]
        gdt = getattr(Gt, dtype)
        self.tparams = [torch.tensor(a, requires_grad=True) for a in self.init]
        self.gparams = [gt_leaf(a, gdt) for a in self.init]
        self.tx, self.ty = torch.tensor(self.x), torch.tensor(self.y)
        self.gx, self.gy = Gt.tensor(self.x, dtype=gdt), Gt.tensor(self.y, dtype=gdt)

    def torch_loss(self):
        w1, b1, w2, b2 = self.tparams
        out = torch.relu(self.tx @ w1 + b1) @ w2 + b2
        return ((out - self.ty) ** 2).mean() * self.sign

    def gt_loss(self):
        w1, b1, w2, b2 = self.gparams
        out = (self.gx @ w1 + b1).relu() @ w2 + b2
        return ((out - self.gy) ** 2).mean() * self.sign

    def torch_backward(self, opt):
        opt.zero_grad()
        loss = self.torch_loss()
        loss.backward()
        return loss

    def gt_backward(self, opt):
        opt.zero_grad()
        loss = self.gt_loss()
        loss.backward()
        return loss

    def assert_close(self, tol, step):
        for i, (t, g) in enumerate(zip(self.tparams, self.gparams)):
            np.testing.assert_allclose(to_np(g), to_np(t), rtol=tol, atol=tol,
                                       err_msg='param %d, step %d' % (i, step))


TRAJECTORY_CASES = [
    ('SGD', dict(lr=0.05)),
    ('SGD', dict(lr=0.05, momentum=0.9)),
    ('SGD', dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ('SGD', dict(lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ('SGD', dict(lr=1e-3, momentum=0.5, maximize=True)),
    ('Adam', dict(lr=1e-2)),
    ('Adam', dict(lr=1e-2, amsgrad=True)),
    ('Adam', dict(lr=5e-3, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ('Adam', dict(lr=1e-3, maximize=True, amsgrad=True, weight_decay=0.01)),
    ('AdamW', dict(lr=1e-2)),
    ('AdamW', dict(lr=1e-2, amsgrad=True, weight_decay=0.1, betas=(0.85, 0.995))),
    ('RMSprop', dict(lr=1e-3)),
    ('RMSprop', dict(lr=1e-3, centered=True)),
    ('RMSprop', dict(lr=1e-3, momentum=0.9, weight_decay=0.01)),
    ('RMSprop', dict(lr=5e-4, momentum=0.5, centered=True, alpha=0.9, maximize=True)),
]


@pytest.mark.parametrize('name,kwargs', TRAJECTORY_CASES,
                         ids=['%s-%s' % (n, '-'.join('%s=%s' % kv for kv in k.items()))
                              for n, k in TRAJECTORY_CASES])
def test_trajectory_matches_torch(name, kwargs):
    pb = Problem(sign=-1.0 if kwargs.get('maximize') else 1.0)
    topt = getattr(torch.optim, name)(pb.tparams, foreach=False, **kwargs)
    gopt = getattr(Gt.optim, name)(pb.gparams, **kwargs)
    for step in range(200):
        tl = pb.torch_backward(topt)
        gl = pb.gt_backward(gopt)
        assert abs(tl.item() - gl.item()) <= 1e-6 * max(1.0, abs(tl.item()))
        topt.step()
        gopt.step()
        pb.assert_close(1e-6, step)
    # and much closer than required in practice
    pb.assert_close(1e-9, 200)


def test_param_groups_and_lr_changes_match_torch():
    pb = Problem(seed=1)
    tgroups = [{'params': pb.tparams[:2]}, {'params': pb.tparams[2:], 'lr': 3e-3,
                                            'betas': (0.7, 0.9)}]
    ggroups = [{'params': pb.gparams[:2]}, {'params': pb.gparams[2:], 'lr': 3e-3,
                                            'betas': (0.7, 0.9)}]
    topt = torch.optim.Adam(tgroups, lr=1e-2, foreach=False)
    gopt = Gt.optim.Adam(ggroups, lr=1e-2)
    assert len(gopt.param_groups) == 2
    assert gopt.param_groups[1]['betas'] == (0.7, 0.9)
    assert gopt.param_groups[0]['betas'] == (0.9, 0.999)
    assert gopt.param_groups[1]['amsgrad'] is False
    assert set(gopt.param_groups[0]) >= {'params', 'lr', 'betas', 'eps', 'weight_decay',
                                         'amsgrad', 'maximize'}
    for step in range(60):
        if step == 20:
            for tg, gg in zip(topt.param_groups, gopt.param_groups):
                tg['lr'] *= 0.5
                gg['lr'] *= 0.5
        if step == 40:
            topt.param_groups[0]['weight_decay'] = 0.05
            gopt.param_groups[0]['weight_decay'] = 0.05
        pb.torch_backward(topt)
        pb.gt_backward(gopt)
        topt.step()
        gopt.step()
        pb.assert_close(1e-9, step)
    assert gopt.param_groups[0]['lr'] == topt.param_groups[0]['lr']


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('name,kwargs', [
    ('SGD', dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ('SGD', dict(lr=0.1, momentum=0.8, dampening=0.3, maximize=True)),
    ('Adam', dict(lr=0.01, weight_decay=0.1)),
    ('Adam', dict(lr=0.01, amsgrad=True, maximize=True)),
    ('AdamW', dict(lr=0.01, amsgrad=True)),
    ('RMSprop', dict(lr=0.01, centered=True, momentum=0.9, weight_decay=0.1)),
    ('RMSprop', dict(lr=0.01)),
])
def test_fused_update_on_fixed_gradients(dtype, name, kwargs):
    # 40000 elements: above the OpenMP grain size, with a ragged tail
    rng = np.random.default_rng(3)
    p0 = rng.standard_normal(40001).astype(dtype)
    tp = torch.tensor(p0, requires_grad=True)
    gp = gt_leaf(p0, getattr(Gt, dtype))
    topt = getattr(torch.optim, name)([tp], foreach=False, **kwargs)
    gopt = getattr(Gt.optim, name)([gp], **kwargs)
    for step in range(20):
        g = (np.sin(p0 * (step + 1)) + 0.1 * step).astype(dtype)
        tp.grad = torch.tensor(g)
        gp.grad = Gt.tensor(g)
        topt.step()
        gopt.step()
    got, want = to_np(gp), to_np(tp)
    assert got.dtype == want.dtype
    if dtype == 'float64':
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    state = gopt.state[gp]
    tstate = topt.state[tp]
    for k, v in state.items():
        if k == 'step':
            assert v.item() == float(tstate['step'])
        else:
            np.testing.assert_allclose(v.numpy(), tstate[k].numpy(),
                                       rtol=1e-5 if dtype == 'float32' else 1e-12,
                                       atol=1e-6 if dtype == 'float32' else 1e-12)


def test_non_contiguous_parameter_and_no_grad_skipped():
    base = np.arange(12, dtype=np.float64).reshape(3, 4)
    tbase = torch.tensor(base)
    gbase = Gt.tensor(base)
    tp = tbase.t().detach().requires_grad_(True)      # a transposed view
    gp = gbase.t().detach()
    gp.requires_grad_(True)
    assert not gp.is_contiguous()
    idle_t = torch.ones(2, dtype=torch.float64, requires_grad=True)
    idle_g = gt_leaf([1.0, 1.0])
    topt = torch.optim.Adam([tp, idle_t], lr=0.1, foreach=False)
    gopt = Gt.optim.Adam([gp, idle_g], lr=0.1)
    for step in range(3):
        g = np.cos(np.arange(12.0) * (step + 1)).reshape(4, 3)
        tp.grad = torch.tensor(g)
        gp.grad = Gt.tensor(g)
        topt.step()
        gopt.step()
    np.testing.assert_allclose(to_np(gp), to_np(tp), rtol=1e-13)
    assert not gp.is_contiguous()
    assert to_np(idle_g).tolist() == [1.0, 1.0]
    assert gopt.gt.list_state(idle_g) == []
    assert sorted(gopt.gt.list_state(gp)) == ['exp_avg', 'exp_avg_sq', 'step']


@pytest.mark.parametrize('name,kwargs', [
    ('SGD', dict(lr=0.05, momentum=0.9, nesterov=True)),
    ('Adam', dict(lr=1e-2, amsgrad=True)),
    ('AdamW', dict(lr=1e-2)),
    ('RMSprop', dict(lr=1e-3, centered=True, momentum=0.5)),
])
def test_state_dict_resumes_bit_for_bit(name, kwargs):
    full = Problem(seed=2)
    opt = getattr(Gt.optim, name)(full.gparams, **kwargs)
    for _ in range(60):
        full.gt_backward(opt)
        opt.step()

    part = Problem(seed=2)
    opt1 = getattr(Gt.optim, name)(part.gparams, **kwargs)
    for _ in range(30):
        part.gt_backward(opt1)
        opt1.step()
    saved = opt1.state_dict()
    # torch's layout of the nested form
    assert set(saved) == {'state', 'param_groups'}
    assert saved['param_groups'][0]['params'] == [0, 1, 2, 3]
    # stepping on does not change a state dict taken before
    snapshot = {k: {n: v.numpy().copy() for n, v in s.items()} for k, s in saved['state'].items()}
    part.gt_backward(opt1)
    opt1.step()
    for k, s in saved['state'].items():
        for n, v in s.items():
            assert np.array_equal(v.numpy(), snapshot[k][n])

    # a new run from the parameters at step 30 and the saved state
    resumed2 = Problem(seed=2)
    opt2 = getattr(Gt.optim, name)(resumed2.gparams, **kwargs)
    for _ in range(30):
        resumed2.gt_backward(opt2)
        opt2.step()
    params_at_30 = [to_np(p).copy() for p in resumed2.gparams]
    fresh = Problem(seed=2)
    with Gt.no_grad():
        for p, a in zip(fresh.gparams, params_at_30):
            p.copy_(Gt.tensor(a))
    opt3 = getattr(Gt.optim, name)(fresh.gparams, lr=123.0)  # overwritten by the load
    opt3.load_state_dict(saved)
    assert opt3.param_groups[0]['lr'] == kwargs['lr']
    for _ in range(30):
        fresh.gt_backward(opt3)
        opt3.step()
    for a, b in zip(fresh.gparams, full.gparams):
        assert np.array_equal(to_np(a), to_np(b))


def test_flat_state_dict_through_safetensors():
    pb = Problem(seed=4)
    opt = Gt.optim.Adam(pb.gparams, lr=1e-2, amsgrad=True)
    for _ in range(5):
        pb.gt_backward(opt)
        opt.step()
    flat = opt.gt.state_dict()
    assert sorted(k for k in flat if k.startswith('state.0.')) == [
        'state.0.exp_avg', 'state.0.exp_avg_sq', 'state.0.max_exp_avg_sq', 'state.0.step']
    assert flat['state.0.step'].dtype == Gt.float32 and flat['state.0.step'].item() == 5.0
    assert flat['param_groups.0.params'].tolist() == [0, 1, 2, 3]
    assert flat['param_groups.0.beta2'].item() == 0.999
    assert flat['param_groups.0.amsgrad'].item() == 1.0
    if not hasattr(Gt, 'save'):
        pytest.skip('Gt.save not available')
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'opt.safetensors')
        Gt.save(flat, path)
        back = Gt.load(path)
    other = Problem(seed=4)
    opt2 = Gt.optim.Adam(other.gparams, lr=1.0)
    opt2.load_state_dict(dict(back))
    assert opt2.param_groups[0]['lr'] == 1e-2
    for p, q in zip(pb.gparams, other.gparams):
        for n in ('exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step'):
            assert np.array_equal(opt.gt.get_state(p, n).numpy(),
                                  opt2.gt.get_state(q, n).numpy())


def test_load_state_dict_errors():
    pb = Problem()
    opt = Gt.optim.Adam(pb.gparams)
    pb.gt_backward(opt)
    opt.step()
    sd = opt.state_dict()
    other = Gt.optim.Adam(pb.gparams[:2])
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        other.load_state_dict(sd)
    two = Gt.optim.Adam([{'params': pb.gparams[:2]}, {'params': pb.gparams[2:]}])
    with pytest.raises(ValueError, match='different number of parameter groups'):
        two.load_state_dict(sd)
    flat = opt.gt.state_dict()
    flat['state.0.exp_avg'] = Gt.zeros(2, 2, dtype=Gt.float64)
    with pytest.raises(GLib.Error, match='has shape \\[2, 2\\] but parameter 0 has shape \\[6, 10\\]'):
        opt.load_state_dict(flat)
    flat = opt.gt.state_dict()
    flat['bogus'] = Gt.zeros(1)
    with pytest.raises(ValueError, match='unexpected entry "bogus"'):
        opt.load_state_dict(flat)


def test_zero_grad():
    p = gt_leaf([1.0, 2.0])
    opt = Gt.optim.SGD([p], lr=0.1)
    (p * p).sum().backward()
    assert p.grad.tolist() == [2.0, 4.0]
    opt.zero_grad()
    assert p.grad is not None and p.grad.tolist() == [0.0, 0.0]
    opt.zero_grad(set_to_none=True)
    assert p.grad is None
    opt.step()            # no gradient: nothing happens
    assert to_np(p).tolist() == [1.0, 2.0]


def test_step_closure_and_signal():
    pb = Problem()
    opt = Gt.optim.SGD(pb.gparams, lr=0.1)
    seen = []
    opt.gt.connect('step', lambda o: seen.append(o))

    def closure():
        return pb.gt_backward(opt)

    loss = opt.step(closure)
    assert isinstance(loss, Gt.Tensor)
    assert seen == [opt.gt]


@pytest.mark.parametrize('make,message', [
    (lambda p: Gt.optim.SGD(p, lr=-0.1), 'Invalid learning rate: -0.1'),
    (lambda p: Gt.optim.SGD(p, lr=0.1, momentum=-1), 'Invalid momentum value: -1.0'),
    (lambda p: Gt.optim.SGD(p, lr=0.1, weight_decay=-0.5), 'Invalid weight_decay value: -0.5'),
    (lambda p: Gt.optim.SGD(p, lr=0.1, nesterov=True),
     'Nesterov momentum requires a momentum and zero dampening'),
    (lambda p: Gt.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
     'Nesterov momentum requires a momentum and zero dampening'),
    (lambda p: Gt.optim.Adam(p, betas=(1.0, 0.999)), 'Invalid beta parameter at index 0: 1.0'),
    (lambda p: Gt.optim.Adam(p, betas=(0.9, -0.1)), 'Invalid beta parameter at index 1: -0.1'),
    (lambda p: Gt.optim.Adam(p, eps=-1e-8), 'Invalid epsilon value: -1e-08'),
    (lambda p: Gt.optim.AdamW(p, lr=-1), 'Invalid learning rate: -1.0'),
    (lambda p: Gt.optim.RMSprop(p, alpha=-0.5), 'Invalid alpha value: -0.5'),
    (lambda p: Gt.optim.RMSprop(p, momentum=-0.5), 'Invalid momentum value: -0.5'),
    (lambda p: Gt.optim.Adam([]), 'optimizer got an empty parameter list'),
])
def test_invalid_hyper_parameters_like_torch(make, message):
    p = [gt_leaf([1.0])]
    with pytest.raises(ValueError) as info:
        make(p)
    assert str(info.value) == message


def test_step_refuses_invalid_group_options():
    p = gt_leaf([1.0, 2.0])
    opt = Gt.optim.Adam([p], lr=0.1)
    p.grad = Gt.tensor([1.0, 1.0], dtype=Gt.float64)
    opt.param_groups[0]['betas'] = (0.9, 1.5)
    with pytest.raises(ValueError, match='Invalid beta parameter at index 1: 1.5'):
        opt.step()
    assert to_np(p).tolist() == [1.0, 2.0]
    opt.param_groups[0]['betas'] = (0.9, 0.999)
    opt.step()
    assert to_np(p)[0] == pytest.approx(0.9)


def test_group_errors():
    p = gt_leaf([1.0])
    opt = Gt.optim.SGD([p], lr=0.1)
    with pytest.raises(ValueError, match='some parameters appear in more than one parameter group'):
        opt.add_param_group({'params': [p]})
    q = gt_leaf([2.0])
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        opt.add_param_group({'params': [q * 2]})
    opt.add_param_group({'params': [q], 'lr': 0.5})
    assert [g['lr'] for g in opt.param_groups] == [0.1, 0.5]


def test_dtype_errors():
    p = Gt.zeros(2, dtype=Gt.float16)
    opt = Gt.SGD.new([p], 0.1)
    p.grad = Gt.zeros(2, dtype=Gt.float16)
    with pytest.raises(GLib.Error, match='gt_optimizer_step: parameter 0 of group 0 has dtype float16'):
        opt.step()


def test_raw_gi_api():
    params = [gt_leaf([1.0, -1.0]), gt_leaf([[0.5]])]
    opt = Gt.Adam.new_full(params, 0.1, 0.9, 0.999, 1e-8, 0.0, True, False)
    assert isinstance(opt, Gt.Optimizer)
    assert opt.props.lr == 0.1 and opt.props.amsgrad is True and opt.props.beta2 == 0.999
    assert opt.get_n_param_groups() == 1
    groups = opt.get_param_groups()
    assert len(groups) == 1 and len(groups[0].get_params()) == 2
    assert sorted(groups[0].list_options()) == sorted(
        ['lr', 'beta1', 'beta2', 'eps', 'weight_decay', 'amsgrad', 'maximize'])
    for p in params:
        p.grad = Gt.ones_like(p)
    opt.step()
    assert to_np(params[0]).tolist() == pytest.approx([0.9, -1.1])
    opt.props.lr = 0.01
    assert opt.get_group_lr(0) == 0.01
    opt2 = Gt.SGD(lr=0.5, momentum=0.9)      # g_object_new with properties
    opt2.add_params(params)
    assert opt2.check()
    assert opt2.get_defaults().get_option('momentum', 0) == 0.9
    bad = Gt.RMSprop(lr=-1.0)
    with pytest.raises(GLib.Error, match='gt_optimizer_check: Invalid learning rate: -1.0'):
        bad.check()
    sched = Gt.StepLR.new(opt, 2, 0.5, -1)
    sched.step()
    sched.step()
    assert list(sched.get_last_lr()) == [0.005]
    assert list(sched.get_base_lrs()) == [0.01]
    ms = Gt.MultiStepLR.new(opt2, [3, 1, 3], 0.1, -1)
    assert list(ms.get_milestones()) == [1, 3, 3]


def test_set_group_lr_raw_api():
    """torch: `opt.param_groups[5]['lr'] = x` raises IndexError; the raw
    API reports GT_ERROR_INDEX and changes nothing."""
    p, q = gt_leaf([1.0]), gt_leaf([2.0])
    opt = Gt.SGD.new([p], 0.1)
    notified = []
    opt.connect('notify::lr', lambda *a: notified.append(opt.props.lr))
    with pytest.raises(GLib.Error) as info:
        opt.set_group_lr(5, 0.5)
    assert info.value.matches(Gt.error_quark(), Gt.Error.INDEX)
    assert info.value.message == ('gt_optimizer_set_group_lr: group 5 is out '
                                  'of range: the optimizer has 1 parameter '
                                  'group')
    assert opt.get_group_lr(0) == 0.1 and notified == []
    opt.add_params([q])
    assert opt.set_group_lr(1, 0.5) is True
    assert [opt.get_group_lr(i) for i in range(2)] == [0.1, 0.5]
    assert notified == []
    opt.set_group_lr(0, 0.25)
    assert opt.props.lr == 0.25 and notified == [0.25]
    with pytest.raises(GLib.Error, match='group 2 is out of range: the '
                       'optimizer has 2 parameter groups'):
        opt.set_group_lr(2, 1.0)
    # a scheduler sets the learning rates through it
    sched = Gt.StepLR.new(opt, 1, 0.5, -1)
    sched.step()
    assert [opt.get_group_lr(i) for i in range(2)] == [0.125, 0.25]
    # reading a missing group is torch's IndexError too
    with pytest.raises(GLib.Error) as info:
        opt.get_group_lr(2)
    assert info.value.matches(Gt.error_quark(), Gt.Error.INDEX)
    assert info.value.message == ('gt_optimizer_get_group_lr: group 2 is out '
                                  'of range: the optimizer has 2 parameter '
                                  'groups')


@pytest.mark.parametrize('make, props', [
    (Gt.SGD, {'momentum': 0.0, 'dampening': 0.0, 'weight_decay': 0.0,
              'nesterov': False, 'maximize': False}),
    (Gt.Adam, {'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8,
               'weight_decay': 0.0, 'amsgrad': False, 'maximize': False}),
    (Gt.AdamW, {'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8,
                'weight_decay': 1e-2, 'amsgrad': False, 'maximize': False}),
    (Gt.RMSprop, {'alpha': 0.99, 'eps': 1e-8, 'weight_decay': 0.0,
                  'momentum': 0.0, 'centered': False, 'maximize': False}),
])
def test_option_properties(make, props):
    """The construct properties: torch's defaults, each the defaults'
    option of its name (booleans as 0 and 1)."""
    opt = make()
    d = opt.get_defaults()
    assert opt.props.lr == 1e-3
    for name, want in props.items():
        assert getattr(opt.props, name) == want
        assert d.get_option(name, -7.0) == float(want)
    for i, name in enumerate(props):
        value = True if isinstance(props[name], bool) else 0.5 + i
        setattr(opt.props, name, value)
        assert getattr(opt.props, name) == value
        assert d.get_option(name, -7.0) == float(value)


# ---- schedulers -------------------------------------------------------------------

def _sgd_pair(lrs):
    tp = [torch.zeros(1, requires_grad=True) for _ in lrs]
    gp = [gt_leaf([0.0]) for _ in lrs]
    topt = torch.optim.SGD([{'params': [p], 'lr': lr} for p, lr in zip(tp, lrs)], lr=0.1)
    gopt = Gt.optim.SGD([{'params': [p], 'lr': lr} for p, lr in zip(gp, lrs)], lr=0.1)
    return topt, gopt


SCHEDULERS = [
    ('StepLR', (7,), dict(gamma=0.5)),
    ('StepLR', (1,), {}),
    ('MultiStepLR', ([10, 30, 30, 75],), dict(gamma=0.3)),
    ('ExponentialLR', (0.97,), {}),
    ('CosineAnnealingLR', (13,), dict(eta_min=0.001)),
    ('CosineAnnealingLR', (100,), {}),
    ('LinearLR', (), {}),
    ('LinearLR', (), dict(start_factor=0.25, end_factor=0.9, total_iters=17)),
]


@pytest.mark.parametrize('name,args,kwargs', SCHEDULERS)
def test_scheduler_matches_torch(name, args, kwargs):
    topt, gopt = _sgd_pair([0.1, 0.03])
    ts = getattr(torch.optim.lr_scheduler, name)(topt, *args, **kwargs)
    gs = getattr(Gt.optim.lr_scheduler, name)(gopt, *args, **kwargs)
    assert gs.base_lrs == ts.base_lrs
    for epoch in range(100):
        assert gs.get_last_lr() == ts.get_last_lr(), epoch
        assert [g['lr'] for g in gopt.param_groups] == [g['lr'] for g in topt.param_groups]
        assert gs.last_epoch == ts.last_epoch
        topt.step()
        gopt.step()
        ts.step()
        gs.step()
    assert gopt.param_groups[0]['initial_lr'] == 0.1


def test_cosine_resume_from_last_epoch_matches_torch():
    topt, gopt = _sgd_pair([0.1])
    for g in topt.param_groups:
        g['initial_lr'] = 0.2
    for g in gopt.param_groups:
        g['initial_lr'] = 0.2
    ts = torch.optim.lr_scheduler.CosineAnnealingLR(topt, 10, 0.01, last_epoch=4)
    gs = Gt.optim.lr_scheduler.CosineAnnealingLR(gopt, 10, 0.01, last_epoch=4)
    for _ in range(30):
        assert gs.get_last_lr() == ts.get_last_lr()
        ts.step()
        gs.step()


def test_scheduler_errors():
    _, gopt = _sgd_pair([0.1])
    with pytest.raises(ValueError, match="param 'initial_lr' is not specified in param_groups\\[0\\]"):
        Gt.optim.lr_scheduler.StepLR(gopt, 3, last_epoch=5)
    with pytest.raises(ValueError, match='Starting multiplicative factor expected to be between 0 and 1.'):
        Gt.optim.lr_scheduler.LinearLR(gopt, start_factor=1.5)
    with pytest.raises(ValueError, match='Ending multiplicative factor expected to be between 0 and 1.'):
        Gt.optim.lr_scheduler.LinearLR(gopt, end_factor=-1)
    with pytest.raises(ValueError, match='Factor should be < 1.0.'):
        Gt.optim.lr_scheduler.ReduceLROnPlateau(gopt, factor=1.0)
    with pytest.raises(ValueError, match='expected 1 min_lrs, got 2'):
        Gt.optim.lr_scheduler.ReduceLROnPlateau(gopt, min_lr=[0.1, 0.2])


@pytest.mark.parametrize('kwargs', [
    dict(),
    dict(mode='min', factor=0.5, patience=2, cooldown=1, min_lr=0.001),
    dict(mode='max', factor=0.3, patience=3, threshold=0.01, threshold_mode='abs'),
    dict(mode='max', factor=0.7, patience=0, threshold_mode='rel', min_lr=[0.02, 0.0], eps=1e-3),
    dict(mode='min', threshold=0.05, threshold_mode='abs', cooldown=3, patience=1),
])
def test_reduce_lr_on_plateau_matches_torch(kwargs):
    topt, gopt = _sgd_pair([0.1, 0.05])
    ts = torch.optim.lr_scheduler.ReduceLROnPlateau(topt, **kwargs)
    gs = Gt.optim.lr_scheduler.ReduceLROnPlateau(gopt, **kwargs)
    for epoch in range(100):
        # improving, then noisy plateaus, then a jump
        if epoch < 15:
            metric = 1.0 / (1 + epoch)
        elif epoch < 70:
            metric = 0.06 + 0.01 * math.sin(epoch * 1.7)
        else:
            metric = 0.02 + 0.001 * (epoch % 5)
        if 'max' in kwargs.values():
            metric = -metric
        ts.step(metric)
        gs.step(Gt.tensor(metric, dtype=Gt.float64) if epoch % 2 else metric)
        assert gs.get_last_lr() == ts._last_lr, epoch
        assert gs.num_bad_epochs == ts.num_bad_epochs
        assert gs.cooldown_counter == ts.cooldown_counter
        assert gs.best == ts.best

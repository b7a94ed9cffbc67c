# SPDX-License-Identifier: LGPL-2.1-or-later
"""The loss classes of gtensor/nn against torch.nn 1.13 through the raw
introspected API (Gt.MSELoss.new_full, GObject properties, Gt.Loss.forward):
every loss with each reduction, class weights, ignore_index, label
smoothing, pos_weight, beta and delta; the value and the gradient of the
input (float64 to 1e-10, float32 to 1e-5)."""

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

torch = pytest.importorskip('torch')
tnn = torch.nn

torch.set_num_threads(2)

TOL = {'float64': 1e-10, 'float32': 1e-5}
TDT = {'float64': torch.float64, 'float32': torch.float32}
RED = {'none': Gt.Reduction.NONE, 'mean': Gt.Reduction.MEAN,
       'sum': Gt.Reduction.SUM}


def to_gt(t, requires_grad=False):
    g = Gt.tensor(t.detach().numpy().copy())
    if requires_grad:
        g.requires_grad_(True)
    return g


def assert_close(g, t, tol):
    assert tuple(g.shape) == tuple(t.shape)
    assert str(g.dtype).split('.')[-1] == str(t.dtype).split('.')[-1]
    np.testing.assert_allclose(np.asarray(g.detach().numpy()),
                               t.detach().numpy(), rtol=tol, atol=tol)


def _rng():
    return np.random.default_rng(7)


def regression(d):
    r = _rng()
    return (torch.tensor(r.uniform(-2, 2, (4, 5)), dtype=TDT[d]),
            torch.tensor(r.uniform(-2, 2, (4, 5)), dtype=TDT[d]))


def probabilities(d):
    r = _rng()
    return (torch.tensor(r.uniform(0.05, 0.95, (4, 3)), dtype=TDT[d]),
            torch.tensor(r.uniform(0, 1, (4, 3)), dtype=TDT[d]))


def logits_binary(d):
    r = _rng()
    return (torch.tensor(r.uniform(-3, 3, (4, 3)), dtype=TDT[d]),
            torch.tensor(r.integers(0, 2, (4, 3)), dtype=TDT[d]))


def log_probs(d):
    r = _rng()
    x = torch.log_softmax(torch.tensor(r.uniform(-2, 2, (6, 4)), dtype=TDT[d]), 1)
    t = torch.tensor([0, 3, 1, 1, 2, 3])
    return x, t


def logits_classes(d):
    r = _rng()
    return (torch.tensor(r.uniform(-2, 2, (6, 4)), dtype=TDT[d]),
            torch.tensor([0, 3, 1, 1, 2, 3]))


def logits_classes_2d(d):
    r = _rng()
    return (torch.tensor(r.uniform(-2, 2, (2, 4, 3, 2)), dtype=TDT[d]),
            torch.tensor(r.integers(0, 4, (2, 3, 2))))


def logits_probs(d):
    r = _rng()
    return (torch.tensor(r.uniform(-2, 2, (5, 4)), dtype=TDT[d]),
            torch.softmax(torch.tensor(r.uniform(-2, 2, (5, 4)), dtype=TDT[d]), 1))


def W(d, n):
    return torch.tensor(np.linspace(0.5, 2.0, n), dtype=TDT[d])


# name: (inputs, torch constructor (dtype, reduction), Gt constructor)
LOSSES = {
    'mse': (regression, lambda d, r: tnn.MSELoss(reduction=r),
            lambda d, r: Gt.MSELoss.new_full(RED[r])),
    'l1': (regression, lambda d, r: tnn.L1Loss(reduction=r),
           lambda d, r: Gt.L1Loss.new_full(RED[r])),
    'smooth_l1': (regression, lambda d, r: tnn.SmoothL1Loss(reduction=r),
                  lambda d, r: Gt.SmoothL1Loss.new_full(RED[r], 1.0)),
    'smooth_l1_beta': (regression, lambda d, r: tnn.SmoothL1Loss(reduction=r, beta=0.7),
                       lambda d, r: Gt.SmoothL1Loss.new_full(RED[r], 0.7)),
    'huber': (regression, lambda d, r: tnn.HuberLoss(reduction=r),
              lambda d, r: Gt.HuberLoss.new_full(RED[r], 1.0)),
    'huber_delta': (regression, lambda d, r: tnn.HuberLoss(reduction=r, delta=0.4),
                    lambda d, r: Gt.HuberLoss.new_full(RED[r], 0.4)),
    'bce': (probabilities, lambda d, r: tnn.BCELoss(reduction=r),
            lambda d, r: Gt.BCELoss.new_full(None, RED[r])),
    'bce_weight': (probabilities,
                   lambda d, r: tnn.BCELoss(weight=W(d, 3), reduction=r),
                   lambda d, r: Gt.BCELoss.new_full(to_gt(W(d, 3)), RED[r])),
    'bce_logits': (logits_binary, lambda d, r: tnn.BCEWithLogitsLoss(reduction=r),
                   lambda d, r: Gt.BCEWithLogitsLoss.new_full(None, None, RED[r])),
    'bce_logits_weights': (
        logits_binary,
        lambda d, r: tnn.BCEWithLogitsLoss(weight=W(d, 3), reduction=r,
                                           pos_weight=W(d, 3) * 2),
        lambda d, r: Gt.BCEWithLogitsLoss.new_full(to_gt(W(d, 3)),
                                                   to_gt(W(d, 3) * 2), RED[r])),
    'nll': (log_probs, lambda d, r: tnn.NLLLoss(reduction=r),
            lambda d, r: Gt.NLLLoss.new_full(None, -100, RED[r])),
    'nll_weight_ignore': (log_probs,
                          lambda d, r: tnn.NLLLoss(weight=W(d, 4), ignore_index=1,
                                                   reduction=r),
                          lambda d, r: Gt.NLLLoss.new_full(to_gt(W(d, 4)), 1, RED[r])),
    'cross_entropy': (logits_classes, lambda d, r: tnn.CrossEntropyLoss(reduction=r),
                      lambda d, r: Gt.CrossEntropyLoss.new_full(None, -100, RED[r], 0.0)),
    'cross_entropy_all': (
        logits_classes,
        lambda d, r: tnn.CrossEntropyLoss(weight=W(d, 4), ignore_index=3,
                                          reduction=r, label_smoothing=0.2),
        lambda d, r: Gt.CrossEntropyLoss.new_full(to_gt(W(d, 4)), 3, RED[r], 0.2)),
    'cross_entropy_2d': (logits_classes_2d,
                         lambda d, r: tnn.CrossEntropyLoss(reduction=r),
                         lambda d, r: Gt.CrossEntropyLoss.new_full(None, -100, RED[r],
                                                                   0.0)),
    'cross_entropy_probs': (
        logits_probs,
        lambda d, r: tnn.CrossEntropyLoss(reduction=r, label_smoothing=0.1),
        lambda d, r: Gt.CrossEntropyLoss.new_full(None, -100, RED[r], 0.1)),
}


@pytest.mark.parametrize('reduction', ['mean', 'sum', 'none'])
@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('name', list(LOSSES))
def test_loss_parity(name, dtype, reduction):
    inputs, tctor, gctor = LOSSES[name]
    tol = TOL[dtype]
    x, target = inputs(dtype)
    x.requires_grad_(True)
    tloss = tctor(dtype, reduction)
    gloss = gctor(dtype, reduction)
    assert isinstance(gloss, Gt.Loss)
    assert Gt.Loss.get_reduction(gloss) == RED[reduction]
    gx = to_gt(x, requires_grad=True)
    tout = tloss(x, target)
    gout = Gt.Loss.forward(gloss, gx, to_gt(target))
    assert_close(gout, tout, tol)
    grad = torch.tensor(_rng().uniform(0.5, 1.5, tuple(tout.shape)), dtype=tout.dtype)
    tout.backward(grad)
    gout.backward(to_gt(grad))
    assert_close(gx.grad, x.grad, tol)


def test_defaults_and_properties():
    ce = Gt.CrossEntropyLoss.new()
    assert Gt.Loss.get_reduction(ce) == Gt.Reduction.MEAN
    assert ce.props.weight is None and ce.props.ignore_index == -100
    assert ce.props.label_smoothing == 0.0
    assert Gt.NLLLoss.new().props.ignore_index == -100
    assert Gt.SmoothL1Loss.new().props.beta == 1.0
    assert Gt.HuberLoss.new().props.delta == 1.0
    bcel = Gt.BCEWithLogitsLoss.new()
    assert bcel.props.weight is None and bcel.props.pos_weight is None
    w = Gt.tensor([1.0, 2.0])
    loss = Gt.CrossEntropyLoss(weight=w, ignore_index=0, label_smoothing=0.5,
                               reduction=Gt.Reduction.SUM)
    assert loss.props.weight is w and loss.props.ignore_index == 0
    assert Gt.Loss.get_reduction(loss) == Gt.Reduction.SUM
    # the reduction can change after construction, as torch's attribute
    Gt.Loss.set_reduction(loss, Gt.Reduction.NONE)
    assert Gt.Loss.get_reduction(loss) == Gt.Reduction.NONE


def test_loss_errors_name_the_op():
    mse = Gt.MSELoss.new()
    with pytest.raises(GLib.Error) as info:
        Gt.Loss.forward(mse, Gt.zeros([2, 3]), Gt.zeros([4]))
    assert 'mse_loss' in info.value.message
    ce = Gt.CrossEntropyLoss.new()
    with pytest.raises(GLib.Error):
        Gt.Loss.forward(ce, Gt.zeros([2, 3]), Gt.tensor([0, 5]))

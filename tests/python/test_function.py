"""Gt.Function subclassed in Python: do_forward/do_backward against the
same math written as a torch.autograd.Function (torch 1.13, float64).

The vfuncs take and return lists of tensors (GPtrArray; forward/backward
return (transfer full) arrays, so PyGObject hands its references over).
Checked: values, grad_fn names, first and second order gradients,
needs_input_grad and None gradients, saved outputs, in-place checks on
saved tensors, errors from the Python backward, and that the function
object dies with its outputs (no reference cycle).
"""

import gc
import weakref

import gi
gi.require_version('Gt', '1.0')
from gi.repository import GLib, Gt  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

torch = pytest.importorskip('torch')

TOL = 1e-9


def to_gt(t, requires_grad=False):
    t = t.detach().contiguous().numpy()
    g = Gt.Tensor.new_from_doubles(t.ravel().tolist(), list(t.shape), Gt.DType.FLOAT64)
    if requires_grad:
        g.requires_grad = True
    return g


def from_gt(g):
    g = g.contiguous()
    arr = np.frombuffer(bytes(g.to_bytes().get_data() or b''), dtype=np.float64)
    return torch.from_numpy(arr.copy()).reshape(list(g.get_shape()))


def assert_close(got, want, what):
    assert got is not None, f'{what}: no gradient'
    g = from_gt(got)
    assert tuple(g.shape) == tuple(want.shape), what
    assert torch.allclose(g, want.detach(), rtol=TOL, atol=TOL), f'{what}:\n{g}\n!=\n{want}'


# ---- the functions, in both libraries --------------------------------------

class Cube(Gt.Function):
    __gtype_name__ = 'Cube'

    def do_forward(self, inputs):
        x, = inputs
        assert not Gt.is_grad_enabled()
        self.save_for_backward([x])
        return [x.mul(x).mul(x)]

    def do_backward(self, grad_outputs):
        x, = self.get_saved_tensors()
        return [grad_outputs[0].mul(x).mul(x).mul_scalar(3.0)]


class MulExp(Gt.Function):
    """(a, b) -> (a b, exp(a)), saving exp(a): an output."""
    __gtype_name__ = 'MulExp'

    def do_forward(self, inputs):
        a, b = inputs
        self.needs = (self.needs_input_grad(0), self.needs_input_grad(1))
        e = a.exp()
        self.save_for_backward([a, b, e])
        return [a.mul(b), e]

    def do_backward(self, grad_outputs):
        a, b, e = self.get_saved_tensors()
        g0, g1 = grad_outputs
        ga = g0.mul(b).add(g1.mul(e), 1.0) if self.needs_input_grad(0) else None
        gb = g0.mul(a) if self.needs_input_grad(1) else None
        return [ga, gb]


class T:
    """torch's versions under the same class names (grad_fn names)."""

    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * x * x * 3.0

    class MulExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            e = a.exp()
            ctx.save_for_backward(a, b, e)
            return a * b, e

        @staticmethod
        def backward(ctx, g0, g1):
            a, b, e = ctx.saved_tensors
            return g0 * b + g1 * e, g0 * a


TorchCube, TorchMulExp = T.Cube, T.MulExp


# ---- tests -----------------------------------------------------------------

def test_cube_matches_torch():
    xt = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    x = to_gt(xt, True)
    y, = Cube().apply([x])
    yt = TorchCube.apply(xt)
    assert_close(y, yt, 'cube forward')
    assert y.get_grad_fn_name() == 'CubeBackward' == type(yt.grad_fn).__name__
    gt_ = torch.randn(3, 4, dtype=torch.float64)
    y.backward(to_gt(gt_))
    yt.backward(gt_)
    assert_close(x.grad, xt.grad, 'cube grad')


def test_cube_second_order():
    xt = torch.randn(5, dtype=torch.float64, requires_grad=True)
    x = to_gt(xt, True)
    v = torch.randn(5, dtype=torch.float64)
    w = torch.randn(5, dtype=torch.float64)
    y, = Cube().apply([x])
    g, = Gt.autograd.grad([y], [x], [to_gt(v)], create_graph=True)
    gg, = Gt.autograd.grad([g], [x], [to_gt(w)])
    yt = TorchCube.apply(xt)
    gt_, = torch.autograd.grad(yt, xt, v, create_graph=True)
    ggt, = torch.autograd.grad(gt_, xt, w)
    assert_close(g, gt_, 'cube first')
    assert_close(gg, ggt, 'cube second')
    assert_close(gg, 6 * xt * v * w, 'cube second, by hand')


@pytest.mark.parametrize('use', ['both', 'product', 'exp'])
def test_mul_exp_matches_torch(use):
    at = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    bt = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    a, b = to_gt(at, True), to_gt(bt, True)
    f = MulExp()
    p, e = f.apply([a, b])
    pt, et = TorchMulExp.apply(at, bt)
    assert f.needs == (True, True)
    assert p.get_grad_fn_name() == e.get_grad_fn_name() == 'MulExpBackward'
    assert type(pt.grad_fn).__name__ == 'MulExpBackward'
    assert_close(p, pt, 'a b')
    assert_close(e, et, 'exp(a)')
    outs, touts = {'both': ([p, e], [pt, et]), 'product': ([p], [pt]),
                   'exp': ([e], [et])}[use]
    vs = [torch.randn(2, 3, dtype=torch.float64) for _ in outs]
    grads = Gt.autograd.grad(outs, [a, b], [to_gt(v) for v in vs],
                             create_graph=True, allow_unused=True)
    tgrads = torch.autograd.grad(touts, [at, bt], vs, create_graph=True,
                                 allow_unused=True)
    for g, t, name in zip(grads, tgrads, 'ab'):
        if t is None:
            assert g is None or not from_gt(g).any(), name
        else:
            assert_close(g, t, f'd/d{name}')
    # Second order through the saved output exp(a).
    w = torch.randn(2, 3, dtype=torch.float64)
    gga, = Gt.autograd.grad([grads[0]], [a], [to_gt(w)], allow_unused=True)
    ggat, = torch.autograd.grad([tgrads[0]], [at], [w], allow_unused=True)
    if ggat is None:
        assert gga is None or not from_gt(gga).any()
    else:
        assert_close(gga, ggat, 'second order d/da')


def test_needs_input_grad_and_none():
    at = torch.randn(4, dtype=torch.float64, requires_grad=True)
    bt = torch.randn(4, dtype=torch.float64)
    a, b = to_gt(at, True), to_gt(bt)
    f = MulExp()
    p, e = f.apply([a, b])
    assert f.needs == (True, False)
    assert f.needs_input_grad(0) and not f.needs_input_grad(1)
    p.backward(Gt.ones_like(p))
    assert_close(a.grad, bt, 'd(ab)/da')
    assert b.grad is None


def test_no_graph_without_grad():
    x = to_gt(torch.tensor([2.0], dtype=torch.float64))
    f = Cube()
    y, = f.apply([x])
    assert from_gt(y).item() == 8.0
    assert y.get_grad_fn_name() is None and not y.requires_grad
    with pytest.raises(GLib.Error, match='recorded no graph'):
        f.get_saved_tensors()
    xg = to_gt(torch.tensor([2.0], dtype=torch.float64), True)
    with Gt.no_grad():
        y, = Cube().apply([xg])
    assert not y.requires_grad


def test_apply_once_per_instance():
    x = to_gt(torch.ones(2, dtype=torch.float64), True)
    f = Cube()
    f.apply([x])
    with pytest.raises(GLib.Error, match='already applied'):
        f.apply([x])


def test_saved_tensor_modified_in_place():
    x0 = to_gt(torch.ones(2, dtype=torch.float64), True)
    x = x0.mul_scalar(1.0)
    y, = Cube().apply([x])
    x.add_scalar_(1.0, 1.0)
    with pytest.raises(GLib.Error, match='inplace'):
        y.backward(Gt.ones_like(y))


def test_python_backward_errors():
    class Broken(Gt.Function):
        __gtype_name__ = 'Broken'

        def do_forward(self, inputs):
            return [inputs[0].mul_scalar(2.0)]

        def do_backward(self, grad_outputs):
            raise GLib.Error('broken on purpose')

    class WrongCount(Gt.Function):
        __gtype_name__ = 'WrongCount'

        def do_forward(self, inputs):
            return [inputs[0].mul_scalar(2.0)]

        def do_backward(self, grad_outputs):
            return [grad_outputs[0], grad_outputs[0]]

    x = to_gt(torch.ones(2, dtype=torch.float64), True)
    y, = Broken().apply([x])
    with pytest.raises(GLib.Error, match='broken on purpose'):
        y.backward(Gt.ones_like(y))
    y, = WrongCount().apply([x])
    with pytest.raises(GLib.Error, match='WrongCountBackward.*number of gradients'):
        y.backward(Gt.ones_like(y))


def test_function_dies_with_its_outputs():
    a = to_gt(torch.ones(3, dtype=torch.float64), True)
    b = to_gt(torch.ones(3, dtype=torch.float64), True)
    f = MulExp()
    ref = weakref.ref(f)
    outs = f.apply([a, b])
    del f
    gc.collect()
    assert ref() is not None          # the recorded node keeps it
    out_ref = weakref.ref(outs[1])
    del outs
    gc.collect()
    assert out_ref() is None          # the saved output e holds no reference
    assert ref() is None

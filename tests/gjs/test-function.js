// test-function.js: Gt.Function subclassed in JavaScript (vfunc_forward /
// vfunc_backward), a custom differentiable operation.
// Run: gjs -m test-function.js (environment as for test-tensor.js).

import GObject from 'gi://GObject';
import Gt from 'gi://Gt?version=1.0';

import {assert, assertDeepEqual, assertEqual, assertThrowsGError, run, test} from './harness.js';

const {DType} = Gt;

function leaf(values, requiresGrad = true) {
    const t = Gt.Tensor.new_from_doubles(values, [values.length], DType.FLOAT64, null);
    if (requiresGrad)
        t.set_requires_grad(true);
    return t;
}

// x^3, backward 3 x^2 g.
const Cube = GObject.registerClass({GTypeName: 'JsCube'}, class Cube extends Gt.Function {
    vfunc_forward(inputs) {
        const [x] = inputs;
        this.save_for_backward([x]);
        return [x.mul(x).mul(x)];
    }

    vfunc_backward(gradOutputs) {
        const [x] = this.get_saved_tensors();
        return [gradOutputs[0].mul(x).mul(x).mul_scalar(3.0)];
    }
});

// (a, b) -> (a b, exp(a)), saving the output exp(a). GJS refuses null
// elements in a returned array of objects ("Array element may not be
// null"), so an input that needs no gradient gets a placeholder tensor,
// which the engine ignores (Python may return None).
const MulExp = GObject.registerClass({GTypeName: 'JsMulExp'}, class MulExp extends Gt.Function {
    vfunc_forward(inputs) {
        const [a, b] = inputs;
        const e = a.exp();
        this.save_for_backward([a, b, e]);
        return [a.mul(b), e];
    }

    vfunc_backward(gradOutputs) {
        const [a, b, e] = this.get_saved_tensors();
        const [g0, g1] = gradOutputs;
        return [
            this.needs_input_grad(0) ? g0.mul(b).add(g1.mul(e), 1.0) : Gt.zeros_like(a),
            this.needs_input_grad(1) ? g0.mul(a) : Gt.zeros_like(b),
        ];
    }
});

test('/gjs/function/cube', () => {
    const x = leaf([1, -2, 3]);
    const [y] = new Cube().apply([x]);
    assertDeepEqual(y.to_doubles(), [1, -8, 27]);
    assertEqual(y.get_grad_fn_name(), 'JsCubeBackward');
    y.backward(Gt.ones_like(y), false, false);
    assertDeepEqual(x.get_grad().to_doubles(), [3, 12, 27], 'd/dx', 1e-12);
});

test('/gjs/function/cube/second-order', () => {
    const x = leaf([1, 2]);
    const [y] = new Cube().apply([x]);
    const [g] = Gt.autograd_grad([y], [x], [Gt.ones_like(y)], true, true, false);
    assertDeepEqual(g.to_doubles(), [3, 12], 'first', 1e-12);
    const [gg] = Gt.autograd_grad([g], [x], [Gt.ones_like(g)], false, false, false);
    assertDeepEqual(gg.to_doubles(), [6, 12], 'second (6x)', 1e-12);
});

test('/gjs/function/two-outputs', () => {
    const a = leaf([0, 1]);
    const b = leaf([2, 3], false);
    const [p, e] = new MulExp().apply([a, b]);
    assertEqual(p.get_grad_fn_name(), 'JsMulExpBackward');
    const s = p.add(e, 1.0);
    s.backward(Gt.ones_like(s), false, false);
    assertDeepEqual(a.get_grad().to_doubles(), [2 + 1, 3 + Math.E], 'd/da', 1e-12);
    assertEqual(b.get_grad(), null);
});

test('/gjs/function/saved-modified-in-place', () => {
    const x = leaf([1, 2]).mul_scalar(1.0);
    const [y] = new Cube().apply([x]);
    x.add_scalar_(1.0, 1.0);
    assertThrowsGError(() => y.backward(Gt.ones_like(y), false, false), Gt.Error, Gt.Error.AUTOGRAD);
});

run();

// test-nn.js: Gt.Module subclassed in JavaScript (vfunc_forward), composed
// with the C containers, trained with manual SGD; named listings, state
// dicts, hooks through the "forward" signal.
// Run: gjs -m test-nn.js (environment as for test-tensor.js).

import GObject from 'gi://GObject';
import Gt from 'gi://Gt?version=1.0';

import {assert, assertDeepEqual, assertEqual, assertThrowsGError, run, test} from './harness.js';

const {DType} = Gt;

function tensor(values, shape) {
    return Gt.Tensor.new_from_doubles(values, shape, DType.FLOAT64, null);
}

function param(values, shape) {
    const t = tensor(values, shape);
    t.set_requires_grad(true);
    return t;
}

// y = x @ w + b with existing ops.
const Affine = GObject.registerClass({GTypeName: 'JsAffine'}, class Affine extends Gt.Module {
    _init(w, b) {
        super._init();
        this.register_parameter('w', param(w, [2, 2]));
        this.register_parameter('b', param(b, [2]));
    }

    vfunc_forward(input) {
        return input.matmul(this.get_parameter('w')).add(this.get_parameter('b'), 1.0);
    }
});

const Relu = GObject.registerClass({GTypeName: 'JsRelu'}, class Relu extends Gt.Module {
    vfunc_forward(input) {
        return input.relu();
    }
});

function makeNet() {
    return Gt.Sequential.new_from_array([
        new Affine([1, 2, 3, 4], [0.5, -0.5]),
        new Relu(),
        new Affine([1, 0, 0, -1], [0, 1]),
    ]);
}

test('/gjs/nn/names', () => {
    const net = makeNet();
    const [params, names] = net.named_parameters(true);
    assertDeepEqual(names, ['0.w', '0.b', '2.w', '2.b']);
    assertEqual(params.length, 4);
    const [modules, moduleNames] = net.named_modules();
    assertDeepEqual(moduleNames, ['', '0', '1', '2']);
    assert(modules[1] instanceof Affine);
    assertDeepEqual(net.state_dict_keys(), ['0.w', '0.b', '2.w', '2.b']);
    assertEqual(net.get_length(), 3);
    assert(net.get(-1) instanceof Affine);
});

test('/gjs/nn/forward-and-gradient', () => {
    const net = makeNet();
    // [1, 1] @ W1 + B1 = [4.5, 5.5]; relu; @ W2 + B2 = [4.5, -4.5]
    const y = net.forward(tensor([1, 1], [1, 2]));
    assertDeepEqual(y.to_doubles(), [4.5, -4.5]);
    // sum (x @ w + b) for one affine: grad w = x^T 1, grad b = batch size
    const a = new Affine([1, 2, 3, 4], [0.5, -0.5]);
    a.forward(tensor([1, 2, 3, 4], [2, 2])).sum(null, false).backward(null, false, false);
    assertDeepEqual(a.get_parameter('w').get_grad().to_doubles(), [4, 4, 6, 6]);
    assertDeepEqual(a.get_parameter('b').get_grad().to_doubles(), [2, 2]);
    a.zero_grad(true);
    assertEqual(a.get_parameter('w').get_grad(), null);
});

test('/gjs/nn/sgd', () => {
    const net = makeNet();
    const x = tensor([1, -1, 0.5, 2, -3, 1], [3, 2]);
    const t = tensor([1, 0, 0, 1, 2, -1], [3, 2]);
    const losses = [];
    for (let step = 0; step < 5; step++) {
        net.zero_grad(true);
        const d = net.forward(x).sub(t, 1.0);
        const loss = d.mul(d).mean(null, false);
        loss.backward(null, false, false);
        const previous = Gt.set_grad_enabled(false);
        for (const p of net.parameters(true))
            p.sub_(p.get_grad(), 0.01);
        Gt.set_grad_enabled(previous);
        losses.push(loss.item());
    }
    for (let i = 1; i < losses.length; i++)
        assert(losses[i] < losses[i - 1], `loss did not decrease: ${losses}`);
});

test('/gjs/nn/state-dict', () => {
    const a = makeNet();
    const b = makeNet();
    const sd = a.state_dict();
    sd['0.w'].fill_(7.0);
    assertDeepEqual(a.get(0).get_parameter('w').to_doubles(), [7, 7, 7, 7]);
    const w = b.get(0).get_parameter('w');
    assert(b.load_state_dict(sd, true));
    assertDeepEqual(w.to_doubles(), [7, 7, 7, 7]);
    delete sd['2.b'];
    const e = assertThrowsGError(() => b.load_state_dict(sd, true), Gt.Error, Gt.Error.VALUE);
    assert(e.message.includes('Missing key(s) in state_dict: "2.b"'), e.message);
});

test('/gjs/nn/hooks-and-modes', () => {
    const net = makeNet();
    const first = net.get(0);
    let calls = 0;
    const id = first.connect('forward', (module, input, output) => {
        calls++;
        return output.mul_scalar(0.0);
    });
    // zeroed first layer: relu(0) = 0; @ W2 + B2 = [0, 1]
    assertDeepEqual(net.forward(tensor([1, 1], [1, 2])).to_doubles(), [0, 1]);
    assertEqual(calls, 1);
    first.disconnect(id);
    net.eval();
    assertEqual(first.training, false);
    net.train(true);
    assertEqual(first.training, true);
    const seen = [];
    net.apply(m => seen.push(m.constructor.name));
    assertDeepEqual(seen, ['Affine', 'Relu', 'Affine', 'Gt_Sequential']);
});

test('/gjs/nn/errors', () => {
    const list = Gt.ModuleList.new();
    const e = assertThrowsGError(() => list.forward(tensor([1], [1])), Gt.Error,
        Gt.Error.NOT_SUPPORTED);
    assert(e.message.includes('GtModuleList'), e.message);
    const flat = Gt.Flatten.new(1, -1);
    assertDeepEqual(Array.from(flat.forward(Gt.zeros([2, 3, 4], DType.FLOAT32, null)).get_shape()),
        [2, 12]);
});

run();

// test-optim.js: optimizers built from a list of parameters (the GPtrArray
// argument), parameter groups, state dicts (a GHashTable both ways) and
// schedulers, from GJS.
// Run: gjs -m test-optim.js (environment as for test-tensor.js).

import Gt from 'gi://Gt?version=1.0';

import {assert, assertDeepEqual, assertEqual, assertThrowsGError, run, test} from './harness.js';

const {DType} = Gt;

function leaf(values) {
    const t = Gt.Tensor.new_from_doubles(values, [values.length], DType.FLOAT64, null);
    t.set_requires_grad(true);
    return t;
}

function setGrad(p, values) {
    p.set_grad(Gt.Tensor.new_from_doubles(values, [values.length], DType.FLOAT64, null));
}

test('/gjs/optim/sgd-from-list', () => {
    const a = leaf([1, 2]), b = leaf([3]);
    const opt = Gt.SGD.new_full([a, b], 0.1, 0.9, 0, 0, true, false);
    assert(opt instanceof Gt.Optimizer);
    assertEqual(opt.get_n_param_groups(), 1);
    const groups = opt.get_param_groups();
    assertEqual(groups.length, 1);
    assertEqual(groups[0].get_params().length, 2);
    setGrad(a, [1, -1]);
    setGrad(b, [0.5]);
    let steps = 0;
    opt.connect('step', () => steps++);
    opt.step();
    // nesterov: d = g + 0.9 g, p -= 0.1 d
    assertDeepEqual(Array.from(a.detach().to_doubles()), [1 - 0.19, 2 + 0.19], '', 1e-12);
    assertDeepEqual(Array.from(b.detach().to_doubles()), [3 - 0.095], '', 1e-12);
    assertEqual(steps, 1);
    opt.zero_grad(true);
    assertEqual(a.get_grad(), null);
});

test('/gjs/optim/adam-groups-state-dict', () => {
    const a = leaf([1, -1]), b = leaf([2]);
    const opt = Gt.Adam.new([a], 0.1);
    const group = Gt.ParamGroup.new([b]);
    group.set_option('lr', 0.5);
    opt.add_param_group(group);
    assertEqual(opt.get_group_lr(1), 0.5);
    assertEqual(group.get_option('beta1', 0), 0.9);
    setGrad(a, [0.5, -0.25]);
    setGrad(b, [1]);
    opt.step();
    assertDeepEqual(Array.from(a.detach().to_doubles()), [0.9, -0.9], '', 1e-7);
    assertDeepEqual(Array.from(b.detach().to_doubles()), [1.5], '', 1e-7);
    const sd = opt.state_dict();
    assertEqual(sd['state.0.step'].item(), 1);
    assertDeepEqual(Array.from(sd['param_groups.1.params'].to_int64s()), [1]);
    const c = leaf([0.9, -0.9]), d = leaf([1.5]);
    const opt2 = Gt.Adam.new([c], 1.0);
    opt2.add_params([d]);
    opt2.load_state_dict(sd);
    assertEqual(opt2.get_group_lr(1), 0.5);
    assertDeepEqual([opt2.get_state(c, 'exp_avg').to_doubles()[0]], [0.05], '', 1e-15);
    assertDeepEqual(opt2.list_state(c), ['exp_avg', 'exp_avg_sq', 'step']);
});

test('/gjs/optim/errors', () => {
    assertThrowsGError(() => Gt.Adam.new_full([leaf([1])], 0.1, 1.0, 0.999, 1e-8, 0, false, false),
        Gt.error_quark(), Gt.Error.VALUE);
    const bad = new Gt.RMSprop({lr: -1});
    assertThrowsGError(() => bad.check(), Gt.error_quark(), Gt.Error.VALUE);
    // a group the optimizer does not have: torch's IndexError
    const one = Gt.SGD.new([leaf([1])], 0.1);
    assertThrowsGError(() => one.get_group_lr(1), Gt.error_quark(), Gt.Error.INDEX);
    assertThrowsGError(() => one.set_group_lr(1, 0.5), Gt.error_quark(), Gt.Error.INDEX);
    assertEqual(one.get_group_lr(0), 0.1);
});

test('/gjs/optim/schedulers', () => {
    const opt = Gt.SGD.new([leaf([0])], 1.0);
    const s = Gt.MultiStepLR.new(opt, [2, 4], 0.5, -1);
    const lrs = [];
    for (let e = 0; e < 5; e++) {
        lrs.push(s.get_last_lr()[0]);
        s.step();
    }
    assertDeepEqual(lrs, [1, 1, 0.5, 0.5, 0.25]);
    assertDeepEqual(Array.from(s.get_milestones()), [2, 4]);
    const p = Gt.ReduceLROnPlateau.new(opt, Gt.PlateauMode.MAX, 0.1, 0, 1e-4,
        Gt.ThresholdMode.ABS, 0, 0, 1e-8);
    p.step(1.0);
    p.step(0.5);
    assertDeepEqual(Array.from(p.get_last_lr()), [0.025], '', 1e-15);
    p.set_min_lrs([0.01]);
});

run();

// test-nnops.js: the array-taking nn functions from GJS (sizes, strides,
// paddings, normalised shapes, module arrays), with hand-computed values.

import Gt from 'gi://Gt?version=1.0';

import {assertDeepEqual, assertEqual, assertThrowsGError, run, test} from './harness.js';
import {tensor, toNested} from '../../bindings/gjs/gtensor.js';

// 1x1x4x4 input 0..15
const grid = () => Gt.arange(0, 16, 1, Gt.DType.FLOAT64, null).reshape([1, 1, 4, 4]);

test('/gjs/nnops/conv2d-arrays', () => {
    const w = Gt.ones([1, 1, 2, 2], Gt.DType.FLOAT64, null);
    const y = grid().conv2d(w, null, [2], [0], [1], 1);
    // sums of the 2x2 blocks
    assertDeepEqual(toNested(y), [[[[10, 18], [42, 50]]]]);
    const z = grid().conv2d(w, null, [1, 3], [0, 1], [1, 1], 1);
    assertDeepEqual(z.get_shape(), [1, 1, 3, 2]);
    const same = grid().conv2d_padding_mode(w, null, [1], 'same', [1], 1);
    assertDeepEqual(same.get_shape(), [1, 1, 4, 4]);
    assertThrowsGError(() => grid().conv2d(w, null, [1, 1, 1], [0], [1], 1),
        Gt.Error, Gt.Error.VALUE);
});

test('/gjs/nnops/pools-arrays', () => {
    const [values, indices] = grid().max_pool2d([2], [], [0], [1], false);
    assertDeepEqual(toNested(values), [[[[5, 7], [13, 15]]]]);
    assertDeepEqual(toNested(indices), [[[[5, 7], [13, 15]]]]);
    assertEqual(indices.get_dtype(), Gt.DType.INT64);
    const avg = grid().avg_pool2d([2, 2], [2], [0], false, true, 0);
    assertDeepEqual(toNested(avg), [[[[2.5, 4.5], [10.5, 12.5]]]]);
    const ad = grid().adaptive_avg_pool2d([1]);
    assertDeepEqual(toNested(ad), [[[[7.5]]]]);
});

test('/gjs/nnops/layer-norm-arrays', () => {
    const x = tensor([[1, 2, 3], [2, 4, 6]], {dtype: Gt.DType.FLOAT64});
    const y = x.layer_norm([3], null, null, 0);
    // each row normalised: (x - mean) / sqrt(var + 0), var biased
    const r = Math.sqrt(1.5);
    assertDeepEqual(toNested(y), [[-r, 0, r], [-r, 0, r]], '', 1e-12);
    const ln = Gt.LayerNorm.new([3]);
    assertDeepEqual(ln.get_normalized_shape(), [3]);
});

test('/gjs/nnops/sequential-from-array', () => {
    const seq = Gt.Sequential.new_from_array([Gt.ReLU.new(), Gt.Flatten.new(0, -1)]);
    assertEqual(seq.get_length(), 2);
    const y = seq.forward(tensor([[-1, 2], [3, -4]], {dtype: Gt.DType.FLOAT64}));
    assertDeepEqual(toNested(y), [0, 2, 3, 0]);
    const lin = Gt.Linear.new(3, 2, true);
    const [params, names] = lin.named_parameters(true);
    assertDeepEqual(names, ['weight', 'bias']);
    assertDeepEqual(params.map(p => p.get_shape()), [[2, 3], [2]]);
});

run();

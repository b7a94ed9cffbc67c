// test-helpers.js: bindings/gjs/gtensor.js, the JavaScript conveniences.
// Run: gjs -m test-helpers.js (environment as for test-tensor.js).

import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';

import * as gt from '../../bindings/gjs/gtensor.js';
import {
    assert, assertDeepEqual, assertEqual, assertThrows, assertThrowsGError, run, test,
} from './harness.js';

const {DType} = Gt;

test('/gjs/helpers/tensor/nested', () => {
    const t = gt.tensor([[1, 2, 3], [4, 5, 6]]);
    assert(t instanceof Gt.Tensor, 'a Gt.Tensor');
    assertDeepEqual(t.get_shape(), [2, 3]);
    assertEqual(t.dtype, DType.FLOAT32, 'JS numbers default to float32');
    assertEqual(t.to_string(), 'tensor([[1., 2., 3.],\n        [4., 5., 6.]])');

    const cube = gt.tensor([[[1], [2]], [[3], [4]], [[5], [6]]], {dtype: DType.INT32});
    assertDeepEqual(cube.get_shape(), [3, 2, 1]);
    assertEqual(cube.dtype, DType.INT32);
    assertDeepEqual(cube.to_int64s(), [1, 2, 3, 4, 5, 6]);

    // Scalars and empty data.
    const s = gt.tensor(2.5);
    assertDeepEqual(s.get_shape(), []);
    assertEqual(s.item(), 2.5);
    assertDeepEqual(gt.tensor([]).get_shape(), [0]);
    assertDeepEqual(gt.tensor([[], []]).get_shape(), [2, 0]);

    // Type inference: booleans, BigInts, mixtures.
    const b = gt.tensor([true, false, true]);
    assertEqual(b.dtype, DType.BOOL);
    assertEqual(b.to_string(), 'tensor([ True, False,  True])');
    assertEqual(gt.tensor([1n, 2n]).dtype, DType.INT64);
    assertEqual(gt.tensor([1n, true]).dtype, DType.INT64);
    assertEqual(gt.tensor([1, true]).dtype, DType.FLOAT32);

    // dtype by name, int64 exactness beyond 2^53, truncation toward zero.
    const big = 2n ** 60n + 1n;
    const i = gt.tensor([[big, -3n], [1.9, -1.9]], {dtype: 'int64'});
    assertEqual(i.dtype, DType.INT64);
    assertDeepEqual(gt.toTypedArray(i), new BigInt64Array([big, -3n, 1n, -1n]));
    assertEqual(gt.tensor([0.5, 1], {dtype: 'torch.double'}).dtype, DType.FLOAT64);

    // Device by string or object.
    assert(gt.tensor([1], {device: 'cpu'}).device.equal(Gt.Device.new_from_string('cpu')),
        'device string');
    assertEqual(gt.tensor([1], {device: Gt.Device.new(Gt.DeviceType.CPU, -1)}).numel, 1);

    const r = gt.tensor([1, 2], {requiresGrad: true});
    assertEqual(r.requires_grad, true);
});

test('/gjs/helpers/tensor/typed-arrays', () => {
    const cases = [
        [new Float32Array([1.5, -2, 0.25]), DType.FLOAT32],
        [new Float64Array([1e-300, -2, 3.25]), DType.FLOAT64],
        [new Int8Array([-128, 0, 127]), DType.INT8],
        [new Uint8Array([0, 1, 255]), DType.UINT8],
        [new Int16Array([-32768, 2, 32767]), DType.INT16],
        [new Int32Array([-(2 ** 31), 5, 2 ** 31 - 1]), DType.INT32],
        [new BigInt64Array([-(2n ** 63n), 7n, 2n ** 63n - 1n]), DType.INT64],
    ];
    for (const [data, dtype] of cases) {
        const t = gt.tensor(data);
        const name = data.constructor.name;
        assertEqual(t.dtype, dtype, `${name} dtype`);
        assertDeepEqual(t.get_shape(), [3], `${name} shape`);
        const back = gt.toTypedArray(t);
        assertEqual(back.constructor, data.constructor, `${name} reads back as ${name}`);
        assertDeepEqual(back, data, `${name} round trip`);
    }

    // A view into a larger buffer, at an offset, with a shape.
    const buffer = new ArrayBuffer(4 + 6 * 4);
    const view = new Float32Array(buffer, 4, 6);
    view.set([1, 2, 3, 4, 5, 6]);
    const m = gt.tensor(view, {shape: [2, 3]});
    assertEqual(m.to_string(), 'tensor([[1., 2., 3.],\n        [4., 5., 6.]])');

    // The data is copied in: later writes to the array do not show.
    const src = new Float32Array([1, 2, 3]);
    const copied = gt.tensor(src);
    src[0] = 100;
    assertDeepEqual(copied.to_doubles(), [1, 2, 3]);

    // A dtype different from the array's converts.
    const c = gt.tensor(new Int32Array([1, 2]), {dtype: DType.FLOAT64});
    assertEqual(c.to_string(), 'tensor([1., 2.], dtype=torch.float64)');

    assertThrowsGError(() => gt.tensor(new Float32Array(5), {shape: [2, 2]}),
        Gt.Error, Gt.Error.SHAPE);
});

test('/gjs/helpers/tensor/bad-input', () => {
    assertThrows(() => gt.tensor([[1, 2], [3]]), TypeError);
    assertThrows(() => gt.tensor([[1, 2], 3]), TypeError);
    assertThrows(() => gt.tensor([1, [2]]), TypeError);
    assertThrows(() => gt.tensor(['a']), TypeError);
    assertThrows(() => gt.tensor([1], {shape: [1]}), TypeError);
    assertThrows(() => gt.tensor(new DataView(new ArrayBuffer(4))), TypeError);
    assertThrowsGError(() => gt.tensor([1], {device: 'gpu'}), Gt.Error, Gt.Error.DEVICE);
    assertThrowsGError(() => gt.tensor([1], {dtype: 'complex64'}), Gt.Error, Gt.Error.DTYPE);
    assertThrowsGError(() => gt.tensor([1], {dtype: 'int64', requiresGrad: true}),
        Gt.Error, Gt.Error.DTYPE);
});

test('/gjs/helpers/to-float32-array', () => {
    const f = gt.toFloat32Array(Gt.arange(0, 4, 1, DType.INT64, null));
    assert(f instanceof Float32Array, 'a Float32Array');
    assertDeepEqual(f, new Float32Array([0, 1, 2, 3]));

    // Rounds to float32 like torch's .float().
    const d = Gt.Tensor.new_from_doubles([0.1, 1 / 3], [2], DType.FLOAT64, null);
    assertDeepEqual(gt.toFloat32Array(d), new Float32Array([0.1, 1 / 3]));
    assertDeepEqual(gt.toFloat32Array(Gt.zeros([0], DType.FLOAT32, null)), new Float32Array(0));

    // float16/bfloat16 have no typed array: toTypedArray gives float32.
    const h = Gt.Tensor.new_from_doubles([1.5, -0.25], [2], DType.FLOAT16, null);
    assertDeepEqual(gt.toTypedArray(h), new Float32Array([1.5, -0.25]));
    assertDeepEqual(gt.toTypedArray(Gt.ones([2], DType.BOOL, null)), new Uint8Array([1, 1]));

    // The bytes are copied: later writes to the tensor do not show.
    const t = Gt.ones([3], DType.FLOAT32, null);
    const before = gt.toFloat32Array(t);
    t.fill_(7);
    assertDeepEqual(before, new Float32Array([1, 1, 1]));
    assertDeepEqual(gt.toFloat32Array(t), new Float32Array([7, 7, 7]));
});

test('/gjs/helpers/to-nested', () => {
    assertDeepEqual(gt.toNested(Gt.eye(2, 3, DType.FLOAT32, null)), [[1, 0, 0], [0, 1, 0]]);
    assertDeepEqual(gt.toNested(Gt.arange(0, 6, 1, DType.INT64, null)), [0, 1, 2, 3, 4, 5]);
    assertEqual(gt.toNested(Gt.full([], 2.5, DType.FLOAT64, null)), 2.5);
    assertDeepEqual(gt.toNested(Gt.zeros([2, 0], DType.FLOAT32, null)), [[], []]);
    assertDeepEqual(gt.toNested(gt.tensor([[true], [false]])), [[true], [false]]);

    const nested = [[[1, -2], [3.5, 4]], [[5, 6], [7, 8.25]]];
    assertDeepEqual(gt.toNested(gt.tensor(nested, {dtype: DType.FLOAT64})), nested);

    const big = 2n ** 62n + 5n;
    const i = gt.tensor([[big], [-1n]]);
    assertDeepEqual(gt.toNested(i, {bigint: true}), [[big], [-1n]]);
    assertEqual(typeof gt.toNested(i)[1][0], 'number');
    assertEqual(gt.toNested(i)[1][0], -1);

    // Round trip through a torch-like random tensor.
    Gt.manual_seed(0);
    const r = Gt.rand([3, 4], DType.FLOAT32, null);
    const values = gt.toNested(r);
    assertEqual(values.length, 3);
    assertEqual(values[2].length, 4);
    assertDeepEqual(gt.tensor(values).to_doubles(), r.to_doubles());
});

test('/gjs/helpers/dtype-device', () => {
    assertEqual(gt.toDType('float16'), DType.FLOAT16);
    assertEqual(gt.toDType(DType.BOOL), DType.BOOL);
    assertEqual(gt.toDevice(null), null);
    assertEqual(gt.toDevice('cuda:2').to_string(), 'cuda:2');
    const dev = Gt.Device.new(Gt.DeviceType.CPU, 0);
    assertEqual(gt.toDevice(dev), dev);
    assert(GLib.Bytes !== undefined, 'GLib imported');
});

test('/gjs/helpers/no-grad', () => {
    const w = gt.tensor([1, 2, 3], {dtype: DType.FLOAT64});
    w.set_requires_grad(true);
    assert(Gt.is_grad_enabled(), 'grad mode on to begin with');
    assert(w.mul(w).get_requires_grad(), 'recorded outside noGrad');

    const [y, z] = gt.noGrad(() => {
        assert(!Gt.is_grad_enabled(), 'grad mode off inside');
        return [w.mul(w), w.exp()];
    });
    assertEqual(y.get_requires_grad(), false);
    assertEqual(z.get_requires_grad(), false);
    assertEqual(y.get_grad_fn_name(), null);
    assertDeepEqual(y.to_doubles(), [1, 4, 9]);
    assert(Gt.is_grad_enabled(), 'grad mode restored');

    // Restored even when the callback throws.
    assertThrows(() => gt.noGrad(() => {
        throw new Error('inside noGrad');
    }));
    assert(Gt.is_grad_enabled(), 'grad mode restored after a throw');

    // Nested inside a disabled region, the disabled mode comes back.
    Gt.set_grad_enabled(false);
    try {
        assertEqual(gt.noGrad(() => 42), 42);
        assert(!Gt.is_grad_enabled(), 'the previous mode (off) restored');
    } finally {
        Gt.set_grad_enabled(true);
    }
    assert(w.mul(w).get_requires_grad(), 'recording again afterwards');
});

run();

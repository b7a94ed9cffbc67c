// test-tensor.js: the Gt API as GJS sees it through the typelib.
// Run: gjs -m test-tensor.js (with GI_TYPELIB_PATH/LD_LIBRARY_PATH at the
// build tree, as meson test sets them). Prints TAP; exits 1 on failure.
//
// Every function that takes or returns an array is called at least once:
// gint64 arrays come back as arrays of numbers, GBytes as GLib.Bytes.

import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';

import {
    assert, assertDeepEqual, assertEqual, assertThrows, assertThrowsGError, run, test,
} from './harness.js';

const {DType} = Gt;

test('/gjs/tensor/create', () => {
    const z = Gt.zeros([2, 3], DType.FLOAT32, null);
    assertDeepEqual(z.get_shape(), [2, 3], 'shape');
    assertEqual(z.dtype, DType.FLOAT32);
    assertEqual(z.ndim, 2);
    assertEqual(z.numel, 6);
    assertEqual(z.to_string(), 'tensor([[0., 0., 0.],\n        [0., 0., 0.]])');
    assertDeepEqual(z.to_doubles(), [0, 0, 0, 0, 0, 0]);

    assertEqual(Gt.ones([2], DType.FLOAT64, null).to_string(),
        'tensor([1., 1.], dtype=torch.float64)');

    const f = Gt.full([2, 2], 7, DType.INT32, null);
    assertEqual(f.to_string(), 'tensor([[7, 7],\n        [7, 7]], dtype=torch.int32)');
    assertDeepEqual(f.to_int64s(), [7, 7, 7, 7]);

    const e = Gt.empty([4, 1], DType.INT32, null);
    assertDeepEqual(e.get_shape(), [4, 1]);
    assertEqual(e.dtype, DType.INT32);

    // An empty shape array is a scalar.
    const s = Gt.full([], 3.5, DType.FLOAT32, null);
    assertDeepEqual(s.get_shape(), []);
    assertEqual(s.ndim, 0);
    assertEqual(s.numel, 1);
    assertEqual(s.to_string(), 'tensor(3.5000)');
    assertEqual(s.item(), 3.5);

    const a = Gt.arange(0, 10, 3, DType.INT64, null);
    assertEqual(a.to_string(), 'tensor([0, 3, 6, 9])');
    assertDeepEqual(a.to_int64s(), [0, 3, 6, 9]);
    assertEqual(Gt.arange(0, 1, 0.25, DType.FLOAT64, null).to_string(),
        'tensor([0.0000, 0.2500, 0.5000, 0.7500], dtype=torch.float64)');

    const l = Gt.linspace(-1, 1, 5, DType.FLOAT32, null);
    assertEqual(l.to_string(), 'tensor([-1.0000, -0.5000,  0.0000,  0.5000,  1.0000])');
    assertDeepEqual(l.to_doubles(), [-1, -0.5, 0, 0.5, 1]);

    const i = Gt.eye(2, 3, DType.INT64, null);
    assertEqual(i.to_string(), 'tensor([[1, 0, 0],\n        [0, 1, 0]])');
    assertDeepEqual(i.to_int64s(), [1, 0, 0, 0, 1, 0]);

    // A zero-element tensor reads back as empty arrays.
    const n = Gt.zeros([0, 3], DType.FLOAT32, null);
    assertEqual(n.numel, 0);
    assertEqual(n.to_doubles().length, 0);
    assertEqual(n.to_int64s().length, 0);
    assertEqual(n.to_bytes().get_size(), 0);
    assertEqual(n.to_string(), 'tensor([], size=(0, 3))');
});

test('/gjs/tensor/like', () => {
    const o = Gt.ones([2, 3], DType.FLOAT64, null);
    const z = Gt.zeros_like(o);
    assertDeepEqual(z.get_shape(), [2, 3]);
    assertEqual(z.dtype, DType.FLOAT64);
    assertDeepEqual(z.to_doubles(), [0, 0, 0, 0, 0, 0]);
    assertDeepEqual(Gt.ones_like(z).to_doubles(), [1, 1, 1, 1, 1, 1]);
    assertDeepEqual(Gt.full_like(o, -1.25).to_doubles(), Array(6).fill(-1.25));
    assertDeepEqual(Gt.empty_like(o).get_shape(), [2, 3]);

    Gt.manual_seed(3);
    for (const v of Gt.rand_like(o).to_doubles())
        assert(v >= 0 && v < 1, `rand_like value ${v} out of [0, 1)`);
    assertEqual(Gt.randn_like(o).dtype, DType.FLOAT64);
    for (const v of Gt.randint_like(o, 3, 5).to_doubles())
        assert(v === 3 || v === 4, `randint_like value ${v} out of [3, 5)`);
});

test('/gjs/tensor/from-data', () => {
    const d = Gt.Tensor.new_from_doubles([1.5, 2.5, -3, 4], [2, 2], DType.FLOAT64, null);
    assertDeepEqual(d.get_shape(), [2, 2]);
    assertEqual(d.to_string(),
        'tensor([[ 1.5000,  2.5000],\n        [-3.0000,  4.0000]], dtype=torch.float64)');
    assertDeepEqual(d.to_doubles(), [1.5, 2.5, -3, 4]);
    assertDeepEqual(d.to_int64s(), [1, 2, -3, 4]);

    const i = Gt.Tensor.new_from_int64s([5, -7, 0], [3], DType.INT64, null);
    assertDeepEqual(i.to_int64s(), [5, -7, 0]);
    assertEqual(i.to_string(), 'tensor([ 5, -7,  0])');

    // gint64 arguments take BigInts too; beyond 2^53 only the bytes are exact
    // in JS (to_int64s() gives numbers).
    const big = 2n ** 62n + 1n;
    const b = Gt.Tensor.new_from_int64s([big, -1n], [2], DType.INT64, null);
    const raw = new Uint8Array(b.to_bytes().toArray());
    assertDeepEqual(new BigInt64Array(raw.buffer), new BigInt64Array([big, -1n]));

    const one = Gt.Tensor.new_from_int64s([42], [], DType.INT64, null);
    assertEqual(one.item_int64(), 42);
    assertEqual(one.item(), 42);

    assertEqual(Gt.Tensor.new_from_int64s([1, 0], [1, 2], DType.BOOL, null).to_string(),
        'tensor([[ True, False]])');
    const sc = Gt.Tensor.new_from_doubles([3], [], DType.FLOAT32, null);
    assertEqual(sc.ndim, 0);
    assertEqual(sc.to_string(), 'tensor(3.)');

    // GLib.Bytes in, GLib.Bytes out.
    const u8 = new Uint8Array([1, 2, 3, 250]);
    const u = Gt.Tensor.new_from_bytes(new GLib.Bytes(u8), [2, 2], DType.UINT8, null);
    assertEqual(u.to_string(), 'tensor([[  1,   2],\n        [  3, 250]], dtype=torch.uint8)');
    assertDeepEqual(u.to_bytes().toArray(), u8);

    const floats = new Float32Array([1.5, -2, 0.25]);
    const fb = new GLib.Bytes(new Uint8Array(floats.buffer));
    const f = Gt.Tensor.new_from_bytes(fb, [3], DType.FLOAT32, null);
    assertDeepEqual(f.to_doubles(), [1.5, -2, 0.25]);
    const back = f.to_bytes();
    assert(back instanceof GLib.Bytes, 'to_bytes gives a GLib.Bytes');
    assertEqual(back.get_size(), 12);
    assertDeepEqual(new Float32Array(new Uint8Array(back.toArray()).buffer), floats);
});

test('/gjs/tensor/metadata', () => {
    const t = Gt.zeros([2, 3, 4], DType.FLOAT32, null);
    assertDeepEqual(t.get_shape(), [2, 3, 4]);
    assertDeepEqual(t.get_strides(), [12, 4, 1]);
    assertEqual(t.get_size(-1), 4);
    assertEqual(t.get_size(0), 2);
    assertEqual(t.get_stride(1), 4);
    assertEqual(t.get_element_size(), 4);
    assertEqual(t.get_storage_offset(), 0);
    assertEqual(t.storage_offset, 0);
    assert(t.is_contiguous(), 'contiguous');
    assert(t.is_floating_point(), 'floating point');
    assertEqual(t.get_ndim(), 3);
    assertEqual(t.get_numel(), 24);
    assertEqual(t.get_dtype(), DType.FLOAT32);
    assertEqual(t.requires_grad, false);
    assertEqual(t.requiresGrad, false);
    assertEqual(t.grad, null);
    assertEqual(t.get_grad(), null);
    assert(!Gt.ones([2], DType.INT64, null).is_floating_point(), 'int64 is not floating');
    assertEqual(t.device.get_device_type(), Gt.DeviceType.CPU);
    assertEqual(t.get_device().to_string(), 'cpu');

    assertThrowsGError(() => t.get_size(3), Gt.Error, Gt.Error.INDEX);
    assertThrowsGError(() => t.get_stride(-4), Gt.Error, Gt.Error.INDEX);
});

test('/gjs/tensor/requires-grad', () => {
    const t = Gt.ones([2], DType.FLOAT32, null);
    t.requires_grad = true;
    assertEqual(t.requires_grad, true);
    assertEqual(t.get_requires_grad(), true);
    assertEqual(t.to_string(), 'tensor([1., 1.], requires_grad=True)');
    t.set_requires_grad(false);
    assertEqual(t.requires_grad, false);

    const g = Gt.full([2], 0.5, DType.FLOAT32, null);
    t.set_grad(g);
    assertEqual(t.grad, g);
    assertEqual(t.get_grad(), g);
    t.grad = null;
    assertEqual(t.grad, null);

    assertThrowsGError(() => Gt.ones([2], DType.INT64, null).set_requires_grad(true),
        Gt.Error, Gt.Error.DTYPE);
    assertThrowsGError(() => t.set_grad(Gt.zeros([3], DType.FLOAT32, null)),
        Gt.Error, Gt.Error.SHAPE);
});

test('/gjs/tensor/convert-copy', () => {
    const a = Gt.arange(0, 10, 3, DType.INT64, null);
    const f = a.to_dtype(DType.FLOAT32);
    assertEqual(f.dtype, DType.FLOAT32);
    assertEqual(f.to_string(), 'tensor([0., 3., 6., 9.])');
    const h = Gt.Tensor.new_from_doubles([1.5, 2.5], [2], DType.FLOAT32, null)
        .to_dtype(DType.FLOAT16);
    assertEqual(h.to_string(), 'tensor([1.5000, 2.5000], dtype=torch.float16)');
    assertEqual(h.to_bytes().get_size(), 4);
    assertDeepEqual(Gt.Tensor.new_from_doubles([-1.7, 2.9], [2], DType.FLOAT64, null)
        .to_dtype(DType.INT32).to_int64s(), [-1, 2]);

    const t = Gt.zeros([2, 3], DType.FLOAT32, null);
    const c = t.clone();
    c.fill_(2);
    assertDeepEqual(c.to_doubles(), [2, 2, 2, 2, 2, 2]);
    assertDeepEqual(t.to_doubles(), [0, 0, 0, 0, 0, 0]);
    c.zero_();
    assertDeepEqual(c.to_doubles(), [0, 0, 0, 0, 0, 0]);

    // copy_ broadcasts its source.
    t.copy_(Gt.Tensor.new_from_doubles([1, 2, 3], [3], DType.FLOAT64, null));
    assertDeepEqual(t.to_doubles(), [1, 2, 3, 1, 2, 3]);
    assert(t.contiguous().is_contiguous(), 'contiguous()');

    const cpu = Gt.Device.new(Gt.DeviceType.CPU, -1);
    assertDeepEqual(t.to_device(cpu).to_doubles(), [1, 2, 3, 1, 2, 3]);
    assert(t.to_device(null).device.equal(cpu), 'to_device(null) stays on the CPU');
});

test('/gjs/tensor/random', () => {
    // torch.manual_seed(42) gives these same values.
    Gt.manual_seed(42);
    assertEqual(Gt.initial_seed(), 42);
    assertEqual(Gt.rand([3], DType.FLOAT32, null).to_string(), 'tensor([0.8823, 0.9150, 0.3829])');
    Gt.manual_seed(42);
    assertEqual(Gt.randn([3], DType.FLOAT32, null).to_string(), 'tensor([0.3367, 0.1288, 0.2345])');
    Gt.manual_seed(42);
    assertEqual(Gt.randint(0, 10, [5], DType.INT64, null).to_string(), 'tensor([2, 7, 6, 4, 6])');

    // The same seed repeats a whole sequence of calls.
    const draw = () => [
        Gt.rand([4, 5], DType.FLOAT64, null).to_doubles(),
        Gt.randn([7], DType.FLOAT32, null).to_doubles(),
        Gt.randint(-3, 3, [2, 2], DType.INT64, null).to_int64s(),
    ];
    Gt.manual_seed(1234);
    const first = draw();
    Gt.manual_seed(1234);
    const second = draw();
    assertDeepEqual(second, first, 'same seed, same values');
    for (const v of first[2])
        assert(v >= -3 && v < 3, `randint value ${v} out of [-3, 3)`);

    const u = Gt.zeros([1000], DType.FLOAT32, null);
    u.uniform_(2, 3);
    for (const v of u.to_doubles())
        assert(v >= 2 && v < 3, `uniform_ value ${v} out of [2, 3)`);
    u.normal_(10, 0.1);
    const values = u.to_doubles();
    const mean = values.reduce((x, y) => x + y, 0) / values.length;
    assert(Math.abs(mean - 10) < 0.05, `normal_ mean ${mean}`);

    // Gt.seed() is left out: it returns a random guint64, which a JS number
    // cannot hold exactly (GJS warns and rounds); the Vala suite checks it.
});

test('/gjs/tensor/dtype-device', () => {
    assertEqual(DType.from_name('float64'), DType.FLOAT64);
    assertEqual(DType.from_name('torch.long'), DType.INT64);
    assertEqual(DType.get_name(DType.INT64), 'int64');
    assertEqual(DType.get_element_size(DType.BFLOAT16), 2);
    assert(DType.is_floating_point(DType.FLOAT16), 'float16 is floating');
    assert(!DType.is_signed(DType.UINT8), 'uint8 is unsigned');
    assert(DType.is_valid(DType.BOOL), 'bool is valid');
    assertEqual(DType.promote_types(DType.INT32, DType.FLOAT32), DType.FLOAT32);

    const cpu = Gt.Device.new_from_string('cpu');
    assertEqual(cpu.get_device_type(), Gt.DeviceType.CPU);
    assertEqual(cpu.get_index(), -1);
    assertEqual(cpu.to_string(), 'cpu');
    const cuda1 = Gt.Device.new_from_string('cuda:1');
    assertEqual(cuda1.get_device_type(), Gt.DeviceType.CUDA);
    assertEqual(cuda1.get_index(), 1);
    assertEqual(cuda1.to_string(), 'cuda:1');
    const copy = cuda1.copy();
    assert(copy.equal(cuda1), 'copy equals');
    assert(!copy.equal(cpu), 'cuda:1 is not cpu');
    assert(Gt.Device.new(Gt.DeviceType.CUDA, 1).equal(cuda1), 'Device.new');

    // This machine and build have no CUDA.
    assertEqual(Gt.cuda_is_available(), false);
    assertEqual(Gt.cuda_device_count(), 0);
    assertThrowsGError(() => Gt.zeros([2], DType.FLOAT32, cuda1),
        Gt.Error, Gt.Error.DEVICE_UNAVAILABLE);
});

test('/gjs/tensor/errors', () => {
    const e = assertThrowsGError(() => Gt.zeros([-1], DType.FLOAT32, null),
        Gt.Error, Gt.Error.SHAPE);
    assertEqual(e.domain, Gt.Error.quark());
    assertEqual(e.code, Gt.Error.SHAPE);
    assert(e.message.includes('gt_zeros'), `message names the op: ${e.message}`);

    assertThrowsGError(() => Gt.Device.new_from_string('bogus'), Gt.Error, Gt.Error.DEVICE);
    assertThrowsGError(() => Gt.Device.new(Gt.DeviceType.CUDA, -5), Gt.Error, Gt.Error.DEVICE);
    const before = Gt.get_num_threads();
    assertThrowsGError(() => Gt.set_num_threads(0), Gt.Error, Gt.Error.VALUE);
    assertEqual(Gt.get_num_threads(), before);
    assertThrowsGError(() => DType.from_name('complex128'), Gt.Error, Gt.Error.DTYPE);
    assertThrowsGError(() => Gt.arange(0, 1, 0, DType.FLOAT32, null), Gt.Error, Gt.Error.VALUE);
    assertThrowsGError(() => Gt.ones([6], DType.FLOAT32, null).item(), Gt.Error, Gt.Error.VALUE);
    assertThrowsGError(() => Gt.ones([6], DType.INT64, null).item_int64(),
        Gt.Error, Gt.Error.VALUE);
    assertThrowsGError(() => Gt.Tensor.new_from_doubles([1, 2, 3], [2], DType.FLOAT32, null),
        Gt.Error, Gt.Error.SHAPE);
    assertThrowsGError(() => Gt.Tensor.new_from_int64s([1, 2], [3], DType.INT64, null),
        Gt.Error, Gt.Error.SHAPE);
    assertThrowsGError(() => Gt.Tensor.new_from_bytes(new GLib.Bytes(new Uint8Array(3)), [1],
        DType.FLOAT32, null), Gt.Error, Gt.Error.SHAPE);
    assertThrowsGError(() => Gt.randint(5, 5, [2], DType.INT64, null), Gt.Error, Gt.Error.VALUE);
    assertThrowsGError(() => Gt.linspace(0, 1, -1, DType.FLOAT32, null), Gt.Error, Gt.Error.VALUE);
    assertThrowsGError(() => Gt.eye(-1, 2, DType.FLOAT32, null), Gt.Error, Gt.Error.SHAPE);

    // GJS itself refuses a number outside the enum, before C sees it.
    assertThrows(() => Gt.zeros([2], 99, null), Error);
});

run();

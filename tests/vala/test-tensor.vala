/* test-tensor.vala: the Gt API as Vala sees it through gtensor-1.0.vapi.
 *
 * Each test checks that a binding-visible signature reads naturally
 * (arrays with lengths, Gt.Error exceptions, non-null results, properties)
 * and that the values that come back are right. Every function that takes
 * or returns an array is called at least once.
 */

using Gt;

/* An unexpected Gt.Error fails the test with its message. */
delegate void Body () throws Gt.Error;

static void run_body (Body body) {
    try {
        body ();
    } catch (Gt.Error e) {
        GLib.error ("unexpected Gt.Error %d: %s", e.code, e.message);
    }
}

static void assert_shape (Tensor t, int64[] expected) {
    unowned int64[] shape = t.get_shape ();
    if (shape.length != expected.length) {
        GLib.error ("shape has %d dims, expected %d", shape.length, expected.length);
    }
    for (var i = 0; i < expected.length; i++) {
        if (shape[i] != expected[i]) {
            GLib.error ("shape[%d] = %" + int64.FORMAT + ", expected %" + int64.FORMAT,
                        i, shape[i], expected[i]);
        }
    }
    assert_cmpuint (t.ndim, CompareOperator.EQ, expected.length);
}

static void assert_doubles (double[] got, double[] expected, double eps = 0.0) {
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (!(Math.fabs (got[i] - expected[i]) <= eps)) {
            GLib.error ("value[%d] = %.17g, expected %.17g", i, got[i], expected[i]);
        }
    }
}

static void assert_int64s (int64[] got, int64[] expected) {
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (got[i] != expected[i]) {
            GLib.error ("value[%d] = %" + int64.FORMAT + ", expected %" + int64.FORMAT,
                        i, got[i], expected[i]);
        }
    }
}

static void test_create () {
    run_body (() => {
        var z = Gt.zeros ({2, 3}, DType.FLOAT32, null);
        assert_shape (z, {2, 3});
        assert (z.dtype == DType.FLOAT32);
        assert (z.numel == 6);
        assert_cmpstr (z.to_string (), CompareOperator.EQ,
                       "tensor([[0., 0., 0.],\n        [0., 0., 0.]])");
        assert_doubles (z.to_doubles (), {0, 0, 0, 0, 0, 0});

        var o = Gt.ones ({2}, DType.FLOAT64, null);
        assert_cmpstr (o.to_string (), CompareOperator.EQ,
                       "tensor([1., 1.], dtype=torch.float64)");

        var f = Gt.full ({2, 2}, 7, DType.INT32, null);
        assert_cmpstr (f.to_string (), CompareOperator.EQ,
                       "tensor([[7, 7],\n        [7, 7]], dtype=torch.int32)");
        assert_int64s (f.to_int64s (), {7, 7, 7, 7});

        var e = Gt.empty ({4, 1}, DType.INT32, null);
        assert_shape (e, {4, 1});
        assert (e.dtype == DType.INT32);

        /* The empty array is a scalar shape. */
        var s = Gt.full ({}, 3.5, DType.FLOAT32, null);
        assert_shape (s, {});
        assert (s.numel == 1);
        assert_cmpstr (s.to_string (), CompareOperator.EQ, "tensor(3.5000)");
        assert_cmpfloat (s.item (), CompareOperator.EQ, 3.5);

        var a = Gt.arange (0, 10, 3, DType.INT64, null);
        assert_cmpstr (a.to_string (), CompareOperator.EQ, "tensor([0, 3, 6, 9])");
        assert_int64s (a.to_int64s (), {0, 3, 6, 9});
        var af = Gt.arange (0, 1, 0.25, DType.FLOAT64, null);
        assert_cmpstr (af.to_string (), CompareOperator.EQ,
                       "tensor([0.0000, 0.2500, 0.5000, 0.7500], dtype=torch.float64)");

        var l = Gt.linspace (-1, 1, 5, DType.FLOAT32, null);
        assert_cmpstr (l.to_string (), CompareOperator.EQ,
                       "tensor([-1.0000, -0.5000,  0.0000,  0.5000,  1.0000])");
        assert_doubles (l.to_doubles (), {-1, -0.5, 0, 0.5, 1});

        var i = Gt.eye (2, 3, DType.INT64, null);
        assert_cmpstr (i.to_string (), CompareOperator.EQ,
                       "tensor([[1, 0, 0],\n        [0, 1, 0]])");
        assert_int64s (i.to_int64s (), {1, 0, 0, 0, 1, 0});

        /* A zero-element tensor reads back as empty arrays. */
        var n = Gt.zeros ({0, 3}, DType.FLOAT32, null);
        assert (n.numel == 0);
        assert_cmpint (n.to_doubles ().length, CompareOperator.EQ, 0);
        assert_cmpint (n.to_int64s ().length, CompareOperator.EQ, 0);
        assert_cmpuint ((uint) n.to_bytes ().get_size (), CompareOperator.EQ, 0);
    });
}

static void test_like () {
    run_body (() => {
        var o = Gt.ones ({2, 3}, DType.FLOAT64, null);

        var z = Gt.zeros_like (o);
        assert_shape (z, {2, 3});
        assert (z.dtype == DType.FLOAT64);
        assert_doubles (z.to_doubles (), {0, 0, 0, 0, 0, 0});
        assert_doubles (Gt.ones_like (z).to_doubles (), {1, 1, 1, 1, 1, 1});
        assert_doubles (Gt.full_like (o, -1.25).to_doubles (),
                        {-1.25, -1.25, -1.25, -1.25, -1.25, -1.25});
        assert_shape (Gt.empty_like (o), {2, 3});

        Gt.manual_seed (3);
        var r = Gt.rand_like (o);
        assert_shape (r, {2, 3});
        foreach (var v in r.to_doubles ()) {
            assert (v >= 0 && v < 1);
        }
        assert (Gt.randn_like (o).dtype == DType.FLOAT64);
        foreach (var v in Gt.randint_like (o, 3, 5).to_doubles ()) {
            assert (v == 3 || v == 4);
        }
    });
}

static void test_from_data () {
    run_body (() => {
        var d = new Tensor.from_doubles ({1.5, 2.5, -3, 4}, {2, 2}, DType.FLOAT64, null);
        assert_shape (d, {2, 2});
        assert_cmpstr (d.to_string (), CompareOperator.EQ,
                       "tensor([[ 1.5000,  2.5000],\n        [-3.0000,  4.0000]], dtype=torch.float64)");
        assert_doubles (d.to_doubles (), {1.5, 2.5, -3, 4});
        assert_int64s (d.to_int64s (), {1, 2, -3, 4});

        /* int64 values survive exactly, beyond a double's 53 bits. */
        int64 big = (int64) 1 << 62;
        var i = new Tensor.from_int64s ({big + 1, -7, 0}, {3}, DType.INT64, null);
        assert_int64s (i.to_int64s (), {big + 1, -7, 0});
        var one = new Tensor.from_int64s ({big + 3}, {}, DType.INT64, null);
        assert (one.item_int64 () == big + 3);

        var bools = new Tensor.from_int64s ({1, 0}, {1, 2}, DType.BOOL, null);
        assert_cmpstr (bools.to_string (), CompareOperator.EQ, "tensor([[ True, False]])");

        /* A scalar from one value and an empty shape. */
        var s = new Tensor.from_doubles ({3}, {}, DType.FLOAT32, null);
        assert_cmpuint (s.ndim, CompareOperator.EQ, 0);
        assert_cmpstr (s.to_string (), CompareOperator.EQ, "tensor(3.)");

        /* Raw bytes in and out. */
        uint8[] raw = {1, 2, 3, 250};
        var u = new Tensor.from_bytes (new Bytes (raw), {2, 2}, DType.UINT8, null);
        assert_cmpstr (u.to_string (), CompareOperator.EQ,
                       "tensor([[  1,   2],\n        [  3, 250]], dtype=torch.uint8)");
        assert_cmpmem (u.to_bytes ().get_data (), raw);

        float[] floats = {1.5f, -2.0f, 0.25f};
        var fraw = new uint8[floats.length * sizeof (float)];
        Memory.copy (fraw, floats, fraw.length);
        var f = new Tensor.from_bytes (new Bytes (fraw), {3}, DType.FLOAT32, null);
        assert_doubles (f.to_doubles (), {1.5, -2, 0.25});
        var back = f.to_bytes ();
        assert_cmpuint ((uint) back.get_size (), CompareOperator.EQ, 12);
        assert_cmpmem (back.get_data (), fraw);
    });
}

static void test_metadata () {
    run_body (() => {
        var t = Gt.zeros ({2, 3, 4}, DType.FLOAT32, null);
        assert_shape (t, {2, 3, 4});
        unowned int64[] strides = t.get_strides ();
        assert_int64s (strides, {12, 4, 1});
        assert (t.get_size (-1) == 4);
        assert (t.get_size (0) == 2);
        assert (t.get_stride (1) == 4);
        assert (t.get_element_size () == 4);
        assert (t.get_storage_offset () == 0);
        assert (t.storage_offset == 0);
        assert (t.is_contiguous ());
        assert (t.is_floating_point ());
        assert (t.ndim == 3);
        assert (t.get_ndim () == 3);
        assert (t.numel == 24);
        assert (t.get_numel () == 24);
        assert (t.dtype == DType.FLOAT32);
        assert (t.get_dtype () == DType.FLOAT32);
        assert (!t.requires_grad);
        assert (t.grad == null);
        assert (t.get_grad () == null);
        assert (!Gt.ones ({2}, DType.INT64, null).is_floating_point ());

        assert (t.device.get_device_type () == DeviceType.CPU);
        assert_cmpstr (t.get_device ().to_string (), CompareOperator.EQ, "cpu");

        try {
            t.get_size (3);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.INDEX);
        }
        try {
            t.get_stride (-4);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.INDEX);
        }
    });
}

static void test_requires_grad () {
    run_body (() => {
        var t = Gt.ones ({2}, DType.FLOAT32, null);
        t.requires_grad = true;
        assert (t.requires_grad);
        assert (t.get_requires_grad ());
        assert_cmpstr (t.to_string (), CompareOperator.EQ,
                       "tensor([1., 1.], requires_grad=True)");
        t.set_requires_grad (false);
        assert (!t.requires_grad);

        var g = Gt.full ({2}, 0.5, DType.FLOAT32, null);
        t.set_grad (g);
        assert (t.grad == g);
        assert (t.get_grad () == g);
        t.grad = null;
        assert (t.grad == null);

        /* Only floating-point tensors can require gradients. */
        try {
            Gt.ones ({2}, DType.INT64, null).set_requires_grad (true);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.DTYPE);
        }
        /* A gradient must match the tensor's shape. */
        try {
            t.set_grad (Gt.zeros ({3}, DType.FLOAT32, null));
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.SHAPE);
        }
    });
}

static void test_convert_copy () {
    run_body (() => {
        var a = Gt.arange (0, 10, 3, DType.INT64, null);
        var f = a.to_dtype (DType.FLOAT32);
        assert (f.dtype == DType.FLOAT32);
        assert_cmpstr (f.to_string (), CompareOperator.EQ, "tensor([0., 3., 6., 9.])");
        var h = new Tensor.from_doubles ({1.5, 2.5}, {2}, DType.FLOAT32, null).to_dtype (DType.FLOAT16);
        assert_cmpstr (h.to_string (), CompareOperator.EQ,
                       "tensor([1.5000, 2.5000], dtype=torch.float16)");
        assert_cmpuint ((uint) h.to_bytes ().get_size (), CompareOperator.EQ, 4);
        assert_int64s (new Tensor.from_doubles ({-1.7, 2.9}, {2}, DType.FLOAT64, null)
                           .to_dtype (DType.INT32).to_int64s (), {-1, 2});

        var t = Gt.zeros ({2, 3}, DType.FLOAT32, null);
        var c = t.clone ();
        c.fill_ (2);
        assert_doubles (c.to_doubles (), {2, 2, 2, 2, 2, 2});
        assert_doubles (t.to_doubles (), {0, 0, 0, 0, 0, 0});
        c.zero_ ();
        assert_doubles (c.to_doubles (), {0, 0, 0, 0, 0, 0});

        /* copy_ broadcasts its source. */
        t.copy_ (new Tensor.from_doubles ({1, 2, 3}, {3}, DType.FLOAT64, null));
        assert_doubles (t.to_doubles (), {1, 2, 3, 1, 2, 3});
        assert (t.contiguous ().is_contiguous ());

        var cpu = new Device (DeviceType.CPU, -1);
        var moved = t.to_device (cpu);
        assert_doubles (moved.to_doubles (), {1, 2, 3, 1, 2, 3});
        assert (t.to_device (null).device.equal (cpu));
    });
}

static void test_random () {
    run_body (() => {
        /* torch.manual_seed (42) gives these same values. */
        Gt.manual_seed (42);
        assert (Gt.initial_seed () == 42);
        var r = Gt.rand ({3}, DType.FLOAT32, null);
        assert_cmpstr (r.to_string (), CompareOperator.EQ, "tensor([0.8823, 0.9150, 0.3829])");
        Gt.manual_seed (42);
        assert_cmpstr (Gt.randn ({3}, DType.FLOAT32, null).to_string (), CompareOperator.EQ,
                       "tensor([0.3367, 0.1288, 0.2345])");
        Gt.manual_seed (42);
        assert_cmpstr (Gt.randint (0, 10, {5}, DType.INT64, null).to_string (), CompareOperator.EQ,
                       "tensor([2, 7, 6, 4, 6])");

        /* The same seed repeats a whole sequence of calls. */
        Gt.manual_seed (1234);
        var a1 = Gt.rand ({4, 5}, DType.FLOAT64, null).to_doubles ();
        var b1 = Gt.randn ({7}, DType.FLOAT32, null).to_doubles ();
        var c1 = Gt.randint (-3, 3, {2, 2}, DType.INT64, null).to_int64s ();
        Gt.manual_seed (1234);
        var a2 = Gt.rand ({4, 5}, DType.FLOAT64, null).to_doubles ();
        var b2 = Gt.randn ({7}, DType.FLOAT32, null).to_doubles ();
        var c2 = Gt.randint (-3, 3, {2, 2}, DType.INT64, null).to_int64s ();
        assert_doubles (a2, a1);
        assert_doubles (b2, b1);
        assert_int64s (c2, c1);
        foreach (var v in c1) {
            assert (v >= -3 && v < 3);
        }

        var u = Gt.zeros ({1000}, DType.FLOAT32, null);
        u.uniform_ (2, 3);
        foreach (var v in u.to_doubles ()) {
            assert (v >= 2 && v < 3);
        }
        u.normal_ (10, 0.1);
        double sum = 0;
        foreach (var v in u.to_doubles ()) {
            sum += v;
        }
        assert_cmpfloat_with_epsilon (sum / 1000, 10, 0.05);

        /* seed () picks a fresh seed and reports it as the initial one. */
        var s = Gt.seed ();
        assert (Gt.initial_seed () == s);
    });
}

static void test_dtype_device () {
    run_body (() => {
        assert (DType.from_name ("float64") == DType.FLOAT64);
        assert (DType.from_name ("torch.long") == DType.INT64);
        assert_cmpstr (DType.INT64.get_name (), CompareOperator.EQ, "int64");
        assert (DType.BFLOAT16.get_element_size () == 2);
        assert (DType.FLOAT16.is_floating_point ());
        assert (!DType.UINT8.is_signed ());
        assert (DType.BOOL.is_valid ());
        assert (!((DType) 99).is_valid ());
        assert (DType.INT32.promote_types (DType.FLOAT32) == DType.FLOAT32);

        var cpu = new Device.from_string ("cpu");
        assert (cpu.get_device_type () == DeviceType.CPU);
        assert (cpu.get_index () == -1);
        assert_cmpstr (cpu.to_string (), CompareOperator.EQ, "cpu");
        var cuda1 = new Device.from_string ("cuda:1");
        assert (cuda1.get_device_type () == DeviceType.CUDA);
        assert (cuda1.get_index () == 1);
        assert_cmpstr (cuda1.to_string (), CompareOperator.EQ, "cuda:1");
        var copy = cuda1.copy ();
        assert (copy.equal (cuda1));
        assert (!copy.equal (cpu));
        assert (new Device (DeviceType.CUDA, 1).equal (cuda1));

        /* This machine and build have no CUDA. */
        assert (!Gt.cuda_is_available ());
        assert (Gt.cuda_device_count () == 0);
        try {
            Gt.zeros ({2}, DType.FLOAT32, cuda1);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.DEVICE_UNAVAILABLE);
        }
    });
}

static void test_errors () {
    try {
        Gt.zeros ({-1}, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.SHAPE);
        assert (e.domain == Gt.Error.quark ());
        assert (e.message.contains ("gt_zeros"));
    }

    try {
        new Device.from_string ("bogus");
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.DEVICE);
    }

    try {
        new Device (DeviceType.CUDA, -5);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.DEVICE);
        assert (e.message.contains ("gt_device_new"));
    }

    var threads = Gt.get_num_threads ();
    try {
        Gt.set_num_threads (0);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.VALUE);
        assert (e.message.contains ("gt_set_num_threads"));
    }
    assert (Gt.get_num_threads () == threads);

    try {
        DType.from_name ("complex128");
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.DTYPE);
    }

    try {
        Gt.arange (0, 1, 0, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.VALUE);
    }

    try {
        Gt.ones ({6}, DType.FLOAT32, null).item ();
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.VALUE);
    }

    try {
        new Tensor.from_doubles ({1, 2, 3}, {2}, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.SHAPE);
    }

    try {
        new Tensor.from_int64s ({1, 2}, {3}, DType.INT64, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.SHAPE);
    }

    try {
        uint8[] three = {1, 2, 3};
        new Tensor.from_bytes (new Bytes (three), {1}, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.SHAPE);
    }

    try {
        Gt.randint (5, 5, {2}, DType.INT64, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.VALUE);
    }

    /* A value outside the enum, as C could pass it. */
    try {
        Gt.zeros ({2}, (DType) 99, null);
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.DTYPE);
    }

    /* The same errors caught as GLib.Error, by domain and code. */
    try {
        Gt.linspace (0, 1, -1, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (GLib.Error e) {
        assert (e.matches (Gt.Error.quark (), Gt.Error.VALUE));
    }
    try {
        Gt.eye (-1, 2, DType.FLOAT32, null);
        assert_not_reached ();
    } catch (GLib.Error e) {
        assert_error (e, Gt.Error.quark (), Gt.Error.SHAPE);
    }
}

int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/tensor/create", test_create);
    Test.add_func ("/vala/tensor/like", test_like);
    Test.add_func ("/vala/tensor/from-data", test_from_data);
    Test.add_func ("/vala/tensor/metadata", test_metadata);
    Test.add_func ("/vala/tensor/requires-grad", test_requires_grad);
    Test.add_func ("/vala/tensor/convert-copy", test_convert_copy);
    Test.add_func ("/vala/tensor/random", test_random);
    Test.add_func ("/vala/tensor/dtype-device", test_dtype_device);
    Test.add_func ("/vala/tensor/errors", test_errors);
    return Test.run ();
}

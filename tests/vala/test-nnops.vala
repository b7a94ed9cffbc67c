/* test-nnops.vala: the array-taking nn functions from Vala (sizes, strides,
 * paddings, normalised shapes, module arrays), with hand-computed values. */

using Gt;

delegate void Body () throws Gt.Error;

static void run_body (Body body) {
    try {
        body ();
    } catch (Gt.Error e) {
        GLib.error ("unexpected Gt.Error %d: %s", e.code, e.message);
    }
}

static void assert_values (Tensor t, double[] expected, double tol = 1e-12) throws Gt.Error {
    double[] got = t.to_doubles ();
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (Math.fabs (got[i] - expected[i]) > tol) {
            GLib.error ("value[%d] = %.17g, expected %.17g", i, got[i], expected[i]);
        }
    }
}

/* 1x1x4x4 input 0..15 */
static Tensor grid () throws Gt.Error {
    return arange (0, 16, 1, DType.FLOAT64, null).reshape ({1, 1, 4, 4});
}

static void test_conv2d_arrays () {
    run_body (() => {
        var w = ones ({1, 1, 2, 2}, DType.FLOAT64, null);
        assert_values (grid ().conv2d (w, null, {2}, {0}, {1}, 1), {10, 18, 42, 50});
        var z = grid ().conv2d (w, null, {1, 3}, {0, 1}, {1, 1}, 1);
        int64[] expected = {1, 1, 3, 2};
        var shape = z.get_shape ();
        for (var i = 0; i < 4; i++)
            assert (shape[i] == expected[i]);
        var same = grid ().conv2d_padding_mode (w, null, {1}, "same", {1}, 1);
        assert (same.get_shape ()[3] == 4);
        try {
            grid ().conv2d (w, null, {1, 1, 1}, {0}, {1}, 1);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert (e is Gt.Error.VALUE);
        }
    });
}

static void test_pools_arrays () {
    run_body (() => {
        Tensor indices;
        var values = grid ().max_pool2d ({2}, {}, {0}, {1}, false, out indices);
        assert_values (values, {5, 7, 13, 15});
        assert_values (indices, {5, 7, 13, 15});
        assert (indices.get_dtype () == DType.INT64);
        assert_values (grid ().avg_pool2d ({2, 2}, {2}, {0}, false, true, 0), {2.5, 4.5, 10.5, 12.5});
        assert_values (grid ().adaptive_avg_pool2d ({1}), {7.5});
    });
}

static void test_layer_norm_arrays () {
    run_body (() => {
        var x = new Tensor.from_doubles ({1, 2, 3, 2, 4, 6}, {2, 3}, DType.FLOAT64, null);
        var r = Math.sqrt (1.5);
        assert_values (x.layer_norm ({3}, null, null, 0), {-r, 0, r, -r, 0, r});
        var ln = new LayerNorm ({3});
        var shape = ((LayerNorm) ln).get_normalized_shape ();
        assert (shape.length == 1 && shape[0] == 3);
    });
}

static void test_sequential_from_array () {
    run_body (() => {
        Gt.Module[] layers = { new ReLU (), new Flatten (0, -1) };
        var seq = new Sequential.from_array (layers);
        assert (((Sequential) seq).get_length () == 2);
        var x = new Tensor.from_doubles ({-1, 2, 3, -4}, {2, 2}, DType.FLOAT64, null);
        assert_values (seq.forward (x), {0, 2, 3, 0});
        var lin = new Linear (3, 2, true);
        string[] names;
        var params = lin.named_parameters (true, out names);
        assert (names.length == 2 && names[0] == "weight" && names[1] == "bias");
        assert (params.length == 2 && params[0].get_shape ()[1] == 3);
    });
}

int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/nnops/conv2d-arrays", test_conv2d_arrays);
    Test.add_func ("/vala/nnops/pools-arrays", test_pools_arrays);
    Test.add_func ("/vala/nnops/layer-norm-arrays", test_layer_norm_arrays);
    Test.add_func ("/vala/nnops/sequential-from-array", test_sequential_from_array);
    return Test.run ();
}

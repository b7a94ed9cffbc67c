/* test-ops.vala: the ops that take or return arrays and lists, through
 * gtensor-1.0.vapi: int64[]/int[] arguments, GenericArray of tensors in and
 * out, out parameters for a second tensor, and autograd's lists. */

using Gt;

delegate void Body () throws Gt.Error;

static void run_body (Body body) {
    try {
        body ();
    } catch (Gt.Error e) {
        GLib.error ("unexpected Gt.Error %d: %s", e.code, e.message);
    }
}

static void assert_values (Tensor t, double[] expected) throws Gt.Error {
    double[] got = t.to_doubles ();
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (got[i] != expected[i]) {
            GLib.error ("value[%d] = %g, expected %g", i, got[i], expected[i]);
        }
    }
}

static void assert_shape (Tensor t, int64[] expected) {
    unowned int64[] shape = t.get_shape ();
    assert_cmpint (shape.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        assert (shape[i] == expected[i]);
    }
}

static Tensor matrix () throws Gt.Error {
    return Gt.arange (0, 6, 1, DType.FLOAT32, null).reshape ({2, 3});
}

static void test_shape_arrays () {
    run_body (() => {
        var x = matrix ();
        assert_shape (x.permute ({1, 0}), {3, 2});
        assert_values (x.permute ({1, 0}).contiguous (), {0, 3, 1, 4, 2, 5});
        assert_shape (x.unflatten (1, {3, 1}), {2, 3, 1});
        assert_shape (x.reshape ({3, -1}).expand ({2, 3, 2}), {2, 3, 2});
        assert_values (x.repeat ({1, 2}), {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5});
        assert_values (x.flip ({0, 1}), {5, 4, 3, 2, 1, 0});
    });
    try {
        matrix ().reshape ({4, -1});
        assert_not_reached ();
    } catch (Gt.Error e) {
        assert (e is Gt.Error.SHAPE);
    }
}

static void test_tensor_lists () {
    run_body (() => {
        var x = matrix ();
        var parts = x.chunk (3, 1);
        assert_cmpuint (parts.length, CompareOperator.EQ, 3);
        assert_values (parts[2], {2, 5});
        var sized = x.split_sizes ({1, 2}, 1);
        assert_shape (sized[0], {2, 1});
        assert_shape (sized[1], {2, 2});
        assert_cmpuint (x.split (2, 1).length, CompareOperator.EQ, 2);

        var rows = x.unbind (0);
        var list = new GenericArray<Tensor> ();
        for (var i = 0; i < rows.length; i++) {
            list.add (rows[i]);
        }
        assert_values (Gt.cat (list, 0), {0, 1, 2, 3, 4, 5});
        assert_shape (Gt.stack (list, 1), {3, 2});
    });
}

static void test_reductions_out_params () {
    run_body (() => {
        var t = new Tensor.from_doubles ({3, 1, 2, 9, 7, 8}, {2, 3}, DType.FLOAT32, null);
        assert_values (t.sum ({1}, false), {6, 24});
        assert_values (t.sum ({}, false), {30});
        Tensor indices;
        var values = t.max_dim (1, false, out indices);
        assert_values (values, {3, 9});
        assert (indices.to_int64s ()[1] == 0);
        Tensor order;
        assert_values (t.sort (1, false, true, out order), {1, 2, 3, 7, 8, 9});
        assert (order.to_int64s ()[0] == 1);
    });
}

static void test_autograd_lists () {
    run_body (() => {
        var x = new Tensor.from_doubles ({1, 2, 3}, {3}, DType.FLOAT64, null);
        x.set_requires_grad (true);
        var y = x.mul (x);
        assert_cmpstr (y.get_grad_fn_name (), CompareOperator.EQ, "MulBackward0");
        var outputs = new GenericArray<Tensor> ();
        outputs.add (y);
        var inputs = new GenericArray<Tensor> ();
        inputs.add (x);
        var grads = new GenericArray<Tensor> ();
        grads.add (Gt.ones ({3}, DType.FLOAT64, null));
        var result = Gt.autograd_grad (outputs, inputs, grads, false, false, false);
        assert_values (result[0], {2, 4, 6});
    });
}

public static int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/ops/shape-arrays", test_shape_arrays);
    Test.add_func ("/vala/ops/tensor-lists", test_tensor_lists);
    Test.add_func ("/vala/ops/reductions-out-params", test_reductions_out_params);
    Test.add_func ("/vala/ops/autograd-lists", test_autograd_lists);
    return Test.run ();
}

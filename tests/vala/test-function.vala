/* test-function.vala: Gt.Function subclassed in Vala (override forward and
 * backward), a custom differentiable operation, through gtensor-1.0.vapi. */

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
        if (Math.fabs (got[i] - expected[i]) > 1e-12) {
            GLib.error ("value[%d] = %g, expected %g", i, got[i], expected[i]);
        }
    }
}

/* x^3, backward 3 x^2 g */
class Cube : Gt.Function {
    public override GenericArray<Tensor> forward (GenericArray<Tensor> inputs) throws Gt.Error {
        var x = inputs[0];
        save_for_backward (inputs);
        var outputs = new GenericArray<Tensor> ();
        outputs.add (x.mul (x).mul (x));
        return outputs;
    }

    public override GenericArray<Tensor> backward (GenericArray<Tensor> grad_outputs) throws Gt.Error {
        var x = get_saved_tensors ()[0];
        var grads = new GenericArray<Tensor> ();
        grads.add (grad_outputs[0].mul (x).mul (x).mul_scalar (3.0));
        return grads;
    }
}

/* (a, b) -> (a b, exp(a)), saving the output exp(a); null for an input
 * without gradient */
class MulExp : Gt.Function {
    public override GenericArray<Tensor> forward (GenericArray<Tensor> inputs) throws Gt.Error {
        var e = inputs[0].exp ();
        var saved = new GenericArray<Tensor> ();
        saved.add (inputs[0]);
        saved.add (inputs[1]);
        saved.add (e);
        save_for_backward (saved);
        var outputs = new GenericArray<Tensor> ();
        outputs.add (inputs[0].mul (inputs[1]));
        outputs.add (e);
        return outputs;
    }

    public override GenericArray<Tensor> backward (GenericArray<Tensor> grad_outputs) throws Gt.Error {
        var saved = get_saved_tensors ();
        var grads = new GenericArray<Tensor> ();
        grads.add (needs_input_grad (0)
                   ? grad_outputs[0].mul (saved[1]).add (grad_outputs[1].mul (saved[2]), 1.0)
                   : null);
        grads.add (needs_input_grad (1) ? grad_outputs[0].mul (saved[0]) : null);
        return grads;
    }
}

static void test_cube () {
    run_body (() => {
        var x = new Tensor.from_doubles ({1, -2, 3}, {3}, DType.FLOAT64, null);
        x.set_requires_grad (true);
        var inputs = new GenericArray<Tensor> ();
        inputs.add (x);
        var y = new Cube ().apply (inputs)[0];
        assert_values (y, {1, -8, 27});
        assert_cmpstr (y.get_grad_fn_name (), CompareOperator.EQ, "CubeBackward");
        y.backward (Gt.ones ({3}, DType.FLOAT64, null), false, false);
        assert_values (x.get_grad (), {3, 12, 27});
    });
}

static void test_mul_exp () {
    run_body (() => {
        var a = new Tensor.from_doubles ({0, 1}, {2}, DType.FLOAT64, null);
        var b = new Tensor.from_doubles ({2, 3}, {2}, DType.FLOAT64, null);
        a.set_requires_grad (true);
        var inputs = new GenericArray<Tensor> ();
        inputs.add (a);
        inputs.add (b);
        var outputs = new MulExp ().apply (inputs);
        assert_cmpstr (outputs[0].get_grad_fn_name (), CompareOperator.EQ, "MulExpBackward");
        var s = outputs[0].add (outputs[1], 1.0);
        s.backward (Gt.ones ({2}, DType.FLOAT64, null), false, false);
        assert_values (a.get_grad (), {2 + 1, 3 + Math.E});
        assert (b.get_grad () == null);
    });
}

public static int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/function/cube", test_cube);
    Test.add_func ("/vala/function/mul-exp", test_mul_exp);
    return Test.run ();
}

/* test-nn.vala: Gt.Module subclassed in Vala (override forward), composed
 * with Gt.Sequential, trained with manual SGD; named listings, state dicts,
 * the "forward" signal (forward_hook in Vala) and errors. */

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

static Tensor make (double[] values, int64[] shape, bool requires_grad = false) throws Gt.Error {
    var t = new Tensor.from_doubles (values, shape, DType.FLOAT64, null);
    if (requires_grad) {
        t.set_requires_grad (true);
    }
    return t;
}

/* y = x @ w + b with existing ops */
class Affine : Gt.Module {
    public Affine (double[] w, double[] b) throws Gt.Error {
        register_parameter ("w", make (w, {2, 2}, true));
        register_parameter ("b", make (b, {2}, true));
    }

    public override Tensor forward (Tensor input) throws Gt.Error {
        return input.matmul (get_parameter ("w")).add (get_parameter ("b"), 1.0);
    }
}

class Relu : Gt.Module {
    public override Tensor forward (Tensor input) throws Gt.Error {
        return input.relu ();
    }
}

static Gt.Sequential make_net () throws Gt.Error {
    Gt.Module[] modules = {
        new Affine ({1, 2, 3, 4}, {0.5, -0.5}),
        new Relu (),
        new Affine ({1, 0, 0, -1}, {0, 1}),
    };
    return (Gt.Sequential) new Gt.Sequential.from_array (modules);
}

static void test_names () {
    run_body (() => {
        var net = make_net ();
        string[] names;
        var params = net.named_parameters (true, out names);
        assert_cmpint (params.length, CompareOperator.EQ, 4);
        assert_cmpstr (string.joinv (",", names), CompareOperator.EQ, "0.w,0.b,2.w,2.b");
        string[] module_names;
        var modules = net.named_modules (out module_names);
        assert_cmpstr (string.joinv (",", module_names), CompareOperator.EQ, ",0,1,2");
        assert_true (modules[1] is Affine);
        assert_cmpstr (string.joinv (",", net.state_dict_keys ()), CompareOperator.EQ,
                       "0.w,0.b,2.w,2.b");
        assert_cmpuint (net.get_length (), CompareOperator.EQ, 3);
    });
}

static void test_forward_and_gradient () {
    run_body (() => {
        var net = make_net ();
        assert_values (net.forward (make ({1, 1}, {1, 2})), {4.5, -4.5});
        var a = new Affine ({1, 2, 3, 4}, {0.5, -0.5});
        a.forward (make ({1, 2, 3, 4}, {2, 2})).sum (null, false).backward (null, false, false);
        assert_values (a.get_parameter ("w").get_grad (), {4, 4, 6, 6});
        assert_values (a.get_parameter ("b").get_grad (), {2, 2});
        a.zero_grad (true);
        assert_null (a.get_parameter ("w").get_grad ());
    });
}

static void test_sgd () {
    run_body (() => {
        var net = make_net ();
        var x = make ({1, -1, 0.5, 2, -3, 1}, {3, 2});
        var t = make ({1, 0, 0, 1, 2, -1}, {3, 2});
        double last = double.MAX;
        for (var step = 0; step < 5; step++) {
            net.zero_grad (true);
            var d = net.forward (x).sub (t, 1.0);
            var loss = d.mul (d).mean (null, false);
            loss.backward (null, false, false);
            var previous = Gt.set_grad_enabled (false);
            var params = net.parameters (true);
            for (var i = 0; i < params.length; i++) {
                params[i].sub_ (params[i].get_grad (), 0.01);
            }
            Gt.set_grad_enabled (previous);
            var value = loss.item ();
            assert_true (value < last);
            last = value;
        }
    });
}

static void test_state_dict () {
    run_body (() => {
        var a = make_net ();
        var b = make_net ();
        var sd = a.state_dict ();
        sd.lookup ("0.w").fill_ (7.0);
        var w = b.get (0).get_parameter ("w");
        assert_true (b.load_state_dict (sd, true));
        assert_values (w, {7, 7, 7, 7});
        sd.remove ("2.b");
        try {
            b.load_state_dict (sd, true);
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert_true (e is Gt.Error.VALUE);
            assert_true ("Missing key(s) in state_dict: \"2.b\"" in e.message);
        }
    });
}

static void test_hooks_and_errors () {
    run_body (() => {
        var net = make_net ();
        var first = net.get (0);
        var calls = 0;
        var id = first.forward_hook.connect ((input, output) => {
            calls++;
            try {
                return output.mul_scalar (0.0);
            } catch (Gt.Error e) {
                return null;
            }
        });
        assert_values (net.forward (make ({1, 1}, {1, 2})), {0, 1});
        assert_cmpint (calls, CompareOperator.EQ, 1);
        first.disconnect (id);
        net.eval ();
        assert_false (first.training);
        net.train (true);
        assert_true (first.training);

        var list = (Gt.ModuleList) new Gt.ModuleList ();
        try {
            list.forward (make ({1}, {1}));
            assert_not_reached ();
        } catch (Gt.Error e) {
            assert_true (e is Gt.Error.NOT_SUPPORTED);
        }
    });
}

int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/nn/names", test_names);
    Test.add_func ("/vala/nn/forward-and-gradient", test_forward_and_gradient);
    Test.add_func ("/vala/nn/sgd", test_sgd);
    Test.add_func ("/vala/nn/state-dict", test_state_dict);
    Test.add_func ("/vala/nn/hooks-and-errors", test_hooks_and_errors);
    return Test.run ();
}

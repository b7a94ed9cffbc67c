/* test-optim.vala: optimizers built from a list of parameters (a
 * GenericArray), parameter groups, state dicts and schedulers, through
 * gtensor-1.0.vapi. */

using Gt;

delegate void Body () throws GLib.Error;

static void run_body (Body body) {
    try {
        body ();
    } catch (GLib.Error e) {
        GLib.error ("unexpected Gt.Error %d: %s", e.code, e.message);
    }
}

static Tensor leaf (double[] values) throws GLib.Error {
    var t = new Tensor.from_doubles (values, {values.length}, DType.FLOAT64, null);
    t.set_requires_grad (true);
    return t;
}

static void assert_close (Tensor t, double[] expected, double tol) throws GLib.Error {
    double[] got = t.detach ().to_doubles ();
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (Math.fabs (got[i] - expected[i]) > tol) {
            GLib.error ("value[%d] = %.17g, expected %.17g", i, got[i], expected[i]);
        }
    }
}

static void test_adam_from_list () {
    run_body (() => {
        var a = leaf ({1, -1});
        var b = leaf ({2});
        var params = new GenericArray<Tensor> ();
        params.add (a);
        params.add (b);
        var opt = new Adam (params, 0.1);
        assert (opt.get_n_param_groups () == 1);
        var groups = opt.get_param_groups ();
        assert (groups.length == 1);
        assert (groups[0].get_params ().length == 2);
        a.set_grad (new Tensor.from_doubles ({0.5, -0.25}, {2}, DType.FLOAT64, null));
        b.set_grad (new Tensor.from_doubles ({1}, {1}, DType.FLOAT64, null));
        var steps = 0;
        opt.step_hook.connect (() => { steps++; });
        for (var s = 0; s < 3; s++) {
            opt.step ();
        }
        assert (steps == 3);
        assert_close (a, {0.7, -0.7}, 1e-7);
        assert_close (b, {1.7}, 1e-7);

        var sd = opt.state_dict ();
        assert (sd.lookup ("state.1.step").item () == 3);
        var c = leaf ({0.7, -0.7});
        var d = leaf ({1.7});
        var params2 = new GenericArray<Tensor> ();
        params2.add (c);
        params2.add (d);
        var opt2 = new SGD (params2, 1.0);
        /* an SGD loads Adam's options and state too; only the lr matters here */
        opt2.load_state_dict (sd);
        assert (opt2.get_lr () == 0.1);
        assert (opt2.get_state (d, "exp_avg") != null);
    });
}

static void test_sgd_groups_and_scheduler () {
    run_body (() => {
        var a = leaf ({1});
        var params = new GenericArray<Tensor> ();
        params.add (a);
        var opt = new SGD.full (params, 1.0, 0, 0, 0, false, false);
        var extra = new GenericArray<Tensor> ();
        extra.add (leaf ({5}));
        var group = new ParamGroup (extra);
        group.set_option ("lr", 0.25);
        opt.add_param_group (group);
        var sched = new StepLR (opt, 1, 0.5, -1);
        sched.step ();
        double[] last = sched.get_last_lr ();
        assert (last.length == 2);
        assert (last[0] == 0.5 && last[1] == 0.125);
        a.set_grad (new Tensor.from_doubles ({1}, {1}, DType.FLOAT64, null));
        opt.step ();
        assert_close (a, {0.5}, 0);
    });
}

static void test_errors () {
    var params = new GenericArray<Tensor> ();
    try {
        params.add (leaf ({1}));
        new SGD.full (params, 0.1, 0, 0, 0, true, false);
        GLib.error ("expected an error");
    } catch (GLib.Error e) {
        assert (e.domain == Gt.Error.quark () && e.code == Gt.Error.VALUE);
        assert_cmpstr (e.message, CompareOperator.EQ,
                       "gt_sgd_new: Nesterov momentum requires a momentum and zero dampening");
    }
}

public static int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/optim/adam-from-list", test_adam_from_list);
    Test.add_func ("/vala/optim/sgd-groups-scheduler", test_sgd_groups_and_scheduler);
    Test.add_func ("/vala/optim/errors", test_errors);
    return Test.run ();
}

/* test-serialize.vala: safetensors files from Vala. Every function that
 * takes or returns a GHashTable (save, save_to_bytes, load,
 * load_with_metadata, load_mapped, load_from_bytes) is called with a
 * HashTable<string, Tensor> and its results are read back.
 */

using Gt;

delegate void Body () throws GLib.Error;

static void run_body (Body body) {
    try {
        body ();
    } catch (GLib.Error e) {
        GLib.error ("unexpected error %d: %s", e.code, e.message);
    }
}

static void assert_doubles (double[] got, double[] expected) {
    assert_cmpint (got.length, CompareOperator.EQ, expected.length);
    for (var i = 0; i < expected.length; i++) {
        if (got[i] != expected[i]) {
            GLib.error ("value[%d] = %.17g, expected %.17g", i, got[i], expected[i]);
        }
    }
}

static void assert_same (Tensor got, Tensor expected) throws GLib.Error {
    assert (got.dtype == expected.dtype);
    unowned int64[] a = got.get_shape ();
    unowned int64[] b = expected.get_shape ();
    assert_cmpint (a.length, CompareOperator.EQ, b.length);
    for (var i = 0; i < a.length; i++) {
        assert (a[i] == b[i]);
    }
    assert_doubles (got.to_doubles (), expected.to_doubles ());
}

static HashTable<string, Tensor> sample_map () throws GLib.Error {
    var map = new HashTable<string, Tensor> (str_hash, str_equal);
    map["fc.weight"] = new Tensor.from_doubles ({1, 2, 3, 4, 5, 6}, {2, 3}, DType.FLOAT32, null);
    map["fc.bias"] = new Tensor.from_doubles ({-0.5, 0.25}, {2}, DType.FLOAT64, null);
    map["count"] = new Tensor.from_int64s ({42}, {}, DType.INT64, null);
    map["flags"] = new Tensor.from_doubles ({1, 0, 1}, {3}, DType.BOOL, null);
    map["half"] = new Tensor.from_doubles ({0.5, -2}, {2}, DType.FLOAT16, null);
    return map;
}

static void check_map (HashTable<string, Tensor> got,
                       HashTable<string, Tensor> expected) throws GLib.Error {
    assert_cmpuint (got.size (), CompareOperator.EQ, expected.size ());
    foreach (var name in expected.get_keys ()) {
        unowned Tensor? t = got.lookup (name);
        if (t == null) {
            GLib.error ("'%s' missing", name);
        }
        assert_same (t, expected[name]);
    }
}

static string temp_dir () throws GLib.Error {
    return DirUtils.make_tmp ("gt-serialize-vala-XXXXXX");
}

static void remove_dir (string dir) {
    try {
        var d = Dir.open (dir);
        string? name;
        while ((name = d.read_name ()) != null) {
            FileUtils.unlink (Path.build_filename (dir, name));
        }
    } catch (FileError e) {
    }
    DirUtils.remove (dir);
}

static void test_file () {
    run_body (() => {
        var dir = temp_dir ();
        var path = Path.build_filename (dir, "model.safetensors");
        var tensors = sample_map ();
        var meta = new HashTable<string, string> (str_hash, str_equal);
        meta["format"] = "pt";
        meta["epoch"] = "12";
        assert (Gt.save (tensors, meta, path));

        check_map (Gt.load (path), tensors);

        HashTable<weak string, weak string> back_meta;
        var back = Gt.load_with_metadata (path, out back_meta);
        check_map (back, tensors);
        assert_cmpuint (back_meta.size (), CompareOperator.EQ, 2);
        assert_cmpstr (back_meta["format"], CompareOperator.EQ, "pt");
        assert_cmpstr (back_meta["epoch"], CompareOperator.EQ, "12");

        assert (Gt.save (tensors, null, path));
        Gt.load_with_metadata (path, out back_meta);
        assert_cmpuint (back_meta.size (), CompareOperator.EQ, 0);
        remove_dir (dir);
    });
}

static void test_mapped () {
    run_body (() => {
        var dir = temp_dir ();
        var path = Path.build_filename (dir, "mapped.safetensors");
        var tensors = sample_map ();
        Gt.save (tensors, null, path);
        string before;
        FileUtils.get_contents (path, out before);

        HashTable<weak string, weak string>? meta;
        var mapped = Gt.load_mapped (path, out meta);
        check_map (mapped, tensors);
        assert (meta != null && meta.size () == 0);

        /* Writing changes the tensor, not the file. */
        mapped["fc.weight"].fill_ (4);
        assert_doubles (mapped["fc.weight"].to_doubles (), {4, 4, 4, 4, 4, 4});
        string after;
        FileUtils.get_contents (path, out after);
        assert_cmpstr (after, CompareOperator.EQ, before);

        /* A tensor outlives its table. */
        Tensor kept = mapped["fc.bias"];
        mapped = null;
        assert_doubles (kept.to_doubles (), {-0.5, 0.25});
        remove_dir (dir);
    });
}

static void test_bytes () {
    run_body (() => {
        var tensors = sample_map ();
        var meta = new HashTable<string, string> (str_hash, str_equal);
        meta["note"] = "ünïcödé";
        var bytes = Gt.save_to_bytes (tensors, meta);
        unowned uint8[] data = bytes.get_data ();
        uint64 n = 0;
        for (var i = 7; i >= 0; i--) {
            n = n * 256 + data[i];
        }
        assert ((8 + n) % 8 == 0);
        assert (8 + n < data.length);

        HashTable<weak string, weak string>? back_meta;
        var back = Gt.load_from_bytes (bytes, out back_meta);
        check_map (back, tensors);
        assert_cmpstr (back_meta["note"], CompareOperator.EQ, "ünïcödé");
    });
}

static void test_single_tensor () {
    run_body (() => {
        var dir = temp_dir ();
        var path = Path.build_filename (dir, "t.safetensors");
        var t = new Tensor.from_doubles ({1, 2, 3, 4, 5, 6}, {3, 2}, DType.INT16, null);
        assert (t.save (path));
        assert_same (Tensor.load (path), t);
        var all = Gt.load (path);
        assert (all.contains (SERIALIZE_TENSOR_NAME));
        remove_dir (dir);
    });
}

static void test_errors () {
    string dir = "";
    run_body (() => { dir = temp_dir (); });
    var missing = Path.build_filename (dir, "missing.safetensors");
    try {
        Gt.load (missing);
        assert_not_reached ();
    } catch (GLib.Error e) {
        assert (e is Gt.Error.IO);
        assert (missing in e.message);
    }
    var bad = Path.build_filename (dir, "bad.safetensors");
    try {
        FileUtils.set_data (bad, "\x02\0\0\0\0\0\0\0[]".data[0:10]);
        Gt.load (bad);
        assert_not_reached ();
    } catch (GLib.Error e) {
        assert (e is Gt.Error.FORMAT);
        assert ("gt_load" in e.message);
    }
    try {
        var tensors = sample_map ();
        Gt.save (tensors, null, Path.build_filename (dir, "no", "x.safetensors"));
        assert_not_reached ();
    } catch (GLib.Error e) {
        assert (e is Gt.Error.IO);
    }
    remove_dir (dir);
}

int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/serialize/file", test_file);
    Test.add_func ("/vala/serialize/mapped", test_mapped);
    Test.add_func ("/vala/serialize/bytes", test_bytes);
    Test.add_func ("/vala/serialize/single-tensor", test_single_tensor);
    Test.add_func ("/vala/serialize/errors", test_errors);
    return Test.run ();
}

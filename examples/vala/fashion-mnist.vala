/* fashion-mnist.vala: trains the Fashion-MNIST CNN from Vala.
 *
 *   fashion-mnist-vala --epochs 1 [--batch-size 64] [--threads N] [--seed S]
 *                      [--data-dir DIR] [--output FILE] [--limit N]
 */

const string DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist";
const double PIXEL_MEAN = 0.2860;
const double PIXEL_STD = 0.3530;

class Split {
    public Gt.Tensor x;
    public Gt.Tensor y;
    public int64 n;
}

static int epochs = 3;
static int batch_size = 64;
static int threads = 0;
static int64 seed = 0;
static int64 limit = 0;
static string? data_dir = null;
static string? output = null;

const OptionEntry[] ENTRIES = {
    { "epochs", 'e', 0, OptionArg.INT, ref epochs, "Training epochs (3)", "N" },
    { "batch-size", 'b', 0, OptionArg.INT, ref batch_size, "Batch size (64)", "N" },
    { "threads", 't', 0, OptionArg.INT, ref threads, "CPU threads (0: all cores)", "N" },
    { "seed", 's', 0, OptionArg.INT64, ref seed, "Random seed (0)", "N" },
    { "limit", 0, 0, OptionArg.INT64, ref limit, "Train on the first N images only", "N" },
    { "data-dir", 0, 0, OptionArg.FILENAME, ref data_dir, "Folder of the IDX files", "DIR" },
    { "output", 'o', 0, OptionArg.FILENAME, ref output, "Where to save the model", "FILE" },
    { null }
};

static uint8[] read_gzip (string path) throws Error {
    var raw = File.new_for_path (path).read ();
    var gunzip = new ZlibDecompressor (ZlibCompressorFormat.GZIP);
    var stream = new ConverterInputStream (raw, gunzip);
    var out = new MemoryOutputStream.resizable ();
    out.splice (stream, OutputStreamSpliceFlags.CLOSE_SOURCE | OutputStreamSpliceFlags.CLOSE_TARGET);
    return out.steal_as_bytes ().get_data ();
}

static uint32 be32 (uint8[] d, int at) {
    return ((uint32) d[at] << 24) | ((uint32) d[at + 1] << 16) | ((uint32) d[at + 2] << 8) | d[at + 3];
}

static Split load_split (string dir, string prefix, int64 max_items) throws Error {
    var images = read_gzip ("%s/%s-images-idx3-ubyte.gz".printf (dir, prefix));
    var labels = read_gzip ("%s/%s-labels-idx1-ubyte.gz".printf (dir, prefix));
    if (images.length < 16 || be32 (images, 0) != 0x803 || labels.length < 8 || be32 (labels, 0) != 0x801)
        throw new IOError.INVALID_DATA ("%s: not Fashion-MNIST IDX files", dir);
    int64 n = int64.min (be32 (images, 4), be32 (labels, 4));
    if (max_items > 0)
        n = int64.min (n, max_items);
    if (images.length < 16 + n * 784 || labels.length < 8 + n)
        throw new IOError.INVALID_DATA ("%s: truncated IDX files", dir);

    var x = new float[n * 784];
    for (int64 i = 0; i < n * 784; i++)
        x[i] = (float) ((images[16 + i] / 255.0 - PIXEL_MEAN) / PIXEL_STD);
    var y = new int64[n];
    for (int64 i = 0; i < n; i++)
        y[i] = labels[8 + i];

    var split = new Split ();
    split.n = n;
    unowned uint8[] xb = (uint8[]) x;
    xb.length = (int) (n * 784 * sizeof (float));
    split.x = new Gt.Tensor.from_bytes (new Bytes (xb), { n, 1, 28, 28 }, Gt.DType.FLOAT32, null);
    unowned uint8[] yb = (uint8[]) y;
    yb.length = (int) (n * sizeof (int64));
    split.y = new Gt.Tensor.from_bytes (new Bytes (yb), { n }, Gt.DType.INT64, null);
    return split;
}

static Gt.Module build_model () {
    var model = new Gt.Sequential ();
    Gt.Module[] layers = {
        new Gt.Conv2d (1, 32, 3, 1, 1), new Gt.BatchNorm2d (32), new Gt.ReLU (), new Gt.MaxPool2d (2),
        new Gt.Conv2d (32, 64, 3, 1, 1), new Gt.BatchNorm2d (64), new Gt.ReLU (), new Gt.MaxPool2d (2),
        new Gt.Flatten (1, -1), new Gt.Dropout (0.25),
        new Gt.Linear (64 * 7 * 7, 128, true), new Gt.ReLU (), new Gt.Linear (128, 10, true)
    };
    foreach (var layer in layers)
        ((Gt.Sequential) model).append (layer);
    return model;
}

/* A progress bar with the running loss and examples/s on stderr, redrawn in
 * place when stderr is a terminal. */
static void progress (int epoch, int64 done, int64 total, double loss, double seconds, bool final) {
    const int WIDTH = 30;
    var filled = (int) (WIDTH * done / int64.max (total, 1));
    stderr.printf ("\repoch %d/%d [%s%s] %3d%% loss %.4f %6.0f examples/s%s", epoch, epochs,
                   string.nfill (filled, '='), string.nfill (WIDTH - filled, '.'),
                   (int) (100 * done / int64.max (total, 1)), loss,
                   done / double.max (seconds, 1e-9), final ? "\n" : "");
    stderr.flush ();
}

static void train_epoch (Gt.Module model, Gt.Loss criterion, Gt.Optimizer optimizer,
                         Split data, int epoch) throws Error {
    var order = Gt.rand ({ data.n }, Gt.DType.FLOAT32, null).argsort (0, false, false);
    var timer = new Timer ();
    double running = 0;
    int steps = 0;
    var tty = GLib.Log.writer_supports_color (2);
    model.train (true);
    for (int64 i = 0; i < data.n; i += batch_size) {
        var idx = order.narrow (0, i, int64.min (batch_size, data.n - i));
        var loss = criterion.forward (model.forward (data.x.index_select (0, idx)),
                                      data.y.index_select (0, idx));
        optimizer.zero_grad (true);
        loss.backward (null, false, false);
        optimizer.step ();
        running += loss.item ();
        steps++;
        if (tty && steps % 20 == 0)
            progress (epoch, int64.min (i + batch_size, data.n), data.n, running / steps,
                      timer.elapsed (), false);
    }
    if (tty)
        progress (epoch, data.n, data.n, running / steps, timer.elapsed (), true);
    print ("epoch %d/%d: loss %.4f, %.0f examples/s, train %.1f s\n", epoch, epochs,
           running / steps, data.n / timer.elapsed (), timer.elapsed ());
}

static double evaluate (Gt.Module model, Split data) throws Error {
    var previous = Gt.set_grad_enabled (false);
    model.eval ();
    int64 correct = 0;
    for (int64 i = 0; i < data.n; i += 1000) {
        var len = int64.min (1000, data.n - i);
        var pred = model.forward (data.x.narrow (0, i, len)).argmax_dim (1, false);
        correct += pred.eq (data.y.narrow (0, i, len)).sum (null, false).item_int64 ();
    }
    Gt.set_grad_enabled (previous);
    return (double) correct / data.n;
}

int main (string[] args) {
    try {
        var context = new OptionContext ("- train a CNN on Fashion-MNIST with gtensor");
        context.add_main_entries (ENTRIES, null);
        context.parse (ref args);
        var dir = data_dir ?? DEFAULT_DATA_DIR;
        if (!FileUtils.test (dir + "/train-images-idx3-ubyte.gz", FileTest.EXISTS))
            throw new IOError.NOT_FOUND ("no Fashion-MNIST data in %s: install it with " +
                "`apt-get install dataset-fashion-mnist` (as root), or point --data-dir " +
                "at a folder holding the four *-ubyte.gz files", dir);
        if (threads > 0)
            Gt.set_num_threads (threads);
        Gt.manual_seed (seed);
        var train = load_split (dir, "train", limit);
        var test = load_split (dir, "t10k", 0);
        print ("Fashion-MNIST: %lld training and %lld test images from %s\n", train.n, test.n, dir);

        var model = build_model ();
        var criterion = new Gt.CrossEntropyLoss ();
        var optimizer = new Gt.Adam (model.parameters (true), 1e-3);
        // Half a cosine from 1e-3 to 0 over the run, one step per epoch.
        var scheduler = new Gt.CosineAnnealingLR (optimizer, int.max (epochs, 1), 0, -1);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            train_epoch (model, criterion, optimizer, train, epoch);
            scheduler.step ();
            print ("epoch %d: test accuracy %.2f%%\n", epoch, 100 * evaluate (model, test));
        }
        var path = output ?? "fashion-mnist-vala.safetensors";
        Gt.save (model.state_dict (), null, path);
        print ("saved the model to %s\n", path);
    } catch (Error e) {
        printerr ("fashion-mnist: %s\n", e.message);
        return 1;
    }
    return 0;
}

/* fashion-mnist: trains a small CNN on Fashion-MNIST with gtensor.
 *
 * The data are the gzip-compressed IDX files of Debian's
 * dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist), read
 * through GIO's GZlibDecompressor. The model, optimizer and batch size are
 * those of the PyTorch reference (examples/python/fashion-mnist.py --torch),
 * so that the two can be timed side by side:
 *
 *   Conv2d(1,32,3,p=1) BN ReLU MaxPool2d(2) Conv2d(32,64,3,p=1) BN ReLU
 *   MaxPool2d(2) Flatten Dropout(0.25) Linear(3136,128) ReLU Linear(128,10)
 *
 * trained with Adam (lr 1e-3) and cross-entropy, test accuracy after each
 * epoch, the weights saved as safetensors at the end.
 */

#include <gio/gio.h>
#include <gtensor/gtensor.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DATA_DIR "/usr/share/datasets/fashion-mnist"
/* Mean and standard deviation of the training images' pixels in [0, 1]. */
#define PIXEL_MEAN 0.2860
#define PIXEL_STD  0.3530

typedef struct {
  GtTensor *images;  /* float32 [n, 1, 28, 28], normalised */
  GtTensor *labels;  /* int64 [n] */
  gint64    n;
} Dataset;

typedef struct {
  gint      epochs;
  gint      batch_size;
  gint      threads;
  gint64    seed;
  gint64    limit;       /* use the first N training images (0: all) */
  char     *device;
  char     *data_dir;
  char     *output;
} Options;

static void
dataset_clear (Dataset *d)
{
  g_clear_object (&d->images);
  g_clear_object (&d->labels);
}

/* The whole decompressed content of @path (a .gz file). */
static GBytes *
read_gzip (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, error);
  if (raw == NULL)
    return NULL;

  g_autoptr(GZlibDecompressor) gunzip =
    g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) in =
    g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (gunzip));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) |
         ((guint32) p[2] << 8) | (guint32) p[3];
}

/* Parses an IDX file: @magic is 0x801 (labels) or 0x803 (images). Returns
 * the number of items and points @data at the first one. */
static gboolean
parse_idx (GBytes        *bytes,
           const char    *path,
           guint32        magic,
           gint64        *n_items,
           const guint8 **data,
           GError       **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  guint n_dims = magic & 0xff;
  gsize header = 4 + 4 * (gsize) n_dims;
  gsize item = 1;

  if (size < header || read_be32 (p) != magic)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not an IDX file with magic 0x%08x", path, magic);
      return FALSE;
    }
  for (guint i = 1; i < n_dims; i++)
    item *= read_be32 (p + 4 + 4 * i);
  *n_items = read_be32 (p + 4);
  if ((size - header) / item < (gsize) *n_items)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: truncated (%" G_GINT64_FORMAT " items announced)",
                   path, *n_items);
      return FALSE;
    }
  *data = p + header;
  return TRUE;
}

/* Pixels to float32 in [0, 1], then normalised with the training set's
 * mean and standard deviation, as torchvision's ToTensor + Normalize. */
static GtTensor *
images_to_tensor (const guint8  *pixels,
                  gint64         n,
                  GError       **error)
{
  gsize count = (gsize) n * 28 * 28;
  g_autofree float *values = g_new (float, count);
  const gint64 shape[] = { n, 1, 28, 28 };

  for (gsize i = 0; i < count; i++)
    values[i] = (float) ((pixels[i] / 255.0 - PIXEL_MEAN) / PIXEL_STD);

  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&values),
                                              count * sizeof (float));
  return gt_tensor_new_from_bytes (bytes, shape, 4, GT_DTYPE_FLOAT32, NULL,
                                   error);
}

static GtTensor *
labels_to_tensor (const guint8  *labels,
                  gint64         n,
                  GError       **error)
{
  g_autofree gint64 *values = g_new (gint64, n);
  const gint64 shape[] = { n };

  for (gint64 i = 0; i < n; i++)
    values[i] = labels[i];
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&values),
                                              (gsize) n * sizeof (gint64));
  return gt_tensor_new_from_bytes (bytes, shape, 1, GT_DTYPE_INT64, NULL,
                                   error);
}

static gboolean
load_split (Dataset     *d,
            const char  *dir,
            const char  *prefix,
            gint64       limit,
            GError     **error)
{
  g_autofree char *image_path = g_strdup_printf ("%s/%s-images-idx3-ubyte.gz",
                                                 dir, prefix);
  g_autofree char *label_path = g_strdup_printf ("%s/%s-labels-idx1-ubyte.gz",
                                                 dir, prefix);
  g_autoptr(GBytes) image_bytes = read_gzip (image_path, error);
  if (image_bytes == NULL)
    return FALSE;
  g_autoptr(GBytes) label_bytes = read_gzip (label_path, error);
  if (label_bytes == NULL)
    return FALSE;

  const guint8 *pixels, *labels;
  gint64 n_images, n_labels;
  if (!parse_idx (image_bytes, image_path, 0x803, &n_images, &pixels, error) ||
      !parse_idx (label_bytes, label_path, 0x801, &n_labels, &labels, error))
    return FALSE;
  d->n = MIN (n_images, n_labels);
  if (limit > 0)
    d->n = MIN (d->n, limit);

  d->images = images_to_tensor (pixels, d->n, error);
  if (d->images == NULL)
    return FALSE;
  d->labels = labels_to_tensor (labels, d->n, error);
  return d->labels != NULL;
}

/* The CNN of the issue, in torch's layer order (state_dict keys "0.weight",
 * "1.running_mean", ... match an nn.Sequential of the same layers). */
static GtModule *
build_model (void)
{
  return gt_sequential_new_take (gt_conv2d_new (1, 32, 3, 1, 1),
                                 gt_batch_norm2d_new (32),
                                 gt_relu_new (),
                                 gt_max_pool2d_new (2),
                                 gt_conv2d_new (32, 64, 3, 1, 1),
                                 gt_batch_norm2d_new (64),
                                 gt_relu_new (),
                                 gt_max_pool2d_new (2),
                                 gt_flatten_new (1, -1),
                                 gt_dropout_new (0.25),
                                 gt_linear_new (64 * 7 * 7, 128, TRUE),
                                 gt_relu_new (),
                                 gt_linear_new (128, 10, TRUE),
                                 NULL);
}

/* A random permutation of 0..n-1 as an int64 tensor, from the library's
 * generator (so --seed fixes the order). */
static GtTensor *
shuffled_indices (gint64   n,
                  GError **error)
{
  const gint64 shape[] = { n };
  g_autoptr(GtTensor) keys = gt_rand (shape, 1, GT_DTYPE_FLOAT32, NULL, error);
  if (keys == NULL)
    return NULL;
  return gt_tensor_argsort (keys, 0, FALSE, FALSE, error);
}

static void
show_progress (gint     epoch,
               gint     epochs,
               gint64   done,
               gint64   total,
               gdouble  loss,
               gdouble  seconds,
               gboolean final)
{
  const int width = 30;
  int filled = (int) (width * done / MAX (total, 1));
  char bar[64];

  memset (bar, '=', filled);
  memset (bar + filled, '.', width - filled);
  bar[width] = '\0';
  fprintf (stderr, "\repoch %d/%d [%s] %3d%% loss %.4f %6.0f examples/s",
           epoch, epochs, bar, (int) (100 * done / MAX (total, 1)), loss,
           done / MAX (seconds, 1e-9));
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

static gboolean
train_step (GtModule     *model,
            GtLoss       *criterion,
            GtOptimizer  *optimizer,
            GtTensor     *x,
            GtTensor     *y,
            gdouble      *loss_value,
            GError      **error)
{
  g_autoptr(GtTensor) logits = gt_module_forward (model, x, error);
  if (logits == NULL)
    return FALSE;
  g_autoptr(GtTensor) loss = gt_loss_forward (criterion, logits, y, error);
  if (loss == NULL)
    return FALSE;

  if (!gt_optimizer_zero_grad (optimizer, TRUE, error) ||
      !gt_tensor_backward (loss, NULL, FALSE, FALSE, error) ||
      !gt_optimizer_step (optimizer, error))
    return FALSE;
  *loss_value = gt_tensor_item (loss, NULL);
  return TRUE;
}

static gboolean
train_epoch (GtModule     *model,
             GtLoss       *criterion,
             GtOptimizer  *optimizer,
             Dataset      *train,
             const Options *opt,
             gint          epoch,
             GError      **error)
{
  g_autoptr(GtTensor) order = shuffled_indices (train->n, error);
  if (order == NULL)
    return FALSE;
  g_autoptr(GTimer) timer = g_timer_new ();
  gboolean tty = isatty (fileno (stderr));
  gdouble running = 0;
  gint64 seen = 0, steps = 0;

  gt_module_train (model, TRUE);
  for (gint64 start = 0; start < train->n; start += opt->batch_size)
    {
      gint64 len = MIN (opt->batch_size, train->n - start);
      g_autoptr(GtTensor) idx = gt_tensor_narrow (order, 0, start, len, error);
      g_autoptr(GtTensor) x = idx ? gt_tensor_index_select (train->images, 0, idx, error) : NULL;
      g_autoptr(GtTensor) y = x ? gt_tensor_index_select (train->labels, 0, idx, error) : NULL;
      gdouble loss;

      if (y == NULL || !train_step (model, criterion, optimizer, x, y, &loss, error))
        return FALSE;
      running += loss;
      seen += len;
      steps++;
      if (tty && (steps % 20 == 0))
        show_progress (epoch, opt->epochs, seen, train->n, running / steps,
                       g_timer_elapsed (timer, NULL), FALSE);
    }
  show_progress (epoch, opt->epochs, seen, train->n, running / MAX (steps, 1),
                 g_timer_elapsed (timer, NULL), TRUE);
  return TRUE;
}

/* Test accuracy in eval mode without recording a graph. */
static gboolean
evaluate (GtModule  *model,
          Dataset   *test,
          gdouble   *accuracy,
          GError   **error)
{
  g_autoptr(GtNoGradGuard) no_grad = gt_no_grad_guard_new ();
  gint64 correct = 0;

  gt_module_eval (model);
  for (gint64 start = 0; start < test->n; start += 1000)
    {
      gint64 len = MIN (1000, test->n - start);
      g_autoptr(GtTensor) x = gt_tensor_narrow (test->images, 0, start, len, error);
      g_autoptr(GtTensor) y = x ? gt_tensor_narrow (test->labels, 0, start, len, error) : NULL;
      g_autoptr(GtTensor) logits = y ? gt_module_forward (model, x, error) : NULL;
      g_autoptr(GtTensor) pred = logits ? gt_tensor_argmax_dim (logits, 1, FALSE, error) : NULL;
      g_autoptr(GtTensor) hits = pred ? gt_tensor_eq (pred, y, error) : NULL;
      g_autoptr(GtTensor) count = hits ? gt_tensor_sum (hits, NULL, 0, FALSE, error) : NULL;

      if (count == NULL)
        return FALSE;
      correct += gt_tensor_item_int64 (count, NULL);
    }
  *accuracy = (gdouble) correct / MAX (test->n, 1);
  return TRUE;
}

static gboolean
save_model (GtModule    *model,
            const char  *path,
            GError     **error)
{
  g_autoptr(GHashTable) state = gt_module_state_dict (model);

  return gt_save (state, NULL, path, error);
}

/* Moves the model's parameters and both datasets to @spec ("cpu",
 * "cuda:0", ...), so that batches are cut on the device. */
static gboolean
move_to_device (GtModule    *model,
                Dataset     *train,
                Dataset     *test,
                const char  *spec,
                GError     **error)
{
  g_autoptr(GtDevice) device = gt_device_new_from_string (spec, error);
  Dataset *sets[] = { train, test };

  if (device == NULL || !gt_module_to_device (model, device, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      GtTensor *images = gt_tensor_to_device (sets[i]->images, device, error);
      GtTensor *labels = images ? gt_tensor_to_device (sets[i]->labels, device, error) : NULL;

      if (labels == NULL)
        {
          g_clear_object (&images);
          return FALSE;
        }
      g_object_unref (sets[i]->images);
      g_object_unref (sets[i]->labels);
      sets[i]->images = images;
      sets[i]->labels = labels;
    }
  return TRUE;
}

static gboolean
parse_options (Options  *opt,
               int      *argc,
               char   ***argv,
               GError  **error)
{
  gint64 seed = 0, limit = 0;
  GOptionEntry entries[] = {
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &opt->epochs, "Training epochs (3)", "N" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &opt->batch_size, "Batch size (64)", "N" },
    { "device", 'd', 0, G_OPTION_ARG_STRING, &opt->device, "Device: cpu or cuda[:N] (cpu)", "DEV" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &opt->threads, "CPU threads (0: all cores)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (0)", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt->data_dir, "Folder of the IDX files (" DEFAULT_DATA_DIR ")", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt->output, "Where to save the model (fashion-mnist.safetensors)", "FILE" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, "Train on the first N images only (0: all)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("- train a CNN on Fashion-MNIST with gtensor");

  opt->epochs = 3;
  opt->batch_size = 64;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  opt->seed = seed;
  opt->limit = limit;
  if (opt->data_dir == NULL)
    opt->data_dir = g_strdup (DEFAULT_DATA_DIR);
  if (opt->output == NULL)
    opt->output = g_strdup ("fashion-mnist.safetensors");
  if (opt->epochs < 0 || opt->batch_size <= 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--epochs must be >= 0 and --batch-size > 0");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_data_dir (const char  *dir,
                GError     **error)
{
  g_autofree char *probe = g_build_filename (dir, "train-images-idx3-ubyte.gz", NULL);

  if (g_file_test (probe, G_FILE_TEST_EXISTS))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "no Fashion-MNIST data in %s: install it with "
               "`apt-get install dataset-fashion-mnist` (as root), or point "
               "--data-dir at a folder holding the four *-ubyte.gz files", dir);
  return FALSE;
}

static gboolean
run (const Options  *opt,
     GError        **error)
{
  Dataset train = { 0 }, test = { 0 };
  g_autoptr(GtModule) model = NULL;
  g_autoptr(GtLoss) criterion = NULL;
  g_autoptr(GtOptimizer) optimizer = NULL;
  g_autoptr(GtLRScheduler) scheduler = NULL;
  g_autoptr(GPtrArray) params = NULL;
  gboolean ok = FALSE;

  gt_manual_seed ((guint64) opt->seed);
  if ((opt->threads > 0 && !gt_set_num_threads (opt->threads, error)) ||
      !check_data_dir (opt->data_dir, error) ||
      !load_split (&train, opt->data_dir, "train", opt->limit, error) ||
      !load_split (&test, opt->data_dir, "t10k", 0, error))
    goto out;
  g_print ("Fashion-MNIST: %" G_GINT64_FORMAT " training and %" G_GINT64_FORMAT
           " test images from %s\n", train.n, test.n, opt->data_dir);

  model = build_model ();
  if (opt->device != NULL &&
      !move_to_device (model, &train, &test, opt->device, error))
    goto out;
  criterion = gt_cross_entropy_loss_new ();
  params = gt_module_parameters (model, TRUE);
  optimizer = gt_adam_new (params, 1e-3, error);
  if (optimizer == NULL)
    goto out;
  /* The learning rate follows a half cosine from 1e-3 down to 0 over the
   * run, stepped once per epoch (torch's CosineAnnealingLR with T_max =
   * epochs): the last epoch at a quarter of the rate settles the weights,
   * worth about half a point of test accuracy after three epochs. */
  if (opt->epochs > 0)
    {
      scheduler = gt_cosine_annealing_lr_new (optimizer, opt->epochs, 0.0, -1, error);
      if (scheduler == NULL)
        goto out;
    }

  for (gint epoch = 1; epoch <= opt->epochs; epoch++)
    {
      g_autoptr(GTimer) timer = g_timer_new ();
      gdouble accuracy, train_s;

      gdouble lr = gt_optimizer_get_lr (optimizer);

      if (!train_epoch (model, criterion, optimizer, &train, opt, epoch, error))
        goto out;
      train_s = g_timer_elapsed (timer, NULL);
      if (!gt_lr_scheduler_step (scheduler, error))
        goto out;
      if (!evaluate (model, &test, &accuracy, error))
        goto out;
      g_print ("epoch %d: lr %.2e, train %.1f s, test accuracy %.2f%%\n",
               epoch, lr, train_s, 100 * accuracy);
    }
  if (!save_model (model, opt->output, error))
    goto out;
  g_print ("saved the model to %s\n", opt->output);
  ok = TRUE;
out:
  dataset_clear (&train);
  dataset_clear (&test);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  Options opt = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = parse_options (&opt, &argc, &argv, &error) && run (&opt, &error);
  if (!ok)
    g_printerr ("fashion-mnist: %s\n", error->message);
  g_free (opt.device);
  g_free (opt.data_dir);
  g_free (opt.output);
  return ok ? 0 : 1;
}

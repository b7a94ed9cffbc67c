/* Runs the fuzz target without libFuzzer: over every file named on the
 * command line (folders are read in name order), then over deterministic
 * mutations of each (bit flips, byte changes, truncations, a changed
 * header length, spliced bytes), so that a build with any compiler
 * exercises the reader's error paths. Exits non-zero (through the
 * target's assertions) on the first failure; the failing input can be
 * saved with GT_FUZZ_SAVE=<path> for libFuzzer to reproduce. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define MUTATIONS_PER_FILE 300

static void
run_one (const guint8 *data,
         gsize         size)
{
  const char *save = g_getenv ("GT_FUZZ_SAVE");

  /* Written before the call, so that a crash leaves the input behind. */
  if (save != NULL)
    g_file_set_contents (save, (const char *) data, (gssize) size, NULL);
  LLVMFuzzerTestOneInput (data, size);
}

static void
mutate_and_run (GRand        *rand,
                const guint8 *data,
                gsize         size)
{
  g_autofree guint8 *buf = g_malloc (size + 16);

  for (int m = 0; m < MUTATIONS_PER_FILE; m++)
    {
      gsize n = size;
      int kind = g_rand_int_range (rand, 0, 6);

      memcpy (buf, data, size);
      switch (kind)
        {
        case 0: /* flip a few bits */
          {
            int flips = g_rand_int_range (rand, 1, 5);

            for (int i = 0; i < flips && n > 0; i++)
              buf[g_rand_int_range (rand, 0, (gint32) n)] ^=
                (guint8) (1u << g_rand_int_range (rand, 0, 8));
          }
          break;
        case 1: /* an interesting byte somewhere */
          if (n > 0)
            {
              static const guint8 bytes[] = { 0, 1, 2, '"', '\\', '[', '{',
                                              '}', ':', ',', '-', '9', 0xff,
                                              0x80, 0x7f, ' ' };
              buf[g_rand_int_range (rand, 0, (gint32) n)] =
                bytes[g_rand_int_range (rand, 0, G_N_ELEMENTS (bytes))];
            }
          break;
        case 2: /* truncate */
          n = (gsize) g_rand_int_range (rand, 0, (gint32) size + 1);
          break;
        case 3: /* another header length */
          if (n >= 8)
            {
              guint64 len;
              memcpy (&len, buf, 8);
              len = GUINT64_FROM_LE (len);
              len += (guint64) (gint64) g_rand_int_range (rand, -9, 10);
              if (g_rand_boolean (rand))
                len = (guint64) g_rand_int (rand) << g_rand_int_range (rand, 0, 40);
              len = GUINT64_TO_LE (len);
              memcpy (buf, &len, 8);
            }
          break;
        case 4: /* append a few bytes */
          {
            int extra = g_rand_int_range (rand, 1, 16);
            for (int i = 0; i < extra; i++)
              buf[n + (gsize) i] = (guint8) g_rand_int (rand);
            n += (gsize) extra;
          }
          break;
        default: /* copy a run of bytes over another place */
          if (n > 2)
            {
              gsize from = (gsize) g_rand_int_range (rand, 0, (gint32) n);
              gsize to = (gsize) g_rand_int_range (rand, 0, (gint32) n);
              gsize len = (gsize) g_rand_int_range (rand, 1, 32);

              /* MIN evaluates its arguments twice: no calls inside. */
              len = MIN (len, n - MAX (from, to));
              memmove (buf + to, buf + from, len);
            }
          break;
        }
      run_one (buf, n);
    }
}

static void
run_file (GRand      *rand,
          const char *path,
          guint      *n_files)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *contents = NULL;
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, &error))
    g_error ("%s", error->message);
  run_one ((const guint8 *) contents, size);
  mutate_and_run (rand, (const guint8 *) contents, size);
  (*n_files)++;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  guint n_files = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          const char *name;

          if (dir == NULL)
            g_error ("%s", error->message);
          while ((name = g_dir_read_name (dir)) != NULL)
            g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
          g_ptr_array_sort (names, compare_names);
          for (guint j = 0; j < names->len; j++)
            run_file (rand, names->pdata[j], &n_files);
        }
      else
        run_file (rand, argv[i], &n_files);
    }
  if (n_files == 0)
    g_error ("no input files");
  printf ("%u files, %u inputs each: no failure\n", n_files,
          1 + MUTATIONS_PER_FILE);
  return 0;
}

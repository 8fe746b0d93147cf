/* lq-test-audio.c */
#include "lq-test-audio.h"

#include <ebur128.h>
#include <glib/gstdio.h>
#include <math.h>

void
lq_test_write (const char *path,
               int format,
               guint rate,
               guint channels,
               guint64 frames,
               LqTestSignal signal,
               gpointer data,
               const char *title)
{
  SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
  SNDFILE *file = sf_open (path, SFM_WRITE, &info);
  g_autofree double *buf = g_new (double, 4096 * channels);

  if (file == NULL)
    g_error ("cannot write %s: %s", path, sf_strerror (NULL));
  if (title != NULL)
    sf_set_string (file, SF_STR_TITLE, title);
  /* Keep float data as written, no normalisation surprises. */
  sf_command (file, SFC_SET_CLIPPING, NULL, SF_TRUE);

  for (guint64 done = 0; done < frames;)
    {
      guint64 n = MIN (4096, frames - done);

      for (guint64 i = 0; i < n; i++)
        for (guint c = 0; c < channels; c++)
          buf[i * channels + c] = signal (done + i, c, rate, data);
      g_assert_cmpint (sf_writef_double (file, buf, n), ==, n);
      done += n;
    }
  g_assert_cmpint (sf_close (file), ==, 0);
}

double
lq_test_sine_1k (guint64 i,
                 guint c,
                 guint rate,
                 gpointer data)
{
  double dbfs = *(double *) data;

  return pow (10.0, dbfs / 20.0) * sin (2.0 * G_PI * 1000.0 * (double) i / rate);
}

double
lq_test_noise (guint64 i,
               guint   c)
{
  guint64 z = (i * 2 + c + 7) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return (double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

double
lq_test_tilted_noise (guint64  i,
                      guint    c,
                      guint    rate,
                      gpointer data)
{
  int tilt = GPOINTER_TO_INT (data);
  double sum = 0.0;

  if (tilt == 1)
    return 0.1 * lq_test_noise (i, c);
  if (tilt == 2)
    return 0.1 * (lq_test_noise (i + 1, c) - lq_test_noise (i, c));
  for (guint k = 0; k < 8; k++)
    sum += lq_test_noise (i + k, c);
  return 0.1 * sum / 2.0;
}

int
lq_test_run_cli_argv (const char *dir,
                      char **out,
                      char **err,
                      const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("LQ_CLI");
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  g_assert_true (g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

int
lq_test_run_cli (const char *dir,
                 char **out,
                 char **err,
                 va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);
  return lq_test_run_cli_argv (dir, out, err, (const char *const *) args->pdata);
}

char *
lq_test_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

char *
lq_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lacquer-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
lq_test_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        lq_test_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

double
lq_test_ebur128 (const char *path, double *true_peak_db)
{
  SF_INFO info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &info);
  ebur128_state *st;
  g_autofree float *buf = NULL;
  sf_count_t got;
  double lufs, peak = 0.0;
  int mode = EBUR128_MODE_I | (true_peak_db != NULL ? EBUR128_MODE_TRUE_PEAK : 0);

  g_assert_nonnull (file);
  st = ebur128_init ((unsigned) info.channels, (unsigned long) info.samplerate, mode);
  g_assert_nonnull (st);
  buf = g_new (float, (gsize) 4096 * (gsize) info.channels);
  while ((got = sf_readf_float (file, buf, 4096)) > 0)
    g_assert_cmpint (ebur128_add_frames_float (st, buf, (size_t) got), ==, EBUR128_SUCCESS);
  sf_close (file);
  g_assert_cmpint (ebur128_loudness_global (st, &lufs), ==, EBUR128_SUCCESS);
  if (true_peak_db != NULL)
    {
      for (int c = 0; c < info.channels; c++)
        {
          double p;

          g_assert_cmpint (ebur128_true_peak (st, (unsigned) c, &p), ==, EBUR128_SUCCESS);
          peak = MAX (peak, p);
        }
      *true_peak_db = 20.0 * log10 (peak);
    }
  ebur128_destroy (&st);
  return lufs;
}

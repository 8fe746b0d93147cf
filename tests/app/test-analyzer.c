/* test-analyzer.c: what lq_analyze_file measures, on signals whose answers are known. */
#include <glib/gstdio.h>
#include <math.h>

#include "lq-analyzer.h"
#include "lq-error.h"
#include "lq-test-audio.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

static LqTrackAnalysis *
analyze (const char *path)
{
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *a = lq_analyze_file (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static double
dc_signal (guint64 i, guint c, guint rate, gpointer data)
{
  /* A 100 Hz sine on a DC offset of 0.01 (left) and -0.001 (right). */
  return (c == 0 ? 0.01 : -0.001) + 0.2 * sin (2 * G_PI * 100.0 * i / rate);
}

static void
test_dc_offset (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "dc.wav", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  const LqTrackMeasures *m;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 48000 * 2, dc_signal, NULL, NULL);
  a = analyze (path);
  m = lq_track_analysis_get_measures (a);
  g_assert_cmpfloat_with_epsilon (m->dc_offset_db[0], -40.0, 0.01);
  g_assert_cmpfloat_with_epsilon (m->dc_offset_db[1], -60.0, 0.01);
}

static double
phase_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double sign = *(double *) data;
  double x = 0.3 * sin (2 * G_PI * 440.0 * i / rate) + 0.1 * sin (2 * G_PI * 3000.0 * i / rate);

  return c == 0 ? x : sign * x;
}

static void
test_correlation (Fixture *f, gconstpointer data)
{
  double signs[] = { 1.0, -1.0 };

  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/phase%u.wav", f->dir, k);
      g_autoptr(LqTrackAnalysis) a = NULL;

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 2, phase_signal, &signs[k], NULL);
      a = analyze (path);
      g_assert_cmpfloat_with_epsilon (lq_track_analysis_get_measures (a)->correlation, signs[k], 1e-4);
    }
}

static double
clip_signal (guint64 i, guint c, guint rate, gpointer data)
{
  /* A 100 Hz sine driven 6 dB into the rails: flat tops of many samples. */
  double x = 2.0 * sin (2 * G_PI * 100.0 * i / rate);

  return c == 0 ? CLAMP (x, -1.0, 1.0) : 0.5 * sin (2 * G_PI * 100.0 * i / rate);
}

static void
test_clipping (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "clip.wav", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  const LqTrackMeasures *m;
  guint64 expected = 0;
  guint run = 0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, clip_signal, NULL, NULL);
  a = analyze (path);
  m = lq_track_analysis_get_measures (a);

  /* Count the expected runs from the same 16-bit values libsndfile wrote. */
  for (guint64 i = 0; i <= 44100; i++)
    {
      double x = i < 44100 ? clip_signal (i, 0, 44100, NULL) : 0.0;
      gboolean full = fabs (x) >= 1.0;

      if (full)
        run++;
      else
        {
          if (run >= 3)
            expected += run;
          run = 0;
        }
    }
  g_assert_cmpuint (expected, >, 1000);
  g_assert_cmpuint (m->clipped_samples, ==, expected);
  g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, 0.0, 0.01);
  /* A clipped square-ish wave overshoots between samples. */
  g_assert_cmpfloat (m->true_peak_dbtp, >, 0.0);
}

static double
zero_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.0;
}

/* Digital silence has no loudness, no peak and no correlation: NAN, not -inf. */
static void
test_silence (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "silence.wav", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  const LqTrackMeasures *m;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100 * 5, zero_signal, NULL, NULL);
  a = analyze (path);
  m = lq_track_analysis_get_measures (a);
  g_assert_true (isnan (m->integrated_lufs));
  g_assert_true (isnan (m->lra_lu));
  g_assert_true (isnan (m->max_momentary_lufs));
  g_assert_true (isnan (m->max_short_term_lufs));
  g_assert_true (isnan (m->sample_peak_dbfs));
  g_assert_true (isnan (m->true_peak_dbtp));
  g_assert_true (isnan (m->plr_db));
  g_assert_true (isnan (m->dc_offset_db[0]));
  g_assert_true (isnan (m->correlation));
  g_assert_cmpuint (m->clipped_samples, ==, 0);
  g_assert_cmpfloat_with_epsilon (m->duration_s, 5.0, 1e-9);
}

/* Under 400 ms there is no gating block: no integrated loudness, but peaks. */
static void
test_short (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "short.wav", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  const LqTrackMeasures *m;
  double dbfs = -10.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 3 / 10, lq_test_sine_1k, &dbfs, NULL);
  a = analyze (path);
  m = lq_track_analysis_get_measures (a);
  g_assert_true (isnan (m->integrated_lufs));
  g_assert_true (isnan (m->max_momentary_lufs));
  g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, -10.0, 0.01);
}

static double
burst_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;
  /* 10 s at -30 dBFS, then 10 s at -20 dBFS, then 10 s at -30 dBFS. */
  double dbfs = t >= 10.0 && t < 20.0 ? -20.0 : -30.0;

  return pow (10.0, dbfs / 20.0) * sin (2 * G_PI * 1000.0 * i / rate);
}

static void
test_measures (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "bursts.flac", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  const LqTrackMeasures *m;
  double energy;

  lq_test_write (path, SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000, 2, 48000 * 30, burst_signal, NULL, "Bursts");
  a = analyze (path);
  m = lq_track_analysis_get_measures (a);

  /* Both levels pass the relative gate: integrated is the energy mean. */
  energy = (20.0 * pow (10.0, -3.0) + 10.0 * pow (10.0, -2.0)) / 30.0;
  g_assert_cmpfloat_with_epsilon (m->integrated_lufs, 10 * log10 (energy), 0.1);
  g_assert_cmpfloat_with_epsilon (m->max_momentary_lufs, -20.0, 0.05);
  g_assert_cmpfloat_with_epsilon (m->max_short_term_lufs, -20.0, 0.05);
  g_assert_cmpfloat_with_epsilon (m->lra_lu, 10.0, 1.0);
  g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, -20.0, 0.01);
  g_assert_cmpfloat_with_epsilon (m->plr_db, m->true_peak_dbtp - m->integrated_lufs, 1e-12);
  g_assert_cmpstr (lq_track_analysis_get_display_name (a), ==, "Bursts");
  g_assert_cmpuint (lq_track_analysis_get_momentary_energies (a)->len, ==, 300 - 3);
  g_assert_cmpuint (lq_track_analysis_get_short_term_energies (a)->len, ==, 300 - 29);
}

static void
test_display_name (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "07 My Song.final.wav", NULL);
  g_autoptr(LqTrackAnalysis) a = NULL;
  double dbfs = -20.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1, 44100, lq_test_sine_1k, &dbfs, NULL);
  a = analyze (path);
  g_assert_null (lq_track_analysis_get_title (a));
  g_assert_cmpstr (lq_track_analysis_get_display_name (a), ==, "07 My Song.final");
}

/* Source audio is never modified: same bytes and same mtime after analysis. */
static void
test_source_untouched (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "source.wav", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(LqTrackAnalysis) a = NULL;
  GStatBuf st1, st2;
  double dbfs = -14.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 3, lq_test_sine_1k, &dbfs, "Keep");
  before = lq_test_checksum (path);
  g_assert_cmpint (g_stat (path, &st1), ==, 0);
  a = analyze (path);
  after = lq_test_checksum (path);
  g_assert_cmpint (g_stat (path, &st2), ==, 0);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (st1.st_mtime, ==, st2.st_mtime);
  g_assert_cmpint (st1.st_size, ==, st2.st_size);
}

static void
cancel_on_progress (double fraction, gpointer data)
{
  if (fraction > 0.2)
    g_cancellable_cancel (data);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "long.wav", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) a = NULL;
  double dbfs = -20.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100 * 10, lq_test_sine_1k, &dbfs, NULL);
  a = lq_analyze_file (path, cancellable, cancel_on_progress, cancellable, &error);
  g_assert_null (a);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* No crash and no hang on damaged files: flip, cut and overwrite bytes of
 * valid files many times; each attempt ends in a result or a clear error. */
static void
test_damaged (Fixture *f, gconstpointer data)
{
  const int formats[] = {
    SF_FORMAT_WAV | SF_FORMAT_PCM_16, SF_FORMAT_AIFF | SF_FORMAT_PCM_24,
    SF_FORMAT_FLAC | SF_FORMAT_PCM_16, SF_FORMAT_OGG | SF_FORMAT_VORBIS,
  };
  const char *ext[] = { "wav", "aiff", "flac", "ogg" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1770);
  guint ok = 0, failed = 0;

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autofree char *good = g_strdup_printf ("%s/good.%s", f->dir, ext[k]);
      g_autofree char *contents = NULL;
      gsize len;
      double dbfs = -12.0;

      lq_test_write (good, formats[k], 44100, 2, 44100 / 2, lq_test_sine_1k, &dbfs, "T");
      g_assert_true (g_file_get_contents (good, &contents, &len, NULL));

      for (guint round = 0; round < 60; round++)
        {
          g_autofree char *bad = g_strdup_printf ("%s/bad-%u.%s", f->dir, round, ext[k]);
          g_autofree char *copy = g_memdup2 (contents, len);
          gsize n = len;
          g_autoptr(GError) error = NULL;
          g_autoptr(LqTrackAnalysis) a = NULL;

          switch (round % 3)
            {
            case 0: /* flip bytes in the header region */
              for (guint j = 0; j < 4; j++)
                copy[g_rand_int_range (rand, 0, MIN (len, 128))] ^= 1 << g_rand_int_range (rand, 0, 8);
              break;
            case 1: /* cut anywhere */
              n = g_rand_int_range (rand, 1, len);
              break;
            default: /* garbage over a random span */
              {
                gsize at = g_rand_int_range (rand, 0, len);
                for (gsize j = at; j < MIN (len, at + 256); j++)
                  copy[j] = g_rand_int (rand);
              }
            }
          g_assert_true (g_file_set_contents (bad, copy, n, NULL));
          a = lq_analyze_file (bad, NULL, NULL, NULL, &error);
          g_assert_true ((a == NULL) != (error == NULL));
          if (a != NULL)
            ok++;
          else
            {
              g_assert_cmpuint (strlen (error->message), >, 0);
              failed++;
            }
        }
    }
  g_test_message ("damaged files: %u analysed, %u refused", ok, failed);
  g_assert_cmpuint (failed, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/analyzer/dc-offset", test_dc_offset);
  ADD ("/analyzer/correlation", test_correlation);
  ADD ("/analyzer/clipping", test_clipping);
  ADD ("/analyzer/silence", test_silence);
  ADD ("/analyzer/short", test_short);
  ADD ("/analyzer/measures", test_measures);
  ADD ("/analyzer/display-name", test_display_name);
  ADD ("/analyzer/source-untouched", test_source_untouched);
  ADD ("/analyzer/cancel", test_cancel);
  ADD ("/analyzer/damaged", test_damaged);
#undef ADD

  return g_test_run ();
}

/* test-engine-rates.c: the engine at another rate than the track's.
 *
 * - A 44.1 kHz sine played by an engine at 48 kHz is that sine at 48 kHz:
 *   its frequency (zero crossings), its level (within 0.05 dB) and its phase
 *   (the timeline is at 48 kHz: frame k is the time k / 48000).
 * - A 48 kHz reference with a 44.1 kHz track is accepted and plays at its
 *   pitch; the track at its own rate is still bit-identical to the export.
 * - A seek while resampling plays what a sequential read from the start
 *   gives there, to below -100 dBFS.
 * - Changing the output rate of a loaded engine keeps the heard time. */
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-resampled-source.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"

#define OUT_RATE 48000
#define SINE_HZ 997.0
#define REF_HZ 1500.0
#define SINE_AMP 0.5
#define SECONDS 2

static double
sine_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return SINE_AMP * sin (2 * G_PI * *(const double *) data * (double) i / rate);
}

static char *
write_sine (const char *dir, const char *name, guint rate, double hz)
{
  char *path = g_build_filename (dir, name, NULL);
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, rate, 2, (guint64) SECONDS * rate,
                 sine_signal, &hz, NULL);
  return path;
}

/* The frequency (from the zero crossings of the left channel), the level
 * in dB relative to a sine of SINE_AMP, and the largest difference from the
 * sine of @hz at @rate, over heard frames [a, b) that start at timeline
 * frame @from. */
static void
measure (const float *x, gint64 a, gint64 b, gint64 from, guint rate, double hz,
         double *freq, double *level_db, double *max_err)
{
  double sum = 0.0, err = 0.0;
  gint64 crossings = 0, first = -1, last = -1;

  for (gint64 k = a; k < b; k++)
    {
      double want = SINE_AMP * sin (2 * G_PI * hz * (double) (from + k) / rate);

      err = MAX (err, fabs (x[2 * k] - want));
      err = MAX (err, fabs (x[2 * k + 1] - want));
      sum += (double) x[2 * k] * x[2 * k];
      if (k > a && x[2 * k - 2] < 0 && x[2 * k] >= 0)
        {
          /* Rising crossings: whole periods between the first and the last. */
          if (first < 0)
            first = k;
          last = k;
          crossings++;
        }
    }
  *freq = (double) (crossings - 1) * rate / (double) (last - first);
  *level_db = 10 * log10 (sum / (double) (b - a)) - 20 * log10 (SINE_AMP / sqrt (2));
  *max_err = err;
}

static LqEngine *
load_at (const char *path, guint output_rate)
{
  g_autoptr (GError) error = NULL;
  LqEngine *engine = lq_engine_new ();
  LqRenderSpec spec;

  g_assert_true (lq_engine_set_output_rate (engine, output_rate, &error));
  et_spec_init (&spec, path, FALSE);
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_no_error (error);
  et_spec_clear (&spec);
  return engine;
}

static void
test_sine (EtFixture *f, gconstpointer data)
{
  g_autofree char *path = write_sine (f->dir, "sine.wav", ET_RATE, SINE_HZ);
  g_autoptr (LqEngine) engine = load_at (path, OUT_RATE);
  g_autofree float *heard = NULL;
  gint64 n = OUT_RATE;
  double freq, level, err;

  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, OUT_RATE);
  g_assert_cmpuint (lq_engine_get_track_rate (engine), ==, ET_RATE);
  g_assert_cmpint (lq_engine_get_length (engine), ==, SECONDS * OUT_RATE);
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  et_start (engine, OUT_RATE / 4, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  measure (heard, 0, n, OUT_RATE / 4, OUT_RATE, SINE_HZ, &freq, &level, &err);
  g_test_message ("%.3f Hz, %.4f dB, max error %.3g", freq, level, err);
  g_assert_cmpfloat (fabs (freq - SINE_HZ), <, 0.5);
  g_assert_cmpfloat (fabs (level), <, 0.05);
  g_assert_cmpfloat (err, <, 1e-4);

  /* Master with a neutral chain: the same sine. */
  lq_engine_set_source (engine, LQ_PLAYBACK_MASTER);
  g_free (heard);
  et_start (engine, OUT_RATE / 4, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  measure (heard, 0, n, OUT_RATE / 4, OUT_RATE, SINE_HZ, &freq, &level, &err);
  g_assert_cmpfloat (fabs (freq - SINE_HZ), <, 0.5);
  g_assert_cmpfloat (fabs (level), <, 0.05);
}

static void
test_reference (EtFixture *f, gconstpointer data)
{
  g_autofree char *ref = write_sine (f->dir, "ref48.wav", OUT_RATE, REF_HZ);
  g_autoptr (GError) error = NULL;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *heard = NULL;
  g_autofree float *rendered = NULL;
  LqRenderSpec spec;
  gint64 n = ET_RATE, frames;
  double freq, level, err;

  et_spec_init (&spec, f->track, TRUE);
  engine = lq_engine_new ();
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_no_error (error);
  /* Refused before the reader resampled: "the reference is at 48000 Hz". */
  g_assert_true (lq_engine_set_reference (engine, ref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, ET_RATE);

  lq_engine_set_source (engine, LQ_PLAYBACK_REFERENCE);
  et_start (engine, ET_RATE / 2, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  measure (heard, 0, n, ET_RATE / 2, ET_RATE, REF_HZ, &freq, &level, &err);
  g_test_message ("reference: %.3f Hz, %.4f dB, max error %.3g", freq, level, err);
  g_assert_cmpfloat (fabs (freq - REF_HZ), <, 0.5);
  g_assert_cmpfloat (fabs (level), <, 0.05);
  g_assert_cmpfloat (err, <, 1e-4);

  /* The track at its own rate: still the export, bit for bit. */
  lq_engine_set_source (engine, LQ_PLAYBACK_MASTER);
  rendered = et_render (&spec, f->dir, &frames);
  g_free (heard);
  et_start (engine, 0, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  g_assert_cmpint (memcmp (heard, rendered, (gsize) n * 2 * sizeof (float)), ==, 0);
  et_spec_clear (&spec);
}

static void
test_seek (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = load_at (f->track, OUT_RATE);
  g_autoptr (GError) error = NULL;
  g_autoptr (LqResampledSource) source = NULL;
  g_autofree float *l = NULL;
  g_autofree float *r = NULL;
  const gint64 seeks[] = { 0, 12345, 3 * OUT_RATE + 7 };
  gint64 length = lq_engine_get_length (engine), n = 8192;
  LqRenderSpec spec;

  /* The whole timeline read sequentially at 48 kHz. */
  et_spec_init (&spec, f->track, FALSE);
  source = lq_resampled_source_new (lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error),
                                    OUT_RATE, &error);
  g_assert_no_error (error);
  et_spec_clear (&spec);
  g_assert_cmpint (lq_resampled_source_get_length (source), ==, length);
  l = g_new (float, length);
  r = g_new (float, length);
  for (gint64 done = 0; done < length;)
    {
      float *ch[2] = { l + done, r + done };
      gssize got = lq_resampled_source_read (source, ch, 4096, &error);

      g_assert_cmpint (got, >, 0);
      done += got;
    }

  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  for (guint i = 0; i < G_N_ELEMENTS (seeks); i++)
    {
      g_autofree float *heard = NULL;
      double m = 0.0;

      et_start (engine, seeks[i], ET_BLOCK);
      heard = et_play (engine, n, ET_BLOCK);
      for (gint64 k = 0; k < n; k++)
        {
          m = MAX (m, fabs (heard[2 * k] - l[seeks[i] + k]));
          m = MAX (m, fabs (heard[2 * k + 1] - r[seeks[i] + k]));
        }
      g_test_message ("seek to %" G_GINT64_FORMAT ": max difference %.3g", seeks[i], m);
      g_assert_cmpfloat (m, <, 1e-5);
    }
}

static void
test_set_rate (EtFixture *f, gconstpointer data)
{
  g_autofree char *path = write_sine (f->dir, "sine.wav", ET_RATE, SINE_HZ);
  g_autofree char *ref = write_sine (f->dir, "ref48.wav", OUT_RATE, REF_HZ);
  g_autoptr (LqEngine) engine = load_at (path, 0);
  g_autoptr (GError) error = NULL;
  g_autofree float *heard = NULL;
  double freq, level, err;

  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, ET_RATE);
  g_assert_cmpint (lq_engine_get_length (engine), ==, SECONDS * ET_RATE);
  g_assert_true (lq_engine_set_reference (engine, ref, &error));
  lq_engine_seek (engine, ET_RATE / 2);

  g_assert_true (lq_engine_set_output_rate (engine, OUT_RATE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, OUT_RATE);
  g_assert_cmpuint (lq_engine_get_track_rate (engine), ==, ET_RATE);
  g_assert_cmpint (lq_engine_get_length (engine), ==, SECONDS * OUT_RATE);
  g_assert_cmpint (lq_engine_get_position (engine), ==, OUT_RATE / 2);
  g_assert_false (lq_engine_get_playing (engine));

  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  et_start (engine, OUT_RATE / 2, ET_BLOCK);
  heard = et_play (engine, OUT_RATE / 2, ET_BLOCK);
  measure (heard, 0, OUT_RATE / 2, OUT_RATE / 2, OUT_RATE, SINE_HZ, &freq, &level, &err);
  g_assert_cmpfloat (err, <, 1e-4);
  /* The reference now at its own rate. */
  lq_engine_set_source (engine, LQ_PLAYBACK_REFERENCE);
  g_free (heard);
  et_start (engine, OUT_RATE / 2, ET_BLOCK);
  heard = et_play (engine, OUT_RATE / 2, ET_BLOCK);
  measure (heard, 0, OUT_RATE / 2, OUT_RATE / 2, OUT_RATE, REF_HZ, &freq, &level, &err);
  g_assert_cmpfloat (err, <, 1e-6);

  /* Back to the track's rate. */
  g_assert_true (lq_engine_set_output_rate (engine, 0, &error));
  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, ET_RATE);
  g_assert_cmpint (lq_engine_get_length (engine), ==, SECONDS * ET_RATE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine-rates/sine", EtFixture, NULL, et_fixture_setup, test_sine,
              et_fixture_teardown);
  g_test_add ("/engine-rates/reference", EtFixture, NULL, et_fixture_setup, test_reference,
              et_fixture_teardown);
  g_test_add ("/engine-rates/seek", EtFixture, NULL, et_fixture_setup, test_seek,
              et_fixture_teardown);
  g_test_add ("/engine-rates/set-rate", EtFixture, NULL, et_fixture_setup, test_set_rate,
              et_fixture_teardown);
  return g_test_run ();
}

/* test-resampled-source.c: LqResampledSource, a source stage at another
 * sample rate.
 *
 * - A 44.1 kHz sine read at 48 kHz is that sine at 48 kHz: the same level
 *   (within 0.05 dB), frequency and phase (frame k is the time k / 48000:
 *   the timelines stay aligned).
 * - A seek gives what a sequential read from frame 0 gives there, to below
 *   -100 dBFS (exactly when the seek restarts at frame 0), also past the
 *   stage's end (the filter's tail) and at the length.
 * - At the stage's own rate the frames pass through untouched.
 * - Changing the output rate keeps the heard time. */
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-error.h"
#include "lq-resampled-source.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"

#define SINE_HZ 997.0
#define SINE_AMP 0.5
#define OUT_RATE 48000
/* -100 dBFS */
#define SEEK_TOLERANCE 1e-5

static double
sine_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return SINE_AMP * sin (2 * G_PI * SINE_HZ * (double) i / rate + 0.25 * c);
}

static LqResampledSource *
open_source (const char *path, guint rate)
{
  g_autoptr (GError) error = NULL;
  LqRenderSpec spec;
  LqSourceStage *stage;
  LqResampledSource *source;

  et_spec_init (&spec, path, FALSE);
  stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_NONE, &error);
  g_assert_no_error (error);
  et_spec_clear (&spec);
  source = lq_resampled_source_new (stage, rate, &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  return source;
}

/* Reads @n frames (fewer at the end) into a new interleaved array. */
static float *
read_frames (LqResampledSource *source, gint64 n, gint64 *got)
{
  g_autoptr (GError) error = NULL;
  g_autofree float *l = g_new0 (float, n);
  g_autofree float *r = g_new0 (float, n);
  float *out = g_new0 (float, (gsize) n * 2 + 2);
  gint64 done = 0;

  while (done < n)
    {
      /* Odd block sizes: the output must not depend on them. */
      float *ch[2] = { l + done, r + done };
      gssize k = lq_resampled_source_read (source, ch, (gsize) MIN (n - done, 1001), &error);

      g_assert_no_error (error);
      g_assert_cmpint (k, >=, 0);
      if (k == 0)
        break;
      done += k;
    }
  for (gint64 k = 0; k < done; k++)
    {
      out[2 * k] = l[k];
      out[2 * k + 1] = r[k];
    }
  *got = done;
  return out;
}

static void
test_sine (EtFixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "sine.wav", NULL);
  g_autoptr (LqResampledSource) source = NULL;
  g_autofree float *out = NULL;
  gint64 in_frames = 3 * ET_RATE, length, got;
  double sum = 0.0, max_err = 0.0;
  gint64 a, b, crossings = 0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, ET_RATE, 2, (guint64) in_frames,
                 sine_signal, NULL, NULL);
  source = open_source (path, OUT_RATE);
  g_assert_true (lq_resampled_source_is_resampling (source));
  g_assert_cmpuint (lq_resampled_source_get_sample_rate (source), ==, OUT_RATE);
  g_assert_cmpuint (lq_resampled_source_get_input_rate (source), ==, ET_RATE);
  length = lq_resampled_source_get_length (source);
  g_assert_cmpint (length, ==, 3 * OUT_RATE);
  out = read_frames (source, length + 100, &got);
  g_assert_cmpint (got, ==, length);
  g_assert_cmpint (lq_resampled_source_get_position (source), ==, length);

  /* Away from the edges (the input starts and stops abruptly). */
  a = OUT_RATE / 10;
  b = length - OUT_RATE / 10;
  for (gint64 k = a; k < b; k++)
    {
      double t = (double) k / OUT_RATE;

      for (int c = 0; c < 2; c++)
        {
          double want = SINE_AMP * sin (2 * G_PI * SINE_HZ * t + 0.25 * c);

          max_err = MAX (max_err, fabs (out[2 * k + c] - want));
        }
      sum += (double) out[2 * k] * out[2 * k];
      if (k > a && (out[2 * k - 2] < 0) != (out[2 * k] < 0))
        crossings++;
    }
  g_test_message ("sine: max error %.3g, level %.4f dB", max_err,
                  10 * log10 (sum / (double) (b - a)) - 20 * log10 (SINE_AMP / sqrt (2)));
  /* The level within 0.05 dB. */
  g_assert_cmpfloat (fabs (10 * log10 (sum / (double) (b - a)) - 20 * log10 (SINE_AMP / sqrt (2))),
                     <, 0.05);
  /* The frequency: two zero crossings a period. */
  g_assert_cmpfloat (fabs ((double) crossings / 2 / ((double) (b - a) / OUT_RATE) - SINE_HZ), <, 1.0);
  /* Frequency, level and phase at once: the sine itself, to -90 dBFS. */
  g_assert_cmpfloat (max_err, <, 3e-5);
}

static void
assert_close (const float *a, const float *b, gint64 frames, double tolerance, gint64 at)
{
  double m = 0.0;

  for (gint64 k = 0; k < frames * 2; k++)
    m = MAX (m, fabs ((double) a[k] - b[k]));
  g_test_message ("seek to %" G_GINT64_FORMAT ": max difference %.3g", at, m);
  if (m > tolerance)
    g_error ("seek to %" G_GINT64_FORMAT ": differs by %.3g (%.1f dBFS)", at, m, 20 * log10 (m));
}

static void
test_seek (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqResampledSource) source = open_source (f->track, OUT_RATE);
  g_autofree float *all = NULL;
  gint64 length = lq_resampled_source_get_length (source), got;
  const gint64 targets[] = { 0, 1, 159, 160, 161, 8191, 8192, 9000, 12345, 100003,
                             OUT_RATE * 3 + 17 };
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (length, ==, (f->frames * OUT_RATE + ET_RATE - 1) / ET_RATE);
  all = read_frames (source, length, &got);
  g_assert_cmpint (got, ==, length);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      gint64 at = targets[i], n = MIN (20000, length - at);
      g_autofree float *part = NULL;

      g_assert_true (lq_resampled_source_seek (source, at, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lq_resampled_source_get_position (source), ==, at);
      part = read_frames (source, n, &got);
      g_assert_cmpint (got, ==, n);
      /* Restarted at 0: the same computation. */
      assert_close (all + 2 * at, part, n, at < 8192 ? 0.0 : SEEK_TOLERANCE, at);
    }

  /* The last frames: the filter's tail after the stage's end. */
  {
    g_autofree float *part = NULL;

    g_assert_true (lq_resampled_source_seek (source, length - 300, &error));
    part = read_frames (source, 1000, &got);
    g_assert_cmpint (got, ==, 300);
    assert_close (all + 2 * (length - 300), part, 300, SEEK_TOLERANCE, length - 300);
  }
  /* At the length: nothing more; past it: an error, the position kept. */
  g_assert_true (lq_resampled_source_seek (source, length, &error));
  g_assert_no_error (error);
  g_free (read_frames (source, 10, &got));
  g_assert_cmpint (got, ==, 0);
  g_assert_false (lq_resampled_source_seek (source, length + 1, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_cmpint (lq_resampled_source_get_position (source), ==, length);
}

static void
test_native (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqResampledSource) source = open_source (f->track, 0);
  g_autoptr (LqResampledSource) same = open_source (f->track, ET_RATE);
  g_autofree float *stage = NULL;
  g_autofree float *out = NULL;
  g_autofree float *out_same = NULL;
  LqRenderSpec spec;
  g_autoptr (GError) error = NULL;
  gint64 got;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, 1234, 50000);
  et_spec_clear (&spec);
  g_assert_false (lq_resampled_source_is_resampling (source));
  g_assert_false (lq_resampled_source_is_resampling (same));
  g_assert_cmpuint (lq_resampled_source_get_sample_rate (source), ==, ET_RATE);
  g_assert_cmpint (lq_resampled_source_get_length (source), ==, f->frames);
  g_assert_true (lq_resampled_source_seek (source, 1234, &error));
  g_assert_true (lq_resampled_source_seek (same, 1234, &error));
  out = read_frames (source, 50000, &got);
  g_assert_cmpint (got, ==, 50000);
  out_same = read_frames (same, 50000, &got);
  g_assert_cmpint (memcmp (out, stage, 50000 * 2 * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (out_same, stage, 50000 * 2 * sizeof (float)), ==, 0);
}

static void
test_set_rate (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqResampledSource) source = open_source (f->track, 0);
  g_autoptr (LqResampledSource) fresh = open_source (f->track, OUT_RATE);
  g_autoptr (GError) error = NULL;
  g_autofree float *a = NULL;
  g_autofree float *b = NULL;
  gint64 got;

  g_assert_true (lq_resampled_source_seek (source, ET_RATE, &error));
  g_assert_true (lq_resampled_source_set_output_rate (source, OUT_RATE, &error));
  g_assert_no_error (error);
  g_assert_true (lq_resampled_source_is_resampling (source));
  g_assert_cmpint (lq_resampled_source_get_position (source), ==, OUT_RATE);
  g_assert_cmpint (lq_resampled_source_get_length (source), ==,
                   lq_resampled_source_get_length (fresh));
  g_assert_true (lq_resampled_source_seek (fresh, OUT_RATE, &error));
  a = read_frames (source, 4096, &got);
  b = read_frames (fresh, 4096, &got);
  assert_close (a, b, 4096, 0.0, OUT_RATE);

  /* And back: the native frames again. */
  g_assert_true (lq_resampled_source_set_output_rate (source, 0, &error));
  g_assert_false (lq_resampled_source_is_resampling (source));
  g_assert_cmpint (lq_resampled_source_get_length (source), ==, f->frames);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/resampled-source/sine", EtFixture, NULL, et_fixture_setup, test_sine,
              et_fixture_teardown);
  g_test_add ("/resampled-source/seek", EtFixture, NULL, et_fixture_setup, test_seek,
              et_fixture_teardown);
  g_test_add ("/resampled-source/native", EtFixture, NULL, et_fixture_setup, test_native,
              et_fixture_teardown);
  g_test_add ("/resampled-source/set-rate", EtFixture, NULL, et_fixture_setup, test_set_rate,
              et_fixture_teardown);
  return g_test_run ();
}

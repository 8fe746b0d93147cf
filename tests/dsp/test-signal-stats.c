/* test-signal-stats.c: LqSignalStats on signals whose statistics are known
 * in closed form. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-test-util.h"
#include "lq-signal-stats.h"

static void
run (LqSignalStats *st, const float *l, const float *r, uint32_t n, uint32_t block)
{
  for (uint32_t pos = 0; pos < n; pos += block)
    {
      const float *ch[2] = { l + pos, r != NULL ? r + pos : NULL };

      lq_signal_stats_process (st, ch, MIN (block, n - pos));
    }
}

static void
get (const float *l, const float *r, uint32_t n, uint32_t block, float full_scale,
     LqSignalStatsResult *res)
{
  LqSignalStats *st = lq_signal_stats_new (r != NULL ? 2 : 1, full_scale);

  g_assert_nonnull (st);
  run (st, l, r, n, block);
  memset (res, 0, sizeof *res);
  lq_signal_stats_get_result (st, res);
  lq_signal_stats_free (st);
}

static void
test_dc_and_peak (void)
{
  const uint32_t n = 48000;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  LqSignalStatsResult res;

  /* 0.25 plus 100 whole periods of a sine: mean 0.25, peak 0.75. */
  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.25 + 0.5 * sin (2.0 * G_PI * 100.0 * i / n));
      r[i] = -0.1f;
    }
  l[12345] = -0.8f;
  get (l, r, n, 4096, 1.0f, &res);

  g_assert_cmpuint (res.frames, ==, n);
  g_assert_cmpfloat (res.sample_peak[0], ==, 0.8f);
  g_assert_cmpfloat (res.sample_peak[1], ==, 0.1f);
  /* The mean moves by the one altered sample: (-0.8 - l_orig) / n. */
  {
    double orig = 0.25 + 0.5 * sin (2.0 * G_PI * 100.0 * 12345 / n);

    g_assert_cmpfloat_with_epsilon (res.dc_offset[0], 0.25 + (-0.8 - orig) / n, 1e-6);
  }
  g_assert_cmpfloat_with_epsilon (res.dc_offset[1], -0.1, 1e-6);
  g_assert_cmpuint (res.clipped_samples, ==, 0);
  g_assert_cmpuint (res.nonfinite_samples, ==, 0);
}

static void
test_correlation (void)
{
  const uint32_t n = 480000;
  g_autofree float *a = g_new (float, n);
  g_autofree float *b = g_new (float, n);
  g_autofree float *inv = g_new (float, n);
  g_autofree float *zero = g_new0 (float, n);
  GRand *rand = g_rand_new_with_seed (4);
  LqSignalStatsResult res;

  for (uint32_t i = 0; i < n; i++)
    {
      a[i] = (float) (0.3 * dsp_test_gauss (rand));
      b[i] = (float) (0.3 * dsp_test_gauss (rand));
      inv[i] = -a[i];
    }

  get (a, a, n, 4096, 1.0f, &res);
  g_assert_cmpfloat_with_epsilon (res.correlation, 1.0, 1e-9);
  get (a, inv, n, 4096, 1.0f, &res);
  g_assert_cmpfloat_with_epsilon (res.correlation, -1.0, 1e-9);
  /* Independent noise: the estimate has a standard deviation of 1/sqrt(n);
   * five of them is a bound it never reaches by chance. */
  get (a, b, n, 4096, 1.0f, &res);
  g_test_message ("independent noise: correlation %.5f (1/sqrt(n) = %.5f)",
                  res.correlation, 1.0 / sqrt (n));
  g_assert_cmpfloat (fabs (res.correlation), <, 5.0 / sqrt (n));

  /* Undefined: one channel, or no energy to correlate. */
  get (a, NULL, n, 4096, 1.0f, &res);
  g_assert_true (isnan (res.correlation));
  get (zero, zero, n, 4096, 1.0f, &res);
  g_assert_true (isnan (res.correlation));

  g_rand_free (rand);
}

/* Builds a channel with clip runs of known lengths; returns the number of
 * samples inside runs of LQ_CLIP_MIN_RUN or more. */
static uint64_t
clip_pattern (float *x, uint32_t n, float fs_value)
{
  /* Run lengths, alternately positive and negative, with a gap of 5
   * ordinary samples before each. The last run ends the stream. */
  static const uint32_t runs[] = { 1, 2, 3, 2, 4, 7, 2, 3, 1, 5, 3 };
  uint32_t pos = 0;
  uint64_t expect = 0;

  memset (x, 0, n * sizeof (float));
  for (guint k = 0; k < G_N_ELEMENTS (runs); k++)
    {
      for (int g = 0; g < 5; g++)
        x[pos++] = 0.5f * (g % 2 ? 1.0f : -1.0f);
      for (uint32_t j = 0; j < runs[k]; j++)
        x[pos++] = k % 2 ? -fs_value : fs_value;
      if (runs[k] >= LQ_CLIP_MIN_RUN)
        expect += runs[k];
    }
  g_assert_cmpuint (pos, ==, n);
  return expect;
}

static void
test_clip_runs (void)
{
  const uint32_t n = 5 * 11 + 1 + 2 + 3 + 2 + 4 + 7 + 2 + 3 + 1 + 5 + 3;
  static const uint32_t blocks[] = { 1, 2, 3, 4, 37, 4096 };
  float l[n], r[n];
  uint64_t expect_l = clip_pattern (l, n, 1.0f);
  uint64_t expect_r;

  /* Right: one run of 4 samples above full scale (floats can exceed it),
   * one run of 2, and a run of 3 broken by a sample just below. */
  memset (r, 0, sizeof r);
  r[10] = r[11] = r[12] = r[13] = 1.25f;
  r[20] = r[21] = -1.0f;
  r[30] = r[31] = 1.0f;
  r[32] = 0.9999f;
  r[33] = 1.0f;
  expect_r = 4;

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      LqSignalStatsResult res;

      get (l, r, n, blocks[b], 1.0f, &res);
      g_test_message ("blocks of %u: %" G_GUINT64_FORMAT " clipped samples", blocks[b],
                      res.clipped_samples);
      g_assert_cmpuint (res.clipped_samples, ==, expect_l + expect_r);
    }

  /* 16-bit full scale: +32767 and -32768 codes, both read as clipped. */
  {
    float x[12] = { 0 };
    LqSignalStatsResult res;

    x[1] = x[2] = x[3] = 32767.0f / 32768.0f;
    x[5] = x[6] = x[7] = x[8] = -1.0f;
    x[9] = x[10] = x[11] = 32766.0f / 32768.0f;  /* one code below: not a clip */
    get (x, NULL, 12, 5, 32767.0f / 32768.0f, &res);
    g_assert_cmpuint (res.clipped_samples, ==, 7);
  }
}

static void
test_nonfinite (void)
{
  const uint32_t n = 1000;
  float l[1000], r[1000];
  LqSignalStatsResult res;

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = 0.5f * (float) sin (i * 0.1);
      r[i] = 0.25f;
    }
  l[10] = NAN;
  l[500] = INFINITY;
  r[999] = -INFINITY;
  get (l, r, n, 64, 1.0f, &res);

  g_assert_cmpuint (res.nonfinite_samples, ==, 3);
  g_assert_cmpuint (res.frames, ==, n);
  /* Non-finite samples are counted, not measured: they must not turn the
   * other statistics into NaN or infinity, nor count as clips. */
  g_assert_true (isfinite (res.sample_peak[0]));
  g_assert_true (isfinite (res.sample_peak[1]));
  g_assert_true (isfinite (res.dc_offset[0]));
  g_assert_true (isfinite (res.dc_offset[1]));
  g_assert_false (isinf (res.correlation));
  g_assert_cmpuint (res.clipped_samples, ==, 0);
}

static gboolean
results_equal (const LqSignalStatsResult *a, const LqSignalStatsResult *b)
{
  return a->frames == b->frames
         && a->sample_peak[0] == b->sample_peak[0] && a->sample_peak[1] == b->sample_peak[1]
         && a->dc_offset[0] == b->dc_offset[0] && a->dc_offset[1] == b->dc_offset[1]
         && (a->correlation == b->correlation || (isnan (a->correlation) && isnan (b->correlation)))
         && a->clipped_samples == b->clipped_samples
         && a->nonfinite_samples == b->nonfinite_samples;
}

static void
test_block_size (void)
{
  const uint32_t n = 100000;
  static const uint32_t blocks[] = { 1, 37, 4096 };
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  GRand *rand = g_rand_new_with_seed (8);
  LqSignalStatsResult ref;

  for (uint32_t i = 0; i < n; i++)
    {
      /* Loud noise, hard-clipped: runs of every length. */
      l[i] = (float) CLAMP (0.05 + 0.8 * dsp_test_gauss (rand), -1.0, 1.0);
      r[i] = (float) CLAMP (0.5 * l[i] + 0.7 * dsp_test_gauss (rand), -1.0, 1.0);
    }
  get (l, r, n, blocks[0], 1.0f, &ref);
  g_assert_cmpuint (ref.clipped_samples, >, 0);
  for (guint b = 1; b < G_N_ELEMENTS (blocks); b++)
    {
      LqSignalStatsResult res;

      get (l, r, n, blocks[b], 1.0f, &res);
      if (!results_equal (&ref, &res))
        g_test_fail_printf ("blocks of 1 vs %u: dc %.17g/%.17g vs %.17g/%.17g, "
                            "correlation %.17g vs %.17g, clipped %" G_GUINT64_FORMAT
                            " vs %" G_GUINT64_FORMAT, blocks[b],
                            ref.dc_offset[0], ref.dc_offset[1], res.dc_offset[0],
                            res.dc_offset[1], ref.correlation, res.correlation,
                            ref.clipped_samples, res.clipped_samples);
    }
  g_rand_free (rand);
}

static void
test_reset (void)
{
  const uint32_t n = 20000;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  LqSignalStats *st = lq_signal_stats_new (2, 1.0f);
  LqSignalStatsResult used, fresh;

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = i % 100 < 10 ? 1.0f : 0.3f;
      r[i] = -l[i];
    }
  l[7] = NAN;
  /* End on an open clip run, then reset: the run must not carry over. */
  l[n - 1] = l[n - 2] = 1.0f;
  run (st, l, r, n, 1000);
  lq_signal_stats_reset (st);

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = 0.1f * (float) sin (i * 0.01);
      r[i] = 0.2f * (float) cos (i * 0.02);
    }
  l[0] = 1.0f;  /* would extend the open run to 3 */
  run (st, l, r, n, 1000);
  lq_signal_stats_get_result (st, &used);
  get (l, r, n, 1000, 1.0f, &fresh);
  g_assert_true (results_equal (&used, &fresh));
  g_assert_cmpuint (used.clipped_samples, ==, 0);
  lq_signal_stats_free (st);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/signal-stats/dc-and-peak", test_dc_and_peak);
  g_test_add_func ("/signal-stats/correlation", test_correlation);
  g_test_add_func ("/signal-stats/clip-runs", test_clip_runs);
  g_test_add_func ("/signal-stats/nonfinite", test_nonfinite);
  g_test_add_func ("/signal-stats/block-size", test_block_size);
  g_test_add_func ("/signal-stats/reset", test_reset);

  return g_test_run ();
}

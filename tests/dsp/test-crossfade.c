/* test-crossfade.c: LqCrossfade, the engine's equal-power switch between
 * mix, master and reference.
 *
 *  - power: during fades between uncorrelated sources, switches in the middle
 *    of a fade included (to the third source, and back), the squared fade
 *    weights sum to 1 at every sample, and no weight moves more per sample
 *    than a quarter turn spread over the fade length allows (no step);
 *  - identical sines: switching between two identical sine sources, mid-fade
 *    switches included, never steps by more than the sine's own largest step
 *    times the weights' sum (at most sqrt 2: an equal-power fade of
 *    correlated sources rises +3 dB in the middle, by design);
 *  - 0 ms: the switch happens exactly at the block boundary;
 *  - gains: a gain change ramps linearly over LQ_CROSSFADE_GAIN_RAMP_MS;
 *  - the same output whatever the block size; setters validate;
 *  - process and the setters allocate, lock and write nothing.
 */
#include <glib.h>
#include <math.h>

#include "dsp-rt-guard.h"
#include "lq-crossfade.h"

#define RATE 48000

static void
test_power (void)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 1);
  float zero = 0.0f, out = 0.0f;
  const float *src[1] = { &zero };
  const float *const *srcs[3] = { src, src, src };
  float *o[1] = { &out };
  double prev[3] = { 1.0, 0.0, 0.0 };
  double max_step = 0.0;
  const double allowed = G_PI / 2 / (0.020 * RATE) * 1.001;

  g_assert_nonnull (xf);
  for (uint32_t i = 0; i < 3000; i++)
    {
      double sum = 0.0;

      if (i == 100)
        g_assert_cmpint (lq_crossfade_set_target (xf, 1), ==, LQ_OK);
      if (i == 500)   /* mid-fade, to the third */
        g_assert_cmpint (lq_crossfade_set_target (xf, 2), ==, LQ_OK);
      if (i == 900)   /* mid-fade, back to the first */
        g_assert_cmpint (lq_crossfade_set_target (xf, 0), ==, LQ_OK);
      if (i == 1200)
        g_assert_cmpint (lq_crossfade_set_target (xf, 2), ==, LQ_OK);
      for (uint32_t s = 0; s < 3; s++)
        {
          double w = lq_crossfade_get_weight (xf, s);

          g_assert_cmpfloat (w, >=, 0.0);
          sum += w * w;
          max_step = MAX (max_step, fabs (w - prev[s]));
          prev[s] = w;
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-12);
      lq_crossfade_process (xf, srcs, 3, o, 1);
    }
  g_test_message ("largest weight step %.6f, allowed %.6f", max_step, allowed);
  g_assert_cmpfloat (max_step, <=, allowed);
  g_assert_cmpfloat (lq_crossfade_get_weight (xf, 2), ==, 1.0);
  g_assert_cmpuint (lq_crossfade_get_target (xf), ==, 2);
  lq_crossfade_free (xf);
}

static void
test_identical_sines (void)
{
  enum { N = 9600, BLOCK = 128 };
  static float sine[N], out_l[N], out_r[N];
  LqCrossfade *xf = lq_crossfade_new (RATE, 2);
  const float *src[2] = { sine, sine };
  double own = 0.0, worst = 0.0;

  for (uint32_t i = 0; i < N; i++)
    sine[i] = (float) (0.8 * sin (2 * G_PI * 1234.5 * i / RATE));
  for (uint32_t i = 1; i < N; i++)
    own = MAX (own, fabs ((double) sine[i] - sine[i - 1]));

  for (uint32_t b = 0; b < N / BLOCK; b++)
    {
      const float *blk[2] = { src[0] + b * BLOCK, src[1] + b * BLOCK };
      const float *const *srcs[3] = { blk, blk, NULL };
      float *o[2] = { out_l + b * BLOCK, out_r + b * BLOCK };

      if (b == 10)
        lq_crossfade_set_target (xf, 1);
      if (b == 13)  /* mid-fade: back */
        lq_crossfade_set_target (xf, 0);
      if (b == 20)
        lq_crossfade_set_target (xf, 1);
      lq_crossfade_process (xf, srcs, 3, o, BLOCK);
    }
  for (uint32_t i = 1; i < N; i++)
    {
      worst = MAX (worst, fabs ((double) out_l[i] - out_l[i - 1]));
      g_assert_cmpfloat (out_l[i], ==, out_r[i]);
    }
  g_test_message ("sine's own largest step %.5f, output's %.5f (ratio %.4f)", own, worst, worst / own);
  g_assert_cmpfloat (worst, <=, own * G_SQRT2 * 1.001);
  /* Settled at the end: exactly the sine. */
  g_assert_cmpfloat (out_l[N - 1], ==, sine[N - 1]);
  lq_crossfade_free (xf);
}

static void
test_zero_length (void)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 1);
  float a[64], b[64], out[64];
  const float *sa[1] = { a }, *sb[1] = { b };
  const float *const *srcs[2] = { sa, sb };
  float *o[1] = { out };

  for (int i = 0; i < 64; i++)
    {
      a[i] = 1.0f;
      b[i] = 2.0f;
    }
  g_assert_cmpint (lq_crossfade_set_length_ms (xf, 0.0), ==, LQ_OK);
  lq_crossfade_process (xf, srcs, 2, o, 64);
  for (int i = 0; i < 64; i++)
    g_assert_cmpfloat (out[i], ==, 1.0f);
  lq_crossfade_set_target (xf, 1);
  lq_crossfade_process (xf, srcs, 2, o, 64);
  for (int i = 0; i < 64; i++)
    g_assert_cmpfloat (out[i], ==, 2.0f);
  lq_crossfade_free (xf);
}

static void
test_gain_ramp (void)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 1);
  const uint32_t ramp = (uint32_t) (LQ_CROSSFADE_GAIN_RAMP_MS * RATE / 1000);
  float one[1024], out[1024];
  const float *s0[1] = { one };
  const float *const *srcs[1] = { s0 };
  float *o[1] = { out };

  for (int i = 0; i < 1024; i++)
    one[i] = 1.0f;
  g_assert_cmpint (lq_crossfade_set_gain (xf, 0, 0.5), ==, LQ_OK);
  lq_crossfade_process (xf, srcs, 1, o, 1024);
  for (uint32_t i = 0; i < ramp; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 1.0 - 0.5 * (i + 1) / ramp, 1e-6);
  for (uint32_t i = ramp; i < 1024; i++)
    g_assert_cmpfloat (out[i], ==, 0.5f);
  lq_crossfade_free (xf);
}

static void
run_blocks (uint32_t block, float *out)
{
  enum { N = 12000 };
  static float a[N], b[N], c[N];
  LqCrossfade *xf = lq_crossfade_new (RATE, 1);
  uint32_t done = 0;

  for (uint32_t i = 0; i < N; i++)
    {
      a[i] = (float) sin (0.01 * i);
      b[i] = (float) cos (0.023 * i);
      c[i] = (float) sin (0.007 * i + 1);
    }
  lq_crossfade_set_length_ms (xf, 50.0);
  while (done < N)
    {
      uint32_t n = MIN (block, N - done);
      const float *pa[1] = { a + done }, *pb[1] = { b + done }, *pc[1] = { c + done };
      const float *const *srcs[3] = { pa, pb, pc };
      float *o[1] = { out + done };

      /* Switches and gain changes at fixed sample positions (block 1
       * divides them all, and so does 40). */
      if (done == 1000)
        lq_crossfade_set_target (xf, 1);
      if (done == 2000)
        lq_crossfade_set_target (xf, 2);
      if (done == 2400)
        lq_crossfade_set_gain (xf, 2, 0.25);
      if (done == 6000)
        lq_crossfade_set_target (xf, 0);
      lq_crossfade_process (xf, srcs, 3, o, n);
      done += n;
    }
  lq_crossfade_free (xf);
}

static void
test_block_size (void)
{
  static float x[12000], y[12000];

  run_blocks (1, x);
  run_blocks (40, y);
  for (uint32_t i = 0; i < 12000; i++)
    g_assert_cmpfloat (x[i], ==, y[i]);
}

static void
test_invalid (void)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 2);

  g_assert_null (lq_crossfade_new (RATE, 3));
  g_assert_cmpint (lq_crossfade_set_length_ms (xf, -1.0), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_length_ms (xf, 501.0), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_length_ms (xf, NAN), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_length_ms (xf, 500.0), ==, LQ_OK);
  g_assert_cmpint (lq_crossfade_set_target (xf, 3), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_gain (xf, 3, 1.0), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_gain (xf, 0, -1.0), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_crossfade_set_gain (xf, 0, INFINITY), ==, LQ_ERR_INVALID);
  lq_crossfade_free (xf);
}

static void
test_realtime (void)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 2);
  static float a[1024], b[1024], l[1024], r[1024];
  const float *sa[2] = { a, a }, *sb[2] = { b, b };
  const float *const *srcs[3] = { sa, sb, NULL };
  float *o[2] = { l, r };
  DspRtCounts counts = { 0 };

  dsp_rt_guard_begin ();
  for (uint32_t i = 0; i < 500; i++)
    {
      if (i % 7 == 0)
        lq_crossfade_set_target (xf, i % 3);
      if (i % 11 == 0)
        lq_crossfade_set_gain (xf, i % 2, 0.5 + (i % 5) * 0.1);
      if (i % 13 == 0)
        lq_crossfade_set_length_ms (xf, (double) (i % 6) * 10.0);
      lq_crossfade_process (xf, srcs, 3, o, 1 + (i * 61) % 1024);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "crossfade");
  lq_crossfade_free (xf);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crossfade/power", test_power);
  g_test_add_func ("/crossfade/identical-sines", test_identical_sines);
  g_test_add_func ("/crossfade/zero-length", test_zero_length);
  g_test_add_func ("/crossfade/gain-ramp", test_gain_ramp);
  g_test_add_func ("/crossfade/block-size", test_block_size);
  g_test_add_func ("/crossfade/invalid", test_invalid);
  g_test_add_func ("/crossfade/realtime", test_realtime);
  return g_test_run ();
}

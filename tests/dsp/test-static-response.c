/* test-static-response.c: the response functions the inspector's curves
 * are drawn from, against the processors themselves: the match EQ's
 * realised response (from its kernel) against sines filtered by the real
 * LqMatchEq, the compressor's static gain reduction against the paper's
 * formula and the instance's curve, the limiter's static curve. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-compressor.h"
#include "lq-limiter.h"
#include "lq-match-eq.h"
#include "lq-match-eq-designer.h"

#define RATE 48000
#define N_BANDS 31

static void
make_curve (double *centres, double *mid, double *side)
{
  for (guint b = 0; b < N_BANDS; b++)
    {
      centres[b] = 20.0 * pow (2.0, b / 3.0);
      /* A curve that moves: up to +/- 5 dB, mid and side differ */
      mid[b] = 5.0 * sin (b * 0.7);
      side[b] = -3.0 + 0.25 * b;
    }
}

/* The amplitude of the @freq component of @y (least squares over whole
 * cycles). */
static double
amplitude (const float *y, guint n, double freq)
{
  guint cycles = (guint) floor (n * freq / RATE);
  guint len = (guint) lround (cycles * RATE / freq);
  double a = 0.0, b = 0.0;

  g_assert_cmpuint (len, <=, n);
  for (guint i = 0; i < len; i++)
    {
      double w = 2.0 * M_PI * freq * i / RATE;

      a += y[i] * sin (w);
      b += y[i] * cos (w);
    }
  return 2.0 * hypot (a, b) / len;
}

static void
test_match_eq_realised (void)
{
  static const double test_freqs[] = { 31.5, 63.0, 100.0, 160.0, 250.0, 400.0, 1000.0, 2500.0,
                                       5000.0, 8000.0, 12500.0, 16000.0 };
  double centres[N_BANDS], mid[N_BANDS], side[N_BANDS];
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (RATE);
  LqMatchEqKernel *kernel = NULL;
  guint settle = RATE / 2, measure = RATE / 2, n;
  float *l, *r;

  make_curve (centres, mid, side);
  g_assert_cmpint (lq_match_eq_design (designer, centres, N_BANDS, mid, side, 1.0, 6.0, &kernel),
                   ==, LQ_OK);
  n = settle + measure;
  l = g_new (float, n);
  r = g_new (float, n);

  for (guint ch = 0; ch < 2; ch++)
    for (guint f = 0; f < G_N_ELEMENTS (test_freqs); f++)
      {
        LqMatchEq *eq = lq_match_eq_new (RATE, 2, 1024);
        double freq = test_freqs[f], in_amp = 0.25, measured, predicted, target;

        g_assert_cmpint (lq_match_eq_set_kernel (eq, kernel), ==, LQ_OK);
        lq_match_eq_reset (eq);
        /* mid: L = R; side: L = -R (M = 0, S = the sine) */
        for (guint i = 0; i < n; i++)
          {
            l[i] = (float) (in_amp * sin (2.0 * M_PI * freq * i / RATE));
            r[i] = ch == 0 ? l[i] : -l[i];
          }
        for (guint pos = 0; pos < n; pos += 1024)
          {
            float *blk[2] = { l + pos, r + pos };

            lq_match_eq_process (eq, blk, MIN (1024, n - pos));
          }
        measured = 20.0 * log10 (amplitude (l + settle, measure, freq) / in_amp);
        g_assert_cmpint (lq_match_eq_kernel_response (kernel, ch, &freq, 1, &predicted), ==, LQ_OK);
        target = lq_match_eq_interpolate (centres, ch == 0 ? mid : side, N_BANDS, freq);
        g_test_message ("%s %.1f Hz: measured %.3f dB, realised %.3f dB, target %.3f dB",
                        ch == 0 ? "mid" : "side", freq, measured, predicted, target);
        g_assert_cmpfloat_with_epsilon (predicted, measured, 0.1);
        lq_match_eq_free (eq);
      }

  /* A flat kernel is flat; bad arguments are NaN */
  {
    double freq = 100.0, nan_freq = NAN, out;

    g_assert_cmpint (lq_match_eq_kernel_response (kernel, 2, &freq, 1, &out), ==, LQ_ERR_INVALID);
    g_assert_cmpint (lq_match_eq_kernel_response (kernel, 0, &nan_freq, 1, &out), ==, LQ_OK);
    g_assert_true (isnan (out));
  }
  lq_match_eq_kernel_unref (kernel);
  {
    double zero[N_BANDS] = { 0 };
    double freqs[17], out[17];

    g_assert_cmpint (lq_match_eq_design (designer, centres, N_BANDS, zero, NULL, 1.0, 6.0, &kernel),
                     ==, LQ_OK);
    for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
      freqs[i] = 20.0 * pow (1.5, i);
    g_assert_cmpint (lq_match_eq_kernel_response (kernel, 0, freqs, 17, out), ==, LQ_OK);
    for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
      g_assert_cmpfloat_with_epsilon (out[i], 0.0, 0.01);
    lq_match_eq_kernel_unref (kernel);
  }

  g_free (l);
  g_free (r);
  lq_match_eq_designer_free (designer);
}

static void
test_compressor_reduction (void)
{
  static const struct { double t, r, w; } settings[] = {
    { -20.0, 4.0, 0.0 }, { -18.0, 2.0, 6.0 }, { -30.0, 10.0, 12.0 }, { -10.0, 1.5, 24.0 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (settings); s++)
    {
      double t = settings[s].t, r = settings[s].r, w = settings[s].w;
      LqCompressor *c = lq_compressor_new (RATE, 256);
      double prev = NAN;

      lq_compressor_set_threshold (c, t);
      lq_compressor_set_ratio (c, r);
      lq_compressor_set_knee (c, w);

      /* Below the knee: none */
      g_assert_cmpfloat (lq_compressor_static_reduction_db (t, r, w, t - w / 2.0 - 1.0), ==, 0.0);
      g_assert_cmpfloat (lq_compressor_static_reduction_db (t, r, w, -100.0), ==, 0.0);
      /* Far above: (1 - 1/R) times the overshoot */
      for (double over = w / 2.0 + 0.5; over < 30.0; over += 3.7)
        g_assert_cmpfloat_with_epsilon (lq_compressor_static_reduction_db (t, r, w, t + over),
                                        (1.0 - 1.0 / r) * over, 1e-9);
      /* The instance's curve, and continuous across the knee (steps of
       * 0.001 dB move it by less than 0.001 dB) */
      for (double x = t - w - 2.0; x <= t + w + 2.0; x += 0.001)
        {
          double red = lq_compressor_static_reduction_db (t, r, w, x);

          g_assert_cmpfloat_with_epsilon (red, x - lq_compressor_static_curve (c, x), 1e-9);
          if (!isnan (prev))
            g_assert_cmpfloat (fabs (red - prev), <=, 0.001 + 1e-12);
          prev = red;
        }
      lq_compressor_free (c);
    }

  /* Clamped as the setters clamp; NaN gives NaN */
  g_assert_cmpfloat_with_epsilon (lq_compressor_static_reduction_db (-200.0, 2.0, 0.0, -70.0),
                                  (1.0 - 0.5) * (-70.0 - LQ_COMPRESSOR_THRESHOLD_MIN), 1e-9);
  g_assert_true (isnan (lq_compressor_static_reduction_db (NAN, 2.0, 0.0, -10.0)));
}

static void
test_limiter_curve (void)
{
  double aim = -1.0 - LQ_LIMITER_METER_MARGIN_DB;

  /* Below the level it aims at: unchanged */
  g_assert_cmpfloat (lq_limiter_static_curve (-1.0, -6.0), ==, -6.0);
  g_assert_cmpfloat (lq_limiter_static_curve (-1.0, aim - 0.1), ==, aim - 0.1);
  /* Above: held under the ceiling, by at least the meter margin */
  for (double peak = -1.0; peak < 12.0; peak += 0.5)
    {
      double out = lq_limiter_static_curve (-1.0, peak);

      g_assert_cmpfloat (out, <=, aim);
      g_assert_cmpfloat (out, >, aim - 0.1);
      g_assert_cmpfloat (out, ==, lq_limiter_static_curve (-1.0, peak + 3.0));
    }
  /* The ceiling is clamped as the setter clamps it */
  g_assert_cmpfloat (lq_limiter_static_curve (5.0, 10.0), ==, lq_limiter_static_curve (0.0, 10.0));
  g_assert_true (isnan (lq_limiter_static_curve (-1.0, NAN)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/static-response/match-eq-realised", test_match_eq_realised);
  g_test_add_func ("/static-response/compressor-reduction", test_compressor_reduction);
  g_test_add_func ("/static-response/limiter-curve", test_limiter_curve);
  return g_test_run ();
}

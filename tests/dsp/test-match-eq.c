/* test-match-eq.c: LqMatchEq, the M/S linear-phase match EQ, and the album
 * matching it exists for (LqSpectrum -> centroid -> correction -> re-measure).
 *
 * Responses are measured with LqSpectrum on pink noise before and after the
 * processor (the same noise, so its randomness cancels in the difference),
 * against the designer's target averaged over each band with pink weighting.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-fft.h"
#include "lq-match-eq.h"
#include "lq-spectrum.h"

#define RATE 48000
#define MAX_BLOCK 8192

typedef double (*ShapeFn) (double freq, gpointer data);

/* @n samples of pink noise (power density 1/f above 10 Hz) times the
 * shape(f) in dB, at @rms_db dBFS RMS; synthesised by one inverse FFT. */
static void
shaped_noise (uint32_t rate, uint32_t n, guint32 seed, ShapeFn shape, gpointer data,
              double rms_db, float *out)
{
  GRand *rand = g_rand_new_with_seed (seed);
  fftw_complex *spec = lq_fft_malloc ((n / 2 + 1) * sizeof (fftw_complex));
  double *x = lq_fft_malloc (n * sizeof (double));
  fftw_plan plan = lq_fft_plan_c2r ((int) n, spec, x, 0);
  double sum = 0.0, gain;

  for (uint32_t k = 0; k <= n / 2; k++)
    {
      double f = (double) k * rate / n;
      double phase = g_rand_double_range (rand, 0.0, 2.0 * G_PI);
      double p = 0.0;

      if (f >= 10.0 && k < n / 2)
        p = 1.0 / f * (shape ? pow (10.0, shape (f, data) / 10.0) : 1.0);
      spec[k][0] = sqrt (p) * cos (phase);
      spec[k][1] = sqrt (p) * sin (phase);
    }
  fftw_execute (plan);
  for (uint32_t i = 0; i < n; i++)
    sum += x[i] * x[i];
  gain = dsp_test_from_db (rms_db) / sqrt (sum / n);
  for (uint32_t i = 0; i < n; i++)
    out[i] = (float) (x[i] * gain);
  lq_fft_destroy_plan (plan);
  lq_fft_free (spec);
  lq_fft_free (x);
  g_rand_free (rand);
}

static void
run (LqMatchEq *eq, float *l, float *r, uint32_t n, uint32_t block)
{
  for (uint32_t done = 0; done < n; done += block)
    {
      float *ch[2] = { l + done, r + done };

      lq_match_eq_process (eq, ch, MIN (block, n - done));
    }
}

static LqSpectrum *
analyse (const float *l, const float *r, uint32_t n)
{
  LqSpectrum *s = lq_spectrum_new (RATE, 2);
  const float *ch[2] = { l, r };

  g_assert_nonnull (s);
  g_assert_cmpint (lq_spectrum_process (s, ch, n), ==, LQ_OK);
  return s;
}

/* The designer's target, power-averaged over a 1/3-octave band on a log axis. */
static double
band_target (const double *fc, const double *db, uint32_t nb, double centre)
{
  double sum = 0.0;

  for (int j = 0; j < 64; j++)
    {
      double f = centre * pow (2.0, (j + 0.5) / 64.0 / 3.0 - 1.0 / 6.0);

      sum += pow (10.0, lq_match_eq_interpolate (fc, db, nb, f) / 10.0);
    }
  return 10.0 * log10 (sum / 64.0);
}

/* The band grid of lq-spectrum at RATE. */
static uint32_t
grid (double *fc)
{
  LqSpectrum *s = lq_spectrum_new (RATE, 2);
  uint32_t nb = lq_spectrum_get_n_bands (s);

  memcpy (fc, lq_spectrum_get_centres (s), nb * sizeof (double));
  lq_spectrum_free (s);
  return nb;
}

/* Processes pink stereo noise and measures the M and S band responses. */
static void
measure_response (LqMatchEq *eq, double *resp_m, double *resp_s)
{
  uint32_t lat = lq_match_eq_get_latency (eq);
  uint32_t n = RATE * 20 + lat;
  float *l = g_new (float, n), *r = g_new (float, n);
  float *ol, *or;
  double in_m[LQ_SPECTRUM_MAX_BANDS], in_s[LQ_SPECTRUM_MAX_BANDS];
  double out_m[LQ_SPECTRUM_MAX_BANDS], out_s[LQ_SPECTRUM_MAX_BANDS];
  LqSpectrum *a, *b;

  shaped_noise (RATE, n, 11, NULL, NULL, -20.0, l);
  shaped_noise (RATE, n, 12, NULL, NULL, -24.0, r);
  ol = g_memdup2 (l, n * sizeof (float));
  or = g_memdup2 (r, n * sizeof (float));
  run (eq, ol, or, n, 4096);
  a = analyse (l, r, n - lat);
  b = analyse (ol + lat, or + lat, n - lat);
  g_assert_cmpint (lq_spectrum_get_bands (a, LQ_SPECTRUM_NORM_NONE, in_m, in_s, NULL), ==, LQ_OK);
  g_assert_cmpint (lq_spectrum_get_bands (b, LQ_SPECTRUM_NORM_NONE, out_m, out_s, NULL), ==, LQ_OK);
  for (uint32_t k = 0; k < lq_spectrum_get_n_bands (a); k++)
    {
      resp_m[k] = out_m[k] - in_m[k];
      resp_s[k] = out_s[k] - in_s[k];
    }
  lq_spectrum_free (a);
  lq_spectrum_free (b);
  g_free (l);
  g_free (r);
  g_free (ol);
  g_free (or);
}

/* +4 dB above 2 kHz on M only: the measured band response follows the
 * target within 0.5 dB, 40 Hz - 16 kHz; S stays flat. */
static void
test_response (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], mid[LQ_SPECTRUM_MAX_BANDS];
  double rm[LQ_SPECTRUM_MAX_BANDS], rs[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);

  for (uint32_t k = 0; k < nb; k++)
    mid[k] = fc[k] >= 1999.0 ? 4.0 : 0.0;
  g_assert_cmpint (lq_match_eq_set_curve (eq, fc, nb, mid, NULL, 1.0, 6.0), ==, LQ_OK);
  measure_response (eq, rm, rs);
  for (uint32_t k = 0; k < nb; k++)
    if (fc[k] >= 39.0 && fc[k] <= 16500.0)
      {
        char *label = g_strdup_printf ("%u Hz M response", (unsigned) lrint (fc[k]));

        dsp_test_check (label, rm[k], band_target (fc, mid, nb, fc[k]), 0.5, 0.5);
        label[strlen (label) - 10] = 'S';
        dsp_test_check (label, rs[k], 0.0, 0.5, 0.5);
        g_free (label);
      }
  lq_match_eq_free (eq);
}

/* A bumpy curve (a +-3 dB sine with a 2-octave period on a log axis) on S,
 * tested the same way from 50 Hz: 8191 taps resolve about 6 Hz (the Hann
 * window smooths the target over +-12 Hz), too coarse for a curve that moves
 * 3 dB between 31 and 40 Hz; there the response is 0.7 dB shy of it. */
static void
test_response_bumpy (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], side[LQ_SPECTRUM_MAX_BANDS];
  double rm[LQ_SPECTRUM_MAX_BANDS], rs[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);

  for (uint32_t k = 0; k < nb; k++)
    side[k] = 3.0 * sin (G_PI * log2 (fc[k] / 1000.0));
  g_assert_cmpint (lq_match_eq_set_curve (eq, fc, nb, NULL, side, 1.0, 6.0), ==, LQ_OK);
  measure_response (eq, rm, rs);
  for (uint32_t k = 0; k < nb; k++)
    if (fc[k] >= 49.0 && fc[k] <= 16500.0)
      {
        char *label = g_strdup_printf ("%u Hz S response", (unsigned) lrint (fc[k]));

        dsp_test_check (label, rs[k], band_target (fc, side, nb, fc[k]), 0.5, 0.5);
        label[strlen (label) - 10] = 'M';
        dsp_test_check (label, rm[k], 0.0, 0.5, 0.5);
        g_free (label);
      }
  lq_match_eq_free (eq);
}

static void
make_noise_pair (uint32_t n, guint32 seed, float *l, float *r)
{
  GRand *rand = g_rand_new_with_seed (seed);

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.2 * dsp_test_gauss (rand));
      r[i] = (float) (0.2 * dsp_test_gauss (rand));
    }
  g_rand_free (rand);
}

/* Output delayed by the latency equals the input within @tol. */
static void
assert_delayed_identity (const float *in_l, const float *in_r,
                         const float *out_l, const float *out_r,
                         uint32_t n, uint32_t lat, double tol)
{
  double worst = 0.0;

  for (uint32_t i = 0; i < lat; i++)
    worst = MAX (worst, MAX (fabsf (out_l[i]), fabsf (out_r[i])));
  for (uint32_t i = lat; i < n; i++)
    worst = MAX (worst, MAX (fabs (out_l[i] - in_l[i - lat]), fabs (out_r[i] - in_r[i - lat])));
  g_test_message ("largest deviation from delayed input: %g", worst);
  g_assert_cmpfloat (worst, <, tol);
}

static void
test_strength_zero (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], db[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc), n = RATE * 2;
  float *l = g_new (float, n), *r = g_new (float, n), *ol, *or;
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);

  for (uint32_t k = 0; k < nb; k++)
    db[k] = 5.0 * sin (k * 1.3);
  g_assert_cmpint (lq_match_eq_set_curve (eq, fc, nb, db, db, 0.0, 6.0), ==, LQ_OK);
  make_noise_pair (n, 21, l, r);
  ol = g_memdup2 (l, n * sizeof (float));
  or = g_memdup2 (r, n * sizeof (float));
  run (eq, ol, or, n, 512);
  assert_delayed_identity (l, r, ol, or, n, lq_match_eq_get_latency (eq), 1e-5);
  lq_match_eq_free (eq);
  g_free (l);
  g_free (r);
  g_free (ol);
  g_free (or);
}

/* Gain of a steady sine of @freq through the processor, in dB. */
static double
sine_gain (LqMatchEq *eq, double freq)
{
  uint32_t n = RATE * 2, lat = lq_match_eq_get_latency (eq);
  float *l = g_new (float, n), *r = g_new (float, n);
  double si = 0.0, so = 0.0;

  lq_match_eq_reset (eq);
  for (uint32_t i = 0; i < n; i++)
    l[i] = r[i] = (float) (0.1 * sin (2.0 * G_PI * freq * i / RATE));
  run (eq, l, r, n, 1000);
  for (uint32_t i = RATE; i < n; i++)
    {
      double x = 0.1 * sin (2.0 * G_PI * freq * (i - lat) / RATE);

      si += x * x;
      so += (double) l[i] * l[i];
    }
  g_free (l);
  g_free (r);
  return 10.0 * log10 (so / si);
}

static void
test_cap (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], up[LQ_SPECTRUM_MAX_BANDS], down[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);

  for (uint32_t k = 0; k < nb; k++)
    {
      up[k] = 20.0;
      down[k] = -20.0;
    }
  lq_match_eq_set_curve (eq, fc, nb, up, NULL, 1.0, LQ_MATCH_EQ_DEFAULT_CAP_DB);
  dsp_test_check ("+20 dB request, cap 6, 1 kHz", sine_gain (eq, 1000.0), 6.0, 0.05, 0.05);
  dsp_test_check ("+20 dB request, cap 6, 100 Hz", sine_gain (eq, 100.0), 6.0, 0.05, 0.05);
  lq_match_eq_set_curve (eq, fc, nb, down, NULL, 1.0, LQ_MATCH_EQ_DEFAULT_CAP_DB);
  dsp_test_check ("-20 dB request, cap 6, 5 kHz", sine_gain (eq, 5000.0), -6.0, 0.05, 0.05);
  lq_match_eq_set_curve (eq, fc, nb, up, NULL, 0.25, 10.0);
  dsp_test_check ("+20 dB at strength 25%, cap 10", sine_gain (eq, 3000.0), 5.0, 0.05, 0.05);
  lq_match_eq_set_curve (eq, fc, nb, up, NULL, 1.0, 100.0);
  dsp_test_check ("cap clamped to 24 dB", sine_gain (eq, 3000.0), 20.0, 0.05, 0.05);
  lq_match_eq_free (eq);
}

/* An S-only curve leaves mono (L = R) input unchanged, but changes L = -R. */
static void
test_ms_separation (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], side[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc), n = RATE * 2;
  float *l = g_new (float, n), *r = g_new (float, n), *ol, *or;
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  GRand *rand = g_rand_new_with_seed (31);
  double diff = 0.0;
  uint32_t lat = lq_match_eq_get_latency (eq);

  for (uint32_t k = 0; k < nb; k++)
    side[k] = fc[k] > 500.0 ? 6.0 : -6.0;
  lq_match_eq_set_curve (eq, fc, nb, NULL, side, 1.0, 6.0);
  for (uint32_t i = 0; i < n; i++)
    l[i] = r[i] = (float) (0.2 * dsp_test_gauss (rand));
  ol = g_memdup2 (l, n * sizeof (float));
  or = g_memdup2 (r, n * sizeof (float));
  run (eq, ol, or, n, 777);
  assert_delayed_identity (l, r, ol, or, n, lat, 1e-5);

  lq_match_eq_reset (eq);
  for (uint32_t i = 0; i < n; i++)
    r[i] = -l[i];
  memcpy (ol, l, n * sizeof (float));
  memcpy (or, r, n * sizeof (float));
  run (eq, ol, or, n, 777);
  for (uint32_t i = lat; i < n; i++)
    diff = MAX (diff, fabs (ol[i] - l[i - lat]));
  g_assert_cmpfloat (diff, >, 0.1);

  g_rand_free (rand);
  lq_match_eq_free (eq);
  g_free (l);
  g_free (r);
  g_free (ol);
  g_free (or);
}

/* An impulse comes out at exactly `latency` samples; the impulse response
 * is symmetric about it (linear phase) and no longer than the taps. */
static void
test_latency_impulse (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], db[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  uint32_t lat = lq_match_eq_get_latency (eq), half = (lq_match_eq_get_taps (eq) - 1) / 2;
  uint32_t n = lat + half + 4096, peak = 0;
  float *l = g_new0 (float, n), *r = g_new0 (float, n);
  double asym = 0.0, outside = 0.0;

  g_test_message ("latency %u, taps %u, partition %u", lat, lq_match_eq_get_taps (eq),
                  lq_match_eq_get_partition (eq));
  g_assert_cmpuint (lat, ==, half + lq_match_eq_get_partition (eq));

  /* Flat: a unit impulse, delayed. */
  l[0] = r[0] = 1.0f;
  run (eq, l, r, n, 333);
  for (uint32_t i = 0; i < n; i++)
    {
      double expect = i == lat ? 1.0 : 0.0;

      g_assert_cmpfloat (fabs (l[i] - expect), <, 1e-6);
      g_assert_cmpfloat (fabs (r[i] - expect), <, 1e-6);
    }

  /* A curve: the peak at the latency and a symmetric response. */
  for (uint32_t k = 0; k < nb; k++)
    db[k] = fc[k] > 2000.0 ? 4.0 : (fc[k] < 100.0 ? -3.0 : 0.0);
  lq_match_eq_set_curve (eq, fc, nb, db, db, 1.0, 6.0);
  lq_match_eq_reset (eq);
  memset (l, 0, n * sizeof (float));
  memset (r, 0, n * sizeof (float));
  l[0] = r[0] = 1.0f;
  run (eq, l, r, n, 333);
  for (uint32_t i = 0; i < n; i++)
    if (fabsf (l[i]) > fabsf (l[peak]))
      peak = i;
  g_assert_cmpuint (peak, ==, lat);
  for (uint32_t k = 1; k <= half; k++)
    asym = MAX (asym, fabs (l[lat + k] - l[lat - k]));
  for (uint32_t i = 0; i < n; i++)
    if (i + half < lat || i > lat + half)
      outside = MAX (outside, fabsf (l[i]));
  g_test_message ("asymmetry %g, outside the taps %g", asym, outside);
  g_assert_cmpfloat (asym, <, 1e-6);
  g_assert_cmpfloat (outside, <, 1e-7);
  g_assert_cmpfloat (fabs (l[lat] - r[lat]), <, 1e-7);
  lq_match_eq_free (eq);
  g_free (l);
  g_free (r);
}

/* One run with a curve change and a bypass on/off at fixed sample positions,
 * cutting the stream into @block-sized pieces (and at the event positions). */
static void
run_scenario (uint32_t block, const float *in_l, const float *in_r, uint32_t n,
              float *out_l, float *out_r)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], m[LQ_SPECTRUM_MAX_BANDS], s[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc);
  const uint32_t events[] = { 30011, 70003, 95000, G_MAXUINT32 };
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  uint32_t done = 0, ev = 0;

  for (uint32_t k = 0; k < nb; k++)
    {
      m[k] = 3.0 * sin (k * 0.5);
      s[k] = -2.0 * cos (k * 0.3);
    }
  memcpy (out_l, in_l, n * sizeof (float));
  memcpy (out_r, in_r, n * sizeof (float));
  while (done < n)
    {
      uint32_t len = MIN (block, n - done);
      float *ch[2] = { out_l + done, out_r + done };

      if (done == events[ev])
        {
          if (ev == 0)
            lq_match_eq_set_curve (eq, fc, nb, m, s, 0.8, 6.0);
          else
            lq_match_eq_set_bypass (eq, ev == 1);
          ev++;
        }
      len = MIN (len, events[ev] - done);
      lq_match_eq_process (eq, ch, len);
      done += len;
    }
  lq_match_eq_free (eq);
}

static void
test_block_size (void)
{
  static const uint32_t blocks[] = { 1, 100, 4096, MAX_BLOCK };
  uint32_t n = 120000;
  float *l = g_new (float, n), *r = g_new (float, n);
  float *ref_l = g_new (float, n), *ref_r = g_new (float, n);
  float *ol = g_new (float, n), *or = g_new (float, n);

  make_noise_pair (n, 41, l, r);
  l[5000] = NAN;   /* the guard must act the same way in every run */
  r[6000] = INFINITY;
  run_scenario (blocks[0], l, r, n, ref_l, ref_r);
  for (uint32_t i = 0; i < n; i++)
    g_assert_true (isfinite (ref_l[i]) && isfinite (ref_r[i]));
  for (guint b = 1; b < G_N_ELEMENTS (blocks); b++)
    {
      run_scenario (blocks[b], l, r, n, ol, or);
      g_assert_cmpmem (ol, n * sizeof (float), ref_l, n * sizeof (float));
      g_assert_cmpmem (or, n * sizeof (float), ref_r, n * sizeof (float));
    }
  g_free (l);
  g_free (r);
  g_free (ref_l);
  g_free (ref_r);
  g_free (ol);
  g_free (or);
}

/* Largest |y[n] - 2 cos(w) y[n-1] + y[n-2]| from @start: zero for a steady
 * sine of frequency w, small for a smooth change of its level, large at a
 * click. */
static double
sine_residual (const float *y, uint32_t start, uint32_t end, double w)
{
  double worst = 0.0, c = 2.0 * cos (w);

  for (uint32_t i = MAX (start, 2); i < end; i++)
    worst = MAX (worst, fabs (y[i] - c * y[i - 1] + y[i - 2]));
  return worst;
}

static void
test_click_free (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], db[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc), n = RATE * 5;
  float *l = g_new (float, n), *r = g_new (float, n);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  uint32_t lat = lq_match_eq_get_latency (eq);
  double w = 2.0 * G_PI * 1000.0 / RATE, res, before = 0.0, after = 0.0, bypassed = 0.0;

  for (uint32_t i = 0; i < n; i++)
    l[i] = r[i] = (float) (0.25 * sin (w * i));
  for (uint32_t k = 0; k < nb; k++)
    db[k] = fc[k] >= 500.0 ? 6.0 : 0.0;

  run (eq, l, r, RATE * 2, 512);
  lq_match_eq_set_curve (eq, fc, nb, db, NULL, 1.0, 6.0);      /* at 2 s */
  run (eq, l + RATE * 2, r + RATE * 2, RATE, 512);
  lq_match_eq_set_bypass (eq, TRUE);                             /* at 3 s */
  run (eq, l + RATE * 3, r + RATE * 3, RATE, 512);
  lq_match_eq_set_bypass (eq, FALSE);                            /* at 4 s */
  run (eq, l + RATE * 4, r + RATE * 4, RATE, 512);

  /* Levels: 0.25 before, about 0.5 after the curve, 0.25 while bypassed. */
  for (uint32_t i = RATE; i < RATE + 4800; i++)
    before = MAX (before, fabsf (l[i]));
  for (uint32_t i = RATE * 3 - 4800; i < RATE * 3; i++)
    after = MAX (after, fabsf (l[i]));
  for (uint32_t i = RATE * 4 - 4800; i < RATE * 4; i++)
    bypassed = MAX (bypassed, fabsf (l[i]));
  dsp_test_check ("level before the curve", before, 0.25, 0.001, 0.001);
  dsp_test_check ("level after the curve (+6 dB)", after, 0.25 * dsp_test_from_db (6.0), 0.003, 0.003);
  dsp_test_check ("level bypassed", bypassed, 0.25, 0.001, 0.001);

  /* A hard switch 0.25 -> 0.5 would leave a residual of up to ~0.25. */
  res = sine_residual (l, lat + 16, n, w);
  g_test_message ("largest sine residual over curve change and bypass: %g", res);
  g_assert_cmpfloat (res, <, 2e-3);
  lq_match_eq_free (eq);
  g_free (l);
  g_free (r);
}

/* Fully bypassed, the transforms stop and the output is the input delayed
 * by the latency; switched back on, the filter state is recomputed from the
 * input ring, so the filtered signal is exactly that of an EQ that never
 * stopped: bit for bit once the crossfade back is over. Also with a curve
 * change while bypassed. */
static void
test_bypass_resume (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], m[LQ_SPECTRUM_MAX_BANDS], s[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc), n = RATE * 4, off = RATE + 123, change = RATE * 2, on = RATE * 3 + 77;
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  LqMatchEq *ref = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  uint32_t lat = lq_match_eq_get_latency (eq), fade = RATE / 50;
  float *l = g_new (float, n), *r = g_new (float, n);
  float *l0 = g_new (float, n), *r0 = g_new (float, n);
  float *lc = g_new (float, n), *rc = g_new (float, n);

  for (uint32_t k = 0; k < nb; k++)
    {
      m[k] = 3.0 * sin (k * 0.4);
      s[k] = -2.0 * cos (k * 0.7);
    }
  make_noise_pair (n, 61, l0, r0);
  memcpy (l, l0, n * sizeof (float));
  memcpy (r, r0, n * sizeof (float));
  memcpy (lc, l0, n * sizeof (float));
  memcpy (rc, r0, n * sizeof (float));
  lq_match_eq_set_curve (eq, fc, nb, m, s, 1.0, 6.0);
  lq_match_eq_set_curve (ref, fc, nb, m, s, 1.0, 6.0);
  lq_match_eq_reset (eq);
  lq_match_eq_reset (ref);

  run (eq, l, r, off, 700);
  lq_match_eq_set_bypass (eq, TRUE);
  run (eq, l + off, r + off, change - off, 999);
  lq_match_eq_set_curve (eq, fc, nb, s, m, 1.0, 6.0);
  run (eq, l + change, r + change, on - change, 999);
  lq_match_eq_set_bypass (eq, FALSE);
  run (eq, l + on, r + on, n - on, 1000);

  run (ref, lc, rc, change, 512);
  lq_match_eq_set_curve (ref, fc, nb, s, m, 1.0, 6.0);
  run (ref, lc + change, rc + change, n - change, 512);

  for (uint32_t i = off + fade; i < on; i++)
    {
      g_assert_cmpfloat (l[i], ==, l0[i - lat]);
      g_assert_cmpfloat (r[i], ==, r0[i - lat]);
    }
  g_assert_cmpmem (l + on + fade, (n - on - fade) * sizeof (float), lc + on + fade,
                   (n - on - fade) * sizeof (float));
  g_assert_cmpmem (r + on + fade, (n - on - fade) * sizeof (float), rc + on + fade,
                   (n - on - fade) * sizeof (float));
  lq_match_eq_free (eq);
  lq_match_eq_free (ref);
  g_free (l);
  g_free (r);
  g_free (l0);
  g_free (r0);
  g_free (lc);
  g_free (rc);
}

static void
test_no_alloc (void)
{
  double fc[LQ_SPECTRUM_MAX_BANDS], db[LQ_SPECTRUM_MAX_BANDS];
  uint32_t nb = grid (fc), n = RATE;
  float *l = g_new (float, n), *r = g_new (float, n);
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  DspRtCounts counts = { 0 };

  for (uint32_t k = 0; k < nb; k++)
    db[k] = fc[k] > 1000.0 ? 3.0 : -2.0;
  make_noise_pair (n, 51, l, r);
  lq_match_eq_set_curve (eq, fc, nb, db, db, 1.0, 6.0);
  lq_match_eq_set_bypass (eq, TRUE);
  dsp_rt_guard_begin ();
  run (eq, l, r, n / 2, 1000);
  lq_match_eq_set_bypass (eq, FALSE);
  run (eq, l + n / 2, r + n / 2, n / 2, 999);
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "match EQ: setters and process");
  lq_match_eq_free (eq);
  g_free (l);
  g_free (r);
}

static void
test_invalid (void)
{
  double fc[3] = { 100.0, 50.0, 1000.0 }, db[3] = { 1, 2, 3 };
  LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);

  g_assert_null (lq_match_eq_new (RATE, 3, MAX_BLOCK));
  g_assert_null (lq_match_eq_new (RATE, 2, 0));
  g_assert_cmpint (lq_match_eq_set_curve (eq, fc, 3, db, db, 1.0, 6.0), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_match_eq_set_curve (eq, fc, 0, db, db, 1.0, 6.0), ==, LQ_ERR_INVALID);
  lq_match_eq_free (eq);
}

/* ---- album matching on synthetic tracks ---- */

static double
tilt (double f, gpointer data)
{
  return *(double *) data * log2 (f / 1000.0);
}

#define N_TRACKS 3

static double
spread (const double fc[], uint32_t nb, double spec[][LQ_SPECTRUM_MAX_BANDS], const double *centroid)
{
  double total = 0.0;

  for (int t = 0; t < N_TRACKS; t++)
    {
      double sum = 0.0;
      int count = 0;

      for (uint32_t k = 0; k < nb; k++)
        if (fc[k] >= 62.0 && fc[k] <= 16500.0)
          {
            double d = spec[t][k] - centroid[k];

            sum += d * d;
            count++;
          }
      total += sqrt (sum / count);
    }
  return total / N_TRACKS;
}

static void
test_album_match (void)
{
  const double tilt_m[N_TRACKS] = { -1.2, 0.2, 1.0 };
  const double tilt_s[N_TRACKS] = { 0.8, -1.0, 0.3 };
  const double cap = LQ_MATCH_EQ_DEFAULT_CAP_DB;
  uint32_t n = RATE * 15, nb = 0;
  double fc[LQ_SPECTRUM_MAX_BANDS];
  double in_m[N_TRACKS][LQ_SPECTRUM_MAX_BANDS], in_s[N_TRACKS][LQ_SPECTRUM_MAX_BANDS];
  double out_m[N_TRACKS][LQ_SPECTRUM_MAX_BANDS], out_s[N_TRACKS][LQ_SPECTRUM_MAX_BANDS];
  double raw_in[2][LQ_SPECTRUM_MAX_BANDS], raw_out[2][LQ_SPECTRUM_MAX_BANDS];
  double cm[LQ_SPECTRUM_MAX_BANDS] = { 0 }, cs[LQ_SPECTRUM_MAX_BANDS] = { 0 };
  float *l[N_TRACKS], *r[N_TRACKS];
  double sp_m0, sp_s0, sp_m1, sp_s1, worst_move = 0.0;

  nb = grid (fc);
  for (int t = 0; t < N_TRACKS; t++)
    {
      float *m = g_new (float, n), *s = g_new (float, n);
      LqSpectrum *sp;

      shaped_noise (RATE, n, 100 + t, tilt, (gpointer) &tilt_m[t], -20.0, m);
      shaped_noise (RATE, n, 200 + t, tilt, (gpointer) &tilt_s[t], -27.0, s);
      l[t] = g_new (float, n);
      r[t] = g_new (float, n);
      for (uint32_t i = 0; i < n; i++)
        {
          l[t][i] = m[i] + s[i];
          r[t][i] = m[i] - s[i];
        }
      sp = analyse (l[t], r[t], n);
      g_assert_cmpint (lq_spectrum_get_bands (sp, LQ_SPECTRUM_NORM_EACH, in_m[t], in_s[t], NULL), ==, LQ_OK);
      lq_spectrum_free (sp);
      for (uint32_t k = 0; k < nb; k++)
        {
          cm[k] += in_m[t][k] / N_TRACKS;
          cs[k] += in_s[t][k] / N_TRACKS;
        }
      g_free (m);
      g_free (s);
    }

  for (int t = 0; t < N_TRACKS; t++)
    {
      double corr_m[LQ_SPECTRUM_MAX_BANDS], corr_s[LQ_SPECTRUM_MAX_BANDS];
      LqMatchEq *eq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
      uint32_t lat = lq_match_eq_get_latency (eq);
      float *ol = g_memdup2 (l[t], n * sizeof (float)), *or = g_memdup2 (r[t], n * sizeof (float));
      LqSpectrum *a, *b;

      lq_match_eq_correction (cm, in_m[t], nb, 1.0, cap, corr_m);
      lq_match_eq_correction (cs, in_s[t], nb, 1.0, cap, corr_s);
      lq_match_eq_set_curve (eq, fc, nb, corr_m, corr_s, 1.0, cap);
      run (eq, ol, or, n, 4096);

      b = analyse (ol + lat, or + lat, n - lat);
      g_assert_cmpint (lq_spectrum_get_bands (b, LQ_SPECTRUM_NORM_EACH, out_m[t], out_s[t], NULL), ==, LQ_OK);
      g_assert_cmpint (lq_spectrum_get_bands (b, LQ_SPECTRUM_NORM_NONE, raw_out[0], raw_out[1], NULL), ==, LQ_OK);
      a = analyse (l[t], r[t], n - lat);
      g_assert_cmpint (lq_spectrum_get_bands (a, LQ_SPECTRUM_NORM_NONE, raw_in[0], raw_in[1], NULL), ==, LQ_OK);
      for (uint32_t k = 0; k < nb; k++)
        for (int c = 0; c < 2; c++)
          worst_move = MAX (worst_move, fabs (raw_out[c][k] - raw_in[c][k]));
      lq_spectrum_free (a);
      lq_spectrum_free (b);
      lq_match_eq_free (eq);
      g_free (ol);
      g_free (or);
    }

  sp_m0 = spread (fc, nb, in_m, cm);
  sp_s0 = spread (fc, nb, in_s, cs);
  sp_m1 = spread (fc, nb, out_m, cm);
  sp_s1 = spread (fc, nb, out_s, cs);
  g_test_message ("tonal spread M %.3f -> %.3f dB, S %.3f -> %.3f dB; largest band move %.3f dB",
                  sp_m0, sp_m1, sp_s0, sp_s1, worst_move);
  g_assert_cmpfloat (sp_m0, >, 1.5);   /* the tracks really differ */
  g_assert_cmpfloat (sp_s0, >, 1.5);
  g_assert_cmpfloat (sp_m1, <=, 0.4 * sp_m0);
  g_assert_cmpfloat (sp_s1, <=, 0.4 * sp_s0);
  /* No band moves by more than the cap (0.1 dB for window ripple and the
   * measurement). */
  g_assert_cmpfloat (worst_move, <=, cap + 0.1);

  for (int t = 0; t < N_TRACKS; t++)
    {
      g_free (l[t]);
      g_free (r[t]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/match-eq/latency-impulse", test_latency_impulse);
  g_test_add_func ("/match-eq/response-shelf-mid", test_response);
  g_test_add_func ("/match-eq/response-bumpy-side", test_response_bumpy);
  g_test_add_func ("/match-eq/strength-zero", test_strength_zero);
  g_test_add_func ("/match-eq/cap", test_cap);
  g_test_add_func ("/match-eq/ms-separation", test_ms_separation);
  g_test_add_func ("/match-eq/block-size", test_block_size);
  g_test_add_func ("/match-eq/click-free", test_click_free);
  g_test_add_func ("/match-eq/bypass-resume", test_bypass_resume);
  g_test_add_func ("/match-eq/no-alloc", test_no_alloc);
  g_test_add_func ("/match-eq/invalid", test_invalid);
  g_test_add_func ("/match-eq/album-match", test_album_match);
  return g_test_run ();
}

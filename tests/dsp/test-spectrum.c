/* test-spectrum.c: LqSpectrum, the gated long-term average spectrum.
 *
 * Test noise is synthesised in the frequency domain (one FFT of the whole
 * signal, every bin a random phase and a chosen magnitude), so its expected
 * band levels are known exactly: pink noise (power density 1/f above 10 Hz)
 * has the same power in every 1/3-octave band and must read flat; white noise
 * rises 3 dB per octave. A few frames of noise are also checked against
 * the definition (FFT of the windowed frame, every bin's share in every band)
 * computed here directly, and the analyser fed the blocks of an outside
 * loudness meter must gate exactly as the one running its own.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-test-util.h"
#include "lq-fft.h"
#include "lq-spectrum.h"

#define RATE 48000

typedef double (*ShapeFn) (double freq, gpointer data);

/* @n samples of noise with power density shape(f) (in dB) times 1/f
 * (pink) or 1 (white), scaled to @rms_db dBFS RMS. */
static void
shaped_noise (uint32_t rate, uint32_t n, guint32 seed, gboolean pink,
              ShapeFn shape, gpointer data, double rms_db, float *out)
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
        p = (pink ? 1.0 / f : 1.0) * (shape ? pow (10.0, shape (f, data) / 10.0) : 1.0);
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

/* Runs a fresh analyser over @l/@r in blocks of 1000 frames. */
static LqSpectrum *
analyse (uint32_t rate, const float *l, const float *r, uint32_t n, gboolean gating)
{
  LqSpectrum *s = lq_spectrum_new (rate, 2);

  g_assert_nonnull (s);
  lq_spectrum_set_gating (s, gating);
  for (uint32_t done = 0; done < n; done += 1000)
    {
      uint32_t len = MIN (1000, n - done);
      const float *ch[2] = { l + done, r + done };

      g_assert_cmpint (lq_spectrum_process (s, ch, len), ==, LQ_OK);
    }
  return s;
}

static void
test_pink_flat (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  uint32_t n = rate * 20;
  float *l = g_new (float, n), *r = g_new (float, n);
  double mid[LQ_SPECTRUM_MAX_BANDS], side[LQ_SPECTRUM_MAX_BANDS];
  LqSpectrum *s;
  const double *fc;
  uint32_t nb, used;

  shaped_noise (rate, n, 1, TRUE, NULL, NULL, -20.0, l);
  shaped_noise (rate, n, 2, TRUE, NULL, NULL, -26.0, r);
  s = analyse (rate, l, r, n, TRUE);
  g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_EACH, mid, side, &used), ==, LQ_OK);
  g_assert_cmpuint (used, >, 200);
  fc = lq_spectrum_get_centres (s);
  nb = lq_spectrum_get_n_bands (s);
  g_assert_cmpuint (nb, >=, 30);
  for (uint32_t b = 0; b < nb; b++)
    if (fc[b] >= 39.0 && fc[b] <= 16500.0)
      {
        char *label = g_strdup_printf ("%u Hz pink M", (unsigned) lrint (fc[b]));

        dsp_test_check (label, mid[b], 0.0, 1.0, 1.0);
        label[strlen (label) - 1] = 'S';
        dsp_test_check (label, side[b], 0.0, 1.0, 1.0);
        g_free (label);
      }
  lq_spectrum_free (s);
  g_free (l);
  g_free (r);
}

/* White noise: a least-squares slope of 3 dB per octave, 40 Hz - 16 kHz. */
static void
test_white_slope (void)
{
  uint32_t n = RATE * 20;
  float *l = g_new (float, n);
  double mid[LQ_SPECTRUM_MAX_BANDS];
  double sx = 0, sy = 0, sxx = 0, sxy = 0, slope;
  int count = 0;
  LqSpectrum *s;
  const double *fc;

  shaped_noise (RATE, n, 3, FALSE, NULL, NULL, -20.0, l);
  s = analyse (RATE, l, l, n, TRUE);
  g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_EACH, mid, NULL, NULL), ==, LQ_OK);
  fc = lq_spectrum_get_centres (s);
  for (uint32_t b = 0; b < lq_spectrum_get_n_bands (s); b++)
    if (fc[b] >= 39.0 && fc[b] <= 16500.0)
      {
        double x = log2 (fc[b] / 1000.0);

        sx += x;
        sy += mid[b];
        sxx += x * x;
        sxy += x * mid[b];
        count++;
        /* Each band against the ideal 3 dB/oct line through the reference. */
      }
  slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  dsp_test_check ("white noise slope dB/oct", slope, 3.0, 0.1, 0.1);
  lq_spectrum_free (s);
  g_free (l);
}

static void
test_sine_band (void)
{
  static const double freqs[] = { 63.0, 997.0, 5000.0, 12500.0 };
  uint32_t n = RATE * 5;
  float *x = g_new (float, n);

  for (guint t = 0; t < G_N_ELEMENTS (freqs); t++)
    {
      double mid[LQ_SPECTRUM_MAX_BANDS];
      LqSpectrum *s;
      const double *fc;
      uint32_t nb, best = 0;

      for (uint32_t i = 0; i < n; i++)
        x[i] = (float) (0.5 * sin (2.0 * G_PI * freqs[t] * i / RATE));
      s = analyse (RATE, x, x, n, TRUE);
      g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_NONE, mid, NULL, NULL), ==, LQ_OK);
      fc = lq_spectrum_get_centres (s);
      nb = lq_spectrum_get_n_bands (s);
      for (uint32_t b = 1; b < nb; b++)
        if (mid[b] > mid[best])
          best = b;
      g_test_message ("%g Hz sine: band %g Hz, %.3f dB", freqs[t], fc[best], mid[best]);
      g_assert_cmpfloat (fabs (log2 (fc[best] / freqs[t])), <, 1.0 / 6.0);
      /* 0.5 amplitude: mean square 0.125, -9.03 dB, all inside the band
       * and its neighbours. The Hann main lobe is +-2 bins (+-11.7 Hz), wider
       * than a 1/3 octave below about 100 Hz, so a low sine spills into the
       * next bands; from 500 Hz up it stays in its own band. */
      {
        double total = pow (10.0, mid[best] / 10.0);
        double isolation = freqs[t] >= 500.0 ? 30.0 : 5.0;

        if (best > 0)
          {
            total += pow (10.0, mid[best - 1] / 10.0);
            g_assert_cmpfloat (mid[best - 1], <, mid[best] - isolation);
          }
        if (best + 1 < nb)
          {
            total += pow (10.0, mid[best + 1] / 10.0);
            g_assert_cmpfloat (mid[best + 1], <, mid[best] - isolation);
          }
        dsp_test_check ("sine level, band and neighbours", 10.0 * log10 (total),
                        10.0 * log10 (0.125), 0.05, 0.05);
        if (freqs[t] >= 500.0)
          dsp_test_check ("sine level, own band", mid[best], 10.0 * log10 (0.125), 0.05, 0.05);
      }
      lq_spectrum_free (s);
    }
  g_free (x);
}

/* RBJ high shelf, 1 kHz, +6 dB, shelf slope 1. */
typedef struct
{
  double b0, b1, b2, a1, a2;
} Biquad;

static Biquad
high_shelf (double rate, double f0, double gain_db)
{
  double a = pow (10.0, gain_db / 40.0), w0 = 2.0 * G_PI * f0 / rate;
  double alpha = sin (w0) / 2.0 * sqrt (2.0), c = cos (w0), sa = 2.0 * sqrt (a) * alpha;
  double a0 = (a + 1) - (a - 1) * c + sa;
  Biquad q = {
    a * ((a + 1) + (a - 1) * c + sa) / a0,
    -2 * a * ((a - 1) + (a + 1) * c) / a0,
    a * ((a + 1) + (a - 1) * c - sa) / a0,
    2 * ((a - 1) - (a + 1) * c) / a0,
    ((a + 1) - (a - 1) * c - sa) / a0,
  };
  return q;
}

static double
biquad_power (const Biquad *q, double f, double rate)
{
  double w = 2.0 * G_PI * f / rate;
  double nr = q->b0 + q->b1 * cos (w) + q->b2 * cos (2 * w);
  double ni = -q->b1 * sin (w) - q->b2 * sin (2 * w);
  double dr = 1 + q->a1 * cos (w) + q->a2 * cos (2 * w);
  double di = -q->a1 * sin (w) - q->a2 * sin (2 * w);

  return (nr * nr + ni * ni) / (dr * dr + di * di);
}

static void
test_shelf (void)
{
  uint32_t n = RATE * 20;
  float *x = g_new (float, n), *y = g_new (float, n);
  double a[LQ_SPECTRUM_MAX_BANDS], b[LQ_SPECTRUM_MAX_BANDS];
  Biquad q = high_shelf (RATE, 1000.0, 6.0);
  double z1 = 0, z2 = 0;
  LqSpectrum *sa, *sb;
  const double *fc;

  shaped_noise (RATE, n, 4, TRUE, NULL, NULL, -26.0, x);
  for (uint32_t i = 0; i < n; i++)
    {
      double in = x[i], out = q.b0 * in + z1;

      z1 = q.b1 * in - q.a1 * out + z2;
      z2 = q.b2 * in - q.a2 * out;
      y[i] = (float) out;
    }
  sa = analyse (RATE, x, x, n, TRUE);
  sb = analyse (RATE, y, y, n, TRUE);
  g_assert_cmpint (lq_spectrum_get_bands (sa, LQ_SPECTRUM_NORM_NONE, a, NULL, NULL), ==, LQ_OK);
  g_assert_cmpint (lq_spectrum_get_bands (sb, LQ_SPECTRUM_NORM_NONE, b, NULL, NULL), ==, LQ_OK);
  fc = lq_spectrum_get_centres (sa);
  for (uint32_t k = 0; k < lq_spectrum_get_n_bands (sa); k++)
    if (fc[k] >= 39.0 && fc[k] <= 16500.0)
      {
        /* The shelf's power averaged over the band with pink weighting
         * (uniform on a log axis). */
        double sum = 0.0, expected;
        char *label;

        for (int j = 0; j < 64; j++)
          sum += biquad_power (&q, fc[k] * pow (2.0, (j + 0.5) / 64.0 / 3.0 - 1.0 / 6.0), RATE);
        expected = 10.0 * log10 (sum / 64.0);
        label = g_strdup_printf ("%u Hz shelf", (unsigned) lrint (fc[k]));
        dsp_test_check (label, b[k] - a[k], expected, 1.0, 1.0);
        /* Far tighter in practice; keep a record of how close. */
        g_assert_cmpfloat (fabs (b[k] - a[k] - expected), <, 0.3);
        g_free (label);
      }
  lq_spectrum_free (sa);
  lq_spectrum_free (sb);
  g_free (x);
  g_free (y);
}

static double
bright (double f, gpointer data)
{
  (void) data;
  return 6.0 / (1.0 + pow (2000.0 / f, 2.0));  /* +6 dB above ~2 kHz */
}

static double
dark (double f, gpointer data)
{
  (void) data;
  return f <= 60.0 ? 0.0 : fmax (-100.0, -48.0 * log2 (f / 60.0));  /* below ~60 Hz only */
}

/* A loud bright part then a long quiet dark part (below 60 Hz only, far
 * under the -10 LU relative gate though its low bands are strong): gated,
 * the track measures like the loud part alone; ungated, it would not. */
static void
test_gate (void)
{
  uint32_t n_loud = RATE * 10, n_quiet = RATE * 30, n = n_loud + n_quiet;
  float *l = g_new (float, n), *r = g_new (float, n);
  double whole[LQ_SPECTRUM_MAX_BANDS], loud[LQ_SPECTRUM_MAX_BANDS], ungated[LQ_SPECTRUM_MAX_BANDS];
  double max_ungated_dev = 0.0;
  LqSpectrum *s_whole, *s_loud, *s_ungated;
  const double *fc;

  shaped_noise (RATE, n_loud, 5, TRUE, bright, NULL, -20.0, l);
  shaped_noise (RATE, n_loud, 6, TRUE, bright, NULL, -23.0, r);
  shaped_noise (RATE, n_quiet, 7, TRUE, dark, NULL, -35.0, l + n_loud);
  shaped_noise (RATE, n_quiet, 8, TRUE, dark, NULL, -38.0, r + n_loud);

  s_whole = analyse (RATE, l, r, n, TRUE);
  s_loud = analyse (RATE, l, r, n_loud, TRUE);
  s_ungated = analyse (RATE, l, r, n, FALSE);
  g_assert_cmpint (lq_spectrum_get_bands (s_whole, LQ_SPECTRUM_NORM_EACH, whole, NULL, NULL), ==, LQ_OK);
  g_assert_cmpint (lq_spectrum_get_bands (s_loud, LQ_SPECTRUM_NORM_EACH, loud, NULL, NULL), ==, LQ_OK);
  g_assert_cmpint (lq_spectrum_get_bands (s_ungated, LQ_SPECTRUM_NORM_EACH, ungated, NULL, NULL), ==, LQ_OK);
  fc = lq_spectrum_get_centres (s_whole);
  for (uint32_t b = 0; b < lq_spectrum_get_n_bands (s_whole); b++)
    if (fc[b] >= 39.0 && fc[b] <= 16500.0)
      {
        char *label = g_strdup_printf ("%u Hz gated vs loud part", (unsigned) lrint (fc[b]));

        dsp_test_check (label, whole[b], loud[b], 0.5, 0.5);
        max_ungated_dev = MAX (max_ungated_dev, fabs (ungated[b] - loud[b]));
        g_free (label);
      }
  /* The control: without the gate the dark part shows. */
  g_test_message ("ungated: largest deviation %.2f dB", max_ungated_dev);
  g_assert_cmpfloat (max_ungated_dev, >, 1.0);

  lq_spectrum_free (s_whole);
  lq_spectrum_free (s_loud);
  lq_spectrum_free (s_ungated);
  g_free (l);
  g_free (r);
}

/* The bands of one frame by the definition: periodic Hann, one-sided power
 * scaled by Parseval, each bin [k - 1/2, k + 1/2] sharing in each band by
 * overlap. Adds to @acc (n_bands values). */
static void
reference_frame (uint32_t rate, uint32_t size, const double *x, double *acc)
{
  double *in = lq_fft_malloc (size * sizeof (double));
  fftw_complex *out = lq_fft_malloc ((size / 2 + 1) * sizeof (fftw_complex));
  fftw_plan plan = fftw_plan_dft_r2c_1d ((int) size, in, out, FFTW_ESTIMATE);
  double df = (double) rate / size, sumw2 = 0.0;
  uint32_t b = 0;

  for (uint32_t i = 0; i < size; i++)
    {
      double w = 0.5 - 0.5 * cos (2.0 * G_PI * i / size);

      in[i] = w * x[i];
      sumw2 += w * w;
    }
  fftw_execute (plan);
  for (int j = -17; j <= 13 && b < LQ_SPECTRUM_MAX_BANDS; j++, b++)
    {
      double fc = 1000.0 * pow (2.0, j / 3.0);
      double lo = fc * pow (2.0, -1.0 / 6.0) / df, hi = fc * pow (2.0, 1.0 / 6.0) / df;
      double sum = 0.0;

      if (hi * df > rate / 2.0)
        break;
      for (uint32_t k = 0; k <= size / 2; k++)
        {
          double share = MIN (hi, k + 0.5) - MAX (lo, k - 0.5);

          if (share > 0.0)
            sum += share * (out[k][0] * out[k][0] + out[k][1] * out[k][1]);
        }
      acc[b] += sum * 2.0 / (size * sumw2);
    }
  lq_fft_destroy_plan (plan);
  lq_fft_free (in);
  lq_fft_free (out);
}

/* Three overlapping frames of noise (with a NaN and an infinity, which count
 * as silence), ungated: the bands are the mean of the three frames' bands by
 * the definition, at every rate (narrow low bands inside one bin at 8 kHz,
 * wide ones at 96 kHz). */
static void
test_definition (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  LqSpectrum *s = lq_spectrum_new (rate, 2);
  uint32_t size = lq_spectrum_get_fft_size (s), hop = size / 2, n = size + 2 * hop;
  uint32_t nb = lq_spectrum_get_n_bands (s), used;
  float *l = g_new (float, n), *r = g_new (float, n);
  double *m = g_new (double, n), *sd = g_new (double, n);
  double ref[2][LQ_SPECTRUM_MAX_BANDS] = { { 0 } };
  double mid[LQ_SPECTRUM_MAX_BANDS], side[LQ_SPECTRUM_MAX_BANDS];
  GRand *rand = g_rand_new_with_seed (rate);

  for (uint32_t i = 0; i < n; i++)
    {
      /* Pinkish and uneven, so the bands span a wide range. */
      double t = (double) i / rate;

      l[i] = (float) (0.3 * sin (2.0 * G_PI * 220.0 * t) + g_rand_double_range (rand, -0.1, 0.1));
      r[i] = (float) (0.2 * sin (2.0 * G_PI * 3000.0 * t) + g_rand_double_range (rand, -0.01, 0.01));
    }
  l[hop / 3] = NAN;
  r[size - 5] = INFINITY;
  for (uint32_t i = 0; i < n; i++)
    {
      double a = isfinite (l[i]) ? l[i] : 0.0, b = isfinite (r[i]) ? r[i] : 0.0;

      m[i] = (float) (0.5 * (a + b));
      sd[i] = (float) (0.5 * (a - b));
    }
  for (uint32_t f = 0; f < 3; f++)
    {
      reference_frame (rate, size, m + f * hop, ref[0]);
      reference_frame (rate, size, sd + f * hop, ref[1]);
    }

  lq_spectrum_set_gating (s, FALSE);
  /* Odd pieces, so they straddle the half frames. */
  for (uint32_t done = 0; done < n; done += 777)
    {
      const float *ch[2] = { l + done, r + done };

      g_assert_cmpint (lq_spectrum_process (s, ch, MIN (777, n - done)), ==, LQ_OK);
    }
  g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_NONE, mid, side, &used), ==, LQ_OK);
  g_assert_cmpuint (used, ==, 3);
  for (uint32_t b = 0; b < nb; b++)
    {
      /* Stored as floats: agreement to float rounding. */
      g_assert_cmpfloat_with_epsilon (mid[b], 10.0 * log10 (MAX (ref[0][b] / 3.0, 1e-20)), 1e-4);
      g_assert_cmpfloat_with_epsilon (side[b], 10.0 * log10 (MAX (ref[1][b] / 3.0, 1e-20)), 1e-4);
    }

  g_rand_free (rand);
  g_free (l);
  g_free (r);
  g_free (m);
  g_free (sd);
  lq_spectrum_free (s);
}

/* Gated with an outside meter's blocks, handed in at other moments and in
 * other pieces than the audio: the same bands, bit for bit, as the analyser
 * metering the audio itself. */
static void
check_external_loudness (uint32_t channels)
{
  uint32_t n_loud = RATE * 10, n_quiet = RATE * 30, n = n_loud + n_quiet;
  float *l = g_new (float, n), *r = g_new (float, n);
  double own[2][LQ_SPECTRUM_MAX_BANDS], ext[2][LQ_SPECTRUM_MAX_BANDS];
  uint32_t own_used, ext_used, nb;
  LqSpectrum *s_own, *s_ext;
  LqLoudnessMeter *meter = lq_loudness_meter_new (RATE, channels);
  LqLoudnessBlock blocks[8];

  shaped_noise (RATE, n_loud, 5, TRUE, bright, NULL, -20.0, l);
  shaped_noise (RATE, n_loud, 6, TRUE, bright, NULL, -23.0, r);
  shaped_noise (RATE, n_quiet, 7, TRUE, dark, NULL, -35.0, l + n_loud);
  shaped_noise (RATE, n_quiet, 8, TRUE, dark, NULL, -38.0, r + n_loud);

  s_own = lq_spectrum_new (RATE, channels);
  s_ext = lq_spectrum_new_external_loudness (RATE, channels);
  g_assert_nonnull (s_own);
  g_assert_nonnull (s_ext);
  g_assert_cmpint (lq_spectrum_add_blocks (s_own, blocks, 0), ==, LQ_ERR_INVALID);

  for (int pass = 0; pass < 2; pass++)
    {
      /* The second pass after a reset of both. */
      lq_spectrum_reset (s_own);
      lq_spectrum_reset (s_ext);
      lq_loudness_meter_reset (meter);
      for (uint32_t done = 0; done < n; done += 1000)
        {
          const float *ch[2] = { l + done, r + done };
          uint32_t len = MIN (1000, n - done);

          g_assert_cmpint (lq_spectrum_process (s_own, ch, len), ==, LQ_OK);
          g_assert_cmpint (lq_spectrum_process (s_ext, ch, len), ==, LQ_OK);
        }
      /* The blocks only now, from 16384-frame pieces. */
      for (uint32_t done = 0; done < n; done += 16384)
        {
          const float *ch[2] = { l + done, r + done };
          uint32_t got = lq_loudness_meter_process (meter, ch, MIN (16384, n - done), blocks,
                                                    G_N_ELEMENTS (blocks));

          g_assert_cmpint (lq_spectrum_add_blocks (s_ext, blocks, got), ==, LQ_OK);
        }

      for (int gating = 1; gating >= 0; gating--)
        for (int norm = LQ_SPECTRUM_NORM_NONE; norm <= LQ_SPECTRUM_NORM_MID; norm++)
          {
            lq_spectrum_set_gating (s_own, gating);
            lq_spectrum_set_gating (s_ext, gating);
            g_assert_cmpint (lq_spectrum_get_bands (s_own, norm, own[0], own[1], &own_used), ==, LQ_OK);
            g_assert_cmpint (lq_spectrum_get_bands (s_ext, norm, ext[0], ext[1], &ext_used), ==, LQ_OK);
            g_assert_cmpuint (own_used, ==, ext_used);
            nb = lq_spectrum_get_n_bands (s_own);
            g_assert_cmpuint (lq_spectrum_get_n_bands (s_ext), ==, nb);
            g_assert_cmpmem (own[0], nb * sizeof (double), ext[0], nb * sizeof (double));
            g_assert_cmpmem (own[1], nb * sizeof (double), ext[1], nb * sizeof (double));
          }
      /* The gate works here as it does in test_gate: the quiet part is out. */
      lq_spectrum_set_gating (s_ext, TRUE);
      g_assert_cmpint (lq_spectrum_get_bands (s_ext, LQ_SPECTRUM_NORM_NONE, NULL, NULL, &ext_used), ==, LQ_OK);
      g_assert_cmpuint (ext_used, <, 2 * n_loud / lq_spectrum_get_fft_size (s_ext) + 4);
    }

  /* No blocks handed in: nothing passes the gate. */
  lq_spectrum_reset (s_ext);
  {
    const float *ch[2] = { l, r };

    g_assert_cmpint (lq_spectrum_process (s_ext, ch, n_loud), ==, LQ_OK);
  }
  g_assert_cmpint (lq_spectrum_get_bands (s_ext, LQ_SPECTRUM_NORM_NONE, ext[0], ext[1], NULL), ==, LQ_ERR_INVALID);

  lq_loudness_meter_free (meter);
  lq_spectrum_free (s_own);
  lq_spectrum_free (s_ext);
  g_free (l);
  g_free (r);
}

static void
test_external_loudness (void)
{
  check_external_loudness (2);
  check_external_loudness (1);
}

static void
test_silence_invalid (void)
{
  uint32_t n = RATE * 2;
  float *z = g_new0 (float, n);
  LqSpectrum *s = analyse (RATE, z, z, n, TRUE);
  double mid[LQ_SPECTRUM_MAX_BANDS];

  g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_EACH, mid, NULL, NULL), ==, LQ_ERR_INVALID);
  lq_spectrum_free (s);
  g_assert_null (lq_spectrum_new (RATE, 3));
  g_assert_null (lq_spectrum_new_external_loudness (RATE, 0));
  g_assert_null (lq_spectrum_new_external_loudness (4000, 2));
  g_free (z);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/spectrum/pink-flat/48000", GUINT_TO_POINTER (48000), test_pink_flat);
  g_test_add_data_func ("/spectrum/pink-flat/44100", GUINT_TO_POINTER (44100), test_pink_flat);
  g_test_add_data_func ("/spectrum/pink-flat/96000", GUINT_TO_POINTER (96000), test_pink_flat);
  g_test_add_func ("/spectrum/white-slope", test_white_slope);
  g_test_add_func ("/spectrum/sine-band", test_sine_band);
  g_test_add_func ("/spectrum/shelf", test_shelf);
  g_test_add_func ("/spectrum/gate", test_gate);
  g_test_add_func ("/spectrum/external-loudness", test_external_loudness);
  g_test_add_data_func ("/spectrum/definition/8000", GUINT_TO_POINTER (8000), test_definition);
  g_test_add_data_func ("/spectrum/definition/22050", GUINT_TO_POINTER (22050), test_definition);
  g_test_add_data_func ("/spectrum/definition/44100", GUINT_TO_POINTER (44100), test_definition);
  g_test_add_data_func ("/spectrum/definition/48000", GUINT_TO_POINTER (48000), test_definition);
  g_test_add_data_func ("/spectrum/definition/96000", GUINT_TO_POINTER (96000), test_definition);
  g_test_add_func ("/spectrum/silence", test_silence_invalid);
  return g_test_run ();
}

/* test-parametric-eq.c: LqParametricEq against the Audio EQ Cookbook and the
 * properties every Lacquer processor promises.
 *
 * Frequency responses are measured, not computed: an impulse goes through the
 * processor and a DFT in double precision evaluates its response at chosen
 * frequencies. The reference is evaluated here independently of the unit:
 * the cookbook formulas as printed (complex arithmetic on the transfer
 * function), and for the passes the closed-form magnitude of a bilinear-
 * transformed Butterworth filter, 1 / (1 + (tan(w/2) / tan(w0/2))^(2n)),
 * which a cascade of cookbook sections with Butterworth Qs must equal.
 */
#include <complex.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-parametric-eq.h"

#define MAX_BLOCK 4096
#define RESPONSE_TOL_DB 0.1

/* ---- independent reference ------------------------------------------------ */

static double complex
cookbook_h (double b0, double b1, double b2, double a0, double a1, double a2, double w)
{
  double complex z1 = cexp (-I * w), z2 = cexp (-2.0 * I * w);

  return (b0 + b1 * z1 + b2 * z2) / (a0 + a1 * z1 + a2 * z2);
}

static double
reference_db (const LqEqBand *b, double rate, double f)
{
  double w0 = 2.0 * G_PI * b->freq_hz / rate, w = 2.0 * G_PI * f / rate;
  double cs = cos (w0), sn = sin (w0);
  double a = pow (10.0, b->gain_db / 40.0);
  double alpha = sn / (2.0 * b->q);
  double sa = 2.0 * sqrt (a) * alpha;
  double complex h = 1.0;
  double n = b->slope_db_oct / 6.0;   /* filter order */
  double ratio;

  switch (b->type)
    {
    case LQ_EQ_BELL:
      h = cookbook_h (1 + alpha * a, -2 * cs, 1 - alpha * a, 1 + alpha / a, -2 * cs, 1 - alpha / a, w);
      break;
    case LQ_EQ_LOW_SHELF:
      h = cookbook_h (a * ((a + 1) - (a - 1) * cs + sa), 2 * a * ((a - 1) - (a + 1) * cs),
                      a * ((a + 1) - (a - 1) * cs - sa), (a + 1) + (a - 1) * cs + sa,
                      -2 * ((a - 1) + (a + 1) * cs), (a + 1) + (a - 1) * cs - sa, w);
      break;
    case LQ_EQ_HIGH_SHELF:
      h = cookbook_h (a * ((a + 1) + (a - 1) * cs + sa), -2 * a * ((a - 1) + (a + 1) * cs),
                      a * ((a + 1) + (a - 1) * cs - sa), (a + 1) - (a - 1) * cs + sa,
                      2 * ((a - 1) - (a + 1) * cs), (a + 1) - (a - 1) * cs - sa, w);
      break;
    case LQ_EQ_LOW_PASS:
      ratio = tan (w / 2) / tan (w0 / 2);
      return -10.0 * log10 (1.0 + pow (ratio, 2 * n));
    case LQ_EQ_HIGH_PASS:
      ratio = tan (w0 / 2) / tan (w / 2);
      return -10.0 * log10 (1.0 + pow (ratio, 2 * n));
    }
  return 20.0 * log10 (cabs (h));
}

/* |DFT| of @x at @f, in dB, with a rotating phasor (exact enough in double). */
static double
measure_db (const float *x, size_t len, double rate, double f)
{
  double complex acc = 0.0, ph = 1.0, rot = cexp (-2.0 * I * G_PI * f / rate);

  for (size_t i = 0; i < len; i++)
    {
      acc += x[i] * ph;
      ph *= rot;
      if ((i & 1023) == 1023)
        ph /= cabs (ph);
    }
  return 20.0 * log10 (cabs (acc));
}

/* ---- helpers ------------------------------------------------------------- */

static LqEqBand
band_make (LqEqType type, double f, double gain, double q, uint32_t slope, LqEqChannels c)
{
  LqEqBand b = { true, type, f, gain, q, slope, c };

  return b;
}

/* Runs @len frames of @l/@r through @eq in blocks of @block. */
static void
run (LqParametricEq *eq, float *l, float *r, size_t len, uint32_t block)
{
  for (size_t done = 0; done < len;)
    {
      uint32_t m = len - done < block ? (uint32_t) (len - done) : block;
      float *ch[2] = { l + done, r + done };

      lq_parametric_eq_process (eq, ch, m);
      done += m;
    }
}

static void
noise (float *x, size_t len, guint32 seed, double amp)
{
  GRand *rand = g_rand_new_with_seed (seed);

  for (size_t i = 0; i < len; i++)
    x[i] = (float) (amp * dsp_test_gauss (rand));
  g_rand_free (rand);
}

/* ---- frequency response -------------------------------------------------- */

static const double test_freqs[] = {
  20, 31.5, 50, 80, 125, 200, 315, 500, 800, 1000, 1250, 2000, 3150,
  5000, 8000, 10000, 12500, 16000, 20000, 30000, 40000,
};

/* Impulse response of @bands (on both channels) and, for each test frequency
 * below Nyquist, measured vs reference vs the unit's own response_db(). */
static void
check_response (uint32_t rate, const LqEqBand *bands, uint32_t n_bands, const char *what)
{
  LqParametricEq *eq = lq_parametric_eq_new (rate, MAX_BLOCK);
  size_t len = rate * 2;
  float *l = g_new0 (float, len), *r = g_new0 (float, len);

  for (uint32_t i = 0; i < n_bands; i++)
    g_assert_cmpint (lq_parametric_eq_set_band (eq, i, &bands[i]), ==, LQ_OK);
  lq_parametric_eq_reset (eq);   /* no fade-in: the filters as set */

  l[0] = r[0] = 1.0f;
  run (eq, l, r, len, MAX_BLOCK);

  for (size_t k = 0; k < G_N_ELEMENTS (test_freqs); k++)
    {
      double f = test_freqs[k], expected = 0.0;
      char label[160];

      if (f >= 0.49 * rate)
        continue;
      for (uint32_t i = 0; i < n_bands; i++)
        expected += reference_db (&bands[i], rate, f);

      double got_l = measure_db (l, len, rate, f);
      double got_r = measure_db (r, len, rate, f);
      double unit = lq_parametric_eq_response_db (eq, f, LQ_EQ_STEREO);

      g_snprintf (label, sizeof label, "%s @%u Hz, %.1f Hz", what, rate, f);
      if (expected > -60.0)
        {
          dsp_test_check (label, got_l, expected, RESPONSE_TOL_DB, RESPONSE_TOL_DB);
          dsp_test_check (label, got_r, expected, RESPONSE_TOL_DB, RESPONSE_TOL_DB);
        }
      else
        {
          /* Deep in a stop band: float output cannot resolve 0.1 dB there,
           * and its rounding noise floor (about -110 dB here) hides the
           * filter below it. Only ask for the attenuation to be there. */
          double ceiling = fmax (expected + 5.0, -100.0);

          dsp_test_check (label, got_l, ceiling, 1e9, 0.0);
          dsp_test_check (label, got_r, ceiling, 1e9, 0.0);
        }
      /* The analytic curve for the GUI: the same maths, so far tighter. */
      if (expected > -150.0)
        dsp_test_check (label, unit, expected, 1e-6, 1e-6);
    }

  g_free (l);
  g_free (r);
  lq_parametric_eq_free (eq);
}

static void
test_response_single (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  const LqEqBand cases[] = {
    band_make (LQ_EQ_BELL, 1000, 6, 1, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 100, -12, 4, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 8000, 15, 0.5, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 40, 3, 10, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_LOW_SHELF, 200, 6, M_SQRT1_2, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_LOW_SHELF, 80, -9, 1.2, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_HIGH_SHELF, 6000, 4, M_SQRT1_2, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_HIGH_SHELF, 12000, -8, 0.5, 0, LQ_EQ_STEREO),
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char what[64];

      g_snprintf (what, sizeof what, "type %d %.0f Hz %+.0f dB Q %.2f",
                  cases[i].type, cases[i].freq_hz, cases[i].gain_db, cases[i].q);
      check_response (rate, &cases[i], 1, what);
    }

  for (uint32_t slope = 12; slope <= 48; slope += 12)
    {
      LqEqBand hp = band_make (LQ_EQ_HIGH_PASS, 60, 0, 1, slope, LQ_EQ_STEREO);
      LqEqBand lp = band_make (LQ_EQ_LOW_PASS, 9000, 0, 1, slope, LQ_EQ_STEREO);
      char what[64];

      g_snprintf (what, sizeof what, "high pass 60 Hz %u dB/oct", slope);
      check_response (rate, &hp, 1, what);
      g_snprintf (what, sizeof what, "low pass 9 kHz %u dB/oct", slope);
      check_response (rate, &lp, 1, what);
    }
}

static void
test_response_all_bands (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  const LqEqBand bands[LQ_PEQ_MAX_BANDS] = {
    band_make (LQ_EQ_HIGH_PASS, 25, 0, 1, 24, LQ_EQ_STEREO),
    band_make (LQ_EQ_LOW_SHELF, 120, 3, M_SQRT1_2, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 300, -2.5, 1.5, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 900, 1.5, 0.8, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 2500, -4, 3, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_BELL, 5000, 2, 2, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_HIGH_SHELF, 10000, 2.5, 0.6, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_LOW_PASS, 19000, 0, 1, 48, LQ_EQ_STEREO),
  };

  g_assert_cmpint (LQ_PEQ_MAX_BANDS, >=, 8);
  check_response (rate, bands, LQ_PEQ_MAX_BANDS, "eight bands");
}

/* ---- mid/side ------------------------------------------------------------ */

static void
test_mid_side (void)
{
  const uint32_t rate = 48000;
  const size_t len = 48000;
  LqParametricEq *eq = lq_parametric_eq_new (rate, MAX_BLOCK);
  float *l = g_new (float, len), *r = g_new (float, len);
  float *l0 = g_new (float, len), *r0 = g_new (float, len);
  LqEqBand bell = band_make (LQ_EQ_BELL, 1000, 12, 1, 0, LQ_EQ_SIDE);
  LqEqBand hp = band_make (LQ_EQ_HIGH_PASS, 300, 0, 1, 48, LQ_EQ_SIDE);

  /* Side bands on mono: untouched, bit for bit (no reset: fades included). */
  lq_parametric_eq_set_band (eq, 0, &bell);
  lq_parametric_eq_set_band (eq, 3, &hp);
  noise (l, len, 1, 0.2);
  memcpy (r, l, len * sizeof (float));
  memcpy (l0, l, len * sizeof (float));
  run (eq, l, r, len, 100);
  g_assert_true (memcmp (l, l0, len * sizeof (float)) == 0);
  g_assert_true (memcmp (r, l0, len * sizeof (float)) == 0);

  /* Mid bands on L = -R: untouched. */
  bell.channels = hp.channels = LQ_EQ_MID;
  lq_parametric_eq_set_band (eq, 0, &bell);
  lq_parametric_eq_set_band (eq, 3, &hp);
  lq_parametric_eq_reset (eq);
  noise (l, len, 2, 0.2);
  for (size_t i = 0; i < len; i++)
    r[i] = -l[i];
  memcpy (l0, l, len * sizeof (float));
  memcpy (r0, r, len * sizeof (float));
  run (eq, l, r, len, 100);
  g_assert_true (memcmp (l, l0, len * sizeof (float)) == 0);
  g_assert_true (memcmp (r, r0, len * sizeof (float)) == 0);

  /* And they do act on what they are routed to: a side bell on L = -R
   * lifts both channels by its gain, as response_db (SIDE) says. */
  bell.channels = LQ_EQ_SIDE;
  lq_parametric_eq_set_band (eq, 0, &bell);
  hp.enabled = false;
  lq_parametric_eq_set_band (eq, 3, &hp);
  lq_parametric_eq_reset (eq);
  memset (l, 0, len * sizeof (float));
  memset (r, 0, len * sizeof (float));
  l[0] = 1.0f;
  r[0] = -1.0f;
  run (eq, l, r, len, MAX_BLOCK);
  for (double f = 250; f < 20000; f *= 2)
    {
      double expected = reference_db (&bell, rate, f);

      dsp_test_check ("side bell, left", measure_db (l, len, rate, f), expected, 0.1, 0.1);
      dsp_test_check ("side bell, right", measure_db (r, len, rate, f), expected, 0.1, 0.1);
      dsp_test_check ("response_db side", lq_parametric_eq_response_db (eq, f, LQ_EQ_SIDE),
                      expected, 1e-6, 1e-6);
      dsp_test_check ("response_db mid", lq_parametric_eq_response_db (eq, f, LQ_EQ_MID),
                      0.0, 1e-9, 1e-9);
    }

  g_free (l);
  g_free (r);
  g_free (l0);
  g_free (r0);
  lq_parametric_eq_free (eq);
}

/* ---- block-size independence --------------------------------------------- */

typedef enum
{
  EV_BAND,
  EV_BYPASS,
  EV_NAN,
} EventKind;

typedef struct
{
  size_t at;
  EventKind kind;
  uint32_t index;
  LqEqBand band;
  bool bypass;
} Event;

/* Runs a scripted session: every event lands at the same sample whatever
 * the block size, which is all a host can promise. */
static void
run_script (uint32_t block, const Event *ev, size_t n_ev, float *l, float *r, size_t len)
{
  LqParametricEq *eq = lq_parametric_eq_new (48000, MAX_BLOCK);
  size_t pos = 0, e = 0;

  while (pos < len)
    {
      size_t end = pos + block < len ? pos + block : len;

      while (e < n_ev && ev[e].at <= pos)
        {
          if (ev[e].kind == EV_BAND)
            lq_parametric_eq_set_band (eq, ev[e].index, &ev[e].band);
          else if (ev[e].kind == EV_BYPASS)
            lq_parametric_eq_set_bypass (eq, ev[e].bypass);
          e++;
        }
      if (e < n_ev && ev[e].at < end)
        end = ev[e].at;

      float *ch[2] = { l + pos, r + pos };
      lq_parametric_eq_process (eq, ch, (uint32_t) (end - pos));
      pos = end;
    }
  lq_parametric_eq_free (eq);
}

static void
test_block_size (void)
{
  const size_t len = 48000 * 3;
  const Event ev[] = {
    { 0, EV_BAND, 0, band_make (LQ_EQ_BELL, 1000, 6, 1, 0, LQ_EQ_STEREO), false },
    { 0, EV_BAND, 1, band_make (LQ_EQ_HIGH_PASS, 40, 0, 1, 36, LQ_EQ_STEREO), false },
    { 0, EV_BAND, 2, band_make (LQ_EQ_HIGH_SHELF, 8000, 3, 0.7, 0, LQ_EQ_SIDE), false },
    { 10007, EV_BAND, 0, band_make (LQ_EQ_BELL, 2500, -9, 3, 0, LQ_EQ_STEREO), false },
    { 10500, EV_BAND, 0, band_make (LQ_EQ_BELL, 300, 12, 0.5, 0, LQ_EQ_STEREO), false },
    { 20011, EV_BAND, 1, band_make (LQ_EQ_HIGH_PASS, 80, 0, 1, 12, LQ_EQ_MID), false },
    { 30001, EV_BAND, 2, band_make (LQ_EQ_LOW_SHELF, 100, -6, 0.7, 0, LQ_EQ_SIDE), false },
    { 30200, EV_BAND, 2, band_make (LQ_EQ_LOW_SHELF, 200, 6, 0.7, 0, LQ_EQ_SIDE), false },
    { 40003, EV_BYPASS, 0, { 0 }, true },
    { 40100, EV_BAND, 3, band_make (LQ_EQ_LOW_PASS, 12000, 0, 1, 48, LQ_EQ_STEREO), false },
    { 40205, EV_BYPASS, 0, { 0 }, false },
    { 45000, EV_BYPASS, 0, { 0 }, true },
    { 50000, EV_BYPASS, 0, { 0 }, false },
    { 60013, EV_NAN, 0, { 0 }, false },
    { 70000, EV_BAND, 0, { false, LQ_EQ_BELL, 300, 12, 0.5, 0, LQ_EQ_STEREO }, false },
  };
  const uint32_t blocks[] = { 17, 64, MAX_BLOCK, 1000 };
  float *in_l = g_new (float, len), *in_r = g_new (float, len);
  float *ref_l = g_new (float, len), *ref_r = g_new (float, len);
  float *l = g_new (float, len), *r = g_new (float, len);

  noise (in_l, len, 7, 0.1);
  noise (in_r, len, 8, 0.1);
  in_l[60013] = NAN;
  memcpy (ref_l, in_l, len * sizeof (float));
  memcpy (ref_r, in_r, len * sizeof (float));
  run_script (1, ev, G_N_ELEMENTS (ev), ref_l, ref_r, len);

  for (size_t i = 0; i < len; i++)
    g_assert_true (isfinite (ref_l[i]) && isfinite (ref_r[i]));
  /* The script did change the sound. */
  g_assert_true (memcmp (ref_l, in_l, 20000 * sizeof (float)) != 0);

  for (size_t k = 0; k < G_N_ELEMENTS (blocks); k++)
    {
      memcpy (l, in_l, len * sizeof (float));
      memcpy (r, in_r, len * sizeof (float));
      run_script (blocks[k], ev, G_N_ELEMENTS (ev), l, r, len);
      for (size_t i = 0; i < len; i++)
        if (memcmp (&l[i], &ref_l[i], sizeof (float)) != 0
            || memcmp (&r[i], &ref_r[i], sizeof (float)) != 0)
          {
            g_test_message ("block %u differs from block 1 at sample %zu", blocks[k], i);
            g_test_fail ();
            break;
          }
    }

  g_free (in_l);
  g_free (in_r);
  g_free (ref_l);
  g_free (ref_r);
  g_free (l);
  g_free (r);
}

/* ---- click-free changes -------------------------------------------------- */

/* A click is a step the music does not make. A sine of amplitude A and
 * frequency f moves at most 2 A sin (pi f / rate) from one sample to the
 * next; a change is click-free here when no step of the output exceeds
 * CLICK_FACTOR times that bound, with A the larger of the output's settled
 * amplitudes before and after the change. An instant 0 -> +12 dB switch on a
 * 1 kHz sine at 48 kHz would step by up to 3 A_before = 0.75 A_max, nearly
 * six times the bound (0.13 A_max). */
#define CLICK_FACTOR 1.1

typedef struct
{
  LqParametricEq *eq;
  uint32_t rate;
  double freq;
  double amp;
  size_t pos;
  float prev;
  double max_step;
  double max_abs;
} Tone;

static void
tone_run (Tone *t, double seconds)
{
  size_t len = (size_t) (seconds * t->rate);
  float *l = g_new (float, len), *r = g_new (float, len);

  for (size_t i = 0; i < len; i++)
    l[i] = r[i] = (float) (t->amp * sin (2.0 * G_PI * t->freq * (double) (t->pos + i) / t->rate));
  run (t->eq, l, r, len, 256);
  for (size_t i = 0; i < len; i++)
    {
      double step = fabs ((double) l[i] - t->prev);

      if (t->pos + i > 0)
        t->max_step = fmax (t->max_step, step);
      t->max_abs = fmax (t->max_abs, fabs (l[i]));
      t->prev = l[i];
      g_assert_cmpfloat (l[i], ==, r[i]);
    }
  t->pos += len;
  g_free (l);
  g_free (r);
}

static void
check_click (const char *what, Tone *t, double amp_max)
{
  double bound = CLICK_FACTOR * 2.0 * amp_max * sin (G_PI * t->freq / t->rate);

  g_test_message ("%s: largest step %.5f, bound %.5f (peak %.4f, A_max %.4f)",
                  what, t->max_step, bound, t->max_abs, amp_max);
  if (!(t->max_step <= bound))
    {
      g_test_message ("%s: click", what);
      g_test_fail ();
    }
}

static void
test_click_free (void)
{
  const double amp = 0.25, gain12 = pow (10.0, 12.0 / 20.0);
  Tone t = { lq_parametric_eq_new (48000, MAX_BLOCK), 48000, 1000.0, amp, 0, 0.0f, 0.0, 0.0 };
  LqEqBand bell = band_make (LQ_EQ_BELL, 1000, 0, 1, 0, LQ_EQ_STEREO);

  /* Gain 0 -> +12 dB -> 0 dB. */
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  lq_parametric_eq_reset (t.eq);
  tone_run (&t, 0.2);
  bell.gain_db = 12;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  g_assert_cmpfloat_with_epsilon (t.max_abs, amp * gain12, 0.01);
  bell.gain_db = 0;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  check_click ("gain 0 -> 12 -> 0 dB", &t, amp * gain12);

  /* Bypass on and off, with the bell at +12 dB. */
  bell.gain_db = 12;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  t.max_step = 0.0;
  lq_parametric_eq_set_bypass (t.eq, true);
  tone_run (&t, 0.3);
  lq_parametric_eq_set_bypass (t.eq, false);
  tone_run (&t, 0.3);
  lq_parametric_eq_set_bypass (t.eq, true);
  tone_run (&t, 0.004);   /* reversed mid-fade */
  lq_parametric_eq_set_bypass (t.eq, false);
  tone_run (&t, 0.3);
  check_click ("bypass", &t, amp * gain12);

  /* Band off and on; a type change (bell -> high shelf at 1 kHz, +12 dB
   * above); a frequency sweep of the bell across the tone. */
  t.max_step = 0.0;
  bell.enabled = false;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  bell.enabled = true;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  bell.type = LQ_EQ_HIGH_SHELF;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  bell.type = LQ_EQ_BELL;
  bell.freq_hz = 150;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  bell.freq_hz = 6000;
  lq_parametric_eq_set_band (t.eq, 0, &bell);
  tone_run (&t, 0.3);
  check_click ("enable, type, frequency", &t, amp * gain12);

  lq_parametric_eq_free (t.eq);
}

/* ---- NaN and denormals --------------------------------------------------- */

static void
test_nan (void)
{
  const size_t len = 48000;
  LqParametricEq *eq = lq_parametric_eq_new (48000, MAX_BLOCK);
  float *l = g_new (float, len), *r = g_new (float, len);
  LqEqBand bell = band_make (LQ_EQ_BELL, 500, 6, 2, 0, LQ_EQ_STEREO);
  LqEqBand hp = band_make (LQ_EQ_HIGH_PASS, 50, 0, 1, 48, LQ_EQ_MID);

  lq_parametric_eq_set_band (eq, 0, &bell);
  lq_parametric_eq_set_band (eq, 1, &hp);
  noise (l, len, 3, 0.1);
  noise (r, len, 4, 0.1);
  l[1000] = NAN;
  r[5000] = INFINITY;
  l[9000] = -INFINITY;
  run (eq, l, r, len, 480);

  for (size_t i = 0; i < len; i++)
    g_assert_true (isfinite (l[i]) && isfinite (r[i]));
  /* Silence from the bad sample to the next 32-sample grid point... */
  for (size_t i = 1000; i < 1024; i++)
    g_assert_cmpfloat (l[i], ==, 0.0f);
  /* ...and sound again after it. */
  double e = 0.0;
  for (size_t i = 1024; i < 2024; i++)
    e += (double) l[i] * l[i];
  g_assert_cmpfloat (e, >, 1.0);

  /* Bypassed, the guard still holds. */
  lq_parametric_eq_set_bypass (eq, true);
  lq_parametric_eq_reset (eq);
  noise (l, len, 5, 0.1);
  l[100] = NAN;
  run (eq, l, r, len, 480);
  for (size_t i = 0; i < len; i++)
    g_assert_true (isfinite (l[i]));

  g_free (l);
  g_free (r);
  lq_parametric_eq_free (eq);
}

static void
test_denormal (void)
{
  const uint32_t rate = 48000;
  const size_t len = rate * 10;
  LqParametricEq *eq = lq_parametric_eq_new (rate, MAX_BLOCK);
  float *l = g_new (float, len), *r = g_new (float, len);
  const LqEqBand bands[] = {
    band_make (LQ_EQ_BELL, 30, 6, 4, 0, LQ_EQ_STEREO),
    band_make (LQ_EQ_HIGH_PASS, 20, 0, 1, 48, LQ_EQ_STEREO),
    band_make (LQ_EQ_LOW_SHELF, 100, -6, 0.7, 0, LQ_EQ_SIDE),
    band_make (LQ_EQ_LOW_PASS, 15000, 0, 1, 24, LQ_EQ_MID),
  };

  for (uint32_t i = 0; i < G_N_ELEMENTS (bands); i++)
    lq_parametric_eq_set_band (eq, i, &bands[i]);
  lq_parametric_eq_reset (eq);
  g_assert_true (lq_parametric_eq_is_idle (eq));

  /* Denormal input: flushed on the next grid point, and not handed on. */
  for (size_t i = 0; i < 256; i++)
    l[i] = r[i] = (i & 1) ? 1e-40f : -1e-40f;
  run (eq, l, r, 256, 64);
  g_assert_true (lq_parametric_eq_is_idle (eq));
  for (size_t i = 0; i < 256; i++)
    g_assert_cmpfloat (l[i], ==, 0.0f);

  /* A loud signal then silence: the tails decay to exactly zero, never
   * lingering as denormals. */
  noise (l, rate, 9, 0.3);
  memcpy (r, l, rate * sizeof (float));
  memset (l + rate, 0, (len - rate) * sizeof (float));
  memset (r + rate, 0, (len - rate) * sizeof (float));
  run (eq, l, r, len, 512);
  g_assert_true (lq_parametric_eq_is_idle (eq));
  for (size_t i = len - rate; i < len; i++)
    g_assert_cmpfloat (l[i], ==, 0.0f);

  /* A steady stream of denormal input: flushed on the way in, every chunk,
   * so the filters never hold (and the output never carries) a denormal.
   * What that costs in time is measured by tests/bench/bench-chain.c. */
  for (size_t i = 0; i < len; i++)
    l[i] = r[i] = (i & 1) ? 1e-40f : 3e-39f;
  run (eq, l, r, len, 512);
  g_assert_true (lq_parametric_eq_is_idle (eq));
  for (size_t i = 0; i < len; i++)
    {
      g_assert_cmpfloat (l[i], ==, 0.0f);
      g_assert_cmpfloat (r[i], ==, 0.0f);
    }

  g_free (l);
  g_free (r);
  lq_parametric_eq_free (eq);
}

/* ---- realtime safety and API --------------------------------------------- */

static void
test_no_alloc (void)
{
  LqParametricEq *eq = lq_parametric_eq_new (48000, 512);
  static float l[512], r[512];
  float *ch[2] = { l, r };
  LqEqBand b = band_make (LQ_EQ_BELL, 1000, 6, 1, 0, LQ_EQ_MID);
  DspRtCounts counts = { 0 };

  noise (l, 512, 11, 0.1);
  noise (r, 512, 12, 0.1);
  dsp_rt_guard_begin ();
  for (int i = 0; i < 1000; i++)
    {
      if (i % 100 == 0)
        {
          b.gain_db = -b.gain_db;
          b.type = (LqEqType) ((i / 100) % 5);
          lq_parametric_eq_set_band (eq, (uint32_t) (i / 100) % LQ_PEQ_MAX_BANDS, &b);
          lq_parametric_eq_set_bypass (eq, (i / 100) % 3 == 0);
        }
      lq_parametric_eq_process (eq, ch, 512);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "parametric EQ: setters and process");
  lq_parametric_eq_free (eq);
}

static void
test_api (void)
{
  LqParametricEq *eq = lq_parametric_eq_new (44100, 256);
  LqEqBand b = band_make (LQ_EQ_HIGH_PASS, 1, 99, 1000, 28, LQ_EQ_SIDE), got;

  g_assert_null (lq_parametric_eq_new (0, 256));
  g_assert_null (lq_parametric_eq_new (48000, 0));
  g_assert_cmpuint (lq_parametric_eq_get_latency (eq), ==, 0);

  g_assert_cmpint (lq_parametric_eq_set_band (eq, LQ_PEQ_MAX_BANDS, &b), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_parametric_eq_set_band (eq, 0, &b), ==, LQ_OK);
  lq_parametric_eq_get_band (eq, 0, &got);
  g_assert_cmpfloat (got.freq_hz, ==, LQ_PEQ_MIN_FREQ);
  g_assert_cmpfloat (got.gain_db, ==, LQ_PEQ_MAX_GAIN_DB);
  g_assert_cmpfloat (got.q, ==, LQ_PEQ_MAX_Q);
  g_assert_cmpuint (got.slope_db_oct, ==, 24);
  b.freq_hz = 1e6;
  b.slope_db_oct = 100;
  lq_parametric_eq_set_band (eq, 0, &b);
  lq_parametric_eq_get_band (eq, 0, &got);
  g_assert_cmpfloat (got.freq_hz, ==, LQ_PEQ_MAX_FREQ_RATIO * 44100);
  g_assert_cmpuint (got.slope_db_oct, ==, 48);

  b.q = NAN;
  g_assert_cmpint (lq_parametric_eq_set_band (eq, 1, &b), ==, LQ_ERR_INVALID);
  b.q = 1;
  b.type = (LqEqType) 17;
  g_assert_cmpint (lq_parametric_eq_set_band (eq, 1, &b), ==, LQ_ERR_INVALID);

  /* Disabled bands, and a fresh EQ, are flat. */
  g_assert_cmpfloat (lq_parametric_eq_response_db (eq, 1000, LQ_EQ_STEREO), ==, 0.0);
  g_assert_cmpfloat (lq_parametric_eq_response_db (eq, 1000, LQ_EQ_MID), ==, 0.0);
  lq_parametric_eq_free (eq);
}

int
main (int argc, char **argv)
{
  static const uint32_t rates[] = { 44100, 48000, 96000 };

  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      char path[64];

      g_snprintf (path, sizeof path, "/parametric-eq/response/single/%u", rates[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (rates[i]), test_response_single);
      g_snprintf (path, sizeof path, "/parametric-eq/response/eight-bands/%u", rates[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (rates[i]), test_response_all_bands);
    }
  g_test_add_func ("/parametric-eq/mid-side", test_mid_side);
  g_test_add_func ("/parametric-eq/block-size", test_block_size);
  g_test_add_func ("/parametric-eq/click-free", test_click_free);
  g_test_add_func ("/parametric-eq/nan", test_nan);
  g_test_add_func ("/parametric-eq/denormal", test_denormal);
  g_test_add_func ("/parametric-eq/no-alloc", test_no_alloc);
  g_test_add_func ("/parametric-eq/api", test_api);

  return g_test_run ();
}

/* test-true-peak.c: LqTruePeak against libebur128's true-peak mode and
 * against properties any BS.1770-4 Annex 2 true-peak meter has.
 *
 * libebur128 (EBUR128_MODE_TRUE_PEAK) oversamples 4x below 96 kHz and 2x
 * below 192 kHz with a 49-tap Hann-windowed sinc; it is an independent
 * implementation of the same Annex 2 method, so the two must agree within the
 * interpolation error the standard accepts. EBU Tech 3341 allows a true-peak
 * reading +0.2/-0.4 dB off; two meters that each stay within it can still
 * differ by 0.6 dB, so the brief's tighter +/-0.2 dB is used here, which
 * holds for two 4x interpolators (their worst-case under-read at fs/4 is
 * 0.17 dB each, on different phases).
 */
#include <ebur128.h>
#include <glib.h>
#include <math.h>

#include "dsp-test-util.h"
#include "lq-true-peak.h"

#define MAX_BLOCK 4096
#define VS_EBUR128_TOL 0.2

typedef enum
{
  SIG_WHITE,
  SIG_BAND,
  SIG_QUARTER,
} SignalKind;

/* Raised-cosine fade over 10 ms at both ends, as EBU Tech 3341 asks for its
 * true-peak tones: a tone switched on abruptly makes any band-limited
 * interpolator ring, and the test would measure the switch, not the tone. */
static void
fade (uint32_t rate, uint32_t n, float *x)
{
  uint32_t len = rate / 100;

  for (uint32_t i = 0; i < len && i < n / 2; i++)
    {
      float g = (float) (0.5 - 0.5 * cos (G_PI * i / len));

      x[i] *= g;
      x[n - 1 - i] *= g;
    }
}

/* Fills @l and @r (each @n frames) with the chosen signal. */
static void
make_signal (SignalKind kind, uint32_t rate, uint32_t n, guint32 seed, double detune,
             float *l, float *r)
{
  GRand *rand = g_rand_new_with_seed (seed);

  switch (kind)
    {
    case SIG_WHITE:
      for (uint32_t i = 0; i < n; i++)
        {
          l[i] = (float) (0.25 * dsp_test_gauss (rand));
          r[i] = (float) (0.25 * dsp_test_gauss (rand));
        }
      break;

    case SIG_BAND:
      {
        /* 32 sines between 0.2 and 0.3 times 48 kHz (or fs, if lower) with
         * random phases: noise band-limited around 12 kHz, where 4x
         * interpolation errs most, and inside the audio band at 96 kHz. */
        double f[2][32], ph[2][32];
        double scale = MIN (rate, 48000) / (double) rate;

        for (int c = 0; c < 2; c++)
          for (int k = 0; k < 32; k++)
            {
              f[c][k] = scale * g_rand_double_range (rand, 0.2, 0.3);
              ph[c][k] = g_rand_double_range (rand, 0.0, 2.0 * G_PI);
            }
        for (uint32_t i = 0; i < n; i++)
          {
            double v[2] = { 0.0, 0.0 };

            for (int c = 0; c < 2; c++)
              for (int k = 0; k < 32; k++)
                v[c] += 0.05 * sin (2.0 * G_PI * fmod (f[c][k] * i, 1.0) + ph[c][k]);
            l[i] = (float) v[0];
            r[i] = (float) v[1];
          }
        fade (rate, n, l);
        fade (rate, n, r);
      }
      break;

    case SIG_QUARTER:
      {
        /* A sine at (1 + detune) fs/4, random phase per channel. */
        double ph[2] = { g_rand_double_range (rand, 0.0, 2.0 * G_PI),
                         g_rand_double_range (rand, 0.0, 2.0 * G_PI) };
        double f = 0.25 * (1.0 + detune);

        for (uint32_t i = 0; i < n; i++)
          {
            double cyc = fmod (f * i, 1.0);

            l[i] = (float) (0.5 * sin (2.0 * G_PI * cyc + ph[0]));
            r[i] = (float) (0.5 * sin (2.0 * G_PI * cyc + ph[1]));
          }
        fade (rate, n, l);
        fade (rate, n, r);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  g_rand_free (rand);
}

static void
lq_peak (uint32_t rate, const float *l, const float *r, uint32_t n, uint32_t block, float *peak)
{
  LqTruePeak *tp = lq_true_peak_new (rate, 2, MAX_BLOCK);

  g_assert_nonnull (tp);
  peak[0] = peak[1] = 0.0f;
  for (uint32_t pos = 0; pos < n; pos += block)
    {
      const float *ch[2] = { l + pos, r + pos };

      lq_true_peak_process (tp, ch, MIN (block, n - pos), peak);
    }
  lq_true_peak_flush (tp, peak);
  lq_true_peak_free (tp);
}

static void
ebur128_peak (uint32_t rate, const float *l, const float *r, uint32_t n, double *peak)
{
  ebur128_state *st = ebur128_init (2, rate, EBUR128_MODE_TRUE_PEAK);
  float *inter = g_new (float, 2 * MAX_BLOCK);

  g_assert_nonnull (st);
  for (uint32_t pos = 0; pos < n; pos += MAX_BLOCK)
    {
      uint32_t m = MIN (MAX_BLOCK, n - pos);

      for (uint32_t i = 0; i < m; i++)
        {
          inter[2 * i] = l[pos + i];
          inter[2 * i + 1] = r[pos + i];
        }
      g_assert_cmpint (ebur128_add_frames_float (st, inter, m), ==, EBUR128_SUCCESS);
    }
  for (unsigned c = 0; c < 2; c++)
    g_assert_cmpint (ebur128_true_peak (st, c, &peak[c]), ==, EBUR128_SUCCESS);
  g_free (inter);
  ebur128_destroy (&st);
}

typedef struct
{
  uint32_t rate;
  SignalKind kind;
} VsCase;

static int
cmp_desc_abs (gconstpointer a, gconstpointer b, gpointer data)
{
  const float *x = data;
  float fa = fabsf (x[*(const guint32 *) a]), fb = fabsf (x[*(const guint32 *) b]);

  return (fa < fb) - (fa > fb);
}

/* The reference: the peak of the ideal band-limited reconstruction,
 * evaluated 16 times per sample with a +-192-sample Blackman-windowed sinc,
 * in double, around the 400 largest samples (where the waveform's peak lies). */
static double
ideal_peak (const float *x, uint32_t n)
{
  const int half = 192, grid = 16, candidates = 400;
  g_autofree guint32 *idx = g_new (guint32, n);
  double best = 0.0;

  for (uint32_t i = 0; i < n; i++)
    idx[i] = i;
  g_qsort_with_data (idx, n, sizeof *idx, cmp_desc_abs, (gpointer) x);

  for (int c = 0; c < candidates && c < (int) n; c++)
    for (int g = -grid; g <= grid; g++)
      {
        double t = idx[c] + (double) g / grid, y = 0.0;
        int k0 = (int) floor (t);

        for (int k = k0 - half + 1; k <= k0 + half; k++)
          {
            double d = t - k, w, sinc;

            if (k < 0 || k >= (int) n)
              continue;
            w = 0.42 + 0.5 * cos (G_PI * d / half) + 0.08 * cos (2 * G_PI * d / half);
            sinc = fabs (d) < 1e-12 ? 1.0 : sin (G_PI * d) / (G_PI * d);
            y += x[k] * sinc * w;
          }
        best = MAX (best, fabs (y));
      }
  return best;
}

static void
test_vs_ebur128 (gconstpointer data)
{
  const VsCase *vc = data;
  static const char *const names[] = { "white noise", "noise 0.2-0.3 fs", "sine" };
  static const double detunes[] = { -0.02, -0.005, 0.0, 0.005, 0.02 };
  guint runs = vc->kind == SIG_QUARTER ? G_N_ELEMENTS (detunes) : 1;
  uint32_t n = vc->kind == SIG_QUARTER ? vc->rate : 3 * vc->rate;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);

  for (guint run = 0; run < runs; run++)
    {
      double detune = vc->kind == SIG_QUARTER ? detunes[run] : 0.0;
      float lq[2];
      double eb[2];

      make_signal (vc->kind, vc->rate, n, 100 + run, detune, l, r);
      lq_peak (vc->rate, l, r, n, 1000, lq);
      ebur128_peak (vc->rate, l, r, n, eb);
      for (int c = 0; c < 2; c++)
        {
          g_autofree char *what = vc->kind == SIG_QUARTER ?
            g_strdup_printf ("sine at %.4f fs", 0.25 * (1.0 + detune)) : g_strdup (names[vc->kind]);
          g_autofree char *label = g_strdup_printf ("%s @%u ch %d: true peak dB vs libebur128",
                                                    what, vc->rate, c);

          g_autofree char *label2 = g_strdup_printf ("%s @%u ch %d: true peak dB vs ideal reconstruction",
                                                     what, vc->rate, c);
          /* (Sines near fs/4 have the EBU Tech 3341 cases for a reference.) */
          double ideal = vc->kind == SIG_QUARTER ? NAN : dsp_test_db (ideal_peak (c == 0 ? l : r, n));

          if (vc->kind == SIG_WHITE)
            {
              /* Full-band white noise puts inter-sample peaks right up to
               * Nyquist, where every 4x interpolator rolls off and reads low
               * (the standard's own 48-tap filter too). Lacquer's must never
               * read above the ideal waveform, and no lower than libebur128's. */
              g_test_message ("%s: Lacquer %.3f, libebur128 %.3f, ideal %.3f", label,
                              dsp_test_db (lq[c]), dsp_test_db (eb[c]), ideal);
              dsp_test_check (label2, dsp_test_db (lq[c]), ideal, G_MAXDOUBLE, 0.2);
              dsp_test_check (label, dsp_test_db (lq[c]), dsp_test_db (eb[c]), 0.05, G_MAXDOUBLE);
            }
          else if (vc->kind == SIG_QUARTER)
            dsp_test_check (label, dsp_test_db (lq[c]), dsp_test_db (eb[c]),
                            VS_EBUR128_TOL, VS_EBUR128_TOL);
          else
            {
              /* Against the ideal waveform: within Tech 3341's +0.2/-0.4 dB;
               * against libebur128, where both interpolators are flat: +-0.2. */
              dsp_test_check (label2, dsp_test_db (lq[c]), ideal, 0.4, 0.2);
              dsp_test_check (label, dsp_test_db (lq[c]), dsp_test_db (eb[c]),
                              VS_EBUR128_TOL, VS_EBUR128_TOL);
            }
        }
    }
}

static void
test_block_size (void)
{
  static const uint32_t sizes[] = { 1, 37, MAX_BLOCK };
  static const uint32_t rates[] = { 44100, 96000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      uint32_t n = rates[r] * 2 + 77;
      g_autofree float *l = g_new (float, n);
      g_autofree float *rr = g_new (float, n);
      float ref[2];

      make_signal (SIG_WHITE, rates[r], n, 5, 0.0, l, rr);
      lq_peak (rates[r], l, rr, n, sizes[0], ref);
      for (guint i = 1; i < G_N_ELEMENTS (sizes); i++)
        {
          float other[2];

          lq_peak (rates[r], l, rr, n, sizes[i], other);
          /* Exact: same samples, same sums. */
          g_assert_cmpfloat (other[0], ==, ref[0]);
          g_assert_cmpfloat (other[1], ==, ref[1]);
        }
    }
}

/* lq_true_peak_process_frames_max() (the limiter's detector) is, frame by
 * frame, the largest of lq_true_peak_process_frames()' readings over the
 * channels, bit for bit, at every oversampling factor, for one channel or
 * two, whatever the block size. */
static void
test_frames_max (void)
{
  static const uint32_t rates[] = { 44100, 96000, 192000 };
  static const uint32_t sizes[] = { 1, 17, 256, 1000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    for (uint32_t channels = 1; channels <= 2; channels++)
      for (guint b = 0; b < G_N_ELEMENTS (sizes); b++)
        {
          uint32_t n = 20000, max_block = 1024;
          g_autofree float *l = g_new (float, n);
          g_autofree float *rr = g_new (float, n);
          g_autofree float *pl = g_new (float, n);
          g_autofree float *pr = g_new (float, n);
          g_autofree float *pmax = g_new (float, n);
          LqTruePeak *a = lq_true_peak_new (rates[r], channels, max_block);
          LqTruePeak *m = lq_true_peak_new (rates[r], channels, max_block);

          make_signal (SIG_BAND, rates[r], n, 9 + b, 0.0, l, rr);
          for (uint32_t done = 0; done < n;)
            {
              uint32_t len = MIN (sizes[b], n - done);
              const float *in[2] = { l + done, rr + done };
              float *out[2] = { pl + done, pr + done };

              lq_true_peak_process_frames (a, in, len, out);
              lq_true_peak_process_frames_max (m, in, len, pmax + done);
              done += len;
            }
          for (uint32_t i = 0; i < n; i++)
            {
              float want = channels == 2 && pr[i] > pl[i] ? pr[i] : pl[i];

              if (pmax[i] != want)
                {
                  g_test_message ("%u Hz, %u channel(s), block %u: frame %u reads %g, not %g",
                                  rates[r], channels, sizes[b], i, pmax[i], want);
                  g_test_fail ();
                  break;
                }
            }
          lq_true_peak_free (a);
          lq_true_peak_free (m);
        }
}

static void
test_oversampling (void)
{
  static const struct { uint32_t rate, factor; } expect[] = {
    { 8000, 4 }, { 44100, 4 }, { 48000, 4 }, { 88200, 4 }, { 96000, 2 },
    { 176400, 2 }, { 192000, 1 }, { 384000, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      LqTruePeak *tp = lq_true_peak_new (expect[i].rate, 2, 512);

      g_assert_nonnull (tp);
      g_assert_cmpuint (lq_true_peak_get_oversampling (tp), ==, expect[i].factor);
      if (expect[i].factor == 1)
        g_assert_cmpuint (lq_true_peak_get_latency (tp), ==, 0);
      lq_true_peak_free (tp);
    }
}

/* From 192 kHz on there is no oversampling: the true peak is the sample peak. */
static void
test_sample_peak_at_192k (void)
{
  static const uint32_t rates[] = { 192000, 384000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      uint32_t n = rates[r] / 2;
      g_autofree float *l = g_new (float, n);
      g_autofree float *rr = g_new (float, n);
      float peak[2], sp[2] = { 0.0f, 0.0f };

      make_signal (SIG_WHITE, rates[r], n, 9, 0.0, l, rr);
      for (uint32_t i = 0; i < n; i++)
        {
          sp[0] = MAX (sp[0], fabsf (l[i]));
          sp[1] = MAX (sp[1], fabsf (rr[i]));
        }
      lq_peak (rates[r], l, rr, n, 1000, peak);
      g_assert_cmpfloat (peak[0], ==, sp[0]);
      g_assert_cmpfloat (peak[1], ==, sp[1]);
    }
}

/* The samples are points of the waveform: no true-peak reading may fall
 * below the sample peak. Float rounding of the interpolation sums may cost a
 * few ulps, hence the 1e-6 relative slack (1e-5 dB). */
static void
test_not_below_sample_peak (void)
{
  static const uint32_t rates[] = { 44100, 48000, 96000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      uint32_t n = rates[r];
      g_autofree float *l = g_new0 (float, n);
      g_autofree float *rr = g_new0 (float, n);
      float peak[2];

      /* Left: a sine at exactly fs/4 with its crests on samples (EBU Tech
       * 3341 case 15). Right: one isolated full-scale sample. */
      for (uint32_t i = 0; i < n; i++)
        l[i] = (float) (0.5 * sin (G_PI / 2.0 * (i % 4)));
      fade (rates[r], n, l);
      rr[n / 2] = 1.0f;

      lq_peak (rates[r], l, rr, n, 1000, peak);
      {
        g_autofree char *l1 = g_strdup_printf ("fs/4 sine, crests on samples @%u, "
                                               "true peak - sample peak, dB", rates[r]);
        g_autofree char *l2 = g_strdup_printf ("single full-scale sample @%u, "
                                               "true peak - sample peak, dB", rates[r]);

        dsp_test_check (l1, dsp_test_db (peak[0] / 0.5f), 0.0, 1e-5, HUGE_VAL);
        dsp_test_check (l2, dsp_test_db (peak[1]), 0.0, 1e-5, HUGE_VAL);
      }
    }
}

/* flush() pushes the last latency samples through: a peak in the very last
 * sample is only seen after it. */
static void
test_flush (void)
{
  const uint32_t n = 4800;
  g_autofree float *x = g_new0 (float, n);
  const float *ch[1] = { x };
  LqTruePeak *tp = lq_true_peak_new (48000, 1, MAX_BLOCK);
  float before = 0.0f, after;

  g_assert_nonnull (tp);
  g_assert_cmpuint (lq_true_peak_get_latency (tp), >, 0);
  x[n - 1] = 0.9f;
  lq_true_peak_process (tp, ch, n, &before);
  after = before;
  lq_true_peak_flush (tp, &after);
  lq_true_peak_free (tp);

  g_test_message ("impulse 0.9 in the last sample: %.4f before flush, %.4f after", before, after);
  g_assert_cmpfloat (before, <, 0.9f);
  /* Tech 3341 allows a true-peak meter to under-read by 0.4 dB at most. */
  g_assert_cmpfloat (dsp_test_db (after / 0.9f), >=, -0.4);
}

static void
test_reset (void)
{
  const uint32_t n = 48000;
  g_autofree float *loud = g_new (float, n);
  g_autofree float *quiet = g_new (float, n);
  g_autofree float *quiet_r = g_new (float, n);
  const float *ch_loud[2] = { loud, loud };
  const float *ch_quiet[2] = { quiet, quiet_r };
  LqTruePeak *used = lq_true_peak_new (48000, 2, n);
  LqTruePeak *fresh = lq_true_peak_new (48000, 2, n);
  float p_used[2] = { 0.0f, 0.0f }, p_fresh[2] = { 0.0f, 0.0f };

  make_signal (SIG_WHITE, 48000, n, 21, 0.0, loud, quiet);
  for (uint32_t i = 0; i < n; i++)
    loud[i] *= 3.0f;
  make_signal (SIG_BAND, 48000, n, 22, 0.0, quiet, quiet_r);

  /* Leave the loud signal in the interpolator's history, then reset. */
  lq_true_peak_process (used, ch_loud, n, p_used);
  lq_true_peak_reset (used);
  p_used[0] = p_used[1] = 0.0f;

  lq_true_peak_process (used, ch_quiet, n, p_used);
  lq_true_peak_flush (used, p_used);
  lq_true_peak_process (fresh, ch_quiet, n, p_fresh);
  lq_true_peak_flush (fresh, p_fresh);
  g_assert_cmpfloat (p_used[0], ==, p_fresh[0]);
  g_assert_cmpfloat (p_used[1], ==, p_fresh[1]);

  lq_true_peak_free (used);
  lq_true_peak_free (fresh);
}

int
main (int argc, char **argv)
{
  static const uint32_t rates[] = { 44100, 48000, 96000 };
  static VsCase cases[3][3];

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    for (int k = SIG_WHITE; k <= SIG_QUARTER; k++)
      {
        static const char *const paths[] = { "white-noise", "band-noise", "quarter-fs-sines" };
        g_autofree char *path = g_strdup_printf ("/true-peak/vs-libebur128/%u/%s",
                                                 rates[r], paths[k]);

        /* Full-band white noise has its inter-sample peaks up to Nyquist,
         * where two 2x interpolators (96 kHz) legitimately disagree by dBs. */
        if (k == SIG_WHITE && rates[r] >= 96000)
          continue;
        cases[r][k] = (VsCase) { rates[r], (SignalKind) k };
        g_test_add_data_func (path, &cases[r][k], test_vs_ebur128);
      }
  g_test_add_func ("/true-peak/block-size", test_block_size);
  g_test_add_func ("/true-peak/frames-max", test_frames_max);
  g_test_add_func ("/true-peak/oversampling", test_oversampling);
  g_test_add_func ("/true-peak/192k-is-sample-peak", test_sample_peak_at_192k);
  g_test_add_func ("/true-peak/not-below-sample-peak", test_not_below_sample_peak);
  g_test_add_func ("/true-peak/flush", test_flush);
  g_test_add_func ("/true-peak/reset", test_reset);

  return g_test_run ();
}

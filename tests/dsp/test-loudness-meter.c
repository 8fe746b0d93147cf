/* test-loudness-meter.c: LqLoudnessMeter against ITU-R BS.1770-4.
 *
 * - K-weighting: the meter's gain for steady sines, at sample rates from 8 to
 *   192 kHz, against the response of the normative 48 kHz filter pair of
 *   BS.1770-4 Annex 1 (Tables 1 and 2), which defines K-weighting.
 * - Calibration: BS.1770's 0 dBFS sine in one channel reads -3.01 LKFS.
 * - Streaming: the emitted blocks do not depend on how the input is cut, and
 *   reset() returns to the state of a new meter.
 */
#include <glib.h>
#include <math.h>

#include "dsp-test-util.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"

/* EBU Tech 3341's tolerance for any loudness reading of a steady tone; a
 * K-weighting gain error e at f shifts the reading of a tone at f by e, so
 * this is also the filter tolerance. */
#define LU_TOL 0.1

/* BS.1770-4 Annex 1, Table 1 (pre-filter) and Table 2 (RLB filter), 48 kHz. */
static const double pre_b[3] = { 1.53512485958697, -2.69169618940638, 1.19839281085285 };
static const double pre_a[3] = { 1.0, -1.69065929318241, 0.73248077421585 };
static const double rlb_b[3] = { 1.0, -2.0, 1.0 };
static const double rlb_a[3] = { 1.0, -1.99004745483398, 0.99007225036621 };

static double
biquad_mag2 (const double *b, const double *a, double w)
{
  /* |H(e^jw)|^2 of b0 + b1 z^-1 + b2 z^-2 over a0 + a1 z^-1 + a2 z^-2. */
  double nr = b[0] + b[1] * cos (w) + b[2] * cos (2.0 * w);
  double ni = -b[1] * sin (w) - b[2] * sin (2.0 * w);
  double dr = a[0] + a[1] * cos (w) + a[2] * cos (2.0 * w);
  double di = -a[1] * sin (w) - a[2] * sin (2.0 * w);

  return (nr * nr + ni * ni) / (dr * dr + di * di);
}

/* Power gain of K-weighting at @freq Hz, in dB, as BS.1770 defines it. */
static double
k_weighting_db (double freq)
{
  double w = 2.0 * G_PI * freq / 48000.0;

  return 10.0 * log10 (biquad_mag2 (pre_b, pre_a, w) * biquad_mag2 (rlb_b, rlb_a, w));
}

typedef struct
{
  uint32_t rate;
  double freq;
  double amp[2];
  uint64_t pos;
  uint64_t len;
} Sine;

static uint32_t
sine_fill (gpointer data, float *const *ch, uint32_t channels, uint32_t n)
{
  Sine *s = data;
  uint32_t i;

  for (i = 0; i < n && s->pos < s->len; i++, s->pos++)
    {
      double cycles = fmod (s->freq * (double) s->pos, (double) s->rate) / s->rate;
      double v = sin (2.0 * G_PI * cycles);

      for (uint32_t c = 0; c < channels; c++)
        ch[c][i] = (float) (s->amp[c] * v);
    }
  return i;
}

static void
test_k_weighting (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  /* Multiples of 2.5 Hz: a 400 ms block holds whole periods, so the block's
   * mean square is exactly amp^2 / 2 times the filter's power gain. */
  static const double freqs[] = {
    20.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2000.0, 3000.0,
    5000.0, 8000.0, 12000.0, 16000.0, 20000.0,
  };
  double worst = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      /* The audio band the rate carries, short of the anti-aliasing edge. */
      Sine s = { rate, freqs[i], { 0.25, 0.0 }, 0, 0 };
      g_autoptr (GArray) blocks = NULL;
      const LqLoudnessBlock *last;
      double gain, ref;
      g_autofree char *label = NULL;

      if (freqs[i] > 0.4 * rate)
        continue;
      /* 1.2 s: the filters settle in a few ms, the last block is clean. */
      s.len = (uint64_t) 12 * ((rate + 5) / 10);   /* 12 hops of 100 ms, rounded */
      blocks = dsp_test_run_meter (rate, 1, sine_fill, &s, 4096);
      g_assert_cmpuint (blocks->len, ==, 12);
      last = &g_array_index (blocks, LqLoudnessBlock, blocks->len - 1);
      g_assert_true (last->momentary_valid);
      gain = 10.0 * log10 (last->momentary / (0.5 * s.amp[0] * s.amp[0]));
      ref = k_weighting_db (freqs[i]);
      label = g_strdup_printf ("K-weighting @%u, %g Hz, dB", rate, freqs[i]);
      dsp_test_check (label, gain, ref, LU_TOL, LU_TOL);
      worst = MAX (worst, fabs (gain - ref));
    }
  g_test_message ("K-weighting @%u: largest deviation %.4f dB", rate, worst);
}

/* BS.1770-4: "if a 0 dB FS 1 kHz sine wave is applied to the left, centre,
 * or right channel input, the indicated loudness will equal -3.01 LKFS".
 * The -0.691 offset makes this exact at 997 Hz. */
static void
test_calibration (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);

  for (int both = 0; both <= 1; both++)
    {
      Sine s = { rate, 997.0, { 1.0, both ? 1.0 : 0.0 }, 0, (uint64_t) rate * 4 };
      g_autoptr (GArray) blocks = dsp_test_run_meter (rate, 2, sine_fill, &s, 1000);
      double want = both ? 0.0 : -3.01;
      double lo_m = HUGE_VAL, hi_m = -HUGE_VAL, lo_s = HUGE_VAL, hi_s = -HUGE_VAL;
      g_autofree char *l1 = g_strdup_printf ("997 Hz 0 dBFS %s @%u, lowest M",
                                             both ? "L+R" : "L", rate);
      g_autofree char *l2 = g_strdup_printf ("997 Hz 0 dBFS %s @%u, highest M",
                                             both ? "L+R" : "L", rate);
      g_autofree char *l3 = g_strdup_printf ("997 Hz 0 dBFS %s @%u, lowest S",
                                             both ? "L+R" : "L", rate);
      g_autofree char *l3b = g_strdup_printf ("997 Hz 0 dBFS %s @%u, highest S",
                                              both ? "L+R" : "L", rate);
      g_autofree char *l4 = g_strdup_printf ("997 Hz 0 dBFS %s @%u, I",
                                             both ? "L+R" : "L", rate);

      for (guint i = 0; i < blocks->len; i++)
        {
          const LqLoudnessBlock *b = &g_array_index (blocks, LqLoudnessBlock, i);

          if (b->momentary_valid)
            {
              lo_m = MIN (lo_m, lq_loudness_from_energy (b->momentary));
              hi_m = MAX (hi_m, lq_loudness_from_energy (b->momentary));
            }
          if (b->short_term_valid)
            {
              lo_s = MIN (lo_s, lq_loudness_from_energy (b->short_term));
              hi_s = MAX (hi_s, lq_loudness_from_energy (b->short_term));
            }
        }
      dsp_test_check (l1, lo_m, want, LU_TOL, LU_TOL);
      dsp_test_check (l2, hi_m, want, LU_TOL, LU_TOL);
      dsp_test_check (l3, lo_s, want, LU_TOL, LU_TOL);
      dsp_test_check (l3b, hi_s, want, LU_TOL, LU_TOL);
      dsp_test_check (l4, dsp_test_integrated (blocks), want, LU_TOL, LU_TOL);
    }
}

/* A stereo test signal: a sine plus noise, different in the two channels,
 * with a level step so that blocks differ, and digital silence from 5 s on
 * (where the filters decay towards denormals). */
typedef struct
{
  uint32_t rate;
  uint64_t pos;
  uint64_t len;
  GRand *rand;
} Mix;

static uint32_t
mix_fill (gpointer data, float *const *ch, uint32_t channels, uint32_t n)
{
  Mix *m = data;
  uint32_t i;

  for (i = 0; i < n && m->pos < m->len; i++, m->pos++)
    {
      double t = (double) m->pos / m->rate;
      double gain = t < 2.5 ? 0.1 : t < 5.0 ? 0.4 : 0.0;

      for (uint32_t c = 0; c < channels; c++)
        ch[c][i] = (float) (gain * (0.5 * sin (2.0 * G_PI * (440.0 + 110.0 * c) * t)
                                    + 0.3 * dsp_test_gauss (m->rand)));
    }
  return i;
}

static GArray *
run_mix (uint32_t rate, uint32_t seconds_x10, guint32 seed, uint32_t chunk)
{
  Mix m = { rate, 0, (uint64_t) rate * seconds_x10 / 10, g_rand_new_with_seed (seed) };
  GArray *blocks = dsp_test_run_meter (rate, 2, mix_fill, &m, chunk);

  g_rand_free (m.rand);
  return blocks;
}

/* Exact comparison: the same samples in the same order must give the same
 * bits. Reports the first difference and how many blocks differ. */
static void
check_blocks_equal (const char *what, GArray *a, GArray *b)
{
  guint differ = 0, first = 0;

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const LqLoudnessBlock *x = &g_array_index (a, LqLoudnessBlock, i);
      const LqLoudnessBlock *y = &g_array_index (b, LqLoudnessBlock, i);

      if (x->momentary_valid != y->momentary_valid || x->short_term_valid != y->short_term_valid
          || x->momentary != y->momentary || x->short_term != y->short_term)
        {
          if (differ++ == 0)
            first = i;
        }
    }
  if (differ > 0)
    {
      const LqLoudnessBlock *x = &g_array_index (a, LqLoudnessBlock, first);
      const LqLoudnessBlock *y = &g_array_index (b, LqLoudnessBlock, first);

      g_test_fail_printf ("%s: %u of %u blocks differ; first is block %u: M %.17g vs %.17g, "
                          "S %.17g vs %.17g", what, differ, a->len, first,
                          x->momentary, y->momentary, x->short_term, y->short_term);
    }
}

static void
test_block_size (void)
{
  static const uint32_t sizes[] = { 1, 37, 4096 };
  g_autoptr (GArray) ref = run_mix (44100, 70, 7, sizes[0]);

  g_assert_cmpuint (ref->len, ==, 70);
  for (guint i = 1; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GArray) other = run_mix (44100, 70, 7, sizes[i]);
      g_autofree char *what = g_strdup_printf ("blocks of 1 vs %u frames", sizes[i]);

      check_blocks_equal (what, ref, other);
    }
}

static void
test_reset (void)
{
  const uint32_t rate = 48000, n = 48000 * 4 + 1234;
  LqLoudnessMeter *used = lq_loudness_meter_new (rate, 2);
  LqLoudnessMeter *fresh = lq_loudness_meter_new (rate, 2);
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  const float *ch[2] = { l, r };
  g_autofree LqLoudnessBlock *b1 = g_new0 (LqLoudnessBlock, n / 4800 + 1);
  g_autofree LqLoudnessBlock *b2 = g_new0 (LqLoudnessBlock, n / 4800 + 1);
  GRand *rand = g_rand_new_with_seed (11);
  uint32_t n1, n2;

  g_assert_cmpuint (lq_loudness_meter_get_hop (used), ==, 4800);
  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.9 * dsp_test_gauss (rand));
      r[i] = (float) (0.2 * dsp_test_gauss (rand));
    }
  /* Dirty the meter (and leave a partial hop in it), then reset. */
  lq_loudness_meter_process (used, ch, n, b1, n / 4800 + 1);
  lq_loudness_meter_reset (used);

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.1 * dsp_test_gauss (rand));
      r[i] = (float) (0.3 * dsp_test_gauss (rand));
    }
  n1 = lq_loudness_meter_process (used, ch, n, b1, n / 4800 + 1);
  n2 = lq_loudness_meter_process (fresh, ch, n, b2, n / 4800 + 1);
  g_assert_cmpuint (n1, ==, n / 4800);
  g_assert_cmpuint (n1, ==, n2);
  {
    g_autoptr (GArray) a1 = g_array_new (FALSE, FALSE, sizeof (LqLoudnessBlock));
    g_autoptr (GArray) a2 = g_array_new (FALSE, FALSE, sizeof (LqLoudnessBlock));

    g_array_append_vals (a1, b1, n1);
    g_array_append_vals (a2, b2, n2);
    check_blocks_equal ("reset meter vs new meter", a1, a2);
  }

  g_rand_free (rand);
  lq_loudness_meter_free (used);
  lq_loudness_meter_free (fresh);
}

/* A block every 100 ms; M valid from the 4th block (400 ms), S from the
 * 30th (3 s). */
static void
test_hop_and_validity (void)
{
  static const uint32_t rates[] = { 8000, 32000, 44100, 48000, 88200, 96000, 192000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      g_autoptr (GArray) blocks = run_mix (rates[r], 45, 3, 999);
      LqLoudnessMeter *m = lq_loudness_meter_new (rates[r], 2);

      g_assert_cmpuint (lq_loudness_meter_get_hop (m), ==, rates[r] / 10);
      lq_loudness_meter_free (m);
      g_assert_cmpuint (blocks->len, ==, 45);
      for (guint i = 0; i < blocks->len; i++)
        {
          const LqLoudnessBlock *b = &g_array_index (blocks, LqLoudnessBlock, i);

          g_assert_cmpint (b->momentary_valid, ==, i >= 3);
          g_assert_cmpint (b->short_term_valid, ==, i >= 29);
          if (b->momentary_valid)
            g_assert_cmpfloat (b->momentary, >, 0.0);
          if (b->short_term_valid)
            g_assert_cmpfloat (b->short_term, >, 0.0);
        }
    }
}

static void
test_silence (void)
{
  Sine s = { 48000, 1000.0, { 0.0, 0.0 }, 0, 48000 * 5 };
  g_autoptr (GArray) blocks = dsp_test_run_meter (48000, 2, sine_fill, &s, 4096);
  g_autoptr (GArray) st = dsp_test_short_term_energies (blocks);
  LqEnergySpan span = { (const double *) st->data, st->len };
  double lra = 42.0;
  /* Under 400 ms of a loud tone: no complete gating block, so no loudness. */
  Sine short_tone = { 48000, 1000.0, { 1.0, 1.0 }, 0, 48000 * 39 / 100 };
  g_autoptr (GArray) short_blocks = dsp_test_run_meter (48000, 2, sine_fill, &short_tone, 4096);

  g_assert_cmpuint (blocks->len, ==, 50);
  for (guint i = 0; i < blocks->len; i++)
    {
      const LqLoudnessBlock *b = &g_array_index (blocks, LqLoudnessBlock, i);

      if (b->momentary_valid)
        g_assert_cmpfloat (b->momentary, ==, 0.0);
      if (b->short_term_valid)
        g_assert_cmpfloat (b->short_term, ==, 0.0);
    }
  g_assert_cmpfloat (lq_loudness_from_energy (0.0), ==, -HUGE_VAL);
  g_assert_cmpfloat (dsp_test_integrated (blocks), ==, -HUGE_VAL);
  g_assert_cmpint (lq_loudness_gate_range (&span, 1, &lra), ==, LQ_ERR_INVALID);
  g_assert_cmpfloat (lra, ==, 42.0);

  g_assert_cmpuint (short_blocks->len, ==, 3);
  g_assert_cmpfloat (dsp_test_integrated (short_blocks), ==, -HUGE_VAL);
}

static void
test_energy_conversion (void)
{
  /* BS.1770: L = -0.691 + 10 log10 (sum G_i z_i). */
  g_assert_cmpfloat_with_epsilon (lq_loudness_from_energy (1.0), -0.691, 1e-12);
  g_assert_cmpfloat_with_epsilon (lq_loudness_from_energy (0.1), -10.691, 1e-12);
  for (double l = -80.0; l <= 10.0; l += 0.7)
    g_assert_cmpfloat_with_epsilon (lq_loudness_from_energy (lq_loudness_to_energy (l)), l, 1e-9);
}

int
main (int argc, char **argv)
{
  static const uint32_t kw_rates[] = {
    8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000,
  };
  static const uint32_t cal_rates[] = { 44100, 48000, 96000 };

  g_test_init (&argc, &argv, NULL);
  /* Report every failing check, not only the first. */
  g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (kw_rates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/loudness-meter/k-weighting/%u", kw_rates[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (kw_rates[i]), test_k_weighting);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cal_rates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/loudness-meter/997hz/%u", cal_rates[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (cal_rates[i]), test_calibration);
    }
  g_test_add_func ("/loudness-meter/block-size", test_block_size);
  g_test_add_func ("/loudness-meter/reset", test_reset);
  g_test_add_func ("/loudness-meter/hop-and-validity", test_hop_and_validity);
  g_test_add_func ("/loudness-meter/silence", test_silence);
  g_test_add_func ("/loudness-meter/energy-conversion", test_energy_conversion);

  return g_test_run ();
}

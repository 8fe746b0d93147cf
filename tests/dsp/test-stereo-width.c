/* test-stereo-width.c: LqStereoWidth law, mono bass, correlation guard,
 * block-size independence, click-free changes, NaN recovery, no allocation. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-signal-stats.h"
#include "lq-stereo-width.h"

#define RATE 48000
#define MAX_BLOCK 1024

static void
run (LqStereoWidth *w, float *l, float *r, uint32_t n, uint32_t block)
{
  for (uint32_t pos = 0; pos < n; pos += block)
    {
      float *ch[2] = { l + pos, r + pos };

      lq_stereo_width_process (w, ch, MIN (block, n - pos));
    }
}

static LqStereoWidth *
make (double width, double mono_hz)
{
  LqStereoWidth *w = lq_stereo_width_new (RATE, MAX_BLOCK);

  g_assert_nonnull (w);
  g_assert_cmpint (lq_stereo_width_set_width (w, width), ==, LQ_OK);
  g_assert_cmpint (lq_stereo_width_set_mono_below (w, mono_hz), ==, LQ_OK);
  lq_stereo_width_reset (w);
  return w;
}

/* L = a n1 + b n2, R = a n1 - b n2 (M = a n1, S = b n2): correlation
 * (a^2 - b^2) / (a^2 + b^2) = rho with a^2 + b^2 = 0.1. */
static void
correlated_noise (float *l, float *r, uint32_t n, guint32 seed, double rho)
{
  GRand *rand = g_rand_new_with_seed (seed);
  double a = sqrt (0.05 * (1.0 + rho)), b = sqrt (0.05 * (1.0 - rho));

  for (uint32_t i = 0; i < n; i++)
    {
      double n1 = dsp_test_gauss (rand), n2 = dsp_test_gauss (rand);

      l[i] = (float) (a * n1 + b * n2);
      r[i] = (float) (a * n1 - b * n2);
    }
  g_rand_free (rand);
}

static double
correlation (const float *l, const float *r, uint32_t n)
{
  LqSignalStats *st = lq_signal_stats_new (2, 1.0f);
  const float *ch[2] = { l, r };
  LqSignalStatsResult res;

  lq_signal_stats_process (st, ch, n);
  lq_signal_stats_get_result (st, &res);
  lq_signal_stats_free (st);
  return res.correlation;
}

/* Over 300 ms windows every 10 ms: the smallest margin by which the output
 * correlation stays above min (0, input correlation) -- i.e. the processor
 * neither turns a window negative nor makes a negative one more negative. */
static double
min_window_margin (const float *il, const float *ir, const float *l, const float *r,
                   uint32_t n)
{
  const uint32_t win = RATE * 3 / 10, hop = RATE / 100;
  double m = 1.0;

  for (uint32_t p = 0; p + win <= n; p += hop)
    m = MIN (m, correlation (l + p, r + p, win) - MIN (0.0, correlation (il + p, ir + p, win)));
  return m;
}

static void
test_unity (void)
{
  const uint32_t n = RATE;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  LqStereoWidth *w = make (1.0, 0.0);

  correlated_noise (l, r, n, 1, -0.4);
  l[100] = 1e-30f; r[100] = 3e5f; /* extreme exponents */
  memcpy (l0, l, n * sizeof *l);
  memcpy (r0, r, n * sizeof *r);
  run (w, l, r, n, 77);
  g_assert_cmpmem (l, n * sizeof *l, l0, n * sizeof *l);
  g_assert_cmpmem (r, n * sizeof *r, r0, n * sizeof *r);
  g_assert_cmpuint (lq_stereo_width_get_latency (w), ==, 0);
  lq_stereo_width_free (w);
}

static void
test_law (void)
{
  static const double widths[] = { 0.0, 0.5, 1.5, 2.0 };
  const uint32_t n = RATE * 8;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);

  for (guint k = 0; k < G_N_ELEMENTS (widths); k++)
    {
      LqStereoWidth *w = make (widths[k], 0.0);
      double max_m = 0.0, max_s = 0.0;

      /* rho 0.95: E_M / E_S = 39, the guard allows the full width 2. */
      correlated_noise (l0, r0, n, 2, 0.95);
      memcpy (l, l0, n * sizeof *l);
      memcpy (r, r0, n * sizeof *r);
      run (w, l, r, n, 512);
      /* After a reset the guard opens from 1 with its 300 ms release:
       * compare the last second. */
      for (uint32_t i = widths[k] > 1.0 ? n - RATE : 0; i < n; i++)
        {
          double m_in = 0.5 * ((double) l0[i] + r0[i]), s_in = 0.5 * ((double) l0[i] - r0[i]);
          double m_out = 0.5 * ((double) l[i] + r[i]), s_out = 0.5 * ((double) l[i] - r[i]);

          max_m = MAX (max_m, fabs (m_out - m_in));
          max_s = MAX (max_s, fabs (s_out - widths[k] * s_in));
        }
      g_test_message ("width %g: mid error %g, side error %g", widths[k], max_m, max_s);
      g_assert_cmpfloat (max_m, <, 1e-6); /* mid kept: the compensation law */
      g_assert_cmpfloat (max_s, <, 1e-6); /* side gain = width */
      if (widths[k] == 0.0)
        g_assert_cmpmem (l, n * sizeof *l, r, n * sizeof *r);
      g_assert_cmpfloat_with_epsilon (lq_stereo_width_get_side_gain (w), widths[k], 1e-12);
      lq_stereo_width_free (w);
    }
}

static double
rms (const float *x, uint32_t n)
{
  double s = 0.0;

  for (uint32_t i = 0; i < n; i++)
    s += (double) x[i] * x[i];
  return sqrt (s / n);
}

static void
test_mono_below (void)
{
  const uint32_t n = RATE * 2;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  LqStereoWidth *w = make (1.0, 150.0);
  double corr;

  /* 50 Hz in quadrature: input correlation 0. */
  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.5 * sin (2.0 * G_PI * 50.0 * i / RATE));
      r[i] = (float) (0.5 * cos (2.0 * G_PI * 50.0 * i / RATE));
    }
  run (w, l, r, n, 512);
  corr = correlation (l + n / 2, r + n / 2, n / 2);
  dsp_test_check ("50 Hz quadrature, mono below 150 Hz: correlation", corr, 1.0, 0.001, 0.0);

  /* From 4 f up: levels and correlation of a phase-shifted pair unchanged
   * (the side differs from the allpassed side by the LR4 low half,
   * 1 / (1 + 4^4) = 0.4 % at 4 f). */
  for (double f = 600.0; f <= 10000.0; f *= 2.0)
    {
      double in_l, in_r, in_c;
      char label[64];

      lq_stereo_width_reset (w);
      for (uint32_t i = 0; i < n; i++)
        {
          l[i] = (float) (0.5 * sin (2.0 * G_PI * f * i / RATE));
          r[i] = (float) (0.2 * sin (2.0 * G_PI * f * i / RATE + 2.0));
        }
      in_l = rms (l + n / 2, n / 2);
      in_r = rms (r + n / 2, n / 2);
      in_c = correlation (l + n / 2, r + n / 2, n / 2);
      run (w, l, r, n, 512);
      g_snprintf (label, sizeof label, "%g Hz: L level change (dB)", f);
      dsp_test_check (label, 20.0 * log10 (rms (l + n / 2, n / 2) / in_l), 0.0, 0.1, 0.1);
      g_snprintf (label, sizeof label, "%g Hz: R level change (dB)", f);
      dsp_test_check (label, 20.0 * log10 (rms (r + n / 2, n / 2) / in_r), 0.0, 0.1, 0.1);
      g_snprintf (label, sizeof label, "%g Hz: correlation", f);
      dsp_test_check (label, correlation (l + n / 2, r + n / 2, n / 2), in_c, 0.01, 0.01);
    }
  lq_stereo_width_free (w);
}

static void
test_guard_positive (void)
{
  static const double rhos[] = { 0.0, 0.2, 0.5 };
  const uint32_t n = RATE * 5;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *il = g_new (float, n);
  g_autofree float *ir = g_new (float, n);

  for (guint k = 0; k < G_N_ELEMENTS (rhos); k++)
    for (int mono = 0; mono < 2; mono++)
      {
        LqStereoWidth *w = make (2.0, mono ? 100.0 : 0.0);
        char label[80];

        correlated_noise (l, r, n, 3 + k, rhos[k]);
        memcpy (il, l, n * sizeof *l);
        memcpy (ir, r, n * sizeof *r);
        run (w, l, r, n, 512);
        g_snprintf (label, sizeof label, "rho %g, width 2, mono-below %d: correlation",
                    rhos[k], mono);
        dsp_test_check (label, correlation (l, r, n), 0.05, 0.051, 0.95);
        g_snprintf (label, sizeof label, "rho %g, width 2, mono-below %d: min 300 ms margin",
                    rhos[k], mono);
        dsp_test_check (label, min_window_margin (il, ir, l, r, n), 0.5, 0.501, 0.5);
        lq_stereo_width_free (w);
      }
}

/* Mid-heavy material, then side-heavy (still positive) at once. */
static void
test_guard_transient (void)
{
  const uint32_t n = RATE * 4;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *il = g_new (float, n);
  g_autofree float *ir = g_new (float, n);
  LqStereoWidth *w = make (2.0, 0.0);

  correlated_noise (l, r, n / 2, 5, 0.9);
  correlated_noise (l + n / 2, r + n / 2, n / 2, 6, 0.05);
  memcpy (il, l, n * sizeof *l);
  memcpy (ir, r, n * sizeof *r);
  run (w, l, r, n, 512);
  dsp_test_check ("0.9 then 0.05: min 300 ms margin", min_window_margin (il, ir, l, r, n),
                  0.5, 0.501, 0.5);
  lq_stereo_width_free (w);
}

static void
test_guard_negative (void)
{
  static const double rhos[] = { -0.1, -0.5, -0.9 };
  static const double widths[] = { 0.5, 1.0, 1.5, 2.0 };
  const uint32_t n = RATE * 3;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);

  for (guint k = 0; k < G_N_ELEMENTS (rhos); k++)
    for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
      {
        LqStereoWidth *w = make (widths[j], 0.0);
        double in_c, out_c;

        correlated_noise (l, r, n, 7 + k, rhos[k]);
        in_c = correlation (l, r, n);
        run (w, l, r, n, 512);
        out_c = correlation (l, r, n);
        g_test_message ("rho %g width %g: in %f out %f", rhos[k], widths[j], in_c, out_c);
        g_assert_cmpfloat (out_c, >=, in_c - 1e-6);
        lq_stereo_width_free (w);
      }
}

#define N_EVENTS 9
static const uint32_t event_pos[N_EVENTS] = { 4000, 9001, 15000, 17500, 26000, 33333, 41000,
                                              44000, 44490 };

static void
apply_event (LqStereoWidth *w, int e)
{
  switch (e)
    {
    case 0: lq_stereo_width_set_width (w, 2.0); break;
    case 1: lq_stereo_width_set_mono_below (w, 200.0); break;
    case 2: lq_stereo_width_set_mono_below (w, 60.0); break; /* glide */
    case 3: lq_stereo_width_set_width (w, 0.3); break;
    case 4: lq_stereo_width_set_bypass (w, true); break;
    case 5: lq_stereo_width_set_bypass (w, false); lq_stereo_width_set_mono_below (w, 0.0); break;
    case 6: lq_stereo_width_set_width (w, 1.7); break;
    /* Back on just after the 10 ms crossfade ended: whether the filters had
     * stopped depends on the cut, the output must not. */
    case 7: lq_stereo_width_set_bypass (w, true); break;
    case 8: lq_stereo_width_set_bypass (w, false); break;
    default: break;
    }
}

static void
run_events (LqStereoWidth *w, float *l, float *r, uint32_t n, uint32_t block)
{
  uint32_t pos = 0;
  int e = 0;

  while (pos < n)
    {
      uint32_t len = MIN (block, n - pos);
      float *ch[2] = { l + pos, r + pos };

      if (e < N_EVENTS && pos == event_pos[e])
        apply_event (w, e++);
      if (e < N_EVENTS && pos + len > event_pos[e])
        len = event_pos[e] - pos;
      lq_stereo_width_process (w, ch, len);
      pos += len;
    }
}

static void
test_block_size (void)
{
  const uint32_t n = 50000;
  const uint32_t blocks[] = { 1, 33, 512, MAX_BLOCK };
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  g_autofree float *lref = NULL;
  g_autofree float *rref = NULL;

  correlated_noise (l0, r0, n, 11, 0.6);
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      LqStereoWidth *w = make (1.0, 0.0);
      float *l = g_memdup2 (l0, n * sizeof *l0);
      float *r = g_memdup2 (r0, n * sizeof *r0);

      run_events (w, l, r, n, blocks[b]);
      if (lref == NULL)
        {
          lref = l;
          rref = r;
        }
      else
        {
          g_assert_cmpmem (l, n * sizeof *l, lref, n * sizeof *l);
          g_assert_cmpmem (r, n * sizeof *r, rref, n * sizeof *r);
          g_free (l);
          g_free (r);
        }
      lq_stereo_width_free (w);
    }
}

/* A 300 Hz pair with a phase offset: no change steps the output by more than
 * the largest step of a steady output at width 2. */
static void
test_click_free (void)
{
  const uint32_t n = 50000;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  LqStereoWidth *w = make (1.0, 0.0);
  double steady = 0.0;

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.4 * sin (2.0 * G_PI * 300.0 * i / RATE));
      r[i] = (float) (0.4 * sin (2.0 * G_PI * 300.0 * i / RATE + 0.5));
    }
  run_events (w, l, r, n, 256);
  /* |M| + 2 |S| amplitudes, times the sine's largest step per sample. */
  steady = (0.4 * cos (0.25) + 2.0 * 0.4 * sin (0.25)) * 2.0 * G_PI * 300.0 / RATE;
  for (uint32_t i = 1; i < n; i++)
    {
      if (fabs ((double) l[i] - l[i - 1]) > 1.2 * steady
          || fabs ((double) r[i] - r[i - 1]) > 1.2 * steady)
        {
          g_test_message ("click at %u: %g %g (steady %g)", i,
                          fabs ((double) l[i] - l[i - 1]), fabs ((double) r[i] - r[i - 1]), steady);
          g_test_fail ();
          break;
        }
    }
  lq_stereo_width_free (w);
}

/* Bypassed, filters and guard stop: the input passes bit for bit. Switched
 * back on, they first run over the last 100 ms of input: no click, and the
 * filters (mono below 120 Hz) are settled at once; the guard (300 ms
 * window, partly refilled) then rejoins the width of a processor that never
 * stopped. */
static void
test_bypass_resume (gconstpointer data)
{
  const double width = *(const double *) data;
  const uint32_t n = 4 * RATE, off = RATE, on = 2 * RATE, fade = RATE / 100;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  g_autofree float *lc = g_new (float, n);
  g_autofree float *rc = g_new (float, n);
  LqStereoWidth *w = make (width, 120.0);
  LqStereoWidth *ref = make (width, 120.0);
  double worst_fade = 0.0, worst_after = 0.0, steady = 0.0;

  correlated_noise (l0, r0, n, 21, 0.6);
  memcpy (l, l0, n * sizeof *l);
  memcpy (r, r0, n * sizeof *r);
  memcpy (lc, l0, n * sizeof *l);
  memcpy (rc, r0, n * sizeof *r);

  run (w, l, r, off, 256);
  lq_stereo_width_set_bypass (w, true);
  run (w, l + off, r + off, on - off, 300);
  g_assert_cmpfloat (lq_stereo_width_get_side_gain (w), ==, 1.0);
  lq_stereo_width_set_bypass (w, false);
  run (w, l + on, r + on, n - on, 512);
  run (ref, lc, rc, n, 512);

  g_assert_cmpmem (l + off + fade, (on - off - fade) * sizeof *l, l0 + off + fade,
                   (on - off - fade) * sizeof *l);
  g_assert_cmpmem (r + off + fade, (on - off - fade) * sizeof *r, r0 + off + fade,
                   (on - off - fade) * sizeof *r);
  /* No step larger than the signal's own around the switch. */
  for (uint32_t i = on - RATE / 10; i < on; i++)
    steady = MAX (steady, fabs ((double) l[i] - l[i - 1]));
  for (uint32_t i = on; i < on + 2 * fade; i++)
    g_assert_cmpfloat (fabs ((double) l[i] - l[i - 1]), <, 1.5 * steady);
  /* Against the processor that never stopped: the side (at width 2 the
   * guard binds, and its energy windows refilled from 100 ms read a little
   * differently at first), then the same. */
  for (uint32_t i = on + fade; i < n; i++)
    {
      double d = fabs (((double) l[i] - r[i]) - ((double) lc[i] - rc[i]));

      if (i < on + RATE)
        worst_fade = MAX (worst_fade, d);
      else
        worst_after = MAX (worst_after, d);
    }
  g_test_message ("width %g, after switching back on: side off by up to %g in the first "
                  "second, %g later", width, worst_fade, worst_after);
  g_assert_cmpfloat (worst_fade, <, 0.02);
  g_assert_cmpfloat (worst_after, <, 1e-3);
  lq_stereo_width_free (w);
  lq_stereo_width_free (ref);
}

static void
test_nan (void)
{
  const uint32_t n = RATE;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l2 = g_new (float, n);
  g_autofree float *r2 = g_new (float, n);
  LqStereoWidth *a = make (1.8, 120.0);
  LqStereoWidth *b = make (1.8, 120.0);

  correlated_noise (l, r, n, 12, 0.5);
  for (uint32_t i = 2000; i < 2100; i++)
    {
      l[i] = NAN;
      r[i] = i % 2 ? INFINITY : -INFINITY;
    }
  memcpy (l2, l, n * sizeof *l);
  memcpy (r2, r, n * sizeof *r);
  for (uint32_t i = 2000; i < 2100; i++)
    l2[i] = r2[i] = 0.0f;
  run (a, l, r, n, 512);
  run (b, l2, r2, n, 512);
  for (uint32_t i = 0; i < n; i++)
    g_assert_true (isfinite (l[i]) && isfinite (r[i]));
  g_assert_cmpmem (l, n * sizeof *l, l2, n * sizeof *l);
  g_assert_cmpmem (r, n * sizeof *r, r2, n * sizeof *r);
  /* Silence after: filter states decay to exact zeros (denormals flushed). */
  memset (l, 0, n * sizeof *l);
  memset (r, 0, n * sizeof *r);
  run (a, l, r, n, 512);
  g_assert_cmpfloat (l[n - 1], ==, 0.0f);
  g_assert_cmpfloat (r[n - 1], ==, 0.0f);
  lq_stereo_width_free (a);
  lq_stereo_width_free (b);
}

static void
test_no_alloc (void)
{
  g_autofree float *l = g_new (float, MAX_BLOCK);
  g_autofree float *r = g_new (float, MAX_BLOCK);
  LqStereoWidth *w = make (1.5, 100.0);
  DspRtCounts counts = { 0 };

  correlated_noise (l, r, MAX_BLOCK, 13, 0.3);
  dsp_rt_guard_begin ();
  for (int k = 0; k < 1000; k++)
    {
      float *ch[2] = { l, r };

      if (k == 500)
        lq_stereo_width_set_mono_below (w, 200.0);
      lq_stereo_width_process (w, ch, MAX_BLOCK);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "stereo width: setters and process");
  lq_stereo_width_free (w);
}

static void
test_invalid (void)
{
  LqStereoWidth *w = lq_stereo_width_new (RATE, 64);
  LqStereoWidth *pieces = lq_stereo_width_new (RATE, 64);
  float buf[2][200], ref[2][200];
  float *ch[2] = { buf[0], buf[1] };

  g_assert_null (lq_stereo_width_new (0, 64));
  g_assert_null (lq_stereo_width_new (RATE, 0));
  g_assert_cmpint (lq_stereo_width_set_width (w, NAN), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_stereo_width_set_mono_below (w, NAN), ==, LQ_ERR_INVALID);

  /* n > max_block is no error: the same output as max_block pieces. */
  for (int i = 0; i < 200; i++)
    {
      buf[0][i] = (float) sin (0.05 * i);
      buf[1][i] = (float) cos (0.07 * i);
    }
  memcpy (ref, buf, sizeof buf);
  lq_stereo_width_set_width (w, 1.7);
  lq_stereo_width_set_width (pieces, 1.7);
  lq_stereo_width_set_mono_below (w, 150.0);
  lq_stereo_width_set_mono_below (pieces, 150.0);
  lq_stereo_width_process (w, ch, 200);
  for (uint32_t done = 0; done < 200; done += 64)
    {
      float *part[2] = { ref[0] + done, ref[1] + done };

      lq_stereo_width_process (pieces, part, MIN (64, 200 - done));
    }
  g_assert_cmpmem (buf, sizeof buf, ref, sizeof ref);
  lq_stereo_width_process (w, ch, 0);
  lq_stereo_width_free (w);
  lq_stereo_width_free (pieces);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stereo-width/unity", test_unity);
  g_test_add_func ("/stereo-width/law", test_law);
  g_test_add_func ("/stereo-width/mono-below", test_mono_below);
  g_test_add_func ("/stereo-width/guard-positive", test_guard_positive);
  g_test_add_func ("/stereo-width/guard-transient", test_guard_transient);
  g_test_add_func ("/stereo-width/guard-negative", test_guard_negative);
  g_test_add_func ("/stereo-width/block-size", test_block_size);
  g_test_add_func ("/stereo-width/click-free", test_click_free);
  g_test_add_data_func ("/stereo-width/bypass-resume/1.4", (const double[]) { 1.4 },
                        test_bypass_resume);
  g_test_add_data_func ("/stereo-width/bypass-resume/2", (const double[]) { 2.0 },
                        test_bypass_resume);
  g_test_add_func ("/stereo-width/nan", test_nan);
  g_test_add_func ("/stereo-width/no-alloc", test_no_alloc);
  g_test_add_func ("/stereo-width/invalid", test_invalid);

  return g_test_run ();
}

/* test-compressor.c: LqCompressor static curve against the Giannoulis et al.
 * (JAES 2012) formula, ballistics time constants, stereo modes, block-size
 * independence, click-free changes, NaN recovery and no allocation. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-compressor.h"

#define RATE 48000
#define MAX_BLOCK 1024

/* The paper's eq. 4, written out independently of the unit under test. */
static double
ref_curve (double x, double t, double r, double w)
{
  if (2.0 * (x - t) < -w)
    return x;
  if (w > 0.0 && 2.0 * fabs (x - t) <= w)
    return x + (1.0 / r - 1.0) * (x - t + w / 2.0) * (x - t + w / 2.0) / (2.0 * w);
  return t + (x - t) / r;
}

static void
run (LqCompressor *c, float *l, float *r, uint32_t n, uint32_t block)
{
  for (uint32_t pos = 0; pos < n; pos += block)
    {
      float *ch[2] = { l + pos, r + pos };

      lq_compressor_process (c, ch, MIN (block, n - pos));
    }
}

static LqCompressor *
make (double t, double ratio, double knee, double att, double rel, double makeup)
{
  LqCompressor *c = lq_compressor_new (RATE, MAX_BLOCK);

  g_assert_nonnull (c);
  g_assert_cmpint (lq_compressor_set_threshold (c, t), ==, LQ_OK);
  g_assert_cmpint (lq_compressor_set_ratio (c, ratio), ==, LQ_OK);
  g_assert_cmpint (lq_compressor_set_knee (c, knee), ==, LQ_OK);
  g_assert_cmpint (lq_compressor_set_attack (c, att), ==, LQ_OK);
  g_assert_cmpint (lq_compressor_set_release (c, rel), ==, LQ_OK);
  g_assert_cmpint (lq_compressor_set_makeup (c, makeup), ==, LQ_OK);
  lq_compressor_reset (c); /* settings apply at once, no glide */
  return c;
}

static void
test_static_curve (void)
{
  static const struct { double t, r, w, makeup; } settings[] = {
    { -20.0, 4.0, 0.0, 0.0 },
    { -30.0, 2.0, 10.0, 0.0 },
    { -10.0, 10.0, 6.0, 3.0 },
    { -40.0, 1000.0, 12.0, -2.0 },
  };
  const uint32_t n = RATE / 10;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);

  for (guint s = 0; s < G_N_ELEMENTS (settings); s++)
    {
      LqCompressor *c = make (settings[s].t, settings[s].r, settings[s].w, 1.0, 5.0,
                              settings[s].makeup);

      for (double x = -60.0; x <= 0.0; x += 1.0)
        {
          double in = pow (10.0, x / 20.0);
          double expected = ref_curve (x, settings[s].t, settings[s].r, settings[s].w)
                            + settings[s].makeup;
          char label[96];

          lq_compressor_reset (c);
          for (uint32_t i = 0; i < n; i++)
            {
              l[i] = (float) in;
              r[i] = (float) (-in); /* peak detection: polarity does not matter */
            }
          run (c, l, r, n, 512);
          g_snprintf (label, sizeof label, "T %g R %g W %g makeup %g: out at %g dBFS",
                      settings[s].t, settings[s].r, settings[s].w, settings[s].makeup, x);
          dsp_test_check (label, 20.0 * log10 (l[n - 1]), expected, 0.1, 0.1);
          g_assert_cmpfloat (l[n - 1], ==, -r[n - 1]);
          /* The exposed curve is the same formula. */
          g_assert_cmpfloat_with_epsilon (lq_compressor_static_curve (c, x),
                                          expected - settings[s].makeup, 1e-9);
          /* Meter: reduction excludes makeup. */
          g_assert_cmpfloat_with_epsilon (lq_compressor_get_gain_reduction (c, 0),
                                          x - (expected - settings[s].makeup), 1e-3);
        }
      lq_compressor_free (c);
    }
}

/* RMS detection reads a sine at its peak level (AES17): a settled sine sees
 * the same static curve. */
static void
test_rms_sine (void)
{
  const uint32_t n = RATE * 2;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);

  for (double x = -30.0; x <= 0.0; x += 6.0)
    {
      LqCompressor *c = make (-24.0, 3.0, 6.0, 100.0, 300.0, 0.0);
      double amp = pow (10.0, x / 20.0), sum_in = 0.0, sum_out = 0.0;
      char label[64];

      lq_compressor_set_detection (c, LQ_COMPRESSOR_DETECT_RMS);
      lq_compressor_set_rms_window (c, 50.0);
      for (uint32_t i = 0; i < n; i++)
        l[i] = r[i] = (float) (amp * sin (2.0 * G_PI * 1000.0 * i / RATE));
      for (uint32_t i = n / 2; i < n; i++)
        sum_in += (double) l[i] * l[i];
      run (c, l, r, n, 333);
      for (uint32_t i = n / 2; i < n; i++)
        sum_out += (double) l[i] * l[i];
      g_snprintf (label, sizeof label, "RMS sine at %g dBFS peak: gain", x);
      dsp_test_check (label, 10.0 * log10 (sum_out / sum_in),
                      ref_curve (x, -24.0, 3.0, 6.0) - x, 0.1, 0.1);
      lq_compressor_free (c);
    }
}

/* Time for the gain (dB) to cover 63.2 % of a step. */
static double
step_time (const float *in, const float *out, uint32_t start, uint32_t n,
           double from_db, double to_db)
{
  double goal = from_db + (1.0 - exp (-1.0)) * (to_db - from_db);

  for (uint32_t i = start; i < n; i++)
    {
      double g = 20.0 * log10 (out[i] / in[i]);

      if ((to_db < from_db && g <= goal) || (to_db > from_db && g >= goal))
        return (double) (i - start) / RATE * 1000.0;
    }
  return INFINITY;
}

static void
test_time_constants (void)
{
  static const struct { double att, rel; } times[] = {
    { 1.0, 50.0 }, { 20.0, 200.0 }, { 80.0, 1000.0 },
  };
  const uint32_t seg = RATE * 5;
  g_autofree float *l = g_new (float, 3 * seg);
  g_autofree float *r = g_new (float, 3 * seg);
  g_autofree float *in = g_new (float, 3 * seg);

  for (guint k = 0; k < G_N_ELEMENTS (times); k++)
    {
      LqCompressor *c = make (-20.0, 4.0, 0.0, times[k].att, times[k].rel, 0.0);
      double red = -10.0 - ref_curve (-10.0, -20.0, 4.0, 0.0); /* 7.5 dB */
      char label[64];

      for (uint32_t i = 0; i < 3 * seg; i++)
        in[i] = l[i] = r[i] = (float) pow (10.0, (i >= seg && i < 2 * seg ? -10.0 : -40.0) / 20.0);
      run (c, l, r, 3 * seg, 64);
      g_snprintf (label, sizeof label, "attack %g ms: 63%% time", times[k].att);
      dsp_test_check (label, step_time (in, l, seg, 2 * seg, 0.0, -red),
                      times[k].att, 0.1 * times[k].att, 0.1 * times[k].att);
      g_snprintf (label, sizeof label, "release %g ms: 63%% time", times[k].rel);
      dsp_test_check (label, step_time (in, l, 2 * seg, 3 * seg, -red, 0.0),
                      times[k].rel, 0.1 * times[k].rel, 0.1 * times[k].rel);
      lq_compressor_free (c);
    }
}

static void
noise (float *l, float *r, uint32_t n, guint32 seed, double a, double b)
{
  GRand *rand = g_rand_new_with_seed (seed);

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (a * dsp_test_gauss (rand));
      r[i] = (float) (b * dsp_test_gauss (rand));
    }
  g_rand_free (rand);
}

static void
test_mid_side_mono (void)
{
  const uint32_t n = RATE;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l2 = g_new (float, n);
  g_autofree float *r2 = g_new (float, n);
  LqCompressor *ms = make (-30.0, 4.0, 0.0, 5.0, 50.0, 0.0);
  LqCompressor *link = make (-30.0, 4.0, 0.0, 5.0, 50.0, 0.0);

  lq_compressor_set_mode (ms, LQ_COMPRESSOR_MID_SIDE);
  lq_compressor_reset (ms);
  noise (l, r, n, 7, 0.2, 0.0);
  memcpy (r, l, n * sizeof *r);
  memcpy (l2, l, n * sizeof *l);
  memcpy (r2, l, n * sizeof *l);
  run (ms, l, r, n, 512);
  run (link, l2, r2, n, 512);

  g_assert_cmpmem (l, n * sizeof *l, r, n * sizeof *r); /* still mono */
  g_assert_cmpfloat (lq_compressor_get_gain_reduction (ms, 0), >, 3.0);
  g_assert_cmpfloat (lq_compressor_get_gain_reduction (ms, 1), ==, 0.0);
  /* For a mono signal M = L: mid/side compression equals linked compression. */
  for (uint32_t i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (l[i], l2[i], 1e-6);
  lq_compressor_free (ms);
  lq_compressor_free (link);
}

static void
test_linked (void)
{
  const uint32_t n = RATE;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  LqCompressor *c = make (-30.0, 6.0, 6.0, 5.0, 50.0, 4.0);
  double max_dev = 0.0;

  noise (l, r, n, 8, 0.3, 0.02); /* loud left, quiet right */
  memcpy (l0, l, n * sizeof *l);
  memcpy (r0, r, n * sizeof *r);
  run (c, l, r, n, 100);
  g_assert_cmpfloat (lq_compressor_get_gain_reduction (c, 0), >, 3.0);
  for (uint32_t i = 0; i < n; i++)
    if (fabsf (l0[i]) > 1e-3f && fabsf (r0[i]) > 1e-3f)
      max_dev = MAX (max_dev, fabs ((double) l[i] / l0[i] - (double) r[i] / r0[i])
                              / ((double) l[i] / l0[i]));
  g_assert_cmpfloat (max_dev, <, 1e-5);
  lq_compressor_free (c);
}

/* A stream with parameter changes at fixed sample positions. */
#define N_EVENTS 8
static const uint32_t event_pos[N_EVENTS] = { 5000, 12001, 20000, 31000, 40000, 52000, 55000,
                                              55490 };

static void
apply_event (LqCompressor *c, int e)
{
  switch (e)
    {
    case 0: lq_compressor_set_threshold (c, -35.0); lq_compressor_set_ratio (c, 8.0); break;
    case 1: lq_compressor_set_makeup (c, 6.0); lq_compressor_set_knee (c, 0.0); break;
    case 2: lq_compressor_set_mode (c, LQ_COMPRESSOR_MID_SIDE); break;
    case 3: lq_compressor_set_detection (c, LQ_COMPRESSOR_DETECT_RMS); lq_compressor_set_attack (c, 1.0); break;
    case 4: lq_compressor_set_bypass (c, true); break;
    case 5: lq_compressor_set_bypass (c, false); lq_compressor_set_threshold (c, -10.0); break;
    /* Back on just after the 10 ms crossfade ended: whether the detectors had
     * stopped depends on the cut, the output must not. */
    case 6: lq_compressor_set_bypass (c, true); break;
    case 7: lq_compressor_set_bypass (c, false); break;
    default: break;
    }
}

static void
run_events (LqCompressor *c, float *l, float *r, uint32_t n, uint32_t block)
{
  uint32_t pos = 0;
  int e = 0;

  while (pos < n)
    {
      uint32_t len = MIN (block, n - pos);
      float *ch[2] = { l + pos, r + pos };

      if (e < N_EVENTS && pos == event_pos[e])
        apply_event (c, e++);
      if (e < N_EVENTS && pos + len > event_pos[e])
        len = event_pos[e] - pos;
      lq_compressor_process (c, ch, len);
      pos += len;
    }
}

static void
test_block_size (void)
{
  const uint32_t n = 60000;
  const uint32_t blocks[] = { 1, 33, 512, MAX_BLOCK };
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  g_autofree float *lref = NULL;
  g_autofree float *rref = NULL;

  noise (l0, r0, n, 9, 0.3, 0.15);
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      LqCompressor *c = make (-20.0, 3.0, 6.0, 10.0, 100.0, 0.0);
      float *l = g_memdup2 (l0, n * sizeof *l0);
      float *r = g_memdup2 (r0, n * sizeof *r0);

      run_events (c, l, r, n, blocks[b]);
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
      lq_compressor_free (c);
    }
}

static double
max_step (const float *x, uint32_t from, uint32_t to)
{
  double m = 0.0;

  for (uint32_t i = from + 1; i < to; i++)
    m = MAX (m, fabs ((double) x[i] - x[i - 1]));
  return m;
}

/* A 50 Hz sine through heavy compression: every change (threshold, ratio,
 * makeup, mode, bypass) moves the output no faster than the steady sine does. */
static void
test_click_free (void)
{
  const uint32_t n = 60000;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  LqCompressor *c = make (-20.0, 3.0, 6.0, 0.01, 1.0, 0.0);
  double steady;

  for (uint32_t i = 0; i < n; i++)
    {
      l[i] = (float) (0.5 * sin (2.0 * G_PI * 50.0 * i / RATE));
      r[i] = (float) (0.3 * sin (2.0 * G_PI * 50.0 * i / RATE + 1.0));
    }
  lq_compressor_set_detection (c, LQ_COMPRESSOR_DETECT_RMS);
  lq_compressor_set_rms_window (c, 100.0);
  lq_compressor_set_attack (c, 50.0);
  lq_compressor_set_release (c, 200.0);
  lq_compressor_reset (c);
  run_events (c, l, r, n, 256);
  /* The largest step of the input sine scaled by the largest gain used. */
  steady = 0.5 * 2.0 * G_PI * 50.0 / RATE * pow (10.0, 6.0 / 20.0);
  dsp_test_check ("largest sample step, L", max_step (l, 0, n), steady * 0.5, steady, 0.5 * steady);
  dsp_test_check ("largest sample step, R", max_step (r, 0, n), steady * 0.5, steady, 0.5 * steady);
  lq_compressor_free (c);
}

/* Bypassed, the detectors stop: the input passes bit for bit. Switched back
 * on, they first run over the last 100 ms of input, so the crossfade starts
 * from settled detectors: soon after it, the output is that of a compressor
 * that never stopped. */
static void
test_bypass_resume (void)
{
  const uint32_t n = 3 * RATE, off = RATE, on = 2 * RATE, fade = RATE / 100;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l0 = g_new (float, n);
  g_autofree float *r0 = g_new (float, n);
  g_autofree float *lc = g_new (float, n);
  g_autofree float *rc = g_new (float, n);
  LqCompressor *c = make (-30.0, 4.0, 6.0, 10.0, 100.0, 3.0);
  LqCompressor *ref = make (-30.0, 4.0, 6.0, 10.0, 100.0, 3.0);
  double worst_fade = 0.0, worst_after = 0.0;

  noise (l0, r0, n, 12, 0.3, 0.2);
  memcpy (l, l0, n * sizeof *l);
  memcpy (r, r0, n * sizeof *r);
  memcpy (lc, l0, n * sizeof *l);
  memcpy (rc, r0, n * sizeof *r);
  for (LqCompressor **k = (LqCompressor *[]) { c, ref, NULL }; *k != NULL; k++)
    {
      lq_compressor_set_detection (*k, LQ_COMPRESSOR_DETECT_RMS);
      lq_compressor_set_mode (*k, LQ_COMPRESSOR_MID_SIDE);
      lq_compressor_reset (*k);
    }

  run (c, l, r, off, 256);
  lq_compressor_set_bypass (c, true);
  run (c, l + off, r + off, on - off, 300);
  g_assert_cmpfloat (lq_compressor_get_gain_reduction (c, 0), ==, 0.0);
  lq_compressor_set_bypass (c, false);
  run (c, l + on, r + on, n - on, 512);
  run (ref, lc, rc, n, 512);

  /* Fully bypassed: the input itself. */
  g_assert_cmpmem (l + off + fade, (on - off - fade) * sizeof *l, l0 + off + fade,
                   (on - off - fade) * sizeof *l);
  g_assert_cmpmem (r + off + fade, (on - off - fade) * sizeof *r, r0 + off + fade,
                   (on - off - fade) * sizeof *r);
  /* Back on: the gain (dB) against the compressor that never stopped, over
   * the crossfade (partly dry, so compare the wet share) and after it. */
  for (uint32_t i = on + fade; i < n; i++)
    if (fabsf (l0[i]) > 0.05f)
      {
        double d = fabs (20.0 * log10 ((double) l[i] / lc[i]));

        if (i < on + RATE / 10)
          worst_fade = MAX (worst_fade, d);
        else
          worst_after = MAX (worst_after, d);
      }
  g_test_message ("after switching back on: gain off by up to %.4f dB in the first 100 ms, "
                  "%.6f dB later", worst_fade, worst_after);
  g_assert_cmpfloat (worst_fade, <, 0.1);
  g_assert_cmpfloat (worst_after, <, 0.01);
  lq_compressor_free (c);
  lq_compressor_free (ref);
}

static void
test_nan (void)
{
  const uint32_t n = RATE;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *l2 = g_new (float, n);
  g_autofree float *r2 = g_new (float, n);
  LqCompressor *a = make (-30.0, 4.0, 6.0, 5.0, 50.0, 3.0);
  LqCompressor *b = make (-30.0, 4.0, 6.0, 5.0, 50.0, 3.0);

  noise (l, r, n, 10, 0.3, 0.3);
  memcpy (l2, l, n * sizeof *l);
  memcpy (r2, r, n * sizeof *r);
  for (uint32_t i = 1000; i < 1100; i++)
    {
      l[i] = NAN;
      r[i] = i % 2 ? INFINITY : -INFINITY;
      l2[i] = r2[i] = 0.0f;
    }
  l[5000] = 1e-40f; /* denormal */
  l2[5000] = 1e-40f;
  lq_compressor_set_detection (a, LQ_COMPRESSOR_DETECT_RMS);
  lq_compressor_set_detection (b, LQ_COMPRESSOR_DETECT_RMS);
  run (a, l, r, n, 512);
  run (b, l2, r2, n, 512);
  for (uint32_t i = 0; i < n; i++)
    {
      g_assert_true (isfinite (l[i]) && isfinite (r[i]));
    }
  g_assert_cmpfloat (l[1050], ==, 0.0f);
  /* Non-finite samples act as silence: identical to a stream with zeros. */
  g_assert_cmpmem (l, n * sizeof *l, l2, n * sizeof *l);
  g_assert_cmpmem (r, n * sizeof *r, r2, n * sizeof *r);
  g_assert_true (isfinite (lq_compressor_get_gain_reduction (a, 0)));
  lq_compressor_free (a);
  lq_compressor_free (b);
}

static void
test_no_alloc (void)
{
  g_autofree float *l = g_new (float, MAX_BLOCK);
  g_autofree float *r = g_new (float, MAX_BLOCK);
  LqCompressor *c = make (-30.0, 4.0, 6.0, 5.0, 50.0, 3.0);
  DspRtCounts counts = { 0 };

  noise (l, r, MAX_BLOCK, 11, 0.3, 0.3);
  lq_compressor_set_mode (c, LQ_COMPRESSOR_MID_SIDE);
  dsp_rt_guard_begin ();
  for (int k = 0; k < 1000; k++)
    {
      float *ch[2] = { l, r };

      if (k == 500)
        lq_compressor_set_threshold (c, -20.0);
      lq_compressor_process (c, ch, MAX_BLOCK);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "compressor: setters and process");
  lq_compressor_free (c);
}

static void
test_invalid (void)
{
  LqCompressor *c = lq_compressor_new (RATE, 64);
  LqCompressor *pieces = lq_compressor_new (RATE, 64);
  float buf[2][200], ref[2][200];
  float *ch[2] = { buf[0], buf[1] };

  g_assert_null (lq_compressor_new (0, 64));
  g_assert_null (lq_compressor_new (RATE, 0));
  g_assert_cmpint (lq_compressor_set_threshold (c, NAN), ==, LQ_ERR_INVALID);
  g_assert_cmpuint (lq_compressor_get_latency (c), ==, 0);

  /* n > max_block is no error: the same output as max_block pieces. */
  for (int i = 0; i < 200; i++)
    {
      buf[0][i] = (float) sin (0.05 * i);
      buf[1][i] = (float) cos (0.07 * i);
    }
  memcpy (ref, buf, sizeof buf);
  lq_compressor_set_threshold (c, -30.0);
  lq_compressor_set_threshold (pieces, -30.0);
  lq_compressor_process (c, ch, 200);
  for (uint32_t done = 0; done < 200; done += 64)
    {
      float *part[2] = { ref[0] + done, ref[1] + done };

      lq_compressor_process (pieces, part, MIN (64, 200 - done));
    }
  g_assert_cmpmem (buf, sizeof buf, ref, sizeof ref);
  g_assert_cmpfloat (lq_compressor_get_gain_reduction (c, 0), >, 0.0);
  lq_compressor_process (c, ch, 0);
  lq_compressor_free (c);
  lq_compressor_free (pieces);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compressor/static-curve", test_static_curve);
  g_test_add_func ("/compressor/rms-sine", test_rms_sine);
  g_test_add_func ("/compressor/time-constants", test_time_constants);
  g_test_add_func ("/compressor/mid-side-mono", test_mid_side_mono);
  g_test_add_func ("/compressor/linked", test_linked);
  g_test_add_func ("/compressor/block-size", test_block_size);
  g_test_add_func ("/compressor/click-free", test_click_free);
  g_test_add_func ("/compressor/bypass-resume", test_bypass_resume);
  g_test_add_func ("/compressor/nan", test_nan);
  g_test_add_func ("/compressor/no-alloc", test_no_alloc);
  g_test_add_func ("/compressor/invalid", test_invalid);

  return g_test_run ();
}

/* test-limiter.c: LqLimiter's ceiling, measured on its output by two
 * independent BS.1770-4 true-peak meters (libebur128's EBUR128_MODE_TRUE_PEAK
 * and Lacquer's own lq_true_peak), on adversarial material; and its latency,
 * transparency, block-size independence, click-free parameter changes and
 * bypass, NaN recovery and allocation-free processing.
 */
#define _GNU_SOURCE
#include <ebur128.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-limiter.h"
#include "lq-true-peak.h"

#define MAX_BLOCK 4096
#define SECONDS 2.0

typedef enum
{
  SIG_SQUARE_100,
  SIG_SQUARE_1K,
  SIG_SQUARE_FS4,       /* +1 +1 -1 -1: fs/4 at 45 degrees, +3 dBTP */
  SIG_SINE_FS4_45,      /* EBU 3341-style ISP tone, 0 dBFS samples */
  SIG_SINE_FS6_60,      /* fs/6, 60 degrees, 0 dBFS samples */
  SIG_NOISE_12DB,       /* white noise, full-scale peaks driven +12 dB */
  SIG_BURSTS,           /* +6 dBFS square bursts after silence */
  N_SIGNALS
} SignalKind;

static const char *signal_names[N_SIGNALS] = {
  "square 100 Hz 0 dBFS",
  "square 1 kHz 0 dBFS",
  "square fs/4 phased 0 dBFS",
  "sine fs/4 45 deg 0 dBFS",
  "sine fs/6 60 deg 0 dBFS",
  "white noise +12 dB drive",
  "bursts after silence +6 dB",
};

typedef struct
{
  uint32_t rate;
  uint32_t n;
  float *ch[2];
} Signal;

static void
signal_free (Signal *s)
{
  g_free (s->ch[0]);
  g_free (s->ch[1]);
}

static float
square (double phase)
{
  return fmod (phase, 1.0) < 0.5 ? 1.0f : -1.0f;
}

/* @tail zero frames are appended so that the limiter's delayed output and the
 * meters' interpolators are fully flushed. */
static Signal
make_signal (SignalKind kind, uint32_t rate, uint32_t n, uint32_t tail)
{
  Signal s = { rate, n + tail, { g_new0 (float, n + tail), g_new0 (float, n + tail) } };
  GRand *rand = g_rand_new_with_seed (1234 + kind);

  for (uint32_t i = 0; i < n; i++)
    {
      double t = (double) i / rate;
      float l = 0, r = 0;

      switch (kind)
        {
        case SIG_SQUARE_100:
          l = square (100.0 * t);
          r = -square (100.0 * t + 0.1);
          break;
        case SIG_SQUARE_1K:
          l = square (1000.0 * t);
          r = square (1000.0 * t + 0.25);
          break;
        case SIG_SQUARE_FS4:
          l = (i & 2) ? -1.0f : 1.0f;
          r = ((i + 1) & 2) ? -1.0f : 1.0f;
          break;
        case SIG_SINE_FS4_45:
          l = (float) (sin (G_PI / 2 * i + G_PI / 4) / sin (G_PI / 4));
          r = -l;
          break;
        case SIG_SINE_FS6_60:
          l = (float) (sin (G_PI / 3 * i + G_PI / 3) / sin (G_PI / 3 + G_PI / 3));
          r = l;
          break;
        case SIG_NOISE_12DB:
          /* Gaussian, sigma 1: peaks around +12 dBFS. */
          l = (float) dsp_test_gauss (rand);
          r = (float) dsp_test_gauss (rand);
          break;
        case SIG_BURSTS:
          {
            /* 5 ms of +6 dBFS square every 300 ms, after silence. */
            uint32_t period = rate * 3 / 10;
            uint32_t k = i % period;

            if (i >= period && k < rate / 200)
              {
                l = 2.0f * square (1500.0 * k / rate);
                r = 2.0f * square (3300.0 * k / rate + 0.3);
              }
          }
          break;
        default:
          g_assert_not_reached ();
        }
      s.ch[0][i] = l;
      s.ch[1][i] = r;
    }
  g_rand_free (rand);
  return s;
}

static double
ebur128_tp (uint32_t rate, float *const *ch, uint32_t n)
{
  ebur128_state *st = ebur128_init (2, rate, EBUR128_MODE_TRUE_PEAK);
  float *inter = g_new (float, 2 * 4096);
  double peak = 0;

  g_assert_nonnull (st);
  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = MIN (4096, n - done);

      for (uint32_t i = 0; i < m; i++)
        {
          inter[2 * i] = ch[0][done + i];
          inter[2 * i + 1] = ch[1][done + i];
        }
      g_assert_cmpint (ebur128_add_frames_float (st, inter, m), ==, EBUR128_SUCCESS);
      done += m;
    }
  for (uint32_t c = 0; c < 2; c++)
    {
      double p;

      g_assert_cmpint (ebur128_true_peak (st, c, &p), ==, EBUR128_SUCCESS);
      peak = MAX (peak, p);
    }
  ebur128_destroy (&st);
  g_free (inter);
  return peak;
}

static double
lq_tp (uint32_t rate, float *const *ch, uint32_t n)
{
  LqTruePeak *tp = lq_true_peak_new (rate, 2, MAX_BLOCK);
  float peak[2] = { 0, 0 };

  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = MIN (MAX_BLOCK, n - done);
      const float *p[2] = { ch[0] + done, ch[1] + done };

      lq_true_peak_process (tp, p, m, peak);
      done += m;
    }
  lq_true_peak_flush (tp, peak);
  lq_true_peak_free (tp);
  return MAX (peak[0], peak[1]);
}

/* The true peak ffmpeg's ebur128 filter (peak=true, its own 4x
 * oversampling by libswresample) reads: the third meter a master is
 * checked on. ffmpeg is required (build-aux/install-deps.sh installs it):
 * without it the test fails. */
static double
ffmpeg_tp (uint32_t rate, float *const *ch, uint32_t n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("lq-limiter-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *rate_s = g_strdup_printf ("%u", rate);
  g_autofree char *err = NULL;
  g_autofree float *inter = g_new (float, (gsize) n * 2);
  const char *peak_line;
  double peak_db;
  int status;

  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "out.f32", NULL);
  for (uint32_t i = 0; i < n; i++)
    {
      inter[2 * i] = ch[0][i];
      inter[2 * i + 1] = ch[1][i];
    }
  g_assert_true (g_file_set_contents (path, (const char *) inter, (gssize) n * 2 * sizeof (float), &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-f", "f32le", "-ar", rate_s,
                           "-ac", "2", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                  NULL, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  g_rmdir (tmpdir);
  /* The summary's "True peak:" section ends with "Peak:  -1.0 dBFS". */
  peak_line = g_strrstr (err, "Peak:");
  g_assert_nonnull (peak_line);
  peak_db = g_ascii_strtod (peak_line + strlen ("Peak:"), NULL);
  return dsp_test_from_db (peak_db);
}

/* Runs @lim over all of @s in place, @block frames at a time. */
static void
run (LqLimiter *lim, Signal *s, uint32_t block)
{
  for (uint32_t done = 0; done < s->n;)
    {
      uint32_t m = MIN (block, s->n - done);
      float *p[2] = { s->ch[0] + done, s->ch[1] + done };

      lq_limiter_process (lim, p, m);
      done += m;
    }
}

/* ---- ceiling ---------------------------------------------------------- */

static double worst_margin_db = -INFINITY;   /* output TP - ceiling, over all */
static double worst_ffmpeg_db = -INFINITY;   /* the same by ffmpeg */

static void
test_ceiling (gconstpointer data)
{
  uint32_t rate = GPOINTER_TO_UINT (data);
  const double ceilings[] = { -1.0, -0.1 };
  gboolean all_ok = TRUE;

  for (guint ci = 0; ci < G_N_ELEMENTS (ceilings); ci++)
    for (int auto_rel = 0; auto_rel < 2; auto_rel++)
      for (int k = 0; k < N_SIGNALS; k++)
        {
          LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
          Signal s;
          double in_tp, eb, lq, ff, ceiling = dsp_test_from_db (ceilings[ci]);
          uint32_t lat;

          g_assert_nonnull (lim);
          lq_limiter_set_ceiling_dbtp (lim, ceilings[ci]);
          lq_limiter_set_auto_release (lim, auto_rel);
          lq_limiter_reset (lim);
          lat = lq_limiter_get_latency (lim);
          s = make_signal (k, rate, (uint32_t) (SECONDS * rate), lat + 256);
          in_tp = ebur128_tp (rate, s.ch, s.n);
          run (lim, &s, 512);
          eb = ebur128_tp (rate, s.ch, s.n);
          lq = lq_tp (rate, s.ch, s.n);
          ff = ffmpeg_tp (rate, s.ch, s.n);
          g_test_message ("%u Hz ceiling %+.1f dBTP%s, %-28s in %+6.2f dBTP -> out "
                          "libebur128 %+.4f dBTP, lq_true_peak %+.4f dBTP, ffmpeg %+.1f dBTP, "
                          "GR max %.2f dB",
                          rate, ceilings[ci], auto_rel ? " auto" : "", signal_names[k],
                          dsp_test_db (in_tp), dsp_test_db (eb), dsp_test_db (lq), dsp_test_db (ff),
                          lq_limiter_get_max_gain_reduction_db (lim));
          worst_margin_db = MAX (worst_margin_db, dsp_test_db (MAX (eb, lq)) - ceilings[ci]);
          worst_ffmpeg_db = MAX (worst_ffmpeg_db, dsp_test_db (ff) - ceilings[ci]);
          /* ffmpeg prints one decimal: its reading must round to the
           * ceiling or below. */
          if (eb > ceiling || lq > ceiling || dsp_test_db (ff) > ceilings[ci] + 1e-9)
            {
              g_test_message ("  OVER the ceiling");
              all_ok = FALSE;
            }
          /* It limits, rather than just muting: the loud signals come out
           * within 1.5 dB of the ceiling. */
          if (MAX (eb, lq) < ceiling * dsp_test_from_db (-1.5))
            {
              g_test_message ("  too quiet");
              all_ok = FALSE;
            }
          signal_free (&s);
          lq_limiter_free (lim);
        }
  g_test_message ("worst output true peak relative to the ceiling so far: %+.4f dB "
                  "(ffmpeg %+.1f dB)", worst_margin_db, worst_ffmpeg_db);
  g_assert_true (all_ok);
}

/* ---- latency and transparency ---------------------------------------- */

static void
test_transparency (void)
{
  const uint32_t rate = 48000;
  LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
  uint32_t lat = lq_limiter_get_latency (lim);
  uint32_t n = rate;
  Signal s = { rate, n + lat, { g_new0 (float, n + lat), g_new0 (float, n + lat) } };
  float *ref = g_new0 (float, n);
  double worst = 0;

  g_test_message ("latency %u samples at %u Hz (%.2f ms)", lat, rate, 1000.0 * lat / rate);
  /* Lookahead 3 ms, two interpolators, two holds: a few ms at most. */
  g_assert_cmpuint (lat, >, rate * 3 / 1000);
  g_assert_cmpuint (lat, <, rate * 6 / 1000);

  /* Left: -20 dBFS sine; right: impulse train at -3 dBFS (sample = true peak). */
  for (uint32_t i = 0; i < n; i++)
    {
      ref[i] = (float) (0.1 * sin (2 * G_PI * 997.0 * i / rate));
      s.ch[0][i] = ref[i];
      s.ch[1][i] = i % 1000 == 17 ? 0.7f : 0.0f;
    }
  run (lim, &s, 333);
  for (uint32_t i = 0; i < n; i++)
    {
      worst = MAX (worst, fabs (s.ch[0][i + lat] - ref[i]));
      g_assert_cmpfloat (s.ch[1][i + lat], ==, i % 1000 == 17 ? 0.7f : 0.0f);
    }
  for (uint32_t i = 0; i < lat; i++)
    g_assert_cmpfloat (s.ch[0][i], ==, 0.0f);
  g_test_message ("-20 dBFS sine: largest difference after latency %g", worst);
  g_assert_cmpfloat (worst, <=, 1e-6);
  g_assert_cmpfloat (lq_limiter_get_max_gain_reduction_db (lim), ==, 0.0);
  signal_free (&s);
  g_free (ref);
  lq_limiter_free (lim);
}

/* ---- block-size independence ----------------------------------------- */

static void
test_block_size (void)
{
  const uint32_t rate = 44100;
  const uint32_t blocks[] = { 1, 37, 512, MAX_BLOCK };
  Signal ref = { 0 };

  for (int auto_rel = 0; auto_rel < 2; auto_rel++)
    for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
      {
        LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
        Signal s = make_signal (SIG_NOISE_12DB, rate, rate, 0);

        /* Mix in bursts so both attack and release are exercised. */
        for (uint32_t i = 0; i < s.n; i++)
          if ((i / 4000) % 3 != 0)
            {
              s.ch[0][i] *= 0.1f;
              s.ch[1][i] *= 0.05f;
            }
        lq_limiter_set_auto_release (lim, auto_rel);
        lq_limiter_set_release_ms (lim, 50.0);
        run (lim, &s, blocks[b]);
        if (b == 0)
          {
            signal_free (&ref);
            ref = s;
          }
        else
          {
            g_assert_cmpmem (s.ch[0], s.n * sizeof (float), ref.ch[0], ref.n * sizeof (float));
            g_assert_cmpmem (s.ch[1], s.n * sizeof (float), ref.ch[1], ref.n * sizeof (float));
            signal_free (&s);
          }
        lq_limiter_free (lim);
      }
  signal_free (&ref);
}

/* ---- click-free changes ---------------------------------------------- */

/* Largest change per sample of the gain out[i + lat] / in[i], over samples
 * where the input is large enough for the ratio to be meaningful (across the
 * skipped samples near zero crossings, the change is divided by the gap). */
static double
max_gain_step (const float *in, const float *out, uint32_t n, uint32_t lat)
{
  double prev = NAN, worst = 0;
  uint32_t prev_i = 0;

  for (uint32_t i = 0; i < n; i++)
    {
      double g;

      if (fabsf (in[i]) < 0.2f)
        continue;
      g = out[i + lat] / in[i];
      if (!isnan (prev))
        worst = MAX (worst, fabs (g - prev) / (i - prev_i));
      prev = g;
      prev_i = i;
    }
  return worst;
}

static void
test_ceiling_change (void)
{
  const uint32_t rate = 48000;
  LqLimiter *lim = lq_limiter_new (rate, 1, MAX_BLOCK);
  uint32_t lat = lq_limiter_get_latency (lim);
  uint32_t n = rate, half = n / 2;
  float *in = g_new0 (float, n + lat), *out = g_new0 (float, n + lat);
  float *p[1] = { out };
  double step;

  /* A 0 dBFS 200 Hz sine, limited at -1 dBTP, then the ceiling drops to -7. */
  for (uint32_t i = 0; i < n; i++)
    in[i] = out[i] = (float) sin (2 * G_PI * 200.0 * i / rate);
  lq_limiter_process (lim, p, half);
  lq_limiter_set_ceiling_dbtp (lim, -7.0);
  p[0] = out + half;
  lq_limiter_process (lim, p, n + lat - half);
  step = max_gain_step (in, out, n, lat);
  g_test_message ("ceiling -1 -> -7 dBTP: largest gain step per sample %.5f", step);
  /* A 6 dB drop in one sample would be a step of 0.45. */
  g_assert_cmpfloat (step, <, 0.002);
  /* And it got there: the margins under the ceiling. */
  g_assert_cmpfloat (fabs (dsp_test_db (fabsf (out[n - 1 - rate / 800 + lat])) + 7.05 + LQ_LIMITER_METER_MARGIN_DB),
                     <, 0.2);
  g_assert_cmpfloat (lq_tp (rate, (float *const[]) { out + half + lat + rate / 10, out + half + lat + rate / 10 },
                            n - half - rate / 10), <=, dsp_test_from_db (-7.0));
  g_free (in);
  g_free (out);
  lq_limiter_free (lim);
}

static void
test_bypass (void)
{
  const uint32_t rate = 48000;
  LqLimiter *lim = lq_limiter_new (rate, 1, MAX_BLOCK);
  uint32_t lat = lq_limiter_get_latency (lim);
  uint32_t n = rate, q = n / 4;
  float *in = g_new0 (float, n + lat), *out = g_new0 (float, n + lat);
  double step;

  /* A +6 dBFS sine: about 7 dB of gain reduction, then bypass, then back. */
  for (uint32_t i = 0; i < n; i++)
    in[i] = out[i] = (float) (2.0 * sin (2 * G_PI * 300.0 * i / rate));
  lq_limiter_process (lim, (float *const[]) { out }, q);
  lq_limiter_set_bypass (lim, TRUE);
  lq_limiter_process (lim, (float *const[]) { out + q }, q);
  lq_limiter_set_bypass (lim, FALSE);
  lq_limiter_process (lim, (float *const[]) { out + 2 * q }, n + lat - 2 * q);
  step = max_gain_step (in, out, n, lat);
  g_test_message ("bypass on/off under 7 dB of gain reduction: largest gain step %.5f", step);
  g_assert_cmpfloat (step, <, 0.002);
  /* Fully bypassed: the dry signal, delayed by the same latency. */
  for (uint32_t i = q + rate / 50; i < 2 * q; i++)
    g_assert_cmpfloat (out[i], ==, in[i - lat]);
  g_free (in);
  g_free (out);
  lq_limiter_free (lim);
}

/* Switched back on after a long bypass, the stages (stopped meanwhile) are
 * warmed up from the delay line: the ceiling holds as soon as the crossfade
 * is over, the switch does not click, and the gain soon joins that of a
 * limiter that never stopped. Any block size gives the same output. */
static void
test_bypass_resume (void)
{
  const uint32_t rate = 44100, n = 3 * rate, off = rate / 2, on = 2 * rate;
  const uint32_t fade = rate / 100, blocks[] = { 1, 37, 512, MAX_BLOCK };
  /* Also a bypass that ends just after its crossfade has: the stages may
   * have stopped or not, depending on the cut. */
  const uint32_t off2 = rate / 4, on2 = off2 + fade + 10;
  Signal ref = make_signal (SIG_NOISE_12DB, rate, n, 0);
  Signal cont = make_signal (SIG_NOISE_12DB, rate, n, 0);
  Signal in = make_signal (SIG_NOISE_12DB, rate, n, 0);
  LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
  uint32_t lat = lq_limiter_get_latency (lim);
  double worst = 0.0, step = 0.0, tp;

  /* Bursts, so that attack and release both work across the switch. */
  for (uint32_t i = 0; i < n; i++)
    if ((i / 3000) % 3 != 0)
      for (int c = 0; c < 2; c++)
        {
          ref.ch[c][i] *= 0.2f;
          cont.ch[c][i] *= 0.2f;
          in.ch[c][i] *= 0.2f;
        }
  lq_limiter_free (lim);

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      Signal s = make_signal (SIG_NOISE_12DB, rate, n, 0);
      uint32_t done = 0;

      memcpy (s.ch[0], in.ch[0], n * sizeof (float));
      memcpy (s.ch[1], in.ch[1], n * sizeof (float));
      lim = lq_limiter_new (rate, 2, MAX_BLOCK);
      while (done < n)
        {
          uint32_t m = MIN (blocks[b], n - done);
          float *p[2] = { s.ch[0] + done, s.ch[1] + done };

          if (done == off || done == off2)
            lq_limiter_set_bypass (lim, TRUE);
          if (done == on || done == on2)
            lq_limiter_set_bypass (lim, FALSE);
          for (guint k = 0; k < 4; k++)
            {
              uint32_t at = ((const uint32_t[]) { off2, on2, off, on })[k];

              if (done < at && done + m > at)
                m = at - done;
            }
          lq_limiter_process (lim, p, m);
          done += m;
        }
      lq_limiter_free (lim);
      if (b == 0)
        {
          memcpy (ref.ch[0], s.ch[0], n * sizeof (float));
          memcpy (ref.ch[1], s.ch[1], n * sizeof (float));
        }
      else
        {
          g_assert_cmpmem (s.ch[0], n * sizeof (float), ref.ch[0], n * sizeof (float));
          g_assert_cmpmem (s.ch[1], n * sizeof (float), ref.ch[1], n * sizeof (float));
        }
      signal_free (&s);
    }

  lim = lq_limiter_new (rate, 2, MAX_BLOCK);
  run (lim, &cont, 512);
  lq_limiter_free (lim);

  /* Fully bypassed: the input, delayed. */
  for (uint32_t i = off + fade; i < on; i++)
    g_assert_cmpfloat (ref.ch[0][i], ==, in.ch[0][i - lat]);
  /* The ceiling, from the end of the crossfade on. */
  tp = lq_tp (rate, (float *const[]) { ref.ch[0] + on + fade, ref.ch[1] + on + fade },
              n - on - fade);
  g_test_message ("after switching back on: output true peak %+.4f dBTP", dsp_test_db (tp));
  g_assert_cmpfloat (tp, <=, dsp_test_from_db (-1.0));
  /* No click: the gain moves no faster over the switch than the limiter
   * moves it anyway on this material. */
  step = max_gain_step (in.ch[0] + on - rate / 10, ref.ch[0] + on - rate / 10, rate / 5, lat);
  {
    double steady = max_gain_step (in.ch[0] + rate, cont.ch[0] + rate, rate / 5, lat);

    g_test_message ("largest gain step per sample around the switch %.5f (limiting alone %.5f)",
                    step, steady);
    g_assert_cmpfloat (step, <, 1.5 * steady);
  }
  /* And soon the gain of the limiter that never stopped. */
  for (uint32_t i = on + rate / 10; i < n; i++)
    if (fabsf (cont.ch[0][i]) > 0.05f)
      worst = MAX (worst, fabs (dsp_test_db (ref.ch[0][i] / cont.ch[0][i])));
  g_test_message ("gain against a limiter that never stopped, from 100 ms on: %.4f dB", worst);
  g_assert_cmpfloat (worst, <, 0.1);
  signal_free (&ref);
  signal_free (&cont);
  signal_free (&in);
}

/* ---- NaN and allocation ---------------------------------------------- */

static void
test_nan (void)
{
  const uint32_t rate = 48000;
  LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
  uint32_t lat = lq_limiter_get_latency (lim);
  uint32_t n = rate;
  Signal s = { rate, n + lat, { g_new0 (float, n + lat), g_new0 (float, n + lat) } };
  float *ref = g_new0 (float, n);

  lq_limiter_set_release_ms (lim, 10.0);
  for (uint32_t i = 0; i < n; i++)
    {
      ref[i] = (float) (0.1 * sin (2 * G_PI * 440.0 * i / rate));
      s.ch[0][i] = s.ch[1][i] = ref[i];
    }
  for (uint32_t i = 10000; i < 10100; i++)
    s.ch[0][i] = NAN;
  s.ch[1][10050] = INFINITY;
  s.ch[1][10051] = -INFINITY;
  s.ch[1][10052] = 1e-40f;       /* denormal */
  run (lim, &s, 256);
  for (uint32_t i = 0; i < s.n; i++)
    {
      g_assert_true (isfinite (s.ch[0][i]));
      g_assert_true (isfinite (s.ch[1][i]));
    }
  g_assert_cmpfloat (lq_tp (rate, s.ch, s.n), <=, dsp_test_from_db (-1.0));
  g_assert_true (isfinite (lq_limiter_get_max_gain_reduction_db (lim)));
  /* Recovered: 0.5 s later the sine passes unchanged again. */
  for (uint32_t i = n / 2 + 10000; i < n; i++)
    g_assert_cmpfloat (s.ch[0][i + lat], ==, ref[i]);
  g_assert_cmpfloat (lq_limiter_get_gain_reduction_db (lim), ==, 0.0);
  signal_free (&s);
  g_free (ref);
  lq_limiter_free (lim);
}

static void
test_no_alloc (void)
{
  const uint32_t rate = 48000;
  LqLimiter *lim = lq_limiter_new (rate, 2, MAX_BLOCK);
  Signal s = make_signal (SIG_NOISE_12DB, rate, rate, 0);
  DspRtCounts counts = { 0 };

  lq_limiter_set_auto_release (lim, TRUE);
  dsp_rt_guard_begin ();
  run (lim, &s, 100);
  lq_limiter_set_ceiling_dbtp (lim, -3.0);
  lq_limiter_set_bypass (lim, TRUE);
  run (lim, &s, MAX_BLOCK);
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "limiter: setters and process");
  signal_free (&s);
  lq_limiter_free (lim);
}

static void
test_params (void)
{
  LqLimiter *lim = lq_limiter_new (44100, 2, 64);

  g_assert_null (lq_limiter_new (44100, 3, 64));
  g_assert_null (lq_limiter_new (44100, 2, 0));
  g_assert_null (lq_limiter_new (100, 2, 64));
  lq_limiter_set_ceiling_dbtp (lim, 12.0);
  g_assert_cmpfloat (lq_limiter_get_ceiling_dbtp (lim), ==, 0.0);
  lq_limiter_set_ceiling_dbtp (lim, NAN);
  g_assert_cmpfloat (lq_limiter_get_ceiling_dbtp (lim), ==, 0.0);
  /* The lookahead sets the latency, at reset. */
  {
    uint32_t lat = lq_limiter_get_latency (lim);

    lq_limiter_set_lookahead_ms (lim, 5.0);
    g_assert_cmpuint (lq_limiter_get_latency (lim), ==, lat);
    lq_limiter_reset (lim);
    g_assert_cmpuint (lq_limiter_get_latency (lim), ==, lat + 221 - 132);
  }
  lq_limiter_free (lim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/limiter/ceiling/44100", GUINT_TO_POINTER (44100), test_ceiling);
  g_test_add_data_func ("/limiter/ceiling/48000", GUINT_TO_POINTER (48000), test_ceiling);
  g_test_add_func ("/limiter/transparency-latency", test_transparency);
  g_test_add_func ("/limiter/block-size", test_block_size);
  g_test_add_func ("/limiter/ceiling-change", test_ceiling_change);
  g_test_add_func ("/limiter/bypass", test_bypass);
  g_test_add_func ("/limiter/bypass-resume", test_bypass_resume);
  g_test_add_func ("/limiter/nan", test_nan);
  g_test_add_func ("/limiter/no-alloc", test_no_alloc);
  g_test_add_func ("/limiter/params", test_params);
  return g_test_run ();
}

/* test-engine-realtime.c: lq_engine_process(), the audio callback's body,
 * allocates, frees, locks and writes nothing.
 *
 * A long run (every chain stage on, a match-EQ curve, a reference) with
 * source switches, seeks and their prerolls, chain settings changed (the
 * match-EQ curve included), gains, crossfade lengths and monitor flags
 * changed; then an album and its transitions across their boundaries
 * (each track at its own level-match gains, the sources switched, the
 * reference following the loop)
 * with a loop set, moved and cleared, under dsp-rt-guard (tests/dsp/dsp-rt-guard.h, the linker's
 * --wrap over the test, liblq-engine and liblq-dsp): only the callback is
 * guarded, on its own thread; the control calls between callbacks and the
 * reader thread are not. The count must be zero. */
#include <math.h>
#include <stdlib.h>

#include "dsp-rt-guard.h"
#include "engine-test-util.h"

static void *volatile sink;

static void
full_chain (LqChainSettings *s, double variant)
{
  static const double centres[] = { 60, 120, 250, 500, 1000, 2000, 4000, 8000, 16000 };

  for (guint i = 0; i < 3; i++)
    {
      s->eq[i].enabled = true;
      s->eq[i].type = LQ_EQ_BELL;
      s->eq[i].freq_hz = 100.0 * (i + 1) * (i + 1) * (1.0 + variant);
      s->eq[i].gain_db = i % 2 ? 3.0 : -2.0;
      s->eq[i].q = 1.0;
      s->eq[i].channels = LQ_EQ_STEREO;
      s->bus_eq[i] = s->eq[i];
    }
  s->match_eq_enabled = true;
  s->match_n_bands = G_N_ELEMENTS (centres);
  for (guint b = 0; b < s->match_n_bands; b++)
    {
      s->match_centres[b] = centres[b];
      s->match_mid_db[b] = sin (b + variant) * 4.0;
      s->match_side_db[b] = cos (b + variant) * 3.0;
    }
  s->match_strength = 1.0;
  s->match_cap_db = 6.0;
  s->compressor.enabled = true;
  s->compressor.threshold_db = -24.0 + variant;
  s->compressor.ratio = 4.0;
  s->width_enabled = true;
  s->width = 1.4;
  s->mono_below_hz = 150.0;
  s->match_gain_db = 2.0 + variant;
  s->bus_compressor.enabled = true;
  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
}

static void
test_guard_sees_engine (void)
{
  DspRtCounts c = { 0 };

  /* The interposer counts inside the region only. */
  dsp_rt_guard_begin ();
  sink = malloc (8);
  free (sink);
  dsp_rt_guard_end (&c);
  g_assert_cmpuint (c.alloc, ==, 1);
  g_assert_cmpuint (c.free, ==, 1);
}

static void
test_callback_clean (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *buf = g_new0 (float, LQ_ENGINE_MAX_BLOCK * 2 * 3);
  LqRenderSpec spec;
  DspRtCounts c = { 0 };
  static const guint blocks[] = { 64, 128, 256, 512, 1024, 3000, 37 };
  guint heard = 0;

  et_spec_init (&spec, f->track, TRUE);
  full_chain (&spec.chain, 0.0);
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  g_assert_no_error (error);
  lq_engine_play (engine);

  for (guint i = 0; i < 3000; i++)
    {
      guint n = blocks[i % G_N_ELEMENTS (blocks)];

      /* The control side, between callbacks. */
      if (i % 50 == 10)
        lq_engine_set_source (engine, (LqPlaybackSource) ((i / 50) % 3));
      if (i % 400 == 123)
        lq_engine_seek (engine, (gint64) (i * 97) % (f->frames - ET_RATE));
      if (i % 170 == 60)
        {
          LqChainSettings s = spec.chain;

          full_chain (&s, (i % 340 == 60) ? 0.5 : 0.0);
          s.limiter_enabled = i % 3 != 0;
          lq_engine_set_chain_settings (engine, &s);
        }
      if (i % 90 == 30)
        lq_engine_set_match_gain_db (engine, (LqPlaybackSource) (i % 3), -3.0 + (i % 7));
      if (i % 130 == 5)
        lq_engine_set_monitor (engine, (LqMonitorFlags) ((i / 130) % 32));
      if (i % 210 == 7)
        lq_engine_set_crossfade_ms (engine, (i / 210) % 2 ? 0.0 : 40.0);
      if (!lq_engine_get_playing (engine))
        lq_engine_play (engine);
      if (i % 5 != 4)
        _lq_engine_wait_ready (engine, 2 * n);   /* now and then an underrun, too */

      dsp_rt_guard_begin ();
      lq_engine_process (engine, buf, n);
      dsp_rt_guard_end (&c);

      for (guint k = 0; k < 2 * n; k++)
        heard += buf[k] != 0.0f;
    }
  dsp_rt_assert_clean (&c, "lq_engine_process");
  g_assert_cmpuint (heard, >, 100000);   /* it played */
  et_spec_clear (&spec);
}

/* At another output rate the reader thread resamples the track and the
 * reference: the callback is the same, and as clean. */
static void
test_callback_clean_resampling (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *buf = g_new0 (float, LQ_ENGINE_MAX_BLOCK * 2);
  LqRenderSpec spec;
  DspRtCounts c = { 0 };
  guint heard = 0;

  et_spec_init (&spec, f->track, TRUE);
  g_assert_true (lq_engine_set_output_rate (engine, 48000, &error));
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, 48000);
  lq_engine_play (engine);
  for (guint i = 0; i < 600; i++)
    {
      if (i % 50 == 10)
        lq_engine_set_source (engine, (LqPlaybackSource) ((i / 50) % 3));
      if (i % 200 == 123)
        lq_engine_seek (engine, (gint64) (i * 997) % (lq_engine_get_length (engine) - 48000));
      if (!lq_engine_get_playing (engine))
        lq_engine_play (engine);
      _lq_engine_wait_ready (engine, 2 * 256);

      dsp_rt_guard_begin ();
      lq_engine_process (engine, buf, 256);
      dsp_rt_guard_end (&c);

      for (guint k = 0; k < 2 * 256; k++)
        heard += buf[k] != 0.0f;
    }
  dsp_rt_assert_clean (&c, "lq_engine_process (resampling)");
  g_assert_cmpuint (heard, >, 100000);
  et_spec_clear (&spec);
}

/* The album across its track boundaries (two chains, the tail feed), a
 * loop over the boundary set, moved and cleared, transitions loaded after. */
static void
test_album_clean (EtFixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *buf = g_new0 (float, LQ_ENGINE_MAX_BLOCK * 2);
  LqRenderSpec specs[3];
  DspRtCounts c = { 0 };
  gint64 second;
  guint heard = 0, crossed = 0;
  gint last_track = 0;

  for (int i = 0; i < 3; i++)
    {
      et_spec_init (&specs[i], i == 1 ? f->reference : f->track, TRUE);
      full_chain (&specs[i].chain, 0.3 * i);
      specs[i].trim_in_s = i;
      specs[i].trim_out_s = 4.5 - i;
      specs[i].gap_s = 0.25 * i;
    }
  for (int mode = 0; mode < 2; mode++)
    {
      if (mode == 0)
        g_assert_true (lq_engine_load_specs (engine, LQ_ENGINE_MODE_ALBUM, specs, 3, 0, &error));
      else
        g_assert_true (lq_engine_load_specs (engine, LQ_ENGINE_MODE_TRANSITIONS, specs, 3, 0.5,
                                             &error));
      g_assert_no_error (error);
      second = lq_engine_get_track_start (engine, 1);
      /* Each track at its own level-match gains: switched at the boundaries
       * in the callback, and a reference heard through the loop's wraps. */
      for (guint t = 0; t < 3; t++)
        lq_engine_set_track_match_gains (engine, t, -2.0 * t, 1.0 - t, 0.5 * t);
      g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
      lq_engine_play (engine);
      for (guint i = 0; i < 900; i++)
        {
          guint n = i % 3 ? 512 : 300;
          gint track;

          if (i == 150)
            lq_engine_set_loop (engine, second - ET_RATE / 2, second + ET_RATE);
          if (i == 400)
            lq_engine_set_loop (engine, second - ET_RATE / 4, second + ET_RATE / 2);
          if (i == 550)
            lq_engine_clear_loop (engine);
          if (i % 170 == 60)
            {
              LqChainSettings s = specs[0].chain;

              full_chain (&s, (i % 340 == 60) ? 0.5 : 0.0);
              lq_engine_set_chain_settings (engine, &s);
            }
          if (i == 700)
            lq_engine_seek (engine, second - ET_RATE / 3);
          if (i % 100 == 30)
            lq_engine_set_source (engine, (LqPlaybackSource) ((i / 100) % 3));
          if (i == 480)
            lq_engine_set_track_match_gains (engine, 1, -4.0, 2.0, -1.0);
          if (!lq_engine_get_playing (engine))
            lq_engine_play (engine);
          _lq_engine_wait_ready (engine, 2 * n);

          dsp_rt_guard_begin ();
          lq_engine_process (engine, buf, n);
          dsp_rt_guard_end (&c);

          for (guint k = 0; k < 2 * n; k++)
            heard += buf[k] != 0.0f;
          track = lq_engine_get_track (engine);
          crossed += track != last_track && track >= 0;
          if (track >= 0)
            last_track = track;
        }
    }
  dsp_rt_assert_clean (&c, "lq_engine_process (album)");
  g_assert_cmpuint (heard, >, 100000);
  g_assert_cmpuint (crossed, >=, 4);   /* boundaries crossed, the loop's included */
  for (int i = 0; i < 3; i++)
    et_spec_clear (&specs[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-realtime/guard", test_guard_sees_engine);
  g_test_add ("/engine-realtime/callback", EtFixture, NULL, et_fixture_setup,
              test_callback_clean, et_fixture_teardown);
  g_test_add ("/engine-realtime/callback-resampling", EtFixture, NULL, et_fixture_setup,
              test_callback_clean_resampling, et_fixture_teardown);
  g_test_add ("/engine-realtime/album", EtFixture, NULL, et_fixture_setup,
              test_album_clean, et_fixture_teardown);
  return g_test_run ();
}

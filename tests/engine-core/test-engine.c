/* test-engine.c: the playback engine, headless: lq_engine_process() called
 * directly as the PortAudio callback will call it.
 *
 * - Master from the start and from a seek point is bit-identical to the
 *   renderer's 32-bit float output (no resampling, no dither).
 * - Mix is the source stage's output times its level-match gain, and
 *   sample-aligned with the master (a 0 ms switch between them lands on the
 *   same frame).
 * - Switching source while playing makes no click; mix <-> master fades at
 *   equal gain (no +3 dB bump on correlated signals).
 * - A chain change while playing is click-free and heard within 250 ms.
 * - A stalled reader gives silence and counts underruns, never stale audio.
 * - The monitor section. */
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-test-audio.h"

/* Two rates of change bounded: a click is a step the sources never make.
 * During a linear fade over F samples between a and b, the output's step is
 * at most (1 - w) |da| + w |db| + |b - a| / F: the sources' own largest step
 * plus, at 20 ms (882 samples), at most 2 / 882 = 0.0023 for full-scale
 * signals; an equal-power fade can reach sqrt (2) times the largest step.
 * 1.5 covers both; an abrupt switch between two different signals steps by
 * up to |b - a|, far beyond it. */
#define STEP_FACTOR 1.5

static LqEngine *
load (EtFixture *f, const LqRenderSpec *spec)
{
  g_autoptr (GError) error = NULL;
  LqEngine *engine = lq_engine_new ();

  g_assert_true (lq_engine_load_spec (engine, spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_engine_get_sample_rate (engine), ==, ET_RATE);
  g_assert_cmpint (lq_engine_get_length (engine), ==, f->frames);
  return engine;
}

static void
assert_identical (const float *a, const float *b, gint64 frames)
{
  for (gint64 k = 0; k < frames * 2; k++)
    if (a[k] != b[k])
      g_error ("sample %" G_GINT64_FORMAT " (frame %" G_GINT64_FORMAT "): %.9g != %.9g",
               k, k / 2, a[k], b[k]);
}

static void
test_master_start (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *rendered = NULL;
  g_autofree float *heard = NULL;
  gint64 frames;

  et_spec_init (&spec, f->track, TRUE);
  rendered = et_render (&spec, f->dir, &frames);
  g_assert_cmpint (frames, ==, f->frames);
  engine = load (f, &spec);
  g_assert_cmpuint (lq_engine_get_latency (engine), >, 8000);
  et_start (engine, 0, ET_BLOCK);
  heard = et_play (engine, frames, ET_BLOCK);
  assert_identical (heard, rendered, frames);
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  /* At the end it stops, with the position at the end. */
  g_assert_false (lq_engine_get_playing (engine));
  g_assert_cmpint (lq_engine_get_position (engine), ==, frames);
  et_spec_clear (&spec);
}

/* From a seek point: what a render of the track from there gives (the
 * chain starts afresh at a seek, as a render does at its first frame; the
 * preroll hides its latency). Played after some other playback, so nothing
 * of the earlier state is left. */
static void
test_master_seek (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec, from_seek;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *rendered = NULL;
  g_autofree float *heard = NULL;
  g_autofree float *before = NULL;
  gint64 frames, seek = 2 * ET_RATE;

  et_spec_init (&spec, f->track, TRUE);
  et_spec_init (&from_seek, f->track, TRUE);
  from_seek.trim_in_s = 2.0;
  rendered = et_render (&from_seek, f->dir, &frames);
  g_assert_cmpint (frames, ==, f->frames - seek);

  engine = load (f, &spec);
  et_start (engine, ET_RATE / 3, ET_BLOCK);
  before = et_play (engine, ET_RATE / 2, ET_BLOCK);
  et_start (engine, seek, ET_BLOCK);
  heard = et_play (engine, frames, ET_BLOCK);
  assert_identical (heard, rendered, frames);
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  et_spec_clear (&spec);
  et_spec_clear (&from_seek);
}

/* Mix: the stage's output times the gain, at the same heard frame as the
 * master: a 0 ms switch at a block boundary changes source on that frame. */
static void
test_mix_aligned (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec, from_seek;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *rendered = NULL;
  g_autofree float *stage = NULL;
  g_autofree float *a = NULL;
  g_autofree float *b = NULL;
  gint64 frames, seek = ET_RATE, half = 40 * ET_BLOCK;
  float g = (float) pow (10.0, -6.0 / 20.0);

  et_spec_init (&spec, f->track, TRUE);
  et_spec_init (&from_seek, f->track, TRUE);
  from_seek.trim_in_s = 1.0;
  rendered = et_render (&from_seek, f->dir, &frames);
  stage = et_stage (&spec, seek, 2 * half);

  engine = load (f, &spec);
  lq_engine_set_crossfade_ms (engine, 0.0);
  lq_engine_set_match_gain_db (engine, LQ_PLAYBACK_MIX, -6.0);
  et_start (engine, seek, ET_BLOCK);
  a = et_play (engine, half, ET_BLOCK);
  g_assert_cmpint (lq_engine_get_position (engine), ==, seek + half);
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  b = et_play (engine, half, ET_BLOCK);
  g_assert_cmpint (lq_engine_get_position (engine), ==, seek + 2 * half);

  assert_identical (a, rendered, half);
  for (gint64 k = 0; k < half * 2; k++)
    g_assert_cmpfloat (b[k], ==, g * stage[half * 2 + k]);
  et_spec_clear (&spec);
  et_spec_clear (&from_seek);
}

/* Plays @n frames from @from on @source (0 ms fades), for comparisons. */
static float *
play_source (EtFixture *f, const LqRenderSpec *spec, LqPlaybackSource source,
             gint64 from, gint64 n)
{
  g_autoptr (LqEngine) engine = load (f, spec);
  g_autoptr (GError) error = NULL;

  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  lq_engine_set_source (engine, source);
  et_start (engine, from, ET_BLOCK);
  return et_play (engine, n, ET_BLOCK);
}

static void
test_switch_no_click (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *mix = NULL;
  g_autofree float *master = NULL;
  g_autofree float *ref = NULL;
  g_autofree float *heard = NULL;
  gint64 n = 3 * ET_RATE, from = ET_RATE / 2;
  /* Switches at these blocks: master -> mix -> reference -> master -> mix. */
  const guint at[] = { 40, 80, 120, 160 };
  const LqPlaybackSource to[] = { LQ_PLAYBACK_MIX, LQ_PLAYBACK_REFERENCE,
                                  LQ_PLAYBACK_MASTER, LQ_PLAYBACK_MIX };
  double limit;

  et_spec_init (&spec, f->track, TRUE);
  mix = play_source (f, &spec, LQ_PLAYBACK_MIX, from, n);
  master = play_source (f, &spec, LQ_PLAYBACK_MASTER, from, n);
  ref = play_source (f, &spec, LQ_PLAYBACK_REFERENCE, from, n);
  limit = STEP_FACTOR * MAX (et_max_step (mix, 0, n),
                             MAX (et_max_step (master, 0, n), et_max_step (ref, 0, n)));

  engine = load (f, &spec);
  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  et_start (engine, from, ET_BLOCK);
  heard = g_new0 (float, (gsize) n * 2 + ET_BLOCK * 2);
  for (guint b = 0, s = 0; (gint64) b * ET_BLOCK < n; b++)
    {
      if (s < G_N_ELEMENTS (at) && b == at[s])
        lq_engine_set_source (engine, to[s++]);
      _lq_engine_wait_ready (engine, 3 * ET_BLOCK);
      lq_engine_process (engine, heard + (gsize) b * ET_BLOCK * 2, ET_BLOCK);
    }
  g_assert_cmpfloat (et_max_step (heard, 0, n), <=, limit);
  /* Each source was really heard: settled between switches. */
  assert_identical (heard + 30 * ET_BLOCK * 2, master + 30 * ET_BLOCK * 2, ET_BLOCK);
  assert_identical (heard + 70 * ET_BLOCK * 2, mix + 70 * ET_BLOCK * 2, ET_BLOCK);
  assert_identical (heard + 110 * ET_BLOCK * 2, ref + 110 * ET_BLOCK * 2, ET_BLOCK);
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  et_spec_clear (&spec);
}

/* With a neutral chain the master is the mix, delayed into alignment: an
 * equal-gain fade between them changes nothing, where an equal-power fade
 * would lift the middle by 3 dB. */
static void
test_switch_equal_gain (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *stage = NULL;
  g_autofree float *heard = NULL;
  gint64 n = ET_RATE, from = ET_RATE / 4;
  double worst = 0.0;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, from, n);
  engine = load (f, &spec);
  lq_engine_set_crossfade_ms (engine, 100.0);
  et_start (engine, from, ET_BLOCK);
  heard = g_new0 (float, (gsize) n * 2 + ET_BLOCK * 2);
  for (guint b = 0; (gint64) b * ET_BLOCK < n; b++)
    {
      if (b == 10)
        lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
      if (b == 30)
        lq_engine_set_source (engine, LQ_PLAYBACK_MASTER);
      _lq_engine_wait_ready (engine, 3 * ET_BLOCK);
      lq_engine_process (engine, heard + (gsize) b * ET_BLOCK * 2, ET_BLOCK);
    }
  for (gint64 k = 0; k < n * 2; k++)
    worst = MAX (worst, fabs ((double) heard[k] - stage[k]));
  g_assert_cmpfloat (worst, <, 1e-6);
  et_spec_clear (&spec);
}

static double
rms (const float *x, gint64 a, gint64 b)
{
  double s = 0.0;

  for (gint64 k = 2 * a; k < 2 * b; k++)
    s += (double) x[k] * x[k];
  return sqrt (s / (double) (2 * (b - a)));
}

static void
test_chain_change (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autoptr (LqEngine) louder_engine = NULL;
  g_autofree float *steady = NULL;
  g_autofree float *louder = NULL;
  g_autofree float *heard = NULL;
  LqChainSettings settings;
  gint64 n = 2 * ET_RATE, from = ET_RATE / 2, first = -1;
  guint at = 50;   /* the block the change is published before */
  double limit;

  et_spec_init (&spec, f->track, TRUE);
  spec.chain.limiter_enabled = FALSE;
  spec.chain.match_gain_db = -6.0;
  engine = load (f, &spec);
  et_start (engine, from, ET_BLOCK);
  steady = et_play (engine, n, ET_BLOCK);
  spec.chain.match_gain_db = 0.0;
  louder_engine = load (f, &spec);
  et_start (louder_engine, from, ET_BLOCK);
  louder = et_play (louder_engine, n, ET_BLOCK);
  limit = STEP_FACTOR * MAX (et_max_step (steady, 0, n), et_max_step (louder, 0, n));

  et_start (engine, from, ET_BLOCK);
  heard = g_new0 (float, (gsize) n * 2 + ET_BLOCK * 2);
  settings = spec.chain;
  for (guint b = 0; (gint64) b * ET_BLOCK < n; b++)
    {
      if (b == at)
        lq_engine_set_chain_settings (engine, &settings);
      _lq_engine_wait_ready (engine, 3 * ET_BLOCK);
      lq_engine_process (engine, heard + (gsize) b * ET_BLOCK * 2, ET_BLOCK);
    }
  for (gint64 k = 0; k < n * 2 && first < 0; k++)
    if (heard[k] != steady[k])
      first = k / 2;
  g_assert_cmpint (first, >=, (gint64) at * ET_BLOCK);
  g_assert_cmpint (first - (gint64) at * ET_BLOCK, <, ET_RATE / 4);
  /* Fully there within 250 ms, too: 6 dB louder. */
  {
    gint64 a = (gint64) at * ET_BLOCK + ET_RATE / 4;
    double ratio = rms (heard, a, a + ET_RATE / 2) / rms (steady, a, a + ET_RATE / 2);

    g_assert_cmpfloat (fabs (20.0 * log10 (ratio) - 6.0), <, 0.5);
  }
  g_assert_cmpfloat (et_max_step (heard, 0, n), <=, limit);
  et_spec_clear (&spec);
}

static void
test_underrun (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *stage = NULL;
  g_autofree float *buf = g_new (float, ET_BLOCK * 2);
  GArray *heard = g_array_new (FALSE, FALSE, sizeof (float));
  gint64 from = ET_RATE / 2, total = 3 * ET_RATE;
  guint silent = 0;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, from, total);
  engine = load (f, &spec);
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  et_start (engine, from, ET_BLOCK);
  _lq_engine_set_reader_stalled (engine, TRUE);
  /* The ring runs dry: silence, counted; the position waits. */
  for (guint b = 0; b < 400; b++)
    {
      gint64 before = lq_engine_get_position (engine);
      gboolean zero = TRUE;

      lq_engine_process (engine, buf, ET_BLOCK);
      for (guint k = 0; k < ET_BLOCK * 2; k++)
        zero = zero && buf[k] == 0.0f;
      if (zero)
        {
          silent++;
          g_assert_cmpint (lq_engine_get_position (engine), ==, before);
        }
      else
        {
          gint64 got = lq_engine_get_position (engine) - before;

          g_assert_cmpuint (silent, ==, 0);   /* no audio after the ring ran dry */
          /* A block the ring ran dry in: its audio, then silence. */
          for (guint k = (guint) got * 2; k < ET_BLOCK * 2; k++)
            g_assert_cmpfloat (buf[k], ==, 0.0f);
          g_array_append_vals (heard, buf, (guint) got * 2);
        }
    }
  g_assert_cmpuint (silent, >, 100);
  g_assert_cmpuint (lq_engine_get_underruns (engine), >, 0);
  /* The reader catches up: what follows is the next frame, not a repeat. */
  _lq_engine_set_reader_stalled (engine, FALSE);
  while ((gint64) heard->len < total * 2)
    {
      _lq_engine_wait_ready (engine, 3 * ET_BLOCK);
      lq_engine_process (engine, buf, ET_BLOCK);
      g_array_append_vals (heard, buf, ET_BLOCK * 2);
    }
  for (gint64 k = 0; k < total * 2; k++)
    g_assert_cmpfloat (g_array_index (heard, float, k), ==, stage[k]);
  g_array_unref (heard);
  et_spec_clear (&spec);
}

static void
test_monitor (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *stage = NULL;
  g_autofree float *a = NULL;
  g_autofree float *b = NULL;
  gint64 from = ET_RATE / 2, n = 20 * ET_BLOCK;
  double limit;
  LqLiveMeterSnapshot snap;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, from, 2 * n);
  limit = STEP_FACTOR * et_max_step (stage, 0, 2 * n);
  engine = load (f, &spec);
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  et_start (engine, from, ET_BLOCK);
  a = et_play (engine, n, ET_BLOCK);
  lq_engine_set_monitor (engine, LQ_MONITOR_SWAP | LQ_MONITOR_POLARITY | LQ_MONITOR_DIM);
  b = et_play (engine, n, ET_BLOCK);
  /* Click-free on the way, then exact: swapped, inverted, 20 dB down. */
  g_assert_cmpfloat (et_max_step (b, 0, n), <=, limit);
  for (gint64 k = n / 2; k < n; k++)
    {
      g_assert_cmpfloat (fabs (b[2 * k] + 0.1 * stage[2 * (n + k) + 1]), <, 1e-6);
      g_assert_cmpfloat (fabs (b[2 * k + 1] + 0.1 * stage[2 * (n + k)]), <, 1e-6);
    }
  /* Mono fold-down, and side solo of a mono fold-down is silence. */
  lq_engine_set_monitor (engine, LQ_MONITOR_MONO);
  g_free (b);
  b = et_play (engine, n, ET_BLOCK);
  for (gint64 k = n / 2; k < n; k++)
    g_assert_cmpfloat (b[2 * k], ==, b[2 * k + 1]);
  lq_engine_read_meter (engine, &snap);
  g_assert_cmpuint (snap.frames, >, 0);
  g_assert_cmpfloat (snap.correlation, >, 0.999);   /* the meter sees what is heard */
  et_spec_clear (&spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, EtFixture, NULL, et_fixture_setup, fn, et_fixture_teardown)
  ADD ("/engine/master/start", test_master_start);
  ADD ("/engine/master/seek", test_master_seek);
  ADD ("/engine/mix/aligned", test_mix_aligned);
  ADD ("/engine/switch/no-click", test_switch_no_click);
  ADD ("/engine/switch/equal-gain", test_switch_equal_gain);
  ADD ("/engine/chain/change", test_chain_change);
  ADD ("/engine/underrun", test_underrun);
  ADD ("/engine/monitor", test_monitor);
  return g_test_run ();
}

/* test-engine-match.c: level matching per track and the reference in a
 * loop, headless (lq_engine_process() called as the callback will).
 *
 * - An album of two tracks at different loudness, each with its own
 *   level-match gains: each track's mix is heard at its own gain (RMS per
 *   track within 0.05 dB), with no step at the boundary larger than the
 *   signal's own.
 * - The reference heard with a loop set: after each wrap, the reference at
 *   the loop start again (exactly, apart from the wrap's crossfade). */
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-test-audio.h"

/* See test-engine.c: a click is a step the sources never make. */
#define STEP_FACTOR 1.5
/* Frames left out at each end of a region: the gain ramp. */
#define EDGE ((gint64) (2 * LQ_PLAYBACK_GAIN_RAMP_MS * 1e-3 * ET_RATE))

static double
rms_db (const float *x, gint64 a, gint64 b)
{
  double sum = 0.0;

  for (gint64 k = 2 * a; k < 2 * b; k++)
    sum += (double) x[k] * x[k];
  return 10.0 * log10 (sum / (2.0 * (double) (b - a)));
}

static void
test_track_gains (EtFixture *f, gconstpointer data)
{
  LqRenderSpec specs[2];
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *stage0 = NULL;
  g_autofree float *stage1 = NULL;
  g_autofree float *heard = NULL;
  g_autofree float *expected = NULL;
  /* Track 1 is 10 dB quieter than its source (the spec's own gain is off:
   * the source stage); each track's match gains bring them apart again. */
  const double db[2] = { -4.0, 3.0 };
  gint64 len0, len1, n, b;

  et_spec_init (&specs[0], f->track, FALSE);
  specs[0].trim_out_s = 2.0;
  et_spec_init (&specs[1], f->reference, FALSE);
  specs[1].trim_in_s = 0.5;
  specs[1].trim_out_s = 1.5;
  specs[0].track_number = 1;
  specs[1].track_number = 2;
  g_assert_true (lq_engine_load_specs (engine, LQ_ENGINE_MODE_ALBUM, specs, 2, 0.0, &error));
  g_assert_no_error (error);
  b = lq_engine_get_track_start (engine, 1);
  len0 = b;
  len1 = lq_engine_get_length (engine) - b;
  n = len0 + len1;
  stage0 = et_stage (&specs[0], 0, len0);
  stage1 = et_stage (&specs[1], 0, len1);

  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  lq_engine_set_track_match_gains (engine, 0, db[0], 0.0, 0.0);
  lq_engine_set_track_match_gains (engine, 1, db[1], 0.0, 0.0);
  et_start (engine, 0, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);

  /* Each track's region at its own gain. */
  g_assert_cmpfloat (fabs (rms_db (heard, EDGE, len0 - EDGE)
                           - rms_db (stage0, EDGE, len0 - EDGE) - db[0]), <, 0.05);
  g_assert_cmpfloat (fabs (rms_db (heard, b + EDGE, n - EDGE)
                           - rms_db (stage1, EDGE, len1 - EDGE) - db[1]), <, 0.05);
  /* Away from the ramp: exactly the gain. */
  for (gint64 k = 2 * EDGE; k < 2 * (len0 - EDGE); k++)
    g_assert_cmpfloat (fabs (heard[k] - stage0[k] * pow (10.0, db[0] / 20.0)), <, 1e-5);

  /* No step at the boundary beyond the gained signals' own (the plain
   * concatenation of the two, each at its gain, has one there too). */
  expected = g_new (float, (gsize) n * 2);
  for (gint64 k = 0; k < 2 * len0; k++)
    expected[k] = stage0[k] * (float) pow (10.0, db[0] / 20.0);
  for (gint64 k = 0; k < 2 * len1; k++)
    expected[2 * len0 + k] = stage1[k] * (float) pow (10.0, db[1] / 20.0);
  g_assert_cmpfloat (et_max_step (heard, b - 2 * EDGE, b + 2 * EDGE), <=,
                     STEP_FACTOR * et_max_step (expected, b - 4 * EDGE, b + 4 * EDGE));
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);

  /* A load starts every track at 0 dB again. */
  g_assert_true (lq_engine_load_specs (engine, LQ_ENGINE_MODE_ALBUM, specs, 2, 0.0, &error));
  g_assert_no_error (error);
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  et_start (engine, b, ET_BLOCK);
  g_clear_pointer (&heard, g_free);
  heard = et_play (engine, ET_BLOCK * 8, ET_BLOCK);
  for (gint64 k = 0; k < 2 * ET_BLOCK * 8; k++)
    g_assert_cmpfloat (heard[k], ==, stage1[k]);
  et_spec_clear (&specs[0]);
  et_spec_clear (&specs[1]);
}

static void
assert_identical (const float *a, const float *b, gint64 frames, const char *what)
{
  for (gint64 k = 0; k < frames * 2; k++)
    if (a[k] != b[k])
      g_error ("%s: sample %" G_GINT64_FORMAT " (frame %" G_GINT64_FORMAT "): %.9g != %.9g",
               what, k, k / 2, a[k], b[k]);
}

static void
test_reference_loop (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec, ref_spec;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *ref = NULL;
  g_autofree float *heard = NULL;
  gint64 a = 108 * ET_RATE / 100, b = 134 * ET_RATE / 100, l = b - a;
  gint64 x = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * ET_RATE);
  gint64 n = 4 * l;

  et_spec_init (&spec, f->track, FALSE);
  et_spec_init (&ref_spec, f->reference, FALSE);
  ref = et_stage (&ref_spec, 0, f->frames);
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_no_error (error);
  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  g_assert_no_error (error);
  lq_engine_set_source (engine, LQ_PLAYBACK_REFERENCE);
  lq_engine_set_loop (engine, a, b);
  et_start (engine, a, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  /* Each pass: the reference from the loop start up to the crossfade
   * (before the change the reference ran on past the loop's end). */
  for (int pass = 0; pass < 4; pass++)
    assert_identical (heard + pass * l * 2, ref + a * 2, l - x, "a pass of the reference");
  /* The wrap is crossfaded: no step beyond the reference's own. */
  g_assert_cmpfloat (et_max_step (heard, 0, n), <=, STEP_FACTOR * et_max_step (ref, a - x, b));
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);

  /* A seek while looping: still in step after it. */
  et_start (engine, a + l / 2, ET_BLOCK);
  g_clear_pointer (&heard, g_free);
  heard = et_play (engine, 2 * l, ET_BLOCK);
  assert_identical (heard, ref + (a + l / 2) * 2, l / 2 - x, "after the seek");
  assert_identical (heard + (l - l / 2) * 2, ref + a * 2, l - x, "the pass after the seek");
  et_spec_clear (&spec);
  et_spec_clear (&ref_spec);
}

/* The reference from its cue point: its frame (cue + t) is heard with
 * timeline frame t, also after a seek and through a loop's wraps. */
static void
test_reference_offset (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec, ref_spec;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *ref = NULL;
  g_autofree float *heard = NULL;
  gint64 cue = 37 * ET_RATE / 100, from = ET_RATE / 4, n = ET_RATE / 2;
  gint64 a = ET_RATE / 2, b = ET_RATE, x = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * ET_RATE);

  et_spec_init (&spec, f->track, FALSE);
  et_spec_init (&ref_spec, f->reference, FALSE);
  ref = et_stage (&ref_spec, 0, f->frames);
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_no_error (error);
  g_assert_true (lq_engine_set_reference (engine, f->reference, &error));
  g_assert_no_error (error);
  lq_engine_set_reference_offset (engine, (double) cue / ET_RATE);
  lq_engine_set_source (engine, LQ_PLAYBACK_REFERENCE);
  et_start (engine, from, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  assert_identical (heard, ref + (from + cue) * 2, n, "the reference from its cue");

  /* Through a loop's wrap: back at the loop start's frame of the reference. */
  lq_engine_set_loop (engine, a, b);
  et_start (engine, a, ET_BLOCK);
  g_clear_pointer (&heard, g_free);
  heard = et_play (engine, 2 * (b - a), ET_BLOCK);
  assert_identical (heard, ref + (a + cue) * 2, b - a - x, "the first pass");
  assert_identical (heard + (b - a) * 2, ref + (a + cue) * 2, b - a - x, "the pass after the wrap");

  /* Back to 0: the same position as the track. */
  lq_engine_clear_loop (engine);
  lq_engine_set_reference_offset (engine, 0);
  et_start (engine, from, ET_BLOCK);
  g_clear_pointer (&heard, g_free);
  heard = et_play (engine, n, ET_BLOCK);
  assert_identical (heard, ref + from * 2, n, "the reference at the track's position");
  et_spec_clear (&spec);
  et_spec_clear (&ref_spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine-match/track-gains", EtFixture, NULL, et_fixture_setup,
              test_track_gains, et_fixture_teardown);
  g_test_add ("/engine-match/reference-loop", EtFixture, NULL, et_fixture_setup,
              test_reference_loop, et_fixture_teardown);
  g_test_add ("/engine-match/reference-offset", EtFixture, NULL, et_fixture_setup,
              test_reference_offset, et_fixture_teardown);
  return g_test_run ();
}

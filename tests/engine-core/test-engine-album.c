/* test-engine-album.c: album playback, transitions and loops in the
 * engine, headless (lq_engine_process() called as the callback will).
 *
 * - The album played through is the concatenation of each track's gap (as
 *   silence) and its export (lq_render_track(), 32-bit float, no dither),
 *   bit for bit across the boundaries, with different chain settings per
 *   track (the match EQ on in one, the limiter in two) and fades.
 * - The position, the track heard and the timeline map follow.
 * - A track whose source is missing is skipped with a message.
 * - Transitions: exactly the last N s of a track (its export from there),
 *   the next one's gap and first N s, and the pause, for each pair.
 * - A loop wraps: after the wrap the loop start exactly, with no step
 *   larger than the signal's own; moved while playing (inside: at the next
 *   wrap; outside: a seek). */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"

#define N_TRACKS 3
/* See test-engine.c: a click is a step the sources never make. */
#define STEP_FACTOR 1.5

static void
match_eq_on (LqChainSettings *s)
{
  static const double centres[] = { 60, 120, 250, 500, 1000, 2000, 4000, 8000, 16000 };

  s->match_eq_enabled = true;
  s->match_n_bands = G_N_ELEMENTS (centres);
  for (guint b = 0; b < s->match_n_bands; b++)
    {
      s->match_centres[b] = centres[b];
      s->match_mid_db[b] = sin (b) * 4.0;
      s->match_side_db[b] = cos (b) * 3.0;
    }
  s->match_strength = 1.0;
  s->match_cap_db = 6.0;
  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -0.5;
}

/* Three 3 s tracks of the two fixture recordings: the chain on (limiter
 * included) with a 0.4 s gap; the match EQ and the limiter with a 1 s gap
 * and fades; a neutral chain with no gap. With @fades FALSE, none. */
static void
album_specs (EtFixture *f, LqRenderSpec *specs, gboolean fades)
{
  et_spec_init (&specs[0], f->track, TRUE);
  specs[0].trim_out_s = 3.0;
  specs[0].gap_s = 0.4;
  et_spec_init (&specs[1], f->reference, FALSE);
  match_eq_on (&specs[1].chain);
  specs[1].trim_in_s = 1.0;
  specs[1].trim_out_s = 2.0;
  specs[1].gap_s = 1.0;
  if (fades)
    {
      specs[1].fade_in_s = 0.3;
      specs[1].fade_out_s = 0.5;
      specs[1].fade_out_shape = LQ_FADE_SCURVE;
    }
  et_spec_init (&specs[2], f->track, FALSE);
  specs[2].trim_in_s = 2.0;
  specs[2].trim_out_s = 1.0;
  for (int i = 0; i < N_TRACKS; i++)
    specs[i].track_number = i + 1;
}

static gint64
gap_frames (const LqRenderSpec *spec)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LqSourceStage) stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_GAP, &error);

  g_assert_no_error (error);
  return lq_source_stage_get_gap (stage);
}

/* Appends @n frames of silence, or of @x, to @out. */
static void
append (GArray *out, const float *x, gint64 n)
{
  gsize at = out->len;

  g_array_set_size (out, out->len + (gsize) n * 2);
  if (x != NULL)
    memcpy (&g_array_index (out, float, at), x, (gsize) n * 2 * sizeof (float));
  else
    memset (&g_array_index (out, float, at), 0, (gsize) n * 2 * sizeof (float));
}

static void
assert_identical (const float *a, const float *b, gint64 frames, const char *what)
{
  for (gint64 k = 0; k < frames * 2; k++)
    if (a[k] != b[k])
      g_error ("%s: sample %" G_GINT64_FORMAT " (frame %" G_GINT64_FORMAT "): %.9g != %.9g",
               what, k, k / 2, a[k], b[k]);
}

static LqEngine *
load_album (const LqRenderSpec *specs, guint n, LqEngineMode mode, double seconds)
{
  g_autoptr (GError) error = NULL;
  LqEngine *engine = lq_engine_new ();

  g_assert_true (lq_engine_load_specs (engine, mode, specs, n, seconds, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lq_engine_get_mode (engine), ==, mode);
  return engine;
}

static void
test_album_is_exports (EtFixture *f, gconstpointer data)
{
  LqRenderSpec specs[N_TRACKS];
  g_autoptr (GArray) expected = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *heard = NULL;
  gint64 starts[N_TRACKS + 1], audio[N_TRACKS], length;
  /* Played in pieces of whole blocks, to look at the position on the way. */
  const guint block = 441;
  gint64 done = 0;
  guint index;
  gint64 in_track;

  album_specs (f, specs, TRUE);
  starts[0] = 0;
  for (int i = 0; i < N_TRACKS; i++)
    {
      gint64 frames, gap = gap_frames (&specs[i]);
      g_autofree float *rendered = et_render (&specs[i], f->dir, &frames);

      append (expected, NULL, gap);
      append (expected, rendered, frames);
      audio[i] = starts[i] + gap;
      starts[i + 1] = starts[i] + gap + frames;
    }
  length = starts[N_TRACKS];
  g_assert_cmpint (gap_frames (&specs[1]), ==, ET_RATE);

  engine = load_album (specs, N_TRACKS, LQ_ENGINE_MODE_ALBUM, 0);
  g_assert_cmpint (lq_engine_get_length (engine), ==, length);
  g_assert_cmpuint (lq_engine_get_n_tracks (engine), ==, N_TRACKS);
  g_assert_cmpuint (lq_engine_get_skipped (engine)->len, ==, 0);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_assert_cmpint (lq_engine_get_track_start (engine, i), ==, starts[i]);
      g_assert_cmpuint (lq_engine_get_track_number (engine, i), ==, i + 1);
    }
  g_assert_true (lq_engine_map_frame (engine, audio[1] + 5, &index, &in_track));
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpint (in_track, ==, ET_RATE + 5);
  g_assert_false (lq_engine_map_frame (engine, length, &index, &in_track));

  et_start (engine, 0, block);
  heard = g_new0 (float, (gsize) (length + block) * 2);
  while (done < length)
    {
      g_autofree float *part = et_play (engine, block, block);
      gint64 pos = lq_engine_get_position (engine);
      gint track = lq_engine_get_track (engine);

      memcpy (heard + done * 2, part, (gsize) block * 2 * sizeof (float));
      done += block;
      g_assert_cmpint (pos, ==, MIN (done, length));
      /* The track heard is the one the next frame belongs to. */
      if (pos < length)
        g_assert_cmpint (track, ==, pos >= starts[2] ? 2 : pos >= starts[1] ? 1 : 0);
    }
  assert_identical (heard, (const float *) expected->data, length, "album");
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  g_assert_false (lq_engine_get_playing (engine));
  g_assert_cmpint (lq_engine_get_position (engine), ==, length);
  for (int i = 0; i < N_TRACKS; i++)
    et_spec_clear (&specs[i]);
}

/* A seek into the middle track, then on across the next boundary: the
 * second track as from a seek point (its export from there), then the
 * third exactly. */
static void
test_album_seek (EtFixture *f, gconstpointer data)
{
  LqRenderSpec specs[N_TRACKS], from_seek;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *r1 = NULL;
  g_autofree float *r2 = NULL;
  g_autofree float *heard = NULL;
  gint64 f1, f2, seek, gap2;

  album_specs (f, specs, FALSE);
  from_seek = specs[1];
  from_seek.trim_in_s += 1.0;
  r1 = et_render (&from_seek, f->dir, &f1);
  r2 = et_render (&specs[2], f->dir, &f2);
  gap2 = gap_frames (&specs[2]);
  g_assert_cmpint (gap2, ==, 0);

  engine = load_album (specs, N_TRACKS, LQ_ENGINE_MODE_ALBUM, 0);
  seek = lq_engine_get_track_start (engine, 1) + gap_frames (&specs[1]) + ET_RATE;
  et_start (engine, seek, ET_BLOCK);
  heard = et_play (engine, f1 + f2, ET_BLOCK);
  assert_identical (heard, r1, f1, "track 2 from a seek point");
  assert_identical (heard + f1 * 2, r2, f2, "track 3 after it");
  for (int i = 0; i < N_TRACKS; i++)
    et_spec_clear (&specs[i]);
}

static void
test_album_missing (EtFixture *f, gconstpointer data)
{
  LqRenderSpec specs[N_TRACKS];
  g_autoptr (LqEngine) engine = NULL;
  g_autofree char *gone = g_build_filename (f->dir, "gone.wav", NULL);
  g_autofree float *r0 = NULL;
  g_autofree float *r2 = NULL;
  g_autofree float *heard = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *skipped;
  gint64 f0, f2, gap0;

  album_specs (f, specs, FALSE);
  r0 = et_render (&specs[0], f->dir, &f0);
  r2 = et_render (&specs[2], f->dir, &f2);
  gap0 = gap_frames (&specs[0]);
  g_free (specs[1].source);
  specs[1].source = g_strdup (gone);

  engine = load_album (specs, N_TRACKS, LQ_ENGINE_MODE_ALBUM, 0);
  skipped = lq_engine_get_skipped (engine);
  g_assert_cmpuint (skipped->len, ==, 1);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (skipped, 0))->message, "gone.wav"));
  g_assert_cmpuint (lq_engine_get_n_tracks (engine), ==, 2);
  g_assert_cmpuint (lq_engine_get_track_number (engine, 1), ==, 3);
  g_assert_cmpint (lq_engine_get_length (engine), ==, gap0 + f0 + f2);
  et_start (engine, 0, ET_BLOCK);
  heard = et_play (engine, gap0 + f0 + f2, ET_BLOCK);
  for (gint64 k = 0; k < gap0 * 2; k++)
    g_assert_cmpfloat (heard[k], ==, 0.0f);
  assert_identical (heard + gap0 * 2, r0, f0, "track 1");
  assert_identical (heard + (gap0 + f0) * 2, r2, f2, "track 3");

  /* None left: an error naming the file. */
  {
    g_autoptr (LqEngine) none = lq_engine_new ();

    g_assert_false (lq_engine_load_specs (none, LQ_ENGINE_MODE_ALBUM, &specs[1], 1, 0, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "gone.wav"));
  }
  for (int i = 0; i < N_TRACKS; i++)
    et_spec_clear (&specs[i]);
}

static void
test_transitions (EtFixture *f, gconstpointer data)
{
  LqRenderSpec specs[N_TRACKS];
  g_autoptr (GArray) expected = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *heard = NULL;
  const double seconds = 1.0;
  gint64 n = (gint64) (seconds * ET_RATE), pause = (gint64) (LQ_ENGINE_TRANSITION_PAUSE_S * ET_RATE);
  gint64 length, done = 0;
  gint64 starts[2 * (N_TRACKS - 1)];

  album_specs (f, specs, FALSE);
  for (int i = 0; i + 1 < N_TRACKS; i++)
    {
      LqRenderSpec tail = specs[i];
      gint64 frames, fb;
      g_autofree float *a = NULL;
      g_autofree float *b = NULL;

      /* The last second: the export of the track from there (3 s long). */
      tail.trim_in_s += 2.0;
      a = et_render (&tail, f->dir, &frames);
      g_assert_cmpint (frames, ==, n);
      b = et_render (&specs[i + 1], f->dir, &fb);
      starts[2 * i] = expected->len / 2;
      append (expected, a, n);
      starts[2 * i + 1] = expected->len / 2;
      append (expected, NULL, gap_frames (&specs[i + 1]));
      append (expected, b, n);
      if (i + 2 < N_TRACKS)
        append (expected, NULL, pause);
    }
  length = expected->len / 2;

  engine = load_album (specs, N_TRACKS, LQ_ENGINE_MODE_TRANSITIONS, seconds);
  g_assert_cmpint (lq_engine_get_length (engine), ==, length);
  et_start (engine, 0, ET_BLOCK);
  g_assert_cmpint (lq_engine_get_transition (engine), ==, 0);
  heard = g_new0 (float, (gsize) (length + ET_BLOCK) * 2);
  while (done < length)
    {
      g_autofree float *part = et_play (engine, ET_BLOCK, ET_BLOCK);
      gint64 pos = lq_engine_get_position (engine);

      memcpy (heard + done * 2, part, ET_BLOCK * 2 * sizeof (float));
      done += ET_BLOCK;
      if (pos < length)
        {
          g_assert_cmpint (lq_engine_get_transition (engine), ==, pos >= starts[2] ? 1 : 0);
          /* Track 2 (index 1) ends the first transition and starts the second. */
          if (pos >= starts[1] && pos < starts[3] && (pos < starts[2] - pause || pos >= starts[2]))
            g_assert_cmpint (lq_engine_get_track (engine), ==, 1);
        }
    }
  assert_identical (heard, (const float *) expected->data, length, "transitions");
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  for (int i = 0; i < N_TRACKS; i++)
    et_spec_clear (&specs[i]);
}

/* The heard block that ends at position @pos is the stage's frames just
 * before it: the position tells the truth. */
static void
assert_block_at (const float *stage, const float *block, gint64 pos, guint n)
{
  g_assert_cmpint (pos, >=, n);
  assert_identical (block, stage + (pos - n) * 2, n, "the block before the position");
}

static void
test_loop (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *stage = NULL;
  g_autofree float *heard = NULL;
  /* Not at the fixture's bursts (every 0.5 s): a wrap without its
   * crossfade would step far beyond the signal's own steps. */
  gint64 a = 108 * ET_RATE / 100, b = 134 * ET_RATE / 100, l = b - a;
  gint64 x = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * ET_RATE);
  gint64 n = 3 * l + 1000;
  gint64 s, e;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, 0, f->frames);
  engine = lq_engine_new ();
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (lq_engine_load_spec (engine, &spec, &error));
    g_assert_no_error (error);
  }
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  lq_engine_set_loop (engine, a, b);
  g_assert_true (lq_engine_get_loop (engine, &s, &e));
  g_assert_cmpint (s, ==, a);
  g_assert_cmpint (e, ==, b);
  /* Heard outside the loop (at 0): it went to the loop's start. */
  et_start (engine, a, ET_BLOCK);
  heard = et_play (engine, n, ET_BLOCK);
  n = n / ET_BLOCK * ET_BLOCK + (n % ET_BLOCK ? ET_BLOCK : 0);
  g_assert_cmpint (lq_engine_get_position (engine), ==, a + n % l);
  /* Each pass: the loop exactly up to its crossfade; after each wrap, the
   * loop start exactly. */
  for (int pass = 0; pass < 3; pass++)
    assert_identical (heard + pass * l * 2, stage + a * 2, l - x, "a pass of the loop");
  /* The signal's own steps over the loop (the whole track has bigger ones:
   * its bursts' onsets); a plain wrap here steps 20 times as far. */
  g_assert_cmpfloat (et_max_step (heard, 0, n), <=, STEP_FACTOR * et_max_step (stage, a, b));
  /* The crossfade is there: the frames before the wrap are not the plain end. */
  g_assert_true (memcmp (heard + (l - x) * 2, stage + (b - x) * 2, x * 2 * sizeof (float)) != 0);
  et_spec_clear (&spec);
}

/* The master through a loop: the chain runs on through the wraps, and they
 * make no step larger than the master's own. */
static void
test_loop_master (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *plain = NULL;
  g_autofree float *looped = NULL;
  gint64 a = 108 * ET_RATE / 100, b = 134 * ET_RATE / 100, n = 3 * (b - a);

  et_spec_init (&spec, f->track, TRUE);
  g_assert_true (lq_engine_load_spec (engine, &spec, &error));
  g_assert_no_error (error);
  et_start (engine, 0, ET_BLOCK);
  plain = et_play (engine, 3 * ET_RATE, ET_BLOCK);
  lq_engine_set_loop (engine, a, b);
  et_start (engine, a, ET_BLOCK);
  looped = et_play (engine, n, ET_BLOCK);
  g_assert_cmpint (lq_engine_get_position (engine), >=, a);
  g_assert_cmpint (lq_engine_get_position (engine), <, b);
  /* From just before the first wrap (the chain started afresh at the
   * seek to @a, its compressor not yet engaged: louder at first). */
  g_assert_cmpfloat (et_max_step (looped, (b - a) / 2, n), <=,
                     STEP_FACTOR * et_max_step (plain, a, b));
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);
  et_spec_clear (&spec);
}

/* Moved while playing: inside the new region it wraps at the new end soon
 * (within the reader's lead while looping and one pass); outside, a seek. */
static void
test_loop_moved (EtFixture *f, gconstpointer data)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = NULL;
  g_autofree float *stage = NULL;
  g_autoptr (GArray) heard = g_array_new (FALSE, FALSE, sizeof (float));
  gint64 a = ET_RATE, b = 2 * ET_RATE, a2 = ET_RATE / 2, b2 = ET_RATE + ET_RATE / 4;
  gint64 pos = 0, lo = G_MAXINT64, hi = 0;
  gint64 x = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * ET_RATE);
  guint checked = 0;
  double limit;

  et_spec_init (&spec, f->track, FALSE);
  stage = et_stage (&spec, 0, f->frames);
  limit = STEP_FACTOR * et_max_step (stage, 0, f->frames);
  engine = lq_engine_new ();
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (lq_engine_load_spec (engine, &spec, &error));
    g_assert_no_error (error);
  }
  lq_engine_set_source (engine, LQ_PLAYBACK_MIX);
  lq_engine_set_loop (engine, a, b);
  et_start (engine, a, ET_BLOCK);
  for (int i = 0; i < 10; i++)
    {
      g_autofree float *part = et_play (engine, ET_BLOCK, ET_BLOCK);

      append (heard, part, ET_BLOCK);
    }
  pos = lq_engine_get_position (engine);
  g_assert_cmpint (pos, >, a);
  g_assert_cmpint (pos, <, b2);
  /* Inside the new region: no seek, played on. */
  lq_engine_set_loop (engine, a2, b2);
  g_assert_false (lq_engine_get_prerolling (engine));
  for (int i = 0; i < 400; i++)
    {
      g_autofree float *part = et_play (engine, ET_BLOCK, ET_BLOCK);

      append (heard, part, ET_BLOCK);
      pos = lq_engine_get_position (engine);
      /* Once what was decoded ahead is heard (LQ_ENGINE_LOOP_AHEAD_S and
       * the latency), every block away from a wrap is what the position
       * says. */
      if (i >= 100 && pos - a2 >= ET_BLOCK && pos <= b2 - x)
        {
          assert_block_at (stage, part, pos, ET_BLOCK);
          checked++;
        }
      if (i >= 200)
        {
          lo = MIN (lo, pos);
          hi = MAX (hi, pos);
        }
    }
  g_assert_cmpfloat (et_max_step ((const float *) heard->data, 0, heard->len / 2), <=, limit);
  /* Later on, the heard position stays in the new loop and wraps there. */
  g_assert_cmpuint (checked, >, 200);
  g_assert_cmpint (lo, >=, a2);
  g_assert_cmpint (hi, <=, b2);
  g_assert_cmpint (lo, <, a2 + ET_RATE / 10);
  g_assert_cmpint (hi, >, b2 - ET_RATE / 10);
  g_assert_cmpuint (lq_engine_get_underruns (engine), ==, 0);

  /* Outside: a seek to the new start. */
  lq_engine_set_loop (engine, 3 * ET_RATE, 4 * ET_RATE);
  g_assert_true (lq_engine_get_prerolling (engine));
  et_start (engine, 3 * ET_RATE, ET_BLOCK);
  {
    g_autofree float *part = et_play (engine, ET_BLOCK, ET_BLOCK);

    assert_identical (part, stage + 3 * ET_RATE * 2, ET_BLOCK, "after the seek");
  }
  lq_engine_clear_loop (engine);
  g_assert_false (lq_engine_get_loop (engine, NULL, NULL));
  et_spec_clear (&spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine-album/album-is-exports", EtFixture, NULL, et_fixture_setup,
              test_album_is_exports, et_fixture_teardown);
  g_test_add ("/engine-album/album-seek", EtFixture, NULL, et_fixture_setup,
              test_album_seek, et_fixture_teardown);
  g_test_add ("/engine-album/missing-skipped", EtFixture, NULL, et_fixture_setup,
              test_album_missing, et_fixture_teardown);
  g_test_add ("/engine-album/transitions", EtFixture, NULL, et_fixture_setup,
              test_transitions, et_fixture_teardown);
  g_test_add ("/engine-album/loop", EtFixture, NULL, et_fixture_setup,
              test_loop, et_fixture_teardown);
  g_test_add ("/engine-album/loop-master", EtFixture, NULL, et_fixture_setup,
              test_loop_master, et_fixture_teardown);
  g_test_add ("/engine-album/loop-moved", EtFixture, NULL, et_fixture_setup,
              test_loop_moved, et_fixture_teardown);
  return g_test_run ();
}

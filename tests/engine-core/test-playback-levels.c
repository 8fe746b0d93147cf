/* test-playback-levels.c: the level-match gains playback applies for what
 * the engine has loaded (lq-playback-levels.h), the "loop" mode measuring
 * the engine's loop.
 *
 * A track whose first 4 s are a 1 kHz sine at -30 dBFS and its last 4 s
 * at -10 dBFS, and a reference of 8 s at -20 dBFS in the project's list.
 * Matched to the master, the reference's gain in LOOP mode is the master's
 * loudness over the loop minus the reference's over the same part: a loop
 * in the loud half asks 20 dB more of the reference than one in the quiet
 * half, and the track's trim moves the loop onto the analysis's timeline.
 * Without a loop, LOOP measures the whole track (as INTEGRATED gates it).
 * An album: the loop's track is measured over the loop, the others whole. */
#include <math.h>

#include "lq-engine.h"
#include "lq-playback-levels.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 48000

typedef struct
{
  char *dir;
  LqProject *project;
  LqTrackAnalysis *reference;
} Fixture;

static double
two_halves (guint64 i, guint c, guint rate, gpointer data)
{
  double db = i < 4 * (guint64) rate ? -30.0 : -10.0;

  return pow (10, db / 20) * sin (2 * G_PI * 1000.0 * (double) i / rate);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *track = NULL, *reference = NULL, *path = NULL;
  double ref_db = -20;
  const char *paths[3] = { NULL, NULL, NULL };
  const char *no_gap[] = { "gap=0", NULL };

  f->dir = lq_test_tmpdir ();
  track = g_build_filename (f->dir, "halves.wav", NULL);
  reference = g_build_filename (f->dir, "reference.wav", NULL);
  path = g_build_filename (f->dir, "p.lacquer", NULL);
  lq_test_write (track, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, 8 * RATE, two_halves, NULL, NULL);
  lq_test_write (reference, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, 8 * RATE, lq_test_sine_1k, &ref_db, NULL);
  f->project = lq_project_create (path, &error);
  g_assert_no_error (error);
  paths[0] = track;
  paths[1] = track;
  g_assert_true (lq_project_add_files (f->project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  for (guint t = 1; t <= 2; t++)
    g_assert_true (lq_project_set_track (f->project, t, no_gap, &error));
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_add_reference (f->project, reference, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  f->reference = lq_playback_levels_reference_analysis (f->project, reference);
  g_assert_nonnull (f->reference);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->reference);
  g_clear_object (&f->project);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

static double
reference_gain (Fixture *f, LqEngine *engine, LqTrack *track, LqLevelMatchMode mode)
{
  g_auto(LqPlaybackLevels) levels = { 0 };

  lq_playback_levels_compute_loaded (f->project, track, engine, f->reference, TRUE, &levels);
  return lq_playback_levels_gain (&levels, mode, LQ_PLAYBACK_REFERENCE);
}

static void
test_track_loop (Fixture *f, gconstpointer data)
{
  g_autoptr(LqEngine) engine = lq_engine_new ();
  g_autoptr(GError) error = NULL;
  LqTrack *track = lq_project_get_track (f->project, 1);
  double whole, quiet, loud, trimmed, integrated;

  g_assert_true (lq_engine_load_track (engine, f->project, track, &error));
  g_assert_no_error (error);

  /* No loop: LOOP is the whole track, gated as INTEGRATED gates it. */
  whole = reference_gain (f, engine, track, LQ_LEVEL_MATCH_LOOP);
  integrated = reference_gain (f, engine, track, LQ_LEVEL_MATCH_INTEGRATED);
  g_assert_cmpfloat (fabs (whole - integrated), <, 0.05);

  lq_engine_set_loop (engine, 1 * RATE, 3 * RATE);
  quiet = reference_gain (f, engine, track, LQ_LEVEL_MATCH_LOOP);
  lq_engine_set_loop (engine, 5 * RATE, 7 * RATE);
  loud = reference_gain (f, engine, track, LQ_LEVEL_MATCH_LOOP);
  /* Matched to the master, whose loudness over the loop moves with the
   * track's: the reference 20 dB up in the loud half. The master is the
   * mix shifted by one constant, so the difference is exact but for the
   * blocks' rounding. */
  g_test_message ("reference gain: whole %.2f dB, quiet loop %.2f dB, loud loop %.2f dB", whole, quiet, loud);
  g_assert_cmpfloat (fabs ((loud - quiet) - 20.0), <, 0.1);
  /* INTEGRATED does not look at the loop. */
  g_assert_cmpfloat (fabs (reference_gain (f, engine, track, LQ_LEVEL_MATCH_INTEGRATED) - integrated), <, 1e-9);

  /* Trimmed by 4 s, the engine's [1, 3) s is the source's [5, 7) s: loud. */
  {
    const char *trim[] = { "trim-in=4", NULL };

    g_assert_true (lq_project_set_track (f->project, 1, trim, &error));
    g_assert_no_error (error);
  }
  track = lq_project_get_track (f->project, 1);
  g_assert_true (lq_engine_load_track (engine, f->project, track, &error));
  lq_engine_set_loop (engine, 1 * RATE, 3 * RATE);
  trimmed = reference_gain (f, engine, track, LQ_LEVEL_MATCH_LOOP);
  g_assert_cmpfloat (fabs (trimmed - loud), <, 0.1);
}

static void
test_album_loop (Fixture *f, gconstpointer data)
{
  g_autoptr(LqEngine) engine = lq_engine_new ();
  g_autoptr(GError) error = NULL;
  g_auto(LqPlaybackLevels) quiet = { 0 };
  g_auto(LqPlaybackLevels) loud = { 0 };
  gint64 second;

  g_assert_true (lq_engine_load_album (engine, f->project, &error));
  g_assert_no_error (error);
  second = lq_engine_get_track_start (engine, 1);
  g_assert_cmpint (second, ==, 8 * RATE);

  /* A loop in track 2's quiet half, then in its loud half. */
  lq_engine_set_loop (engine, second + 1 * RATE, second + 3 * RATE);
  lq_playback_levels_compute_loaded (f->project, NULL, engine, f->reference, TRUE, &quiet);
  lq_engine_set_loop (engine, second + 5 * RATE, second + 7 * RATE);
  lq_playback_levels_compute_loaded (f->project, NULL, engine, f->reference, TRUE, &loud);
  g_assert_cmpuint (quiet.n_tracks, ==, 2);
  g_assert_cmpuint (loud.n_tracks, ==, 2);
  /* Track 2 measured over the loop: 20 dB apart. Track 1 measured whole
   * both times. */
  g_assert_cmpfloat (fabs ((loud.tracks[1][LQ_LEVEL_MATCH_LOOP][LQ_PLAYBACK_REFERENCE].gain_db
                           - quiet.tracks[1][LQ_LEVEL_MATCH_LOOP][LQ_PLAYBACK_REFERENCE].gain_db) - 20.0), <, 0.1);
  g_assert_cmpfloat (fabs (loud.tracks[0][LQ_LEVEL_MATCH_LOOP][LQ_PLAYBACK_REFERENCE].gain_db
                          - quiet.tracks[0][LQ_LEVEL_MATCH_LOOP][LQ_PLAYBACK_REFERENCE].gain_db), <, 1e-9);
  g_assert_cmpfloat (fabs (loud.tracks[0][LQ_LEVEL_MATCH_LOOP][LQ_PLAYBACK_REFERENCE].gain_db
                          - loud.tracks[0][LQ_LEVEL_MATCH_INTEGRATED][LQ_PLAYBACK_REFERENCE].gain_db), <, 0.05);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/playback-levels/track-loop", Fixture, NULL, setup, test_track_loop, teardown);
  g_test_add ("/playback-levels/album-loop", Fixture, NULL, setup, test_album_loop, teardown);
  return g_test_run ();
}

/* test-project-match-state.c: whether the album's stored match still holds,
 * and which delivery target applies (lq_project_get_match_state(),
 * lq_project_get_effective_target()).
 *
 * No match; a fresh match is current; a gain, a track, an analysis or the
 * target changed makes it stale, and undoing that change makes it current
 * again; undoing the match itself leaves none. A match to a reference file
 * is judged by its inputs.
 */
#include <math.h>

#include "lq-analyzer.h"
#include "test-project-common.h"

/* A project with the fixture's four tracks, measured. */
static LqProject *
analysed_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (f->project, &error);

  g_assert_no_error (error);
  add_ok (p, (const char *const *) f->sources, 0);
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return p;
}

/* Plans with @settings and stores the plan (with @reference_path). */
static void
match_ok (LqProject *p, const LqMatchSettings *settings, const char *reference_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = lq_project_plan_match (p, settings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_true (lq_project_store_match (p, plan, NULL, reference_path, &error));
  g_assert_no_error (error);
}

static void
match_album_ok (LqProject *p, const char *target)
{
  LqMatchSettings settings;

  lq_match_settings_init (&settings);
  settings.target = target;
  settings.mode = LQ_MATCH_MODE_ALBUM;
  match_ok (p, &settings, NULL);
}

static void
assert_state (LqProject *p, LqProjectMatchState expected)
{
  g_assert_cmpint (lq_project_get_match_state (p), ==, expected);
  /* Asked again without a change: the same answer (kept, not planned again). */
  g_assert_cmpint (lq_project_get_match_state (p), ==, expected);
}

static void
test_no_match (Fixture *f, gconstpointer data)
{
  LqProject *p = analysed_project (f);
  LqDeliveryTarget target = { .integrated_lufs = 42.0 };

  assert_state (p, LQ_PROJECT_MATCH_NONE);
  /* No target set and none matched to: none, and no default either, so
   * nothing to plan. */
  g_assert_false (lq_project_get_effective_target (p, &target));
  g_assert_cmpfloat (target.integrated_lufs, ==, 42.0);
  g_assert_null (lq_project_get_match_plan (p));

  /* The album's target applies before any match... */
  set_album_ok (p, "target=r128");
  g_assert_true (lq_project_get_effective_target (p, &target));
  g_assert_cmpstr (target.name, ==, "r128");
  g_assert_cmpfloat_with_epsilon (target.integrated_lufs, -23.0, 1e-9);
  /* ...and setting it matches nothing. */
  assert_state (p, LQ_PROJECT_MATCH_NONE);
  /* Never matched: the plan to show is an album match to that target. */
  {
    g_autoptr(LqMatchPlan) plan = lq_project_get_match_plan (p);

    g_assert_nonnull (plan);
    g_assert_cmpuint (lq_match_plan_get_n_tracks (plan), ==, N_SOURCES);
    g_assert_cmpint (lq_match_plan_get_mode (plan), ==, LQ_MATCH_MODE_ALBUM);
    g_assert_cmpstr (lq_match_plan_get_target (plan)->name, ==, "r128");
  }

  /* An empty project: nothing matched either. */
  close_project (p);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *empty = g_build_filename (f->dir, "empty.lacquer", NULL);

    p = lq_project_create (empty, &error);
    g_assert_no_error (error);
    assert_state (p, LQ_PROJECT_MATCH_NONE);
    g_assert_false (lq_project_get_effective_target (p, &target));
    close_project (p);
  }
}

static void
test_fresh_match (Fixture *f, gconstpointer data)
{
  LqProject *p = analysed_project (f);
  LqDeliveryTarget target;

  match_album_ok (p, "spotify");
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  /* The match's target is the album's. */
  g_assert_true (lq_project_get_effective_target (p, &target));
  g_assert_cmpstr (target.name, ==, "spotify");
  g_assert_cmpfloat_with_epsilon (target.integrated_lufs, -14.0, 1e-9);
  /* The plan to show is the stored one, planned again: the stored gains. */
  {
    g_autoptr(LqMatchPlan) plan = lq_project_get_match_plan (p);
    g_autoptr(LqMatchPlan) again = lq_project_get_match_plan (p);

    g_assert_nonnull (plan);
    g_assert_true (plan == again);   /* kept until the project changes */
    g_assert_cmpuint (lq_match_plan_get_n_tracks (plan), ==, N_SOURCES);
    for (guint i = 0; i < N_SOURCES; i++)
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (plan, i)->gain_db,
                                      lq_project_get_track_match_gain (p, lq_project_get_track (p, i + 1)),
                                      1e-9);
  }

  /* An edit the plan does not depend on leaves it current. */
  set_album_ok (p, "title=Night Drives");
  set_track_ok (p, 2, "title=Second Song");
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);

  /* So does reopening: the stored settings plan the stored gains again. */
  close_project (p);
  p = open_ok (f->project, FALSE);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);
  p = open_ok (f->project, TRUE);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);
}

static void
test_gain_change (Fixture *f, gconstpointer data)
{
  LqProject *p = analysed_project (f);

  match_album_ok (p, "spotify");
  set_track_ok (p, 3, "gain=-2");
  assert_state (p, LQ_PROJECT_MATCH_STALE);

  /* Undo brings the gain back, and with it the match. */
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  redo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  /* Stale across reopening too. */
  close_project (p);
  p = open_ok (f->project, FALSE);
  assert_state (p, LQ_PROJECT_MATCH_STALE);

  /* Matching again makes it current; undoing that match, stale again;
   * undoing the gain and the first match, none. */
  match_album_ok (p, "spotify");
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_NONE);
  close_project (p);
}

static void
test_track_change (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = analysed_project (f);
  const char *one[] = { f->sources[0], NULL };

  match_album_ok (p, "spotify");

  /* A track removed: the album's loudness, and so its gain, moved. */
  g_assert_true (lq_project_remove_track (p, 1, &error));
  g_assert_no_error (error);
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);

  /* A track added (measured: its analysis is cached) was never matched. */
  add_ok (p, one, 0);
  g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 5)));
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);

  /* Moving tracks changes nothing an album match depends on. */
  g_assert_true (lq_project_move_track (p, 4, 1, &error));
  g_assert_no_error (error);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);
}

static void
test_analysis_change (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = analysed_project (f);
  g_autofree char *other = g_build_filename (f->dir, "other.wav", NULL);
  double level = -6.0;

  match_album_ok (p, "spotify");

  /* Track 2 relinked to louder audio: another analysis. */
  lq_test_write (other, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, "Other");
  g_assert_true (lq_project_relink (p, 2, other, &error));
  g_assert_no_error (error);
  g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 2)));
  /* Not measured: it cannot be planned, so the match no longer holds. */
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  g_assert_null (lq_project_get_match_plan (p));
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 2)));
  /* Measured: it plans other gains. */
  assert_state (p, LQ_PROJECT_MATCH_STALE);

  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);
}

static void
test_target_change (Fixture *f, gconstpointer data)
{
  LqProject *p = analysed_project (f);
  LqDeliveryTarget target;

  match_album_ok (p, "spotify");
  set_album_ok (p, "target=-18");
  g_assert_true (lq_project_get_effective_target (p, &target));
  g_assert_cmpfloat_with_epsilon (target.integrated_lufs, -18.0, 1e-9);
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);
}

static void
test_reference_match (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) reference = lq_analyze_file (f->sources[3], NULL, NULL, NULL, &error);
  LqProject *p = analysed_project (f);
  LqMatchSettings settings;

  g_assert_no_error (error);
  lq_match_settings_init (&settings);
  settings.target = "spotify";
  settings.mode = LQ_MATCH_MODE_ALBUM;
  settings.tonal = 0.5;
  settings.reference = reference;
  match_ok (p, &settings, f->sources[3]);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);

  set_track_ok (p, 1, "gain=1");
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  set_album_ok (p, "title=Night Drives");
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  close_project (p);

  /* After opening, it holds until its inputs change. */
  p = open_ok (f->project, FALSE);
  assert_state (p, LQ_PROJECT_MATCH_CURRENT);
  set_track_ok (p, 1, "gain=1");
  assert_state (p, LQ_PROJECT_MATCH_STALE);
  /* Undoing the match itself: none. */
  undo_ok (p);
  undo_ok (p);
  undo_ok (p);
  assert_state (p, LQ_PROJECT_MATCH_NONE);
  close_project (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/match-state/none", Fixture, NULL, fixture_setup, test_no_match, fixture_teardown);
  g_test_add ("/project/match-state/fresh", Fixture, NULL, fixture_setup, test_fresh_match, fixture_teardown);
  g_test_add ("/project/match-state/gain", Fixture, NULL, fixture_setup, test_gain_change, fixture_teardown);
  g_test_add ("/project/match-state/tracks", Fixture, NULL, fixture_setup, test_track_change, fixture_teardown);
  g_test_add ("/project/match-state/analysis", Fixture, NULL, fixture_setup, test_analysis_change, fixture_teardown);
  g_test_add ("/project/match-state/target", Fixture, NULL, fixture_setup, test_target_change, fixture_teardown);
  g_test_add ("/project/match-state/reference", Fixture, NULL, fixture_setup, test_reference_match, fixture_teardown);

  return g_test_run ();
}

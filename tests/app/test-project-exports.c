/* test-project-exports.c: what an export wrote, stored in the project.
 *
 * A record per track (the newest), read back after reopening, outside the
 * undo history; stale once the track is edited or its source changes; in
 * memory for a read-only project; the format-5 fixture migrated to format 6.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "lq-error.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-render-gain.h"
#include "lq-test-sql.h"

typedef struct
{
  char *dir;
  char *project;   /* DIR/album.lacquer */
  char *a;         /* DIR/a.wav */
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  double dbfs = -10.0;

  f->dir = lq_test_tmpdir ();
  f->project = g_build_filename (f->dir, "album.lacquer", NULL);
  f->a = g_build_filename (f->dir, "a.wav", NULL);
  lq_test_write (f->a, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100,
                 lq_test_sine_1k, &dbfs, NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->project);
  g_free (f->a);
}

static LqProject *
open_ok (const char *path,
         gboolean read_only)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static void
make_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (f->project, &error);
  const char *paths[] = { f->a, NULL };

  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
record (LqProject *p,
        LqTrack *track,
        double lufs,
        double tp)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inputs = lq_project_get_export_inputs (p, track);
  LqExportRecord r = {
    .path = (char *) "/out/01 - a.wav", .time = 1700000000, .integrated_lufs = lufs,
    .true_peak_dbtp = tp, .target = (char *) "spotify",
    .source_fingerprint = (char *) lq_track_get_fingerprint (track), .inputs = inputs,
  };

  g_assert_true (lq_project_record_export (p, lq_track_get_id (track), &r, &error));
  g_assert_no_error (error);
}

/* Recorded, read back after reopening, not an undo step; the newest wins. */
static void
test_record (Fixture *f,
             gconstpointer data)
{
  make_project (f);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    LqTrack *track = lq_project_get_track (p, 1);
    g_autofree char *undo = g_strdup (lq_project_get_undo_label (p));
    guint serial = 0;

    g_assert_null (lq_project_get_last_export (p, track));
    record (p, track, -15.0, -2.0);
    record (p, track, -14.02, -1.04);
    g_object_get (p, "export-serial", &serial, NULL);
    g_assert_cmpuint (serial, ==, 2);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, undo);
    g_assert_false (lq_project_can_redo (p));
  }
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM export_record"), ==, 1);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_autoptr(LqExportRecord) r = lq_project_get_last_export (p, lq_project_get_track (p, 1));

    g_assert_nonnull (r);
    g_assert_cmpstr (r->path, ==, "/out/01 - a.wav");
    g_assert_cmpint (r->time, ==, 1700000000);
    g_assert_cmpfloat_with_epsilon (r->integrated_lufs, -14.02, 1e-9);
    g_assert_cmpfloat_with_epsilon (r->true_peak_dbtp, -1.04, 1e-9);
    g_assert_cmpstr (r->target, ==, "spotify");
    g_assert_cmpstr (r->source_fingerprint, ==, lq_track_get_fingerprint (lq_project_get_track (p, 1)));
    g_assert_false (r->stale);
  }
}

/* An edit of the track makes the record stale; undoing it, current again. */
static void
test_stale (Fixture *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;
  const char *gain[] = { "gain=-2", NULL };

  make_project (f);
  p = open_ok (f->project, FALSE);
  record (p, lq_project_get_track (p, 1), -14.0, -1.0);
  g_assert_true (lq_project_set_track (p, 1, gain, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LqExportRecord) r = lq_project_get_last_export (p, lq_project_get_track (p, 1));

    g_assert_true (r->stale);
  }
  g_assert_true (lq_project_undo (p, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LqExportRecord) r = lq_project_get_last_export (p, lq_project_get_track (p, 1));

    g_assert_false (r->stale);
  }
  /* Its source replaced: stale. */
  {
    double dbfs = -20.0;

    lq_test_write (f->a, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100,
                   lq_test_sine_1k, &dbfs, NULL);
  }
  g_assert_true (lq_project_check_sources (p, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LqExportRecord) r = lq_project_get_last_export (p, lq_project_get_track (p, 1));

    g_assert_true (r->stale);
  }
}

/* A removed track's record goes with it: a track added later (which may
 * get the same id) shows no export. */
static void
test_removed (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;
  const char *paths[] = { f->a, NULL };

  make_project (f);
  p = open_ok (f->project, FALSE);
  record (p, lq_project_get_track (p, 1), -14.0, -1.0);
  g_assert_true (lq_project_remove_track (p, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM export_record"), ==, 0);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (lq_project_get_last_export (p, lq_project_get_track (p, 1)));
}

/* A read-only project keeps its records in memory, never in the file. */
static void
test_read_only (Fixture *f,
                gconstpointer data)
{
  make_project (f);
  {
    g_autoptr(LqProject) p = open_ok (f->project, TRUE);
    g_autoptr(LqExportRecord) r = NULL;

    record (p, lq_project_get_track (p, 1), -14.0, 0.3);
    r = lq_project_get_last_export (p, lq_project_get_track (p, 1));
    g_assert_nonnull (r);
    g_assert_cmpfloat_with_epsilon (r->true_peak_dbtp, 0.3, 1e-9);
  }
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM export_record"), ==, 0);
}

/* What the album's figures leave out, from the model: none, then a track
 * not measured, then a missing one. */
static void
test_left_out (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;
  g_autofree char *b = g_build_filename (f->dir, "b.wav", NULL);
  const char *paths[] = { b, NULL };
  double dbfs = -20.0;

  make_project (f);
  p = open_ok (f->project, FALSE);
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (lq_project_dup_left_out (p));

  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &dbfs, NULL);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *left_out = lq_project_dup_left_out (p);

    g_assert_cmpstr (left_out, ==, "Track 2 is not measured yet");
  }
  g_assert_cmpint (g_unlink (f->a), ==, 0);
  g_assert_true (lq_project_check_sources (p, &error));
  g_assert_no_error (error);
  {
    g_autofree char *left_out = lq_project_dup_left_out (p);

    g_assert_cmpstr (left_out, ==, "Track 1 is missing; Track 2 is not measured yet");
  }
}

/* Format 5 to 6: data and history kept, no export records yet. */
static void
test_migrate_v5 (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *sql_path = g_build_filename (g_getenv ("LQ_SOURCE_ROOT"), "tests", "app",
                                                "fixtures", "project-v5.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  sql_file (f->project, sql);
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, 5);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);

    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Ratio of Track 2");
    g_assert_null (lq_project_get_last_export (p, lq_project_get_track (p, 1)));
    record (p, lq_project_get_track (p, 2), -14.0, -1.0);
    g_assert_true (lq_project_undo (p, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Enabled of Track 2");
  }
  /* Through format 6 (export records) and 7 (solved gains, empty) to the current one. */
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (LQ_PROJECT_FORMAT_VERSION, >=, 7);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM solved_gain"), ==, 0);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM export_record WHERE track_id = 2"), ==, 1);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM track WHERE source_inode = 4243"), ==, 1);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM album WHERE title = 'Third Pressing'"), ==, 1);
}

/* The master's loudness the player matches to (lq_render_master_loudness):
 * the mix's with the chain's gains before any export or plan, the current
 * export's measurement once there is one, and again the model when an edit
 * makes that export stale. */
static void
test_master_loudness (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;
  const char *gain[] = { "gain=-6", NULL };
  LqRenderSpec spec;
  LqTrack *track;
  double mix;

  make_project (f);
  p = open_ok (f->project, FALSE);
  track = lq_project_get_track (p, 1);
  lq_render_spec_init (&spec, p, track);
  g_assert_true (isnan (lq_render_master_loudness (p, track, &spec)));   /* not analysed */
  lq_render_spec_clear (&spec);

  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_track (p, 1, gain, &error));
  g_assert_no_error (error);
  track = lq_project_get_track (p, 1);
  mix = lq_track_analysis_get_measures (lq_track_get_analysis (track))->integrated_lufs;
  lq_render_spec_init (&spec, p, track);
  g_assert_cmpfloat_with_epsilon (lq_render_master_loudness (p, track, &spec),
                                  mix + spec.chain.input_trim_db + spec.chain.match_gain_db, 1e-9);
  g_assert_cmpfloat_with_epsilon (spec.chain.input_trim_db + spec.chain.match_gain_db, -6.0, 1e-9);
  lq_render_spec_clear (&spec);

  record (p, track, -31.5, -12.0);
  lq_render_spec_init (&spec, p, track);
  g_assert_cmpfloat_with_epsilon (lq_render_master_loudness (p, track, &spec), -31.5, 1e-9);
  lq_render_spec_clear (&spec);

  gain[0] = "gain=-3";
  g_assert_true (lq_project_set_track (p, 1, gain, &error));
  g_assert_no_error (error);
  lq_render_spec_init (&spec, p, track);
  g_assert_cmpfloat_with_epsilon (lq_render_master_loudness (p, track, &spec), mix - 3.0, 1e-9);
  lq_render_spec_clear (&spec);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/project-exports/record", test_record);
  ADD ("/project-exports/stale", test_stale);
  ADD ("/project-exports/removed", test_removed);
  ADD ("/project-exports/read-only", test_read_only);
  ADD ("/project-exports/left-out", test_left_out);
  ADD ("/project-exports/migrate-v5", test_migrate_v5);
  ADD ("/project-exports/master-loudness", test_master_loudness);
#undef ADD
  return g_test_run ();
}

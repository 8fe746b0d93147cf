/* test-project-async.c: the _async edits read audio on workers and commit on
 * the project's thread; their results equal the blocking forms'. */
#include <glib/gstdio.h>
#include <math.h>

#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"

typedef struct
{
  char *dir;
  char *a, *b;
  GMainLoop *loop;
  GAsyncResult *result;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  double loud = -12.0, quiet = -24.0;

  f->dir = lq_test_tmpdir ();
  f->a = g_build_filename (f->dir, "a.wav", NULL);
  f->b = g_build_filename (f->dir, "b.flac", NULL);
  lq_test_write (f->a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 2, lq_test_sine_1k, &loud, "Alpha");
  lq_test_write (f->b, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, 48000 * 2, lq_test_sine_1k, &quiet, NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->result);
  g_main_loop_unref (f->loop);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
}

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_set_object (&f->result, result);
  g_main_loop_quit (f->loop);
}

static GAsyncResult *
wait (Fixture *f)
{
  g_clear_object (&f->result);
  g_main_loop_run (f->loop);
  return f->result;
}

static void
progress_cb (LqProject *project, GParamSpec *pspec, double *last)
{
  double p;

  g_object_get (project, "analysis-progress", &p, NULL);
  g_assert_cmpfloat (p, >=, 0.0);
  g_assert_cmpfloat (p, <=, 1.0);
  *last = p;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "album.lacquer", NULL);
  g_autofree char *moved_dir = g_build_filename (f->dir, "elsewhere", NULL);
  g_autofree char *moved = g_build_filename (moved_dir, "b-moved.flac", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (path, &error);
  const char *files[] = { f->a, f->b, NULL };
  const char *bad[] = { f->a, f->dir, NULL };
  double last = -1.0;

  g_assert_no_error (error);

  /* A folder among the files: the file is added, the error names the folder. */
  lq_project_add_files_async (p, bad, 0, NULL, done_cb, f);
  g_assert_false (lq_project_add_files_finish (p, wait (f), &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, f->dir));
  g_clear_error (&error);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 1);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 1 Track");
  g_assert_true (lq_project_undo (p, &error));
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 0);

  /* The rows are there as soon as the call returns, hashing; then ready. */
  lq_project_add_files_async (p, files, 0, NULL, done_cb, f);
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 2);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (lq_project_get_tracks (p), i);

      g_assert_cmpstr (lq_track_state_to_string (lq_track_get_state (track)), ==, "hashing");
    }
  {
    g_autoptr(LqTrack) second = g_list_model_get_item (lq_project_get_tracks (p), 1);

    g_assert_cmpstr (lq_track_get_display_name (second), ==, "b");
  }
  g_assert_true (lq_project_add_files_finish (p, wait (f), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 2);
  for (guint i = 1; i <= 2; i++)
    g_assert_cmpstr (lq_track_state_to_string (lq_track_get_state (lq_project_get_track (p, i))), ==, "ready");
  g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "Alpha");
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 2 Tracks");

  g_signal_connect (p, "notify::analysis-progress", G_CALLBACK (progress_cb), &last);
  lq_project_analyze_async (p, 2, NULL, done_cb, f);
  g_assert_cmpint (lq_track_get_state (lq_project_get_track (p, 2)), ==, LQ_TRACK_STATE_ANALYSING);
  g_assert_true (lq_project_analyze_finish (p, wait (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (lq_track_get_state (lq_project_get_track (p, 2)), ==, LQ_TRACK_STATE_READY);
  g_assert_cmpfloat (last, ==, 1.0);
  for (guint i = 1; i <= 2; i++)
    g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, i)));
  g_assert_cmpfloat_with_epsilon (
    lq_track_analysis_get_measures (lq_track_get_analysis (lq_project_get_track (p, 1)))->integrated_lufs,
    -12.0, 0.05);

  /* Relink track 1 to track 2's file, then back. */
  lq_project_relink_async (p, 1, f->b, NULL, done_cb, f);
  g_assert_true (lq_project_relink_finish (p, wait (f), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lq_track_get_source (lq_project_get_track (p, 1)), ==, "b.flac");
  g_assert_true (lq_project_undo (p, &error));
  g_assert_cmpstr (lq_track_get_source (lq_project_get_track (p, 1)), ==, "a.wav");

  /* A file that moved is found again by content. */
  g_assert_cmpint (g_mkdir_with_parents (moved_dir, 0755), ==, 0);
  g_assert_cmpint (g_rename (f->b, moved), ==, 0);
  lq_project_relink_search_async (p, f->dir, NULL, done_cb, f);
  g_assert_cmpint (lq_project_relink_search_finish (p, wait (f), &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 2)), ==, LQ_TRACK_STATUS_OK);
  g_assert_cmpstr (lq_track_get_source (lq_project_get_track (p, 2)), ==, "elsewhere/b-moved.flac");

  /* Nothing missing: nothing found, no edit. */
  lq_project_relink_search_async (p, f->dir, NULL, done_cb, f);
  g_assert_cmpint (lq_project_relink_search_finish (p, wait (f), &error), ==, 0);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Relink Track 2");

  /* Not a folder. */
  lq_project_relink_search_async (p, f->a, NULL, done_cb, f);
  g_assert_cmpint (lq_project_relink_search_finish (p, wait (f), &error), ==, -1);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/project-async/all", Fixture, NULL, fixture_setup, test_async, fixture_teardown);
  return g_test_run ();
}

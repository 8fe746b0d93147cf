/* test-project-references.c: the project's reference list and its blind
 * tests.
 *
 * References: added (analysed, cached), listed in the order added, the cue
 * point, removed, each an undo step (also across reopening); a duplicate or
 * a bad cue refused; a missing and a changed file told as tracks are; the
 * format-6 fixture migrated to format 7. ABX: a finished session stored
 * with every trial and read back after reopening, outside the undo history.
 */
#include <glib/gstdio.h>
#include <math.h>

#include "test-project-common.h"

static char *
write_reference (Fixture *f,
                 const char *name,
                 double level)
{
  char *path = g_build_filename (f->dir, name, NULL);

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 2 * 44100,
                 lq_test_sine_1k, &level, NULL);
  return path;
}

static void
add_reference_ok (LqProject *p,
                  const char *path,
                  double cue_s)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_add_reference (p, path, cue_s, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static LqReference *
reference_at (LqProject *p,
              guint index)
{
  g_autoptr(GPtrArray) list = lq_project_list_references (p);

  g_assert_cmpuint (index, <=, list->len);
  return g_ptr_array_steal_index (list, index - 1);
}

static guint
n_references (LqProject *p)
{
  g_autoptr(GPtrArray) list = lq_project_list_references (p);

  return list->len;
}

static void
progress_cb (double fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_add_list_remove (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *ref = write_reference (f, "ref.wav", -9.0);
  g_autoptr(GError) error = NULL;
  double last = 0;

  {
    g_autoptr(LqProject) p = lq_project_create (f->project, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (n_references (p), ==, 0);
    g_assert_true (lq_project_add_reference (p, ref, 0.5, NULL, progress_cb, &last, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (last, ==, 1.0);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add Reference “ref”");
    add_reference_ok (p, f->sources[0], 0);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add Reference “Song 1”");

    {
      g_autoptr(LqReference) r = reference_at (p, 1);
      g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (p, 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (analysis);
      g_assert_cmpfloat_with_epsilon (lq_track_analysis_get_measures (analysis)->integrated_lufs,
                                      -9.0, 0.5);
      g_assert_cmpuint (r->index, ==, 1);
      g_assert_cmpstr (r->path, ==, ref);
      g_assert_cmpstr (r->title, ==, "ref");
      g_assert_cmpuint (strlen (r->fingerprint), ==, 64);
      g_assert_cmpfloat_with_epsilon (r->duration_s, 2.0, 1e-9);
      g_assert_cmpfloat (r->cue_s, ==, 0.5);
      g_assert_cmpint (r->status, ==, LQ_TRACK_STATUS_OK);
    }
    g_assert_cmpuint (lq_project_find_reference (p, f->sources[0]), ==, 2);
    g_assert_cmpuint (lq_project_find_reference (p, f->sources[1]), ==, 0);

    /* The same content again, under any name: refused. */
    g_assert_false (lq_project_add_reference (p, ref, 0, NULL, NULL, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
    g_clear_error (&error);
    /* A cue point past the end, or negative: refused, nothing changed. */
    g_assert_false (lq_project_set_reference_cue (p, 1, 2.5, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_add_reference (p, f->sources[1], -1, NULL, NULL, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_remove_reference (p, 3, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_cmpuint (n_references (p), ==, 2);

    g_assert_true (lq_project_set_reference_cue (p, 1, 1.25, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Cue Point of Reference 1");
    g_assert_true (lq_project_remove_reference (p, 1, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Remove Reference “ref”");
    g_assert_cmpuint (n_references (p), ==, 1);
    {
      g_autoptr(LqReference) r = reference_at (p, 1);

      g_assert_cmpstr (r->title, ==, "Song 1");
    }
    close_project (g_steal_pointer (&p));
  }

  /* Undo, across reopening, brings each step back in order. */
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);

    g_assert_cmpuint (n_references (p), ==, 1);
    undo_ok (p);
    g_assert_cmpuint (n_references (p), ==, 2);
    {
      g_autoptr(LqReference) r = reference_at (p, 1);

      g_assert_cmpstr (r->title, ==, "ref");
      g_assert_cmpfloat (r->cue_s, ==, 1.25);
    }
    undo_ok (p);
    {
      g_autoptr(LqReference) r = reference_at (p, 1);

      g_assert_cmpfloat (r->cue_s, ==, 0.5);
    }
    undo_ok (p);
    g_assert_cmpuint (n_references (p), ==, 1);
    undo_ok (p);
    g_assert_cmpuint (n_references (p), ==, 0);
    redo_ok (p);
    redo_ok (p);
    g_assert_cmpuint (n_references (p), ==, 2);
    /* The analysis is cached, not undone. */
    {
      g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (p, 2, &error);

      g_assert_no_error (error);
      g_assert_nonnull (analysis);
    }
    close_project (g_steal_pointer (&p));
  }
  assert_integrity (f->project);
}

static gint64
st_inode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gint64) st.st_ino;
}

static void
test_missing_changed (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *ref = write_reference (f, "ref.wav", -9.0);
  g_autofree char *moved = g_build_filename (f->dir, "moved.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (f->project, &error);
  gint64 ctime_before;

  g_assert_no_error (error);
  add_reference_ok (p, ref, 0);
  ctime_before = sql_int (f->project, "SELECT source_ctime_ns FROM reference");

  /* Missing: told, and no analysis is handed out. */
  g_assert_cmpint (g_rename (ref, moved), ==, 0);
  {
    g_autoptr(LqReference) r = reference_at (p, 1);
    g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (p, 1, &error);

    g_assert_cmpint (r->status, ==, LQ_TRACK_STATUS_MISSING);
    g_assert_null (analysis);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Back under its name, touched but the same: ok again. */
  g_assert_cmpint (g_rename (moved, ref), ==, 0);
  {
    g_autoptr(LqReference) r = reference_at (p, 1);

    g_assert_cmpint (r->status, ==, LQ_TRACK_STATUS_OK);
  }
  /* Its new identity is stored (a rename changes the ctime), so the next
   * listing need not hash it again. */
  g_assert_cmpint (sql_int (f->project, "SELECT source_ctime_ns FROM reference"), !=, ctime_before);
  g_assert_cmpint (sql_int (f->project, "SELECT source_inode FROM reference"), ==, st_inode (ref));

  /* Changed content of the same size: changed, and its old analysis is
   * not the file's. */
  g_assert_cmpint (g_unlink (ref), ==, 0);
  g_free (write_reference (f, "ref.wav", -20.0));
  {
    g_autoptr(LqReference) r = reference_at (p, 1);
    g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (p, 1, &error);

    g_assert_cmpint (r->status, ==, LQ_TRACK_STATUS_CHANGED);
    g_assert_null (analysis);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED);
    g_assert_true (strstr (error->message, "changed") != NULL);
  }
  close_project (g_steal_pointer (&p));
}

static void
test_read_only (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(LqProject) p = lq_project_create (f->project, &error);

    g_assert_no_error (error);
    close_project (g_steal_pointer (&p));
  }
  {
    g_autoptr(LqProject) p = open_ok (f->project, TRUE);

    g_assert_false (lq_project_add_reference (p, f->sources[0], 0, NULL, NULL, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
    g_assert_cmpuint (n_references (p), ==, 0);
    close_project (g_steal_pointer (&p));
  }
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "app", "fixtures", name, NULL);
}

/* Format 6 to 7: data, export records and history kept; no references, no
 * tests yet; the new tables work. */
static void
test_migrate_v6 (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *sql_path = fixture_path ("project-v6.sql");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  sql_file (f->project, sql);
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, 6);

  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_autoptr(GPtrArray) tests = lq_project_list_abx (p, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tests->len, ==, 0);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    g_assert_cmpuint (n_references (p), ==, 0);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Ratio of Track 2");
    add_reference_ok (p, f->sources[0], 0);
    g_assert_cmpuint (n_references (p), ==, 1);
    undo_ok (p);
    g_assert_cmpuint (n_references (p), ==, 0);
    undo_ok (p);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Enabled of Track 2");
    close_project (g_steal_pointer (&p));
  }
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (LQ_PROJECT_FORMAT_VERSION, >=, 7);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM export_record WHERE track_id = 1"), ==, 1);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM album WHERE title = 'Third Pressing'"), ==, 1);
  assert_integrity (f->project);
}

static void
test_abx_stored (Fixture *f,
                 gconstpointer data)
{
  const char *fp_a = "1111111111111111111111111111111111111111111111111111111111111111";
  const char *fp_b = "2222222222222222222222222222222222222222222222222222222222222222";
  g_autoptr(GError) error = NULL;
  g_autoptr(LqAbxSession) session = lq_abx_session_new (16, 42, "mix", fp_a, "master", fp_b);
  LqAbxChoice xs[16];
  gint64 id;

  {
    g_autoptr(LqProject) p = lq_project_create (f->project, &error);
    const char *const paths[] = { f->sources[0], NULL };

    g_assert_no_error (error);
    add_ok (p, paths, 0);

    /* Not finished: refused. */
    g_assert_cmpint (lq_project_save_abx (p, NULL, session, &error), ==, 0);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);

    /* 12 of 16 right. */
    for (guint i = 0; i < 16; i++)
      {
        LqAbxChoice x = lq_abx_session_get_x (session);

        xs[i] = x;
        lq_abx_session_answer (session, i < 12 ? x : (x == LQ_ABX_A ? LQ_ABX_B : LQ_ABX_A));
      }
    g_assert_cmpuint (lq_abx_session_get_correct (session), ==, 12);
    g_assert_true (lq_project_can_undo (p));
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 1 Track");
    id = lq_project_save_abx (p, lq_project_get_track (p, 1), session, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    /* No undo step. */
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 1 Track");
    close_project (g_steal_pointer (&p));
  }
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_autoptr(GPtrArray) tests = lq_project_list_abx (p, &error);
    LqAbxRecord *r;

    g_assert_no_error (error);
    g_assert_cmpuint (tests->len, ==, 1);
    r = g_ptr_array_index (tests, 0);
    g_assert_cmpint (r->id, ==, id);
    g_assert_cmpint (r->track_id, ==, lq_track_get_id (lq_project_get_track (p, 1)));
    g_assert_cmpint (llabs (r->time - g_get_real_time () / G_USEC_PER_SEC), <, 24 * 3600);
    g_assert_cmpstr (r->a_name, ==, "mix");
    g_assert_cmpstr (r->a_fingerprint, ==, fp_a);
    g_assert_cmpstr (r->b_name, ==, "master");
    g_assert_cmpstr (r->b_fingerprint, ==, fp_b);
    g_assert_cmpuint (r->n_trials, ==, 16);
    g_assert_cmpuint (r->correct, ==, 12);
    g_assert_cmpfloat_with_epsilon (r->p_value, 0.0384, 0.0001);
    g_assert_cmpuint (r->trials->len, ==, 16);
    for (guint i = 0; i < 16; i++)
      {
        const LqAbxTrial *t = &g_array_index (r->trials, LqAbxTrial, i);
        const LqAbxTrial *want = &lq_abx_session_get_trials (session, NULL)[i];

        g_assert_cmpint (t->x, ==, xs[i]);
        g_assert_cmpint (t->answer, ==, want->answer);
        g_assert_cmpint (t->time_us, ==, want->time_us);
      }

    /* Removing the track keeps the result. */
    g_assert_true (lq_project_remove_track (p, 1, &error));
    g_assert_no_error (error);
    g_clear_pointer (&tests, g_ptr_array_unref);
    tests = lq_project_list_abx (p, &error);
    g_assert_cmpuint (tests->len, ==, 1);
    close_project (g_steal_pointer (&p));
  }
  {
    g_autoptr(LqProject) p = open_ok (f->project, TRUE);

    g_assert_cmpint (lq_project_save_abx (p, NULL, session, &error), ==, 0);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
    close_project (g_steal_pointer (&p));
  }
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM abx_trial"), ==, 16);
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  GThread *caller;
  double last;
  guint n_progress;
} AsyncWait;

static void
async_progress_cb (double fraction,
                   gpointer user_data)
{
  AsyncWait *w = user_data;

  /* On the caller's thread, in order. */
  g_assert_true (g_thread_self () == w->caller);
  g_assert_cmpfloat (fraction, >=, w->last);
  w->last = fraction;
  w->n_progress++;
}

static void
async_done_cb (GObject *object,
               GAsyncResult *result,
               gpointer user_data)
{
  AsyncWait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static gboolean
add_async (LqProject *p,
           const char *path,
           double cue_s,
           AsyncWait *w,
           GError **error)
{
  gboolean ok;

  w->loop = g_main_loop_new (NULL, FALSE);
  w->caller = g_thread_self ();
  w->last = 0;
  w->n_progress = 0;
  lq_project_add_reference_async (p, path, cue_s, NULL, async_progress_cb, w, async_done_cb, w);
  g_main_loop_run (w->loop);
  ok = lq_project_add_reference_finish (p, w->result, error);
  g_clear_object (&w->result);
  g_clear_pointer (&w->loop, g_main_loop_unref);
  return ok;
}

/* The window's way: read and analysed on a worker, progress and the edit
 * on the caller's thread; the same checks as the synchronous call (a
 * duplicate, a bad cue, a read-only project, not audio). */
static void
test_add_async (Fixture *f,
                gconstpointer data)
{
  g_autofree char *ref = write_reference (f, "ref.wav", -9.0);
  g_autofree char *text = g_build_filename (f->dir, "notes.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (f->project, &error);
  AsyncWait w = { 0 };

  g_assert_no_error (error);
  g_assert_true (add_async (p, ref, 0.5, &w, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (w.n_progress, >, 0);
  g_assert_cmpfloat (w.last, ==, 1.0);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add Reference “ref”");
  g_assert_cmpuint (n_references (p), ==, 1);
  {
    g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (p, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (lq_track_analysis_get_measures (analysis)->integrated_lufs, -9.0, 0.5);
  }

  g_assert_false (add_async (p, ref, 0, &w, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (add_async (p, f->sources[0], 99, &w, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (text, "not audio", -1, NULL));
  g_assert_false (add_async (p, text, 0, &w, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "notes.wav"));
  g_clear_error (&error);
  g_assert_cmpuint (n_references (p), ==, 1);

  /* Undone as one step. */
  g_assert_true (lq_project_undo (p, &error));
  g_assert_cmpuint (n_references (p), ==, 0);

  {
    g_autoptr(LqProject) ro = lq_project_open (f->project, TRUE, &error);

    g_assert_no_error (error);
    g_assert_false (add_async (ro, ref, 0, &w, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  }
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/references/add-list-remove", Fixture, NULL, fixture_setup, test_add_list_remove, fixture_teardown);
  g_test_add ("/references/missing-changed", Fixture, NULL, fixture_setup, test_missing_changed, fixture_teardown);
  g_test_add ("/references/add-async", Fixture, NULL, fixture_setup, test_add_async, fixture_teardown);
  g_test_add ("/references/read-only", Fixture, NULL, fixture_setup, test_read_only, fixture_teardown);
  g_test_add ("/references/migrate-v6", Fixture, NULL, fixture_setup, test_migrate_v6, fixture_teardown);
  g_test_add ("/abx/stored", Fixture, NULL, fixture_setup, test_abx_stored, fixture_teardown);
  return g_test_run ();
}

/* test-project-integrity.c: a project never trusts a source behind its back.
 *
 * Sources replaced within the same second (another inode, the same size, even
 * the same modification time), swapped back, an album copied to another
 * folder (hashed once, then known by its new identity), an analysis stored
 * under the hash of the audio it measured even when the file is replaced
 * just before it is measured, the format-4 fixture migrated to format 5,
 * files that are not regular files, and a project reached through a symbolic
 * link.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "lq-analysis-job.h"
#include "lq-error.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-source-file.h"
#include "lq-test-audio.h"
#include "lq-test-sql.h"

typedef struct
{
  char *dir;
  char *project;   /* DIR/album.lacquer */
  char *a;         /* DIR/a.wav: a 1 kHz sine at -10 dBFS */
  char *b;         /* DIR/b.wav: the same length and format at -20 dBFS */
  char *a_sum;
  char *b_sum;
} Fixture;

static void
write_sine (const char *path,
            double dbfs,
            guint seconds)
{
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100 * (guint64) seconds,
                 lq_test_sine_1k, &dbfs, NULL);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  GStatBuf sa, sb;

  f->dir = lq_test_tmpdir ();
  f->project = g_build_filename (f->dir, "album.lacquer", NULL);
  f->a = g_build_filename (f->dir, "a.wav", NULL);
  f->b = g_build_filename (f->dir, "b.wav", NULL);
  write_sine (f->a, -10.0, 2);
  write_sine (f->b, -20.0, 2);
  f->a_sum = lq_test_checksum (f->a);
  f->b_sum = lq_test_checksum (f->b);
  /* The point: same size, different audio. */
  g_assert_cmpint (g_stat (f->a, &sa), ==, 0);
  g_assert_cmpint (g_stat (f->b, &sb), ==, 0);
  g_assert_cmpint (sa.st_size, ==, sb.st_size);
  g_assert_cmpstr (f->a_sum, !=, f->b_sum);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->project);
  g_free (f->a);
  g_free (f->b);
  g_free (f->a_sum);
  g_free (f->b_sum);
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

/* A project of one track, @source, measured. */
static void
make_project (Fixture *f,
              const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (f->project, &error);
  const char *paths[] = { source, NULL };

  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 1)));
}

static void
set_times (const char *path,
           time_t sec,
           long nsec)
{
  struct timespec times[2] = { { sec, nsec }, { sec, nsec } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

/* Puts a copy of @from at @to by renaming a copy over it (a new inode),
 * with the modification time @sec.@nsec. */
static void
replace_with (const char *from,
              const char *to,
              time_t sec,
              long nsec)
{
  g_autofree char *contents = NULL;
  g_autofree char *tmp = g_strconcat (to, ".new", NULL);
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (tmp, contents, len, NULL));
  set_times (tmp, sec, nsec);
  g_assert_cmpint (g_rename (tmp, to), ==, 0);
}

static LqTrackStatus
status_of (const char *project)
{
  g_autoptr(LqProject) p = open_ok (project, TRUE);

  return lq_track_get_status (lq_project_get_track (p, 1));
}

static double
integrated_of (LqProject *p)
{
  LqTrackAnalysis *analysis = lq_track_get_analysis (lq_project_get_track (p, 1));

  g_assert_nonnull (analysis);
  return lq_track_analysis_get_measures (analysis)->integrated_lufs;
}

/* Replaced within the same second by audio of the same size: changed; swapped
 * back: ok again, with its own analysis. */
static void
test_same_second (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *a_copy = g_build_filename (f->dir, "a-copy.wav", NULL);
  double a_lufs;
  GStatBuf st;

  g_assert_cmpint (g_rename (f->a, a_copy), ==, 0);
  replace_with (a_copy, f->a, 1700000000, 100000000);
  make_project (f, f->a);
  {
    g_autoptr(LqProject) p = open_ok (f->project, TRUE);
    a_lufs = integrated_of (p);
  }

  /* Same second, another nanosecond. */
  replace_with (f->b, f->a, 1700000000, 900000000);
  g_assert_cmpint (status_of (f->project), ==, LQ_TRACK_STATUS_CHANGED);
  {
    g_autoptr(LqProject) p = open_ok (f->project, TRUE);
    g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 1)));
  }

  /* Swapped back: its own content, its own analysis. */
  replace_with (a_copy, f->a, 1700000000, 500000000);
  g_assert_cmpint (status_of (f->project), ==, LQ_TRACK_STATUS_OK);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_assert_cmpfloat (integrated_of (p), ==, a_lufs);
  }

  /* Even the very same modification time: another inode is another file. */
  replace_with (f->b, f->a, 1700000000, 500000000);
  g_assert_cmpint (g_stat (f->a, &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_nsec, ==, 500000000);
  g_assert_cmpint (status_of (f->project), ==, LQ_TRACK_STATUS_CHANGED);

  /* Analysing it does not give track 1 the other file's measurements. */
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_autoptr(GError) error = NULL;

    g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_CHANGED);
    g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 1)));
  }
  replace_with (a_copy, f->a, 1700000000, 500000000);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_OK);
    g_assert_cmpfloat (integrated_of (p), ==, a_lufs);
  }
}

/* `cp -a` of the whole album: the same times, other inodes and change
 * times. Hashed once, found the same, and known by its new identity from
 * then on, without an undo step. */
static void
test_copied_album (Fixture *f,
                   gconstpointer data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *copy_project = g_build_filename (copy, "album.lacquer", NULL);
  g_autofree char *copy_a = g_build_filename (copy, "a.wav", NULL);
  g_autofree char *undo_before = NULL;
  g_autofree char *q = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "cp", "-a", NULL, NULL, NULL };
  int wait_status;
  GStatBuf st;

  make_project (f, f->a);
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);
    undo_before = g_strdup (lq_project_get_undo_label (p));
  }
  g_assert_cmpint (g_mkdir (copy, 0755), ==, 0);
  argv[2] = f->project;
  argv[3] = copy_project;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  argv[2] = f->a;
  argv[3] = copy_a;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  g_assert_cmpint (g_stat (copy_a, &st), ==, 0);
  q = g_strdup_printf ("SELECT count(*) FROM track WHERE source_inode = %" G_GUINT64_FORMAT,
                       (guint64) st.st_ino);
  g_assert_cmpint (sql_int (copy_project, q), ==, 0);

  {
    g_autoptr(LqProject) p = open_ok (copy_project, FALSE);

    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_OK);
    g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 1)));
    /* Not an edit of the album: no undo step. */
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, undo_before);
  }
  /* The copy's identity is stored: the next open does not need to hash it. */
  {
    g_autofree char *q2 = g_strdup_printf (
      "SELECT count(*) FROM track WHERE source_inode = %" G_GUINT64_FORMAT
      " AND source_mtime_ns = %" G_GINT64_FORMAT " AND source_ctime_ns = %" G_GINT64_FORMAT
      " AND source_size = %" G_GINT64_FORMAT,
      (guint64) st.st_ino, (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
      (gint64) st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec, (gint64) st.st_size);

    g_assert_cmpint (sql_int (copy_project, q2), ==, 1);
    g_assert_cmpint (sql_int (copy_project, "SELECT count(*) FROM undo_step"), ==,
                     sql_int (f->project, "SELECT count(*) FROM undo_step"));
  }
}

/* The file replaced after the project looked at it and before it is
 * measured: the analysis goes under the hash of what was measured. */
static void
test_analysis_under_measured_hash (Fixture *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;
  const char *paths[] = { f->a, NULL };
  g_autofree char *q = NULL;

  p = lq_project_create (f->project, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_OK);
  g_assert_cmpstr (lq_track_get_fingerprint (lq_project_get_track (p, 1)), ==, f->a_sum);

  replace_with (f->b, f->a, 1700000000, 0);
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_CHANGED);
  g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 1)));
  q = g_strdup_printf ("SELECT count(*) FROM analysis_cache WHERE fingerprint = '%s'", f->a_sum);
  g_assert_cmpint (sql_int (f->project, q), ==, 0);
  g_free (q);
  q = g_strdup_printf ("SELECT count(*) FROM analysis_cache WHERE fingerprint = '%s'", f->b_sum);
  g_assert_cmpint (sql_int (f->project, q), ==, 1);
}

/* The job's fingerprint is the hash of the bytes its analysis measured. */
static void
test_job_fingerprint (Fixture *f,
                      gconstpointer data)
{
  const char *paths[] = { f->a, f->b, NULL };
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (paths, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) direct = NULL;
  GStatBuf st;

  lq_analysis_job_set_hash_sources (job, TRUE);
  g_assert_true (lq_analysis_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lq_analysis_job_get_fingerprint (job, 0), ==, f->a_sum);
  g_assert_cmpstr (lq_analysis_job_get_fingerprint (job, 1), ==, f->b_sum);
  g_assert_cmpint (g_stat (f->b, &st), ==, 0);
  g_assert_cmpuint (lq_analysis_job_get_source_stat (job, 1)->inode, ==, st.st_ino);
  direct = lq_analyze_file (f->b, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lq_track_analysis_get_measures (lq_analysis_job_get_track (job, 1))->integrated_lufs, ==,
                     lq_track_analysis_get_measures (direct)->integrated_lufs);
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "app", "fixtures", name, NULL);
}

/* Format 4 to 5: data and history kept, the new identity unknown (NULL). */
static void
test_migrate_v4 (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *sql_path = fixture_path ("project-v4.sql");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  sql_file (f->project, sql);
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, 4);

  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);

    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_MISSING);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Ratio of Track 2");
    g_assert_true (lq_project_undo (p, &error));
    g_assert_no_error (error);
    g_assert_true (lq_project_undo (p, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Title of Track 1");
  }
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (LQ_PROJECT_FORMAT_VERSION, >=, 6);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM track WHERE source_inode IS NULL"
                                        " AND source_mtime_ns IS NULL AND source_ctime_ns IS NULL"), ==, 2);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM track_processing WHERE comp_ratio = 2"
                                        " AND comp_on = 0"), ==, 2);
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM album WHERE title = 'Third Pressing'"), ==, 1);
}

/* A track migrated from format 4 (no identity yet) whose file is there:
 * hashed once, found the same, its identity stored silently. */
static void
test_identity_filled (Fixture *f,
                      gconstpointer data)
{
  GStatBuf st;
  g_autofree char *q = NULL;

  make_project (f, f->a);
  sql_file (f->project, "UPDATE track SET source_mtime_ns = NULL, source_ctime_ns = NULL, source_inode = NULL");
  {
    g_autoptr(LqProject) p = open_ok (f->project, FALSE);

    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_OK);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 1 Track");
  }
  g_assert_cmpint (g_stat (f->a, &st), ==, 0);
  q = g_strdup_printf ("SELECT count(*) FROM track WHERE source_inode = %" G_GUINT64_FORMAT
                       " AND source_mtime_ns = %" G_GINT64_FORMAT, (guint64) st.st_ino,
                       (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
  g_assert_cmpint (sql_int (f->project, q), ==, 1);
}

/* Only regular files are sources: not a FIFO (without hanging), a device, a
 * folder, or /dev/stdin even when it leads to a regular file. */
static void
test_not_regular (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_create (f->project, &error);
  const char *cases[] = { fifo, "/dev/null", f->dir, "/dev/stdin", NULL };
  int saved_stdin = dup (0);
  int fd = g_open (f->a, O_RDONLY, 0);

  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  /* Standard input is a regular audio file. */
  g_assert_cmpint (dup2 (fd, 0), ==, 0);
  close (fd);

  for (guint i = 0; cases[i] != NULL; i++)
    {
      const char *paths[] = { cases[i], NULL };
      g_autofree char *expected = g_strdup_printf ("%s: not a regular file", cases[i]);

      g_assert_false (lq_project_add_files (p, paths, 0, NULL, &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR);
      g_assert_nonnull (strstr (error->message, expected));
      g_clear_error (&error);
      g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
    }
  dup2 (saved_stdin, 0);
  close (saved_stdin);
}

/* A project reached through a symbolic link opens the file it leads to: its
 * sources relative to that file's folder, its -wal beside it. */
static void
test_symlink (Fixture *f,
              gconstpointer data)
{
  g_autofree char *links = g_build_filename (f->dir, "links", NULL);
  g_autofree char *link = g_build_filename (links, "album.lacquer", NULL);
  g_autofree char *real_wal = g_strconcat (f->project, "-wal", NULL);
  g_autofree char *link_wal = g_strconcat (link, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  const char *set[] = { "title=Through a Link", NULL };

  make_project (f, f->a);
  g_assert_cmpint (g_mkdir (links, 0755), ==, 0);
  g_assert_cmpint (symlink (f->project, link), ==, 0);
  {
    g_autoptr(LqProject) p = open_ok (link, FALSE);

    g_assert_cmpstr (lq_project_get_path (p), ==, link);
    g_assert_cmpint (lq_track_get_status (lq_project_get_track (p, 1)), ==, LQ_TRACK_STATUS_OK);
    g_assert_true (lq_project_set_album (p, set, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (real_wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (link_wal, G_FILE_TEST_EXISTS));
  }
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (sql_int (f->project, "SELECT count(*) FROM album WHERE title = 'Through a Link'"), ==, 1);

  /* A link to nothing says so. */
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("nowhere.lacquer", link), ==, 0);
  g_assert_null (lq_project_open (link, TRUE, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/project-integrity/same-second", test_same_second);
  ADD ("/project-integrity/copied-album", test_copied_album);
  ADD ("/project-integrity/analysis-under-measured-hash", test_analysis_under_measured_hash);
  ADD ("/project-integrity/job-fingerprint", test_job_fingerprint);
  ADD ("/project-integrity/migrate-v4", test_migrate_v4);
  ADD ("/project-integrity/identity-filled", test_identity_filled);
  ADD ("/project-integrity/not-regular", test_not_regular);
  ADD ("/project-integrity/symlink", test_symlink);
#undef ADD

  return g_test_run ();
}

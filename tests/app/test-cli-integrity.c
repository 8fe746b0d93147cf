/* test-cli-integrity.c: lacquer-cli with sources changed behind the project's
 * back, read-only folders, /dev/stdin, symbolic links, and an analysis
 * killed part-way.
 *
 * Read-only folders are simulated as root would meet them in CI (where file
 * permissions do not stop writes): a read-only bind mount in a private mount
 * namespace, `unshare -m`. No skip: without unshare the test fails.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"
#include "lq-test-sql.h"

#define P "album.lacquer"

typedef struct
{
  LqTestCli cli;
} Fixture;

static char *
in_dir (Fixture *f,
        const char *name)
{
  return g_build_filename (f->cli.dir, name, NULL);
}

static void
write_sine (Fixture *f,
            const char *name,
            double dbfs,
            guint rate,
            guint channels,
            guint seconds)
{
  g_autofree char *path = in_dir (f, name);

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, rate, channels, (guint64) rate * seconds,
                 lq_test_sine_1k, &dbfs, NULL);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  lq_test_cli_setup (&f->cli);
  write_sine (f, "one.wav", -10.0, 44100, 2, 2);
  write_sine (f, "two.wav", -20.0, 44100, 2, 2);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_cli_teardown (&f->cli);
}

static void
run (Fixture *f, ...)
{
  va_list ap;

  va_start (ap, f);
  lq_test_cli_runv (&f->cli, ap);
  va_end (ap);
}

/* Runs `sh -c SCRIPT sh ARGS…` in the fixture's folder, with $LQ_CLI set. */
static void
run_sh (Fixture *f,
        const char *script,
        const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) "sh");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) script);
  g_ptr_array_add (argv, (char *) "sh");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&f->cli.out, g_free);
  g_clear_pointer (&f->cli.err, g_free);
  g_assert_true (g_spawn_sync (f->cli.dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &f->cli.out, &f->cli.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  f->cli.status = WEXITSTATUS (wait_status);
}

/* lacquer-cli ARGS… with the fixture's folder mounted read-only. */
static void
run_read_only (Fixture *f, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) "-m");
  g_ptr_array_add (args, (char *) "sh");
  g_ptr_array_add (args, (char *) "-c");
  g_ptr_array_add (args, (char *) "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$LQ_CLI\" \"$@\"");
  g_ptr_array_add (args, (char *) "sh");
  g_ptr_array_add (args, f->cli.dir);
  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_sh (f, "exec unshare \"$@\"", (const char *const *) args->pdata);
}

/* The document's tracks: an analysis's, or the project's (list, and the
 * documents of the commands that change a project). */
static JsonArray *
doc_tracks (JsonNode *doc)
{
  JsonObject *root = json_node_get_object (doc);

  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, 1);
  if (json_object_has_member (root, "project"))
    root = json_object_get_object_member (root, "project");
  return json_object_get_array_member (root, "tracks");
}

static JsonObject *
list_track (JsonNode *list,
            guint i)
{
  return json_array_get_object_element (doc_tracks (list), i);
}

/* What `lacquer-cli analyze FILE --json` measures in @name. */
static double
file_lufs (Fixture *f,
           const char *name)
{
  g_autoptr(JsonNode) node = NULL;

  run (f, "analyze", "--json", name, NULL);
  lq_test_cli_assert_ok (&f->cli);
  node = lq_test_cli_parse_stdout (&f->cli);
  return json_object_get_double_member (list_track (node, 0), "integrated_lufs");
}

/* Replaces @name by a copy of @from (a new file under the old name). */
static void
replace_source (Fixture *f,
                const char *name,
                const char *from)
{
  g_autofree char *a = in_dir (f, from);
  g_autofree char *b = in_dir (f, name);
  g_autofree char *tmp = in_dir (f, "replacement.tmp");
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (a, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (tmp, contents, len, NULL));
  g_assert_cmpint (g_rename (tmp, b), ==, 0);
}

/* A file edited on purpose: analyze refuses it with advice that fits (not
 * --search); --accept-changed measures it as one undoable edit; undo brings
 * the old file's fingerprint back, and the track is changed again. */
static void
test_accept_changed (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *old_fingerprint = NULL;
  double old_lufs, new_lufs;

  write_sine (f, "louder.wav", -6.0, 44100, 2, 3);
  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "two.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "list", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    JsonObject *two = list_track (list, 1);

    old_fingerprint = g_strdup (json_object_get_string_member (two, "fingerprint"));
    old_lufs = json_object_get_double_member (json_object_get_object_member (two, "analysis"), "integrated_lufs");
  }

  replace_source (f, "two.wav", "louder.wav");
  new_lufs = file_lufs (f, "louder.wav");
  g_assert_cmpfloat (fabs (new_lufs - old_lufs), >, 3.0);

  /* Without --accept-changed: refused, with advice for an edited file. */
  run (f, "analyze", P, NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, "lacquer-cli relink album.lacquer 2 FILE");
  lq_test_assert_contains (f->cli.err, "lacquer-cli analyze album.lacquer --accept-changed");
  g_assert_null (strstr (f->cli.err, "--search"));

  run (f, "analyze", P, "--accept-changed", NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_assert_contains (f->cli.out, "undo");
  run (f, "list", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    JsonObject *two = list_track (list, 1);

    g_assert_cmpstr (json_object_get_string_member (two, "status"), ==, "ok");
    g_assert_cmpstr (json_object_get_string_member (two, "fingerprint"), !=, old_fingerprint);
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (two, "analysis"),
                                                      "integrated_lufs"), ==, new_lufs);
    g_assert_cmpfloat (json_object_get_double_member (two, "duration_s"), ==, 3.0);
  }

  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_assert_contains (f->cli.out, "Accept Changed Source of Track 2");
  run (f, "list", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    JsonObject *two = list_track (list, 1);

    g_assert_cmpstr (json_object_get_string_member (two, "status"), ==, "changed");
    g_assert_cmpstr (json_object_get_string_member (two, "fingerprint"), ==, old_fingerprint);
    g_assert_true (json_object_get_null_member (two, "analysis"));
  }
}

/* A missing file: the advice is to search for it or to relink it. */
static void
test_missing_advice (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *two = in_dir (f, "two.wav");

  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "two.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpint (g_unlink (two), ==, 0);
  run (f, "analyze", P, NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, "track 2");
  lq_test_assert_contains (f->cli.err, "missing");
  lq_test_assert_contains (f->cli.err, "lacquer-cli relink album.lacquer --search DIR");
  lq_test_assert_contains (f->cli.err, "lacquer-cli relink album.lacquer 2 FILE");
}

/* /dev/stdin (here leading to a real WAV file), a FIFO and a folder are
 * not sources. */
static void
test_add_not_regular (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *fifo = in_dir (f, "fifo");
  const char *stdin_args[] = { P, NULL };

  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run_sh (f, "exec \"$LQ_CLI\" add \"$1\" /dev/stdin < one.wav", stdin_args);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, "/dev/stdin: not a regular file");

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  run (f, "add", P, "fifo", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, "fifo: not a regular file");

  run (f, "add", P, ".", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, ".: not a regular file");

  run (f, "list", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    g_assert_cmpuint (json_array_get_length (doc_tracks (list)),
                      ==, 0);
  }
}

/* A project in a read-only folder: listed and analysed (into memory) with a
 * note saying why, edits refused as read-only (not "damaged"), nothing
 * written. */
static void
test_read_only_folder (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *project = in_dir (f, P);
  g_autofree char *sum = NULL;

  run (f, "new", P, "--title", "Read Only", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "two.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  sum = lq_test_checksum (project);

  run_read_only (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_assert_contains (f->cli.err, "album.lacquer: the folder is read-only; opened read-only, changes cannot be saved");
  lq_test_assert_contains (f->cli.out, "Read Only");
  g_assert_null (strstr (f->cli.err, "damaged"));

  run_read_only (f, "analyze", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_assert_contains (f->cli.err, "the folder is read-only");
  lq_test_assert_contains (f->cli.err, "not stored");
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    JsonObject *one = list_track (list, 0);

    g_assert_false (json_object_get_null_member (one, "analysis"));
  }

  /* Export reads the project only: it works from a read-only folder into
   * a writable one. */
  {
    g_autofree char *out = lq_test_tmpdir ();
    g_autofree char *file = g_build_filename (out, "01 - one.wav", NULL);

    run_read_only (f, "export", P, "--out", out, NULL);
    lq_test_cli_assert_ok (&f->cli);
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
    g_assert_null (strstr (f->cli.err, "damaged"));
    lq_test_rmdir (out);
  }

  run_read_only (f, "set", P, "title=Changed", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  lq_test_assert_contains (f->cli.err, "folder is read-only");
  g_assert_null (strstr (f->cli.err, "damaged"));

  {
    g_autofree char *now = lq_test_checksum (project);
    g_assert_cmpstr (now, ==, sum);
  }
  g_assert_cmpint (sql_int (project, "SELECT count(*) FROM analysis_cache"), ==, 0);
}

/* A project reached through a symbolic link is edited where it lives. */
static void
test_symlink (Fixture *f,
              gconstpointer data)
{
  g_autofree char *link = in_dir (f, "link.lacquer");
  g_autofree char *link_wal = in_dir (f, "link.lacquer-wal");
  g_autofree char *project = in_dir (f, P);

  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpint (symlink (P, link), ==, 0);
  run (f, "set", "link.lacquer", "title=Linked", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_false (g_file_test (link_wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sql_int (project, "SELECT count(*) FROM album WHERE title = 'Linked'"), ==, 1);
  run (f, "list", "--json", "link.lacquer", NULL);
  lq_test_cli_assert_ok (&f->cli);
  {
    g_autoptr(JsonNode) list = lq_test_cli_parse_stdout (&f->cli);
    g_assert_cmpstr (json_object_get_string_member (list_track (list, 0), "status"), ==, "ok");
  }
}

/* analyze killed after its first track is stored keeps that track; the
 * project is sound. */
static void
test_killed_analyze (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *project = in_dir (f, P);
  const char *cli = g_getenv ("LQ_CLI");
  const char *argv[] = { cli, "analyze", "--jobs", "1", P, NULL };
  g_autoptr(GError) error = NULL;
  gboolean killed = FALSE;
  GPid pid;
  int wait_status;

  /* A short track, then a long one that keeps the analysis busy. */
  write_sine (f, "long.wav", -14.0, 48000, 1, 600);
  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "long.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);

  g_assert_true (g_spawn_async (f->cli.dir, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  for (;;)
    {
      if (waitpid (pid, &wait_status, WNOHANG) == pid)
        break;   /* it finished before the first track was seen stored */
      if (sql_int_try (project, "SELECT count(*) FROM analysis_cache") >= 1)
        {
          g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
          g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
          killed = TRUE;
          break;
        }
      g_usleep (5000);
    }
  g_spawn_close_pid (pid);
  g_assert_true (killed);
  g_assert_true (WIFSIGNALED (wait_status));

  g_assert_cmpint (sql_int (project, "SELECT count(*) FROM analysis_cache"), ==, 1);
  {
    g_autoptr(LqProject) p = lq_project_open (project, FALSE, &error);

    g_assert_no_error (error);
    g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 1)));
    g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 2)));
  }
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  /* Running it again finishes the rest. */
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_assert_contains (f->cli.out, "1 track to analyze");
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-integrity/accept-changed", test_accept_changed);
  ADD ("/cli-integrity/missing-advice", test_missing_advice);
  ADD ("/cli-integrity/add-not-regular", test_add_not_regular);
  ADD ("/cli-integrity/read-only-folder", test_read_only_folder);
  ADD ("/cli-integrity/symlink", test_symlink);
  ADD ("/cli-integrity/killed-analyze", test_killed_analyze);
#undef ADD

  return g_test_run ();
}

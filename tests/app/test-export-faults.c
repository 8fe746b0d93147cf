/* test-export-faults.c: an export under attack. While one export writes
 * into a folder, a second export aims at the same folder, the project is
 * edited, and the first export is killed with SIGKILL; then an export runs
 * into a full disk (a small tmpfs in a private mount namespace). After each
 * blow: every file under a final name measures as the export reported it,
 * no temporary file is left behind once an export has run to its end, and
 * every source's checksum is unchanged. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <string.h>
#include <sys/wait.h>

#include "lq-analyzer.h"
#include "lq-test-audio.h"

#define RATE 44100
#define N_TRACKS 3
#define SECONDS 30
#define P "album.lacquer"

typedef struct
{
  char *dir;
  char *src[N_TRACKS];
  char *sum[N_TRACKS];
} Fixture;

static double
noise_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  double amplitude = *(const double *) data;
  guint64 z = (i * 2 + c + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  /* A slow swell, so the limiter and the loudness both have work. */
  return amplitude * (0.6 + 0.4 * sin ((double) i / rate))
         * ((double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
}

static int
cli (const char *dir,
     char **out,
     char **err,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = lq_test_run_cli (dir, out, err, ap);
  va_end (ap);
  return status;
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double amplitude[N_TRACKS] = { 0.2, 0.5, 0.9 };

  f->dir = lq_test_tmpdir ();
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u - Song %u.wav", i + 1, i + 1);

      f->src[i] = g_build_filename (f->dir, name, NULL);
      lq_test_write (f->src[i], SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2,
                     (guint64) SECONDS * RATE, noise_signal, &amplitude[i], NULL);
      f->sum[i] = lq_test_checksum (f->src[i]);
    }
  g_assert_cmpint (cli (f->dir, &out, &err, "new", P, "--title", "Faults", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "add", P, f->src[0], f->src[1], f->src[2], NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "analyze", P, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "match", P, "--target", "spotify", NULL), ==, 0);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *now = lq_test_checksum (f->src[i]);

      /* After everything the test did, every source is as it was. */
      g_assert_cmpstr (now, ==, f->sum[i]);
      g_free (f->src[i]);
      g_free (f->sum[i]);
    }
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

/* The hidden files in @dir (temporary files start with a dot). */
static guint
count_hidden (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.' && !g_str_has_suffix (name, ".lock"))
      n++;
  return n;
}

/* The names under a final name (not hidden) in @dir, sorted. */
static GPtrArray *
final_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return names;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

/* Checks every file under a final name in @dir against the export report
 * @json (which lists the files as written to @reported_dir): each one is in
 * the report as passed and measures what the report says. Returns the number
 * of files checked. */
static guint
check_files_against_report (const char *dir,
                            const char *reported_dir,
                            const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = final_files (dir);
  JsonArray *tracks;
  guint checked = 0;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  tracks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks");
  g_assert_nonnull (tracks);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *reported = g_build_filename (reported_dir, name, NULL);
      JsonObject *entry = NULL;

      for (guint t = 0; t < json_array_get_length (tracks); t++)
        {
          JsonObject *o = json_array_get_object_element (tracks, t);
          const char *p = NULL;

          p = json_object_get_string_member (o, "output_path");
          if (g_strcmp0 (p, reported) == 0)
            entry = o;
        }
      if (entry == NULL)
        g_error ("%s is under a final name but not in the export's report:\n%s", name, json);
      g_assert_true (json_object_get_boolean_member (entry, "passed"));
      {
        g_autoptr(LqTrackAnalysis) a = lq_analyze_file (path, NULL, NULL, NULL, &error);
        const LqTrackMeasures *m;

        g_assert_no_error (error);
        m = lq_track_analysis_get_measures (a);
        g_assert_cmpfloat_with_epsilon (m->integrated_lufs,
                                        json_object_get_double_member (entry, "integrated_lufs"), 0.005);
        g_assert_cmpfloat_with_epsilon (m->true_peak_dbtp,
                                        json_object_get_double_member (entry, "true_peak_dbtp"), 0.005);
      }
      checked++;
    }
  return checked;
}

static gboolean
wait_for_temporary (const char *dir,
                    GPid pid)
{
  for (guint i = 0; i < 20000; i++)
    {
      int status;

      if (count_hidden (dir) > 0)
        return TRUE;
      if (waitpid (pid, &status, WNOHANG) == pid)
        return FALSE;
      g_usleep (500);
    }
  return FALSE;
}

/* Export A writes; export B aims at the same folder; the project is edited;
 * A is killed; export C runs to its end. */
static void
test_concurrent_and_killed (Fixture *f,
                            gconstpointer data)
{
  g_autofree char *out_dir = g_build_filename (f->dir, "master", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("LQ_CLI"), "export", P, "--out", out_dir, NULL };
  GPid pid;
  int status;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_async (f->dir, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_temporary (out_dir, pid));

  /* A second export into the same folder is refused while A writes, and
   * says why; it writes nothing. */
  status = cli (f->dir, &out, &err, "export", P, "--out", out_dir, "--force", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, out_dir));
  g_assert_nonnull (strstr (err, "export"));

  /* An edit of the project meanwhile is either made or refused with a
   * message: never a crash. */
  status = cli (f->dir, &out, &err, "set", P, "1", "gain=-1.5", NULL);
  g_assert_true (status == 0 || (status == 1 && err != NULL && *err != '\0'));

  /* A dies without cleaning up. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);

  /* C runs to its end: the folder is free again, A's leftovers are gone,
   * and every file under a final name is one C wrote and measured. */
  status = cli (f->dir, &out, &err, "export", P, "--out", out_dir, "--force", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_hidden (out_dir), ==, 0);
  g_assert_cmpuint (check_files_against_report (out_dir, out_dir, out), ==, N_TRACKS);
}

/* An export into a folder that fills up: the tracks that fit are complete
 * and measure as reported, the one that did not is reported as failed, and
 * nothing half-written stays under a final name. */
static void
test_full_disk (Fixture *f,
                gconstpointer data)
{
  g_autofree char *out_dir = g_build_filename (f->dir, "small-disk", NULL);
  g_autofree char *copy_dir = g_build_filename (f->dir, "copied", NULL);
  g_autofree char *json_path = g_build_filename (f->dir, "export.json", NULL);
  g_autofree char *err_path = g_build_filename (f->dir, "export.err", NULL);
  g_autofree char *hidden_path = g_build_filename (f->dir, "hidden.txt", NULL);
  g_autofree char *script = NULL;
  g_autofree char *json = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *tracks;
  guint passed = 0, failed = 0;
  int status;
  /* A 30 s stereo 24-bit track is about 7.9 MB: room for one and a half. */
  const char *size = "12m";

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (copy_dir, 0755), ==, 0);
  script = g_strdup_printf ("mount -t tmpfs -o size=%s tmpfs '%s' || exit 99\n"
                            "'%s' export '%s' --out '%s' --json > '%s' 2> '%s'\n"
                            "rc=$?\n"
                            "ls -A '%s' | grep '^\\.' | grep -v '\\.lock$' > '%s'\n"
                            "for f in '%s'/*; do [ -e \"$f\" ] && cp \"$f\" '%s'/; done\n"
                            "exit $rc\n",
                            size, out_dir, g_getenv ("LQ_CLI"), P, out_dir, json_path, err_path,
                            out_dir, hidden_path, out_dir, copy_dir);
  {
    const char *argv[] = { "unshare", "-m", "sh", "-c", script, NULL };

    g_assert_true (g_spawn_sync (f->dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (status));
  /* 99: the private tmpfs could not be mounted; the test needs root, as CI has. */
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);

  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_true (g_file_get_contents (err_path, &errors, NULL, NULL));
  g_assert_true (g_file_get_contents (hidden_path, &hidden, NULL, NULL));
  /* No temporary file left behind on the full disk. */
  g_assert_cmpstr (hidden, ==, "");
  /* The failure names the problem. */
  g_assert_nonnull (strstr (errors, "space"));

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  tracks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks");
  for (guint t = 0; t < json_array_get_length (tracks); t++)
    {
      JsonObject *o = json_array_get_object_element (tracks, t);

      if (json_object_get_boolean_member (o, "passed"))
        passed++;
      else
        failed++;
    }
  g_assert_cmpuint (passed, >=, 1);
  g_assert_cmpuint (failed, >=, 1);
  /* The files under final names are exactly the passed ones, each measuring
   * as reported. */
  g_assert_cmpuint (check_files_against_report (copy_dir, out_dir, json), ==, passed);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/export-faults/concurrent-and-killed", Fixture, NULL,
              fixture_setup, test_concurrent_and_killed, fixture_teardown);
  g_test_add ("/export-faults/full-disk", Fixture, NULL,
              fixture_setup, test_full_disk, fixture_teardown);
  return g_test_run ();
}

/* test-cli.c: lacquer-cli analyze as a user runs it: exit codes, messages, JSON. */
#include <json-glib/json-glib.h>
#include <math.h>

#include "lq-test-audio.h"
#include "lq-test-cli.h"

typedef struct
{
  LqTestCli cli;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  double loud = -10.0, quiet = -25.0;
  g_autofree char *a = NULL, *b = NULL, *n = NULL, *s = NULL;

  lq_test_cli_setup (&f->cli);
  a = g_build_filename (f->cli.dir, "loud.wav", NULL);
  b = g_build_filename (f->cli.dir, "quiet.flac", NULL);
  s = g_build_filename (f->cli.dir, "silence.wav", NULL);
  n = g_build_filename (f->cli.dir, "notes.txt", NULL);
  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 4, lq_test_sine_1k, &loud, "Loud Song");
  lq_test_write (b, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 48000 * 4, lq_test_sine_1k, &quiet, NULL);
  {
    double zero = -400.0;   /* 10^-20: digital silence in 16 bits */
    lq_test_write (s, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &zero, NULL);
  }
  g_assert_true (g_file_set_contents (n, "not audio\n", -1, NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lq_test_cli_teardown (&f->cli);
}

/* Runs lacquer-cli with @args (NULL-terminated) in the fixture's directory. */
static void
run (Fixture *f, ...)
{
  va_list ap;

  va_start (ap, f);
  lq_test_cli_runv (&f->cli, ap);
  va_end (ap);
}

static JsonObject *
parse (Fixture *f, JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, f->cli.out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_json_shape (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char *track_keys[] = {
    "source_path", "title", "duration_s", "sample_rate", "channels", "format", "integrated_lufs", "lra_lu",
    "max_momentary_lufs", "max_short_term_lufs", "sample_peak_dbfs", "true_peak_dbtp", "plr_db",
    "dc_offset_db", "correlation", "clipped_samples", "album_offset_lu",
  };
  static const char *album_keys[] = {
    "integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs", "loudest_source_path", "quietest_source_path", "n_tracks",
  };
  JsonObject *root, *album, *t0, *t1, *t2;
  JsonArray *tracks;

  run (f, "analyze", "--json", "./loud.wav", "quiet.flac", "silence.wav", NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
  g_assert_cmpstr (f->cli.err, ==, "");
  root = parse (f, parser);

  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "document"), ==, "analysis");
  tracks = json_object_get_array_member (root, "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 3);
  t0 = json_array_get_object_element (tracks, 0);
  t1 = json_array_get_object_element (tracks, 1);
  t2 = json_array_get_object_element (tracks, 2);
  for (guint i = 0; i < G_N_ELEMENTS (track_keys); i++)
    {
      g_assert_true (json_object_has_member (t0, track_keys[i]));
      g_assert_true (json_object_has_member (t2, track_keys[i]));
    }
  /* Paths exactly as given, in the order given. */
  g_assert_cmpstr (json_object_get_string_member (t0, "source_path"), ==, "./loud.wav");
  g_assert_cmpstr (json_object_get_string_member (t1, "source_path"), ==, "quiet.flac");
  g_assert_cmpstr (json_object_get_string_member (t2, "source_path"), ==, "silence.wav");

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t0, "integrated_lufs"), -10.0, 0.05);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t1, "integrated_lufs"), -28.0, 0.05);
  g_assert_cmpint (json_object_get_int_member (t1, "sample_rate"), ==, 48000);
  g_assert_cmpint (json_object_get_int_member (t1, "channels"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (t0, "format"), ==, "WAV 24-bit");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t0, "dc_offset_db")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t1, "dc_offset_db")), ==, 1);
  /* What does not exist is null: mono correlation, silence's loudness. */
  g_assert_true (json_object_get_null_member (t1, "correlation"));
  g_assert_true (json_object_get_null_member (t2, "integrated_lufs"));
  g_assert_true (json_object_get_null_member (t2, "album_offset_lu"));
  g_assert_true (json_object_get_null_member (t2, "true_peak_dbtp"));

  album = json_object_get_object_member (root, "album_analysis");
  for (guint i = 0; i < G_N_ELEMENTS (album_keys); i++)
    g_assert_true (json_object_has_member (album, album_keys[i]));
  g_assert_cmpstr (json_object_get_string_member (album, "loudest_source_path"), ==, "./loud.wav");
  g_assert_cmpstr (json_object_get_string_member (album, "quietest_source_path"), ==, "quiet.flac");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t0, "album_offset_lu"),
                                  json_object_get_double_member (t0, "integrated_lufs")
                                  - json_object_get_double_member (album, "integrated_lufs"), 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "errors")), ==, 0);
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *errors;
  JsonObject *root;

  run (f, "analyze", "--json", "missing.wav", "loud.wav", ".", "notes.txt", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  root = parse (f, parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "tracks")), ==, 1);
  errors = json_object_get_array_member (root, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "source_path"), ==, "missing.wav");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1), "source_path"), ==, ".");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 2), "source_path"), ==, "notes.txt");

  /* One line each on stderr, naming the file and the reason. */
  lines = g_strsplit (g_strchomp (f->cli.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "lacquer-cli: missing.wav: No such file"));
  g_assert_true (g_str_has_prefix (lines[1], "lacquer-cli: .: Is a directory"));
  g_assert_true (g_str_has_prefix (lines[2], "lacquer-cli: notes.txt: Not an audio file"));
}

static void
test_table (Fixture *f, gconstpointer data)
{
  run (f, "analyze", "loud.wav", "quiet.flac", NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
  g_assert_nonnull (strstr (f->cli.out, "Loud Song"));   /* the title tag */
  g_assert_nonnull (strstr (f->cli.out, "quiet"));       /* the file name */
  g_assert_nonnull (strstr (f->cli.out, "-10.0"));
  g_assert_nonnull (strstr (f->cli.out, "-28.0"));
  g_assert_nonnull (strstr (f->cli.out, "Album (2 tracks)"));
  /* Not a terminal: no progress bar. */
  g_assert_null (strchr (f->cli.err, '\r'));
}

/* On a terminal, a progress bar on stderr; the table on stdout all the same.
 * script(1) gives the command a pseudo-terminal. */
static void
test_progress_on_terminal (Fixture *f, gconstpointer data)
{
  g_autofree char *command = NULL;
  g_autofree char *script = g_find_program_in_path ("script");
  const char *cli = g_getenv ("LQ_CLI");

  /* bsdutils, which build-aux/install-deps.sh installs (and Debian always has):
   * no reason to skip */
  if (script == NULL)
    {
      g_test_fail_printf ("script(1) is not installed: build-aux/install-deps.sh installs it "
                          "(Debian package bsdutils)");
      return;
    }
  command = g_strdup_printf ("%s analyze loud.wav quiet.flac", cli);
  {
    const char *argv[] = { "script", "-qec", command, "/dev/null", NULL };
    g_autoptr(GError) error = NULL;
    int wait_status;

    g_clear_pointer (&f->cli.out, g_free);
    g_clear_pointer (&f->cli.err, g_free);
    g_assert_true (g_spawn_sync (f->cli.dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &f->cli.out, &f->cli.err, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  }
  /* The terminal merges both streams: the bar's carriage returns and
   * percentages, then the table. */
  g_assert_nonnull (strstr (f->cli.out, "\r"));
  g_assert_nonnull (strstr (f->cli.out, "100%"));
  g_assert_nonnull (strstr (f->cli.out, "2 of 2 files"));
  g_assert_nonnull (strstr (f->cli.out, "Loud Song"));
  g_assert_nonnull (strstr (f->cli.out, "Album (2 tracks)"));
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  run (f, NULL);
  g_assert_cmpint (f->cli.status, ==, 2);
  run (f, "analyze", NULL);
  g_assert_cmpint (f->cli.status, ==, 2);
  g_assert_nonnull (strstr (f->cli.err, "no files"));
  run (f, "analyze", "--frobnicate", "loud.wav", NULL);
  g_assert_cmpint (f->cli.status, ==, 2);
  run (f, "analyze", "--jobs", "999", "loud.wav", NULL);
  g_assert_cmpint (f->cli.status, ==, 2);
  run (f, "analyse-this", NULL);
  g_assert_cmpint (f->cli.status, ==, 2);
  g_assert_nonnull (strstr (f->cli.err, "unknown command"));
  run (f, "--help", NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
  g_assert_nonnull (strstr (f->cli.out, "analyze"));
  run (f, "analyze", "--jobs", "1", "loud.wav", NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
}

static void
test_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *demo = g_build_filename (f->cli.dir, "demo", NULL);
  JsonArray *tracks;
  JsonObject *root;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  run (f, "demo", "--json", "--directory", demo, NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
  root = parse (f, parser);
  tracks = json_object_get_array_member (root, "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 4);
  /* The demo is meant to need mastering: loudness spread wide, one track clipping. */
  for (guint i = 0; i < 4; i++)
    {
      double l = json_object_get_double_member (json_array_get_object_element (tracks, i), "integrated_lufs");
      lo = MIN (lo, l);
      hi = MAX (hi, l);
    }
  g_assert_cmpfloat (hi - lo, >, 8.0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tracks, 3), "clipped_samples"), >, 0);
  /* A second run reuses the files. */
  run (f, "demo", "--directory", demo, NULL);
  g_assert_cmpint (f->cli.status, ==, 0);
  g_assert_nonnull (strstr (f->cli.out, "Morning Light"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/json-shape", test_json_shape);
  ADD ("/cli/bad-files", test_bad_files);
  ADD ("/cli/table", test_table);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/progress-on-terminal", test_progress_on_terminal);
  ADD ("/cli/demo", test_demo);
#undef ADD

  return g_test_run ();
}

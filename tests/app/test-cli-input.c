/* test-cli-input.c: what lacquer-cli takes in and what it prints back.
 *
 * Text fields are checked when set; titles from tags and file names are made
 * valid where they enter; every string from a file, a tag, a path or a
 * project reaches the terminal with its control characters escaped; every
 * number an option or a field takes is decimal, finite and nothing else;
 * counts are singular when they are one.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "lq-tags.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"

#define P "album.lacquer"
/* A title an attacker would tag: set the window title, then turn text red. */
#define HOSTILE "\x1b]0;PWNED\x07\x1b[31mRed"

typedef struct
{
  LqTestCli cli;
} Fixture;

static void
write_wav (Fixture *f,
           const char *name,
           const char *title)
{
  g_autofree char *path = g_build_filename (f->cli.dir, name, NULL);
  double level = -20.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, title);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  lq_test_cli_setup (&f->cli);
  write_wav (f, "one.wav", "One");
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_cli_teardown (&f->cli);
}

static int
run (Fixture *f, ...)
{
  va_list ap;

  va_start (ap, f);
  lq_test_cli_runv (&f->cli, ap);
  va_end (ap);
  return f->cli.status;
}

static void
assert_status (Fixture *f,
               int status)
{
  if (f->cli.status != status)
    g_error ("exit status %d, expected %d\nstdout: %s\nstderr: %s", f->cli.status, status, f->cli.out, f->cli.err);
}

/* Text a terminal shows as it is: valid UTF-8 without control characters
 * other than the line ends. */
static void
assert_printable (const char *what,
                  const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    g_error ("%s is not valid UTF-8: %s", what, text);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          g_autofree char *shown = g_strescape (text, NULL);

          g_error ("%s carries the control character U+%04X: %s", what, c, shown);
        }
    }
}

static void
assert_clean (Fixture *f)
{
  assert_printable ("stdout", f->cli.out);
  assert_printable ("stderr", f->cli.err);
}

static void
new_project (Fixture *f,
             const char *file)
{
  run (f, "new", P, NULL);
  assert_status (f, 0);
  run (f, "add", P, file, NULL);
  assert_status (f, 0);
}

/* The project's JSON (valid JSON: parsing it is the check). */
static JsonObject *
list_json (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run (f, "list", P, "--json", NULL);
  assert_status (f, 0);
  json_parser_load_from_data (parser, f->cli.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "format_version"),
                   ==, 1);
  return json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                         "project"));
}

static const char *
track_title (JsonObject *root,
             guint position)
{
  JsonObject *track = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (root, "tracks"), position - 1), "fields");

  return json_object_get_null_member (track, "title") ? NULL : json_object_get_string_member (track, "title");
}

/* 11. Text fields ---------------------------------------------------------- */

static void
test_text_fields_checked (Fixture *f,
                          gconstpointer data)
{
  g_autofree char *long_title = NULL;
  g_autofree char *fits = g_strnfill (1024, 'x');
  g_autoptr(JsonObject) root = NULL;
  static const char *const refused[] = {
    "title=\x1b]0;x\x07",
    "title=Caf\xe9",
    "artist=\x1b[31mred",
    "composer=a\x7f",
    "title=two\nlines",
  };

  new_project (f, "one.wav");
  long_title = g_strconcat ("title=", fits, "y", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      run (f, "set", P, "1", refused[i], NULL);
      g_assert_cmpint (f->cli.status, !=, 0);
      assert_clean (f);
      lq_test_assert_contains (f->cli.err, refused[i][0] == 'a' ? "artist" : refused[i][0] == 'c' ? "composer" : "title");
    }
  run (f, "set", P, "1", long_title, NULL);
  g_assert_cmpint (f->cli.status, !=, 0);
  lq_test_assert_contains (f->cli.err, "1024");
  run (f, "set", P, "album-title=x", NULL);   /* not a key: still an error, still clean */
  g_assert_cmpint (f->cli.status, !=, 0);
  run (f, "set", P, "title=\x1b]0;album\x07", NULL);
  g_assert_cmpint (f->cli.status, !=, 0);
  assert_clean (f);

  /* Nothing refused reached the project. */
  root = list_json (f);
  g_assert_cmpstr (track_title (root, 1), ==, "One");   /* from the tag */
  g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "album_fields"), "title"));
  g_clear_pointer (&root, json_object_unref);

  /* 1,024 bytes are allowed. */
  long_title[6 + 1024] = '\0';
  run (f, "set", P, "1", long_title, NULL);
  assert_status (f, 0);
  root = list_json (f);
  g_assert_cmpstr (track_title (root, 1), ==, fits);
}

/* A file named with a Latin-1 byte is added, listed and exported with a
 * valid UTF-8 title and file name. */
static void
test_latin1_file_name (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *out_dir = g_build_filename (f->cli.dir, "out", NULL);
  g_autofree char *exported = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(LqTags) tags = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *track;
  const char *name;
  guint n = 0;

  write_wav (f, "Caf\xe9 del Mar.wav", NULL);
  run (f, "new", P, NULL);
  assert_status (f, 0);
  run (f, "add", P, "Caf\xe9 del Mar.wav", NULL);
  assert_status (f, 0);
  assert_clean (f);

  run (f, "list", P, NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "Café del Mar");

  root = list_json (f);
  track = json_array_get_object_element (json_object_get_array_member (root, "tracks"), 0);
  g_assert_cmpstr (json_object_get_string_member (track, "title"), ==, "Café del Mar");

  run (f, "export", P, "--out", "out", NULL);
  assert_status (f, 0);
  assert_clean (f);

  dir = g_dir_open (out_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      n++;
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_cmpstr (name, ==, "01 - Café del Mar.wav");
      exported = g_build_filename (out_dir, name, NULL);
    }
  g_assert_cmpuint (n, ==, 1);
  tags = lq_tags_read (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tags->title, ==, "Café del Mar");
}

/* 12. Escapes --------------------------------------------------------------- */

static void
test_escapes_from_tags (Fixture *f,
                        gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  write_wav (f, "hostile.wav", HOSTILE);

  run (f, "analyze", "hostile.wav", NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "PWNED");

  /* The tag was cleaned where it was read: JSON has it without the escapes. */
  run (f, "analyze", "--json", "hostile.wav", NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "PWNED");
  g_assert_null (strstr (f->cli.out, "\\u001b"));
  json_parser_load_from_data (parser, f->cli.out, -1, &error);
  g_assert_no_error (error);

  new_project (f, "hostile.wav");
  assert_clean (f);
  run (f, "list", P, NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "PWNED");
  run (f, "remove", P, "1", NULL);
  assert_status (f, 0);
  assert_clean (f);
}

/* File names and paths: in tables, messages and error lines. */
static void
test_escapes_from_paths (Fixture *f,
                         gconstpointer data)
{
  const char *hostile_wav = "a\x1b[2Jb.wav";
  const char *hostile_project = "p\x1b]0;x\x07.lacquer";

  write_wav (f, hostile_wav, NULL);

  run (f, "analyze", hostile_wav, NULL);
  assert_status (f, 0);
  assert_clean (f);

  run (f, "\x1b]0;x\x07", NULL);   /* not a command */
  assert_status (f, 2);
  assert_clean (f);
  run (f, "list", "--colour\x1b[31m", NULL);   /* not an option */
  assert_status (f, 2);
  assert_clean (f);
  run (f, "analyze", "--jobs", "\x1b[31m", "one.wav", NULL);
  assert_status (f, 2);
  assert_clean (f);

  run (f, "analyze", "gone\x1b[31m\xff.wav", NULL);
  assert_status (f, 1);
  assert_clean (f);
  lq_test_assert_contains (f->cli.err, "gone\\x1b[31m\\xff.wav");

  run (f, "new", hostile_project, NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "p\\x1b]0;x\\x07.lacquer");

  run (f, "add", hostile_project, hostile_wav, NULL);
  assert_status (f, 0);
  assert_clean (f);
  /* The undo hint is a shell word that still names the file. */
  lq_test_assert_contains (f->cli.out, "$'p\\x1b]0;x\\x07.lacquer'");

  run (f, "list", hostile_project, NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "a\\x1b[2Jb.wav");

  run (f, "add", hostile_project, "missing\x1b[31m.wav", NULL);
  assert_status (f, 1);
  assert_clean (f);
  lq_test_assert_contains (f->cli.err, "missing\\x1b[31m.wav");

  run (f, "set", hostile_project, "1", "gain=1", NULL);
  assert_status (f, 0);
  assert_clean (f);

  run (f, "match", hostile_project, "--target", "spotify", "--dry-run", NULL);
  assert_clean (f);
  run (f, "analyze", hostile_project, NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "match", hostile_project, "--target", "spotify", NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "match", hostile_project, "--show", NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "undo", hostile_project, NULL);
  assert_status (f, 0);
  assert_clean (f);
}

/* A project written by another program (or an older Lacquer) may hold what
 * `set` refuses today: it is shown escaped. */
static void
test_escapes_from_project (Fixture *f,
                           gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->cli.dir, P, NULL);
  g_autoptr(JsonObject) root = NULL;
  sqlite3 *db = NULL;

  new_project (f, "one.wav");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE album SET title = '" HOSTILE "', artist = 'x' || char(155) || '2J' || char(127);"
                                 "UPDATE track SET title = '" HOSTILE "', composer = '" HOSTILE "';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  run (f, "list", P, NULL);
  assert_status (f, 0);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "\\x1b]0;PWNED\\x07\\x1b[31mRed");
  lq_test_assert_contains (f->cli.out, "x\\u009b2J\\x7f");

  /* `set` echoes the values it stored; the composer is still hostile. */
  run (f, "set", P, "1", "gain=1", "composer=Fine", NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "set", P, "1", "composer=Fine", NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "undo", P, NULL);
  assert_status (f, 0);
  assert_clean (f);
  run (f, "set", P, "1", "gain=1", NULL);
  assert_clean (f);

  /* JSON stays valid JSON and keeps the value, escaped the JSON way. */
  root = list_json (f);
  assert_clean (f);
  lq_test_assert_contains (f->cli.out, "\\u001b]0;PWNED\\u0007\\u001b[31mRed");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "album_fields"), "title"), ==, HOSTILE);
}

/* 13. Numbers -------------------------------------------------------------- */

static void
assert_usage_error (Fixture *f,
                    const char *option)
{
  assert_status (f, 2);
  assert_clean (f);
  lq_test_assert_contains (f->cli.err, option);
}

static void
test_option_numbers (Fixture *f,
                     gconstpointer data)
{
  static const struct { const char *option; const char *value; } match_cases[] = {
    { "--keep", "nan" }, { "--keep", "inf" }, { "--keep", "0x0.8p0" }, { "--keep", " 0.5" }, { "--keep", "0.5x" },
    { "--cap", "nan" }, { "--cap", "0x6" }, { "--cap", "1e999" },
    { "--ceiling", "nan" }, { "--ceiling", "-inf" }, { "--ceiling", "-0x1" },
    { "--tonal", "nan" }, { "--tonal", "0x1" },
    { "--anchor", "0x1" }, { "--anchor", "1.0" }, { "--anchor", " 1" }, { "--anchor", "nan" },
  };

  new_project (f, "one.wav");
  write_wav (f, "two.wav", "Two");   /* tonal matching needs two tracks */
  run (f, "add", P, "two.wav", NULL);
  assert_status (f, 0);
  run (f, "analyze", P, NULL);
  assert_status (f, 0);

  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *joined = g_strdup_printf ("%s=%s", match_cases[i].option, match_cases[i].value);
      gboolean tonal = !g_str_equal (match_cases[i].option, "--keep") && !g_str_equal (match_cases[i].option, "--ceiling")
                       && !g_str_equal (match_cases[i].option, "--tonal");

      if (tonal)
        run (f, "match", P, "--target", "spotify", "--tonal", "0.5", match_cases[i].option, match_cases[i].value,
             "--dry-run", NULL);
      else
        run (f, "match", P, "--target", "spotify", match_cases[i].option, match_cases[i].value, "--dry-run", NULL);
      if (f->cli.status != 2)
        g_error ("match %s %s: exit %d\n%s%s", match_cases[i].option, match_cases[i].value, f->cli.status, f->cli.out, f->cli.err);
      assert_usage_error (f, match_cases[i].option);

      run (f, "match", P, "--target", "spotify", joined, "--dry-run", NULL);
      assert_usage_error (f, match_cases[i].option);
    }
  /* The same options with good values still work. */
  run (f, "match", P, "--target", "spotify", "--keep", "0.25", "--ceiling", "-2", "--dry-run", NULL);
  assert_status (f, 0);
  lq_test_assert_contains (f->cli.out, "keep 0.25");
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--cap", "3", "--anchor", "1", "--dry-run", NULL);
  assert_status (f, 0);

  /* --target is a preset or a number of LUFS, decimal. */
  run (f, "match", P, "--target", "-0x10", "--dry-run", NULL);
  g_assert_cmpint (f->cli.status, !=, 0);
  run (f, "match", P, "--target", "nan", "--dry-run", NULL);
  g_assert_cmpint (f->cli.status, !=, 0);

  run (f, "analyze", "--jobs", "0x2", "one.wav", NULL);
  assert_usage_error (f, "--jobs");
  run (f, "analyze", "--jobs=1.5", "one.wav", NULL);
  assert_usage_error (f, "--jobs");
  run (f, "analyze", "--jobs", "2", "one.wav", NULL);
  assert_status (f, 0);
  run (f, "analyze", "--jobs", "0x2", P, NULL);
  assert_usage_error (f, "--jobs");

  run (f, "export", P, "--out", "out", "--rate", "0xAC44", NULL);
  assert_usage_error (f, "--rate");
  run (f, "export", P, "--out", "out", "--rate", "44100.0", NULL);
  assert_usage_error (f, "--rate");
  {
    g_autofree char *out_dir = g_build_filename (f->cli.dir, "out", NULL);

    g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  }

  run (f, "add", P, "one.wav", "--at", "0x1", NULL);
  assert_status (f, 2);
  run (f, "add", P, "one.wav", "--at", "+1", NULL);
  assert_status (f, 2);
  run (f, "move", P, "0x1", "1", NULL);
  assert_status (f, 2);
  run (f, "remove", P, " 1", NULL);
  assert_status (f, 2);
  run (f, "set", P, "0x1", "gain=1", NULL);
  assert_status (f, 2);
}

static void
test_field_numbers (Fixture *f,
                    gconstpointer data)
{
  static const char *const refused[] = {
    "gap=0x10", "gap= 5", "gap=5 ", "gain=nan", "gain=-inf", "gain=1e999", "gain=0x1p2", "fade-in=1s",
  };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *track;
  double gap, gain;

  new_project (f, "one.wav");
  root = list_json (f);
  track = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (root, "tracks"), 0), "fields");
  gap = json_object_get_double_member (track, "gap");
  gain = json_object_get_double_member (track, "gain");
  g_clear_pointer (&root, json_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *key = g_strndup (refused[i], strchr (refused[i], '=') - refused[i]);

      run (f, "set", P, "1", refused[i], NULL);
      if (f->cli.status == 0)
        g_error ("set 1 %s was accepted: %s", refused[i], f->cli.out);
      assert_clean (f);
      lq_test_assert_contains (f->cli.err, key);
    }
  run (f, "set", P, "year=0x7E8", NULL);
  g_assert_cmpint (f->cli.status, !=, 0);
  run (f, "set", P, "target=-0x10", NULL);
  g_assert_cmpint (f->cli.status, !=, 0);

  root = list_json (f);
  track = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (root, "tracks"), 0), "fields");
  /* Nothing refused was stored (gap=0x10 is not 16). */
  g_assert_cmpfloat (json_object_get_double_member (track, "gap"), ==, gap);
  g_assert_cmpfloat (json_object_get_double_member (track, "gain"), ==, gain);
  g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "album_fields"), "year"));

  run (f, "set", P, "1", "gap=1.5", "gain=-2", NULL);
  assert_status (f, 0);
  lq_test_assert_contains (f->cli.out, "gap=1.5 gain=-2");
}

/* 16. One is singular ------------------------------------------------------- */

static void
test_one_track (Fixture *f,
                gconstpointer data)
{
  new_project (f, "one.wav");
  run (f, "list", P, NULL);
  assert_status (f, 0);
  lq_test_assert_contains (f->cli.out, P ": 1 track, 0:01");
  g_assert_null (strstr (f->cli.out, "1 tracks"));

  run (f, "analyze", "one.wav", NULL);
  assert_status (f, 0);
  lq_test_assert_contains (f->cli.out, "Album (1 track)");
  g_assert_null (strstr (f->cli.out, "1 tracks"));

  run (f, "analyze", P, NULL);
  assert_status (f, 0);
  lq_test_assert_contains (f->cli.out, "1 track to analyze");
  g_assert_null (strstr (f->cli.out, "1 tracks"));

  run (f, "add", P, "one.wav", "--at", "5", NULL);
  assert_status (f, 1);
  lq_test_assert_contains (f->cli.err, "the album has 1 track (positions 1 to 2)");
  g_assert_null (strstr (f->cli.err, "1 tracks"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli-input/text-fields-checked", test_text_fields_checked);
  ADD ("/cli-input/latin1-file-name", test_latin1_file_name);
  ADD ("/cli-input/escapes-from-tags", test_escapes_from_tags);
  ADD ("/cli-input/escapes-from-paths", test_escapes_from_paths);
  ADD ("/cli-input/escapes-from-project", test_escapes_from_project);
  ADD ("/cli-input/option-numbers", test_option_numbers);
  ADD ("/cli-input/field-numbers", test_field_numbers);
  ADD ("/cli-input/one-track", test_one_track);
  return g_test_run ();
}

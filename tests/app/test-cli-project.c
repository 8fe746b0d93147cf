/* test-cli-project.c: lacquer-cli's project commands as a user runs them.
 *
 * Every call is a fresh lacquer-cli process, so what one call did and the
 * next one sees (undo across calls, the analysis cache) went through the file.
 * After every call the source audio files are checked byte for byte.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <time.h>
#include <utime.h>

#include "lq-error.h"
#include "lq-project-fields.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"

#define P "album.lacquer"

typedef struct
{
  LqTestCli cli;
  GHashTable *sums;   /* source file (relative) -> SHA-256 it must keep */
} Fixture;

static void
remember (Fixture *f,
          const char *name)
{
  g_autofree char *path = g_build_filename (f->cli.dir, name, NULL);

  g_hash_table_insert (f->sums, g_strdup (name), lq_test_checksum (path));
}

/* The test itself moves a source file (as a user reorganising folders). */
static void
move_source (Fixture *f,
             const char *from,
             const char *to)
{
  g_autofree char *a = g_build_filename (f->cli.dir, from, NULL);
  g_autofree char *b = g_build_filename (f->cli.dir, to, NULL);
  g_autofree char *parent = g_path_get_dirname (b);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (g_rename (a, b), ==, 0);
  g_hash_table_remove (f->sums, from);
  remember (f, to);
}

static void
check_sources (Fixture *f)
{
  GHashTableIter iter;
  gpointer name, sum;

  g_hash_table_iter_init (&iter, f->sums);
  while (g_hash_table_iter_next (&iter, &name, &sum))
    {
      g_autofree char *path = g_build_filename (f->cli.dir, name, NULL);
      g_autofree char *now = lq_test_checksum (path);

      g_assert_cmpstr (now, ==, sum);
    }
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  double one = -10.0, two = -20.0, three = -25.0;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *n = NULL;

  lq_test_cli_setup (&f->cli);
  f->sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  a = g_build_filename (f->cli.dir, "one.wav", NULL);
  b = g_build_filename (f->cli.dir, "two.wav", NULL);
  c = g_build_filename (f->cli.dir, "three.flac", NULL);
  n = g_build_filename (f->cli.dir, "notes.txt", NULL);
  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 3, lq_test_sine_1k, &one, "First Song");
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100 * 2, lq_test_sine_1k, &two, NULL);
  lq_test_write (c, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 48000 * 4, lq_test_sine_1k, &three, NULL);
  g_assert_true (g_file_set_contents (n, "not audio\n", -1, NULL));
  remember (f, "one.wav");
  remember (f, "two.wav");
  remember (f, "three.flac");
  remember (f, "notes.txt");
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  check_sources (f);
  g_hash_table_unref (f->sums);
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

  /* No command ever writes to the audio it references. */
  check_sources (f);
}

/* Exit 1 with one line on stderr that names the project and contains @reason. */
static void
assert_failed (Fixture *f,
               const char *project,
               const char *reason)
{
  g_autofree char *prefix = g_strdup_printf ("lacquer-cli: %s: ", project);

  g_assert_cmpint (f->cli.status, ==, 1);
  g_assert_true (g_str_has_prefix (f->cli.err, prefix));
  if (strstr (f->cli.err, reason) == NULL)
    g_error ("“%s” not in: %s", reason, f->cli.err);
  g_assert_cmpstr (f->cli.out, ==, "");
}

static void
assert_usage (Fixture *f)
{
  g_assert_cmpint (f->cli.status, ==, 2);
  g_assert_true (g_str_has_prefix (f->cli.err, "lacquer-cli: "));
}

/* `list --json` as text, for before/after comparisons. */
static char *
list_json (Fixture *f,
           const char *project)
{
  run (f, "list", "--json", project, NULL);
  lq_test_cli_assert_ok (&f->cli);
  return g_strdup (f->cli.out);
}

static JsonObject *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "format_version"),
                   ==, 1);
  /* A project's document (list, a change): the project object. */
  if (json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "project"))
    return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "project");
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
track_json (JsonObject *root,
            guint position)
{
  JsonArray *tracks = json_object_get_array_member (root, "tracks");

  g_assert_cmpuint (position, >=, 1);
  g_assert_cmpuint (position, <=, json_array_get_length (tracks));
  return json_array_get_object_element (tracks, position - 1);
}

/* The fields of track @position, by the keys `set` takes. */
static JsonObject *
track_fields (JsonObject *root,
              guint position)
{
  return json_object_get_object_member (track_json (root, position), "fields");
}

static guint
n_tracks (JsonObject *root)
{
  return json_array_get_length (json_object_get_array_member (root, "tracks"));
}

/* The sources of the tracks in album order, joined by spaces. */
static char *
order (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = list_json (f, P);
  JsonObject *root = parse (text, parser);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint p = 1; p <= n_tracks (root); p++)
    g_string_append_printf (s, "%s%s", p > 1 ? " " : "",
                            json_object_get_string_member (track_json (root, p), "source_relative_path"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
track_status (Fixture *f,
              guint position)
{
  static char status[16];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = list_json (f, P);

  g_strlcpy (status, json_object_get_string_member (track_json (parse (text, parser), position), "status"),
             sizeof status);
  return status;
}

/* An album of one.wav, two.wav, three.flac. */
static void
make_album (Fixture *f)
{
  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "two.wav", "three.flac", NULL);
  lq_test_cli_assert_ok (&f->cli);
}

static void
test_new (Fixture *f,
          gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *project = g_build_filename (f->cli.dir, P, NULL);
  g_autofree char *sum = NULL;
  JsonObject *album;

  run (f, "new", P, "--title", "Night Drive", "--artist", "The Lacquers", "--year", "2024",
       "--genre", "Synthwave", "--upc", "0360-0029-1452", "--catalogue", "LQ-001", "--comment", "Test", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Created " P "\n");

  text = list_json (f, P);
  album = json_object_get_object_member (parse (text, parser), "album_fields");
  g_assert_cmpstr (json_object_get_string_member (album, "title"), ==, "Night Drive");
  g_assert_cmpstr (json_object_get_string_member (album, "artist"), ==, "The Lacquers");
  g_assert_cmpint (json_object_get_int_member (album, "year"), ==, 2024);
  g_assert_cmpstr (json_object_get_string_member (album, "genre"), ==, "Synthwave");
  g_assert_cmpstr (json_object_get_string_member (album, "upc"), ==, "036000291452");   /* normalised */
  g_assert_cmpstr (json_object_get_string_member (album, "catalogue"), ==, "LQ-001");
  g_assert_cmpstr (json_object_get_string_member (album, "comment"), ==, "Test");
  g_assert_true (json_object_has_member (album, "target"));
  g_assert_true (json_object_get_null_member (album, "target"));
  g_assert_cmpuint (n_tracks (parse (text, parser)), ==, 0);
  g_assert_true (json_object_get_null_member (parse (text, parser), "album_analysis"));

  /* An existing file is never replaced: not a project, nor a file of ours. */
  sum = lq_test_checksum (project);
  run (f, "new", P, NULL);
  assert_failed (f, P, "already exists");
  run (f, "new", P, "--title", "Other", NULL);
  assert_failed (f, P, "already exists");
  {
    g_autofree char *now = lq_test_checksum (project);
    g_assert_cmpstr (now, ==, sum);
  }
  run (f, "new", "notes.txt", NULL);
  assert_failed (f, "notes.txt", "already exists");

  /* Bad values are refused before anything is created. */
  run (f, "new", "bad.lacquer", "--upc", "036000291453", NULL);
  assert_failed (f, "bad.lacquer", "check digit (it should end in 2)");
  run (f, "new", "bad.lacquer", "--year", "99999", NULL);
  assert_failed (f, "bad.lacquer", "from 1000 to 9999");
  {
    g_autofree char *bad = g_build_filename (f->cli.dir, "bad.lacquer", NULL);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }

  /* Unset fields are null. */
  run (f, "new", "empty.lacquer", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_free (text);
  text = list_json (f, "empty.lacquer");
  album = json_object_get_object_member (parse (text, parser), "album_fields");
  {
    guint n_fields;

    lq_project_fields_album (&n_fields);
    g_assert_cmpuint (json_object_get_size (album), ==, n_fields);
  }
  g_assert_true (json_object_get_null_member (album, "title"));
  g_assert_true (json_object_get_null_member (album, "year"));
  g_assert_true (json_object_get_null_member (album, "upc"));

  run (f, "list", "empty.lacquer", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, "no tracks yet"));
}

static void
test_add_list (Fixture *f,
               gconstpointer data)
{
  static const char *const keys[] = {
    "position", "title", "source_relative_path", "source_path", "duration_s", "fingerprint", "analysis", "status",
    "user_gain_db", "match_gain_db", "total_gain_db", "fields",
  };
  static const char *const field_keys[] = {
    "title", "artist", "composer", "isrc", "gap", "trim-in", "trim-out", "fade-in",
    "fade-in-shape", "fade-out", "fade-out-shape", "gain", "input-trim", "bypass",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *dir = g_canonicalize_filename (f->cli.dir, NULL);
  JsonObject *root, *t;

  run (f, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "add", P, "one.wav", "./two.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Added 2 tracks as tracks 1 to 2 (undo with: lacquer-cli undo " P ")\n");
  run (f, "add", P, "three.flac", "--at", "1", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Added 1 track as track 1 (undo with: lacquer-cli undo " P ")\n");

  text = list_json (f, P);
  root = parse (text, parser);
  g_assert_cmpuint (n_tracks (root), ==, 3);
  for (guint p = 1; p <= 3; p++)
    {
      t = track_json (root, p);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (!json_object_has_member (t, keys[k]))
          g_error ("track %u has no “%s”", p, keys[k]);
      for (guint k = 0; k < G_N_ELEMENTS (field_keys); k++)
        if (!json_object_has_member (track_fields (root, p), field_keys[k]))
          g_error ("track %u has no field “%s”", p, field_keys[k]);
      g_assert_cmpint (json_object_get_int_member (t, "position"), ==, p);
      g_assert_cmpstr (json_object_get_string_member (t, "status"), ==, "ok");
      g_assert_true (json_object_get_null_member (t, "analysis"));
    }

  t = track_json (root, 1);
  g_assert_cmpstr (json_object_get_string_member (t, "source_relative_path"), ==, "three.flac");
  {
    g_autofree char *path = g_build_filename (dir, "three.flac", NULL);
    g_autofree char *sum = lq_test_checksum (path);

    g_assert_cmpstr (json_object_get_string_member (t, "source_path"), ==, path);
    g_assert_cmpstr (json_object_get_string_member (t, "fingerprint"), ==, sum);
  }
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "duration_s"), 4.0, 1e-9);
  /* Without a tag: derived from the file's name once, when added, and stored. */
  g_assert_cmpstr (json_object_get_string_member (track_fields (root, 1), "title"), ==, "three");
  g_assert_cmpstr (json_object_get_string_member (t, "title"), ==, "three");
  g_assert_cmpstr (json_object_get_string_member (track_fields (root, 1), "fade-in-shape"), ==, "linear");
  g_assert_false (json_object_get_boolean_member (track_fields (root, 1), "bypass"));
  g_assert_cmpfloat (json_object_get_double_member (track_fields (root, 1), "gain"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (t, "user_gain_db"), ==, 0.0);

  t = track_json (root, 2);
  g_assert_cmpstr (json_object_get_string_member (t, "source_relative_path"), ==, "one.wav");
  g_assert_cmpstr (json_object_get_string_member (track_fields (root, 2), "title"), ==, "First Song");   /* the tag */
  g_assert_cmpstr (json_object_get_string_member (t, "title"), ==, "First Song");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "duration_s"), 3.0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (track_json (root, 3), "source_relative_path"), ==, "two.wav");

  /* The table. */
  run (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.err, ==, "");
  g_assert_nonnull (strstr (f->cli.out, "\n" P ": 3 tracks, 0:09\n"));
  g_assert_nonnull (strstr (f->cli.out, "First Song"));
  g_assert_nonnull (strstr (f->cli.out, "three.flac"));
  g_assert_nonnull (strstr (f->cli.out, " ok "));
  g_assert_nonnull (strstr (f->cli.out, "0:04"));
  /* Every album field, set or not, with --all. */
  run (f, "list", P, "--all", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, "\nAlbum\n"));
  g_assert_nonnull (strstr (f->cli.out, "UPC/EAN:"));

  /* A file that is not usable audio stops the whole add. */
  before = g_strdup (text);
  run (f, "add", P, "one.wav", "missing.wav", NULL);
  assert_failed (f, P, "missing.wav: No such file");
  run (f, "add", P, "notes.txt", NULL);
  assert_failed (f, P, "notes.txt: Not an audio file");
  run (f, "add", P, "one.wav", "--at", "5", NULL);
  assert_failed (f, P, "positions 1 to 4");
  run (f, "add", P, "one.wav", "--at", "0", NULL);
  assert_failed (f, P, "positions 1 to 4");
  run (f, "add", "nowhere.lacquer", "one.wav", NULL);
  assert_failed (f, "nowhere.lacquer", "No such file");
  run (f, "add", "notes.txt", "one.wav", NULL);
  assert_failed (f, "notes.txt", "Not a Lacquer project");
  g_free (text);
  text = list_json (f, P);
  g_assert_cmpstr (text, ==, before);

  /* The same file twice is two tracks. */
  run (f, "add", P, "one.wav", "--at", "4", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_free (text);
  text = order (f);
  g_assert_cmpstr (text, ==, "three.flac one.wav two.wav one.wav");
}

static void
test_move_remove (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL, *o = NULL;

  make_album (f);

  run (f, "move", P, "3", "1", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Moved track 3 to 1 (undo with: lacquer-cli undo " P ")\n");
  o = order (f);
  g_assert_cmpstr (o, ==, "three.flac one.wav two.wav");

  run (f, "move", P, "1", "3", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_free (o);
  o = order (f);
  g_assert_cmpstr (o, ==, "one.wav two.wav three.flac");

  run (f, "remove", P, "1", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Removed track 1 (“First Song”) (undo with: lacquer-cli undo " P ")\n");
  g_free (o);
  o = order (f);
  g_assert_cmpstr (o, ==, "two.wav three.flac");

  before = list_json (f, P);
  run (f, "move", P, "1", "5", NULL);
  assert_failed (f, P, "There is no track 5: the album has tracks 1 to 2");
  run (f, "move", P, "0", "1", NULL);
  assert_failed (f, P, "There is no track 0");
  run (f, "remove", P, "3", NULL);
  assert_failed (f, P, "the album has tracks 1 to 2");
  after = list_json (f, P);
  g_assert_cmpstr (after, ==, before);

  /* Nothing moved: no undo step. */
  run (f, "move", P, "2", "2", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Undid: Remove Track 1 (redo with: lacquer-cli redo " P ")\n");
}

static void
test_set (Fixture *f,
          gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *original = NULL;
  JsonObject *album, *t;

  make_album (f);
  original = list_json (f, P);

  /* Several album keys: one edit. */
  run (f, "set", P, "title=Night Drive", "artist=The Lacquers", "year=2023", "upc=4006381333931",
       "target=Spotify", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Set title=Night Drive artist=The Lacquers year=2023 upc=4006381333931 "
                                       "target=spotify for the album (undo with: lacquer-cli undo " P ")\n");
  text = list_json (f, P);
  album = json_object_get_object_member (parse (text, parser), "album_fields");
  g_assert_cmpstr (json_object_get_string_member (album, "title"), ==, "Night Drive");
  g_assert_cmpint (json_object_get_int_member (album, "year"), ==, 2023);
  g_assert_cmpstr (json_object_get_string_member (album, "upc"), ==, "4006381333931");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (album, "target"), "name"), ==,
                   "spotify");

  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Undid: Edit Album (redo with: lacquer-cli redo " P ")\n");
  g_free (text);
  text = list_json (f, P);
  g_assert_cmpstr (text, ==, original);
  run (f, "redo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);

  /* Track keys, normalised and typed. */
  run (f, "set", P, "2", "isrc=gb-aaa-24-00001", "gap=0.5", "gain=-1.5", "fade-out=0.5",
       "fade_out_shape=SCurve", "bypass=yes", "composer=Someone", "input-trim=3", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Set isrc=GBAAA2400001 gap=0.5 gain=-1.5 fade-out=0.5 "
                                       "fade-out-shape=scurve bypass=true composer=Someone input-trim=3 "
                                       "for track 2 (undo with: lacquer-cli undo " P ")\n");
  g_free (text);
  text = list_json (f, P);
  t = track_fields (parse (text, parser), 2);
  g_assert_cmpstr (json_object_get_string_member (t, "isrc"), ==, "GBAAA2400001");
  g_assert_cmpfloat (json_object_get_double_member (t, "gap"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (t, "gain"), ==, -1.5);
  g_assert_cmpfloat (json_object_get_double_member (t, "fade-out"), ==, 0.5);
  g_assert_cmpstr (json_object_get_string_member (t, "fade-out-shape"), ==, "scurve");
  g_assert_true (json_object_get_boolean_member (t, "bypass"));
  g_assert_cmpstr (json_object_get_string_member (t, "composer"), ==, "Someone");
  g_assert_cmpfloat (json_object_get_double_member (t, "input-trim"), ==, 3.0);
  /* Others untouched. */
  g_assert_true (json_object_get_null_member (track_fields (parse (text, parser), 1), "isrc"));

  /* The same value again is no edit: nothing to undo, the redo history stays. */
  run (f, "set", P, "2", "gap=0.5", "bypass=true", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Nothing changed: track 2 already has gap=0.5 bypass=true\n");
  run (f, "set", P, "title=Night Drive", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Nothing changed: the album already has title=Night Drive\n");
  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "Undid: Edit Track 2 "));
  run (f, "set", P, "2", "gap=0", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Nothing changed: track 2 already has gap=0\n");
  run (f, "redo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "Redid: Edit Track 2 "));
  run (f, "set", P, "2", "gap=1", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "Set gap=1 for track 2 (undo with: "));
  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "Undid: Set Gap Before (s) of Track 2 "));

  /* A title replaces the file name in the table. */
  run (f, "set", P, "3", "title=Closer", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Set title=Closer for track 3 (undo with: lacquer-cli undo " P ")\n");
  run (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, "Closer"));
  g_assert_nonnull (strstr (f->cli.out, "GBAAA2400001"));
  g_assert_nonnull (strstr (f->cli.out, "Night Drive"));

  /* Empty clears. */
  run (f, "set", P, "2", "isrc=", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "set", P, "year=", "title=", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_free (text);
  text = list_json (f, P);
  g_assert_true (json_object_get_null_member (track_fields (parse (text, parser), 2), "isrc"));
  album = json_object_get_object_member (parse (text, parser), "album_fields");
  g_assert_true (json_object_get_null_member (album, "year"));
  g_assert_true (json_object_get_null_member (album, "title"));
  g_assert_cmpstr (json_object_get_string_member (album, "artist"), ==, "The Lacquers");
}

static void
test_invalid (Fixture *f,
              gconstpointer data)
{
  /* Track 1 is one.wav, 3 s long. */
  static const struct
  {
    const char *args[4];
    const char *reason;
  } cases[] = {
    { { "1", "gap=-1" }, "gap: “-1” is not allowed; give a number from 0 to 600" },
    { { "1", "gap=soon" }, "give a number from 0 to 600" },
    { { "1", "fade-in=30" }, "fade-in plus fade-out (30.00 s) is longer than the trimmed track (3.00 s)" },
    { { "1", "fade-in=1", "fade-out=2.5" }, "is longer than the trimmed track" },
    { { "1", "trim-in=2", "trim-out=1" }, "must leave at least 0.1 s" },
    { { "1", "isrc=US-123" }, "is not an ISRC; an ISRC is CC-XXX-YY-NNNNN" },
    { { "1", "title=Changed", "isrc=XX" }, "is not an ISRC" },   /* nothing of it applies */
    { { "1", "gain=100" }, "give a number from -48 to 24" },
    { { "1", "fade-in-shape=cubic" }, "choose one of: linear, log, scurve" },
    { { "1", "bypass=maybe" }, "give true or false" },
    { { "1", "loudness=3" }, "Unknown track key “loudness”; track keys are: title, artist" },
    { { "1", "year=2020" }, "Unknown track key “year”" },
    { { "4", "gap=1" }, "There is no track 4: the album has tracks 1 to 3" },
    { { "0", "gap=1" }, "There is no track 0" },
    { { "upc=036000291453" }, "has a wrong check digit (it should end in 2)" },
    { { "upc=12345" }, "give 12 (UPC-A) or 13 (EAN-13) digits" },
    { { "year=99" }, "give a whole number from 1000 to 9999" },
    { { "target=loud" }, "is not a delivery target" },
    { { "isrc=GBAAA2400001" }, "Unknown album key “isrc”; album keys are: title, artist" },
  };
  g_autofree char *before = NULL;

  make_album (f);
  run (f, "set", P, "title=Kept", NULL);
  lq_test_cli_assert_ok (&f->cli);
  before = list_json (f, P);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;
      const char *const *a = cases[i].args;

      run (f, "set", P, a[0], a[1], a[2], a[3], NULL);
      assert_failed (f, P, cases[i].reason);
      after = list_json (f, P);
      g_assert_cmpstr (after, ==, before);
    }

  /* And the last edit is still the one undo reverts. */
  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "Undid: Set Album Title "));
}

static void
test_undo_redo (Fixture *f,
                gconstpointer data)
{
  g_autofree char *s0 = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL, *now = NULL;
  guint steps = 0;

  make_album (f);
  s0 = list_json (f, P);
  run (f, "move", P, "3", "1", NULL);
  lq_test_cli_assert_ok (&f->cli);
  s1 = list_json (f, P);
  run (f, "set", P, "1", "title=Opener", "gap=3", NULL);
  lq_test_cli_assert_ok (&f->cli);
  s2 = list_json (f, P);
  run (f, "remove", P, "2", NULL);
  lq_test_cli_assert_ok (&f->cli);
  s3 = list_json (f, P);

#define STEP(cmd, said, state) \
  G_STMT_START { \
    run (f, cmd, P, NULL); \
    lq_test_cli_assert_ok (&f->cli); \
    g_assert_true (g_str_has_prefix (f->cli.out, said)); \
    g_free (now); \
    now = list_json (f, P); \
    g_assert_cmpstr (now, ==, state); \
  } G_STMT_END

  STEP ("undo", "Undid: Remove Track 2 (redo with: lacquer-cli redo " P ")\n", s2);
  STEP ("undo", "Undid: Edit Track 1 ", s1);
  STEP ("undo", "Undid: Move Track 3 to 1 ", s0);
  STEP ("redo", "Redid: Move Track 3 to 1 (undo with: lacquer-cli undo " P ")\n", s1);
  STEP ("redo", "Redid: Edit Track 1 ", s2);
  STEP ("redo", "Redid: Remove Track 2 ", s3);
#undef STEP

  run (f, "redo", P, NULL);
  assert_failed (f, P, "Nothing to redo");

  /* A new edit drops what could be redone. */
  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "set", P, "comment=new", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "redo", P, NULL);
  assert_failed (f, P, "Nothing to redo");

  /* All the way back to the empty album. */
  for (;;)
    {
      run (f, "undo", P, NULL);
      if (f->cli.status != 0)
        break;
      steps++;
    }
  assert_failed (f, P, "Nothing to undo");
  g_assert_cmpuint (steps, ==, 4);   /* comment, edit, move, add */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_free (now);
    now = list_json (f, P);
    g_assert_cmpuint (n_tracks (parse (now, parser)), ==, 0);
  }
}

static void
test_relink (Fixture *f,
             gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *fingerprint = NULL;
  JsonObject *t;

  make_album (f);
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  text = list_json (f, P);
  fingerprint = g_strdup (json_object_get_string_member (track_json (parse (text, parser), 1), "fingerprint"));

  move_source (f, "one.wav", "moved/deep/one.wav");
  g_assert_cmpstr (track_status (f, 1), ==, "missing");
  g_free (text);
  text = list_json (f, P);
  g_assert_true (json_object_get_null_member (track_json (parse (text, parser), 1), "analysis"));
  run (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, " missing "));

  run (f, "relink", P, "--search", "moved", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Relinked 1 track (undo with: lacquer-cli undo " P ")\n");
  g_free (text);
  text = list_json (f, P);
  t = track_json (parse (text, parser), 1);
  g_assert_cmpstr (json_object_get_string_member (t, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (t, "source_relative_path"), ==, "moved/deep/one.wav");
  g_assert_cmpstr (json_object_get_string_member (t, "fingerprint"), ==, fingerprint);
  /* Same content: the cached analysis follows. */
  g_assert_false (json_object_get_null_member (t, "analysis"));

  run (f, "undo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==, "Undid: Relink Track 1 (redo with: lacquer-cli redo " P ")\n");
  g_assert_cmpstr (track_status (f, 1), ==, "missing");
  run (f, "redo", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (track_status (f, 1), ==, "ok");

  /* One track by hand. */
  move_source (f, "two.wav", "elsewhere/second.wav");
  g_assert_cmpstr (track_status (f, 2), ==, "missing");
  run (f, "relink", P, "2", "elsewhere/second.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.out, ==,
                   "Relinked track 2 to elsewhere/second.wav (undo with: lacquer-cli undo " P ")\n");
  g_assert_cmpstr (track_status (f, 2), ==, "ok");

  /* Nothing to find: the tracks still missing are named, exit 1. */
  move_source (f, "three.flac", "gone/three.flac");
  run (f, "relink", P, "--search", "moved", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  g_assert_cmpstr (f->cli.out, ==, "Relinked 0 tracks\n");
  g_assert_nonnull (strstr (f->cli.err, "lacquer-cli: " P ": track 3 (“three”) is still missing"));
  run (f, "relink", P, "--search", "no-such-dir", NULL);
  assert_failed (f, P, "no-such-dir: not a folder");
  run (f, "relink", P, "3", "nothing.wav", NULL);
  assert_failed (f, P, "nothing.wav: No such file");
  run (f, "relink", P, "7", "gone/three.flac", NULL);
  assert_failed (f, P, "There is no track 7");
  run (f, "relink", P, "--search", ".", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (track_status (f, 3), ==, "ok");
}

static void
test_changed (Fixture *f,
              gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->cli.dir, "two.wav", NULL);
  g_autofree char *original = NULL;
  gsize length;
  double other = -3.0;

  make_album (f);
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_file_get_contents (path, &original, &length, NULL));

  /* Same path, other content. */
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &other, NULL);
  remember (f, "two.wav");
  g_assert_cmpstr (track_status (f, 2), ==, "changed");
  g_assert_cmpstr (track_status (f, 1), ==, "ok");
  run (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, " changed "));

  /* A changed track is not analyzed from the new content. */
  run (f, "analyze", P, NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  g_assert_nonnull (strstr (f->cli.err, "track 2 (“two”) is changed, not analyzed"));

  /* The old content back, with another mtime: its fingerprint decides, ok again. */
  g_assert_true (g_file_set_contents (path, original, length, NULL));
  {
    struct utimbuf times = { .actime = time (NULL) + 100, .modtime = time (NULL) + 100 };
    g_assert_cmpint (g_utime (path, &times), ==, 0);
  }
  remember (f, "two.wav");
  g_assert_cmpstr (track_status (f, 2), ==, "ok");
}

static void
test_analyze (Fixture *f,
              gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *first = NULL, *second = NULL;
  JsonObject *root, *t, *a;

  make_album (f);
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "3 tracks to analyze\n"));
  g_assert_nonnull (strstr (f->cli.out, "-10.0"));
  g_assert_nonnull (strstr (f->cli.out, "Loudness:"));
  g_assert_null (strchr (f->cli.err, '\r'));   /* no bar off a terminal */

  first = list_json (f, P);
  root = parse (first, parser);
  g_assert_false (json_object_get_null_member (root, "album_analysis"));
  for (guint p = 1; p <= 3; p++)
    {
      t = track_json (root, p);
      a = json_object_get_object_member (t, "analysis");
      g_assert_nonnull (a);
      g_assert_cmpstr (json_object_get_string_member (a, "source_path"), ==,
                       json_object_get_string_member (t, "source_path"));
      g_assert_true (json_object_has_member (a, "album_offset_lu"));
      g_assert_true (json_object_has_member (a, "true_peak_dbtp"));
    }
  a = json_object_get_object_member (track_json (root, 1), "analysis");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "integrated_lufs"), -10.0, 0.05);
  a = json_object_get_object_member (track_json (root, 3), "analysis");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "integrated_lufs"), -28.0, 0.05);
  g_assert_cmpint (json_object_get_int_member (a, "sample_rate"), ==, 48000);

  /* The cache is in the file: nothing to do the second time. */
  run (f, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_true (g_str_has_prefix (f->cli.out, "0 tracks to analyze\n"));
  second = list_json (f, P);
  g_assert_cmpstr (second, ==, first);

  /* Edits keep the cache; a new track is the only one analysed. */
  run (f, "add", P, "one.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "analyze", "--json", "--jobs", "1", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  root = parse (f->cli.out, parser);
  g_assert_cmpuint (n_tracks (root), ==, 4);
  g_assert_false (json_object_get_null_member (track_json (root, 4), "analysis"));

  /* Audio files keep the old behaviour. */
  run (f, "analyze", "one.wav", "two.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, "Album (2 tracks)"));
  run (f, "analyze", "--jobs", "2", "--json", "one.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  root = parse (f->cli.out, parser);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root, "tracks"), 0), "source_path"), ==, "one.wav");

  /* A project without the extension is known by its header. */
  {
    g_autofree char *from = g_build_filename (f->cli.dir, P, NULL);
    g_autofree char *to = g_build_filename (f->cli.dir, "renamed", NULL);

    g_assert_cmpint (g_rename (from, to), ==, 0);
    run (f, "analyze", "renamed", NULL);
    lq_test_cli_assert_ok (&f->cli);
    g_assert_true (g_str_has_prefix (f->cli.out, "0 tracks to analyze\n"));
  }

  run (f, "analyze", "nothing.lacquer", NULL);
  assert_failed (f, "nothing.lacquer", "No such file");
  run (f, "analyze", "renamed", "one.wav", NULL);
  assert_usage (f);

  /* Missing tracks are named and skipped. */
  move_source (f, "three.flac", "away/three.flac");
  run (f, "analyze", "renamed", NULL);
  g_assert_cmpint (f->cli.status, ==, 1);
  g_assert_nonnull (strstr (f->cli.err, "lacquer-cli: renamed: track 3 (“three”) is missing, not analyzed"));
}

static void
test_locked (Fixture *f,
             gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->cli.dir, P, NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  LqProject *held;

  make_album (f);
  before = list_json (f, P);

  /* Open for writing here, as the GUI would hold it. */
  held = lq_project_open (path, FALSE, &error);
  g_assert_no_error (error);

  run (f, "set", P, "1", "title=Blocked", NULL);
  assert_failed (f, P, "The project is open for writing in another Lacquer; close it there first");
  run (f, "undo", P, NULL);
  assert_failed (f, P, "open for writing in another Lacquer");
  run (f, "add", P, "two.wav", NULL);
  assert_failed (f, P, "open for writing in another Lacquer");
  run (f, "analyze", P, NULL);
  assert_failed (f, P, "open for writing in another Lacquer");

  /* list still works, read-only, and says so. */
  after = list_json (f, P);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (f->cli.err, "open for writing in another Lacquer"));
  g_assert_nonnull (strstr (f->cli.err, "read-only"));

  /* It sees what the other process commits. */
  {
    const char *const edit[] = { "title=From Elsewhere", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (lq_project_set_album (held, edit, &error));
    g_assert_no_error (error);
    g_free (after);
    after = list_json (f, P);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (parse (after, parser), "album_fields"),
                                                    "title"), ==, "From Elsewhere");
  }
  run (f, "list", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_nonnull (strstr (f->cli.out, "From Elsewhere"));

  g_assert_finalize_object (held);

  run (f, "set", P, "1", "title=Unblocked", NULL);
  lq_test_cli_assert_ok (&f->cli);
  run (f, "list", "--json", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  g_assert_cmpstr (f->cli.err, ==, "");
}

static void
test_usage (Fixture *f,
            gconstpointer data)
{
  static const char *const cases[][6] = {
    { "new" },
    { "new", "a.lacquer", "b.lacquer" },
    { "new", "a.lacquer", "--colour", "red" },
    { "add", P },
    { "add" },
    { "add", P, "one.wav", "--at", "first" },
    { "list" },
    { "list", P, P },
    { "list", P, "--frobnicate" },
    { "move", P, "1" },
    { "move", P, "one", "2" },
    { "move", P, "1", "2", "3" },
    { "move", P, "-1", "2" },
    { "remove", P },
    { "remove", P, "x" },
    { "remove", P, "1.5" },
    { "set", P },
    { "set", P, "1" },
    { "set", P, "x", "title=a" },
    { "set", P, "1", "title" },
    { "undo" },
    { "redo", P, P },
    { "relink", P, "1" },
    { "relink", P, "one", "one.wav" },
    { "relink", P, "1", "--search", "." },
    { "analyze", "--jobs", "999", P },
    { "frobnicate", P },
  };
  g_autofree char *before = NULL, *after = NULL;

  make_album (f);
  before = list_json (f, P);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *const *c = cases[i];

      run (f, c[0], c[1], c[2], c[3], c[4], c[5], NULL);
      if (f->cli.status != 2)
        g_error ("case %u (%s %s …): exit %d, stderr: %s", i, c[0], c[1] ? c[1] : "", f->cli.status, f->cli.err);
      assert_usage (f);
    }
  after = list_json (f, P);
  g_assert_cmpstr (after, ==, before);
  {
    g_autofree char *a = g_build_filename (f->cli.dir, "a.lacquer", NULL);
    g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  }

  run (f, "--help", NULL);
  lq_test_cli_assert_ok (&f->cli);
  for (const char *const *name = (const char *const[]) { "new ", "add ", "list ", "move ", "remove ", "set ",
                                                         "undo ", "redo ", "relink ", "analyze ", NULL };
       *name != NULL; name++)
    g_assert_nonnull (strstr (f->cli.out, *name));
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli-project/new", test_new);
  ADD ("/cli-project/add-list", test_add_list);
  ADD ("/cli-project/move-remove", test_move_remove);
  ADD ("/cli-project/set", test_set);
  ADD ("/cli-project/invalid", test_invalid);
  ADD ("/cli-project/undo-redo", test_undo_redo);
  ADD ("/cli-project/relink", test_relink);
  ADD ("/cli-project/changed", test_changed);
  ADD ("/cli-project/analyze", test_analyze);
  ADD ("/cli-project/locked", test_locked);
  ADD ("/cli-project/usage", test_usage);
#undef ADD

  return g_test_run ();
}

/* test-cli-match.c: `lacquer-cli match` as a user runs it.
 *
 * Every call is a fresh lacquer-cli process: what match stored, undo and
 * redo went through the file. The album is three steady 1 kHz sines 10 LU
 * apart, so a gain moves a track's gated loudness by exactly that gain.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "lq-delivery-target.h"
#include "lq-match-plan.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-tonal-plan.h"
#include "lq-test-audio.h"
#include "lq-test-sql.h"

#define P "album.lacquer"
#define N_TRACKS 3

typedef struct
{
  char *dir;
  char *stdout_text;
  char *stderr_text;
  int status;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  const double levels[N_TRACKS] = { -8.0, -18.0, -28.0 };
  const char *names[N_TRACKS] = { "loud.wav", "middle.wav", "quiet.wav" };

  f->dir = lq_test_tmpdir ();
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      double level = levels[i];

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 3,
                     lq_test_sine_1k, &level, NULL);
    }
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->stdout_text);
  g_free (f->stderr_text);
}

/* Runs lacquer-cli with @args (NULL-terminated) in the fixture's directory. */
static void
run (Fixture *f, ...)
{
  va_list ap;

  va_start (ap, f);
  f->status = lq_test_run_cli (f->dir, &f->stdout_text, &f->stderr_text, ap);
  va_end (ap);
}

static void
assert_ok (Fixture *f)
{
  if (f->status != 0)
    g_test_message ("stderr: %s", f->stderr_text);
  g_assert_cmpint (f->status, ==, 0);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in: %s", part, text);
}

static JsonNode *
parse_stdout (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, f->stdout_text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A project of the three tracks, analysed. */
static void
make_album (Fixture *f,
            gboolean analyse)
{
  run (f, "new", P, NULL);
  assert_ok (f);
  run (f, "add", P, "loud.wav", "middle.wav", "quiet.wav", NULL);
  assert_ok (f);
  if (analyse)
    {
      run (f, "analyze", P, NULL);
      assert_ok (f);
    }
}

typedef struct
{
  gboolean matched;
  char *target;
  char *mode;
  double measured[N_TRACKS];
  double user_gain[N_TRACKS];
  double match_gain[N_TRACKS];
} State;

static void
state_clear (State *s)
{
  g_free (s->target);
  g_free (s->mode);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (State, state_clear)

/* What the project holds, from `list --json` and `match --show --json`. */
/* The project of a list document. */
static JsonObject *
list_project (JsonNode *list)
{
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "format_version"), ==, 1);
  return json_object_get_object_member (json_node_get_object (list), "project");
}

/* The name of the target object @key of @o, or NULL when it is null. */
static const char *
target_name (JsonObject *o,
             const char *key)
{
  if (json_object_get_null_member (o, key))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (o, key), "name");
}

static void
read_state (Fixture *f,
            State *s)
{
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) show = NULL;
  JsonArray *tracks;
  JsonObject *o;

  run (f, "list", "--json", P, NULL);
  assert_ok (f);
  list = parse_stdout (f);
  tracks = json_object_get_array_member (list_project (list), "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, N_TRACKS);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      JsonObject *a = json_object_get_object_member (t, "analysis");

      g_assert_nonnull (a);
      s->measured[i] = json_object_get_double_member (a, "integrated_lufs");
      s->user_gain[i] = json_object_get_double_member (json_object_get_object_member (t, "fields"), "gain");
      g_assert_cmpfloat (json_object_get_double_member (t, "user_gain_db"), ==, s->user_gain[i]);
    }

  run (f, "match", P, "--show", "--json", NULL);
  assert_ok (f);
  show = parse_stdout (f);
  o = json_node_get_object (show);
  s->matched = json_object_get_boolean_member (o, "matched");
  s->target = g_strdup (target_name (o, "target"));
  s->mode = g_strdup (json_object_get_string_member_with_default (o, "mode", NULL));
  tracks = json_object_get_array_member (o, "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, N_TRACKS);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);

      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "user_gain_db"), s->user_gain[i], 1e-9);
      s->match_gain[i] = json_object_get_double_member (t, "match_gain_db");
    }
}

static double
predicted (const State *s,
           guint i)
{
  return s->measured[i] + s->user_gain[i] + s->match_gain[i];
}

/* Tests ------------------------------------------------------------------ */

static void
test_track_mode (Fixture *f,
                 gconstpointer data)
{
  make_album (f, TRUE);
  /* The user's own gain is part of where the plan starts. */
  run (f, "set", P, "1", "gain=-2", NULL);
  assert_ok (f);

  {
    g_auto(State) before = { 0 };

    read_state (f, &before);
    g_assert_false (before.matched);
    g_assert_null (before.target);
    g_assert_cmpfloat (before.measured[0] - before.measured[2], >=, 8.0);
    for (guint i = 0; i < N_TRACKS; i++)
      g_assert_cmpfloat (before.match_gain[i], ==, 0.0);
  }

  run (f, "match", P, "--target", "spotify", "--mode", "track", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "-14.0");
  assert_contains (f->stdout_text, "lacquer-cli undo");

  {
    g_auto(State) after = { 0 };

    read_state (f, &after);
    g_assert_true (after.matched);
    g_assert_cmpstr (after.target, ==, "spotify");
    g_assert_cmpstr (after.mode, ==, "track");
    for (guint i = 0; i < N_TRACKS; i++)
      g_assert_cmpfloat_with_epsilon (predicted (&after, i), -14.0, 0.01);
    g_assert_cmpfloat_with_epsilon (after.user_gain[0], -2.0, 1e-9);
  }

  run (f, "undo", P, NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "Match Album to Spotify");
  {
    g_auto(State) undone = { 0 };

    read_state (f, &undone);
    g_assert_false (undone.matched);
    g_assert_null (undone.target);
    for (guint i = 0; i < N_TRACKS; i++)
      g_assert_cmpfloat (undone.match_gain[i], ==, 0.0);
    g_assert_cmpfloat_with_epsilon (undone.user_gain[0], -2.0, 1e-9);
  }

  run (f, "redo", P, NULL);
  assert_ok (f);
  {
    g_auto(State) redone = { 0 };

    read_state (f, &redone);
    g_assert_true (redone.matched);
    g_assert_cmpstr (redone.target, ==, "spotify");
    for (guint i = 0; i < N_TRACKS; i++)
      g_assert_cmpfloat_with_epsilon (predicted (&redone, i), -14.0, 0.01);
  }

  /* --show as a table. */
  run (f, "match", P, "--show", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "spotify");
}

static void
test_album_mode (Fixture *f,
                 gconstpointer data)
{
  g_auto(State) s = { 0 };

  make_album (f, TRUE);
  run (f, "match", P, "--target", "-18", "--mode", "album", NULL);
  assert_ok (f);
  read_state (f, &s);
  g_assert_cmpstr (s.mode, ==, "album");
  g_assert_cmpstr (s.target, ==, "-18");
  /* One gain for all: the album's balance as mixed. */
  for (guint i = 0; i < N_TRACKS; i++)
    for (guint j = i + 1; j < N_TRACKS; j++)
      g_assert_cmpfloat_with_epsilon (predicted (&s, i) - predicted (&s, j),
                                      s.measured[i] - s.measured[j], 0.01);
  g_assert_cmpfloat (fabs (s.match_gain[0]), >, 0.1);
}

static void
test_continuity (Fixture *f,
                 gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  g_auto(State) s = { 0 };

  make_album (f, TRUE);
  run (f, "match", P, "--target", "r128", "--mode", "continuity", "--keep", "0.5", "--json", NULL);
  assert_ok (f);
  root = parse_stdout (f);
  o = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (o, "stored"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (o, "album_plan"),
                                                                  "predicted_lufs"), -23.0, 0.01);

  read_state (f, &s);
  g_assert_cmpstr (s.mode, ==, "continuity");
  for (guint i = 0; i < N_TRACKS; i++)
    for (guint j = i + 1; j < N_TRACKS; j++)
      g_assert_cmpfloat_with_epsilon (predicted (&s, i) - predicted (&s, j),
                                      0.5 * (s.measured[i] - s.measured[j]), 0.5);
}

static void
test_limiter_warning (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tracks;

  make_album (f, TRUE);
  /* At -14 LUFS a sine peaks near -14 dBTP: 6 dB over a -20 dBTP ceiling. */
  run (f, "match", P, "--target", "spotify", "--mode", "track", "--ceiling", "-20", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "needs 6.");
  assert_contains (f->stdout_text, "dB of limiting");

  run (f, "match", P, "--target", "spotify", "--mode", "track", "--ceiling", "-16", "--json", "--dry-run", NULL);
  assert_ok (f);
  root = parse_stdout (f);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "stored"));
  tracks = json_object_get_array_member (json_node_get_object (root), "tracks");
  for (guint i = 0; i < N_TRACKS; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);

      /* About 2 dB over: limiting, but no warning. */
      g_assert_cmpfloat (json_object_get_double_member (t, "limiter_reduction_db"), >, 1.0);
      g_assert_false (json_object_get_boolean_member (t, "limiter_warning"));
    }
}

static void
test_dry_run (Fixture *f,
              gconstpointer data)
{
  g_auto(State) s = { 0 };

  make_album (f, TRUE);
  run (f, "match", P, "--target", "spotify", "--dry-run", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "Dry run");
  read_state (f, &s);
  g_assert_false (s.matched);
  for (guint i = 0; i < N_TRACKS; i++)
    g_assert_cmpfloat (s.match_gain[i], ==, 0.0);
  run (f, "undo", P, NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_null (strstr (f->stdout_text, "Match"));
}

/* Parts of a 1 kHz sine at constant levels, ended by a 0-second part. */
typedef struct
{
  double dbfs;
  double seconds;
} Part;

static double
parts_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  const Part *parts = data;
  double t = (double) i / rate;
  double level = parts[0].dbfs;

  for (const Part *p = parts; p->seconds > 0; p++)
    {
      level = p->dbfs;
      if (t < p->seconds)
        break;
      t -= p->seconds;
    }
  return lq_test_sine_1k (i, c, rate, &level);
}

static void
write_parts (Fixture *f,
             const char *name,
             const Part *parts)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  double seconds = 0;

  for (const Part *p = parts; p->seconds > 0; p++)
    seconds += p->seconds;
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, (guint64) (44100 * seconds),
                 parts_signal, (gpointer) parts, NULL);
}

/* Every target, every mode, on an album whose second track's quiet part
 * passes its own relative gate but not the album's: in track mode the album
 * gated as one lands off the target while every track is on it. The target
 * is reached, and no cap the target does not have is named ("nan"). */
static void
test_every_target_every_mode (Fixture *f,
                              gconstpointer data)
{
  static const Part steady[] = { { -6.0, 8.0 }, { 0, 0 } };
  static const Part dynamic[] = { { -15.0, 1.0 }, { -50.0, 24.0 }, { -37.5, 3.0 }, { 0, 0 } };
  const char *const *presets = lq_delivery_target_presets ();
  gboolean album_off = FALSE;

  write_parts (f, "steady.wav", steady);
  write_parts (f, "dynamic.wav", dynamic);
  run (f, "new", P, NULL);
  assert_ok (f);
  run (f, "add", P, "steady.wav", "dynamic.wav", NULL);
  assert_ok (f);
  run (f, "analyze", P, NULL);
  assert_ok (f);

  for (guint k = 0; presets[k] != NULL; k++)
    for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
      {
        const char *name = lq_match_mode_to_string (mode);
        g_autoptr(JsonNode) root = NULL;
        JsonObject *album;

        run (f, "match", P, "--target", presets[k], "--mode", name, "--dry-run", NULL);
        assert_ok (f);
        g_test_message ("%s, %s:\n%s", presets[k], name, f->stdout_text);
        g_assert_null (strstr (f->stdout_text, "nan"));
        g_assert_null (strstr (f->stdout_text, "cannot reach"));

        run (f, "match", P, "--target", presets[k], "--mode", name, "--dry-run", "--json", NULL);
        assert_ok (f);
        root = parse_stdout (f);
        album = json_object_get_object_member (json_node_get_object (root), "album_plan");
        g_assert_true (json_object_get_boolean_member (album, "target_reached"));
        if (mode == LQ_MATCH_MODE_TRACK && g_str_equal (presets[k], "spotify"))
          album_off = fabs (json_object_get_double_member (album, "predicted_lufs") + 14.0) > 0.1;
      }
  /* The album chosen shows the case. */
  g_assert_true (album_off);
}

/* Whether every track of the project has an analysis, from `list --json`. */
static void
assert_all_analysed (Fixture *f)
{
  g_autoptr(JsonNode) list = NULL;
  JsonArray *tracks;

  run (f, "list", "--json", P, NULL);
  assert_ok (f);
  list = parse_stdout (f);
  tracks = json_object_get_array_member (list_project (list), "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, N_TRACKS);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);

      g_assert_true (json_object_has_member (t, "analysis"));
      g_assert_false (json_object_get_null_member (t, "analysis"));
    }
}

/* The first hour: new, add, match straight away. What is not analysed yet
 * is analysed first (and kept); --help names the command. */
static void
test_analyse_first_match (Fixture *f,
                          gconstpointer data)
{
  run (f, "match", "--help", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "lacquer-cli match [OPTION");
  assert_contains (f->stdout_text, "PROJECT");

  make_album (f, FALSE);
  run (f, "match", P, "--target", "spotify", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "match to spotify");
  assert_contains (f->stdout_text, "Stored the plan");
  g_assert_null (strstr (f->stderr_text, "no analysis"));
  assert_all_analysed (f);
}

/* The same with export. */
static void
test_analyse_first_export (Fixture *f,
                           gconstpointer data)
{
  g_autofree char *first = g_build_filename (f->dir, "out", "01 - loud.wav", NULL);

  run (f, "export", "--help", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "lacquer-cli export [OPTION");
  assert_contains (f->stdout_text, "PROJECT");

  make_album (f, FALSE);
  run (f, "export", P, "--out", "out", NULL);
  assert_ok (f);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  assert_all_analysed (f);
}

/* A project in a read-only folder: match --dry-run analyses into memory. */
static void
test_analyse_first_read_only (Fixture *f,
                              gconstpointer data)
{
  make_album (f, FALSE);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  run (f, "match", P, "--target", "apple", "--dry-run", NULL);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  assert_ok (f);
  assert_contains (f->stdout_text, "match to apple");
  assert_contains (f->stdout_text, "Dry run");
  run (f, "match", P, "--show", "--json", NULL);
  assert_ok (f);
}

/* The CLI and the window start from one tonal strength. */
static void
test_default_tonal (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  LqMatchSettings settings;

  lq_match_settings_init (&settings);
  g_assert_cmpfloat (settings.tonal, ==, LQ_TONAL_DEFAULT_STRENGTH);

  make_album (f, TRUE);
  run (f, "match", P, "--target", "spotify", "--dry-run", "--json", NULL);
  assert_ok (f);
  root = parse_stdout (f);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "tonal"), ==,
                     LQ_TONAL_DEFAULT_STRENGTH);
}

static void
test_errors (Fixture *f,
             gconstpointer data)
{
  make_album (f, TRUE);

  /* An unknown target: the presets. */
  run (f, "match", P, "--target", "vinyl", NULL);
  g_assert_cmpint (f->status, ==, 1);
  for (const char *const *p = (const char *const[]) { "spotify", "apple", "r128", "td1008", "cd", NULL };
       *p != NULL; p++)
    assert_contains (f->stderr_text, *p);

  /* Usage errors. */
  run (f, "match", P, NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--keep", "1.5", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--tonal", "-0.1", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--mode", "loud", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--ceiling", "3", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--show", "--target", "spotify", NULL);
  g_assert_cmpint (f->status, ==, 2);
  /* An anchor past the album is the album's range. */
  run (f, "match", P, "--target", "spotify", "--anchor", "4", "--tonal", "0.5", NULL);
  g_assert_cmpint (f->status, ==, 1);
  assert_contains (f->stderr_text, "1 to 3");

  /* --anchor, --reference and --cap shape the tonal match: not without --tonal. */
  run (f, "match", P, "--target", "spotify", "--anchor", "2", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--cap", "30", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--anchor", "1", "--reference", "x.wav", NULL);
  g_assert_cmpint (f->status, ==, 2);
  /* A reference must be one of the project's list: a file that is not
   * (even the project itself) is refused, naming it and how to add it. */
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--reference", P, NULL);
  g_assert_cmpint (f->status, ==, 1);
  assert_contains (f->stderr_text, P);
  assert_contains (f->stderr_text, "not in the project’s reference list");
  assert_contains (f->stderr_text, "ref add");

  /* Tonal matching to an anchor: planned, stored, shown. */
  run (f, "match", P, "--target", "apple", "--tonal", "0.5", "--anchor", "2", "--json", NULL);
  assert_ok (f);
  {
    g_autoptr(JsonNode) root = parse_stdout (f);
    JsonObject *album = json_object_get_object_member (json_node_get_object (root), "album_plan");

    g_assert_true (isfinite (json_object_get_double_member (album, "tonal_spread_measured_db")));
    g_assert_cmpfloat (json_object_get_double_member (album, "tonal_spread_predicted_db"), <=,
                       json_object_get_double_member (album, "tonal_spread_measured_db"));
  }
  run (f, "match", P, "--show", "--json", NULL);
  assert_ok (f);
  {
    g_autoptr(JsonNode) root = parse_stdout (f);
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "tonal"), 0.5, 1e-9);
    g_assert_cmpint (json_object_get_int_member (o, "anchor"), ==, 2);
    g_assert_cmpstr (target_name (o, "target"), ==, "apple");
  }
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "app", "fixtures", name, NULL);
}

static JsonObject *
list_track (JsonNode *list,
            guint i)
{
  return json_array_get_object_element (json_object_get_array_member (list_project (list), "tracks"), i);
}

/* The fields of track @i (0-based), by the keys `set` takes. */
static JsonObject *
list_fields (JsonNode *list,
             guint i)
{
  return json_object_get_object_member (list_track (list, i), "fields");
}

static void
test_migrate_v2 (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *sql_path = fixture_path ("project-v2.sql");
  g_autofree char *sql = NULL;
  g_autofree char *path = g_build_filename (f->dir, "old.lacquer", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 2);

  run (f, "list", "--json", "old.lacquer", NULL);
  assert_ok (f);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track_processing WHERE match_gain_db = 0"), ==, 2);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM album WHERE match_mode IS NULL"), ==, 1);
  {
    g_autoptr(JsonNode) list = parse_stdout (f);
    JsonObject *album = json_object_get_object_member (list_project (list), "album_fields");
    JsonObject *one = list_fields (list, 0), *two = list_fields (list, 1);

    g_assert_cmpstr (json_object_get_string_member (album, "title"), ==, "Second Pressing");
    g_assert_cmpstr (target_name (album, "target"), ==, "spotify");
    g_assert_cmpint (json_object_get_int_member (album, "year"), ==, 2023);
    g_assert_cmpstr (json_object_get_string_member (one, "title"), ==, "Dawn");
    g_assert_cmpstr (json_object_get_string_member (one, "composer"), ==, "A. Writer");
    g_assert_cmpstr (json_object_get_string_member (one, "fade-in-shape"), ==, "log");
    g_assert_cmpfloat (json_object_get_double_member (one, "gain"), ==, -2.0);
    g_assert_true (json_object_get_boolean_member (one, "bypass"));
    g_assert_cmpfloat (json_object_get_double_member (two, "input-trim"), ==, -3.5);
    g_assert_cmpstr (json_object_get_string_member (two, "fade-out-shape"), ==, "scurve");
  }

  run (f, "match", "old.lacquer", "--show", "--json", NULL);
  assert_ok (f);
  {
    g_autoptr(JsonNode) show = parse_stdout (f);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (show), "matched"));
  }

  /* Its format-2 history still undoes, newest first. */
  run (f, "undo", "old.lacquer", NULL);
  assert_ok (f);
  run (f, "undo", "old.lacquer", NULL);
  assert_ok (f);
  run (f, "list", "--json", "old.lacquer", NULL);
  assert_ok (f);
  {
    g_autoptr(JsonNode) list = parse_stdout (f);
    JsonObject *album = json_object_get_object_member (list_project (list), "album_fields");

    g_assert_true (json_object_get_null_member (album, "target"));
    g_assert_cmpfloat (json_object_get_double_member (list_fields (list, 1), "input-trim"), ==, 0.0);
  }
}

static void
load_fixture (const char *name,
              const char *path,
              int version)
{
  g_autofree char *sql_path = fixture_path (name);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, version);
}

/* A command that only reads (here abx-results) upgrades a project of an
 * older format first, as list does, instead of refusing it; the read-only
 * open's error stands when the upgrade cannot be done (the file in use is
 * not tested here: cli-integrity covers locks). */
static void
test_reading_upgrades (Fixture *f,
                       gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "old6.lacquer", NULL);

  load_fixture ("project-v6.sql", path, 6);
  run (f, "abx-results", "old6.lacquer", "--json", NULL);
  assert_ok (f);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  {
    g_autoptr(JsonNode) doc = parse_stdout (f);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "document"), ==, "abx-results");
  }
}

/* Format 3 (a stored match) to 4 (the chain's settings): the match and the
 * history survive, the new settings take their defaults. */
static void
test_migrate_v3 (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "old3.lacquer", NULL);

  load_fixture ("project-v3.sql", path, 3);
  run (f, "list", "--json", "old3.lacquer", NULL);
  assert_ok (f);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track_processing"
                                  " WHERE comp_ratio = 2 AND eq1_type = 'high-pass' AND match_eq IS NULL"
                                  "  AND match_eq_on = 1"), ==, 2);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM album WHERE limiter_auto_release = 1"
                                  " AND bus_comp_on = 0 AND match_reference IS NULL"), ==, 1);
  {
    g_autoptr(JsonNode) list = parse_stdout (f);
    JsonObject *one = list_fields (list, 0);

    g_assert_cmpstr (json_object_get_string_member (one, "title"), ==, "Dawn");
    g_assert_cmpfloat (json_object_get_double_member (one, "comp-threshold"), ==, -18.0);
    g_assert_cmpstr (json_object_get_string_member (one, "eq4-type"), ==, "bell");
  }

  run (f, "match", "old3.lacquer", "--show", "--json", NULL);
  assert_ok (f);
  {
    g_autoptr(JsonNode) show = parse_stdout (f);
    JsonObject *o = json_node_get_object (show);
    JsonArray *tracks = json_object_get_array_member (o, "tracks");

    g_assert_true (json_object_get_boolean_member (o, "matched"));
    g_assert_cmpstr (json_object_get_string_member (o, "mode"), ==, "continuity");
    g_assert_cmpfloat (json_object_get_double_member (o, "ceiling_dbtp"), ==, -2.0);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (tracks, 0),
                                                      "match_gain_db"), ==, 1.25);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (tracks, 1),
                                                      "match_gain_db"), ==, -0.75);
  }

  /* The format-3 match step undoes like any other. */
  run (f, "undo", "old3.lacquer", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "Match Album to spotify");
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM album WHERE match_mode IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track_processing WHERE match_gain_db = 0"), ==, 2);
  run (f, "undo", "old3.lacquer", NULL);
  assert_ok (f);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track_processing WHERE input_trim_db = 0"), ==, 2);
}

/* With a strong tonal match the figures shown add up per track: measured +
 * user gain + gain + the EQ's loudness change = predicted, in the JSON and
 * in the table; the output peak is the lower of the peak in and the
 * ceiling; the bands at the cap are reported. */
static void
test_tonal_adds_up (Fixture *f,
                    gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *tracks;
  guint rows = 0;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("tilt-%d.wav", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 5,
                     lq_test_tilted_noise, GINT_TO_POINTER (i), NULL);
    }
  run (f, "new", P, NULL);
  assert_ok (f);
  run (f, "add", P, "tilt-0.wav", "tilt-1.wav", "tilt-2.wav", NULL);
  assert_ok (f);
  run (f, "analyze", P, NULL);
  assert_ok (f);

  run (f, "match", P, "--target", "spotify", "--tonal", "1", "--cap", "12", "--dry-run", "--json", NULL);
  assert_ok (f);
  root = parse_stdout (f);
  tracks = json_object_get_array_member (json_node_get_object (root), "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      JsonObject *eq = json_object_get_object_member (t, "eq");
      double eq_change = json_object_get_double_member (eq, "loudness_change_db");
      double sum = json_object_get_double_member (t, "measured_lufs")
                   + json_object_get_double_member (t, "user_gain_db")
                   + json_object_get_double_member (t, "match_gain_db") + eq_change;
      double peak_in = json_object_get_double_member (t, "predicted_true_peak_dbtp");

      g_test_message ("track %u: EQ %+.2f LU, %" G_GINT64_FORMAT " bands at the cap", i + 1, eq_change,
                      json_object_get_int_member (eq, "bands_at_cap"));
      g_assert_cmpfloat_with_epsilon (sum, json_object_get_double_member (t, "predicted_lufs"), 0.05);
      g_assert_cmpfloat (json_object_get_double_member (t, "output_true_peak_dbtp"), ==,
                         MIN (peak_in, json_object_get_double_member (json_node_get_object (root), "ceiling_dbtp")));
      g_assert_cmpint (json_object_get_int_member (eq, "bands_at_cap"), <=,
                       json_object_get_int_member (eq, "bands_corrected"));
      if (i != 1)
        g_assert_cmpfloat (fabs (eq_change), >, 0.5);
    }

  /* The table: Measured, User, Gain, EQ, Predicted add up within rounding. */
  run (f, "match", P, "--target", "spotify", "--tonal", "1", "--cap", "12", "--dry-run", NULL);
  assert_ok (f);
  lines = g_strsplit (f->stdout_text, "\n", -1);
  for (guint k = 0; lines[k] != NULL; k++)
    {
      double v[6];
      char title[64];

      if (sscanf (lines[k], "%*u %63s %lf %lf %lf %lf %lf %lf", title, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 7
          || !g_str_has_prefix (title, "tilt"))
        continue;
      /* measured, target, user, gain, EQ, predicted */
      g_assert_cmpfloat_with_epsilon (v[0] + v[2] + v[3] + v[4], v[5], 0.2);
      rows++;
    }
  g_assert_cmpuint (rows, ==, 3);
}

/* `match --reference` takes a reference from the project's list, by its
 * number or its file, and stores the match to it. */
static void
test_reference_from_list (Fixture *f,
                          gconstpointer data)
{
  g_autofree char *reference = g_build_filename (f->dir, "quiet.wav", NULL);

  make_album (f, TRUE);
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--reference", "1", "--dry-run", NULL);
  g_assert_cmpint (f->status, ==, 1);
  assert_contains (f->stderr_text, "not in the project’s reference list");

  run (f, "ref", "add", P, "quiet.wav", NULL);
  assert_ok (f);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;

      run (f, "match", P, "--target", "spotify", "--tonal", "0.5",
           "--reference", i == 0 ? "1" : "quiet.wav", "--json", NULL);
      assert_ok (f);
      root = parse_stdout (f);
      o = json_node_get_object (root);
      g_assert_cmpstr (json_object_get_string_member (o, "reference_path"), ==, reference);
    }
  run (f, "match", P, "--show", "--json", NULL);
  assert_ok (f);
  assert_contains (f->stdout_text, "quiet.wav");
  run (f, "match", P, "--target", "spotify", "--tonal", "0.5", "--reference", "2", "--dry-run", NULL);
  g_assert_cmpint (f->status, ==, 1);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli-match/track-mode", test_track_mode);
  ADD ("/cli-match/album-mode", test_album_mode);
  ADD ("/cli-match/continuity", test_continuity);
  ADD ("/cli-match/limiter-warning", test_limiter_warning);
  ADD ("/cli-match/dry-run", test_dry_run);
  ADD ("/cli-match/errors", test_errors);
  ADD ("/cli-match/default-tonal", test_default_tonal);
  ADD ("/cli-match/tonal-adds-up", test_tonal_adds_up);
  ADD ("/cli-match/analyse-first/match", test_analyse_first_match);
  ADD ("/cli-match/analyse-first/export", test_analyse_first_export);
  ADD ("/cli-match/analyse-first/read-only", test_analyse_first_read_only);
  ADD ("/cli-match/every-target-every-mode", test_every_target_every_mode);
  ADD ("/cli-match/reference-from-list", test_reference_from_list);
  ADD ("/cli-match/migrate-v2", test_migrate_v2);
  ADD ("/cli-match/migrate-v3", test_migrate_v3);
  ADD ("/cli-match/reading-upgrades", test_reading_upgrades);
#undef ADD

  return g_test_run ();
}

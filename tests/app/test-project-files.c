/* test-project-files.c: project files Lacquer did not write as it would.
 *
 * Bad files (each refused with a reason and left byte-identical), a forged
 * undo history, and the format-1 fixture migrated forward.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "test-project-common.h"

/* Bad project files --------------------------------------------------------- */

static void
write_bytes (const char *path, const guint8 *data, gsize len)
{
  g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
}

/* Opens @path for writing and read-only: both must fail with @code and a
 * message naming the file, and leave it byte-identical. */
static void
assert_refused_as (const char *path, int first, int last, int code, const char *says)
{
  g_autofree char *sum = lq_test_checksum (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal_sum = g_file_test (wal, G_FILE_TEST_EXISTS) ? lq_test_checksum (wal) : NULL;

  for (int read_only = first; read_only <= last; read_only++)
    {
      g_autoptr(GError) error = NULL;
      LqProject *p = lq_project_open (path, read_only, &error);
      g_autofree char *now = NULL;

      if (p != NULL)
        g_error ("%s opened (%s)", path, read_only ? "read-only" : "for writing");
      g_assert_nonnull (error);
      if (error->domain != LQ_ERROR || error->code != code)
        g_error ("%s (%s): code %d, not %d: %s", path, read_only ? "read-only" : "writable",
                 error->code, code, error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      if (says != NULL)
        assert_contains (error->message, says);
      now = lq_test_checksum (path);
      if (g_strcmp0 (now, sum) != 0)
        g_error ("%s changed when opened %s and refused (%s)", path,
                 read_only ? "read-only" : "for writing", error->message);
      if (wal_sum != NULL)
        {
          g_autofree char *wal_now = g_file_test (wal, G_FILE_TEST_EXISTS) ? lq_test_checksum (wal) : NULL;
          if (g_strcmp0 (wal_now, wal_sum) != 0)
            g_error ("%s changed when opened %s and refused (%s)", wal,
                     read_only ? "read-only" : "for writing", error->message);
        }
    }
}

static void
assert_refused (const char *path, int code, const char *says)
{
  assert_refused_as (path, FALSE, TRUE, code, says);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autofree char *valid = g_build_filename (f->dir, "valid.lacquer", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  make_project (f, valid);
  g_assert_true (g_file_get_contents (valid, &contents, &len, NULL));
  g_assert_cmpuint (len, >=, 8 * 4096);

  /* Text. */
  {
    g_autofree char *path = g_build_filename (f->dir, "text.lacquer", NULL);
    g_assert_true (g_file_set_contents (path, "title=Night Drives\nnot a database\n", -1, NULL));
    assert_refused (path, LQ_ERROR_NOT_PROJECT, "not an SQLite database");
  }
  /* Empty. */
  {
    g_autofree char *path = g_build_filename (f->dir, "empty.lacquer", NULL);
    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    assert_refused (path, LQ_ERROR_NOT_PROJECT, "not an SQLite database");
  }
  /* Garbage bytes. */
  {
    g_autofree char *path = g_build_filename (f->dir, "garbage.lacquer", NULL);
    g_autofree guint8 *junk = g_malloc (16384);

    for (guint i = 0; i < 16384; i++)
      junk[i] = g_rand_int (rand);
    write_bytes (path, junk, 16384);
    assert_refused (path, LQ_ERROR_NOT_PROJECT, "Not a Lacquer project");
  }
  /* Garbage behind a header that claims to be a Lacquer project. */
  {
    g_autofree char *path = g_build_filename (f->dir, "garbage-header.lacquer", NULL);
    g_autofree guint8 *junk = g_malloc (16384);
    g_autoptr(GError) error = NULL;
    LqProject *p;

    for (guint i = 0; i < 16384; i++)
      junk[i] = g_rand_int (rand);
    memcpy (junk, contents, 100);
    write_bytes (path, junk, 16384);
    p = lq_project_open (path, FALSE, &error);
    g_assert_null (p);
    g_assert_true (g_error_matches (error, LQ_ERROR, LQ_ERROR_CORRUPT)
                   || g_error_matches (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT));
    assert_refused (path, error->code, NULL);
  }
  /* A valid project cut in half. */
  {
    g_autofree char *path = g_build_filename (f->dir, "truncated.lacquer", NULL);
    write_bytes (path, (const guint8 *) contents, len / 2);
    assert_refused (path, LQ_ERROR_CORRUPT, "damaged");
  }
  /* An SQLite database of another application (rollback journal and WAL). */
  {
    g_autofree char *path = g_build_filename (f->dir, "notes.db", NULL);
    g_autofree char *wal = g_build_filename (f->dir, "notes-wal.db", NULL);

    sql_file (path, "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT);"
                    "INSERT INTO note (body) VALUES ('buy milk');");
    assert_refused (path, LQ_ERROR_NOT_PROJECT, "another application");
    sql_file (wal, "PRAGMA journal_mode=WAL; PRAGMA application_id=1234;"
                   "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT);");
    assert_refused (wal, LQ_ERROR_NOT_PROJECT, "another application");
  }
  /* Lacquer's id and format, but another schema. */
  {
    g_autofree char *path = g_build_filename (f->dir, "schema.lacquer", NULL);
    g_autofree char *sql = g_strdup_printf ("PRAGMA application_id=%d; PRAGMA user_version=%d;"
                                            "CREATE TABLE album (id INTEGER PRIMARY KEY, name TEXT);",
                                            LQ_PROJECT_APPLICATION_ID, LQ_PROJECT_FORMAT_VERSION);

    sql_file (path, sql);
    assert_refused (path, LQ_ERROR_NOT_PROJECT, "Not a Lacquer project");
  }
  /* Lacquer's id, format 1, but not format 1's schema. */
  {
    g_autofree char *path = g_build_filename (f->dir, "schema-v1.lacquer", NULL);
    g_autofree char *sql = g_strdup_printf ("PRAGMA application_id=%d; PRAGMA user_version=1;"
                                            "CREATE TABLE song (id INTEGER PRIMARY KEY);",
                                            LQ_PROJECT_APPLICATION_ID);

    sql_file (path, sql);
    assert_refused_as (path, FALSE, FALSE, LQ_ERROR_NOT_PROJECT, "Not a Lacquer project (format 1");
    /* Read-only cannot try the migration that would tell. */
    assert_refused_as (path, TRUE, TRUE, LQ_ERROR_READ_ONLY, "open it for writing to upgrade it");
  }
  /* A project from a newer Lacquer. */
  {
    g_autofree char *path = g_build_filename (f->dir, "newer.lacquer", NULL);

    copy_file (valid, path);
    sql_file (path, "PRAGMA user_version=99");
    assert_refused (path, LQ_ERROR_NEWER_FORMAT, "project format 99; this Lacquer reads up to " G_STRINGIFY (LQ_PROJECT_FORMAT_VERSION));
  }
  /* ...whose newest pages, the version among them, are still in its WAL. */
  {
    g_autofree char *path = g_build_filename (f->dir, "newer-wal.lacquer", NULL);
    sqlite3 *db = NULL;

    copy_file (valid, path);
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sql_exec (db, "PRAGMA journal_mode=WAL; PRAGMA user_version=99");
    g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
    g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 99);
    assert_refused (path, LQ_ERROR_NEWER_FORMAT, "project format 99");
  }
  /* A damaged page in the middle: every byte of a b-tree page's header flipped. */
  {
    g_autofree char *path = g_build_filename (f->dir, "damaged.lacquer", NULL);
    g_autofree guint8 *copy = g_memdup2 (contents, len);
    guint page_size = copy[16] << 8 | copy[17];
    guint n_pages = len / page_size;
    guint page = n_pages / 2;

    /* Leaf and interior pages of tables and indexes start 2, 5, 10 or 13. */
    while (page < n_pages && copy[page * page_size] != 2 && copy[page * page_size] != 5
           && copy[page * page_size] != 10 && copy[page * page_size] != 13)
      page++;
    g_assert_cmpuint (page, <, n_pages);
    for (guint i = 0; i < 12; i++)
      copy[page * page_size + i] ^= 0xff;
    write_bytes (path, copy, len);
    assert_refused (path, LQ_ERROR_CORRUPT, "damaged");
  }
  /* The valid one still opens. */
  {
    LqProject *p = open_ok (valid, TRUE);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 4);
    close_project (p);
  }
  g_assert_cmpuint (file_size (valid), ==, len);
}

/* A forged history ------------------------------------------------------------- */

/* Undo runs statements read from the file: a forged one must fail, change
 * nothing, and reach nothing outside the project's own rows. */
static void
test_forged_history (Fixture *f, gconstpointer data)
{
  g_autofree char *valid = g_build_filename (f->dir, "valid.lacquer", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "outside.db", NULL);
  const char *const forged[] = {
    "DROP TABLE track",
    "UPDATE album SET title='x' WHERE rowid=1; DELETE FROM track",
    "ATTACH DATABASE '@OUTSIDE@' AS x",
    "VACUUM INTO '@OUTSIDE@'",
    "PRAGMA writable_schema=ON",
    "CREATE TEMP TRIGGER t AFTER UPDATE ON album BEGIN DELETE FROM track; END",
    "DELETE FROM analysis_cache",
    "INSERT INTO undo_step (stack, label) VALUES ('redo', 'x')",
    "UPDATE album SET title=(SELECT group_concat(sql) FROM sqlite_schema) WHERE rowid=1",
    "UPDATE album SET title=load_extension('@OUTSIDE@') WHERE rowid=1",
    "UPDATE album SET title=readfile('/etc/passwd') WHERE rowid=1",
    "UPDATE album SET title=printf('%s', sqlite_version()) WHERE rowid=1",
    "SELECT 1",
    "",
    "not SQL at all",
  };

  make_project (f, valid);
  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/forged-%u.lacquer", f->dir, i);
      g_autoptr(GString) text = g_string_new (forged[i]);
      const char *op = (g_string_replace (text, "@OUTSIDE@", outside, 0), text->str);
      char *quoted = sqlite3_mprintf ("%Q", op);
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO undo_step (stack, label) VALUES ('undo', 'Forged');"
        "INSERT INTO undo_op (step_id, sql) VALUES (last_insert_rowid(), %s);", quoted);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      LqProject *p;

      sqlite3_free (quoted);
      g_test_message ("forged undo: %s", op);
      copy_file (valid, path);
      sql_file (path, sql);
      p = open_ok (path, FALSE);
      before = snapshot (p);
      g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Forged");
      if (lq_project_undo (p, &error))
        g_error ("the forged undo “%s” ran", op);
      g_assert_nonnull (error);
      g_assert_true (error->domain == LQ_ERROR);
      g_clear_error (&error);
      assert_snapshot (p, before);
      g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Forged");
      g_assert_false (lq_project_can_redo (p));
      /* The project goes on working. */
      set_album_ok (p, "comment=still here");
      undo_ok (p);
      assert_snapshot (p, before);
      close_project (p);

      g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
      assert_integrity (path);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                      "('album', 'track', 'track_processing', 'analysis_cache', 'undo_step')"),
                       ==, 5);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM undo_step WHERE label = 'Forged'"), ==, 1);
      p = open_ok (path, FALSE);
      assert_snapshot (p, before);
      close_project (p);
    }
}

/* Format 1 -------------------------------------------------------------------- */

/* The fixture's audio, byte for byte: a 16-bit mono WAV whose samples are
 * integer sawtooth waves, so that the fingerprints in the fixture hold
 * whatever libsndfile or libm do. */
static void
write_fixture_wav (const char *path, guint period)
{
  const guint frames = 8000;
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint8 header[44];

  memcpy (header, "RIFF", 4);
  *(guint32 *) (header + 4) = GUINT32_TO_LE (36 + frames * 2);
  memcpy (header + 8, "WAVEfmt ", 8);
  *(guint32 *) (header + 16) = GUINT32_TO_LE (16);
  *(guint16 *) (header + 20) = GUINT16_TO_LE (1);       /* PCM */
  *(guint16 *) (header + 22) = GUINT16_TO_LE (1);       /* mono */
  *(guint32 *) (header + 24) = GUINT32_TO_LE (8000);
  *(guint32 *) (header + 28) = GUINT32_TO_LE (16000);
  *(guint16 *) (header + 32) = GUINT16_TO_LE (2);
  *(guint16 *) (header + 34) = GUINT16_TO_LE (16);
  memcpy (header + 36, "data", 4);
  *(guint32 *) (header + 40) = GUINT32_TO_LE (frames * 2);
  g_byte_array_append (b, header, sizeof header);
  for (guint i = 0; i < frames; i++)
    {
      gint16 s = (gint16) (((gint) (i % period) * 4000) / (gint) period - 2000);
      guint16 le = GUINT16_TO_LE ((guint16) s);

      g_byte_array_append (b, (const guint8 *) &le, 2);
    }
  write_bytes (path, b->data, b->len);
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "app", "fixtures", name, NULL);
}

static void
test_migrate_v1 (Fixture *f, gconstpointer data)
{
  g_autofree char *sql_path = fixture_path ("project-v1.sql");
  g_autofree char *sql = NULL;
  g_autofree char *path = g_build_filename (f->dir, "old.lacquer", NULL);
  g_autofree char *sum = NULL;
  g_autoptr(GError) error = NULL;
  const guint periods[] = { 80, 100, 125 };
  const char *names[] = { "01-intro.wav", "02-drive.wav", "03-outro.wav" };
  char *wav_sums[3] = { NULL };
  LqProject *p;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_no_error (error);
  sql_file (path, sql);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (sql_int (path, "PRAGMA application_id"), ==, LQ_PROJECT_APPLICATION_ID);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *wav = g_build_filename (f->dir, names[i], NULL);

      write_fixture_wav (wav, periods[i]);
      wav_sums[i] = lq_test_checksum (wav);
    }
  /* The fixture's fingerprints are those of the files written here. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *q = g_strdup_printf ("SELECT count(*) FROM track WHERE id = %u AND source_fingerprint = '%s'"
                                            " AND source_size = 16044", i + 1, wav_sums[i]);
      g_assert_cmpint (sql_int (path, q), ==, 1);
    }
  {
    g_autofree char *q = g_strdup_printf ("SELECT count(*) FROM undo_op WHERE sql LIKE '%%%s%%'", wav_sums[2]);
    g_assert_cmpint (sql_int (path, q), ==, 1);
  }

  /* Read-only cannot upgrade it, and leaves it alone. */
  sum = lq_test_checksum (path);
  g_assert_null (lq_project_open (path, TRUE, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  assert_contains (error->message, "open it for writing to upgrade it");
  g_clear_error (&error);
  {
    g_autofree char *now = lq_test_checksum (path);
    g_assert_cmpstr (now, ==, sum);
  }

  p = open_ok (path, FALSE);
  close_project (p);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  assert_integrity (path);

  p = open_ok (path, FALSE);
  {
    static const char *const album[][2] = {
      { "title", "Night Drives" }, { "artist", "The Lacquers" }, { "year", "2021" },
      { "genre", "Synthpop" }, { "upc", "036000291452" }, { "catalogue", "LQ-001" },
      { "comment", "first pressing" }, { "target", "" },
    };
    static const char *const track1[][2] = {
      { "title", "Intro" }, { "artist", "The Lacquers" }, { "composer", "" }, { "isrc", "GBABC2100001" },
      { "gap", "2" }, { "trim-in", "0" }, { "trim-out", "0" }, { "fade-in", "0.5" },
      { "fade-in-shape", "linear" }, { "fade-out", "0" }, { "fade-out-shape", "linear" },
      { "gain", "0" }, { "input-trim", "0" }, { "bypass", "false" },
    };
    static const char *const track2[][2] = {
      { "title", "Drive" }, { "artist", "" }, { "isrc", "" }, { "gap", "0" }, { "trim-out", "0.25" },
      { "fade-out", "0.5" }, { "gain", "-1.5" }, { "input-trim", "0" }, { "bypass", "false" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (album); i++)
      {
        g_autofree char *v = format_album (p, album[i][0]);
        g_assert_cmpstr (v, ==, album[i][1]);
      }
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    for (guint i = 0; i < G_N_ELEMENTS (track1); i++)
      {
        g_autofree char *v = format_track (p, 1, track1[i][0]);
        g_assert_cmpstr (v, ==, track1[i][1]);
      }
    for (guint i = 0; i < G_N_ELEMENTS (track2); i++)
      {
        g_autofree char *v = format_track (p, 2, track2[i][0]);
        g_assert_cmpstr (v, ==, track2[i][1]);
      }
    for (guint i = 1; i <= 2; i++)
      {
        LqTrack *t = lq_project_get_track (p, i);

        g_assert_cmpstr (lq_track_get_source (t), ==, names[i - 1]);
        g_assert_cmpstr (lq_track_get_fingerprint (t), ==, wav_sums[i - 1]);
        g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
        g_assert_cmpfloat_with_epsilon (lq_track_get_duration (t), 1.0, 1e-9);
      }
  }

  /* The format-1 history still undoes, newest first. */
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Remove Track 3");
  undo_ok (p);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 3);
  {
    LqTrack *t = lq_project_get_track (p, 3);
    g_autofree char *title = format_track (p, 3, "title");
    g_autofree char *shape = format_track (p, 3, "fade-out-shape");

    g_assert_cmpstr (lq_track_get_source (t), ==, "03-outro.wav");
    g_assert_cmpstr (title, ==, "Outro");
    g_assert_cmpstr (shape, ==, "linear");
    g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
  }
  /* The track it brought back takes every edit, format-2 fields included. */
  set_track_ok (p, 3, "input-trim=3");
  set_track_ok (p, 3, "bypass=true");
  {
    g_autofree char *trim = format_track (p, 3, "input-trim");
    g_autofree char *bypass = format_track (p, 3, "bypass");

    g_assert_cmpstr (trim, ==, "3");
    g_assert_cmpstr (bypass, ==, "true");
  }
  undo_ok (p);
  undo_ok (p);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Title");
  undo_ok (p);
  {
    g_autofree char *title = format_album (p, "title");
    g_assert_cmpstr (title, ==, "");
  }
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set ISRC of Track 1");
  undo_ok (p);
  {
    g_autofree char *isrc = format_track (p, 1, "isrc");
    g_assert_cmpstr (isrc, ==, "");
  }
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Add 3 Tracks");
  undo_ok (p);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  g_assert_false (lq_project_can_undo (p));

  /* ...and redoes, across a reopen. */
  close_project (p);
  p = open_ok (path, FALSE);
  /* (The two edits after the first undo dropped "Remove Track 3" from the redo history.) */
  for (guint i = 0; i < 5; i++)
    redo_ok (p);
  g_assert_false (lq_project_can_redo (p));
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 3);
  {
    g_autofree char *title = format_album (p, "title");
    g_autofree char *isrc = format_track (p, 1, "isrc");
    g_autofree char *trim = format_track (p, 3, "input-trim");
    g_autofree char *bypass = format_track (p, 3, "bypass");

    g_assert_cmpstr (title, ==, "Night Drives");
    g_assert_cmpstr (isrc, ==, "GBABC2100001");
    g_assert_cmpstr (trim, ==, "3");
    g_assert_cmpstr (bypass, ==, "true");
  }
  close_project (p);
  assert_integrity (path);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *wav = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *now = lq_test_checksum (wav);
      g_assert_cmpstr (now, ==, wav_sums[i]);
      g_free (wav_sums[i]);
    }
}


/* lq_project_save_worker_copy(): a consistent copy beside the project
 * (relative sources resolve the same), hidden, named after its purpose,
 * holding the last edit; later edits stay out of it; removed with SQLite's
 * files */
static void
test_worker_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(LqProject) p = NULL;
  g_autoptr(LqProject) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *before = NULL;
  g_autofree char *title = NULL;

  (void) data;
  make_project (f, f->project);
  p = open_ok (f->project, FALSE);
  set_album_ok (p, "title=Before the Copy");
  before = snapshot (p);

  path = lq_project_save_worker_copy (p, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  g_assert_cmpstr (dir, ==, f->dir);
  g_assert_true (g_str_has_prefix (base, ".album.lacquer.test-"));

  set_album_ok (p, "title=After the Copy");
  copy = open_ok (path, TRUE);
  assert_snapshot (copy, before);
  title = format_album (copy, "title");
  g_assert_cmpstr (title, ==, "Before the Copy");
  close_project (g_steal_pointer (&copy));

  lq_project_remove_worker_copy (path);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }
  /* The project itself is as it was left */
  g_clear_pointer (&title, g_free);
  title = format_album (p, "title");
  g_assert_cmpstr (title, ==, "After the Copy");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/bad-files", Fixture, NULL, fixture_setup, test_bad_files, fixture_teardown);
  g_test_add ("/project/worker-copy", Fixture, NULL, fixture_setup, test_worker_copy, fixture_teardown);
  g_test_add ("/project/forged-history", Fixture, NULL, fixture_setup, test_forged_history, fixture_teardown);
  g_test_add ("/project/migrate-v1", Fixture, NULL, fixture_setup, test_migrate_v1, fixture_teardown);

  return g_test_run ();
}

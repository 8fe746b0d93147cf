/* test-project.c: the album project model and its file, as a user and a hostile disk see them.
 *
 * Create, open and close; every edit kind with its undo and redo, also across
 * reopening; random edit sequences against an in-test reference model; bad
 * values; bad files (each left byte-identical); the format-1 fixture; two
 * writers, a killed writer, a reader beside a writer; and a full or read-only
 * disk, simulated by an SQLite VFS wrapped around the default one.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define N_SOURCES 4

typedef struct
{
  char *dir;
  char *project;                  /* DIR/album.lacquer */
  char *sources[N_SOURCES + 1];   /* DIR/audio/NN.wav, NULL-terminated */
  char *sums[N_SOURCES];
} Fixture;

static const char *self_exe;

/* A wrapper around the default VFS whose writes can be made to fail. */
typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;
} FaultyFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static int fault_rc;          /* 0: writes go through */
static int fault_errno;       /* what xGetLastError reports meanwhile */
static int fault_skip;        /* writes to let through before failing */
static guint fault_hits;

static int
faulty_close (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xClose (f->real);
}

static int
faulty_read (sqlite3_file *file, void *buf, int n, sqlite3_int64 offset)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xRead (f->real, buf, n, offset);
}

static int
faulty_write (sqlite3_file *file, const void *buf, int n, sqlite3_int64 offset)
{
  FaultyFile *f = (FaultyFile *) file;

  if (fault_rc != 0)
    {
      if (fault_skip > 0)
        fault_skip--;
      else
        {
          fault_hits++;
          errno = fault_errno;
          return fault_rc;
        }
    }
  return f->real->pMethods->xWrite (f->real, buf, n, offset);
}

static int
faulty_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
faulty_sync (sqlite3_file *file, int flags)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xSync (f->real, flags);
}

static int
faulty_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
faulty_lock (sqlite3_file *file, int lock)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xLock (f->real, lock);
}

static int
faulty_unlock (sqlite3_file *file, int lock)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xUnlock (f->real, lock);
}

static int
faulty_check_reserved_lock (sqlite3_file *file, int *out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
faulty_file_control (sqlite3_file *file, int op, void *arg)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
faulty_sector_size (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xSectorSize (f->real);
}

static int
faulty_device_characteristics (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
faulty_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmMap (f->real, page, size, extend, out);
}

static int
faulty_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
faulty_shm_barrier (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  f->real->pMethods->xShmBarrier (f->real);
}

static int
faulty_shm_unmap (sqlite3_file *file, int delete_flag)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

static int
faulty_fetch (sqlite3_file *file, sqlite3_int64 offset, int n, void **out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFetch (f->real, offset, n, out);
}

static int
faulty_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xUnfetch (f->real, offset, p);
}

static const sqlite3_io_methods faulty_methods = {
  3,
  faulty_close, faulty_read, faulty_write, faulty_truncate, faulty_sync, faulty_file_size,
  faulty_lock, faulty_unlock, faulty_check_reserved_lock, faulty_file_control,
  faulty_sector_size, faulty_device_characteristics,
  faulty_shm_map, faulty_shm_lock, faulty_shm_barrier, faulty_shm_unmap,
  faulty_fetch, faulty_unfetch,
};

static int
faulty_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *f = (FaultyFile *) file;
  int rc;

  f->real = (sqlite3_file *) &f[1];
  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  /* SQLite closes a file whose methods are set, even when the open failed. */
  file->pMethods = f->real->pMethods != NULL ? &faulty_methods : NULL;
  return rc;
}

static int
faulty_get_last_error (sqlite3_vfs *vfs, int n, char *buf)
{
  if (fault_rc != 0 && fault_errno != 0)
    return fault_errno;
  return real_vfs->xGetLastError (real_vfs, n, buf);
}

static void
install_faulty_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 3);
  faulty_vfs = *real_vfs;
  faulty_vfs.zName = "lq-faulty";
  faulty_vfs.szOsFile = (int) sizeof (FaultyFile) + real_vfs->szOsFile;
  faulty_vfs.pNext = NULL;
  faulty_vfs.xOpen = faulty_open;
  faulty_vfs.xGetLastError = faulty_get_last_error;
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 1), ==, SQLITE_OK);
}

static void
arm_fault (int rc, int saved_errno, int skip)
{
  fault_rc = rc;
  fault_errno = saved_errno;
  fault_skip = skip;
  fault_hits = 0;
}

static void
disarm_fault (void)
{
  fault_rc = 0;
  fault_errno = 0;
  fault_skip = 0;
}

/* Fixture -------------------------------------------------------------- */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *audio = NULL;

  f->dir = lq_test_tmpdir ();
  audio = g_build_filename (f->dir, "audio", NULL);
  g_assert_cmpint (g_mkdir (audio, 0755), ==, 0);
  for (guint k = 0; k < N_SOURCES; k++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", k + 1);
      g_autofree char *title = g_strdup_printf ("Song %u", k + 1);
      double level = -12.0 - 3.0 * k;

      f->sources[k] = g_build_filename (audio, name, NULL);
      lq_test_write (f->sources[k], SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100,
                     lq_test_sine_1k, &level, title);
      f->sums[k] = lq_test_checksum (f->sources[k]);
    }
  f->sources[N_SOURCES] = NULL;
  f->project = g_build_filename (f->dir, "album.lacquer", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  disarm_fault ();
  /* Source audio is referenced, never written. */
  for (guint k = 0; k < N_SOURCES; k++)
    {
      g_autofree char *sum = lq_test_checksum (f->sources[k]);

      g_assert_cmpstr (sum, ==, f->sums[k]);
      g_free (f->sources[k]);
      g_free (f->sums[k]);
    }
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

/* Helpers --------------------------------------------------------------- */

static LqProject *
open_ok (const char *path, gboolean read_only)
{
  g_autoptr(GError) error = NULL;
  LqProject *project = lq_project_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

static void
close_project (LqProject *project)
{
  g_assert_finalize_object (project);
}

static char *
format_album (LqProject *p, const char *key)
{
  const LqField *field = lq_project_fields_lookup (TRUE, key);

  g_assert_nonnull (field);
  return lq_field_format (field, lq_project_get_album_value (p, field));
}

static char *
format_track (LqProject *p, guint position, const char *key)
{
  const LqField *field = lq_project_fields_lookup (FALSE, key);
  LqTrack *track = lq_project_get_track (p, position);

  g_assert_nonnull (field);
  g_assert_nonnull (track);
  return lq_field_format (field, lq_track_get_value (track, field));
}

/* Everything an edit can change, as text: album fields, then each track's
 * source and fields in album order. */
static char *
snapshot (LqProject *p)
{
  GString *s = g_string_new (NULL);
  guint n;
  const LqField *fields = lq_project_fields_album (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *v = lq_field_format (&fields[i], lq_project_get_album_value (p, &fields[i]));
      g_string_append_printf (s, "album %s=%s\n", fields[i].key, v);
    }
  fields = lq_project_fields_track (&n);
  for (guint pos = 1; pos <= lq_project_get_n_tracks (p); pos++)
    {
      LqTrack *t = lq_project_get_track (p, pos);

      g_assert_cmpuint (lq_track_get_position (t), ==, pos);
      g_string_append_printf (s, "track %u source=%s", pos, lq_track_get_source (t));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *v = lq_field_format (&fields[i], lq_track_get_value (t, &fields[i]));
          g_string_append_printf (s, " %s=%s", fields[i].key, v);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
set_album_ok (LqProject *p, const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_album (p, a, &error));
  g_assert_no_error (error);
}

static void
set_track_ok (LqProject *p, guint position, const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_track (p, position, a, &error));
  g_assert_no_error (error);
}

static void
add_ok (LqProject *p, const char *const *paths, guint position)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_add_files (p, paths, position, NULL, &error));
  g_assert_no_error (error);
}

static void
undo_ok (LqProject *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_undo (p, &error));
  g_assert_no_error (error);
}

static void
redo_ok (LqProject *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_redo (p, &error));
  g_assert_no_error (error);
}

static void
assert_snapshot (LqProject *p, const char *expected)
{
  g_autofree char *now = snapshot (p);
  g_assert_cmpstr (now, ==, expected);
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* Runs PRAGMA integrity_check on @path with SQLite directly, read-only. */
static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
sql_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Runs @sql on @path with SQLite directly (creating it when needed). */
static void
sql_file (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql_exec (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
sql_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* A closed project with four tracks and a few undoable edits. */
static void
make_project (Fixture *f, const char *path)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (path, &error);

  g_assert_no_error (error);
  add_ok (p, (const char *const *) f->sources, 0);
  set_album_ok (p, "title=Night Drives");
  set_album_ok (p, "artist=The Lacquers");
  set_track_ok (p, 2, "isrc=GB-ABC-21-00002");
  set_track_ok (p, 3, "gain=-1.5");
  g_assert_true (lq_project_move_track (p, 4, 1, &error));
  g_assert_no_error (error);
  close_project (p);
}

/* Create, open, close ------------------------------------------------------ */

static void
test_create_open_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p, *q;
  g_autofree char *sum = NULL;
  g_autofree char *title = NULL;
  gboolean can_undo = TRUE, read_only = TRUE;

  p = lq_project_create (f->project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_true (g_file_test (f->project, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (lq_project_get_path (p), ==, f->project);
  g_assert_false (lq_project_get_read_only (p));
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 0);
  g_assert_true (g_list_model_get_item_type (lq_project_get_tracks (p)) == LQ_TYPE_TRACK);
  g_assert_null (lq_project_get_track (p, 1));
  g_assert_false (lq_project_can_undo (p));
  g_assert_false (lq_project_can_redo (p));
  g_assert_null (lq_project_get_undo_label (p));
  g_object_get (p, "can-undo", &can_undo, "read-only", &read_only, "title", &title, NULL);
  g_assert_false (can_undo);
  g_assert_false (read_only);
  g_assert_cmpstr (title, ==, "");

  /* The file identifies itself before anything else parses it. */
  g_assert_cmpint (sql_int (f->project, "PRAGMA application_id"), ==, LQ_PROJECT_APPLICATION_ID);
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);

  /* Never replaces an existing file, project or not. */
  sum = lq_test_checksum (f->project);
  g_assert_null (lq_project_create (f->project, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  assert_contains (error->message, f->project);
  g_clear_error (&error);
  {
    g_autofree char *now = lq_test_checksum (f->project);
    g_assert_cmpstr (now, ==, sum);
  }
  g_assert_null (lq_project_create (f->sources[0], &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_clear_error (&error);

  set_album_ok (p, "title=Album");
  close_project (p);

  p = open_ok (f->project, FALSE);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  g_clear_pointer (&title, g_free);
  title = format_album (p, "title");
  g_assert_cmpstr (title, ==, "Album");
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Title");
  close_project (p);

  q = open_ok (f->project, TRUE);
  g_assert_true (lq_project_get_read_only (q));
  close_project (q);

  /* A missing file, and a folder. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "nope.lacquer", NULL);

    g_assert_null (lq_project_open (missing, FALSE, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    assert_contains (error->message, missing);
    g_clear_error (&error);
    g_assert_null (lq_project_open (f->dir, TRUE, &error));
    g_assert_nonnull (error);
    assert_contains (error->message, f->dir);
    g_clear_error (&error);
  }
}

/* Every edit kind, each undone and redone --------------------------------- */

/* Runs undo then redo and checks both land on the expected snapshots. */
static void
check_undo_redo (LqProject *p, const char *before, const char *after, const char *label)
{
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  assert_snapshot (p, after);
  undo_ok (p);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_redo_label (p), ==, label);
  redo_ok (p);
  assert_snapshot (p, after);
  g_assert_false (lq_project_can_redo (p));
}

static void
test_every_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (f->project, &error);
  static const struct
  {
    const char *assignment;
    const char *stored;
    const char *label;
  } album_edits[] = {
    { "title=  Night Drives ", "Night Drives", "Set Album Title" },
    { "artist=The Lacquers", "The Lacquers", "Set Album Artist" },
    { "year=2021", "2021", "Set Album Year" },
    { "genre=Synthpop", "Synthpop", "Set Album Genre" },
    { "upc=0-36000-29145-2", "036000291452", "Set Album UPC/EAN" },
    { "catalogue=LQ-001", "LQ-001", "Set Album Catalogue Number" },
    { "comment=Ünïcode ✓ and 'quotes'; DROP TABLE track; --", "Ünïcode ✓ and 'quotes'; DROP TABLE track; --",
      "Set Album Comment" },
    { "target=Spotify", "spotify", "Set Album Delivery Target" },
    { "target=-14", "-14", "Set Album Delivery Target" },
    { "year=", "", "Set Album Year" },
    { "upc=", "", "Set Album UPC/EAN" },
  };
  static const struct
  {
    const char *assignment;
    const char *key;
    const char *stored;
  } track_edits[] = {
    { "title=Intro", "title", "Intro" },
    { "artist=Someone", "artist", "Someone" },
    { "composer=Somebody Else", "composer", "Somebody Else" },
    { "isrc=gb-abc-21-00001", "isrc", "GBABC2100001" },
    { "gap=0.5", "gap", "0.5" },
    { "trim-in=0.25", "trim-in", "0.25" },
    { "trim-out=0.125", "trim-out", "0.125" },
    { "fade-in=0.25", "fade-in", "0.25" },
    { "fade-in-shape=SCurve", "fade-in-shape", "scurve" },
    { "fade-out=0.25", "fade-out", "0.25" },
    { "fade-out-shape=log", "fade-out-shape", "log" },
    { "gain=-3.5", "gain", "-3.5" },
    { "input_trim=2", "input-trim", "2" },
    { "bypass=yes", "bypass", "true" },
    { "isrc=", "isrc", "" },
  };

  g_assert_no_error (error);

  /* Album fields. */
  for (guint i = 0; i < G_N_ELEMENTS (album_edits); i++)
    {
      g_autofree char *before = snapshot (p);
      g_autofree char *after = NULL;
      g_autofree char *key = g_strndup (album_edits[i].assignment,
                                        strchr (album_edits[i].assignment, '=') - album_edits[i].assignment);
      g_autofree char *value = NULL;

      set_album_ok (p, album_edits[i].assignment);
      value = format_album (p, key);
      g_assert_cmpstr (value, ==, album_edits[i].stored);
      after = snapshot (p);
      check_undo_redo (p, before, after, album_edits[i].label);
    }
  /* The int64 year property follows the field. */
  set_album_ok (p, "year=1999");
  {
    gint64 year = 0;
    g_object_get (p, "year", &year, NULL);
    g_assert_cmpint (year, ==, 1999);
  }
  /* Several fields at once are one step. */
  {
    const char *both[] = { "genre=Ambient", "catalogue=LQ-002", NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_set_album (p, both, &error));
    g_assert_no_error (error);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Edit Album");
  }
  /* An edit that changes nothing is no step. */
  {
    const char *label = "Edit Album";
    set_album_ok (p, "genre=Ambient");
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  }

  /* Add: at the end, then before track 1. */
  {
    const char *two[] = { f->sources[0], f->sources[1], NULL };
    const char *one[] = { f->sources[2], NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    add_ok (p, two, 0);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Add 2 Tracks");

    g_clear_pointer (&before, g_free);
    g_clear_pointer (&after, g_free);
    before = snapshot (p);
    add_ok (p, one, 1);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Add 1 Track");
  }
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 3);
  {
    LqTrack *t = lq_project_get_track (p, 1);
    g_autofree char *gap1 = format_track (p, 1, "gap");
    g_autofree char *gap2 = format_track (p, 2, "gap");
    g_autofree char *title = format_track (p, 1, "title");

    g_assert_cmpstr (lq_track_get_source (t), ==, "audio/03.wav");
    g_assert_cmpstr (lq_track_get_path (t), ==, f->sources[2]);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, f->sums[2]);
    g_assert_cmpfloat_with_epsilon (lq_track_get_duration (t), 1.0, 1e-9);
    g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
    g_assert_cmpstr (title, ==, "Song 3");
    g_assert_cmpstr (lq_track_get_display_name (t), ==, "Song 3");
    /* Red Book: 2 s before a track added first; a track keeps its gap when
     * another is added before it. */
    g_assert_cmpstr (gap1, ==, "2");
    g_assert_cmpstr (gap2, ==, "2");
    {
      g_autofree char *gap3 = format_track (p, 3, "gap");
      g_assert_cmpstr (gap3, ==, "0");
    }
    g_assert_cmpuint (lq_track_get_position (lq_project_get_track (p, 3)), ==, 3);
  }

  /* Every track field, on track 2. */
  for (guint i = 0; i < G_N_ELEMENTS (track_edits); i++)
    {
      g_autofree char *before = snapshot (p);
      g_autofree char *after = NULL;
      g_autofree char *value = NULL;
      const LqField *field = lq_project_fields_lookup (FALSE, track_edits[i].key);
      g_autofree char *label = g_strdup_printf ("Set %s of Track 2", field->label);

      set_track_ok (p, 2, track_edits[i].assignment);
      value = format_track (p, 2, track_edits[i].key);
      g_assert_cmpstr (value, ==, track_edits[i].stored);
      after = snapshot (p);
      check_undo_redo (p, before, after, label);
    }
  {
    const char *both[] = { "title=", "artist=X", NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_set_track (p, 2, both, &error));
    g_assert_no_error (error);
    /* Without a title, the file name names the track. */
    g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 2)), ==, "01");
    after = snapshot (p);
    check_undo_redo (p, before, after, "Edit Track 2");
  }

  /* Move both ways; the objects keep their identity. */
  {
    LqTrack *first = lq_project_get_track (p, 1);
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_move_track (p, 1, 3, &error));
    g_assert_no_error (error);
    g_assert_true (lq_project_get_track (p, 3) == first);
    g_assert_cmpuint (lq_track_get_position (first), ==, 3);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Move Track 1 to 3");

    g_clear_pointer (&before, g_free);
    g_clear_pointer (&after, g_free);
    before = snapshot (p);
    g_assert_true (lq_project_move_track (p, 3, 2, &error));
    g_assert_no_error (error);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Move Track 3 to 2");

    /* Moving a track onto itself is no step. */
    g_assert_true (lq_project_move_track (p, 2, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Move Track 3 to 2");
  }

  /* Remove the middle track, with its processing row. */
  {
    g_autofree char *before = snapshot (p), *after = NULL;

    set_track_ok (p, 2, "input-trim=-6");
    g_clear_pointer (&before, g_free);
    before = snapshot (p);
    g_assert_true (lq_project_remove_track (p, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Remove Track 2");
    undo_ok (p);
    {
      g_autofree char *trim = format_track (p, 2, "input-trim");
      g_assert_cmpstr (trim, ==, "-6");
    }
    /* The restored track takes edits to every table again. */
    set_track_ok (p, 2, "bypass=true");
    {
      g_autofree char *bypass = format_track (p, 2, "bypass");
      g_assert_cmpstr (bypass, ==, "true");
    }
  }

  /* Relink to a copy elsewhere, then to other audio. */
  {
    g_autofree char *other_dir = g_build_filename (f->dir, "elsewhere", NULL);
    g_autofree char *copy = g_build_filename (other_dir, "copy.wav", NULL);
    g_autofree char *before = NULL, *after = NULL;
    LqTrack *t = lq_project_get_track (p, 1);
    g_autofree char *old_source = g_strdup (lq_track_get_source (t));
    g_autofree char *old_fp = g_strdup (lq_track_get_fingerprint (t));

    g_assert_cmpint (g_mkdir (other_dir, 0755), ==, 0);
    copy_file (lq_track_get_path (t), copy);
    before = snapshot (p);
    g_assert_true (lq_project_relink (p, 1, copy, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_track_get_source (t), ==, "elsewhere/copy.wav");
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, old_fp);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Relink Track 1");
    undo_ok (p);
    g_assert_cmpstr (lq_track_get_source (t), ==, old_source);

    g_assert_true (lq_project_relink (p, 1, f->sources[3], &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, f->sums[3]);
    undo_ok (p);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, old_fp);

    /* A source that moved away is missing, and found again by content. */
    g_assert_true (lq_project_relink (p, 1, copy, &error));
    g_assert_no_error (error);
    {
      g_autofree char *moved = g_build_filename (f->dir, "moved", NULL);
      g_autofree char *target = g_build_filename (moved, "deep", NULL);
      g_autofree char *renamed = g_build_filename (target, "renamed.wav", NULL);

      g_assert_cmpint (g_mkdir_with_parents (target, 0755), ==, 0);
      g_assert_cmpint (g_rename (copy, renamed), ==, 0);
      set_album_ok (p, "comment=reload");   /* an edit leaves other tracks' sources alone */
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
      g_assert_true (lq_project_check_sources (p, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_MISSING);
      g_assert_cmpint (lq_project_relink_search (p, moved, NULL, &error), ==, 1);
      g_assert_no_error (error);
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
      g_assert_cmpstr (lq_track_get_source (t), ==, "moved/deep/renamed.wav");
    }
  }

  /* Undo labels survive closing. */
  {
    g_autofree char *state = snapshot (p);
    g_autofree char *label = g_strdup (lq_project_get_undo_label (p));

    close_project (p);
    p = open_ok (f->project, FALSE);
    assert_snapshot (p, state);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  }
  close_project (p);
}

/* Undo and redo across close and reopen ------------------------------------ */

static void
test_undo_across_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  LqProject *p = lq_project_create (f->project, &error);

  g_assert_no_error (error);
  g_ptr_array_add (states, snapshot (p));
  add_ok (p, (const char *const *) f->sources, 0);
  g_ptr_array_add (states, snapshot (p));
  set_album_ok (p, "title=A");
  g_ptr_array_add (states, snapshot (p));
  g_assert_true (lq_project_move_track (p, 1, 4, &error));
  g_ptr_array_add (states, snapshot (p));
  g_assert_true (lq_project_remove_track (p, 2, &error));
  g_ptr_array_add (states, snapshot (p));
  set_track_ok (p, 1, "bypass=on");
  g_ptr_array_add (states, snapshot (p));
  g_assert_no_error (error);

  /* Undo everything, one step per session. */
  for (guint i = states->len - 1; i > 0; i--)
    {
      close_project (p);
      p = open_ok (f->project, FALSE);
      assert_snapshot (p, g_ptr_array_index (states, i));
      undo_ok (p);
      assert_snapshot (p, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (lq_project_can_undo (p));
  g_assert_false (lq_project_undo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* Redo everything, likewise. */
  for (guint i = 1; i < states->len; i++)
    {
      close_project (p);
      p = open_ok (f->project, FALSE);
      assert_snapshot (p, g_ptr_array_index (states, i - 1));
      redo_ok (p);
      assert_snapshot (p, g_ptr_array_index (states, i));
    }
  g_assert_false (lq_project_redo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* A new edit after undo drops the redo history, for good. */
  undo_ok (p);
  undo_ok (p);
  set_album_ok (p, "comment=branch");
  g_assert_false (lq_project_can_redo (p));
  close_project (p);
  p = open_ok (f->project, FALSE);
  g_assert_false (lq_project_can_redo (p));
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Comment");
  undo_ok (p);
  assert_snapshot (p, g_ptr_array_index (states, states->len - 3));

  /* A read-only view sees the history but cannot replay it. */
  close_project (p);
  p = open_ok (f->project, TRUE);
  g_assert_true (lq_project_can_undo (p));
  g_assert_false (lq_project_undo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_snapshot (p, g_ptr_array_index (states, states->len - 3));
  close_project (p);
}

/* Random edit sequences against a reference model --------------------------- */

typedef struct
{
  guint uid;       /* which track it is: two can look the same */
  char *source;
  char **values;   /* formatted, one per track field */
} RefTrack;

typedef struct
{
  char **album;      /* formatted, one per album field */
  GPtrArray *tracks; /* RefTrack */
} Ref;

static void
ref_track_free (RefTrack *t)
{
  g_free (t->source);
  g_strfreev (t->values);
  g_free (t);
}

static char *normal (const LqField *field, const char *text);

/* The documented default of a mastering-chain field (lq-chain-settings.h:
 * project format 4), as text; NULL for the album's and tracks' own fields. */
static const char *
chain_default (const LqField *field)
{
  static const char *const types[] = { "high-pass", "low-shelf", "bell", "bell", "bell", "bell",
                                       "high-shelf", "low-pass" };
  static const char *const freqs[] = { "30", "100", "250", "800", "2500", "6000", "10000", "20000" };
  static const struct { const char *suffix; const char *value; } common[] = {
    { "-gain", "0" }, { "-q", "0.71" }, { "-slope", "24" }, { "-channels", "stereo" },
    { "-threshold", "-18" }, { "-ratio", "2" }, { "-knee", "6" }, { "-attack", "10" },
    { "-release", "100" }, { "-makeup", "0" }, { "-detection", "rms" },
  };
  const char *key = field->key;

  if (field->group == NULL)
    return NULL;
  if (g_str_equal (key, "match-eq-on") || g_str_equal (key, "limiter-auto-release"))
    return "true";
  if (g_str_has_suffix (key, "-on"))
    return "false";
  if (g_str_has_suffix (key, "comp-channels"))
    return "linked";
  if (g_str_equal (key, "width"))
    return "1";
  if (g_str_equal (key, "mono-below"))
    return "0";
  if (g_str_equal (key, "limiter-release"))
    return "100";
  if (field->band > 0 && g_str_has_suffix (key, "-type"))
    return types[field->band - 1];
  if (field->band > 0 && g_str_has_suffix (key, "-freq"))
    return freqs[field->band - 1];
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    if (g_str_has_suffix (key, common[i].suffix))
      return common[i].value;
  g_assert_not_reached ();
}

static Ref *
ref_new (void)
{
  Ref *r = g_new0 (Ref, 1);
  guint n;

  const LqField *fields = lq_project_fields_album (&n);

  r->album = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    r->album[i] = chain_default (&fields[i]) != NULL ? normal (&fields[i], chain_default (&fields[i]))
                                                     : g_strdup ("");
  r->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_track_free);
  return r;
}

static Ref *
ref_copy (const Ref *r)
{
  Ref *c = g_new0 (Ref, 1);

  c->album = g_strdupv (r->album);
  c->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_track_free);
  for (guint i = 0; i < r->tracks->len; i++)
    {
      RefTrack *t = g_ptr_array_index (r->tracks, i);
      RefTrack *u = g_new0 (RefTrack, 1);

      u->uid = t->uid;
      u->source = g_strdup (t->source);
      u->values = g_strdupv (t->values);
      g_ptr_array_add (c->tracks, u);
    }
  return c;
}

static void
ref_free (Ref *r)
{
  g_strfreev (r->album);
  g_ptr_array_unref (r->tracks);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ref, ref_free)

static char *
ref_snapshot (const Ref *r)
{
  GString *s = g_string_new (NULL);
  guint n;
  const LqField *fields = lq_project_fields_album (&n);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "album %s=%s\n", fields[i].key, r->album[i]);
  fields = lq_project_fields_track (&n);
  for (guint p = 0; p < r->tracks->len; p++)
    {
      RefTrack *t = g_ptr_array_index (r->tracks, p);

      g_string_append_printf (s, "track %u source=%s", p + 1, t->source);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, " %s=%s", fields[i].key, t->values[i]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* How the model stores @text for @field, as text. */
static char *
normal (const LqField *field, const char *text)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_true (lq_field_parse (field, text, &v, NULL));
  return lq_field_format (field, &v);
}

static guint
field_index (const LqField *fields, const LqField *field)
{
  return (guint) (field - fields);
}

/* A valid value for @field, chosen by @rand; trims and fades stay small so
 * that any combination fits a 1 s track. */
static char *
random_value (const LqField *field, GRand *rand)
{
  static const char *const isrcs[] = { "GBABC2100001", "us-s1z-99-00001", "FRZ039800212", "" };
  static const char *const upcs[] = { "036000291452", "4006381333931", "", "0-12345-67890-5" };
  static const char *const targets[] = { "spotify", "apple", "r128", "-16", "-23.5", "" };
  static const char *const shapes[] = { "linear", "log", "scurve" };
  static const char *const texts[] = { "", "a", "Ünïcode ✓", "O'Brien; --", "  padded  " };

  if (g_str_equal (field->key, "isrc"))
    return g_strdup (isrcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (isrcs))]);
  if (g_str_equal (field->key, "upc"))
    return g_strdup (upcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (upcs))]);
  if (g_str_equal (field->key, "target"))
    return g_strdup (targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))]);
  if (g_str_equal (field->key, "year"))
    return g_rand_boolean (rand) ? g_strdup_printf ("%d", g_rand_int_range (rand, 1000, 10000)) : g_strdup ("");
  if (g_str_has_prefix (field->key, "trim-") || (g_str_has_prefix (field->key, "fade-")
                                                  && !g_str_has_suffix (field->key, "-shape")))
    return g_strdup_printf ("%g", 0.125 * g_rand_int_range (rand, 0, 3));
  switch (field->type)
    {
    case LQ_FIELD_TEXT:
      if (g_rand_boolean (rand))
        return g_strdup (texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))]);
      return g_strdup_printf ("t%u", g_rand_int (rand) % 1000);
    case LQ_FIELD_REAL:
      /* Nine steps over the range: the ends and values between. */
      return g_strdup_printf ("%g", field->min + (field->max - field->min) * g_rand_int_range (rand, 0, 9) / 8.0);
    case LQ_FIELD_CHOICE:
      if (g_str_has_suffix (field->key, "-shape"))
        return g_strdup (shapes[g_rand_int_range (rand, 0, G_N_ELEMENTS (shapes))]);
      return g_strdup (field->choices[g_rand_int_range (rand, 0, (gint32) g_strv_length ((char **) field->choices))]);
    case LQ_FIELD_BOOL:
      return g_strdup (g_rand_boolean (rand) ? "true" : "false");
    default:
      g_assert_not_reached ();
    }
}

static RefTrack *
ref_track_for_source (Fixture *f, guint k, gboolean first)
{
  static guint next_uid;
  RefTrack *t = g_new0 (RefTrack, 1);
  guint n;

  t->uid = ++next_uid;
  const LqField *fields = lq_project_fields_track (&n);

  t->source = g_strdup_printf ("audio/%02u.wav", k + 1);
  t->values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *key = fields[i].key;
      const char *text = "";

      if (chain_default (&fields[i]) != NULL)
        text = chain_default (&fields[i]);
      else if (g_str_equal (key, "title"))
        text = NULL;
      else if (g_str_equal (key, "gap"))
        text = first ? "2" : "0";
      else if (fields[i].type == LQ_FIELD_REAL)
        text = "0";
      else if (fields[i].type == LQ_FIELD_CHOICE)
        text = "linear";
      else if (fields[i].type == LQ_FIELD_BOOL)
        text = "false";
      t->values[i] = text != NULL ? normal (&fields[i], text) : g_strdup_printf ("Song %u", k + 1);
    }
  return t;
}

typedef struct
{
  Ref *ref;
  GPtrArray *undo;   /* Ref */
  GPtrArray *redo;   /* Ref */
} History;

/* Red Book: a track that becomes first with no gap gets the 2 s pregap. */
static void
ref_default_first_gap (Ref *r)
{
  guint n;
  const LqField *fields = lq_project_fields_track (&n);
  const LqField *gap = lq_project_fields_lookup (FALSE, "gap");
  RefTrack *first;
  guint i = gap - fields;

  if (r->tracks->len == 0)
    return;
  first = g_ptr_array_index (r->tracks, 0);
  if (g_strcmp0 (first->values[i], "0") == 0)
    {
      g_free (first->values[i]);
      first->values[i] = normal (gap, "2");
    }
}

/* The snapshot, and which track is where. */
static char *
ref_identity (const Ref *r)
{
  GString *s = g_string_new (NULL);
  char *snap = ref_snapshot (r);

  g_string_append (s, snap);
  g_free (snap);
  for (guint p = 0; p < r->tracks->len; p++)
    g_string_append_printf (s, " %u", ((RefTrack *) g_ptr_array_index (r->tracks, p))->uid);
  return g_string_free (s, FALSE);
}

/* After an edit that succeeded: a step exists if anything changed, even
 * just the order of two tracks that look the same. */
static void
history_edited (History *h, Ref *before)
{
  g_autofree char *a = ref_identity (before);
  g_autofree char *b = ref_identity (h->ref);

  if (g_str_equal (a, b))
    {
      ref_free (before);
      return;
    }
  g_ptr_array_add (h->undo, before);
  g_ptr_array_set_size (h->redo, 0);
}

static void
check_against (LqProject *p, History *h)
{
  g_autofree char *want = ref_snapshot (h->ref);

  assert_snapshot (p, want);
  g_assert_cmpint (lq_project_can_undo (p), ==, h->undo->len > 0);
  g_assert_cmpint (lq_project_can_redo (p), ==, h->redo->len > 0);
}

static void
random_step (Fixture *f, LqProject *p, History *h, GRand *rand)
{
  g_autoptr(GError) error = NULL;
  guint n = h->ref->tracks->len;
  guint r = g_rand_int_range (rand, 0, 100);
  Ref *before = ref_copy (h->ref);

  if (n == 0 || r < 15)
    {
      guint count = g_rand_int_range (rand, 1, 3);
      guint position = g_rand_int_range (rand, 0, n + 2);   /* 0: at the end */
      guint at = position == 0 ? n + 1 : position;
      const char *paths[3] = { NULL, NULL, NULL };

      for (guint i = 0; i < count; i++)
        {
          guint k = g_rand_int_range (rand, 0, N_SOURCES);

          paths[i] = f->sources[k];
          g_ptr_array_insert (h->ref->tracks, at - 1 + i, ref_track_for_source (f, k, at + i == 1));
        }
      add_ok (p, paths, position);
    }
  else if (r < 40)
    {
      guint from = g_rand_int_range (rand, 1, n + 1);
      guint to = g_rand_int_range (rand, 1, n + 1);
      RefTrack *t = g_ptr_array_steal_index (h->ref->tracks, from - 1);

      g_ptr_array_insert (h->ref->tracks, to - 1, t);
      if (from != to && (from == 1 || to == 1))
        ref_default_first_gap (h->ref);
      g_assert_true (lq_project_move_track (p, from, to, &error));
    }
  else if (r < 50)
    {
      guint position = g_rand_int_range (rand, 1, n + 1);

      g_ptr_array_remove_index (h->ref->tracks, position - 1);
      if (position == 1)
        ref_default_first_gap (h->ref);
      g_assert_true (lq_project_remove_track (p, position, &error));
    }
  else if (r < 75)
    {
      guint position = g_rand_int_range (rand, 1, n + 1);
      guint count = g_rand_int_range (rand, 1, 4), nf;
      const LqField *fields = lq_project_fields_track (&nf);
      g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (g_free);
      RefTrack *t = g_ptr_array_index (h->ref->tracks, position - 1);

      /* Distinct keys: x=1 x=<old> in one call changes nothing yet is a step. */
      guint first = g_rand_int_range (rand, 0, nf);
      for (guint i = 0; i < count; i++)
        {
          const LqField *field = &fields[(first + i * 5) % nf];
          g_autofree char *value = random_value (field, rand);

          g_free (t->values[field_index (fields, field)]);
          t->values[field_index (fields, field)] = normal (field, value);
          g_ptr_array_add (assignments, g_strdup_printf ("%s=%s", field->key, value));
        }
      g_ptr_array_add (assignments, NULL);
      g_assert_true (lq_project_set_track (p, position, (const char *const *) assignments->pdata, &error));
    }
  else if (r < 88)
    {
      guint nf;
      const LqField *fields = lq_project_fields_album (&nf);
      const LqField *field = &fields[g_rand_int_range (rand, 0, nf)];
      g_autofree char *value = random_value (field, rand);
      g_autofree char *assignment = g_strdup_printf ("%s=%s", field->key, value);

      g_free (h->ref->album[field_index (fields, field)]);
      h->ref->album[field_index (fields, field)] = normal (field, value);
      set_album_ok (p, assignment);
    }
  else if (r < 95)
    {
      ref_free (before);
      if (h->undo->len == 0)
        return;
      undo_ok (p);
      g_ptr_array_add (h->redo, h->ref);
      h->ref = g_ptr_array_steal_index (h->undo, h->undo->len - 1);
      return;
    }
  else
    {
      ref_free (before);
      if (h->redo->len == 0)
        return;
      redo_ok (p);
      g_ptr_array_add (h->undo, h->ref);
      h->ref = g_ptr_array_steal_index (h->redo, h->redo->len - 1);
      return;
    }
  g_assert_no_error (error);
  history_edited (h, before);
}

static void
test_random_sequences (Fixture *f, gconstpointer data)
{
  const guint32 seeds[] = { 20240601, 7, 4242 };
  const guint n_steps = g_test_slow () ? 400 : 70;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/random-%u.lacquer", f->dir, s);
      g_autofree char *empty = NULL;
      g_autofree char *final = NULL;
      History h = { ref_new (), g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free),
                    g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free) };
      LqProject *p = lq_project_create (path, &error);
      guint reopen_at;

      g_assert_no_error (error);
      empty = ref_snapshot (h.ref);
      for (guint i = 0; i < n_steps; i++)
        {
          random_step (f, p, &h, rand);
          check_against (p, &h);
          if (i == n_steps / 2)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      final = ref_snapshot (h.ref);

      /* Undo everything, reopening halfway. */
      reopen_at = h.undo->len / 2;
      while (h.undo->len > 0)
        {
          undo_ok (p);
          g_ptr_array_add (h.redo, h.ref);
          h.ref = g_ptr_array_steal_index (h.undo, h.undo->len - 1);
          check_against (p, &h);
          if (h.undo->len == reopen_at)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      assert_snapshot (p, empty);
      g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);

      /* Redo everything, likewise. */
      reopen_at = h.redo->len / 2;
      while (h.redo->len > 0)
        {
          redo_ok (p);
          g_ptr_array_add (h.undo, h.ref);
          h.ref = g_ptr_array_steal_index (h.redo, h.redo->len - 1);
          check_against (p, &h);
          if (h.redo->len == reopen_at)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      assert_snapshot (p, final);
      close_project (p);
      assert_integrity (path);

      ref_free (h.ref);
      g_ptr_array_unref (h.undo);
      g_ptr_array_unref (h.redo);
    }
}

/* Invalid values ---------------------------------------------------------- */

static void
test_invalid_values (Fixture *f, gconstpointer data)
{
  static const struct
  {
    gboolean album;
    const char *assignments[3];
    const char *says;
  } cases[] = {
    { TRUE, { "year=abc" }, "give a whole number from 1000 to 9999, or nothing" },
    { TRUE, { "year=12345" }, "from 1000 to 9999" },
    { TRUE, { "year=2000.5" }, "from 1000 to 9999" },
    { TRUE, { "upc=12345" }, "give 12 (UPC-A) or 13 (EAN-13) digits" },
    { TRUE, { "upc=036000291453" }, "check digit (it should end in 2)" },
    { TRUE, { "target=loud" }, "choose one of spotify, apple" },
    { TRUE, { "target=3" }, "a loudness in LUFS from -40 to 0" },
    { TRUE, { "colour=red" }, "album keys are: title, artist, year" },
    { TRUE, { "title" }, "is not key=value" },
    { TRUE, { "title=\xff\xfe" }, "not valid UTF-8" },
    { TRUE, { "title=ok", "year=0" }, "from 1000 to 9999" },
    { TRUE, { NULL }, "give key=value" },
    { FALSE, { "isrc=12" }, "CC-XXX-YY-NNNNN" },
    { FALSE, { "gap=-1" }, "give a number from 0 to 600" },
    { FALSE, { "gain=30" }, "from -48 to 24" },
    { FALSE, { "gain=nan" }, "from -48 to 24" },
    { FALSE, { "gain=inf" }, "from -48 to 24" },
    { FALSE, { "gain=" }, "from -48 to 24" },
    { FALSE, { "input-trim=25" }, "from -24 to 24" },
    { FALSE, { "fade-in-shape=cubic" }, "choose one of: linear, log, scurve" },
    { FALSE, { "bypass=maybe" }, "give true or false" },
    { FALSE, { "tempo=120" }, "track keys are: title, artist, composer" },
    { FALSE, { "trim-in=0.6", "trim-out=0.6" }, "must leave at least 0.1 s of the 1.00 s track" },
    { FALSE, { "fade-in=0.6", "fade-out=0.6" }, "longer than the trimmed track" },
    { FALSE, { "title=changed", "gain=99" }, "from -48 to 24" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *notes = g_build_filename (f->dir, "notes.wav", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  LqProject *p;

  make_project (f, f->project);
  p = open_ok (f->project, FALSE);
  set_track_ok (p, 1, "trim-in=0.5");
  before = snapshot (p);
  label = g_strdup (lq_project_get_undo_label (p));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = cases[i].album
        ? lq_project_set_album (p, cases[i].assignments, &error)
        : lq_project_set_track (p, 2, cases[i].assignments, &error);

      g_assert_false (ok);
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      assert_contains (error->message, cases[i].says);
      g_clear_error (&error);
      assert_snapshot (p, before);
      g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
    }
  /* A trim that leaves too little of the track already trimmed. */
  {
    const char *a[] = { "trim-out=0.45", NULL };
    g_assert_false (lq_project_set_track (p, 1, a, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "trim-in plus trim-out (0.95 s)");
    g_clear_error (&error);
  }

  /* Positions out of range say which ones exist. */
  {
    const char *a[] = { "title=x", NULL };
    const char *paths[] = { f->sources[0], NULL };

    g_assert_false (lq_project_set_track (p, 0, a, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_set_track (p, 5, a, &error));
    assert_contains (error->message, "There is no track 5: the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_move_track (p, 1, 9, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_move_track (p, 0, 1, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_remove_track (p, 9, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, paths, 9, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "positions 1 to 5");
    g_clear_error (&error);
    g_assert_false (lq_project_relink (p, 7, f->sources[0], &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
  }

  /* Files that are not audio: nothing of the batch is added. */
  g_assert_true (g_file_set_contents (notes, "not audio\n", -1, NULL));
  {
    const char *bad[] = { f->sources[0], notes, NULL };
    const char *gone[] = { missing, NULL };
    const char *folder[] = { f->dir, NULL };

    g_assert_false (lq_project_add_files (p, bad, 0, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
    assert_contains (error->message, notes);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, gone, 0, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    assert_contains (error->message, missing);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, folder, 0, NULL, &error));
    g_assert_nonnull (error);
    assert_contains (error->message, f->dir);
    g_clear_error (&error);
    g_assert_false (lq_project_relink (p, 1, notes, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
    g_clear_error (&error);
    g_assert_cmpint (lq_project_relink_search (p, missing, NULL, &error), ==, -1);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Nothing to redo here. */
  g_assert_false (lq_project_redo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
}

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

/* Writers and readers ---------------------------------------------------------- */

/* test-project --lock-child PATH: holds PATH open for writing until killed. */
static int
lock_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_open (path, FALSE, &error);

  if (p == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  alarm (60);   /* never outlive a parent that died */
  printf ("locked\n");
  fflush (stdout);
  for (;;)
    pause ();
}

static GSubprocess *
spawn_lock_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                         self_exe, "--lock-child", path, NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");
  return child;
}

static void
test_two_writers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  LqProject *a, *b;

  make_project (f, f->project);

  a = open_ok (f->project, FALSE);
  before = snapshot (a);
  b = lq_project_open (f->project, FALSE, &error);
  g_assert_null (b);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
  g_assert_true (g_str_has_prefix (error->message, f->project));
  assert_contains (error->message, "close it there first");
  g_clear_error (&error);

  /* A reader beside the writer sees what the writer committed. */
  set_album_ok (a, "comment=from the writer");
  b = open_ok (f->project, TRUE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_autofree char *mine = snapshot (a);

    g_assert_cmpstr (comment, ==, "from the writer");
    assert_snapshot (b, mine);
  }
  g_assert_false (lq_project_set_album (b, (const char *[]) { "comment=reader", NULL }, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lq_project_move_track (b, 1, 2, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lq_project_add_files (b, (const char *const *) f->sources, 0, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* The writer goes on while the reader is open. */
  set_album_ok (a, "comment=again");
  close_project (b);

  close_project (a);
  b = open_ok (f->project, FALSE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_assert_cmpstr (comment, ==, "again");
  }
  close_project (b);

  /* Another process holds it; SIGKILL releases it. */
  {
    GSubprocess *child = spawn_lock_child (f->project);
    g_autofree char *state = NULL;

    g_assert_null (lq_project_open (f->project, FALSE, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
    g_clear_error (&error);
    b = open_ok (f->project, TRUE);
    state = snapshot (b);
    close_project (b);

    g_subprocess_send_signal (child, SIGKILL);
    g_assert_true (g_subprocess_wait (child, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_signaled (child));
    g_object_unref (child);

    a = open_ok (f->project, FALSE);
    assert_snapshot (a, state);
    set_album_ok (a, "comment=after the kill");
    close_project (a);
    assert_integrity (f->project);
  }

  /* Read-only when no one has it open. */
  b = open_ok (f->project, TRUE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_assert_cmpstr (comment, ==, "after the kill");
  }
  close_project (b);
}

/* The project file renamed while open (in a file manager, say): the
 * connection follows the file, and a clean close leaves every edit in it
 * under its new name. */
static void
test_moved_while_open (Fixture *f, gconstpointer data)
{
  g_autofree char *moved = g_build_filename (f->dir, "moved.lacquer", NULL);
  g_autofree char *after = NULL;
  LqProject *p;

  make_project (f, f->project);
  p = open_ok (f->project, FALSE);
  g_assert_cmpint (g_rename (f->project, moved), ==, 0);
  set_album_ok (p, "comment=after the move");
  after = snapshot (p);
  close_project (p);
  g_assert_false (g_file_test (f->project, G_FILE_TEST_EXISTS));

  p = open_ok (moved, FALSE);
  assert_snapshot (p, after);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Comment");
  close_project (p);
  assert_integrity (moved);
}

/* A file the user may not write: read-only works, writing says why. Root may
 * write anything, so this runs only as another user. */
static void
test_read_only_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p;

  if (geteuid () == 0)
    {
      g_test_skip ("root can write read-only files");
      return;
    }
  make_project (f, f->project);
  g_assert_cmpint (g_chmod (f->project, 0444), ==, 0);
  g_assert_null (lq_project_open (f->project, FALSE, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  p = open_ok (f->project, TRUE);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 4);
  close_project (p);
  g_assert_cmpint (g_chmod (f->project, 0644), ==, 0);
}

/* A full or read-only disk ------------------------------------------------------ */

typedef struct
{
  int rc;
  int saved_errno;
  int code;
  const char *says;
} Fault;

static const Fault disk_full = { SQLITE_FULL, ENOSPC, LQ_ERROR_DISK_FULL, "the disk is full" };
/* What SQLite's unix VFS returns when write() fails with EROFS (a disk
 * remounted read-only after an error). SQLite does not keep that errno for a
 * failed COMMIT (sqlite3_system_errno() is 0), so all the model can say is
 * that the write failed. */
static const Fault disk_read_only = { SQLITE_IOERR_WRITE, EROFS, LQ_ERROR_IO, "Cannot save the edit: disk I/O error" };

static void
test_disk_fault (Fixture *f, gconstpointer data)
{
  const Fault *fault = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *extra = g_build_filename (f->dir, "extra.wav", NULL);
  LqProject *p;
  guint failures = 0;

  make_project (f, f->project);
  copy_file (f->sources[0], extra);
  p = open_ok (f->project, FALSE);
  before = snapshot (p);
  label = g_strdup (lq_project_get_undo_label (p));

  /* Fail the first write of the edit, then later ones: a commit cut off
   * after some of its WAL frames, too. */
  for (int skip = 0; skip < 6; skip++)
    {
      const char *a[] = { "comment=never saved", "title=Never", NULL };
      const char *paths[] = { extra, f->sources[1], NULL };
      gboolean ok;

      for (int kind = 0; kind < 5; kind++)
        {
          arm_fault (fault->rc, fault->saved_errno, skip);
          switch (kind)
            {
            case 0: ok = lq_project_set_album (p, a, &error); break;
            case 1: ok = lq_project_add_files (p, paths, 1, NULL, &error); break;
            case 2: ok = lq_project_move_track (p, 1, 4, &error); break;
            case 3: ok = lq_project_remove_track (p, 2, &error); break;
            default: ok = lq_project_undo (p, &error); break;
            }
          disarm_fault ();
          if (fault_hits == 0)
            {
              /* Fewer writes than @skip: it went through; take it back. */
              g_assert_true (ok);
              g_assert_no_error (error);
              if (kind == 4)
                redo_ok (p);
              else
                undo_ok (p);
              assert_snapshot (p, before);
              continue;
            }
          failures++;
          g_assert_false (ok);
          g_assert_nonnull (error);
          if (error->domain != LQ_ERROR || error->code != fault->code)
            g_error ("edit %d, write %d failing: code %d, not %d: %s", kind, skip, error->code,
                     fault->code, error->message);
          assert_contains (error->message, fault->says);
          g_clear_error (&error);
          /* The objects still show the file as it was. */
          assert_snapshot (p, before);
          g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
          g_assert_false (lq_project_can_redo (p));
        }
    }
  g_assert_cmpuint (failures, >=, 10);

  /* The disk recovers: the same session edits again. */
  set_album_ok (p, "comment=saved");
  undo_ok (p);
  assert_snapshot (p, before);
  close_project (p);

  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
  assert_integrity (f->project);

  /* A fault while opening (the WAL, the temporary triggers) fails cleanly too. */
  for (int skip = 0; skip < 4; skip++)
    {
      arm_fault (fault->rc, fault->saved_errno, skip);
      p = lq_project_open (f->project, FALSE, &error);
      disarm_fault ();
      if (p != NULL)
        {
          assert_snapshot (p, before);
          close_project (p);
        }
      else
        {
          g_assert_nonnull (error);
          assert_contains (error->message, f->project);
          g_clear_error (&error);
        }
    }
  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  close_project (p);
  assert_integrity (f->project);
}

int
main (int argc, char **argv)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 3 && g_str_equal (argv[1], "--lock-child"))
    return lock_child (argv[2]);

  self_exe = exe;
  install_faulty_vfs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/create-open-close", Fixture, NULL, fixture_setup, test_create_open_close, fixture_teardown);
  g_test_add ("/project/every-edit", Fixture, NULL, fixture_setup, test_every_edit, fixture_teardown);
  g_test_add ("/project/undo-across-reopen", Fixture, NULL, fixture_setup, test_undo_across_reopen, fixture_teardown);
  g_test_add ("/project/random-sequences", Fixture, NULL, fixture_setup, test_random_sequences, fixture_teardown);
  g_test_add ("/project/invalid-values", Fixture, NULL, fixture_setup, test_invalid_values, fixture_teardown);
  g_test_add ("/project/bad-files", Fixture, NULL, fixture_setup, test_bad_files, fixture_teardown);
  g_test_add ("/project/forged-history", Fixture, NULL, fixture_setup, test_forged_history, fixture_teardown);
  g_test_add ("/project/migrate-v1", Fixture, NULL, fixture_setup, test_migrate_v1, fixture_teardown);
  g_test_add ("/project/two-writers", Fixture, NULL, fixture_setup, test_two_writers, fixture_teardown);
  g_test_add ("/project/moved-while-open", Fixture, NULL, fixture_setup, test_moved_while_open, fixture_teardown);
  g_test_add ("/project/read-only-file", Fixture, NULL, fixture_setup, test_read_only_file, fixture_teardown);
  g_test_add ("/project/disk-full", Fixture, &disk_full, fixture_setup, test_disk_fault, fixture_teardown);
  g_test_add ("/project/disk-read-only", Fixture, &disk_read_only, fixture_setup, test_disk_fault, fixture_teardown);

  return g_test_run ();
}

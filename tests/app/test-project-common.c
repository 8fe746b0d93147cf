/* test-project-common.c: the fixture and helpers the test-project-*.c files
 * share (see test-project-common.h).
 */
#include <glib/gstdio.h>
#include <string.h>

#include "test-project-common.h"

/* Fixture -------------------------------------------------------------- */

void
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

void
fixture_teardown (Fixture *f, gconstpointer data)
{
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

LqProject *
open_ok (const char *path, gboolean read_only)
{
  g_autoptr(GError) error = NULL;
  LqProject *project = lq_project_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

void
close_project (LqProject *project)
{
  g_assert_finalize_object (project);
}

char *
format_album (LqProject *p, const char *key)
{
  const LqField *field = lq_project_fields_lookup (TRUE, key);

  g_assert_nonnull (field);
  return lq_field_format (field, lq_project_get_album_value (p, field));
}

char *
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
char *
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

void
set_album_ok (LqProject *p, const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_album (p, a, &error));
  g_assert_no_error (error);
}

void
set_track_ok (LqProject *p, guint position, const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_track (p, position, a, &error));
  g_assert_no_error (error);
}

void
add_ok (LqProject *p, const char *const *paths, guint position)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_add_files (p, paths, position, NULL, &error));
  g_assert_no_error (error);
}

void
undo_ok (LqProject *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_undo (p, &error));
  g_assert_no_error (error);
}

void
redo_ok (LqProject *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_redo (p, &error));
  g_assert_no_error (error);
}

void
assert_snapshot (LqProject *p, const char *expected)
{
  g_autofree char *now = snapshot (p);
  g_assert_cmpstr (now, ==, expected);
}

void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* Runs PRAGMA integrity_check on @path with SQLite directly, read-only. */
void
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

void
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* A closed project with four tracks and a few undoable edits. */
void
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

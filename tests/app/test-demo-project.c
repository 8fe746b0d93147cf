/* test-demo-project.c: the demo album as a real project (issue 10).
 *
 * Made once (opening it again writes nothing), a normal project (it opens,
 * its tracks are there, titled and analysed), repaired when a generated file
 * is deleted or changed (written again, never trusted), made again when the
 * project file is broken; its exports go to the Music folder, not the cache.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lq-demo-album.h"
#include "lq-demo-project.h"
#include "lq-project.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("lq-demo-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
track_path (const char *directory, guint index)
{
  return g_build_filename (directory, lq_demo_album_get_file_name (index), NULL);
}

static GStatBuf
stat_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st;
}

/* A normal project: four tracks, titled, present, analysed; the album tagged. */
static void
assert_demo_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = lq_project_open (path, FALSE, &error);
  const GValue *title;

  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, lq_demo_album_get_n_tracks ());
  for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
    {
      LqTrack *track = lq_project_get_track (project, i);

      g_assert_cmpint (lq_track_get_status (track), ==, LQ_TRACK_STATUS_OK);
      g_assert_nonnull (lq_track_get_analysis (track));
      g_assert_cmpstr (lq_track_get_display_name (track), ==, lq_demo_album_get_title (i - 1));
    }
  g_assert_true (lq_project_has_analysis (project));
  title = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "title"));
  g_assert_nonnull (title);
  g_assert_cmpstr (g_value_get_string (title), ==, LQ_DEMO_ALBUM_TITLE);
}

static void
test_created_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lq_demo_project_ensure (f->dir, NULL, &error);
  g_autofree char *again = NULL;
  g_autofree char *first = track_path (f->dir, 0);
  GStatBuf project_before, track_before, project_after, track_after;

  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (path, "demo.lacquer"));
  assert_demo_project (path);

  project_before = stat_of (path);
  track_before = stat_of (first);

  again = lq_demo_project_ensure (f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);

  /* Neither made again (a new inode) nor the file written again. */
  project_after = stat_of (path);
  track_after = stat_of (first);
  g_assert_cmpuint (project_after.st_ino, ==, project_before.st_ino);
  g_assert_cmpuint (track_after.st_ino, ==, track_before.st_ino);
  g_assert_cmpint (track_after.st_mtime, ==, track_before.st_mtime);
  assert_demo_project (path);
}

static void
test_deleted_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lq_demo_project_ensure (f->dir, NULL, &error);
  g_autofree char *second = track_path (f->dir, 1);
  g_autofree char *again = NULL;
  GStatBuf before;

  g_assert_no_error (error);
  before = stat_of (path);
  g_assert_cmpint (g_unlink (second), ==, 0);

  again = lq_demo_project_ensure (f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  /* Repaired, not made again. */
  g_assert_cmpuint (stat_of (path).st_ino, ==, before.st_ino);
  assert_demo_project (path);
}

static void
test_changed_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lq_demo_project_ensure (f->dir, NULL, &error);
  g_autofree char *third = track_path (f->dir, 2);
  g_autofree char *original = NULL;
  g_autofree char *now = NULL;
  g_autofree char *again = NULL;
  gsize length, now_length;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (third, &original, &length, NULL));

  /* Same size, other content: a stale or damaged file. */
  {
    g_autofree char *damaged = g_memdup2 (original, length);

    for (gsize i = length / 2; i < length / 2 + 4096; i++)
      damaged[i] ^= 0x55;
    g_assert_true (g_file_set_contents (third, damaged, length, NULL));
  }

  again = lq_demo_project_ensure (f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  g_assert_true (g_file_get_contents (third, &now, &now_length, NULL));
  g_assert_cmpmem (now, now_length, original, length);
  assert_demo_project (path);
}

static void
test_broken_project (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "demo.lacquer", NULL);
  g_autofree char *made = NULL;

  g_assert_true (g_file_set_contents (path, "not a project", -1, NULL));
  made = lq_demo_project_ensure (f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made, ==, path);
  assert_demo_project (path);
}

/* A project that is not the demo's (another album saved there) is replaced. */
static void
test_other_project (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "demo.lacquer", NULL);
  g_autofree char *made = NULL;

  {
    g_autoptr(LqProject) other = lq_project_create (path, &error);

    g_assert_no_error (error);
  }
  made = lq_demo_project_ensure (f->dir, NULL, &error);
  g_assert_no_error (error);
  assert_demo_project (made);
}

static void
test_export_folder (void)
{
  g_autofree char *demo = lq_demo_project_default_path ();
  g_autofree char *folder = lq_demo_project_export_folder (demo);
  g_autofree char *other = lq_demo_project_export_folder ("/tmp/album.lacquer");

  g_assert_true (g_str_has_prefix (demo, g_get_user_cache_dir ()));
  g_assert_nonnull (folder);
  g_assert_false (g_str_has_prefix (folder, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (folder, "Lacquer Demo"));
  g_assert_null (other);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/demo-project/created-once", test_created_once);
  ADD ("/demo-project/deleted-file", test_deleted_file);
  ADD ("/demo-project/changed-file", test_changed_file);
  ADD ("/demo-project/broken-project", test_broken_project);
  ADD ("/demo-project/other-project", test_other_project);
#undef ADD
  g_test_add_func ("/demo-project/export-folder", test_export_folder);

  return g_test_run ();
}

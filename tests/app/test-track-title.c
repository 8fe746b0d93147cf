/* test-track-title.c: a track's title, derived once when it is added.
 *
 * The derivation from a file's name; a title stored with the track when it
 * is added (the tag's, else the file name's); relinking never changing it,
 * also for a track of an older project that stored none.
 */
#include <glib/gstdio.h>

#include "lq-track.h"
#include "test-project-common.h"

static void
test_from_file_name (void)
{
  const struct { const char *path; const char *title; } cases[] = {
    { "/music/01-journeys-end.wav", "journeys-end" },
    { "/music/02 Northerners.wav", "Northerners" },
    { "03_the_deep_path.flac", "the deep path" },
    { "04 - Coda.aiff", "Coda" },
    { "05. Last Light.wav", "Last Light" },
    { "006_Long Album.wav", "Long Album" },
    { "Track 01.wav", "Track 01" },
    { "07.wav", "07" },
    { "08 .wav", "08" },
    { "1979 Summer.wav", "1979 Summer" },   /* a year, not a track number */
    { "99Luftballons.wav", "99Luftballons" },
    { "plain name", "plain name" },
    { ".hidden.wav", ".hidden" },
    { "a_b_c.wav", "a b c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = lq_track_title_from_file_name (cases[i].path);

      g_assert_cmpstr (title, ==, cases[i].title);
    }
}

static LqProject *
create_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (f->project, &error);

  g_assert_no_error (error);
  return p;
}

static char *
write_source (Fixture *f,
              const char *name,
              const char *tag)
{
  char *path = g_build_filename (f->dir, name, NULL);
  double level = -12.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, tag);
  return path;
}

static void
test_stored_at_add (Fixture *f, gconstpointer data)
{
  g_autofree char *untagged = write_source (f, "01-journeys-end.wav", NULL);
  g_autofree char *tagged = write_source (f, "02 Northerners.wav", "The Northerners");
  const char *paths[] = { untagged, tagged, NULL };
  LqProject *p = create_ok (f);

  add_ok (p, paths, 0);
  {
    g_autofree char *t1 = format_track (p, 1, "title");
    g_autofree char *t2 = format_track (p, 2, "title");

    /* Stored in the track's Title field: what the list shows is what the
     * track pane's field holds. */
    g_assert_cmpstr (t1, ==, "journeys-end");
    g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "journeys-end");
    g_assert_cmpstr (t2, ==, "The Northerners");
  }
  /* Part of the add: one undo takes the tracks and their titles away. */
  undo_ok (p);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  redo_ok (p);
  {
    g_autofree char *t1 = format_track (p, 1, "title");

    g_assert_cmpstr (t1, ==, "journeys-end");
  }
  close_project (p);
}

static void
test_relink_keeps_title (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = write_source (f, "01-journeys-end.wav", NULL);
  g_autofree char *moved = g_build_filename (f->dir, "renamed_take.wav", NULL);
  g_autofree char *moved_again = g_build_filename (f->dir, "05 final.wav", NULL);
  const char *paths[] = { source, NULL };
  LqProject *p = create_ok (f);

  add_ok (p, paths, 0);
  copy_file (source, moved);
  g_assert_cmpint (g_unlink (source), ==, 0);
  g_assert_cmpint (lq_project_relink_search (p, f->dir, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpstr (lq_track_get_source (lq_project_get_track (p, 1)), ==, "renamed_take.wav");
  {
    g_autofree char *title = format_track (p, 1, "title");

    g_assert_cmpstr (title, ==, "journeys-end");
    g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "journeys-end");
  }
  close_project (p);

  /* A track of an older project, with no stored title, shows its file's
   * name; relinking keeps the title it showed and stores it. */
  sql_file (f->project, "UPDATE track SET title = ''");
  p = open_ok (f->project, FALSE);
  g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "renamed take");
  copy_file (moved, moved_again);
  g_assert_true (lq_project_relink (p, 1, moved_again, &error));
  g_assert_no_error (error);
  {
    g_autofree char *title = format_track (p, 1, "title");

    g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "renamed take");
    g_assert_cmpstr (title, ==, "renamed take");
  }
  undo_ok (p);
  g_assert_cmpstr (lq_track_get_source (lq_project_get_track (p, 1)), ==, "renamed_take.wav");
  close_project (p);
  g_assert_cmpint (g_unlink (moved_again), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track-title/from-file-name", test_from_file_name);
  g_test_add ("/track-title/stored-at-add", Fixture, NULL, fixture_setup, test_stored_at_add, fixture_teardown);
  g_test_add ("/track-title/relink-keeps-title", Fixture, NULL, fixture_setup, test_relink_keeps_title,
              fixture_teardown);
  return g_test_run ();
}

/* test-project-watch.c: LqProjectWatch, which turns a project's many
 * notifications into one "changed" a main loop turn: an edit of several
 * fields, an undo, an added track each tell once; nothing is told without a
 * change, after the project is let go, or once the owner has rebuilt
 * (lq_project_watch_clear_pending()); with every track watched, a track's
 * own change tells too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-project-watch.h"
#include "lq-test-ui.h"

static void
count_cb (LqProjectWatch *watch,
          guint          *count)
{
  (*count)++;
}

/* Runs the main loop until nothing is pending, and a little more (a few
 * idle turns), so a notification would have been told */
static void
drain (void)
{
  for (guint i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static LqProject *
make_project (const char *name,
              guint       n_tracks)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  LqProject *project;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n_tracks; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/sine-%u.wav", dir, i);

      write_sine (file, NULL, -12.0 - i);
      g_ptr_array_add (files, g_steal_pointer (&file));
    }
  g_ptr_array_add (files, NULL);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) files->pdata, 0, NULL, &error));
  g_assert_no_error (error);
  return project;
}

static void
test_project_watch_once (void)
{
  g_autoptr(LqProject) project = make_project ("once", 2);
  g_autoptr(LqProjectWatch) watch = lq_project_watch_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrack) track = g_list_model_get_item (lq_project_get_tracks (project), 0);
  guint count = 0;

  g_signal_connect (watch, "changed", G_CALLBACK (count_cb), &count);
  drain ();

  /* Setting the project tells nothing: the owner rebuilds itself */
  lq_project_watch_set_project (watch, project);
  lq_project_watch_set_track (watch, track);
  drain ();
  g_assert_cmpuint (count, ==, 0);
  g_assert_true (lq_project_watch_get_project (watch) == project);
  g_assert_true (lq_project_watch_get_track (watch) == track);

  /* One edit of three fields, then an album field: one "changed" */
  g_assert_true (lq_project_set_track (project, 1,
                                       (const char *const[]) { "gain=-2", "fade-in=0.5", "title=One", NULL },
                                       &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (project, (const char *const[]) { "title=Album", NULL }, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);   /* from an idle, never inside the edit */
  drain ();
  g_assert_cmpuint (count, ==, 1);

  /* An undo tells once */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  drain ();
  g_assert_cmpuint (count, ==, 2);

  /* The owner rebuilt right after the edit: nothing more to tell */
  g_assert_true (lq_project_set_track (project, 2, (const char *const[]) { "gain=-1", NULL }, &error));
  g_assert_no_error (error);
  lq_project_watch_clear_pending (watch);
  drain ();
  g_assert_cmpuint (count, ==, 2);

  /* Let go of the project: its edits tell nothing */
  lq_project_watch_set_track (watch, NULL);
  lq_project_watch_set_project (watch, NULL);
  g_assert_true (lq_project_set_track (project, 1, (const char *const[]) { "gain=-3", NULL }, &error));
  g_assert_no_error (error);
  drain ();
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (lq_project_watch_get_project (watch));
}

static void
test_project_watch_tracks (void)
{
  g_autoptr(LqProject) project = make_project ("tracks", 1);
  g_autoptr(LqProjectWatch) watch = lq_project_watch_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *more = g_build_filename (tmp_dir, "tracks", "more.wav", NULL);
  g_autoptr(LqTrack) added = NULL;
  guint count = 0;

  g_signal_connect (watch, "changed", G_CALLBACK (count_cb), &count);
  lq_project_watch_set_project (watch, project);
  drain ();
  g_assert_cmpuint (count, ==, 0);

  /* An added track tells, and is watched from then on */
  write_sine (more, NULL, -20.0);
  g_assert_true (lq_project_add_files (project, (const char *const[]) { more, NULL }, 0, NULL, &error));
  g_assert_no_error (error);
  drain ();
  g_assert_cmpuint (count, ==, 1);

  added = g_list_model_get_item (lq_project_get_tracks (project), 1);
  g_assert_nonnull (added);
  g_object_notify (G_OBJECT (added), "display-name");
  g_assert_cmpuint (count, ==, 1);
  drain ();
  g_assert_cmpuint (count, ==, 2);

  /* A change still waiting when the watch goes: no idle outlives it */
  g_object_notify (G_OBJECT (added), "display-name");
  g_clear_object (&watch);
  drain ();
  g_assert_cmpuint (count, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/project-watch/once", test_project_watch_once);
  g_test_add_func ("/ui/project-watch/tracks", test_project_watch_tracks);

  return lq_test_ui_run ();
}

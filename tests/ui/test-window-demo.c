/* test-window-demo.c: "Try the Demo Album" opens a real project (issue 10).
 *
 * The start page's button makes the demo project in the cache
 * ($XDG_CACHE_HOME is the session's temporary directory) and opens it as any
 * album: its tracks are rows, Match and Export are enabled, the loudness
 * chart is there; the export dialog suggests a folder outside the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-demo-album.h"
#include "lq-demo-project.h"
#include "lq-export-dialog.h"
#include "lq-test-ui.h"

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  name)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

/* The first widget below @widget bound to the action @name */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *name)
{
  return find_widget (widget, has_action, name);
}

static gboolean
has_project (gpointer data)
{
  return !lq_window_get_busy (data) && lq_window_get_project (data) != NULL;
}

static void
open_demo_by_button (LqWindow *window)
{
  GtkWidget *start_page = find_type (GTK_WIDGET (window), LQ_TYPE_START_PAGE);
  GtkWidget *button;

  g_assert_nonnull (start_page);
  button = find_actionable (start_page, "win.open-demo");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  wait_until (has_project, window, "the demo project");
}

static void
assert_enabled (LqWindow   *window,
                const char *action)
{
  GtkWidget *widget = find_actionable (GTK_WIDGET (window), action);

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_sensitive (widget));
}

static void
test_demo_project (void)
{
  LqWindow *window = window_new_presented ();
  g_autofree char *expected = lq_demo_project_default_path ();
  LqProject *project;
  GtkWidget *chart;
  guint n_tracks = lq_demo_album_get_n_tracks ();

  open_demo_by_button (window);
  project = lq_window_get_project (window);
  g_assert_cmpstr (lq_project_get_path (project), ==, expected);
  g_assert_false (lq_project_get_read_only (project));
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, n_tracks);
  wait_project (window, n_tracks);
  g_assert_cmpstr (_lq_window_get_page (window), ==, "tracks");
  g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, 0);

  for (guint i = 1; i <= n_tracks; i++)
    {
      LqTrack *track = lq_project_get_track (project, i);

      g_assert_nonnull (lq_track_get_analysis (track));
      g_assert_cmpstr (lq_track_get_display_name (track), ==, lq_demo_album_get_title (i - 1));
    }

  assert_enabled (window, "win.match");
  assert_enabled (window, "win.export");
  chart = find_named (GTK_WIDGET (window), "loudness-chart");
  g_assert_nonnull (chart);
  g_assert_true (gtk_widget_get_sensitive (chart));
  save_screenshot (GTK_WIDGET (window), "test-window-demo-project.png");

  /* Exports from the demo do not go into the cache. */
  {
    LqExportDialog *dialog = lq_export_dialog_new (GTK_WINDOW (window), project);
    const char *folder = lq_export_dialog_get_folder (dialog);

    g_assert_nonnull (folder);
    g_assert_false (g_str_has_prefix (folder, g_get_user_cache_dir ()));
    g_assert_true (g_str_has_suffix (folder, "Lacquer Demo"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  destroy_window (window);

  /* Opened again: the same project, not made again. */
  {
    GStatBuf before, after;

    g_assert_cmpint (g_stat (expected, &before), ==, 0);
    window = window_new_presented ();
    open_demo_by_button (window);
    g_assert_cmpint (g_stat (expected, &after), ==, 0);
    g_assert_cmpuint (before.st_ino, ==, after.st_ino);
    g_assert_cmpuint (lq_project_get_n_tracks (lq_window_get_project (window)), ==, n_tracks);
    destroy_window (window);
  }
}

int
main (int argc, char **argv)
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/window-demo/project", test_demo_project);

  return lq_test_ui_run ();
}

/* test-workspace.c: LqWorkspace, the window's workspace.
 *
 * Standalone: the view pages keep their order (track, tonal balance,
 * dynamics, loudness, then others) whenever they are added, the page asked
 * for is shown once it exists, the switcher shows from two pages, the
 * views' side hides when no page has anything to show, the timeline slot
 * shows a timeline only when one is given and visible. In a window with an
 * album project: the loudness chart on the Loudness page, the track table
 * beside it; Alt+1 and Alt+4 (xdotool) switch pages, Ctrl+Shift+T hides
 * and shows the timeline; screenshots light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "lq-test-ui.h"

static GtkWidget *
label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, text);
  return label;
}

static const char *
stack_visible (LqWorkspace *workspace)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_named (GTK_WIDGET (workspace), "workspace-views"));

  return adw_view_stack_get_visible_child_name (stack);
}

static void
test_workspace_new (void)
{
  LqWorkspace *workspace = LQ_WORKSPACE (g_object_ref_sink (lq_workspace_new ()));

  g_assert_cmpuint (lq_workspace_get_n_views (workspace), ==, 0);
  g_assert_null (lq_workspace_get_visible_view (workspace));
  g_assert_null (lq_workspace_get_timeline (workspace));
  g_assert_true (lq_workspace_get_timeline_visible (workspace));
  g_assert_cmpint (lq_workspace_get_views_position (workspace), ==, -1);
  g_assert_finalize_object (workspace);
}

static void
test_workspace_views (void)
{
  LqWorkspace *workspace = LQ_WORKSPACE (g_object_ref_sink (lq_workspace_new ()));
  const char *order[] = { "track", "tonal", "loudness", "spectrogram" };
  GtkWidget *switcher = find_named (GTK_WIDGET (workspace), "workspace-switcher");
  GtkWidget *loudness = label_new ("loudness-view");
  GtkWidget *replaced;

  lq_workspace_add_view (workspace, "loudness", "Loudness", NULL, loudness);
  /* The first page added is shown; one page needs no switcher */
  g_assert_cmpstr (lq_workspace_get_visible_view (workspace), ==, "loudness");
  g_assert_cmpstr (stack_visible (workspace), ==, "loudness");
  g_assert_false (gtk_widget_get_visible (switcher));

  /* Asked for before it exists: shown when it comes */
  lq_workspace_set_visible_view (workspace, "tonal");
  g_assert_cmpstr (stack_visible (workspace), ==, "loudness");
  lq_workspace_add_view (workspace, "spectrogram", "Spectrogram", NULL, label_new ("spectrogram-view"));
  lq_workspace_add_view (workspace, "track", "Track", "audio-x-generic-symbolic", label_new ("track-view"));
  lq_workspace_add_view (workspace, "tonal", "Tonal Balance", NULL, label_new ("tonal-view"));
  g_assert_cmpstr (stack_visible (workspace), ==, "tonal");
  g_assert_true (gtk_widget_get_visible (switcher));

  g_assert_cmpuint (lq_workspace_get_n_views (workspace), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (lq_workspace_get_view_name (workspace, i), ==, order[i]);
  g_assert_null (lq_workspace_get_view_name (workspace, G_N_ELEMENTS (order)));
  g_assert_true (lq_workspace_get_view (workspace, "loudness") == loudness);
  g_assert_null (lq_workspace_get_view (workspace, "dynamics"));

  /* The stack holds them in the same order */
  {
    GtkWidget *child = gtk_widget_get_first_child (find_named (GTK_WIDGET (workspace), "workspace-views"));
    guint i = 0;

    for (; child != NULL; child = gtk_widget_get_next_sibling (child), i++)
      g_assert_true (child == lq_workspace_get_view (workspace, order[i]));
    g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));
  }

  /* The same name replaces the page */
  replaced = label_new ("track-view-2");
  lq_workspace_add_view (workspace, "track", "Track", NULL, replaced);
  g_assert_cmpuint (lq_workspace_get_n_views (workspace), ==, G_N_ELEMENTS (order));
  g_assert_true (lq_workspace_get_view (workspace, "track") == replaced);

  /* Shown by name, told by the property */
  lq_workspace_set_visible_view (workspace, "track");
  g_assert_cmpstr (stack_visible (workspace), ==, "track");
  {
    g_autofree char *name = NULL;

    g_object_get (workspace, "visible-view", &name, NULL);
    g_assert_cmpstr (name, ==, "track");
  }

  /* No page with anything to show: the table has the width */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    gtk_widget_set_visible (lq_workspace_get_view (workspace, order[i]), FALSE);
  /* (the views' box: the switcher is in a squeezer in it) */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (switcher, GTK_TYPE_BOX)));
  gtk_widget_set_visible (loudness, TRUE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (switcher, GTK_TYPE_BOX)));

  g_assert_finalize_object (workspace);
}

static void
test_workspace_timeline (void)
{
  LqWorkspace *workspace = LQ_WORKSPACE (g_object_ref_sink (lq_workspace_new ()));
  GtkWidget *slot = find_named (GTK_WIDGET (workspace), "workspace-timeline");
  GtkWidget *timeline = label_new ("timeline");

  /* No timeline, no slot */
  g_assert_false (gtk_widget_get_visible (slot));
  lq_workspace_set_timeline (workspace, timeline);
  g_assert_true (lq_workspace_get_timeline (workspace) == timeline);
  g_assert_true (gtk_widget_get_visible (slot));
  lq_workspace_set_timeline_visible (workspace, FALSE);
  g_assert_false (gtk_widget_get_visible (slot));
  g_object_set (workspace, "timeline-visible", TRUE, NULL);
  g_assert_true (gtk_widget_get_visible (slot));
  lq_workspace_set_timeline (workspace, NULL);
  g_assert_false (gtk_widget_get_visible (slot));

  g_assert_finalize_object (workspace);
}

static LqWindow *
window_with_album (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "Closing.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  return window;
}

static gboolean
is_view (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (lq_workspace_get_visible_view (args[0]), args[1]) == 0;
}

static void
wait_view (LqWorkspace *workspace,
           const char  *name)
{
  gpointer args[] = { workspace, (gpointer) name };

  wait_until (is_view, args, name);
}

static gboolean
timeline_hidden (gpointer data)
{
  return !lq_workspace_get_timeline_visible (data);
}

static gboolean
timeline_shown (gpointer data)
{
  return lq_workspace_get_timeline_visible (data);
}

static void
test_workspace_window (void)
{
  LqWindow *window = window_with_album ("Workspace");
  LqWorkspace *workspace = lq_window_get_workspace (window);
  GtkWidget *chart = find_named (GTK_WIDGET (window), "loudness-chart");
  GtkWidget *timeline = lq_workspace_get_timeline (workspace);
  GtkWidget *track = lq_workspace_get_view (workspace, "track");
  GtkWidget *tonal = lq_workspace_get_view (workspace, "tonal");
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* The window's views: the chart on the Loudness page, the table beside
   * it, the timeline, the Track, Tonal Balance and Dynamics pages */
  g_assert_true (gtk_widget_is_ancestor (chart, lq_workspace_get_view (workspace, "loudness")));
  g_assert_true (gtk_widget_is_ancestor (find_named (GTK_WIDGET (window), "track-table"), GTK_WIDGET (workspace)));
  g_assert_cmpstr (lq_workspace_get_visible_view (workspace), ==, "loudness");
  g_assert_true (gtk_widget_get_mapped (chart));
  g_assert_nonnull (timeline);
  g_assert_nonnull (track);
  g_assert_nonnull (tonal);
  g_assert_nonnull (lq_workspace_get_view (workspace, "dynamics"));
  g_assert_nonnull (lq_workspace_get_view (workspace, "listeners"));
  g_assert_nonnull (lq_workspace_get_view (workspace, "codecs"));
  g_assert_cmpuint (lq_workspace_get_n_views (workspace), ==, 6);
  g_assert_cmpstr (lq_workspace_get_view_name (workspace, 0), ==, "track");
  g_assert_cmpstr (lq_workspace_get_view_name (workspace, 3), ==, "loudness");
  g_assert_cmpstr (lq_workspace_get_view_name (workspace, 4), ==, "listeners");
  g_assert_cmpstr (lq_workspace_get_view_name (workspace, 5), ==, "codecs");
  wait_paint (GTK_WIDGET (window));

  lq_test_xdotool (GTK_WIDGET (window), "key alt+1");
  wait_view (workspace, "track");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (track));
  g_assert_false (gtk_widget_get_mapped (chart));
  lq_test_xdotool (GTK_WIDGET (window), "key alt+2");
  wait_view (workspace, "tonal");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (tonal));
  lq_test_xdotool (GTK_WIDGET (window), "key alt+5");
  wait_view (workspace, "listeners");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (lq_workspace_get_view (workspace, "listeners")));
  lq_test_xdotool (GTK_WIDGET (window), "key alt+4");
  wait_view (workspace, "loudness");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (chart));

  g_assert_true (gtk_widget_get_mapped (timeline));
  /* At the height remembered (150 px by default) */
  g_test_message ("timeline: %d px high", gtk_widget_get_height (timeline));
  g_assert_cmpint (gtk_widget_get_height (timeline), >=, 100);
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+shift+t");
  wait_until (timeline_hidden, workspace, "the timeline hidden");
  wait_paint (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (timeline));
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+shift+t");
  wait_until (timeline_shown, workspace, "the timeline shown");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (timeline));

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  wait_paint (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "test-workspace.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "test-workspace-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/workspace/new", test_workspace_new);
  g_test_add_func ("/ui/workspace/views", test_workspace_views);
  g_test_add_func ("/ui/workspace/timeline", test_workspace_timeline);
  g_test_add_func ("/ui/workspace/window", test_workspace_window);

  return lq_test_ui_run ();
}

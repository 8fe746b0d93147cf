/* test-window-adding.c: adding files to an album project in LqWindow.
 *
 * The files are rows as soon as they are given, each saying what is done
 * with it ("Reading…", then "Analyzing…"), under a progress bar that says
 * so in words; a file that is not audio is named in a toast, the others
 * are added. Run under build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lq-test-ui.h"

static void
collect_progress_bars (GtkWidget *widget,
                       GPtrArray *out)
{
  if (GTK_IS_PROGRESS_BAR (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_progress_bars (child, out);
}

/* The project's progress bar: the one in a revealer */
static GtkProgressBar *
find_project_progress (LqWindow *window)
{
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();

  collect_progress_bars (GTK_WIDGET (window), bars);
  for (guint i = 0; i < bars->len; i++)
    if (GTK_IS_REVEALER (gtk_widget_get_parent (bars->pdata[i])))
      return bars->pdata[i];
  g_assert_not_reached ();
}

static LqTrackState
row_state (LqWindow *window,
           guint     i)
{
  g_autoptr(LqTrackItem) item = g_list_model_get_item (window_tracks (window), i);

  return lq_track_get_state (lq_track_item_get_track (item));
}

static void
test_window_add_files (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "adding", NULL);
  g_autofree char *given = g_build_filename (dir, "Album", NULL);
  g_autofree char *not_audio = g_build_filename (dir, "notes.wav", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  GtkProgressBar *bar;
  GtkRevealer *revealer;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");   /* titled "Quiet Sine" */
  g_assert_true (g_file_set_contents (not_audio, "not audio", -1, NULL));

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, given));
  bar = find_project_progress (window);
  revealer = GTK_REVEALER (gtk_widget_get_parent (GTK_WIDGET (bar)));

  /* The rows are there before the files are read (that ends on this
   * thread, which has not run yet), named after the files, "hashing" */
  lq_window_add_files (window, (const char *const[]) { one, not_audio, two, NULL });
  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (row_state (window, i), ==, LQ_TRACK_STATE_HASHING);
  {
    g_autoptr(LqTrackItem) item = g_list_model_get_item (window_tracks (window), 2);

    g_assert_cmpstr (lq_track_item_get_name (item), ==, "two");
  }
  /* A bar that says what happens, not a bare line */
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_progress_bar_get_show_text (bar));
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "Reading 3 files…");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (bar), "osd"));
  wait_paint (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "test-window-adding.png");

  /* Then: the two audio files are tracks, measured; the other is named */
  wait_project (window, 2);
  settle (window);
  assert_order (window, "Opening|Quiet Sine");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (row_state (window, i), ==, LQ_TRACK_STATE_READY);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpuint (_lq_window_get_n_toasts (window), >=, 1);
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_nonnull (strstr (_lq_window_get_last_toast (window), "notes.wav"));

  /* Undo takes every track the add brought */
  g_assert_true (lq_project_undo (lq_window_get_project (window), NULL));
  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 0);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_unlink (not_audio);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/window/add-files", test_window_add_files);

  return lq_test_ui_run ();
}

/* test-track-table.c: an album project's track table in LqWindow.
 *
 * The project's rows in album order, reordered by drag and drop and by
 * keyboard (the selection follows its track), undo and redo, the details
 * pane editing the selected row, Delete, Save As; a source file gone
 * (its row's status cell, relinking it) and the start page's recent
 * albums. Run under build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-test-ui.h"

/* Creating a project, adding files, reordering by drag and drop and by
 * keyboard, undo and redo, editing through the details pane, refused
 * values, Save As. */
static void
test_window_project (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "album", NULL);
  g_autofree char *given = g_build_filename (dir, "Album", NULL);
  g_autofree char *path = g_build_filename (dir, "Album.lacquer", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "Album Copy.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;
  LqProject *project;
  LqEditPane *pane;
  LqFieldSet *fields;
  GtkSingleSelection *selection;
  GtkWidget *row;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");   /* titled "Quiet Sine" */

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, given));
  project = lq_window_get_project (window);
  g_assert_nonnull (project);
  g_assert_cmpstr (lq_project_get_path (project), ==, path);
  g_assert_cmpstr (_lq_window_get_page (window), ==, "tracks");
  /* No album title yet: the window is named after the file */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Album");

  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  g_assert_true (lq_window_get_busy (window));
  wait_project (window, 2);
  assert_order (window, "Opening|Quiet Sine");
  settle (window);

  /* Every measure comes from the project's cached analysis */
  {
    g_autoptr(LqTrackItem) item = g_list_model_get_item (window_tracks (window), 0);
    const LqTrackMeasures *m = lq_track_analysis_get_measures (lq_track_item_get_analysis (item));
    g_autofree char *integrated = format_value (m->integrated_lufs);

    g_assert_cmpstr (lq_track_item_get_position (item), ==, "1");
    g_assert_cmpstr (lq_track_item_get_integrated (item), ==, integrated);
    g_assert_cmpfloat (fabs (m->integrated_lufs - sines[0].level_dbfs), <, 1.5);
  }

  /* Drag "Quiet Sine" onto "Opening": the drop target's handler moves it */
  {
    gpointer args[2] = { window, (gpointer) "Opening" };
    g_autoptr(LqTrackItem) dragged = g_list_model_get_item (window_tracks (window), 1);
    g_auto(GValue) value = G_VALUE_INIT;
    GtkDropTarget *target;
    gboolean accepted = FALSE;

    wait_until (name_label_drawn, args, "the rows to be drawn");
    target = find_drop_target (find_name_label (window, "Opening"));
    g_assert_nonnull (target);
    g_value_init (&value, LQ_TYPE_TRACK_ITEM);
    g_value_set_object (&value, dragged);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 5.0, &accepted);
    g_assert_true (accepted);
  }
  assert_order (window, "Quiet Sine|Opening");
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Move Track 2 to 1");
  settle (window);
  {
    GtkWidget *undo_button = find_named (GTK_WIDGET (window), "undo-button");

    g_assert_nonnull (undo_button);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (undo_button), ==, "Undo Move Track 2 to 1");
  }

  /* Undo and redo, as Ctrl+Z and Shift+Ctrl+Z do */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_order (window, "Opening|Quiet Sine");
  g_assert_true (lq_project_can_redo (project));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  assert_order (window, "Quiet Sine|Opening");

  /* Alt+Down on the selected track; the selection follows it */
  selection = window_selection (window);
  gtk_single_selection_set_selected (selection, 0);
  settle (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-down", NULL));
  assert_order (window, "Opening|Quiet Sine");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-up", NULL));
  assert_order (window, "Quiet Sine|Opening");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  /* The details pane edits the selected track: "Quiet Sine" */
  pane = _lq_window_get_edit_pane (window);
  fields = _lq_edit_pane_get_fields (pane);
  g_assert_true (lq_edit_pane_get_track (pane) == lq_project_get_track (project, 1));
  row = lq_field_set_get_row (fields, FALSE, "title");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Quiet Sine");
  gtk_editable_set_text (GTK_EDITABLE (row), "Interlude");
  g_signal_emit_by_name (row, "apply");
  assert_order (window, "Interlude|Opening");
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Set Title of Track 1");

  row = lq_field_set_get_row (fields, FALSE, "isrc");
  gtk_editable_set_text (GTK_EDITABLE (row), "gb-abc-24-00001");
  g_signal_emit_by_name (row, "apply");
  /* Stored normalised, and shown as stored */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "GBABC2400001");

  /* A number, with a spin button */
  {
    GtkWidget *spin = lq_field_set_get_editor (fields, FALSE, "gain");
    double gain;

    g_assert_true (GTK_IS_SPIN_BUTTON (spin));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), -1.5);
    g_object_get (lq_project_get_track (project, 1), "gain", &gain, NULL);
    g_assert_cmpfloat (gain, ==, -1.5);
  }

  /* A refused value: a toast with the model's reason, the model unchanged,
   * the typed text kept to be corrected, and flagged */
  {
    guint n_toasts = _lq_window_get_n_toasts (window);
    g_autofree char *isrc = NULL;

    gtk_editable_set_text (GTK_EDITABLE (row), "not an isrc");
    g_signal_emit_by_name (row, "apply");
    g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, n_toasts + 1);
    g_test_message ("toast: %s", _lq_window_get_last_toast (window));
    g_assert_nonnull (strstr (_lq_window_get_last_toast (window), "not an ISRC"));
    g_object_get (lq_project_get_track (project, 1), "isrc", &isrc, NULL);
    g_assert_cmpstr (isrc, ==, "GBABC2400001");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "not an isrc");
    g_assert_true (gtk_widget_has_css_class (row, "error"));
    save_screenshot (GTK_WIDGET (window), "test-window-project-edit.png");
  }

  /* The album's fields, with no track selected; its title names the window */
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_assert_null (lq_edit_pane_get_track (pane));
  row = lq_field_set_get_row (fields, TRUE, "title");
  gtk_editable_set_text (GTK_EDITABLE (row), "Night Drive");
  g_signal_emit_by_name (row, "apply");
  row = lq_field_set_get_row (fields, TRUE, "artist");
  gtk_editable_set_text (GTK_EDITABLE (row), "The Test Tones");
  g_signal_emit_by_name (row, "apply");
  row = lq_field_set_get_row (fields, TRUE, "year");
  gtk_editable_set_text (GTK_EDITABLE (row), "2026");
  g_signal_emit_by_name (row, "apply");
  {
    g_autofree char *title = NULL;
    gint64 year = 0;

    g_object_get (project, "title", &title, "year", &year, NULL);
    g_assert_cmpstr (title, ==, "Night Drive");
    g_assert_cmpint (year, ==, 2026);
  }
  settle (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Night Drive");
  save_screenshot (GTK_WIDGET (window), "test-window-project-album.png");

  gtk_single_selection_set_selected (selection, 1);
  settle (window);
  save_screenshot (GTK_WIDGET (window), "test-window-project.png");

  /* Delete removes the selected track, and says so with a way back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-track", NULL));
  assert_order (window, "Interlude");
  g_assert_cmpstr (_lq_window_get_last_toast (window), ==, "“Opening” removed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_order (window, "Interlude|Opening");

  /* Save As: a copy with everything, which the window then edits */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (lq_window_save_as (window, copy_path, &error));
    g_assert_no_error (error);
    project = lq_window_get_project (window);
    g_assert_cmpstr (lq_project_get_path (project), ==, copy_path);
    assert_order (window, "Interlude|Opening");
    g_assert_true (lq_project_can_undo (project));
    settle (window);
  }

  destroy_window (window);

  /* The original is still whole, and free again */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) reopened = lq_project_open (path, TRUE, &error);
    g_autofree char *names = NULL;

    g_assert_no_error (error);
    names = track_names (reopened);
    g_assert_cmpstr (names, ==, "Interlude|Opening");
  }
}

static gboolean
recent_shown (gpointer data)
{
  GtkWidget *group = find_named (GTK_WIDGET (data), "recent-albums");

  return group != NULL && gtk_widget_get_visible (group);
}

/* A source file gone: marked in its row, relinked, measured again; the
 * errors opening a project names the file and why. */
static void
test_window_project_missing (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "moving", NULL);
  g_autofree char *moved_dir = g_build_filename (dir, "moved", NULL);
  g_autofree char *path = g_build_filename (dir, "Moving.lacquer", NULL);
  g_autofree char *bogus = g_build_filename (dir, "Bogus.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *moved = NULL;
  LqWindow *window, *other;
  LqProject *project;
  LqTrack *track;

  g_assert_cmpint (g_mkdir_with_parents (moved_dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "one.wav");
  two = copy_into (hot_path, dir, "two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  destroy_window (window);

  moved = g_build_filename (moved_dir, "two.wav", NULL);
  g_assert_cmpint (g_rename (two, moved), ==, 0);

  /* Reopened: the row says the file is missing, and where it was */
  window = window_new_presented ();
  g_assert_true (lq_window_open_project (window, path));
  project = lq_window_get_project (window);
  wait_project (window, 2);
  settle (window);
  track = lq_project_get_track (project, 2);
  g_assert_cmpint (lq_track_get_status (track), ==, LQ_TRACK_STATUS_MISSING);
  {
    g_autoptr(GPtrArray) images = g_ptr_array_new ();
    g_autofree char *why = g_strdup_printf ("File missing: %s", two);
    GtkWidget *image = NULL;

    gtk_single_selection_set_selected (window_selection (window), 1);
    settle (window);
    for (GtkWidget *w = find_named (GTK_WIDGET (window), "track-table"); w != NULL; w = NULL)
      {
        /* The status cells: images with the .status class */
        GPtrArray *stack = g_ptr_array_new ();

        g_ptr_array_add (stack, w);
        while (stack->len > 0)
          {
            GtkWidget *x = g_ptr_array_steal_index (stack, stack->len - 1);

            if (GTK_IS_IMAGE (x) && gtk_widget_has_css_class (x, "status")
                && gtk_widget_has_css_class (x, "warning"))
              g_ptr_array_add (images, x);
            for (GtkWidget *c = gtk_widget_get_first_child (x); c != NULL; c = gtk_widget_get_next_sibling (c))
              g_ptr_array_add (stack, c);
          }
        g_ptr_array_unref (stack);
      }
    g_assert_cmpuint (images->len, ==, 1);
    image = images->pdata[0];
    g_test_message ("status: %s", gtk_widget_get_tooltip_text (image));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (image), ==, why);
    /* The details pane offers to relink it */
    g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (_lq_window_get_edit_pane (window)),
                                                       "track-status")));
    save_screenshot (GTK_WIDGET (window), "test-window-project-missing.png");
  }

  /* Relinked (the file chooser's path): found, and measured */
  lq_window_relink (window, 2, moved);
  g_assert_true (lq_window_get_busy (window));
  wait_project (window, 2);
  g_assert_cmpint (lq_track_get_status (track), ==, LQ_TRACK_STATUS_OK);
  g_assert_cmpstr (lq_track_get_path (track), ==, moved);
  g_assert_nonnull (lq_track_get_analysis (track));

  /* Open in this window: a second one cannot write it */
  other = window_new_presented ();
  g_assert_false (lq_window_open_project (other, path));
  g_test_message ("error: %s", _lq_window_get_last_error (other));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_error (other), "Cannot Open “Moving.lacquer”\n"));
  g_assert_nonnull (strstr (_lq_window_get_last_error (other), "open for writing in another Lacquer"));
  g_assert_null (lq_window_get_project (other));

  /* Not a project at all */
  g_assert_true (g_file_set_contents (bogus, "not a project\n", -1, NULL));
  g_assert_false (lq_window_open_project (other, bogus));
  g_test_message ("error: %s", _lq_window_get_last_error (other));
  g_assert_cmpstr (_lq_window_get_last_error (other), ==,
                   "Cannot Open “Bogus.lacquer”\nIt is not a Lacquer album project.");
  g_assert_cmpstr (_lq_window_get_page (other), ==, "empty");

  /* The start page lists the projects used */
  wait_until (recent_shown, other, "the recent albums");
  save_screenshot (GTK_WIDGET (other), "test-window-start.png");
  destroy_window (other);
  destroy_window (window);
}

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

/* The table shows the project's own track list: a row a track, the
 * project's LqTrack in it, rows that keep their identity (and the
 * selection) when the tracks move, by the model or by a drop; no project,
 * no rows. */
static void
test_track_table_project (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "table", NULL);
  g_autofree char *path = g_build_filename (dir, "Table.lacquer", NULL);
  g_autoptr(GError) error = NULL;
  LqTrackTable *table;
  LqProject *project;
  GListModel *tracks;
  GListModel *rows;
  g_autoptr(LqTrackItem) first = NULL;
  g_autoptr(LqTrackItem) second = NULL;
  g_autoptr(LqTrackItem) moved = NULL;
  guint n_selected_notifies = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) sine_paths, 0, NULL, &error));
  g_assert_no_error (error);
  tracks = lq_project_get_tracks (project);
  g_assert_cmpuint (g_list_model_get_n_items (tracks), ==, 2);

  table = g_object_ref_sink (LQ_TRACK_TABLE (lq_track_table_new ()));
  g_assert_null (lq_track_table_get_project (table));
  g_assert_cmpuint (g_list_model_get_n_items (lq_track_table_get_model (table)), ==, 0);
  g_signal_connect_swapped (table, "notify::selected", G_CALLBACK (count_notify_cb), &n_selected_notifies);

  lq_track_table_set_project (table, project);
  g_assert_true (lq_track_table_get_project (table) == project);
  rows = lq_track_table_get_model (table);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LqTrackItem) row = g_list_model_get_item (rows, i);
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

      g_assert_true (lq_track_item_get_track (row) == track);
    }
  g_assert_cmpuint (lq_track_table_get_selected (table), ==, GTK_INVALID_LIST_POSITION);

  /* Asked again, a row is the same object */
  first = g_list_model_get_item (rows, 0);
  second = g_list_model_get_item (rows, 1);
  {
    g_autoptr(LqTrackItem) again = g_list_model_get_item (rows, 0);

    g_assert_true (again == first);
  }

  /* The first track moves down: its row, selected, moves with it */
  lq_track_table_set_selected (table, 0);
  g_assert_true (lq_track_table_get_selected_item (table) == first);
  n_selected_notifies = 0;
  g_assert_true (lq_project_move_track (project, 1, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  moved = g_list_model_get_item (rows, 1);
  g_assert_true (moved == first);
  g_assert_cmpuint (lq_track_table_get_selected (table), ==, 1);
  g_assert_true (lq_track_table_get_selected_item (table) == first);
  g_assert_cmpuint (n_selected_notifies, >=, 1);
  /* The rows read their tracks again when told (the window does, on idle) */
  g_assert_cmpstr (lq_track_item_get_position (first), ==, "1");
  lq_track_table_update (table, NULL);
  g_assert_cmpstr (lq_track_item_get_position (first), ==, "2");
  g_assert_cmpstr (lq_track_item_get_position (second), ==, "1");

  /* Dropping it on the other row moves it back, and selects it */
  g_assert_true (_lq_track_table_drop_track (table, first, second));
  g_assert_cmpuint (lq_track_get_position (lq_track_item_get_track (first)), ==, 1);
  g_assert_cmpuint (lq_track_table_get_selected (table), ==, 0);
  g_assert_true (lq_track_table_get_selected_item (table) == first);
  /* Onto itself: nothing to do */
  g_assert_true (_lq_track_table_drop_track (table, first, first));
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Move Track 2 to 1");

  /* No project: no rows */
  lq_track_table_set_project (table, NULL);
  g_assert_null (lq_track_table_get_project (table));
  g_assert_cmpuint (g_list_model_get_n_items (lq_track_table_get_model (table)), ==, 0);
  g_assert_false (_lq_track_table_drop_track (table, first, second));

  g_clear_object (&moved);
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_finalize_object (table);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/track-table/project", test_track_table_project);
  g_test_add_func ("/ui/window/project", test_window_project);
  g_test_add_func ("/ui/window/project-missing", test_window_project_missing);

  return lq_test_ui_run ();
}

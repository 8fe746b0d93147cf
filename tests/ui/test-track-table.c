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

#include "lq-loudness-chart.h"
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

/* The labels of one column's cells (@css_class), in row order. */
static GPtrArray *
column_labels (GtkWidget  *table,
               const char *css_class)
{
  GPtrArray *labels = g_ptr_array_new ();

  collect_labels (table, css_class, labels);
  return labels;
}

static void
assert_column (GtkWidget  *table,
               const char *css_class,
               guint       row,
               const char *expected)
{
  g_autoptr(GPtrArray) labels = column_labels (table, css_class);

  g_assert_cmpuint (labels->len, >, row);
  g_test_message ("  %s row %u: %s", css_class, row + 1, gtk_label_get_text (labels->pdata[row]));
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[row]), ==, expected);
}

/* Issue 10: after a match the table shows each track's plan (match gain,
 * EQ change, predicted loudness, output true peak, limiter reduction);
 * after an export what was measured in the file written, and a stale
 * export as such; a true peak above the ceiling is flagged like clips. */
static void
test_track_table_figures (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "figures", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *path = g_build_filename (dir, "Figures.lacquer", NULL);
  const char *paths[] = { sine_paths[0], hot_path, NULL };
  const char *target[] = { "target=spotify", NULL };
  const char *gain[] = { "gain=-1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(GPtrArray) results = NULL;
  LqMatchSettings settings;
  LqExportOptions options;
  GtkWidget *window;
  GtkWidget *table;
  GtkWidget *summary;
  LqProject *project;
  g_autoptr(GPtrArray) peaks = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (project, target, &error));
  g_assert_no_error (error);

  summary = g_object_ref_sink (lq_album_summary_new ());
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  g_assert_false (gtk_widget_get_visible (find_named (summary, "album-plan")));
  g_assert_false (gtk_widget_get_visible (find_named (summary, "album-export")));
  table = lq_track_table_new ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 2400, 400);
  gtk_window_set_child (GTK_WINDOW (window), table);
  gtk_window_present (GTK_WINDOW (window));
  lq_track_table_set_project (LQ_TRACK_TABLE (table), project);
  lq_track_table_update (LQ_TRACK_TABLE (table), NULL);
  wait_paint (window);

  /* The hot file's true peak is far above spotify's -1 dBTP: flagged */
  peaks = column_labels (table, "true-peak");
  g_assert_cmpuint (peaks->len, ==, 2);
  g_assert_false (gtk_widget_has_css_class (peaks->pdata[0], "warning"));
  g_assert_true (gtk_widget_has_css_class (peaks->pdata[1], "warning"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (peaks->pdata[1]), ==,
                   "The measured true peak is above -1.0 dBTP: it will clip on playback or conversion");
  /* Never matched: no plan figures */
  {
    g_autoptr(LqTrackItem) row = g_list_model_get_item (lq_track_table_get_model (LQ_TRACK_TABLE (table)), 0);

    g_assert_cmpstr (lq_track_item_get_match_gain (row), ==, "—");
    g_assert_cmpstr (lq_track_item_get_exported (row), ==, "—");
  }

  /* Matched: each row its line of the plan */
  lq_match_settings_init (&settings);
  settings.mode = LQ_MATCH_MODE_ALBUM;
  plan = lq_project_plan_match (project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (project, plan, NULL, NULL, &error));
  g_assert_no_error (error);
  lq_track_table_update (LQ_TRACK_TABLE (table), NULL);
  wait_paint (window);
  for (guint i = 0; i < 2; i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (plan, i);
      g_autofree char *gain_text = lq_format_offset (t->gain_db);
      g_autofree char *eq_text = lq_format_offset (t->eq_loudness_change_db);
      g_autofree char *predicted = lq_format_value (t->predicted_lufs);
      g_autofree char *output = lq_format_value (t->predicted_true_peak_dbtp - t->limiter_reduction_db);
      g_autofree char *limiter = lq_format_value (t->limiter_reduction_db > 0 ? -t->limiter_reduction_db : 0.0);

      assert_column (table, "match-gain", i, gain_text);
      assert_column (table, "eq-change", i, eq_text);
      assert_column (table, "predicted", i, predicted);
      assert_column (table, "output-peak", i, output);
      assert_column (table, "limiter", i, limiter);
    }
  /* The album card: the album as planned */
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  {
    GtkWidget *line = find_named (summary, "album-plan");
    g_autofree char *lufs = lq_format_value (lq_match_plan_get_predicted_album_lufs (plan));
    g_autofree char *expected = NULL;
    double max_peak = -INFINITY, max_reduction = 0.0;
    g_autofree char *peak = NULL, *reduction = NULL;

    for (guint i = 0; i < 2; i++)
      {
        const LqMatchTrack *t = lq_match_plan_get_track (plan, i);

        max_peak = MAX (max_peak, t->predicted_true_peak_dbtp - t->limiter_reduction_db);
        max_reduction = MAX (max_reduction, t->limiter_reduction_db);
      }
    peak = lq_format_value (max_peak);
    reduction = lq_format_value (max_reduction);
    expected = g_strdup_printf ("Planned: %s LUFS, true peak up to %s dBTP, limiter up to %s dB",
                                lufs, peak, reduction);
    g_assert_true (gtk_widget_get_visible (line));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (line)), ==, expected);
  }

  /* Exported: what was measured in the files written */
  lq_export_options_init (&options);
  options.has_target = lq_project_get_effective_target (project, &options.target);
  results = lq_export_album (project, out, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  lq_track_table_update (LQ_TRACK_TABLE (table), NULL);
  wait_paint (window);
  for (guint i = 0; i < 2; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);
      g_autofree char *lufs = lq_format_value (r->integrated_lufs);
      g_autofree char *tp = lq_format_value (r->true_peak_dbtp);
      g_autoptr(GPtrArray) labels = column_labels (table, "exported-peak");

      assert_column (table, "exported", i, lufs);
      assert_column (table, "exported-peak", i, tp);
      g_assert_false (gtk_widget_has_css_class (labels->pdata[i], "stale"));
    }
  /* The album card: the album as measured in the files written */
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  {
    g_autofree char *lufs = lq_format_value (lq_export_album_lufs (results));
    const LqExportResult *r1 = g_ptr_array_index (results, 0);
    const LqExportResult *r2 = g_ptr_array_index (results, 1);
    g_autofree char *peak = lq_format_value (MAX (r1->true_peak_dbtp, r2->true_peak_dbtp));
    g_autofree char *expected = g_strdup_printf ("Exported: %s LUFS, true peak up to %s dBTP", lufs, peak);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (summary, "album-export"))), ==, expected);
  }

  /* Track 1 edited since: its export is stale, and says so */
  g_assert_true (lq_project_set_track (project, 1, gain, &error));
  g_assert_no_error (error);
  lq_track_table_update (LQ_TRACK_TABLE (table), NULL);
  wait_paint (window);
  {
    g_autoptr(GPtrArray) labels = column_labels (table, "exported");
    const LqExportResult *r = g_ptr_array_index (results, 0);
    g_autofree char *lufs = lq_format_value (r->integrated_lufs);
    g_autofree char *shown = g_strdup_printf ("(%s)", lufs);

    assert_column (table, "exported", 0, shown);
    g_assert_true (gtk_widget_has_css_class (labels->pdata[0], "stale"));
    g_assert_nonnull (gtk_widget_get_tooltip_text (labels->pdata[0]));
    g_assert_false (gtk_widget_has_css_class (labels->pdata[1], "stale"));
  }
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (find_named (summary, "album-export"))),
                                   "Exported before the last changes: "));

  lq_track_table_set_project (LQ_TRACK_TABLE (table), NULL);
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), NULL);
  g_assert_finalize_object (summary);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (project);
}

/* Issue 10: a missing track is left out of the chart's dots and the
 * album's figures, and both say so, from the model. */
static void
test_left_out (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "left-out", NULL);
  g_autofree char *path = g_build_filename (dir, "LeftOut.lacquer", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.wav", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  const char *paths[] = { sine_paths[0], copy, NULL };
  const char *target[] = { "target=spotify", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  LqMatchSettings settings;
  LqLoudnessChart *chart;
  GtkWidget *summary;
  GtkWidget *caption;
  LqProject *project;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (sine_paths[1], &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  g_assert_no_error (error);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (project, target, &error));
  g_assert_no_error (error);
  lq_match_settings_init (&settings);
  plan = lq_project_plan_match (project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (project, plan, NULL, NULL, &error));
  g_assert_no_error (error);

  chart = g_object_ref_sink (LQ_LOUDNESS_CHART (lq_loudness_chart_new ()));
  summary = g_object_ref_sink (lq_album_summary_new ());
  caption = find_named (summary, "album-caption");
  lq_loudness_chart_set_project (chart, project);
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  g_assert_null (lq_loudness_chart_get_left_out (chart));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (caption)), ==, "All tracks measured as one programme");

  /* Track 2's file goes */
  g_assert_cmpint (g_unlink (copy), ==, 0);
  g_assert_true (lq_project_check_sources (project, &error));
  g_assert_no_error (error);
  lq_loudness_chart_set_project (chart, project);
  lq_album_summary_set_project (LQ_ALBUM_SUMMARY (summary), project);
  g_assert_cmpstr (lq_loudness_chart_get_left_out (chart), ==,
                   "Track 2 is missing: not in the before and after figures");
  g_assert_nonnull (strstr (lq_loudness_chart_get_description (chart),
                            "Track 2 is missing: not in the before and after figures."));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (caption)), ==,
                   "Track 2 is missing: left out of the album’s figures");
  g_assert_true (gtk_widget_has_css_class (caption, "warning"));

  lq_loudness_chart_set_project (chart, NULL);
  g_assert_null (lq_loudness_chart_get_left_out (chart));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (summary);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/track-table/project", test_track_table_project);
  g_test_add_func ("/ui/track-table/figures", test_track_table_figures);
  g_test_add_func ("/ui/track-table/left-out", test_left_out);
  g_test_add_func ("/ui/window/project", test_window_project);
  g_test_add_func ("/ui/window/project-missing", test_window_project_missing);

  return lq_test_ui_run ();
}

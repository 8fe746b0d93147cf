/* test-edit-pane-cd.c: the CD-Text fields and the copy flag (issue 13,
 * section 6) in the details pane: the album's songwriter, arranger,
 * CD-Text message and copy flag and the track's songwriter and index
 * points have their rows, the album's next to each other; the copy
 * switch and the songwriter's entry edit the project, and undo restores
 * both, the editors showing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-edit-pane.h"
#include "lq-field-set.h"
#include "lq-test-ui.h"

static const char *
album_text (LqProject  *project,
            const char *key)
{
  const GValue *value = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key));

  /* Unset: NULL or empty */
  if (value == NULL || !G_VALUE_HOLDS_STRING (value) || g_strcmp0 (g_value_get_string (value), "") == 0)
    return NULL;
  return g_value_get_string (value);
}

static gboolean
album_bool (LqProject  *project,
            const char *key)
{
  const GValue *value = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key));

  if (value != NULL && G_VALUE_HOLDS_BOOLEAN (value))
    return g_value_get_boolean (value);
  if (value != NULL && G_VALUE_HOLDS_INT64 (value))
    return g_value_get_int64 (value) != 0;
  if (value != NULL && G_VALUE_HOLDS_INT (value))
    return g_value_get_int (value) != 0;
  return FALSE;
}

static const char *
track_text (LqProject  *project,
            guint       position,
            const char *key)
{
  const GValue *value = lq_track_get_value (lq_project_get_track (project, position),
                                            lq_project_fields_lookup (FALSE, key));

  /* Unset: NULL or empty */
  if (value == NULL || !G_VALUE_HOLDS_STRING (value) || g_strcmp0 (g_value_get_string (value), "") == 0)
    return NULL;
  return g_value_get_string (value);
}

static void
test_edit_pane_cd (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "cd.lacquer", NULL);
  g_autoptr(LqProject) project = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = lq_edit_pane_new ();
  LqFieldSet *fields;
  GtkWidget *copy, *songwriter, *row;
  const char *album_cd[] = { "songwriter", "arranger", "message", "cd-copy" };

  remove_tree (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) sine_paths, 0, NULL, &error));
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (window), 420, 900);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  lq_edit_pane_set_project (LQ_EDIT_PANE (pane), project);
  lq_edit_pane_set_track (LQ_EDIT_PANE (pane), lq_project_get_track (project, 2));
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (pane);
  fields = _lq_edit_pane_get_fields (LQ_EDIT_PANE (pane));

  /* The album's CD fields: rows one after the other, in the album's group. */
  row = lq_field_set_get_row (fields, TRUE, album_cd[0]);
  g_assert_nonnull (row);
  for (guint i = 1; i < G_N_ELEMENTS (album_cd); i++)
    {
      GtkWidget *next = lq_field_set_get_row (fields, TRUE, album_cd[i]);

      g_assert_nonnull (next);
      g_assert_true (gtk_widget_get_next_sibling (row) == next);
      row = next;
    }
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (lq_field_set_get_row (fields, TRUE, "message"))),
                   ==, "CD-Text Message");
  g_assert_nonnull (lq_field_set_get_row (fields, FALSE, "songwriter"));
  g_assert_nonnull (lq_field_set_get_row (fields, FALSE, "cd-indexes"));

  lq_edit_pane_set_page (LQ_EDIT_PANE (pane), "album");
  wait_paint (pane);
  save_screenshot (window, "edit-pane-cd-album.png");
  lq_edit_pane_set_page (LQ_EDIT_PANE (pane), "track");

  /* The copy flag through its switch. */
  g_assert_false (album_bool (project, "cd-copy"));
  copy = lq_field_set_get_editor (fields, TRUE, "cd-copy");
  g_assert_true (GTK_IS_SWITCH (copy));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (copy)));
  gtk_switch_set_active (GTK_SWITCH (copy), TRUE);
  g_assert_true (album_bool (project, "cd-copy"));

  /* Track 2's songwriter through its entry, applied. */
  songwriter = lq_field_set_get_editor (fields, FALSE, "songwriter");
  g_assert_true (ADW_IS_ENTRY_ROW (songwriter));
  gtk_editable_set_text (GTK_EDITABLE (songwriter), "Jo Writer");
  g_signal_emit_by_name (songwriter, "apply");
  g_assert_cmpstr (track_text (project, 2, "songwriter"), ==, "Jo Writer");
  g_assert_null (track_text (project, 1, "songwriter"));
  g_assert_null (album_text (project, "songwriter"));
  wait_paint (pane);
  save_screenshot (window, "edit-pane-cd-track.png");

  /* Undo: the songwriter, then the flag, the editors following. */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_null (track_text (project, 2, "songwriter"));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (songwriter)), ==, "");
  g_assert_true (album_bool (project, "cd-copy"));
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_false (album_bool (project, "cd-copy"));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (copy)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/edit-pane/cd-fields", test_edit_pane_cd);
  return lq_test_ui_run ();
}

/* test-window-edit.c: editing an album in the window's details pane.
 *
 * Ctrl+Z after an applied field edit undoes the project edit (real key
 * presses, xdotool on the test's X server); text typed and not applied
 * goes to its own track when the selection changes; a refused ISRC keeps
 * what was typed and the toast names the field; the delivery target reads
 * as its label; the Export dialog names its files by the template; the
 * start page lists albums by title; the chain's dropdowns show their whole
 * text; a placeholder track's fields wait. Run under
 * build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lq-field-set.h"
#include "lq-track-private.h"
#include "lq-test-ui.h"

/* A project of the two sines, measured and shown. */
static LqWindow *
edit_window_new (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  settle (window);

  return window;
}

static LqFieldSet *
window_fields (LqWindow *window)
{
  return _lq_edit_pane_get_fields (_lq_window_get_edit_pane (window));
}

static const char *
track_title (LqProject *project,
             guint      position)
{
  const GValue *value = lq_track_get_value (lq_project_get_track (project, position),
                                            lq_project_fields_lookup (FALSE, "title"));

  return value != NULL && G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
}

typedef struct
{
  GtkEditable *editable;
  const char *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (wait->editable), wait->text) == 0;
}

typedef struct
{
  LqProject *project;
  guint position;
  const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (track_title (wait->project, wait->position), wait->title) == 0;
}

/* The apply button an AdwEntryRow shows while it holds typed text */
static GtkWidget *
entry_row_apply_button (GtkWidget *row)
{
  GtkWidget *button = find_type (row, GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  return button;
}

/* Typed, applied with Enter, then Ctrl+Z with the entry still focused:
 * the project edit is undone, not the typing. */
static void
test_window_edit_undo (void)
{
  LqWindow *window = edit_window_new ("Undo");
  LqProject *project = lq_window_get_project (window);
  GtkWidget *title;
  g_autofree char *before = NULL;
  g_autofree char *undo_before = NULL;

  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  before = g_strdup (track_title (project, 1));
  undo_before = g_strdup (lq_project_get_undo_label (project));
  title = lq_field_set_get_editor (window_fields (window), FALSE, "title");
  g_assert_true (ADW_IS_ENTRY_ROW (title));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, before);
  g_assert_false (lq_project_can_redo (project));

  g_assert_true (gtk_widget_grab_focus (title));
  gtk_editable_set_position (GTK_EDITABLE (title), -1);
  lq_test_xdotool (GTK_WIDGET (window), "type --delay 20 Xy");
  {
    g_autofree char *typed = g_strconcat (before, "Xy", NULL);
    TextWait wait = { GTK_EDITABLE (title), typed };
    TitleWait applied = { project, 1, typed };

    wait_until (text_is, &wait, "the typed title");
    /* Typing alone is no edit: Ctrl+Z is the entry's */
    g_assert_true (lq_field_set_is_editing (gtk_root_get_focus (GTK_ROOT (window))));
    g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_before);

    lq_test_xdotool (GTK_WIDGET (window), "key Return");
    wait_until (title_is, &applied, "the title applied");
    g_assert_cmpstr (lq_project_get_undo_label (project), !=, undo_before);
    g_assert_false (lq_field_set_is_editing (gtk_root_get_focus (GTK_ROOT (window))));
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), title));
  }

  /* Ctrl+Z: the project's undo, the entry shows the old title again */
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+z");
  {
    TitleWait undone = { project, 1, before };
    TextWait shown = { GTK_EDITABLE (title), before };

    wait_until (title_is, &undone, "the title undone");
    wait_until (text_is, &shown, "the entry to show the undone title");
    g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_before);
    g_assert_true (lq_project_can_redo (project));
  }

  /* Ctrl+Shift+Z: redone */
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+shift+z");
  {
    g_autofree char *typed = g_strconcat (before, "Xy", NULL);
    TitleWait redone = { project, 1, typed };

    wait_until (title_is, &redone, "the title redone");
  }

  destroy_window (window);
}

/* Text typed for track 1 and not applied is applied to track 1 when track
 * 2 is selected; the Title row then shows track 2's title, out of edit
 * mode. */
static void
test_window_edit_switch_track (void)
{
  LqWindow *window = edit_window_new ("Switch");
  LqProject *project = lq_window_get_project (window);
  GtkWidget *title;
  g_autofree char *second = NULL;

  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  second = g_strdup (track_title (project, 2));
  title = lq_field_set_get_editor (window_fields (window), FALSE, "title");
  g_assert_true (gtk_widget_grab_focus (title));
  gtk_editable_set_text (GTK_EDITABLE (title), "Typed For One");
  g_assert_true (gtk_widget_get_visible (entry_row_apply_button (title)));

  gtk_single_selection_set_selected (window_selection (window), 1);
  settle (window);
  g_assert_true (lq_edit_pane_get_track (_lq_window_get_edit_pane (window)) == lq_project_get_track (project, 2));
  g_assert_cmpstr (track_title (project, 1), ==, "Typed For One");
  g_assert_cmpstr (track_title (project, 2), ==, second);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, second);
  g_assert_false (gtk_widget_get_visible (entry_row_apply_button (title)));
  g_assert_false (lq_field_set_is_editing (title));

  destroy_window (window);
}

/* A refused ISRC: the toast names the field by its label, the entry keeps
 * the text to correct it; a good one is stored normalized. */
static void
test_window_edit_refused (void)
{
  LqWindow *window = edit_window_new ("Refused");
  LqProject *project = lq_window_get_project (window);
  GtkWidget *isrc;
  const char *toast;
  g_autofree char *undo_before = NULL;

  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  isrc = lq_field_set_get_editor (window_fields (window), FALSE, "isrc");
  undo_before = g_strdup (lq_project_get_undo_label (project));
  gtk_editable_set_text (GTK_EDITABLE (isrc), "US-AB1-2");
  g_signal_emit_by_name (isrc, "apply");

  toast = _lq_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_true (g_str_has_prefix (toast, "ISRC: "));
  g_assert_null (strstr (toast, "isrc:"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (isrc)), ==, "US-AB1-2");
  g_assert_true (gtk_widget_has_css_class (isrc, "error"));
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_before);

  gtk_editable_set_text (GTK_EDITABLE (isrc), "US-AB1-26-00001");
  g_signal_emit_by_name (isrc, "apply");
  g_assert_false (gtk_widget_has_css_class (isrc, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (isrc)), ==, "USAB12600001");
  g_assert_cmpstr (lq_project_get_undo_label (project), !=, undo_before);

  destroy_window (window);
}

/* The album's delivery target reads "Spotify", never "spotify"; typing a
 * preset's label stores its name. */
static void
test_window_edit_target_label (void)
{
  LqWindow *window = edit_window_new ("Target");
  LqProject *project = lq_window_get_project (window);
  GtkWidget *target = lq_field_set_get_editor (window_fields (window), TRUE, "target");
  g_autoptr(GError) error = NULL;
  const GValue *value;

  g_assert_true (lq_project_set_album (project, (const char *const[]) { "target=spotify", NULL }, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (target)), ==, "Spotify");

  gtk_editable_set_text (GTK_EDITABLE (target), "Apple Music");
  g_signal_emit_by_name (target, "apply");
  value = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));
  g_assert_cmpstr (g_value_get_string (value), ==, "apple");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (target)), ==, "Apple Music");

  destroy_window (window);
}

/* The Export dialog says how its files are named: by the template in its
 * name row, as the export fills it in. */
static void
test_window_edit_export_naming (void)
{
  LqWindow *window = edit_window_new ("Naming");
  LqExportDialog *dialog;
  GtkWidget *name_row, *group;
  const char *first = lq_track_get_display_name (lq_project_get_track (lq_window_get_project (window), 1));
  g_autofree char *expected = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  g_assert_nonnull (dialog);
  _lq_export_dialog_set_format (dialog, LQ_RENDER_FLAC, 16);
  name_row = find_named (GTK_WIDGET (dialog), "export-name-template");
  group = find_named (GTK_WIDGET (dialog), "export-destination");
  g_assert_nonnull (group);

  gtk_editable_set_text (GTK_EDITABLE (name_row), "{title} ({number})");
  expected = g_strdup_printf ("One file a track, the first named “%s (1).flac”", first);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, expected);

  g_clear_pointer (&expected, g_free);
  gtk_editable_set_text (GTK_EDITABLE (name_row), LQ_EXPORT_NAME_TEMPLATE_DEFAULT);
  expected = g_strdup_printf ("One file a track, the first named “01 - %s.flac”", first);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, expected);

  /* A bad template names nothing */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "{number} {song}");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, "One file a track");

  destroy_window (window);
}

typedef struct
{
  GtkWidget *page;
  const char *title;
  const char *subtitle;
} RecentWait;

/* Whether @widget or one below it is a recent album's row titled @title,
 * with @subtitle */
static gboolean
has_recent_row (GtkWidget  *widget,
                const char *title,
                const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), "recent-album") == 0)
    return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0
           && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), subtitle) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_recent_row (child, title, subtitle))
      return TRUE;

  return FALSE;
}

static gboolean
recent_row_is (gpointer data)
{
  RecentWait *wait = data;

  return has_recent_row (wait->page, wait->title, wait->subtitle);
}

/* The start page lists an album by its title, its file's path below; a
 * new title shows there too. */
static void
test_window_edit_recent_title (void)
{
  LqWindow *window = edit_window_new ("Recent.lacquer");
  LqProject *project = lq_window_get_project (window);
  const char *path = lq_project_get_path (project);
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_assert_true (lq_project_set_album (project, (const char *const[]) { "title=Night & Drive <1>", NULL }, &error));
  g_assert_no_error (error);
  if (g_str_has_prefix (path, g_get_home_dir ()))
    shown = g_strconcat ("~", path + strlen (g_get_home_dir ()), NULL);
  else
    shown = g_strdup (path);

  page = g_object_ref_sink (lq_start_page_new ());
  {
    RecentWait wait = { page, "Night & Drive <1>", shown };

    wait_until (recent_row_is, &wait, "the recent album by its title");
  }

  g_assert_true (lq_project_set_album (project, (const char *const[]) { "title=", NULL }, &error));
  g_assert_no_error (error);
  {
    RecentWait wait = { page, "Recent", shown };

    wait_until (recent_row_is, &wait, "the recent album by its file's name");
  }

  g_object_unref (page);
  destroy_window (window);
}

/* Every label in @widget's combo rows shows its whole text: allocated at
 * least as wide as its natural width */
static void
assert_combo_labels_whole (GtkWidget *widget,
                           gboolean   in_combo,
                           guint     *n_checked)
{
  in_combo |= ADW_IS_COMBO_ROW (widget);
  if (in_combo && GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      int natural = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_test_message ("“%s”: %d of %d", gtk_label_get_text (GTK_LABEL (widget)),
                      gtk_widget_get_width (widget), natural);
      g_assert_cmpint (gtk_widget_get_width (widget), >=, natural);
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_combo_labels_whole (child, in_combo, n_checked);
}

/* At the default size, the chain's dropdowns show their whole text */
static void
test_window_edit_dropdowns (void)
{
  LqWindow *window = edit_window_new ("Dropdowns");
  LqEditPane *pane = _lq_window_get_edit_pane (window);
  guint n_checked = 0;

  gtk_single_selection_set_selected (window_selection (window), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inspector", NULL));
  settle (window);
  {
    GtkWidget *comp = _lq_inspector_get_processor (lq_edit_pane_get_inspector (pane), FALSE, "comp");
    GtkWidget *limiter = _lq_inspector_get_processor (lq_edit_pane_get_inspector (pane), TRUE, "limiter");

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (comp), TRUE);
    if (ADW_IS_EXPANDER_ROW (limiter))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (limiter), TRUE);
  }
  settle (window);
  wait_until (no_transition_running, window, "the rows to expand");
  save_screenshot (GTK_WIDGET (window), "test-window-edit-chain.png");
  assert_combo_labels_whole (GTK_WIDGET (pane), FALSE, &n_checked);
  g_assert_cmpuint (n_checked, >, 0);

  lq_edit_pane_set_page (pane, "album");
  settle (window);
  save_screenshot (GTK_WIDGET (window), "test-window-edit-album.png");

  destroy_window (window);
}

static void
count_failed_cb (LqFieldSet *set,
                 const char *message,
                 guint      *n_failed)
{
  (*n_failed)++;
}

/* A track still being read (a placeholder row, no position yet): its
 * fields cannot be edited, and an apply does nothing rather than fail */
static void
test_window_edit_placeholder (void)
{
  LqWindow *window = edit_window_new ("Placeholder");
  LqProject *project = lq_window_get_project (window);
  g_autoptr(LqFieldSet) set = lq_field_set_new ();
  g_autoptr(LqTrack) pending = _lq_track_new_pending (sine_paths[0]);
  g_autofree char *undo_before = g_strdup (lq_project_get_undo_label (project));
  GtkWidget *row;
  guint n_failed = 0;

  g_assert_cmpuint (lq_track_get_position (pending), ==, 0);
  lq_field_set_set_project (set, project);
  row = lq_field_set_add_row (set, FALSE, lq_project_fields_lookup (FALSE, "title"), NULL);
  g_signal_connect (set, "edit-failed", G_CALLBACK (count_failed_cb), &n_failed);

  lq_field_set_set_track (set, lq_project_get_track (project, 1));
  g_assert_true (gtk_widget_get_sensitive (row));
  lq_field_set_set_track (set, pending);
  g_assert_false (gtk_widget_get_sensitive (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "Not Yet");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_before);
  /* Leaving it commits nothing either */
  lq_field_set_set_track (set, lq_project_get_track (project, 2));
  g_assert_true (gtk_widget_get_sensitive (row));
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_before);

  lq_field_set_set_project (set, NULL);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/window-edit/undo", test_window_edit_undo);
  g_test_add_func ("/ui/window-edit/switch-track", test_window_edit_switch_track);
  g_test_add_func ("/ui/window-edit/refused", test_window_edit_refused);
  g_test_add_func ("/ui/window-edit/target-label", test_window_edit_target_label);
  g_test_add_func ("/ui/window-edit/export-naming", test_window_edit_export_naming);
  g_test_add_func ("/ui/window-edit/recent-title", test_window_edit_recent_title);
  g_test_add_func ("/ui/window-edit/dropdowns", test_window_edit_dropdowns);
  g_test_add_func ("/ui/window-edit/placeholder", test_window_edit_placeholder);

  return lq_test_ui_run ();
}

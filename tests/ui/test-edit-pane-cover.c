/* test-edit-pane-cover.c: the album's front cover in the details pane
 * (issue 13, section 6). A PNG written here is set through the path the
 * "Choose…" dialog's answer takes: the thumbnail is that picture (its
 * size), the row says "PNG", its size in pixels and in bytes; undo and redo
 * follow; "Remove" clears it; a dropped file sets it; a file that is not a
 * picture is refused with an error naming it, and the cover stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>

#include "lq-cover-row.h"
#include "lq-edit-pane.h"
#include "lq-test-ui.h"

#define PNG_W 40
#define PNG_H 24

/* A PNG of PNG_W × PNG_H pixels, by cairo's writer */
static char *
write_png (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PNG_W, PNG_H);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.8, 0.3, 0.1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.2, 0.9);
  cairo_rectangle (cr, 0, 0, PNG_W / 2.0, PNG_H);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static gboolean
is_decoded (gpointer data)
{
  return !_lq_cover_row_is_loading (data);
}

static gboolean
chooser_has_png (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, "front.png") == 0;
}

static void
edit_failed_cb (GtkWidget  *pane,
                const char *message,
                char      **last)
{
  g_free (*last);
  *last = g_strdup (message);
}

/* The row shows the picture at @path: its thumbnail, type and sizes */
static void
assert_shows_png (LqCoverRow *row,
                  const char *path)
{
  g_autofree char *size = NULL;
  g_autofree char *dimensions = g_strdup_printf ("%d × %d", PNG_W, PNG_H);
  GStatBuf st;
  const char *subtitle;
  GdkPaintable *paintable;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  size = g_format_size (st.st_size);

  wait_until (is_decoded, row, "the cover's thumbnail");
  paintable = lq_cover_row_get_paintable (row);
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, PNG_W);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, PNG_H);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_true (g_str_has_prefix (subtitle, "PNG, "));
  g_assert_nonnull (strstr (subtitle, dimensions));
  g_assert_nonnull (strstr (subtitle, size));
  g_assert_true (gtk_widget_get_sensitive (find_named (GTK_WIDGET (row), "cover-remove")));
}

static void
assert_shows_none (LqCoverRow *row)
{
  g_assert_false (_lq_cover_row_is_loading (row));
  g_assert_null (lq_cover_row_get_paintable (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "None");
  g_assert_false (gtk_widget_get_sensitive (find_named (GTK_WIDGET (row), "cover-remove")));
}

static void
assert_cover_is (LqProject *project,
                 const char *path)
{
  g_autoptr(LqCover) cover = lq_project_get_cover (project);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  bytes = g_bytes_new (data, length);
  g_assert_nonnull (cover);
  g_assert_cmpstr (cover->mime, ==, "image/png");
  g_assert_true (g_bytes_equal (cover->data, bytes));
}

static void
test_edit_pane_cover (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "cover.lacquer", NULL);
  g_autofree char *png = write_png ("front.png");
  g_autofree char *corrupt = g_build_filename (tmp_dir, "corrupt.png", NULL);
  g_autofree char *failed = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) corrupt_file = g_file_new_for_path (corrupt);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = lq_edit_pane_new ();
  LqCoverRow *row;
  GtkFileChooserNative *chooser;
  g_autofree char *undo_label = NULL;

  remove_tree (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) sine_paths, 0, NULL, &error));
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (window), 420, 900);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  lq_edit_pane_set_project (LQ_EDIT_PANE (pane), project);
  lq_edit_pane_set_page (LQ_EDIT_PANE (pane), "album");
  g_signal_connect (pane, "edit-failed", G_CALLBACK (edit_failed_cb), &failed);
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (pane);

  row = _lq_edit_pane_get_cover_row (LQ_EDIT_PANE (pane));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (row), pane));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Cover");
  assert_shows_none (row);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (row), "cover-remove")), ==,
                   "Remove the Cover");

  /* "Choose…": cancelled, nothing changes; accepted with the PNG, it is
   * the cover, one undo step */
  undo_label = g_strdup (lq_project_get_undo_label (project));
  g_signal_emit_by_name (find_named (GTK_WIDGET (row), "cover-choose"), "clicked");
  g_assert_nonnull (_lq_cover_row_get_chooser (row));
  g_signal_emit_by_name (_lq_cover_row_get_chooser (row), "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_lq_cover_row_get_chooser (row));
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_label);
  assert_shows_none (row);
  g_signal_emit_by_name (find_named (GTK_WIDGET (row), "cover-choose"), "clicked");
  chooser = _lq_cover_row_get_chooser (row);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), png_file, &error));
  g_assert_no_error (error);
  wait_until (chooser_has_png, chooser, "the chooser to select the PNG");
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (_lq_cover_row_get_chooser (row));
  g_assert_null (failed);
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Set Album Cover");
  assert_cover_is (project, png);
  assert_shows_png (row, png);
  wait_paint (pane);
  save_screenshot (window, "edit-pane-cover.png");

  /* Undo and redo: the row follows */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, undo_label);
  g_assert_null (lq_project_get_cover (project));
  assert_shows_none (row);
  g_assert_true (lq_project_redo (project, &error));
  g_assert_no_error (error);
  assert_shows_png (row, png);

  /* Remove, by its button */
  g_signal_emit_by_name (find_named (GTK_WIDGET (row), "cover-remove"), "clicked");
  g_assert_null (failed);
  g_assert_null (lq_project_get_cover (project));
  assert_shows_none (row);

  /* A file dropped onto the row */
  {
    GtkDropTarget *drop = find_drop_target (GTK_WIDGET (row));
    g_auto(GValue) value = G_VALUE_INIT;
    GSList *files = g_slist_prepend (NULL, png_file);
    gboolean handled = FALSE;

    g_assert_nonnull (drop);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_set_boxed (&value, files);
    g_slist_free (files);
    g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &handled);
    g_assert_true (handled);
    g_assert_null (failed);
    assert_cover_is (project, png);
    assert_shows_png (row, png);
  }

  /* Not a picture, whatever its name: refused, naming the file and why;
   * the cover stays */
  g_assert_true (g_file_set_contents (corrupt, "no picture in here\n", -1, &error));
  g_assert_no_error (error);
  g_assert_false (lq_cover_row_set_file (row, corrupt_file));
  g_assert_nonnull (failed);
  g_assert_nonnull (strstr (failed, corrupt));
  g_assert_nonnull (strstr (failed, "PNG or JPEG"));
  assert_cover_is (project, png);
  assert_shows_png (row, png);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/edit-pane/cover", test_edit_pane_cover);
  return lq_test_ui_run ();
}

/* lq-cover-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-cover-row.h"
#include "lq-field-set.h"

#define THUMBNAIL_SIZE 64

struct _LqCoverRow
{
  AdwActionRow parent_instance;

  LqProject *project;
  GSignalGroup *project_signals;

  GtkWidget *thumbnail;   /* a GtkImage */
  GtkWidget *choose_button;
  GtkWidget *remove_button;
  GtkFileChooserNative *chooser;

  GdkPaintable *paintable;
  GCancellable *decoding;   /* the thumbnail's decode, while it runs */
};

G_DEFINE_FINAL_TYPE (LqCoverRow, lq_cover_row, ADW_TYPE_ACTION_ROW)

enum {
  EDIT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "PNG, 1400 × 1400, 312.4 kB" */
static char *
describe_cover (const LqCover *cover)
{
  g_autofree char *size = g_format_size (g_bytes_get_size (cover->data));
  const char *type = g_str_equal (cover->mime, "image/png") ? "PNG" : "JPEG";

  /* Translators: a cover's file type, its width × height in pixels and its size in bytes */
  return g_strdup_printf (_("%s, %u × %u, %s"), type, cover->width, cover->height, size);
}

static void
lq_cover_row_show_placeholder (LqCoverRow *self,
                               const char *icon_name,
                               const char *tooltip)
{
  g_clear_object (&self->paintable);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->thumbnail), icon_name);
  gtk_widget_set_tooltip_text (self->thumbnail, tooltip);
}

static void
lq_cover_row_update_sensitive (LqCoverRow *self)
{
  gboolean writable = self->project != NULL && !lq_project_get_read_only (self->project);
  gint64 id = 0;

  if (self->project != NULL)
    g_object_get (self->project, "cover-id", &id, NULL);
  gtk_widget_set_sensitive (self->choose_button, writable);
  gtk_widget_set_sensitive (self->remove_button, writable && id != 0);
}

/* Decoding the thumbnail on a worker ---------------------------------------- */

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
decode_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LqCoverRow *self = LQ_COVER_ROW (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  /* A later refresh (or dispose) took over */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->decoding)
    return;
  g_clear_object (&self->decoding);

  if (texture == NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Cannot show the cover: %s"), error->message);

      lq_cover_row_show_placeholder (self, "image-missing-symbolic", tooltip);
      return;
    }

  g_set_object (&self->paintable, GDK_PAINTABLE (texture));
  gtk_image_set_from_paintable (GTK_IMAGE (self->thumbnail), self->paintable);
  gtk_widget_set_tooltip_text (self->thumbnail, NULL);
}

/* Shows the project's cover as it is now. */
static void
lq_cover_row_refresh (LqCoverRow *self)
{
  g_autoptr(LqCover) cover = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *description = NULL;

  if (self->decoding != NULL)
    g_cancellable_cancel (self->decoding);
  g_clear_object (&self->decoding);

  lq_cover_row_update_sensitive (self);
  cover = self->project != NULL ? lq_project_get_cover (self->project) : NULL;
  if (cover == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("None"));
      lq_cover_row_show_placeholder (self, "image-x-generic-symbolic", NULL);
      return;
    }

  description = describe_cover (cover);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), description);
  lq_cover_row_show_placeholder (self, "image-loading-symbolic", NULL);

  self->decoding = g_cancellable_new ();
  task = g_task_new (self, self->decoding, decode_done_cb, NULL);
  g_task_set_source_tag (task, lq_cover_row_refresh);
  g_task_set_task_data (task, g_bytes_ref (cover->data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_thread);
}

static gboolean
lq_cover_row_edit (LqCoverRow *self,
                   const char *assignment)
{
  const char *assignments[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return FALSE;
  if (!lq_project_set_album (self->project, assignments, &error))
    {
      g_signal_emit (self, signals[EDIT_FAILED], 0, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Callbacks ------------------------------------------------------------------ */

static void
project_cover_cb (LqCoverRow *self)
{
  lq_cover_row_refresh (self);
}

static void
project_read_only_cb (LqCoverRow *self)
{
  lq_cover_row_update_sensitive (self);
}

static void
chooser_response_cb (LqCoverRow      *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    lq_cover_row_set_file (self, file);
}

static void
choose_clicked_cb (LqCoverRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) pictures = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the Album Cover"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (pictures, _("PNG and JPEG Pictures"));
  gtk_file_filter_add_mime_type (pictures, "image/png");
  gtk_file_filter_add_mime_type (pictures, "image/jpeg");
  gtk_file_filter_add_suffix (pictures, "png");
  gtk_file_filter_add_suffix (pictures, "jpg");
  gtk_file_filter_add_suffix (pictures, "jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pictures);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_clicked_cb (LqCoverRow *self)
{
  lq_cover_row_remove (self);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LqCoverRow    *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST)
      || self->project == NULL || lq_project_get_read_only (self->project))
    return FALSE;

  /* One cover: the first file */
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  lq_cover_row_set_file (self, files->data);
  return TRUE;
}

/* Overrides ------------------------------------------------------------------ */

static void
lq_cover_row_dispose (GObject *object)
{
  LqCoverRow *self = (LqCoverRow *)object;

  if (self->decoding != NULL)
    g_cancellable_cancel (self->decoding);
  g_clear_object (&self->decoding);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->project_signals != NULL)
    g_signal_group_set_target (self->project_signals, NULL);
  g_clear_object (&self->project_signals);
  g_clear_object (&self->project);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (lq_cover_row_parent_class)->dispose (object);
}

static void
lq_cover_row_class_init (LqCoverRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lq_cover_row_dispose;

  /**
   * LqCoverRow::edit-failed:
   * @message: why the project refused the picture
   */
  signals[EDIT_FAILED] = lq_field_set_add_edit_failed_signal (G_TYPE_FROM_CLASS (klass));
}

static void
lq_cover_row_init (LqCoverRow *self)
{
  GtkDropTarget *drop;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Cover"));
  gtk_widget_set_name (GTK_WIDGET (self), "field-album-cover");

  self->thumbnail = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->thumbnail), THUMBNAIL_SIZE);
  gtk_widget_set_margin_top (self->thumbnail, 6);
  gtk_widget_set_margin_bottom (self->thumbnail, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnail),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Album cover"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->thumbnail);

  self->choose_button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_name (self->choose_button, "cover-choose");
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->choose_button, _("Choose a PNG or JPEG picture as the album’s front cover"));
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->choose_button);

  self->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (self->remove_button, "cover-remove");
  gtk_widget_set_valign (self->remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->remove_button, "flat");
  gtk_widget_set_tooltip_text (self->remove_button, _("Remove the Cover"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the Cover"), -1);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->remove_button);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->project_signals = g_signal_group_new (LQ_TYPE_PROJECT);
  g_signal_group_connect_swapped (self->project_signals, "notify::cover-id",
                                  G_CALLBACK (project_cover_cb), self);
  g_signal_group_connect_swapped (self->project_signals, "notify::read-only",
                                  G_CALLBACK (project_read_only_cb), self);

  lq_cover_row_refresh (self);
}

/* Public API ----------------------------------------------------------------- */

GtkWidget *
lq_cover_row_new (void)
{
  return g_object_new (LQ_TYPE_COVER_ROW, NULL);
}

void
lq_cover_row_set_project (LqCoverRow *self,
                          LqProject  *project)
{
  g_return_if_fail (LQ_IS_COVER_ROW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;
  g_signal_group_set_target (self->project_signals, project);
  lq_cover_row_refresh (self);
}

gboolean
lq_cover_row_set_file (LqCoverRow *self,
                       GFile      *file)
{
  g_autofree char *path = NULL;
  g_autofree char *assignment = NULL;

  g_return_val_if_fail (LQ_IS_COVER_ROW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      /* Translators: %s is a file's address (URI) */
      g_autofree char *message = g_strdup_printf (_("%s: not a file on this computer; "
                                                    "a cover is read from a local file"), uri);

      g_signal_emit (self, signals[EDIT_FAILED], 0, message);
      return FALSE;
    }
  assignment = g_strconcat (LQ_COVER_KEY "=", path, NULL);
  return lq_cover_row_edit (self, assignment);
}

gboolean
lq_cover_row_remove (LqCoverRow *self)
{
  g_return_val_if_fail (LQ_IS_COVER_ROW (self), FALSE);

  return lq_cover_row_edit (self, LQ_COVER_KEY "=");
}

GdkPaintable *
lq_cover_row_get_paintable (LqCoverRow *self)
{
  g_return_val_if_fail (LQ_IS_COVER_ROW (self), NULL);

  return self->paintable;
}

gboolean
_lq_cover_row_is_loading (LqCoverRow *self)
{
  g_return_val_if_fail (LQ_IS_COVER_ROW (self), FALSE);

  return self->decoding != NULL;
}

GtkFileChooserNative *
_lq_cover_row_get_chooser (LqCoverRow *self)
{
  g_return_val_if_fail (LQ_IS_COVER_ROW (self), NULL);

  return self->chooser;
}

/* lq-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lq-a11y.h"
#include "lq-analysis-job.h"
#include "lq-demo-album.h"
#include "lq-edit-pane.h"
#include "lq-error.h"
#include "lq-export-dialog.h"
#include "lq-format.h"
#include "lq-loudness-chart.h"
#include "lq-match-dialog.h"
#include "lq-project.h"
#include "lq-resources.h"
#include "lq-target-label.h"
#include "lq-track-item.h"
#include "lq-ui-util.h"
#include "lq-window-private.h"

#define PROJECT_MIME_TYPE "application/x-lacquer"
#define MAX_RECENT 6

struct _LqWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *open_button;
  GtkWidget *add_button;
  GtkWidget *undo_box;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkWidget *edit_pane_button;
  GtkWidget *export_button;
  GtkStack *stack;
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
  AdwStatusPage *busy_page;
  GtkProgressBar *progress_bar;
  AdwFlap *flap;
  LqEditPane *edit_pane;
  GtkRevealer *project_progress_revealer;
  GtkProgressBar *project_progress_bar;
  GtkColumnView *column_view;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *position_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *format_column;
  GListStore *tracks;
  GtkLabel *album_integrated_label;
  GtkLabel *album_lra_label;
  GtkLabel *album_sample_peak_label;
  GtkLabel *album_true_peak_label;
  GtkLabel *album_loudest_label;
  GtkLabel *album_loudest_offset_label;
  GtkLabel *album_quietest_label;
  GtkLabel *album_quietest_offset_label;
  GtkWidget *loudness_revealer;
  GtkLabel *loudness_caption;
  LqLoudnessChart *loudness_chart;

  /* NULL when the schema is not installed (running uninstalled) */
  GSettings *settings;

  /* The analysis in progress or last done, and what cancels it */
  LqAnalysisJob *job;
  GBinding *progress_binding;
  GCancellable *cancellable;
  gboolean busy;

  char *last_toast;
  guint n_toasts;
  char *last_error;

  /* The album project shown, or NULL for loose files */
  LqProject *project;
  /* Its tracks as rows (LqTrackItem), in album order */
  GListStore *project_items;
  /* LqTrack -> LqTrackItem, for every track shown since the project opened */
  GHashTable *items_by_track;
  GBinding *project_progress_binding;
  GCancellable *project_cancellable;
  guint refresh_id;
  guint n_project_jobs;
  gboolean analysing;
  gboolean analyse_again;
  gboolean details_visible;
  gboolean loudness_visible;

  /* Open while they are shown (weak pointers) */
  LqMatchDialog *match_dialog;
  LqExportDialog *export_dialog;

  GtkRecentManager *recent_manager;
};

static void lq_window_update_actions (LqWindow *self);
static void lq_window_set_project (LqWindow *self, LqProject *project);

G_DEFINE_FINAL_TYPE (LqWindow, lq_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_DETAILS_VISIBLE,
  PROP_LOUDNESS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lq_window_set_busy (LqWindow *self,
                    gboolean  busy)
{
  busy = !!busy;

  if (self->busy == busy)
    return;

  self->busy = busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", !busy);
  lq_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A toast saying @message, with an Undo button when @undo. */
static void
lq_window_add_toast (LqWindow   *self,
                     const char *message,
                     gboolean    undo)
{
  AdwToast *toast;

  g_assert (LQ_IS_WINDOW (self));
  g_assert (message != NULL);

  toast = lq_toast_new_plain (message);
  if (undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  self->n_toasts++;
}

static void
lq_window_toast (LqWindow   *self,
                 const char *message)
{
  lq_window_add_toast (self, message, FALSE);
}

static void
lq_window_toast_file_error (LqWindow     *self,
                            const char   *path,
                            const GError *error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *message = NULL;

  /* Translators: a file that could not be analysed, and why */
  message = g_strdup_printf (_("%s: %s"), name, error->message);
  lq_window_toast (self, message);
}

/* Stops the current job, if any, and forgets it. */
static void
lq_window_cancel (LqWindow *self)
{
  g_assert (LQ_IS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_clear_object (&self->job);
}

static void
lq_window_show_empty (LqWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_window_title_set_subtitle (self->window_title, NULL);
}

static void
lq_window_set_album_label (GtkLabel   *label,
                           double      value,
                           const char *unit)
{
  g_autofree char *text = lq_format_value_with_unit (value, unit);

  gtk_label_set_text (label, text);
}

/* The album's loudest or quietest track (@index, or -1 for none) and its
 * offset from the album. */
static void
lq_window_set_album_track (LqWindow        *self,
                           GtkLabel        *name_label,
                           GtkLabel        *offset_label,
                           LqAlbumAnalysis *album,
                           int              index)
{
  const char *name, *path;
  LqTrackAnalysis *track = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *text = NULL;

  if (album != NULL && index >= 0)
    track = lq_album_analysis_get_track (album, index);

  if (track == NULL)
    {
      gtk_label_set_text (name_label, "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (name_label), NULL);
      gtk_label_set_text (offset_label, "");
      return;
    }

  name = lq_track_analysis_get_display_name (track);
  path = lq_track_analysis_get_path (track);

  /* A project's track is named as the list names it (its title) */
  if (self->project != NULL)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->project_items));

      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(LqTrackItem) item = g_list_model_get_item (G_LIST_MODEL (self->project_items), i);

          if (lq_track_item_get_analysis (item) == track)
            {
              name = lq_track_item_get_name (item);
              path = lq_track_item_get_path (item);
              break;
            }
        }
    }

  gtk_label_set_text (name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (name_label), path);

  offset = lq_format_offset (lq_album_analysis_get_offset (album, index));
  /* Translators: a track's offset from the album loudness, as "+2.5 LU" */
  text = g_strdup_printf (_("%s LU"), offset);
  gtk_label_set_text (offset_label, text);
}

/* The offset of @track from the album, as the album computes it. */
static double
lq_window_album_offset (LqAlbumAnalysis *album,
                        LqTrackAnalysis *track)
{
  guint n_tracks = lq_album_analysis_get_n_tracks (album);

  for (guint i = 0; i < n_tracks; i++)
    {
      if (lq_album_analysis_get_track (album, i) == track)
        return lq_album_analysis_get_offset (album, i);
    }

  return NAN;
}

static void lq_window_show_album_summary (LqWindow        *self,
                                          LqAlbumAnalysis *album);

static void
lq_window_show_results (LqWindow *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  LqAlbumAnalysis *album;
  guint n_files;

  g_assert (LQ_IS_WINDOW (self));
  g_assert (LQ_IS_ANALYSIS_JOB (self->job));

  album = lq_analysis_job_get_album (self->job);
  n_files = lq_analysis_job_get_n_files (self->job);

  for (guint i = 0; i < n_files; i++)
    {
      LqTrackAnalysis *track = lq_analysis_job_get_track (self->job, i);

      if (track != NULL)
        {
          double offset = album != NULL ? lq_window_album_offset (album, track) : NAN;

          g_ptr_array_add (items, lq_track_item_new (track, offset));
        }
      else
        {
          const GError *error = lq_analysis_job_get_error (self->job, i);

          if (error != NULL)
            lq_window_toast_file_error (self, lq_analysis_job_get_path (self->job, i), error);
        }
    }

  g_list_store_splice (self->tracks,
                       0, g_list_model_get_n_items (G_LIST_MODEL (self->tracks)),
                       items->pdata, items->len);

  if (items->len == 0)
    {
      lq_window_show_empty (self);
      return;
    }

  lq_window_show_album_summary (self, album);

  {
    g_autofree char *subtitle = NULL;

    subtitle = g_strdup_printf (ngettext ("%u track", "%u tracks", items->len),
                                items->len);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  gtk_stack_set_visible_child_name (self->stack, "tracks");
}

/* The album's measures below the table (@album may be NULL: none). */
static void
lq_window_show_album_summary (LqWindow        *self,
                              LqAlbumAnalysis *album)
{
  if (album != NULL)
    {
      lq_window_set_album_label (self->album_integrated_label,
                                 lq_album_analysis_get_integrated_lufs (album), "LUFS");
      lq_window_set_album_label (self->album_lra_label,
                                 lq_album_analysis_get_lra_lu (album), "LU");
      lq_window_set_album_label (self->album_sample_peak_label,
                                 lq_album_analysis_get_sample_peak_dbfs (album), "dBFS");
      lq_window_set_album_label (self->album_true_peak_label,
                                 lq_album_analysis_get_true_peak_dbtp (album), "dBTP");
    }
  else
    {
      lq_window_set_album_label (self->album_integrated_label, NAN, "LUFS");
      lq_window_set_album_label (self->album_lra_label, NAN, "LU");
      lq_window_set_album_label (self->album_sample_peak_label, NAN, "dBFS");
      lq_window_set_album_label (self->album_true_peak_label, NAN, "dBTP");
    }
  lq_window_set_album_track (self, self->album_loudest_label, self->album_loudest_offset_label,
                             album, album != NULL ? lq_album_analysis_get_loudest (album) : -1);
  lq_window_set_album_track (self, self->album_quietest_label, self->album_quietest_offset_label,
                             album, album != NULL ? lq_album_analysis_get_quietest (album) : -1);
}

static void
lq_window_job_run_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LqAnalysisJob *job = LQ_ANALYSIS_JOB (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert (LQ_IS_WINDOW (self));

  ok = lq_analysis_job_run_finish (job, result, &error);

  /* Superseded by newer files, or the window went away */
  if (job != self->job)
    return;

  lq_window_set_busy (self, FALSE);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_clear_object (&self->cancellable);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lq_window_toast (self, error->message);
      lq_window_show_empty (self);
      return;
    }

  lq_window_show_results (self);
}

static void
lq_window_demo_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *directory = task_data;
  GError *error = NULL;
  char **paths;

  paths = lq_demo_album_ensure (directory, &error);

  if (paths == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, paths, (GDestroyNotify) g_strfreev);
}

static void
lq_window_demo_ready_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LqWindow *self = LQ_WINDOW (object);
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;

  paths = g_task_propagate_pointer (G_TASK (result), &error);

  /* Something else was opened meanwhile, or the window was closed */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  lq_window_set_busy (self, FALSE);

  if (paths == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the reason follows the colon */
      message = g_strdup_printf (_("Could not create the demo album: %s"), error->message);
      lq_window_toast (self, message);
      lq_window_show_empty (self);
      return;
    }

  lq_window_open_paths (self, (const char *const *)paths);
}

static void
lq_window_open_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            gpointer         user_data)
{
  LqWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
      guint n_files = g_list_model_get_n_items (files);

      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      if (array->len > 0)
        {
          g_autoptr(GFile) parent = g_file_get_parent (array->pdata[0]);
          g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;

          if (folder != NULL && self->settings != NULL)
            g_settings_set_string (self->settings, "last-folder", folder);

          lq_window_open_files (self, (GFile **)array->pdata, array->len);
        }
    }

  g_object_unref (dialog);
}

static gboolean
lq_window_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   LqWindow      *self)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (const GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      g_ptr_array_add (array, g_value_get_object (value));
    }

  if (array->len == 0)
    return FALSE;

  if (self->project != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < array->len; i++)
        {
          g_autofree char *path = g_file_get_path (array->pdata[i]);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] == NULL)
        return FALSE;
      lq_window_add_files (self, (const char *const *) paths);
      return TRUE;
    }

  lq_window_open_files (self, (GFile **)array->pdata, array->len);

  return TRUE;
}

typedef void (*LqWindowBindFunc) (GtkSignalListItemFactory *factory,
                                  GtkListItem              *list_item,
                                  LqWindow                 *self);

static void
lq_window_item_notify_cb (LqTrackItem *item,
                          GParamSpec  *pspec,
                          GtkListItem *list_item)
{
  LqWindowBindFunc bind = g_object_get_data (G_OBJECT (list_item), "lq-bind");

  if (gtk_list_item_get_item (list_item) != item)
    {
      /* Recycled for another row meanwhile */
      g_signal_handlers_disconnect_by_func (item, lq_window_item_notify_cb, list_item);
      return;
    }

  bind (g_object_get_data (G_OBJECT (list_item), "lq-factory"),
        list_item,
        g_object_get_data (G_OBJECT (list_item), "lq-window"));
}

/* A project's rows change (a title, the analysis, the position): rebind
 * @list_item with @bind whenever its item notifies. */
static void
lq_window_watch_item (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      LqWindow                 *self,
                      LqWindowBindFunc          bind)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  LqTrackItem *watched = g_object_get_data (G_OBJECT (list_item), "lq-item");

  if (item == watched)
    return;

  if (watched != NULL)
    g_signal_handlers_disconnect_by_func (watched, lq_window_item_notify_cb, list_item);

  /* Only a project's items change */
  if (item == NULL || lq_track_item_get_track (item) == NULL)
    {
      g_object_set_data (G_OBJECT (list_item), "lq-item", NULL);
      return;
    }

  g_object_set_data (G_OBJECT (list_item), "lq-bind", bind);
  g_object_set_data (G_OBJECT (list_item), "lq-factory", factory);
  g_object_set_data (G_OBJECT (list_item), "lq-window", self);
  g_object_set_data_full (G_OBJECT (list_item), "lq-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (item, "notify", G_CALLBACK (lq_window_item_notify_cb), list_item, 0);
}

static gboolean
lq_window_track_drop_cb (GtkDropTarget *target,
                         const GValue  *value,
                         double         x,
                         double         y,
                         GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  LqWindow *self = LQ_WINDOW (gtk_widget_get_root (widget));
  LqTrackItem *dragged = g_value_get_object (value);
  LqTrackItem *onto = gtk_list_item_get_item (list_item);

  if (!LQ_IS_TRACK_ITEM (dragged) || onto == NULL)
    return FALSE;

  return _lq_window_drop_track (self, dragged, onto);
}

static GdkContentProvider *
lq_window_track_drag_prepare_cb (GtkDragSource *source,
                                 double         x,
                                 double         y,
                                 GtkListItem   *list_item)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  /* Loose files have no order to change */
  if (item == NULL || lq_track_item_get_track (item) == NULL)
    return NULL;

  return gdk_content_provider_new_typed (LQ_TYPE_TRACK_ITEM, item);
}

static void
lq_window_track_drag_begin_cb (GtkDragSource *source,
                               GdkDrag       *drag,
                               GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

/* Rows of a project are dragged, and dropped on, by their number and name. */
static void
lq_window_add_row_dnd (GtkWidget   *widget,
                       GtkListItem *list_item)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (LQ_TYPE_TRACK_ITEM, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (lq_window_track_drag_prepare_cb), list_item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (lq_window_track_drag_begin_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));

  g_signal_connect (target, "drop", G_CALLBACK (lq_window_track_drop_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  gtk_widget_add_css_class (widget, "track-drop");
}

static void
lq_window_position_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *list_item,
                             LqWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "position");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
  lq_window_add_row_dnd (label, list_item);
}

static void
lq_window_position_bind_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *list_item,
                            LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), lq_track_item_get_position (item));
  lq_window_watch_item (factory, list_item, self, lq_window_position_bind_cb);
}

static void
lq_window_status_setup_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           LqWindow                 *self)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_add_css_class (image, "status");
  gtk_list_item_set_child (list_item, image);
}

static void
lq_window_status_bind_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *image = gtk_list_item_get_child (list_item);
  LqTrack *track = lq_track_item_get_track (item);
  LqTrackStatus status = track != NULL ? lq_track_get_status (track) : LQ_TRACK_STATUS_OK;
  g_autofree char *why = NULL;

  if (status == LQ_TRACK_STATUS_MISSING)
    /* Translators: the tooltip of a track whose source file is gone */
    why = g_strdup_printf (_("File missing: %s"), lq_track_get_path (track));
  else if (status == LQ_TRACK_STATUS_CHANGED)
    why = g_strdup (_("File changed since it was added"));

  gtk_image_set_from_icon_name (GTK_IMAGE (image), why != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_widget_set_tooltip_text (image, why);
  if (why != NULL)
    {
      gtk_widget_add_css_class (image, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, why,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (image, "warning");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }

  lq_window_watch_item (factory, list_item, self, lq_window_status_bind_cb);
}

static void
lq_window_name_setup_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         LqWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Readable however many columns follow (the table scrolls sideways),
   * and no wider than a long name needs */
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (label, "track-name");
  gtk_list_item_set_child (list_item, label);
  lq_window_add_row_dnd (label, list_item);
}

static void
lq_window_name_bind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *name = lq_track_item_get_name (item);
  GtkWidget *cell;
  GtkWidget *row;

  gtk_label_set_text (GTK_LABEL (label), name);
  gtk_widget_set_tooltip_text (label, lq_track_item_get_path (item));

  /* GTK 4.8 has no API for a column view row (GtkColumnViewRow is 4.12):
   * name the row widget, the cell's parent, after its track so that
   * assistive technologies read "Track 1" rather than a type name. */
  cell = gtk_widget_get_parent (label);
  row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  if (row != NULL && GTK_IS_ACCESSIBLE (row))
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);

  lq_window_watch_item (factory, list_item, self, lq_window_name_bind_cb);
}

static void
lq_window_numeric_setup_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *list_item,
                            LqWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

/* A cell that can call for attention: @css_class names the measure (as the
 * builder-made cells are named), @warning tells why it is flagged, or is
 * NULL. The reason is the tooltip, and for assistive technologies the
 * cell's description, so that the flag is not colour alone. Rows are
 * recycled: every bind sets or clears all of it. */
static void
lq_window_bind_flagged_cell (GtkListItem *list_item,
                             const char  *css_class,
                             const char  *text,
                             const char  *warning)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_widget_add_css_class (label, css_class);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, warning);

  if (warning != NULL)
    {
      gtk_widget_add_css_class (label, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, warning,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (label, "warning");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
lq_window_dc_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_window_bind_flagged_cell (list_item, "dc", lq_track_item_get_dc (item),
                               lq_track_item_get_dc_warning (item)
                               ? _("DC offset above −40 dB") : NULL);

  lq_window_watch_item (factory, list_item, self, lq_window_dc_bind_cb);
}

static void
lq_window_correlation_bind_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *list_item,
                               LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_window_bind_flagged_cell (list_item, "correlation", lq_track_item_get_correlation (item),
                               lq_track_item_get_correlation_warning (item)
                               ? _("Negative correlation: phase problems, the mix may collapse in mono")
                               : NULL);

  lq_window_watch_item (factory, list_item, self, lq_window_correlation_bind_cb);
}

static void
lq_window_clips_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         LqWindow                 *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_window_bind_flagged_cell (list_item, "clips", lq_track_item_get_clips (item),
                               lq_track_item_get_clips_warning (item)
                               ? _("Clipped samples: runs of 3 or more full-scale samples")
                               : NULL);

  lq_window_watch_item (factory, list_item, self, lq_window_clips_bind_cb);
}

/* GTK 4.8 puts every column title at the start. Numbers are right-aligned
 * and so should their titles be: the titles are labels in the column view's
 * first child, the header row, one a column in order. Titles are a measure
 * over its unit, as lacquer-cli heads its table; those without a unit line
 * up with the others' first line. */
static void
lq_window_align_column_titles (LqWindow *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint column = 0;

  if (header == NULL)
    return;

  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL;
       title = gtk_widget_get_next_sibling (title), column++)
    {
      g_autoptr(GtkColumnViewColumn) view_column = g_list_model_get_item (columns, column);
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

      if (!GTK_IS_LABEL (label))
        continue;

      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_label_set_yalign (GTK_LABEL (label), 0.0f);

      /* The columns of text, the track's name and its format, stay at the start */
      if (view_column != self->name_column && view_column != self->format_column)
        {
          gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
          gtk_widget_set_hexpand (label, TRUE);
        }
    }
}

static void
lq_window_load_settings (LqWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
lq_window_save_settings (LqWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

/* The folder the last files were opened from, or else the music folder. */
static GFile *
lq_window_dup_open_folder (LqWindow *self)
{
  g_autofree char *last = NULL;
  const char *music;

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-folder");
  if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);

  music = g_get_user_special_dir (G_USER_DIRECTORY_MUSIC);
  if (music != NULL && g_file_test (music, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (music);

  return NULL;
}

static void
lq_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  g_autoptr(GFile) folder = NULL;
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open Audio Files"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  folder = lq_window_dup_open_folder (self);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Audio Files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  lq_window_open_demo (LQ_WINDOW (widget));
}

/* Album projects ------------------------------------------------------------ */

static char *
lq_window_with_suffix (const char *path)
{
  if (g_str_has_suffix (path, LQ_PROJECT_SUFFIX))
    return g_strdup (path);

  return g_strconcat (path, LQ_PROJECT_SUFFIX, NULL);
}

/* Why a project could not be opened or made, in words, from the model's
 * error. */
static char *
lq_window_project_error_body (const GError *error)
{
  if (error->domain == LQ_ERROR)
    {
      switch (error->code)
        {
        case LQ_ERROR_LOCKED:
          return g_strdup (_("It is open for writing in another Lacquer. Close it there, then try again."));
        case LQ_ERROR_NEWER_FORMAT:
          return g_strdup (_("It was saved by a newer version of Lacquer. Update Lacquer to open it."));
        case LQ_ERROR_NOT_PROJECT:
          return g_strdup (_("It is not a Lacquer album project."));
        case LQ_ERROR_CORRUPT:
          return g_strdup_printf ("%s\n\n%s", _("The file is damaged."), error->message);
        case LQ_ERROR_NOT_FOUND:
          return g_strdup (_("The file does not exist."));
        case LQ_ERROR_EXISTS:
          return g_strdup (_("A file of that name already exists."));
        case LQ_ERROR_READ_ONLY:
          return g_strdup_printf ("%s\n\n%s", _("The file or its folder cannot be written."), error->message);
        default:
          break;
        }
    }

  return g_strdup (error->message);
}

static void
lq_window_show_error (LqWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));

  g_free (self->last_error);
  self->last_error = g_strdup_printf ("%s\n%s", heading, body);
}

typedef enum
{
  PROJECT_OPEN,
  PROJECT_CREATE,
  PROJECT_SAVE,
} ProjectVerb;

static void
lq_window_show_project_error (LqWindow     *self,
                              ProjectVerb   verb,
                              const char   *path,
                              const GError *error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *heading = NULL;
  g_autofree char *body = lq_window_project_error_body (error);

  switch (verb)
    {
    case PROJECT_OPEN:
      heading = g_strdup_printf (_("Cannot Open “%s”"), name);
      break;
    case PROJECT_CREATE:
      heading = g_strdup_printf (_("Cannot Create “%s”"), name);
      break;
    case PROJECT_SAVE:
    default:
      heading = g_strdup_printf (_("Cannot Save “%s”"), name);
      break;
    }

  lq_window_show_error (self, heading, body);
}

static void
lq_window_add_recent (LqWindow   *self,
                      const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *name = lq_project_display_name (path);
  GtkRecentData data = {
    .display_name = name,
    .mime_type = (char *) PROJECT_MIME_TYPE,
    .app_name = (char *) "Lacquer",
    .app_exec = (char *) "lacquer %u",
  };

  if (uri != NULL)
    gtk_recent_manager_add_full (self->recent_manager, uri, &data);
}

static int
lq_window_compare_recent (gconstpointer a,
                          gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* The start page's list: the last projects used that still exist. */
static void
lq_window_update_recent (LqWindow *self)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (self->recent_manager);
  GtkWidget *child;
  guint n_shown = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), PROJECT_MIME_TYPE) == 0
          || g_str_has_suffix (uri, LQ_PROJECT_SUFFIX))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, lq_window_compare_recent);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < infos->len && n_shown < MAX_RECENT; i++)
    {
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (infos->pdata[i]), NULL, NULL);
      g_autofree char *name = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *shown_folder = NULL;
      GtkWidget *row;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      name = lq_project_display_name (path);
      folder = g_path_get_dirname (path);
      shown_folder = lq_display_path (folder);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_folder);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-optical-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", path);
      gtk_widget_set_tooltip_text (row, path);
      gtk_list_box_append (self->recent_list, row);
      n_shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n_shown > 0);
}

static void
lq_window_update_title (LqWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (self->project == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Lacquer"));
      gtk_window_set_title (GTK_WINDOW (self), _("Lacquer"));
      return;
    }

  title = lq_project_dup_title (self->project);
  subtitle = lq_display_path (lq_project_get_path (self->project));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* The selected row's position (0-based), or GTK_INVALID_LIST_POSITION. */
static guint
lq_window_selected_position (LqWindow *self)
{
  if (self->project == NULL)
    return GTK_INVALID_LIST_POSITION;

  return gtk_single_selection_get_selected (self->selection);
}

static void
lq_window_update_actions (LqWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean project = self->project != NULL;
  gboolean writable = project && !lq_project_get_read_only (self->project);
  guint selected = lq_window_selected_position (self);
  guint n_tracks = project ? lq_project_get_n_tracks (self->project) : 0;
  LqTrack *track = selected != GTK_INVALID_LIST_POSITION && project
                   ? lq_project_get_track (self->project, selected + 1) : NULL;
  gboolean has_selection = track != NULL;

  gtk_widget_action_set_enabled (widget, "win.save-as", project);
  gtk_widget_action_set_enabled (widget, "win.add-files", writable);
  gtk_widget_action_set_enabled (widget, "win.undo", writable && lq_project_can_undo (self->project));
  gtk_widget_action_set_enabled (widget, "win.redo", writable && lq_project_can_redo (self->project));
  gtk_widget_action_set_enabled (widget, "win.move-up", writable && has_selection && selected > 0);
  gtk_widget_action_set_enabled (widget, "win.move-down", writable && has_selection && selected + 1 < n_tracks);
  gtk_widget_action_set_enabled (widget, "win.remove-track", writable && has_selection);
  gtk_widget_action_set_enabled (widget, "win.relink-track",
                                 writable && has_selection && lq_track_get_status (track) != LQ_TRACK_STATUS_OK);
  gtk_widget_action_set_enabled (widget, "win.find-moved-files", writable && !self->busy);
  gtk_widget_action_set_enabled (widget, "win.toggle-details", project);
  gtk_widget_action_set_enabled (widget, "win.show-inspector", project);
  gtk_widget_action_set_enabled (widget, "win.toggle-loudness", project);
  gtk_widget_action_set_enabled (widget, "win.match", writable && n_tracks > 0);
  gtk_widget_action_set_enabled (widget, "win.export", project && n_tracks > 0);

  if (project)
    {
      const char *undo = lq_project_get_undo_label (self->project);
      const char *redo = lq_project_get_redo_label (self->project);
      /* Translators: the undo button's tooltip: "Undo Move Track 3 to 1" */
      g_autofree char *undo_tip = undo != NULL ? g_strdup_printf (_("Undo %s"), undo) : g_strdup (_("Undo"));
      /* Translators: the redo button's tooltip: "Redo Move Track 3 to 1" */
      g_autofree char *redo_tip = redo != NULL ? g_strdup_printf (_("Redo %s"), redo) : g_strdup (_("Redo"));

      gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
      gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
    }
}

static double
lq_window_album_offset (LqAlbumAnalysis *album,
                        LqTrackAnalysis *track);

/* The loudness chart and what its caption says about the match. */
static void
lq_window_update_loudness (LqWindow *self)
{
  LqProjectMatch match = { 0 };
  g_autofree char *caption = NULL;
  gboolean outdated;

  lq_loudness_chart_set_project (self->loudness_chart, self->project);
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_selected_position (self));
  outdated = lq_loudness_chart_get_outdated (self->loudness_chart);

  if (self->project == NULL)
    return;

  if (outdated)
    caption = g_strdup (_("Gains changed since the album was matched: match it again to reach the target"));
  else if (lq_project_get_match (self->project, &match))
    {
      const GValue *value = lq_project_get_album_value (self->project, lq_project_fields_lookup (TRUE, "target"));
      const char *target = value != NULL && G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
      g_autofree char *described = target != NULL ? lq_target_describe (target) : NULL;

      /* Translators: the loudness chart's caption; the target and its numbers follow */
      caption = g_strdup_printf (_("Before and after the match to %s"), described != NULL ? described : "—");
    }
  else
    caption = g_strdup (_("As measured, with the tracks’ gains. Match Loudness plans the gains for a delivery target."));
  lq_project_match_clear (&match);

  gtk_label_set_text (self->loudness_caption, caption);
  if (outdated)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->loudness_caption), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->loudness_caption), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->loudness_caption), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->loudness_caption), "dim-label");
    }
}

/* Brings the rows, the album's measures, the title and the actions in step
 * with the project. */
static gboolean
lq_window_refresh_cb (gpointer user_data)
{
  LqWindow *self = user_data;
  g_autoptr(LqAlbumAnalysis) album = NULL;
  guint n_items;

  self->refresh_id = 0;
  if (self->project == NULL)
    return G_SOURCE_REMOVE;

  album = lq_project_get_album_analysis (self->project);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->project_items));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LqTrackItem) item = g_list_model_get_item (G_LIST_MODEL (self->project_items), i);
      LqTrackAnalysis *analysis = lq_track_get_analysis (lq_track_item_get_track (item));

      lq_track_item_update (item, analysis != NULL ? lq_window_album_offset (album, analysis) : NAN);
    }

  lq_window_show_album_summary (self, lq_album_analysis_get_n_tracks (album) > 0 ? album : NULL);
  lq_window_update_loudness (self);
  lq_window_update_title (self);
  lq_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
lq_window_queue_refresh (LqWindow *self)
{
  /* Before the next layout and paint (GTK's are at G_PRIORITY_HIGH_IDLE + 10, + 20) */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, lq_window_refresh_cb, self, NULL);
}

/* The rows follow the project's track list: one LqTrackItem per LqTrack,
 * kept for as long as the project is open, so that a row keeps its
 * selection when tracks move. */
static void
lq_window_project_tracks_changed_cb (GListModel *tracks,
                                     guint       position,
                                     guint       removed,
                                     guint       added,
                                     LqWindow   *self)
{
  guint n_tracks = g_list_model_get_n_items (tracks);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_tracks, g_object_unref);

  for (guint i = 0; i < n_tracks; i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);
      LqTrackItem *item = g_hash_table_lookup (self->items_by_track, track);

      if (item == NULL)
        {
          item = lq_track_item_new_for_track (track);
          g_hash_table_insert (self->items_by_track, g_object_ref (track), item);
          g_signal_connect_object (track, "notify", G_CALLBACK (lq_window_queue_refresh), self,
                                   G_CONNECT_SWAPPED);
        }
      g_ptr_array_add (items, g_object_ref (item));
    }

  g_list_store_splice (self->project_items, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->project_items)),
                       items->pdata, items->len);
  lq_window_queue_refresh (self);
}

static void
lq_window_project_notify_cb (LqWindow   *self,
                             GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "analysis-progress"))
    return;

  lq_window_queue_refresh (self);
}

static void lq_window_analyze (LqWindow *self);

static void
lq_window_project_job_begin (LqWindow *self)
{
  self->n_project_jobs++;
  gtk_revealer_set_reveal_child (self->project_progress_revealer, TRUE);
  lq_window_set_busy (self, TRUE);
}

static void
lq_window_project_job_end (LqWindow *self)
{
  g_assert (self->n_project_jobs > 0);

  if (--self->n_project_jobs > 0)
    return;

  gtk_revealer_set_reveal_child (self->project_progress_revealer, FALSE);
  lq_window_set_busy (self, FALSE);
}

static void
lq_window_analyze_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  lq_project_analyze_finish (project, result, &error);
  if (project != self->project)
    return;

  self->analysing = FALSE;
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_toast (self, error->message);

  if (self->analyse_again && error == NULL)
    {
      self->analyse_again = FALSE;
      lq_window_analyze (self);
    }
  lq_window_project_job_end (self);
  lq_window_queue_refresh (self);
}

/* Measures the tracks that have no analysis yet, on worker threads. */
static void
lq_window_analyze (LqWindow *self)
{
  if (self->project == NULL || lq_project_get_read_only (self->project))
    return;

  if (self->analysing)
    {
      /* What is added meanwhile is measured next */
      self->analyse_again = TRUE;
      return;
    }

  self->analysing = TRUE;
  lq_window_project_job_begin (self);
  lq_project_analyze_async (self->project,
                            self->settings != NULL ? g_settings_get_uint (self->settings, "analysis-jobs") : 0,
                            self->project_cancellable,
                            lq_window_analyze_cb,
                            g_object_ref (self));
}

static gboolean
lq_window_needs_analysis (LqWindow *self)
{
  for (guint p = 1; p <= lq_project_get_n_tracks (self->project); p++)
    {
      LqTrack *track = lq_project_get_track (self->project, p);

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK && lq_track_get_analysis (track) == NULL)
        return TRUE;
    }

  return FALSE;
}

/* The Match and Export dialogs belong to the project shown: they go with it
 * (an export in progress is cancelled). */
static void
lq_window_close_dialogs (LqWindow *self)
{
  if (self->match_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (self->match_dialog);

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->match_dialog);
      self->match_dialog = NULL;
      gtk_window_destroy (dialog);
    }
  if (self->export_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (self->export_dialog);

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_dialog);
      self->export_dialog = NULL;
      lq_export_dialog_cancel (LQ_EXPORT_DIALOG (dialog));
      gtk_window_destroy (dialog);
    }
}

static void
lq_window_forget_project (LqWindow *self)
{
  GHashTableIter iter;
  gpointer track;

  if (self->project == NULL)
    return;

  g_cancellable_cancel (self->project_cancellable);
  g_clear_object (&self->project_cancellable);
  g_clear_pointer (&self->project_progress_binding, g_binding_unbind);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->project, self);
  g_signal_handlers_disconnect_by_data (lq_project_get_tracks (self->project), self);

  g_hash_table_iter_init (&iter, self->items_by_track);
  while (g_hash_table_iter_next (&iter, &track, NULL))
    g_signal_handlers_disconnect_by_data (track, self);
  g_hash_table_remove_all (self->items_by_track);

  g_list_store_remove_all (self->project_items);
  lq_edit_pane_set_project (self->edit_pane, NULL);
  lq_window_close_dialogs (self);
  g_clear_object (&self->project);
  lq_loudness_chart_set_project (self->loudness_chart, NULL);

  self->analysing = FALSE;
  self->analyse_again = FALSE;
  if (self->n_project_jobs > 0)
    {
      self->n_project_jobs = 1;
      lq_window_project_job_end (self);
    }
}

/* Shows @project (NULL: back to loose files), which the window then owns. */
static void
lq_window_set_project (LqWindow  *self,
                       LqProject *project)
{
  gboolean has_project = project != NULL;

  if (self->project == project)
    return;

  lq_window_forget_project (self);

  gtk_column_view_column_set_visible (self->position_column, has_project);
  gtk_column_view_column_set_visible (self->status_column, has_project);
  gtk_widget_set_visible (self->open_button, !has_project);
  gtk_widget_set_visible (self->add_button, has_project);
  gtk_widget_set_visible (self->undo_box, has_project);
  gtk_widget_set_visible (self->edit_pane_button, has_project);
  gtk_widget_set_visible (self->export_button, has_project);
  gtk_widget_set_visible (self->loudness_revealer, has_project);
  adw_flap_set_reveal_flap (self->flap, has_project && self->details_visible);
  gtk_column_view_set_reorderable (self->column_view, FALSE);

  if (!has_project)
    {
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tracks));
      lq_window_update_title (self);
      lq_window_update_actions (self);
      return;
    }

  /* A project replaces whatever loose files were shown */
  lq_window_cancel (self);
  lq_window_set_busy (self, FALSE);
  g_list_store_remove_all (self->tracks);

  self->project = project;
  self->project_cancellable = g_cancellable_new ();
  g_signal_connect_object (project, "notify", G_CALLBACK (lq_window_project_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (lq_project_get_tracks (project), "items-changed",
                           G_CALLBACK (lq_window_project_tracks_changed_cb), self, 0);
  self->project_progress_binding = g_object_bind_property (project, "analysis-progress",
                                                           self->project_progress_bar, "fraction",
                                                           G_BINDING_SYNC_CREATE);
  lq_window_project_tracks_changed_cb (lq_project_get_tracks (project), 0, 0, 0, self);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->project_items));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  lq_edit_pane_set_project (self->edit_pane, project);

  lq_window_add_recent (self, lq_project_get_path (project));
  gtk_stack_set_visible_child_name (self->stack, "tracks");
  lq_window_refresh_cb (self);

  if (lq_window_needs_analysis (self))
    lq_window_analyze (self);
}

static void
lq_window_selection_cb (LqWindow *self)
{
  LqTrackItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (self->project != NULL)
    lq_edit_pane_set_track (self->edit_pane, item != NULL ? lq_track_item_get_track (item) : NULL);
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_selected_position (self));
  lq_window_update_actions (self);
}

/* A click on a track's column in the chart selects its row. */
static void
lq_window_chart_track_activated_cb (LqWindow *self,
                                    guint     index)
{
  if (self->project != NULL && index < g_list_model_get_n_items (G_LIST_MODEL (self->project_items)))
    gtk_single_selection_set_selected (self->selection, index);
}

static void
lq_window_edit_failed_cb (LqWindow   *self,
                          const char *message)
{
  lq_window_toast (self, message);
}

static void
lq_window_add_files_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = lq_project_add_files_finish (project, result, &error);
  if (project != self->project)
    return;

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_toast (self, error->message);
  if (ok)
    lq_window_analyze (self);
  lq_window_project_job_end (self);
}

static void
lq_window_relink_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = lq_project_relink_finish (project, result, &error);
  if (project != self->project)
    return;

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_toast (self, error->message);
  if (ok)
    lq_window_analyze (self);
  lq_window_project_job_end (self);
}

static GtkFileFilter *
lq_window_project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Lacquer Albums"));
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  gtk_file_filter_add_pattern (filter, "*" LQ_PROJECT_SUFFIX);

  return filter;
}

static void
lq_window_add_audio_filters (GtkFileChooser *chooser)
{
  GtkFileFilter *filter;

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Audio Files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static GtkFileChooserNative *
lq_window_file_chooser_new (LqWindow             *self,
                            const char           *title,
                            GtkFileChooserAction  action,
                            const char           *accept)
{
  GtkFileChooserNative *native;
  g_autoptr(GFile) folder = NULL;

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  if (self->project != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (lq_project_get_path (self->project));

      folder = g_file_new_for_path (dir);
    }
  else
    folder = lq_window_dup_open_folder (self);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  return native;
}

/* The local paths a chooser returned (NULL-terminated), or NULL. */
static GStrv
lq_window_chooser_dup_paths (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (chooser);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_files = g_list_model_get_n_items (files);
  guint n_paths = 0;

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_strv_builder_add (builder, path);
          n_paths++;
        }
    }

  return n_paths > 0 ? g_strv_builder_end (builder) : NULL;
}

static void
lq_window_new_project_response_cb (GtkNativeDialog *dialog,
                                   int              response,
                                   LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    chosen = g_file_get_path (file);
  g_object_unref (dialog);

  if (chosen == NULL)
    return;

  /* The chooser asked before replacing the file it names, not another */
  if (g_str_has_suffix (chosen, LQ_PROJECT_SUFFIX) && g_file_test (chosen, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LqProject) old = lq_project_open (chosen, FALSE, &error);

      /* Never pull a project from under another Lacquer */
      if (g_error_matches (error, LQ_ERROR, LQ_ERROR_LOCKED))
        {
          lq_window_show_project_error (self, PROJECT_CREATE, chosen, error);
          return;
        }
      if (old != NULL && old == self->project)
        return;
      g_clear_object (&old);
      g_unlink (chosen);
    }

  lq_window_new_project (self, chosen);
}

static void
lq_window_open_project_response_cb (GtkNativeDialog *dialog,
                                    int              response,
                                    LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    lq_window_open_project (self, paths[0]);
}

static void
lq_window_save_as_response_cb (GtkNativeDialog *dialog,
                               int              response,
                               LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) copy = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    chosen = g_file_get_path (file);
  g_object_unref (dialog);

  if (chosen == NULL || self->project == NULL)
    return;

  path = lq_window_with_suffix (chosen);
  if (g_strcmp0 (path, chosen) != 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_EXISTS, "%s", path);
      lq_window_show_project_error (self, PROJECT_SAVE, path, error);
      return;
    }

  if (!_lq_window_save_as (self, path, &error))
    lq_window_show_project_error (self, PROJECT_SAVE, path, error);
}

static void
lq_window_add_files_response_cb (GtkNativeDialog *dialog,
                                 int              response,
                                 LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    lq_window_add_files (self, (const char *const *) paths);
}

static void
lq_window_relink_response_cb (GtkNativeDialog *dialog,
                              int              response,
                              LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "lq-position"));

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    _lq_window_relink (self, position, paths[0]);
}

typedef struct
{
  LqWindow *self;
  LqProject *project;
  char *folder;
} FindMovedData;

static void
find_moved_data_free (FindMovedData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->project);
  g_free (data->folder);
  g_free (data);
}

/* The search reads and hashes on a worker; the relinks are committed here. */
static void
lq_window_find_moved_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FindMovedData *data = user_data;
  LqWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  int n = lq_project_relink_search_finish (LQ_PROJECT (object), result, &error);

  if (data->project == self->project)
    {
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
      lq_window_project_job_end (self);

      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            lq_window_toast (self, error->message);
        }
      else if (n == 0)
        lq_window_toast (self, _("No moved files found there"));
      else
        {
          g_autofree char *message = g_strdup_printf (ngettext ("Found %d moved file",
                                                                "Found %d moved files", n), n);
          lq_window_toast (self, message);
          lq_window_analyze (self);
        }
    }

  find_moved_data_free (data);
}

static void
lq_window_find_moved_response_cb (GtkNativeDialog *dialog,
                                  int              response,
                                  LqWindow        *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  FindMovedData *data;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (folder != NULL)
    path = g_file_get_path (folder);
  g_object_unref (dialog);

  if (path == NULL || self->project == NULL)
    return;

  data = g_new0 (FindMovedData, 1);
  data->self = g_object_ref (self);
  data->project = g_object_ref (self->project);
  data->folder = g_steal_pointer (&path);

  lq_window_project_job_begin (self);
  gtk_progress_bar_pulse (self->project_progress_bar);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "progress");
  lq_project_relink_search_async (data->project, data->folder, self->project_cancellable,
                                  lq_window_find_moved_cb, data);
}

static void
lq_window_new_project_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = lq_window_file_chooser_new (self, _("New Album"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled Album.lacquer"));
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_new_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_project_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = lq_window_file_chooser_new (self, _("Open Album"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_open_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  lq_window_open_project (LQ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
lq_window_save_as_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;
  g_autofree char *name = NULL;

  if (self->project == NULL)
    return;

  native = lq_window_file_chooser_new (self, _("Save Album As"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  name = g_path_get_basename (lq_project_get_path (self->project));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_add_files_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Add Files"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  lq_window_add_audio_filters (GTK_FILE_CHOOSER (native));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_add_files_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_undo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->project == NULL)
    return;

  if (g_str_equal (action_name, "win.undo"))
    ok = lq_project_undo (self->project, &error);
  else
    ok = lq_project_redo (self->project, &error);

  if (!ok)
    lq_window_toast (self, error->message);
  lq_window_update_actions (self);
}

static void
lq_window_move_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_selected_position (self);
  g_autoptr(GError) error = NULL;
  guint to;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  /* 1-based positions */
  to = g_str_equal (action_name, "win.move-up") ? selected : selected + 2;
  if (to < 1 || to > lq_project_get_n_tracks (self->project))
    return;

  if (!lq_project_move_track (self->project, selected + 1, to, &error))
    lq_window_toast (self, error->message);
}

static void
lq_window_remove_track_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_selected_position (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  name = g_strdup (lq_track_get_display_name (lq_project_get_track (self->project, selected + 1)));
  if (!lq_project_remove_track (self->project, selected + 1, &error))
    {
      lq_window_toast (self, error->message);
      return;
    }

  /* Translators: a toast after a track was removed from the album */
  message = g_strdup_printf (_("“%s” removed"), name);
  lq_window_add_toast (self, message, TRUE);
}

static void
lq_window_relink_track_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_selected_position (self);
  GtkFileChooserNative *native;
  LqTrack *track;
  g_autofree char *title = NULL;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  track = lq_project_get_track (self->project, selected + 1);
  /* Translators: the title of the file chooser that relinks a track */
  title = g_strdup_printf (_("Relink “%s”"), lq_track_get_display_name (track));
  native = lq_window_file_chooser_new (self, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Relink"));
  lq_window_add_audio_filters (GTK_FILE_CHOOSER (native));
  g_object_set_data (G_OBJECT (native), "lq-position", GUINT_TO_POINTER (selected + 1));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_relink_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_find_moved_files_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Find Moved Files In"),
                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Search"));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_find_moved_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_match_applied_cb (LqWindow   *self,
                            const char *label)
{
  /* Translators: a toast after the album was matched; what undo reverts follows */
  g_autofree char *message = g_strdup_printf (_("Done: %s"), label != NULL ? label : _("Match"));

  lq_window_add_toast (self, message, TRUE);
}

static void
lq_window_match_analyze_cb (LqWindow *self)
{
  lq_window_analyze (self);
}

static void
lq_window_match_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);

  if (self->project == NULL)
    return;

  if (self->match_dialog == NULL)
    {
      self->match_dialog = lq_match_dialog_new (GTK_WINDOW (self), self->project);
      g_object_add_weak_pointer (G_OBJECT (self->match_dialog), (gpointer *) &self->match_dialog);
      g_signal_connect_object (self->match_dialog, "applied", G_CALLBACK (lq_window_match_applied_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->match_dialog, "analyze-requested", G_CALLBACK (lq_window_match_analyze_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->match_dialog));
}

static void
lq_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);

  if (self->project == NULL)
    return;

  if (self->export_dialog == NULL)
    {
      self->export_dialog = lq_export_dialog_new (GTK_WINDOW (self), self->project);
      g_object_add_weak_pointer (G_OBJECT (self->export_dialog), (gpointer *) &self->export_dialog);
    }
  gtk_window_present (GTK_WINDOW (self->export_dialog));
}

/* Ctrl+I: the chain in the details pane, or away again. */
static void
lq_window_show_inspector_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);

  if (self->project == NULL)
    return;

  if (self->details_visible && g_strcmp0 (lq_edit_pane_get_page (self->edit_pane), "chain") == 0)
    {
      g_object_set (self, "details-visible", FALSE, NULL);
      return;
    }

  lq_edit_pane_set_page (self->edit_pane, "chain");
  g_object_set (self, "details-visible", TRUE, NULL);
}

static void
lq_window_recent_changed_cb (LqWindow *self)
{
  lq_window_update_recent (self);
}

static gboolean
lq_window_close_request (GtkWindow *window)
{
  lq_window_save_settings (LQ_WINDOW (window));

  return GTK_WINDOW_CLASS (lq_window_parent_class)->close_request (window);
}

static void
lq_window_dispose (GObject *object)
{
  LqWindow *self = (LqWindow *)object;

  lq_window_cancel (self);
  lq_window_forget_project (self);
  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  g_clear_object (&self->recent_manager);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_WINDOW);

  G_OBJECT_CLASS (lq_window_parent_class)->dispose (object);
}

static void
lq_window_finalize (GObject *object)
{
  LqWindow *self = (LqWindow *)object;

  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_object (&self->project_items);
  g_clear_pointer (&self->items_by_track, g_hash_table_unref);

  G_OBJECT_CLASS (lq_window_parent_class)->finalize (object);
}

static void
lq_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LqWindow *self = LQ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_DETAILS_VISIBLE:
      g_value_set_boolean (value, self->details_visible);
      break;

    case PROP_LOUDNESS_VISIBLE:
      g_value_set_boolean (value, self->loudness_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LqWindow *self = LQ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DETAILS_VISIBLE:
      if (self->details_visible != g_value_get_boolean (value))
        {
          self->details_visible = g_value_get_boolean (value);
          adw_flap_set_reveal_flap (self->flap, self->details_visible && self->project != NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_LOUDNESS_VISIBLE:
      if (self->loudness_visible != g_value_get_boolean (value))
        {
          self->loudness_visible = g_value_get_boolean (value);
          gtk_revealer_set_reveal_child (GTK_REVEALER (self->loudness_revealer), self->loudness_visible);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_window_class_init (LqWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lq_window_dispose;
  object_class->finalize = lq_window_finalize;
  object_class->get_property = lq_window_get_property;
  object_class->set_property = lq_window_set_property;

  window_class->close_request = lq_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The details pane (track and album metadata) of a project */
  properties[PROP_DETAILS_VISIBLE] =
    g_param_spec_boolean ("details-visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The loudness chart of a project */
  properties[PROP_LOUDNESS_VISIBLE] =
    g_param_spec_boolean ("loudness-visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* liblq-ui is a static library: referring to the resources here links
   * them in (and registers them) wherever the window is used. */
  g_assert (lq_get_resource () != NULL);

  g_type_ensure (LQ_TYPE_TRACK_ITEM);
  g_type_ensure (LQ_TYPE_EDIT_PANE);
  g_type_ensure (LQ_TYPE_LOUDNESS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LqWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, edit_pane_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, edit_pane);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, project_progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, project_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, position_column);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, format_column);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, tracks);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_integrated_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_lra_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_sample_peak_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_true_peak_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_loudest_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_loudest_offset_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_quietest_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_quietest_offset_label);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_caption);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_chart);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_position_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_position_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_status_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_selection_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_edit_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_chart_track_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_name_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_numeric_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_dc_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_correlation_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_clips_bind_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lq_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, lq_window_open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, lq_window_new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, lq_window_open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", lq_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, lq_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.add-files", NULL, lq_window_add_files_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, lq_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, lq_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.move-up", NULL, lq_window_move_action);
  gtk_widget_class_install_action (widget_class, "win.move-down", NULL, lq_window_move_action);
  gtk_widget_class_install_action (widget_class, "win.remove-track", NULL, lq_window_remove_track_action);
  gtk_widget_class_install_action (widget_class, "win.relink-track", NULL, lq_window_relink_track_action);
  gtk_widget_class_install_action (widget_class, "win.find-moved-files", NULL,
                                   lq_window_find_moved_files_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "details-visible");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-loudness", "loudness-visible");
  gtk_widget_class_install_action (widget_class, "win.show-inspector", NULL, lq_window_show_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.match", NULL, lq_window_match_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, lq_window_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove-track", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-details", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.show-inspector", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.toggle-loudness", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

/* Back from the file manager: sources may have moved or changed meanwhile. */
static void
lq_window_is_active_cb (LqWindow *self,
                        GParamSpec *pspec,
                        gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->project == NULL)
    return;
  if (!lq_project_check_sources (self->project, &error))
    g_debug ("Checking the sources: %s", error->message);
}

static void
lq_window_init (LqWindow *self)
{
  GtkDropTarget *drop_target;

  self->details_visible = TRUE;
  self->loudness_visible = TRUE;
  self->project_items = g_list_store_new (LQ_TYPE_TRACK_ITEM);
  self->items_by_track = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  lq_a11y_name_buttons_by_content (GTK_WIDGET (self));
  lq_window_align_column_titles (self);
  lq_window_load_settings (self);

  self->recent_manager = g_object_ref (gtk_recent_manager_get_default ());
  g_signal_connect_object (self->recent_manager, "changed", G_CALLBACK (lq_window_recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  lq_window_update_recent (self);
  lq_window_update_actions (self);

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop_target, "drop", G_CALLBACK (lq_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));

  g_signal_connect (self, "notify::is-active", G_CALLBACK (lq_window_is_active_cb), NULL);
}

LqWindow *
lq_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (LQ_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
lq_window_open_files (LqWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        {
          g_ptr_array_add (paths, path);
        }
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = NULL;

          /* Translators: a file given as a URI that is not on this computer */
          message = g_strdup_printf (_("%s: %s"), uri, _("Not a local file"));
          lq_window_toast (self, message);
        }
    }

  if (paths->len == 0)
    return;

  g_ptr_array_add (paths, NULL);
  lq_window_open_paths (self, (const char *const *)paths->pdata);
}

void
lq_window_open_paths (LqWindow          *self,
                      const char *const *paths)
{
  guint n_files;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (paths[0] == NULL)
    return;

  lq_window_set_project (self, NULL);
  lq_window_cancel (self);

  self->job = lq_analysis_job_new (paths,
                                   self->settings != NULL
                                   ? g_settings_get_uint (self->settings, "analysis-jobs")
                                   : 0);
  self->cancellable = g_cancellable_new ();
  self->progress_binding = g_object_bind_property (self->job, "progress",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);

  n_files = lq_analysis_job_get_n_files (self->job);

  {
    g_autofree char *title = NULL;

    title = g_strdup_printf (ngettext ("Analyzing %u File", "Analyzing %u Files", n_files),
                             n_files);
    adw_status_page_set_title (self->busy_page, title);
  }

  adw_window_title_set_subtitle (self->window_title, _("Analyzing…"));
  gtk_stack_set_visible_child_name (self->stack, "busy");
  lq_window_set_busy (self, TRUE);

  lq_analysis_job_run_async (self->job,
                             self->cancellable,
                             lq_window_job_run_cb,
                             g_object_ref (self));
}

void
lq_window_open_demo (LqWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LQ_IS_WINDOW (self));

  lq_window_set_project (self, NULL);
  lq_window_cancel (self);
  self->cancellable = g_cancellable_new ();

  adw_status_page_set_title (self->busy_page, _("Preparing the Demo Album"));
  adw_window_title_set_subtitle (self->window_title, _("Preparing…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  lq_window_set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, lq_window_demo_ready_cb, NULL);
  g_task_set_source_tag (task, lq_window_open_demo);
  g_task_set_task_data (task, lq_demo_album_default_directory (), g_free);
  g_task_run_in_thread (task, lq_window_demo_thread);
}

gboolean
lq_window_get_busy (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), FALSE);

  return self->busy;
}

GListModel *
_lq_window_get_tracks (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->project != NULL ? G_LIST_MODEL (self->project_items) : G_LIST_MODEL (self->tracks);
}

guint
_lq_window_get_n_toasts (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), 0);

  return self->n_toasts;
}

const char *
_lq_window_get_last_toast (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->last_toast;
}

const char *
_lq_window_get_page (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
lq_window_open_project (LqWindow   *self,
                        const char *path)
{
  g_autoptr(GError) error = NULL;
  LqProject *project;

  g_return_val_if_fail (LQ_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->project != NULL)
    {
      g_autofree char *mine = g_canonicalize_filename (lq_project_get_path (self->project), NULL);
      g_autofree char *theirs = g_canonicalize_filename (path, NULL);

      if (g_str_equal (mine, theirs))
        return TRUE;
    }

  project = lq_project_open (path, FALSE, &error);
  if (project == NULL)
    {
      lq_window_show_project_error (self, PROJECT_OPEN, path, error);
      return FALSE;
    }

  lq_window_set_project (self, project);
  return TRUE;
}

gboolean
lq_window_new_project (LqWindow   *self,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL;
  LqProject *project;

  g_return_val_if_fail (LQ_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  full = lq_window_with_suffix (path);
  project = lq_project_create (full, &error);
  if (project == NULL)
    {
      lq_window_show_project_error (self, PROJECT_CREATE, full, error);
      return FALSE;
    }

  lq_window_set_project (self, project);
  return TRUE;
}

void
lq_window_add_files (LqWindow          *self,
                     const char *const *paths)
{
  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (self->project == NULL || paths[0] == NULL)
    return;

  lq_window_project_job_begin (self);
  gtk_progress_bar_set_fraction (self->project_progress_bar, 0.0);
  lq_project_add_files_async (self->project, paths, 0, self->project_cancellable,
                              lq_window_add_files_cb, g_object_ref (self));
}

LqProject *
lq_window_get_project (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->project;
}

void
_lq_window_relink (LqWindow   *self,
                   guint       position,
                   const char *path)
{
  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->project == NULL)
    return;

  lq_window_project_job_begin (self);
  lq_project_relink_async (self->project, position, path, self->project_cancellable,
                           lq_window_relink_cb, g_object_ref (self));
}

gboolean
_lq_window_save_as (LqWindow    *self,
                    const char  *path,
                    GError     **error)
{
  LqProject *copy;

  g_return_val_if_fail (LQ_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (LQ_IS_PROJECT (self->project), FALSE);

  /* Every edit is already on disk: a copy has them all. Editing goes on
   * in the copy, as after any Save As. */
  if (!lq_project_save_copy (self->project, path, error))
    return FALSE;

  copy = lq_project_open (path, FALSE, error);
  if (copy == NULL)
    return FALSE;

  lq_window_set_project (self, copy);
  return TRUE;
}

gboolean
_lq_window_drop_track (LqWindow    *self,
                       LqTrackItem *dragged,
                       LqTrackItem *onto)
{
  g_autoptr(GError) error = NULL;
  LqTrack *from, *to;

  g_return_val_if_fail (LQ_IS_WINDOW (self), FALSE);

  from = lq_track_item_get_track (dragged);
  to = lq_track_item_get_track (onto);
  if (self->project == NULL || from == NULL || to == NULL)
    return FALSE;
  if (from == to)
    return TRUE;

  if (!lq_project_move_track (self->project, lq_track_get_position (from), lq_track_get_position (to), &error))
    {
      lq_window_toast (self, error->message);
      return FALSE;
    }

  /* The moved track is the one to go on with */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->project_items)); i++)
    {
      g_autoptr(LqTrackItem) item = g_list_model_get_item (G_LIST_MODEL (self->project_items), i);

      if (item == dragged)
        gtk_single_selection_set_selected (self->selection, i);
    }

  return TRUE;
}

LqEditPane *
_lq_window_get_edit_pane (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->edit_pane;
}

GtkSingleSelection *
_lq_window_get_selection (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->selection;
}

const char *
_lq_window_get_last_error (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->last_error;
}

LqLoudnessChart *
_lq_window_get_loudness_chart (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->loudness_chart;
}

LqMatchDialog *
_lq_window_get_match_dialog (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->match_dialog;
}

LqExportDialog *
_lq_window_get_export_dialog (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->export_dialog;
}

/* lq-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-analysis-job.h"
#include "lq-demo-album.h"
#include "lq-format.h"
#include "lq-resources.h"
#include "lq-track-item.h"
#include "lq-window-private.h"

struct _LqWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *busy_page;
  GtkProgressBar *progress_bar;
  GtkColumnView *column_view;
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

  /* NULL when the schema is not installed (running uninstalled) */
  GSettings *settings;

  /* The analysis in progress or last done, and what cancels it */
  LqAnalysisJob *job;
  GBinding *progress_binding;
  GCancellable *cancellable;
  gboolean busy;

  char *last_toast;
  guint n_toasts;
};

G_DEFINE_FINAL_TYPE (LqWindow, lq_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
lq_window_toast (LqWindow   *self,
                 const char *message)
{
  g_autofree char *markup = NULL;

  g_assert (LQ_IS_WINDOW (self));
  g_assert (message != NULL);

  /* In libadwaita 1.2 a toast's title is always markup */
  markup = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  self->n_toasts++;
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
lq_window_set_album_track (GtkLabel        *name_label,
                           GtkLabel        *offset_label,
                           LqAlbumAnalysis *album,
                           int              index)
{
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

  gtk_label_set_text (name_label, lq_track_analysis_get_display_name (track));
  gtk_widget_set_tooltip_text (GTK_WIDGET (name_label), lq_track_analysis_get_path (track));

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
  lq_window_set_album_track (self->album_loudest_label, self->album_loudest_offset_label,
                             album, album != NULL ? lq_album_analysis_get_loudest (album) : -1);
  lq_window_set_album_track (self->album_quietest_label, self->album_quietest_offset_label,
                             album, album != NULL ? lq_album_analysis_get_quietest (album) : -1);

  {
    g_autofree char *subtitle = NULL;

    subtitle = g_strdup_printf (ngettext ("%u track", "%u tracks", items->len),
                                items->len);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  gtk_stack_set_visible_child_name (self->stack, "tracks");
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

  lq_window_open_files (self, (GFile **)array->pdata, array->len);

  return TRUE;
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
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_WINDOW);

  G_OBJECT_CLASS (lq_window_parent_class)->dispose (object);
}

static void
lq_window_finalize (GObject *object)
{
  LqWindow *self = (LqWindow *)object;

  g_clear_pointer (&self->last_toast, g_free);

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

  window_class->close_request = lq_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* liblq-ui is a static library: referring to the resources here links
   * them in (and registers them) wherever the window is used. */
  g_assert (lq_get_resource () != NULL);

  g_type_ensure (LQ_TYPE_TRACK_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LqWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, column_view);
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
  gtk_widget_class_bind_template_callback (widget_class, lq_window_name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_name_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_numeric_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_dc_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_correlation_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_clips_bind_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lq_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, lq_window_open_demo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
lq_window_init (LqWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));
  lq_window_align_column_titles (self);
  lq_window_load_settings (self);

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop_target, "drop", G_CALLBACK (lq_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));
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

    title = g_strdup_printf (ngettext ("Analysing %u File", "Analysing %u Files", n_files),
                             n_files);
    adw_status_page_set_title (self->busy_page, title);
  }

  adw_window_title_set_subtitle (self->window_title, _("Analysing…"));
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

  return G_LIST_MODEL (self->tracks);
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

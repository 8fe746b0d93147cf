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
#include "lq-album-summary.h"
#include "lq-analysis-job.h"
#include "lq-demo-album.h"
#include "lq-edit-pane.h"
#include "lq-error.h"
#include "lq-loudness-chart.h"
#include "lq-project.h"
#include "lq-resources.h"
#include "lq-start-page.h"
#include "lq-target-label.h"
#include "lq-track-item.h"
#include "lq-track-table.h"
#include "lq-ui-util.h"
#include "lq-window-actions.h"
#include "lq-window-private.h"

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
  AdwStatusPage *busy_page;
  GtkProgressBar *progress_bar;
  AdwFlap *flap;
  LqEditPane *edit_pane;
  GtkRevealer *project_progress_revealer;
  GtkProgressBar *project_progress_bar;
  LqTrackTable *track_table;
  LqAlbumSummary *album_summary;
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
  GBinding *project_progress_binding;
  GCancellable *project_cancellable;
  guint refresh_id;
  guint n_project_jobs;
  gboolean analysing;
  gboolean analyse_again;
  gboolean details_visible;
  gboolean loudness_visible;
};

static void lq_window_update_actions (LqWindow *self);
static void lq_window_set_project (LqWindow *self, LqProject *project);

G_DEFINE_FINAL_TYPE (LqWindow, lq_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_BUSY,
  PROP_DETAILS_PAGE,
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

  lq_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
lq_window_add_toast (LqWindow   *self,
                     const char *message,
                     gboolean    undo)
{
  AdwToast *toast;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

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

/* The offset of a loose file's @track from the album, as the album computes it. */
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

  lq_track_table_set_files (self->track_table, (LqTrackItem **) items->pdata, items->len);

  if (items->len == 0)
    {
      lq_window_show_empty (self);
      return;
    }

  lq_album_summary_set_album (self->album_summary, album, NULL);

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

void
lq_window_show_project_error (LqWindow            *self,
                              LqWindowProjectVerb  verb,
                              const char          *path,
                              const GError        *error)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  name = g_filename_display_basename (path);
  body = lq_window_project_error_body (error);

  switch (verb)
    {
    case LQ_WINDOW_PROJECT_OPEN:
      heading = g_strdup_printf (_("Cannot Open “%s”"), name);
      break;
    case LQ_WINDOW_PROJECT_CREATE:
      heading = g_strdup_printf (_("Cannot Create “%s”"), name);
      break;
    case LQ_WINDOW_PROJECT_SAVE:
    default:
      heading = g_strdup_printf (_("Cannot Save “%s”"), name);
      break;
    }

  lq_window_show_error (self, heading, body);
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

/* The actions, and what the undo and redo buttons would undo and redo. */
static void
lq_window_update_actions (LqWindow *self)
{
  _lq_window_actions_update (self);

  if (self->project != NULL)
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

/* The loudness chart and what its caption says about the match. */
static void
lq_window_update_loudness (LqWindow *self)
{
  LqProjectMatch match = { 0 };
  g_autofree char *caption = NULL;
  gboolean outdated;

  lq_loudness_chart_set_project (self->loudness_chart, self->project);
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_get_selected_position (self));
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

  self->refresh_id = 0;
  if (self->project == NULL)
    return G_SOURCE_REMOVE;

  album = lq_project_get_album_analysis (self->project);
  lq_track_table_update (self->track_table, album);
  lq_album_summary_set_album (self->album_summary,
                              lq_album_analysis_get_n_tracks (album) > 0 ? album : NULL,
                              lq_track_table_get_model (self->track_table));
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

/* The table shows the project's track list itself; the window follows
 * every track, whose changes (a title, the analysis) change the album. */
static void
lq_window_project_tracks_changed_cb (GListModel *tracks,
                                     guint       position,
                                     guint       removed,
                                     guint       added,
                                     LqWindow   *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

      if (g_signal_handler_find (track, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 lq_window_queue_refresh, self) == 0)
        g_signal_connect_object (track, "notify", G_CALLBACK (lq_window_queue_refresh), self,
                                 G_CONNECT_SWAPPED);
    }

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

void
lq_window_analyze (LqWindow *self)
{
  g_return_if_fail (LQ_IS_WINDOW (self));

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

static void
lq_window_forget_project (LqWindow *self)
{
  GListModel *tracks;

  if (self->project == NULL)
    return;

  g_cancellable_cancel (self->project_cancellable);
  g_clear_object (&self->project_cancellable);
  g_clear_pointer (&self->project_progress_binding, g_binding_unbind);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->project, self);
  tracks = lq_project_get_tracks (self->project);
  g_signal_handlers_disconnect_by_data (tracks, self);
  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

      g_signal_handlers_disconnect_by_data (track, self);
    }

  lq_track_table_set_project (self->track_table, NULL);
  lq_edit_pane_set_project (self->edit_pane, NULL);
  g_clear_object (&self->project);
  lq_loudness_chart_set_project (self->loudness_chart, NULL);
  /* The Match and Export dialogs go with the project (lq-window-actions.c) */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

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

  gtk_widget_set_visible (self->open_button, !has_project);
  gtk_widget_set_visible (self->add_button, has_project);
  gtk_widget_set_visible (self->undo_box, has_project);
  gtk_widget_set_visible (self->edit_pane_button, has_project);
  gtk_widget_set_visible (self->export_button, has_project);
  gtk_widget_set_visible (self->loudness_revealer, has_project);
  adw_flap_set_reveal_flap (self->flap, has_project && self->details_visible);

  if (!has_project)
    {
      lq_window_update_title (self);
      lq_window_update_actions (self);
      return;
    }

  /* A project replaces whatever loose files were shown */
  lq_window_cancel (self);
  lq_window_set_busy (self, FALSE);

  self->project = project;
  self->project_cancellable = g_cancellable_new ();
  g_signal_connect_object (project, "notify", G_CALLBACK (lq_window_project_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (lq_project_get_tracks (project), "items-changed",
                           G_CALLBACK (lq_window_project_tracks_changed_cb), self, 0);
  self->project_progress_binding = g_object_bind_property (project, "analysis-progress",
                                                           self->project_progress_bar, "fraction",
                                                           G_BINDING_SYNC_CREATE);
  lq_window_project_tracks_changed_cb (lq_project_get_tracks (project), 0, 0,
                                       g_list_model_get_n_items (lq_project_get_tracks (project)), self);
  lq_track_table_set_project (self->track_table, project);
  lq_edit_pane_set_project (self->edit_pane, project);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

  lq_start_page_add_recent (lq_project_get_path (project));
  gtk_stack_set_visible_child_name (self->stack, "tracks");
  lq_window_refresh_cb (self);

  if (lq_window_needs_analysis (self))
    lq_window_analyze (self);
}

static void
lq_window_selection_cb (LqWindow *self)
{
  LqTrackItem *item = lq_track_table_get_selected_item (self->track_table);

  if (self->project != NULL)
    lq_edit_pane_set_track (self->edit_pane, item != NULL ? lq_track_item_get_track (item) : NULL);
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_get_selected_position (self));
  lq_window_update_actions (self);
}

/* The selected row moved with its track */
static void
lq_window_selected_cb (LqWindow *self)
{
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_get_selected_position (self));
  lq_window_update_actions (self);
}

/* A click on a track's column in the chart selects its row. */
static void
lq_window_chart_track_activated_cb (LqWindow *self,
                                    guint     index)
{
  if (self->project != NULL && index < lq_project_get_n_tracks (self->project))
    lq_track_table_set_selected (self->track_table, index);
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
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_DETAILS_PAGE:
      g_value_set_string (value, lq_edit_pane_get_page (self->edit_pane));
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
    case PROP_DETAILS_PAGE:
      if (g_strcmp0 (lq_edit_pane_get_page (self->edit_pane), g_value_get_string (value)) != 0)
        {
          lq_edit_pane_set_page (self->edit_pane, g_value_get_string (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

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

  /* The album project shown, or NULL */
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         LQ_TYPE_PROJECT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The page of the details pane shown: "track", "album" or "chain" */
  properties[PROP_DETAILS_PAGE] =
    g_param_spec_string ("details-page", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

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

  g_type_ensure (LQ_TYPE_ALBUM_SUMMARY);
  g_type_ensure (LQ_TYPE_EDIT_PANE);
  g_type_ensure (LQ_TYPE_LOUDNESS_CHART);
  g_type_ensure (LQ_TYPE_START_PAGE);
  g_type_ensure (LQ_TYPE_TRACK_TABLE);

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
  gtk_widget_class_bind_template_child (widget_class, LqWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, edit_pane);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, project_progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, project_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, track_table);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_summary);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_caption);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_chart);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_selection_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_edit_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_chart_track_activated_cb);

  _lq_window_actions_install (widget_class);
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

  gtk_widget_init_template (GTK_WIDGET (self));
  lq_a11y_name_buttons_by_content (GTK_WIDGET (self));
  lq_window_load_settings (self);
  _lq_window_actions_init (self);

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

GSettings *
lq_window_get_settings (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->settings;
}

guint
lq_window_get_selected_position (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), GTK_INVALID_LIST_POSITION);

  if (self->project == NULL)
    return GTK_INVALID_LIST_POSITION;

  return lq_track_table_get_selected (self->track_table);
}

LqTrackTable *
_lq_window_get_track_table (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->track_table;
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
      lq_window_show_project_error (self, LQ_WINDOW_PROJECT_OPEN, path, error);
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
      lq_window_show_project_error (self, LQ_WINDOW_PROJECT_CREATE, full, error);
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
lq_window_relink (LqWindow   *self,
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
lq_window_save_as (LqWindow    *self,
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

void
lq_window_find_moved_files (LqWindow   *self,
                            const char *folder)
{
  FindMovedData *data;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (folder != NULL);

  if (self->project == NULL)
    return;

  data = g_new0 (FindMovedData, 1);
  data->self = g_object_ref (self);
  data->project = g_object_ref (self->project);
  data->folder = g_strdup (folder);

  lq_window_project_job_begin (self);
  gtk_progress_bar_pulse (self->project_progress_bar);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "progress");
  lq_project_relink_search_async (data->project, data->folder, self->project_cancellable,
                                  lq_window_find_moved_cb, data);
}

LqEditPane *
_lq_window_get_edit_pane (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->edit_pane;
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

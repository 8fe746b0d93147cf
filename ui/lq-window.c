/* lq-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-a11y.h"
#include "lq-album-summary.h"
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
#include "lq-window-internal.h"
#include "lq-window-player.h"
#include "lq-window-private.h"

static void lq_window_update_actions (LqWindow *self);

G_DEFINE_FINAL_TYPE (LqWindow, lq_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_BUSY,
  PROP_DETAILS_PAGE,
  PROP_DETAILS_VISIBLE,
  PROP_LOUDNESS_VISIBLE,
  PROP_TIMELINE_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_lq_window_set_busy (LqWindow *self,
                     gboolean  busy)
{
  busy = !!busy;

  if (self->busy == busy)
    return;

  self->busy = busy;

  lq_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
lq_window_toast (LqWindow   *self,
                 const char *message)
{
  lq_window_add_toast (self, message, FALSE);
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
      g_autofree char *undo = lq_edit_label_for_display (self->project, lq_project_get_undo_label (self->project));
      g_autofree char *redo = lq_edit_label_for_display (self->project, lq_project_get_redo_label (self->project));
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

  /* What the figures leave out (a missing or unmeasured track), said next
   * to what the caption claims they show. */
  if (lq_loudness_chart_get_left_out (self->loudness_chart) != NULL)
    {
      g_autofree char *whole = g_strdup_printf (g_str_has_suffix (caption, ".") ? "%s %s." : "%s. %s.", caption,
                                                lq_loudness_chart_get_left_out (self->loudness_chart));
      g_free (caption);
      caption = g_steal_pointer (&whole);
    }

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
  lq_album_summary_set_project (self->album_summary, self->project);
  lq_window_update_loudness (self);
  lq_window_update_title (self);
  lq_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

void
_lq_window_queue_refresh (LqWindow *self)
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
                                 _lq_window_queue_refresh, self) == 0)
        g_signal_connect_object (track, "notify", G_CALLBACK (_lq_window_queue_refresh), self,
                                 G_CONNECT_SWAPPED);
    }

  _lq_window_queue_refresh (self);
}

static void
lq_window_project_notify_cb (LqWindow   *self,
                             GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "analysis-progress"))
    return;

  /* The start page lists the album by its title */
  if (g_str_equal (pspec->name, "title") && lq_project_get_path (self->project) != NULL)
    {
      g_autofree char *title = lq_project_dup_title (self->project);

      lq_start_page_add_recent (lq_project_get_path (self->project), title);
    }

  _lq_window_queue_refresh (self);
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
  _lq_window_views_set_project (self, NULL);
  lq_loudness_chart_set_project (self->loudness_chart, NULL);
  /* The Match and Export dialogs go with the project (lq-window-actions.c) */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

  _lq_window_jobs_reset (self);
}

void
_lq_window_set_project (LqWindow  *self,
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
  /* Hidden, the workspace gives its side to the table when the chart is
   * its only view */
  gtk_widget_set_visible (self->loudness_revealer, has_project && self->loudness_visible);
  adw_flap_set_reveal_flap (self->flap, has_project && self->details_visible);

  if (!has_project)
    {
      lq_window_update_title (self);
      lq_window_update_actions (self);
      return;
    }

  /* A project replaces whatever loose files were shown */
  _lq_window_cancel_files (self);
  _lq_window_set_busy (self, FALSE);

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
  _lq_window_views_set_project (self, project);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

  {
    g_autofree char *title = lq_project_dup_title (project);

    lq_start_page_add_recent (lq_project_get_path (project), title);
  }
  gtk_stack_set_visible_child_name (self->stack, "tracks");
  /* Now, and not again: the refresh queued above would otherwise stay
   * pending with no id to remove it by (and run after the window is gone) */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  lq_window_refresh_cb (self);

  _lq_window_analyze_missing (self);
}

static void
lq_window_selection_cb (LqWindow *self)
{
  LqTrackItem *item = lq_track_table_get_selected_item (self->track_table);

  if (self->project != NULL)
    lq_edit_pane_set_track (self->edit_pane, item != NULL ? lq_track_item_get_track (item) : NULL);
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_get_selected_position (self));
  _lq_window_views_set_selected (self, lq_window_get_selected_position (self));
  lq_window_update_actions (self);
}

/* The selected row moved with its track */
static void
lq_window_selected_cb (LqWindow *self)
{
  lq_loudness_chart_set_selected (self->loudness_chart, lq_window_get_selected_position (self));
  _lq_window_views_set_selected (self, lq_window_get_selected_position (self));
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

  _lq_window_cancel_files (self);
  g_clear_pointer (&self->player_wiring, _lq_window_player_free);
  lq_window_forget_project (self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_WINDOW);

  G_OBJECT_CLASS (lq_window_parent_class)->dispose (object);
}

static void
lq_window_finalize (GObject *object)
{
  LqWindow *self = (LqWindow *)object;

  /* Queued while the children were disposed (a view letting go of the
   * player): never after the window is gone */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
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

    case PROP_TIMELINE_VISIBLE:
      /* Asked by win.toggle-timeline before the template is built, and
       * after it is gone */
      g_value_set_boolean (value, self->workspace == NULL || lq_workspace_get_timeline_visible (self->workspace));
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
      if (g_value_get_string (value) != NULL)
        lq_edit_pane_set_page (self->edit_pane, g_value_get_string (value));
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
          gtk_widget_set_visible (self->loudness_revealer, self->loudness_visible && self->project != NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TIMELINE_VISIBLE:
      /* The workspace notifies (lq_window_timeline_visible_cb) */
      if (self->workspace != NULL)
        lq_workspace_set_timeline_visible (self->workspace, g_value_get_boolean (value));
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

  /* The page of the details pane shown: "track", "album" or "chain" (for
   * win.show-inspector). The pane's own switcher changes it too, without
   * a notification: this notifies when it is set. */
  properties[PROP_DETAILS_PAGE] =
    g_param_spec_string ("details-page", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

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

  /* The album timeline above the workspace's table and views */
  properties[PROP_TIMELINE_VISIBLE] =
    g_param_spec_boolean ("timeline-visible", NULL, NULL,
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
  g_type_ensure (LQ_TYPE_WORKSPACE);

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
  gtk_widget_class_bind_template_child (widget_class, LqWindow, workspace);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, track_table);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, album_summary);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_caption);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, loudness_chart);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_selection_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_edit_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_window_chart_track_activated_cb);

  gtk_widget_class_bind_template_child (widget_class, LqWindow, playback_revealer);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, playback_message);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, playback_box);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, transport_bar);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, playhead_waveform);
  gtk_widget_class_bind_template_child (widget_class, LqWindow, meter_panel);

  _lq_window_actions_install (widget_class);
  _lq_window_playback_install (widget_class);
  _lq_window_layout_install (widget_class);
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
lq_window_timeline_visible_cb (LqWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE_VISIBLE]);
}

static void
lq_window_init (LqWindow *self)
{
  self->details_visible = TRUE;
  self->loudness_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  lq_a11y_name_buttons_by_content (GTK_WIDGET (self));
  g_signal_connect_swapped (self->workspace, "notify::timeline-visible",
                            G_CALLBACK (lq_window_timeline_visible_cb), self);
  lq_window_load_settings (self);
  _lq_window_views_init (self);
  _lq_window_layout_init (self);
  _lq_window_actions_init (self);
  _lq_window_playback_init (self);
  self->player_wiring = _lq_window_player_new (self);

  _lq_window_files_init (self);

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

  _lq_window_set_project (self, project);
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

  _lq_window_set_project (self, project);
  return TRUE;
}

LqProject *
lq_window_get_project (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->project;
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

  _lq_window_set_project (self, copy);
  return TRUE;
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

/* lq-edit-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-edit-pane.h"
#include "lq-field-set.h"

struct _LqEditPane
{
  GtkWidget parent_instance;

  GtkWidget *box;
  AdwViewStack *view_stack;
  GtkStack *track_stack;
  AdwPreferencesGroup *track_group;
  AdwActionRow *status_row;
  GtkWidget *status_group;

  LqProject *project;
  LqTrack *track;
  GSignalGroup *project_signals;
  GSignalGroup *track_signals;

  LqFieldSet *album_set;
  LqFieldSet *track_set;
  LqInspector *inspector;
};

G_DEFINE_FINAL_TYPE (LqEditPane, lq_edit_pane, GTK_TYPE_WIDGET)

enum {
  EDIT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lq_edit_pane_update_track_header (LqEditPane *self)
{
  LqTrackStatus status;
  g_autofree char *title = NULL;

  if (self->track == NULL)
    {
      gtk_stack_set_visible_child_name (self->track_stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->track_stack, "track");

  /* Translators: the heading of the track pane: its position and name */
  title = g_strdup_printf (_("%u. %s"), lq_track_get_position (self->track),
                           lq_track_get_display_name (self->track));
  adw_preferences_group_set_title (self->track_group, title);
  adw_preferences_group_set_description (self->track_group, lq_track_get_path (self->track));

  status = lq_track_get_status (self->track);
  gtk_widget_set_visible (self->status_group, status != LQ_TRACK_STATUS_OK);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 status == LQ_TRACK_STATUS_MISSING
                                 ? _("File Missing")
                                 : _("File Changed Since It Was Added"));
  adw_action_row_set_subtitle (self->status_row, lq_track_get_path (self->track));
}

static void
project_notify_cb (LqEditPane *self,
                   GParamSpec *pspec)
{
  const LqField *field = lq_project_fields_lookup (TRUE, pspec->name);

  if (field != NULL && field->group == NULL)
    lq_field_set_refresh (self->album_set);
}

static void
track_notify_cb (LqEditPane *self,
                 GParamSpec *pspec)
{
  lq_edit_pane_update_track_header (self);
  lq_field_set_refresh (self->track_set);
}

static void
edit_failed_cb (LqEditPane *self,
                const char *message)
{
  g_signal_emit (self, signals[EDIT_FAILED], 0, message);
}

/* The fields of the album or the track itself; the mastering chain's
 * (those with a group) are the inspector's. */
static GtkWidget *
lq_edit_pane_build_group (LqEditPane    *self,
                          const LqField *fields,
                          guint          n_fields,
                          LqFieldSet    *set)
{
  GtkWidget *group = adw_preferences_group_new ();

  for (guint i = 0; i < n_fields; i++)
    if (fields[i].group == NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 lq_field_set_add_row (set, &fields[i], NULL));

  return group;
}

static void
lq_edit_pane_build (LqEditPane *self)
{
  GtkWidget *switcher, *page, *group, *status_page, *button, *icon;
  const LqField *fields;
  guint n_fields;
  AdwViewStackPage *stack_page;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->view_stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->view_stack), TRUE);

  switcher = adw_view_switcher_new ();
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->view_stack);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_widget_set_margin_start (switcher, 12);
  gtk_widget_set_margin_end (switcher, 12);
  gtk_box_append (GTK_BOX (self->box), switcher);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->view_stack));

  /* Track: a placeholder without a track, else a warning when its file is
   * missing or changed, and its fields */
  self->track_stack = GTK_STACK (gtk_stack_new ());

  status_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status_page), "audio-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("No Track Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   _("Select a track in the list to edit it"));
  gtk_widget_add_css_class (status_page, "compact");
  gtk_stack_add_named (self->track_stack, status_page, "none");

  page = adw_preferences_page_new ();

  self->status_group = adw_preferences_group_new ();
  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->status_row), "track-status");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (self->status_row, icon);
  button = gtk_button_new_with_mnemonic (_("_Relink…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.relink-track");
  adw_action_row_add_suffix (self->status_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->status_group), GTK_WIDGET (self->status_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->status_group));

  fields = lq_project_fields_track (&n_fields);
  group = lq_edit_pane_build_group (self, fields, n_fields, self->track_set);
  self->track_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_stack_add_named (self->track_stack, page, "track");

  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->track_stack),
                                          "track", _("Track"));
  adw_view_stack_page_set_icon_name (stack_page, "audio-x-generic-symbolic");

  /* Album */
  page = adw_preferences_page_new ();
  fields = lq_project_fields_album (&n_fields);
  group = lq_edit_pane_build_group (self, fields, n_fields, self->album_set);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "album", _("Album"));
  adw_view_stack_page_set_icon_name (stack_page, "media-optical-symbolic");

  /* Chain: the track's mastering chain and the album bus */
  self->inspector = LQ_INSPECTOR (lq_inspector_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->inspector), TRUE);
  g_signal_connect_swapped (self->inspector, "edit-failed", G_CALLBACK (edit_failed_cb), self);
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->inspector),
                                          "chain", _("Chain"));
  adw_view_stack_page_set_icon_name (stack_page, "emblem-system-symbolic");

  lq_edit_pane_update_track_header (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "album");
}

static void
lq_edit_pane_dispose (GObject *object)
{
  LqEditPane *self = (LqEditPane *)object;

  if (self->project_signals != NULL)
    g_signal_group_set_target (self->project_signals, NULL);
  if (self->track_signals != NULL)
    g_signal_group_set_target (self->track_signals, NULL);
  g_clear_object (&self->project_signals);
  g_clear_object (&self->track_signals);
  g_clear_object (&self->project);
  g_clear_object (&self->track);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  if (self->album_set != NULL)
    g_signal_handlers_disconnect_by_data (self->album_set, self);
  if (self->track_set != NULL)
    g_signal_handlers_disconnect_by_data (self->track_set, self);
  g_clear_object (&self->album_set);
  g_clear_object (&self->track_set);

  G_OBJECT_CLASS (lq_edit_pane_parent_class)->dispose (object);
}

static void
lq_edit_pane_class_init (LqEditPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_edit_pane_dispose;

  /**
   * LqEditPane::edit-failed:
   * @message: why the model refused the value
   */
  signals[EDIT_FAILED] =
    g_signal_new ("edit-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "editpane");
}

static void
lq_edit_pane_init (LqEditPane *self)
{
  self->album_set = lq_field_set_new (TRUE);
  self->track_set = lq_field_set_new (FALSE);
  g_signal_connect_swapped (self->album_set, "edit-failed", G_CALLBACK (edit_failed_cb), self);
  g_signal_connect_swapped (self->track_set, "edit-failed", G_CALLBACK (edit_failed_cb), self);

  self->project_signals = g_signal_group_new (LQ_TYPE_PROJECT);
  g_signal_group_connect_swapped (self->project_signals, "notify", G_CALLBACK (project_notify_cb), self);
  self->track_signals = g_signal_group_new (LQ_TYPE_TRACK);
  g_signal_group_connect_swapped (self->track_signals, "notify", G_CALLBACK (track_notify_cb), self);

  lq_edit_pane_build (self);
}

GtkWidget *
lq_edit_pane_new (void)
{
  return g_object_new (LQ_TYPE_EDIT_PANE, NULL);
}

void
lq_edit_pane_set_project (LqEditPane *self,
                          LqProject  *project)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  lq_edit_pane_set_track (self, NULL);
  if (!g_set_object (&self->project, project))
    return;

  g_signal_group_set_target (self->project_signals, project);
  lq_field_set_set_target (self->album_set, project, NULL);
  lq_field_set_set_target (self->track_set, project, NULL);
  lq_inspector_set_project (self->inspector, project);
}

void
lq_edit_pane_set_track (LqEditPane *self,
                        LqTrack    *track)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));
  g_return_if_fail (track == NULL || LQ_IS_TRACK (track));

  if (!g_set_object (&self->track, track))
    return;

  g_signal_group_set_target (self->track_signals, track);
  lq_field_set_set_target (self->track_set, self->project, track);
  lq_inspector_set_track (self->inspector, track);
  lq_edit_pane_update_track_header (self);
  /* The chain stays in view from track to track */
  if (!g_str_equal (adw_view_stack_get_visible_child_name (self->view_stack), "chain"))
    adw_view_stack_set_visible_child_name (self->view_stack, track != NULL ? "track" : "album");
}

LqTrack *
lq_edit_pane_get_track (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return self->track;
}

const char *
lq_edit_pane_get_page (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
lq_edit_pane_set_page (LqEditPane *self,
                       const char *page)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));
  g_return_if_fail (page != NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

LqInspector *
lq_edit_pane_get_inspector (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return self->inspector;
}

GtkWidget *
_lq_edit_pane_get_row (LqEditPane *self,
                       gboolean    album,
                       const char *key)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return lq_field_set_get_row (album ? self->album_set : self->track_set, key);
}

GtkWidget *
_lq_edit_pane_get_editor (LqEditPane *self,
                          gboolean    album,
                          const char *key)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return lq_field_set_get_editor (album ? self->album_set : self->track_set, key);
}

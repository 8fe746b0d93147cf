/* lq-edit-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-cover-row.h"
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

  LqFieldSet *fields;
  LqCoverRow *cover_row;
  LqInspector *inspector;
};

G_DEFINE_FINAL_TYPE (LqEditPane, lq_edit_pane, GTK_TYPE_WIDGET)

static void
lq_edit_pane_update_track_header (LqEditPane *self)
{
  LqTrack *track = lq_field_set_get_track (self->fields);
  LqTrackStatus status;
  g_autofree char *title = NULL;

  if (track == NULL)
    {
      gtk_stack_set_visible_child_name (self->track_stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->track_stack, "track");

  /* Translators: the heading of the track pane: its position and name */
  title = g_strdup_printf (_("%u. %s"), lq_track_get_position (track),
                           lq_track_get_display_name (track));
  adw_preferences_group_set_title (self->track_group, title);
  adw_preferences_group_set_description (self->track_group, lq_track_get_path (track));

  status = lq_track_get_status (track);
  gtk_widget_set_visible (self->status_group, status != LQ_TRACK_STATUS_OK);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 status == LQ_TRACK_STATUS_MISSING
                                 ? _("File Missing")
                                 : _("File Changed Since It Was Added"));
  adw_action_row_set_subtitle (self->status_row, lq_track_get_path (track));
}

static void
fields_changed_cb (LqEditPane *self,
                   gboolean    album)
{
  if (!album)
    lq_edit_pane_update_track_header (self);
}

/* The fields of the album or the track itself; the mastering chain's
 * (those with a group) are the inspector's. */
static GtkWidget *
lq_edit_pane_build_group (LqEditPane *self,
                          gboolean    album)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint n_fields;
  const LqField *fields = album ? lq_project_fields_album (&n_fields) : lq_project_fields_track (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    if (fields[i].group == NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 lq_field_set_add_row (self->fields, album, &fields[i], NULL));

  return group;
}

static void
lq_edit_pane_build (LqEditPane *self)
{
  GtkWidget *switcher, *page, *group, *status_page, *button, *icon;
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

  group = lq_edit_pane_build_group (self, FALSE);
  self->track_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_stack_add_named (self->track_stack, page, "track");

  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->track_stack),
                                          "track", _("Track"));
  adw_view_stack_page_set_icon_name (stack_page, "audio-x-generic-symbolic");

  /* Album */
  page = adw_preferences_page_new ();
  group = lq_edit_pane_build_group (self, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  /* The front cover: a picture, not a field of the table */
  group = adw_preferences_group_new ();
  self->cover_row = LQ_COVER_ROW (lq_cover_row_new ());
  lq_field_set_forward_edit_failed (self->cover_row, self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->cover_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "album", _("Album"));
  adw_view_stack_page_set_icon_name (stack_page, "media-optical-symbolic");

  /* Chain: the track's mastering chain and the album bus */
  self->inspector = LQ_INSPECTOR (lq_inspector_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->inspector), TRUE);
  lq_field_set_forward_edit_failed (self->inspector, self);
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

  if (self->fields != NULL)
    g_signal_handlers_disconnect_by_data (self->fields, self);
  g_clear_object (&self->fields);
  g_clear_pointer (&self->box, gtk_widget_unparent);

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
  lq_field_set_add_edit_failed_signal (G_TYPE_FROM_CLASS (klass));

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "editpane");
}

static void
lq_edit_pane_init (LqEditPane *self)
{
  self->fields = lq_field_set_new ();
  lq_field_set_forward_edit_failed (self->fields, self);
  g_signal_connect_swapped (self->fields, "changed", G_CALLBACK (fields_changed_cb), self);

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

  lq_edit_pane_set_track (self, NULL);
  if (lq_field_set_set_project (self->fields, project))
    {
      lq_inspector_set_project (self->inspector, project);
      lq_cover_row_set_project (self->cover_row, project);
    }
}

void
lq_edit_pane_set_track (LqEditPane *self,
                        LqTrack    *track)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));

  if (!lq_field_set_set_track (self->fields, track))
    return;

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

  return lq_field_set_get_track (self->fields);
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

LqFieldSet *
_lq_edit_pane_get_fields (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return self->fields;
}

LqCoverRow *
_lq_edit_pane_get_cover_row (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return self->cover_row;
}

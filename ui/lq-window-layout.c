/* lq-window-layout.c: the window's workspace layout, remembered.
 *
 * The panes' positions, the view page shown, the timeline's, the details
 * pane's and the loudness chart's visibility are GSettings keys bound to
 * the workspace's and the window's properties; win.show-view (Alt+1..6)
 * switches the view pages, win.toggle-timeline (Ctrl+Shift+T) shows or
 * hides the timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-window-internal.h"

/* Alt+1..6: the pages in the switcher's order, whether present or not */
static const char *const view_keys[] = { "track", "tonal", "dynamics", "loudness", "listeners", "codecs" };

static void
lq_window_show_view_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (lq_workspace_get_view (self->workspace, name) != NULL)
    lq_workspace_set_visible_view (self->workspace, name);
}

void
_lq_window_layout_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", lq_window_show_view_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-timeline", "timeline-visible");

  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", view_keys[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-timeline", NULL);
}

void
_lq_window_layout_init (LqWindow *self)
{
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "timeline-visible", self->workspace, "timeline-visible",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "timeline-position", self->workspace, "timeline-position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "views-position", self->workspace, "views-position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "view-page", self->workspace, "visible-view",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "details-visible", self, "details-visible",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "loudness-visible", self, "loudness-visible",
                   G_SETTINGS_BIND_DEFAULT);
}

LqWorkspace *
lq_window_get_workspace (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->workspace;
}

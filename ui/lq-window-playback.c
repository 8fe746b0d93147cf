/* lq-window-playback.c: the window's playback parts: the transport bar,
 * the playhead waveform, the meters, the no-output message, and the
 * playback actions with their keys.
 *
 * The keys are a shortcut controller in the capture phase, so that Space
 * plays rather than pressing the focused button, and Left and Right seek
 * rather than moving in the track list; a text entry with the focus keeps
 * them, and so does the rest of the window when an action is disabled.
 *
 * Nothing here plays: until a playback client is wired in
 * (_lq_window_set_playback_handler() is where), the actions that would
 * need one are disabled, and those that are the window's own state (the
 * source chosen, looping) change the transport bar only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-window-internal.h"
#include "lq-window-private.h"

/* How far win.seek-back and win.seek-forward go, in seconds */
#define SEEK_STEP_S 5.0

typedef struct
{
  guint keyval;
  GdkModifierType modifiers;
  const char *action;
} PlaybackKey;

static const PlaybackKey playback_keys[] = {
  { GDK_KEY_space, 0, "win.play-pause" },
  { GDK_KEY_Home, 0, "win.go-start" },
  { GDK_KEY_End, 0, "win.go-end" },
  { GDK_KEY_Left, 0, "win.seek-back" },
  { GDK_KEY_Right, 0, "win.seek-forward" },
  { GDK_KEY_1, 0, "win.source-mix" },
  { GDK_KEY_2, 0, "win.source-master" },
  { GDK_KEY_3, 0, "win.source-reference" },
  { GDK_KEY_a, 0, "win.source-toggle" },
  { GDK_KEY_l, 0, "win.loop" },
  { GDK_KEY_t, GDK_CONTROL_MASK, "win.transitions" },
  { GDK_KEY_b, GDK_CONTROL_MASK, "win.blind-test" },
};

/* What needs a playback client */
static const char *player_actions[] = {
  "win.play-pause",
  "win.go-start",
  "win.go-end",
  "win.seek-back",
  "win.seek-forward",
  "win.transitions",
  "win.blind-test",
};

static void
lq_window_playback_request (LqWindow   *self,
                            const char *action,
                            GVariant   *parameter)
{
  g_autoptr(GVariant) sunk = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  if (self->playback_handler != NULL)
    self->playback_handler (self, action, sunk, self->playback_handler_data);
}

static void
lq_window_player_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  double position = lq_transport_bar_get_position (self->transport_bar);
  double length = lq_transport_bar_get_length (self->transport_bar);

  if (g_str_equal (action_name, "win.go-start"))
    lq_window_playback_request (self, "seek", g_variant_new_double (0));
  else if (g_str_equal (action_name, "win.go-end"))
    lq_window_playback_request (self, "seek", g_variant_new_double (length));
  else if (g_str_equal (action_name, "win.seek-back"))
    lq_window_playback_request (self, "seek", g_variant_new_double (MAX (0.0, position - SEEK_STEP_S)));
  else if (g_str_equal (action_name, "win.seek-forward"))
    lq_window_playback_request (self, "seek", g_variant_new_double (MIN (length, position + SEEK_STEP_S)));
  else
    lq_window_playback_request (self, action_name + strlen ("win."), NULL);
}

static void
lq_window_source_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  LqTransportSource source;

  if (g_str_equal (action_name, "win.source-toggle"))
    source = self->previous_source;
  else if (g_str_equal (action_name, "win.source-master"))
    source = LQ_TRANSPORT_SOURCE_MASTER;
  else if (g_str_equal (action_name, "win.source-reference"))
    source = LQ_TRANSPORT_SOURCE_REFERENCE;
  else
    source = LQ_TRANSPORT_SOURCE_MIX;

  /* The bar says it (notify::source), and that goes on to the client */
  lq_transport_bar_set_source (self->transport_bar, source);
}

static void
lq_window_loop_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);

  lq_transport_bar_set_loop_active (self->transport_bar,
                                    !lq_transport_bar_get_loop_active (self->transport_bar));
}

static void
lq_window_playback_retry_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  lq_window_playback_request (LQ_WINDOW (widget), "retry", NULL);
}

/* A text entry, or anything in a popover (a menu, the monitor section),
 * keeps its keys */
static gboolean
lq_window_focus_keeps_keys (LqWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    if (GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) || GTK_IS_POPOVER (focus))
      return TRUE;
  return FALSE;
}

static gboolean
lq_window_playback_can_play (LqWindow *self)
{
  return self->playback_available && self->playback_handler != NULL;
}

static gboolean
lq_window_playback_action_enabled (LqWindow   *self,
                                   const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (player_actions); i++)
    if (g_str_equal (player_actions[i], action))
      return lq_window_playback_can_play (self);
  return TRUE;
}

static gboolean
lq_window_playback_key_cb (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  LqWindow *self = LQ_WINDOW (widget);
  const char *action = user_data;

  /* Space is a space in a text entry */
  if (lq_window_focus_keeps_keys (self))
    return FALSE;

  /* A disabled action leaves the key to the focused widget */
  if (!lq_window_playback_action_enabled (self, action))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
lq_window_source_notify_cb (LqWindow *self)
{
  LqTransportSource source = lq_transport_bar_get_source (self->transport_bar);

  if (source != self->current_source)
    {
      self->previous_source = self->current_source;
      self->current_source = source;
    }
  lq_window_playback_request (self, "source", g_variant_new_uint32 (source));
}

static void
lq_window_play_pause_cb (LqWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.play-pause", NULL);
}

static void
lq_window_stop_cb (LqWindow *self)
{
  lq_window_playback_request (self, "stop", NULL);
}

static void
lq_window_seek_cb (LqWindow *self,
                   double    position)
{
  lq_window_playback_request (self, "seek", g_variant_new_double (position));
}

static void
lq_window_loop_changed_cb (LqWindow *self,
                           double    start,
                           double    end)
{
  lq_playhead_waveform_set_loop (self->playhead_waveform, start, end);
  lq_window_playback_request (self, "loop-region", g_variant_new ("(dd)", start, end));
}

static void
lq_window_page_cb (LqWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (self->playback_box, g_strcmp0 (page, "tracks") == 0);
}

static void
lq_window_playback_update_actions (LqWindow *self)
{
  gboolean can_play = lq_window_playback_can_play (self);

  for (guint i = 0; i < G_N_ELEMENTS (player_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), player_actions[i], can_play);
  lq_transport_bar_set_can_play (self->transport_bar, can_play);
}

void
_lq_window_playback_install (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (player_actions); i++)
    gtk_widget_class_install_action (widget_class, player_actions[i], NULL, lq_window_player_action);
  gtk_widget_class_install_action (widget_class, "win.source-mix", NULL, lq_window_source_action);
  gtk_widget_class_install_action (widget_class, "win.source-master", NULL, lq_window_source_action);
  gtk_widget_class_install_action (widget_class, "win.source-reference", NULL, lq_window_source_action);
  gtk_widget_class_install_action (widget_class, "win.source-toggle", NULL, lq_window_source_action);
  gtk_widget_class_install_action (widget_class, "win.loop", NULL, lq_window_loop_action);
  gtk_widget_class_install_action (widget_class, "win.playback-retry", NULL, lq_window_playback_retry_action);

  g_type_ensure (LQ_TYPE_METER_PANEL);
  g_type_ensure (LQ_TYPE_PLAYHEAD_WAVEFORM);
  g_type_ensure (LQ_TYPE_TRANSPORT_BAR);
}

void
_lq_window_playback_init (LqWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  /* Before the focused widget sees them */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_LOCAL);
  for (guint i = 0; i < G_N_ELEMENTS (playback_keys); i++)
    {
      const PlaybackKey *key = &playback_keys[i];
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (key->keyval, key->modifiers),
                          gtk_callback_action_new (lq_window_playback_key_cb, (gpointer) key->action, NULL));

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->playback_available = TRUE;
  self->current_source = LQ_TRANSPORT_SOURCE_MIX;
  self->previous_source = LQ_TRANSPORT_SOURCE_MASTER;

  g_signal_connect_swapped (self->transport_bar, "notify::source", G_CALLBACK (lq_window_source_notify_cb), self);
  g_signal_connect_swapped (self->transport_bar, "play-pause", G_CALLBACK (lq_window_play_pause_cb), self);
  g_signal_connect_swapped (self->transport_bar, "stop", G_CALLBACK (lq_window_stop_cb), self);
  g_signal_connect_swapped (self->playhead_waveform, "seek", G_CALLBACK (lq_window_seek_cb), self);
  g_signal_connect_swapped (self->playhead_waveform, "loop-changed", G_CALLBACK (lq_window_loop_changed_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (lq_window_page_cb), self);

  lq_window_page_cb (self);
  lq_window_playback_update_actions (self);
}

void
lq_window_set_playback_available (LqWindow   *self,
                                  gboolean    available,
                                  const char *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LQ_IS_WINDOW (self));

  self->playback_available = !!available;
  if (reason != NULL && reason[0] != '\0')
    /* Translators: the no-output message, then why: "… Everything else works. (No device found)" */
    text = g_strdup_printf (_("No audio output: playback is off. Everything else works. (%s)"), reason);
  else
    text = g_strdup (_("No audio output: playback is off. Everything else works."));
  gtk_label_set_label (self->playback_message, text);
  gtk_revealer_set_reveal_child (self->playback_revealer, !available);
  lq_window_playback_update_actions (self);
}

void
_lq_window_set_playback_handler (LqWindow               *self,
                                 LqWindowPlaybackHandler handler,
                                 gpointer                user_data)
{
  g_return_if_fail (LQ_IS_WINDOW (self));

  self->playback_handler = handler;
  self->playback_handler_data = user_data;
  lq_window_playback_update_actions (self);
}

LqTransportBar *
_lq_window_get_transport_bar (LqWindow *self)
{
  return self->transport_bar;
}

LqMeterPanel *
_lq_window_get_meter_panel (LqWindow *self)
{
  return self->meter_panel;
}

LqPlayheadWaveform *
_lq_window_get_playhead_waveform (LqWindow *self)
{
  return self->playhead_waveform;
}

GtkRevealer *
_lq_window_get_playback_revealer (LqWindow *self)
{
  return self->playback_revealer;
}

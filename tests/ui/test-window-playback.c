/* test-window-playback.c: the window's playback keys, actions and parts.
 *
 * Real key presses (xdotool on the test's X server) reach the playback
 * actions before the focused widget, except in a text entry, where Space is
 * a space; without a player the actions that need one are disabled and
 * their keys do nothing, while the source and loop keys change the
 * transport bar; the no-output message shows and hides; the window with its
 * playback parts fits 1024x600 (a screenshot). Run under
 * build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lq-field-set.h"
#include "lq-preferences-window.h"
#include "lq-test-ui.h"

/* What the playback handler was asked, in order: "seek 45.0; play-pause" */
typedef struct
{
  GString *log;
  guint n;
} Requests;

static void
record_cb (LqWindow   *window,
           const char *request,
           GVariant   *parameter,
           gpointer    user_data)
{
  Requests *requests = user_data;

  if (requests->log->len > 0)
    g_string_append (requests->log, "; ");
  g_string_append (requests->log, request);
  if (parameter != NULL && g_variant_is_of_type (parameter, G_VARIANT_TYPE_DOUBLE))
    g_string_append_printf (requests->log, " %.1f", g_variant_get_double (parameter));
  else if (parameter != NULL && g_variant_is_of_type (parameter, G_VARIANT_TYPE_UINT32))
    g_string_append_printf (requests->log, " %u", g_variant_get_uint32 (parameter));
  requests->n++;
}

typedef struct
{
  Requests *requests;
  guint n;
} RequestsWait;

static gboolean
has_requests (gpointer data)
{
  RequestsWait *wait = data;

  return wait->requests->n >= wait->n;
}

/* Presses @keys and waits until the handler has @n requests in all; then
 * lets the main loop run a little longer, so that a request too many
 * would show. */
static void
press (LqWindow   *window,
       const char *keys,
       Requests   *requests,
       guint       n)
{
  g_autofree char *args = g_strdup_printf ("key --delay 20 %s", keys);
  RequestsWait wait = { requests, n };

  lq_test_xdotool (GTK_WIDGET (window), args);
  wait_until (has_requests, &wait, keys);
  /* A marker key no action takes: once it is through, so is everything
   * before it */
  lq_test_xdotool (GTK_WIDGET (window), "key --delay 20 F12");
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  LqTransportBar *bar;
  LqTransportSource source;
} SourceWait;

static gboolean
source_is (gpointer data)
{
  SourceWait *wait = data;

  return lq_transport_bar_get_source (wait->bar) == wait->source;
}

static gboolean
loop_is_on (gpointer data)
{
  return lq_transport_bar_get_loop_active (data);
}

/* Without a player: the keys that need one do nothing (and go on to the
 * focused widget); the source and loop keys are the window's own. */
static void
test_window_playback_no_player (void)
{
  LqWindow *window = window_new_presented ();
  LqTransportBar *bar = _lq_window_get_transport_bar (window);
  SourceWait wait = { bar, LQ_TRANSPORT_SOURCE_MASTER };

  g_assert_false (lq_transport_bar_get_can_play (bar));
  /* Disabled: activating does nothing (no handler to call either) */
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (bar), "play-button")));

  lq_test_xdotool (GTK_WIDGET (window), "key 2");
  wait_until (source_is, &wait, "2 to choose the master");
  lq_test_xdotool (GTK_WIDGET (window), "key 1");
  wait.source = LQ_TRANSPORT_SOURCE_MIX;
  wait_until (source_is, &wait, "1 to choose the mix");
  /* A: back to the one before */
  lq_test_xdotool (GTK_WIDGET (window), "key a");
  wait.source = LQ_TRANSPORT_SOURCE_MASTER;
  wait_until (source_is, &wait, "A to go back to the master");
  lq_test_xdotool (GTK_WIDGET (window), "key a");
  wait.source = LQ_TRANSPORT_SOURCE_MIX;
  wait_until (source_is, &wait, "A to go back to the mix");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.source-reference", NULL));
  g_assert_cmpuint (lq_transport_bar_get_source (bar), ==, LQ_TRANSPORT_SOURCE_REFERENCE);

  g_assert_false (lq_transport_bar_get_loop_active (bar));
  lq_test_xdotool (GTK_WIDGET (window), "key l");
  wait_until (loop_is_on, bar, "L to loop");

  destroy_window (window);
}

static gboolean
preferences_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (LQ_IS_PREFERENCES_WINDOW (toplevel))
        {
          *(GtkWindow **) data = toplevel;
          return TRUE;
        }
    }
  return FALSE;
}

/* app.preferences, Ctrl+comma and in the primary menu, opens them */
static void
test_window_playback_preferences (void)
{
  LqWindow *window = window_new_presented ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  GtkWindow *preferences = NULL;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+comma");
  wait_until (preferences_shown, &preferences, "the preferences to open");
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  gtk_window_destroy (preferences);

  destroy_window (window);
}

/* A project of the two sines, measured and shown, at @width x @height */
static LqWindow *
project_window_new (const char *name,
                    int         width,
                    int         height)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");

  window = lq_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_drawn, window, "the window to show");
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  settle (window);

  return window;
}

typedef struct
{
  GtkEditable *editable;
  const char *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (wait->editable), wait->text) == 0;
}

/* With a player: each key asks for its action, before the focused widget;
 * Space typed in the track title is a space. */
static void
test_window_playback_keys (void)
{
  LqWindow *window = project_window_new ("Keys", 1200, 800);
  LqTransportBar *bar = _lq_window_get_transport_bar (window);
  Requests requests = { g_string_new (NULL), 0 };
  GtkWidget *stop, *title;

  /* The window's own player found no helper here (no output): the
   * recorder stands in for it, with an output */
  _lq_window_set_playback_handler (window, record_cb, &requests);
  lq_window_set_playback_available (window, TRUE, NULL);
  g_assert_true (lq_transport_bar_get_can_play (bar));
  lq_transport_bar_set_length (bar, 100);
  lq_transport_bar_set_position (bar, 50);

  press (window, "space", &requests, 1);
  press (window, "Left", &requests, 2);
  press (window, "Right", &requests, 3);
  press (window, "Home End", &requests, 5);
  press (window, "ctrl+t ctrl+b", &requests, 7);
  press (window, "2", &requests, 8);
  g_assert_cmpstr (requests.log->str, ==,
                   "play-pause; seek 45.0; seek 55.0; seek 0.0; seek 100.0; transitions; blind-test; source 1");

  /* A focused button does not take Space: playback does */
  stop = find_named (GTK_WIDGET (bar), "stop-button");
  g_assert_true (gtk_widget_grab_focus (stop));
  g_string_truncate (requests.log, 0);
  requests.n = 0;
  press (window, "space", &requests, 1);
  g_assert_cmpstr (requests.log->str, ==, "play-pause");

  /* In the track title, Space is a space */
  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  title = lq_field_set_get_editor (_lq_edit_pane_get_fields (_lq_window_get_edit_pane (window)), FALSE, "title");
  g_assert_true (ADW_IS_ENTRY_ROW (title));
  g_assert_true (gtk_widget_grab_focus (title));
  gtk_editable_set_position (GTK_EDITABLE (title), -1);
  {
    g_autofree char *typed = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (title)), " 2", NULL);
    TextWait wait = { GTK_EDITABLE (title), typed };

    lq_test_xdotool (GTK_WIDGET (window), "type --delay 20 ' 2'");
    wait_until (text_is, &wait, "the typed space");
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (requests.n, ==, 1);
    g_assert_cmpuint (lq_transport_bar_get_source (bar), ==, LQ_TRANSPORT_SOURCE_MASTER);
  }

  /* No output: the message, and the keys that need playback do nothing */
  gtk_widget_grab_focus (find_named (GTK_WIDGET (bar), "source-mix"));
  lq_window_set_playback_available (window, FALSE, "No output devices");
  g_assert_true (gtk_revealer_get_reveal_child (_lq_window_get_playback_revealer (window)));
  g_assert_false (lq_transport_bar_get_can_play (bar));
  {
    GtkWidget *message = find_named (GTK_WIDGET (window), "playback-message");
    GtkLabel *label = GTK_LABEL (find_type (message, GTK_TYPE_LABEL));

    g_assert_cmpstr (gtk_label_get_label (label), ==,
                     "No audio output: playback is off. Everything else works. (No output devices)");
  }
  /* Space goes on to the focused Mix button instead, which chooses the mix */
  press (window, "space 3", &requests, 3);
  g_assert_cmpstr (requests.log->str, ==, "play-pause; source 0; source 2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.playback-retry", NULL));
  g_assert_cmpstr (requests.log->str, ==, "play-pause; source 0; source 2; retry");
  lq_window_set_playback_available (window, TRUE, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (_lq_window_get_playback_revealer (window)));
  g_assert_true (lq_transport_bar_get_can_play (bar));

  _lq_window_set_playback_handler (window, NULL, NULL);
  g_string_free (requests.log, TRUE);
  destroy_window (window);
}

/* The X server's answer to the window's earlier growth can arrive after
 * the test asked for 1024x600 (a loaded machine): GTK takes a configured
 * size as the new default, so ask again until the window is small. */
static gboolean
is_small (gpointer data)
{
  int width, height;

  if (gtk_widget_get_width (data) <= 1024 && gtk_widget_get_height (data) <= 600)
    return TRUE;

  gtk_window_get_default_size (GTK_WINDOW (data), &width, &height);
  if (width != 1024 || height != 600)
    gtk_window_set_default_size (GTK_WINDOW (data), 1024, 600);
  return FALSE;
}

static void
assert_inside (GtkWidget *widget,
               GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
}

/* 1024x600, the details pane, the loudness chart and the album timeline
 * hidden (with any of them, the tracks page alone is wider or taller than
 * that; Ctrl+Shift+T hides the timeline): the table, the
 * no-output message, the transport bar, the waveform and the meters all
 * show, none cut off */
static void
test_window_playback_small (void)
{
  LqWindow *window = project_window_new ("Small", 1024, 600);
  LqTransportBar *bar = _lq_window_get_transport_bar (window);
  LqTrackItem *item;
  LqMeterValues values = {
    .momentary = -13.2, .short_term = -14.1, .integrated = -14.6,
    .true_peak = -1.4, .true_peak_hold = -0.9, .correlation = 0.82, .plr = 13.2,
  };

  item = g_list_model_get_item (window_tracks (window), 0);
  lq_playhead_waveform_set_analysis (_lq_window_get_playhead_waveform (window), lq_track_item_get_analysis (item));
  g_object_unref (item);
  lq_playhead_waveform_set_position (_lq_window_get_playhead_waveform (window), 1.5);
  lq_playhead_waveform_set_loop (_lq_window_get_playhead_waveform (window), 0.5, 2.5);
  lq_meter_panel_set_values (_lq_window_get_meter_panel (window), &values);
  g_object_set (bar,
                "track-title", "Opening",
                "length", 5.0,
                "position", 1.5,
                "mix-gain", 0.0,
                "master-gain", -2.1,
                "reference-gain", 1.4,
                "has-reference", TRUE,
                NULL);
  lq_window_set_playback_available (window, FALSE, NULL);
  g_object_set (window, "details-visible", FALSE, "loudness-visible", FALSE, NULL);
  lq_workspace_set_timeline_visible (lq_window_get_workspace (window), FALSE);
  settle (window);
  wait_until (no_transition_running, window, "the pane to close");
  /* The window had grown to fit the pane: back to the small size */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  wait_until (is_small, window, "the window to be 1024x600");
  save_screenshot (GTK_WIDGET (window), "test-window-playback.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);
  assert_inside (GTK_WIDGET (bar), GTK_WIDGET (window));
  assert_inside (find_named (GTK_WIDGET (bar), "monitor"), GTK_WIDGET (window));
  assert_inside (find_named (GTK_WIDGET (bar), "crossfade"), GTK_WIDGET (window));
  assert_inside (GTK_WIDGET (_lq_window_get_meter_panel (window)), GTK_WIDGET (window));
  assert_inside (GTK_WIDGET (_lq_window_get_playhead_waveform (window)), GTK_WIDGET (window));
  assert_inside (GTK_WIDGET (_lq_window_get_track_table (window)), GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (_lq_window_get_track_table (window))), >=, 100);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/window-playback/no-player", test_window_playback_no_player);
  g_test_add_func ("/ui/window-playback/keys", test_window_playback_keys);
  g_test_add_func ("/ui/window-playback/preferences", test_window_playback_preferences);
  g_test_add_func ("/ui/window-playback/small", test_window_playback_small);

  return lq_test_ui_run ();
}

/* test-window-player.c: the window's player (lq-window-player.c).
 *
 * The mappings between the widgets and LqPlayer; a project's player made
 * and dropped with the project; with no output (no sound card, no JACK
 * server: the real helper, LACQUER_PLAYBACK_HELPER) the no-output message,
 * the track's title and waveform, everything else usable; and, under a
 * JACK dummy server (tests/ui/meson.build runs /ui/window-player/jack
 * there), the devices listed for the preferences, the track loaded and
 * played through the window's actions, the meters and the gains; the
 * Listeners view's Play as Heard asking the player for the platform's gains
 * (lq-platform.h's, by track number) and giving level matching back; the
 * album released as a DDP (lacquer-cli release --ddp) played through
 * "Listen to a DDP…" (verified on a worker, the CD track in the bar); a
 * codec chosen in the reference chooser: the selected track's master as it
 * delivers it, made on a worker thread, as the player's reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>

#include "lq-abx-dialog.h"
#include "lq-listeners-view.h"
#include "lq-player-private.h"
#include "lq-preferences-window.h"
#include "lq-test-ui.h"
#include "lq-window-codec.h"
#include "lq-window-player.h"

static void
test_window_player_mappings (void)
{
  LqPlayerMeter meter = { -20.5, -21, -22, -3, -1, 0.5, 19 };
  LqMeterValues values;
  g_autoptr(GtkWidget) section = g_object_ref_sink (lq_monitor_section_new ());

  for (LqTransportSource s = 0; s < LQ_TRANSPORT_N_SOURCES; s++)
    g_assert_cmpint (_lq_window_player_source_from_player (_lq_window_player_source_to_player (s)), ==, s);
  g_assert_cmpint (_lq_window_player_source_to_player (LQ_TRANSPORT_SOURCE_MIX), ==, LQ_PLAYBACK_MIX);
  g_assert_cmpint (_lq_window_player_source_to_player (LQ_TRANSPORT_SOURCE_MASTER), ==, LQ_PLAYBACK_MASTER);
  g_assert_cmpint (_lq_window_player_source_to_player (LQ_TRANSPORT_SOURCE_REFERENCE), ==, LQ_PLAYBACK_REFERENCE);

  /* The two enums are in different orders */
  for (LqTransportMatchMode m = 0; m < LQ_TRANSPORT_N_MATCH_MODES; m++)
    g_assert_cmpint (_lq_window_player_mode_from_player (_lq_window_player_mode_to_player (m)), ==, m);
  g_assert_cmpint (_lq_window_player_mode_to_player (LQ_TRANSPORT_MATCH_OFF), ==, LQ_LEVEL_MATCH_OFF);
  g_assert_cmpint (_lq_window_player_mode_to_player (LQ_TRANSPORT_MATCH_INTEGRATED), ==, LQ_LEVEL_MATCH_INTEGRATED);
  g_assert_cmpint (_lq_window_player_mode_to_player (LQ_TRANSPORT_MATCH_LOUDEST), ==, LQ_LEVEL_MATCH_LOUDEST);
  g_assert_cmpint (_lq_window_player_mode_to_player (LQ_TRANSPORT_MATCH_LOOP), ==, LQ_LEVEL_MATCH_LOOP);

  _lq_window_player_meter_to_values (&meter, &values);
  g_assert_cmpfloat (values.momentary, ==, -20.5);
  g_assert_cmpfloat (values.short_term, ==, -21);
  g_assert_cmpfloat (values.integrated, ==, -22);
  g_assert_cmpfloat (values.true_peak, ==, -3);
  g_assert_cmpfloat (values.true_peak_hold, ==, -1);
  g_assert_cmpfloat (values.correlation, ==, 0.5);
  g_assert_cmpfloat (values.plr, ==, 19);

  g_assert_cmpint (_lq_window_player_monitor_flags (LQ_MONITOR_SECTION (section)), ==, LQ_MONITOR_NONE);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "mono", TRUE);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "dim", TRUE);
  g_assert_cmpint (_lq_window_player_monitor_flags (LQ_MONITOR_SECTION (section)), ==, LQ_MONITOR_MONO | LQ_MONITOR_DIM);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "mono", FALSE);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "side", TRUE);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "polarity", TRUE);
  lq_monitor_section_set_flag (LQ_MONITOR_SECTION (section), "swap", TRUE);
  g_assert_cmpint (_lq_window_player_monitor_flags (LQ_MONITOR_SECTION (section)), ==,
                   LQ_MONITOR_SIDE | LQ_MONITOR_POLARITY | LQ_MONITOR_SWAP | LQ_MONITOR_DIM);
}

/* A project of the two sines, measured and shown */
static LqWindow *
project_window_new (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "One.wav");
  two = copy_into (sine_paths[1], dir, "Two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  settle (window);
  return window;
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
has_sound_card (void)
{
  g_autofree char *cards = NULL;

  if (g_file_test ("/dev/dsp", G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_get_contents ("/proc/asound/cards", &cards, NULL, NULL))
    return FALSE;
  for (char *p = cards; *p != '\0'; p++)
    if ((p == cards || p[-1] == '\n') && g_ascii_isdigit (*g_strchug (p)))
      return TRUE;
  return FALSE;
}

/* No project: no player. A project: its player, the no-output message
 * (no device here), the first track's title; everything else usable.
 * Another project: another player, the first one dropped (its helper
 * quits with it). */
static void
test_window_player_no_device (void)
{
  g_autofree char *other = g_build_filename (tmp_dir, "Other.lacquer", NULL);
  LqWindow *window;
  LqTransportBar *bar;
  GtkRevealer *revealer;
  GtkWidget *message;
  LqPlayer *player;

  if (g_getenv ("LQ_TEST_JACK") != NULL || has_sound_card ())
    {
      g_test_skip ("needs a machine with no sound card, and no JACK server");
      return;
    }

  window = window_new_presented ();
  g_assert_null (_lq_window_get_player (window));
  g_assert_nonnull (_lq_window_get_playback_devices (window));
  destroy_window (window);

  window = project_window_new ("No Device");
  bar = _lq_window_get_transport_bar (window);
  revealer = _lq_window_get_playback_revealer (window);
  player = _lq_window_get_player (window);
  g_assert_nonnull (player);
  g_object_add_weak_pointer (G_OBJECT (player), (gpointer *) &player);

  wait_until (revealed, revealer, "the no-output message");
  message = find_type (gtk_revealer_get_child (revealer), GTK_TYPE_LABEL);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (message)), "No audio output"));
  g_assert_false (lq_transport_bar_get_can_play (bar));
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (bar), "play-button")));
  /* The first track (nothing selected) is shown all the same */
  g_assert_cmpstr (lq_transport_bar_get_track_title (bar), ==, "One");
  g_assert_cmpuint (g_list_model_get_n_items (_lq_window_get_playback_devices (window)), ==, 0);
  /* The rest works: the table shows the album */
  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 2);

  /* Another project: another player */
  g_assert_true (lq_window_new_project (window, other));
  g_assert_null (player);
  g_assert_nonnull (_lq_window_get_player (window));
  g_assert_null (lq_transport_bar_get_track_title (bar));

  destroy_window (window);
}

static gboolean
has_playback (gpointer data)
{
  return lq_listeners_view_get_playback (LQ_LISTENERS_VIEW (data)) != NULL;
}

/* Play as Heard in the Listeners view: the player gets the library's gain
 * for each track (YouTube in shuffle, then Spotify's album gain), and
 * level matching back when it is off. No device needed: the player keeps
 * what it was asked (a new helper gets it again). */
static void
test_window_player_listeners (void)
{
  LqWindow *window = project_window_new ("Listeners");
  LqPlayer *player = _lq_window_get_player (window);
  GtkWidget *view = lq_workspace_get_view (lq_window_get_workspace (window), "listeners");
  const char *const platforms[] = { "youtube", "spotify-normal" };
  const LqPlatformContext contexts[] = { LQ_PLATFORM_CONTEXT_TRACK, LQ_PLATFORM_CONTEXT_ALBUM };
  guint n = 0;

  g_assert_nonnull (player);
  g_assert_nonnull (view);
  wait_until (has_playback, view, "the platform preview");
  g_assert_null (lq_player_get_track_gains (player, &n));

  for (guint k = 0; k < G_N_ELEMENTS (platforms); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LqPlatformPreview) preview = NULL;
      const LqPlatformPlayback *p;
      const double *gains;

      lq_listeners_view_set_platform (LQ_LISTENERS_VIEW (view), platforms[k]);
      lq_listeners_view_set_context (LQ_LISTENERS_VIEW (view), contexts[k]);
      lq_listeners_view_set_playing (LQ_LISTENERS_VIEW (view), TRUE);
      preview = lq_platform_preview_new (lq_window_get_project (window), platforms[k], &error);
      g_assert_no_error (error);
      p = lq_platform_preview_find (preview, platforms[k], contexts[k]);
      g_assert_nonnull (p);
      g_assert_cmpuint (p->n_tracks, ==, 2);
      gains = lq_player_get_track_gains (player, &n);
      g_assert_nonnull (gains);
      g_assert_cmpuint (n, ==, 2);
      for (guint i = 0; i < p->n_tracks; i++)
        g_assert_cmpfloat_with_epsilon (gains[p->tracks[i].number - 1],
                                        lq_platform_track_get_listening_gain_db (&p->tracks[i]), 1e-9);
    }

  lq_listeners_view_set_playing (LQ_LISTENERS_VIEW (view), FALSE);
  g_assert_null (lq_player_get_track_gains (player, &n));
  g_assert_cmpuint (n, ==, 0);
  destroy_window (window);
}

static gboolean
has_devices (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) > 0;
}

static gboolean
is_playing_past (gpointer data)
{
  LqWindow *window = data;
  LqTransportBar *bar = _lq_window_get_transport_bar (window);

  return lq_transport_bar_get_playing (bar) && lq_transport_bar_get_position (bar) > 1.0;
}

static gboolean
meters_read (gpointer data)
{
  LqMeterValues values;

  lq_meter_panel_get_values (LQ_METER_PANEL (data), &values);
  return isfinite (values.momentary);
}

static gboolean
can_play (gpointer data)
{
  LqWindow *window = data;
  LqPlayer *player = _lq_window_get_player (window);

  return lq_transport_bar_get_can_play (_lq_window_get_transport_bar (window))
         && player != NULL && lq_player_get_track (player) == 1;
}

static gboolean
paused_at_start (gpointer data)
{
  LqTransportBar *bar = data;

  return !lq_transport_bar_get_playing (bar) && lq_transport_bar_get_position (bar) == 0;
}

static gboolean
source_is_master (gpointer data)
{
  return lq_player_get_source (LQ_PLAYER (data)) == LQ_PLAYBACK_MASTER;
}

static gboolean
has_loop (gpointer data)
{
  return lq_player_get_loop (LQ_PLAYER (data), NULL, NULL);
}

static gboolean
no_loop (gpointer data)
{
  return !lq_player_get_loop (LQ_PLAYER (data), NULL, NULL);
}

static gboolean
plays_transitions (gpointer data)
{
  return lq_player_get_mode (LQ_PLAYER (data)) == LQ_ENGINE_MODE_TRANSITIONS;
}

static gboolean
plays_track (gpointer data)
{
  return lq_player_get_mode (LQ_PLAYER (data)) == LQ_ENGINE_MODE_TRACK;
}

static gboolean
source_is_reference (gpointer data)
{
  return lq_player_get_source (LQ_PLAYER (data)) == LQ_PLAYBACK_REFERENCE;
}

static gboolean
reference_gain_shown (gpointer data)
{
  return isfinite (lq_transport_bar_get_gain (LQ_TRANSPORT_BAR (data), LQ_TRANSPORT_SOURCE_REFERENCE));
}

static gboolean
source_is_mix (gpointer data)
{
  return lq_player_get_source (LQ_PLAYER (data)) == LQ_PLAYBACK_MIX;
}

/* The window's blind test, when one is open. */
static GtkWindow *
open_abx_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      /* GTK keeps it: the pointer outlives this reference */
      if (LQ_IS_ABX_DIALOG (w))
        return w;
    }
  return NULL;
}

static gboolean
gains_shown (gpointer data)
{
  return isfinite (lq_transport_bar_get_gain (LQ_TRANSPORT_BAR (data), LQ_TRANSPORT_SOURCE_MIX));
}

/* Under a JACK dummy server: the devices, the preferences' list, playing
 * through the window's actions, the meters, the source and stop. */
static gboolean
plays_ddp (gpointer data)
{
  LqWindow *window = data;
  LqPlayer *player = _lq_window_get_player (window);
  const char *title = lq_transport_bar_get_track_title (_lq_window_get_transport_bar (window));

  return lq_player_get_mode (player) == LQ_ENGINE_MODE_IMAGE
         && lq_player_get_state (player) == LQ_PLAYER_STATE_PLAYING
         && lq_player_get_position (player) >= 2.0
         && title != NULL && g_str_has_prefix (title, "Track 1 · ");
}

/* The album released as a DDP by lacquer-cli, then "Listen to a DDP…":
 * it plays from track 1's INDEX 01 (2 s), the bar showing its CD track. */
static void
listen_to_ddp (LqWindow *window)
{
  g_autofree char *out = g_build_filename (tmp_dir, "Released", NULL);
  g_autofree char *ddp = g_build_filename (out, "DDP", NULL);
  const char *argv[] = { g_getenv ("LQ_CLI"), "release", lq_project_get_path (lq_window_get_project (window)),
                         "--out", out, "--ddp", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  _lq_window_player_play_ddp (window, ddp);
  wait_until (plays_ddp, window, "the DDP playing from track 1's INDEX 01");
  lq_player_pause (_lq_window_get_player (window));
  remove_tree (out);
}

static void
test_window_player_jack (void)
{
  LqWindow *window;
  LqTransportBar *bar;
  LqPlayer *player;
  LqPreferencesWindow *preferences;
  GListModel *devices;
  GtkWidget *device_row;
  GListModel *names;
  gboolean found = FALSE;
  guint64 pid;
  guint n_toasts;

  if (g_getenv ("LQ_TEST_JACK") == NULL)
    {
      g_test_skip ("runs under build-aux/with-jack-dummy.sh (meson test window-player-jack)");
      return;
    }

  window = project_window_new ("Jack");
  bar = _lq_window_get_transport_bar (window);
  player = _lq_window_get_player (window);
  devices = _lq_window_get_playback_devices (window);
  wait_until (has_devices, devices, "the devices listed");
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (devices, i);

      found |= g_str_has_prefix (gtk_string_object_get_string (item), "JACK");
    }
  g_assert_true (found);

  /* The preferences offer them, after "Default" */
  preferences = lq_preferences_window_new (GTK_WINDOW (window), lq_window_get_settings (window), devices);
  device_row = find_named (GTK_WIDGET (preferences), "device-row");
  if (device_row == NULL)
    device_row = find_type (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW);
  names = adw_combo_row_get_model (ADW_COMBO_ROW (device_row));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, g_list_model_get_n_items (devices) + 1);
  gtk_window_destroy (GTK_WINDOW (preferences));

  wait_until (can_play, window, "the track loaded on the device");
  g_assert_false (gtk_revealer_get_reveal_child (_lq_window_get_playback_revealer (window)));
  wait_until (gains_shown, bar, "the level-match gains in the bar");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL);
  wait_until (is_playing_past, window, "playing past 1 s");
  g_assert_cmpfloat (lq_playhead_waveform_get_position (_lq_window_get_playhead_waveform (window)), >, 0.5);
  wait_until (meters_read, _lq_window_get_meter_panel (window), "the meters");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.source-master", NULL);
  wait_until (source_is_master, player, "the master heard");

  /* Ctrl+B: a blind test through this player. While it is open the bar
   * does not follow the player's source (it would give X away); closed,
   * it shows what is heard again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.blind-test", NULL);
  {
    GtkWindow *abx = open_abx_dialog ();

    g_assert_nonnull (abx);
    g_assert_true (gtk_window_get_transient_for (abx) == GTK_WINDOW (window));
    lq_player_set_source (player, LQ_PLAYBACK_MIX);
    wait_until (source_is_mix, player, "the mix heard");
    g_assert_cmpint (lq_transport_bar_get_source (bar), ==, LQ_TRANSPORT_SOURCE_MASTER);
    gtk_window_destroy (abx);
    g_assert_null (open_abx_dialog ());
    g_assert_cmpint (lq_transport_bar_get_source (bar), ==, LQ_TRANSPORT_SOURCE_MIX);
  }

  /* A reference added to the album shows in the chooser; chosen, 3 plays
   * it, level-matched; "No Reference" again: back to the master. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *ref = copy_into (sine_paths[1], tmp_dir, "Reference.wav");
    GtkDropDown *chooser = lq_transport_bar_get_reference_dropdown (bar);

    gboolean has_reference = TRUE;

    g_object_get (bar, "has-reference", &has_reference, NULL);
    g_assert_false (has_reference);
    g_assert_true (lq_project_add_reference (lq_window_get_project (window), ref, 0, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
    /* "No Reference", the reference, then the codecs */
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (chooser)), ==, 2 + LQ_CODEC_N);
    gtk_drop_down_set_selected (chooser, 1);
    g_assert_cmpstr (lq_player_get_reference (player), ==, ref);
    g_object_get (bar, "has-reference", &has_reference, NULL);
    g_assert_true (has_reference);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.source-reference", NULL);
    wait_until (source_is_reference, player, "the reference heard");
    wait_until (reference_gain_shown, bar, "the reference's level-match gain");
    gtk_drop_down_set_selected (chooser, 0);
    wait_until (source_is_master, player, "the master again");
  }

  /* L: a loop from the playhead, shown in the waveform; L again: none */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.loop", NULL);
  wait_until (has_loop, player, "the loop set");
  {
    double a, b, wa, wb;

    g_assert_true (lq_player_get_loop (player, &a, &b));
    g_assert_true (lq_playhead_waveform_get_loop (_lq_window_get_playhead_waveform (window), &wa, &wb));
    g_assert_cmpfloat (fabs (a - wa), <, 1e-6);
    g_assert_cmpfloat (fabs (b - wb), <, 1e-6);
    g_assert_cmpfloat (b, >, a);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.loop", NULL);
  wait_until (no_loop, player, "the loop cleared");

  /* Ctrl+T: the transitions; again: the track */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.transitions", NULL);
  wait_until (plays_transitions, player, "the transitions loaded");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.transitions", NULL);
  wait_until (plays_track, player, "the track again");
  wait_until (can_play, window, "the track loaded again");

  /* Stop: paused at 0 */
  g_signal_emit_by_name (bar, "stop");
  wait_until (paused_at_start, bar, "stopped at the start");

  /* The helper killed (the device went away): the no-output message and a
   * toast with Try Again; trying again is a new helper, and it plays */
  pid = g_ascii_strtoull (_lq_player_get_helper_id (player), NULL, 10);
  g_assert_cmpuint (pid, >, 0);
  n_toasts = _lq_window_get_n_toasts (window);
  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  wait_until (revealed, _lq_window_get_playback_revealer (window), "the no-output message");
  g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, n_toasts + 1);
  g_assert_cmpstr (_lq_window_get_last_toast (window), ==, "The audio device went away");
  g_assert_false (lq_transport_bar_get_can_play (bar));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.playback-retry", NULL);
  wait_until (can_play, window, "playback back after Try Again");
  g_assert_false (gtk_revealer_get_reveal_child (_lq_window_get_playback_revealer (window)));
  g_assert_cmpuint (g_ascii_strtoull (_lq_player_get_helper_id (player), NULL, 10), !=, pid);

  /* Another buffer in the preferences: a new helper opens with it */
  pid = g_ascii_strtoull (_lq_player_get_helper_id (player), NULL, 10);
  g_settings_set_uint (lq_window_get_settings (window), "playback-buffer", 1024);
  g_assert_cmpuint (g_ascii_strtoull (_lq_player_get_helper_id (player), NULL, 10), !=, pid);
  wait_until (can_play, window, "playback on the new buffer");
  g_settings_reset (lq_window_get_settings (window), "playback-buffer");

  listen_to_ddp (window);
  destroy_window (window);
}

/* What the codec test waits for: the player's reference being @path. */
typedef struct
{
  LqPlayer *player;
  const char *path;
} ReferenceWait;

static gboolean
reference_is (gpointer data)
{
  ReferenceWait *w = data;

  return g_strcmp0 (lq_player_get_reference (w->player), w->path) == 0;
}

/* MP3 128 chosen in the reference chooser: once the worker has made it,
 * the player's reference is track 1's decoded cache file (the one
 * lq_codec_decoded_path() names), which exists, and the Reference button
 * says the codec; track 2 selected: its own file; "No Reference": none.
 * The encode ran on a worker thread, never on this (the main) one: the
 * worker records its thread, and the job it runs holds no project
 * (lq_codec_decoded_job_new() reads the project here). No device needed:
 * the player keeps what it was asked. */
static void
test_window_player_codec (void)
{
  LqWindow *window = project_window_new ("Codec");
  LqPlayer *player = _lq_window_get_player (window);
  LqTransportBar *bar = _lq_window_get_transport_bar (window);
  GtkDropDown *chooser = lq_transport_bar_get_reference_dropdown (bar);
  LqProject *project = lq_window_get_project (window);
  GListModel *items = gtk_drop_down_get_model (chooser);
  guint mp3 = 1 + LQ_CODEC_MP3_128;   /* after "No Reference" (the album has no references) */
  g_autoptr(GError) error = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  gboolean has_reference = TRUE;
  ReferenceWait wait = { player, NULL };

  g_assert_nonnull (player);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1 + LQ_CODEC_N);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), mp3), ==,
                   lq_codec_get_label (LQ_CODEC_MP3_128));
  one = lq_codec_decoded_path (project, lq_project_get_track (project, 1), LQ_CODEC_MP3_128, &error);
  g_assert_no_error (error);
  two = lq_codec_decoded_path (project, lq_project_get_track (project, 2), LQ_CODEC_MP3_128, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (one, !=, two);
  g_assert_false (g_file_test (one, G_FILE_TEST_EXISTS));
  g_assert_null (_lq_window_codec_get_worker_thread ());

  gtk_single_selection_set_selected (window_selection (window), 0);
  gtk_drop_down_set_selected (chooser, mp3);
  /* Not cached: the worker makes it, the button says so meanwhile */
  g_assert_cmpstr (lq_transport_bar_get_reference_name (bar), ==, "Encoding…");
  g_assert_null (lq_player_get_reference (player));
  wait.path = one;
  wait_until (reference_is, &wait, "track 1's MP3 128 as the reference");
  g_assert_true (g_file_test (one, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (lq_transport_bar_get_reference_name (bar), ==, "MP3 128");
  g_object_get (bar, "has-reference", &has_reference, NULL);
  g_assert_true (has_reference);
  g_assert_nonnull (_lq_window_codec_get_worker_thread ());
  g_assert_true (_lq_window_codec_get_worker_thread () != g_thread_self ());

  /* An edit fills the chooser again: the codec stays chosen and heard */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.source-reference", NULL);
  g_assert_cmpint (lq_player_get_source (player), ==, LQ_PLAYBACK_REFERENCE);
  g_assert_true (lq_project_set_album (project, (const char *const[]) { "title=Codec Album", NULL }, &error));
  g_assert_no_error (error);
  settle (window);
  g_assert_cmpuint (gtk_drop_down_get_selected (chooser), ==, mp3);
  g_assert_cmpstr (lq_player_get_reference (player), ==, one);
  g_assert_cmpstr (lq_transport_bar_get_reference_name (bar), ==, "MP3 128");
  g_assert_cmpint (lq_player_get_source (player), ==, LQ_PLAYBACK_REFERENCE);

  /* Another track: its own master's file */
  gtk_single_selection_set_selected (window_selection (window), 1);
  wait.path = two;
  wait_until (reference_is, &wait, "track 2's MP3 128 as the reference");
  g_assert_true (g_file_test (two, G_FILE_TEST_IS_REGULAR));
  g_assert_true (_lq_window_codec_get_worker_thread () != g_thread_self ());

  /* Back to track 1: cached, the same file again */
  gtk_single_selection_set_selected (window_selection (window), 0);
  wait.path = one;
  wait_until (reference_is, &wait, "track 1's cached MP3 128 as the reference");

  /* None */
  gtk_drop_down_set_selected (chooser, 0);
  g_assert_null (lq_player_get_reference (player));
  g_assert_null (lq_transport_bar_get_reference_name (bar));
  g_object_get (bar, "has-reference", &has_reference, NULL);
  g_assert_false (has_reference);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/window-player/mappings", test_window_player_mappings);
  g_test_add_func ("/ui/window-player/no-device", test_window_player_no_device);
  g_test_add_func ("/ui/window-player/jack", test_window_player_jack);
  g_test_add_func ("/ui/window-player/listeners", test_window_player_listeners);
  g_test_add_func ("/ui/window-player/codec", test_window_player_codec);

  return lq_test_ui_run ();
}

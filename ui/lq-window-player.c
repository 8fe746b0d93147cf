/* lq-window-player.c: the window plays: one LqPlayer (the playback helper
 * process's client) per project shown, wired to the transport bar, the
 * playhead waveform, the meters and the no-output message.
 *
 * The player is made when a project is opened and dropped with it (its
 * helper quits). It opens the output the preferences name
 * ("playback-device", "playback-buffer"; a change there is a new helper,
 * which is also a rescan of the devices) and loads the track selected in
 * the table, whenever the selection changes while nothing plays. The
 * widgets only ask (lq-window-playback.c): the requests come here through
 * the window's playback handler, and the widgets move when the player says
 * so (its properties and signals), so what they show is what the helper
 * does. A property set from the player notifies back; each is compared
 * with the player's own state before it goes on, so nothing echoes.
 *
 * A loop (L, or a region dragged on the waveform) is the helper's loop;
 * Ctrl+T plays the album's transitions, and again the selected track;
 * Ctrl+B opens the blind test through this player. The Listeners view's
 * Play as Heard plays the album at the gains the platform shown applies
 * (lq_player_set_track_gains(): app/release computes them here, the engine
 * cannot see it), and off again plays as usual. "Listen to a DDP…"
 * (win.play-ddp) reads and verifies a DDP folder on a worker thread and
 * plays its image through the same player, as a CD player would; the
 * transport shows the CD track heard.
 *
 * The reference chooser also offers the codecs (issue 13, section 3): the
 * loaded track's master as each delivers it, made on a worker thread
 * (lq-window-codec.c) and played in the Reference slot, aligned with the
 * master; a new track loaded makes its own.
 *
 * The main thread never decodes: the waveform is the analysis cache's
 * overview (one small SQLite read), and the helper decodes and plays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-abx-dialog.h"
#include "lq-listeners-view.h"
#include "lq-ddp-engine-image.h"
#include "lq-ddp-reader.h"
#include "lq-error.h"
#include "lq-track-analysis.h"
#include "lq-ui-util.h"
#include "lq-window-codec.h"
#include "lq-window-internal.h"
#include "lq-window-player.h"

/* The most peaks the waveform asks the cache for */
#define WAVEFORM_MAX_PEAKS 4096

struct _LqWindowPlayer
{
  LqWindow *window;        /* unowned: it owns this */
  LqPlayer *player;        /* the project's, or NULL */
  GtkStringList *devices;  /* the outputs' labels */
  guint loaded;            /* the track asked for (1-based), or 0 */
  LqTrack *track;          /* that track, followed (its analysis, its name) */
  GListModel *tracks;      /* the project's tracks, followed */
  GtkWidget *abx;          /* the open blind test, or NULL (weak) */
  GPtrArray *reference_paths;  /* the chooser's items after "No Reference" */
  LqProject *project;          /* the player's project, followed (its references) */
  char *reference;             /* the one the player was given, or NULL */
  LqEngineImage *image;        /* the DDP playing, or NULL */
  char *image_title;           /* its album title, or its folder's name */
  LqWindowCodec *codec_maker;  /* the codec source's files */
  LqCodec codec;               /* the codec chosen, or LQ_CODEC_N */
  gboolean codec_resume;       /* Reference (3) was heard: again when made */
  gboolean filling;            /* the chooser's model being replaced */
};

static void lq_window_player_load_selected (LqWindowPlayer *self);
static void lq_window_player_track_cb (LqWindowPlayer *self);
static void lq_window_player_show_track (LqWindowPlayer *self,
                                         LqTrack        *track);
static void lq_window_player_make_codec (LqWindowPlayer *self);
static void lq_window_player_reference_cb (LqWindowPlayer *self);

/* Mappings ----------------------------------------------------------------- */

LqPlaybackSource
_lq_window_player_source_to_player (LqTransportSource source)
{
  switch (source)
    {
    case LQ_TRANSPORT_SOURCE_MASTER:
      return LQ_PLAYBACK_MASTER;
    case LQ_TRANSPORT_SOURCE_REFERENCE:
      return LQ_PLAYBACK_REFERENCE;
    case LQ_TRANSPORT_SOURCE_MIX:
    case LQ_TRANSPORT_N_SOURCES:
    default:
      return LQ_PLAYBACK_MIX;
    }
}

LqTransportSource
_lq_window_player_source_from_player (LqPlaybackSource source)
{
  switch (source)
    {
    case LQ_PLAYBACK_MASTER:
      return LQ_TRANSPORT_SOURCE_MASTER;
    case LQ_PLAYBACK_REFERENCE:
      return LQ_TRANSPORT_SOURCE_REFERENCE;
    case LQ_PLAYBACK_MIX:
    default:
      return LQ_TRANSPORT_SOURCE_MIX;
    }
}

LqLevelMatchMode
_lq_window_player_mode_to_player (LqTransportMatchMode mode)
{
  switch (mode)
    {
    case LQ_TRANSPORT_MATCH_INTEGRATED:
      return LQ_LEVEL_MATCH_INTEGRATED;
    case LQ_TRANSPORT_MATCH_LOUDEST:
      return LQ_LEVEL_MATCH_LOUDEST;
    case LQ_TRANSPORT_MATCH_LOOP:
      return LQ_LEVEL_MATCH_LOOP;
    case LQ_TRANSPORT_MATCH_OFF:
    case LQ_TRANSPORT_N_MATCH_MODES:
    default:
      return LQ_LEVEL_MATCH_OFF;
    }
}

LqTransportMatchMode
_lq_window_player_mode_from_player (LqLevelMatchMode mode)
{
  switch (mode)
    {
    case LQ_LEVEL_MATCH_INTEGRATED:
      return LQ_TRANSPORT_MATCH_INTEGRATED;
    case LQ_LEVEL_MATCH_LOUDEST:
      return LQ_TRANSPORT_MATCH_LOUDEST;
    case LQ_LEVEL_MATCH_LOOP:
      return LQ_TRANSPORT_MATCH_LOOP;
    case LQ_LEVEL_MATCH_OFF:
    default:
      return LQ_TRANSPORT_MATCH_OFF;
    }
}

void
_lq_window_player_meter_to_values (const LqPlayerMeter *meter,
                                   LqMeterValues       *values)
{
  values->momentary = meter->momentary;
  values->short_term = meter->short_term;
  values->integrated = meter->integrated;
  values->true_peak = meter->true_peak;
  values->true_peak_hold = meter->true_peak_hold;
  values->correlation = meter->correlation;
  values->plr = meter->plr;
}

LqMonitorFlags
_lq_window_player_monitor_flags (LqMonitorSection *section)
{
  static const struct { const char *name; LqMonitorFlags flag; } flags[] = {
    { "mono", LQ_MONITOR_MONO },
    { "side", LQ_MONITOR_SIDE },
    { "polarity", LQ_MONITOR_POLARITY },
    { "swap", LQ_MONITOR_SWAP },
    { "dim", LQ_MONITOR_DIM },
  };
  LqMonitorFlags result = LQ_MONITOR_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (lq_monitor_section_get_flag (section, flags[i].name))
      result |= flags[i].flag;
  return result;
}

/* A loop made from the playhead, when none was dragged. */
#define LQ_WINDOW_PLAYER_LOOP_S 8.0

static void lq_window_player_bar_loop_cb (LqWindowPlayer *self);
static void lq_window_player_transitions (LqWindowPlayer *self);

/* Helpers ------------------------------------------------------------------ */

/* The no-output message; transitions have no command in the helper's
 * protocol yet: they stay off. The blind test needs a device. */
static void
lq_window_player_set_available (LqWindowPlayer *self,
                                gboolean        available,
                                const char     *reason)
{
  lq_window_set_playback_available (self->window, available, reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.transitions", available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.blind-test", available);
}

static void lq_window_player_source_cb (LqWindowPlayer *self);

/* The blind test closed: the bar shows what is heard again. */
static void
lq_window_player_abx_gone_cb (LqWindowPlayer *self)
{
  if (self->abx != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->abx), (gpointer *) &self->abx);
  self->abx = NULL;
  if (self->player != NULL)
    lq_window_player_source_cb (self);
}

/* Ctrl+B: a blind test of the loaded track through this player. While it
 * is open the transport bar does not follow the player's source (it would
 * show X). */
static void
lq_window_player_blind_test (LqWindowPlayer *self)
{
  LqProject *project = lq_window_get_project (self->window);
  LqAbxDialog *dialog;

  if (self->abx != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->abx));
      return;
    }
  if (project == NULL || self->player == NULL)
    return;
  dialog = lq_abx_dialog_new (GTK_WINDOW (self->window), project, MAX (self->loaded, 1), self->player);
  self->abx = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->abx);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (lq_window_player_abx_gone_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A toast with Try Again (win.playback-retry) */
static void
lq_window_player_toast_retry (LqWindowPlayer *self,
                              const char     *message)
{
  LqWindow *window = self->window;
  AdwToast *toast = lq_toast_new_plain (message);

  adw_toast_set_button_label (toast, _("_Try Again"));
  adw_toast_set_action_name (toast, "win.playback-retry");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (window->toast_overlay, toast);
  g_free (window->last_toast);
  window->last_toast = g_strdup (message);
  window->n_toasts++;
}

static void
lq_window_player_open (LqWindowPlayer *self)
{
  GSettings *settings = self->window->settings;
  g_autofree char *device = settings != NULL ? g_settings_get_string (settings, "playback-device") : NULL;
  guint buffer = settings != NULL ? g_settings_get_uint (settings, "playback-buffer") : 0;

  lq_player_open (self->player, device != NULL && device[0] != '\0' ? device : NULL, buffer);
}

static void
lq_window_player_show_track (LqWindowPlayer *self,
                             LqTrack        *track)
{
  LqWindow *window = self->window;
  LqTrackAnalysis *analysis = track != NULL ? lq_track_get_analysis (track) : NULL;
  const LqTrackMeasures *m = analysis != NULL ? lq_track_analysis_get_measures (analysis) : NULL;
  g_autoptr(GBytes) peaks = NULL;
  guint frames_per_peak = 0;

  lq_transport_bar_set_track_title (window->transport_bar,
                                    track != NULL ? lq_track_get_display_name (track) : NULL);
  lq_meter_panel_clear (window->meter_panel);
  if (m != NULL && m->sample_rate > 0 && m->channels > 0)
    peaks = lq_project_get_waveform (window->project, track, WAVEFORM_MAX_PEAKS, &frames_per_peak);
  if (peaks != NULL && frames_per_peak > 0)
    lq_playhead_waveform_set_peaks (window->playhead_waveform, peaks, MIN (m->channels, 2),
                                    (double) frames_per_peak / m->sample_rate);
  else
    lq_playhead_waveform_set_peaks (window->playhead_waveform, NULL, 0, 0);
}

/* The loaded track's name or analysis changed; an analysis that arrives
 * after the load (a track just added) is loaded again, for its gains. */
static void
lq_window_player_track_notify_cb (LqWindowPlayer *self,
                                  GParamSpec     *pspec)
{
  if (g_str_equal (pspec->name, "analysis") && self->player != NULL
      && lq_player_get_state (self->player) != LQ_PLAYER_STATE_PLAYING)
    {
      self->loaded = 0;
      lq_window_player_load_selected (self);
    }
  else
    lq_window_player_show_track (self, self->track);
}

static void
lq_window_player_follow_track (LqWindowPlayer *self,
                               LqTrack        *track)
{
  if (self->track == track)
    return;
  if (self->track != NULL)
    g_signal_handlers_disconnect_by_data (self->track, self);
  g_set_object (&self->track, track);
  if (track != NULL)
    {
      g_signal_connect_swapped (track, "notify::analysis", G_CALLBACK (lq_window_player_track_notify_cb), self);
      g_signal_connect_swapped (track, "notify::display-name", G_CALLBACK (lq_window_player_track_notify_cb), self);
    }
}

/* Tracks added to a project that had none to load */
static void
lq_window_player_tracks_changed_cb (LqWindowPlayer *self)
{
  if (self->loaded == 0)
    lq_window_player_load_selected (self);
}

static void
lq_window_player_load_selected (LqWindowPlayer *self)
{
  LqWindow *window = self->window;
  guint position = lq_window_get_selected_position (window);
  const char *path;
  LqTrack *track;

  if (self->player == NULL || window->project == NULL)
    return;
  if (lq_player_get_state (self->player) == LQ_PLAYER_STATE_PLAYING)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (position >= lq_project_get_n_tracks (window->project) || self->loaded == position + 1)
    return;
  path = lq_project_get_path (window->project);
  track = lq_project_get_track (window->project, position + 1);
  if (path == NULL || track == NULL)
    return;

  self->loaded = position + 1;
  lq_player_load_track (self->player, path, position + 1);
  lq_window_player_follow_track (self, track);
  lq_window_player_show_track (self, track);
  lq_window_player_make_codec (self);
}

/* Callbacks: from the player ------------------------------------------------ */

static void
lq_window_player_position_cb (LqWindowPlayer *self)
{
  double position = lq_player_get_position (self->player);

  lq_transport_bar_set_position (self->window->transport_bar, position);
  lq_playhead_waveform_set_position (self->window->playhead_waveform, position);
  _lq_window_views_set_position (self->window,
                                 lq_player_get_mode (self->player) == LQ_ENGINE_MODE_TRACK ? self->loaded : 0,
                                 position);
}

static void
lq_window_player_length_cb (LqWindowPlayer *self)
{
  double length = lq_player_get_length (self->player);

  lq_transport_bar_set_length (self->window->transport_bar, length);
  lq_playhead_waveform_set_length (self->window->playhead_waveform, length);
}

static void
lq_window_player_state_cb (LqWindowPlayer *self)
{
  LqPlayerState state = lq_player_get_state (self->player);

  lq_transport_bar_set_playing (self->window->transport_bar, state == LQ_PLAYER_STATE_PLAYING);
  switch (state)
    {
    case LQ_PLAYER_STATE_STOPPED:
    case LQ_PLAYER_STATE_LOADING:
    case LQ_PLAYER_STATE_PLAYING:
    case LQ_PLAYER_STATE_PAUSED:
      if (!self->window->playback_available)
        lq_window_player_set_available (self, TRUE, NULL);
      break;
    case LQ_PLAYER_STATE_NO_DEVICE:
    case LQ_PLAYER_STATE_FAILED:
    default:
      /* "error" says why */
      break;
    }
}

static void
lq_window_player_source_cb (LqWindowPlayer *self)
{
  LqTransportSource source;

  if (self->abx != NULL)
    return;
  source = _lq_window_player_source_from_player (lq_player_get_source (self->player));

  if (lq_transport_bar_get_source (self->window->transport_bar) != source)
    lq_transport_bar_set_source (self->window->transport_bar, source);
}

static void
lq_window_player_mode_cb (LqWindowPlayer *self)
{
  LqTransportMatchMode mode = _lq_window_player_mode_from_player (lq_player_get_level_match_mode (self->player));

  if (lq_transport_bar_get_mode (self->window->transport_bar) != mode)
    lq_transport_bar_set_mode (self->window->transport_bar, mode);
}

static void
lq_window_player_crossfade_cb (LqWindowPlayer *self)
{
  double ms = lq_player_get_crossfade_ms (self->player);

  if (fabs (lq_transport_bar_get_crossfade_ms (self->window->transport_bar) - ms) > 0.01)
    lq_transport_bar_set_crossfade_ms (self->window->transport_bar, ms);
}

static void
lq_window_player_gains_cb (LqWindowPlayer *self)
{
  gboolean has_reference = self->reference != NULL;

  lq_transport_bar_set_gains (self->window->transport_bar,
                              lq_player_get_level_match_gain (self->player, LQ_PLAYBACK_MIX),
                              lq_player_get_level_match_gain (self->player, LQ_PLAYBACK_MASTER),
                              has_reference ? lq_player_get_level_match_gain (self->player, LQ_PLAYBACK_REFERENCE)
                                            : NAN);
}

/* The reference chooser: "No Reference", then the album's list (titles). */
static void
lq_window_player_fill_references (LqWindowPlayer *self)
{
  LqProject *project = lq_window_get_project (self->window);
  GtkDropDown *dropdown = lq_transport_bar_get_reference_dropdown (self->window->transport_bar);
  g_autoptr(GPtrArray) list = project != NULL ? lq_project_list_references (project) : NULL;
  GtkStringList *names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->reference_paths, g_ptr_array_unref);
  self->reference_paths = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("No Reference"));
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);
      g_autofree char *base = g_path_get_basename (r->path);

      gtk_string_list_append (names, r->title != NULL && r->title[0] != '\0' ? r->title : base);
      g_ptr_array_add (self->reference_paths, g_strdup (r->path));
    }
  /* Then the codecs: the loaded track's master as each delivers it */
  for (LqCodec c = 0; c < LQ_CODEC_N; c++)
    gtk_string_list_append (names, lq_codec_get_label (c));
  guint keep = self->codec < LQ_CODEC_N ? self->reference_paths->len + 1 + self->codec : 0;

  for (guint i = 0; self->codec == LQ_CODEC_N && self->reference != NULL && i < self->reference_paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->reference_paths, i), self->reference))
      keep = i + 1;
  /* The one chosen stays chosen while it is in the list: what the model's
   * replacement selects on the way is not a choice (a codec's file would
   * be made again, Reference (3) left). */
  self->filling = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, keep);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (dropdown), TRUE);
  g_object_unref (names);
  lq_window_player_reference_cb (self);
}

/* The player's reference is now @path (NULL: none). */
static void
lq_window_player_give_reference (LqWindowPlayer *self,
                                 const char     *path)
{
  lq_transport_bar_set_has_reference (self->window->transport_bar, path != NULL);
  if (self->player != NULL && g_strcmp0 (path, self->reference) != 0)
    {
      if (path == NULL && lq_player_get_source (self->player) == LQ_PLAYBACK_REFERENCE)
        lq_player_set_source (self->player, LQ_PLAYBACK_MASTER);
      g_free (self->reference);
      self->reference = g_strdup (path);
      lq_player_set_reference (self->player, path);
      lq_window_player_gains_cb (self);
    }
}

/* A codec's file made for the loaded track: the player plays it as
 * Reference (3), loudness-matched as a reference. */
static void
lq_window_player_codec_done_cb (const char   *path,
                                const GError *error,
                                gpointer      user_data)
{
  LqWindowPlayer *self = user_data;
  LqTransportBar *bar = self->window->transport_bar;

  if (path == NULL)
    {
      self->codec_resume = FALSE;
      lq_transport_bar_set_reference_name (bar, NULL);
      lq_window_player_give_reference (self, NULL);
      lq_window_add_toast (self->window, error->message, FALSE);
      return;
    }
  lq_transport_bar_set_reference_name (bar, _lq_window_codec_get_short_name (self->codec));
  lq_window_player_give_reference (self, path);
  if (self->codec_resume && self->player != NULL)
    lq_player_set_source (self->player, LQ_PLAYBACK_REFERENCE);
  self->codec_resume = FALSE;
}

/* The codec chosen, for the loaded track: made on a worker thread, the
 * Reference button says "Encoding…" meanwhile (a cached file: at once). */
static void
lq_window_player_make_codec (LqWindowPlayer *self)
{
  LqTransportBar *bar = self->window->transport_bar;

  if (self->codec_maker != NULL)
    _lq_window_codec_cancel (self->codec_maker);
  if (self->codec == LQ_CODEC_N || self->player == NULL || self->project == NULL || self->track == NULL)
    return;
  if (self->codec_maker == NULL)
    self->codec_maker = _lq_window_codec_new (lq_window_player_codec_done_cb, self);
  /* The previous track's file is not this master's; Reference (3) is
   * heard again once this one is made. */
  self->codec_resume = self->codec_resume || lq_player_get_source (self->player) == LQ_PLAYBACK_REFERENCE;
  lq_window_player_give_reference (self, NULL);
  /* Translators: the Reference button while the master is encoded and decoded with a codec */
  lq_transport_bar_set_reference_name (bar, _("Encoding…"));
  _lq_window_codec_make (self->codec_maker, self->project, self->track, self->codec);
}

/* A reference or a codec chosen: the player plays it as Reference (3). */
static void
lq_window_player_reference_cb (LqWindowPlayer *self)
{
  GtkDropDown *dropdown = lq_transport_bar_get_reference_dropdown (self->window->transport_bar);
  guint chosen = gtk_drop_down_get_selected (dropdown);
  guint n_references = self->reference_paths != NULL ? self->reference_paths->len : 0;
  const char *path = NULL;
  LqCodec codec = LQ_CODEC_N;

  if (self->filling)
    return;
  if (chosen != GTK_INVALID_LIST_POSITION && chosen > 0 && chosen <= n_references)
    path = g_ptr_array_index (self->reference_paths, chosen - 1);
  else if (chosen != GTK_INVALID_LIST_POSITION && chosen > n_references && chosen <= n_references + LQ_CODEC_N)
    codec = chosen - n_references - 1;
  if (codec != LQ_CODEC_N)
    {
      if (codec != self->codec)
        {
          self->codec = codec;
          lq_window_player_make_codec (self);
        }
      return;
    }
  if (self->codec != LQ_CODEC_N)
    {
      self->codec = LQ_CODEC_N;
      self->codec_resume = FALSE;
      if (self->codec_maker != NULL)
        _lq_window_codec_cancel (self->codec_maker);
      lq_transport_bar_set_reference_name (self->window->transport_bar, NULL);
    }
  lq_window_player_give_reference (self, path);
}

static void
lq_window_player_meter_cb (LqWindowPlayer *self)
{
  LqPlayerMeter meter;
  LqMeterValues values;

  lq_player_get_meter (self->player, &meter);
  _lq_window_player_meter_to_values (&meter, &values);
  lq_meter_panel_set_values (self->window->meter_panel, &values);
}

static void
lq_window_player_error_cb (LqWindowPlayer *self,
                           const char     *code,
                           const char     *message)
{
  if (g_strcmp0 (code, "no-device") == 0)
    lq_window_player_set_available (self, FALSE, message);
  else if (g_strcmp0 (code, "device-lost") == 0
           || lq_player_get_state (self->player) == LQ_PLAYER_STATE_FAILED)
    {
      lq_window_player_set_available (self, FALSE, message);
      lq_window_player_toast_retry (self, message);
    }
  else if (g_strcmp0 (code, "bad-command") == 0)
    /* Asked too early (before the device or the track was there) */
    g_debug ("Playback: %s", message);
  else
    lq_window_add_toast (self->window, message, FALSE);
}

static void
lq_window_player_devices_cb (LqWindowPlayer *self)
{
  const char *const *labels = lq_player_get_devices (self->player);

  gtk_string_list_splice (self->devices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->devices)), labels);
}

/* Callbacks: from the window ------------------------------------------------ */

static void
lq_window_player_request (LqWindow   *window,
                          const char *request,
                          GVariant   *parameter,
                          gpointer    user_data)
{
  LqWindowPlayer *self = user_data;
  LqPlayer *player = self->player;

  if (player == NULL)
    return;

  if (g_str_equal (request, "play-pause"))
    {
      lq_window_player_load_selected (self);
      lq_player_toggle (player);
    }
  else if (g_str_equal (request, "stop"))
    {
      lq_player_pause (player);
      lq_player_seek (player, 0);
    }
  else if (g_str_equal (request, "seek") && parameter != NULL)
    lq_player_seek (player, g_variant_get_double (parameter));
  else if (g_str_equal (request, "source") && parameter != NULL)
    {
      LqPlaybackSource source = _lq_window_player_source_to_player (g_variant_get_uint32 (parameter));

      if (source != lq_player_get_source (player))
        lq_player_set_source (player, source);
    }
  else if (g_str_equal (request, "retry"))
    {
      /* A new helper: it sees the devices of now */
      lq_player_restart (player);
      lq_player_list_devices (player);
    }
  else if (g_str_equal (request, "blind-test"))
    lq_window_player_blind_test (self);
  else if (g_str_equal (request, "loop-region") && parameter != NULL)
    {
      /* A region dragged: that is the loop now */
      if (!lq_transport_bar_get_loop_active (self->window->transport_bar))
        lq_transport_bar_set_loop_active (self->window->transport_bar, TRUE);
      else
        lq_window_player_bar_loop_cb (self);
    }
  else if (g_str_equal (request, "transitions"))
    lq_window_player_transitions (self);
}

/* The loop toggle (L): on, the waveform's region (one is made from the
 * playhead when there is none), off, no loop. */
static void
lq_window_player_bar_loop_cb (LqWindowPlayer *self)
{
  LqWindow *window = self->window;
  double start, end;

  if (self->player == NULL)
    return;
  if (!lq_transport_bar_get_loop_active (window->transport_bar))
    {
      lq_player_clear_loop (self->player);
      return;
    }
  if (!lq_playhead_waveform_get_loop (window->playhead_waveform, &start, &end) || end - start < 0.05)
    {
      double length = lq_player_get_length (self->player);

      start = lq_player_get_position (self->player);
      end = MIN (start + LQ_WINDOW_PLAYER_LOOP_S, length);
      if (end - start < 0.05)
        return;
      lq_playhead_waveform_set_loop (window->playhead_waveform, start, end);
    }
  lq_player_set_loop (self->player, start, end);
}

/* Ctrl+T: every transition of the album, then (again) the track chosen. */
static void
lq_window_player_transitions (LqWindowPlayer *self)
{
  LqProject *project = lq_window_get_project (self->window);
  const char *path = project != NULL ? lq_project_get_path (project) : NULL;

  if (self->player == NULL || path == NULL)
    return;
  if (lq_player_get_mode (self->player) == LQ_ENGINE_MODE_TRANSITIONS)
    {
      self->loaded = 0;
      lq_window_player_load_selected (self);
      return;
    }
  lq_transport_bar_set_loop_active (self->window->transport_bar, FALSE);
  lq_player_load_transitions (self->player, path, LQ_ENGINE_TRANSITION_DEFAULT_S);
  lq_player_play (self->player);
}

/* The Listeners view's Play as Heard: the album at the platform's gains
 * for each track; off, level matching again and the track chosen. */
static void
lq_window_player_listeners_cb (LqWindowPlayer  *self,
                               LqListenersView *view)
{
  LqProject *project = lq_window_get_project (self->window);
  const char *path = project != NULL ? lq_project_get_path (project) : NULL;
  g_autofree double *gains = NULL;
  guint n = 0;

  if (self->player == NULL || path == NULL)
    return;
  if (!lq_listeners_view_get_playing (view))
    {
      if (lq_player_get_track_gains (self->player, NULL) == NULL)
        return;
      lq_player_set_track_gains (self->player, NULL, 0);
      self->loaded = 0;
      lq_window_player_load_selected (self);
      return;
    }
  gains = lq_listeners_view_dup_track_gains (view, &n);
  lq_player_set_track_gains (self->player, gains, n);
  if (lq_player_get_mode (self->player) != LQ_ENGINE_MODE_ALBUM)
    {
      lq_transport_bar_set_loop_active (self->window->transport_bar, FALSE);
      lq_player_load_album (self->player, path);
      lq_player_play (self->player);
    }
}

static void
lq_window_player_bar_mode_cb (LqWindowPlayer *self)
{
  LqLevelMatchMode mode = _lq_window_player_mode_to_player (lq_transport_bar_get_mode (self->window->transport_bar));

  if (self->player != NULL && mode != lq_player_get_level_match_mode (self->player))
    lq_player_set_level_match_mode (self->player, mode);
}

static void
lq_window_player_bar_crossfade_cb (LqWindowPlayer *self)
{
  double ms = lq_transport_bar_get_crossfade_ms (self->window->transport_bar);

  if (self->player != NULL && fabs (ms - lq_player_get_crossfade_ms (self->player)) > 0.01)
    lq_player_set_crossfade_ms (self->player, ms);
}

static void
lq_window_player_monitor_cb (LqWindowPlayer *self)
{
  LqMonitorSection *section = lq_transport_bar_get_monitor_section (self->window->transport_bar);
  LqMonitorFlags flags = _lq_window_player_monitor_flags (section);

  if (self->player != NULL && flags != lq_player_get_monitor (self->player))
    lq_player_set_monitor (self->player, flags);
}

static void
lq_window_player_selection_cb (LqWindowPlayer *self)
{
  lq_window_player_load_selected (self);
}

/* The device or the buffer changed in the preferences: a new helper */
static void
lq_window_player_output_setting_cb (LqWindowPlayer *self)
{
  if (self->player == NULL)
    return;
  lq_window_player_open (self);
  lq_player_restart (self->player);
  lq_player_list_devices (self->player);
}

static void
lq_window_player_crossfade_setting_cb (LqWindowPlayer *self)
{
  lq_transport_bar_set_crossfade_ms (self->window->transport_bar,
                                     g_settings_get_double (self->window->settings, "crossfade-ms"));
}

static void
lq_window_player_drop (LqWindowPlayer *self)
{
  LqWindow *window = self->window;

  if (self->player == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_data (self->tracks, self);
  if (self->abx != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->abx, self);
      g_object_remove_weak_pointer (G_OBJECT (self->abx), (gpointer *) &self->abx);
      gtk_window_destroy (GTK_WINDOW (self->abx));
    }
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->reference_paths, g_ptr_array_unref);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->codec_maker, _lq_window_codec_free);
  self->codec = LQ_CODEC_N;
  lq_transport_bar_set_reference_name (window->transport_bar, NULL);
  g_clear_object (&self->tracks);
  lq_window_player_follow_track (self, NULL);
  self->loaded = 0;
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_clear_pointer (&self->image_title, g_free);
  _lq_window_set_playback_handler (window, NULL, NULL);
  lq_window_player_set_available (self, TRUE, NULL);
  lq_transport_bar_set_playing (window->transport_bar, FALSE);
  lq_transport_bar_set_track_title (window->transport_bar, NULL);
  lq_transport_bar_set_position (window->transport_bar, 0);
  lq_transport_bar_set_length (window->transport_bar, 0);
  lq_transport_bar_set_gains (window->transport_bar, NAN, NAN, NAN);
  lq_meter_panel_clear (window->meter_panel);
  lq_playhead_waveform_set_peaks (window->playhead_waveform, NULL, 0, 0);
  lq_playhead_waveform_set_position (window->playhead_waveform, 0);
  lq_playhead_waveform_set_length (window->playhead_waveform, 0);
}

static void
lq_window_player_project_cb (LqWindowPlayer *self)
{
  LqWindow *window = self->window;
  LqPlayer *player;

  lq_window_player_drop (self);
  if (window->project == NULL || lq_project_get_path (window->project) == NULL)
    return;

  player = self->player = lq_player_new ();
  self->tracks = g_object_ref (lq_project_get_tracks (window->project));
  g_signal_connect_swapped (self->tracks, "items-changed", G_CALLBACK (lq_window_player_tracks_changed_cb), self);
  g_signal_connect_swapped (player, "notify::position", G_CALLBACK (lq_window_player_position_cb), self);
  g_signal_connect_swapped (player, "notify::length", G_CALLBACK (lq_window_player_length_cb), self);
  g_signal_connect_swapped (player, "notify::state", G_CALLBACK (lq_window_player_state_cb), self);
  g_signal_connect_swapped (player, "notify::source", G_CALLBACK (lq_window_player_source_cb), self);
  g_signal_connect_swapped (player, "notify::level-match-mode", G_CALLBACK (lq_window_player_mode_cb), self);
  g_signal_connect_swapped (player, "notify::crossfade-ms", G_CALLBACK (lq_window_player_crossfade_cb), self);
  g_signal_connect_swapped (player, "gains-changed", G_CALLBACK (lq_window_player_gains_cb), self);
  g_signal_connect_swapped (player, "meter-changed", G_CALLBACK (lq_window_player_meter_cb), self);
  g_signal_connect_swapped (player, "error", G_CALLBACK (lq_window_player_error_cb), self);
  g_signal_connect_swapped (player, "devices-changed", G_CALLBACK (lq_window_player_devices_cb), self);
  g_signal_connect_swapped (player, "notify::track", G_CALLBACK (lq_window_player_track_cb), self);
  g_signal_connect_swapped (player, "notify::mode", G_CALLBACK (lq_window_player_track_cb), self);

  _lq_window_set_playback_handler (window, lq_window_player_request, self);
  lq_window_player_set_available (self, TRUE, NULL);
  lq_transport_bar_set_has_master (window->transport_bar, TRUE);
  lq_transport_bar_set_has_reference (window->transport_bar, FALSE);
  g_clear_pointer (&self->reference, g_free);   /* a new player has none */
  self->project = g_object_ref (window->project);
  /* A reference added or removed (an undoable edit) shows in the chooser. */
  g_signal_connect_swapped (self->project, "notify::undo-label",
                            G_CALLBACK (lq_window_player_fill_references), self);
  lq_window_player_fill_references (self);

  /* What the widgets say now goes to the new player */
  lq_window_player_open (self);
  lq_window_player_bar_crossfade_cb (self);
  lq_window_player_bar_mode_cb (self);
  lq_window_player_monitor_cb (self);
  lq_window_player_load_selected (self);
  lq_player_set_source (player, _lq_window_player_source_to_player (lq_transport_bar_get_source (window->transport_bar)));
  lq_player_list_devices (player);
}

/* Listening to a DDP -------------------------------------------------------- */

/* Worker thread: the DDP read and verified (the first problem refuses it,
 * naming the file and record), its image as the engine plays it. */
static void
lq_window_player_read_ddp_cb (GTask        *task,
                              gpointer      source,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  const char *dir = task_data;
  GError *error = NULL;
  g_autoptr(LqDdpImage) ddp = lq_ddp_read (dir, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LqEngineImage) image = NULL;

  if (ddp == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!lq_ddp_verify (ddp, &problems))
    {
      g_autofree char *first = lq_ddp_problem_to_string (problems->pdata[0]);

      g_task_return_new_error (task, LQ_ERROR, LQ_ERROR_CORRUPT,
                               _("%s: the DDP does not verify, so it is not played: %s"), dir, first);
      return;
    }
  image = lq_ddp_engine_image_new (ddp, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "lq-title",
                          ddp->title != NULL ? g_strdup (ddp->title) : g_path_get_basename (dir), g_free);
  g_task_return_pointer (task, g_steal_pointer (&image), (GDestroyNotify) lq_engine_image_unref);
}

/* "Track 2 · Title" while the DDP plays. */
static void
lq_window_player_track_cb (LqWindowPlayer *self)
{
  guint number = lq_player_get_track (self->player);
  gint index = self->image != NULL ? lq_engine_image_find_track (self->image, number) : -1;
  const char *title;
  g_autofree char *text = NULL;

  if (index < 0 || lq_player_get_mode (self->player) != LQ_ENGINE_MODE_IMAGE)
    return;
  title = lq_engine_image_get_track (self->image, (guint) index)->title;
  /* Translators: the transport while a DDP plays: the CD track, its title, the album */
  text = g_strdup_printf (_("Track %u · %s (DDP: %s)"), number, title != NULL ? title : "—",
                          self->image_title);
  lq_transport_bar_set_track_title (self->window->transport_bar, text);
}

/* The window by a weak reference: the task holds nothing of GTK, since its
 * last reference may be dropped on the worker thread. */
static void
lq_window_player_ddp_read_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(LqWindow) window = g_weak_ref_get (ref);
  LqWindowPlayer *self = window != NULL ? window->player_wiring : NULL;
  g_autoptr(GError) error = NULL;
  LqEngineImage *image = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (image == NULL)
    {
      if (window != NULL)
        lq_window_add_toast (window, error->message, FALSE);
      return;
    }
  if (self == NULL || self->player == NULL)
    {
      lq_engine_image_unref (image);
      return;
    }
  g_clear_pointer (&self->image, lq_engine_image_unref);
  self->image = image;
  g_free (self->image_title);
  self->image_title = g_strdup (g_object_get_data (G_OBJECT (result), "lq-title"));
  /* A track chosen in the table afterwards loads that track again. */
  self->loaded = 0;
  lq_window_player_follow_track (self, NULL);
  lq_playhead_waveform_set_peaks (window->playhead_waveform, NULL, 0, 0);
  lq_transport_bar_set_loop_active (window->transport_bar, FALSE);
  lq_player_load_image (self->player, image);
  /* As a CD player plays from stop: from track 1's INDEX 01. */
  lq_player_seek (self->player, (double) lq_engine_image_get_track (image, 0)->start / LQ_ENGINE_IMAGE_RATE);
  lq_player_play (self->player);
  lq_window_player_track_cb (self);
}

void
_lq_window_player_play_ddp (LqWindow   *window,
                            const char *dir)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref;

  g_return_if_fail (LQ_IS_WINDOW (window));
  g_return_if_fail (dir != NULL);

  if (window->player_wiring == NULL || window->player_wiring->player == NULL)
    {
      lq_window_add_toast (window, _("Open an album first: a DDP plays through its player"), FALSE);
      return;
    }
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, window);
  task = g_task_new (NULL, NULL, lq_window_player_ddp_read_cb, ref);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, lq_window_player_read_ddp_cb);
}

/* Private API --------------------------------------------------------------- */

LqWindowPlayer *
_lq_window_player_new (LqWindow *window)
{
  LqWindowPlayer *self = g_new0 (LqWindowPlayer, 1);
  LqMonitorSection *section = lq_transport_bar_get_monitor_section (window->transport_bar);

  self->window = window;
  self->devices = gtk_string_list_new (NULL);
  self->codec = LQ_CODEC_N;

  g_signal_connect_swapped (window, "notify::project", G_CALLBACK (lq_window_player_project_cb), self);
  g_signal_connect_swapped (window->track_table, "notify::selected-item",
                            G_CALLBACK (lq_window_player_selection_cb), self);
  g_signal_connect_swapped (window->transport_bar, "notify::mode", G_CALLBACK (lq_window_player_bar_mode_cb), self);
  g_signal_connect_swapped (window->transport_bar, "notify::loop-active", G_CALLBACK (lq_window_player_bar_loop_cb), self);
  g_signal_connect_swapped (lq_transport_bar_get_reference_dropdown (window->transport_bar), "notify::selected",
                            G_CALLBACK (lq_window_player_reference_cb), self);
  g_signal_connect_swapped (window->transport_bar, "notify::crossfade-ms",
                            G_CALLBACK (lq_window_player_bar_crossfade_cb), self);
  g_signal_connect_swapped (section, "notify", G_CALLBACK (lq_window_player_monitor_cb), self);
  g_signal_connect_swapped (lq_workspace_get_view (window->workspace, "listeners"), "play-changed",
                            G_CALLBACK (lq_window_player_listeners_cb), self);
  if (window->settings != NULL)
    {
      g_signal_connect_swapped (window->settings, "changed::playback-device",
                                G_CALLBACK (lq_window_player_output_setting_cb), self);
      g_signal_connect_swapped (window->settings, "changed::playback-buffer",
                                G_CALLBACK (lq_window_player_output_setting_cb), self);
      g_signal_connect_swapped (window->settings, "changed::crossfade-ms",
                                G_CALLBACK (lq_window_player_crossfade_setting_cb), self);
      lq_window_player_crossfade_setting_cb (self);
    }
  return self;
}

void
_lq_window_player_free (LqWindowPlayer *self)
{
  LqWindow *window = self->window;

  g_signal_handlers_disconnect_by_data (window, self);
  g_signal_handlers_disconnect_by_data (window->track_table, self);
  g_signal_handlers_disconnect_by_data (window->transport_bar, self);
  g_signal_handlers_disconnect_by_data (lq_workspace_get_view (window->workspace, "listeners"), self);
  g_signal_handlers_disconnect_by_data (lq_transport_bar_get_monitor_section (window->transport_bar), self);
  g_signal_handlers_disconnect_by_data (lq_transport_bar_get_reference_dropdown (window->transport_bar), self);
  if (window->settings != NULL)
    g_signal_handlers_disconnect_by_data (window->settings, self);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_data (self->tracks, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->abx != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->abx, self);
      g_object_remove_weak_pointer (G_OBJECT (self->abx), (gpointer *) &self->abx);
      gtk_window_destroy (GTK_WINDOW (self->abx));
    }
  g_clear_object (&self->project);
  g_clear_pointer (&self->reference_paths, g_ptr_array_unref);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->codec_maker, _lq_window_codec_free);
  g_clear_object (&self->tracks);
  lq_window_player_follow_track (self, NULL);
  g_clear_object (&self->player);
  g_clear_object (&self->devices);
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_free (self->image_title);
  g_free (self);
}

LqPlayer *
_lq_window_get_player (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->player_wiring != NULL ? self->player_wiring->player : NULL;
}

GListModel *
_lq_window_get_playback_devices (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return self->player_wiring != NULL ? G_LIST_MODEL (self->player_wiring->devices) : NULL;
}

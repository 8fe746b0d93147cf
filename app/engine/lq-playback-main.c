/* lq-playback-main.c: `lacquer-playback`, the playback helper process.
 *
 * Owns one LqAudioSystem (one PortAudio session), one LqEngine and its
 * open-ended LqEngineStream, and is driven over its stdin/stdout by JSON
 * lines (README.md, "The helper's protocol"; LqPlayer is the client). Why a
 * process of its own: README.md, "Why playback runs in a helper process".
 * Every command either works or answers with an "error" event; the helper
 * exits when told to quit or when its stdin closes. */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lq-audio-system.h"
#include "lq-engine-stream.h"
#include "lq-engine.h"
#include "lq-error.h"
#include "lq-level-match.h"
#include "lq-master-gains.h"
#include "lq-playback-levels.h"
#include "lq-playback-protocol.h"
#include "lq-render-gain.h"
#include "lq-project-follower.h"
#include "lq-project.h"
#include "lq-render.h"
#include "lq-track-gains.h"
#include "lq-track-analysis.h"

#define TICK_MS 40          /* meters at 25 Hz */
#define STATE_EVERY_TICKS 2 /* state at 12.5 Hz while playing */
/* A stream whose callback has not run for this long lost its device. */
#define STALL_TICKS 25
/* The longest excerpt {"cmd":"transitions"} takes. */
#define TRANSITION_MAX_S 60.0

typedef struct
{
  GMainLoop *loop;
  GDataInputStream *in;
  int status;

  LqAudioSystem *audio;
  LqAudioDevice *device;
  gulong buffer;
  LqEngine *engine;
  LqEngineStream *stream;

  LqProject *project;
  LqTrack *track;
  guint track_n;
  char *reference;
  LqLevelMatchMode mode;
  double gains[3];
  LqPlaybackSource source;

  gboolean was_playing;
  gint64 last_position;
  guint ticks;
  guint64 meter_serial;
  guint64 callbacks;
  guint stalled_ticks;

  /* Album and transitions (track: h->track is the one loaded; program:
   * its first), and the edits followed while it plays. */
  LqProjectFollower *follower;
  double transition_s;   /* the transitions loaded: seconds each side */
  guint reload_idle;     /* the timeline changed: load again */
  GCancellable *solving; /* the master gains being solved */
  gboolean reloading;
  GArray *track_gains;   /* "track-gains" (lq-track-gains.h), or NULL */

  LqEngineImage *image;  /* a disc image loaded ("load-image"), or NULL */
} Helper;

static void add_program_state (Helper *h, JsonBuilder *b);
static void follow_project (Helper *h);
static void load_track (Helper *h, LqProject *project, double n);
static void load_program (Helper *h, LqProject *project, LqEngineMode mode, double seconds);

static void read_next (Helper *h);

/* Events ------------------------------------------------------------------ */

static void
emit (Helper *h, JsonBuilder *b)
{
  g_autoptr(JsonNode) node = json_builder_get_root (b);
  g_autofree char *line = lq_playback_protocol_line (node);

  if (fputs (line, stdout) < 0 || fflush (stdout) != 0)
    g_main_loop_quit (h->loop);   /* the client went away */
}

static JsonBuilder *
begin_event (const char *name)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, name);
  return b;
}

static void
emit_error (Helper *h, const char *code, const char *message)
{
  g_autoptr(JsonBuilder) b = begin_event ("error");
  g_autofree char *line = g_strdelimit (g_strdup (message), "\r\n", ' ');

  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, line);
  json_builder_end_object (b);
  emit (h, b);
}

/* "FILE: reason" */
static void
emit_file_error (Helper *h, const char *code, const char *path, const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", path, error->message);

  emit_error (h, code, message);
}

static double
rate_of (Helper *h)
{
  guint rate = lq_engine_get_sample_rate (h->engine);

  if (rate > 0)
    return rate;
  return h->stream != NULL ? lq_engine_stream_get_rate (h->stream) : 0;
}

static void
emit_state (Helper *h)
{
  g_autoptr(JsonBuilder) b = NULL;
  double rate = rate_of (h);
  guint track_rate = lq_engine_get_sample_rate (h->engine);

  /* A reload tells its state once, at its end. */
  if (h->reloading)
    return;
  b = begin_event ("state");

  json_builder_set_member_name (b, "playing");
  json_builder_add_boolean_value (b, lq_engine_get_playing (h->engine));
  json_builder_set_member_name (b, "position");
  json_builder_add_double_value (b, track_rate ? (double) lq_engine_get_position (h->engine) / track_rate : 0);
  json_builder_set_member_name (b, "length");
  json_builder_add_double_value (b, track_rate ? (double) lq_engine_get_length (h->engine) / track_rate : 0);
  json_builder_set_member_name (b, "source");
  /* A disc image plays its samples only: "mix" (the choice stays for later loads). */
  json_builder_add_string_value (b, lq_playback_source_to_string (h->image != NULL ? LQ_PLAYBACK_MIX
                                                                                   : h->source));
  json_builder_set_member_name (b, "rate");
  json_builder_add_int_value (b, (gint64) rate);
  add_program_state (h, b);
  json_builder_end_object (b);
  emit (h, b);
}

static double
max2 (const double *v)
{
  return MAX (v[0], v[1]);
}

static void
emit_meter (Helper *h)
{
  g_autoptr(JsonBuilder) b = NULL;
  LqLiveMeterSnapshot m;

  lq_engine_read_meter (h->engine, &m);
  if (m.serial == h->meter_serial)
    return;
  h->meter_serial = m.serial;
  b = begin_event ("meter");
  lq_playback_protocol_add_double (b, "momentary", m.momentary);
  lq_playback_protocol_add_double (b, "short_term", m.short_term);
  lq_playback_protocol_add_double (b, "integrated", m.integrated);
  lq_playback_protocol_add_double (b, "true_peak", max2 (m.true_peak));
  lq_playback_protocol_add_double (b, "true_peak_hold", max2 (m.peak_hold));
  lq_playback_protocol_add_double (b, "correlation", m.correlation);
  lq_playback_protocol_add_double (b, "plr", m.plr);
  json_builder_end_object (b);
  emit (h, b);
}

static void
emit_gains (Helper *h)
{
  g_autoptr(JsonBuilder) b = begin_event ("gains");

  for (guint s = 0; s < 3; s++)
    {
      json_builder_set_member_name (b, lq_playback_source_to_string (s));
      json_builder_add_double_value (b, h->gains[s]);
    }
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, lq_level_match_mode_to_string (h->mode));
  json_builder_end_object (b);
  emit (h, b);
}

/* The stream --------------------------------------------------------------- */

static void
stop_stream (Helper *h)
{
  if (h->stream == NULL)
    return;
  (void) lq_engine_stream_finish (h->stream, NULL);
  g_clear_pointer (&h->stream, lq_engine_stream_free);
}

/* (Re)starts the open-ended stream on the chosen device; FALSE after an
 * error event. */
static gboolean
start_stream (Helper *h, const char *code)
{
  g_autoptr(GError) error = NULL;
  gboolean playing = lq_engine_get_playing (h->engine);

  stop_stream (h);
  if (h->device == NULL)
    return TRUE;
  h->stream = lq_engine_stream_new (h->engine, h->audio);
  if (!lq_engine_stream_start_open (h->stream, h->device, h->buffer, &error))
    {
      g_clear_pointer (&h->stream, lq_engine_stream_free);
      emit_error (h, code, error->message);
      return FALSE;
    }
  /* finish() paused the engine: play on where it was. */
  if (playing)
    lq_engine_play (h->engine);
  return TRUE;
}

/* Level matching ---------------------------------------------------------- */

static LqTrackAnalysis *
reference_analysis (Helper *h)
{
  guint index;

  if (h->reference == NULL || h->project == NULL)
    return NULL;
  index = lq_project_find_reference (h->project, h->reference);
  return index > 0 ? lq_project_get_reference_analysis (h->project, index, NULL) : NULL;
}

/* The gains of the three sources from the analysis cache, the master as the
 * one matched to (lq-playback-levels.h: as `lacquer-cli play`), applied to
 * the engine; "loop" measures the engine's loop, so it runs again when the
 * loop moves. */
static void
update_gains (Helper *h)
{
  g_autoptr(LqTrackAnalysis) ref = reference_analysis (h);
  g_auto(LqPlaybackLevels) levels = { 0 };

  if (h->track == NULL || h->project == NULL)
    return;
  lq_playback_levels_compute_loaded (h->project, h->track, h->engine, ref, h->reference != NULL, &levels);
  lq_playback_levels_apply (&levels, h->mode, h->engine);
  /* A program's: its first track's. */
  for (guint s = 0; s < 3; s++)
    h->gains[s] = lq_playback_levels_gain (&levels, h->mode, (LqPlaybackSource) s);
  /* Fixed gains per track instead (a streaming platform's). */
  if (h->track_gains != NULL)
    lq_track_gains_apply ((const double *) h->track_gains->data, h->track_gains->len, h->engine, h->gains);
  emit_gains (h);
}

/* Commands ---------------------------------------------------------------- */

static void
cmd_open (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *label = NULL;
  const char *name = NULL;
  double buffer = lq_playback_protocol_get_double (cmd, "buffer");
  g_autoptr(JsonBuilder) b = NULL;

  if (json_object_has_member (cmd, "device") && !json_object_get_null_member (cmd, "device"))
    name = json_object_get_string_member_with_default (cmd, "device", NULL);
  if (isnan (buffer))
    buffer = LQ_AUDIO_DEFAULT_BUFFER_FRAMES;
  if (buffer < 16 || buffer > 8192)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("open: the buffer must be between 16 and 8192 frames"));
      return;
    }
  stop_stream (h);
  g_clear_pointer (&h->device, lq_audio_device_free);
  if (h->audio == NULL)
    {
      h->audio = lq_audio_system_new (&error);
      if (h->audio == NULL)
        {
          emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE, error->message);
          return;
        }
    }
  list = lq_audio_system_list_outputs (h->audio);
  if (list->len == 0)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE,
                  _("No audio output device: PortAudio found no sound card and no running sound server"));
      return;
    }
  h->device = lq_audio_system_find_output (h->audio, name, &error);
  if (h->device == NULL)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE, error->message);
      return;
    }
  h->buffer = (gulong) buffer;
  if (!start_stream (h, LQ_PLAYBACK_ERROR_NO_DEVICE))
    {
      g_clear_pointer (&h->device, lq_audio_device_free);
      return;
    }
  label = lq_audio_device_label (h->device);
  b = begin_event ("ready");
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, label);
  json_builder_set_member_name (b, "rate");
  json_builder_add_int_value (b, (gint64) lq_engine_stream_get_rate (h->stream));
  json_builder_set_member_name (b, "buffer");
  json_builder_add_int_value (b, (gint64) lq_engine_stream_get_buffer_frames (h->stream));
  json_builder_set_member_name (b, "latency");
  json_builder_add_double_value (b, lq_engine_stream_get_latency (h->stream));
  json_builder_end_object (b);
  emit (h, b);
}

static void
cmd_load (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  const char *path = json_object_get_string_member_with_default (cmd, "project", NULL);
  double n = lq_playback_protocol_get_double (cmd, "track");

  if (path == NULL || !(n >= 1) || n != floor (n))
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("load: give “project” and a “track” from 1"));
      return;
    }
  project = lq_project_open (path, TRUE, &error);
  if (project == NULL)
    {
      emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, path, error);
      return;
    }
  load_track (h, project, n);
}

/* Track @n of @project (open), paused at 0. */
static void
load_track (Helper *h,
            LqProject *project,
            double n)
{
  g_autoptr(GError) error = NULL;
  const char *path = lq_project_get_path (project);
  LqTrack *track;
  LqRenderSpec spec;
  gboolean loaded;

  if (n > lq_project_get_n_tracks (project))
    {
      g_autofree char *message = g_strdup_printf (_("%s: the project has no track %.0f"), path, n);

      emit_error (h, LQ_PLAYBACK_ERROR_PROJECT, message);
      return;
    }
  track = lq_project_get_track (project, (guint) n);
  if (lq_track_get_status (track) != LQ_TRACK_STATUS_OK)
    {
      g_autofree char *message =
        g_strdup_printf (lq_track_get_status (track) == LQ_TRACK_STATUS_MISSING
                         ? _("%s: the track’s source file is missing")
                         : _("%s: the track’s source file changed since it was added"),
                         lq_track_get_path (track));

      emit_error (h, LQ_PLAYBACK_ERROR_FILE, message);
      return;
    }

  /* The engine's loads want the callback stopped. */
  stop_stream (h);
  g_clear_pointer (&h->image, lq_engine_image_unref);
  (void) lq_render_spec_init_playback (&spec, project, track);
  spec.gap_s = 0;
  loaded = lq_engine_load_spec (h->engine, &spec, &error);
  lq_render_spec_clear (&spec);
  if (!loaded)
    {
      emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, lq_track_get_path (track), error);
      h->track = NULL;
      h->track_n = 0;
      g_clear_object (&h->follower);
      (void) start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      emit_state (h);
      return;
    }
  g_set_object (&h->project, project);
  h->track = track;
  h->track_n = (guint) n;
  if (h->reference != NULL && !lq_engine_set_reference (h->engine, h->reference, &error))
    {
      emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, h->reference, error);
      g_clear_pointer (&h->reference, g_free);
      g_clear_error (&error);
    }
  lq_engine_set_source (h->engine, h->source);
  update_gains (h);
  follow_project (h);
  (void) start_stream (h, LQ_PLAYBACK_ERROR_FILE);
  emit_state (h);
}

static gboolean
need_track (Helper *h, const char *command)
{
  if ((h->track != NULL || h->image != NULL) && h->stream != NULL)
    return TRUE;
  {
    g_autofree char *message = g_strdup_printf (h->stream == NULL ? _("%s: no audio device is open")
                                                                  : _("%s: no track is loaded"), command);

    emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
  }
  return FALSE;
}

static void
cmd_source (Helper *h, JsonObject *cmd)
{
  LqPlaybackSource source;

  if (!lq_playback_source_from_string (json_object_get_string_member_with_default (cmd, "name", NULL), &source))
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("source: the name is mix, master or reference"));
      emit_state (h);   /* the source still heard, for a client that assumed the new one */
      return;
    }
  if (source == LQ_PLAYBACK_REFERENCE && h->reference == NULL)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("source: no reference is set"));
      emit_state (h);
      return;
    }
  h->source = source;
  lq_engine_set_source (h->engine, source);
  emit_state (h);
  emit_gains (h);
}

static void
cmd_reference (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  const char *path = NULL;

  if (json_object_has_member (cmd, "path") && !json_object_get_null_member (cmd, "path"))
    path = json_object_get_string_member_with_default (cmd, "path", NULL);
  if (h->track == NULL)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("reference: no track is loaded"));
      return;
    }
  stop_stream (h);
  if (!lq_engine_set_reference (h->engine, path, &error))
    emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, path, error);
  else
    {
      g_free (h->reference);
      h->reference = g_strdup (path);
      /* From its cue point when it is in the project's list. */
      lq_engine_set_reference_offset (h->engine,
                                      lq_project_get_reference_cue (h->project, path));
    }
  if (h->reference == NULL && h->source == LQ_PLAYBACK_REFERENCE)
    {
      h->source = LQ_PLAYBACK_MASTER;
      lq_engine_set_source (h->engine, h->source);
    }
  update_gains (h);
  (void) start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
  emit_state (h);
}

static void
cmd_monitor (Helper *h, JsonObject *cmd)
{
  static const char *const names[LQ_MONITOR_N_FLAGS] = { "mono", "side", "polarity", "swap", "dim" };
  LqMonitorFlags flags = LQ_MONITOR_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (json_object_get_boolean_member_with_default (cmd, names[i], FALSE))
      flags |= 1u << i;
  lq_engine_set_monitor (h->engine, flags);
}

/* {"cmd":"devices"}: PortAudio's outputs as this helper saw them when it
 * started (a rescan is a new helper), also with no stream open; none when
 * PortAudio cannot start. */
static void
cmd_devices (Helper *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) b = begin_event ("devices");

  if (h->audio == NULL)
    h->audio = lq_audio_system_new (&error);
  if (h->audio != NULL)
    list = lq_audio_system_list_outputs (h->audio);
  else
    g_debug ("devices: %s", error->message);
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const LqAudioDevice *d = g_ptr_array_index (list, i);
      g_autofree char *label = lq_audio_device_label (d);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, d->name);
      json_builder_set_member_name (b, "host_api");
      json_builder_add_string_value (b, d->host_api);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "channels");
      json_builder_add_int_value (b, d->max_output_channels);
      json_builder_set_member_name (b, "default_rate");
      json_builder_add_double_value (b, d->default_sample_rate);
      json_builder_set_member_name (b, "default");
      json_builder_add_boolean_value (b, d->is_default);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  emit (h, b);
}

/* Album, transitions, loops ------------------------------------------------ */

static const char *const mode_names[] = { "track", "album", "transitions", "image" };

/* The state's "mode", "track" (the number heard; 0: none), "transition"
 * (index or null) and "loop" ([start, end] s, or null). */
static void
add_program_state (Helper *h, JsonBuilder *b)
{
  LqEngineMode mode = lq_engine_get_mode (h->engine);
  guint rate = lq_engine_get_sample_rate (h->engine);
  guint number = h->track_n;
  gint64 start, end;

  if ((h->track != NULL || h->image != NULL) && mode != LQ_ENGINE_MODE_TRACK)
    {
      gint index = lq_engine_get_track (h->engine);

      number = index >= 0 ? lq_engine_get_track_number (h->engine, (guint) index) : 0;
    }
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, mode_names[mode]);
  json_builder_set_member_name (b, "track");
  json_builder_add_int_value (b, number);
  json_builder_set_member_name (b, "transition");
  if (h->track != NULL && mode == LQ_ENGINE_MODE_TRANSITIONS
      && lq_engine_get_transition (h->engine) >= 0)
    json_builder_add_int_value (b, lq_engine_get_transition (h->engine));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "loop");
  if (rate > 0 && lq_engine_get_loop (h->engine, &start, &end))
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, (double) start / rate);
      json_builder_add_double_value (b, (double) end / rate);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
}

/* Edits committed to the project while it plays are heard: the loaded
 * track's settings, or every track's of a program. */
/* The project's trims, fades, gaps or order of tracks changed while it
 * plays (lq-project-follower.h): what is loaded is loaded again from the
 * project as it is now, and plays on from the same position (and loop)
 * if it was playing. The source stage is made at the load, so this is a
 * new load; a short gap in the sound, not a wrong one. */
static gboolean
reload_cb (gpointer user_data)
{
  Helper *h = user_data;
  LqEngineMode mode = lq_engine_get_mode (h->engine);
  gboolean playing = lq_engine_get_playing (h->engine);
  gint64 position = lq_engine_get_position (h->engine), a = 0, b = 0;
  gboolean loop = lq_engine_get_loop (h->engine, &a, &b);
  guint rate = lq_engine_get_sample_rate (h->engine);
  g_autoptr(LqProject) project = h->project != NULL ? g_object_ref (h->project) : NULL;
  gint64 length;

  h->reload_idle = 0;
  if (project == NULL || h->track == NULL)
    return G_SOURCE_REMOVE;
  h->reloading = TRUE;
  if (mode == LQ_ENGINE_MODE_TRACK)
    {
      guint n = 0;

      /* The track by its place now (it may have moved). */
      for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
        if (lq_project_get_track (project, i) == h->track)
          n = i;
      if (n > 0)
        load_track (h, project, n);
    }
  else
    load_program (h, project, mode, h->transition_s);
  h->reloading = FALSE;
  if (h->track == NULL)
    {
      emit_state (h);   /* the load failed and said why */
      return G_SOURCE_REMOVE;
    }
  length = lq_engine_get_length (h->engine);
  if (lq_engine_get_sample_rate (h->engine) == rate)
    {
      if (loop && b <= length)
        lq_engine_set_loop (h->engine, a, b);
      lq_engine_seek (h->engine, MIN (position, MAX (length - 1, 0)));
    }
  if (playing)
    lq_engine_play (h->engine);
  if (loop && h->mode == LQ_LEVEL_MATCH_LOOP)
    update_gains (h);
  emit_state (h);
  return G_SOURCE_REMOVE;
}

static void
solved_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  Helper *h = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!lq_master_gains_solve_finish (LQ_PROJECT (object), result, &n, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        emit_error (h, LQ_PLAYBACK_ERROR_FILE, error->message);
      return;
    }
  g_clear_object (&h->solving);
  /* Heard from the next block on: the gain glides (lq-chain.h). */
  if (n > 0 && h->follower != NULL)
    lq_project_follower_publish (h->follower);
}

/* The gains the export plays at (lq-master-gains.h) that the tracks loaded
 * lack, solved on a worker; until then they play at the plan's gain. */
static void
solve_missing (Helper *h)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = NULL;

  if (h->project == NULL || h->track == NULL)
    return;
  if (lq_engine_get_mode (h->engine) == LQ_ENGINE_MODE_TRACK)
    g_ptr_array_add (tracks, h->track);
  else
    for (guint i = 0; i < lq_engine_get_n_tracks (h->engine); i++)
      g_ptr_array_add (tracks, lq_project_get_track (h->project, lq_engine_get_track_number (h->engine, i)));
  missing = lq_master_gains_missing (h->project, tracks);
  if (missing->len == 0)
    return;
  if (h->solving != NULL)
    {
      g_cancellable_cancel (h->solving);
      g_clear_object (&h->solving);
    }
  h->solving = g_cancellable_new ();
  lq_master_gains_solve_async (h->project, missing, h->solving, solved_cb, h);
}

static void
published_cb (LqProjectFollower *follower,
              Helper *h)
{
  solve_missing (h);
}

static void
timeline_changed_cb (LqProjectFollower *follower,
                     Helper *h)
{
  /* Not from inside the follower's poll: the load replaces it. */
  if (h->reload_idle == 0)
    h->reload_idle = g_idle_add (reload_cb, h);
}

static void
follow_project (Helper *h)
{
  g_clear_object (&h->follower);
  if (h->project == NULL || h->track == NULL)
    return;
  if (lq_engine_get_mode (h->engine) == LQ_ENGINE_MODE_TRACK)
    h->follower = lq_project_follower_new (h->project, h->track, h->engine);
  else
    h->follower = lq_project_follower_new_program (h->project, h->engine);
  g_signal_connect (h->follower, "timeline-changed", G_CALLBACK (timeline_changed_cb), h);
  g_signal_connect (h->follower, "published", G_CALLBACK (published_cb), h);
  lq_project_follower_start (h->follower, 0);
  solve_missing (h);
}

/* {"cmd":"album"} or {"cmd":"transitions","seconds":S}, of the project
 * loaded (or "project": PATH): paused at 0. */
static void
cmd_load_program (Helper *h, JsonObject *cmd, LqEngineMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  const char *path = json_object_get_string_member_with_default (cmd, "project", NULL);
  double seconds = LQ_ENGINE_TRANSITION_DEFAULT_S;

  if (mode == LQ_ENGINE_MODE_TRANSITIONS && json_object_has_member (cmd, "seconds"))
    seconds = lq_playback_protocol_get_double (cmd, "seconds");
  if (!(seconds > 0 && seconds <= TRANSITION_MAX_S))
    {
      g_autofree char *message =
        g_strdup_printf (_("transitions: “seconds” is more than 0 and at most %.0f"),
                         TRANSITION_MAX_S);

      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
      return;
    }
  if (path != NULL)
    {
      project = lq_project_open (path, TRUE, &error);
      if (project == NULL)
        {
          emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, path, error);
          return;
        }
    }
  else if (h->project != NULL)
    project = g_object_ref (h->project);
  else
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND,
                  mode == LQ_ENGINE_MODE_ALBUM ? _("album: no project is loaded")
                                               : _("transitions: no project is loaded"));
      return;
    }
  load_program (h, project, mode, seconds);
}

/* The album or its transitions (@seconds each side) of @project, paused at
 * 0. */
static void
load_program (Helper *h,
              LqProject *project,
              LqEngineMode mode,
              double seconds)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *skipped;
  gboolean loaded;

  /* The engine's loads want the callback stopped. */
  stop_stream (h);
  g_clear_pointer (&h->image, lq_engine_image_unref);
  h->transition_s = seconds;
  loaded = mode == LQ_ENGINE_MODE_ALBUM ? lq_engine_load_album (h->engine, project, &error)
                                        : lq_engine_load_transitions (h->engine, project, seconds, &error);
  if (!loaded)
    {
      emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, lq_project_get_path (project), error);
      h->track = NULL;
      h->track_n = 0;
      g_clear_object (&h->follower);
      (void) start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      emit_state (h);
      return;
    }
  /* Tracks left out: one error each; the rest plays. */
  skipped = lq_engine_get_skipped (h->engine);
  for (guint i = 0; skipped != NULL && i < skipped->len; i++)
    emit_error (h, LQ_PLAYBACK_ERROR_FILE, ((GError *) g_ptr_array_index (skipped, i))->message);
  g_set_object (&h->project, project);
  h->track_n = lq_engine_get_track_number (h->engine, 0);
  h->track = lq_project_get_track (h->project, h->track_n);
  if (h->reference != NULL && !lq_engine_set_reference (h->engine, h->reference, &error))
    {
      emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, h->reference, error);
      g_clear_pointer (&h->reference, g_free);
      g_clear_error (&error);
    }
  lq_engine_set_source (h->engine, h->source);
  update_gains (h);
  follow_project (h);
  (void) start_stream (h, LQ_PLAYBACK_ERROR_FILE);
  emit_state (h);
}

/* {"cmd":"load-image",...} (lq_playback_protocol_parse_image()): a disc
 * image, its samples only, paused at 0. No project is loaded then: no
 * follower, no level matching (the gains are 0 dB), no reference. */
static void
cmd_load_image (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqEngineImage) image = lq_playback_protocol_parse_image (cmd, &error);

  if (image == NULL)
    {
      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, error->message);
      return;
    }
  stop_stream (h);
  g_clear_object (&h->follower);
  h->track = NULL;
  h->track_n = 0;
  g_clear_pointer (&h->image, lq_engine_image_unref);
  if (!lq_engine_load_image (h->engine, image, &error))
    {
      /* The message names the image file. */
      emit_error (h, LQ_PLAYBACK_ERROR_FILE, error->message);
      (void) start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      emit_state (h);
      return;
    }
  h->image = g_steal_pointer (&image);
  for (guint s = 0; s < 3; s++)
    h->gains[s] = 0;
  emit_gains (h);
  (void) start_stream (h, LQ_PLAYBACK_ERROR_FILE);
  emit_state (h);
}

/* {"cmd":"loop","start":S,"end":S} or {"cmd":"loop","clear":true}. */
static void
cmd_loop (Helper *h, JsonObject *cmd)
{
  double rate = lq_engine_get_sample_rate (h->engine);
  double start = lq_playback_protocol_get_double (cmd, "start");
  double end = lq_playback_protocol_get_double (cmd, "end");
  double length;

  if (!need_track (h, "loop"))
    return;
  if (json_object_get_boolean_member_with_default (cmd, "clear", FALSE))
    {
      lq_engine_clear_loop (h->engine);
      if (h->mode == LQ_LEVEL_MATCH_LOOP)
        update_gains (h);
      emit_state (h);
      return;
    }
  length = (double) lq_engine_get_length (h->engine) / rate;
  if (!(start >= 0 && end <= length && end - start >= LQ_ENGINE_LOOP_MIN_S))
    {
      g_autofree char *message =
        g_strdup_printf (_("loop: give “start” and “end” within 0 to %.3f s, at least %.2f s apart, "
                           "or “clear”"), length, LQ_ENGINE_LOOP_MIN_S);

      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
      return;
    }
  lq_engine_set_loop (h->engine, (gint64) llround (start * rate), (gint64) llround (end * rate));
  if (h->mode == LQ_LEVEL_MATCH_LOOP)
    update_gains (h);
  emit_state (h);
}

static void
run_command (Helper *h, JsonObject *cmd)
{
  const char *name = json_object_get_string_member_with_default (cmd, "cmd", "");

  if (g_str_equal (name, "open"))
    cmd_open (h, cmd);
  else if (g_str_equal (name, "load"))
    cmd_load (h, cmd);
  else if (g_str_equal (name, "play"))
    {
      if (need_track (h, name))
        {
          lq_engine_play (h->engine);
          emit_state (h);
        }
    }
  else if (g_str_equal (name, "pause"))
    {
      lq_engine_pause (h->engine);
      emit_state (h);
    }
  else if (g_str_equal (name, "seek"))
    {
      double s = lq_playback_protocol_get_double (cmd, "seconds");

      if (!need_track (h, name))
        return;
      if (!isfinite (s))
        emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("seek: give “seconds”"));
      else
        {
          lq_engine_seek (h->engine, (gint64) llround (MAX (s, 0) * lq_engine_get_sample_rate (h->engine)));
          emit_state (h);
        }
    }
  else if (g_str_equal (name, "source"))
    cmd_source (h, cmd);
  else if (g_str_equal (name, "level-match"))
    {
      LqLevelMatchMode mode;

      if (!lq_level_match_mode_from_string (json_object_get_string_member_with_default (cmd, "mode", ""), &mode))
        emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND,
                    _("level-match: the mode is integrated, loudest, loop or off"));
      else
        {
          h->mode = mode;
          update_gains (h);
        }
    }
  else if (g_str_equal (name, "crossfade"))
    {
      double ms = lq_playback_protocol_get_double (cmd, "ms");

      if (!(ms >= 0 && ms <= LQ_CROSSFADE_MAX_MS))
        emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("crossfade: “ms” is 0 to 500"));
      else
        lq_engine_set_crossfade_ms (h->engine, ms);
    }
  else if (g_str_equal (name, "monitor"))
    cmd_monitor (h, cmd);
  else if (g_str_equal (name, "reference"))
    cmd_reference (h, cmd);
  else if (g_str_equal (name, "devices"))
    cmd_devices (h);
  else if (g_str_equal (name, "album") || g_str_equal (name, "transitions"))
    cmd_load_program (h, cmd, g_str_equal (name, "album") ? LQ_ENGINE_MODE_ALBUM
                                                          : LQ_ENGINE_MODE_TRANSITIONS);
  else if (g_str_equal (name, "loop"))
    cmd_loop (h, cmd);
  else if (g_str_equal (name, "track-gains"))
    {
      g_autoptr(GError) error = NULL;
      GArray *gains = NULL;

      if (!lq_track_gains_from_json (json_object_get_member (cmd, "gains"), &gains, &error))
        emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, error->message);
      else
        {
          g_clear_pointer (&h->track_gains, g_array_unref);
          h->track_gains = gains;
          update_gains (h);
        }
    }
  else if (g_str_equal (name, "load-image"))
    cmd_load_image (h, cmd);
  else if (g_str_equal (name, "quit"))
    g_main_loop_quit (h->loop);
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a command"), name);

      emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
    }
}

/* Callbacks --------------------------------------------------------------- */

static void
read_line_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  Helper *h = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);
  g_autoptr(JsonObject) cmd = NULL;

  if (line == NULL)
    {
      /* stdin closed (or unreadable): the client is gone. */
      g_main_loop_quit (h->loop);
      return;
    }
  if (*g_strstrip (line) != '\0')
    {
      cmd = lq_playback_protocol_parse (line, &error);
      if (cmd == NULL || !json_object_has_member (cmd, "cmd"))
        {
          g_autofree char *message = g_strdup_printf (_("not a command: %s"),
                                                      error != NULL ? error->message : line);

          emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
        }
      else
        run_command (h, cmd);
    }
  if (g_main_loop_is_running (h->loop))
    read_next (h);
}

static void
read_next (Helper *h)
{
  g_data_input_stream_read_line_async (h->in, G_PRIORITY_DEFAULT, NULL, read_line_cb, h);
}

/* The stream stopped by itself, or its callback stands still (the JACK
 * server died). Said once, then the helper exits at once: closing a stream
 * whose server is gone may hang or abort inside PortAudio, and a new helper
 * is how the client starts over. */
G_GNUC_NORETURN static void
device_lost (Helper *h)
{
  g_autofree char *label = lq_audio_device_label (h->device);
  g_autofree char *message = g_strdup_printf (_("The audio device “%s” went away"), label);

  emit_error (h, LQ_PLAYBACK_ERROR_DEVICE_LOST, message);
  fflush (stdout);
  _exit (1);
}

static gboolean
tick_cb (gpointer user_data)
{
  Helper *h = user_data;
  gboolean playing = lq_engine_get_playing (h->engine);
  gint64 position = lq_engine_get_position (h->engine);

  if (h->stream != NULL)
    {
      guint64 callbacks = lq_engine_stream_get_callbacks (h->stream);

      h->stalled_ticks = callbacks == h->callbacks ? h->stalled_ticks + 1 : 0;
      h->callbacks = callbacks;
      if (!lq_engine_stream_is_running (h->stream) || h->stalled_ticks >= STALL_TICKS)
        device_lost (h);
    }
  h->ticks++;
  if (playing)
    emit_meter (h);
  /* "ended" first: the state that follows is the paused one at the end. */
  if (h->was_playing && !playing && (h->track != NULL || h->image != NULL)
      && position >= lq_engine_get_length (h->engine))
    {
      g_autoptr(JsonBuilder) b = begin_event ("ended");

      json_builder_end_object (b);
      emit (h, b);
    }
  if (playing != h->was_playing || (playing && h->ticks % STATE_EVERY_TICKS == 0)
      || (!playing && position != h->last_position))
    emit_state (h);
  h->was_playing = playing;
  h->last_position = position;
  return G_SOURCE_CONTINUE;
}

/* How long closing the stream may take when the helper quits. */
#define LQ_PLAYBACK_CLOSE_S 2

int
main (int argc,
      char **argv)
{
  Helper h = { 0 };
  g_autoptr(GInputStream) in = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (argc > 1)
    {
      fprintf (stderr, "%s\n", _("lacquer-playback is started by Lacquer: it reads JSON commands on stdin"));
      return 2;
    }
  /* A closed stdout is an error from fputs, not a signal. */
  signal (SIGPIPE, SIG_IGN);
  /* The window (or whoever started it) gone, without a word: so is this. */
  (void) prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () == 1)
    return 1;

  h.loop = g_main_loop_new (NULL, FALSE);
  h.engine = lq_engine_new ();
  h.mode = LQ_LEVEL_MATCH_INTEGRATED;
  h.source = LQ_PLAYBACK_MASTER;
  in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  h.in = g_data_input_stream_new (in);
  read_next (&h);
  g_timeout_add (TICK_MS, tick_cb, &h);
  g_main_loop_run (h.loop);

  /* Closing a stream on a JACK server that is going away can hang inside
   * PortAudio 19.6 (or abort: issue 819). The client has let go already:
   * if closing takes more than LQ_PLAYBACK_CLOSE_S, SIGALRM ends this. */
  fflush (stdout);
  alarm (LQ_PLAYBACK_CLOSE_S);
  stop_stream (&h);
  g_clear_pointer (&h.device, lq_audio_device_free);
  g_clear_object (&h.in);
  g_clear_object (&h.follower);
  g_clear_object (&h.engine);
  g_clear_object (&h.audio);
  h.track = NULL;
  g_clear_object (&h.project);
  g_clear_pointer (&h.image, lq_engine_image_unref);
  g_free (h.reference);
  g_clear_pointer (&h.track_gains, g_array_unref);
  g_clear_handle_id (&h.reload_idle, g_source_remove);
  if (h.solving != NULL)
    g_cancellable_cancel (h.solving);
  g_clear_object (&h.solving);
  g_main_loop_unref (h.loop);
  return h.status;
}

/* lq-playback-main-commands.c: `lacquer-playback`'s stream, its level
 * matching, and its commands but the album's and the transitions'
 * (lq-playback-main-program.c). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lq-playback-levels.h"
#include "lq-playback-main-private.h"
#include "lq-render.h"
#include "lq-render-gain.h"
#include "lq-track-analysis.h"
#include "lq-track-gains.h"

/* The stream --------------------------------------------------------------- */

void
_lq_playback_stop_stream (Helper *h)
{
  if (h->stream == NULL)
    return;
  (void) lq_engine_stream_finish (h->stream, NULL);
  g_clear_pointer (&h->stream, lq_engine_stream_free);
}

/* (Re)starts the open-ended stream on the chosen device; FALSE after an
 * error event. */
gboolean
_lq_playback_start_stream (Helper *h, const char *code)
{
  g_autoptr(GError) error = NULL;
  gboolean playing = lq_engine_get_playing (h->engine);

  _lq_playback_stop_stream (h);
  if (h->device == NULL)
    return TRUE;
  h->stream = lq_engine_stream_new (h->engine, h->audio);
  if (!lq_engine_stream_start_open (h->stream, h->device, h->buffer, &error))
    {
      g_clear_pointer (&h->stream, lq_engine_stream_free);
      _lq_playback_emit_error (h, code, error->message);
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
void
_lq_playback_update_gains (Helper *h)
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
  _lq_playback_emit_gains (h);
}

/* Commands ---------------------------------------------------------------- */

void
_lq_playback_cmd_open (Helper *h, JsonObject *cmd)
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
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("open: the buffer must be between 16 and 8192 frames"));
      return;
    }
  _lq_playback_stop_stream (h);
  g_clear_pointer (&h->device, lq_audio_device_free);
  if (h->audio == NULL)
    {
      h->audio = lq_audio_system_new (&error);
      if (h->audio == NULL)
        {
          _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE, error->message);
          return;
        }
    }
  list = lq_audio_system_list_outputs (h->audio);
  if (list->len == 0)
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE,
                  _("No audio output device: PortAudio found no sound card and no running sound server"));
      return;
    }
  h->device = lq_audio_system_find_output (h->audio, name, &error);
  if (h->device == NULL)
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_NO_DEVICE, error->message);
      return;
    }
  h->buffer = (gulong) buffer;
  if (!_lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_NO_DEVICE))
    {
      g_clear_pointer (&h->device, lq_audio_device_free);
      return;
    }
  label = lq_audio_device_label (h->device);
  b = _lq_playback_begin_event ("ready");
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, label);
  json_builder_set_member_name (b, "rate");
  json_builder_add_int_value (b, (gint64) lq_engine_stream_get_rate (h->stream));
  json_builder_set_member_name (b, "buffer");
  json_builder_add_int_value (b, (gint64) lq_engine_stream_get_buffer_frames (h->stream));
  json_builder_set_member_name (b, "latency");
  json_builder_add_double_value (b, lq_engine_stream_get_latency (h->stream));
  json_builder_end_object (b);
  _lq_playback_emit (h, b);
}

void
_lq_playback_cmd_load (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  const char *path = json_object_get_string_member_with_default (cmd, "project", NULL);
  double n = lq_playback_protocol_get_double (cmd, "track");

  if (path == NULL || !(n >= 1) || n != floor (n))
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("load: give “project” and a “track” from 1"));
      return;
    }
  project = lq_project_open (path, TRUE, &error);
  if (project == NULL)
    {
      _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, path, error);
      return;
    }
  _lq_playback_load_track (h, project, n);
}

/* Track @n of @project (open), paused at 0. */
void
_lq_playback_load_track (Helper *h,
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

      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_PROJECT, message);
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

      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_FILE, message);
      return;
    }

  /* The engine's loads want the callback stopped. */
  _lq_playback_stop_stream (h);
  g_clear_pointer (&h->image, lq_engine_image_unref);
  (void) lq_render_spec_init_playback (&spec, project, track);
  spec.gap_s = 0;
  loaded = lq_engine_load_spec (h->engine, &spec, &error);
  lq_render_spec_clear (&spec);
  if (!loaded)
    {
      _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, lq_track_get_path (track), error);
      h->track = NULL;
      h->track_n = 0;
      g_clear_object (&h->follower);
      (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      _lq_playback_emit_state (h);
      return;
    }
  g_set_object (&h->project, project);
  h->track = track;
  h->track_n = (guint) n;
  _lq_playback_start_loaded (h);
}

/* After a track or a program was loaded: the reference again, the source
 * and the gains, following the project's edits, the stream, the state. */
void
_lq_playback_start_loaded (Helper *h)
{
  g_autoptr(GError) error = NULL;

  if (h->reference != NULL && !lq_engine_set_reference (h->engine, h->reference, &error))
    {
      _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, h->reference, error);
      g_clear_pointer (&h->reference, g_free);
    }
  lq_engine_set_source (h->engine, h->source);
  _lq_playback_update_gains (h);
  _lq_playback_follow_project (h);
  (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_FILE);
  _lq_playback_emit_state (h);
}

gboolean
_lq_playback_need_track (Helper *h, const char *command)
{
  if ((h->track != NULL || h->image != NULL) && h->stream != NULL)
    return TRUE;
  {
    g_autofree char *message = g_strdup_printf (h->stream == NULL ? _("%s: no audio device is open")
                                                                  : _("%s: no track is loaded"), command);

    _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
  }
  return FALSE;
}

void
_lq_playback_cmd_source (Helper *h, JsonObject *cmd)
{
  LqPlaybackSource source;

  if (!lq_playback_source_from_string (json_object_get_string_member_with_default (cmd, "name", NULL), &source))
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("source: the name is mix, master or reference"));
      _lq_playback_emit_state (h);   /* the source still heard, for a client that assumed the new one */
      return;
    }
  if (source == LQ_PLAYBACK_REFERENCE && h->reference == NULL)
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("source: no reference is set"));
      _lq_playback_emit_state (h);
      return;
    }
  h->source = source;
  lq_engine_set_source (h->engine, source);
  _lq_playback_emit_state (h);
  _lq_playback_emit_gains (h);
}

void
_lq_playback_cmd_reference (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  const char *path = NULL;

  if (json_object_has_member (cmd, "path") && !json_object_get_null_member (cmd, "path"))
    path = json_object_get_string_member_with_default (cmd, "path", NULL);
  if (h->track == NULL)
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("reference: no track is loaded"));
      return;
    }
  _lq_playback_stop_stream (h);
  if (!lq_engine_set_reference (h->engine, path, &error))
    _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_FILE, path, error);
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
  _lq_playback_update_gains (h);
  (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
  _lq_playback_emit_state (h);
}

void
_lq_playback_cmd_monitor (Helper *h, JsonObject *cmd)
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
void
_lq_playback_cmd_devices (Helper *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) b = _lq_playback_begin_event ("devices");

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
  _lq_playback_emit (h, b);
}

/* Disc images, loops ------------------------------------------------------ */

/* {"cmd":"load-image",...} (lq_playback_protocol_parse_image()): a disc
 * image, its samples only, paused at 0. No project is loaded then: no
 * follower, no level matching (the gains are 0 dB), no reference. */
void
_lq_playback_cmd_load_image (Helper *h, JsonObject *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqEngineImage) image = lq_playback_protocol_parse_image (cmd, &error);

  if (image == NULL)
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, error->message);
      return;
    }
  _lq_playback_stop_stream (h);
  g_clear_object (&h->follower);
  h->track = NULL;
  h->track_n = 0;
  g_clear_pointer (&h->image, lq_engine_image_unref);
  if (!lq_engine_load_image (h->engine, image, &error))
    {
      /* The message names the image file. */
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_FILE, error->message);
      (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      _lq_playback_emit_state (h);
      return;
    }
  h->image = g_steal_pointer (&image);
  for (guint s = 0; s < 3; s++)
    h->gains[s] = 0;
  _lq_playback_emit_gains (h);
  (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_FILE);
  _lq_playback_emit_state (h);
}

/* {"cmd":"loop","start":S,"end":S} or {"cmd":"loop","clear":true}. */
void
_lq_playback_cmd_loop (Helper *h, JsonObject *cmd)
{
  double rate = lq_engine_get_sample_rate (h->engine);
  double start = lq_playback_protocol_get_double (cmd, "start");
  double end = lq_playback_protocol_get_double (cmd, "end");
  double length;

  if (!_lq_playback_need_track (h, "loop"))
    return;
  if (json_object_get_boolean_member_with_default (cmd, "clear", FALSE))
    {
      lq_engine_clear_loop (h->engine);
      if (h->mode == LQ_LEVEL_MATCH_LOOP)
        _lq_playback_update_gains (h);
      _lq_playback_emit_state (h);
      return;
    }
  length = (double) lq_engine_get_length (h->engine) / rate;
  if (!(start >= 0 && end <= length && end - start >= LQ_ENGINE_LOOP_MIN_S))
    {
      g_autofree char *message =
        g_strdup_printf (_("loop: give “start” and “end” within 0 to %.3f s, at least %.2f s apart, "
                           "or “clear”"), length, LQ_ENGINE_LOOP_MIN_S);

      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
      return;
    }
  lq_engine_set_loop (h->engine, (gint64) llround (start * rate), (gint64) llround (end * rate));
  if (h->mode == LQ_LEVEL_MATCH_LOOP)
    _lq_playback_update_gains (h);
  _lq_playback_emit_state (h);
}

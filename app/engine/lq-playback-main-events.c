/* lq-playback-main-events.c: the events `lacquer-playback` writes on its
 * stdout (README.md, "The helper's protocol"): one JSON line each. */
#include "config.h"

#include <stdio.h>

#include "lq-playback-main-private.h"

static void add_program_state (Helper *h, JsonBuilder *b);

void
_lq_playback_emit (Helper *h, JsonBuilder *b)
{
  g_autoptr(JsonNode) node = json_builder_get_root (b);
  g_autofree char *line = lq_playback_protocol_line (node);

  if (fputs (line, stdout) < 0 || fflush (stdout) != 0)
    g_main_loop_quit (h->loop);   /* the client went away */
}

JsonBuilder *
_lq_playback_begin_event (const char *name)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, name);
  return b;
}

void
_lq_playback_emit_error (Helper *h, const char *code, const char *message)
{
  g_autoptr(JsonBuilder) b = _lq_playback_begin_event ("error");
  g_autofree char *line = g_strdelimit (g_strdup (message), "\r\n", ' ');

  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, line);
  json_builder_end_object (b);
  _lq_playback_emit (h, b);
}

/* "FILE: reason" */
void
_lq_playback_emit_file_error (Helper *h, const char *code, const char *path, const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", path, error->message);

  _lq_playback_emit_error (h, code, message);
}

static double
rate_of (Helper *h)
{
  guint rate = lq_engine_get_sample_rate (h->engine);

  if (rate > 0)
    return rate;
  return h->stream != NULL ? lq_engine_stream_get_rate (h->stream) : 0;
}

void
_lq_playback_emit_state (Helper *h)
{
  g_autoptr(JsonBuilder) b = NULL;
  double rate = rate_of (h);
  guint track_rate = lq_engine_get_sample_rate (h->engine);

  /* A reload tells its state once, at its end. */
  if (h->reloading)
    return;
  b = _lq_playback_begin_event ("state");

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
  _lq_playback_emit (h, b);
}

static double
max2 (const double *v)
{
  return MAX (v[0], v[1]);
}

void
_lq_playback_emit_meter (Helper *h)
{
  g_autoptr(JsonBuilder) b = NULL;
  LqLiveMeterSnapshot m;

  lq_engine_read_meter (h->engine, &m);
  if (m.serial == h->meter_serial)
    return;
  h->meter_serial = m.serial;
  b = _lq_playback_begin_event ("meter");
  lq_playback_protocol_add_double (b, "momentary", m.momentary);
  lq_playback_protocol_add_double (b, "short_term", m.short_term);
  lq_playback_protocol_add_double (b, "integrated", m.integrated);
  lq_playback_protocol_add_double (b, "true_peak", max2 (m.true_peak));
  lq_playback_protocol_add_double (b, "true_peak_hold", max2 (m.peak_hold));
  lq_playback_protocol_add_double (b, "correlation", m.correlation);
  lq_playback_protocol_add_double (b, "plr", m.plr);
  json_builder_end_object (b);
  _lq_playback_emit (h, b);
}

void
_lq_playback_emit_gains (Helper *h)
{
  g_autoptr(JsonBuilder) b = _lq_playback_begin_event ("gains");

  for (guint s = 0; s < 3; s++)
    {
      json_builder_set_member_name (b, lq_playback_source_to_string (s));
      json_builder_add_double_value (b, h->gains[s]);
    }
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, lq_level_match_mode_to_string (h->mode));
  json_builder_end_object (b);
  _lq_playback_emit (h, b);
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

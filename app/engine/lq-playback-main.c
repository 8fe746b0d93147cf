/* lq-playback-main.c: `lacquer-playback`, the playback helper process.
 *
 * Owns one LqAudioSystem (one PortAudio session), one LqEngine and its
 * open-ended LqEngineStream, and is driven over its stdin/stdout by JSON
 * lines (README.md, "The helper's protocol"; LqPlayer is the client). Why a
 * process of its own: README.md, "Why playback runs in a helper process".
 * Every command either works or answers with an "error" event; the helper
 * exits when told to quit or when its stdin closes.
 *
 * This file reads the commands, runs them and ticks (meters, state, a lost
 * device); lq-playback-main-private.h says where the rest is. */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lq-playback-main-private.h"
#include "lq-track-gains.h"

#define TICK_MS 40          /* meters at 25 Hz */
#define STATE_EVERY_TICKS 2 /* state at 12.5 Hz while playing */
/* A stream whose callback has not run for this long lost its device. */
#define STALL_TICKS 25

static void read_next (Helper *h);

/* Commands ---------------------------------------------------------------- */

static void
run_command (Helper *h, JsonObject *cmd)
{
  const char *name = json_object_get_string_member_with_default (cmd, "cmd", "");

  if (g_str_equal (name, "open"))
    _lq_playback_cmd_open (h, cmd);
  else if (g_str_equal (name, "load"))
    _lq_playback_cmd_load (h, cmd);
  else if (g_str_equal (name, "play"))
    {
      if (_lq_playback_need_track (h, name))
        {
          lq_engine_play (h->engine);
          _lq_playback_emit_state (h);
        }
    }
  else if (g_str_equal (name, "pause"))
    {
      lq_engine_pause (h->engine);
      _lq_playback_emit_state (h);
    }
  else if (g_str_equal (name, "seek"))
    {
      double s = lq_playback_protocol_get_double (cmd, "seconds");

      if (!_lq_playback_need_track (h, name))
        return;
      if (!isfinite (s))
        _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("seek: give “seconds”"));
      else
        {
          lq_engine_seek (h->engine, (gint64) llround (MAX (s, 0) * lq_engine_get_sample_rate (h->engine)));
          _lq_playback_emit_state (h);
        }
    }
  else if (g_str_equal (name, "source"))
    _lq_playback_cmd_source (h, cmd);
  else if (g_str_equal (name, "level-match"))
    {
      LqLevelMatchMode mode;

      if (!lq_level_match_mode_from_string (json_object_get_string_member_with_default (cmd, "mode", ""), &mode))
        _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND,
                    _("level-match: the mode is integrated, loudest, loop or off"));
      else
        {
          h->mode = mode;
          _lq_playback_update_gains (h);
        }
    }
  else if (g_str_equal (name, "crossfade"))
    {
      double ms = lq_playback_protocol_get_double (cmd, "ms");

      if (!(ms >= 0 && ms <= LQ_CROSSFADE_MAX_MS))
        _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, _("crossfade: “ms” is 0 to 500"));
      else
        lq_engine_set_crossfade_ms (h->engine, ms);
    }
  else if (g_str_equal (name, "monitor"))
    _lq_playback_cmd_monitor (h, cmd);
  else if (g_str_equal (name, "reference"))
    _lq_playback_cmd_reference (h, cmd);
  else if (g_str_equal (name, "devices"))
    _lq_playback_cmd_devices (h);
  else if (g_str_equal (name, "album") || g_str_equal (name, "transitions"))
    _lq_playback_cmd_load_program (h, cmd, g_str_equal (name, "album") ? LQ_ENGINE_MODE_ALBUM
                                                          : LQ_ENGINE_MODE_TRANSITIONS);
  else if (g_str_equal (name, "loop"))
    _lq_playback_cmd_loop (h, cmd);
  else if (g_str_equal (name, "track-gains"))
    {
      g_autoptr(GError) error = NULL;
      GArray *gains = NULL;

      if (!lq_track_gains_from_json (json_object_get_member (cmd, "gains"), &gains, &error))
        _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, error->message);
      else
        {
          g_clear_pointer (&h->track_gains, g_array_unref);
          h->track_gains = gains;
          _lq_playback_update_gains (h);
        }
    }
  else if (g_str_equal (name, "load-image"))
    _lq_playback_cmd_load_image (h, cmd);
  else if (g_str_equal (name, "quit"))
    g_main_loop_quit (h->loop);
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a command"), name);

      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
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

          _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
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

  _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_DEVICE_LOST, message);
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
    _lq_playback_emit_meter (h);
  /* "ended" first: the state that follows is the paused one at the end. */
  if (h->was_playing && !playing && (h->track != NULL || h->image != NULL)
      && position >= lq_engine_get_length (h->engine))
    {
      g_autoptr(JsonBuilder) b = _lq_playback_begin_event ("ended");

      json_builder_end_object (b);
      _lq_playback_emit (h, b);
    }
  if (playing != h->was_playing || (playing && h->ticks % STATE_EVERY_TICKS == 0)
      || (!playing && position != h->last_position))
    _lq_playback_emit_state (h);
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
  _lq_playback_stop_stream (&h);
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

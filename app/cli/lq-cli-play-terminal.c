/* lq-cli-play-terminal.c: the terminal under `play` and `abx`: raw mode,
 * the keys, the status line, and play's keys and meter (see
 * lq-cli-play-terminal.h). */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lq-cli-play-terminal.h"
#include "lq-error.h"

#define SEEK_STEP_S 5.0
#define DEFAULT_WIDTH 80

struct _LqCliTerminal
{
  GMainLoop *loop;
  LqCliKeyDecoder decoder;
  LqCliTerminalKeyFunc key_func;
  LqCliTerminalTickFunc tick_func;
  gpointer user_data;
  char *status;          /* the status line shown, or NULL */
  int signal;            /* the signal that ended the loop, or 0 */
};

/* The settings to restore, for the atexit() handler too. */
static struct termios saved_termios;
static gboolean raw_mode;
static gboolean atexit_registered;

static void
restore_terminal (void)
{
  if (!raw_mode)
    return;
  raw_mode = FALSE;
  while (tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios) != 0 && errno == EINTR)
    ;
}

gboolean
lq_cli_terminal_wanted (gboolean json)
{
  return !json && isatty (STDIN_FILENO);
}

LqCliTerminal *
lq_cli_terminal_new (GError **error)
{
  LqCliTerminal *self;
  struct termios raw;

  g_return_val_if_fail (!raw_mode, NULL);

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot read the terminal’s settings: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }
  raw = saved_termios;
  /* Keys as they are pressed, not echoed; Ctrl-C and Ctrl-Z stay signals. */
  raw.c_lflag &= ~(tcflag_t) (ICANON | ECHO);
  raw.c_iflag &= ~(tcflag_t) (IXON | ICRNL);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (!atexit_registered)
    {
      atexit (restore_terminal);
      atexit_registered = TRUE;
    }
  raw_mode = TRUE;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &raw) != 0)
    {
      int saved_errno = errno;

      restore_terminal ();
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot set up the terminal: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (LqCliTerminal, 1);
  lq_cli_key_decoder_init (&self->decoder);
  return self;
}

static void
end_status (LqCliTerminal *self)
{
  if (self->status == NULL)
    return;
  fputs ("\n", stderr);
  fflush (stderr);
  g_clear_pointer (&self->status, g_free);
}

void
lq_cli_terminal_free (LqCliTerminal *self)
{
  if (self == NULL)
    return;
  end_status (self);
  restore_terminal ();
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_free (self);
}

static gboolean
stdin_cb (int fd,
          GIOCondition condition,
          gpointer user_data)
{
  LqCliTerminal *self = user_data;
  guchar bytes[64];
  ssize_t n = read (fd, bytes, sizeof bytes);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    return G_SOURCE_REMOVE;   /* the terminal is gone: no more keys */
  for (ssize_t i = 0; i < n && g_main_loop_is_running (self->loop); i++)
    {
      LqCliKey keys[2];
      guint n_keys = lq_cli_key_decoder_feed (&self->decoder, bytes[i], keys);

      for (guint k = 0; k < n_keys; k++)
        self->key_func (self, &keys[k], self->user_data);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  LqCliTerminal *self = user_data;

  self->tick_func (self, self->user_data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  LqCliTerminal *terminal;
  int signal;
} SignalData;

static gboolean
signal_cb (gpointer user_data)
{
  SignalData *data = user_data;

  data->terminal->signal = data->signal;
  lq_cli_terminal_quit (data->terminal);
  return G_SOURCE_CONTINUE;
}

int
lq_cli_terminal_run (LqCliTerminal *self,
                     LqCliTerminalKeyFunc key_func,
                     LqCliTerminalTickFunc tick_func,
                     gpointer user_data)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  SignalData data[G_N_ELEMENTS (signals)];
  guint sources[G_N_ELEMENTS (signals) + 2];
  guint n = 0;

  g_return_val_if_fail (self != NULL && self->loop == NULL, 1);

  self->loop = g_main_loop_new (NULL, FALSE);
  self->key_func = key_func;
  self->tick_func = tick_func;
  self->user_data = user_data;
  self->signal = 0;
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      data[i].terminal = self;
      data[i].signal = signals[i];
      sources[n++] = g_unix_signal_add (signals[i], signal_cb, &data[i]);
    }
  sources[n++] = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, self);
  sources[n++] = g_timeout_add (LQ_CLI_TERMINAL_TICK_MS, tick_cb, self);
  tick_func (self, user_data);
  g_main_loop_run (self->loop);
  for (guint i = 0; i < n; i++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, sources[i]);

      if (source != NULL)
        g_source_destroy (source);
    }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  return self->signal != 0 ? 128 + self->signal : 0;
}

void
lq_cli_terminal_quit (LqCliTerminal *self)
{
  g_return_if_fail (self != NULL);
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static guint
terminal_width (void)
{
  struct winsize size;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return DEFAULT_WIDTH;
}

void
lq_cli_terminal_status (LqCliTerminal *self,
                        const char *line)
{
  guint width = terminal_width ();
  g_autofree char *cut = NULL;

  g_return_if_fail (self != NULL && line != NULL);

  /* One column short of the width: a full line would wrap on some
   * terminals, and the \r would then redraw only its second half. */
  if (g_utf8_strlen (line, -1) >= (glong) width)
    cut = g_utf8_substring (line, 0, width > 1 ? width - 1 : 1);
  fprintf (stderr, "\r%s\033[K", cut != NULL ? cut : line);
  fflush (stderr);
  g_free (self->status);
  self->status = g_strdup (line);
}

void
lq_cli_terminal_print (LqCliTerminal *self,
                       const char *line)
{
  g_return_if_fail (self != NULL && line != NULL);

  /* The status line gives way; the next lq_cli_terminal_status() draws it
   * again below, as it is then. */
  if (self->status != NULL)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      g_clear_pointer (&self->status, g_free);
    }
  printf ("%s\n", line);
  fflush (stdout);
}

/* Play ------------------------------------------------------------------- */

static const char *const source_labels[] = { N_("mix"), N_("master"), N_("reference") };

static char *
format_time (double s)
{
  int minutes = (int) (s / 60);

  return g_strdup_printf ("%d:%04.1f", minutes, s - 60.0 * minutes);
}

static char *
format_level (double value)
{
  if (!isfinite (value))
    return g_strdup ("  -∞ ");
  return g_strdup_printf ("%5.1f", MAX (value, -99.9));
}

char *
lq_cli_play_terminal_meter_line (LqEngine *engine,
                                 guint rate,
                                 gint64 length,
                                 const char *label,
                                 double gain_db)
{
  LqLiveMeterSnapshot m;
  g_autofree char *position = format_time ((double) lq_engine_get_position (engine) / rate);
  g_autofree char *total = format_time ((double) length / rate);
  g_autofree char *momentary = NULL, *short_term = NULL, *integrated = NULL;
  g_autofree char *peak = NULL, *hold = NULL;
  GString *line = g_string_new (NULL);
  double tp = -HUGE_VAL, tp_hold = -HUGE_VAL;

  lq_engine_read_meter (engine, &m);
  for (guint c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
    {
      tp = MAX (tp, m.true_peak[c]);
      tp_hold = MAX (tp_hold, m.peak_hold[c]);
    }
  momentary = format_level (m.momentary);
  short_term = format_level (m.short_term);
  integrated = format_level (m.integrated);
  peak = format_level (tp);
  hold = format_level (tp_hold);
  /* Kept within 80 columns for mix and master (the units are in the key
   * help above it): the gain first, as it says what is compared. */
  g_string_append_printf (line, "%s/%s %-6s%s", position, total, label,
                          lq_engine_get_playing (engine) ? " " : "‖");
  if (isfinite (gain_db))
    g_string_append_printf (line, "%+5.1f dB", fabs (gain_db) < 0.05 ? 0.0 : gain_db);
  /* TRANSLATORS: the meter line: momentary, short-term and integrated
   * loudness, true peak and its hold, correlation */
  g_string_append_printf (line, _(" M %s S %s I %s TP %s (%s) r %+.2f"), momentary, short_term,
                          integrated, peak, hold, isfinite (m.correlation) ? m.correlation : 0.0);
  return g_string_free (line, FALSE);
}

static void
play_set_source (LqCliPlayTerminal *play,
                 LqPlaybackSource source,
                 LqPlaybackSource *previous)
{
  LqPlaybackSource now = lq_engine_get_source (play->engine);

  if (source == now)
    return;
  if (source == LQ_PLAYBACK_REFERENCE && !play->levels->has_reference)
    return;
  *previous = now;
  lq_engine_set_source (play->engine, source);
}

typedef struct
{
  LqCliPlayTerminal *play;
  LqPlaybackSource previous;
} PlayState;

static void
play_seek (LqCliPlayTerminal *play,
           gint64 frame)
{
  lq_engine_seek (play->engine, CLAMP (frame, 0, play->end - 1));
}

static void
play_tick_cb (LqCliTerminal *terminal,
              gpointer user_data)
{
  PlayState *state = user_data;
  LqCliPlayTerminal *play = state->play;
  LqPlaybackSource source = lq_engine_get_source (play->engine);
  g_autofree char *line = NULL;

  /* A lost device (lq-engine-stream.h): out, so that play says so with
   * the terminal restored. */
  if (lq_engine_stream_device_lost (play->stream, LQ_CLI_PLAY_DEVICE_LOST_S))
    {
      play->device_lost = TRUE;
      lq_cli_terminal_quit (terminal);
      return;
    }
  if (!lq_engine_stream_is_running (play->stream))
    {
      lq_cli_terminal_quit (terminal);
      return;
    }
  line = lq_cli_play_terminal_meter_line (play->engine, play->rate, lq_engine_get_length (play->engine),
                                          source == LQ_PLAYBACK_REFERENCE && play->codec != NULL
                                          ? play->codec : _(source_labels[source]),
                                          lq_playback_levels_gain (play->levels, play->mode, source));
  lq_cli_terminal_status (terminal, line);
}

static void
play_key_cb (LqCliTerminal *terminal,
             const LqCliKey *key,
             gpointer user_data)
{
  PlayState *state = user_data;
  LqCliPlayTerminal *play = state->play;
  gint64 step = (gint64) (SEEK_STEP_S * play->rate);

  switch (key->type)
    {
    case LQ_CLI_KEY_LEFT:
      play_seek (play, lq_engine_get_position (play->engine) - step);
      break;
    case LQ_CLI_KEY_RIGHT:
      play_seek (play, lq_engine_get_position (play->engine) + step);
      break;
    case LQ_CLI_KEY_HOME:
      play_seek (play, 0);
      break;
    case LQ_CLI_KEY_END:
      play_seek (play, play->end - step);
      break;
    case LQ_CLI_KEY_CHAR:
      switch (key->ch)
        {
        case '1':
          play_set_source (play, LQ_PLAYBACK_MIX, &state->previous);
          break;
        case '2':
          play_set_source (play, LQ_PLAYBACK_MASTER, &state->previous);
          break;
        case '3':
          play_set_source (play, LQ_PLAYBACK_REFERENCE, &state->previous);
          break;
        case 'a':
        case 'A':
          play_set_source (play, state->previous, &state->previous);
          break;
        case ' ':
          if (lq_engine_get_playing (play->engine))
            lq_engine_pause (play->engine);
          else
            lq_engine_play (play->engine);
          break;
        case 'm':
        case 'M':
          {
            g_autofree char *line = NULL;

            play->mode = lq_playback_levels_next_mode (play->mode);
            lq_playback_levels_apply (play->levels, play->mode, play->engine);
            line = lq_playback_levels_describe (play->levels, play->mode);
            lq_cli_terminal_print (terminal, line);
          }
          break;
        case 'q':
        case 'Q':
          play->quit = TRUE;
          lq_cli_terminal_quit (terminal);
          return;
        default:
          return;
        }
      break;
    default:
      return;
    }
  play_tick_cb (terminal, state);
}

int
lq_cli_play_terminal_run (LqCliPlayTerminal *play)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCliTerminal) terminal = lq_cli_terminal_new (&error);
  LqPlaybackSource source = lq_engine_get_source (play->engine);
  PlayState state = {
    .play = play,
    .previous = source == LQ_PLAYBACK_MASTER ? LQ_PLAYBACK_MIX : LQ_PLAYBACK_MASTER,
  };

  play->quit = FALSE;
  if (terminal == NULL)
    {
      fprintf (stderr, "lacquer-cli: %s\n", error->message);
      return 1;
    }
  if (play->codec != NULL)
    {
      /* TRANSLATORS: %s is the codec's id (mp3-128, …): key 3 plays it */
      g_autofree char *keys = g_strdup_printf (_("Keys: 1 mix, 2 master, 3 %s, a the last two, space pause, "
                                                 "←/→ 5 s, Home/End, m match mode, q quit"), play->codec);

      lq_cli_terminal_print (terminal, keys);
    }
  else
    lq_cli_terminal_print (terminal,
                           play->levels->has_reference
                             ? _("Keys: 1 mix, 2 master, 3 reference, a the last two, space pause, "
                                 "←/→ 5 s, Home/End, m match mode, q quit")
                             : _("Keys: 1 mix, 2 master, a the last two, space pause, "
                                 "←/→ 5 s, Home/End, m match mode, q quit"));
  lq_cli_terminal_print (terminal, _("Meter: the level-match gain, momentary (M), short-term (S) and "
                                     "integrated (I) loudness in LUFS, true peak (TP) and its hold "
                                     "in dBTP, correlation (r)"));
  return lq_cli_terminal_run (terminal, play_key_cb, play_tick_cb, &state);
}

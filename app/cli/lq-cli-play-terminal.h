/* lq-cli-play-terminal.h: `lacquer-cli play` and `abx` on a terminal.
 *
 * LqCliTerminal: stdin's terminal in raw mode (no echo, no line editing;
 * Ctrl-C still a signal), restored on every way out: its free, exit(),
 * SIGINT, SIGTERM and SIGHUP (which end its loop). Its loop reads the keys
 * from the main context (g_unix_fd_add: nothing waits on stdin, and the
 * audio thread never sees any of it), calls a tick ten times a second, and
 * keeps one status line redrawn in place on stderr.
 *
 * lq_cli_play_terminal_run(): play's keys (1 2 3 sources, a the last two,
 * space pause, Left/Right 5 s, Home/End, m the match mode, q quit) and its
 * one-line meter. */
#pragma once

#include <glib.h>

#include "lq-cli-keys.h"
#include "lq-playback-levels.h"
#include "lq-engine-stream.h"
#include "lq-engine.h"

G_BEGIN_DECLS

#define LQ_CLI_TERMINAL_TICK_MS 100

typedef struct _LqCliTerminal LqCliTerminal;

/* Called for each key; @self's loop runs until lq_cli_terminal_quit(). */
typedef void (*LqCliTerminalKeyFunc) (LqCliTerminal *self,
                                      const LqCliKey *key,
                                      gpointer user_data);
typedef void (*LqCliTerminalTickFunc) (LqCliTerminal *self,
                                       gpointer user_data);

/* Whether to run on the terminal: stdin is one and --json was not given. */
gboolean lq_cli_terminal_wanted (gboolean json);
/* Puts stdin's terminal in raw mode; NULL with @error when it cannot. */
LqCliTerminal *lq_cli_terminal_new (GError **error);
/* Ends the status line and restores the terminal. */
void lq_cli_terminal_free (LqCliTerminal *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCliTerminal, lq_cli_terminal_free)

/* Runs until lq_cli_terminal_quit() or a signal; returns 0, or 128 plus
 * the signal's number when one ended it. */
int lq_cli_terminal_run (LqCliTerminal *self,
                         LqCliTerminalKeyFunc key_func,
                         LqCliTerminalTickFunc tick_func,
                         gpointer user_data);
void lq_cli_terminal_quit (LqCliTerminal *self);
/* Redraws the status line: "\r", @line cut to the terminal's width, the
 * rest of the line cleared. */
void lq_cli_terminal_status (LqCliTerminal *self,
                             const char *line);
/* A line of its own (stdout) where the status line was; the status line
 * comes back at the next lq_cli_terminal_status(). */
void lq_cli_terminal_print (LqCliTerminal *self,
                            const char *line);

/* The meter line: position / length, @label (the source), paused,
 * momentary, short-term and integrated loudness, true peak with its hold,
 * correlation and @gain_db (NAN: left out). */
char *lq_cli_play_terminal_meter_line (LqEngine *engine,
                                       guint rate,
                                       gint64 length,
                                       const char *label,
                                       double gain_db);

/* No callback for this long while playing: the device is gone. */
#define LQ_CLI_PLAY_DEVICE_LOST_S 2.0

typedef struct
{
  LqEngine *engine;
  LqEngineStream *stream;
  const LqPlaybackLevels *levels;
  LqLevelMatchMode mode;       /* in and out: m changes it */
  gint64 end;                  /* where the stream ends */
  guint rate;
  gboolean quit;               /* out: q was pressed */
  gboolean device_lost;        /* out: the device stopped calling back */
  const char *codec;           /* the codec source's id in the reference's place, or NULL */
} LqCliPlayTerminal;

/* Play's keys and meter until the stream ends, q or a signal; returns
 * lq_cli_terminal_run()'s value, or 1 with a message on stderr when the
 * terminal could not be set up. */
int lq_cli_play_terminal_run (LqCliPlayTerminal *play);

G_END_DECLS

/* lq-player.h: playback as the window sees it, in a helper process.
 *
 * LqPlayer starts `lacquer-playback` (lq-playback-main.c; the path from the
 * environment variable LACQUER_PLAYBACK_HELPER, else the installed one),
 * sends it commands and follows its events (README.md, "The helper's
 * protocol"). Everything is asynchronous on the thread-default main context
 * of the thread that created it (the GTK main thread): no call blocks, the
 * properties change and the signals fire as the helper's events arrive.
 *
 * When the helper dies (the JACK server went away and PortAudio aborted,
 * it was killed, its device stopped), the player goes to
 * LQ_PLAYER_STATE_FAILED and emits "error" once, with the helper's last
 * error or "The audio device went away"; nothing in the calling process is
 * harmed. lq_player_restart() starts a new helper (PortAudio then sees the
 * devices of that moment: this is how a device list is refreshed) and opens
 * and loads again what was opened and loaded.
 *
 * Signals: "devices-changed" (a new lq_player_get_devices()),
 * "meter-changed" (a new lq_player_get_meter()), "gains-changed"
 * (new lq_player_get_level_match_gain()s), "ended" (the end
 * of the track), "error" (code: "no-device", "device-lost", "file",
 * "project", "bad-command"; message: one line for the user). */
#pragma once

#include <gio/gio.h>

#include "lq-engine-image.h"
#include "lq-engine-program.h"
#include "lq-level-match.h"
#include "lq-playback-graph.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_PLAYER_STATE_NO_DEVICE,   /* nothing opened yet, or no device to open */
  LQ_PLAYER_STATE_STOPPED,     /* a device is open; nothing loaded, or at the start */
  LQ_PLAYER_STATE_LOADING,
  LQ_PLAYER_STATE_PLAYING,
  LQ_PLAYER_STATE_PAUSED,
  LQ_PLAYER_STATE_FAILED,      /* the helper died: lq_player_restart() */
} LqPlayerState;

/* The live meter, as the last "meter" event said: NAN where it read null. */
typedef struct
{
  double momentary;
  double short_term;
  double integrated;
  double true_peak;
  double true_peak_hold;
  double correlation;
  double plr;
} LqPlayerMeter;

#define LQ_TYPE_PLAYER_STATE (lq_player_state_get_type ())
GType lq_player_state_get_type (void);
#define LQ_TYPE_PLAYBACK_SOURCE (lq_playback_source_get_type ())
GType lq_playback_source_get_type (void);
#define LQ_TYPE_LEVEL_MATCH_MODE (lq_level_match_mode_get_type ())
GType lq_level_match_mode_get_type (void);
#define LQ_TYPE_ENGINE_MODE (lq_engine_mode_get_type ())
GType lq_engine_mode_get_type (void);
#define LQ_TYPE_MONITOR_FLAGS (lq_monitor_flags_get_type ())
GType lq_monitor_flags_get_type (void);

#define LQ_TYPE_PLAYER (lq_player_get_type ())
G_DECLARE_FINAL_TYPE (LqPlayer, lq_player, LQ, PLAYER, GObject)

LqPlayer *lq_player_new (void);

LqPlayerState lq_player_get_state (LqPlayer *self);
double lq_player_get_position (LqPlayer *self);
double lq_player_get_length (LqPlayer *self);
/* 1-based; 0: none loaded. */
guint lq_player_get_track (LqPlayer *self);
LqPlaybackSource lq_player_get_source (LqPlayer *self);
LqLevelMatchMode lq_player_get_level_match_mode (LqPlayer *self);
double lq_player_get_crossfade_ms (LqPlayer *self);
LqMonitorFlags lq_player_get_monitor (LqPlayer *self);
const char *lq_player_get_device_label (LqPlayer *self);
guint lq_player_get_rate (LqPlayer *self);
double lq_player_get_latency (LqPlayer *self);
/* The level-match gain of @source in dB, as the helper last said. */
double lq_player_get_level_match_gain (LqPlayer *self,
                                       LqPlaybackSource source);
void lq_player_get_meter (LqPlayer *self,
                          LqPlayerMeter *meter);

/* Starts the helper if none runs and opens @device (any part of "host API:
 * device"; NULL: the default output) with @buffer_frames per callback (0:
 * 512). */
void lq_player_open (LqPlayer *self,
                     const char *device,
                     guint buffer_frames);
/* Track @track (1-based) of the project at @project_path, opened read-only. */
void lq_player_load_track (LqPlayer *self,
                           const char *project_path,
                           guint track);
void lq_player_play (LqPlayer *self);
void lq_player_pause (LqPlayer *self);
void lq_player_toggle (LqPlayer *self);
void lq_player_seek (LqPlayer *self,
                     double seconds);
void lq_player_seek_relative (LqPlayer *self,
                              double seconds);
void lq_player_set_source (LqPlayer *self,
                           LqPlaybackSource source);
void lq_player_set_level_match_mode (LqPlayer *self,
                                     LqLevelMatchMode mode);
void lq_player_set_crossfade_ms (LqPlayer *self,
                                 double ms);
void lq_player_set_monitor (LqPlayer *self,
                            LqMonitorFlags flags);
/* An audio file at the track's rate, or NULL for none. */
void lq_player_set_reference (LqPlayer *self,
                              const char *path);
/* The reference last given (lq_player_set_reference()), or NULL. */
const char *lq_player_get_reference (LqPlayer *self);
/* A new helper: the old one is told to quit (and killed), the new one opens
 * the device and loads the track the old one had. */
void lq_player_restart (LqPlayer *self);
/* Asks the helper (started if none runs; no device needs to be open) for
 * its output devices: "devices-changed" then, and lq_player_get_devices()
 * says them. A new helper (lq_player_restart()) is a rescan. */
void lq_player_list_devices (LqPlayer *self);
/* The outputs' labels ("host API: device", what lq_player_open() takes)
 * as the last answer listed them; empty before one. */
const char *const *lq_player_get_devices (LqPlayer *self);

/* Album, transitions, loops (properties "mode", "loop-start", "loop-end":
 * as the helper last said; both 0 without a loop). Position, length and
 * loops are then in seconds of the program's timeline, and "track" is the
 * number of the track heard. */
LqEngineMode lq_player_get_mode (LqPlayer *self);
/* TRUE with a loop: its [@start, @end) in seconds. */
gboolean lq_player_get_loop (LqPlayer *self,
                             double *start,
                             double *end);
/* The album of the project at @project_path (every track after its gap). */
void lq_player_load_album (LqPlayer *self,
                           const char *project_path);
/* Its transitions: the last and first @seconds around each gap. */
void lq_player_load_transitions (LqPlayer *self,
                                 const char *project_path,
                                 double seconds);
/* A loop over [@start, @end) s of what is loaded (kept by a restart). */
void lq_player_set_loop (LqPlayer *self,
                         double start,
                         double end);
void lq_player_clear_loop (LqPlayer *self);

/* Plays each track at its own fixed gain instead of level matching (a
 * streaming platform's, lq-track-gains.h): @gains_db[number - 1] for the
 * project's track @number, on every source; NULL: level matching again.
 * Kept for later loads and by a restart, until set again. */
void lq_player_set_track_gains (LqPlayer *self,
                                const double *gains_db,
                                guint n);
/* The gains set (@n gets how many), or NULL when level matching. */
const double *lq_player_get_track_gains (LqPlayer *self,
                                         guint *n);
/* A disc image (lq-engine-image.h: a DDP's IMAGE.DAT and its track table,
 * which the layers above read and verify): its samples only, as a CD
 * player plays them ("mode" image, "track" the CD track heard, "source"
 * mix), paused at 0; kept (a reference) and loaded again by a restart. */
void lq_player_load_image (LqPlayer *self,
                           LqEngineImage *image);

G_END_DECLS

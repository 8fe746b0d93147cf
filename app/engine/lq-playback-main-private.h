/* lq-playback-main-private.h: what the files of `lacquer-playback`, the
 * playback helper process, share: its state (Helper) and its parts.
 * lq-playback-main.c reads the commands, runs them and ticks;
 * lq-playback-main-events.c writes the events; lq-playback-main-commands.c
 * holds the stream, the level matching and the commands;
 * lq-playback-main-program.c the album, the transitions and the edits
 * followed while they play. Inside the helper only. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lq-audio-system.h"
#include "lq-engine-stream.h"
#include "lq-engine.h"
#include "lq-level-match.h"
#include "lq-playback-protocol.h"
#include "lq-project-follower.h"
#include "lq-project.h"

G_BEGIN_DECLS

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

/* lq-playback-main-events.c: one event line on stdout (the loop quits when
 * the client went away), and the events. */
void _lq_playback_emit (Helper *h, JsonBuilder *b);
JsonBuilder *_lq_playback_begin_event (const char *name);
void _lq_playback_emit_error (Helper *h, const char *code, const char *message);
void _lq_playback_emit_file_error (Helper *h, const char *code, const char *path, const GError *error);
void _lq_playback_emit_state (Helper *h);
void _lq_playback_emit_meter (Helper *h);
void _lq_playback_emit_gains (Helper *h);

/* lq-playback-main-commands.c: the stream, the level matching and the
 * commands. */
void _lq_playback_stop_stream (Helper *h);
gboolean _lq_playback_start_stream (Helper *h, const char *code);
void _lq_playback_update_gains (Helper *h);
gboolean _lq_playback_need_track (Helper *h, const char *command);
void _lq_playback_load_track (Helper *h, LqProject *project, double n);
void _lq_playback_start_loaded (Helper *h);
void _lq_playback_cmd_open (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_load (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_source (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_reference (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_monitor (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_devices (Helper *h);
void _lq_playback_cmd_load_image (Helper *h, JsonObject *cmd);
void _lq_playback_cmd_loop (Helper *h, JsonObject *cmd);

/* lq-playback-main-program.c: the album and its transitions, and the
 * project's edits followed while they play. */
void _lq_playback_follow_project (Helper *h);
void _lq_playback_cmd_load_program (Helper *h, JsonObject *cmd, LqEngineMode mode);

G_END_DECLS

/* lq-engine-stream.h: an LqEngine playing on an LqAudioSystem output.
 *
 * The PortAudio callback runs lq_engine_process() for the frames of the
 * engine's timeline [from, end), then silence, and completes the stream
 * there (or plays open-ended: lq_engine_stream_start_open()). It measures its own time (clock_gettime (CLOCK_MONOTONIC)) into a
 * preallocated array: the callback never allocates, locks or logs.
 *
 * The stream runs at the engine's rate when the device takes it (under JACK,
 * the server's rate decides); otherwise at the device's own rate, and the
 * engine resamples to it on its reader thread (lq_engine_set_output_rate():
 * then lq_engine_get_sample_rate() is the device's rate, and "Master" is
 * no longer bit-identical to the export). Use from one thread (the one that
 * owns the LqAudioSystem). */
#pragma once

#include <glib.h>

#include "lq-audio-system.h"
#include "lq-engine.h"

G_BEGIN_DECLS

typedef struct _LqEngineStream LqEngineStream;

/* The callback's own time, in microseconds. */
typedef struct
{
  guint64 callbacks;     /* every callback, also those past the array */
  double median_us;
  double p99_us;
  double max_us;
} LqCallbackStats;

/* @engine has a track loaded. */
LqEngineStream *lq_engine_stream_new (LqEngine *engine,
                                      LqAudioSystem *audio);
void lq_engine_stream_free (LqEngineStream *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqEngineStream, lq_engine_stream_free)

/* Opens @device at the engine's rate (or the device's, see above) with
 * @buffer_frames per callback (0: LQ_AUDIO_DEFAULT_BUFFER_FRAMES), seeks
 * the engine to @from, runs its preroll and fills its rings ahead (off the
 * callback: the first frame the device gets is frame @from), then starts
 * the stream. It ends after frame @end - 1 (0 < @from < @end <= the
 * engine's length). @from and @end are frames at the engine's rate before
 * the call; when the device runs at another rate they move to the same
 * times at that rate (lq_engine_stream_get_end()). */
gboolean lq_engine_stream_start (LqEngineStream *self,
                                 const LqAudioDevice *device,
                                 gulong buffer_frames,
                                 gint64 from,
                                 gint64 end,
                                 GError **error);
/* Open-ended play, for the playback helper: opens @device at the engine's
 * rate (at the device's default rate before a load: silence) and starts the
 * stream at once. The callback runs lq_engine_process() for every buffer
 * until lq_engine_stream_finish(): the engine's own transport (play, pause,
 * seek with its preroll in the callback) decides what is heard, and it
 * pauses at the end of the track. */
gboolean lq_engine_stream_start_open (LqEngineStream *self,
                                      const LqAudioDevice *device,
                                      gulong buffer_frames,
                                      GError **error);
/* The rate the open-ended stream runs at. */
double lq_engine_stream_get_rate (LqEngineStream *self);
/* The callbacks run so far: a running stream whose count stands still has
 * lost its device (a JACK server that died may leave it "active"). */
guint64 lq_engine_stream_get_callbacks (LqEngineStream *self);
/* TRUE while the stream runs. */
gboolean lq_engine_stream_is_running (LqEngineStream *self);
/* TRUE when the stream stopped before @end, or runs but the device has
 * not called back for @timeout_s (call it every few ms while the stream
 * runs, and once after it stopped): the device went away under it. A JACK server that dies leaves PortAudio 19.6's stream
 * "active" with no callbacks; closing that stream can hang or abort
 * (PortAudio issue 819), so a caller that sees this should not close it:
 * the helper process (README.md) exits. */
gboolean lq_engine_stream_device_lost (LqEngineStream *self,
                                       double timeout_s);
/* For tests only, not a user setting: with LACQUER_TEST_READER_STALL=AFTER,FOR
 * in the environment, stalls the engine's reader thread (a slow disk) from
 * AFTER to AFTER + FOR seconds (wall time) after the stream started. Call
 * it every few ms while the stream runs (`lacquer-cli play` does;
 * tests/engine/play-stall.sh). Without the variable it does nothing. */
void lq_engine_stream_test_stall_from_env (LqEngineStream *self);
/* The timeline frame heard next. */
gint64 lq_engine_stream_get_position (LqEngineStream *self);
/* Closes the stream; an error when it stopped before @end. */
gboolean lq_engine_stream_finish (LqEngineStream *self,
                                  GError **error);

/* The frame the stream ends before, at the engine's rate once started. */
gint64 lq_engine_stream_get_end (LqEngineStream *self);
gulong lq_engine_stream_get_buffer_frames (LqEngineStream *self);
double lq_engine_stream_get_latency (LqEngineStream *self);
/* Track frames heard: the heard position's advance since the start. */
gint64 lq_engine_stream_get_frames_played (LqEngineStream *self);
/* Output underflows PortAudio flagged to the callback. */
guint lq_engine_stream_get_xruns (LqEngineStream *self);
/* After lq_engine_stream_finish(). */
void lq_engine_stream_get_callback_stats (LqEngineStream *self,
                                          LqCallbackStats *stats);

G_END_DECLS

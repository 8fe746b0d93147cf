/* lq-engine.h: the playback engine's control side (issue 11).
 *
 * LqEngine plays one track of an album (its LqRenderSpec, as the export
 * renders it: lq_render_spec_init()) as "Mix" (the source stage's output:
 * gap, trims, fades), "Master" (that through the mastering chain, the
 * export's sound) or "Reference" (any audio file, at any rate), and
 * switches between them click-free while playing (lq-playback-graph.h).
 *
 * Sample rates: the engine runs at the track's rate, or at the output rate
 * set with lq_engine_set_output_rate() (the device's, when it does not take
 * the track's). A track or a reference at another rate is resampled to the
 * engine's rate on the reader thread (lq-resampled-source.h: soxr, the
 * export's quality), never in the callback; the chain, the meters and the
 * timeline (positions, lengths, seeks) are then at the engine's rate. Only
 * at the track's own rate is "Master" bit-identical to the export: at
 * another rate the chain runs on resampled audio.
 *
 * Threads:
 *  - The control thread (the UI's main loop or a test) calls everything but
 *    lq_engine_process(). Nothing here waits for the audio thread: settings
 *    and parameters go through mailboxes, transport requests through
 *    atomics, the meter is a lock-free snapshot.
 *  - A reader thread, started by a load, decodes the track and the reference
 *    ahead into two rings of fixed size (LQ_ENGINE_RING_SECONDS or more) and
 *    answers their flushes on seeks.
 *  - The audio thread calls lq_engine_process() (the PortAudio callback
 *    will; the tests call it directly, with no device). It never allocates,
 *    locks, logs or does I/O.
 *
 * Loading a track of another sample rate, or changing the output rate,
 * rebuilds the callback's state: call the loads and
 * lq_engine_set_output_rate() only while lq_engine_process() is not
 * running (the device layer stops its stream first).
 *
 * Chain settings changed while playing: lq_engine_set_chain_settings()
 * copies them and publishes the copy; the callback applies them at its next
 * block boundary (the processors glide to them). A changed match-EQ curve is
 * designed by the call, on the control thread (lq_chain_update_new()); the
 * callback only copies it in (lq_chain_apply_update()).
 */
#pragma once

#include <glib-object.h>

#include "lq-chain.h"
#include "lq-crossfade.h"
#include "lq-live-meter.h"
#include "lq-playback-graph.h"
#include "lq-render.h"

G_BEGIN_DECLS

#define LQ_ENGINE_RING_SECONDS 2.5
#define LQ_ENGINE_MAX_BLOCK 1024

#define LQ_TYPE_ENGINE (lq_engine_get_type ())
G_DECLARE_FINAL_TYPE (LqEngine, lq_engine, LQ, ENGINE, GObject)

LqEngine *lq_engine_new (void);

/* Loads @spec's track (the gap first), paused at timeline frame 0, the
 * chain with spec->chain. FALSE with @error when the source cannot be
 * read. */
gboolean lq_engine_load_spec (LqEngine *self,
                              const LqRenderSpec *spec,
                              GError **error);
/* The same for @track of @project. */
gboolean lq_engine_load_track (LqEngine *self,
                               LqProject *project,
                               LqTrack *track,
                               GError **error);
/* The reference: any audio file (NULL: none), resampled to the engine's
 * rate when it has another, played from the same time as the track. */
gboolean lq_engine_set_reference (LqEngine *self,
                                  const char *path,
                                  GError **error);

/* Runs the engine at @rate (0, the default: at each track's own rate). A
 * loaded track and reference are resampled to it at once, paused at the
 * same time (the position scaled to the new rate); FALSE with @error when
 * soxr or the graph cannot run at @rate (the engine is then unchanged). As
 * the loads, only while lq_engine_process() is not running. */
gboolean lq_engine_set_output_rate (LqEngine *self,
                                    guint rate,
                                    GError **error);

/* The rate the engine runs at, of its timeline and of what
 * lq_engine_process() hands out: 0 before a load. */
guint lq_engine_get_sample_rate (LqEngine *self);
/* The loaded track's own rate (0 before a load): another rate than
 * lq_engine_get_sample_rate() means it is resampled. */
guint lq_engine_get_track_rate (LqEngine *self);
guint lq_engine_get_latency (LqEngine *self);
gint64 lq_engine_get_length (LqEngine *self);

/* Transport. */
void lq_engine_play (LqEngine *self);
void lq_engine_pause (LqEngine *self);
gboolean lq_engine_get_playing (LqEngine *self);
void lq_engine_seek (LqEngine *self, gint64 frame);
/* The timeline frame heard next. */
gint64 lq_engine_get_position (LqEngine *self);
gboolean lq_engine_get_prerolling (LqEngine *self);

/* What is heard. */
void lq_engine_set_source (LqEngine *self, LqPlaybackSource source);
LqPlaybackSource lq_engine_get_source (LqEngine *self);
/* The level-match gain of @source in dB (from outside: the level matching). */
void lq_engine_set_match_gain_db (LqEngine *self, LqPlaybackSource source, double db);
void lq_engine_set_monitor (LqEngine *self, LqMonitorFlags flags);
void lq_engine_set_crossfade_ms (LqEngine *self, double ms);
/* Publishes a copy of @settings to the playing chain. */
void lq_engine_set_chain_settings (LqEngine *self, const LqChainSettings *settings);

void lq_engine_read_meter (LqEngine *self, LqLiveMeterSnapshot *snapshot);
guint64 lq_engine_get_underruns (LqEngine *self);

/* The audio callback: @frames interleaved stereo frames into @out (silence
 * before a load). */
void lq_engine_process (LqEngine *self, float *out, guint frames);

G_END_DECLS

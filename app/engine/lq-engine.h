/* lq-engine.h: the playback engine's control side (issue 11).
 *
 * LqEngine plays one track of an album (its LqRenderSpec, as the export
 * renders it: lq_render_spec_init()), the whole album or its transitions
 * (lq-engine-program.h), with a loop if asked, as "Mix" (the source stage's output:
 * gap, trims, fades), "Master" (that through the mastering chain, the
 * export's sound) or "Reference" (any audio file, at any rate), and
 * switches between them click-free while playing (lq-playback-graph.h).
 *
 * Sample rates: the engine runs at the (first) track's rate, or at the
 * output rate set with lq_engine_set_output_rate() (the device's, when it
 * does not take the track's). Tracks and references at another rate are
 * resampled to it on the reader thread (lq-resampled-source.h), never in the
 * callback. What is heard is bit-identical to the export only at the
 * track's own rate.
 *
 * Threads:
 *  - The control thread (the UI's main loop or a test) calls everything but
 *    lq_engine_process(). Nothing here waits for the audio thread: settings
 *    and parameters go through mailboxes, transport requests through
 *    atomics, the meter is a lock-free snapshot.
 *  - A reader thread, started by a load, decodes the program (one track,
 *    the album or its transitions: lq-engine-program.h) and the reference
 *    ahead into two rings of fixed size (LQ_ENGINE_RING_SECONDS or more) and
 *    answers their flushes on seeks. It writes the track ring in the order
 *    it is to be heard (a loop wraps there, crossfaded), each frame tagged
 *    with its timeline frame, plus the tail feed of the segment left last
 *    (lq-playback-timeline.h): the callback follows the tags, so the heard
 *    position, the track heard and the meters follow the output.
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
 * block boundary (the processors glide to them). Every track's match-EQ
 * curve is designed on the control thread when the settings are published
 * (lq_playback_graph_prepare_settings()); the callback only copies it in.
 */
#pragma once

#include <glib-object.h>

#include "lq-chain.h"
#include "lq-crossfade.h"
#include "lq-engine-program.h"
#include "lq-live-meter.h"
#include "lq-playback-graph.h"
#include "lq-render.h"

G_BEGIN_DECLS

#define LQ_ENGINE_RING_SECONDS 2.5
#define LQ_ENGINE_MAX_BLOCK 1024
/* The equal-power crossfade at a loop's wrap, and the shortest loop. */
#define LQ_ENGINE_LOOP_CROSSFADE_MS 5.0
#define LQ_ENGINE_LOOP_MIN_S 0.05
/* While looping, the reader decodes at most this far ahead (a moved loop
 * is heard within it). */
#define LQ_ENGINE_LOOP_AHEAD_S 0.5

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
/* The album (lq-engine-program.h): every track of @project in project
 * order, each after its gap with its fades, on one continuous timeline;
 * each track's master is its export (bit for bit: its own chain, started
 * at its first frame). Tracks that cannot play are skipped
 * (lq_engine_get_skipped()); FALSE with @error when none can. */
gboolean lq_engine_load_album (LqEngine *self,
                               LqProject *project,
                               GError **error);
/* The transitions: for each pair of neighbours, the last @seconds of the
 * one, the gap and the first @seconds of the next, then a pause of
 * LQ_ENGINE_TRANSITION_PAUSE_S (default @seconds:
 * LQ_ENGINE_TRANSITION_DEFAULT_S). Each excerpt's master is the track's
 * from a seek point (its chain starts afresh at the excerpt). */
gboolean lq_engine_load_transitions (LqEngine *self,
                                     LqProject *project,
                                     double seconds,
                                     GError **error);
/* The album (LQ_ENGINE_MODE_ALBUM) or its transitions
 * (LQ_ENGINE_MODE_TRANSITIONS, @seconds) from @n_specs specs, as if they
 * were a project's tracks 1 .. n (a spec whose source cannot play is
 * skipped). */
gboolean lq_engine_load_specs (LqEngine *self,
                               LqEngineMode mode,
                               const LqRenderSpec *specs,
                               guint n_specs,
                               double seconds,
                               GError **error);
/* A disc image (lq-engine-image.h): its samples as one continuous
 * timeline, pregaps and gaps included, through the mix path only (the
 * source is "mix" at 0 dB and stays so: lq_engine_set_source() and the
 * level-match gains are ignored until another load), resampled only when
 * the output rate is not 44.1 kHz. Tracks are the image's CD tracks
 * (lq_engine_get_track_number(): their numbers; lq_engine_get_track_start():
 * their pregaps, track 1's at 0). FALSE with @error naming the file when
 * it cannot be read or its table does not fit it. */
gboolean lq_engine_load_image (LqEngine *self,
                               LqEngineImage *image,
                               GError **error);
/* The image loaded (LQ_ENGINE_MODE_IMAGE), else NULL. */
LqEngineImage *lq_engine_get_image (LqEngine *self);

/* What was loaded. */
LqEngineMode lq_engine_get_mode (LqEngine *self);
/* The tracks played, skipped ones not counted; index 0 .. n - 1. */
guint lq_engine_get_n_tracks (LqEngine *self);
/* Track @index's number in the project (1-based). */
guint lq_engine_get_track_number (LqEngine *self, guint index);
/* The timeline frame where track @index starts (its gap first). */
gint64 lq_engine_get_track_start (LqEngine *self, guint index);
/* Timeline frame @frame as (track index, frame in the track's own timeline,
 * its gap first); FALSE between transitions or past the end. */
gboolean lq_engine_map_frame (LqEngine *self,
                              gint64 frame,
                              guint *index,
                              gint64 *frame_in_track);
/* The track index heard (-1: none, a pause between transitions). */
gint lq_engine_get_track (LqEngine *self);
/* The transition heard (0: the first track into the second), -1 when not
 * playing transitions. */
gint lq_engine_get_transition (LqEngine *self);
/* GErrors of the tracks the last load skipped (NULL before a load). */
GPtrArray *lq_engine_get_skipped (LqEngine *self);

/* Loop A-B: timeline frames [@start, @end) (at least LQ_ENGINE_LOOP_MIN_S)
 * play over and over. The reader wraps: the last LQ_ENGINE_LOOP_CROSSFADE_MS
 * before @end fade out (equal power) while the frames just before @start
 * fade in, so the loop start itself is heard exactly; the heard position
 * wraps with it, and the chain runs on through the wrap. Moved while
 * playing: when the heard position is outside the new region, a seek to
 * @start (with its preroll); inside, the next wrap the reader writes uses
 * the new end (at once when it has already read past it: what it decoded
 * ahead, up to LQ_ENGINE_LOOP_AHEAD_S, is heard first). */
void lq_engine_set_loop (LqEngine *self, gint64 start, gint64 end);
void lq_engine_clear_loop (LqEngine *self);
gboolean lq_engine_get_loop (LqEngine *self, gint64 *start, gint64 *end);

/* The reference: any audio file (NULL: none), resampled to the engine's
 * rate when it has another, played from the same timeline frame as the
 * track. */
gboolean lq_engine_set_reference (LqEngine *self,
                                  const char *path,
                                  GError **error);

/* Where the reference plays from: its frame @seconds is heard with
 * timeline frame 0, and so on in step (0, the default: the same position
 * as the track; a reference's cue point from the project's list plays the
 * reference from its cue when the track starts). */
void lq_engine_set_reference_offset (LqEngine *self, double seconds);

/* Runs the engine at @rate (0, the default: at the first track's own
 * rate). A loaded program and reference are resampled to it at once,
 * paused at the same time (the position and a loop scaled to the new
 * rate); FALSE with @error when soxr or the graph cannot run at @rate
 * (the engine is then unchanged). As the loads, only while
 * lq_engine_process() is not running. */
gboolean lq_engine_set_output_rate (LqEngine *self,
                                    guint rate,
                                    GError **error);

/* The rate the engine runs at, of its timeline and of what
 * lq_engine_process() hands out: 0 before a load. */
guint lq_engine_get_sample_rate (LqEngine *self);
/* The (first) loaded track's own rate (0 before a load): another rate
 * than lq_engine_get_sample_rate() means it is resampled. */
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
/* Track @index's own level-match gains in dB (album, transitions: each
 * track matched on its own), applied while that track is heard, times
 * lq_engine_set_match_gain_db()'s; at a boundary the gains ramp over
 * LQ_PLAYBACK_GAIN_RAMP_MS. A load resets them all to 0 dB. */
void lq_engine_set_track_match_gains (LqEngine *self,
                                      guint index,
                                      double mix_db,
                                      double master_db,
                                      double reference_db);
void lq_engine_set_monitor (LqEngine *self, LqMonitorFlags flags);
void lq_engine_set_crossfade_ms (LqEngine *self, double ms);
/* Publishes a copy of @settings as the settings of the track heard now
 * (lq_engine_get_track(); the only track of a single-track load): its
 * chain glides to them, and they stay that track's until the next load. */
void lq_engine_set_chain_settings (LqEngine *self, const LqChainSettings *settings);
/* Publishes a copy of the settings of every track of the program (@n:
 * lq_engine_get_n_tracks(), 1 for a single track): each running chain glides
 * to its track's, each later one starts with them (following an edited
 * project while an album plays). */
/* Track @index's settings as last published. */
void lq_engine_get_program_settings (LqEngine *self,
                                     guint index,
                                     LqChainSettings *settings);
void lq_engine_set_program_settings (LqEngine *self,
                                     const LqChainSettings *settings,
                                     guint n);

void lq_engine_read_meter (LqEngine *self, LqLiveMeterSnapshot *snapshot);
guint64 lq_engine_get_underruns (LqEngine *self);
/* Timeline frames heard so far (growing: a loop's passes each count). */
guint64 lq_engine_get_frames_heard (LqEngine *self);

/* The audio callback: @frames interleaved stereo frames into @out (silence
 * before a load). */
void lq_engine_process (LqEngine *self, float *out, guint frames);

G_END_DECLS

/* lq-playback-graph.h: the body of the playback engine's audio callback
 * (issue 11, sections 1-4).
 *
 * Per block, in this order:
 *
 *   track ring --+--> mix delay (the chain's latency) --------> mix    \
 *                +--> LqChain x 2 (per segment, see below) ----> master  > A
 *   reference ring ---------------------------------------------> reference > B
 *
 *   A: mix and master, each times its level-match gain (the params' gain
 *      times the gain of the track HEARD: per output frame by its timeline
 *      tag, ramped at a change of track; LqPlaybackParams.track_gain), with an
 *      EQUAL-GAIN (linear) crossfade: the two are the same track, sample-
 *      aligned and highly correlated, and an equal-power fade of two
 *      correlated signals bumps by up to +3 dB halfway.
 *   B: that result and the reference (times its gain) through lq-crossfade's
 *      EQUAL-POWER fade: a different recording, uncorrelated with the track.
 *   Then the monitor section (listening only: mono fold-down, side solo,
 *   polarity flip, left/right swap, dim -20 dB; each flag fades in and out
 *   over LQ_PLAYBACK_MONITOR_RAMP_MS), then the live meter on what is heard.
 *
 * Album, transitions, loops. What is played is a program of segments
 * (lq-playback-timeline.h), and each frame in the track ring carries its
 * timeline frame, so the reader may write the timeline in any order (a loop
 * wraps back; the reader crossfades the wrap itself). At each segment's
 * first AUDIO input frame (after its gap, or wherever a seek or a wrap
 * enters it) one of the two chains is reset with that track's settings and
 * fed; the chain fed before gets zeros for the latency and plays out its
 * tail. The frames' tags and chain numbers go through the same delay as the
 * mix, so the OUTPUT switches chain exactly the latency later: every track's
 * master is its export (a chain started at its first frame, its tail fed
 * what follows in the track: the ring's tail channels,
 * lq-playback-timeline.h), gaps are exact silence, and the heard position
 * (the tag of the next frame out) wraps with a loop. A loop inside one
 * segment keeps its chain running across the wrap (no reset: no restart
 * of the compressor or the match EQ). Segments shorter than the latency
 * may cut the tail of the segment two before them short.
 *
 * Threads. The audio callback calls lq_playback_graph_process() alone. The
 * control thread publishes chain settings and parameters through two
 * LqMailbox (picked up at block boundaries), and asks for play, pause and
 * seeks through atomics; it never waits for the callback. The reader thread
 * fills the two rings (lq_playback_graph_get_*_ring()) and answers their
 * flushes: after lq_ring_buffer_take_flush() returned true it repositions
 * its source at lq_playback_graph_get_flush_target(). Past the end of its
 * source the reader writes silence, so a ring that runs dry is always an
 * underrun: the missing frames are heard as silence (never stale audio),
 * counted, and played when they arrive (the heard position waits).
 *
 * Seeks and preroll. A seek (taken at the next block boundary) flushes both
 * rings, starts the chains afresh (at the target's segment) and clears the
 * mix delay; the chain's latency
 * worth of frames from the target is then processed and discarded, at most
 * two blocks' worth per callback, while silence is output. So the first
 * frame heard is the target, mix and master alike, and the heard position
 * (lq_playback_graph_get_position()) is the timeline frame of the next frame
 * output. The reference ring is read only while audio is output, from the
 * same timeline frame.
 *
 * Realtime-safe: process() never allocates, frees, locks, logs or does I/O
 * (tests/engine-core/test-engine-realtime.c counts). Chain settings arrive
 * as LqPlaybackSettings: one LqChainUpdate per track, whose match-EQ curve
 * the control thread designed (lq_playback_graph_prepare_settings()):
 * applying one runs no FFT, it copies a changed curve in and sets targets.
 *
 * Plain C11, no GLib. Stereo only.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-chain.h"
#include "lq-dsp-status.h"
#include "lq-live-meter.h"
#include "lq-mailbox.h"
#include "lq-playback-timeline.h"
#include "lq-ring-buffer.h"

#define LQ_PLAYBACK_CHANNELS 2
#define LQ_PLAYBACK_MONITOR_RAMP_MS 10.0
#define LQ_PLAYBACK_GAIN_RAMP_MS 10.0
#define LQ_PLAYBACK_DIM_DB (-20.0)

typedef enum
{
  LQ_PLAYBACK_MIX = 0,
  LQ_PLAYBACK_MASTER = 1,
  LQ_PLAYBACK_REFERENCE = 2,
} LqPlaybackSource;

typedef enum
{
  LQ_MONITOR_NONE = 0,
  LQ_MONITOR_MONO = 1 << 0,       /* (L + R) / 2 on both */
  LQ_MONITOR_SIDE = 1 << 1,       /* (L - R) / 2 on both */
  LQ_MONITOR_POLARITY = 1 << 2,   /* both inverted */
  LQ_MONITOR_SWAP = 1 << 3,       /* left and right exchanged */
  LQ_MONITOR_DIM = 1 << 4,        /* LQ_PLAYBACK_DIM_DB */
} LqMonitorFlags;

#define LQ_MONITOR_N_FLAGS 5

/* What the control side publishes (immutable once published). */
typedef struct
{
  LqPlaybackSource source;
  double gain[3];          /* linear level-match gain per source, >= 0 */
  uint32_t monitor;        /* LqMonitorFlags */
  double crossfade_ms;     /* 0 .. LQ_CROSSFADE_MAX_MS */
  /* Per-track level-match gains (album, transitions): track t's gain of
   * source s is track_gain[3 * t + s] (linear, >= 0), times gain[s]; tracks
   * at or past @n_track_gains have 1. Owned by the publisher and kept alive
   * with the params (the engine allocates both in one block). Applied to the
   * track HEARD: at the output, by each frame's timeline tag, ramped over
   * LQ_PLAYBACK_GAIN_RAMP_MS from the first frame of the next track's
   * segment (its gap, if it has one). */
  uint32_t n_track_gains;
  const double *track_gain;
} LqPlaybackParams;

typedef struct _LqPlaybackGraph LqPlaybackGraph;

/* Master, gains 1, no monitor flag, LQ_CROSSFADE_DEFAULT_MS. */
void lq_playback_params_init (LqPlaybackParams *params);

/* Rings of @ring_frames frames each. The mailboxes start with NULL (neutral
 * chain settings, default parameters); what is published through them is
 * destroyed with @settings_destroy (lq_playback_settings_destroy for the
 * LqPlaybackSettings) / @params_destroy on the control thread.
 * NULL on bad arguments or no memory. */
LqPlaybackGraph *lq_playback_graph_new (uint32_t rate,
                                        uint32_t max_block,
                                        uint32_t ring_frames,
                                        LqMailboxDestroy settings_destroy,
                                        LqMailboxDestroy params_destroy);
void lq_playback_graph_free (LqPlaybackGraph *self);

uint32_t lq_playback_graph_get_latency (const LqPlaybackGraph *self);

/* Control thread, while process() is not running: what is played, as
 * segments of one timeline (lq-playback-timeline.h; copied). NULL: one
 * segment of track 0 over the whole timeline (a single track). Stops
 * nothing; seek afterwards. LQ_ERR_NOMEM when out of memory. */
LqDspStatus lq_playback_graph_set_program (LqPlaybackGraph *self,
                                           const LqPlaybackSegment *segments,
                                           uint32_t n_segments);
/* 1 + the highest track index of the program. */
uint32_t lq_playback_graph_get_n_tracks (const LqPlaybackGraph *self);

/* The chain settings of the program's tracks, ready for the callback: one
 * LqChainUpdate per track (lq-chain.h), its match-EQ curve designed on the
 * control thread. */
typedef struct
{
  uint32_t n_tracks;
  LqChainUpdate *tracks[];
} LqPlaybackSettings;

/* Control thread: @n entries of @settings, one per track of the program
 * (one for a single track), each designed with the graph's own designer
 * (its FFT plans and buffers are never the callback's). NULL when out of
 * memory. */
LqPlaybackSettings *lq_playback_graph_prepare_settings (LqPlaybackGraph *self,
                                                        const LqChainSettings *settings,
                                                        uint32_t n);
void lq_playback_settings_free (LqPlaybackSettings *settings);
/* lq_playback_settings_free() as the settings mailbox's LqMailboxDestroy. */
void lq_playback_settings_destroy (void *settings);

/* Control thread: hands @settings (from prepare_settings(), not NULL) to
 * the callback. A chain reset for a segment takes its track's entry, and
 * the chains running when it is picked up take theirs (they glide to
 * them). */
void lq_playback_graph_publish_settings (LqPlaybackGraph *self, LqPlaybackSettings *settings);
void lq_playback_graph_publish_params (LqPlaybackGraph *self, LqPlaybackParams *params);
/* Destroys what the callback let go of. */
void lq_playback_graph_collect (LqPlaybackGraph *self);
void lq_playback_graph_set_playing (LqPlaybackGraph *self, bool playing);
bool lq_playback_graph_get_playing (const LqPlaybackGraph *self);
/* The track's timeline length: playback stops (pauses) there. */
void lq_playback_graph_set_length (LqPlaybackGraph *self, int64_t frames);
/* Seeks to timeline frame @frame (>= 0) at the next block boundary. */
void lq_playback_graph_seek (LqPlaybackGraph *self, int64_t frame);
/* The timeline frame heard next (the seek target until the preroll ends). */
int64_t lq_playback_graph_get_position (const LqPlaybackGraph *self);
/* True while a seek is pending or its preroll running. */
bool lq_playback_graph_is_prerolling (const LqPlaybackGraph *self);
uint64_t lq_playback_graph_get_underruns (const LqPlaybackGraph *self);
/* Frames of the timeline output since creation (a loop's passes counted
 * each time; prerolls and pauses not). */
uint64_t lq_playback_graph_get_frames_heard (const LqPlaybackGraph *self);
void lq_playback_graph_read_meter (const LqPlaybackGraph *self, LqLiveMeterSnapshot *snapshot);

/* Reader thread. The track ring has LQ_PLAYBACK_TRACK_RING_CHANNELS
 * channels: the stereo frame and its timeline tag (lq_playback_tag_encode()). */
LqRingBuffer *lq_playback_graph_get_track_ring (LqPlaybackGraph *self);
LqRingBuffer *lq_playback_graph_get_reference_ring (LqPlaybackGraph *self);
/* Where to reposition after a take_flush() that returned true. */
int64_t lq_playback_graph_get_flush_target (const LqPlaybackGraph *self);

/* Audio thread: fills @out with @frames interleaved stereo frames (any
 * number; processed in pieces of at most max_block). */
void lq_playback_graph_process (LqPlaybackGraph *self, float *out, uint32_t frames);

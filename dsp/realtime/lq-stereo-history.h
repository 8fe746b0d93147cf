/* lq-stereo-history.h: the bypass/resume scaffolding the compressor and the
 * width processor share.
 *
 * Both stop their detectors and filters once a bypass crossfade has
 * finished, keep only the last stretch of input (the "warm" span, a whole
 * number of their passes), and when switched back on restart from reset and
 * run, without output, over that history before the crossfade back begins,
 * so they come back settled on the recent audio and nothing clicks. The
 * replay keeps to the processor's pass grid (counted from its last reset),
 * so the output does not depend on how the stream was cut into blocks.
 *
 * LqStereoHistory is that history: a power-of-two ring of the input as
 * given (two channels), and how much of it has been filled since the last
 * reset. Allocated in _init (a processor's _new), never in _push or
 * _replay.
 */
#pragma once

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"
#include "lq-ramp.h"

/* The largest pass a replay hands to its callback. */
#define LQ_STEREO_HISTORY_MAX_PASS 64

typedef struct
{
  float *ch[2];
  uint32_t mask;        /* ring size - 1 */
  uint32_t pos;         /* where the next frame goes */
  uint32_t count;       /* frames in it since reset, up to warm */
  uint32_t warm;        /* frames kept and replayed */
} LqStereoHistory;

/* Keeps @ms of input at @rate, rounded up to a multiple of @pass (<=
 * LQ_STEREO_HISTORY_MAX_PASS). LQ_ERR_NOMEM when out of memory (then
 * lq_stereo_history_clear() is still safe). */
LqDspStatus lq_stereo_history_init (LqStereoHistory *self, double rate, double ms, uint32_t pass);
/* Frees the ring. */
void lq_stereo_history_clear (LqStereoHistory *self);
/* Empties it (silence, count 0). */
void lq_stereo_history_reset (LqStereoHistory *self);

/* Appends @m frames (before in-place processing overwrites them). */
void lq_stereo_history_push (LqStereoHistory *self, const float *l, const float *r, uint32_t m);

/* Whether the history reaches back to the last reset (count < warm): then
 * a replay from reset gives exactly the state of a processor that never
 * stopped. */
static inline bool
lq_stereo_history_from_reset (const LqStereoHistory *self)
{
  return self->count < self->warm;
}

/* Frame @i (0 = the oldest of the replay, < count) of channel @c. */
static inline float
lq_stereo_history_get (const LqStereoHistory *self, uint32_t c, uint32_t i)
{
  return self->ch[c][(self->pos - self->count + i) & self->mask];
}

/* One pass of a replay: @m frames starting at frame @done of it. The
 * callback runs the processor over them (output discarded) and must advance
 * the processor's grid position by @m. */
typedef void (*LqStereoHistoryPass) (void *data, float *l, float *r, uint32_t m, uint32_t done);

/* Replays the history in passes that keep to a grid of @pass frames: *@phase
 * is the processor's position on it now; it is rewound by count frames
 * first, each pass ends on the grid (or at frame @split of the replay, when
 * 0 < split < count), and after the replay *@phase is where it started. */
void lq_stereo_history_replay (const LqStereoHistory *self,
                               uint32_t pass,
                               uint32_t *phase,
                               uint32_t split,
                               LqStereoHistoryPass func,
                               void *data);

/* Whether a bypass crossfade over @wet (1 = processed, 0 = dry) has
 * finished at dry: then the processor's detectors and filters may stop. */
static inline bool
lq_stereo_history_bypass_done (const LqRamp *wet)
{
  return wet->value == 0.0 && !lq_ramp_is_moving (wet);
}

/* A sample as the processors read it: non-finite ones as 0. */
static inline double
lq_stereo_history_sanitize (float x)
{
  return fabsf (x) <= 3.40282346638528859812e+38F ? (double) x : 0.0;
}

/* A fully bypassed pass: the input, non-finite samples replaced by 0. */
void lq_stereo_history_pass_dry (float *l, float *r, uint32_t m);

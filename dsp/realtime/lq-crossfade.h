/* lq-crossfade.h: equal-power crossfade between up to LQ_CROSSFADE_SOURCES
 * sources (the playback engine's mix, master and reference).
 *
 * The fade weights form a unit vector (the sum of their squares is 1 at
 * every sample). A switch moves them along the great circle from where they
 * are to the target source's axis (spherical interpolation): between two
 * settled sources that is the classic cos/sin equal-power fade, and a switch
 * in the middle of a fade (to any source, the one it came from included)
 * starts from the current weights, so no weight ever jumps. The fade takes
 * the configured length for a quarter turn, proportionally less for a
 * shorter arc. A length of 0 switches at the next block boundary exactly.
 *
 * Each source also has its own gain (the level-match gain), ramped linearly
 * over LQ_CROSSFADE_GAIN_RAMP_MS when it changes. The output is
 * sum over s of weight[s] * gain[s] * source[s].
 *
 * Not thread-safe: call the setters on the thread that processes (the audio
 * callback, after picking its settings up from an LqMailbox). Realtime-safe:
 * nothing but _new and _free allocates; the setters and process never lock
 * or log. The output does not depend on block size.
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_CROSSFADE_SOURCES 3
#define LQ_CROSSFADE_MAX_CHANNELS 2
#define LQ_CROSSFADE_DEFAULT_MS 20.0
#define LQ_CROSSFADE_MAX_MS 500.0
#define LQ_CROSSFADE_GAIN_RAMP_MS 10.0

typedef struct _LqCrossfade LqCrossfade;

/* Starts on source 0 with every gain 1. */
LqCrossfade *lq_crossfade_new (uint32_t sample_rate, uint32_t channels);
void lq_crossfade_free (LqCrossfade *self);

/* 0 to LQ_CROSSFADE_MAX_MS; applies to the next switch. */
LqDspStatus lq_crossfade_set_length_ms (LqCrossfade *self, double ms);
/* Fades to @source (< LQ_CROSSFADE_SOURCES) from the current weights. */
LqDspStatus lq_crossfade_set_target (LqCrossfade *self, uint32_t source);
uint32_t lq_crossfade_get_target (const LqCrossfade *self);
/* Linear gain (finite, >= 0) of @source, ramped. */
LqDspStatus lq_crossfade_set_gain (LqCrossfade *self, uint32_t source, double gain);
/* The fade weight of @source for the next sample. */
double lq_crossfade_get_weight (const LqCrossfade *self, uint32_t source);

/* Mixes @n frames: sources[s][c] is channel c of source s (sources[s] NULL:
 * silent), s < @n_sources (<= LQ_CROSSFADE_SOURCES). @out must not alias
 * a source. */
void lq_crossfade_process (LqCrossfade *self,
                           const float *const *const *sources,
                           uint32_t n_sources,
                           float *const *out,
                           uint32_t n);

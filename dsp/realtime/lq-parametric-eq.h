/* lq-parametric-eq.h: the mastering parametric EQ.
 *
 * LQ_PEQ_MAX_BANDS bands in series on a stereo signal. Each band is a bell,
 * a low or high shelf, or a low or high pass of 12, 24, 36 or 48 dB/oct, and
 * works on both channels, or on the mid (L+R)/2 or the side (L-R)/2 only.
 * Coefficients are designed and filters run in double precision.
 *
 * Changes never click: frequency, gain and Q glide (coefficients are
 * recomputed every LQ_RAMP_CHUNK samples, on a grid counted from the stream
 * start, so the output does not depend on the block size); switching a band
 * on or off, or changing its type, slope or channels, fades the band out and
 * back in; bypass crossfades. NaN or infinite audio silences the chunk it
 * reaches and resets the filters, so it never sticks in their state.
 *
 * Threading: set_band(), set_bypass(), reset() and response_db() must be
 * serialised with process() by the caller (call them from the audio thread
 * between blocks, or hold the caller's own lock). None of them allocates.
 *
 * Realtime-safe: process() never allocates, locks, logs or does I/O.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_PEQ_MAX_BANDS 8
#define LQ_PEQ_CHANNELS 2

/* Parameter limits: set_band() clamps to them. */
#define LQ_PEQ_MIN_FREQ 10.0
#define LQ_PEQ_MAX_FREQ_RATIO 0.49   /* of the sample rate */
#define LQ_PEQ_MAX_GAIN_DB 30.0
#define LQ_PEQ_MIN_Q 0.1
#define LQ_PEQ_MAX_Q 40.0

typedef enum
{
  LQ_EQ_BELL,
  LQ_EQ_LOW_SHELF,
  LQ_EQ_HIGH_SHELF,
  LQ_EQ_HIGH_PASS,
  LQ_EQ_LOW_PASS,
} LqEqType;

typedef enum
{
  LQ_EQ_STEREO,   /* left and right alike */
  LQ_EQ_MID,
  LQ_EQ_SIDE,
} LqEqChannels;

typedef struct
{
  bool enabled;
  LqEqType type;
  double freq_hz;
  double gain_db;          /* bell and shelves */
  double q;                /* bell and shelves; passes are Butterworth */
  uint32_t slope_db_oct;   /* passes: 12, 24, 36 or 48 (rounded to these) */
  LqEqChannels channels;
} LqEqBand;

typedef struct _LqParametricEq LqParametricEq;

/* Stereo. All bands start disabled. NULL on bad arguments or no memory. */
LqParametricEq *lq_parametric_eq_new (uint32_t rate, uint32_t max_block);
void lq_parametric_eq_free (LqParametricEq *self);

/* Clears the filters and completes every glide and fade at once: call when
 * playback jumps, or after configuring a fresh instance offline. */
void lq_parametric_eq_reset (LqParametricEq *self);

/* Always 0: the EQ is minimum phase, with no lookahead. */
uint32_t lq_parametric_eq_get_latency (const LqParametricEq *self);

/* Sets band @index (< LQ_PEQ_MAX_BANDS). Out-of-range values are clamped;
 * LQ_ERR_INVALID for a bad index, type, channels or a NaN parameter (then
 * nothing changes). */
LqDspStatus lq_parametric_eq_set_band (LqParametricEq *self,
                                       uint32_t index,
                                       const LqEqBand *band);
/* The settings band @index heads for (as clamped by set_band). */
void lq_parametric_eq_get_band (const LqParametricEq *self,
                                uint32_t index,
                                LqEqBand *band);

/* Crossfades over 10 ms between the EQ and the dry signal. Once fully
 * bypassed (as with no band on), the EQ only flushes denormals and mutes
 * non-finite audio, at a fraction of a nanosecond per frame; switched back
 * on, its filters restart from silence under the crossfade. */
void lq_parametric_eq_set_bypass (LqParametricEq *self, bool bypass);

/* Filters @n frames of @ch[0] (left) and @ch[1] (right) in place. Any n. */
void lq_parametric_eq_process (LqParametricEq *self, float *const *ch, uint32_t n);

/* Analytic magnitude in dB at @freq_hz of the set (target) bands: for
 * LQ_EQ_MID (resp. SIDE) what the mid (side) signal goes through, that is
 * the stereo bands and the mid (side) ones; for LQ_EQ_STEREO the stereo
 * bands alone, the curve common to all content. Ignores bypass. */
double lq_parametric_eq_response_db (const LqParametricEq *self,
                                     double freq_hz,
                                     LqEqChannels which);

/* Whether every filter state is exactly zero (after silence, the EQ rings no
 * more and denormals have been flushed). */
bool lq_parametric_eq_is_idle (const LqParametricEq *self);

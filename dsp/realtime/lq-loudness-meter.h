/* lq-loudness-meter.h: ITU-R BS.1770-4 K-weighted loudness meter.
 *
 * The meter K-weights each channel (pre-filter + RLB high-pass, coefficients
 * derived for any sample rate) and, every 100 ms of audio (one "hop"), emits
 * the mean-square energy of the last 400 ms (momentary, the BS.1770 gating
 * block) and of the last 3 s (short-term, the EBU Tech 3342 window).
 *
 * Between hops it also slides both windows in 10 ms steps and keeps the
 * largest momentary and short-term energy seen: a burst that starts off the
 * 100 ms grid still reads its full level (EBU Tech 3341 cases 13 and 14).
 *
 * The meter keeps no history beyond the 3 s window: callers that need
 * integrated loudness or loudness range collect the emitted energies and gate
 * them with lq-loudness-gate.h. Keeping the block energies, rather than only a
 * final number, is what lets an album be gated as one programme and
 * re-gated later from cached data.
 *
 * Realtime-safe: lq_loudness_meter_process() never allocates, locks or logs.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_LOUDNESS_MAX_CHANNELS 2

typedef struct _LqLoudnessMeter LqLoudnessMeter;

typedef struct
{
  /* Channel-weighted mean-square energy of the K-weighted signal: feed it to
   * lq_loudness_from_energy() for LUFS. Valid only when the flag says so (the
   * first 400 ms / 3 s of a stream have no complete window yet). */
  double momentary;
  double short_term;
  bool momentary_valid;
  bool short_term_valid;
} LqLoudnessBlock;

LqLoudnessMeter *lq_loudness_meter_new (uint32_t sample_rate,
                                        uint32_t channels);
void lq_loudness_meter_free (LqLoudnessMeter *self);
void lq_loudness_meter_reset (LqLoudnessMeter *self);

/* Samples in one 100 ms hop (sample rate / 10, rounded); the 10 ms steps
 * inside it may differ by one sample. */
uint32_t lq_loudness_meter_get_hop (const LqLoudnessMeter *self);

/* The largest momentary / short-term energy over every complete window seen
 * (in 10 ms steps) since creation, reset() or reset_max(); 0 before the first
 * complete window. */
double lq_loudness_meter_get_max_momentary (const LqLoudnessMeter *self);
double lq_loudness_meter_get_max_short_term (const LqLoudnessMeter *self);
void lq_loudness_meter_reset_max (LqLoudnessMeter *self);

/* Processes @n frames of planar audio. For every hop completed inside this
 * call one LqLoudnessBlock is written to @blocks (at most @max_blocks; a
 * caller passing n frames needs n / hop + 1 slots). Returns the number of
 * blocks written. */
uint32_t lq_loudness_meter_process (LqLoudnessMeter *self,
                                    const float *const *channels,
                                    uint32_t n,
                                    LqLoudnessBlock *blocks,
                                    uint32_t max_blocks);

/* -0.691 + 10 log10 (energy); -HUGE_VAL for zero energy. */
double lq_loudness_from_energy (double energy);
double lq_loudness_to_energy (double lufs);

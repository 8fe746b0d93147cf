/* lq-signal-stats.h: sample-level statistics a mastering engineer checks
 * before touching a mix: sample peak, DC offset, inter-channel correlation,
 * clipped samples, and samples that are not numbers at all.
 *
 * Streaming and block-size independent; process() never allocates.
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_SIGNAL_STATS_MAX_CHANNELS 2
/* A clip is a run of at least this many consecutive full-scale samples on one channel. */
#define LQ_CLIP_MIN_RUN 3

typedef struct _LqSignalStats LqSignalStats;

typedef struct
{
  uint64_t frames;
  float sample_peak[LQ_SIGNAL_STATS_MAX_CHANNELS];  /* linear, absolute */
  double dc_offset[LQ_SIGNAL_STATS_MAX_CHANNELS];   /* mean sample value */
  double correlation;         /* energy-weighted L/R correlation, -1..1; NAN if undefined */
  uint64_t clipped_samples;   /* samples inside clip runs, all channels */
  uint64_t nonfinite_samples; /* NaN or infinite samples */
} LqSignalStatsResult;

/* @full_scale: the magnitude from which a sample counts as full scale (the
 * format's largest code, e.g. 32767/32768 for 16-bit, 1.0 for float). */
LqSignalStats *lq_signal_stats_new (uint32_t channels, float full_scale);
void lq_signal_stats_free (LqSignalStats *self);
void lq_signal_stats_reset (LqSignalStats *self);
void lq_signal_stats_process (LqSignalStats *self,
                              const float *const *channels,
                              uint32_t n);
void lq_signal_stats_get_result (const LqSignalStats *self,
                                 LqSignalStatsResult *result);

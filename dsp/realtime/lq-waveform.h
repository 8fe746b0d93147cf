/* lq-waveform.h: min/max overview of a signal, for drawing waveforms.
 *
 * Every frames_per_peak frames become one peak: for each channel the
 * smallest and the largest sample, scaled to -127..127 and rounded outwards
 * (so a peak never looks smaller than it was). Coarser overviews are made
 * from finer ones with lq_waveform_reduce().
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_WAVEFORM_MAX_CHANNELS 2

typedef struct _LqWaveform LqWaveform;

LqWaveform *lq_waveform_new (uint32_t channels, uint32_t frames_per_peak);
void lq_waveform_free (LqWaveform *self);

/* Bytes per peak: 2 * channels (min, max per channel, interleaved). */
uint32_t lq_waveform_get_peak_size (const LqWaveform *self);

/* Consumes @n frames; writes each completed peak to @out (room for
 * n / frames_per_peak + 1 peaks) and returns how many it wrote. */
uint32_t lq_waveform_process (LqWaveform *self,
                              const float *const *channels,
                              uint32_t n,
                              int8_t *out);
/* Writes the last, partial peak if there is one; returns 0 or 1. */
uint32_t lq_waveform_flush (LqWaveform *self, int8_t *out);

/* Merges every @factor consecutive peaks of @in (n_in peaks of @peak_size
 * bytes) into one; returns the number of peaks written to @out. */
uint32_t lq_waveform_reduce (const int8_t *in,
                             uint32_t n_in,
                             uint32_t peak_size,
                             uint32_t factor,
                             int8_t *out);

/* lq-waveform.h: min/max overview of a signal, for drawing waveforms.
 *
 * Every frames_per_peak frames become one peak: for each channel the
 * smallest and the largest sample, scaled to -127..127 and rounded outwards
 * (so a peak never looks smaller than it was). Coarser overviews are made
 * from finer ones with lq_waveform_reduce().
 *
 * Beside the peaks, lq_waveform_process_rms() gives each peak's RMS per
 * channel as one uint8 on a dB scale, in steps of LQ_WAVEFORM_RMS_STEP_DB:
 *
 *   code = 255 + round (10 log10 (mean square) / 0.25), clamped to 1..255
 *   code 255 = 0 dBFS (a full-scale square wave), code 1 = -63.5 dBFS,
 *   code 0 = below -63.625 dBFS (drawn as nothing).
 *
 * So -60..0 dBFS, where a waveform view draws, is resolved in 0.25 dB steps
 * (a full-scale sine, -3.01 dBFS, reads code 243 = -3.00 dBFS), and
 * lq_waveform_rms_to_linear() gives the amplitude to draw. Coarser RMS comes
 * from finer with lq_waveform_reduce_rms(): the mean of the peaks' mean
 * squares (a power mean), not the mean of their RMS.
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_WAVEFORM_MAX_CHANNELS 2
#define LQ_WAVEFORM_RMS_STEP_DB 0.25
/* Code 1; anything quieter than half a step below reads 0. */
#define LQ_WAVEFORM_RMS_FLOOR_DB (-254 * LQ_WAVEFORM_RMS_STEP_DB)

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

/* Bytes of RMS per peak: one per channel. */
uint32_t lq_waveform_get_rms_size (const LqWaveform *self);
/* lq_waveform_process() that also writes each completed peak's RMS to
 * @rms_out (room for as many peaks as @out; NULL: no RMS). Never allocates. */
uint32_t lq_waveform_process_rms (LqWaveform *self,
                                  const float *const *channels,
                                  uint32_t n,
                                  int8_t *out,
                                  uint8_t *rms_out);
uint32_t lq_waveform_flush_rms (LqWaveform *self, int8_t *out, uint8_t *rms_out);

/* The code of a mean square (see above), and back: the dB (-INFINITY for
 * code 0), the mean square (0 for code 0) and the RMS amplitude. */
uint8_t lq_waveform_rms_encode (double mean_square);
double lq_waveform_rms_to_db (uint8_t code);
double lq_waveform_rms_to_power (uint8_t code);
double lq_waveform_rms_to_linear (uint8_t code);

/* Merges every @factor consecutive peaks of @in (n_in peaks of @peak_size
 * bytes) into one; returns the number of peaks written to @out. */
uint32_t lq_waveform_reduce (const int8_t *in,
                             uint32_t n_in,
                             uint32_t peak_size,
                             uint32_t factor,
                             int8_t *out);

/* Merges every @factor consecutive RMS entries of @in (n_in peaks of
 * @channels bytes) into one, as the mean of their mean squares (the last,
 * partial group over the peaks it has); returns the number written to @out. */
uint32_t lq_waveform_reduce_rms (const uint8_t *in,
                                 uint32_t n_in,
                                 uint32_t channels,
                                 uint32_t factor,
                                 uint8_t *out);

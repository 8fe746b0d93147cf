/* lq-true-peak.h: ITU-R BS.1770-4 Annex 2 true-peak detector.
 *
 * Oversamples each channel (4x below 96 kHz, 2x below 192 kHz, none above)
 * with a polyphase windowed-sinc interpolator and tracks the largest absolute
 * value of the oversampled signal. The same detector serves the analysis and,
 * sample by sample, the true-peak limiter.
 *
 * Realtime-safe: process() never allocates; any block size, and the result
 * does not depend on how the stream is cut into blocks (lq-dsp-status.h).
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_TRUE_PEAK_MAX_CHANNELS 2

typedef struct _LqTruePeak LqTruePeak;

LqTruePeak *lq_true_peak_new (uint32_t sample_rate,
                              uint32_t channels,
                              uint32_t max_block);
void lq_true_peak_free (LqTruePeak *self);
void lq_true_peak_reset (LqTruePeak *self);

/* 4, 2 or 1. */
uint32_t lq_true_peak_get_oversampling (const LqTruePeak *self);

/* Delay in input samples between a sample and the interpolated values around it. */
uint32_t lq_true_peak_get_latency (const LqTruePeak *self);

/* Feeds @n frames of planar audio (any n); raises peak[c] to the
 * largest absolute interpolated value seen on channel c. */
void lq_true_peak_process (LqTruePeak *self,
                           const float *const *channels,
                           uint32_t n,
                           float *peak);

/* Per-sample detection, for the true-peak limiter: feeds @n frames
 * (any n) and writes to peaks[c][i] the largest absolute value of
 * the interpolated values that input frame i completes on channel c. With
 * oversampling these lie on the interval (i - latency, i - latency + 1] of
 * input time (the last being the sample i - latency + 1 itself); without, it
 * is |sample i|. Shares its history with lq_true_peak_process(): use one or
 * the other on a given detector. Same values for any block size. */
void lq_true_peak_process_frames (LqTruePeak *self,
                                  const float *const *channels,
                                  uint32_t n,
                                  float *const *peaks);

/* The same detection as lq_true_peak_process_frames(), reduced over the
 * channels: writes to peak[i] the largest of peaks[c][i] over every channel,
 * bit for bit (each interpolated value is the same sum in the same order).
 * For the true-peak limiter: the input must be finite (the limiter
 * sanitises it), which lets the phase that is the input itself be read
 * without the multiply-adds. Shares its history with the other two. */
void lq_true_peak_process_frames_max (LqTruePeak *self,
                                      const float *const *channels,
                                      uint32_t n,
                                      float *peak);

/* Pushes the interpolator's tail through (the last latency samples) and raises
 * peak[] with it; call once at the end of a stream. */
void lq_true_peak_flush (LqTruePeak *self, float *peak);

/* lq-match-eq.h: linear-phase match EQ on mid and side.
 *
 * The processor turns L/R into M = (L + R) / 2 and S = (L - R) / 2, filters
 * each with its own linear-phase FIR and turns the result back to L/R. A
 * filter comes from a correction curve in dB per band (from the band grid of
 * lq-spectrum.h, or any ascending centre frequencies): each value is scaled
 * by the strength (0..1) and clamped to +/- the cap, the curve is
 * interpolated linearly in dB on a log-frequency axis (held flat below the
 * first and above the last centre), sampled on a dense FFT grid with zero
 * phase, inverse transformed, centred and Hann-windowed to 8191 taps at
 * 44.1/48 kHz (5.9 Hz resolution; scaled with the rate).
 *
 * Convolution is uniformly partitioned overlap-save (FFTW) in two
 * partitions, on fixed blocks of 4096 samples at 44.1/48 kHz: input is
 * buffered into those blocks, so the output does not depend on how the
 * caller cuts the stream, and the latency is the filter's delay plus one
 * block (8191 samples at 44.1/48 kHz, 186 ms at 44.1 kHz), see
 * lq_match_eq_get_latency().
 *
 * A new curve takes effect at the next block boundary with a raised-cosine
 * crossfade from the old filter's output to the new one's over one block
 * (about 90 ms). Bypass crossfades (20 ms, from the next sample) to the
 * input delayed by the latency. Fully bypassed, the filter costs only its
 * delay line; switched back on, its state is recomputed from that line, so
 * the output is exactly that of a filter that never stopped. Non-finite
 * input samples are read as 0, denormal ones flushed.
 *
 * Realtime-safe: lq_match_eq_process() never allocates, locks or logs.
 * lq_match_eq_set_curve() does not allocate either, but runs an FFT design
 * (about a millisecond): the offline renderer calls it between process
 * calls. The audio thread calls lq_match_eq_set_kernel() instead, with a
 * kernel designed beforehand on the control thread (lq-match-eq-designer.h):
 * it only copies coefficients, and gives bit for bit the output
 * set_curve() would for the same curve.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"
#include "lq-match-eq-designer.h"

#define LQ_MATCH_EQ_MAX_CHANNELS 2
#define LQ_MATCH_EQ_MAX_BANDS 64
#define LQ_MATCH_EQ_DEFAULT_CAP_DB 6.0
#define LQ_MATCH_EQ_MAX_CAP_DB 24.0

typedef struct _LqMatchEq LqMatchEq;

/* @channels: 1 (mid only) or 2. @max_block is the largest block the caller
 * will pass (any size is processed correctly; kept for the common API).
 * Starts with a flat curve. NULL on bad arguments or no memory. */
LqMatchEq *lq_match_eq_new (uint32_t sample_rate, uint32_t channels, uint32_t max_block);
void lq_match_eq_free (LqMatchEq *self);
/* Clears the signal history (keeps curve and bypass state, ends fades). */
void lq_match_eq_reset (LqMatchEq *self);

/* Samples from input to output; an impulse comes out this many samples late. */
uint32_t lq_match_eq_get_latency (const LqMatchEq *self);
/* The fixed processing block (curve crossfades last this long). */
uint32_t lq_match_eq_get_partition (const LqMatchEq *self);
uint32_t lq_match_eq_get_taps (const LqMatchEq *self);

/* Sets the correction: @mid_db / @side_db (either may be NULL = flat) hold
 * @n_bands values at @centres (Hz, ascending, positive), typically
 * target - track. Applied as clamp (strength * db, -cap_db, +cap_db);
 * @strength is clamped to 0..1 and @cap_db to 0..LQ_MATCH_EQ_MAX_CAP_DB.
 * LQ_ERR_INVALID on bad bands (the current curve then stays). */
LqDspStatus lq_match_eq_set_curve (LqMatchEq *self,
                                   const double *centres,
                                   uint32_t n_bands,
                                   const double *mid_db,
                                   const double *side_db,
                                   double strength,
                                   double cap_db);

/* Takes a curve designed by lq_match_eq_design() (for this sample rate):
 * the same as set_curve() with that curve, but no FFT runs: the filter
 * coefficients are copied, nothing more. The kernel is not kept (the caller
 * may drop it after the call). Realtime-safe. LQ_ERR_INVALID when @kernel is
 * NULL or made for another rate (the current curve then stays). */
LqDspStatus lq_match_eq_set_kernel (LqMatchEq *self, const LqMatchEqKernel *kernel);

void lq_match_eq_set_bypass (LqMatchEq *self, bool bypass);

/* Processes @n frames of planar audio in place. */
void lq_match_eq_process (LqMatchEq *self, float *const *channels, uint32_t n);

/* The curve the designer aims at: @db interpolated linearly on log2 (freq)
 * between @centres, held flat outside them. */
double lq_match_eq_interpolate (const double *centres,
                                const double *db,
                                uint32_t n_bands,
                                double freq);

/* Helper: out[b] = clamp (strength * (target[b] - track[b]), +/- cap_db). */
void lq_match_eq_correction (const double *target,
                             const double *track,
                             uint32_t n_bands,
                             double strength,
                             double cap_db,
                             double *out);

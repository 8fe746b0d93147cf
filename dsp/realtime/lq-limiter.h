/* lq-limiter.h: lookahead true-peak limiter.
 *
 * Keeps the BS.1770-4 true peak of its output at or below a ceiling in dBTP.
 * Two stages run in series, both built the same way:
 *
 *  1. the input is oversampled 4x (lq-true-peak's interpolator) and, per
 *     sample, the gain that brings the interpolated peak down to the ceiling
 *     (less a small safety margin) is computed;
 *  2. a sliding-window minimum over the lookahead plus the interpolator's
 *     support, then an exponential release, then a moving average over the
 *     lookahead, make a gain that is already down when the peak arrives and
 *     that stays constant across every sample the peak's interpolation reads;
 *  3. the audio, delayed to line up, is multiplied by that gain.
 *
 * The first stage does the limiting with the user's lookahead and release;
 * the second, short one measures the first stage's output with a second
 * interpolator and catches the small overshoot the first stage's gain
 * modulation can leave. Stereo is linked (one gain for both channels).
 *
 * The limiter's latency is constant between resets; bypass crossfades, and
 * both bypassed and active output are delayed by the same latency. Once the
 * bypass crossfade has finished the stages stop (the limiter then costs its
 * delay line only, and the gain-reduction meter reads 0 dB); switched on
 * again, they restart from reset and are run, without output, over the last
 * three latencies of audio in the delay line before the crossfade back
 * begins, so the gain for the audio in flight is in place (the ceiling holds
 * from the end of the crossfade on) and nothing clicks; only the release's
 * memory of older audio is lost.
 *
 * Realtime-safe: lq_limiter_process() never allocates, locks or logs, takes
 * any block size and gives the same output whatever the block size (see
 * lq-dsp-status.h).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_LIMITER_MAX_CHANNELS 2

#define LQ_LIMITER_CEILING_MIN_DBTP (-30.0)
#define LQ_LIMITER_CEILING_MAX_DBTP 0.0
#define LQ_LIMITER_RELEASE_MIN_MS 1.0
#define LQ_LIMITER_RELEASE_MAX_MS 2000.0
#define LQ_LIMITER_LOOKAHEAD_MIN_MS 0.5
#define LQ_LIMITER_LOOKAHEAD_MAX_MS 10.0
#define LQ_LIMITER_LOOKAHEAD_DEFAULT_MS 3.0

/* The margin below the ceiling the limiter aims at, for other meters.
 * Meters interpolate differently: on hard-limited white noise ffmpeg's
 * ebur128 filter (peak=true, 4x oversampling by libswresample) reads up to
 * about 0.15 dB (48 kHz) and 0.3 dB (44.1 kHz) above lq_true_peak and
 * libebur128 (BS.1770-4 Annex 2's 49-tap interpolator), which agree within
 * 0.01 dB; on music, with less energy near Nyquist, far less. A master is checked on
 * all of them, so the limiter holds its own reading this far under the
 * ceiling and the file reads at or below the ceiling on each
 * (tests/dsp/test-limiter.c measures with all three). */
#define LQ_LIMITER_METER_MARGIN_DB 0.35

typedef struct _LqLimiter LqLimiter;

/* NULL on bad arguments (rate < 8000 or > 768000, channels not 1..2,
 * max_block 0) or out of memory. Defaults: ceiling -1 dBTP, release 100 ms,
 * auto release off, lookahead 3 ms, not bypassed. */
LqLimiter *lq_limiter_new (uint32_t rate, uint32_t channels, uint32_t max_block);
void lq_limiter_free (LqLimiter *self);

/* Clears all state (silence history, no gain reduction), applies a pending
 * lookahead change and jumps every parameter to its target. */
void lq_limiter_reset (LqLimiter *self);

/* Ceiling in dBTP, clamped to [-30, 0]; glides over 20 ms. The output's
 * true peak is held LQ_LIMITER_METER_MARGIN_DB under it. The guarantee
 * holds for the ceiling in force when a peak is detected (a lowered ceiling
 * applies to audio that enters after the change). */
void lq_limiter_set_ceiling_dbtp (LqLimiter *self, double dbtp);
double lq_limiter_get_ceiling_dbtp (const LqLimiter *self);

/* Release time constant in ms, clamped to [1, 2000]. */
void lq_limiter_set_release_ms (LqLimiter *self, double ms);

/* Auto release: after a short transient the gain comes back 4x faster than
 * the release time, towards a slow average of the recent gain reduction
 * (time constant 2x the release time), so a sustained reduction releases
 * slowly and does not pump. */
void lq_limiter_set_auto_release (LqLimiter *self, bool on);

/* Lookahead in ms, clamped to [0.5, 10]. It sets the latency, so it takes
 * effect at the next lq_limiter_reset() (lq_limiter_new() applies the
 * default). */
void lq_limiter_set_lookahead_ms (LqLimiter *self, double ms);

/* Crossfades (10 ms) between the limited and the delayed dry signal (see
 * above for what happens when fully bypassed, and when switched back on). */
void lq_limiter_set_bypass (LqLimiter *self, bool bypass);

/* Delay in samples between input and output, bypassed or not. */
uint32_t lq_limiter_get_latency (const LqLimiter *self);

/* Processes @n frames in place (any n). NaN and infinite input
 * samples are taken as 0, denormals are flushed. */
void lq_limiter_process (LqLimiter *self, float *const *ch, uint32_t n);

/* The limiter's static curve: the output true peak (dBTP) of a steady
 * signal whose true peak is @peak_dbtp, with the ceiling @ceiling_dbtp
 * (clamped as lq_limiter_set_ceiling_dbtp() clamps it): the input below the
 * level the first stage aims at (the ceiling less LQ_LIMITER_METER_MARGIN_DB
 * and its own safety margin), that level above it. The gain reduction is
 * @peak_dbtp minus this. Pure, for displays; NaN in, NaN out. */
double lq_limiter_static_curve (double ceiling_dbtp, double peak_dbtp);

/* Gain reduction of the last output sample, in dB (<= 0; 0 when none). */
double lq_limiter_get_gain_reduction_db (const LqLimiter *self);
/* Deepest gain reduction since new/reset, in dB (<= 0). */
double lq_limiter_get_max_gain_reduction_db (const LqLimiter *self);

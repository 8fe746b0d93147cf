/* lq-stereo-width.h: mid/side width with mono bass and a correlation guard.
 *
 * Law. M = (L+R)/2, S = (L-R)/2; out L = M + g S, out R = M - g S, with the
 * side gain g = width (0..2: 0 mono, 1 unchanged, 2 twice the side). The mid
 * gain is fixed at 1: the compensation keeps the mid, i.e. the centre image
 * and the mono fold-down L+R = 2M, at exactly its input level at every width
 * (widening adds side energy only; narrowing to 0 gives L = R = (L+R)/2).
 * Width 1 with mono-below off is a bit-exact passthrough.
 *
 * Mono below f (20..1000 Hz, 0 = off): the side goes through the high-pass
 * half of a 4th-order Linkwitz-Riley crossover at f (two cascaded 2nd-order
 * Butterworth high-passes), its low half is dropped, so the bass below f is
 * mono (about -24 dB per octave of side below f; -6 dB at f). LR4 halves sum
 * to the 2nd-order allpass (s^2 - sqrt2 s + 1) / (s^2 + sqrt2 s + 1); the mid
 * goes through exactly that allpass (one SVF: AP = x - 2k bp), so above f the
 * mid and side keep their relative phase and the stereo image is unchanged
 * (the side differs from the allpassed input side by the LR4 low half,
 * |LP|^2 = 1 / (1 + (freq / f)^4): 0.4 %, 0.03 dB, at 4 f; levels within
 * 0.1 dB from 4 f up, tested): the whole output carries
 * that allpass's phase shift (-180 deg at f, towards 0 / -360 deg far below /
 * above), no latency. Filters are TPT state-variable filters (bilinear,
 * prewarped); f glides in log frequency over 50 ms, coefficients refreshed
 * every LQ_RAMP_CHUNK samples; switching mono-below on/off crossfades 20 ms.
 *
 * Correlation guard. With mid fixed, L.R = M^2 - (g S)^2, and the
 * energy-weighted correlation (E_M - E_S') / (E_M + E_S') falls as the side
 * energy E_S' grows. Hence:
 *  - width <= 1 (g <= 1): |S_out| <= |S_in| sample by sample and the mid is
 *    untouched (mono-below off), so over ANY window the output correlation is
 *    >= the input's: never more negative, never turned negative. (With
 *    mono-below on, the side additionally loses its bass: less side energy.)
 *  - width > 1: the boost above unity is limited. Two energy windows
 *    (exponential, 300 ms and 5 ms) measure E_M (of the mid as output) and
 *    E_S1 (of the side as it would leave at width 1); the side gain is
 *        g = min (width, G),  G -> sqrt (max (1, 0.9 min (E_M / E_S1)))
 *    (G follows that bound with 1 ms when it falls, 300 ms when it rises).
 *    So in steady state g^2 E_S1 <= max (E_S1, 0.9 E_M): if the input is
 *    non-negatively correlated (E_M >= E_S1) the output has
 *    E_S' <= 0.9 E_M, correlation >= (1 - 0.9) / (1 + 0.9) > 0; if it is
 *    negatively correlated (E_S1 > E_M) then G = 1, g <= 1 and the first
 *    case applies. The 5 ms window catches a sudden side-heavy onset within
 *    a few ms; the guarantee is on windowed energies (tested on 300 ms
 *    windows, including a 0.9 -> 0.05 correlation jump), not per sample.
 *
 * Bypass crossfades over 10 ms; width glides over 20 ms. Once the bypass
 * crossfade has finished, filters and guard stop (the processor then only
 * replaces non-finite samples by 0 and keeps the last 300 ms of input; the
 * side-gain meter reads 1); switched back on, they are run, without output,
 * over that history before the crossfade back begins, so filters and guard
 * are settled and nothing clicks. Non-finite input samples are processed
 * and written as 0; filter states are denormal-flushed.
 * Two channels, in place. Setters and process() on the same thread.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

typedef struct _LqStereoWidth LqStereoWidth;

#define LQ_STEREO_WIDTH_MAX 2.0
#define LQ_STEREO_WIDTH_MONO_MIN_HZ 20.0
#define LQ_STEREO_WIDTH_MONO_MAX_HZ 1000.0
#define LQ_STEREO_WIDTH_GUARD_MARGIN 0.9

LqStereoWidth *lq_stereo_width_new (uint32_t sample_rate, uint32_t max_block);
void lq_stereo_width_free (LqStereoWidth *self);
void lq_stereo_width_reset (LqStereoWidth *self);
uint32_t lq_stereo_width_get_latency (const LqStereoWidth *self);

/* 0..2 (clamped); NaN: LQ_ERR_INVALID. */
LqDspStatus lq_stereo_width_set_width (LqStereoWidth *self, double width);
/* Bass below @hz made mono; @hz <= 0 turns it off, otherwise clamped to
 * 20..1000 Hz (and below 0.4 of the sample rate). */
LqDspStatus lq_stereo_width_set_mono_below (LqStereoWidth *self, double hz);
LqDspStatus lq_stereo_width_set_bypass (LqStereoWidth *self, bool bypass);

/* The side gain applied to the last sample (after the guard), for meters;
 * 1 while fully bypassed. */
double lq_stereo_width_get_side_gain (const LqStereoWidth *self);

/* Processes @n frames of ch[0] (L) and ch[1] (R) in place; any n (see
 * lq-dsp-status.h). */
void lq_stereo_width_process (LqStereoWidth *self, float *const *ch, uint32_t n);

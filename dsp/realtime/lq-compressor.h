/* lq-compressor.h: feed-forward stereo compressor for mastering.
 *
 * Gain computer, level detection and ballistics follow Giannoulis, Massberg
 * and Reiss, "Digital Dynamic Range Compressor Design -- A Tutorial and
 * Analysis", JAES 60(6), 2012:
 *
 *  - level x_G in dB: peak (|x| of the sample) or RMS (one-pole mean square
 *    over the RMS window, read with the AES17 convention, i.e. +3.01 dB, so a
 *    sine reads its peak level in both modes);
 *  - static curve, threshold T, ratio R, knee width W (their eq. 4):
 *        2 (x - T) <  -W      y = x
 *        2 |x - T| <=  W      y = x + (1/R - 1) (x - T + W/2)^2 / (2 W)
 *        2 (x - T) >   W      y = T + (x - T) / R
 *  - gain reduction x_L = x_G - y_G smoothed in the log domain by the
 *    "smooth branching" peak detector (their eq. 17): one-pole with the attack
 *    coefficient while the reduction rises, the release one while it falls,
 *    a = exp (-1 / (tau fs)); a step in reduction reaches 63 % in tau;
 *  - output gain = makeup - smoothed reduction (dB).
 *
 * Modes: stereo-linked (one detector on max (|L|, |R|), or on the larger
 * mean square, one gain on both channels), or mid/side (M = (L+R)/2,
 * S = (L-R)/2 each with its own detector and gain, then L = M+S, R = M-S).
 *
 * Latency 0. Everything runs sample by sample, so the output does not depend
 * on the block size. Threshold, ratio (as 1/R), knee and makeup glide over
 * 20 ms via lq-ramp; a mode change and bypass crossfade over 10 ms (both
 * modes' detectors always run, so the incoming one is settled). Attack,
 * release, RMS window and detection type change at once: the gain stays
 * continuous because it passes the ballistics.
 *
 * Bypass: once the crossfade has finished, the detectors stop (the
 * compressor then only replaces non-finite samples by 0 and keeps the last
 * 100 ms of input; the gain-reduction meters read 0). Switched back on, the
 * detectors restart from the steady state of that history and run over it,
 * without output, before the crossfade back begins, so they are settled on
 * the recent audio (only memory older than 100 ms is lost) and nothing
 * clicks or pumps.
 *
 * Non-finite input samples are processed as 0 (and written as 0); detector
 * and ballistics states are flushed of denormals.
 *
 * Two channels (ch[0] = L, ch[1] = R). Setters and process() must be called
 * from the same thread (or serialized by the caller).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

typedef struct _LqCompressor LqCompressor;

typedef enum
{
  LQ_COMPRESSOR_DETECT_PEAK = 0,
  LQ_COMPRESSOR_DETECT_RMS,
} LqCompressorDetection;

typedef enum
{
  LQ_COMPRESSOR_STEREO_LINKED = 0,
  LQ_COMPRESSOR_MID_SIDE,
} LqCompressorMode;

/* Parameter ranges (setters clamp; NaN is rejected with LQ_ERR_INVALID). */
#define LQ_COMPRESSOR_THRESHOLD_MIN (-80.0)
#define LQ_COMPRESSOR_THRESHOLD_MAX 0.0
#define LQ_COMPRESSOR_RATIO_MIN 1.0
#define LQ_COMPRESSOR_RATIO_MAX 1000.0
#define LQ_COMPRESSOR_KNEE_MAX 24.0
#define LQ_COMPRESSOR_ATTACK_MIN_MS 0.01
#define LQ_COMPRESSOR_ATTACK_MAX_MS 1000.0
#define LQ_COMPRESSOR_RELEASE_MIN_MS 1.0
#define LQ_COMPRESSOR_RELEASE_MAX_MS 5000.0
#define LQ_COMPRESSOR_MAKEUP_MIN (-24.0)
#define LQ_COMPRESSOR_MAKEUP_MAX 24.0
#define LQ_COMPRESSOR_RMS_MIN_MS 1.0
#define LQ_COMPRESSOR_RMS_MAX_MS 1000.0

/* Parameter glide and crossfade times. */
#define LQ_COMPRESSOR_GLIDE_MS 20.0
#define LQ_COMPRESSOR_XFADE_MS 10.0

/* Defaults: -18 dB, 2:1, 6 dB knee, 10 ms / 100 ms, 0 dB makeup, peak,
 * stereo-linked, 10 ms RMS window, not bypassed. */
LqCompressor *lq_compressor_new (uint32_t sample_rate, uint32_t max_block);
void lq_compressor_free (LqCompressor *self);
/* Clears detector states and finishes every glide at its target. */
void lq_compressor_reset (LqCompressor *self);
uint32_t lq_compressor_get_latency (const LqCompressor *self);

LqDspStatus lq_compressor_set_threshold (LqCompressor *self, double db);
LqDspStatus lq_compressor_set_ratio (LqCompressor *self, double ratio);
LqDspStatus lq_compressor_set_knee (LqCompressor *self, double db);
LqDspStatus lq_compressor_set_attack (LqCompressor *self, double ms);
LqDspStatus lq_compressor_set_release (LqCompressor *self, double ms);
LqDspStatus lq_compressor_set_makeup (LqCompressor *self, double db);
LqDspStatus lq_compressor_set_rms_window (LqCompressor *self, double ms);
LqDspStatus lq_compressor_set_detection (LqCompressor *self, LqCompressorDetection detection);
LqDspStatus lq_compressor_set_mode (LqCompressor *self, LqCompressorMode mode);
LqDspStatus lq_compressor_set_bypass (LqCompressor *self, bool bypass);

/* The static curve y_G (x_G) with the current (target) settings, in dB,
 * without makeup: for displays and tests. */
double lq_compressor_static_curve (const LqCompressor *self, double level_db);

/* The same static curve as a pure function of the settings (clamped as the
 * setters clamp them; NaN settings give NaN): the gain reduction in dB
 * (>= 0, makeup not included) the compressor settles on for a steady level
 * @level_db of its detector, i.e. x - y_G (x). For displays (the
 * inspector's curves) and the match plan; no state, no allocation. */
double lq_compressor_static_reduction_db (double threshold_db,
                                          double ratio,
                                          double knee_db,
                                          double level_db);

/* Current smoothed gain reduction in dB (>= 0, makeup not included), for
 * meters. Stereo-linked: the same value for @index 0 and 1; mid/side:
 * 0 = mid, 1 = side; 0 while fully bypassed. Read it between process()
 * calls. */
double lq_compressor_get_gain_reduction (const LqCompressor *self, uint32_t index);

/* Processes @n frames of ch[0] (L) and ch[1] (R) in place; any n (see
 * lq-dsp-status.h). */
void lq_compressor_process (LqCompressor *self, float *const *ch, uint32_t n);

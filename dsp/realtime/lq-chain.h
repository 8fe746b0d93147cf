/* lq-chain.h: the mastering chain, one instance per track.
 *
 * Stereo, in this order:
 *
 *   input trim -> parametric EQ -> match EQ -> compressor -> stereo width
 *   -> match gain -> bus parametric EQ -> bus compressor -> true-peak limiter
 *
 * (on export, sample-rate conversion and dither follow, outside the chain:
 * see app/lq-render.c). The offline renderer and the live engine run the
 * same chain, so what is heard is what is exported.
 *
 * Latency is the sum of the processors' latencies and does not depend on
 * which processors are enabled: a disabled processor is bypassed (with its
 * own crossfade) but keeps its delay, so a live A/B stays sample-synced.
 * At 44.1/48 kHz that is the match EQ's 8191 samples plus the limiter's
 * (211 at 44.1 kHz with its default 3 ms lookahead): 8402 samples, 191 ms,
 * at 44.1 kHz.
 *
 * Cost. Once its bypass crossfade has finished, a disabled processor costs
 * (almost) nothing: the match EQ and the limiter only keep the delay line
 * their latency needs, the others only replace non-finite samples (and, the
 * EQs, flush denormals) as they do when enabled; an EQ with no band on
 * costs the same. Switched back on, each resumes click-free under its
 * crossfade from the (delayed) dry signal: the match EQ exactly as if it had
 * never stopped, the limiter, compressors and width after a warm-up on the
 * audio they kept (see their headers), the EQs from silent filters. On
 * x86-64 the whole chain, everything on, runs at well over 100x real time on
 * one core (tests/bench/bench-chain.c).
 *
 * The two gain stages ramp over LQ_CHAIN_GAIN_RAMP_MS, sample by sample, so
 * the output does not depend on the block size; after lq_chain_reset() they
 * sit at their targets.
 *
 * Threading and the realtime rule: new() and free() allocate and plan FFTs:
 * never on the audio thread. apply_settings(), apply_update(), reset() and
 * process() must be serialised by the caller; none of them allocates,
 * frees, locks, logs or does I/O (tests/dsp/test-chain-realtime.c counts
 * them, with every processor on, settings changed and bypasses toggled
 * between blocks). The offline renderer calls apply_settings(): a changed
 * match-EQ curve is designed there and then (one FFT design, about a
 * millisecond). The audio callback calls apply_update() instead: the
 * control side turns the settings into an LqChainUpdate with
 * lq_chain_update_new() (designing the match-EQ curve on its own thread
 * with an LqMatchEqDesigner) and publishes it by a pointer swap (LqMailbox);
 * the callback picks it up at a block boundary and calls apply_update(),
 * which runs no FFT (a changed curve is copied in, about 262 KB at
 * 44.1/48 kHz), reset() on a seek, then process(). For the same settings
 * both paths give bit for bit the same output (tests/dsp/
 * test-chain-update.c). process() follows the convention of
 * lq-dsp-status.h.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-compressor.h"
#include "lq-dsp-status.h"
#include "lq-match-eq.h"
#include "lq-match-eq-designer.h"
#include "lq-parametric-eq.h"

#define LQ_CHAIN_CHANNELS 2
#define LQ_CHAIN_GAIN_MIN_DB (-60.0)
#define LQ_CHAIN_GAIN_MAX_DB 24.0
#define LQ_CHAIN_GAIN_RAMP_MS 20.0

typedef struct
{
  bool enabled;
  double threshold_db;
  double ratio;
  double knee_db;
  double attack_ms;
  double release_ms;
  double makeup_db;
  LqCompressorDetection detection;
  LqCompressorMode mode;
} LqChainCompressor;

typedef struct
{
  double input_trim_db;                 /* clamped to the LQ_CHAIN_GAIN_* range */

  LqEqBand eq[LQ_PEQ_MAX_BANDS];        /* a band with enabled = false is off */

  bool match_eq_enabled;
  uint32_t match_n_bands;               /* 0: flat */
  double match_centres[LQ_MATCH_EQ_MAX_BANDS];
  double match_mid_db[LQ_MATCH_EQ_MAX_BANDS];
  double match_side_db[LQ_MATCH_EQ_MAX_BANDS];
  double match_strength;                /* 0..1 */
  double match_cap_db;

  LqChainCompressor compressor;

  bool width_enabled;
  double width;                         /* 0..2 */
  double mono_below_hz;                 /* <= 0: off */

  double match_gain_db;

  LqEqBand bus_eq[LQ_PEQ_MAX_BANDS];
  LqChainCompressor bus_compressor;

  bool limiter_enabled;
  double limiter_ceiling_dbtp;
  double limiter_release_ms;
  bool limiter_auto_release;
} LqChainSettings;

typedef struct _LqChain LqChain;

/* Neutral settings: 0 dB gains, no EQ bands, flat match EQ, compressors,
 * width and limiter off (their parameters at the processors' defaults,
 * ceiling -1 dBTP, release 100 ms, auto release off). */
void lq_chain_settings_init (LqChainSettings *settings);

/* NULL on bad arguments or no memory. Starts with neutral settings. */
LqChain *lq_chain_new (uint32_t rate, uint32_t max_block);
void lq_chain_free (LqChain *self);

/* Heads every processor for @settings (glides and crossfades as each
 * processor does). LQ_ERR_INVALID when a value is rejected (NaN, a bad
 * match-EQ curve); the settings accepted before it stay. */
LqDspStatus lq_chain_apply_settings (LqChain *self, const LqChainSettings *settings);

/* Settings made ready for the audio thread: a copy of the settings and
 * their match-EQ curve designed (or shared with the previous update of the
 * same designer when the curve did not change). Every update carries its
 * curve, so a callback that skips intermediate updates (LqMailbox hands
 * over only the newest) still gets the right one. */
typedef struct _LqChainUpdate LqChainUpdate;

/* Control thread (allocates, may design for about a millisecond). @designer
 * is made for the chain's rate and used by one thread at a time. A curve the
 * designer rejects is carried as rejected: apply_update() then answers
 * LQ_ERR_INVALID as apply_settings() would. NULL when out of memory. */
LqChainUpdate *lq_chain_update_new (LqMatchEqDesigner *designer,
                                    const LqChainSettings *settings);
/* Control thread. NULL is ignored. */
void lq_chain_update_free (LqChainUpdate *update);
/* lq_chain_update_free() as an LqMailboxDestroy. */
void lq_chain_update_destroy (void *update);
const LqChainSettings *lq_chain_update_get_settings (const LqChainUpdate *update);

/* apply_settings() for the audio thread: the same result, bit for bit, for
 * the update's settings, but a changed match-EQ curve is copied from the
 * update (lq_match_eq_set_kernel()), never designed. The update is not kept:
 * it may be freed (on the control thread) once the call returns. */
LqDspStatus lq_chain_apply_update (LqChain *self, const LqChainUpdate *update);

/* Clears every processor's history and completes every glide and fade. */
void lq_chain_reset (LqChain *self);

/* Samples from input to output, whatever is enabled. */
uint32_t lq_chain_get_latency (const LqChain *self);

/* Processes @n frames of ch[0] (L) and ch[1] (R) in place; any n. */
void lq_chain_process (LqChain *self, float *const *ch, uint32_t n);

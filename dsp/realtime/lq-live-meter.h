/* lq-live-meter.h: the playback engine's live meters, computed on what is
 * heard (issue 11, section 4).
 *
 *  - Momentary (400 ms) and short-term (3 s) loudness, every 100 ms, from
 *    LqLoudnessMeter.
 *  - Integrated loudness since creation or reset, BS.1770-4 two-stage gated,
 *    from a FIXED-SIZE histogram of the 400 ms block energies (libebur128's
 *    histogram mode): LQ_LIVE_METER_BINS bins of 0.1 LU from -70 LUFS up
 *    (louder blocks go to the top bin). Each bin keeps its block count and
 *    the exact sum of their energies, so only the bin holding the relative
 *    gate is approximated (all of it counts as above the gate).
 *  - True peak per channel (lq-true-peak): the largest over the last 100 ms,
 *    a peak hold (the largest current value, held LQ_LIVE_METER_HOLD_S, then
 *    following the current value down), and the maximum since reset.
 *  - Stereo correlation over the last 300 ms (Pearson, without removing the
 *    mean: +1 identical channels, -1 inverted, 0 independent; 0 on silence,
 *    +1 for mono).
 *  - PLR: the largest true-peak maximum (dBTP) minus the integrated loudness.
 *
 * Everything runs on a 10 ms tick grid counted from reset, so the values do
 * not depend on the callback's block size.
 *
 * Snapshot: lq_live_meter_process() publishes an LqLiveMeterSnapshot at the
 * end of every call through a seqlock: the sequence number goes odd, the
 * snapshot is stored word by word with relaxed atomics, and it goes even
 * again (release). lq_live_meter_read() (any other thread, e.g. the UI at
 * 25 Hz) loads the sequence (acquire), the words, then the sequence again
 * after an acquire fence, and retries until both match and are even: it never
 * returns a torn snapshot, and the writer never waits.
 *
 * lq_live_meter_request_reset() may be called from any thread: the next
 * process() call resets the meters before measuring.
 *
 * Realtime-safe: process() never allocates, locks, logs or does I/O.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_LIVE_METER_MAX_CHANNELS 2
#define LQ_LIVE_METER_BINS 800      /* -70 .. +10 LUFS in 0.1 LU */
#define LQ_LIVE_METER_HOLD_S 2.0

typedef struct _LqLiveMeter LqLiveMeter;

typedef struct
{
  uint64_t serial;        /* incremented by every publish */
  /* LUFS; -HUGE_VAL while there is no complete window (or no block passed
   * the gates). */
  double momentary;
  double short_term;
  double integrated;
  /* dBTP, -HUGE_VAL for silence. */
  double true_peak[LQ_LIVE_METER_MAX_CHANNELS];
  double peak_hold[LQ_LIVE_METER_MAX_CHANNELS];
  double true_peak_max[LQ_LIVE_METER_MAX_CHANNELS];
  double correlation;     /* -1 .. +1 */
  double plr;             /* LU; -HUGE_VAL / HUGE_VAL when undefined */
  uint64_t frames;        /* frames measured since reset (last, so that a
                           * torn read would show against serial) */
} LqLiveMeterSnapshot;

LqLiveMeter *lq_live_meter_new (uint32_t sample_rate,
                                uint32_t channels,
                                uint32_t max_block);
void lq_live_meter_free (LqLiveMeter *self);

/* Audio thread (or before processing starts). */
void lq_live_meter_reset (LqLiveMeter *self);
void lq_live_meter_process (LqLiveMeter *self,
                            const float *const *channels,
                            uint32_t n);

/* Any thread. */
void lq_live_meter_request_reset (LqLiveMeter *self);
void lq_live_meter_read (const LqLiveMeter *self, LqLiveMeterSnapshot *snapshot);

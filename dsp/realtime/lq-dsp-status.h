/* lq-dsp-status.h: the error codes of the realtime-safe DSP layer, and the
 * convention every processor's and meter's _process follows.
 *
 * dsp/ is plain C11 with no GLib: functions report failure through this enum,
 * never by printing.
 *
 * _process convention (the chain, parametric EQ, match EQ, compressor,
 * stereo width, limiter, true-peak detector, loudness meter, signal stats,
 * waveform):
 *  - It cannot fail, so it returns no status: void, or, for a meter that
 *    hands back records (loudness blocks, waveform peaks), the number of
 *    records it wrote. Everything that can be rejected is rejected earlier,
 *    by _new (NULL) or a setter (LQ_ERR_INVALID).
 *  - Any n is valid, 0 included. The max_block given to _new is a hint for
 *    sizing internal buffers, not a limit: a longer call is processed in
 *    pieces internally, and the output is the same whatever the caller's
 *    block sizes (each processor's tests check that).
 *  - Arguments are not checked (the caller passes valid pointers and as
 *    many channels as the processor was made for), and it never allocates,
 *    locks, logs or does I/O (tests/dsp/test-chain-realtime.c proves it for
 *    the whole chain).
 * The offline analysers (dsp/offline/) allocate as they run, so theirs may
 * return LQ_ERR_NOMEM.
 */
#pragma once

typedef enum
{
  LQ_OK = 0,
  LQ_ERR_NOMEM,
  LQ_ERR_INVALID,
} LqDspStatus;

/* lq-loudness-gate.h: gated loudness measures over block energies.
 *
 * Integrated loudness follows ITU-R BS.1770-4 (400 ms blocks, 75 % overlap,
 * absolute gate -70 LUFS, relative gate -10 LU). Loudness range follows
 * EBU Tech 3342 (3 s short-term values, absolute gate -70 LUFS, relative gate
 * -20 LU, 10th to 95th percentile).
 *
 * Every function takes several arrays so that an album can be gated as one
 * programme: the blocks of all its tracks together, not an average of numbers.
 * Not realtime: these run once at the end of an analysis.
 */
#pragma once

#include <stddef.h>

#include "lq-dsp-status.h"

typedef struct
{
  const double *energies;
  size_t n;
} LqEnergySpan;

/* Integrated loudness in LUFS of the momentary-block energies of all @spans;
 * -HUGE_VAL when no block passes the gates (silence, or under 400 ms). */
double lq_loudness_gate_integrated (const LqEnergySpan *spans, size_t n_spans);

/* Loudness range in LU of the short-term energies of all @spans. Writes
 * the result to @lra; returns LQ_ERR_INVALID (and leaves @lra alone) when no
 * short-term value passes the gates, LQ_ERR_NOMEM when out of memory. */
LqDspStatus lq_loudness_gate_range (const LqEnergySpan *spans,
                                    size_t n_spans,
                                    double *lra);

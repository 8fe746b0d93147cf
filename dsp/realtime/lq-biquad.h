/* lq-biquad.h: second-order IIR sections in double precision.
 *
 * Coefficients follow R. Bristow-Johnson's "Cookbook formulae for audio EQ
 * biquad filter coefficients" (the Audio EQ Cookbook), normalised so a0 = 1.
 * Sections run in direct form I: its state is the past inputs and outputs
 * themselves, so when a gliding parameter swaps coefficients between two
 * samples the state stays valid and the output moves by no more than the
 * coefficient change times the signal (a transposed form would carry state
 * that mixes old coefficients into the new filter).
 *
 * Realtime-safe: no allocation; design functions only call libm.
 */
#pragma once

#include <stdint.h>

typedef struct
{
  double b0, b1, b2, a1, a2;
} LqBiquad;

typedef struct
{
  double x1, x2, y1, y2;
} LqBiquadState;

/* Passes everything through unchanged. */
void lq_biquad_identity (LqBiquad *bq);

/* Peaking EQ: @gain_db at @freq, bandwidth set by @q. */
void lq_biquad_bell (LqBiquad *bq, double rate, double freq, double gain_db, double q);
/* Shelves: @gain_db below (low) or above (high) @freq, the cookbook's
 * midpoint frequency; @q sets the knee (0.7071 is the steepest without
 * overshoot). */
void lq_biquad_low_shelf (LqBiquad *bq, double rate, double freq, double gain_db, double q);
void lq_biquad_high_shelf (LqBiquad *bq, double rate, double freq, double gain_db, double q);
/* 12 dB/oct passes, -3 dB at @freq when @q is 1/sqrt(2). */
void lq_biquad_low_pass (LqBiquad *bq, double rate, double freq, double q);
void lq_biquad_high_pass (LqBiquad *bq, double rate, double freq, double q);

/* Q of pole pair @k (0-based) of a Butterworth filter of even @order: a
 * cascade of order/2 such sections is maximally flat, -3 dB at the corner. */
double lq_biquad_butterworth_q (uint32_t order, uint32_t k);

/* |H|^2 of @bq at @freq Hz, evaluated on the unit circle. */
double lq_biquad_power (const LqBiquad *bq, double rate, double freq);

static inline double
lq_biquad_tick (const LqBiquad *bq, LqBiquadState *s, double x)
{
  double y = bq->b0 * x + bq->b1 * s->x1 + bq->b2 * s->x2
             - bq->a1 * s->y1 - bq->a2 * s->y2;

  s->x2 = s->x1;
  s->x1 = x;
  s->y2 = s->y1;
  s->y1 = y;
  return y;
}

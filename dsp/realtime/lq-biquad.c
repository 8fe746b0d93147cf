/* lq-biquad.c: Audio EQ Cookbook designs and their analytic response.
 *
 * 1 - cos w0 is written 2 sin^2 (w0 / 2): at 10 Hz and 96 kHz the former
 * loses half its significant digits to cancellation, the latter none, so
 * low corners keep their exact gain.
 */
#include "lq-biquad.h"

#include <math.h>

static void
normalise (LqBiquad *bq, double b0, double b1, double b2, double a0, double a1, double a2)
{
  bq->b0 = b0 / a0;
  bq->b1 = b1 / a0;
  bq->b2 = b2 / a0;
  bq->a1 = a1 / a0;
  bq->a2 = a2 / a0;
}

void
lq_biquad_identity (LqBiquad *bq)
{
  normalise (bq, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
}

void
lq_biquad_bell (LqBiquad *bq, double rate, double freq, double gain_db, double q)
{
  double a = pow (10.0, gain_db / 40.0);
  double w0 = 2.0 * M_PI * freq / rate;
  double alpha = sin (w0) / (2.0 * q);
  double c = cos (w0);

  normalise (bq,
             1.0 + alpha * a, -2.0 * c, 1.0 - alpha * a,
             1.0 + alpha / a, -2.0 * c, 1.0 - alpha / a);
}

void
lq_biquad_low_shelf (LqBiquad *bq, double rate, double freq, double gain_db, double q)
{
  double a = pow (10.0, gain_db / 40.0);
  double w0 = 2.0 * M_PI * freq / rate;
  double alpha = sin (w0) / (2.0 * q);
  double c = cos (w0);
  double k = 2.0 * sqrt (a) * alpha;

  normalise (bq,
             a * ((a + 1.0) - (a - 1.0) * c + k),
             2.0 * a * ((a - 1.0) - (a + 1.0) * c),
             a * ((a + 1.0) - (a - 1.0) * c - k),
             (a + 1.0) + (a - 1.0) * c + k,
             -2.0 * ((a - 1.0) + (a + 1.0) * c),
             (a + 1.0) + (a - 1.0) * c - k);
}

void
lq_biquad_high_shelf (LqBiquad *bq, double rate, double freq, double gain_db, double q)
{
  double a = pow (10.0, gain_db / 40.0);
  double w0 = 2.0 * M_PI * freq / rate;
  double alpha = sin (w0) / (2.0 * q);
  double c = cos (w0);
  double k = 2.0 * sqrt (a) * alpha;

  normalise (bq,
             a * ((a + 1.0) + (a - 1.0) * c + k),
             -2.0 * a * ((a - 1.0) + (a + 1.0) * c),
             a * ((a + 1.0) + (a - 1.0) * c - k),
             (a + 1.0) - (a - 1.0) * c + k,
             2.0 * ((a - 1.0) - (a + 1.0) * c),
             (a + 1.0) - (a - 1.0) * c - k);
}

void
lq_biquad_low_pass (LqBiquad *bq, double rate, double freq, double q)
{
  double w0 = 2.0 * M_PI * freq / rate;
  double alpha = sin (w0) / (2.0 * q);
  double s = sin (0.5 * w0);
  double omc = 2.0 * s * s;   /* 1 - cos w0 */

  normalise (bq,
             0.5 * omc, omc, 0.5 * omc,
             1.0 + alpha, -2.0 * (1.0 - omc), 1.0 - alpha);
}

void
lq_biquad_high_pass (LqBiquad *bq, double rate, double freq, double q)
{
  double w0 = 2.0 * M_PI * freq / rate;
  double alpha = sin (w0) / (2.0 * q);
  double c = cos (w0);
  double opc = 1.0 + c;

  normalise (bq,
             0.5 * opc, -opc, 0.5 * opc,
             1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

double
lq_biquad_butterworth_q (uint32_t order, uint32_t k)
{
  /* Poles of an order-n Butterworth filter sit at angles (2k + 1) pi / 2n
   * from the imaginary axis; a conjugate pair at angle t has Q = 1 / (2 sin t). */
  return 1.0 / (2.0 * sin ((2.0 * k + 1.0) * M_PI / (2.0 * order)));
}

double
lq_biquad_power (const LqBiquad *bq, double rate, double freq)
{
  double w = 2.0 * M_PI * freq / rate;
  double c1 = cos (w), s1 = sin (w), c2 = cos (2.0 * w), s2 = sin (2.0 * w);
  /* H(z) at z = e^jw: numerator and denominator in z^-1. */
  double nr = bq->b0 + bq->b1 * c1 + bq->b2 * c2;
  double ni = -bq->b1 * s1 - bq->b2 * s2;
  double dr = 1.0 + bq->a1 * c1 + bq->a2 * c2;
  double di = -bq->a1 * s1 - bq->a2 * s2;

  return (nr * nr + ni * ni) / (dr * dr + di * di);
}

/* lq-loudness-meter.c: ITU-R BS.1770-4 K-weighting and block energies.
 *
 * Each channel runs the two K-weighting biquads (the "pre-filter" high shelf
 * and the RLB high-pass) in double precision. Their coefficients come from
 * the analog prototypes behind the 48 kHz values printed in BS.1770, through
 * the bilinear transform, so every sample rate gets the same curve; the
 * high-pass numerator is scaled so its pass-band gain is the one the 48 kHz
 * coefficients have at every rate.
 *
 * Squared filter output is summed per 10 ms step into a ring of the last
 * 300 steps: 40 of them make the 400 ms momentary window, all 300 the 3 s
 * short-term window. Window sums are recomputed from the steps, oldest first,
 * so no running sum drifts and the result does not depend on how the caller
 * cuts the stream into blocks.
 */
#include "lq-loudness-meter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STEPS_PER_HOP 10
#define STEPS_MOMENTARY 40
#define STEPS_SHORT_TERM 300

typedef struct
{
  double b0, b1, b2, a1, a2;
} Biquad;

typedef struct
{
  double z1, z2;
} BiquadState;

struct _LqLoudnessMeter
{
  uint32_t rate;
  uint32_t channels;
  uint32_t hop;             /* samples per 100 ms */
  uint32_t step_filled;     /* samples already in the current 10 ms step */
  uint64_t steps_done;
  Biquad shelf;
  Biquad highpass;
  BiquadState state[LQ_LOUDNESS_MAX_CHANNELS][2];
  double current[LQ_LOUDNESS_MAX_CHANNELS]; /* sum of squares of the current step */
  double ring[STEPS_SHORT_TERM];            /* channel-weighted sums of finished steps */
  uint32_t ring_pos;
  double max_momentary;
  double max_short_term;
};

static double
highpass_a0 (double rate, double f0, double q)
{
  double k = tan (M_PI * f0 / rate);

  return 1.0 + k / q + k * k;
}

/* |H(j 2 pi f)|^2 of the analog high shelf behind BS.1770's pre-filter. */
static double
shelf_analog_power (double f, double f0, double vh, double vb, double q)
{
  double w0 = 2.0 * M_PI * f0, w = 2.0 * M_PI * f;
  double nr = w0 * w0 - vh * w * w, ni = vb * w0 * w / q;
  double dr = w0 * w0 - w * w, di = w0 * w / q;

  return (nr * nr + ni * ni) / (dr * dr + di * di);
}

/* Below 32 kHz the bilinear transform squeezes the 1.7 kHz shelf against
 * Nyquist (0.2 dB off at 8 kHz). There the shelf is a magnitude-matched
 * biquad instead (M. Vicanek, "Matched Second Order Digital Filters", 2016):
 * poles by impulse invariance, numerator fitted to the analog magnitude at
 * DC, at f0 and at Nyquist. */
static void
design_matched_shelf (double rate, double f0, double vh, double vb, double q, Biquad *bq)
{
  double t = 1.0 / rate;
  double zeta = 1.0 / (2.0 * q);
  double w0 = 2.0 * M_PI * f0;
  double a1 = -2.0 * exp (-zeta * w0 * t) * cos (w0 * t * sqrt (1.0 - zeta * zeta));
  double a2 = exp (-2.0 * zeta * w0 * t);
  double den0 = (1.0 + a1 + a2) * (1.0 + a1 + a2);
  double den1 = (1.0 - a1 + a2) * (1.0 - a1 + a2);
  double den2 = -4.0 * a2;
  double wm = w0 * t;
  double p1 = sin (wm / 2.0) * sin (wm / 2.0);
  double p0 = 1.0 - p1;
  double p2 = 4.0 * p0 * p1;
  double big_a0 = den0 * shelf_analog_power (0.0, f0, vh, vb, q);
  double big_a1 = den1 * shelf_analog_power (rate / 2.0, f0, vh, vb, q);
  double target = shelf_analog_power (f0, f0, vh, vb, q) * (den0 * p0 + den1 * p1 + den2 * p2);
  double big_a2 = (target - big_a0 * p0 - big_a1 * p1) / p2;
  double r0 = sqrt (big_a0), r1 = sqrt (big_a1);
  double w = (r0 + r1) / 2.0;

  bq->b0 = (w + sqrt (w * w + big_a2)) / 2.0;
  bq->b1 = (r0 - r1) / 2.0;
  bq->b2 = -big_a2 / (4.0 * bq->b0);
  bq->a1 = a1;
  bq->a2 = a2;
}

static void
design_k_weighting (double rate,
                    Biquad *shelf,
                    Biquad *highpass)
{
  /* Stage 1: high shelf, +4 dB above about 1.7 kHz (head diffraction). */
  double f0 = 1681.974450955533;
  double gain_db = 3.999843853973347;
  double q = 0.7071752369554196;
  double k = tan (M_PI * f0 / rate);
  double vh = pow (10.0, gain_db / 20.0);
  double vb = pow (vh, 0.4996667741545416);
  double a0 = 1.0 + k / q + k * k;
  double g;

  if (rate < 32000.0)
    design_matched_shelf (rate, f0, vh, vb, q, shelf);
  else
    {
      shelf->b0 = (vh + vb * k / q + k * k) / a0;
      shelf->b1 = 2.0 * (k * k - vh) / a0;
      shelf->b2 = (vh - vb * k / q + k * k) / a0;
      shelf->a1 = 2.0 * (k * k - 1.0) / a0;
      shelf->a2 = (1.0 - k / q + k * k) / a0;
    }

  /* Stage 2: the RLB high-pass at about 38 Hz. BS.1770 prints its numerator
   * as 1, -2, 1 at 48 kHz, which puts its pass band at a0(48 kHz) rather
   * than 1 (+0.04 dB, part of the -0.691 calibration); scaling by
   * a0(48 kHz) / a0(rate) keeps exactly that gain at every rate. */
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = tan (M_PI * f0 / rate);
  a0 = 1.0 + k / q + k * k;
  g = highpass_a0 (48000.0, f0, q) / a0;

  highpass->b0 = g;
  highpass->b1 = -2.0 * g;
  highpass->b2 = g;
  highpass->a1 = 2.0 * (k * k - 1.0) / a0;
  highpass->a2 = (1.0 - k / q + k * k) / a0;
}

LqLoudnessMeter *
lq_loudness_meter_new (uint32_t sample_rate,
                       uint32_t channels)
{
  LqLoudnessMeter *self;

  if (sample_rate < 1000 || sample_rate > 768000)
    return NULL;
  if (channels < 1 || channels > LQ_LOUDNESS_MAX_CHANNELS)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->channels = channels;
  self->hop = (sample_rate + 5) / 10;
  design_k_weighting (sample_rate, &self->shelf, &self->highpass);
  lq_loudness_meter_reset (self);

  return self;
}

void
lq_loudness_meter_free (LqLoudnessMeter *self)
{
  free (self);
}

void
lq_loudness_meter_reset (LqLoudnessMeter *self)
{
  memset (self->state, 0, sizeof self->state);
  memset (self->current, 0, sizeof self->current);
  memset (self->ring, 0, sizeof self->ring);
  self->ring_pos = 0;
  self->step_filled = 0;
  self->steps_done = 0;
  lq_loudness_meter_reset_max (self);
}

void
lq_loudness_meter_reset_max (LqLoudnessMeter *self)
{
  self->max_momentary = 0.0;
  self->max_short_term = 0.0;
}

uint32_t
lq_loudness_meter_get_hop (const LqLoudnessMeter *self)
{
  return self->hop;
}

/* Step k of a hop ends at round-down (k + 1) * hop / 10: steps differ by at
 * most one sample when the hop is not a multiple of 10 (22.05 kHz), and any
 * 40 or 300 consecutive steps hold exactly 4 or 30 hops of samples. */
static uint32_t
step_length (const LqLoudnessMeter *self)
{
  uint32_t k = (uint32_t) (self->steps_done % STEPS_PER_HOP);

  return (k + 1) * self->hop / STEPS_PER_HOP - k * self->hop / STEPS_PER_HOP;
}

double
lq_loudness_meter_get_max_momentary (const LqLoudnessMeter *self)
{
  return self->max_momentary;
}

double
lq_loudness_meter_get_max_short_term (const LqLoudnessMeter *self)
{
  return self->max_short_term;
}

/* Filters n samples of one channel, adding their squares to *sum. The sum
 * runs sample by sample across calls, so block boundaries do not matter. */
static void
filter_channel (const Biquad *s1,
                const Biquad *s2,
                BiquadState *st,
                const float *in,
                uint32_t n,
                double *sum)
{
  double z11 = st[0].z1, z12 = st[0].z2;
  double z21 = st[1].z1, z22 = st[1].z2;
  double acc = *sum;

  for (uint32_t i = 0; i < n; i++)
    {
      double x = in[i];
      double y = s1->b0 * x + z11;
      double w;

      z11 = s1->b1 * x - s1->a1 * y + z12;
      z12 = s1->b2 * x - s1->a2 * y;

      w = s2->b0 * y + z21;
      z21 = s2->b1 * y - s2->a1 * w + z22;
      z22 = s2->b2 * y - s2->a2 * w;

      acc += w * w;
    }

  st[0].z1 = z11; st[0].z2 = z12;
  st[1].z1 = z21; st[1].z2 = z22;
  *sum = acc;
}

static double
ring_sum (const LqLoudnessMeter *self,
          uint32_t steps)
{
  double sum = 0.0;

  for (uint32_t i = steps; i > 0; i--)
    sum += self->ring[(self->ring_pos + STEPS_SHORT_TERM - i) % STEPS_SHORT_TERM];

  return sum;
}

/* Called at each 10 ms boundary (a fixed point of the stream). */
static void
finish_step (LqLoudnessMeter *self)
{
  double step_sum = 0.0;

  for (uint32_t c = 0; c < self->channels; c++)
    {
      /* A NaN or infinite sample poisons the filters: count its step as
       * silence and start the filters again. The analysis reports
       * non-finite input on its own. */
      if (!isfinite (self->current[c]))
        {
          self->current[c] = 0.0;
          memset (self->state[c], 0, sizeof self->state[c]);
        }
      /* Long silences decay the states towards denormals: flush them. */
      for (int s = 0; s < 2; s++)
        {
          if (fabs (self->state[c][s].z1) < 1e-30) self->state[c][s].z1 = 0.0;
          if (fabs (self->state[c][s].z2) < 1e-30) self->state[c][s].z2 = 0.0;
        }
      /* All channel weights are 1.0 for mono and stereo (BS.1770-4 Table 3). */
      step_sum += self->current[c];
      self->current[c] = 0.0;
    }

  self->ring[self->ring_pos] = step_sum;
  self->ring_pos = (self->ring_pos + 1) % STEPS_SHORT_TERM;
  self->step_filled = 0;
  self->steps_done++;

  if (self->steps_done >= STEPS_MOMENTARY)
    {
      double m = ring_sum (self, STEPS_MOMENTARY) / (4.0 * self->hop);
      if (m > self->max_momentary)
        self->max_momentary = m;
    }
  if (self->steps_done >= STEPS_SHORT_TERM)
    {
      double s = ring_sum (self, STEPS_SHORT_TERM) / (30.0 * self->hop);
      if (s > self->max_short_term)
        self->max_short_term = s;
    }
}

uint32_t
lq_loudness_meter_process (LqLoudnessMeter *self,
                           const float *const *channels,
                           uint32_t n,
                           LqLoudnessBlock *blocks,
                           uint32_t max_blocks)
{
  uint32_t done = 0;
  uint32_t n_blocks = 0;

  while (done < n)
    {
      uint32_t step = step_length (self);
      uint32_t take = step - self->step_filled;

      if (take > n - done)
        take = n - done;

      for (uint32_t c = 0; c < self->channels; c++)
        filter_channel (&self->shelf, &self->highpass, self->state[c],
                        channels[c] + done, take, &self->current[c]);

      done += take;
      self->step_filled += take;

      if (self->step_filled < step)
        continue;

      finish_step (self);

      if (self->steps_done % STEPS_PER_HOP == 0 && n_blocks < max_blocks)
        {
          LqLoudnessBlock *b = &blocks[n_blocks++];

          b->momentary_valid = self->steps_done >= STEPS_MOMENTARY;
          b->short_term_valid = self->steps_done >= STEPS_SHORT_TERM;
          b->momentary = ring_sum (self, STEPS_MOMENTARY) / (4.0 * self->hop);
          b->short_term = ring_sum (self, STEPS_SHORT_TERM) / (30.0 * self->hop);
        }
    }

  return n_blocks;
}

double
lq_loudness_from_energy (double energy)
{
  if (!(energy > 0.0))
    return -HUGE_VAL;
  return -0.691 + 10.0 * log10 (energy);
}

double
lq_loudness_to_energy (double lufs)
{
  return pow (10.0, (lufs + 0.691) / 10.0);
}

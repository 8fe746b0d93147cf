/* lq-loudness-meter.c: ITU-R BS.1770-4 K-weighting and 100 ms block energies.
 *
 * Each channel runs the two K-weighting biquads (the "pre-filter" high shelf
 * and the RLB high-pass) in double precision. Their coefficients come from
 * the analog prototypes behind the 48 kHz values printed in BS.1770, through
 * the bilinear transform, so every sample rate gets the same curve.
 *
 * Squared filter output is summed per 100 ms hop into a ring of the last 30
 * hops: 4 of them make the 400 ms momentary block, all 30 the 3 s short-term
 * window. Sums over the ring are recomputed from the hops each time (30
 * additions per 100 ms), so no running sum drifts.
 */
#include "lq-loudness-meter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOPS_MOMENTARY 4
#define HOPS_SHORT_TERM 30

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
  uint32_t hop_filled;      /* samples already in the current hop */
  uint64_t hops_done;
  Biquad shelf;
  Biquad highpass;
  BiquadState state[LQ_LOUDNESS_MAX_CHANNELS][2];
  double current[LQ_LOUDNESS_MAX_CHANNELS]; /* sum of squares of the current hop */
  double ring[HOPS_SHORT_TERM];             /* channel-weighted sums of finished hops */
  uint32_t ring_pos;
};

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

  shelf->b0 = (vh + vb * k / q + k * k) / a0;
  shelf->b1 = 2.0 * (k * k - vh) / a0;
  shelf->b2 = (vh - vb * k / q + k * k) / a0;
  shelf->a1 = 2.0 * (k * k - 1.0) / a0;
  shelf->a2 = (1.0 - k / q + k * k) / a0;

  /* Stage 2: the RLB high-pass at about 38 Hz. */
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = tan (M_PI * f0 / rate);
  a0 = 1.0 + k / q + k * k;

  highpass->b0 = 1.0;
  highpass->b1 = -2.0;
  highpass->b2 = 1.0;
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
  self->hop_filled = 0;
  self->hops_done = 0;
}

uint32_t
lq_loudness_meter_get_hop (const LqLoudnessMeter *self)
{
  return self->hop;
}

/* Filters n samples of one channel and returns the sum of their squares. */
static double
filter_channel (const Biquad *s1,
                const Biquad *s2,
                BiquadState *st,
                const float *in,
                uint32_t n)
{
  double z11 = st[0].z1, z12 = st[0].z2;
  double z21 = st[1].z1, z22 = st[1].z2;
  double sum = 0.0;

  for (uint32_t i = 0; i < n; i++)
    {
      double x = in[i];
      double y = s1->b0 * x + z11;
      double w;

      z11 = s1->b1 * x - s1->a1 * y + z12;
      z12 = s1->b2 * x - s1->a2 * y;

      w = y + z21;   /* s2->b0 == 1 */
      z21 = -2.0 * y - s2->a1 * w + z22;
      z22 = y - s2->a2 * w;

      sum += w * w;
    }

  /* Long silences decay the states towards denormals: flush them. */
  if (fabs (z11) < 1e-30) z11 = 0.0;
  if (fabs (z12) < 1e-30) z12 = 0.0;
  if (fabs (z21) < 1e-30) z21 = 0.0;
  if (fabs (z22) < 1e-30) z22 = 0.0;
  st[0].z1 = z11; st[0].z2 = z12;
  st[1].z1 = z21; st[1].z2 = z22;

  return sum;
}

static double
ring_sum (const LqLoudnessMeter *self,
          uint32_t hops)
{
  double sum = 0.0;

  /* Oldest first, so the value does not depend on where the ring starts. */
  for (uint32_t i = hops; i > 0; i--)
    sum += self->ring[(self->ring_pos + HOPS_SHORT_TERM - i) % HOPS_SHORT_TERM];

  return sum;
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
      uint32_t take = self->hop - self->hop_filled;

      if (take > n - done)
        take = n - done;

      for (uint32_t c = 0; c < self->channels; c++)
        {
          double s = filter_channel (&self->shelf, &self->highpass, self->state[c],
                                     channels[c] + done, take);
          /* NaN would poison every later block: count it as silence here;
           * the analysis reports non-finite input on its own. */
          if (isfinite (s))
            self->current[c] += s;
          else
            memset (self->state[c], 0, sizeof self->state[c]);
        }

      done += take;
      self->hop_filled += take;

      if (self->hop_filled == self->hop)
        {
          double hop_sum = 0.0;

          /* All channel weights are 1.0 for mono and stereo (BS.1770-4 Table 3). */
          for (uint32_t c = 0; c < self->channels; c++)
            {
              hop_sum += self->current[c];
              self->current[c] = 0.0;
            }

          self->ring[self->ring_pos] = hop_sum;
          self->ring_pos = (self->ring_pos + 1) % HOPS_SHORT_TERM;
          self->hop_filled = 0;
          self->hops_done++;

          if (n_blocks < max_blocks)
            {
              LqLoudnessBlock *b = &blocks[n_blocks++];

              b->momentary_valid = self->hops_done >= HOPS_MOMENTARY;
              b->short_term_valid = self->hops_done >= HOPS_SHORT_TERM;
              b->momentary = ring_sum (self, HOPS_MOMENTARY) / ((double) HOPS_MOMENTARY * self->hop);
              b->short_term = ring_sum (self, HOPS_SHORT_TERM) / ((double) HOPS_SHORT_TERM * self->hop);
            }
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

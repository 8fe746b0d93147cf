/* lq-signal-stats.c: peak, DC, correlation, clip runs and non-finite samples. */
#include "lq-signal-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LANES 4

struct _LqSignalStats
{
  uint32_t channels;
  float full_scale;
  uint64_t frames;
  float peak[LQ_SIGNAL_STATS_MAX_CHANNELS];
  /* Four lanes per sum, lane = absolute frame index % 4: independent
   * dependency chains, and the same grouping however the stream is cut. */
  double sum[LQ_SIGNAL_STATS_MAX_CHANNELS][LANES];
  double sum_sq[LQ_SIGNAL_STATS_MAX_CHANNELS][LANES];
  double sum_lr[LANES];
  uint32_t run[LQ_SIGNAL_STATS_MAX_CHANNELS]; /* current run of full-scale samples */
  uint64_t clipped;
  uint64_t nonfinite;
};

LqSignalStats *
lq_signal_stats_new (uint32_t channels,
                     float full_scale)
{
  LqSignalStats *self;

  if (channels < 1 || channels > LQ_SIGNAL_STATS_MAX_CHANNELS || !(full_scale > 0.0f))
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->channels = channels;
  self->full_scale = full_scale;

  return self;
}

void
lq_signal_stats_free (LqSignalStats *self)
{
  free (self);
}

void
lq_signal_stats_reset (LqSignalStats *self)
{
  uint32_t channels = self->channels;
  float full_scale = self->full_scale;

  memset (self, 0, sizeof *self);
  self->channels = channels;
  self->full_scale = full_scale;
}

/* Counts samples in runs of >= LQ_CLIP_MIN_RUN full-scale samples; the run
 * may have started in an earlier block. Only called on blocks that reach
 * full scale, which music rarely does for long. */
static void
count_clips (LqSignalStats *self,
             uint32_t c,
             const float *x,
             uint32_t n)
{
  uint32_t run = self->run[c];

  for (uint32_t i = 0; i < n; i++)
    {
      if (fabsf (x[i]) >= self->full_scale)
        {
          run++;
          if (run == LQ_CLIP_MIN_RUN)
            self->clipped += LQ_CLIP_MIN_RUN;
          else if (run > LQ_CLIP_MIN_RUN)
            self->clipped++;
        }
      else
        run = 0;
    }
  self->run[c] = run;
}

static inline double
finite_or_zero (double x)
{
  return isfinite (x) ? x : 0.0;
}

/* Adds x[0..n) to the lane sums, x[i] going to lane (lane0 + i) % LANES:
 * each lane gets its samples in stream order, whatever the block size. The
 * aligned middle runs four independent chains the compiler can keep in
 * registers. */
static void
add_lanes (double *sum,
           double *sq,
           uint32_t lane0,
           const float *x,
           uint32_t n)
{
  uint32_t i = 0, lane = lane0;
  double s0, s1, s2, s3, q0, q1, q2, q3;

  for (; i < n && lane != 0; i++, lane = (lane + 1) % LANES)
    {
      sum[lane] += x[i];
      sq[lane] += (double) x[i] * x[i];
    }

  s0 = sum[0]; s1 = sum[1]; s2 = sum[2]; s3 = sum[3];
  q0 = sq[0]; q1 = sq[1]; q2 = sq[2]; q3 = sq[3];
  for (; i + LANES <= n; i += LANES)
    {
      s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3];
      q0 += (double) x[i] * x[i];
      q1 += (double) x[i + 1] * x[i + 1];
      q2 += (double) x[i + 2] * x[i + 2];
      q3 += (double) x[i + 3] * x[i + 3];
    }
  sum[0] = s0; sum[1] = s1; sum[2] = s2; sum[3] = s3;
  sq[0] = q0; sq[1] = q1; sq[2] = q2; sq[3] = q3;

  for (; i < n; i++, lane = (lane + 1) % LANES)
    {
      sum[lane] += x[i];
      sq[lane] += (double) x[i] * x[i];
    }
}

void
lq_signal_stats_process (LqSignalStats *self,
                         const float *const *channels,
                         uint32_t n)
{
  uint32_t lane0 = (uint32_t) (self->frames % LANES);

  for (uint32_t c = 0; c < self->channels; c++)
    {
      const float *x = channels[c];
      double *sum = self->sum[c];
      double *sq = self->sum_sq[c];
      float peak = 0.0f;
      uint64_t bad = 0;

      for (uint32_t i = 0; i < n; i++)
        {
          float a = fabsf (x[i]);
          peak = a > peak ? a : peak;
          bad += !(a <= 3.4e38f);   /* NaN or infinite */
        }

      if (bad == 0)
        add_lanes (sum, sq, lane0, x, n);
      else
        {
          /* Rare: keep the culprits out of every measure. */
          self->nonfinite += bad;
          peak = 0.0f;
          for (uint32_t i = 0; i < n; i++)
            {
              uint32_t lane = (lane0 + i) % LANES;
              if (!isfinite (x[i]))
                continue;
              sum[lane] += x[i];
              sq[lane] += (double) x[i] * x[i];
              peak = fabsf (x[i]) > peak ? fabsf (x[i]) : peak;
            }
        }

      if (peak > self->peak[c])
        self->peak[c] = peak;

      if (peak >= self->full_scale || self->run[c] > 0)
        count_clips (self, c, x, n);
    }

  if (self->channels == 2)
    {
      const float *l = channels[0];
      const float *r = channels[1];
      uint32_t i = 0, lane = lane0;
      double p0, p1, p2, p3;

      /* Same lane scheme as add_lanes; non-finite products are left out. */
      for (; i < n && lane != 0; i++, lane = (lane + 1) % LANES)
        self->sum_lr[lane] += finite_or_zero ((double) l[i] * r[i]);
      p0 = self->sum_lr[0]; p1 = self->sum_lr[1]; p2 = self->sum_lr[2]; p3 = self->sum_lr[3];
      for (; i + LANES <= n; i += LANES)
        {
          p0 += finite_or_zero ((double) l[i] * r[i]);
          p1 += finite_or_zero ((double) l[i + 1] * r[i + 1]);
          p2 += finite_or_zero ((double) l[i + 2] * r[i + 2]);
          p3 += finite_or_zero ((double) l[i + 3] * r[i + 3]);
        }
      self->sum_lr[0] = p0; self->sum_lr[1] = p1; self->sum_lr[2] = p2; self->sum_lr[3] = p3;
      for (; i < n; i++, lane = (lane + 1) % LANES)
        self->sum_lr[lane] += finite_or_zero ((double) l[i] * r[i]);
    }

  self->frames += n;
}

static double
lanes_total (const double *lanes)
{
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

void
lq_signal_stats_get_result (const LqSignalStats *self,
                            LqSignalStatsResult *result)
{
  memset (result, 0, sizeof *result);
  result->frames = self->frames;
  result->clipped_samples = self->clipped;
  result->nonfinite_samples = self->nonfinite;
  result->correlation = NAN;

  for (uint32_t c = 0; c < self->channels; c++)
    {
      result->sample_peak[c] = self->peak[c];
      result->dc_offset[c] = self->frames > 0 ? lanes_total (self->sum[c]) / (double) self->frames : 0.0;
    }

  if (self->channels == 2)
    {
      double denom = sqrt (lanes_total (self->sum_sq[0]) * lanes_total (self->sum_sq[1]));

      if (denom > 0.0)
        {
          double r = lanes_total (self->sum_lr) / denom;
          result->correlation = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
        }
    }
}

/* lq-signal-stats.c: peak, DC, correlation, clip runs and non-finite samples. */
#include "lq-signal-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _LqSignalStats
{
  uint32_t channels;
  float full_scale;
  uint64_t frames;
  float peak[LQ_SIGNAL_STATS_MAX_CHANNELS];
  double sum[LQ_SIGNAL_STATS_MAX_CHANNELS];
  double sum_sq[LQ_SIGNAL_STATS_MAX_CHANNELS];
  double sum_lr;
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

void
lq_signal_stats_process (LqSignalStats *self,
                         const float *const *channels,
                         uint32_t n)
{
  for (uint32_t c = 0; c < self->channels; c++)
    {
      const float *x = channels[c];
      float peak = 0.0f;
      /* Four partial sums in double: independent dependency chains. The
       * grouping follows the block boundaries, so a fixed block size (as the
       * analyzer uses) gives bit-identical sums on every run. */
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      uint32_t i = 0;

      for (uint32_t k = 0; k < n; k++)
        {
          float a = fabsf (x[k]);
          peak = a > peak ? a : peak;
        }

      for (; i + 4 <= n; i += 4)
        {
          s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3];
          q0 += (double) x[i] * x[i];
          q1 += (double) x[i + 1] * x[i + 1];
          q2 += (double) x[i + 2] * x[i + 2];
          q3 += (double) x[i + 3] * x[i + 3];
        }
      for (; i < n; i++)
        {
          s0 += x[i];
          q0 += (double) x[i] * x[i];
        }

      if (!isfinite (s0 + s1 + s2 + s3))
        {
          /* Rare: find the culprits and keep them out of the sums. */
          s0 = s1 = s2 = s3 = q0 = q1 = q2 = q3 = 0.0;
          peak = 0.0f;
          for (uint32_t k = 0; k < n; k++)
            {
              if (!isfinite (x[k]))
                {
                  self->nonfinite++;
                  continue;
                }
              s0 += x[k];
              q0 += (double) x[k] * x[k];
              peak = fabsf (x[k]) > peak ? fabsf (x[k]) : peak;
            }
        }

      self->sum[c] += (s0 + s1) + (s2 + s3);
      self->sum_sq[c] += (q0 + q1) + (q2 + q3);
      if (peak > self->peak[c])
        self->peak[c] = peak;

      if (peak >= self->full_scale || self->run[c] > 0)
        count_clips (self, c, x, n);
    }

  if (self->channels == 2)
    {
      const float *l = channels[0];
      const float *r = channels[1];
      double p0 = 0, p1 = 0;
      uint32_t i = 0;

      for (; i + 2 <= n; i += 2)
        {
          p0 += (double) l[i] * r[i];
          p1 += (double) l[i + 1] * r[i + 1];
        }
      for (; i < n; i++)
        p0 += (double) l[i] * r[i];
      if (isfinite (p0 + p1))
        self->sum_lr += p0 + p1;
    }

  self->frames += n;
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
      result->dc_offset[c] = self->frames > 0 ? self->sum[c] / (double) self->frames : 0.0;
    }

  if (self->channels == 2)
    {
      double denom = sqrt (self->sum_sq[0] * self->sum_sq[1]);

      if (denom > 0.0)
        {
          double r = self->sum_lr / denom;
          result->correlation = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
        }
    }
}

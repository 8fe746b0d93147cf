/* lq-crossfade.c: equal-power crossfade by spherical interpolation of the
 * weight vector (see lq-crossfade.h).
 *
 * A fade from the unit vector a to the axis e_t over the angle W = acos
 * (a[t]) lasts len samples; after k samples (p = k / len) the weights are
 *   w = sin ((1 - p) W) / sin W * a + sin (p W) / sin W * e_t,
 * a unit vector for every p, reaching e_t exactly at k = len. A new switch
 * takes the current w as its a. Outside fades and gain ramps a block is a
 * plain weighted sum with constant factors.
 */
#include "lq-crossfade.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"

#define HALF_PI 1.5707963267948966

struct _LqCrossfade
{
  uint32_t rate;
  uint32_t channels;
  uint32_t length;             /* samples for a quarter turn */
  uint32_t target;
  double weight[LQ_CROSSFADE_SOURCES];

  /* The fade in progress (fade_len 0: none). */
  double from[LQ_CROSSFADE_SOURCES];
  double omega;
  double inv_sin_omega;
  uint32_t fade_pos;
  uint32_t fade_len;

  LqRamp gain[LQ_CROSSFADE_SOURCES];
};

LqCrossfade *
lq_crossfade_new (uint32_t sample_rate, uint32_t channels)
{
  LqCrossfade *self;

  if (sample_rate == 0 || channels == 0 || channels > LQ_CROSSFADE_MAX_CHANNELS)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->rate = sample_rate;
  self->channels = channels;
  lq_crossfade_set_length_ms (self, LQ_CROSSFADE_DEFAULT_MS);
  self->target = 0;
  self->weight[0] = 1.0;
  for (uint32_t s = 0; s < LQ_CROSSFADE_SOURCES; s++)
    lq_ramp_init (&self->gain[s], 1.0);
  return self;
}

void
lq_crossfade_free (LqCrossfade *self)
{
  free (self);
}

LqDspStatus
lq_crossfade_set_length_ms (LqCrossfade *self, double ms)
{
  if (!(ms >= 0.0 && ms <= LQ_CROSSFADE_MAX_MS))
    return LQ_ERR_INVALID;
  self->length = (uint32_t) lround (ms * self->rate / 1000.0);
  return LQ_OK;
}

LqDspStatus
lq_crossfade_set_target (LqCrossfade *self, uint32_t source)
{
  double dot;
  uint32_t len;

  if (source >= LQ_CROSSFADE_SOURCES)
    return LQ_ERR_INVALID;
  self->target = source;
  dot = self->weight[source];
  if (dot > 1.0)
    dot = 1.0;
  self->omega = acos (dot);
  len = (uint32_t) lround (self->length * self->omega / HALF_PI);
  if (len == 0 || self->omega < 1e-9)
    {
      memset (self->weight, 0, sizeof self->weight);
      self->weight[source] = 1.0;
      self->fade_len = 0;
      return LQ_OK;
    }
  memcpy (self->from, self->weight, sizeof self->from);
  self->inv_sin_omega = 1.0 / sin (self->omega);
  self->fade_pos = 0;
  self->fade_len = len;
  return LQ_OK;
}

uint32_t
lq_crossfade_get_target (const LqCrossfade *self)
{
  return self->target;
}

LqDspStatus
lq_crossfade_set_gain (LqCrossfade *self, uint32_t source, double gain)
{
  if (source >= LQ_CROSSFADE_SOURCES || !(gain >= 0.0) || !isfinite (gain))
    return LQ_ERR_INVALID;
  lq_ramp_set_target (&self->gain[source], gain,
                      (uint32_t) lround (LQ_CROSSFADE_GAIN_RAMP_MS * self->rate / 1000.0));
  return LQ_OK;
}

double
lq_crossfade_get_weight (const LqCrossfade *self, uint32_t source)
{
  return source < LQ_CROSSFADE_SOURCES ? self->weight[source] : 0.0;
}

/* Moves the fade one sample on. */
static void
step_fade (LqCrossfade *self)
{
  double p, a, b;

  self->fade_pos++;
  if (self->fade_pos >= self->fade_len)
    {
      memset (self->weight, 0, sizeof self->weight);
      self->weight[self->target] = 1.0;
      self->fade_len = 0;
      return;
    }
  p = (double) self->fade_pos / self->fade_len;
  a = sin ((1.0 - p) * self->omega) * self->inv_sin_omega;
  b = sin (p * self->omega) * self->inv_sin_omega;
  for (uint32_t s = 0; s < LQ_CROSSFADE_SOURCES; s++)
    self->weight[s] = a * self->from[s] + (s == self->target ? b : 0.0);
}

static int
gains_moving (const LqCrossfade *self)
{
  for (uint32_t s = 0; s < LQ_CROSSFADE_SOURCES; s++)
    if (lq_ramp_is_moving (&self->gain[s]))
      return 1;
  return 0;
}

void
lq_crossfade_process (LqCrossfade *self,
                      const float *const *const *sources,
                      uint32_t n_sources,
                      float *const *out,
                      uint32_t n)
{
  uint32_t i = 0;

  if (n_sources > LQ_CROSSFADE_SOURCES)
    n_sources = LQ_CROSSFADE_SOURCES;

  /* Fading or ramping: factors per sample. The weights used for sample i
   * are those read before the step, so a switch starts from where it was. */
  while (i < n && (self->fade_len > 0 || gains_moving (self)))
    {
      for (uint32_t c = 0; c < self->channels; c++)
        out[c][i] = 0.0f;
      for (uint32_t s = 0; s < n_sources; s++)
        {
          double f = self->weight[s] * lq_ramp_next (&self->gain[s]);

          if (sources[s] == NULL)
            continue;
          for (uint32_t c = 0; c < self->channels; c++)
            out[c][i] += (float) (f * sources[s][c][i]);
        }
      for (uint32_t s = n_sources; s < LQ_CROSSFADE_SOURCES; s++)
        lq_ramp_next (&self->gain[s]);
      if (self->fade_len > 0)
        step_fade (self);
      i++;
    }
  if (i == n)
    return;

  /* Settled: constant factors for the rest of the block. */
  for (uint32_t c = 0; c < self->channels; c++)
    {
      float *o = out[c];
      int first = 1;

      for (uint32_t s = 0; s < n_sources; s++)
        {
          float f = (float) (self->weight[s] * self->gain[s].value);
          const float *x;

          if (sources[s] == NULL || f == 0.0f)
            continue;
          x = sources[s][c];
          if (first)
            for (uint32_t k = i; k < n; k++)
              o[k] = f * x[k];
          else
            for (uint32_t k = i; k < n; k++)
              o[k] += f * x[k];
          first = 0;
        }
      if (first)
        memset (o + i, 0, (n - i) * sizeof (float));
    }
}

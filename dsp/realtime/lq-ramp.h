/* lq-ramp.h: click-free parameter changes, shared by every processor.
 *
 * A LqRamp moves a value linearly to a new target over a fixed number of
 * samples. Processors ramp gains sample by sample, and glide filter
 * parameters by recomputing coefficients every LQ_RAMP_CHUNK samples from the
 * ramped value, so any parameter change is free of clicks and the output does
 * not depend on how the stream is cut into blocks (a ramp's position is
 * counted in samples, not in calls).
 *
 * Header-only, realtime-safe: no allocation, no locks.
 */
#pragma once

#include <stdint.h>

/* Coefficient updates of gliding filters happen on this sample grid. */
#define LQ_RAMP_CHUNK 32

typedef struct
{
  double value;
  double target;
  double step;
  uint32_t remaining;
} LqRamp;

static inline void
lq_ramp_init (LqRamp *r, double value)
{
  r->value = value;
  r->target = value;
  r->step = 0.0;
  r->remaining = 0;
}

/* Heads for @target over @samples samples (0: jump at once). */
static inline void
lq_ramp_set_target (LqRamp *r, double target, uint32_t samples)
{
  r->target = target;
  if (samples == 0 || target == r->value)
    {
      r->value = target;
      r->remaining = 0;
      r->step = 0.0;
      return;
    }
  r->remaining = samples;
  r->step = (target - r->value) / (double) samples;
}

static inline int
lq_ramp_is_moving (const LqRamp *r)
{
  return r->remaining > 0;
}

/* The value for the next sample. */
static inline double
lq_ramp_next (LqRamp *r)
{
  if (r->remaining > 0)
    {
      r->remaining--;
      r->value = r->remaining == 0 ? r->target : r->value + r->step;
    }
  return r->value;
}

/* Advances @n samples at once (for parameters updated per chunk). */
static inline double
lq_ramp_advance (LqRamp *r, uint32_t n)
{
  if (r->remaining == 0)
    return r->value;
  if (n >= r->remaining)
    {
      r->remaining = 0;
      r->value = r->target;
    }
  else
    {
      r->remaining -= n;
      r->value += r->step * n;
    }
  return r->value;
}

/* Flushes denormals (and NaN) to zero: call on filter states. */
static inline double
lq_flush (double x)
{
  return (x > 1e-30 || x < -1e-30) ? x : 0.0;
}

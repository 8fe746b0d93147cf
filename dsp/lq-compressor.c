/* lq-compressor.c: feed-forward compressor (Giannoulis, Massberg, Reiss 2012).
 *
 * Three detectors run on every sample: the stereo-linked one and the mid and
 * side ones. The mode only decides which gains reach the output, through a
 * crossfade, so switching mode is click-free and finds a settled detector.
 * All state is advanced per sample in double precision: block boundaries
 * have no effect on the output.
 */
#include "lq-compressor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"

#define LEVEL_FLOOR_DB (-200.0)
#define AES17_RMS_DB 3.0102999566398120 /* 10 log10 (2) */
#define DB_TO_LN 0.11512925464970229    /* ln (10) / 20 */

enum { DET_LINK = 0, DET_MID, DET_SIDE, N_DET };

struct _LqCompressor
{
  double rate;
  uint32_t max_block;
  uint32_t glide;     /* samples */
  uint32_t xfade;     /* samples */

  /* Targets (what the setters were given, after clamping). */
  double threshold, inv_ratio, knee, makeup;
  double attack_ms, release_ms, rms_ms;
  LqCompressorDetection detection;
  LqCompressorMode mode;
  bool bypass;

  /* Derived coefficients. */
  double a_att, a_rel, a_rms;

  /* Ramped parameters. */
  LqRamp r_threshold, r_inv_ratio, r_knee, r_makeup;
  LqRamp r_ms;        /* 0 = stereo-linked, 1 = mid/side */
  LqRamp r_wet;       /* 0 = bypassed */

  /* Detector states. */
  double ms_state[4]; /* mean squares: L, R, M, S */
  double reduction[N_DET]; /* smoothed gain reduction, dB */
};

static double
clampd (double x, double lo, double hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

static double
one_pole (double rate, double ms)
{
  return exp (-1000.0 / (ms * rate));
}

static double
curve (double x, double t, double w, double inv_r)
{
  double d = x - t;

  if (w <= 0.0)
    return d <= 0.0 ? x : t + d * inv_r;
  if (2.0 * d < -w)
    return x;
  if (2.0 * d <= w)
    {
      double e = d + 0.5 * w;

      return x + (inv_r - 1.0) * e * e / (2.0 * w);
    }
  return t + d * inv_r;
}

LqCompressor *
lq_compressor_new (uint32_t sample_rate, uint32_t max_block)
{
  LqCompressor *self;

  if (sample_rate < 1000 || sample_rate > 768000 || max_block == 0)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->max_block = max_block;
  self->glide = (uint32_t) lround (LQ_COMPRESSOR_GLIDE_MS * 1e-3 * sample_rate);
  self->xfade = (uint32_t) lround (LQ_COMPRESSOR_XFADE_MS * 1e-3 * sample_rate);
  self->threshold = -18.0;
  self->inv_ratio = 0.5;
  self->knee = 6.0;
  self->makeup = 0.0;
  self->attack_ms = 10.0;
  self->release_ms = 100.0;
  self->rms_ms = 10.0;
  self->detection = LQ_COMPRESSOR_DETECT_PEAK;
  self->mode = LQ_COMPRESSOR_STEREO_LINKED;
  self->bypass = false;
  self->a_att = one_pole (self->rate, self->attack_ms);
  self->a_rel = one_pole (self->rate, self->release_ms);
  self->a_rms = one_pole (self->rate, self->rms_ms);
  lq_compressor_reset (self);
  return self;
}

void
lq_compressor_free (LqCompressor *self)
{
  free (self);
}

void
lq_compressor_reset (LqCompressor *self)
{
  lq_ramp_init (&self->r_threshold, self->threshold);
  lq_ramp_init (&self->r_inv_ratio, self->inv_ratio);
  lq_ramp_init (&self->r_knee, self->knee);
  lq_ramp_init (&self->r_makeup, self->makeup);
  lq_ramp_init (&self->r_ms, self->mode == LQ_COMPRESSOR_MID_SIDE ? 1.0 : 0.0);
  lq_ramp_init (&self->r_wet, self->bypass ? 0.0 : 1.0);
  memset (self->ms_state, 0, sizeof self->ms_state);
  memset (self->reduction, 0, sizeof self->reduction);
}

uint32_t
lq_compressor_get_latency (const LqCompressor *self)
{
  (void) self;
  return 0;
}

LqDspStatus
lq_compressor_set_threshold (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->threshold = clampd (db, LQ_COMPRESSOR_THRESHOLD_MIN, LQ_COMPRESSOR_THRESHOLD_MAX);
  lq_ramp_set_target (&self->r_threshold, self->threshold, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_ratio (LqCompressor *self, double ratio)
{
  if (isnan (ratio))
    return LQ_ERR_INVALID;
  /* 1/R glides: the slope above the knee moves linearly. */
  self->inv_ratio = 1.0 / clampd (ratio, LQ_COMPRESSOR_RATIO_MIN, LQ_COMPRESSOR_RATIO_MAX);
  lq_ramp_set_target (&self->r_inv_ratio, self->inv_ratio, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_knee (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->knee = clampd (db, 0.0, LQ_COMPRESSOR_KNEE_MAX);
  lq_ramp_set_target (&self->r_knee, self->knee, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_makeup (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->makeup = clampd (db, LQ_COMPRESSOR_MAKEUP_MIN, LQ_COMPRESSOR_MAKEUP_MAX);
  lq_ramp_set_target (&self->r_makeup, self->makeup, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_attack (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->attack_ms = clampd (ms, LQ_COMPRESSOR_ATTACK_MIN_MS, LQ_COMPRESSOR_ATTACK_MAX_MS);
  self->a_att = one_pole (self->rate, self->attack_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_release (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->release_ms = clampd (ms, LQ_COMPRESSOR_RELEASE_MIN_MS, LQ_COMPRESSOR_RELEASE_MAX_MS);
  self->a_rel = one_pole (self->rate, self->release_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_rms_window (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->rms_ms = clampd (ms, LQ_COMPRESSOR_RMS_MIN_MS, LQ_COMPRESSOR_RMS_MAX_MS);
  self->a_rms = one_pole (self->rate, self->rms_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_detection (LqCompressor *self, LqCompressorDetection detection)
{
  if (detection != LQ_COMPRESSOR_DETECT_PEAK && detection != LQ_COMPRESSOR_DETECT_RMS)
    return LQ_ERR_INVALID;
  self->detection = detection;
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_mode (LqCompressor *self, LqCompressorMode mode)
{
  if (mode != LQ_COMPRESSOR_STEREO_LINKED && mode != LQ_COMPRESSOR_MID_SIDE)
    return LQ_ERR_INVALID;
  self->mode = mode;
  lq_ramp_set_target (&self->r_ms, mode == LQ_COMPRESSOR_MID_SIDE ? 1.0 : 0.0, self->xfade);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_bypass (LqCompressor *self, bool bypass)
{
  self->bypass = bypass;
  lq_ramp_set_target (&self->r_wet, bypass ? 0.0 : 1.0, self->xfade);
  return LQ_OK;
}

double
lq_compressor_static_curve (const LqCompressor *self, double level_db)
{
  return curve (level_db, self->threshold, self->knee, self->inv_ratio);
}

double
lq_compressor_get_gain_reduction (const LqCompressor *self, uint32_t index)
{
  if (self->mode == LQ_COMPRESSOR_STEREO_LINKED)
    return self->reduction[DET_LINK];
  return self->reduction[index == 0 ? DET_MID : DET_SIDE];
}

static double
level_db (double x)
{
  return x > 1e-10 ? 20.0 * log10 (x) : LEVEL_FLOOR_DB;
}

static double
ms_level_db (double ms)
{
  return ms > 1e-20 ? 10.0 * log10 (ms) + AES17_RMS_DB : LEVEL_FLOOR_DB;
}

/* Ballistics: smooth branching detector on the gain reduction (dB). */
static double
smooth (const LqCompressor *self, double y, double x)
{
  double a = x > y ? self->a_att : self->a_rel;

  return lq_flush (a * y + (1.0 - a) * x);
}

static double
sanitize (float x)
{
  return isfinite (x) ? (double) x : 0.0;
}

LqDspStatus
lq_compressor_process (LqCompressor *self, float *const *ch, uint32_t n)
{
  float *l, *r;
  bool rms;

  if (n == 0)
    return LQ_OK;
  if (ch == NULL || ch[0] == NULL || ch[1] == NULL || n > self->max_block)
    return LQ_ERR_INVALID;

  l = ch[0];
  r = ch[1];
  rms = self->detection == LQ_COMPRESSOR_DETECT_RMS;

  for (uint32_t i = 0; i < n; i++)
    {
      double xl = sanitize (l[i]), xr = sanitize (r[i]);
      double xm = 0.5 * (xl + xr), xs = 0.5 * (xl - xr);
      double t = lq_ramp_next (&self->r_threshold);
      double inv_r = lq_ramp_next (&self->r_inv_ratio);
      double w = lq_ramp_next (&self->r_knee);
      double makeup = lq_ramp_next (&self->r_makeup);
      double mix = lq_ramp_next (&self->r_ms);
      double wet = lq_ramp_next (&self->r_wet);
      double a = self->a_rms;
      double lev[N_DET], g[N_DET], yl, yr;

      /* Mean squares always run, so switching detection finds them settled. */
      self->ms_state[0] = lq_flush (a * self->ms_state[0] + (1.0 - a) * xl * xl);
      self->ms_state[1] = lq_flush (a * self->ms_state[1] + (1.0 - a) * xr * xr);
      self->ms_state[2] = lq_flush (a * self->ms_state[2] + (1.0 - a) * xm * xm);
      self->ms_state[3] = lq_flush (a * self->ms_state[3] + (1.0 - a) * xs * xs);

      if (rms)
        {
          lev[DET_LINK] = ms_level_db (fmax (self->ms_state[0], self->ms_state[1]));
          lev[DET_MID] = ms_level_db (self->ms_state[2]);
          lev[DET_SIDE] = ms_level_db (self->ms_state[3]);
        }
      else
        {
          lev[DET_LINK] = level_db (fmax (fabs (xl), fabs (xr)));
          lev[DET_MID] = level_db (fabs (xm));
          lev[DET_SIDE] = level_db (fabs (xs));
        }

      for (int d = 0; d < N_DET; d++)
        {
          double x_l = lev[d] - curve (lev[d], t, w, inv_r);

          self->reduction[d] = smooth (self, self->reduction[d], x_l);
          g[d] = exp ((makeup - self->reduction[d]) * DB_TO_LN);
        }

      yl = xl * g[DET_LINK];
      yr = xr * g[DET_LINK];
      if (mix > 0.0)
        {
          double m = xm * g[DET_MID], s = xs * g[DET_SIDE];

          yl += mix * (m + s - yl);
          yr += mix * (m - s - yr);
        }

      l[i] = (float) (xl + wet * (yl - xl));
      r[i] = (float) (xr + wet * (yr - xr));
    }

  return LQ_OK;
}

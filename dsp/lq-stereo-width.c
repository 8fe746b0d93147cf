/* lq-stereo-width.c: mid/side width, LR4 mono bass, correlation guard.
 *
 * Filters are Zavalishin/Simper TPT state-variable filters with k = sqrt 2
 * (Butterworth): the side gets hp (hp (S)), the mid x - 2 k bp (x), the
 * allpass that LR4 low + high sum to. Both paths and the guard detectors run
 * on every sample whatever the settings, so switching is a plain crossfade
 * between settled signals and the output does not depend on block size.
 */
#include "lq-stereo-width.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"

#define SQRT2 1.4142135623730951
#define WIDTH_GLIDE_MS 20.0
#define MONO_XFADE_MS 20.0
#define FREQ_GLIDE_MS 50.0
#define BYPASS_XFADE_MS 10.0
#define GUARD_SLOW_MS 300.0
#define GUARD_FAST_MS 5.0
#define GUARD_FALL_MS 1.0
#define GUARD_RISE_MS 300.0
#define DEFAULT_MONO_HZ 120.0

typedef struct
{
  double a1, a2, a3;
} SvfCoefs;

typedef struct
{
  double ic1, ic2;
} SvfState;

struct _LqStereoWidth
{
  double rate;
  uint32_t max_block;
  uint32_t width_glide, mono_xfade, freq_glide, bypass_xfade;

  double width;
  double mono_hz;     /* last frequency set (kept while off) */
  bool mono_on;
  bool bypass;

  LqRamp r_width, r_mono, r_logf, r_wet;
  uint32_t chunk_pos;
  SvfCoefs coefs;
  SvfState hp1, hp2, ap;

  /* Guard: one-pole energies of mid and width-1 side, slow and fast. */
  double a_slow, a_fast, a_fall, a_rise;
  double em_slow, es_slow, em_fast, es_fast;
  double guard;       /* smoothed side-gain ceiling, >= 1 */
  double side_gain;
};

static double
clampd (double x, double lo, double hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

static uint32_t
ms_to_samples (double rate, double ms)
{
  return (uint32_t) lround (ms * 1e-3 * rate);
}

static void
design (SvfCoefs *c, double rate, double hz)
{
  double g = tan (M_PI * hz / rate);

  c->a1 = 1.0 / (1.0 + g * (g + SQRT2));
  c->a2 = g * c->a1;
  c->a3 = g * c->a2;
}

/* One TPT SVF step; writes band-pass and low-pass outputs. */
static inline void
svf_tick (const SvfCoefs *c, SvfState *s, double v0, double *bp, double *lp)
{
  double v3 = v0 - s->ic2;
  double v1 = c->a1 * s->ic1 + c->a2 * v3;
  double v2 = s->ic2 + c->a2 * s->ic1 + c->a3 * v3;

  s->ic1 = lq_flush (2.0 * v1 - s->ic1);
  s->ic2 = lq_flush (2.0 * v2 - s->ic2);
  *bp = v1;
  *lp = v2;
}

static inline double
svf_highpass (const SvfCoefs *c, SvfState *s, double x)
{
  double bp, lp;

  svf_tick (c, s, x, &bp, &lp);
  return x - SQRT2 * bp - lp;
}

static inline double
svf_allpass (const SvfCoefs *c, SvfState *s, double x)
{
  double bp, lp;

  svf_tick (c, s, x, &bp, &lp);
  return x - 2.0 * SQRT2 * bp;
}

static double
clamp_hz (const LqStereoWidth *self, double hz)
{
  return clampd (hz, LQ_STEREO_WIDTH_MONO_MIN_HZ,
                 fmin (LQ_STEREO_WIDTH_MONO_MAX_HZ, 0.4 * self->rate));
}

LqStereoWidth *
lq_stereo_width_new (uint32_t sample_rate, uint32_t max_block)
{
  LqStereoWidth *self;

  if (sample_rate < 8000 || sample_rate > 768000 || max_block == 0)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->max_block = max_block;
  self->width_glide = ms_to_samples (self->rate, WIDTH_GLIDE_MS);
  self->mono_xfade = ms_to_samples (self->rate, MONO_XFADE_MS);
  self->freq_glide = ms_to_samples (self->rate, FREQ_GLIDE_MS);
  self->bypass_xfade = ms_to_samples (self->rate, BYPASS_XFADE_MS);
  self->a_slow = exp (-1000.0 / (GUARD_SLOW_MS * self->rate));
  self->a_fast = exp (-1000.0 / (GUARD_FAST_MS * self->rate));
  self->a_fall = exp (-1000.0 / (GUARD_FALL_MS * self->rate));
  self->a_rise = exp (-1000.0 / (GUARD_RISE_MS * self->rate));
  self->width = 1.0;
  self->mono_hz = DEFAULT_MONO_HZ;
  self->mono_on = false;
  self->bypass = false;
  lq_stereo_width_reset (self);
  return self;
}

void
lq_stereo_width_free (LqStereoWidth *self)
{
  free (self);
}

void
lq_stereo_width_reset (LqStereoWidth *self)
{
  lq_ramp_init (&self->r_width, self->width);
  lq_ramp_init (&self->r_mono, self->mono_on ? 1.0 : 0.0);
  lq_ramp_init (&self->r_logf, log (self->mono_hz));
  lq_ramp_init (&self->r_wet, self->bypass ? 0.0 : 1.0);
  design (&self->coefs, self->rate, self->mono_hz);
  self->chunk_pos = 0;
  memset (&self->hp1, 0, sizeof self->hp1);
  memset (&self->hp2, 0, sizeof self->hp2);
  memset (&self->ap, 0, sizeof self->ap);
  self->em_slow = self->es_slow = self->em_fast = self->es_fast = 0.0;
  self->guard = 1.0;
  self->side_gain = self->width < 1.0 ? self->width : 1.0;
}

uint32_t
lq_stereo_width_get_latency (const LqStereoWidth *self)
{
  (void) self;
  return 0;
}

LqDspStatus
lq_stereo_width_set_width (LqStereoWidth *self, double width)
{
  if (isnan (width))
    return LQ_ERR_INVALID;
  self->width = clampd (width, 0.0, LQ_STEREO_WIDTH_MAX);
  lq_ramp_set_target (&self->r_width, self->width, self->width_glide);
  return LQ_OK;
}

LqDspStatus
lq_stereo_width_set_mono_below (LqStereoWidth *self, double hz)
{
  if (isnan (hz))
    return LQ_ERR_INVALID;
  if (hz <= 0.0)
    {
      self->mono_on = false;
      lq_ramp_set_target (&self->r_mono, 0.0, self->mono_xfade);
      return LQ_OK;
    }
  self->mono_hz = clamp_hz (self, hz);
  /* While fully off the filtered path is not heard: jump there. */
  lq_ramp_set_target (&self->r_logf, log (self->mono_hz),
                      self->r_mono.value == 0.0 && !lq_ramp_is_moving (&self->r_mono)
                      ? 0 : self->freq_glide);
  if (!lq_ramp_is_moving (&self->r_logf))
    design (&self->coefs, self->rate, self->mono_hz);
  self->mono_on = true;
  lq_ramp_set_target (&self->r_mono, 1.0, self->mono_xfade);
  return LQ_OK;
}

LqDspStatus
lq_stereo_width_set_bypass (LqStereoWidth *self, bool bypass)
{
  self->bypass = bypass;
  lq_ramp_set_target (&self->r_wet, bypass ? 0.0 : 1.0, self->bypass_xfade);
  return LQ_OK;
}

double
lq_stereo_width_get_side_gain (const LqStereoWidth *self)
{
  return self->side_gain;
}

static double
sanitize (float x)
{
  return isfinite (x) ? (double) x : 0.0;
}

static void
update_guard (LqStereoWidth *self, double m, double s)
{
  double m2 = m * m, s2 = s * s;
  double bound = LQ_STEREO_WIDTH_MAX * LQ_STEREO_WIDTH_MAX;
  double target, a;

  self->em_slow = lq_flush (self->a_slow * self->em_slow + (1.0 - self->a_slow) * m2);
  self->es_slow = lq_flush (self->a_slow * self->es_slow + (1.0 - self->a_slow) * s2);
  self->em_fast = lq_flush (self->a_fast * self->em_fast + (1.0 - self->a_fast) * m2);
  self->es_fast = lq_flush (self->a_fast * self->es_fast + (1.0 - self->a_fast) * s2);

  /* Allowed g^2 = max (1, margin * E_M / E_S1) on both windows. */
  if (self->es_slow * bound > self->em_slow * LQ_STEREO_WIDTH_GUARD_MARGIN)
    bound = LQ_STEREO_WIDTH_GUARD_MARGIN * self->em_slow / self->es_slow;
  if (self->es_fast * bound > self->em_fast * LQ_STEREO_WIDTH_GUARD_MARGIN)
    bound = LQ_STEREO_WIDTH_GUARD_MARGIN * self->em_fast / self->es_fast;
  target = bound > 1.0 ? sqrt (bound) : 1.0;

  a = target < self->guard ? self->a_fall : self->a_rise;
  self->guard = a * self->guard + (1.0 - a) * target;
  if (fabs (self->guard - target) < 1e-9)
    self->guard = target;  /* settle exactly (width 2 reaches exactly 2) */
  if (!(self->guard >= 1.0))  /* rounding, or NaN */
    self->guard = 1.0;
}

LqDspStatus
lq_stereo_width_process (LqStereoWidth *self, float *const *ch, uint32_t n)
{
  float *l, *r;

  if (n == 0)
    return LQ_OK;
  if (ch == NULL || ch[0] == NULL || ch[1] == NULL || n > self->max_block)
    return LQ_ERR_INVALID;
  l = ch[0];
  r = ch[1];

  for (uint32_t i = 0; i < n; i++)
    {
      double xl = sanitize (l[i]), xr = sanitize (r[i]);
      double m = 0.5 * (xl + xr), s = 0.5 * (xl - xr);
      double width, mono, wet, m_ap, s_hp, mo, so, g, yl, yr;

      if (self->chunk_pos == 0 && lq_ramp_is_moving (&self->r_logf))
        design (&self->coefs, self->rate,
                exp (lq_ramp_advance (&self->r_logf, LQ_RAMP_CHUNK)));
      self->chunk_pos = (self->chunk_pos + 1) % LQ_RAMP_CHUNK;

      width = lq_ramp_next (&self->r_width);
      mono = lq_ramp_next (&self->r_mono);
      wet = lq_ramp_next (&self->r_wet);

      m_ap = svf_allpass (&self->coefs, &self->ap, m);
      s_hp = svf_highpass (&self->coefs, &self->hp2,
                           svf_highpass (&self->coefs, &self->hp1, s));

      /* Mid and width-1 side as they will leave. */
      mo = mono > 0.0 ? m + mono * (m_ap - m) : m;
      so = mono > 0.0 ? s + mono * (s_hp - s) : s;

      update_guard (self, mo, so);
      g = width <= 1.0 ? width : fmin (width, self->guard);
      self->side_gain = g;

      if (mono == 0.0 && g == 1.0)
        {
          /* M + S = L exactly; spelled out so that width 1 stays bit-exact
           * even where (L+R)/2 would round (operands 2^29 apart). */
          yl = xl;
          yr = xr;
        }
      else
        {
          yl = mo + g * so;
          yr = mo - g * so;
        }
      l[i] = (float) (xl + wet * (yl - xl));
      r[i] = (float) (xr + wet * (yr - xr));
    }

  return LQ_OK;
}

/* lq-stereo-width.c: mid/side width, LR4 mono bass, correlation guard.
 *
 * Filters are Zavalishin/Simper TPT state-variable filters with k = sqrt 2
 * (Butterworth): the side gets hp (hp (S)), the mid x - 2 k bp (x), the
 * allpass that LR4 low + high sum to. Both paths and the guard detectors run
 * on every sample whatever the settings, so switching is a plain crossfade
 * between settled signals and the output does not depend on block size.
 *
 * Cost. Audio runs in passes that never cross the LQ_RAMP_CHUNK grid counted
 * from the last reset (where gliding filter coefficients are recomputed and
 * recursion states are flushed of denormals). Only the recursions (the three
 * filters, the four guard energies and the guard's own smoothing) run sample
 * by sample, each in its own tight loop; the guard's bound (divisions, a
 * square root), the mono mix and the output are computed per sample in
 * loops over the pass that the compiler vectorises.
 *
 * Bypass. Once the bypass crossfade has finished, a pass only replaces
 * non-finite samples by 0 and copies the input into a short history ring
 * (WARM_MS): filters and guard stop. Switching back on from there
 * (lq_stereo_width_set_bypass (false)) restarts them from reset, snaps
 * glides to their targets and runs them, without output, over that history,
 * so the 10 ms crossfade from the dry signal starts from settled filters and
 * a settled guard (see warm_up ()). The side-gain meter
 * reads 1 (the side untouched) while fully bypassed. All of it depends on
 * sample positions only: any block size gives the same output.
 */
#if defined(__GNUC__) && !defined(__clang__)
/* Selects between computed values vectorise only when the compiler may
 * assume FP operations do not trap; that changes no result. */
#pragma GCC optimize ("no-trapping-math")
#endif

#include "lq-stereo-width.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"
#include "lq-simd.h"
#include "lq-stereo-history.h"

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
#define WARM_MS 300.0     /* history replayed when switched on from bypass */
#define WARM_GUARD_MS 100.0     /* ... the guard moving over its last part only */
#define PASS LQ_RAMP_CHUNK

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

  /* The input (as given), for the warm-up after bypass: WARM_MS. */
  LqStereoHistory hist;
  uint32_t warm_guard;  /* frames of it the guard moves over, the last ones */
  bool guard_hold;      /* (warm-up: the guard stays where it is) */
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

  s->ic1 = 2.0 * v1 - s->ic1;      /* flushed on the grid */
  s->ic2 = 2.0 * v2 - s->ic2;
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
  self->warm_guard = (uint32_t) ceil (WARM_GUARD_MS * 1e-3 * sample_rate);
  if (lq_stereo_history_init (&self->hist, self->rate, WARM_MS, PASS) != LQ_OK)
    {
      lq_stereo_width_free (self);
      return NULL;
    }
  lq_stereo_width_reset (self);
  return self;
}

void
lq_stereo_width_free (LqStereoWidth *self)
{
  if (self == NULL)
    return;
  lq_stereo_history_clear (&self->hist);
  free (self);
}

static bool
fully_bypassed (const LqStereoWidth *self)
{
  return lq_stereo_history_bypass_done (&self->r_wet);
}

static void restart (LqStereoWidth *self);
static void warm_up (LqStereoWidth *self);

void
lq_stereo_width_reset (LqStereoWidth *self)
{
  restart (self);
  self->chunk_pos = 0;
  lq_stereo_history_reset (&self->hist);
}

/* Clears filters and guard and ends every glide (not the grid or history). */
static void
restart (LqStereoWidth *self)
{
  lq_ramp_init (&self->r_width, self->width);
  lq_ramp_init (&self->r_mono, self->mono_on ? 1.0 : 0.0);
  lq_ramp_init (&self->r_logf, log (self->mono_hz));
  lq_ramp_init (&self->r_wet, self->bypass ? 0.0 : 1.0);
  design (&self->coefs, self->rate, self->mono_hz);
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
  /* From fully bypassed the filters may have stopped (depending on where
   * blocks were cut): restart and warm them up in any case. */
  if (!bypass && fully_bypassed (self))
    {
      self->bypass = true;
      restart (self);
      warm_up (self);
    }
  self->bypass = bypass;
  lq_ramp_set_target (&self->r_wet, bypass ? 0.0 : 1.0, self->bypass_xfade);
  return LQ_OK;
}

double
lq_stereo_width_get_side_gain (const LqStereoWidth *self)
{
  return self->side_gain;
}

#define sanitize_v lq_stereo_history_sanitize

/* Per-sample values of @r over @m samples. */
static void
ramp_fill (LqRamp *r, double *dst, uint32_t m)
{
  if (!lq_ramp_is_moving (r))
    {
      double v = r->value;

      for (uint32_t i = 0; i < m; i++)
        dst[i] = v;
      return;
    }
  for (uint32_t i = 0; i < m; i++)
    dst[i] = lq_ramp_next (r);
}

/* One pass of @m <= PASS samples inside a grid chunk. */
LQ_SIMD_CLONES
static void
run_pass (LqStereoWidth *self, float *l, float *r, uint32_t m)
{
  double xl[PASS], xr[PASS], mo[PASS], so[PASS], g[PASS];
  double width[PASS], mono[PASS], wet[PASS];
  double ems[PASS], ess[PASS], emf[PASS], esf[PASS];

  for (uint32_t i = 0; i < m; i++)
    {
      xl[i] = sanitize_v (l[i]);
      xr[i] = sanitize_v (r[i]);
      mo[i] = 0.5 * (xl[i] + xr[i]);
      so[i] = 0.5 * (xl[i] - xr[i]);
    }
  ramp_fill (&self->r_width, width, m);
  ramp_fill (&self->r_mono, mono, m);
  ramp_fill (&self->r_wet, wet, m);

  /* The filters (always run): allpassed mid, high-passed side. */
  {
    const SvfCoefs c = self->coefs;
    SvfState ap = self->ap, hp1 = self->hp1, hp2 = self->hp2;

    for (uint32_t i = 0; i < m; i++)
      {
        double m_ap = svf_allpass (&c, &ap, mo[i]);
        double s_hp = svf_highpass (&c, &hp2, svf_highpass (&c, &hp1, so[i]));

        /* Mid and width-1 side as they will leave. */
        mo[i] = mono[i] > 0.0 ? mo[i] + mono[i] * (m_ap - mo[i]) : mo[i];
        so[i] = mono[i] > 0.0 ? so[i] + mono[i] * (s_hp - so[i]) : so[i];
      }
    self->ap = ap;
    self->hp1 = hp1;
    self->hp2 = hp2;
  }

  /* Guard: energies of the mid and the width-1 side, slow and fast. */
  {
    const double as = self->a_slow, bs = 1.0 - as, af = self->a_fast, bf = 1.0 - af;
    double e0 = self->em_slow, e1 = self->es_slow, e2 = self->em_fast, e3 = self->es_fast;

    for (uint32_t i = 0; i < m; i++)
      {
        double m2 = mo[i] * mo[i], s2 = so[i] * so[i];

        e0 = as * e0 + bs * m2;
        e1 = as * e1 + bs * s2;
        e2 = af * e2 + bf * m2;
        e3 = af * e3 + bf * s2;
        ems[i] = e0;
        ess[i] = e1;
        emf[i] = e2;
        esf[i] = e3;
      }
    self->em_slow = e0;
    self->es_slow = e1;
    self->em_fast = e2;
    self->es_fast = e3;
  }

  /* Allowed g^2 = max (1, margin * E_M / E_S1) on both windows; its root. */
  for (uint32_t i = 0; i < m; i++)
    {
      const double margin = LQ_STEREO_WIDTH_GUARD_MARGIN;
      double bound = LQ_STEREO_WIDTH_MAX * LQ_STEREO_WIDTH_MAX;
      double b_slow = margin * ems[i] / ess[i], b_fast = margin * emf[i] / esf[i];

      bound = ess[i] * bound > ems[i] * margin ? b_slow : bound;
      bound = esf[i] * bound > emf[i] * margin ? b_fast : bound;
      g[i] = bound > 1.0 ? bound : 1.0;
    }

  /* The guard follows the root of that: 1 ms down, 300 ms up. */
  if (self->guard_hold)
    for (uint32_t i = 0; i < m; i++)
      g[i] = self->guard;
  else
  {
    const double fall = self->a_fall, rise = self->a_rise;
    double guard = self->guard;

    for (uint32_t i = 0; i < m; i++)
      {
        double target = sqrt (g[i]);

        if (target < guard)
          guard = fall * guard + (1.0 - fall) * target;
        else
          guard = rise * guard + (1.0 - rise) * target;
        if (fabs (guard - target) < 1e-9)
          guard = target;       /* settle exactly (width 2 reaches exactly 2) */
        if (!(guard >= 1.0))
          guard = 1.0;          /* rounding, or NaN */
        g[i] = guard;
      }
    self->guard = guard;
  }

  for (uint32_t i = 0; i < m; i++)
    {
      double wd = width[i];
      double gi = wd <= 1.0 ? wd : (wd < g[i] ? wd : g[i]);
      /* M + S = L exactly; spelled out so that width 1 stays bit-exact even
       * where (L+R)/2 would round (operands 2^29 apart). */
      int exact = mono[i] == 0.0 && gi == 1.0;
      double yl = exact ? xl[i] : mo[i] + gi * so[i];
      double yr = exact ? xr[i] : mo[i] - gi * so[i];

      l[i] = (float) (xl[i] + wet[i] * (yl - xl[i]));
      r[i] = (float) (xr[i] + wet[i] * (yr - xr[i]));
      g[i] = gi;
    }
  self->side_gain = g[m - 1];
}

/* Before a pass at a grid point: glide the filter frequency. After one that
 * ends on it: flush the recursions of denormals. */
static void
grid_begin (LqStereoWidth *self)
{
  if (self->chunk_pos == 0 && lq_ramp_is_moving (&self->r_logf))
    design (&self->coefs, self->rate, exp (lq_ramp_advance (&self->r_logf, LQ_RAMP_CHUNK)));
}

static void
grid_end (LqStereoWidth *self, uint32_t m)
{
  self->chunk_pos += m;
  if (self->chunk_pos == PASS)
    {
      SvfState *f[3] = { &self->ap, &self->hp1, &self->hp2 };

      for (int k = 0; k < 3; k++)
        {
          f[k]->ic1 = lq_flush (f[k]->ic1);
          f[k]->ic2 = lq_flush (f[k]->ic2);
        }
      self->em_slow = lq_flush (self->em_slow);
      self->es_slow = lq_flush (self->es_slow);
      self->em_fast = lq_flush (self->em_fast);
      self->es_fast = lq_flush (self->es_fast);
      self->chunk_pos = 0;
    }
}

/* One pass of the warm-up replay; the guard lets go for the last
 * WARM_GUARD_MS. */
static void
warm_pass (void *data,
           float *l,
           float *r,
           uint32_t m,
           uint32_t done)
{
  LqStereoWidth *self = data;
  uint32_t count = self->hist.count;

  if (count < self->warm_guard || done >= count - self->warm_guard)
    self->guard_hold = false;
  grid_begin (self);
  run_pass (self, l, r, m);
  grid_end (self, m);
}

/* Runs filters and guard over the history, on the same grid, output
 * discarded. When the history reaches back to the last reset, that is the
 * state the processor would have had. Otherwise the guard, whose 300 ms
 * windows restart empty, is held at the widest bound until the last
 * WARM_GUARD_MS: by then the windows' ratio has settled, and from the top
 * the guard falls (1 ms) to the lower envelope of its bound, as a guard that
 * never stopped sits, instead of rising to it from 1 (300 ms). */
static void
warm_up (LqStereoWidth *self)
{
  const LqStereoHistory *h = &self->hist;
  bool from_reset = lq_stereo_history_from_reset (h);

  if (!from_reset)
    {
      self->guard = LQ_STEREO_WIDTH_MAX;
      self->guard_hold = true;
    }
  /* Held, the guard's passes end where it starts to move. */
  lq_stereo_history_replay (h, PASS, &self->chunk_pos,
                            from_reset ? 0 : h->count - self->warm_guard,
                            warm_pass, self);
  self->guard_hold = false;
}

void
lq_stereo_width_process (LqStereoWidth *self, float *const *ch, uint32_t n)
{
  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = PASS - self->chunk_pos;
      float *l = ch[0] + done, *r = ch[1] + done;

      if (m > n - done)
        m = n - done;

      /* History first: processing is in place. */
      lq_stereo_history_push (&self->hist, l, r, m);
      if (fully_bypassed (self))
        {
          lq_stereo_history_pass_dry (l, r, m);
          self->side_gain = 1.0;
        }
      else
        {
          grid_begin (self);
          run_pass (self, l, r, m);
        }
      grid_end (self, m);
      done += m;
    }
}

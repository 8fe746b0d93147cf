/* lq-parametric-eq.c: eight-band parametric EQ, in double precision.
 *
 * Audio runs in segments that never cross the LQ_RAMP_CHUNK grid counted
 * from the start of the stream (or the last reset). Everything that changes
 * a filter (coefficient glides, a band's structural swap, skipping silent
 * bands, flushing denormals) happens only on that grid, and everything else
 * (band fades, the bypass crossfade) moves one sample at a time; each output
 * sample is therefore the same arithmetic whatever the block size.
 *
 * A band is a cascade of up to four direct-form-I biquads (lq-biquad.h).
 * Passes of 12 N dB/oct are N Butterworth sections; bells and shelves one
 * RBJ section. A band on mid or side encodes M = (L+R)/2, S = (L-R)/2 around
 * itself and decodes L = M+S, R = M-S: exact in double for float input, so a
 * side band leaves mono audio bit for bit unchanged.
 *
 * Frequency and Q glide on a log scale and gain in dB, so a glide sounds even
 * across its range. A change of type, slope or channels cannot glide: the
 * band fades out (10 ms), swaps its structure on the next grid point with
 * clean state, and fades back in.
 *
 * Cost. A biquad recursion is latency-bound, so independent ones run in the
 * same loop: left and right together, and a band's sections two at a time
 * (one sample apart in effect, the out-of-order core overlaps them); in each
 * section the feedback term a1 y[n-1] comes last, one multiply and one
 * subtract deep. When nothing filters (fully bypassed, or no band on) and
 * no glide, fade or swap is pending, a block only has its denormals flushed
 * and is checked for non-finite samples, in one vectorised pass.
 */
#if defined(__GNUC__) && !defined(__clang__)
/* Selects between computed values vectorise only when the compiler may
 * assume FP operations do not trap; that changes no result. */
#pragma GCC optimize ("no-trapping-math")
#endif

#include "lq-parametric-eq.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-biquad.h"
#include "lq-ramp.h"

#define MAX_SECTIONS 4
#define GLIDE_SECONDS 0.03   /* frequency, gain and Q */
#define FADE_SECONDS 0.01    /* band on/off, structure swaps, bypass */

typedef struct
{
  LqEqBand target;      /* as last set (clamped) */
  LqEqBand active;      /* the structure running now: type, slope, channels */
  LqRamp log2_freq;
  LqRamp gain_db;
  LqRamp log2_q;
  LqRamp mix;           /* 0: band out (dry), 1: band in; per sample */
  bool pending;         /* a structure swap waits for the band to fade out */
  bool running;         /* filters run this chunk (decided on the grid) */
  bool dirty;           /* coefficients to recompute on the next grid point */
  uint32_t n_sections;
  LqBiquad coef[MAX_SECTIONS];
  LqBiquadState state[LQ_PEQ_CHANNELS][MAX_SECTIONS];
} Band;

struct _LqParametricEq
{
  double rate;
  uint32_t max_block;
  uint32_t glide;       /* samples */
  uint32_t fade;        /* samples */
  uint32_t phase;       /* position inside the current chunk */
  bool muted;           /* non-finite audio seen: silence until the chunk ends */
  bool eq_running;      /* false once bypass has fully faded in */
  bool bypass;
  LqRamp wet;           /* 1: EQ, 0: bypassed */
  Band band[LQ_PEQ_MAX_BANDS];
};

static uint32_t
sections_for_slope (uint32_t slope_db_oct)
{
  uint32_t s = (slope_db_oct + 6) / 12;

  return s < 1 ? 1 : s > MAX_SECTIONS ? MAX_SECTIONS : s;
}

static bool
is_pass (LqEqType type)
{
  return type == LQ_EQ_HIGH_PASS || type == LQ_EQ_LOW_PASS;
}

static bool
same_structure (const LqEqBand *a, const LqEqBand *b)
{
  return a->type == b->type && a->channels == b->channels
         && (!is_pass (a->type) || a->slope_db_oct == b->slope_db_oct);
}

/* The sections of a band of @structure at the given settings. */
static uint32_t
design (double rate, const LqEqBand *structure, double freq, double gain_db, double q,
        LqBiquad *coef)
{
  uint32_t n = 1;

  switch (structure->type)
    {
    case LQ_EQ_BELL:
      lq_biquad_bell (&coef[0], rate, freq, gain_db, q);
      break;
    case LQ_EQ_LOW_SHELF:
      lq_biquad_low_shelf (&coef[0], rate, freq, gain_db, q);
      break;
    case LQ_EQ_HIGH_SHELF:
      lq_biquad_high_shelf (&coef[0], rate, freq, gain_db, q);
      break;
    case LQ_EQ_HIGH_PASS:
    case LQ_EQ_LOW_PASS:
      n = sections_for_slope (structure->slope_db_oct);
      for (uint32_t k = 0; k < n; k++)
        {
          double qk = lq_biquad_butterworth_q (2 * n, k);

          if (structure->type == LQ_EQ_HIGH_PASS)
            lq_biquad_high_pass (&coef[k], rate, freq, qk);
          else
            lq_biquad_low_pass (&coef[k], rate, freq, qk);
        }
      break;
    default:
      lq_biquad_identity (&coef[0]);
      break;
    }
  return n;
}

static void
band_design (LqParametricEq *self, Band *b)
{
  b->n_sections = design (self->rate, &b->active,
                          exp2 (b->log2_freq.value), b->gain_db.value,
                          exp2 (b->log2_q.value), b->coef);
  b->dirty = false;
}

static void
band_clear (Band *b)
{
  memset (b->state, 0, sizeof b->state);
}

/* Jumps to the target settings: only while the band is silent (or on reset). */
static void
band_snap (LqParametricEq *self, Band *b)
{
  b->active = b->target;
  b->pending = false;
  lq_ramp_init (&b->log2_freq, log2 (b->target.freq_hz));
  lq_ramp_init (&b->gain_db, b->target.gain_db);
  lq_ramp_init (&b->log2_q, log2 (b->target.q));
  band_clear (b);
  band_design (self, b);
}

static bool
band_silent (const Band *b)
{
  return b->mix.value == 0.0 && !lq_ramp_is_moving (&b->mix);
}

LqParametricEq *
lq_parametric_eq_new (uint32_t rate, uint32_t max_block)
{
  LqParametricEq *self;

  if (rate < 8000 || rate > 768000 || max_block < 1)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = rate;
  self->max_block = max_block;
  /* Glides end on the grid, so round them to whole chunks. */
  self->glide = ((uint32_t) (GLIDE_SECONDS * rate) + LQ_RAMP_CHUNK - 1) / LQ_RAMP_CHUNK * LQ_RAMP_CHUNK;
  self->fade = (uint32_t) lround (FADE_SECONDS * rate);

  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      LqEqBand *t = &self->band[i].target;

      t->enabled = false;
      t->type = LQ_EQ_BELL;
      t->freq_hz = 1000.0;
      t->gain_db = 0.0;
      t->q = M_SQRT1_2;
      t->slope_db_oct = 12;
      t->channels = LQ_EQ_STEREO;
    }
  lq_parametric_eq_reset (self);

  return self;
}

void
lq_parametric_eq_free (LqParametricEq *self)
{
  free (self);
}

void
lq_parametric_eq_reset (LqParametricEq *self)
{
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      Band *b = &self->band[i];

      band_snap (self, b);
      lq_ramp_init (&b->mix, b->target.enabled ? 1.0 : 0.0);
      b->running = b->target.enabled;
    }
  lq_ramp_init (&self->wet, self->bypass ? 0.0 : 1.0);
  self->eq_running = !self->bypass;
  self->phase = 0;
  self->muted = false;
}

uint32_t
lq_parametric_eq_get_latency (const LqParametricEq *self)
{
  return 0;
}

LqDspStatus
lq_parametric_eq_set_band (LqParametricEq *self,
                           uint32_t index,
                           const LqEqBand *band)
{
  LqEqBand t;
  Band *b;
  double max_freq = LQ_PEQ_MAX_FREQ_RATIO * self->rate;

  if (index >= LQ_PEQ_MAX_BANDS || band == NULL
      || (unsigned) band->type > LQ_EQ_LOW_PASS
      || (unsigned) band->channels > LQ_EQ_SIDE
      || isnan (band->freq_hz) || isnan (band->gain_db) || isnan (band->q))
    return LQ_ERR_INVALID;

  t = *band;
  t.freq_hz = fmin (fmax (t.freq_hz, LQ_PEQ_MIN_FREQ), max_freq);
  t.gain_db = fmin (fmax (t.gain_db, -LQ_PEQ_MAX_GAIN_DB), LQ_PEQ_MAX_GAIN_DB);
  t.q = fmin (fmax (t.q, LQ_PEQ_MIN_Q), LQ_PEQ_MAX_Q);
  t.slope_db_oct = 12 * sections_for_slope (t.slope_db_oct);

  b = &self->band[index];
  b->target = t;

  if (band_silent (b))
    {
      /* Nothing of this band is audible: take the new settings at once
       * rather than glide from stale ones, and fade in from clean state. */
      band_snap (self, b);
      if (t.enabled)
        {
          lq_ramp_set_target (&b->mix, 1.0, self->fade);
          b->running = true;
        }
    }
  else if (same_structure (&t, &b->active))
    {
      b->pending = false;
      b->active.enabled = t.enabled;
      lq_ramp_set_target (&b->log2_freq, log2 (t.freq_hz), self->glide);
      lq_ramp_set_target (&b->gain_db, t.gain_db, self->glide);
      lq_ramp_set_target (&b->log2_q, log2 (t.q), self->glide);
      lq_ramp_set_target (&b->mix, t.enabled ? 1.0 : 0.0, self->fade);
    }
  else
    {
      /* Fade out; begin_chunk() swaps the structure once the band is silent. */
      b->pending = true;
      lq_ramp_set_target (&b->mix, 0.0, (uint32_t) ceil (b->mix.value * self->fade));
    }
  return LQ_OK;
}

void
lq_parametric_eq_get_band (const LqParametricEq *self,
                           uint32_t index,
                           LqEqBand *band)
{
  if (index < LQ_PEQ_MAX_BANDS)
    *band = self->band[index].target;
}

void
lq_parametric_eq_set_bypass (LqParametricEq *self, bool bypass)
{
  if (bypass == self->bypass)
    return;
  self->bypass = bypass;
  /* A reversal mid-fade takes the remaining distance at the same speed. */
  double dist = bypass ? self->wet.value : 1.0 - self->wet.value;
  lq_ramp_set_target (&self->wet, bypass ? 0.0 : 1.0, (uint32_t) ceil (dist * self->fade));
  if (!bypass && !self->eq_running)
    {
      /* Filters were skipped and cleared while bypassed; they restart from
       * silence, under the crossfade. */
      self->eq_running = true;
    }
}

/* Work on a grid point: glides, structure swaps, skipping silent bands. */
static void
begin_chunk (LqParametricEq *self)
{
  self->muted = false;

  if (self->wet.value == 0.0 && !lq_ramp_is_moving (&self->wet) && self->eq_running)
    {
      self->eq_running = false;
      for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
        band_clear (&self->band[i]);
    }

  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      Band *b = &self->band[i];

      if (b->pending && band_silent (b))
        {
          band_snap (self, b);
          if (b->target.enabled)
            lq_ramp_set_target (&b->mix, 1.0, self->fade);
        }

      if (lq_ramp_is_moving (&b->log2_freq) || lq_ramp_is_moving (&b->gain_db)
          || lq_ramp_is_moving (&b->log2_q))
        {
          lq_ramp_advance (&b->log2_freq, LQ_RAMP_CHUNK);
          lq_ramp_advance (&b->gain_db, LQ_RAMP_CHUNK);
          lq_ramp_advance (&b->log2_q, LQ_RAMP_CHUNK);
          b->dirty = true;
        }
      if (b->dirty)
        band_design (self, b);

      if (band_silent (b))
        {
          if (b->running)
            band_clear (b);
          b->running = false;
        }
      else
        b->running = true;
    }
}

/* Work at the end of a chunk: decaying recursions end in denormals, which
 * are slow on x86; flushing on the grid keeps the output block-size free. */
static void
end_chunk (LqParametricEq *self)
{
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      Band *b = &self->band[i];

      if (!b->running)
        continue;               /* cleared when it stopped */
      for (uint32_t c = 0; c < LQ_PEQ_CHANNELS; c++)
        for (uint32_t k = 0; k < b->n_sections; k++)
          {
            LqBiquadState *s = &b->state[c][k];

            s->x1 = lq_flush (s->x1);
            s->x2 = lq_flush (s->x2);
            s->y1 = lq_flush (s->y1);
            s->y2 = lq_flush (s->y2);
          }
    }
}

/* Direct form I, the recursive terms last: the feedback of y[n-1] is one
 * multiply and one subtract deep. */
#define DF1_TICK(bq, st, in, out)                                          \
  do {                                                                    \
    double x_ = (in);                                                     \
    (out) = (bq).b0 * x_ + (bq).b1 * (st).x1 + (bq).b2 * (st).x2          \
            - (bq).a2 * (st).y2 - (bq).a1 * (st).y1;                      \
    (st).x2 = (st).x1;                                                    \
    (st).x1 = x_;                                                         \
    (st).y2 = (st).y1;                                                    \
    (st).y1 = (out);                                                      \
  } while (0)

/* Sections @k and @k + 1 of channel @c in series over @x; two at a time so
 * that their recursions overlap. */
static void
run_two (Band *b, uint32_t c, uint32_t k, double *x, uint32_t m)
{
  const LqBiquad q0 = b->coef[k], q1 = b->coef[k + 1];
  LqBiquadState s0 = b->state[c][k], s1 = b->state[c][k + 1];

  for (uint32_t i = 0; i < m; i++)
    {
      double v, y;

      DF1_TICK (q0, s0, x[i], v);
      DF1_TICK (q1, s1, v, y);
      x[i] = y;
    }
  b->state[c][k] = s0;
  b->state[c][k + 1] = s1;
}

static void
run_one (Band *b, uint32_t c, uint32_t k, double *x, uint32_t m)
{
  const LqBiquad q0 = b->coef[k];
  LqBiquadState s0 = b->state[c][k];

  for (uint32_t i = 0; i < m; i++)
    {
      double y;

      DF1_TICK (q0, s0, x[i], y);
      x[i] = y;
    }
  b->state[c][k] = s0;
}

/* Section @k on both channels, interleaved. */
static void
run_one_stereo (Band *b, uint32_t k, double *l, double *r, uint32_t m)
{
  const LqBiquad q = b->coef[k];
  LqBiquadState sl = b->state[0][k], sr = b->state[1][k];

  for (uint32_t i = 0; i < m; i++)
    {
      double yl, yr;

      DF1_TICK (q, sl, l[i], yl);
      DF1_TICK (q, sr, r[i], yr);
      l[i] = yl;
      r[i] = yr;
    }
  b->state[0][k] = sl;
  b->state[1][k] = sr;
}

static void
run_two_stereo (Band *b, uint32_t k, double *l, double *r, uint32_t m)
{
  const LqBiquad q0 = b->coef[k], q1 = b->coef[k + 1];
  LqBiquadState sl0 = b->state[0][k], sr0 = b->state[1][k];
  LqBiquadState sl1 = b->state[0][k + 1], sr1 = b->state[1][k + 1];

  for (uint32_t i = 0; i < m; i++)
    {
      double vl, vr, yl, yr;

      DF1_TICK (q0, sl0, l[i], vl);
      DF1_TICK (q0, sr0, r[i], vr);
      DF1_TICK (q1, sl1, vl, yl);
      DF1_TICK (q1, sr1, vr, yr);
      l[i] = yl;
      r[i] = yr;
    }
  b->state[0][k] = sl0;
  b->state[1][k] = sr0;
  b->state[0][k + 1] = sl1;
  b->state[1][k + 1] = sr1;
}

/* Every section of one channel. */
static void
run_sections (Band *b, uint32_t c, double *x, uint32_t m)
{
  uint32_t k = 0;

  for (; k + 1 < b->n_sections; k += 2)
    run_two (b, c, k, x, m);
  if (k < b->n_sections)
    run_one (b, c, k, x, m);
}

static void
run_sections_stereo (Band *b, double *l, double *r, uint32_t m)
{
  uint32_t k = 0;

  for (; k + 1 < b->n_sections; k += 2)
    run_two_stereo (b, k, l, r, m);
  if (k < b->n_sections)
    run_one_stereo (b, k, l, r, m);
}

static void
run_band (Band *b, double *l, double *r, uint32_t m)
{
  double f[2][LQ_RAMP_CHUNK];
  bool full = b->mix.value == 1.0 && !lq_ramp_is_moving (&b->mix);

  if (b->active.channels == LQ_EQ_STEREO)
    {
      if (full)
        {
          run_sections_stereo (b, l, r, m);
          return;
        }
      memcpy (f[0], l, m * sizeof (double));
      memcpy (f[1], r, m * sizeof (double));
      run_sections_stereo (b, f[0], f[1], m);
      for (uint32_t i = 0; i < m; i++)
        {
          double g = lq_ramp_next (&b->mix);

          l[i] += g * (f[0][i] - l[i]);
          r[i] += g * (f[1][i] - r[i]);
        }
      return;
    }

  /* f[0]: the filtered component (mid or side); f[1]: the other one. */
  bool mid = b->active.channels == LQ_EQ_MID;

  for (uint32_t i = 0; i < m; i++)
    {
      double ms = 0.5 * (l[i] + r[i]), ss = 0.5 * (l[i] - r[i]);

      f[0][i] = mid ? ms : ss;
      f[1][i] = mid ? ss : ms;
    }
  if (full)
    run_sections (b, 0, f[0], m);
  else
    {
      /* Keep the unfiltered component in l for the fade. */
      memcpy (l, f[0], m * sizeof (double));
      run_sections (b, 0, f[0], m);
      for (uint32_t i = 0; i < m; i++)
        {
          double g = lq_ramp_next (&b->mix);

          f[0][i] = l[i] + g * (f[0][i] - l[i]);
        }
    }
  if (mid)
    for (uint32_t i = 0; i < m; i++)
      {
        l[i] = f[0][i] + f[1][i];
        r[i] = f[0][i] - f[1][i];
      }
  else
    for (uint32_t i = 0; i < m; i++)
      {
        l[i] = f[1][i] + f[0][i];
        r[i] = f[1][i] - f[0][i];
      }
}

static void
skip_ramps (LqParametricEq *self, uint32_t m)
{
  /* Step per sample, as processing would: lq_ramp_advance() rounds
   * differently. A ramp that does not move stays as it is. */
  if (lq_ramp_is_moving (&self->wet))
    for (uint32_t i = 0; i < m; i++)
      lq_ramp_next (&self->wet);
  for (uint32_t j = 0; j < LQ_PEQ_MAX_BANDS; j++)
    if (lq_ramp_is_moving (&self->band[j].mix))
      for (uint32_t i = 0; i < m; i++)
        lq_ramp_next (&self->band[j].mix);
}

/* Whether any of @m samples is NaN or infinite. */
static bool
any_non_finite (const double *l, const double *r, uint32_t m)
{
  int bad = 0;

  for (uint32_t i = 0; i < m; i++)
    bad |= !(fabs (l[i]) <= DBL_MAX) | !(fabs (r[i]) <= DBL_MAX);
  return bad != 0;
}

/* The same for float input. */
static bool
any_non_finite_f (const float *l, const float *r, uint32_t m)
{
  int bad = 0;

  for (uint32_t i = 0; i < m; i++)
    bad |= !(fabsf (l[i]) <= FLT_MAX) | !(fabsf (r[i]) <= FLT_MAX);
  return bad != 0;
}

/* Nothing is filtered (every band out and the EQ fully in, or fully
 * bypassed): the input, flushed, is the output. */
static bool
is_passthrough (const LqParametricEq *self)
{
  if (self->eq_running && (self->wet.value != 1.0 || lq_ramp_is_moving (&self->wet)))
    return false;
  if (!self->eq_running)
    return true;
  for (uint32_t j = 0; j < LQ_PEQ_MAX_BANDS; j++)
    if (self->band[j].running)
      return false;
  return true;
}

static void
run_segment (LqParametricEq *self, float *l_out, float *r_out, uint32_t m)
{
  double l[LQ_RAMP_CHUNK], r[LQ_RAMP_CHUNK];
  double dl[LQ_RAMP_CHUNK], dr[LQ_RAMP_CHUNK];
  uint32_t bad = m;

  if (self->muted)
    {
      /* Non-finite audio earlier in this chunk: stay silent and keep the
       * filters clear to the grid point, whatever the block size. */
      skip_ramps (self, m);
      memset (l_out, 0, m * sizeof (float));
      memset (r_out, 0, m * sizeof (float));
      return;
    }

  if (is_passthrough (self) && !any_non_finite_f (l_out, r_out, m))
    {
      /* What the full path gives when nothing filters: denormals (and
       * anything below 1e-30) flushed, the rest bit for bit. */
      if (!self->eq_running)
        skip_ramps (self, m);
      /* ((double) x > 1e-30 exactly when x >= (float) 1e-30, which is
       * above 1e-30.) */
      for (uint32_t i = 0; i < m; i++)
        {
          l_out[i] = fabsf (l_out[i]) >= 1e-30f ? l_out[i] : 0.0f;
          r_out[i] = fabsf (r_out[i]) >= 1e-30f ? r_out[i] : 0.0f;
        }
      return;
    }

  for (uint32_t i = 0; i < m; i++)
    {
      dl[i] = l[i] = l_out[i];
      dr[i] = r[i] = r_out[i];
    }

  if (self->eq_running)
    {
      for (uint32_t j = 0; j < LQ_PEQ_MAX_BANDS; j++)
        if (self->band[j].running)
          run_band (&self->band[j], l, r, m);
    }

  if (self->eq_running && self->wet.value == 1.0 && !lq_ramp_is_moving (&self->wet))
    ;
  else if (!self->eq_running)
    {
      /* Fully bypassed: band fades and swaps still move on, unheard. */
      skip_ramps (self, m);
    }
  else
    for (uint32_t i = 0; i < m; i++)
      {
        double w = lq_ramp_next (&self->wet);

        l[i] = dl[i] + w * (l[i] - dl[i]);
        r[i] = dr[i] + w * (r[i] - dr[i]);
      }

  if (any_non_finite (l, r, m))
    for (uint32_t i = 0; i < m; i++)
      if (!isfinite (l[i]) || !isfinite (r[i]))
        {
          bad = i;
          break;
        }

  for (uint32_t i = 0; i < bad; i++)
    {
      /* A denormal handed on would slow down the next processor. */
      l_out[i] = (float) (fabs (l[i]) > 1e-30 ? l[i] : 0.0);
      r_out[i] = (float) (fabs (r[i]) > 1e-30 ? r[i] : 0.0);
    }

  if (bad < m)
    {
      memset (l_out + bad, 0, (m - bad) * sizeof (float));
      memset (r_out + bad, 0, (m - bad) * sizeof (float));
      for (uint32_t j = 0; j < LQ_PEQ_MAX_BANDS; j++)
        band_clear (&self->band[j]);
      self->muted = true;
    }
}

/* Nothing filters and nothing will change on the grid points ahead (no
 * glide, fade, swap or mute pending): begin_chunk () and end_chunk () would
 * do nothing, so whole blocks can pass at once. */
static bool
is_static_passthrough (const LqParametricEq *self)
{
  if (self->muted || lq_ramp_is_moving (&self->wet)
      || self->wet.value != (self->eq_running ? 1.0 : 0.0))
    return false;
  for (uint32_t j = 0; j < LQ_PEQ_MAX_BANDS; j++)
    {
      const Band *b = &self->band[j];

      if ((self->eq_running && b->running) || b->pending || b->dirty
          || lq_ramp_is_moving (&b->mix) || lq_ramp_is_moving (&b->log2_freq)
          || lq_ramp_is_moving (&b->gain_db) || lq_ramp_is_moving (&b->log2_q))
        return false;
    }
  return true;
}

void
lq_parametric_eq_process (LqParametricEq *self, float *const *ch, uint32_t n)
{
  if (is_static_passthrough (self) && !any_non_finite_f (ch[0], ch[1], n))
    {
      /* As run_segment () would, chunk by chunk. */
      for (uint32_t i = 0; i < n; i++)
        {
          ch[0][i] = fabsf (ch[0][i]) >= 1e-30f ? ch[0][i] : 0.0f;
          ch[1][i] = fabsf (ch[1][i]) >= 1e-30f ? ch[1][i] : 0.0f;
        }
      self->phase = (uint32_t) ((self->phase + (uint64_t) n) % LQ_RAMP_CHUNK);
      return;
    }

  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = LQ_RAMP_CHUNK - self->phase;

      if (m > n - done)
        m = n - done;
      if (self->phase == 0)
        begin_chunk (self);

      run_segment (self, ch[0] + done, ch[1] + done, m);

      self->phase += m;
      if (self->phase == LQ_RAMP_CHUNK)
        {
          end_chunk (self);
          self->phase = 0;
        }
      done += m;
    }
}

double
lq_parametric_eq_response_db (const LqParametricEq *self,
                              double freq_hz,
                              LqEqChannels which)
{
  double db = 0.0;

  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      const LqEqBand *t = &self->band[i].target;
      LqBiquad coef[MAX_SECTIONS];
      uint32_t n;

      if (!t->enabled || (t->channels != LQ_EQ_STEREO && t->channels != which))
        continue;
      n = design (self->rate, t, t->freq_hz, t->gain_db, t->q, coef);
      for (uint32_t k = 0; k < n; k++)
        db += 10.0 * log10 (lq_biquad_power (&coef[k], self->rate, freq_hz));
    }
  return db;
}

bool
lq_parametric_eq_is_idle (const LqParametricEq *self)
{
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      const Band *b = &self->band[i];

      for (uint32_t c = 0; c < LQ_PEQ_CHANNELS; c++)
        for (uint32_t k = 0; k < MAX_SECTIONS; k++)
          {
            const LqBiquadState *s = &b->state[c][k];

            if (s->x1 != 0.0 || s->x2 != 0.0 || s->y1 != 0.0 || s->y2 != 0.0)
              return false;
          }
    }
  return true;
}

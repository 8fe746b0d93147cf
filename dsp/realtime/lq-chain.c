/* lq-chain.c: the mastering chain. */
#include "lq-chain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-limiter.h"
#include "lq-ramp.h"
#include "lq-stereo-width.h"

struct _LqChain
{
  uint32_t rate;
  uint32_t max_block;
  uint32_t ramp_samples;

  LqRamp input_trim;
  LqParametricEq *eq;
  LqMatchEq *match_eq;
  LqCompressor *compressor;
  LqStereoWidth *width;
  LqRamp match_gain;
  LqParametricEq *bus_eq;
  LqCompressor *bus_compressor;
  LqLimiter *limiter;

  LqChainSettings settings;
};

struct _LqChainUpdate
{
  LqChainSettings settings;
  LqMatchEqKernel *kernel;    /* the settings' match-EQ curve; NULL: rejected */
};

/* The arguments of lq_match_eq_set_curve() / lq_match_eq_design() for the
 * match-EQ curve of some settings (no band: flat). */
typedef struct
{
  const double *centres;
  uint32_t n_bands;
  const double *mid_db;
  const double *side_db;
  double strength;
  double cap_db;
} MatchCurve;

static const double flat_centre = 1000.0;

static void
match_curve_of (const LqChainSettings *s, MatchCurve *c)
{
  if (s->match_n_bands == 0)
    *c = (MatchCurve) { &flat_centre, 1, NULL, NULL, 0.0, 0.0 };
  else
    *c = (MatchCurve) { s->match_centres, s->match_n_bands, s->match_mid_db, s->match_side_db,
                        s->match_strength, s->match_cap_db };
}

static double
clamp_gain_db (double db)
{
  if (db < LQ_CHAIN_GAIN_MIN_DB)
    return LQ_CHAIN_GAIN_MIN_DB;
  if (db > LQ_CHAIN_GAIN_MAX_DB)
    return LQ_CHAIN_GAIN_MAX_DB;
  return db;
}

static double
db_to_linear (double db)
{
  return pow (10.0, clamp_gain_db (db) / 20.0);
}

static void
compressor_defaults (LqChainCompressor *c)
{
  c->enabled = false;
  c->threshold_db = -18.0;
  c->ratio = 2.0;
  c->knee_db = 6.0;
  c->attack_ms = 10.0;
  c->release_ms = 100.0;
  c->makeup_db = 0.0;
  c->detection = LQ_COMPRESSOR_DETECT_PEAK;
  c->mode = LQ_COMPRESSOR_STEREO_LINKED;
}

void
lq_chain_settings_init (LqChainSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->input_trim_db = 0.0;
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      LqEqBand *bands[2] = { &settings->eq[i], &settings->bus_eq[i] };

      for (uint32_t j = 0; j < 2; j++)
        {
          bands[j]->enabled = false;
          bands[j]->type = LQ_EQ_BELL;
          bands[j]->freq_hz = 1000.0;
          bands[j]->gain_db = 0.0;
          bands[j]->q = 0.707;
          bands[j]->slope_db_oct = 12;
          bands[j]->channels = LQ_EQ_STEREO;
        }
    }
  settings->match_eq_enabled = false;
  settings->match_n_bands = 0;
  settings->match_strength = 1.0;
  settings->match_cap_db = LQ_MATCH_EQ_DEFAULT_CAP_DB;
  compressor_defaults (&settings->compressor);
  settings->width_enabled = false;
  settings->width = 1.0;
  settings->mono_below_hz = 0.0;
  settings->match_gain_db = 0.0;
  compressor_defaults (&settings->bus_compressor);
  settings->limiter_enabled = false;
  settings->limiter_ceiling_dbtp = -1.0;
  settings->limiter_release_ms = 100.0;
  settings->limiter_auto_release = false;
}

LqChain *
lq_chain_new (uint32_t rate,
              uint32_t max_block)
{
  LqChain *self;
  LqChainSettings neutral;

  if (rate < 8000 || rate > 768000 || max_block == 0)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->rate = rate;
  self->max_block = max_block;
  self->ramp_samples = (uint32_t) lround (LQ_CHAIN_GAIN_RAMP_MS * 1e-3 * rate);
  lq_ramp_init (&self->input_trim, 1.0);
  lq_ramp_init (&self->match_gain, 1.0);

  self->eq = lq_parametric_eq_new (rate, max_block);
  self->match_eq = lq_match_eq_new (rate, LQ_CHAIN_CHANNELS, max_block);
  self->compressor = lq_compressor_new (rate, max_block);
  self->width = lq_stereo_width_new (rate, max_block);
  self->bus_eq = lq_parametric_eq_new (rate, max_block);
  self->bus_compressor = lq_compressor_new (rate, max_block);
  self->limiter = lq_limiter_new (rate, LQ_CHAIN_CHANNELS, max_block);
  if (self->eq == NULL || self->match_eq == NULL || self->compressor == NULL
      || self->width == NULL || self->bus_eq == NULL || self->bus_compressor == NULL
      || self->limiter == NULL)
    {
      lq_chain_free (self);
      return NULL;
    }

  /* The first apply_settings() must touch every processor. */
  memset (&self->settings, 0xff, sizeof self->settings);
  lq_chain_settings_init (&neutral);
  if (lq_chain_apply_settings (self, &neutral) != LQ_OK)
    {
      lq_chain_free (self);
      return NULL;
    }
  lq_chain_reset (self);
  return self;
}

void
lq_chain_free (LqChain *self)
{
  if (self == NULL)
    return;
  lq_parametric_eq_free (self->eq);
  lq_match_eq_free (self->match_eq);
  lq_compressor_free (self->compressor);
  lq_stereo_width_free (self->width);
  lq_parametric_eq_free (self->bus_eq);
  lq_compressor_free (self->bus_compressor);
  lq_limiter_free (self->limiter);
  free (self);
}

static LqDspStatus
apply_compressor (LqCompressor *c,
                  const LqChainCompressor *s)
{
  LqDspStatus st = LQ_OK;

  /* Each setter rejects NaN; keep the first error, apply the rest. */
#define TRY(call) do { LqDspStatus r_ = (call); if (st == LQ_OK) st = r_; } while (0)
  TRY (lq_compressor_set_threshold (c, s->threshold_db));
  TRY (lq_compressor_set_ratio (c, s->ratio));
  TRY (lq_compressor_set_knee (c, s->knee_db));
  TRY (lq_compressor_set_attack (c, s->attack_ms));
  TRY (lq_compressor_set_release (c, s->release_ms));
  TRY (lq_compressor_set_makeup (c, s->makeup_db));
  TRY (lq_compressor_set_detection (c, s->detection));
  TRY (lq_compressor_set_mode (c, s->mode));
  TRY (lq_compressor_set_bypass (c, !s->enabled));
#undef TRY
  return st;
}

static LqDspStatus
apply_eq (LqParametricEq *eq,
          const LqEqBand *bands)
{
  LqDspStatus st = LQ_OK;

  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      LqDspStatus r = lq_parametric_eq_set_band (eq, i, &bands[i]);

      if (st == LQ_OK)
        st = r;
    }
  return st;
}

static bool
match_curve_changed (const LqChainSettings *a,
                     const LqChainSettings *b)
{
  size_t n = b->match_n_bands * sizeof (double);

  return a->match_n_bands != b->match_n_bands
         || a->match_strength != b->match_strength
         || a->match_cap_db != b->match_cap_db
         || memcmp (a->match_centres, b->match_centres, n) != 0
         || memcmp (a->match_mid_db, b->match_mid_db, n) != 0
         || memcmp (a->match_side_db, b->match_side_db, n) != 0;
}

static void
copy_match_curve (LqChainSettings *dst,
                  const LqChainSettings *src)
{
  dst->match_n_bands = src->match_n_bands;
  memcpy (dst->match_centres, src->match_centres, sizeof dst->match_centres);
  memcpy (dst->match_mid_db, src->match_mid_db, sizeof dst->match_mid_db);
  memcpy (dst->match_side_db, src->match_side_db, sizeof dst->match_side_db);
  dst->match_strength = src->match_strength;
  dst->match_cap_db = src->match_cap_db;
}

/* Settings from apply_settings() (@kernel NULL, @design true: a changed
 * match-EQ curve is designed here) or apply_update() (@kernel designed for
 * the settings' curve, @design false). */
static LqDspStatus
apply (LqChain *self,
       const LqChainSettings *s,
       const LqMatchEqKernel *kernel,
       bool design)
{
  LqDspStatus st = LQ_OK;
  LqDspStatus r;
  bool curve_rejected = false;

  if (self == NULL || s == NULL || isnan (s->input_trim_db) || isnan (s->match_gain_db)
      || s->match_n_bands > LQ_MATCH_EQ_MAX_BANDS)
    return LQ_ERR_INVALID;

  lq_ramp_set_target (&self->input_trim, db_to_linear (s->input_trim_db), self->ramp_samples);
  lq_ramp_set_target (&self->match_gain, db_to_linear (s->match_gain_db), self->ramp_samples);

  r = apply_eq (self->eq, s->eq);
  if (st == LQ_OK)
    st = r;
  /* Bypass when no band is on costs nothing and keeps the path exact. */
  lq_parametric_eq_set_bypass (self->eq, false);

  if (match_curve_changed (&self->settings, s))
    {
      MatchCurve c;

      match_curve_of (s, &c);
      if (kernel != NULL)
        r = lq_match_eq_set_kernel (self->match_eq, kernel);
      else if (design)
        r = lq_match_eq_set_curve (self->match_eq, c.centres, c.n_bands, c.mid_db, c.side_db,
                                   c.strength, c.cap_db);
      else
        r = LQ_ERR_INVALID;     /* a curve the designer rejected */
      curve_rejected = r != LQ_OK;
      if (st == LQ_OK)
        st = r;
    }
  lq_match_eq_set_bypass (self->match_eq, !s->match_eq_enabled);

  r = apply_compressor (self->compressor, &s->compressor);
  if (st == LQ_OK)
    st = r;

  r = lq_stereo_width_set_width (self->width, s->width);
  if (st == LQ_OK)
    st = r;
  r = lq_stereo_width_set_mono_below (self->width, s->mono_below_hz);
  if (st == LQ_OK)
    st = r;
  lq_stereo_width_set_bypass (self->width, !s->width_enabled);

  r = apply_eq (self->bus_eq, s->bus_eq);
  if (st == LQ_OK)
    st = r;
  lq_parametric_eq_set_bypass (self->bus_eq, false);

  r = apply_compressor (self->bus_compressor, &s->bus_compressor);
  if (st == LQ_OK)
    st = r;

  if (isnan (s->limiter_ceiling_dbtp) || isnan (s->limiter_release_ms))
    st = LQ_ERR_INVALID;
  else
    {
      lq_limiter_set_ceiling_dbtp (self->limiter, s->limiter_ceiling_dbtp);
      lq_limiter_set_release_ms (self->limiter, s->limiter_release_ms);
      lq_limiter_set_auto_release (self->limiter, s->limiter_auto_release);
    }
  lq_limiter_set_bypass (self->limiter, !s->limiter_enabled);

  if (curve_rejected)
    {
      /* The curve accepted before stays, and is what the next settings are
       * compared with (a kernel refused for its rate is not the curve). */
      LqChainSettings accepted = *s;

      copy_match_curve (&accepted, &self->settings);
      self->settings = accepted;
    }
  else
    self->settings = *s;
  return st;
}

LqDspStatus
lq_chain_apply_settings (LqChain *self,
                         const LqChainSettings *settings)
{
  return apply (self, settings, NULL, true);
}

LqDspStatus
lq_chain_apply_update (LqChain *self,
                       const LqChainUpdate *update)
{
  if (update == NULL)
    return LQ_ERR_INVALID;
  return apply (self, &update->settings, update->kernel, false);
}

LqChainUpdate *
lq_chain_update_new (LqMatchEqDesigner *designer,
                     const LqChainSettings *settings)
{
  LqChainUpdate *self;

  if (designer == NULL || settings == NULL)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->settings = *settings;
  if (settings->match_n_bands <= LQ_MATCH_EQ_MAX_BANDS)
    {
      MatchCurve c;

      match_curve_of (settings, &c);
      if (lq_match_eq_design (designer, c.centres, c.n_bands, c.mid_db, c.side_db,
                              c.strength, c.cap_db, &self->kernel) == LQ_ERR_NOMEM)
        {
          free (self);
          return NULL;
        }
    }
  return self;
}

void
lq_chain_update_free (LqChainUpdate *self)
{
  if (self == NULL)
    return;
  lq_match_eq_kernel_unref (self->kernel);
  free (self);
}

void
lq_chain_update_destroy (void *update)
{
  lq_chain_update_free (update);
}

const LqChainSettings *
lq_chain_update_get_settings (const LqChainUpdate *self)
{
  return &self->settings;
}

void
lq_chain_reset (LqChain *self)
{
  lq_ramp_init (&self->input_trim, self->input_trim.target);
  lq_ramp_init (&self->match_gain, self->match_gain.target);
  lq_parametric_eq_reset (self->eq);
  lq_match_eq_reset (self->match_eq);
  lq_compressor_reset (self->compressor);
  lq_stereo_width_reset (self->width);
  lq_parametric_eq_reset (self->bus_eq);
  lq_compressor_reset (self->bus_compressor);
  lq_limiter_reset (self->limiter);
}

uint32_t
lq_chain_get_latency (const LqChain *self)
{
  return lq_parametric_eq_get_latency (self->eq)
         + lq_match_eq_get_latency (self->match_eq)
         + lq_compressor_get_latency (self->compressor)
         + lq_stereo_width_get_latency (self->width)
         + lq_parametric_eq_get_latency (self->bus_eq)
         + lq_compressor_get_latency (self->bus_compressor)
         + lq_limiter_get_latency (self->limiter);
}

static void
apply_gain (LqRamp *ramp,
            float *const *ch,
            uint32_t n)
{
  if (!lq_ramp_is_moving (ramp))
    {
      float g = (float) ramp->value;

      if (g == 1.0f)
        return;
      for (uint32_t c = 0; c < LQ_CHAIN_CHANNELS; c++)
        for (uint32_t i = 0; i < n; i++)
          ch[c][i] *= g;
      return;
    }
  for (uint32_t i = 0; i < n; i++)
    {
      float g = (float) lq_ramp_next (ramp);

      ch[0][i] *= g;
      ch[1][i] *= g;
    }
}

void
lq_chain_process (LqChain *self,
                  float *const *ch,
                  uint32_t n)
{
  uint32_t done = 0;

  while (done < n)
    {
      uint32_t len = n - done < self->max_block ? n - done : self->max_block;
      float *const block[LQ_CHAIN_CHANNELS] = { ch[0] + done, ch[1] + done };

      apply_gain (&self->input_trim, block, len);
      lq_parametric_eq_process (self->eq, block, len);
      lq_match_eq_process (self->match_eq, block, len);
      lq_compressor_process (self->compressor, block, len);
      lq_stereo_width_process (self->width, block, len);
      apply_gain (&self->match_gain, block, len);
      lq_parametric_eq_process (self->bus_eq, block, len);
      lq_compressor_process (self->bus_compressor, block, len);
      lq_limiter_process (self->limiter, block, len);
      done += len;
    }
}

/* lq-match-eq-designer.c: the match EQ's filter design (see the header and
 * lq-match-eq.c for the sizes). */
#include "lq-match-eq-designer.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lq-match-eq.h"
#include "lq-match-eq-private.h"

typedef struct
{
  LqMatchEqKernel *kernel;
  uint32_t n_bands;
  bool has[2];
  double centres[LQ_MATCH_EQ_MAX_BANDS];
  double db[2][LQ_MATCH_EQ_MAX_BANDS];
  double strength;
  double cap_db;
  bool used;       /* asked for in the current round */
} Cached;

struct _LqMatchEqDesigner
{
  LqMatchEqGeometry geo;

  /* Buffers and plans of this designer only. */
  double *tin;              /* F = 2B */
  fftw_complex *spec;       /* B + 1 */
  fftw_complex *dspec;      /* D / 2 + 1 */
  double *dtime;            /* D */
  fftw_plan fwd, design;
  double *win;              /* L = T - 1 */
  double *h;                /* T */

  /* Kernels made and what they were made from: the last round's (see
   * the header), or the last one outside rounds. */
  Cached *cache;
  uint32_t n_cache, cache_size;
  bool in_round;
  uint64_t n_designs;
};

bool
_lq_match_eq_geometry (uint32_t rate, LqMatchEqGeometry *geo)
{
  if (rate < 8000 || rate > 768000)
    return false;
  geo->rate = rate;
  geo->t = 8192;
  while (geo->t < 8192u * (rate / 50000 + 1) && geo->t < 65536)
    geo->t *= 2;
  geo->b = geo->t / LQ_MATCH_EQ_N_PART;
  geo->centre = geo->t / 2 - 1;
  geo->d = 2 * geo->t;
  geo->bins = geo->b + 1;
  return true;
}

const LqMatchEqGeometry *
_lq_match_eq_designer_get_geometry (const LqMatchEqDesigner *self)
{
  return &self->geo;
}

LqMatchEqDesigner *
lq_match_eq_designer_new (uint32_t sample_rate)
{
  LqMatchEqDesigner *self;
  uint32_t taps, f;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  if (!_lq_match_eq_geometry (sample_rate, &self->geo))
    {
      free (self);
      return NULL;
    }
  taps = self->geo.t - 1;
  f = 2 * self->geo.b;

  self->tin = lq_fft_malloc (f * sizeof (double));
  self->spec = lq_fft_malloc (self->geo.bins * sizeof (fftw_complex));
  self->dspec = lq_fft_malloc ((self->geo.d / 2 + 1) * sizeof (fftw_complex));
  self->dtime = lq_fft_malloc (self->geo.d * sizeof (double));
  self->win = malloc (taps * sizeof (double));
  self->h = malloc (self->geo.t * sizeof (double));
  if (self->tin == NULL || self->spec == NULL || self->dspec == NULL || self->dtime == NULL
      || self->win == NULL || self->h == NULL)
    {
      lq_match_eq_designer_free (self);
      return NULL;
    }

  /* Hann over the L taps, 1 at the centre, nonzero at both ends. */
  for (uint32_t k = 0; k < taps; k++)
    self->win[k] = 0.5 - 0.5 * cos (2.0 * M_PI * (k + 1.0) / (taps + 1.0));

  self->fwd = lq_fft_plan_r2c ((int) f, self->tin, self->spec, 0);
  self->design = lq_fft_plan_c2r ((int) self->geo.d, self->dspec, self->dtime, 0);
  if (self->fwd == NULL || self->design == NULL)
    {
      lq_match_eq_designer_free (self);
      return NULL;
    }
  return self;
}

void
lq_match_eq_designer_free (LqMatchEqDesigner *self)
{
  if (self == NULL)
    return;
  lq_fft_destroy_plan (self->fwd);
  lq_fft_destroy_plan (self->design);
  lq_fft_free (self->tin);
  lq_fft_free (self->spec);
  lq_fft_free (self->dspec);
  lq_fft_free (self->dtime);
  free (self->win);
  free (self->h);
  for (uint32_t i = 0; i < self->n_cache; i++)
    lq_match_eq_kernel_unref (self->cache[i].kernel);
  free (self->cache);
  free (self);
}

/* Designs the filter for @eff (already scaled and capped; NULL = flat) into
 * @dst, K partitions spectra with the 1/F of the inverse FFT folded in. */
static void
design_filter (LqMatchEqDesigner *self,
               const double *centres,
               uint32_t n_bands,
               const double *eff,
               fftw_complex *dst)
{
  const LqMatchEqGeometry *g = &self->geo;
  uint32_t half = g->d / 2, taps = g->t - 1, f = 2 * g->b;
  double inv_d = 1.0 / g->d, inv_f = 1.0 / f;

  for (uint32_t k = 0; k <= half; k++)
    {
      double freq = (double) k * g->rate / g->d;
      double gain = eff != NULL
        ? pow (10.0, lq_match_eq_interpolate (centres, eff, n_bands, freq) / 20.0)
        : 1.0;

      self->dspec[k][0] = gain;
      self->dspec[k][1] = 0.0;
    }
  fftw_execute (self->design);

  for (uint32_t k = 0; k < taps; k++)
    {
      uint32_t idx = (k + g->d - g->centre) % g->d;

      self->h[k] = self->dtime[idx] * inv_d * self->win[k];
    }
  self->h[taps] = 0.0;

  for (uint32_t p = 0; p < LQ_MATCH_EQ_N_PART; p++)
    {
      memcpy (self->tin, self->h + p * g->b, g->b * sizeof (double));
      memset (self->tin + g->b, 0, g->b * sizeof (double));
      fftw_execute (self->fwd);
      for (uint32_t k = 0; k < g->bins; k++)
        {
          dst[p * g->bins + k][0] = self->spec[k][0] * inv_f;
          dst[p * g->bins + k][1] = self->spec[k][1] * inv_f;
        }
    }
}

void
_lq_match_eq_designer_flat (LqMatchEqDesigner *self, fftw_complex *dst)
{
  design_filter (self, NULL, 0, NULL, dst);
}

static bool
bands_valid (const double *centres, uint32_t n_bands)
{
  if (n_bands == 0 || n_bands > LQ_MATCH_EQ_MAX_BANDS || centres == NULL)
    return false;
  for (uint32_t b = 0; b < n_bands; b++)
    if (!(centres[b] > 0.0) || !isfinite (centres[b]) || (b > 0 && !(centres[b] > centres[b - 1])))
      return false;
  return true;
}

LqDspStatus
_lq_match_eq_designer_run (LqMatchEqDesigner *self,
                           const double *centres,
                           uint32_t n_bands,
                           const double *mid_db,
                           const double *side_db,
                           double strength,
                           double cap_db,
                           fftw_complex *const *dst)
{
  double eff[LQ_MATCH_EQ_MAX_BANDS];
  double zero[LQ_MATCH_EQ_MAX_BANDS] = { 0 };
  const double *src[2] = { mid_db, side_db };

  if (!bands_valid (centres, n_bands))
    return LQ_ERR_INVALID;
  for (uint32_t c = 0; c < 2; c++)
    {
      lq_match_eq_correction (src[c] != NULL ? src[c] : zero, zero, n_bands,
                              strength, cap_db, eff);
      design_filter (self, centres, n_bands, eff, dst[c]);
    }
  return LQ_OK;
}

static bool
same_as (const Cached *c,
         const double *centres,
         uint32_t n_bands,
         const double *const *src,
         double strength,
         double cap_db)
{
  size_t n = n_bands * sizeof (double);

  if (c->n_bands != n_bands
      || memcmp (&c->strength, &strength, sizeof strength) != 0
      || memcmp (&c->cap_db, &cap_db, sizeof cap_db) != 0
      || memcmp (c->centres, centres, n) != 0)
    return false;
  for (int k = 0; k < 2; k++)
    if (c->has[k] != (src[k] != NULL)
        || (src[k] != NULL && memcmp (c->db[k], src[k], n) != 0))
      return false;
  return true;
}

/* Drops the kernels not asked for (outside a round: all but @keep). */
static void
drop_unused (LqMatchEqDesigner *self)
{
  uint32_t kept = 0;

  for (uint32_t i = 0; i < self->n_cache; i++)
    {
      if (self->cache[i].used)
        self->cache[kept++] = self->cache[i];
      else
        lq_match_eq_kernel_unref (self->cache[i].kernel);
    }
  self->n_cache = kept;
}

static void
mark_all (LqMatchEqDesigner *self,
          bool used)
{
  for (uint32_t i = 0; i < self->n_cache; i++)
    self->cache[i].used = used;
}

/* Remembers @k (one more reference) made from these arguments; on no
 * memory it is simply not remembered. */
static void
remember (LqMatchEqDesigner *self,
          LqMatchEqKernel *k,
          const double *centres,
          uint32_t n_bands,
          const double *const *src,
          double strength,
          double cap_db)
{
  Cached *c;

  if (self->n_cache == self->cache_size)
    {
      uint32_t size = self->cache_size ? 2 * self->cache_size : 4;
      Cached *grown = realloc (self->cache, size * sizeof *grown);

      if (grown == NULL)
        return;
      self->cache = grown;
      self->cache_size = size;
    }
  c = &self->cache[self->n_cache++];
  memset (c, 0, sizeof *c);
  c->kernel = lq_match_eq_kernel_ref (k);
  c->n_bands = n_bands;
  memcpy (c->centres, centres, n_bands * sizeof (double));
  for (int i = 0; i < 2; i++)
    {
      c->has[i] = src[i] != NULL;
      if (src[i] != NULL)
        memcpy (c->db[i], src[i], n_bands * sizeof (double));
    }
  c->strength = strength;
  c->cap_db = cap_db;
  c->used = true;
}

void
lq_match_eq_designer_begin_round (LqMatchEqDesigner *self)
{
  mark_all (self, false);
  self->in_round = true;
}

void
lq_match_eq_designer_end_round (LqMatchEqDesigner *self)
{
  drop_unused (self);
  self->in_round = false;
}

uint64_t
lq_match_eq_designer_get_n_designs (const LqMatchEqDesigner *self)
{
  return self->n_designs;
}

static LqMatchEqKernel *
kernel_new (const LqMatchEqGeometry *geo)
{
  LqMatchEqKernel *k = calloc (1, sizeof *k);
  size_t nspec = (size_t) LQ_MATCH_EQ_N_PART * geo->bins * sizeof (fftw_complex);

  if (k == NULL)
    return NULL;
  atomic_init (&k->refs, 1);
  k->geo = *geo;
  k->filt[0] = lq_fft_malloc (nspec);
  k->filt[1] = lq_fft_malloc (nspec);
  if (k->filt[0] == NULL || k->filt[1] == NULL)
    {
      lq_match_eq_kernel_unref (k);
      return NULL;
    }
  return k;
}

LqDspStatus
lq_match_eq_design (LqMatchEqDesigner *self,
                    const double *centres,
                    uint32_t n_bands,
                    const double *mid_db,
                    const double *side_db,
                    double strength,
                    double cap_db,
                    LqMatchEqKernel **kernel)
{
  const double *src[2] = { mid_db, side_db };
  LqMatchEqKernel *k;
  LqDspStatus st;

  *kernel = NULL;
  if (!bands_valid (centres, n_bands))
    return LQ_ERR_INVALID;
  if (!self->in_round)
    mark_all (self, false);
  for (uint32_t i = 0; i < self->n_cache; i++)
    if (same_as (&self->cache[i], centres, n_bands, src, strength, cap_db))
      {
        self->cache[i].used = true;
        *kernel = lq_match_eq_kernel_ref (self->cache[i].kernel);
        if (!self->in_round)
          drop_unused (self);
        return LQ_OK;
      }

  k = kernel_new (&self->geo);
  if (k == NULL)
    return LQ_ERR_NOMEM;
  st = _lq_match_eq_designer_run (self, centres, n_bands, mid_db, side_db, strength, cap_db,
                                  k->filt);
  if (st != LQ_OK)
    {
      lq_match_eq_kernel_unref (k);
      return st;
    }
  self->n_designs++;
  if (!self->in_round)
    drop_unused (self);
  remember (self, k, centres, n_bands, src, strength, cap_db);
  *kernel = k;
  return LQ_OK;
}

LqMatchEqKernel *
lq_match_eq_kernel_ref (LqMatchEqKernel *kernel)
{
  atomic_fetch_add_explicit (&kernel->refs, 1, memory_order_relaxed);
  return kernel;
}

void
lq_match_eq_kernel_unref (LqMatchEqKernel *kernel)
{
  if (kernel == NULL)
    return;
  if (atomic_fetch_sub_explicit (&kernel->refs, 1, memory_order_acq_rel) != 1)
    return;
  lq_fft_free (kernel->filt[0]);
  lq_fft_free (kernel->filt[1]);
  free (kernel);
}

uint32_t
lq_match_eq_kernel_get_sample_rate (const LqMatchEqKernel *kernel)
{
  return kernel->geo.rate;
}

/* The filter's taps (T of them) from its partitions' spectra: each
 * partition's inverse FFT (the 1/F is folded in), first B points. */
static LqDspStatus
kernel_taps (const LqMatchEqKernel *kernel,
             uint32_t channel,
             double *taps)
{
  const LqMatchEqGeometry *g = &kernel->geo;
  uint32_t f = 2 * g->b;
  fftw_complex *spec = lq_fft_malloc (g->bins * sizeof (fftw_complex));
  double *time = lq_fft_malloc (f * sizeof (double));
  fftw_plan plan = NULL;
  LqDspStatus st = LQ_ERR_NOMEM;

  if (spec != NULL && time != NULL)
    plan = lq_fft_plan_c2r ((int) f, spec, time, 0);
  if (plan != NULL)
    {
      for (uint32_t p = 0; p < LQ_MATCH_EQ_N_PART; p++)
        {
          memcpy (spec, kernel->filt[channel] + p * g->bins, g->bins * sizeof (fftw_complex));
          fftw_execute (plan);
          memcpy (taps + p * g->b, time, g->b * sizeof (double));
        }
      st = LQ_OK;
    }
  lq_fft_destroy_plan (plan);
  lq_fft_free (spec);
  lq_fft_free (time);
  return st;
}

LqDspStatus
lq_match_eq_kernel_response (const LqMatchEqKernel *kernel,
                             uint32_t channel,
                             const double *freq_hz,
                             uint32_t n,
                             double *db)
{
  double *taps;
  uint32_t t;
  LqDspStatus st;

  if (kernel == NULL || channel > 1 || (n > 0 && (freq_hz == NULL || db == NULL)))
    return LQ_ERR_INVALID;
  t = kernel->geo.t;
  taps = malloc (t * sizeof (double));
  if (taps == NULL)
    return LQ_ERR_NOMEM;
  st = kernel_taps (kernel, channel, taps);
  if (st != LQ_OK)
    {
      free (taps);
      return st;
    }

  for (uint32_t i = 0; i < n; i++)
    {
      double w = 2.0 * M_PI * freq_hz[i] / kernel->geo.rate;
      double re = 0.0, im = 0.0, c = 1.0, s = 0.0, cw = cos (w), sw = sin (w);

      if (!(freq_hz[i] >= 0.0))
        {
          db[i] = NAN;
          continue;
        }
      /* sum h[k] e^(-j w k), the phasor by rotation, exact every 256 taps */
      for (uint32_t k = 0; k < t; k++)
        {
          double nc;

          if (k % 256 == 0)
            {
              c = cos (w * k);
              s = -sin (w * k);
            }
          re += taps[k] * c;
          im += taps[k] * s;
          nc = c * cw + s * sw;
          s = s * cw - c * sw;
          c = nc;
        }
      db[i] = 20.0 * log10 (hypot (re, im));
    }
  free (taps);
  return LQ_OK;
}

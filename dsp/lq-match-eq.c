/* lq-match-eq.c: M/S linear-phase FIR by uniformly partitioned convolution.
 *
 * Sizes at 44.1/48 kHz (all doubled per octave of rate above 50 kHz):
 *   T = 8192   padded filter length; the filter has L = T - 1 taps (odd, so
 *              its centre c = T/2 - 1 is a sample and the delay an integer)
 *   B = 1024   partition and processing block; FFT size F = 2B
 *   K = T / B  partitions
 *   D = 2T     design grid (2.9 Hz): the target is sampled there before the
 *              window truncates it to L taps
 *
 * Overlap-save: each block of B new samples and the B before it are
 * transformed once and stored in a frequency-domain delay line of K spectra;
 * the output block is the last B samples of IFFT (sum_p X_{j-p} H_p). The 1/F
 * of the inverse transform is folded into H_p. All of it runs on whole
 * blocks, so results are bit-identical for any caller block size.
 */
#include "lq-match-eq.h"

#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"

#define N_PART 8
#define BYPASS_MS 20

struct _LqMatchEq
{
  uint32_t rate;
  uint32_t channels;
  uint32_t n_filt;    /* 1 (M) or 2 (M, S) */
  uint32_t t;         /* padded filter length T */
  uint32_t centre;    /* c */
  uint32_t b;         /* partition B */
  uint32_t d;         /* design size */
  uint32_t bins;      /* B + 1 */
  uint32_t dry_len;   /* ring size, power of two */

  /* FFTW buffers and plans (each plan runs on its own buffers only). */
  double *tin;              /* F */
  fftw_complex *spec;       /* B + 1 */
  fftw_complex *acc;        /* B + 1 */
  double *tout;             /* F */
  fftw_complex *dspec;      /* D / 2 + 1 */
  double *dtime;            /* D */
  fftw_plan fwd, inv, design;

  double *win;              /* L */
  double *h;                /* T, design scratch */
  fftw_complex *filt[2][2]; /* [slot][M/S]: K * (B + 1) */
  int cur;
  bool pending;

  fftw_complex *fdl[2];     /* [M/S]: K * (B + 1) */
  uint32_t fdl_pos;
  double *prev[2];          /* previous input block, B */
  double *frame[2];         /* input block being filled, B */
  double *y[2];             /* wet output of a block, B */
  float *out[2];            /* L/R output being emitted, B */
  float *dry[2];            /* L/R input ring */
  uint32_t dry_pos;
  uint32_t pos;

  LqRamp wet;
  bool bypass;
};

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t planner_once = PTHREAD_ONCE_INIT;

/* Other units may plan concurrently: make FFTW's planner lock itself. */
static void
planner_init (void)
{
  fftw_make_planner_thread_safe ();
}

double
lq_match_eq_interpolate (const double *centres,
                         const double *db,
                         uint32_t n_bands,
                         double freq)
{
  double lf;
  uint32_t lo = 0, hi;

  if (n_bands == 0)
    return 0.0;
  if (freq <= centres[0])
    return db[0];
  if (freq >= centres[n_bands - 1])
    return db[n_bands - 1];

  hi = n_bands - 1;
  while (hi - lo > 1)
    {
      uint32_t mid = (lo + hi) / 2;

      if (centres[mid] <= freq)
        lo = mid;
      else
        hi = mid;
    }
  lf = (log2 (freq) - log2 (centres[lo])) / (log2 (centres[hi]) - log2 (centres[lo]));
  return db[lo] + lf * (db[hi] - db[lo]);
}

static double
clamp (double x, double lo, double hi)
{
  return x < lo ? lo : (x > hi ? hi : x);
}

void
lq_match_eq_correction (const double *target,
                        const double *track,
                        uint32_t n_bands,
                        double strength,
                        double cap_db,
                        double *out)
{
  strength = isfinite (strength) ? clamp (strength, 0.0, 1.0) : 0.0;
  cap_db = isfinite (cap_db) ? clamp (cap_db, 0.0, LQ_MATCH_EQ_MAX_CAP_DB) : 0.0;
  for (uint32_t b = 0; b < n_bands; b++)
    {
      double v = strength * (target[b] - track[b]);

      out[b] = isfinite (v) ? clamp (v, -cap_db, cap_db) : 0.0;
    }
}

/* Designs the filter for @eff (already scaled and capped; NULL = flat) into
 * @dst, K partitions spectra with the 1/F of the inverse FFT folded in. */
static void
design_filter (LqMatchEq *self,
               const double *centres,
               uint32_t n_bands,
               const double *eff,
               fftw_complex *dst)
{
  uint32_t half = self->d / 2, taps = self->t - 1, f = 2 * self->b;
  double inv_d = 1.0 / self->d, inv_f = 1.0 / f;

  for (uint32_t k = 0; k <= half; k++)
    {
      double freq = (double) k * self->rate / self->d;
      double g = eff != NULL
        ? pow (10.0, lq_match_eq_interpolate (centres, eff, n_bands, freq) / 20.0)
        : 1.0;

      self->dspec[k][0] = g;
      self->dspec[k][1] = 0.0;
    }
  fftw_execute (self->design);

  for (uint32_t k = 0; k < taps; k++)
    {
      uint32_t idx = (k + self->d - self->centre) % self->d;

      self->h[k] = self->dtime[idx] * inv_d * self->win[k];
    }
  self->h[taps] = 0.0;

  for (uint32_t p = 0; p < N_PART; p++)
    {
      memcpy (self->tin, self->h + p * self->b, self->b * sizeof (double));
      memset (self->tin + self->b, 0, self->b * sizeof (double));
      fftw_execute (self->fwd);
      for (uint32_t k = 0; k < self->bins; k++)
        {
          dst[p * self->bins + k][0] = self->spec[k][0] * inv_f;
          dst[p * self->bins + k][1] = self->spec[k][1] * inv_f;
        }
    }
}

LqMatchEq *
lq_match_eq_new (uint32_t sample_rate, uint32_t channels, uint32_t max_block)
{
  LqMatchEq *self;
  uint32_t taps, f;
  size_t nspec;
  bool ok = true;

  if (sample_rate < 8000 || sample_rate > 768000)
    return NULL;
  if (channels < 1 || channels > LQ_MATCH_EQ_MAX_CHANNELS || max_block == 0)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->channels = channels;
  self->n_filt = channels;
  self->t = 8192;
  while (self->t < 8192u * (sample_rate / 50000 + 1) && self->t < 65536)
    self->t *= 2;
  self->b = self->t / N_PART;
  self->centre = self->t / 2 - 1;
  self->d = 2 * self->t;
  self->bins = self->b + 1;
  self->dry_len = 1;
  while (self->dry_len < self->centre + 2 * self->b)
    self->dry_len *= 2;
  taps = self->t - 1;
  f = 2 * self->b;
  nspec = (size_t) N_PART * self->bins * sizeof (fftw_complex);

  self->tin = fftw_malloc (f * sizeof (double));
  self->tout = fftw_malloc (f * sizeof (double));
  self->spec = fftw_malloc (self->bins * sizeof (fftw_complex));
  self->acc = fftw_malloc (self->bins * sizeof (fftw_complex));
  self->dspec = fftw_malloc ((self->d / 2 + 1) * sizeof (fftw_complex));
  self->dtime = fftw_malloc (self->d * sizeof (double));
  self->win = malloc (taps * sizeof (double));
  self->h = malloc (self->t * sizeof (double));
  ok = self->tin && self->tout && self->spec && self->acc && self->dspec
    && self->dtime && self->win && self->h;
  for (int c = 0; c < 2 && ok; c++)
    {
      self->filt[0][c] = fftw_malloc (nspec);
      self->filt[1][c] = fftw_malloc (nspec);
      self->fdl[c] = fftw_malloc (nspec);
      self->prev[c] = malloc (self->b * sizeof (double));
      self->frame[c] = malloc (self->b * sizeof (double));
      self->y[c] = malloc (self->b * sizeof (double));
      self->out[c] = malloc (self->b * sizeof (float));
      self->dry[c] = malloc (self->dry_len * sizeof (float));
      ok = self->filt[0][c] && self->filt[1][c] && self->fdl[c] && self->prev[c]
        && self->frame[c] && self->y[c] && self->out[c] && self->dry[c];
    }
  if (!ok)
    {
      lq_match_eq_free (self);
      return NULL;
    }

  /* Hann over the L taps, 1 at the centre, nonzero at both ends. */
  for (uint32_t k = 0; k < taps; k++)
    self->win[k] = 0.5 - 0.5 * cos (2.0 * M_PI * (k + 1.0) / (taps + 1.0));

  pthread_once (&planner_once, planner_init);
  pthread_mutex_lock (&planner_lock);
  self->fwd = fftw_plan_dft_r2c_1d ((int) f, self->tin, self->spec, FFTW_ESTIMATE);
  self->inv = fftw_plan_dft_c2r_1d ((int) f, self->acc, self->tout, FFTW_ESTIMATE);
  self->design = fftw_plan_dft_c2r_1d ((int) self->d, self->dspec, self->dtime, FFTW_ESTIMATE);
  pthread_mutex_unlock (&planner_lock);
  if (self->fwd == NULL || self->inv == NULL || self->design == NULL)
    {
      lq_match_eq_free (self);
      return NULL;
    }

  for (int c = 0; c < 2; c++)
    {
      design_filter (self, NULL, 0, NULL, self->filt[0][c]);
      memcpy (self->filt[1][c], self->filt[0][c], nspec);
    }
  self->cur = 0;
  lq_ramp_init (&self->wet, 1.0);
  lq_match_eq_reset (self);
  return self;
}

void
lq_match_eq_free (LqMatchEq *self)
{
  if (self == NULL)
    return;
  pthread_mutex_lock (&planner_lock);
  if (self->fwd != NULL)
    fftw_destroy_plan (self->fwd);
  if (self->inv != NULL)
    fftw_destroy_plan (self->inv);
  if (self->design != NULL)
    fftw_destroy_plan (self->design);
  pthread_mutex_unlock (&planner_lock);
  fftw_free (self->tin);
  fftw_free (self->tout);
  fftw_free (self->spec);
  fftw_free (self->acc);
  fftw_free (self->dspec);
  fftw_free (self->dtime);
  free (self->win);
  free (self->h);
  for (int c = 0; c < 2; c++)
    {
      fftw_free (self->filt[0][c]);
      fftw_free (self->filt[1][c]);
      fftw_free (self->fdl[c]);
      free (self->prev[c]);
      free (self->frame[c]);
      free (self->y[c]);
      free (self->out[c]);
      free (self->dry[c]);
    }
  free (self);
}

void
lq_match_eq_reset (LqMatchEq *self)
{
  size_t nspec = (size_t) N_PART * self->bins * sizeof (fftw_complex);

  for (int c = 0; c < 2; c++)
    {
      memset (self->fdl[c], 0, nspec);
      memset (self->prev[c], 0, self->b * sizeof (double));
      memset (self->frame[c], 0, self->b * sizeof (double));
      memset (self->y[c], 0, self->b * sizeof (double));
      memset (self->out[c], 0, self->b * sizeof (float));
      memset (self->dry[c], 0, self->dry_len * sizeof (float));
    }
  if (self->pending)
    {
      self->cur = 1 - self->cur;
      self->pending = false;
    }
  self->fdl_pos = 0;
  self->dry_pos = 0;
  self->pos = 0;
  lq_ramp_init (&self->wet, self->bypass ? 0.0 : 1.0);
}

uint32_t
lq_match_eq_get_latency (const LqMatchEq *self)
{
  return self->centre + self->b;
}

uint32_t
lq_match_eq_get_partition (const LqMatchEq *self)
{
  return self->b;
}

uint32_t
lq_match_eq_get_taps (const LqMatchEq *self)
{
  return self->t - 1;
}

LqDspStatus
lq_match_eq_set_curve (LqMatchEq *self,
                       const double *centres,
                       uint32_t n_bands,
                       const double *mid_db,
                       const double *side_db,
                       double strength,
                       double cap_db)
{
  double eff[LQ_MATCH_EQ_MAX_BANDS];
  double zero[LQ_MATCH_EQ_MAX_BANDS] = { 0 };
  const double *src[2] = { mid_db, side_db };
  int slot;

  if (n_bands == 0 || n_bands > LQ_MATCH_EQ_MAX_BANDS || centres == NULL)
    return LQ_ERR_INVALID;
  for (uint32_t b = 0; b < n_bands; b++)
    if (!(centres[b] > 0.0) || !isfinite (centres[b]) || (b > 0 && !(centres[b] > centres[b - 1])))
      return LQ_ERR_INVALID;

  /* Written into the slot not in use; a second call before the next block
   * boundary simply replaces the first. */
  slot = 1 - self->cur;
  for (uint32_t c = 0; c < 2; c++)
    {
      lq_match_eq_correction (src[c] != NULL ? src[c] : zero, zero, n_bands,
                              strength, cap_db, eff);
      design_filter (self, centres, n_bands, eff, self->filt[slot][c]);
    }
  self->pending = true;
  return LQ_OK;
}

void
lq_match_eq_set_bypass (LqMatchEq *self, bool bypass)
{
  if (bypass == self->bypass)
    return;
  self->bypass = bypass;
  lq_ramp_set_target (&self->wet, bypass ? 0.0 : 1.0, self->rate * BYPASS_MS / 1000);
}

/* Overlap-save of one channel with the filter @h into @y (B samples). */
static void
convolve (LqMatchEq *self, uint32_t c, fftw_complex *h, double *y)
{
  fftw_complex *fdl = self->fdl[c];
  uint32_t nb = self->bins;

  memset (self->acc, 0, nb * sizeof (fftw_complex));
  for (uint32_t p = 0; p < N_PART; p++)
    {
      fftw_complex *x = fdl + ((self->fdl_pos + N_PART - p) % N_PART) * nb;
      fftw_complex *hp = h + p * nb;

      for (uint32_t k = 0; k < nb; k++)
        {
          self->acc[k][0] += x[k][0] * hp[k][0] - x[k][1] * hp[k][1];
          self->acc[k][1] += x[k][0] * hp[k][1] + x[k][1] * hp[k][0];
        }
    }
  fftw_execute (self->inv);
  memcpy (y, self->tout + self->b, self->b * sizeof (double));
}

static void
run_block (LqMatchEq *self)
{
  uint32_t b = self->b, mask = self->dry_len - 1;
  uint32_t dry_start = (self->dry_pos + self->dry_len - b - self->centre) & mask;

  for (uint32_t c = 0; c < self->n_filt; c++)
    {
      memcpy (self->tin, self->prev[c], b * sizeof (double));
      memcpy (self->tin + b, self->frame[c], b * sizeof (double));
      memcpy (self->prev[c], self->frame[c], b * sizeof (double));
      fftw_execute (self->fwd);
      memcpy (self->fdl[c] + self->fdl_pos * self->bins, self->spec,
              self->bins * sizeof (fftw_complex));

      convolve (self, c, self->filt[self->cur][c], self->y[c]);
      if (self->pending)
        {
          /* The old filter's output is in y; the new one's goes to tout and
           * fades in with a raised cosine over the block. */
          double *y = self->y[c];

          convolve (self, c, self->filt[1 - self->cur][c], self->tin);
          for (uint32_t i = 0; i < b; i++)
            {
              double w = 0.5 - 0.5 * cos (M_PI * (i + 0.5) / b);

              y[i] += w * (self->tin[i] - y[i]);
            }
        }
    }
  self->fdl_pos = (self->fdl_pos + 1) % N_PART;
  if (self->pending)
    {
      self->cur = 1 - self->cur;
      self->pending = false;
    }

  for (uint32_t i = 0; i < b; i++)
    {
      double g = lq_ramp_next (&self->wet);
      uint32_t di = (dry_start + i) & mask;

      if (self->n_filt == 2)
        {
          double m = self->y[0][i], s = self->y[1][i];

          self->out[0][i] = (float) (g * (m + s) + (1.0 - g) * self->dry[0][di]);
          self->out[1][i] = (float) (g * (m - s) + (1.0 - g) * self->dry[1][di]);
        }
      else
        self->out[0][i] = (float) (g * self->y[0][i] + (1.0 - g) * self->dry[0][di]);
    }
}

void
lq_match_eq_process (LqMatchEq *self, float *const *channels, uint32_t n)
{
  uint32_t mask = self->dry_len - 1;

  for (uint32_t i = 0; i < n; i++)
    {
      double x[2] = { 0.0, 0.0 };

      for (uint32_t c = 0; c < self->channels; c++)
        {
          double v = channels[c][i];

          x[c] = isfinite (v) ? lq_flush (v) : 0.0;
          self->dry[c][self->dry_pos] = (float) x[c];
          channels[c][i] = self->out[c][self->pos];
        }
      if (self->n_filt == 2)
        {
          self->frame[0][self->pos] = 0.5 * (x[0] + x[1]);
          self->frame[1][self->pos] = 0.5 * (x[0] - x[1]);
        }
      else
        self->frame[0][self->pos] = x[0];
      self->dry_pos = (self->dry_pos + 1) & mask;

      if (++self->pos == self->b)
        {
          run_block (self);
          self->pos = 0;
        }
    }
}

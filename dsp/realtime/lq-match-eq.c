/* lq-match-eq.c: M/S linear-phase FIR by uniformly partitioned convolution.
 *
 * Sizes at 44.1/48 kHz (all doubled per octave of rate above 50 kHz):
 *   T = 8192   padded filter length; the filter has L = T - 1 taps (odd, so
 *              its centre c = T/2 - 1 is a sample and the delay an integer)
 *   B = T / K  partition and processing block; FFT size F = 2B
 *   K = N_PART partitions
 *   D = 2T     design grid (2.9 Hz): the target is sampled there before the
 *              window truncates it to L taps
 *
 * Overlap-save: each block of B new samples and the B before it are
 * transformed once and stored in a frequency-domain delay line of K spectra;
 * the output block is the last B samples of IFFT (sum_p X_{j-p} H_p). The 1/F
 * of the inverse transform is folded into H_p. All of it runs on whole
 * blocks, so results are bit-identical for any caller block size.
 *
 * Partition size. Per sample, a block costs two FFTs of 2B points per
 * channel (about 2 log2 (2B) flops per point each, nearly flat in B) plus K
 * complex multiply-adds per bin, so fewer, larger partitions are cheaper;
 * the price is latency (c + B) and the time a curve change waits for the
 * next block boundary (and then crossfades over a block). Measured on the
 * chain benchmark (x86-64, FFTW_ESTIMATE plans; ns per stereo frame):
 * K = 8 (B = 1024, latency 5119) 28, K = 4 (B = 2048, 6143) 21, K = 2
 * (B = 4096, 8191) 20, K = 1 (B = 8192, 12287) 20. K = 2 it is: latency
 * 8191 samples at 44.1/48 kHz (186 / 171 ms). FFTW_MEASURE plans were no
 * faster here, and differ from run to run (so would the output's last
 * bits): the plans stay FFTW_ESTIMATE.
 *
 * Bypass. The dry/filtered crossfade is applied per emitted sample (the
 * filtered block is computed one block ahead, at the block boundary). Once
 * it has fully faded to dry, a block boundary skips the transforms: only the
 * input ring (which must hold the dry signal delayed by the latency anyway)
 * is kept, and the frequency-domain delay line is marked stale. When the
 * filtered signal is needed again (the fade back starts), the K spectra and
 * the previous block are recomputed from that ring, which holds the last
 * (K + 1) B input samples: the same numbers as if the filter had run all
 * along, so switching back on is exact and the output does not depend on how
 * the stream was cut. A curve change made while fully bypassed is taken at
 * the next block boundary without a crossfade (the old filter is not heard).
 */
#include "lq-match-eq.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-fft.h"
#include "lq-match-eq-private.h"
#include "lq-ramp.h"

#define N_PART LQ_MATCH_EQ_N_PART
#define BYPASS_MS 20

struct _LqMatchEq
{
  uint32_t rate;
  uint32_t channels;
  uint32_t n_filt;    /* 1 (M) or 2 (M, S) */
  uint32_t t;         /* padded filter length T */
  uint32_t centre;    /* c */
  uint32_t b;         /* partition B */
  uint32_t bins;      /* B + 1 */
  uint32_t dry_len;   /* ring size, power of two */

  /* FFTW buffers and plans (each plan runs on its own buffers only). */
  double *tin;              /* F */
  fftw_complex *spec;       /* B + 1 */
  fftw_complex *acc;        /* B + 1 */
  double *tout;             /* F */
  fftw_plan fwd, inv;

  /* Designs lq_match_eq_set_curve()'s filters, with its own buffers and
   * plans (lq-match-eq-designer.h). */
  LqMatchEqDesigner *designer;
  fftw_complex *filt[2][2]; /* [slot][M/S]: K * (B + 1) */
  int cur;
  bool pending;

  fftw_complex *fdl[2];     /* [M/S]: K * (B + 1) */
  uint32_t fdl_pos;         /* the slot the next block's spectrum goes to */
  double *prev[2];          /* previous input block, B */
  double *frame[2];         /* input block being filled, B */
  double *y[2];             /* filtered M/S of a block, B */
  double *wet[2];           /* L/R of the wet block being emitted, B */
  float *in[2];             /* sanitised input of a span, B */
  float *dry[2];            /* L/R input ring */
  uint32_t dry_pos;
  uint32_t pos;             /* position in the block being filled / emitted */
  uint32_t block_end;       /* ring position where the last complete block ends */
  bool stale;               /* fdl, prev or frame missed input (skipped while bypassed) */
  bool wet_valid;           /* wet[] holds the block being emitted */

  LqRamp mix;               /* 1 = filtered, 0 = bypassed; per emitted sample */
  bool bypass;
};

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

LqMatchEq *
lq_match_eq_new (uint32_t sample_rate, uint32_t channels, uint32_t max_block)
{
  LqMatchEq *self;
  LqMatchEqGeometry geo;
  uint32_t f;
  size_t nspec;
  bool ok = true;

  if (!_lq_match_eq_geometry (sample_rate, &geo))
    return NULL;
  if (channels < 1 || channels > LQ_MATCH_EQ_MAX_CHANNELS || max_block == 0)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->channels = channels;
  self->n_filt = channels;
  self->t = geo.t;
  self->b = geo.b;
  self->centre = geo.centre;
  self->bins = geo.bins;
  /* The dry signal delayed by the latency c + B, and the K + 1 blocks the
   * delay line is rebuilt from. */
  self->dry_len = 1;
  while (self->dry_len < self->centre + 2 * self->b || self->dry_len < (N_PART + 1) * self->b)
    self->dry_len *= 2;
  f = 2 * self->b;
  nspec = (size_t) N_PART * self->bins * sizeof (fftw_complex);

  self->tin = lq_fft_malloc (f * sizeof (double));
  self->tout = lq_fft_malloc (f * sizeof (double));
  self->spec = lq_fft_malloc (self->bins * sizeof (fftw_complex));
  self->acc = lq_fft_malloc (self->bins * sizeof (fftw_complex));
  self->designer = lq_match_eq_designer_new (sample_rate);
  ok = self->tin && self->tout && self->spec && self->acc && self->designer;
  for (int c = 0; c < 2 && ok; c++)
    {
      self->filt[0][c] = lq_fft_malloc (nspec);
      self->filt[1][c] = lq_fft_malloc (nspec);
      self->fdl[c] = lq_fft_malloc (nspec);
      self->prev[c] = malloc (self->b * sizeof (double));
      self->frame[c] = malloc (self->b * sizeof (double));
      self->y[c] = malloc (self->b * sizeof (double));
      self->wet[c] = malloc (self->b * sizeof (double));
      self->in[c] = malloc (self->b * sizeof (float));
      self->dry[c] = malloc (self->dry_len * sizeof (float));
      ok = self->filt[0][c] && self->filt[1][c] && self->fdl[c] && self->prev[c]
        && self->frame[c] && self->y[c] && self->wet[c] && self->in[c] && self->dry[c];
    }
  if (!ok)
    {
      lq_match_eq_free (self);
      return NULL;
    }

  self->fwd = lq_fft_plan_r2c ((int) f, self->tin, self->spec, 0);
  self->inv = lq_fft_plan_c2r ((int) f, self->acc, self->tout, 0);
  if (self->fwd == NULL || self->inv == NULL)
    {
      lq_match_eq_free (self);
      return NULL;
    }

  for (int c = 0; c < 2; c++)
    {
      _lq_match_eq_designer_flat (self->designer, self->filt[0][c]);
      memcpy (self->filt[1][c], self->filt[0][c], nspec);
    }
  self->cur = 0;
  lq_ramp_init (&self->mix, 1.0);
  lq_match_eq_reset (self);
  return self;
}

void
lq_match_eq_free (LqMatchEq *self)
{
  if (self == NULL)
    return;
  lq_fft_destroy_plan (self->fwd);
  lq_fft_destroy_plan (self->inv);
  lq_fft_free (self->tin);
  lq_fft_free (self->tout);
  lq_fft_free (self->spec);
  lq_fft_free (self->acc);
  lq_match_eq_designer_free (self->designer);
  for (int c = 0; c < 2; c++)
    {
      lq_fft_free (self->filt[0][c]);
      lq_fft_free (self->filt[1][c]);
      lq_fft_free (self->fdl[c]);
      free (self->prev[c]);
      free (self->frame[c]);
      free (self->y[c]);
      free (self->wet[c]);
      free (self->in[c]);
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
      memset (self->wet[c], 0, self->b * sizeof (double));
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
  self->block_end = 0;
  self->stale = false;
  self->wet_valid = true;       /* silence */
  lq_ramp_init (&self->mix, self->bypass ? 0.0 : 1.0);
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
  /* Written into the slot not in use; a second call before the next block
   * boundary simply replaces the first. */
  int slot = 1 - self->cur;
  LqDspStatus st;

  st = _lq_match_eq_designer_run (self->designer, centres, n_bands, mid_db, side_db,
                                  strength, cap_db, self->filt[slot]);
  if (st == LQ_OK)
    self->pending = true;
  return st;
}

LqDspStatus
lq_match_eq_set_kernel (LqMatchEq *self, const LqMatchEqKernel *kernel)
{
  size_t nspec = (size_t) N_PART * self->bins * sizeof (fftw_complex);
  int slot = 1 - self->cur;

  if (kernel == NULL || kernel->geo.rate != self->rate || kernel->geo.t != self->t)
    return LQ_ERR_INVALID;
  /* As set_curve(), with the design already done. */
  memcpy (self->filt[slot][0], kernel->filt[0], nspec);
  memcpy (self->filt[slot][1], kernel->filt[1], nspec);
  self->pending = true;
  return LQ_OK;
}

void
lq_match_eq_set_bypass (LqMatchEq *self, bool bypass)
{
  if (bypass == self->bypass)
    return;
  self->bypass = bypass;
  lq_ramp_set_target (&self->mix, bypass ? 0.0 : 1.0, self->rate * BYPASS_MS / 1000);
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

/* Filter input @f (0: M or the only channel, 1: S) of the @n samples of
 * the ring from position @start, into @dst: the same numbers the frame gets. */
static void
ring_filter_input (const LqMatchEq *self, uint32_t f, uint32_t start, uint32_t n, double *dst)
{
  uint32_t mask = self->dry_len - 1;
  const float *d0 = self->dry[0], *d1 = self->dry[1];

  for (uint32_t i = 0; i < n; i++)
    {
      uint32_t k = (start + i) & mask;

      if (self->n_filt == 1)
        dst[i] = d0[k];
      else if (f == 0)
        dst[i] = 0.5 * ((double) d0[k] + (double) d1[k]);
      else
        dst[i] = 0.5 * ((double) d0[k] - (double) d1[k]);
    }
}

/* The filtered block for the input block that ends at ring position @end
 * (the newest complete one): its spectrum enters the delay line, the
 * convolution gives wet[] (L/R), crossfading to a pending curve over the
 * block. When stale, the whole delay line, the previous block and the
 * @filled samples of the block after @end are first recomputed from the
 * ring. */
static void
compute_block (LqMatchEq *self, uint32_t end, uint32_t filled)
{
  uint32_t b = self->b, nb = self->bins;

  for (uint32_t c = 0; c < self->n_filt; c++)
    {
      if (self->stale)
        {
          for (uint32_t p = 0; p < N_PART; p++)
            {
              ring_filter_input (self, c, end - (p + 2) * b, 2 * b, self->tin);
              fftw_execute (self->fwd);
              memcpy (self->fdl[c] + ((self->fdl_pos + N_PART - p) % N_PART) * nb, self->spec,
                      nb * sizeof (fftw_complex));
            }
          ring_filter_input (self, c, end - b, b, self->prev[c]);
          ring_filter_input (self, c, end, filled, self->frame[c]);
        }
      else
        {
          memcpy (self->tin, self->prev[c], b * sizeof (double));
          memcpy (self->tin + b, self->frame[c], b * sizeof (double));
          memcpy (self->prev[c], self->frame[c], b * sizeof (double));
          fftw_execute (self->fwd);
          memcpy (self->fdl[c] + self->fdl_pos * nb, self->spec, nb * sizeof (fftw_complex));
        }

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
  self->stale = false;
  if (self->pending)
    {
      self->cur = 1 - self->cur;
      self->pending = false;
    }

  if (self->n_filt == 2)
    for (uint32_t i = 0; i < b; i++)
      {
        double m = self->y[0][i], s = self->y[1][i];

        self->wet[0][i] = m + s;
        self->wet[1][i] = m - s;
      }
  else
    memcpy (self->wet[0], self->y[0], b * sizeof (double));
  self->wet_valid = true;
}

static bool
fully_dry (const LqMatchEq *self)
{
  return self->mix.value == 0.0 && !lq_ramp_is_moving (&self->mix);
}

/* A block of input is complete: compute the next filtered block, unless the
 * output is fully dry (then it is computed when, and if, it is needed). */
static void
end_block (LqMatchEq *self)
{
  self->block_end = self->dry_pos;
  if (fully_dry (self))
    {
      self->stale = true;
      self->wet_valid = false;
      if (self->pending)
        {
          /* Nothing to crossfade from: the old filter is not heard. */
          self->cur = 1 - self->cur;
          self->pending = false;
        }
      return;
    }
  compute_block (self, self->block_end, 0);
}

/* ---- vectorisable pieces of process () ------------------------------------ */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize ("no-trapping-math")
#endif

/* Non-finite samples read as 0, denormal (below 1e-30) ones flushed. */
static void
sanitise (const float *x, float *y, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      double v = x[i];

      y[i] = fabs (v) <= DBL_MAX && fabs (v) > 1e-30 ? x[i] : 0.0f;
    }
}

static void
to_mid_side (const float *l, const float *r, double *m, double *s, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      double x0 = l[i], x1 = r[i];

      m[i] = 0.5 * (x0 + x1);
      s[i] = 0.5 * (x0 - x1);
    }
}

static void
to_float (const double *x, float *y, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    y[i] = (float) x[i];
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

static void
ring_put (float *ring, uint32_t mask, uint32_t pos, const float *x, uint32_t n)
{
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (ring + pos, x, first * sizeof (float));
  memcpy (ring, x + first, (n - first) * sizeof (float));
}

static void
ring_get (const float *ring, uint32_t mask, uint32_t pos, float *x, uint32_t n)
{
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (x, ring + pos, first * sizeof (float));
  memcpy (x + first, ring, (n - first) * sizeof (float));
}

void
lq_match_eq_process (LqMatchEq *self, float *const *channels, uint32_t n)
{
  const uint32_t mask = self->dry_len - 1, nch = self->channels;
  const uint32_t latency = lq_match_eq_get_latency (self);

  for (uint32_t done = 0; done < n;)
    {
      uint32_t span = self->b - self->pos;
      uint32_t dpos = self->dry_pos, pos = self->pos;
      bool dry = fully_dry (self);

      if (span > n - done)
        span = n - done;

      /* The filtered signal is needed again after blocks were skipped:
       * recompute it from the ring (before this span enters it). */
      if (!dry && !self->wet_valid)
        compute_block (self, self->block_end, pos);

      /* Input: sanitised into the ring and, as M/S, into the frame (not
       * while fully dry: then the frame is rebuilt from the ring if needed). */
      for (uint32_t c = 0; c < nch; c++)
        {
          sanitise (channels[c] + done, self->in[c], span);
          ring_put (self->dry[c], mask, dpos, self->in[c], span);
        }
      if (dry)
        self->stale = true;
      else if (self->n_filt == 2)
        to_mid_side (self->in[0], self->in[1], self->frame[0] + pos, self->frame[1] + pos, span);
      else
        for (uint32_t i = 0; i < span; i++)
          self->frame[0][pos + i] = self->in[0][i];

      /* Output: the dry signal delayed by the latency (the ring holds more
       * than that behind this span), the wet block computed at the last
       * boundary, or a crossfade between them. */
      if (dry)
        for (uint32_t c = 0; c < nch; c++)
          ring_get (self->dry[c], mask, (dpos - latency) & mask, channels[c] + done, span);
      else if (self->mix.value == 1.0 && !lq_ramp_is_moving (&self->mix))
        for (uint32_t c = 0; c < nch; c++)
          to_float (self->wet[c] + pos, channels[c] + done, span);
      else
        for (uint32_t i = 0; i < span; i++)
          {
            double g = lq_ramp_next (&self->mix);

            for (uint32_t c = 0; c < nch; c++)
              channels[c][done + i] = (float) (g * self->wet[c][pos + i]
                                               + (1.0 - g) * self->dry[c][(dpos + i - latency) & mask]);
          }

      self->dry_pos = (dpos + span) & mask;
      self->pos = pos + span;
      done += span;
      if (self->pos == self->b)
        {
          end_block (self);
          self->pos = 0;
        }
    }
}

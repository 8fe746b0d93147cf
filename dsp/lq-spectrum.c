/* lq-spectrum.c: gated long-term average spectrum of M and S.
 *
 * Frames of N samples (N = 8192 at 44.1/48 kHz) start every N / 2 samples.
 * Each frame's one-sided power spectrum, scaled by Parseval for the Hann
 * window (2 |X_k|^2 / (N sum w^2)), is summed into bands: bin k covers
 * [k - 1/2, k + 1/2] bin widths and adds its power times the fraction of
 * that interval inside the band. That fraction is 1 for every bin but the
 * first and last of a band, so lq_spectrum_new() keeps per band only its
 * first and last bin and their two fractions: past the two real FFTs (one
 * FFTW plan per analyser, made once), a frame costs the windowing and, per
 * band, a plain sum of the squares of the whole bins' re and im plus the two
 * edge bins. The FFTs are most of the work. Band powers of every frame are
 * stored as floats; the gate is applied in lq_spectrum_get_bands(), when the
 * whole programme's loudness is known.
 *
 * Frame i is centred on sample iH + N/2 and takes the momentary energy of
 * the 400 ms block centred there, i.e. the meter block ending 200 ms later
 * (nearest 100 ms hop). Frames at the very start and end take the first and
 * last complete block. The block energies come from the analyser's own
 * meter, or with lq_spectrum_new_external_loudness() from the caller's: the
 * same BS.1770 meter on the same audio gives the same blocks however the
 * stream is cut, so both ways gate alike.
 */
#include "lq-spectrum.h"

#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 1024  /* meter feed; below one 100 ms hop at any rate >= 10.24 kHz */

/* The loops over samples and bins also in an AVX2 version, picked at run
 * time. Without FMA contraction (ISO C mode) both compute the same. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SPECTRUM_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define SPECTRUM_CLONES
#endif

struct _LqSpectrum
{
  uint32_t rate;
  uint32_t channels;
  uint32_t size;       /* FFT size N */
  uint32_t hop;        /* N / 2 */
  uint32_t n_bands;
  bool gating;
  double centres[LQ_SPECTRUM_MAX_BANDS];
  /* Bins k_first .. k_last share in band b: the first with w_first, the
   * last with w_last (one bin alone: w_first), those between wholly. */
  uint32_t k_first[LQ_SPECTRUM_MAX_BANDS];
  uint32_t k_last[LQ_SPECTRUM_MAX_BANDS];
  double w_first[LQ_SPECTRUM_MAX_BANDS];
  double w_last[LQ_SPECTRUM_MAX_BANDS];
  double scale;        /* Parseval factor */

  double *window;
  double *fft_in;      /* fftw_malloc'd, N */
  fftw_complex *fft_out; /* N / 2 + 1 */
  fftw_plan plan;

  /* M and S of the frame being filled, N each, as two halves of N / 2:
   * the frame's first half is at buf[c] + first * hop, its second at
   * buf[c] + (1 - first) * hop. A finished frame's second half is the
   * next one's first, so frames advance by swapping halves, not moving
   * samples. */
  float *buf[2];
  uint32_t first;
  uint32_t fill;       /* samples of the frame filled so far */

  LqLoudnessMeter *meter; /* NULL when the caller hands in the blocks */
  uint32_t meter_hop;

  float *frames;       /* 2 * n_bands per frame: M bands then S bands */
  size_t n_frames;
  size_t cap_frames;
  double *blocks;      /* momentary energy per meter hop, -1 when invalid */
  size_t n_blocks;
  size_t cap_blocks;
};

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t planner_once = PTHREAD_ONCE_INIT;

/* Other units may plan concurrently: make FFTW's planner lock itself. */
static void
planner_init (void)
{
  fftw_make_planner_thread_safe ();
}

static uint32_t
fft_size_for_rate (uint32_t rate)
{
  uint32_t n = 256;

  /* 8192 at 44.1 and 48 kHz: frames of about 170 ms, 5.9 Hz bins. */
  while (n < (uint32_t) (rate * 0.15))
    n *= 2;
  return n;
}

/* The share of bin k in [lo, hi] (edges in bins): the part of
 * [k - 1/2, k + 1/2] inside, or 0. */
static double
bin_share (double lo, double hi, uint32_t k)
{
  double a = fmax (lo, k - 0.5), z = fmin (hi, k + 0.5);

  return z > a ? z - a : 0.0;
}

/* Band b's bins and edge shares for edges @lo and @hi (in bins). */
static void
set_band_bins (LqSpectrum *self, uint32_t b, double lo, double hi)
{
  uint32_t half = self->size / 2;
  uint32_t k0 = (uint32_t) floor (lo + 0.5);
  uint32_t k1 = (uint32_t) floor (hi + 0.5);

  if (k1 > half)
    k1 = half;
  /* Drop the end bins that the band only touches. */
  while (k1 > k0 && bin_share (lo, hi, k1) == 0.0)
    k1--;
  while (k0 < k1 && bin_share (lo, hi, k0) == 0.0)
    k0++;
  self->k_first[b] = k0;
  self->k_last[b] = k1;
  self->w_first[b] = bin_share (lo, hi, k0);
  self->w_last[b] = bin_share (lo, hi, k1);
}

static LqSpectrum *
spectrum_new (uint32_t sample_rate, uint32_t channels, bool own_meter)
{
  LqSpectrum *self;
  LqLoudnessMeter *meter;
  double nyquist, df, sumw2 = 0.0;

  if (sample_rate < 8000 || sample_rate > 768000)
    return NULL;
  if (channels < 1 || channels > LQ_SPECTRUM_MAX_CHANNELS)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->channels = channels;
  self->size = fft_size_for_rate (sample_rate);
  self->hop = self->size / 2;
  self->gating = true;

  nyquist = sample_rate / 2.0;
  df = (double) sample_rate / self->size;
  for (int k = -17; k <= 13 && self->n_bands < LQ_SPECTRUM_MAX_BANDS; k++)
    {
      double fc = 1000.0 * pow (2.0, k / 3.0);
      double lo = fc * pow (2.0, -1.0 / 6.0), hi = fc * pow (2.0, 1.0 / 6.0);

      if (hi > nyquist)
        break;
      self->centres[self->n_bands] = fc;
      set_band_bins (self, self->n_bands, lo / df, hi / df);
      self->n_bands++;
    }

  self->window = malloc (self->size * sizeof (double));
  self->buf[0] = malloc (self->size * sizeof (float));
  self->buf[1] = malloc (self->size * sizeof (float));
  self->fft_in = fftw_malloc (self->size * sizeof (double));
  self->fft_out = fftw_malloc ((self->size / 2 + 1) * sizeof (fftw_complex));
  /* Without a meter of its own the analyser still needs the meter's hop. */
  meter = lq_loudness_meter_new (sample_rate, channels);
  if (meter != NULL)
    self->meter_hop = lq_loudness_meter_get_hop (meter);
  if (own_meter)
    self->meter = meter;
  else
    lq_loudness_meter_free (meter);
  if (self->window == NULL || self->buf[0] == NULL || self->buf[1] == NULL
      || self->fft_in == NULL || self->fft_out == NULL
      || meter == NULL)
    {
      lq_spectrum_free (self);
      return NULL;
    }

  /* Periodic Hann: exact 50 % overlap-add. */
  for (uint32_t i = 0; i < self->size; i++)
    {
      self->window[i] = 0.5 - 0.5 * cos (2.0 * M_PI * i / self->size);
      sumw2 += self->window[i] * self->window[i];
    }
  self->scale = 2.0 / (self->size * sumw2);

  /* ESTIMATE: planning takes microseconds and gives the same plan (so the
   * same rounding) on every run. FFTW_MEASURE times candidate plans for a
   * good part of a second, to win about 10 % here, and may pick another
   * plan next time. */
  pthread_once (&planner_once, planner_init);
  pthread_mutex_lock (&planner_lock);
  self->plan = fftw_plan_dft_r2c_1d ((int) self->size, self->fft_in, self->fft_out,
                                     FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
  pthread_mutex_unlock (&planner_lock);
  if (self->plan == NULL)
    {
      lq_spectrum_free (self);
      return NULL;
    }

  return self;
}

LqSpectrum *
lq_spectrum_new (uint32_t sample_rate, uint32_t channels)
{
  return spectrum_new (sample_rate, channels, true);
}

LqSpectrum *
lq_spectrum_new_external_loudness (uint32_t sample_rate, uint32_t channels)
{
  return spectrum_new (sample_rate, channels, false);
}

void
lq_spectrum_free (LqSpectrum *self)
{
  if (self == NULL)
    return;
  if (self->plan != NULL)
    {
      pthread_mutex_lock (&planner_lock);
      fftw_destroy_plan (self->plan);
      pthread_mutex_unlock (&planner_lock);
    }
  fftw_free (self->fft_in);
  fftw_free (self->fft_out);
  lq_loudness_meter_free (self->meter);
  free (self->window);
  free (self->buf[0]);
  free (self->buf[1]);
  free (self->frames);
  free (self->blocks);
  free (self);
}

void
lq_spectrum_reset (LqSpectrum *self)
{
  self->first = 0;
  self->fill = 0;
  self->n_frames = 0;
  self->n_blocks = 0;
  if (self->meter != NULL)
    lq_loudness_meter_reset (self->meter);
}

void
lq_spectrum_set_gating (LqSpectrum *self, bool gating)
{
  self->gating = gating;
}

uint32_t
lq_spectrum_get_n_bands (const LqSpectrum *self)
{
  return self->n_bands;
}

const double *
lq_spectrum_get_centres (const LqSpectrum *self)
{
  return self->centres;
}

uint32_t
lq_spectrum_get_fft_size (const LqSpectrum *self)
{
  return self->size;
}

/* The sum of x[0 .. n - 1] squared, in eight interleaved partial sums:
 * they run in parallel (and in SIMD lanes) where one running sum would wait
 * on each addition. */
static inline double
sum_squares (const double *x, uint32_t n)
{
  double acc[8] = { 0.0 };
  uint32_t i = 0;

#if defined(__GNUC__)
  /* GCC does not vectorise the plain loop below by itself. */
  typedef double V4d __attribute__ ((vector_size (4 * sizeof (double))));
  V4d a = { 0.0 }, b = { 0.0 };

  for (; i + 8 <= n; i += 8)
    {
      V4d u, v;

      memcpy (&u, x + i, sizeof u);
      memcpy (&v, x + i + 4, sizeof v);
      a += u * u;
      b += v * v;
    }
  memcpy (acc, &a, sizeof a);
  memcpy (acc + 4, &b, sizeof b);
#endif
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; j++)
      acc[j] += x[i + j] * x[i + j];
  for (; i < n; i++)
    acc[i % 8] += x[i] * x[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* Band powers of channel @c's frame into @out. */
SPECTRUM_CLONES static void
analyse (LqSpectrum *self, uint32_t c, float *out)
{
  const uint32_t hop = self->hop;
  const double *w = self->window;
  const float *x0 = self->buf[c] + self->first * hop;
  const float *x1 = self->buf[c] + (1 - self->first) * hop;
  double *in = self->fft_in;
  const double *X = (const double *) self->fft_out; /* re, im, re, im, ... */

  for (uint32_t i = 0; i < hop; i++)
    in[i] = w[i] * x0[i];
  in += hop;
  w += hop;
  for (uint32_t i = 0; i < hop; i++)
    in[i] = w[i] * x1[i];
  fftw_execute (self->plan);

  for (uint32_t b = 0; b < self->n_bands; b++)
    {
      uint32_t k0 = self->k_first[b], k1 = self->k_last[b];
      double sum = self->w_first[b] * (X[2 * k0] * X[2 * k0] + X[2 * k0 + 1] * X[2 * k0 + 1]);

      /* The whole bins between: their re and im lie side by side. */
      if (k1 > k0)
        sum += sum_squares (X + 2 * k0 + 2, 2 * (k1 - k0 - 1))
               + self->w_last[b] * (X[2 * k1] * X[2 * k1] + X[2 * k1 + 1] * X[2 * k1 + 1]);
      out[b] = (float) (sum * self->scale);
    }
}

static LqDspStatus
push_frame (LqSpectrum *self)
{
  float *f;

  if (self->n_frames == self->cap_frames)
    {
      size_t cap = self->cap_frames ? self->cap_frames * 2 : 1024;
      float *p = realloc (self->frames, cap * 2 * self->n_bands * sizeof (float));

      if (p == NULL)
        return LQ_ERR_NOMEM;
      self->frames = p;
      self->cap_frames = cap;
    }
  f = self->frames + self->n_frames * 2 * self->n_bands;
  analyse (self, 0, f);
  if (self->channels == 2)
    analyse (self, 1, f + self->n_bands);
  else
    memset (f + self->n_bands, 0, self->n_bands * sizeof (float));
  self->n_frames++;
  return LQ_OK;
}

static LqDspStatus
push_block (LqSpectrum *self, double energy)
{
  if (self->n_blocks == self->cap_blocks)
    {
      size_t cap = self->cap_blocks ? self->cap_blocks * 2 : 1024;
      double *p = realloc (self->blocks, cap * sizeof (double));

      if (p == NULL)
        return LQ_ERR_NOMEM;
      self->blocks = p;
      self->cap_blocks = cap;
    }
  self->blocks[self->n_blocks++] = energy;
  return LQ_OK;
}

LqDspStatus
lq_spectrum_add_blocks (LqSpectrum *self, const LqLoudnessBlock *blocks, uint32_t n)
{
  if (self->meter != NULL)
    return LQ_ERR_INVALID;
  for (uint32_t j = 0; j < n; j++)
    if (push_block (self, blocks[j].momentary_valid ? blocks[j].momentary : -1.0) != LQ_OK)
      return LQ_ERR_NOMEM;
  return LQ_OK;
}

/* NaN and infinities count as silence (the meter does the same). Tested on
 * the exponent bits: a float comparison would keep the loops below from
 * being vectorised (it may trap on NaN). */
static inline float
finite_or_zero (float x)
{
  uint32_t bits;

  memcpy (&bits, &x, sizeof bits);
  bits &= 0u - (uint32_t) ((bits & 0x7f800000u) != 0x7f800000u);
  memcpy (&x, &bits, sizeof x);
  return x;
}

/* M and S of @n frames into @m and @s. In float, halves first (exact but
 * for the tiniest subnormals) and then one rounded sum: the float nearest
 * (L + R) / 2, as in double, and no overflow near full-scale float. */
SPECTRUM_CLONES static void
split_mid_side (const float *l, const float *r, uint32_t n, float *m, float *s)
{
  for (uint32_t i = 0; i < n; i++)
    {
      float a = finite_or_zero (l[i]), b = finite_or_zero (r[i]);

      m[i] = 0.5f * a + 0.5f * b;
      s[i] = 0.5f * a - 0.5f * b;
    }
}

/* Analyses the full frame and makes its second half the next one's first. */
static LqDspStatus
finish_frame (LqSpectrum *self)
{
  if (push_frame (self) != LQ_OK)
    return LQ_ERR_NOMEM;  /* still full: tried again on the next call */
  self->first = 1 - self->first;
  self->fill = self->hop;
  return LQ_OK;
}

LqDspStatus
lq_spectrum_process (LqSpectrum *self, const float *const *channels, uint32_t n)
{
  const uint32_t hop = self->hop;
  uint32_t done = 0;

  while (done < n)
    {
      uint32_t len, at;

      if (self->fill == self->size && finish_frame (self) != LQ_OK)
        return LQ_ERR_NOMEM;
      /* Up to the end of the half being filled. */
      len = hop - self->fill % hop;
      at = ((self->first + self->fill / hop) & 1) * hop + self->fill % hop;
      if (len > n - done)
        len = n - done;

      if (self->meter != NULL)
        {
          const float *ptr[LQ_SPECTRUM_MAX_CHANNELS];
          LqLoudnessBlock blocks[4];
          uint32_t nb;

          if (len > CHUNK)
            len = CHUNK;
          for (uint32_t c = 0; c < self->channels; c++)
            ptr[c] = channels[c] + done;
          nb = lq_loudness_meter_process (self->meter, ptr, len, blocks, 4);
          for (uint32_t j = 0; j < nb; j++)
            if (push_block (self, blocks[j].momentary_valid ? blocks[j].momentary : -1.0) != LQ_OK)
              return LQ_ERR_NOMEM;
        }

      if (self->channels == 2)
        split_mid_side (channels[0] + done, channels[1] + done, len,
                        self->buf[0] + at, self->buf[1] + at);
      else
        {
          const float *l = channels[0] + done;
          float *m = self->buf[0] + at;

          /* M = (L + L) / 2 exactly; S stays silent and is not analysed. */
          for (uint32_t i = 0; i < len; i++)
            m[i] = finite_or_zero (l[i]);
        }
      self->fill += len;
      done += len;

      if (self->fill == self->size && finish_frame (self) != LQ_OK)
        return LQ_ERR_NOMEM;
    }
  return LQ_OK;
}

double
lq_spectrum_reference (const double *centres, const double *db, uint32_t n)
{
  double sum = 0.0;
  uint32_t count = 0;

  for (uint32_t b = 0; b < n; b++)
    if (centres[b] >= LQ_SPECTRUM_REF_LOW_HZ * 0.99 && centres[b] <= LQ_SPECTRUM_REF_HIGH_HZ * 1.01)
      {
        sum += db[b];
        count++;
      }
  return count ? sum / count : 0.0;
}

/* Index of the momentary block centred on frame @i, or -1 if none. */
static long
block_of_frame (const LqSpectrum *self, size_t i, size_t first_valid)
{
  double centre = (double) i * self->hop + self->size / 2.0;
  double end = centre + 2.0 * self->meter_hop;
  long j = lround (end / self->meter_hop) - 1;

  if (j < (long) first_valid)
    j = (long) first_valid;
  if (j > (long) self->n_blocks - 1)
    j = (long) self->n_blocks - 1;
  return j;
}

LqDspStatus
lq_spectrum_get_bands (const LqSpectrum *self,
                       LqSpectrumNorm norm,
                       double *mid_db,
                       double *side_db,
                       uint32_t *n_used)
{
  double sum[2][LQ_SPECTRUM_MAX_BANDS] = { { 0 } };
  double db[2][LQ_SPECTRUM_MAX_BANDS];
  double threshold = -1.0;
  size_t first_valid = self->n_blocks, used = 0;
  uint32_t nb = self->n_bands;

  if (n_used != NULL)
    *n_used = 0;

  for (size_t j = 0; j < self->n_blocks; j++)
    if (self->blocks[j] >= 0.0)
      {
        first_valid = j;
        break;
      }

  if (self->gating)
    {
      double abs_gate = lq_loudness_to_energy (-70.0), mean = 0.0;
      size_t count = 0;

      if (first_valid == self->n_blocks)
        return LQ_ERR_INVALID;
      for (size_t j = first_valid; j < self->n_blocks; j++)
        if (self->blocks[j] > abs_gate)
          {
            mean += self->blocks[j];
            count++;
          }
      if (count == 0)
        return LQ_ERR_INVALID;
      mean /= (double) count;
      threshold = fmax (abs_gate, mean * pow (10.0, -10.0 / 10.0));
    }

  for (size_t i = 0; i < self->n_frames; i++)
    {
      const float *f = self->frames + i * 2 * nb;

      if (self->gating && !(self->blocks[block_of_frame (self, i, first_valid)] > threshold))
        continue;
      for (uint32_t b = 0; b < nb; b++)
        {
          sum[0][b] += f[b];
          sum[1][b] += f[nb + b];
        }
      used++;
    }
  if (used == 0)
    return LQ_ERR_INVALID;

  for (int c = 0; c < 2; c++)
    for (uint32_t b = 0; b < nb; b++)
      db[c][b] = 10.0 * log10 (fmax (sum[c][b] / (double) used, 1e-20));

  if (norm != LQ_SPECTRUM_NORM_NONE)
    {
      double ref_m = lq_spectrum_reference (self->centres, db[0], nb);
      double ref_s = norm == LQ_SPECTRUM_NORM_EACH
        ? lq_spectrum_reference (self->centres, db[1], nb) : ref_m;

      for (uint32_t b = 0; b < nb; b++)
        {
          db[0][b] -= ref_m;
          db[1][b] -= ref_s;
        }
    }

  if (mid_db != NULL)
    memcpy (mid_db, db[0], nb * sizeof (double));
  if (side_db != NULL)
    memcpy (side_db, db[1], nb * sizeof (double));
  if (n_used != NULL)
    *n_used = (uint32_t) used;
  return LQ_OK;
}

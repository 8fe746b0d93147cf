/* lq-spectrum.c: gated long-term average spectrum of M and S.
 *
 * Frames of N samples (N = 8192 at 44.1/48 kHz) start every N / 2 samples.
 * Each frame's one-sided power spectrum, scaled by Parseval for the Hann
 * window (2 |X_k|^2 / (N sum w^2)), is summed into bands: bin k covers
 * [k - 1/2, k + 1/2] bin widths and adds its power times the fraction of
 * that interval inside the band. Band powers of every frame are stored as
 * floats; the gate is applied in lq_spectrum_get_bands(), when the whole
 * programme's loudness is known.
 *
 * Frame i is centred on sample iH + N/2 and takes the momentary energy of
 * the 400 ms block centred there, i.e. the meter block ending 200 ms later
 * (nearest 100 ms hop). Frames at the very start and end take the first and
 * last complete block.
 */
#include "lq-spectrum.h"

#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lq-loudness-meter.h"

#define CHUNK 1024  /* meter feed; below one 100 ms hop at any rate >= 10.24 kHz */

struct _LqSpectrum
{
  uint32_t rate;
  uint32_t channels;
  uint32_t size;       /* FFT size N */
  uint32_t hop;        /* N / 2 */
  uint32_t n_bands;
  bool gating;
  double centres[LQ_SPECTRUM_MAX_BANDS];
  double lo_bin[LQ_SPECTRUM_MAX_BANDS];   /* band edges in bins */
  double hi_bin[LQ_SPECTRUM_MAX_BANDS];
  double scale;        /* Parseval factor */

  double *window;
  double *fft_in;      /* fftw_malloc'd, N */
  fftw_complex *fft_out; /* N / 2 + 1 */
  fftw_plan plan;

  float *buf[2];       /* M and S of the frame being filled, N each */
  uint32_t fill;

  LqLoudnessMeter *meter;
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

LqSpectrum *
lq_spectrum_new (uint32_t sample_rate, uint32_t channels)
{
  LqSpectrum *self;
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
      self->lo_bin[self->n_bands] = lo / df;
      self->hi_bin[self->n_bands] = hi / df;
      self->n_bands++;
    }

  self->window = malloc (self->size * sizeof (double));
  self->buf[0] = malloc (self->size * sizeof (float));
  self->buf[1] = malloc (self->size * sizeof (float));
  self->fft_in = fftw_malloc (self->size * sizeof (double));
  self->fft_out = fftw_malloc ((self->size / 2 + 1) * sizeof (fftw_complex));
  self->meter = lq_loudness_meter_new (sample_rate, channels);
  if (self->window == NULL || self->buf[0] == NULL || self->buf[1] == NULL
      || self->fft_in == NULL || self->fft_out == NULL || self->meter == NULL)
    {
      lq_spectrum_free (self);
      return NULL;
    }
  self->meter_hop = lq_loudness_meter_get_hop (self->meter);

  /* Periodic Hann: exact 50 % overlap-add. */
  for (uint32_t i = 0; i < self->size; i++)
    {
      self->window[i] = 0.5 - 0.5 * cos (2.0 * M_PI * i / self->size);
      sumw2 += self->window[i] * self->window[i];
    }
  self->scale = 2.0 / (self->size * sumw2);

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
  self->fill = 0;
  self->n_frames = 0;
  self->n_blocks = 0;
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

/* Band powers of one windowed channel into @out. */
static void
analyse (LqSpectrum *self, const float *x, float *out)
{
  uint32_t half = self->size / 2;

  for (uint32_t i = 0; i < self->size; i++)
    self->fft_in[i] = self->window[i] * x[i];
  fftw_execute (self->plan);

  for (uint32_t b = 0; b < self->n_bands; b++)
    {
      double lo = self->lo_bin[b], hi = self->hi_bin[b], sum = 0.0;
      uint32_t k0 = (uint32_t) floor (lo + 0.5);
      uint32_t k1 = (uint32_t) floor (hi + 0.5);

      if (k1 > half)
        k1 = half;
      for (uint32_t k = k0; k <= k1; k++)
        {
          double a = fmax (lo, k - 0.5), z = fmin (hi, k + 0.5);
          double re = self->fft_out[k][0], im = self->fft_out[k][1];

          if (z > a)
            sum += (z - a) * (re * re + im * im);
        }
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
  analyse (self, self->buf[0], f);
  if (self->channels == 2)
    analyse (self, self->buf[1], f + self->n_bands);
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
lq_spectrum_process (LqSpectrum *self, const float *const *channels, uint32_t n)
{
  uint32_t done = 0;

  while (done < n)
    {
      uint32_t len = n - done;
      const float *ptr[LQ_SPECTRUM_MAX_CHANNELS];
      LqLoudnessBlock blocks[4];
      uint32_t nb;

      if (len > CHUNK)
        len = CHUNK;
      if (len > self->size - self->fill)
        len = self->size - self->fill;

      for (uint32_t c = 0; c < self->channels; c++)
        ptr[c] = channels[c] + done;
      nb = lq_loudness_meter_process (self->meter, ptr, len, blocks, 4);
      for (uint32_t j = 0; j < nb; j++)
        if (push_block (self, blocks[j].momentary_valid ? blocks[j].momentary : -1.0) != LQ_OK)
          return LQ_ERR_NOMEM;

      for (uint32_t i = 0; i < len; i++)
        {
          double l = ptr[0][i], r = self->channels == 2 ? ptr[1][i] : l;

          if (!isfinite (l))
            l = 0.0;
          if (!isfinite (r))
            r = 0.0;
          self->buf[0][self->fill + i] = (float) (0.5 * (l + r));
          self->buf[1][self->fill + i] = (float) (0.5 * (l - r));
        }
      self->fill += len;
      done += len;

      if (self->fill == self->size)
        {
          if (push_frame (self) != LQ_OK)
            return LQ_ERR_NOMEM;
          for (int c = 0; c < 2; c++)
            memmove (self->buf[c], self->buf[c] + self->hop,
                     (self->size - self->hop) * sizeof (float));
          self->fill = self->size - self->hop;
        }
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

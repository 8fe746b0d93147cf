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
 * edge bins. The FFTs are most of the work.
 *
 * The gate's threshold is known only at the end (it follows the whole
 * programme's loudness), yet memory must not grow with the length. So each
 * frame, once its block has arrived, is summed (in double) into a total for
 * the ungated mean and into a histogram bin by its block's loudness: 0.1 LU
 * bins from -70 to +30 LUFS (louder in the top one), each made on first use
 * and holding the band sums, the count and the smallest, largest and summed
 * block energy of its frames. lq_spectrum_get_bands() adds up the bins
 * wholly above the threshold; only the one bin the threshold falls inside
 * (a bin whose smallest energy is above it, or largest at or below it, is
 * decided exactly) counts as a whole, if its frames' mean block energy
 * passes. The threshold itself is summed block by block as before, so it is
 * exact. Memory: the fixed buffers, at most 1,000 bins of 16 + 8 x 2 x bands
 * bytes, and the frames (and blocks) still waiting for their partner, a few
 * when audio and blocks are handed in together.
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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-fft.h"
#include "lq-simd.h"

#define CHUNK 1024  /* meter feed; below one 100 ms hop at any rate >= 10.24 kHz */

/* The loops over samples and bins also in an AVX2 version, picked at run
 * time (LQ_SIMD_CLONES): both compute the same. */
/* The gate histogram: bins of GATE_BIN_LU from GATE_LOW_LUFS up. */
#define GATE_LOW_LUFS (-70.0)
#define GATE_BIN_LU 0.1
#define GATE_N_BINS 1000

typedef struct
{
  size_t count;
  double e_min, e_max, e_sum;  /* of the frames' block energies */
  double sum[];                /* 2 * n_bands: M band sums then S */
} GateBin;

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
  double *fft_in;      /* lq_fft_malloc'd, N */
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

  /* Frames n_matched .. n_frames - 1 wait for their block: 2 * n_bands
   * floats each (M bands then S bands), the oldest first. */
  float *pending;
  size_t n_frames;
  size_t n_matched;
  size_t cap_pending;

  /* Blocks (momentary energy per meter hop, -1 when invalid): n_blocks seen;
   * those from win_base on that frames may still need are kept in win. */
  size_t n_blocks;
  size_t first_valid;  /* index of the first valid block; SIZE_MAX before */
  double last_energy;  /* of block n_blocks - 1 */
  double *win;
  size_t win_base;
  size_t win_len;
  size_t cap_win;
  /* The blocks above the absolute gate, summed in order. */
  double gate_sum;
  size_t gate_count;

  /* Every matched frame, in order: the ungated sums. */
  double total[2 * LQ_SPECTRUM_MAX_BANDS];
  size_t total_count;
  GateBin *bins[GATE_N_BINS];
  size_t n_bins;       /* made so far */
};

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
  self->first_valid = SIZE_MAX;
  self->last_energy = -1.0;

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
  self->fft_in = lq_fft_malloc (self->size * sizeof (double));
  self->fft_out = lq_fft_malloc ((self->size / 2 + 1) * sizeof (fftw_complex));
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
  self->plan = lq_fft_plan_r2c ((int) self->size, self->fft_in, self->fft_out,
                                FFTW_DESTROY_INPUT);
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
  lq_fft_destroy_plan (self->plan);
  lq_fft_free (self->fft_in);
  lq_fft_free (self->fft_out);
  lq_loudness_meter_free (self->meter);
  free (self->window);
  free (self->buf[0]);
  free (self->buf[1]);
  free (self->pending);
  free (self->win);
  for (uint32_t k = 0; k < GATE_N_BINS; k++)
    free (self->bins[k]);
  free (self);
}

static void
clear_gate (LqSpectrum *self)
{
  self->n_frames = 0;
  self->n_matched = 0;
  self->n_blocks = 0;
  self->first_valid = SIZE_MAX;
  self->last_energy = -1.0;
  self->win_base = 0;
  self->win_len = 0;
  self->gate_sum = 0.0;
  self->gate_count = 0;
  memset (self->total, 0, sizeof self->total);
  self->total_count = 0;
  for (uint32_t k = 0; k < GATE_N_BINS; k++)
    {
      free (self->bins[k]);
      self->bins[k] = NULL;
    }
  self->n_bins = 0;
}

void
lq_spectrum_reset (LqSpectrum *self)
{
  self->first = 0;
  self->fill = 0;
  clear_gate (self);
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
LQ_SIMD_CLONES static void
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

/* Index of the meter block whose 400 ms are centred on frame @i: the one
 * ending 200 ms after the frame's centre (nearest hop), before the clamping
 * to the first and last block. */
static size_t
raw_block_of_frame (const LqSpectrum *self, size_t i)
{
  double centre = (double) i * self->hop + self->size / 2.0;
  double end = centre + 2.0 * self->meter_hop;
  long j = lround (end / self->meter_hop) - 1;

  return j > 0 ? (size_t) j : 0;
}

/* The energy of block @j, which is still kept (or the last one). */
static double
block_energy (const LqSpectrum *self, size_t j)
{
  if (j + 1 == self->n_blocks)
    return self->last_energy;
  return self->win[j - self->win_base];
}

/* The block frame @i takes, clamped to the first valid and the last block
 * (frames at the very start and end); SIZE_MAX while that is not known. */
static size_t
block_of_frame (const LqSpectrum *self, size_t i, bool at_end)
{
  size_t j = raw_block_of_frame (self, i);

  if (self->first_valid == SIZE_MAX)
    return SIZE_MAX;
  if (j < self->first_valid)
    j = self->first_valid;
  if (j >= self->n_blocks)
    {
      if (!at_end)
        return SIZE_MAX;
      j = self->n_blocks - 1;
    }
  return j;
}

static size_t
bin_size (const LqSpectrum *self)
{
  return sizeof (GateBin) + 2 * self->n_bands * sizeof (double);
}

static LqDspStatus
add_to_bin (LqSpectrum *self, const float *f, double energy)
{
  double lufs = lq_loudness_from_energy (energy);
  double pos = floor ((lufs - GATE_LOW_LUFS) / GATE_BIN_LU);
  uint32_t k = pos <= 0.0 ? 0 : pos >= GATE_N_BINS - 1 ? GATE_N_BINS - 1 : (uint32_t) pos;
  GateBin *bin = self->bins[k];

  if (bin == NULL)
    {
      bin = calloc (1, bin_size (self));
      if (bin == NULL)
        return LQ_ERR_NOMEM;
      bin->e_min = energy;
      bin->e_max = energy;
      self->bins[k] = bin;
      self->n_bins++;
    }
  bin->count++;
  bin->e_min = fmin (bin->e_min, energy);
  bin->e_max = fmax (bin->e_max, energy);
  bin->e_sum += energy;
  for (uint32_t b = 0; b < 2 * self->n_bands; b++)
    bin->sum[b] += f[b];
  return LQ_OK;
}

/* Sums every waiting frame whose block has arrived and forgets the blocks
 * no frame can need any more. */
static void
match_frames (LqSpectrum *self)
{
  const uint32_t width = 2 * self->n_bands;
  double abs_gate = lq_loudness_to_energy (GATE_LOW_LUFS);
  size_t done = 0, need;

  while (self->n_matched < self->n_frames)
    {
      const float *f = self->pending + done * width;
      size_t j = block_of_frame (self, self->n_matched, false);
      double e;

      if (j == SIZE_MAX)
        break;
      e = block_energy (self, j);
      if (e > abs_gate && add_to_bin (self, f, e) != LQ_OK)
        break;  /* the frame stays waiting: tried again on the next call */
      for (uint32_t b = 0; b < width; b++)
        self->total[b] += f[b];
      self->total_count++;
      self->n_matched++;
      done++;
    }
  if (done > 0)
    memmove (self->pending, self->pending + done * width,
             (self->n_frames - self->n_matched) * width * sizeof (float));

  /* Frames to come take block raw_block_of_frame (n_matched) or later. */
  if (self->first_valid != SIZE_MAX)
    {
      need = raw_block_of_frame (self, self->n_matched);
      if (need < self->first_valid)
        need = self->first_valid;
      if (need > self->win_base + self->win_len)
        need = self->win_base + self->win_len;
      if (need > self->win_base)
        {
          size_t drop = need - self->win_base;

          memmove (self->win, self->win + drop, (self->win_len - drop) * sizeof (double));
          self->win_len -= drop;
          self->win_base = need;
        }
    }
}

static LqDspStatus
push_frame (LqSpectrum *self)
{
  const uint32_t width = 2 * self->n_bands;
  size_t waiting = self->n_frames - self->n_matched;
  float *f;

  if (waiting == self->cap_pending)
    {
      size_t cap = self->cap_pending ? self->cap_pending * 2 : 8;
      float *p = realloc (self->pending, cap * width * sizeof (float));

      if (p == NULL)
        return LQ_ERR_NOMEM;
      self->pending = p;
      self->cap_pending = cap;
    }
  f = self->pending + waiting * width;
  analyse (self, 0, f);
  if (self->channels == 2)
    analyse (self, 1, f + self->n_bands);
  else
    memset (f + self->n_bands, 0, self->n_bands * sizeof (float));
  self->n_frames++;
  /* A frame that cannot be summed yet for want of memory just waits. */
  match_frames (self);
  return LQ_OK;
}

static LqDspStatus
push_block (LqSpectrum *self, double energy)
{
  size_t index = self->n_blocks;

  if (self->first_valid == SIZE_MAX && energy >= 0.0)
    {
      self->first_valid = index;
      self->win_base = index;
      self->win_len = 0;
    }
  /* Blocks before the first valid one are never needed (frames before it
   * take it). */
  if (self->first_valid != SIZE_MAX)
    {
      if (self->win_len == self->cap_win)
        {
          size_t cap = self->cap_win ? self->cap_win * 2 : 16;
          double *p = realloc (self->win, cap * sizeof (double));

          if (p == NULL)
            return LQ_ERR_NOMEM;
          self->win = p;
          self->cap_win = cap;
        }
      self->win[self->win_len++] = energy;
    }
  if (energy > lq_loudness_to_energy (GATE_LOW_LUFS))
    {
      self->gate_sum += energy;
      self->gate_count++;
    }
  self->last_energy = energy;
  self->n_blocks++;
  match_frames (self);
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

size_t
lq_spectrum_get_allocated (const LqSpectrum *self)
{
  return sizeof *self
         + self->size * (sizeof (double) + 2 * sizeof (float) + sizeof (double))
         + (self->size / 2 + 1) * sizeof (fftw_complex)
         + self->cap_pending * 2 * self->n_bands * sizeof (float)
         + self->cap_win * sizeof (double)
         + self->n_bins * bin_size (self);
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
LQ_SIMD_CLONES static void
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

LqDspStatus
lq_spectrum_get_bands (const LqSpectrum *self,
                       LqSpectrumNorm norm,
                       double *mid_db,
                       double *side_db,
                       uint32_t *n_used)
{
  const uint32_t nb = self->n_bands;
  double sum[2 * LQ_SPECTRUM_MAX_BANDS] = { 0 };
  double db[2][LQ_SPECTRUM_MAX_BANDS];
  double threshold = -1.0;
  size_t used = 0;

  if (n_used != NULL)
    *n_used = 0;

  if (self->gating)
    {
      double abs_gate = lq_loudness_to_energy (GATE_LOW_LUFS), mean;

      if (self->first_valid == SIZE_MAX || self->gate_count == 0)
        return LQ_ERR_INVALID;
      mean = self->gate_sum / (double) self->gate_count;
      threshold = fmax (abs_gate, mean * pow (10.0, -10.0 / 10.0));

      /* Ascending loudness; the bin the threshold falls inside by its
       * frames' mean block energy. */
      for (uint32_t k = 0; k < GATE_N_BINS; k++)
        {
          const GateBin *bin = self->bins[k];

          if (bin == NULL || bin->e_max <= threshold)
            continue;
          if (!(bin->e_min > threshold) && !(bin->e_sum / (double) bin->count > threshold))
            continue;
          for (uint32_t b = 0; b < 2 * nb; b++)
            sum[b] += bin->sum[b];
          used += bin->count;
        }
    }
  else
    {
      memcpy (sum, self->total, sizeof sum);
      used = self->total_count;
    }

  /* Frames still waiting for their block: the end of the stream, or the
   * blocks not handed in yet. */
  for (size_t i = self->n_matched; i < self->n_frames; i++)
    {
      const float *f = self->pending + (i - self->n_matched) * 2 * nb;

      if (self->gating)
        {
          size_t j = block_of_frame (self, i, true);

          if (j == SIZE_MAX || !(block_energy (self, j) > threshold))
            continue;
        }
      for (uint32_t b = 0; b < 2 * nb; b++)
        sum[b] += f[b];
      used++;
    }
  if (used == 0)
    return LQ_ERR_INVALID;

  for (int c = 0; c < 2; c++)
    for (uint32_t b = 0; b < nb; b++)
      db[c][b] = 10.0 * log10 (fmax (sum[c * nb + b] / (double) used, 1e-20));
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

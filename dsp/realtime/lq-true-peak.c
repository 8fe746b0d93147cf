/* lq-true-peak.c: true-peak detection by polyphase oversampling.
 *
 * The interpolator is a Kaiser-windowed sinc at the oversampled rate, cut at
 * the input's Nyquist frequency and split into L phases of TAPS taps; its
 * odd length puts the input samples themselves on one phase. Every phase is
 * normalised to unity gain at DC. Output sample n*L+p is
 *   y[nL + p] = sum_j h[jL + p] * x[n - j],
 * computed a chunk at a time with the loop over n innermost, so the compiler
 * vectorises it; each output is the same sum in the same order whatever the
 * block size, so results do not depend on how the stream is cut.
 *
 * lq_true_peak_process_frames_max() (the limiter's detector) computes the
 * same sums in the same order, but a register-blocked pass: all phases of 16
 * outputs at once, accumulators held in registers across the taps (GCC
 * vector extensions; plain C elsewhere). The phase that is the input itself
 * (the odd-length design puts one tap of exactly 1 on it, zeros elsewhere)
 * is read as |x|: for finite input the sum is exactly that.
 */
#include "lq-true-peak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-simd.h"

#define TAPS 24          /* per phase */
#define CHUNK 256        /* input samples per inner pass */
#define MAX_FACTOR 4
#define KAISER_BETA 7.0
#define LANES LQ_SIMD_LANES
#define GROUP 16         /* outputs per iteration of that pass */

struct _LqTruePeak
{
  uint32_t channels;
  uint32_t factor;
  uint32_t max_block;
  float coef[MAX_FACTOR][TAPS];
  /* For process_frames_max(): the phases that are real interpolations, and
   * the tap at which the remaining one reads the input (-1: none). */
  uint32_t n_fir;
  uint32_t fir_phase[MAX_FACTOR];
  int id_tap;
  /* Their coefficients, each repeated over LANES: [tap][phase][lane]. */
  float vcoef[TAPS][MAX_FACTOR - 1][LANES];
  /* Per channel: TAPS - 1 samples of history, then the chunk being processed. */
  float buf[LQ_TRUE_PEAK_MAX_CHANNELS][TAPS - 1 + CHUNK];
  /* Running elementwise maxima, reduced when a call returns. */
  float lane_max[LQ_TRUE_PEAK_MAX_CHANNELS][CHUNK];
  float acc[CHUNK];
};

static double
bessel_i0 (double x)
{
  double sum = 1.0, term = 1.0;

  for (int k = 1; k < 50; k++)
    {
      term *= (x / (2.0 * k)) * (x / (2.0 * k));
      sum += term;
      if (term < sum * 1e-17)
        break;
    }
  return sum;
}

static void
design (LqTruePeak *self)
{
  uint32_t l = self->factor;
  /* An odd length centred on a tap: one phase is then the input itself
   * (its other taps fall on zeros of the sinc), so the detector never reads
   * below the samples it was given. The last slot stays 0. */
  uint32_t n = l * TAPS - 1;
  uint32_t centre = (n - 1) / 2;
  double h[MAX_FACTOR * TAPS] = { 0 };

  for (uint32_t k = 0; k < n; k++)
    {
      int offset = (int) k - (int) centre;
      double t = (double) offset / l;   /* in input samples */
      double r = (double) offset / (centre + 1.0);
      double w = bessel_i0 (KAISER_BETA * sqrt (1.0 - r * r)) / bessel_i0 (KAISER_BETA);

      if (offset == 0)
        h[k] = 1.0;
      else if (offset % (int) l == 0)
        h[k] = 0.0;   /* exactly, not sin (n pi) ~ 1e-16 */
      else
        h[k] = sin (M_PI * t) / (M_PI * t) * w;
    }

  for (uint32_t p = 0; p < l; p++)
    {
      double sum = 0.0;

      for (uint32_t j = 0; j < TAPS; j++)
        sum += h[j * l + p];
      for (uint32_t j = 0; j < TAPS; j++)
        self->coef[p][j] = (float) (h[j * l + p] / sum);
    }

  /* One phase is the input itself: a single coefficient of exactly 1. */
  self->id_tap = -1;
  self->n_fir = 0;
  for (uint32_t p = 0; p < l; p++)
    {
      int one = -1, others = 0;

      for (uint32_t j = 0; j < TAPS; j++)
        if (self->coef[p][j] == 1.0f && one < 0)
          one = (int) j;
        else if (self->coef[p][j] != 0.0f)
          others++;
      if (one >= 0 && others == 0 && self->id_tap < 0)
        self->id_tap = one;
      else
        self->fir_phase[self->n_fir++] = p;
    }
  if (self->n_fir > MAX_FACTOR - 1)
    self->id_tap = -1;          /* not used: process_frames_max() falls back */
  for (uint32_t j = 0; j < TAPS; j++)
    for (uint32_t q = 0; q < self->n_fir && q < MAX_FACTOR - 1; q++)
      for (uint32_t k = 0; k < LANES; k++)
        self->vcoef[j][q][k] = self->coef[self->fir_phase[q]][j];
}

LqTruePeak *
lq_true_peak_new (uint32_t sample_rate,
                  uint32_t channels,
                  uint32_t max_block)
{
  LqTruePeak *self;

  if (sample_rate < 1000 || channels < 1 || channels > LQ_TRUE_PEAK_MAX_CHANNELS || max_block < 1)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->channels = channels;
  self->max_block = max_block;
  self->factor = sample_rate < 96000 ? 4 : sample_rate < 192000 ? 2 : 1;
  if (self->factor > 1)
    design (self);
  lq_true_peak_reset (self);

  return self;
}

void
lq_true_peak_free (LqTruePeak *self)
{
  free (self);
}

void
lq_true_peak_reset (LqTruePeak *self)
{
  memset (self->buf, 0, sizeof self->buf);
  memset (self->lane_max, 0, sizeof self->lane_max);
}

uint32_t
lq_true_peak_get_oversampling (const LqTruePeak *self)
{
  return self->factor;
}

uint32_t
lq_true_peak_get_latency (const LqTruePeak *self)
{
  return self->factor > 1 ? TAPS / 2 : 0;
}

/* The inner loops vectorise; where the CPU has AVX2, a second build of this
 * function uses it (picked at load time). No FMA: both builds round every
 * product and sum alike, so readings are identical on every x86-64 CPU. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
LQ_SIMD_CLONES
#endif
static void
run_chunk (LqTruePeak *self,
           uint32_t c,
           uint32_t m,
           float *restrict lane)
{
  float *restrict acc = self->acc;
  const float *x = self->buf[c] + TAPS - 1;

  for (uint32_t p = 0; p < self->factor; p++)
    {
      const float *h = self->coef[p];

      for (uint32_t i = 0; i < m; i++)
        acc[i] = h[0] * x[i];
      for (uint32_t j = 1; j < TAPS; j++)
        {
          const float hj = h[j];
          const float *xj = x - j;

          for (uint32_t i = 0; i < m; i++)
            acc[i] += hj * xj[i];
        }
      for (uint32_t i = 0; i < m; i++)
        {
          float a = fabsf (acc[i]);
          lane[i] = a > lane[i] ? a : lane[i];
        }
    }

  /* Keep the last TAPS - 1 samples as the next chunk's history. */
  memmove (self->buf[c], self->buf[c] + m, (TAPS - 1) * sizeof (float));
}

static void
reduce (LqTruePeak *self,
        float *peak)
{
  for (uint32_t c = 0; c < self->channels; c++)
    {
      float m = peak[c];

      for (uint32_t i = 0; i < CHUNK; i++)
        m = self->lane_max[c][i] > m ? self->lane_max[c][i] : m;
      peak[c] = m;
      memset (self->lane_max[c], 0, sizeof self->lane_max[c]);
    }
}

void
lq_true_peak_process (LqTruePeak *self,
                      const float *const *channels,
                      uint32_t n,
                      float *peak)
{
  if (self->factor == 1)
    {
      for (uint32_t c = 0; c < self->channels; c++)
        for (uint32_t i = 0; i < n; i++)
          {
            float a = fabsf (channels[c][i]);
            peak[c] = a > peak[c] ? a : peak[c];
          }
      return;
    }

  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = n - done < CHUNK ? n - done : CHUNK;

      for (uint32_t c = 0; c < self->channels; c++)
        {
          memcpy (self->buf[c] + TAPS - 1, channels[c] + done, m * sizeof (float));
          run_chunk (self, c, m, self->lane_max[c]);
        }
      done += m;
    }

  reduce (self, peak);
}

void
lq_true_peak_process_frames (LqTruePeak *self,
                             const float *const *channels,
                             uint32_t n,
                             float *const *peaks)
{
  if (self->factor == 1)
    {
      for (uint32_t c = 0; c < self->channels; c++)
        for (uint32_t i = 0; i < n; i++)
          peaks[c][i] = fabsf (channels[c][i]);
      return;
    }

  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = n - done < CHUNK ? n - done : CHUNK;

      for (uint32_t c = 0; c < self->channels; c++)
        {
          memset (peaks[c] + done, 0, m * sizeof (float));
          memcpy (self->buf[c] + TAPS - 1, channels[c] + done, m * sizeof (float));
          run_chunk (self, c, m, peaks[c] + done);
        }
      done += m;
    }
}

#if LQ_SIMD_VECTORS
/* Per output i in [0, round_up (m, GROUP)): the largest of |x[i - id]| and
 * the |interpolated values| of the n_fir (3 or 1) phases, raised into
 * out[i] (or written, when !raise). x has TAPS - 1 samples of history. */
LQ_SIMD_CLONES
static void
max_kernel (const LqTruePeak *self,
            const float *x,
            uint32_t m,
            float *out,
            int raise)
{
  const uint32_t id = (uint32_t) self->id_tap;

  for (uint32_t i = 0; i < m; i += GROUP)
    {
      const float *xi = x + i;
      lq_v8sf v0, v1, h, a00, a01, a02, a10, a11, a12, m0, m1, t;

      LQ_V_LOAD (v0, xi);
      LQ_V_LOAD (v1, xi + LANES);
      LQ_V_LOAD (h, self->vcoef[0][0]);
      a00 = h * v0;
      a10 = h * v1;
      if (self->n_fir == 3)
        {
          LQ_V_LOAD (h, self->vcoef[0][1]);
          a01 = h * v0;
          a11 = h * v1;
          LQ_V_LOAD (h, self->vcoef[0][2]);
          a02 = h * v0;
          a12 = h * v1;
          for (uint32_t j = 1; j < TAPS; j++)
            {
              LQ_V_LOAD (v0, xi - j);
              LQ_V_LOAD (v1, xi + LANES - j);
              LQ_V_LOAD (h, self->vcoef[j][0]);
              a00 += h * v0;
              a10 += h * v1;
              LQ_V_LOAD (h, self->vcoef[j][1]);
              a01 += h * v0;
              a11 += h * v1;
              LQ_V_LOAD (h, self->vcoef[j][2]);
              a02 += h * v0;
              a12 += h * v1;
            }
        }
      else
        {
          for (uint32_t j = 1; j < TAPS; j++)
            {
              LQ_V_LOAD (v0, xi - j);
              LQ_V_LOAD (v1, xi + LANES - j);
              LQ_V_LOAD (h, self->vcoef[j][0]);
              a00 += h * v0;
              a10 += h * v1;
            }
          a01 = a02 = a00;
          a11 = a12 = a10;
        }
      LQ_V_LOAD (v0, xi - id);
      LQ_V_LOAD (v1, xi + LANES - id);
      m0 = LQ_V_ABS (v0);
      m1 = LQ_V_ABS (v1);
      t = LQ_V_ABS (a00); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a01); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a02); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a10); LQ_V_MAX (m1, t, m1);
      t = LQ_V_ABS (a11); LQ_V_MAX (m1, t, m1);
      t = LQ_V_ABS (a12); LQ_V_MAX (m1, t, m1);
      if (raise)
        {
          LQ_V_LOAD (v0, out + i);
          LQ_V_LOAD (v1, out + i + LANES);
          LQ_V_MAX (m0, v0, m0);
          LQ_V_MAX (m1, v1, m1);
        }
      LQ_V_STORE (out + i, m0);
      LQ_V_STORE (out + i + LANES, m1);
    }
}
#endif

void
lq_true_peak_process_frames_max (LqTruePeak *self,
                                 const float *const *channels,
                                 uint32_t n,
                                 float *peak)
{
  if (self->factor == 1)
    {
      for (uint32_t i = 0; i < n; i++)
        peak[i] = fabsf (channels[0][i]);
      for (uint32_t c = 1; c < self->channels; c++)
        for (uint32_t i = 0; i < n; i++)
          {
            float a = fabsf (channels[c][i]);
            peak[i] = a > peak[i] ? a : peak[i];
          }
      return;
    }

  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = n - done < CHUNK ? n - done : CHUNK;

#if LQ_SIMD_VECTORS
      if (self->id_tap >= 0 && (self->n_fir == 3 || self->n_fir == 1))
        {
          /* lane_max is only used between a process() call and its reduce(). */
          float *tmp = self->acc;

          for (uint32_t c = 0; c < self->channels; c++)
            {
              memcpy (self->buf[c] + TAPS - 1, channels[c] + done, m * sizeof (float));
              max_kernel (self, self->buf[c] + TAPS - 1, m, tmp, c > 0);
              memmove (self->buf[c], self->buf[c] + m, (TAPS - 1) * sizeof (float));
            }
          memcpy (peak + done, tmp, m * sizeof (float));
          done += m;
          continue;
        }
#endif
      for (uint32_t c = 0; c < self->channels; c++)
        {
          float *lane = self->lane_max[c];

          memset (lane, 0, m * sizeof (float));
          memcpy (self->buf[c] + TAPS - 1, channels[c] + done, m * sizeof (float));
          run_chunk (self, c, m, lane);
          for (uint32_t i = 0; i < m; i++)
            if (c == 0 || lane[i] > peak[done + i])
              peak[done + i] = lane[i];
          memset (lane, 0, m * sizeof (float));
        }
      done += m;
    }
}

void
lq_true_peak_flush (LqTruePeak *self,
                    float *peak)
{
  if (self->factor == 1)
    return;

  for (uint32_t c = 0; c < self->channels; c++)
    {
      memset (self->buf[c] + TAPS - 1, 0, (TAPS - 1) * sizeof (float));
      run_chunk (self, c, TAPS - 1, self->lane_max[c]);
    }
  reduce (self, peak);
}

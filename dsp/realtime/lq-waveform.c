/* lq-waveform.c */
#include "lq-waveform.h"

#include <math.h>
#include <stdlib.h>

#include "lq-simd.h"

#define LANES LQ_SIMD_LANES

struct _LqWaveform
{
  uint32_t channels;
  uint32_t frames_per_peak;
  uint32_t filled;
  float lo[LQ_WAVEFORM_MAX_CHANNELS];
  float hi[LQ_WAVEFORM_MAX_CHANNELS];
  /* Sums of squares of the peak so far, in LANES lanes: sample k of the
   * peak goes to lane k % LANES, so the sums (and the RMS) do not depend on
   * how the stream is cut into blocks, and the loop vectorises. */
  float sq[LQ_WAVEFORM_MAX_CHANNELS][LANES];
};

static void
start_peak (LqWaveform *self)
{
  self->filled = 0;
  for (uint32_t c = 0; c < self->channels; c++)
    {
      self->lo[c] = INFINITY;
      self->hi[c] = -INFINITY;
      for (int k = 0; k < LANES; k++)
        self->sq[c][k] = 0.0f;
    }
}

LqWaveform *
lq_waveform_new (uint32_t channels,
                 uint32_t frames_per_peak)
{
  LqWaveform *self;

  if (channels < 1 || channels > LQ_WAVEFORM_MAX_CHANNELS || frames_per_peak < 1)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->channels = channels;
  self->frames_per_peak = frames_per_peak;
  start_peak (self);
  return self;
}

void
lq_waveform_free (LqWaveform *self)
{
  free (self);
}

uint32_t
lq_waveform_get_peak_size (const LqWaveform *self)
{
  return 2 * self->channels;
}

static int8_t
quantize (float x,
          int outwards)
{
  float v;

  if (!(x == x))   /* NaN */
    return 0;
  v = x * 127.0f;
  v = outwards > 0 ? ceilf (v) : floorf (v);
  if (v > 127.0f)
    v = 127.0f;
  if (v < -127.0f)
    v = -127.0f;
  return (int8_t) v;
}

uint32_t
lq_waveform_get_rms_size (const LqWaveform *self)
{
  return self->channels;
}

uint8_t
lq_waveform_rms_encode (double mean_square)
{
  double code;

  if (!(mean_square > 0.0))   /* also NaN */
    return 0;
  code = 255.0 + round (10.0 * log10 (mean_square) / LQ_WAVEFORM_RMS_STEP_DB);
  if (code < 1.0)
    return 0;
  return code > 255.0 ? 255 : (uint8_t) code;
}

double
lq_waveform_rms_to_db (uint8_t code)
{
  return code == 0 ? -INFINITY : ((int) code - 255) * LQ_WAVEFORM_RMS_STEP_DB;
}

double
lq_waveform_rms_to_power (uint8_t code)
{
  return code == 0 ? 0.0 : pow (10.0, lq_waveform_rms_to_db (code) / 10.0);
}

double
lq_waveform_rms_to_linear (uint8_t code)
{
  return code == 0 ? 0.0 : pow (10.0, lq_waveform_rms_to_db (code) / 20.0);
}

static void
emit (LqWaveform *self,
      int8_t *out,
      uint8_t *rms_out)
{
  for (uint32_t c = 0; c < self->channels; c++)
    {
      out[2 * c] = quantize (self->lo[c], -1);
      out[2 * c + 1] = quantize (self->hi[c], +1);
      if (rms_out != NULL)
        {
          double sum = 0.0;

          for (int k = 0; k < LANES; k++)
            sum += self->sq[c][k];
          rms_out[c] = lq_waveform_rms_encode (sum / self->filled);
        }
    }
  start_peak (self);
}

/* Raises *lo, *hi with x[0..n) and adds x[i]^2 to sq[i % LANES]; n is a
 * multiple of LANES. Vectorised where GCC's vector extensions are there
 * (the same sums, lane by lane, as the plain loop). */
#if LQ_SIMD_VECTORS
LQ_SIMD_CLONES
static void
accumulate (const float *x,
            uint32_t n,
            float *lo,
            float *hi,
            float *sq)
{
  lq_v8sf vlo, vhi, vsq, v;
  float l[LANES], h[LANES];

  LQ_V_LOAD (vlo, x);
  vhi = vlo;
  LQ_V_LOAD (vsq, sq);
  for (uint32_t i = 0; i < n; i += LANES)
    {
      lq_v8si below, above;

      LQ_V_LOAD (v, x + i);
      below = (lq_v8si) (v < vlo);
      above = (lq_v8si) (v > vhi);
      vlo = (lq_v8sf) ((below & (lq_v8si) v) | (~below & (lq_v8si) vlo));
      vhi = (lq_v8sf) ((above & (lq_v8si) v) | (~above & (lq_v8si) vhi));
      vsq += v * v;
    }
  LQ_V_STORE (l, vlo);
  LQ_V_STORE (h, vhi);
  LQ_V_STORE (sq, vsq);
  for (int k = 0; k < LANES; k++)
    {
      *lo = l[k] < *lo ? l[k] : *lo;
      *hi = h[k] > *hi ? h[k] : *hi;
    }
}
#else
static void
accumulate (const float *x,
            uint32_t n,
            float *lo,
            float *hi,
            float *sq)
{
  for (uint32_t i = 0; i < n; i += LANES)
    for (int k = 0; k < LANES; k++)
      {
        float v = x[i + k];
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
        sq[k] += v * v;
      }
}
#endif

uint32_t
lq_waveform_process (LqWaveform *self,
                     const float *const *channels,
                     uint32_t n,
                     int8_t *out)
{
  return lq_waveform_process_rms (self, channels, n, out, NULL);
}

uint32_t
lq_waveform_process_rms (LqWaveform *self,
                         const float *const *channels,
                         uint32_t n,
                         int8_t *out,
                         uint8_t *rms_out)
{
  uint32_t peaks = 0;
  uint32_t size = lq_waveform_get_peak_size (self);

  for (uint32_t done = 0; done < n;)
    {
      uint32_t take = self->frames_per_peak - self->filled;

      if (take > n - done)
        take = n - done;
      for (uint32_t c = 0; c < self->channels; c++)
        {
          const float *x = channels[c] + done;
          float lo = self->lo[c], hi = self->hi[c];
          float *sq = self->sq[c];
          uint32_t i = 0;

          /* Up to the next lane 0; then LANES at a time, elementwise (so it
           * vectorises); then the rest. */
          for (; i < take && ((self->filled + i) % LANES) != 0; i++)
            {
              lo = x[i] < lo ? x[i] : lo;
              hi = x[i] > hi ? x[i] : hi;
              sq[(self->filled + i) % LANES] += x[i] * x[i];
            }
          if (i + LANES <= take)
            {
              uint32_t m = (take - i) / LANES * LANES;

              accumulate (x + i, m, &lo, &hi, sq);
              i += m;
            }
          for (; i < take; i++)
            {
              lo = x[i] < lo ? x[i] : lo;
              hi = x[i] > hi ? x[i] : hi;
              sq[(self->filled + i) % LANES] += x[i] * x[i];
            }
          self->lo[c] = lo;
          self->hi[c] = hi;
        }
      done += take;
      self->filled += take;
      if (self->filled == self->frames_per_peak)
        {
          emit (self, out + (size_t) peaks * size,
                rms_out != NULL ? rms_out + (size_t) peaks * self->channels : NULL);
          peaks++;
        }
    }
  return peaks;
}

uint32_t
lq_waveform_flush (LqWaveform *self,
                   int8_t *out)
{
  return lq_waveform_flush_rms (self, out, NULL);
}

uint32_t
lq_waveform_flush_rms (LqWaveform *self,
                       int8_t *out,
                       uint8_t *rms_out)
{
  if (self->filled == 0)
    return 0;
  emit (self, out, rms_out);
  return 1;
}

uint32_t
lq_waveform_reduce (const int8_t *in,
                    uint32_t n_in,
                    uint32_t peak_size,
                    uint32_t factor,
                    int8_t *out)
{
  uint32_t n_out = 0;

  if (factor < 1 || peak_size < 2)
    return 0;
  for (uint32_t start = 0; start < n_in; start += factor, n_out++)
    {
      uint32_t end = start + factor < n_in ? start + factor : n_in;

      for (uint32_t b = 0; b < peak_size; b += 2)
        {
          int8_t lo = 127, hi = -127;

          for (uint32_t p = start; p < end; p++)
            {
              const int8_t *peak = in + (size_t) p * peak_size;
              lo = peak[b] < lo ? peak[b] : lo;
              hi = peak[b + 1] > hi ? peak[b + 1] : hi;
            }
          out[(size_t) n_out * peak_size + b] = lo;
          out[(size_t) n_out * peak_size + b + 1] = hi;
        }
    }
  return n_out;
}

uint32_t
lq_waveform_reduce_rms (const uint8_t *in,
                        uint32_t n_in,
                        uint32_t channels,
                        uint32_t factor,
                        uint8_t *out)
{
  double power[256];
  uint32_t n_out = 0;

  if (factor < 1 || channels < 1)
    return 0;
  for (int k = 0; k < 256; k++)
    power[k] = lq_waveform_rms_to_power ((uint8_t) k);
  for (uint32_t start = 0; start < n_in; start += factor, n_out++)
    {
      uint32_t end = start + factor < n_in ? start + factor : n_in;

      for (uint32_t c = 0; c < channels; c++)
        {
          double sum = 0.0;

          for (uint32_t p = start; p < end; p++)
            sum += power[in[(size_t) p * channels + c]];
          out[(size_t) n_out * channels + c] = lq_waveform_rms_encode (sum / (end - start));
        }
    }
  return n_out;
}

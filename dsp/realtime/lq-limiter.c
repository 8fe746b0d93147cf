/* lq-limiter.c: lookahead true-peak limiter.
 *
 * One stage, on a timeline of detector frames t (frame t completes the
 * interpolated values of the input on the interval around sample
 * k = t - tp_latency):
 *   r[t]  = min (1, ceiling / peak[t])                required gain
 *   w[t]  = min r[t - W + 1 .. t],  W = L + 2H         window minimum
 *   e[t]  = w[t] if below e[t-1], else release towards w[t]
 *   a[t]  = mean e[t - L + 1 .. t]                     attack over lookahead L
 * For a peak at frame i, e <= r[i] on [i, i + W - 1], so a <= r[i] on
 * [i + L - 1, i + L - 1 + 2H]: the gain is down to r[i] on the H samples
 * either side of the peak, which covers every input sample the peak's
 * interpolation reads (the interpolator spans +/-12 samples; H = 13). The
 * audio is delayed by D = tp_latency + L - 1 + H so that its sample k meets
 * the middle of that range.
 *
 * Where the gain is constant over the interpolator's support, the output's
 * interpolated value is exactly gain * the input's, hence <= ceiling (bar
 * float rounding). Where the gain moves, the output can overshoot by a little;
 * a margin and the second stage (same structure, short lookahead, measuring
 * stage 1's output) take care of it.
 *
 * The moving average sums e quantised (down) to 2^-40 in an int64, so it is
 * exact: no drift over hours, and a gain of exactly 1.0 when nothing is
 * limited, which makes the limiter bit-transparent below the ceiling.
 *
 * Everything is computed sample by sample from state counted in samples, and
 * the detectors are block-size independent, so the output does not depend on
 * how the stream is cut into blocks.
 *
 * Cost. Each pass of up to SUB frames runs in SIMD-friendly pieces: the two
 * interpolators of a stage (lq_true_peak's, and the short one here) are
 * register-blocked FIRs over all phases and both channels, reduced to one
 * peak per frame; only the window minimum (a monotonic deque on a
 * power-of-two ring), the release and the moving average run frame by frame; gains are applied in separate
 * vectorisable passes over linear copies of the delay lines.
 *
 * Bypass. Once the bypass crossfade has finished the stages stop: a pass
 * only stores the sanitised input in the delay line and reads it back D
 * frames later, and the gain meters read 0 dB. When the limiter is switched
 * on again (from fully bypassed, at that sample position), both stages
 * restart from reset and are first run, without output, over the last
 * WARM_FACTOR x latency frames of the delay line (at the ceiling then in
 * force), so the gain for the audio already in flight is in place and the
 * crossfade starts from a settled limiter; only the release's memory of
 * older audio is lost. The result depends on sample positions only, so it
 * is the same for any block size.
 */
#include "lq-limiter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"
#include "lq-simd.h"
#include "lq-true-peak.h"

#define SUB 256                 /* frames per internal pass (a multiple of GROUP) */
#define HOLD 13                 /* interpolator half-support + 1 */
#define Q_ONE ((int64_t) 1 << 40)
#define STAGE1_MARGIN_DB 0.05
#define STAGE2_MARGIN_DB 0.02
#define STAGE2_LOOKAHEAD_MS 0.7
#define STAGE2_RELEASE_MS 20.0
#define CEILING_GLIDE_MS 20.0
#define BYPASS_FADE_MS 10.0
#define INPUT_LIMIT 1.0e4f      /* +80 dBFS: keeps the interpolator finite */
#define WARM_FACTOR 3           /* warm-up on switching on: this many latencies */

/* A second, short interpolator: the 49-tap Hann-windowed sinc at 4x (12-13
 * taps per phase, not normalised) that BS.1770-4 Annex 2's example and
 * libebur128 use. On content near Nyquist short and long interpolators read
 * differently (up to ~0.15 dB on white noise); the limiter takes the larger
 * of the two readings, so meters of either kind see the ceiling held.
 * Its phase 0 is the input itself (one tap of exactly 1); phases 1-3 have
 * SHORT_PHASE_TAPS taps on consecutive input samples. Its reading for frame
 * i is the filter's output for frame i - SHORT_ALIGN (6 frames ahead of
 * lq_true_peak's), so it reads x[i - SHORT_ALIGN - k], k = 0 .. 11. */
#define SHORT_TAPS 49
#define SHORT_FACTOR 4
#define SHORT_PHASE_TAPS 12
#define SHORT_ALIGN 6
#define SHORT_ID_TAP 6          /* phase 0's tap, relative to SHORT_ALIGN */
#define SHORT_HIST 24           /* history kept per channel (>= 6 + 11 + 1) */

#define LANES LQ_SIMD_LANES
#define GROUP 16

typedef struct
{
  /* Phases 1..3, tap k (reading x[i - SHORT_ALIGN - k]), repeated over LANES. */
  float vcoef[SHORT_PHASE_TAPS][SHORT_FACTOR - 1][LANES];
  float coef[SHORT_FACTOR - 1][SHORT_PHASE_TAPS];
  /* Per channel: SHORT_HIST samples of history, then the pass. */
  float buf[LQ_LIMITER_MAX_CHANNELS][SHORT_HIST + SUB];
  float tmp[SUB];
} ShortTp;

typedef struct
{
  LqTruePeak *tp;
  ShortTp *sh;
  uint32_t look;                /* L */
  uint32_t win;                 /* W = L + 2H */
  uint32_t delay;               /* D */
  double margin;                /* linear, < 1 */
  /* Monotonic deque of (time, r) for the window minimum, on a power-of-two
   * ring: r increasing from head to back, so the head is the minimum. */
  uint64_t *dq_t;
  double *dq_r;
  uint32_t dq_mask;
  uint32_t dq_head;
  uint32_t dq_len;
  /* Moving average of e, quantised. */
  int64_t *box;
  uint32_t box_cap;
  uint32_t box_pos;
  int64_t box_sum;
  /* Release. */
  double env;
  double slow;
  double rel_coef;
  double fast_coef;             /* auto release */
  double slow_coef;
  bool auto_release;
  uint64_t t;
  float *peak;                  /* SUB: the largest reading per frame */
} Stage;

struct _LqLimiter
{
  uint32_t rate;
  uint32_t channels;
  uint32_t max_block;
  uint32_t look_max;            /* samples, stage 1 */
  uint32_t look_pending;

  Stage s1;
  Stage s2;

  /* Sanitised input, delayed; read at D1 (for stage 1's output) and at
   * D1 + D2 (for the final output). */
  float *xring[LQ_LIMITER_MAX_CHANNELS];
  uint32_t xmask;
  /* Stage 1 gains, delayed by D2. */
  double *gring;
  /* The ceiling each input frame was detected against: stage 2 reads it D1
   * later, when that audio reaches it. */
  double *cring;
  uint32_t gmask;
  uint64_t t;

  /* Scratch for a pass (SUB frames each). */
  float *in[LQ_LIMITER_MAX_CHANNELS];
  float *y1[LQ_LIMITER_MAX_CHANNELS];
  float *xd[LQ_LIMITER_MAX_CHANNELS];   /* input delayed by D1, then by D1 + D2 */
  double *ceil_now;             /* the ceiling per frame */
  double *ceil_d1;              /* ... as it was D1 frames earlier */
  double *a1;                   /* stage 1 gain per frame */
  double *g;                    /* final gain per frame */

  double ceiling_db;
  double release_ms;
  bool auto_release;
  LqRamp ceiling;               /* linear */
  LqRamp mix;                   /* 1 = limited, 0 = bypassed */
  bool stale;                   /* stages stopped while bypassed: warm up first */

  double gain;                  /* last output sample's gain */
  double min_gain;
};

static uint32_t
pow2_at_least (uint32_t n)
{
  uint32_t p = 1;

  while (p < n)
    p <<= 1;
  return p;
}

static double
coef_for_ms (double ms, uint32_t rate)
{
  return 1.0 - exp (-1000.0 / (ms * rate));
}

/* ---- the short interpolator ------------------------------------------- */

static void
short_design (ShortTp *sh)
{
  uint32_t count[SHORT_FACTOR] = { 0 };

  memset (sh, 0, sizeof *sh);
  for (uint32_t j = 0; j < SHORT_TAPS; j++)
    {
      double m = (double) j - (SHORT_TAPS - 1) / 2.0;
      double c = 1.0;
      uint32_t f = j % SHORT_FACTOR;

      if (fabs (m) > 1e-6)
        c = sin (m * M_PI / SHORT_FACTOR) / (m * M_PI / SHORT_FACTOR);
      c *= 0.5 * (1.0 - cos (2.0 * M_PI * j / (SHORT_TAPS - 1)));
      /* Taps below 1e-6 are left out: all of phase 0 but its centre (exactly
       * 1), the two ends of the others. Phase f's taps then sit at
       * j = 4 k + f, k = 0 .. 11, in that order. */
      if (fabs (c) > 1e-6 && f > 0 && count[f] < SHORT_PHASE_TAPS)
        sh->coef[f - 1][count[f]++] = (float) c;
    }
  for (uint32_t k = 0; k < SHORT_PHASE_TAPS; k++)
    for (uint32_t f = 0; f < SHORT_FACTOR - 1; f++)
      for (uint32_t l = 0; l < LANES; l++)
        sh->vcoef[k][f][l] = sh->coef[f][k];
}

static void
short_reset (ShortTp *sh)
{
  memset (sh->buf, 0, sizeof sh->buf);
}

#if LQ_SIMD_VECTORS
/* out[i] = max (out[i], the short reading of frame i) for i < round_up (m,
 * GROUP); x has SHORT_HIST samples of history. Each phase is the same sum in
 * the same order as the scalar form below. */
LQ_SIMD_CLONES
static void
short_kernel (const ShortTp *sh, const float *x, uint32_t m, float *out)
{
  for (uint32_t i = 0; i < m; i += GROUP)
    {
      const float *xi = x + i - SHORT_ALIGN;
      lq_v8sf v0, v1, h, a00, a01, a02, a10, a11, a12, m0, m1, t;

      LQ_V_LOAD (v0, xi);
      LQ_V_LOAD (v1, xi + LANES);
      LQ_V_LOAD (h, sh->vcoef[0][0]);
      a00 = h * v0;
      a10 = h * v1;
      LQ_V_LOAD (h, sh->vcoef[0][1]);
      a01 = h * v0;
      a11 = h * v1;
      LQ_V_LOAD (h, sh->vcoef[0][2]);
      a02 = h * v0;
      a12 = h * v1;
      for (uint32_t k = 1; k < SHORT_PHASE_TAPS; k++)
        {
          LQ_V_LOAD (v0, xi - k);
          LQ_V_LOAD (v1, xi + LANES - k);
          LQ_V_LOAD (h, sh->vcoef[k][0]);
          a00 += h * v0;
          a10 += h * v1;
          LQ_V_LOAD (h, sh->vcoef[k][1]);
          a01 += h * v0;
          a11 += h * v1;
          LQ_V_LOAD (h, sh->vcoef[k][2]);
          a02 += h * v0;
          a12 += h * v1;
        }
      LQ_V_LOAD (v0, xi - SHORT_ID_TAP);
      LQ_V_LOAD (v1, xi + LANES - SHORT_ID_TAP);
      m0 = LQ_V_ABS (v0);
      m1 = LQ_V_ABS (v1);
      t = LQ_V_ABS (a00); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a01); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a02); LQ_V_MAX (m0, t, m0);
      t = LQ_V_ABS (a10); LQ_V_MAX (m1, t, m1);
      t = LQ_V_ABS (a11); LQ_V_MAX (m1, t, m1);
      t = LQ_V_ABS (a12); LQ_V_MAX (m1, t, m1);
      LQ_V_LOAD (v0, out + i);
      LQ_V_LOAD (v1, out + i + LANES);
      LQ_V_MAX (m0, v0, m0);
      LQ_V_MAX (m1, v1, m1);
      LQ_V_STORE (out + i, m0);
      LQ_V_STORE (out + i + LANES, m1);
    }
}
#else
static void
short_kernel (const ShortTp *sh, const float *x, uint32_t m, float *out)
{
  for (uint32_t i = 0; i < m; i++)
    {
      const float *xi = x + i - SHORT_ALIGN;
      float pk = fabsf (xi[-SHORT_ID_TAP]);

      for (uint32_t f = 0; f < SHORT_FACTOR - 1; f++)
        {
          float acc = sh->coef[f][0] * xi[0];

          for (uint32_t k = 1; k < SHORT_PHASE_TAPS; k++)
            acc += sh->coef[f][k] * xi[-(int) k];
          acc = fabsf (acc);
          pk = acc > pk ? acc : pk;
        }
      out[i] = pk > out[i] ? pk : out[i];
    }
}
#endif

/* Raises peak[i] to the short interpolator's readings of every channel. */
static void
short_run (ShortTp *sh, uint32_t channels, const float *const *x, uint32_t m, float *peak)
{
  memcpy (sh->tmp, peak, m * sizeof (float));
  for (uint32_t c = 0; c < channels; c++)
    {
      float *buf = sh->buf[c];

      memcpy (buf + SHORT_HIST, x[c], m * sizeof (float));
      short_kernel (sh, buf + SHORT_HIST, m, sh->tmp);
      memmove (buf, buf + m, SHORT_HIST * sizeof (float));
    }
  memcpy (peak, sh->tmp, m * sizeof (float));
}

/* ---- a stage ------------------------------------------------------------ */

static LqDspStatus
stage_alloc (Stage *s, uint32_t rate, uint32_t channels, uint32_t look_max)
{
  s->tp = lq_true_peak_new (rate, channels, SUB);
  s->sh = calloc (1, sizeof *s->sh);
  s->dq_mask = pow2_at_least (look_max + 2 * HOLD + 1) - 1;
  s->dq_t = calloc (s->dq_mask + 1, sizeof *s->dq_t);
  s->dq_r = calloc (s->dq_mask + 1, sizeof *s->dq_r);
  s->box_cap = look_max;
  s->box = calloc (s->box_cap, sizeof *s->box);
  s->peak = calloc (SUB, sizeof (float));
  if (s->tp == NULL || s->sh == NULL || s->dq_t == NULL || s->dq_r == NULL || s->box == NULL
      || s->peak == NULL)
    return LQ_ERR_NOMEM;
  short_design (s->sh);
  return LQ_OK;
}

static void
stage_free (Stage *s)
{
  lq_true_peak_free (s->tp);
  free (s->sh);
  free (s->dq_t);
  free (s->dq_r);
  free (s->box);
  free (s->peak);
}

static void
stage_reset (Stage *s, uint32_t look)
{
  lq_true_peak_reset (s->tp);
  short_reset (s->sh);
  s->look = look;
  s->win = look + 2 * HOLD;
  s->delay = lq_true_peak_get_latency (s->tp) + look - 1 + HOLD;
  s->dq_head = 0;
  s->dq_len = 0;
  for (uint32_t i = 0; i < s->box_cap; i++)
    s->box[i] = Q_ONE;
  s->box_pos = 0;
  s->box_sum = Q_ONE * (int64_t) look;
  s->env = 1.0;
  s->slow = 1.0;
  s->t = 0;
}

/* Both interpolators on @m frames of every channel of @x: s->peak[i] is the
 * largest reading of frame i. */
static void
stage_detect (Stage *s, uint32_t channels, const float *const *x, uint32_t m)
{
  lq_true_peak_process_frames_max (s->tp, x, m, s->peak);
  short_run (s->sh, channels, x, m, s->peak);
}

/* Frame by frame over a pass: r[i], the gain frame i's peak needs, becomes
 * the sum of the moving average that makes the gain for the audio sample D
 * frames back (the gain is that / stage_denominator (): divided later in a
 * vectorised pass, the same division). The state lives in locals for the
 * loop, so that stores to r[] cannot be taken to alias it. Branchy, but the
 * branches follow the music: on program material this beats branch-free
 * forms of the same arithmetic. */
static void
stage_run (Stage *s, double *restrict r, uint32_t m)
{
  const uint32_t mask = s->dq_mask, win = s->win, look = s->look;
  const bool auto_release = s->auto_release;
  const double rel_coef = s->rel_coef, fast_coef = s->fast_coef, slow_coef = s->slow_coef;
  uint64_t *restrict dq_t = s->dq_t;
  double *restrict dq_r = s->dq_r;
  int64_t *restrict box = s->box;
  uint64_t t = s->t;
  uint32_t head = s->dq_head, len = s->dq_len, box_pos = s->box_pos;
  int64_t box_sum = s->box_sum;
  double env = s->env, slow = s->slow;

  for (uint32_t i = 0; i < m; i++, t++)
    {
      double ri = r[i], w;
      int64_t q;

      /* Window minimum: drop larger values from the back, expired from the front. */
      while (len > 0 && dq_r[(head + len - 1) & mask] >= ri)
        len--;
      dq_t[(head + len) & mask] = t;
      dq_r[(head + len) & mask] = ri;
      len++;
      while (dq_t[head] + win <= t)
        {
          head = (head + 1) & mask;
          len--;
        }
      w = dq_r[head];

      /* Release. */
      if (auto_release)
        slow = lq_flush (slow + slow_coef * (w - slow));
      if (w <= env)
        env = w;
      else
        {
          double target = auto_release && slow < w ? slow : w;
          double coef = auto_release ? fast_coef : rel_coef;

          if (target > env)
            env += coef * (target - env);
          if (env > 1.0 - 1e-9 && w >= 1.0)
            env = 1.0;
        }

      /* Attack: moving average over the lookahead, exact in fixed point (env
       * is positive, so truncation is floor). */
      q = (int64_t) (env * (double) Q_ONE);
      box_sum += q - box[box_pos];
      box[box_pos] = q;
      box_pos = box_pos + 1 == look ? 0 : box_pos + 1;

      r[i] = (double) box_sum;
    }

  s->t = t;
  s->dq_head = head;
  s->dq_len = len;
  s->box_pos = box_pos;
  s->box_sum = box_sum;
  s->env = env;
  s->slow = slow;
}

static inline double
stage_denominator (const Stage *s)
{
  return (double) Q_ONE * s->look;
}

static void
set_release_coefs (LqLimiter *self)
{
  Stage *s = &self->s1;

  s->rel_coef = coef_for_ms (self->release_ms, self->rate);
  s->fast_coef = coef_for_ms (self->release_ms / 4.0, self->rate);
  s->slow_coef = coef_for_ms (self->release_ms * 2.0, self->rate);
  s->auto_release = self->auto_release;
}

/* ---- delay lines ---------------------------------------------------------- */

/* dst[i] = ring[(start + i) & mask], i < n. */
static void
ring_read_f (const float *ring, uint32_t mask, uint64_t start, uint32_t n, float *dst)
{
  uint32_t pos = (uint32_t) (start & mask);
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (dst, ring + pos, first * sizeof (float));
  memcpy (dst + first, ring, (n - first) * sizeof (float));
}

static void
ring_write_f (float *ring, uint32_t mask, uint64_t start, uint32_t n, const float *src)
{
  uint32_t pos = (uint32_t) (start & mask);
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (ring + pos, src, first * sizeof (float));
  memcpy (ring, src + first, (n - first) * sizeof (float));
}

static void
ring_read_d (const double *ring, uint32_t mask, uint64_t start, uint32_t n, double *dst)
{
  uint32_t pos = (uint32_t) (start & mask);
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (dst, ring + pos, first * sizeof (double));
  memcpy (dst + first, ring, (n - first) * sizeof (double));
}

static void
ring_write_d (double *ring, uint32_t mask, uint64_t start, uint32_t n, const double *src)
{
  uint32_t pos = (uint32_t) (start & mask);
  uint32_t first = mask + 1 - pos < n ? mask + 1 - pos : n;

  memcpy (ring + pos, src, first * sizeof (double));
  memcpy (ring, src + first, (n - first) * sizeof (double));
}

/* ---- life cycle and parameters ------------------------------------------ */

static uint32_t
max_latency (const LqLimiter *self)
{
  uint32_t tp = lq_true_peak_get_latency (self->s1.tp);

  return (tp + self->look_max - 1 + HOLD) + (tp + self->s2.look - 1 + HOLD);
}

LqLimiter *
lq_limiter_new (uint32_t rate, uint32_t channels, uint32_t max_block)
{
  LqLimiter *self;
  uint32_t look2, ring;

  if (rate < 8000 || rate > 768000 || channels < 1 || channels > LQ_LIMITER_MAX_CHANNELS
      || max_block < 1)
    return NULL;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = rate;
  self->channels = channels;
  self->max_block = max_block;
  self->look_max = (uint32_t) ceil (LQ_LIMITER_LOOKAHEAD_MAX_MS * rate / 1000.0);
  self->look_pending = (uint32_t) lround (LQ_LIMITER_LOOKAHEAD_DEFAULT_MS * rate / 1000.0);
  look2 = (uint32_t) lround (STAGE2_LOOKAHEAD_MS * rate / 1000.0);
  if (look2 < 8)
    look2 = 8;

  if (stage_alloc (&self->s1, rate, channels, self->look_max) != LQ_OK
      || stage_alloc (&self->s2, rate, channels, look2) != LQ_OK)
    goto fail;
  self->s2.look = look2;        /* fixed */

  /* The largest delay and the warm-up's history behind it, plus a pass of
   * look-ahead writes. */
  ring = pow2_at_least ((WARM_FACTOR + 1) * max_latency (self) + 64 + SUB);
  self->xmask = ring - 1;
  self->gring = calloc (ring, sizeof (double));
  self->cring = calloc (ring, sizeof (double));
  self->gmask = ring - 1;
  self->ceil_now = calloc (SUB, sizeof (double));
  self->ceil_d1 = calloc (SUB, sizeof (double));
  self->a1 = calloc (SUB, sizeof (double));
  self->g = calloc (SUB, sizeof (double));
  if (self->gring == NULL || self->cring == NULL || self->ceil_now == NULL
      || self->ceil_d1 == NULL || self->a1 == NULL || self->g == NULL)
    goto fail;
  for (uint32_t c = 0; c < channels; c++)
    {
      self->xring[c] = calloc (ring, sizeof (float));
      self->in[c] = calloc (SUB, sizeof (float));
      self->y1[c] = calloc (SUB, sizeof (float));
      self->xd[c] = calloc (SUB, sizeof (float));
      if (self->xring[c] == NULL || self->in[c] == NULL || self->y1[c] == NULL
          || self->xd[c] == NULL)
        goto fail;
    }

  self->s1.margin = pow (10.0, -(STAGE1_MARGIN_DB + LQ_LIMITER_METER_MARGIN_DB) / 20.0);
  self->s2.margin = pow (10.0, -(STAGE2_MARGIN_DB + LQ_LIMITER_METER_MARGIN_DB) / 20.0);
  self->s2.rel_coef = coef_for_ms (STAGE2_RELEASE_MS, rate);
  self->s2.auto_release = false;
  self->ceiling_db = -1.0;
  self->release_ms = 100.0;
  self->auto_release = false;
  set_release_coefs (self);
  lq_ramp_init (&self->ceiling, pow (10.0, self->ceiling_db / 20.0));
  lq_ramp_init (&self->mix, 1.0);
  lq_limiter_reset (self);

  return self;

fail:
  lq_limiter_free (self);
  return NULL;
}

void
lq_limiter_free (LqLimiter *self)
{
  if (self == NULL)
    return;
  stage_free (&self->s1);
  stage_free (&self->s2);
  free (self->gring);
  free (self->cring);
  free (self->ceil_now);
  free (self->ceil_d1);
  free (self->a1);
  free (self->g);
  for (uint32_t c = 0; c < LQ_LIMITER_MAX_CHANNELS; c++)
    {
      free (self->xring[c]);
      free (self->in[c]);
      free (self->y1[c]);
      free (self->xd[c]);
    }
  free (self);
}

/* Fresh stages, and delayed gains and ceilings as if nothing had been limited. */
static void
stages_reset (LqLimiter *self, uint32_t look1)
{
  stage_reset (&self->s1, look1);
  stage_reset (&self->s2, self->s2.look);
  lq_ramp_set_target (&self->ceiling, self->ceiling.target, 0);
  for (uint32_t i = 0; i <= self->gmask; i++)
    {
      self->gring[i] = 1.0;
      self->cring[i] = self->ceiling.value;
    }
}

void
lq_limiter_reset (LqLimiter *self)
{
  stages_reset (self, self->look_pending);
  for (uint32_t c = 0; c < self->channels; c++)
    memset (self->xring[c], 0, (self->xmask + 1) * sizeof (float));
  self->t = 0;
  self->stale = false;
  lq_ramp_set_target (&self->mix, self->mix.target, 0);
  self->gain = 1.0;
  self->min_gain = 1.0;
}

double
lq_limiter_static_curve (double ceiling_dbtp, double peak_dbtp)
{
  double aim;

  if (isnan (ceiling_dbtp) || isnan (peak_dbtp))
    return NAN;
  if (ceiling_dbtp < LQ_LIMITER_CEILING_MIN_DBTP)
    ceiling_dbtp = LQ_LIMITER_CEILING_MIN_DBTP;
  if (ceiling_dbtp > LQ_LIMITER_CEILING_MAX_DBTP)
    ceiling_dbtp = LQ_LIMITER_CEILING_MAX_DBTP;
  aim = ceiling_dbtp - STAGE1_MARGIN_DB - LQ_LIMITER_METER_MARGIN_DB;
  return peak_dbtp < aim ? peak_dbtp : aim;
}

void
lq_limiter_set_ceiling_dbtp (LqLimiter *self, double dbtp)
{
  if (isnan (dbtp))
    return;
  if (dbtp < LQ_LIMITER_CEILING_MIN_DBTP)
    dbtp = LQ_LIMITER_CEILING_MIN_DBTP;
  if (dbtp > LQ_LIMITER_CEILING_MAX_DBTP)
    dbtp = LQ_LIMITER_CEILING_MAX_DBTP;
  self->ceiling_db = dbtp;
  lq_ramp_set_target (&self->ceiling, pow (10.0, dbtp / 20.0),
                      (uint32_t) lround (CEILING_GLIDE_MS * self->rate / 1000.0));
}

double
lq_limiter_get_ceiling_dbtp (const LqLimiter *self)
{
  return self->ceiling_db;
}

void
lq_limiter_set_release_ms (LqLimiter *self, double ms)
{
  if (isnan (ms))
    return;
  if (ms < LQ_LIMITER_RELEASE_MIN_MS)
    ms = LQ_LIMITER_RELEASE_MIN_MS;
  if (ms > LQ_LIMITER_RELEASE_MAX_MS)
    ms = LQ_LIMITER_RELEASE_MAX_MS;
  self->release_ms = ms;
  set_release_coefs (self);
}

void
lq_limiter_set_auto_release (LqLimiter *self, bool on)
{
  self->auto_release = on;
  set_release_coefs (self);
}

void
lq_limiter_set_lookahead_ms (LqLimiter *self, double ms)
{
  uint32_t n;

  if (isnan (ms))
    return;
  if (ms < LQ_LIMITER_LOOKAHEAD_MIN_MS)
    ms = LQ_LIMITER_LOOKAHEAD_MIN_MS;
  if (ms > LQ_LIMITER_LOOKAHEAD_MAX_MS)
    ms = LQ_LIMITER_LOOKAHEAD_MAX_MS;
  n = (uint32_t) lround (ms * self->rate / 1000.0);
  if (n < 1)
    n = 1;
  if (n > self->look_max)
    n = self->look_max;
  self->look_pending = n;
}

static bool
fully_bypassed (const LqLimiter *self)
{
  return self->mix.value == 0.0 && !lq_ramp_is_moving (&self->mix);
}

void
lq_limiter_set_bypass (LqLimiter *self, bool bypass)
{
  /* Switched on from fully bypassed: the stages may have stopped (or not,
   * depending on where the blocks were cut); warm them up from the delay
   * line in either case, so the output does not depend on the cut. */
  if (!bypass && fully_bypassed (self))
    self->stale = true;
  lq_ramp_set_target (&self->mix, bypass ? 0.0 : 1.0,
                      (uint32_t) lround (BYPASS_FADE_MS * self->rate / 1000.0));
}

uint32_t
lq_limiter_get_latency (const LqLimiter *self)
{
  return self->s1.delay + self->s2.delay;
}

/* ---- processing ------------------------------------------------------------ */

/* ---- vectorisable passes ------------------------------------------------
 * Plain loops over a pass that the compiler vectorises once it may assume FP
 * operations do not trap (which changes no result). Only these: the frame
 * by frame recursion is faster with the branches that option would turn
 * into selects. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize ("no-trapping-math")
#endif

/* NaN, zeros and denormals to 0; +/-inf and beyond INPUT_LIMIT clamped. */
LQ_SIMD_CLONES
static void
sanitise (const float *x, float *y, uint32_t m)
{
  for (uint32_t i = 0; i < m; i++)
    {
      float v = x[i] > 1e-30f || x[i] < -1e-30f ? x[i] : 0.0f;

      v = v > INPUT_LIMIT ? INPUT_LIMIT : v;
      y[i] = v < -INPUT_LIMIT ? -INPUT_LIMIT : v;
    }
}

/* r[i] = min (1, ceiling[i] margin / peak[i]): the gain frame i's reading
 * needs. */
LQ_SIMD_CLONES
static void
required_gains (const float *peak, const double *ceiling, double margin, double *r, uint32_t m)
{
  for (uint32_t i = 0; i < m; i++)
    {
      double c = ceiling[i] * margin;
      float p = peak[i];

      r[i] = p > c ? c / p : 1.0;
    }
}

/* y[i] = x[i] / den, or y[i] *= x[i] / den. */
LQ_SIMD_CLONES
static void
divide (const double *x, double den, double *y, bool times, uint32_t m)
{
  if (times)
    for (uint32_t i = 0; i < m; i++)
      y[i] *= x[i] / den;
  else
    for (uint32_t i = 0; i < m; i++)
      y[i] = x[i] / den;
}

static double
min_of (const double *x, double init, uint32_t m)
{
  double v = init;

  for (uint32_t i = 0; i < m; i++)
    v = x[i] < v ? x[i] : v;
  return v;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

/* Both stages over the @m frames from self->t, whose sanitised input is in
 * self->in[] and already in the delay line. With @out, the limited audio
 * (delayed by D1 + D2, crossfaded with the dry signal) goes there; without
 * (warm-up), only the state advances. */
static void
run_stages (LqLimiter *self, float *const *out, uint32_t m)
{
  const uint32_t nch = self->channels;
  const uint32_t d1 = self->s1.delay;
  const uint32_t d2 = self->s2.delay;
  const uint64_t t0 = self->t;
  double *ceil_now = self->ceil_now, *ceil_d1 = self->ceil_d1, *a1 = self->a1, *g = self->g;
  Stage *s1 = &self->s1, *s2 = &self->s2;

  /* Stage 1: detect on the input, gain the input delayed by D1. */
  stage_detect (s1, nch, (const float *const *) self->in, m);
  if (lq_ramp_is_moving (&self->ceiling))
    for (uint32_t i = 0; i < m; i++)
      ceil_now[i] = lq_ramp_next (&self->ceiling);
  else
    for (uint32_t i = 0; i < m; i++)
      ceil_now[i] = self->ceiling.value;
  {
    const float *pk = s1->peak;
    const double margin = s1->margin, den = stage_denominator (s1);

    required_gains (pk, ceil_now, margin, a1, m);
    stage_run (s1, a1, m);
    divide (a1, den, a1, false, m);
  }
  ring_write_d (self->gring, self->gmask, t0, m, a1);
  ring_write_d (self->cring, self->gmask, t0, m, ceil_now);
  for (uint32_t c = 0; c < nch; c++)
    {
      float *y1 = self->y1[c], *xd = self->xd[c];

      ring_read_f (self->xring[c], self->xmask, t0 - d1, m, xd);
      for (uint32_t i = 0; i < m; i++)
        y1[i] = (float) (a1[i] * xd[i]);
    }

  /* Stage 2: detect on stage 1's output, at the ceiling that audio was
   * detected against; the final gain is the product (a1 delayed by D2,
   * times a2: the product commutes exactly). */
  stage_detect (s2, nch, (const float *const *) self->y1, m);
  ring_read_d (self->cring, self->gmask, t0 - d1, m, ceil_d1);
  ring_read_d (self->gring, self->gmask, t0 - d2, m, g);
  {
    const float *pk = s2->peak;
    const double margin = s2->margin, den = stage_denominator (s2);
    double *a2 = ceil_d1;       /* (reused) */

    required_gains (pk, ceil_d1, margin, a2, m);
    stage_run (s2, a2, m);
    divide (a2, den, g, true, m);
  }

  if (out == NULL)
    return;

  self->min_gain = min_of (g, self->min_gain, m);
  self->gain = g[m - 1];
  if (lq_ramp_is_moving (&self->mix) || self->mix.value != 1.0)
    for (uint32_t i = 0; i < m; i++)
      {
        double mix = lq_ramp_next (&self->mix);

        g[i] = mix == 1.0 ? g[i] : 1.0 + mix * (g[i] - 1.0);
      }
  for (uint32_t c = 0; c < nch; c++)
    {
      float *xd = self->xd[c], *y = out[c];

      ring_read_f (self->xring[c], self->xmask, t0 - (d1 + d2), m, xd);
      for (uint32_t i = 0; i < m; i++)
        y[i] = (float) (g[i] * xd[i]);
    }
}

/* Switched on after the stages stopped: restart them from reset and run them
 * over the last frames of the delay line, without output. */
static void
warm_up (LqLimiter *self)
{
  uint64_t now = self->t;
  uint32_t span = WARM_FACTOR * lq_limiter_get_latency (self);

  stages_reset (self, self->s1.look);
  self->t = now > span ? now - span : 0;
  while (self->t < now)
    {
      uint32_t m = now - self->t < SUB ? (uint32_t) (now - self->t) : SUB;

      for (uint32_t c = 0; c < self->channels; c++)
        ring_read_f (self->xring[c], self->xmask, self->t, m, self->in[c]);
      run_stages (self, NULL, m);
      self->t += m;
    }
  self->stale = false;
}

void
lq_limiter_process (LqLimiter *self, float *const *ch, uint32_t n)
{
  const uint32_t nch = self->channels;

  for (uint32_t off = 0; off < n;)
    {
      uint32_t m = n - off < SUB ? n - off : SUB;
      float *out[LQ_LIMITER_MAX_CHANNELS];
      bool bypassed = fully_bypassed (self);

      /* (Before this pass's input enters the delay line and self->in.) */
      if (!bypassed && self->stale)
        warm_up (self);

      for (uint32_t c = 0; c < nch; c++)
        {
          const float *x = ch[c] + off;
          float *in = self->in[c];

          out[c] = ch[c] + off;
          sanitise (x, in, m);
          ring_write_f (self->xring[c], self->xmask, self->t, m, in);
        }

      if (bypassed)
        {
          /* The delay line alone; ceiling glides end at once (unheard). */
          uint32_t d12 = self->s1.delay + self->s2.delay;

          for (uint32_t c = 0; c < nch; c++)
            ring_read_f (self->xring[c], self->xmask, self->t - d12, m, out[c]);
          lq_ramp_set_target (&self->ceiling, self->ceiling.target, 0);
          self->stale = true;
          self->gain = 1.0;
        }
      else
        run_stages (self, out, m);

      self->t += m;
      off += m;
    }
}

double
lq_limiter_get_gain_reduction_db (const LqLimiter *self)
{
  return self->gain >= 1.0 ? 0.0 : 20.0 * log10 (self->gain > 1e-10 ? self->gain : 1e-10);
}

double
lq_limiter_get_max_gain_reduction_db (const LqLimiter *self)
{
  return self->min_gain >= 1.0 ? 0.0
         : 20.0 * log10 (self->min_gain > 1e-10 ? self->min_gain : 1e-10);
}

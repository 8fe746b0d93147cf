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
 */
#include "lq-limiter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"
#include "lq-true-peak.h"

#define SUB 256                 /* frames per internal pass */
#define HOLD 13                 /* interpolator half-support + 1 */
#define Q_ONE ((int64_t) 1 << 40)
#define STAGE1_MARGIN_DB 0.05
#define STAGE2_MARGIN_DB 0.02
#define STAGE2_LOOKAHEAD_MS 0.7
#define STAGE2_RELEASE_MS 20.0
#define CEILING_GLIDE_MS 20.0
#define BYPASS_FADE_MS 10.0
#define INPUT_LIMIT 1.0e4f      /* +80 dBFS: keeps the interpolator finite */

/* A second, short interpolator: the 49-tap Hann-windowed sinc at 4x (12-13
 * taps per phase, not normalised) that BS.1770-4 Annex 2's example and
 * libebur128 use. On content near Nyquist short and long interpolators read
 * differently (up to ~0.15 dB on white noise); the limiter takes the larger
 * of the two readings, so meters of either kind see the ceiling held. */
#define SHORT_TAPS 49
#define SHORT_FACTOR 4
#define SHORT_PHASE_MAX 13
#define SHORT_HIST 16           /* power of two >= SHORT_PHASE_MAX */
#define SHORT_ALIGN 6           /* its reading is 6 frames ahead of lq_true_peak's */

typedef struct
{
  float coef[SHORT_FACTOR][SHORT_PHASE_MAX];
  uint8_t idx[SHORT_FACTOR][SHORT_PHASE_MAX];
  uint32_t count[SHORT_FACTOR];
  float hist[LQ_LIMITER_MAX_CHANNELS][SHORT_HIST];
  float late[LQ_LIMITER_MAX_CHANNELS][SHORT_HIST];
  uint32_t pos;
} ShortTp;

typedef struct
{
  LqTruePeak *tp;
  ShortTp sh;
  uint32_t look;                /* L */
  uint32_t win;                 /* W = L + 2H */
  uint32_t delay;               /* D */
  double margin;                /* linear, < 1 */
  /* Monotonic deque of (time, r) for the window minimum. */
  uint64_t *dq_t;
  double *dq_r;
  uint32_t dq_cap;
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
  float *peaks[LQ_LIMITER_MAX_CHANNELS];
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

  float *in[LQ_LIMITER_MAX_CHANNELS];
  float *y1[LQ_LIMITER_MAX_CHANNELS];

  double ceiling_db;
  double release_ms;
  bool auto_release;
  LqRamp ceiling;               /* linear */
  LqRamp mix;                   /* 1 = limited, 0 = bypassed */

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

static void
short_design (ShortTp *sh)
{
  memset (sh, 0, sizeof *sh);
  for (uint32_t j = 0; j < SHORT_TAPS; j++)
    {
      double m = (double) j - (SHORT_TAPS - 1) / 2.0;
      double c = 1.0;

      if (fabs (m) > 1e-6)
        c = sin (m * M_PI / SHORT_FACTOR) / (m * M_PI / SHORT_FACTOR);
      c *= 0.5 * (1.0 - cos (2.0 * M_PI * j / (SHORT_TAPS - 1)));
      if (fabs (c) > 1e-6)
        {
          uint32_t f = j % SHORT_FACTOR;
          uint32_t t = sh->count[f]++;

          sh->coef[f][t] = (float) c;
          sh->idx[f][t] = (uint8_t) (j / SHORT_FACTOR);
        }
    }
}

static void
short_reset (ShortTp *sh)
{
  memset (sh->hist, 0, sizeof sh->hist);
  memset (sh->late, 0, sizeof sh->late);
  sh->pos = 0;
}

/* Raises peaks[c][i] to the short interpolator's reading for the same
 * stretch of signal. */
static void
short_run (ShortTp *sh, uint32_t channels, const float *const *x, uint32_t m,
           float *const *peaks)
{
  for (uint32_t i = 0; i < m; i++)
    {
      uint32_t pos = sh->pos;

      for (uint32_t c = 0; c < channels; c++)
        {
          float pk = 0.0f;

          sh->hist[c][pos] = x[c][i];
          for (uint32_t f = 0; f < SHORT_FACTOR; f++)
            {
              float acc = 0.0f;

              for (uint32_t t = 0; t < sh->count[f]; t++)
                acc += sh->coef[f][t] * sh->hist[c][(pos - sh->idx[f][t]) & (SHORT_HIST - 1)];
              acc = fabsf (acc);
              pk = acc > pk ? acc : pk;
            }
          sh->late[c][pos] = pk;
          pk = sh->late[c][(pos - SHORT_ALIGN) & (SHORT_HIST - 1)];
          peaks[c][i] = pk > peaks[c][i] ? pk : peaks[c][i];
        }
      sh->pos = (pos + 1) & (SHORT_HIST - 1);
    }
}

static LqDspStatus
stage_alloc (Stage *s, uint32_t rate, uint32_t channels, uint32_t look_max)
{
  s->tp = lq_true_peak_new (rate, channels, SUB);
  short_design (&s->sh);
  s->dq_cap = look_max + 2 * HOLD + 1;
  s->box_cap = look_max;
  s->dq_t = calloc (s->dq_cap, sizeof *s->dq_t);
  s->dq_r = calloc (s->dq_cap, sizeof *s->dq_r);
  s->box = calloc (s->box_cap, sizeof *s->box);
  if (s->tp == NULL || s->dq_t == NULL || s->dq_r == NULL || s->box == NULL)
    return LQ_ERR_NOMEM;
  for (uint32_t c = 0; c < channels; c++)
    {
      s->peaks[c] = calloc (SUB, sizeof (float));
      if (s->peaks[c] == NULL)
        return LQ_ERR_NOMEM;
    }
  return LQ_OK;
}

static void
stage_free (Stage *s)
{
  lq_true_peak_free (s->tp);
  free (s->dq_t);
  free (s->dq_r);
  free (s->box);
  for (uint32_t c = 0; c < LQ_LIMITER_MAX_CHANNELS; c++)
    free (s->peaks[c]);
}

static void
stage_reset (Stage *s, uint32_t look)
{
  lq_true_peak_reset (s->tp);
  short_reset (&s->sh);
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

/* One frame: @r is the gain this frame's peak needs; returns the gain for the
 * audio sample D frames back. */
static inline double
stage_step (Stage *s, double r)
{
  uint64_t t = s->t++;
  double w;
  int64_t q;

  /* Window minimum: drop larger values from the back, expired from the front. */
  while (s->dq_len > 0)
    {
      uint32_t back = (s->dq_head + s->dq_len - 1) % s->dq_cap;

      if (s->dq_r[back] < r)
        break;
      s->dq_len--;
    }
  {
    uint32_t slot = (s->dq_head + s->dq_len) % s->dq_cap;

    s->dq_t[slot] = t;
    s->dq_r[slot] = r;
    s->dq_len++;
  }
  while (s->dq_t[s->dq_head] + s->win <= t)
    {
      s->dq_head = (s->dq_head + 1) % s->dq_cap;
      s->dq_len--;
    }
  w = s->dq_r[s->dq_head];

  /* Release. */
  if (s->auto_release)
    s->slow = lq_flush (s->slow + s->slow_coef * (w - s->slow));
  if (w <= s->env)
    s->env = w;
  else
    {
      double target = s->auto_release && s->slow < w ? s->slow : w;
      double coef = s->auto_release ? s->fast_coef : s->rel_coef;

      if (target > s->env)
        s->env += coef * (target - s->env);
      if (s->env > 1.0 - 1e-9 && w >= 1.0)
        s->env = 1.0;
    }

  /* Attack: moving average over the lookahead, exact in fixed point. */
  q = (int64_t) floor (s->env * (double) Q_ONE);
  s->box_sum += q - s->box[s->box_pos];
  s->box[s->box_pos] = q;
  s->box_pos = s->box_pos + 1 == s->look ? 0 : s->box_pos + 1;

  return (double) s->box_sum / ((double) Q_ONE * s->look);
}

static inline double
required_gain (const Stage *s, uint32_t channels, uint32_t i, double ceiling)
{
  float p = s->peaks[0][i];
  double c = ceiling * s->margin;

  if (channels > 1 && s->peaks[1][i] > p)
    p = s->peaks[1][i];
  return p > c ? c / p : 1.0;
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

  /* Largest total delay, plus a pass of look-ahead writes. */
  ring = pow2_at_least (self->look_max + look2 + 4 * HOLD + 64 + SUB);
  self->xmask = ring - 1;
  self->gring = calloc (ring, sizeof (double));
  self->cring = calloc (ring, sizeof (double));
  self->gmask = ring - 1;
  if (self->gring == NULL || self->cring == NULL)
    goto fail;
  for (uint32_t c = 0; c < channels; c++)
    {
      self->xring[c] = calloc (ring, sizeof (float));
      self->in[c] = calloc (SUB, sizeof (float));
      self->y1[c] = calloc (SUB, sizeof (float));
      if (self->xring[c] == NULL || self->in[c] == NULL || self->y1[c] == NULL)
        goto fail;
    }

  self->s1.margin = pow (10.0, -STAGE1_MARGIN_DB / 20.0);
  self->s2.margin = pow (10.0, -STAGE2_MARGIN_DB / 20.0);
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
  for (uint32_t c = 0; c < LQ_LIMITER_MAX_CHANNELS; c++)
    {
      free (self->xring[c]);
      free (self->in[c]);
      free (self->y1[c]);
    }
  free (self);
}

void
lq_limiter_reset (LqLimiter *self)
{
  stage_reset (&self->s1, self->look_pending);
  stage_reset (&self->s2, self->s2.look);
  for (uint32_t c = 0; c < self->channels; c++)
    memset (self->xring[c], 0, (self->xmask + 1) * sizeof (float));
  lq_ramp_set_target (&self->ceiling, self->ceiling.target, 0);
  for (uint32_t i = 0; i <= self->gmask; i++)
    {
      self->gring[i] = 1.0;
      self->cring[i] = self->ceiling.value;
    }
  self->t = 0;
  lq_ramp_set_target (&self->mix, self->mix.target, 0);
  self->gain = 1.0;
  self->min_gain = 1.0;
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

void
lq_limiter_set_bypass (LqLimiter *self, bool bypass)
{
  lq_ramp_set_target (&self->mix, bypass ? 0.0 : 1.0,
                      (uint32_t) lround (BYPASS_FADE_MS * self->rate / 1000.0));
}

uint32_t
lq_limiter_get_latency (const LqLimiter *self)
{
  return self->s1.delay + self->s2.delay;
}

static inline float
sanitise (float x)
{
  if (!(x > 1e-30f || x < -1e-30f))
    return 0.0f;                /* NaN, zero and denormals */
  if (x > INPUT_LIMIT)
    return INPUT_LIMIT;         /* also +inf */
  if (x < -INPUT_LIMIT)
    return -INPUT_LIMIT;
  return x;
}

void
lq_limiter_process (LqLimiter *self, float *const *ch, uint32_t n)
{
  const uint32_t nch = self->channels;
  const uint32_t d1 = self->s1.delay;
  const uint32_t d12 = self->s1.delay + self->s2.delay;
  const uint32_t d2 = self->s2.delay;

  for (uint32_t off = 0; off < n;)
    {
      uint32_t m = n - off < SUB ? n - off : SUB;
      uint64_t t0 = self->t;

      /* Stage 1: detect on the input, gain the input delayed by D1. */
      for (uint32_t c = 0; c < nch; c++)
        for (uint32_t i = 0; i < m; i++)
          {
            float x = sanitise (ch[c][off + i]);

            self->in[c][i] = x;
            self->xring[c][(t0 + i) & self->xmask] = x;
          }
      lq_true_peak_process_frames (self->s1.tp, (const float *const *) self->in, m,
                                   self->s1.peaks);
      short_run (&self->s1.sh, nch, (const float *const *) self->in, m, self->s1.peaks);
      for (uint32_t i = 0; i < m; i++)
        {
          uint64_t t = t0 + i;
          double ceiling = lq_ramp_next (&self->ceiling);
          double a1 = stage_step (&self->s1, required_gain (&self->s1, nch, i, ceiling));

          self->gring[t & self->gmask] = a1;
          self->cring[t & self->gmask] = ceiling;
          for (uint32_t c = 0; c < nch; c++)
            self->y1[c][i] = (float) (a1 * self->xring[c][(t - d1) & self->xmask]);
        }

      /* Stage 2: detect on stage 1's output; the final gain is the product. */
      {
        lq_true_peak_process_frames (self->s2.tp, (const float *const *) self->y1, m,
                                     self->s2.peaks);
        short_run (&self->s2.sh, nch, (const float *const *) self->y1, m, self->s2.peaks);
        for (uint32_t i = 0; i < m; i++)
          {
            uint64_t t = t0 + i;
            double a2 = stage_step (&self->s2,
                                    required_gain (&self->s2, nch, i,
                                                   self->cring[(t - d1) & self->gmask]));
            double g = a2 * self->gring[(t - d2) & self->gmask];
            double mix = lq_ramp_next (&self->mix);
            double ge = mix == 1.0 ? g : 1.0 + mix * (g - 1.0);

            for (uint32_t c = 0; c < nch; c++)
              ch[c][off + i] = (float) (ge * self->xring[c][(t - d12) & self->xmask]);
            self->gain = g;
            if (g < self->min_gain)
              self->min_gain = g;
          }
      }

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

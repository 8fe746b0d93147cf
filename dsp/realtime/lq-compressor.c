/* lq-compressor.c: feed-forward compressor (Giannoulis, Massberg, Reiss 2012).
 *
 * Three detectors run on every sample: the stereo-linked one and the mid and
 * side ones. The mode only decides which gains reach the output, through a
 * crossfade, so switching mode is click-free and finds a settled detector.
 * All state is advanced per sample in double precision: block boundaries
 * have no effect on the output.
 *
 * Cost. Audio runs in passes of at most PASS samples that never cross the
 * PASS grid counted from the last reset. Only the two recursions (the mean
 * squares and the ballistics, each a few independent one-poles) run sample
 * by sample; levels, the static curve, gains and the output mix are
 * computed per sample in separate loops over the pass that the compiler
 * vectorises, with log2 / exp2 done by polynomials (errors near 1e-8 dB, far
 * below what a dB meter or the float output resolves) instead of libm's
 * log10 / exp, and only the gains the output uses exponentiated (all three
 * detectors still run). Recursion states are flushed of denormals on the grid
 * (they decay by at most a few hundred dB between grid points, never reaching
 * the denormal range from above 1e-30), so the output is the same for any
 * block size.
 *
 * Bypass. Once the bypass crossfade has finished, a pass only replaces
 * non-finite samples by 0 and copies the input into a short history ring
 * (WARM_MS): the detectors stop, and the meters read 0. Switching back on
 * from there (lq_compressor_set_bypass (false)) snaps gliding parameters to
 * their targets, starts the detectors from the steady state of that
 * history's mean squares (or from reset, if the stream began within it) and
 * runs them, without output, over it, so the 10 ms crossfade from the dry
 * signal starts from detectors settled on the last WARM_MS of audio (only
 * older memory, for release or RMS times beyond that, is lost). This
 * depends only on sample positions, so the output is still the same for any
 * block size.
 */
/* Selects between computed values vectorise only when the compiler may
 * assume FP operations do not trap; that changes no result. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize ("no-trapping-math")
#endif

#include "lq-compressor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-ramp.h"
#include "lq-simd.h"
#include "lq-stereo-history.h"

#define LEVEL_FLOOR_DB (-200.0)
#define AES17_RMS_DB 3.0102999566398120 /* 10 log10 (2) */
#define DB_PER_LOG2_AMP 6.0205999132796239   /* 20 log10 (2) */
#define DB_PER_LOG2_POW 3.0102999566398120   /* 10 log10 (2) */
#define LOG2_PER_DB 0.16609640474436813      /* log2 (10) / 20 */
#define PASS 64             /* samples per pass, and the flush grid */
#define WARM_MS 100.0       /* history replayed when switched on from bypass */

#if defined(__GNUC__)
#define COMP_INLINE inline __attribute__ ((always_inline))
#else
#define COMP_INLINE inline
#endif

enum { DET_LINK = 0, DET_MID, DET_SIDE, N_DET };

struct _LqCompressor
{
  double rate;
  uint32_t max_block;
  uint32_t glide;     /* samples */
  uint32_t xfade;     /* samples */

  /* Targets (what the setters were given, after clamping). */
  double threshold, inv_ratio, knee, makeup;
  double attack_ms, release_ms, rms_ms;
  LqCompressorDetection detection;
  LqCompressorMode mode;
  bool bypass;

  /* Derived coefficients. */
  double a_att, a_rel, a_rms;

  /* Ramped parameters. */
  LqRamp r_threshold, r_inv_ratio, r_knee, r_makeup;
  LqRamp r_ms;        /* 0 = stereo-linked, 1 = mid/side */
  LqRamp r_wet;       /* 0 = bypassed */

  /* Detector states. */
  double ms_state[4]; /* mean squares: L, R, M, S */
  double reduction[N_DET]; /* smoothed gain reduction, dB */
  uint32_t phase;     /* position on the PASS grid */

  /* The input (as given), for the warm-up after bypass: WARM_MS. */
  LqStereoHistory hist;
};

static double
clampd (double x, double lo, double hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

static double
one_pole (double rate, double ms)
{
  return exp (-1000.0 / (ms * rate));
}

static double
curve (double x, double t, double w, double inv_r)
{
  double d = x - t;

  if (w <= 0.0)
    return d <= 0.0 ? x : t + d * inv_r;
  if (2.0 * d < -w)
    return x;
  if (2.0 * d <= w)
    {
      double e = d + 0.5 * w;

      return x + (inv_r - 1.0) * e * e / (2.0 * w);
    }
  return t + d * inv_r;
}

LqCompressor *
lq_compressor_new (uint32_t sample_rate, uint32_t max_block)
{
  LqCompressor *self;

  if (sample_rate < 1000 || sample_rate > 768000 || max_block == 0)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;

  self->rate = sample_rate;
  self->max_block = max_block;
  self->glide = (uint32_t) lround (LQ_COMPRESSOR_GLIDE_MS * 1e-3 * sample_rate);
  self->xfade = (uint32_t) lround (LQ_COMPRESSOR_XFADE_MS * 1e-3 * sample_rate);
  self->threshold = -18.0;
  self->inv_ratio = 0.5;
  self->knee = 6.0;
  self->makeup = 0.0;
  self->attack_ms = 10.0;
  self->release_ms = 100.0;
  self->rms_ms = 10.0;
  self->detection = LQ_COMPRESSOR_DETECT_PEAK;
  self->mode = LQ_COMPRESSOR_STEREO_LINKED;
  self->bypass = false;
  self->a_att = one_pole (self->rate, self->attack_ms);
  self->a_rel = one_pole (self->rate, self->release_ms);
  self->a_rms = one_pole (self->rate, self->rms_ms);
  if (lq_stereo_history_init (&self->hist, self->rate, WARM_MS, PASS) != LQ_OK)
    {
      lq_compressor_free (self);
      return NULL;
    }
  lq_compressor_reset (self);
  return self;
}

void
lq_compressor_free (LqCompressor *self)
{
  if (self == NULL)
    return;
  lq_stereo_history_clear (&self->hist);
  free (self);
}

/* Clears the detectors and ends every glide (not the grid or the history). */
static void
restart (LqCompressor *self)
{
  lq_ramp_init (&self->r_threshold, self->threshold);
  lq_ramp_init (&self->r_inv_ratio, self->inv_ratio);
  lq_ramp_init (&self->r_knee, self->knee);
  lq_ramp_init (&self->r_makeup, self->makeup);
  lq_ramp_init (&self->r_ms, self->mode == LQ_COMPRESSOR_MID_SIDE ? 1.0 : 0.0);
  lq_ramp_init (&self->r_wet, self->bypass ? 0.0 : 1.0);
  memset (self->ms_state, 0, sizeof self->ms_state);
  memset (self->reduction, 0, sizeof self->reduction);
}

void
lq_compressor_reset (LqCompressor *self)
{
  restart (self);
  self->phase = 0;
  lq_stereo_history_reset (&self->hist);
}

static bool
fully_bypassed (const LqCompressor *self)
{
  return lq_stereo_history_bypass_done (&self->r_wet);
}

static void warm_up (LqCompressor *self);

uint32_t
lq_compressor_get_latency (const LqCompressor *self)
{
  (void) self;
  return 0;
}

LqDspStatus
lq_compressor_set_threshold (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->threshold = clampd (db, LQ_COMPRESSOR_THRESHOLD_MIN, LQ_COMPRESSOR_THRESHOLD_MAX);
  lq_ramp_set_target (&self->r_threshold, self->threshold, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_ratio (LqCompressor *self, double ratio)
{
  if (isnan (ratio))
    return LQ_ERR_INVALID;
  /* 1/R glides: the slope above the knee moves linearly. */
  self->inv_ratio = 1.0 / clampd (ratio, LQ_COMPRESSOR_RATIO_MIN, LQ_COMPRESSOR_RATIO_MAX);
  lq_ramp_set_target (&self->r_inv_ratio, self->inv_ratio, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_knee (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->knee = clampd (db, 0.0, LQ_COMPRESSOR_KNEE_MAX);
  lq_ramp_set_target (&self->r_knee, self->knee, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_makeup (LqCompressor *self, double db)
{
  if (isnan (db))
    return LQ_ERR_INVALID;
  self->makeup = clampd (db, LQ_COMPRESSOR_MAKEUP_MIN, LQ_COMPRESSOR_MAKEUP_MAX);
  lq_ramp_set_target (&self->r_makeup, self->makeup, self->glide);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_attack (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->attack_ms = clampd (ms, LQ_COMPRESSOR_ATTACK_MIN_MS, LQ_COMPRESSOR_ATTACK_MAX_MS);
  self->a_att = one_pole (self->rate, self->attack_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_release (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->release_ms = clampd (ms, LQ_COMPRESSOR_RELEASE_MIN_MS, LQ_COMPRESSOR_RELEASE_MAX_MS);
  self->a_rel = one_pole (self->rate, self->release_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_rms_window (LqCompressor *self, double ms)
{
  if (isnan (ms))
    return LQ_ERR_INVALID;
  self->rms_ms = clampd (ms, LQ_COMPRESSOR_RMS_MIN_MS, LQ_COMPRESSOR_RMS_MAX_MS);
  self->a_rms = one_pole (self->rate, self->rms_ms);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_detection (LqCompressor *self, LqCompressorDetection detection)
{
  if (detection != LQ_COMPRESSOR_DETECT_PEAK && detection != LQ_COMPRESSOR_DETECT_RMS)
    return LQ_ERR_INVALID;
  self->detection = detection;
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_mode (LqCompressor *self, LqCompressorMode mode)
{
  if (mode != LQ_COMPRESSOR_STEREO_LINKED && mode != LQ_COMPRESSOR_MID_SIDE)
    return LQ_ERR_INVALID;
  self->mode = mode;
  lq_ramp_set_target (&self->r_ms, mode == LQ_COMPRESSOR_MID_SIDE ? 1.0 : 0.0, self->xfade);
  return LQ_OK;
}

LqDspStatus
lq_compressor_set_bypass (LqCompressor *self, bool bypass)
{
  /* From fully bypassed the detectors may have stopped (depending on where
   * blocks were cut): restart them in any case. r_wet stays at 0 and then
   * fades in. */
  if (!bypass && fully_bypassed (self))
    {
      self->bypass = true;
      restart (self);
      warm_up (self);
    }
  self->bypass = bypass;
  lq_ramp_set_target (&self->r_wet, bypass ? 0.0 : 1.0, self->xfade);
  return LQ_OK;
}

double
lq_compressor_static_curve (const LqCompressor *self, double level_db)
{
  return curve (level_db, self->threshold, self->knee, self->inv_ratio);
}

double
lq_compressor_static_reduction_db (double threshold_db,
                                   double ratio,
                                   double knee_db,
                                   double level_db)
{
  double y;

  if (isnan (threshold_db) || isnan (ratio) || isnan (knee_db) || isnan (level_db))
    return NAN;
  threshold_db = clampd (threshold_db, LQ_COMPRESSOR_THRESHOLD_MIN, LQ_COMPRESSOR_THRESHOLD_MAX);
  ratio = clampd (ratio, LQ_COMPRESSOR_RATIO_MIN, LQ_COMPRESSOR_RATIO_MAX);
  knee_db = clampd (knee_db, 0.0, LQ_COMPRESSOR_KNEE_MAX);
  y = curve (level_db, threshold_db, knee_db, 1.0 / ratio);
  return level_db - y > 0.0 ? level_db - y : 0.0;
}

double
lq_compressor_get_gain_reduction (const LqCompressor *self, uint32_t index)
{
  if (fully_bypassed (self))
    return 0.0;
  if (self->mode == LQ_COMPRESSOR_STEREO_LINKED)
    return self->reduction[DET_LINK];
  return self->reduction[index == 0 ? DET_MID : DET_SIDE];
}

/* ---- vectorisable math ------------------------------------------------- */

static inline uint64_t
bits_of (double x)
{
  uint64_t u;

  memcpy (&u, &x, sizeof u);
  return u;
}

static inline double
double_of (uint64_t u)
{
  double x;

  memcpy (&x, &u, sizeof x);
  return x;
}

/* log2 (x) for positive normal x: exponent, and the atanh series on the
 * mantissa in [sqrt(1/2), sqrt(2)) to s^9 (|s| <= 0.172: error < 2e-9, that
 * is 1e-8 dB). */
static inline double
fast_log2 (double x)
{
  uint64_t u = bits_of (x);
  /* The biased exponent as a double, exactly: 2^52 + e - (2^52 + 1023). */
  double e = double_of ((u >> 52) | 0x4330000000000000ull) - 4503599627371519.0;
  double m = double_of ((u & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  double half = 0.5 * m, e1 = e + 1.0;
  double s, s2;

  e = m > M_SQRT2 ? e1 : e;
  m = m > M_SQRT2 ? half : m;
  s = (m - 1.0) / (m + 1.0);
  s2 = s * s;
  return e + s * (2.0 / M_LN2) * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0
                                   + s2 * (1.0 / 9.0)))));
}

/* 2^v for v in [-1000, 1000] (clamped): 2^round(v) times a degree-8 Taylor
 * polynomial of 2^f, |f| <= 1/2 (relative error < 1e-9, 1e-8 dB: below the
 * float output's resolution). */
static inline double
fast_exp2 (double v)
{
  const double magic = 6755399441055744.0;    /* 1.5 * 2^52: rounds to integer */
  double t, k, f, p;
  uint64_t ki;

  v = v < -1000.0 ? -1000.0 : v;
  v = v > 1000.0 ? 1000.0 : v;
  t = v + magic;
  k = t - magic;
  f = (v - k) * M_LN2;
  ki = bits_of (t) - bits_of (magic);          /* round (v), two's complement */
  p = 1.0 + f * (1.0 + f * (1.0 / 2 + f * (1.0 / 6 + f * (1.0 / 24 + f * (1.0 / 120
      + f * (1.0 / 720 + f * (1.0 / 5040 + f * (1.0 / 40320))))))));
  return double_of (bits_of (p) + (ki << 52));
}

/* The static curve, branch-free (the same cases as curve ()); @kq is
 * (1/R - 1) / (2 W) (any value when W is 0). */
static inline double
curve_v (double x, double t, double w, double inv_r, double kq)
{
  double d = x - t;
  double hard = t + d * inv_r;
  double e = d + 0.5 * w;
  double knee = x + kq * e * e;
  double y = 2.0 * d <= w ? knee : hard;       /* w > 0 */
  double y0 = d <= 0.0 ? x : hard;              /* w = 0: hard knee */

  y = 2.0 * d < -w ? x : y;
  return w > 0.0 ? y : y0;
}

#define sanitize_v lq_stereo_history_sanitize

/* ---- processing --------------------------------------------------------- */

/* Per-sample values of @r over @m samples. */
static void
ramp_fill (LqRamp *r, double *dst, uint32_t m)
{
  if (!lq_ramp_is_moving (r))
    {
      double v = r->value;

      for (uint32_t i = 0; i < m; i++)
        dst[i] = v;
      return;
    }
  for (uint32_t i = 0; i < m; i++)
    dst[i] = lq_ramp_next (r);
}

/* lev[i]: the detector's level (mean square, or |x|) in, x_G - y_G (dB) out. */
static COMP_INLINE void
reduction_wanted (double *restrict lev, uint32_t m, bool rms, const double *restrict t,
                  const double *restrict w, const double *restrict inv_r,
                  const double *restrict kq)
{
  const double k = rms ? DB_PER_LOG2_POW : DB_PER_LOG2_AMP;
  const double offset = rms ? AES17_RMS_DB : 0.0;
  const double floor_in = rms ? 1e-20 : 1e-10;

  for (uint32_t i = 0; i < m; i++)
    {
      double p = lev[i];
      double db = k * fast_log2 (p) + offset;
      double x = p > floor_in ? db : LEVEL_FLOOR_DB;

      lev[i] = x - curve_v (x, t[i], w[i], inv_r[i], kq[i]);
    }
}

static COMP_INLINE void
gains (double *restrict g, const double *restrict reduction, const double *restrict makeup,
       uint32_t m)
{
  for (uint32_t i = 0; i < m; i++)
    g[i] = fast_exp2 ((makeup[i] - reduction[i]) * LOG2_PER_DB);
}

LQ_SIMD_CLONES
static void
run_pass (LqCompressor *self, float *l, float *r, uint32_t m)
{
  double xl[PASS], xr[PASS], xm[PASS], xs[PASS];
  double lev[N_DET][PASS], gain[N_DET][PASS];
  double t[PASS], inv_r[PASS], w[PASS], kq[PASS], makeup[PASS], mix[PASS], wet[PASS];
  const bool rms = self->detection == LQ_COMPRESSOR_DETECT_RMS;
  bool ms_fixed;

  for (uint32_t i = 0; i < m; i++)
    {
      xl[i] = sanitize_v (l[i]);
      xr[i] = sanitize_v (r[i]);
      xm[i] = 0.5 * (xl[i] + xr[i]);
      xs[i] = 0.5 * (xl[i] - xr[i]);
    }
  ramp_fill (&self->r_threshold, t, m);
  ramp_fill (&self->r_inv_ratio, inv_r, m);
  ramp_fill (&self->r_knee, w, m);
  ramp_fill (&self->r_makeup, makeup, m);
  ms_fixed = !lq_ramp_is_moving (&self->r_ms);       /* mix[] constant over the pass */
  ramp_fill (&self->r_ms, mix, m);
  ramp_fill (&self->r_wet, wet, m);

  /* Mean squares always run, so switching detection finds them settled. */
  {
    const double a = self->a_rms, b = 1.0 - a;
    double s0 = self->ms_state[0], s1 = self->ms_state[1];
    double s2 = self->ms_state[2], s3 = self->ms_state[3];

    for (uint32_t i = 0; i < m; i++)
      {
        s0 = a * s0 + b * xl[i] * xl[i];
        s1 = a * s1 + b * xr[i] * xr[i];
        s2 = a * s2 + b * xm[i] * xm[i];
        s3 = a * s3 + b * xs[i] * xs[i];
        lev[DET_LINK][i] = s0 > s1 ? s0 : s1;
        lev[DET_MID][i] = s2;
        lev[DET_SIDE][i] = s3;
      }
    self->ms_state[0] = s0;
    self->ms_state[1] = s1;
    self->ms_state[2] = s2;
    self->ms_state[3] = s3;
  }

  if (!rms)
    for (uint32_t i = 0; i < m; i++)
      {
        double al = fabs (xl[i]), ar = fabs (xr[i]);

        lev[DET_LINK][i] = al > ar ? al : ar;
        lev[DET_MID][i] = fabs (xm[i]);
        lev[DET_SIDE][i] = fabs (xs[i]);
      }

  /* Levels (dB; RMS read as AES17) and the reduction the static curve asks for. */
  for (uint32_t i = 0; i < m; i++)
    kq[i] = (inv_r[i] - 1.0) / (2.0 * (w[i] > 0.0 ? w[i] : 1.0));
  for (int d = 0; d < N_DET; d++)
    reduction_wanted (lev[d], m, rms, t, w, inv_r, kq);

  /* Ballistics: smooth branching on the reduction (dB), three one-poles. */
  {
    const double aa = self->a_att, ab = 1.0 - aa, ra = self->a_rel, rb = 1.0 - ra;
    double y0 = self->reduction[0], y1 = self->reduction[1], y2 = self->reduction[2];

    for (uint32_t i = 0; i < m; i++)
      {
        double x0 = lev[0][i], x1 = lev[1][i], x2 = lev[2][i];
        double att0 = aa * y0 + ab * x0, rel0 = ra * y0 + rb * x0;
        double att1 = aa * y1 + ab * x1, rel1 = ra * y1 + rb * x1;
        double att2 = aa * y2 + ab * x2, rel2 = ra * y2 + rb * x2;

        y0 = x0 > y0 ? att0 : rel0;
        y1 = x1 > y1 ? att1 : rel1;
        y2 = x2 > y2 ? att2 : rel2;
        lev[0][i] = y0;
        lev[1][i] = y1;
        lev[2][i] = y2;
      }
    self->reduction[0] = y0;
    self->reduction[1] = y1;
    self->reduction[2] = y2;
  }

  /* Gains: makeup - reduction, in dB; only those the output uses (every
   * detector above runs all the same). Per sample the output is the same
   * whichever loop computes it: mix 0 is the linked gain exactly, mix 1
   * the mid/side one. */
  {
    bool need_link = !ms_fixed || mix[0] != 1.0;
    bool need_ms = !ms_fixed || mix[0] != 0.0;

    if (need_link)
      gains (gain[DET_LINK], lev[DET_LINK], makeup, m);
    if (need_ms)
      {
        gains (gain[DET_MID], lev[DET_MID], makeup, m);
        gains (gain[DET_SIDE], lev[DET_SIDE], makeup, m);
      }

    if (!need_ms)
      for (uint32_t i = 0; i < m; i++)
        {
          double yl = xl[i] * gain[DET_LINK][i], yr = xr[i] * gain[DET_LINK][i];

          l[i] = (float) (xl[i] + wet[i] * (yl - xl[i]));
          r[i] = (float) (xr[i] + wet[i] * (yr - xr[i]));
        }
    else if (!need_link)
      for (uint32_t i = 0; i < m; i++)
        {
          double mo = xm[i] * gain[DET_MID][i], so = xs[i] * gain[DET_SIDE][i];
          double yl = mo + so, yr = mo - so;

          l[i] = (float) (xl[i] + wet[i] * (yl - xl[i]));
          r[i] = (float) (xr[i] + wet[i] * (yr - xr[i]));
        }
    else
      for (uint32_t i = 0; i < m; i++)
        {
          double yl = xl[i] * gain[DET_LINK][i], yr = xr[i] * gain[DET_LINK][i];
          double mo = xm[i] * gain[DET_MID][i], so = xs[i] * gain[DET_SIDE][i];
          double ml = yl + mix[i] * (mo + so - yl), mr = yr + mix[i] * (mo - so - yr);

          ml = mix[i] == 1.0 ? mo + so : ml;
          mr = mix[i] == 1.0 ? mo - so : mr;
          l[i] = (float) (xl[i] + wet[i] * (ml - xl[i]));
          r[i] = (float) (xr[i] + wet[i] * (mr - xr[i]));
        }
  }
}

/* After a pass of @m frames: on the grid, flush the recursions of denormals. */
static void
advance_grid (LqCompressor *self, uint32_t m)
{
  self->phase += m;
  if (self->phase == PASS)
    {
      for (int k = 0; k < 4; k++)
        self->ms_state[k] = lq_flush (self->ms_state[k]);
      for (int d = 0; d < N_DET; d++)
        self->reduction[d] = lq_flush (self->reduction[d]);
      self->phase = 0;
    }
}

/* One pass of the warm-up replay. */
static void
warm_pass (void *data,
           float *l,
           float *r,
           uint32_t m,
           uint32_t done)
{
  LqCompressor *self = data;

  (void) done;
  run_pass (self, l, r, m);
  advance_grid (self, m);
}

/* Runs the detectors over the history, on the same grid, output discarded. */
static void
warm_up (LqCompressor *self)
{
  const LqStereoHistory *h = &self->hist;
  uint32_t count = h->count;

  if (!lq_stereo_history_from_reset (h))
    {
      /* The history does not reach back to the last reset: rather than from
       * silence, start from the steady state of its mean squares (RMS
       * levels, and the reduction the static curve gives them; in peak mode
       * too, where a sine's peak reads what its AES17 RMS does), so that
       * long RMS windows and attack times are not caught short. */
      double sum[4] = { 0.0, 0.0, 0.0, 0.0 }, lev[N_DET];

      for (uint32_t i = 0; i < count; i++)
        {
          double xl = sanitize_v (lq_stereo_history_get (h, 0, i));
          double xr = sanitize_v (lq_stereo_history_get (h, 1, i));
          double xm = 0.5 * (xl + xr), xs = 0.5 * (xl - xr);

          sum[0] += xl * xl;
          sum[1] += xr * xr;
          sum[2] += xm * xm;
          sum[3] += xs * xs;
        }
      for (int k = 0; k < 4; k++)
        self->ms_state[k] = sum[k] / count;
      lev[DET_LINK] = fmax (self->ms_state[0], self->ms_state[1]);
      lev[DET_MID] = self->ms_state[2];
      lev[DET_SIDE] = self->ms_state[3];
      for (int d = 0; d < N_DET; d++)
        {
          double x = lev[d] > 1e-20 ? 10.0 * log10 (lev[d]) + AES17_RMS_DB : LEVEL_FLOOR_DB;

          self->reduction[d] = x - curve (x, self->threshold, self->knee, self->inv_ratio);
        }
    }

  lq_stereo_history_replay (h, PASS, &self->phase, 0, warm_pass, self);
}

void
lq_compressor_process (LqCompressor *self, float *const *ch, uint32_t n)
{
  for (uint32_t done = 0; done < n;)
    {
      uint32_t m = PASS - self->phase;
      float *l = ch[0] + done, *r = ch[1] + done;

      if (m > n - done)
        m = n - done;

      /* History first: processing is in place. */
      lq_stereo_history_push (&self->hist, l, r, m);
      if (fully_bypassed (self))
        lq_stereo_history_pass_dry (l, r, m);
      else
        run_pass (self, l, r, m);
      advance_grid (self, m);
      done += m;
    }
}

/* bench-chain.c: how fast the mastering chain renders, on one core.
 *
 * Goal (reported, not enforced: exit 0 unless something fails to set up):
 * the full chain with match EQ and the true-peak limiter renders a stereo
 * 44.1 kHz track at >= 100x real time on one core.
 *
 * Input: 4 minutes of generated "music-like" stereo audio (pink-noise bed with
 * a beat envelope and a slow verse/chorus swell, kick, snare and hi-hat
 * bursts, a detuned chord; peak-normalised to -0.3 dBFS, about -19 LUFS), made
 * before any timing, so the compressors and the limiter all have work to do.
 *
 * Settings, everything on: input trim -1 dB; 6 parametric EQ bands (high-pass
 * 30 Hz 24 dB/oct, low shelf, a mid bell, a bell, a side high shelf, a side
 * high-pass); match EQ with a real curve on the lq-spectrum 1/3-octave centres
 * (mid: a tilt +3 -> -3 dB with a presence bump; side: less bass, more air),
 * strength 1, cap 6 dB; compressor RMS mid/side; width 1.2 with mono below
 * 120 Hz; match gain +5 dB (so the limiter works hard); 2-band bus EQ; bus
 * compressor RMS linked; true-peak limiter at -1 dBTP.
 *
 * Timed: lq_chain_process() over the whole track, called block by block
 * (512, and 64 and 4096), monotonic wall clock and thread CPU time, median of
 * RUNS (default 5; `bench-chain RUNS` to change it). The audio is copied back
 * and the chain reset before each run, outside the timing. Then, for the cost
 * of each stage, each processor alone (on, and bypassed) over the first
 * minute, block 512, and the chain with every stage off (neutral). And the
 * parametric EQ on denormal input against ordinary audio (the tests check
 * that denormals are flushed; what that costs is measured here).
 *
 * FFTW: lq-match-eq plans with FFTW_ESTIMATE and never asks for threads, so
 * its FFTs are single-threaded; to make sure, this benchmark calls
 * fftw_init_threads() and fftw_plan_with_nthreads (1) before any plan is made
 * and prints the planner's thread count and the process's thread count after
 * the runs.
 */
#include <fftw3.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lq-chain.h"
#include "lq-compressor.h"
#include "lq-limiter.h"
#include "lq-match-eq.h"
#include "lq-parametric-eq.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"
#include "lq-spectrum.h"
#include "lq-stereo-width.h"
#include "lq-true-peak.h"

#define RATE 44100
#define SECONDS 240
#define N_FRAMES ((size_t) RATE * SECONDS)
#define MAX_RUNS 99
#define GOAL_XRT 100.0
#define STAGE_SECONDS 60   /* audio per run in the per-processor timings */

static float *src[2];   /* the generated track, never modified */
static float *work[2];  /* what the chain processes in place */

/* Random numbers ------------------------------------------------------------ */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static double
rnd (void)  /* uniform in [-1, 1) */
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (double) ((rng_state * 0x2545F4914F6CDD1Dull) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

typedef struct
{
  double b0, b1, b2, b3, b4, b5, b6;
} Pink;

/* Paul Kellet's refined pink-noise filter on white noise. */
static double
pink (Pink *p)
{
  double w = rnd (), out;

  p->b0 = 0.99886 * p->b0 + w * 0.0555179;
  p->b1 = 0.99332 * p->b1 + w * 0.0750759;
  p->b2 = 0.96900 * p->b2 + w * 0.1538520;
  p->b3 = 0.86650 * p->b3 + w * 0.3104856;
  p->b4 = 0.55000 * p->b4 + w * 0.5329522;
  p->b5 = -0.7616 * p->b5 - w * 0.0168980;
  out = p->b0 + p->b1 + p->b2 + p->b3 + p->b4 + p->b5 + p->b6 + w * 0.5362;
  p->b6 = w * 0.115926;
  return out * 0.11;
}

/* The track --------------------------------------------------------------- */

static void
generate (void)
{
  static const double chord[] = { 110.0, 220.0, 277.18, 329.63, 440.0 };
  Pink pa = { 0 }, pb = { 0 }, pc = { 0 };
  double hat_prev = 0.0, peak = 0.0, gain;

  for (size_t i = 0; i < N_FRAMES; i++)
    {
      double t = (double) i / RATE;
      double beat = fmod (t, 0.5);            /* 120 BPM */
      double bar2 = fmod (t, 1.0);            /* snare on the off-beat */
      double eighth = fmod (t, 0.25);
      /* verse/chorus swell over 32 s, and a quiet breakdown from 3:00 to 3:15 */
      double section = 0.55 + 0.45 * (0.5 - 0.5 * cos (2.0 * M_PI * t / 32.0));
      double bed_env, kick, snare, hat, white, l, r, pad_l = 0.0, pad_r = 0.0;
      double a = pink (&pa), b = pink (&pb), c = pink (&pc);

      if (t >= 180.0 && t < 195.0)
        section *= 0.3;
      bed_env = section * (0.30 + 0.25 * exp (-beat / 0.2));
      kick = 0.55 * section * exp (-beat / 0.09)
             * sin (2.0 * M_PI * (48.0 * beat + 1.2 * (1.0 - exp (-beat / 0.015))));
      white = rnd ();
      snare = bar2 >= 0.5 ? 0.25 * section * exp (-(bar2 - 0.5) / 0.06) * white : 0.0;
      hat = 0.12 * section * exp (-eighth / 0.02) * (white - hat_prev);
      hat_prev = white;
      for (size_t k = 0; k < sizeof chord / sizeof chord[0]; k++)
        {
          double trem = 0.75 + 0.25 * sin (2.0 * M_PI * t / 4.0 + k);

          pad_l += 0.045 * trem * sin (2.0 * M_PI * chord[k] * t);
          pad_r += 0.045 * trem * sin (2.0 * M_PI * (chord[k] + 0.35) * t + 0.3 * k);
        }
      l = bed_env * (0.8 * a + 0.45 * b) + kick + snare + 0.8 * hat + pad_l;
      r = bed_env * (0.8 * a + 0.45 * c) + kick + snare + 0.6 * hat + pad_r;
      src[0][i] = (float) l;
      src[1][i] = (float) r;
      if (fabs (l) > peak)
        peak = fabs (l);
      if (fabs (r) > peak)
        peak = fabs (r);
    }
  gain = pow (10.0, -0.3 / 20.0) / peak;
  for (size_t i = 0; i < N_FRAMES; i++)
    {
      src[0][i] = (float) (src[0][i] * gain);
      src[1][i] = (float) (src[1][i] * gain);
    }
}

/* Integrated loudness (LUFS) and true peak (dBTP) of @ch. */
static void
measure (float *const *ch, double *lufs, double *dbtp)
{
  enum { CHUNK = 4410 };
  LqLoudnessMeter *meter = lq_loudness_meter_new (RATE, 2);
  LqTruePeak *tp = lq_true_peak_new (RATE, 2, CHUNK);
  size_t max_blocks = N_FRAMES / lq_loudness_meter_get_hop (meter) + 16, n_blocks = 0;
  double *energies = malloc (max_blocks * sizeof (double));
  float peak[2] = { 0.0f, 0.0f };

  if (meter == NULL || tp == NULL || energies == NULL)
    {
      fprintf (stderr, "bench-chain: out of memory\n");
      exit (1);
    }
  for (size_t done = 0; done < N_FRAMES; done += CHUNK)
    {
      uint32_t n = N_FRAMES - done < CHUNK ? (uint32_t) (N_FRAMES - done) : CHUNK;
      const float *const in[2] = { ch[0] + done, ch[1] + done };
      LqLoudnessBlock blocks[8];
      uint32_t got = lq_loudness_meter_process (meter, in, n, blocks, 8);

      for (uint32_t k = 0; k < got; k++)
        if (blocks[k].momentary_valid && n_blocks < max_blocks)
          energies[n_blocks++] = blocks[k].momentary;
      lq_true_peak_process (tp, in, n, peak);
    }
  lq_true_peak_flush (tp, peak);
  *lufs = lq_loudness_gate_integrated (&(LqEnergySpan) { energies, n_blocks }, 1);
  *dbtp = 20.0 * log10 (fmax (fmax (peak[0], peak[1]), 1e-20));
  free (energies);
  lq_true_peak_free (tp);
  lq_loudness_meter_free (meter);
}

/* Settings ---------------------------------------------------------------- */

static LqEqBand
band (LqEqType type, double freq, double gain, double q, uint32_t slope, LqEqChannels channels)
{
  return (LqEqBand) { .enabled = true, .type = type, .freq_hz = freq, .gain_db = gain, .q = q,
                      .slope_db_oct = slope, .channels = channels };
}

static void
full_settings (LqChainSettings *s)
{
  LqSpectrum *spectrum = lq_spectrum_new (RATE, 2);
  const double *centres;
  uint32_t n;

  lq_chain_settings_init (s);
  s->input_trim_db = -1.0;

  s->eq[0] = band (LQ_EQ_HIGH_PASS, 30.0, 0.0, 0.707, 24, LQ_EQ_STEREO);
  s->eq[1] = band (LQ_EQ_LOW_SHELF, 90.0, 1.5, 0.707, 12, LQ_EQ_STEREO);
  s->eq[2] = band (LQ_EQ_BELL, 350.0, -2.0, 1.2, 12, LQ_EQ_MID);
  s->eq[3] = band (LQ_EQ_BELL, 3000.0, 1.5, 0.9, 12, LQ_EQ_STEREO);
  s->eq[4] = band (LQ_EQ_HIGH_SHELF, 10000.0, 2.0, 0.707, 12, LQ_EQ_SIDE);
  s->eq[5] = band (LQ_EQ_HIGH_PASS, 150.0, 0.0, 0.707, 12, LQ_EQ_SIDE);

  /* The match curve on the analyser's own 1/3-octave centres. */
  if (spectrum == NULL)
    {
      fprintf (stderr, "bench-chain: lq_spectrum_new failed\n");
      exit (1);
    }
  centres = lq_spectrum_get_centres (spectrum);
  n = lq_spectrum_get_n_bands (spectrum);
  s->match_eq_enabled = true;
  s->match_n_bands = n;
  for (uint32_t b = 0; b < n; b++)
    {
      double oct = log2 (centres[b] / 1000.0);           /* -5.6 .. +4.4 */

      s->match_centres[b] = centres[b];
      /* tilt +3 dB at 20 Hz to -3 dB at 20 kHz, and +2 dB around 2.5 kHz */
      s->match_mid_db[b] = 3.0 - 6.0 * log2 (centres[b] / 20.0) / log2 (1000.0)
                           + 2.0 * exp (-pow (oct - 1.3, 2) / 0.5);
      /* side: -4 dB in the bass rising to +2 dB of air */
      s->match_side_db[b] = -4.0 + 6.0 / (1.0 + exp (-(oct + 1.5) * 2.0));
    }
  s->match_strength = 1.0;
  s->match_cap_db = 6.0;
  lq_spectrum_free (spectrum);

  s->compressor = (LqChainCompressor) {
    .enabled = true, .threshold_db = -20.0, .ratio = 2.5, .knee_db = 6.0, .attack_ms = 20.0,
    .release_ms = 150.0, .makeup_db = 2.0, .detection = LQ_COMPRESSOR_DETECT_RMS,
    .mode = LQ_COMPRESSOR_MID_SIDE,
  };

  s->width_enabled = true;
  s->width = 1.2;
  s->mono_below_hz = 120.0;

  s->match_gain_db = 5.0;

  s->bus_eq[0] = band (LQ_EQ_BELL, 60.0, 1.0, 0.8, 12, LQ_EQ_STEREO);
  s->bus_eq[1] = band (LQ_EQ_HIGH_SHELF, 12000.0, 1.0, 0.707, 12, LQ_EQ_STEREO);
  s->bus_compressor = (LqChainCompressor) {
    .enabled = true, .threshold_db = -12.0, .ratio = 1.5, .knee_db = 6.0, .attack_ms = 30.0,
    .release_ms = 300.0, .makeup_db = 0.0, .detection = LQ_COMPRESSOR_DETECT_RMS,
    .mode = LQ_COMPRESSOR_STEREO_LINKED,
  };

  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
  s->limiter_release_ms = 100.0;
}

/* Timing ------------------------------------------------------------------ */

static double
now (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *v, int n)
{
  double s[MAX_RUNS];

  memcpy (s, v, n * sizeof (double));
  qsort (s, n, sizeof (double), cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

typedef struct
{
  double wall, cpu;            /* medians, seconds */
  double walls[MAX_RUNS];
} Timing;

/* Renders the whole track @runs times through a chain with @s in blocks of
 * @block. The output of the last run stays in work[]. */
static Timing
time_chain (const LqChainSettings *s, uint32_t block, int runs)
{
  LqChain *chain = lq_chain_new (RATE, block);
  double cpus[MAX_RUNS];
  Timing t = { 0 };

  if (chain == NULL || lq_chain_apply_settings (chain, s) != LQ_OK)
    {
      fprintf (stderr, "bench-chain: could not set up the chain (block %u)\n", block);
      exit (1);
    }
  for (int r = 0; r < runs; r++)
    {
      double w0, c0;

      memcpy (work[0], src[0], N_FRAMES * sizeof (float));
      memcpy (work[1], src[1], N_FRAMES * sizeof (float));
      lq_chain_reset (chain);
      w0 = now (CLOCK_MONOTONIC);
      c0 = now (CLOCK_THREAD_CPUTIME_ID);
      for (size_t done = 0; done < N_FRAMES; done += block)
        {
          uint32_t n = N_FRAMES - done < block ? (uint32_t) (N_FRAMES - done) : block;
          float *const ch[2] = { work[0] + done, work[1] + done };

          lq_chain_process (chain, ch, n);
        }
      cpus[r] = now (CLOCK_THREAD_CPUTIME_ID) - c0;
      t.walls[r] = now (CLOCK_MONOTONIC) - w0;
    }
  t.wall = median (t.walls, runs);
  t.cpu = median (cpus, runs);
  lq_chain_free (chain);
  return t;
}

/* Each processor alone ----------------------------------------------------- */

enum { P_EQ, P_MATCH, P_COMP, P_WIDTH, P_BUS_EQ, P_BUS_COMP, P_LIMITER, N_PROCS };
static const char *const proc_names[N_PROCS] = {
  "parametric EQ (6 bands)", "match EQ (8191 taps, M/S)", "compressor (RMS, M/S)",
  "stereo width (1.2, mono <120)", "bus EQ (2 bands)", "bus compressor (RMS, linked)",
  "true-peak limiter (-1 dBTP)",
};

static void
set_compressor (LqCompressor *c, const LqChainCompressor *s, bool bypass)
{
  lq_compressor_set_threshold (c, s->threshold_db);
  lq_compressor_set_ratio (c, s->ratio);
  lq_compressor_set_knee (c, s->knee_db);
  lq_compressor_set_attack (c, s->attack_ms);
  lq_compressor_set_release (c, s->release_ms);
  lq_compressor_set_makeup (c, s->makeup_db);
  lq_compressor_set_detection (c, s->detection);
  lq_compressor_set_mode (c, s->mode);
  lq_compressor_set_bypass (c, bypass);
  lq_compressor_reset (c);
}

/* Thread CPU seconds (median of @runs) of processor @p, configured as in
 * @full (or bypassed), over the first STAGE_SECONDS of the track in blocks
 * of @block, as the chain would call it. */
static double
time_processor (int p, const LqChainSettings *full, bool bypass, uint32_t block, int runs)
{
  size_t frames = (size_t) RATE * STAGE_SECONDS;
  LqParametricEq *eq = NULL;
  LqMatchEq *meq = NULL;
  LqCompressor *comp = NULL;
  LqStereoWidth *width = NULL;
  LqLimiter *lim = NULL;
  double cpus[MAX_RUNS];

  switch (p)
    {
    case P_EQ:
    case P_BUS_EQ:
      eq = lq_parametric_eq_new (RATE, block);
      for (uint32_t i = 0; eq != NULL && i < LQ_PEQ_MAX_BANDS; i++)
        lq_parametric_eq_set_band (eq, i, p == P_EQ ? &full->eq[i] : &full->bus_eq[i]);
      if (eq != NULL)
        lq_parametric_eq_set_bypass (eq, bypass);
      break;
    case P_MATCH:
      meq = lq_match_eq_new (RATE, 2, block);
      if (meq != NULL)
        {
          lq_match_eq_set_curve (meq, full->match_centres, full->match_n_bands, full->match_mid_db,
                                 full->match_side_db, full->match_strength, full->match_cap_db);
          lq_match_eq_set_bypass (meq, bypass);
        }
      break;
    case P_COMP:
    case P_BUS_COMP:
      comp = lq_compressor_new (RATE, block);
      if (comp != NULL)
        set_compressor (comp, p == P_COMP ? &full->compressor : &full->bus_compressor, bypass);
      break;
    case P_WIDTH:
      width = lq_stereo_width_new (RATE, block);
      if (width != NULL)
        {
          lq_stereo_width_set_width (width, full->width);
          lq_stereo_width_set_mono_below (width, full->mono_below_hz);
          lq_stereo_width_set_bypass (width, bypass);
        }
      break;
    default:
      lim = lq_limiter_new (RATE, 2, block);
      if (lim != NULL)
        {
          lq_limiter_set_ceiling_dbtp (lim, full->limiter_ceiling_dbtp);
          lq_limiter_set_release_ms (lim, full->limiter_release_ms);
          lq_limiter_set_bypass (lim, bypass);
        }
    }
  if (eq == NULL && meq == NULL && comp == NULL && width == NULL && lim == NULL)
    {
      fprintf (stderr, "bench-chain: could not create %s\n", proc_names[p]);
      exit (1);
    }

  for (int r = 0; r < runs; r++)
    {
      double c0;

      /* The chain's input to the limiter is hot: give it +5 dB, as the chain does. */
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          work[c][i] = p == P_LIMITER ? src[c][i] * 1.778f : src[c][i];
      if (eq != NULL)
        lq_parametric_eq_reset (eq);
      if (meq != NULL)
        lq_match_eq_reset (meq);
      if (comp != NULL)
        lq_compressor_reset (comp);
      if (width != NULL)
        lq_stereo_width_reset (width);
      if (lim != NULL)
        lq_limiter_reset (lim);
      c0 = now (CLOCK_THREAD_CPUTIME_ID);
      for (size_t done = 0; done < frames; done += block)
        {
          uint32_t n = frames - done < block ? (uint32_t) (frames - done) : block;
          float *const ch[2] = { work[0] + done, work[1] + done };

          if (eq != NULL)
            lq_parametric_eq_process (eq, ch, n);
          else if (meq != NULL)
            lq_match_eq_process (meq, ch, n);
          else if (comp != NULL)
            lq_compressor_process (comp, ch, n);
          else if (width != NULL)
            lq_stereo_width_process (width, ch, n);
          else
            lq_limiter_process (lim, ch, n);
        }
      cpus[r] = now (CLOCK_THREAD_CPUTIME_ID) - c0;
    }
  lq_parametric_eq_free (eq);
  lq_match_eq_free (meq);
  lq_compressor_free (comp);
  lq_stereo_width_free (width);
  lq_limiter_free (lim);
  return median (cpus, runs) / frames;   /* seconds per frame */
}

/* Thread CPU seconds per frame (median of @runs) of the parametric EQ set as
 * in @full over STAGE_SECONDS of @denormal input (alternating 1e-40 and
 * 3e-39) or of the track. The EQ flushes denormals on the way in; this shows
 * that they cost no more than ordinary audio (a denormal stall would be
 * 10-100x). Reported, not enforced: speed lives here, not in the tests. */
static double
time_eq_input (const LqChainSettings *full, bool denormal, int runs)
{
  size_t frames = (size_t) RATE * STAGE_SECONDS;
  LqParametricEq *eq = lq_parametric_eq_new (RATE, 512);
  double cpus[MAX_RUNS];

  if (eq == NULL)
    {
      fprintf (stderr, "bench-chain: could not create the parametric EQ\n");
      exit (1);
    }
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    lq_parametric_eq_set_band (eq, i, &full->eq[i]);
  for (int r = 0; r < runs; r++)
    {
      double c0;

      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          work[c][i] = denormal ? ((i & 1) ? 1e-40f : 3e-39f) : src[c][i];
      lq_parametric_eq_reset (eq);
      c0 = now (CLOCK_THREAD_CPUTIME_ID);
      for (size_t done = 0; done < frames; done += 512)
        {
          uint32_t n = frames - done < 512 ? (uint32_t) (frames - done) : 512;
          float *const ch[2] = { work[0] + done, work[1] + done };

          lq_parametric_eq_process (eq, ch, n);
        }
      cpus[r] = now (CLOCK_THREAD_CPUTIME_ID) - c0;
    }
  lq_parametric_eq_free (eq);
  return median (cpus, runs) / frames;
}

static int
process_threads (void)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  int n = -1;

  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "Threads: %d", &n) == 1)
      break;
  fclose (f);
  return n;
}

static void
print_timing (const char *what, const Timing *t, int runs)
{
  printf ("  %-30s %7.3f s %7.0fx   cpu %7.3f s   runs:", what, t->wall, SECONDS / t->wall, t->cpu);
  for (int r = 0; r < runs; r++)
    printf (" %.3f", t->walls[r]);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  static const uint32_t blocks[] = { 512, 64, 4096 };
  LqChainSettings full, s;
  Timing t_full[3], t_neutral;
  double in_lufs, in_tp, out_lufs, out_tp, pre_lufs, pre_tp, t0, sum_on = 0.0;
  int runs = 5;

  if (argc > 1)
    runs = atoi (argv[1]);
  if (runs < 1 || runs > MAX_RUNS)
    {
      fprintf (stderr, "usage: bench-chain [RUNS]   (1..%d, default 5)\n", MAX_RUNS);
      return 2;
    }

  /* One FFTW thread, before any plan exists. */
  if (!fftw_init_threads ())
    {
      fprintf (stderr, "bench-chain: fftw_init_threads failed\n");
      return 1;
    }
  fftw_plan_with_nthreads (1);

  for (int c = 0; c < 2; c++)
    {
      src[c] = malloc (N_FRAMES * sizeof (float));
      work[c] = malloc (N_FRAMES * sizeof (float));
      if (src[c] == NULL || work[c] == NULL)
        {
          fprintf (stderr, "bench-chain: out of memory\n");
          return 1;
        }
    }

  printf ("bench-chain: the mastering chain on %d s of generated stereo %d Hz audio, one thread\n",
          SECONDS, RATE);
  t0 = now (CLOCK_MONOTONIC);
  generate ();
  measure (src, &in_lufs, &in_tp);
  printf ("input: %.1f LUFS integrated, %.2f dBTP true peak (generated in %.1f s)\n", in_lufs, in_tp,
          now (CLOCK_MONOTONIC) - t0);
  full_settings (&full);
  {
    LqChain *probe = lq_chain_new (RATE, 512);

    printf ("chain latency: %u samples (%.1f ms)\n", lq_chain_get_latency (probe),
            lq_chain_get_latency (probe) * 1000.0 / RATE);
    lq_chain_free (probe);
  }

  /* Full chain, three block sizes. The 512 run goes last, so work[] holds its output. */
  printf ("\nfull chain, median of %d (wall, x real time, thread CPU):\n", runs);
  for (int b = 2; b >= 0; b--)
    {
      char what[64];

      t_full[b] = time_chain (&full, blocks[b], runs);
      snprintf (what, sizeof what, "block %u", blocks[b]);
      print_timing (what, &t_full[b], runs);
    }
  measure (work, &out_lufs, &out_tp);

  /* Everything but the limiter: how much the limiter has to do. */
  s = full;
  s.limiter_enabled = false;
  {
    Timing t = time_chain (&s, 512, 1);
    (void) t;
  }
  measure (work, &pre_lufs, &pre_tp);

  /* The chain with every stage off: what bypassed processors cost. */
  lq_chain_settings_init (&s);
  t_neutral = time_chain (&s, 512, runs);

  printf ("\neach processor alone, block 512, first %d s of the input, thread CPU median of %d\n"
          "(ns per stereo frame; %% of the full chain at block 512):\n", STAGE_SECONDS, runs);
  printf ("  %-30s %9s %7s %11s\n", "", "on", "", "bypassed");
  for (int p = 0; p < N_PROCS; p++)
    {
      double on = time_processor (p, &full, false, 512, runs);
      double off = time_processor (p, &full, true, 512, runs);

      sum_on += on;
      printf ("  %-30s %6.1f ns %5.1f %% %8.1f ns\n", proc_names[p], on * 1e9,
              100.0 * on * N_FRAMES / t_full[0].cpu, off * 1e9);
    }
  printf ("  %-30s %6.1f ns %5.1f %%   (without the gain stages; alone, so not additive exactly)\n",
          "sum of the processors", sum_on * 1e9, 100.0 * sum_on * N_FRAMES / t_full[0].cpu);
  printf ("  %-30s %6.1f ns %5.1f %%\n", "full chain", t_full[0].cpu / N_FRAMES * 1e9, 100.0);
  printf ("  %-30s %6.1f ns %5.1f %%   (every stage off: bypassed processors still run)\n",
          "neutral chain", t_neutral.cpu / N_FRAMES * 1e9, 100.0 * t_neutral.cpu / t_full[0].cpu);

  {
    double ordinary = time_eq_input (&full, false, runs);
    double denormal = time_eq_input (&full, true, runs);

    printf ("\nparametric EQ on denormal input: %.1f ns per frame, ordinary audio %.1f ns"
            " (%.2fx; a denormal stall would be 10-100x)\n", denormal * 1e9, ordinary * 1e9,
            denormal / ordinary);
  }

  printf ("\nlevels: input %.1f LUFS / %.2f dBTP; before the limiter %.1f LUFS / %.2f dBTP;"
          " output %.1f LUFS / %.2f dBTP (ceiling -1 dBTP)\n",
          in_lufs, in_tp, pre_lufs, pre_tp, out_lufs, out_tp);
  printf ("threads: FFTW planner %d, process %d\n", fftw_planner_nthreads (), process_threads ());
  printf ("\nchain: %.2f s for %d s of audio, %.0fx real time (median of %d, block 512)\n",
          t_full[0].wall, SECONDS, SECONDS / t_full[0].wall, runs);
  printf ("chain: thread CPU %.2f s, %.0fx real time (what a quiet core would give)\n",
          t_full[0].cpu, SECONDS / t_full[0].cpu);
  printf ("chain: block 64 %.0fx (CPU %.0fx), block 4096 %.0fx (CPU %.0fx) real time\n",
          SECONDS / t_full[1].wall, SECONDS / t_full[1].cpu, SECONDS / t_full[2].wall,
          SECONDS / t_full[2].cpu);
  printf ("goal: >= %.0fx real time on one core: %s (wall %.0fx, CPU %.0fx)\n", GOAL_XRT,
          SECONDS / t_full[0].wall >= GOAL_XRT ? "met"
          : SECONDS / t_full[0].cpu >= GOAL_XRT ? "met on CPU time, MISSED on wall time (busy machine?)"
          : "MISSED", SECONDS / t_full[0].wall, SECONDS / t_full[0].cpu);

  for (int c = 0; c < 2; c++)
    {
      free (src[c]);
      free (work[c]);
    }
  fftw_cleanup_threads ();
  return 0;
}

/* test-chain-update.c: chain settings prepared off the audio thread.
 *
 * The audio callback applies an LqChainUpdate (lq-chain.h): its match-EQ
 * curve was designed on the control thread by an LqMatchEqDesigner, so
 * lq_chain_apply_update() of a changed curve must run no FFT and allocate
 * nothing, and the output must be bit for bit what lq_chain_apply_settings()
 * (which designs inline, for the offline renderer) gives for the same
 * settings. The FFTW entry points the match EQ and lq-fft use are wrapped
 * by the linker (tests/dsp/meson.build) and counted while the guard is on;
 * allocations, locks and file calls are counted by dsp-rt-guard. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "dsp-rt-guard.h"
#include "lq-chain.h"
#include "lq-fft.h"
#include "lq-match-eq.h"
#include "lq-match-eq-designer.h"
#include "lq-playback-graph.h"

#define RATE 48000
#define MAX_BLOCK 512
#define N_SETTINGS 6

/* ---- FFTW calls, counted on this thread between fft_count_begin/end ----- */

static __thread gboolean fft_counting;
static __thread guint fft_calls;
static __thread guint design_calls;     /* executions of a design plan */

/* Every c2r plan of the design size (2T = 16384 at 48 kHz) made so far:
 * only the match-EQ design makes those. Plans are made on the test's
 * thread. */
#define DESIGN_SIZE 16384
#define MAX_DESIGN_PLANS 64
static fftw_plan design_plans[MAX_DESIGN_PLANS];
static guint n_design_plans;

void __real_fftw_execute (const fftw_plan plan);
fftw_plan __real_fftw_plan_dft_r2c_1d (int n, double *in, fftw_complex *out, unsigned flags);
fftw_plan __real_fftw_plan_dft_c2r_1d (int n, fftw_complex *in, double *out, unsigned flags);
void __real_fftw_destroy_plan (fftw_plan plan);

void __wrap_fftw_execute (const fftw_plan plan);
fftw_plan __wrap_fftw_plan_dft_r2c_1d (int n, double *in, fftw_complex *out, unsigned flags);
fftw_plan __wrap_fftw_plan_dft_c2r_1d (int n, fftw_complex *in, double *out, unsigned flags);
void __wrap_fftw_destroy_plan (fftw_plan plan);

void
__wrap_fftw_execute (const fftw_plan plan)
{
  if (fft_counting)
    {
      fft_calls++;
      for (guint i = 0; i < n_design_plans; i++)
        if (design_plans[i] == plan)
          design_calls++;
    }
  __real_fftw_execute (plan);
}

fftw_plan
__wrap_fftw_plan_dft_r2c_1d (int n, double *in, fftw_complex *out, unsigned flags)
{
  if (fft_counting)
    fft_calls++;
  return __real_fftw_plan_dft_r2c_1d (n, in, out, flags);
}

fftw_plan
__wrap_fftw_plan_dft_c2r_1d (int n, fftw_complex *in, double *out, unsigned flags)
{
  fftw_plan plan;

  if (fft_counting)
    fft_calls++;
  plan = __real_fftw_plan_dft_c2r_1d (n, in, out, flags);
  if (n == DESIGN_SIZE && n_design_plans < MAX_DESIGN_PLANS)
    design_plans[n_design_plans++] = plan;
  return plan;
}

void
__wrap_fftw_destroy_plan (fftw_plan plan)
{
  if (fft_counting)
    fft_calls++;
  __real_fftw_destroy_plan (plan);
}

static void
fft_count_begin (void)
{
  fft_calls = 0;
  design_calls = 0;
  fft_counting = TRUE;
}

static guint
fft_count_end (void)
{
  fft_counting = FALSE;
  return fft_calls;
}

/* ---- settings -------------------------------------------------------------- */

static void
settings_all_on (LqChainSettings *s)
{
  static const double centres[] = { 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800 };

  lq_chain_settings_init (s);
  s->input_trim_db = 2.0;
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i += 2)
    {
      s->eq[i].enabled = true;
      s->eq[i].type = (LqEqType) (i % 5);
      s->eq[i].freq_hz = 60.0 * (i + 1) * (i + 1);
      s->eq[i].gain_db = i % 4 ? 3.0 : -2.0;
      s->bus_eq[i] = s->eq[i];
      s->bus_eq[i].freq_hz *= 1.3;
    }
  s->match_eq_enabled = true;
  s->match_n_bands = G_N_ELEMENTS (centres);
  for (uint32_t b = 0; b < s->match_n_bands; b++)
    {
      s->match_centres[b] = centres[b];
      s->match_mid_db[b] = sin (b) * 4.0;
      s->match_side_db[b] = cos (b) * 3.0;
    }
  s->compressor.enabled = true;
  s->compressor.threshold_db = -24.0;
  s->compressor.ratio = 4.0;
  s->width_enabled = true;
  s->width = 1.3;
  s->match_gain_db = 2.0;
  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
}

/* A sequence of edits: new curves, the same curve with other edits, flat,
 * bypassed, and a curve the designer rejects. */
static void
make_settings (LqChainSettings *s)
{
  for (int k = 0; k < N_SETTINGS; k++)
    settings_all_on (&s[k]);
  s[1].match_mid_db[0] = 6.0;           /* a new curve */
  s[1].match_strength = 0.5;
  s[2] = s[1];                          /* the same curve, other edits */
  s[2].input_trim_db = -3.0;
  s[2].width = 0.7;
  s[3].match_n_bands = 0;               /* flat */
  s[4].match_side_db[3] = -5.0;         /* a new curve, bypassed */
  s[4].match_eq_enabled = false;
  s[5].match_centres[2] = s[5].match_centres[1];   /* not ascending: rejected */
  s[5].match_gain_db = -1.0;
}

static void
fill (float *l, float *r, guint64 frame, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      double t = (double) (frame + i) / RATE;

      /* Deterministic: both chains get the same numbers. */
      l[i] = (float) (0.5 * sin (2 * M_PI * 220 * t) + 0.2 * sin (2 * M_PI * 5003 * t * t));
      r[i] = (float) (0.5 * sin (2 * M_PI * 331 * t) + 0.2 * sin (2 * M_PI * 97 * t + 1));
    }
}

/* ---- tests ----------------------------------------------------------------- */

/* The designer's kernel gives set_curve()'s filter, bit for bit; a kernel
 * for another rate is refused; the same curve again shares the kernel. */
static void
test_match_eq_kernel (void)
{
  static const double fc[] = { 100, 1000, 10000 };
  static const double mid[] = { 3, -2, 4 }, side[] = { -1, 2, 0 };
  static const double bad[] = { 100, 100, 1000 };
  LqMatchEq *a = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  LqMatchEq *b = lq_match_eq_new (RATE, 2, MAX_BLOCK);
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (RATE);
  LqMatchEqDesigner *other = lq_match_eq_designer_new (44100);
  LqMatchEqKernel *k = NULL, *k2 = NULL, *k44 = NULL, *none = (LqMatchEqKernel *) &k;
  static float la[RATE], ra[RATE], lb[RATE], rb[RATE];
  float *cha[2] = { la, ra }, *chb[2] = { lb, rb };

  g_assert_nonnull (a);
  g_assert_nonnull (designer);
  g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid, side, 0.8, 6.0, &k), ==, LQ_OK);
  g_assert_nonnull (k);
  g_assert_cmpuint (lq_match_eq_kernel_get_sample_rate (k), ==, RATE);
  g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid, side, 0.8, 6.0, &k2), ==, LQ_OK);
  g_assert_true (k2 == k);
  g_assert_cmpint (lq_match_eq_design (designer, bad, 3, mid, side, 0.8, 6.0, &none), ==,
                   LQ_ERR_INVALID);
  g_assert_null (none);
  g_assert_cmpint (lq_match_eq_design (other, fc, 3, mid, side, 0.8, 6.0, &k44), ==, LQ_OK);
  g_assert_cmpint (lq_match_eq_set_kernel (b, k44), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_match_eq_set_kernel (b, NULL), ==, LQ_ERR_INVALID);

  fill (la, ra, 0, RATE);
  memcpy (lb, la, sizeof la);
  memcpy (rb, ra, sizeof ra);
  lq_match_eq_process (a, cha, RATE / 2);
  lq_match_eq_process (b, chb, RATE / 2);
  g_assert_cmpint (lq_match_eq_set_curve (a, fc, 3, mid, side, 0.8, 6.0), ==, LQ_OK);
  g_assert_cmpint (lq_match_eq_set_kernel (b, k), ==, LQ_OK);
  lq_match_eq_process (a, (float *const[]) { la + RATE / 2, ra + RATE / 2 }, RATE / 2);
  lq_match_eq_process (b, (float *const[]) { lb + RATE / 2, rb + RATE / 2 }, RATE / 2);
  g_assert_cmpmem (la, sizeof la, lb, sizeof lb);
  g_assert_cmpmem (ra, sizeof ra, rb, sizeof rb);
  /* The curve was heard: the output is not the input delayed. */
  g_assert_cmpfloat (fabs (la[RATE - 1]), >, 0.0);

  lq_match_eq_kernel_unref (k);
  lq_match_eq_kernel_unref (k2);
  lq_match_eq_kernel_unref (k44);
  lq_match_eq_designer_free (designer);
  lq_match_eq_designer_free (other);
  lq_match_eq_free (a);
  lq_match_eq_free (b);
}

/* An album's curves designed in one round are kept: the next round (an
 * edit to one track) designs only the curve that changed, and the same
 * curve gives the same kernel. Outside rounds, the last curve is kept. */
static void
test_designer_rounds (void)
{
  static const double fc[] = { 100, 1000, 10000 };
  double mid[4][3] = { { 3, -2, 4 }, { -1, 1, 2 }, { 2, 2, -3 }, { 0.5, -0.5, 1 } };
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (RATE);
  LqMatchEqKernel *first[3], *again[3], *k = NULL, *k2 = NULL;

  lq_match_eq_designer_begin_round (designer);
  for (int t = 0; t < 3; t++)
    g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid[t], NULL, 1.0, 6.0, &first[t]), ==, LQ_OK);
  lq_match_eq_designer_end_round (designer);
  g_assert_cmpuint (lq_match_eq_designer_get_n_designs (designer), ==, 3);

  /* Track 2's curve edited: one design; tracks 1 and 3 share their kernels. */
  mid[1][1] = 1.5;
  lq_match_eq_designer_begin_round (designer);
  for (int t = 0; t < 3; t++)
    g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid[t], NULL, 1.0, 6.0, &again[t]), ==, LQ_OK);
  lq_match_eq_designer_end_round (designer);
  g_assert_cmpuint (lq_match_eq_designer_get_n_designs (designer), ==, 4);
  g_assert_true (again[0] == first[0]);
  g_assert_true (again[1] != first[1]);
  g_assert_true (again[2] == first[2]);

  /* A round of one track drops the others: asked again, they are designed. */
  lq_match_eq_designer_begin_round (designer);
  g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid[3], NULL, 1.0, 6.0, &k), ==, LQ_OK);
  lq_match_eq_designer_end_round (designer);
  g_assert_cmpuint (lq_match_eq_designer_get_n_designs (designer), ==, 5);
  g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid[0], NULL, 1.0, 6.0, &k2), ==, LQ_OK);
  g_assert_cmpuint (lq_match_eq_designer_get_n_designs (designer), ==, 6);
  lq_match_eq_kernel_unref (k2);
  /* Outside a round the last is kept: the same curve again is no design. */
  g_assert_cmpint (lq_match_eq_design (designer, fc, 3, mid[0], NULL, 1.0, 6.0, &k2), ==, LQ_OK);
  g_assert_cmpuint (lq_match_eq_designer_get_n_designs (designer), ==, 6);

  for (int t = 0; t < 3; t++)
    {
      lq_match_eq_kernel_unref (first[t]);
      lq_match_eq_kernel_unref (again[t]);
    }
  lq_match_eq_kernel_unref (k);
  lq_match_eq_kernel_unref (k2);
  lq_match_eq_designer_free (designer);
}

/* Two chains, one updated by apply_settings(), the other by apply_update()
 * of updates made beforehand: the same output, bit for bit. The update path
 * runs no FFT and allocates nothing, also when the curve changes. */
static void
test_chain_update (void)
{
  static float la[4 * MAX_BLOCK], ra[4 * MAX_BLOCK], lb[4 * MAX_BLOCK], rb[4 * MAX_BLOCK];
  LqChainSettings settings[N_SETTINGS];
  LqChainUpdate *updates[N_SETTINGS];
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (RATE);
  LqChain *a = lq_chain_new (RATE, MAX_BLOCK);
  LqChain *b = lq_chain_new (RATE, MAX_BLOCK);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  DspRtCounts c = { 0 };
  guint64 frames = 0;
  guint fft_in_apply = 0, fft_in_settings = 0, applied = 0;
  double peak = 0.0;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  make_settings (settings);
  /* The control side: every update made before playing. */
  for (int k = 0; k < N_SETTINGS; k++)
    {
      updates[k] = lq_chain_update_new (designer, &settings[k]);
      g_assert_nonnull (updates[k]);
      g_assert_cmpmem (lq_chain_update_get_settings (updates[k]), sizeof settings[k],
                       &settings[k], sizeof settings[k]);
    }

  for (int block = 0; block < 1000; block++)
    {
      guint n = block % 7 == 0 ? 1 : block % 11 == 0 ? 4 * MAX_BLOCK
                : (guint) g_rand_int_range (rand, 1, MAX_BLOCK + 1);
      float *cha[2] = { la, ra }, *chb[2] = { lb, rb };

      fill (la, ra, frames, n);
      memcpy (lb, la, n * sizeof (float));
      memcpy (rb, ra, n * sizeof (float));

      if (block % 30 == 0)
        {
          int k = (block / 30) % N_SETTINGS;
          LqDspStatus want = k == 5 ? LQ_ERR_INVALID : LQ_OK;
          LqDspStatus got;

          fft_count_begin ();
          g_assert_cmpint (lq_chain_apply_settings (a, &settings[k]), ==, want);
          fft_in_settings += fft_count_end ();

          dsp_rt_guard_begin ();
          fft_count_begin ();
          got = lq_chain_apply_update (b, updates[k]);
          fft_in_apply += fft_count_end ();
          dsp_rt_guard_end (&c);
          g_assert_cmpint (got, ==, want);
          applied++;
        }
      if (block % 400 == 399)
        {
          lq_chain_reset (a);
          lq_chain_reset (b);
        }
      lq_chain_process (a, cha, n);
      lq_chain_process (b, chb, n);
      g_assert_cmpmem (la, n * sizeof (float), lb, n * sizeof (float));
      g_assert_cmpmem (ra, n * sizeof (float), rb, n * sizeof (float));
      for (guint i = 0; i < n; i++)
        peak = fmax (peak, fabs (la[i]));
      frames += n;
    }
  dsp_rt_assert_clean (&c, "lq_chain_apply_update");
  g_assert_cmpuint (fft_in_apply, ==, 0);
  /* The inline path did design (so the counter sees the match EQ's FFTs). */
  g_assert_cmpuint (fft_in_settings, >, 0);
  g_assert_cmpuint (applied, >=, 2 * N_SETTINGS);
  g_assert_cmpuint (frames, >, 5 * lq_chain_get_latency (a));
  g_assert_cmpfloat (peak, >, 0.1);

  for (int k = 0; k < N_SETTINGS; k++)
    lq_chain_update_free (updates[k]);
  lq_match_eq_designer_free (designer);
  lq_chain_free (a);
  lq_chain_free (b);
}

/* The mailbox hands over only the newest update: one made with the same
 * curve as a skipped one still carries that curve. A kernel for another
 * rate is refused, and the chain keeps its curve. */
static void
test_skipped_update (void)
{
  static float la[RATE], ra[RATE], lb[RATE], rb[RATE];
  LqChainSettings s[2];
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (RATE);
  LqMatchEqDesigner *other = lq_match_eq_designer_new (44100);
  LqChain *a = lq_chain_new (RATE, MAX_BLOCK);
  LqChain *b = lq_chain_new (RATE, MAX_BLOCK);
  LqChainUpdate *skipped, *newest, *wrong_rate;
  float *cha[2] = { la, ra }, *chb[2] = { lb, rb };

  settings_all_on (&s[0]);
  s[1] = s[0];
  s[1].width = 0.8;                     /* same curve, another edit */
  skipped = lq_chain_update_new (designer, &s[0]);
  newest = lq_chain_update_new (designer, &s[1]);
  wrong_rate = lq_chain_update_new (other, &s[0]);
  lq_chain_update_free (skipped);       /* as the mailbox does */

  g_assert_cmpint (lq_chain_apply_update (b, wrong_rate), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_chain_apply_settings (a, &s[1]), ==, LQ_OK);
  g_assert_cmpint (lq_chain_apply_update (b, newest), ==, LQ_OK);
  lq_chain_update_free (newest);        /* not kept by the chain */
  lq_chain_update_free (wrong_rate);

  fill (la, ra, 0, RATE);
  memcpy (lb, la, sizeof la);
  memcpy (rb, ra, sizeof ra);
  lq_chain_process (a, cha, RATE);
  lq_chain_process (b, chb, RATE);
  g_assert_cmpmem (la, sizeof la, lb, sizeof lb);
  g_assert_cmpmem (ra, sizeof ra, rb, sizeof rb);

  lq_match_eq_designer_free (designer);
  lq_match_eq_designer_free (other);
  lq_chain_free (a);
  lq_chain_free (b);
}

static void
feed (LqRingBuffer *ring, guint64 *frame, guint n)
{
  static float l[1024], r[1024], hi[1024], lo[1024], zero[1024];
  /* The track ring's timeline tags and (silent) tail feed:
   * lq-playback-timeline.h. */
  const float *ch[LQ_PLAYBACK_TRACK_RING_CHANNELS] = { l, r, hi, lo, zero, zero };

  while (n > 0)
    {
      guint k = MIN (n, 1024);

      fill (l, r, *frame, k);
      for (guint j = 0; j < k; j++)
        lq_playback_tag_encode ((int64_t) (*frame + j), &hi[j], &lo[j]);
      k = lq_ring_buffer_write (ring, ch, k);
      if (k == 0)
        return;
      *frame += k;
      n -= k;
    }
}

/* The playback graph: curve changes published by the control side reach
 * the callback designed; lq_playback_graph_process() then runs no design
 * FFT (the match EQ's convolution FFTs, yes) and allocates nothing. */
static void
test_graph (void)
{
  static float out[2 * 512];
  LqPlaybackGraph *g = lq_playback_graph_new (RATE, 512, RATE, lq_playback_settings_destroy, g_free);
  LqChainSettings s[N_SETTINGS];
  LqChain *chain;
  guint64 fed = 0;
  guint design_in_callback = 0, fft_in_callback = 0, design_inline;
  DspRtCounts c = { 0 };
  double peak = 0.0;

  g_assert_nonnull (g);
  make_settings (s);                    /* s[0], s[1]: two curves */
  lq_playback_graph_publish_settings (g, lq_playback_graph_prepare_settings (g, &s[0], 1));
  lq_playback_graph_set_playing (g, true);
  for (int guard = 0; lq_playback_graph_is_prerolling (g) && guard < 10000; guard++)
    {
      (void) lq_ring_buffer_take_flush (lq_playback_graph_get_track_ring (g));
      (void) lq_ring_buffer_take_flush (lq_playback_graph_get_reference_ring (g));
      feed (lq_playback_graph_get_track_ring (g), &fed, 1024);
      lq_playback_graph_process (g, out, 512);
    }
  g_assert_false (lq_playback_graph_is_prerolling (g));

  for (int change = 0; change < 8; change++)
    {
      /* Control side: a new curve, designed here. */
      lq_playback_graph_publish_settings (g, lq_playback_graph_prepare_settings (g, &s[(change + 1) % 2],
                                                                                 1));
      for (int block = 0; block < 20; block++)
        {
          feed (lq_playback_graph_get_track_ring (g), &fed, 512);
          dsp_rt_guard_begin ();
          fft_count_begin ();
          lq_playback_graph_process (g, out, 512);
          fft_in_callback += fft_count_end ();
          design_in_callback += design_calls;
          dsp_rt_guard_end (&c);
          for (guint i = 0; i < G_N_ELEMENTS (out); i++)
            peak = fmax (peak, fabs (out[i]));
        }
      lq_playback_graph_collect (g);
    }
  dsp_rt_assert_clean (&c, "lq_playback_graph_process");
  g_assert_cmpuint (design_in_callback, ==, 0);
  g_assert_cmpuint (fft_in_callback, >, 0);     /* the match EQ ran */
  g_assert_cmpfloat (peak, >, 0.01);            /* and was heard */

  /* The counter does see a design: the inline path, for comparison. */
  chain = lq_chain_new (RATE, 512);
  fft_count_begin ();
  g_assert_cmpint (lq_chain_apply_settings (chain, &s[1]), ==, LQ_OK);
  (void) fft_count_end ();
  design_inline = design_calls;
  g_assert_cmpuint (design_inline, ==, 2);       /* mid and side */
  lq_chain_free (chain);
  lq_playback_graph_free (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain-update/match-eq-kernel", test_match_eq_kernel);
  g_test_add_func ("/chain-update/designer-rounds", test_designer_rounds);
  g_test_add_func ("/chain-update/bit-identical-realtime", test_chain_update);
  g_test_add_func ("/chain-update/skipped-update", test_skipped_update);
  g_test_add_func ("/chain-update/graph", test_graph);
  return g_test_run ();
}

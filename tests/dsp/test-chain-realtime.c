/* test-chain-realtime.c: the mastering chain on the audio thread allocates,
 * frees, locks and writes nothing.
 *
 * What the audio callback does with a chain (lq-chain.h: apply settings
 * handed over by the control side, reset on a seek, process) runs with
 * every processor on, settings changed between blocks (gains, EQ bands,
 * the match-EQ curve, compressor modes, width, limiter ceiling), bypasses
 * toggled both ways and blocks of every size, under dsp-rt-guard: the
 * count of malloc, calloc, realloc, free, fftw_malloc / fftw_free, mutex
 * locks and file writes made meanwhile on this thread must be zero. The
 * interposer is itself tested first: calls made inside the guarded region
 * are counted (from the test and from liblq-dsp), calls outside it or on
 * other threads are not. */
#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dsp-rt-guard.h"
#include "lq-chain.h"
#include "lq-fft.h"

#define RATE 48000
#define MAX_BLOCK 512
#define N_SETTINGS 6

static void *volatile sink;

static gpointer
other_thread (gpointer data)
{
  /* Not the guarded thread: not counted. */
  sink = malloc (32);
  free (sink);
  return NULL;
}

static void
test_interposer (void)
{
  DspRtCounts c = { 0 };
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  int fd = open ("/dev/null", O_WRONLY);
  FILE *f = fopen ("/dev/null", "w");
  GThread *thread;
  LqChain *chain;

  g_assert_cmpint (fd, >=, 0);
  g_assert_nonnull (f);

  /* Outside the region: nothing counted. */
  sink = malloc (16);
  free (sink);
  dsp_rt_guard_begin ();
  dsp_rt_guard_end (&c);
  g_assert_cmpuint (dsp_rt_counts_total (&c), ==, 0);

  /* Inside, from this test's code. */
  dsp_rt_guard_begin ();
  sink = malloc (16);
  sink = realloc (sink, 64);
  free (sink);
  sink = calloc (4, 4);
  free (sink);
  pthread_mutex_lock (&mutex);
  pthread_mutex_unlock (&mutex);
  g_assert_cmpint (write (fd, "x", 1), ==, 1);
  g_assert_cmpuint (fwrite ("x", 1, 1, f), ==, 1);
  fprintf (f, "%d", 1);
  dsp_rt_guard_end (&c);
  g_assert_cmpuint (c.alloc, ==, 3);
  g_assert_cmpuint (c.free, ==, 2);
  g_assert_cmpuint (c.lock, ==, 1);
  g_assert_cmpuint (c.file, >=, 3);

  /* Inside, from liblq-dsp (a static library: its calls are wrapped too):
   * making a chain allocates, plans FFTs under lq-fft's lock and frees. */
  memset (&c, 0, sizeof c);
  dsp_rt_guard_begin ();
  chain = lq_chain_new (RATE, MAX_BLOCK);
  lq_chain_free (chain);
  sink = lq_fft_malloc (64);
  lq_fft_free (sink);
  dsp_rt_guard_end (&c);
  g_assert_nonnull (chain);
  g_assert_cmpuint (c.alloc, >, 0);
  g_assert_cmpuint (c.free, >, 0);
  g_assert_cmpuint (c.fftw_alloc, >, 2);
  g_assert_cmpuint (c.lock, >, 0);

  /* Another thread's calls are not this thread's. */
  memset (&c, 0, sizeof c);
  thread = g_thread_new ("other", other_thread, NULL);
  dsp_rt_guard_begin ();
  g_thread_join (thread);
  dsp_rt_guard_end (&c);
  g_assert_cmpuint (c.alloc, ==, 0);
  g_assert_cmpuint (c.free, ==, 0);

  fclose (f);
  close (fd);
}

static void
settings_all_on (LqChainSettings *s)
{
  static const double centres[] = { 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800 };

  lq_chain_settings_init (s);
  s->input_trim_db = 2.0;
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    {
      s->eq[i].enabled = true;
      s->eq[i].type = (LqEqType) (i % 5);
      s->eq[i].freq_hz = 60.0 * (i + 1) * (i + 1);
      s->eq[i].gain_db = i % 2 ? 3.0 : -2.0;
      s->eq[i].slope_db_oct = 24;
      s->eq[i].channels = (LqEqChannels) (i % 3);
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
  s->width = 1.6;
  s->mono_below_hz = 150.0;
  s->match_gain_db = 4.0;
  s->bus_compressor.enabled = true;
  s->bus_compressor.detection = LQ_COMPRESSOR_DETECT_RMS;
  s->bus_compressor.mode = LQ_COMPRESSOR_MID_SIDE;
  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
}

/* The settings the control side hands over, all made before playing:
 * edits of every kind, and bypasses both ways. */
static void
make_settings (LqChainSettings *s)
{
  for (int k = 0; k < N_SETTINGS; k++)
    settings_all_on (&s[k]);
  s[1].input_trim_db = -3.0;
  s[1].eq[2].gain_db = 6.0;
  s[1].eq[3].freq_hz = 5000.0;
  s[1].compressor.mode = LQ_COMPRESSOR_MID_SIDE;
  s[1].width = 0.5;
  s[1].limiter_ceiling_dbtp = -2.0;
  s[1].limiter_auto_release = true;
  s[2].match_mid_db[0] = 6.0;           /* a new match-EQ curve */
  s[2].match_strength = 0.5;
  s[2].mono_below_hz = 0.0;
  s[3].match_eq_enabled = false;        /* every processor bypassed */
  s[3].compressor.enabled = false;
  s[3].width_enabled = false;
  s[3].bus_compressor.enabled = false;
  s[3].limiter_enabled = false;
  for (uint32_t i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    s[3].eq[i].enabled = s[3].bus_eq[i].enabled = false;
  s[4].match_n_bands = 0;               /* flat */
  s[4].compressor.detection = LQ_COMPRESSOR_DETECT_RMS;
  s[4].bus_compressor.mode = LQ_COMPRESSOR_STEREO_LINKED;
  s[5].width = 2.0;
  s[5].match_gain_db = 10.0;
}

static void
test_chain_realtime (void)
{
  static float l[4 * MAX_BLOCK], r[4 * MAX_BLOCK];
  LqChainSettings settings[N_SETTINGS];
  LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  DspRtCounts c = { 0 };
  guint64 frames = 0;
  double peak = 0.0;

  g_assert_nonnull (chain);
  make_settings (settings);

  for (int block = 0; block < 1500; block++)
    {
      /* Block sizes of every kind, up to and beyond max_block. */
      guint n = block % 7 == 0 ? 1 : block % 11 == 0 ? 4 * MAX_BLOCK
                : (guint) g_rand_int_range (rand, 1, MAX_BLOCK + 1);
      float *ch[2] = { l, r };

      for (guint i = 0; i < n; i++)
        {
          double t = (double) (frames + i) / RATE;

          l[i] = (float) (0.7 * sin (2 * M_PI * 220 * t) + 0.2 * g_rand_double_range (rand, -1, 1));
          r[i] = (float) (0.7 * sin (2 * M_PI * 331 * t) + 0.2 * g_rand_double_range (rand, -1, 1));
        }
      if (block == 700)
        l[3] = NAN;

      /* What the audio callback does, between and in blocks. */
      dsp_rt_guard_begin ();
      if (block % 40 == 0)
        g_assert_cmpint (lq_chain_apply_settings (chain, &settings[(block / 40) % N_SETTINGS]),
                         ==, LQ_OK);
      if (block % 500 == 499)
        lq_chain_reset (chain);         /* a seek */
      lq_chain_process (chain, ch, n);
      dsp_rt_guard_end (&c);

      for (guint i = 0; i < n; i++)
        {
          g_assert_true (isfinite (l[i]) && isfinite (r[i]));
          peak = fmax (peak, fabs (l[i]));
        }
      frames += n;
    }
  dsp_rt_assert_clean (&c, "lq_chain_apply_settings / reset / process");
  /* It played (past the latency) and the limiter held. */
  g_assert_cmpuint (frames, >, 20 * lq_chain_get_latency (chain));
  g_assert_cmpfloat (peak, >, 0.1);
  lq_chain_free (chain);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain-realtime/interposer", test_interposer);
  g_test_add_func ("/chain-realtime/callback", test_chain_realtime);
  return g_test_run ();
}

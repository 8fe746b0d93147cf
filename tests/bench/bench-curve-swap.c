/* bench-curve-swap.c: what a changed match-EQ curve costs the audio
 * callback, before and after the design moved off the audio thread.
 *
 * Before: the callback called lq_chain_apply_settings(), which designs the
 * new curve inline (the offline renderer still does). After: the control
 * thread makes an LqChainUpdate (lq_chain_update_new(), which designs) and
 * the callback calls lq_chain_apply_update(), which copies the designed
 * filter in. Timed per call (thread CPU time: the machine may be shared), COUNT changes alternating
 * between two curves with a block of 512 frames processed between them
 * (not timed), at 44.1, 48 and 96 kHz, every chain stage on: median and
 * max in microseconds, and the median as a share of a 512-frame period.
 * Reported, not enforced.
 *
 * Then an album's settings: a 99-track album, each track with its own
 * curve, prepared for the playback graph (lq_playback_graph_prepare_
 * settings(): what an edit while playing costs the control thread before
 * it is heard): the first time (every curve designed), and after an edit
 * to one track's curve (the designer keeps the album's kernels: one
 * design). Median of 5, milliseconds.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lq-chain.h"
#include "lq-playback-graph.h"

#define ALBUM 99

#define COUNT 200
#define BLOCK 512

static float buf_l[BLOCK], buf_r[BLOCK];

static double
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
settings_for (LqChainSettings *s, int variant)
{
  static const double centres[] = { 31, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000 };

  lq_chain_settings_init (s);
  s->eq[0].enabled = true;
  s->eq[0].gain_db = 2.0;
  s->match_eq_enabled = true;
  s->match_n_bands = sizeof centres / sizeof centres[0];
  for (uint32_t b = 0; b < s->match_n_bands; b++)
    {
      s->match_centres[b] = centres[b];
      s->match_mid_db[b] = sin (b + variant) * 4.0;
      s->match_side_db[b] = cos (b + variant) * 3.0;
    }
  s->compressor.enabled = true;
  s->width_enabled = true;
  s->limiter_enabled = true;
}

static void
process_block (LqChain *chain, uint64_t *frame, uint32_t rate)
{
  float *ch[2] = { buf_l, buf_r };

  for (uint32_t i = 0; i < BLOCK; i++)
    {
      double t = (double) (*frame + i) / rate;

      buf_l[i] = (float) (0.5 * sin (2 * M_PI * 220 * t));
      buf_r[i] = (float) (0.5 * sin (2 * M_PI * 330 * t));
    }
  lq_chain_process (chain, ch, BLOCK);
  *frame += BLOCK;
}

static void
report (const char *what, double *t, uint32_t rate, int callback)
{
  double period_us = 1e6 * BLOCK / rate;

  qsort (t, COUNT, sizeof *t, cmp_double);
  printf ("  %-44s median %8.1f us   max %8.1f us", what, t[COUNT / 2], t[COUNT - 1]);
  if (callback)
    printf ("   median %6.2f %% of a %u-frame period", 100.0 * t[COUNT / 2] / period_us, BLOCK);
  printf ("\n");
}

static int
bench_rate (uint32_t rate)
{
  LqChainSettings s[2];
  LqChain *chain = lq_chain_new (rate, BLOCK);
  LqMatchEqDesigner *designer = lq_match_eq_designer_new (rate);
  LqChainUpdate *updates[2];
  static double t_inline[COUNT], t_swap[COUNT], t_prepare[COUNT];
  uint64_t frame = 0;

  if (chain == NULL || designer == NULL)
    {
      fprintf (stderr, "bench-curve-swap: could not set up at %u Hz\n", rate);
      return 1;
    }
  settings_for (&s[0], 0);
  settings_for (&s[1], 1);

  /* Before: the curve designed in the callback. */
  for (int k = 0; k < COUNT; k++)
    {
      double t0 = now_us ();

      (void) lq_chain_apply_settings (chain, &s[k % 2]);
      t_inline[k] = now_us () - t0;
      process_block (chain, &frame, rate);
    }

  /* After: designed on the control thread, copied in by the callback. */
  for (int k = 0; k < COUNT; k++)
    {
      LqChainUpdate *u;
      double t0 = now_us ();

      /* A fresh design every time (the designer shares a kernel only for
       * the same curve as its last one). */
      u = lq_chain_update_new (designer, &s[k % 2]);
      t_prepare[k] = now_us () - t0;
      lq_chain_update_free (u);
    }
  updates[0] = lq_chain_update_new (designer, &s[0]);
  updates[1] = lq_chain_update_new (designer, &s[1]);
  for (int k = 0; k < COUNT; k++)
    {
      double t0 = now_us ();

      (void) lq_chain_apply_update (chain, updates[k % 2]);
      t_swap[k] = now_us () - t0;
      process_block (chain, &frame, rate);
    }

  printf ("%u Hz:\n", rate);
  report ("callback, before: lq_chain_apply_settings", t_inline, rate, 1);
  report ("callback, after: lq_chain_apply_update", t_swap, rate, 1);
  report ("control thread: lq_chain_update_new", t_prepare, rate, 0);
  printf ("  callback cost of a curve change: %.0fx less\n",
          t_inline[COUNT / 2] / fmax (t_swap[COUNT / 2], 1e-3));

  lq_chain_update_free (updates[0]);
  lq_chain_update_free (updates[1]);
  lq_match_eq_designer_free (designer);
  lq_chain_free (chain);
  return 0;
}

static double
album_ms (LqPlaybackGraph *graph, LqChainSettings *settings, int edit)
{
  double t0, t1;
  LqPlaybackSettings *prepared;

  if (edit >= 0)
    settings[edit % ALBUM].match_mid_db[3] += 0.25;
  t0 = now_us ();
  prepared = lq_playback_graph_prepare_settings (graph, settings, ALBUM);
  t1 = now_us ();
  lq_playback_settings_free (prepared);
  return (t1 - t0) / 1000.0;
}

static void
noop_destroy (void *p)
{
  (void) p;
}

static void
bench_album (void)
{
  static LqChainSettings settings[ALBUM];
  double first[5], edit[5];
  LqPlaybackGraph *graph;

  for (int i = 0; i < ALBUM; i++)
    {
      lq_chain_settings_init (&settings[i]);
      settings[i].match_eq_enabled = true;
      settings[i].match_n_bands = 8;
      settings[i].match_strength = 1.0;
      settings[i].match_cap_db = 6.0;
      for (int b = 0; b < 8; b++)
        {
          settings[i].match_centres[b] = 60.0 * pow (2.0, b);
          settings[i].match_mid_db[b] = sin (i * 0.7 + b) * 3.0;
        }
    }
  for (int r = 0; r < 5; r++)
    {
      graph = lq_playback_graph_new (44100, BLOCK, 44100, lq_playback_settings_destroy, noop_destroy);
      if (graph == NULL)
        return;
      first[r] = album_ms (graph, settings, -1);
      edit[r] = album_ms (graph, settings, r);
      lq_playback_graph_free (graph);
    }
  qsort (first, 5, sizeof first[0], cmp_double);
  qsort (edit, 5, sizeof edit[0], cmp_double);
  printf ("album of %d tracks, a curve each, 44100 Hz: settings prepared %.1f ms the first time, "
          "%.1f ms after an edit to one track\n", ALBUM, first[2], edit[2]);
}

int
main (void)
{
  static const uint32_t rates[] = { 44100, 48000, 96000 };
  int status = 0;

  printf ("bench-curve-swap: a changed match-EQ curve applied by the callback, %d changes\n",
          COUNT);
  for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
    status |= bench_rate (rates[r]);
  bench_album ();
  return status;
}

/* bench-engine.c: the playback engine's callback body
 * (lq_playback_graph_process(): rings, the full chain, the aligned mix,
 * both crossfades, the monitor section, the live meter) per block at 64,
 * 128, 256, 512 and 1024 frames, 44.1 kHz stereo: median, p99 and max time
 * per callback, as a share of the block's period. Every chain stage on, a
 * match-EQ curve, all three sources read, the heard source switched every
 * 100 blocks (so fades run) and a monitor flag toggled. The rings are fed
 * outside the timed region. Reported, not enforced. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lq-playback-graph.h"

#define RATE 44100
#define SECONDS 20

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Wall-clock time, and this thread's CPU time (on a loaded machine the
 * wall clock also counts time the scheduler gave to others). */
static clockid_t clock_id = CLOCK_MONOTONIC;

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (clock_id, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
all_on (LqChainSettings *s)
{
  static const double centres[] = { 60, 120, 250, 500, 1000, 2000, 4000, 8000, 16000 };

  lq_chain_settings_init (s);
  for (int i = 0; i < 6; i++)
    {
      s->eq[i].enabled = true;
      s->eq[i].type = LQ_EQ_BELL;
      s->eq[i].freq_hz = 80.0 * (i + 1) * (i + 1);
      s->eq[i].gain_db = i % 2 ? 2.0 : -2.0;
      s->eq[i].q = 1.0;
      s->eq[i].channels = LQ_EQ_STEREO;
      s->bus_eq[i] = s->eq[i];
    }
  s->match_eq_enabled = true;
  s->match_n_bands = 9;
  for (int b = 0; b < 9; b++)
    {
      s->match_centres[b] = centres[b];
      s->match_mid_db[b] = sin (b) * 4.0;
      s->match_side_db[b] = cos (b) * 3.0;
    }
  s->match_strength = 1.0;
  s->match_cap_db = 6.0;
  s->input_trim_db = -1.0;
  s->compressor.enabled = true;
  s->width_enabled = true;
  s->width = 1.3;
  s->mono_below_hz = 120.0;
  s->match_gain_db = 3.0;
  s->bus_compressor.enabled = true;
  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
}

static void
feed (LqRingBuffer *ring, float *const *sig, uint32_t n, uint32_t *pos, uint32_t len)
{
  while (n > 0)
    {
      uint32_t k = n < len - *pos ? n : len - *pos;
      /* The track ring's timeline tags and tail feed (lq-playback-timeline.h):
       * sig[2] holds 0, sig[3] the frame numbers. */
      const float *ch[6] = { sig[0] + *pos, sig[1] + *pos, sig[2], sig[3] + *pos, sig[2], sig[2] };

      k = lq_ring_buffer_write (ring, ch, k);
      if (k == 0)
        return;
      *pos = (*pos + k) % len;
      n -= k;
    }
}

int
main (void)
{
  static const uint32_t sizes[] = { 64, 128, 256, 512, 1024 };
  uint32_t len = 10 * RATE;
  float *sig[6], *ref[6];

  for (int c = 0; c < 2; c++)
    {
      sig[c] = malloc (len * sizeof (float));
      ref[c] = malloc (len * sizeof (float));
      for (uint32_t k = 0; k < len; k++)
        {
          double t = (double) k / RATE;

          sig[c][k] = (float) (0.3 * sin (2 * M_PI * 220 * t + c) + 0.2 * sin (2 * M_PI * 3300 * t)
                               + 0.1 * ((double) rand () / RAND_MAX - 0.5));
          ref[c][k] = (float) (0.4 * sin (2 * M_PI * 330 * t + c));
        }
    }
  sig[2] = calloc (len, sizeof (float));
  sig[3] = malloc (len * sizeof (float));
  for (uint32_t k = 0; k < len; k++)
    sig[3][k] = (float) k;
  ref[2] = sig[2];
  ref[3] = sig[3];
  sig[4] = sig[5] = ref[4] = ref[5] = sig[2];
  for (int pass = 0; pass < 2; pass++)
  {
  clock_id = pass == 0 ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;
  printf ("# playback callback (lq_playback_graph_process), 44.1 kHz stereo, full chain, %s\n",
          pass == 0 ? "wall clock" : "thread CPU time");
  printf ("%6s %12s %12s %12s %9s %9s %9s\n", "frames", "median_us", "p99_us", "max_us",
          "median%", "p99%", "max%");
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
    {
      uint32_t n = sizes[si];
      LqPlaybackGraph *g = lq_playback_graph_new (RATE, 1024, 3 * RATE,
                                                  lq_playback_settings_destroy, free);
      LqChainSettings s;
      uint32_t blocks = SECONDS * RATE / n, pt = 0, pr = 0;
      double *times = malloc (blocks * sizeof (double));
      float *out = malloc (2 * n * sizeof (float));
      double period = (double) n / RATE;

      all_on (&s);
      lq_playback_graph_publish_settings (g, lq_playback_graph_prepare_settings (g, &s, 1));
      lq_playback_graph_set_playing (g, true);
      for (int guard = 0; lq_playback_graph_is_prerolling (g) && guard < 100000; guard++)
        {
          feed (lq_playback_graph_get_track_ring (g), sig, 2 * n, &pt, len);
          (void) lq_ring_buffer_take_flush (lq_playback_graph_get_track_ring (g));
          (void) lq_ring_buffer_take_flush (lq_playback_graph_get_reference_ring (g));
          feed (lq_playback_graph_get_reference_ring (g), ref, n, &pr, len);
          lq_playback_graph_process (g, out, n);
        }
      for (uint32_t b = 0; b < blocks; b++)
        {
          double t0;

          if (b % 100 == 0)
            {
              LqPlaybackParams *p = malloc (sizeof *p);

              lq_playback_params_init (p);
              p->source = (LqPlaybackSource) ((b / 100) % 3);
              p->monitor = (b / 300) % 2 ? LQ_MONITOR_MONO : LQ_MONITOR_NONE;
              lq_playback_graph_publish_params (g, p);
            }
          lq_playback_graph_collect (g);
          feed (lq_playback_graph_get_track_ring (g), sig, n, &pt, len);
          feed (lq_playback_graph_get_reference_ring (g), ref, n, &pr, len);
          t0 = now_s ();
          lq_playback_graph_process (g, out, n);
          times[b] = now_s () - t0;
        }
      qsort (times, blocks, sizeof (double), cmp_double);
      {
        double med = times[blocks / 2], p99 = times[(size_t) (blocks * 0.99)], mx = times[blocks - 1];

        printf ("%6u %12.1f %12.1f %12.1f %8.2f%% %8.2f%% %8.2f%%  (underruns %llu)\n", n,
                med * 1e6, p99 * 1e6, mx * 1e6, 100 * med / period, 100 * p99 / period,
                100 * mx / period, (unsigned long long) lq_playback_graph_get_underruns (g));
      }
      lq_playback_graph_free (g);
      free (times);
      free (out);
    }
  }
  for (int c = 0; c < 2; c++)
    {
      free (sig[c]);
      free (ref[c]);
    }
  free (sig[2]);
  free (sig[3]);
  return 0;
}

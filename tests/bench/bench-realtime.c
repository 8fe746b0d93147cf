/* bench-realtime.c: what the playback engine's realtime building blocks cost
 * per frame, at 48 kHz stereo, in blocks of 64 to 1024 frames.
 *
 * Timed (monotonic clock, the best of RUNS runs of about 10 s of audio each,
 * one thread): LqRingBuffer write then read of a block, LqMailbox publish
 * and pickup of a new object every block (and a pickup with nothing new),
 * LqLiveMeter process, LqCrossfade process while fading between two sources
 * (and settled). Printed as ns per frame (per block for the mailbox, whose
 * cost does not depend on the block size). Reported, not enforced.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lq-crossfade.h"
#include "lq-live-meter.h"
#include "lq-mailbox.h"
#include "lq-ring-buffer.h"

#define RATE 48000
#define FRAMES (10 * RATE)
#define RUNS 5
#define MAX_BLOCK 1024

static float in_l[FRAMES], in_r[FRAMES], out_l[MAX_BLOCK], out_r[MAX_BLOCK];
static volatile float sink;

static double
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

typedef double (*RunFunc) (uint32_t block);

static double
run_ring (uint32_t block)
{
  LqRingBuffer *rb = lq_ring_buffer_new (2, 8192);
  float *out[2] = { out_l, out_r };
  double t0 = now_ns (), t;

  for (uint32_t pos = 0; pos + block <= FRAMES; pos += block)
    {
      const float *in[2] = { in_l + pos, in_r + pos };

      lq_ring_buffer_write (rb, in, block);
      lq_ring_buffer_read (rb, out, block);
    }
  t = now_ns () - t0;
  sink = out_l[0];
  lq_ring_buffer_free (rb);
  return t / FRAMES;
}

static void
noop_destroy (void *p)
{
  (void) p;
}

/* Timed over the whole loop (a clock read costs about as much as a
 * pickup): with @publish, a publish (swap, collect) and a pickup per block. */
static double
run_mailbox_common (uint32_t block, int publish)
{
  static int objects[2];
  LqMailbox *mb = lq_mailbox_new (&objects[0], noop_destroy);
  uint32_t pickups = 0;
  double t0 = now_ns (), t;

  for (uint32_t pos = 0; pos + block <= FRAMES; pos += block)
    {
      if (publish)
        lq_mailbox_publish (mb, &objects[pickups & 1]);
      sink = (float) *(int *) lq_mailbox_pickup (mb);
      pickups++;
    }
  t = now_ns () - t0;
  lq_mailbox_free (mb);
  return t / pickups;
}

static double
run_mailbox_new (uint32_t block)
{
  return run_mailbox_common (block, 1);
}

static double
run_mailbox_same (uint32_t block)
{
  return run_mailbox_common (block, 0);
}

static double
run_meter (uint32_t block)
{
  LqLiveMeter *m = lq_live_meter_new (RATE, 2, block);
  double t0 = now_ns (), t;

  for (uint32_t pos = 0; pos + block <= FRAMES; pos += block)
    {
      const float *in[2] = { in_l + pos, in_r + pos };

      lq_live_meter_process (m, in, block);
    }
  t = now_ns () - t0;
  lq_live_meter_free (m);
  return t / FRAMES;
}

static double
run_crossfade_common (uint32_t block, int fading)
{
  LqCrossfade *xf = lq_crossfade_new (RATE, 2);
  float *out[2] = { out_l, out_r };
  uint32_t k = 0;
  double t0, t;

  /* Fading: a 500 ms fade restarted every 250 ms, so it never settles. */
  lq_crossfade_set_length_ms (xf, 500.0);
  t0 = now_ns ();
  for (uint32_t pos = 0; pos + block <= FRAMES; pos += block, k += block)
    {
      const float *a[2] = { in_l + pos, in_r + pos };
      const float *b[2] = { in_r + pos, in_l + pos };
      const float *const *srcs[3] = { a, b, NULL };

      if (fading && k >= RATE / 4)
        {
          lq_crossfade_set_target (xf, lq_crossfade_get_target (xf) == 0 ? 1 : 0);
          k = 0;
        }
      lq_crossfade_process (xf, srcs, 3, out, block);
    }
  t = now_ns () - t0;
  sink = out_l[0];
  lq_crossfade_free (xf);
  return t / FRAMES;
}

static double
run_crossfade_fading (uint32_t block)
{
  return run_crossfade_common (block, 1);
}

static double
run_crossfade_settled (uint32_t block)
{
  return run_crossfade_common (block, 0);
}

int
main (void)
{
  static const uint32_t blocks[] = { 64, 128, 256, 512, 1024 };
  static const struct
  {
    const char *name;
    RunFunc run;
  } items[] = {
    { "ring write+read   ns/frame ", run_ring },
    { "mailbox publish+pickup ns/block", run_mailbox_new },
    { "mailbox pickup    ns/block (no change)", run_mailbox_same },
    { "live meter        ns/frame ", run_meter },
    { "crossfade fading  ns/frame ", run_crossfade_fading },
    { "crossfade settled ns/frame ", run_crossfade_settled },
  };
  uint64_t s = 0x9E3779B97F4A7C15ull;

  for (uint32_t i = 0; i < FRAMES; i++)
    {
      s ^= s >> 12;
      s ^= s << 25;
      s ^= s >> 27;
      in_l[i] = (float) (0.3 * sin (2 * M_PI * 440.0 * i / RATE));
      in_r[i] = (float) ((double) (s >> 11) / 9007199254740992.0 - 0.5) * 0.5f;
    }

  printf ("realtime blocks, 48 kHz stereo, best of %d runs of %d s\n", RUNS, FRAMES / RATE);
  printf ("%-42s", "block");
  for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
    printf ("%9u", blocks[b]);
  printf ("\n");
  for (size_t it = 0; it < sizeof items / sizeof items[0]; it++)
    {
      printf ("%-42s", items[it].name);
      for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
        {
          double best = HUGE_VAL;

          for (int r = 0; r < RUNS; r++)
            {
              double v = items[it].run (blocks[b]);

              if (v < best)
                best = v;
            }
          printf ("%9.2f", best);
        }
      printf ("\n");
    }
  return 0;
}

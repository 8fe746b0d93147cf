/* test-ring-buffer.c: LqRingBuffer, the SPSC ring between the engine's
 * reader thread and the audio callback.
 *
 *  - basics: capacity rounding, space accounting, wrap-around;
 *  - stress: a producer and a consumer thread move 10^7 stereo frames of a
 *    known sequence in random chunk sizes; every frame arrives, once, in
 *    order;
 *  - flush: the consumer requests flushes at random moments while the
 *    producer keeps writing; after each, the first frame it reads is the
 *    start of data the producer wrote after answering, and nothing of the old
 *    data follows;
 *  - realtime: write, read and the flush calls allocate, lock and write
 *    nothing (dsp-rt-guard).
 * Also run under ThreadSanitizer / ASan in the sanitizer phase.
 */
#include <glib.h>
#include <stdatomic.h>

#include "dsp-rt-guard.h"
#include "lq-ring-buffer.h"

#define STRESS_FRAMES 10000000u
#define MAX_CHUNK 700

typedef struct
{
  LqRingBuffer *rb;
  guint32 seed;
  atomic_bool done;
} Stress;

static void
test_basics (void)
{
  LqRingBuffer *rb = lq_ring_buffer_new (2, 100);
  float a[256], b[256], x[256], y[256];
  const float *in[2] = { a, b };
  float *out[2] = { x, y };
  const float *swapped[2] = { b, a };

  g_assert_null (lq_ring_buffer_new (0, 16));
  g_assert_null (lq_ring_buffer_new (LQ_RING_BUFFER_MAX_CHANNELS + 1, 16));
  g_assert_null (lq_ring_buffer_new (2, 0));
  g_assert_nonnull (rb);
  g_assert_cmpuint (lq_ring_buffer_get_capacity (rb), ==, 128);
  g_assert_cmpuint (lq_ring_buffer_get_channels (rb), ==, 2);
  g_assert_cmpuint (lq_ring_buffer_write_space (rb), ==, 128);
  g_assert_cmpuint (lq_ring_buffer_read_space (rb), ==, 0);

  for (int i = 0; i < 256; i++)
    {
      a[i] = (float) i;
      b[i] = (float) -i;
    }
  /* Fill past capacity: only 128 go in. */
  g_assert_cmpuint (lq_ring_buffer_write (rb, in, 200), ==, 128);
  g_assert_cmpuint (lq_ring_buffer_write_space (rb), ==, 0);
  g_assert_cmpuint (lq_ring_buffer_read (rb, out, 100), ==, 100);
  for (int i = 0; i < 100; i++)
    {
      g_assert_cmpfloat (x[i], ==, (float) i);
      g_assert_cmpfloat (y[i], ==, (float) -i);
    }
  /* Wrap around. */
  g_assert_cmpuint (lq_ring_buffer_write (rb, in, 90), ==, 90);
  g_assert_cmpuint (lq_ring_buffer_read_space (rb), ==, 28 + 90);
  g_assert_cmpuint (lq_ring_buffer_read (rb, out, 256), ==, 118);
  for (int i = 0; i < 28; i++)
    g_assert_cmpfloat (x[i], ==, (float) (100 + i));
  for (int i = 0; i < 90; i++)
    g_assert_cmpfloat (y[28 + i], ==, (float) -i);
  g_assert_cmpuint (lq_ring_buffer_read (rb, out, 10), ==, 0);

  /* A flush with nothing written after it: reads stay empty until the
   * producer answers, then the data written after the answer comes out. */
  g_assert_cmpuint (lq_ring_buffer_write (rb, in, 10), ==, 10);
  lq_ring_buffer_request_flush (rb);
  g_assert_true (lq_ring_buffer_is_flushing (rb));
  g_assert_cmpuint (lq_ring_buffer_read_space (rb), ==, 0);
  g_assert_cmpuint (lq_ring_buffer_write (rb, in + 0, 5), ==, 5);  /* old data */
  g_assert_cmpuint (lq_ring_buffer_read (rb, out, 10), ==, 0);
  g_assert_true (lq_ring_buffer_take_flush (rb));
  g_assert_false (lq_ring_buffer_take_flush (rb));
  g_assert_false (lq_ring_buffer_is_flushing (rb));
  g_assert_cmpuint (lq_ring_buffer_write (rb, swapped, 3), ==, 3);  /* new data */
  g_assert_cmpuint (lq_ring_buffer_read (rb, out, 10), ==, 3);
  g_assert_cmpfloat (x[0], ==, 0.0f);
  g_assert_cmpfloat (x[2], ==, -2.0f);
  lq_ring_buffer_free (rb);
}

static gpointer
stress_producer (gpointer data)
{
  Stress *st = data;
  GRand *rand = g_rand_new_with_seed (st->seed);
  float a[MAX_CHUNK], b[MAX_CHUNK];
  const float *in[2] = { a, b };
  guint32 next = 0;

  while (next < STRESS_FRAMES)
    {
      guint32 n = (guint32) g_rand_int_range (rand, 1, MAX_CHUNK + 1);
      guint32 done = 0;

      n = MIN (n, STRESS_FRAMES - next);
      for (guint32 i = 0; i < n; i++)
        {
          a[i] = (float) (next + i);
          b[i] = (float) (next + i) * -0.5f;
        }
      while (done < n)
        {
          const float *p[2] = { in[0] + done, in[1] + done };
          guint32 w = lq_ring_buffer_write (st->rb, p, n - done);

          if (w == 0)
            g_thread_yield ();
          done += w;
        }
      next += n;
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_stress (void)
{
  Stress st = { .rb = lq_ring_buffer_new (2, 1024), .seed = 1234 };
  GRand *rand = g_rand_new_with_seed (99);
  float x[MAX_CHUNK], y[MAX_CHUNK];
  float *out[2] = { x, y };
  guint32 expect = 0;
  GThread *producer;

  atomic_init (&st.done, false);
  producer = g_thread_new ("producer", stress_producer, &st);
  while (expect < STRESS_FRAMES)
    {
      guint32 n = (guint32) g_rand_int_range (rand, 1, MAX_CHUNK + 1);
      guint32 got = lq_ring_buffer_read (st.rb, out, n);

      if (got == 0)
        g_thread_yield ();
      for (guint32 i = 0; i < got; i++)
        {
          if (x[i] != (float) (expect + i) || y[i] != (float) (expect + i) * -0.5f)
            g_error ("frame %u: got %g %g", expect + i, x[i], y[i]);
        }
      expect += got;
    }
  g_thread_join (producer);
  g_assert_cmpuint (expect, ==, STRESS_FRAMES);
  g_assert_cmpuint (lq_ring_buffer_read_space (st.rb), ==, 0);
  g_rand_free (rand);
  lq_ring_buffer_free (st.rb);
}

/* Flush: the producer writes (generation, position) pairs and starts a new
 * generation at position 0 whenever take_flush() says so. */
static gpointer
flush_producer (gpointer data)
{
  Stress *st = data;
  GRand *rand = g_rand_new_with_seed (st->seed);
  float a[MAX_CHUNK], b[MAX_CHUNK];
  float gen = 0.0f, pos = 0.0f;
  guint64 total = 0;

  while (total < STRESS_FRAMES / 4)
    {
      guint32 n = (guint32) g_rand_int_range (rand, 1, MAX_CHUNK + 1);
      guint32 done = 0;

      if (lq_ring_buffer_take_flush (st->rb))
        {
          gen += 1.0f;
          pos = 0.0f;
        }
      for (guint32 i = 0; i < n; i++)
        {
          a[i] = gen;
          b[i] = pos + (float) i;
        }
      pos += (float) n;
      if (pos > 1e6f)
        pos = 0.0f, gen += 1.0f;  /* keep positions exact in a float */
      while (done < n)
        {
          const float *p[2] = { a + done, b + done };
          guint32 w = lq_ring_buffer_write (st->rb, p, n - done);

          if (w == 0)
            {
              if (lq_ring_buffer_is_flushing (st->rb))
                break;  /* the chunk is stale anyway */
              g_thread_yield ();
            }
          done += w;
        }
      total += n;
    }
  atomic_store (&st->done, true);
  g_rand_free (rand);
  return NULL;
}

static void
test_flush (void)
{
  Stress st = { .rb = lq_ring_buffer_new (2, 4096), .seed = 77 };
  GRand *rand = g_rand_new_with_seed (5);
  float x[MAX_CHUNK], y[MAX_CHUNK];
  float *out[2] = { x, y };
  GThread *producer;
  float gen = 0.0f, pos = 0.0f;
  float gen_at_request = -1.0f;
  gboolean after_flush = FALSE;
  guint flushes = 0, checked = 0;

  atomic_init (&st.done, false);
  producer = g_thread_new ("producer", flush_producer, &st);
  for (;;)
    {
      gboolean finished = atomic_load (&st.done);
      guint32 got = lq_ring_buffer_read (st.rb, out, (guint32) g_rand_int_range (rand, 1, MAX_CHUNK + 1));

      for (guint32 i = 0; i < got; i++)
        {
          if (after_flush)
            {
              /* Only data of a generation started after the request. */
              g_assert_cmpfloat (x[i], >, gen_at_request);
              g_assert_cmpfloat (y[i], ==, 0.0f);
              after_flush = FALSE;
              checked++;
            }
          else if (x[i] != gen)
            {
              /* A generation may also roll over by itself at position 0. */
              g_assert_cmpfloat (x[i], ==, gen + 1.0f);
              g_assert_cmpfloat (y[i], ==, 0.0f);
            }
          else
            g_assert_cmpfloat (y[i], ==, pos);
          gen = x[i];
          pos = y[i] + 1.0f;
        }
      if (got == 0 && finished)
        break;
      if (got == 0)
        g_thread_yield ();
      if (!after_flush && g_rand_int_range (rand, 0, 50) == 0)
        {
          gen_at_request = gen;
          lq_ring_buffer_request_flush (st.rb);
          after_flush = TRUE;
          flushes++;
        }
    }
  g_thread_join (producer);
  g_test_message ("%u flushes, %u checked after the producer's answer", flushes, checked);
  g_assert_cmpuint (flushes, >, 100);
  g_assert_cmpuint (checked, >, 50);
  g_rand_free (rand);
  lq_ring_buffer_free (st.rb);
}

static void
test_realtime (void)
{
  LqRingBuffer *rb = lq_ring_buffer_new (2, 2048);
  float a[512] = { 0 }, b[512] = { 0 };
  const float *in[2] = { a, b };
  float *out[2] = { a, b };
  DspRtCounts counts = { 0 };

  dsp_rt_guard_begin ();
  for (int i = 0; i < 1000; i++)
    {
      lq_ring_buffer_write (rb, in, 1 + (guint32) (i * 37) % 512);
      lq_ring_buffer_read (rb, out, 1 + (guint32) (i * 53) % 512);
      (void) lq_ring_buffer_write_space (rb);
      (void) lq_ring_buffer_read_space (rb);
      if (i % 100 == 0)
        lq_ring_buffer_request_flush (rb);
      if (i % 100 == 50)
        (void) lq_ring_buffer_take_flush (rb);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "ring buffer write/read/flush");
  lq_ring_buffer_free (rb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ring-buffer/basics", test_basics);
  g_test_add_func ("/ring-buffer/stress", test_stress);
  g_test_add_func ("/ring-buffer/flush", test_flush);
  g_test_add_func ("/ring-buffer/realtime", test_realtime);
  return g_test_run ();
}

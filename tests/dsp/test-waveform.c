/* test-waveform.c: the min/max overview. */
#include <glib.h>
#include <math.h>

#include "lq-waveform.h"

static void
test_peaks (void)
{
  LqWaveform *w = lq_waveform_new (2, 100);
  float l[250], r[250];
  const float *ch[2] = { l, r };
  int8_t out[3 * 4];
  uint32_t n;

  for (int i = 0; i < 250; i++)
    {
      l[i] = (float) sin (i * 0.3) * (i < 100 ? 0.5f : 1.0f);
      r[i] = i == 170 ? -0.25f : 0.0f;
    }
  n = lq_waveform_process (w, ch, 250, out);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (lq_waveform_flush (w, out + 2 * 4), ==, 1);
  g_assert_cmpuint (lq_waveform_flush (w, out), ==, 0);

  /* Rounded outwards: a peak never looks smaller than it was. */
  for (int p = 0; p < 3; p++)
    {
      float lo = 1, hi = -1;
      for (int i = p * 100; i < MIN (250, (p + 1) * 100); i++)
        {
          lo = MIN (lo, l[i]);
          hi = MAX (hi, l[i]);
        }
      g_assert_cmpint (out[p * 4], <=, (int) floorf (lo * 127 + 1e-3f));
      g_assert_cmpint (out[p * 4], >=, (int) floorf (lo * 127) - 1);
      g_assert_cmpint (out[p * 4 + 1], >=, (int) ceilf (hi * 127 - 1e-3f));
    }
  g_assert_cmpint (out[1 * 4 + 2], ==, (int) floorf (-0.25f * 127));
  g_assert_cmpint (out[1 * 4 + 3], ==, 0);
  g_assert_cmpint (out[0 * 4 + 2], ==, 0);
  lq_waveform_free (w);
}

static void
test_block_size_and_reduce (void)
{
  enum { N = 10000, FPP = 64 };
  static float x[N];
  const float *ch[1] = { x };
  int8_t whole[2 * (N / FPP + 2)], parts[2 * (N / FPP + 2)], coarse[2 * (N / FPP + 2)], direct[2 * (N / FPP + 2)];
  LqWaveform *a = lq_waveform_new (1, FPP), *b = lq_waveform_new (1, FPP), *c = lq_waveform_new (1, FPP * 4);
  uint32_t na, nb = 0, nc, nr;
  GRand *rand = g_rand_new_with_seed (7);

  for (int i = 0; i < N; i++)
    x[i] = (float) g_rand_double_range (rand, -1, 1);

  na = lq_waveform_process (a, ch, N, (int8_t *) whole);
  na += lq_waveform_flush (a, (int8_t *) whole + 2 * na);
  for (uint32_t done = 0; done < N;)
    {
      uint32_t take = MIN (37u, N - done);
      const float *part[1] = { x + done };
      nb += lq_waveform_process (b, part, take, (int8_t *) parts + 2 * nb);
      done += take;
    }
  nb += lq_waveform_flush (b, (int8_t *) parts + 2 * nb);
  g_assert_cmpuint (na, ==, nb);
  g_assert_cmpmem (whole, 2 * na, parts, 2 * nb);

  /* Reducing by 4 equals measuring at 4x the frames per peak. */
  nr = lq_waveform_reduce (whole, na, 2, 4, coarse);
  nc = lq_waveform_process (c, ch, N, direct);
  nc += lq_waveform_flush (c, direct + 2 * nc);
  g_assert_cmpuint (nr, ==, nc);
  g_assert_cmpmem (coarse, 2 * nr, direct, 2 * nc);

  g_rand_free (rand);
  lq_waveform_free (a);
  lq_waveform_free (b);
  lq_waveform_free (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/waveform/peaks", test_peaks);
  g_test_add_func ("/waveform/block-size-and-reduce", test_block_size_and_reduce);
  return g_test_run ();
}

/* test-waveform.c: the min/max overview and its RMS. */
#include <glib.h>
#include <math.h>

#include "dsp-rt-guard.h"
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

/* The codes: 0 dBFS is 255, 0.25 dB a step, below -63.625 dBFS 0. */
static void
test_rms_scale (void)
{
  g_assert_cmpuint (lq_waveform_rms_encode (1.0), ==, 255);
  g_assert_cmpuint (lq_waveform_rms_encode (4.0), ==, 255);
  g_assert_cmpuint (lq_waveform_rms_encode (0.5), ==, 255 - 12);   /* -3.01 dB */
  g_assert_cmpuint (lq_waveform_rms_encode (pow (10.0, -6.0)), ==, 255 - 240);
  g_assert_cmpuint (lq_waveform_rms_encode (pow (10.0, LQ_WAVEFORM_RMS_FLOOR_DB / 10.0)), ==, 1);
  g_assert_cmpuint (lq_waveform_rms_encode (pow (10.0, -6.37)), ==, 0);
  g_assert_cmpuint (lq_waveform_rms_encode (0.0), ==, 0);
  g_assert_cmpuint (lq_waveform_rms_encode (NAN), ==, 0);
  g_assert_cmpfloat (lq_waveform_rms_to_db (0), ==, -INFINITY);
  g_assert_cmpfloat (lq_waveform_rms_to_linear (0), ==, 0.0);
  for (int code = 1; code < 256; code++)
    {
      double db = lq_waveform_rms_to_db ((uint8_t) code);

      g_assert_cmpfloat_with_epsilon (db, (code - 255) * 0.25, 1e-12);
      g_assert_cmpuint (lq_waveform_rms_encode (pow (10.0, db / 10.0)), ==, code);
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_linear ((uint8_t) code), pow (10.0, db / 20.0), 1e-12);
    }
}

/* A full-scale sine's RMS is -3.01 dBFS at every level after reduction;
 * the channels apart (the right one 20 dB lower). */
static void
test_rms_sine (void)
{
  enum { N = 256 * 256 * 4, FPP = 256 };
  static float l[N], r[N];
  static int8_t peaks[2 * 2 * (N / FPP + 1)];
  static uint8_t rms[2 * (N / FPP + 1)], coarse[2 * (N / FPP + 1)], coarser[2 * (N / FPP + 1)];
  LqWaveform *w = lq_waveform_new (2, FPP);
  DspRtCounts counts = { 0 };
  uint32_t n = 0, n16, n256;

  for (int i = 0; i < N; i++)
    {
      l[i] = (float) sin (2.0 * G_PI * 997.0 * i / 44100.0);
      r[i] = 0.1f * l[i];
    }
  g_assert_cmpuint (lq_waveform_get_rms_size (w), ==, 2);
  /* In blocks of 1000: no allocation, lock or I/O while processing. */
  dsp_rt_guard_begin ();
  for (uint32_t done = 0; done < N; done += 1000)
    {
      const float *part[2] = { l + done, r + done };
      uint32_t take = MIN (1000u, N - done);

      n += lq_waveform_process_rms (w, part, take, peaks + 4 * n, rms + 2 * n);
    }
  n += lq_waveform_flush_rms (w, peaks + 4 * n, rms + 2 * n);
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "lq_waveform_process_rms");
  g_assert_cmpuint (n, ==, N / FPP);

  n16 = lq_waveform_reduce_rms (rms, n, 2, 16, coarse);
  n256 = lq_waveform_reduce_rms (coarse, n16, 2, 16, coarser);
  g_assert_cmpuint (n16, ==, n / 16);
  g_assert_cmpuint (n256, ==, n / 256);
  /* 256 frames hold 5.8 periods of 997 Hz: a partial period moves a
   * peak's RMS by up to about 0.3 dB; the power mean of many peaks is the
   * sine's own. */
  for (uint32_t p = 0; p < n; p++)
    {
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (rms[2 * p]), -3.01, 0.4);
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (rms[2 * p + 1]), -23.01, 0.4);
    }
  for (uint32_t p = 0; p < n16; p++)
    {
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (coarse[2 * p]), -3.01, 0.13);
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (coarse[2 * p + 1]), -23.01, 0.13);
    }
  for (uint32_t p = 0; p < n256; p++)
    {
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (coarser[2 * p]), -3.01, 0.13);
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (coarser[2 * p + 1]), -23.01, 0.13);
    }
  lq_waveform_free (w);
}

/* Reduction is a power mean: full scale and silence make -3.01 dB, not
 * the -6.02 dB a mean of the RMS values would; the last group is what it
 * has; block sizes do not change the RMS. */
static void
test_rms_reduce (void)
{
  enum { N = 5000, FPP = 50 };
  static float x[N];
  const float *ch[1] = { x };
  uint8_t in[4] = { 255, 0, 255, 0 }, out[4];
  int8_t pa[2 * (N / FPP + 1)], pb[2 * (N / FPP + 1)];
  uint8_t ra[N / FPP + 1], rb[N / FPP + 1];
  LqWaveform *a = lq_waveform_new (1, FPP), *b = lq_waveform_new (1, FPP);
  GRand *rand = g_rand_new_with_seed (11);
  uint32_t na, nb = 0;

  g_assert_cmpuint (lq_waveform_reduce_rms (in, 4, 1, 2, out), ==, 2);
  g_assert_cmpuint (out[0], ==, 243);
  g_assert_cmpuint (out[1], ==, 243);
  g_assert_cmpuint (lq_waveform_reduce_rms (in, 3, 1, 2, out), ==, 2);
  g_assert_cmpuint (out[1], ==, 255);

  for (int i = 0; i < N; i++)
    x[i] = (float) g_rand_double_range (rand, -1, 1) * (i < N / 2 ? 1.0f : 0.01f);
  na = lq_waveform_process_rms (a, ch, N, pa, ra);
  for (uint32_t done = 0; done < N;)
    {
      uint32_t take = MIN (13u, N - done);
      const float *part[1] = { x + done };

      nb += lq_waveform_process_rms (b, part, take, pb + 2 * nb, rb + nb);
      done += take;
    }
  g_assert_cmpuint (na, ==, nb);
  g_assert_cmpmem (ra, na, rb, nb);
  /* Each peak's RMS as computed from its samples, to half a step. */
  for (uint32_t p = 0; p < na; p++)
    {
      double sq = 0.0;

      for (int i = p * FPP; i < (int) (p + 1) * FPP; i++)
        sq += (double) x[i] * x[i];
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (ra[p]), 10.0 * log10 (sq / FPP),
                                      LQ_WAVEFORM_RMS_STEP_DB / 2 + 1e-4);
    }
  g_rand_free (rand);
  lq_waveform_free (a);
  lq_waveform_free (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/waveform/peaks", test_peaks);
  g_test_add_func ("/waveform/block-size-and-reduce", test_block_size_and_reduce);
  g_test_add_func ("/waveform/rms-scale", test_rms_scale);
  g_test_add_func ("/waveform/rms-sine", test_rms_sine);
  g_test_add_func ("/waveform/rms-reduce", test_rms_reduce);
  return g_test_run ();
}

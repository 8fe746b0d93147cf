/* test-chain.c: the mastering chain as a whole: latency, identity when
 * neutral, block-size independence, exact gain stages. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "lq-chain.h"

#define RATE 48000
#define MAX_BLOCK 512

static float *
noise (guint n, double amplitude, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *x = g_new (float, n);

  for (guint i = 0; i < n; i++)
    x[i] = (float) (amplitude * g_rand_double_range (rand, -1.0, 1.0));
  return x;
}

/* Runs @in_l/@in_r (n frames) through @chain in blocks of @block (0: a
 * pseudo-random mix of sizes). */
static void
run (LqChain *chain,
     float *l,
     float *r,
     guint n,
     guint block)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint done = 0;

  while (done < n)
    {
      guint len = block != 0 ? block : (guint) g_rand_int_range (rand, 1, 2 * MAX_BLOCK);
      float *ch[2];

      len = MIN (len, n - done);
      ch[0] = l + done;
      ch[1] = r + done;
      lq_chain_process (chain, ch, len);
      done += len;
    }
}

static void
all_on (LqChainSettings *s,
        gboolean on)
{
  s->match_eq_enabled = on;
  s->compressor.enabled = on;
  s->width_enabled = on;
  s->bus_compressor.enabled = on;
  s->limiter_enabled = on;
}

static void
test_chain_latency (void)
{
  LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
  LqChainSettings s;
  guint latency;
  guint n;
  g_autofree float *l = NULL;
  g_autofree float *r = NULL;

  g_assert_nonnull (chain);
  latency = lq_chain_get_latency (chain);
  g_assert_cmpuint (latency, >, 0);

  /* Neutral settings, every processor enabled (and transparent: compressors
   * at ratio 1, width 1, limiter far above the impulse). */
  lq_chain_settings_init (&s);
  all_on (&s, TRUE);
  s.compressor.ratio = 1.0;
  s.bus_compressor.ratio = 1.0;
  s.limiter_ceiling_dbtp = 0.0;
  g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
  lq_chain_reset (chain);
  g_assert_cmpuint (lq_chain_get_latency (chain), ==, latency);

  n = latency + 4096;
  l = g_new0 (float, n);
  r = g_new0 (float, n);
  l[0] = 0.25f;
  r[0] = -0.25f;
  run (chain, l, r, n, 0);

  for (guint i = 0; i < n; i++)
    {
      if (i == latency)
        {
          g_assert_cmpfloat_with_epsilon (l[i], 0.25, 1e-5);
          g_assert_cmpfloat_with_epsilon (r[i], -0.25, 1e-5);
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (l[i], 0.0, 1e-5);
          g_assert_cmpfloat_with_epsilon (r[i], 0.0, 1e-5);
        }
    }

  /* Whatever is enabled, the latency is the same. */
  all_on (&s, FALSE);
  g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
  lq_chain_reset (chain);
  g_assert_cmpuint (lq_chain_get_latency (chain), ==, latency);
  lq_chain_free (chain);
}

/* Neutral (everything off) and neutral-but-enabled (limiter on with the
 * signal below its ceiling): the output is the input delayed by the latency. */
static void
check_identity (gboolean enabled)
{
  LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
  LqChainSettings s;
  guint latency = lq_chain_get_latency (chain);
  guint n = RATE;
  g_autofree float *in_l = noise (n, 0.1, 1);   /* peaks -20 dBFS, well below -1 dBTP */
  g_autofree float *in_r = noise (n, 0.1, 2);
  g_autofree float *l = g_new0 (float, n + latency);
  g_autofree float *r = g_new0 (float, n + latency);
  double max_err = 0.0;

  lq_chain_settings_init (&s);
  s.limiter_enabled = enabled;
  s.match_eq_enabled = enabled;
  g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
  lq_chain_reset (chain);

  memcpy (l, in_l, n * sizeof (float));
  memcpy (r, in_r, n * sizeof (float));
  run (chain, l, r, n + latency, 0);
  for (guint i = 0; i < n; i++)
    {
      max_err = MAX (max_err, fabs (l[i + latency] - in_l[i]));
      max_err = MAX (max_err, fabs (r[i + latency] - in_r[i]));
    }
  g_test_message ("max deviation from identity: %g", max_err);
  g_assert_cmpfloat (max_err, <=, 1e-6);
  lq_chain_free (chain);
}

static void
test_chain_identity (void)
{
  check_identity (FALSE);
}

static void
test_chain_identity_enabled (void)
{
  check_identity (TRUE);
}

static void
test_chain_block_size (void)
{
  LqChainSettings s;
  guint n = RATE;
  g_autofree float *in_l = noise (n, 0.7, 3);
  g_autofree float *in_r = noise (n, 0.5, 4);
  g_autofree float *ref_l = NULL;
  g_autofree float *ref_r = NULL;
  const guint blocks[] = { 1, 17, MAX_BLOCK, 0 };

  /* Everything on and working. */
  lq_chain_settings_init (&s);
  all_on (&s, TRUE);
  s.input_trim_db = 3.0;
  s.eq[0] = (LqEqBand) { true, LQ_EQ_BELL, 2000.0, 4.0, 1.0, 12, LQ_EQ_STEREO };
  s.bus_eq[0] = (LqEqBand) { true, LQ_EQ_HIGH_PASS, 30.0, 0.0, 0.7, 24, LQ_EQ_STEREO };
  s.match_n_bands = 3;
  s.match_centres[0] = 100.0; s.match_centres[1] = 1000.0; s.match_centres[2] = 10000.0;
  s.match_mid_db[0] = 2.0; s.match_mid_db[1] = 0.0; s.match_mid_db[2] = -2.0;
  s.match_side_db[0] = -1.0; s.match_side_db[1] = 1.0; s.match_side_db[2] = 0.0;
  s.compressor.threshold_db = -20.0;
  s.width = 1.3;
  s.match_gain_db = 4.0;
  s.limiter_ceiling_dbtp = -1.0;

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
      g_autofree float *l = g_memdup2 (in_l, n * sizeof (float));
      g_autofree float *r = g_memdup2 (in_r, n * sizeof (float));

      g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
      lq_chain_reset (chain);
      run (chain, l, r, n, blocks[b]);
      /* A change mid-stream glides on the sample grid too. */
      lq_chain_free (chain);

      if (ref_l == NULL)
        {
          ref_l = g_steal_pointer (&l);
          ref_r = g_steal_pointer (&r);
          continue;
        }
      g_assert_cmpmem (l, n * sizeof (float), ref_l, n * sizeof (float));
      g_assert_cmpmem (r, n * sizeof (float), ref_r, n * sizeof (float));
    }
}

/* Every stage switched off and back on mid-stream (each at its own sample
 * position, long enough for the bypass crossfades to finish, so bypassed
 * processors stop and later resume), a gain change: the output is the same
 * for any block size. */
static void
test_chain_bypass_block_size (void)
{
  LqChainSettings on, s;
  guint n = 2 * RATE;
  g_autofree float *in_l = noise (n, 0.6, 13);
  g_autofree float *in_r = noise (n, 0.4, 14);
  g_autofree float *ref_l = NULL;
  g_autofree float *ref_r = NULL;
  const guint blocks[] = { 1, 17, MAX_BLOCK, 0 };
  const guint events[] = { 4000, 9001, 15000, 21000, 30017, 47000, 52000, 61000, 70001, 80000 };

  lq_chain_settings_init (&on);
  all_on (&on, TRUE);
  on.eq[0] = (LqEqBand) { true, LQ_EQ_BELL, 2000.0, 4.0, 1.0, 12, LQ_EQ_STEREO };
  on.bus_eq[0] = (LqEqBand) { true, LQ_EQ_LOW_SHELF, 100.0, 2.0, 0.7, 12, LQ_EQ_SIDE };
  on.match_n_bands = 3;
  on.match_centres[0] = 100.0; on.match_centres[1] = 1000.0; on.match_centres[2] = 10000.0;
  on.match_mid_db[0] = 2.0; on.match_mid_db[1] = 0.0; on.match_mid_db[2] = -2.0;
  on.match_side_db[0] = -1.0; on.match_side_db[1] = 1.0; on.match_side_db[2] = 0.0;
  on.compressor.threshold_db = -20.0;
  on.compressor.mode = LQ_COMPRESSOR_MID_SIDE;
  on.bus_compressor.threshold_db = -15.0;
  on.width = 1.3;
  on.mono_below_hz = 100.0;
  on.match_gain_db = 4.0;

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
      g_autofree float *l = g_memdup2 (in_l, n * sizeof (float));
      g_autofree float *r = g_memdup2 (in_r, n * sizeof (float));
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);
      guint done = 0, e = 0;

      g_assert_cmpint (lq_chain_apply_settings (chain, &on), ==, LQ_OK);
      lq_chain_reset (chain);
      s = on;
      while (done < n)
        {
          guint len = blocks[b] != 0 ? blocks[b] : (guint) g_rand_int_range (rand, 1, 2 * MAX_BLOCK);
          float *ch[2];

          if (e < G_N_ELEMENTS (events) && done == events[e])
            {
              /* Off one by one, then back on one by one. */
              switch (e % 5)
                {
                case 0: s.match_eq_enabled = e >= 5; s.eq[0].enabled = e >= 5; break;
                case 1: s.compressor.enabled = e >= 5; break;
                case 2: s.width_enabled = e >= 5; s.match_gain_db = e >= 5 ? 4.0 : 1.0; break;
                case 3: s.bus_compressor.enabled = e >= 5; s.bus_eq[0].enabled = e >= 5; break;
                default: s.limiter_enabled = e >= 5; break;
                }
              g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
              e++;
            }
          len = MIN (len, n - done);
          if (e < G_N_ELEMENTS (events))
            len = MIN (len, events[e] - done);
          ch[0] = l + done;
          ch[1] = r + done;
          lq_chain_process (chain, ch, len);
          done += len;
        }
      lq_chain_free (chain);

      if (ref_l == NULL)
        {
          ref_l = g_steal_pointer (&l);
          ref_r = g_steal_pointer (&r);
          continue;
        }
      g_assert_cmpmem (l, n * sizeof (float), ref_l, n * sizeof (float));
      g_assert_cmpmem (r, n * sizeof (float), ref_r, n * sizeof (float));
    }
}

static void
test_chain_gain (void)
{
  const double gains[][2] = { { 6.0, 0.0 }, { 0.0, -12.5 }, { -3.0, 7.0 } };

  for (guint k = 0; k < G_N_ELEMENTS (gains); k++)
    {
      LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
      LqChainSettings s;
      guint latency = lq_chain_get_latency (chain);
      guint n = 8192;
      g_autofree float *in = noise (n, 0.05, 5);
      g_autofree float *l = g_new0 (float, n + latency);
      g_autofree float *r = g_new0 (float, n + latency);
      double g = pow (10.0, (gains[k][0] + gains[k][1]) / 20.0);

      lq_chain_settings_init (&s);
      s.input_trim_db = gains[k][0];
      s.match_gain_db = gains[k][1];
      g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
      lq_chain_reset (chain);
      memcpy (l, in, n * sizeof (float));
      memcpy (r, in, n * sizeof (float));
      run (chain, l, r, n + latency, 100);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpfloat_with_epsilon (l[i + latency], in[i] * g, 1e-6);
          g_assert_cmpfloat_with_epsilon (r[i + latency], in[i] * g, 1e-6);
        }
      lq_chain_free (chain);
    }
}

static void
test_chain_bad_settings (void)
{
  LqChain *chain = lq_chain_new (RATE, MAX_BLOCK);
  LqChainSettings s;

  g_assert_null (lq_chain_new (100, MAX_BLOCK));
  g_assert_null (lq_chain_new (RATE, 0));
  lq_chain_settings_init (&s);
  s.match_gain_db = NAN;
  g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_ERR_INVALID);
  lq_chain_free (chain);
  lq_chain_free (NULL);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain/latency", test_chain_latency);
  g_test_add_func ("/chain/identity", test_chain_identity);
  g_test_add_func ("/chain/identity-enabled", test_chain_identity_enabled);
  g_test_add_func ("/chain/block-size", test_chain_block_size);
  g_test_add_func ("/chain/bypass-block-size", test_chain_bypass_block_size);
  g_test_add_func ("/chain/gain", test_chain_gain);
  g_test_add_func ("/chain/bad-settings", test_chain_bad_settings);
  return g_test_run ();
}

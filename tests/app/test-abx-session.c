/* test-abx-session.c: the ABX comparator's statistics and trial record.
 * The p-values are exact binomial tails worked out by hand
 * (C(16, k) / 2^16), not taken from the code. */
#include <math.h>

#include "lq-abx-session.h"

static void
test_p_values (void)
{
  /* 12 of 16: (1820 + 560 + 120 + 16 + 1) / 65536 */
  g_assert_cmpfloat_with_epsilon (lq_abx_p_value (12, 16), 2517.0 / 65536.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lq_abx_p_value (16, 16), 1.0 / 65536.0, 1e-15);
  /* 8 of 16: 1 - (1 + 16 + 120 + 560 + 1820 + 4368 + 8008 + 11440) / 65536 */
  g_assert_cmpfloat_with_epsilon (lq_abx_p_value (8, 16), 39203.0 / 65536.0, 1e-12);
  g_assert_cmpfloat (lq_abx_p_value (0, 16), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (lq_abx_p_value (1, 1), 0.5, 1e-15);

  /* Large n stays finite and sensible: half right is about a coin toss,
   * 600 of 1000 is far beyond chance. */
  g_assert_cmpfloat (lq_abx_p_value (500, 1000), >, 0.5);
  g_assert_cmpfloat (lq_abx_p_value (500, 1000), <, 0.53);
  g_assert_cmpfloat (lq_abx_p_value (600, 1000), <, 1e-9);
  g_assert_cmpfloat (lq_abx_p_value (600, 1000), >, 0.0);
  g_assert_cmpfloat (lq_abx_p_value (1000, 1000), >, 0.0);

  /* More right answers, smaller p. */
  for (guint k = 1; k <= 16; k++)
    g_assert_cmpfloat (lq_abx_p_value (k, 16), <, lq_abx_p_value (k - 1, 16));
}

static void
test_session (void)
{
  g_autoptr(LqAbxSession) s = lq_abx_session_new (16, 1234, "mix", "aaaa", "master", "bbbb");
  g_autoptr(LqAbxSession) same = lq_abx_session_new (16, 1234, "mix", "aaaa", "master", "bbbb");
  const LqAbxTrial *trials;
  guint n, right = 0;

  g_assert_cmpstr (lq_abx_session_get_source (s, LQ_ABX_A), ==, "mix");
  g_assert_cmpstr (lq_abx_session_get_fingerprint (s, LQ_ABX_B), ==, "bbbb");
  g_assert_cmpfloat (lq_abx_session_get_p_value (s), ==, 1.0);

  /* Answer right on even trials, wrong on odd ones. */
  for (guint i = 0; i < 16; i++)
    {
      LqAbxChoice x = lq_abx_session_get_x (s);
      LqAbxChoice answer = (i % 2 == 0) ? x : (x == LQ_ABX_A ? LQ_ABX_B : LQ_ABX_A);

      /* The same seed draws the same X. */
      g_assert_cmpint (lq_abx_session_get_x (same), ==, x);
      lq_abx_session_answer (same, x);
      g_assert_false (lq_abx_session_is_finished (s));
      g_assert_cmpint (lq_abx_session_answer (s, answer), ==, i % 2 == 0);
      right += i % 2 == 0;
    }
  g_assert_true (lq_abx_session_is_finished (s));
  g_assert_cmpuint (lq_abx_session_get_correct (s), ==, right);
  g_assert_cmpuint (right, ==, 8);
  g_assert_cmpfloat_with_epsilon (lq_abx_session_get_p_value (s), 39203.0 / 65536.0, 1e-12);
  g_assert_cmpuint (lq_abx_session_get_correct (same), ==, 16);

  trials = lq_abx_session_get_trials (s, &n);
  g_assert_cmpuint (n, ==, 16);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (trials[i].answer == trials[i].x, ==, i % 2 == 0);
      g_assert_cmpint (trials[i].time_us, >, 0);
      if (i > 0)
        g_assert_cmpint (trials[i].time_us, >=, trials[i - 1].time_us);
    }
}

/* X is A or B about equally often, and seeds differ. */
static void
test_balance (void)
{
  g_autoptr(LqAbxSession) s = lq_abx_session_new (1000, 99, "mix", NULL, "master", NULL);
  g_autoptr(LqAbxSession) other = lq_abx_session_new (1000, 100, "mix", NULL, "master", NULL);
  guint b = 0, differ = 0;

  while (!lq_abx_session_is_finished (s))
    {
      LqAbxChoice x = lq_abx_session_get_x (s);

      b += x == LQ_ABX_B;
      differ += x != lq_abx_session_get_x (other);
      lq_abx_session_answer (s, LQ_ABX_A);
      lq_abx_session_answer (other, LQ_ABX_A);
    }
  /* Binomial(1000, 1/2): 400..600 is more than 6 standard deviations. */
  g_assert_cmpuint (b, >, 400);
  g_assert_cmpuint (b, <, 600);
  g_assert_cmpuint (differ, >, 400);
  /* Always answering A gets exactly the A trials right. */
  g_assert_cmpuint (lq_abx_session_get_correct (s), ==, 1000 - b);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/abx/p-values", test_p_values);
  g_test_add_func ("/abx/session", test_session);
  g_test_add_func ("/abx/balance", test_balance);
  return g_test_run ();
}

/* test-loudness-gate.c: lq_loudness_gate_integrated() against ITU-R
 * BS.1770-4 gating and lq_loudness_gate_range() against EBU Tech 3342, on
 * energy sequences whose results follow from the definitions by hand. */
#include <glib.h>
#include <math.h>

#include "dsp-test-util.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"

#define EPS 1e-9

static double
integrated1 (const double *e, size_t n)
{
  LqEnergySpan span = { e, n };

  return lq_loudness_gate_integrated (&span, 1);
}

static GArray *
levels (double lufs, guint count, GArray *into)
{
  double e = lq_loudness_to_energy (lufs);

  for (guint i = 0; i < count; i++)
    g_array_append_val (into, e);
  return into;
}

static void
test_constant (void)
{
  static const double lufs[] = { -69.0, -40.0, -23.0, -0.5, 3.0 };

  for (guint i = 0; i < G_N_ELEMENTS (lufs); i++)
    {
      g_autoptr (GArray) a = levels (lufs[i], 100, g_array_new (FALSE, FALSE, sizeof (double)));

      g_assert_cmpfloat_with_epsilon (integrated1 ((double *) a->data, a->len), lufs[i], EPS);
    }
}

static void
test_gates (void)
{
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  double e20 = lq_loudness_to_energy (-20.0), e28 = lq_loudness_to_energy (-28.0);
  double expect;


  /* Absolute gate: blocks at or below -70 LUFS do not count, however many. */
  levels (-23.0, 50, a);
  levels (-75.0, 500, a);
  g_assert_cmpfloat_with_epsilon (integrated1 ((double *) a->data, a->len), -23.0, EPS);

  /* Relative gate: -20 and -40 LUFS halves. The absolute-gated mean is
   * about -23 LUFS, the relative gate 10 LU below it, so the -40 blocks go
   * and the result is the -20 blocks alone. */
  g_array_set_size (a, 0);
  levels (-20.0, 60, a);
  levels (-40.0, 60, a);
  g_assert_cmpfloat_with_epsilon (integrated1 ((double *) a->data, a->len), -20.0, EPS);

  /* -20 and -28 LUFS halves: the gate (-32.4 LUFS) keeps both, so the
   * result is the mean of their energies. */
  g_array_set_size (a, 0);
  levels (-20.0, 60, a);
  levels (-28.0, 60, a);
  expect = lq_loudness_from_energy ((e20 + e28) / 2.0);
  g_assert_cmpfloat_with_epsilon (integrated1 ((double *) a->data, a->len), expect, EPS);

  /* The relative threshold comes from the absolute-gated blocks only. With
   * -20 and -35 LUFS halves the gate is -32.9 and the result -20; were the
   * 5000 blocks at -80 LUFS averaged in, the gate would fall to -50, let the
   * -35 blocks in and read -22.9. */
  g_array_set_size (a, 0);
  levels (-20.0, 50, a);
  levels (-35.0, 50, a);
  levels (-80.0, 5000, a);
  g_assert_cmpfloat_with_epsilon (integrated1 ((double *) a->data, a->len), -20.0, EPS);
}

static void
test_album (void)
{
  const guint n = 3000;
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (77);
  /* Three "tracks" of different loudness, one with a quiet intro. */
  static const guint cut[] = { 0, 700, 1900, 3000 };
  LqEnergySpan spans[3];
  double album, concat, mean_of_tracks = 0.0, lra_album = 0.0, lra_concat = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double base = i < 700 ? -14.0 : i < 1900 ? -26.0 : -19.0;
      double e = lq_loudness_to_energy (base + 6.0 * (g_rand_double (rand) - 0.5)
                                        - (i >= 700 && i < 800 ? 30.0 : 0.0));

      g_array_append_val (all, e);
    }
  for (guint t = 0; t < 3; t++)
    {
      spans[t] = (LqEnergySpan) { &g_array_index (all, double, cut[t]), cut[t + 1] - cut[t] };
      mean_of_tracks += lq_loudness_gate_integrated (&spans[t], 1) / 3.0;
    }

  album = lq_loudness_gate_integrated (spans, 3);
  concat = integrated1 ((double *) all->data, all->len);
  g_test_message ("album %.4f LUFS, concatenation %.4f, mean of track values %.4f",
                  album, concat, mean_of_tracks);
  g_assert_cmpfloat_with_epsilon (album, concat, EPS);
  /* ... and gating as one programme is not averaging the tracks. */
  g_assert_cmpfloat (fabs (album - mean_of_tracks), >, 0.5);

  g_assert_cmpint (lq_loudness_gate_range (spans, 3, &lra_album), ==, LQ_OK);
  {
    LqEnergySpan one = { (double *) all->data, all->len };

    g_assert_cmpint (lq_loudness_gate_range (&one, 1, &lra_concat), ==, LQ_OK);
  }
  g_assert_cmpfloat_with_epsilon (lra_album, lra_concat, EPS);

  /* Empty spans in between change nothing. */
  {
    LqEnergySpan with_empty[5] = { spans[0], { NULL, 0 }, spans[1], { NULL, 0 }, spans[2] };

    g_assert_cmpfloat_with_epsilon (lq_loudness_gate_integrated (with_empty, 5), album, EPS);
  }
  g_rand_free (rand);
}

static double
range1 (GArray *a)
{
  LqEnergySpan span = { (double *) a->data, a->len };
  double lra = NAN;

  g_assert_cmpint (lq_loudness_gate_range (&span, 1, &lra), ==, LQ_OK);
  return lra;
}

static void
test_range (void)
{
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));

  /* Two levels 10 LU apart, equally long: the 10th percentile is on the
   * quiet one, the 95th on the loud one. */
  levels (-20.0, 200, a);
  levels (-30.0, 200, a);
  g_assert_cmpfloat_with_epsilon (range1 (a), 10.0, 1e-6);

  /* Relative gate at -20 LU (abs-gated mean here about -22.6 LUFS): blocks
   * at -45 are gated out, and blocks at -75 by the absolute gate. */
  levels (-45.0, 100, a);
  levels (-75.0, 1000, a);
  g_assert_cmpfloat_with_epsilon (range1 (a), 10.0, 1e-6);

  /* An even ramp from -40 to -20 LUFS in 0.01 LU steps (2001 values, all
   * above the gate): Tech 3342's percentiles fall on -38.0 and -21.0. Any
   * percentile estimator is within one step of that. */
  g_array_set_size (a, 0);
  for (int i = 0; i <= 2000; i++)
    levels (-40.0 + 0.01 * i, 1, a);
  g_assert_cmpfloat_with_epsilon (range1 (a), 17.0, 0.01 + 1e-9);

  /* A short loud event does not widen the range (95th percentile). */
  g_array_set_size (a, 0);
  levels (-23.0, 980, a);
  levels (-3.0, 20, a);
  g_assert_cmpfloat_with_epsilon (range1 (a), 0.0, 1e-6);
}

static void
test_silence (void)
{
  double zeros[50] = { 0 };
  double quiet[50];
  LqEnergySpan z = { zeros, G_N_ELEMENTS (zeros) };
  LqEnergySpan q = { quiet, G_N_ELEMENTS (quiet) };
  LqEnergySpan none = { NULL, 0 };
  double lra = 123.0;

  for (guint i = 0; i < G_N_ELEMENTS (quiet); i++)
    quiet[i] = lq_loudness_to_energy (-71.0);

  g_assert_cmpfloat (lq_loudness_gate_integrated (&z, 1), ==, -HUGE_VAL);
  g_assert_cmpfloat (lq_loudness_gate_integrated (&q, 1), ==, -HUGE_VAL);
  g_assert_cmpfloat (lq_loudness_gate_integrated (&none, 1), ==, -HUGE_VAL);
  g_assert_cmpfloat (lq_loudness_gate_integrated (NULL, 0), ==, -HUGE_VAL);

  g_assert_cmpint (lq_loudness_gate_range (&z, 1, &lra), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_loudness_gate_range (&q, 1, &lra), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_loudness_gate_range (&none, 1, &lra), ==, LQ_ERR_INVALID);
  g_assert_cmpint (lq_loudness_gate_range (NULL, 0, &lra), ==, LQ_ERR_INVALID);
  g_assert_cmpfloat (lra, ==, 123.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/loudness-gate/constant", test_constant);
  g_test_add_func ("/loudness-gate/gates", test_gates);
  g_test_add_func ("/loudness-gate/album", test_album);
  g_test_add_func ("/loudness-gate/range", test_range);
  g_test_add_func ("/loudness-gate/silence", test_silence);

  return g_test_run ();
}

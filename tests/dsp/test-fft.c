/* test-fft.c: lq-fft, the one owner of FFTW planning: several threads plan
 * and destroy at once (bare plans of both kinds, spectra and match EQs), and
 * every plan still computes the right transform. FFTW's planner is not
 * thread-safe: without the lock this corrupts its plan cache, which the
 * sanitizer build reports (or the transforms come out wrong). */
#include <glib.h>
#include <math.h>

#include "lq-fft.h"
#include "lq-match-eq.h"
#include "lq-spectrum.h"

#define N_THREADS 4
#define N_CYCLES 200

/* A forward and an inverse plan of @n points: the forward transform of a
 * cosine at bin 3 has n/2 there and nothing elsewhere; the inverse brings
 * it back scaled by n. */
static void
check_round_trip (int n)
{
  double *x = lq_fft_malloc ((size_t) n * sizeof (double));
  double *y = lq_fft_malloc ((size_t) n * sizeof (double));
  fftw_complex *spec = lq_fft_malloc ((size_t) (n / 2 + 1) * sizeof (fftw_complex));
  fftw_plan fwd = lq_fft_plan_r2c (n, x, spec, 0);
  fftw_plan inv = lq_fft_plan_c2r (n, spec, y, 0);

  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_nonnull (spec);
  g_assert_nonnull (fwd);
  g_assert_nonnull (inv);
  for (int i = 0; i < n; i++)
    x[i] = cos (2.0 * M_PI * 3.0 * i / n);
  fftw_execute (fwd);
  for (int k = 0; k <= n / 2; k++)
    {
      double want = k == 3 ? n / 2.0 : 0.0;

      g_assert_cmpfloat_with_epsilon (spec[k][0], want, 1e-9 * n);
      g_assert_cmpfloat_with_epsilon (spec[k][1], 0.0, 1e-9 * n);
    }
  fftw_execute (inv);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (y[i] / n, cos (2.0 * M_PI * 3.0 * i / n), 1e-12);
  lq_fft_destroy_plan (fwd);
  lq_fft_destroy_plan (inv);
  lq_fft_free (x);
  lq_fft_free (y);
  lq_fft_free (spec);
}

static gpointer
planner_thread (gpointer data)
{
  guint seed = GPOINTER_TO_UINT (data);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  static const int sizes[] = { 64, 96, 256, 500, 1024, 1536, 4096 };

  for (int cycle = 0; cycle < N_CYCLES; cycle++)
    {
      check_round_trip (sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (sizes))]);
      if (cycle % 20 == (int) seed % 20)
        {
          /* The two real planners: a spectrum analyser and a match EQ. */
          LqSpectrum *s = lq_spectrum_new (seed % 2 ? 44100 : 48000, 2);
          LqMatchEq *eq = lq_match_eq_new (seed % 2 ? 48000 : 44100, 2, 512);

          g_assert_nonnull (s);
          g_assert_nonnull (eq);
          lq_match_eq_free (eq);
          lq_spectrum_free (s);
        }
    }
  return NULL;
}

static void
test_fft_concurrent_planning (void)
{
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("planner", planner_thread, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

static void
test_fft_api (void)
{
  /* NULL is ignored, as free () does. */
  lq_fft_destroy_plan (NULL);
  lq_fft_free (NULL);
  check_round_trip (48);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fft/api", test_fft_api);
  g_test_add_func ("/fft/concurrent-planning", test_fft_concurrent_planning);
  return g_test_run ();
}

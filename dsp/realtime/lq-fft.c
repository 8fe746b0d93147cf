/* lq-fft.c: FFTW planning under one process-wide lock. */
#include "lq-fft.h"

#include <pthread.h>

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

void *
lq_fft_malloc (size_t bytes)
{
  /* fftw_malloc keeps no planner state: no lock needed. */
  return fftw_malloc (bytes);
}

void
lq_fft_free (void *p)
{
  if (p != NULL)
    fftw_free (p);
}

fftw_plan
lq_fft_plan_r2c (int n,
                 double *in,
                 fftw_complex *out,
                 unsigned flags)
{
  fftw_plan plan;

  pthread_mutex_lock (&planner_lock);
  plan = fftw_plan_dft_r2c_1d (n, in, out, FFTW_ESTIMATE | flags);
  pthread_mutex_unlock (&planner_lock);
  return plan;
}

fftw_plan
lq_fft_plan_c2r (int n,
                 fftw_complex *in,
                 double *out,
                 unsigned flags)
{
  fftw_plan plan;

  pthread_mutex_lock (&planner_lock);
  plan = fftw_plan_dft_c2r_1d (n, in, out, FFTW_ESTIMATE | flags);
  pthread_mutex_unlock (&planner_lock);
  return plan;
}

void
lq_fft_destroy_plan (fftw_plan plan)
{
  if (plan == NULL)
    return;
  pthread_mutex_lock (&planner_lock);
  fftw_destroy_plan (plan);
  pthread_mutex_unlock (&planner_lock);
}

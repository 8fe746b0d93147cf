/* lq-fft.h: the one owner of FFTW planning in the process.
 *
 * FFTW's planner (fftw_plan_*, fftw_destroy_plan) keeps global state and is
 * not thread-safe: two threads planning at once (an analysis worker making
 * a spectrum while an export makes a match EQ) race. Every plan Lacquer
 * makes or destroys goes through here, under one process-wide lock, and so
 * does every FFTW buffer. Nothing else in Lacquer calls fftw_plan_*,
 * fftw_destroy_plan, fftw_malloc or fftw_free.
 *
 * Plans are made at setup only (a processor's _new) and destroyed in its
 * _free: the lock is never taken on the audio thread. fftw_execute() on a
 * plan made here needs no lock (FFTW's executor is thread-safe, each plan
 * running on its own buffers).
 *
 * Plans are FFTW_ESTIMATE: made in microseconds, and the same plan (so the
 * same rounding) on every run.
 */
#pragma once

#include <fftw3.h>
#include <stddef.h>

/* fftw_malloc / fftw_free (SIMD-aligned); NULL when out of memory. */
void *lq_fft_malloc (size_t bytes);
void lq_fft_free (void *p);

/* Real-to-complex forward transform of @n points, @in -> @out (n / 2 + 1
 * bins); @flags are added to FFTW_ESTIMATE (e.g. FFTW_DESTROY_INPUT).
 * NULL on failure. */
fftw_plan lq_fft_plan_r2c (int n, double *in, fftw_complex *out, unsigned flags);
/* Complex-to-real inverse transform of @n points (unnormalised). */
fftw_plan lq_fft_plan_c2r (int n, fftw_complex *in, double *out, unsigned flags);
/* NULL is ignored. */
void lq_fft_destroy_plan (fftw_plan plan);

/* dsp-rt-guard.h: counts what realtime code must not do.
 *
 * A test linked with DSP_RT_GUARD_LINK_ARGS (tests/dsp/meson.build: the
 * linker's --wrap, which also works in the sanitizer build, where LD_PRELOAD
 * does not) has every call to malloc, calloc, realloc, free,
 * aligned_alloc, posix_memalign, fftw_malloc, fftw_free,
 * pthread_mutex_lock / trylock, write, fwrite, fputs, fputc, puts, fprintf,
 * printf, vfprintf, open and fopen made from its own objects and the static
 * libraries it links (liblq-dsp) go through a wrapper. Between
 * dsp_rt_guard_begin() and dsp_rt_guard_end(), on the calling thread only,
 * the wrappers count the calls, then forward them.
 *
 * Calls made inside shared libraries (GLib, FFTW's own internals) are not
 * seen: the guard watches Lacquer's code, which is what it is for.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint alloc;          /* malloc, calloc, realloc, aligned_alloc, posix_memalign */
  guint free;
  guint fftw_alloc;     /* fftw_malloc, fftw_free */
  guint lock;           /* pthread_mutex_lock, pthread_mutex_trylock */
  guint file;           /* write, fwrite, fputs, fputc, puts, fprintf, printf, vfprintf, open, fopen */
} DspRtCounts;

/* Starts counting on this thread, from zero. */
void dsp_rt_guard_begin (void);
/* Stops counting and adds this thread's counts to @counts. */
void dsp_rt_guard_end (DspRtCounts *counts);

guint dsp_rt_counts_total (const DspRtCounts *counts);

/* Fails the test, naming every kind of call seen, unless @counts is all 0. */
void dsp_rt_assert_clean (const DspRtCounts *counts, const char *what);

G_END_DECLS

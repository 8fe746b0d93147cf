/* dsp-rt-guard.c: the --wrap wrappers behind dsp-rt-guard.h. */
#include "dsp-rt-guard.h"

#include <fcntl.h>
#include <fftw3.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __thread gboolean counting;
static __thread DspRtCounts counts;

void
dsp_rt_guard_begin (void)
{
  memset (&counts, 0, sizeof counts);
  counting = TRUE;
}

void
dsp_rt_guard_end (DspRtCounts *out)
{
  counting = FALSE;
  out->alloc += counts.alloc;
  out->free += counts.free;
  out->fftw_alloc += counts.fftw_alloc;
  out->lock += counts.lock;
  out->file += counts.file;
}

guint
dsp_rt_counts_total (const DspRtCounts *c)
{
  return c->alloc + c->free + c->fftw_alloc + c->lock + c->file;
}

void
dsp_rt_assert_clean (const DspRtCounts *c, const char *what)
{
  if (dsp_rt_counts_total (c) != 0)
    g_test_message ("%s: %u allocations, %u frees, %u FFTW allocations or frees, "
                    "%u mutex locks, %u file writes or opens", what,
                    c->alloc, c->free, c->fftw_alloc, c->lock, c->file);
  g_assert_cmpuint (dsp_rt_counts_total (c), ==, 0);
}

#define COUNT(field) do { if (counting) counts.field++; } while (0)

/* The real functions, and the wrappers the linker sends every call to. */
void *__real_malloc (size_t size);
void *__real_calloc (size_t n, size_t size);
void *__real_realloc (void *p, size_t size);
void __real_free (void *p);
void *__real_aligned_alloc (size_t alignment, size_t size);
int __real_posix_memalign (void **p, size_t alignment, size_t size);
void *__real_fftw_malloc (size_t size);
void __real_fftw_free (void *p);
int __real_pthread_mutex_lock (pthread_mutex_t *m);
int __real_pthread_mutex_trylock (pthread_mutex_t *m);
ssize_t __real_write (int fd, const void *buf, size_t n);
size_t __real_fwrite (const void *p, size_t size, size_t n, FILE *f);
int __real_fputs (const char *s, FILE *f);
int __real_fputc (int c, FILE *f);
int __real_puts (const char *s);
int __real_vfprintf (FILE *f, const char *format, va_list ap);
int __real_open (const char *path, int flags, ...);
FILE *__real_fopen (const char *path, const char *mode);

void *__wrap_malloc (size_t size);
void *__wrap_calloc (size_t n, size_t size);
void *__wrap_realloc (void *p, size_t size);
void __wrap_free (void *p);
void *__wrap_aligned_alloc (size_t alignment, size_t size);
int __wrap_posix_memalign (void **p, size_t alignment, size_t size);
void *__wrap_fftw_malloc (size_t size);
void __wrap_fftw_free (void *p);
int __wrap_pthread_mutex_lock (pthread_mutex_t *m);
int __wrap_pthread_mutex_trylock (pthread_mutex_t *m);
ssize_t __wrap_write (int fd, const void *buf, size_t n);
size_t __wrap_fwrite (const void *p, size_t size, size_t n, FILE *f);
int __wrap_fputs (const char *s, FILE *f);
int __wrap_fputc (int c, FILE *f);
int __wrap_puts (const char *s);
int __wrap_vfprintf (FILE *f, const char *format, va_list ap);
int __wrap_fprintf (FILE *f, const char *format, ...) G_GNUC_PRINTF (2, 3);
int __wrap_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);
int __wrap_open (const char *path, int flags, ...);
FILE *__wrap_fopen (const char *path, const char *mode);

void *
__wrap_malloc (size_t size)
{
  COUNT (alloc);
  return __real_malloc (size);
}

void *
__wrap_calloc (size_t n, size_t size)
{
  COUNT (alloc);
  return __real_calloc (n, size);
}

void *
__wrap_realloc (void *p, size_t size)
{
  COUNT (alloc);
  return __real_realloc (p, size);
}

void
__wrap_free (void *p)
{
  COUNT (free);
  __real_free (p);
}

void *
__wrap_aligned_alloc (size_t alignment, size_t size)
{
  COUNT (alloc);
  return __real_aligned_alloc (alignment, size);
}

int
__wrap_posix_memalign (void **p, size_t alignment, size_t size)
{
  COUNT (alloc);
  return __real_posix_memalign (p, alignment, size);
}

void *
__wrap_fftw_malloc (size_t size)
{
  COUNT (fftw_alloc);
  return __real_fftw_malloc (size);
}

void
__wrap_fftw_free (void *p)
{
  COUNT (fftw_alloc);
  __real_fftw_free (p);
}

int
__wrap_pthread_mutex_lock (pthread_mutex_t *m)
{
  COUNT (lock);
  return __real_pthread_mutex_lock (m);
}

int
__wrap_pthread_mutex_trylock (pthread_mutex_t *m)
{
  COUNT (lock);
  return __real_pthread_mutex_trylock (m);
}

ssize_t
__wrap_write (int fd, const void *buf, size_t n)
{
  COUNT (file);
  return __real_write (fd, buf, n);
}

size_t
__wrap_fwrite (const void *p, size_t size, size_t n, FILE *f)
{
  COUNT (file);
  return __real_fwrite (p, size, n, f);
}

int
__wrap_fputs (const char *s, FILE *f)
{
  COUNT (file);
  return __real_fputs (s, f);
}

int
__wrap_fputc (int c, FILE *f)
{
  COUNT (file);
  return __real_fputc (c, f);
}

int
__wrap_puts (const char *s)
{
  COUNT (file);
  return __real_puts (s);
}

int
__wrap_vfprintf (FILE *f, const char *format, va_list ap)
{
  COUNT (file);
  return __real_vfprintf (f, format, ap);
}

int
__wrap_fprintf (FILE *f, const char *format, ...)
{
  va_list ap;
  int r;

  COUNT (file);
  va_start (ap, format);
  r = __real_vfprintf (f, format, ap);
  va_end (ap);
  return r;
}

int
__wrap_printf (const char *format, ...)
{
  va_list ap;
  int r;

  COUNT (file);
  va_start (ap, format);
  r = __real_vfprintf (stdout, format, ap);
  va_end (ap);
  return r;
}

int
__wrap_open (const char *path, int flags, ...)
{
  mode_t mode = 0;
  int with_mode = O_CREAT;

  COUNT (file);
#ifdef O_TMPFILE
  with_mode |= O_TMPFILE;
#endif
  if (flags & with_mode)
    {
      va_list ap;

      va_start (ap, flags);
      mode = va_arg (ap, mode_t);
      va_end (ap);
    }
  return __real_open (path, flags, mode);
}

FILE *
__wrap_fopen (const char *path, const char *mode)
{
  COUNT (file);
  return __real_fopen (path, mode);
}

/* test-play-realtime.c: the PortAudio callback allocates, frees, locks,
 * reads, writes, sleeps and logs nothing, on a real stream.
 *
 * Run under a private JACK server (with-jack-dummy.sh, 1024-frame period):
 * LqEngineStream plays a track with every chain stage on and a reference
 * for 30 s (LQ_REALTIME_SECONDS), while the control thread, every 100 ms,
 * publishes chain settings, switches the source, seeks, changes monitor
 * flags, level-match gains and the crossfade length. The callback's body is
 * bracketed by LqEngineStream's test hooks (lq-engine-stream-private.h);
 * in between, this thread's calls are counted by the linker's --wrap:
 * tests/dsp/dsp-rt-guard.h's list (malloc, free, pthread_mutex_lock, open,
 * write, printf ...) and, here, GLib's allocator and locks, read, fread,
 * libsndfile's reads and seeks, sleeps and condition waits. Lacquer's
 * static libraries are linked into this test, so their calls are seen;
 * calls made inside PortAudio, GLib or libc themselves are not (and need
 * not be). Every count must be 0, and a deliberate allocation inside the
 * bracket is counted (the interposer is there). */
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "dsp-rt-guard.h"
#include "engine-test-util.h"
#include "lq-audio-system.h"
#include "lq-engine-stream-private.h"
#include "lq-test-audio.h"

#define RATE 48000
#define TRACK_SECONDS 12
#define DEVICE "jack audio connection kit: system"

static _Thread_local gboolean in_callback;
static DspRtCounts counts;     /* dsp-rt-guard's, added on the audio thread */
static guint extra;            /* this file's wrappers, on the audio thread */
static guint callbacks;        /* bracketed callbacks */
static gint deliberate;        /* atomic: allocate inside the bracket */
static void *volatile sink;

/* The wrappers of this file: counted only inside the bracket. */
#define WRAP_NOTE() G_STMT_START { if (in_callback) extra++; } G_STMT_END

gpointer __real_g_malloc (gsize n);
gpointer __wrap_g_malloc (gsize n);
gpointer __real_g_malloc0 (gsize n);
gpointer __wrap_g_malloc0 (gsize n);
gpointer __real_g_realloc (gpointer p, gsize n);
gpointer __wrap_g_realloc (gpointer p, gsize n);
void __real_g_free (gpointer p);
void __wrap_g_free (gpointer p);
void __real_g_mutex_lock (GMutex *m);
void __wrap_g_mutex_lock (GMutex *m);
void __real_g_cond_wait (GCond *c, GMutex *m);
void __wrap_g_cond_wait (GCond *c, GMutex *m);
void __real_g_usleep (gulong us);
void __wrap_g_usleep (gulong us);
void __real_g_logv (const char *domain, GLogLevelFlags level, const char *format, va_list args);
void __wrap_g_logv (const char *domain, GLogLevelFlags level, const char *format, va_list args);
void __wrap_g_log (const char *domain, GLogLevelFlags level, const char *format, ...);
ssize_t __real_read (int fd, void *buf, size_t n);
ssize_t __wrap_read (int fd, void *buf, size_t n);
size_t __real_fread (void *p, size_t size, size_t n, FILE *f);
size_t __wrap_fread (void *p, size_t size, size_t n, FILE *f);
int __real_pthread_cond_wait (pthread_cond_t *c, pthread_mutex_t *m);
int __wrap_pthread_cond_wait (pthread_cond_t *c, pthread_mutex_t *m);
int __real_nanosleep (const struct timespec *t, struct timespec *rem);
int __wrap_nanosleep (const struct timespec *t, struct timespec *rem);
int __real_usleep (useconds_t us);
int __wrap_usleep (useconds_t us);
sf_count_t __real_sf_readf_float (SNDFILE *f, float *p, sf_count_t n);
sf_count_t __wrap_sf_readf_float (SNDFILE *f, float *p, sf_count_t n);
sf_count_t __real_sf_seek (SNDFILE *f, sf_count_t frames, int whence);
sf_count_t __wrap_sf_seek (SNDFILE *f, sf_count_t frames, int whence);

gpointer __wrap_g_malloc (gsize n) { WRAP_NOTE (); return __real_g_malloc (n); }
gpointer __wrap_g_malloc0 (gsize n) { WRAP_NOTE (); return __real_g_malloc0 (n); }
gpointer __wrap_g_realloc (gpointer p, gsize n) { WRAP_NOTE (); return __real_g_realloc (p, n); }
void __wrap_g_free (gpointer p) { WRAP_NOTE (); __real_g_free (p); }
void __wrap_g_mutex_lock (GMutex *m) { WRAP_NOTE (); __real_g_mutex_lock (m); }
void __wrap_g_cond_wait (GCond *c, GMutex *m) { WRAP_NOTE (); __real_g_cond_wait (c, m); }
void __wrap_g_usleep (gulong us) { WRAP_NOTE (); __real_g_usleep (us); }
void __wrap_g_logv (const char *domain, GLogLevelFlags level, const char *format, va_list args)
{
  WRAP_NOTE ();
  __real_g_logv (domain, level, format, args);
}
void __wrap_g_log (const char *domain, GLogLevelFlags level, const char *format, ...)
{
  va_list args;

  WRAP_NOTE ();
  va_start (args, format);
  __real_g_logv (domain, level, format, args);
  va_end (args);
}
ssize_t __wrap_read (int fd, void *buf, size_t n) { WRAP_NOTE (); return __real_read (fd, buf, n); }
size_t __wrap_fread (void *p, size_t size, size_t n, FILE *f) { WRAP_NOTE (); return __real_fread (p, size, n, f); }
int __wrap_pthread_cond_wait (pthread_cond_t *c, pthread_mutex_t *m) { WRAP_NOTE (); return __real_pthread_cond_wait (c, m); }
int __wrap_nanosleep (const struct timespec *t, struct timespec *rem) { WRAP_NOTE (); return __real_nanosleep (t, rem); }
int __wrap_usleep (useconds_t us) { WRAP_NOTE (); return __real_usleep (us); }
sf_count_t __wrap_sf_readf_float (SNDFILE *f, float *p, sf_count_t n) { WRAP_NOTE (); return __real_sf_readf_float (f, p, n); }
sf_count_t __wrap_sf_seek (SNDFILE *f, sf_count_t frames, int whence) { WRAP_NOTE (); return __real_sf_seek (f, frames, whence); }

/* LqEngineStream's hooks (weak there): the bracket. */
void
_lq_engine_stream_callback_enter (void)
{
  in_callback = TRUE;
  dsp_rt_guard_begin ();
  if (g_atomic_int_get (&deliberate))
    {
      sink = malloc (16);
      free (sink);
      sink = g_malloc (16);
      g_free (sink);
    }
}

void
_lq_engine_stream_callback_leave (void)
{
  dsp_rt_guard_end (&counts);
  in_callback = FALSE;
  callbacks++;
}

static double
signal_cb (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;

  return 0.3 * sin (2 * G_PI * (220.0 + 30.0 * c) * t) + 0.1 * sin (2 * G_PI * 3300.0 * t);
}

typedef struct
{
  char *dir;
  char *track;
  char *reference;
  LqAudioSystem *audio;
  LqAudioDevice *device;
  LqEngine *engine;
  LqRenderSpec spec;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = lq_test_tmpdir ();
  f->track = g_build_filename (f->dir, "track.wav", NULL);
  f->reference = g_build_filename (f->dir, "reference.wav", NULL);
  lq_test_write (f->track, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2,
                 (guint64) TRACK_SECONDS * RATE, signal_cb, NULL, NULL);
  lq_test_write (f->reference, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2,
                 (guint64) TRACK_SECONDS * RATE, signal_cb, NULL, NULL);
  f->audio = lq_audio_system_new (&error);
  g_assert_no_error (error);
  f->device = lq_audio_system_find_output (f->audio, DEVICE, &error);
  g_assert_no_error (error);
  et_spec_init (&f->spec, f->track, TRUE);
  f->engine = lq_engine_new ();
  g_assert_true (lq_engine_load_spec (f->engine, &f->spec, &error));
  g_assert_no_error (error);
  g_assert_true (lq_engine_set_reference (f->engine, f->reference, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_engine_get_sample_rate (f->engine), ==, RATE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->engine);
  g_clear_pointer (&f->device, lq_audio_device_free);
  g_clear_object (&f->audio);
  et_spec_clear (&f->spec);
  lq_test_rmdir (f->dir);
  g_free (f->track);
  g_free (f->reference);
  g_free (f->dir);
}

static void
reset_counts (void)
{
  counts = (DspRtCounts) { 0 };
  extra = 0;
  callbacks = 0;
}

/* A short play with a deliberate allocation in the bracket: counted, so
 * the hooks and the wrappers are live through PortAudio's callback. */
static void
test_guard_sees_callback (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngineStream) stream = lq_engine_stream_new (f->engine, f->audio);
  g_autoptr (GError) error = NULL;

  reset_counts ();
  g_atomic_int_set (&deliberate, 1);
  g_assert_true (lq_engine_stream_start (stream, f->device, 1024, 0, RATE / 2, &error));
  g_assert_no_error (error);
  while (lq_engine_stream_is_running (stream))
    g_usleep (10 * 1000);
  g_assert_true (lq_engine_stream_finish (stream, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&deliberate, 0);
  g_assert_cmpuint (callbacks, >=, RATE / 2 / 1024);
  g_assert_cmpuint (counts.alloc, >=, callbacks);
  g_assert_cmpuint (counts.free, >=, callbacks);
  g_assert_cmpuint (extra, >=, 2 * callbacks);   /* g_malloc, g_free */
}

static void
variant_settings (LqChainSettings *s, guint i)
{
  s->eq[0].gain_db = -3.0 + (i % 7);
  s->eq[0].freq_hz = 500.0 + 250.0 * (i % 5);
  s->compressor.threshold_db = -30.0 + (i % 11);
  s->width = 0.8 + 0.1 * (i % 6);
  s->match_gain_db = 1.0 + (i % 4);
  s->limiter_enabled = i % 9 != 0;
}

static void
test_callback_clean (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngineStream) stream = lq_engine_stream_new (f->engine, f->audio);
  g_autoptr (GError) error = NULL;
  const char *env = g_getenv ("LQ_REALTIME_SECONDS");
  double seconds = env != NULL ? g_ascii_strtod (env, NULL) : 30.0;
  gint64 length = lq_engine_get_length (f->engine), start;
  guint ticks = 0, edits = 0;

  reset_counts ();
  g_assert_true (lq_engine_stream_start (stream, f->device, 1024, 0, length, &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  /* The control thread, every 100 ms; the stream plays on. */
  while (g_get_monotonic_time () - start < (gint64) (seconds * G_USEC_PER_SEC))
    {
      guint i = ticks++;

      g_usleep (100 * 1000);
      g_assert_true (lq_engine_stream_is_running (stream));
      if (i % 3 == 0)
        {
          LqChainSettings s = f->spec.chain;

          variant_settings (&s, i);
          lq_engine_set_chain_settings (f->engine, &s);
          edits++;
        }
      if (i % 5 == 1)
        lq_engine_set_source (f->engine, (LqPlaybackSource) ((i / 5) % 3));
      if (i % 7 == 2 || lq_engine_get_position (f->engine) > length - 3 * RATE)
        lq_engine_seek (f->engine, (gint64) (i * 7919) % (length - 4 * RATE));
      if (i % 4 == 3)
        lq_engine_set_monitor (f->engine, (LqMonitorFlags) ((i / 4) % 32));
      if (i % 6 == 5)
        lq_engine_set_crossfade_ms (f->engine, (i / 6) % 2 ? 0.0 : 40.0);
      if (i % 8 == 4)
        lq_engine_set_match_gain_db (f->engine, (LqPlaybackSource) (i % 3), -3.0 + (i % 7));
    }
  /* The end: the last second of the track, then the stream completes. */
  lq_engine_set_monitor (f->engine, 0);
  lq_engine_seek (f->engine, length - RATE);
  while (lq_engine_stream_is_running (stream))
    g_usleep (10 * 1000);
  g_assert_true (lq_engine_stream_finish (stream, &error));
  g_assert_no_error (error);

  g_test_message ("%u callbacks, %u control ticks, %u chain edits, %u xruns", callbacks, ticks,
                  edits, lq_engine_stream_get_xruns (stream));
  /* It played the whole time, and the control side did its part. */
  g_assert_cmpuint (callbacks, >=, (guint) (0.9 * seconds * RATE / 1024));
  g_assert_cmpuint (edits, >=, (guint) (seconds * 2));
  dsp_rt_assert_clean (&counts, "the PortAudio callback");
  g_assert_cmpuint (extra, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/play-realtime/guard-sees-callback", Fixture, NULL, fixture_setup,
              test_guard_sees_callback, fixture_teardown);
  g_test_add ("/play-realtime/callback-clean", Fixture, NULL, fixture_setup,
              test_callback_clean, fixture_teardown);
  return g_test_run ();
}

/* lq-engine-stream.c: an LqEngine on a PortAudio output stream. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "lq-engine-private.h"
#include "lq-engine-stream-private.h"
#include "lq-error.h"

/* Callback times kept: enough for callbacks of 16 frames or more. */
#define MIN_CALLBACK_FRAMES 16
/* Open-ended play keeps the first callbacks' times only. */
#define OPEN_ENDED_TIMES 65536

struct _LqEngineStream
{
  LqEngine *engine;
  LqAudioSystem *audio;
  gboolean open;
  gulong buffer_frames;
  double latency;
  gint64 from;
  gint64 end;
  gboolean open_ended;
  double rate;
  guint xruns;

  /* Written by the callback only while the stream runs. */
  float *times_us;
  gsize n_times_max;
  gsize n_times;
  guint64 callbacks;     /* also read by the control thread (atomic) */

  /* The control thread's watch on the callbacks (lq_engine_stream_device_lost()). */
  guint64 seen_callbacks;
  gint64 seen_us;
  gint64 started_us;
};

LqEngineStream *
lq_engine_stream_new (LqEngine *engine,
                      LqAudioSystem *audio)
{
  LqEngineStream *self;

  g_return_val_if_fail (LQ_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (audio), NULL);

  self = g_new0 (LqEngineStream, 1);
  self->engine = g_object_ref (engine);
  self->audio = g_object_ref (audio);
  return self;
}

void
lq_engine_stream_free (LqEngineStream *self)
{
  if (self == NULL)
    return;
  if (self->open)
    (void) lq_audio_system_close_output (self->audio, NULL);
  g_object_unref (self->engine);
  g_object_unref (self->audio);
  g_free (self->times_us);
  g_free (self);
}

static double
elapsed_us (const struct timespec *a,
            const struct timespec *b)
{
  return (double) (b->tv_sec - a->tv_sec) * 1e6 + (double) (b->tv_nsec - a->tv_nsec) / 1e3;
}

/* The audio thread: no allocation, no locks, no logging. The hooks are
 * weak and undefined in Lacquer: only a test that defines them
 * (tests/engine/test-play-realtime.c) brackets the callback's body. */
static gboolean
render_cb (float   *out,
           gulong   frames,
           gpointer user_data)
{
  LqEngineStream *self = user_data;
  struct timespec t0, t1;
  gint64 left;
  gulong n;
  gboolean more;

  if (_lq_engine_stream_callback_enter != NULL)
    _lq_engine_stream_callback_enter ();
  clock_gettime (CLOCK_MONOTONIC, &t0);
  if (self->open_ended)
    {
      /* The engine pauses itself at the end of its track. */
      lq_engine_process (self->engine, out, (guint) frames);
      more = TRUE;
      goto done;
    }
  /* Never past @end: each frame of audio advances the position by one. */
  left = self->end - lq_engine_get_position (self->engine);
  n = left <= 0 ? 0 : (gulong) MIN ((gint64) frames, left);
  if (n > 0)
    lq_engine_process (self->engine, out, (guint) n);
  if (n < frames)
    memset (out + 2 * n, 0, (frames - n) * 2 * sizeof (float));
  more = lq_engine_get_position (self->engine) < self->end;
done:
  clock_gettime (CLOCK_MONOTONIC, &t1);
  if (self->n_times < self->n_times_max)
    self->times_us[self->n_times++] = (float) elapsed_us (&t0, &t1);
  __atomic_store_n (&self->callbacks, self->callbacks + 1, __ATOMIC_RELAXED);
  if (_lq_engine_stream_callback_leave != NULL)
    _lq_engine_stream_callback_leave ();
  return more;
}

gboolean
lq_engine_stream_start (LqEngineStream *self,
                        const LqAudioDevice *device,
                        gulong buffer_frames,
                        gint64 from,
                        gint64 end,
                        GError **error)
{
  guint rate = lq_engine_get_sample_rate (self->engine);
  double device_rate = 0;
  gulong block;
  g_autofree float *scratch = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->open, FALSE);
  g_return_val_if_fail (rate > 0, FALSE);
  g_return_val_if_fail (from >= 0 && from < end && end <= lq_engine_get_length (self->engine), FALSE);

  self->buffer_frames = buffer_frames ? buffer_frames : LQ_AUDIO_DEFAULT_BUFFER_FRAMES;
  if (!lq_audio_system_open_output (self->audio, device, rate, self->buffer_frames, render_cb, self,
                                    &device_rate, error))
    return FALSE;
  self->open = TRUE;
  if ((guint) device_rate != rate)
    {
      /* The device keeps its rate: the engine resamples to it, and the
       * range moves to its timeline. */
      gint64 length = lq_engine_get_length (self->engine);
      guint out = (guint) device_rate;

      if (!lq_engine_set_output_rate (self->engine, out, error))
        {
          (void) lq_audio_system_close_output (self->audio, NULL);
          self->open = FALSE;
          return FALSE;
        }
      from = (from * out + rate / 2) / rate;
      end = end == length ? lq_engine_get_length (self->engine)
                          : MIN ((end * out + rate / 2) / rate, lq_engine_get_length (self->engine));
      end = MAX (end, from + 1);
      rate = out;
    }
  self->from = from;
  self->end = end;
  self->open_ended = FALSE;
  self->n_times_max = (gsize) ((end - from) / MIN_CALLBACK_FRAMES) + 1024;
  g_free (self->times_us);
  self->times_us = g_new (float, self->n_times_max);
  self->n_times = 0;
  self->callbacks = 0;
  self->latency = lq_audio_system_get_output_latency (self->audio);

  /* The preroll here, before the device asks: the first callback plays
   * frame @from, with the rings full ahead of it. */
  block = MIN (self->buffer_frames, LQ_ENGINE_MAX_BLOCK);
  scratch = g_new (float, 2 * block);
  lq_engine_seek (self->engine, from);
  lq_engine_play (self->engine);
  while (lq_engine_get_prerolling (self->engine))
    {
      _lq_engine_wait_ready (self->engine, 3 * block);
      lq_engine_process (self->engine, scratch, (guint) block);
    }
  _lq_engine_wait_ready (self->engine, rate);
  self->seen_callbacks = 0;
  self->seen_us = self->started_us = g_get_monotonic_time ();
  return lq_audio_system_start (self->audio, error);
}

gboolean
lq_engine_stream_device_lost (LqEngineStream *self,
                              double timeout_s)
{
  guint64 n;
  gint64 now;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->open)
    return FALSE;
  /* Stopped before the end: PortAudio's JACK back end stops the stream
   * when the server shuts it down. */
  if (!lq_audio_system_is_active (self->audio))
    return lq_engine_get_position (self->engine) < self->end;
  n = __atomic_load_n (&self->callbacks, __ATOMIC_RELAXED);
  now = g_get_monotonic_time ();
  if (n != self->seen_callbacks)
    {
      self->seen_callbacks = n;
      self->seen_us = now;
      return FALSE;
    }
  return (double) (now - self->seen_us) > timeout_s * G_USEC_PER_SEC;
}

gboolean
lq_engine_stream_start_open (LqEngineStream *self,
                             const LqAudioDevice *device,
                             gulong buffer_frames,
                             GError **error)
{
  guint rate = lq_engine_get_sample_rate (self->engine);
  double want = rate > 0 ? rate : device->default_sample_rate;
  double device_rate = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->open, FALSE);

  self->buffer_frames = buffer_frames ? buffer_frames : LQ_AUDIO_DEFAULT_BUFFER_FRAMES;
  self->open_ended = TRUE;
  self->from = lq_engine_get_position (self->engine);
  self->end = G_MAXINT64;
  self->n_times_max = OPEN_ENDED_TIMES;
  g_free (self->times_us);
  self->times_us = g_new (float, self->n_times_max);
  self->n_times = 0;
  self->callbacks = 0;
  if (!lq_audio_system_open_output (self->audio, device, want, self->buffer_frames, render_cb, self,
                                    &device_rate, error))
    return FALSE;
  self->open = TRUE;
  /* The device keeps its rate: the engine resamples to it (its position
   * moves to the new timeline). */
  if (rate > 0 && (guint) device_rate != rate
      && !lq_engine_set_output_rate (self->engine, (guint) device_rate, error))
    {
      (void) lq_audio_system_close_output (self->audio, NULL);
      self->open = FALSE;
      return FALSE;
    }
  self->rate = device_rate;
  self->latency = lq_audio_system_get_output_latency (self->audio);
  return lq_audio_system_start (self->audio, error);
}

guint64
lq_engine_stream_get_callbacks (LqEngineStream *self)
{
  g_return_val_if_fail (self != NULL, 0);
  /* Written by the callback alone; a 64-bit load does not tear on the
   * platforms PortAudio runs this on, and a stale value is only late. */
  return *(volatile guint64 *) &self->callbacks;
}

double
lq_engine_stream_get_rate (LqEngineStream *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rate;
}

gboolean
lq_engine_stream_is_running (LqEngineStream *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->open && lq_audio_system_is_active (self->audio);
}

gint64
lq_engine_stream_get_position (LqEngineStream *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return lq_engine_get_position (self->engine);
}

gboolean
lq_engine_stream_finish (LqEngineStream *self,
                         GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->open)
    return TRUE;
  self->xruns = lq_audio_system_get_underflows (self->audio);
  self->open = FALSE;
  if (!lq_audio_system_close_output (self->audio, error))
    return FALSE;
  lq_engine_pause (self->engine);
  if (!self->open_ended && lq_engine_get_position (self->engine) < self->end)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_FAILED,
                           _("The audio output stopped before the end of the track"));
      return FALSE;
    }
  return TRUE;
}

gint64
lq_engine_stream_get_end (LqEngineStream *self)
{
  return self->end;
}

void
lq_engine_stream_test_stall_from_env (LqEngineStream *self)
{
  const char *env = g_getenv ("LACQUER_TEST_READER_STALL");
  double after, span, t;
  char *end;

  g_return_if_fail (self != NULL);

  if (env == NULL || !self->open)
    return;
  after = g_ascii_strtod (env, &end);
  span = *end == ',' ? g_ascii_strtod (end + 1, NULL) : 0;
  t = (double) (g_get_monotonic_time () - self->started_us) / G_USEC_PER_SEC;
  _lq_engine_set_reader_stalled (self->engine, t >= after && t < after + span);
}

gulong
lq_engine_stream_get_buffer_frames (LqEngineStream *self)
{
  return self->buffer_frames;
}

double
lq_engine_stream_get_latency (LqEngineStream *self)
{
  return self->latency;
}

gint64
lq_engine_stream_get_frames_played (LqEngineStream *self)
{
  return lq_engine_get_position (self->engine) - self->from;
}

guint
lq_engine_stream_get_xruns (LqEngineStream *self)
{
  return self->open ? lq_audio_system_get_underflows (self->audio) : self->xruns;
}

static int
compare_float (gconstpointer a,
               gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

void
lq_engine_stream_get_callback_stats (LqEngineStream *self,
                                     LqCallbackStats *stats)
{
  gsize n = self->n_times;

  memset (stats, 0, sizeof *stats);
  stats->callbacks = self->callbacks;
  if (n == 0)
    return;
  qsort (self->times_us, n, sizeof (float), compare_float);
  stats->median_us = n % 2 ? self->times_us[n / 2]
                           : 0.5 * (self->times_us[n / 2 - 1] + self->times_us[n / 2]);
  stats->p99_us = self->times_us[(gsize) ceil (0.99 * (double) n) - 1];
  stats->max_us = self->times_us[n - 1];
}

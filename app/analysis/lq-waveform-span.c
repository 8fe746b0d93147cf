/* lq-waveform-span.c */
#include "config.h"

#include "lq-waveform-span.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-audio-reader.h"
#include "lq-error.h"

#define READ_FRAMES 8192



typedef struct
{
  char *path;
  gint64 start_frame;
  gint64 n_frames;
  guint frames_per_column;
} SpanRequest;

static LqWaveformSpan *
lq_waveform_span_copy (LqWaveformSpan *self)
{
  LqWaveformSpan *copy = g_memdup2 (self, sizeof *self);
  gsize n = (gsize) self->n_columns * self->channels;

  copy->min = g_memdup2 (self->min, n * sizeof (float));
  copy->max = g_memdup2 (self->max, n * sizeof (float));
  copy->rms = g_memdup2 (self->rms, n * sizeof (float));
  return copy;
}

G_DEFINE_BOXED_TYPE (LqWaveformSpan, lq_waveform_span, lq_waveform_span_copy, lq_waveform_span_free)

void
lq_waveform_span_free (LqWaveformSpan *self)
{
  if (self == NULL)
    return;
  g_free (self->min);
  g_free (self->max);
  g_free (self->rms);
  g_free (self);
}

static void
span_request_free (gpointer data)
{
  SpanRequest *r = data;

  g_free (r->path);
  g_free (r);
}

LqWaveformSpan *
lq_waveform_span_read (const char *path,
                       gint64 start_frame,
                       gint64 n_frames,
                       guint frames_per_column,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autoptr(LqAudioReader) reader = NULL;
  g_autoptr(LqWaveformSpan) span = NULL;
  g_autofree double *sq = NULL;
  g_autofree float *buf = NULL;
  float *planar[2];
  gint64 total, done = 0;
  gsize cells;

  g_return_val_if_fail (path != NULL, NULL);

  if (n_frames < 1 || n_frames > LQ_WAVEFORM_SPAN_MAX_FRAMES || frames_per_column < 1
      || (n_frames + frames_per_column - 1) / frames_per_column > LQ_WAVEFORM_SPAN_MAX_COLUMNS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Cannot read %lld frames in columns of %u: at most %lld frames and %u columns"),
                   (long long) n_frames, frames_per_column, (long long) LQ_WAVEFORM_SPAN_MAX_FRAMES,
                   (guint) LQ_WAVEFORM_SPAN_MAX_COLUMNS);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  reader = lq_audio_reader_open (path, error);
  if (reader == NULL)
    return NULL;
  total = lq_audio_reader_get_frames (reader);
  if (start_frame < 0 || (total >= 0 && start_frame >= total))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Frame %lld is outside the file"), (long long) start_frame);
      return NULL;
    }
  if (start_frame > 0 && !lq_audio_reader_seek (reader, start_frame, error))
    return NULL;
  if (total >= 0)
    n_frames = MIN (n_frames, total - start_frame);

  span = g_new0 (LqWaveformSpan, 1);
  span->start_frame = start_frame;
  span->frames_per_column = frames_per_column;
  span->channels = lq_audio_reader_get_channels (reader);
  span->sample_rate = lq_audio_reader_get_sample_rate (reader);
  span->n_columns = (guint) ((n_frames + frames_per_column - 1) / frames_per_column);
  cells = (gsize) span->n_columns * span->channels;
  span->min = g_new (float, cells);
  span->max = g_new (float, cells);
  span->rms = g_new0 (float, cells);
  sq = g_new0 (double, cells);
  for (gsize i = 0; i < cells; i++)
    {
      span->min[i] = INFINITY;
      span->max[i] = -INFINITY;
    }
  buf = g_new (float, 2 * READ_FRAMES);
  planar[0] = buf;
  planar[1] = buf + READ_FRAMES;

  while (done < n_frames)
    {
      gssize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      got = lq_audio_reader_read (reader, planar, MIN (READ_FRAMES, n_frames - done), error);
      if (got < 0)
        return NULL;
      if (got == 0)
        break;
      for (guint c = 0; c < span->channels; c++)
        for (gssize i = 0; i < got; i++)
          {
            gsize cell = (gsize) ((done + i) / frames_per_column) * span->channels + c;
            float x = planar[c][i];

            span->min[cell] = MIN (span->min[cell], x);
            span->max[cell] = MAX (span->max[cell], x);
            sq[cell] += (double) x * x;
          }
      done += got;
    }
  if (done == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EMPTY, _("Contains no audio"));
      return NULL;
    }
  /* A file shorter than its header said: the columns that were read. */
  span->n_columns = (guint) ((done + frames_per_column - 1) / frames_per_column);
  for (guint k = 0; k < span->n_columns; k++)
    {
      gint64 len = MIN ((gint64) frames_per_column, done - (gint64) k * frames_per_column);

      for (guint c = 0; c < span->channels; c++)
        span->rms[k * span->channels + c] = (float) sqrt (sq[k * span->channels + c] / len);
    }
  return g_steal_pointer (&span);
}

static void
read_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  SpanRequest *r = task_data;
  GError *error = NULL;
  LqWaveformSpan *span = lq_waveform_span_read (r->path, r->start_frame, r->n_frames,
                                                r->frames_per_column, cancellable, &error);

  if (span == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, span, (GDestroyNotify) lq_waveform_span_free);
}

void
lq_waveform_span_read_async (const char *path,
                             gint64 start_frame,
                             gint64 n_frames,
                             guint frames_per_column,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SpanRequest *r;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_waveform_span_read_async);
  g_task_set_return_on_cancel (task, FALSE);
  r = g_new0 (SpanRequest, 1);
  r->path = g_strdup (path);
  r->start_frame = start_frame;
  r->n_frames = n_frames;
  r->frames_per_column = frames_per_column;
  g_task_set_task_data (task, r, span_request_free);
  g_task_run_in_thread (task, read_thread);
}

LqWaveformSpan *
lq_waveform_span_read_finish (GAsyncResult *result,
                              GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lq_waveform_span_read_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

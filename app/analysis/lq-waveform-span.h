/* lq-waveform-span.h: a stretch of a file's waveform read from the file
 * itself, for zooms finer than the project's cached overview (down to
 * single sample frames).
 *
 * Reading decodes, so it runs on a worker (GTask): the caller, the GTK main
 * thread, only starts it and takes the result. Memory is bounded whatever
 * the span: a span is at most LQ_WAVEFORM_SPAN_MAX_FRAMES frames and
 * LQ_WAVEFORM_SPAN_MAX_COLUMNS columns, the file is read in blocks of a few
 * thousand frames from @start_frame on and only up to the end of the span.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* 2^24 frames: about 6 minutes at 44.1 kHz (the cached overview covers
 * anything wider far better). */
#define LQ_WAVEFORM_SPAN_MAX_FRAMES (G_GINT64_CONSTANT (1) << 24)
#define LQ_WAVEFORM_SPAN_MAX_COLUMNS 65536

#define LQ_TYPE_WAVEFORM_SPAN (lq_waveform_span_get_type ())

/* Column k covers frames [start_frame + k * frames_per_column, + frames_per_column)
 * (the last may be shorter, where the span or the file ends); for each
 * channel c its smallest and largest sample and its RMS (linear, the root of
 * the mean square over the column's frames) are at [k * channels + c]. */
typedef struct
{
  gint64 start_frame;
  guint frames_per_column;
  guint n_columns;
  guint channels;
  guint sample_rate;
  float *min;
  float *max;
  float *rms;
} LqWaveformSpan;

GType lq_waveform_span_get_type (void) G_GNUC_CONST;
void lq_waveform_span_free (LqWaveformSpan *self);

/* Reads @n_frames frames of @path from @start_frame (clipped at the end of
 * the file) in columns of @frames_per_column frames, on this thread.
 * LQ_ERROR_INVALID_VALUE for a span wider than LQ_WAVEFORM_SPAN_MAX_FRAMES,
 * more columns than LQ_WAVEFORM_SPAN_MAX_COLUMNS, a start outside the file
 * or an empty span; G_IO_ERROR_CANCELLED when @cancellable fires. */
LqWaveformSpan *lq_waveform_span_read (const char *path,
                                       gint64 start_frame,
                                       gint64 n_frames,
                                       guint frames_per_column,
                                       GCancellable *cancellable,
                                       GError **error);

/* The same on a worker thread; @callback runs in the thread-default main
 * context of the caller. */
void lq_waveform_span_read_async (const char *path,
                                  gint64 start_frame,
                                  gint64 n_frames,
                                  guint frames_per_column,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
LqWaveformSpan *lq_waveform_span_read_finish (GAsyncResult *result,
                                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqWaveformSpan, lq_waveform_span_free)

G_END_DECLS

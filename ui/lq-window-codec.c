/* lq-window-codec.c: the codec source made on a worker thread (see
 * lq-window-codec.h).
 *
 * The main thread only reads the project into an LqCodecDecodedJob (the
 * render's spec, the cache path); the job holds no project and no track, so
 * the worker, which renders, encodes and decodes, cannot read them. A
 * choice or a track changed cancels the job before a new one starts; a
 * cancelled job's result is dropped without touching the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-window-codec.h"

struct _LqWindowCodec
{
  LqWindowCodecDoneFunc done;
  gpointer user_data;
  GCancellable *cancellable;  /* the job's, or NULL when none runs */
};

static const char *const short_names[LQ_CODEC_N] = {
  /* Translators: the Reference button while it plays the master through a codec */
  N_("MP3 320"),
  N_("MP3 128"),
  N_("Opus 160"),
  N_("Opus 96"),
  N_("Vorbis q5"),
};

static GThread *worker_thread;

/* Worker thread: the job alone (lq-codec-decoded.h). */
static void
lq_window_codec_run_cb (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  const LqCodecDecodedJob *job = task_data;
  GError *error = NULL;
  char *path;

  g_atomic_pointer_set (&worker_thread, g_thread_self ());
  path = lq_codec_decoded_job_run (job, NULL, cancellable, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

/* Main thread. A cancelled job's self may be gone: not touched. */
static void
lq_window_codec_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LqWindowCodec *self = user_data;
  GTask *task = G_TASK (result);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    return;
  g_assert (self->cancellable == cancellable);
  path = g_task_propagate_pointer (task, &error);
  g_clear_object (&self->cancellable);
  self->done (path, error, self->user_data);
}

LqWindowCodec *
_lq_window_codec_new (LqWindowCodecDoneFunc done,
                      gpointer              user_data)
{
  LqWindowCodec *self = g_new0 (LqWindowCodec, 1);

  self->done = done;
  self->user_data = user_data;
  return self;
}

void
_lq_window_codec_free (LqWindowCodec *self)
{
  if (self == NULL)
    return;
  _lq_window_codec_cancel (self);
  g_free (self);
}

void
_lq_window_codec_cancel (LqWindowCodec *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
_lq_window_codec_make (LqWindowCodec *self,
                       LqProject     *project,
                       LqTrack       *track,
                       LqCodec        codec)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LqCodecDecodedJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (track != NULL);
  g_return_if_fail (codec < LQ_CODEC_N);

  _lq_window_codec_cancel (self);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, lq_window_codec_done_cb, self);
  g_task_set_source_tag (task, _lq_window_codec_make);
  /* The project read here, on the main thread */
  job = lq_codec_decoded_job_new (project, track, codec, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) lq_codec_decoded_job_free);
  g_task_run_in_thread (task, lq_window_codec_run_cb);
}

gboolean
_lq_window_codec_is_busy (LqWindowCodec *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->cancellable != NULL;
}

const char *
_lq_window_codec_get_short_name (LqCodec codec)
{
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);

  return _(short_names[codec]);
}

GThread *
_lq_window_codec_get_worker_thread (void)
{
  return g_atomic_pointer_get (&worker_thread);
}

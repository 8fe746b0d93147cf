/* lq-codec-preview-async.c: lq_codec_preview_project_async() (see
 * lq-codec-preview.h): the project copied on the calling thread, the
 * preview run from the copy on a worker, its progress handed to the
 * caller's main context, as lq_release_run_async() does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-codec-preview.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-progress-relay.h"

typedef struct
{
  double fraction;
} PreviewProgress;

typedef struct
{
  LqCodecPreviewProgressFunc func;
  gpointer data;
  double last;               /* delivered: never goes back */
} PreviewListener;

typedef struct
{
  GMainContext *context;     /* the caller's */
  LqProgressRelay *relay;    /* NULL without progress */
  PreviewListener *listener; /* owned by the relay */

  LqCodecPreviewOptions options;
  char *temp_dir;
  char *project_path;
  char *copy_path;           /* NULL for a read-only project */

  GPtrArray *tracks;
  GError *error;
} AsyncPreview;

static void
async_preview_free (AsyncPreview *a)
{
  g_clear_pointer (&a->relay, lq_progress_relay_free);
  g_main_context_unref (a->context);
  g_free (a->temp_dir);
  g_free (a->project_path);
  g_free (a->copy_path);
  g_clear_pointer (&a->tracks, g_ptr_array_unref);
  g_clear_error (&a->error);
  g_free (a);
}

static void
async_progress_deliver (gconstpointer values,
                        gpointer user_data)
{
  const PreviewProgress *p = values;
  PreviewListener *l = user_data;

  if (p->fraction < l->last)
    return;
  l->last = p->fraction;
  l->func (p->fraction, l->data);
}

/* On the worker: keeps the newest, and schedules its delivery. */
static void
async_progress_cb (double fraction,
                   gpointer user_data)
{
  AsyncPreview *a = user_data;
  PreviewProgress p = { CLAMP (fraction, 0.0, 1.0) };

  lq_progress_relay_post (a->relay, &p);
}

/* On the caller's context, once the worker is done: the last progress,
 * then the result. */
static gboolean
async_complete_idle (gpointer user_data)
{
  GTask *task = user_data;
  AsyncPreview *a = g_task_get_task_data (task);

  if (a->relay != NULL)
    lq_progress_relay_flush (a->relay);
  if (a->tracks != NULL)
    g_task_return_pointer (task, g_steal_pointer (&a->tracks), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&a->error));
  return G_SOURCE_REMOVE;
}

static gpointer
preview_thread (gpointer user_data)
{
  GTask *task = user_data;
  AsyncPreview *a = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  {
    g_autoptr(LqProject) copy = lq_project_open (a->copy_path != NULL ? a->copy_path : a->project_path,
                                                 TRUE, &a->error);

    if (copy != NULL)
      a->tracks = lq_codec_preview_project (copy, NULL, &a->options, cancellable,
                                            a->relay != NULL ? async_progress_cb : NULL, a, &a->error);
    if (a->tracks != NULL && a->relay != NULL)
      {
        PreviewProgress done = { 1.0 };

        lq_progress_relay_post (a->relay, &done);
      }
  }
  if (a->copy_path != NULL)
    lq_project_remove_worker_copy (a->copy_path);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, async_complete_idle, task, g_object_unref);
  g_source_attach (source, a->context);
  g_source_unref (source);
  return NULL;
}

void
lq_codec_preview_project_async (LqProject *project,
                                const LqCodecPreviewOptions *options,
                                GCancellable *cancellable,
                                LqCodecPreviewProgressFunc progress,
                                gpointer progress_data,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AsyncPreview *a;

  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_codec_preview_project_async);
  a = g_new0 (AsyncPreview, 1);
  a->context = g_main_context_ref_thread_default ();
  if (options != NULL)
    a->options = *options;
  else
    lq_codec_preview_options_init (&a->options);
  a->temp_dir = g_strdup (a->options.temp_dir);
  a->options.temp_dir = a->temp_dir;
  if (progress != NULL)
    {
      a->listener = g_new0 (PreviewListener, 1);
      a->listener->func = progress;
      a->listener->data = progress_data;
      a->relay = lq_progress_relay_new (NULL, sizeof (PreviewProgress), async_progress_deliver,
                                        a->listener, g_free);
    }
  a->project_path = g_strdup (lq_project_get_path (project));
  g_task_set_task_data (task, a, (GDestroyNotify) async_preview_free);

  /* A copy of a project open for writing, so that the user may go on
   * editing; one open read-only cannot change under the worker */
  if (!lq_project_get_read_only (project))
    a->copy_path = lq_project_save_worker_copy (project, "codecs", &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_thread_unref (g_thread_new ("lq-codec-preview", preview_thread, g_object_ref (task)));
}

GPtrArray *
lq_codec_preview_project_finish (LqProject *project,
                                 GAsyncResult *result,
                                 GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The summary ------------------------------------------------------------ */

char *
lq_codec_preview_get_summary (GPtrArray *tracks)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_return_val_if_fail (tracks != NULL, NULL);

  for (guint c = 0; c < LQ_CODEC_N; c++)
    {
      guint n_over = 0;
      double reduction = 0.0;

      for (guint i = 0; i < tracks->len; i++)
        {
          const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

          for (guint j = 0; j < t->results->len; j++)
            {
              const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, j);

              if (r->codec != c || !lq_codec_result_is_over (r))
                continue;
              n_over++;
              reduction = MAX (reduction, r->ceiling_reduction_db);
            }
        }
      if (n_over == 0)
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      /* TRANSLATORS: "MP3 128 kbit/s takes 2 tracks over 0 dBTP: lower the
       * ceiling by 0.6 dB" */
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "%s takes %u track over 0 dBTP: lower the ceiling by %.1f dB",
                                              "%s takes %u tracks over 0 dBTP: lower the ceiling by %.1f dB",
                                              n_over),
                              lq_codec_get_label (c), n_over, reduction);
    }
  if (s->len == 0)
    return g_strdup (_("No codec takes a track over 0 dBTP"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

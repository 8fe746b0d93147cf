/* lq-release-job-async.c: lq_release_run_async() (see lq-release-job.h):
 * the project copied on the calling thread, the release run from the copy
 * on a worker, its progress handed to the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-release-job.h"
#include "lq-release-job-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lq-error.h"

/* Asynchronous release --------------------------------------------------- */

typedef struct
{
  gint ref_count;
  GMainContext *context;
  LqReleaseProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_data_free;
  /* The newest progress, handed to the caller's context; one idle source
   * at a time. */
  GMutex lock;
  LqReleaseStep step;
  double step_fraction;
  double fraction;
  gboolean pending;

  /* What the worker reads: the plan's settings, and the copy */
  char *out_dir;
  LqReleaseOptions options;
  char *name_template;
  char *project_path;
  char *copy_path;

  LqReleaseResult *result;
  GError *error;
} AsyncRelease;

static AsyncRelease *
async_release_ref (AsyncRelease *a)
{
  g_atomic_int_inc (&a->ref_count);
  return a;
}

static void
async_release_unref (AsyncRelease *a)
{
  if (!g_atomic_int_dec_and_test (&a->ref_count))
    return;
  if (a->progress_data_free != NULL)
    a->progress_data_free (a->progress_data);
  g_main_context_unref (a->context);
  g_mutex_clear (&a->lock);
  g_free (a->out_dir);
  g_free (a->name_template);
  g_free (a->project_path);
  g_free (a->copy_path);
  g_clear_pointer (&a->result, lq_release_result_free);
  g_clear_error (&a->error);
  g_free (a);
}

/* Hands the newest progress to the caller, if there is one not handed yet. */
static void
async_flush_progress (AsyncRelease *a)
{
  LqReleaseStep step;
  double step_fraction, fraction;
  gboolean pending;

  g_mutex_lock (&a->lock);
  step = a->step;
  step_fraction = a->step_fraction;
  fraction = a->fraction;
  pending = a->pending;
  a->pending = FALSE;
  g_mutex_unlock (&a->lock);
  if (pending)
    a->progress (step, step_fraction, fraction, a->progress_data);
}

static gboolean
async_progress_idle (gpointer user_data)
{
  async_flush_progress (user_data);
  return G_SOURCE_REMOVE;
}

/* On the worker: keeps the newest, and schedules its delivery. */
static void
async_progress_cb (LqReleaseStep step,
                   double step_fraction,
                   double fraction,
                   gpointer user_data)
{
  AsyncRelease *a = user_data;
  gboolean schedule;

  g_mutex_lock (&a->lock);
  a->step = step;
  a->step_fraction = step_fraction;
  a->fraction = fraction;
  schedule = !a->pending;
  a->pending = TRUE;
  g_mutex_unlock (&a->lock);
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, async_progress_idle, async_release_ref (a),
                             (GDestroyNotify) async_release_unref);
      g_source_attach (source, a->context);
      g_source_unref (source);
    }
}

/* On the caller's context, once the worker is done: the last progress,
 * then the result. */
static gboolean
async_complete_idle (gpointer user_data)
{
  GTask *task = user_data;
  AsyncRelease *a = g_task_get_task_data (task);

  if (a->progress != NULL)
    async_flush_progress (a);
  if (a->result != NULL)
    g_task_return_pointer (task, g_steal_pointer (&a->result), (GDestroyNotify) lq_release_result_free);
  else
    g_task_return_error (task, g_steal_pointer (&a->error));
  return G_SOURCE_REMOVE;
}

static void
remove_copy (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
}

static gpointer
release_thread (gpointer user_data)
{
  GTask *task = user_data;
  AsyncRelease *a = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  {
    g_autoptr(LqProject) copy = lq_project_open (a->copy_path, TRUE, &a->error);
    g_autoptr(LqReleasePlan) plan = NULL;

    if (copy != NULL)
      plan = lq_release_plan_new (copy, a->out_dir, &a->options, &a->error);
    if (plan != NULL)
      {
        /* The manifest names the project, not its copy */
        g_free (plan->project_path);
        plan->project_path = g_strdup (a->project_path);
        a->result = lq_release_run (copy, plan, cancellable, a->progress != NULL ? async_progress_cb : NULL,
                                 a, &a->error);
      }
  }
  remove_copy (a->copy_path);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, async_complete_idle, task, g_object_unref);
  g_source_attach (source, a->context);
  g_source_unref (source);
  return NULL;
}

/* A new file for the project's copy: beside it, so that its relative
 * sources resolve the same; in the temporary folder when the project's
 * folder is read-only. */
static char *
create_copy_path (const char *project_path,
                  GError **error)
{
  g_autofree char *dir = g_path_get_dirname (project_path);
  g_autofree char *base = g_path_get_basename (project_path);
  g_autofree char *name = g_strdup_printf (".%s.release-XXXXXX", base);
  const char *dirs[] = { dir, g_get_tmp_dir () };
  int saved = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], name, NULL);
      int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&path);
        }
      saved = errno;
    }
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot save a copy of “%s”: %s"), project_path,
               g_strerror (saved));
  return NULL;
}

void
lq_release_run_async (LqProject *project,
                      LqReleasePlan *plan,
                      GCancellable *cancellable,
                      LqReleaseProgressFunc progress,
                      gpointer progress_data,
                      GDestroyNotify progress_data_free,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AsyncRelease *a;

  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (plan != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_release_run_async);
  /* Cancelled, it still gives the result (cancelled, what was written) */
  g_task_set_check_cancellable (task, FALSE);
  a = g_new0 (AsyncRelease, 1);
  a->ref_count = 1;
  a->context = g_main_context_ref_thread_default ();
  g_mutex_init (&a->lock);
  a->progress = progress;
  a->progress_data = progress_data;
  a->progress_data_free = progress_data_free;
  a->out_dir = g_strdup (plan->out_dir);
  a->options.parts = plan->parts;
  a->options.image_format = plan->image_format;
  /* The files' options as given: the worker applies the target again */
  a->options.files = plan->files;
  a->name_template = g_strdup (plan->name_template);
  a->options.files.name_template = a->name_template;
  a->options.files_bits_given = plan->files_bits_given;
  a->project_path = g_strdup (lq_project_get_path (project));
  g_task_set_task_data (task, a, (GDestroyNotify) async_release_unref);

  a->copy_path = create_copy_path (a->project_path, &error);
  if (a->copy_path != NULL && !lq_project_save_copy (project, a->copy_path, &error))
    remove_copy (a->copy_path);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_thread_unref (g_thread_new ("lq-release", release_thread, g_object_ref (task)));
}

LqReleaseResult *
lq_release_run_finish (LqProject *project,
                       GAsyncResult *result,
                       GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

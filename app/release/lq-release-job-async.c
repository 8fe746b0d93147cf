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
#include "lq-progress-relay.h"

/* Asynchronous release --------------------------------------------------- */

/* What the worker posts to the caller's context (lq-progress-relay.h), and
 * whom the relay hands it to: the relay owns the listener (and frees the
 * caller's data with it). */
typedef struct
{
  LqReleaseStep step;
  double step_fraction;
  double fraction;
} ReleaseProgress;

typedef struct
{
  LqReleaseProgressFunc func;
  gpointer data;
  GDestroyNotify data_free;
} ReleaseListener;

typedef struct
{
  GMainContext *context;    /* the caller's */
  LqProgressRelay *relay;   /* NULL without progress */

  /* What the worker reads: the plan's settings, and the copy */
  char *out_dir;
  LqReleaseOptions options;
  char *name_template;
  char *project_path;
  char *copy_path;

  LqReleaseResult *result;
  GError *error;
  /* The export records the files step left in the copy (ExportRecord),
   * for the caller's project */
  GPtrArray *records;
} AsyncRelease;

typedef struct
{
  gint64 track_id;
  LqExportRecord *record;
} ExportRecord;

static void
async_release_free (AsyncRelease *a)
{
  g_clear_pointer (&a->relay, lq_progress_relay_free);
  g_main_context_unref (a->context);
  g_free (a->out_dir);
  g_free (a->name_template);
  g_free (a->project_path);
  g_free (a->copy_path);
  g_clear_pointer (&a->result, lq_release_result_free);
  g_clear_error (&a->error);
  g_clear_pointer (&a->records, g_ptr_array_unref);
  g_free (a);
}

static void
export_record_free (ExportRecord *r)
{
  lq_export_record_free (r->record);
  g_free (r);
}

static void
release_listener_free (ReleaseListener *l)
{
  if (l->data_free != NULL)
    l->data_free (l->data);
  g_free (l);
}

static void
async_progress_deliver (gconstpointer values,
                        gpointer user_data)
{
  const ReleaseProgress *p = values;
  const ReleaseListener *l = user_data;

  l->func (p->step, p->step_fraction, p->fraction, l->data);
}

/* On the worker: keeps the newest, and schedules its delivery. */
static void
async_progress_cb (LqReleaseStep step,
                   double step_fraction,
                   double fraction,
                   gpointer user_data)
{
  AsyncRelease *a = user_data;
  ReleaseProgress p = { step, step_fraction, fraction };

  lq_progress_relay_post (a->relay, &p);
}

/* On the worker, after the run: the records lq_export_album() made in
 * @copy (lq_project_record_export()) of the files the release delivered:
 * the copy is open read-only, so they are its in-memory ones. */
static GPtrArray *
collect_records (LqProject *copy,
                 const LqReleaseResult *result)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) export_record_free);

  for (guint i = 0; result->file_results != NULL && i < result->file_results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (result->file_results, i);
      LqTrack *track;
      g_autoptr(LqExportRecord) record = NULL;
      ExportRecord *e;

      /* As lq_export_album() records them */
      if (r->error != NULL || r->analysis == NULL || r->path == NULL)
        continue;
      track = lq_project_get_track (copy, r->position);
      if (track != NULL)
        record = lq_project_get_last_export (copy, track);
      if (record == NULL || g_strcmp0 (record->path, r->path) != 0)
        continue;
      e = g_new0 (ExportRecord, 1);
      e->track_id = lq_track_get_id (track);
      e->record = g_steal_pointer (&record);
      g_ptr_array_add (records, e);
    }
  return g_steal_pointer (&records);
}

/* On the caller's context: the delivered files' records in the caller's
 * project, as a blocking release leaves them (a read-only project keeps
 * them in memory). A record that cannot be stored loses only what the
 * table shows, not the release. */
static void
record_exports (LqProject *project,
                GPtrArray *records)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const ExportRecord *e = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;

      if (!lq_project_record_export (project, e->track_id, e->record, &error))
        g_warning ("%s: cannot record the export of %s: %s", lq_project_get_path (project),
                   e->record->path, error->message);
    }
}

/* On the caller's context, once the worker is done: the last progress,
 * the export records, then the result. */
static gboolean
async_complete_idle (gpointer user_data)
{
  GTask *task = user_data;
  AsyncRelease *a = g_task_get_task_data (task);

  if (a->relay != NULL)
    lq_progress_relay_flush (a->relay);
  record_exports (g_task_get_source_object (task), a->records);
  if (a->result != NULL)
    g_task_return_pointer (task, g_steal_pointer (&a->result), (GDestroyNotify) lq_release_result_free);
  else
    g_task_return_error (task, g_steal_pointer (&a->error));
  return G_SOURCE_REMOVE;
}

static gpointer
release_thread (gpointer user_data)
{
  GTask *task = user_data;
  AsyncRelease *a = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  {
    /* A read-only project nobody here can edit is read as it is */
    g_autoptr(LqProject) copy = lq_project_open (a->copy_path != NULL ? a->copy_path : a->project_path,
                                                 TRUE, &a->error);
    g_autoptr(LqReleasePlan) plan = NULL;

    if (copy != NULL)
      plan = lq_release_plan_new (copy, a->out_dir, &a->options, &a->error);
    if (plan != NULL)
      {
        /* The manifest names the project, not its copy */
        g_free (plan->project_path);
        plan->project_path = g_strdup (a->project_path);
        a->result = lq_release_run (copy, plan, cancellable, a->relay != NULL ? async_progress_cb : NULL, a,
                                    &a->error);
        if (a->result != NULL)
          a->records = collect_records (copy, a->result);
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
  a->context = g_main_context_ref_thread_default ();
  if (progress != NULL)
    {
      ReleaseListener *l = g_new (ReleaseListener, 1);

      l->func = progress;
      l->data = progress_data;
      l->data_free = progress_data_free;
      a->relay = lq_progress_relay_new (NULL, sizeof (ReleaseProgress), async_progress_deliver, l,
                                        (GDestroyNotify) release_listener_free);
    }
  else if (progress_data_free != NULL)
    progress_data_free (progress_data);
  a->out_dir = g_strdup (plan->out_dir);
  a->options.parts = plan->parts;
  a->options.image_format = plan->image_format;
  /* The files' options as given: the worker applies the target again */
  a->options.files = plan->files;
  a->name_template = g_strdup (plan->name_template);
  a->options.files.name_template = a->name_template;
  a->options.files_bits_given = plan->files_bits_given;
  a->project_path = g_strdup (lq_project_get_path (project));
  g_task_set_task_data (task, a, (GDestroyNotify) async_release_free);

  /* A copy of a project open for writing, so that the user may go on
   * editing; one open read-only cannot change under the worker */
  if (!lq_project_get_read_only (project))
    a->copy_path = lq_project_save_worker_copy (project, "release", &error);
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

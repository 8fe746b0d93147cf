/* lq-master-gains.c: solving the gains playback plays (see the header). */
#include "config.h"

#include <math.h>

#include "lq-export.h"
#include "lq-master-gains.h"
#include "lq-render-gain.h"
#include "lq-render.h"

typedef struct
{
  LqTrack *track;
  char *key;
  LqRenderSpec spec;
  double gain_db;
} Job;

typedef struct
{
  LqRenderOptions options;
  GArray *jobs;   /* Job */
} SolveData;

static void
job_clear (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->track);
  g_free (job->key);
  lq_render_spec_clear (&job->spec);
}

static void
solve_data_free (SolveData *d)
{
  g_array_unref (d->jobs);
  g_free (d);
}

GPtrArray *
lq_master_gains_missing (LqProject *project,
                         GPtrArray *tracks)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = tracks != NULL ? tracks->len : 0;
  g_autofree LqRenderSpec *specs = g_new0 (LqRenderSpec, MAX (n, 1));
  g_autofree LqRenderSpec **spec_ptrs = g_new0 (LqRenderSpec *, MAX (n, 1));

  g_return_val_if_fail (LQ_IS_PROJECT (project), missing);

  if (n == 0)
    return missing;
  for (guint i = 0; i < n; i++)
    spec_ptrs[i] = &specs[i];
  (void) lq_render_specs_init_playback (project, (LqTrack *const *) tracks->pdata, n, spec_ptrs);
  for (guint i = 0; i < n; i++)
    {
      /* Not solved: the spec still has the plan's gain, not the solved. */
      if (isfinite (specs[i].target_lufs) && specs[i].chain.limiter_enabled && !specs[i].has_start_gain)
        g_ptr_array_add (missing, g_object_ref (g_ptr_array_index (tracks, i)));
      lq_render_spec_clear (&specs[i]);
    }
  return missing;
}

/* On the project's thread: what to solve, read from the project. */
static SolveData *
prepare (LqProject *project,
         GPtrArray *tracks)
{
  g_autoptr(GPtrArray) missing = lq_master_gains_missing (project, tracks);
  SolveData *d = g_new0 (SolveData, 1);

  lq_export_get_default_render_options (project, &d->options);
  d->jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  g_array_set_clear_func (d->jobs, job_clear);
  for (guint i = 0; i < missing->len; i++)
    {
      Job job = { 0 };

      job.track = g_object_ref (g_ptr_array_index (missing, i));
      /* As the export renders it (its level), the plan's gain. */
      (void) lq_render_spec_init_playback (&job.spec, project, job.track);
      job.key = lq_render_gain_key (job.track, &job.spec, &d->options);
      job.gain_db = NAN;
      g_array_append_val (d->jobs, job);
    }
  return d;
}

/* Any thread: the render passes. */
static gboolean
solve (SolveData *d,
       GCancellable *cancellable,
       GError **error)
{
  for (guint i = 0; i < d->jobs->len; i++)
    {
      Job *job = &g_array_index (d->jobs, Job, i);

      if (!lq_render_solve_gain (&job->spec, &d->options, &job->gain_db, NULL, NULL, NULL,
                                 cancellable, error))
        {
          g_prefix_error (error, "%s: ", lq_track_get_path (job->track));
          return FALSE;
        }
    }
  return TRUE;
}

/* On the project's thread again. */
static guint
store (LqProject *project,
       SolveData *d)
{
  guint n = 0;

  for (guint i = 0; i < d->jobs->len; i++)
    {
      Job *job = &g_array_index (d->jobs, Job, i);

      if (!isfinite (job->gain_db))
        continue;
      lq_project_set_solved_gain (project, job->track, job->key, job->gain_db);
      n++;
    }
  return n;
}

gboolean
lq_master_gains_solve (LqProject *project,
                       GPtrArray *tracks,
                       GCancellable *cancellable,
                       guint *n_solved,
                       GError **error)
{
  SolveData *d;
  gboolean ok;
  guint n = 0;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);

  d = prepare (project, tracks);
  ok = solve (d, cancellable, error);
  if (ok)
    n = store (project, d);
  solve_data_free (d);
  if (n_solved != NULL)
    *n_solved = n;
  return ok;
}

static void
solve_thread (GTask *task,
              gpointer source_object,
              gpointer task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (!solve (task_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lq_master_gains_solve_async (LqProject *project,
                             GPtrArray *tracks,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LQ_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_master_gains_solve_async);
  g_task_set_task_data (task, prepare (project, tracks), (GDestroyNotify) solve_data_free);
  g_task_run_in_thread (task, solve_thread);
}

gboolean
lq_master_gains_solve_finish (LqProject *project,
                              GAsyncResult *result,
                              guint *n_solved,
                              GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);

  if (n_solved != NULL)
    *n_solved = 0;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_solved != NULL)
    *n_solved = store (project, g_task_get_task_data (G_TASK (result)));
  else
    (void) store (project, g_task_get_task_data (G_TASK (result)));
  return TRUE;
}

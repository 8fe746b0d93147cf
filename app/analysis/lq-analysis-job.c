/* lq-analysis-job.c: a pool of workers over a list of files.
 *
 * Workers own nothing of the job's GObject state: each writes only its own
 * slot (result or error, and an atomic progress value) and then hands the
 * file index to the job's main context, where signals are emitted and, after
 * the last file, the album is computed and the task returns.
 */
#include "config.h"

#include "lq-analysis-job.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lq-analyzer.h"

#define PROGRESS_SCALE 1000000

struct _LqAnalysisJob
{
  GObject parent_instance;

  GStrv paths;
  guint n_files;
  guint n_workers;

  /* Per file; slot i written by one worker only, read after its completion. */
  LqTrackAnalysis **tracks;
  GError **errors;
  gboolean hash_sources;
  char **fingerprints;     /* with hash_sources */
  LqSourceStat *stats;
  gint *progress;          /* atomic, 0..PROGRESS_SCALE */
  double *weights;         /* file size share, sums to 1 */

  GTask *task;             /* while running */
  GThreadPool *pool;
  GSource *progress_source;
  guint n_done;            /* main context only */
  double last_progress;
  LqAlbumAnalysis *album;
};

G_DEFINE_FINAL_TYPE (LqAnalysisJob, lq_analysis_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  TRACK_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  LqAnalysisJob *job;
  guint index;
} WorkerProgress;

typedef struct
{
  LqAnalysisJob *job;   /* strong */
  guint index;
} FileDone;

static void
worker_progress (double fraction,
                 gpointer user_data)
{
  WorkerProgress *wp = user_data;

  g_atomic_int_set (&wp->job->progress[wp->index], (gint) (fraction * PROGRESS_SCALE));
}

static void
finish (LqAnalysisJob *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GPtrArray) tracks = g_ptr_array_new ();
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* Every file is done: this only waits for the last worker to return. */
  if (self->pool != NULL)
    {
      g_thread_pool_free (self->pool, FALSE, TRUE);
      self->pool = NULL;
    }
  if (self->progress_source != NULL)
    {
      g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
    }

  for (guint i = 0; i < self->n_files; i++)
    g_ptr_array_add (tracks, self->tracks[i]);
  g_clear_object (&self->album);
  self->album = lq_album_analysis_new (tracks);

  self->last_progress = 1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Analysis cancelled"));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
file_done_cb (gpointer user_data)
{
  FileDone *fd = user_data;
  LqAnalysisJob *self = fd->job;

  self->n_done++;
  g_signal_emit (self, signals[TRACK_DONE], 0, fd->index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  if (self->n_done == self->n_files)
    finish (self);

  return G_SOURCE_REMOVE;
}

static void
file_done_free (gpointer data)
{
  FileDone *fd = data;

  g_object_unref (fd->job);
  g_free (fd);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  LqAnalysisJob *self = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  WorkerProgress wp = { self, index };
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  FileDone *fd;

  if (self->hash_sources)
    self->tracks[index] = lq_source_analyze (self->paths[index], cancellable, worker_progress, &wp,
                                             &self->fingerprints[index], &self->stats[index],
                                             &self->errors[index]);
  else
    self->tracks[index] = lq_analyze_file (self->paths[index], cancellable,
                                           worker_progress, &wp, &self->errors[index]);
  g_atomic_int_set (&self->progress[index], PROGRESS_SCALE);

  fd = g_new (FileDone, 1);
  fd->job = g_object_ref (self);
  fd->index = index;
  /* Always queued, never run here: g_main_context_invoke() would run it on
   * this worker when nobody owns the context at that instant, and finish()
   * would then wait for its own pool. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, file_done_cb, fd, file_done_free);
    g_source_set_static_name (source, "[lacquer] analysis file done");
    g_source_attach (source, g_task_get_context (self->task));
    g_source_unref (source);
  }
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  LqAnalysisJob *self = user_data;
  double p = lq_analysis_job_get_progress (self);

  if (p != self->last_progress)
    {
      self->last_progress = p;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_CONTINUE;
}

static void
lq_analysis_job_dispose (GObject *object)
{
  LqAnalysisJob *self = (LqAnalysisJob *) object;

  g_clear_object (&self->album);

  G_OBJECT_CLASS (lq_analysis_job_parent_class)->dispose (object);
}

static void
lq_analysis_job_finalize (GObject *object)
{
  LqAnalysisJob *self = (LqAnalysisJob *) object;

  for (guint i = 0; i < self->n_files; i++)
    {
      g_clear_object (&self->tracks[i]);
      g_clear_error (&self->errors[i]);
      g_free (self->fingerprints[i]);
    }
  g_free (self->fingerprints);
  g_free (self->stats);
  g_free (self->tracks);
  g_free (self->errors);
  g_free (self->progress);
  g_free (self->weights);
  g_strfreev (self->paths);

  G_OBJECT_CLASS (lq_analysis_job_parent_class)->finalize (object);
}

static void
lq_analysis_job_get_property (GObject *object,
                              guint prop_id,
                              GValue *value,
                              GParamSpec *pspec)
{
  LqAnalysisJob *self = LQ_ANALYSIS_JOB (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, lq_analysis_job_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_analysis_job_class_init (LqAnalysisJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lq_analysis_job_dispose;
  object_class->finalize = lq_analysis_job_finalize;
  object_class->get_property = lq_analysis_job_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted on the job's main context when file @index is done (either way). */
  signals[TRACK_DONE] =
    g_signal_new ("track-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
lq_analysis_job_init (LqAnalysisJob *self)
{
}

LqAnalysisJob *
lq_analysis_job_new (const char *const *paths,
                     guint n_workers)
{
  LqAnalysisJob *self;
  double total = 0.0;

  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (LQ_TYPE_ANALYSIS_JOB, NULL);
  self->paths = g_strdupv ((char **) paths);
  self->n_files = g_strv_length (self->paths);
  self->n_workers = n_workers > 0 ? n_workers : g_get_num_processors ();
  self->tracks = g_new0 (LqTrackAnalysis *, self->n_files);
  self->errors = g_new0 (GError *, self->n_files);
  self->fingerprints = g_new0 (char *, self->n_files);
  self->stats = g_new0 (LqSourceStat, self->n_files);
  self->progress = g_new0 (gint, self->n_files);
  self->weights = g_new0 (double, self->n_files);

  /* Weigh progress by file size: decoding time follows it. */
  for (guint i = 0; i < self->n_files; i++)
    {
      GStatBuf st;

      self->weights[i] = g_stat (self->paths[i], &st) == 0 && S_ISREG (st.st_mode)
        ? MAX (1.0, (double) st.st_size) : 1.0;
      total += self->weights[i];
    }
  for (guint i = 0; i < self->n_files; i++)
    self->weights[i] /= total;

  return self;
}

void
lq_analysis_job_set_hash_sources (LqAnalysisJob *self,
                                  gboolean hash)
{
  g_return_if_fail (LQ_IS_ANALYSIS_JOB (self));
  g_return_if_fail (self->task == NULL);
  self->hash_sources = hash;
}

const char *
lq_analysis_job_get_fingerprint (LqAnalysisJob *self,
                                 guint i)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  g_return_val_if_fail (i < self->n_files, NULL);
  return self->tracks[i] != NULL ? self->fingerprints[i] : NULL;
}

const LqSourceStat *
lq_analysis_job_get_source_stat (LqAnalysisJob *self,
                                 guint i)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  g_return_val_if_fail (i < self->n_files, NULL);
  return self->tracks[i] != NULL && self->fingerprints[i] != NULL ? &self->stats[i] : NULL;
}

guint
lq_analysis_job_get_n_files (LqAnalysisJob *self)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), 0);
  return self->n_files;
}

const char *
lq_analysis_job_get_path (LqAnalysisJob *self,
                          guint i)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  g_return_val_if_fail (i < self->n_files, NULL);
  return self->paths[i];
}

guint
lq_analysis_job_get_n_workers (LqAnalysisJob *self)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), 0);
  return self->n_workers;
}

double
lq_analysis_job_get_progress (LqAnalysisJob *self)
{
  double p = 0.0;

  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), 0.0);

  if (self->n_files == 0)
    return 1.0;
  for (guint i = 0; i < self->n_files; i++)
    p += self->weights[i] * g_atomic_int_get (&self->progress[i]) / (double) PROGRESS_SCALE;
  return CLAMP (p, 0.0, 1.0);
}

void
lq_analysis_job_run_async (LqAnalysisJob *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LQ_IS_ANALYSIS_JOB (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, lq_analysis_job_run_async);
  self->n_done = 0;

  if (self->n_files == 0)
    {
      finish (self);
      return;
    }

  self->progress_source = g_timeout_source_new (100);
  g_source_set_callback (self->progress_source, progress_tick_cb, self, NULL);
  g_source_attach (self->progress_source, g_task_get_context (self->task));

  self->pool = g_thread_pool_new (worker_func, self, MIN (self->n_workers, self->n_files),
                                  FALSE, &error);
  g_assert_no_error (error);   /* only exclusive pools can fail to start */

  /* In album order, so the first tracks are done first. */
  for (guint i = 0; i < self->n_files; i++)
    g_thread_pool_push (self->pool, GUINT_TO_POINTER (i + 1), NULL);
}

gboolean
lq_analysis_job_run_finish (LqAnalysisJob *self,
                            GAsyncResult *result,
                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_sync_cb (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
lq_analysis_job_run (LqAnalysisJob *self,
                     GCancellable *cancellable,
                     GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), FALSE);

  g_main_context_push_thread_default (context);
  lq_analysis_job_run_async (self, cancellable, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return lq_analysis_job_run_finish (self, result, error);
}

LqTrackAnalysis *
lq_analysis_job_get_track (LqAnalysisJob *self,
                           guint i)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  g_return_val_if_fail (i < self->n_files, NULL);
  return self->tracks[i];
}

const GError *
lq_analysis_job_get_error (LqAnalysisJob *self,
                           guint i)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  g_return_val_if_fail (i < self->n_files, NULL);
  return self->errors[i];
}

guint
lq_analysis_job_get_n_failed (LqAnalysisJob *self)
{
  guint n = 0;

  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), 0);
  for (guint i = 0; i < self->n_files; i++)
    n += self->errors[i] != NULL;
  return n;
}

LqAlbumAnalysis *
lq_analysis_job_get_album (LqAnalysisJob *self)
{
  g_return_val_if_fail (LQ_IS_ANALYSIS_JOB (self), NULL);
  return self->album;
}

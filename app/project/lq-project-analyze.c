/* lq-project-analyze.c: measuring the album's tracks into the project.
 *
 * Each file is hashed in the same pass that measures it (lq_source_analyze()),
 * and its analysis is cached under THAT hash: the hash of the audio that was
 * measured, never the one the track stored (a file replaced just before or
 * while it was measured shows as changed, its analysis is not attached).
 *
 * Every track's result is committed as soon as that track is done, not at
 * the end: an analysis killed part-way keeps the tracks it finished.
 *
 * With LQ_ANALYZE_ACCEPT_CHANGED a changed track is measured too, and taking
 * its new file (fingerprint, identity, length) is one undoable edit per
 * track, "Accept Changed Source of Track N": undoing it brings the old
 * fingerprint back and the track shows as changed again.
 *
 * A project open read-only is measured into memory: its tracks get their
 * analyses for as long as it is open, nothing is written.
 *
 * Also here: the album's analysis, all tracks gated as one programme.
 *
 * May call: lq-project-commit.c (the edit core), lq-project-model.c
 * (getters, progress), lq-project-sources.c (identity, recheck), the store,
 * the analysis library.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lq-analysis-job.h"
#include "lq-analysis-json.h"
#include "lq-error.h"
#include "lq-project-private.h"
#include "lq-track-private.h"
#include "lq-waveform.h"



/* One analysis of the album, from the start of the job to its end. */
typedef struct
{
  LqProject *project;
  LqAnalysisJob *job;
  GPtrArray *todo;           /* LqTrack, one per file of the job */
  gboolean accept_changed;
  GError *error;             /* the first failure */
} AnalyzeRun;

static void
analyze_run_free (AnalyzeRun *run)
{
  /* Tracks the run did not get to (it was cancelled) wait no longer. */
  for (guint i = 0; run->todo != NULL && i < run->todo->len; i++)
    if (lq_track_get_state (g_ptr_array_index (run->todo, i)) == LQ_TRACK_STATE_ANALYSING)
      _lq_track_set_state (g_ptr_array_index (run->todo, i), LQ_TRACK_STATE_READY, NULL);
  if (run->job != NULL)
    g_signal_handlers_disconnect_matched (run->job, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, run);
  g_clear_object (&run->job);
  g_clear_pointer (&run->todo, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_object (&run->project);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnalyzeRun, analyze_run_free)

typedef struct
{
  gint64 id;
  const char *fingerprint;
  const LqSourceStat *stat;
  double duration;
  LqCacheData cache;
} AcceptData;

/* The track takes the file it was measured from: its fingerprint, identity
 * and length (undoable), and the analysis is cached under it. */
static gboolean
accept_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  AcceptData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "UPDATE track SET source_size = ?1, source_mtime = ?2, source_mtime_ns = ?3, source_ctime_ns = ?4, "
    "source_inode = ?5, source_fingerprint = ?6, duration_s = ?7 WHERE id = ?8", error);

  if (stmt == NULL)
    return FALSE;
  _lq_project_bind_identity (stmt, 1, d->stat);
  sqlite3_bind_text (stmt, 6, d->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 7, d->duration);
  sqlite3_bind_int64 (stmt, 8, d->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return _lq_project_cache_edit (store, &d->cache, error);
}

/* @analysis as measured through /proc/self/fd, under the track's own path. */
static LqTrackAnalysis *
with_path (LqTrackAnalysis *analysis,
           const char *path)
{
  g_autoptr(JsonNode) node = lq_track_analysis_to_json (analysis, NULL, NAN);
  LqTrackAnalysis *mine =
    lq_track_analysis_from_json (node, path,
                                 g_array_copy ((GArray *) lq_track_analysis_get_momentary_energies (analysis)),
                                 g_array_copy ((GArray *) lq_track_analysis_get_short_term_energies (analysis)));

  if (mine != NULL)
    lq_track_analysis_set_runs (mine, (GArray *) lq_track_analysis_get_clipped_runs (analysis),
                                (GArray *) lq_track_analysis_get_true_peak_overs (analysis),
                                lq_track_analysis_get_runs_truncated (analysis));
  return mine;
}

/* On the project's thread, as each file is done: stores it at once. */
static void
track_done_cb (LqAnalysisJob *job,
               guint index,
               AnalyzeRun *run)
{
  LqProject *self = run->project;
  LqTrack *track = g_ptr_array_index (run->todo, index);
  LqTrackAnalysis *analysis = lq_analysis_job_get_track (job, index);
  const char *measured = lq_analysis_job_get_fingerprint (job, index);
  gboolean same = g_strcmp0 (measured, lq_track_get_fingerprint (track)) == 0;
  gboolean accept = run->accept_changed && !same;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (analysis == NULL)
    {
      const GError *e = lq_analysis_job_get_error (job, index);

      _lq_track_set_state (track, LQ_TRACK_STATE_FAILED, e != NULL ? e->message : NULL);
      if (run->error == NULL && e != NULL)
        g_set_error (&run->error, LQ_ERROR, e->domain == LQ_ERROR ? e->code : LQ_ERROR_FAILED,
                     "%s: %s", lq_analysis_job_get_path (job, index), e->message);
      return;
    }
  _lq_track_set_state (track, LQ_TRACK_STATE_READY, NULL);

  if (lq_project_get_read_only (self))
    {
      g_autoptr(LqTrackAnalysis) mine = NULL;

      if (!same && !accept)
        {
          /* Not the audio the track stored: it has changed meanwhile. */
          _lq_track_set_status (track, LQ_TRACK_STATUS_CHANGED);
          return;
        }
      mine = with_path (analysis, lq_track_get_path (track));
      _lq_track_set_analysis (track, mine);
      if (accept)
        _lq_track_set_status (track, LQ_TRACK_STATUS_OK);   /* in memory, as the analysis */
      return;
    }

  if (accept)
    {
      g_autofree char *label = g_strdup_printf (_("Accept Changed Source of Track %u"),
                                                lq_track_get_position (track));
      AcceptData d = {
        lq_track_get_id (track), measured, lq_analysis_job_get_source_stat (job, index),
        lq_track_analysis_get_measures (analysis)->duration_s, { analysis, measured },
      };

      ok = lq_project_store_edit (self->store, label, accept_edit, &d, &error);
    }
  else
    {
      LqCacheData d = { analysis, measured };

      /* Cached under the hash of what was measured. If that is not the
       * track's, its file changed since it was last looked at: look again. */
      ok = lq_project_store_edit (self->store, NULL, _lq_project_cache_edit, &d, &error);
      if (!same)
        _lq_project_recheck (self, lq_track_get_id (track));
    }
  if (!_lq_project_finish_edit (self, ok, &error) && run->error == NULL)
    {
      g_set_error (&run->error, LQ_ERROR, error != NULL ? error->code : LQ_ERROR_FAILED, "%s: %s",
                   lq_track_get_path (track), error != NULL ? error->message : "?");
    }
}

/* The tracks to analyze: sources present without an analysis, and changed
 * ones when they are accepted. */
static AnalyzeRun *
analyze_run_new (LqProject *self,
                 LqAnalyzeFlags flags,
                 guint n_workers)
{
  AnalyzeRun *run = g_new0 (AnalyzeRun, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  run->project = g_object_ref (self);
  run->todo = g_ptr_array_new_with_free_func (g_object_unref);
  run->accept_changed = (flags & LQ_ANALYZE_ACCEPT_CHANGED) != 0;
  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      LqTrackStatus status = lq_track_get_status (track);

      if ((status == LQ_TRACK_STATUS_OK && lq_track_get_analysis (track) == NULL)
          || (status == LQ_TRACK_STATUS_CHANGED && run->accept_changed))
        {
          g_ptr_array_add (run->todo, g_object_ref (track));
          _lq_track_set_state (track, LQ_TRACK_STATE_ANALYSING, NULL);
          g_strv_builder_add (builder, lq_track_get_path (track));
        }
    }
  paths = g_strv_builder_end (builder);
  run->job = lq_analysis_job_new ((const char *const *) paths, n_workers);
  lq_analysis_job_set_hash_sources (run->job, TRUE);
  g_signal_connect (run->job, "track-done", G_CALLBACK (track_done_cb), run);
  return run;
}

static gboolean
analyze_run_finish (AnalyzeRun *run,
                    GError **error)
{
  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  LqProgressFunc func;
  gpointer data;
} ProgressRelay;

static void
job_progress_cb (LqAnalysisJob *job,
                 GParamSpec *pspec,
                 ProgressRelay *relay)
{
  relay->func (lq_analysis_job_get_progress (job), relay->data);
}

gboolean
lq_project_analyze_full (LqProject *self,
                         LqAnalyzeFlags flags,
                         guint n_workers,
                         GCancellable *cancellable,
                         LqProgressFunc progress,
                         gpointer progress_data,
                         GError **error)
{
  g_autoptr(AnalyzeRun) run = NULL;
  ProgressRelay relay = { progress, progress_data };

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  run = analyze_run_new (self, flags, n_workers);
  if (run->todo->len == 0)
    return TRUE;
  if (progress != NULL)
    g_signal_connect (run->job, "notify::progress", G_CALLBACK (job_progress_cb), &relay);
  if (!lq_analysis_job_run (run->job, cancellable, error))
    return FALSE;
  return analyze_run_finish (run, error);
}

gboolean
lq_project_analyze (LqProject *self,
                    guint n_workers,
                    GCancellable *cancellable,
                    LqProgressFunc progress,
                    gpointer progress_data,
                    GError **error)
{
  return lq_project_analyze_full (self, LQ_ANALYZE_DEFAULT, n_workers, cancellable,
                                  progress, progress_data, error);
}

static void
analyze_progress_cb (LqAnalysisJob *job,
                     GParamSpec *pspec,
                     LqProject *self)
{
  _lq_project_set_analysis_progress (self, lq_analysis_job_get_progress (job));
}

static void
analyze_job_cb (GObject *object,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AnalyzeRun *run = g_task_get_task_data (task);
  LqProject *self = g_task_get_source_object (task);
  GError *error = NULL;

  g_signal_handlers_disconnect_by_func (run->job, analyze_progress_cb, self);
  _lq_project_set_analysis_progress (self, 1.0);
  if (!lq_analysis_job_run_finish (run->job, result, &error) || !analyze_run_finish (run, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lq_project_analyze_async (LqProject *self,
                          guint n_workers,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AnalyzeRun *run;

  g_task_set_source_tag (task, lq_project_analyze_async);
  run = analyze_run_new (self, LQ_ANALYZE_DEFAULT, n_workers);
  g_task_set_task_data (task, run, (GDestroyNotify) analyze_run_free);
  if (run->todo->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  _lq_project_set_analysis_progress (self, 0.0);
  g_signal_connect (run->job, "notify::progress", G_CALLBACK (analyze_progress_cb), self);
  lq_analysis_job_run_async (run->job, cancellable, analyze_job_cb, g_steal_pointer (&task));
}

gboolean
lq_project_analyze_finish (LqProject *self,
                           GAsyncResult *result,
                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

LqAlbumAnalysis *
lq_project_get_album_analysis (LqProject *self)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    g_ptr_array_add (analyses, lq_track_get_analysis (lq_project_get_track (self, p)));
  return lq_album_analysis_new (analyses);
}

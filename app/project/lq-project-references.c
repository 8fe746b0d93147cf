/* lq-project-references.c: the project's reference list.
 *
 * A reference is an audio file to compare the album with: stored with the
 * identity and fingerprint a track's source has, so a missing or changed
 * file is told the same way, and with its analysis in the analysis cache
 * under that fingerprint. Adding, removing and moving the cue point are
 * album edits: undoable.
 *
 * May call: lq-project-commit.c (the edit core), lq-project-sources.c
 * (reading the file, its status), lq-project-cache.c (its analysis), the
 * store.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-analysis-job.h"
#include "lq-error.h"
#include "lq-project-private.h"

void
lq_reference_free (LqReference *reference)
{
  if (reference == NULL)
    return;
  g_free (reference->source);
  g_free (reference->path);
  g_free (reference->title);
  g_free (reference->fingerprint);
  g_free (reference);
}

GPtrArray *
lq_project_list_references (LqProject *self)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_reference_free);
  g_autoptr(GArray) refresh = g_array_new (FALSE, TRUE, sizeof (LqIdentityRefresh));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  g_array_set_clear_func (refresh, (GDestroyNotify) _lq_identity_refresh_clear);
  stmt = lq_project_store_prepare (self->store,
    "SELECT id, source_path, source_size, source_mtime_ns, source_ctime_ns, source_inode, "
    "source_fingerprint, duration_s, title, cue_s FROM reference ORDER BY added, id", NULL);
  if (stmt == NULL)
    return g_steal_pointer (&list);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LqReference *r = g_new0 (LqReference, 1);
      LqSourceStat stored, now;
      gboolean stale_identity = FALSE;

      r->index = list->len + 1;
      r->id = sqlite3_column_int64 (stmt, 0);
      r->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->path = _lq_project_resolve_source (self, r->source);
      _lq_project_row_identity (stmt, 2, 3, 4, 5, &stored);
      r->fingerprint = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      r->duration_s = sqlite3_column_double (stmt, 7);
      r->title = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      r->cue_s = sqlite3_column_double (stmt, 9);
      r->status = _lq_project_source_status (self, r->path, &stored, r->fingerprint, &now,
                                             &stale_identity);
      if (stale_identity)
        {
          LqIdentityRefresh refreshed = { r->id, g_strdup (r->fingerprint), now };

          g_array_append_val (refresh, refreshed);
        }
      g_ptr_array_add (list, r);
    }
  _lq_project_refresh_identities (self, LQ_IDENTITY_REFERENCE, refresh);
  return g_steal_pointer (&list);
}

/* Reference @index, as listed now, or NULL with an error. */
static LqReference *
get_reference (LqProject *self,
               guint index,
               GError **error)
{
  g_autoptr(GPtrArray) list = lq_project_list_references (self);

  if (index >= 1 && index <= list->len)
    return g_ptr_array_steal_index (list, index - 1);
  if (list->len == 0)
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("There is no reference %u: the reference list is empty"), index);
  else
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("There is no reference %u: the project has references 1 to %u"), index, list->len);
  return NULL;
}

guint
lq_project_find_reference (LqProject *self,
                           const char *path)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GFile) wanted = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  wanted = g_file_new_for_commandline_arg (path);
  list = lq_project_list_references (self);
  for (guint i = 0; i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);
      g_autoptr(GFile) file = g_file_new_for_path (r->path);

      if (g_file_equal (file, wanted))
        return r->index;
    }
  return 0;
}

double
lq_project_get_reference_cue (LqProject *self,
                              const char *path)
{
  g_autoptr(GPtrArray) list = NULL;
  guint index;

  g_return_val_if_fail (LQ_IS_PROJECT (self), 0);

  index = path != NULL ? lq_project_find_reference (self, path) : 0;
  if (index == 0)
    return 0;
  list = lq_project_list_references (self);
  for (guint i = 0; i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);

      if (r->index == index)
        return r->cue_s;
    }
  return 0;
}

static gboolean
check_cue (double cue_s,
           double duration_s,
           GError **error)
{
  if (isfinite (cue_s) && cue_s >= 0 && cue_s <= duration_s)
    return TRUE;
  g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
               _("The cue point must be from 0 to %.1f s, the reference’s length"), duration_s);
  return FALSE;
}

typedef struct
{
  LqSourceInfo *info;
  const char *title;
  double cue_s;
} AddData;

static gboolean
add_edit (LqProjectStore *store,
          gpointer user_data,
          GError **error)
{
  AddData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "INSERT INTO reference (added, source_path, source_size, source_mtime, source_mtime_ns, "
    "source_ctime_ns, source_inode, source_fingerprint, duration_s, title, cue_s) "
    "VALUES ((SELECT coalesce(max(added), 0) + 1 FROM reference), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->info->source, -1, SQLITE_STATIC);
  _lq_project_bind_identity (stmt, 2, &d->info->stat);
  sqlite3_bind_text (stmt, 7, d->info->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 8, d->info->duration);
  sqlite3_bind_text (stmt, 9, d->title, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 10, d->cue_s);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
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

/* Analyses @info's file (a new reference; on any thread). */
static LqTrackAnalysis *
analyse (LqSourceInfo *info,
         GCancellable *cancellable,
         LqProgressFunc progress,
         gpointer progress_data,
         GError **error)
{
  const char *const paths[] = { info->path, NULL };
  g_autoptr(LqAnalysisJob) job = NULL;
  ProgressRelay relay = { progress, progress_data };
  LqTrackAnalysis *analysis;

  job = lq_analysis_job_new (paths, 1);
  lq_analysis_job_set_hash_sources (job, TRUE);
  if (progress != NULL)
    g_signal_connect (job, "notify::progress", G_CALLBACK (job_progress_cb), &relay);
  if (!lq_analysis_job_run (job, cancellable, error))
    return NULL;
  analysis = lq_analysis_job_get_track (job, 0);
  if (analysis == NULL)
    {
      const GError *e = lq_analysis_job_get_error (job, 0);

      g_set_error (error, LQ_ERROR, e != NULL && e->domain == LQ_ERROR ? e->code : LQ_ERROR_FAILED,
                   "%s: %s", info->path, e != NULL ? e->message : "?");
      return NULL;
    }
  if (g_strcmp0 (lq_analysis_job_get_fingerprint (job, 0), info->fingerprint) != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: the file changed while it was read"), info->path);
      return NULL;
    }
  return g_object_ref (analysis);
}

/* Caches @analysis of @info's file under its fingerprint. */
static gboolean
store_analysis (LqProject *self,
                LqSourceInfo *info,
                LqTrackAnalysis *analysis,
                GError **error)
{
  LqCacheData d = { analysis, info->fingerprint };

  return lq_project_store_edit (self->store, NULL, _lq_project_cache_edit, &d, error);
}

/* Analyses @info's file unless its analysis is cached, and caches it. */
static gboolean
ensure_analysis (LqProject *self,
                 LqSourceInfo *info,
                 GCancellable *cancellable,
                 LqProgressFunc progress,
                 gpointer progress_data,
                 GError **error)
{
  g_autoptr(LqTrackAnalysis) cached = _lq_project_load_cached_analysis_any (self, info->fingerprint, info->path);
  g_autoptr(LqTrackAnalysis) analysis = NULL;

  if (cached != NULL)
    return TRUE;
  analysis = analyse (info, cancellable, progress, progress_data, error);
  return analysis != NULL && store_analysis (self, info, analysis, error);
}

static gboolean
check_writable (LqProject *self,
                GError **error)
{
  if (!lq_project_get_read_only (self))
    return TRUE;
  g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY, _("The project is open read-only"));
  return FALSE;
}

/* @info's file may join the list at @cue_s: the cue within it, and not
 * in the list already. */
static gboolean
check_new (LqProject *self,
           LqSourceInfo *info,
           double cue_s,
           GError **error)
{
  g_autoptr(GPtrArray) list = NULL;

  if (!check_cue (cue_s, info->duration, error))
    return FALSE;
  list = lq_project_list_references (self);
  for (guint i = 0; i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);

      if (g_strcmp0 (r->fingerprint, info->fingerprint) == 0)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                       _("Already in the reference list, as reference %u"), r->index);
          return FALSE;
        }
    }
  return TRUE;
}

/* The edit itself: "Add Reference “TITLE”". */
static gboolean
commit_add (LqProject *self,
            LqSourceInfo *info,
            double cue_s,
            GError **error)
{
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  AddData d;

  title = info->title != NULL && info->title[0] != '\0' ? g_strdup (info->title)
                                                        : g_path_get_basename (info->path);
  d = (AddData) { info, title, cue_s };
  label = g_strdup_printf (_("Add Reference “%s”"), title);
  return _lq_project_commit (self, label, add_edit, &d, error);
}

gboolean
lq_project_add_reference (LqProject *self,
                          const char *path,
                          double cue_s,
                          GCancellable *cancellable,
                          LqProgressFunc progress,
                          gpointer progress_data,
                          GError **error)
{
  g_autoptr(LqSourceInfo) info = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  info = _lq_project_read_source (self, path, cancellable, error);
  return info != NULL
         && check_new (self, info, cue_s, error)
         && ensure_analysis (self, info, cancellable, progress, progress_data, error)
         && commit_add (self, info, cue_s, error);
}

/* lq_project_add_reference_async(): the file read and analysed on a
 * worker; checked, cached and committed back on the caller's thread. */
typedef struct
{
  char *path;
  double cue_s;
  LqProgressFunc progress;
  gpointer progress_data;
  LqSourceInfo *info;
  LqTrackAnalysis *analysis;
  GMainContext *context;
} AddTaskData;

static void
add_task_data_free (AddTaskData *d)
{
  g_free (d->path);
  g_clear_pointer (&d->info, _lq_source_info_free);
  g_clear_object (&d->analysis);
  g_main_context_unref (d->context);
  g_free (d);
}

typedef struct
{
  GTask *task;
  double fraction;
} ProgressCall;

static gboolean
progress_call_cb (gpointer user_data)
{
  ProgressCall *call = user_data;
  AddTaskData *d = g_task_get_task_data (call->task);

  d->progress (call->fraction, d->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_object_unref (call->task);
  g_free (call);
}

/* On the worker: handed to the caller's context. */
static void
async_progress_cb (double fraction,
                   gpointer user_data)
{
  GTask *task = user_data;
  AddTaskData *d = g_task_get_task_data (task);
  ProgressCall *call = g_new (ProgressCall, 1);

  call->task = g_object_ref (task);
  call->fraction = fraction;
  g_main_context_invoke_full (d->context, G_PRIORITY_DEFAULT, progress_call_cb, call, progress_call_free);
}

static void
add_reference_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  AddTaskData *d = task_data;
  GError *error = NULL;

  d->info = _lq_project_read_source (source_object, d->path, cancellable, &error);
  if (d->info != NULL)
    d->analysis = analyse (d->info, cancellable, d->progress != NULL ? async_progress_cb : NULL, task, &error);
  if (d->analysis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lq_project_add_reference_async (LqProject *self,
                                const char *path,
                                double cue_s,
                                GCancellable *cancellable,
                                LqProgressFunc progress,
                                gpointer progress_data,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AddTaskData *d;

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_project_add_reference_async);
  if (!check_writable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  d = g_new0 (AddTaskData, 1);
  d->path = g_strdup (path);
  d->cue_s = cue_s;
  d->progress = progress;
  d->progress_data = progress_data;
  d->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, d, (GDestroyNotify) add_task_data_free);
  g_task_run_in_thread (task, add_reference_thread);
}

gboolean
lq_project_add_reference_finish (LqProject *self,
                                 GAsyncResult *result,
                                 GError **error)
{
  AddTaskData *d;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  /* The project may have changed while the file was read: checked now. */
  return check_writable (self, error)
         && check_new (self, d->info, d->cue_s, error)
         && store_analysis (self, d->info, d->analysis, error)
         && commit_add (self, d->info, d->cue_s, error);
}

typedef struct
{
  gint64 id;
  double cue_s;   /* NAN: remove */
} ChangeData;

static gboolean
change_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  ChangeData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    isnan (d->cue_s) ? "DELETE FROM reference WHERE id = ?1"
                     : "UPDATE reference SET cue_s = ?2 WHERE id = ?1 AND cue_s IS NOT ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  if (!isnan (d->cue_s))
    sqlite3_bind_double (stmt, 2, d->cue_s);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_project_remove_reference (LqProject *self,
                             guint index,
                             GError **error)
{
  g_autoptr(LqReference) r = NULL;
  g_autofree char *label = NULL;
  ChangeData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  r = get_reference (self, index, error);
  if (r == NULL)
    return FALSE;
  d = (ChangeData) { r->id, NAN };
  label = g_strdup_printf (_("Remove Reference “%s”"), r->title);
  return _lq_project_commit (self, label, change_edit, &d, error);
}

gboolean
lq_project_set_reference_cue (LqProject *self,
                              guint index,
                              double cue_s,
                              GError **error)
{
  g_autoptr(LqReference) r = NULL;
  g_autofree char *label = NULL;
  ChangeData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  r = get_reference (self, index, error);
  if (r == NULL || !check_cue (cue_s, r->duration_s, error))
    return FALSE;
  d = (ChangeData) { r->id, cue_s };
  label = g_strdup_printf (_("Set Cue Point of Reference %u"), index);
  return _lq_project_commit (self, label, change_edit, &d, error);
}

LqTrackAnalysis *
lq_project_get_reference_analysis (LqProject *self,
                                   guint index,
                                   GError **error)
{
  g_autoptr(LqReference) r = NULL;
  LqTrackAnalysis *analysis;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  r = get_reference (self, index, error);
  if (r == NULL)
    return NULL;
  if (r->status == LQ_TRACK_STATUS_MISSING)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("Reference %u is missing: %s"), index, r->path);
      return NULL;
    }
  if (r->status == LQ_TRACK_STATUS_CHANGED)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED,
                   _("Reference %u has changed since it was added: %s"), index, r->path);
      return NULL;
    }
  analysis = _lq_project_load_cached_analysis_any (self, r->fingerprint, r->path);
  if (analysis == NULL)
    g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED, _("Reference %u is not measured yet: %s"),
                 index, r->path);
  return analysis;
}

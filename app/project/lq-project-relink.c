/* lq-project-relink.c: pointing a track at its file again.
 *
 * Relinking one track reads the new file and stores it as the track's
 * source (one undoable edit, "Relink Track N"). The search looks below a
 * folder for the files of every missing or changed track: files of the same
 * size are hashed, and one with the fingerprint the track stored is relinked
 * (one edit per track found). Reading and hashing run on a worker thread in
 * the _async forms; the edits are committed on the project's thread.
 *
 * May call: lq-project-commit.c (the edit core), lq-project-model.c
 * (getters, checking the sources), lq-project-sources.c (reading a file),
 * the store.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lq-error.h"
#include "lq-project-private.h"

typedef struct
{
  gint64 id;
  LqSourceInfo *info;
  const char *title;   /* the title shown before the relink */
} RelinkData;

static gboolean
relink_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  RelinkData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "UPDATE track SET source_path = ?1, source_size = ?2, source_mtime = ?3, source_mtime_ns = ?4, "
    "source_ctime_ns = ?5, source_inode = ?6, source_fingerprint = ?7, duration_s = ?8 WHERE id = ?9", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->info->source, -1, SQLITE_STATIC);
  _lq_project_bind_identity (stmt, 2, &d->info->stat);
  sqlite3_bind_text (stmt, 7, d->info->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 8, d->info->duration);
  sqlite3_bind_int64 (stmt, 9, d->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  /* A track of an older project may have no stored title and show its file
   * name: it keeps the title it showed, not the new file's name. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = lq_project_store_prepare (store, "UPDATE track SET title = ?1 WHERE id = ?2 AND title = ''", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->title, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, d->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return _lq_project_check_track_times (store, d->id, error);
}

static gboolean
commit_relink (LqProject *self,
               guint position,
               LqSourceInfo *info,
               GError **error)
{
  g_autofree char *label = NULL;
  LqTrack *track;
  RelinkData d;

  if (!_lq_project_check_position (self, position, error))
    return FALSE;
  label = g_strdup_printf (_("Relink Track %u"), position);
  track = lq_project_get_track (self, position);
  d.id = lq_track_get_id (track);
  d.info = info;
  d.title = lq_track_get_display_name (track);
  return _lq_project_commit (self, label, relink_edit, &d, error);
}

gboolean
lq_project_relink (LqProject *self,
                   guint position,
                   const char *path,
                   GError **error)
{
  g_autoptr(LqSourceInfo) info = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!_lq_project_check_position (self, position, error))
    return FALSE;
  info = _lq_project_read_source (self, path, NULL, error);
  if (info == NULL)
    return FALSE;
  return commit_relink (self, position, info, error);
}

static gboolean
commit_relink_first (LqProject *self,
                     GPtrArray *infos,
                     guint position,
                     GError **error)
{
  return commit_relink (self, position, g_ptr_array_index (infos, 0), error);
}

void
lq_project_relink_async (LqProject *self,
                         guint position,
                         const char *path,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  const char *paths[] = { path, NULL };

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (path != NULL);

  _lq_project_read_then_commit_async (self, paths, position, commit_relink_first, lq_project_relink_async,
                                      cancellable, callback, user_data);
}

gboolean
lq_project_relink_finish (LqProject *self,
                          GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
collect_files (const char *directory,
               guint depth,
               GHashTable *by_size,
               GCancellable *cancellable)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL || depth > 16 || g_cancellable_is_cancelled (cancellable))
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        collect_files (path, depth + 1, by_size, cancellable);
      else if (S_ISREG (st.st_mode))
        {
          gint64 *key = g_new (gint64, 1);
          GPtrArray *list;

          *key = st.st_size;
          list = g_hash_table_lookup (by_size, key);
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (by_size, key, list);
            }
          else
            g_free (key);
          g_ptr_array_add (list, g_steal_pointer (&path));
        }
    }
}

typedef struct
{
  guint position;
  gint64 size;
  char *fingerprint;
  LqSourceInfo *found;
} Wanted;

static void
wanted_free (Wanted *w)
{
  g_free (w->fingerprint);
  g_clear_pointer (&w->found, _lq_source_info_free);
  g_free (w);
}

/* On the project's thread: the tracks whose source is missing or changed. */
static GPtrArray *
wanted_sources (LqProject *self,
                GError **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  sqlite3 *db = lq_project_store_get_db (self->store);

  /* Which files are missing now, not at the last look. */
  if (!lq_project_check_sources (self, error))
    return NULL;

  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      Wanted *w;

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK)
        continue;
      if (sqlite3_prepare_v2 (db, "SELECT source_size FROM track WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_int64 (stmt, 1, lq_track_get_id (track));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      w = g_new0 (Wanted, 1);
      w->position = p;
      w->size = sqlite3_column_int64 (stmt, 0);
      w->fingerprint = g_strdup (lq_track_get_fingerprint (track));
      g_ptr_array_add (wanted, w);
    }
  return g_steal_pointer (&wanted);
}

/* On any thread: looks below @directory for files with the wanted sizes and
 * fingerprints; sets each Wanted's found. */
static gboolean
find_moved (LqProject *self,
            GPtrArray *wanted,
            const char *directory,
            GCancellable *cancellable,
            GError **error)
{
  g_autoptr(GHashTable) by_size = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("%s: not a folder"), directory);
      return FALSE;
    }
  collect_files (directory, 0, by_size, cancellable);

  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *w = g_ptr_array_index (wanted, i);
      GPtrArray *candidates = g_hash_table_lookup (by_size, &w->size);

      for (guint c = 0; candidates != NULL && c < candidates->len; c++)
        {
          const char *path = g_ptr_array_index (candidates, c);
          g_autofree char *fp = lq_source_hash_path (path, cancellable, NULL, NULL);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (g_strcmp0 (fp, w->fingerprint) == 0)
            {
              w->found = _lq_project_read_source (self, path, cancellable, NULL);
              if (w->found != NULL)
                break;
            }
        }
    }
  return TRUE;
}

/* On the project's thread: one relink edit per track found. */
static int
commit_found (LqProject *self,
              GPtrArray *wanted,
              GError **error)
{
  int relinked = 0;

  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *w = g_ptr_array_index (wanted, i);

      if (w->found == NULL)
        continue;
      if (!commit_relink (self, w->position, w->found, error))
        return -1;
      relinked++;
    }
  return relinked;
}

int
lq_project_relink_search (LqProject *self,
                          const char *directory,
                          GCancellable *cancellable,
                          GError **error)
{
  g_autoptr(GPtrArray) wanted = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), -1);
  g_return_val_if_fail (directory != NULL, -1);

  wanted = wanted_sources (self, error);
  if (wanted == NULL || !find_moved (self, wanted, directory, cancellable, error))
    return -1;
  return commit_found (self, wanted, error);
}

typedef struct
{
  GPtrArray *wanted;
  char *directory;
} SearchTaskData;

static void
search_task_data_free (SearchTaskData *d)
{
  g_clear_pointer (&d->wanted, g_ptr_array_unref);
  g_free (d->directory);
  g_free (d);
}

static void
search_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  SearchTaskData *d = task_data;
  GError *error = NULL;

  if (!find_moved (source_object, d->wanted, d->directory, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
search_done_cb (GObject *object,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  SearchTaskData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  int relinked;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || (relinked = commit_found (LQ_PROJECT (object), d->wanted, &error)) < 0)
    g_task_return_error (outer, error);
  else
    g_task_return_int (outer, relinked);
}

void
lq_project_relink_search_async (LqProject *self,
                                const char *directory,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  SearchTaskData *d;
  GError *error = NULL;

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (directory != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lq_project_relink_search_async);
  d = g_new0 (SearchTaskData, 1);
  d->directory = g_strdup (directory);
  d->wanted = wanted_sources (self, &error);
  if (d->wanted == NULL)
    {
      search_task_data_free (d);
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  inner = g_task_new (self, cancellable, search_done_cb, outer);
  g_task_set_task_data (inner, d, (GDestroyNotify) search_task_data_free);
  g_task_run_in_thread (inner, search_thread);
}

int
lq_project_relink_search_finish (LqProject *self,
                                 GAsyncResult *result,
                                 GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return (int) g_task_propagate_int (G_TASK (result), error);
}

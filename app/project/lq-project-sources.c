/* lq-project-sources.c: is a track's source still the file it was?
 *
 * A source is known by its content hash and its stat identity (size, mtime
 * and ctime in nanoseconds, inode; lq-source-file.h). Looking at a source:
 *   - no regular file at its path: missing;
 *   - the same identity: ok, without reading it;
 *   - another size: changed;
 *   - otherwise (replaced within the same second, touched, copied to another
 *     disk) the file is hashed again and the hash decides. When the content
 *     is the same, the new identity is stored, so a copied album is hashed
 *     once, not on every open.
 *
 * Storing a refreshed identity is not an undoable edit: it changes nothing
 * the user made, and an undo step that only said "Lacquer looked at the
 * disk" would be noise in the history (undoing it would only cause one more
 * hash). It is written as a cache is, outside the history, and keeps the
 * redo history too.
 *
 * Also here: reading a source file (its identity, hash, length and tags),
 * where relative sources are, and reading files on a worker thread before
 * an edit commits them on the project's thread.
 *
 * May call: the store, the track type, the audio reader (lq-analysis).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-audio-reader.h"
#include "lq-error.h"
#include "lq-project-private.h"
#include "lq-text.h"
#include "lq-track-private.h"

void
_lq_project_row_identity (sqlite3_stmt *stmt,
                          int size_col,
                          int mtime_ns_col,
                          int ctime_ns_col,
                          int inode_col,
                          LqSourceStat *out)
{
  out->size = sqlite3_column_int64 (stmt, size_col);
  /* Unknown (NULL) times never equal a file's: it gets hashed once. */
  out->mtime_ns = sqlite3_column_type (stmt, mtime_ns_col) == SQLITE_NULL
                  ? G_MININT64 : sqlite3_column_int64 (stmt, mtime_ns_col);
  out->ctime_ns = sqlite3_column_type (stmt, ctime_ns_col) == SQLITE_NULL
                  ? G_MININT64 : sqlite3_column_int64 (stmt, ctime_ns_col);
  out->inode = (guint64) sqlite3_column_int64 (stmt, inode_col);
}

LqTrackStatus
_lq_project_source_status (LqProject *self,
                           const char *path,
                           const LqSourceStat *stored,
                           const char *fingerprint,
                           LqSourceStat *now,
                           gboolean *refresh)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  LqSourceStat hashed;
  LqTrackStatus status;
  gpointer cached;
  GStatBuf st;

  *refresh = FALSE;
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return LQ_TRACK_STATUS_MISSING;
  lq_source_stat_from_stat (now, &st);
  if (lq_source_stat_equal (now, stored))
    return LQ_TRACK_STATUS_OK;
  if (now->size != stored->size)
    return LQ_TRACK_STATUS_CHANGED;

  /* Same size, another identity: only its content decides. Hash once per
   * state of the file (a read-only project cannot store the identity). */
  key = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                         "|%" G_GUINT64_FORMAT "|%s", path, now->size, now->mtime_ns, now->ctime_ns,
                         now->inode, fingerprint);
  if (g_hash_table_lookup_extended (self->status_cache, key, NULL, &cached))
    return GPOINTER_TO_UINT (cached);

  hash = lq_source_hash_path (path, NULL, &hashed, NULL);
  status = hash != NULL && g_strcmp0 (hash, fingerprint) == 0 ? LQ_TRACK_STATUS_OK : LQ_TRACK_STATUS_CHANGED;
  /* Stored only if the file did not change while it was hashed. */
  if (status == LQ_TRACK_STATUS_OK && lq_source_stat_equal (&hashed, now))
    *refresh = TRUE;
  g_hash_table_insert (self->status_cache, g_steal_pointer (&key), GUINT_TO_POINTER (status));
  return status;
}

void
_lq_project_bind_identity (sqlite3_stmt *stmt,
                           int first,
                           const LqSourceStat *st)
{
  sqlite3_bind_int64 (stmt, first, st->size);
  sqlite3_bind_int64 (stmt, first + 1, st->mtime_ns / G_GINT64_CONSTANT (1000000000));
  sqlite3_bind_int64 (stmt, first + 2, st->mtime_ns);
  sqlite3_bind_int64 (stmt, first + 3, st->ctime_ns);
  sqlite3_bind_int64 (stmt, first + 4, (gint64) st->inode);
}

void
_lq_identity_refresh_clear (LqIdentityRefresh *r)
{
  g_clear_pointer (&r->fingerprint, g_free);
}

typedef struct
{
  LqIdentityTable table;
  GArray *refresh;
} RefreshEdit;

static gboolean
refresh_edit (LqProjectStore *store,
              gpointer user_data,
              GError **error)
{
  RefreshEdit *edit = user_data;
  GArray *refresh = edit->refresh;
  /* Two fixed statements: no table name is ever pasted into SQL. */
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    edit->table == LQ_IDENTITY_REFERENCE
      ? "UPDATE reference SET source_size = ?1, source_mtime = ?2, source_mtime_ns = ?3, "
        "source_ctime_ns = ?4, source_inode = ?5 WHERE id = ?6 AND source_fingerprint = ?7"
      : "UPDATE track SET source_size = ?1, source_mtime = ?2, source_mtime_ns = ?3, "
        "source_ctime_ns = ?4, source_inode = ?5 WHERE id = ?6 AND source_fingerprint = ?7",
    error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < refresh->len; i++)
    {
      LqIdentityRefresh *r = &g_array_index (refresh, LqIdentityRefresh, i);

      sqlite3_reset (stmt);
      _lq_project_bind_identity (stmt, 1, &r->stat);
      sqlite3_bind_int64 (stmt, 6, r->id);
      sqlite3_bind_text (stmt, 7, r->fingerprint, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          lq_project_store_set_error (store, error, _("Cannot save the edit"));
          return FALSE;
        }
    }
  return TRUE;
}

void
_lq_project_refresh_identities (LqProject *self,
                                LqIdentityTable table,
                                GArray *refresh)
{
  g_autoptr(GError) error = NULL;
  RefreshEdit edit = { table, refresh };

  if (refresh->len == 0 || lq_project_store_is_read_only (self->store))
    return;
  /* No label: no undo step. A failure only means hashing again next time. */
  if (!lq_project_store_edit (self->store, NULL, refresh_edit, &edit, &error))
    g_debug ("Cannot store the sources' new identities: %s", error->message);
}

void
_lq_project_recheck (LqProject *self,
                     gint64 id)
{
  g_hash_table_remove (self->checked, &id);
}

/* Reading a source file ---------------------------------------------------- */

void
_lq_source_info_free (LqSourceInfo *info)
{
  g_free (info->source);
  g_free (info->path);
  g_free (info->fingerprint);
  g_free (info->title);
  g_free (info->artist);
  g_free (info);
}

char *
_lq_project_resolve_source (LqProject *self,
                            const char *source)
{
  if (g_path_is_absolute (source))
    return g_strdup (source);
  return g_canonicalize_filename (source, self->directory);
}

/* Relative to the project's folder when below it, absolute otherwise. */
static char *
store_source (LqProject *self,
              const char *absolute)
{
  gsize len = strlen (self->directory);

  if (strncmp (absolute, self->directory, len) == 0 && absolute[len] == G_DIR_SEPARATOR
      && absolute[len + 1] != '\0')
    return g_strdup (absolute + len + 1);
  return g_strdup (absolute);
}

LqSourceInfo *
_lq_project_read_source (LqProject *self,
                         const char *given,
                         GCancellable *cancellable,
                         GError **error)
{
  g_autoptr(LqSourceInfo) info = g_new0 (LqSourceInfo, 1);
  g_autoptr(LqAudioReader) reader = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *same_file = NULL;
  int fd;

  /* Opened once: the identity, the hash and the header all come from the
   * one file this descriptor holds, whatever happens to its name. Anything
   * but a regular file (/dev/stdin, a FIFO, a device, a folder) is refused. */
  info->path = g_canonicalize_filename (given, NULL);
  fd = lq_source_open (info->path, &info->stat, &local);
  if (fd < 0)
    {
      g_set_error (error, LQ_ERROR, local->code, "%s: %s", given, local->message);
      return NULL;
    }
  info->fingerprint = lq_source_hash_fd (fd, cancellable, &local);
  if (info->fingerprint != NULL)
    {
      same_file = lq_source_fd_path (fd);
      reader = lq_audio_reader_open (same_file != NULL ? same_file : info->path, &local);
    }
  close (fd);
  if (reader == NULL)
    {
      g_set_error (error, LQ_ERROR, local->code, "%s: %s", given, local->message);
      return NULL;
    }
  info->duration = (double) lq_audio_reader_get_frames (reader) / lq_audio_reader_get_sample_rate (reader);
  /* The title is derived once, here, and stored with the track: renaming
   * or relinking the file later never changes it. */
  info->title = lq_text_sanitize (lq_audio_reader_get_title (reader));
  if (*info->title == '\0')
    {
      g_free (info->title);
      info->title = lq_track_title_from_file_name (info->path);
    }
  info->artist = g_strdup (lq_audio_reader_get_artist (reader));
  info->source = store_source (self, info->path);
  return g_steal_pointer (&info);
}

GPtrArray *
_lq_project_read_sources (LqProject *self,
                          const char *const *paths,
                          GCancellable *cancellable,
                          GError **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) _lq_source_info_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      LqSourceInfo *info = _lq_project_read_source (self, paths[i], cancellable, error);

      if (info == NULL)
        return NULL;
      g_ptr_array_add (infos, info);
    }
  return g_steal_pointer (&infos);
}

/* Reading on a worker, committing on the project's thread ----------------- */

typedef struct
{
  GStrv paths;
  guint position;
  LqProjectCommitFunc commit;
  GPtrArray *infos;
} ReadTaskData;

static void
read_task_data_free (ReadTaskData *d)
{
  g_strfreev (d->paths);
  g_clear_pointer (&d->infos, g_ptr_array_unref);
  g_free (d);
}

static void
read_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  ReadTaskData *d = task_data;
  GError *error = NULL;

  d->infos = _lq_project_read_sources (source_object, (const char *const *) d->paths, cancellable, &error);
  if (d->infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  ReadTaskData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !d->commit (LQ_PROJECT (object), d->infos, d->position, &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

void
_lq_project_read_then_commit_async (LqProject *self,
                                    const char *const *paths,
                                    guint position,
                                    LqProjectCommitFunc commit,
                                    gpointer source_tag,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = g_task_new (self, cancellable, read_done_cb, outer);
  ReadTaskData *d = g_new0 (ReadTaskData, 1);

  g_task_set_source_tag (outer, source_tag);
  d->paths = g_strdupv ((char **) paths);
  d->position = position;
  d->commit = commit;
  g_task_set_task_data (inner, d, (GDestroyNotify) read_task_data_free);
  g_task_run_in_thread (inner, read_thread);
}

/* lq-project.c: the LqProject type: an album project over LqProjectStore.
 *
 * Construction and destruction, creating and opening a project, saving a
 * copy, undo and redo. The rest of LqProject is in the files below it (see
 * lq-project-private.h for which file holds what and may call what).
 *
 * May call: every other lq-project-*.c file, the store.
 */
#include "config.h"

#include "lq-project.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lq-error.h"
#include "lq-project-private.h"
#include "lq-track-private.h"

G_DEFINE_FINAL_TYPE (LqProject, lq_project, G_TYPE_OBJECT)

/* GObject --------------------------------------------------------------- */

static void
lq_project_dispose (GObject *object)
{
  LqProject *self = (LqProject *) object;

  if (self->tracks != NULL)
    g_list_store_remove_all (self->tracks);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->tracks);

  G_OBJECT_CLASS (lq_project_parent_class)->dispose (object);
}

static void
lq_project_finalize (GObject *object)
{
  LqProject *self = (LqProject *) object;
  guint n;

  lq_project_fields_album (&n);
  for (guint i = 0; i < n; i++)
    if (G_IS_VALUE (&self->album_values[i]))
      g_value_unset (&self->album_values[i]);
  g_free (self->album_values);
  g_clear_pointer (&self->select_tracks, sqlite3_finalize);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->store, lq_project_store_free);
  g_clear_pointer (&self->status_cache, g_hash_table_unref);
  g_free (self->path);
  g_free (self->directory);
  g_free (self->undo_label);
  g_free (self->redo_label);
  g_free (self->match_inputs);
  g_clear_object (&self->match_plan);
  g_clear_pointer (&self->solved_gains, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->solved_lock);

  G_OBJECT_CLASS (lq_project_parent_class)->finalize (object);
}

static void
lq_project_class_init (LqProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lq_project_dispose;
  object_class->finalize = lq_project_finalize;
  _lq_project_install_properties (object_class);
}

static void
lq_project_init (LqProject *self)
{
  guint n;

  lq_project_fields_album (&n);
  self->album_values = g_new0 (GValue, n);
  self->tracks = g_list_store_new (LQ_TYPE_TRACK);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->status_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->check_sources = TRUE;
  g_mutex_init (&self->solved_lock);
  self->solved_gains = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, _lq_solved_gain_free);
  self->context = g_main_context_ref_thread_default ();
}

/* @path: as the caller named it; the store's is where a link leads, whose
 * folder relative sources are in. */
static LqProject *
project_new (LqProjectStore *store,
             const char *path,
             GError **error)
{
  g_autoptr(LqProject) self = g_object_new (LQ_TYPE_PROJECT, NULL);
  g_autofree char *absolute = g_canonicalize_filename (lq_project_store_get_path (store), NULL);

  self->store = store;
  self->path = g_strdup (path);
  self->directory = g_path_get_dirname (absolute);
  if (!_lq_project_reload (self, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }
  _lq_project_load_solved_gains (self);
  return g_steal_pointer (&self);
}

LqProject *
lq_project_create (const char *path,
                   GError **error)
{
  LqProjectStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = lq_project_store_create (path, error);
  if (store == NULL)
    return NULL;
  return project_new (store, path, error);
}

LqProject *
lq_project_open (const char *path,
                 gboolean read_only,
                 GError **error)
{
  LqProjectStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = lq_project_store_open (path, read_only, error);
  if (store == NULL)
    {
      if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, path))
        g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return project_new (store, path, error);
}

gboolean
lq_project_save_copy (LqProject *self,
                      const char *path,
                      GError **error)
{
  sqlite3 *db;
  g_autofree char *absolute = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int limit, rc;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  mine = g_canonicalize_filename (self->path, NULL);
  if (g_str_equal (absolute, mine))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, _("%s: this is the project itself"), path);
      return FALSE;
    }

  /* The file alone may lack the last edits (they can still be in its WAL):
   * let SQLite write a consistent copy, next to the target, then move it
   * into place. VACUUM INTO attaches the new file: allow that one. */
  db = lq_project_store_get_db (self->store);
  tmp = g_strdup_printf ("%s.%08x.part", absolute, g_random_int ());
  if (sqlite3_prepare_v2 (db, "VACUUM INTO ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self->store, error, _("Cannot save a copy"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_STATIC);
  limit = sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 1);
  rc = sqlite3_step (stmt);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, limit);
  if (rc != SQLITE_DONE)
    {
      lq_project_store_set_error (self->store, error, _("Cannot save a copy"));
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, absolute) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   "%s: %s", path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

char *
lq_project_save_worker_copy (LqProject *self,
                             const char *purpose,
                             GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  int fd, saved;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (purpose != NULL, NULL);

  dir = g_path_get_dirname (self->path);
  base = g_path_get_basename (self->path);
  name = g_strdup_printf (".%s.%s-XXXXXX", base, purpose);
  path = g_build_filename (dir, name, NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  saved = errno;
  if (fd < 0)
    {
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("Cannot save a copy of “%s”: %s"), self->path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (!lq_project_save_copy (self, path, error))
    {
      lq_project_remove_worker_copy (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

void
lq_project_remove_worker_copy (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
}

gboolean
lq_project_undo (LqProject *self,
                 GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return _lq_project_finish_edit (self, lq_project_store_undo (self->store, error), error);
}

gboolean
lq_project_redo (LqProject *self,
                 GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return _lq_project_finish_edit (self, lq_project_store_redo (self->store, error), error);
}

gboolean
lq_project_forget_history (LqProject *self,
                           GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return _lq_project_finish_edit (self, lq_project_store_forget_history (self->store, error), error);
}

/* lq-project-store-open.c: opening and creating a project file.
 *
 * The file is untrusted input: its header is read before SQLite parses
 * anything, the application id and format before anything is written, the
 * integrity of the whole file before it is used; an older format is
 * migrated forward, a newer one refused. A writable open takes the lock;
 * a read-only folder opens the file immutable, read-only.
 *
 * May call: lq-project-store.c (errors, statements, the history's triggers
 * and authorizer), lq-project-schema.c.
 */
#include "config.h"

#include "lq-project-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project-schema.h"
#include "lq-project-store-private.h"

static gboolean
check_schema (LqProjectStore *self,
              GError **error)
{
  for (guint t = 0; t < lq_project_n_expected_tables; t++)
    {
      g_autoptr(GPtrArray) cols = _lq_project_store_table_columns (self, lq_project_expected_schema[t].table);
      g_auto(GStrv) want = g_strsplit (lq_project_expected_schema[t].columns, " ", -1);

      if (cols == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT,
                       _("Not a Lacquer project: it has no “%s” table"), lq_project_expected_schema[t].table);
          return FALSE;
        }
      for (guint i = 0; want[i] != NULL; i++)
        if (!g_ptr_array_find_with_equal_func (cols, want[i], g_str_equal, NULL))
          {
            g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT,
                         _("Not a Lacquer project: table “%s” has no “%s” column"),
                         lq_project_expected_schema[t].table, want[i]);
            return FALSE;
          }
    }
  return TRUE;
}

static int
pragma_int (LqProjectStore *self,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (LqProjectStore *self,
         int from,
         GError **error)
{
  g_autofree char *version = NULL;

  if (!lq_project_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (int v = from; v < LQ_PROJECT_FORMAT_VERSION; v++)
    if (!lq_project_store_exec (self, lq_project_migrations[v], error))
      goto fail;
  version = g_strdup_printf ("PRAGMA user_version = %d", LQ_PROJECT_FORMAT_VERSION);
  if (!lq_project_store_exec (self, version, error))
    goto fail;
  if (from == 0)
    {
      g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", LQ_PROJECT_APPLICATION_ID);
      if (!lq_project_store_exec (self, app_id, error))
        goto fail;
    }
  if (!lq_project_store_exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Reads the 100-byte SQLite header without SQLite: a file that is not a
 * Lacquer project is refused before anything parses or writes it. */
static gboolean
check_header (const char *path,
              int *version,
              GError **error)
{
  guint8 header[100];
  gssize got;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  guint32 app_id;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   "%s", g_strerror (saved));
      return FALSE;
    }
  got = read (fd, header, sizeof header);
  close (fd);

  if (got != sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT,
                   _("Not a Lacquer project (not an SQLite database)"));
      return FALSE;
    }
  app_id = (guint32) header[68] << 24 | header[69] << 16 | header[70] << 8 | header[71];
  *version = (int) ((guint32) header[60] << 24 | header[61] << 16 | header[62] << 8 | header[63]);
  /* 0 may only mean that page 1 still waits in the WAL: SQLite decides. */
  if (app_id != LQ_PROJECT_APPLICATION_ID && app_id != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT,
                   _("Not a Lacquer project (an SQLite database of another application)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
refuse_newer (int version,
              GError **error)
{
  if (version > LQ_PROJECT_FORMAT_VERSION)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NEWER_FORMAT,
                   _("Made by a newer Lacquer (project format %d; this Lacquer reads up to %d): "
                     "left untouched"), version, LQ_PROJECT_FORMAT_VERSION);
      return TRUE;
    }
  return FALSE;
}

static gboolean
connect_db (LqProjectStore *self,
            int flags,
            GError **error)
{
  /* NOMUTEX: a project is used from one thread (lq-project.h), and a
   * reload reads every field of every track, a mutex round trip each. */
  if (self->uri != NULL)
    flags |= SQLITE_OPEN_URI;
  if (sqlite3_open_v2 (self->uri != NULL ? self->uri : self->path, &self->db,
                       flags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Out of memory"));
      else
        lq_project_store_set_error (self, error, _("Cannot open the project"));
      return FALSE;
    }

  /* Untrusted input: no schema-defined functions running with privileges,
   * no writable schema, no extensions, no other files. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
  sqlite3_limit (self->db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, 256 * 1024 * 1024);
  sqlite3_busy_timeout (self->db, 2000);
  sqlite3_set_authorizer (self->db, _lq_project_store_authorizer, self);
  return TRUE;
}

static gboolean
take_lock (LqProjectStore *self,
           GError **error)
{
  self->lock_fd = g_open (self->path, O_RDWR | O_CLOEXEC, 0);
  if (self->lock_fd < 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == EACCES || saved == EROFS ? LQ_ERROR_READ_ONLY : LQ_ERROR_IO,
                   _("Cannot open the project for writing: %s"), g_strerror (saved));
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_LOCKED,
                   _("The project is open for writing in another Lacquer; close it there first"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
setup_connection (LqProjectStore *self,
                  GError **error)
{
  if (!lq_project_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (self->read_only)
    return TRUE;
  return lq_project_store_exec (self, "PRAGMA journal_mode = WAL", error)
         && lq_project_store_exec (self, "PRAGMA synchronous = FULL", error);
}

static gboolean
verify_integrity (LqProjectStore *self,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      lq_project_store_set_error (self, error, _("The project file is damaged"));
      if (error != NULL && *error != NULL)
        (*error)->code = LQ_ERROR_CORRUPT;
      return FALSE;
    }
  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT,
                   _("The project file is damaged (%s)"), result != NULL ? result : "?");
      return FALSE;
    }
  return TRUE;
}

static void
prefix_error (GError **error,
              const char *path)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", path);
}

/* A project reached through a symbolic link is opened where the link
 * leads: its lock is on that file, and SQLite's -wal and -shm files belong
 * beside it, where every other opener of the real file looks for them.
 * Returns the path to open, or NULL for a link that leads nowhere. */
static char *
resolve_project_path (const char *path,
                      GError **error)
{
  GStatBuf st;
  char *real;

  if (g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    return g_strdup (path);
  real = realpath (path, NULL);
  if (real == NULL)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("A symbolic link to a file that cannot be opened: %s"), g_strerror (saved));
      return NULL;
    }
  {
    char *copy = g_strdup (real);

    free (real);
    return copy;
  }
}

/* Whether the folder @path is in cannot take SQLite's -wal and -shm files. */
static gboolean
folder_is_read_only (const char *path)
{
  /* Absolute, as SQLite will name its -wal and -shm files. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (absolute);

  return access (dir, W_OK) != 0 && (errno == EROFS || errno == EACCES || errno == EPERM);
}

/* A read-only open in a read-only folder: SQLite cannot make the -shm file a
 * WAL database needs there, so the file is opened as immutable, which is
 * what it is while its folder cannot be written. Refused when a -wal file
 * holds edits not yet in the file itself: they would be silently missing. */
static gboolean
prepare_immutable (LqProjectStore *self,
                   GError **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
  g_autofree char *escaped = NULL;
  GStatBuf st;

  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY,
                   _("The folder is read-only and the project’s last edits are still in %s-wal: "
                     "copy the folder somewhere writable to open it"), self->path);
      return FALSE;
    }
  escaped = g_uri_escape_string (absolute, "/", FALSE);
  self->uri = g_strdup_printf ("file:%s?immutable=1", escaped);
  self->folder_read_only = TRUE;
  return TRUE;
}

LqProjectStore *
lq_project_store_open (const char *given,
                       gboolean read_only,
                       GError **error)
{
  g_autoptr(LqProjectStore) self = NULL;
  g_autofree char *path = NULL;
  int header_version = 0, version;

  g_return_val_if_fail (given != NULL, NULL);

  path = resolve_project_path (given, error);
  if (path == NULL)
    return NULL;
  if (!check_header (path, &header_version, error) || refuse_newer (header_version, error))
    return NULL;

  self = g_new0 (LqProjectStore, 1);
  self->path = g_strdup (path);
  self->lock_fd = -1;
  self->read_only = read_only;

  if (folder_is_read_only (path))
    {
      if (!read_only)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY,
                       _("The project’s folder is read-only: the project cannot be changed"));
          return NULL;
        }
      if (!prepare_immutable (self, error))
        return NULL;
    }

  if (!read_only && !take_lock (self, error))
    return NULL;
  if (!connect_db (self, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, error))
    return NULL;
  /* Until the file is accepted, closing must not checkpoint its WAL into it
   * (a newer Lacquer's pages, say): a refused file is left as it was. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* The header may be stale while a WAL holds newer pages: ask SQLite. */
  version = pragma_int (self, "PRAGMA user_version");
  if (version < 0)
    {
      lq_project_store_set_error (self, error, _("The project file is damaged"));
      if (error != NULL && *error != NULL)
        (*error)->code = LQ_ERROR_CORRUPT;
      return NULL;
    }
  if (refuse_newer (version, error))
    return NULL;
  if (pragma_int (self, "PRAGMA application_id") != LQ_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT,
                   _("Not a Lacquer project (an SQLite database of another application)"));
      return NULL;
    }
  if (!verify_integrity (self, error))
    return NULL;

  /* Refuse what is not a project before anything writes to the file: even
   * switching it to WAL would change it. */
  if (version < 1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_PROJECT, _("Not a Lacquer project (format 0)"));
      return NULL;
    }
  if (version == LQ_PROJECT_FORMAT_VERSION && !check_schema (self, error))
    return NULL;

  if (version < LQ_PROJECT_FORMAT_VERSION)
    {
      if (read_only && self->folder_read_only)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY,
                       _("Made by an older Lacquer (project format %d) and its folder is read-only: "
                         "copy it to a writable folder to upgrade it"), version);
          return NULL;
        }
      if (read_only)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY,
                       _("Made by an older Lacquer (project format %d): open it for writing to upgrade it"),
                       version);
          return NULL;
        }
      /* In the file's own journal mode: a migration that fails leaves it as it was. */
      if (!lq_project_store_exec (self, "PRAGMA synchronous = FULL", error))
        return NULL;
      if (!migrate (self, version, error))
        {
          /* Format N's statements failing on it: it never was format N. */
          if (error != NULL && *error != NULL && (*error)->code == LQ_ERROR_FAILED)
            {
              (*error)->code = LQ_ERROR_NOT_PROJECT;
              g_prefix_error (error, _("Not a Lacquer project (format %d, but not its tables): "), version);
            }
          return NULL;
        }
    }

  if (!setup_connection (self, error))
    return NULL;
  if (!check_schema (self, error))
    return NULL;
  if (!read_only && !_lq_project_store_install_history_triggers (self, error))
    return NULL;

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  self->accepted = TRUE;
  return g_steal_pointer (&self);
}

LqProjectStore *
lq_project_store_create (const char *path,
                         GError **error)
{
  g_autoptr(LqProjectStore) self = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* O_EXCL: never replace an existing file, whatever it is. */
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == EEXIST ? LQ_ERROR_EXISTS :
                   saved == EACCES || saved == EROFS ? LQ_ERROR_READ_ONLY : LQ_ERROR_IO,
                   "%s: %s", path, saved == EEXIST ? _("The file already exists") : g_strerror (saved));
      return NULL;
    }
  close (fd);

  self = g_new0 (LqProjectStore, 1);
  self->path = g_strdup (path);
  self->lock_fd = -1;

  if (!take_lock (self, error)
      || !connect_db (self, SQLITE_OPEN_READWRITE, error)
      || !setup_connection (self, error)
      || !migrate (self, 0, error)
      /* Page 1 into the main file now: its header identifies the project. */
      || !lq_project_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error)
      || !_lq_project_store_install_history_triggers (self, error))
    {
      lq_project_store_free (g_steal_pointer (&self));
      g_unlink (path);
      prefix_error (error, path);
      return NULL;
    }

  self->accepted = TRUE;
  return g_steal_pointer (&self);
}

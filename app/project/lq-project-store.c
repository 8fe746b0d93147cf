/* lq-project-store.c: an open project file: its connection, errors and
 * statements, and the undo history (the triggers that record it, the
 * authorizer that guards replaying it, edits, undo and redo).
 *
 * Opening and creating a file (its header, lock, integrity, schema and
 * migration) are in lq-project-store-open.c, which calls this file; this
 * file calls nothing there. They share lq-project-store-private.h.
 */
#include "config.h"

#include "lq-project-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project-store-private.h"

/* The tables whose rows are album edits, and so part of the undo history. */
static const char *const undoable_tables[] = { "album", "track", "track_processing", "reference" };

void
lq_project_store_set_error (LqProjectStore *self,
                            GError **error,
                            const char *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  const char *message = sqlite3_errmsg (self->db);
  LqError lq_code;

  switch (code)
    {
    case SQLITE_FULL:
      lq_code = LQ_ERROR_DISK_FULL;
      message = _("the disk is full");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      lq_code = LQ_ERROR_READ_ONLY;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      lq_code = LQ_ERROR_LOCKED;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      lq_code = LQ_ERROR_CORRUPT;
      break;
    case SQLITE_IOERR:
      lq_code = LQ_ERROR_IO;
      /* SQLite does not keep the errno of a failed commit: ask the file
       * system whether it has gone read-only or full meanwhile. */
      {
        g_autofree char *dir = g_path_get_dirname (self->path);
        struct statvfs fs;

        if (statvfs (dir, &fs) == 0 && (fs.f_flag & ST_RDONLY))
          {
            lq_code = LQ_ERROR_READ_ONLY;
            message = _("the disk is read-only");
          }
        else if (statvfs (dir, &fs) == 0 && fs.f_bavail == 0)
          {
            lq_code = LQ_ERROR_DISK_FULL;
            message = _("the disk is full");
          }
      }
      break;
    default:
      lq_code = LQ_ERROR_FAILED;
    }

  g_set_error (error, LQ_ERROR, lq_code, "%s: %s", what, message);
}

sqlite3_stmt *
lq_project_store_prepare (LqProjectStore *self,
                          const char *sql,
                          GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self, error, _("Cannot read the project"));
      return NULL;
    }
  return stmt;
}

gboolean
lq_project_store_exec (LqProjectStore *self,
                       const char *sql,
                       GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self, error, _("Cannot write the project"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_undoable_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (undoable_tables); i++)
    if (g_strcmp0 (name, undoable_tables[i]) == 0)
      return TRUE;
  return FALSE;
}

/* While history is replayed, only row changes to the project's own tables
 * and the reads they need are allowed: no ATTACH, PRAGMA, DDL, functions
 * other than quote(), or anything else a forged history could try. */
int
_lq_project_store_authorizer (void *user_data,
                              int action,
                              const char *a,
                              const char *b,
                              const char *db_name,
                              const char *trigger)
{
  LqProjectStore *self = user_data;

  if (!self->replaying)
    return SQLITE_OK;
  /* The schema's own trigger that drops a removed track's export record
   * (lq-project-schema.c) runs when an undo removes a track. */
  if (g_strcmp0 (trigger, "export_record_track_removed") == 0)
    return SQLITE_OK;

  switch (action)
    {
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      if (is_undoable_table (a) || g_strcmp0 (a, "undo_op") == 0)
        return SQLITE_OK;
      return SQLITE_DENY;
    case SQLITE_READ:
      if (is_undoable_table (a) || g_strcmp0 (a, "undo_op") == 0
          || g_strcmp0 (a, "lq_recording") == 0 || g_strcmp0 (a, "undo_step") == 0)
        return SQLITE_OK;
      return SQLITE_DENY;
    case SQLITE_SELECT:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      return g_strcmp0 (b, "quote") == 0 ? SQLITE_OK : SQLITE_DENY;
    default:
      return SQLITE_DENY;
    }
}

/* Column names of @table, in order; NULL if it does not exist. */
GPtrArray *
_lq_project_store_table_columns (LqProjectStore *self,
                                 const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info('%s')", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (columns->len == 0)
    return NULL;
  return g_steal_pointer (&columns);
}

/* Temporary triggers: for each row an edit changes, store the statement
 * that reverts it in the step being recorded. */
gboolean
_lq_project_store_install_history_triggers (LqProjectStore *self,
                                            GError **error)
{
  if (!lq_project_store_exec (self, "CREATE TEMP TABLE lq_recording (step_id INTEGER NOT NULL)", error))
    return FALSE;

  for (guint t = 0; t < G_N_ELEMENTS (undoable_tables); t++)
    {
      const char *table = undoable_tables[t];
      g_autoptr(GPtrArray) cols = _lq_project_store_table_columns (self, table);
      g_autoptr(GString) names = g_string_new (NULL);
      g_autoptr(GString) values = g_string_new (NULL);
      g_autoptr(GString) updates = g_string_new (NULL);
      g_autofree char *sql = NULL;
      const char *when = "WHEN EXISTS (SELECT 1 FROM temp.lq_recording)";
      const char *step = "(SELECT step_id FROM temp.lq_recording)";

      g_assert (cols != NULL);
      for (guint i = 0; i < cols->len; i++)
        {
          const char *c = g_ptr_array_index (cols, i);

          /* Every table's key is an INTEGER PRIMARY KEY: the rowid itself. */
          g_string_append_printf (names, "%s%s", i > 0 ? "," : "", c);
          g_string_append_printf (values, "%squote(OLD.%s)", i > 0 ? " || ',' || " : "", c);
          /* One statement per column: an edit records only the columns it
           * really changed (a move, one position per shifted track). One
           * trigger per table, not per column: opening a project creates
           * them, and the chain's settings are a hundred columns or more. */
          g_string_append_printf (updates,
            "  INSERT INTO undo_op (step_id, sql)"
            "    SELECT %s, 'UPDATE %s SET %s=' || quote(OLD.%s) || ' WHERE rowid=' || OLD.rowid"
            "    WHERE OLD.%s IS NOT NEW.%s;",
            step, table, c, c, c, c);
        }

      sql = g_strdup_printf (
        "CREATE TEMP TRIGGER lq_%s_insert AFTER INSERT ON main.%s %s BEGIN"
        "  INSERT INTO undo_op (step_id, sql) VALUES (%s, 'DELETE FROM %s WHERE rowid=' || NEW.rowid);"
        " END;"
        "CREATE TEMP TRIGGER lq_%s_update AFTER UPDATE ON main.%s %s BEGIN"
        "%s"
        " END;"
        "CREATE TEMP TRIGGER lq_%s_delete BEFORE DELETE ON main.%s %s BEGIN"
        "  INSERT INTO undo_op (step_id, sql) VALUES (%s, 'INSERT INTO %s (%s) VALUES (' || %s || ')');"
        " END;",
        table, table, when, step, table,
        table, table, when, updates->str,
        table, table, when, step, table, names->str, values->str);

      if (!lq_project_store_exec (self, sql, error))
        return FALSE;
    }
  return TRUE;
}

void
lq_project_store_free (LqProjectStore *self)
{
  if (self == NULL)
    return;
  /* Closing checkpoints the WAL into the file only if the file is still
   * under its name; checkpoint first, so a project renamed while open keeps
   * its edits. Without waiting: a reader elsewhere just keeps the WAL. */
  if (self->accepted && !self->read_only)
    {
      sqlite3_busy_timeout (self->db, 0);
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* releases the flock */
  g_free (self->uri);
  g_free (self->path);
  g_free (self);
}

const char *
lq_project_store_get_path (LqProjectStore *self)
{
  return self->path;
}

gboolean
lq_project_store_is_read_only (LqProjectStore *self)
{
  return self->read_only;
}

gboolean
lq_project_store_is_folder_read_only (LqProjectStore *self)
{
  return self->folder_read_only;
}

sqlite3 *
lq_project_store_get_db (LqProjectStore *self)
{
  return self->db;
}

static gboolean
refuse_read_only (LqProjectStore *self,
                  GError **error)
{
  if (self->read_only)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY, _("The project is open read-only"));
      return TRUE;
    }
  return FALSE;
}

static gint64
start_step (LqProjectStore *self,
            const char *stack,
            const char *label,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 step;

  stmt = lq_project_store_prepare (self, "INSERT INTO undo_step (stack, label) VALUES (?, ?)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, stack, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (self, error, _("Cannot write the project"));
      return -1;
    }
  step = sqlite3_last_insert_rowid (self->db);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = lq_project_store_prepare (self, "INSERT INTO temp.lq_recording (step_id) VALUES (?)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, step);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (self, error, _("Cannot write the project"));
      return -1;
    }
  return step;
}

static gboolean
commit (LqProjectStore *self,
        GError **error)
{
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self, error, _("Cannot save the edit"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (LqProjectStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
lq_project_store_edit (LqProjectStore *self,
                       const char *label,
                       LqStoreEditFunc func,
                       gpointer data,
                       GError **error)
{
  gint64 step = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (refuse_read_only (self, error))
    return FALSE;
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self, error, _("Cannot start the edit"));
      return FALSE;
    }

  if (label != NULL && (step = start_step (self, "undo", label, error)) < 0)
    goto fail;
  if (!func (self, data, error))
    goto fail;

  if (step >= 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "DELETE FROM temp.lq_recording;"
        /* An edit that changed nothing leaves no step behind... */
        "DELETE FROM undo_step WHERE id = %" G_GINT64_FORMAT
        "  AND NOT EXISTS (SELECT 1 FROM undo_op WHERE step_id = %" G_GINT64_FORMAT ");"
        /* ...and one that did makes the redo history obsolete. */
        "DELETE FROM undo_step WHERE stack = 'redo'"
        "  AND EXISTS (SELECT 1 FROM undo_step WHERE id = %" G_GINT64_FORMAT ");",
        step, step, step);

      if (!lq_project_store_exec (self, sql, error))
        goto fail;
    }

  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/* Moves the newest step of @from to @to by running its statements newest
 * first; the triggers record their inverses as the new step. */
static gboolean
replay (LqProjectStore *self,
        const char *from,
        const char *to,
        GError **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) ops = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *label = NULL;
  g_autofree char *sql = NULL;
  gint64 step;

  if (refuse_read_only (self, error))
    return FALSE;
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self, error, _("Cannot start the edit"));
      return FALSE;
    }

  last = lq_project_store_prepare (self, "SELECT id, label FROM undo_step WHERE stack = ? "
                                         "ORDER BY id DESC LIMIT 1", error);
  if (last == NULL)
    goto fail;
  sqlite3_bind_text (last, 1, from, -1, SQLITE_STATIC);
  if (sqlite3_step (last) != SQLITE_ROW)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO,
                   g_str_equal (from, "undo") ? _("Nothing to undo") : _("Nothing to redo"));
      goto fail;
    }
  step = sqlite3_column_int64 (last, 0);
  label = g_strdup ((const char *) sqlite3_column_text (last, 1));
  g_clear_pointer (&last, sqlite3_finalize);

  ops = lq_project_store_prepare (self, "SELECT sql FROM undo_op WHERE step_id = ? ORDER BY id DESC", error);
  if (ops == NULL)
    goto fail;
  sqlite3_bind_int64 (ops, 1, step);
  while (sqlite3_step (ops) == SQLITE_ROW)
    g_ptr_array_add (statements, g_strdup ((const char *) sqlite3_column_text (ops, 0)));
  g_clear_pointer (&ops, sqlite3_finalize);

  if (start_step (self, to, label != NULL ? label : "", error) < 0)
    goto fail;

  self->replaying = TRUE;
  for (guint i = 0; i < statements->len; i++)
    {
      const char *text = g_ptr_array_index (statements, i);
      const char *tail = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, text, -1, &stmt, &tail);

      /* One statement each, as the triggers wrote them. */
      if (rc != SQLITE_OK || stmt == NULL || (tail != NULL && *tail != '\0')
          || sqlite3_step (stmt) != SQLITE_DONE)
        {
          self->replaying = FALSE;
          if (rc == SQLITE_OK && stmt != NULL && (tail == NULL || *tail == '\0'))
            lq_project_store_set_error (self, error, _("Cannot apply the edit history"));
          else
            g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT,
                         _("The project’s edit history is damaged"));
          goto fail;
        }
    }
  self->replaying = FALSE;

  sql = g_strdup_printf ("DELETE FROM temp.lq_recording;"
                         "DELETE FROM undo_step WHERE id = %" G_GINT64_FORMAT ";", step);
  if (!lq_project_store_exec (self, sql, error))
    goto fail;

  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

gboolean
lq_project_store_undo (LqProjectStore *self,
                       GError **error)
{
  return replay (self, "undo", "redo", error);
}

gboolean
lq_project_store_redo (LqProjectStore *self,
                       GError **error)
{
  return replay (self, "redo", "undo", error);
}

static char *
top_label (LqProjectStore *self,
           const char *stack)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT label FROM undo_step WHERE stack = ? ORDER BY id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, stack, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

char *
lq_project_store_get_undo_label (LqProjectStore *self)
{
  return top_label (self, "undo");
}

char *
lq_project_store_get_redo_label (LqProjectStore *self)
{
  return top_label (self, "redo");
}


gboolean
lq_project_store_forget_history (LqProjectStore *self,
                                 GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return lq_project_store_exec (self, "BEGIN IMMEDIATE;"
                                      "DELETE FROM undo_op; DELETE FROM undo_step;"
                                      "COMMIT;", error);
}

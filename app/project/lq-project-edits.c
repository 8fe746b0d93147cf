/* lq-project-edits.c: the album's edits: setting album and track fields,
 * adding files, moving and removing tracks.
 *
 * Each is one undoable edit that writes everything or nothing: a bad value
 * or a failed write leaves the project as it was, with an error saying why.
 * Adding files reads them first (on a worker thread for the _async form).
 *
 * May call: lq-project-commit.c (the edit core), lq-project-model.c
 * (getters), lq-project-sources.c (reading the files), the store, fields.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lq-error.h"
#include "lq-project-private.h"
#include "lq-track-private.h"

typedef struct
{
  const LqField *field;
  GValue value;
  /* The "cover" key: the picture read (NULL: remove the cover). */
  gboolean is_cover;
  LqCover *cover;
} Assignment;

static void
assignments_free (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    {
      Assignment *x = &g_array_index (a, Assignment, i);

      if (G_IS_VALUE (&x->value))
        g_value_unset (&x->value);
      lq_cover_free (x->cover);
    }
  g_array_unref (a);
}

typedef GArray LqAssignments;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqAssignments, assignments_free)

/* Parses every "key=value" before anything is written. */
static GArray *
parse_assignments (const char *const *assignments,
                   gboolean album,
                   GError **error)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Assignment));

  if (assignments == NULL || assignments[0] == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("Nothing to set: give key=value"));
      assignments_free (out);
      return NULL;
    }

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *key = eq != NULL ? g_strndup (assignments[i], eq - assignments[i]) : NULL;
      const LqField *field = key != NULL ? lq_project_fields_lookup (album, g_strstrip (key)) : NULL;
      Assignment a = { field, G_VALUE_INIT, FALSE, NULL };

      if (eq == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("“%s” is not key=value"), assignments[i]);
          assignments_free (out);
          return NULL;
        }
      /* The cover is read now, before anything is written. */
      if (field == NULL && album && g_strcmp0 (key, LQ_COVER_KEY) == 0)
        {
          a.field = _lq_project_cover_field ();
          a.is_cover = TRUE;
          if (eq[1] != '\0' && (a.cover = lq_cover_new_from_file (eq + 1, error)) == NULL)
            {
              assignments_free (out);
              return NULL;
            }
          g_array_append_val (out, a);
          continue;
        }
      if (field == NULL)
        {
          guint n;
          const LqField *fields = album ? lq_project_fields_album (&n) : lq_project_fields_track (&n);
          g_autoptr(GString) keys = g_string_new (NULL);

          for (guint k = 0; k < n; k++)
            g_string_append_printf (keys, "%s%s", k > 0 ? ", " : "", fields[k].key);
          if (album)
            g_string_append (keys, ", " LQ_COVER_KEY);
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       album ? _("Unknown album key “%s”; album keys are: %s")
                             : _("Unknown track key “%s”; track keys are: %s"),
                       key, keys->str);
          assignments_free (out);
          return NULL;
        }
      if (!lq_field_parse (field, eq + 1, &a.value, error))
        {
          assignments_free (out);
          return NULL;
        }
      g_array_append_val (out, a);
    }
  return out;
}

typedef struct
{
  GArray *assignments;
  gint64 track_id;   /* 0 for the album */
} SetData;

static gboolean
set_edit (LqProjectStore *store,
          gpointer user_data,
          GError **error)
{
  SetData *d = user_data;

  for (guint i = 0; i < d->assignments->len; i++)
    {
      Assignment *a = &g_array_index (d->assignments, Assignment, i);
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (a->is_cover)
        {
          if (!_lq_project_cover_edit (store, a->cover, error))
            return FALSE;
          continue;
        }
      /* Only a value that differs is written: setting a field to what it
       * holds records nothing, so it is no undo step and keeps the redo history. */
      if (d->track_id == 0)
        sql = g_strdup_printf ("UPDATE album SET %s = ?1 WHERE id = 1 AND %s IS NOT ?1",
                               a->field->column, a->field->column);
      else if (g_str_equal (a->field->table, "track"))
        sql = g_strdup_printf ("UPDATE track SET %s = ?1 WHERE id = ?2 AND %s IS NOT ?1",
                               a->field->column, a->field->column);
      else
        {
          /* A track a format-1 history brought back has no row here yet. */
          g_autofree char *ensure = g_strdup_printf ("INSERT OR IGNORE INTO %s (track_id) VALUES (?)",
                                                     a->field->table);
          g_autoptr(sqlite3_stmt) insert = lq_project_store_prepare (store, ensure, error);

          if (insert == NULL)
            return FALSE;
          sqlite3_bind_int64 (insert, 1, d->track_id);
          if (sqlite3_step (insert) != SQLITE_DONE)
            {
              lq_project_store_set_error (store, error, _("Cannot save the edit"));
              return FALSE;
            }
          sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE track_id = ?2 AND %s IS NOT ?1",
                                 a->field->table, a->field->column, a->field->column);
        }

      stmt = lq_project_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      _lq_project_bind_value (stmt, 1, &a->value);
      if (d->track_id != 0)
        sqlite3_bind_int64 (stmt, 2, d->track_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          lq_project_store_set_error (store, error, _("Cannot save the edit"));
          return FALSE;
        }
    }
  return d->track_id == 0 || _lq_project_check_track_times (store, d->track_id, error);
}

gboolean
lq_project_set_album (LqProject *self,
                      const char *const *assignments,
                      GError **error)
{
  g_autoptr(LqAssignments) parsed = NULL;
  g_autofree char *label = NULL;
  SetData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  parsed = parse_assignments (assignments, TRUE, error);
  if (parsed == NULL)
    return FALSE;
  label = parsed->len == 1
    ? g_strdup_printf (_("Set Album %s"), _(g_array_index (parsed, Assignment, 0).field->label))
    : g_strdup (_("Edit Album"));
  d.assignments = parsed;
  d.track_id = 0;
  return _lq_project_commit (self, label, set_edit, &d, error);
}

gboolean
lq_project_set_track (LqProject *self,
                      guint position,
                      const char *const *assignments,
                      GError **error)
{
  g_autoptr(LqAssignments) parsed = NULL;
  g_autofree char *label = NULL;
  SetData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!_lq_project_check_position (self, position, error))
    return FALSE;
  parsed = parse_assignments (assignments, FALSE, error);
  if (parsed == NULL)
    return FALSE;
  label = parsed->len == 1
    ? g_strdup_printf (_("Set %s of Track %u"), _(g_array_index (parsed, Assignment, 0).field->label), position)
    : g_strdup_printf (_("Edit Track %u"), position);
  d.assignments = parsed;
  d.track_id = lq_track_get_id (lq_project_get_track (self, position));
  return _lq_project_commit (self, label, set_edit, &d, error);
}

typedef struct
{
  GPtrArray *infos;
  guint position;   /* 1-based insertion point */
} AddData;

static gboolean
add_edit (LqProjectStore *store,
          gpointer user_data,
          GError **error)
{
  AddData *d = user_data;
  g_autoptr(sqlite3_stmt) shift = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) processing = NULL;

  shift = lq_project_store_prepare (store, "UPDATE track SET position = position + ? WHERE position >= ?", error);
  insert = lq_project_store_prepare (store,
    "INSERT INTO track (position, source_path, source_size, source_mtime, source_mtime_ns, "
    "source_ctime_ns, source_inode, source_fingerprint, duration_s, title, artist, gap_s) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  processing = lq_project_store_prepare (store, "INSERT INTO track_processing (track_id) VALUES (?)", error);
  if (shift == NULL || insert == NULL || processing == NULL)
    return FALSE;

  sqlite3_bind_int (shift, 1, d->infos->len);
  sqlite3_bind_int (shift, 2, d->position);
  if (sqlite3_step (shift) != SQLITE_DONE)
    goto fail;

  for (guint i = 0; i < d->infos->len; i++)
    {
      LqSourceInfo *info = g_ptr_array_index (d->infos, i);
      guint position = d->position + i;

      sqlite3_reset (insert);
      sqlite3_bind_int (insert, 1, position);
      sqlite3_bind_text (insert, 2, info->source, -1, SQLITE_STATIC);
      _lq_project_bind_identity (insert, 3, &info->stat);
      sqlite3_bind_text (insert, 8, info->fingerprint, -1, SQLITE_STATIC);
      sqlite3_bind_double (insert, 9, info->duration);
      sqlite3_bind_text (insert, 10, info->title != NULL ? info->title : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 11, info->artist != NULL ? info->artist : "", -1, SQLITE_STATIC);
      /* Red Book: the first track's pregap is 2 s. */
      sqlite3_bind_double (insert, 12, position == 1 ? 2.0 : 0.0);
      if (sqlite3_step (insert) != SQLITE_DONE)
        goto fail;

      sqlite3_reset (processing);
      sqlite3_bind_int64 (processing, 1, sqlite3_last_insert_rowid (lq_project_store_get_db (store)));
      if (sqlite3_step (processing) != SQLITE_DONE)
        goto fail;
    }
  return TRUE;

fail:
  lq_project_store_set_error (store, error, _("Cannot save the edit"));
  return FALSE;
}

static gboolean
commit_add (LqProject *self,
            GPtrArray *infos,
            guint position,
            GError **error)
{
  g_autofree char *label = NULL;
  AddData d;

  if (!_lq_project_check_insert_position (self, &position, error))
    return FALSE;
  if (infos->len == 0)
    return TRUE;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %u Track", "Add %u Tracks", infos->len),
                           infos->len);
  d.infos = infos;
  d.position = position;
  return _lq_project_commit (self, label, add_edit, &d, error);
}

gboolean
lq_project_add_files (LqProject *self,
                      const char *const *paths,
                      guint position,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autoptr(GPtrArray) infos = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  /* Check first: a bad position should not wait for files to be read. */
  if (!_lq_project_check_insert_position (self, &(guint) { position }, error))
    return FALSE;
  infos = _lq_project_read_sources (self, paths, cancellable, error);
  if (infos == NULL)
    return FALSE;
  return commit_add (self, infos, position, error);
}

/* Adding on a worker: the files are rows at once ---------------------- */

typedef struct
{
  LqProject *project;
  GStrv paths;
  guint position;
  GPtrArray *pending;    /* LqTrack, one per path, in the track list meanwhile */
  GPtrArray *infos;      /* LqSourceInfo of the files that could be read */
  GString *failures;     /* "file: why" of those that could not */
  int failure_code;
} AddTaskData;

static void
add_task_data_free (AddTaskData *d)
{
  g_object_unref (d->project);
  g_strfreev (d->paths);
  g_ptr_array_unref (d->pending);
  g_clear_pointer (&d->infos, g_ptr_array_unref);
  g_string_free (d->failures, TRUE);
  g_free (d);
}

/* The pending rows leave the track list (the tracks added replace them). */
static void
remove_pending (AddTaskData *d)
{
  LqProject *self = d->project;

  for (guint i = 0; i < d->pending->len; i++)
    {
      guint index;

      if (g_list_store_find (self->tracks, g_ptr_array_index (d->pending, i), &index))
        {
          g_assert (self->n_pending > 0);
          self->n_pending--;
          g_list_store_remove (self->tracks, index);
        }
    }
  g_ptr_array_set_size (d->pending, 0);
}

static void
add_thread (GTask *task,
            gpointer source_object,
            gpointer task_data,
            GCancellable *cancellable)
{
  AddTaskData *d = task_data;

  /* Only the paths and the project's folder are read here. */
  for (guint i = 0; d->paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      LqSourceInfo *info = _lq_project_read_source (source_object, d->paths[i], cancellable, &error);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (info != NULL)
        {
          g_ptr_array_add (d->infos, info);
          continue;
        }
      if (d->failures->len == 0)
        d->failure_code = error->domain == LQ_ERROR ? error->code : LQ_ERROR_FAILED;
      g_string_append_printf (d->failures, "%s%s", d->failures->len > 0 ? "\n" : "", error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static void
add_done_cb (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  AddTaskData *d = g_task_get_task_data (outer);
  GError *error = NULL;

  remove_pending (d);
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !commit_add (d->project, d->infos, d->position, &error))
    g_task_return_error (outer, error);
  else if (d->failures->len > 0)
    g_task_return_new_error (outer, LQ_ERROR, d->failure_code, "%s", d->failures->str);
  else
    g_task_return_boolean (outer, TRUE);
}

void
lq_project_add_files_async (LqProject *self,
                            const char *const *paths,
                            guint position,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  AddTaskData *d;

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (paths != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lq_project_add_files_async);
  d = g_new0 (AddTaskData, 1);
  d->project = g_object_ref (self);
  d->paths = g_strdupv ((char **) paths);
  d->position = position;
  d->pending = g_ptr_array_new_with_free_func (g_object_unref);
  d->infos = g_ptr_array_new_with_free_func ((GDestroyNotify) _lq_source_info_free);
  d->failures = g_string_new (NULL);
  g_task_set_task_data (outer, d, (GDestroyNotify) add_task_data_free);

  /* A project that cannot take them shows no rows. */
  if (!_lq_project_check_insert_position (self, &(guint) { position }, &error))
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }

  /* The rows show at once, after the tracks (they take their place when
   * the files are read), whatever @position is. */
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (d->pending, _lq_track_new_pending (paths[i]));
  self->n_pending += d->pending->len;
  g_list_store_splice (self->tracks, g_list_model_get_n_items (G_LIST_MODEL (self->tracks)), 0,
                       d->pending->pdata, d->pending->len);

  inner = g_task_new (self, cancellable, add_done_cb, outer);
  g_task_set_task_data (inner, d, NULL);
  g_task_run_in_thread (inner, add_thread);
}

gboolean
lq_project_add_files_finish (LqProject *self,
                             GAsyncResult *result,
                             GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint from;
  guint to;
} MoveData;

static gboolean
move_edit (LqProjectStore *store,
           gpointer user_data,
           GError **error)
{
  MoveData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "UPDATE track SET position = CASE"
    "  WHEN position = ?1 THEN ?2"
    "  WHEN ?1 < ?2 AND position > ?1 AND position <= ?2 THEN position - 1"
    "  WHEN ?1 > ?2 AND position >= ?2 AND position < ?1 THEN position + 1"
    "  ELSE position END"
    " WHERE position BETWEEN min(?1, ?2) AND max(?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, d->from);
  sqlite3_bind_int (stmt, 2, d->to);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return d->from != 1 && d->to != 1 ? TRUE : _lq_project_default_first_gap (store, error);
}

gboolean
lq_project_move_track (LqProject *self,
                       guint from,
                       guint to,
                       GError **error)
{
  g_autofree char *label = NULL;
  MoveData d = { from, to };

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!_lq_project_check_position (self, from, error) || !_lq_project_check_position (self, to, error))
    return FALSE;
  if (from == to)
    return TRUE;
  label = g_strdup_printf (_("Move Track %u to %u"), from, to);
  return _lq_project_commit (self, label, move_edit, &d, error);
}

static gboolean
remove_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  guint position = GPOINTER_TO_UINT (user_data);
  g_autoptr(sqlite3_stmt) del = lq_project_store_prepare (store, "DELETE FROM track WHERE position = ?", error);
  g_autoptr(sqlite3_stmt) shift = lq_project_store_prepare (store,
    "UPDATE track SET position = position - 1 WHERE position > ?", error);

  if (del == NULL || shift == NULL)
    return FALSE;
  sqlite3_bind_int (del, 1, position);
  sqlite3_bind_int (shift, 1, position);
  if (sqlite3_step (del) != SQLITE_DONE || sqlite3_step (shift) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return position != 1 ? TRUE : _lq_project_default_first_gap (store, error);
}

gboolean
lq_project_remove_track (LqProject *self,
                         guint position,
                         GError **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!_lq_project_check_position (self, position, error))
    return FALSE;
  label = g_strdup_printf (_("Remove Track %u"), position);
  return _lq_project_commit (self, label, remove_edit, GUINT_TO_POINTER (position), error);
}

/* lq-project-commit.c: the edit core.
 *
 * Every edit of the album runs here as one transaction of the store (one
 * undo step, durable when the call returns), after which the objects are
 * brought in step with the file: the file is the single source of truth and
 * the objects never hold an edit it lacks. The checks that several edits
 * share live here too: a track position, an insertion point, the trims and
 * fades of a track, and the Red Book pregap of the first track.
 *
 * May call: lq-project-model.c (reload, getters), the store.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lq-error.h"
#include "lq-project-private.h"

/* Transactions ----------------------------------------------------------- */

gboolean
_lq_project_finish_edit (LqProject *self,
                         gboolean ok,
                         GError **error)
{
  g_autoptr(GError) reload_error = NULL;

  /* Whatever happened, the objects follow the file. */
  if (!_lq_project_reload (self, ok ? error : &reload_error))
    return FALSE;
  return ok;
}

gboolean
_lq_project_commit (LqProject *self,
                    const char *label,
                    LqStoreEditFunc func,
                    gpointer data,
                    GError **error)
{
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, func, data, error), error);
}

/* Checks and values shared by the edits --------------------------------------- */

gboolean
_lq_project_check_position (LqProject *self,
                            guint position,
                            GError **error)
{
  guint n = lq_project_get_n_tracks (self);

  if (position >= 1 && position <= n)
    return TRUE;
  if (n == 0)
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("There is no track %u: the album is empty"), position);
  else
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("There is no track %u: the album has tracks 1 to %u"), position, n);
  return FALSE;
}

gboolean
_lq_project_check_track_times (LqProjectStore *store,
                               gint64 id,
                               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lq_project_store_prepare (store, "SELECT duration_s, trim_in_s, trim_out_s, fade_in_s, fade_out_s "
                                     "FROM track WHERE id = ?", error);
  double duration, trim_in, trim_out, fade_in, fade_out, left;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  duration = sqlite3_column_double (stmt, 0);
  trim_in = sqlite3_column_double (stmt, 1);
  trim_out = sqlite3_column_double (stmt, 2);
  fade_in = sqlite3_column_double (stmt, 3);
  fade_out = sqlite3_column_double (stmt, 4);
  left = duration - trim_in - trim_out;

  if (left < 0.1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("trim-in plus trim-out (%.2f s) must leave at least 0.1 s of the %.2f s track"),
                   trim_in + trim_out, duration);
      return FALSE;
    }
  if (fade_in + fade_out > left + 1e-9)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("fade-in plus fade-out (%.2f s) is longer than the trimmed track (%.2f s)"),
                   fade_in + fade_out, left);
      return FALSE;
    }
  return TRUE;
}

gboolean
_lq_project_check_insert_position (LqProject *self,
                                   guint *position,
                                   GError **error)
{
  guint n = lq_project_get_n_tracks (self);

  if (*position == 0)
    *position = n + 1;
  if (*position > n + 1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Cannot add at position %u: the album has %u tracks (positions 1 to %u)"),
                   *position, n, n + 1);
      return FALSE;
    }
  if (lq_project_get_read_only (self))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY, _("The project is open read-only"));
      return FALSE;
    }
  return TRUE;
}

void
_lq_project_bind_value (sqlite3_stmt *stmt,
                        int index,
                        const GValue *value)
{
  if (!G_IS_VALUE (value) || G_VALUE_HOLDS_POINTER (value))
    sqlite3_bind_null (stmt, index);
  else if (G_VALUE_HOLDS_STRING (value))
    {
      if (g_value_get_string (value) == NULL)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_text (stmt, index, g_value_get_string (value), -1, SQLITE_TRANSIENT);
    }
  else if (G_VALUE_HOLDS_DOUBLE (value))
    sqlite3_bind_double (stmt, index, g_value_get_double (value));
  else if (G_VALUE_HOLDS_INT64 (value))
    sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    sqlite3_bind_int (stmt, index, g_value_get_boolean (value) ? 1 : 0);
}

gboolean
_lq_project_default_first_gap (LqProjectStore *store,
                               GError **error)
{
  return lq_project_store_exec (store, "UPDATE track SET gap_s = 2.0 WHERE position = 1 AND gap_s = 0", error);
}

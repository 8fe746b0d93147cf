/* lq-project-abx.c: the blind tests the project keeps.
 *
 * Each finished ABX test (lq-abx-session.h) is stored with every trial and
 * the fingerprints of both sources, so a result stays tied to the audio
 * compared. Records of listening, not album edits: outside the undo
 * history, and kept when the track they were of is removed.
 *
 * May call: the store only.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lq-error.h"
#include "lq-project-private.h"

void
lq_abx_record_free (LqAbxRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->a_name);
  g_free (record->a_fingerprint);
  g_free (record->b_name);
  g_free (record->b_fingerprint);
  g_clear_pointer (&record->trials, g_array_unref);
  g_free (record);
}

typedef struct
{
  LqAbxSession *session;
  gint64 track_id;
  gint64 time;
  gint64 id;   /* out */
} SaveData;

static gboolean
save_edit (LqProjectStore *store,
           gpointer user_data,
           GError **error)
{
  SaveData *d = user_data;
  g_autoptr(sqlite3_stmt) test = lq_project_store_prepare (store,
    "INSERT INTO abx_test (time, track_id, a_name, a_fingerprint, b_name, b_fingerprint, "
    "n_trials, correct, p_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  g_autoptr(sqlite3_stmt) trial = NULL;
  const LqAbxTrial *trials;
  guint n;

  if (test == NULL)
    return FALSE;
  trials = lq_abx_session_get_trials (d->session, &n);
  sqlite3_bind_int64 (test, 1, d->time);
  if (d->track_id > 0)
    sqlite3_bind_int64 (test, 2, d->track_id);
  sqlite3_bind_text (test, 3, lq_abx_session_get_source (d->session, LQ_ABX_A), -1, SQLITE_STATIC);
  sqlite3_bind_text (test, 4, lq_abx_session_get_fingerprint (d->session, LQ_ABX_A), -1, SQLITE_STATIC);
  sqlite3_bind_text (test, 5, lq_abx_session_get_source (d->session, LQ_ABX_B), -1, SQLITE_STATIC);
  sqlite3_bind_text (test, 6, lq_abx_session_get_fingerprint (d->session, LQ_ABX_B), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (test, 7, n);
  sqlite3_bind_int64 (test, 8, lq_abx_session_get_correct (d->session));
  sqlite3_bind_double (test, 9, lq_abx_session_get_p_value (d->session));
  if (sqlite3_step (test) != SQLITE_DONE)
    goto failed;
  d->id = sqlite3_last_insert_rowid (lq_project_store_get_db (store));

  trial = lq_project_store_prepare (store, "INSERT INTO abx_trial (test_id, idx, time, x, answer) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (trial == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (trial);
      sqlite3_bind_int64 (trial, 1, d->id);
      sqlite3_bind_int64 (trial, 2, i + 1);
      sqlite3_bind_int64 (trial, 3, trials[i].time_us);
      sqlite3_bind_text (trial, 4, trials[i].x == LQ_ABX_A ? "a" : "b", -1, SQLITE_STATIC);
      sqlite3_bind_text (trial, 5, trials[i].answer == LQ_ABX_A ? "a" : "b", -1, SQLITE_STATIC);
      if (sqlite3_step (trial) != SQLITE_DONE)
        goto failed;
    }
  return TRUE;

failed:
  lq_project_store_set_error (store, error, _("Cannot save the blind test"));
  return FALSE;
}

gint64
lq_project_save_abx (LqProject *self,
                     LqTrack *track,
                     LqAbxSession *session,
                     GError **error)
{
  SaveData d = { session, 0, g_get_real_time () / G_USEC_PER_SEC, 0 };

  g_return_val_if_fail (LQ_IS_PROJECT (self), 0);
  g_return_val_if_fail (track == NULL || LQ_IS_TRACK (track), 0);
  g_return_val_if_fail (LQ_IS_ABX_SESSION (session), 0);

  if (!lq_abx_session_is_finished (session))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The blind test is not finished: %u of %u trials answered"),
                   lq_abx_session_get_n_answered (session), lq_abx_session_get_n_trials (session));
      return 0;
    }
  if (lq_project_get_read_only (self))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY, _("The project is open read-only"));
      return 0;
    }
  if (track != NULL)
    d.track_id = lq_track_get_id (track);
  if (!lq_project_store_edit (self->store, NULL, save_edit, &d, error))
    return 0;
  return d.id;
}

/* Fills each record's trials, in order. */
static gboolean
read_trials (LqProject *self,
             GPtrArray *records,
             GHashTable *by_id,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (self->store,
    "SELECT test_id, time, x, answer FROM abx_trial ORDER BY test_id, idx", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LqAbxRecord *r = g_hash_table_lookup (by_id, &id);
      LqAbxTrial t;

      if (r == NULL)
        continue;
      t.time_us = sqlite3_column_int64 (stmt, 1);
      t.x = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "a") == 0 ? LQ_ABX_A : LQ_ABX_B;
      t.answer = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "a") == 0 ? LQ_ABX_A : LQ_ABX_B;
      g_array_append_val (r->trials, t);
    }
  return TRUE;
}

GPtrArray *
lq_project_list_abx (LqProject *self,
                     GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_abx_record_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  stmt = lq_project_store_prepare (self->store,
    "SELECT id, time, track_id, a_name, a_fingerprint, b_name, b_fingerprint, n_trials, correct, "
    "p_value FROM abx_test ORDER BY time, id", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LqAbxRecord *r = g_new0 (LqAbxRecord, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->time = sqlite3_column_int64 (stmt, 1);
      r->track_id = sqlite3_column_int64 (stmt, 2);   /* NULL: 0 */
      r->a_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      r->a_fingerprint = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      r->b_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      r->b_fingerprint = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      r->n_trials = (guint) sqlite3_column_int64 (stmt, 7);
      r->correct = (guint) sqlite3_column_int64 (stmt, 8);
      r->p_value = sqlite3_column_double (stmt, 9);
      r->trials = g_array_sized_new (FALSE, FALSE, sizeof (LqAbxTrial), r->n_trials);
      g_ptr_array_add (records, r);
      g_hash_table_insert (by_id, &r->id, r);
    }
  if (!read_trials (self, records, by_id, error))
    return NULL;
  return g_steal_pointer (&records);
}

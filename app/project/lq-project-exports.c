/* lq-project-exports.c: what the exports wrote, one record a track.
 *
 * Beside the match and the analysis (lq-project-private.h): it reads and
 * writes the export_record table through the store, outside the undo
 * history; a read-only project keeps its records in memory.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-project-private.h"

#define MEMORY_KEY "lq-export-records"

/* Columns a render does not read: where the source is (a relinked file with
 * the same content renders the same; its fingerprint is compared apart)
 * and the source's identity on disk, refreshed silently. */
static const char *const ignored_track_columns[] = {
  "source_path", "source_size", "source_mtime", "source_mtime_ns", "source_ctime_ns",
  "source_inode", "source_fingerprint", "duration_s",
};

void
lq_export_record_free (LqExportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->path);
  g_free (record->target);
  g_free (record->source_fingerprint);
  g_free (record->inputs);
  g_free (record);
}

static LqExportRecord *
record_copy (const LqExportRecord *r)
{
  LqExportRecord *copy = g_new0 (LqExportRecord, 1);

  *copy = *r;
  copy->path = g_strdup (r->path);
  copy->target = g_strdup (r->target);
  copy->source_fingerprint = g_strdup (r->source_fingerprint);
  copy->inputs = g_strdup (r->inputs);
  return copy;
}

/* Adds every column of the row @stmt steps to (skipping @ignored) to @sum. */
static void
checksum_rows (GChecksum *sum,
               sqlite3_stmt *stmt,
               const char *const *ignored,
               guint n_ignored)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      {
        const char *name = sqlite3_column_name (stmt, c);
        const unsigned char *text;
        gboolean skip = FALSE;

        for (guint i = 0; i < n_ignored; i++)
          skip = skip || g_str_equal (name, ignored[i]);
        if (skip)
          continue;
        text = sqlite3_column_text (stmt, c);
        g_checksum_update (sum, (const guchar *) name, -1);
        g_checksum_update (sum, (const guchar *) "=", 1);
        if (text != NULL)
          g_checksum_update (sum, text, -1);
        else
          g_checksum_update (sum, (const guchar *) "\1NULL", -1);
        g_checksum_update (sum, (const guchar *) "\n", 1);
      }
}

char *
lq_project_get_export_inputs (LqProject *self,
                              LqTrack *track)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  static const char *const queries[] = {
    "SELECT * FROM track WHERE id = ?1",
    "SELECT * FROM track_processing WHERE track_id = ?1",
    /* The album's fields are tags and its bus, limiter and target. */
    "SELECT * FROM album",
  };

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (self->store, queries[q], NULL);

      if (stmt == NULL)
        continue;
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_int64 (stmt, 1, lq_track_get_id (track));
      checksum_rows (sum, stmt, ignored_track_columns,
                     q == 0 ? G_N_ELEMENTS (ignored_track_columns) : 0);
    }
  /* The stored match gain and correction are in track_processing; the
   * match's settings on the album row. */
  return g_strdup (g_checksum_get_string (sum));
}

static GHashTable *
memory_records (LqProject *self)
{
  GHashTable *records = g_object_get_data (G_OBJECT (self), MEMORY_KEY);

  if (records == NULL)
    {
      records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) lq_export_record_free);
      g_object_set_data_full (G_OBJECT (self), MEMORY_KEY, records,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return records;
}

typedef struct
{
  gint64 track_id;
  const LqExportRecord *record;
} RecordEdit;

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int index,
                     double value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
record_edit (LqProjectStore *store,
             gpointer data,
             GError **error)
{
  RecordEdit *edit = data;
  const LqExportRecord *r = edit->record;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = lq_project_store_prepare (store,
    "INSERT OR REPLACE INTO export_record (track_id, path, time, integrated_lufs,"
    " true_peak_dbtp, target, source_fingerprint, inputs, album_lufs)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, edit->track_id);
  sqlite3_bind_text (stmt, 2, r->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, r->time);
  bind_double_or_null (stmt, 4, r->integrated_lufs);
  bind_double_or_null (stmt, 5, r->true_peak_dbtp);
  sqlite3_bind_text (stmt, 6, r->target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, r->source_fingerprint != NULL ? r->source_fingerprint : "", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, r->inputs != NULL ? r->inputs : "", -1, SQLITE_STATIC);
  bind_double_or_null (stmt, 9, r->album_lufs);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, "Storing the export");
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_project_record_export (LqProject *self,
                          gint64 track_id,
                          const LqExportRecord *record,
                          GError **error)
{
  RecordEdit edit = { track_id, record };

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->path != NULL, FALSE);

  if (g_hash_table_lookup (self->by_id, &track_id) == NULL)
    return TRUE;
  if (lq_project_store_is_read_only (self->store))
    g_hash_table_replace (memory_records (self), g_memdup2 (&track_id, sizeof track_id),
                          record_copy (record));
  /* No label: not an album edit, so no undo step. */
  else if (!lq_project_store_edit (self->store, NULL, record_edit, &edit, error))
    return FALSE;
  _lq_project_notify_export (self);
  return TRUE;
}

static double
column_double_or_nan (sqlite3_stmt *stmt,
                      int col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, col);
}

static LqExportRecord *
load_record (LqProject *self,
             gint64 track_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LqExportRecord *r;

  if (lq_project_store_is_read_only (self->store))
    {
      LqExportRecord *mem = g_hash_table_lookup (memory_records (self), &track_id);

      if (mem != NULL)
        return record_copy (mem);
    }
  stmt = lq_project_store_prepare (self->store,
    "SELECT path, time, integrated_lufs, true_peak_dbtp, target, source_fingerprint, inputs,"
    " album_lufs"
    " FROM export_record WHERE track_id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, track_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  r = g_new0 (LqExportRecord, 1);
  r->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  r->time = sqlite3_column_int64 (stmt, 1);
  r->integrated_lufs = column_double_or_nan (stmt, 2);
  r->true_peak_dbtp = column_double_or_nan (stmt, 3);
  r->target = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  r->source_fingerprint = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  r->inputs = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  r->album_lufs = column_double_or_nan (stmt, 7);
  return r;
}

LqExportRecord *
lq_project_get_last_export (LqProject *self,
                            LqTrack *track)
{
  LqExportRecord *r;
  g_autofree char *inputs = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  r = load_record (self, lq_track_get_id (track));
  if (r == NULL)
    return NULL;
  inputs = lq_project_get_export_inputs (self, track);
  r->stale = g_strcmp0 (r->inputs, inputs) != 0
             || g_strcmp0 (r->source_fingerprint, lq_track_get_fingerprint (track)) != 0
             || lq_track_get_status (track) != LQ_TRACK_STATUS_OK;
  return r;
}

/* What the album's figures leave out --------------------------------------- */

char *
lq_project_dup_left_out (LqProject *self)
{
  g_autoptr(GString) s = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      g_autofree char *clause = NULL;

      if (lq_track_get_analysis (track) != NULL)
        continue;
      switch (lq_track_get_status (track))
        {
        case LQ_TRACK_STATUS_MISSING:
          clause = g_strdup_printf (_("Track %u is missing"), p);
          break;
        case LQ_TRACK_STATUS_CHANGED:
          clause = g_strdup_printf (_("Track %u has changed since it was measured"), p);
          break;
        default:
          clause = g_strdup_printf (_("Track %u is not measured yet"), p);
          break;
        }
      if (s == NULL)
        s = g_string_new (clause);
      else
        {
          g_string_append (s, "; ");
          g_string_append (s, clause);
        }
    }
  return s != NULL ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

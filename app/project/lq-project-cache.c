/* lq-project-cache.c: the analyses and waveforms the project stores.
 *
 * An analysis is cached under the fingerprint of the audio it measured
 * (lq-project-analyze.c and lq-project-references.c measure it), so a track gets it back whatever its
 * file is called; an analysis from another analyser version is ignored
 * (measured again). The waveform overview is kept at three resolutions.
 *
 * May call: the store and the track type only.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lq-analysis-json.h"
#include "lq-project-private.h"
#include "lq-waveform.h"

static GArray *
blob_to_doubles (const void *blob,
                 int bytes)
{
  guint n = bytes > 0 ? (guint) bytes / sizeof (guint64) : 0;
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  const guint8 *p = blob;

  for (guint i = 0; i < n; i++)
    {
      guint64 bits;
      double d;

      memcpy (&bits, p + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&d, &bits, sizeof d);
      g_array_append_val (a, d);
    }
  return a;
}

static GBytes *
doubles_to_blob (const GArray *a)
{
  guint64 *out = g_new (guint64, MAX (a->len, 1));

  for (guint i = 0; i < a->len; i++)
    {
      guint64 bits;
      memcpy (&bits, &g_array_index (a, double, i), sizeof bits);
      out[i] = GUINT64_TO_LE (bits);
    }
  return g_bytes_new_take (out, a->len * sizeof (guint64));
}



/* The waveform overview at the analysis' resolution and two coarser ones
 * (x16, x256), so a view of any width reads little. */
static gboolean
store_waveforms (LqProjectStore *store,
                 LqCacheData *d,
                 GError **error)
{
  guint frames_per_peak = 0;
  GBytes *finest = lq_track_analysis_get_waveform (d->analysis, &frames_per_peak);
  guint peak_size = 2 * lq_track_analysis_get_measures (d->analysis)->channels;
  g_autoptr(GBytes) level = finest != NULL ? g_bytes_ref (finest) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (finest == NULL)
    return TRUE;
  stmt = lq_project_store_prepare (store, "INSERT OR REPLACE INTO waveform (fingerprint, frames_per_peak, peaks) "
                                          "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint k = 0; k < 3; k++)
    {
      gsize len;
      const int8_t *data = g_bytes_get_data (level, &len);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, d->fingerprint, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, frames_per_peak);
      sqlite3_bind_blob (stmt, 3, len > 0 ? data : (const void *) "", (int) len, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          lq_project_store_set_error (store, error, _("Cannot save the analysis"));
          return FALSE;
        }
      if (k < 2)
        {
          guint n = len / peak_size;
          int8_t *coarser = g_new (int8_t, (n / 16 + 1) * peak_size);
          guint m = lq_waveform_reduce (data, n, peak_size, 16, coarser);

          g_bytes_unref (level);
          level = g_bytes_new_take (coarser, (gsize) m * peak_size);
          frames_per_peak *= 16;
        }
    }
  return TRUE;
}

gboolean
_lq_project_cache_edit (LqProjectStore *store,
            gpointer user_data,
            GError **error)
{
  LqCacheData *d = user_data;
  g_autoptr(JsonNode) node = lq_track_analysis_to_json (d->analysis, NULL, NAN);
  g_autoptr(GBytes) m = doubles_to_blob (lq_track_analysis_get_momentary_energies (d->analysis));
  g_autoptr(GBytes) s = doubles_to_blob (lq_track_analysis_get_short_term_energies (d->analysis));
  g_autofree char *json = NULL;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "INSERT OR REPLACE INTO analysis_cache (fingerprint, analysis, momentary, short_term) "
    "VALUES (?, ?, ?, ?)", error);
  gsize ml, sl;
  gconstpointer md, sd;

  if (stmt == NULL)
    return FALSE;
  json_object_set_int_member (json_node_get_object (node), "analyser_version", ANALYSER_VERSION);
  json = json_to_string (node, FALSE);
  md = g_bytes_get_data (m, &ml);
  sd = g_bytes_get_data (s, &sl);
  sqlite3_bind_text (stmt, 1, d->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, md, (int) ml, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, sd, (int) sl, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the analysis"));
      return FALSE;
    }
  return store_waveforms (store, d, error);
}

LqTrackAnalysis *
_lq_project_load_cached_analysis (LqProject *self,
                                  const char *fingerprint,
                                  const char *path)
{
  sqlite3 *db = lq_project_store_get_db (self->store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT analysis, momentary, short_term FROM analysis_cache "
                              "WHERE fingerprint = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, fingerprint, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    return NULL;
  {
    JsonNode *root = json_parser_get_root (parser);
    JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

    if (o == NULL || json_object_get_int_member_with_default (o, "analyser_version", 0) != ANALYSER_VERSION)
      return NULL;
    return lq_track_analysis_from_json (root, path,
                                        blob_to_doubles (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)),
                                        blob_to_doubles (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2)));
  }
}

GBytes *
lq_project_get_waveform (LqProject *self,
                         LqTrack *track,
                         guint max_peaks,
                         guint *frames_per_peak)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  db = lq_project_store_get_db (self->store);
  /* The finest level with at most max_peaks peaks, else the coarsest. */
  if (sqlite3_prepare_v2 (db,
        "SELECT frames_per_peak, peaks FROM waveform WHERE fingerprint = ?1 "
        "ORDER BY (length(peaks) / ?3 > ?2), frames_per_peak LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, lq_track_get_fingerprint (track), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, max_peaks);
  sqlite3_bind_int (stmt, 3, lq_track_get_analysis (track) != NULL
                             ? 2 * lq_track_analysis_get_measures (lq_track_get_analysis (track))->channels : 4);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (frames_per_peak != NULL)
    *frames_per_peak = (guint) sqlite3_column_int64 (stmt, 0);
  return g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
}

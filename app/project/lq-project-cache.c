/* lq-project-cache.c: the analyses and waveforms the project stores.
 *
 * An analysis is cached under the fingerprint of the audio it measured
 * (lq-project-analyze.c writes it), so a track gets it back whatever its
 * file is called; an analysis from another analyser version is ignored
 * (measured again). The waveform overview is kept at three resolutions.
 *
 * May call: the store and the track type only.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lq-analysis-json.h"
#include "lq-project-private.h"

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

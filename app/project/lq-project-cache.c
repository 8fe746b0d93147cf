/* lq-project-cache.c: the analyses and waveforms the project stores.
 *
 * An analysis is cached under the fingerprint of the audio it measured
 * (lq-project-analyze.c and lq-project-references.c measure it), so a track gets it back whatever its
 * file is called; an analysis from another analyser version is ignored
 * (measured again). The waveform overview is kept at three resolutions,
 * each with its RMS; the clipped runs and true-peak overs beside the
 * analysis (format 9; a row without them is measured again).
 * The solved pre-limiter gains are kept by track, with the key of what
 * they were solved for.
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


/* Runs as 20-byte little-endian records (lq-project-schema.c, format 9). */
#define RUN_RECORD 20

static GBytes *
runs_to_blob (const GArray *runs)
{
  guint8 *out = g_malloc (MAX (runs->len, 1) * RUN_RECORD);

  for (guint i = 0; i < runs->len; i++)
    {
      const LqSampleRun *r = &g_array_index (runs, LqSampleRun, i);
      guint64 start = GUINT64_TO_LE ((guint64) r->start), frames = GUINT64_TO_LE ((guint64) r->frames);
      guint32 peak;

      memcpy (&peak, &r->peak_db, sizeof peak);
      peak = GUINT32_TO_LE (peak);
      memcpy (out + i * RUN_RECORD, &start, 8);
      memcpy (out + i * RUN_RECORD + 8, &frames, 8);
      memcpy (out + i * RUN_RECORD + 16, &peak, 4);
    }
  return g_bytes_new_take (out, (gsize) runs->len * RUN_RECORD);
}

static GArray *
blob_to_runs (const void *blob,
              int bytes)
{
  guint n = bytes > 0 ? (guint) bytes / RUN_RECORD : 0;
  GArray *runs = g_array_sized_new (FALSE, FALSE, sizeof (LqSampleRun), n);
  const guint8 *p = blob;

  for (guint i = 0; i < n; i++)
    {
      guint64 start, frames;
      guint32 peak;
      LqSampleRun r;

      memcpy (&start, p + i * RUN_RECORD, 8);
      memcpy (&frames, p + i * RUN_RECORD + 8, 8);
      memcpy (&peak, p + i * RUN_RECORD + 16, 4);
      r.start = (gint64) GUINT64_FROM_LE (start);
      r.frames = (gint64) GUINT64_FROM_LE (frames);
      peak = GUINT32_FROM_LE (peak);
      memcpy (&r.peak_db, &peak, sizeof r.peak_db);
      g_array_append_val (runs, r);
    }
  return runs;
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
  GBytes *finest_rms = lq_track_analysis_get_waveform_rms (d->analysis);
  guint channels = lq_track_analysis_get_measures (d->analysis)->channels;
  guint peak_size = 2 * channels;
  g_autoptr(GBytes) level = finest != NULL ? g_bytes_ref (finest) : NULL;
  g_autoptr(GBytes) level_rms = finest_rms != NULL ? g_bytes_ref (finest_rms) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (finest == NULL)
    return TRUE;
  stmt = lq_project_store_prepare (store, "INSERT OR REPLACE INTO waveform (fingerprint, frames_per_peak, peaks, rms) "
                                          "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint k = 0; k < 3; k++)
    {
      gsize len, rms_len = 0;
      const int8_t *data = g_bytes_get_data (level, &len);
      const guint8 *rms = level_rms != NULL ? g_bytes_get_data (level_rms, &rms_len) : NULL;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, d->fingerprint, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, frames_per_peak);
      sqlite3_bind_blob (stmt, 3, len > 0 ? data : (const void *) "", (int) len, SQLITE_STATIC);
      if (rms != NULL)
        sqlite3_bind_blob (stmt, 4, rms_len > 0 ? (const void *) rms : "", (int) rms_len, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 4);
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
          if (rms != NULL)
            {
              guint8 *coarser_rms = g_new (guint8, (rms_len / channels / 16 + 1) * channels);
              guint mr = lq_waveform_reduce_rms (rms, rms_len / channels, channels, 16, coarser_rms);

              g_bytes_unref (level_rms);
              level_rms = g_bytes_new_take (coarser_rms, (gsize) mr * channels);
            }
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
  g_autoptr(GBytes) clips = runs_to_blob (lq_track_analysis_get_clipped_runs (d->analysis));
  g_autoptr(GBytes) overs = runs_to_blob (lq_track_analysis_get_true_peak_overs (d->analysis));
  g_autofree char *json = NULL;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "INSERT OR REPLACE INTO analysis_cache (fingerprint, analysis, momentary, short_term, "
    "clipped_runs, true_peak_overs, runs_truncated) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  gsize ml, sl, cl, ol;
  gconstpointer md, sd, cd, od;

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
  cd = g_bytes_get_data (clips, &cl);
  od = g_bytes_get_data (overs, &ol);
  /* Never NULL, also when empty: NULL means "not measured" (a migrated row). */
  sqlite3_bind_blob (stmt, 5, cl > 0 ? cd : (gconstpointer) "", (int) cl, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 6, ol > 0 ? od : (gconstpointer) "", (int) ol, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, lq_track_analysis_get_runs_truncated (d->analysis) ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the analysis"));
      return FALSE;
    }
  return store_waveforms (store, d, error);
}

static LqTrackAnalysis *
load_cached_analysis (LqProject *self,
                      const char *fingerprint,
                      const char *path,
                      gboolean need_runs)
{
  sqlite3 *db = lq_project_store_get_db (self->store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  LqTrackAnalysis *analysis;
  gboolean has_runs;

  if (sqlite3_prepare_v2 (db, "SELECT analysis, momentary, short_term, clipped_runs, "
                              "true_peak_overs, runs_truncated FROM analysis_cache "
                              "WHERE fingerprint = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, fingerprint, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  has_runs = sqlite3_column_type (stmt, 3) != SQLITE_NULL && sqlite3_column_type (stmt, 4) != SQLITE_NULL;
  /* Migrated from before format 9: measured again for what the views draw. */
  if (need_runs && !has_runs)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    return NULL;
  {
    JsonNode *root = json_parser_get_root (parser);
    JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

    if (o == NULL || json_object_get_int_member_with_default (o, "analyser_version", 0) != ANALYSER_VERSION)
      return NULL;
    analysis = lq_track_analysis_from_json (root, path,
                                            blob_to_doubles (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)),
                                            blob_to_doubles (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2)));
  }
  if (analysis != NULL && has_runs)
    {
      g_autoptr(GArray) clips = blob_to_runs (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      g_autoptr(GArray) overs = blob_to_runs (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));

      lq_track_analysis_set_runs (analysis, clips, overs, sqlite3_column_int (stmt, 5) != 0);
    }
  return analysis;
}

LqTrackAnalysis *
_lq_project_load_cached_analysis (LqProject *self,
                                  const char *fingerprint,
                                  const char *path)
{
  return load_cached_analysis (self, fingerprint, path, TRUE);
}

LqTrackAnalysis *
_lq_project_load_cached_analysis_any (LqProject *self,
                                      const char *fingerprint,
                                      const char *path)
{
  return load_cached_analysis (self, fingerprint, path, FALSE);
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

gboolean
lq_project_get_waveform_level (LqProject *self,
                               LqTrack *track,
                               double frames_per_pixel,
                               GBytes **peaks,
                               GBytes **rms,
                               guint *frames_per_peak)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (peaks != NULL)
    *peaks = NULL;
  if (rms != NULL)
    *rms = NULL;
  if (frames_per_peak != NULL)
    *frames_per_peak = 0;
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (LQ_IS_TRACK (track), FALSE);

  db = lq_project_store_get_db (self->store);
  /* The coarsest level at most frames_per_pixel per peak, else the finest. */
  if (sqlite3_prepare_v2 (db,
        "SELECT frames_per_peak, peaks, rms FROM waveform WHERE fingerprint = ?1 AND rms IS NOT NULL "
        "ORDER BY (frames_per_peak <= ?2) DESC, "
        "  CASE WHEN frames_per_peak <= ?2 THEN -frames_per_peak ELSE frames_per_peak END LIMIT 1",
        -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lq_track_get_fingerprint (track), -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 2, isfinite (frames_per_pixel) ? frames_per_pixel : 1.0);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (frames_per_peak != NULL)
    *frames_per_peak = (guint) sqlite3_column_int64 (stmt, 0);
  if (peaks != NULL)
    *peaks = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  if (rms != NULL)
    *rms = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  return TRUE;
}

typedef struct
{
  char *key;
  double gain_db;
} SolvedGain;

void
_lq_solved_gain_free (gpointer data)
{
  SolvedGain *g = data;

  g_free (g->key);
  g_free (g);
}

/* Under the lock. */
static void
remember_solved (LqProject *self,
                 gint64 id,
                 const char *key,
                 double gain_db)
{
  SolvedGain *g = g_new0 (SolvedGain, 1);

  g->key = g_strdup (key);
  g->gain_db = gain_db;
  g_hash_table_replace (self->solved_gains, g_memdup2 (&id, sizeof id), g);
}

void
_lq_project_load_solved_gains (LqProject *self)
{
  sqlite3 *db = lq_project_store_get_db (self->store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT track_id, key, gain_db FROM solved_gain", -1, &stmt,
                          NULL) != SQLITE_OK)
    return;
  g_mutex_lock (&self->solved_lock);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    remember_solved (self, sqlite3_column_int64 (stmt, 0),
                     (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_double (stmt, 2));
  g_mutex_unlock (&self->solved_lock);
}

typedef struct
{
  LqProject *project;
  gint64 id;
  char *key;
  double gain_db;
} SolvedWrite;

static void
solved_write_free (gpointer data)
{
  SolvedWrite *w = data;

  g_object_unref (w->project);
  g_free (w->key);
  g_free (w);
}

static gboolean
solved_write_edit (LqProjectStore *store,
                   gpointer data,
                   GError **error)
{
  SolvedWrite *w = data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "INSERT OR REPLACE INTO solved_gain (track_id, key, gain_db) "
    "SELECT id, ?2, ?3 FROM track WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  sqlite3_bind_text (stmt, 2, w->key, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 3, w->gain_db);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, "Cannot save the solved gain");
      return FALSE;
    }
  return TRUE;
}

/* On the project's thread. A failure only loses the cache: it is kept in
 * memory and solved again next time the project is opened. */
static gboolean
solved_write (gpointer data)
{
  SolvedWrite *w = data;
  g_autoptr(GError) error = NULL;

  if (!lq_project_store_edit (w->project->store, NULL, solved_write_edit, w, &error))
    g_debug ("%s", error->message);
  return G_SOURCE_REMOVE;
}

void
lq_project_set_solved_gain (LqProject *self,
                            LqTrack *track,
                            const char *key,
                            double gain_db)
{
  SolvedWrite *w;

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (LQ_IS_TRACK (track));
  g_return_if_fail (key != NULL);

  g_mutex_lock (&self->solved_lock);
  remember_solved (self, lq_track_get_id (track), key, gain_db);
  g_mutex_unlock (&self->solved_lock);
  if (lq_project_get_read_only (self))
    return;

  w = g_new0 (SolvedWrite, 1);
  w->project = g_object_ref (self);
  w->id = lq_track_get_id (track);
  w->key = g_strdup (key);
  w->gain_db = gain_db;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, solved_write, w,
                              solved_write_free);
}

gboolean
lq_project_get_solved_gain (LqProject *self,
                            LqTrack *track,
                            const char *key,
                            double *gain_db)
{
  gint64 id;
  SolvedGain *g;
  gboolean found = FALSE;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (LQ_IS_TRACK (track), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  id = lq_track_get_id (track);
  g_mutex_lock (&self->solved_lock);
  g = g_hash_table_lookup (self->solved_gains, &id);
  if (g != NULL && g_strcmp0 (g->key, key) == 0)
    {
      found = TRUE;
      if (gain_db != NULL)
        *gain_db = g->gain_db;
    }
  g_mutex_unlock (&self->solved_lock);
  return found;
}

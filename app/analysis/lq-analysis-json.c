/* lq-analysis-json.c */
#include "config.h"

#include "lq-analysis-json.h"

#include <math.h>

#include "lq-spectrum.h"
#include "lq-track-analysis-private.h"

void
lq_json_add_number (JsonBuilder *b,
                    const char *key,
                    double value)
{
  json_builder_set_member_name (b, key);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
lq_json_add_string (JsonBuilder *b,
                    const char *key,
                    const char *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
lq_json_add_path (JsonBuilder *b,
                  const char *key,
                  const char *value)
{
  g_autofree char *valid = value != NULL ? g_utf8_make_valid (value, -1) : NULL;

  lq_json_add_string (b, key, valid);
}

void
lq_json_begin_document (JsonBuilder *b,
                        const char *document)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, LQ_JSON_FORMAT_VERSION);
  lq_json_add_string (b, "document", document);
}

static void
add_doubles (JsonBuilder *b,
             const char *key,
             const double *values,
             guint n)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (b, values[i]);
  json_builder_end_array (b);
}

void
lq_json_add_bands (JsonBuilder *b,
                   const char *key,
                   guint n_bands,
                   const double *centres,
                   const double *mid_db,
                   const double *side_db)
{
  json_builder_set_member_name (b, key);
  if (n_bands == 0)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  add_doubles (b, "centres_hz", centres, n_bands);
  add_doubles (b, "mid_db", mid_db, n_bands);
  add_doubles (b, "side_db", side_db, n_bands);
  json_builder_end_object (b);
}

/* "spectrum": bands, or null when the analysis has none. */
static void
add_spectrum (JsonBuilder *b,
              LqTrackAnalysis *track)
{
  const double *centres = NULL, *mid = NULL, *side = NULL;
  guint n = 0;

  lq_track_analysis_get_spectrum (track, &n, &centres, &mid, &side);
  lq_json_add_bands (b, "spectrum", n, centres, mid, side);
}

/* The measures, into the open object. */
static void
add_measures (JsonBuilder *b,
              LqTrackAnalysis *track,
              double album_offset_lu)
{
  const LqTrackMeasures *m = lq_track_analysis_get_measures (track);

  lq_json_add_number (b, "duration_s", m->duration_s);
  json_builder_set_member_name (b, "sample_rate");
  json_builder_add_int_value (b, m->sample_rate);
  json_builder_set_member_name (b, "channels");
  json_builder_add_int_value (b, m->channels);
  lq_json_add_string (b, "format", lq_track_analysis_get_format (track));
  lq_json_add_number (b, "integrated_lufs", m->integrated_lufs);
  lq_json_add_number (b, "lra_lu", m->lra_lu);
  lq_json_add_number (b, "max_momentary_lufs", m->max_momentary_lufs);
  lq_json_add_number (b, "max_short_term_lufs", m->max_short_term_lufs);
  lq_json_add_number (b, "sample_peak_dbfs", m->sample_peak_dbfs);
  lq_json_add_number (b, "true_peak_dbtp", m->true_peak_dbtp);
  lq_json_add_number (b, "plr_db", m->plr_db);
  json_builder_set_member_name (b, "dc_offset_db");
  json_builder_begin_array (b);
  for (guint c = 0; c < m->channels && c < 2; c++)
    {
      if (isfinite (m->dc_offset_db[c]))
        json_builder_add_double_value (b, m->dc_offset_db[c]);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_array (b);
  lq_json_add_number (b, "correlation", m->correlation);
  json_builder_set_member_name (b, "clipped_samples");
  json_builder_add_int_value (b, (gint64) m->clipped_samples);
  /* How many runs the analysis marked (README, "The analysis cache"). */
  json_builder_set_member_name (b, "clipped_runs");
  json_builder_add_int_value (b, lq_track_analysis_get_clipped_runs (track)->len);
  json_builder_set_member_name (b, "true_peak_overs");
  json_builder_add_int_value (b, lq_track_analysis_get_true_peak_overs (track)->len);
  lq_json_add_number (b, "album_offset_lu", album_offset_lu);
  add_spectrum (b, track);
}

JsonNode *
lq_track_analysis_to_json (LqTrackAnalysis *track,
                           const char *path,
                           double album_offset_lu)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  lq_json_add_string (b, "path", path != NULL ? path : lq_track_analysis_get_path (track));
  lq_json_add_string (b, "title", lq_track_analysis_get_title (track));
  add_measures (b, track, album_offset_lu);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

JsonNode *
lq_analysis_json_track (LqTrackAnalysis *track,
                        const char *path,
                        double album_offset_lu)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  lq_json_add_path (b, "source_path", path != NULL ? path : lq_track_analysis_get_path (track));
  lq_json_add_string (b, "title", lq_track_analysis_get_display_name (track));
  add_measures (b, track, album_offset_lu);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

JsonNode *
lq_analysis_job_to_json (LqAnalysisJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LqAlbumAnalysis *album = lq_analysis_job_get_album (job);
  guint n = lq_analysis_job_get_n_files (job);
  int loudest, quietest;

  g_return_val_if_fail (album != NULL, NULL);

  lq_json_begin_document (b, "analysis");

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      LqTrackAnalysis *track = lq_analysis_job_get_track (job, i);

      if (track != NULL)
        json_builder_add_value (b, lq_analysis_json_track (track,
                                                              lq_analysis_job_get_path (job, i),
                                                              lq_album_analysis_get_offset (album, i)));
    }
  json_builder_end_array (b);

  loudest = lq_album_analysis_get_loudest (album);
  quietest = lq_album_analysis_get_quietest (album);
  json_builder_set_member_name (b, "album_analysis");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_tracks");
  json_builder_add_int_value (b, n - lq_analysis_job_get_n_failed (job));
  lq_json_add_number (b, "integrated_lufs", lq_album_analysis_get_integrated_lufs (album));
  lq_json_add_number (b, "lra_lu", lq_album_analysis_get_lra_lu (album));
  lq_json_add_number (b, "true_peak_dbtp", lq_album_analysis_get_true_peak_dbtp (album));
  lq_json_add_number (b, "sample_peak_dbfs", lq_album_analysis_get_sample_peak_dbfs (album));
  lq_json_add_path (b, "loudest_source_path", loudest >= 0 ? lq_analysis_job_get_path (job, loudest) : NULL);
  lq_json_add_path (b, "quietest_source_path", quietest >= 0 ? lq_analysis_job_get_path (job, quietest) : NULL);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      const GError *error = lq_analysis_job_get_error (job, i);

      if (error == NULL)
        continue;
      json_builder_begin_object (b);
      lq_json_add_path (b, "source_path", lq_analysis_job_get_path (job, i));
      lq_json_add_string (b, "message", error->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static double
get_number (JsonObject *o,
            const char *key)
{
  JsonNode *n = json_object_get_member (o, key);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return NAN;
  return json_node_get_double (n);
}

static const char *
get_string (JsonObject *o,
            const char *key)
{
  JsonNode *n = json_object_get_member (o, key);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* Reads @n finite numbers from the array member @key of @o into @out;
 * FALSE if it is not exactly that. */
static gboolean
get_doubles (JsonObject *o,
             const char *key,
             double *out,
             guint n)
{
  JsonNode *node = json_object_get_member (o, key);
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  if (json_array_get_length (a) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      GType type;

      if (!JSON_NODE_HOLDS_VALUE (e))
        return FALSE;
      type = json_node_get_value_type (e);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return FALSE;
      out[i] = json_node_get_double (e);
      if (!isfinite (out[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
lq_json_read_bands (JsonNode *node,
                    guint max_bands,
                    guint *n_bands,
                    double *centres,
                    double *mid_db,
                    double *side_db)
{
  JsonObject *s;
  JsonNode *c;
  guint n;

  *n_bands = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  s = json_node_get_object (node);
  c = json_object_get_member (s, "centres_hz");
  if (c == NULL || !JSON_NODE_HOLDS_ARRAY (c))
    return FALSE;
  n = json_array_get_length (json_node_get_array (c));
  if (n == 0 || n > max_bands
      || !get_doubles (s, "centres_hz", centres, n)
      || !get_doubles (s, "mid_db", mid_db, n)
      || !get_doubles (s, "side_db", side_db, n))
    return FALSE;
  for (guint b = 0; b < n; b++)
    if (!(centres[b] > 0.0) || (b > 0 && !(centres[b] > centres[b - 1])))
      return FALSE;

  *n_bands = n;
  return TRUE;
}

typedef struct
{
  guint n_bands;  /* 0: none */
  double centres[LQ_SPECTRUM_MAX_BANDS];
  double mid[LQ_SPECTRUM_MAX_BANDS];
  double side[LQ_SPECTRUM_MAX_BANDS];
} Spectrum;

LqTrackAnalysis *
lq_track_analysis_from_json (JsonNode *node,
                             const char *path,
                             GArray *momentary_energies,
                             GArray *short_term_energies)
{
  LqTrackAnalysis *analysis;
  Spectrum spectrum;
  LqTrackMeasures m = { 0 };
  JsonObject *o;
  JsonArray *dc;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  if (!json_object_has_member (o, "sample_rate") || !json_object_has_member (o, "channels"))
    return NULL;

  m.duration_s = get_number (o, "duration_s");
  m.sample_rate = (guint) json_object_get_int_member_with_default (o, "sample_rate", 0);
  m.channels = (guint) json_object_get_int_member_with_default (o, "channels", 0);
  if (m.channels < 1 || m.channels > 2 || m.sample_rate == 0)
    return NULL;
  m.integrated_lufs = get_number (o, "integrated_lufs");
  m.lra_lu = get_number (o, "lra_lu");
  m.max_momentary_lufs = get_number (o, "max_momentary_lufs");
  m.max_short_term_lufs = get_number (o, "max_short_term_lufs");
  m.sample_peak_dbfs = get_number (o, "sample_peak_dbfs");
  m.true_peak_dbtp = get_number (o, "true_peak_dbtp");
  m.plr_db = get_number (o, "plr_db");
  m.correlation = get_number (o, "correlation");
  m.clipped_samples = (guint64) MAX (0, json_object_get_int_member_with_default (o, "clipped_samples", 0));
  m.dc_offset_db[0] = m.dc_offset_db[1] = NAN;
  dc = json_object_get_member (o, "dc_offset_db") != NULL
       && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "dc_offset_db"))
       ? json_object_get_array_member (o, "dc_offset_db") : NULL;
  for (guint c = 0; dc != NULL && c < MIN (2, json_array_get_length (dc)); c++)
    {
      JsonNode *n = json_array_get_element (dc, c);
      if (!JSON_NODE_HOLDS_NULL (n) && json_node_get_value_type (n) != G_TYPE_STRING)
        m.dc_offset_db[c] = json_node_get_double (n);
    }

  if (!lq_json_read_bands (json_object_get_member (o, "spectrum"), LQ_SPECTRUM_MAX_BANDS,
                           &spectrum.n_bands, spectrum.centres, spectrum.mid, spectrum.side))
    return NULL;

  analysis = lq_track_analysis_new (path, get_string (o, "title"), get_string (o, "format"), &m,
                                    momentary_energies, short_term_energies);
  _lq_track_analysis_set_spectrum (analysis, spectrum.n_bands, spectrum.centres, spectrum.mid,
                                   spectrum.side);
  return analysis;
}

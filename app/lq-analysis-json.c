/* lq-analysis-json.c */
#include "config.h"

#include "lq-analysis-json.h"

#include <math.h>

static void
add_number (JsonBuilder *b,
            const char *key,
            double value)
{
  json_builder_set_member_name (b, key);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char *key,
            const char *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
lq_track_analysis_to_json (LqTrackAnalysis *track,
                           const char *path,
                           double album_offset_lu)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const LqTrackMeasures *m = lq_track_analysis_get_measures (track);

  json_builder_begin_object (b);
  add_string (b, "path", path != NULL ? path : lq_track_analysis_get_path (track));
  add_string (b, "title", lq_track_analysis_get_title (track));
  add_number (b, "duration_s", m->duration_s);
  json_builder_set_member_name (b, "sample_rate");
  json_builder_add_int_value (b, m->sample_rate);
  json_builder_set_member_name (b, "channels");
  json_builder_add_int_value (b, m->channels);
  add_string (b, "format", lq_track_analysis_get_format (track));
  add_number (b, "integrated_lufs", m->integrated_lufs);
  add_number (b, "lra_lu", m->lra_lu);
  add_number (b, "max_momentary_lufs", m->max_momentary_lufs);
  add_number (b, "max_short_term_lufs", m->max_short_term_lufs);
  add_number (b, "sample_peak_dbfs", m->sample_peak_dbfs);
  add_number (b, "true_peak_dbtp", m->true_peak_dbtp);
  add_number (b, "plr_db", m->plr_db);
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
  add_number (b, "correlation", m->correlation);
  json_builder_set_member_name (b, "clipped_samples");
  json_builder_add_int_value (b, (gint64) m->clipped_samples);
  add_number (b, "album_offset_lu", album_offset_lu);
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

  json_builder_begin_object (b);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      LqTrackAnalysis *track = lq_analysis_job_get_track (job, i);

      if (track != NULL)
        json_builder_add_value (b, lq_track_analysis_to_json (track,
                                                              lq_analysis_job_get_path (job, i),
                                                              lq_album_analysis_get_offset (album, i)));
    }
  json_builder_end_array (b);

  loudest = lq_album_analysis_get_loudest (album);
  quietest = lq_album_analysis_get_quietest (album);
  json_builder_set_member_name (b, "album");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tracks");
  json_builder_add_int_value (b, n - lq_analysis_job_get_n_failed (job));
  add_number (b, "integrated_lufs", lq_album_analysis_get_integrated_lufs (album));
  add_number (b, "lra_lu", lq_album_analysis_get_lra_lu (album));
  add_number (b, "true_peak_dbtp", lq_album_analysis_get_true_peak_dbtp (album));
  add_number (b, "sample_peak_dbfs", lq_album_analysis_get_sample_peak_dbfs (album));
  add_string (b, "loudest_track", loudest >= 0 ? lq_analysis_job_get_path (job, loudest) : NULL);
  add_string (b, "quietest_track", quietest >= 0 ? lq_analysis_job_get_path (job, quietest) : NULL);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      const GError *error = lq_analysis_job_get_error (job, i);

      if (error == NULL)
        continue;
      json_builder_begin_object (b);
      add_string (b, "path", lq_analysis_job_get_path (job, i));
      add_string (b, "message", error->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);

  return json_builder_get_root (b);
}

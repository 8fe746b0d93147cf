/* lq-export-json.c */
#include "config.h"

#include "lq-export-json.h"

#include "lq-analysis-json.h"
#include "lq-match-json.h"

static void
add_boolean (JsonBuilder *b,
             const char *key,
             gboolean value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
add_result (JsonBuilder *b,
            LqProject *project,
            const LqExportResult *r)
{
  LqTrack *track = lq_project_get_track (project, r->position);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "position");
  json_builder_add_int_value (b, r->position);
  lq_json_add_string (b, "title", r->title);
  lq_json_add_path (b, "source_path", track != NULL ? lq_track_get_path (track) : NULL);
  lq_json_add_path (b, "output_path", r->path);
  lq_json_add_number (b, "integrated_lufs", r->integrated_lufs);
  lq_json_add_number (b, "true_peak_dbtp", r->true_peak_dbtp);
  lq_json_add_number (b, "expected_lufs", r->expected_lufs);
  add_boolean (b, "loudness_ok", r->loudness_ok);
  add_boolean (b, "true_peak_ok", r->peak_ok);
  add_boolean (b, "loudness_checked", r->loudness_checked);
  lq_json_add_string (b, "loudness_note", r->loudness_note);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, r->frames);
  json_builder_set_member_name (b, "expected_frames");
  json_builder_add_int_value (b, r->expected_frames);
  json_builder_set_member_name (b, "passes");
  json_builder_add_int_value (b, r->passes);
  add_boolean (b, "length_ok", r->length_ok);
  add_boolean (b, "format_ok", r->format_ok);
  lq_json_add_string (b, "format_note", r->format_note);
  add_boolean (b, "changed_since_analysis", r->changed);
  lq_json_add_string (b, "note", r->changed ? lq_export_changed_note () : NULL);
  add_boolean (b, "passed", r->passed);
  lq_json_add_string (b, "error", r->error != NULL ? r->error->message : NULL);
  json_builder_end_object (b);
}

JsonNode *
lq_export_results_to_json (LqProject *project,
                           GPtrArray *results,
                           const LqExportOptions *options)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean all = TRUE;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (results != NULL && options != NULL, NULL);

  lq_json_begin_document (b, "export");
  lq_json_add_path (b, "project_path", lq_project_get_path (project));
  lq_json_add_target (b, "target", options->has_target ? &options->target : NULL);
  lq_json_add_number (b, "ceiling_dbtp", lq_export_get_ceiling (project, options));
  lq_json_add_string (b, "format", lq_render_format_extension (options->render.format));
  json_builder_set_member_name (b, "bits");
  json_builder_add_int_value (b, options->render.bits);
  add_boolean (b, "float", options->render.bits == 32);
  json_builder_set_member_name (b, "rate");
  if (options->render.rate > 0)
    json_builder_add_int_value (b, options->render.rate);
  else
    json_builder_add_null_value (b);
  lq_json_add_string (b, "channels", options->render.channels == 1 ? "mono" : "stereo");

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      all = all && r->passed;
      add_result (b, project, r);
    }
  json_builder_end_array (b);
  lq_json_add_number (b, "album_integrated_lufs", lq_export_album_lufs (results));
  add_boolean (b, "passed", all);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

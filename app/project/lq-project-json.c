/* lq-project-json.c */
#include "config.h"

#include "lq-project-json.h"

#include <math.h>

#include "lq-analysis-json.h"
#include "lq-match-json.h"

/* A field's value by its key: null when unset (an empty nullable field or
 * empty text), otherwise typed as the field is; the album's target as the
 * target object. */
static void
add_field (JsonBuilder *b,
           const LqField *field,
           const GValue *value)
{
  gboolean is_string = value != NULL && G_IS_VALUE (value) && G_VALUE_HOLDS_STRING (value);

  if (g_strcmp0 (field->key, "target") == 0)
    {
      lq_json_add_target_name (b, field->key, is_string ? g_value_get_string (value) : NULL);
      return;
    }
  json_builder_set_member_name (b, field->key);
  if (value == NULL || !G_IS_VALUE (value) || G_VALUE_HOLDS_POINTER (value))
    json_builder_add_null_value (b);
  else if (is_string)
    {
      const char *text = g_value_get_string (value);

      if (text == NULL || *text == '\0')
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, text);
    }
  else if (G_VALUE_HOLDS_INT64 (value))
    json_builder_add_int_value (b, g_value_get_int64 (value));
  else if (G_VALUE_HOLDS_DOUBLE (value) && isfinite (g_value_get_double (value)))
    json_builder_add_double_value (b, g_value_get_double (value));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    json_builder_add_boolean_value (b, g_value_get_boolean (value));
  else
    json_builder_add_null_value (b);
}

static double
user_gain (LqTrack *track)
{
  const GValue *v = lq_track_get_value (track, lq_project_fields_lookup (FALSE, "gain"));

  return v != NULL && G_VALUE_HOLDS_DOUBLE (v) ? g_value_get_double (v) : 0.0;
}

/* "user_gain_db", "match_gain_db", "total_gain_db" of @track. */
static void
add_gains (JsonBuilder *b,
           LqProject *project,
           LqTrack *track)
{
  double user = user_gain (track);
  double match = lq_project_get_track_match_gain (project, track);

  lq_json_add_number (b, "user_gain_db", user);
  lq_json_add_number (b, "match_gain_db", match);
  lq_json_add_number (b, "total_gain_db", user + match);
}

static void
add_positions (JsonBuilder *b,
               const char *key,
               const guint *positions,
               guint n)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (b, positions[i]);
  json_builder_end_array (b);
}

static void
add_track (JsonBuilder *b,
           LqProject *project,
           LqAlbumAnalysis *album,
           guint p)
{
  LqTrack *track = lq_project_get_track (project, p);
  LqTrackAnalysis *analysis = lq_track_get_analysis (track);
  guint n_fields;
  const LqField *fields = lq_project_fields_track (&n_fields);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "position");
  json_builder_add_int_value (b, p);
  lq_json_add_string (b, "title", lq_track_get_display_name (track));
  lq_json_add_path (b, "source_path", lq_track_get_path (track));
  lq_json_add_path (b, "source_relative_path", lq_track_get_source (track));
  lq_json_add_string (b, "status", lq_track_status_to_string (lq_track_get_status (track)));
  lq_json_add_number (b, "duration_s", lq_track_get_duration (track));
  lq_json_add_string (b, "fingerprint", lq_track_get_fingerprint (track));
  add_gains (b, project, track);

  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_fields; i++)
    add_field (b, &fields[i], lq_track_get_value (track, &fields[i]));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "analysis");
  if (analysis != NULL)
    json_builder_add_value (b, lq_analysis_json_track (analysis, lq_track_get_path (track),
                                                       lq_album_analysis_get_offset (album, p - 1)));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

JsonNode *
lq_project_to_json (LqProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(LqAlbumAnalysis) album = NULL;
  g_autoptr(LqCover) cover = NULL;
  guint n_album;
  const LqField *album_fields = lq_project_fields_album (&n_album);

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  album = lq_project_get_album_analysis (project);
  json_builder_begin_object (b);
  lq_json_add_path (b, "project_path", lq_project_get_path (project));

  json_builder_set_member_name (b, "album_fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_album; i++)
    add_field (b, &album_fields[i], lq_project_get_album_value (project, &album_fields[i]));
  json_builder_end_object (b);

  /* The cover's description, not its bytes. */
  cover = lq_project_get_cover (project);
  json_builder_set_member_name (b, "cover");
  if (cover != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mime");
      json_builder_add_string_value (b, cover->mime);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, cover->width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, cover->height);
      json_builder_set_member_name (b, "bytes");
      json_builder_add_int_value (b, (gint64) g_bytes_get_size (cover->data));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "album_analysis");
  if (lq_project_has_analysis (project))
    {
      json_builder_begin_object (b);
      lq_json_add_number (b, "integrated_lufs", lq_album_analysis_get_integrated_lufs (album));
      lq_json_add_number (b, "lra_lu", lq_album_analysis_get_lra_lu (album));
      lq_json_add_number (b, "true_peak_dbtp", lq_album_analysis_get_true_peak_dbtp (album));
      lq_json_add_number (b, "sample_peak_dbfs", lq_album_analysis_get_sample_peak_dbfs (album));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    add_track (b, project, album, p);
  json_builder_end_array (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lq_project_json_document (LqProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  lq_json_begin_document (b, "project");
  json_builder_set_member_name (b, "project");
  json_builder_add_value (b, lq_project_to_json (project));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "key": {field: value…} for the fields @keys name; @values NULL: their
 * values now, else those given. */
static void
add_assigned (JsonBuilder *b,
              const char *key,
              LqProject *project,
              guint position,
              const char *const *keys,
              const GValue *const *values)
{
  LqTrack *track = position > 0 ? lq_project_get_track (project, position) : NULL;

  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const LqField *field = lq_project_fields_lookup (position == 0, keys[i]);

      if (field == NULL || (position > 0 && track == NULL))
        continue;
      if (values != NULL)
        add_field (b, field, values[i]);
      else
        add_field (b, field, position == 0 ? lq_project_get_album_value (project, field)
                                           : lq_track_get_value (track, field));
    }
  json_builder_end_object (b);
}

static void
add_changed (JsonBuilder *b,
             LqProject *project,
             const char *command,
             const LqProjectChange *c)
{
  json_builder_set_member_name (b, "changed");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "edited");
  json_builder_add_boolean_value (b, c->edited);

  if (g_str_equal (command, "new"))
    add_assigned (b, "fields", project, 0, c->keys, NULL);
  else if (g_str_equal (command, "add") || g_str_equal (command, "relink"))
    add_positions (b, "positions", c->positions, c->n_positions);
  else if (g_str_equal (command, "analyze"))
    {
      add_positions (b, "positions", c->positions, c->n_positions);
      add_positions (b, "accepted", c->accepted, c->n_accepted);
    }
  else if (g_str_equal (command, "move"))
    {
      json_builder_set_member_name (b, "from");
      json_builder_add_int_value (b, c->from);
      json_builder_set_member_name (b, "to");
      json_builder_add_int_value (b, c->to);
    }
  else if (g_str_equal (command, "remove"))
    {
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, c->position);
      lq_json_add_string (b, "title", c->title);
      lq_json_add_path (b, "source_path", c->source_path);
    }
  else if (g_str_equal (command, "set"))
    {
      json_builder_set_member_name (b, "position");
      if (c->position > 0)
        json_builder_add_int_value (b, c->position);
      else
        json_builder_add_null_value (b);
      add_assigned (b, "fields", project, c->position, c->keys, NULL);
      add_assigned (b, "previous", project, c->position, c->keys, c->before);
    }
  else if (g_str_equal (command, "undo") || g_str_equal (command, "redo"))
    lq_json_add_string (b, "label", c->label);
  json_builder_end_object (b);
}

JsonNode *
lq_project_change_to_json (LqProject *project,
                           const char *command,
                           const LqProjectChange *change)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (command != NULL && change != NULL, NULL);

  lq_json_begin_document (b, "change");
  lq_json_add_string (b, "command", command);
  add_changed (b, project, command, change);
  json_builder_set_member_name (b, "project");
  json_builder_add_value (b, lq_project_to_json (project));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lq_project_match_to_json (LqProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LqProjectMatch match;
  const LqField *target_field = lq_project_fields_lookup (TRUE, "target");

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  lq_project_get_match (project, &match);
  lq_json_begin_document (b, "match");
  lq_json_add_path (b, "project_path", lq_project_get_path (project));
  json_builder_set_member_name (b, "matched");
  json_builder_add_boolean_value (b, match.matched);
  add_field (b, target_field, lq_project_get_album_value (project, target_field));
  lq_json_add_string (b, "mode", match.matched ? lq_match_mode_to_string (match.mode) : NULL);
  lq_json_add_number (b, "keep", match.matched ? match.keep : NAN);
  lq_json_add_number (b, "tonal", match.matched ? match.tonal : NAN);
  lq_json_add_number (b, "tonal_cap_db", match.matched ? match.tonal_cap_db : NAN);
  lq_json_add_path (b, "reference_path", match.reference);
  lq_json_add_number (b, "ceiling_dbtp", match.ceiling_dbtp);
  json_builder_set_member_name (b, "anchor");
  if (match.anchor > 0)
    json_builder_add_int_value (b, match.anchor);
  else
    json_builder_add_null_value (b);
  /* The stored plan's tonal spread (the Tonal Balance view says the same). */
  {
    g_autoptr(LqTonalPlan) tonal = lq_project_get_stored_tonal_plan (project, NULL);

    lq_json_add_number (b, "tonal_spread_measured_db", tonal != NULL ? lq_tonal_plan_get_spread_before_db (tonal) : NAN);
    lq_json_add_number (b, "tonal_spread_predicted_db", tonal != NULL ? lq_tonal_plan_get_spread_after_db (tonal) : NAN);
  }

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      guint nb = 0;
      g_autofree double *centres = NULL;
      g_autofree double *mid = NULL;
      g_autofree double *side = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, p);
      lq_json_add_string (b, "title", lq_track_get_display_name (track));
      add_gains (b, project, track);
      json_builder_set_member_name (b, "match_eq");
      json_builder_add_boolean_value (b, lq_project_get_track_match_eq (project, track, &nb, &centres, &mid, &side));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  lq_project_match_clear (&match);
  return json_builder_get_root (b);
}

JsonNode *
lq_project_match_plan_to_json (LqProject *project,
                               LqMatchPlan *plan,
                               const char *reference_path,
                               gboolean stored)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = lq_match_plan_get_n_tracks (plan);
  g_autofree const char **titles = g_new0 (const char *, n + 1);

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);

      titles[i] = track != NULL ? lq_track_get_display_name (track) : NULL;
    }
  lq_json_begin_document (b, "match-plan");
  json_builder_set_member_name (b, "stored");
  json_builder_add_boolean_value (b, stored);
  lq_json_add_path (b, "reference_path", reference_path);
  lq_match_json_add_plan (b, plan, titles);
  json_builder_set_member_name (b, "project");
  json_builder_add_value (b, lq_project_to_json (project));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* lq-match-json.c */
#include "config.h"

#include "lq-match-json.h"

#include <math.h>

#include "lq-analysis-json.h"

/* The presets' names for people; ui/lq-target-label.c has them translated. */
static const struct { const char *name; const char *label; } labels[] = {
  { "spotify", "Spotify" },
  { "apple", "Apple Music" },
  { "youtube", "YouTube" },
  { "tidal", "TIDAL" },
  { "amazon", "Amazon Music" },
  { "deezer", "Deezer" },
  { "td1008", "AES TD1008" },
  { "r128", "EBU R 128" },
  { "cd", "CD" },
};

char *
lq_delivery_target_json_label (const LqDeliveryTarget *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (labels[i].name, target->name) == 0)
      return g_strdup (labels[i].label);
  return g_strdup_printf ("%s LUFS", target->name);
}

void
lq_json_add_target (JsonBuilder *b,
                    const char *key,
                    const LqDeliveryTarget *target)
{
  g_autofree char *label = NULL;

  json_builder_set_member_name (b, key);
  if (target == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  label = lq_delivery_target_json_label (target);
  json_builder_begin_object (b);
  lq_json_add_string (b, "name", target->name);
  lq_json_add_string (b, "label", label);
  lq_json_add_number (b, "integrated_lufs", target->integrated_lufs);
  lq_json_add_number (b, "max_track_lufs", target->max_track_lufs);
  lq_json_add_number (b, "ceiling_dbtp", target->true_peak_ceiling_dbtp);
  lq_json_add_string (b, "source", target->source);
  json_builder_end_object (b);
}

void
lq_json_add_target_name (JsonBuilder *b,
                         const char *key,
                         const char *name)
{
  LqDeliveryTarget target;

  if (name != NULL && *name != '\0' && lq_delivery_target_lookup (name, &target, NULL))
    lq_json_add_target (b, key, &target);
  else
    lq_json_add_target (b, key, NULL);
}

static void
add_boolean (JsonBuilder *b,
             const char *key,
             gboolean value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
add_track (JsonBuilder *b,
           LqMatchPlan *plan,
           guint i,
           const char *title)
{
  const LqMatchTrack *m = lq_match_plan_get_track (plan, i);
  LqTonalPlan *tonal = lq_match_plan_get_tonal (plan);
  const double *mid;
  const double *side;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "position");
  json_builder_add_int_value (b, i + 1);
  lq_json_add_string (b, "title", title);
  lq_json_add_number (b, "measured_lufs", m->measured_lufs);
  lq_json_add_number (b, "user_gain_db", m->user_gain_db);
  lq_json_add_number (b, "match_gain_db", m->gain_db);
  lq_json_add_number (b, "total_gain_db", m->user_gain_db + m->gain_db);
  lq_json_add_number (b, "target_lufs", m->target_lufs);
  lq_json_add_number (b, "predicted_lufs", m->predicted_lufs);
  lq_json_add_number (b, "measured_true_peak_dbtp", m->measured_true_peak_dbtp);
  lq_json_add_number (b, "predicted_true_peak_dbtp", m->predicted_true_peak_dbtp);
  lq_json_add_number (b, "output_true_peak_dbtp", m->output_true_peak_dbtp);
  lq_json_add_number (b, "limiter_reduction_db", m->limiter_reduction_db);
  add_boolean (b, "limiter_warning", (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING) != 0);
  add_boolean (b, "capped", (m->flags & LQ_MATCH_TRACK_CAPPED) != 0);
  add_boolean (b, "no_loudness", (m->flags & LQ_MATCH_TRACK_NO_LOUDNESS) != 0);
  json_builder_set_member_name (b, "eq");
  if (tonal != NULL && lq_tonal_plan_get_correction (tonal, i, &mid, &side))
    {
      json_builder_begin_object (b);
      lq_json_add_number (b, "max_move_db", m->eq_max_move_db);
      lq_json_add_number (b, "loudness_change_db", m->eq_loudness_change_db);
      lq_json_add_number (b, "peak_change_db", m->eq_peak_change_db);
      json_builder_set_member_name (b, "bands_at_cap");
      json_builder_add_int_value (b, m->eq_bands_at_cap);
      json_builder_set_member_name (b, "bands_corrected");
      json_builder_add_int_value (b, lq_tonal_plan_get_bands_corrected (tonal, i));
      /* The full correction; the match EQ applies strength and cap. */
      lq_json_add_bands (b, "correction", lq_tonal_plan_get_n_bands (tonal), lq_tonal_plan_get_centres (tonal),
                         mid, side);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

void
lq_match_json_add_plan (JsonBuilder *b,
                        LqMatchPlan *plan,
                        const char *const *titles)
{
  LqTonalPlan *tonal = lq_match_plan_get_tonal (plan);
  int anchor = tonal != NULL ? lq_tonal_plan_get_anchor (tonal) + 1 : 0;

  g_return_if_fail (LQ_IS_MATCH_PLAN (plan));

  lq_json_add_target (b, "target", lq_match_plan_get_target (plan));
  lq_json_add_string (b, "mode", lq_match_mode_to_string (lq_match_plan_get_mode (plan)));
  lq_json_add_number (b, "keep", lq_match_plan_get_keep (plan));
  lq_json_add_number (b, "tonal", tonal != NULL ? lq_tonal_plan_get_strength (tonal) : 0.0);
  lq_json_add_number (b, "tonal_cap_db", tonal != NULL ? lq_tonal_plan_get_cap_db (tonal) : NAN);
  lq_json_add_number (b, "ceiling_dbtp", lq_match_plan_get_ceiling_dbtp (plan));
  json_builder_set_member_name (b, "anchor");
  if (anchor > 0)
    json_builder_add_int_value (b, anchor);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "album_plan");
  json_builder_begin_object (b);
  lq_json_add_number (b, "measured_lufs", lq_match_plan_get_measured_album_lufs (plan));
  lq_json_add_number (b, "predicted_lufs", lq_match_plan_get_predicted_album_lufs (plan));
  add_boolean (b, "target_reached", lq_match_plan_get_album_target_reached (plan));
  json_builder_set_member_name (b, "limiter_warnings");
  json_builder_add_int_value (b, lq_match_plan_get_n_limiter_warnings (plan));
  lq_json_add_number (b, "tonal_spread_measured_db", tonal != NULL ? lq_tonal_plan_get_spread_before_db (tonal) : NAN);
  lq_json_add_number (b, "tonal_spread_predicted_db", tonal != NULL ? lq_tonal_plan_get_spread_after_db (tonal) : NAN);
  add_boolean (b, "tonal_cap_warning", tonal != NULL && lq_tonal_plan_get_cap_warning (tonal));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < lq_match_plan_get_n_tracks (plan); i++)
    add_track (b, plan, i, titles != NULL ? titles[i] : NULL);
  json_builder_end_array (b);
}

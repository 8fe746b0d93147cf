/* lq-match-json.h: delivery targets and match plans in lacquer-cli's JSON
 * contract (lq-analysis-json.h, data/json-schema/). */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-delivery-target.h"
#include "lq-match-plan.h"

G_BEGIN_DECLS

/* The target's name for people, in English (JSON is not translated):
 * "Spotify", "AES TD1008"; a loudness as "-18 LUFS". */
char *lq_delivery_target_json_label (const LqDeliveryTarget *target);

/* "key": the target object ($defs/target): {"name", "label",
 * "integrated_lufs" (null for cd), "max_track_lufs" (null but for td1008),
 * "ceiling_dbtp", "source"}; null when @target is NULL. */
void lq_json_add_target (JsonBuilder *b,
                         const char *key,
                         const LqDeliveryTarget *target);
/* The same for a target by name (as the album's "target" field stores it):
 * null when @name is NULL, empty or no target. */
void lq_json_add_target_name (JsonBuilder *b,
                              const char *key,
                              const char *name);

/* The plan's members into the open object: "target", "mode", "keep",
 * "tonal", "tonal_cap_db", "ceiling_dbtp", "anchor", "album_plan" and
 * "tracks" (each with "position", "title" from @titles, one per track, and
 * "user_gain_db", "match_gain_db", "total_gain_db"). */
void lq_match_json_add_plan (JsonBuilder *b,
                             LqMatchPlan *plan,
                             const char *const *titles);

G_END_DECLS

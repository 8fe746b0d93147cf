/* lq-analysis-json.h: the JSON form of an analysis (lacquer-cli analyze --json). */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-analysis-job.h"

G_BEGIN_DECLS

/* Adds "key": value, or null when @value is not finite (JSON has no NaN). */
void lq_json_add_number (JsonBuilder *b,
                         const char *key,
                         double value);

JsonNode *lq_track_analysis_to_json (LqTrackAnalysis *track,
                                     const char *path,
                                     double album_offset_lu);
/* The inverse of lq_track_analysis_to_json() (for the project's cache);
 * NULL if @node does not hold a track analysis (or holds a malformed
 * spectrum). A missing or null "spectrum" (JSON written before spectra were
 * kept) gives an analysis without one. */
LqTrackAnalysis *lq_track_analysis_from_json (JsonNode *node,
                                              const char *path,
                                              GArray *momentary_energies,
                                              GArray *short_term_energies);

/* {"tracks":[...],"album":{...},"errors":[...]}: tracks in the job's order,
 * each path exactly as given. */
JsonNode *lq_analysis_job_to_json (LqAnalysisJob *job);

G_END_DECLS

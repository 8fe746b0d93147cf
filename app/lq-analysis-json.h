/* lq-analysis-json.h: the JSON form of an analysis (lacquer-cli analyze --json). */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-analysis-job.h"

G_BEGIN_DECLS

JsonNode *lq_track_analysis_to_json (LqTrackAnalysis *track,
                                     const char *path,
                                     double album_offset_lu);
/* {"tracks":[...],"album":{...},"errors":[...]}: tracks in the job's order,
 * each path exactly as given. */
JsonNode *lq_analysis_job_to_json (LqAnalysisJob *job);

G_END_DECLS

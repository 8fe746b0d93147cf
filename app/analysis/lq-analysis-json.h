/* lq-analysis-json.h: the JSON form of an analysis (lacquer-cli analyze --json). */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-analysis-job.h"

G_BEGIN_DECLS

/* Adds "key": value, or null when @value is not finite (JSON has no NaN). */
void lq_json_add_number (JsonBuilder *b,
                         const char *key,
                         double value);

/* Bands on a frequency axis (a long-term spectrum, a match-EQ curve):
 * "key": {"centres_hz": [...], "mid_db": [...], "side_db": [...]}, or null
 * for @n_bands 0. */
void lq_json_add_bands (JsonBuilder *b,
                        const char *key,
                        guint n_bands,
                        const double *centres,
                        const double *mid_db,
                        const double *side_db);
/* The inverse: null or missing (@node NULL) reads as 0 bands and TRUE;
 * FALSE when it is malformed (not the three arrays of one length up to
 * @max_bands, a value not finite, centres not positive and ascending). */
gboolean lq_json_read_bands (JsonNode *node,
                             guint max_bands,
                             guint *n_bands,
                             double *centres,
                             double *mid_db,
                             double *side_db);

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

/* lq-analysis-json.h: the JSON form of an analysis.
 *
 * Two forms: the project's cache of an analysis (lq_track_analysis_to_json()
 * and its inverse; its keys are a storage format and never change meaning),
 * and the documents of lacquer-cli's JSON contract (data/json-schema/, the
 * README's "JSON output"): every document is built by one builder in the
 * library, starts with lq_json_begin_document() and so carries
 * "format_version" and "document" at its root.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-analysis-job.h"

G_BEGIN_DECLS

/* The version of the whole JSON contract. Adding a key keeps it; renaming
 * or removing a key, or changing what one means, increments it (and the
 * schemas' "const" with it). */
#define LQ_JSON_FORMAT_VERSION 1

/* Begins the root object of a contract document: "format_version" and
 * "document" (@document names its schema: data/json-schema/@document.schema.json). */
void lq_json_begin_document (JsonBuilder *b,
                             const char *document);
/* Adds "key": @value, or null when @value is NULL. */
void lq_json_add_string (JsonBuilder *b,
                         const char *key,
                         const char *value);
/* Adds "key": @value as UTF-8 (a file name that is not shows U+FFFD for
 * its odd bytes), or null when @value is NULL. */
void lq_json_add_path (JsonBuilder *b,
                       const char *key,
                       const char *value);

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

/* The project's cache form: {"path", "title" (the tag, or null), the
 * measures}. Not the CLI contract: see lq_analysis_json_track(). */
JsonNode *lq_track_analysis_to_json (LqTrackAnalysis *track,
                                     const char *path,
                                     double album_offset_lu);
/* The contract's analysis object ($defs/analysis): "source_path" (@path, or
 * the analysis's own), "title" (as shown: the tag, else the file's name) and
 * the measures. */
JsonNode *lq_analysis_json_track (LqTrackAnalysis *track,
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

/* The "analysis" document (lacquer-cli analyze FILE…, demo):
 * {"format_version", "document", "tracks": [analysis…], "album_analysis":
 * {...}, "errors": [{"source_path", "message"}]}: tracks in the job's
 * order, each path exactly as given. */
JsonNode *lq_analysis_job_to_json (LqAnalysisJob *job);

G_END_DECLS

/* lq-export-json.h: an export's results in lacquer-cli's JSON contract
 * (lq-analysis-json.h, data/json-schema/export.schema.json). */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-export.h"

G_BEGIN_DECLS

/* The "export" document: the target checked against, the files' format,
 * the ceiling, and per track its "title", "source_path" (from @project),
 * "output_path" and checks; the album's loudness and whether all passed. */
JsonNode *lq_export_results_to_json (LqProject *project,
                                     GPtrArray *results,
                                     const LqExportOptions *options);

G_END_DECLS

/* lq-playback-protocol.h: the playback helper's line protocol.
 *
 * `lacquer-playback` (lq-playback-main.c) reads commands on its stdin and
 * writes events on its stdout, one JSON object per line (README.md, "The
 * helper's protocol"). LqPlayer (lq-player.h) is its client. The names both
 * sides use live here. */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-engine-image.h"
#include "lq-level-match.h"
#include "lq-playback-graph.h"

G_BEGIN_DECLS

/* Error codes of the "error" event. */
#define LQ_PLAYBACK_ERROR_NO_DEVICE "no-device"
#define LQ_PLAYBACK_ERROR_DEVICE_LOST "device-lost"
#define LQ_PLAYBACK_ERROR_FILE "file"
#define LQ_PLAYBACK_ERROR_PROJECT "project"
#define LQ_PLAYBACK_ERROR_BAD_COMMAND "bad-command"

/* "mix", "master", "reference". */
const char *lq_playback_source_to_string (LqPlaybackSource source);
gboolean lq_playback_source_from_string (const char *name,
                                         LqPlaybackSource *source);

/* @node as one line of compact JSON, "\n" ended. */
char *lq_playback_protocol_line (JsonNode *node);
/* The object of one line, or NULL with @error when it is not one. */
JsonObject *lq_playback_protocol_parse (const char *line,
                                        GError **error);

/* A double member, JSON null for -inf, +inf and NaN. */
void lq_playback_protocol_add_double (JsonBuilder *builder,
                                      const char *name,
                                      double value);
/* A number member (null: NAN). */
double lq_playback_protocol_get_double (JsonObject *object,
                                        const char *name);

/* The "load-image" command (a disc image, lq-engine-image.h):
 * {"cmd":"load-image","path":P,"offset":BYTES,"byte_order":"little"|"big",
 *  "frames":N (0: the file's),"tracks":[{"number","pregap","start","length",
 *  "title"|null}]}, positions in sample frames from the image's start. */
JsonNode *lq_playback_protocol_load_image (LqEngineImage *image);
/* The image of such a command; NULL with @error saying which member is
 * missing or wrong. */
LqEngineImage *lq_playback_protocol_parse_image (JsonObject *cmd,
                                                 GError **error);

G_END_DECLS

/* lq-engine-json.h: the engine's documents of lacquer-cli's JSON contract. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The "devices" document (data/json-schema/devices.schema.json) of
 * @devices, a GPtrArray of LqAudioDevice. */
JsonNode *lq_engine_devices_to_json (GPtrArray *devices);

G_END_DECLS

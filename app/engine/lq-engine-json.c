/* lq-engine-json.c: the engine's documents of lacquer-cli's JSON contract. */
#include "config.h"

#include "lq-engine-json.h"

#include "lq-analysis-json.h"
#include "lq-audio-system.h"

JsonNode *
lq_engine_devices_to_json (GPtrArray *devices)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  lq_json_begin_document (b, "devices");
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint i = 0; i < devices->len; i++)
    {
      const LqAudioDevice *d = g_ptr_array_index (devices, i);
      g_autofree char *label = lq_audio_device_label (d);

      json_builder_begin_object (b);
      lq_json_add_string (b, "label", label);
      lq_json_add_string (b, "name", d->name);
      lq_json_add_string (b, "host_api", d->host_api);
      json_builder_set_member_name (b, "max_output_channels");
      json_builder_add_int_value (b, d->max_output_channels);
      lq_json_add_number (b, "default_sample_rate", d->default_sample_rate);
      json_builder_set_member_name (b, "default");
      json_builder_add_boolean_value (b, d->is_default);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

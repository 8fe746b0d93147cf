/* lq-playback-protocol.c: the playback helper's line protocol. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lq-error.h"
#include "lq-playback-protocol.h"

static const char *const source_names[] = { "mix", "master", "reference" };

const char *
lq_playback_source_to_string (LqPlaybackSource source)
{
  g_return_val_if_fail (source <= LQ_PLAYBACK_REFERENCE, "master");
  return source_names[source];
}

gboolean
lq_playback_source_from_string (const char *name,
                                LqPlaybackSource *source)
{
  for (guint s = 0; name != NULL && s < G_N_ELEMENTS (source_names); s++)
    if (g_strcmp0 (name, source_names[s]) == 0)
      {
        *source = (LqPlaybackSource) s;
        return TRUE;
      }
  return FALSE;
}

char *
lq_playback_protocol_line (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return g_strconcat (text, "\n", NULL);
}

JsonObject *
lq_playback_protocol_parse (const char *line,
                            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

void
lq_playback_protocol_add_double (JsonBuilder *builder,
                                 const char *name,
                                 double value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

double
lq_playback_protocol_get_double (JsonObject *object,
                                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NAN;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    default:
      return NAN;
    }
}

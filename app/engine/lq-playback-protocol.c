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

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

JsonNode *
lq_playback_protocol_load_image (LqEngineImage *image)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (image != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cmd");
  json_builder_add_string_value (b, "load-image");
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, lq_engine_image_get_path (image));
  add_int (b, "offset", (gint64) lq_engine_image_get_offset (image));
  json_builder_set_member_name (b, "byte_order");
  json_builder_add_string_value (b, lq_engine_image_get_byte_order (image) == LQ_ENGINE_IMAGE_BIG_ENDIAN
                                    ? "big" : "little");
  add_int (b, "frames", lq_engine_image_get_n_frames (image));
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < lq_engine_image_get_n_tracks (image); i++)
    {
      const LqEngineImageTrack *t = lq_engine_image_get_track (image, i);

      json_builder_begin_object (b);
      add_int (b, "number", t->number);
      add_int (b, "pregap", t->pregap);
      add_int (b, "start", t->start);
      add_int (b, "length", t->length);
      json_builder_set_member_name (b, "title");
      if (t->title != NULL)
        json_builder_add_string_value (b, t->title);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A whole number member >= 0 (a JSON integer), or -1. */
static gint64
get_count (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return MAX (json_node_get_int (node), -1);
}

/* A string member, or NULL (missing, null or not a string). */
static const char *
get_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

LqEngineImage *
lq_playback_protocol_parse_image (JsonObject *cmd, GError **error)
{
  const char *path = get_string (cmd, "path");
  const char *order = json_object_has_member (cmd, "byte_order") ? get_string (cmd, "byte_order")
                                                                  : "little";
  gint64 offset = json_object_has_member (cmd, "offset") ? get_count (cmd, "offset") : 0;
  gint64 frames = json_object_has_member (cmd, "frames") ? get_count (cmd, "frames") : 0;
  JsonNode *tracks = json_object_get_member (cmd, "tracks");
  g_autoptr(LqEngineImage) image = NULL;
  JsonArray *array;

  if (path == NULL || offset < 0 || frames < 0
      || (g_strcmp0 (order, "little") != 0 && g_strcmp0 (order, "big") != 0)
      || tracks == NULL || !JSON_NODE_HOLDS_ARRAY (tracks)
      || json_array_get_length (json_node_get_array (tracks)) == 0)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("load-image: give “path”, “tracks” and optionally “offset”, “frames” "
                             "(whole numbers) and “byte_order” (little or big)"));
      return NULL;
    }
  image = lq_engine_image_new (path, (guint64) offset,
                               g_str_equal (order, "big") ? LQ_ENGINE_IMAGE_BIG_ENDIAN
                                                          : LQ_ENGINE_IMAGE_LITTLE_ENDIAN,
                               frames);
  array = json_node_get_array (tracks);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *t = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 number = t != NULL ? get_count (t, "number") : -1;
      gint64 pregap = t != NULL ? get_count (t, "pregap") : -1;
      gint64 start = t != NULL ? get_count (t, "start") : -1;
      gint64 length = t != NULL ? get_count (t, "length") : -1;

      if (number < 1 || number > 99 || pregap < 0 || start < 0 || length < 0)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("load-image: track %u needs “number” (1 to 99), “pregap”, “start” and "
                         "“length” (whole numbers of frames)"), i + 1);
          return NULL;
        }
      lq_engine_image_add_track (image, (guint) number, pregap, start, length,
                                 get_string (t, "title"));
    }
  if (!lq_engine_image_check (image, -1, error))
    return NULL;
  return g_steal_pointer (&image);
}

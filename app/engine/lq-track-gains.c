/* lq-track-gains.c: playback gains per track from outside (see
 * lq-track-gains.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lq-error.h"
#include "lq-playback-protocol.h"
#include "lq-track-gains.h"

void
lq_track_gains_apply (const double *gains_db,
                      guint n,
                      LqEngine *engine,
                      double first_db[3])
{
  g_return_if_fail (LQ_IS_ENGINE (engine));
  g_return_if_fail (gains_db != NULL || n == 0);

  for (guint s = LQ_PLAYBACK_MIX; s <= LQ_PLAYBACK_REFERENCE; s++)
    {
      lq_engine_set_match_gain_db (engine, (LqPlaybackSource) s, 0.0);
      if (first_db != NULL)
        first_db[s] = 0.0;
    }
  if (lq_engine_get_sample_rate (engine) == 0)
    return;
  for (guint i = 0; i < lq_engine_get_n_tracks (engine); i++)
    {
      guint number = lq_engine_get_track_number (engine, i);
      double db = number >= 1 && number <= n && isfinite (gains_db[number - 1]) ? gains_db[number - 1] : 0.0;

      lq_engine_set_track_match_gains (engine, i, db, db, db);
      if (i == 0 && first_db != NULL)
        first_db[LQ_PLAYBACK_MIX] = first_db[LQ_PLAYBACK_MASTER] = first_db[LQ_PLAYBACK_REFERENCE] = db;
    }
}

gboolean
lq_track_gains_from_json (JsonNode *node,
                          GArray **gains,
                          GError **error)
{
  g_autoptr(GArray) out = NULL;
  JsonArray *array;

  g_return_val_if_fail (gains != NULL, FALSE);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *gains = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  out = g_array_sized_new (FALSE, FALSE, sizeof (double), json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      double db;

      if (!JSON_NODE_HOLDS_VALUE (e)
          || (json_node_get_value_type (e) != G_TYPE_DOUBLE && json_node_get_value_type (e) != G_TYPE_INT64))
        goto bad;
      db = json_node_get_double (e);
      if (!isfinite (db))
        goto bad;
      g_array_append_val (out, db);
    }
  *gains = g_steal_pointer (&out);
  return TRUE;

bad:
  g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("track-gains: “gains” is an array of numbers (dB, track 1’s first) or null"));
  return FALSE;
}

char *
lq_track_gains_command (const double *gains_db,
                        guint n)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cmd");
  json_builder_add_string_value (b, "track-gains");
  json_builder_set_member_name (b, "gains");
  if (gains_db == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        json_builder_add_double_value (b, isfinite (gains_db[i]) ? gains_db[i] : 0.0);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return lq_playback_protocol_line (node);
}

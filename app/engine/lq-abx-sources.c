/* lq-abx-sources.c: what a blind test compares, by name and fingerprint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-abx-sources.h"

static const char *const source_names[] = { "mix", "master", "reference" };

const char *
lq_abx_source_name (LqPlaybackSource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_names), NULL);

  return source_names[source];
}

gboolean
lq_abx_source_from_name (const char *name,
                         LqPlaybackSource *source)
{
  for (guint s = 0; s < G_N_ELEMENTS (source_names); s++)
    if (name != NULL && g_ascii_strcasecmp (name, source_names[s]) == 0)
      {
        *source = (LqPlaybackSource) s;
        return TRUE;
      }
  return FALSE;
}

char *
lq_abx_source_fingerprint (LqProject *project,
                           LqTrack *track,
                           LqPlaybackSource source,
                           const char *reference_fingerprint)
{
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  switch (source)
    {
    case LQ_PLAYBACK_MIX:
      return g_strdup (lq_track_get_fingerprint (track));
    case LQ_PLAYBACK_MASTER:
      return lq_project_get_export_inputs (project, track);
    case LQ_PLAYBACK_REFERENCE:
    default:
      return g_strdup (reference_fingerprint);
    }
}

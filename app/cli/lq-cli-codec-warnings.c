/* lq-cli-codec-warnings.c: the codec preview's warnings as the command
 * line prints them (see lq-cli-codec-warnings.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-cli-codec-warnings.h"
#include "lq-cli-common.h"
#include "lq-codec-preview.h"

guint
lq_cli_codec_warnings_append (GString *s,
                              const GPtrArray *tracks)
{
  guint n = 0;

  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index ((GPtrArray *) tracks, i);
      g_autofree char *title = lq_cli_escape (t->title);

      for (guint k = 0; k < t->results->len; k++)
        {
          g_autofree char *warning = lq_codec_result_get_warning (&g_array_index (t->results, LqCodecResult, k));

          if (warning == NULL)
            continue;
          /* Translators: a track's number and title, then the codec's warning */
          g_string_append_printf (s, _("Track %u “%s”: %s"), t->position, title, warning);
          g_string_append_c (s, '\n');
          n++;
        }
    }
  return n;
}

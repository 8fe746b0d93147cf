/* lq-cli-platform-table.c: see the header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-cli-platform-table.h"
#include "lq-cli-table.h"

const LqPlatformTrack *
lq_cli_platform_table_find_track (const LqPlatformPlayback *pb,
                                  guint                     number)
{
  g_return_val_if_fail (pb != NULL, NULL);

  for (guint t = 0; t < pb->n_tracks; t++)
    if (pb->tracks[t].number == number)
      return &pb->tracks[t];
  return NULL;
}

static void
append_headings (GString  *s,
                 gboolean  jumps)
{
  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Title"), 22, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Master"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Gain"), 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Heard"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Limited"), 8, TRUE);
  if (jumps)
    {
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, _("Jump"), 7, TRUE);
    }
  g_string_append_c (s, '\n');
  lq_cli_table_put (s, "", 3 + 2 + 22, FALSE);
  g_string_append (s, " ");
  lq_cli_table_put (s, "LUFS", 8, TRUE);
  g_string_append (s, " ");
  lq_cli_table_put (s, "dB", 7, TRUE);
  g_string_append (s, " ");
  lq_cli_table_put (s, "LUFS", 8, TRUE);
  g_string_append (s, " ");
  lq_cli_table_put (s, "dB", 8, TRUE);
  if (jumps)
    {
      g_string_append (s, " ");
      lq_cli_table_put (s, "LU", 7, TRUE);
    }
  g_string_append_c (s, '\n');
}

static void
append_row (GString               *s,
            const LqPlatformTrack *tr,
            gboolean               jumps)
{
  g_autofree char *num = g_strdup_printf ("%u", tr->number);

  lq_cli_table_put (s, num, 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, tr->title != NULL ? tr->title : "", 22, FALSE);
  lq_cli_table_put_number (s, tr->master_lufs, 8, 1, FALSE);
  lq_cli_table_put_number (s, tr->playback_gain_db, 7, 1, TRUE);
  lq_cli_table_put_number (s, tr->listener_lufs, 8, 1, FALSE);
  lq_cli_table_put_number (s, tr->limited_db, 8, 1, FALSE);
  if (jumps)
    lq_cli_table_put_number (s, tr->jump_lu, 7, 1, TRUE);
  g_string_append_c (s, '\n');
}

void
lq_cli_platform_table_append (GString                  *s,
                              const LqPlatformPlayback *pb,
                              const GArray             *order,
                              gboolean                  jumps)
{
  g_return_if_fail (s != NULL);
  g_return_if_fail (pb != NULL);

  append_headings (s, jumps);
  if (order == NULL)
    {
      for (guint t = 0; t < pb->n_tracks; t++)
        append_row (s, &pb->tracks[t], jumps);
      return;
    }
  for (guint i = 0; i < order->len; i++)
    {
      const LqPlatformTrack *tr = lq_cli_platform_table_find_track (pb, g_array_index (order, guint, i));

      if (tr != NULL)
        append_row (s, tr, jumps);
    }
}

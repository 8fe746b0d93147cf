/* lq-cli-platform-table.h: the table of what listeners hear on a platform
 * (issue 13, section 4), as `lacquer-cli preview --platform` and
 * `lacquer-cli play --platform` print it: per track the master's loudness,
 * the platform's playback gain, the loudness the listener gets, what the
 * platform's limiter takes off and, in the preview, the jump from the
 * track before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-platform.h"

G_BEGIN_DECLS

/* @pb's track numbered @number (1-based, the project's), or NULL. */
const LqPlatformTrack *lq_cli_platform_table_find_track (const LqPlatformPlayback *pb,
                                                         guint                     number);

/* Appends the table's two heading lines and one line a track to @s. The
 * tracks in @pb's order or, with @order (of guint: the track numbers in the
 * order they are played, a shuffle's), in that order, leaving out the
 * numbers @pb does not hold. With @jumps, a last column with each track's
 * jump_lu (the jump in @pb's order, the album's). */
void lq_cli_platform_table_append (GString                  *s,
                                   const LqPlatformPlayback *pb,
                                   const GArray             *order,
                                   gboolean                  jumps);

G_END_DECLS

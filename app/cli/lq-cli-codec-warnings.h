/* lq-cli-codec-warnings.h: the codec preview's warnings (issue 13,
 * section 3) as `lacquer-cli preview --codecs` and `lacquer-cli release
 * --codecs` print them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends a line to @s for every codec result of @tracks (of
 * LqCodecPreviewTrack) that has a warning (a codec takes the track over
 * 0 dBTP: by how much, and how far to lower the ceiling), as
 * `preview --codecs` and `release --codecs` print them; returns how many. */
guint lq_cli_codec_warnings_append (GString *s,
                                    const GPtrArray *tracks);


G_END_DECLS

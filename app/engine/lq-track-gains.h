/* lq-track-gains.h: playback gains per track given from outside the
 * engine, in place of level matching.
 *
 * The window and `lacquer-cli play` hear the album as a streaming platform
 * plays it (issue 13, section 4): the platform's gain for each track comes
 * from app/release (lq-platform.h), which the engine may not see, so the
 * caller computes the gains and hands them over as plain numbers, by track
 * number. The playback helper takes them with the command
 * {"cmd":"track-gains","gains":[DB, ...]} (track 1's first; null: back to
 * level matching), LqPlayer sends it (lq_player_set_track_gains()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-engine.h"

G_BEGIN_DECLS

/* Gives every track loaded in @engine the gain @gains_db[number - 1] of its
 * number in the project (0 dB past @n or where it is not finite) for every
 * source, and the program's own level-match gains 0 dB: nothing on top.
 * @first_db (may be NULL) gets the first track's gain for each source. */
void lq_track_gains_apply (const double *gains_db,
                           guint n,
                           LqEngine *engine,
                           double first_db[3]);

/* The command's "gains" member: an array of numbers (NULL: none). FALSE
 * with @error (LQ_ERROR_INVALID_VALUE) when @node is neither null nor an
 * array of finite numbers; then @gains is unchanged. On success @gains gets
 * a new array of doubles, or NULL for null. */
gboolean lq_track_gains_from_json (JsonNode *node,
                                   GArray **gains,
                                   GError **error);

/* The command {"cmd":"track-gains","gains":[...] or null}, as one line. */
char *lq_track_gains_command (const double *gains_db,
                              guint n);

G_END_DECLS

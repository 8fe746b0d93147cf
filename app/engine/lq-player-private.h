/* lq-player-private.h: test hooks of LqPlayer. */
#pragma once

#include "lq-player.h"

G_BEGIN_DECLS

/* Sends @line (one JSON object) as it is: for tests of the protocol. */
void _lq_player_send_raw (LqPlayer *self,
                          const char *line);
/* The helper's process id as a string ("" when none runs): for tests. */
const char *_lq_player_get_helper_id (LqPlayer *self);

/* Where LqPlayer keeps lq_player_set_track_gains()'s gains
 * (lq-player-track-gains.c), and sends them to the helper. */
GArray **_lq_player_track_gains (LqPlayer *self);
void _lq_player_send_track_gains (LqPlayer *self);

G_END_DECLS

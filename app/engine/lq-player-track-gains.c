/* lq-player-track-gains.c: LqPlayer's fixed gains per track
 * (lq_player_set_track_gains(); the command of lq-track-gains.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-player-private.h"
#include "lq-track-gains.h"

void
_lq_player_send_track_gains (LqPlayer *self)
{
  GArray *gains = *_lq_player_track_gains (self);
  g_autofree char *line = lq_track_gains_command (gains != NULL ? (const double *) gains->data : NULL,
                                                  gains != NULL ? gains->len : 0);

  _lq_player_send_raw (self, g_strchomp (line));
}

void
lq_player_set_track_gains (LqPlayer *self,
                           const double *gains_db,
                           guint n)
{
  GArray **gains;

  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (gains_db != NULL || n == 0);

  gains = _lq_player_track_gains (self);
  g_clear_pointer (gains, g_array_unref);
  if (gains_db != NULL)
    {
      *gains = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      g_array_append_vals (*gains, gains_db, n);
    }
  _lq_player_send_track_gains (self);
}

const double *
lq_player_get_track_gains (LqPlayer *self,
                           guint *n)
{
  GArray *gains;

  g_return_val_if_fail (LQ_IS_PLAYER (self), NULL);

  gains = *_lq_player_track_gains (self);
  if (n != NULL)
    *n = gains != NULL ? gains->len : 0;
  return gains != NULL ? (const double *) gains->data : NULL;
}

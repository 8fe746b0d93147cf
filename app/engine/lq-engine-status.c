/* lq-engine-status.c: what LqEngine plays (its mode, tracks, the track
 * and transition heard, what a load skipped) and its meters. */
#include "config.h"

#include <string.h>

#include "lq-engine-object-private.h"

LqEngineMode
lq_engine_get_mode (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), LQ_ENGINE_MODE_TRACK);
  return self->program != NULL ? lq_engine_program_get_mode (self->program) : LQ_ENGINE_MODE_TRACK;
}

guint
lq_engine_get_n_tracks (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->program != NULL ? lq_engine_program_get_n_tracks (self->program) : 0;
}

guint
lq_engine_get_track_number (LqEngine *self, guint index)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  g_return_val_if_fail (self->program != NULL, 0);
  return lq_engine_program_get_track_number (self->program, index);
}

gint64
lq_engine_get_track_start (LqEngine *self, guint index)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  g_return_val_if_fail (self->program != NULL, 0);
  return lq_engine_program_get_track_start (self->program, index);
}

gboolean
lq_engine_map_frame (LqEngine *self,
                     gint64 frame,
                     guint *index,
                     gint64 *frame_in_track)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  return self->program != NULL
         && lq_engine_program_map_frame (self->program, frame, index, frame_in_track);
}

gint
lq_engine_get_track (LqEngine *self)
{
  gint64 pos;
  guint index;

  g_return_val_if_fail (LQ_IS_ENGINE (self), -1);
  if (self->program == NULL)
    return -1;
  pos = lq_engine_get_position (self);
  /* At the very end: the last frame's track. */
  if (pos >= self->length && self->length > 0)
    pos = self->length - 1;
  return lq_engine_program_map_frame (self->program, pos, &index, NULL) ? (gint) index : -1;
}

gint
lq_engine_get_transition (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), -1);
  if (self->program == NULL)
    return -1;
  return lq_engine_program_get_transition (self->program,
                                           MIN (lq_engine_get_position (self),
                                                MAX (self->length - 1, 0)));
}

GPtrArray *
lq_engine_get_skipped (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), NULL);
  return self->program != NULL ? lq_engine_program_get_skipped (self->program) : NULL;
}

void
lq_engine_read_meter (LqEngine *self, LqLiveMeterSnapshot *snapshot)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph != NULL)
    lq_playback_graph_read_meter (self->graph, snapshot);
  else
    memset (snapshot, 0, sizeof *snapshot);
}

guint64
lq_engine_get_underruns (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->graph != NULL ? lq_playback_graph_get_underruns (self->graph) : 0;
}

guint64
lq_engine_get_frames_heard (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->graph != NULL ? lq_playback_graph_get_frames_heard (self->graph) : 0;
}

/* lq-track-private.h: what LqProject uses to keep tracks in step with the file. */
#pragma once

#include "lq-track.h"

G_BEGIN_DECLS

LqTrack *_lq_track_new (gint64 id);
/* Updates every property from the row; notifies only what changed.
 * @values: one GValue per track field, in lq_project_fields_track() order. */
void _lq_track_update (LqTrack *self,
                       guint position,
                       const char *source,
                       const char *path,
                       const char *fingerprint,
                       double duration,
                       const GValue *values);
/* A file being added, not in the project yet: no id, no position, its
 * title from its file name, state "hashing". */
LqTrack *_lq_track_new_pending (const char *path);
void _lq_track_set_state (LqTrack *self,
                          LqTrackState state,
                          const char *message);
void _lq_track_set_status (LqTrack *self, LqTrackStatus status);
void _lq_track_set_analysis (LqTrack *self, LqTrackAnalysis *analysis);

G_END_DECLS

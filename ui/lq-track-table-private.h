/* lq-track-table-private.h: what the UI tests may look at inside LqTrackTable. */
#pragma once

#include "lq-track-table.h"

G_BEGIN_DECLS

GtkSingleSelection *_lq_track_table_get_selection (LqTrackTable *self);
/* What dropping the row of @dragged on the row of @onto does: moves the track. */
gboolean _lq_track_table_drop_track (LqTrackTable *self,
                                     LqTrackItem *dragged,
                                     LqTrackItem *onto);

G_END_DECLS

/* lq-track-table.h: the table of an album's tracks, one row a track.
 *
 * Shows either an album project's track list (the project's GListModel of
 * LqTrack, each row an LqTrackItem made when the row is needed: no copy of
 * the list), reorderable by dragging a row's number or name onto another
 * row, or loose files' analyses (read-only). Every measure a column; the
 * cells bind to LqTrackItem's properties in lq-track-table.ui.
 */
#pragma once

#include <adwaita.h>

#include "lq-album-analysis.h"
#include "lq-project.h"
#include "lq-track-item.h"

G_BEGIN_DECLS

#define LQ_TYPE_TRACK_TABLE (lq_track_table_get_type ())

G_DECLARE_FINAL_TYPE (LqTrackTable, lq_track_table, LQ, TRACK_TABLE, AdwBin)

GtkWidget *lq_track_table_new (void);

/* The project whose tracks are shown, or NULL (loose files). */
LqProject *lq_track_table_get_project (LqTrackTable *self);
void lq_track_table_set_project (LqTrackTable *self,
                                 LqProject *project);
/* Shows loose files' rows (@items: LqTrackItem), and no project. */
void lq_track_table_set_files (LqTrackTable *self,
                               LqTrackItem **items,
                               guint n_items);
/* The rows shown: LqTrackItem, in album order. */
GListModel *lq_track_table_get_model (LqTrackTable *self);
/* A project's rows read their tracks again, with offsets from @album. */
void lq_track_table_update (LqTrackTable *self,
                            LqAlbumAnalysis *album);

/* The selected row (0-based), or GTK_INVALID_LIST_POSITION. */
guint lq_track_table_get_selected (LqTrackTable *self);
void lq_track_table_set_selected (LqTrackTable *self,
                                  guint position);
/* The selected row's item, or NULL. */
LqTrackItem *lq_track_table_get_selected_item (LqTrackTable *self);

G_END_DECLS

/* lq-album-summary.h: the album's measures below the track table.
 *
 * The album measured as one programme (integrated loudness, loudness range,
 * sample and true peak) and its loudest and quietest tracks, with their
 * offsets from the album.
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-album-analysis.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_ALBUM_SUMMARY (lq_album_summary_get_type ())

G_DECLARE_FINAL_TYPE (LqAlbumSummary, lq_album_summary, LQ, ALBUM_SUMMARY, GtkBox)

GtkWidget *lq_album_summary_new (void);

/* Shows @album (NULL: no measures). The loudest and quietest tracks are
 * named as @rows (LqTrackItem, or NULL) name them, else by their files. */
void lq_album_summary_set_album (LqAlbumSummary *self,
                                 LqAlbumAnalysis *album,
                                 GListModel *rows);

/* The project's figures beside the measures: which tracks they leave out
 * (lq_project_dup_left_out()), the album as the stored match plans it,
 * and as measured in the files its last export wrote (said to be from
 * before the last changes when stale). NULL: none of these. */
void lq_album_summary_set_project (LqAlbumSummary *self,
                                   LqProject      *project);

G_END_DECLS

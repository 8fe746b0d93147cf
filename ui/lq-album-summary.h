/* lq-album-summary.h: the album's measures below the track table.
 *
 * The album measured as one programme (integrated loudness, loudness range,
 * sample and true peak) and its loudest and quietest tracks, with their
 * offsets from the album.
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-album-analysis.h"

G_BEGIN_DECLS

#define LQ_TYPE_ALBUM_SUMMARY (lq_album_summary_get_type ())

G_DECLARE_FINAL_TYPE (LqAlbumSummary, lq_album_summary, LQ, ALBUM_SUMMARY, GtkBox)

GtkWidget *lq_album_summary_new (void);

/* Shows @album (NULL: no measures). The loudest and quietest tracks are
 * named as @rows (LqTrackItem, or NULL) name them, else by their files. */
void lq_album_summary_set_album (LqAlbumSummary *self,
                                 LqAlbumAnalysis *album,
                                 GListModel *rows);

G_END_DECLS

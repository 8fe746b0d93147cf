/* lq-album-analysis.h: the album as one programme.
 *
 * Integrated loudness and LRA are gated over the blocks of all tracks
 * together (BS.1770-4 / Tech 3342), not averaged from per-track numbers.
 */
#pragma once

#include <glib-object.h>

#include "lq-track-analysis.h"

G_BEGIN_DECLS

#define LQ_TYPE_ALBUM_ANALYSIS (lq_album_analysis_get_type ())

G_DECLARE_FINAL_TYPE (LqAlbumAnalysis, lq_album_analysis, LQ, ALBUM_ANALYSIS, GObject)

/* @tracks: LqTrackAnalysis in album order (NULL entries, failed files, are skipped). */
LqAlbumAnalysis *lq_album_analysis_new (GPtrArray *tracks);

guint lq_album_analysis_get_n_tracks (LqAlbumAnalysis *self);
LqTrackAnalysis *lq_album_analysis_get_track (LqAlbumAnalysis *self, guint i);
double lq_album_analysis_get_integrated_lufs (LqAlbumAnalysis *self);
double lq_album_analysis_get_lra_lu (LqAlbumAnalysis *self);
double lq_album_analysis_get_true_peak_dbtp (LqAlbumAnalysis *self);
double lq_album_analysis_get_sample_peak_dbfs (LqAlbumAnalysis *self);
/* Index into the array given to new(), or -1 when no track has a loudness. */
int lq_album_analysis_get_loudest (LqAlbumAnalysis *self);
int lq_album_analysis_get_quietest (LqAlbumAnalysis *self);
/* Track i's integrated loudness minus the album's (LU), NAN where undefined. */
double lq_album_analysis_get_offset (LqAlbumAnalysis *self, guint i);

G_END_DECLS

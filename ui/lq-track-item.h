/* lq-track-item.h: one row of the analysis table.
 *
 * Wraps a loose file's LqTrackAnalysis, or an album project's LqTrack (and
 * its cached analysis, if any), with its offset from the album, and
 * exposes the cells' text as read-only string properties that the column
 * view's list item templates bind to, formatted as lacquer-cli prints them
 * (see lq-format.h), and which measures call for attention.
 */
#pragma once

#include <glib-object.h>

#include "lq-match-plan.h"
#include "lq-project.h"
#include "lq-track.h"
#include "lq-track-analysis.h"

/* DC offset above this (dB, the worse channel) is flagged. */
#define LQ_TRACK_ITEM_DC_LIMIT_DB (-40.0)

G_BEGIN_DECLS

#define LQ_TYPE_TRACK_ITEM (lq_track_item_get_type ())

G_DECLARE_FINAL_TYPE (LqTrackItem, lq_track_item, LQ, TRACK_ITEM, GObject)

LqTrackItem *lq_track_item_new (LqTrackAnalysis *analysis,
                                double album_offset_lu);

/* A project's track: its cells follow lq_track_item_update(). */
LqTrackItem *lq_track_item_new_for_track (LqTrack *track);
/* Reads the track's analysis again, takes a new album offset, and notifies
 * every cell's property. */
void lq_track_item_update (LqTrackItem *self,
                           double album_offset_lu);

/* NULL for a loose file */
LqTrack *lq_track_item_get_track (LqTrackItem *self);
/* The track's position in the album, "" for a loose file */
const char *lq_track_item_get_position (LqTrackItem *self);
/* NULL for a project's track not analysed yet */
LqTrackAnalysis *lq_track_item_get_analysis (LqTrackItem *self);
double lq_track_item_get_album_offset (LqTrackItem *self);
const char *lq_track_item_get_name (LqTrackItem *self);
const char *lq_track_item_get_path (LqTrackItem *self);
const char *lq_track_item_get_length (LqTrackItem *self);
const char *lq_track_item_get_integrated (LqTrackItem *self);
const char *lq_track_item_get_lra (LqTrackItem *self);
const char *lq_track_item_get_max_momentary (LqTrackItem *self);
const char *lq_track_item_get_max_short_term (LqTrackItem *self);
const char *lq_track_item_get_sample_peak (LqTrackItem *self);
const char *lq_track_item_get_true_peak (LqTrackItem *self);
const char *lq_track_item_get_plr (LqTrackItem *self);
const char *lq_track_item_get_offset (LqTrackItem *self);
const char *lq_track_item_get_dc (LqTrackItem *self);
const char *lq_track_item_get_correlation (LqTrackItem *self);
const char *lq_track_item_get_clips (LqTrackItem *self);
const char *lq_track_item_get_format (LqTrackItem *self);
/* The worse channel's DC offset (dB), as the "dc" cell shows it; NAN when none. */
double lq_track_item_get_dc_offset_db (LqTrackItem *self);

/* What calls for attention, judged on the values as shown (so that "-40"
 * is never flagged as above -40 dB, nor "0.00" as negative): */
/* any clipped samples */
gboolean lq_track_item_get_clips_warning (LqTrackItem *self);
/* DC offset above LQ_TRACK_ITEM_DC_LIMIT_DB */
gboolean lq_track_item_get_dc_warning (LqTrackItem *self);
/* negative correlation between the channels */
gboolean lq_track_item_get_correlation_warning (LqTrackItem *self);

/* The match plan's and the last export's figures of a project's track.
 * @plan: the track's line of the album's plan, or NULL (never matched);
 * @exported: the track's last export, or NULL; @peak_limit_dbtp: the true
 * peak above which a peak cell is flagged (the target's ceiling, 0 without
 * a target). Notifies "figures". */
void lq_track_item_set_figures (LqTrackItem          *self,
                                const LqMatchTrack   *plan,
                                const LqExportRecord *exported,
                                double                peak_limit_dbtp);
/* The plan's figures ("—" without a plan): the match gain, the match EQ's
 * loudness change, the predicted loudness, the true peak out of the
 * limiter, the limiter's gain reduction (negative dB, "0.0" for none). */
const char *lq_track_item_get_match_gain (LqTrackItem *self);
const char *lq_track_item_get_eq_change (LqTrackItem *self);
const char *lq_track_item_get_predicted (LqTrackItem *self);
const char *lq_track_item_get_output_peak (LqTrackItem *self);
const char *lq_track_item_get_limiter (LqTrackItem *self);
/* The last export's measured loudness and true peak ("—" without one). */
const char *lq_track_item_get_exported (LqTrackItem *self);
const char *lq_track_item_get_exported_peak (LqTrackItem *self);
/* The track was edited, or its source changed, since its last export. */
gboolean lq_track_item_get_exported_stale (LqTrackItem *self);
double lq_track_item_get_peak_limit (LqTrackItem *self);
/* A true peak above the limit (lq_track_item_set_figures(); 0 dBTP for a
 * loose file): the measured one, the plan's output, the export's. */
gboolean lq_track_item_get_true_peak_warning (LqTrackItem *self);
gboolean lq_track_item_get_output_peak_warning (LqTrackItem *self);
gboolean lq_track_item_get_exported_peak_warning (LqTrackItem *self);

G_END_DECLS

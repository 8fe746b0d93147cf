/* lq-album-timeline.h: the album timeline (issue 12, item 1).
 *
 * Every track of a project as a block on one time axis (lq-timeline-plot.h
 * draws it, lq-timeline-model.h lays it out at the engine's album
 * positions), with the engine's playhead on top. The widget follows the
 * project's changes itself (its track list and every track's notify).
 *
 * Pointer: a click selects the track under it ("track-selected") and asks
 * to play from there ("seek"); dragging a block's left or right edge edits
 * its trim-in or trim-out, a fade handle (the top corners) its fade, the
 * gap's right edge its gap: previewed while dragging, written on release as
 * one lq_project_set_track() call (one undo step); Escape cancels a drag.
 * Ctrl+scroll zooms about the pointer (from the whole album to single
 * sample frames), scroll pans, as does the horizontal adjustment.
 *
 * Keys: Left/Right the previous/next track, Home/End the first/last, +/-
 * zoom about the playhead, 0 fits the album, Enter plays from the selected
 * track's start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-project.h"
#include "lq-timeline-model.h"

G_BEGIN_DECLS

#define LQ_TYPE_ALBUM_TIMELINE (lq_album_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LqAlbumTimeline, lq_album_timeline, LQ, ALBUM_TIMELINE, GtkWidget)

/* How far +/- and one Ctrl+scroll step zoom */
#define LQ_ALBUM_TIMELINE_ZOOM_STEP 1.5
/* The closest zoom: this many pixels a sample frame */
#define LQ_ALBUM_TIMELINE_MAX_PX_PER_FRAME 8.0

GtkWidget *lq_album_timeline_new (void);

void lq_album_timeline_set_project (LqAlbumTimeline *self,
                                    LqProject       *project);
LqProject *lq_album_timeline_get_project (LqAlbumTimeline *self);
/* Rebuilds the model from the project now (it does so by itself, in an
 * idle, when the project tells of a change). */
void lq_album_timeline_refresh (LqAlbumTimeline *self);
const LqTimelineModel *lq_album_timeline_get_model (LqAlbumTimeline *self);
/* The engine's sample rate (0, the default: the first track's, as the
 * engine's album program has it before it is set to the device's), so
 * that the positions are the engine's to the frame. */
void lq_album_timeline_set_sample_rate (LqAlbumTimeline *self,
                                        guint            rate);

/* The playhead, in album seconds (the engine's). */
void lq_album_timeline_set_position (LqAlbumTimeline *self,
                                     double           album_seconds);
double lq_album_timeline_get_position (LqAlbumTimeline *self);

/* The selected track's position (1-based; 0: none). Does not emit
 * "track-selected" (that tells of the user's choice). */
void lq_album_timeline_set_selected (LqAlbumTimeline *self,
                                     guint            position);
guint lq_album_timeline_get_selected (LqAlbumTimeline *self);

/* The seconds in view; clamped to the album and the closest zoom. */
void lq_album_timeline_set_view (LqAlbumTimeline *self,
                                 double           start_s,
                                 double           end_s);
void lq_album_timeline_get_view (LqAlbumTimeline *self,
                                 double          *start_s,
                                 double          *end_s);
/* The whole album in view. */
void lq_album_timeline_zoom_fit (LqAlbumTimeline *self);
/* Zooms by @factor (> 1: closer) keeping album second @anchor_s in place. */
void lq_album_timeline_zoom (LqAlbumTimeline *self,
                             double           factor,
                             double           anchor_s);
/* The view as an adjustment (value: its start, page size: its span, upper:
 * the album's length), for a horizontal scrollbar. */
GtkAdjustment *lq_album_timeline_get_hadjustment (LqAlbumTimeline *self);

/* The tooltip at pixel (@x, @y): the track, the time (as precise as a pixel
 * is: sample-accurate when zoomed in) and the short-term loudness there,
 * and what a drag there edits; NULL where nothing is. */
char *lq_album_timeline_dup_tooltip_text (LqAlbumTimeline *self,
                                          double           x,
                                          double           y);

G_END_DECLS

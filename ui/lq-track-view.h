/* lq-track-view.h: the track view, "Track Waveform" (issue 12, item 2).
 *
 * One track of a project: its stereo waveform from the cached overview,
 * clipped runs and true-peak overs, momentary and short-term loudness with
 * the target and the integrated loudness, and the loudness predicted after
 * the stored match (lq-track-view-model.h, drawn by lq-track-view-plot.h).
 *
 * Zoom: Ctrl+scroll or + and - (around the pointer or the playhead), 0 fits
 * the track; scroll or Left/Right pans. Zoomed finer than the cached
 * overview, down to 16 pixels a sample frame, the waveform is read from
 * the track's source on a worker (lq-waveform-span.h) and drawn as soon as
 * it arrives; at two frames a pixel or fewer as lines through the
 * samples (lq-track-view-plot.h). A click emits "seek" with the time under
 * the pointer. The widget follows the project's changes itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-project.h"
#include "lq-track-view-model.h"

G_BEGIN_DECLS

#define LQ_TYPE_TRACK_VIEW (lq_track_view_get_type ())

G_DECLARE_FINAL_TYPE (LqTrackView, lq_track_view, LQ, TRACK_VIEW, GtkWidget)

GtkWidget *lq_track_view_new (void);

void lq_track_view_set_project (LqTrackView *self,
                                LqProject   *project);
/* The track shown: 1-based, 0 for none. Fits the view to it. */
void lq_track_view_set_track (LqTrackView *self,
                              guint        position);
guint lq_track_view_get_track (LqTrackView *self);
/* The playhead, in seconds into the track. */
void lq_track_view_set_position (LqTrackView *self,
                                 double       seconds);
/* The visible span, in seconds. */
void lq_track_view_set_span (LqTrackView *self,
                             double       start_s,
                             double       end_s);
void lq_track_view_get_span (LqTrackView *self,
                             double      *start_s,
                             double      *end_s);
/* Builds the model again from the project (the widget does so itself on
 * the project's notifications). */
void lq_track_view_refresh (LqTrackView *self);
/* The model shown, or NULL (no track, or not analysed yet). */
const LqTrackViewModel *lq_track_view_get_model (LqTrackView *self);
const char *lq_track_view_get_description (LqTrackView *self);
/* The frames a pixel column the waveform is drawn at now: the span read
 * from the source's (1: sample resolution), else the cached level's; 0 for
 * none. Changes when a read arrives. */
guint lq_track_view_get_resolution (LqTrackView *self);
/* The tooltip's read-out at @x (widget coordinates), or NULL. */
char *lq_track_view_dup_readout (LqTrackView *self,
                                 double       x);

G_END_DECLS

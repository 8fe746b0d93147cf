/* lq-listeners-view.h: the "What Listeners Hear" view (issue 13, section 4).
 *
 * For one streaming platform and one context (the album played in order,
 * or shuffle/playlists), what the listener gets from each track: a toolbar
 * chooses the platform (the eight of lq-platform.h, by name) and the
 * context (only those the platform has), the chart of lq-platform-plot.h
 * shows the heard loudness per track, the master's, the target and the
 * jumps, and a table below lists per track the master's loudness, the
 * platform's gain, the heard loudness, what its limiter takes off and the
 * jump from the track before. A tooltip reads out the bar under the
 * pointer; Play as Heard plays the album at these gains (the window's
 * player). For assistive technologies it is "What Listeners Hear",
 * described by the key figures: how many tracks the platform turns down
 * and up (a gain of at least 0.05 dB either way: as shown, to 0.1 dB) and
 * the largest jump.
 *
 * The figures are the project's stored ones (lq_platform_preview_new():
 * no audio is read), so it rebuilds on the main thread whenever the
 * project changes (LqProjectWatch); lq_listeners_view_refresh() rebuilds
 * now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-platform.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_LISTENERS_VIEW (lq_listeners_view_get_type ())

G_DECLARE_FINAL_TYPE (LqListenersView, lq_listeners_view, LQ, LISTENERS_VIEW, GtkWidget)

GtkWidget *lq_listeners_view_new (void);

void lq_listeners_view_set_project (LqListenersView *self,
                                    LqProject *project);
LqProject *lq_listeners_view_get_project (LqListenersView *self);
/* The platform shown, by its id ("spotify-normal", …); an unknown id is
 * ignored. When the platform has not the context shown, it shows the one
 * it has. */
void lq_listeners_view_set_platform (LqListenersView *self,
                                     const char *platform_id);
const char *lq_listeners_view_get_platform (LqListenersView *self);
/* The context shown; ignored when the platform has not @context. */
void lq_listeners_view_set_context (LqListenersView *self,
                                    LqPlatformContext context);
LqPlatformContext lq_listeners_view_get_context (LqListenersView *self);
/* Rebuilds the preview from the project now. */
void lq_listeners_view_refresh (LqListenersView *self);

/* What is shown: the playback (NULL when there is nothing to show, then
 * lq_listeners_view_get_message() says why), the chart's area in widget
 * coordinates, the description given to assistive technologies, and the
 * read-out the tooltip gives at (@x, @y) in widget coordinates (NULL off
 * the bars' slots). */
const LqPlatformPlayback *lq_listeners_view_get_playback (LqListenersView *self);
const char *lq_listeners_view_get_message (LqListenersView *self);
void lq_listeners_view_get_plot_area (LqListenersView *self,
                                      graphene_rect_t *area);
char *lq_listeners_view_dup_description (LqListenersView *self);
char *lq_listeners_view_dup_readout_at (LqListenersView *self,
                                        double x,
                                        double y);

/* The Play toggle ("playing"; "play-changed" when it changes, and while it
 * is on when the playback shown does): the window plays the album at the
 * gains of the playback shown (no level matching) while it is on. Off by
 * itself when there is nothing to play. */
void lq_listeners_view_set_playing (LqListenersView *self,
                                    gboolean playing);
gboolean lq_listeners_view_get_playing (LqListenersView *self);
/* The gains of the playback shown by track number: [number - 1] (0 dB for
 * a number it has not); @n gets how many; NULL when nothing is shown. */
double *lq_listeners_view_dup_track_gains (LqListenersView *self,
                                           guint *n);

G_END_DECLS

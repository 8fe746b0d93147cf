/* lq-tonal-view.h: the Tonal Balance view (issue 12, item 3).
 *
 * Each track's loudness-normalised 1/3-octave spectrum against the album's
 * centroid, an anchor track or a reference, before and after the match EQ,
 * with the album's tonal spread as a band and a figure (the model and the
 * drawing are app/plot/lq-tonal-model.h and lq-tonal-plot.h). A toolbar
 * chooses Mid or Side, what to compare with, before and after, the slope
 * guides, and one track or all. A tooltip reads out the band under the
 * pointer. For assistive technologies it is "Tonal Balance", described by
 * the model's figures.
 *
 * It follows the project it is given by itself (every edit, undo and
 * analysis notifies the project); lq_tonal_view_refresh() rebuilds now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-project.h"
#include "lq-tonal-model.h"
#include "lq-tonal-plot.h"

G_BEGIN_DECLS

#define LQ_TYPE_TONAL_VIEW (lq_tonal_view_get_type ())

G_DECLARE_FINAL_TYPE (LqTonalView, lq_tonal_view, LQ, TONAL_VIEW, GtkWidget)

GtkWidget *lq_tonal_view_new (void);

void lq_tonal_view_set_project (LqTonalView *self,
                                LqProject *project);
LqProject *lq_tonal_view_get_project (LqTonalView *self);
/* Shows track @position (1-based) alone, or every track (0). */
void lq_tonal_view_set_track (LqTonalView *self,
                              guint position);
guint lq_tonal_view_get_track (LqTonalView *self);
void lq_tonal_view_set_channel (LqTonalView *self,
                                LqTonalChannel channel);
/* What the tracks are compared with; @index: the anchor's position
 * (1-based) or the reference's number in the project's list. */
void lq_tonal_view_set_compare (LqTonalView *self,
                                LqTonalCompare compare,
                                guint index);
void lq_tonal_view_set_show_before (LqTonalView *self,
                                    gboolean show);
void lq_tonal_view_set_show_after (LqTonalView *self,
                                   gboolean show);
void lq_tonal_view_set_show_guides (LqTonalView *self,
                                    gboolean show);
/* Rebuilds the model from the project now. */
void lq_tonal_view_refresh (LqTonalView *self);

/* What is shown: the model (NULL when there is nothing to show, then
 * lq_tonal_view_get_message() says why), the view's settings, and the
 * read-out the tooltip gives at (@x, @y) in widget coordinates (NULL off
 * the plot). */
const LqTonalModel *lq_tonal_view_get_model (LqTonalView *self);
const char *lq_tonal_view_get_message (LqTonalView *self);
const LqTonalPlotView *lq_tonal_view_get_view (LqTonalView *self);
char *lq_tonal_view_dup_readout_at (LqTonalView *self,
                                    double x,
                                    double y);

G_END_DECLS

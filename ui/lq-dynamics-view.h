/* lq-dynamics-view.h: the Dynamics view (issue 12, item 5).
 *
 * Every track's PLR, LRA and short-term loudness distribution side by
 * side across the album, outliers marked (the model and the drawing are
 * app/plot/lq-dynamics-model.h and lq-dynamics-plot.h). Hovering a column
 * reads out its figures; clicking it, or Left/Right/Home/End with the
 * keyboard, selects a track and emits "track-activated". For assistive
 * technologies it is "Dynamics", described by the model's figures.
 *
 * It follows the project it is given by itself (every edit, undo and
 * analysis notifies the project); lq_dynamics_view_refresh() rebuilds now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-dynamics-model.h"
#include "lq-dynamics-plot.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_DYNAMICS_VIEW (lq_dynamics_view_get_type ())

G_DECLARE_FINAL_TYPE (LqDynamicsView, lq_dynamics_view, LQ, DYNAMICS_VIEW, GtkWidget)

GtkWidget *lq_dynamics_view_new (void);

void lq_dynamics_view_set_project (LqDynamicsView *self,
                                   LqProject *project);
LqProject *lq_dynamics_view_get_project (LqDynamicsView *self);
/* Highlights track @position (1-based), or none (0). */
void lq_dynamics_view_set_track (LqDynamicsView *self,
                                 guint position);
guint lq_dynamics_view_get_track (LqDynamicsView *self);
/* Rebuilds the model from the project now. */
void lq_dynamics_view_refresh (LqDynamicsView *self);

const LqDynamicsModel *lq_dynamics_view_get_model (LqDynamicsView *self);
/* The tooltip's read-out at (@x, @y) in widget coordinates, or NULL. */
char *lq_dynamics_view_dup_readout_at (LqDynamicsView *self,
                                       double x,
                                       double y);

G_END_DECLS

/* lq-eq-curve.h: the EQ curve of a track, with draggable band handles.
 *
 * Draws an LqEqCurveModel (app/plot/lq-eq-curve-model.h: the combined
 * response of the track's EQ, its match EQ and the album bus EQ, as the
 * export applies it) with lq_eq_curve_plot_draw(). Dragging a handle moves
 * its band's frequency (across) and gain (up and down; a pass's frequency
 * only), previewed while dragging and written on release as one edit (the
 * band's frequency and gain in one lq_project_set_track() call, or
 * lq_project_set_album() for a bus band): one undo step. Scrolling on a
 * handle changes its Q; a burst of scrolling is one edit, written after
 * 300 ms without scrolling or when the pointer leaves. Keyboard: Page Up
 * and Page Down choose a band, the arrows move it (Left/Right a twelfth of
 * an octave, Up/Down 0.5 dB), + and - change its Q: each key one edit.
 *
 * The widget follows the project and the track itself (their notify
 * signals) and rebuilds its model when they change. Its accessible label
 * is "EQ Curve", its description the model's; the tooltip reads out the
 * band under the pointer, or the frequency and each curve's gain there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-eq-curve-model.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_EQ_CURVE (lq_eq_curve_get_type ())

G_DECLARE_FINAL_TYPE (LqEqCurve, lq_eq_curve, LQ, EQ_CURVE, GtkWidget)

GtkWidget *lq_eq_curve_new (void);

void lq_eq_curve_set_project (LqEqCurve *self,
                              LqProject *project);
/* The track whose chain is shown, or NULL: the album bus EQ alone. */
void lq_eq_curve_set_track (LqEqCurve *self,
                            LqTrack *track);
/* What is drawn (NULL without a project). */
const LqEqCurveModel *lq_eq_curve_get_model (LqEqCurve *self);
/* The selected handle's index in the model, or -1. */
int lq_eq_curve_get_selected (LqEqCurve *self);

/* The tooltip's read-out at (@x, @y): the band under it, or the frequency
 * and each curve's gain there; NULL for nothing. */
char *lq_eq_curve_dup_readout (LqEqCurve *self,
                               double x,
                               double y);

/* Draws what the widget shows, at @width x @height, into a new image
 * (for tests and screenshots). */
cairo_surface_t *lq_eq_curve_render (LqEqCurve *self,
                                     int width,
                                     int height);

G_END_DECLS

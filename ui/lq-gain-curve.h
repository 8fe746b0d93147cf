/* lq-gain-curve.h: a dynamics processor's static curve in the inspector.
 *
 * Draws an LqGainCurveModel (app/plot/lq-gain-curve-model.h: the track's
 * compressor, the bus compressor or the limiter, as the export runs it,
 * with the gain reduction expected where the track sits on the curve) with
 * lq_gain_curve_plot_draw(). It follows the project and the track itself
 * (their notify signals). Accessible label "Compressor Curve", "Bus
 * Compressor Curve" or "Limiter Curve", description from the model; the
 * tooltip reads out the input level under the pointer, the output there and
 * the reduction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-gain-curve-model.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_GAIN_CURVE (lq_gain_curve_get_type ())

G_DECLARE_FINAL_TYPE (LqGainCurve, lq_gain_curve, LQ, GAIN_CURVE, GtkWidget)

GtkWidget *lq_gain_curve_new (LqGainCurveKind kind);

void lq_gain_curve_set_project (LqGainCurve *self,
                                LqProject *project);
/* The track whose level is marked, or NULL. */
void lq_gain_curve_set_track (LqGainCurve *self,
                              LqTrack *track);
const LqGainCurveModel *lq_gain_curve_get_model (LqGainCurve *self);
/* The tooltip's read-out at @x: input, output, reduction. */
char *lq_gain_curve_dup_readout (LqGainCurve *self,
                                 double x);

G_END_DECLS

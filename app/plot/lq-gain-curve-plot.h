/* lq-gain-curve-plot.h: draws an LqGainCurveModel.
 *
 * Input level across, output level up, on the same dB scale: the 1:1 line
 * dim, the static curve strong (dim when the processor is off), the knee
 * shaded around the threshold, and the track's mark: a point on the curve
 * at its level with the gain reduction as a bar down from the 1:1 line,
 * labelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-gain-curve-model.h"
#include "lq-plot-axis.h"
#include "lq-plot-style.h"

G_BEGIN_DECLS

typedef struct
{
  double hover_db;     /* the input level under the pointer, NAN for none */
} LqGainCurvePlotView;

void lq_gain_curve_plot_view_init (LqGainCurvePlotView *view);

void lq_gain_curve_plot_axes (const LqGainCurveModel *model,
                              double width,
                              double height,
                              LqPlotAxis *x_axis,
                              LqPlotAxis *y_axis);

/* The input level at @x (clamped to the axis). */
double lq_gain_curve_plot_level_at (const LqGainCurveModel *model,
                                    double width,
                                    double height,
                                    double x);

void lq_gain_curve_plot_draw (cairo_t *cr,
                              const LqGainCurveModel *model,
                              const LqPlotStyle *style,
                              double width,
                              double height,
                              const LqGainCurvePlotView *view);

G_END_DECLS

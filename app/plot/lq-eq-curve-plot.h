/* lq-eq-curve-plot.h: draws an LqEqCurveModel, and finds what is where.
 *
 * A log frequency axis (20 Hz to 20 kHz) and a dB axis of ±12 dB, widened
 * to ±18 dB and on by 6 dB steps when the curves or the handles go further;
 * each EQ's response dim in its colour, the combined curve strong (filled to
 * 0 dB), and the bands' handles as numbered circles ("B1" for the bus's),
 * hollow when the band is off (with a track, the bus's bands that are off
 * are left out: the album's curve edits them), the selected one in the
 * accent colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-eq-curve-model.h"
#include "lq-plot-axis.h"
#include "lq-plot-style.h"

G_BEGIN_DECLS

#define LQ_EQ_CURVE_PLOT_HANDLE_RADIUS 8.0

typedef struct
{
  int selected;        /* handle index, or -1 */
  int hover;           /* handle index, or -1 */
  gboolean legend;     /* name the curves in a corner */
} LqEqCurvePlotView;

void lq_eq_curve_plot_view_init (LqEqCurvePlotView *view);

/* The half range of the dB axis: 12, 18, 24, … */
double lq_eq_curve_plot_range_db (const LqEqCurveModel *model);

/* The axes for a plot of @width x @height (frequency in Hz, dB). */
void lq_eq_curve_plot_axes (const LqEqCurveModel *model,
                            double width,
                            double height,
                            LqPlotAxis *x_axis,
                            LqPlotAxis *y_axis);

/* Where handle @index is drawn. */
void lq_eq_curve_plot_handle_position (const LqEqCurveModel *model,
                                       double width,
                                       double height,
                                       guint index,
                                       double *x,
                                       double *y);

/* The handle under (@x, @y) (the nearest within its radius, those that are
 * on first), or -1. */
int lq_eq_curve_plot_hit_handle (const LqEqCurveModel *model,
                                 double width,
                                 double height,
                                 double x,
                                 double y);

void lq_eq_curve_plot_draw (cairo_t *cr,
                            const LqEqCurveModel *model,
                            const LqPlotStyle *style,
                            double width,
                            double height,
                            const LqEqCurvePlotView *view);

G_END_DECLS

/* lq-plot-axis.h: a plot's axes: value to pixel, and where the ticks go.
 *
 * An axis maps [min, max] onto [from_px, to_px] (to_px < from_px for a
 * vertical axis that grows upwards), linearly or logarithmically (a
 * frequency axis). Ticks are "nice" values (1, 2, 5 times a power of ten;
 * a log axis: 1, 2, 5 per decade; a time axis: steps a clock reads, from
 * one sample frame to ten minutes) at least a given number of pixels apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LQ_PLOT_AXIS_LINEAR,
  LQ_PLOT_AXIS_LOG,    /* min > 0 */
  LQ_PLOT_AXIS_TIME,   /* linear, in seconds; ticks a clock reads */
} LqPlotAxisKind;

typedef struct
{
  LqPlotAxisKind kind;
  double min, max;          /* values at from_px and to_px */
  double from_px, to_px;
} LqPlotAxis;

void lq_plot_axis_init (LqPlotAxis *axis,
                        LqPlotAxisKind kind,
                        double min,
                        double max,
                        double from_px,
                        double to_px);
double lq_plot_axis_to_px (const LqPlotAxis *axis,
                           double value);
double lq_plot_axis_from_px (const LqPlotAxis *axis,
                             double px);

/* The ticks within [min, max], at least @min_spacing_px apart, ascending,
 * at most @max_ticks written to @ticks; returns how many. @step (may be
 * NULL) gets the step between ticks (a log axis: the first decade's). */
guint lq_plot_axis_ticks (const LqPlotAxis *axis,
                          double min_spacing_px,
                          double *ticks,
                          guint max_ticks,
                          double *step);

/* A tick's label: a time as a clock reads it with as many decimals as
 * @step needs ("1:05", "1:05.25", "0:00.0002"), a
 * frequency ("50", "1k", "2.5k", "20k"), a level ("-14", "-0.5"). */
char *lq_plot_format_time (double seconds,
                           double step);
char *lq_plot_format_frequency (double hz);
char *lq_plot_format_level (double value,
                            double step);

G_END_DECLS

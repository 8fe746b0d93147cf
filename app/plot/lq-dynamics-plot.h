/* lq-dynamics-plot.h: drawing the Dynamics view (lq-dynamics-model.h).
 *
 * One column a track, in album order, numbered below. Above, each track's
 * short-term loudness distribution as a violin on a LUFS axis (its width
 * at a level is how much of the track sits there, scaled to the track's
 * own fullest bin), with its integrated loudness as a tick. Below, its
 * PLR and LRA as two bars on a dB/LU axis, with the album's medians as
 * dashed lines; a measure that is an outlier is drawn in the warning
 * colour with a mark above it. A legend heads the plot. Only cairo and
 * pango, so the report draws it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-dynamics-model.h"
#include "lq-plot-axis.h"
#include "lq-plot-style.h"

G_BEGIN_DECLS

typedef struct
{
  guint selected;  /* 0-based track to highlight, or G_MAXUINT */
  guint hover;     /* 0-based track under the pointer, or G_MAXUINT */
} LqDynamicsPlotView;

void lq_dynamics_plot_view_init (LqDynamicsPlotView *view);

void lq_dynamics_plot_draw (cairo_t *cr,
                            const LqDynamicsModel *model,
                            const LqPlotStyle *style,
                            double width,
                            double height,
                            const LqDynamicsPlotView *view);

/* The geometry the drawing uses: the columns' x range (track i spans
 * [x0 + i * column, x0 + (i + 1) * column)), the LUFS axis of the
 * distributions and the dB axis of the bars. */
void lq_dynamics_plot_get_layout (const LqDynamicsModel *model,
                                  double width,
                                  double height,
                                  double *x0,
                                  double *column,
                                  LqPlotAxis *lufs_axis,
                                  LqPlotAxis *db_axis);

/* The track (0-based) whose column is at @x, or G_MAXUINT. */
guint lq_dynamics_plot_hit_track (const LqDynamicsModel *model,
                                  double width,
                                  double height,
                                  double x,
                                  double y);

G_END_DECLS

/* lq-timeline-plot.h: drawing the album timeline (lq-timeline-model.h).
 *
 * From top to bottom: a time ruler (the album's clock, sample-accurate
 * when zoomed in that far) with a start marker for every track, then the
 * blocks: each track's audio as a rounded rectangle (the selected one in
 * the accent colour) holding its short-term loudness (-40..0 LUFS,
 * bottom to top) and its fades as the gain curve the source stage applies
 * (sampled per pixel), with a handle at each fade's inner end; the gaps
 * as a thin line. Only the blocks in view are drawn. The playhead and the
 * pointer are the widget's, drawn over this.
 *
 * The geometry is here only: lq_timeline_plot_hit() tells what is under a
 * pixel, so a widget never computes it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-plot-axis.h"
#include "lq-plot-style.h"
#include "lq-timeline-model.h"

G_BEGIN_DECLS

#define LQ_TIMELINE_PLOT_RULER_PX 22.0
#define LQ_TIMELINE_PLOT_HANDLE_PX 10.0      /* the fade handles' size */
#define LQ_TIMELINE_PLOT_TOLERANCE_PX 5.0    /* edges and handles, each side */
#define LQ_TIMELINE_PLOT_FLOOR_LUFS -40.0
#define LQ_TIMELINE_PLOT_CEILING_LUFS 0.0

/* What changes without the data changing. */
typedef struct
{
  double start_s, end_s;   /* the seconds in view, left to right */
  guint selected;          /* the selected track's position (1-based), 0: none */
} LqTimelinePlotView;

/* The time axis of @view over @width pixels. */
void lq_timeline_plot_get_axis (const LqTimelinePlotView *view,
                                double width,
                                LqPlotAxis *axis);
/* The blocks' top and bottom. */
void lq_timeline_plot_get_rows (double height,
                                double *top,
                                double *bottom);

void lq_timeline_plot_draw (cairo_t *cr,
                            const LqTimelineModel *model,
                            const LqPlotStyle *style,
                            double width,
                            double height,
                            const LqTimelinePlotView *view);

/* What is at pixel (@x, @y): its part and the block (0-based, in *index;
 * LQ_TIMELINE_PART_NONE past the album or in the ruler). Fade handles
 * (the top LQ_TIMELINE_PLOT_HANDLE_PX + tolerance) come first, then the
 * edges (within the tolerance: left of the audio's start the gap's edge,
 * right of it the trim-in), then the body or the gap. */
LqTimelinePart lq_timeline_plot_hit (const LqTimelineModel *model,
                                     const LqTimelinePlotView *view,
                                     double width,
                                     double height,
                                     double x,
                                     double y,
                                     guint *index);

G_END_DECLS

/* lq-platform-plot.h: drawing what listeners will hear on one platform
 * (an LqPlatformPlayback of lq-platform.h).
 *
 * Over the track sequence, left to right, one slot per track: a bar from
 * the bottom of the level axis up to the loudness the listener gets (in
 * the warning colour when the platform's limiter works on the track), a
 * short dim tick at the master's own loudness, the platform's target as a
 * dashed line across, and each jump between consecutive tracks as a
 * vertical line from the one level to the other at the slots' border,
 * labelled in LU (in the warning colour above LQ_PLATFORM_PLOT_JUMP_WARN_LU).
 * The level axis (LUFS, left) spans the listener levels, the masters' and
 * the target with a margin, in whole multiples of 5 LU.
 *
 * The geometry is here only (lq_platform_plot_get_bar(),
 * lq_platform_plot_hit()), so a widget never computes it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-platform.h"
#include "lq-plot-axis.h"
#include "lq-plot-style.h"

G_BEGIN_DECLS

#define LQ_PLATFORM_PLOT_LEFT_PX 44.0     /* the level labels */
#define LQ_PLATFORM_PLOT_RIGHT_PX 8.0
#define LQ_PLATFORM_PLOT_TOP_PX 22.0      /* the title */
#define LQ_PLATFORM_PLOT_BOTTOM_PX 20.0   /* the track numbers */
#define LQ_PLATFORM_PLOT_BAR_FRACTION 0.6 /* of a slot's width */
/* A jump larger than this (either way) is drawn as a warning: the listener
 * reaches for the volume. */
#define LQ_PLATFORM_PLOT_JUMP_WARN_LU 3.0

/* The level axis (vertical, growing upwards) and the plot's area. */
void lq_platform_plot_get_axis (const LqPlatformPlayback *playback,
                                double width,
                                double height,
                                LqPlotAxis *axis);
/* Track @index's slot (0-based): its left edge and width. */
void lq_platform_plot_get_slot (const LqPlatformPlayback *playback,
                                double width,
                                guint index,
                                double *x,
                                double *slot_width);
/* Track @index's bar; FALSE (nothing written) when it has no loudness. */
gboolean lq_platform_plot_get_bar (const LqPlatformPlayback *playback,
                                   double width,
                                   double height,
                                   guint index,
                                   double *x,
                                   double *y,
                                   double *bar_width,
                                   double *bar_height);

void lq_platform_plot_draw (cairo_t *cr,
                            const LqPlatformPlayback *playback,
                            const LqPlotStyle *style,
                            double width,
                            double height);

/* The track (1-based) whose slot holds pixel (@x, @y) within the plot's
 * area, or 0. */
guint lq_platform_plot_hit (const LqPlatformPlayback *playback,
                            double width,
                            double height,
                            double x,
                            double y);

G_END_DECLS

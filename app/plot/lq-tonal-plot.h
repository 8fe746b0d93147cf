/* lq-tonal-plot.h: drawing the Tonal Balance view (lq-tonal-model.h).
 *
 * A log-frequency axis from 20 Hz to 20 kHz, a dB axis (re each track's
 * loudness); the comparison curve (the album's centroid, an anchor or a
 * reference) with a band of +/- the album's tonal spread around it; the
 * tracks shown (one, or all) before the match EQ (dim) and after it (the
 * series colour; the accent for one track); optional slope guides of -3
 * and -4.5 dB per octave through the comparison curve at 1 kHz; a legend.
 * Only cairo and pango, so the report draws it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-plot-axis.h"
#include "lq-plot-style.h"
#include "lq-tonal-model.h"

G_BEGIN_DECLS

#define LQ_TONAL_PLOT_MIN_HZ 20.0
#define LQ_TONAL_PLOT_MAX_HZ 20000.0
#define LQ_TONAL_PLOT_ALL_TRACKS G_MAXUINT

/* What changes without the data changing. */
typedef struct
{
  LqTonalChannel channel;
  gboolean show_before;
  gboolean show_after;
  gboolean show_guides;
  guint track;       /* 0-based, or LQ_TONAL_PLOT_ALL_TRACKS */
  guint hover_band;  /* a band to mark, or G_MAXUINT */
} LqTonalPlotView;

/* Mid, before and after, no guides, all tracks, no hover. */
void lq_tonal_plot_view_init (LqTonalPlotView *view);

void lq_tonal_plot_draw (cairo_t *cr,
                         const LqTonalModel *model,
                         const LqPlotStyle *style,
                         double width,
                         double height,
                         const LqTonalPlotView *view);

/* The plot's axes in a @width x @height drawing (frequency across, dB up):
 * what the drawing function uses. */
void lq_tonal_plot_get_axes (const LqTonalModel *model,
                             const LqTonalPlotView *view,
                             double width,
                             double height,
                             LqPlotAxis *x_axis,
                             LqPlotAxis *y_axis);

/* The band under the pixel (@x, @y), or G_MAXUINT when it is outside the
 * plot area. */
guint lq_tonal_plot_hit_band (const LqTonalModel *model,
                              const LqTonalPlotView *view,
                              double width,
                              double height,
                              double x,
                              double y);

/* The value (dB) of track @track's curve (after or before the match EQ) at
 * @band, as drawn; NAN when it is not drawn (no spectrum, silent band, not
 * shown). */
double lq_tonal_plot_curve_value (const LqTonalModel *model,
                                  const LqTonalPlotView *view,
                                  guint track,
                                  guint band,
                                  gboolean after);

G_END_DECLS

/* lq-track-view-plot.h: drawing the track view ("Track Waveform").
 *
 * From the top: a time ruler; the waveform in two lanes (left above right;
 * min/max filled, RMS darker inside) with clipped runs as red bands and
 * true-peak overs as marks along the top (warning colour above the
 * ceiling); below it the loudness lane with its LUFS axis on the right:
 * momentary (thin) and short-term (thicker) loudness, the predicted "after"
 * curves dashed in the accent colour, the target and the integrated
 * loudness as labelled lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lq-plot-axis.h"
#include "lq-plot-style.h"
#include "lq-track-view-model.h"

G_BEGIN_DECLS

/* What changes without the data changing */
typedef struct
{
  double start_s;   /* the visible span */
  double end_s;
  double hover_s;   /* a line where the pointer is; NAN for none */
} LqTrackViewPlotView;

typedef struct
{
  double x0, x1;            /* the plot's columns (the axis on the right) */
  double ruler_y0, ruler_y1;
  double wave_y0, wave_y1;  /* both lanes; left lane is the upper half */
  double loud_y0, loud_y1;
  LqPlotAxis time;          /* seconds to x */
  LqPlotAxis lufs;          /* LUFS to y in the loudness lane */
} LqTrackViewPlotLayout;

/* What is under x: the time, the loudness blocks there and the column's
 * peak. Values NAN when there are none. */
typedef struct
{
  double time_s;
  double momentary;
  double short_term;
  double momentary_after;
  double short_term_after;
  double peak_dbfs;
} LqTrackViewReadout;

void lq_track_view_plot_layout (const LqTrackViewModel    *model,
                                const LqTrackViewPlotView *view,
                                double                     width,
                                double                     height,
                                LqTrackViewPlotLayout     *layout);
/* The number of waveform columns (one a pixel) the plot draws. */
guint lq_track_view_plot_n_columns (const LqTrackViewPlotLayout *layout);

void lq_track_view_plot_draw (cairo_t                   *cr,
                              const LqTrackViewModel    *model,
                              const LqPlotStyle         *style,
                              double                     width,
                              double                     height,
                              const LqTrackViewPlotView *view);

/* x (in the plot's width) to seconds, clamped to the visible span. */
double lq_track_view_plot_time_at (const LqTrackViewModel    *model,
                                   const LqTrackViewPlotView *view,
                                   double                     width,
                                   double                     height,
                                   double                     x);
double lq_track_view_plot_x_at (const LqTrackViewModel    *model,
                                const LqTrackViewPlotView *view,
                                double                     width,
                                double                     height,
                                double                     seconds);
/* FALSE when x is outside the plot's columns or the track. */
gboolean lq_track_view_plot_readout (const LqTrackViewModel    *model,
                                     const LqTrackViewPlotView *view,
                                     double                     width,
                                     double                     height,
                                     double                     x,
                                     LqTrackViewReadout        *readout);
/* "1:23.4 · short-term -12.3 LUFS · momentary -10.1 LUFS · peak -0.4 dBFS
 * (after: -11.0 LUFS)" (translated). */
char *lq_track_view_readout_format (const LqTrackViewReadout *readout);

G_END_DECLS

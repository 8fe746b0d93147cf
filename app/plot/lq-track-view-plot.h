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
 * Zoomed finer than the cached overview, the waveform comes from the view's
 * span of samples (LqTrackViewPlotView.span, when usable: see
 * lq_track_view_model_span_usable()): its columns; and at two frames a
 * pixel or fewer, read at one frame a column, each channel as a line
 * through its samples, with a dot on each sample once they are
 * LQ_TRACK_VIEW_DOT_PX pixels apart.
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
  /* Samples read from the source for this span (not owned; NULL: the
   * cached overview only) */
  const LqWaveformSpan *span;
} LqTrackViewPlotView;

/* Samples this far apart (pixels) get a dot each */
#define LQ_TRACK_VIEW_DOT_PX 6.0

/* A sample drawn: its frame, value and place */
typedef struct
{
  gint64 frame;
  double value;
  double x, y;
} LqTrackViewSample;

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
  /* At sample zoom: the frame nearest the pointer and its samples (left,
   * right; right NAN for mono); frame -1 and NAN otherwise */
  gint64 frame;
  double sample[2];
} LqTrackViewReadout;

void lq_track_view_plot_layout (const LqTrackViewModel    *model,
                                const LqTrackViewPlotView *view,
                                double                     width,
                                double                     height,
                                LqTrackViewPlotLayout     *layout);
/* The number of waveform columns (one a pixel) the plot draws. */
guint lq_track_view_plot_n_columns (const LqTrackViewPlotLayout *layout);

/* The samples the plot draws as a line in lane @channel (0: left, 1:
 * right) at this size: those of the view's span from the one before the
 * visible span to the one after it, when the plot draws samples (else 0).
 * Writes at most @max_samples to @samples (may be NULL) and returns how
 * many there are. */
guint lq_track_view_plot_samples (const LqTrackViewModel    *model,
                                  const LqTrackViewPlotView *view,
                                  double                     width,
                                  double                     height,
                                  guint                      channel,
                                  LqTrackViewSample         *samples,
                                  guint                      max_samples);

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
 * (after: -11.0 LUFS)" (translated); at sample zoom the time to the frame
 * and "· frame 48000: L 0.2500, R -0.1000" after it ("0.2500" mono). */
char *lq_track_view_readout_format (const LqTrackViewReadout *readout);

G_END_DECLS

/* lq-track-view-plot.c: drawing the track view (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-format.h"
#include "lq-track-view-plot.h"

#define AXIS_W 46.0
#define RULER_H 18.0
#define LANE_GAP 6.0
#define OVER_H 5.0
#define MAX_TICKS 64

static double
curves_max (const LqTrackViewModel *model)
{
  double hi = -INFINITY;
  const float *curves[4] = { model->momentary, model->short_term,
                             model->momentary_after, model->short_term_after };

  for (guint c = 0; c < G_N_ELEMENTS (curves); c++)
    if (curves[c] != NULL)
      for (guint k = 0; k < model->n_blocks; k++)
        if (!isnan (curves[c][k]))
          hi = MAX (hi, curves[c][k]);
  return hi;
}

void
lq_track_view_plot_layout (const LqTrackViewModel    *model,
                           const LqTrackViewPlotView *view,
                           double                     width,
                           double                     height,
                           LqTrackViewPlotLayout     *l)
{
  double body, hi, values[3];

  g_return_if_fail (model != NULL && view != NULL && l != NULL);

  l->x0 = 0.0;
  l->x1 = MAX (1.0, floor (width - AXIS_W));
  l->ruler_y0 = 0.0;
  l->ruler_y1 = RULER_H;
  body = MAX (20.0, height - RULER_H);
  l->wave_y0 = RULER_H + OVER_H;
  l->wave_y1 = RULER_H + floor (body * 0.55);
  l->loud_y0 = l->wave_y1 + LANE_GAP;
  l->loud_y1 = MAX (l->loud_y0 + 10.0, height - 2.0);
  lq_plot_axis_init (&l->time, LQ_PLOT_AXIS_TIME, view->start_s, view->end_s, l->x0, l->x1);

  /* 42 LU of loudness under the loudest of the curves and lines, in 6s */
  hi = curves_max (model);
  values[0] = model->target_lufs;
  values[1] = model->integrated_lufs;
  values[2] = model->after_lufs;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (isfinite (values[i]))
      hi = MAX (hi, values[i]);
  hi = isfinite (hi) ? MIN (0.0, ceil ((hi + 3.0) / 6.0) * 6.0) : -6.0;
  lq_plot_axis_init (&l->lufs, LQ_PLOT_AXIS_LINEAR, hi - 42.0, hi, l->loud_y1, l->loud_y0);
}

guint
lq_track_view_plot_n_columns (const LqTrackViewPlotLayout *l)
{
  return (guint) MAX (0.0, l->x1 - l->x0);
}

static void
draw_ruler (cairo_t                     *cr,
            const LqPlotStyle           *style,
            const LqTrackViewPlotLayout *l)
{
  double ticks[MAX_TICKS], step = 0.0;
  guint n = lq_plot_axis_ticks (&l->time, 80.0, ticks, MAX_TICKS, &step);

  lq_plot_color_set (cr, &style->grid);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < n; i++)
    {
      double x = round (lq_plot_axis_to_px (&l->time, ticks[i])) + 0.5;

      cairo_move_to (cr, x, l->ruler_y1 - 4.0);
      cairo_line_to (cr, x, l->loud_y1);
    }
  cairo_stroke (cr);

  lq_plot_color_set (cr, &style->dim);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = lq_plot_format_time (ticks[i], step);
      double x = lq_plot_axis_to_px (&l->time, ticks[i]);

      lq_plot_text (cr, style, 0.85, label, x + 3.0, l->ruler_y1 - 3.0, 0.0, 1.0);
    }
}

/* The columns x0 + i, i < n, from top[i] down to bottom[i] (pixels; top
 * NAN: no column), at least @min_h high, as boxes on whole pixels: cairo
 * fills thousands of those far quicker than any outline of them. */
static void
band_path (cairo_t      *cr,
           double        x0,
           const double *top,
           const double *bottom,
           guint         n,
           double        min_h)
{
  x0 = round (x0);
  for (guint k = 0; k < n; k++)
    {
      double h, y0, y1;

      if (isnan (top[k]))
        continue;
      h = MAX (0.0, min_h - (bottom[k] - top[k])) / 2.0;
      y0 = floor (top[k] - h + 0.25);
      y1 = ceil (bottom[k] + h - 0.25);
      cairo_rectangle (cr, x0 + k, y0, 1.0, MAX (1.0, y1 - y0));
    }
}

/* TRUE when the waveform is drawn as lines through samples: the view's
 * span is usable, read at one frame a column, and there are at most two
 * frames a pixel. */
static gboolean
draws_samples (const LqTrackViewModel      *model,
               const LqTrackViewPlotView   *view,
               const LqTrackViewPlotLayout *l)
{
  guint n = lq_track_view_plot_n_columns (l);
  double frames_per_px = (view->end_s - view->start_s) * model->rate / MAX (n, 1);

  return view->span != NULL && view->span->frames_per_column == 1 && frames_per_px <= 2.0
         && lq_track_view_model_span_usable (model, view->span, view->start_s, view->end_s, n);
}

static guint
samples_in (const LqTrackViewModel      *model,
            const LqTrackViewPlotView   *view,
            const LqTrackViewPlotLayout *l,
            guint                        channel,
            LqTrackViewSample           *samples,
            guint                        max_samples)
{
  const LqWaveformSpan *span = view->span;
  double lane_h = (l->wave_y1 - l->wave_y0) / 2.0;
  double mid = l->wave_y0 + lane_h * (channel + 0.5), scale = lane_h / 2.0 - 1.0;
  guint from = MIN (channel, span->channels - 1);   /* mono: both lanes the one channel */
  gint64 first, last;
  guint n = 0;

  /* The last frame before the span's start, the first after its end */
  first = MAX ((gint64) ceil (view->start_s * model->rate - 1e-6) - 1, span->start_frame);
  last = MIN ((gint64) floor (view->end_s * model->rate + 1e-6) + 1,
              span->start_frame + (gint64) span->n_columns - 1);
  for (gint64 f = first; f <= last; f++, n++)
    if (samples != NULL && n < max_samples)
      {
        LqTrackViewSample *s = &samples[n];

        s->frame = f;
        s->value = span->min[(gsize) (f - span->start_frame) * span->channels + from];
        s->x = lq_plot_axis_to_px (&l->time, (double) f / model->rate);
        s->y = mid - s->value * scale;
      }
  return n;
}

guint
lq_track_view_plot_samples (const LqTrackViewModel    *model,
                            const LqTrackViewPlotView *view,
                            double                     width,
                            double                     height,
                            guint                      channel,
                            LqTrackViewSample         *samples,
                            guint                      max_samples)
{
  LqTrackViewPlotLayout l;

  g_return_val_if_fail (model != NULL && view != NULL && channel < 2, 0);

  lq_track_view_plot_layout (model, view, width, height, &l);
  if (!(view->end_s > view->start_s) || !draws_samples (model, view, &l))
    return 0;
  return samples_in (model, view, &l, channel, samples, max_samples);
}

/* Each channel a line through its samples, dots on them when they are far
 * enough apart */
static void
draw_samples (cairo_t                     *cr,
              const LqTrackViewModel      *model,
              const LqPlotStyle           *style,
              const LqTrackViewPlotView   *view,
              const LqTrackViewPlotLayout *l)
{
  double lane_h = (l->wave_y1 - l->wave_y0) / 2.0;
  double px_per_frame = (l->x1 - l->x0) / MAX (1e-12, (view->end_s - view->start_s) * model->rate);
  guint max = samples_in (model, view, l, 0, NULL, 0);
  g_autofree LqTrackViewSample *samples = g_new (LqTrackViewSample, MAX (max, 1));

  cairo_save (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint c = 0; c < 2; c++)
    {
      guint n = samples_in (model, view, l, c, samples, max);

      cairo_save (cr);
      cairo_rectangle (cr, l->x0, l->wave_y0 + lane_h * c, l->x1 - l->x0, lane_h);
      cairo_clip (cr);
      for (guint i = 0; i < n; i++)
        if (i == 0)
          cairo_move_to (cr, samples[i].x, samples[i].y);
        else
          cairo_line_to (cr, samples[i].x, samples[i].y);
      lq_plot_color_set_alpha (cr, &style->foreground, 0.85);
      cairo_stroke (cr);
      if (px_per_frame >= LQ_TRACK_VIEW_DOT_PX)
        {
          for (guint i = 0; i < n; i++)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, samples[i].x, samples[i].y, 2.5, 0.0, 2.0 * G_PI);
            }
          lq_plot_color_set (cr, &style->accent);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

/* Per pixel column the smallest to the largest sample, RMS inside */
static void
draw_columns (cairo_t                     *cr,
              const LqTrackViewModel      *model,
              const LqPlotStyle           *style,
              const LqTrackViewPlotView   *view,
              const LqTrackViewPlotLayout *l)
{
  guint n = lq_track_view_plot_n_columns (l);
  g_autofree LqTrackViewColumn *columns = g_new (LqTrackViewColumn, MAX (n, 1));
  g_autofree double *top = g_new (double, MAX (n, 1));
  g_autofree double *bottom = g_new (double, MAX (n, 1));
  double lane_h = (l->wave_y1 - l->wave_y0) / 2.0;
  gboolean has_rms = FALSE;

  lq_track_view_model_span_columns (model, view->span, view->start_s, view->end_s, n, columns);

  /* Peaks: min to max, at least a pixel; RMS inside. One polygon a run of
   * columns (filling one outline is much quicker than thousands of boxes) */
  for (guint c = 0; c < 2; c++)
    {
      double mid = l->wave_y0 + lane_h * (c + 0.5), scale = lane_h / 2.0 - 1.0;

      for (guint x = 0; x < n; x++)
        {
          top[x] = columns[x].min[c] <= columns[x].max[c] ? mid - columns[x].max[c] * scale : NAN;
          bottom[x] = mid - columns[x].min[c] * scale;
          has_rms |= !isnan (columns[x].rms[c]);
        }
      band_path (cr, l->x0, top, bottom, n, 1.0);
    }
  lq_plot_color_set_alpha (cr, &style->foreground, 0.45);
  cairo_fill (cr);

  if (!has_rms)
    return;
  for (guint c = 0; c < 2; c++)
    {
      double mid = l->wave_y0 + lane_h * (c + 0.5), scale = lane_h / 2.0 - 1.0;

      for (guint x = 0; x < n; x++)
        {
          gboolean ok = !isnan (columns[x].rms[c]) && columns[x].min[c] <= columns[x].max[c];

          top[x] = ok ? mid - columns[x].rms[c] * scale : NAN;
          bottom[x] = mid + columns[x].rms[c] * scale;
        }
      band_path (cr, l->x0, top, bottom, n, 1.0);
    }
  lq_plot_color_set_alpha (cr, &style->foreground, 0.8);
  cairo_fill (cr);
}

static void
draw_waveform (cairo_t                     *cr,
               const LqTrackViewModel      *model,
               const LqPlotStyle           *style,
               const LqTrackViewPlotView   *view,
               const LqTrackViewPlotLayout *l)
{
  double lane_h = (l->wave_y1 - l->wave_y0) / 2.0;

  /* The lanes' zero lines */
  lq_plot_color_set (cr, &style->grid);
  for (guint c = 0; c < 2; c++)
    cairo_rectangle (cr, l->x0, round (l->wave_y0 + lane_h * (c + 0.5)), l->x1 - l->x0, 1.0);
  cairo_fill (cr);

  if (draws_samples (model, view, l))
    draw_samples (cr, model, style, view, l);
  else
    draw_columns (cr, model, style, view, l);

  /* Lane names */
  lq_plot_color_set (cr, &style->dim);
  if (model->channels == 2)
    for (guint c = 0; c < 2; c++)
      lq_plot_text (cr, style, 0.8, c == 0 ? C_("channel", "L") : C_("channel", "R"),
                    l->x1 + 4.0, l->wave_y0 + lane_h * (c + 0.5), 0.0, 0.5);
}

static void
draw_runs (cairo_t                     *cr,
           const LqTrackViewModel      *model,
           const LqPlotStyle           *style,
           const LqTrackViewPlotLayout *l)
{
  /* Clipped runs: a band over both lanes, marked at the lanes' edges */
  for (guint i = 0; i < model->clipped_runs->len; i++)
    {
      const LqTrackViewRun *run = &g_array_index (model->clipped_runs, LqTrackViewRun, i);
      double x0 = lq_plot_axis_to_px (&l->time, run->start_s);
      double x1 = MAX (lq_plot_axis_to_px (&l->time, run->end_s), x0 + 2.0);

      if (x1 < l->x0 || x0 > l->x1)
        continue;
      x0 = MAX (x0, l->x0), x1 = MIN (x1, l->x1);
      lq_plot_color_set_alpha (cr, &style->error, 0.3);
      cairo_rectangle (cr, x0, l->wave_y0, x1 - x0, l->wave_y1 - l->wave_y0);
      cairo_fill (cr);
      lq_plot_color_set (cr, &style->error);
      cairo_rectangle (cr, x0, l->wave_y0, x1 - x0, 3.0);
      cairo_rectangle (cr, x0, l->wave_y1 - 3.0, x1 - x0, 3.0);
      cairo_fill (cr);
    }

  /* Overs: a mark along the top, downwards */
  for (guint i = 0; i < model->overs->len; i++)
    {
      const LqTrackViewRun *run = &g_array_index (model->overs, LqTrackViewRun, i);
      double x0 = lq_plot_axis_to_px (&l->time, run->start_s);
      double x1 = MAX (lq_plot_axis_to_px (&l->time, run->end_s), x0);
      double xm = (x0 + x1) / 2.0;

      if (x1 < l->x0 - OVER_H || x0 > l->x1 + OVER_H)
        continue;
      if (run->above_ceiling)
        lq_plot_color_set (cr, &style->warning);
      else
        lq_plot_color_set_alpha (cr, &style->dim, 0.6);
      cairo_move_to (cr, MIN (x0, xm - OVER_H), l->ruler_y1);
      cairo_line_to (cr, MAX (x1, xm + OVER_H), l->ruler_y1);
      cairo_line_to (cr, MAX (x1, xm), l->wave_y0 + OVER_H);
      cairo_line_to (cr, MIN (x0, xm), l->wave_y0 + OVER_H);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

/* A curve of blocks drawn with @width: a line through every block when they
 * are a pixel or more apart, else a filled band from each column's lowest
 * to its highest block (as quick to fill at any length); NAN breaks it. */
static void
draw_curve (cairo_t                     *cr,
            const LqTrackViewModel      *model,
            const float                 *curve,
            const LqTrackViewPlotView   *view,
            const LqTrackViewPlotLayout *l,
            double                       width,
            gboolean                     dashed)
{
  double px_per_block = (l->x1 - l->x0) * LQ_TRACK_VIEW_BLOCK_S / MAX (1e-9, view->end_s - view->start_s);
  gint64 k0 = MAX (0, (gint64) floor (view->start_s / LQ_TRACK_VIEW_BLOCK_S) - 2);
  gint64 k1 = MIN ((gint64) model->n_blocks, (gint64) ceil (view->end_s / LQ_TRACK_VIEW_BLOCK_S) + 1);
  gboolean drawing = FALSE;

  if (px_per_block >= 1.0)
    {
      double dash[] = { 5.0, 3.0 };

      for (gint64 k = k0; k < k1; k++)
        {
          double x, y;

          if (isnan (curve[k]))
            {
              drawing = FALSE;
              continue;
            }
          x = lq_plot_axis_to_px (&l->time, (k + 1) * LQ_TRACK_VIEW_BLOCK_S);
          y = lq_plot_axis_to_px (&l->lufs, MAX (curve[k], l->lufs.min));
          if (drawing)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          drawing = TRUE;
        }
      cairo_set_line_width (cr, width);
      if (dashed)
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0.0);
      return;
    }

  {
    guint n = lq_track_view_plot_n_columns (l);
    g_autofree double *top = g_new (double, MAX (n, 1));
    g_autofree double *bottom = g_new (double, MAX (n, 1));

    for (guint x = 0; x < n; x++)
      {
        gint64 a = (gint64) floor (lq_plot_axis_from_px (&l->time, l->x0 + x) / LQ_TRACK_VIEW_BLOCK_S) - 1;
        gint64 b = (gint64) floor (lq_plot_axis_from_px (&l->time, l->x0 + x + 1.0) / LQ_TRACK_VIEW_BLOCK_S) - 1;
        float lo = INFINITY, hi = -INFINITY;

        for (gint64 k = MAX (a, 0); k < MIN (MAX (b, a + 1), (gint64) model->n_blocks); k++)
          if (!isnan (curve[k]))
            lo = MIN (lo, curve[k]), hi = MAX (hi, curve[k]);
        top[x] = lo <= hi ? lq_plot_axis_to_px (&l->lufs, MAX (hi, l->lufs.min)) : NAN;
        bottom[x] = lq_plot_axis_to_px (&l->lufs, MAX (lo, l->lufs.min));
      }
    band_path (cr, l->x0, top, bottom, n, width);
    cairo_fill (cr);
  }
}

static void
draw_level_line (cairo_t                     *cr,
                 const LqPlotStyle           *style,
                 const LqTrackViewPlotLayout *l,
                 const LqPlotColor           *color,
                 double                       lufs,
                 const char                  *label,
                 gboolean                     below)
{
  double y, text_w, text_h;

  if (!isfinite (lufs) || lufs < l->lufs.min || lufs > l->lufs.max)
    return;
  y = round (lq_plot_axis_to_px (&l->lufs, lufs)) + 0.5;
  /* The label on the side with room for it */
  lq_plot_text_size (cr, style, 0.8, label, &text_w, &text_h);
  if (!below && y - 2.0 - text_h < l->loud_y0)
    below = TRUE;
  else if (below && y + 2.0 + text_h > l->loud_y1)
    below = FALSE;
  lq_plot_color_set (cr, color);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, l->x0, y);
  cairo_line_to (cr, l->x1, y);
  cairo_stroke (cr);
  /* On an opaque background the label stays readable over the curves */
  if (style->background.alpha > 0.0)
    {
      double top = below ? y + 2.0 : y - 2.0 - text_h;

      lq_plot_color_set_alpha (cr, &style->background, 0.8);
      cairo_rectangle (cr, l->x0 + 2.0, top, text_w + 4.0, text_h);
      cairo_fill (cr);
      lq_plot_color_set (cr, color);
    }
  lq_plot_text (cr, style, 0.8, label, l->x0 + 4.0, below ? y + 2.0 : y - 2.0, 0.0, below ? 0.0 : 1.0);
}

static void
draw_loudness (cairo_t                     *cr,
               const LqTrackViewModel      *model,
               const LqPlotStyle           *style,
               const LqTrackViewPlotView   *view,
               const LqTrackViewPlotLayout *l)
{
  double ticks[MAX_TICKS], step = 0.0;
  guint n = lq_plot_axis_ticks (&l->lufs, 16.0, ticks, MAX_TICKS, &step);

  /* The LUFS axis on the right, its grid across */
  lq_plot_color_set (cr, &style->grid);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < n; i++)
    {
      double y = round (lq_plot_axis_to_px (&l->lufs, ticks[i])) + 0.5;

      cairo_move_to (cr, l->x0, y);
      cairo_line_to (cr, l->x1 + 3.0, y);
    }
  cairo_stroke (cr);
  lq_plot_color_set (cr, &style->dim);
  for (guint i = 0; i < n; i++)
    {
      double y = lq_plot_axis_to_px (&l->lufs, ticks[i]);
      g_autofree char *label = NULL;

      /* The unit sits at the lane's top: no figure under it */
      if (y - l->loud_y0 < 10.0)
        continue;
      label = lq_plot_format_level (ticks[i], step);
      lq_plot_text (cr, style, 0.8, label, l->x1 + 5.0, y, 0.0, 0.5);
    }
  lq_plot_text (cr, style, 0.8, "LUFS", l->x1 + 5.0, l->loud_y0 - LANE_GAP, 0.0, 0.0);

  cairo_save (cr);
  cairo_rectangle (cr, l->x0, l->loud_y0 - 1.0, l->x1 - l->x0, l->loud_y1 - l->loud_y0 + 2.0);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (model->n_blocks > 0)
    {
      /* Before: momentary thin and faint, short-term thicker */
      lq_plot_color_set_alpha (cr, &style->foreground, 0.3);
      draw_curve (cr, model, model->momentary, view, l, 1.0, FALSE);
      lq_plot_color_set_alpha (cr, &style->foreground, 0.85);
      draw_curve (cr, model, model->short_term, view, l, 1.75, FALSE);

      /* After (predicted): the accent colour, dashed where the blocks are
       * far enough apart for a dash to read */
      if (model->momentary_after != NULL)
        {
          lq_plot_color_set_alpha (cr, &style->accent, 0.3);
          draw_curve (cr, model, model->momentary_after, view, l, 1.0, FALSE);
          lq_plot_color_set_alpha (cr, &style->accent, 0.9);
          draw_curve (cr, model, model->short_term_after, view, l, 1.75, TRUE);
        }
    }

  {
    g_autofree char *target = lq_format_value (model->target_lufs);
    g_autofree char *integrated = lq_format_value (model->integrated_lufs);
    g_autofree char *target_label = g_strdup_printf (_("Target %s"), target);
    g_autofree char *integrated_label = g_strdup_printf (_("Integrated %s"), integrated);
    gboolean target_above = !(model->integrated_lufs > model->target_lufs);

    draw_level_line (cr, style, l, &style->success, model->target_lufs, target_label, !target_above);
    draw_level_line (cr, style, l, &style->dim, model->integrated_lufs, integrated_label, target_above);
  }
  cairo_restore (cr);
}

void
lq_track_view_plot_draw (cairo_t                   *cr,
                         const LqTrackViewModel    *model,
                         const LqPlotStyle         *style,
                         double                     width,
                         double                     height,
                         const LqTrackViewPlotView *view)
{
  LqTrackViewPlotLayout l;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL && view != NULL);

  if (width < 2.0 || height < 2.0 || !(view->end_s > view->start_s))
    return;

  lq_track_view_plot_layout (model, view, width, height, &l);
  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  draw_ruler (cr, style, &l);
  draw_waveform (cr, model, style, view, &l);
  draw_runs (cr, model, style, &l);
  draw_loudness (cr, model, style, view, &l);

  if (isfinite (view->hover_s) && view->hover_s >= view->start_s && view->hover_s <= view->end_s)
    {
      double x = round (lq_plot_axis_to_px (&l.time, view->hover_s)) + 0.5;

      lq_plot_color_set_alpha (cr, &style->foreground, 0.5);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, l.ruler_y1);
      cairo_line_to (cr, x, l.loud_y1);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

double
lq_track_view_plot_time_at (const LqTrackViewModel    *model,
                            const LqTrackViewPlotView *view,
                            double                     width,
                            double                     height,
                            double                     x)
{
  LqTrackViewPlotLayout l;

  lq_track_view_plot_layout (model, view, width, height, &l);
  return CLAMP (lq_plot_axis_from_px (&l.time, x), view->start_s, view->end_s);
}

double
lq_track_view_plot_x_at (const LqTrackViewModel    *model,
                         const LqTrackViewPlotView *view,
                         double                     width,
                         double                     height,
                         double                     seconds)
{
  LqTrackViewPlotLayout l;

  lq_track_view_plot_layout (model, view, width, height, &l);
  return lq_plot_axis_to_px (&l.time, seconds);
}

static double
block_value (const float *curve,
             int          k)
{
  return curve != NULL && k >= 0 ? curve[k] : NAN;
}

gboolean
lq_track_view_plot_readout (const LqTrackViewModel    *model,
                            const LqTrackViewPlotView *view,
                            double                     width,
                            double                     height,
                            double                     x,
                            LqTrackViewReadout        *r)
{
  LqTrackViewPlotLayout l;
  LqTrackViewColumn column;
  double t, peak = 0.0;
  int k;

  g_return_val_if_fail (model != NULL && view != NULL && r != NULL, FALSE);

  lq_track_view_plot_layout (model, view, width, height, &l);
  if (x < l.x0 || x >= l.x1)
    return FALSE;
  t = lq_plot_axis_from_px (&l.time, x);
  if (t < 0.0 || t > model->length_s)
    return FALSE;

  r->time_s = t;
  k = lq_track_view_model_block_at (model, t);
  r->momentary = block_value (model->momentary, k);
  r->short_term = block_value (model->short_term, k);
  r->momentary_after = block_value (model->momentary_after, k);
  r->short_term_after = block_value (model->short_term_after, k);

  /* The column the pixel draws, as drawn (the level the span's columns read) */
  {
    guint n = lq_track_view_plot_n_columns (&l);
    g_autofree LqTrackViewColumn *all = g_new (LqTrackViewColumn, n);

    lq_track_view_model_span_columns (model, view->span, view->start_s, view->end_s, n, all);
    column = all[MIN ((guint) (x - l.x0), n - 1)];
  }
  /* At sample zoom the samples of the frame nearest the pointer */
  r->frame = -1;
  r->sample[0] = r->sample[1] = NAN;
  if (draws_samples (model, view, &l))
    {
      const LqWaveformSpan *span = view->span;
      gint64 f = (gint64) llround (t * model->rate);

      if (f >= span->start_frame && f < span->start_frame + (gint64) span->n_columns)
        {
          r->frame = f;
          for (guint c = 0; c < span->channels; c++)
            r->sample[c] = span->min[(gsize) (f - span->start_frame) * span->channels + c];
        }
    }
  for (guint c = 0; c < 2; c++)
    if (column.min[c] <= column.max[c])
      peak = MAX (peak, MAX (fabs (column.min[c]), fabs (column.max[c])));
  r->peak_dbfs = column.min[0] <= column.max[0] ? 20.0 * log10 (peak) : NAN;
  return TRUE;
}

char *
lq_track_view_readout_format (const LqTrackViewReadout *r)
{
  g_autofree char *time = lq_plot_format_time (r->time_s, r->frame >= 0 ? 0.0001 : 0.1);
  g_autofree char *st = lq_format_value_with_unit (r->short_term, "LUFS");
  g_autofree char *m = lq_format_value_with_unit (r->momentary, "LUFS");
  g_autofree char *peak = lq_format_value_with_unit (r->peak_dbfs, "dBFS");
  GString *s = g_string_new (time);

  if (r->frame >= 0)
    {
      g_autofree char *left = lq_format_number (r->sample[0], 4);
      g_autofree char *right = lq_format_number (r->sample[1], 4);

      if (isnan (r->sample[1]))
        /* Translators: the sample frame under the pointer and its value */
        g_string_append_printf (s, _(" · frame %lld: %s"), (long long) r->frame, left);
      else
        /* Translators: the sample frame under the pointer and its left and
         * right channels' values */
        g_string_append_printf (s, _(" · frame %lld: L %s, R %s"), (long long) r->frame, left,
                                right);
    }

  /* Translators: the track view's read-out under the pointer */
  g_string_append_printf (s, _(" · short-term %s · momentary %s · peak %s"), st, m, peak);
  if (!isnan (r->short_term_after))
    {
      g_autofree char *after = lq_format_value_with_unit (r->short_term_after, "LUFS");

      /* Translators: the predicted short-term loudness after the match */
      g_string_append_printf (s, _(" (after: %s)"), after);
    }
  return g_string_free (s, FALSE);
}

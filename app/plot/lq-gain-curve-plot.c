/* lq-gain-curve-plot.c: a dynamics static curve on cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-gain-curve-plot.h"

#include <math.h>

#include "lq-format.h"

#define MARGIN_LEFT 34.0
#define MARGIN_RIGHT 10.0
#define MARGIN_TOP 8.0
#define MARGIN_BOTTOM 20.0

void
lq_gain_curve_plot_view_init (LqGainCurvePlotView *view)
{
  g_return_if_fail (view != NULL);

  view->hover_db = NAN;
}

void
lq_gain_curve_plot_axes (const LqGainCurveModel *model,
                         double                  width,
                         double                  height,
                         LqPlotAxis             *x_axis,
                         LqPlotAxis             *y_axis)
{
  double right = MAX (width - MARGIN_RIGHT, MARGIN_LEFT + 1.0);
  double bottom = MAX (height - MARGIN_BOTTOM, MARGIN_TOP + 1.0);

  g_return_if_fail (model != NULL);

  lq_plot_axis_init (x_axis, LQ_PLOT_AXIS_LINEAR, model->min_db, model->max_db, MARGIN_LEFT, right);
  lq_plot_axis_init (y_axis, LQ_PLOT_AXIS_LINEAR, model->min_db, model->max_db, bottom, MARGIN_TOP);
}

double
lq_gain_curve_plot_level_at (const LqGainCurveModel *model,
                             double                  width,
                             double                  height,
                             double                  x)
{
  LqPlotAxis xa, ya;

  lq_gain_curve_plot_axes (model, width, height, &xa, &ya);
  return CLAMP (lq_plot_axis_from_px (&xa, x), model->min_db, model->max_db);
}

static void
draw_grid (cairo_t           *cr,
           const LqPlotStyle *style,
           const LqPlotAxis  *xa,
           const LqPlotAxis  *ya)
{
  double ticks[32], step;
  guint n;

  cairo_set_line_width (cr, 1.0);
  n = lq_plot_axis_ticks (xa, 32.0, ticks, G_N_ELEMENTS (ticks), &step);
  for (guint i = 0; i < n; i++)
    {
      double x = round (lq_plot_axis_to_px (xa, ticks[i])) + 0.5;
      g_autofree char *label = lq_plot_format_level (ticks[i], step);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, x, ya->to_px);
      cairo_line_to (cr, x, ya->from_px);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.85, label, x, ya->from_px + 3.0, 0.5, 0.0);
    }
  n = lq_plot_axis_ticks (ya, 24.0, ticks, G_N_ELEMENTS (ticks), &step);
  for (guint i = 0; i < n; i++)
    {
      double y = round (lq_plot_axis_to_px (ya, ticks[i])) + 0.5;
      g_autofree char *label = lq_plot_format_level (ticks[i], step);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, xa->from_px, y);
      cairo_line_to (cr, xa->to_px, y);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.85, label, xa->from_px - 4.0, y, 1.0, 0.5);
    }
}

void
lq_gain_curve_plot_draw (cairo_t                   *cr,
                         const LqGainCurveModel    *model,
                         const LqPlotStyle         *style,
                         double                     width,
                         double                     height,
                         const LqGainCurvePlotView *view)
{
  LqPlotAxis xa, ya;
  const double dashes[] = { 3.0, 3.0 };

  g_return_if_fail (cr != NULL && model != NULL && style != NULL);

  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  lq_gain_curve_plot_axes (model, width, height, &xa, &ya);
  draw_grid (cr, style, &xa, &ya);

  cairo_save (cr);
  cairo_rectangle (cr, xa.from_px, ya.to_px, xa.to_px - xa.from_px, ya.from_px - ya.to_px);
  cairo_clip (cr);

  /* The knee, shaded; the threshold, dashed */
  if (model->kind != LQ_GAIN_CURVE_LIMITER && model->knee_db > 0.0)
    {
      double x0 = lq_plot_axis_to_px (&xa, model->threshold_db - model->knee_db / 2.0);
      double x1 = lq_plot_axis_to_px (&xa, model->threshold_db + model->knee_db / 2.0);

      lq_plot_color_set_alpha (cr, &style->accent, 0.08);
      cairo_rectangle (cr, x0, ya.to_px, x1 - x0, ya.from_px - ya.to_px);
      cairo_fill (cr);
    }
  cairo_set_dash (cr, dashes, 2, 0.0);
  cairo_set_line_width (cr, 1.0);
  lq_plot_color_set_alpha (cr, &style->accent, 0.6);
  cairo_move_to (cr, round (lq_plot_axis_to_px (&xa, model->threshold_db)) + 0.5, ya.to_px);
  cairo_line_to (cr, round (lq_plot_axis_to_px (&xa, model->threshold_db)) + 0.5, ya.from_px);
  cairo_stroke (cr);

  /* 1:1 */
  lq_plot_color_set (cr, &style->dim);
  cairo_move_to (cr, xa.from_px, lq_plot_axis_to_px (&ya, model->min_db));
  cairo_line_to (cr, xa.to_px, lq_plot_axis_to_px (&ya, model->max_db));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0.0);

  /* The curve */
  for (guint i = 0; i < LQ_GAIN_CURVE_POINTS; i++)
    {
      double x = lq_plot_axis_to_px (&xa, model->in_db[i]), y = lq_plot_axis_to_px (&ya, model->out_db[i]);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.25);
  if (model->enabled)
    lq_plot_color_set (cr, &style->accent);
  else
    lq_plot_color_set_alpha (cr, &style->dim, 0.7);
  cairo_stroke (cr);

  /* The track's mark: the reduction as a bar from 1:1 down to the curve */
  if (model->has_level && model->level_db >= model->min_db && model->level_db <= model->max_db)
    {
      double x = lq_plot_axis_to_px (&xa, model->level_db);
      double y_in = lq_plot_axis_to_px (&ya, model->level_db);
      double y_out = lq_plot_axis_to_px (&ya, model->level_db - model->reduction_db);
      const LqPlotColor *mark = model->reduction_db > 0.05 ? &style->warning : &style->success;

      lq_plot_color_set_alpha (cr, mark, 0.8);
      cairo_rectangle (cr, x - 2.0, y_in, 4.0, y_out - y_in);
      cairo_fill (cr);
      cairo_new_path (cr);
      cairo_arc (cr, x, y_out, 4.5, 0, 2 * G_PI);
      lq_plot_color_set (cr, mark);
      cairo_fill_preserve (cr);
      lq_plot_color_set (cr, &style->background);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  /* The pointer's level */
  if (view != NULL && isfinite (view->hover_db))
    {
      double x = lq_plot_axis_to_px (&xa, view->hover_db);
      double y = lq_plot_axis_to_px (&ya, lq_gain_curve_model_output (model, view->hover_db));

      lq_plot_color_set_alpha (cr, &style->foreground, 0.5);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, round (x) + 0.5, ya.to_px);
      cairo_line_to (cr, round (x) + 0.5, ya.from_px);
      cairo_stroke (cr);
      cairo_arc (cr, x, y, 3.0, 0, 2 * G_PI);
      lq_plot_color_set (cr, &style->foreground);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  if (model->has_level && model->reduction_db > 0.05)
    {
      g_autofree char *reduction = lq_format_offset (-model->reduction_db);
      g_autofree char *text = g_strdup_printf ("%s dB", reduction);

      lq_plot_color_set (cr, &style->warning);
      lq_plot_text (cr, style, 0.85, text, xa.from_px + 6.0, ya.to_px + 2.0, 0.0, 0.0);
    }

  cairo_restore (cr);
}

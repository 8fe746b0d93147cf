/* lq-eq-curve-plot.c: the EQ curve on cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-eq-curve-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define MARGIN_LEFT 34.0
#define MARGIN_RIGHT 16.0
#define MARGIN_TOP 10.0
#define MARGIN_BOTTOM 20.0

/* Each part's series colour (the sum is the accent). */
static const guint part_series[LQ_EQ_CURVE_N_PARTS] = { 1, 2, 3 };

void
lq_eq_curve_plot_view_init (LqEqCurvePlotView *view)
{
  g_return_if_fail (view != NULL);

  view->selected = -1;
  view->hover = -1;
  view->legend = TRUE;
}

/* With a track, the bus's bands that are off are left out: they are edited
 * on the album's curve, and would hide the track's at the same defaults. */
static gboolean
handle_shown (const LqEqCurveModel *model,
              guint                 index)
{
  const LqEqCurveHandle *h = &model->handles[index];

  return h->settings.enabled || !h->album || !model->has_track;
}

static double
handle_db (const LqEqCurveHandle *h)
{
  return lq_eq_curve_type_has_gain (h->settings.type) ? h->settings.gain_db : 0.0;
}

double
lq_eq_curve_plot_range_db (const LqEqCurveModel *model)
{
  double extent;

  g_return_val_if_fail (model != NULL, 12.0);

  extent = MAX (fabs (model->sum_min_db), fabs (model->sum_max_db));
  for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
    for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
      extent = MAX (extent, fabs (model->part_db[p][i]));
  for (guint h = 0; h < model->n_handles; h++)
    if (model->handles[h].settings.enabled)
      extent = MAX (extent, fabs (handle_db (&model->handles[h])));

  /* Passes dive to -inf: the axis follows what can be read, up to 30 dB */
  if (!isfinite (extent) || extent > LQ_PEQ_MAX_GAIN_DB)
    extent = LQ_PEQ_MAX_GAIN_DB;
  if (extent <= 11.5)
    return 12.0;
  return 6.0 * ceil ((extent + 0.5) / 6.0);
}

void
lq_eq_curve_plot_axes (const LqEqCurveModel *model,
                       double                width,
                       double                height,
                       LqPlotAxis           *x_axis,
                       LqPlotAxis           *y_axis)
{
  double range = lq_eq_curve_plot_range_db (model);
  double right = MAX (width - MARGIN_RIGHT, MARGIN_LEFT + 1.0);
  double bottom = MAX (height - MARGIN_BOTTOM, MARGIN_TOP + 1.0);

  lq_plot_axis_init (x_axis, LQ_PLOT_AXIS_LOG, LQ_EQ_CURVE_MIN_HZ, LQ_EQ_CURVE_MAX_HZ,
                     MARGIN_LEFT, right);
  lq_plot_axis_init (y_axis, LQ_PLOT_AXIS_LINEAR, -range, range, bottom, MARGIN_TOP);
}

void
lq_eq_curve_plot_handle_position (const LqEqCurveModel *model,
                                  double                width,
                                  double                height,
                                  guint                 index,
                                  double               *x,
                                  double               *y)
{
  LqPlotAxis xa, ya;
  const LqEqCurveHandle *h;

  g_return_if_fail (model != NULL && index < model->n_handles);

  h = &model->handles[index];
  lq_eq_curve_plot_axes (model, width, height, &xa, &ya);
  *x = lq_plot_axis_to_px (&xa, CLAMP (h->settings.freq_hz, LQ_EQ_CURVE_MIN_HZ, LQ_EQ_CURVE_MAX_HZ));
  *y = lq_plot_axis_to_px (&ya, handle_db (h));
}

int
lq_eq_curve_plot_hit_handle (const LqEqCurveModel *model,
                             double                width,
                             double                height,
                             double                x,
                             double                y)
{
  double best = INFINITY;
  int found = -1;

  g_return_val_if_fail (model != NULL, -1);

  for (guint i = 0; i < model->n_handles; i++)
    {
      double hx, hy, d;

      if (!handle_shown (model, i))
        continue;
      lq_eq_curve_plot_handle_position (model, width, height, i, &hx, &hy);
      d = hypot (hx - x, hy - y);
      /* A band that is on wins over one that is off at the same place */
      if (!model->handles[i].settings.enabled)
        d += 0.5;
      if (d <= LQ_EQ_CURVE_PLOT_HANDLE_RADIUS + 2.0 && d < best)
        {
          best = d;
          found = (int) i;
        }
    }

  return found;
}

static void
draw_grid (cairo_t              *cr,
           const LqPlotStyle    *style,
           const LqPlotAxis     *xa,
           const LqPlotAxis     *ya)
{
  double ticks[32], step;
  guint n;
  double range = ya->max;

  cairo_set_line_width (cr, 1.0);
  n = lq_plot_axis_ticks (xa, 40.0, ticks, G_N_ELEMENTS (ticks), &step);
  for (guint i = 0; i < n; i++)
    {
      double x = round (lq_plot_axis_to_px (xa, ticks[i])) + 0.5;
      g_autofree char *label = lq_plot_format_frequency (ticks[i]);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, x, ya->to_px);
      cairo_line_to (cr, x, ya->from_px);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.85, label, x, ya->from_px + 3.0, 0.5, 0.0);
    }

  for (double db = -range; db <= range + 1e-9; db += range > 18.0 ? 12.0 : 6.0)
    {
      double y = round (lq_plot_axis_to_px (ya, db)) + 0.5;
      g_autofree char *label = lq_plot_format_level (db, 6.0);

      lq_plot_color_set_alpha (cr, db == 0.0 ? &style->dim : &style->grid, db == 0.0 ? 0.6 : 1.0);
      cairo_move_to (cr, xa->from_px, y);
      cairo_line_to (cr, xa->to_px, y);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.85, label, xa->from_px - 4.0, y, 1.0, 0.5);
    }
}

static void
curve_path (cairo_t          *cr,
            const double     *freq,
            const double     *db,
            const LqPlotAxis *xa,
            const LqPlotAxis *ya)
{
  double lo = ya->min - 1.0, hi = ya->max + 1.0;

  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    {
      double v = isfinite (db[i]) ? CLAMP (db[i], lo, hi) : lo;
      double x = lq_plot_axis_to_px (xa, freq[i]), y = lq_plot_axis_to_px (ya, v);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

static void
draw_handle (cairo_t                 *cr,
             const LqEqCurveModel    *model,
             const LqPlotStyle       *style,
             double                   width,
             double                   height,
             guint                    index,
             const LqEqCurvePlotView *view)
{
  const LqEqCurveHandle *h = &model->handles[index];
  const LqPlotColor *color = lq_plot_style_series (style, part_series[h->album ? LQ_EQ_CURVE_PART_BUS
                                                                                : LQ_EQ_CURVE_PART_TRACK]);
  gboolean selected = view != NULL && view->selected == (int) index;
  gboolean hover = view != NULL && view->hover == (int) index;
  double x, y, r = LQ_EQ_CURVE_PLOT_HANDLE_RADIUS;
  char label[8];

  lq_eq_curve_plot_handle_position (model, width, height, index, &x, &y);
  g_snprintf (label, sizeof label, h->album ? "B%u" : "%u", h->band);

  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (h->settings.enabled)
    {
      lq_plot_color_set (cr, selected ? &style->accent : color);
      cairo_fill_preserve (cr);
      lq_plot_color_set (cr, &style->background);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->background);
    }
  else
    {
      lq_plot_color_set_alpha (cr, &style->background, 0.85);
      cairo_fill_preserve (cr);
      lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->dim, selected ? 1.0 : 0.6);
      cairo_set_line_width (cr, selected ? 2.0 : 1.0);
      cairo_stroke (cr);
      lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->dim, selected ? 1.0 : 0.8);
    }
  lq_plot_text (cr, style, h->album ? 0.65 : 0.8, label, x, y, 0.5, 0.5);

  if (selected || hover)
    {
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r + 3.0, 0, 2 * G_PI);
      lq_plot_color_set_alpha (cr, &style->accent, selected ? 1.0 : 0.5);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
}

static void
draw_legend (cairo_t              *cr,
             const LqEqCurveModel *model,
             const LqPlotStyle    *style,
             const LqPlotAxis     *xa,
             const LqPlotAxis     *ya)
{
  const char *names[LQ_EQ_CURVE_N_PARTS] = { _("EQ"), _("Match EQ"), _("Bus EQ") };
  double x = xa->from_px + 8.0, y = ya->to_px + 4.0;

  for (guint p = 0; p <= LQ_EQ_CURVE_N_PARTS; p++)
    {
      const char *name = p < LQ_EQ_CURVE_N_PARTS ? names[p] : _("Combined");

      if (p < LQ_EQ_CURVE_N_PARTS && (!model->part_active[p] || (!model->has_track && p != LQ_EQ_CURVE_PART_BUS)))
        continue;
      if (p < LQ_EQ_CURVE_N_PARTS)
        lq_plot_color_set (cr, lq_plot_style_series (style, part_series[p]));
      else
        lq_plot_color_set (cr, &style->accent);
      cairo_rectangle (cr, x, y + 5.0, 10.0, 2.0);
      cairo_fill (cr);
      lq_plot_color_set (cr, &style->dim);
      x += 14.0 + lq_plot_text (cr, style, 0.8, name, x + 14.0, y, 0.0, 0.0) + 12.0;
    }
}

void
lq_eq_curve_plot_draw (cairo_t                 *cr,
                       const LqEqCurveModel    *model,
                       const LqPlotStyle       *style,
                       double                   width,
                       double                   height,
                       const LqEqCurvePlotView *view)
{
  LqPlotAxis xa, ya;
  double zero_y;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL);

  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }

  lq_eq_curve_plot_axes (model, width, height, &xa, &ya);
  draw_grid (cr, style, &xa, &ya);
  zero_y = lq_plot_axis_to_px (&ya, 0.0);

  cairo_save (cr);
  cairo_rectangle (cr, xa.from_px, ya.to_px, xa.to_px - xa.from_px, ya.from_px - ya.to_px);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The parts, dim; only those that do something */
  cairo_set_line_width (cr, 1.25);
  for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
    {
      if (!model->part_active[p])
        continue;
      curve_path (cr, model->freq, model->part_db[p], &xa, &ya);
      lq_plot_color_set_alpha (cr, lq_plot_style_series (style, part_series[p]), 0.75);
      cairo_stroke (cr);
    }

  /* The sum, strong, filled to 0 dB */
  curve_path (cr, model->freq, model->sum_db, &xa, &ya);
  cairo_line_to (cr, xa.to_px, zero_y);
  cairo_line_to (cr, xa.from_px, zero_y);
  cairo_close_path (cr);
  lq_plot_color_set_alpha (cr, &style->accent, 0.15);
  cairo_fill (cr);
  curve_path (cr, model->freq, model->sum_db, &xa, &ya);
  lq_plot_color_set (cr, &style->accent);
  cairo_set_line_width (cr, 2.25);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (view == NULL || view->legend)
    draw_legend (cr, model, style, &xa, &ya);

  /* Handles: off ones under those that are on, the selected one on top */
  for (int pass = 0; pass < 3; pass++)
    for (guint i = 0; i < model->n_handles; i++)
      {
        gboolean selected = view != NULL && view->selected == (int) i;
        int want = selected ? 2 : model->handles[i].settings.enabled ? 1 : 0;

        if (want == pass && handle_shown (model, i))
          draw_handle (cr, model, style, width, height, i, view);
      }

  cairo_restore (cr);
}

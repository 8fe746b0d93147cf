/* lq-dynamics-plot.c: the Dynamics view on a cairo context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-dynamics-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define MARGIN_LEFT 44.0
#define MARGIN_RIGHT 10.0
#define MARGIN_TOP 24.0   /* the legend */
#define MARGIN_BOTTOM 18.0 /* track numbers */
#define PANEL_GAP 18.0
#define VIOLIN_SHARE 0.6  /* of the height below the legend */

void
lq_dynamics_plot_view_init (LqDynamicsPlotView *view)
{
  g_return_if_fail (view != NULL);
  view->selected = G_MAXUINT;
  view->hover = G_MAXUINT;
}

void
lq_dynamics_plot_get_layout (const LqDynamicsModel *model,
                             double width,
                             double height,
                             double *x0,
                             double *column,
                             LqPlotAxis *lufs_axis,
                             LqPlotAxis *db_axis)
{
  double inner = MAX (height - MARGIN_TOP - MARGIN_BOTTOM - PANEL_GAP, 2.0);
  double split = MARGIN_TOP + inner * VIOLIN_SHARE;
  double lo = model->n_bins > 0 ? model->bins_from_lufs : -30.0;
  double hi = model->n_bins > 0 ? model->bins_from_lufs + model->n_bins : 0.0;
  double top = 0.0;

  for (guint i = 0; i < model->n_tracks; i++)
    {
      if (isfinite (model->tracks[i].plr_db))
        top = MAX (top, model->tracks[i].plr_db);
      if (isfinite (model->tracks[i].lra_lu))
        top = MAX (top, model->tracks[i].lra_lu);
    }
  top = 5.0 * ceil ((top + 0.5) / 5.0);

  *x0 = MARGIN_LEFT;
  *column = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1.0) / MAX (model->n_tracks, 1);
  lq_plot_axis_init (lufs_axis, LQ_PLOT_AXIS_LINEAR, floor (lo), ceil (hi), split, MARGIN_TOP);
  lq_plot_axis_init (db_axis, LQ_PLOT_AXIS_LINEAR, 0.0, MAX (top, 5.0), height - MARGIN_BOTTOM,
                     split + PANEL_GAP);
}

guint
lq_dynamics_plot_hit_track (const LqDynamicsModel *model,
                            double width,
                            double height,
                            double x,
                            double y)
{
  double x0, column;
  LqPlotAxis la, da;
  double i;

  g_return_val_if_fail (model != NULL, G_MAXUINT);
  lq_dynamics_plot_get_layout (model, width, height, &x0, &column, &la, &da);
  if (y < la.to_px || y > height)
    return G_MAXUINT;
  i = floor ((x - x0) / column);
  if (i < 0.0 || i >= model->n_tracks)
    return G_MAXUINT;
  return (guint) i;
}

static void
draw_axis (cairo_t *cr,
           const LqPlotStyle *style,
           const LqPlotAxis *axis,
           double x_from,
           double x_to,
           const char *unit)
{
  double ticks[32], step;
  guint n = lq_plot_axis_ticks (axis, 18.0, ticks, G_N_ELEMENTS (ticks), &step);

  cairo_set_line_width (cr, 1.0);
  for (guint k = 0; k < n; k++)
    {
      double y = round (lq_plot_axis_to_px (axis, ticks[k])) + 0.5;
      g_autofree char *label = lq_plot_format_level (ticks[k], step);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, x_from, y);
      cairo_line_to (cr, x_to, y);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.85, label, x_from - 4.0, y, 1.0, 0.5);
    }
  lq_plot_color_set (cr, &style->dim);
  lq_plot_text (cr, style, 0.85, unit, 2.0, axis->to_px - 2.0, 0.0, 1.0);
}

static void
draw_violin (cairo_t *cr,
             const LqDynamicsModel *model,
             const LqDynamicsTrack *t,
             const LqPlotAxis *la,
             double centre,
             double half)
{
  guint first = G_MAXUINT, last = 0;

  for (guint b = 0; b < model->n_bins; b++)
    if (t->counts[b] > 0)
      {
        first = MIN (first, b);
        last = b;
      }
  if (first == G_MAXUINT)
    return;

  /* From the quietest bin with values to the loudest: right edge upwards,
   * left edge back down, bin centres as vertices. */
  cairo_move_to (cr, centre, lq_plot_axis_to_px (la, model->bins_from_lufs + first));
  for (guint b = first; b <= last; b++)
    cairo_line_to (cr, centre + half * t->counts[b] / t->peak_count,
                   lq_plot_axis_to_px (la, model->bins_from_lufs + b + 0.5));
  cairo_line_to (cr, centre, lq_plot_axis_to_px (la, model->bins_from_lufs + last + 1.0));
  for (guint b = last + 1; b-- > first;)
    cairo_line_to (cr, centre - half * t->counts[b] / t->peak_count,
                   lq_plot_axis_to_px (la, model->bins_from_lufs + b + 0.5));
  cairo_close_path (cr);
}

static double
legend_entry (cairo_t *cr,
              const LqPlotStyle *style,
              double x,
              double y,
              const LqPlotColor *color,
              const char *text)
{
  double w, h;

  lq_plot_text_size (cr, style, 0.9, text, &w, &h);
  x -= w;
  lq_plot_color_set (cr, &style->foreground);
  lq_plot_text (cr, style, 0.9, text, x, y, 0.0, 0.5);
  x -= 16.0;
  lq_plot_color_set (cr, color);
  cairo_rectangle (cr, x, y - 5.0, 10.0, 10.0);
  cairo_fill (cr);
  return x - 14.0;
}

void
lq_dynamics_plot_draw (cairo_t *cr,
                       const LqDynamicsModel *model,
                       const LqPlotStyle *style,
                       double width,
                       double height,
                       const LqDynamicsPlotView *view)
{
  const LqPlotColor *plr_color, *lra_color;
  LqPlotAxis la, da;
  double x0, column, x_end;
  guint label_every;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL && view != NULL);

  plr_color = &style->accent;
  lra_color = lq_plot_style_series (style, 1);
  lq_dynamics_plot_get_layout (model, width, height, &x0, &column, &la, &da);
  x_end = x0 + column * model->n_tracks;

  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  draw_axis (cr, style, &la, x0, x_end, "LUFS");
  draw_axis (cr, style, &da, x0, x_end, "dB/LU");

  /* The selected and hovered columns. */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint i = pass == 0 ? view->selected : view->hover;

      if (i >= model->n_tracks || (pass == 1 && i == view->selected))
        continue;
      lq_plot_color_set_alpha (cr, pass == 0 ? &style->accent : &style->foreground, pass == 0 ? 0.15 : 0.07);
      cairo_rectangle (cr, x0 + i * column, la.to_px, column, height - la.to_px);
      cairo_fill (cr);
    }

  /* The medians. */
  {
    static const double dashes[] = { 4.0, 3.0 };

    cairo_save (cr);
    cairo_set_dash (cr, dashes, 2, 0.0);
    cairo_set_line_width (cr, 1.0);
    if (isfinite (model->plr_median))
      {
        lq_plot_color_set_alpha (cr, plr_color, 0.8);
        cairo_move_to (cr, x0, round (lq_plot_axis_to_px (&da, model->plr_median)) + 0.5);
        cairo_line_to (cr, x_end, round (lq_plot_axis_to_px (&da, model->plr_median)) + 0.5);
        cairo_stroke (cr);
      }
    if (isfinite (model->lra_median))
      {
        lq_plot_color_set_alpha (cr, lra_color, 0.8);
        cairo_move_to (cr, x0, round (lq_plot_axis_to_px (&da, model->lra_median)) + 0.5);
        cairo_line_to (cr, x_end, round (lq_plot_axis_to_px (&da, model->lra_median)) + 0.5);
        cairo_stroke (cr);
      }
    cairo_restore (cr);
  }

  label_every = (guint) ceil (24.0 / column);
  label_every = label_every <= 1 ? 1 : label_every <= 2 ? 2 : label_every <= 5 ? 5 : 10 * (guint) ceil (label_every / 10.0);
  for (guint i = 0; i < model->n_tracks; i++)
    {
      const LqDynamicsTrack *t = &model->tracks[i];
      double left = x0 + i * column, centre = left + column / 2.0;
      double bar = MAX (MIN (column * 0.3, 14.0), 1.0);
      const LqPlotColor *series = lq_plot_style_series (style, i);

      if ((i + 1) % label_every == 0 || i == 0)
        {
          g_autofree char *num = g_strdup_printf ("%u", t->position);

          lq_plot_color_set (cr, i == view->selected ? &style->accent : &style->dim);
          lq_plot_text (cr, style, 0.85, num, centre, height - MARGIN_BOTTOM + 3.0, 0.5, 0.0);
        }
      if (!t->measured)
        continue;

      if (t->peak_count > 0)
        {
          draw_violin (cr, model, t, &la, centre, MAX (column * 0.45 - 0.5, 0.5));
          lq_plot_color_set_alpha (cr, series, 0.55);
          cairo_fill_preserve (cr);
          lq_plot_color_set (cr, series);
          cairo_set_line_width (cr, 1.0);
          cairo_stroke (cr);
        }
      if (isfinite (t->integrated_lufs))
        {
          double y = round (lq_plot_axis_to_px (&la, t->integrated_lufs)) + 0.5;

          lq_plot_color_set (cr, &style->foreground);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, centre - MAX (column * 0.3, 1.5), y);
          cairo_line_to (cr, centre + MAX (column * 0.3, 1.5), y);
          cairo_stroke (cr);
        }

      for (guint m = 0; m < 2; m++)
        {
          double v = m == 0 ? t->plr_db : t->lra_lu;
          gboolean outlier = m == 0 ? t->plr_outlier : t->lra_outlier;
          double x = m == 0 ? centre - bar - 0.5 : centre + 0.5;
          double y;

          if (!isfinite (v))
            continue;
          y = lq_plot_axis_to_px (&da, CLAMP (v, da.min, da.max));
          lq_plot_color_set (cr, outlier ? &style->warning : (m == 0 ? plr_color : lra_color));
          cairo_rectangle (cr, x, y, bar, da.from_px - y);
          cairo_fill (cr);
          if (outlier)
            {
              /* A triangle over the bar. */
              cairo_move_to (cr, x + bar / 2.0, y - 2.0);
              cairo_line_to (cr, x + bar / 2.0 - 4.0, y - 9.0);
              cairo_line_to (cr, x + bar / 2.0 + 4.0, y - 9.0);
              cairo_close_path (cr);
              cairo_fill (cr);
            }
        }
    }

  {
    double x = width - MARGIN_RIGHT, y = MARGIN_TOP / 2.0;

    x = legend_entry (cr, style, x, y, &style->warning, _("Outlier"));
    x = legend_entry (cr, style, x, y, lra_color, _("LRA"));
    x = legend_entry (cr, style, x, y, plr_color, _("PLR"));
    legend_entry (cr, style, x, y, &style->dim, _("Short-term loudness"));
  }
  cairo_restore (cr);
}

/* lq-tonal-plot.c: the Tonal Balance view on a cairo context.
 *
 * The dB axis spans 60 dB, its top the loudest band shown rounded up to
 * 6 dB; a band quieter than -LQ_TONAL_SILENT_DB is not drawn (the curve
 * breaks there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-tonal-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-plot-axis.h"
#include "lq-tonal-plan.h"

#define MARGIN_LEFT 40.0
#define MARGIN_RIGHT 10.0
#define MARGIN_TOP 8.0
#define MARGIN_BOTTOM 22.0
#define RANGE_DB 60.0
/* More curves than this are drawn without antialiasing. */
#define DENSE_TRACKS 12

void
lq_tonal_plot_view_init (LqTonalPlotView *view)
{
  g_return_if_fail (view != NULL);
  view->channel = LQ_TONAL_MID;
  view->show_before = TRUE;
  view->show_after = TRUE;
  view->show_guides = FALSE;
  view->track = LQ_TONAL_PLOT_ALL_TRACKS;
  view->hover_band = G_MAXUINT;
}

static gboolean
track_shown (const LqTonalModel *model,
             const LqTonalPlotView *view,
             guint i)
{
  return i < model->n_tracks && model->tracks[i].has_spectrum
         && (view->track == LQ_TONAL_PLOT_ALL_TRACKS || view->track == i);
}

static gboolean
audible (double db)
{
  return isfinite (db) && db >= -LQ_TONAL_SILENT_DB;
}

void
lq_tonal_plot_get_axes (const LqTonalModel *model,
                        const LqTonalPlotView *view,
                        double width,
                        double height,
                        LqPlotAxis *x_axis,
                        LqPlotAxis *y_axis)
{
  double top = -INFINITY;
  guint c = view->channel;

  for (guint b = 0; b < model->n_bands; b++)
    {
      if (audible (model->compare_curve[c][b]))
        top = MAX (top, model->compare_curve[c][b]);
      for (guint i = 0; i < model->n_tracks; i++)
        if (track_shown (model, view, i))
          {
            if (view->show_before && audible (model->tracks[i].before[c][b]))
              top = MAX (top, model->tracks[i].before[c][b]);
            if (view->show_after && audible (model->tracks[i].after[c][b]))
              top = MAX (top, model->tracks[i].after[c][b]);
          }
    }
  top = isfinite (top) ? 6.0 * ceil ((top + 1.0) / 6.0) : 0.0;

  lq_plot_axis_init (x_axis, LQ_PLOT_AXIS_LOG, LQ_TONAL_PLOT_MIN_HZ, LQ_TONAL_PLOT_MAX_HZ,
                     MARGIN_LEFT, MAX (width - MARGIN_RIGHT, MARGIN_LEFT + 1.0));
  lq_plot_axis_init (y_axis, LQ_PLOT_AXIS_LINEAR, top - RANGE_DB, top,
                     MAX (height - MARGIN_BOTTOM, MARGIN_TOP + 1.0), MARGIN_TOP);
}

double
lq_tonal_plot_curve_value (const LqTonalModel *model,
                           const LqTonalPlotView *view,
                           guint track,
                           guint band,
                           gboolean after)
{
  double v;

  g_return_val_if_fail (model != NULL && view != NULL, NAN);
  if (band >= model->n_bands || !track_shown (model, view, track)
      || !(after ? view->show_after : view->show_before))
    return NAN;
  v = (after ? model->tracks[track].after : model->tracks[track].before)[view->channel][band];
  return audible (v) ? v : NAN;
}

guint
lq_tonal_plot_hit_band (const LqTonalModel *model,
                        const LqTonalPlotView *view,
                        double width,
                        double height,
                        double x,
                        double y)
{
  LqPlotAxis xa, ya;

  g_return_val_if_fail (model != NULL && view != NULL, G_MAXUINT);
  lq_tonal_plot_get_axes (model, view, width, height, &xa, &ya);
  if (x < xa.from_px || x > xa.to_px || y < ya.to_px || y > ya.from_px)
    return G_MAXUINT;
  return lq_tonal_model_find_band (model, lq_plot_axis_from_px (&xa, x));
}

/* A curve of @db on the model's bands, broken where it is silent. */
static void
curve_path (cairo_t *cr,
            const LqTonalModel *model,
            const double *db,
            const double *offset,
            double sign,
            const LqPlotAxis *xa,
            const LqPlotAxis *ya)
{
  gboolean pen = FALSE;

  for (guint b = 0; b < model->n_bands; b++)
    {
      double v = db[b];
      double x, y;

      if (!audible (v))
        {
          pen = FALSE;
          continue;
        }
      if (offset != NULL)
        v += sign * offset[b];
      x = lq_plot_axis_to_px (xa, model->centres[b]);
      y = lq_plot_axis_to_px (ya, CLAMP (v, ya->min, ya->max));
      if (pen)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen = TRUE;
    }
}

/* The curve of @db as a ribbon @width thick (vertically), to be filled:
 * with many curves, far cheaper than stroking them (no stroker, no
 * joins); each stretch between silent bands is its own polygon. */
static void
ribbon_path (cairo_t *cr,
             const LqTonalModel *model,
             const double *db,
             double width,
             const LqPlotAxis *xa,
             const LqPlotAxis *ya)
{
  guint b = 0;

  while (b < model->n_bands)
    {
      guint first, last;

      while (b < model->n_bands && !audible (db[b]))
        b++;
      if (b >= model->n_bands)
        break;
      first = b;
      while (b < model->n_bands && audible (db[b]))
        b++;
      last = b - 1;
      for (guint k = first; k <= last; k++)
        {
          double x = lq_plot_axis_to_px (xa, model->centres[k]);
          double y = lq_plot_axis_to_px (ya, CLAMP (db[k], ya->min, ya->max)) - width / 2.0;

          if (k == first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (first == last)
        cairo_rel_line_to (cr, 1.0, 0.0);
      for (guint k = last + 1; k-- > first;)
        cairo_line_to (cr, lq_plot_axis_to_px (xa, model->centres[k]) + (first == last ? 1.0 : 0.0),
                       lq_plot_axis_to_px (ya, CLAMP (db[k], ya->min, ya->max)) + width / 2.0);
      cairo_close_path (cr);
    }
}

static void
draw_grid (cairo_t *cr,
           const LqPlotStyle *style,
           const LqPlotAxis *xa,
           const LqPlotAxis *ya)
{
  double ticks[32], step, unit_height = 0;
  guint n;

  cairo_set_line_width (cr, 1.0);
  n = lq_plot_axis_ticks (xa, 36.0, ticks, G_N_ELEMENTS (ticks), NULL);
  for (guint k = 0; k < n; k++)
    {
      double x = round (lq_plot_axis_to_px (xa, ticks[k])) + 0.5;
      g_autofree char *label = lq_plot_format_frequency (ticks[k]);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, x, ya->to_px);
      cairo_line_to (cr, x, ya->from_px);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.9, label, x, ya->from_px + 3.0, 0.5, 0.0);
    }
  n = lq_plot_axis_ticks (ya, 24.0, ticks, G_N_ELEMENTS (ticks), &step);
  lq_plot_text_size (cr, style, 0.9, "dB", NULL, &unit_height);
  for (guint k = 0; k < n; k++)
    {
      double y = round (lq_plot_axis_to_px (ya, ticks[k])) + 0.5;
      g_autofree char *label = lq_plot_format_level (ticks[k], step);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, xa->from_px, y);
      cairo_line_to (cr, xa->to_px, y);
      cairo_stroke (cr);
      /* No label where the unit is written (the top tick's) */
      if (y - ya->to_px < 1.5 * unit_height)
        continue;
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.9, label, xa->from_px - 4.0, y, 1.0, 0.5);
    }
  lq_plot_color_set (cr, &style->dim);
  lq_plot_text (cr, style, 0.9, "dB", xa->from_px - 4.0, ya->to_px, 1.0, 0.0);
}

/* The comparison curve's level at the pivot, interpolated on log2 f. */
static double
pivot_level (const LqTonalModel *model,
             const double *curve)
{
  for (guint b = 0; b + 1 < model->n_bands; b++)
    if (model->centres[b] <= LQ_TONAL_GUIDE_PIVOT_HZ && model->centres[b + 1] >= LQ_TONAL_GUIDE_PIVOT_HZ)
      {
        double t = log2 (LQ_TONAL_GUIDE_PIVOT_HZ / model->centres[b])
                   / log2 (model->centres[b + 1] / model->centres[b]);

        if (audible (curve[b]) && audible (curve[b + 1]))
          return curve[b] + t * (curve[b + 1] - curve[b]);
      }
  return NAN;
}

static void
draw_guides (cairo_t *cr,
             const LqTonalModel *model,
             const LqPlotStyle *style,
             const LqTonalPlotView *view,
             const LqPlotAxis *xa,
             const LqPlotAxis *ya)
{
  static const double slopes[] = { -3.0, -4.5 };
  static const double dashes[] = { 6.0, 4.0 };
  double level = pivot_level (model, model->compare_curve[view->channel]);

  if (!isfinite (level))
    level = ya->max - 12.0;
  cairo_save (cr);
  cairo_rectangle (cr, xa->from_px, ya->to_px, xa->to_px - xa->from_px, ya->from_px - ya->to_px);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, dashes, 2, 0.0);
  for (guint k = 0; k < G_N_ELEMENTS (slopes); k++)
    {
      double y0 = level + lq_tonal_guide_db (slopes[k], LQ_TONAL_PLOT_MIN_HZ);
      double y1 = level + lq_tonal_guide_db (slopes[k], LQ_TONAL_PLOT_MAX_HZ);
      g_autofree char *label = g_strdup_printf (_("%s dB/oct"), k == 0 ? "−3" : "−4.5");

      double label_hz = 5000.0;
      double label_y = lq_plot_axis_to_px (ya, level + lq_tonal_guide_db (slopes[k], label_hz));

      lq_plot_color_set_alpha (cr, &style->foreground, k == 0 ? 0.45 : 0.3);
      cairo_move_to (cr, xa->from_px, lq_plot_axis_to_px (ya, y0));
      cairo_line_to (cr, xa->to_px, lq_plot_axis_to_px (ya, y1));
      cairo_stroke (cr);
      /* Labelled where they have parted, right of the pivot. */
      lq_plot_text (cr, style, 0.85, label, lq_plot_axis_to_px (xa, label_hz) + 4.0, label_y + 2.0, 0.0, 0.0);
    }
  cairo_restore (cr);
}

/* One legend entry: a swatch (line, dashed line or block) and its text. */
typedef enum { SWATCH_LINE, SWATCH_DIM, SWATCH_BLOCK } Swatch;

static double
legend_entry (cairo_t *cr,
              const LqPlotStyle *style,
              double x,
              double y,
              Swatch swatch,
              const LqPlotColor *color,
              const char *text)
{
  double w, h;

  lq_plot_text_size (cr, style, 0.9, text, &w, &h);
  x -= w;
  lq_plot_color_set (cr, &style->foreground);
  lq_plot_text (cr, style, 0.9, text, x, y, 0.0, 0.5);
  x -= 20.0;
  if (swatch == SWATCH_BLOCK)
    {
      lq_plot_color_set_alpha (cr, color, 0.25);
      cairo_rectangle (cr, x, y - 5.0, 16.0, 10.0);
      cairo_fill (cr);
    }
  else
    {
      lq_plot_color_set_alpha (cr, color, swatch == SWATCH_DIM ? 0.45 : 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 16.0, y);
      cairo_stroke (cr);
    }
  return x - 12.0;
}

static void
draw_legend (cairo_t *cr,
             const LqTonalModel *model,
             const LqPlotStyle *style,
             const LqTonalPlotView *view,
             const LqPlotAxis *xa,
             const LqPlotAxis *ya,
             double spread)
{
  double x = xa->to_px - 6.0, y = ya->to_px + 10.0;
  const LqPlotColor *series = view->track == LQ_TONAL_PLOT_ALL_TRACKS
                              ? lq_plot_style_series (style, 0) : &style->accent;
  g_autofree char *tracks = NULL;

  if (view->track == LQ_TONAL_PLOT_ALL_TRACKS)
    tracks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u track", "%u tracks", model->n_tracks),
                              model->n_tracks);
  else
    /* Translators: the track shown in the tonal view: its number and name */
    tracks = g_strdup_printf (_("Track %u “%s”"), model->tracks[view->track].position,
                              model->tracks[view->track].name);

  if (view->show_before)
    x = legend_entry (cr, style, x, y, SWATCH_DIM, series, _("Before"));
  if (view->show_after)
    x = legend_entry (cr, style, x, y, SWATCH_LINE, series, view->show_before ? _("After") : tracks);
  if (isfinite (spread))
    {
      g_autofree char *text = NULL;
      g_autofree char *figure = lq_tonal_format_spread (spread);

      /* Translators: the band of +/- the album's tonal spread, in dB */
      text = g_strdup_printf (_("±%s dB spread"), figure);
      x = legend_entry (cr, style, x, y, SWATCH_BLOCK, &style->foreground, text);
    }
  legend_entry (cr, style, x, y, SWATCH_LINE, &style->foreground, model->compare_name);
  if (view->show_before && view->show_after)
    {
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.9, tracks, xa->to_px - 6.0, y + 16.0, 1.0, 0.5);
    }
}

void
lq_tonal_plot_draw (cairo_t *cr,
                    const LqTonalModel *model,
                    const LqPlotStyle *style,
                    double width,
                    double height,
                    const LqTonalPlotView *view)
{
  LqPlotAxis xa, ya;
  guint c;
  gboolean single;
  guint n_shown = 0;
  double spread;
  g_autofree double *band = NULL;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL && view != NULL);

  c = view->channel;
  single = view->track != LQ_TONAL_PLOT_ALL_TRACKS;
  for (guint i = 0; i < model->n_tracks; i++)
    n_shown += track_shown (model, view, i);
  lq_tonal_plot_get_axes (model, view, width, height, &xa, &ya);

  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  draw_grid (cr, style, &xa, &ya);

  cairo_rectangle (cr, xa.from_px, ya.to_px, xa.to_px - xa.from_px, ya.from_px - ya.to_px);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The band of +/- the spread (after the match when it is shown). */
  spread = view->show_after && model->matched ? model->spread_after_db : model->spread_before_db;
  if (isfinite (spread) && c == LQ_TONAL_MID)
    {
      band = g_new (double, model->n_bands);
      for (guint b = 0; b < model->n_bands; b++)
        band[b] = spread;
      curve_path (cr, model, model->compare_curve[c], band, 1.0, &xa, &ya);
      {
        /* Back along the lower edge. */
        for (guint b = model->n_bands; b-- > 0;)
          if (audible (model->compare_curve[c][b]))
            cairo_line_to (cr, lq_plot_axis_to_px (&xa, model->centres[b]),
                           lq_plot_axis_to_px (&ya, model->compare_curve[c][b] - spread));
      }
      cairo_close_path (cr);
      lq_plot_color_set_alpha (cr, &style->foreground, 0.12);
      cairo_fill (cr);
    }
  else
    spread = NAN;

  if (view->show_guides)
    draw_guides (cr, model, style, view, &xa, &ya);

  /* Before (dim, thin), then after (full), each track in its colour: the
   * tracks of one colour as one path, one stroke (99 tracks: 16 strokes,
   * not 198). */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint n_colours = single ? 1 : MIN (model->n_tracks, G_N_ELEMENTS (style->series));
      double alpha = pass == 0 ? (view->show_after ? 0.4 : 0.9) : 0.9;
      cairo_surface_type_t target = cairo_surface_get_type (cairo_get_target (cr));
      gboolean vector = target == CAIRO_SURFACE_TYPE_SVG || target == CAIRO_SURFACE_TYPE_PDF;
      double thickness;

      if (!(pass == 0 ? view->show_before : view->show_after))
        continue;
      thickness = pass == 0 ? 1.0 : (single ? 2.0 : 1.5);
      /* Antialiasing costs most of the time of a dense plot (99 tracks:
       * 20 ms a frame with, 6 without), where it shows least. */
      cairo_set_antialias (cr, n_shown > DENSE_TRACKS ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
      /* Opaque into a group, the group painted translucent: one
       * composite instead of one a span. On paper (the report's SVG and
       * PDF) each colour is filled translucent instead: cairo 1.16's SVG
       * surface leaks the snapshot a group leaves behind, and a vector
       * file needs no speed-up. */
      if (!vector)
        cairo_push_group (cr);

      for (guint k = 0; k < n_colours; k++)
        {
          const LqPlotColor *color = single ? &style->accent : lq_plot_style_series (style, k);
          gboolean any = FALSE;

          for (guint i = single ? view->track : k; i < model->n_tracks; i += single ? model->n_tracks : n_colours)
            {
              if (!track_shown (model, view, i))
                continue;
              ribbon_path (cr, model, pass == 0 ? model->tracks[i].before[c] : model->tracks[i].after[c],
                           thickness, &xa, &ya);
              any = TRUE;
            }
          if (!any)
            continue;
          if (vector)
            cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
          else
            cairo_set_source_rgb (cr, color->red, color->green, color->blue);
          cairo_fill (cr);
        }
      if (!vector)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, alpha);
        }
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  /* The comparison curve on top. */
  cairo_set_line_width (cr, 2.5);
  curve_path (cr, model, model->compare_curve[c], NULL, 0.0, &xa, &ya);
  lq_plot_color_set (cr, &style->foreground);
  cairo_stroke (cr);

  if (view->hover_band < model->n_bands)
    {
      double x = round (lq_plot_axis_to_px (&xa, model->centres[view->hover_band])) + 0.5;

      cairo_set_line_width (cr, 1.0);
      lq_plot_color_set_alpha (cr, &style->foreground, 0.5);
      cairo_move_to (cr, x, ya.to_px);
      cairo_line_to (cr, x, ya.from_px);
      cairo_stroke (cr);
    }
  cairo_reset_clip (cr);

  draw_legend (cr, model, style, view, &xa, &ya, spread);
  cairo_restore (cr);
}

/* lq-timeline-plot.c: see the header. */
#include "config.h"

#include "lq-timeline-plot.h"

#include <math.h>

#define MAX_TICKS 64
#define TICK_SPACING_PX 90.0
#define MARGIN_PX 4.0

void
lq_timeline_plot_get_axis (const LqTimelinePlotView *view,
                           double width,
                           LqPlotAxis *axis)
{
  double end = view->end_s > view->start_s ? view->end_s : view->start_s + 1.0;

  lq_plot_axis_init (axis, LQ_PLOT_AXIS_TIME, view->start_s, end, 0, MAX (width, 1.0));
}

void
lq_timeline_plot_get_rows (double height,
                           double *top,
                           double *bottom)
{
  *top = LQ_TIMELINE_PLOT_RULER_PX + MARGIN_PX;
  *bottom = MAX (*top + 1, height - MARGIN_PX);
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI_2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI_2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI_2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
}

static void
draw_ruler (cairo_t *cr,
            const LqTimelineModel *model,
            const LqPlotStyle *style,
            const LqPlotAxis *axis,
            double width)
{
  double ticks[MAX_TICKS], step = 1;
  guint n = lq_plot_axis_ticks (axis, TICK_SPACING_PX, ticks, MAX_TICKS, &step);

  cairo_set_line_width (cr, 1);
  lq_plot_color_set (cr, &style->grid);
  cairo_move_to (cr, 0, LQ_TIMELINE_PLOT_RULER_PX - 0.5);
  cairo_line_to (cr, width, LQ_TIMELINE_PLOT_RULER_PX - 0.5);
  for (guint i = 0; i < n; i++)
    {
      double x = round (lq_plot_axis_to_px (axis, ticks[i])) + 0.5;

      cairo_move_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX - 6);
      cairo_line_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX);
    }
  cairo_stroke (cr);
  lq_plot_color_set (cr, &style->dim);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = lq_plot_format_time (ticks[i], step);

      lq_plot_text (cr, style, 0.85, label, lq_plot_axis_to_px (axis, ticks[i]) + 3, 2, 0, 0);
    }
  (void) model;
}

/* The short-term loudness inside the block [x0, x1] (clipped to the view),
 * as the largest value under each pixel, filled below. */
static void
draw_curve (cairo_t *cr,
            const LqTimelineBlock *b,
            const LqPlotStyle *style,
            const LqPlotAxis *axis,
            double x0,
            double x1,
            double top,
            double bottom,
            gboolean selected)
{
  double span = LQ_TIMELINE_PLOT_CEILING_LUFS - LQ_TIMELINE_PLOT_FLOOR_LUFS;
  double h = bottom - top;
  gboolean open = FALSE;
  double last_x = 0;

  if (b->n_curve == 0)
    return;
  for (double px = floor (x0); px < x1; px += 1)
    {
      double t0 = lq_plot_axis_from_px (axis, px), t1 = lq_plot_axis_from_px (axis, px + 1);
      double f0 = floor ((t0 - b->curve_start) / LQ_TIMELINE_HOP_S);
      double f1 = floor ((t1 - b->curve_start) / LQ_TIMELINE_HOP_S);
      float best = NAN;

      f0 = MAX (f0, 0);
      f1 = MIN (f1, (double) b->n_curve - 1);
      for (double i = f0; i <= f1; i++)
        {
          float v = b->curve[(guint) i];

          if (!isnan (v) && (isnan (best) || v > best))
            best = v;
        }
      if (isnan (best))
        {
          if (open)
            {
              cairo_line_to (cr, last_x, bottom);
              cairo_close_path (cr);
              open = FALSE;
            }
          continue;
        }
      {
        double y = bottom - h * CLAMP ((best - LQ_TIMELINE_PLOT_FLOOR_LUFS) / span, 0, 1);
        double xa = MAX (px, x0), xb = MIN (px + 1, x1);

        if (!open)
          {
            cairo_move_to (cr, xa, bottom);
            open = TRUE;
          }
        cairo_line_to (cr, xa, y);
        cairo_line_to (cr, xb, y);
        last_x = xb;
      }
    }
  if (open)
    {
      cairo_line_to (cr, last_x, bottom);
      cairo_close_path (cr);
    }
  lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->foreground, selected ? 0.45 : 0.28);
  cairo_fill (cr);
}

/* The gain curve over [xa, xb] (a fade), sampled at each pixel's centre;
 * the part it takes away shaded, the curve drawn. */
static void
draw_fade (cairo_t *cr,
           const LqTimelineModel *model,
           guint index,
           const LqPlotStyle *style,
           const LqPlotAxis *axis,
           double xa,
           double xb,
           double top,
           double bottom)
{
  double h = bottom - top;

  if (xb <= xa)
    return;
  cairo_move_to (cr, xa, top);
  for (double px = xa; px <= xb + 0.5; px += 1)
    {
      double x = MIN (px, xb);
      double g = lq_timeline_model_get_gain (model, index, lq_plot_axis_from_px (axis, x));

      cairo_line_to (cr, x, bottom - h * g);
    }
  cairo_line_to (cr, xb, top);
  cairo_close_path (cr);
  lq_plot_color_set_alpha (cr, &style->background, style->background.alpha > 0 ? 0.55 : 0);
  cairo_fill_preserve (cr);
  cairo_new_path (cr);
  for (double px = xa; px <= xb + 0.5; px += 1)
    {
      double x = MIN (px, xb);
      double g = lq_timeline_model_get_gain (model, index, lq_plot_axis_from_px (axis, x));

      cairo_line_to (cr, x, bottom - h * g);
    }
  lq_plot_color_set (cr, &style->foreground);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_handle (cairo_t *cr, const LqPlotStyle *style, double x, double top, gboolean selected)
{
  double s = LQ_TIMELINE_PLOT_HANDLE_PX;

  cairo_rectangle (cr, round (x - s / 2) + 0.5, top + 0.5, s - 1, s - 1);
  lq_plot_color_set (cr, selected ? &style->accent : &style->foreground);
  cairo_fill_preserve (cr);
  lq_plot_color_set (cr, &style->background);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_block (cairo_t *cr,
            const LqTimelineModel *model,
            guint index,
            const LqPlotStyle *style,
            const LqPlotAxis *axis,
            double width,
            double top,
            double bottom,
            gboolean selected)
{
  const LqTimelineBlock *b = lq_timeline_model_get_block (model, index);
  double xg = lq_plot_axis_to_px (axis, b->gap_start);
  double xs = lq_plot_axis_to_px (axis, b->audio_start);
  double xe = lq_plot_axis_to_px (axis, b->audio_end);
  double mid = round ((top + bottom) / 2) + 0.5;
  double x0 = MAX (xs, -8), x1 = MIN (xe, width + 8);   /* what is in view */
  const LqPlotColor *edge = selected ? &style->accent : &style->dim;

  /* The gap: a thin line */
  if (xs - xg >= 1 && xs > 0 && xg < width)
    {
      lq_plot_color_set (cr, &style->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, MAX (xg, 0), mid);
      cairo_line_to (cr, MIN (xs, width), mid);
      cairo_stroke (cr);
    }
  /* The start marker: down from the ruler, a flag in it */
  if (xs >= -6 && xs <= width + 6)
    {
      double x = round (xs) + 0.5;

      lq_plot_color_set (cr, selected ? &style->accent : &style->foreground);
      cairo_move_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX - 7);
      cairo_line_to (cr, x + 6, LQ_TIMELINE_PLOT_RULER_PX - 3.5);
      cairo_line_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX);
      cairo_line_to (cr, x, top);
      cairo_stroke (cr);
    }
  if (!b->playable || x1 <= x0)
    return;

  cairo_save (cr);
  if (x1 - x0 >= 2)
    rounded_rectangle (cr, x0 + 0.5, top + 0.5, x1 - x0 - 1, bottom - top - 1, 5);
  else
    cairo_rectangle (cr, x0, top, MAX (x1 - x0, 1), bottom - top);
  lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->foreground, selected ? 0.18 : 0.07);
  cairo_fill_preserve (cr);
  cairo_clip_preserve (cr);
  cairo_new_path (cr);

  draw_curve (cr, b, style, axis, MAX (x0, 0), MIN (x1, width), top, bottom, selected);
  {
    double xi = lq_plot_axis_to_px (axis, b->fade_in_end);
    double xo = lq_plot_axis_to_px (axis, b->fade_out_start);

    draw_fade (cr, model, index, style, axis, MAX (xs, 0), MIN (xi, width), top, bottom);
    draw_fade (cr, model, index, style, axis, MAX (xo, 0), MIN (xe, width), top, bottom);
  }

  /* Number and name where they fit */
  if (x1 - x0 > 18)
    {
      g_autofree char *label = x1 - x0 > 60 ? g_strdup_printf ("%u  %s", b->in.number, b->in.name)
                                            : g_strdup_printf ("%u", b->in.number);

      lq_plot_color_set (cr, &style->foreground);
      lq_plot_text (cr, style, 1.0, label, MAX (x0, 0) + 6, top + LQ_TIMELINE_PLOT_HANDLE_PX + 2, 0, 0);
    }
  cairo_restore (cr);

  if (x1 - x0 >= 2)
    {
      rounded_rectangle (cr, x0 + 0.5, top + 0.5, x1 - x0 - 1, bottom - top - 1, 5);
      lq_plot_color_set (cr, edge);
      cairo_set_line_width (cr, selected ? 2 : 1);
      cairo_stroke (cr);
    }
  /* The fade handles, where the block is wide enough to hold them */
  if (xe - xs > 3 * LQ_TIMELINE_PLOT_HANDLE_PX)
    {
      draw_handle (cr, style, lq_plot_axis_to_px (axis, b->fade_in_end), top, selected);
      draw_handle (cr, style, lq_plot_axis_to_px (axis, b->fade_out_start), top, selected);
    }
}

void
lq_timeline_plot_draw (cairo_t *cr,
                       const LqTimelineModel *model,
                       const LqPlotStyle *style,
                       double width,
                       double height,
                       const LqTimelinePlotView *view)
{
  LqPlotAxis axis;
  double top, bottom;
  gint first, last;
  guint n;

  g_return_if_fail (cr != NULL && model != NULL && style != NULL && view != NULL);

  lq_timeline_plot_get_axis (view, width, &axis);
  lq_timeline_plot_get_rows (height, &top, &bottom);
  cairo_save (cr);
  if (style->background.alpha > 0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  draw_ruler (cr, model, style, &axis, width);

  n = lq_timeline_model_get_n_blocks (model);
  if (n > 0)
    {
      /* Only the blocks in view (a pixel's margin for the markers) */
      first = lq_timeline_model_find (model, MAX (0, lq_plot_axis_from_px (&axis, -8)));
      last = lq_timeline_model_find (model, MIN (lq_timeline_model_get_length (model),
                                                 lq_plot_axis_from_px (&axis, width + 8)));
      if (first < 0)
        first = 0;
      if (last < 0)
        last = (gint) n - 1;
      for (gint i = first; i <= last; i++)
        draw_block (cr, model, (guint) i, style, &axis, width, top, bottom,
                    view->selected == (guint) i + 1);
    }
  cairo_restore (cr);
}

LqTimelinePart
lq_timeline_plot_hit (const LqTimelineModel *model,
                      const LqTimelinePlotView *view,
                      double width,
                      double height,
                      double x,
                      double y,
                      guint *index)
{
  LqPlotAxis axis;
  double top, bottom, tol = LQ_TIMELINE_PLOT_TOLERANCE_PX;
  double t;
  gint found;
  LqTimelinePart best = LQ_TIMELINE_PART_NONE;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (model != NULL && view != NULL && index != NULL, LQ_TIMELINE_PART_NONE);

  lq_timeline_plot_get_axis (view, width, &axis);
  lq_timeline_plot_get_rows (height, &top, &bottom);
  *index = 0;
  if (y < LQ_TIMELINE_PLOT_RULER_PX || y > height)
    return LQ_TIMELINE_PART_NONE;
  t = lq_plot_axis_from_px (&axis, x);
  found = lq_timeline_model_find (model, t);
  if (found < 0)
    return LQ_TIMELINE_PART_NONE;

  /* The edges and handles of the blocks either side are within reach too. */
  for (gint i = MAX (found - 1, 0); i <= MIN (found + 1, (gint) lq_timeline_model_get_n_blocks (model) - 1); i++)
    {
      const LqTimelineBlock *b = lq_timeline_model_get_block (model, (guint) i);
      double xs = lq_plot_axis_to_px (&axis, b->audio_start);
      double xe = lq_plot_axis_to_px (&axis, b->audio_end);
      struct { double px; LqTimelinePart part; gboolean ok; } cands[] = {
        { lq_plot_axis_to_px (&axis, b->fade_in_end), LQ_TIMELINE_PART_FADE_IN,
          y <= top + LQ_TIMELINE_PLOT_HANDLE_PX + tol && xe - xs > 3 * LQ_TIMELINE_PLOT_HANDLE_PX },
        { lq_plot_axis_to_px (&axis, b->fade_out_start), LQ_TIMELINE_PART_FADE_OUT,
          y <= top + LQ_TIMELINE_PLOT_HANDLE_PX + tol && xe - xs > 3 * LQ_TIMELINE_PLOT_HANDLE_PX },
        { xs, x < xs ? LQ_TIMELINE_PART_GAP_EDGE : LQ_TIMELINE_PART_TRIM_IN, TRUE },
        { xe, LQ_TIMELINE_PART_TRIM_OUT, x <= xe },
      };

      if (!b->playable)
        continue;
      for (guint c = 0; c < G_N_ELEMENTS (cands); c++)
        {
          double d = fabs (x - cands[c].px);

          /* Handles win over edges at the same distance (listed first). */
          if (cands[c].ok && d <= tol && d < best_d)
            {
              best = cands[c].part;
              best_d = d;
              *index = (guint) i;
            }
        }
      if (best == LQ_TIMELINE_PART_FADE_IN || best == LQ_TIMELINE_PART_FADE_OUT)
        break;
    }
  if (best != LQ_TIMELINE_PART_NONE)
    return best;
  {
    const LqTimelineBlock *b = lq_timeline_model_get_block (model, (guint) found);

    *index = (guint) found;
    if (t < b->audio_start)
      return LQ_TIMELINE_PART_GAP;
    return t < b->audio_end ? LQ_TIMELINE_PART_BODY : LQ_TIMELINE_PART_NONE;
  }
}

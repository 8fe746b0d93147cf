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
 * as the largest value under each pixel: adds the area below it to the
 * path (the caller fills the blocks' areas at once). */
static void
curve_path (cairo_t *cr,
            const LqTimelineBlock *b,
            const LqPlotAxis *axis,
            double x0,
            double x1,
            double top,
            double bottom)
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

  /* Under a few pixels a shape shows nothing */
  if (xb - xa < 3)
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

/* A block's geometry in pixels */
typedef struct
{
  const LqTimelineBlock *b;
  double xg, xs, xe;   /* gap start, audio start and end */
  double x0, x1;       /* the audio's part in view (a little margin) */
  gboolean selected;
} Geometry;

static void
geometry (Geometry *g, const LqTimelineModel *model, guint index, const LqPlotAxis *axis,
          double width, const LqTimelinePlotView *view)
{
  g->b = lq_timeline_model_get_block (model, index);
  g->xg = lq_plot_axis_to_px (axis, g->b->gap_start);
  g->xs = lq_plot_axis_to_px (axis, g->b->audio_start);
  g->xe = lq_plot_axis_to_px (axis, g->b->audio_end);
  g->x0 = MAX (g->xs, -8);
  g->x1 = MIN (g->xe, width + 8);
  g->selected = view->selected == index + 1;
}

static gboolean
block_visible (const Geometry *g)
{
  return g->b->playable && g->x1 > g->x0;
}

/* Blocks narrower than this are plain pixel-aligned rectangles: cairo
 * draws those as boxes, where rounded corners cost a scan conversion (and
 * at that size do not show). */
#define ROUNDED_MIN_PX 40.0

static gboolean
block_is_box (const Geometry *g)
{
  return g->x1 - g->x0 < ROUNDED_MIN_PX;
}

static void
block_path (cairo_t *cr, const Geometry *g, double top, double bottom)
{
  if (!block_is_box (g))
    rounded_rectangle (cr, g->x0 + 0.5, top + 0.5, g->x1 - g->x0 - 1, bottom - top - 1, 5);
  else
    cairo_rectangle (cr, round (g->x0), top, MAX (round (g->x1) - round (g->x0), 1), bottom - top);
}

/* The gaps, start markers, block fills, curves and outlines: one path for
 * all unselected blocks each, then the selected one over them (cairo's
 * cost is per fill and stroke, and a 99-track album draws them all). */
static void
draw_blocks (cairo_t *cr,
             const LqTimelineModel *model,
             const LqPlotStyle *style,
             const LqPlotAxis *axis,
             const LqTimelinePlotView *view,
             guint first,
             guint last,
             double width,
             double top,
             double bottom)
{
  double mid = round ((top + bottom) / 2) + 0.5;
  Geometry g;

  cairo_set_line_width (cr, 1);
  /* The gaps: a thin line */
  for (guint i = first; i <= last; i++)
    {
      geometry (&g, model, i, axis, width, view);
      if (g.xs - g.xg >= 1 && g.xs > 0 && g.xg < width)
        {
          cairo_move_to (cr, MAX (g.xg, 0), mid);
          cairo_line_to (cr, MIN (g.xs, width), mid);
        }
    }
  lq_plot_color_set (cr, &style->grid);
  cairo_stroke (cr);

  /* The start markers: down from the ruler, a flag in it */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = first; i <= last; i++)
        {
          double x;

          geometry (&g, model, i, axis, width, view);
          if (g.selected != (pass == 1) || g.xs < -6 || g.xs > width + 6)
            continue;
          x = round (g.xs) + 0.5;
          cairo_move_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX - 7);
          cairo_line_to (cr, x + 6, LQ_TIMELINE_PLOT_RULER_PX - 3.5);
          cairo_line_to (cr, x, LQ_TIMELINE_PLOT_RULER_PX);
          cairo_line_to (cr, x, top);
          cairo_close_path (cr);
        }
      lq_plot_color_set (cr, pass == 1 ? &style->accent : &style->foreground);
      cairo_fill_preserve (cr);
      cairo_stroke (cr);
    }

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean selected = pass == 1;

      /* The blocks: rounded ones, then the boxes without antialiasing */
      for (int boxes = 0; boxes < 2; boxes++)
        {
          for (guint i = first; i <= last; i++)
            {
              geometry (&g, model, i, axis, width, view);
              if (block_visible (&g) && g.selected == selected && block_is_box (&g) == boxes)
                block_path (cr, &g, top, bottom);
            }
          lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->foreground,
                                   selected ? 0.18 : 0.07);
          cairo_set_antialias (cr, boxes ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
          cairo_fill (cr);
        }
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
      /* The short-term loudness: columns on whole pixels, no antialiasing
       * needed (and much faster) */
      for (guint i = first; i <= last; i++)
        {
          geometry (&g, model, i, axis, width, view);
          if (block_visible (&g) && g.selected == selected)
            curve_path (cr, g.b, axis, MAX (g.x0, 0), MIN (g.x1, width), top, bottom);
        }
      lq_plot_color_set_alpha (cr, selected ? &style->accent : &style->foreground, selected ? 0.45 : 0.28);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
      cairo_fill (cr);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
    }
}

/* What is drawn block by block over that: fades, labels, outlines, handles */
static void
draw_block (cairo_t *cr,
            const LqTimelineModel *model,
            guint index,
            const LqPlotStyle *style,
            const LqPlotAxis *axis,
            const Geometry *g,
            double width,
            double top,
            double bottom)
{
  const LqTimelineBlock *b = g->b;
  double x0 = g->x0, x1 = g->x1;

  {
    double xi = lq_plot_axis_to_px (axis, b->fade_in_end);
    double xo = lq_plot_axis_to_px (axis, b->fade_out_start);

    draw_fade (cr, model, index, style, axis, MAX (g->xs, 0), MIN (xi, width), top, bottom);
    draw_fade (cr, model, index, style, axis, MAX (xo, 0), MIN (g->xe, width), top, bottom);
  }

  /* Number and name where they fit */
  if (x1 - x0 > 18)
    {
      g_autofree char *label = x1 - x0 > 60 ? g_strdup_printf ("%u  %s", b->in.number, b->in.name)
                                            : g_strdup_printf ("%u", b->in.number);

      cairo_save (cr);
      /* A pixel-aligned rectangle: cairo's fast clip (a rounded one costs a mask) */
      cairo_rectangle (cr, floor (x0 + 1), top + 1, MAX (floor (x1 - 1) - floor (x0 + 1), 1), bottom - top - 2);
      cairo_clip (cr);
      lq_plot_color_set (cr, &style->foreground);
      lq_plot_text (cr, style, 1.0, label, MAX (x0, 0) + 6, top + LQ_TIMELINE_PLOT_HANDLE_PX + 2, 0, 0);
      cairo_restore (cr);
    }

  /* The fade handles, where the block is wide enough to hold them */
  if (g->xe - g->xs > 3 * LQ_TIMELINE_PLOT_HANDLE_PX)
    {
      draw_handle (cr, style, lq_plot_axis_to_px (axis, b->fade_in_end), top, g->selected);
      draw_handle (cr, style, lq_plot_axis_to_px (axis, b->fade_out_start), top, g->selected);
    }
}

static void
draw_outlines (cairo_t *cr,
               const LqTimelineModel *model,
               const LqPlotStyle *style,
               const LqPlotAxis *axis,
               const LqTimelinePlotView *view,
               guint first,
               guint last,
               double width,
               double top,
               double bottom)
{
  Geometry g;

  for (int pass = 0; pass < 2; pass++)
    for (int boxes = 0; boxes < 2; boxes++)
      {
        for (guint i = first; i <= last; i++)
          {
            geometry (&g, model, i, axis, width, view);
            if (!block_visible (&g) || g.selected != (pass == 1) || block_is_box (&g) != boxes
                || g.x1 - g.x0 < 2)
              continue;
            if (boxes)
              cairo_rectangle (cr, round (g.x0) + 0.5, top + 0.5,
                               MAX (round (g.x1) - round (g.x0) - 1, 1), bottom - top - 1);
            else
              rounded_rectangle (cr, g.x0 + 0.5, top + 0.5, g.x1 - g.x0 - 1, bottom - top - 1, 5);
          }
        lq_plot_color_set (cr, pass == 1 ? &style->accent : &style->dim);
        cairo_set_line_width (cr, pass == 1 ? 2 : 1);
        cairo_set_antialias (cr, boxes ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
        cairo_stroke (cr);
      }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
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
  cairo_new_path (cr);
  if (style->background.alpha > 0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  draw_ruler (cr, model, style, &axis, width);

  n = lq_timeline_model_get_n_blocks (model);
  if (n > 0)
    {
      /* Only the blocks in view (a few pixels' margin for the markers) */
      first = lq_timeline_model_find (model, MAX (0, lq_plot_axis_from_px (&axis, -8)));
      last = lq_timeline_model_find (model, MIN (lq_timeline_model_get_length (model),
                                                 lq_plot_axis_from_px (&axis, width + 8)));
      if (first < 0)
        first = 0;
      if (last < 0)
        last = (gint) n - 1;
      draw_blocks (cr, model, style, &axis, view, (guint) first, (guint) last, width, top, bottom);
      for (gint i = first; i <= last; i++)
        {
          Geometry g;

          geometry (&g, model, (guint) i, &axis, width, view);
          if (block_visible (&g))
            draw_block (cr, model, (guint) i, style, &axis, &g, width, top, bottom);
        }
      draw_outlines (cr, model, style, &axis, view, (guint) first, (guint) last, width, top, bottom);
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

/* lq-platform-plot.c: drawing what listeners will hear (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-platform-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The level axis's range: every listener and master level and the target,
 * with 2 LU of room, out to multiples of 5 LU. */
static void
level_range (const LqPlatformPlayback *playback,
             double *lo,
             double *hi)
{
  double min = playback->platform->target_lufs;
  double max = min;

  for (guint i = 0; i < playback->n_tracks; i++)
    {
      const LqPlatformTrack *t = &playback->tracks[i];

      if (isfinite (t->listener_lufs))
        {
          min = MIN (min, t->listener_lufs);
          max = MAX (max, t->listener_lufs);
        }
      if (isfinite (t->master_lufs))
        {
          min = MIN (min, t->master_lufs);
          max = MAX (max, t->master_lufs);
        }
    }
  *lo = floor ((min - 2.0) / 5.0) * 5.0;
  *hi = ceil ((max + 2.0) / 5.0) * 5.0;
}

void
lq_platform_plot_get_axis (const LqPlatformPlayback *playback,
                           double width,
                           double height,
                           LqPlotAxis *axis)
{
  double lo, hi;

  g_return_if_fail (playback != NULL && axis != NULL);

  level_range (playback, &lo, &hi);
  lq_plot_axis_init (axis, LQ_PLOT_AXIS_LINEAR, lo, hi,
                     MAX (height - LQ_PLATFORM_PLOT_BOTTOM_PX, LQ_PLATFORM_PLOT_TOP_PX + 1.0),
                     LQ_PLATFORM_PLOT_TOP_PX);
}

void
lq_platform_plot_get_slot (const LqPlatformPlayback *playback,
                           double width,
                           guint index,
                           double *x,
                           double *slot_width)
{
  double inner;
  double slot;

  g_return_if_fail (playback != NULL);

  inner = MAX (width - LQ_PLATFORM_PLOT_LEFT_PX - LQ_PLATFORM_PLOT_RIGHT_PX, 1.0);
  slot = inner / MAX (playback->n_tracks, 1);
  if (x != NULL)
    *x = LQ_PLATFORM_PLOT_LEFT_PX + index * slot;
  if (slot_width != NULL)
    *slot_width = slot;
}

gboolean
lq_platform_plot_get_bar (const LqPlatformPlayback *playback,
                          double width,
                          double height,
                          guint index,
                          double *x,
                          double *y,
                          double *bar_width,
                          double *bar_height)
{
  LqPlotAxis axis;
  double slot_x, slot;
  double top;

  g_return_val_if_fail (playback != NULL, FALSE);
  g_return_val_if_fail (index < playback->n_tracks, FALSE);

  if (!isfinite (playback->tracks[index].listener_lufs))
    return FALSE;
  lq_platform_plot_get_axis (playback, width, height, &axis);
  lq_platform_plot_get_slot (playback, width, index, &slot_x, &slot);
  top = lq_plot_axis_to_px (&axis, playback->tracks[index].listener_lufs);
  *x = slot_x + slot * (1.0 - LQ_PLATFORM_PLOT_BAR_FRACTION) / 2.0;
  *bar_width = slot * LQ_PLATFORM_PLOT_BAR_FRACTION;
  *y = top;
  *bar_height = axis.from_px - top;
  return TRUE;
}

guint
lq_platform_plot_hit (const LqPlatformPlayback *playback,
                      double width,
                      double height,
                      double x,
                      double y)
{
  LqPlotAxis axis;
  double slot;

  g_return_val_if_fail (playback != NULL, 0);

  lq_platform_plot_get_axis (playback, width, height, &axis);
  lq_platform_plot_get_slot (playback, width, 0, NULL, &slot);
  if (playback->n_tracks == 0 || y < axis.to_px || y > axis.from_px
      || x < LQ_PLATFORM_PLOT_LEFT_PX || x >= LQ_PLATFORM_PLOT_LEFT_PX + slot * playback->n_tracks)
    return 0;
  return (guint) floor ((x - LQ_PLATFORM_PLOT_LEFT_PX) / slot) + 1;
}

static void
draw_grid (cairo_t *cr,
           const LqPlotStyle *style,
           const LqPlotAxis *axis,
           double width)
{
  double ticks[32];
  double step = 1.0;
  guint n = lq_plot_axis_ticks (axis, 18.0, ticks, G_N_ELEMENTS (ticks), &step);

  cairo_set_line_width (cr, 1.0);
  for (guint k = 0; k < n; k++)
    {
      double y = round (lq_plot_axis_to_px (axis, ticks[k])) + 0.5;
      g_autofree char *label = lq_plot_format_level (ticks[k], step);

      lq_plot_color_set (cr, &style->grid);
      cairo_move_to (cr, LQ_PLATFORM_PLOT_LEFT_PX, y);
      cairo_line_to (cr, width - LQ_PLATFORM_PLOT_RIGHT_PX, y);
      cairo_stroke (cr);
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.9, label, LQ_PLATFORM_PLOT_LEFT_PX - 4.0, y, 1.0, 0.5);
    }
}

static void
draw_target (cairo_t *cr,
             const LqPlatformPlayback *playback,
             const LqPlotStyle *style,
             const LqPlotAxis *axis,
             double width)
{
  static const double dash[] = { 6.0, 4.0 };
  double y = lq_plot_axis_to_px (axis, playback->platform->target_lufs);
  g_autofree char *level = lq_plot_format_level (playback->platform->target_lufs, 1.0);
  g_autofree char *label = g_strdup_printf (_("target %s LUFS"), level);

  lq_plot_color_set (cr, &style->success);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
  cairo_move_to (cr, LQ_PLATFORM_PLOT_LEFT_PX, y);
  cairo_line_to (cr, width - LQ_PLATFORM_PLOT_RIGHT_PX, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0.0);
  lq_plot_text (cr, style, 0.85, label, width - LQ_PLATFORM_PLOT_RIGHT_PX - 2.0, y - 2.0, 1.0, 1.0);
}

static void
draw_tracks (cairo_t *cr,
             const LqPlatformPlayback *playback,
             const LqPlotStyle *style,
             const LqPlotAxis *axis,
             double width,
             double height)
{
  for (guint i = 0; i < playback->n_tracks; i++)
    {
      const LqPlatformTrack *t = &playback->tracks[i];
      double x, y, w, h, slot_x, slot;
      g_autofree char *number = g_strdup_printf ("%u", t->number);

      lq_platform_plot_get_slot (playback, width, i, &slot_x, &slot);
      if (lq_platform_plot_get_bar (playback, width, height, i, &x, &y, &w, &h))
        {
          lq_plot_color_set_alpha (cr, t->limited_db > 0.0 ? &style->warning : &style->accent, 0.8);
          cairo_rectangle (cr, x, y, w, h);
          cairo_fill (cr);
        }
      if (isfinite (t->master_lufs))
        {
          double my = lq_plot_axis_to_px (axis, t->master_lufs);

          /* Where the master itself is: a short tick beside the bar. */
          lq_plot_color_set (cr, &style->dim);
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, slot_x + slot * 0.1, my);
          cairo_line_to (cr, slot_x + slot * 0.9, my);
          cairo_stroke (cr);
        }
      lq_plot_color_set (cr, &style->dim);
      lq_plot_text (cr, style, 0.9, number, slot_x + slot / 2.0, axis->from_px + 3.0, 0.5, 0.0);
    }
}

static void
draw_jumps (cairo_t *cr,
            const LqPlatformPlayback *playback,
            const LqPlotStyle *style,
            const LqPlotAxis *axis,
            double width)
{
  for (guint i = 1; i < playback->n_tracks; i++)
    {
      const LqPlatformTrack *t = &playback->tracks[i];
      double x, y_from, y_to;
      g_autofree char *label = NULL;

      if (!isfinite (t->jump_lu))
        continue;
      lq_platform_plot_get_slot (playback, width, i, &x, NULL);
      y_from = lq_plot_axis_to_px (axis, playback->tracks[i - 1].listener_lufs);
      y_to = lq_plot_axis_to_px (axis, t->listener_lufs);
      lq_plot_color_set (cr, fabs (t->jump_lu) > LQ_PLATFORM_PLOT_JUMP_WARN_LU ? &style->warning
                                                                            : &style->foreground);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x, y_from);
      cairo_line_to (cr, x, y_to);
      cairo_stroke (cr);
      /* An arrowhead at the new level, when there is room for one. */
      if (fabs (y_to - y_from) > 6.0)
        {
          cairo_move_to (cr, x, y_to);
          cairo_line_to (cr, x - 3.0, y_to + (y_to > y_from ? -5.0 : 5.0));
          cairo_line_to (cr, x + 3.0, y_to + (y_to > y_from ? -5.0 : 5.0));
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      /* A minus sign, as the axis writes it. */
      label = g_strdup_printf ("%s%.1f LU", t->jump_lu < -0.05 ? "\u2212" : "+", fabs (t->jump_lu));
      lq_plot_text (cr, style, 0.8, label, x + 3.0, MIN (y_from, y_to) - 2.0, 0.0, 1.0);
    }
}

void
lq_platform_plot_draw (cairo_t *cr,
                       const LqPlatformPlayback *playback,
                       const LqPlotStyle *style,
                       double width,
                       double height)
{
  LqPlotAxis axis;
  g_autofree char *title = NULL;

  g_return_if_fail (cr != NULL && playback != NULL && style != NULL);

  cairo_save (cr);
  if (style->background.alpha > 0.0)
    {
      lq_plot_color_set (cr, &style->background);
      cairo_paint (cr);
    }
  lq_platform_plot_get_axis (playback, width, height, &axis);
  draw_grid (cr, style, &axis, width);
  draw_tracks (cr, playback, style, &axis, width, height);
  draw_target (cr, playback, style, &axis, width);
  draw_jumps (cr, playback, style, &axis, width);

  /* TRANSLATORS: a plot's title: "Spotify (normal), album" */
  title = g_strdup_printf (_("%s, %s"), playback->platform->name,
                           playback->context == LQ_PLATFORM_CONTEXT_ALBUM ? _("album") : _("shuffle"));
  lq_plot_color_set (cr, &style->foreground);
  lq_plot_text (cr, style, 1.0, title, LQ_PLATFORM_PLOT_LEFT_PX, 3.0, 0.0, 0.0);
  lq_plot_color_set (cr, &style->dim);
  lq_plot_text (cr, style, 0.85, _("bars: what listeners hear; lines: the master"),
                width - LQ_PLATFORM_PLOT_RIGHT_PX, 3.0, 1.0, 0.0);
  cairo_restore (cr);
}

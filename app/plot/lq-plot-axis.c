/* lq-plot-axis.c: axes and ticks (see lq-plot-axis.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-plot-axis.h"

void
lq_plot_axis_init (LqPlotAxis *axis,
                   LqPlotAxisKind kind,
                   double min,
                   double max,
                   double from_px,
                   double to_px)
{
  axis->kind = kind;
  axis->min = min;
  axis->max = max;
  axis->from_px = from_px;
  axis->to_px = to_px;
}

/* Where @value is along the axis, 0 at min and 1 at max. */
static double
fraction (const LqPlotAxis *axis,
          double value)
{
  if (axis->kind == LQ_PLOT_AXIS_LOG)
    {
      if (!(value > 0) || !(axis->min > 0) || !(axis->max > axis->min))
        return 0;
      return log (value / axis->min) / log (axis->max / axis->min);
    }
  if (axis->max == axis->min)
    return 0;
  return (value - axis->min) / (axis->max - axis->min);
}

double
lq_plot_axis_to_px (const LqPlotAxis *axis,
                    double value)
{
  return axis->from_px + fraction (axis, value) * (axis->to_px - axis->from_px);
}

double
lq_plot_axis_from_px (const LqPlotAxis *axis,
                      double px)
{
  double f = axis->to_px != axis->from_px ? (px - axis->from_px) / (axis->to_px - axis->from_px) : 0;

  if (axis->kind == LQ_PLOT_AXIS_LOG && axis->min > 0 && axis->max > axis->min)
    return axis->min * pow (axis->max / axis->min, f);
  return axis->min + f * (axis->max - axis->min);
}

/* The smallest 1-2-5 step at least @least. */
static double
nice_step (double least)
{
  double decade = pow (10, floor (log10 (least)));
  static const double m[] = { 1, 2, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (m); i++)
    if (m[i] * decade >= least * (1 - 1e-9))
      return m[i] * decade;
  return 10 * decade;
}

/* The smallest clock step at least @least seconds. */
static double
time_step (double least)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 };

  if (least < 1)
    return nice_step (least);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] >= least)
      return steps[i];
  return 3600 * ceil (least / 3600);
}

guint
lq_plot_axis_ticks (const LqPlotAxis *axis,
                    double min_spacing_px,
                    double *ticks,
                    guint max_ticks,
                    double *step_out)
{
  double span_px = fabs (axis->to_px - axis->from_px);
  double lo = MIN (axis->min, axis->max), hi = MAX (axis->min, axis->max);
  guint n = 0;

  if (step_out != NULL)
    *step_out = 0;
  if (!(span_px > 0) || !(hi > lo) || max_ticks == 0 || !isfinite (lo) || !isfinite (hi))
    return 0;
  min_spacing_px = MAX (min_spacing_px, 1);

  if (axis->kind == LQ_PLOT_AXIS_LOG)
    {
      /* 1, 2, 5 per decade; fewer (1 per decade, then every other decade)
       * when they would crowd. Spacing is checked between neighbours. */
      static const double sets[3][3] = { { 1, 2, 5 }, { 1, 0, 0 }, { 1, 0, 0 } };
      static const guint counts[3] = { 3, 1, 1 };

      if (!(lo > 0))
        return 0;
      for (guint s = 0; s < 3; s++)
        {
          double last_px = -INFINITY;
          gboolean crowded = FALSE;
          guint every = s == 2 ? 2 : 1;

          n = 0;
          for (double decade = pow (10, floor (log10 (lo))); decade <= hi && n < max_ticks; decade *= 10)
            {
              if (every == 2 && ((gint64) llround (log10 (decade))) % 2 != 0)
                continue;
              for (guint k = 0; k < counts[s] && n < max_ticks; k++)
                {
                  double v = sets[s][k] * decade;
                  double px;

                  if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
                    continue;
                  px = lq_plot_axis_to_px (axis, v);
                  if (fabs (px - last_px) < min_spacing_px)
                    crowded = TRUE;
                  last_px = px;
                  ticks[n++] = v;
                }
            }
          if (!crowded || s == 2)
            break;
        }
      if (step_out != NULL && n > 1)
        *step_out = ticks[1] - ticks[0];
      return n;
    }

  {
    double per_px = (hi - lo) / span_px;
    double least = per_px * min_spacing_px;
    double step = axis->kind == LQ_PLOT_AXIS_TIME ? time_step (least) : nice_step (least);
    double first = ceil (lo / step - 1e-9) * step;

    for (double v = first; v <= hi + step * 1e-9 && n < max_ticks; v = first + n * step)
      ticks[n++] = fabs (v) < step * 1e-9 ? 0 : v;
    if (step_out != NULL)
      *step_out = step;
    return n;
  }
}

char *
lq_plot_format_time (double seconds,
                     double step)
{
  gboolean negative = seconds < 0;
  double s = fabs (seconds);
  int decimals = 0;
  gint64 minutes;
  double rest;

  if (step > 0 && step < 1)
    decimals = MIN (6, (int) ceil (-log10 (step) - 1e-9));
  /* Round first, so 59.99 with no decimals reads 1:00, not 0:60. */
  s = round (s * pow (10, decimals)) / pow (10, decimals);
  minutes = (gint64) floor (s / 60);
  rest = s - minutes * 60;
  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT ":%02d", negative ? "−" : "", minutes, (int) llround (rest));
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ":%0*.*f", negative ? "−" : "", minutes,
                          decimals + 3, decimals, rest);
}

char *
lq_plot_format_frequency (double hz)
{
  if (hz >= 1000)
    {
      double k = hz / 1000;

      if (fabs (k - round (k)) < 1e-6)
        return g_strdup_printf ("%.0fk", k);
      return g_strdup_printf ("%.1fk", k);
    }
  if (fabs (hz - round (hz)) < 1e-6)
    return g_strdup_printf ("%.0f", hz);
  return g_strdup_printf ("%.1f", hz);
}

char *
lq_plot_format_level (double value,
                      double step)
{
  int decimals = 0;

  if (step > 0 && step < 1)
    decimals = MIN (3, (int) ceil (-log10 (step) - 1e-9));
  if (fabs (value) < 0.5 * pow (10, -decimals))
    value = 0;
  /* The minus sign, not a hyphen. */
  if (value < 0)
    return g_strdup_printf ("−%.*f", decimals, -value);
  return g_strdup_printf ("%.*f", decimals, value);
}

/* test-plot-axis.c: plot axes map values to pixels and back, and their
 * ticks are nice values at least the spacing asked apart (app/plot). */
#include <cairo.h>
#include <math.h>

#include "lq-plot-axis.h"
#include "lq-plot-style.h"

static void
test_linear (void)
{
  LqPlotAxis axis;
  double ticks[64], step;
  guint n;

  /* A level axis growing upwards: -40 LUFS at the bottom (200 px). */
  lq_plot_axis_init (&axis, LQ_PLOT_AXIS_LINEAR, -40, 0, 200, 0);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_to_px (&axis, -40), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_to_px (&axis, -10), 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_from_px (&axis, 50), -10, 1e-9);

  n = lq_plot_axis_ticks (&axis, 24, ticks, G_N_ELEMENTS (ticks), &step);
  /* 40 dB on 200 px, ticks 24 px apart at least: 4.8 dB, so a 5 dB step. */
  g_assert_cmpfloat (step, ==, 5);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpfloat (ticks[0], ==, -40);
  g_assert_cmpfloat (ticks[8], ==, 0);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (fabs (lq_plot_axis_to_px (&axis, ticks[i]) - lq_plot_axis_to_px (&axis, ticks[i - 1])), >=, 24);
}

static void
test_log (void)
{
  LqPlotAxis axis;
  double ticks[64], step;
  guint n;

  lq_plot_axis_init (&axis, LQ_PLOT_AXIS_LOG, 20, 20000, 0, 600);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_to_px (&axis, 20), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_to_px (&axis, 20000), 600, 1e-9);
  /* Three decades on 600 px: 200 px a decade, 1 kHz two decades up. */
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_to_px (&axis, 2000), 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_plot_axis_from_px (&axis, 300), sqrt (20.0 * 20000) / sqrt (10) * sqrt (10), 1e-6);

  /* 1-2-5 per decade fit at 40 px: 20, 50, 100, 200, ... 20k. */
  n = lq_plot_axis_ticks (&axis, 40, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpfloat (ticks[0], ==, 20);
  g_assert_cmpfloat (ticks[1], ==, 50);
  g_assert_cmpfloat (ticks[n - 1], ==, 20000);
  /* On 90 px they crowd: one a decade (100, 1k, 10k). */
  lq_plot_axis_init (&axis, LQ_PLOT_AXIS_LOG, 20, 20000, 0, 90);
  n = lq_plot_axis_ticks (&axis, 20, ticks, G_N_ELEMENTS (ticks), NULL);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (ticks[0], ==, 100);
  g_assert_cmpfloat (ticks[2], ==, 10000);
}

static void
test_time (void)
{
  LqPlotAxis axis;
  double ticks[256], step;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  guint n;

  /* An 80-minute album on 1,000 px, ticks at least 60 px apart: 288 s,
   * so 5-minute steps. */
  lq_plot_axis_init (&axis, LQ_PLOT_AXIS_TIME, 0, 4800, 0, 1000);
  n = lq_plot_axis_ticks (&axis, 60, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat (step, ==, 300);
  g_assert_cmpuint (n, ==, 17);
  /* 10 ms on 1,000 px, 80 px apart: 0.8 ms, so 1 ms steps. */
  lq_plot_axis_init (&axis, LQ_PLOT_AXIS_TIME, 61.0, 61.01, 0, 1000);
  n = lq_plot_axis_ticks (&axis, 80, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat_with_epsilon (step, 0.001, 1e-12);
  g_assert_cmpuint (n, ==, 11);

  a = lq_plot_format_time (65, 5);
  g_assert_cmpstr (a, ==, "1:05");
  b = lq_plot_format_time (61.0023, 0.001);
  g_assert_cmpstr (b, ==, "1:01.002");
  c = lq_plot_format_time (59.99, 1);
  g_assert_cmpstr (c, ==, "1:00");
  d = lq_plot_format_frequency (2500);
  g_assert_cmpstr (d, ==, "2.5k");
}

static void
test_text (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 50);
  cairo_t *cr = cairo_create (surface);
  LqPlotStyle style;
  double w1, w2, h;

  lq_plot_style_init_dark (&style);
  g_assert_true (style.dark);
  lq_plot_text_size (cr, &style, 1, "-14 LUFS", &w1, &h);
  lq_plot_text_size (cr, &style, 2, "-14 LUFS", &w2, NULL);
  g_assert_cmpfloat (w1, >, 10);
  g_assert_cmpfloat (h, >, 5);
  /* Twice the size: about twice as wide (hinting moves it a little). */
  g_assert_cmpfloat (fabs (w2 / w1 - 2), <, 0.25);
  g_assert_cmpfloat_with_epsilon (lq_plot_text (cr, &style, 1, "-14 LUFS", 100, 25, 0.5, 0.5), w1, 1e-9);
  g_assert_true (lq_plot_style_series (&style, 9) == &style.series[1]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot-axis/linear", test_linear);
  g_test_add_func ("/plot-axis/log", test_log);
  g_test_add_func ("/plot-axis/time", test_time);
  g_test_add_func ("/plot-axis/text", test_text);
  return g_test_run ();
}

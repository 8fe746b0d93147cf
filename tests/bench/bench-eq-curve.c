/* bench-eq-curve.c: the inspector's curves (issue 12, items 4 and 5).
 *
 * The EQ curve's model does not grow with the album (one track's chain),
 * so this times, with every band of the track's EQ and of the bus EQ on and
 * a 31-band match-EQ curve:
 *  - building the model (the match EQ's filter designed and its realised
 *    response computed, two parametric EQs' responses), 20 times;
 *  - drawing it at 1600x400 to a cairo image surface, 50 frames;
 *  - a drag frame: moving a handle (one EQ's response again) and drawing;
 *  - the compressor's static curve: model and drawing, 50 frames.
 * Prints the median and the largest time per frame, as CPU time of this
 * thread (what the frame costs one core, whatever else the machine runs)
 * and as wall time. Goal: a frame under 8 ms, reported, not enforced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "lq-eq-curve-model.h"
#include "lq-eq-curve-plot.h"
#include "lq-gain-curve-model.h"
#include "lq-gain-curve-plot.h"

#define FRAMES 50
#define WIDTH 1600
#define HEIGHT 400

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double cpu_ms[FRAMES];

static double
cpu_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
report (const char *what, double *ms, guint n)
{
  qsort (ms, n, sizeof (double), cmp_double);
  qsort (cpu_ms, n, sizeof (double), cmp_double);
  printf ("%-36s CPU median %7.3f max %7.3f ms; wall median %7.3f max %7.3f ms (%u runs)\n",
          what, cpu_ms[n / 2], cpu_ms[n - 1], ms[n / 2], ms[n - 1], n);
}

static void
settings_all_on (LqChainSettings *s)
{
  static const LqEqType types[] = { LQ_EQ_HIGH_PASS, LQ_EQ_LOW_SHELF, LQ_EQ_BELL, LQ_EQ_BELL,
                                    LQ_EQ_BELL, LQ_EQ_BELL, LQ_EQ_HIGH_SHELF, LQ_EQ_LOW_PASS };

  lq_chain_settings_init (s);
  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    {
      LqEqBand band = { true, types[b], 30.0 * pow (2.0, b * 1.2), b % 2 ? 3.0 : -2.0, 0.9, 48,
                        LQ_EQ_STEREO };

      s->eq[b] = band;
      band.freq_hz *= 1.3;
      s->bus_eq[b] = band;
    }
  s->match_eq_enabled = true;
  s->match_n_bands = 31;
  for (guint b = 0; b < 31; b++)
    {
      s->match_centres[b] = 20.0 * pow (2.0, b / 3.0);
      s->match_mid_db[b] = 4.0 * sin (b * 0.6);
      s->match_side_db[b] = 2.0 * cos (b * 0.4);
    }
  s->match_strength = 1.0;
  s->match_cap_db = 6.0;
  s->compressor.enabled = true;
}

int
main (int argc, char **argv)
{
  LqChainSettings settings;
  LqEqCurveModel *model = NULL;
  LqGainCurveModel *gain = NULL;
  LqEqCurvePlotView view;
  LqPlotStyle style;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  double ms[FRAMES];

  settings_all_on (&settings);
  lq_plot_style_init_dark (&style);
  lq_eq_curve_plot_view_init (&view);
  view.selected = 2;

  for (guint i = 0; i < 20; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_now_ms ();

      g_clear_pointer (&model, lq_eq_curve_model_free);
      model = lq_eq_curve_model_new_from_settings (&settings, TRUE, 48000);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu_ms[i] = cpu_now_ms () - c0;
    }
  report ("EQ curve: model (match EQ designed)", ms, 20);

  for (guint i = 0; i < FRAMES; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_now_ms ();

      lq_eq_curve_plot_draw (cr, model, &style, WIDTH, HEIGHT, &view);
      cairo_surface_flush (surface);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu_ms[i] = cpu_now_ms () - c0;
    }
  report ("EQ curve: draw 1600x400", ms, FRAMES);

  for (guint i = 0; i < FRAMES; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_now_ms ();

      lq_eq_curve_model_move_handle (model, 2, 200.0 + 10.0 * i, 0.1 * i, 1.0);
      lq_eq_curve_plot_draw (cr, model, &style, WIDTH, HEIGHT, &view);
      cairo_surface_flush (surface);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu_ms[i] = cpu_now_ms () - c0;
    }
  report ("EQ curve: drag frame (move + draw)", ms, FRAMES);

  for (guint i = 0; i < FRAMES; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_now_ms ();

      g_clear_pointer (&gain, lq_gain_curve_model_free);
      gain = lq_gain_curve_model_new_from_settings (&settings, LQ_GAIN_CURVE_COMPRESSOR, -12.0);
      lq_gain_curve_plot_draw (cr, gain, &style, WIDTH, HEIGHT, NULL);
      cairo_surface_flush (surface);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu_ms[i] = cpu_now_ms () - c0;
    }
  report ("Compressor curve: model + draw", ms, FRAMES);

  if (argc > 1)
    cairo_surface_write_to_png (surface, argv[1]);
  lq_eq_curve_model_free (model);
  lq_gain_curve_model_free (gain);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}

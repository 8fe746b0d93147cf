/* bench-track-view.c: drawing the track view ("Track Waveform") at
 * 1600x400 to a cairo image surface, 50 frames each: a 2-hour single mix
 * and a 4-minute track, whole and zoomed to one minute / ten seconds.
 * Synthetic data the size the analysis cache holds (overview levels of
 * 256, 4096 and 65536 frames a peak with RMS, 100 ms loudness blocks, a
 * match with limiting, 200 clipped runs and overs). At sample zoom, a span
 * of samples as the track view reads from the file: 100 frames (16 pixels
 * a frame: lines and dots), 1554 frames (a frame a pixel: lines) and
 * 200,000 frames read at 128 frames a column (columns). Prints the median and
 * the largest milliseconds a frame, in the thread's CPU time (the cores
 * are shared: wall-clock time measures the neighbours), and the median
 * wall-clock time; the goal is under 8 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "lq-track-view-plot.h"

#define RATE 48000
#define FRAMES 50
#define WIDTH 1600
#define HEIGHT 400

static LqTrackViewModel *
synthetic (double length_s)
{
  LqTrackViewModel *m = lq_track_view_model_new ("Mix", 1, length_s, RATE, 2);
  guint fpp[3] = { 256, 4096, 65536 };
  guint n_blocks = (guint) (length_s * 10.0);
  g_autofree double *mom = g_new (double, n_blocks);
  g_autofree double *st = g_new (double, n_blocks);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (LqTrackViewRun));
  GRand *rand = g_rand_new_with_seed (12);

  for (guint l = 0; l < G_N_ELEMENTS (fpp); l++)
    {
      gsize n = (gsize) ceil (length_s * RATE / fpp[l]);
      gint8 *peaks = g_new (gint8, n * 4);
      float *rms = g_new (float, n * 2);

      for (gsize i = 0; i < n; i++)
        for (guint c = 0; c < 2; c++)
          {
            double env = 0.3 + 0.6 * fabs (sin ((double) i * fpp[l] / RATE / 37.0));
            double a = env * g_rand_double_range (rand, 0.7, 1.0);

            peaks[(i * 2 + c) * 2] = (gint8) -ceil (a * 127.0);
            peaks[(i * 2 + c) * 2 + 1] = (gint8) ceil (a * 127.0);
            rms[i * 2 + c] = (float) (a * 0.5);
          }
      {
        g_autoptr(GBytes) p = g_bytes_new_take (peaks, n * 4);
        g_autoptr(GBytes) r = g_bytes_new_take (rms, n * 2 * sizeof (float));

        lq_track_view_model_add_level (m, fpp[l], p, r);
      }
    }
  for (guint k = 0; k < n_blocks; k++)
    {
      double lufs = -16.0 + 6.0 * sin (k / 370.0) + g_rand_double_range (rand, -3.0, 3.0);

      mom[k] = pow (10.0, (lufs + 0.691) / 10.0);
      st[k] = pow (10.0, (-16.0 + 6.0 * sin (k / 370.0) + 0.691) / 10.0);
    }
  lq_track_view_model_set_energies (m, mom, n_blocks - 3, st, n_blocks - 29, 0.0);
  m->integrated_lufs = -16.0;
  m->true_peak_dbtp = 0.4;
  m->target_lufs = -14.0;
  lq_track_view_model_set_ceiling (m, -1.0);
  lq_track_view_model_set_match (m, 2.0, 3.4, -14.0);
  for (guint i = 0; i < 200; i++)
    {
      double t = length_s * (i + 0.5) / 200.0;
      LqTrackViewRun run = { t, t + 0.002, -0.5 + (i % 3) * -0.5, FALSE };

      g_array_append_val (runs, run);
    }
  lq_track_view_model_set_clipped_runs (m, (LqTrackViewRun *) (void *) runs->data, runs->len);
  lq_track_view_model_set_overs (m, (LqTrackViewRun *) (void *) runs->data, runs->len);
  g_rand_free (rand);
  return m;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* A span of a noisy sine from @start_frame, as lq_waveform_span_read()
 * gives it */
static LqWaveformSpan *
synthetic_span (gint64 start_frame,
                guint  n_frames,
                guint  frames_per_column)
{
  LqWaveformSpan *span = g_new0 (LqWaveformSpan, 1);
  GRand *rand = g_rand_new_with_seed (7);
  gsize cells;

  span->start_frame = start_frame;
  span->frames_per_column = frames_per_column;
  span->n_columns = (n_frames + frames_per_column - 1) / frames_per_column;
  span->channels = 2;
  span->sample_rate = RATE;
  cells = (gsize) span->n_columns * 2;
  span->min = g_new (float, cells);
  span->max = g_new (float, cells);
  span->rms = g_new (float, cells);
  for (gsize k = 0; k < cells; k++)
    {
      double x = 0.5 * sin ((double) (start_frame + k / 2 * frames_per_column) / 9.0);

      span->min[k] = (float) (frames_per_column == 1 ? x : x - g_rand_double_range (rand, 0.1, 0.4));
      span->max[k] = (float) (frames_per_column == 1 ? x : x + g_rand_double_range (rand, 0.1, 0.4));
      span->rms[k] = (float) fabs (x);
    }
  g_rand_free (rand);
  return span;
}

static void
run_span (const char             *name,
          const LqTrackViewModel *model,
          double                  start_s,
          double                  end_s,
          const LqWaveformSpan   *span)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  LqTrackViewPlotView view = { start_s, end_s, NAN, span };
  LqPlotStyle style;
  double ms[FRAMES], wall[FRAMES];
  gboolean usable;

  lq_plot_style_init_light (&style);
  for (guint i = 0; i < FRAMES; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();

      lq_track_view_plot_draw (cr, model, &style, WIDTH, HEIGHT, &view);
      cairo_surface_flush (surface);
      ms[i] = cpu_ms () - c0;
      wall[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cairo_destroy (cr);
    }
  qsort (ms, FRAMES, sizeof (double), compare);
  qsort (wall, FRAMES, sizeof (double), compare);
  usable = lq_track_view_model_span_usable (model, span, start_s, end_s, WIDTH - 46);
  printf ("%-30s CPU median %6.2f ms  max %6.2f ms  (wall median %6.2f ms; %u frames a column%s)\n",
          name, ms[FRAMES / 2], ms[FRAMES - 1], wall[FRAMES / 2],
          usable ? span->frames_per_column : lq_track_view_model_level_for (model, start_s, end_s, WIDTH - 46),
          usable ? ", read from the file" : ", cached");
  cairo_surface_destroy (surface);
}

static void
run (const char             *name,
     const LqTrackViewModel *model,
     double                  start_s,
     double                  end_s)
{
  run_span (name, model, start_s, end_s, NULL);
}

int
main (void)
{
  g_autoptr(LqTrackViewModel) mix = synthetic (2 * 3600.0);
  g_autoptr(LqTrackViewModel) track = synthetic (240.0);

  printf ("track view at %dx%d, %d frames each (goal: under 8 ms)\n", WIDTH, HEIGHT, FRAMES);
  run ("2-hour mix, whole", mix, 0.0, 2 * 3600.0);
  run ("2-hour mix, one minute", mix, 3000.0, 3060.0);
  run ("2-hour mix, ten seconds", mix, 3000.0, 3010.0);
  run ("4-minute track, whole", track, 0.0, 240.0);
  run ("4-minute track, ten seconds", track, 100.0, 110.0);
  {
    gint64 at = 100 * RATE;
    g_autoptr(LqWaveformSpan) dots = synthetic_span (at - 50, 200, 1);
    g_autoptr(LqWaveformSpan) lines = synthetic_span (at - 800, 3200, 1);
    g_autoptr(LqWaveformSpan) columns = synthetic_span (at - 100000, 400000, 128);

    run_span ("4-minute track, 100 frames", track, (double) at / RATE, (at + 100.0) / RATE, dots);
    run_span ("4-minute track, 1554 frames", track, (double) at / RATE, (at + 1554.0) / RATE, lines);
    run_span ("4-minute track, 200000 frames", track, (double) at / RATE, (at + 200000.0) / RATE, columns);
  }
  return 0;
}

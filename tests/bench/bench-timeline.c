/* bench-timeline.c: drawing the album timeline (issue 12: under 8 ms a frame).
 *
 * A 99-track, 80-minute album and a 2-hour single mix, with synthetic
 * short-term energies (every 100 ms, as the analysis keeps them), fades
 * and gaps. Each view is drawn at 1600x400 to a cairo image surface 50
 * times (the whole album, and zoomed in to 30 s and to 400 sample
 * frames); prints the median and the largest CPU time per frame. Also the
 * model's build (what a drag rebuilds for each pointer motion). Figures
 * only: no goal is enforced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lq-loudness-meter.h"
#include "lq-plot-style.h"
#include "lq-timeline-model.h"
#include "lq-timeline-plot.h"

#define WIDTH 1600
#define HEIGHT 400
#define RUNS 50
#define RATE 44100

/* This thread's CPU time in ms: what a frame costs one core, whatever else
 * the machine runs meanwhile (wall time on a shared machine mostly measures
 * the others). */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static LqTimelineModel *
make_model (guint n_tracks, double total_s)
{
  g_autofree LqTimelineInput *inputs = g_new0 (LqTimelineInput, n_tracks);
  double seconds = total_s / n_tracks - 2.0;   /* a 2 s gap each */
  LqTimelineModel *model;

  for (guint i = 0; i < n_tracks; i++)
    {
      guint hops = (guint) ((seconds - 3) / LQ_TIMELINE_HOP_S) + 1;
      GArray *energies = g_array_sized_new (FALSE, FALSE, sizeof (double), hops);

      for (guint k = 0; k < hops; k++)
        {
          /* -14 LUFS, swelling by 8 LU over a minute */
          double lufs = -18 + 8 * sin (2 * G_PI * k / 600.0 + i);
          double e = lq_loudness_to_energy (lufs);

          g_array_append_val (energies, e);
        }
      inputs[i].number = i + 1;
      inputs[i].name = g_strdup_printf ("Track number %u", i + 1);
      inputs[i].rate = RATE;
      inputs[i].frames = (gint64) (seconds * RATE);
      inputs[i].gap_s = 2.0;
      inputs[i].fade_in_s = 0.5;
      inputs[i].fade_out_s = 3.0;
      inputs[i].fade_in_shape = LQ_FADE_SCURVE;
      inputs[i].fade_out_shape = LQ_FADE_LOG;
      inputs[i].short_term = energies;
    }
  model = lq_timeline_model_new_from_inputs (inputs, n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    {
      g_free (inputs[i].name);
      g_array_unref (inputs[i].short_term);
    }
  return model;
}

static void
report (const char *what, double *ms, guint n)
{
  qsort (ms, n, sizeof *ms, compare);
  printf ("%-44s median %7.3f ms  max %7.3f ms\n", what, ms[n / 2], ms[n - 1]);
}

static void
bench_draw (const char *what, const LqTimelineModel *model, double start, double end, const LqPlotStyle *style)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  LqTimelinePlotView view = { start, end, 2 };
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      cairo_t *cr = cairo_create (surface);
      double t0 = cpu_ms ();

      lq_timeline_plot_draw (cr, model, style, WIDTH, HEIGHT, &view);
      cairo_surface_flush (surface);
      ms[r] = cpu_ms () - t0;
      cairo_destroy (cr);
    }
  /* $LQ_BENCH_PNG_DIR: the last frame as a PNG, to look at */
  if (g_getenv ("LQ_BENCH_PNG_DIR") != NULL)
    {
      g_autofree char *name = g_strdelimit (g_strdup_printf ("timeline %s.png", what), " /,", '-');
      g_autofree char *path = g_build_filename (g_getenv ("LQ_BENCH_PNG_DIR"), name, NULL);

      cairo_surface_write_to_png (surface, path);
    }
  cairo_surface_destroy (surface);
  report (what, ms, RUNS);
}

static void
bench_edit (const char *what, const LqTimelineModel *model)
{
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      double t0 = cpu_ms ();
      LqTimelineModel *edited = lq_timeline_model_new_edited (model, 1, LQ_TIMELINE_PART_FADE_OUT, 0.1 * r);

      ms[r] = cpu_ms () - t0;
      lq_timeline_model_free (edited);
    }
  report (what, ms, RUNS);
}

int
main (int argc, char **argv)
{
  g_autoptr(LqTimelineModel) album = make_model (99, 80 * 60);
  g_autoptr(LqTimelineModel) mix = make_model (1, 2 * 3600);
  LqPlotStyle style;
  double frames = 400.0 / RATE;

  lq_plot_style_init_dark (&style);
  printf ("album timeline at %dx%d, %d frames each, CPU time of this thread\n", WIDTH, HEIGHT, RUNS);
  bench_draw ("99 tracks / 80 min, whole album", album, 0, lq_timeline_model_get_length (album), &style);
  bench_draw ("99 tracks / 80 min, 30 s in view", album, 600, 630, &style);
  bench_draw ("99 tracks / 80 min, 400 frames in view", album, 601.3, 601.3 + frames, &style);
  bench_draw ("2-hour mix, whole", mix, 0, lq_timeline_model_get_length (mix), &style);
  bench_draw ("2-hour mix, 30 s in view", mix, 3600, 3630, &style);
  bench_edit ("99 tracks: the model a drag rebuilds", album);
  bench_edit ("2-hour mix: the model a drag rebuilds", mix);
  return 0;
}

/* bench-views.c: how fast the workspace's views draw, and a big album opens.
 *
 * Two projects: a 99-track album of 80 minutes (99 generated 2 s WAVs,
 * analysed, so opening reads a full cache; then each track's analysis is
 * replaced in memory by a synthetic one of 48.5 s: the block energies of
 * a loudness that wanders, so the views draw 80 minutes) and a 2-hour
 * single mix (one generated WAV, its analysis replaced by a synthetic
 * 2-hour one). Prints the time lq_project_open takes for the 99 tracks
 * (goal < 100 ms), then, for each registered view and each project, the
 * median and max ms per frame of 50 frames at 1600x400: the widget asked
 * to redraw (gtk_widget_queue_draw), snapshot through its parent
 * (gtk_widget_snapshot_child) and the render node drawn onto a cairo image
 * surface (what the cairo renderer does). Goal < 8 ms a frame. Reported,
 * not enforced: exit 0. Needs a display (meson runs it under
 * build-aux/with-gui-session.sh).
 *
 * A view is registered by one line in `views` below: its name and a
 * function that makes the widget showing a project (and its track). The
 * tonal balance view is not here: the synthetic analyses have no spectra,
 * so it would draw only its message; bench-tonal-dynamics draws its plot
 * from synthetic spectra.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include <adwaita.h>

#include "lq-album-timeline.h"
#include "lq-dynamics-view.h"
#include "lq-eq-curve.h"
#include "lq-listeners-view.h"
#include "lq-loudness-chart.h"
#include "lq-playhead-waveform.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-track-view.h"
#include "lq-track-private.h"

#define N_TRACKS 99
#define ALBUM_S (80.0 * 60.0)
#define MIX_S (2.0 * 3600.0)
#define N_OPENS 5
#define N_FRAMES 50
#define WIDTH 1600
#define HEIGHT 400

/* Makes the view showing @project, its track @position (1-based) selected */
typedef GtkWidget *(*BenchViewMake) (LqProject *project,
                                     guint      position);

static GtkWidget *
make_loudness_chart (LqProject *project,
                     guint      position)
{
  GtkWidget *chart = g_object_new (LQ_TYPE_LOUDNESS_CHART, NULL);

  lq_loudness_chart_set_project (LQ_LOUDNESS_CHART (chart), project);
  lq_loudness_chart_set_selected (LQ_LOUDNESS_CHART (chart), position - 1);
  return chart;
}

/* The overview of the track's length as the analyser keeps it (int8 min
 * and max per channel every 256 frames at 44.1 kHz): synthetic, since the
 * synthetic analyses have none */
static GtkWidget *
make_playhead_waveform (LqProject *project,
                        guint      position)
{
  GtkWidget *waveform = lq_playhead_waveform_new ();
  LqTrackAnalysis *analysis = lq_track_get_analysis (lq_project_get_track (project, position));
  double length = lq_track_analysis_get_measures (analysis)->duration_s;
  gsize n_peaks = (gsize) (length * 44100.0 / 256.0);
  gint8 *peaks = g_malloc (n_peaks * 4);

  for (gsize i = 0; i < n_peaks; i++)
    {
      double a = 60.0 + 60.0 * fabs (sin (i * 1e-4)) * (0.5 + 0.5 * sin (i * 0.37));

      peaks[4 * i] = (gint8) -a;
      peaks[4 * i + 1] = (gint8) a;
      peaks[4 * i + 2] = (gint8) (-a * 0.9);
      peaks[4 * i + 3] = (gint8) (a * 0.9);
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (peaks, n_peaks * 4);

    lq_playhead_waveform_set_peaks (LQ_PLAYHEAD_WAVEFORM (waveform), bytes, 2, 256.0 / 44100.0);
  }
  lq_playhead_waveform_set_length (LQ_PLAYHEAD_WAVEFORM (waveform), length);
  lq_playhead_waveform_set_position (LQ_PLAYHEAD_WAVEFORM (waveform), length / 3.0);
  return waveform;
}

static GtkWidget *
make_album_timeline (LqProject *project,
                     guint      position)
{
  GtkWidget *timeline = lq_album_timeline_new ();

  lq_album_timeline_set_project (LQ_ALBUM_TIMELINE (timeline), project);
  return timeline;
}

static GtkWidget *
make_track_view (LqProject *project,
                 guint      position)
{
  GtkWidget *view = lq_track_view_new ();

  lq_track_view_set_project (LQ_TRACK_VIEW (view), project);
  lq_track_view_set_track (LQ_TRACK_VIEW (view), position);
  return view;
}

static GtkWidget *
make_dynamics_view (LqProject *project,
                    guint      position)
{
  GtkWidget *view = lq_dynamics_view_new ();

  lq_dynamics_view_set_project (LQ_DYNAMICS_VIEW (view), project);
  lq_dynamics_view_set_track (LQ_DYNAMICS_VIEW (view), position);
  return view;
}

static GtkWidget *
make_eq_curve (LqProject *project,
               guint      position)
{
  GtkWidget *curve = lq_eq_curve_new ();

  lq_eq_curve_set_project (LQ_EQ_CURVE (curve), project);
  lq_eq_curve_set_track (LQ_EQ_CURVE (curve), lq_project_get_track (project, position));
  return curve;
}

static GtkWidget *
make_listeners_view (LqProject *project,
                     guint      position)
{
  GtkWidget *view = lq_listeners_view_new ();

  lq_listeners_view_set_project (LQ_LISTENERS_VIEW (view), project);
  return view;
}

/* The views: one line each */
static const struct
{
  const char *name;
  BenchViewMake make;
} views[] = {
  { "loudness-chart", make_loudness_chart },
  { "playhead-waveform", make_playhead_waveform },
  { "album-timeline", make_album_timeline },
  { "track-view", make_track_view },
  { "dynamics-view", make_dynamics_view },
  { "eq-curve", make_eq_curve },
  { "listeners-view", make_listeners_view },
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  g_autofree double *s = g_memdup2 (v, n * sizeof (double));

  qsort (s, n, sizeof (double), compare_doubles);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A synthetic analysis of @seconds: a loudness that wanders around
 * @lufs by a few LU, energies per 100 ms as the analyser keeps them */
static LqTrackAnalysis *
synthetic_analysis (const char *path,
                    const char *title,
                    double      seconds,
                    double      lufs)
{
  guint n = (guint) (seconds * 10.0);
  GArray *momentary = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  GArray *short_term = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  LqTrackMeasures m = { 0 };

  for (guint i = 0; i < n; i++)
    {
      double l = lufs + 4.0 * sin (i * 0.013) + 2.0 * sin (i * 0.11);
      double e = pow (10.0, (l + 0.691) / 10.0);
      double s = pow (10.0, (l - 1.0 + 0.691) / 10.0);

      g_array_append_val (momentary, e);
      g_array_append_val (short_term, s);
    }
  m.duration_s = seconds;
  m.sample_rate = 44100;
  m.channels = 2;
  m.integrated_lufs = lufs;
  m.lra_lu = 8.0;
  m.max_momentary_lufs = lufs + 6.0;
  m.max_short_term_lufs = lufs + 5.0;
  m.sample_peak_dbfs = MIN (lufs + 14.0, -0.1);
  m.true_peak_dbtp = MIN (lufs + 14.3, 0.4);
  m.plr_db = m.true_peak_dbtp - lufs;
  m.dc_offset_db[0] = m.dc_offset_db[1] = NAN;
  m.correlation = 0.6;
  return lq_track_analysis_new (path, title, "WAV 16-bit", &m, momentary, short_term);
}

static void
make_wavs (const char *dir,
           guint       n,
           GPtrArray  *wavs)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);
      g_autofree char *title = g_strdup_printf ("Track %u", i + 1);
      double level = -30.0 + (i % 25);
      char *wav = g_build_filename (dir, name, NULL);

      lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 2 * 44100, lq_test_sine_1k, &level, title);
      g_ptr_array_add (wavs, wav);
    }
  g_ptr_array_add (wavs, NULL);
}

static LqProject *
make_project (const char *path,
              GPtrArray  *wavs)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (path, &error);

  g_assert_no_error (error);
  if (!lq_project_add_files (p, (const char *const *) wavs->pdata, 0, NULL, &error)
      || !lq_project_analyze (p, g_get_num_processors (), NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  return p;
}

/* Each track's analysis replaced: @seconds in all, shared out */
static void
make_long (LqProject *p,
           double     seconds)
{
  guint n = lq_project_get_n_tracks (p);

  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (p, i);
      LqTrackAnalysis *old = lq_track_get_analysis (track);
      g_autoptr(LqTrackAnalysis) analysis =
        synthetic_analysis (lq_track_analysis_get_path (old), lq_track_analysis_get_title (old),
                            seconds / n, -20.0 + (i % 9) - 4.0);

      _lq_track_set_analysis (track, analysis);
    }
}

static void
bench_view (guint       v,
            const char *what,
            LqProject  *project)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = views[v].make (project, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double ms[N_FRAMES], first = 0;

  gtk_widget_set_size_request (view, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && gtk_widget_get_width (view) < WIDTH / 2; i++)
    {
      iterate ();
      g_usleep (5000);
    }

  for (guint f = 0; f <= N_FRAMES; f++)
    {
      gint64 start = g_get_monotonic_time ();
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      cairo_t *cr = cairo_create (surface);

      gtk_widget_queue_draw (view);
      gtk_widget_snapshot_child (window, view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        gsk_render_node_draw (node, cr);
      cairo_surface_flush (surface);
      cairo_destroy (cr);
      if (f == 0)
        first = (g_get_monotonic_time () - start) / 1000.0;
      else
        ms[f - 1] = (g_get_monotonic_time () - start) / 1000.0;
    }

  {
    double max = 0;

    for (guint f = 0; f < N_FRAMES; f++)
      max = MAX (max, ms[f]);
    printf ("%-20s %-26s %4dx%-4d  first %7.2f ms  median %7.2f ms  max %7.2f ms  %s\n",
            views[v].name, what, gtk_widget_get_width (view), gtk_widget_get_height (view), first,
            median (ms, N_FRAMES), max, median (ms, N_FRAMES) < 8.0 ? "met" : "MISSED");
  }
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *album_path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *mix_dir = g_build_filename (dir, "mix", NULL);
  g_autofree char *mix_path = g_build_filename (mix_dir, "mix.lacquer", NULL);
  g_autoptr(GPtrArray) wavs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mix_wavs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) album = NULL;
  g_autoptr(LqProject) mix = NULL;
  double open_ms[N_OPENS];

  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  printf ("bench-views: each view at %dx%d, %d frames (redraw, snapshot, render to a cairo image)\n",
          WIDTH, HEIGHT, N_FRAMES);

  make_wavs (dir, N_TRACKS, wavs);
  g_object_unref (make_project (album_path, wavs));
  g_mkdir (mix_dir, 0700);
  make_wavs (mix_dir, 1, mix_wavs);
  mix = make_project (mix_path, mix_wavs);

  for (guint run = 0; run < N_OPENS; run++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_object (&album);
      album = lq_project_open (album_path, FALSE, &error);
      open_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (lq_project_get_n_tracks (album), ==, N_TRACKS);
    }
  printf ("open a %d-track project: median %.1f ms of %d (goal < 100 ms: %s)\n", N_TRACKS,
          median (open_ms, N_OPENS), N_OPENS, median (open_ms, N_OPENS) < 100.0 ? "met" : "MISSED");

  make_long (album, ALBUM_S);
  make_long (mix, MIX_S);

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      bench_view (v, "99 tracks, 80 min", album);
      bench_view (v, "1 track, 2 h", mix);
    }

  g_clear_object (&album);
  g_clear_object (&mix);
  for (guint i = 0; i + 1 < wavs->len; i++)
    g_unlink (g_ptr_array_index (wavs, i));
  g_unlink (g_ptr_array_index (mix_wavs, 0));
  lq_test_rmdir (dir);
  return 0;
}

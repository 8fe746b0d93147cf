/* test-track-view.c: the track view ("Track Waveform") showing a project's
 * track: its accessible name and description, the tooltip's read-out at a
 * known x, a click seeks to the time under it (within a pixel), the zoom
 * keys change the span, and screenshots light and dark.
 *
 * Sample zoom: + pressed until single frames are 16 pixels apart; the
 * widget reads the samples from the source (waiting for its resolution to
 * become one frame a column), says so in its description, reads out the
 * sample under the pointer (the sine's value, computed here), and draws
 * them (screenshots light and dark). With its source gone, the same zoom
 * stays at the cached resolution and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "lq-test-ui.h"
#include "lq-track-view-plot.h"
#include "lq-track-view.h"

typedef struct
{
  guint n_seeks;
  double seek;
} Seeks;

static void
seek_cb (LqTrackView *view,
         double       seconds,
         Seeks       *seeks)
{
  seeks->n_seeks++;
  seeks->seek = seconds;
}

static gboolean
has_seek (gpointer data)
{
  return ((Seeks *) data)->n_seeks > 0;
}

typedef struct
{
  LqTrackView *view;
  double span;
} SpanWait;

static gboolean
span_is (gpointer data)
{
  SpanWait *w = data;
  double start, end;

  lq_track_view_get_span (w->view, &start, &end);
  return fabs ((end - start) - w->span) < 1e-6;
}

static void
x11_point (GtkWidget *widget,
           double     x,
           double     y,
           int       *wx,
           int       *wy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &sx, &sy);
  *wx = (int) lround (p.x + sx);
  *wy = (int) lround (p.y + sy);
}

/* A project of the two sines, measured and matched to -14 LUFS */
static LqProject *
matched_project (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "track-view.lacquer", NULL);
  g_autoptr(LqMatchPlan) plan = NULL;
  LqProject *project = lq_project_create (path, &error);
  LqMatchSettings settings;

  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) sine_paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lq_match_settings_init (&settings);
  settings.target = "-14";
  settings.mode = LQ_MATCH_MODE_TRACK;
  plan = lq_project_plan_match (project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (project, plan, NULL, NULL, &error));
  g_assert_no_error (error);
  return project;
}

static void
test_track_view (void)
{
  g_autoptr(LqProject) project = matched_project (tmp_dir);
  g_autoptr(LqTrackViewModel) model = lq_track_view_model_new_from_project (project, 2);
  g_autofree char *description = lq_track_view_model_dup_description (model);
  g_autofree char *args = NULL, *readout = NULL, *expected = NULL;
  LqTrackView *view = LQ_TRACK_VIEW (lq_track_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  Seeks seeks = { 0 };
  LqTrackViewPlotView plot_view = { 0.0, 5.0, NAN };
  LqTrackViewPlotLayout l;
  LqTrackViewReadout r;
  SpanWait span_wait = { view, 0.0 };
  double start, end, x, pixel;
  int width, height, wx, wy;

  g_object_ref_sink (view);
  gtk_window_set_default_size (window, 900, 320);
  gtk_window_set_child (window, GTK_WIDGET (view));
  lq_track_view_set_project (view, project);
  lq_track_view_set_track (view, 2);
  lq_track_view_set_position (view, 1.25);
  g_signal_connect (view, "seek", G_CALLBACK (seek_cb), &seeks);
  gtk_window_present (window);
  wait_until (is_drawn, window, "the window to show");
  wait_paint (GTK_WIDGET (view));

  /* The track whole; the figures of the model the project gives */
  lq_track_view_get_span (view, &start, &end);
  g_assert_cmpfloat (start, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (end, 5.0, 1e-6);
  g_assert_true (lq_track_view_get_model (view)->matched);
  assert_accessible (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Track Waveform");
  assert_accessible (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_assert_cmpstr (lq_track_view_get_description (view), ==, description);
  g_assert_true (g_str_has_prefix (description, "Track 2 “Quiet Sine”: integrated "));
  g_assert_nonnull (strstr (description, "(target -14.0)"));
  g_assert_nonnull (strstr (description, "after the match -14.0 LUFS (predicted)"));

  /* The read-out at 3.56 s: the block that ends at 3.5 s, the sine's peak */
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  lq_track_view_plot_layout (model, &plot_view, width, height, &l);
  pixel = 5.0 / (l.x1 - l.x0);
  x = l.x0 + (3.56 / 5.0) * (l.x1 - l.x0);
  readout = lq_track_view_dup_readout (view, x);
  g_assert_true (lq_track_view_plot_readout (model, &plot_view, width, height, x, &r));
  g_assert_cmpfloat_with_epsilon (r.short_term, model->short_term[34], 1e-6);
  g_assert_cmpfloat_with_epsilon (r.short_term_after, model->short_term[34] + model->match_gain_db, 1e-4);
  /* -30 dBFS as 8 bits rounded outwards */
  g_assert_cmpfloat_with_epsilon (r.peak_dbfs, 20.0 * log10 (ceil (pow (10.0, -30.0 / 20.0) * 127.0) / 127.0),
                                  0.01);
  expected = g_strdup_printf ("0:03.6 · short-term %.1f LUFS · momentary %.1f LUFS · peak %.1f dBFS "
                              "(after: %.1f LUFS)",
                              model->short_term[34], model->momentary[34], r.peak_dbfs,
                              model->short_term_after[34]);
  g_assert_cmpstr (readout, ==, expected);

  /* A click at a quarter seeks there */
  x11_point (GTK_WIDGET (view), l.x0 + (l.x1 - l.x0) / 4.0, l.wave_y0 + 20, &wx, &wy);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), wx, wy);
  lq_test_xdotool (GTK_WIDGET (view), args);
  wait_until (has_seek, &seeks, "a seek");
  g_assert_cmpfloat_with_epsilon (seeks.seek, 5.0 / 4.0, pixel);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  /* + zooms in by 1.5, - out again, 0 fits */
  lq_test_xdotool (GTK_WIDGET (view), "key plus");
  span_wait.span = 5.0 / 1.5;
  wait_until (span_is, &span_wait, "+ to zoom in");
  lq_track_view_get_span (view, &start, &end);
  /* Around the playhead: it stays where it was */
  g_assert_cmpfloat_with_epsilon ((1.25 - start) / (end - start), 1.25 / 5.0, 1e-6);
  lq_test_xdotool (GTK_WIDGET (view), "key plus key plus");
  span_wait.span = 5.0 / 1.5 / 1.5 / 1.5;
  wait_until (span_is, &span_wait, "+ + to zoom in");
  save_screenshot (GTK_WIDGET (window), "test-track-view-zoomed.png");
  lq_test_xdotool (GTK_WIDGET (view), "key minus");
  span_wait.span = 5.0 / 1.5 / 1.5;
  wait_until (span_is, &span_wait, "- to zoom out");
  lq_test_xdotool (GTK_WIDGET (view), "key 0");
  span_wait.span = 5.0;
  wait_until (span_is, &span_wait, "0 to fit");

  save_screenshot (GTK_WIDGET (window), "test-track-view-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (GTK_WIDGET (view));
  save_screenshot (GTK_WIDGET (window), "test-track-view-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The project's edits reach the view: the track's gain moves its figures */
  {
    g_autoptr(GError) error = NULL;
    const char *assignments[] = { "gain=-3", NULL };
    double before = lq_track_view_get_model (view)->integrated_lufs;

    g_assert_true (lq_project_set_track (project, 2, assignments, &error));
    g_assert_no_error (error);
    lq_track_view_refresh (view);
    g_assert_cmpfloat_with_epsilon (lq_track_view_get_model (view)->integrated_lufs, before - 3.0, 1e-6);
  }

  gtk_window_destroy (window);
  g_object_unref (view);
}

typedef struct
{
  LqTrackView *view;
  guint resolution;
  const char *text;   /* in the description */
} ResolutionWait;

static gboolean
resolution_is (gpointer data)
{
  ResolutionWait *w = data;

  return lq_track_view_get_resolution (w->view) == w->resolution
         && (w->text == NULL || strstr (lq_track_view_get_description (w->view), w->text) != NULL);
}

typedef struct
{
  LqTrackView *view;
  double start;
} StartWait;

static gboolean
start_is (gpointer data)
{
  StartWait *w = data;
  double start;

  lq_track_view_get_span (w->view, &start, NULL);
  return fabs (start - w->start) < 1e-9;
}

static LqProject *
analysed_project (const char *dir,
                  const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "sample-zoom.lacquer", NULL);
  const char *paths[2] = { source, NULL };
  LqProject *project = lq_project_create (path, &error);

  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return project;
}

/* + until the narrowest span: 16 pixels a frame */
static void
zoom_to_samples (LqTrackView *view,
                 double       width)
{
  SpanWait span_wait = { view, (width - 46.0) / (16.0 * 48000) };
  GString *keys = g_string_new ("key");

  for (guint i = 0; i < 24; i++)
    g_string_append (keys, " plus");
  lq_test_xdotool (GTK_WIDGET (view), keys->str);
  g_string_free (keys, TRUE);
  wait_until (span_is, &span_wait, "+ to zoom to sample frames");
}

static void
test_sample_zoom (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "sample-zoom", NULL);
  g_autofree char *source = g_build_filename (dir, "zoom-sine.wav", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autofree char *readout = NULL, *expected = NULL, *left = NULL, *note = NULL;
  LqTrackView *view = LQ_TRACK_VIEW (lq_track_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  ResolutionWait wait = { view, 1, "Waveform read from the file at 1 frame a column" };
  LqTrackViewPlotView plot_view = { 0.0, 1.0, NAN, NULL };
  LqTrackViewPlotLayout l;
  const LqTrackViewModel *model;
  double start, end, x, amplitude = pow (10.0, -6.0 / 20.0), value;
  gint64 frame;
  int width, height;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_sine (source, "Zoom Sine", -6.0);
  project = analysed_project (dir, source);

  g_object_ref_sink (view);
  gtk_window_set_default_size (window, 900, 320);
  gtk_window_set_child (window, GTK_WIDGET (view));
  lq_track_view_set_project (view, project);
  lq_track_view_set_track (view, 1);
  lq_track_view_set_position (view, 1.25);
  gtk_window_present (window);
  wait_until (is_drawn, window, "the window to show");
  wait_paint (GTK_WIDGET (view));
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  model = lq_track_view_get_model (view);
  /* Whole, at a cached level */
  g_assert_cmpuint (lq_track_view_get_resolution (view), >=, 256);
  g_assert_null (strstr (lq_track_view_get_description (view), "Waveform"));

  /* Zoomed to 16 pixels a frame around the playhead; the samples arrive */
  zoom_to_samples (view, width);
  lq_track_view_get_span (view, &start, &end);
  g_assert_cmpfloat (start, <=, 1.25);
  g_assert_cmpfloat (end, >=, 1.25);
  wait_until (resolution_is, &wait, "the samples to be read from the file");

  /* The read-out at frame 60003 (3 frames after the playhead): the sine
   * there, both channels */
  frame = 60003;
  plot_view.start_s = start;
  plot_view.end_s = end;
  lq_track_view_plot_layout (model, &plot_view, width, height, &l);
  x = l.x0 + ((double) frame / 48000 - start) / (end - start) * (l.x1 - l.x0) + 2.0;
  value = amplitude * sin (2.0 * G_PI * 1000.0 * frame / 48000);
  readout = lq_track_view_dup_readout (view, x);
  left = g_strdup_printf ("%.4f", value);
  expected = g_strdup_printf (" · frame %" G_GINT64_FORMAT ": L %s, R %s · ", frame, left, left);
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, expected));
  g_assert_true (g_str_has_prefix (readout, "0:01.2501 · "));

  /* Panned on by 80 % of the span, past the margin read: the cached level
   * until the samples there arrive, then the read-out of a frame there */
  {
    StartWait panned = { view, start + 0.8 * (end - start) };
    gint64 there = frame + 43;
    double x_there = l.x0 + ((double) there / 48000 - panned.start) / (end - start) * (l.x1 - l.x0) + 2.0;
    g_autofree char *readout_there = NULL, *left_there = NULL, *expected_there = NULL;

    lq_test_xdotool (GTK_WIDGET (view), "key Right Right Right Right Right Right Right Right");
    wait_until (start_is, &panned, "Right to pan");
    wait_until (resolution_is, &wait, "the samples panned to to be read");
    readout_there = lq_track_view_dup_readout (view, x_there);
    value = amplitude * sin (2.0 * G_PI * 1000.0 * there / 48000);
    left_there = g_strdup_printf ("%.4f", value);
    expected_there = g_strdup_printf (" · frame %" G_GINT64_FORMAT ": L %s, R %s · ",
                                      there, left_there, left_there);
    g_assert_nonnull (strstr (readout_there, expected_there));

    lq_test_xdotool (GTK_WIDGET (view), "key Left Left Left Left Left Left Left Left");
    panned.start = start;
    wait_until (start_is, &panned, "Left to pan back");
    wait_until (resolution_is, &wait, "the samples panned back to be read");
  }

  save_screenshot (GTK_WIDGET (window), "test-track-view-samples-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (GTK_WIDGET (view));
  save_screenshot (GTK_WIDGET (window), "test-track-view-samples-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Zoomed out to fit: the cached level again, no note */
  lq_test_xdotool (GTK_WIDGET (view), "key 0");
  wait.resolution = lq_track_view_model_level_for (model, 0.0, model->length_s, l.x1 - l.x0);
  wait.text = NULL;
  wait_until (resolution_is, &wait, "0 to fit");
  g_assert_null (strstr (lq_track_view_get_description (view), "Waveform"));

  /* The source gone: the same zoom stays at the cached level, and says so
   * with the file and the reason, in the description and the tooltip */
  g_assert_cmpint (g_unlink (source), ==, 0);
  lq_track_view_set_track (view, 1);
  zoom_to_samples (view, width);
  note = g_strdup_printf ("Waveform at the cached resolution: cannot read “%s”: ", source);
  wait.resolution = lq_track_view_model_get_level (lq_track_view_get_model (view), 0);
  wait.text = note;
  wait_until (resolution_is, &wait, "the note that the source cannot be read");
  g_clear_pointer (&readout, g_free);
  readout = lq_track_view_dup_readout (view, x);
  g_assert_nonnull (strstr (readout, note));
  g_assert_null (strstr (readout, " · frame "));
  save_screenshot (GTK_WIDGET (window), "test-track-view-samples-missing.png");

  gtk_window_destroy (window);
  g_object_unref (view);
  g_clear_object (&project);
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible properties are kept, to be read back */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/track-view/track-view", test_track_view);
  g_test_add_func ("/ui/track-view/sample-zoom", test_sample_zoom);

  return lq_test_ui_run ();
}

/* test-dynamics-view.c: LqDynamicsView, the Dynamics view, on an album of
 * three steady sines (the same PLR each) and a track of quiet noise with
 * clicks (a PLR much higher): its accessible name and description (the noise an outlier), the
 * tooltip's read-out per column, a click and the arrow keys choosing a
 * track, following the project through an undo, and screenshots in light
 * and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lq-dynamics-view.h"
#include "lq-test-audio.h"
#include "lq-test-ui.h"

static void
write_noise (const char *path)
{
  enum { RATE = 48000, SECONDS = 5 };
  SF_INFO info = { .samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
  SNDFILE *file = sf_open (path, SFM_WRITE, &info);
  g_autofree float *frames = g_new (float, RATE * SECONDS * 2);

  g_assert_nonnull (file);
  /* Quiet noise with a click every second: a high peak for its loudness. */
  for (guint i = 0; i < RATE * SECONDS * 2; i++)
    frames[i] = (i / 2) % RATE == RATE / 2 ? 0.9f : (float) (0.05 * lq_test_noise (i / 2, i % 2));
  g_assert_cmpint (sf_writef_float (file, frames, RATE * SECONDS), ==, RATE * SECONDS);
  sf_close (file);
}

static LqProject *
make_album (void)
{
  static const double levels[] = { -12.0, -20.0, -6.0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "dynamics.lacquer", NULL);
  char *files[5] = { NULL };
  g_autoptr(LqProject) project = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("sine-%u.wav", i);

      files[i] = g_build_filename (tmp_dir, name, NULL);
      write_sine (files[i], NULL, levels[i]);
    }
  files[3] = g_build_filename (tmp_dir, "noise.wav", NULL);
  write_noise (files[3]);
  remove_tree (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) files, 0, NULL, &error));
  g_assert_true (lq_project_analyze (project, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_free (files[i]);
  return g_steal_pointer (&project);
}

static void
track_activated_cb (LqDynamicsView *view,
                    guint           position,
                    guint          *last)
{
  *last = position;
}

static gboolean
is_position (gpointer data)
{
  return *(guint *) ((gpointer *) data)[0] == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
wait_position (guint *last,
               guint  position)
{
  gpointer data[2] = { last, GUINT_TO_POINTER (position) };

  wait_until (is_position, data, "track-activated");
}

static gboolean
has_three_tracks (gpointer data)
{
  const LqDynamicsModel *m = lq_dynamics_view_get_model (data);

  return m != NULL && m->n_tracks == 3;
}

/* Where (@x, @y) of @widget is in its X window. */
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

static void
test_dynamics_view (void)
{
  g_autoptr(LqProject) project = make_album ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = lq_dynamics_view_new ();
  const LqDynamicsModel *model;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *args = NULL;
  guint last = 0;
  double x0, column;
  LqPlotAxis la, da;
  int wx, wy;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 360);
  gtk_window_set_child (GTK_WINDOW (window), view);
  lq_dynamics_view_set_project (LQ_DYNAMICS_VIEW (view), project);
  g_signal_connect (view, "track-activated", G_CALLBACK (track_activated_cb), &last);
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (view);

  model = lq_dynamics_view_get_model (LQ_DYNAMICS_VIEW (view));
  g_assert_cmpuint (model->n_tracks, ==, 4);
  /* The figures are the analyses'. */
  for (guint p = 1; p <= 4; p++)
    {
      const LqTrackMeasures *m = lq_track_analysis_get_measures (lq_track_get_analysis (lq_project_get_track (project, p)));

      g_assert_cmpfloat (model->tracks[p - 1].plr_db, ==, m->plr_db);
      g_assert_cmpfloat (model->tracks[p - 1].lra_lu, ==, m->lra_lu);
      g_assert_cmpint (model->tracks[p - 1].plr_outlier, ==, p == 4);
    }
  g_assert_cmpfloat (model->tracks[3].plr_db, >, model->plr_median + 5.0);

  label = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_assert_cmpstr (label, ==, "Dynamics");
  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "4 tracks measured"));
  expected = g_strdup_printf ("outliers: track 4 (PLR %.1f dB)", model->tracks[3].plr_db);
  g_assert_nonnull (strstr (description, expected));

  /* The tooltip's read-out of the fourth column. */
  lq_dynamics_plot_get_layout (model, gtk_widget_get_width (view), gtk_widget_get_height (view), &x0, &column,
                               &la, &da);
  readout = lq_dynamics_view_dup_readout_at (LQ_DYNAMICS_VIEW (view), x0 + 3.5 * column, da.to_px);
  g_free (expected);
  expected = g_strdup_printf ("Track 4 “noise”: PLR %.1f dB, LRA %.1f LU", model->tracks[3].plr_db,
                              model->tracks[3].lra_lu);
  g_test_message ("%s", readout);
  g_assert_true (g_str_has_prefix (readout, expected));
  g_assert_true (g_str_has_suffix (readout, " (PLR outlier)"));
  save_screenshot (window, "dynamics-view-light.png");

  /* A click on the second column chooses track 2; Right then track 3, End track 4. */
  x11_point (view, x0 + 1.5 * column, (la.from_px + la.to_px) / 2, &wx, &wy);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), wx, wy);
  lq_test_xdotool (view, args);
  wait_position (&last, 2);
  g_assert_cmpuint (lq_dynamics_view_get_track (LQ_DYNAMICS_VIEW (view)), ==, 2);
  g_assert_true (gtk_widget_has_focus (view));
  lq_test_xdotool (view, "key Right");
  wait_position (&last, 3);
  lq_test_xdotool (view, "key End");
  wait_position (&last, 4);
  g_assert_cmpuint (lq_dynamics_view_get_track (LQ_DYNAMICS_VIEW (view)), ==, 4);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (view);
  save_screenshot (window, "dynamics-view-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Removing the noise is one edit; the view follows it, and its undo. */
  g_assert_true (lq_project_remove_track (project, 4, &error));
  g_assert_no_error (error);
  wait_until (has_three_tracks, view, "the view to follow the removal");
  g_clear_pointer (&description, g_free);
  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_assert_nonnull (strstr (description, "no outliers"));
  g_assert_cmpuint (lq_dynamics_view_get_track (LQ_DYNAMICS_VIEW (view)), ==, 0);
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  wait_paint (view);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (lq_dynamics_view_get_model (LQ_DYNAMICS_VIEW (view))->n_tracks, ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test backend keeps the accessible properties to read back */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/dynamics-view/album", test_dynamics_view);
  return lq_test_ui_run ();
}

/* test-eq-curve.c: the EQ curve and the dynamics curves (LqEqCurve,
 * LqGainCurve) in a window, driven by real pointer events (xdotool).
 *
 *  - accessible role, name and description (the model's), the tooltip's
 *    read-out;
 *  - dragging a handle moves its band's frequency and gain by the pixels'
 *    worth, in one edit: one undo restores both;
 *  - a burst of scrolling on a handle changes its Q by the steps scrolled,
 *    in one edit: one undo restores it;
 *  - the curves in the inspector; screenshots light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <math.h>

#include "lq-eq-curve.h"
#include "lq-eq-curve-plot.h"
#include "lq-gain-curve.h"
#include "lq-gain-curve-plot.h"
#include "lq-inspector.h"
#include "lq-test-ui.h"

static GtkWindow *
window_with (GtkWidget *child,
             int        width,
             int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  wait_until (is_drawn, window, "the window to show");
  return window;
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

static gulong
xid_of (GtkWidget *widget)
{
  return (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (gtk_widget_get_native (widget)));
}

static LqProject *
new_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  LqProject *project = lq_project_create (path, &error);
  const char *track[] = { "eq2-on=true", "eq2-type=bell", "eq2-freq=1000", "eq2-gain=3", "eq2-q=1",
                          "comp-on=true", "comp-threshold=-30", "comp-ratio=3", NULL };
  const char *album[] = { "bus-eq3-on=true", "bus-eq3-type=bell", "bus-eq3-freq=5000", "bus-eq3-gain=-2",
                          "bus-eq3-q=1.5", NULL };

  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) sine_paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_track (project, 1, track, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (project, album, &error));
  g_assert_no_error (error);
  return project;
}

static double
track_double (LqTrack *track, const char *key)
{
  const GValue *v = lq_track_get_value (track, lq_project_fields_lookup (FALSE, key));

  g_assert_nonnull (v);
  return g_value_get_double (v);
}

typedef struct
{
  LqTrack *track;
  const char *key;
  double from;
} FieldWait;

static gboolean
field_changed (gpointer data)
{
  FieldWait *w = data;

  return track_double (w->track, w->key) != w->from;
}

static gboolean
band2_back (gpointer data)
{
  const LqEqCurveModel *model = lq_eq_curve_get_model (data);

  return model != NULL && model->handles[1].settings.freq_hz == 1000.0;
}

/* Lets the style change's CSS transitions end (for the picture only). */
static void
let_style_settle (void)
{
  gint64 end = g_get_monotonic_time () + 600 * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshots (GtkWidget *widget, const char *name)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  let_style_settle ();
  wait_paint (widget);
  save_screenshot (widget, light);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  let_style_settle ();
  wait_paint (widget);
  save_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_eq_curve (void)
{
  g_autoptr(LqProject) project = new_project ("eq-curve.lacquer");
  LqTrack *track = lq_project_get_track (project, 1);
  LqEqCurve *curve = LQ_EQ_CURVE (lq_eq_curve_new ());
  g_autoptr(LqEqCurveModel) fresh = NULL;
  g_autofree char *description = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *args = NULL;
  g_autoptr(GError) error = NULL;
  const LqEqCurveModel *model;
  GtkWindow *window;
  LqPlotAxis xa, ya;
  double width, height, hx, hy, dx = 60.0, dy = -40.0, freq, gain;
  int wx, wy, wx2, wy2;

  g_object_ref_sink (curve);
  lq_eq_curve_set_project (curve, project);
  lq_eq_curve_set_track (curve, track);
  window = window_with (GTK_WIDGET (curve), 640, 320);
  width = gtk_widget_get_width (GTK_WIDGET (curve));
  height = gtk_widget_get_height (GTK_WIDGET (curve));
  model = lq_eq_curve_get_model (curve);
  g_assert_nonnull (model);

  /* Accessible: an image named "EQ Curve", described by the model */
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (curve), GTK_ACCESSIBLE_ROLE_IMG));
  assert_accessible (GTK_WIDGET (curve), GTK_ACCESSIBLE_PROPERTY_LABEL, "EQ Curve");
  fresh = lq_eq_curve_model_new (project, track);
  description = lq_eq_curve_model_describe (fresh);
  g_assert_true (g_str_has_prefix (description, "EQ: band 2 bell 1 kHz +3.0 dB Q 1.00, bus band 3 bell 5 kHz -2.0 dB Q 1.50; match EQ off; combined range "));
  assert_accessible (GTK_WIDGET (curve), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);

  /* The tooltip: on band 2's handle, the band; elsewhere the curves there */
  lq_eq_curve_plot_handle_position (model, width, height, 1, &hx, &hy);
  readout = lq_eq_curve_dup_readout (curve, hx, hy);
  g_assert_cmpstr (readout, ==, "Band 2: bell 1 kHz +3.0 dB Q 1.00");
  g_free (readout);
  lq_eq_curve_plot_axes (model, width, height, &xa, &ya);
  readout = lq_eq_curve_dup_readout (curve, lq_plot_axis_to_px (&xa, 5000.0), ya.to_px + 2.0);
  {
    /* The two bells at 5 kHz, from dsp/ directly */
    LqParametricEq *eq = lq_parametric_eq_new (48000, 64);
    LqEqBand band = { true, LQ_EQ_BELL, 1000.0, 3.0, 1.0, 24, LQ_EQ_STEREO };
    g_autofree char *expected = NULL;
    double track_db, bus_db;

    lq_parametric_eq_set_band (eq, 0, &band);
    track_db = lq_parametric_eq_response_db (eq, 5000.0, LQ_EQ_MID);
    band = (LqEqBand) { true, LQ_EQ_BELL, 5000.0, -2.0, 1.5, 24, LQ_EQ_STEREO };
    lq_parametric_eq_set_band (eq, 0, &band);
    bus_db = lq_parametric_eq_response_db (eq, 5000.0, LQ_EQ_MID);
    lq_parametric_eq_free (eq);
    expected = g_strdup_printf ("5 kHz\nEQ: %+.1f dB\nBus EQ: %+.1f dB\nCombined: %+.1f dB",
                                track_db, bus_db, track_db + bus_db);
    g_assert_cmpstr (readout, ==, expected);
  }

  /* Drag band 2's handle right and up, by real pointer events */
  x11_point (GTK_WIDGET (curve), hx, hy, &wx, &wy);
  x11_point (GTK_WIDGET (curve), hx + dx, hy + dy, &wx2, &wy2);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d mousedown 1 "
                          "mousemove --window %lu --sync %d %d mousemove --window %lu --sync %d %d "
                          "mousemove --window %lu --sync %d %d mouseup 1",
                          xid_of (GTK_WIDGET (curve)), wx, wy,
                          xid_of (GTK_WIDGET (curve)), wx + 10, wy - 5,
                          xid_of (GTK_WIDGET (curve)), (wx + wx2) / 2, (wy + wy2) / 2,
                          xid_of (GTK_WIDGET (curve)), wx2, wy2);
  lq_test_xdotool (GTK_WIDGET (curve), args);
  {
    FieldWait w = { track, "eq2-freq", 1000.0 };

    wait_until (field_changed, &w, "the drag's edit");
  }
  /* By the pixels' worth (the pointer lands on whole pixels: within one),
   * rounded as written (0.1 Hz, 0.1 dB) */
  freq = lq_plot_axis_from_px (&xa, hx + (wx2 - wx));
  gain = lq_plot_axis_from_px (&ya, hy + (wy2 - wy));
  g_test_message ("dragged to %.1f Hz %.1f dB, expected %.1f Hz %.1f dB",
                  track_double (track, "eq2-freq"), track_double (track, "eq2-gain"), freq, gain);
  g_assert_cmpfloat_with_epsilon (track_double (track, "eq2-freq"), freq, 0.051);
  g_assert_cmpfloat_with_epsilon (track_double (track, "eq2-gain"), gain, 0.051);
  g_assert_cmpfloat (track_double (track, "eq2-freq"), >, 1000.0 * 1.1);
  g_assert_cmpfloat (track_double (track, "eq2-gain"), >, 3.0 + 1.0);
  g_assert_cmpfloat (track_double (track, "eq2-q"), ==, 1.0);
  g_assert_cmpint (lq_eq_curve_get_selected (curve), ==, 1);

  /* One undo restores both */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (track_double (track, "eq2-freq"), ==, 1000.0);
  g_assert_cmpfloat (track_double (track, "eq2-gain"), ==, 3.0);
  wait_until (band2_back, curve, "the curve to follow the undo");
  wait_paint (GTK_WIDGET (curve));

  /* Three wheel steps up on the handle: Q times 2^(3/4), in one edit */
  model = lq_eq_curve_get_model (curve);
  g_assert_cmpfloat (model->handles[1].settings.freq_hz, ==, 1000.0);
  g_free (args);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d click 4 click 4 click 4",
                          xid_of (GTK_WIDGET (curve)), wx, wy);
  lq_test_xdotool (GTK_WIDGET (curve), args);
  {
    FieldWait w = { track, "eq2-q", 1.0 };

    wait_until (field_changed, &w, "the scroll's edit");
  }
  g_assert_cmpfloat_with_epsilon (track_double (track, "eq2-q"), pow (2.0, 0.75), 0.006);
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (track_double (track, "eq2-q"), ==, 1.0);
  g_assert_cmpfloat (track_double (track, "eq2-freq"), ==, 1000.0);
  wait_until (band2_back, curve, "the curve to follow the undo");

  /* Keys: the scrolled band stays chosen; Up lifts it 0.5 dB in one edit */
  g_assert_cmpint (lq_eq_curve_get_selected (curve), ==, 1);
  gtk_widget_grab_focus (GTK_WIDGET (curve));
  lq_test_xdotool (GTK_WIDGET (curve), "key Up");
  {
    FieldWait w = { track, "eq2-gain", 3.0 };

    wait_until (field_changed, &w, "the key's edit");
  }
  g_assert_cmpfloat (track_double (track, "eq2-gain"), ==, 3.5);
  g_assert_cmpfloat (track_double (track, "eq2-freq"), ==, 1000.0);
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (track_double (track, "eq2-gain"), ==, 3.0);

  /* Move the pointer away (no hover ring) and look at it */
  lq_test_xdotool (GTK_WIDGET (curve), "mousemove 0 0");
  screenshots (GTK_WIDGET (curve), "eq-curve");

  gtk_window_destroy (window);
  g_assert_finalize_object (curve);
}

static void
test_gain_curve (void)
{
  g_autoptr(LqProject) project = new_project ("gain-curve.lacquer");
  LqTrack *track = lq_project_get_track (project, 1);
  LqGainCurve *curve = LQ_GAIN_CURVE (lq_gain_curve_new (LQ_GAIN_CURVE_COMPRESSOR));
  g_autoptr(LqGainCurveModel) fresh = NULL;
  g_autofree char *description = NULL;
  g_autofree char *readout = NULL;
  const LqGainCurveModel *model;
  GtkWindow *window;
  LqPlotAxis xa, ya;

  g_object_ref_sink (curve);
  lq_gain_curve_set_project (curve, project);
  lq_gain_curve_set_track (curve, track);
  window = window_with (GTK_WIDGET (curve), 320, 260);
  model = lq_gain_curve_get_model (curve);
  g_assert_true (model->enabled);
  g_assert_true (model->has_level);

  assert_accessible (GTK_WIDGET (curve), GTK_ACCESSIBLE_PROPERTY_LABEL, "Compressor Curve");
  fresh = lq_gain_curve_model_new (project, track, LQ_GAIN_CURVE_COMPRESSOR);
  description = lq_gain_curve_model_describe (fresh);
  assert_accessible (GTK_WIDGET (curve), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_assert_true (g_str_has_prefix (description, "Compressor: threshold -30.0 dB, ratio 3.0:1, knee 6.0 dB; loudest passage "));

  /* At -12 dB in: 1:3 above -30 dB */
  lq_gain_curve_plot_axes (model, gtk_widget_get_width (GTK_WIDGET (curve)),
                           gtk_widget_get_height (GTK_WIDGET (curve)), &xa, &ya);
  readout = lq_gain_curve_dup_readout (curve, lq_plot_axis_to_px (&xa, -12.0));
  g_assert_cmpstr (readout, ==, "In -12.0 dB\nOut -24.0 dB\nReduction 12.0 dB");

  screenshots (GTK_WIDGET (curve), "compressor-curve");
  gtk_window_destroy (window);
  g_assert_finalize_object (curve);
}

static void
test_inspector (void)
{
  g_autoptr(LqProject) project = new_project ("inspector-curves.lacquer");
  LqInspector *inspector = LQ_INSPECTOR (lq_inspector_new ());
  GtkWidget *curve, *bus_curve, *comp;
  GtkWindow *window;

  g_object_ref_sink (inspector);
  lq_inspector_set_project (inspector, project);
  lq_inspector_set_track (inspector, lq_project_get_track (project, 1));
  window = window_with (GTK_WIDGET (inspector), 420, 900);

  curve = _lq_inspector_get_eq_curve (inspector, FALSE);
  bus_curve = _lq_inspector_get_eq_curve (inspector, TRUE);
  g_assert_true (gtk_widget_get_mapped (curve));
  g_assert_true (gtk_widget_get_mapped (bus_curve));
  g_assert_true (lq_eq_curve_get_model (LQ_EQ_CURVE (curve))->has_track);
  g_assert_false (lq_eq_curve_get_model (LQ_EQ_CURVE (bus_curve))->has_track);

  /* The compressor's row holds its curve */
  comp = _lq_inspector_get_processor (inspector, FALSE, "comp");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (comp), TRUE);
  g_assert_nonnull (find_type (comp, LQ_TYPE_GAIN_CURVE));
  g_assert_nonnull (find_type (_lq_inspector_get_processor (inspector, TRUE, "limiter"), LQ_TYPE_GAIN_CURVE));

  /* No track: the track's curve goes with its rows */
  screenshots (GTK_WIDGET (inspector), "inspector-curves");
  lq_inspector_set_track (inspector, NULL);
  g_assert_false (gtk_widget_get_mapped (curve));

  gtk_window_destroy (window);
  g_assert_finalize_object (inspector);
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible properties are kept, to be read back */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/eq-curve/eq-curve", test_eq_curve);
  g_test_add_func ("/ui/eq-curve/gain-curve", test_gain_curve);
  g_test_add_func ("/ui/eq-curve/inspector", test_inspector);

  return lq_test_ui_run ();
}

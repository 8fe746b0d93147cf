/* test-album-timeline.c: LqAlbumTimeline on its own, in a window.
 *
 * A project of three tracks (the test's two sines and the hot file, 5 s
 * each) with gaps and fades. Real pointer events (xdotool on the test's X
 * server): dragging track 2's fade-out handle by N pixels makes its
 * fade-out N pixels' worth of seconds longer, in one undo step, and
 * dragging a gap's right edge its gap; Escape in
 * the middle of a drag leaves the project as it was; a click selects and
 * seeks; the keys select, zoom and seek. The accessible label and
 * description, the tooltip's text; screenshots light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "lq-album-timeline.h"
#include "lq-plot-axis.h"
#include "lq-timeline-plot.h"
#include "lq-test-ui.h"

typedef struct
{
  guint n_selected;
  guint selected;
  guint n_seeks;
  double seek;
} Events;

static void
selected_cb (LqAlbumTimeline *timeline, guint position, Events *events)
{
  events->n_selected++;
  events->selected = position;
}

static void
seek_cb (LqAlbumTimeline *timeline, double seconds, Events *events)
{
  events->n_seeks++;
  events->seek = seconds;
}

static gboolean
has_selections (gpointer data)
{
  gpointer *pair = data;

  return ((Events *) pair[0])->n_selected >= GPOINTER_TO_UINT (pair[1]);
}

static gboolean
has_seeks (gpointer data)
{
  gpointer *pair = data;

  return ((Events *) pair[0])->n_seeks >= GPOINTER_TO_UINT (pair[1]);
}

static void
wait_selections (Events *events, guint n, const char *what)
{
  gpointer wait[2] = { events, GUINT_TO_POINTER (n) };

  wait_until (has_selections, wait, what);
}

static void
wait_seeks (Events *events, guint n, const char *what)
{
  gpointer wait[2] = { events, GUINT_TO_POINTER (n) };

  wait_until (has_seeks, wait, what);
}

static double
fade_out (LqProject *project, guint position)
{
  LqRenderSpec spec = { 0 };
  double value;

  lq_render_spec_init (&spec, project, lq_project_get_track (project, position));
  value = spec.fade_out_s;
  lq_render_spec_clear (&spec);
  return value;
}

static double
gap (LqProject *project, guint position)
{
  LqRenderSpec spec = { 0 };
  double value;

  lq_render_spec_init (&spec, project, lq_project_get_track (project, position));
  value = spec.gap_s;
  lq_render_spec_clear (&spec);
  return value;
}

static gboolean
gap_changed (gpointer data)
{
  gpointer *pair = data;

  return gap (pair[0], 3) != *(double *) pair[1];
}

static gboolean
fade_out_changed (gpointer data)
{
  gpointer *pair = data;

  return fade_out (pair[0], 2) != *(double *) pair[1];
}

static GtkWindow *
window_with (GtkWidget *child, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  wait_until (is_drawn, window, "the window to show");
  return window;
}

static void
x11_point (GtkWidget *widget, double x, double y, int *wx, int *wy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &sx, &sy);
  *wx = (int) lround (p.x + sx);
  *wy = (int) lround (p.y + sy);
}

/* Presses at (@x, @y), moves @dx in steps, and (unless @escape: Escape
 * first) releases. */
static void
drag (GtkWidget *widget, double x, double y, double dx, gboolean escape)
{
  gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (gtk_widget_get_native (widget)));
  int wx, wy, wx1, wy1, wx2, wy2;
  g_autofree char *args = NULL;

  x11_point (widget, x, y, &wx, &wy);
  x11_point (widget, x + dx / 2, y, &wx1, &wy1);
  x11_point (widget, x + dx, y, &wx2, &wy2);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d mousedown 1 "
                          "mousemove --window %lu --sync %d %d mousemove --window %lu --sync %d %d "
                          "%s mouseup 1",
                          xid, wx, wy, xid, wx1, wy1, xid, wx2, wy2, escape ? "key Escape" : "");
  lq_test_xdotool (widget, args);
}

static LqProject *
make_project (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "timeline.lacquer", NULL);
  const char *paths[] = { sine_paths[0], sine_paths[1], hot_path, NULL };
  const char *one[] = { "gap=2", "fade-in=1", "fade-in-shape=linear", NULL };
  const char *two[] = { "gap=1.5", "trim-out=0.25", "fade-out=1", "fade-out-shape=scurve", NULL };
  const char *three[] = { "gap=0.5", "fade-in=0.3", "fade-in-shape=log", NULL };
  g_autoptr(GError) error = NULL;
  LqProject *project;

  g_unlink (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_true (lq_project_set_track (project, 1, one, &error));
  g_assert_true (lq_project_set_track (project, 2, two, &error));
  g_assert_true (lq_project_set_track (project, 3, three, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_forget_history (project, &error));
  g_assert_no_error (error);
  g_assert_false (lq_project_can_undo (project));
  return project;
}

static void
test_album_timeline (void)
{
  g_autoptr(LqProject) project = make_project ();
  LqAlbumTimeline *timeline = LQ_ALBUM_TIMELINE (lq_album_timeline_new ());
  GtkWidget *widget = GTK_WIDGET (timeline);
  const LqTimelineModel *model;
  const LqTimelineBlock *b;
  Events events = { 0 };
  GtkWindow *window;
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;
  g_autoptr(GError) error = NULL;
  double width, height, top, bottom, pixel, x, before, start, end;
  const double n_px = 40;

  g_object_ref_sink (timeline);
  lq_album_timeline_set_project (timeline, project);
  g_signal_connect (timeline, "track-selected", G_CALLBACK (selected_cb), &events);
  g_signal_connect (timeline, "seek", G_CALLBACK (seek_cb), &events);
  window = window_with (widget, 800, 180);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  lq_timeline_plot_get_rows (height, &top, &bottom);
  model = lq_album_timeline_get_model (timeline);
  g_assert_cmpuint (lq_timeline_model_get_n_blocks (model), ==, 3);
  /* 2 + 5 + 1.5 + 4.75 + 0.5 + 5 s: the whole album in view */
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_length (model), 18.75, 1e-9);
  lq_album_timeline_get_view (timeline, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat_with_epsilon (end, 18.75, 1e-9);
  pixel = 18.75 / width;

  /* What assistive technologies read */
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_ROLE_IMG));
  assert_accessible (timeline, GTK_ACCESSIBLE_PROPERTY_LABEL, "Album Timeline");
  description = lq_timeline_model_describe (model);
  g_assert_true (g_str_has_prefix (description, "3 tracks, total length 0:19; track 1 “loud-sine” at 0:02, "
                                                "track 2 “Quiet Sine” at 0:09, track 3 “hot” at 0:14"));
  assert_accessible (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);

  /* The tooltip: track, time and loudness under the pointer */
  b = lq_timeline_model_get_block (model, 1);
  x = (b->audio_start + 2.0) / pixel;
  tooltip = lq_album_timeline_dup_tooltip_text (timeline, x, bottom - 5);
  g_assert_true (g_str_has_prefix (tooltip, "Track 2 “Quiet Sine”\n0:10"));
  g_assert_nonnull (strstr (tooltip, "Short-term loudness -30.0 LUFS"));
  g_free (tooltip);
  tooltip = lq_album_timeline_dup_tooltip_text (timeline, (b->gap_start + 0.5) / pixel, bottom - 5);
  g_assert_cmpstr (tooltip, ==, "Gap before track 2 “Quiet Sine”\n0:07.50");
  g_free (tooltip);
  tooltip = lq_album_timeline_dup_tooltip_text (timeline, b->fade_out_start / pixel, top + 3);
  g_assert_true (g_str_has_suffix (tooltip, "\nDrag to change the fade-out"));

  /* Drag track 2's fade-out handle N pixels left: N pixels' worth longer */
  before = fade_out (project, 2);
  g_assert_cmpfloat (before, ==, 1.0);
  drag (widget, b->fade_out_start / pixel, top + 3, -n_px, FALSE);
  {
    gpointer wait[2] = { project, &before };

    wait_until (fade_out_changed, wait, "the fade-out to change");
  }
  g_assert_cmpfloat_with_epsilon (fade_out (project, 2), before + n_px * pixel, 1.5 * pixel);
  g_assert_true (lq_project_can_undo (project));
  g_assert_cmpuint (events.n_seeks, ==, 0);   /* a drag is not a click */
  /* One undo step restores it, and it was the only one */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fade_out (project, 2), ==, before);
  g_assert_false (lq_project_can_undo (project));
  lq_album_timeline_refresh (timeline);
  model = lq_album_timeline_get_model (timeline);
  b = lq_timeline_model_get_block (model, 1);

  /* Escape in the middle of a drag: nothing written */
  drag (widget, b->fade_out_start / pixel, top + 3, -n_px, TRUE);
  wait_paint (widget);
  g_assert_cmpfloat (fade_out (project, 2), ==, before);
  g_assert_false (lq_project_can_undo (project));

  /* Drag the right edge of track 3's gap N pixels right: the gap grows by
   * that much, in one undo step */
  b = lq_timeline_model_get_block (model, 2);
  before = gap (project, 3);
  g_assert_cmpfloat (before, ==, 0.5);
  drag (widget, b->audio_start / pixel - 2, bottom - 10, n_px, FALSE);
  {
    gpointer wait[2] = { project, &before };

    wait_until (gap_changed, wait, "the gap to change");
  }
  g_assert_cmpfloat_with_epsilon (gap (project, 3), before + n_px * pixel, 1.5 * pixel);
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gap (project, 3), ==, before);
  g_assert_false (lq_project_can_undo (project));
  lq_album_timeline_refresh (timeline);
  model = lq_album_timeline_get_model (timeline);
  before = fade_out (project, 2);

  /* A click in track 3: select it, seek there */
  b = lq_timeline_model_get_block (model, 2);
  {
    gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
    int wx, wy;
    g_autofree char *args = NULL;

    x11_point (widget, (b->audio_start + 2.5) / pixel, bottom - 10, &wx, &wy);
    args = g_strdup_printf ("mousemove --window %lu --sync %d %d click 1", xid, wx, wy);
    lq_test_xdotool (widget, args);
  }
  wait_seeks (&events, 1, "a seek");
  g_assert_cmpuint (events.selected, ==, 3);
  g_assert_cmpuint (lq_album_timeline_get_selected (timeline), ==, 3);
  g_assert_cmpfloat_with_epsilon (events.seek, b->audio_start + 2.5, pixel);
  g_assert_true (gtk_widget_has_focus (widget));

  /* Keys: Left, Home, End select; Enter seeks to the track's start */
  lq_test_xdotool (widget, "key Left");
  wait_selections (&events, 2, "Left to select");
  g_assert_cmpuint (events.selected, ==, 2);
  lq_test_xdotool (widget, "key Home");
  wait_selections (&events, 3, "Home to select");
  g_assert_cmpuint (events.selected, ==, 1);
  lq_test_xdotool (widget, "key Right");
  wait_selections (&events, 4, "Right to select");
  g_assert_cmpuint (events.selected, ==, 2);
  lq_test_xdotool (widget, "key Return");
  wait_seeks (&events, 2, "Enter to seek");
  g_assert_cmpfloat (events.seek, ==, lq_timeline_model_get_block (model, 1)->audio_start);
  lq_test_xdotool (widget, "key End");
  wait_selections (&events, 5, "End to select");
  g_assert_cmpuint (events.selected, ==, 3);

  /* + zooms in about the playhead, 0 fits the album again */
  lq_album_timeline_set_position (timeline, 9.0);
  lq_test_xdotool (widget, "key plus");
  wait_paint (widget);
  lq_album_timeline_get_view (timeline, &start, &end);
  g_assert_cmpfloat_with_epsilon (end - start, 18.75 / LQ_ALBUM_TIMELINE_ZOOM_STEP, 1e-9);
  g_assert_cmpfloat_with_epsilon ((9.0 - start) / (end - start), 9.0 / 18.75, 1e-9);
  lq_test_xdotool (widget, "key 0");
  wait_paint (widget);
  lq_album_timeline_get_view (timeline, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat_with_epsilon (end, 18.75, 1e-9);

  /* Down to sample frames: the tooltip's time reads them */
  lq_album_timeline_zoom (timeline, 1e9, 10.0);
  lq_album_timeline_get_view (timeline, &start, &end);
  g_assert_cmpfloat_with_epsilon ((end - start) * 48000, width / LQ_ALBUM_TIMELINE_MAX_PX_PER_FRAME, 1e-6);
  g_free (tooltip);
  tooltip = lq_album_timeline_dup_tooltip_text (timeline, width / 2, bottom - 5);
  {
    /* the middle pixel's time, to a frame (1/48000 s: five decimals) */
    g_autofree char *time = lq_plot_format_time (start + (end - start) / 2, 1.0 / 48000);
    g_autofree char *expected = g_strdup_printf ("Track 2 “Quiet Sine”\n%s\n", time);

    g_assert_true (g_str_has_prefix (tooltip, expected));
    g_assert_true (g_str_has_prefix (time, "0:10.00"));
    g_assert_cmpuint (strlen (strchr (time, '.') + 1), ==, 5);
  }
  lq_album_timeline_zoom_fit (timeline);

  lq_album_timeline_set_selected (timeline, 2);
  lq_album_timeline_set_position (timeline, 11.0);
  save_screenshot (GTK_WIDGET (window), "test-album-timeline-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (window), "test-album-timeline-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (window);
  g_assert_finalize_object (timeline);
}

/* The project tells of an edit: the timeline follows by itself */
static void
test_album_timeline_follows (void)
{
  g_autoptr(LqProject) project = make_project ();
  LqAlbumTimeline *timeline = LQ_ALBUM_TIMELINE (lq_album_timeline_new ());
  const char *gap[] = { "gap=4", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  g_object_ref_sink (timeline);
  lq_album_timeline_set_project (timeline, project);
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_length (lq_album_timeline_get_model (timeline)),
                                  18.75, 1e-9);
  g_assert_true (lq_project_set_track (project, 1, gap, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_length (lq_album_timeline_get_model (timeline)),
                                  20.75, 1e-9);
  description = lq_timeline_model_describe (lq_album_timeline_get_model (timeline));
  assert_accessible (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_assert_nonnull (strstr (description, "track 1 “loud-sine” at 0:04"));
  g_assert_finalize_object (timeline);
}

int
main (int argc, char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */
  g_test_add_func ("/album-timeline/edit", test_album_timeline);
  g_test_add_func ("/album-timeline/follows", test_album_timeline_follows);
  return lq_test_ui_run ();
}

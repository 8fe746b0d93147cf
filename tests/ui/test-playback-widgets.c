/* test-playback-widgets.c: the window's playback widgets on their own.
 *
 * LqTransportBar, LqMeterPanel, LqMonitorSection and LqPlayheadWaveform
 * show what they are set to, in their labels and to assistive technologies
 * (GTK's test accessibility backend); the waveform turns a click into
 * "seek" and a drag into "loop-changed" (real pointer events, xdotool on the
 * test's X server) within a pixel's worth of seconds, and its keys into
 * "seek"; the preferences write their GSettings keys. Run under
 * build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lq-meter-panel.h"
#include "lq-monitor-section.h"
#include "lq-playhead-waveform.h"
#include "lq-preferences-window.h"
#include "lq-transport-bar.h"
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
notified_cb (GObject    *object,
             GParamSpec *pspec,
             guint      *count)
{
  (*count)++;
}

static void
test_transport_bar (void)
{
  LqTransportBar *bar = LQ_TRANSPORT_BAR (lq_transport_bar_new ());
  GtkWidget *play, *master, *reference, *mode, *crossfade, *loop;
  GtkWindow *window;
  guint source_notes = 0;
  g_autofree char *label = NULL;

  g_object_ref_sink (bar);
  window = window_with (GTK_WIDGET (bar), 900, 100);
  play = find_named (GTK_WIDGET (bar), "play-button");
  master = find_named (GTK_WIDGET (bar), "source-master");
  reference = find_named (GTK_WIDGET (bar), "source-reference");
  mode = find_named (GTK_WIDGET (bar), "match-mode");
  crossfade = find_named (GTK_WIDGET (bar), "crossfade");
  loop = find_named (GTK_WIDGET (bar), "loop");
  g_assert_nonnull (play);
  g_assert_nonnull (master);
  g_assert_nonnull (mode);

  /* Nothing to play yet: the buttons say so */
  g_assert_false (lq_transport_bar_get_can_play (bar));
  g_assert_false (gtk_widget_is_sensitive (play));
  g_assert_false (gtk_widget_is_sensitive (reference));
  g_assert_cmpstr (lq_transport_bar_get_time_text (bar), ==, "0:00.0 / 0:00.0");
  assert_accessible (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");

  g_object_set (bar,
                "can-play", TRUE,
                "has-reference", TRUE,
                "playing", TRUE,
                "length", 187.0,
                "position", 62.35,
                "track-title", "Opening",
                "mix-gain", 0.0,
                "master-gain", -2.14,
                "reference-gain", 1.05,
                NULL);
  g_assert_true (gtk_widget_is_sensitive (play));
  g_assert_true (gtk_widget_is_sensitive (reference));
  assert_accessible (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Pause");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (GTK_WIDGET (bar), "time-label"))),
                   ==, "1:02.3 / 3:07.0");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (GTK_WIDGET (bar), "track-title-label"))),
                   ==, "Opening");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (master)), ==, "Master -2.1 dB");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reference)), ==, "Reference +1.1 dB");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_named (GTK_WIDGET (bar), "source-mix"))),
                   ==, "Mix 0.0 dB");
  label = lq_transport_bar_dup_source_label (bar, LQ_TRANSPORT_SOURCE_MASTER);
  g_assert_cmpstr (label, ==, "Master -2.1 dB");

  /* The owner sets them: the controls follow */
  lq_transport_bar_set_mode (bar, LQ_TRANSPORT_MATCH_LOOP);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (mode)), ==, LQ_TRANSPORT_MATCH_LOOP);
  lq_transport_bar_set_crossfade_ms (bar, 120);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (crossfade)), ==, 120);
  lq_transport_bar_set_crossfade_ms (bar, 900);
  g_assert_cmpfloat (lq_transport_bar_get_crossfade_ms (bar), ==, LQ_TRANSPORT_CROSSFADE_MAX_MS);
  lq_transport_bar_set_loop_active (bar, TRUE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (loop)));

  /* The user changes them: the properties follow, and say so */
  g_signal_connect (bar, "notify::source", G_CALLBACK (notified_cb), &source_notes);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (master), TRUE);
  g_assert_cmpuint (lq_transport_bar_get_source (bar), ==, LQ_TRANSPORT_SOURCE_MASTER);
  g_assert_cmpuint (source_notes, ==, 1);
  lq_transport_bar_set_source (bar, LQ_TRANSPORT_SOURCE_MASTER);
  g_assert_cmpuint (source_notes, ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mode), LQ_TRANSPORT_MATCH_OFF);
  g_assert_cmpuint (lq_transport_bar_get_mode (bar), ==, LQ_TRANSPORT_MATCH_OFF);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (crossfade), 35);
  g_assert_cmpfloat (lq_transport_bar_get_crossfade_ms (bar), ==, 35);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (loop), FALSE);
  g_assert_false (lq_transport_bar_get_loop_active (bar));

  save_screenshot (GTK_WIDGET (window), "test-transport-bar.png");

  gtk_window_destroy (window);
  g_assert_finalize_object (bar);
}

static void
test_transport_bar_time (void)
{
  const struct { double seconds; const char *text; } cases[] = {
    { 0, "0:00.0" },
    { 0.05, "0:00.0" },
    { 9.99, "0:09.9" },
    { 62.35, "1:02.3" },
    { 187, "3:07.0" },
    { 3725.5, "62:05.5" },
    { NAN, "—" },
    { -1, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lq_transport_bar_format_time (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_monitor_section (void)
{
  LqMonitorSection *monitor = LQ_MONITOR_SECTION (lq_monitor_section_new ());
  GtkWidget *mono, *dim;
  guint any_notes = 0;

  g_object_ref_sink (monitor);
  mono = find_named (GTK_WIDGET (monitor), "mono");
  dim = find_named (GTK_WIDGET (monitor), "dim");
  g_assert_nonnull (mono);
  g_assert_nonnull (dim);
  /* It says what it is for, to everyone */
  assert_accessible (monitor, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                     "These change what you hear only, never the export.");

  g_signal_connect (monitor, "notify::any", G_CALLBACK (notified_cb), &any_notes);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mono), TRUE);
  g_assert_true (lq_monitor_section_get_flag (monitor, "mono"));
  g_assert_true (lq_monitor_section_get_any (monitor));
  g_object_set (monitor, "dim", TRUE, "swap", TRUE, NULL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (dim)));
  g_assert_true (lq_monitor_section_get_flag (monitor, "swap"));
  g_object_set (monitor, "mono", FALSE, "dim", FALSE, "swap", FALSE, NULL);
  g_assert_false (lq_monitor_section_get_any (monitor));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (mono)));
  g_assert_cmpuint (any_notes, ==, 2);

  g_assert_finalize_object (monitor);
}

static gboolean
accessible_text_is (gpointer data)
{
  gpointer *pair = data;
  char *message = gtk_test_accessible_check_property (pair[0], GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, pair[1]);
  gboolean same = message == NULL;

  g_free (message);
  return same;
}

static void
test_meter_panel (void)
{
  LqMeterPanel *panel = LQ_METER_PANEL (lq_meter_panel_new ());
  LqMeterValues values = {
    .momentary = -14.04, .short_term = -INFINITY, .integrated = NAN,
    .true_peak = -1.25, .true_peak_hold = -0.75, .correlation = 0.873, .plr = 9.96,
  };
  const char *expected[LQ_METER_N_KINDS] = {
    "-14.0 LUFS", "−∞", "—", "-1.2 dBTP (hold -0.8)", "0.87", "10.0 dB",
  };
  GtkWindow *window;
  GtkWidget *bar;

  g_object_ref_sink (panel);
  window = window_with (GTK_WIDGET (panel), 420, 150);

  /* Nothing measured yet */
  for (guint k = 0; k < LQ_METER_N_KINDS; k++)
    {
      g_autofree char *text = lq_meter_panel_dup_text (panel, k);

      g_assert_cmpstr (text, ==, "—");
    }

  lq_meter_panel_set_values (panel, &values);
  for (guint k = 0; k < LQ_METER_N_KINDS; k++)
    {
      g_autofree char *text = lq_meter_panel_dup_text (panel, k);
      gpointer wait[2] = { lq_meter_panel_get_bar (panel, k), (gpointer) expected[k] };

      g_assert_cmpstr (text, ==, expected[k]);
      wait_until (accessible_text_is, wait, "the meter's accessible value");
    }
  bar = lq_meter_panel_get_bar (panel, LQ_METER_MOMENTARY);
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_ROLE_METER));
  assert_accessible (bar, GTK_ACCESSIBLE_PROPERTY_LABEL, "Momentary");
  assert_accessible (bar, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, -14.04);
  /* -inf is the bottom of the scale */
  assert_accessible (lq_meter_panel_get_bar (panel, LQ_METER_SHORT_TERM), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, -54.0);
  save_screenshot (GTK_WIDGET (window), "test-meter-panel.png");

  /* A burst of snapshots: the figures follow each one, the accessible
   * values at most a few times a second, ending on the last */
  for (int i = 0; i < 50; i++)
    {
      values.momentary = -30.0 + i * 0.1;
      lq_meter_panel_set_values (panel, &values);
    }
  {
    g_autofree char *text = lq_meter_panel_dup_text (panel, LQ_METER_MOMENTARY);
    gpointer wait[2] = { bar, "-25.1 LUFS" };

    g_assert_cmpstr (text, ==, "-25.1 LUFS");
    /* Not each one: the first of the burst came within the interval */
    g_assert_false (accessible_text_is (wait));
    wait_until (accessible_text_is, wait, "the last value to be told");
  }

  lq_meter_panel_clear (panel);
  {
    g_autofree char *text = lq_meter_panel_dup_text (panel, LQ_METER_TRUE_PEAK);

    g_assert_cmpstr (text, ==, "—");
  }

  gtk_window_destroy (window);
  g_assert_finalize_object (panel);
}

/* xdotool ----------------------------------------------------------------- */

/* Where (@x, @y) of @widget is in its X window */
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

typedef struct
{
  guint n_seeks;
  double seek;
  guint n_loops;
  double loop_start;
  double loop_end;
} WaveformEvents;

static void
seek_cb (LqPlayheadWaveform *waveform,
         double              position,
         WaveformEvents     *events)
{
  events->n_seeks++;
  events->seek = position;
  /* As the window will: the playhead moves when playback has */
  lq_playhead_waveform_set_position (waveform, position);
}

static void
loop_changed_cb (LqPlayheadWaveform *waveform,
                 double              start,
                 double              end,
                 WaveformEvents     *events)
{
  events->n_loops++;
  events->loop_start = start;
  events->loop_end = end;
}

static gboolean
has_seeks (gpointer data)
{
  gpointer *pair = data;

  return ((WaveformEvents *) pair[0])->n_seeks >= GPOINTER_TO_UINT (pair[1]);
}

static gboolean
has_loops (gpointer data)
{
  return ((WaveformEvents *) data)->n_loops > 0;
}

/* A sine's overview, 100 s of 2-channel peaks at 10 a second */
static GBytes *
sine_peaks (gsize n_peaks)
{
  gint8 *peaks = g_new0 (gint8, n_peaks * 4);

  for (gsize i = 0; i < n_peaks; i++)
    {
      gint8 level = (gint8) (20 + 100 * (i % 50) / 50);

      peaks[i * 4 + 0] = -level;
      peaks[i * 4 + 1] = level;
      peaks[i * 4 + 2] = -level / 2;
      peaks[i * 4 + 3] = level / 2;
    }
  return g_bytes_new_take (peaks, n_peaks * 4);
}

static void
test_playhead_waveform (void)
{
  LqPlayheadWaveform *waveform = LQ_PLAYHEAD_WAVEFORM (lq_playhead_waveform_new ());
  g_autoptr(GBytes) peaks = sine_peaks (1000);
  WaveformEvents events = { 0 };
  GtkWindow *window;
  double length = 100, width, pixel;
  int wx, wy, wx2;
  g_autofree char *args = NULL;

  g_object_ref_sink (waveform);
  lq_playhead_waveform_set_peaks (waveform, peaks, 2, 0.1);
  lq_playhead_waveform_set_length (waveform, length);
  g_signal_connect (waveform, "seek", G_CALLBACK (seek_cb), &events);
  g_signal_connect (waveform, "loop-changed", G_CALLBACK (loop_changed_cb), &events);
  window = window_with (GTK_WIDGET (waveform), 400, 80);
  width = gtk_widget_get_width (GTK_WIDGET (waveform));
  g_assert_cmpfloat (width, >, 100);
  pixel = length / width;

  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (waveform), GTK_ACCESSIBLE_ROLE_SLIDER));
  assert_accessible (waveform, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0);
  assert_accessible (waveform, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "0:00.0 of 1:40.0");

  /* A click at a quarter: seek there */
  x11_point (GTK_WIDGET (waveform), width / 4, 20, &wx, &wy);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), wx, wy);
  lq_test_xdotool (GTK_WIDGET (waveform), args);
  {
    gpointer wait[2] = { &events, GUINT_TO_POINTER (1) };

    wait_until (has_seeks, wait, "a seek");
  }
  g_assert_cmpfloat_with_epsilon (events.seek, length / 4, pixel);
  g_assert_cmpuint (events.n_loops, ==, 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (waveform)));
  assert_accessible (waveform, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, events.seek);

  /* A drag from a tenth to a half: loop that */
  x11_point (GTK_WIDGET (waveform), width / 10, 20, &wx, &wy);
  x11_point (GTK_WIDGET (waveform), width / 2, 20, &wx2, &wy);
  g_free (args);
  args = g_strdup_printf ("mousemove --window %lu --sync %d %d mousedown 1 "
                          "mousemove --window %lu --sync %d %d mousemove --window %lu --sync %d %d mouseup 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), wx, wy,
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                          (wx + wx2) / 2, wy,
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), wx2, wy);
  lq_test_xdotool (GTK_WIDGET (waveform), args);
  wait_until (has_loops, &events, "a loop region");
  g_assert_cmpuint (events.n_seeks, ==, 1);
  g_assert_cmpfloat_with_epsilon (events.loop_start, length / 10, pixel);
  g_assert_cmpfloat_with_epsilon (events.loop_end, length / 2, pixel);

  /* The keys: Right and Left a step, End to the end */
  lq_playhead_waveform_set_loop (waveform, events.loop_start, events.loop_end);
  lq_playhead_waveform_set_position (waveform, 30);
  lq_test_xdotool (GTK_WIDGET (waveform), "key Right");
  {
    gpointer wait[2] = { &events, GUINT_TO_POINTER (2) };

    wait_until (has_seeks, wait, "Right to seek");
  }
  g_assert_cmpfloat (events.seek, ==, 30 + LQ_PLAYHEAD_WAVEFORM_STEP_S);
  lq_test_xdotool (GTK_WIDGET (waveform), "key Left Left");
  {
    gpointer wait[2] = { &events, GUINT_TO_POINTER (4) };

    wait_until (has_seeks, wait, "Left to seek");
  }
  g_assert_cmpfloat (events.seek, ==, 30 - LQ_PLAYHEAD_WAVEFORM_STEP_S);
  lq_test_xdotool (GTK_WIDGET (waveform), "key End");
  {
    gpointer wait[2] = { &events, GUINT_TO_POINTER (5) };

    wait_until (has_seeks, wait, "End to seek");
  }
  g_assert_cmpfloat (events.seek, ==, length);
  assert_accessible (waveform, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "1:40.0 of 1:40.0");

  lq_playhead_waveform_set_position (waveform, 62.5);
  save_screenshot (GTK_WIDGET (window), "test-playhead-waveform.png");

  gtk_window_destroy (window);
  g_assert_finalize_object (waveform);
}

/* The drawing function alone: a column per peak, as high as the peak */
static void
test_playhead_waveform_draw (void)
{
  const gint8 peaks[] = { -127, 127, 0, 0,    /* full scale, left only */
                          0, 0, -64, 64,      /* half, right only */
                          0, 0, 0, 0 };       /* silence */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 3, 100);
  cairo_t *cr = cairo_create (surface);
  const guchar *data;
  int stride;

  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  lq_playhead_waveform_draw_peaks (cr, 3, 100, peaks, 3, 2);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* Column 0: top to bottom; column 1: the middle half; column 2: the
   * middle line only */
  g_assert_cmpuint (data[0 * stride + 0], ==, 255);
  g_assert_cmpuint (data[99 * stride + 0], ==, 255);
  g_assert_cmpuint (data[10 * stride + 1], ==, 0);
  g_assert_cmpuint (data[30 * stride + 1], ==, 255);
  g_assert_cmpuint (data[70 * stride + 1], ==, 255);
  g_assert_cmpuint (data[90 * stride + 1], ==, 0);
  g_assert_cmpuint (data[50 * stride + 2], ==, 255);
  g_assert_cmpuint (data[40 * stride + 2], ==, 0);
  cairo_surface_destroy (surface);
}

static GSettings *
playback_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "playback-device");
  g_settings_reset (settings, "playback-buffer");
  g_settings_reset (settings, "crossfade-ms");
  return settings;
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = playback_settings ();
  g_autoptr(GtkStringList) devices = gtk_string_list_new ((const char *const[]) { "Speakers", "USB DAC", NULL });
  LqPreferencesWindow *preferences;
  GtkWidget *device_row, *buffer_row, *spin;
  GListModel *names;

  g_assert_cmpstr (g_settings_get_string (settings, "playback-device"), ==, "");
  g_assert_cmpuint (g_settings_get_uint (settings, "playback-buffer"), ==, 512);
  g_assert_cmpfloat (g_settings_get_double (settings, "crossfade-ms"), ==, 20);

  preferences = lq_preferences_window_new (NULL, settings, G_LIST_MODEL (devices));
  gtk_window_present (GTK_WINDOW (preferences));
  wait_until (is_drawn, preferences, "the preferences to show");
  device_row = find_named (GTK_WIDGET (preferences), "device-row");
  buffer_row = find_named (GTK_WIDGET (preferences), "buffer-row");
  spin = find_named (GTK_WIDGET (preferences), "crossfade-spin");
  g_assert_nonnull (device_row);
  g_assert_nonnull (buffer_row);
  g_assert_nonnull (spin);

  /* Default first, then the devices; what the settings hold is selected */
  names = adw_combo_row_get_model (ADW_COMBO_ROW (device_row));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "Default");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (device_row)), ==, 0);
  g_assert_cmpuint (lq_preferences_buffer_sizes[adw_combo_row_get_selected (ADW_COMBO_ROW (buffer_row))], ==, 512);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 20);
  save_screenshot (GTK_WIDGET (preferences), "test-preferences.png");

  adw_combo_row_set_selected (ADW_COMBO_ROW (device_row), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "playback-device"), ==, "USB DAC");
  adw_combo_row_set_selected (ADW_COMBO_ROW (buffer_row), 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "playback-buffer"), ==, 1024);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 150);
  g_assert_cmpfloat (g_settings_get_double (settings, "crossfade-ms"), ==, 150);
  adw_combo_row_set_selected (ADW_COMBO_ROW (device_row), 0);
  g_assert_cmpstr (g_settings_get_string (settings, "playback-device"), ==, "");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* A device chosen before and not connected now stays chosen */
  g_settings_set_string (settings, "playback-device", "Headphones");
  preferences = lq_preferences_window_new (NULL, settings, G_LIST_MODEL (devices));
  device_row = find_named (GTK_WIDGET (preferences), "device-row");
  buffer_row = find_named (GTK_WIDGET (preferences), "buffer-row");
  names = adw_combo_row_get_model (ADW_COMBO_ROW (device_row));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (device_row)), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 3), ==, "Headphones (not connected)");
  g_assert_cmpuint (lq_preferences_buffer_sizes[adw_combo_row_get_selected (ADW_COMBO_ROW (buffer_row))], ==, 1024);
  g_assert_cmpstr (g_settings_get_string (settings, "playback-device"), ==, "Headphones");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible properties are kept, to be read back */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/playback-widgets/transport-bar", test_transport_bar);
  g_test_add_func ("/ui/playback-widgets/transport-bar-time", test_transport_bar_time);
  g_test_add_func ("/ui/playback-widgets/monitor-section", test_monitor_section);
  g_test_add_func ("/ui/playback-widgets/meter-panel", test_meter_panel);
  g_test_add_func ("/ui/playback-widgets/playhead-waveform", test_playhead_waveform);
  g_test_add_func ("/ui/playback-widgets/playhead-waveform-draw", test_playhead_waveform_draw);
  g_test_add_func ("/ui/playback-widgets/preferences", test_preferences);

  return lq_test_ui_run ();
}

/* test-window.c: LqWindow in-process, on a real (headless) display.
 *
 * Feeds the window generated WAV files, waits for the analysis table, and
 * checks what it shows against an analysis made here independently; the
 * start page, a narrow window, missing and dropped files, the demo album,
 * the settings kept, closing while busy. Run it under
 * build-aux/with-gui-session.sh (meson test does), with
 * GSK_RENDERER=cairo and GTK_A11Y=none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-test-ui.h"

static void
test_window_new (void)
{
  LqWindow *window = window_new_presented ();

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Lacquer");
  g_assert_cmpstr (_lq_window_get_page (window), ==, "empty");
  g_assert_false (lq_window_get_busy (window));
  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 0);
  save_screenshot (GTK_WIDGET (window), "test-window-empty.png");

  g_assert_null (lq_window_get_project (window));

  /* Ctrl+? shows the keyboard shortcuts (gtk/help-overlay.ui) */
  {
    GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

    g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
    wait_until (is_drawn, overlay, "the shortcuts window");
    save_screenshot (GTK_WIDGET (overlay), "test-window-shortcuts.png");
    gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  }

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

#define CLIPS_WHY "Clipped samples: runs of 3 or more full-scale samples"
#define DC_WHY "DC offset above −40 dB"
#define CORRELATION_WHY "Negative correlation: phase problems, the mix may collapse in mono"

static void
test_window_analysis (void)
{
  /* The two sines, then the hot file */
  enum { N_FILES = N_SINES + 1, HOT = N_FILES - 1 };
  const char *row_names[N_FILES] = { "loud-sine", "Quiet Sine", "hot" };
  const char *formats[N_FILES] = { "WAV 24-bit", "WAV 24-bit", "WAV 16-bit" };
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LqAlbumAnalysis) album = NULL;
  GtkProgressBar *progress_bar;
  LqWindow *window;
  GListModel *model;
  GtkWidget *column_view;

  /* What the window should show, measured here on the test's thread */
  for (guint i = 0; i < N_FILES; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *path = i == HOT ? hot_path : sine_paths[i];
      LqTrackAnalysis *track = lq_analyze_file (path, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (tracks, track);
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  album = lq_album_analysis_new (tracks);

  window = window_new_presented ();
  progress_bar = GTK_PROGRESS_BAR (find_type (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR));
  g_assert_nonnull (progress_bar);
  lq_window_open_files (window, (GFile **)files->pdata, files->len);
  g_assert_true (lq_window_get_busy (window));
  g_assert_cmpstr (_lq_window_get_page (window), ==, "busy");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress_bar), ==, 0.0);
  wait_until (is_idle, window, "the analysis");
  /* The bar followed the job to its end */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress_bar), ==, 1.0);

  g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, 0);
  g_assert_cmpstr (_lq_window_get_page (window), ==, "tracks");
  model = window_tracks (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_FILES);

  /* Rows are created when the table is laid out */
  wait_paint (GTK_WIDGET (window));
  column_view = GTK_WIDGET (find_named (GTK_WIDGET (window), "track-table"));
  g_assert_nonnull (column_view);

  /* Every column fits at the default size: none was squeezed below what
   * it asks for (the table would scroll instead) */
  {
    int minimum, natural;

    gtk_widget_measure (column_view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
    g_test_message ("table: %d px wide, asks for %d", gtk_widget_get_width (column_view), natural);
    g_assert_cmpint (gtk_widget_get_width (column_view), >=, natural);
  }

  collect_labels (column_view, "track-name", names);
  g_assert_cmpuint (names->len, ==, N_FILES);

  for (guint i = 0; i < N_FILES; i++)
    {
      LqTrackAnalysis *track = tracks->pdata[i];
      const LqTrackMeasures *m = lq_track_analysis_get_measures (track);
      GtkWidget *row = NULL;
      GtkLabel *label;

      /* The row whose name cell reads the track's name */
      for (guint j = 0; j < names->len; j++)
        if (g_strcmp0 (gtk_label_get_text (names->pdata[j]), row_names[i]) == 0)
          row = gtk_widget_get_parent (gtk_widget_get_parent (names->pdata[j]));
      g_assert_nonnull (row);
      g_test_message ("row %u: %s", i, row_names[i]);

      if (i < N_SINES)
        g_assert_cmpfloat (fabs (m->integrated_lufs - sines[i].level_dbfs), <, 1.5);
      assert_numeric_cell (row, "length", format_duration (m->duration_s));
      assert_numeric_cell (row, "integrated", format_value (m->integrated_lufs));
      assert_numeric_cell (row, "lra", format_value (m->lra_lu));
      assert_numeric_cell (row, "max-momentary", format_value (m->max_momentary_lufs));
      assert_numeric_cell (row, "max-short-term", format_value (m->max_short_term_lufs));
      assert_numeric_cell (row, "sample-peak", format_value (m->sample_peak_dbfs));
      assert_numeric_cell (row, "true-peak", format_value (m->true_peak_dbtp));
      assert_numeric_cell (row, "plr", format_value (m->plr_db));
      assert_numeric_cell (row, "offset", format_offset (lq_album_analysis_get_offset (album, i)));
      label = assert_cell (row, "format", g_strdup (formats[i]));
      g_assert_cmpfloat (gtk_label_get_xalign (label), ==, 0.0f);

      if (i != HOT)
        {
          /* Clean sines: a DC offset far below -40 dB, if any, in phase, unclipped */
          g_assert_true (!isfinite (worse_dc (m)) || worse_dc (m) < -60.0);
          label = assert_numeric_cell (row, "dc", format_number (worse_dc (m), 0));
          assert_flag (label, FALSE, NULL);
          g_assert_cmpfloat (m->correlation, >, 0.99);
          label = assert_numeric_cell (row, "correlation", format_number (m->correlation, 2));
          assert_flag (label, FALSE, NULL);
          g_assert_cmpuint (m->clipped_samples, ==, 0);
          label = assert_numeric_cell (row, "clips", g_strdup ("0"));
          assert_flag (label, FALSE, NULL);
        }
      else
        {
          /* The hot file: what the test computed from its samples */
          assert_numeric_cell (row, "length", format_duration (hot_stats.duration_s));
          assert_numeric_cell (row, "sample-peak", format_value (hot_stats.sample_peak_dbfs));
          label = assert_numeric_cell (row, "dc", format_number (hot_stats.dc_offset_db, 0));
          assert_flag (label, TRUE, DC_WHY);
          label = assert_numeric_cell (row, "correlation", format_number (hot_stats.correlation, 2));
          assert_flag (label, TRUE, CORRELATION_WHY);
          label = assert_numeric_cell (row, "clips",
                                       g_strdup_printf ("%" G_GUINT64_FORMAT, hot_stats.clipped_samples));
          assert_flag (label, TRUE, CLIPS_WHY);
        }
    }

  {
    struct { const char *name; double value; const char *unit; } album_values[] = {
      { "album-integrated", lq_album_analysis_get_integrated_lufs (album), "LUFS" },
      { "album-lra", lq_album_analysis_get_lra_lu (album), "LU" },
      { "album-sample-peak", lq_album_analysis_get_sample_peak_dbfs (album), "dBFS" },
      { "album-true-peak", lq_album_analysis_get_true_peak_dbtp (album), "dBTP" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (album_values); i++)
      {
        GtkWidget *label = find_named (GTK_WIDGET (window), album_values[i].name);
        g_autofree char *value = format_value (album_values[i].value);
        g_autofree char *expected = g_strdup_printf ("%s %s", value, album_values[i].unit);

        g_assert_true (GTK_IS_LABEL (label));
        g_test_message ("%s: %s", album_values[i].name, gtk_label_get_text (GTK_LABEL (label)));
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected);
      }
    /* The hot file's full-scale samples are the album's sample peak */
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (window), "album-sample-peak"))),
                     ==, "0.0 dBFS");
  }

  /* The loudest and quietest tracks, by name, with their offsets */
  {
    struct { const char *name; int index; const char *expected; } extremes[] = {
      { "album-loudest", lq_album_analysis_get_loudest (album), "hot" },
      { "album-quietest", lq_album_analysis_get_quietest (album), "Quiet Sine" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (extremes); i++)
      {
        g_autofree char *offset_name = g_strconcat (extremes[i].name, "-offset", NULL);
        GtkWidget *label = find_named (GTK_WIDGET (window), extremes[i].name);
        GtkWidget *offset_label = find_named (GTK_WIDGET (window), offset_name);
        g_autofree char *offset = NULL;
        g_autofree char *expected_offset = NULL;

        g_assert_cmpint (extremes[i].index, >=, 0);
        offset = format_offset (lq_album_analysis_get_offset (album, extremes[i].index));
        expected_offset = g_strdup_printf ("%s LU", offset);

        g_assert_true (GTK_IS_LABEL (label));
        g_assert_true (GTK_IS_LABEL (offset_label));
        g_test_message ("%s: %s %s", extremes[i].name, gtk_label_get_text (GTK_LABEL (label)),
                        gtk_label_get_text (GTK_LABEL (offset_label)));
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, row_names[extremes[i].index]);
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, extremes[i].expected);
        g_assert_cmpstr (gtk_widget_get_tooltip_text (label), ==,
                         lq_track_analysis_get_path (tracks->pdata[extremes[i].index]));
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (offset_label)), ==, expected_offset);
      }
  }

  save_screenshot (GTK_WIDGET (window), "test-window.png");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A window narrower than the table scrolls it sideways rather than
 * squeezing its columns. */
static void
test_window_narrow (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (hot_path);
  GtkScrolledWindow *scrolled;
  GtkAdjustment *hadjustment;
  GtkWidget *column_view;
  LqWindow *window;
  int natural;

  window = lq_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_drawn, window, "the window to show");

  lq_window_open_files (window, &file, 1);
  wait_until (is_idle, window, "the analysis");
  wait_paint (GTK_WIDGET (window));

  column_view = find_named (GTK_WIDGET (window), "track-table");
  g_assert_nonnull (column_view);
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW));
  hadjustment = gtk_scrolled_window_get_hadjustment (scrolled);
  gtk_widget_measure (column_view, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_test_message ("window %d px, table %d px of %d, scrolls %g of %g",
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_width (column_view), natural,
                  gtk_adjustment_get_page_size (hadjustment), gtk_adjustment_get_upper (hadjustment));

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <, natural);
  /* The table keeps its natural width and scrolls */
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), >=, natural);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (hadjustment), <, gtk_adjustment_get_upper (hadjustment));
  save_screenshot (GTK_WIDGET (window), "test-window-narrow.png");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_missing_file (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.wav", NULL);
  const char *paths[] = { sine_paths[0], missing, NULL };
  LqWindow *window;
  LqTrackItem *item;

  window = window_new_presented ();
  lq_window_open_paths (window, paths);
  wait_until (is_idle, window, "the analysis");

  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 1);
  item = g_list_model_get_item (window_tracks (window), 0);
  g_assert_cmpstr (lq_track_item_get_name (item), ==, "loud-sine");
  /* The only track is the album: no offset */
  g_assert_cmpstr (lq_track_item_get_offset (item), ==, "0.0");
  g_object_unref (item);

  g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, 1);
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_toast (window), "missing.wav: "));
  g_assert_cmpuint (strlen (_lq_window_get_last_toast (window)), >, strlen ("missing.wav: "));
  save_screenshot (GTK_WIDGET (window), "test-window-toast.png");

  /* Nothing that can be analysed: back to the empty state, with a toast */
  {
    const char *only_missing[] = { missing, NULL };

    lq_window_open_paths (window, only_missing);
    wait_until (is_idle, window, "the analysis");
    g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, 2);
    g_assert_cmpstr (_lq_window_get_page (window), ==, "empty");
  }

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Files dropped on the window are analysed. */
static void
test_window_drop (void)
{
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (sine_paths[1]);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  GtkWidget *overlay;
  LqWindow *window;
  gboolean accepted = FALSE;

  window = window_new_presented ();
  overlay = find_type (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (overlay);

  controllers = gtk_widget_observe_controllers (overlay);
  for (guint i = 0; target == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  g_assert_true (lq_window_get_busy (window));
  wait_until (is_idle, window, "the analysis");
  g_assert_cmpuint (g_list_model_get_n_items (window_tracks (window)), ==, 1);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The demo album is made in a thread ($XDG_CACHE_HOME is the session's
 * temporary directory), then analysed like any other files. */
static void
test_window_demo (void)
{
  LqWindow *window = window_new_presented ();
  guint n_rows;

  lq_window_open_demo (window);
  g_assert_true (lq_window_get_busy (window));
  g_assert_cmpstr (_lq_window_get_page (window), ==, "busy");
  wait_until (is_idle, window, "the demo album");

  n_rows = g_list_model_get_n_items (window_tracks (window));
  g_test_message ("demo album: %u tracks", n_rows);
  g_assert_cmpuint (n_rows, >=, 2);
  g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, 0);
  g_assert_cmpstr (_lq_window_get_page (window), ==, "tracks");
  save_screenshot (GTK_WIDGET (window), "test-window-demo.png");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The window takes its size from GSettings (when the schema is installed,
 * as meson test arranges; the backend is in memory). */
static void
test_window_settings (void)
{
  g_autoptr(GSettings) settings = NULL;
  LqWindow *window;
  int width, height;

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_test_skip ("the schema is not compiled: set GSETTINGS_SCHEMA_DIR");
      return;
    }

  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);

  window = lq_window_new (GTK_APPLICATION (app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);

  /* The workspace's layout, the details pane and the chart come back as
   * they were left */
  {
    LqWorkspace *workspace = lq_window_get_workspace (window);
    gboolean visible;

    g_assert_true (lq_workspace_get_timeline_visible (workspace));
    g_assert_cmpstr (lq_workspace_get_visible_view (workspace), ==, "loudness");
    g_object_get (window, "details-visible", &visible, NULL);
    g_assert_true (visible);
    g_object_get (window, "loudness-visible", &visible, NULL);
    g_assert_true (visible);

    /* Changed in the window: written to the settings */
    g_object_set (window, "details-visible", FALSE, "loudness-visible", FALSE, "timeline-visible", FALSE, NULL);
    lq_workspace_set_views_position (workspace, 420);
    lq_workspace_set_timeline_position (workspace, 150);
    g_assert_false (g_settings_get_boolean (settings, "details-visible"));
    g_assert_false (g_settings_get_boolean (settings, "loudness-visible"));
    g_assert_false (g_settings_get_boolean (settings, "timeline-visible"));
    g_assert_cmpint (g_settings_get_int (settings, "views-position"), ==, 420);
    g_assert_cmpint (g_settings_get_int (settings, "timeline-position"), ==, 150);
  }

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* A new window: as the last one was left */
  window = lq_window_new (GTK_APPLICATION (app));
  {
    LqWorkspace *workspace = lq_window_get_workspace (window);
    gboolean visible;

    g_object_get (window, "details-visible", &visible, NULL);
    g_assert_false (visible);
    g_object_get (window, "loudness-visible", &visible, NULL);
    g_assert_false (visible);
    g_assert_false (lq_workspace_get_timeline_visible (workspace));
    g_assert_cmpint (lq_workspace_get_views_position (workspace), ==, 420);
    g_assert_cmpint (lq_workspace_get_timeline_position (workspace), ==, 150);
  }
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "details-visible");
  g_settings_reset (settings, "loudness-visible");
  g_settings_reset (settings, "timeline-visible");
  g_settings_reset (settings, "views-position");
  g_settings_reset (settings, "timeline-position");
  g_settings_reset (settings, "view-page");
}

/* Closing the window while it analyses cancels the job. */
static void
test_window_close_while_busy (void)
{
  LqWindow *window = window_new_presented ();

  lq_window_open_paths (window, (const char *const *)sine_paths);
  g_assert_true (lq_window_get_busy (window));

  /* The job's callback holds the window until the cancelled job returns */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (is_null, &window, "the window to be finalized");
}

/* The start page's buttons are the window's actions; the album summary
 * shows dashes without an album. */
static void
test_start_page_album_summary (void)
{
  const struct { const char *label; const char *action; } buttons[] = {
    { "_New Album…", "win.new-project" },
    { "Open _Album…", "win.open-project" },
    { "_Open Audio Files…", "win.open" },
    { "Try the _Demo Album", "win.open-demo" },
  };
  GtkWidget *page = g_object_ref_sink (lq_start_page_new ());
  GtkWidget *summary = g_object_ref_sink (lq_album_summary_new ());
  g_autofree char *no_lufs = lq_format_value_with_unit (NAN, "LUFS");
  guint n_found = 0;

  g_assert_nonnull (find_named (page, "recent-albums"));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      g_autoptr(GPtrArray) stack = g_ptr_array_new ();

      g_ptr_array_add (stack, page);
      while (stack->len > 0)
        {
          GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

          if (GTK_IS_BUTTON (w)
              && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), buttons[i].label) == 0)
            {
              g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), ==, buttons[i].action);
              n_found++;
            }
          for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
            g_ptr_array_add (stack, c);
        }
    }
  g_assert_cmpuint (n_found, ==, G_N_ELEMENTS (buttons));

  lq_album_summary_set_album (LQ_ALBUM_SUMMARY (summary), NULL, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (summary, "album-integrated"))), ==, no_lufs);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (summary, "album-loudest"))), ==, "—");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (summary, "album-loudest-offset"))), ==, "");

  g_assert_finalize_object (page);
  g_assert_finalize_object (summary);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/start-page-album-summary", test_start_page_album_summary);
  g_test_add_func ("/ui/window/new", test_window_new);
  g_test_add_func ("/ui/window/analysis", test_window_analysis);
  g_test_add_func ("/ui/window/narrow", test_window_narrow);
  g_test_add_func ("/ui/window/missing-file", test_window_missing_file);
  g_test_add_func ("/ui/window/drop", test_window_drop);
  g_test_add_func ("/ui/window/demo", test_window_demo);
  g_test_add_func ("/ui/window/settings", test_window_settings);
  g_test_add_func ("/ui/window/close-while-busy", test_window_close_while_busy);

  return lq_test_ui_run ();
}

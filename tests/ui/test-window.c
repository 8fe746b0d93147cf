/* test-window.c: LqWindow in-process, on a real (headless) display.
 *
 * Feeds the window generated WAV files, waits for the analysis table, and
 * checks what it shows against an analysis made here independently, and,
 * for a clipped file whose samples the test knows, against its own
 * arithmetic on those samples. Then album projects: editing, the mastering
 * chain's inspector, the Match dialog and the loudness chart, the Export
 * dialog (a real export, refused and cancelled ones). Run it
 * under build-aux/with-gui-session.sh (meson test does), with
 * GSK_RENDERER=cairo and GTK_A11Y=none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sndfile.h>

#include "lq-album-analysis.h"
#include "lq-analyzer.h"
#include "lq-application.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-format.h"
#include "lq-track-item.h"
#include "lq-project.h"
#include "lq-window-private.h"

#define TIMEOUT_S 60

typedef struct
{
  const char *file_name;
  const char *title;   /* written as the title tag, or NULL */
  double level_dbfs;
} TestSine;

/* The -30 dBFS file has a title tag: its row is named by it */
static const TestSine sines[] = {
  { "loud-sine.wav", NULL, -20.0 },
  { "quiet-sine.wav", "Quiet Sine", -30.0 },
};

/* A file with every problem the table flags, 16-bit stereo so that the
 * test knows each sample: a 100 Hz sine at twice full scale, lifted by
 * HOT_DC, hard-clipped into [-32768, 32767] (runs of full-scale samples,
 * and DC), on the left; its negation, clipped again, on the right (a
 * correlation of -1). */
#define HOT_FILE_NAME "hot.wav"
#define HOT_RATE 48000
#define HOT_SECONDS 5
#define HOT_DC 0.1

/* What the test computes from the samples of the hot file */
typedef struct
{
  double duration_s;
  double sample_peak_dbfs;
  double dc_offset_db;     /* the worse channel */
  double correlation;
  guint64 clipped_samples; /* in runs of 3 or more, both channels */
} HotStats;

static char *tmp_dir;
static char *sine_paths[G_N_ELEMENTS (sines) + 1];
static char *hot_path;
static HotStats hot_stats;
static LqApplication *app;

static void
write_sine (const char *path,
            const char *title,
            double      level_dbfs)
{
  enum { RATE = 48000, SECONDS = 5, BLOCK = RATE / 10 };
  SF_INFO info = { .samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
  double amplitude = pow (10.0, level_dbfs / 20.0);
  float block[BLOCK * 2];
  SNDFILE *file;

  file = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (file);
  if (title != NULL)
    g_assert_cmpint (sf_set_string (file, SF_STR_TITLE, title), ==, 0);

  for (guint n = 0; n < RATE * SECONDS; n += BLOCK)
    {
      for (guint i = 0; i < BLOCK; i++)
        {
          float x = (float)(amplitude * sin (2.0 * G_PI * 1000.0 * (double)(n + i) / RATE));

          block[2 * i] = x;
          block[2 * i + 1] = x;
        }
      g_assert_cmpint (sf_writef_float (file, block, BLOCK), ==, BLOCK);
    }

  g_assert_cmpint (sf_close (file), ==, 0);
}

/* Full scale is the largest positive code, 32767/32768, either way */
static gboolean
is_full_scale (short x)
{
  return ABS ((int) x) >= G_MAXINT16;
}

static void
write_hot (const char *path,
           HotStats   *stats)
{
  enum { FRAMES = HOT_RATE * HOT_SECONDS };
  SF_INFO info = { .samplerate = HOT_RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  g_autofree short *samples = g_new (short, FRAMES * 2);
  double sum[2] = { 0.0, 0.0 }, sum_lr = 0.0, sum_ll = 0.0, sum_rr = 0.0, peak = 0.0;
  guint run[2] = { 0, 0 };
  SNDFILE *file;

  memset (stats, 0, sizeof *stats);

  for (guint n = 0; n < FRAMES; n++)
    {
      double x = 2.0 * sin (2.0 * G_PI * 100.0 * n / HOT_RATE) + HOT_DC;
      long left = CLAMP (lround (x * 32768.0), G_MININT16, G_MAXINT16);

      samples[2 * n] = (short) left;
      samples[2 * n + 1] = (short) CLAMP (-left, G_MININT16, G_MAXINT16);
    }

  /* What a reader sees: x / 32768 */
  for (guint n = 0; n < FRAMES; n++)
    {
      double l = samples[2 * n] / 32768.0;
      double r = samples[2 * n + 1] / 32768.0;

      sum[0] += l;
      sum[1] += r;
      sum_lr += l * r;
      sum_ll += l * l;
      sum_rr += r * r;
      peak = MAX (peak, MAX (fabs (l), fabs (r)));

      /* A run counts once it is 3 samples long, then every sample on */
      for (guint c = 0; c < 2; c++)
        {
          if (!is_full_scale (samples[2 * n + c]))
            run[c] = 0;
          else if (++run[c] == 3)
            stats->clipped_samples += 3;
          else if (run[c] > 3)
            stats->clipped_samples++;
        }
    }

  stats->duration_s = (double) FRAMES / HOT_RATE;
  stats->sample_peak_dbfs = 20.0 * log10 (peak);
  stats->dc_offset_db = 20.0 * log10 (MAX (fabs (sum[0]), fabs (sum[1])) / FRAMES);
  stats->correlation = sum_lr / sqrt (sum_ll * sum_rr);

  file = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (file);
  g_assert_cmpint (sf_writef_short (file, samples, FRAMES), ==, FRAMES);
  g_assert_cmpint (sf_close (file), ==, 0);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @cond holds, or fails after TIMEOUT_S. */
static void
wait_until (gboolean (*cond) (gpointer),
            gpointer   data,
            const char *what)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
is_idle (gpointer data)
{
  return !lq_window_get_busy (data);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
no_transition_running (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  /* An expander row opening or closing */
  if (GTK_IS_REVEALER (widget)
      && gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) != gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!no_transition_running (child))
      return FALSE;

  return TRUE;
}

/* A snapshot taken while a relayout is pending is empty: let a frame paint. */
static void
wait_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  wait_until (is_true, &painted, "a frame to paint");
  g_signal_handler_disconnect (clock, id);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("LQ_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  int width, height;

  wait_until (no_transition_running, widget, "page transitions to end");
  wait_paint (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
collect_labels (GtkWidget  *widget,
                const char *css_class,
                GPtrArray  *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, css_class, labels);
}

static GtkLabel *
find_label (GtkWidget  *root,
            const char *css_class)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, css_class, labels);
  g_assert_cmpuint (labels->len, ==, 1);

  return labels->pdata[0];
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* lacquer-cli's rules: an em dash for what does not exist (NAN, and the
 * -inf of silence), and no sign on a value that rounds to zero */
static char *
format_number (double value,
               int    decimals)
{
  char *text;

  if (!isfinite (value))
    return g_strdup ("—");

  text = g_strdup_printf ("%.*f", decimals, value);
  if (text[0] == '-' && strspn (text + 1, "0.") == strlen (text + 1))
    {
      char *unsigned_text = g_strdup (text + 1);

      g_free (text);
      text = unsigned_text;
    }

  return text;
}

static char *
format_value (double value)
{
  return format_number (value, 1);
}

static char *
format_duration (double seconds)
{
  gint64 s = (gint64) floor (seconds + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static char *
format_offset (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (fabs (value) < 0.05)
    return g_strdup ("0.0");
  return g_strdup_printf ("%+.1f", value);
}

static GtkLabel *
assert_cell (GtkWidget  *row,
             const char *css_class,
             char       *expected)
{
  GtkLabel *label = find_label (row, css_class);

  g_test_message ("  %s: %s", css_class, gtk_label_get_text (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
  g_free (expected);

  return label;
}

/* A numeric cell: right-aligned, with tabular figures (.numeric) */
static GtkLabel *
assert_numeric_cell (GtkWidget  *row,
                     const char *css_class,
                     char       *expected)
{
  GtkLabel *label = assert_cell (row, css_class, expected);

  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "numeric"));
  g_assert_cmpfloat (gtk_label_get_xalign (label), ==, 1.0f);

  return label;
}

/* A cell that may be flagged: the warning style and a tooltip saying why,
 * or neither. */
static void
assert_flag (GtkLabel   *label,
             gboolean    flagged,
             const char *why)
{
  g_test_message ("    %s", flagged ? "flagged" : "not flagged");
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (label), "warning"), ==, flagged);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, flagged ? why : NULL);
}

/* The worse channel's DC offset, as lacquer-cli picks it */
static double
worse_dc (const LqTrackMeasures *m)
{
  if (m->channels > 1 && !(m->dc_offset_db[0] >= m->dc_offset_db[1]))
    return m->dc_offset_db[1];
  return m->dc_offset_db[0];
}

/* The rows the window's table shows: LqTrackItem, in album order. */
static GListModel *
window_tracks (LqWindow *window)
{
  return lq_track_table_get_model (_lq_window_get_track_table (window));
}

static GtkSingleSelection *
window_selection (LqWindow *window)
{
  return _lq_track_table_get_selection (_lq_window_get_track_table (window));
}

static LqWindow *
window_new_presented (void)
{
  LqWindow *window = lq_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_drawn, window, "the window to show");

  return window;
}

static void
test_format (void)
{
  static const struct { double value; int decimals; const char *text; } numbers[] = {
    { -14.24, 1, "-14.2" },
    { -0.04, 1, "0.0" },
    { 0.04, 1, "0.0" },
    { -0.4, 0, "0" },
    { -36.6, 0, "-37" },
    { -0.004, 2, "0.00" },
    { -0.996, 2, "-1.00" },
    { 2975.0, 0, "2975" },
    { NAN, 1, "—" },
    { -INFINITY, 0, "—" },
    { INFINITY, 2, "—" },
  };
  static const struct { double seconds; const char *text; } durations[] = {
    { 0.0, "0:00" },
    { 4.49, "0:04" },
    { 4.5, "0:05" },
    { 59.5, "1:00" },
    { 3599.4, "59:59" },
    { 3725.0, "1:02:05" },
    { NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = lq_format_number (numbers[i].value, numbers[i].decimals);

      g_assert_cmpstr (text, ==, numbers[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = lq_format_duration (durations[i].seconds);

      g_assert_cmpstr (text, ==, durations[i].text);
    }

  {
    g_autofree char *plus = lq_format_offset (1.25);
    g_autofree char *minus = lq_format_offset (-0.7);
    g_autofree char *zero = lq_format_offset (-0.04);
    g_autofree char *none = lq_format_offset (NAN);
    g_autofree char *silence = lq_format_value_with_unit (-INFINITY, "dBFS");
    g_autofree char *peak = lq_format_value_with_unit (-0.03, "dBFS");

    g_assert_cmpstr (plus, ==, "+1.2");
    g_assert_cmpstr (minus, ==, "-0.7");
    g_assert_cmpstr (zero, ==, "0.0");
    g_assert_cmpstr (none, ==, "—");
    g_assert_cmpstr (silence, ==, "—");
    g_assert_cmpstr (peak, ==, "0.0 dBFS");
  }
}

static void
test_track_item_new (void)
{
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *track;
  LqTrackItem *item;

  track = lq_analyze_file (sine_paths[0], NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  item = lq_track_item_new (track, 1.25);
  g_assert_true (lq_track_item_get_analysis (item) == track);
  g_assert_cmpstr (lq_track_item_get_name (item), ==, "loud-sine");
  g_assert_cmpstr (lq_track_item_get_offset (item), ==, "+1.2");
  g_assert_cmpstr (lq_track_item_get_length (item), ==, "0:05");
  g_assert_cmpstr (lq_track_item_get_clips (item), ==, "0");
  g_assert_cmpstr (lq_track_item_get_format (item), ==, "WAV 24-bit");
  g_assert_false (lq_track_item_get_clips_warning (item));
  g_assert_false (lq_track_item_get_dc_warning (item));
  g_assert_false (lq_track_item_get_correlation_warning (item));
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);
}

/* The hot file, measured, is what the test computed from its samples; and
 * its item flags all three problems. */
static void
test_track_item_hot (void)
{
  g_autoptr(GError) error = NULL;
  const LqTrackMeasures *m;
  LqTrackAnalysis *track;
  LqTrackItem *item;

  track = lq_analyze_file (hot_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  m = lq_track_analysis_get_measures (track);

  g_test_message ("computed: peak %.3f dBFS, DC %.3f dB, correlation %.4f, %" G_GUINT64_FORMAT " clipped",
                  hot_stats.sample_peak_dbfs, hot_stats.dc_offset_db, hot_stats.correlation,
                  hot_stats.clipped_samples);
  g_test_message ("measured: peak %.3f dBFS, DC %.3f dB, correlation %.4f, %" G_GUINT64_FORMAT " clipped",
                  m->sample_peak_dbfs, worse_dc (m), m->correlation, m->clipped_samples);
  g_assert_cmpfloat_with_epsilon (m->duration_s, hot_stats.duration_s, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, hot_stats.sample_peak_dbfs, 0.001);
  g_assert_cmpfloat_with_epsilon (worse_dc (m), hot_stats.dc_offset_db, 0.01);
  g_assert_cmpfloat_with_epsilon (m->correlation, hot_stats.correlation, 0.001);
  g_assert_cmpuint (m->clipped_samples, ==, hot_stats.clipped_samples);
  /* The signal is what it was meant to be */
  g_assert_cmpuint (hot_stats.clipped_samples, >, 0);
  g_assert_cmpfloat (hot_stats.dc_offset_db, >, -35.0);
  g_assert_cmpfloat (hot_stats.dc_offset_db, <, -25.0);
  g_assert_cmpfloat (hot_stats.correlation, <, -0.99);

  item = lq_track_item_new (track, 0.0);
  g_assert_true (lq_track_item_get_clips_warning (item));
  g_assert_true (lq_track_item_get_dc_warning (item));
  g_assert_true (lq_track_item_get_correlation_warning (item));
  g_assert_cmpstr (lq_track_item_get_correlation (item), ==, "-1.00");
  g_assert_cmpstr (lq_track_item_get_format (item), ==, "WAV 16-bit");
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);
}

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
  enum { N_FILES = G_N_ELEMENTS (sines) + 1, HOT = N_FILES - 1 };
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

      if (i < G_N_ELEMENTS (sines))
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

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
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

/* Album projects ------------------------------------------------------------ */

static char *
copy_into (const char *path,
           const char *dir,
           const char *name)
{
  g_autoptr(GFile) source = g_file_new_for_path (path);
  char *target_path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return target_path;
}

/* The rows' names, in order, joined by '|' */
static char *
row_names (LqWindow *window)
{
  GListModel *model = window_tracks (window);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LqTrackItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s%s", i > 0 ? "|" : "", lq_track_item_get_name (item));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The project's track names, in order, joined by '|' */
static char *
track_names (LqProject *project)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    g_string_append_printf (s, "%s%s", p > 1 ? "|" : "",
                            lq_track_get_display_name (lq_project_get_track (project, p)));

  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct
{
  LqWindow *window;
  guint n_rows;
} RowsWait;

/* Idle, with n_rows rows, each measured (or missing), and drawn */
static gboolean
project_settled (gpointer data)
{
  RowsWait *wait = data;
  GListModel *model = window_tracks (wait->window);
  guint n = g_list_model_get_n_items (model);

  if (lq_window_get_busy (wait->window) || n != wait->n_rows)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LqTrackItem) item = g_list_model_get_item (model, i);
      LqTrack *track = lq_track_item_get_track (item);

      if (track == NULL)
        return FALSE;
      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK && lq_track_item_get_analysis (item) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
wait_project (LqWindow *window,
              guint     n_rows)
{
  RowsWait wait = { window, n_rows };

  wait_until (project_settled, &wait, "the project's rows");
  wait_paint (GTK_WIDGET (window));
}

/* The name label drawn for the row named @name */
static GtkWidget *
find_name_label (LqWindow   *window,
                 const char *name)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *found = NULL;

  collect_labels (find_named (GTK_WIDGET (window), "track-table"), "track-name", labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), name) == 0)
      found = labels->pdata[i];

  return found;
}

static gboolean
name_label_drawn (gpointer data)
{
  gpointer *args = data;

  return find_name_label (args[0], args[1]) != NULL;
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
assert_order (LqWindow   *window,
              const char *expected)
{
  g_autofree char *rows = row_names (window);
  g_autofree char *tracks = track_names (lq_window_get_project (window));

  g_test_message ("order: model %s, rows %s", tracks, rows);
  g_assert_cmpstr (tracks, ==, expected);
  g_assert_cmpstr (rows, ==, expected);
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        gtk_window_destroy (toplevel);
    }
}

static gboolean
is_not_busy_and_refreshed (gpointer data)
{
  LqWindow *window = data;

  /* The rows follow the model in an idle */
  return !lq_window_get_busy (window) && !g_main_context_pending (NULL);
}

static void
settle (LqWindow *window)
{
  wait_until (is_not_busy_and_refreshed, window, "the window to settle");
  wait_paint (GTK_WIDGET (window));
}

static void
destroy_window (LqWindow *window)
{
  close_dialogs ();
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Creating a project, adding files, reordering by drag and drop and by
 * keyboard, undo and redo, editing through the details pane, refused
 * values, Save As. */
static void
test_window_project (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "album", NULL);
  g_autofree char *given = g_build_filename (dir, "Album", NULL);
  g_autofree char *path = g_build_filename (dir, "Album.lacquer", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "Album Copy.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;
  LqProject *project;
  LqEditPane *pane;
  LqFieldSet *fields;
  GtkSingleSelection *selection;
  GtkWidget *row;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");   /* titled "Quiet Sine" */

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, given));
  project = lq_window_get_project (window);
  g_assert_nonnull (project);
  g_assert_cmpstr (lq_project_get_path (project), ==, path);
  g_assert_cmpstr (_lq_window_get_page (window), ==, "tracks");
  /* No album title yet: the window is named after the file */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Album");

  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  g_assert_true (lq_window_get_busy (window));
  wait_project (window, 2);
  assert_order (window, "Opening|Quiet Sine");
  settle (window);

  /* Every measure comes from the project's cached analysis */
  {
    g_autoptr(LqTrackItem) item = g_list_model_get_item (window_tracks (window), 0);
    const LqTrackMeasures *m = lq_track_analysis_get_measures (lq_track_item_get_analysis (item));
    g_autofree char *integrated = format_value (m->integrated_lufs);

    g_assert_cmpstr (lq_track_item_get_position (item), ==, "1");
    g_assert_cmpstr (lq_track_item_get_integrated (item), ==, integrated);
    g_assert_cmpfloat (fabs (m->integrated_lufs - sines[0].level_dbfs), <, 1.5);
  }

  /* Drag "Quiet Sine" onto "Opening": the drop target's handler moves it */
  {
    gpointer args[2] = { window, (gpointer) "Opening" };
    g_autoptr(LqTrackItem) dragged = g_list_model_get_item (window_tracks (window), 1);
    g_auto(GValue) value = G_VALUE_INIT;
    GtkDropTarget *target;
    gboolean accepted = FALSE;

    wait_until (name_label_drawn, args, "the rows to be drawn");
    target = find_drop_target (find_name_label (window, "Opening"));
    g_assert_nonnull (target);
    g_value_init (&value, LQ_TYPE_TRACK_ITEM);
    g_value_set_object (&value, dragged);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 5.0, &accepted);
    g_assert_true (accepted);
  }
  assert_order (window, "Quiet Sine|Opening");
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Move Track 2 to 1");
  settle (window);
  {
    GtkWidget *undo_button = find_named (GTK_WIDGET (window), "undo-button");

    g_assert_nonnull (undo_button);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (undo_button), ==, "Undo Move Track 2 to 1");
  }

  /* Undo and redo, as Ctrl+Z and Shift+Ctrl+Z do */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_order (window, "Opening|Quiet Sine");
  g_assert_true (lq_project_can_redo (project));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  assert_order (window, "Quiet Sine|Opening");

  /* Alt+Down on the selected track; the selection follows it */
  selection = window_selection (window);
  gtk_single_selection_set_selected (selection, 0);
  settle (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-down", NULL));
  assert_order (window, "Opening|Quiet Sine");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-up", NULL));
  assert_order (window, "Quiet Sine|Opening");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  /* The details pane edits the selected track: "Quiet Sine" */
  pane = _lq_window_get_edit_pane (window);
  fields = _lq_edit_pane_get_fields (pane);
  g_assert_true (lq_edit_pane_get_track (pane) == lq_project_get_track (project, 1));
  row = lq_field_set_get_row (fields, FALSE, "title");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Quiet Sine");
  gtk_editable_set_text (GTK_EDITABLE (row), "Interlude");
  g_signal_emit_by_name (row, "apply");
  assert_order (window, "Interlude|Opening");
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Set Title of Track 1");

  row = lq_field_set_get_row (fields, FALSE, "isrc");
  gtk_editable_set_text (GTK_EDITABLE (row), "gb-abc-24-00001");
  g_signal_emit_by_name (row, "apply");
  /* Stored normalised, and shown as stored */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "GBABC2400001");

  /* A number, with a spin button */
  {
    GtkWidget *spin = lq_field_set_get_editor (fields, FALSE, "gain");
    double gain;

    g_assert_true (GTK_IS_SPIN_BUTTON (spin));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), -1.5);
    g_object_get (lq_project_get_track (project, 1), "gain", &gain, NULL);
    g_assert_cmpfloat (gain, ==, -1.5);
  }

  /* A refused value: a toast with the model's reason, the model unchanged,
   * the row back to what is stored, and flagged */
  {
    guint n_toasts = _lq_window_get_n_toasts (window);
    g_autofree char *isrc = NULL;

    gtk_editable_set_text (GTK_EDITABLE (row), "not an isrc");
    g_signal_emit_by_name (row, "apply");
    g_assert_cmpuint (_lq_window_get_n_toasts (window), ==, n_toasts + 1);
    g_test_message ("toast: %s", _lq_window_get_last_toast (window));
    g_assert_nonnull (strstr (_lq_window_get_last_toast (window), "not an ISRC"));
    g_object_get (lq_project_get_track (project, 1), "isrc", &isrc, NULL);
    g_assert_cmpstr (isrc, ==, "GBABC2400001");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "GBABC2400001");
    g_assert_true (gtk_widget_has_css_class (row, "error"));
    save_screenshot (GTK_WIDGET (window), "test-window-project-edit.png");
  }

  /* The album's fields, with no track selected; its title names the window */
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_assert_null (lq_edit_pane_get_track (pane));
  row = lq_field_set_get_row (fields, TRUE, "title");
  gtk_editable_set_text (GTK_EDITABLE (row), "Night Drive");
  g_signal_emit_by_name (row, "apply");
  row = lq_field_set_get_row (fields, TRUE, "artist");
  gtk_editable_set_text (GTK_EDITABLE (row), "The Test Tones");
  g_signal_emit_by_name (row, "apply");
  row = lq_field_set_get_row (fields, TRUE, "year");
  gtk_editable_set_text (GTK_EDITABLE (row), "2026");
  g_signal_emit_by_name (row, "apply");
  {
    g_autofree char *title = NULL;
    gint64 year = 0;

    g_object_get (project, "title", &title, "year", &year, NULL);
    g_assert_cmpstr (title, ==, "Night Drive");
    g_assert_cmpint (year, ==, 2026);
  }
  settle (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Night Drive");
  save_screenshot (GTK_WIDGET (window), "test-window-project-album.png");

  gtk_single_selection_set_selected (selection, 1);
  settle (window);
  save_screenshot (GTK_WIDGET (window), "test-window-project.png");

  /* Delete removes the selected track, and says so with a way back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-track", NULL));
  assert_order (window, "Interlude");
  g_assert_cmpstr (_lq_window_get_last_toast (window), ==, "“Opening” removed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_order (window, "Interlude|Opening");

  /* Save As: a copy with everything, which the window then edits */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (lq_window_save_as (window, copy_path, &error));
    g_assert_no_error (error);
    project = lq_window_get_project (window);
    g_assert_cmpstr (lq_project_get_path (project), ==, copy_path);
    assert_order (window, "Interlude|Opening");
    g_assert_true (lq_project_can_undo (project));
    settle (window);
  }

  destroy_window (window);

  /* The original is still whole, and free again */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) reopened = lq_project_open (path, TRUE, &error);
    g_autofree char *names = NULL;

    g_assert_no_error (error);
    names = track_names (reopened);
    g_assert_cmpstr (names, ==, "Interlude|Opening");
  }
}

static gboolean
recent_shown (gpointer data)
{
  GtkWidget *group = find_named (GTK_WIDGET (data), "recent-albums");

  return group != NULL && gtk_widget_get_visible (group);
}

/* A source file gone: marked in its row, relinked, measured again; the
 * errors opening a project names the file and why. */
static void
test_window_project_missing (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "moving", NULL);
  g_autofree char *moved_dir = g_build_filename (dir, "moved", NULL);
  g_autofree char *path = g_build_filename (dir, "Moving.lacquer", NULL);
  g_autofree char *bogus = g_build_filename (dir, "Bogus.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *moved = NULL;
  LqWindow *window, *other;
  LqProject *project;
  LqTrack *track;

  g_assert_cmpint (g_mkdir_with_parents (moved_dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "one.wav");
  two = copy_into (hot_path, dir, "two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  destroy_window (window);

  moved = g_build_filename (moved_dir, "two.wav", NULL);
  g_assert_cmpint (g_rename (two, moved), ==, 0);

  /* Reopened: the row says the file is missing, and where it was */
  window = window_new_presented ();
  g_assert_true (lq_window_open_project (window, path));
  project = lq_window_get_project (window);
  wait_project (window, 2);
  settle (window);
  track = lq_project_get_track (project, 2);
  g_assert_cmpint (lq_track_get_status (track), ==, LQ_TRACK_STATUS_MISSING);
  {
    g_autoptr(GPtrArray) images = g_ptr_array_new ();
    g_autofree char *why = g_strdup_printf ("File missing: %s", two);
    GtkWidget *image = NULL;

    gtk_single_selection_set_selected (window_selection (window), 1);
    settle (window);
    for (GtkWidget *w = find_named (GTK_WIDGET (window), "track-table"); w != NULL; w = NULL)
      {
        /* The status cells: images with the .status class */
        GPtrArray *stack = g_ptr_array_new ();

        g_ptr_array_add (stack, w);
        while (stack->len > 0)
          {
            GtkWidget *x = g_ptr_array_steal_index (stack, stack->len - 1);

            if (GTK_IS_IMAGE (x) && gtk_widget_has_css_class (x, "status")
                && gtk_widget_has_css_class (x, "warning"))
              g_ptr_array_add (images, x);
            for (GtkWidget *c = gtk_widget_get_first_child (x); c != NULL; c = gtk_widget_get_next_sibling (c))
              g_ptr_array_add (stack, c);
          }
        g_ptr_array_unref (stack);
      }
    g_assert_cmpuint (images->len, ==, 1);
    image = images->pdata[0];
    g_test_message ("status: %s", gtk_widget_get_tooltip_text (image));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (image), ==, why);
    /* The details pane offers to relink it */
    g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (_lq_window_get_edit_pane (window)),
                                                       "track-status")));
    save_screenshot (GTK_WIDGET (window), "test-window-project-missing.png");
  }

  /* Relinked (the file chooser's path): found, and measured */
  lq_window_relink (window, 2, moved);
  g_assert_true (lq_window_get_busy (window));
  wait_project (window, 2);
  g_assert_cmpint (lq_track_get_status (track), ==, LQ_TRACK_STATUS_OK);
  g_assert_cmpstr (lq_track_get_path (track), ==, moved);
  g_assert_nonnull (lq_track_get_analysis (track));

  /* Open in this window: a second one cannot write it */
  other = window_new_presented ();
  g_assert_false (lq_window_open_project (other, path));
  g_test_message ("error: %s", _lq_window_get_last_error (other));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_error (other), "Cannot Open “Moving.lacquer”\n"));
  g_assert_nonnull (strstr (_lq_window_get_last_error (other), "open for writing in another Lacquer"));
  g_assert_null (lq_window_get_project (other));

  /* Not a project at all */
  g_assert_true (g_file_set_contents (bogus, "not a project\n", -1, NULL));
  g_assert_false (lq_window_open_project (other, bogus));
  g_test_message ("error: %s", _lq_window_get_last_error (other));
  g_assert_cmpstr (_lq_window_get_last_error (other), ==,
                   "Cannot Open “Bogus.lacquer”\nIt is not a Lacquer album project.");
  g_assert_cmpstr (_lq_window_get_page (other), ==, "empty");

  /* The start page lists the projects used */
  wait_until (recent_shown, other, "the recent albums");
  save_screenshot (GTK_WIDGET (other), "test-window-start.png");
  destroy_window (other);
  destroy_window (window);
}

/* Mastering ----------------------------------------------------------------- */

/* A project of the two sines, "Opening" (-20 dBFS) and "Quiet Sine"
 * (-30 dBFS), measured and shown. */
static LqWindow *
mastering_window_new (const char  *name,
                      char       **dir_out)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  settle (window);

  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return window;
}

static double
track_double (LqProject  *project,
              guint       position,
              const char *key)
{
  const GValue *value = lq_track_get_value (lq_project_get_track (project, position),
                                            lq_project_fields_lookup (FALSE, key));

  g_assert_nonnull (value);
  return G_VALUE_HOLDS_BOOLEAN (value) ? g_value_get_boolean (value) : g_value_get_double (value);
}

static double
album_double (LqProject  *project,
              const char *key)
{
  const GValue *value = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key));

  g_assert_nonnull (value);
  return G_VALUE_HOLDS_BOOLEAN (value) ? g_value_get_boolean (value) : g_value_get_double (value);
}

/* The chain of the selected track, and the album bus: Ctrl+I shows them;
 * an edit there is one undoable project edit; an EQ band shows the settings
 * its type uses. */
static void
test_window_inspector (void)
{
  LqWindow *window = mastering_window_new ("Chain", NULL);
  LqProject *project = lq_window_get_project (window);
  LqEditPane *pane = _lq_window_get_edit_pane (window);
  LqFieldSet *fields = _lq_edit_pane_get_fields (pane);
  LqInspector *inspector = lq_edit_pane_get_inspector (pane);
  LqFieldSet *chain = _lq_inspector_get_fields (inspector);
  GtkWidget *comp, *eq1, *spin, *sw, *combo;
  double default_ratio;

  /* The chain's settings are the inspector's, not the details pane's */
  g_assert_nonnull (lq_field_set_get_row (fields, FALSE, "gain"));
  g_assert_null (lq_field_set_get_row (fields, FALSE, "comp-ratio"));
  g_assert_null (lq_field_set_get_row (fields, FALSE, "eq1-freq"));
  g_assert_null (lq_field_set_get_row (fields, TRUE, "limiter-release"));
  g_assert_nonnull (lq_field_set_get_row (fields, TRUE, "target"));

  /* Ctrl+I: the details pane, on its Chain page */
  g_object_set (window, "details-visible", FALSE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inspector", NULL));
  g_assert_cmpstr (lq_edit_pane_get_page (pane), ==, "chain");
  {
    gboolean visible = FALSE;

    g_object_get (window, "details-visible", &visible, NULL);
    g_assert_true (visible);
  }

  /* No track: the album bus only */
  comp = _lq_inspector_get_processor (inspector, FALSE, "comp");
  g_assert_true (ADW_IS_EXPANDER_ROW (comp));
  g_assert_false (gtk_widget_get_visible (comp));
  g_assert_true (gtk_widget_get_visible (_lq_inspector_get_processor (inspector, TRUE, "bus-comp")));
  g_assert_nonnull (_lq_inspector_get_processor (inspector, TRUE, "limiter"));
  g_assert_nonnull (_lq_inspector_get_processor (inspector, TRUE, "bus-eq8"));
  g_assert_true (ADW_IS_ACTION_ROW (_lq_inspector_get_processor (inspector, FALSE, "match-eq")));

  /* A track: its processors, in the chain's order, titled from the field table */
  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  g_assert_true (lq_inspector_get_track (inspector) == lq_project_get_track (project, 1));
  g_assert_cmpstr (lq_edit_pane_get_page (pane), ==, "chain");
  g_assert_true (gtk_widget_get_visible (comp));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (comp)), ==, "Compressor");
  eq1 = _lq_inspector_get_processor (inspector, FALSE, "eq1");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (eq1)), ==, "EQ Band 1");
  {
    GtkWidget *eq8 = _lq_inspector_get_processor (inspector, FALSE, "eq8");
    GtkWidget *width = _lq_inspector_get_processor (inspector, FALSE, "width");
    GtkWidget *order[] = { eq1, eq8, _lq_inspector_get_processor (inspector, FALSE, "match-eq"), comp, width };

    for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++)
      {
        graphene_point_t a, b;

        g_assert_true (gtk_widget_compute_point (order[i], GTK_WIDGET (inspector), &GRAPHENE_POINT_INIT (0, 0), &a));
        g_assert_true (gtk_widget_compute_point (order[i + 1], GTK_WIDGET (inspector),
                                                 &GRAPHENE_POINT_INIT (0, 0), &b));
        g_assert_cmpfloat (a.y, <, b.y);
      }
  }

  /* The compressor's ratio: one edit, undone */
  spin = lq_field_set_get_editor (chain, FALSE, "comp-ratio");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  default_ratio = track_double (project, 1, "comp-ratio");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, default_ratio);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4.0);
  g_assert_cmpfloat (track_double (project, 1, "comp-ratio"), ==, 4.0);
  g_assert_cmpfloat (track_double (project, 2, "comp-ratio"), ==, default_ratio);
  g_test_message ("undo: %s", lq_project_get_undo_label (project));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (comp)), "4.0:1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpfloat (track_double (project, 1, "comp-ratio"), ==, default_ratio);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, default_ratio);

  /* The switch in the compressor's header turns it on, without opening it */
  sw = lq_field_set_get_editor (chain, FALSE, "comp-on");
  g_assert_true (GTK_IS_SWITCH (sw));
  g_assert_true (gtk_widget_is_ancestor (sw, comp));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_cmpfloat (track_double (project, 1, "comp-on"), ==, TRUE);
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (comp)));

  /* An EQ band: a pass has a slope, no gain or Q; a bell the other way */
  combo = lq_field_set_get_editor (chain, FALSE, "eq1-type");
  g_assert_true (ADW_IS_COMBO_ROW (combo));
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 3);   /* high-pass */
  g_assert_false (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-gain")));
  g_assert_false (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-q")));
  g_assert_true (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-slope")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);   /* bell */
  {
    const GValue *type = lq_track_get_value (lq_project_get_track (project, 1),
                                             lq_project_fields_lookup (FALSE, "eq1-type"));

    g_assert_cmpstr (g_value_get_string (type), ==, "bell");
  }
  g_assert_true (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-gain")));
  g_assert_true (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-q")));
  g_assert_false (gtk_widget_get_visible (lq_field_set_get_row (chain, FALSE, "eq1-slope")));
  g_test_message ("eq1: %s", adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (eq1)));
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (eq1)), "Bell"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (lq_field_set_get_editor (chain, FALSE, "eq1-gain")), 2.5);
  g_assert_cmpfloat (track_double (project, 1, "eq1-gain"), ==, 2.5);

  /* The album bus: the limiter's release */
  spin = lq_field_set_get_editor (chain, TRUE, "limiter-release");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 250.0);
  g_assert_cmpfloat (album_double (project, "limiter-release"), ==, 250.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), !=, 250.0);

  /* Another track: its own values, the chain still in view */
  gtk_single_selection_set_selected (window_selection (window), 1);
  settle (window);
  g_assert_cmpstr (lq_edit_pane_get_page (pane), ==, "chain");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_single_selection_set_selected (window_selection (window), 0);
  settle (window);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (eq1), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (comp), TRUE);
  settle (window);
  save_screenshot (GTK_WIDGET (window), "test-window-inspector.png");

  /* Ctrl+I again: away */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inspector", NULL));
  {
    gboolean visible = TRUE;

    g_object_get (window, "details-visible", &visible, NULL);
    g_assert_false (visible);
  }

  destroy_window (window);
}

static gboolean
match_dialog_gone (gpointer data)
{
  return _lq_window_get_match_dialog (data) == NULL;
}

/* The Match dialog plans as its settings change and previews the plan;
 * Apply stores it, one undoable edit; the window's loudness chart shows
 * every track before and after. */
static void
test_window_match (void)
{
  LqWindow *window = mastering_window_new ("Match", NULL);
  LqProject *project = lq_window_get_project (window);
  LqLoudnessChart *chart = _lq_window_get_loudness_chart (window);
  LqMatchDialog *dialog;
  LqMatchPlan *plan;
  const GError *plan_error = NULL;
  LqProjectMatch match = { 0 };

  /* Before any match: the tracks as measured, and no "after" */
  g_assert_cmpuint (lq_loudness_chart_get_n_tracks (chart), ==, 2);
  g_test_message ("chart: %s", lq_loudness_chart_get_description (chart));
  g_assert_null (strstr (lq_loudness_chart_get_description (chart), "After"));
  g_assert_nonnull (strstr (lq_loudness_chart_get_description (chart), "1. Opening, Before: -"));
  g_assert_false (lq_project_get_match (project, &match));
  lq_project_match_clear (&match);

  /* Ctrl+M */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.match", NULL));
  dialog = _lq_window_get_match_dialog (window);
  g_assert_nonnull (dialog);
  wait_until (is_drawn, dialog, "the match dialog");

  /* The defaults: the album has no target yet, so Spotify; continuity */
  g_assert_cmpstr (_lq_match_dialog_get_target (dialog), ==, "spotify");
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_no_error ((GError *) plan_error);
  g_assert_nonnull (plan);
  g_assert_cmpuint (lq_match_plan_get_n_tracks (plan), ==, 2);
  g_assert_cmpint (lq_match_plan_get_mode (plan), ==, LQ_MATCH_MODE_CONTINUITY);
  g_assert_cmpfloat (fabs (lq_match_plan_get_predicted_album_lufs (plan) - -14.0), <, 0.05);
  g_assert_cmpuint (lq_loudness_chart_get_n_tracks (_lq_match_dialog_get_chart (dialog)), ==, 2);

  /* Each track to EBU R 128: both at -23 LUFS, the preview follows */
  _lq_match_dialog_set_target (dialog, "r128");
  _lq_match_dialog_set_mode (dialog, LQ_MATCH_MODE_TRACK);
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_nonnull (plan);
  g_assert_cmpfloat (lq_match_plan_get_target (plan)->integrated_lufs, ==, -23.0);
  for (guint i = 0; i < 2; i++)
    {
      const LqMatchTrack *m = lq_match_plan_get_track (plan, i);

      g_test_message ("track %u: %.2f LUFS %+.2f dB -> %.2f LUFS", i + 1, m->measured_lufs, m->gain_db,
                      m->predicted_lufs);
      g_assert_cmpfloat (fabs (m->predicted_lufs - -23.0), <, 0.05);
    }
  {
    guint n_rows = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (_lq_match_dialog_get_track_list (dialog)));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      n_rows++;
    g_assert_cmpuint (n_rows, ==, 2);
  }
  g_test_message ("preview: %s", lq_loudness_chart_get_description (_lq_match_dialog_get_chart (dialog)));
  g_assert_nonnull (strstr (lq_loudness_chart_get_description (_lq_match_dialog_get_chart (dialog)),
                            "Target -23.0 LUFS."));

  /* A loudness of one's own */
  _lq_match_dialog_set_target (dialog, "-18");
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_cmpfloat (lq_match_plan_get_target (plan)->integrated_lufs, ==, -18.0);

  /* Back to R 128, in continuity keeping half the difference */
  _lq_match_dialog_set_target (dialog, "r128");
  _lq_match_dialog_set_mode (dialog, LQ_MATCH_MODE_CONTINUITY);
  _lq_match_dialog_set_keep (dialog, 0.5);
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  {
    const LqMatchTrack *a = lq_match_plan_get_track (plan, 0);
    const LqMatchTrack *b = lq_match_plan_get_track (plan, 1);
    double before = (a->measured_lufs + a->user_gain_db) - (b->measured_lufs + b->user_gain_db);

    g_assert_cmpfloat (fabs ((a->predicted_lufs - b->predicted_lufs) - 0.5 * before), <, 0.1);
  }
  settle (window);
  wait_paint (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "test-window-match.png");

  /* Apply (Ctrl+Enter): stored, one edit; the dialog closes */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "match.apply", NULL));
  wait_until (match_dialog_gone, window, "the match dialog to close");
  g_assert_true (lq_project_get_match (project, &match));
  g_assert_cmpint (match.mode, ==, LQ_MATCH_MODE_CONTINUITY);
  g_assert_cmpfloat (match.keep, ==, 0.5);
  lq_project_match_clear (&match);
  {
    const GValue *target = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));

    g_assert_cmpstr (g_value_get_string (target), ==, "r128");
  }
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_toast (window), "Done: Match Album to r128"));

  /* The window's chart: before and after, against the target */
  settle (window);
  g_assert_cmpuint (lq_loudness_chart_get_n_tracks (chart), ==, 2);
  g_assert_false (lq_loudness_chart_get_outdated (chart));
  g_test_message ("chart: %s", lq_loudness_chart_get_description (chart));
  g_assert_true (g_str_has_prefix (lq_loudness_chart_get_description (chart), "Target -23.0 LUFS. Album "));
  g_assert_nonnull (strstr (lq_loudness_chart_get_description (chart), " after. 1. Opening, Before: "));
  g_assert_nonnull (strstr (lq_loudness_chart_get_description (chart), "2. Quiet Sine, Before: "));
  save_screenshot (GTK_WIDGET (window), "test-window-matched.png");

  /* A small window: the table gives way, the chart stays readable */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 560);
  settle (window);
  g_test_message ("small: %d x %d, chart %d x %d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), gtk_widget_get_width (GTK_WIDGET (chart)),
                  gtk_widget_get_height (GTK_WIDGET (chart)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >=, 140);
  save_screenshot (GTK_WIDGET (window), "test-window-matched-small.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  settle (window);

  /* A gain changed since: the chart says the match is out of date */
  gtk_single_selection_set_selected (window_selection (window), 1);
  settle (window);
  {
    LqFieldSet *fields = _lq_edit_pane_get_fields (_lq_window_get_edit_pane (window));

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (lq_field_set_get_editor (fields, FALSE, "gain")), 2.0);
  }
  settle (window);
  g_assert_true (lq_loudness_chart_get_outdated (chart));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (window), "loudness-caption"))),
                            "match it again"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  settle (window);
  g_assert_false (lq_loudness_chart_get_outdated (chart));

  /* Undo takes the match back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  settle (window);
  g_assert_false (lq_project_get_match (project, &match));
  lq_project_match_clear (&match);
  g_assert_null (strstr (lq_loudness_chart_get_description (chart), "After"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  settle (window);
  g_assert_true (lq_project_get_match (project, &match));
  lq_project_match_clear (&match);

  /* Opened again, it starts from what is stored */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.match", NULL));
  dialog = _lq_window_get_match_dialog (window);
  g_assert_cmpstr (_lq_match_dialog_get_target (dialog), ==, "r128");
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_cmpint (lq_match_plan_get_mode (plan), ==, LQ_MATCH_MODE_CONTINUITY);
  /* Escape, as Cancel: nothing stored */
  {
    const char *undo = lq_project_get_undo_label (project);
    g_autofree char *before = g_strdup (undo);

    gtk_window_close (GTK_WINDOW (dialog));
    wait_until (match_dialog_gone, window, "the match dialog to close");
    g_assert_cmpstr (lq_project_get_undo_label (project), ==, before);
  }

  destroy_window (window);
}

/* Opened before its tracks are measured, the Match dialog says so, then
 * previews the plan as soon as the analyses are in. */
static void
test_window_match_not_analysed (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "Unmeasured", NULL);
  g_autofree char *path = g_build_filename (dir, "Unmeasured.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autoptr(GError) error = NULL;
  LqWindow *window;
  LqMatchDialog *dialog;
  LqMatchPlan *plan;
  const GError *plan_error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");
  {
    g_autoptr(LqProject) project = lq_project_create (path, &error);

    g_assert_no_error (error);
    g_assert_true (lq_project_add_files (project, (const char *const[]) { one, two, NULL }, 0, NULL, &error));
    g_assert_no_error (error);
  }

  /* The window measures the tracks on workers; their results come back
   * through this thread's main loop, which has not run yet */
  window = window_new_presented ();
  g_assert_true (lq_window_open_project (window, path));
  g_assert_true (lq_window_get_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.match", NULL));
  dialog = _lq_window_get_match_dialog (window);
  g_assert_nonnull (dialog);
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_null (plan);
  g_assert_error ((GError *) plan_error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED);
  g_test_message ("not analysed: %s", plan_error->message);
  /* Apply does nothing */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "match.apply", NULL);
  {
    LqProjectMatch match = { 0 };

    g_assert_false (lq_project_get_match (lq_window_get_project (window), &match));
    lq_project_match_clear (&match);
  }
  g_assert_true (_lq_window_get_match_dialog (window) == dialog);

  wait_project (window, 2);
  settle (window);
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_nonnull (plan);
  g_assert_cmpuint (lq_loudness_chart_get_n_tracks (_lq_match_dialog_get_chart (dialog)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "match.apply", NULL));
  wait_until (match_dialog_gone, window, "the match dialog to close");

  destroy_window (window);
}

static gboolean
export_done (gpointer data)
{
  return !lq_export_dialog_get_running (data);
}

/* Counts the files in @dir ending in @suffix */
static guint
count_files (const char *dir,
             const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;

  return n;
}

/* The Export dialog: settings, progress, results; existing files refused
 * unless replaced; Cancel stops the export. */
static void
test_window_export (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  LqWindow *window = mastering_window_new ("Export", &dir);
  LqExportDialog *dialog;
  GPtrArray *results;
  g_autoptr(GError) error = NULL;

  /* Bound for Spotify: the files are checked against it */
  g_assert_true (lq_project_set_album (lq_window_get_project (window),
                                       (const char *const[]) { "target=spotify", NULL }, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  g_assert_nonnull (dialog);
  wait_until (is_drawn, dialog, "the export dialog");
  g_assert_cmpstr (_lq_export_dialog_get_page (dialog), ==, "settings");
  /* Beside the project */
  {
    g_autofree char *expected = g_build_filename (dir, "Export Masters", NULL);

    g_assert_cmpstr (lq_export_dialog_get_folder (dialog), ==, expected);
  }
  save_screenshot (GTK_WIDGET (dialog), "test-window-export.png");

  out = g_build_filename (dir, "out", NULL);
  lq_export_dialog_set_folder (dialog, out);

  /* FLAC has no 32-bit float: said so, and Export cannot start */
  _lq_export_dialog_set_format (dialog, LQ_RENDER_FLAC, 32);
  g_assert_true (gtk_widget_has_css_class (find_named (GTK_WIDGET (dialog), "export-bits"), "error"));
  lq_export_dialog_start (dialog);
  g_assert_false (lq_export_dialog_get_running (dialog));
  _lq_export_dialog_set_format (dialog, LQ_RENDER_FLAC, 16);
  g_assert_false (gtk_widget_has_css_class (find_named (GTK_WIDGET (dialog), "export-bits"), "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  g_assert_true (lq_export_dialog_get_running (dialog));
  g_assert_cmpstr (_lq_export_dialog_get_page (dialog), ==, "progress");
  /* (If the export is done by the time the page has faded in, this shows the results) */
  save_screenshot (GTK_WIDGET (dialog), "test-window-export-progress.png");
  wait_until (export_done, dialog, "the export");
  g_assert_cmpstr (_lq_export_dialog_get_page (dialog), ==, "results");
  results = _lq_export_dialog_get_results (dialog);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      g_test_message ("%s: %.1f LUFS, %.1f dBTP, %s", r->path, r->integrated_lufs, r->true_peak_dbtp,
                      r->passed ? "passed" : r->error != NULL ? r->error->message : "failed");
      g_assert_no_error (r->error);
      g_assert_true (g_file_test (r->path, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_str_has_suffix (r->path, ".flac"));
    }
  g_assert_cmpuint (count_files (out, ".flac"), ==, 2);
  save_screenshot (GTK_WIDGET (dialog), "test-window-export-results.png");
  gtk_window_close (GTK_WINDOW (dialog));

  /* Again: the files are there, and are not replaced unasked */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  lq_export_dialog_set_folder (dialog, out);
  _lq_export_dialog_set_format (dialog, LQ_RENDER_FLAC, 16);
  lq_export_dialog_start (dialog);
  wait_until (export_done, dialog, "the export to be refused");
  g_assert_cmpstr (_lq_export_dialog_get_page (dialog), ==, "settings");
  g_test_message ("error: %s", _lq_export_dialog_get_last_error (dialog));
  g_assert_nonnull (strstr (_lq_export_dialog_get_last_error (dialog), "Replace Existing Files"));
  close_dialogs ();

  /* Cancelled: back to the settings, no unfinished file left */
  gtk_switch_set_active (GTK_SWITCH (find_named (GTK_WIDGET (dialog), "export-overwrite")), TRUE);
  lq_export_dialog_start (dialog);
  g_assert_true (lq_export_dialog_get_running (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL));
  wait_until (export_done, dialog, "the export to stop");
  g_assert_cmpstr (_lq_export_dialog_get_page (dialog), ==, "settings");
  g_assert_null (_lq_export_dialog_get_results (dialog));
  g_assert_cmpuint (count_files (out, ".part"), ==, 0);

  destroy_window (window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("test-window: no display; run it under build-aux/with-gui-session.sh\n");
      return 77;  /* skipped */
    }

  tmp_dir = g_dir_make_tmp ("lacquer-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (sines); i++)
    {
      sine_paths[i] = g_build_filename (tmp_dir, sines[i].file_name, NULL);
      write_sine (sine_paths[i], sines[i].title, sines[i].level_dbfs);
    }
  hot_path = g_build_filename (tmp_dir, HOT_FILE_NAME, NULL);
  write_hot (hot_path, &hot_stats);

  /* Own the main context for the whole run, as g_application_run() does in
   * lacquer. Otherwise the context is free between two iterations of
   * wait_until(), and g_main_context_invoke() from a worker thread of
   * LqAnalysisJob runs the job's completion on that worker, where it waits
   * for its own thread pool: a deadlock (seen about once in 80 runs under
   * load). */
  g_assert_true (g_main_context_acquire (NULL));

  /* A registered application, as in lacquer, but not a unique one */
  app = lq_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/format", test_format);
  g_test_add_func ("/ui/track-item/new", test_track_item_new);
  g_test_add_func ("/ui/track-item/hot", test_track_item_hot);
  g_test_add_func ("/ui/window/new", test_window_new);
  g_test_add_func ("/ui/window/analysis", test_window_analysis);
  g_test_add_func ("/ui/window/narrow", test_window_narrow);
  g_test_add_func ("/ui/window/missing-file", test_window_missing_file);
  g_test_add_func ("/ui/window/drop", test_window_drop);
  g_test_add_func ("/ui/window/demo", test_window_demo);
  g_test_add_func ("/ui/window/settings", test_window_settings);
  g_test_add_func ("/ui/window/close-while-busy", test_window_close_while_busy);
  g_test_add_func ("/ui/window/project", test_window_project);
  g_test_add_func ("/ui/window/project-missing", test_window_project_missing);
  g_test_add_func ("/ui/window/inspector", test_window_inspector);
  g_test_add_func ("/ui/window/match", test_window_match);
  g_test_add_func ("/ui/window/match-not-analysed", test_window_match_not_analysed);
  g_test_add_func ("/ui/window/export", test_window_export);

  ret = g_test_run ();

  g_clear_object (&app);
  g_main_context_release (NULL);
  for (guint i = 0; sine_paths[i] != NULL; i++)
    {
      g_unlink (sine_paths[i]);
      g_free (sine_paths[i]);
    }
  g_unlink (hot_path);
  g_free (hot_path);
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}

/* lq-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lq-test-ui.h"

#include <gdk/x11/gdkx.h>

/* The -30 dBFS file has a title tag: its row is named by it */
const TestSine sines[N_SINES] = {
  { "loud-sine.wav", NULL, -20.0 },
  { "quiet-sine.wav", "Quiet Sine", -30.0 },
};

/* A file with every problem the table flags, 16-bit stereo so that the
 * test knows each sample: a 100 Hz sine at twice full scale, lifted by
 * HOT_DC, hard-clipped into [-32768, 32767] (runs of full-scale samples,
 * and DC), on the left; its negation, clipped again, on the right (a
 * correlation of -1). */

char *tmp_dir;
char *sine_paths[N_SINES + 1];
char *hot_path;
HotStats hot_stats;
LqApplication *app;

void
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
gboolean
is_full_scale (short x)
{
  return ABS ((int) x) >= G_MAXINT16;
}

void
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

gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @cond holds, or fails after TIMEOUT_S. */
void
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

gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

gboolean
is_idle (gpointer data)
{
  return !lq_window_get_busy (data);
}

void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

gboolean
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
void
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

void
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

void
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

GtkLabel *
find_label (GtkWidget  *root,
            const char *css_class)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, css_class, labels);
  g_assert_cmpuint (labels->len, ==, 1);

  return labels->pdata[0];
}

GtkWidget *
find_widget (GtkWidget      *widget,
             WidgetMatchFunc match,
             gconstpointer   data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  return find_widget (widget, is_named, name);
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type);
}

GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  return find_widget (widget, is_type, &type);
}

/* lacquer-cli's rules: an em dash for what does not exist (NAN, and the
 * -inf of silence), and no sign on a value that rounds to zero */
char *
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

char *
format_value (double value)
{
  return format_number (value, 1);
}

char *
format_duration (double seconds)
{
  gint64 s = (gint64) floor (seconds + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

char *
format_offset (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (fabs (value) < 0.05)
    return g_strdup ("0.0");
  return g_strdup_printf ("%+.1f", value);
}

GtkLabel *
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
GtkLabel *
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
void
assert_flag (GtkLabel   *label,
             gboolean    flagged,
             const char *why)
{
  g_test_message ("    %s", flagged ? "flagged" : "not flagged");
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (label), "warning"), ==, flagged);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, flagged ? why : NULL);
}

/* The worse channel's DC offset, as lacquer-cli picks it */
double
worse_dc (const LqTrackMeasures *m)
{
  if (m->channels > 1 && !(m->dc_offset_db[0] >= m->dc_offset_db[1]))
    return m->dc_offset_db[1];
  return m->dc_offset_db[0];
}

/* The rows the window's table shows: LqTrackItem, in album order. */
GListModel *
window_tracks (LqWindow *window)
{
  return lq_track_table_get_model (_lq_window_get_track_table (window));
}

GtkSingleSelection *
window_selection (LqWindow *window)
{
  return _lq_track_table_get_selection (_lq_window_get_track_table (window));
}

LqWindow *
window_new_presented (void)
{
  LqWindow *window = lq_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_drawn, window, "the window to show");

  return window;
}

gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

/* Album projects ------------------------------------------------------------ */

char *
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
char *
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
char *
track_names (LqProject *project)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    g_string_append_printf (s, "%s%s", p > 1 ? "|" : "",
                            lq_track_get_display_name (lq_project_get_track (project, p)));

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Idle, with n_rows rows, each measured (or missing), and drawn */
gboolean
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

void
wait_project (LqWindow *window,
              guint     n_rows)
{
  RowsWait wait = { window, n_rows };

  wait_until (project_settled, &wait, "the project's rows");
  wait_paint (GTK_WIDGET (window));
}

/* The name label drawn for the row named @name */
GtkWidget *
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

gboolean
name_label_drawn (gpointer data)
{
  gpointer *args = data;

  return find_name_label (args[0], args[1]) != NULL;
}

GtkDropTarget *
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

static gboolean
is_toggle_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkToggleButton *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  return GTK_TOGGLE_BUTTON (find_widget (widget, is_toggle_labelled, label));
}

char *
accessible_text (GtkWidget             *widget,
                 GtkAccessibleProperty  property)
{
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property));
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "\x01");
}

void
assert_order (LqWindow   *window,
              const char *expected)
{
  g_autofree char *rows = row_names (window);
  g_autofree char *tracks = track_names (lq_window_get_project (window));

  g_test_message ("order: model %s, rows %s", tracks, rows);
  g_assert_cmpstr (tracks, ==, expected);
  g_assert_cmpstr (rows, ==, expected);
}

void
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

gboolean
is_not_busy_and_refreshed (gpointer data)
{
  LqWindow *window = data;

  /* The rows follow the model in an idle */
  return !lq_window_get_busy (window) && !g_main_context_pending (NULL);
}

void
settle (LqWindow *window)
{
  wait_until (is_not_busy_and_refreshed, window, "the window to settle");
  wait_paint (GTK_WIDGET (window));
}

void
destroy_window (LqWindow *window)
{
  close_dialogs ();
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

void
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

gboolean
lq_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("%s: no display; run it under build-aux/with-gui-session.sh\n", g_get_prgname ());
      return FALSE;
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

  return TRUE;
}

int
lq_test_ui_run (void)
{
  int ret = g_test_run ();

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

void
lq_test_xdotool (GtkWidget  *widget,
                 const char *args)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_autofree char *focus = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  focus = g_strdup_printf ("xdotool windowfocus --sync %lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_assert_true (g_spawn_command_line_sync (focus, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  command = g_strdup_printf ("xdotool %s", args);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

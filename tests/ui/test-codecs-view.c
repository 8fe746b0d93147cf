/* test-codecs-view.c: LqCodecsView, the Codecs view, on a generated
 * 2-track project (a quiet -20 dBFS sine, and band-limited clipped noise
 * near full scale that MP3 128 takes over 0 dBTP), two codecs only: a
 * preview run from the Preview Codecs button shows a row per track and, in
 * each cell, the figures of a blocking lq_codec_preview_project() run on
 * the same project (the cell's text and accessible label), the warning
 * mark (an icon, "over 0 dBTP" in the label, the ceiling reduction in the
 * tooltip) exactly on the cells over 0 dBTP, the summary of
 * lq_codec_preview_get_summary(); activating a cell emits "listen" with its
 * track and codec; Cancel returns to the idle state and leaves the table
 * as it was; an edit marks the results stale. In the window, Alt+6 shows
 * the view and "listen" selects the track and sets the reference chooser
 * to the codec.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-codecs-view.h"
#include "lq-test-audio.h"
#include "lq-test-ui.h"
#include "lq-window-internal.h"

#define RATE 44100
#define SECONDS 2.5
#define CODECS ((1u << LQ_CODEC_MP3_128) | (1u << LQ_CODEC_VORBIS_Q5))

/* White noise (reproducible). */
static double
noise (guint64 i,
       guint c)
{
  guint32 x = (guint32) (i * 2 + c) * 2654435761u + 12345u;

  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  return ((double) x / G_MAXUINT32 - 0.5) * 0.5;
}

/* A loud master's worst case: noise and a bass tone driven into hard
 * clipping, band-limited to 16 kHz, scaled by *data: codecs ring above
 * it. */
static double
clipped_cb (guint64 i,
            guint c,
            guint rate,
            gpointer data)
{
  double out = 0.0;

  for (int k = -31; k <= 31; k++)
    {
      gint64 j = (gint64) i + k;
      double x = 2.0 * G_PI * 16000.0 / rate * k;
      double h = (k == 0 ? 1.0 : sin (x) / x) * 2.0 * 16000.0 / rate * (0.54 + 0.46 * cos (G_PI * k / 32.0));
      double v;

      if (j < 0)
        continue;
      v = 4.0 * noise ((guint64) j, c) + 0.8 * sin (2.0 * G_PI * 55.0 * j / rate);
      out += h * CLAMP (v, -0.5, 0.5);
    }
  return out * *(double *) data;
}

static LqProject *
make_project (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *quiet = g_build_filename (dir, "quiet.wav", NULL);
  g_autofree char *loud = g_build_filename (dir, "loud.wav", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  const char *paths[] = { quiet, loud, NULL };
  double level = -20.0, scale = 1.9;
  g_autoptr(GError) error = NULL;
  LqProject *project;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  lq_test_write (quiet, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (SECONDS * RATE), lq_test_sine_1k,
                 &level, "Quiet");
  lq_test_write (loud, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (SECONDS * RATE), clipped_cb, &scale,
                 "Loud");
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  return project;
}

static gboolean
not_running (gpointer data)
{
  return !lq_codecs_view_get_running (data);
}

static gboolean
is_stale (gpointer data)
{
  return lq_codecs_view_get_stale (data);
}

/* The figures as the view writes them: a minus sign, "+" on positive
 * values, never "-0.0". */
static char *
minus (char *text)
{
  char *out;

  if (text[0] != '-')
    return text;
  out = g_strconcat ("−", text + 1, NULL);
  g_free (text);
  return out;
}

static char *
expected_peak (double dbtp)
{
  if (fabs (dbtp) < 0.05)
    dbtp = 0.0;
  return minus (g_strdup_printf (dbtp > 0.0 ? "+%.1f dBTP" : "%.1f dBTP", dbtp));
}

static char *
expected_change (double lu)
{
  return minus (g_strdup_printf ("%+.2f LU", fabs (lu) < 0.005 ? 0.0 : lu));
}

static GtkWidget *
find_icon (GtkWidget *widget)
{
  return find_type (widget, GTK_TYPE_IMAGE);
}

typedef struct
{
  guint position;
  guint codec;
  guint n;
} Listened;

static void
listen_cb (LqCodecsView *view,
           guint position,
           guint codec,
           Listened *l)
{
  l->position = position;
  l->codec = codec;
  l->n++;
}

/* The cells against a blocking run; returns how many are over. */
static guint
assert_cells (LqCodecsView *view,
              GPtrArray *expected)
{
  guint n_over = 0;

  for (guint i = 0; i < expected->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (expected, i);

      g_assert_cmpuint (t->results->len, ==, 2);
      for (guint j = 0; j < t->results->len; j++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, j);
          GtkWidget *cell = lq_codecs_view_get_cell (view, t->position, r->codec);
          g_autofree char *peak = expected_peak (r->true_peak_dbtp);
          g_autofree char *change = expected_change (r->loudness_change_lu);
          g_autofree char *text = g_strdup_printf ("%s\n%s", peak, change);
          gboolean over = r->true_peak_dbtp > 0.0;
          g_autofree char *accessible = g_strdup_printf ("Track %u, %s: %s, %s%s", t->position,
                                                         lq_codec_get_label (r->codec), peak, change,
                                                         over ? ", over 0 dBTP" : "");
          g_autofree char *mismatch = NULL;
          GtkLabel *label;
          GtkWidget *icon;

          g_test_message ("track %u %s: %.2f dBTP (master %.2f), %+.2f LU, lower by %.1f dB", t->position,
                          lq_codec_get_id (r->codec), r->true_peak_dbtp, t->master_true_peak_dbtp,
                          r->loudness_change_lu, r->ceiling_reduction_db);
          g_assert_nonnull (cell);
          g_assert_null (r->skipped);
          label = GTK_LABEL (find_type (cell, GTK_TYPE_LABEL));
          g_assert_cmpstr (gtk_label_get_text (label), ==, text);
          mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                         accessible);
          g_assert_null (mismatch);
          icon = find_icon (cell);
          if (over)
            {
              g_autofree char *warning = lq_codec_result_get_warning (r);

              n_over++;
              g_assert_nonnull (icon);
              g_assert_true (gtk_widget_get_visible (icon));
              g_assert_nonnull (warning);
              g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cell), warning));
            }
          else
            g_assert_null (icon);
        }
    }
  return n_over;
}

static void
test_codecs_view (void)
{
  g_autoptr(LqProject) project = make_project ("codecs");
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = lq_codecs_view_new ();
  LqCodecsView *cv = LQ_CODECS_VIEW (view);
  const char *gain[] = { "gain=-1", NULL };
  LqCodecPreviewOptions options;
  Listened listened = { 0 };
  GPtrArray *shown;
  GtkWidget *cell;

  lq_codec_preview_options_init (&options);
  options.codecs = CODECS;
  expected = lq_codec_preview_project (project, NULL, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 2);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_object_set (view, "codecs", CODECS, NULL);
  lq_codecs_view_set_project (cv, project);
  g_signal_connect (view, "listen", G_CALLBACK (listen_cb), &listened);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_drawn, view, "the view to be drawn");

  g_assert_null (lq_codecs_view_get_tracks (cv));
  g_assert_null (lq_codecs_view_get_cell (cv, 1, LQ_CODEC_MP3_128));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (lq_codecs_view_get_button (cv))), ==, "Preview Codecs");

  /* The button starts it: Cancel while it runs */
  g_signal_emit_by_name (lq_codecs_view_get_button (cv), "clicked");
  g_assert_true (lq_codecs_view_get_running (cv));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (lq_codecs_view_get_button (cv))), ==, "Cancel");
  wait_until (not_running, view, "the preview to finish");
  g_assert_null (lq_codecs_view_get_error (cv));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (lq_codecs_view_get_button (cv))), ==, "Preview Codecs");
  shown = lq_codecs_view_get_tracks (cv);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_false (lq_codecs_view_get_stale (cv));
  g_assert_null (lq_codecs_view_get_cell (cv, 3, LQ_CODEC_MP3_128));
  g_assert_null (lq_codecs_view_get_cell (cv, 1, LQ_CODEC_OPUS_96));

  /* The loud track goes over in MP3 128; the quiet one never */
  g_assert_cmpuint (assert_cells (cv, expected), >, 0);
  cell = lq_codecs_view_get_cell (cv, 2, LQ_CODEC_MP3_128);
  g_assert_nonnull (find_icon (cell));
  g_assert_null (find_icon (lq_codecs_view_get_cell (cv, 1, LQ_CODEC_MP3_128)));
  summary = lq_codec_preview_get_summary (expected);
  g_assert_cmpstr (lq_codecs_view_get_summary (cv), ==, summary);
  g_assert_true (g_str_has_prefix (summary, "MP3 128 kbit/s takes 1 track over 0 dBTP"));
  save_screenshot (window, "codecs-view.png");

  /* Listen */
  g_signal_emit_by_name (cell, "clicked");
  g_assert_cmpuint (listened.n, ==, 1);
  g_assert_cmpuint (listened.position, ==, 2);
  g_assert_cmpuint (listened.codec, ==, LQ_CODEC_MP3_128);

  /* Cancel: idle again, the same table */
  g_signal_emit_by_name (lq_codecs_view_get_button (cv), "clicked");
  g_assert_true (lq_codecs_view_get_running (cv));
  g_signal_emit_by_name (lq_codecs_view_get_button (cv), "clicked");
  g_assert_false (lq_codecs_view_get_running (cv));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (lq_codecs_view_get_button (cv))), ==, "Preview Codecs");
  g_assert_true (lq_codecs_view_get_tracks (cv) == shown);
  g_assert_true (lq_codecs_view_get_cell (cv, 2, LQ_CODEC_MP3_128) == cell);
  /* The cancelled run's end changes nothing either */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (G_USEC_PER_SEC / 2);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (lq_codecs_view_get_tracks (cv) == shown);
  g_assert_null (lq_codecs_view_get_error (cv));

  /* An edit: stale */
  g_assert_true (lq_project_set_track (project, 1, gain, &error));
  g_assert_no_error (error);
  wait_until (is_stale, view, "the results to be marked stale");
  g_assert_true (lq_codecs_view_get_tracks (cv) == shown);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW), "dim-label"));
  save_screenshot (window, "codecs-view-stale.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_codecs_view (gpointer data)
{
  return g_strcmp0 (lq_workspace_get_visible_view (data), "codecs") == 0;
}

/* In the window: Alt+6 shows the view, which follows the project; its
 * "listen" selects the track and chooses the codec in the reference
 * chooser (whose last LQ_CODEC_N items are the codecs). */
static void
test_codecs_view_window (void)
{
  g_autoptr(LqProject) made = make_project ("codecs-window");
  g_autofree char *path = g_strdup (lq_project_get_path (made));
  LqWindow *window;
  LqWorkspace *workspace;
  GtkWidget *view;
  GtkDropDown *dropdown;
  GListModel *model;

  g_clear_object (&made);
  window = window_new_presented ();
  g_assert_true (lq_window_open_project (window, path));
  wait_project (window, 2);
  workspace = lq_window_get_workspace (window);
  view = lq_workspace_get_view (workspace, "codecs");
  g_assert_nonnull (view);
  g_assert_true (lq_codecs_view_get_project (LQ_CODECS_VIEW (view)) == lq_window_get_project (window));

  lq_test_xdotool (GTK_WIDGET (window), "key alt+6");
  wait_until (is_codecs_view, workspace, "the Codecs view");
  wait_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (view));

  g_signal_emit_by_name (view, "listen", 2u, (guint) LQ_CODEC_OPUS_96);
  g_assert_cmpuint (lq_window_get_selected_position (window), ==, 1);
  dropdown = lq_transport_bar_get_reference_dropdown (window->transport_bar);
  model = gtk_drop_down_get_model (dropdown);
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, LQ_CODEC_N);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==,
                    g_list_model_get_n_items (model) - LQ_CODEC_N + LQ_CODEC_OPUS_96);
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

  g_test_add_func ("/ui/codecs-view/preview", test_codecs_view);
  g_test_add_func ("/ui/codecs-view/window", test_codecs_view_window);
  return lq_test_ui_run ();
}

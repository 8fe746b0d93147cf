/* test-release-dialog.c: the window's Release dialog (issue 13, section 6).
 *
 * - win.release is off without tracks; Ctrl+Shift+E opens the dialog on a
 *   project whose second track lasts 3 s: the pre-flight lists one error
 *   row naming track 2 and the 4 s rule (track-length), the disc's track
 *   count, and Release is insensitive with the reason shown while the CD
 *   is ticked; with only the streaming files ticked it is sensitive.
 *   Without the short track (removed meanwhile) the plan follows: "Passed".
 * - a project of two 5 s tracks passes ("Passed"), lists what it would
 *   write, releases into a temporary folder: the results list every file
 *   the release wrote, each exists, and Open Folder and Open Report are
 *   there. A second dialog on the same folder holds Release back, naming
 *   what exists.
 * - Cancel as soon as the release starts: the cancelled state, and no CD
 *   image left; closing the dialog while it runs: the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-codec-preview.h"
#include "lq-release-dialog.h"
#include "lq-test-audio.h"
#include "lq-test-ui.h"

#define SHORT_SECONDS 3

/* A window showing a new project in tmp_dir/NAME of the first sine and,
 * with @short_track, a 3 s sine after it; both measured. */
static LqWindow *
release_window_new (const char  *name,
                    gboolean     short_track,
                    char       **dir_out)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  double level = -20.0;
  LqWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  if (short_track)
    {
      two = g_build_filename (dir, "short.wav", NULL);
      lq_test_write (two, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, SHORT_SECONDS * 44100,
                     lq_test_sine_1k, &level, "Short");
    }
  else
    two = copy_into (sine_paths[1], dir, "two.wav");

  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  /* No tracks yet: win.release is off (its handler would open the dialog) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL);
  g_assert_null (_lq_window_get_release_dialog (window));
  lq_window_add_files (window, (const char *const[]) { one, two, NULL });
  wait_project (window, 2);
  settle (window);

  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return window;
}

/* The rows named @name under @root, in order */
static void
collect_named (GtkWidget  *root,
               const char *name,
               GPtrArray  *rows)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    g_ptr_array_add (rows, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, rows);
}

static gboolean
release_sensitive (LqReleaseDialog *dialog)
{
  return gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "release-start"));
}

static gboolean
dialog_shown (gpointer data)
{
  LqWindow *window = data;
  LqReleaseDialog *dialog = _lq_window_get_release_dialog (window);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
plan_has_one_track (gpointer data)
{
  LqReleasePlan *plan = _lq_release_dialog_get_plan (data);

  return plan != NULL && lq_release_plan_get_layout (plan)->n_tracks == 1;
}

static gboolean
dialog_gone (gpointer data)
{
  return _lq_window_get_release_dialog (data) == NULL;
}

static gboolean
release_done (gpointer data)
{
  LqReleaseDialog *dialog = data;

  return !lq_release_dialog_get_running (dialog)
         && g_strcmp0 (_lq_release_dialog_get_page (dialog), "results") == 0;
}

static void
test_release_dialog_preflight (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();
  g_autoptr(GPtrArray) passed = g_ptr_array_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  LqWindow *window = release_window_new ("preflight", TRUE, &dir);
  LqReleaseDialog *dialog;
  GtkWidget *blocked;
  LqReleasePlan *plan;
  const char *title;

  /* Ctrl+Shift+E, as the user types it */
  lq_test_xdotool (GTK_WIDGET (window), "key ctrl+shift+e");
  wait_until (dialog_shown, window, "the Release dialog to open");
  dialog = _lq_window_get_release_dialog (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (_lq_release_dialog_get_page (dialog), ==, "settings");
  g_assert_cmpuint (lq_release_dialog_get_parts (dialog), ==, LQ_RELEASE_ALL);

  out = g_build_filename (dir, "out", NULL);
  lq_release_dialog_set_folder (dialog, out);
  plan = _lq_release_dialog_get_plan (dialog);
  g_assert_nonnull (plan);
  g_assert_cmpuint (lq_release_plan_get_layout (plan)->n_tracks, ==, 2);
  g_assert_false (lq_cd_preflight_passed (lq_release_plan_get_preflight (plan)));

  /* One error row, naming track 2 and the 4 s rule; no "Passed" */
  collect_named (GTK_WIDGET (dialog), "release-preflight-error", errors);
  collect_named (GTK_WIDGET (dialog), "release-preflight-passed", passed);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpuint (passed->len, ==, 0);
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (errors->pdata[0]));
  g_test_message ("pre-flight: %s", title);
  g_assert_true (g_str_has_prefix (title, "Track 2:"));
  g_assert_nonnull (strstr (title, "at least 4 s"));
  g_assert_nonnull (strstr (title, "(track-length)"));
  {
    const LqCdLayout *layout = lq_release_plan_get_layout (plan);
    guint64 seconds = layout->leadout / LQ_CD_FRAMES_PER_SECOND;
    g_autofree char *expected = g_strdup_printf ("2 tracks, %u:%02u.%02u on the disc", (guint) (seconds / 60),
                                                 (guint) (seconds % 60),
                                                 (guint) (layout->leadout % LQ_CD_FRAMES_PER_SECOND));
    GtkWidget *group = find_named (GTK_WIDGET (dialog), "release-preflight");

    /* The disc: 2 s before track 1, the 5 s and the 3 s track */
    g_assert_cmpuint (layout->leadout, >=, (2 + 5 + SHORT_SECONDS) * LQ_CD_FRAMES_PER_SECOND);
    g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, expected);
  }

  /* What it would write: the cue sheet, TOC and image among them */
  collect_named (GTK_WIDGET (dialog), "release-path", paths);
  {
    gboolean has_image = FALSE;

    for (guint i = 0; i < paths->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (paths->pdata[i]), lq_release_plan_get_path (plan, "image")) == 0)
        has_image = TRUE;
    g_assert_true (has_image);
  }

  /* Release is insensitive, the reason shown */
  wait_paint (GTK_WIDGET (dialog));
  g_assert_false (release_sensitive (dialog));
  g_assert_nonnull (_lq_release_dialog_get_blocked_reason (dialog));
  g_test_message ("blocked: %s", _lq_release_dialog_get_blocked_reason (dialog));
  g_assert_nonnull (strstr (_lq_release_dialog_get_blocked_reason (dialog), "Red Book pre-flight failed"));
  blocked = find_named (GTK_WIDGET (dialog), "release-blocked");
  g_assert_true (gtk_widget_get_visible (blocked));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (blocked, "release-blocked-row"))), ==,
                   _lq_release_dialog_get_blocked_reason (dialog));
  save_screenshot (GTK_WIDGET (dialog), "release-dialog.png");

  /* Only the DDP: the same */
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_DDP);
  g_assert_false (release_sensitive (dialog));

  /* Only the streaming files: the pre-flight does not hold them back */
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_FILES);
  g_assert_cmpuint (lq_release_dialog_get_parts (dialog), ==, LQ_RELEASE_FILES);
  g_assert_null (_lq_release_dialog_get_blocked_reason (dialog));
  g_assert_true (release_sensitive (dialog));
  g_assert_false (gtk_widget_get_visible (blocked));

  /* Nothing ticked: nothing to release */
  lq_release_dialog_set_parts (dialog, 0);
  g_assert_false (release_sensitive (dialog));
  g_assert_nonnull (_lq_release_dialog_get_blocked_reason (dialog));

  /* The project changes: the plan follows. Without the 3 s track the
   * disc passes. */
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_ALL);
  g_assert_false (release_sensitive (dialog));
  g_assert_true (lq_project_remove_track (lq_window_get_project (window), 2, NULL));
  wait_until (plan_has_one_track, dialog, "the plan to follow the project");
  g_ptr_array_set_size (passed, 0);
  collect_named (GTK_WIDGET (dialog), "release-preflight-passed", passed);
  g_assert_cmpuint (passed->len, ==, 1);
  g_assert_null (_lq_release_dialog_get_blocked_reason (dialog));
  g_assert_true (release_sensitive (dialog));

  /* Escape closes it */
  lq_test_xdotool (GTK_WIDGET (dialog), "key Escape");
  wait_until (dialog_gone, window, "the Release dialog to close");

  destroy_window (window);
}

static void
test_release_dialog_release (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) passed = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  LqWindow *window = release_window_new ("release", FALSE, &dir);
  LqReleaseDialog *dialog;
  const LqReleaseResult *result;
  gboolean has_image = FALSE;
  gboolean has_report = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL));
  dialog = _lq_window_get_release_dialog (window);
  g_assert_nonnull (dialog);
  out = g_build_filename (dir, "out", NULL);
  lq_release_dialog_set_folder (dialog, out);
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_CD | LQ_RELEASE_FILES | LQ_RELEASE_REPORT);
  collect_named (GTK_WIDGET (dialog), "release-preflight-passed", passed);
  g_assert_cmpuint (passed->len, ==, 1);
  g_assert_null (_lq_release_dialog_get_blocked_reason (dialog));
  g_assert_true (release_sensitive (dialog));

  /* Nothing is written before Release */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "release.start", NULL));
  g_assert_true (lq_release_dialog_get_running (dialog));
  g_assert_cmpstr (_lq_release_dialog_get_page (dialog), ==, "progress");
  /* The project stays editable meanwhile */
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (dialog)));
  save_screenshot (GTK_WIDGET (dialog), "release-dialog-progress.png");
  wait_until (release_done, dialog, "the release to finish");

  g_assert_cmpstr (_lq_release_dialog_get_state (dialog), ==, "released");
  result = _lq_release_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->failure, ==, NULL);
  g_assert_false (result->cancelled);
  g_assert_nonnull (result->written);
  g_assert_cmpuint (result->written->len % 2, ==, 0);

  /* One row a file written, each there */
  collect_named (GTK_WIDGET (dialog), "release-written", rows);
  g_assert_cmpuint (rows->len, ==, result->written->len / 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *kind = g_ptr_array_index (result->written, 2 * i);
      const char *path = g_ptr_array_index (result->written, 2 * i + 1);

      g_assert_cmpstr (gtk_widget_get_tooltip_text (rows->pdata[i]), ==, path);
      g_assert_true (g_str_has_prefix (path, out));
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      has_image |= g_str_equal (kind, "image");
      has_report |= g_str_equal (kind, "report-html");
    }
  g_assert_true (has_image);
  g_assert_true (has_report);
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "release-open-folder")));
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "release-open-report")));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  save_screenshot (GTK_WIDGET (dialog), "release-dialog-results.png");

  /* Again into the same folder: Release is insensitive, what exists named */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "release.cancel", NULL);
  wait_until (dialog_gone, window, "the Release dialog to close");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL));
  dialog = _lq_window_get_release_dialog (window);
  lq_release_dialog_set_folder (dialog, out);
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_CD | LQ_RELEASE_FILES | LQ_RELEASE_REPORT);
  g_assert_false (release_sensitive (dialog));
  g_test_message ("again: %s", _lq_release_dialog_get_blocked_reason (dialog));
  g_assert_true (g_str_has_prefix (_lq_release_dialog_get_blocked_reason (dialog), out));
  g_assert_nonnull (strstr (_lq_release_dialog_get_blocked_reason (dialog), "already exists"));

  destroy_window (window);
  remove_tree (out);
}

/* A loud, clipped riff like the demo album's "Overdrive" (a saw, noise and
 * a kick pushed into the rails): a master the limiter holds at the
 * ceiling, which lossy codecs (AAC most) take over 0 dBTP */
static double
overdrive_cb (guint64  i,
              guint    c,
              guint    rate,
              gpointer data)
{
  double t = (double) i / rate;
  double beat = fmod (t, 0.5);
  double saw = 2.0 * fmod (t * 82.41, 1.0) - 1.0;
  double kick = 0.9 * sin (2 * G_PI * 50.0 * beat) * exp (-beat * 10.0);
  guint32 x = (guint32) (i * 2 + c) * 2654435761u;
  double noise;

  (void) data;
  x ^= x >> 15;
  x *= 0x2c1b3c6du;
  x ^= x >> 12;
  noise = (double) x / G_MAXUINT32 - 0.5;
  return CLAMP (0.35 * saw + 0.4 * noise + kick + 0.01, -1.0, 1.0);
}

/* With the codec preview, the results say what the codecs do before the
 * files: a warning row a codec and track over 0 dBTP (the clipped riff is
 * the likely one), each naming the track and the codec and how far
 * to lower the ceiling; one row "none" when no codec is over. What the rows
 * say is checked against the release's own results */
static void
test_release_dialog_codecs (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "codecs", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *one = NULL;
  g_autofree char *hot = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
  g_autoptr(GPtrArray) passed = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  LqWindow *window;
  LqReleaseDialog *dialog;
  const LqReleaseResult *result;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "Opening.wav");
  hot = g_build_filename (dir, "Overdrive.wav", NULL);
  lq_test_write (hot, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 5 * 44100, overdrive_cb, NULL, "Overdrive");
  window = window_new_presented ();
  g_assert_true (lq_window_new_project (window, path));
  lq_window_add_files (window, (const char *const[]) { one, hot, NULL });
  wait_project (window, 2);
  settle (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL));
  dialog = _lq_window_get_release_dialog (window);
  lq_release_dialog_set_folder (dialog, out);
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_FILES | LQ_RELEASE_REPORT | LQ_RELEASE_CODECS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "release.start", NULL));
  wait_until (release_done, dialog, "the release to finish");
  g_assert_cmpstr (_lq_release_dialog_get_state (dialog), ==, "released");
  result = _lq_release_dialog_get_result (dialog);
  g_assert_nonnull (result->codec_preview);
  g_assert_cmpuint (result->codec_preview->len, ==, 2);

  for (guint i = 0; i < result->codec_preview->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (result->codec_preview, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);

          if (r->true_peak_dbtp > 0.0)
            g_ptr_array_add (expected, g_strdup_printf ("Track %u \u201c%s\u201d: %s|%.1f dB", t->position, t->title,
                                                        lq_codec_get_label (r->codec), r->ceiling_reduction_db));
        }
    }
  g_test_message ("%u codec and track pairs over 0 dBTP", expected->len);
  collect_named (GTK_WIDGET (dialog), "release-codec-warning", warnings);
  collect_named (GTK_WIDGET (dialog), "release-codec-passed", passed);
  g_assert_cmpuint (warnings->len, ==, expected->len);
  g_assert_cmpuint (passed->len, ==, expected->len == 0 ? 1 : 0);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_auto(GStrv) want = g_strsplit (expected->pdata[i], "|", 2);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warnings->pdata[i]));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (warnings->pdata[i]));

      g_assert_cmpstr (title, ==, want[0]);
      g_assert_true (g_str_has_suffix (subtitle, want[1]));
      g_assert_nonnull (strstr (subtitle, "lower the ceiling"));
    }
  save_screenshot (GTK_WIDGET (dialog), "release-dialog-codecs.png");

  destroy_window (window);
  remove_tree (out);
}

static void
test_release_dialog_cancel (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *image = NULL;
  LqWindow *window = release_window_new ("cancel", FALSE, &dir);
  LqReleaseDialog *dialog;
  const LqReleaseResult *result;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL));
  dialog = _lq_window_get_release_dialog (window);
  out = g_build_filename (dir, "out", NULL);
  lq_release_dialog_set_folder (dialog, out);
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_CD);
  image = g_strdup (lq_release_plan_get_path (_lq_release_dialog_get_plan (dialog), "image"));
  g_assert_nonnull (image);

  lq_release_dialog_start (dialog);
  g_assert_true (lq_release_dialog_get_running (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "release.cancel", NULL));
  wait_until (release_done, dialog, "the release to stop");

  g_assert_cmpstr (_lq_release_dialog_get_state (dialog), ==, "cancelled");
  result = _lq_release_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_true (result->cancelled);
  g_assert_nonnull (result->failure);
  g_test_message ("cancelled: %s",
                  adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (GTK_WIDGET (dialog), "release-outcome-row"))));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (GTK_WIDGET (dialog),
                                                                                   "release-outcome-row"))),
                   ==, "Release Cancelled");
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));

  /* Closing the dialog while it runs cancels too: the dialog goes once the
   * job has stopped (it holds the dialog until then) */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (dialog_gone, window, "the Release dialog to close");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.release", NULL));
  dialog = _lq_window_get_release_dialog (window);
  out2 = g_build_filename (dir, "out2", NULL);
  lq_release_dialog_set_folder (dialog, out2);
  lq_release_dialog_set_parts (dialog, LQ_RELEASE_CD);
  g_free (image);
  image = g_strdup (lq_release_plan_get_path (_lq_release_dialog_get_plan (dialog), "image"));
  lq_release_dialog_start (dialog);
  g_assert_true (lq_release_dialog_get_running (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (dialog_gone, window, "the Release dialog to close");
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));

  destroy_window (window);
  remove_tree (out);
  remove_tree (out2);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/release-dialog/preflight", test_release_dialog_preflight);
  g_test_add_func ("/release-dialog/release", test_release_dialog_release);
  g_test_add_func ("/release-dialog/cancel", test_release_dialog_cancel);
  g_test_add_func ("/release-dialog/codecs", test_release_dialog_codecs);

  return lq_test_ui_run ();
}

/* test-window-actions.c: LqWindow's actions on a measured album project.
 *
 * Ctrl+I, the mastering chain's inspector in the details pane; Ctrl+M, the
 * Match dialog and the loudness chart before and after; Ctrl+E, the Export
 * dialog (a real export, refused and cancelled ones). Run under
 * build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <math.h>

#include "lq-codec-preview.h"
#include "lq-test-ui.h"

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
  g_autofree char *dir = NULL;
  LqWindow *window = mastering_window_new ("Match", &dir);
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
  /* The ceiling control shows the target's, and sets the match's */
  g_assert_cmpfloat_with_epsilon (_lq_match_dialog_get_ceiling (dialog), -1.0, 1e-9);
  _lq_match_dialog_set_ceiling (dialog, -2.0);
  plan = _lq_match_dialog_get_plan (dialog, &plan_error);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_ceiling_dbtp (plan), -2.0, 1e-9);
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
  g_assert_cmpfloat_with_epsilon (match.ceiling_dbtp, -2.0, 1e-9);
  lq_project_match_clear (&match);
  {
    const GValue *target = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));

    g_assert_cmpstr (g_value_get_string (target), ==, "r128");
  }
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_toast (window), "Done: Match Album to EBU R 128"));
  /* The undo button names the preset by its label too */
  settle (window);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (window), "undo-button")), ==,
                   "Undo Match Album to EBU R 128");

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
  {
    const char *caption = gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (window), "loudness-caption")));

    g_assert_true (g_str_has_prefix (caption, "Before and after the match to "));
    g_assert_null (strstr (caption, "missing"));
  }

  /* A track's file goes: the caption says what the figures leave out */
  {
    g_autofree char *two = g_build_filename (dir, "two.wav", NULL);
    g_autofree char *gone = g_build_filename (dir, "gone.wav", NULL);
    g_autoptr(GError) error = NULL;
    const char *caption;

    g_assert_cmpint (g_rename (two, gone), ==, 0);
    g_assert_true (lq_project_check_sources (project, &error));
    g_assert_no_error (error);
    settle (window);
    caption = gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (window), "loudness-caption")));
    g_test_message ("caption: %s", caption);
    g_assert_nonnull (strstr (caption, "Track 2 is missing"));
    g_assert_cmpint (g_rename (gone, two), ==, 0);
    g_assert_true (lq_project_check_sources (project, &error));
    g_assert_no_error (error);
    settle (window);
  }

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
  /* The file name template: the default; a bad one is marked and refused. */
  {
    GtkWidget *name_row = find_named (GTK_WIDGET (dialog), "export-name-template");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, LQ_EXPORT_NAME_TEMPLATE_DEFAULT);
    gtk_editable_set_text (GTK_EDITABLE (name_row), "{number} {song}");
    g_assert_true (gtk_widget_has_css_class (name_row, "error"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (name_row), "{song}"));
    lq_export_dialog_start (dialog);
    g_assert_false (lq_export_dialog_get_running (dialog));
    gtk_editable_set_text (GTK_EDITABLE (name_row), "{title} ({number})");
    g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  }

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
      {
        g_autofree char *suffix = g_strdup_printf (" (%u).flac", i + 1);

        g_assert_true (g_str_has_suffix (r->path, suffix));
      }
    }
  g_assert_cmpuint (count_files (out, ".flac"), ==, 2);
  /* Remembered: the next album's files go beside it (test_window_export_folder) */
  if (lq_window_get_settings (window) != NULL)
    {
      g_autofree char *last = g_settings_get_string (lq_window_get_settings (window), "last-export-folder");

      g_assert_cmpstr (last, ==, out);
    }
  save_screenshot (GTK_WIDGET (dialog), "test-window-export-results.png");
  gtk_window_close (GTK_WINDOW (dialog));

  /* Again: the files are there, and are not replaced unasked */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  lq_export_dialog_set_folder (dialog, out);
  _lq_export_dialog_set_format (dialog, LQ_RENDER_FLAC, 16);
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "export-name-template")),
                         "{title} ({number})");
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

static gboolean
no_export_dialog (gpointer data)
{
  return _lq_window_get_export_dialog (data) == NULL;
}

/* The Export dialog opens beside the last export's folder: "NAME Masters"
 * in its parent; beside the project when that parent is gone. */
static void
test_window_export_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *exports = g_build_filename (tmp_dir, "Exports", NULL);
  g_autofree char *last = g_build_filename (exports, "Another Album Masters", NULL);
  g_autofree char *gone = g_build_filename (tmp_dir, "Gone", "Old Masters", NULL);
  LqWindow *window = mastering_window_new ("Folder", &dir);
  GSettings *settings = lq_window_get_settings (window);
  LqExportDialog *dialog;

  if (settings == NULL)
    {
      destroy_window (window);
      g_test_skip ("the schema is not compiled: set GSETTINGS_SCHEMA_DIR");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (exports, 0755), ==, 0);

  g_settings_set_string (settings, "last-export-folder", last);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  {
    g_autofree char *expected = g_build_filename (exports, "Folder Masters", NULL);

    g_assert_cmpstr (lq_export_dialog_get_folder (dialog), ==, expected);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (no_export_dialog, window, "the export dialog gone");

  g_settings_set_string (settings, "last-export-folder", gone);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = _lq_window_get_export_dialog (window);
  {
    g_autofree char *expected = g_build_filename (dir, "Folder Masters", NULL);

    g_assert_cmpstr (lq_export_dialog_get_folder (dialog), ==, expected);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (no_export_dialog, window, "the export dialog gone");

  g_settings_reset (settings, "last-export-folder");
  destroy_window (window);
}

static guint toasts_before;

static gboolean
toasted (gpointer data)
{
  return _lq_window_get_n_toasts (data) > toasts_before;
}

static guint
n_references (LqWindow *window)
{
  g_autoptr(GPtrArray) list = lq_project_list_references (lq_window_get_project (window));

  return list->len;
}

/* win.add-reference with a file chosen: measured off the main thread, one
 * undoable edit, the transport bar's chooser lists it; a file that is not
 * audio is refused with a toast naming it, nothing added. */
static void
test_window_add_reference (void)
{
  g_autofree char *dir = NULL;
  LqWindow *window = mastering_window_new ("References", &dir);
  g_autofree char *reference = g_build_filename (dir, "Record.wav", NULL);
  g_autofree char *notes = g_build_filename (dir, "notes.wav", NULL);
  GtkDropDown *chooser = lq_transport_bar_get_reference_dropdown (_lq_window_get_transport_bar (window));

  write_sine (reference, NULL, -12.0);
  g_assert_true (g_file_set_contents (notes, "not audio", -1, NULL));
  g_assert_cmpuint (n_references (window), ==, 0);

  toasts_before = _lq_window_get_n_toasts (window);
  _lq_window_add_reference (window, reference);
  wait_until (toasted, window, "the reference added");
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_toast (window), "Added “Record.wav” to the references"));
  g_assert_cmpuint (n_references (window), ==, 1);
  g_assert_cmpstr (lq_project_get_undo_label (lq_window_get_project (window)), ==, "Add Reference “Record”");
  settle (window);
  /* "No Reference", then the record, then the codecs (the master as each delivers it) */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (chooser)), ==, 2 + LQ_CODEC_N);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (chooser)), 1), ==, "Record");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (chooser)), 2), ==,
                   lq_codec_get_label (0));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));

  toasts_before = _lq_window_get_n_toasts (window);
  _lq_window_add_reference (window, notes);
  wait_until (toasted, window, "the file refused");
  g_test_message ("toast: %s", _lq_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (_lq_window_get_last_toast (window), "Cannot add “notes.wav” as a reference: "));
  g_assert_cmpuint (n_references (window), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  settle (window);
  g_assert_cmpuint (n_references (window), ==, 0);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/window/inspector", test_window_inspector);
  g_test_add_func ("/ui/window/match", test_window_match);
  g_test_add_func ("/ui/window/match-not-analysed", test_window_match_not_analysed);
  g_test_add_func ("/ui/window/export", test_window_export);
  g_test_add_func ("/ui/window/export-folder", test_window_export_folder);
  g_test_add_func ("/ui/window/add-reference", test_window_add_reference);

  return lq_test_ui_run ();
}

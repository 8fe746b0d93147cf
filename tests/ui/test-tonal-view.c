/* test-tonal-view.c: LqTonalView, the Tonal Balance view, on an album of
 * noise of three tilts matched with a tonal strength of 0.5: its accessible
 * name and description (the spread as `lacquer-cli match` prints it), the
 * toolbar's toggles and lists, the tooltip's read-out, following the
 * project through an undo, and screenshots in light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-test-audio.h"
#include "lq-test-ui.h"
#include "lq-tonal-view.h"

#define RATE 44100
#define SECONDS 4

/* Stereo noise: 0 dark (a moving average of 8), 1 white, 2 bright (a
 * first difference). */
static void
write_tilt (const char *path,
            int         tilt)
{
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, (guint64) RATE * SECONDS,
                 lq_test_tilted_noise, GINT_TO_POINTER (tilt), NULL);
}

/* The project, matched; @spread gets the plan's before and after. */
static LqProject *
make_album (double spread[2])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "tonal.lacquer", NULL);
  char *files[4] = { NULL };
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  LqMatchSettings settings;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("tilt-%d.wav", i);

      files[i] = g_build_filename (tmp_dir, name, NULL);
      write_tilt (files[i], i);
    }
  remove_tree (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) files, 0, NULL, &error));
  g_assert_true (lq_project_analyze (project, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lq_match_settings_init (&settings);
  settings.target = "spotify";
  settings.tonal = 0.5;
  plan = lq_project_plan_match (project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (project, plan, NULL, NULL, &error));
  g_assert_no_error (error);
  spread[0] = lq_tonal_plan_get_spread_before_db (lq_match_plan_get_tonal (plan));
  spread[1] = lq_tonal_plan_get_spread_after_db (lq_match_plan_get_tonal (plan));
  for (int i = 0; i < 3; i++)
    g_free (files[i]);
  return g_steal_pointer (&project);
}

static gboolean
description_has (gpointer data)
{
  GtkWidget *view = ((gpointer *) data)[0];
  g_autofree char *text = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  return strstr (text, ((gpointer *) data)[1]) != NULL;
}

/* The toolbar's dropdowns in order, wherever they sit (it scrolls). */
static void
collect_dropdowns (GtkWidget *widget,
                   GPtrArray *all)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_DROP_DOWN (child))
        g_ptr_array_add (all, child);
      else
        collect_dropdowns (child, all);
    }
}

static GtkDropDown *
find_dropdown (GtkWidget *widget,
               guint      nth)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect_dropdowns (widget, all);
  g_assert_cmpuint (all->len, >, nth);
  return all->pdata[nth];
}

static void
test_tonal_view (void)
{
  double spread[2];
  g_autoptr(LqProject) project = make_album (spread);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = lq_tonal_view_new ();
  const LqTonalModel *model;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *readout_expected = NULL;
  GtkToggleButton *side, *before, *guides;
  graphene_rect_t toolbar;
  LqPlotAxis xa, ya;
  guint band;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 420);
  gtk_window_set_child (GTK_WINDOW (window), view);
  lq_tonal_view_set_project (LQ_TONAL_VIEW (view), project);
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (view);

  model = lq_tonal_view_get_model (LQ_TONAL_VIEW (view));
  g_assert_nonnull (model);
  g_assert_cmpuint (model->n_tracks, ==, 3);

  /* Its name, and the spread as `lacquer-cli match` prints it. */
  label = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_assert_cmpstr (label, ==, "Tonal Balance");
  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  expected = g_strdup_printf ("tonal spread %.2f dB before, %.2f dB after", spread[0], spread[1]);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, expected));
  g_assert_nonnull (strstr (description, "Mid spectra of 3 tracks against Album Centroid"));
  save_screenshot (window, "tonal-view-light.png");

  /* Side, through its toggle: the description says so. */
  side = find_toggle (view, "_Side");
  g_assert_nonnull (side);
  gtk_toggle_button_set_active (side, TRUE);
  g_assert_cmpint (lq_tonal_view_get_view (LQ_TONAL_VIEW (view))->channel, ==, LQ_TONAL_SIDE);
  g_clear_pointer (&description, g_free);
  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_assert_nonnull (strstr (description, "Side spectra"));
  gtk_toggle_button_set_active (find_toggle (view, "_Mid"), TRUE);
  g_assert_cmpint (lq_tonal_view_get_view (LQ_TONAL_VIEW (view))->channel, ==, LQ_TONAL_MID);

  /* Before off, guides on; one track through the track list. */
  before = find_toggle (view, "_Before");
  guides = find_toggle (view, "Slope _Guides");
  gtk_toggle_button_set_active (before, FALSE);
  gtk_toggle_button_set_active (guides, TRUE);
  g_assert_false (lq_tonal_view_get_view (LQ_TONAL_VIEW (view))->show_before);
  g_assert_true (lq_tonal_view_get_view (LQ_TONAL_VIEW (view))->show_guides);
  gtk_drop_down_set_selected (find_dropdown (view, 1), 2);
  g_assert_cmpuint (lq_tonal_view_get_track (LQ_TONAL_VIEW (view)), ==, 2);
  g_assert_cmpuint (lq_tonal_view_get_view (LQ_TONAL_VIEW (view))->track, ==, 1);
  wait_paint (view);
  save_screenshot (window, "tonal-view-track-light.png");

  /* The tooltip's read-out at 1 kHz: track 2 after the match vs the centroid. */
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_first_child (view), view, &toolbar));
  lq_tonal_plot_get_axes (model, lq_tonal_view_get_view (LQ_TONAL_VIEW (view)), gtk_widget_get_width (view),
                          gtk_widget_get_height (view) - toolbar.size.height, &xa, &ya);
  band = lq_tonal_model_find_band (model, 1000.0);
  readout = lq_tonal_view_dup_readout_at (LQ_TONAL_VIEW (view), lq_plot_axis_to_px (&xa, 1000.0),
                                          toolbar.size.height + (ya.from_px + ya.to_px) / 2);
  readout_expected = g_strdup_printf ("1k Hz · track 2 after %+.1f dB vs centroid",
                                      model->tracks[1].after[0][band] - model->compare_curve[0][band]);
  g_assert_cmpstr (readout, ==, readout_expected);
  g_assert_null (lq_tonal_view_dup_readout_at (LQ_TONAL_VIEW (view), 2, toolbar.size.height + 20));

  /* Compared with the anchor track 1, through the list. */
  gtk_drop_down_set_selected (find_dropdown (view, 0), 1);
  model = lq_tonal_view_get_model (LQ_TONAL_VIEW (view));
  g_assert_cmpint (model->compare, ==, LQ_TONAL_COMPARE_ANCHOR);
  g_assert_cmpstr (model->compare_name, ==, "tilt-0");
  gtk_drop_down_set_selected (find_dropdown (view, 0), 0);
  gtk_toggle_button_set_active (before, TRUE);

  /* Dark. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (view);
  save_screenshot (window, "tonal-view-track-dark.png");
  lq_tonal_view_set_track (LQ_TONAL_VIEW (view), 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (find_dropdown (view, 1)), ==, 0);
  wait_paint (view);
  save_screenshot (window, "tonal-view-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Undoing the match: the view follows, after is before. */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  {
    gpointer data[2] = { view, (gpointer) "no tonal match stored" };

    wait_until (description_has, data, "the description to follow the undo");
  }
  model = lq_tonal_view_get_model (LQ_TONAL_VIEW (view));
  g_assert_false (model->matched);
  g_assert_cmpfloat (model->spread_after_db, ==, model->spread_before_db);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Without a project, and with one track: a message, no model. */
static void
test_tonal_view_empty (void)
{
  GtkWidget *view = g_object_ref_sink (lq_tonal_view_new ());
  g_autofree char *description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  g_assert_null (lq_tonal_view_get_model (LQ_TONAL_VIEW (view)));
  g_assert_cmpstr (description, ==, "No album");
  g_assert_null (lq_tonal_view_dup_readout_at (LQ_TONAL_VIEW (view), 100, 100));
  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test backend keeps the accessible properties to read back */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/tonal-view/empty", test_tonal_view_empty);
  g_test_add_func ("/ui/tonal-view/album", test_tonal_view);
  return lq_test_ui_run ();
}

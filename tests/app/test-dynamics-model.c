/* test-dynamics-model.c: the Dynamics view's model (app/plot/lq-dynamics-model.h)
 * and its drawing's geometry: the gated histogram of short-term values of
 * known levels, the medians and outliers of known figures, and on a real
 * project the figures `lacquer-cli list --json` prints. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lq-dynamics-model.h"
#include "lq-dynamics-plot.h"
#include "lq-loudness-meter.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"

#define P "album.lacquer"

/* An analysis with the given figures and short-term values: @n[k] values
 * at @lufs[k] LUFS. */
static LqTrackAnalysis *
analysis_of (const char *name,
             double plr,
             double lra,
             const double *lufs,
             const guint *n,
             guint n_levels)
{
  LqTrackMeasures m = { 0 };
  GArray *st = g_array_new (FALSE, FALSE, sizeof (double));

  m.duration_s = 60.0;
  m.sample_rate = 48000;
  m.channels = 2;
  m.integrated_lufs = -14.0;
  m.plr_db = plr;
  m.lra_lu = lra;
  for (guint k = 0; k < n_levels; k++)
    for (guint j = 0; j < n[k]; j++)
      {
        double e = lq_loudness_to_energy (lufs[k]);

        g_array_append_val (st, e);
      }
  return lq_track_analysis_new (name, NULL, "WAV", &m, NULL, st);
}

static void
unref0 (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Values at -19.5 and -10.5 LUFS stay; -35.5 is below the relative gate
 * (about -13.4 - 20) and -80 below the absolute one. */
static void
test_histogram (void)
{
  const double levels[] = { -19.5, -10.5, -35.5, -80.0 };
  const guint counts[] = { 100, 50, 30, 20 };
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func (unref0);
  const char *names[] = { "steps", NULL };
  g_autoptr(LqDynamicsModel) m = NULL;
  const LqDynamicsTrack *t;
  g_autofree double *gated = NULL;
  guint n_gated = 0;
  double mean_energy, gate;

  g_ptr_array_add (analyses, analysis_of ("steps.wav", 10.0, 9.0, levels, counts, 4));
  /* The relative gate, computed here: 20 LU under the loudness of the
   * values above -70 LUFS. */
  mean_energy = (100 * lq_loudness_to_energy (-19.5) + 50 * lq_loudness_to_energy (-10.5)
                 + 30 * lq_loudness_to_energy (-35.5)) / 180.0;
  gate = -0.691 + 10.0 * log10 (mean_energy) - 20.0;
  g_assert_cmpfloat (gate, >, -35.5);
  g_assert_cmpfloat (gate, <, -19.5);

  gated = lq_dynamics_gated_short_term (lq_track_analysis_get_short_term_energies (g_ptr_array_index (analyses, 0)),
                                        &n_gated);
  g_assert_cmpuint (n_gated, ==, 150);

  m = lq_dynamics_model_new (analyses, names);
  g_assert_cmpuint (m->n_tracks, ==, 1);
  t = &m->tracks[0];
  g_assert_cmpstr (t->name, ==, "steps");
  g_assert_true (t->measured);
  g_assert_cmpuint (t->total, ==, 150);
  /* 1 LU bins from the quietest value's to the loudest's. */
  g_assert_cmpfloat (m->bins_from_lufs, ==, -20.0);
  g_assert_cmpuint (m->n_bins, ==, 10);
  for (guint b = 0; b < m->n_bins; b++)
    g_assert_cmpuint (t->counts[b], ==, b == 0 ? 100 : b == 9 ? 50 : 0);
  g_assert_cmpuint (t->peak_count, ==, 100);
  /* One track: its own median, no outliers. */
  g_assert_cmpfloat (m->plr_median, ==, 10.0);
  g_assert_cmpfloat (m->plr_mad, ==, 0.0);
  g_assert_false (t->plr_outlier);
  {
    g_autofree char *readout = lq_dynamics_model_dup_readout (m, 0);

    g_assert_cmpstr (readout, ==, "Track 1 “steps”: PLR 10.0 dB, LRA 9.0 LU, short-term -20 to -10 LUFS");
  }
}

/* PLR 8.8, 8.5, 9, 9.5, 15: median 9, MAD 0.5: 15 stands out (6 > 0.75
 * and > 1 dB), 8.5 and 9.5 do not. LRA 5, 5, 5, 5, 5.5: MAD 0, but 0.5 LU
 * is under the 1 LU floor: none. */
static void
test_outliers (void)
{
  const double plr[] = { 8.8, 8.5, 9.0, 9.5, 15.0 };
  const double lra[] = { 5.0, 5.0, 5.0, 5.0, 5.5 };
  const double level = -14.5;
  const guint count = 10;
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func (unref0);
  g_autoptr(LqDynamicsModel) m = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (plr); i++)
    {
      g_autofree char *name = g_strdup_printf ("t%u.wav", i + 1);

      g_ptr_array_add (analyses, analysis_of (name, plr[i], lra[i], &level, &count, 1));
    }
  g_ptr_array_add (analyses, NULL);  /* a track not measured */
  m = lq_dynamics_model_new (analyses, NULL);
  g_assert_cmpuint (m->n_tracks, ==, 6);
  g_assert_false (m->tracks[5].measured);
  g_assert_true (isnan (m->tracks[5].plr_db));
  g_assert_cmpfloat_with_epsilon (m->plr_median, 9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->plr_mad, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->lra_median, 5.0, 1e-12);
  g_assert_cmpfloat (m->lra_mad, ==, 0.0);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (m->tracks[i].plr_outlier, ==, i == 4);
      g_assert_false (m->tracks[i].lra_outlier);
    }

  text = lq_dynamics_model_dup_description (m);
  g_test_message ("%s", text);
  lq_test_assert_contains (text, "5 tracks measured");
  lq_test_assert_contains (text, "PLR 8.5 to 15.0 dB (median 9.0)");
  lq_test_assert_contains (text, "LRA 5.0 to 5.5 LU (median 5.0)");
  lq_test_assert_contains (text, "short-term loudness -15 to -14 LUFS");
  lq_test_assert_contains (text, "outliers: track 5 (PLR 15.0 dB)");

  /* The plot's columns: one a track, hit where drawn. */
  {
    double x0, column;
    LqPlotAxis la, da;

    lq_dynamics_plot_get_layout (m, 600, 300, &x0, &column, &la, &da);
    g_assert_cmpfloat_with_epsilon (x0 + 6 * column, 600 - 10.0, 1e-9);
    g_assert_cmpuint (lq_dynamics_plot_hit_track (m, 600, 300, x0 + 4.5 * column, 200), ==, 4);
    g_assert_cmpuint (lq_dynamics_plot_hit_track (m, 600, 300, x0 - 2.0, 200), ==, G_MAXUINT);
    g_assert_cmpfloat (da.min, ==, 0.0);
    g_assert_cmpfloat (da.max, >=, 15.0);
    g_assert_cmpfloat (la.min, <=, -15.0);
    g_assert_cmpfloat (la.max, >=, -14.0);
  }
}

/* A project: the figures are its analyses', as `lacquer-cli list --json`
 * prints them; drawing paints at any size. */
static void
test_project (void)
{
  LqTestCli cli;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqDynamicsModel) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JsonArray *tracks;
  const double levels[] = { -30.0, -12.0 };

  lq_test_cli_setup (&cli);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("sine-%u.wav", i);
      g_autofree char *file = lq_test_cli_path (&cli, name);
      double level = levels[i];

      lq_test_write (file, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 8, lq_test_sine_1k, &level, NULL);
    }
  lq_test_cli_run (&cli, "new", P, NULL);
  lq_test_cli_assert_ok (&cli);
  lq_test_cli_run (&cli, "add", P, "sine-0.wav", "sine-1.wav", NULL);
  lq_test_cli_assert_ok (&cli);
  lq_test_cli_run (&cli, "analyze", P, NULL);
  lq_test_cli_assert_ok (&cli);
  lq_test_cli_run (&cli, "list", P, "--json", NULL);
  lq_test_cli_assert_ok (&cli);
  root = lq_test_cli_parse_stdout (&cli);
  tracks = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root), "project"),
                                         "tracks");

  path = lq_test_cli_path (&cli, P);
  project = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  m = lq_dynamics_model_new_from_project (project);
  g_assert_cmpuint (m->n_tracks, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *a = json_object_get_object_member (json_array_get_object_element (tracks, i), "analysis");
      const LqDynamicsTrack *t = &m->tracks[i];
      /* A steady sine: every short-term value is the track's loudness
       * (the windows that started before the audio are quieter). */
      double lufs = json_object_get_double_member (a, "integrated_lufs");
      guint bin = (guint) floor (lufs - m->bins_from_lufs);

      g_assert_cmpfloat_with_epsilon (t->plr_db, json_object_get_double_member (a, "plr_db"), 1e-9);
      g_assert_cmpfloat_with_epsilon (t->lra_lu, json_object_get_double_member (a, "lra_lu"), 1e-9);
      g_assert_cmpfloat_with_epsilon (t->integrated_lufs, lufs, 1e-9);
      g_assert_cmpuint (bin, <, m->n_bins);
      g_assert_cmpuint (t->counts[bin], ==, t->peak_count);
      g_assert_cmpuint (t->counts[bin], >, t->total / 2);
    }

  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
    cairo_t *cr = cairo_create (surface);
    LqPlotStyle style;
    LqDynamicsPlotView view;

    lq_plot_style_init_dark (&style);
    lq_dynamics_plot_view_init (&view);
    view.selected = 1;
    lq_dynamics_plot_draw (cr, m, &style, 400, 200, &view);
    lq_dynamics_plot_draw (cr, m, &style, 3, 2, &view);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  lq_test_cli_teardown (&cli);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dynamics-model/histogram", test_histogram);
  g_test_add_func ("/dynamics-model/outliers", test_outliers);
  g_test_add_func ("/dynamics-model/project", test_project);
  return g_test_run ();
}

/* test-tonal-model.c: the Tonal Balance view's model (app/plot/lq-tonal-model.h)
 * and its drawing's geometry, on an album of noise of three known tilts:
 * dark (a moving average of 8), white (rising 3 dB per octave in
 * 1/3-octave bands) and bright (a first difference, rising faster).
 *
 * The figures are held against what `lacquer-cli match` prints for the
 * same settings, and the curves against the analyses' spectra as the test
 * normalises and smooths them itself. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"
#include "lq-tonal-model.h"
#include "lq-tonal-plan.h"
#include "lq-tonal-plot.h"

#define P "album.lacquer"
#define RATE 44100
#define STRENGTH "0.6"
#define CAP "5"

typedef struct
{
  LqTestCli cli;
  JsonNode *plan;   /* `match --dry-run --json` of the stored settings */
  JsonNode *shown;  /* `match --show --json` */
  LqProject *project;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  lq_test_cli_setup (&f->cli);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("tilt-%d.wav", i);
      g_autofree char *file = lq_test_cli_path (&f->cli, name);

      lq_test_write (file, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, RATE * 5, lq_test_tilted_noise,
                     GINT_TO_POINTER (i), NULL);
    }
  lq_test_cli_run (&f->cli, "new", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_cli_run (&f->cli, "add", P, "tilt-0.wav", "tilt-1.wav", "tilt-2.wav", NULL);
  lq_test_cli_assert_ok (&f->cli);
  lq_test_cli_run (&f->cli, "analyze", P, NULL);
  lq_test_cli_assert_ok (&f->cli);
  if (GPOINTER_TO_INT (data))
    {
      lq_test_cli_run (&f->cli, "match", P, "--target", "spotify", "--tonal", STRENGTH, "--cap", CAP, NULL);
      lq_test_cli_assert_ok (&f->cli);
      lq_test_cli_run (&f->cli, "match", P, "--target", "spotify", "--tonal", STRENGTH, "--cap", CAP,
                       "--dry-run", "--json", NULL);
    }
  else
    /* Never matched: the figures a tonal match would start from (the
     * measured spread does not depend on the strength). */
    lq_test_cli_run (&f->cli, "match", P, "--target", "spotify", "--tonal", STRENGTH, "--cap", CAP,
                     "--dry-run", "--json", NULL);
  lq_test_cli_assert_ok (&f->cli);
  f->plan = lq_test_cli_parse_stdout (&f->cli);

  path = lq_test_cli_path (&f->cli, P);
  f->project = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_clear_object (&f->project);
  g_clear_pointer (&f->shown, json_node_unref);
  g_clear_pointer (&f->plan, json_node_unref);
  lq_test_cli_teardown (&f->cli);
}

static JsonObject *
album_plan (Fixture *f)
{
  return json_object_get_object_member (json_node_get_object (f->plan), "album_plan");
}

/* The analysis' mid or side spectrum minus the track's loudness, as the
 * test reads it from the analysis. */
static void
normalised (LqProject *project,
            guint position,
            guint channel,
            guint n_bands,
            double *out)
{
  LqTrackAnalysis *a = lq_track_get_analysis (lq_project_get_track (project, position));
  const double *mid, *side;
  guint n;

  g_assert_true (lq_track_analysis_get_spectrum (a, &n, NULL, &mid, &side));
  g_assert_cmpuint (n, >=, n_bands);
  for (guint b = 0; b < n_bands; b++)
    out[b] = (channel == 0 ? mid : side)[b] - lq_track_analysis_get_measures (a)->integrated_lufs;
}

static gboolean
silent (double db)
{
  return !(db >= -LQ_TONAL_SILENT_DB);
}

/* The 1/4, 1/2, 1/4 smoothing over the neighbours that are not silent
 * (lq-tonal-plan.c); a silent band stays as it is. */
static double
smoothed (const double *v,
          guint n,
          guint b)
{
  double sum = 0.5 * v[b], w = 0.5;

  if (silent (v[b]))
    return v[b];
  if (b > 0 && !silent (v[b - 1]))
    sum += 0.25 * v[b - 1], w += 0.25;
  if (b + 1 < n && !silent (v[b + 1]))
    sum += 0.25 * v[b + 1], w += 0.25;
  return sum / w;
}

/* The least-squares slope in dB per octave of @v between @lo and @hi Hz. */
static double
slope (const LqTonalModel *m,
       const double *v,
       double lo,
       double hi)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  guint n = 0;

  for (guint b = 0; b < m->n_bands; b++)
    if (m->centres[b] >= lo && m->centres[b] <= hi)
      {
        double x = log2 (m->centres[b]);

        sx += x, sy += v[b], sxx += x * x, sxy += x * v[b];
        n++;
      }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

static void
test_curves (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTonalModel) m = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_CENTROID, 0, &error);
  JsonArray *tracks = json_object_get_array_member (json_node_get_object (f->plan), "tracks");
  double strength = g_ascii_strtod (STRENGTH, NULL), cap = g_ascii_strtod (CAP, NULL);
  double norm[3][2][64];
  gboolean some_capped = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpuint (m->n_tracks, ==, 3);
  g_assert_true (m->matched);
  g_assert_cmpfloat (m->strength, ==, strength);
  g_assert_cmpfloat (m->cap_db, ==, cap);
  g_assert_cmpuint (m->n_bands, <=, 64);
  g_assert_cmpuint (m->n_bands, >, 20);
  g_assert_cmpstr (m->tracks[1].name, ==, "tilt-1");

  /* The spread: what `match` prints for the same settings. */
  g_assert_cmpfloat_with_epsilon (m->spread_before_db,
                                  json_object_get_double_member (album_plan (f), "tonal_spread_measured_db"),
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (m->spread_after_db,
                                  json_object_get_double_member (album_plan (f), "tonal_spread_predicted_db"),
                                  1e-9);
  g_assert_cmpfloat (m->spread_after_db, <, m->spread_before_db - 0.5);
  /* And what `match --show --json` says of the stored match. */
  {
    JsonObject *shown;

    lq_test_cli_run (&f->cli, "match", P, "--show", "--json", NULL);
    lq_test_cli_assert_ok (&f->cli);
    g_clear_pointer (&f->shown, json_node_unref);
    f->shown = lq_test_cli_parse_stdout (&f->cli);
    shown = json_node_get_object (f->shown);
    g_assert_cmpfloat_with_epsilon (m->spread_before_db,
                                    json_object_get_double_member (shown, "tonal_spread_measured_db"), 1e-9);
    g_assert_cmpfloat_with_epsilon (m->spread_after_db,
                                    json_object_get_double_member (shown, "tonal_spread_predicted_db"), 1e-9);
  }

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *eq = json_object_get_object_member (json_array_get_object_element (tracks, i), "eq");
      JsonObject *correction = json_object_get_object_member (eq, "correction");
      JsonArray *mid = json_object_get_array_member (correction, "mid_db");
      JsonArray *side = json_object_get_array_member (correction, "side_db");

      g_assert_true (m->tracks[i].has_spectrum);
      g_assert_true (m->tracks[i].corrected);
      g_assert_cmpuint (json_array_get_length (mid), ==, m->n_bands);
      for (guint c = 0; c < 2; c++)
        {
          normalised (f->project, i + 1, c, m->n_bands, norm[i][c]);
          for (guint b = 0; b < m->n_bands; b++)
            {
              double corr = json_array_get_double_element (c == 0 ? mid : side, b);
              double applied = CLAMP (strength * corr, -cap, cap);

              some_capped |= fabs (strength * corr) > cap;
              /* Before: the analysis, loudness-normalised. */
              g_assert_cmpfloat_with_epsilon (m->tracks[i].before[c][b], norm[i][c][b], 1e-9);
              /* After: before plus the correction `match` printed, at the stored strength and cap. */
              g_assert_cmpfloat_with_epsilon (m->tracks[i].after[c][b], norm[i][c][b] + applied, 1e-6);
            }
        }
    }
  g_assert_true (some_capped);

  /* The centroid: per band, the mean of the smoothed spectra of the tracks
   * that are not silent there (the dark noise is, at the top). */
  for (guint c = 0; c < 2; c++)
    for (guint b = 0; b < m->n_bands; b++)
      {
        double sum = 0.0;
        guint count = 0;

        for (guint i = 0; i < 3; i++)
          if (!silent (norm[i][c][b]))
            {
              sum += smoothed (norm[i][c], m->n_bands, b);
              count++;
            }
        g_assert_cmpuint (count, >, 0);
        g_assert_cmpfloat_with_epsilon (m->compare_curve[c][b], sum / count, 1e-9);
      }

  /* The tilts: white rises 3 dB per octave; dark falls against it above 1 kHz
   * (the moving average of 8 is down 9 dB at 4 kHz), bright rises. */
  {
    double white = slope (m, m->tracks[1].before[LQ_TONAL_MID], 100.0, 2000.0);
    double dark = slope (m, m->tracks[0].before[LQ_TONAL_MID], 1000.0, 4000.0);
    double bright = slope (m, m->tracks[2].before[LQ_TONAL_MID], 100.0, 2000.0);

    g_test_message ("slopes: dark %.2f, white %.2f, bright %.2f dB/oct", dark, white, bright);
    g_assert_cmpfloat_with_epsilon (white, 3.0, 0.3);
    g_assert_cmpfloat (dark, <, white - 2.0);
    g_assert_cmpfloat (bright, >, white + 3.0);
  }

  /* Recomputed from the model's own curves, the spread is the same. */
  {
    double before[3 * 64], after[3 * 64];

    for (guint i = 0; i < 3; i++)
      for (guint b = 0; b < m->n_bands; b++)
        {
          before[i * m->n_bands + b] = m->tracks[i].before[LQ_TONAL_MID][b];
          after[i * m->n_bands + b] = m->tracks[i].after[LQ_TONAL_MID][b];
        }
    g_assert_cmpfloat_with_epsilon (lq_tonal_spread (m->centres, m->n_bands, before, 3), m->spread_before_db, 1e-9);
    g_assert_cmpfloat_with_epsilon (lq_tonal_spread (m->centres, m->n_bands, after, 3), m->spread_after_db, 1e-6);
  }
}

/* The description carries the spread as `match` prints it ("%.2f"). */
static void
test_description (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(LqTonalModel) m = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_CENTROID, 0, NULL);
  g_autofree char *text = lq_tonal_model_dup_description (m, LQ_TONAL_MID);
  gboolean matched = GPOINTER_TO_INT (data);
  double measured = json_object_get_double_member (album_plan (f), "tonal_spread_measured_db");
  double predicted = json_object_get_double_member (album_plan (f), "tonal_spread_predicted_db");
  /* Never matched, after is before. */
  g_autofree char *expected = g_strdup_printf ("tonal spread %.2f dB before, %.2f dB after", measured,
                                               matched ? predicted : measured);

  g_test_message ("%s", text);
  lq_test_assert_contains (text, expected);
  lq_test_assert_contains (text, "Album Centroid");
  if (!matched)
    {
      /* Never matched tonally: after is before, and no curve moves. */
      g_assert_false (m->matched);
      g_assert_cmpfloat (m->spread_after_db, ==, m->spread_before_db);
      for (guint i = 0; i < m->n_tracks; i++)
        {
          g_assert_false (m->tracks[i].corrected);
          g_assert_cmpmem (m->tracks[i].after[0], m->n_bands * sizeof (double),
                           m->tracks[i].before[0], m->n_bands * sizeof (double));
        }
      lq_test_assert_contains (text, "no tonal match stored");
    }
  else
    {
      /* The darkest and the brightest differ from the mean the most. */
      g_assert_true (strstr (text, "furthest: track 1") != NULL || strstr (text, "furthest: track 3") != NULL);
    }
}

/* Against the anchor: the comparison curve is its smoothed spectrum. */
static void
test_anchor (Fixture *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTonalModel) m = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_ANCHOR, 2, &error);
  g_autoptr(LqTonalModel) none = NULL;
  double norm[64];

  g_assert_no_error (error);
  g_assert_cmpstr (m->compare_name, ==, "tilt-1");
  normalised (f->project, 2, 0, m->n_bands, norm);
  for (guint b = 0; b < m->n_bands; b++)
    g_assert_cmpfloat_with_epsilon (m->compare_curve[0][b], smoothed (norm, m->n_bands, b), 1e-9);

  none = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_ANCHOR, 9, &error);
  g_assert_null (none);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  none = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_REFERENCE, 1, &error);
  g_assert_null (none);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
}

/* The read-out and the plot's hit-testing. */
static void
test_readout (Fixture *f,
              gconstpointer data)
{
  g_autoptr(LqTonalModel) m = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_CENTROID, 0, NULL);
  LqTonalPlotView view;
  LqPlotAxis xa, ya;
  guint band = lq_tonal_model_find_band (m, 1000.0);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  double x;

  g_assert_cmpfloat_with_epsilon (m->centres[band], 1000.0, 30.0);
  lq_tonal_plot_view_init (&view);
  view.track = 2;
  lq_tonal_plot_get_axes (m, &view, 800, 300, &xa, &ya);
  x = lq_plot_axis_to_px (&xa, m->centres[band]);
  g_assert_cmpuint (lq_tonal_plot_hit_band (m, &view, 800, 300, x + 1.0, 150), ==, band);
  g_assert_cmpuint (lq_tonal_plot_hit_band (m, &view, 800, 300, 2.0, 150), ==, G_MAXUINT);
  g_assert_cmpfloat (lq_tonal_plot_curve_value (m, &view, 2, band, TRUE), ==, m->tracks[2].after[0][band]);
  g_assert_true (isnan (lq_tonal_plot_curve_value (m, &view, 1, band, TRUE)));
  /* The dB axis holds every curve shown. */
  for (guint b = 0; b < m->n_bands; b++)
    {
      g_assert_cmpfloat (m->tracks[2].after[0][b], <=, ya.max);
      g_assert_cmpfloat (m->compare_curve[0][b], <=, ya.max);
    }

  text = lq_tonal_model_dup_readout (m, LQ_TONAL_MID, band, 2, TRUE, TRUE);
  expected = g_strdup_printf ("1k Hz · track 3 %+.1f dB vs centroid, after %+.1f dB",
                              m->tracks[2].before[0][band] - m->compare_curve[0][band],
                              m->tracks[2].after[0][band] - m->compare_curve[0][band]);
  g_assert_cmpstr (text, ==, expected);

  /* The slope guides pass the pivot at 0 dB and fall by their slope per octave. */
  g_assert_cmpfloat (lq_tonal_guide_db (-3.0, 1000.0), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (lq_tonal_guide_db (-4.5, 4000.0), -9.0, 1e-12);
}

/* Drawing does not fail at any size, and paints. */
static void
test_draw (Fixture *f,
           gconstpointer data)
{
  g_autoptr(LqTonalModel) m = lq_tonal_model_new (f->project, LQ_TONAL_COMPARE_CENTROID, 0, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 240);
  cairo_t *cr = cairo_create (surface);
  LqPlotStyle style;
  LqTonalPlotView view;

  lq_plot_style_init_light (&style);
  lq_tonal_plot_view_init (&view);
  view.show_guides = TRUE;
  lq_tonal_plot_draw (cr, m, &style, 640, 240, &view);
  view.channel = LQ_TONAL_SIDE;
  view.track = 0;
  lq_tonal_plot_draw (cr, m, &style, 10, 5, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, matched, fn) \
  g_test_add (name, Fixture, GINT_TO_POINTER (matched), fixture_setup, fn, fixture_teardown)
  ADD ("/tonal-model/curves", TRUE, test_curves);
  ADD ("/tonal-model/description", TRUE, test_description);
  ADD ("/tonal-model/description-unmatched", FALSE, test_description);
  ADD ("/tonal-model/anchor", TRUE, test_anchor);
  ADD ("/tonal-model/readout", TRUE, test_readout);
  ADD ("/tonal-model/draw", TRUE, test_draw);
  return g_test_run ();
}

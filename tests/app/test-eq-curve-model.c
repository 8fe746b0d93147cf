/* test-eq-curve-model.c: the EQ curve and dynamics curve models
 * (app/plot/lq-eq-curve-model.h, lq-gain-curve-model.h) of a matched album.
 *
 *  - the combined curve is the sum of its parts, the handles are the bands
 *    as the fields set them, the description names them;
 *  - the combined curve is what the export's chain does: sines rendered
 *    through an LqChain with the track's render spec (lq_render_spec_init())
 *    come out by the curve (plus the spec's gains) within 0.2 dB;
 *  - moving a handle recomputes the curve as a model built with the moved
 *    band;
 *  - the compressor's and limiter's marks sit where the analysis and the
 *    match plan put the track, with the reduction the paper's formula gives.
 */
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-chain-settings.h"
#include "lq-eq-curve-model.h"
#include "lq-gain-curve-model.h"
#include "lq-project.h"
#include "lq-render.h"
#include "lq-test-audio.h"

#define RATE 48000

typedef struct
{
  char *dir;
  LqProject *project;
} Fixture;

/* Reproducible white noise, addressable by frame. */
static double
noise_at (guint64 i, guint c)
{
  guint64 x = (i * 2 + c + 1) * 0x9E3779B97F4A7C15ull;

  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  return ((double) (x >> 11) / (double) (1ull << 53)) * 2.0 - 1.0;
}

static double
bright (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.2 * noise_at (i, c);
}

/* The same noise, quieter, under a loud 150 Hz tone: a darker track */
static double
dark (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.05 * noise_at (i, c) + 0.4 * sin (2.0 * G_PI * 150.0 * i / rate);
}

static void
set_ok (LqProject *p, guint position, const char *const *assignments)
{
  g_autoptr(GError) error = NULL;

  if (position == 0)
    g_assert_true (lq_project_set_album (p, assignments, &error));
  else
    g_assert_true (lq_project_set_track (p, position, assignments, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *path = NULL;
  const char *paths[3];
  LqMatchSettings settings;

  f->dir = lq_test_tmpdir ();
  a = g_build_filename (f->dir, "bright.wav", NULL);
  b = g_build_filename (f->dir, "dark.wav", NULL);
  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, RATE * 8, bright, NULL, "Bright");
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, RATE * 8, dark, NULL, "Dark");
  path = g_build_filename (f->dir, "curves.lacquer", NULL);
  f->project = lq_project_create (path, &error);
  g_assert_no_error (error);
  paths[0] = a;
  paths[1] = b;
  paths[2] = NULL;
  g_assert_true (lq_project_add_files (f->project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A tonal match: each track gets a match-EQ curve */
  lq_match_settings_init (&settings);
  settings.target = "spotify";
  settings.mode = LQ_MATCH_MODE_ALBUM;
  settings.tonal = 1.0;
  plan = lq_project_plan_match (f->project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (f->project, plan, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *track[] = { "eq1-on=true", "eq1-type=high-pass", "eq1-freq=40", "eq1-slope=24",
                            "eq2-on=true", "eq2-type=bell", "eq2-freq=1000", "eq2-gain=4",
                            "eq2-q=1", "eq4-on=true", "eq4-type=high-shelf", "eq4-freq=8000",
                            "eq4-gain=-2.5", "input-trim=-1.5", NULL };
    const char *album[] = { "bus-eq3-on=true", "bus-eq3-type=bell", "bus-eq3-freq=5000",
                            "bus-eq3-gain=-3", "bus-eq3-q=2", NULL };

    set_ok (f->project, 1, track);
    set_ok (f->project, 0, album);
  }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

/* Amplitude of the @freq component (least squares over whole cycles). */
static double
amplitude (const float *y, guint n, double freq)
{
  guint len = (guint) lround (floor (n * freq / RATE) * RATE / freq);
  double a = 0.0, b = 0.0;

  for (guint i = 0; i < len; i++)
    {
      a += y[i] * sin (2.0 * G_PI * freq * i / RATE);
      b += y[i] * cos (2.0 * G_PI * freq * i / RATE);
    }
  return 2.0 * hypot (a, b) / len;
}

/* The gain in dB the chain of @spec applies to a centred sine at @freq. */
static double
chain_gain_db (const LqRenderSpec *spec, double freq)
{
  LqChain *chain = lq_chain_new (RATE, 1024);
  guint settle = RATE / 2, measure = RATE / 2, n = settle + measure;
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  double in_amp = 0.02;

  g_assert_cmpint (lq_chain_apply_settings (chain, &spec->chain), ==, LQ_OK);
  lq_chain_reset (chain);
  for (guint i = 0; i < n; i++)
    l[i] = r[i] = (float) (in_amp * sin (2.0 * G_PI * freq * i / RATE));
  for (guint pos = 0; pos < n; pos += 1024)
    {
      float *blk[2] = { l + pos, r + pos };

      lq_chain_process (chain, blk, MIN (1024, n - pos));
    }
  lq_chain_free (chain);
  g_assert_cmpfloat (fabs (amplitude (l + settle, measure, freq) - amplitude (r + settle, measure, freq)),
                     <, 1e-4);
  return 20.0 * log10 (amplitude (l + settle, measure, freq) / in_amp);
}

static void
test_eq_model (Fixture *f, gconstpointer data)
{
  LqTrack *track = lq_project_get_track (f->project, 1);
  g_autoptr(LqEqCurveModel) model = lq_eq_curve_model_new (f->project, track);
  g_autofree char *description = NULL;
  LqRenderSpec spec = { 0 };

  g_assert_cmpuint (model->rate, ==, RATE);
  g_assert_true (model->has_track);
  g_assert_true (model->part_active[LQ_EQ_CURVE_PART_TRACK]);
  g_assert_true (model->part_active[LQ_EQ_CURVE_PART_MATCH]);
  g_assert_true (model->part_active[LQ_EQ_CURVE_PART_BUS]);

  /* The grid and the sum */
  g_assert_cmpfloat_with_epsilon (model->freq[0], 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (model->freq[LQ_EQ_CURVE_POINTS - 1], 20000.0, 1e-6);
  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    {
      double sum = 0.0;

      for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
        sum += model->part_db[p][i];
      g_assert_cmpfloat_with_epsilon (model->sum_db[i], sum, 1e-9);
      g_assert_cmpfloat (model->sum_db[i], >=, model->sum_min_db);
      g_assert_cmpfloat (model->sum_db[i], <=, model->sum_max_db);
    }
  /* The match EQ does something (a dark and a bright track) */
  g_assert_cmpfloat (model->match_max_abs_db, >, 0.5);

  /* The handles: the track's 8 bands, then the bus's */
  g_assert_cmpuint (model->n_handles, ==, 16);
  g_assert_true (model->handles[1].settings.enabled);
  g_assert_false (model->handles[1].album);
  g_assert_cmpuint (model->handles[1].band, ==, 2);
  g_assert_cmpfloat (model->handles[1].settings.freq_hz, ==, 1000.0);
  g_assert_cmpfloat (model->handles[1].settings.gain_db, ==, 4.0);
  g_assert_cmpint (model->handles[0].settings.type, ==, LQ_EQ_HIGH_PASS);
  g_assert_false (model->handles[2].settings.enabled);
  g_assert_true (model->handles[10].album);
  g_assert_cmpuint (model->handles[10].band, ==, 3);
  g_assert_cmpfloat (model->handles[10].settings.gain_db, ==, -3.0);

  description = lq_eq_curve_model_describe (model);
  g_test_message ("%s", description);
  g_assert_true (g_str_has_prefix (description, "EQ: band 1 high-pass 40 Hz 24 dB/oct, band 2 bell 1 kHz +4.0 dB Q 1.00, "));
  g_assert_nonnull (strstr (description, "bus band 3 bell 5 kHz -3.0 dB Q 2.00"));
  g_assert_nonnull (strstr (description, "; match EQ ±"));
  g_assert_nonnull (strstr (description, "; combined range "));

  /* The same curve as the export's chain applies: rendered sines at grid
   * frequencies, less the spec's gains (the limiter and compressors are
   * idle at this level) */
  lq_render_spec_init (&spec, f->project, track);
  for (guint i = 20; i < LQ_EQ_CURVE_POINTS; i += 29)
    {
      double freq = model->freq[i];
      double measured = chain_gain_db (&spec, freq) - spec.chain.input_trim_db - spec.chain.match_gain_db;

      g_test_message ("%.1f Hz: curve %.3f dB, chain %.3f dB", freq, model->sum_db[i], measured);
      g_assert_cmpfloat_with_epsilon (model->sum_db[i], measured, 0.2);
    }
  lq_render_spec_clear (&spec);
}

static void
test_eq_move (Fixture *f, gconstpointer data)
{
  LqTrack *track = lq_project_get_track (f->project, 1);
  g_autoptr(LqEqCurveModel) model = lq_eq_curve_model_new (f->project, track);
  g_autoptr(LqEqCurveModel) expected = NULL;
  LqRenderSpec spec = { 0 };

  lq_eq_curve_model_move_handle (model, 1, 2500.0, -6.0, 2.0);
  lq_eq_curve_model_move_handle (model, 10, 300.0, 2.0, 0.5);

  lq_render_spec_init (&spec, f->project, track);
  spec.chain.eq[1].freq_hz = 2500.0;
  spec.chain.eq[1].gain_db = -6.0;
  spec.chain.eq[1].q = 2.0;
  spec.chain.bus_eq[2].freq_hz = 300.0;
  spec.chain.bus_eq[2].gain_db = 2.0;
  spec.chain.bus_eq[2].q = 0.5;
  expected = lq_eq_curve_model_new_from_settings (&spec.chain, TRUE, RATE);
  lq_render_spec_clear (&spec);

  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    {
      for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
        g_assert_cmpfloat_with_epsilon (model->part_db[p][i], expected->part_db[p][i], 1e-9);
      g_assert_cmpfloat_with_epsilon (model->sum_db[i], expected->sum_db[i], 1e-9);
    }
  /* Interpolation on the grid reads the grid's values there */
  g_assert_cmpfloat_with_epsilon (lq_eq_curve_model_value_at (model, LQ_EQ_CURVE_N_PARTS, model->freq[77]),
                                  model->sum_db[77], 1e-9);
}

static void
test_eq_bus_only (Fixture *f, gconstpointer data)
{
  g_autoptr(LqEqCurveModel) model = lq_eq_curve_model_new (f->project, NULL);
  g_autofree char *description = lq_eq_curve_model_describe (model);

  g_assert_false (model->has_track);
  g_assert_cmpuint (model->n_handles, ==, 8);
  g_assert_true (model->handles[2].album);
  g_assert_false (model->part_active[LQ_EQ_CURVE_PART_TRACK]);
  g_assert_false (model->part_active[LQ_EQ_CURVE_PART_MATCH]);
  /* A bell at 5 kHz, -3 dB: its depth at its centre */
  g_assert_cmpfloat_with_epsilon (lq_eq_curve_model_value_at (model, LQ_EQ_CURVE_PART_BUS, 5000.0), -3.0, 0.05);
  g_assert_cmpstr (description, ==, "EQ: bus band 3 bell 5 kHz -3.0 dB Q 2.00; combined range -3.0 to 0.0 dB");
}

static void
test_gain_models (Fixture *f, gconstpointer data)
{
  LqTrack *track = lq_project_get_track (f->project, 2);
  const LqTrackMeasures *m = lq_track_analysis_get_measures (lq_track_get_analysis (track));
  const char *comp[] = { "comp-on=true", "comp-threshold=-30", "comp-ratio=4", "comp-knee=0", NULL };
  g_autoptr(LqGainCurveModel) compressor = NULL;
  g_autoptr(LqGainCurveModel) limiter = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autofree char *description = NULL;
  double level, peak, aim;

  set_ok (f->project, 2, comp);
  compressor = lq_gain_curve_model_new (f->project, track, LQ_GAIN_CURVE_COMPRESSOR);
  g_assert_true (compressor->enabled);
  g_assert_true (compressor->has_level);
  /* The loudest short-term loudness at the compressor's input (no trim) */
  level = m->max_short_term_lufs;
  g_assert_cmpfloat_with_epsilon (compressor->level_db, level, 1e-9);
  g_assert_cmpfloat (level, >, -30.0);
  g_assert_cmpfloat_with_epsilon (compressor->reduction_db, (1.0 - 1.0 / 4.0) * (level + 30.0), 1e-9);
  /* The curve: 1:1 under the threshold, 1:4 above */
  for (guint i = 0; i < LQ_GAIN_CURVE_POINTS; i++)
    {
      double x = compressor->in_db[i];

      g_assert_cmpfloat_with_epsilon (compressor->out_db[i], x <= -30.0 ? x : -30.0 + (x + 30.0) / 4.0, 1e-9);
    }
  description = lq_gain_curve_model_describe (compressor);
  g_test_message ("%s", description);
  g_assert_true (g_str_has_prefix (description, "Compressor: threshold -30.0 dB, ratio 4.0:1, knee 0.0 dB; loudest passage "));

  /* The limiter: the plan's predicted true peak before it */
  plan = lq_project_get_match_plan (f->project);
  g_assert_nonnull (plan);
  peak = lq_match_plan_get_track (plan, 1)->predicted_true_peak_dbtp;
  limiter = lq_gain_curve_model_new (f->project, track, LQ_GAIN_CURVE_LIMITER);
  aim = lq_chain_settings_project_ceiling (f->project) - 0.4;
  g_assert_cmpfloat_with_epsilon (limiter->level_db, peak, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter->reduction_db, MAX (0.0, peak - aim), 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter->threshold_db, aim, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/eq-curve-model/curve", Fixture, NULL, fixture_setup, test_eq_model, fixture_teardown);
  g_test_add ("/eq-curve-model/move", Fixture, NULL, fixture_setup, test_eq_move, fixture_teardown);
  g_test_add ("/eq-curve-model/bus-only", Fixture, NULL, fixture_setup, test_eq_bus_only, fixture_teardown);
  g_test_add ("/eq-curve-model/gain", Fixture, NULL, fixture_setup, test_gain_models, fixture_teardown);
  return g_test_run ();
}

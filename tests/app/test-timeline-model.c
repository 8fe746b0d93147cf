/* test-timeline-model.c: the album timeline's model and plot geometry.
 *
 * A project of three generated tracks (two at 44.1 kHz, one at 48 kHz, so
 * the album's rate conversion is exercised) with gaps of 2, 1.5 and 0.5 s,
 * trims and fades of each shape. The blocks' positions are checked against
 * values worked out here and against the engine's own album program; the
 * fades' gain against what the source stage actually does to the audio;
 * the loudness curve against the sine's loudness; the hit-testing at known
 * pixels; the description's text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-engine-program.h"
#include "lq-loudness-meter.h"
#include "lq-project.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"
#include "lq-timeline-model.h"
#include "lq-timeline-plot.h"

typedef struct
{
  const char *name;
  guint rate;
  double seconds;
  double level;
  const char *edits[6];
} Source;

static const Source sources[] = {
  { "One", 44100, 10, -20, { "gap=2", "trim-in=0.5", "fade-in=1", "fade-in-shape=linear", NULL } },
  { "Two", 44100, 8, -10, { "gap=1.5", "trim-out=0.25", "fade-out=2", "fade-out-shape=scurve", NULL } },
  { "Three", 48000, 6, -30, { "gap=0.5", "fade-in=0.3", "fade-in-shape=log", "fade-out=1",
                              "fade-out-shape=log", NULL } },
};

typedef struct
{
  char *dir;
  char *paths[G_N_ELEMENTS (sources) + 1];
  LqProject *project;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = lq_test_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      double level = sources[i].level;

      f->paths[i] = g_strdup_printf ("%s/%02u.wav", f->dir, i + 1);
      lq_test_write (f->paths[i], SF_FORMAT_WAV | SF_FORMAT_PCM_24, sources[i].rate, 2,
                     (guint64) llround (sources[i].seconds * sources[i].rate),
                     lq_test_sine_1k, &level, sources[i].name);
    }
  path = g_build_filename (f->dir, "album.lacquer", NULL);
  f->project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (f->project, (const char *const *) f->paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_assert_true (lq_project_set_track (f->project, i + 1, sources[i].edits, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->project);
  for (guint i = 0; f->paths[i] != NULL; i++)
    g_free (f->paths[i]);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

/* Positions: worked out by hand, and the engine's */
static void
test_layout (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqEngineProgram) program = NULL;
  /* Track 3 at 48 kHz: gap 24000 frames -> 22050, 312000 frames -> 286650 at 44.1 kHz */
  const double expected[][3] = {
    { 0, 2, 2 + 9.5 },
    { 11.5, 13, 13 + 7.75 },
    { 20.75, 20.75 + 22050.0 / 44100, 20.75 + 286650.0 / 44100 },
  };
  guint rate;

  g_assert_cmpuint (lq_timeline_model_get_n_blocks (model), ==, 3);
  g_assert_cmpuint (lq_timeline_model_get_rate (model), ==, 44100);
  for (guint i = 0; i < 3; i++)
    {
      const LqTimelineBlock *b = lq_timeline_model_get_block (model, i);

      g_assert_cmpuint (b->in.number, ==, i + 1);
      g_assert_cmpstr (b->in.name, ==, sources[i].name);
      g_assert_true (b->playable);
      g_assert_cmpfloat_with_epsilon (b->gap_start, expected[i][0], 1e-9);
      g_assert_cmpfloat_with_epsilon (b->audio_start, expected[i][1], 1e-9);
      g_assert_cmpfloat_with_epsilon (b->audio_end, expected[i][2], 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_block (model, 0)->fade_in_end, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_block (model, 1)->fade_out_start, 18.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_length (model), 27.25, 1e-9);

  /* The engine lays the album out the same way, frame for frame */
  program = lq_engine_program_new_album (f->project, 0, &error);
  g_assert_no_error (error);
  rate = lq_engine_program_get_sample_rate (program);
  g_assert_cmpuint (rate, ==, lq_timeline_model_get_rate (model));
  g_assert_cmpuint (lq_engine_program_get_n_tracks (program), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const LqTimelineBlock *b = lq_timeline_model_get_block (model, i);
      gint64 start = lq_engine_program_get_track_start (program, i);
      guint index;
      gint64 in_track;

      g_assert_cmpint (llround (b->gap_start * rate), ==, start);
      /* The frame at the audio's start is the track's first after its gap */
      g_assert_true (lq_engine_program_map_frame (program, llround (b->audio_start * rate), &index, &in_track));
      g_assert_cmpuint (index, ==, i);
      g_assert_true (lq_engine_program_map_frame (program, llround (b->audio_start * rate) - 1, &index, &in_track));
      g_assert_cmpuint (index, ==, i);
    }
  g_assert_cmpint (lq_engine_program_get_length (program), ==,
                   llround (lq_timeline_model_get_length (model) * rate));

  /* The engine at the device's rate (here 48 kHz: tracks 1 and 2 are
   * resampled): the model at that rate still lines up frame for frame */
  {
    g_autoptr(LqTimelineModel) at48 = lq_timeline_model_new_at_rate (f->project, 48000);

    g_assert_true (lq_engine_program_set_sample_rate (program, 48000, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (lq_timeline_model_get_rate (at48), ==, 48000);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpint (llround (lq_timeline_model_get_block (at48, i)->gap_start * 48000), ==,
                       lq_engine_program_get_track_start (program, i));
    g_assert_cmpint (lq_engine_program_get_length (program), ==,
                     llround (lq_timeline_model_get_length (at48) * 48000));
  }
}

/* The gain the model gives (and the plot samples) is what the source stage
 * does to the audio: the faded stage's output over the unfaded one's. */
static void
assert_gain_is_stage (Fixture *f, LqTimelineModel *model, guint index)
{
  const LqTimelineBlock *b = lq_timeline_model_get_block (model, index);
  LqRenderSpec spec = { 0 }, plain;
  g_autoptr(LqSourceStage) faded = NULL;
  g_autoptr(LqSourceStage) unfaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = b->layout.length;
  g_autofree float *a = g_new (float, 2 * n);
  g_autofree float *u = g_new (float, 2 * n);
  float *pa[2] = { a, a + n }, *pu[2] = { u, u + n };
  guint checked = 0;

  lq_render_spec_init (&spec, f->project, lq_project_get_track (f->project, index + 1));
  plain = spec;
  plain.fade_in_s = plain.fade_out_s = 0;
  faded = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_NONE, &error);
  g_assert_no_error (error);
  unfaded = lq_source_stage_new (&plain, LQ_SOURCE_STAGE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lq_source_stage_read (faded, pa, n, &error), ==, n);
  g_assert_cmpint (lq_source_stage_read (unfaded, pu, n, &error), ==, n);
  for (gint64 k = 0; k < n; k += 97)
    {
      double t = b->audio_start + (double) k / b->in.rate;
      double g = lq_timeline_model_get_gain (model, index, t);
      /* independently: the shape's formula at the fraction through the fade */
      double expected = 1.0;

      if (k < b->layout.fade_in)
        expected *= lq_fade_gain (b->in.fade_in_shape, (double) k / b->layout.fade_in);
      if (k >= n - b->layout.fade_out)
        expected *= lq_fade_gain (b->in.fade_out_shape, (double) (n - 1 - k) / b->layout.fade_out);
      g_assert_cmpfloat_with_epsilon (g, expected, 1e-12);
      if (fabs (u[k]) > 0.01)
        {
          g_assert_cmpfloat_with_epsilon (a[k] / u[k], g, 1e-4);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 100);
  lq_render_spec_clear (&spec);
}

static void
test_fades (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);
  const LqTimelineBlock *b = lq_timeline_model_get_block (model, 0);

  /* Linear fade-in over 1 s: half way, half the gain */
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_gain (model, 0, b->audio_start + 0.5), 0.5, 1e-9);
  g_assert_cmpfloat (lq_timeline_model_get_gain (model, 0, b->audio_start + 1.5), ==, 1.0);
  /* S-curve fade-out: half way through, (1 - cos (pi / 2)) / 2 = 0.5 */
  b = lq_timeline_model_get_block (model, 1);
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_gain (model, 1, b->audio_end - 1.0 - 1.0 / 44100),
                                  0.5, 1e-3);
  g_assert_cmpuint (b->in.fade_out_shape, ==, LQ_FADE_SCURVE);
  for (guint i = 0; i < 3; i++)
    assert_gain_is_stage (f, model, i);
}

/* The short-term curve: a steady sine reads its own loudness inside; the
 * curve spans the trimmed audio in 100 ms steps. */
static void
test_loudness (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);

  for (guint i = 0; i < 3; i++)
    {
      const LqTimelineBlock *b = lq_timeline_model_get_block (model, i);
      LqTrackAnalysis *analysis = lq_track_get_analysis (lq_project_get_track (f->project, i + 1));
      double integrated = lq_track_analysis_get_measures (analysis)->integrated_lufs;
      double start = (double) b->layout.start / b->in.rate;
      double end = start + (double) b->layout.length / b->in.rate;
      guint hops = lq_track_analysis_get_short_term_energies (analysis)->len;
      /* short-term value i: the 3 s from i * 0.1 s, drawn at its centre
       * (i * 0.1 + 1.5 s) over 100 ms; there are (length - 3 s) / 0.1 + 1 */
      guint first = (guint) MAX (0, floor ((start - 1.45) / 0.1 + 1e-9));
      guint last = MIN ((guint) ceil ((end - 1.45) / 0.1 - 1e-9), hops);
      double mid = (b->audio_start + b->audio_end) / 2;

      g_assert_cmpuint (hops, ==, (guint) llround ((sources[i].seconds - 3) / 0.1) + 1);
      g_assert_cmpuint (b->n_curve, ==, last - first);
      g_assert_cmpfloat_with_epsilon (b->curve_start, b->audio_start + first * 0.1 + 1.45 - start, 1e-9);
      /* the first and last 1.45 s read nothing: no 3 s window centred there */
      g_assert_true (isnan (lq_timeline_model_get_loudness (model, i, b->audio_start + 1.4 - start)));
      g_assert_false (isnan (lq_timeline_model_get_loudness (model, i, b->audio_start + 1.5 - start)));
      /* a 1 kHz sine on both channels reads its peak level: -3.01 dB for its
       * RMS, +3.01 for two channels; BS.1770's -0.691 undoes the K filter's
       * gain at 1 kHz */
      g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_loudness (model, i, mid),
                                      sources[i].level, 0.1);
      g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_loudness (model, i, mid), integrated, 0.1);
      g_assert_true (isnan (lq_timeline_model_get_loudness (model, i, b->gap_start + 0.01)));
    }
}

static void
test_describe (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);
  g_autofree char *text = lq_timeline_model_describe (model);
  LqTimelineInput inputs[25] = { 0 };
  g_autoptr(LqTimelineModel) many = NULL;
  g_autofree char *many_text = NULL;

  g_assert_cmpstr (text, ==, "3 tracks, total length 0:27; track 1 “One” at 0:02, "
                             "track 2 “Two” at 0:13, track 3 “Three” at 0:21");

  /* 25 tracks of a minute, no gaps: the first 20 named, then a count */
  for (guint i = 0; i < 25; i++)
    {
      inputs[i].number = i + 1;
      inputs[i].name = (char *) "T";
      inputs[i].rate = 48000;
      inputs[i].frames = 60 * 48000;
    }
  many = lq_timeline_model_new_from_inputs (inputs, 25);
  many_text = lq_timeline_model_describe (many);
  g_assert_true (g_str_has_prefix (many_text, "25 tracks, total length 25:00; track 1 “T” at 0:00, "));
  g_assert_nonnull (strstr (many_text, "track 20 “T” at 19:00, and 5 more tracks"));
  g_assert_null (strstr (many_text, "track 21"));
  g_assert_true (g_str_has_suffix (many_text, "and 5 more tracks"));
}

/* 0 .. 30 s over 600 px: 20 px a second; the blocks' top at 26 px. */
static void
test_hit (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);
  const LqTimelinePlotView view = { 0, 30, 0 };
  struct { double x, y; LqTimelinePart part; guint index; } cases[] = {
    { 60, 30, LQ_TIMELINE_PART_FADE_IN, 0 },      /* fade-in ends at 3 s */
    { 63, 30, LQ_TIMELINE_PART_FADE_IN, 0 },
    { 60, 150, LQ_TIMELINE_PART_BODY, 0 },        /* below the handle */
    { 42, 150, LQ_TIMELINE_PART_TRIM_IN, 0 },     /* audio from 2 s */
    { 38, 150, LQ_TIMELINE_PART_GAP_EDGE, 0 },
    { 20, 150, LQ_TIMELINE_PART_GAP, 0 },
    { 100, 150, LQ_TIMELINE_PART_BODY, 0 },
    { 228, 150, LQ_TIMELINE_PART_TRIM_OUT, 0 },   /* audio to 11.5 s */
    { 245, 150, LQ_TIMELINE_PART_GAP, 1 },        /* track 2's gap 11.5 .. 13 */
    { 375, 30, LQ_TIMELINE_PART_FADE_OUT, 1 },    /* fade-out from 18.75 s */
    { 100, 10, LQ_TIMELINE_PART_NONE, 0 },        /* the ruler */
    { 590, 150, LQ_TIMELINE_PART_NONE, 0 },       /* past the end, 29.5 s */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint index = 99;
      LqTimelinePart part = lq_timeline_plot_hit (model, &view, 600, 200, cases[i].x, cases[i].y, &index);

      g_test_message ("at %g, %g", cases[i].x, cases[i].y);
      g_assert_cmpint (part, ==, cases[i].part);
      if (part != LQ_TIMELINE_PART_NONE)
        g_assert_cmpuint (index, ==, cases[i].index);
    }
  g_assert_cmpint (lq_timeline_model_find (model, 12.0), ==, 1);
  g_assert_cmpint (lq_timeline_model_find (model, 27.25), ==, 2);
  g_assert_cmpint (lq_timeline_model_find (model, 28), ==, -1);
}

/* A drag's value, clamped, and the model it leaves */
static void
test_drag (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTimelineModel) model = lq_timeline_model_new (f->project);
  g_autoptr(LqTimelineModel) edited = NULL;
  double value = -1;

  g_assert_cmpstr (lq_timeline_model_drag_value (model, 1, LQ_TIMELINE_PART_FADE_OUT, 0.5, &value), ==, "fade-out");
  g_assert_cmpfloat_with_epsilon (value, 1.5, 1e-9);
  g_assert_cmpstr (lq_timeline_model_drag_value (model, 0, LQ_TIMELINE_PART_FADE_IN, 100, &value), ==, "fade-in");
  g_assert_cmpfloat_with_epsilon (value, 9.5, 1e-9);   /* at most the audio */
  g_assert_cmpstr (lq_timeline_model_drag_value (model, 0, LQ_TIMELINE_PART_TRIM_IN, -10, &value), ==, "trim-in");
  g_assert_cmpfloat (value, ==, 0);
  g_assert_cmpstr (lq_timeline_model_drag_value (model, 1, LQ_TIMELINE_PART_TRIM_OUT, -1, &value), ==, "trim-out");
  g_assert_cmpfloat_with_epsilon (value, 1.25, 1e-9);
  g_assert_cmpstr (lq_timeline_model_drag_value (model, 2, LQ_TIMELINE_PART_GAP_EDGE, 1, &value), ==, "gap");
  g_assert_cmpfloat_with_epsilon (value, 1.5, 1e-9);
  g_assert_null (lq_timeline_model_drag_value (model, 2, LQ_TIMELINE_PART_BODY, 1, &value));

  /* A second more gap before track 1 moves everything a second later */
  edited = lq_timeline_model_new_edited (model, 0, LQ_TIMELINE_PART_GAP_EDGE, 1.0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_block (edited, i)->audio_start,
                                    lq_timeline_model_get_block (model, i)->audio_start + 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_timeline_model_get_length (edited), 28.25, 1e-9);
}

/* A track the engine leaves out (source missing or changed, or trimmed to
 * nothing) takes no time on the album */
static void
test_unplayable (void)
{
  LqTimelineInput inputs[3] = { 0 };
  g_autoptr(LqTimelineModel) model = NULL;

  for (guint i = 0; i < 3; i++)
    {
      inputs[i].number = i + 1;
      inputs[i].rate = 48000;
      inputs[i].frames = 10 * 48000;
      inputs[i].gap_s = 1;
    }
  inputs[1].unplayable = TRUE;
  inputs[2].trim_in_s = 4;
  model = lq_timeline_model_new_from_inputs (inputs, 3);
  g_assert_false (lq_timeline_model_get_block (model, 1)->playable);
  g_assert_cmpfloat (lq_timeline_model_get_block (model, 1)->gap_start, ==, 11);
  g_assert_cmpfloat (lq_timeline_model_get_block (model, 1)->audio_end, ==, 11);
  g_assert_cmpfloat (lq_timeline_model_get_block (model, 2)->gap_start, ==, 11);
  g_assert_cmpfloat (lq_timeline_model_get_block (model, 2)->audio_start, ==, 12);
  g_assert_cmpfloat (lq_timeline_model_get_length (model), ==, 18);
  g_assert_cmpint (lq_timeline_model_find (model, 11.5), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/timeline-model/layout", Fixture, NULL, fixture_setup, test_layout, fixture_teardown);
  g_test_add ("/timeline-model/fades", Fixture, NULL, fixture_setup, test_fades, fixture_teardown);
  g_test_add ("/timeline-model/loudness", Fixture, NULL, fixture_setup, test_loudness, fixture_teardown);
  g_test_add ("/timeline-model/describe", Fixture, NULL, fixture_setup, test_describe, fixture_teardown);
  g_test_add ("/timeline-model/hit", Fixture, NULL, fixture_setup, test_hit, fixture_teardown);
  g_test_add ("/timeline-model/drag", Fixture, NULL, fixture_setup, test_drag, fixture_teardown);
  g_test_add_func ("/timeline-model/unplayable", test_unplayable);
  return g_test_run ();
}

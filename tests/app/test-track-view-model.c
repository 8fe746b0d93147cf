/* test-track-view-model.c: the track view's model (issue 12, item 2) from a
 * generated track: a 1 kHz sine at a known level with a known loud
 * section, analysed and matched in a project.
 *
 * The curves are the analysis's energies in LUFS on the model's block grid;
 * the overview's columns carry the sine's amplitude; runs passed in land at
 * their x in the drawing (in red); the "after" curves are the curves plus
 * the stored match gain, lowered by the predicted limiter reduction only
 * where the track is loud; the description says the figures.
 *
 * Sample zoom: a span read from a generated float file (a sine of known
 * amplitude and phase on the left, a step on the right) puts each sample
 * at the x of its time and the y of its value in its lane, draws a dot
 * there, reads out the frame under the pointer, gives the columns the
 * samples' extremes at a few frames a column, and is passed over when it is
 * not of this track.
 */
#include <math.h>

#include "lq-loudness-meter.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-track-view-model.h"
#include "lq-track-view-plot.h"

#define RATE 48000
#define LENGTH_S 20.0
#define QUIET 0.1
#define LOUD 0.2
#define SPIKE 0.9
#define SPIKE_S 15.0
#define LOUD_START_S 8.0
#define LOUD_END_S 12.0

static double
tone (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;
  double a = t >= LOUD_START_S && t < LOUD_END_S ? LOUD : QUIET;

  /* One sample's spike: a true peak the match will push over the ceiling */
  if (i == (guint64) (SPIKE_S * rate))
    return SPIKE;
  return a * sin (2.0 * G_PI * 1000.0 * t);
}

typedef struct
{
  char *dir;
  LqProject *project;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wav = NULL, *path = NULL;
  const char *paths[2] = { NULL, NULL };

  f->dir = lq_test_tmpdir ();
  wav = g_build_filename (f->dir, "tone.wav", NULL);
  lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, (guint64) (LENGTH_S * RATE), tone, NULL, "Tone");
  path = g_build_filename (f->dir, "album.lacquer", NULL);
  f->project = lq_project_create (path, &error);
  g_assert_no_error (error);
  paths[0] = wav;
  g_assert_true (lq_project_add_files (f->project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
match_ok (LqProject *p, const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  LqMatchSettings settings;

  lq_match_settings_init (&settings);
  settings.target = target;
  settings.mode = LQ_MATCH_MODE_ALBUM;
  plan = lq_project_plan_match (p, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (p, plan, NULL, NULL, &error));
  g_assert_no_error (error);
}

static double
lufs (double energy)
{
  return -0.691 + 10.0 * log10 (energy);
}

/* The curves: energies converted, block k ending at (k + 1) * 100 ms */
static void
test_curves (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = lq_track_view_model_new_from_project (f->project, 1);
  LqTrackAnalysis *analysis = lq_track_get_analysis (lq_project_get_track (f->project, 1));
  const GArray *mom = lq_track_analysis_get_momentary_energies (analysis);
  const GArray *st = lq_track_analysis_get_short_term_energies (analysis);

  g_assert_nonnull (m);
  g_assert_cmpuint (m->channels, ==, 2);
  g_assert_cmpuint (m->rate, ==, RATE);
  g_assert_cmpfloat_with_epsilon (m->length_s, LENGTH_S, 1e-6);
  g_assert_false (m->matched);
  g_assert_null (m->short_term_after);
  /* 20 s: 197 momentary windows (the first ends at 0.4 s), 171 short-term */
  g_assert_cmpuint (mom->len, ==, 197);
  g_assert_cmpuint (st->len, ==, 171);
  g_assert_cmpuint (m->n_blocks, ==, 200);
  for (guint k = 0; k < 3; k++)
    g_assert_true (isnan (m->momentary[k]));
  for (guint k = 0; k < 29; k++)
    g_assert_true (isnan (m->short_term[k]));
  for (guint i = 0; i < mom->len; i++)
    g_assert_cmpfloat_with_epsilon (m->momentary[i + 3], lufs (g_array_index (mom, double, i)), 1e-4);
  for (guint i = 0; i < st->len; i++)
    g_assert_cmpfloat_with_epsilon (m->short_term[i + 29], lufs (g_array_index (st, double, i)), 1e-4);

  /* The loud section reads 20 log10 (LOUD / QUIET) dB above the quiet one:
   * the window ending at 11.9 s (block 118) lies in it, the one ending at
   * 6 s (block 59) before */
  g_assert_cmpfloat_with_epsilon (m->momentary[118] - m->momentary[59], 20.0 * log10 (LOUD / QUIET), 0.05);
  g_assert_cmpfloat_with_epsilon (m->short_term[118] - m->short_term[59], 20.0 * log10 (LOUD / QUIET), 0.05);
  /* The readout's block: the last window complete at t */
  g_assert_cmpint (lq_track_view_model_block_at (m, 11.95), ==, 118);
  g_assert_cmpint (lq_track_view_model_block_at (m, 0.05), ==, -1);
}

/* The columns: the sine's amplitude (8-bit, rounded outwards), from a level
 * that reads no more than 2 peaks a column */
static void
test_columns (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = lq_track_view_model_new_from_project (f->project, 1);
  const guint n = 400;
  LqTrackViewColumn columns[400];
  double spans[3][2] = { { 0.0, LENGTH_S }, { 9.0, 9.5 }, { 4.0, 4.01 } };

  g_assert_cmpuint (m->levels->len, >=, 2);
  for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
    {
      double start = spans[s][0], end = spans[s][1];
      double frames_per_column = (end - start) * RATE / n;
      guint fpp = lq_track_view_model_level_for (m, start, end, n);
      guint finest = G_MAXUINT, coarsest = 0;

      lq_track_view_model_columns (m, start, end, n, columns);
      /* The chosen level: no more than 2 peaks a column, and the finest such */
      for (guint i = 0; i < m->levels->len; i++)
        {
          guint other = lq_track_view_model_get_level (m, i);

          finest = MIN (finest, other);
          coarsest = MAX (coarsest, other);
          if (other > fpp && 2.0 * other >= frames_per_column)
            continue;
          if (other < fpp)
            g_assert_cmpfloat (2.0 * other, <, frames_per_column);
        }
      g_assert_true (fpp == coarsest || 2.0 * fpp >= frames_per_column);

      for (guint x = 0; x < n; x++)
        {
          double t0 = start + (end - start) * x / n, t1 = start + (end - start) * (x + 1) / n;
          double a;

          /* Columns whose peaks may reach across a level change: skip */
          if (t1 + (double) fpp / RATE > LOUD_START_S && t0 - (double) fpp / RATE < LOUD_END_S
              && !(t0 - (double) fpp / RATE >= LOUD_START_S && t1 + (double) fpp / RATE <= LOUD_END_S))
            continue;
          /* The spike's column */
          if (t1 + (double) fpp / RATE > SPIKE_S && t0 - (double) fpp / RATE < SPIKE_S)
            continue;
          /* A column narrower than a cycle may not hold the crest */
          if ((t1 - t0) + (double) fpp / RATE < 1e-3)
            continue;
          a = t0 >= LOUD_START_S && t1 <= LOUD_END_S ? LOUD : QUIET;
          for (guint c = 0; c < 2; c++)
            {
              g_assert_cmpfloat (columns[x].max[c], >=, a - 1e-3);
              g_assert_cmpfloat (columns[x].max[c], <=, a + 1.0 / 127.0 + 1e-3);
              g_assert_cmpfloat (columns[x].min[c], <=, -a + 1e-3);
              g_assert_cmpfloat (columns[x].min[c], >=, -a - 1.0 / 127.0 - 1e-3);
              /* The cache's RMS (lq-waveform.h: 0.25 dB steps) */
              g_assert_cmpfloat (fabs (20 * log10 (columns[x].rms[c] / (a / sqrt (2.0)))), <, 0.5);
            }
        }
    }
}

/* Runs and overs at known positions: at their x in the layout, in the
 * error / warning colour there, flagged against the ceiling */
static void
test_runs (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = lq_track_view_model_new_from_project (f->project, 1);
  const LqTrackViewRun runs[2] = { { 12.0, 12.5, 0.0, FALSE }, { 3.0, 3.2, 0.0, FALSE } };
  const LqTrackViewRun overs[2] = { { 9.0, 9.001, -0.4, FALSE }, { 10.0, 10.001, -2.0, FALSE } };
  LqTrackViewPlotView view = { 2.0, 14.0, NAN };
  LqTrackViewPlotLayout l;
  LqPlotStyle style;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 300);
  cairo_t *cr = cairo_create (surface);
  const guint8 *pixels;
  int stride;
  double x;

  lq_track_view_model_set_ceiling (m, -1.0);
  lq_track_view_model_set_clipped_runs (m, runs, 2);
  lq_track_view_model_set_overs (m, overs, 2);
  /* Sorted; the overs flagged against -1 dBTP */
  g_assert_cmpfloat (g_array_index (m->clipped_runs, LqTrackViewRun, 0).start_s, ==, 3.0);
  g_assert_true (g_array_index (m->overs, LqTrackViewRun, 0).above_ceiling);
  g_assert_false (g_array_index (m->overs, LqTrackViewRun, 1).above_ceiling);
  g_assert_cmpuint (lq_track_view_model_count_overs_above (m), ==, 1);

  lq_plot_style_init_light (&style);
  lq_track_view_plot_draw (cr, m, &style, 800, 300, &view);
  cairo_surface_flush (surface);
  lq_track_view_plot_layout (m, &view, 800, 300, &l);
  g_assert_cmpfloat (l.x0, <, l.x1);

  /* The run at 3.0 s: 1/12 of the way along the columns */
  x = lq_track_view_plot_x_at (m, &view, 800, 300, 3.0);
  g_assert_cmpfloat_with_epsilon (x, l.x0 + (l.x1 - l.x0) * (3.0 - 2.0) / 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_track_view_plot_time_at (m, &view, 800, 300, x), 3.0, 1e-9);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  {
    const guint8 *in = pixels + (int) (l.wave_y0 + 1) * stride + ((int) x + 2) * 4;       /* BGRx */
    const guint8 *before = pixels + (int) (l.wave_y0 + 1) * stride + ((int) x - 6) * 4;
    const guint8 *over = pixels + (int) (l.ruler_y1 + 1) * stride
                         + (int) lq_track_view_plot_x_at (m, &view, 800, 300, 9.0) * 4;

    g_assert_cmpint (in[2], >, in[1] + 60);           /* red */
    g_assert_cmpint (abs (before[2] - before[1]), <, 20);  /* grey */
    g_assert_cmpint (over[2], >, over[0] + 60);       /* warning: orange/yellow */
  }
  {
    const char *dir = g_getenv ("LQ_SCREENSHOT_DIR");
    g_autofree char *png = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), "test-track-view-plot.png", NULL);

    g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
    g_test_message ("drawing: %s", png);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The prediction: before + gain, lowered where loud by the stated model */
static void
test_after (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  const LqMatchTrack *mt;
  double gain, r, loudest = -INFINITY;
  guint limited = 0, plain = 0;

  match_ok (f->project, "-14");
  m = lq_track_view_model_new_from_project (f->project, 1);
  plan = lq_project_get_match_plan (f->project);
  mt = lq_match_plan_get_track (plan, 0);
  gain = lq_project_get_track_match_gain (f->project, lq_project_get_track (f->project, 1));
  r = mt->limiter_reduction_db;

  g_assert_true (m->matched);
  g_assert_cmpfloat_with_epsilon (m->match_gain_db, gain, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->after_lufs, mt->predicted_lufs, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->target_lufs, -14.0, 1e-9);
  /* The album (about -18 LUFS) needs about +4 dB; the spike's peak then
   * exceeds the ceiling: the plan expects limiting */
  g_assert_cmpfloat (gain, >, 3.0);
  g_assert_cmpfloat (r, >, 1.0);
  g_assert_cmpfloat_with_epsilon (m->limiter_reduction_db, r, 1e-9);

  for (guint k = 0; k < m->n_blocks; k++)
    if (!isnan (m->short_term[k]))
      loudest = MAX (loudest, m->short_term[k]);
  for (guint k = 0; k < m->n_blocks; k++)
    {
      double s = m->short_term[k];

      if (isnan (s))
        {
          g_assert_true (isnan (m->short_term_after[k]));
          continue;
        }
      if (s <= loudest - r)
        {
          plain++;
          g_assert_cmpfloat_with_epsilon (m->short_term_after[k], s + gain, 1e-4);
          if (!isnan (m->momentary[k]))
            g_assert_cmpfloat_with_epsilon (m->momentary_after[k], m->momentary[k] + gain, 1e-4);
        }
      else
        {
          limited++;
          g_assert_cmpfloat_with_epsilon (m->short_term_after[k], s + gain - (s - (loudest - r)) / 2.0, 1e-4);
          g_assert_cmpfloat_with_epsilon (lq_track_view_model_limiter_at (m, k), (s - (loudest - r)) / 2.0, 1e-4);
        }
    }
  /* The loud section (4 s) is limited; the quiet tone is not */
  g_assert_cmpuint (limited, >=, 10);
  g_assert_cmpuint (plain, >=, 100);
  /* The loudest block by R / 2 */
  {
    double least = INFINITY;

    for (guint k = 0; k < m->n_blocks; k++)
      if (!isnan (m->short_term[k]))
        least = MIN (least, m->short_term_after[k] - m->short_term[k]);
    g_assert_cmpfloat_with_epsilon (least, gain - r / 2.0, 1e-4);
  }
}

static void
test_description (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autofree char *text = NULL, *expected = NULL;
  const LqTrackMeasures *me;
  const LqTrackViewRun runs[2] = { { 1.0, 1.1, 0.0, FALSE }, { 3.0, 3.2, 0.0, FALSE } };
  const LqTrackViewRun overs[1] = { { 9.0, 9.001, -0.4, FALSE } };

  /* Not matched: no target, no ceiling */
  m = lq_track_view_model_new_from_project (f->project, 1);
  me = lq_track_analysis_get_measures (lq_track_get_analysis (lq_project_get_track (f->project, 1)));
  text = lq_track_view_model_dup_description (m);
  expected = g_strdup_printf ("Track 1 “Tone”: integrated %.1f LUFS, true peak %.1f dBTP, 0 clipped runs",
                              me->integrated_lufs, me->true_peak_dbtp);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&m, lq_track_view_model_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  match_ok (f->project, "-14");
  plan = lq_project_get_match_plan (f->project);
  m = lq_track_view_model_new_from_project (f->project, 1);
  lq_track_view_model_set_clipped_runs (m, runs, 2);
  lq_track_view_model_set_overs (m, overs, 1);
  g_assert_cmpfloat_with_epsilon (m->ceiling_dbtp, lq_match_plan_get_ceiling_dbtp (plan), 1e-9);
  text = lq_track_view_model_dup_description (m);
  expected = g_strdup_printf ("Track 1 “Tone”: integrated %.1f LUFS (target -14.0), true peak %.1f dBTP, "
                              "2 clipped runs, 1 over of the %.1f dBTP ceiling; "
                              "after the match %.1f LUFS (predicted)",
                              me->integrated_lufs, me->true_peak_dbtp,
                              lq_match_plan_get_ceiling_dbtp (plan),
                              lq_match_plan_get_track (plan, 0)->predicted_lufs);
  g_assert_cmpstr (text, ==, expected);
}

/* The read-out at a known x: the block there and the column's peak */
static void
test_readout (Fixture *f, gconstpointer data)
{
  g_autoptr(LqTrackViewModel) m = lq_track_view_model_new_from_project (f->project, 1);
  LqTrackViewPlotView view = { 0.0, LENGTH_S, NAN };
  LqTrackViewReadout r;
  g_autofree char *text = NULL, *expected = NULL;
  double x = lq_track_view_plot_x_at (m, &view, 1000, 300, 10.05);

  g_assert_true (lq_track_view_plot_readout (m, &view, 1000, 300, x, &r));
  g_assert_cmpfloat_with_epsilon (r.time_s, 10.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.short_term, m->short_term[99], 1e-9);
  g_assert_cmpfloat_with_epsilon (r.momentary, m->momentary[99], 1e-9);
  g_assert_true (isnan (r.short_term_after));
  /* LOUD as 8 bits rounded outwards */
  g_assert_cmpfloat_with_epsilon (r.peak_dbfs, 20.0 * log10 (ceil (LOUD * 127.0) / 127.0), 0.01);
  text = lq_track_view_readout_format (&r);
  expected = g_strdup_printf ("0:10.1 · short-term %.1f LUFS · momentary %.1f LUFS · peak %.1f dBFS",
                              r.short_term, r.momentary, r.peak_dbfs);
  g_assert_cmpstr (text, ==, expected);
  /* Beyond the columns (the axis) and before the track: nothing */
  g_assert_false (lq_track_view_plot_readout (m, &view, 1000, 300, 999, &r));
}

static double
clipped (guint64 i, guint c, guint rate, gpointer data)
{
  /* 100 frames at full scale from 5 s: one clipped run. */
  if (i >= 5 * (guint64) rate && i < 5 * (guint64) rate + 100)
    return 1.0;
  return tone (i, c, rate, data);
}

/* From the analysis cache: the RMS of each level (a quiet sine's columns
 * read its RMS, a / sqrt 2), the clipped run where it was written and the
 * spike's true-peak over at 15 s. */
static void
test_from_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wav = g_build_filename (f->dir, "clipped.wav", NULL);
  const char *paths[2] = { wav, NULL };
  LqTrackViewColumn columns[8];
  LqTrackViewModel *m;
  gboolean spike = FALSE;

  lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, (guint64) (LENGTH_S * RATE), clipped, NULL, "Clipped");
  g_assert_true (lq_project_add_files (f->project, paths, 0, NULL, &error));
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  m = lq_track_view_model_new_from_project (f->project, 2);
  g_assert_nonnull (m);

  /* 1 to 2 s: quiet, 8 columns; each column's RMS that of the sine. */
  lq_track_view_model_columns (m, 1.0, 2.0, G_N_ELEMENTS (columns), columns);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    for (guint c = 0; c < 2; c++)
      g_assert_cmpfloat (fabs (20 * log10 (columns[i].rms[c] / (QUIET / sqrt (2.0)))), <, 0.3);

  g_assert_cmpuint (m->clipped_runs->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (m->clipped_runs, LqTrackViewRun, 0).start_s, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (m->clipped_runs, LqTrackViewRun, 0).end_s,
                                  5.0 + 100.0 / RATE, 1e-9);
  for (guint i = 0; i < m->overs->len; i++)
    {
      const LqTrackViewRun *r = &g_array_index (m->overs, LqTrackViewRun, i);

      if (r->start_s <= SPIKE_S + 0.001 && r->end_s >= SPIKE_S - 0.001)
        spike = TRUE;
    }
  g_assert_true (spike);
  lq_track_view_model_free (m);
}

/* Sample zoom: 0.5 s of a 440 Hz sine (amplitude 0.8, phase 0.3 rad) on
 * the left, on the right -0.5 up to the step's frame and 0.25 from it */
#define Z_RATE 44100
#define Z_FRAMES (Z_RATE / 2)
#define Z_AMP 0.8
#define Z_PHASE 0.3
#define Z_STEP 11025

static double
z_signal_value (guint64 i, guint c)
{
  if (c == 0)
    return Z_AMP * sin (2.0 * G_PI * 440.0 * (double) i / Z_RATE + Z_PHASE);
  return i < Z_STEP ? -0.5 : 0.25;
}

static double
z_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return z_signal_value (i, c);
}

/* The model with one coarse cached level (256 frames a peak) of the
 * signal, as the analysis would cache it */
static LqTrackViewModel *
z_model (void)
{
  LqTrackViewModel *m = lq_track_view_model_new ("Zoom", 1, (double) Z_FRAMES / Z_RATE, Z_RATE, 2);
  gsize n = (Z_FRAMES + 255) / 256;
  gint8 *peaks = g_new0 (gint8, n * 4);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize k = 0; k < n; k++)
    for (guint c = 0; c < 2; c++)
      {
        double lo = 1.0, hi = -1.0;

        for (guint64 i = k * 256; i < MIN ((k + 1) * 256, Z_FRAMES); i++)
          lo = MIN (lo, z_signal_value (i, c)), hi = MAX (hi, z_signal_value (i, c));
        peaks[(k * 2 + c) * 2] = (gint8) floor (lo * 127.0);
        peaks[(k * 2 + c) * 2 + 1] = (gint8) ceil (hi * 127.0);
      }
  bytes = g_bytes_new_take (peaks, n * 4);
  lq_track_view_model_add_level (m, 256, bytes, NULL);
  return m;
}

static void
test_sample_zoom (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "zoom.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackViewModel) m = z_model ();
  g_autoptr(LqWaveformSpan) span = NULL;
  g_autoptr(LqWaveformSpan) coarse = NULL;
  g_autofree LqTrackViewSample *samples = NULL;
  g_autofree LqTrackViewColumn *columns = NULL;
  g_autofree char *text = NULL, *expected = NULL;
  /* 100 frames over 800 pixels (the plot is the width less its 46-pixel
   * axis): 8 pixels a frame, from 20 frames before the step */
  const double width = 846.0, height = 300.0;
  const double start_s = (Z_STEP - 20.0) / Z_RATE, end_s = (Z_STEP + 80.0) / Z_RATE;
  LqTrackViewPlotView view = { start_s, end_s, NAN, NULL };
  LqTrackViewPlotLayout l;
  LqTrackViewReadout r;
  LqPlotStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, Z_RATE, 2, Z_FRAMES, z_signal, NULL, "Zoom");
  span = lq_waveform_span_read (path, Z_STEP - 100, 300, 1, NULL, &error);
  g_assert_no_error (error);

  lq_track_view_plot_layout (m, &view, width, height, &l);
  g_assert_cmpfloat (l.x0, ==, 0.0);
  g_assert_cmpfloat (l.x1, ==, 800.0);

  /* Without the span: no samples, the cached level */
  g_assert_cmpuint (lq_track_view_plot_samples (m, &view, width, height, 0, NULL, 0), ==, 0);
  g_assert_false (lq_track_view_model_span_usable (m, NULL, start_s, end_s, 800));
  g_assert_true (lq_track_view_model_span_usable (m, span, start_s, end_s, 800));

  /* With it: frames 11005 to 11105 are in view (both ends on its edges);
   * the one before and the one after them too */
  view.span = span;
  n = lq_track_view_plot_samples (m, &view, width, height, 0, NULL, 0);
  g_assert_cmpuint (n, ==, 103);   /* 11004 to 11106 */
  samples = g_new (LqTrackViewSample, n);
  for (guint c = 0; c < 2; c++)
    {
      double lane_h = (l.wave_y1 - l.wave_y0) / 2.0;
      double zero_y = l.wave_y0 + lane_h * (c + 0.5);
      double full = lane_h / 2.0 - 1.0;   /* full scale, pixels from zero */

      g_assert_cmpuint (lq_track_view_plot_samples (m, &view, width, height, c, samples, n), ==, n);
      for (guint i = 0; i < n; i++)
        {
          gint64 f = Z_STEP - 21 + i;
          double v = z_signal_value (f, c);

          g_assert_cmpint (samples[i].frame, ==, f);
          g_assert_cmpfloat_with_epsilon (samples[i].value, v, 1e-6);
          /* 8 pixels a frame from the span's start */
          g_assert_cmpfloat_with_epsilon (samples[i].x, (f - (Z_STEP - 20)) * 8.0, 1e-6);
          g_assert_cmpfloat_with_epsilon (samples[i].y, zero_y - v * full, 1e-4);
          if (c == 1)
            {
              /* The step: below the lane's zero before it, above from it */
              if (f < Z_STEP)
                g_assert_cmpfloat (samples[i].y, >, zero_y);
              else
                g_assert_cmpfloat (samples[i].y, <, zero_y);
            }
        }
    }

  /* The drawing puts a dot (the accent colour) on each sample */
  lq_plot_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cr = cairo_create (surface);
  lq_track_view_plot_draw (cr, m, &style, width, height, &view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (guint c = 0; c < 2; c++)
    {
      g_assert_cmpuint (lq_track_view_plot_samples (m, &view, width, height, c, samples, n), ==, n);
      for (guint i = 1; i + 1 < n; i += 7)
        {
          const guint8 *data = cairo_image_surface_get_data (surface);
          int stride = cairo_image_surface_get_stride (surface);
          guint32 px = *(const guint32 *) (const void *) (data + (int) floor (samples[i].y) * stride
                                                          + (int) floor (samples[i].x) * 4);

          g_assert_cmpint (abs ((int) ((px >> 16) & 0xff) - (int) lround (style.accent.red * 255)), <=, 2);
          g_assert_cmpint (abs ((int) ((px >> 8) & 0xff) - (int) lround (style.accent.green * 255)), <=, 2);
          g_assert_cmpint (abs ((int) (px & 0xff) - (int) lround (style.accent.blue * 255)), <=, 2);
        }
    }
  cairo_surface_destroy (surface);

  /* The read-out 3 pixels right of frame Z_STEP + 10: that frame's samples */
  g_assert_true (lq_track_view_plot_readout (m, &view, width, height, 30.0 * 8.0 + 3.0, &r));
  g_assert_cmpint (r.frame, ==, Z_STEP + 10);
  g_assert_cmpfloat_with_epsilon (r.sample[0], z_signal_value (Z_STEP + 10, 0), 1e-6);
  g_assert_cmpfloat_with_epsilon (r.sample[1], 0.25, 1e-6);
  text = lq_track_view_readout_format (&r);
  expected = g_strdup_printf ("frame %d: L %.4f, R 0.2500", Z_STEP + 10, z_signal_value (Z_STEP + 10, 0));
  g_assert_nonnull (strstr (text, expected));
  g_assert_true (g_str_has_prefix (text, "0:00.2502 · "));

  /* Four frames a column over 800 columns from frame 0: each column the
   * extremes of its four samples */
  coarse = lq_waveform_span_read (path, 0, 3300, 4, NULL, &error);
  g_assert_no_error (error);
  columns = g_new (LqTrackViewColumn, 800);
  g_assert_cmpuint (lq_track_view_model_span_columns (m, coarse, 0.0, 3200.0 / Z_RATE, 800, columns), ==, 4);
  for (guint x = 0; x < 800; x += 37)
    {
      double lo = INFINITY, hi = -INFINITY;

      for (guint i = 4 * x; i < 4 * x + 4; i++)
        lo = MIN (lo, z_signal_value (i, 0)), hi = MAX (hi, z_signal_value (i, 0));
      g_assert_cmpfloat_with_epsilon (columns[x].min[0], lo, 1e-6);
      g_assert_cmpfloat_with_epsilon (columns[x].max[0], hi, 1e-6);
      g_assert_cmpfloat_with_epsilon (columns[x].min[1], -0.5, 1e-6);
      g_assert_cmpfloat_with_epsilon (columns[x].max[1], -0.5, 1e-6);
    }
  /* ...which draws columns, not samples */
  view.start_s = 0.0;
  view.end_s = 3200.0 / Z_RATE;
  view.span = coarse;
  g_assert_cmpuint (lq_track_view_plot_samples (m, &view, width, height, 0, NULL, 0), ==, 0);

  /* A span not of this track (another rate), or not covering the view,
   * is passed over: the cached level */
  coarse->sample_rate = 48000;
  g_assert_false (lq_track_view_model_span_usable (m, coarse, 0.0, 3200.0 / Z_RATE, 800));
  g_assert_cmpuint (lq_track_view_model_span_columns (m, coarse, 0.0, 3200.0 / Z_RATE, 800, columns), ==, 256);
  g_assert_false (lq_track_view_model_span_usable (m, span, 0.0, 3200.0 / Z_RATE, 800));

  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/track-view-model/curves", Fixture, NULL, setup, test_curves, teardown);
  g_test_add ("/track-view-model/columns", Fixture, NULL, setup, test_columns, teardown);
  g_test_add ("/track-view-model/runs", Fixture, NULL, setup, test_runs, teardown);
  g_test_add ("/track-view-model/after", Fixture, NULL, setup, test_after, teardown);
  g_test_add ("/track-view-model/description", Fixture, NULL, setup, test_description, teardown);
  g_test_add ("/track-view-model/readout", Fixture, NULL, setup, test_readout, teardown);
  g_test_add ("/track-view-model/from-cache", Fixture, NULL, setup, test_from_cache, teardown);
  g_test_add_func ("/track-view-model/sample-zoom", test_sample_zoom);
  return g_test_run ();
}

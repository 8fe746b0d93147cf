/* test-track-item.c: LqTrackItem, a row of the track table, and the
 * numbers as the table formats them, checked against an analysis made here
 * independently and, for a clipped file whose samples the test knows,
 * against its own arithmetic on those samples.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "lq-test-ui.h"

static void
test_format (void)
{
  static const struct { double value; int decimals; const char *text; } numbers[] = {
    { -14.24, 1, "-14.2" },
    { -0.04, 1, "0.0" },
    { 0.04, 1, "0.0" },
    { -0.4, 0, "0" },
    { -36.6, 0, "-37" },
    { -0.004, 2, "0.00" },
    { -0.996, 2, "-1.00" },
    { 2975.0, 0, "2975" },
    { NAN, 1, "—" },
    { -INFINITY, 0, "—" },
    { INFINITY, 2, "—" },
  };
  static const struct { double seconds; const char *text; } durations[] = {
    { 0.0, "0:00" },
    { 4.49, "0:04" },
    { 4.5, "0:05" },
    { 59.5, "1:00" },
    { 3599.4, "59:59" },
    { 3725.0, "1:02:05" },
    { NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = lq_format_number (numbers[i].value, numbers[i].decimals);

      g_assert_cmpstr (text, ==, numbers[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = lq_format_duration (durations[i].seconds);

      g_assert_cmpstr (text, ==, durations[i].text);
    }

  {
    g_autofree char *plus = lq_format_offset (1.25);
    g_autofree char *minus = lq_format_offset (-0.7);
    g_autofree char *zero = lq_format_offset (-0.04);
    g_autofree char *none = lq_format_offset (NAN);
    g_autofree char *silence = lq_format_value_with_unit (-INFINITY, "dBFS");
    g_autofree char *peak = lq_format_value_with_unit (-0.03, "dBFS");

    g_assert_cmpstr (plus, ==, "+1.2");
    g_assert_cmpstr (minus, ==, "-0.7");
    g_assert_cmpstr (zero, ==, "0.0");
    g_assert_cmpstr (none, ==, "—");
    g_assert_cmpstr (silence, ==, "—");
    g_assert_cmpstr (peak, ==, "0.0 dBFS");
  }
}

static void
test_track_item_new (void)
{
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *track;
  LqTrackItem *item;

  track = lq_analyze_file (sine_paths[0], NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  item = lq_track_item_new (track, 1.25);
  g_assert_true (lq_track_item_get_analysis (item) == track);
  g_assert_cmpstr (lq_track_item_get_name (item), ==, "loud-sine");
  g_assert_cmpstr (lq_track_item_get_offset (item), ==, "+1.2");
  g_assert_cmpstr (lq_track_item_get_length (item), ==, "0:05");
  g_assert_cmpstr (lq_track_item_get_clips (item), ==, "0");
  g_assert_cmpstr (lq_track_item_get_format (item), ==, "WAV 24-bit");
  g_assert_false (lq_track_item_get_clips_warning (item));
  g_assert_false (lq_track_item_get_dc_warning (item));
  g_assert_false (lq_track_item_get_correlation_warning (item));
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);
}

/* The hot file, measured, is what the test computed from its samples; and
 * its item flags all three problems. */
static void
test_track_item_hot (void)
{
  g_autoptr(GError) error = NULL;
  const LqTrackMeasures *m;
  LqTrackAnalysis *track;
  LqTrackItem *item;

  track = lq_analyze_file (hot_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  m = lq_track_analysis_get_measures (track);

  g_test_message ("computed: peak %.3f dBFS, DC %.3f dB, correlation %.4f, %" G_GUINT64_FORMAT " clipped",
                  hot_stats.sample_peak_dbfs, hot_stats.dc_offset_db, hot_stats.correlation,
                  hot_stats.clipped_samples);
  g_test_message ("measured: peak %.3f dBFS, DC %.3f dB, correlation %.4f, %" G_GUINT64_FORMAT " clipped",
                  m->sample_peak_dbfs, worse_dc (m), m->correlation, m->clipped_samples);
  g_assert_cmpfloat_with_epsilon (m->duration_s, hot_stats.duration_s, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, hot_stats.sample_peak_dbfs, 0.001);
  g_assert_cmpfloat_with_epsilon (worse_dc (m), hot_stats.dc_offset_db, 0.01);
  g_assert_cmpfloat_with_epsilon (m->correlation, hot_stats.correlation, 0.001);
  g_assert_cmpuint (m->clipped_samples, ==, hot_stats.clipped_samples);
  /* The signal is what it was meant to be */
  g_assert_cmpuint (hot_stats.clipped_samples, >, 0);
  g_assert_cmpfloat (hot_stats.dc_offset_db, >, -35.0);
  g_assert_cmpfloat (hot_stats.dc_offset_db, <, -25.0);
  g_assert_cmpfloat (hot_stats.correlation, <, -0.99);

  item = lq_track_item_new (track, 0.0);
  g_assert_true (lq_track_item_get_clips_warning (item));
  g_assert_true (lq_track_item_get_dc_warning (item));
  g_assert_true (lq_track_item_get_correlation_warning (item));
  g_assert_cmpstr (lq_track_item_get_correlation (item), ==, "-1.00");
  g_assert_cmpstr (lq_track_item_get_format (item), ==, "WAV 16-bit");
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);
}

/* Issue 10: a true peak above the limit (0 dBTP without a target, else its
 * ceiling) calls for attention, judged on the value as shown; so do the
 * plan's output peak and the export's. */
static void
test_track_item_true_peak (void)
{
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *track;
  LqTrackItem *item;
  LqMatchTrack plan = {
    .gain_db = -3.0, .predicted_lufs = -14.0, .predicted_true_peak_dbtp = 0.5,
    .limiter_reduction_db = 1.5, .eq_loudness_change_db = 0.31,
  };
  LqExportRecord exported = { .integrated_lufs = -14.04, .true_peak_dbtp = -0.96 };

  track = lq_analyze_file (sine_paths[0], NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  item = lq_track_item_new (track, 0.0);
  /* A -20 dBFS sine: far below 0 dBTP */
  g_assert_false (lq_track_item_get_true_peak_warning (item));
  g_assert_cmpstr (lq_track_item_get_match_gain (item), ==, "—");
  g_assert_cmpstr (lq_track_item_get_exported (item), ==, "—");

  lq_track_item_set_figures (item, &plan, &exported, -1.0);
  g_assert_cmpstr (lq_track_item_get_match_gain (item), ==, "-3.0");
  g_assert_cmpstr (lq_track_item_get_eq_change (item), ==, "+0.3");
  g_assert_cmpstr (lq_track_item_get_predicted (item), ==, "-14.0");
  g_assert_cmpstr (lq_track_item_get_output_peak (item), ==, "-1.0");
  g_assert_cmpstr (lq_track_item_get_limiter (item), ==, "-1.5");
  g_assert_cmpstr (lq_track_item_get_exported (item), ==, "-14.0");
  g_assert_cmpstr (lq_track_item_get_exported_peak (item), ==, "-1.0");
  /* -1.0 as shown is at the ceiling, not above it */
  g_assert_false (lq_track_item_get_output_peak_warning (item));
  g_assert_false (lq_track_item_get_exported_peak_warning (item));
  exported.true_peak_dbtp = -0.94;
  lq_track_item_set_figures (item, &plan, &exported, -1.0);
  g_assert_true (lq_track_item_get_exported_peak_warning (item));
  g_assert_false (lq_track_item_get_exported_stale (item));
  exported.stale = TRUE;
  lq_track_item_set_figures (item, NULL, &exported, -1.0);
  g_assert_true (lq_track_item_get_exported_stale (item));
  g_assert_cmpstr (lq_track_item_get_match_gain (item), ==, "—");
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);

  /* The hot file, clipped at full scale: flagged above 0 dBTP only when
   * its true peak shows above it; always above a -1 dBTP ceiling */
  track = lq_analyze_file (hot_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  item = lq_track_item_new (track, 0.0);
  g_test_message ("hot true peak: %s dBTP", lq_track_item_get_true_peak (item));
  g_assert_cmpint (lq_track_item_get_true_peak_warning (item), ==,
                   g_ascii_strtod (lq_track_item_get_true_peak (item), NULL) > 0.0);
  lq_track_item_set_figures (item, NULL, NULL, -1.0);
  g_assert_true (lq_track_item_get_true_peak_warning (item));
  g_assert_finalize_object (item);
  g_assert_finalize_object (track);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;  /* skipped */

  g_test_add_func ("/ui/format", test_format);
  g_test_add_func ("/ui/track-item/true-peak", test_track_item_true_peak);
  g_test_add_func ("/ui/track-item/new", test_track_item_new);
  g_test_add_func ("/ui/track-item/hot", test_track_item_hot);

  return lq_test_ui_run ();
}

/* test-analysis-cache.c: what the analysis caches for the workspace's views.
 *
 * Clipped runs and true-peak overs written at known frames are found there;
 * the run list merges and caps as its header says; the project stores the
 * runs and the waveform's RMS (format 9), gives the overview level for a
 * zoom, and a project of format 8 opens, migrates and gets them by being
 * analysed again; the cache's bytes per minute follow README.md's formula;
 * the span reader's columns are the samples' min, max and RMS, on a worker,
 * and cancel.
 */
#include <glib/gstdio.h>
#include <math.h>

#include "lq-analyzer.h"
#include "lq-error.h"
#include "lq-project.h"
#include "lq-project-store.h"
#include "lq-run-list.h"
#include "lq-test-audio.h"
#include "lq-test-sql.h"
#include "lq-waveform.h"
#include "lq-waveform-span.h"

#define RATE 44100

/* A quiet 440 Hz sine with full-scale runs on the left channel at
 * [44100, 44150), [88200, 88300), and two 10-frame runs 190 frames (4.3 ms)
 * apart at 132300 and 132500, which merge. */
static gboolean
in_clip (guint64 i)
{
  return (i >= 44100 && i < 44150) || (i >= 88200 && i < 88300)
         || (i >= 132300 && i < 132310) || (i >= 132500 && i < 132510);
}

static double
clips_signal (guint64 i, guint c, guint rate, gpointer data)
{
  if (c == 0 && in_clip (i))
    return (i % 2) ? 1.0 : -1.0;
  return 0.25 * sin (2.0 * G_PI * 440.0 * i / rate);
}

/* A sine at a quarter of the rate, phase 45 degrees: its samples are at
 * +-0.95 / sqrt (2) (-3.46 dBFS) while the wave between them reaches 0.95
 * (-0.45 dBTP), from 2.0 s for 100 ms, faded in and out over 10 ms
 * (raised cosine: no step to ring); silence elsewhere. */
#define BURST_START (2 * RATE)
#define BURST_FRAMES (RATE / 10)
#define BURST_FADE (RATE / 100)
#define BURST_AMP 0.95

static double
burst_envelope (double t)
{
  if (t < 0 || t > BURST_FRAMES)
    return 0.0;
  if (t < BURST_FADE)
    return 0.5 * (1.0 - cos (G_PI * t / BURST_FADE));
  if (t > BURST_FRAMES - BURST_FADE)
    return 0.5 * (1.0 - cos (G_PI * (BURST_FRAMES - t) / BURST_FADE));
  return 1.0;
}

static double
burst_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i - BURST_START;

  return BURST_AMP * burst_envelope (t) * sin (G_PI / 2.0 * t + G_PI / 4.0);
}

static const LqSampleRun *
run_at (const GArray *runs, guint i)
{
  return &g_array_index (runs, LqSampleRun, i);
}

static void
test_clipped_runs (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "clips.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) a = NULL;
  const GArray *runs;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, 4 * RATE, clips_signal, NULL, NULL);
  a = lq_analyze_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  runs = lq_track_analysis_get_clipped_runs (a);
  g_assert_nonnull (runs);
  g_assert_cmpuint (runs->len, ==, 3);
  g_assert_cmpint (run_at (runs, 0)->start, ==, 44100);
  g_assert_cmpint (run_at (runs, 0)->frames, ==, 50);
  g_assert_cmpint (run_at (runs, 1)->start, ==, 88200);
  g_assert_cmpint (run_at (runs, 1)->frames, ==, 100);
  g_assert_cmpint (run_at (runs, 2)->start, ==, 132300);
  g_assert_cmpint (run_at (runs, 2)->frames, ==, 210);
  /* 16-bit full scale is 32767/32768 (or -1): 0 dBFS to a few thousandths. */
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpfloat_with_epsilon (run_at (runs, i)->peak_db, 0.0, 0.001);
  /* The same samples lq-signal-stats counts. */
  g_assert_cmpuint (lq_track_analysis_get_measures (a)->clipped_samples, ==, 50 + 100 + 10 + 10);
  g_assert_false (lq_track_analysis_get_runs_truncated (a));
  lq_test_rmdir (dir);
}

static void
test_true_peak_overs (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "burst.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) a = NULL;
  const GArray *overs;
  const LqSampleRun *r;
  double expected_db = 20.0 * log10 (BURST_AMP);
  /* Where the envelope takes the wave over -3 dBTP. */
  double rise = BURST_FADE * acos (1.0 - 2.0 * pow (10.0, LQ_ANALYSIS_OVER_FLOOR_DBTP / 20.0) / BURST_AMP) / G_PI;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, 3 * RATE, burst_signal, NULL, NULL);
  a = lq_analyze_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lq_track_analysis_get_clipped_runs (a)->len, ==, 0);
  overs = lq_track_analysis_get_true_peak_overs (a);
  g_assert_cmpuint (overs->len, ==, 1);
  r = run_at (overs, 0);
  /* Where it was written, to a period of the wave (4 frames). */
  g_test_message ("over %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT ", expected %.1f..%.1f, %.3f dBTP",
                  r->start, r->start + r->frames, BURST_START + rise,
                  BURST_START + BURST_FRAMES - rise, r->peak_db);
  g_assert_cmpfloat (fabs (r->start - (BURST_START + rise)), <=, 4);
  g_assert_cmpfloat (fabs (r->start + r->frames - (BURST_START + BURST_FRAMES - rise)), <=, 4);
  g_assert_cmpfloat (r->peak_db, >, -1.0);
  g_assert_cmpfloat_with_epsilon (r->peak_db, expected_db, 0.05);
  /* The run's peak is the track's true peak. */
  g_assert_cmpfloat_with_epsilon (r->peak_db, lq_track_analysis_get_measures (a)->true_peak_dbtp, 1e-4);
  /* The samples themselves stay 3 dB lower. */
  g_assert_cmpfloat_with_epsilon (lq_track_analysis_get_measures (a)->sample_peak_dbfs,
                                  expected_db - 20.0 * log10 (sqrt (2.0)), 0.01);
  lq_test_rmdir (dir);
}

static void
test_run_list (void)
{
  g_autoptr(LqRunList) list = lq_run_list_new (4, 10);
  g_autoptr(GArray) runs = NULL;
  gboolean truncated = FALSE;

  /* 10 runs 100 frames apart, each peak_db = -(i % 5), frames = 1 + i. */
  for (guint i = 0; i < 10; i++)
    lq_run_list_add (list, i * 100, 1 + i, -(float) (i % 5));
  /* One within the gap of the last: merges with it. */
  lq_run_list_add (list, 915, 5, -3.0f);
  runs = lq_run_list_finish (list, &truncated);
  g_assert_true (truncated);
  g_assert_cmpuint (runs->len, ==, 4);
  /* The last (merged: 900..920, its peak the louder) always stays; then the
   * loudest: peak 0 (runs 0 and 5), then -1 by length (run 6 over run 1). */
  g_assert_cmpint (run_at (runs, 0)->start, ==, 0);
  g_assert_cmpint (run_at (runs, 1)->start, ==, 500);
  g_assert_cmpint (run_at (runs, 2)->start, ==, 600);
  g_assert_cmpint (run_at (runs, 3)->start, ==, 900);
  g_assert_cmpint (run_at (runs, 3)->frames, ==, 20);
  g_assert_cmpfloat (run_at (runs, 3)->peak_db, ==, -3.0f);
}

/* A project in @dir with one track of clips_signal, analysed. */
static char *
make_project (const char *dir, guint seconds, char **wav_out)
{
  g_autofree char *wav = g_build_filename (dir, "clips.wav", NULL);
  char *path = g_build_filename (dir, "album.lacquer", NULL);
  const char *paths[] = { wav, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = NULL;

  lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, (guint64) seconds * RATE,
                 clips_signal, NULL, NULL);
  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (wav_out != NULL)
    *wav_out = g_steal_pointer (&wav);
  return path;
}

static void
assert_clip_runs (LqTrackAnalysis *a)
{
  const GArray *runs;

  g_assert_nonnull (a);
  runs = lq_track_analysis_get_clipped_runs (a);
  g_assert_cmpuint (runs->len, ==, 3);
  g_assert_cmpint (run_at (runs, 0)->start, ==, 44100);
  g_assert_cmpint (run_at (runs, 1)->frames, ==, 100);
  g_assert_cmpint (run_at (runs, 2)->frames, ==, 210);
  /* Full-scale square runs overshoot between their samples. */
  g_assert_cmpuint (lq_track_analysis_get_true_peak_overs (a)->len, >=, 3);
}

static void
test_project_store (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = make_project (dir, 4, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) p = lq_project_open (path, TRUE, &error);
  g_autoptr(GBytes) peaks = NULL;
  g_autoptr(GBytes) rms = NULL;
  LqTrack *track;
  guint fpp = 0;
  const struct { double fpp; guint level; } zooms[] = {
    { 1, 256 }, { 255.9, 256 }, { 256, 256 }, { 300, 256 }, { 4095, 256 }, { 4096, 4096 },
    { 60000, 4096 }, { 1e6, 65536 },
  };

  g_assert_no_error (error);
  track = lq_project_get_track (p, 1);
  assert_clip_runs (lq_track_get_analysis (track));

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_clear_pointer (&peaks, g_bytes_unref);
      g_clear_pointer (&rms, g_bytes_unref);
      g_assert_true (lq_project_get_waveform_level (p, track, zooms[z].fpp, &peaks, &rms, &fpp));
      g_assert_cmpuint (fpp, ==, zooms[z].level);
      g_assert_cmpuint (g_bytes_get_size (peaks), ==, 2 * 2 * ((4 * RATE + fpp - 1) / fpp));
      g_assert_cmpuint (g_bytes_get_size (rms), ==, g_bytes_get_size (peaks) / 2);
    }
  /* The finest level's RMS: the right channel is the 0.25 sine throughout
   * (-15.05 dBFS), but for the partial last peak. */
  g_assert_true (lq_project_get_waveform_level (p, track, 256, NULL, &rms, &fpp));
  {
    gsize n;
    const guint8 *r = g_bytes_get_data (rms, &n);

    for (gsize k = 0; k + 1 < n / 2; k++)
      g_assert_cmpfloat_with_epsilon (lq_waveform_rms_to_db (r[2 * k + 1]),
                                      20.0 * log10 (0.25 / sqrt (2.0)), 0.3);
  }
  lq_test_rmdir (dir);
}

/* Turns @path back into format 8: drops what formats 10 and 9 added. */
static void
downgrade_to_v8 (const char *path)
{
  sql_file (path,
            "ALTER TABLE album DROP COLUMN songwriter;"
            "ALTER TABLE album DROP COLUMN arranger;"
            "ALTER TABLE album DROP COLUMN message;"
            "ALTER TABLE album DROP COLUMN cd_copy;"
            "ALTER TABLE track DROP COLUMN songwriter;"
            "ALTER TABLE track DROP COLUMN cd_indexes;"
            "ALTER TABLE waveform DROP COLUMN rms;"
            "ALTER TABLE analysis_cache DROP COLUMN clipped_runs;"
            "ALTER TABLE analysis_cache DROP COLUMN true_peak_overs;"
            "ALTER TABLE analysis_cache DROP COLUMN runs_truncated;"
            "DROP TABLE cover;"
            "ALTER TABLE album DROP COLUMN cover_id;"
            "PRAGMA user_version = 8;");
}

static void
test_migrate_v8 (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = make_project (dir, 4, NULL);
  g_autoptr(GError) error = NULL;
  LqProject *p;
  LqTrack *track;
  guint fpp;

  downgrade_to_v8 (path);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 8);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM analysis_cache"), ==, 1);

  p = lq_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  track = lq_project_get_track (p, 1);
  /* The cached analysis lacks the runs: not used, so measured again. */
  g_assert_null (lq_track_get_analysis (track));
  g_assert_false (lq_project_get_waveform_level (p, track, 256, NULL, NULL, &fpp));
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_clip_runs (lq_track_get_analysis (track));
  g_assert_true (lq_project_get_waveform_level (p, track, 256, NULL, NULL, &fpp));
  g_object_unref (p);

  /* And kept: opened again, read-only, from the cache. */
  p = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  assert_clip_runs (lq_track_get_analysis (lq_project_get_track (p, 1)));
  g_object_unref (p);
  lq_test_rmdir (dir);
}

/* A read-only project measures into memory only: the runs are there all
 * the same, and nothing is written. */
static void
test_read_only (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *wav = g_build_filename (dir, "clips.wav", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  const char *paths[] = { wav, NULL };
  g_autoptr(GError) error = NULL;
  LqProject *p;

  lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, 4 * RATE, clips_signal, NULL, NULL);
  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (p);

  p = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (lq_track_get_analysis (lq_project_get_track (p, 1)));
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_clip_runs (lq_track_get_analysis (lq_project_get_track (p, 1)));
  g_object_unref (p);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM analysis_cache"), ==, 0);
  lq_test_rmdir (dir);
}

/* README.md, "The analysis cache": per minute of audio at rate R with C
 * channels, the block energies take 2 x 8 bytes per 100 ms, the overview
 * 3C bytes (min, max, RMS) per 256 frames at three levels (x1, x1/16,
 * x1/256), the runs 20 bytes each. */
static double
readme_energy_bytes_per_minute (void)
{
  return 2 * 8 * 600;
}

static double
readme_overview_bytes_per_minute (guint rate, guint channels)
{
  return 3.0 * channels * rate * 60 / 256 * (1.0 + 1.0 / 16 + 1.0 / 256);
}

static void
test_bytes_per_minute (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint seconds = 60;
  g_autofree char *path = make_project (dir, seconds, NULL);
  gint64 energies, overview, runs, n_runs;
  double minutes = seconds / 60.0;

  energies = sql_int (path, "SELECT sum(length(momentary) + length(short_term)) FROM analysis_cache");
  overview = sql_int (path, "SELECT sum(length(peaks) + length(rms)) FROM waveform");
  runs = sql_int (path, "SELECT sum(length(clipped_runs) + length(true_peak_overs)) FROM analysis_cache");
  n_runs = 3 + 3;   /* at least the clips and their overs */
  g_test_message ("per minute: energies %" G_GINT64_FORMAT " B, overview %" G_GINT64_FORMAT
                  " B, runs %" G_GINT64_FORMAT " B", energies, overview, runs);

  /* The energies: the momentary blocks start after 400 ms, the short-term
   * windows after 3 s; so up to 4 + 30 hops fewer. */
  g_assert_cmpfloat (energies, <=, readme_energy_bytes_per_minute () * minutes);
  g_assert_cmpfloat (energies, >=, readme_energy_bytes_per_minute () * minutes - 8 * (4 + 30));
  /* The overview: each level rounds its last peak up. */
  g_assert_cmpfloat (fabs (overview - readme_overview_bytes_per_minute (RATE, 2) * minutes), <=, 3 * 2 * 3);
  g_assert_cmpint (runs % 20, ==, 0);
  g_assert_cmpint (runs, >=, 20 * n_runs);
  g_assert_cmpint (runs, <=, 2 * 20 * LQ_ANALYSIS_MAX_RUNS);
  lq_test_rmdir (dir);
}

/* Random samples, the same for a given frame and channel. */
static double
noise_signal (guint64 i, guint c, guint rate, gpointer data)
{
  guint64 x = i * 2 + c + 1;

  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return ((double) (x & 0xffffff) / 0x1000000 - 0.5) * 1.6;
}

static void
assert_span (const LqWaveformSpan *s, gint64 start, gint64 n, guint fpc)
{
  g_assert_cmpint (s->start_frame, ==, start);
  g_assert_cmpuint (s->channels, ==, 2);
  g_assert_cmpuint (s->n_columns, ==, (n + fpc - 1) / fpc);
  for (guint k = 0; k < s->n_columns; k++)
    for (guint c = 0; c < 2; c++)
      {
        double lo = INFINITY, hi = -INFINITY, sq = 0;
        gint64 len = 0;

        for (gint64 i = start + (gint64) k * fpc; i < MIN (start + (gint64) (k + 1) * fpc, start + n); i++)
          {
            /* As written to 32-bit float. */
            float x = (float) noise_signal (i, c, RATE, NULL);

            lo = MIN (lo, x);
            hi = MAX (hi, x);
            sq += (double) x * x;
            len++;
          }
        g_assert_cmpfloat (s->min[k * 2 + c], ==, (float) lo);
        g_assert_cmpfloat (s->max[k * 2 + c], ==, (float) hi);
        g_assert_cmpfloat_with_epsilon (s->rms[k * 2 + c], sqrt (sq / len), 1e-6);
      }
}

typedef struct
{
  GMainLoop *loop;
  LqWaveformSpan *span;
  GError *error;
} AsyncResult;

static void
span_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncResult *r = data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  r->span = lq_waveform_span_read_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_span_reader (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "noise.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqWaveformSpan) span = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, RATE, noise_signal, NULL, NULL);

  /* Single frames, columns, and a span cut by the end of the file. */
  span = lq_waveform_span_read (path, 1000, 300, 1, NULL, &error);
  g_assert_no_error (error);
  assert_span (span, 1000, 300, 1);
  g_clear_pointer (&span, lq_waveform_span_free);
  span = lq_waveform_span_read (path, 12345, 10000, 64, NULL, &error);
  g_assert_no_error (error);
  assert_span (span, 12345, 10000, 64);
  g_clear_pointer (&span, lq_waveform_span_free);
  span = lq_waveform_span_read (path, RATE - 100, 1000, 30, NULL, &error);
  g_assert_no_error (error);
  assert_span (span, RATE - 100, 100, 30);
  g_clear_pointer (&span, lq_waveform_span_free);

  /* On a worker; the result comes back on this thread. */
  lq_waveform_span_read_async (path, 5000, 20000, 100, NULL, span_read_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_no_error (r.error);
  assert_span (r.span, 5000, 20000, 100);
  g_clear_pointer (&r.span, lq_waveform_span_free);

  /* Cancelled. */
  g_cancellable_cancel (cancellable);
  lq_waveform_span_read_async (path, 0, RATE, 1, cancellable, span_read_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_null (r.span);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  /* Refused: too wide, too many columns, outside the file. */
  g_assert_null (lq_waveform_span_read (path, 0, LQ_WAVEFORM_SPAN_MAX_FRAMES + 1, 4096, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (lq_waveform_span_read (path, 0, LQ_WAVEFORM_SPAN_MAX_COLUMNS + 1, 1, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (lq_waveform_span_read (path, RATE, 10, 1, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_main_loop_unref (r.loop);
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis-cache/clipped-runs", test_clipped_runs);
  g_test_add_func ("/analysis-cache/true-peak-overs", test_true_peak_overs);
  g_test_add_func ("/analysis-cache/run-list", test_run_list);
  g_test_add_func ("/analysis-cache/project-store", test_project_store);
  g_test_add_func ("/analysis-cache/migrate-v8", test_migrate_v8);
  g_test_add_func ("/analysis-cache/read-only", test_read_only);
  g_test_add_func ("/analysis-cache/bytes-per-minute", test_bytes_per_minute);
  g_test_add_func ("/analysis-cache/span-reader", test_span_reader);
  return g_test_run ();
}

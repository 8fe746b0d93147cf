/* test-analysis-job.c: parallel analysis, identical whatever the workers; the album as one programme. */
#include <math.h>

#include "lq-analysis-job.h"
#include "lq-analysis-json.h"
#include "lq-error.h"
#include "lq-test-audio.h"

typedef struct
{
  char *dir;
  GPtrArray *paths;
} Fixture;

typedef struct
{
  double level_db;
  double tilt;        /* 0 = flat noise, 1 = mostly low sine */
  guint64 offset;     /* start frame in the long programme */
  guint32 seed;
} Programme;

static double
programme_signal (guint64 i, guint c, guint rate, gpointer data)
{
  Programme *p = data;
  guint64 n = i + p->offset;
  /* Deterministic per-sample noise from a hash of the frame and channel. */
  guint32 h = (guint32) (n * 2654435761u) ^ (c * 0x9E3779B9u) ^ p->seed;
  double noise, env;

  h ^= h >> 16; h *= 0x7feb352d; h ^= h >> 15; h *= 0x846ca68b; h ^= h >> 16;
  noise = (double) h / 4294967296.0 * 2.0 - 1.0;
  env = 0.6 + 0.4 * sin (2 * G_PI * 0.3 * n / rate);
  return pow (10.0, p->level_db / 20.0) * env *
         ((1.0 - p->tilt) * noise + p->tilt * sin (2 * G_PI * 120.0 * n / rate));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  Programme progs[] = {
    { -12.0, 0.0, 0, 1 }, { -24.0, 0.5, 0, 2 }, { -18.0, 0.9, 0, 3 }, { -8.0, 0.2, 0, 4 }, { -30.0, 0.0, 0, 5 },
  };

  f->dir = lq_test_tmpdir ();
  f->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < G_N_ELEMENTS (progs); k++)
    {
      char *path = g_strdup_printf ("%s/%02u.wav", f->dir, k + 1);

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * (4 + k), programme_signal,
                     &progs[k], NULL);
      g_ptr_array_add (f->paths, path);
    }
  g_ptr_array_add (f->paths, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->paths);
}

static char *
job_json (const char *const *paths, guint workers)
{
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (paths, workers);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_true (lq_analysis_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_analysis_job_get_n_workers (job), ==, workers);
  root = lq_analysis_job_to_json (job);
  return json_to_string (root, FALSE);
}

static void
test_deterministic (Fixture *f, gconstpointer data)
{
  const char *const *paths = (const char *const *) f->paths->pdata;
  g_autofree char *one = job_json (paths, 1);

  for (guint workers = 2; workers <= 5; workers++)
    {
      g_autofree char *many = job_json (paths, workers);
      g_assert_cmpstr (one, ==, many);
    }
}

static void
count_done (LqAnalysisJob *job, guint index, gpointer data)
{
  guint *seen = data;

  g_assert_cmpuint (index, <, 8);
  g_assert_cmpuint (seen[index], ==, 0);
  seen[index]++;
}

static void
test_errors_in_order (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  const char *paths[] = {
    g_ptr_array_index (f->paths, 0), missing, f->dir, g_ptr_array_index (f->paths, 1), NULL
  };
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (paths, 2);
  g_autoptr(GError) error = NULL;
  guint seen[8] = { 0 };

  g_signal_connect (job, "track-done", G_CALLBACK (count_done), seen);
  g_assert_true (lq_analysis_job_run (job, NULL, &error));
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (seen[i], ==, 1);
  g_assert_cmpfloat (lq_analysis_job_get_progress (job), ==, 1.0);
  g_assert_cmpuint (lq_analysis_job_get_n_failed (job), ==, 2);
  g_assert_nonnull (lq_analysis_job_get_track (job, 0));
  g_assert_error (lq_analysis_job_get_error (job, 1), LQ_ERROR, LQ_ERROR_NOT_FOUND);
  g_assert_error (lq_analysis_job_get_error (job, 2), LQ_ERROR, LQ_ERROR_NOT_REGULAR);
  g_assert_nonnull (lq_analysis_job_get_track (job, 3));
  g_assert_cmpstr (lq_analysis_job_get_path (job, 1), ==, missing);
}

/* The album is gated as one programme: two tracks cut from one long
 * programme measure (almost) like that programme in one file. Only the
 * blocks that straddle the cut differ. */
static void
test_album_is_one_programme (Fixture *f, gconstpointer data)
{
  g_autofree char *whole = g_build_filename (f->dir, "whole.wav", NULL);
  g_autofree char *a = g_build_filename (f->dir, "a.wav", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b.wav", NULL);
  const char *parts[] = { a, b, NULL };
  const char *one[] = { whole, NULL };
  Programme loud = { -10.0, 0.3, 0, 7 }, quiet = { -25.0, 0.3, 0, 7 };
  g_autoptr(LqAnalysisJob) album_job = NULL;
  g_autoptr(LqAnalysisJob) whole_job = NULL;
  LqAlbumAnalysis *album;
  const LqTrackMeasures *w;
  double mean;

  /* whole = 20 s loud then 20 s quiet; a and b are its two halves. */
  {
    SF_INFO info = { .samplerate = 48000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
    SNDFILE *fw = sf_open (whole, SFM_WRITE, &info);
    SNDFILE *fa = sf_open (a, SFM_WRITE, &info);
    SNDFILE *fb = sf_open (b, SFM_WRITE, &info);
    float frame[2];

    for (guint64 i = 0; i < 48000 * 40; i++)
      {
        Programme *p = i < 48000 * 20 ? &loud : &quiet;

        frame[0] = programme_signal (i, 0, 48000, p);
        frame[1] = programme_signal (i, 1, 48000, p);
        sf_writef_float (fw, frame, 1);
        sf_writef_float (i < 48000 * 20 ? fa : fb, frame, 1);
      }
    sf_close (fw);
    sf_close (fa);
    sf_close (fb);
  }

  album_job = lq_analysis_job_new (parts, 2);
  whole_job = lq_analysis_job_new (one, 1);
  g_assert_true (lq_analysis_job_run (album_job, NULL, NULL));
  g_assert_true (lq_analysis_job_run (whole_job, NULL, NULL));
  album = lq_analysis_job_get_album (album_job);
  w = lq_track_analysis_get_measures (lq_analysis_job_get_track (whole_job, 0));

  g_assert_cmpfloat_with_epsilon (lq_album_analysis_get_integrated_lufs (album), w->integrated_lufs, 0.05);
  g_assert_cmpfloat_with_epsilon (lq_album_analysis_get_lra_lu (album), w->lra_lu, 0.5);
  g_assert_cmpfloat_with_epsilon (lq_album_analysis_get_true_peak_dbtp (album), w->true_peak_dbtp, 0.01);

  /* ...and not the mean of the two tracks' numbers. */
  mean = (lq_track_analysis_get_measures (lq_analysis_job_get_track (album_job, 0))->integrated_lufs +
          lq_track_analysis_get_measures (lq_analysis_job_get_track (album_job, 1))->integrated_lufs) / 2;
  g_assert_cmpfloat (fabs (mean - lq_album_analysis_get_integrated_lufs (album)), >, 3.0);

  g_assert_cmpint (lq_album_analysis_get_loudest (album), ==, 0);
  g_assert_cmpint (lq_album_analysis_get_quietest (album), ==, 1);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpfloat_with_epsilon (lq_album_analysis_get_offset (album, i),
      lq_track_analysis_get_measures (lq_analysis_job_get_track (album_job, i))->integrated_lufs
      - lq_album_analysis_get_integrated_lufs (album), 1e-12);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  const char *const *paths = (const char *const *) f->paths->pdata;
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (paths, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (lq_analysis_job_run (job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_empty_job (void)
{
  const char *none[] = { NULL };
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (none, 0);

  g_assert_true (lq_analysis_job_run (job, NULL, NULL));
  g_assert_true (isnan (lq_album_analysis_get_integrated_lufs (lq_analysis_job_get_album (job))));
  g_assert_cmpint (lq_album_analysis_get_loudest (lq_analysis_job_get_album (job)), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/job/deterministic", Fixture, NULL, fixture_setup, test_deterministic, fixture_teardown);
  g_test_add ("/job/errors-in-order", Fixture, NULL, fixture_setup, test_errors_in_order, fixture_teardown);
  g_test_add ("/job/album-is-one-programme", Fixture, NULL, fixture_setup, test_album_is_one_programme, fixture_teardown);
  g_test_add ("/job/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add_func ("/job/empty", test_empty_job);

  return g_test_run ();
}

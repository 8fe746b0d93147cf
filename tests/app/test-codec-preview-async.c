/* test-codec-preview-async.c: lq_codec_preview_project_async() (see
 * app/release/lq-codec-preview.h) on a short generated project: its
 * results are a blocking run's, its progress comes on the main thread,
 * never decreasing, ending at 1, an edit made during the run does not
 * change them, cancelling returns G_IO_ERROR_CANCELLED and leaves no
 * temporary file; and lq_codec_preview_get_summary()'s lines. */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-codec-preview.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 44100

static GThread *main_thread;

typedef struct
{
  GMainLoop *loop;
  GPtrArray *tracks;
  GError *error;
  GArray *fractions;         /* of double */
  GCancellable *cancel_at_first; /* cancelled at the first progress */
} Run;

static void
progress_cb (double fraction,
             gpointer user_data)
{
  Run *run = user_data;

  g_assert_true (g_thread_self () == main_thread);
  g_array_append_val (run->fractions, fraction);
  if (run->cancel_at_first != NULL)
    g_cancellable_cancel (run->cancel_at_first);
}

static void
done_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  Run *run = user_data;

  g_assert_true (g_thread_self () == main_thread);
  run->tracks = lq_codec_preview_project_finish (LQ_PROJECT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A 2-track project of 2 s each: a -20 dBFS 1 kHz sine, and noise. */
static LqProject *
make_project (const char *dir)
{
  g_autofree char *tone = g_build_filename (dir, "tone.wav", NULL);
  g_autofree char *noise = g_build_filename (dir, "noise.wav", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  const char *paths[] = { tone, noise, NULL };
  double level = -20.0;
  g_autoptr(GError) error = NULL;
  LqProject *project;

  lq_test_write (tone, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, 2 * RATE, lq_test_sine_1k, &level, NULL);
  lq_test_write (noise, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, 2 * RATE, lq_test_tilted_noise, NULL, NULL);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  return project;
}

static void
assert_same_tracks (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const LqCodecPreviewTrack *ta = g_ptr_array_index (a, i);
      const LqCodecPreviewTrack *tb = g_ptr_array_index (b, i);

      g_assert_cmpuint (ta->position, ==, tb->position);
      g_assert_cmpstr (ta->title, ==, tb->title);
      g_assert_cmpfloat (ta->master_true_peak_dbtp, ==, tb->master_true_peak_dbtp);
      g_assert_cmpint (ta->master_frames, ==, tb->master_frames);
      g_assert_cmpuint (ta->results->len, ==, tb->results->len);
      for (guint j = 0; j < ta->results->len; j++)
        {
          const LqCodecResult *ra = &g_array_index (ta->results, LqCodecResult, j);
          const LqCodecResult *rb = &g_array_index (tb->results, LqCodecResult, j);

          g_assert_cmpint (ra->codec, ==, rb->codec);
          g_assert_cmpfloat (ra->true_peak_dbtp, ==, rb->true_peak_dbtp);
          g_assert_cmpfloat (ra->loudness_change_lu, ==, rb->loudness_change_lu);
          g_assert_cmpfloat (ra->ceiling_reduction_db, ==, rb->ceiling_reduction_db);
          g_assert_cmpuint (ra->overs_0dbtp, ==, rb->overs_0dbtp);
          g_assert_cmpint (ra->encoded_bytes, ==, rb->encoded_bytes);
        }
    }
}

/* The async run equals a blocking one made before an edit that the async
 * run sees happen while it runs; progress on the main thread, never
 * decreasing, ending at 1; no temporary file or project copy remains. */
static void
test_equal_blocking (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) blocking = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *gain[] = { "gain=6", NULL };
  LqCodecPreviewOptions options;
  Run run = { 0 };
  guint n_entries;
  const LqCodecPreviewTrack *t;

  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  project = make_project (dir);
  n_entries = count_entries (dir);
  lq_codec_preview_options_init (&options);
  options.codecs = 1u << LQ_CODEC_MP3_128;
  options.temp_dir = work;
  blocking = lq_codec_preview_project (project, NULL, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  lq_codec_preview_project_async (project, &options, NULL, progress_cb, &run, done_cb, &run);
  /* Edited while it runs: the run previews the project as it was */
  g_assert_true (lq_project_set_track (project, 1, gain, &error));
  g_assert_no_error (error);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.tracks);
  assert_same_tracks (run.tracks, blocking);
  t = g_ptr_array_index (run.tracks, 0);
  g_assert_cmpfloat (fabs (t->master_true_peak_dbtp - (-20.0)), <, 0.1);

  g_assert_cmpuint (run.fractions->len, >, 0);
  for (guint i = 1; i < run.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (run.fractions, double, i), >=, g_array_index (run.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (run.fractions, double, run.fractions->len - 1), ==, 1.0);
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, n_entries);

  /* The edit is in the project: a new blocking run sees the 6 dB */
  after = lq_codec_preview_project (project, NULL, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (after, 0);
  g_assert_cmpfloat (fabs (t->master_true_peak_dbtp - (-14.0)), <, 0.1);

  g_clear_pointer (&run.tracks, g_ptr_array_unref);
  g_array_unref (run.fractions);
  g_main_loop_unref (run.loop);
  g_clear_object (&project);
  lq_test_rmdir (dir);
}

/* Cancelled at its first progress: G_IO_ERROR_CANCELLED, and neither the
 * temporary folder nor the project's folder keeps anything new. */
static void
test_cancel (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LqCodecPreviewOptions options;
  Run run = { 0 };
  guint n_entries;

  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  project = make_project (dir);
  n_entries = count_entries (dir);
  lq_codec_preview_options_init (&options);
  options.codecs = (1u << LQ_CODEC_MP3_128) | (1u << LQ_CODEC_VORBIS_Q5);
  options.temp_dir = work;

  run.loop = g_main_loop_new (NULL, FALSE);
  run.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  run.cancel_at_first = cancellable;
  lq_codec_preview_project_async (project, &options, cancellable, progress_cb, &run, done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_null (run.tracks);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, n_entries);

  /* Cancelled before it starts: the same */
  g_clear_error (&run.error);
  run.cancel_at_first = NULL;
  lq_codec_preview_project_async (project, &options, cancellable, NULL, NULL, done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_null (run.tracks);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, n_entries);

  g_clear_error (&run.error);
  g_array_unref (run.fractions);
  g_main_loop_unref (run.loop);
  g_clear_object (&project);
  lq_test_rmdir (dir);
}

static LqCodecPreviewTrack *
fake_track (guint position,
            const double *peaks,
            const double *reductions)
{
  LqCodecPreviewTrack *t = g_new0 (LqCodecPreviewTrack, 1);

  t->position = position;
  t->title = g_strdup_printf ("Track %u", position);
  t->results = g_array_new (FALSE, TRUE, sizeof (LqCodecResult));
  for (guint c = 0; c < 2; c++)
    {
      LqCodecResult r = { 0 };

      r.codec = c == 0 ? LQ_CODEC_MP3_128 : LQ_CODEC_OPUS_96;
      r.true_peak_dbtp = peaks[c];
      r.ceiling_reduction_db = reductions[c];
      g_array_append_val (t->results, r);
    }
  return t;
}

/* The summary counts, per codec, the tracks over 0 dBTP and gives the
 * largest reduction among them; exactly 0 dBTP is not over. */
static void
test_summary (void)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_codec_preview_track_free);
  g_autofree char *none = NULL;
  g_autofree char *some = NULL;
  g_autofree char *expected = NULL;
  const double p1[] = { -0.5, -1.0 }, r1[] = { 0.0, 0.0 };
  const double p2[] = { 0.0, -0.2 }, r2[] = { 0.0, 0.0 };
  const double p3[] = { 0.3, -0.1 }, r3[] = { 0.4, 0.0 };
  const double p4[] = { 0.5, 0.2 }, r4[] = { 0.6, 0.3 };

  g_ptr_array_add (tracks, fake_track (1, p1, r1));
  g_ptr_array_add (tracks, fake_track (2, p2, r2));
  none = lq_codec_preview_get_summary (tracks);
  g_assert_cmpstr (none, ==, "No codec takes a track over 0 dBTP");

  g_ptr_array_add (tracks, fake_track (3, p3, r3));
  g_ptr_array_add (tracks, fake_track (4, p4, r4));
  some = lq_codec_preview_get_summary (tracks);
  expected = g_strdup_printf ("%s takes 2 tracks over 0 dBTP: lower the ceiling by 0.6 dB\n"
                              "%s takes 1 track over 0 dBTP: lower the ceiling by 0.3 dB",
                              lq_codec_get_label (LQ_CODEC_MP3_128), lq_codec_get_label (LQ_CODEC_OPUS_96));
  g_assert_cmpstr (some, ==, expected);
}

int
main (int argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_test_add_func ("/codec-preview-async/equal-blocking", test_equal_blocking);
  g_test_add_func ("/codec-preview-async/cancel", test_cancel);
  g_test_add_func ("/codec-preview-async/summary", test_summary);
  return g_test_run ();
}

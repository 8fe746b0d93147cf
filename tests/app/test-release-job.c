/* test-release-job.c: the release job (lq-release-job.h) the command line
 * and the window's Release dialog share.
 *
 * An album of three generated tracks (4.5 s, 4.2 s and 4.8 s of noise and
 * tones at 44.1 kHz, analysed), and a second one whose last track is 3 s:
 *  - the plan lays out the three tracks and names every file below the
 *    release's folder, writing nothing;
 *  - a track under 4 s fails the check when the CD is asked for, and
 *    passes it with only the files;
 *  - an existing cue sheet fails the check with LQ_ERROR_EXISTS, naming it;
 *  - the async run (in a GMainLoop) writes every file it lists, its image
 *    equals the blocking run's byte for byte, its progress is called on
 *    the main thread, never decreases and ends at 1, the manifest names the
 *    project (not the copy the worker read), and an edit of the album's
 *    title made right after the run started is not in the cue sheet;
 *  - cancelling from the image step's first progress leaves the cue sheet
 *    and TOC (listed) and nothing else; an async run cancelled before it
 *    starts writes nothing; the project's copy is gone after every run;
 *  - with the files, the codec preview encodes the delivered files: its
 *    masters have the files' rate (48 kHz, not the sources' 44.1 kHz),
 *    length, and libebur128's loudness and true peak of them, and nothing
 *    is rendered again (the sources are moved away while it runs, and it
 *    still succeeds); the report says which audio it measured;
 *  - an async release with the files records each delivered file in the
 *    caller's project (lq_project_get_last_export()), in memory for a
 *    project open read-only; a cancelled one records nothing.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-codec-preview.h"
#include "lq-error.h"
#include "lq-output-folder.h"
#include "lq-project.h"
#include "lq-release-job.h"
#include "lq-test-audio.h"

#define N_TRACKS 3

static const double seconds[N_TRACKS] = { 4.5, 4.2, 4.8 };

static char *dir;
static LqProject *project;       /* three tracks, open for writing */
static LqProject *short_project; /* the last track 3 s */
static GThread *main_thread;

typedef struct
{
  double hz;
  guint seed;
} Source;

static double
signal_cb (guint64 i,
           guint c,
           guint rate,
           gpointer data)
{
  const Source *s = data;

  return 0.3 * sin (2 * G_PI * s->hz * (double) i / rate) + 0.05 * lq_test_noise (i + s->seed * 1000003, c);
}

static LqProject *
make_project (const char *name,
              const double *lengths)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autofree char *path = g_build_filename (folder, "album.lacquer", NULL);
  const char *paths[N_TRACKS + 1] = { NULL };
  char *files[N_TRACKS];
  const char *album[] = { "title=Old Title", "artist=Lacquer", NULL };
  LqProject *p;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *file = g_strdup_printf ("t%u.wav", i + 1);
      Source s = { 220.0 * (i + 1), i + 1 };

      files[i] = g_build_filename (folder, file, NULL);
      paths[i] = files[i];
      lq_test_write (files[i], SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, (guint64) (lengths[i] * 44100),
                     signal_cb, &s, NULL);
    }
  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (p, album, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *title = g_strdup_printf ("title=Track %u", i + 1);
      const char *assign[] = { title, NULL };

      g_assert_true (lq_project_set_track (p, i + 1, assign, &error));
      g_assert_no_error (error);
      g_free (files[i]);
    }
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return p;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in @folder, sorted, joined by spaces; "" when it is missing. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* No temporary file of lq-output-folder.h in @folder or its sub-folders,
 * and no lock left. */
static void
assert_no_temps (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_false (lq_output_is_temp_name (name));
      g_assert_cmpstr (name, !=, LQ_OUTPUT_LOCK_NAME);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_temps (path);
    }
}

/* The project's copy the async run read is gone. */
static void
assert_no_copy (LqProject *p)
{
  g_autofree char *folder = g_path_get_dirname (lq_project_get_path (p));
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  g_autoptr(GDir) t = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_null (strstr (name, ".release-"));
  while (t != NULL && (name = g_dir_read_name (t)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".album.lacquer.release-"));
}

static gboolean
has_kind (GPtrArray *written,
          const char *kind)
{
  for (guint i = 0; i < written->len; i += 2)
    if (g_str_equal (g_ptr_array_index (written, i), kind))
      return TRUE;
  return FALSE;
}

static char *
out_folder (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_plan (void)
{
  static const char *const kinds[] = { "cue", "toc", "image", "ddp", "files", "manifest",
                                       "report-html", "report-pdf" };
  g_autofree char *out = out_folder ("plan");
  g_autofree char *prefix = g_strconcat (out, G_DIR_SEPARATOR_S, NULL);
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  LqReleaseOptions options;
  const LqCdLayout *layout;

  lq_release_options_init (&options);
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  layout = lq_release_plan_get_layout (plan);
  g_assert_cmpuint (layout->n_tracks, ==, N_TRACKS);
  g_assert_cmpstr (layout->text.title, ==, "Old Title");
  g_assert_true (lq_cd_preflight_passed (lq_release_plan_get_preflight (plan)));
  g_assert_cmpint (lq_release_plan_get_parts (plan), ==, LQ_RELEASE_ALL);
  g_assert_cmpstr (lq_release_plan_get_out_dir (plan), ==, out);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *path = lq_release_plan_get_path (plan, kinds[i]);

      g_assert_nonnull (path);
      g_assert_true (g_str_has_prefix (path, prefix));
      g_assert_null (strchr (path + strlen (prefix), G_DIR_SEPARATOR));
    }
  g_assert_true (g_str_has_suffix (lq_release_plan_get_path (plan, "cue"), "/Old Title.cue"));
  g_assert_true (g_str_has_suffix (lq_release_plan_get_path (plan, "image"), "/Old Title.wav"));
  g_assert_null (lq_release_plan_get_path (plan, "nonsense"));

  /* The check reads, and writes nothing */
  g_assert_true (lq_release_plan_check (plan, project, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_preflight (void)
{
  g_autofree char *out = out_folder ("short");
  g_autoptr(LqReleasePlan) cd = NULL;
  g_autoptr(LqReleasePlan) files = NULL;
  g_autoptr(GError) error = NULL;
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD;
  cd = lq_release_plan_new (short_project, out, &options, &error);
  g_assert_no_error (error);
  g_assert_false (lq_cd_preflight_passed (lq_release_plan_get_preflight (cd)));
  g_assert_false (lq_release_plan_check (cd, short_project, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "pre-flight"));
  g_assert_nonnull (strstr (error->message, lq_project_get_path (short_project)));
  g_clear_error (&error);
  /* Nor does the run write anything */
  g_assert_null (lq_release_run (short_project, cd, NULL, NULL, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  options.parts = LQ_RELEASE_FILES;
  files = lq_release_plan_new (short_project, out, &options, &error);
  g_assert_no_error (error);
  g_assert_true (lq_release_plan_check (files, short_project, &error));
  g_assert_no_error (error);
}

static void
test_exists (void)
{
  g_autofree char *out = out_folder ("exists");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  LqReleaseOptions options;
  const char *cue;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD;
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  cue = lq_release_plan_get_path (plan, "cue");
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (g_file_set_contents (cue, "mine\n", -1, NULL));
  g_assert_false (lq_release_plan_check (plan, project, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, cue));
  g_clear_error (&error);
  g_assert_null (lq_release_run (project, plan, NULL, NULL, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  {
    g_autofree char *names = list_folder (out);
    g_autofree char *kept = NULL;

    g_assert_cmpstr (names, ==, "Old Title.cue");
    g_assert_true (g_file_get_contents (cue, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "mine\n");
  }
}

typedef struct
{
  GMainLoop *loop;
  LqReleaseResult *result;
  GError *error;
  double last;
  guint n_calls;
  gboolean on_other_thread;
  gboolean decreased;
  GCancellable *cancel_on_image;
} Run;

static void
progress_cb (LqReleaseStep step,
             double step_fraction,
             double fraction,
             gpointer user_data)
{
  Run *run = user_data;

  if (g_thread_self () != main_thread)
    run->on_other_thread = TRUE;
  if (fraction < run->last)
    run->decreased = TRUE;
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_cmpfloat (step_fraction, >=, 0.0);
  g_assert_cmpfloat (step_fraction, <=, 1.0);
  g_assert_nonnull (lq_release_step_get_label (step));
  run->last = fraction;
  run->n_calls++;
  if (step == LQ_RELEASE_STEP_IMAGE && run->cancel_on_image != NULL)
    g_cancellable_cancel (g_steal_pointer (&run->cancel_on_image));
}

static void
done_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  Run *run = user_data;

  g_assert_true (g_thread_self () == main_thread);
  run->result = lq_release_run_finish (LQ_PROJECT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
files_equal (const char *a,
             const char *b)
{
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  return la == lb && memcmp (da, db, la) == 0;
}

static void
test_async (void)
{
  g_autofree char *out = out_folder ("async");
  g_autofree char *blocking_out = out_folder ("blocking");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(LqReleasePlan) blocking = NULL;
  g_autoptr(LqReleaseResult) blocking_result = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *cue_text = NULL;
  const char *new_title[] = { "title=New Title", NULL };
  Run run = { loop, NULL, NULL, 0, 0, FALSE, FALSE, NULL };
  LqReleaseOptions options;
  const GValue *title;

  /* The blocking run of the CD alone, for its image */
  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD;
  blocking = lq_release_plan_new (project, blocking_out, &options, &error);
  g_assert_no_error (error);
  blocking_result = lq_release_run (project, blocking, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (blocking_result->failure);
  g_assert_true (has_kind (blocking_result->written, "image"));

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD | LQ_RELEASE_DDP | LQ_RELEASE_FILES;
  options.files.name_template = "{number:02}";
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  lq_release_run_async (project, plan, NULL, progress_cb, &run, NULL, done_cb, &run);
  /* The user goes on editing: the release reads the copy taken above */
  g_assert_true (lq_project_set_album (project, new_title, &error));
  g_assert_no_error (error);
  g_main_loop_run (loop);

  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_assert_null (run.result->failure);
  g_assert_false (run.result->cancelled);
  g_assert_false (run.on_other_thread);
  g_assert_false (run.decreased);
  g_assert_cmpuint (run.n_calls, >, 0);
  g_assert_cmpfloat (run.last, ==, 1.0);
  /* cue, toc, image, ddp, three tracks, manifest */
  g_assert_cmpuint (run.result->written->len, ==, 2 * 8);
  for (guint i = 0; i < run.result->written->len; i += 2)
    {
      const char *path = g_ptr_array_index (run.result->written, i + 1);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpstr (g_ptr_array_index (run.result->written, 0), ==, "cue");
  g_assert_cmpstr (g_ptr_array_index (run.result->written, 1), ==, lq_release_plan_get_path (plan, "cue"));
  g_assert_cmpstr (g_ptr_array_index (run.result->written, 14), ==, "manifest");
  g_assert_nonnull (run.result->file_results);
  g_assert_cmpuint (run.result->file_results->len, ==, N_TRACKS);
  g_assert_null (run.result->codec_preview);

  /* The same image as the blocking run's */
  g_assert_true (files_equal (lq_release_plan_get_path (plan, "image"),
                              lq_release_plan_get_path (blocking, "image")));

  /* The snapshot: the cue sheet has the title the project had */
  g_assert_true (g_file_get_contents (lq_release_plan_get_path (plan, "cue"), &cue_text, NULL, NULL));
  g_assert_nonnull (strstr (cue_text, "TITLE \"Old Title\""));
  g_assert_null (strstr (cue_text, "New Title"));
  title = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "title"));
  g_assert_cmpstr (g_value_get_string (title), ==, "New Title");

  /* The manifest names the project, not its copy */
  g_assert_true (json_parser_load_from_file (parser, lq_release_plan_get_path (plan, "manifest"), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "project_path"),
                   ==, lq_project_get_path (project));

  assert_no_temps (out);
  assert_no_copy (project);
  g_clear_pointer (&run.result, lq_release_result_free);
}

static void
test_cancel (void)
{
  g_autofree char *out = out_folder ("cancel");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(LqReleaseResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *expected = NULL;
  Run run = { NULL, NULL, NULL, 0, 0, FALSE, FALSE, cancellable };
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD | LQ_RELEASE_DDP;
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  result = lq_release_run (project, plan, cancellable, progress_cb, &run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_true (result->cancelled);
  g_assert_nonnull (result->failure);
  g_assert_cmpuint (result->written->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (result->written, 0), ==, "cue");
  g_assert_cmpstr (g_ptr_array_index (result->written, 2), ==, "toc");
  g_assert_false (g_file_test (lq_release_plan_get_path (plan, "image"), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (lq_release_plan_get_path (plan, "ddp"), G_FILE_TEST_EXISTS));
  /* The cue sheet and the TOC, and nothing else (no manifest after a
   * cancel, no temporary file, no lock) */
  names = list_folder (out);
  {
    g_autofree char *cue = g_path_get_basename (lq_release_plan_get_path (plan, "cue"));
    g_autofree char *toc = g_path_get_basename (lq_release_plan_get_path (plan, "toc"));

    expected = g_strjoin (" ", cue, toc, NULL);
  }
  g_assert_cmpstr (names, ==, expected);
}

static void
test_cancel_async (void)
{
  g_autofree char *out = out_folder ("cancel-async");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  Run run = { loop, NULL, NULL, 0, 0, FALSE, FALSE, NULL };
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD | LQ_RELEASE_DDP;
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  lq_release_run_async (project, plan, cancellable, progress_cb, &run, NULL, done_cb, &run);
  g_clear_pointer (&plan, lq_release_plan_free);   /* copied */
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_assert_true (run.result->cancelled);
  g_assert_nonnull (run.result->failure);
  g_assert_cmpuint (run.result->written->len, ==, 0);
  g_assert_false (run.on_other_thread);
  names = list_folder (out);
  g_assert_cmpstr (names, ==, "");
  assert_no_copy (project);
  g_clear_pointer (&run.result, lq_release_result_free);
}

/* The report's loudness table gives the delivered files as measured (the
 * export's measures of each written file), the mixes beside them */
static void
test_report_masters (void)
{
  g_autofree char *out = out_folder ("report");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(LqReleaseResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_FILES | LQ_RELEASE_REPORT;
  options.files.name_template = "{number:02}";
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  result = lq_release_run (project, plan, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (result->failure);
  g_assert_true (g_file_get_contents (lq_release_plan_get_path (plan, "report-html"), &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "as delivered"));
  for (guint i = 0; i < result->file_results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (result->file_results, i);
      const LqTrackMeasures *m = lq_track_analysis_get_measures (r->analysis);
      LqTrack *track = lq_project_get_track (project, r->position);
      const LqTrackMeasures *mix = lq_track_analysis_get_measures (lq_track_get_analysis (track));
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *row = NULL;
      g_autofree char *mix_text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", mix->integrated_lufs));
      g_autofree char *master_text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", m->integrated_lufs));
      g_autofree char *peak_text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", m->true_peak_dbtp));

      g_assert_no_error (r->error);
      /* The row: number, title, mix, master integrated, LRA, true peak */
      row = g_strdup_printf ("<td>%02u</td>", r->position);
      g_assert_nonnull (strstr (html, row));
      g_free (row);
      row = g_strdup_printf ("<td>%s</td><td>%s</td>", mix_text, master_text);
      g_assert_nonnull (strstr (html, row));
      g_assert_nonnull (strstr (strstr (html, row), peak_text));
    }
  assert_no_temps (out);
}

/* A project open read-only is released from itself: no copy */
static void
test_read_only (void)
{
  g_autofree char *out = out_folder ("read-only");
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) read_only = lq_project_open (lq_project_get_path (project), TRUE, &error);
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, NULL, NULL, 0, 0, FALSE, FALSE, NULL };
  LqReleaseOptions options;

  g_assert_no_error (error);
  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_CD;
  plan = lq_release_plan_new (read_only, out, &options, &error);
  g_assert_no_error (error);
  lq_release_run_async (read_only, plan, NULL, NULL, NULL, NULL, done_cb, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_null (run.result->failure);
  g_assert_true (g_file_test (lq_release_plan_get_path (plan, "image"), G_FILE_TEST_EXISTS));
  assert_no_copy (read_only);
  g_clear_pointer (&run.result, lq_release_result_free);
}

/* Moves the album's sources away when the codec step starts and back when
 * the manifest (which hashes them) starts: a render in between fails. */
typedef struct
{
  LqProject *project;
  gboolean moved;
  gboolean restored;
} Hide;

static void
move_sources (LqProject *p,
              gboolean away)
{
  for (guint i = 1; i <= lq_project_get_n_tracks (p); i++)
    {
      const char *path = lq_track_get_path (lq_project_get_track (p, i));
      g_autofree char *hidden = g_strconcat (path, ".away", NULL);

      if (away)
        g_assert_cmpint (g_rename (path, hidden), ==, 0);
      else
        g_assert_cmpint (g_rename (hidden, path), ==, 0);
    }
}

static void
hide_progress_cb (LqReleaseStep step,
                  double step_fraction,
                  double fraction,
                  gpointer user_data)
{
  Hide *hide = user_data;

  if (step == LQ_RELEASE_STEP_CODECS && !hide->moved)
    {
      move_sources (hide->project, TRUE);
      hide->moved = TRUE;
    }
  else if (step > LQ_RELEASE_STEP_CODECS && hide->moved && !hide->restored)
    {
      move_sources (hide->project, FALSE);
      hide->restored = TRUE;
    }
}

static gint64
count_frames (const char *path,
              guint *rate)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);

  g_assert_nonnull (sf);
  sf_close (sf);
  *rate = (guint) info.samplerate;
  return info.frames;
}

static void
test_codecs_of_files (void)
{
  g_autofree char *out = out_folder ("codecs");
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(LqReleaseResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  Hide hide = { project, FALSE, FALSE };
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_FILES | LQ_RELEASE_REPORT | LQ_RELEASE_CODECS;
  options.files.name_template = "{number:02}";
  /* Not the rate the default export renders at (the sources' 44.1 kHz) */
  options.files.render.rate = 48000;
  plan = lq_release_plan_new (project, out, &options, &error);
  g_assert_no_error (error);
  result = lq_release_run (project, plan, NULL, hide_progress_cb, &hide, &error);
  g_assert_no_error (error);
  g_assert_true (hide.moved);
  g_assert_true (hide.restored);
  /* No render of a missing source was tried */
  g_assert_null (result->failure);
  g_assert_nonnull (result->codec_preview);
  g_assert_cmpuint (result->codec_preview->len, ==, N_TRACKS);
  g_assert_cmpuint (result->file_results->len, ==, N_TRACKS);

  for (guint i = 0; i < N_TRACKS; i++)
    {
      const LqExportResult *r = g_ptr_array_index (result->file_results, i);
      const LqCodecPreviewTrack *t = g_ptr_array_index (result->codec_preview, r->position - 1);
      double peak;
      double lufs = lq_test_ebur128 (r->path, &peak);
      guint rate;
      gint64 frames = count_frames (r->path, &rate);

      g_assert_no_error (r->error);
      g_assert_cmpuint (t->position, ==, r->position);
      g_assert_cmpuint (rate, ==, 48000);
      g_assert_cmpuint (t->master_rate, ==, rate);
      g_assert_cmpint (t->master_frames, ==, frames);
      g_test_message ("track %u: preview %.3f LUFS %.3f dBTP, libebur128 %.3f LUFS %.3f dBTP", r->position,
                      t->master_lufs, t->master_true_peak_dbtp, lufs, peak);
      g_assert_cmpfloat_with_epsilon (t->master_lufs, lufs, 0.05);
      g_assert_cmpfloat_with_epsilon (t->master_true_peak_dbtp, peak, 0.1);
    }

  g_assert_true (g_file_get_contents (lq_release_plan_get_path (plan, "report-html"), &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Measured on the delivered files"));
  assert_no_temps (out);
}

/* The export records of each track of @p: the path of each, or NULL. */
static char **
last_exports (LqProject *p)
{
  guint n = lq_project_get_n_tracks (p);
  char **paths = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LqExportRecord) record = lq_project_get_last_export (p, lq_project_get_track (p, i + 1));

      paths[i] = g_strdup (record != NULL ? record->path : "");
    }
  return paths;
}

static void
release_files_async (LqProject *p,
                     const char *out,
                     GCancellable *cancellable,
                     Run *run)
{
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  LqReleaseOptions options;

  lq_release_options_init (&options);
  options.parts = LQ_RELEASE_FILES;
  options.files.name_template = "{number:02}";
  plan = lq_release_plan_new (p, out, &options, &error);
  g_assert_no_error (error);
  lq_release_run_async (p, plan, cancellable, NULL, NULL, NULL, done_cb, run);
  g_main_loop_run (run->loop);
  g_assert_no_error (run->error);
  g_assert_nonnull (run->result);
}

/* Each track's record is the delivered file's, as the export measured it */
static void
assert_recorded (LqProject *p,
                 LqReleaseResult *result)
{
  g_assert_nonnull (result->file_results);
  g_assert_cmpuint (result->file_results->len, ==, N_TRACKS);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      const LqExportResult *r = g_ptr_array_index (result->file_results, i);
      g_autoptr(LqExportRecord) record = lq_project_get_last_export (p, lq_project_get_track (p, r->position));

      g_assert_nonnull (record);
      g_assert_true (g_file_test (r->path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpstr (record->path, ==, r->path);
      g_assert_cmpfloat (record->integrated_lufs, ==, r->integrated_lufs);
      g_assert_cmpfloat (record->true_peak_dbtp, ==, r->true_peak_dbtp);
      g_assert_false (record->stale);
    }
}

static void
test_records (void)
{
  g_autofree char *out = out_folder ("records");
  g_autofree char *out_ro = out_folder ("records-read-only");
  g_autofree char *out_cancel = out_folder ("records-cancelled");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) read_only = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) short_before = last_exports (short_project);
  Run run = { loop, NULL, NULL, 0, 0, FALSE, FALSE, NULL };

  /* The window's release records its files in the project it was run on */
  release_files_async (project, out, NULL, &run);
  g_assert_null (run.result->failure);
  assert_recorded (project, run.result);
  assert_no_copy (project);
  g_clear_pointer (&run.result, lq_release_result_free);

  /* A project open read-only keeps them in memory, as the command line
   * does: the project's file keeps the records it had */
  before = last_exports (project);
  read_only = lq_project_open (lq_project_get_path (project), TRUE, &error);
  g_assert_no_error (error);
  release_files_async (read_only, out_ro, NULL, &run);
  g_assert_null (run.result->failure);
  assert_recorded (read_only, run.result);
  after = last_exports (project);
  g_assert_cmpstrv (after, before);
  g_clear_pointer (&run.result, lq_release_result_free);

  /* Cancelled: nothing written, nothing recorded */
  g_cancellable_cancel (cancellable);
  release_files_async (short_project, out_cancel, cancellable, &run);
  g_assert_true (run.result->cancelled);
  g_assert_null (run.result->file_results);
  {
    g_auto(GStrv) short_after = last_exports (short_project);

    g_assert_cmpstrv (short_after, short_before);
    for (guint i = 0; short_after[i] != NULL; i++)
      g_assert_cmpstr (short_after[i], ==, "");
  }
  assert_no_copy (short_project);
  g_clear_pointer (&run.result, lq_release_result_free);
}

int
main (int argc,
      char **argv)
{
  static const double short_seconds[N_TRACKS] = { 4.5, 4.2, 3.0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  dir = lq_test_tmpdir ();
  project = make_project ("album", seconds);
  short_project = make_project ("short-album", short_seconds);

  g_test_add_func ("/release-job/plan", test_plan);
  g_test_add_func ("/release-job/preflight", test_preflight);
  g_test_add_func ("/release-job/exists", test_exists);
  g_test_add_func ("/release-job/async", test_async);
  g_test_add_func ("/release-job/cancel", test_cancel);
  g_test_add_func ("/release-job/report-masters", test_report_masters);
  g_test_add_func ("/release-job/read-only", test_read_only);
  g_test_add_func ("/release-job/cancel-async", test_cancel_async);
  g_test_add_func ("/release-job/codecs-of-files", test_codecs_of_files);
  g_test_add_func ("/release-job/records", test_records);
  status = g_test_run ();

  g_clear_object (&project);
  g_clear_object (&short_project);
  lq_test_rmdir (dir);
  g_free (dir);
  return status;
}

/* test-export.c: `lacquer-cli export` as a user runs it: names that stay in
 * the folder whatever the titles, temporary files, loudness and true peak
 * re-measured, dither, sample-rate conversion, trims and fades, refusing to
 * overwrite, and source audio left untouched. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>
#include <sys/wait.h>

#include "lq-analyzer.h"
#include "lq-project.h"
#include "lq-tags.h"
#include "lq-test-audio.h"

#define RATE 44100
#define P "album.lacquer"
#define TITLE_1 "../../evil/Track"
/* No control character: a title refuses them (test-project-fields.c). */
#define TITLE_2 "A/B: .hidden"
#define SECONDS 4
#define SILENCE_FRAMES RATE   /* track 1 starts with one second of digital silence */
#define TRIM_IN 0.25          /* track 2 */
#define TRIM_OUT 0.5
#define FADE 0.5

typedef struct
{
  char *dir;
  char *out;
  char *sum[2];
  char *stdout_text;
  char *stderr_text;
  int status;
} Fixture;

typedef struct
{
  double amplitude;
  guint64 silence;
} Noise;

static double
noise_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  const Noise *n = data;
  guint64 z = (i * 2 + c + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  if (i < n->silence)
    return 0.0;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return n->amplitude * ((double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
}

static double
measure (const char *path,
         double *true_peak)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) a = lq_analyze_file (path, NULL, NULL, NULL, &error);
  const LqTrackMeasures *m;

  g_assert_no_error (error);
  m = lq_track_analysis_get_measures (a);
  if (true_peak != NULL)
    *true_peak = m->true_peak_dbtp;
  return m->integrated_lufs;
}

static void
set_track (LqProject *project,
           guint position,
           const char *assignment)
{
  g_autoptr(GError) error = NULL;
  const char *assignments[] = { assignment, NULL };

  g_assert_true (lq_project_set_track (project, position, assignments, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  Noise quiet = { 0.07, SILENCE_FRAMES }, loud = { 0.5, 0 };
  g_autofree char *a = NULL, *b = NULL, *project_path = NULL;
  g_autofree char *gain_1 = NULL, *gain_2 = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[3];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  f->dir = lq_test_tmpdir ();
  f->out = g_build_filename (f->dir, "out", NULL);
  a = g_build_filename (f->dir, "one.wav", NULL);
  b = g_build_filename (f->dir, "two.wav", NULL);
  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, RATE * SECONDS, noise_signal, &quiet, NULL);
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, RATE * SECONDS, noise_signal, &loud, NULL);
  f->sum[0] = lq_test_checksum (a);
  f->sum[1] = lq_test_checksum (b);

  project_path = g_build_filename (f->dir, P, NULL);
  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  paths[0] = a;
  paths[1] = b;
  paths[2] = NULL;
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);

  set_track (project, 1, "title=" TITLE_1);
  set_track (project, 2, "title=" TITLE_2);
  set_track (project, 2, "trim-in=0.25");
  set_track (project, 2, "trim-out=0.5");
  set_track (project, 2, "fade-in=0.5");
  set_track (project, 2, "fade-out=0.5");
  set_track (project, 2, "fade-out-shape=scurve");
  /* Gains that take both tracks to about -14 LUFS (the spotify target). */
  gain_1 = g_strconcat ("gain=", g_ascii_dtostr (buf, sizeof buf, -14.0 - measure (a, NULL)), NULL);
  gain_2 = g_strconcat ("gain=", g_ascii_dtostr (buf, sizeof buf, -14.0 - measure (b, NULL)), NULL);
  set_track (project, 1, gain_1);
  set_track (project, 2, gain_2);
}

static void
check_sources (Fixture *f)
{
  const char *names[] = { "one.wav", "two.wav" };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *now = lq_test_checksum (path);

      g_assert_cmpstr (now, ==, f->sum[i]);
    }
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  check_sources (f);
  lq_test_rmdir (f->out);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->sum[0]);
  g_free (f->sum[1]);
  g_free (f->stdout_text);
  g_free (f->stderr_text);
}

/* Runs lacquer-cli export P --out out @args... (NULL-terminated). */
static void
run_export (Fixture *f,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("LQ_CLI");
  const char *arg;
  int wait_status;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "export");
  g_ptr_array_add (argv, (char *) P);
  g_ptr_array_add (argv, (char *) "--out");
  g_ptr_array_add (argv, (char *) "out");
  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&f->stdout_text, g_free);
  g_clear_pointer (&f->stderr_text, g_free);
  g_assert_true (g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &f->stdout_text, &f->stderr_text, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  f->status = WEXITSTATUS (wait_status);
  if (f->status != 0)
    g_test_message ("stderr: %s", f->stderr_text);
  check_sources (f);
}

/* The two files of out/, checked for names and leftovers. */
static void
output_files (Fixture *f,
              const char *extension,
              char **path1,
              char **path2)
{
  g_autoptr(GDir) d = g_dir_open (f->out, 0, NULL);
  g_autofree char *parent_evil = g_build_filename (f->dir, "..", "evil", NULL);
  g_autofree char *evil = g_build_filename (f->dir, "evil", NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  *path1 = *path2 = NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_test_message ("exported: %s", name);
      g_assert_false (name[0] == '.');   /* no temporary file left */
      g_assert_true (g_str_has_suffix (name, extension));
      g_assert_null (strchr (name, '\001'));
      if (g_str_has_prefix (name, "01 - "))
        *path1 = g_build_filename (f->out, name, NULL);
      else if (g_str_has_prefix (name, "02 - "))
        *path2 = g_build_filename (f->out, name, NULL);
      else
        g_assert_not_reached ();
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_nonnull (*path1);
  g_assert_nonnull (*path2);
  g_assert_true (g_file_test (*path1, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (*path2, G_FILE_TEST_IS_REGULAR));
  /* Nothing escaped the folder. */
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (parent_evil, G_FILE_TEST_EXISTS));
}

static float *
read_float (const char *path,
            SF_INFO *info)
{
  SNDFILE *file;
  float *data;

  memset (info, 0, sizeof *info);
  file = sf_open (path, SFM_READ, info);
  g_assert_nonnull (file);
  data = g_new (float, info->frames * info->channels);
  g_assert_cmpint (sf_readf_float (file, data, info->frames), ==, info->frames);
  sf_close (file);
  return data;
}

static void
test_export_album (Fixture *f,
                   gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path1 = NULL, *path2 = NULL;
  JsonObject *root;
  JsonArray *tracks;
  SF_INFO info = { 0 };
  SNDFILE *file;
  g_autofree short *pcm = NULL;
  guint nonzero = 0;
  int max_abs = 0;

  run_export (f, "--target", "spotify", "--bits", "16", "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  output_files (f, ".wav", &path1, &path2);

  g_assert_true (json_parser_load_from_data (parser, f->stdout_text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "passed"));
  tracks = json_object_get_array_member (root, "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      const char *path = json_object_get_string_member (t, "output_path");
      double reported = json_object_get_double_member (t, "integrated_lufs");
      double tp_reported = json_object_get_double_member (t, "true_peak_dbtp");
      double tp;
      double lufs = measure (path, &tp);

      g_assert_cmpstr (path, ==, i == 0 ? path1 : path2);
      g_assert_cmpstr (json_object_get_string_member (t, "title"), ==, i == 0 ? TITLE_1 : TITLE_2);
      g_assert_cmpfloat_with_epsilon (lufs, reported, 0.01);
      g_assert_cmpfloat_with_epsilon (tp, tp_reported, 0.01);
      g_assert_cmpfloat (fabs (lufs + 14.0), <=, 1.0);
      g_assert_cmpfloat (tp, <=, -1.0);
      g_assert_true (json_object_get_boolean_member (t, "passed"));
    }

  /* 16-bit from float is dithered: the digital silence at the start of
   * track 1 comes out as LSB noise, never more than one step. */
  file = sf_open (path1, SFM_READ, &info);
  g_assert_nonnull (file);
  g_assert_cmpint (info.format, ==, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  g_assert_cmpint (info.frames, ==, RATE * SECONDS);
  pcm = g_new (short, SILENCE_FRAMES / 2 * 2);
  g_assert_cmpint (sf_readf_short (file, pcm, SILENCE_FRAMES / 2), ==, SILENCE_FRAMES / 2);
  sf_close (file);
  for (guint i = 0; i < SILENCE_FRAMES / 2 * 2; i++)
    {
      nonzero += pcm[i] != 0;
      max_abs = MAX (max_abs, ABS (pcm[i]));
    }
  g_test_message ("silence at 16 bits: %u of %u samples non-zero", nonzero, SILENCE_FRAMES);
  g_assert_cmpuint (nonzero, >, SILENCE_FRAMES / 10);
  g_assert_cmpint (max_abs, ==, 1);
}

/* Each file written is recorded in the project (issue 10): its path, the
 * loudness and true peak measured in it, the target, the source's hash;
 * read back by a new process, current until the track is edited. */
static void
test_export_recorded (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *project_path = g_build_filename (f->dir, P, NULL);
  g_autoptr(LqProject) project = NULL;
  JsonArray *tracks;

  run_export (f, "--target", "spotify", "--bits", "16", "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->stdout_text, -1, &error));
  g_assert_no_error (error);
  tracks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks");

  project = lq_project_open (project_path, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      LqTrack *track = lq_project_get_track (project, i + 1);
      g_autoptr(LqExportRecord) r = lq_project_get_last_export (project, track);

      g_assert_nonnull (r);
      g_assert_cmpstr (r->path, ==, json_object_get_string_member (t, "output_path"));
      g_assert_cmpfloat_with_epsilon (r->integrated_lufs,
                                      json_object_get_double_member (t, "integrated_lufs"), 0.01);
      g_assert_cmpfloat_with_epsilon (r->true_peak_dbtp,
                                      json_object_get_double_member (t, "true_peak_dbtp"), 0.01);
      g_assert_cmpstr (r->target, ==, "spotify");
      g_assert_cmpstr (r->source_fingerprint, ==, lq_track_get_fingerprint (track));
      g_assert_cmpint (r->time, >, 0);
      /* Both files as one programme, near the target */
      g_assert_cmpfloat (fabs (r->album_lufs + 14.0), <=, 1.0);
      g_assert_false (r->stale);
    }
  set_track (project, 2, "gain=-3");
  {
    g_autoptr(LqExportRecord) r1 = lq_project_get_last_export (project, lq_project_get_track (project, 1));
    g_autoptr(LqExportRecord) r2 = lq_project_get_last_export (project, lq_project_get_track (project, 2));

    g_assert_false (r1->stale);
    g_assert_true (r2->stale);
  }
}

static void
test_export_float (Fixture *f,
                   gconstpointer data)
{
  g_autofree char *path1 = NULL, *path2 = NULL;
  g_autofree float *one = NULL, *two = NULL;
  SF_INFO info;
  guint fade = (guint) (FADE * RATE);
  guint64 length = RATE * SECONDS - (guint64) (TRIM_IN * RATE) - (guint64) (TRIM_OUT * RATE);

  run_export (f, "--target", "spotify", "--bits", "32f", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->stdout_text, "pass"));
  output_files (f, ".wav", &path1, &path2);

  /* No dither at 32-bit float: the silence stays exactly zero. */
  one = read_float (path1, &info);
  g_assert_cmpint (info.format, ==, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  g_assert_cmpint (info.frames, ==, RATE * SECONDS);
  for (guint i = 0; i < SILENCE_FRAMES / 2 * 2; i++)
    g_assert_cmpfloat (one[i], ==, 0.0f);

  /* Track 2: trimmed length, fade in from 0, fade out to 0. */
  two = read_float (path2, &info);
  g_assert_cmpint (info.frames, ==, (gint64) length);
  g_assert_cmpfloat (two[0], ==, 0.0f);
  g_assert_cmpfloat (two[1], ==, 0.0f);
  g_assert_cmpfloat (two[2 * (length - 1)], ==, 0.0f);
  /* Early in the fade-in the level is far below the level after it. */
  {
    double early = 0.0, full = 0.0;

    for (guint i = 0; i < fade / 10; i++)
      {
        early = MAX (early, fabs (two[2 * i]));
        full = MAX (full, fabs (two[2 * (fade + i)]));
      }
    g_assert_cmpfloat (early, <, 0.2 * full);
  }
}

static void
test_export_rate (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *path1 = NULL, *path2 = NULL;
  SF_INFO info = { 0 };
  SNDFILE *file;
  double length2 = (double) (RATE * SECONDS - (guint64) (TRIM_IN * RATE) - (guint64) (TRIM_OUT * RATE)) / RATE;

  run_export (f, "--target", "spotify", "--rate", "48000", "--format", "flac", "--bits", "24", NULL);
  g_assert_cmpint (f->status, ==, 0);
  output_files (f, ".flac", &path1, &path2);

  file = sf_open (path1, SFM_READ, &info);
  g_assert_nonnull (file);
  sf_close (file);
  g_assert_cmpint (info.samplerate, ==, 48000);
  g_assert_cmpint (info.format, ==, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
  g_assert_cmpfloat (fabs ((double) info.frames - SECONDS * 48000.0), <=, 1.0);

  memset (&info, 0, sizeof info);
  file = sf_open (path2, SFM_READ, &info);
  g_assert_nonnull (file);
  g_assert_cmpstr (sf_get_string (file, SF_STR_TITLE), ==, TITLE_2);
  g_assert_cmpstr (sf_get_string (file, SF_STR_TRACKNUMBER), ==, "2");
  sf_close (file);
  g_assert_cmpint (info.samplerate, ==, 48000);
  g_assert_cmpfloat (fabs ((double) info.frames - length2 * 48000.0), <=, 1.0);
}

static void
test_export_refuse (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *path1 = NULL, *path2 = NULL;
  g_autofree char *sum1 = NULL, *sum2 = NULL, *now1 = NULL, *now2 = NULL;

  run_export (f, "--target", "spotify", NULL);
  g_assert_cmpint (f->status, ==, 0);
  output_files (f, ".wav", &path1, &path2);
  /* Make track 2's file recognisable. */
  g_assert_true (g_file_set_contents (path2, "precious", -1, NULL));
  sum1 = lq_test_checksum (path1);
  sum2 = lq_test_checksum (path2);

  run_export (f, "--target", "spotify", "--bits", "16", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_true (g_str_has_prefix (f->stderr_text, "lacquer-cli: "));
  g_assert_nonnull (strstr (f->stderr_text, "01 - "));
  g_assert_nonnull (strstr (f->stderr_text, "--force"));
  now1 = lq_test_checksum (path1);
  now2 = lq_test_checksum (path2);
  g_assert_cmpstr (now1, ==, sum1);
  g_assert_cmpstr (now2, ==, sum2);
  g_clear_pointer (&path1, g_free);
  g_clear_pointer (&path2, g_free);
  output_files (f, ".wav", &path1, &path2);

  run_export (f, "--target", "spotify", "--force", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_clear_pointer (&now2, g_free);
  now2 = lq_test_checksum (path2);
  g_assert_cmpstr (now2, !=, sum2);
  g_clear_pointer (&path1, g_free);
  g_clear_pointer (&path2, g_free);
  output_files (f, ".wav", &path1, &path2);
}

/* A track far too loud: the limiter holds the ceiling (also through a
 * sample-rate conversion), the loudness check fails and the export exits 1. */
static void
test_export_too_loud (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *project_path = g_build_filename (f->dir, P, NULL);
  g_autofree char *path1 = NULL, *path2 = NULL;
  double tp;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) project = lq_project_open (project_path, FALSE, &error);

    g_assert_no_error (error);
    set_track (project, 2, "gain=18");
  }
  run_export (f, "--target", "spotify", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->stdout_text, "FAIL"));
  output_files (f, ".wav", &path1, &path2);
  measure (path2, &tp);
  g_assert_cmpfloat (tp, <=, -1.0);

  /* Resampling after the limiter must not push the peaks back over. */
  run_export (f, "--target", "spotify", "--rate", "48000", "--force", NULL);
  g_assert_cmpint (f->status, ==, 1);
  measure (path2, &tp);
  g_test_message ("true peak at 48 kHz: %.2f dBTP", tp);
  g_assert_cmpfloat (tp, <=, -1.0);
}

/* The release tags in every format, the ISRC included, read back. */
static void
test_export_tags (Fixture *f,
                  gconstpointer data)
{
  static const char *const formats[] = { "wav", "flac", "aiff" };
  g_autofree char *project_path = g_build_filename (f->dir, P, NULL);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) project = lq_project_open (project_path, FALSE, &error);
    const char *album[] = { "title=Lacquer Sessions", "artist=The Testers", "year=2026", "genre=Ambient", NULL };

    g_assert_no_error (error);
    g_assert_true (lq_project_set_album (project, album, &error));
    g_assert_no_error (error);
    set_track (project, 1, "isrc=GB-ABC-21-00001");
    set_track (project, 2, "composer=Ünïcødé — 東京");
  }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path1 = NULL, *path2 = NULL;
      g_autofree char *ext = g_strconcat (".", formats[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqTags) one = NULL;
      g_autoptr(LqTags) two = NULL;

      run_export (f, "--format", formats[i], "--bits", "16", "--force", NULL);
      g_assert_cmpint (f->status, ==, 0);
      output_files (f, ext, &path1, &path2);
      one = lq_tags_read (path1, &error);
      g_assert_no_error (error);
      two = lq_tags_read (path2, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (one->isrc, ==, "GBABC2100001");
      g_assert_cmpstr (one->album, ==, "Lacquer Sessions");
      g_assert_cmpstr (one->artist, ==, "The Testers");
      g_assert_cmpstr (one->title, ==, TITLE_1);
      g_assert_cmpstr (one->date, ==, "2026");
      g_assert_cmpstr (one->genre, ==, "Ambient");
      g_assert_cmpuint (one->track_number, ==, 1);
      g_assert_cmpuint (one->n_tracks, ==, 2);
      g_assert_null (two->isrc);
      g_assert_cmpstr (two->composer, ==, "Ünïcødé — 東京");
      g_assert_cmpuint (two->track_number, ==, 2);
      /* The next format into an empty folder. */
      g_assert_cmpint (g_unlink (path1), ==, 0);
      g_assert_cmpint (g_unlink (path2), ==, 0);
    }
}

static void
test_export_usage (Fixture *f,
                   gconstpointer data)
{
  run_export (f, "--format", "flac", "--bits", "32f", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run_export (f, "--format", "mp3", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run_export (f, "--target", "nowhere", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/export/album", test_export_album);
  ADD ("/export/recorded", test_export_recorded);
  ADD ("/export/float", test_export_float);
  ADD ("/export/rate", test_export_rate);
  ADD ("/export/refuse", test_export_refuse);
  ADD ("/export/too-loud", test_export_too_loud);
  ADD ("/export/tags", test_export_tags);
  ADD ("/export/usage", test_export_usage);
#undef ADD
  return g_test_run ();
}

/* test-export-safety.c: an export never harms a source and never leaves a
 * wrong file under a final name (issue 8): --force over the sources (also
 * through symbolic and hard links), WAV over 4 GiB (RF64) and AIFF refused,
 * one export per folder, unique temporary files measured before they are
 * moved into place, rates that cannot be verified, and interrupted exports
 * (SIGINT, SIGTERM, SIGKILL). */
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-export.h"
#include "lq-output-folder.h"
#include "lq-output-guard.h"
#include "lq-project.h"
#include "lq-render.h"
#include "lq-tags.h"
#include "lq-test-audio.h"

#define RATE 44100
#define P "album.lacquer"
#define LONG_P "long.lacquer"
#define SOURCE_1 "01 - Intro.wav"
#define SOURCE_2 "02 - Hell.wav"

typedef struct
{
  char *dir;
  char *out;
  char *source[2];
  char *sum[2];
  char *stdout_text;
  char *stderr_text;
  int status;
} Fixture;

static double
noise_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  double amplitude = *(const double *) data;
  guint64 z = (i * 2 + c + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return amplitude * ((double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
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

/* A project @name in f->dir over @paths (NULL-terminated) with @titles. */
static void
make_project (Fixture *f,
              const char *name,
              const char *const *paths,
              const char *const *titles)
{
  g_autofree char *project_path = g_build_filename (f->dir, name, NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char **) paths, 0, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; titles[i] != NULL; i++)
    {
      g_autofree char *title = g_strconcat ("title=", titles[i], NULL);

      set_track (project, i + 1, title);
    }
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  double amplitude = 0.25;
  const char *titles[] = { "Intro", "Hell", NULL };
  const char *paths[3];

  f->dir = lq_test_tmpdir ();
  f->out = g_build_filename (f->dir, "out", NULL);
  f->source[0] = g_build_filename (f->dir, SOURCE_1, NULL);
  f->source[1] = g_build_filename (f->dir, SOURCE_2, NULL);
  for (guint i = 0; i < 2; i++)
    {
      lq_test_write (f->source[i], SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, RATE * 2,
                     noise_signal, &amplitude, NULL);
      f->sum[i] = lq_test_checksum (f->source[i]);
      paths[i] = f->source[i];
    }
  paths[2] = NULL;
  make_project (f, P, paths, titles);
}

static void
check_sources (Fixture *f)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *now = lq_test_checksum (f->source[i]);

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
  for (guint i = 0; i < 2; i++)
    {
      g_free (f->source[i]);
      g_free (f->sum[i]);
    }
  g_free (f->stdout_text);
  g_free (f->stderr_text);
}

/* Runs lacquer-cli export @project @args... (NULL-terminated) in f->dir. */
static void
run_export (Fixture *f,
            const char *project,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) "export");
  g_ptr_array_add (argv, (char *) project);
  va_start (ap, project);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  f->status = lq_test_run_cli_argv (f->dir, &f->stdout_text, &f->stderr_text,
                                    (const char *const *) argv->pdata);
  g_test_message ("exit %d, stderr: %s", f->status, f->stderr_text);
}

/* The names in @dir, sorted; hidden ones included. */
static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return names;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

/* --force with the sources' own folder as --out: both titles give the
 * sources' names. Nothing is written, the export fails and says why. */
static void
test_force_over_sources (Fixture *f,
                         gconstpointer data)
{
  run_export (f, P, "--out", ".", "--force", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->stderr_text, SOURCE_1));
  g_assert_nonnull (strstr (f->stderr_text, "source"));
  g_assert_nonnull (strstr (f->stderr_text, "Intro"));
  g_assert_null (strstr (f->stderr_text, "--force"));
  check_sources (f);

  run_export (f, P, "--out", ".", "--force", "--json", NULL);
  g_assert_cmpint (f->status, ==, 1);
  check_sources (f);
  /* No temporary file left either. */
  {
    g_autoptr(GPtrArray) names = list_dir (f->dir);

    for (guint i = 0; i < names->len; i++)
      g_assert_false (lq_output_is_temp_name (g_ptr_array_index (names, i)));
  }
}

/* A symbolic link to a source at a destination is refused and stays. */
static void
test_symlink_to_source (Fixture *f,
                        gconstpointer data)
{
  g_autofree char *link = g_build_filename (f->out, SOURCE_1, NULL);
  g_autofree char *target = g_build_filename ("..", SOURCE_1, NULL);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (g_mkdir (f->out, 0777), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  run_export (f, P, "--out", "out", "--force", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->stderr_text, "source"));
  g_assert_nonnull (strstr (f->stderr_text, SOURCE_1));
  check_sources (f);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  /* Nothing was written: the link is all there is. */
  names = list_dir (f->out);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, SOURCE_1);
}

/* A hard link of a source at a destination: the same file by another
 * name. Refused, and its link count shows it was not replaced. */
static void
test_hardlink_of_source (Fixture *f,
                         gconstpointer data)
{
  g_autofree char *hard = g_build_filename (f->out, SOURCE_2, NULL);
  GStatBuf st;

  g_assert_cmpint (g_mkdir (f->out, 0777), ==, 0);
  g_assert_cmpint (link (f->source[1], hard), ==, 0);
  run_export (f, P, "--out", "out", "--force", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->stderr_text, "source"));
  g_assert_nonnull (strstr (f->stderr_text, "Hell"));
  check_sources (f);
  g_assert_cmpint (g_stat (f->source[1], &st), ==, 0);
  g_assert_cmpuint (st.st_nlink, ==, 2);
}

/* The guard itself, by identity. */
static void
test_guard (Fixture *f,
            gconstpointer data)
{
  g_autofree char *project_path = g_build_filename (f->dir, P, NULL);
  g_autofree char *sym = g_build_filename (f->dir, "sym.wav", NULL);
  g_autofree char *hard = g_build_filename (f->dir, "hard.wav", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.wav", NULL);
  g_autofree char *sym_other = g_build_filename (f->dir, "sym-other.wav", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqOutputGuard) guard = NULL;
  g_autoptr(GError) error = NULL;

  project = lq_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  guard = lq_output_guard_new_for_project (project);
  g_assert_cmpint (symlink (f->source[0], sym), ==, 0);
  g_assert_cmpint (link (f->source[1], hard), ==, 0);
  g_assert_true (g_file_set_contents (other, "x", -1, NULL));
  g_assert_cmpint (symlink (other, sym_other), ==, 0);

  g_assert_false (lq_output_guard_check (guard, f->source[0], &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, f->source[0]));
  g_assert_nonnull (strstr (error->message, "Intro"));
  g_clear_error (&error);
  g_assert_false (lq_output_guard_check (guard, sym, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "sym.wav"));
  g_clear_error (&error);
  g_assert_false (lq_output_guard_check (guard, hard, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "Hell"));
  g_clear_error (&error);

  g_assert_true (lq_output_guard_check (guard, other, &error));
  g_assert_no_error (error);
  g_assert_true (lq_output_guard_check (guard, sym_other, &error));
  g_assert_no_error (error);
  g_assert_true (lq_output_guard_check (guard, missing, &error));
  g_assert_no_error (error);

  /* The render's own guard, without a project: a track rendered onto its
   * source is refused before anything is written. */
  {
    LqRenderSpec spec;
    LqRenderOptions options;

    lq_render_spec_init (&spec, project, lq_project_get_track (project, 1));
    lq_render_options_init (&options);
    options.overwrite = TRUE;
    g_assert_false (lq_render_track (&spec, &options, sym, NULL, NULL, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    lq_render_spec_clear (&spec);
  }
  unlink (sym);
  unlink (hard);
  unlink (other);
  unlink (sym_other);
}

/* The format for a size, without rendering. */
static void
test_format_size (Fixture *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* 50 minutes at 192 kHz, stereo 32-bit float: 4.6 GB. */
  gint64 big = 50 * 60 * (gint64) 192000;
  gint64 edge = (gint64) (LQ_RENDER_MAX_32BIT_DATA / 8);

  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 32, 2, RATE * 60, &error), ==,
                   SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 32, 2, big, &error), ==,
                   SF_FORMAT_RF64 | SF_FORMAT_FLOAT);
  /* 24-bit stereo: 6 bytes a frame, 3.5 GB, fits; 80 minutes do not. */
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 24, 2, big, &error), ==,
                   SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 24, 2, big / 50 * 80, &error), ==,
                   SF_FORMAT_RF64 | SF_FORMAT_PCM_24);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 32, 2, edge, &error), ==,
                   SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_WAV, 32, 2, edge + 1, &error), ==,
                   SF_FORMAT_RF64 | SF_FORMAT_FLOAT);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_FLAC, 24, 2, big, &error), ==,
                   SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
  g_assert_no_error (error);

  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_AIFF, 32, 2, edge, &error), ==,
                   SF_FORMAT_AIFF | SF_FORMAT_FLOAT);
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_AIFF, 32, 2, big, &error), ==, 0);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "AIFF"));
  g_assert_nonnull (strstr (error->message, "FLAC"));
  g_clear_error (&error);
  /* Mono takes half the bytes. */
  g_assert_cmpint (lq_render_choose_sf_format (LQ_RENDER_AIFF, 32, 1, edge * 2, &error), ==,
                   SF_FORMAT_AIFF | SF_FORMAT_FLOAT);
  g_assert_no_error (error);
}

/* A real export over 4 GiB: RF64, every frame read back, tags kept. */
static void
test_big (Fixture *f,
          gconstpointer data)
{
  /* At 384 kHz, stereo 32-bit float: 8 bytes a frame; 1410 s are 4.33 GB. */
  const guint seconds = 1410, src_rate = 8000, out_rate = 384000;
  double amplitude = 0.1;
  g_autofree char *source = g_build_filename (f->dir, "big.wav", NULL);
  g_autofree char *path = g_build_filename (f->out, "01 - Big.wav", NULL);
  const char *paths[] = { source, NULL };
  const char *titles[] = { "Big", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTags) tags = NULL;
  gint64 start = g_get_monotonic_time ();
  SF_INFO info = { 0 };
  SNDFILE *file;

  lq_test_write (source, SF_FORMAT_WAV | SF_FORMAT_PCM_16, src_rate, 2, (guint64) seconds * src_rate,
                 noise_signal, &amplitude, NULL);
  make_project (f, "big.lacquer", paths, titles);
  run_export (f, "big.lacquer", "--out", "out", "--rate", "384000", "--bits", "32f", NULL);
  g_test_message ("export of %u s at %u Hz: %.1f s", seconds, out_rate,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (f->status, ==, 0);

  file = sf_open (path, SFM_READ, &info);
  g_assert_nonnull (file);
  sf_close (file);
  g_assert_cmpint (info.format & SF_FORMAT_TYPEMASK, ==, SF_FORMAT_RF64);
  g_assert_cmpint (info.samplerate, ==, out_rate);
  g_assert_cmpint (info.frames, ==, (sf_count_t) seconds * out_rate);
  g_assert_cmpint (info.frames * 8, >, G_GINT64_CONSTANT (4294967296));
  tags = lq_tags_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tags->title, ==, "Big");
  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* The long track the signal and lock tests interrupt: several seconds of
 * work at 96 kHz. */
static void
make_long_project (Fixture *f)
{
  double amplitude = 0.2;
  g_autofree char *source = g_build_filename (f->dir, "long.wav", NULL);
  const char *paths[] = { source, NULL };
  const char *titles[] = { "Long", NULL };

  lq_test_write (source, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 2, 8000 * 600,
                 noise_signal, &amplitude, NULL);
  make_project (f, LONG_P, paths, titles);
}

static GPid
spawn_export (Fixture *f,
              const char *format)
{
  const char *argv[] = { g_getenv ("LQ_CLI"), "export", LONG_P, "--out", "out", "--rate", "96000",
                         "--format", format, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_async (f->dir, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* A hidden file in @dir other than the lock: a temporary file. */
static char *
find_temp (const char *dir)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (name[0] == '.' && strcmp (name, LQ_OUTPUT_LOCK_NAME) != 0)
        return g_strdup (name);
    }
  return NULL;
}

/* Waits until the export writes (its temporary file appears), at most a
 * minute; fails if it exits before. */
static char *
wait_for_temp (Fixture *f,
               GPid pid)
{
  for (guint i = 0; i < 60000 / 5; i++)
    {
      char *name = find_temp (f->out);
      int status;

      if (name != NULL)
        return name;
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_usleep (5000);
    }
  g_assert_not_reached ();
}

static int
wait_child (GPid pid)
{
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* SIGINT and SIGTERM cancel: exit 130 / 143, no temporary file, no final
 * file for the unfinished track, no lock left. */
static void
test_signal (Fixture *f,
             gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autofree char *temp = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GPid pid;
  int status;

  make_long_project (f);
  pid = spawn_export (f, "wav");
  temp = wait_for_temp (f, pid);
  g_test_message ("temporary file: %s", temp);
  g_assert_cmpint (kill (pid, sig), ==, 0);
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 128 + sig);
  names = list_dir (f->out);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("left: %s", (char *) g_ptr_array_index (names, i));
  g_assert_cmpuint (names->len, ==, 0);
  g_assert_true (lq_output_is_temp_name (temp));
}

/* SIGKILL leaves the temporary file; the next export into the folder
 * removes it (a different format: another name). */
static void
test_sigkill (Fixture *f,
              gconstpointer data)
{
  g_autofree char *temp = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GPid pid;
  int status;

  make_long_project (f);
  pid = spawn_export (f, "wav");
  temp = wait_for_temp (f, pid);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  status = wait_child (pid);
  g_assert_true (WIFSIGNALED (status));
  temp_path = g_build_filename (f->out, temp, NULL);
  g_assert_true (g_file_test (temp_path, G_FILE_TEST_IS_REGULAR));

  run_export (f, LONG_P, "--out", "out", "--format", "flac", NULL);
  g_assert_cmpint (f->status, ==, 0);
  names = list_dir (f->out);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("left: %s", (char *) g_ptr_array_index (names, i));
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "01 - Long.flac");
  g_assert_true (lq_output_is_temp_name (temp));
}

/* A second export into a folder an export is writing into fails at once
 * and clearly; the first finishes, measured on its own file. */
static void
test_concurrent (Fixture *f,
                 gconstpointer data)
{
  g_autofree char *temp = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GPid pid;
  int status;

  make_long_project (f);
  pid = spawn_export (f, "wav");
  temp = wait_for_temp (f, pid);
  run_export (f, LONG_P, "--out", "out", "--force", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->stderr_text, "another export"));
  g_assert_nonnull (strstr (f->stderr_text, "out"));
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  names = list_dir (f->out);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("left: %s", (char *) g_ptr_array_index (names, i));
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "01 - Long.wav");
}

/* The lock in one process: a second holder is refused until the first
 * lets go; the lock file goes with the lock. */
static void
test_lock (Fixture *f,
           gconstpointer data)
{
  g_autofree char *lock_path = g_build_filename (f->out, LQ_OUTPUT_LOCK_NAME, NULL);
  g_autoptr(GError) error = NULL;
  LqOutputLock *a, *b;

  g_assert_cmpint (g_mkdir (f->out, 0777), ==, 0);
  a = lq_output_lock_acquire (f->out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = lq_output_lock_acquire (f->out, &error);
  g_assert_null (b);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, f->out));
  g_clear_error (&error);

  /* The library's export refuses too. */
  {
    g_autofree char *project_path = g_build_filename (f->dir, P, NULL);
    g_autoptr(LqProject) project = lq_project_open (project_path, TRUE, &error);
    g_autoptr(GPtrArray) results = NULL;
    LqExportOptions options;

    g_assert_no_error (error);
    lq_export_options_init (&options);
    results = lq_export_album (project, f->out, &options, NULL, NULL, NULL, &error);
    g_assert_null (results);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
    g_clear_error (&error);
  }

  lq_output_lock_release (a);
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  b = lq_output_lock_acquire (f->out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (b);
  lq_output_lock_release (b);
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
}

/* Two temporary files for one destination do not collide. */
static void
test_temp_unique (Fixture *f,
                  gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "01 - Track.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = lq_output_temp_create (dest, &error);
  g_autofree char *b = NULL;
  g_autofree char *dir_a = NULL, *base_a = NULL, *base_b = NULL;

  g_assert_no_error (error);
  b = lq_output_temp_create (dest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
  dir_a = g_path_get_dirname (a);
  g_assert_cmpstr (dir_a, ==, f->dir);
  base_a = g_path_get_basename (a);
  base_b = g_path_get_basename (b);
  g_assert_true (g_str_has_prefix (base_a, ".01 - Track.wav."));
  g_assert_true (lq_output_is_temp_name (base_a));
  g_assert_true (lq_output_is_temp_name (base_b));
  g_assert_false (lq_output_is_temp_name ("01 - Track.wav"));
  g_assert_false (lq_output_is_temp_name (".hidden"));
  g_assert_false (lq_output_is_temp_name (LQ_OUTPUT_LOCK_NAME));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));

  /* Stale ones go, nothing else does. */
  g_assert_cmpuint (lq_output_remove_stale_temps (f->dir), ==, 2);
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (b, G_FILE_TEST_EXISTS));
  check_sources (f);
}

/* Only rates the check can measure: a usage error for others, from the
 * CLI and the library, before anything is written. */
static void
test_rate (Fixture *f,
           gconstpointer data)
{
  g_autofree char *project_path = g_build_filename (f->dir, P, NULL);
  g_autofree char *path = g_build_filename (f->out, "01 - Intro.wav", NULL);
  g_autofree char *max = g_strdup_printf ("%u", LQ_RENDER_RATE_MAX);
  SF_INFO info = { 0 };
  SNDFILE *file;

  run_export (f, P, "--out", "out", "--rate", "400000", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->stderr_text, max));
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
  run_export (f, P, "--out", "out", "--rate", "4000", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) project = lq_project_open (project_path, TRUE, &error);
    g_autoptr(GPtrArray) results = NULL;
    LqExportOptions options;

    g_assert_no_error (error);
    lq_export_options_init (&options);
    options.render.rate = LQ_RENDER_RATE_MAX + 1;
    results = lq_export_album (project, f->out, &options, NULL, NULL, NULL, &error);
    g_assert_null (results);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
  }

  /* The highest allowed rate is written and measured. */
  run_export (f, P, "--out", "out", "--rate", max, NULL);
  g_assert_cmpint (f->status, ==, 0);
  file = sf_open (path, SFM_READ, &info);
  g_assert_nonnull (file);
  sf_close (file);
  g_assert_cmpint (info.samplerate, ==, LQ_RENDER_RATE_MAX);
  g_assert_cmpint (info.frames, ==, RATE * 2 * (gint64) LQ_RENDER_RATE_MAX / RATE);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func, data) g_test_add (name, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/export-safety/force-over-sources", test_force_over_sources, NULL);
  ADD ("/export-safety/symlink-to-source", test_symlink_to_source, NULL);
  ADD ("/export-safety/hardlink-of-source", test_hardlink_of_source, NULL);
  ADD ("/export-safety/guard", test_guard, NULL);
  ADD ("/export-safety/format-size", test_format_size, NULL);
  ADD ("/export-safety/rate", test_rate, NULL);
  ADD ("/export-safety/lock", test_lock, NULL);
  ADD ("/export-safety/temp-unique", test_temp_unique, NULL);
  ADD ("/export-safety/concurrent", test_concurrent, NULL);
  ADD ("/export-safety/sigint", test_signal, GINT_TO_POINTER (SIGINT));
  ADD ("/export-safety/sigterm", test_signal, GINT_TO_POINTER (SIGTERM));
  ADD ("/export-safety/sigkill", test_sigkill, NULL);
  /* Over 4 GiB written and read back: its own suite (meson test --suite big). */
  ADD ("/export-safety/big/rf64", test_big, NULL);
#undef ADD
  return g_test_run ();
}

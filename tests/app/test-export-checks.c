/* test-export-checks.c: what export checks before and after writing.
 *
 *  - mono sources: written as dual mono (stereo, both channels equal) at
 *    the level the match planned for what is written, or as mono with
 *    --channels mono; a mixed mono/stereo album in album mode passes;
 *  - a source that changed after analysis (or went missing) is refused,
 *    naming the track and the commands that fix it; --allow-changed goes
 *    on and says so in the report;
 *  - silent and very short tracks: loudness "not applicable", peak and
 *    length checked, the report says why;
 *  - --target cd: 44.1 kHz, 16-bit stereo files by default, conflicting
 *    options refused, the check fails a non-CD file;
 *  - export --target B on an album matched for A is refused.
 *
 * Loudness of the written files is measured independently by libebur128.
 */
#include <ebur128.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>
#include <utime.h>

#include "lq-analyzer.h"
#include "lq-delivery-target.h"
#include "lq-export-checks.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define P "album.lacquer"

typedef struct
{
  char *dir;
  char *out;    /* stdout of the last command */
  char *err;
} Fixture;

typedef struct
{
  double amplitude;
  guint64 seed;
} Noise;

static double
noise_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  const Noise *n = data;
  guint64 z = (i * 2 + c + 1 + n->seed * G_GUINT64_CONSTANT (1000003)) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return n->amplitude * ((double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
}

static double
silence_signal (guint64 i,
                guint c,
                guint rate,
                gpointer data)
{
  return 0.0;
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static int
run (Fixture *f,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, f);
  status = lq_test_run_cli (f->dir, &f->out, &f->err, ap);
  va_end (ap);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", status, f->out, f->err);
  return status;
}

static char *
path_in (Fixture *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Integrated loudness by libebur128, whatever the channel count, and the
 * file's format in @info. */
static double
ebur128_lufs (const char *path,
              SF_INFO *info)
{
  SNDFILE *file;

  memset (info, 0, sizeof *info);
  file = sf_open (path, SFM_READ, info);
  g_assert_nonnull (file);
  sf_close (file);
  return lq_test_ebur128 (path, NULL);
}

/* A 1 kHz sine whose loudness, measured in its own channel layout, is
 * @lufs: written once at -20 dBFS, measured by libebur128, written again
 * with the difference. */
static void
write_sine_at (const char *path,
               guint rate,
               guint channels,
               double seconds,
               double lufs)
{
  double dbfs = -20.0;
  SF_INFO info;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, rate, channels, (guint64) (rate * seconds),
                 lq_test_sine_1k, &dbfs, NULL);
  dbfs += lufs - ebur128_lufs (path, &info);
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, rate, channels, (guint64) (rate * seconds),
                 lq_test_sine_1k, &dbfs, NULL);
}

/* The only file in @folder whose name starts with @prefix. */
static char *
exported (Fixture *f,
          const char *folder,
          const char *prefix)
{
  g_autofree char *dir = path_in (f, folder);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }
  g_assert_nonnull (found);
  return found;
}

static guint
count_files (Fixture *f,
             const char *folder)
{
  g_autofree char *dir = path_in (f, folder);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static JsonObject *
parse (JsonParser *parser,
       const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
track_json (JsonObject *root,
            guint i)
{
  return json_array_get_object_element (json_object_get_array_member (root, "tracks"), i);
}

/* Item 3: a mono source ----------------------------------------------------- */

static void
test_mono_stereo_out (Fixture *f,
                      gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *src = path_in (f, "mono.wav");
  g_autofree char *file = NULL;
  g_autofree float *pcm = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *now = NULL;
  JsonObject *root;
  SF_INFO info;
  SNDFILE *sf;
  double lufs;

  write_sine_at (src, 48000, 1, 6.0, -23.0);
  sum = lq_test_checksum (src);
  g_assert_cmpint (run (f, "new", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "add", P, src, NULL), ==, 0);
  g_assert_cmpint (run (f, "analyze", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "match", P, "--target", "r128", "--mode", "track", NULL), ==, 0);

  /* Stereo, the default: dual mono at -23 LUFS. */
  g_assert_cmpint (run (f, "export", P, "--out", "stereo", "--json", NULL), ==, 0);
  root = parse (parser, f->out);
  g_assert_true (json_object_get_boolean_member (root, "passed"));
  file = exported (f, "stereo", "01 - ");
  lufs = ebur128_lufs (file, &info);
  g_test_message ("mono source as dual mono: %.2f LUFS", lufs);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpfloat (fabs (lufs + 23.0), <=, 0.2);
  g_assert_cmpfloat (fabs (json_object_get_double_member (track_json (root, 0), "integrated_lufs") - lufs), <=, 0.05);

  pcm = g_new (float, info.frames * 2);
  sf = sf_open (file, SFM_READ, &info);
  g_assert_nonnull (sf);
  g_assert_cmpint (sf_readf_float (sf, pcm, info.frames), ==, info.frames);
  sf_close (sf);
  for (sf_count_t i = 0; i < info.frames; i++)
    if (pcm[2 * i] != pcm[2 * i + 1])
      g_error ("frame %" G_GINT64_FORMAT ": left %g, right %g", (gint64) i, pcm[2 * i], pcm[2 * i + 1]);

  /* --channels mono: a mono file at -23 LUFS. */
  g_clear_pointer (&file, g_free);
  g_assert_cmpint (run (f, "export", P, "--out", "mono", "--channels", "mono", "--json", NULL), ==, 0);
  file = exported (f, "mono", "01 - ");
  lufs = ebur128_lufs (file, &info);
  g_test_message ("mono source as mono: %.2f LUFS", lufs);
  g_assert_cmpint (info.channels, ==, 1);
  g_assert_cmpfloat (fabs (lufs + 23.0), <=, 0.2);

  now = lq_test_checksum (src);
  g_assert_cmpstr (now, ==, sum);
}

static void
test_mono_mixed_album (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *mono = path_in (f, "a-mono.wav");
  g_autofree char *stereo = path_in (f, "b-stereo.wav");
  g_autofree char *file1 = NULL, *file2 = NULL;
  SF_INFO info1, info2;
  double l1, l2;
  JsonObject *root;

  /* As played (dual mono), the mono track sits 2 LU under the stereo one. */
  write_sine_at (mono, 44100, 1, 6.0, -22.0 - 10.0 * log10 (2.0));
  write_sine_at (stereo, 44100, 2, 6.0, -20.0);
  g_assert_cmpint (run (f, "new", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "add", P, mono, stereo, NULL), ==, 0);
  g_assert_cmpint (run (f, "analyze", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "match", P, "--target", "r128", "--mode", "album", NULL), ==, 0);
  g_assert_cmpint (run (f, "export", P, "--out", "out", "--json", NULL), ==, 0);
  root = parse (parser, f->out);
  g_assert_true (json_object_get_boolean_member (root, "passed"));

  file1 = exported (f, "out", "01 - ");
  file2 = exported (f, "out", "02 - ");
  l1 = ebur128_lufs (file1, &info1);
  l2 = ebur128_lufs (file2, &info2);
  g_test_message ("mixed album: %.2f and %.2f LUFS", l1, l2);
  g_assert_cmpint (info1.channels, ==, 2);
  g_assert_cmpint (info2.channels, ==, 2);
  /* Album mode keeps the levels as heard: 2 LU apart. */
  g_assert_cmpfloat (fabs ((l2 - l1) - 2.0), <=, 0.2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpfloat (fabs (json_object_get_double_member (track_json (root, i), "integrated_lufs")
                             - json_object_get_double_member (track_json (root, i), "expected_lufs")),
                       <=, 0.2);

  /* A stereo source cannot be written as mono. */
  g_assert_cmpint (run (f, "export", P, "--out", "refused", "--channels", "mono", NULL), !=, 0);
  g_assert_nonnull (strstr (f->err, "stereo"));
  g_assert_cmpuint (count_files (f, "refused"), ==, 0);
}

/* Item 5: sources changed after analysis ------------------------------------ */

static void
changed_album (Fixture *f)
{
  Noise one = { 0.3, 1 }, two = { 0.2, 2 };
  g_autofree char *a = path_in (f, "one.wav");
  g_autofree char *b = path_in (f, "two.wav");

  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 4, noise_signal, &one, "First");
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 4, noise_signal, &two, "Second");
  g_assert_cmpint (run (f, "new", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "add", P, a, b, NULL), ==, 0);
  g_assert_cmpint (run (f, "analyze", P, NULL), ==, 0);
}

static void
test_changed_source (Fixture *f,
                     gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *b = path_in (f, "two.wav");
  Noise other = { 0.2, 99 };
  JsonObject *root, *t;
  struct utimbuf times;
  GStatBuf st;

  changed_album (f);
  g_assert_cmpint (run (f, "match", P, "--target", "spotify", "--mode", "track", NULL), ==, 0);
  /* The same path, other audio (same length and level), written later
   * (the modification time set a minute on, not waited for). */
  g_assert_cmpint (g_stat (b, &st), ==, 0);
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 4, noise_signal, &other, "Second");
  times.actime = st.st_atime;
  times.modtime = st.st_mtime + 60;
  g_assert_cmpint (g_utime (b, &times), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "out", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "Second"));
  g_assert_nonnull (strstr (f->err, "`lacquer-cli relink "));
  g_assert_nonnull (strstr (f->err, P " 2 FILE`"));
  g_assert_nonnull (strstr (f->err, "--accept-changed"));
  g_assert_nonnull (strstr (f->err, "--allow-changed"));
  g_assert_null (strstr (f->err, "First"));
  g_assert_cmpuint (count_files (f, "out"), ==, 0);

  /* Without a target stored or given: refused the same. */
  g_assert_cmpint (run (f, "undo", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "export", P, "--out", "out", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "Second"));
  g_assert_cmpuint (count_files (f, "out"), ==, 0);
  g_assert_cmpint (run (f, "redo", P, NULL), ==, 0);

  /* --allow-changed: exported, and the report says so. */
  g_assert_cmpint (run (f, "export", P, "--out", "out", "--allow-changed", "--json", NULL), ==, 0);
  g_assert_cmpuint (count_files (f, "out"), ==, 2);
  root = parse (parser, f->out);
  t = track_json (root, 1);
  g_assert_true (json_object_get_boolean_member (t, "changed_since_analysis"));
  g_assert_nonnull (strstr (json_object_get_string_member (t, "note"), "--allow-changed"));
  t = track_json (root, 0);
  g_assert_false (json_object_get_boolean_member (t, "changed_since_analysis"));

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--allow-changed", "--force", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "changed since analysis, exported with --allow-changed"));
}

static void
test_missing_source (Fixture *f,
                     gconstpointer data)
{
  g_autofree char *b = path_in (f, "two.wav");

  changed_album (f);
  g_assert_cmpint (g_unlink (b), ==, 0);
  g_assert_cmpint (run (f, "export", P, "--out", "out", "--allow-changed", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "Second"));
  g_assert_nonnull (strstr (f->err, "missing"));
  g_assert_nonnull (strstr (f->err, "`lacquer-cli relink "));
  g_assert_nonnull (strstr (f->err, P " 2 FILE`"));
  g_assert_cmpuint (count_files (f, "out"), ==, 0);
}

/* Item 7: silent and very short tracks -------------------------------------- */

static void
test_silent_and_short (Fixture *f,
                       gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *a = path_in (f, "1.wav");
  g_autofree char *b = path_in (f, "2.wav");
  g_autofree char *c = path_in (f, "3.wav");
  Noise music = { 0.3, 7 }, hidden = { 0.3, 8 };
  JsonObject *root;

  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 5, noise_signal, &music, "Song");
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 10, silence_signal, NULL, "Interlude");
  lq_test_write (c, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 3 / 10, noise_signal, &hidden, "Hidden");
  g_assert_cmpint (run (f, "new", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "add", P, a, b, c, NULL), ==, 0);
  g_assert_cmpint (run (f, "analyze", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "match", P, "--target", "spotify", NULL), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--bits", "16", "--json", NULL), ==, 0);
  root = parse (parser, f->out);
  g_assert_true (json_object_get_boolean_member (root, "passed"));
  g_assert_true (json_object_get_boolean_member (track_json (root, 0), "loudness_checked"));
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *t = track_json (root, i);

      g_assert_true (json_object_get_boolean_member (t, "passed"));
      g_assert_true (json_object_get_boolean_member (t, "true_peak_ok"));
      g_assert_true (json_object_get_boolean_member (t, "length_ok"));
      g_assert_cmpint (json_object_get_int_member (t, "frames"), ==,
                       json_object_get_int_member (t, "expected_frames"));
    }
  g_assert_cmpint (json_object_get_int_member (track_json (root, 1), "frames"), ==, 44100 * 10);
  g_assert_cmpint (json_object_get_int_member (track_json (root, 2), "frames"), ==, 44100 * 3 / 10);
  g_assert_false (json_object_get_boolean_member (track_json (root, 1), "loudness_checked"));
  g_assert_nonnull (strstr (json_object_get_string_member (track_json (root, 1), "loudness_note"),
                            "digital silence"));
  g_assert_false (json_object_get_boolean_member (track_json (root, 2), "loudness_checked"));
  g_assert_nonnull (strstr (json_object_get_string_member (track_json (root, 2), "loudness_note"),
                            "shorter than 0.4 s"));

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--force", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "digital silence: no loudness to check"));
  g_assert_nonnull (strstr (f->out, "shorter than 0.4 s"));
}

/* Item 8: the CD ------------------------------------------------------------- */

static void
test_cd (Fixture *f,
         gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *src = path_in (f, "hi-res.wav");
  g_autofree char *file = NULL;
  g_autofree char *project_path = path_in (f, P);
  Noise music = { 0.3, 3 };
  SF_INFO info;
  JsonObject *root;

  lq_test_write (src, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 48000, 1, 48000 * 4, noise_signal, &music, "Hi");
  g_assert_cmpint (run (f, "new", P, NULL), ==, 0);
  g_assert_cmpint (run (f, "add", P, src, NULL), ==, 0);
  g_assert_cmpint (run (f, "analyze", P, NULL), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "cd", "--target", "cd", "--json", NULL), ==, 0);
  root = parse (parser, f->out);
  g_assert_true (json_object_get_boolean_member (root, "passed"));
  g_assert_true (json_object_get_boolean_member (track_json (root, 0), "format_ok"));
  file = exported (f, "cd", "01 - ");
  g_assert_true (g_str_has_suffix (file, ".wav"));
  memset (&info, 0, sizeof info);
  sf_close (sf_open (file, SFM_READ, &info));
  g_assert_cmpint (info.samplerate, ==, 44100);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpint (info.format, ==, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  g_assert_cmpfloat (fabs ((double) info.frames - 44100.0 * 4), <=, 1.0);

  /* Conflicting options are refused before anything is written. */
  g_assert_cmpint (run (f, "export", P, "--out", "bad", "--target", "cd", "--bits", "24", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "16-bit"));
  g_assert_cmpint (run (f, "export", P, "--out", "bad", "--target", "cd", "--rate", "48000", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "44100"));
  g_assert_cmpint (run (f, "export", P, "--out", "bad", "--target", "cd", "--channels", "mono", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "stereo"));
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS) && count_files (f, "bad") > 0);
  g_assert_cmpuint (count_files (f, "bad"), ==, 0);

  /* A project whose stored target is cd: the same defaults, FLAC if asked. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqProject) project = lq_project_open (project_path, FALSE, &error);
    const char *album[] = { "target=cd", NULL };

    g_assert_no_error (error);
    g_assert_true (lq_project_set_album (project, album, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&file, g_free);
  g_assert_cmpint (run (f, "export", P, "--out", "stored", "--format", "flac", NULL), ==, 0);
  file = exported (f, "stored", "01 - ");
  memset (&info, 0, sizeof info);
  sf_close (sf_open (file, SFM_READ, &info));
  g_assert_cmpint (info.samplerate, ==, 44100);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpint (info.format, ==, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  g_assert_cmpint (run (f, "export", P, "--out", "bad", "--bits", "24", NULL), ==, 2);
  g_assert_cmpuint (count_files (f, "bad"), ==, 0);
}

/* The check itself, on files that are not CD audio. */
static void
test_cd_check (Fixture *f,
               gconstpointer data)
{
  static const struct { guint rate, channels; int format; gboolean ok; } cases[] = {
    { 44100, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, TRUE },
    { 48000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_24, FALSE },
    { 192000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, FALSE },
    { 8000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, FALSE },
    { 44100, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, FALSE },
    { 44100, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_24, FALSE },
    { 44100, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, TRUE },
  };
  g_autoptr(GError) error = NULL;
  LqDeliveryTarget cd;
  Noise music = { 0.3, 5 };

  g_assert_true (lq_delivery_target_lookup ("cd", &cd, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cd.rate, ==, 44100);
  g_assert_cmpuint (cd.bits, ==, 16);
  g_assert_cmpuint (cd.channels, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-%u.%s", i,
                                               (cases[i].format & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC
                                               ? "flac" : "wav");
      g_autofree char *path = path_in (f, name);
      g_autofree char *reason = NULL;
      gboolean ok;

      lq_test_write (path, cases[i].format, cases[i].rate, cases[i].channels, cases[i].rate / 2,
                     noise_signal, &music, NULL);
      ok = lq_export_check_format (path, &cd, &reason);
      g_test_message ("%s: %s", name, reason != NULL ? reason : "ok");
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_nonnull (reason);
    }
}

/* Item 10: a match planned for another target -------------------------------- */

static void
test_other_target (Fixture *f,
                   gconstpointer data)
{
  changed_album (f);
  g_assert_cmpint (run (f, "match", P, "--target", "spotify", NULL), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--target", "apple", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "spotify"));
  g_assert_nonnull (strstr (f->err, "−14 LUFS"));
  g_assert_nonnull (strstr (f->err, "`lacquer-cli match "));
  g_assert_nonnull (strstr (f->err, P " --target apple`"));
  g_assert_nonnull (strstr (f->err, "--target spotify"));
  g_assert_cmpuint (count_files (f, "out"), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--target", "r128", NULL), ==, 1);
  g_assert_cmpuint (count_files (f, "out"), ==, 0);

  g_assert_cmpint (run (f, "export", P, "--out", "out", "--target", "spotify", NULL), ==, 0);
  g_assert_cmpuint (count_files (f, "out"), ==, 2);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/export-checks/mono/stereo-out", test_mono_stereo_out);
  ADD ("/export-checks/mono/mixed-album", test_mono_mixed_album);
  ADD ("/export-checks/changed/refused", test_changed_source);
  ADD ("/export-checks/changed/missing", test_missing_source);
  ADD ("/export-checks/silent-and-short", test_silent_and_short);
  ADD ("/export-checks/cd/export", test_cd);
  ADD ("/export-checks/cd/check", test_cd_check);
  ADD ("/export-checks/other-target", test_other_target);
#undef ADD
  return g_test_run ();
}

/* test-export-names.c: the exported files' names.
 *
 * lq_export_file_name() with the default template and others, templates
 * refused with a message, the safety every name gets whatever the template
 * says; `lacquer-cli export --name` and the titles a track gets from its
 * file's name when added.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "lq-error.h"
#include "lq-export.h"
#include "lq-test-audio.h"

static char *
name_ok (const char *name_template,
         const LqExportNameFields *fields)
{
  g_autoptr(GError) error = NULL;
  char *name = lq_export_file_name (name_template, fields, "flac", &error);

  g_assert_no_error (error);
  g_assert_nonnull (name);
  return name;
}

static void
test_templates (void)
{
  const LqExportNameFields fields = {
    .number = 3, .title = "journeys-end", .artist = "The Lacquers", .album = "Night Drives",
    .isrc = "GBAYE0601498",
  };
  const struct { const char *name_template; const char *name; } cases[] = {
    { NULL, "03 - journeys-end.flac" },
    { LQ_EXPORT_NAME_TEMPLATE_DEFAULT, "03 - journeys-end.flac" },
    { "{number} {title}", "3 journeys-end.flac" },
    { "{number:03}_{artist}_{title}", "003_The Lacquers_journeys-end.flac" },
    { "{album} - {number:02} - {title} [{isrc}]", "Night Drives - 03 - journeys-end [GBAYE0601498].flac" },
    /* The template's own text is made safe as the fields are. */
    { "../{title}", "-journeys-end.flac" },
    { "{artist}/{title}", "The Lacquers-journeys-end.flac" },
    { "..{number}.", "3.flac" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = name_ok (cases[i].name_template, &fields);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_safety (void)
{
  g_autofree char *long_title = g_strnfill (400, 'x');
  g_autofree char *name = NULL;
  LqExportNameFields fields = { .number = 1, .title = "../../etc/passwd", .artist = ".hidden" };

  name = name_ok (NULL, &fields);
  g_assert_cmpstr (name, ==, "01 - ..-..-etc-passwd.flac");
  g_clear_pointer (&name, g_free);
  name = name_ok ("{artist}", &fields);
  g_assert_cmpstr (name, ==, "hidden.flac");
  g_clear_pointer (&name, g_free);

  /* An empty title is "Track"; a name with nothing left, "Track NN". */
  fields.title = "";
  name = name_ok (NULL, &fields);
  g_assert_cmpstr (name, ==, "01 - Track.flac");
  g_clear_pointer (&name, g_free);
  fields.album = "...";
  name = name_ok ("{album}", &fields);
  g_assert_cmpstr (name, ==, "Track 01.flac");
  g_clear_pointer (&name, g_free);

  /* Capped, per field and in all. */
  fields.title = long_title;
  fields.artist = long_title;
  name = name_ok ("{title}{artist}", &fields);
  g_assert_cmpuint (strlen (name), ==, LQ_EXPORT_NAME_MAX + strlen (".flac"));
  g_clear_pointer (&name, g_free);
  name = name_ok ("{title}", &fields);
  g_assert_cmpuint (strlen (name), ==, LQ_EXPORT_TITLE_MAX + strlen (".flac"));
}

static void
test_bad_templates (void)
{
  const struct { const char *name_template; const char *message; } cases[] = {
    { "{number} - {name}", "{name}" },
    { "{title:02}", "{title:02}" },
    { "{number:x}", "{number:x}" },
    { "{number", "“{”" },
    { "number}", "“}”" },
    { "no fields", "no field" },
    { "", "no field" },
  };
  const LqExportNameFields fields = { .number = 1, .title = "Title" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) name_error = NULL;
      g_autofree char *name = NULL;

      g_assert_false (lq_export_check_name_template (cases[i].name_template, &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      g_test_message ("%s: %s", cases[i].name_template, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      name = lq_export_file_name (cases[i].name_template, &fields, "wav", &name_error);
      g_assert_null (name);
      g_assert_error (name_error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    }
  g_assert_true (lq_export_check_name_template (LQ_EXPORT_NAME_TEMPLATE_DEFAULT, NULL));
}

/* lacquer-cli ----------------------------------------------------------------- */

static int
run (const char *dir,
     char **out,
     char **err,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = lq_test_run_cli (dir, out, err, ap);
  va_end (ap);
  return status;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  if (d == NULL)
    return g_strdup ("");
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

static void
test_cli (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *named_dir = g_build_filename (dir, "named", NULL);
  double level = -20.0;

  {
    g_autofree char *a = g_build_filename (dir, "01-journeys-end.wav", NULL);
    g_autofree char *b = g_build_filename (dir, "02 Northerners.wav", NULL);

    lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, NULL);
    lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, NULL);
  }
  g_assert_cmpint (run (dir, &out, &err, "new", "a.lacquer", NULL), ==, 0);
  g_assert_cmpint (run (dir, &out, &err, "add", "a.lacquer", "01-journeys-end.wav", "02 Northerners.wav", NULL),
                   ==, 0);
  g_assert_cmpint (run (dir, &out, &err, "set", "a.lacquer", "artist=The Lacquers",
                        "title=Night Drives", NULL), ==, 0);

  /* The default: the titles derived from the files' names. */
  g_assert_cmpint (run (dir, &out, &err, "export", "a.lacquer", "--out", "out", NULL), ==, 0);
  listed = list_dir (out_dir);
  g_assert_cmpstr (listed, ==, "01 - journeys-end.wav|02 - Northerners.wav");
  g_clear_pointer (&listed, g_free);

  g_assert_cmpint (run (dir, &out, &err, "export", "a.lacquer", "--out", "named",
                        "--name", "{artist} - {album} - {number} {title}", NULL), ==, 0);
  listed = list_dir (named_dir);
  g_assert_cmpstr (listed, ==, "The Lacquers - Night Drives - 1 journeys-end.wav|"
                               "The Lacquers - Night Drives - 2 Northerners.wav");
  g_clear_pointer (&listed, g_free);

  /* Refused before anything is written, saying why. */
  g_assert_cmpint (run (dir, &out, &err, "export", "a.lacquer", "--out", "bad", "--name", "{number} {song}",
                        NULL), ==, 2);
  g_assert_nonnull (strstr (err, "{song}"));
  {
    g_autofree char *bad = g_build_filename (dir, "bad", NULL);

    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
  /* Two tracks to one file. */
  g_assert_cmpint (run (dir, &out, &err, "export", "a.lacquer", "--out", "same", "--name", "{album}", NULL),
                   !=, 0);
  g_assert_nonnull (strstr (err, "Night Drives.wav"));

  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export-names/templates", test_templates);
  g_test_add_func ("/export-names/safety", test_safety);
  g_test_add_func ("/export-names/bad-templates", test_bad_templates);
  g_test_add_func ("/export-names/cli", test_cli);
  return g_test_run ();
}

/* test-project-fields.c: what the field table lets into a project.
 *
 * Text fields are at most 1,024 bytes of valid UTF-8 without control
 * characters (the album comment may hold line breaks and tabs); numbers are
 * decimal, finite and nothing else. Titles that come from a file's tags or
 * its name are made valid, one-line text where they enter.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lq-analyzer.h"
#include "lq-error.h"
#include "lq-project-fields.h"
#include "lq-project.h"
#include "lq-test-audio.h"

/* The limit the rules give; not taken from the code under test. */
#define LQ_TEXT_MAX_BYTES_TEST 1024

/* Parses @value for the field @key; on failure the message is in *message. */
static gboolean
parse (gboolean album,
       const char *key,
       const char *value,
       GValue *out,
       char **message)
{
  const LqField *field = lq_project_fields_lookup (album, key);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (field);
  ok = lq_field_parse (field, value, out, &error);
  g_assert_true (ok == (error == NULL));
  if (message != NULL)
    *message = error != NULL ? g_strdup (error->message) : NULL;
  if (error != NULL)
    g_assert_true (g_error_matches (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE));
  return ok;
}

static void
assert_refused (gboolean album,
                const char *key,
                const char *value,
                const char *says)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autofree char *message = NULL;

  if (parse (album, key, value, &v, &message))
    g_error ("%s=%s was accepted", key, value);
  g_assert_nonnull (message);
  /* The message names the field and is valid, printable text itself. */
  g_assert_true (g_str_has_prefix (message, key));
  g_assert_true (g_utf8_validate (message, -1, NULL));
  if (strstr (message, says) == NULL)
    g_error ("%s=…: “%s” does not say “%s”", key, message, says);
}

static void
test_text_rules (void)
{
  static const char *const album_keys[] = { "title", "artist", "genre", "catalogue", "comment" };
  static const char *const track_keys[] = { "title", "artist", "composer" };
  g_autofree char *long_text = g_strnfill (LQ_TEXT_MAX_BYTES_TEST + 1, 'a');
  g_autofree char *just_fits = g_strnfill (LQ_TEXT_MAX_BYTES_TEST, 'a');
  /* 1,023 bytes and a two-byte character: 1,025 bytes, 1,024 characters. */
  g_autofree char *long_utf8 = g_strconcat (just_fits + 1, "é", NULL);

  for (guint a = 0; a < 2; a++)
    {
      const char *const *keys = a == 0 ? album_keys : track_keys;
      guint n = a == 0 ? G_N_ELEMENTS (album_keys) : G_N_ELEMENTS (track_keys);

      for (guint i = 0; i < n; i++)
        {
          g_auto(GValue) v = G_VALUE_INIT;

          assert_refused (a == 0, keys[i], "\x1b]0;x\x07", "control character");
          assert_refused (a == 0, keys[i], "red \x1b[31m", "control character");
          assert_refused (a == 0, keys[i], "bell\x07", "control character");
          assert_refused (a == 0, keys[i], "del\x7f", "control character");
          assert_refused (a == 0, keys[i], "c1 \xc2\x9b" "31m", "control character");   /* U+009B, CSI */
          assert_refused (a == 0, keys[i], "nul\x01", "control character");
          assert_refused (a == 0, keys[i], "carriage\rreturn", "control character");
          assert_refused (a == 0, keys[i], long_text, "1024");
          assert_refused (a == 0, keys[i], long_utf8, "1024");
          assert_refused (a == 0, keys[i], "Caf\xe9", "UTF-8");
          assert_refused (a == 0, keys[i], "\xff\xfe", "UTF-8");

          g_assert_true (parse (a == 0, keys[i], just_fits, &v, NULL));
          g_assert_cmpuint (strlen (g_value_get_string (&v)), ==, LQ_TEXT_MAX_BYTES_TEST);
          g_value_unset (&v);
          g_assert_true (parse (a == 0, keys[i], "Ünïcode ✓ “quoted”", &v, NULL));
          g_assert_cmpstr (g_value_get_string (&v), ==, "Ünïcode ✓ “quoted”");
        }
    }

  /* Titles and names are one line; the album comment may hold several. */
  assert_refused (TRUE, "title", "two\nlines", "control character");
  assert_refused (FALSE, "title", "tab\there", "control character");
  assert_refused (FALSE, "artist", "trailing newline\n", "control character");
  {
    g_auto(GValue) v = G_VALUE_INIT;

    g_assert_true (parse (TRUE, "comment", "line 1\nline 2\tindented", &v, NULL));
    g_assert_cmpstr (g_value_get_string (&v), ==, "line 1\nline 2\tindented");
  }
}

static void
test_numbers (void)
{
  static const struct { gboolean album; const char *key; const char *value; } refused[] = {
    { FALSE, "gap", "0x10" },
    { FALSE, "gap", "0X1" },
    { FALSE, "gap", " 5" },
    { FALSE, "gap", "5 " },
    { FALSE, "gap", "5s" },
    { FALSE, "gap", "5,5" },
    { FALSE, "gap", "" },
    { FALSE, "gap", "." },
    { FALSE, "gap", "1e" },
    { FALSE, "gain", "nan" },
    { FALSE, "gain", "NAN" },
    { FALSE, "gain", "-nan" },
    { FALSE, "gain", "inf" },
    { FALSE, "gain", "-infinity" },
    { FALSE, "gain", "1e999" },
    { FALSE, "gain", "-0x1p3" },
    { FALSE, "fade-in", "0x1.8p1" },
    { FALSE, "width", "+-1" },
    { FALSE, "eq1-freq", "1000Hz" },
    { TRUE, "bus-comp-ratio", "0x2" },
    { TRUE, "year", "0x7E8" },
    { TRUE, "year", "2e3" },
    { TRUE, "year", " 2024" },
    { TRUE, "year", "2024 " },
    { TRUE, "year", "2024.0" },
    { TRUE, "year", "99999999999999999999999" },
    { TRUE, "target", "nan" },
    { TRUE, "target", "-0x10" },
    { TRUE, "target", "-inf" },
    { TRUE, "target", "-14 LUFS" },
  };
  static const struct { gboolean album; const char *key; const char *value; double is; } accepted[] = {
    { FALSE, "gap", "5", 5.0 },
    { FALSE, "gap", "0.5", 0.5 },
    { FALSE, "gap", ".5", 0.5 },
    { FALSE, "gap", "2.", 2.0 },
    { FALSE, "gain", "-3.25", -3.25 },
    { FALSE, "gain", "+1.5", 1.5 },
    { FALSE, "gain", "-1e1", -10.0 },
    { FALSE, "gain", "2.5E-1", 0.25 },
    { TRUE, "year", "2024", 2024.0 },
    { TRUE, "year", "+2024", 2024.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autofree char *message = NULL;

      if (parse (refused[i].album, refused[i].key, refused[i].value, &v, &message))
        g_error ("%s=“%s” was accepted", refused[i].key, refused[i].value);
      g_assert_true (g_str_has_prefix (message, refused[i].key));
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autofree char *message = NULL;

      if (!parse (accepted[i].album, accepted[i].key, accepted[i].value, &v, &message))
        g_error ("%s=“%s” was refused: %s", accepted[i].key, accepted[i].value, message);
      if (G_VALUE_HOLDS_INT64 (&v))
        g_assert_cmpint (g_value_get_int64 (&v), ==, (gint64) accepted[i].is);
      else
        g_assert_cmpfloat (g_value_get_double (&v), ==, accepted[i].is);
    }

  /* A loudness target is a number too. */
  {
    g_auto(GValue) v = G_VALUE_INIT;

    g_assert_true (parse (TRUE, "target", "-14.5", &v, NULL));
    g_assert_cmpstr (g_value_get_string (&v), ==, "-14.5");
  }
}

/* A file named with a Latin-1 byte, "Caf\xe9 del Mar.wav", and one whose
 * title tag carries terminal escapes: what reaches the project is valid,
 * one-line text. */
static void
test_titles_where_they_enter (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *latin1 = g_build_filename (dir, "Caf\xe9 del Mar.wav", NULL);
  g_autofree char *tagged = g_build_filename (dir, "tagged.wav", NULL);
  g_autofree char *project_path = g_build_filename (dir, "p.lacquer", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqTrackAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  double level = -20.0;
  const char *files[3] = { latin1, tagged, NULL };
  const char *name;

  lq_test_write (latin1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level, NULL);
  lq_test_write (tagged, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100, lq_test_sine_1k, &level,
                 "\x1b]0;PWNED\x07\x1b[31mRed\tSong\xff");

  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, files, 0, NULL, &error));
  g_assert_no_error (error);

  name = lq_track_get_display_name (lq_project_get_track (project, 1));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpstr (name, ==, "Café del Mar");

  name = lq_track_get_display_name (lq_project_get_track (project, 2));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '\x1b'));
  g_assert_null (strchr (name, '\x07'));
  g_assert_null (strchr (name, '\t'));
  g_assert_nonnull (strstr (name, "PWNED"));
  g_assert_nonnull (strstr (name, "Red Song"));

  /* The analysis of a file alone names it the same way. */
  analysis = lq_analyze_file (latin1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lq_track_analysis_get_display_name (analysis), ==, "Café del Mar");
  g_clear_object (&analysis);
  analysis = lq_analyze_file (tagged, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  name = lq_track_analysis_get_display_name (analysis);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '\x1b'));
  g_assert_nonnull (strstr (name, "Red Song"));

  g_clear_object (&project);
  lq_test_rmdir (dir);
}

/* Defaults come from the project format (a new project's columns), and
 * every number field has the editor's steps and digits, which the CLI's
 * list rounds with. */
static void
test_defaults_and_steps (void)
{
  const struct { const char *key; const char *value; gboolean is_default; } cases[] = {
    { "eq3-type", "bell", TRUE },
    { "eq3-type", "low-shelf", FALSE },
    { "eq1-q", "0.71", TRUE },
    { "eq1-q", "0.72", FALSE },
    { "gain", "0", TRUE },
    { "gain", "0.5", FALSE },
    { "isrc", "", TRUE },
    { "title", "", TRUE },
    { "title", "Song", FALSE },
  };
  guint n_fields = 0;
  const LqField *fields = lq_project_fields_track (&n_fields);
  double step, page;
  guint digits;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const LqField *field = lq_project_fields_lookup (FALSE, cases[i].key);
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_nonnull (field);
      if (*cases[i].value == '\0' && field->type != LQ_FIELD_TEXT)
        g_value_init (&value, G_TYPE_POINTER);
      else
        g_assert_true (lq_field_parse (field, cases[i].value, &value, NULL));
      g_assert_cmpint (lq_field_is_default (field, &value), ==, cases[i].is_default);
    }

  for (guint i = 0; i < n_fields; i++)
    if (fields[i].type == LQ_FIELD_REAL)
      {
        lq_field_get_steps (&fields[i], &step, &page, &digits);
        g_assert_cmpfloat (step, >, 0);
        g_assert_cmpfloat (page, >=, step);
        g_assert_cmpuint (digits, <=, 3);
        /* A step must be representable in the digits shown. */
        g_assert_cmpfloat (fabs (step * pow (10, digits) - round (step * pow (10, digits))), <, 1e-9);
      }

  lq_field_get_steps (lq_project_fields_lookup (FALSE, "eq2-freq"), &step, &page, &digits);
  g_assert_cmpuint (digits, ==, 1);
  lq_field_get_steps (lq_project_fields_lookup (FALSE, "eq2-q"), &step, &page, &digits);
  g_assert_cmpuint (digits, ==, 2);
  g_assert_cmpfloat (step, ==, 0.01);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-fields/text-rules", test_text_rules);
  g_test_add_func ("/project-fields/numbers", test_numbers);
  g_test_add_func ("/project-fields/titles-where-they-enter", test_titles_where_they_enter);
  g_test_add_func ("/project-fields/defaults-and-steps", test_defaults_and_steps);
  return g_test_run ();
}

/* test-cli-readable.c: `lacquer-cli list PROJECT` and `analyze PROJECT` as
 * a user reads them: the album first, the track table with whole source
 * names, and only the chain settings that are not at their defaults, under
 * their processors' headings, rounded as the window rounds them.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "lq-test-audio.h"
#include "lq-test-cli.h"

#define P "album.lacquer"
/* 60 characters. */
#define LONG_NAME "a-rather-long-source-file-name-for-the-list-table-012345.wav"

G_STATIC_ASSERT (sizeof LONG_NAME - 1 == 60);

typedef struct
{
  LqTestCli cli;
} Fixture;

static void
run (Fixture *f, ...)
{
  va_list ap;

  g_clear_pointer (&f->cli.out, g_free);
  g_clear_pointer (&f->cli.err, g_free);
  va_start (ap, f);
  lq_test_cli_runv (&f->cli, ap);
  va_end (ap);
  if (f->cli.status != 0)
    g_test_message ("stderr: %s", f->cli.err);
  g_assert_cmpint (f->cli.status, ==, 0);
}

/* A new album, "Readable Album" by "The Testers", of one long-named track
 * and one short one. */
static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  double one = -12.0, two = -18.0;
  g_autofree char *a = NULL, *b = NULL;

  lq_test_cli_setup (&f->cli);
  a = g_build_filename (f->cli.dir, LONG_NAME, NULL);
  b = g_build_filename (f->cli.dir, "two.wav", NULL);
  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 44100 * 2, lq_test_sine_1k, &one, NULL);
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 44100 * 2, lq_test_sine_1k, &two, NULL);
  run (f, "new", P, "--title", "Readable Album", "--artist", "The Testers", NULL);
  run (f, "add", P, LONG_NAME, "two.wav", NULL);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_cli_teardown (&f->cli);
}

/* The offset of @needle in @haystack; fails when it is not there. */
static gsize
offset_of (const char *haystack,
           const char *needle)
{
  const char *at = strstr (haystack, needle);

  if (at == NULL)
    g_test_message ("no “%s” in:\n%s", needle, haystack);
  g_assert_nonnull (at);
  return (gsize) (at - haystack);
}

/* The lines of @text from the one that is @heading up to the next line
 * that is not indented deeper than @heading. */
static char *
section (const char *text,
         const char *heading)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) s = g_string_new (NULL);
  gsize indent = 0;
  gboolean in = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize lead = strspn (line, " ");

      if (!in && g_str_equal (line + lead, heading))
        {
          in = TRUE;
          indent = lead;
          continue;
        }
      if (in && lead <= indent)
        break;
      if (in)
        g_string_append_printf (s, "%s\n", line + lead);
    }
  if (!in)
    g_test_message ("no heading “%s” in:\n%s", heading, text);
  g_assert_true (in);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_first_lines (const char *out)
{
  g_autofree char *first = g_strndup (out, strcspn (out, "\n"));

  /* The album's title (and artist) open the output... */
  g_assert_nonnull (strstr (first, "Readable Album"));
  g_assert_nonnull (strstr (first, "The Testers"));
  /* ...its loudness comes before the track table. */
  g_assert_cmpuint (offset_of (out, "Loudness: "), <, offset_of (out, "  #  Title"));
  g_assert_cmpuint (offset_of (out, P ": 2 tracks, 0:04\n"), <, offset_of (out, "  #  Title"));
}

static void
test_album_first (Fixture *f,
                  gconstpointer data)
{
  run (f, "analyze", P, NULL);
  /* After the "to analyze" line, the same summary as list. */
  assert_first_lines (strstr (f->cli.out, "\n\n") + 2);
  g_assert_nonnull (strstr (f->cli.out, "LUFS integrated"));

  run (f, "list", P, NULL);
  assert_first_lines (f->cli.out);

  /* A delivery target and the state of the match are on the first lines too. */
  run (f, "set", P, "target=spotify", NULL);
  run (f, "list", P, NULL);
  g_assert_cmpuint (offset_of (f->cli.out, "Delivery Target: spotify (not matched yet)\n"), <,
                    offset_of (f->cli.out, "  #  Title"));
}

static void
test_rounded (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GRegex) long_decimals = g_regex_new ("[0-9]\\.[0-9]{5}", 0, 0, NULL);

  run (f, "analyze", P, NULL);
  run (f, "set", P, "1", "eq3-q=0.333333333", "comp-attack=0.1234567", NULL);
  run (f, "list", P, NULL);
  g_assert_false (g_regex_match (long_decimals, f->cli.out, 0, NULL));
  g_assert_nonnull (strstr (f->cli.out, "0.33\n"));
  g_assert_nonnull (strstr (f->cli.out, "0.12\n"));
  run (f, "list", P, "--all", NULL);
  g_assert_false (g_regex_match (long_decimals, f->cli.out, 0, NULL));
  /* The default Q of 0.71 as the window shows it, not 0.70999999999999996. */
  g_assert_nonnull (strstr (f->cli.out, "0.71\n"));
}

static void
test_defaults_hidden (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *limiter = NULL;

  run (f, "list", P, NULL);
  g_assert_null (strstr (f->cli.out, "Bus Compressor"));
  g_assert_null (strstr (f->cli.out, "EQ Band"));
  g_assert_null (strstr (f->cli.out, "Limiter"));
  g_assert_null (strstr (f->cli.out, "Ratio:"));
  g_assert_nonnull (strstr (f->cli.out, "all at their defaults"));
  g_assert_null (strstr (f->cli.out, "UPC/EAN:"));

  run (f, "list", P, "--all", NULL);
  g_assert_nonnull (strstr (f->cli.out, "Chain settings\n"));
  g_assert_nonnull (strstr (f->cli.out, "Bus EQ Band 8\n"));
  g_assert_nonnull (strstr (f->cli.out, "Bus Compressor\n"));
  g_assert_nonnull (strstr (f->cli.out, "Track 2: EQ Band 1\n"));
  g_assert_nonnull (strstr (f->cli.out, "Track 2: Stereo Width\n"));
  g_assert_nonnull (strstr (f->cli.out, "UPC/EAN:"));
  limiter = section (f->cli.out, "Limiter");
  g_assert_nonnull (strstr (limiter, "Release (ms):"));
  g_assert_nonnull (strstr (limiter, " 100\n"));
  g_assert_nonnull (strstr (limiter, "Automatic Release:"));
}

static void
test_changed_setting (Fixture *f,
                      gconstpointer data)
{
  g_autofree char *band = NULL;
  g_autofree char *bus = NULL;

  run (f, "set", P, "1", "eq1-on=true", "eq1-gain=3", NULL);
  run (f, "set", P, "bus-comp-ratio=2.5", NULL);
  run (f, "list", P, NULL);
  g_assert_cmpuint (offset_of (f->cli.out, "  #  Title"), <, offset_of (f->cli.out, "Chain settings\n"));

  band = section (f->cli.out, "Track 1: EQ Band 1");
  g_assert_true (g_regex_match_simple ("^Enabled: +true$", band, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Gain \\(dB\\): +3\\.0$", band, G_REGEX_MULTILINE, 0));
  /* The band's other settings are at their defaults. */
  g_assert_null (strstr (band, "Frequency"));
  g_assert_null (strstr (band, "Type:"));

  bus = section (f->cli.out, "Bus Compressor");
  g_assert_true (g_regex_match_simple ("^Ratio: +2\\.5$", bus, G_REGEX_MULTILINE, 0));
  g_assert_null (strstr (bus, "Enabled:"));

  /* Nothing else is off its default. */
  g_assert_null (strstr (f->cli.out, "Track 2:"));
  g_assert_null (strstr (f->cli.out, "EQ Band 2"));
  g_assert_null (strstr (f->cli.out, "Limiter"));
}

/* The column (in characters) @word starts at in the line of @text that
 * starts with @start. */
static gsize
column_in_row (const char *text,
               const char *start,
               const char *word)
{
  const char *row = text + offset_of (text, start) + 1;
  g_autofree char *line = g_strndup (row, strcspn (row, "\n"));

  return (gsize) g_utf8_strlen (line, offset_of (line, word));
}

static void
test_long_source (Fixture *f,
                  gconstpointer data)
{
  run (f, "list", P, NULL);
  g_assert_nonnull (strstr (f->cli.out, " " LONG_NAME " "));
  /* The columns after it still line up: both rows' status in one column. */
  g_assert_cmpuint (column_in_row (f->cli.out, "\n  1  ", " ok "), ==, column_in_row (f->cli.out, "\n  2  ", " ok "));
  g_assert_cmpuint (column_in_row (f->cli.out, "\n  1  ", " ok "), ==, column_in_row (f->cli.out, "\n  #  ", " Status "));
}

/* `set --help` lists the keys under their processors, an EQ's bands once. */
static void
test_set_help (Fixture *f,
               gconstpointer data)
{
  run (f, "set", "--help", NULL);
  g_assert_nonnull (strstr (f->cli.out, "\n  Bus Compressor: bus-comp-on "));
  g_assert_nonnull (strstr (f->cli.out, "\n  Limiter: limiter-release limiter-auto-release\n"));
  g_assert_nonnull (strstr (f->cli.out, "\n  EQ Band B (B: 1 to 8): eqB-on "));
  g_assert_nonnull (strstr (f->cli.out, "\n  Stereo Width: width-on width mono-below\n"));
  g_assert_null (strstr (f->cli.out, "eq7-gain"));
  for (const char *line = f->cli.out; *line != '\0'; line += strcspn (line, "\n") + (line[strcspn (line, "\n")] != '\0'))
    g_assert_cmpuint (g_utf8_strlen (line, strcspn (line, "\n")), <=, 100);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli-readable/album-first", test_album_first);
  ADD ("/cli-readable/rounded", test_rounded);
  ADD ("/cli-readable/defaults-hidden", test_defaults_hidden);
  ADD ("/cli-readable/changed-setting", test_changed_setting);
  ADD ("/cli-readable/long-source", test_long_source);
  ADD ("/cli-readable/set-help", test_set_help);
#undef ADD

  return g_test_run ();
}

/* test-cue-toc.c: the cue sheet and the cdrdao TOC read back by readers
 * from Debian: `cdrdao show-toc` and `toc2cddb` (cdrdao) parse the TOC
 * (against a silent WAV of the disc's length: the image itself comes
 * from the image renderer), `cuebreakpoints` and `cueprint` (cuetools) the
 * cue sheet; positions, ISRCs, flags and titles must be the layout's.
 * And `lacquer-cli release`: a failed pre-flight writes nothing, a passed
 * one writes the cue sheet and TOC the layout gives. */
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lq-cd-layout-build.h"
#include "lq-cdrdao-toc.h"
#include "lq-cue-sheet.h"
#include "lq-error.h"
#include "lq-test-audio.h"
#include "lq-test-cd.h"

/* Runs @argv in @dir; fails the test unless it exits 0; returns stdout */
static char *
run (const char *dir, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s: %s (install cdrdao and cuetools: build-aux/install-deps.sh)", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s\n%s", argv[0], err, out);
  return out;
}

/* "m:ss.ff" as cuebreakpoints prints a frame position */
static char *
breakpoint (guint64 frames)
{
  guint64 s = frames / 75;
  return g_strdup_printf ("%u:%02u.%02u", (guint) (s / 60), (guint) (s % 60), (guint) (frames % 75));
}

static LqProject *
album (const char *dir, LqCdLayout **layout)
{
  const guint64 frames[] = { 5 * 44100 + 333, 6 * 44100 + 10, 4 * 44100 + 587 };
  LqProject *project = lq_test_cd_project (dir, 3, frames, NULL);
  g_autoptr(GError) error = NULL;

  lq_test_cd_set_album (project, "title=Caf\xc3\xa9 \"Live\"");
  lq_test_cd_set_album (project, "artist=The Band");
  lq_test_cd_set_album (project, "upc=4006381333931");
  lq_test_cd_set_album (project, "cd-copy=true");
  lq_test_cd_set_track (project, 1, "title=First");
  lq_test_cd_set_track (project, 1, "isrc=GB-AAA-24-00001");
  lq_test_cd_set_track (project, 2, "title=Second Song");
  lq_test_cd_set_track (project, 2, "isrc=GB-AAA-24-00002");
  lq_test_cd_set_track (project, 2, "gap=1.5");
  lq_test_cd_set_track (project, 2, "songwriter=Writer");
  lq_test_cd_set_track (project, 2, "cd-indexes=1 3.3");
  lq_test_cd_set_track (project, 3, "title=Third");
  lq_test_cd_set_track (project, 3, "artist=Guest");
  lq_test_cd_set_track (project, 3, "gap=0.7");
  *layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  return project;
}

static void
test_cdrdao (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(LqProject) project = album (dir, &layout);
  g_autofree char *toc = g_build_filename (dir, "disc.toc", NULL);
  g_autofree char *wav = g_build_filename (dir, "disc.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *cddb = NULL;
  g_auto(GStrv) lines = NULL;
  int track = 0;
  guint index = 0;
  guint n_pregaps = 0, n_starts = 0, n_ends = 0, n_isrcs = 0, n_copy = 0;

  g_assert_true (lq_cdrdao_toc_write (layout, toc, "disc.wav", LQ_CD_IMAGE_WAV, FALSE, &error));
  g_assert_no_error (error);
  /* Written once: not over an existing file */
  g_assert_false (lq_cdrdao_toc_write (layout, toc, "disc.wav", LQ_CD_IMAGE_WAV, FALSE, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, toc));
  g_clear_error (&error);
  lq_test_cd_write_silence (wav, layout->leadout);

  shown = run (dir, (const char *[]) { "cdrdao", "show-toc", "disc.toc", NULL });
  g_assert_nonnull (strstr (shown, "TOC TYPE: CD_DA"));
  g_assert_nonnull (strstr (shown, "CATALOG NUMBER: 4006381333931"));
  lines = g_strsplit (shown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = g_strstrip (lines[i]);
      const LqCdTrack *t = track > 0 ? &layout->tracks[track - 1] : NULL;
      guint a, b, c, n, k;

      if (sscanf (l, "TRACK %u", &n) == 1)
        {
          g_assert_cmpuint (n, ==, ++track);
          index = 0;
        }
      else if (sscanf (l, "PREGAP %u:%u:%u(%u)", &a, &b, &c, &n) == 4)
        {
          g_assert_cmpuint (n, ==, t->start - t->pregap);
          n_pregaps++;
        }
      else if (sscanf (l, "START %u:%u:%u(%u)", &a, &b, &c, &n) == 4)
        {
          g_assert_cmpuint (n, ==, t->start);
          g_assert_cmpuint ((a * 60 + b) * 75 + c, ==, n);
          n_starts++;
        }
      else if (sscanf (l, "INDEX %u %u:%u:%u(%u)", &k, &a, &b, &c, &n) == 5)
        {
          g_assert_cmpuint (k, ==, index + 2);
          g_assert_cmpuint (n, ==, t->indexes[index++]);
        }
      else if (sscanf (l, "END %u:%u:%u(%u)", &a, &b, &c, &n) == 4)
        {
          g_assert_cmpuint (n, ==, t->end);
          g_assert_cmpuint (index, ==, t->n_indexes);
          n_ends++;
        }
      else if (g_str_has_prefix (l, "ISRC "))
        {
          g_autofree char *isrc = g_strdup (l + 5);
          g_autofree char *joined = NULL;
          g_auto(GStrv) parts = g_strsplit (isrc, " ", -1);

          joined = g_strjoinv ("", parts);
          g_assert_cmpstr (joined, ==, t->isrc);
          n_isrcs++;
        }
      else if (t != NULL && strcmp (l, "COPY PERMITTED") == 0)
        {
          g_assert_true (t->copy_permitted);
          n_copy++;
        }
    }
  g_assert_cmpint (track, ==, 3);
  /* Every track's start, end and copy flag; ISRCs on tracks 1 and 2; a
   * pregap on each (track 1's 2 s, the gaps of 1.5 and 0.7 s) */
  g_assert_cmpuint (n_starts, ==, 3);
  g_assert_cmpuint (n_ends, ==, 3);
  g_assert_cmpuint (n_copy, ==, 3);
  g_assert_cmpuint (n_isrcs, ==, 2);
  {
    guint want_pregaps = 0;
    for (guint i = 0; i < 3; i++)
      want_pregaps += layout->tracks[i].start > layout->tracks[i].pregap;
    g_assert_cmpuint (n_pregaps, ==, want_pregaps);
    g_assert_cmpuint (want_pregaps, ==, 3);
  }
  g_assert_nonnull (strstr (shown, "INDEX  2"));

  /* The CD-Text, as cdrdao's toc2cddb reads it: ISO-8859-1 titles, and
   * the track offsets (+ 150 frames of lead-in) */
  cddb = run (dir, (const char *[]) { "toc2cddb", "disc.toc", NULL });
  g_assert_nonnull (strstr (cddb, "DTITLE=The Band / Caf\xe9 \"Live\"\n"));
  g_assert_nonnull (strstr (cddb, "TTITLE0=First\n"));
  g_assert_nonnull (strstr (cddb, "TTITLE1=Second Song\n"));
  g_assert_nonnull (strstr (cddb, "TTITLE2=Third\n"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *offset = g_strdup_printf ("# %" G_GUINT64_FORMAT "\n", layout->tracks[i].start + 150);
      g_assert_nonnull (strstr (cddb, offset));
    }
  lq_test_rmdir (dir);
}

static void
test_cuetools (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(LqProject) project = album (dir, &layout);
  g_autofree char *cue = g_build_filename (dir, "disc.cue", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *gaps = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GString) want_starts = g_string_new (NULL);
  g_autoptr(GString) want_gaps = g_string_new (NULL);
  g_autofree char *bytes = NULL;

  g_assert_true (lq_cue_sheet_write (layout, cue, "disc.wav", LQ_CD_IMAGE_WAV, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cue, &bytes, NULL, NULL));
  g_assert_nonnull (strstr (bytes, "CATALOG 4006381333931\r\n"));
  g_assert_nonnull (strstr (bytes, "FILE \"disc.wav\" WAVE\r\n"));
  g_assert_nonnull (strstr (bytes, "TITLE \"Caf\xe9 ''Live''\"\r\n"));   /* ISO-8859-1, no quote */
  g_assert_nonnull (strstr (bytes, "    FLAGS DCP\r\n"));

  /* Track breaks at each INDEX 01 (gaps to the track before) and at each
   * INDEX 00 (gaps to the track after) */
  for (guint i = 1; i < layout->n_tracks; i++)
    {
      g_autofree char *s = breakpoint (layout->tracks[i].start);
      g_autofree char *g = breakpoint (layout->tracks[i].pregap);
      g_string_append_printf (want_starts, "%s\n", s);
      g_string_append_printf (want_gaps, "%s\n", g);
    }
  starts = run (dir, (const char *[]) { "cuebreakpoints", "--append-gaps", "disc.cue", NULL });
  g_assert_cmpstr (starts, ==, want_starts->str);
  gaps = run (dir, (const char *[]) { "cuebreakpoints", "--prepend-gaps", "disc.cue", NULL });
  g_assert_cmpstr (gaps, ==, want_gaps->str);

  printed = run (dir, (const char *[]) { "cueprint", "-d", "D|%T|%P\\n", "-t", "T|%n|%t|%p|%s|%i\\n",
                                         "disc.cue", NULL });
  g_assert_cmpstr (printed, ==,
                   "D|Caf\xe9 ''Live''|The Band\n"
                   "T|1|First|The Band||GBAAA2400001\n"
                   "T|2|Second Song|The Band|Writer|GBAAA2400002\n"
                   "T|3|Third|Guest||\n");
  lq_test_rmdir (dir);
}

static int
cli (const char *dir, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = lq_test_run_cli (dir, out, err, ap);
  va_end (ap);
  return status;
}

static void
test_cli (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(LqProject) project = album (dir, &layout);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cue = g_build_filename (dir, "cd", "Cafe _Live_.cue", NULL);
  g_autofree char *toc = g_build_filename (dir, "cd", "Cafe _Live_.toc", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad", NULL);
  g_autofree char *cue_bytes = NULL;
  g_autofree char *toc_bytes = NULL;
  gsize cue_size, toc_size;
  g_autoptr(GBytes) want_cue = lq_cue_sheet_build (layout, "Cafe _Live_.wav", LQ_CD_IMAGE_WAV, NULL);
  g_autoptr(GBytes) want_toc = lq_cdrdao_toc_build (layout, "Cafe _Live_.wav", LQ_CD_IMAGE_WAV, NULL);
  int status;

  /* Passed: the cue sheet and TOC the layout gives; the image where the
   * renderer is built in (else exit 1, saying so) */
  status = cli (dir, &out, &err, "release", "album.lacquer", "--out", "cd", "--cd", NULL);
  g_assert_nonnull (strstr (out, "Red Book pre-flight: passed"));
  if (status != 0)
    {
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "the CD image was not"));
    }
  g_assert_true (g_file_get_contents (cue, &cue_bytes, &cue_size, NULL));
  g_assert_true (g_file_get_contents (toc, &toc_bytes, &toc_size, NULL));
  g_assert_cmpmem (cue_bytes, cue_size, g_bytes_get_data (want_cue, NULL), g_bytes_get_size (want_cue));
  g_assert_cmpmem (toc_bytes, toc_size, g_bytes_get_data (want_toc, NULL), g_bytes_get_size (want_toc));

  /* Not over what is there */
  g_assert_cmpint (cli (dir, &out, &err, "release", "album.lacquer", "--out", "cd", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists"));

  /* --bin: the raw image, as a cue sheet's BINARY file; a TOC that says
   * cdrdao needs --swap for it */
  status = cli (dir, &out, &err, "release", "album.lacquer", "--out", "cd-bin", "--bin", NULL);
  g_assert_cmpint (status, <=, 1);
  {
    g_autofree char *bin_cue = g_build_filename (dir, "cd-bin", "Cafe _Live_.cue", NULL);
    g_autofree char *bin_toc = g_build_filename (dir, "cd-bin", "Cafe _Live_.toc", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (bin_cue, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "FILE \"Cafe _Live_.bin\" BINARY\r\n"));
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (bin_toc, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "FILE \"Cafe _Live_.bin\" 00:00:00 "));
    g_assert_nonnull (strstr (text, "--swap"));
  }

  /* Failed: each problem one line, nothing written */
  lq_test_cd_set_track (project, 3, "isrc=GB-AAA-24-00001");
  lq_test_cd_set_track (project, 1, "title=Caf\xe2\x80\x99s");   /* U+2019 */
  status = cli (dir, &out, &err, "release", "album.lacquer", "--out", "bad", "--bin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "\nerror: Track 1: The track 1 title \xe2\x80\x9c" "Caf\xe2\x80\x99s"));
  g_assert_nonnull (strstr (out, "(cd-text-charset)\n"));
  g_assert_nonnull (strstr (out, "\nerror: Track 3: the ISRC GBAAA2400001 is also track 1\xe2\x80\x99s"));
  g_assert_nonnull (strstr (err, "nothing was written"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  /* Usage */
  g_assert_cmpint (cli (dir, &out, &err, "release", "album.lacquer", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--out"));
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cue-toc/cdrdao", test_cdrdao);
  g_test_add_func ("/cue-toc/cuetools", test_cuetools);
  g_test_add_func ("/cue-toc/cli", test_cli);
  return g_test_run ();
}

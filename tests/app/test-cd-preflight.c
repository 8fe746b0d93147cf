/* test-cd-preflight.c: the Red Book pre-flight (lq-cd-preflight.h): each
 * rule broken by a project built to break it (or, for what no project can
 * break, its layout changed by hand), and a clean album passing. */
#include <string.h>

#include "lq-cd-layout-build.h"
#include "lq-cd-preflight.h"
#include "lq-cd-text.h"
#include "lq-error.h"
#include "lq-test-audio.h"
#include "lq-test-cd.h"
#include "lq-test-sql.h"

static LqCdPreflight *
preflight_of (LqProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCdLayout) layout = lq_cd_layout_new_from_project (project, &error);

  g_assert_no_error (error);
  return lq_cd_preflight_run (layout);
}

/* The one problem of @rule: on @track (0: the disc), of @severity, its
 * message naming the track and the rule and saying @says */
static void
assert_problem (const LqCdPreflight *pf, LqCdProblemSeverity severity, guint track,
                const char *rule, const char *says)
{
  for (guint i = 0; i < pf->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (pf->problems, i);
      g_autofree char *prefix = track > 0 ? g_strdup_printf ("Track %u: ", track) : g_strdup ("Disc: ");
      g_autofree char *suffix = g_strdup_printf ("(%s)", rule);

      if (p->track != track || strcmp (p->rule, rule) != 0)
        continue;
      g_assert_cmpint (p->severity, ==, severity);
      g_assert_true (g_str_has_prefix (p->message, prefix));
      g_assert_true (g_str_has_suffix (p->message, suffix));
      g_assert_null (strchr (p->message, '\n'));
      if (says != NULL && strstr (p->message, says) == NULL)
        g_error ("“%s” does not say “%s”", p->message, says);
      return;
    }
  g_error ("no %s problem on track %u", rule, track);
}

/* Only problems of @rule */
static void
assert_only (const LqCdPreflight *pf, const char *rule)
{
  for (guint i = 0; i < pf->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (pf->problems, i);
      if (strcmp (p->rule, rule) != 0)
        g_error ("unexpected problem: %s", p->message);
    }
}

static LqProject *
clean_album (const char *dir, guint n, guint seconds)
{
  g_autofree guint64 *frames = g_new (guint64, n);
  LqProject *project;

  for (guint i = 0; i < n; i++)
    frames[i] = (guint64) seconds * 44100;
  project = lq_test_cd_project (dir, n, frames, NULL);
  lq_test_cd_set_album (project, "title=Clean");
  lq_test_cd_set_album (project, "artist=Band");
  lq_test_cd_set_album (project, "upc=036000291452");
  for (guint i = 1; i <= n && i <= 9; i++)
    {
      g_autofree char *isrc = g_strdup_printf ("isrc=GBAAA240000%u", i);
      lq_test_cd_set_track (project, i, isrc);
    }
  return project;
}

static void
test_clean (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqProject) project = clean_album (dir, 3, 5);
  g_autoptr(LqCdPreflight) pf = preflight_of (project);

  g_assert_true (lq_cd_preflight_passed (pf));
  g_assert_cmpuint (pf->problems->len, ==, 0);
  g_assert_cmpuint (pf->n_text_packs, >, 3);
  lq_test_rmdir (dir);
}

static void
test_track_count (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *wav = g_build_filename (dir, "t.wav", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqCdPreflight) pf = NULL;
  g_autoptr(LqProject) empty = NULL;
  g_autoptr(LqCdPreflight) none = NULL;
  double level = -20;

  /* 100 tracks (one file, 100 times) */
  lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 4 * 44100 + 1, lq_test_sine_1k, &level, NULL);
  for (guint i = 0; i < 100; i++)
    g_ptr_array_add (paths, wav);
  g_ptr_array_add (paths, NULL);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) paths->pdata, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, 100);
  pf = preflight_of (project);
  g_assert_false (lq_cd_preflight_passed (pf));
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 0, "tracks", "100 tracks");
  assert_only (pf, "tracks");
  g_clear_object (&project);
  lq_test_rmdir (dir);

  /* None */
  dir = (g_free (dir), lq_test_tmpdir ());
  empty = lq_test_cd_project (dir, 0, NULL, NULL);
  none = preflight_of (empty);
  assert_problem (none, LQ_CD_PROBLEM_ERROR, 0, "tracks", "no tracks");
  lq_test_rmdir (dir);
}

static void
test_track_length (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint64 frames[] = { 5 * 44100, 4 * 44100 - 600, 5 * 44100 };
  g_autoptr(LqProject) project = lq_test_cd_project (dir, 3, frames, NULL);
  g_autoptr(LqCdPreflight) pf = preflight_of (project);

  g_assert_false (lq_cd_preflight_passed (pf));
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 2, "track-length", "at least 4 s");
  assert_only (pf, "track-length");
  lq_test_rmdir (dir);
}

static void
test_playing_time (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqProject) project = clean_album (dir, 8, 5);
  g_autoptr(LqCdPreflight) warn = NULL;
  g_autoptr(LqCdPreflight) over = NULL;

  /* 7 gaps of 600 s, one of 300 s and 8 x 5 s: 75:40, over 74:00 */
  for (guint i = 1; i <= 7; i++)
    lq_test_cd_set_track (project, i, "gap=600");
  lq_test_cd_set_track (project, 8, "gap=300");
  warn = preflight_of (project);
  g_assert_true (lq_cd_preflight_passed (warn));
  assert_problem (warn, LQ_CD_PROBLEM_WARNING, 0, "playing-time", "75:40.00");
  assert_only (warn, "playing-time");
  g_assert_cmpuint (warn->n_warnings, ==, 1);

  /* 8 gaps of 600 s: 80:40, over 79:57 */
  lq_test_cd_set_track (project, 8, "gap=600");
  over = preflight_of (project);
  g_assert_false (lq_cd_preflight_passed (over));
  assert_problem (over, LQ_CD_PROBLEM_ERROR, 0, "playing-time", "80:40.00");
  assert_only (over, "playing-time");
  lq_test_rmdir (dir);
}

static void
test_codes (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  LqProject *project = clean_album (dir, 3, 5);
  g_autoptr(LqCdPreflight) pf = NULL;
  g_autoptr(GError) error = NULL;

  /* One ISRC on two tracks */
  lq_test_cd_set_track (project, 3, "isrc=GBAAA2400001");
  g_object_unref (project);
  /* What the fields refuse, written under them: a bad ISRC, a bad check digit */
  sql_file (path, "UPDATE track SET isrc = 'GB1A2400002' WHERE position = 2;"
                  "UPDATE album SET upc = '0036000291453';");
  project = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  pf = preflight_of (project);
  g_assert_false (lq_cd_preflight_passed (pf));
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 2, "isrc", "GB1A2400002");
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 3, "isrc", "track 1");
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 0, "upc", "0036000291453");
  g_assert_cmpuint (pf->n_errors, ==, 3);
  g_object_unref (project);
  lq_test_rmdir (dir);

  g_assert_true (lq_cd_isrc_is_valid ("USABC2400001"));
  g_assert_false (lq_cd_isrc_is_valid ("US-ABC-24-00001"));
  g_assert_false (lq_cd_isrc_is_valid ("usabc2400001"));
  g_assert_true (lq_cd_catalog_is_valid ("4006381333931"));
  g_assert_false (lq_cd_catalog_is_valid ("4006381333932"));
  g_assert_false (lq_cd_catalog_is_valid ("400638133393"));
}

static void
test_cd_text (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqProject) project = clean_album (dir, 4, 5);
  g_autoptr(LqCdPreflight) charset = NULL;
  g_autoptr(LqCdPreflight) size = NULL;
  g_autofree char *long_title = g_strnfill (1000, 'x');
  g_autofree char *assignment = g_strconcat ("title=", long_title, NULL);

  lq_test_cd_set_track (project, 3, "songwriter=Zo\xc3\xab \xe2\x80\x9cQ\xe2\x80\x9d");   /* Zoë “Q” */
  charset = preflight_of (project);
  g_assert_false (lq_cd_preflight_passed (charset));
  assert_problem (charset, LQ_CD_PROBLEM_ERROR, 3, "cd-text-charset", "track 3 songwriter");
  assert_problem (charset, LQ_CD_PROBLEM_ERROR, 3, "cd-text-charset", "U+201C");
  assert_only (charset, "cd-text-charset");

  /* Four titles of 1,000 characters: 4,007 bytes, 334 packs */
  lq_test_cd_set_track (project, 3, "songwriter=");
  for (guint i = 1; i <= 4; i++)
    lq_test_cd_set_track (project, i, assignment);
  size = preflight_of (project);
  g_assert_false (lq_cd_preflight_passed (size));
  assert_problem (size, LQ_CD_PROBLEM_ERROR, 0, "cd-text-size", "at most 253");
  assert_only (size, "cd-text-size");
  g_assert_cmpuint (size->n_text_packs, >, LQ_CD_TEXT_MAX_TEXT_PACKS + 3);
  lq_test_rmdir (dir);
}

/* What no project can break: the layout changed by hand */
static void
test_layout_rules (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(LqProject) project = clean_album (dir, 3, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCdLayout) layout = lq_cd_layout_new_from_project (project, &error);
  g_autoptr(LqCdPreflight) pf = NULL;
  g_autoptr(LqCdLayout) many = lq_test_cd_plain_layout (100, 5);
  g_autoptr(LqCdPreflight) many_pf = NULL;

  g_assert_no_error (error);
  layout->tracks[0].start = 149;               /* before 2 s */
  layout->tracks[1].pregap = layout->tracks[1].start + 1;   /* INDEX 00 after INDEX 01 */
  layout->tracks[2].pre_emphasis = TRUE;
  pf = lq_cd_preflight_run (layout);
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 1, "first-track", "2 s");
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 2, "positions", "INDEX 00");
  assert_problem (pf, LQ_CD_PROBLEM_ERROR, 3, "pre-emphasis", NULL);

  many_pf = lq_cd_preflight_run (many);
  assert_problem (many_pf, LQ_CD_PROBLEM_ERROR, 0, "tracks", "at most 99");
  lq_test_rmdir (dir);
}

/* Errors before warnings */
static void
test_order (void)
{
  g_autoptr(LqCdLayout) layout = lq_test_cd_plain_layout (3, 5);
  g_autoptr(LqCdPreflight) pf = NULL;
  gboolean seen_warning = FALSE;

  layout->tracks[2].end += 75 * 60 * 75;   /* 75 minutes */
  layout->leadout = layout->tracks[2].end;
  layout->tracks[0].isrc = g_strdup ("bad");
  pf = lq_cd_preflight_run (layout);
  g_assert_cmpuint (pf->n_errors, ==, 1);
  g_assert_cmpuint (pf->n_warnings, ==, 1);
  for (guint i = 0; i < pf->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (pf->problems, i);
      if (p->severity == LQ_CD_PROBLEM_WARNING)
        seen_warning = TRUE;
      else
        g_assert_false (seen_warning);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cd-preflight/clean", test_clean);
  g_test_add_func ("/cd-preflight/track-count", test_track_count);
  g_test_add_func ("/cd-preflight/track-length", test_track_length);
  g_test_add_func ("/cd-preflight/playing-time", test_playing_time);
  g_test_add_func ("/cd-preflight/codes", test_codes);
  g_test_add_func ("/cd-preflight/cd-text", test_cd_text);
  g_test_add_func ("/cd-preflight/layout-rules", test_layout_rules);
  g_test_add_func ("/cd-preflight/order", test_order);
  return g_test_run ();
}

/* test-cd-layout.c: a project's disc (lq-cd-layout-build.h), and the
 * project fields the CD needs (format 10).
 *
 * Positions are computed here again from the tracks' lengths and gaps with
 * the Red Book's arithmetic (75 frames a second, 588 samples a frame,
 * track 1 at 2 s or later, each gap to the nearest frame, no audio
 * dropped), independently of the code under test. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lq-cd-layout-build.h"
#include "lq-error.h"
#include "lq-project-fields.h"
#include "lq-project-store.h"
#include "lq-test-audio.h"
#include "lq-test-cd.h"
#include "lq-test-sql.h"

#define SPF 588.0

typedef struct
{
  guint64 pregap, start, end;
  gint64 gap_change;   /* samples of silence more than the gap asked for */
} Expected;

/* The positions the Red Book arithmetic gives for @samples and @gaps (seconds) */
static void
expect_positions (guint n, const guint64 *samples, const double *gaps, Expected *out, guint64 *leadout)
{
  double audio_end = 0;

  for (guint i = 0; i < n; i++)
    {
      double gap = floor (gaps[i] * 44100 + 0.5);

      if (i == 0)
        {
          out[i].pregap = 0;
          out[i].start = (guint64) MAX (150.0, floor (gap / SPF + 0.5));
          out[i].gap_change = 0;
        }
      else
        {
          double first_free = ceil (audio_end / SPF);
          double nearest = floor ((audio_end + gap) / SPF + 0.5);

          out[i - 1].end = (guint64) first_free;
          out[i].pregap = (guint64) first_free;
          out[i].start = (guint64) MAX (first_free, nearest);
          out[i].gap_change = (gint64) (out[i].start * SPF - audio_end - gap);
        }
      audio_end = out[i].start * SPF + samples[i];
      out[i].end = (guint64) ceil (audio_end / SPF);
    }
  *leadout = out[n - 1].end;
}

static gboolean
has_note (const LqCdLayout *layout, const char *a, const char *b)
{
  for (guint i = 0; i < layout->notes->len; i++)
    {
      const char *note = g_ptr_array_index (layout->notes, i);
      if (strstr (note, a) != NULL && (b == NULL || strstr (note, b) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_positions (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint64 frames[] = { 5 * 44100 + 100, 4 * 44100 + 1000, 6 * 44100 };
  const double gaps[] = { 0, 1.0, 0 };
  Expected want[3];
  guint64 leadout;
  g_autoptr(LqProject) project = lq_test_cd_project (dir, 3, frames, NULL);
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  lq_test_cd_set_track (project, 2, "gap=1");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  expect_positions (3, frames, gaps, want, &leadout);

  g_assert_cmpuint (layout->n_tracks, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];

      g_assert_cmpuint (t->number, ==, i + 1);
      g_assert_cmpuint (t->samples, ==, frames[i]);
      g_assert_cmpuint (t->pregap, ==, want[i].pregap);
      g_assert_cmpuint (t->start, ==, want[i].start);
      g_assert_cmpuint (t->end, ==, want[i].end);
      g_assert_cmpuint (t->project_position, ==, i);
      /* No audio dropped: the track's audio fits before its end */
      g_assert_cmpuint (t->start * 588 + t->samples, <=, t->end * 588);
      g_assert_cmpuint (t->end * 588 - (t->start * 588 + t->samples), <, 588);
    }
  g_assert_cmpuint (layout->leadout, ==, leadout);
  /* By hand: track 1's audio ends at 88,200 + 220,600 = 308,800 (frame
   * 525.17: padded to 526); 1 s later is sample 352,900, frame 600.17:
   * track 2 starts at 600, 100 samples early; its audio ends at 530,200
   * (901.70): track 3, without a gap, starts at 902, 176 samples late. */
  g_assert_cmpuint (layout->tracks[1].pregap, ==, 526);
  g_assert_cmpuint (layout->tracks[1].start, ==, 600);
  g_assert_cmpuint (layout->tracks[2].pregap, ==, 902);
  g_assert_cmpuint (layout->tracks[2].start, ==, 902);
  g_assert_cmpint (want[1].gap_change, ==, -100);
  g_assert_cmpint (want[2].gap_change, ==, 176);
  g_assert_cmpuint (layout->notes->len, ==, 2);
  g_assert_true (has_note (layout, "Track 2", "-100 samples"));
  g_assert_true (has_note (layout, "Track 3", "+176 samples"));
  lq_test_rmdir (dir);
}

static void
test_first_track_and_rate (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint64 frames[] = { 5 * 48000 + 7, 5 * 44100 };
  const guint rates[] = { 48000, 44100 };
  g_autoptr(LqProject) project = lq_test_cd_project (dir, 2, frames, rates);
  g_autoptr(GError) error = NULL;
  LqCdLayout *layout;

  /* Resampled to 44.1 kHz: the trimmed length times the rate ratio, to the nearest sample */
  lq_test_cd_set_track (project, 1, "gap=3.5");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->tracks[0].samples, ==, (guint64) floor (frames[0] * 44100.0 / 48000.0 + 0.5));
  /* 3.5 s is 262.5 frames: the nearest (halves up) is 263, 294 samples later */
  g_assert_cmpuint (layout->tracks[0].pregap, ==, 0);
  g_assert_cmpuint (layout->tracks[0].start, ==, 263);
  g_assert_true (has_note (layout, "Track 1", "+294 samples"));
  lq_cd_layout_free (layout);

  /* A gap shorter than 2 s: the disc's 2 s pregap, and a note */
  lq_test_cd_set_track (project, 1, "gap=1");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->tracks[0].start, ==, 150);
  g_assert_true (has_note (layout, "Track 1", "2 s pregap"));
  lq_cd_layout_free (layout);

  /* No gap: 2 s, no note for track 1 (track 2 has one: track 1's
   * 220,506 samples end mid-frame) */
  lq_test_cd_set_track (project, 1, "gap=0");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->tracks[0].start, ==, 150);
  g_assert_false (has_note (layout, "Track 1", NULL));
  g_assert_true (has_note (layout, "Track 2", NULL));
  lq_cd_layout_free (layout);
  lq_test_rmdir (dir);
}

static void
test_text_and_codes (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint64 frames[] = { 5 * 44100, 5 * 44100 };
  g_autoptr(LqProject) project = lq_test_cd_project (dir, 2, frames, NULL);
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  lq_test_cd_set_album (project, "title=Disc Title");
  lq_test_cd_set_album (project, "artist=Album Artist");
  lq_test_cd_set_album (project, "songwriter=Album Writer");
  lq_test_cd_set_album (project, "arranger=Album Arranger");
  lq_test_cd_set_album (project, "message=Hello");
  lq_test_cd_set_album (project, "upc=036000291452");
  lq_test_cd_set_album (project, "cd-copy=true");
  lq_test_cd_set_track (project, 1, "title=One");
  lq_test_cd_set_track (project, 1, "isrc=US-ABC-24-00001");
  lq_test_cd_set_track (project, 2, "title=Two");
  lq_test_cd_set_track (project, 2, "artist=Guest");
  lq_test_cd_set_track (project, 2, "songwriter=Writer Two");
  lq_test_cd_set_track (project, 2, "composer=Composer Two");

  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (layout->text.title, ==, "Disc Title");
  g_assert_cmpstr (layout->text.performer, ==, "Album Artist");
  g_assert_cmpstr (layout->text.songwriter, ==, "Album Writer");
  g_assert_cmpstr (layout->text.arranger, ==, "Album Arranger");
  g_assert_cmpstr (layout->text.message, ==, "Hello");
  g_assert_null (layout->text.composer);
  /* A 12-digit UPC-A with a leading 0 */
  g_assert_cmpstr (layout->catalog, ==, "0036000291452");
  g_assert_cmpstr (layout->tracks[0].text.title, ==, "One");
  g_assert_cmpstr (layout->tracks[0].text.performer, ==, "Album Artist");
  g_assert_null (layout->tracks[0].text.songwriter);
  g_assert_cmpstr (layout->tracks[0].isrc, ==, "USABC2400001");
  g_assert_cmpstr (layout->tracks[1].text.performer, ==, "Guest");
  g_assert_cmpstr (layout->tracks[1].text.songwriter, ==, "Writer Two");
  g_assert_cmpstr (layout->tracks[1].text.composer, ==, "Composer Two");
  g_assert_null (layout->tracks[1].isrc);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (layout->tracks[i].copy_permitted);
      g_assert_false (layout->tracks[i].pre_emphasis);
    }
  lq_test_rmdir (dir);
}

static void
test_indexes (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  const guint64 frames[] = { 5 * 44100, 6 * 44100 };
  g_autoptr(LqProject) project = lq_test_cd_project (dir, 2, frames, NULL);
  g_autoptr(GError) error = NULL;
  LqCdLayout *layout;
  const LqCdTrack *t;

  lq_test_cd_set_track (project, 2, "cd-indexes=1, 2.5");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_no_error (error);
  t = &layout->tracks[1];
  g_assert_cmpuint (t->n_indexes, ==, 2);
  g_assert_cmpuint (t->indexes[0], ==, t->start + 75);
  /* 2.5 s is 187.5 frames: 188, 294 samples later */
  g_assert_cmpuint (t->indexes[1], ==, t->start + 188);
  g_assert_true (has_note (layout, "Track 2", "index point 3"));
  g_assert_false (has_note (layout, "index point 2", NULL));
  lq_cd_layout_free (layout);

  /* Outside the track: refused, naming the track */
  lq_test_cd_set_track (project, 2, "cd-indexes=1 7");
  layout = lq_cd_layout_new_from_project (project, &error);
  g_assert_null (layout);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "Track 2"));
  g_assert_nonnull (strstr (error->message, "7 s"));
  lq_test_rmdir (dir);
}

static void
assert_index_field (const char *value, const char *normal)
{
  const LqField *field = lq_project_fields_lookup (FALSE, "cd-indexes");
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  gboolean ok = lq_field_parse (field, value, &v, &error);

  if (normal == NULL)
    {
      g_assert_false (ok);
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "cd-indexes: "));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpstr (g_value_get_string (&v), ==, normal);
    }
}

static void
test_fields (void)
{
  const LqField *copy = lq_project_fields_lookup (TRUE, "cd-copy");
  g_auto(GValue) v = G_VALUE_INIT;

  assert_index_field ("1,2.50", "1 2.5");
  assert_index_field ("  12.5   61 ", "12.5 61");
  assert_index_field ("2 1", NULL);
  assert_index_field ("1 1", NULL);
  assert_index_field ("0", NULL);
  assert_index_field ("-3", NULL);
  assert_index_field ("abc", NULL);
  g_assert_nonnull (lq_project_fields_lookup (TRUE, "songwriter"));
  g_assert_nonnull (lq_project_fields_lookup (TRUE, "arranger"));
  g_assert_nonnull (lq_project_fields_lookup (TRUE, "message"));
  g_assert_nonnull (lq_project_fields_lookup (FALSE, "songwriter"));
  /* The copy flag is off unless set */
  g_assert_nonnull (copy);
  g_assert_true (lq_field_parse (copy, "false", &v, NULL));
  g_assert_true (lq_field_is_default (copy, &v));
}

/* A project of format 9 (what format 10 added dropped) opens, is migrated
 * and has the new fields, with their defaults, and they can be set. */
static void
test_migrate_v9 (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  const guint64 frames[] = { 5 * 44100 };
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_test_cd_project (dir, 1, frames, NULL);
  const GValue *v;

  lq_test_cd_set_track (p, 1, "title=Kept");
  g_object_unref (p);
  sql_file (path,
            "ALTER TABLE album DROP COLUMN songwriter;"
            "ALTER TABLE album DROP COLUMN arranger;"
            "ALTER TABLE album DROP COLUMN message;"
            "ALTER TABLE album DROP COLUMN cd_copy;"
            "ALTER TABLE track DROP COLUMN songwriter;"
            "ALTER TABLE track DROP COLUMN cd_indexes;"
            /* and what later formats added */
            "DROP TABLE cover;"
            "ALTER TABLE album DROP COLUMN cover_id;"
            "PRAGMA user_version = 9;");
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 9);

  p = lq_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (LQ_PROJECT_FORMAT_VERSION, >=, 10);
  g_assert_cmpint (sql_int (path, "SELECT cd_copy FROM album"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track WHERE songwriter = '' AND cd_indexes IS NULL"),
                   ==, 1);
  v = lq_project_get_album_value (p, lq_project_fields_lookup (TRUE, "cd-copy"));
  g_assert_true (G_VALUE_HOLDS_BOOLEAN (v) && !g_value_get_boolean (v));
  g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 1)), ==, "Kept");
  lq_test_cd_set_track (p, 1, "songwriter=Someone");
  lq_test_cd_set_track (p, 1, "cd-indexes=2");
  lq_test_cd_set_album (p, "cd-copy=yes");
  g_object_unref (p);
  g_assert_cmpint (sql_int (path, "SELECT cd_copy FROM album"), ==, 1);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM track WHERE songwriter = 'Someone' AND cd_indexes = '2'"),
                   ==, 1);
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cd-layout/positions", test_positions);
  g_test_add_func ("/cd-layout/first-track-and-rate", test_first_track_and_rate);
  g_test_add_func ("/cd-layout/text-and-codes", test_text_and_codes);
  g_test_add_func ("/cd-layout/indexes", test_indexes);
  g_test_add_func ("/cd-layout/fields", test_fields);
  g_test_add_func ("/cd-layout/migrate-v9", test_migrate_v9);
  return g_test_run ();
}

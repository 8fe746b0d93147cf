/* test-project-edits.c: the album project's edits, as a user makes them.
 *
 * Create, open and close; every edit kind with its undo and redo; values
 * that must be refused, leaving the project as it was.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "test-project-common.h"

/* Create, open, close ------------------------------------------------------ */

static void
test_create_open_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p, *q;
  g_autofree char *sum = NULL;
  g_autofree char *title = NULL;
  gboolean can_undo = TRUE, read_only = TRUE;

  p = lq_project_create (f->project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_true (g_file_test (f->project, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (lq_project_get_path (p), ==, f->project);
  g_assert_false (lq_project_get_read_only (p));
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lq_project_get_tracks (p)), ==, 0);
  g_assert_true (g_list_model_get_item_type (lq_project_get_tracks (p)) == LQ_TYPE_TRACK);
  g_assert_null (lq_project_get_track (p, 1));
  g_assert_false (lq_project_can_undo (p));
  g_assert_false (lq_project_can_redo (p));
  g_assert_null (lq_project_get_undo_label (p));
  g_object_get (p, "can-undo", &can_undo, "read-only", &read_only, "title", &title, NULL);
  g_assert_false (can_undo);
  g_assert_false (read_only);
  g_assert_cmpstr (title, ==, "");

  /* The file identifies itself before anything else parses it. */
  g_assert_cmpint (sql_int (f->project, "PRAGMA application_id"), ==, LQ_PROJECT_APPLICATION_ID);
  g_assert_cmpint (sql_int (f->project, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);

  /* Never replaces an existing file, project or not. */
  sum = lq_test_checksum (f->project);
  g_assert_null (lq_project_create (f->project, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  assert_contains (error->message, f->project);
  g_clear_error (&error);
  {
    g_autofree char *now = lq_test_checksum (f->project);
    g_assert_cmpstr (now, ==, sum);
  }
  g_assert_null (lq_project_create (f->sources[0], &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_clear_error (&error);

  set_album_ok (p, "title=Album");
  close_project (p);

  p = open_ok (f->project, FALSE);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);
  g_clear_pointer (&title, g_free);
  title = format_album (p, "title");
  g_assert_cmpstr (title, ==, "Album");
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Title");
  close_project (p);

  q = open_ok (f->project, TRUE);
  g_assert_true (lq_project_get_read_only (q));
  close_project (q);

  /* A missing file, and a folder. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "nope.lacquer", NULL);

    g_assert_null (lq_project_open (missing, FALSE, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    assert_contains (error->message, missing);
    g_clear_error (&error);
    g_assert_null (lq_project_open (f->dir, TRUE, &error));
    g_assert_nonnull (error);
    assert_contains (error->message, f->dir);
    g_clear_error (&error);
  }
}

/* Every edit kind, each undone and redone --------------------------------- */

/* Runs undo then redo and checks both land on the expected snapshots. */
static void
check_undo_redo (LqProject *p, const char *before, const char *after, const char *label)
{
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  assert_snapshot (p, after);
  undo_ok (p);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_redo_label (p), ==, label);
  redo_ok (p);
  assert_snapshot (p, after);
  g_assert_false (lq_project_can_redo (p));
}

static void
test_every_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_create (f->project, &error);
  static const struct
  {
    const char *assignment;
    const char *stored;
    const char *label;
  } album_edits[] = {
    { "title=  Night Drives ", "Night Drives", "Set Album Title" },
    { "artist=The Lacquers", "The Lacquers", "Set Album Artist" },
    { "year=2021", "2021", "Set Album Year" },
    { "genre=Synthpop", "Synthpop", "Set Album Genre" },
    { "upc=0-36000-29145-2", "036000291452", "Set Album UPC/EAN" },
    { "catalogue=LQ-001", "LQ-001", "Set Album Catalogue Number" },
    { "comment=Ünïcode ✓ and 'quotes'; DROP TABLE track; --", "Ünïcode ✓ and 'quotes'; DROP TABLE track; --",
      "Set Album Comment" },
    { "target=Spotify", "spotify", "Set Album Delivery Target" },
    { "target=-14", "-14", "Set Album Delivery Target" },
    { "year=", "", "Set Album Year" },
    { "upc=", "", "Set Album UPC/EAN" },
  };
  static const struct
  {
    const char *assignment;
    const char *key;
    const char *stored;
  } track_edits[] = {
    { "title=Intro", "title", "Intro" },
    { "artist=Someone", "artist", "Someone" },
    { "composer=Somebody Else", "composer", "Somebody Else" },
    { "isrc=gb-abc-21-00001", "isrc", "GBABC2100001" },
    { "gap=0.5", "gap", "0.5" },
    { "trim-in=0.25", "trim-in", "0.25" },
    { "trim-out=0.125", "trim-out", "0.125" },
    { "fade-in=0.25", "fade-in", "0.25" },
    { "fade-in-shape=SCurve", "fade-in-shape", "scurve" },
    { "fade-out=0.25", "fade-out", "0.25" },
    { "fade-out-shape=log", "fade-out-shape", "log" },
    { "gain=-3.5", "gain", "-3.5" },
    { "input_trim=2", "input-trim", "2" },
    { "bypass=yes", "bypass", "true" },
    { "isrc=", "isrc", "" },
  };

  g_assert_no_error (error);

  /* Album fields. */
  for (guint i = 0; i < G_N_ELEMENTS (album_edits); i++)
    {
      g_autofree char *before = snapshot (p);
      g_autofree char *after = NULL;
      g_autofree char *key = g_strndup (album_edits[i].assignment,
                                        strchr (album_edits[i].assignment, '=') - album_edits[i].assignment);
      g_autofree char *value = NULL;

      set_album_ok (p, album_edits[i].assignment);
      value = format_album (p, key);
      g_assert_cmpstr (value, ==, album_edits[i].stored);
      after = snapshot (p);
      check_undo_redo (p, before, after, album_edits[i].label);
    }
  /* The int64 year property follows the field. */
  set_album_ok (p, "year=1999");
  {
    gint64 year = 0;
    g_object_get (p, "year", &year, NULL);
    g_assert_cmpint (year, ==, 1999);
  }
  /* Several fields at once are one step. */
  {
    const char *both[] = { "genre=Ambient", "catalogue=LQ-002", NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_set_album (p, both, &error));
    g_assert_no_error (error);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Edit Album");
  }
  /* An edit that changes nothing is no step. */
  {
    const char *label = "Edit Album";
    set_album_ok (p, "genre=Ambient");
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  }

  /* Add: at the end, then before track 1. */
  {
    const char *two[] = { f->sources[0], f->sources[1], NULL };
    const char *one[] = { f->sources[2], NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    add_ok (p, two, 0);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Add 2 Tracks");

    g_clear_pointer (&before, g_free);
    g_clear_pointer (&after, g_free);
    before = snapshot (p);
    add_ok (p, one, 1);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Add 1 Track");
  }
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 3);
  {
    LqTrack *t = lq_project_get_track (p, 1);
    g_autofree char *gap1 = format_track (p, 1, "gap");
    g_autofree char *gap2 = format_track (p, 2, "gap");
    g_autofree char *title = format_track (p, 1, "title");

    g_assert_cmpstr (lq_track_get_source (t), ==, "audio/03.wav");
    g_assert_cmpstr (lq_track_get_path (t), ==, f->sources[2]);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, f->sums[2]);
    g_assert_cmpfloat_with_epsilon (lq_track_get_duration (t), 1.0, 1e-9);
    g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
    g_assert_cmpstr (title, ==, "Song 3");
    g_assert_cmpstr (lq_track_get_display_name (t), ==, "Song 3");
    /* Red Book: 2 s before a track added first; a track keeps its gap when
     * another is added before it. */
    g_assert_cmpstr (gap1, ==, "2");
    g_assert_cmpstr (gap2, ==, "2");
    {
      g_autofree char *gap3 = format_track (p, 3, "gap");
      g_assert_cmpstr (gap3, ==, "0");
    }
    g_assert_cmpuint (lq_track_get_position (lq_project_get_track (p, 3)), ==, 3);
  }

  /* Every track field, on track 2. */
  for (guint i = 0; i < G_N_ELEMENTS (track_edits); i++)
    {
      g_autofree char *before = snapshot (p);
      g_autofree char *after = NULL;
      g_autofree char *value = NULL;
      const LqField *field = lq_project_fields_lookup (FALSE, track_edits[i].key);
      g_autofree char *label = g_strdup_printf ("Set %s of Track 2", field->label);

      set_track_ok (p, 2, track_edits[i].assignment);
      value = format_track (p, 2, track_edits[i].key);
      g_assert_cmpstr (value, ==, track_edits[i].stored);
      after = snapshot (p);
      check_undo_redo (p, before, after, label);
    }
  {
    const char *both[] = { "title=", "artist=X", NULL };
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_set_track (p, 2, both, &error));
    g_assert_no_error (error);
    /* Without a title, the file name names the track. */
    g_assert_cmpstr (lq_track_get_display_name (lq_project_get_track (p, 2)), ==, "01");
    after = snapshot (p);
    check_undo_redo (p, before, after, "Edit Track 2");
  }

  /* Move both ways; the objects keep their identity. */
  {
    LqTrack *first = lq_project_get_track (p, 1);
    g_autofree char *before = snapshot (p), *after = NULL;

    g_assert_true (lq_project_move_track (p, 1, 3, &error));
    g_assert_no_error (error);
    g_assert_true (lq_project_get_track (p, 3) == first);
    g_assert_cmpuint (lq_track_get_position (first), ==, 3);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Move Track 1 to 3");

    g_clear_pointer (&before, g_free);
    g_clear_pointer (&after, g_free);
    before = snapshot (p);
    g_assert_true (lq_project_move_track (p, 3, 2, &error));
    g_assert_no_error (error);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Move Track 3 to 2");

    /* Moving a track onto itself is no step. */
    g_assert_true (lq_project_move_track (p, 2, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Move Track 3 to 2");
  }

  /* Remove the middle track, with its processing row. */
  {
    g_autofree char *before = snapshot (p), *after = NULL;

    set_track_ok (p, 2, "input-trim=-6");
    g_clear_pointer (&before, g_free);
    before = snapshot (p);
    g_assert_true (lq_project_remove_track (p, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 2);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Remove Track 2");
    undo_ok (p);
    {
      g_autofree char *trim = format_track (p, 2, "input-trim");
      g_assert_cmpstr (trim, ==, "-6");
    }
    /* The restored track takes edits to every table again. */
    set_track_ok (p, 2, "bypass=true");
    {
      g_autofree char *bypass = format_track (p, 2, "bypass");
      g_assert_cmpstr (bypass, ==, "true");
    }
  }

  /* Relink to a copy elsewhere, then to other audio. */
  {
    g_autofree char *other_dir = g_build_filename (f->dir, "elsewhere", NULL);
    g_autofree char *copy = g_build_filename (other_dir, "copy.wav", NULL);
    g_autofree char *before = NULL, *after = NULL;
    LqTrack *t = lq_project_get_track (p, 1);
    g_autofree char *old_source = g_strdup (lq_track_get_source (t));
    g_autofree char *old_fp = g_strdup (lq_track_get_fingerprint (t));

    g_assert_cmpint (g_mkdir (other_dir, 0755), ==, 0);
    copy_file (lq_track_get_path (t), copy);
    before = snapshot (p);
    g_assert_true (lq_project_relink (p, 1, copy, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_track_get_source (t), ==, "elsewhere/copy.wav");
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, old_fp);
    after = snapshot (p);
    check_undo_redo (p, before, after, "Relink Track 1");
    undo_ok (p);
    g_assert_cmpstr (lq_track_get_source (t), ==, old_source);

    g_assert_true (lq_project_relink (p, 1, f->sources[3], &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, f->sums[3]);
    undo_ok (p);
    g_assert_cmpstr (lq_track_get_fingerprint (t), ==, old_fp);

    /* A source that moved away is missing, and found again by content. */
    g_assert_true (lq_project_relink (p, 1, copy, &error));
    g_assert_no_error (error);
    {
      g_autofree char *moved = g_build_filename (f->dir, "moved", NULL);
      g_autofree char *target = g_build_filename (moved, "deep", NULL);
      g_autofree char *renamed = g_build_filename (target, "renamed.wav", NULL);

      g_assert_cmpint (g_mkdir_with_parents (target, 0755), ==, 0);
      g_assert_cmpint (g_rename (copy, renamed), ==, 0);
      set_album_ok (p, "comment=reload");   /* an edit leaves other tracks' sources alone */
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
      g_assert_true (lq_project_check_sources (p, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_MISSING);
      g_assert_cmpint (lq_project_relink_search (p, moved, NULL, &error), ==, 1);
      g_assert_no_error (error);
      g_assert_cmpint (lq_track_get_status (t), ==, LQ_TRACK_STATUS_OK);
      g_assert_cmpstr (lq_track_get_source (t), ==, "moved/deep/renamed.wav");
    }
  }

  /* Undo labels survive closing. */
  {
    g_autofree char *state = snapshot (p);
    g_autofree char *label = g_strdup (lq_project_get_undo_label (p));

    close_project (p);
    p = open_ok (f->project, FALSE);
    assert_snapshot (p, state);
    g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  }
  close_project (p);
}

/* Invalid values ---------------------------------------------------------- */

static void
test_invalid_values (Fixture *f, gconstpointer data)
{
  static const struct
  {
    gboolean album;
    const char *assignments[3];
    const char *says;
  } cases[] = {
    { TRUE, { "year=abc" }, "give a whole number from 1000 to 9999, or nothing" },
    { TRUE, { "year=12345" }, "from 1000 to 9999" },
    { TRUE, { "year=2000.5" }, "from 1000 to 9999" },
    { TRUE, { "upc=12345" }, "give 12 (UPC-A) or 13 (EAN-13) digits" },
    { TRUE, { "upc=036000291453" }, "check digit (it should end in 2)" },
    { TRUE, { "target=loud" }, "choose one of spotify, apple" },
    { TRUE, { "target=3" }, "a loudness in LUFS from -40 to 0" },
    { TRUE, { "colour=red" }, "album keys are: title, artist, year" },
    { TRUE, { "title" }, "is not key=value" },
    { TRUE, { "title=\xff\xfe" }, "not valid UTF-8" },
    { TRUE, { "title=ok", "year=0" }, "from 1000 to 9999" },
    { TRUE, { NULL }, "give key=value" },
    { FALSE, { "isrc=12" }, "CC-XXX-YY-NNNNN" },
    { FALSE, { "gap=-1" }, "give a number from 0 to 600" },
    { FALSE, { "gain=30" }, "from -48 to 24" },
    { FALSE, { "gain=nan" }, "from -48 to 24" },
    { FALSE, { "gain=inf" }, "from -48 to 24" },
    { FALSE, { "gain=" }, "from -48 to 24" },
    { FALSE, { "input-trim=25" }, "from -24 to 24" },
    { FALSE, { "fade-in-shape=cubic" }, "choose one of: linear, log, scurve" },
    { FALSE, { "bypass=maybe" }, "give true or false" },
    { FALSE, { "tempo=120" }, "track keys are: title, artist, composer" },
    { FALSE, { "trim-in=0.6", "trim-out=0.6" }, "must leave at least 0.1 s of the 1.00 s track" },
    { FALSE, { "fade-in=0.6", "fade-out=0.6" }, "longer than the trimmed track" },
    { FALSE, { "title=changed", "gain=99" }, "from -48 to 24" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *notes = g_build_filename (f->dir, "notes.wav", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  LqProject *p;

  make_project (f, f->project);
  p = open_ok (f->project, FALSE);
  set_track_ok (p, 1, "trim-in=0.5");
  before = snapshot (p);
  label = g_strdup (lq_project_get_undo_label (p));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = cases[i].album
        ? lq_project_set_album (p, cases[i].assignments, &error)
        : lq_project_set_track (p, 2, cases[i].assignments, &error);

      g_assert_false (ok);
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      assert_contains (error->message, cases[i].says);
      g_clear_error (&error);
      assert_snapshot (p, before);
      g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
    }
  /* A trim that leaves too little of the track already trimmed. */
  {
    const char *a[] = { "trim-out=0.45", NULL };
    g_assert_false (lq_project_set_track (p, 1, a, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "trim-in plus trim-out (0.95 s)");
    g_clear_error (&error);
  }

  /* Positions out of range say which ones exist. */
  {
    const char *a[] = { "title=x", NULL };
    const char *paths[] = { f->sources[0], NULL };

    g_assert_false (lq_project_set_track (p, 0, a, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_set_track (p, 5, a, &error));
    assert_contains (error->message, "There is no track 5: the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_move_track (p, 1, 9, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "the album has tracks 1 to 4");
    g_clear_error (&error);
    g_assert_false (lq_project_move_track (p, 0, 1, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_remove_track (p, 9, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, paths, 9, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    assert_contains (error->message, "positions 1 to 5");
    g_clear_error (&error);
    g_assert_false (lq_project_relink (p, 7, f->sources[0], &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
  }

  /* Files that are not audio: nothing of the batch is added. */
  g_assert_true (g_file_set_contents (notes, "not audio\n", -1, NULL));
  {
    const char *bad[] = { f->sources[0], notes, NULL };
    const char *gone[] = { missing, NULL };
    const char *folder[] = { f->dir, NULL };

    g_assert_false (lq_project_add_files (p, bad, 0, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
    assert_contains (error->message, notes);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, gone, 0, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    assert_contains (error->message, missing);
    g_clear_error (&error);
    g_assert_false (lq_project_add_files (p, folder, 0, NULL, &error));
    g_assert_nonnull (error);
    assert_contains (error->message, f->dir);
    g_clear_error (&error);
    g_assert_false (lq_project_relink (p, 1, notes, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
    g_clear_error (&error);
    g_assert_cmpint (lq_project_relink_search (p, missing, NULL, &error), ==, -1);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Nothing to redo here. */
  g_assert_false (lq_project_redo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
}


int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/create-open-close", Fixture, NULL, fixture_setup, test_create_open_close, fixture_teardown);
  g_test_add ("/project/every-edit", Fixture, NULL, fixture_setup, test_every_edit, fixture_teardown);
  g_test_add ("/project/invalid-values", Fixture, NULL, fixture_setup, test_invalid_values, fixture_teardown);

  return g_test_run ();
}

/* test-project-crash.c: a writer killed with SIGKILL at random moments loses no
 * acknowledged edit and never damages the project.
 *
 * The test runs itself as the writer (`test-project-crash --child PATH DONE`):
 * it opens the project and makes edit DONE+1, DONE+2, ... printing each
 * number once the call has returned TRUE. Edit k is a pure function of k
 * (move, set the album comment to k, set track 1's title to k, undo, redo),
 * so the parent can compute the state after any number of edits. After each
 * kill the parent opens the project (which recovers the WAL), checks the file
 * with PRAGMA integrity_check, and finds the project in the state after the
 * last acknowledged edit, or after the one the child was making when killed.
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define N_TRACKS 3

static const char *self_exe;

/* The edits ------------------------------------------------------------------- */

typedef enum
{
  EDIT_MOVE,      /* track 1 to N_TRACKS */
  EDIT_COMMENT,   /* album comment = k */
  EDIT_TITLE,     /* title of track 1 = "t<k>" */
  EDIT_UNDO,      /* reverts the title */
  EDIT_REDO,      /* and sets it again */
} EditKind;

static EditKind
edit_kind (guint k)
{
  return (EditKind) (k % 5 == 0 ? EDIT_MOVE : k % 5 - 1 + EDIT_COMMENT);
}

static gboolean
apply_edit (LqProject *p, guint k, GError **error)
{
  g_autofree char *assignment = NULL;

  switch (edit_kind (k))
    {
    case EDIT_MOVE:
      return lq_project_move_track (p, 1, N_TRACKS, error);
    case EDIT_COMMENT:
      assignment = g_strdup_printf ("comment=%u", k);
      return lq_project_set_album (p, (const char *[]) { assignment, NULL }, error);
    case EDIT_TITLE:
      assignment = g_strdup_printf ("title=t%u", k);
      return lq_project_set_track (p, 1, (const char *[]) { assignment, NULL }, error);
    case EDIT_UNDO:
      return lq_project_undo (p, error);
    case EDIT_REDO:
      return lq_project_redo (p, error);
    }
  g_assert_not_reached ();
}

/* The state after @k edits, and the undo and redo labels, as text. */
typedef struct
{
  guint order[N_TRACKS];   /* source index at each position */
  guint comment;           /* 0: unset */
  guint title[N_TRACKS];   /* per source; 0: its tag's title */
} State;

static char *
expected_state (guint k)
{
  g_autofree State *states = g_new0 (State, k + 1);
  g_autoptr(GPtrArray) undo = g_ptr_array_new ();
  g_autoptr(GPtrArray) redo = g_ptr_array_new ();
  GString *s = g_string_new (NULL);
  State *st;

  for (guint i = 0; i < N_TRACKS; i++)
    states[0].order[i] = i;
  g_ptr_array_add (undo, "Add 3 Tracks");
  for (guint j = 1; j <= k; j++)
    {
      states[j] = states[j - 1];
      switch (edit_kind (j))
        {
        case EDIT_MOVE:
          {
            guint first = states[j].order[0];
            memmove (states[j].order, states[j].order + 1, (N_TRACKS - 1) * sizeof (guint));
            states[j].order[N_TRACKS - 1] = first;
            g_ptr_array_add (undo, "Move Track 1 to 3");
            g_ptr_array_set_size (redo, 0);
          }
          break;
        case EDIT_COMMENT:
          states[j].comment = j;
          g_ptr_array_add (undo, "Set Album Comment");
          g_ptr_array_set_size (redo, 0);
          break;
        case EDIT_TITLE:
          states[j].title[states[j].order[0]] = j;
          g_ptr_array_add (undo, "Set Title of Track 1");
          g_ptr_array_set_size (redo, 0);
          break;
        case EDIT_UNDO:
          /* Edit j-1 set a title: back to the state before it. */
          states[j] = states[j - 2];
          g_ptr_array_add (redo, g_ptr_array_steal_index (undo, undo->len - 1));
          break;
        case EDIT_REDO:
          states[j] = states[j - 2];
          g_ptr_array_add (undo, g_ptr_array_steal_index (redo, redo->len - 1));
          break;
        }
    }

  st = &states[k];
  g_string_append (s, "order");
  for (guint i = 0; i < N_TRACKS; i++)
    g_string_append_printf (s, " %u", st->order[i] + 1);
  if (st->comment > 0)
    g_string_append_printf (s, "; comment %u", st->comment);
  else
    g_string_append (s, "; comment ");
  g_string_append (s, "; titles");
  for (guint i = 0; i < N_TRACKS; i++)
    {
      guint src = st->order[i];
      if (st->title[src] > 0)
        g_string_append_printf (s, " t%u", st->title[src]);
      else
        g_string_append_printf (s, " Song %u", src + 1);
    }
  g_string_append_printf (s, "; undo %s; redo %s",
                          undo->len > 0 ? (const char *) g_ptr_array_index (undo, undo->len - 1) : "-",
                          redo->len > 0 ? (const char *) g_ptr_array_index (redo, redo->len - 1) : "-");
  return g_string_free (s, FALSE);
}

static char *
actual_state (LqProject *p)
{
  const LqField *comment = lq_project_fields_lookup (TRUE, "comment");
  const LqField *title = lq_project_fields_lookup (FALSE, "title");
  g_autofree char *c = lq_field_format (comment, lq_project_get_album_value (p, comment));
  GString *s = g_string_new ("order");

  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, N_TRACKS);
  for (guint i = 1; i <= N_TRACKS; i++)
    {
      const char *source = lq_track_get_source (lq_project_get_track (p, i));
      g_assert_true (g_str_has_prefix (source, "audio/0") && g_str_has_suffix (source, ".wav"));
      g_string_append_printf (s, " %c", source[strlen ("audio/0")]);
    }
  g_string_append_printf (s, "; comment %s; titles", c);
  for (guint i = 1; i <= N_TRACKS; i++)
    {
      g_autofree char *t = lq_field_format (title, lq_track_get_value (lq_project_get_track (p, i), title));
      g_string_append_printf (s, " %s", t);
    }
  g_string_append_printf (s, "; undo %s; redo %s",
                          lq_project_get_undo_label (p) != NULL ? lq_project_get_undo_label (p) : "-",
                          lq_project_get_redo_label (p) != NULL ? lq_project_get_redo_label (p) : "-");
  return g_string_free (s, FALSE);
}

/* The child -------------------------------------------------------------------- */

static int
child_main (const char *path, const char *done_text)
{
  g_autoptr(GError) error = NULL;
  guint done = (guint) g_ascii_strtoull (done_text, NULL, 10);
  LqProject *p;

  alarm (30);   /* never outlive a parent that died */
  p = lq_project_open (path, FALSE, &error);
  if (p == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);
  for (guint k = done + 1; k < done + 100000; k++)
    {
      if (!apply_edit (p, k, &error))
        {
          g_printerr ("child: edit %u: %s\n", k, error->message);
          return 1;
        }
      printf ("%u\n", k);
      fflush (stdout);
    }
  g_object_unref (p);
  return 0;
}

/* The parent ------------------------------------------------------------------- */

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_sigkill (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *audio = g_build_filename (dir, "audio", NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234567);
  g_autoptr(GError) error = NULL;
  char *sources[N_TRACKS + 1] = { NULL };
  char *sums[N_TRACKS];
  const guint rounds = g_test_slow () ? 500 : 150;
  guint done = 0, in_flight = 0, during_open = 0;
  gint64 start = g_get_monotonic_time ();
  LqProject *p;

  g_assert_cmpint (g_mkdir (audio, 0755), ==, 0);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("0%u.wav", i + 1);
      g_autofree char *title = g_strdup_printf ("Song %u", i + 1);
      double level = -20.0;

      sources[i] = g_build_filename (audio, name, NULL);
      lq_test_write (sources[i], SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 4000, lq_test_sine_1k, &level, title);
      sums[i] = lq_test_checksum (sources[i]);
    }
  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, (const char *const *) sources, 0, NULL, &error));
  g_assert_no_error (error);
  /* Adding the tracks is a step of its own, below every edit the children make. */
  g_object_unref (p);

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *done_text = g_strdup_printf ("%u", done);
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                       self_exe, "--child", path, done_text, NULL);
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *now = NULL;
      g_autofree char *if_acked = NULL;
      g_autofree char *if_next = NULL;
      gboolean ready = FALSE;
      guint acked = done;
      char *line;

      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* One round in five kills it while it may still be opening. */
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_usleep (g_rand_int_range (rand, 0, 15000));
      else
        {
          line = g_data_input_stream_read_line (out, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (line, ==, "ready");
          g_free (line);
          ready = TRUE;
          /* At least one acknowledged edit, however loaded the machine:
           * the kill then lands among edits, not before them. */
          line = g_data_input_stream_read_line (out, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (line);
          g_assert_cmpuint ((guint) g_ascii_strtoull (line, NULL, 10), ==, acked + 1);
          acked++;
          g_free (line);
          g_usleep (g_rand_int_range (rand, 0, 25000));
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);
      if (!g_subprocess_get_if_signaled (child))
        g_error ("round %u: the child exited (status %d) before it was killed", round,
                 g_subprocess_get_exit_status (child));

      /* Every line it printed is an edit the model acknowledged. */
      while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
        {
          if (g_str_equal (line, "ready"))
            ready = TRUE;
          else
            {
              guint k = (guint) g_ascii_strtoull (line, NULL, 10);

              g_assert_cmpuint (k, ==, acked + 1);
              acked = k;
            }
          g_free (line);
        }
      g_assert_no_error (error);
      if (!ready)
        during_open++;

      /* The lock died with the child; opening recovers the WAL. */
      p = lq_project_open (path, FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (p);
      assert_integrity (path);

      now = actual_state (p);
      if_acked = expected_state (acked);
      if_next = expected_state (acked + 1);
      if (g_str_equal (now, if_acked))
        done = acked;
      else if (g_str_equal (now, if_next))
        {
          done = acked + 1;   /* committed, killed before it could say so */
          in_flight++;
        }
      else
        g_error ("round %u: after %u acknowledged edits the project is\n  %s\nnot\n  %s\nor\n  %s",
                 round, acked, now, if_acked, if_next);
      g_object_unref (p);
    }

  g_test_message ("%u rounds, %u edits kept, %u committed but unacknowledged, %u killed while opening, %.1f s",
                  rounds, done, in_flight, during_open, (g_get_monotonic_time () - start) / 1e6);
  /* The kills landed among edits, not only before them (four rounds in
   * five wait for an acknowledged edit before killing). */
  g_assert_cmpuint (done, >=, rounds / 2);

  /* A final writer finishes cleanly and its last edit is there. */
  p = lq_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (apply_edit (p, done + 1, &error));
  g_assert_no_error (error);
  g_object_unref (p);
  p = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  {
    g_autofree char *now = actual_state (p);
    g_autofree char *want = expected_state (done + 1);
    g_assert_cmpstr (now, ==, want);
  }
  g_object_unref (p);
  assert_integrity (path);

  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *sum = lq_test_checksum (sources[i]);
      g_assert_cmpstr (sum, ==, sums[i]);
      g_free (sources[i]);
      g_free (sums[i]);
    }
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3]);

  self_exe = exe;
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-crash/sigkill", test_sigkill);
  return g_test_run ();
}

/* test-project-follower.c: `play` follows edits committed to its project.
 *
 * The player's project is open read-only; another connection (as the
 * window or `lacquer-cli set` would) raises the track's gain by 6 dB while
 * the engine plays (lq_engine_process() called directly, as the callback
 * will). After the follower's next poll the output is 6 dB louder within
 * 250 ms of engine time, and the change makes no click: the largest
 * sample-to-sample step stays within what the two steady states make. */
#include <math.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-project-follower.h"
#include "lq-test-audio.h"

/* As in test-engine.c: the chain glides, so a step beyond the sources' own
 * largest by this factor is a click. */
#define STEP_FACTOR 1.5

typedef struct
{
  EtFixture et;
  char *path;
  LqProject *writer;   /* the window's connection */
  LqProject *player;   /* play's, read-only */
} Fixture;

static void
set_track (LqProject *project, const char *assignment)
{
  g_autoptr (GError) error = NULL;
  const char *const assignments[] = { assignment, NULL };

  g_assert_true (lq_project_set_track (project, 1, assignments, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *const paths[] = { NULL, NULL };

  et_fixture_setup (&f->et, data);
  f->path = g_build_filename (f->et.dir, "p.lacquer", NULL);
  f->writer = lq_project_create (f->path, &error);
  g_assert_no_error (error);
  ((const char **) paths)[0] = f->et.track;
  g_assert_true (lq_project_add_files (f->writer, paths, 0, NULL, &error));
  g_assert_no_error (error);
  /* Well below the limiter, before and after the edit; no gap before it. */
  set_track (f->writer, "gain=-12");
  set_track (f->writer, "gap=0");
  f->player = lq_project_open (f->path, TRUE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->player);
  g_clear_object (&f->writer);
  g_free (f->path);
  et_fixture_teardown (&f->et, data);
}

static LqEngine *
load (LqProject *project)
{
  g_autoptr (GError) error = NULL;
  LqEngine *engine = lq_engine_new ();

  g_assert_true (lq_engine_load_track (engine, project, lq_project_get_track (project, 1), &error));
  g_assert_no_error (error);
  return engine;
}

static double
rms (const float *x, gint64 a, gint64 b)
{
  double s = 0.0;

  for (gint64 k = 2 * a; k < 2 * b; k++)
    s += (double) x[k] * x[k];
  return sqrt (s / (double) (2 * (b - a)));
}

static void
test_new_destroy (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = lq_engine_new ();
  LqProjectFollower *follower;

  follower = lq_project_follower_new (f->player, lq_project_get_track (f->player, 1), engine);
  lq_project_follower_start (follower, 0);
  g_assert_cmpuint (lq_project_follower_get_n_updates (follower), ==, 0);
  g_assert_finalize_object (follower);
}

static void
test_gain_edit (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = NULL;
  g_autoptr (LqEngine) steady_engine = NULL;
  g_autoptr (LqEngine) louder_engine = NULL;
  g_autoptr (LqProjectFollower) follower = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *steady = NULL;
  g_autofree float *louder = NULL;
  g_autofree float *heard = NULL;
  gint64 n = 2 * ET_RATE, from = ET_RATE / 2, first = -1, tick;
  guint at = 40;   /* the block before which the follower polls */
  double limit;

  steady_engine = load (f->player);
  et_start (steady_engine, from, ET_BLOCK);
  steady = et_play (steady_engine, n, ET_BLOCK);

  engine = load (f->player);
  follower = lq_project_follower_new (f->player, lq_project_get_track (f->player, 1), engine);
  /* Nothing committed elsewhere yet: a poll changes nothing. */
  g_assert_false (lq_project_follower_poll (follower, &error));
  g_assert_no_error (error);

  et_start (engine, from, ET_BLOCK);
  heard = g_new0 (float, (gsize) n * 2 + ET_BLOCK * 2);
  for (guint b = 0; (gint64) b * ET_BLOCK < n; b++)
    {
      if (b == at - 10)
        set_track (f->writer, "gain=-6");
      if (b == at)
        {
          g_assert_true (lq_project_follower_poll (follower, &error));
          g_assert_no_error (error);
          g_assert_false (lq_project_follower_poll (follower, &error));
        }
      _lq_engine_wait_ready (engine, 3 * ET_BLOCK);
      lq_engine_process (engine, heard + (gsize) b * ET_BLOCK * 2, ET_BLOCK);
    }
  g_assert_cmpuint (lq_project_follower_get_n_updates (follower), ==, 1);
  /* The read-only project read the edit, too. */
  g_assert_cmpfloat (g_value_get_double (lq_track_get_value (lq_project_get_track (f->player, 1),
                                                             lq_project_fields_lookup (FALSE, "gain"))),
                     ==, -6.0);

  louder_engine = load (f->player);
  et_start (louder_engine, from, ET_BLOCK);
  louder = et_play (louder_engine, n, ET_BLOCK);
  limit = STEP_FACTOR * MAX (et_max_step (steady, 0, n), et_max_step (louder, 0, n));

  /* Unchanged up to the poll, then heard within 250 ms ... */
  tick = (gint64) at * ET_BLOCK;
  for (gint64 k = 0; k < n * 2 && first < 0; k++)
    if (heard[k] != steady[k])
      first = k / 2;
  g_assert_cmpint (first, >=, tick);
  g_assert_cmpint (first - tick, <, ET_RATE / 4);
  /* ... and fully there 250 ms after it: 6 dB louder, as the edit says. */
  {
    gint64 a = tick + ET_RATE / 4;
    double ratio = rms (heard, a, a + ET_RATE / 2) / rms (steady, a, a + ET_RATE / 2);

    g_test_message ("level after the edit: %+.3f dB", 20.0 * log10 (ratio));
    g_assert_cmpfloat (fabs (20.0 * log10 (ratio) - 6.0), <, 0.1);
  }
  /* No click. */
  g_test_message ("largest step %.5f, limit %.5f", et_max_step (heard, 0, n), limit);
  g_assert_cmpfloat (et_max_step (heard, 0, n), <=, limit);
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The timeout on the main context polls by itself. */
static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = load (f->player);
  g_autoptr (LqProjectFollower) follower = NULL;
  gboolean timed_out = FALSE;
  guint guard;

  follower = lq_project_follower_new (f->player, lq_project_get_track (f->player, 1), engine);
  lq_project_follower_start (follower, 10);
  set_track (f->writer, "gain=-9");
  guard = g_timeout_add_seconds (20, quit_cb, &timed_out);
  while (lq_project_follower_get_n_updates (follower) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (guard);
  g_assert_cmpuint (lq_project_follower_get_n_updates (follower), ==, 1);
  lq_project_follower_stop (follower);
}

/* A removed track: the player plays on, the follower stops following. */
static void
test_track_removed (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = load (f->player);
  g_autoptr (LqProjectFollower) follower = NULL;
  g_autoptr (GError) error = NULL;

  follower = lq_project_follower_new (f->player, lq_project_get_track (f->player, 1), engine);
  g_assert_true (lq_project_remove_track (f->writer, 1, &error));
  g_assert_no_error (error);
  g_assert_false (lq_project_follower_poll (follower, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (f->player), ==, 0);
  g_assert_cmpuint (lq_project_follower_get_n_updates (follower), ==, 0);
}

static void
set_track_n (LqProject *project, guint n, const char *assignment)
{
  g_autoptr (GError) error = NULL;
  const char *const assignments[] = { assignment, NULL };

  g_assert_true (lq_project_set_track (project, n, assignments, &error));
  g_assert_no_error (error);
}

static LqEngine *
load_album (LqProject *project)
{
  g_autoptr (GError) error = NULL;
  LqEngine *engine = lq_engine_new ();

  g_assert_true (lq_engine_load_album (engine, project, &error));
  g_assert_no_error (error);
  return engine;
}

/* An album: every track followed; the edited one is heard with its new
 * settings, the other one as before. */
static void
test_program (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = NULL;
  g_autoptr (LqEngine) before = NULL;
  g_autoptr (LqEngine) after = NULL;
  g_autoptr (LqProjectFollower) follower = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *heard1 = NULL, *heard2 = NULL, *want1 = NULL, *want2 = NULL;
  const char *const paths[] = { f->et.track, NULL };
  gint64 start2, n = ET_RATE / 2;

  g_assert_true (lq_project_add_files (f->writer, paths, 0, NULL, &error));
  g_assert_no_error (error);
  set_track_n (f->writer, 2, "gap=0");
  set_track_n (f->writer, 2, "gain=-12");
  g_assert_true (lq_project_reload_if_changed (f->player, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (f->player), ==, 2);

  engine = load_album (f->player);
  before = load_album (f->player);
  follower = lq_project_follower_new_program (f->player, engine);
  g_assert_false (lq_project_follower_poll (follower, &error));
  set_track_n (f->writer, 2, "gain=-6");
  g_assert_true (lq_project_follower_poll (follower, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_follower_get_n_updates (follower), ==, 1);
  after = load_album (f->player);
  start2 = lq_engine_get_track_start (engine, 1);

  et_start (engine, 0, ET_BLOCK);
  heard1 = et_play (engine, n, ET_BLOCK);
  et_start (before, 0, ET_BLOCK);
  want1 = et_play (before, n, ET_BLOCK);
  et_start (engine, start2, ET_BLOCK);
  heard2 = et_play (engine, n, ET_BLOCK);
  et_start (after, start2, ET_BLOCK);
  want2 = et_play (after, n, ET_BLOCK);
  g_assert_cmpmem (heard1, n * 2 * sizeof (float), want1, n * 2 * sizeof (float));
  g_assert_cmpmem (heard2, n * 2 * sizeof (float), want2, n * 2 * sizeof (float));
  g_assert_cmpfloat (fabs (20.0 * log10 (rms (heard2, 0, n) / rms (heard1, 0, n)) - 6.0), <, 0.1);
}

static void
count_cb (LqProjectFollower *follower, guint *n)
{
  (*n)++;
}

/* Trims, fades, gaps and the tracks' order are the source stage's: a
 * change to them is told ("timeline-changed"), a change to the chain is
 * not. For one track the gap is not its timeline (it is loaded without). */
static void
test_timeline (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngine) engine = load (f->player);
  g_autoptr (LqEngine) album = NULL;
  g_autoptr (LqProjectFollower) one = lq_project_follower_new (f->player, lq_project_get_track (f->player, 1), engine);
  g_autoptr (LqProjectFollower) program = NULL;
  g_autoptr (GError) error = NULL;
  const char *const paths[] = { f->et.track, NULL };
  guint n_one = 0, n_program = 0;

  g_signal_connect (one, "timeline-changed", G_CALLBACK (count_cb), &n_one);
  set_track (f->writer, "gain=-6");
  g_assert_true (lq_project_follower_poll (one, &error));
  g_assert_cmpuint (n_one, ==, 0);
  set_track (f->writer, "gap=1.5");
  g_assert_true (lq_project_follower_poll (one, &error));
  g_assert_cmpuint (n_one, ==, 0);
  set_track (f->writer, "fade-out=0.25");
  g_assert_true (lq_project_follower_poll (one, &error));
  g_assert_cmpuint (n_one, ==, 1);
  set_track (f->writer, "fade-out-shape=scurve");
  g_assert_true (lq_project_follower_poll (one, &error));
  g_assert_cmpuint (n_one, ==, 2);
  set_track (f->writer, "trim-in=0.1");
  g_assert_true (lq_project_follower_poll (one, &error));
  g_assert_cmpuint (n_one, ==, 3);
  g_assert_cmpuint (lq_project_follower_get_n_timeline_changes (one), ==, 3);

  g_assert_true (lq_project_add_files (f->writer, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_reload_if_changed (f->player, NULL, &error));
  album = load_album (f->player);
  program = lq_project_follower_new_program (f->player, album);
  g_signal_connect (program, "timeline-changed", G_CALLBACK (count_cb), &n_program);
  set_track_n (f->writer, 2, "gain=-3");
  g_assert_true (lq_project_follower_poll (program, &error));
  g_assert_cmpuint (n_program, ==, 0);
  /* A program's gaps are its timeline. */
  set_track_n (f->writer, 2, "gap=0.5");
  g_assert_true (lq_project_follower_poll (program, &error));
  g_assert_cmpuint (n_program, ==, 1);
  g_assert_true (lq_project_move_track (f->writer, 2, 1, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_follower_poll (program, &error));
  g_assert_cmpuint (n_program, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/project-follower/new-destroy", test_new_destroy);
  ADD ("/project-follower/gain-edit", test_gain_edit);
  ADD ("/project-follower/timeout", test_timeout);
  ADD ("/project-follower/track-removed", test_track_removed);
  ADD ("/project-follower/program", test_program);
  ADD ("/project-follower/timeline", test_timeline);
  return g_test_run ();
}

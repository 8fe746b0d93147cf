/* test-progress-relay.c: a worker's progress handed to a main context
 * (app/core/lq-progress-relay):
 *  - 1000 posts from a thread while the context waits arrive as one
 *    delivery, on the context's thread, of the last value posted;
 *  - posts interleaved with the context's iterations arrive in order
 *    (never an older one after a newer), at most one per post, ending with
 *    the last;
 *  - NULL takes the thread-default context;
 *  - flush delivers the pending post at once and only once (the idle
 *    queued for it then delivers nothing);
 *  - after free nothing is delivered, even with an idle queued, and the
 *    user data is freed exactly once.
 */
#include <glib.h>

#include "lq-progress-relay.h"

#define N_POSTS 1000

typedef struct
{
  guint index;
  double fraction;
} Values;

typedef struct
{
  guint n_delivered;
  guint last_index;
  double last_fraction;
  gboolean older_after_newer;
  gboolean on_other_thread;
  guint n_freed;
} Seen;

typedef struct
{
  LqProgressRelay *relay;
  guint n_posts;
  /* Each post waits until the context has iterated once (interleaved) */
  GAsyncQueue *step;
} Worker;

static GThread *main_thread;

static void
deliver_cb (gconstpointer values,
            gpointer user_data)
{
  const Values *v = values;
  Seen *seen = user_data;

  if (g_thread_self () != main_thread)
    seen->on_other_thread = TRUE;
  if (seen->n_delivered > 0 && v->index < seen->last_index)
    seen->older_after_newer = TRUE;
  seen->n_delivered++;
  seen->last_index = v->index;
  seen->last_fraction = v->fraction;
}

static void
seen_free_cb (gpointer user_data)
{
  Seen *seen = user_data;

  seen->n_freed++;
}

static gpointer
worker_thread (gpointer user_data)
{
  Worker *w = user_data;

  for (guint i = 1; i <= w->n_posts; i++)
    {
      Values v = { i, (double) i / w->n_posts };

      lq_progress_relay_post (w->relay, &v);
      if (w->step != NULL)
        g_async_queue_pop (w->step);
    }
  return NULL;
}

static void
drain (GMainContext *context)
{
  while (g_main_context_iteration (context, FALSE))
    ;
}

/* Posts 1..@n_posts to @relay from a thread, without waiting for the
 * context, and returns when they are all posted. */
static void
post_from_thread (LqProgressRelay *relay,
                  guint n_posts)
{
  Worker w = { relay, n_posts, NULL };

  g_thread_join (g_thread_new ("poster", worker_thread, &w));
}

static void
test_newest_wins (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Seen seen = { 0 };
  LqProgressRelay *relay = lq_progress_relay_new (context, sizeof (Values), deliver_cb, &seen, seen_free_cb);

  post_from_thread (relay, N_POSTS);
  /* Nothing is delivered until the context runs */
  g_assert_cmpuint (seen.n_delivered, ==, 0);
  drain (context);
  g_assert_cmpuint (seen.n_delivered, ==, 1);
  g_assert_cmpuint (seen.last_index, ==, N_POSTS);
  g_assert_cmpfloat (seen.last_fraction, ==, 1.0);
  g_assert_false (seen.on_other_thread);
  lq_progress_relay_free (relay);
  g_assert_cmpuint (seen.n_freed, ==, 1);
}

static void
test_interleaved (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncQueue) step = g_async_queue_new ();
  Seen seen = { 0 };
  Worker w = { NULL, 200, step };
  GThread *thread;

  w.relay = lq_progress_relay_new (context, sizeof (Values), deliver_cb, &seen, seen_free_cb);
  thread = g_thread_new ("poster", worker_thread, &w);
  for (guint i = 0; i < w.n_posts; i++)
    {
      g_main_context_iteration (context, FALSE);
      g_async_queue_push (step, GUINT_TO_POINTER (1));
    }
  g_thread_join (thread);
  drain (context);
  g_assert_cmpuint (seen.n_delivered, >=, 1);
  g_assert_cmpuint (seen.n_delivered, <=, w.n_posts);
  g_assert_false (seen.older_after_newer);
  g_assert_cmpuint (seen.last_index, ==, w.n_posts);
  g_assert_false (seen.on_other_thread);
  lq_progress_relay_free (w.relay);
  g_assert_cmpuint (seen.n_freed, ==, 1);
}

static void
test_thread_default (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Seen seen = { 0 };
  LqProgressRelay *relay;

  g_main_context_push_thread_default (context);
  relay = lq_progress_relay_new (NULL, sizeof (Values), deliver_cb, &seen, NULL);
  g_main_context_pop_thread_default (context);
  post_from_thread (relay, 10);
  /* Not on the global default context */
  drain (NULL);
  g_assert_cmpuint (seen.n_delivered, ==, 0);
  drain (context);
  g_assert_cmpuint (seen.n_delivered, ==, 1);
  g_assert_cmpuint (seen.last_index, ==, 10);
  lq_progress_relay_free (relay);
}

static void
test_flush (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Seen seen = { 0 };
  LqProgressRelay *relay = lq_progress_relay_new (context, sizeof (Values), deliver_cb, &seen, seen_free_cb);
  Values v = { 7, 0.5 };

  g_assert_false (lq_progress_relay_flush (relay));
  lq_progress_relay_post (relay, &v);
  g_assert_true (lq_progress_relay_flush (relay));
  g_assert_cmpuint (seen.n_delivered, ==, 1);
  g_assert_cmpuint (seen.last_index, ==, 7);
  g_assert_cmpfloat (seen.last_fraction, ==, 0.5);
  g_assert_false (lq_progress_relay_flush (relay));
  /* The idle queued by the post finds nothing pending */
  drain (context);
  g_assert_cmpuint (seen.n_delivered, ==, 1);
  /* A post after the flush is delivered by the context again */
  v.index = 8;
  lq_progress_relay_post (relay, &v);
  drain (context);
  g_assert_cmpuint (seen.n_delivered, ==, 2);
  g_assert_cmpuint (seen.last_index, ==, 8);
  lq_progress_relay_free (relay);
  g_assert_cmpuint (seen.n_freed, ==, 1);
}

static void
test_nothing_after_free (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Seen seen = { 0 };
  LqProgressRelay *relay = lq_progress_relay_new (context, sizeof (Values), deliver_cb, &seen, seen_free_cb);

  post_from_thread (relay, N_POSTS);
  /* An idle is queued; the relay is freed before the context runs it */
  lq_progress_relay_free (relay);
  g_assert_cmpuint (seen.n_freed, ==, 0);
  drain (context);
  g_assert_cmpuint (seen.n_delivered, ==, 0);
  /* The user data goes with the idle's reference */
  g_assert_cmpuint (seen.n_freed, ==, 1);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/progress-relay/newest-wins", test_newest_wins);
  g_test_add_func ("/progress-relay/interleaved", test_interleaved);
  g_test_add_func ("/progress-relay/thread-default", test_thread_default);
  g_test_add_func ("/progress-relay/flush", test_flush);
  g_test_add_func ("/progress-relay/nothing-after-free", test_nothing_after_free);
  return g_test_run ();
}

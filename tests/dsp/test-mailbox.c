/* test-mailbox.c: LqMailbox, the control side's lock-free way of handing
 * settings to the audio callback.
 *
 *  - basics: the initial object, newest-wins, retired objects destroyed by
 *    publish/collect, everything destroyed by free;
 *  - bounded: at most three objects alive at once;
 *  - stress: a writer thread publishes 200,000 numbered objects while the
 *    reader picks up in a loop: every object the reader holds is alive (its
 *    canary intact; ASan in the sanitizer phase catches any use after free),
 *    the values it sees never go back, the last one published is seen, no
 *    object is destroyed on the reader's thread and none leaks;
 *  - realtime: pickup allocates, frees, locks and writes nothing.
 */
#include <glib.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "dsp-rt-guard.h"
#include "lq-mailbox.h"

#define ALIVE 0xA11FEA11u
#define DEAD 0xDEADDEADu
#define STRESS_VALUES 200000u

typedef struct
{
  guint32 canary;
  guint32 value;
} Obj;

static atomic_uint created;
static atomic_uint destroyed;
static GThread *reader_thread;
static atomic_uint destroyed_on_reader;

static Obj *
obj_new (guint32 value)
{
  Obj *o = g_new (Obj, 1);

  o->canary = ALIVE;
  o->value = value;
  atomic_fetch_add (&created, 1);
  return o;
}

static void
obj_destroy (void *p)
{
  Obj *o = p;

  g_assert_cmphex (o->canary, ==, ALIVE);
  o->canary = DEAD;
  if (g_thread_self () == reader_thread)
    atomic_fetch_add (&destroyed_on_reader, 1);
  atomic_fetch_add (&destroyed, 1);
  g_free (o);
}

static void
reset_counts (void)
{
  atomic_store (&created, 0);
  atomic_store (&destroyed, 0);
  atomic_store (&destroyed_on_reader, 0);
}

static void
test_basics (void)
{
  LqMailbox *mb;
  Obj *o;

  reset_counts ();
  mb = lq_mailbox_new (obj_new (0), obj_destroy);
  g_assert_nonnull (mb);
  o = lq_mailbox_pickup (mb);
  g_assert_cmpuint (o->value, ==, 0);
  g_assert_true (lq_mailbox_peek (mb) == o);

  /* Newest wins; the skipped one is destroyed by the writer at once. */
  lq_mailbox_publish (mb, obj_new (1));
  lq_mailbox_publish (mb, obj_new (2));
  g_assert_cmpuint (atomic_load (&destroyed), ==, 1);
  o = lq_mailbox_pickup (mb);
  g_assert_cmpuint (o->value, ==, 2);
  g_assert_cmpuint (o->canary, ==, ALIVE);
  /* The initial object is retired, destroyed on collect. */
  g_assert_cmpuint (lq_mailbox_collect (mb), ==, 1);
  g_assert_cmpuint (atomic_load (&destroyed), ==, 2);
  g_assert_true (lq_mailbox_pickup (mb) == o);

  lq_mailbox_free (mb);
  g_assert_cmpuint (atomic_load (&destroyed), ==, atomic_load (&created));
}

/* Publishing through the API collects every time, so at most three objects
 * are alive at once (current, pending, one retired) however long it runs. */
static void
test_bounded (void)
{
  LqMailbox *mb;
  Obj *held;

  reset_counts ();
  mb = lq_mailbox_new (obj_new (0), obj_destroy);
  for (guint32 i = 1; i <= 3 * LQ_MAILBOX_RETIRE_SLOTS; i++)
    {
      lq_mailbox_publish (mb, obj_new (i));
      g_assert_cmpuint (atomic_load (&created) - atomic_load (&destroyed), <=, 3);
      held = lq_mailbox_pickup (mb);
      g_assert_cmpuint (held->value, ==, i);
      g_assert_cmpuint (atomic_load (&created) - atomic_load (&destroyed), <=, 3);
    }
  /* The current one and the one retired by the last pickup. */
  g_assert_cmpuint (atomic_load (&created) - atomic_load (&destroyed), ==, 2);
  g_assert_cmpuint (lq_mailbox_collect (mb), ==, 1);
  lq_mailbox_free (mb);
  g_assert_cmpuint (atomic_load (&destroyed), ==, atomic_load (&created));
}

typedef struct
{
  LqMailbox *mb;
  atomic_bool done;
  atomic_bool finished;
  DspRtCounts counts;
  guint32 seen_last;
  guint64 pickups;
  guint changes;
} Reader;

static gpointer
reader_main (gpointer data)
{
  Reader *r = data;
  guint32 last = 0;

  dsp_rt_guard_begin ();
  for (;;)
    {
      gboolean done = atomic_load (&r->done);
      Obj *o = lq_mailbox_pickup (r->mb);

      r->pickups++;
      if (o->canary != ALIVE)
        g_error ("reader holds a destroyed object (value %u)", o->value);
      if (o->value < last)
        g_error ("value went back from %u to %u", last, o->value);
      if (o->value != last)
        r->changes++;
      last = o->value;
      if (done && last == STRESS_VALUES)
        break;
      /* A block's worth of work between pickups. */
      for (volatile int k = 0; k < 100; k++)
        ;
    }
  dsp_rt_guard_end (&r->counts);
  r->seen_last = last;
  atomic_store (&r->finished, true);
  return NULL;
}

static void
test_stress (void)
{
  Reader r = { 0 };
  GRand *rand = g_rand_new_with_seed (3);

  reset_counts ();
  r.mb = lq_mailbox_new (obj_new (0), obj_destroy);
  atomic_init (&r.done, false);
  atomic_init (&r.finished, false);
  reader_thread = g_thread_new ("reader", reader_main, &r);
  for (guint32 v = 1; v <= STRESS_VALUES; v++)
    {
      lq_mailbox_publish (r.mb, obj_new (v));
      if (g_rand_int_range (rand, 0, 100) == 0)
        g_thread_yield ();
    }
  /* Keep collecting until the reader has the last value. */
  atomic_store (&r.done, true);
  while (!atomic_load (&r.finished))
    {
      lq_mailbox_collect (r.mb);
      g_thread_yield ();
    }
  g_thread_join (reader_thread);
  reader_thread = NULL;
  lq_mailbox_collect (r.mb);

  g_test_message ("%" G_GUINT64_FORMAT " pickups, %u changes seen", r.pickups, r.changes);
  g_assert_cmpuint (r.seen_last, ==, STRESS_VALUES);
  g_assert_cmpuint (r.changes, >, 0);
  g_assert_cmpuint (atomic_load (&destroyed_on_reader), ==, 0);
  dsp_rt_assert_clean (&r.counts, "mailbox pickup");
  lq_mailbox_free (r.mb);
  g_assert_cmpuint (atomic_load (&destroyed), ==, atomic_load (&created));
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mailbox/basics", test_basics);
  g_test_add_func ("/mailbox/bounded", test_bounded);
  g_test_add_func ("/mailbox/stress", test_stress);
  return g_test_run ();
}

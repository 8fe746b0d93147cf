/* lq-run-list.c: merging and capping runs; pruning is amortised (the list
 * may grow to twice its cap, then keeps the cap's best in one sort). */
#include "config.h"

#include "lq-run-list.h"

struct _LqRunList
{
  guint cap;
  gint64 merge_gap;
  GArray *runs;
  gboolean truncated;
};

LqRunList *
lq_run_list_new (guint cap,
                 gint64 merge_gap)
{
  LqRunList *self = g_new0 (LqRunList, 1);

  self->cap = MAX (cap, 1);
  self->merge_gap = MAX (merge_gap, 0);
  self->runs = g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
  return self;
}

void
lq_run_list_free (LqRunList *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->runs);
  g_free (self);
}

/* Higher first: louder, then longer, then earlier. */
static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const LqSampleRun *x = *(const LqSampleRun *const *) a;
  const LqSampleRun *y = *(const LqSampleRun *const *) b;

  if (x->peak_db != y->peak_db)
    return x->peak_db > y->peak_db ? -1 : 1;
  if (x->frames != y->frames)
    return x->frames > y->frames ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Keeps the cap best runs, in their order; the last run (which a later one
 * may still join) always stays. */
static void
prune (LqRunList *self)
{
  guint n = self->runs->len - 1;
  g_autofree const LqSampleRun **order = g_new (const LqSampleRun *, n);
  g_autofree gboolean *keep = g_new0 (gboolean, n + 1);
  guint out = 0;

  for (guint i = 0; i < n; i++)
    order[i] = &g_array_index (self->runs, LqSampleRun, i);
  qsort (order, n, sizeof *order, compare_rank);
  for (guint i = 0; i < self->cap - 1 && i < n; i++)
    keep[order[i] - (const LqSampleRun *) self->runs->data] = TRUE;
  keep[n] = TRUE;
  for (guint i = 0; i <= n; i++)
    if (keep[i])
      g_array_index (self->runs, LqSampleRun, out++) = g_array_index (self->runs, LqSampleRun, i);
  g_array_set_size (self->runs, out);
  self->truncated = TRUE;
}

void
lq_run_list_add (LqRunList *self,
                 gint64 start,
                 gint64 frames,
                 float peak_db)
{
  LqSampleRun run = { start, frames, peak_db };

  g_return_if_fail (self != NULL);
  if (frames <= 0)
    return;
  /* Absorb the runs it reaches (those that end within the gap before it). */
  while (self->runs->len > 0)
    {
      LqSampleRun *last = &g_array_index (self->runs, LqSampleRun, self->runs->len - 1);
      gint64 end = run.start + run.frames, last_end = last->start + last->frames;

      if (run.start > last_end + self->merge_gap)
        break;
      run.start = MIN (run.start, last->start);
      run.frames = MAX (end, last_end) - run.start;
      run.peak_db = MAX (run.peak_db, last->peak_db);
      g_array_set_size (self->runs, self->runs->len - 1);
    }
  g_array_append_val (self->runs, run);
  if (self->runs->len >= 2 * self->cap)
    prune (self);
}

GArray *
lq_run_list_finish (LqRunList *self,
                    gboolean *truncated)
{
  GArray *runs;

  g_return_val_if_fail (self != NULL, NULL);
  if (self->runs->len > self->cap)
    {
      prune (self);
      /* prune() kept cap - 1 and the last: cap in all. */
    }
  if (truncated != NULL)
    *truncated = self->truncated;
  runs = self->runs;
  self->runs = g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
  self->truncated = FALSE;
  return runs;
}

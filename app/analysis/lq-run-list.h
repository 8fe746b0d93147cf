/* lq-run-list.h: the runs of samples an analysis marks (clips, true-peak
 * overs), bounded (private to app/analysis).
 *
 * Runs come in ascending order of their end; a run that starts within
 * @merge_gap frames of the end of the runs before it joins them (so runs
 * on two channels that overlap become one). At most @cap runs are kept:
 * when more come, the lowest are dropped, lowest meaning the smallest
 * peak_db, then the fewest frames, then the latest (the loudest and the
 * longest stay), and the list says it was truncated.
 */
#pragma once

#include "lq-track-analysis.h"

G_BEGIN_DECLS

typedef struct _LqRunList LqRunList;

LqRunList *lq_run_list_new (guint cap,
                            gint64 merge_gap);
void lq_run_list_free (LqRunList *self);
void lq_run_list_add (LqRunList *self,
                      gint64 start,
                      gint64 frames,
                      float peak_db);
/* The runs (of LqSampleRun, ascending, at most cap), transfer full; the
 * list is empty afterwards. */
GArray *lq_run_list_finish (LqRunList *self,
                            gboolean *truncated);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqRunList, lq_run_list_free)

G_END_DECLS

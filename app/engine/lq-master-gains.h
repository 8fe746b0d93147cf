/* lq-master-gains.h: the gains playback needs to play the export.
 *
 * A track matched to a target level is exported with the pre-limiter gain
 * the render solves for it (lq-render-gain.h: the limiter takes some of
 * the loudness the plan gave, the gain is raised until the file reaches
 * the target). Playback plays that gain (lq_render_spec_init_playback()),
 * so it must be solved first: once per track and setting, stored with the
 * project (in memory for the read-only copy the player opens). Until it
 * is, a track plays at the plan's gain.
 *
 * Each solve is one render pass of the chain (seconds for a song): these
 * run it off the caller's thread. The specs are read on the caller's
 * thread (the project belongs to it), solved on a worker, and stored back
 * on the caller's thread.
 */
#pragma once

#include <gio/gio.h>

#include "lq-project.h"

G_BEGIN_DECLS

/* The tracks among @tracks (LqTrack) whose playback gain is not solved
 * yet (lq_render_spec_init_playback() FALSE): a new array, maybe empty. */
GPtrArray *lq_master_gains_missing (LqProject *project,
                                    GPtrArray *tracks);

/* Solves the missing gains of @tracks and stores them; _finish() gives
 * how many it stored (0: none was missing). */
void lq_master_gains_solve_async (LqProject *project,
                                  GPtrArray *tracks,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean lq_master_gains_solve_finish (LqProject *project,
                                       GAsyncResult *result,
                                       guint *n_solved,
                                       GError **error);

/* The same, blocking (the command line before it plays). */
gboolean lq_master_gains_solve (LqProject *project,
                                GPtrArray *tracks,
                                GCancellable *cancellable,
                                guint *n_solved,
                                GError **error);

G_END_DECLS

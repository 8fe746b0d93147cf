/* lq-project-follower.h: a player follows edits to its project (issue 11).
 *
 * `lacquer-cli play` opens the project read-only; the window or another
 * command may commit edits to it while it plays. An LqProjectFollower polls
 * the project (lq_project_reload_if_changed(): SQLite's PRAGMA data_version,
 * one cheap query) every @interval_ms from the thread-default main context
 * and, when another connection committed, re-reads the followed track's
 * chain settings as the export would (lq_render_spec_init()) and publishes
 * them to the engine (lq_engine_set_chain_settings(): the mailbox, applied
 * at a block boundary, the processors glide: no click).
 *
 * The settings are what playback plays (lq_render_spec_init_playback(): the
 * export's level and solved gain when solved); "published" tells each time.
 *
 * A program (album, transitions: lq_project_follower_new_program()) follows
 * every track of it: each one's settings re-read and all published at once
 * (lq_engine_set_program_settings()).
 *
 * The chain follows on its own. Trims, fades, gaps and the order of the
 * tracks are the source stage's and need a new load: when a poll finds
 * them changed (for one track: its trims and fades; for a program: any
 * track's trims, fades, gap or status, or tracks added, removed or moved),
 * the follower emits "timeline-changed", and its owner loads again (the
 * playback helper does, and plays on from where it was). A removed single
 * track stops the following (the player plays on what it has). Use from
 * the thread that owns the project. */
#pragma once

#include <glib-object.h>

#include "lq-engine.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_PROJECT_FOLLOWER_INTERVAL_MS 200

#define LQ_TYPE_PROJECT_FOLLOWER (lq_project_follower_get_type ())
G_DECLARE_FINAL_TYPE (LqProjectFollower, lq_project_follower, LQ, PROJECT_FOLLOWER, GObject)

/* Follows @track of @project into @engine (which plays it). */
LqProjectFollower *lq_project_follower_new (LqProject *project,
                                            LqTrack *track,
                                            LqEngine *engine);
/* Follows every track of the program @engine has loaded (album,
 * transitions; a single track too), the tracks of @project by their
 * numbers now. */
LqProjectFollower *lq_project_follower_new_program (LqProject *project,
                                                    LqEngine *engine);
/* Polls every @interval_ms (0: LQ_PROJECT_FOLLOWER_INTERVAL_MS) on the
 * thread-default main context until lq_project_follower_stop() or the
 * follower's end. */
void lq_project_follower_start (LqProjectFollower *self,
                                guint interval_ms);
void lq_project_follower_stop (LqProjectFollower *self);
/* One poll, as the timeout does: TRUE when another connection committed
 * and the track's settings were published. FALSE with @error when the
 * project could not be read (the timeout logs it once and polls on). */
gboolean lq_project_follower_poll (LqProjectFollower *self,
                                   GError **error);
/* Publishes the followed tracks' settings now (a gain solved meanwhile:
 * lq-master-gains.h); "published" is emitted, as after each edit. */
void lq_project_follower_publish (LqProjectFollower *self);
/* Settings published since the start. */
guint lq_project_follower_get_n_updates (LqProjectFollower *self);
/* "timeline-changed" emissions since the start. */
guint lq_project_follower_get_n_timeline_changes (LqProjectFollower *self);

G_END_DECLS

/* lq-render-gain.h: the solved pre-limiter gain of a track, stored with the
 * plan, so the player and export start from the same gain.
 *
 * The gain the render loop (lq-render.h) converges to depends on the audio
 * and on everything before the measurement; lq_render_gain_key() is a
 * SHA-256 over all of it: the source's fingerprint and sample rate, trims,
 * fades, every chain setting (with the planned match gain and EQ), the
 * target loudness, the limiter, its ceiling and the channels measured. A
 * stored gain is valid only while its key is the key of the spec as it is
 * now: any edit changes the key (computed, never tracked by hand).
 */
#pragma once

#include <gio/gio.h>

#include "lq-project.h"
#include "lq-render.h"

G_BEGIN_DECLS

/* The key of what @spec with @options would be solved for (@track gives the
 * source's fingerprint and rate). */
char *lq_render_gain_key (LqTrack *track,
                          const LqRenderSpec *spec,
                          const LqRenderOptions *options);

/* Sets spec->start_gain_db from the gain stored for @track when it is valid
 * for @spec and @options; TRUE when it was. */
gboolean lq_render_spec_use_solved_gain (LqRenderSpec *spec,
                                         LqProject *project,
                                         LqTrack *track,
                                         const LqRenderOptions *options);

/* For the player, before a track's first playback: @spec (filled by the
 * caller as for export: lq_render_spec_init() and its target level) with
 * spec->start_gain_db set to the solved gain. When none valid is stored,
 * solves it (lq_render_solve_gain(), the chain only) and stores it with
 * the project (lq_project_set_solved_gain(): written on the project's
 * thread, or kept in memory for a read-only project). A spec without a
 * target level needs no solving and is returned unchanged. Blocking; call
 * it on a worker thread. */
gboolean lq_render_get_corrected_spec (LqProject *project,
                                       LqTrack *track,
                                       LqRenderSpec *spec,
                                       const LqRenderOptions *options,
                                       GCancellable *cancellable,
                                       GError **error);

/* What playback plays of @track: lq_render_spec_init() as the album's
 * default export renders it (lq_export_get_default_render_options(): its
 * limiter and ceiling; the level it holds the track at,
 * lq_export_get_held_levels()) and, when it holds a level, the gain solved
 * for that export as the chain's match gain: the master heard is the file
 * exported. FALSE (the spec filled all the same, with the plan's gain)
 * when that gain is not solved yet (lq-master-gains.h solves it). */
gboolean lq_render_spec_init_playback (LqRenderSpec *spec,
                                       LqProject *project,
                                       LqTrack *track);
/* The same for @n tracks at once (the match planned again once): specs[i]
 * of tracks[i]; TRUE when every gain was solved. */
gboolean lq_render_specs_init_playback (LqProject *project,
                                        LqTrack *const *tracks,
                                        guint n,
                                        LqRenderSpec *const *specs);

/* The loudness (LUFS) the master of @track (rendered as @spec) has, the
 * level the player matches the mix and the reference to: measured in the
 * track's last export when that is of the track as it is now; else the
 * match plan's prediction, taken back to the gain the chain applies now
 * (the plan predicts with its own planned gain); else the mix's measured
 * loudness with the chain's gains (input trim, match gain: a constant-gain
 * model that leaves out EQ, compression and limiting); NAN when the track
 * is not analysed. One answer for `lacquer-cli play` and the player. */
double lq_render_master_loudness (LqProject *project,
                                  LqTrack *track,
                                  const LqRenderSpec *spec);

G_END_DECLS

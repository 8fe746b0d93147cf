/* lq-project-watch.h: tells a view once when what it draws may have changed.
 *
 * The plots (timeline, track view, tonal balance, dynamics, EQ and gain
 * curves) rebuild their model from the project. An analysis or an edit of
 * several fields sends many notifications; LqProjectWatch turns them into
 * one "changed" signal, emitted from an idle callback: after the project's
 * properties change (all but "analysis-progress", which moves while an
 * analysis runs and changes nothing drawn), its list of tracks changes, a
 * track's properties change (every track's with watch-all-tracks, else only
 * the one set with lq_project_watch_set_track()). Setting the project or the
 * track does not emit: the owner rebuilds then itself. */
#pragma once

#include <glib-object.h>

#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_PROJECT_WATCH (lq_project_watch_get_type ())

G_DECLARE_FINAL_TYPE (LqProjectWatch, lq_project_watch, LQ, PROJECT_WATCH, GObject)

LqProjectWatch *lq_project_watch_new         (gboolean        watch_all_tracks);
void            lq_project_watch_set_project (LqProjectWatch *self,
                                              LqProject      *project);
LqProject      *lq_project_watch_get_project (LqProjectWatch *self);
void            lq_project_watch_set_track   (LqProjectWatch *self,
                                              LqTrack        *track);
LqTrack        *lq_project_watch_get_track   (LqProjectWatch *self);
/* Forgets a change not yet told (the owner has just rebuilt anyway) */
void            lq_project_watch_clear_pending (LqProjectWatch *self);

G_END_DECLS

/* lq-track.h: one track of an album project, as stored.
 *
 * Read-only from outside: its properties mirror the project file and change
 * (with notification) only through LqProject's edits, undo and redo. Every
 * editable field of lq-project-fields.h is a property named by its key.
 */
#pragma once

#include <glib-object.h>

#include "lq-project-fields.h"
#include "lq-track-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_TRACK_STATUS_OK,
  LQ_TRACK_STATUS_MISSING,   /* the source file is not where the project says */
  LQ_TRACK_STATUS_CHANGED,   /* it is there, but its content changed */
} LqTrackStatus;

/* Where a track is in adding and measuring: a file being added is in the
 * track list at once, "hashing" until it is read; "analysing" while it is
 * measured; "failed" when measuring it failed (the message says why). */
typedef enum
{
  LQ_TRACK_STATE_READY,
  LQ_TRACK_STATE_HASHING,
  LQ_TRACK_STATE_ANALYSING,
  LQ_TRACK_STATE_FAILED,
} LqTrackState;

#define LQ_TYPE_TRACK (lq_track_get_type ())

G_DECLARE_FINAL_TYPE (LqTrack, lq_track, LQ, TRACK, GObject)

gint64 lq_track_get_id (LqTrack *self);
/* 1-based position in the album. */
guint lq_track_get_position (LqTrack *self);
/* The source path as stored: relative to the project's folder when the file
 * lies below it, absolute otherwise. */
const char *lq_track_get_source (LqTrack *self);
/* The source as an absolute path. */
const char *lq_track_get_path (LqTrack *self);
const char *lq_track_get_fingerprint (LqTrack *self);
double lq_track_get_duration (LqTrack *self);
LqTrackStatus lq_track_get_status (LqTrack *self);
const char *lq_track_status_to_string (LqTrackStatus status);
LqTrackState lq_track_get_state (LqTrack *self);
/* Why it failed, for LQ_TRACK_STATE_FAILED; NULL otherwise. */
const char *lq_track_get_state_message (LqTrack *self);
/* "ready", "hashing", "analysing", "failed" */
const char *lq_track_state_to_string (LqTrackState state);
/* The title, or else (a track of an older project that never stored one)
 * lq_track_title_from_file_name() of its source. */
const char *lq_track_get_display_name (LqTrack *self);
/* The value of a field (G_TYPE_POINTER holding NULL for an unset one). */
const GValue *lq_track_get_value (LqTrack *self, const LqField *field);
/* The cached analysis of the source, or NULL. */
LqTrackAnalysis *lq_track_get_analysis (LqTrack *self);

/* The title a track added from @path gets when its file has no title tag:
 * the base name without its extension, less a leading track number of up to
 * three digits and the separators after it (" ", "-", "_", ".": "02 - Name",
 * "01-name", "03_name"), with underscores as spaces. A name that is only a
 * number stays as it is. Never NULL. */
char *lq_track_title_from_file_name (const char *path);

G_END_DECLS

/* lq-codecs-view.h: the Codecs view (issue 13, section 3): what the lossy
 * codecs listeners get do to each master's true peak and loudness.
 *
 * A line says what the view shows; Preview Codecs runs
 * lq_codec_preview_project_async() (off the main thread, on a copy of the
 * project, which may be edited meanwhile) over the codecs of the "codecs"
 * mask; while it runs the button is Cancel, with a progress bar and a line
 * saying what is being done. Then a summary line
 * (lq_codec_preview_get_summary()) and a table: a row per track, a column
 * per codec, each cell the decoded true peak (dBTP) and the loudness change
 * (LU), with a warning icon (and "over 0 dBTP" in its accessible label)
 * when the codec takes the track over 0 dBTP, the ceiling reduction in its
 * tooltip (lq_codec_result_get_warning()); a codec not available here
 * (lq_codec_get_unavailable_reason()) is shown as such. The cells are
 * buttons (Tab and the arrow keys move between them): activating one emits
 * "listen" with the track's position and the codec, which the window turns
 * into that track selected and the codec as the transport's reference.
 *
 * When the project changes after a preview (LqProjectWatch), the results
 * are marked stale: a line says so and the table is dimmed. Cancel returns
 * to the idle state and keeps the table shown before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-codec-preview.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_CODECS_VIEW (lq_codecs_view_get_type ())

G_DECLARE_FINAL_TYPE (LqCodecsView, lq_codecs_view, LQ, CODECS_VIEW, GtkWidget)

GtkWidget *lq_codecs_view_new (void);

/* Cancels a preview running, and forgets the results shown. */
void lq_codecs_view_set_project (LqCodecsView *self,
                                 LqProject    *project);
LqProject *lq_codecs_view_get_project (LqCodecsView *self);

/* The "codecs" property: the mask (1 << LqCodec) the next preview runs;
 * LQ_CODEC_ALL by default (0 means all too). */
void lq_codecs_view_set_codecs (LqCodecsView *self,
                                guint         codecs);
guint lq_codecs_view_get_codecs (LqCodecsView *self);

/* As the Preview Codecs and Cancel buttons: start a preview (nothing when
 * one runs or there is no project), cancel the one running. */
void lq_codecs_view_start (LqCodecsView *self);
void lq_codecs_view_cancel (LqCodecsView *self);

/* The "running" property: a preview runs. */
gboolean lq_codecs_view_get_running (LqCodecsView *self);
/* The "stale" property: the project changed since the results shown. */
gboolean lq_codecs_view_get_stale (LqCodecsView *self);

/* What is shown: the results (of LqCodecPreviewTrack; NULL before a
 * preview), the summary line (NULL before a preview), the error of the
 * last preview (NULL when it succeeded or was cancelled), and the cell of
 * track @position (1-based) and @codec (NULL when the table has none). */
GPtrArray *lq_codecs_view_get_tracks (LqCodecsView *self);
const char *lq_codecs_view_get_summary (LqCodecsView *self);
const char *lq_codecs_view_get_error (LqCodecsView *self);
GtkWidget *lq_codecs_view_get_cell (LqCodecsView *self,
                                    guint         position,
                                    LqCodec       codec);
/* The Preview Codecs / Cancel button. */
GtkWidget *lq_codecs_view_get_button (LqCodecsView *self);

G_END_DECLS

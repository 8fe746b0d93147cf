/* lq-window-private.h: what the UI tests may look at inside LqWindow. */
#pragma once

#include "lq-edit-pane.h"
#include "lq-export-dialog.h"
#include "lq-loudness-chart.h"
#include "lq-match-dialog.h"
#include "lq-track-item.h"
#include "lq-window.h"

G_BEGIN_DECLS

/* The rows shown: LqTrackItem, in album order. */
GListModel *_lq_window_get_tracks (LqWindow *self);
/* The number of toasts shown so far, and the text of the last one. */
guint _lq_window_get_n_toasts (LqWindow *self);
const char *_lq_window_get_last_toast (LqWindow *self);
/* "empty", "busy" or "tracks". */
const char *_lq_window_get_page (LqWindow *self);
/* The heading and body of the last error dialog, one line between them. */
const char *_lq_window_get_last_error (LqWindow *self);
LqEditPane *_lq_window_get_edit_pane (LqWindow *self);
GtkSingleSelection *_lq_window_get_selection (LqWindow *self);
LqLoudnessChart *_lq_window_get_loudness_chart (LqWindow *self);
/* The Match and Export dialogs while they are open (win.match, win.export), or NULL. */
LqMatchDialog *_lq_window_get_match_dialog (LqWindow *self);
LqExportDialog *_lq_window_get_export_dialog (LqWindow *self);

/* What dropping the row of @dragged on the row of @onto does: moves the track. */
gboolean _lq_window_drop_track (LqWindow *self,
                                LqTrackItem *dragged,
                                LqTrackItem *onto);
/* What the Relink… and Save As… choosers do with the file chosen. */
void _lq_window_relink (LqWindow *self,
                        guint position,
                        const char *path);
gboolean _lq_window_save_as (LqWindow *self,
                             const char *path,
                             GError **error);

G_END_DECLS

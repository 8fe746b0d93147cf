/* lq-window-private.h: what the UI tests may look at inside LqWindow. */
#pragma once

#include "lq-edit-pane.h"
#include "lq-export-dialog.h"
#include "lq-loudness-chart.h"
#include "lq-match-dialog.h"
#include "lq-meter-panel.h"
#include "lq-playhead-waveform.h"
#include "lq-release-dialog.h"
#include "lq-track-item.h"
#include "lq-track-table-private.h"
#include "lq-transport-bar.h"
#include "lq-window.h"

G_BEGIN_DECLS

/* Adds the audio file @path to the project's reference list (read and
 * measured off the main thread, lq-window-jobs.c; a toast tells how it
 * went): what win.add-reference does with the file chosen. */
void _lq_window_add_reference (LqWindow   *self,
                               const char *path);

/* The table of tracks shown */
LqTrackTable *_lq_window_get_track_table (LqWindow *self);
/* The number of toasts shown so far, and the text of the last one. */
guint _lq_window_get_n_toasts (LqWindow *self);
const char *_lq_window_get_last_toast (LqWindow *self);
/* "empty", "busy" or "tracks". */
const char *_lq_window_get_page (LqWindow *self);
/* The heading and body of the last error dialog, one line between them. */
const char *_lq_window_get_last_error (LqWindow *self);
LqEditPane *_lq_window_get_edit_pane (LqWindow *self);
LqLoudnessChart *_lq_window_get_loudness_chart (LqWindow *self);
/* The Match, Export and Release dialogs while they are open (win.match,
 * win.export, win.release), or NULL (lq-window-actions.c). */
LqMatchDialog *_lq_window_get_match_dialog (LqWindow *self);
LqExportDialog *_lq_window_get_export_dialog (LqWindow *self);
LqReleaseDialog *_lq_window_get_release_dialog (LqWindow *self);

/* The playback parts (lq-window-playback.c) */
LqTransportBar *_lq_window_get_transport_bar (LqWindow *self);
LqMeterPanel *_lq_window_get_meter_panel (LqWindow *self);
LqPlayheadWaveform *_lq_window_get_playhead_waveform (LqWindow *self);
GtkRevealer *_lq_window_get_playback_revealer (LqWindow *self);

/* Where the playback actions go: @request is "play-pause", "stop", "seek"
 * (a double, seconds), "source" (a uint32, an LqTransportSource),
 * "loop-region" ("(dd)", seconds), "transitions", "blind-test" or "retry".
 * Without a handler, the actions that need a player are disabled. The
 * playback client's wiring sets it; the tests record through it. */
typedef void (*LqWindowPlaybackHandler) (LqWindow   *window,
                                         const char *request,
                                         GVariant   *parameter,
                                         gpointer    user_data);
void _lq_window_set_playback_handler (LqWindow               *self,
                                      LqWindowPlaybackHandler handler,
                                      gpointer                user_data);

G_END_DECLS

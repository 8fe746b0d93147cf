/* lq-window-internal.h: LqWindow's instance, shared by the files that
 * implement it (lq-window.c, lq-window-files.c, lq-window-jobs.c).
 *
 * Only those include it: the track table, the window's actions and the
 * tests reach the window through lq-window.h (and the tests through
 * lq-window-private.h).
 */
#pragma once

#include "lq-album-summary.h"
#include "lq-analysis-job.h"
#include "lq-edit-pane.h"
#include "lq-loudness-chart.h"
#include "lq-meter-panel.h"
#include "lq-playhead-waveform.h"
#include "lq-track-table.h"
#include "lq-transport-bar.h"
#include "lq-window.h"
#include "lq-window-private.h"
#include "lq-workspace.h"

G_BEGIN_DECLS

struct _LqWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *open_button;
  GtkWidget *add_button;
  GtkWidget *undo_box;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkWidget *edit_pane_button;
  GtkWidget *export_button;
  GtkStack *stack;
  AdwStatusPage *busy_page;
  GtkProgressBar *progress_bar;
  AdwFlap *flap;
  LqEditPane *edit_pane;
  GtkRevealer *project_progress_revealer;
  GtkProgressBar *project_progress_bar;
  LqWorkspace *workspace;
  LqTrackTable *track_table;
  LqAlbumSummary *album_summary;
  GtkWidget *loudness_revealer;
  GtkLabel *loudness_caption;
  LqLoudnessChart *loudness_chart;
  /* The workspace's views (lq-window-views.c) */
  struct _LqAlbumTimeline *album_timeline;
  struct _LqTrackView *track_view;
  struct _LqTonalView *tonal_view;
  struct _LqDynamicsView *dynamics_view;

  /* NULL when the schema is not installed (running uninstalled) */
  GSettings *settings;

  /* The analysis in progress or last done, and what cancels it */
  LqAnalysisJob *job;
  GBinding *progress_binding;
  GCancellable *cancellable;
  gboolean busy;

  char *last_toast;
  guint n_toasts;
  char *last_error;

  /* The album project shown, or NULL for loose files */
  LqProject *project;
  GBinding *project_progress_binding;
  GCancellable *project_cancellable;
  guint refresh_id;
  guint n_project_jobs;
  gboolean analysing;
  guint n_to_analyse;   /* tracks the analysis in progress measures */
  gboolean analyse_again;
  gboolean details_visible;
  gboolean loudness_visible;

  /* Playback (lq-window-playback.c) */
  GtkRevealer *playback_revealer;
  GtkLabel *playback_message;
  GtkWidget *playback_box;
  LqTransportBar *transport_bar;
  LqPlayheadWaveform *playhead_waveform;
  LqMeterPanel *meter_panel;
  gboolean playback_available;
  LqTransportSource current_source;
  LqTransportSource previous_source;   /* for win.source-toggle */
  LqWindowPlaybackHandler playback_handler;
  gpointer playback_handler_data;
  /* The player and its wiring (lq-window-player.c) */
  struct _LqWindowPlayer *player_wiring;
};

/* lq-window.c */
void _lq_window_set_busy (LqWindow *self,
                          gboolean busy);
/* Shows @project (NULL: back to loose files), which the window then owns. */
void _lq_window_set_project (LqWindow *self,
                             LqProject *project);
/* Brings the table, the album, the title and the actions in step with the
 * project, before the next frame. */
void _lq_window_queue_refresh (LqWindow *self);

/* lq-window-files.c */
/* Stops analysing loose files, if it was, and forgets the job. */
void _lq_window_cancel_files (LqWindow *self);
/* Files dropped on the window open, or go into the project shown. */
void _lq_window_files_init (LqWindow *self);

/* lq-window-views.c */
void _lq_window_views_init (LqWindow *self);
void _lq_window_views_set_project (LqWindow *self,
                                   LqProject *project);
/* @position: 0-based, or GTK_INVALID_LIST_POSITION */
void _lq_window_views_set_selected (LqWindow *self,
                                    guint position);
/* The player's position (@seconds from the trim) in track @loaded
 * (1-based; 0 or NAN: no playhead). */
void _lq_window_views_set_position (LqWindow *self,
                                    guint loaded,
                                    double seconds);

/* lq-window-playback.c */
void _lq_window_playback_install (GtkWidgetClass *widget_class);
void _lq_window_playback_init (LqWindow *self);

/* lq-window-layout.c */
void _lq_window_layout_install (GtkWidgetClass *widget_class);
/* Binds the layout to the window's settings (none: nothing remembered) */
void _lq_window_layout_init (LqWindow *self);

/* lq-window-jobs.c */
/* Measures the project's tracks if any has no analysis. */
void _lq_window_analyze_missing (LqWindow *self);
void _lq_window_jobs_reset (LqWindow *self);


G_END_DECLS

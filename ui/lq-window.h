/* lq-window.h: Lacquer's main window.
 *
 * A start page (new or open an album project, recent projects, loose audio
 * files, the demo album), then either an album project (its track list with
 * every measure, reorderable, undoable; its loudness chart, before and after
 * the match, Ctrl+L; a details pane for its metadata and, Ctrl+I, the
 * selected track's mastering chain; the Match dialog, Ctrl+M, and the Export
 * dialog, Ctrl+E) or loose files analysed as an album (the same table,
 * read-only).
 *
 * Its parts: LqStartPage, LqTrackTable, LqAlbumSummary, LqEditPane and
 * LqLoudnessChart are widgets of their own; the actions (win.*) and their
 * file choosers are in lq-window-actions.c, loose files in
 * lq-window-files.c, a project's background jobs in lq-window-jobs.c.
 */
#pragma once

#include <adwaita.h>

#include "lq-project.h"
#include "lq-workspace.h"

G_BEGIN_DECLS

#define LQ_TYPE_WINDOW (lq_window_get_type ())

G_DECLARE_FINAL_TYPE (LqWindow, lq_window, LQ, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). */
LqWindow *lq_window_new (GtkApplication *application);

/* Analyses @files as an album, replacing what the window showed. Files
 * that cannot be analysed are reported in toasts. */
void lq_window_open_files (LqWindow *self,
                           GFile **files,
                           guint n_files);
void lq_window_open_paths (LqWindow *self,
                           const char *const *paths);
/* Creates the demo album's project if needed (in a thread), then opens it. */
void lq_window_open_demo (LqWindow *self);

/* Opens or creates (appending ".lacquer" when missing) an album project and
 * shows it; on failure a dialog names the file and says why. */
gboolean lq_window_open_project (LqWindow *self,
                                 const char *path);
gboolean lq_window_new_project (LqWindow *self,
                                const char *path);
/* Adds audio files to the end of the project shown, then measures them. */
void lq_window_add_files (LqWindow *self,
                          const char *const *paths);
/* The project shown, or NULL (the "project" property). */
LqProject *lq_window_get_project (LqWindow *self);
/* The selected track of the project shown (0-based), or
 * GTK_INVALID_LIST_POSITION. */
guint lq_window_get_selected_position (LqWindow *self);
/* Measures the project's tracks that have no analysis yet, on worker
 * threads. */
void lq_window_analyze (LqWindow *self);
/* Points the track at @position (1-based) to the file at @path, then
 * measures it. */
void lq_window_relink (LqWindow *self,
                       guint position,
                       const char *path);
/* Copies the project to @path and goes on editing the copy. */
gboolean lq_window_save_as (LqWindow *self,
                            const char *path,
                            GError **error);
/* Looks for the project's missing files in @folder (a worker reads and
 * hashes), relinks those found, and says how many in a toast. */
void lq_window_find_moved_files (LqWindow *self,
                                 const char *folder);

/* TRUE while files are being prepared or analysed. */
gboolean lq_window_get_busy (LqWindow *self);
/* The workspace an open project shows: where the views are placed
 * (lq_workspace_set_timeline(), lq_workspace_add_view()). */
LqWorkspace *lq_window_get_workspace (LqWindow *self);

/* The window's settings; NULL when the schema is not installed. */
GSettings *lq_window_get_settings (LqWindow *self);

/* A toast saying @message, with an Undo button (win.undo) when @undo. */
void lq_window_add_toast (LqWindow *self,
                          const char *message,
                          gboolean undo);

typedef enum
{
  LQ_WINDOW_PROJECT_OPEN,
  LQ_WINDOW_PROJECT_CREATE,
  LQ_WINDOW_PROJECT_SAVE,
} LqWindowProjectVerb;

/* A dialog saying that the project at @path could not be opened, created
 * or saved, and why. */
void lq_window_show_project_error (LqWindow *self,
                                   LqWindowProjectVerb verb,
                                   const char *path,
                                   const GError *error);

/* Whether there is an audio output to play through. Without one, a
 * message at the top of the window says so (and @reason, when not NULL),
 * with a Try Again button (win.playback-retry), and the playback actions
 * are disabled; everything else works. */
void lq_window_set_playback_available (LqWindow   *self,
                                       gboolean    available,
                                       const char *reason);

G_END_DECLS

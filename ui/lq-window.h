/* lq-window.h: Lacquer's main window: an empty state, then the analysis table. */
#pragma once

#include <adwaita.h>

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
/* Creates the demo album if needed (in a thread), then analyses it. */
void lq_window_open_demo (LqWindow *self);

/* TRUE while files are being prepared or analysed. */
gboolean lq_window_get_busy (LqWindow *self);

G_END_DECLS

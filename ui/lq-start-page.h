/* lq-start-page.h: what the window shows with nothing open.
 *
 * New or open an album project, the recent album projects that still
 * exist, open loose audio files, or try the demo album: buttons for the
 * window's actions (win.new-project, win.open-project, win.open-recent,
 * win.open, win.open-demo).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What album projects are, to the recent files and the file choosers */
#define LQ_PROJECT_MIME_TYPE "application/x-lacquer"

#define LQ_TYPE_START_PAGE (lq_start_page_get_type ())

G_DECLARE_FINAL_TYPE (LqStartPage, lq_start_page, LQ, START_PAGE, AdwBin)

GtkWidget *lq_start_page_new (void);

/* Remembers the album project at @path, titled @title (NULL: its file's
 * name), among the recent files (every start page lists it). */
void lq_start_page_add_recent (const char *path,
                               const char *title);

G_END_DECLS

/* lq-ui-util.h: what the window and its dialogs share.
 *
 * How an album project reads: its file's name without ".lacquer", the title
 * the album goes by, paths with the home folder as "~"; and toasts that say
 * plain text.
 */
#pragma once

#include <adwaita.h>

#include "lq-plot-style.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* What album project files end with. */
#define LQ_PROJECT_SUFFIX ".lacquer"

/* "~/Music/Album.lacquer": @path for display. */
char *lq_display_path (const char *path);

/* The project file's name without LQ_PROJECT_SUFFIX: for display, or in
 * the file system's encoding (to name files after it). */
char *lq_project_display_name (const char *path);
char *lq_project_file_name (const char *path);

/* The album's title, else its file's display name. */
char *lq_project_dup_title (LqProject *project);

/* An undo step's label (lq_project_get_undo_label()) for display: a match
 * names its delivery target by the preset's label, not its key. */
char *lq_edit_label_for_display (LqProject  *project,
                                 const char *label);

/* A toast saying @message as written (in libadwaita 1.2 a toast's title
 * is always markup). */
AdwToast *lq_toast_new_plain (const char *message);

/* The theme's colours for a plot drawn on @widget (light or dark, the
 * user's accent, libadwaita's named colours): what app/plot draws with.
 * @opaque: the plot paints the view's background; else it leaves the
 * widget's own showing through. */
void lq_plot_style_from_widget (GtkWidget   *widget,
                                gboolean     opaque,
                                LqPlotStyle *style);

/* A modal folder chooser for @parent titled @title, opening at @start or
 * the nearest folder above it that exists (NULL: the chooser's default).
 * Show it; its "response" handler passes the response to
 * lq_folder_chooser_finish(). */
GtkFileChooserNative *lq_folder_chooser_new (GtkWindow  *parent,
                                             const char *title,
                                             const char *start);
/* The folder chosen (NULL when cancelled); lets go of @chooser. */
char *lq_folder_chooser_finish (GtkNativeDialog *chooser,
                                int              response);

/* Opens the folder or file @path with the desktop's handler. */
void lq_show_path (GtkWindow  *parent,
                   const char *path);

G_END_DECLS

/* lq-cover-row.h: the album's front cover in the details pane.
 *
 * A row of the Album page: a thumbnail of the cover stored in the project
 * (lq-project-cover.h), what it is ("PNG, 1400 × 1400, 312.4 kB"), a
 * "Choose…" button (a PNG or JPEG file) and "Remove". A picture file
 * dropped onto the row sets it too. Setting and removing are each one
 * lq_project_set_album() call ("cover=PATH", "cover="), so one undo step; a
 * file the project refuses is reported by the "edit-failed" signal with
 * the project's message (which names the file and the reason) and the
 * cover stays as it was. The row follows the project's "cover-id" (edits,
 * undo, redo). The thumbnail is decoded on a worker thread: a cover may be
 * a 16 MiB JPEG.
 */
#pragma once

#include <adwaita.h>

#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_COVER_ROW (lq_cover_row_get_type ())

G_DECLARE_FINAL_TYPE (LqCoverRow, lq_cover_row, LQ, COVER_ROW, AdwActionRow)

GtkWidget *lq_cover_row_new (void);

void lq_cover_row_set_project (LqCoverRow *self,
                               LqProject *project);

/* Sets the cover from @file, as the "Choose…" dialog and a drop do; FALSE
 * (after emitting "edit-failed") when the project refused it. */
gboolean lq_cover_row_set_file (LqCoverRow *self,
                                GFile *file);
/* Removes the cover, as "Remove" does. */
gboolean lq_cover_row_remove (LqCoverRow *self);

/* The thumbnail (NULL without a cover, or while it is decoded). */
GdkPaintable *lq_cover_row_get_paintable (LqCoverRow *self);
/* Whether a thumbnail is being decoded. For tests. */
gboolean _lq_cover_row_is_loading (LqCoverRow *self);
/* The "Choose…" dialog while it is open, else NULL. For tests. */
GtkFileChooserNative *_lq_cover_row_get_chooser (LqCoverRow *self);

G_END_DECLS

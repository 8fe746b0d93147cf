/* lq-edit-pane.h: the side pane that edits an album project.
 *
 * Three pages. Track and Album have a row for each of the track's and the
 * album's own fields of the field table (lq-project-fields.h, those without
 * a group), made by LqFieldSet: an entry row for text, codes and optional
 * whole numbers, a spin button for other numbers, a combo row for choices
 * and a switch for flags; the Album page also has the front cover's row
 * (lq-cover-row.h). Chain is the inspector (lq-inspector.h): the
 * selected track's mastering chain and the album bus. Each applied change is
 * one lq_project_set_track() or lq_project_set_album() call; a value the
 * model refuses is reported by the "edit-failed" signal (with the model's
 * message), the row shows the error style and goes back to the stored value.
 * Rows follow the project and the track as they change (edits, undo, redo).
 */
#pragma once

#include <adwaita.h>

#include "lq-cover-row.h"
#include "lq-field-set.h"
#include "lq-inspector.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_EDIT_PANE (lq_edit_pane_get_type ())

G_DECLARE_FINAL_TYPE (LqEditPane, lq_edit_pane, LQ, EDIT_PANE, GtkWidget)

GtkWidget *lq_edit_pane_new (void);

void lq_edit_pane_set_project (LqEditPane *self,
                               LqProject *project);
/* The track the Track page edits, or NULL (the Album page is shown). */
void lq_edit_pane_set_track (LqEditPane *self,
                             LqTrack *track);
LqTrack *lq_edit_pane_get_track (LqEditPane *self);

/* The page shown: "track", "album" or "chain". Choosing a track shows its
 * page, unless the chain is shown, which stays. */
const char *lq_edit_pane_get_page (LqEditPane *self);
void lq_edit_pane_set_page (LqEditPane *self,
                            const char *page);
LqInspector *lq_edit_pane_get_inspector (LqEditPane *self);

/* The rows of the Track and Album pages (lq_field_set_get_row()). For tests. */
LqFieldSet *_lq_edit_pane_get_fields (LqEditPane *self);
/* The Album page's cover row (lq-cover-row.h). For tests. */
LqCoverRow *_lq_edit_pane_get_cover_row (LqEditPane *self);

G_END_DECLS

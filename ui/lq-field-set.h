/* lq-field-set.h: rows that edit fields of an album project.
 *
 * The edit pane and the inspector show fields of the field table
 * (lq-project-fields.h) as libadwaita rows: an entry row for text, codes and
 * optional whole numbers, a spin button for other numbers, a combo row for
 * choices and a switch for flags. A set edits either the album's fields or
 * one track's. Each applied change is one lq_project_set_track() or
 * lq_project_set_album() call, so one undo step; a value the model refuses is
 * reported by the "edit-failed" signal (with the model's message), the row
 * shows the error style and goes back to the stored value.
 *
 * The set does not watch the project: its owner calls lq_field_set_refresh()
 * when the project or track notifies, so that it can update what depends on
 * the values (summaries, rows that apply) in the same step.
 */
#pragma once

#include <adwaita.h>

#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_FIELD_SET (lq_field_set_get_type ())

G_DECLARE_FINAL_TYPE (LqFieldSet, lq_field_set, LQ, FIELD_SET, GObject)

/* @album: the set edits the album's fields, else a track's. */
LqFieldSet *lq_field_set_new (gboolean album);

/* What the rows edit: @track is ignored for an album set. Shows the stored
 * values and clears the rows' error style. */
void lq_field_set_set_target (LqFieldSet *self,
                              LqProject *project,
                              LqTrack *track);

/* A new row editing @field, titled by its label, named "field-album-KEY" or
 * "field-track-KEY": an AdwEntryRow, an AdwComboRow, or an AdwActionRow whose
 * suffix is a GtkSpinButton or a GtkSwitch. @context, when not NULL, is
 * what the row belongs to ("EQ Band 3"), which assistive technologies read
 * as the editor's description. */
GtkWidget *lq_field_set_add_row (LqFieldSet *self,
                                 const LqField *field,
                                 const char *context);
/* A bare switch editing the flag @field (an expander row's header),
 * labelled @label for assistive technologies. */
GtkWidget *lq_field_set_add_switch (LqFieldSet *self,
                                    const LqField *field,
                                    const char *label);

/* Shows the stored values again. */
void lq_field_set_refresh (LqFieldSet *self);

/* The stored value of @field as text, as lacquer-cli set takes it ("" when
 * unset or nothing is edited). */
char *lq_field_set_dup_text (LqFieldSet *self,
                             const LqField *field);

/* The row (or bare switch) editing @key, or NULL. */
GtkWidget *lq_field_set_get_row (LqFieldSet *self,
                                 const char *key);
/* The spin button or switch of an action row, else the row. */
GtkWidget *lq_field_set_get_editor (LqFieldSet *self,
                                    const char *key);

/* How a stored choice reads ("high-pass": "High-Pass"), translated; others as stored. */
const char *lq_field_choice_label (const char *choice);

G_END_DECLS

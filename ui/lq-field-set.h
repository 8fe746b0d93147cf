/* lq-field-set.h: rows that edit fields of an album project and of a track.
 *
 * The edit pane and the inspector show fields of the field table
 * (lq-project-fields.h) as libadwaita rows: an entry row for text, codes and
 * optional whole numbers, a spin button for other numbers, a combo row for
 * choices and a switch for flags. A set edits the album's fields of one
 * project and the fields of one of its tracks (which may be none). Each
 * applied change is one lq_project_set_track() or lq_project_set_album()
 * call, so one undo step; a value the model refuses is reported by the
 * "edit-failed" signal (with the model's message), the row shows the error
 * style and goes back to the stored value.
 *
 * The set follows the project and the track (edits, undo, redo): when the
 * project notifies one of the set's album fields, or the track notifies
 * anything (its name, position or status may show beside the fields), the
 * set shows the stored values again and emits "changed", so that its owner
 * can update what depends on them (summaries, rows that apply, headings).
 */
#pragma once

#include <adwaita.h>

#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_FIELD_SET (lq_field_set_get_type ())

G_DECLARE_FINAL_TYPE (LqFieldSet, lq_field_set, LQ, FIELD_SET, GObject)

LqFieldSet *lq_field_set_new (void);

/* What the rows edit. Setting the project also sets the track to NULL;
 * either shows the stored values and clears the rows' error style. Both
 * return FALSE when nothing changed. */
gboolean lq_field_set_set_project (LqFieldSet *self,
                                   LqProject *project);
gboolean lq_field_set_set_track (LqFieldSet *self,
                                 LqTrack *track);
LqTrack *lq_field_set_get_track (LqFieldSet *self);

/* A new row editing @field of the album (@album) or of the track, titled
 * by its label, named "field-album-KEY" or "field-track-KEY": an
 * AdwEntryRow, an AdwComboRow, or an AdwActionRow whose suffix is a
 * GtkSpinButton or a GtkSwitch. @context, when not NULL, is what the row
 * belongs to ("EQ Band 3"), which assistive technologies read as the
 * editor's description. */
GtkWidget *lq_field_set_add_row (LqFieldSet *self,
                                 gboolean album,
                                 const LqField *field,
                                 const char *context);
/* A bare switch editing the flag @field (an expander row's header),
 * labelled @label for assistive technologies. */
GtkWidget *lq_field_set_add_switch (LqFieldSet *self,
                                    gboolean album,
                                    const LqField *field,
                                    const char *label);

/* The stored value of @field as text, as lacquer-cli set takes it ("" when
 * unset or nothing is edited). */
char *lq_field_set_dup_text (LqFieldSet *self,
                             gboolean album,
                             const LqField *field);

/* The row (or bare switch) editing @key, or NULL. */
GtkWidget *lq_field_set_get_row (LqFieldSet *self,
                                 gboolean album,
                                 const char *key);
/* The spin button or switch of an action row, else the row. */
GtkWidget *lq_field_set_get_editor (LqFieldSet *self,
                                    gboolean album,
                                    const char *key);

/* Adds an "edit-failed" signal (one string: why the model refused a value)
 * to the class @type, as LqFieldSet has; returns its id. For the widgets
 * that edit through a set. */
guint lq_field_set_add_edit_failed_signal (GType type);
/* Emits @owner's "edit-failed" when @source (a set, or a widget with that
 * signal) emits its own, while @owner exists. */
void lq_field_set_forward_edit_failed (gpointer source,
                                       gpointer owner);

/* How a stored choice reads ("high-pass": "High-Pass"), translated; others as stored. */
/* Whether @widget (the focus) is in one of a field set's entries holding
 * typed text not applied yet: then the entry's own undo is the user's. */
gboolean lq_field_set_is_editing (GtkWidget *widget);
/* Whether @widget is in one of a field set's editors */
gboolean lq_field_set_is_field_editor (GtkWidget *widget);

const char *lq_field_choice_label (const char *choice);

G_END_DECLS

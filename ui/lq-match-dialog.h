/* lq-match-dialog.h: plans an album's loudness match, and stores it.
 *
 * The settings of lacquer-cli match: the delivery target (a preset or a
 * loudness in LUFS), the mode (each track to the target, the album as mixed,
 * or continuity, which keeps a share of the differences between tracks), the
 * tonal match's strength and the track whose tone the others follow. They
 * start as the album last stored them (or, never matched, at Lacquer's
 * defaults). Every change plans the match again (lq_project_plan_match(),
 * from the analyses, on the main thread: it is quick) and previews it: the
 * loudness chart, the album's loudness, each track's gain, and what calls
 * for attention (audible limiting, a track lowered to the target's maximum).
 * Apply stores the plan, one undoable edit, and closes the dialog; Cancel
 * and Escape close it. Tracks not measured yet are said so, with a button
 * that asks for their analysis ("analyze-requested"); the preview follows
 * the project as they are measured.
 */
#pragma once

#include <adwaita.h>

#include "lq-job-dialog.h"
#include "lq-loudness-chart.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_MATCH_DIALOG (lq_match_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LqMatchDialog, lq_match_dialog, LQ, MATCH_DIALOG, LqJobDialog)

LqMatchDialog *lq_match_dialog_new (GtkWindow *parent,
                                    LqProject *project);

/* Stores the plan previewed, as Apply does; on success the dialog emits
 * "applied" (with the undo label) and closes. */
gboolean lq_match_dialog_apply (LqMatchDialog *self,
                                GError **error);

/* For tests. A preset name or a loudness ("-18"); a mode; a strength. */
void _lq_match_dialog_set_target (LqMatchDialog *self,
                                  const char *target);
void _lq_match_dialog_set_mode (LqMatchDialog *self,
                                LqMatchMode mode);
void _lq_match_dialog_set_keep (LqMatchDialog *self,
                                double keep);
/* Sets the ceiling control, as the user would. */
void _lq_match_dialog_set_ceiling (LqMatchDialog *self,
                                   double         dbtp);
/* The ceiling control's value. */
double _lq_match_dialog_get_ceiling (LqMatchDialog *self);
void _lq_match_dialog_set_tonal (LqMatchDialog *self,
                                 double tonal);
/* The target as it will be stored ("spotify", "-18"). */
const char *_lq_match_dialog_get_target (LqMatchDialog *self);
/* The plan previewed (planned now if a change is pending), or NULL with
 * the reason in @error. */
LqMatchPlan *_lq_match_dialog_get_plan (LqMatchDialog *self,
                                        const GError **error);
LqLoudnessChart *_lq_match_dialog_get_chart (LqMatchDialog *self);
/* The preview's track rows. */
GtkListBox *_lq_match_dialog_get_track_list (LqMatchDialog *self);

G_END_DECLS

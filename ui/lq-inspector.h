/* lq-inspector.h: the mastering chain of the selected track, and the album bus.
 *
 * One row a processor, in the order the chain runs them (dsp/lq-chain.h):
 * the track's EQ bands 1 to 8, match EQ, compressor and stereo width, then
 * the album bus's EQ bands, compressor and limiter. A processor's "…-on"
 * switch sits in its row's header, so it can be switched without opening
 * the row; the row's subtitle sums its settings up, and an EQ band shows only
 * the settings its type uses (gain and Q for bells and shelves, the slope
 * for passes). The rows are generated from the field table
 * (lq-project-fields.h: the fields with a group) and edit through
 * LqFieldSet: each change is one undoable project edit; a refused value is
 * reported by "edit-failed".
 *
 * Curves (issue 12): the track's EQ curve (LqEqCurve: its EQ, match EQ and
 * the bus EQ combined, with draggable band handles) above its EQ bands, the
 * bus EQ's curve above the bus bands, and the static curves of the
 * compressor, the bus compressor and the limiter (LqGainCurve, with the
 * track's expected gain reduction) at the end of their rows.
 */
#pragma once

#include <adwaita.h>

#include "lq-field-set.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_INSPECTOR (lq_inspector_get_type ())

G_DECLARE_FINAL_TYPE (LqInspector, lq_inspector, LQ, INSPECTOR, GtkWidget)

GtkWidget *lq_inspector_new (void);

void lq_inspector_set_project (LqInspector *self,
                               LqProject *project);
/* The track whose chain is shown, or NULL (only the album bus). */
void lq_inspector_set_track (LqInspector *self,
                             LqTrack *track);
LqTrack *lq_inspector_get_track (LqInspector *self);

/* For tests: the rows editing the fields (see LqFieldSet), and the row of
 * the processor named @name ("eq3", "comp", "bus-comp", "limiter"; an
 * AdwExpanderRow, or an AdwActionRow for a bare switch). */
LqFieldSet *_lq_inspector_get_fields (LqInspector *self);
/* For tests: the EQ curve of the track (above its bands) or of the bus. */
GtkWidget *_lq_inspector_get_eq_curve (LqInspector *self,
                                       gboolean album);
GtkWidget *_lq_inspector_get_processor (LqInspector *self,
                                        gboolean album,
                                        const char *name);

G_END_DECLS

/* lq-target-label.h: how delivery targets (lq-delivery-target.h) read in the UI.
 *
 * The presets by their destinations' names ("spotify": "Spotify"), and a
 * target with its numbers: "Spotify: -14.0 LUFS, -1.0 dBTP".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The preset's name for people, translated; a loudness or an unknown name as given. */
const char *lq_target_label (const char *name);
/* The preset's name for a label lq_target_label() gives (any case), or
 * @label itself (a loudness, a name). */
char *lq_target_name_from_label (const char *label);
/* The target and its rules, or @name itself when it is no target. */
char *lq_target_describe (const char *name);

G_END_DECLS

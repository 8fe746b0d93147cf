/* lq-export-checks.h: what an export checks besides loudness and peak.
 *
 * Before anything is written (lq_export_preflight()):
 *  - sources: a track whose source is missing cannot be exported; one whose
 *    content changed after its analysis is refused, naming the tracks and
 *    the commands that fix it (`lacquer-cli relink PROJECT N FILE`, or
 *    `lacquer-cli analyze PROJECT --accept-changed`), unless
 *    options->allow_changed: then it is exported and its result says so;
 *  - the stored match: an album matched for a target whose loudness rule
 *    differs from the export's target is refused (the files would miss
 *    it): match again for that target, or export for the matched one;
 *  - the target's required format (the CD: 44.1 kHz, 16-bit, stereo): the
 *    options must give it;
 *  - channels: a mono output (render.channels 1) only from mono sources.
 *
 * After writing, each file's format is read back from the file and checked
 * against the target's (lq_export_check_format()).
 */
#pragma once

#include <gio/gio.h>

#include "lq-delivery-target.h"

G_BEGIN_DECLS

/* Whether the audio file at @path has the rate, word length and channel
 * count @target requires (any, for a target that requires none). FALSE
 * with *@reason (newly allocated, translated) when it has not or cannot
 * be read. */
gboolean lq_export_check_format (const char *path,
                                 const LqDeliveryTarget *target,
                                 char **reason);

G_END_DECLS

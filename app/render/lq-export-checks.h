/* lq-export-checks.h: what an export checks besides loudness and peak.
 *
 * Before anything is written (lq_export_preflight(), which lq_export_album()
 * and lq_export_album_async() call first):
 *  - the options against the target's required format (the CD: 44.1 kHz,
 *    16-bit, stereo; lq_export_check_options());
 *  - sources: a track whose source is missing cannot be exported (there is
 *    nothing to read); one whose content changed after its analysis is
 *    refused, naming the tracks and the commands that fix it (`lacquer-cli
 *    relink PROJECT N FILE`, or `lacquer-cli analyze PROJECT
 *    --accept-changed`), unless options->allow_changed: then it is exported
 *    with the settings it has, and its result says so;
 *  - the stored match: an album matched for a target whose loudness rule
 *    differs from the export's target would miss it: refused, saying to
 *    match again for that target or to export for the matched one. (A
 *    target without a loudness rule, the CD, takes the album as matched.)
 *  - channels: a mono output (render.channels 1) only from mono sources.
 *
 * After writing, each file's format is read back from the file and checked
 * against the target's (lq_export_check_format()).
 */
#pragma once

#include <gio/gio.h>

#include "lq-delivery-target.h"
#include "lq-export.h"

G_BEGIN_DECLS

/* The format of the audio file at @path, read by libsndfile: its rate,
 * channels, word length (8, 16, 24, 32; 32 also for float; 0 when not PCM
 * or float) and frames. */
gboolean lq_export_read_format (const char *path,
                                guint *rate,
                                guint *channels,
                                guint *bits,
                                gint64 *frames,
                                GError **error);

/* Whether the audio file at @path has the rate, word length and channel
 * count @target requires (any, for a target that requires none). FALSE
 * with *@reason (newly allocated, translated; @reason may be NULL) when it
 * has not, or cannot be read. */
gboolean lq_export_check_format (const char *path,
                                 const LqDeliveryTarget *target,
                                 char **reason);

/* FALSE with LQ_ERROR_INVALID_VALUE when @options ask for a rate, word
 * length or channel count the target does not allow. */
gboolean lq_export_check_options (const LqExportOptions *options,
                                  GError **error);

/* Every check above that can be made before writing. */
gboolean lq_export_preflight (LqProject *project,
                              const LqExportOptions *options,
                              GError **error);

G_END_DECLS

/* lq-cli-play-codec.h: `lacquer-cli play`'s codec source. */
#pragma once

#include <glib.h>

#include "lq-codec-preview.h"
#include "lq-engine.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* --source codec and --codec CODEC (@source_text, @codec_text; may be
 * NULL): a known codec, one track (not @program), no --reference. Fills
 * @codec; LQ_EXIT_OK, or prints the error and @usage and returns
 * LQ_EXIT_USAGE. */
int lq_cli_play_codec_check_options (const char *usage,
                                     const char *source_text,
                                     const char *codec_text,
                                     const char *reference,
                                     gboolean program,
                                     LqCodec *codec);

/* Loads the decoded file of @track's master through @codec as @engine's
 * reference, from the track's first frame (lq_codec_decoded_get(): made
 * now when it is not cached, and unless @json a line on stderr says so).
 * LQ_EXIT_OK, or the error printed and LQ_EXIT_FAILED. */
int lq_cli_play_codec_load (LqProject *project,
                            LqTrack *track,
                            LqCodec codec,
                            LqEngine *engine,
                            gboolean json);

G_END_DECLS

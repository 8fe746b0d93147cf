/* lq-cli-play-platform.h: `lacquer-cli play --album --platform NAME
 * [--context album|track]`: the album heard as a streaming platform plays
 * it (issue 13, section 4). */
#pragma once

#include <glib.h>

#include "lq-engine.h"
#include "lq-platform.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* --platform NAME [--context album|track] (@platform, @context_text; may
 * be NULL): with --album (@album), a known platform, no --match
 * (@match_text). Fills @context (by default the album's when the platform
 * has one); LQ_EXIT_OK, or prints the error and @usage and returns
 * LQ_EXIT_USAGE. */
int lq_cli_play_platform_check_options (const char *usage,
                                        const char *platform,
                                        const char *context_text,
                                        gboolean album,
                                        const char *match_text,
                                        LqPlatformContext *context);

/* "album" or "track" (also "shuffle" and "playlist", its other names). */
gboolean lq_cli_play_platform_parse_context (const char *text,
                                             LqPlatformContext *context);

/* Loads the album's playable tracks (those lq_engine_load_album() plays)
 * into @engine as one program (each after its gap, as the album), in an
 * order shuffled by @seed (the same seed, the same order: GLib's
 * Mersenne Twister); the engine numbers them 1 .. n in that order, and
 * @order gets the project's number of each (engine track index i plays
 * track (*order)[i]). With @print, prints the order on stdout. FALSE with
 * @error as lq_engine_load_specs() fails (no track can play). */
gboolean lq_cli_play_platform_load_shuffled (LqProject *project,
                                             LqEngine *engine,
                                             guint32 seed,
                                             gboolean print,
                                             GArray **order,
                                             GError **error);

/* Gives every track of the album loaded in @engine the playback gain
 * @platform_id applies to it in @context (lq-platform.h, computed by
 * lq_platform_preview_new() from @project) as its level-match gain of
 * every source (lq_engine_set_track_match_gains(); the program's own
 * gains 0 dB: no level matching on top), and, with @print, prints the
 * table of gains on stdout and one line for each track the platform's
 * limiter would act on (played without it). FALSE with @error as
 * lq_platform_preview_new() fails (an unknown platform, a track not
 * analysed), or LQ_ERROR_INVALID_VALUE when @platform_id has no
 * @context. @order (may be NULL): the project's number of each engine
 * track (lq_cli_play_platform_load_shuffled()); NULL: the engine's own
 * numbers. */
gboolean lq_cli_play_platform_apply (LqProject *project,
                                     LqEngine *engine,
                                     const char *platform_id,
                                     LqPlatformContext context,
                                     const GArray *order,
                                     gboolean print,
                                     GError **error);

G_END_DECLS

/* lq-cli-ddp-play.h: `lacquer-cli play --ddp DIR`: the DDP read and
 * verified by the independent reader (lq-ddp-reader.h), its track table
 * printed, and its IMAGE.DAT loaded into the engine as a disc image
 * (lq-engine-image.h), played as a CD player plays it. */
#pragma once

#include "lq-ddp-reader.h"
#include "lq-engine.h"

G_BEGIN_DECLS

/* `ddp verify`'s track table on stdout (lq-cli-ddp.c). */
void lq_cli_ddp_print_tracks (LqDdpImage *image);

/* Reads and verifies @dir (a DDP that does not verify is refused with the
 * verifier's first problem, naming the file and record), prints its track
 * table unless @quiet, and loads its image into @engine; *@from is track
 * @track_number's INDEX 01 on the engine's timeline (0: track 1's, as a CD
 * player plays from stop). LQ_EXIT_OK, or an exit status after one line. */
int lq_cli_ddp_play_load (const char *dir,
                          guint track_number,
                          gboolean quiet,
                          LqEngine *engine,
                          gint64 *from);

/* The status of the image heard at timeline frame @position: "Track 3
 * 01:02.5" (the time from its INDEX 01, negative in its pregap, as a CD
 * player shows it). */
char *lq_cli_ddp_play_status (LqEngine *engine, gint64 position);

G_END_DECLS

/* lq-ddp-engine-image.h: a DDP fileset as the disc image the engine plays
 * (issue 13, section 2: listening to what goes to the plant).
 *
 * The one conversion of an LqDdpImage (lq-ddp-reader.h: positions in CD
 * frames from the disc's start, as the PQ packets give them) into an
 * LqEngineImage (lq-engine-image.h: IMAGE.DAT's 16-bit little-endian
 * samples, the track table in sample frames from IMAGE.DAT's first frame),
 * for lacquer-cli's `ddp play` and the window's player.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-ddp-reader.h"
#include "lq-engine-image.h"

G_BEGIN_DECLS

/* @ddp: read by lq_ddp_read() and verified by lq_ddp_verify() (the caller
 * refuses one that does not verify). The image of @ddp's main data file,
 * its length IMAGE.DAT's frames, and one track a DDP track: its pregap
 * (never before the image's first frame), INDEX 01 and length from INDEX 01
 * to the track's end, in sample frames (588 a CD frame) from the image's
 * first frame, and its CD-Text title. NULL with @error (LQ_ERROR_TRUNCATED,
 * naming the image file) when a track starts before the image or ends
 * after it. */
LqEngineImage *lq_ddp_engine_image_new (const LqDdpImage  *ddp,
                                        GError           **error);

G_END_DECLS

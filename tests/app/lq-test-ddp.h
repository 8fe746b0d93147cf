/* lq-test-ddp.h: a small disc for the DDP tests and make-test-ddp: its
 * layout by hand, its raw CD image from generated samples and CD-Text
 * packs built here (with their CRCs computed here, not by Lacquer). */
#pragma once

#include <glib.h>

#include "lq-cd-layout.h"

G_BEGIN_DECLS

/* 3 tracks: track 1 with the 2 s pregap and an ISRC; track 2 with a 2 s
 * pregap, an ISRC, the copy bit and audio that ends inside a frame;
 * track 3 with no pregap and an INDEX 02; the catalog 4006381333931. */
LqCdLayout *lq_test_ddp_layout (void);

/* The layout's image: raw 16-bit little-endian stereo, a deterministic
 * noise in each track's audio, digital silence elsewhere. */
GBytes *lq_test_ddp_image (const LqCdLayout *layout);

/* CD-Text packs of block 0: titles (0x80) "Album", "One", "Two", "Three"
 * and performers (0x81) "Band", "Singer", TAB (the same again), "Other". */
GBytes *lq_test_ddp_cd_text (void);

/* CRC-16 CCITT of a CD-Text pack's first 16 bytes, inverted. */
guint16 lq_test_ddp_crc (const guint8 *data, gsize length);

G_END_DECLS

/* lq-ddp-writer.h: writes a disc as a DDP 2.00 fileset for a replication
 * plant: DDPID, DDPMS, PQDESCR, IMAGE.DAT, CDTEXT.BIN (when there is
 * CD-Text) and CHECKSUM.MD5. The record layouts, and where each field's
 * definition comes from, are in lq-ddp-writer.c's header comment.
 *
 * @image_path is the disc's CD image as lq_cd_image_write() writes it in
 * LQ_CD_IMAGE_BIN format: raw 16-bit little-endian stereo, @layout's
 * leadout frames long, track 1's pregap included. @cd_text is the disc's
 * CD-Text packs (18 bytes each, CRCs included), stored as they are, or NULL.
 *
 * The fileset is written into a new hidden folder next to @out_dir and
 * renamed to @out_dir when complete; an existing @out_dir is refused
 * (LQ_ERROR_EXISTS). Blocking, for a worker thread; @progress gets the
 * fraction of the image copied. */
#pragma once

#include <gio/gio.h>

#include "lq-analyzer.h"
#include "lq-cd-layout.h"

G_BEGIN_DECLS

gboolean lq_ddp_write (const LqCdLayout *layout,
                       const char       *image_path,
                       GBytes           *cd_text,
                       const char       *out_dir,
                       GCancellable     *cancellable,
                       LqProgressFunc    progress,
                       gpointer          progress_data,
                       GError          **error);

/* The same with the image's audio starting @image_offset bytes into
 * @image_path: a WAV image as lq_cd_image_write() writes it has
 * LQ_CD_IMAGE_WAV_HEADER_BYTES of header before the same bytes. */
gboolean lq_ddp_write_at (const LqCdLayout *layout,
                          const char       *image_path,
                          guint64           image_offset,
                          GBytes           *cd_text,
                          const char       *out_dir,
                          GCancellable     *cancellable,
                          LqProgressFunc    progress,
                          gpointer          progress_data,
                          GError          **error);

G_END_DECLS

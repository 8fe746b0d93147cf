/* lq-cd-image.h: renders a disc's audio as one continuous CD image.
 *
 * The image is the concatenation, in @layout's order, of each track
 * rendered as export renders it for a CD (lq_cd_render_options_init() in
 * lq-cd-layout.h: 44.1 kHz, 16-bit, TPDF dither seeded per track number, so
 * a track renders the same bits alone or in the image), each placed at the first sample of its
 * INDEX 01 frame, with digital silence everywhere else (track 1's pregap,
 * the gaps, the padding to the next frame). Its length is layout->leadout
 * frames. A track whose render does not have exactly track->samples
 * samples fails the image.
 *
 * Written atomically (a temporary file in the destination's folder, moved
 * into place when complete and read back), never over a project's source;
 * an existing file is refused unless @overwrite. Blocking, for a worker
 * thread; @progress gets the fraction of the disc's frames done. */
#pragma once

#include <gio/gio.h>

#include "lq-cd-layout.h"
#include "lq-project.h"
#include "lq-render.h"

G_BEGIN_DECLS

/* A WAV image's canonical header: its audio, the BIN image's bytes, follows */
#define LQ_CD_IMAGE_WAV_HEADER_BYTES 44

typedef enum
{
  LQ_CD_IMAGE_WAV,   /* RIFF WAVE, 16-bit stereo 44.1 kHz */
  LQ_CD_IMAGE_BIN,   /* raw 16-bit little-endian stereo, as cdrdao and cue sheets ("BINARY") take it */
} LqCdImageFormat;

gboolean lq_cd_image_write (LqProject        *project,
                                    const LqCdLayout *layout,
                                    const char       *path,
                                    LqCdImageFormat   format,
                                    gboolean          overwrite,
                                    GCancellable     *cancellable,
                                    LqProgressFunc    progress,
                                    gpointer          progress_data,
                                    GError          **error);

G_END_DECLS

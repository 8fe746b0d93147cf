/* lq-cue-sheet.h: the disc as a CDRWIN cue sheet.
 *
 * One FILE (the CD image: WAVE for the .wav, BINARY for the raw
 * little-endian .bin), CATALOG, the album's TITLE, PERFORMER and
 * SONGWRITER, and per track TITLE, PERFORMER, SONGWRITER, FLAGS DCP (when
 * digital copy is permitted), ISRC and INDEX 00 (only when the track has
 * a pregap), 01, 02...: MM:SS:FF from the image's start. The composer, which
 * cue sheets have no command for, goes in a REM COMPOSER line.
 *
 * Encoding: ISO-8859-1, as CDRWIN and the players that read cue sheets
 * beside CD images expect, and as the disc's CD-Text is (the pre-flight
 * refuses what does not convert). A cue sheet cannot escape a quote: '"'
 * in a text becomes "''" (two apostrophes). Lines end in CR LF, as CDRWIN
 * wrote them; every reader takes them. */
#pragma once

#include <gio/gio.h>

#include "lq-cd-image.h"
#include "lq-cd-layout.h"

G_BEGIN_DECLS

/* The cue sheet's bytes (ISO-8859-1) for the image @image_name (a base
 * name); NULL with an error naming the field when a text has no
 * ISO-8859-1 form. */
GBytes  *lq_cue_sheet_build (const LqCdLayout *layout,
                             const char       *image_name,
                             LqCdImageFormat   format,
                             GError          **error);

/* Writes lq_cue_sheet_build()'s bytes to @path atomically (a temporary
 * file in its folder, renamed into place); an existing @path is refused
 * (LQ_ERROR_EXISTS) unless @overwrite. */
gboolean lq_cue_sheet_write (const LqCdLayout *layout,
                             const char       *path,
                             const char       *image_name,
                             LqCdImageFormat   format,
                             gboolean          overwrite,
                             GError          **error);

/* What writes a sheet for an image: lq_cue_sheet_build(), lq_cdrdao_toc_build() */
typedef GBytes *(*LqCdSheetBuildFunc) (const LqCdLayout *layout,
                                       const char       *image_name,
                                       LqCdImageFormat   format,
                                       GError          **error);

/* Writes @build's bytes to @path atomically (a temporary file in its
 * folder, synced and renamed into place); an existing @path is refused
 * (LQ_ERROR_EXISTS) unless @overwrite; errors name @path. Shared by the cue
 * sheet and the TOC. */
gboolean lq_cd_sheet_write (LqCdSheetBuildFunc build,
                            const LqCdLayout  *layout,
                            const char        *path,
                            const char        *image_name,
                            LqCdImageFormat    format,
                            gboolean           overwrite,
                            GError           **error);

G_END_DECLS

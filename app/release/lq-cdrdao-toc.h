/* lq-cdrdao-toc.h: the disc as a cdrdao TOC file (man cdrdao, "TOC FILES").
 *
 *   CD_DA
 *   CATALOG "0123456789012"
 *   CD_TEXT { LANGUAGE_MAP { 0 : EN }
 *             LANGUAGE 0 { TITLE, PERFORMER, SONGWRITER, COMPOSER, ARRANGER,
 *                          MESSAGE, UPC_EAN } }
 *   per track:
 *   TRACK AUDIO
 *   [NO] COPY / NO PRE_EMPHASIS / TWO_CHANNEL_AUDIO / ISRC "..."
 *   CD_TEXT { LANGUAGE 0 { TITLE, PERFORMER, SONGWRITER, COMPOSER, ISRC } }
 *   FILE "album.wav" <INDEX 00 as MM:SS:FF> <length from INDEX 00 to the track's end>
 *   START <INDEX 01 - INDEX 00>       (only with a pregap)
 *   INDEX <INDEX n - INDEX 01>        (INDEX 02 onwards)
 *
 * The file is ASCII: CD-Text is ISO-8859-1 on the disc, and each byte
 * above 0x7E (and '"' and '\') is written as cdrdao's octal escape \ooo,
 * so no reader has to guess the file's encoding. cdrdao reads a .wav as
 * WAVE and any other name as raw big-endian samples: the raw .bin image is
 * little-endian (as cue sheets take it), so a TOC for it says in a
 * comment that cdrdao needs --swap. */
#pragma once

#include <gio/gio.h>

#include "lq-cd-image.h"
#include "lq-cd-layout.h"

G_BEGIN_DECLS

GBytes  *lq_cdrdao_toc_build (const LqCdLayout *layout,
                              const char       *image_name,
                              LqCdImageFormat   format,
                              GError          **error);

/* Written atomically (lq_cd_sheet_write()) */
gboolean lq_cdrdao_toc_write (const LqCdLayout *layout,
                              const char       *path,
                              const char       *image_name,
                              LqCdImageFormat   format,
                              gboolean          overwrite,
                              GError          **error);

G_END_DECLS

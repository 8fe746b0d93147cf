/* lq-cd-text.h: CD-Text as the disc's lead-in carries it: the packs of
 * MMC-3 Annex J (Red Book's CD-Text, as cdrdao's CdTextEncoder and
 * libcdio's cdtext documentation describe it), one block (block 0,
 * English, ISO-8859-1).
 *
 * A pack is 18 bytes:
 *   0      pack type: 0x80 title, 0x81 performer, 0x82 songwriter,
 *          0x83 composer, 0x84 arranger, 0x85 message, 0x8E UPC/EAN and
 *          ISRC, 0x8F size information
 *   1      track number of the pack's first character (0: the album);
 *          for 0x8F the size pack's index (0, 1, 2)
 *   2      sequence number (0..255, counting every pack of the block)
 *   3      block number (bits 4-6) and the character position (bits 0-3):
 *          how many characters of the string the pack starts in come
 *          before it (15 for 15 or more); bit 7 (double byte) is 0
 *   4-15   12 bytes of text: the strings of the album and then of each
 *          track, each ended by a NUL, run through the packs of their
 *          type; the last pack of a type padded with NULs
 *   16-17  CRC-16 (CCITT: x^16 + x^12 + x^5 + 1, initial 0) of bytes
 *          0-15, inverted, most significant byte first
 * Each type with any text carries a string for the album and every track
 * (an empty one where there is none). The block ends with three 0x8F
 * packs whose 36 bytes are: character code (0x00, ISO-8859-1), first
 * track, last track, copyright flags (0), the number of packs of each
 * type 0x80..0x8F (16 bytes, the three 0x8F included), the last sequence
 * number of blocks 0..7 (8 bytes) and their language codes (8 bytes:
 * 0x09, English, for block 0).
 *
 * A block holds at most 256 packs: 253 text packs and the size packs. */
#pragma once

#include "lq-cd-layout.h"

G_BEGIN_DECLS

#define LQ_CD_TEXT_PACK_BYTES      18
#define LQ_CD_TEXT_MAX_TEXT_PACKS  253
#define LQ_CD_TEXT_LANGUAGE_ENGLISH 0x09

typedef enum
{
  LQ_CD_TEXT_TITLE      = 0x80,
  LQ_CD_TEXT_PERFORMER  = 0x81,
  LQ_CD_TEXT_SONGWRITER = 0x82,
  LQ_CD_TEXT_COMPOSER   = 0x83,
  LQ_CD_TEXT_ARRANGER   = 0x84,
  LQ_CD_TEXT_MESSAGE    = 0x85,
  LQ_CD_TEXT_UPC_ISRC   = 0x8E,
  LQ_CD_TEXT_SIZE_INFO  = 0x8F,
} LqCdTextPackType;

/* Whether @layout has any CD-Text (a title, performer, songwriter,
 * composer, arranger or message of the album or a track). */
gboolean lq_cd_text_layout_has_text (const LqCdLayout *layout);

/* Whether the album or any track has text of @type (for 0x8E: a catalog
 * or an ISRC): such a type carries a string for the album and every track */
gboolean lq_cd_text_type_used (const LqCdLayout *layout,
                               LqCdTextPackType  type);

/* The field of @text a pack type carries (NULL for 0x8E and 0x8F) */
const char *lq_cd_text_get_field (const LqCdText   *text,
                                  LqCdTextPackType  type);

/* The block's packs (n_packs x 18 bytes, size packs included), or NULL
 * with *n_packs 0 and no error when the layout has no text. Fails
 * (LQ_ERROR_INVALID_VALUE) on text that does not convert to ISO-8859-1,
 * naming the field and the character, and on a block that needs more than
 * LQ_CD_TEXT_MAX_TEXT_PACKS text packs: then *n_packs is still the number
 * the block would need (text packs + 3), for the pre-flight to say. */
GBytes *lq_cd_text_encode (const LqCdLayout *layout,
                           guint            *n_packs,
                           GError          **error);

/* CRC-16 CCITT (x^16 + x^12 + x^5 + 1, initial 0, not inverted) */
guint16 lq_cd_text_crc (const guint8 *data,
                        gsize         length);

/* @utf8 in ISO-8859-1, or NULL with an error naming @what and the first
 * character that has no ISO-8859-1 code */
char *lq_cd_text_to_latin1 (const char  *utf8,
                            const char  *what,
                            GError     **error);

/* "album title", "track 3 performer": what a field is, for messages */
char *lq_cd_text_describe_field (guint            track,
                                 LqCdTextPackType type);

G_END_DECLS

/* lq-tags-id3.h: updating the ID3v2.4 tag of a finished WAV or AIFF file
 * (its "id3 " / "ID3 " chunk, lq-tags.h) with frames written after the
 * audio: the front cover (APIC) and TXXX user text frames.
 *
 * Private to app/render (lq-tags-extra.c calls it).
 */
#pragma once

#include <glib.h>

#include "lq-project-cover.h"

G_BEGIN_DECLS

/* Replaces the APIC frames of the tag in the WAV (RIFF, RF64) or AIFF file
 * at @path with @cover (NULL: none) and its TXXX frames whose description
 * starts with @txxx_prefix with the pairs of @txxx (description, value,
 * description, value, …, NULL). A file without a tag gets one before its
 * audio. The chunk is rewritten in place when the tag fits in it (ID3
 * padding), otherwise the file is copied to a temporary file in its folder
 * (".NAME.lqpart-XXXXXX", what lq-output-folder.h cleans up) and renamed
 * over @path, synced to disk either way. Fails with LQ_ERROR_IO or
 * LQ_ERROR_CORRUPT naming @path, the file left as it was. */
gboolean _lq_tags_id3_update_file (const char *path,
                                   const LqCover *cover,
                                   const char *txxx_prefix,
                                   const char *const *txxx,
                                   GError **error);

/* Appends to @tag an ID3v2.4 APIC frame for @cover (front cover, type 3,
 * no description) or a TXXX frame (UTF-8). */
void _lq_tags_id3_add_apic (GByteArray *tag,
                            const LqCover *cover);
void _lq_tags_id3_add_txxx (GByteArray *tag,
                            const char *description,
                            const char *value);

G_END_DECLS

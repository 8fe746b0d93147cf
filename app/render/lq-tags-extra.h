/* lq-tags-extra.h: what exported files carry besides their text tags
 * (lq-tags.h), written once the album is exported: the album's front cover
 * and ReplayGain 2.0 loudness tags.
 *
 *  - FLAC: a PICTURE block (type 3, front cover) after the Vorbis comments,
 *    and the Vorbis comments REPLAYGAIN_TRACK_GAIN, REPLAYGAIN_TRACK_PEAK,
 *    REPLAYGAIN_ALBUM_GAIN, REPLAYGAIN_ALBUM_PEAK and
 *    REPLAYGAIN_REFERENCE_LOUDNESS, written with libFLAC (in place when the
 *    padding holds them).
 *  - WAV and AIFF: the same in the file's ID3v2.4 tag: an APIC frame and
 *    one TXXX frame per ReplayGain field (the names as descriptions),
 *    which foobar2000, mutagen, ffmpeg and loudgain read (lq-tags-id3.h).
 *
 * ReplayGain 2.0: gain = LQ_TAGS_RG_REFERENCE_LUFS − the integrated
 * loudness (EBU R 128 / BS.1770, which ReplayGain 2.0 uses), "-6.52 dB";
 * peak = the true peak as a linear amplitude (the RG 2.0 specification
 * allows a true peak), "0.891251"; reference "-18.00 LUFS". The album's
 * values are those of the album's files gated together as one programme,
 * and the highest true peak of them.
 *
 * R128_TRACK_GAIN / R128_ALBUM_GAIN (Q7.8 integers relative to −23 LUFS)
 * are defined only for Ogg Opus (RFC 7845), where they replace ReplayGain;
 * Lacquer does not export Opus, so only ReplayGain 2.0 is written.
 *
 * Blocking file I/O.
 */
#pragma once

#include <glib.h>

#include "lq-project-cover.h"

G_BEGIN_DECLS

#define LQ_TAGS_RG_REFERENCE_LUFS (-18.0)

typedef struct
{
  const LqCover *cover;   /* NULL: none */
  /* NAN: not written (a track without a loudness: digital silence, or
   * shorter than one gating block). A gain without its peak is not
   * written either. */
  double track_gain_db;
  double track_peak;      /* linear */
  double album_gain_db;
  double album_peak;
} LqTagsExtra;

/* Fills @extra's loudness from what was measured on the files: the
 * track's integrated loudness and true peak, the album's (NAN when not
 * measured). @cover stays NULL. */
void lq_tags_extra_init (LqTagsExtra *extra,
                         double track_lufs,
                         double track_true_peak_dbtp,
                         double album_lufs,
                         double album_true_peak_dbtp);

/* The ReplayGain fields of @extra, as name, value, name, value, …, NULL
 * (g_strfreev() it); no gain at all gives none, not even the reference. */
char **lq_tags_extra_replaygain (const LqTagsExtra *extra);

/* Writes @extra into the finished WAV, AIFF or FLAC file at @path,
 * replacing a front cover and ReplayGain fields it carries; the audio is
 * not touched. Without a cover or any gain, the file is left alone (TRUE). When the metadata grows past the file's padding the file is
 * copied to a temporary file in its folder (".NAME.lqpart-XXXXXX") renamed
 * over @path. Fails with LQ_ERROR_IO, LQ_ERROR_CORRUPT or
 * LQ_ERROR_NOT_AUDIO (another format) naming @path, the file left as it
 * was. */
gboolean lq_tags_write_extra (const char *path,
                              const LqTagsExtra *extra,
                              GError **error);

G_END_DECLS

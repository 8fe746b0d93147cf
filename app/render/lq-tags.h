/* lq-tags.h: release tags (title, artist, album artist, album, composer, genre, date,
 * track number and count, ISRC, comment) in exported WAV, FLAC and AIFF
 * files.
 *
 * libsndfile writes a few strings per format and has no ISRC, so each
 * format gets what libsndfile can write plus what it cannot:
 *
 *  - WAV (SF_FORMAT_WAV, WAVEX, RF64): every field in an ID3v2.4 tag in an
 *    "id3 " chunk before the audio (TIT2, TPE1, TPE2 the album artist, TALB, TCOM, TCON, TDRC,
 *    TRCK "n/N", TSRC the ISRC, COMM, TSSE), read by TagLib, mutagen,
 *    ffmpeg, foobar2000, Mp3tag. No LIST/INFO chunk: ffmpeg (5.1 and
 *    later) discards the ID3 tag of a WAV file that has one ("more
 *    suitable tags were found"), and INFO cannot hold an ISRC (its "ISRC"
 *    id means "source"). Readers of INFO only, libsndfile among them, see
 *    no tags.
 *  - AIFF (SF_FORMAT_AIFF): NAME, AUTH and ANNO from libsndfile, and the
 *    same ID3v2.4 tag in an "ID3 " chunk before the audio (no "APPL"
 *    software chunk: libsndfile 1.2 reads its own with an uninitialised
 *    value).
 *  - FLAC (SF_FORMAT_FLAC): a VORBIS_COMMENT block. libsndfile writes the
 *    strings it knows when the encoder starts; lq_tags_finish_file()
 *    replaces the fields below with libFLAC and adds 8 KiB of PADDING, so
 *    that later edits by other tag editors do not rewrite the file: TITLE,
 *    ARTIST, ALBUMARTIST, ALBUM, COMPOSER, GENRE, DATE, TRACKNUMBER,
 *    TRACKTOTAL, ISRC, COMMENT, ENCODER, keys in upper case as players
 *    expect (libFLAC's vendor string stays).
 *  - Other libsndfile formats: the strings libsndfile writes for them.
 *
 * All text is written as UTF-8 (the ID3 text encoding 3; INFO and AIFF
 * text chunks have no declared encoding and get the same bytes). Text is
 * checked before anything is written: valid UTF-8, at most
 * LQ_TAGS_MAX_TEXT bytes a field (libsndfile refuses headers over about
 * 50 KB, and the text goes into two chunks), a date YYYY, YYYY-MM or
 * YYYY-MM-DD, an ISRC of 12 characters CCXXXYYNNNNN (dashes and spaces are
 * dropped, letters put in upper case). Any other character is kept as it
 * is, quotes, newlines and control characters included.
 *
 * The album's front cover and the ReplayGain tags are added once the album
 * is exported and measured (lq-tags-extra.h); the ID3 tag keeps room for
 * the latter, so that they go in without rewriting the file.
 *
 * Blocking file I/O; call it where the file is written (a worker thread in
 * the GUI).
 */
#pragma once

#include <glib.h>
#include <sndfile.h>

G_BEGIN_DECLS

/* The longest text a field may hold, in bytes. */
#define LQ_TAGS_MAX_TEXT 2048

/* The tags of one track. A NULL or "" string, or a 0 number, is absent
 * and is not written. */
typedef struct
{
  const char *title;
  const char *artist;
  const char *album_artist;
  const char *album;
  const char *composer;
  const char *genre;
  const char *date;      /* YYYY, YYYY-MM or YYYY-MM-DD */
  const char *isrc;      /* CCXXXYYNNNNN (CC-XXX-YY-NNNNN is accepted) */
  const char *comment;
  guint track_number;    /* 1-based */
  guint n_tracks;        /* on the release; not less than track_number */
} LqTags;

/* To call right after sf_open() (or sf_open_fd()) for writing @file, in
 * @sf_format (the SF_INFO format it was opened with), before any audio
 * frame is written: sets libsndfile's strings and, for WAV and AIFF, adds
 * the ID3 chunk. Writes nothing and fails with LQ_ERROR_INVALID_VALUE when
 * a field is not allowed, LQ_ERROR_IO when libsndfile refuses. */
gboolean lq_tags_write_header (SNDFILE *file,
                               int sf_format,
                               const LqTags *tags,
                               GError **error);

/* To call after sf_close() on the finished file at @path, before it is
 * moved into place: writes what libsndfile cannot (FLAC: the Vorbis
 * comments above; nothing to do for the other formats). The file is
 * rewritten in place or, when the metadata grows, through a new file
 * "@path.tags" renamed over @path, synced to disk either way: @path must
 * be a temporary name that nobody else uses. Fails with LQ_ERROR_IO, the
 * file left as it was. */
gboolean lq_tags_finish_file (const char *path,
                              int sf_format,
                              const LqTags *tags,
                              GError **error);

/* Reads the tags of a WAV, AIFF or FLAC file (the ID3 chunk first, then
 * RIFF INFO / AIFF text chunks; Vorbis comments for FLAC). Fields the file
 * does not carry are NULL or 0. The strings belong to the result: free it
 * with lq_tags_free_read(). NULL with LQ_ERROR_NOT_AUDIO when libsndfile
 * cannot open @path. */
LqTags *lq_tags_read (const char *path,
                      GError **error);
/* Frees a result of lq_tags_read() (only those: an LqTags filled by hand
 * does not own its strings). */
void lq_tags_free_read (LqTags *tags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqTags, lq_tags_free_read)

G_END_DECLS

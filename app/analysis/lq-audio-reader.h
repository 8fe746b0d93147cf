/* lq-audio-reader.h: streaming decoder over libsndfile.
 *
 * Opens anything libsndfile reads (WAV, AIFF, FLAC, Ogg Vorbis, Opus, MP3,
 * ...) in mono or stereo, and hands out planar float blocks, so memory does
 * not grow with file length. Every failure is a GError (LQ_ERROR) whose
 * message names the reason; callers prefix the file name.
 *
 * Source audio is opened read-only and never modified.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LqAudioReader LqAudioReader;

LqAudioReader *lq_audio_reader_open (const char *path,
                                     GError **error);
void lq_audio_reader_free (LqAudioReader *self);

guint lq_audio_reader_get_sample_rate (const LqAudioReader *self);
guint lq_audio_reader_get_channels (const LqAudioReader *self);
/* Frames promised by the header (may be an estimate for lossy formats). */
gint64 lq_audio_reader_get_frames (const LqAudioReader *self);
/* A short human-readable description, e.g. "WAV 24-bit", "FLAC 16-bit", "MP3". */
const char *lq_audio_reader_get_format (const LqAudioReader *self);
/* The magnitude from which a sample is at full scale for this format. */
float lq_audio_reader_get_full_scale (const LqAudioReader *self);
/* The title tag, or NULL. */
const char *lq_audio_reader_get_title (const LqAudioReader *self);
const char *lq_audio_reader_get_artist (const LqAudioReader *self);

/* Reads up to @max_frames frames into planar[channel][0..]. Returns the
 * number of frames read, 0 at the end of the stream, or -1 with @error set
 * (a read error, or a stream that ended before the frames its header
 * promised). */
gssize lq_audio_reader_read (LqAudioReader *self,
                             float *const *planar,
                             gsize max_frames,
                             GError **error);

/* Moves to @frame (0 to the frames promised by the header; at the last, the
 * next read returns 0): the next read starts there, as if the frames before
 * it had been read. Exact for PCM and FLAC; lossy formats seek as precisely
 * as libsndfile decodes them. A frame past the end or a file that cannot
 * seek gives FALSE with @error, whose message names the file. */
gboolean lq_audio_reader_seek (LqAudioReader *self,
                               gint64 frame,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqAudioReader, lq_audio_reader_free)

G_END_DECLS

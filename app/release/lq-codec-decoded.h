/* lq-codec-decoded.h: a track's master as a codec delivers it, to listen to
 * (issue 13, section 3: the "codec" source of the A/B).
 *
 * The master as the default export renders it (as lq-codec-preview.h
 * renders it: 32-bit float WAV, the level the export holds the track at),
 * encoded as lq_codec_encode_file() encodes it, decoded (by libsndfile; AAC
 * by the ffmpeg program, lq-codec-aac.c) and aligned
 * with the master (lq_codec_find_delay()): frame i of the decoded file is
 * the decoded audio of the master's frame i, for exactly the master's
 * length (at the decoded rate: 48 kHz for Opus), as 32-bit float WAV.
 * So it plays time-aligned with the master wherever the master plays from
 * its first exported frame.
 *
 * Cached in the user's cache folder ($XDG_CACHE_HOME/lacquer/codec/),
 * keyed by a SHA-256 of the render's inputs (lq_render_gain_key(): the
 * source's fingerprint and rate, trims, fades, every chain setting, the
 * target level, the limiter and its ceiling), the export's rate and the
 * codec: an edit is a new key, and a second play of the same master
 * starts at once. A file is written under a temporary name and renamed
 * into place, so a cache entry is whole or absent.
 *
 * What reads the project (the render's spec, the cache path) and what
 * makes the file are split: lq_codec_decoded_job_new() reads the project
 * (on the main thread in the GUI) into a job that holds no project and no
 * track, and lq_codec_decoded_job_run() renders, encodes and decodes from
 * that job alone (on a worker thread): the worker cannot read the project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lq-codec-preview.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* The cache file @track's master through @codec has or would have (a new
 * string): whether lq_codec_decoded_get() would start at once. Reads the
 * project, no audio; it does not fail today (@error is for a key that
 * would need the source read). */
char *lq_codec_decoded_path (LqProject *project,
                             LqTrack *track,
                             LqCodec codec,
                             GError **error);

/* The decoded file of @track's master through @codec: the cached one, else
 * rendered, encoded, decoded and aligned now (@made, may be NULL: TRUE
 * then). Blocking (a render and an encode: seconds per minute of music);
 * for a worker thread in the GUI. NULL with @error naming the file and the
 * reason. */
char *lq_codec_decoded_get (LqProject *project,
                            LqTrack *track,
                            LqCodec codec,
                            gboolean *made,
                            GCancellable *cancellable,
                            GError **error);

/* What making @track's decoded file through @codec needs, read from the
 * project now: the render's spec and options and the cache path. Holds no
 * reference to @project or @track. Reads the project, no audio. */
typedef struct _LqCodecDecodedJob LqCodecDecodedJob;

LqCodecDecodedJob *lq_codec_decoded_job_new (LqProject *project,
                                             LqTrack *track,
                                             LqCodec codec,
                                             GError **error);
void lq_codec_decoded_job_free (LqCodecDecodedJob *job);
/* The cache file the job makes (as lq_codec_decoded_path()). */
const char *lq_codec_decoded_job_get_path (const LqCodecDecodedJob *job);
LqCodec lq_codec_decoded_job_get_codec (const LqCodecDecodedJob *job);
/* lq_codec_decoded_get() from the job: the cached file, else made now.
 * Blocking; any thread (it reads no project). */
char *lq_codec_decoded_job_run (const LqCodecDecodedJob *job,
                                gboolean *made,
                                GCancellable *cancellable,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCodecDecodedJob, lq_codec_decoded_job_free)

G_END_DECLS

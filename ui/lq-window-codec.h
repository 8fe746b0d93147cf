/* lq-window-codec.h: the window's codec source: the selected track's master
 * as a codec delivers it (lq-codec-decoded.h), made on a worker thread for
 * the player's Reference slot (lq-window-player.c).
 *
 * Private to the window's files and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lq-codec-decoded.h"

G_BEGIN_DECLS

typedef struct _LqWindowCodec LqWindowCodec;

/* On the main thread, when a file asked for is made (@path) or could not be
 * (@error naming the file and the reason); never after a cancel. */
typedef void (*LqWindowCodecDoneFunc) (const char   *path,
                                       const GError *error,
                                       gpointer      user_data);

LqWindowCodec *_lq_window_codec_new (LqWindowCodecDoneFunc done,
                                     gpointer              user_data);
/* Cancels what is being made. */
void _lq_window_codec_free (LqWindowCodec *self);

/* Cancels what is being made, then makes @track's decoded file through
 * @codec: what needs the project is read here (lq_codec_decoded_job_new());
 * the worker renders, encodes and decodes from the job alone. A cached
 * file is done at the next main-loop iteration. */
void _lq_window_codec_make (LqWindowCodec *self,
                            LqProject     *project,
                            LqTrack       *track,
                            LqCodec        codec);
void _lq_window_codec_cancel (LqWindowCodec *self);
/* A file is being made. */
gboolean _lq_window_codec_is_busy (LqWindowCodec *self);

/* What the Reference button says for @codec: "MP3 128". */
const char *_lq_window_codec_get_short_name (LqCodec codec);

/* For the tests: the thread the last job ran on (NULL: none ran yet). */
GThread *_lq_window_codec_get_worker_thread (void);

G_END_DECLS

/* lq-abx-sources.h: what a blind test compares, by name and fingerprint.
 *
 * A blind test (lq-abx-session.h) keeps each source's name ("mix",
 * "master", "reference") and a fingerprint of its audio, so that a result
 * stays tied to what was heard. `lacquer-cli abx` and the window's blind
 * test name and fingerprint the sources here, so both store the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lq-playback-graph.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* "mix", "master" or "reference": the name a blind test stores. */
const char *lq_abx_source_name (LqPlaybackSource source);
/* @name (any case) as a source; FALSE when it is none. */
gboolean lq_abx_source_from_name (const char *name,
                                  LqPlaybackSource *source);
/* What identifies the audio of @source in @track: the track's source file
 * (mix), everything the export renders from (master,
 * lq_project_get_export_inputs()), or @reference_fingerprint (reference,
 * the reference list's LqReference.fingerprint). */
char *lq_abx_source_fingerprint (LqProject *project,
                                 LqTrack *track,
                                 LqPlaybackSource source,
                                 const char *reference_fingerprint);

G_END_DECLS

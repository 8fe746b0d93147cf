/* lq-cli-playback.h: what `play` and `abx` both do before they play: a
 * project's track loaded into an engine as it is exported, and the output
 * device opened. Each prints one line and gives an exit status on a
 * failure, naming the file. */
#pragma once

#include "lq-audio-system.h"
#include "lq-engine.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* Solves the gains the exports of @tracks (LqTrack) play at
 * (lq-master-gains.h), saying so on stderr when there are any: LQ_EXIT_OK,
 * or an exit status after one line. */
int lq_cli_playback_solve (LqProject *project,
                           GPtrArray *tracks);

/* Track @track_n (from 1) of @project, loaded into @engine as exported
 * (the gap before it is the album player's, not played; its gain solved
 * first: lq_cli_playback_solve()). LQ_EXIT_OK, or an
 * exit status after one line: no such track (naming @project_path), its
 * source missing or changed (naming the file). @track, @chain_gain_db (the
 * chain's match gain) and @trim_in_s are set on success; each may be NULL. */
int lq_cli_playback_load_track (LqProject *project,
                                const char *project_path,
                                double track_n,
                                LqEngine *engine,
                                LqTrack **track,
                                double *chain_gain_db,
                                double *trim_in_s);

/* PortAudio started (lq_cli_open_audio()) and the output @name (any part
 * of "host API: device"; NULL: the default) found: the device, with the
 * system in *@audio; NULL after one line. */
LqAudioDevice *lq_cli_playback_open_output (const char *name,
                                            LqAudioSystem **audio);

G_END_DECLS

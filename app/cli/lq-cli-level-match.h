/* lq-cli-level-match.h: the level-match gains `play` and `abx` apply.
 *
 * The gains of lq-level-match.h for one track of a project: the mix (the
 * track's analysis), the master (the mix's energies at the loudness the
 * export has: measured in the track's last export when that is not stale,
 * else predicted from the project's match plan with the gains the chain
 * applies now) and a reference from the project's list, all brought to the
 * master's loudness. Computed once for every mode, so that switching the
 * mode while playing costs nothing. */
#pragma once

#include "lq-engine.h"
#include "lq-level-match.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_CLI_LEVEL_MATCH_N_MODES 4
#define LQ_CLI_LEVEL_MATCH_N_SOURCES 3

typedef struct
{
  gboolean has_reference;
  /* [LqLevelMatchMode][LqPlaybackSource] */
  LqLevelMatchResult results[LQ_CLI_LEVEL_MATCH_N_MODES][LQ_CLI_LEVEL_MATCH_N_SOURCES];
} LqCliLevels;

/* The analysis of the project's reference whose file is @path, or NULL
 * when it is not in the list or has no analysis (not an error: it is
 * played unmatched). */
LqTrackAnalysis *lq_cli_level_match_reference_analysis (LqProject *project,
                                                        const char *path);

/* @chain_gain_db: the match gain the chain applies (the render spec's
 * chain.match_gain_db). @reference: its analysis or NULL; @has_reference:
 * a reference is loaded. The loop (LOOP mode) is [@loop_start_s,
 * @loop_end_s) of the track's timeline (what is played). */
void lq_cli_level_match_compute (LqProject *project,
                                 LqTrack *track,
                                 double chain_gain_db,
                                 LqTrackAnalysis *reference,
                                 gboolean has_reference,
                                 double loop_start_s,
                                 double loop_end_s,
                                 LqCliLevels *levels);

double lq_cli_level_match_gain (const LqCliLevels *levels,
                                LqLevelMatchMode mode,
                                LqPlaybackSource source);
/* Sets every source's gain of @mode on @engine. */
void lq_cli_level_match_apply (const LqCliLevels *levels,
                               LqLevelMatchMode mode,
                               LqEngine *engine);
/* "Level match (integrated): mix +2.3 dB, master 0.0 dB, reference
 * -4.1 dB", translated, with the notes of sources left at 0 dB. */
char *lq_cli_level_match_describe (const LqCliLevels *levels,
                                   LqLevelMatchMode mode);
/* The next mode in the cycle integrated, loudest, loop, off. */
LqLevelMatchMode lq_cli_level_match_next_mode (LqLevelMatchMode mode);

G_END_DECLS

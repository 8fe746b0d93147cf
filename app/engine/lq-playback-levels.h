/* lq-playback-levels.h: the level-match gains playback applies: `play`,
 * `abx` and the playback helper (the window's player).
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

#define LQ_PLAYBACK_LEVELS_N_MODES 4
#define LQ_PLAYBACK_LEVELS_N_SOURCES 3

typedef LqLevelMatchResult LqPlaybackLevelResults[LQ_PLAYBACK_LEVELS_N_MODES][LQ_PLAYBACK_LEVELS_N_SOURCES];

typedef struct
{
  gboolean has_reference;
  /* [LqLevelMatchMode][LqPlaybackSource]; an album's: its first track's */
  LqPlaybackLevelResults results;
  /* An album or transitions (lq_playback_levels_compute_program()): each
   * track's, by the engine's track index; 0 and NULL for one track. */
  guint n_tracks;
  LqPlaybackLevelResults *tracks;
} LqPlaybackLevels;

/* The analysis of the project's reference whose file is @path, or NULL
 * when it is not in the list or has no analysis (not an error: it is
 * played unmatched). */
LqTrackAnalysis *lq_playback_levels_reference_analysis (LqProject *project,
                                                        const char *path);

/* @chain_gain_db: the match gain the chain applies (the render spec's
 * chain.match_gain_db). @reference: its analysis or NULL; @has_reference:
 * a reference is loaded. The loop (LOOP mode) is [@loop_start_s,
 * @loop_end_s) of the track's timeline (what is played). */
void lq_playback_levels_compute (LqProject *project,
                                 LqTrack *track,
                                 double chain_gain_db,
                                 LqTrackAnalysis *reference,
                                 gboolean has_reference,
                                 double loop_start_s,
                                 double loop_end_s,
                                 LqPlaybackLevels *levels);

/* Every track of the program loaded in @engine (album, transitions), each
 * matched on its own as lq_playback_levels_compute() matches one; LOOP
 * mode: the loop [@loop_start, @loop_end) (timeline frames) in the track
 * it starts in, the whole track in the others. Free with
 * lq_playback_levels_clear(). */
void lq_playback_levels_compute_program (LqProject *project,
                                         LqEngine *engine,
                                         LqTrackAnalysis *reference,
                                         gboolean has_reference,
                                         gint64 loop_start,
                                         gint64 loop_end,
                                         LqPlaybackLevels *levels);
/* The gains for what @engine has loaded of @project: the one track @track
 * (loaded with lq_engine_load_spec() from its first frame after the trim)
 * or the engine's album or transitions (@track ignored); LOOP mode: the
 * engine's loop when it has one, else the whole track. Call again when the
 * loop moves. */
void lq_playback_levels_compute_loaded (LqProject *project,
                                        LqTrack *track,
                                        LqEngine *engine,
                                        LqTrackAnalysis *reference,
                                        gboolean has_reference,
                                        LqPlaybackLevels *levels);
void lq_playback_levels_clear (LqPlaybackLevels *levels);

double lq_playback_levels_gain (const LqPlaybackLevels *levels,
                                LqLevelMatchMode mode,
                                LqPlaybackSource source);
/* Sets every source's gain of @mode on @engine (a program's: each track's,
 * lq_engine_set_track_match_gains()). */
void lq_playback_levels_apply (const LqPlaybackLevels *levels,
                               LqLevelMatchMode mode,
                               LqEngine *engine);
/* "Level match (integrated): mix +2.3 dB, master 0.0 dB, reference
 * -4.1 dB", translated, with the notes of sources left at 0 dB. */
char *lq_playback_levels_describe (const LqPlaybackLevels *levels,
                                   LqLevelMatchMode mode);
/* The next mode in the cycle integrated, loudest, loop, off. */
LqLevelMatchMode lq_playback_levels_next_mode (LqLevelMatchMode mode);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LqPlaybackLevels, lq_playback_levels_clear)

G_END_DECLS

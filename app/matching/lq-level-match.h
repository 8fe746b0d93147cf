/* lq-level-match.h: the level-match gains of what is heard.
 *
 * A louder source sounds better: to compare the mix, the master and a
 * reference by ear they are played at the same loudness. Each source's
 * loudness is measured by one statistic, and every source gets the gain
 * that brings it to the loudness of the source everything is matched to
 * (the master): its level-match gain. (Not the match gain, which is the
 * album plan's.) Pure functions over cached analysis data: no audio is
 * read, so the window and the engine call this off the audio thread
 * whenever the mode, the loop or a plan changes.
 *
 * The statistics, all from the analysis cache's BS.1770 block energies
 * (lq-track-analysis.h: momentary energies of the 400 ms blocks starting
 * every 100 ms, short-term energies of the 3 s windows starting every
 * 100 ms):
 *
 *   INTEGRATED  the whole track's gated integrated loudness (BS.1770-4,
 *               the momentary blocks through lq-loudness-gate), or the
 *               source's known loudness (below);
 *   LOUDEST     the loudest 3 s: the largest short-term loudness (a track
 *               shorter than 3 s: its largest momentary loudness, noted
 *               LQ_LEVEL_MATCH_NOTE_SHORT);
 *   LOOP        the gated integrated loudness of the momentary blocks that
 *               lie wholly inside the loop [start, end) (at least one 400 ms
 *               block: a shorter loop is LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT);
 *   OFF         no matching: every gain is 0 dB.
 *
 * A source's known loudness. The master's loudness is the loudness the
 * export will have (predicted from the plan, or measured on the exported
 * file), not the mix's: the caller passes it as known_lufs together with
 * the mix's energies. Its statistics are then the mix's shifted by
 * known_lufs minus the energies' own integrated loudness (a constant-gain
 * model of the chain; the limiter's work on peaks makes the loudest 3 s of
 * a heavily limited master read slightly high), and INTEGRATED is
 * known_lufs exactly.
 *
 * Never NaN: a source whose statistic cannot be measured (silence, no
 * data, a loop too short), or matched to a source that cannot, gets 0 dB
 * and a note saying why; a gain beyond +-LQ_LEVEL_MATCH_MAX_GAIN_DB is
 * clamped and noted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LQ_LEVEL_MATCH_MAX_GAIN_DB 24.0
/* The analysis's block hop (lq-loudness-meter.h) and block lengths. */
#define LQ_LEVEL_MATCH_HOP_S 0.1
#define LQ_LEVEL_MATCH_MOMENTARY_S 0.4

typedef enum
{
  LQ_LEVEL_MATCH_OFF,
  LQ_LEVEL_MATCH_INTEGRATED,
  LQ_LEVEL_MATCH_LOUDEST,
  LQ_LEVEL_MATCH_LOOP,
} LqLevelMatchMode;

typedef enum
{
  LQ_LEVEL_MATCH_NOTE_NONE = 0,
  LQ_LEVEL_MATCH_NOTE_NO_DATA,         /* no energies and no known loudness */
  LQ_LEVEL_MATCH_NOTE_SILENT,          /* nothing passes the gates */
  LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT,  /* no 400 ms block inside the loop */
  LQ_LEVEL_MATCH_NOTE_SHORT,           /* LOUDEST on a track under 3 s: max momentary used */
  LQ_LEVEL_MATCH_NOTE_TARGET_UNKNOWN,  /* the source matched to cannot be measured */
  LQ_LEVEL_MATCH_NOTE_CLAMPED,         /* the gain was limited to +-LQ_LEVEL_MATCH_MAX_GAIN_DB */
} LqLevelMatchNote;

typedef struct
{
  const GArray *momentary;    /* doubles, or NULL */
  const GArray *short_term;   /* doubles, or NULL */
  double known_lufs;          /* NAN, or the source's integrated loudness */
} LqLevelMatchSource;

typedef struct
{
  double statistic_lufs;      /* the source's statistic; -HUGE_VAL when not measurable */
  double gain_db;             /* its level-match gain: always finite */
  LqLevelMatchNote note;
} LqLevelMatchResult;

gboolean lq_level_match_mode_from_string (const char *name,
                                          LqLevelMatchMode *mode);
const char *lq_level_match_mode_to_string (LqLevelMatchMode mode);
/* Translated sentence for a note ("the loop is shorter than 0.4 s"), or NULL
 * for LQ_LEVEL_MATCH_NOTE_NONE. */
const char *lq_level_match_note_describe (LqLevelMatchNote note);

/* The statistic of one source (loop_* in seconds, used by LOOP only);
 * -HUGE_VAL with @note set when it cannot be measured. OFF gives NAN. */
double lq_level_match_statistic (const LqLevelMatchSource *source,
                                 LqLevelMatchMode mode,
                                 double loop_start_s,
                                 double loop_end_s,
                                 LqLevelMatchNote *note);

/* Fills @results[i] for each of @n_sources: the gain bringing source i to
 * the statistic of source @matched_to (which gets 0 dB). */
void lq_level_match_compute (const LqLevelMatchSource *sources,
                             guint n_sources,
                             guint matched_to,
                             LqLevelMatchMode mode,
                             double loop_start_s,
                             double loop_end_s,
                             LqLevelMatchResult *results);

G_END_DECLS

/* lq-match-plan.h: the loudness side of album matching.
 *
 * A plan says, for each track of an album, what gain brings it to a delivery
 * target (lq-delivery-target.h), what its loudness and true peak will then
 * be, and how hard the limiter will have to work. It is computed from the
 * tracks' analyses alone: no audio is read, nothing is stored. The plan is an
 * immutable result object.
 *
 * Levels. A track's "source level" is its measured integrated loudness plus
 * the gain the user already set on it (the @user_gains_db given to new(),
 * 0 when NULL): the plan starts from the album as the user balanced it. The
 * planned gain is applied on top of the user's; every prediction includes
 * both (see LqMatchTrack).
 *
 * Modes.
 *  - TRACK: every track to the target: gain_i = target - S_i.
 *  - ALBUM: one gain g for every track such that the album, gated as one
 *    programme, reaches the target; relative levels stay exactly as mixed.
 *  - CONTINUITY (the default): each track's offset from the album loudness,
 *    o_i = S_i - S_album, is multiplied by @keep (0 to 1): the track aims at
 *    A + keep * o_i, with A chosen so the album reaches the target. keep = 0
 *    puts every track at the same loudness, keep = 1 is ALBUM mode.
 *
 * The album's loudness after the gains is not an average of the tracks':
 * BS.1770 gating is not linear. The plan re-gates the tracks' 100 ms
 * momentary block energies, each scaled by 10^(gain/10), as one programme
 * (lq_loudness_gate_integrated()), and solves for A on that exact measure
 * (to 0.0001 LU). Scaling every block by the same factor shifts the gated
 * loudness by exactly that many dB, save for blocks crossing the absolute
 * gate (-70 LUFS), so the solution takes one or two steps.
 *
 * A track's loudness after its gain is likewise re-gated from its own scaled
 * blocks.
 *
 * Mono sources. Lacquer plays a mono source as dual mono and writes it so
 * by default (lq-render.h); BS.1770 reads that LQ_DUAL_MONO_DB (3.01 LU)
 * above the mono file's own loudness. The plan works on the loudness of
 * what is heard and written: a mono track's source level and its blocks
 * are raised by that much (LqMatchTrack.dual_mono_db); its true peak is
 * not. An export written as mono (from mono sources only) adds the same
 * amount to every track's gain, which lands each mono file on the level
 * planned (lq-export.h).
 *
 * Maximum track loudness (AES TD1008: no track louder than -14 LUFS): a track
 * whose planned level would exceed it is lowered to it (flag CAPPED), and A
 * is solved again with that cap in the gain of every track, so the album
 * still reaches its target through the other tracks and no track goes over.
 * The cap applies in every mode; in ALBUM mode it is the one case where gains
 * differ. When the album cannot reach the target under the cap the plan says
 * so (lq_match_plan_get_album_target_reached()).
 *
 * No loudness rule (cd): the planned gains are all 0 whatever the mode; only
 * the peak ceiling matters.
 *
 * Peaks. The predicted true peak is the peak before the limiter: the
 * measured one plus the user's gain, the planned gain and the match EQ's
 * peak change (lq_tonal_plan_get_peak_change_db(): the curve's gain
 * weighted by each band's amplitude in the waveform, not its K-weighted
 * loudness change, which under-predicts the peaks of a boosted bass). The output true peak is what the
 * limiter lets through: the lower of that and the ceiling.
 *
 * Limiting. The expected limiter gain reduction of a track is a first-order
 * estimate: max (0, predicted true peak - ceiling), where the predicted true
 * peak is the one above. It is the reduction the loudest
 * peak needs; it ignores that limiting lowers the loudness a little (mostly
 * well under 0.5 LU for a few dB on sparse peaks, more on dense material),
 * which the render measures afterwards. Above 3 dB the track is flagged
 * LIMITER_WARNING: the plan asks for audible limiting.
 *
 * Tracks without a loudness (a NULL analysis: the file failed; or digital
 * silence, integrated loudness NAN) get a planned gain of 0 and the flag
 * NO_LOUDNESS; they do not fail the plan. A silent track's blocks still take
 * part in the album gating (they fall under the gates).
 */
#pragma once

#include <glib-object.h>

#include "lq-delivery-target.h"
#include "lq-tonal-plan.h"
#include "lq-track-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_MATCH_MODE_TRACK,
  LQ_MATCH_MODE_ALBUM,
  LQ_MATCH_MODE_CONTINUITY,
} LqMatchMode;

#define LQ_MATCH_DEFAULT_MODE LQ_MATCH_MODE_CONTINUITY
#define LQ_MATCH_DEFAULT_KEEP 0.5
/* BS.1770 reads a signal on both channels this much louder than the same
 * signal on one: 10 log10 2 dB (see "Mono sources" above). */
#define LQ_DUAL_MONO_DB 3.0102999566398120
/* Expected limiter gain reduction (dB) above which a track is flagged. */
#define LQ_MATCH_LIMITER_WARNING_DB 3.0

typedef enum
{
  LQ_MATCH_TRACK_NO_LOUDNESS = 1 << 0,     /* no analysis or silent: gain 0 */
  LQ_MATCH_TRACK_LIMITER_WARNING = 1 << 1, /* limiter_reduction_db > 3 */
  LQ_MATCH_TRACK_CAPPED = 1 << 2,          /* lowered to the target's max track loudness */
  LQ_MATCH_TRACK_NO_BLOCKS = 1 << 3,       /* a loudness but no block energies: its
                                              predicted loudness is arithmetic and it
                                              takes no part in the album gating */
} LqMatchTrackFlags;

typedef struct
{
  double measured_lufs;             /* integrated loudness as analysed; NAN if none */
  double dual_mono_db;              /* LQ_DUAL_MONO_DB for a mono source, else 0: included
                                       in predicted_lufs and target_lufs */
  double user_gain_db;              /* the gain the user had set (0 when none given) */
  double gain_db;                   /* the planned gain, on top of user_gain_db */
  double target_lufs;               /* the level this track aims at; NAN if none */
  double predicted_lufs;            /* after user_gain_db + gain_db, re-gated; NAN if none */
  double measured_true_peak_dbtp;   /* as analysed; NAN if unknown */
  double predicted_true_peak_dbtp;  /* before the limiter: measured + user_gain_db + gain_db
                                       + eq_peak_change_db */
  double output_true_peak_dbtp;     /* after the limiter: MIN (predicted, ceiling); NAN if
                                       unknown */
  double limiter_reduction_db;      /* max (0, predicted true peak - ceiling); 0 if unknown */
  double eq_loudness_change_db;     /* the match EQ's predicted loudness change (0 without
                                       a tonal plan), included in predicted_lufs */
  double eq_max_move_db;            /* the match EQ's largest band move (0 without) */
  double eq_peak_change_db;         /* the match EQ's peak change (0 without; see "Peaks") */
  guint eq_bands_at_cap;            /* the match EQ's bands at the cap (0 without) */
  LqMatchTrackFlags flags;
} LqMatchTrack;

#define LQ_TYPE_MATCH_PLAN (lq_match_plan_get_type ())

G_DECLARE_FINAL_TYPE (LqMatchPlan, lq_match_plan, LQ, MATCH_PLAN, GObject)

/* "track", "album", "continuity" (case-insensitive). */
gboolean lq_match_mode_from_string (const char *text,
                                    LqMatchMode *mode,
                                    GError **error);
const char *lq_match_mode_to_string (LqMatchMode mode);

/* @tracks: LqTrackAnalysis in album order (NULL entries allowed).
 * @keep: 0 to 1, used by CONTINUITY mode only.
 * @ceiling_dbtp: the true-peak ceiling, -20 to 0 dBTP, or NAN for the target's.
 * @user_gains_db: one gain per track (-48 to 24 dB), or NULL for none.
 * Fails with LQ_ERROR_INVALID_VALUE for a @keep, ceiling or user gain out of range. */
LqMatchPlan *lq_match_plan_new (GPtrArray *tracks,
                                const LqDeliveryTarget *target,
                                LqMatchMode mode,
                                double keep,
                                double ceiling_dbtp,
                                const double *user_gains_db,
                                GError **error);

/* The same with a tonal plan (lq-tonal-plan.h, one track per track, or
 * NULL): each track's source level includes the loudness change of its
 * match EQ, so the gains that follow it still reach the target. The plan
 * keeps a reference to @tonal. */
LqMatchPlan *lq_match_plan_new_with_tonal (GPtrArray *tracks,
                                           const LqDeliveryTarget *target,
                                           LqMatchMode mode,
                                           double keep,
                                           double ceiling_dbtp,
                                           const double *user_gains_db,
                                           LqTonalPlan *tonal,
                                           GError **error);
/* The tonal plan, or NULL. */
LqTonalPlan *lq_match_plan_get_tonal (LqMatchPlan *self);

const LqDeliveryTarget *lq_match_plan_get_target (LqMatchPlan *self);
LqMatchMode lq_match_plan_get_mode (LqMatchPlan *self);
double lq_match_plan_get_keep (LqMatchPlan *self);
/* The ceiling used: the override, or the target's. */
double lq_match_plan_get_ceiling_dbtp (LqMatchPlan *self);

guint lq_match_plan_get_n_tracks (LqMatchPlan *self);
const LqMatchTrack *lq_match_plan_get_track (LqMatchPlan *self,
                                             guint i);

/* The album gated as one programme, with the user's gains only; NAN when no
 * track has a loudness. */
double lq_match_plan_get_measured_album_lufs (LqMatchPlan *self);
/* The same after the planned gains. */
double lq_match_plan_get_predicted_album_lufs (LqMatchPlan *self);
/* FALSE when the target has a loudness rule and the plan misses it by more
 * than 0.01 LU: in TRACK mode a track with a loudness is predicted off the
 * target (or no track has a loudness), in the other modes the predicted album
 * is. Only possible under a max track loudness (a track CAPPED), or when no
 * track has a loudness: a target without a max track loudness (NAN) has no
 * cap. TRUE for a target without a loudness rule. */
gboolean lq_match_plan_get_album_target_reached (LqMatchPlan *self);
/* Why the target is not reached, for the user (translated), or NULL when it
 * is: a cap held a track down, or no track has a loudness. Never names a
 * cap the target does not have. */
char *lq_match_plan_dup_miss_message (LqMatchPlan *self);
/* Number of tracks flagged LIMITER_WARNING. */
guint lq_match_plan_get_n_limiter_warnings (LqMatchPlan *self);

G_END_DECLS

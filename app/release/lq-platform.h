/* lq-platform.h: what listeners will hear (issue 13, section 4).
 *
 * The streaming platforms' published loudness normalisation rules as data
 * (lq-platform.c cites the source of each, and says where sources disagree),
 * and the preview of an album under them: per platform, per context and per
 * track the playback gain the platform applies, the loudness the listener
 * gets, what a player-side limiter takes off, and the jumps in loudness
 * between consecutive tracks.
 *
 * The rule, for a piece of audio of integrated loudness L and true peak P
 * (in album context the album's integrated loudness, gated as one
 * programme, and the highest true peak of its tracks; one gain for every
 * track):
 *
 *   gain = target_lufs - L
 *   gain > 0 and !boosts:                 gain = 0 (the platform only turns down)
 *   gain > 0 and boost_peak_limit finite: gain = MAX (0, MIN (gain, boost_peak_limit - P))
 *   limiter_dbtp finite:                  limited_db = MAX (0, P_track + gain - limiter_dbtp)
 *   listener_lufs = L_track + gain
 *
 * The listener's loudness is the master's plus the gain: a limiter's
 * (Spotify "loud") small loss of loudness is not modelled; limited_db says
 * how hard it works. A track without a loudness (silence, under 0.4 s)
 * gets gain 0 in track context and NAN loudness.
 *
 * The master's figures, without rendering (lq_platform_preview_new()):
 *  - a matched album (a stored match): each track's loudness is the level
 *    the default export holds it at (lq_export_get_held_levels(), the
 *    stored match planned again), its true peak the plan's output true
 *    peak (the peak before the limiter, limited to the export's ceiling),
 *    the album's loudness the plan's predicted album loudness (the tracks'
 *    block energies re-gated as one programme after the gains);
 *  - otherwise: each track's analysed loudness plus its "gain" field
 *    (re-gated), its analysed true peak plus that gain, limited to the
 *    default export's ceiling (lq_export_get_ceiling()), and the album
 *    gated as one programme from the same blocks. The limiter's small cost
 *    in loudness on a track pushed into it is not predicted (the export
 *    checks it within LQ_EXPORT_UNMATCHED_TOLERANCE_LU).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-project.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_PLATFORM_CONTEXT_ALBUM,   /* the album played in order: one gain for all tracks */
  LQ_PLATFORM_CONTEXT_TRACK,   /* shuffle, playlists: each track its own gain */
} LqPlatformContext;

/* "album", "track". */
const char *lq_platform_context_to_string (LqPlatformContext context);

typedef struct
{
  /* "spotify-normal", "spotify-loud", "spotify-quiet", "apple-music",
   * "youtube", "tidal", "amazon-music", "deezer". */
  const char *id;
  const char *name;              /* as people read it, not translated (a brand) */
  double target_lufs;            /* the normalisation level (BS.1770 integrated) */
  gboolean boosts;               /* raises quieter masters (else only turns down) */
  double boost_peak_limit_dbtp;  /* a boost stops where the true peak reaches this; NAN: none */
  double limiter_dbtp;           /* a player limiter engages here; NAN: none */
  gboolean has_album_mode;       /* one gain per album when the album is played */
  gboolean has_track_mode;       /* each track its own gain (shuffle, playlists) */
  const char *source;            /* the rule's source: a URL (README cites it) */
} LqPlatform;

/* The platforms, in the order above; @n (may be NULL) gets how many. */
const LqPlatform *lq_platform_get_all (guint *n);
/* The platform @id, or NULL. */
const LqPlatform *lq_platform_find (const char *id);
/* "spotify-normal, spotify-loud, …": for messages. */
char *lq_platform_dup_ids (void);

/* The gains of @platform in @context for @n tracks of loudness @lufs
 * (NAN: none) and true peak @true_peak_dbtp (NAN: unknown, taken as no
 * limit), the album's loudness @album_lufs (album context only): fills
 * @gain_db and @limited_db (n each). Pure arithmetic: the rule above. */
void lq_platform_apply (const LqPlatform *platform,
                        LqPlatformContext context,
                        guint n,
                        const double *lufs,
                        const double *true_peak_dbtp,
                        double album_lufs,
                        double *gain_db,
                        double *limited_db);

typedef struct
{
  guint number;                  /* 1-based position */
  char *title;
  double master_lufs;            /* the master's loudness (see above); NAN: none */
  double master_true_peak_dbtp;  /* NAN: unknown */
  double playback_gain_db;
  double listener_lufs;          /* master_lufs + playback_gain_db; NAN: none */
  double limited_db;             /* what the platform's limiter takes off the peak */
  double jump_lu;                /* listener_lufs minus the previous track's; NAN for track 1 */
} LqPlatformTrack;

/* The gain Lacquer plays @track at to let it be heard as the platform
 * plays it: playback_gain_db, less limited_db where the platform's limiter
 * would act. Lacquer's playback has no such limiter, and the raw gain
 * would clip the peaks the limiter holds: so the track plays limited_db
 * quieter than the platform plays it, its peaks where the limiter would
 * hold them (the command line and the window say so). 0 when unknown. */
double lq_platform_track_get_listening_gain_db (const LqPlatformTrack *track);

typedef struct
{
  const LqPlatform *platform;
  LqPlatformContext context;
  guint n_tracks;
  LqPlatformTrack *tracks;
  /* The jump of the largest size (signed, LU) and the track it leads to
   * (1-based); 0 and 0 for fewer than two tracks with a loudness. */
  double max_jump_lu;
  guint max_jump_track;
} LqPlatformPlayback;

/* Where the master's figures came from (see above). */
typedef enum
{
  LQ_PLATFORM_LEVELS_MATCH,      /* the stored match's held levels */
  LQ_PLATFORM_LEVELS_ANALYSIS,   /* the analyses and the tracks' gains */
} LqPlatformLevels;

/* "match", "analysis". */
const char *lq_platform_levels_to_string (LqPlatformLevels levels);

typedef struct _LqPlatformPreview LqPlatformPreview;

/* The preview of @project for @platform_id (NULL: every platform): one
 * playback per platform and context it has (album first). Fails with
 * LQ_ERROR_INVALID_VALUE for an unknown id (the message lists the known
 * ones), LQ_ERROR_NOT_ANALYSED when a track has no analysis, and
 * LQ_ERROR_INVALID_VALUE for an album without tracks. Reads no audio. */
LqPlatformPreview *lq_platform_preview_new (LqProject *project,
                                            const char *platform_id,
                                            GError **error);
/* The same from the master's figures given (@n tracks; @titles may be
 * NULL): the preview of an album not in a project, and the tests'. */
LqPlatformPreview *lq_platform_preview_new_from_levels (guint n,
                                                        const char *const *titles,
                                                        const double *lufs,
                                                        const double *true_peak_dbtp,
                                                        double album_lufs,
                                                        LqPlatformLevels levels,
                                                        const char *platform_id,
                                                        GError **error);
void lq_platform_preview_free (LqPlatformPreview *self);

LqPlatformLevels lq_platform_preview_get_levels (LqPlatformPreview *self);
/* The master album's integrated loudness (NAN: none). */
double lq_platform_preview_get_album_lufs (LqPlatformPreview *self);
guint lq_platform_preview_get_n_playbacks (LqPlatformPreview *self);
const LqPlatformPlayback *lq_platform_preview_get_playback (LqPlatformPreview *self,
                                                            guint i);
/* The playback of @platform_id in @context, or NULL. */
const LqPlatformPlayback *lq_platform_preview_find (LqPlatformPreview *self,
                                                    const char *platform_id,
                                                    LqPlatformContext context);

/* {"levels_from", "album_lufs", "playbacks": [{"platform", "name",
 * "context", "target_lufs", "boosts", "boost_peak_limit_dbtp",
 * "limiter_dbtp", "source", "max_jump_lu", "max_jump_track", "tracks":
 * [{"number", "title", "platform", "context", "master_lufs",
 * "master_true_peak_dbtp", "playback_gain_db", "listener_lufs",
 * "limited_db", "jump_lu"}]}]}; unknown figures are null. The command
 * wraps it in its versioned document. */
JsonNode *lq_platform_preview_to_json (LqPlatformPreview *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqPlatformPreview, lq_platform_preview_free)

G_END_DECLS

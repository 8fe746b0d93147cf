/* lq-cd-preflight.h: the Red Book pre-flight of a disc's layout, before
 * anything is rendered or written.
 *
 * Errors (a disc a plant refuses or players misread):
 *   "tracks"          no tracks, or more than 99
 *   "track-length"    a track shorter than 4 s from its INDEX 01 to its end
 *   "first-track"     track 1's INDEX 01 before 2 s, or its INDEX 00 not at
 *                     the start of the disc
 *   "positions"       INDEX 00 after INDEX 01, a track not starting where
 *                     the one before ends, index points out of order or
 *                     outside their track, the lead-out before the end
 *   "playing-time"    more than 79:57.00 on the disc
 *   "isrc"            an ISRC that is not CCXXXYYNNNNN, or one two tracks share
 *   "upc"             a UPC/EAN that is not 13 digits with the right check digit
 *   "cd-text-charset" CD-Text that ISO-8859-1 cannot hold (the field and the character)
 *   "cd-text-size"    CD-Text over its budget (253 text packs a block)
 *   "pre-emphasis"    a track flagged with pre-emphasis (Lacquer never applies it)
 * Warnings:
 *   "playing-time"    more than 74:00.00 (some players and blanks stop at 74 minutes)
 *
 * Each problem is one line naming the track (or the disc) and the rule. */
#pragma once

#include "lq-cd-layout.h"

G_BEGIN_DECLS

#define LQ_CD_MIN_TRACK_FRAMES      (4 * LQ_CD_FRAMES_PER_SECOND)
#define LQ_CD_FIRST_TRACK_FRAMES    (2 * LQ_CD_FRAMES_PER_SECOND)
#define LQ_CD_MAX_FRAMES            ((79 * 60 + 57) * LQ_CD_FRAMES_PER_SECOND)
#define LQ_CD_WARN_FRAMES           (74 * 60 * LQ_CD_FRAMES_PER_SECOND)

typedef enum
{
  LQ_CD_PROBLEM_ERROR,
  LQ_CD_PROBLEM_WARNING,
} LqCdProblemSeverity;

typedef struct
{
  LqCdProblemSeverity severity;
  guint track;         /* 1..99, or 0 for the disc */
  const char *rule;    /* one of the rule names above (static) */
  char *message;       /* one line: "Track 3: ... (rule)" */
} LqCdProblem;

typedef struct
{
  GPtrArray *problems;   /* LqCdProblem*, errors first, each in track order */
  guint n_errors;
  guint n_warnings;
  guint n_text_packs;    /* the CD-Text block's packs (size packs included), 0: no CD-Text */
} LqCdPreflight;

LqCdPreflight *lq_cd_preflight_run  (const LqCdLayout    *layout);
void           lq_cd_preflight_free (LqCdPreflight       *preflight);
/* No errors (warnings allowed) */
gboolean       lq_cd_preflight_passed (const LqCdPreflight *preflight);
const char    *lq_cd_problem_severity_to_string (LqCdProblemSeverity severity);

/* Whether @isrc is 12 characters CCXXXYYNNNNN (letters, alphanumerics, digits) */
gboolean       lq_cd_isrc_is_valid  (const char          *isrc);
/* Whether @catalog is 13 digits with a valid EAN-13 check digit */
gboolean       lq_cd_catalog_is_valid (const char        *catalog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCdPreflight, lq_cd_preflight_free)

G_END_DECLS

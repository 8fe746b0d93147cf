/* lq-tonal-model.h: what the Tonal Balance view shows (issue 12, item 3).
 *
 * Per track its loudness-normalised 1/3-octave spectrum (mid and side, as
 * lq-tonal-plan.h normalises them: each band minus the track's integrated
 * loudness, a mono file's plus 3 dB), before the match EQ and after it:
 * before plus the stored match-EQ correction as the export applies it
 * (lq_chain_settings_from_project(): the album's strength and cap, off when
 * the track's match EQ is off or bypassed). The curve it is compared with:
 * the album's centroid, the anchor track's or a reference's spectrum (as
 * a tonal plan with that setting defines it). The album's tonal spread
 * before and after the match, the figures `lacquer-cli match` prints: a
 * tonal plan of the stored match's settings (strength, cap, anchor,
 * reference), or of strength 0 when the album was never matched tonally
 * (after = before then).
 *
 * Plain data, no GTK; the same model draws in the window and the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-project.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_TONAL_MID,
  LQ_TONAL_SIDE,
} LqTonalChannel;

typedef enum
{
  LQ_TONAL_COMPARE_CENTROID,   /* the album's mean */
  LQ_TONAL_COMPARE_ANCHOR,     /* one track of the album */
  LQ_TONAL_COMPARE_REFERENCE,  /* one file of the project's reference list */
} LqTonalCompare;

/* Slope guides through 0 dB at this frequency. */
#define LQ_TONAL_GUIDE_PIVOT_HZ 1000.0

typedef struct
{
  char *name;
  guint position;        /* 1-based */
  gboolean has_spectrum; /* FALSE: not analysed, silent, no spectrum: no curves */
  gboolean corrected;    /* the match EQ changes it (after differs from before) */
  double *before[2];     /* [LqTonalChannel][band] dB re the track's loudness */
  double *after[2];      /* before + the applied match EQ */
} LqTonalModelTrack;

typedef struct
{
  guint n_bands;
  double *centres;           /* Hz, ascending */
  guint n_tracks;
  LqTonalModelTrack *tracks; /* album order */

  LqTonalCompare compare;
  guint compare_index;       /* anchor: 1-based track; reference: 1-based in the list */
  char *compare_name;        /* "Album Centroid", the track's or reference's name */
  double *compare_curve[2];  /* [channel][band]; -INFINITY where silent */

  gboolean matched;          /* the project holds a match with a tonal part */
  double strength;           /* its strength and cap (0 and NAN without) */
  double cap_db;
  double spread_before_db;   /* NAN with fewer than two spectra */
  double spread_after_db;
} LqTonalModel;

/* The model of @project as it is. @compare and @compare_index choose the
 * comparison curve (ignored for the centroid). NULL with an error when
 * fewer than two tracks have a spectrum, or the anchor or reference has
 * none (LQ_ERROR_INVALID_VALUE, as lq_tonal_plan_new()). */
LqTonalModel *lq_tonal_model_new (LqProject *project,
                                  LqTonalCompare compare,
                                  guint compare_index,
                                  GError **error);
void lq_tonal_model_free (LqTonalModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqTonalModel, lq_tonal_model_free)

/* The band nearest @hz (on the log axis); G_MAXUINT without bands. */
guint lq_tonal_model_find_band (const LqTonalModel *model,
                                double hz);
/* The slope guide's value at @hz: @db_per_octave * log2 (hz / pivot). */
double lq_tonal_guide_db (double db_per_octave,
                          double hz);

/* A spread as `lacquer-cli match` prints it ("3.21"; "—" for NAN). */
char *lq_tonal_format_spread (double spread_db);

/* The accessible description: what is compared, the album's tonal spread
 * ("tonal spread 3.21 dB before, 1.05 dB after"), and the tracks furthest
 * from the comparison curve. */
char *lq_tonal_model_dup_description (const LqTonalModel *model,
                                      LqTonalChannel channel);

/* The read-out of band @band for track @track (0-based; G_MAXUINT: every
 * track shown is left out, only the comparison): "1 kHz · track 3 +1.2 dB
 * vs centroid, after +0.3 dB". */
char *lq_tonal_model_dup_readout (const LqTonalModel *model,
                                  LqTonalChannel channel,
                                  guint band,
                                  guint track,
                                  gboolean before,
                                  gboolean after);

G_END_DECLS

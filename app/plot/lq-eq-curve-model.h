/* lq-eq-curve-model.h: the EQ curve of a track: what its chain's EQs do to
 * each frequency.
 *
 * The model holds, on a log grid of LQ_EQ_CURVE_POINTS frequencies from
 * LQ_EQ_CURVE_MIN_HZ to LQ_EQ_CURVE_MAX_HZ, the response in dB of each EQ
 * the track's chain runs (its parametric EQ, its match EQ, the album's bus
 * EQ) and their sum, for the mid signal (what centred content goes
 * through: the stereo bands and the mid ones; the match EQ's mid filter).
 * The responses come from dsp/ for the chain settings the export renders
 * with (lq_render_spec_init()): the parametric EQs' analytic response
 * (lq_parametric_eq_response_db()) and the match EQ's realised response,
 * read from the filter it designs (lq_match_eq_kernel_response_db()). So
 * the curve is the one the export applies, not a drawing of the settings.
 *
 * The handles are the EQ bands, the track's then the bus's, on or off, at
 * their frequency and gain (passes, which have no gain, at 0 dB).
 *
 * Without a track, the model holds the album bus EQ alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-chain.h"
#include "lq-parametric-eq.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_EQ_CURVE_POINTS 256
#define LQ_EQ_CURVE_MIN_HZ 20.0
#define LQ_EQ_CURVE_MAX_HZ 20000.0
#define LQ_EQ_CURVE_MAX_HANDLES (2 * LQ_PEQ_MAX_BANDS)

typedef enum
{
  LQ_EQ_CURVE_PART_TRACK,   /* the track's parametric EQ */
  LQ_EQ_CURVE_PART_MATCH,   /* its match EQ */
  LQ_EQ_CURVE_PART_BUS,     /* the album's bus EQ */
  LQ_EQ_CURVE_N_PARTS,
} LqEqCurvePart;

typedef struct
{
  gboolean album;     /* a bus EQ band (edits the album), else the track's */
  guint band;         /* 1-based, as the fields number them ("eq3-freq") */
  LqEqBand settings;  /* as the chain runs it */
} LqEqCurveHandle;

typedef struct
{
  guint rate;                                         /* the chain's (the source's) */
  gboolean has_track;
  double freq[LQ_EQ_CURVE_POINTS];                    /* Hz, log spaced */
  double part_db[LQ_EQ_CURVE_N_PARTS][LQ_EQ_CURVE_POINTS];
  gboolean part_active[LQ_EQ_CURVE_N_PARTS];          /* any band on, the match EQ on */
  double sum_db[LQ_EQ_CURVE_POINTS];
  double sum_min_db, sum_max_db;                      /* the sum's range */
  double match_max_abs_db;                            /* the match EQ's largest |dB| */
  LqEqCurveHandle handles[LQ_EQ_CURVE_MAX_HANDLES];
  guint n_handles;
} LqEqCurveModel;

/* The kind of band, as the fields' choices name it ("bell", "low-shelf"). */
const char *lq_eq_curve_type_name (LqEqType type);
/* Whether a band of @type has a gain (bells and shelves, not passes). */
gboolean lq_eq_curve_type_has_gain (LqEqType type);

/* The grid's @index'th frequency. */
double lq_eq_curve_grid_freq (guint index);

/* Builds the model of @track (NULL: the album bus alone) of @project. */
LqEqCurveModel *lq_eq_curve_model_new (LqProject *project,
                                       LqTrack *track);
/* The same from chain settings at @rate (the chain's); @has_track FALSE:
 * the bus EQ of @settings alone. */
LqEqCurveModel *lq_eq_curve_model_new_from_settings (const LqChainSettings *settings,
                                                     gboolean has_track,
                                                     guint rate);
void lq_eq_curve_model_free (LqEqCurveModel *model);

/* Replaces handle @index's frequency and gain (a drag's preview) and
 * recomputes its part and the sum. */
void lq_eq_curve_model_move_handle (LqEqCurveModel *model,
                                    guint index,
                                    double freq_hz,
                                    double gain_db,
                                    double q);

/* The response of @part (or the sum, when @part is LQ_EQ_CURVE_N_PARTS) at
 * @freq_hz, interpolated on the grid (log frequency). */
double lq_eq_curve_model_value_at (const LqEqCurveModel *model,
                                   LqEqCurvePart part,
                                   double freq_hz);

/* "EQ: band 1 bell 120 Hz +2.0 dB Q 0.71, …; match EQ ±1.5 dB; combined
 * range -3.0 to +2.0 dB", translated: for assistive technologies and the
 * report. */
char *lq_eq_curve_model_describe (const LqEqCurveModel *model);
/* "Band 3: bell, 2.5 kHz, +2.0 dB, Q 0.71" (bus bands "Bus band 3: …"). */
char *lq_eq_curve_model_describe_handle (const LqEqCurveModel *model,
                                         guint index);
/* "250 Hz", "2.5 kHz" */
char *lq_eq_curve_format_frequency (double hz);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqEqCurveModel, lq_eq_curve_model_free)

G_END_DECLS

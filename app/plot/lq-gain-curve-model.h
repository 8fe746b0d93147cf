/* lq-gain-curve-model.h: the static curve of a dynamics processor (the
 * track's compressor, the bus compressor, the limiter) and where a track
 * sits on it.
 *
 * The curve is the output level against the steady input level, from
 * dsp/'s own static curves (lq_compressor_static_reduction_db(),
 * lq_limiter_static_curve()) for the settings the export renders with
 * (lq_render_spec_init()). The track's mark is where its loudest passage
 * meets the processor, with the gain reduction the curve gives there:
 *
 *  - compressors: the loudest short-term loudness (3 s, BS.1770) of the
 *    analysis, moved by the gains before the processor (input trim; for
 *    the bus compressor also the match gain), read as the detector's level
 *    (its RMS reading of a sine is the sine's peak level, about where the
 *    loudness of broadband music lands);
 *  - the limiter: the true peak the match plan predicts before the limiter
 *    (lq-match-plan.h), else the measured one plus those gains.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-chain.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_GAIN_CURVE_POINTS 121

typedef enum
{
  LQ_GAIN_CURVE_COMPRESSOR,       /* the track's */
  LQ_GAIN_CURVE_BUS_COMPRESSOR,
  LQ_GAIN_CURVE_LIMITER,
} LqGainCurveKind;

typedef struct
{
  LqGainCurveKind kind;
  gboolean enabled;
  double threshold_db;    /* compressors; the limiter: the level it holds peaks to */
  double ratio;           /* compressors (the limiter: infinite) */
  double knee_db;
  double makeup_db;       /* compressors: not in the curve */
  double ceiling_dbtp;    /* the limiter */
  double min_db, max_db;  /* the input (and output) axis */
  double in_db[LQ_GAIN_CURVE_POINTS];
  double out_db[LQ_GAIN_CURVE_POINTS];
  gboolean has_level;     /* a track's level is known */
  double level_db;        /* where the track sits (input) */
  double reduction_db;    /* the gain reduction the curve gives there, >= 0 */
} LqGainCurveModel;

/* @track may be NULL (no mark; the bus compressor and the limiter only). */
LqGainCurveModel *lq_gain_curve_model_new (LqProject *project,
                                           LqTrack *track,
                                           LqGainCurveKind kind);
/* The same from chain settings; @level_db NAN for no mark. */
LqGainCurveModel *lq_gain_curve_model_new_from_settings (const LqChainSettings *settings,
                                                         LqGainCurveKind kind,
                                                         double level_db);
void lq_gain_curve_model_free (LqGainCurveModel *model);

/* The output level for @input_db on the curve (the limiter: dBTP). */
double lq_gain_curve_model_output (const LqGainCurveModel *model,
                                   double input_db);

/* "Compressor: threshold -18.0 dB, ratio 2.0:1, knee 6.0 dB; loudest
 * passage -12.0 dB, expected gain reduction 2.3 dB", translated. */
char *lq_gain_curve_model_describe (const LqGainCurveModel *model);
/* "Compressor", "Bus Compressor", "Limiter", translated. */
const char *lq_gain_curve_kind_name (LqGainCurveKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqGainCurveModel, lq_gain_curve_model_free)

G_END_DECLS

/* lq-gain-curve-model.c: dynamics static curves from dsp/'s functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-gain-curve-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-compressor.h"
#include "lq-format.h"
#include "lq-limiter.h"
#include "lq-chain-settings.h"
#include "lq-render.h"

const char *
lq_gain_curve_kind_name (LqGainCurveKind kind)
{
  switch (kind)
    {
    case LQ_GAIN_CURVE_BUS_COMPRESSOR:
      return _("Bus Compressor");
    case LQ_GAIN_CURVE_LIMITER:
      return _("Limiter");
    case LQ_GAIN_CURVE_COMPRESSOR:
    default:
      return _("Compressor");
    }
}

double
lq_gain_curve_model_output (const LqGainCurveModel *model,
                            double                  input_db)
{
  g_return_val_if_fail (model != NULL, NAN);

  if (model->kind == LQ_GAIN_CURVE_LIMITER)
    return lq_limiter_static_curve (model->ceiling_dbtp, input_db);
  return input_db - lq_compressor_static_reduction_db (model->threshold_db, model->ratio,
                                                       model->knee_db, input_db);
}

LqGainCurveModel *
lq_gain_curve_model_new_from_settings (const LqChainSettings *settings,
                                       LqGainCurveKind        kind,
                                       double                 level_db)
{
  LqGainCurveModel *model = g_new0 (LqGainCurveModel, 1);

  g_return_val_if_fail (settings != NULL, model);

  model->kind = kind;
  if (kind == LQ_GAIN_CURVE_LIMITER)
    {
      model->enabled = settings->limiter_enabled;
      model->ceiling_dbtp = CLAMP (settings->limiter_ceiling_dbtp, LQ_LIMITER_CEILING_MIN_DBTP,
                                   LQ_LIMITER_CEILING_MAX_DBTP);
      model->threshold_db = lq_limiter_static_curve (model->ceiling_dbtp, G_MAXDOUBLE);
      model->ratio = INFINITY;
      /* From 18 dB under the ceiling to 6 dB over full scale */
      model->min_db = floor (model->ceiling_dbtp / 6.0) * 6.0 - 18.0;
      model->max_db = 6.0;
    }
  else
    {
      const LqChainCompressor *c = kind == LQ_GAIN_CURVE_COMPRESSOR ? &settings->compressor
                                                                    : &settings->bus_compressor;

      model->enabled = c->enabled;
      model->threshold_db = CLAMP (c->threshold_db, LQ_COMPRESSOR_THRESHOLD_MIN, LQ_COMPRESSOR_THRESHOLD_MAX);
      model->ratio = CLAMP (c->ratio, LQ_COMPRESSOR_RATIO_MIN, LQ_COMPRESSOR_RATIO_MAX);
      model->knee_db = CLAMP (c->knee_db, 0.0, LQ_COMPRESSOR_KNEE_MAX);
      model->makeup_db = c->makeup_db;
      /* 30 dB under the threshold (at least -60 dBFS) to full scale */
      model->min_db = MIN (-60.0, floor ((model->threshold_db - 30.0) / 6.0) * 6.0);
      model->max_db = 0.0;
    }

  for (guint i = 0; i < LQ_GAIN_CURVE_POINTS; i++)
    {
      double x = model->min_db + (model->max_db - model->min_db) * i / (LQ_GAIN_CURVE_POINTS - 1);

      model->in_db[i] = x;
      model->out_db[i] = lq_gain_curve_model_output (model, x);
    }

  model->has_level = isfinite (level_db);
  if (model->has_level)
    {
      model->level_db = level_db;
      model->reduction_db = model->enabled ? level_db - lq_gain_curve_model_output (model, level_db) : 0.0;
    }
  return model;
}

/* The index of @track in the project, 0-based, or -1. */
static int
track_index (LqProject *project,
             LqTrack   *track)
{
  guint pos = lq_track_get_position (track);

  return pos >= 1 && pos <= lq_project_get_n_tracks (project) ? (int) pos - 1 : -1;
}

LqGainCurveModel *
lq_gain_curve_model_new (LqProject       *project,
                         LqTrack         *track,
                         LqGainCurveKind  kind)
{
  LqChainSettings settings;
  double level = NAN;
  LqTrack *any;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (track == NULL || LQ_IS_TRACK (track), NULL);

  any = track != NULL ? track : lq_project_get_n_tracks (project) > 0 ? lq_project_get_track (project, 1) : NULL;
  if (any != NULL)
    {
      LqRenderSpec spec = { 0 };

      /* The settings the export renders with */
      lq_render_spec_init (&spec, project, any);
      settings = spec.chain;
      lq_render_spec_clear (&spec);
    }
  else
    {
      lq_chain_settings_init (&settings);
      settings.limiter_enabled = TRUE;
      settings.limiter_ceiling_dbtp = lq_chain_settings_project_ceiling (project);
    }

  if (track != NULL && lq_track_get_analysis (track) != NULL)
    {
      const LqTrackMeasures *m = lq_track_analysis_get_measures (lq_track_get_analysis (track));

      if (kind == LQ_GAIN_CURVE_LIMITER)
        {
          g_autoptr(LqMatchPlan) plan = lq_project_get_match_plan (project);
          int index = track_index (project, track);

          if (plan != NULL && index >= 0 && (guint) index < lq_match_plan_get_n_tracks (plan)
              && isfinite (lq_match_plan_get_track (plan, index)->predicted_true_peak_dbtp))
            level = lq_match_plan_get_track (plan, index)->predicted_true_peak_dbtp;
          else
            level = m->true_peak_dbtp + settings.input_trim_db + settings.match_gain_db;
        }
      else
        {
          level = m->max_short_term_lufs + settings.input_trim_db;
          if (kind == LQ_GAIN_CURVE_BUS_COMPRESSOR)
            level += settings.match_gain_db;
        }
    }

  return lq_gain_curve_model_new_from_settings (&settings, kind, level);
}

void
lq_gain_curve_model_free (LqGainCurveModel *model)
{
  g_free (model);
}

char *
lq_gain_curve_model_describe (const LqGainCurveModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (model != NULL, NULL);

  if (model->kind == LQ_GAIN_CURVE_LIMITER)
    {
      g_autofree char *ceiling = lq_format_value (model->ceiling_dbtp);

      /* Translators: the limiter's static curve, its ceiling in dBTP */
      g_string_append_printf (out, _("Limiter: ceiling %s dBTP"), ceiling);
    }
  else
    {
      g_autofree char *threshold = lq_format_value (model->threshold_db);
      g_autofree char *ratio = lq_format_value (model->ratio);
      g_autofree char *knee = lq_format_value (model->knee_db);

      /* Translators: a compressor's name, threshold, ratio and knee */
      g_string_append_printf (out, _("%s: threshold %s dB, ratio %s:1, knee %s dB"),
                              lq_gain_curve_kind_name (model->kind), threshold, ratio, knee);
      if (!model->enabled)
        g_string_append (out, _(" (off)"));
    }

  if (model->has_level)
    {
      g_autofree char *level = lq_format_value (model->level_db);
      g_autofree char *reduction = lq_format_value (model->reduction_db);

      if (model->kind == LQ_GAIN_CURVE_LIMITER)
        /* Translators: the track's predicted true peak before the limiter, and the reduction */
        g_string_append_printf (out, _("; peak before the limiter %s dBTP, expected gain reduction %s dB"),
                                level, reduction);
      else
        /* Translators: the track's loudest short-term level at the compressor, and the reduction */
        g_string_append_printf (out, _("; loudest passage %s dB, expected gain reduction %s dB"),
                                level, reduction);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

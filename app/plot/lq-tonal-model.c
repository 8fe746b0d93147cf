/* lq-tonal-model.c
 *
 * The spectra and the spread come from lq-tonal-plan (one plan of the
 * stored match's settings: the figures `lacquer-cli match` prints); the
 * comparison curve from a plan with the chosen anchor or reference (its
 * centroid); the "after" curves from the correction the export applies
 * (lq_chain_settings_from_project()), interpolated onto the plan's bands as
 * the match EQ interpolates it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-tonal-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lq-chain-settings.h"
#include "lq-error.h"
#include "lq-match-eq.h"
#include "lq-plot-axis.h"
#include "lq-tonal-plan.h"

void
lq_tonal_model_free (LqTonalModel *model)
{
  if (model == NULL)
    return;
  for (guint i = 0; i < model->n_tracks; i++)
    {
      LqTonalModelTrack *t = &model->tracks[i];

      g_free (t->name);
      for (guint c = 0; c < 2; c++)
        {
          g_free (t->before[c]);
          g_free (t->after[c]);
        }
    }
  g_free (model->tracks);
  g_free (model->centres);
  g_free (model->compare_name);
  g_free (model->compare_curve[0]);
  g_free (model->compare_curve[1]);
  g_free (model);
}

/* The analysis of reference @index (1-based), or NULL with an error. */
static LqTrackAnalysis *
reference_analysis (LqProject *project,
                    guint index,
                    char **name,
                    GError **error)
{
  g_autoptr(GPtrArray) references = lq_project_list_references (project);

  if (index == 0 || index > references->len)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("There is no reference %u in the project"), index);
      return NULL;
    }
  if (name != NULL)
    *name = g_strdup (((LqReference *) g_ptr_array_index (references, index - 1))->title);
  return lq_project_get_reference_analysis (project, index, error);
}

/* The export's applied match-EQ curve of @track at @centres, into @out
 * (mid, then side); FALSE when it applies none. */
static gboolean
applied_curve (LqProject *project,
               LqTrack *track,
               const double *centres,
               guint n_bands,
               double *out)
{
  LqChainSettings settings;
  double applied[2][LQ_MATCH_EQ_MAX_BANDS];
  static const double flat[LQ_MATCH_EQ_MAX_BANDS] = { 0 };
  gboolean any = FALSE;

  lq_chain_settings_from_project (&settings, project, track);
  if (!settings.match_eq_enabled || settings.match_n_bands == 0 || !(settings.match_strength > 0.0))
    return FALSE;
  lq_match_eq_correction (settings.match_mid_db, flat, settings.match_n_bands, settings.match_strength,
                          settings.match_cap_db, applied[0]);
  lq_match_eq_correction (settings.match_side_db, flat, settings.match_n_bands, settings.match_strength,
                          settings.match_cap_db, applied[1]);
  for (guint c = 0; c < 2; c++)
    for (guint b = 0; b < n_bands; b++)
      {
        out[c * n_bands + b] = lq_match_eq_interpolate (settings.match_centres, applied[c],
                                                        settings.match_n_bands, centres[b]);
        any |= out[c * n_bands + b] != 0.0;
      }
  return any;
}

LqTonalModel *
lq_tonal_model_new (LqProject *project,
                    LqTonalCompare compare,
                    guint compare_index,
                    GError **error)
{
  g_autoptr(LqTonalModel) model = g_new0 (LqTonalModel, 1);
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();
  g_autoptr(LqTonalPlan) plan = NULL;
  g_autoptr(LqTonalPlan) compare_plan = NULL;
  g_autoptr(LqTrackAnalysis) reference = NULL;
  g_autofree double *applied = NULL;
  LqProjectMatch match;
  double cap = LQ_TONAL_DEFAULT_CAP_DB;
  const double *mid, *side;
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = lq_project_get_n_tracks (project);
  for (guint p = 1; p <= n; p++)
    g_ptr_array_add (analyses, lq_track_get_analysis (lq_project_get_track (project, p)));

  /* The stored match's settings: the plan `lacquer-cli match` made. */
  lq_project_get_match (project, &match);
  if (match.matched && match.tonal > 0.0)
    {
      cap = match.tonal_cap_db;
      model->matched = TRUE;
      model->strength = match.tonal;
      model->cap_db = cap;
    }
  else
    model->cap_db = NAN;
  lq_project_match_clear (&match);

  plan = lq_project_get_stored_tonal_plan (project, error);
  if (plan == NULL)
    return NULL;

  /* The comparison curve. */
  model->compare = compare;
  model->compare_index = compare == LQ_TONAL_COMPARE_CENTROID ? 0 : compare_index;
  switch (compare)
    {
    case LQ_TONAL_COMPARE_ANCHOR:
      if (compare_index == 0 || compare_index > n)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("There is no track %u to compare with"), compare_index);
          return NULL;
        }
      model->compare_name = g_strdup (lq_track_get_display_name (lq_project_get_track (project, compare_index)));
      compare_plan = lq_tonal_plan_new (analyses, 0.0, cap, (int) compare_index - 1, NULL, error);
      break;
    case LQ_TONAL_COMPARE_REFERENCE:
      reference = reference_analysis (project, compare_index, &model->compare_name, error);
      if (reference == NULL)
        return NULL;
      compare_plan = lq_tonal_plan_new (analyses, 0.0, cap, -1, reference, error);
      break;
    case LQ_TONAL_COMPARE_CENTROID:
    default:
      model->compare = LQ_TONAL_COMPARE_CENTROID;
      model->compare_name = g_strdup (_("Album Centroid"));
      /* The mean of the spectra, whatever the stored match aimed at. */
      compare_plan = lq_tonal_plan_new (analyses, 0.0, cap, -1, NULL, error);
      break;
    }
  if (compare_plan == NULL)
    return NULL;

  model->n_bands = lq_tonal_plan_get_n_bands (plan);
  model->centres = g_memdup2 (lq_tonal_plan_get_centres (plan), model->n_bands * sizeof (double));
  lq_tonal_plan_get_centroid (compare_plan, &mid, &side);
  model->compare_curve[LQ_TONAL_MID] = g_memdup2 (mid, model->n_bands * sizeof (double));
  model->compare_curve[LQ_TONAL_SIDE] = g_memdup2 (side, model->n_bands * sizeof (double));
  model->spread_before_db = lq_tonal_plan_get_spread_before_db (plan);
  model->spread_after_db = lq_tonal_plan_get_spread_after_db (plan);

  model->n_tracks = n;
  model->tracks = g_new0 (LqTonalModelTrack, n);
  applied = g_new (double, 2 * model->n_bands);
  for (guint i = 0; i < n; i++)
    {
      LqTonalModelTrack *t = &model->tracks[i];
      LqTrack *track = lq_project_get_track (project, i + 1);
      gboolean has_eq;

      t->name = g_strdup (lq_track_get_display_name (track));
      t->position = i + 1;
      if (!lq_tonal_plan_get_spectrum (plan, i, &mid, &side))
        continue;
      t->has_spectrum = TRUE;
      has_eq = applied_curve (project, track, model->centres, model->n_bands, applied);
      t->corrected = has_eq;
      t->before[LQ_TONAL_MID] = g_memdup2 (mid, model->n_bands * sizeof (double));
      t->before[LQ_TONAL_SIDE] = g_memdup2 (side, model->n_bands * sizeof (double));
      for (guint c = 0; c < 2; c++)
        {
          t->after[c] = g_memdup2 (t->before[c], model->n_bands * sizeof (double));
          for (guint b = 0; has_eq && b < model->n_bands; b++)
            t->after[c][b] += applied[c * model->n_bands + b];
        }
    }
  return g_steal_pointer (&model);
}

guint
lq_tonal_model_find_band (const LqTonalModel *model,
                          double hz)
{
  guint best = G_MAXUINT;
  double best_d = INFINITY;

  g_return_val_if_fail (model != NULL, G_MAXUINT);
  if (!(hz > 0.0))
    return model->n_bands > 0 ? 0 : G_MAXUINT;
  for (guint b = 0; b < model->n_bands; b++)
    {
      double d = fabs (log2 (model->centres[b] / hz));

      if (d < best_d)
        {
          best_d = d;
          best = b;
        }
    }
  return best;
}

double
lq_tonal_guide_db (double db_per_octave,
                   double hz)
{
  return db_per_octave * log2 (hz / LQ_TONAL_GUIDE_PIVOT_HZ);
}

char *
lq_tonal_format_spread (double spread_db)
{
  if (isnan (spread_db))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f", spread_db);
}

/* The RMS difference of @curve from @ref over the bands where both have
 * signal; NAN when none. */
static double
rms_difference (const LqTonalModel *model,
                const double *curve,
                const double *ref)
{
  double sum2 = 0.0;
  guint used = 0;

  for (guint b = 0; b < model->n_bands; b++)
    if (isfinite (ref[b]) && curve[b] >= -LQ_TONAL_SILENT_DB)
      {
        sum2 += (curve[b] - ref[b]) * (curve[b] - ref[b]);
        used++;
      }
  return used > 0 ? sqrt (sum2 / used) : NAN;
}

char *
lq_tonal_model_dup_description (const LqTonalModel *model,
                                LqTonalChannel channel)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint worst = G_MAXUINT;
  double worst_rms = -1.0;

  g_return_val_if_fail (model != NULL, NULL);

  before = lq_tonal_format_spread (model->spread_before_db);
  after = lq_tonal_format_spread (model->spread_after_db);
  /* Translators: the channel (Mid or Side) and what the tracks are compared with */
  g_string_append_printf (s, _("%s spectra of %u tracks against %s"),
                          channel == LQ_TONAL_SIDE ? _("Side") : _("Mid"), model->n_tracks,
                          model->compare_name);
  g_string_append (s, "; ");
  /* Translators: the album's tonal spread in dB before and after the match EQ,
   * as lacquer-cli match prints it */
  g_string_append_printf (s, _("tonal spread %s dB before, %s dB after"), before, after);
  if (!model->matched)
    {
      g_string_append (s, " ");
      g_string_append (s, _("(no tonal match stored)"));
    }
  for (guint i = 0; i < model->n_tracks; i++)
    {
      const LqTonalModelTrack *t = &model->tracks[i];
      double rms;

      if (!t->has_spectrum)
        continue;
      rms = rms_difference (model, t->before[channel], model->compare_curve[channel]);
      if (rms > worst_rms)
        {
          worst_rms = rms;
          worst = i;
        }
    }
  if (worst != G_MAXUINT)
    {
      const LqTonalModelTrack *t = &model->tracks[worst];

      g_string_append (s, "; ");
      /* Translators: the track furthest from the comparison curve: its number, name, RMS
       * difference before and after the match EQ */
      g_string_append_printf (s, _("furthest: track %u “%s”, %.1f dB RMS before, %.1f dB after"),
                              t->position, t->name, worst_rms,
                              rms_difference (model, t->after[channel], model->compare_curve[channel]));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
lq_tonal_model_dup_readout (const LqTonalModel *model,
                            LqTonalChannel channel,
                            guint band,
                            guint track,
                            gboolean before,
                            gboolean after)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *hz = NULL;
  const char *vs;
  double ref;

  g_return_val_if_fail (model != NULL, NULL);
  if (band >= model->n_bands)
    return NULL;

  hz = lq_plot_format_frequency (model->centres[band]);
  ref = model->compare_curve[channel][band];
  vs = model->compare == LQ_TONAL_COMPARE_CENTROID ? _("centroid") : model->compare_name;
  g_string_append_printf (s, "%s Hz", hz);
  if (track < model->n_tracks && model->tracks[track].has_spectrum && isfinite (ref))
    {
      const LqTonalModelTrack *t = &model->tracks[track];
      double d_before = t->before[channel][band] - ref;
      double d_after = t->after[channel][band] - ref;

      g_string_append (s, " · ");
      if (after && !before)
        /* Translators: a track's difference from the comparison curve at one band, after the match EQ */
        g_string_append_printf (s, _("track %u after %+.1f dB vs %s"), t->position, d_after, vs);
      else if (after)
        /* Translators: a track's difference from the comparison curve at one band, before and
         * after the match EQ */
        g_string_append_printf (s, _("track %u %+.1f dB vs %s, after %+.1f dB"), t->position, d_before,
                                vs, d_after);
      else
        /* Translators: a track's difference from the comparison curve at one band */
        g_string_append_printf (s, _("track %u %+.1f dB vs %s"), t->position, d_before, vs);
    }
  else if (isfinite (ref))
    {
      g_string_append (s, " · ");
      /* Translators: the comparison curve's level at one band */
      g_string_append_printf (s, _("%s %.1f dB"), model->compare_name, ref);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

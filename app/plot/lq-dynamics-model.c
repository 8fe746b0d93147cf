/* lq-dynamics-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-dynamics-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "lq-loudness-meter.h"

/* @v without the sign of a value that rounds to 0.0 ("-0.0"). */
static double
tidy (double v)
{
  return fabs (v) < 0.05 ? 0.0 : v;
}

void
lq_dynamics_model_free (LqDynamicsModel *model)
{
  if (model == NULL)
    return;
  for (guint i = 0; i < model->n_tracks; i++)
    {
      g_free (model->tracks[i].name);
      g_free (model->tracks[i].counts);
    }
  g_free (model->tracks);
  g_free (model);
}

double *
lq_dynamics_gated_short_term (const GArray *short_term_energies,
                              guint *n_values)
{
  const double *e;
  double sum = 0.0, gate;
  guint n = 0, above = 0;
  double *out;

  g_return_val_if_fail (n_values != NULL, NULL);
  *n_values = 0;
  if (short_term_energies == NULL || short_term_energies->len == 0)
    return NULL;

  e = (const double *) short_term_energies->data;
  for (guint k = 0; k < short_term_energies->len; k++)
    if (lq_loudness_from_energy (e[k]) >= LQ_DYNAMICS_ABSOLUTE_GATE_LUFS)
      {
        sum += e[k];
        above++;
      }
  if (above == 0)
    return NULL;
  gate = lq_loudness_from_energy (sum / above) + LQ_DYNAMICS_RELATIVE_GATE_LU;
  out = g_new (double, above);
  for (guint k = 0; k < short_term_energies->len; k++)
    {
      double lufs = lq_loudness_from_energy (e[k]);

      if (lufs >= LQ_DYNAMICS_ABSOLUTE_GATE_LUFS && lufs >= gate)
        out[n++] = lufs;
    }
  *n_values = n;
  return out;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
lq_dynamics_median (double *values,
                    guint n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/* Median and MAD of the finite values of one measure over the tracks;
 * marks the outliers. */
static void
spread_of (LqDynamicsModel *model,
           gboolean lra,
           double *median,
           double *mad)
{
  g_autofree double *v = g_new (double, MAX (model->n_tracks, 1));
  guint n = 0;

  for (guint i = 0; i < model->n_tracks; i++)
    {
      double x = lra ? model->tracks[i].lra_lu : model->tracks[i].plr_db;

      if (isfinite (x))
        v[n++] = x;
    }
  *median = lq_dynamics_median (v, n);
  for (guint k = 0; k < n; k++)
    v[k] = fabs (v[k] - *median);
  *mad = lq_dynamics_median (v, n);
  if (n < 3)
    return;
  for (guint i = 0; i < model->n_tracks; i++)
    {
      LqDynamicsTrack *t = &model->tracks[i];
      double x = lra ? t->lra_lu : t->plr_db;
      double d = fabs (x - *median);
      gboolean outlier = isfinite (x) && d > LQ_DYNAMICS_OUTLIER_MADS * *mad
                         && d >= LQ_DYNAMICS_OUTLIER_MIN_DB;

      if (lra)
        t->lra_outlier = outlier;
      else
        t->plr_outlier = outlier;
    }
}

LqDynamicsModel *
lq_dynamics_model_new (GPtrArray *analyses,
                       const char *const *names)
{
  LqDynamicsModel *model = g_new0 (LqDynamicsModel, 1);
  g_autofree double **values = NULL;
  g_autofree guint *n_values = NULL;
  double lo = INFINITY, hi = -INFINITY;

  g_return_val_if_fail (analyses != NULL, NULL);

  model->n_tracks = analyses->len;
  model->tracks = g_new0 (LqDynamicsTrack, MAX (analyses->len, 1));
  values = g_new0 (double *, MAX (analyses->len, 1));
  n_values = g_new0 (guint, MAX (analyses->len, 1));
  for (guint i = 0; i < analyses->len; i++)
    {
      LqTrackAnalysis *a = g_ptr_array_index (analyses, i);
      LqDynamicsTrack *t = &model->tracks[i];
      const LqTrackMeasures *m;

      t->name = g_strdup (names != NULL && names[i] != NULL ? names[i] : "");
      t->position = i + 1;
      t->plr_db = t->lra_lu = t->integrated_lufs = NAN;
      if (a == NULL)
        continue;
      m = lq_track_analysis_get_measures (a);
      if (!isfinite (m->integrated_lufs))
        continue;
      t->measured = TRUE;
      t->plr_db = m->plr_db;
      t->lra_lu = m->lra_lu;
      t->integrated_lufs = m->integrated_lufs;
      values[i] = lq_dynamics_gated_short_term (lq_track_analysis_get_short_term_energies (a), &n_values[i]);
      for (guint k = 0; k < n_values[i]; k++)
        {
          lo = MIN (lo, values[i][k]);
          hi = MAX (hi, values[i][k]);
        }
    }

  if (isfinite (lo))
    {
      double top = floor (hi) + 1.0;

      model->bins_from_lufs = MAX (floor (lo), top - LQ_DYNAMICS_MAX_BINS);
      model->n_bins = (guint) (top - model->bins_from_lufs);
    }
  for (guint i = 0; i < model->n_tracks; i++)
    {
      LqDynamicsTrack *t = &model->tracks[i];

      t->counts = g_new0 (guint, MAX (model->n_bins, 1));
      for (guint k = 0; k < n_values[i]; k++)
        {
          double bin = floor (values[i][k] - model->bins_from_lufs);

          if (bin < 0.0)
            continue;
          t->counts[MIN ((guint) bin, model->n_bins - 1)]++;
          t->total++;
        }
      for (guint b = 0; b < model->n_bins; b++)
        t->peak_count = MAX (t->peak_count, t->counts[b]);
      g_free (values[i]);
    }

  spread_of (model, FALSE, &model->plr_median, &model->plr_mad);
  spread_of (model, TRUE, &model->lra_median, &model->lra_mad);
  return model;
}

LqDynamicsModel *
lq_dynamics_model_new_from_project (LqProject *project)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);

      g_ptr_array_add (analyses, lq_track_get_analysis (track));
      g_ptr_array_add (names, (gpointer) lq_track_get_display_name (track));
    }
  g_ptr_array_add (names, NULL);
  return lq_dynamics_model_new (analyses, (const char *const *) names->pdata);
}

/* The lowest and highest bin with values: the short-term range drawn. */
static gboolean
short_term_range (const LqDynamicsModel *model,
                  const LqDynamicsTrack *t,
                  double *lo,
                  double *hi)
{
  guint first = G_MAXUINT, last = 0;

  for (guint b = 0; b < model->n_bins; b++)
    if (t->counts[b] > 0)
      {
        first = MIN (first, b);
        last = b;
      }
  if (first == G_MAXUINT)
    return FALSE;
  *lo = model->bins_from_lufs + first;
  *hi = model->bins_from_lufs + last + 1.0;
  return TRUE;
}

static void
append_range (GString *s,
              const LqDynamicsModel *model,
              gboolean lra)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < model->n_tracks; i++)
    {
      double x = lra ? model->tracks[i].lra_lu : model->tracks[i].plr_db;

      if (isfinite (x))
        {
          lo = MIN (lo, x);
          hi = MAX (hi, x);
        }
    }
  if (!isfinite (lo))
    return;
  if (lra)
    /* Translators: the range of the tracks' loudness range, and its median */
    g_string_append_printf (s, _("LRA %.1f to %.1f LU (median %.1f)"), tidy (lo), tidy (hi),
                            tidy (model->lra_median));
  else
    /* Translators: the range of the tracks' peak-to-loudness ratio, and its median */
    g_string_append_printf (s, _("PLR %.1f to %.1f dB (median %.1f)"), tidy (lo), tidy (hi),
                            tidy (model->plr_median));
}

char *
lq_dynamics_model_dup_description (const LqDynamicsModel *model)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) outliers = g_string_new (NULL);
  guint measured = 0;
  double lo = INFINITY, hi = -INFINITY;

  g_return_val_if_fail (model != NULL, NULL);

  for (guint i = 0; i < model->n_tracks; i++)
    {
      const LqDynamicsTrack *t = &model->tracks[i];
      double a, b;

      if (!t->measured)
        continue;
      measured++;
      if (short_term_range (model, t, &a, &b))
        {
          lo = MIN (lo, a);
          hi = MAX (hi, b);
        }
      if (t->plr_outlier || t->lra_outlier)
        {
          if (outliers->len > 0)
            g_string_append (outliers, ", ");
          if (t->plr_outlier && t->lra_outlier)
            /* Translators: a track whose PLR and LRA both stand out */
            g_string_append_printf (outliers, _("track %u (PLR %.1f dB, LRA %.1f LU)"), t->position,
                                    tidy (t->plr_db), tidy (t->lra_lu));
          else if (t->plr_outlier)
            g_string_append_printf (outliers, _("track %u (PLR %.1f dB)"), t->position, tidy (t->plr_db));
          else
            g_string_append_printf (outliers, _("track %u (LRA %.1f LU)"), t->position, tidy (t->lra_lu));
        }
    }

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u track measured", "%u tracks measured", measured),
                          measured);
  if (measured == 0)
    return g_string_free (g_steal_pointer (&s), FALSE);
  /* Each range when it exists (sines have no LRA: nothing, not "; ;") */
  for (guint k = 0; k < 2; k++)
    {
      gsize before = s->len;

      g_string_append (s, "; ");
      append_range (s, model, k == 1);
      if (s->len == before + 2)
        g_string_truncate (s, before);
    }
  if (isfinite (lo))
    {
      g_string_append (s, "; ");
      /* Translators: the range of all tracks' short-term loudness (gated) */
      g_string_append_printf (s, _("short-term loudness %.0f to %.0f LUFS"), lo, hi);
    }
  g_string_append (s, "; ");
  if (outliers->len > 0)
    g_string_append_printf (s, _("outliers: %s"), outliers->str);
  else
    g_string_append (s, _("no outliers"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
lq_dynamics_model_dup_readout (const LqDynamicsModel *model,
                               guint track)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const LqDynamicsTrack *t;
  double lo, hi;

  g_return_val_if_fail (model != NULL, NULL);
  if (track >= model->n_tracks)
    return NULL;
  t = &model->tracks[track];
  /* Translators: a track's number and name */
  g_string_append_printf (s, _("Track %u “%s”"), t->position, t->name);
  g_string_append (s, ": ");
  if (!t->measured)
    {
      g_string_append (s, _("not measured"));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  g_string_append_printf (s, _("PLR %.1f dB, LRA %.1f LU"), tidy (t->plr_db), tidy (t->lra_lu));
  if (short_term_range (model, t, &lo, &hi))
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, _("short-term %.0f to %.0f LUFS"), lo, hi);
    }
  if (t->plr_outlier && t->lra_outlier)
    g_string_append_printf (s, " (%s)", _("PLR and LRA outlier"));
  else if (t->plr_outlier)
    g_string_append_printf (s, " (%s)", _("PLR outlier"));
  else if (t->lra_outlier)
    g_string_append_printf (s, " (%s)", _("LRA outlier"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

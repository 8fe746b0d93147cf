/* lq-eq-curve-model.c: the EQ curve of a track from dsp/'s responses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-eq-curve-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-format.h"
#include "lq-match-eq-designer.h"
#include "lq-chain-settings.h"
#include "lq-render.h"

#define DEFAULT_RATE 48000

double
lq_eq_curve_grid_freq (guint index)
{
  return LQ_EQ_CURVE_MIN_HZ
         * pow (LQ_EQ_CURVE_MAX_HZ / LQ_EQ_CURVE_MIN_HZ, (double) index / (LQ_EQ_CURVE_POINTS - 1));
}

const char *
lq_eq_curve_type_name (LqEqType type)
{
  static const char *const names[] = { "bell", "low-shelf", "high-shelf", "high-pass", "low-pass" };

  return (guint) type < G_N_ELEMENTS (names) ? names[type] : "bell";
}

gboolean
lq_eq_curve_type_has_gain (LqEqType type)
{
  return type == LQ_EQ_BELL || type == LQ_EQ_LOW_SHELF || type == LQ_EQ_HIGH_SHELF;
}

/* The parametric EQ's response to the mid signal for @bands, on the grid. */
static gboolean
peq_response (const LqEqBand *bands,
              guint           rate,
              double         *out)
{
  LqParametricEq *eq = lq_parametric_eq_new (rate, 64);
  gboolean active = FALSE;

  g_return_val_if_fail (eq != NULL, FALSE);
  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    {
      lq_parametric_eq_set_band (eq, b, &bands[b]);
      active |= bands[b].enabled && bands[b].channels != LQ_EQ_SIDE;
    }
  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    out[i] = lq_parametric_eq_response_db (eq, lq_eq_curve_grid_freq (i), LQ_EQ_MID);
  lq_parametric_eq_free (eq);
  return active;
}

/* The match EQ's realised mid response, from the filter it designs for
 * these settings (as lq-chain.c's match_curve_of() hands them over). */
static gboolean
match_response (const LqChainSettings *s,
                guint                  rate,
                double                *out)
{
  LqMatchEqDesigner *designer;
  LqMatchEqKernel *kernel = NULL;

  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    out[i] = 0.0;
  if (!s->match_eq_enabled || s->match_n_bands == 0)
    return FALSE;

  designer = lq_match_eq_designer_new (rate);
  if (designer == NULL)
    return FALSE;
  if (lq_match_eq_design (designer, s->match_centres, s->match_n_bands, s->match_mid_db,
                          s->match_side_db, s->match_strength, s->match_cap_db, &kernel) == LQ_OK)
    {
      double freq[LQ_EQ_CURVE_POINTS];

      for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
        freq[i] = lq_eq_curve_grid_freq (i);
      lq_match_eq_kernel_response (kernel, 0, freq, LQ_EQ_CURVE_POINTS, out);
    }
  lq_match_eq_kernel_unref (kernel);
  lq_match_eq_designer_free (designer);
  return TRUE;
}

static void
update_sum (LqEqCurveModel *model)
{
  model->sum_min_db = INFINITY;
  model->sum_max_db = -INFINITY;
  model->match_max_abs_db = 0.0;
  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    {
      double sum = 0.0;

      for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
        sum += model->part_db[p][i];
      model->sum_db[i] = sum;
      model->sum_min_db = MIN (model->sum_min_db, sum);
      model->sum_max_db = MAX (model->sum_max_db, sum);
      model->match_max_abs_db = MAX (model->match_max_abs_db, fabs (model->part_db[LQ_EQ_CURVE_PART_MATCH][i]));
    }
}

/* The bands of the handles of one part, in band order. */
static void
part_bands (const LqEqCurveModel *model,
            gboolean              album,
            LqEqBand             *bands)
{
  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    bands[b] = (LqEqBand) { .enabled = false, .type = LQ_EQ_BELL, .freq_hz = 1000.0, .q = 0.71,
                            .slope_db_oct = 24 };
  for (guint h = 0; h < model->n_handles; h++)
    if (model->handles[h].album == album)
      bands[model->handles[h].band - 1] = model->handles[h].settings;
}

LqEqCurveModel *
lq_eq_curve_model_new_from_settings (const LqChainSettings *settings,
                                     gboolean               has_track,
                                     guint                  rate)
{
  LqEqCurveModel *model = g_new0 (LqEqCurveModel, 1);

  g_return_val_if_fail (settings != NULL, model);

  model->rate = rate > 0 ? rate : DEFAULT_RATE;
  model->has_track = has_track;
  for (guint i = 0; i < LQ_EQ_CURVE_POINTS; i++)
    model->freq[i] = lq_eq_curve_grid_freq (i);

  if (has_track)
    {
      model->part_active[LQ_EQ_CURVE_PART_TRACK] =
        peq_response (settings->eq, model->rate, model->part_db[LQ_EQ_CURVE_PART_TRACK]);
      model->part_active[LQ_EQ_CURVE_PART_MATCH] =
        match_response (settings, model->rate, model->part_db[LQ_EQ_CURVE_PART_MATCH]);
      for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
        model->handles[model->n_handles++] = (LqEqCurveHandle) { FALSE, b + 1, settings->eq[b] };
    }
  model->part_active[LQ_EQ_CURVE_PART_BUS] =
    peq_response (settings->bus_eq, model->rate, model->part_db[LQ_EQ_CURVE_PART_BUS]);
  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    model->handles[model->n_handles++] = (LqEqCurveHandle) { TRUE, b + 1, settings->bus_eq[b] };

  update_sum (model);
  return model;
}

LqEqCurveModel *
lq_eq_curve_model_new (LqProject *project,
                       LqTrack   *track)
{
  LqEqCurveModel *model;
  LqChainSettings settings;
  guint rate = DEFAULT_RATE;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (track == NULL || LQ_IS_TRACK (track), NULL);

  if (track != NULL)
    {
      LqRenderSpec spec = { 0 };
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);

      /* The settings the export renders with */
      lq_render_spec_init (&spec, project, track);
      settings = spec.chain;
      lq_render_spec_clear (&spec);
      if (analysis != NULL && lq_track_analysis_get_measures (analysis)->sample_rate > 0)
        rate = lq_track_analysis_get_measures (analysis)->sample_rate;
    }
  else
    {
      LqTrack *first = lq_project_get_n_tracks (project) > 0 ? lq_project_get_track (project, 1) : NULL;

      /* The bus EQ is album-wide: any track's settings carry it */
      if (first != NULL)
        lq_chain_settings_from_project (&settings, project, first);
      else
        lq_chain_settings_init (&settings);
    }

  model = lq_eq_curve_model_new_from_settings (&settings, track != NULL, rate);
  return model;
}

void
lq_eq_curve_model_free (LqEqCurveModel *model)
{
  g_free (model);
}

void
lq_eq_curve_model_move_handle (LqEqCurveModel *model,
                               guint           index,
                               double          freq_hz,
                               double          gain_db,
                               double          q)
{
  LqEqCurveHandle *h;
  LqEqBand bands[LQ_PEQ_MAX_BANDS];
  LqEqCurvePart part;

  g_return_if_fail (model != NULL);
  g_return_if_fail (index < model->n_handles);

  h = &model->handles[index];
  h->settings.freq_hz = CLAMP (freq_hz, LQ_PEQ_MIN_FREQ, LQ_PEQ_MAX_FREQ_RATIO * model->rate);
  h->settings.gain_db = CLAMP (gain_db, -LQ_PEQ_MAX_GAIN_DB, LQ_PEQ_MAX_GAIN_DB);
  h->settings.q = CLAMP (q, LQ_PEQ_MIN_Q, LQ_PEQ_MAX_Q);

  part = h->album ? LQ_EQ_CURVE_PART_BUS : LQ_EQ_CURVE_PART_TRACK;
  part_bands (model, h->album, bands);
  model->part_active[part] = peq_response (bands, model->rate, model->part_db[part]);
  update_sum (model);
}

double
lq_eq_curve_model_value_at (const LqEqCurveModel *model,
                            LqEqCurvePart         part,
                            double                freq_hz)
{
  const double *curve;
  double pos, frac;
  guint i;

  g_return_val_if_fail (model != NULL, NAN);

  curve = part < LQ_EQ_CURVE_N_PARTS ? model->part_db[part] : model->sum_db;
  pos = log (CLAMP (freq_hz, LQ_EQ_CURVE_MIN_HZ, LQ_EQ_CURVE_MAX_HZ) / LQ_EQ_CURVE_MIN_HZ)
        / log (LQ_EQ_CURVE_MAX_HZ / LQ_EQ_CURVE_MIN_HZ) * (LQ_EQ_CURVE_POINTS - 1);
  i = MIN ((guint) pos, LQ_EQ_CURVE_POINTS - 2);
  frac = pos - i;
  return curve[i] + frac * (curve[i + 1] - curve[i]);
}

char *
lq_eq_curve_format_frequency (double hz)
{
  if (!isfinite (hz))
    return g_strdup (LQ_FORMAT_NO_VALUE);
  if (hz >= 1000.0)
    {
      double khz = hz / 1000.0;
      g_autofree char *text = lq_format_number (khz, khz >= 10.0 || fabs (khz - round (khz)) < 0.05 ? 0 : 1);

      /* Translators: a frequency in kilohertz */
      return g_strdup_printf (_("%s kHz"), text);
    }
  else
    {
      g_autofree char *text = lq_format_number (hz, 0);

      /* Translators: a frequency in hertz */
      return g_strdup_printf (_("%s Hz"), text);
    }
}

static const char *
type_label (LqEqType type)
{
  switch (type)
    {
    case LQ_EQ_LOW_SHELF:
      return _("low shelf");
    case LQ_EQ_HIGH_SHELF:
      return _("high shelf");
    case LQ_EQ_HIGH_PASS:
      return _("high-pass");
    case LQ_EQ_LOW_PASS:
      return _("low-pass");
    case LQ_EQ_BELL:
    default:
      return _("bell");
    }
}

/* "bell 120 Hz +2.0 dB Q 0.71", "high-pass 30 Hz 24 dB/oct" */
static char *
band_text (const LqEqBand *band)
{
  g_autofree char *freq = lq_eq_curve_format_frequency (band->freq_hz);

  if (lq_eq_curve_type_has_gain (band->type))
    {
      g_autofree char *gain = lq_format_offset (band->gain_db);
      g_autofree char *q = lq_format_number (band->q, 2);

      /* Translators: an EQ band: its type, frequency, gain in dB and Q */
      return g_strdup_printf (_("%s %s %s dB Q %s"), type_label (band->type), freq, gain, q);
    }

  /* Translators: a pass filter: its type, frequency and slope */
  return g_strdup_printf (_("%s %s %u dB/oct"), type_label (band->type), freq, band->slope_db_oct);
}

char *
lq_eq_curve_model_describe_handle (const LqEqCurveModel *model,
                                   guint                 index)
{
  const LqEqCurveHandle *h;
  g_autofree char *text = NULL;

  g_return_val_if_fail (model != NULL && index < model->n_handles, NULL);

  h = &model->handles[index];
  text = band_text (&h->settings);
  if (h->album)
    /* Translators: a bus EQ band, its number and settings; "(off)" when off */
    return g_strdup_printf (h->settings.enabled ? _("Bus band %u: %s") : _("Bus band %u: %s (off)"),
                            h->band, text);
  /* Translators: a track EQ band, its number and settings; "(off)" when off */
  return g_strdup_printf (h->settings.enabled ? _("Band %u: %s") : _("Band %u: %s (off)"),
                          h->band, text);
}

char *
lq_eq_curve_model_describe (const LqEqCurveModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) bands = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (model != NULL, NULL);

  for (guint h = 0; h < model->n_handles; h++)
    {
      const LqEqCurveHandle *handle = &model->handles[h];
      g_autofree char *text = NULL;

      if (!handle->settings.enabled)
        continue;
      text = band_text (&handle->settings);
      g_ptr_array_add (bands, handle->album
                       /* Translators: a bus EQ band in the EQ curve's description */
                       ? g_strdup_printf (_("bus band %u %s"), handle->band, text)
                       /* Translators: an EQ band in the EQ curve's description */
                       : g_strdup_printf (_("band %u %s"), handle->band, text));
    }
  g_ptr_array_add (bands, NULL);

  if (bands->len > 1)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) bands->pdata);

      /* Translators: the EQ curve's description starts with the bands that are on */
      g_string_append_printf (out, _("EQ: %s"), list);
    }
  else
    g_string_append (out, _("EQ: no band on"));

  if (model->has_track)
    {
      if (model->part_active[LQ_EQ_CURVE_PART_MATCH])
        {
          g_autofree char *amount = lq_format_number (model->match_max_abs_db, 1);

          /* Translators: the largest correction of the match EQ, in dB */
          g_string_append_printf (out, _("; match EQ ±%s dB"), amount);
        }
      else
        g_string_append (out, _("; match EQ off"));
    }

  low = lq_format_offset (model->sum_min_db);
  high = lq_format_offset (model->sum_max_db);
  /* Translators: the range of the combined EQ curve, "-3.0 to +2.0 dB" */
  g_string_append_printf (out, _("; combined range %s to %s dB"), low, high);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

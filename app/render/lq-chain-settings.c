/* lq-chain-settings.c */
#include "config.h"

#include "lq-chain-settings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-delivery-target.h"

static const GValue *
value_of (LqProject *project,
          LqTrack *track,
          const char *key)
{
  const LqField *field = lq_project_fields_lookup (track == NULL, key);

  g_return_val_if_fail (field != NULL, NULL);
  return track != NULL ? lq_track_get_value (track, field) : lq_project_get_album_value (project, field);
}

static double
get_double (LqProject *project, LqTrack *track, const char *key, double fallback)
{
  const GValue *v = value_of (project, track, key);

  return v != NULL && G_VALUE_HOLDS_DOUBLE (v) && isfinite (g_value_get_double (v))
         ? g_value_get_double (v) : fallback;
}

static gboolean
get_bool (LqProject *project, LqTrack *track, const char *key, gboolean fallback)
{
  const GValue *v = value_of (project, track, key);

  return v != NULL && G_VALUE_HOLDS_BOOLEAN (v) ? g_value_get_boolean (v) : fallback;
}

/* The index of the field's value in its choices (the field table's order),
 * or @fallback. */
static int
get_choice (LqProject *project, LqTrack *track, const char *key, int fallback)
{
  const LqField *field = lq_project_fields_lookup (track == NULL, key);
  const GValue *v = value_of (project, track, key);
  const char *text = v != NULL && G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;

  if (text == NULL || field == NULL || field->choices == NULL)
    return fallback;
  for (int i = 0; field->choices[i] != NULL; i++)
    if (strcmp (field->choices[i], text) == 0)
      return i;
  return fallback;
}

static void
read_eq (LqEqBand *bands,
         LqProject *project,
         LqTrack *track,
         const char *prefix)
{
  /* Same order as the field table's choices. */
  static const LqEqType types[] = { LQ_EQ_BELL, LQ_EQ_LOW_SHELF, LQ_EQ_HIGH_SHELF, LQ_EQ_HIGH_PASS, LQ_EQ_LOW_PASS };
  static const LqEqChannels channels[] = { LQ_EQ_STEREO, LQ_EQ_MID, LQ_EQ_SIDE };

  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    {
      char key[32];
      LqEqBand *band = &bands[b];

#define KEY(what) (g_snprintf (key, sizeof key, "%s%u-%s", prefix, b + 1, what), key)
      band->enabled = get_bool (project, track, KEY ("on"), FALSE);
      band->type = types[get_choice (project, track, KEY ("type"), 0)];
      band->freq_hz = get_double (project, track, KEY ("freq"), 1000.0);
      band->gain_db = get_double (project, track, KEY ("gain"), 0.0);
      band->q = get_double (project, track, KEY ("q"), 0.71);
      band->slope_db_oct = 12u * (guint) (get_choice (project, track, KEY ("slope"), 1) + 1);
      band->channels = channels[get_choice (project, track, KEY ("channels"), 0)];
#undef KEY
    }
}

static void
read_compressor (LqChainCompressor *c,
                 LqProject *project,
                 LqTrack *track,
                 const char *prefix)
{
  char key[32];

#define KEY(what) (g_snprintf (key, sizeof key, "%s-%s", prefix, what), key)
  c->enabled = get_bool (project, track, KEY ("on"), FALSE);
  c->threshold_db = get_double (project, track, KEY ("threshold"), -18.0);
  c->ratio = get_double (project, track, KEY ("ratio"), 2.0);
  c->knee_db = get_double (project, track, KEY ("knee"), 6.0);
  c->attack_ms = get_double (project, track, KEY ("attack"), 10.0);
  c->release_ms = get_double (project, track, KEY ("release"), 100.0);
  c->makeup_db = get_double (project, track, KEY ("makeup"), 0.0);
  c->detection = get_choice (project, track, KEY ("detection"), 1) == 0 ? LQ_COMPRESSOR_DETECT_PEAK
                                                                         : LQ_COMPRESSOR_DETECT_RMS;
  c->mode = get_choice (project, track, KEY ("channels"), 0) == 0 ? LQ_COMPRESSOR_STEREO_LINKED
                                                                  : LQ_COMPRESSOR_MID_SIDE;
#undef KEY
}

double
lq_chain_settings_project_ceiling (LqProject *project)
{
  LqProjectMatch match;
  LqDeliveryTarget target;
  const GValue *v = value_of (project, NULL, "target");
  const char *name = v != NULL && G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;
  double ceiling = -1.0;

  if (name != NULL && lq_delivery_target_lookup (name, &target, NULL))
    ceiling = target.true_peak_ceiling_dbtp;
  if (lq_project_get_match (project, &match) && isfinite (match.ceiling_dbtp))
    ceiling = match.ceiling_dbtp;
  lq_project_match_clear (&match);
  return ceiling;
}

void
lq_chain_settings_from_project (LqChainSettings *settings,
                                LqProject *project,
                                LqTrack *track)
{
  LqProjectMatch match;
  g_autofree double *centres = NULL;
  g_autofree double *mid = NULL;
  g_autofree double *side = NULL;
  guint n_bands = 0;
  gboolean bypass;

  g_return_if_fail (settings != NULL);
  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (LQ_IS_TRACK (track));

  lq_chain_settings_init (settings);
  bypass = get_bool (project, track, "bypass", FALSE);

  settings->input_trim_db = get_double (project, track, "input-trim", 0.0);
  read_eq (settings->eq, project, track, "eq");

  lq_project_get_match (project, &match);
  if (match.matched && match.tonal > 0.0
      && lq_project_get_track_match_eq (project, track, &n_bands, &centres, &mid, &side)
      && n_bands > 0 && n_bands <= LQ_MATCH_EQ_MAX_BANDS)
    {
      settings->match_eq_enabled = get_bool (project, track, "match-eq-on", TRUE);
      settings->match_n_bands = n_bands;
      memcpy (settings->match_centres, centres, n_bands * sizeof (double));
      memcpy (settings->match_mid_db, mid, n_bands * sizeof (double));
      memcpy (settings->match_side_db, side, n_bands * sizeof (double));
      settings->match_strength = match.tonal;
      settings->match_cap_db = match.tonal_cap_db;
    }
  lq_project_match_clear (&match);

  read_compressor (&settings->compressor, project, track, "comp");
  settings->width_enabled = get_bool (project, track, "width-on", FALSE);
  settings->width = get_double (project, track, "width", 1.0);
  settings->mono_below_hz = get_double (project, track, "mono-below", 0.0);

  settings->match_gain_db = get_double (project, track, "gain", 0.0)
                            + lq_project_get_track_match_gain (project, track);

  read_eq (settings->bus_eq, project, NULL, "bus-eq");
  read_compressor (&settings->bus_compressor, project, NULL, "bus-comp");

  settings->limiter_enabled = TRUE;
  settings->limiter_ceiling_dbtp = lq_chain_settings_project_ceiling (project);
  settings->limiter_release_ms = get_double (project, NULL, "limiter-release", 100.0);
  settings->limiter_auto_release = get_bool (project, NULL, "limiter-auto-release", TRUE);

  if (bypass)
    {
      for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
        settings->eq[b].enabled = false;
      settings->match_eq_enabled = false;
      settings->compressor.enabled = false;
      settings->width_enabled = false;
    }
}

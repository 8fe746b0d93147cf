/* lq-render-gain.c: the solved pre-limiter gain's key, storing and use. */
#include "config.h"

#include "lq-render-gain.h"

#include <math.h>

#include "lq-export.h"
#include "lq-track-analysis.h"

static void
add_double (GChecksum *sum,
            double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Text, so that padding or NAN payloads never matter. */
  g_ascii_formatd (buf, sizeof buf, "%.17g", v);
  g_checksum_update (sum, (const guchar *) buf, -1);
  g_checksum_update (sum, (const guchar *) ";", 1);
}

static void
add_int (GChecksum *sum,
         gint64 v)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ";", v);
  g_checksum_update (sum, (const guchar *) buf, -1);
}

static void
add_band (GChecksum *sum,
          const LqEqBand *b)
{
  add_int (sum, b->enabled);
  add_int (sum, b->type);
  add_double (sum, b->freq_hz);
  add_double (sum, b->gain_db);
  add_double (sum, b->q);
  add_int (sum, b->slope_db_oct);
  add_int (sum, b->channels);
}

static void
add_compressor (GChecksum *sum,
                const LqChainCompressor *c)
{
  add_int (sum, c->enabled);
  add_double (sum, c->threshold_db);
  add_double (sum, c->ratio);
  add_double (sum, c->knee_db);
  add_double (sum, c->attack_ms);
  add_double (sum, c->release_ms);
  add_double (sum, c->makeup_db);
  add_int (sum, c->detection);
  add_int (sum, c->mode);
}

char *
lq_render_gain_key (LqTrack *track,
                    const LqRenderSpec *spec,
                    const LqRenderOptions *options)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  LqTrackAnalysis *analysis;
  const LqChainSettings *c = &spec->chain;

  g_return_val_if_fail (LQ_IS_TRACK (track) && spec != NULL && options != NULL, NULL);

  g_checksum_update (sum, (const guchar *) "lacquer-solved-gain-1;", -1);
  g_checksum_update (sum, (const guchar *) lq_track_get_fingerprint (track), -1);
  g_checksum_update (sum, (const guchar *) ";", 1);
  analysis = lq_track_get_analysis (track);
  add_int (sum, analysis != NULL ? lq_track_analysis_get_measures (analysis)->sample_rate : 0);
  add_double (sum, spec->trim_in_s);
  add_double (sum, spec->trim_out_s);
  add_double (sum, spec->fade_in_s);
  add_double (sum, spec->fade_out_s);
  add_int (sum, spec->fade_in_shape);
  add_int (sum, spec->fade_out_shape);
  add_double (sum, spec->target_lufs);

  add_double (sum, c->input_trim_db);
  for (guint i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    add_band (sum, &c->eq[i]);
  add_int (sum, c->match_eq_enabled);
  add_int (sum, c->match_n_bands);
  for (guint i = 0; i < MIN (c->match_n_bands, LQ_MATCH_EQ_MAX_BANDS); i++)
    {
      add_double (sum, c->match_centres[i]);
      add_double (sum, c->match_mid_db[i]);
      add_double (sum, c->match_side_db[i]);
    }
  add_double (sum, c->match_strength);
  add_double (sum, c->match_cap_db);
  add_compressor (sum, &c->compressor);
  add_int (sum, c->width_enabled);
  add_double (sum, c->width);
  add_double (sum, c->mono_below_hz);
  add_double (sum, c->match_gain_db);
  for (guint i = 0; i < LQ_PEQ_MAX_BANDS; i++)
    add_band (sum, &c->bus_eq[i]);
  add_compressor (sum, &c->bus_compressor);
  add_double (sum, c->limiter_release_ms);
  add_int (sum, c->limiter_auto_release);

  /* What the render overrides from the options. */
  add_int (sum, options->limiter);
  add_double (sum, options->ceiling_dbtp);
  add_int (sum, options->channels == 1 ? 1 : 2);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
lq_render_spec_use_solved_gain (LqRenderSpec *spec,
                                LqProject *project,
                                LqTrack *track,
                                const LqRenderOptions *options)
{
  g_autofree char *key = NULL;
  double gain;

  g_return_val_if_fail (spec != NULL && LQ_IS_PROJECT (project), FALSE);

  key = lq_render_gain_key (track, spec, options);
  if (key == NULL || !lq_project_get_solved_gain (project, track, key, &gain) || !isfinite (gain))
    return FALSE;
  spec->has_start_gain = TRUE;
  spec->start_gain_db = gain;
  return TRUE;
}

gboolean
lq_render_get_corrected_spec (LqProject *project,
                              LqTrack *track,
                              LqRenderSpec *spec,
                              const LqRenderOptions *options,
                              GCancellable *cancellable,
                              GError **error)
{
  g_autofree char *key = NULL;
  double gain = NAN;

  g_return_val_if_fail (LQ_IS_PROJECT (project) && LQ_IS_TRACK (track), FALSE);
  g_return_val_if_fail (spec != NULL && options != NULL, FALSE);

  if (!isfinite (spec->target_lufs) || !options->limiter)
    return TRUE;
  if (lq_render_spec_use_solved_gain (spec, project, track, options))
    return TRUE;
  spec->has_start_gain = FALSE;
  if (!lq_render_solve_gain (spec, options, &gain, NULL, NULL, NULL, cancellable, error))
    return FALSE;
  key = lq_render_gain_key (track, spec, options);
  lq_project_set_solved_gain (project, track, key, gain);
  spec->has_start_gain = TRUE;
  spec->start_gain_db = gain;
  return TRUE;
}

/* The 0-based place of @track in @project, or -1. */
static gint
position_of (LqProject *project,
             LqTrack *track)
{
  guint n = lq_project_get_n_tracks (project);

  for (guint i = 0; i < n; i++)
    if (lq_project_get_track (project, i + 1) == track)
      return (gint) i;
  return -1;
}

/* lq_render_spec_init_playback() with the held levels and the default
 * export's options given. */
static gboolean
init_playback (LqRenderSpec *spec,
               LqProject *project,
               LqTrack *track,
               const double *levels,
               const LqRenderOptions *options)
{
  gint i = position_of (project, track);

  lq_render_spec_init (spec, project, track);
  /* The limiter and the level as the default export runs them
   * (lq-export.c, lq-render.c). */
  spec->chain.limiter_enabled = options->limiter;
  spec->chain.limiter_ceiling_dbtp = options->ceiling_dbtp;
  spec->target_lufs = i >= 0 ? levels[i] : NAN;
  if (!isfinite (spec->target_lufs) || !options->limiter)
    return TRUE;
  if (!lq_render_spec_use_solved_gain (spec, project, track, options))
    return FALSE;
  spec->chain.match_gain_db = CLAMP (spec->start_gain_db, LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB);
  return TRUE;
}

gboolean
lq_render_spec_init_playback (LqRenderSpec *spec,
                              LqProject *project,
                              LqTrack *track)
{
  LqRenderSpec *one[1] = { spec };

  return lq_render_specs_init_playback (project, &track, 1, one);
}

gboolean
lq_render_specs_init_playback (LqProject *project,
                               LqTrack *const *tracks,
                               guint n,
                               LqRenderSpec *const *specs)
{
  g_autofree double *levels = NULL;
  LqRenderOptions options;
  gboolean all = TRUE;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);

  levels = lq_export_get_held_levels (project);
  lq_export_get_default_render_options (project, &options);
  for (guint i = 0; i < n; i++)
    all &= init_playback (specs[i], project, tracks[i], levels, &options);
  return all;
}

double
lq_render_master_loudness (LqProject *project,
                           LqTrack *track,
                           const LqRenderSpec *spec)
{
  g_autoptr(LqExportRecord) export = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  LqTrackAnalysis *mix;
  guint i;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NAN);
  g_return_val_if_fail (LQ_IS_TRACK (track), NAN);
  g_return_val_if_fail (spec != NULL, NAN);

  export = lq_project_get_last_export (project, track);
  if (export != NULL && !export->stale && isfinite (export->integrated_lufs))
    return export->integrated_lufs;
  plan = lq_project_get_match_plan (project);
  i = lq_track_get_position (track) - 1;
  if (plan != NULL && i < lq_match_plan_get_n_tracks (plan))
    {
      const LqMatchTrack *t = lq_match_plan_get_track (plan, i);

      if (isfinite (t->predicted_lufs))
        return t->predicted_lufs - t->user_gain_db - t->gain_db + spec->chain.match_gain_db;
    }
  mix = lq_track_get_analysis (track);
  if (mix != NULL && isfinite (lq_track_analysis_get_measures (mix)->integrated_lufs))
    return lq_track_analysis_get_measures (mix)->integrated_lufs + spec->chain.input_trim_db
           + spec->chain.match_gain_db;
  return NAN;
}

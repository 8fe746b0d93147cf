/* lq-playback-levels.c: the level-match gains of a project's track for
 * playback (see lq-playback-levels.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-playback-levels.h"
#include "lq-render-gain.h"
#include "lq-render.h"

static const LqLevelMatchMode cycle[] = {
  LQ_LEVEL_MATCH_INTEGRATED, LQ_LEVEL_MATCH_LOUDEST, LQ_LEVEL_MATCH_LOOP, LQ_LEVEL_MATCH_OFF,
};

LqTrackAnalysis *
lq_playback_levels_reference_analysis (LqProject *project,
                                       const char *path)
{
  guint index = path != NULL ? lq_project_find_reference (project, path) : 0;

  if (index == 0)
    return NULL;
  return lq_project_get_reference_analysis (project, index, NULL);
}

/* The loudness the master of @track has (lq_render_master_loudness()),
 * with the chain's match gain @chain_gain_db. */
static double
master_lufs (LqProject *project,
             LqTrack *track,
             double chain_gain_db)
{
  LqRenderSpec spec;
  double lufs;

  lq_render_spec_init (&spec, project, track);
  spec.chain.match_gain_db = chain_gain_db;
  lufs = lq_render_master_loudness (project, track, &spec);
  lq_render_spec_clear (&spec);
  return lufs;
}

void
lq_playback_levels_compute (LqProject *project,
                            LqTrack *track,
                            double chain_gain_db,
                            LqTrackAnalysis *reference,
                            gboolean has_reference,
                            double loop_start_s,
                            double loop_end_s,
                            LqPlaybackLevels *levels)
{
  LqTrackAnalysis *mix = lq_track_get_analysis (track);
  LqLevelMatchSource sources[LQ_PLAYBACK_LEVELS_N_SOURCES] = {
    [LQ_PLAYBACK_MIX] = {
      .momentary = mix != NULL ? lq_track_analysis_get_momentary_energies (mix) : NULL,
      .short_term = mix != NULL ? lq_track_analysis_get_short_term_energies (mix) : NULL,
      .known_lufs = NAN,
    },
    [LQ_PLAYBACK_REFERENCE] = {
      .momentary = reference != NULL ? lq_track_analysis_get_momentary_energies (reference) : NULL,
      .short_term = reference != NULL ? lq_track_analysis_get_short_term_energies (reference) : NULL,
      .known_lufs = NAN,
    },
  };
  guint n = has_reference ? 3 : 2;

  g_return_if_fail (LQ_IS_PROJECT (project) && LQ_IS_TRACK (track));

  /* The master: the mix's energies at the export's loudness (NAN: the
   * mix's own, so that without a known loudness nothing is changed). */
  sources[LQ_PLAYBACK_MASTER] = sources[LQ_PLAYBACK_MIX];
  sources[LQ_PLAYBACK_MASTER].known_lufs = master_lufs (project, track, chain_gain_db);

  memset (levels, 0, sizeof *levels);
  levels->has_reference = has_reference;
  for (guint m = 0; m < LQ_PLAYBACK_LEVELS_N_MODES; m++)
    lq_level_match_compute (sources, n, LQ_PLAYBACK_MASTER, (LqLevelMatchMode) m,
                            loop_start_s, loop_end_s, levels->results[m]);
}

double
lq_playback_levels_gain (const LqPlaybackLevels *levels,
                         LqLevelMatchMode mode,
                         LqPlaybackSource source)
{
  g_return_val_if_fail (mode < LQ_PLAYBACK_LEVELS_N_MODES, 0);
  g_return_val_if_fail (source < LQ_PLAYBACK_LEVELS_N_SOURCES, 0);
  if (source == LQ_PLAYBACK_REFERENCE && !levels->has_reference)
    return 0;
  return levels->results[mode][source].gain_db;
}

void
lq_playback_levels_compute_program (LqProject *project,
                                    LqEngine *engine,
                                    LqTrackAnalysis *reference,
                                    gboolean has_reference,
                                    gint64 loop_start,
                                    gint64 loop_end,
                                    LqPlaybackLevels *levels)
{
  guint n, loop_index = G_MAXUINT;
  gint64 loop_in_track = 0;
  double rate;

  g_return_if_fail (LQ_IS_PROJECT (project) && LQ_IS_ENGINE (engine));

  n = lq_engine_get_n_tracks (engine);
  rate = lq_engine_get_sample_rate (engine);
  memset (levels, 0, sizeof *levels);
  levels->has_reference = has_reference;
  levels->n_tracks = n;
  levels->tracks = g_new0 (LqPlaybackLevelResults, MAX (n, 1));
  if (loop_end > loop_start
      && !lq_engine_map_frame (engine, loop_start, &loop_index, &loop_in_track))
    loop_index = G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, lq_engine_get_track_number (engine, i));
      LqRenderSpec spec;
      LqPlaybackLevels one;
      double from, to;

      lq_render_spec_init (&spec, project, track);
      /* The track's own timeline starts with its gap; the analysis's at the
       * source's first frame. */
      from = spec.trim_in_s;
      to = G_MAXINT32;   /* the whole track (clamped to its analysis) */
      if (i == loop_index)
        {
          from = spec.trim_in_s - spec.gap_s + (double) loop_in_track / rate;
          to = from + (double) (loop_end - loop_start) / rate;
        }
      lq_playback_levels_compute (project, track, spec.chain.match_gain_db, reference,
                                  has_reference, from, to, &one);
      memcpy (levels->tracks[i], one.results, sizeof one.results);
      lq_render_spec_clear (&spec);
    }
  if (n > 0)
    memcpy (levels->results, levels->tracks[0], sizeof levels->results);
}

void
lq_playback_levels_compute_loaded (LqProject *project,
                                   LqTrack *track,
                                   LqEngine *engine,
                                   LqTrackAnalysis *reference,
                                   gboolean has_reference,
                                   LqPlaybackLevels *levels)
{
  gint64 start = 0, end = 0;
  double rate, from, to;
  LqRenderSpec spec;

  g_return_if_fail (LQ_IS_PROJECT (project) && LQ_IS_ENGINE (engine));

  (void) lq_engine_get_loop (engine, &start, &end);
  if (lq_engine_get_mode (engine) != LQ_ENGINE_MODE_TRACK)
    {
      lq_playback_levels_compute_program (project, engine, reference, has_reference, start, end, levels);
      return;
    }
  g_return_if_fail (LQ_IS_TRACK (track));
  rate = lq_engine_get_sample_rate (engine);
  if (end <= start)
    {
      start = 0;
      end = lq_engine_get_length (engine);
    }
  lq_render_spec_init (&spec, project, track);
  /* The engine's timeline starts at the trim; the analysis's at the
   * source's first frame. */
  from = spec.trim_in_s + (rate > 0 ? (double) start / rate : 0);
  to = spec.trim_in_s + (rate > 0 ? (double) end / rate : G_MAXINT32);
  lq_playback_levels_compute (project, track, spec.chain.match_gain_db, reference, has_reference,
                              from, to, levels);
  lq_render_spec_clear (&spec);
}

void
lq_playback_levels_clear (LqPlaybackLevels *levels)
{
  g_clear_pointer (&levels->tracks, g_free);
  levels->n_tracks = 0;
}

void
lq_playback_levels_apply (const LqPlaybackLevels *levels,
                          LqLevelMatchMode mode,
                          LqEngine *engine)
{
  if (levels->n_tracks > 0)
    {
      for (guint s = 0; s < LQ_PLAYBACK_LEVELS_N_SOURCES; s++)
        lq_engine_set_match_gain_db (engine, (LqPlaybackSource) s, 0.0);
      for (guint i = 0; i < levels->n_tracks; i++)
        {
          double db[LQ_PLAYBACK_LEVELS_N_SOURCES];

          for (guint s = 0; s < LQ_PLAYBACK_LEVELS_N_SOURCES; s++)
            db[s] = (s == LQ_PLAYBACK_REFERENCE && !levels->has_reference)
                    || !isfinite (levels->tracks[i][mode][s].gain_db)
                    ? 0.0 : levels->tracks[i][mode][s].gain_db;
          lq_engine_set_track_match_gains (engine, i, db[0], db[1], db[2]);
        }
      return;
    }
  for (guint s = 0; s < LQ_PLAYBACK_LEVELS_N_SOURCES; s++)
    lq_engine_set_match_gain_db (engine, (LqPlaybackSource) s,
                                 lq_playback_levels_gain (levels, mode, (LqPlaybackSource) s));
}

char *
lq_playback_levels_describe (const LqPlaybackLevels *levels,
                             LqLevelMatchMode mode)
{
  GString *line = g_string_new (NULL);
  const char *names[] = { N_("mix"), N_("master"), N_("reference") };

  /* TRANSLATORS: followed by each source's level-match gain; %s: the mode
   * (integrated, loudest, loop, off) */
  g_string_append_printf (line, _("Level match (%s):"), lq_level_match_mode_to_string (mode));
  for (guint s = 0; s < LQ_PLAYBACK_LEVELS_N_SOURCES; s++)
    {
      const LqLevelMatchResult *r = &levels->results[mode][s];
      double gain = lq_playback_levels_gain (levels, mode, (LqPlaybackSource) s);

      if (s == LQ_PLAYBACK_REFERENCE && !levels->has_reference)
        continue;
      /* TRANSLATORS: a source and its level-match gain, "mix +2.3 dB" */
      if (fabs (gain) < 0.05)
        gain = 0;
      g_string_append_c (line, ' ');
      g_string_append_printf (line, _("%s %s%.1f dB"), _(names[s]), gain > 0 ? "+" : "", gain);
      if (r->note != LQ_LEVEL_MATCH_NOTE_NONE && mode != LQ_LEVEL_MATCH_OFF)
        g_string_append_printf (line, " (%s)", lq_level_match_note_describe (r->note));
      if (s + 1 < (levels->has_reference ? 3u : 2u))
        g_string_append_c (line, ',');
    }
  return g_string_free (line, FALSE);
}

LqLevelMatchMode
lq_playback_levels_next_mode (LqLevelMatchMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (cycle); i++)
    if (cycle[i] == mode)
      return cycle[(i + 1) % G_N_ELEMENTS (cycle)];
  return LQ_LEVEL_MATCH_INTEGRATED;
}

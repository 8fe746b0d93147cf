/* lq-track-view-model.c: the track view's data (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-format.h"
#include "lq-loudness-meter.h"
#include "lq-project.h"
#include "lq-track-view-model.h"
#include "lq-waveform.h"

/* A stored match gain this far from the plan's moves the prediction by the
 * difference (as the loudness chart does); closer is rounding. */
#define MOVED_DB 0.05
/* Blocks before the first complete window (400 ms, 3 s) */
#define MOMENTARY_SKIP 3
#define SHORT_TERM_SKIP 29

typedef struct
{
  guint frames_per_peak;
  gsize n_peaks;
  GBytes *peaks;
  GBytes *rms;
} Level;

static void
level_free (gpointer data)
{
  Level *level = data;

  g_bytes_unref (level->peaks);
  g_clear_pointer (&level->rms, g_bytes_unref);
  g_free (level);
}

LqTrackViewModel *
lq_track_view_model_new (const char *name,
                         guint       position,
                         double      length_s,
                         guint       rate,
                         guint       channels)
{
  LqTrackViewModel *self = g_new0 (LqTrackViewModel, 1);

  self->name = g_strdup (name != NULL ? name : "");
  self->position = position;
  self->length_s = MAX (0.0, length_s);
  self->rate = rate;
  self->channels = CLAMP (channels, 1, 2);
  self->integrated_lufs = NAN;
  self->true_peak_dbtp = NAN;
  self->target_lufs = NAN;
  self->ceiling_dbtp = NAN;
  self->match_gain_db = NAN;
  self->after_lufs = NAN;
  self->clipped_runs = g_array_new (FALSE, FALSE, sizeof (LqTrackViewRun));
  self->overs = g_array_new (FALSE, FALSE, sizeof (LqTrackViewRun));
  self->levels = g_ptr_array_new_with_free_func (level_free);
  return self;
}

void
lq_track_view_model_free (LqTrackViewModel *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->source_path);
  g_free (self->momentary);
  g_free (self->short_term);
  g_free (self->momentary_after);
  g_free (self->short_term_after);
  g_array_unref (self->clipped_runs);
  g_array_unref (self->overs);
  g_ptr_array_unref (self->levels);
  g_free (self);
}

static int
level_compare (gconstpointer a,
               gconstpointer b)
{
  const Level *la = *(const Level *const *) a;
  const Level *lb = *(const Level *const *) b;

  return (la->frames_per_peak > lb->frames_per_peak) - (la->frames_per_peak < lb->frames_per_peak);
}

void
lq_track_view_model_add_level (LqTrackViewModel *self,
                               guint             frames_per_peak,
                               GBytes           *peaks,
                               GBytes           *rms)
{
  Level *level;

  g_return_if_fail (self != NULL);
  g_return_if_fail (peaks != NULL);
  g_return_if_fail (frames_per_peak > 0);

  level = g_new0 (Level, 1);
  level->frames_per_peak = frames_per_peak;
  level->peaks = g_bytes_ref (peaks);
  level->n_peaks = g_bytes_get_size (peaks) / (2 * self->channels);
  if (rms != NULL && g_bytes_get_size (rms) >= level->n_peaks * self->channels * sizeof (float))
    level->rms = g_bytes_ref (rms);
  g_ptr_array_add (self->levels, level);
  g_ptr_array_sort (self->levels, level_compare);
}

static const Level *
choose_level (const LqTrackViewModel *self,
              double                  start_s,
              double                  end_s,
              guint                   n_columns)
{
  double frames_per_column;
  const Level *chosen = NULL;

  if (self->levels->len == 0 || n_columns == 0 || end_s <= start_s || self->rate == 0)
    return NULL;
  frames_per_column = (end_s - start_s) * self->rate / n_columns;
  /* The finest level that reads no more than 2 peaks a column */
  for (guint i = 0; i < self->levels->len; i++)
    {
      const Level *level = g_ptr_array_index (self->levels, i);

      chosen = level;
      if (2.0 * level->frames_per_peak >= frames_per_column)
        break;
    }
  return chosen;
}

guint
lq_track_view_model_get_level (const LqTrackViewModel *self,
                               guint                   i)
{
  g_return_val_if_fail (self != NULL, 0);

  return i < self->levels->len ? ((const Level *) g_ptr_array_index (self->levels, i))->frames_per_peak : 0;
}

guint
lq_track_view_model_level_for (const LqTrackViewModel *self,
                               double                  start_s,
                               double                  end_s,
                               guint                   n_columns)
{
  const Level *level;

  g_return_val_if_fail (self != NULL, 0);

  level = choose_level (self, start_s, end_s, n_columns);
  return level != NULL ? level->frames_per_peak : 0;
}

void
lq_track_view_model_columns (const LqTrackViewModel *self,
                             double                  start_s,
                             double                  end_s,
                             guint                   n_columns,
                             LqTrackViewColumn      *columns)
{
  const Level *level;
  const gint8 *peaks = NULL;
  const float *rms = NULL;
  guint ch;
  double peaks_per_s, span;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_columns == 0 || columns != NULL);

  for (guint x = 0; x < n_columns; x++)
    for (guint c = 0; c < 2; c++)
      {
        columns[x].min[c] = 1.0f;
        columns[x].max[c] = -1.0f;
        columns[x].rms[c] = NAN;
      }

  level = choose_level (self, start_s, end_s, n_columns);
  if (level == NULL || level->n_peaks == 0)
    return;

  ch = self->channels;
  peaks = g_bytes_get_data (level->peaks, NULL);
  if (level->rms != NULL)
    rms = g_bytes_get_data (level->rms, NULL);
  peaks_per_s = (double) self->rate / level->frames_per_peak;
  span = end_s - start_s;

  for (guint x = 0; x < n_columns; x++)
    {
      double t0 = start_s + span * x / n_columns;
      double t1 = start_s + span * (x + 1) / n_columns;
      gint64 first = (gint64) floor (t0 * peaks_per_s);
      gint64 last = MAX (first + 1, (gint64) ceil (t1 * peaks_per_s));

      first = MAX (first, 0);
      last = MIN (last, (gint64) level->n_peaks);
      for (gint64 i = first; i < last; i++)
        for (guint c = 0; c < 2; c++)
          {
            guint from = MIN (c, ch - 1);   /* mono: both lanes the one channel */
            float lo = peaks[(i * ch + from) * 2] / 127.0f;
            float hi = peaks[(i * ch + from) * 2 + 1] / 127.0f;

            columns[x].min[c] = MIN (columns[x].min[c], lo);
            columns[x].max[c] = MAX (columns[x].max[c], hi);
            if (rms != NULL)
              {
                float r = rms[i * ch + from];

                columns[x].rms[c] = isnan (columns[x].rms[c]) ? r : MAX (columns[x].rms[c], r);
              }
          }
    }
}

gboolean
lq_track_view_model_span_usable (const LqTrackViewModel *self,
                                 const LqWaveformSpan   *span,
                                 double                  start_s,
                                 double                  end_s,
                                 guint                   n_columns)
{
  guint level;
  gint64 first, last, total;

  g_return_val_if_fail (self != NULL, FALSE);

  if (span == NULL || span->n_columns == 0 || span->sample_rate != self->rate
      || span->channels != self->channels || n_columns == 0 || !(end_s > start_s))
    return FALSE;
  level = lq_track_view_model_level_for (self, start_s, end_s, n_columns);
  if (level != 0 && span->frames_per_column >= level)
    return FALSE;
  total = (gint64) ceil (self->length_s * self->rate);
  first = MAX ((gint64) 0, (gint64) floor (start_s * self->rate));
  last = MIN (total, (gint64) ceil (end_s * self->rate));
  /* The span's last column may end early, where the file does */
  return first >= span->start_frame
         && (last <= span->start_frame + (gint64) span->n_columns * span->frames_per_column
             || span->start_frame + (gint64) span->n_columns * span->frames_per_column >= total);
}

guint
lq_track_view_model_span_columns (const LqTrackViewModel *self,
                                  const LqWaveformSpan   *span,
                                  double                  start_s,
                                  double                  end_s,
                                  guint                   n_columns,
                                  LqTrackViewColumn      *columns)
{
  double frames_per_px;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_columns == 0 || columns != NULL, 0);

  if (!lq_track_view_model_span_usable (self, span, start_s, end_s, n_columns))
    {
      lq_track_view_model_columns (self, start_s, end_s, n_columns, columns);
      return lq_track_view_model_level_for (self, start_s, end_s, n_columns);
    }

  frames_per_px = (end_s - start_s) * self->rate / n_columns;
  for (guint x = 0; x < n_columns; x++)
    {
      /* The span's columns that start in this pixel's frames (at least the
       * one under it, when a column is wider than a pixel) */
      double f0 = start_s * self->rate + x * frames_per_px;
      double f1 = f0 + frames_per_px;
      gint64 k0 = (gint64) ceil ((f0 - span->start_frame) / span->frames_per_column - 1e-9);
      gint64 k1 = (gint64) ceil ((f1 - span->start_frame) / span->frames_per_column - 1e-9);

      if (k1 <= k0)
        k0 = (gint64) floor ((f0 - span->start_frame) / span->frames_per_column), k1 = k0 + 1;
      k0 = MAX (k0, 0);
      k1 = MIN (k1, (gint64) span->n_columns);
      for (guint c = 0; c < 2; c++)
        {
          guint from = MIN (c, span->channels - 1);   /* mono: both lanes the one channel */

          columns[x].min[c] = 1.0f;
          columns[x].max[c] = -1.0f;
          columns[x].rms[c] = NAN;
          for (gint64 k = k0; k < k1; k++)
            {
              gsize cell = (gsize) k * span->channels + from;
              LqTrackViewColumn *col = &columns[x];

              col->min[c] = k == k0 ? span->min[cell] : MIN (col->min[c], span->min[cell]);
              col->max[c] = k == k0 ? span->max[cell] : MAX (col->max[c], span->max[cell]);
              col->rms[c] = k == k0 ? span->rms[cell] : MAX (col->rms[c], span->rms[cell]);
            }
        }
    }
  return span->frames_per_column;
}

static float
block_lufs (double energy,
            double gain_db)
{
  double lufs = lq_loudness_from_energy (energy);

  /* Silence (-inf) and anything under the absolute gate is not drawn */
  return isfinite (lufs) && lufs > -70.0 ? (float) (lufs + gain_db) : NAN;
}

void
lq_track_view_model_set_energies (LqTrackViewModel *self,
                                  const double     *momentary,
                                  guint             n_momentary,
                                  const double     *short_term,
                                  guint             n_short_term,
                                  double            gain_db)
{
  guint n;

  g_return_if_fail (self != NULL);

  n = MAX (n_momentary > 0 ? n_momentary + MOMENTARY_SKIP : 0,
           n_short_term > 0 ? n_short_term + SHORT_TERM_SKIP : 0);
  g_free (self->momentary);
  g_free (self->short_term);
  self->n_blocks = n;
  self->momentary = g_new (float, MAX (n, 1));
  self->short_term = g_new (float, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      self->momentary[k] = k >= MOMENTARY_SKIP && k - MOMENTARY_SKIP < n_momentary
                           ? block_lufs (momentary[k - MOMENTARY_SKIP], gain_db) : NAN;
      self->short_term[k] = k >= SHORT_TERM_SKIP && k - SHORT_TERM_SKIP < n_short_term
                            ? block_lufs (short_term[k - SHORT_TERM_SKIP], gain_db) : NAN;
    }
  /* The prediction follows the curves */
  if (self->matched)
    lq_track_view_model_set_match (self, self->match_gain_db, self->limiter_reduction_db, self->after_lufs);
}

double
lq_track_view_model_limiter_at (const LqTrackViewModel *self,
                                guint                   k)
{
  double loudest = -INFINITY;
  double r, s;

  g_return_val_if_fail (self != NULL, 0.0);

  r = self->limiter_reduction_db;
  if (!self->matched || !(r > 0.0) || k >= self->n_blocks || isnan (self->short_term[k]))
    return 0.0;
  for (guint i = 0; i < self->n_blocks; i++)
    if (!isnan (self->short_term[i]))
      loudest = MAX (loudest, self->short_term[i]);
  /* The gain moves every block alike: compare before the gain */
  s = self->short_term[k];
  return s > loudest - r ? (s - (loudest - r)) / 2.0 : 0.0;
}

void
lq_track_view_model_set_match (LqTrackViewModel *self,
                               double            gain_db,
                               double            limiter_reduction_db,
                               double            after_lufs)
{
  double loudest = -INFINITY, r;

  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->momentary_after, g_free);
  g_clear_pointer (&self->short_term_after, g_free);
  self->matched = isfinite (gain_db);
  self->match_gain_db = self->matched ? gain_db : NAN;
  self->limiter_reduction_db = self->matched && limiter_reduction_db > 0.0 ? limiter_reduction_db : 0.0;
  self->after_lufs = self->matched ? after_lufs : NAN;
  if (!self->matched)
    return;

  r = self->limiter_reduction_db;
  for (guint k = 0; k < self->n_blocks; k++)
    if (!isnan (self->short_term[k]))
      loudest = MAX (loudest, self->short_term[k]);

  self->momentary_after = g_new (float, MAX (self->n_blocks, 1));
  self->short_term_after = g_new (float, MAX (self->n_blocks, 1));
  for (guint k = 0; k < self->n_blocks; k++)
    {
      double s = self->short_term[k];
      double reduction = r > 0.0 && !isnan (s) && s > loudest - r ? (s - (loudest - r)) / 2.0 : 0.0;

      self->momentary_after[k] = self->momentary[k] + gain_db - reduction;
      self->short_term_after[k] = self->short_term[k] + gain_db - reduction;
    }
}

static int
run_compare (gconstpointer a,
             gconstpointer b)
{
  const LqTrackViewRun *ra = a, *rb = b;

  return (ra->start_s > rb->start_s) - (ra->start_s < rb->start_s);
}

static void
flag_runs (GArray *runs,
           double  ceiling)
{
  for (guint i = 0; i < runs->len; i++)
    {
      LqTrackViewRun *run = &g_array_index (runs, LqTrackViewRun, i);

      run->above_ceiling = isfinite (ceiling) && run->peak_db > ceiling;
    }
}

static void
set_runs (LqTrackViewModel     *self,
          GArray               *array,
          const LqTrackViewRun *runs,
          guint                 n_runs)
{
  g_array_set_size (array, 0);
  if (n_runs > 0)
    g_array_append_vals (array, runs, n_runs);
  g_array_sort (array, run_compare);
  flag_runs (array, self->ceiling_dbtp);
}

void
lq_track_view_model_set_ceiling (LqTrackViewModel *self,
                                 double            ceiling_dbtp)
{
  g_return_if_fail (self != NULL);

  self->ceiling_dbtp = ceiling_dbtp;
  flag_runs (self->clipped_runs, ceiling_dbtp);
  flag_runs (self->overs, ceiling_dbtp);
}

void
lq_track_view_model_set_clipped_runs (LqTrackViewModel     *self,
                                      const LqTrackViewRun *runs,
                                      guint                 n_runs)
{
  g_return_if_fail (self != NULL);
  set_runs (self, self->clipped_runs, runs, n_runs);
}

void
lq_track_view_model_set_overs (LqTrackViewModel     *self,
                               const LqTrackViewRun *runs,
                               guint                 n_runs)
{
  g_return_if_fail (self != NULL);
  set_runs (self, self->overs, runs, n_runs);
}

guint
lq_track_view_model_count_overs_above (const LqTrackViewModel *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->overs->len; i++)
    n += g_array_index (self->overs, LqTrackViewRun, i).above_ceiling;
  return n;
}

int
lq_track_view_model_block_at (const LqTrackViewModel *self,
                              double                  seconds)
{
  double k;

  g_return_val_if_fail (self != NULL, -1);

  /* Block k ends at (k + 1) * 0.1 s: the one shown from k * 0.1 s on */
  k = floor (seconds / LQ_TRACK_VIEW_BLOCK_S + 1e-9) - 1.0;
  if (k < 0.0 || k >= self->n_blocks)
    return -1;
  return (int) k;
}

gboolean
lq_track_view_match_prediction (LqProject   *project,
                                LqMatchPlan *plan,
                                guint        position,
                                double      *gain_db,
                                double      *after_lufs,
                                double      *limiter_db)
{
  const LqMatchTrack *m;
  double gain, after, limiter, stored;
  gboolean moved;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (plan), FALSE);
  g_return_val_if_fail (position >= 1 && position <= lq_match_plan_get_n_tracks (plan), FALSE);

  m = lq_match_plan_get_track (plan, position - 1);
  gain = m->gain_db;
  after = m->predicted_lufs;
  limiter = m->limiter_reduction_db;
  stored = position <= lq_project_get_n_tracks (project)
           ? lq_project_get_track_match_gain (project, lq_project_get_track (project, position)) : gain;
  moved = isfinite (after) && fabs (stored - gain) > MOVED_DB;
  if (moved)
    {
      after += stored - gain;
      limiter = MAX (0.0, limiter + stored - gain);
      gain = stored;
    }
  if (gain_db != NULL)
    *gain_db = gain;
  if (after_lufs != NULL)
    *after_lufs = after;
  if (limiter_db != NULL)
    *limiter_db = limiter;
  return moved;
}

/* The stored match: the curves move by the stored gain */
static void
model_match_from_project (LqTrackViewModel *self,
                          LqProject        *project,
                          LqTrack          *track)
{
  g_autoptr(LqMatchPlan) plan = NULL;
  double after, limiter;

  if (lq_project_get_match_state (project) == LQ_PROJECT_MATCH_NONE)
    return;
  plan = lq_project_get_match_plan (project);
  if (plan == NULL || self->position > lq_match_plan_get_n_tracks (plan))
    return;
  lq_track_view_model_set_ceiling (self, lq_match_plan_get_ceiling_dbtp (plan));
  lq_track_view_match_prediction (project, plan, self->position, NULL, &after, &limiter);
  lq_track_view_model_set_match (self, lq_project_get_track_match_gain (project, track), limiter, after);
}

/* The RMS of the cached level at @fpp frames a peak, as the model takes
 * it (linear, float per channel per peak), or NULL when the cache has
 * none (a project analysed before format 9, until it is again). */
static GBytes *
level_rms (LqProject *project,
           LqTrack *track,
           guint fpp)
{
  g_autoptr(GBytes) rms = NULL;
  guint found = 0;
  const guint8 *codes;
  float *linear;
  gsize n;

  if (!lq_project_get_waveform_level (project, track, fpp, NULL, &rms, &found) || rms == NULL || found != fpp)
    return NULL;
  codes = g_bytes_get_data (rms, &n);
  linear = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    linear[i] = (float) lq_waveform_rms_to_linear (codes[i]);
  return g_bytes_new_take (linear, n * sizeof (float));
}

/* The analysis's runs (LqSampleRun at @rate) as the model's. */
static void
set_analysis_runs (LqTrackViewModel *self,
                   const GArray *runs,
                   guint rate,
                   gboolean overs)
{
  g_autofree LqTrackViewRun *out = NULL;
  guint n = runs != NULL ? runs->len : 0;

  if (rate == 0)
    return;
  out = g_new0 (LqTrackViewRun, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const LqSampleRun *r = &g_array_index (runs, LqSampleRun, i);

      out[i].start_s = (double) r->start / rate;
      out[i].end_s = (double) (r->start + r->frames) / rate;
      out[i].peak_db = r->peak_db;
    }
  if (overs)
    lq_track_view_model_set_overs (self, out, n);
  else
    lq_track_view_model_set_clipped_runs (self, out, n);
}

LqTrackViewModel *
lq_track_view_model_new_from_project (LqProject *project,
                                      guint      position)
{
  LqTrackViewModel *self;
  LqTrackAnalysis *analysis;
  const LqTrackMeasures *measures;
  const GArray *momentary, *short_term;
  LqDeliveryTarget target;
  LqTrack *track;
  double gain = 0.0;
  guint max_peaks = G_MAXUINT;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  if (position < 1 || position > lq_project_get_n_tracks (project))
    return NULL;
  track = lq_project_get_track (project, position);
  analysis = lq_track_get_analysis (track);
  if (analysis == NULL)
    return NULL;
  measures = lq_track_analysis_get_measures (analysis);
  g_object_get (track, "gain", &gain, NULL);

  self = lq_track_view_model_new (lq_track_get_display_name (track), position,
                                  measures->duration_s, measures->sample_rate, measures->channels);
  self->source_path = g_strdup (lq_track_get_path (track));
  self->integrated_lufs = measures->integrated_lufs + gain;
  self->true_peak_dbtp = measures->true_peak_dbtp + gain;
  if (lq_project_get_effective_target (project, &target))
    {
      self->target_lufs = target.integrated_lufs;
      lq_track_view_model_set_ceiling (self, target.true_peak_ceiling_dbtp);
    }

  /* Every cached level, finest first: each query asks for fewer peaks than
   * the last level had (the cache answers the finest that fits) */
  for (;;)
    {
      guint fpp = 0;
      g_autoptr(GBytes) peaks = lq_project_get_waveform (project, track, max_peaks, &fpp);
      gsize n;

      if (peaks == NULL || fpp == 0)
        break;
      if (self->levels->len > 0
          && fpp <= ((Level *) g_ptr_array_index (self->levels, self->levels->len - 1))->frames_per_peak)
        break;
      {
        g_autoptr(GBytes) rms = level_rms (project, track, fpp);

        lq_track_view_model_add_level (self, fpp, peaks, rms);
      }
      n = g_bytes_get_size (peaks) / (2 * self->channels);
      if (n <= 1)
        break;
      max_peaks = (guint) n - 1;
    }

  momentary = lq_track_analysis_get_momentary_energies (analysis);
  short_term = lq_track_analysis_get_short_term_energies (analysis);
  lq_track_view_model_set_energies (self,
                                    momentary != NULL ? (const double *) (void *) momentary->data : NULL,
                                    momentary != NULL ? momentary->len : 0,
                                    short_term != NULL ? (const double *) (void *) short_term->data : NULL,
                                    short_term != NULL ? short_term->len : 0,
                                    gain);
  model_match_from_project (self, project, track);
  set_analysis_runs (self, lq_track_analysis_get_clipped_runs (analysis), measures->sample_rate, FALSE);
  set_analysis_runs (self, lq_track_analysis_get_true_peak_overs (analysis), measures->sample_rate, TRUE);
  return self;
}

char *
lq_track_view_model_dup_description (const LqTrackViewModel *self)
{
  g_autofree char *integrated = NULL, *target = NULL, *peak = NULL, *ceiling = NULL;
  g_autofree char *runs = NULL, *overs = NULL;
  GString *s;
  guint n_overs;

  g_return_val_if_fail (self != NULL, NULL);

  integrated = lq_format_value_with_unit (self->integrated_lufs, "LUFS");
  peak = lq_format_value_with_unit (self->true_peak_dbtp, "dBTP");
  s = g_string_new (NULL);
  /* Translators: the track's position and name */
  g_string_append_printf (s, _("Track %u “%s”: "), self->position, self->name);
  if (isfinite (self->target_lufs))
    {
      target = lq_format_value (self->target_lufs);
      /* Translators: the track's loudness and the album's target, in the
       * track view's description */
      g_string_append_printf (s, _("integrated %s (target %s)"), integrated, target);
    }
  else
    /* Translators: the track's loudness, in the track view's description */
    g_string_append_printf (s, _("integrated %s"), integrated);
  /* Translators: the track's true peak, in the track view's description */
  g_string_append_printf (s, _(", true peak %s"), peak);
  runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clipped run", "%u clipped runs",
                                       self->clipped_runs->len),
                          self->clipped_runs->len);
  g_string_append_printf (s, ", %s", runs);
  n_overs = lq_track_view_model_count_overs_above (self);
  if (isfinite (self->ceiling_dbtp))
    {
      ceiling = lq_format_value_with_unit (self->ceiling_dbtp, "dBTP");
      /* Translators: true-peak overs of the ceiling ("-1.0 dBTP") */
      overs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u over of the %s ceiling",
                                            "%u overs of the %s ceiling", n_overs),
                               n_overs, ceiling);
      g_string_append_printf (s, ", %s", overs);
    }
  if (self->matched)
    {
      g_autofree char *after = lq_format_value_with_unit (self->after_lufs, "LUFS");

      /* Translators: the track's predicted loudness after the stored match */
      g_string_append_printf (s, _("; after the match %s (predicted)"), after);
    }
  return g_string_free (s, FALSE);
}

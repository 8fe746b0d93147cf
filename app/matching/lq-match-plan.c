/* lq-match-plan.c */
#include "config.h"

#include "lq-match-plan.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-error.h"
#include "lq-loudness-gate.h"

/* How close the re-gated album must come to the target. */
#define SOLVE_TOLERANCE_LU 1e-4
#define FIXED_POINT_STEPS 8
#define BISECTION_STEPS 200
#define BRACKET_LIMIT_DB 200.0
/* A plan "reaches" its target within this. */
#define REACHED_TOLERANCE_LU 0.01

struct _LqMatchPlan
{
  GObject parent_instance;

  LqDeliveryTarget target;
  LqMatchMode mode;
  double keep;
  double ceiling_dbtp;
  GArray *tracks;   /* LqMatchTrack */
  double measured_album_lufs;
  double predicted_album_lufs;
  gboolean album_target_reached;
  guint n_limiter_warnings;
  LqTonalPlan *tonal;
};

G_DEFINE_FINAL_TYPE (LqMatchPlan, lq_match_plan, G_TYPE_OBJECT)

/* The planner's working state: everything solve() needs to re-gate. */
typedef struct
{
  guint n;
  LqTrackAnalysis **analyses;   /* borrowed; NULL entries */
  double *source_lufs;          /* S_i = measured + dual mono + user gain; NAN if no loudness */
  double *dual_mono;            /* LQ_DUAL_MONO_DB for a mono source, else 0 */
  double *user_gains;            /* the user's gains plus the match EQ's loudness changes */
  double *eq_changes;           /* the match EQ's loudness changes (0 without a tonal plan) */
  double *gains;                /* planned gains being tried */
  gboolean *capped;             /* whether each gain was held at the max track loudness */
  double *scaled;               /* scratch: all tracks' scaled blocks, end to end */
  LqEnergySpan *spans;          /* one per track with blocks, into scaled */
  guint *span_track;            /* the track of each span */
  guint n_spans;
} Planner;

static const char *const mode_names[] = { "track", "album", "continuity" };

static void
lq_match_plan_finalize (GObject *object)
{
  LqMatchPlan *self = (LqMatchPlan *) object;

  g_clear_pointer (&self->tracks, g_array_unref);
  g_clear_object (&self->tonal);

  G_OBJECT_CLASS (lq_match_plan_parent_class)->finalize (object);
}

static void
lq_match_plan_class_init (LqMatchPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_match_plan_finalize;
}

static void
lq_match_plan_init (LqMatchPlan *self)
{
  self->tracks = g_array_new (FALSE, TRUE, sizeof (LqMatchTrack));
  self->measured_album_lufs = NAN;
  self->predicted_album_lufs = NAN;
  self->ceiling_dbtp = NAN;
  self->album_target_reached = TRUE;
}

static const GArray *
blocks_of (LqTrackAnalysis *analysis)
{
  return analysis != NULL ? lq_track_analysis_get_momentary_energies (analysis) : NULL;
}

static void
planner_init (Planner *p,
              GPtrArray *tracks,
              const double *user_gains_db)
{
  gsize total = 0;
  gsize at = 0;

  p->n = tracks->len;
  p->analyses = (LqTrackAnalysis **) tracks->pdata;
  p->source_lufs = g_new (double, p->n);
  p->dual_mono = g_new0 (double, p->n);
  p->user_gains = g_new0 (double, p->n);
  p->eq_changes = g_new0 (double, p->n);
  p->gains = g_new0 (double, p->n);
  p->capped = g_new0 (gboolean, p->n);
  p->spans = g_new0 (LqEnergySpan, p->n);
  p->span_track = g_new0 (guint, p->n);
  p->n_spans = 0;

  for (guint i = 0; i < p->n; i++)
    {
      const GArray *blocks = blocks_of (p->analyses[i]);

      if (user_gains_db != NULL)
        p->user_gains[i] = user_gains_db[i];
      p->source_lufs[i] = NAN;
      if (p->analyses[i] != NULL)
        {
          const LqTrackMeasures *m = lq_track_analysis_get_measures (p->analyses[i]);

          /* Played and written as dual mono (lq-render.h). */
          if (m->channels == 1)
            p->dual_mono[i] = LQ_DUAL_MONO_DB;
          p->source_lufs[i] = m->integrated_lufs + p->dual_mono[i] + p->user_gains[i];
        }
      if (blocks != NULL)
        total += blocks->len;
    }

  p->scaled = g_new (double, MAX (total, 1));
  for (guint i = 0; i < p->n; i++)
    {
      const GArray *blocks = blocks_of (p->analyses[i]);

      if (blocks == NULL || blocks->len == 0)
        continue;
      p->spans[p->n_spans].energies = p->scaled + at;
      p->spans[p->n_spans].n = blocks->len;
      p->span_track[p->n_spans] = i;
      p->n_spans++;
      at += blocks->len;
    }
}

static void
planner_clear (Planner *p)
{
  g_free (p->source_lufs);
  g_free (p->dual_mono);
  g_free (p->user_gains);
  g_free (p->eq_changes);
  g_free (p->gains);
  g_free (p->capped);
  g_free (p->scaled);
  g_free (p->spans);
  g_free (p->span_track);
}

static gboolean
has_loudness (const Planner *p,
              guint i)
{
  return isfinite (p->source_lufs[i]);
}

static double
finite_or_nan (double lufs)
{
  return isfinite (lufs) ? lufs : NAN;
}

/* Writes every track's blocks scaled by its user and planned gains. */
static void
planner_scale (Planner *p)
{
  for (guint s = 0; s < p->n_spans; s++)
    {
      guint i = p->span_track[s];
      const GArray *blocks = blocks_of (p->analyses[i]);
      const double *in = (const double *) blocks->data;
      double *out = (double *) p->spans[s].energies;
      double factor = pow (10.0, (p->dual_mono[i] + p->user_gains[i] + p->gains[i]) / 10.0);

      for (guint k = 0; k < blocks->len; k++)
        out[k] = in[k] * factor;
    }
}

/* The album's integrated loudness with the current gains; NAN if none. */
static double
planner_album_lufs (Planner *p)
{
  if (p->n_spans == 0)
    return NAN;
  planner_scale (p);
  return finite_or_nan (lq_loudness_gate_integrated (p->spans, p->n_spans));
}

/* The planned gain of track @i for album level @a; sets @capped when
 * @max_track held it down. ALBUM mode computes one expression for every
 * track, so that the gains are exactly equal. */
static double
planned_gain (const Planner *p,
              guint i,
              LqMatchMode mode,
              double keep,
              double source_album,
              double max_track,
              double a,
              gboolean *capped)
{
  double gain;

  switch (mode)
    {
    case LQ_MATCH_MODE_TRACK:
      gain = a - p->source_lufs[i];
      break;
    case LQ_MATCH_MODE_ALBUM:
      /* The match EQ's loudness change is given back: levels stay as mixed. */
      gain = a - source_album - p->eq_changes[i];
      break;
    case LQ_MATCH_MODE_CONTINUITY:
      /* The offset as mixed (before the match EQ), the level after it. */
      gain = a + keep * (p->source_lufs[i] - p->eq_changes[i] - source_album) - p->source_lufs[i];
      break;
    default:
      g_assert_not_reached ();
    }

  *capped = isfinite (max_track) && p->source_lufs[i] + gain > max_track;
  return *capped ? max_track - p->source_lufs[i] : gain;
}

static void
set_gains (Planner *p,
           LqMatchMode mode,
           double keep,
           double source_album,
           double max_track,
           double a)
{
  for (guint i = 0; i < p->n; i++)
    {
      p->capped[i] = FALSE;
      p->gains[i] = has_loudness (p, i)
        ? planned_gain (p, i, mode, keep, source_album, max_track, a, &p->capped[i])
        : 0.0;
    }
}

/* The album level @a at which the re-gated album reaches @target. Fixed-point
 * steps first (the album moves dB for dB with @a, save for blocks crossing
 * the absolute gate or tracks held at a cap), then bisection if those do not
 * settle. Leaves the gains for the returned @a set. */
static double
solve (Planner *p,
       LqMatchMode mode,
       double keep,
       double source_album,
       double max_track,
       double target)
{
  double a = target;
  double best_a = a;
  double best_err = INFINITY;
  double lo, hi, err_lo, err_hi;

  for (guint step = 0; step < FIXED_POINT_STEPS; step++)
    {
      double err;

      set_gains (p, mode, keep, source_album, max_track, a);
      err = target - planner_album_lufs (p);
      if (isnan (err))
        break;
      if (fabs (err) < fabs (best_err))
        {
          best_err = err;
          best_a = a;
        }
      if (fabs (err) < SOLVE_TOLERANCE_LU)
        return a;
      a += err;
    }

  if (isinf (best_err))
    {
      set_gains (p, mode, keep, source_album, max_track, target);
      return target;
    }

  /* Bracket the root around the best guess, then halve. */
  lo = hi = best_a;
  err_lo = err_hi = best_err;
  for (double width = 1.0; width <= BRACKET_LIMIT_DB && !(err_lo > 0 && err_hi < 0); width *= 2)
    {
      if (err_lo <= 0)
        {
          lo = best_a - width;
          set_gains (p, mode, keep, source_album, max_track, lo);
          err_lo = target - planner_album_lufs (p);
        }
      if (err_hi >= 0)
        {
          hi = best_a + width;
          set_gains (p, mode, keep, source_album, max_track, hi);
          err_hi = target - planner_album_lufs (p);
        }
      if (isnan (err_lo))
        err_lo = INFINITY;   /* below every gate: far too quiet */
      if (isnan (err_hi))
        err_hi = INFINITY;
    }

  if (err_lo > 0 && err_hi < 0)
    for (guint step = 0; step < BISECTION_STEPS && hi - lo > 1e-9; step++)
      {
        double mid = 0.5 * (lo + hi);
        double err;

        set_gains (p, mode, keep, source_album, max_track, mid);
        err = target - planner_album_lufs (p);
        if (isnan (err))
          err = INFINITY;
        if (fabs (err) < fabs (best_err))
          {
            best_err = err;
            best_a = mid;
          }
        if (fabs (err) < SOLVE_TOLERANCE_LU)
          break;
        if (err > 0)
          lo = mid;
        else
          hi = mid;
      }

  set_gains (p, mode, keep, source_album, max_track, best_a);
  return best_a;
}

/* Track @i's integrated loudness re-gated from its scaled blocks (after
 * planner_scale()), or the arithmetic shift when it has no blocks. */
static double
predicted_track_lufs (const Planner *p,
                      guint i)
{
  if (!has_loudness (p, i))
    return NAN;
  for (guint s = 0; s < p->n_spans; s++)
    if (p->span_track[s] == i)
      return finite_or_nan (lq_loudness_gate_integrated (&p->spans[s], 1));
  return p->source_lufs[i] + p->gains[i];
}

/* TRACK mode aims every track, not the album, at @target: the album gated as
 * one programme lands elsewhere as soon as the tracks' dynamics differ. The
 * target is reached when some track has a loudness and every such track is
 * predicted at it (after planner_scale()). */
static gboolean
tracks_reach (const Planner *p,
              double target)
{
  gboolean any = FALSE;

  for (guint i = 0; i < p->n; i++)
    {
      double predicted;

      if (!has_loudness (p, i))
        continue;
      predicted = predicted_track_lufs (p, i);
      if (!(fabs (predicted - target) <= REACHED_TOLERANCE_LU))
        return FALSE;
      any = TRUE;
    }
  return any;
}

gboolean
lq_match_mode_from_string (const char *text,
                           LqMatchMode *mode,
                           GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_ascii_strcasecmp (text, mode_names[i]) == 0)
      {
        *mode = (LqMatchMode) i;
        return TRUE;
      }
  g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
               _("“%s” is not a matching mode; choose one of track, album, continuity"), text);
  return FALSE;
}

const char *
lq_match_mode_to_string (LqMatchMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);
  return mode_names[mode];
}

LqMatchPlan *
lq_match_plan_new (GPtrArray *tracks,
                   const LqDeliveryTarget *target,
                   LqMatchMode mode,
                   double keep,
                   double ceiling_dbtp,
                   const double *user_gains_db,
                   GError **error)
{
  return lq_match_plan_new_with_tonal (tracks, target, mode, keep, ceiling_dbtp, user_gains_db, NULL, error);
}

LqMatchPlan *
lq_match_plan_new_with_tonal (GPtrArray *tracks,
                              const LqDeliveryTarget *target,
                              LqMatchMode mode,
                              double keep,
                              double ceiling_dbtp,
                              const double *user_gains_db,
                              LqTonalPlan *tonal,
                              GError **error)
{
  g_autoptr(LqMatchPlan) self = NULL;
  Planner p = { 0 };
  double target_lufs;
  double max_track;

  g_return_val_if_fail (tracks != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);
  g_return_val_if_fail (tonal == NULL || LQ_IS_TONAL_PLAN (tonal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tonal != NULL && lq_tonal_plan_get_n_tracks (tonal) != tracks->len)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The tonal plan has %u tracks, the album %u"),
                   lq_tonal_plan_get_n_tracks (tonal), tracks->len);
      return NULL;
    }
  if (!(keep >= 0.0 && keep <= 1.0))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("keep: %g is not allowed; give a number from 0 to 1"), keep);
      return NULL;
    }
  if (!isnan (ceiling_dbtp) && !(ceiling_dbtp >= -20.0 && ceiling_dbtp <= 0.0))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("ceiling: %g dBTP is not allowed; give a number from -20 to 0"), ceiling_dbtp);
      return NULL;
    }
  for (guint i = 0; user_gains_db != NULL && i < tracks->len; i++)
    if (!(user_gains_db[i] >= -48.0 && user_gains_db[i] <= 24.0))
      {
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("track %u: a gain of %g dB is not allowed; give a number from -48 to 24"),
                     i + 1, user_gains_db[i]);
        return NULL;
      }

  self = g_object_new (LQ_TYPE_MATCH_PLAN, NULL);
  self->target = *target;
  self->mode = mode;
  self->keep = keep;
  self->ceiling_dbtp = isnan (ceiling_dbtp) ? target->true_peak_ceiling_dbtp : ceiling_dbtp;
  target_lufs = target->integrated_lufs;
  max_track = target->max_track_lufs;

  planner_init (&p, tracks, user_gains_db);
  self->measured_album_lufs = planner_album_lufs (&p);

  /* The match EQ comes before the match gain: from here on each track's
   * source level is what leaves its match EQ. */
  if (tonal != NULL)
    {
      self->tonal = g_object_ref (tonal);
      for (guint i = 0; i < p.n; i++)
        {
          double change = lq_tonal_plan_get_loudness_change_db (tonal, i);

          p.eq_changes[i] = change;
          p.user_gains[i] += change;
          p.source_lufs[i] += change;
        }
    }

  if (isnan (target_lufs))
    {
      /* No loudness rule: gains stay 0. */
    }
  else if (mode == LQ_MATCH_MODE_TRACK)
    set_gains (&p, mode, keep, NAN, max_track, target_lufs);
  else if (!isnan (self->measured_album_lufs))
    solve (&p, mode, keep, self->measured_album_lufs, max_track, target_lufs);
  /* else: no album loudness to move (every track silent or without blocks):
   * gains stay 0 and the plan says the target is not reached. */

  self->predicted_album_lufs = planner_album_lufs (&p);   /* also scales for the tracks */
  if (isnan (target_lufs))
    self->album_target_reached = TRUE;
  else if (mode == LQ_MATCH_MODE_TRACK)
    self->album_target_reached = tracks_reach (&p, target_lufs);
  else
    self->album_target_reached = !isnan (self->predicted_album_lufs)
      && fabs (self->predicted_album_lufs - target_lufs) <= REACHED_TOLERANCE_LU;

  g_array_set_size (self->tracks, p.n);
  for (guint i = 0; i < p.n; i++)
    {
      LqMatchTrack *t = &g_array_index (self->tracks, LqMatchTrack, i);
      const LqTrackMeasures *m = p.analyses[i] != NULL
        ? lq_track_analysis_get_measures (p.analyses[i]) : NULL;

      t->measured_lufs = m != NULL ? m->integrated_lufs : NAN;
      t->measured_true_peak_dbtp = m != NULL ? m->true_peak_dbtp : NAN;
      t->eq_loudness_change_db = tonal != NULL ? lq_tonal_plan_get_loudness_change_db (tonal, i) : 0.0;
      t->eq_max_move_db = tonal != NULL ? lq_tonal_plan_get_max_move_db (tonal, i) : 0.0;
      t->eq_peak_change_db = tonal != NULL ? lq_tonal_plan_get_peak_change_db (tonal, i) : 0.0;
      t->eq_bands_at_cap = tonal != NULL ? lq_tonal_plan_get_bands_at_cap (tonal, i) : 0;
      t->user_gain_db = p.user_gains[i] - t->eq_loudness_change_db;
      t->dual_mono_db = p.dual_mono[i];
      t->gain_db = p.gains[i];
      t->predicted_lufs = predicted_track_lufs (&p, i);
      t->target_lufs = NAN;
      t->flags = 0;

      if (!has_loudness (&p, i))
        t->flags |= LQ_MATCH_TRACK_NO_LOUDNESS;
      else
        {
          const GArray *blocks = blocks_of (p.analyses[i]);

          if (blocks->len == 0)
            t->flags |= LQ_MATCH_TRACK_NO_BLOCKS;
          if (!isnan (target_lufs))
            {
              t->target_lufs = p.source_lufs[i] + p.gains[i];
              if (p.capped[i])
                t->flags |= LQ_MATCH_TRACK_CAPPED;
            }
        }

      /* The match EQ's effect on the peaks (see "Peaks" in the header). */
      t->predicted_true_peak_dbtp = t->measured_true_peak_dbtp + t->user_gain_db
                                    + t->eq_peak_change_db + t->gain_db;
      t->output_true_peak_dbtp = MIN (t->predicted_true_peak_dbtp, self->ceiling_dbtp);
      t->limiter_reduction_db = isfinite (t->predicted_true_peak_dbtp)
        ? MAX (0.0, t->predicted_true_peak_dbtp - self->ceiling_dbtp) : 0.0;
      if (t->limiter_reduction_db > LQ_MATCH_LIMITER_WARNING_DB)
        {
          t->flags |= LQ_MATCH_TRACK_LIMITER_WARNING;
          self->n_limiter_warnings++;
        }
    }

  planner_clear (&p);
  return g_steal_pointer (&self);
}

LqTonalPlan *
lq_match_plan_get_tonal (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NULL);
  return self->tonal;
}

const LqDeliveryTarget *
lq_match_plan_get_target (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NULL);
  return &self->target;
}

LqMatchMode
lq_match_plan_get_mode (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), LQ_MATCH_DEFAULT_MODE);
  return self->mode;
}

double
lq_match_plan_get_keep (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NAN);
  return self->keep;
}

double
lq_match_plan_get_ceiling_dbtp (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NAN);
  return self->ceiling_dbtp;
}

guint
lq_match_plan_get_n_tracks (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), 0);
  return self->tracks->len;
}

const LqMatchTrack *
lq_match_plan_get_track (LqMatchPlan *self,
                         guint i)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NULL);
  g_return_val_if_fail (i < self->tracks->len, NULL);
  return &g_array_index (self->tracks, LqMatchTrack, i);
}

double
lq_match_plan_get_measured_album_lufs (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NAN);
  return self->measured_album_lufs;
}

double
lq_match_plan_get_predicted_album_lufs (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NAN);
  return self->predicted_album_lufs;
}

gboolean
lq_match_plan_get_album_target_reached (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), FALSE);
  return self->album_target_reached;
}

guint
lq_match_plan_get_n_limiter_warnings (LqMatchPlan *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), 0);
  return self->n_limiter_warnings;
}

char *
lq_match_plan_dup_miss_message (LqMatchPlan *self)
{
  gboolean capped = FALSE;
  double goal;

  g_return_val_if_fail (LQ_IS_MATCH_PLAN (self), NULL);

  if (self->album_target_reached)
    return NULL;
  goal = self->target.integrated_lufs;
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_array_index (self->tracks, LqMatchTrack, i).flags & LQ_MATCH_TRACK_CAPPED)
      capped = TRUE;

  if (capped && isfinite (self->target.max_track_lufs))
    return g_strdup_printf (_("The album cannot reach %.1f LUFS without a track going over %.1f LUFS"),
                            goal, self->target.max_track_lufs);
  if (!isfinite (self->predicted_album_lufs))
    return g_strdup_printf (_("No track has a loudness to match: the album cannot reach %.1f LUFS"),
                            goal);
  /* Translators: the album's predicted loudness, then the target's */
  return g_strdup_printf (_("The album is predicted at %.1f LUFS, not %.1f LUFS"),
                          self->predicted_album_lufs, goal);
}

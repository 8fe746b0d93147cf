/* lq-tonal-plan.c
 *
 * Every spectrum taking part is first brought to the same loudness: its
 * bands minus the track's integrated loudness (a mono file plus 3 dB, the
 * loudness it has on two speakers, since its mid is the whole signal while
 * a stereo file's loudness counts L and R). A band below
 * -LQ_TONAL_SILENT_DB after that is silent. Smoothing then averages each
 * band with its neighbours (1/4, 1/2, 1/4 on the log-frequency axis), over
 * the neighbours that are not silent, weights renormalised: a band next to
 * a lowpass or at the edge of the grid is not dragged towards -200 dB.
 *
 * The mean centroid averages, per band, the tracks in which that band is
 * not silent; where every track is silent the centroid is too, and no
 * track is corrected there.
 *
 * The loudness change integrates, over each band of the track's own
 * spectrum, the K-weighting power response times the applied curve's power
 * gain (interpolated as the match EQ interpolates it) at 8 points spread
 * evenly over the band on the log-frequency axis, weighting mid plus side
 * power (L^2 + R^2 = 2 (M^2 + S^2)). Above the last band's upper edge the
 * file still has audio up to Nyquist (at 44.1 kHz, 18 to 22 kHz: a fifth of
 * white noise's K-weighted power); that tail is taken to continue the last
 * band's power per hertz, with the curve held flat as the match EQ holds
 * it. The K-weighting is the analog prototype behind BS.1770's 48 kHz
 * coefficients (see dsp/lq-loudness-meter.c); its overall gain cancels in
 * the ratio.
 */
#include "config.h"

#include "lq-tonal-plan.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lq-error.h"
#include "lq-match-eq.h"
#include "lq-spectrum.h"

/* Points per band for the K-weighted loudness change. */
#define SUB_POINTS 8
/* Centres of two spectra's bands are the same band within this ratio. */
#define CENTRE_TOLERANCE 1e-6

typedef struct
{
  gboolean has_correction;
  double *correction;   /* n_bands mid, then n_bands side; NULL without */
  double *applied;      /* the same, scaled by strength and clamped to the cap */
  double *norm;         /* n_bands mid, then side: loudness-normalised, unsmoothed */
  double max_move_db;
  double loudness_change_db;
  double peak_change_db;
  guint bands_at_cap;
  guint bands_corrected;
} TonalTrack;

struct _LqTonalPlan
{
  GObject parent_instance;

  double strength;
  double cap_db;
  int anchor;
  guint n_tracks;
  guint n_bands;
  double centres[LQ_SPECTRUM_MAX_BANDS];
  TonalTrack *tracks;
  double spread_before_db;
  double spread_after_db;
  gboolean cap_warning;
  double centroid[2 * LQ_SPECTRUM_MAX_BANDS];  /* mid, then side; -INFINITY: silent */
};

/* A spectrum as the planner works on it: loudness-normalised, unsmoothed
 * and smoothed, over the plan's bands (its own may be more). */
typedef struct
{
  LqTrackAnalysis *analysis;  /* borrowed */
  guint n_own;                /* bands of the analysis' spectrum */
  const double *own_centres;
  const double *own_mid;
  const double *own_side;
  double offset_db;           /* what is subtracted to normalise */
  double norm[2][LQ_SPECTRUM_MAX_BANDS];     /* [mid/side][band] */
  double smooth[2][LQ_SPECTRUM_MAX_BANDS];
  gboolean silent[2][LQ_SPECTRUM_MAX_BANDS];
} Spectrum;

G_DEFINE_FINAL_TYPE (LqTonalPlan, lq_tonal_plan, G_TYPE_OBJECT)

/* Whether a band counts in the spread; 1 % slack for the exact centres of
 * the nominal ones (62.5 Hz is the "63 Hz" band). */
static gboolean
in_spread (double centre)
{
  return centre >= LQ_TONAL_SPREAD_LOW_HZ * 0.99 && centre <= LQ_TONAL_SPREAD_HIGH_HZ * 1.01;
}

/* The analysis' spectrum and the level it is normalised by, or FALSE when
 * it cannot take part (no analysis, no spectrum, no loudness). */
static gboolean
spectrum_open (Spectrum *s,
               LqTrackAnalysis *analysis)
{
  const LqTrackMeasures *m;

  memset (s, 0, sizeof *s);
  if (analysis == NULL)
    return FALSE;
  m = lq_track_analysis_get_measures (analysis);
  if (!isfinite (m->integrated_lufs))
    return FALSE;
  if (!lq_track_analysis_get_spectrum (analysis, &s->n_own, &s->own_centres,
                                       &s->own_mid, &s->own_side))
    return FALSE;
  s->analysis = analysis;
  s->offset_db = m->integrated_lufs + (m->channels == 1 ? 10.0 * log10 (2.0) : 0.0);
  return TRUE;
}

/* Normalises and smooths the first @n bands. */
static void
spectrum_prepare (Spectrum *s,
                  guint n)
{
  static const double weights[3] = { 0.25, 0.5, 0.25 };

  for (guint c = 0; c < 2; c++)
    {
      const double *db = c == 0 ? s->own_mid : s->own_side;

      for (guint b = 0; b < n; b++)
        {
          s->norm[c][b] = db[b] - s->offset_db;
          s->silent[c][b] = !(s->norm[c][b] >= -LQ_TONAL_SILENT_DB);
        }
      for (guint b = 0; b < n; b++)
        {
          double sum = 0.0, weight = 0.0;

          if (s->silent[c][b])
            {
              s->smooth[c][b] = s->norm[c][b];
              continue;
            }
          for (int d = -1; d <= 1; d++)
            {
              int k = (int) b + d;

              if (k < 0 || k >= (int) n || s->silent[c][k])
                continue;
              sum += weights[d + 1] * s->norm[c][k];
              weight += weights[d + 1];
            }
          s->smooth[c][b] = sum / weight;
        }
    }
}

static gboolean
same_bands (const double *a,
            const double *b,
            guint n)
{
  for (guint k = 0; k < n; k++)
    if (!(fabs (a[k] - b[k]) <= CENTRE_TOLERANCE * a[k]))
      return FALSE;
  return TRUE;
}

/* |H(f)|^2 of BS.1770's K-weighting (pre-filter shelf and RLB high-pass,
 * the analog prototypes of the 48 kHz coefficients), up to a constant. */
static double
k_weighting_power (double f)
{
  /* The high shelf: +4 dB above about 1.7 kHz. */
  const double f0 = 1681.974450955533, q = 0.7071752369554196;
  const double vh = pow (10.0, 3.999843853973347 / 20.0);
  const double vb = pow (vh, 0.4996667741545416);
  /* The RLB high-pass at about 38 Hz. */
  const double f1 = 38.13547087602444, q1 = 0.5003270373238773;
  double w0 = 2.0 * G_PI * f0, w1 = 2.0 * G_PI * f1, w = 2.0 * G_PI * f;
  double nr = w0 * w0 - vh * w * w, ni = vb * w0 * w / q;
  double dr = w0 * w0 - w * w, di = w0 * w / q;
  double shelf = (nr * nr + ni * ni) / (dr * dr + di * di);
  double hr = w1 * w1 - w * w, hi = w1 * w / q1;
  double highpass = (w * w) * (w * w) / (hr * hr + hi * hi);

  return shelf * highpass;
}

/* How much of the spectral difference at @f the plan corrects (see
 * lq-tonal-plan.h, "Audibility"): 1 from LQ_TONAL_FULL_LOW_HZ to
 * LQ_TONAL_FULL_HIGH_HZ, falling on the log-frequency axis to
 * LQ_TONAL_EDGE_WEIGHT at 20 Hz and at 20 kHz (and staying there beyond). */
double
lq_tonal_audibility (double f)
{
  double x;

  if (f < LQ_TONAL_FULL_LOW_HZ)
    x = log (LQ_TONAL_FULL_LOW_HZ / MAX (f, 1.0)) / log (LQ_TONAL_FULL_LOW_HZ / 20.0);
  else if (f > LQ_TONAL_FULL_HIGH_HZ)
    x = log (f / LQ_TONAL_FULL_HIGH_HZ) / log (20000.0 / LQ_TONAL_FULL_HIGH_HZ);
  else
    return 1.0;
  return 1.0 - (1.0 - LQ_TONAL_EDGE_WEIGHT) * MIN (x, 1.0);
}

/* How much the applied curve raises a peak of @s, in dB: the gain of a peak
 * that is the coherent sum of every band's components, each as large as
 * its band's RMS (sqrt of the band power; mid and side bands alike), or the
 * change of the total unweighted power, whichever is larger. */
static double
peak_change (const Spectrum *s,
             guint n_bands,
             const double *applied)
{
  double amp = 0.0, amp_after = 0.0, pow_before = 0.0, pow_after = 0.0;

  for (guint c = 0; c < 2; c++)
    for (guint b = 0; b < n_bands; b++)
      {
        double p, g;

        if (s->silent[c][b])
          continue;
        p = pow (10.0, s->norm[c][b] / 10.0);
        g = pow (10.0, applied[c * n_bands + b] / 20.0);
        amp += sqrt (p);
        amp_after += sqrt (p) * g;
        pow_before += p;
        pow_after += p * g * g;
      }
  if (!(amp > 0.0) || !(amp_after > 0.0))
    return 0.0;
  return MAX (20.0 * log10 (amp_after / amp), 10.0 * log10 (pow_after / pow_before));
}

/* The loudness change in dB of @s through @applied (mid, then side, on the
 * plan's @centres). */
static double
loudness_change (const Spectrum *s,
                 const double *centres,
                 guint n_bands,
                 const double *applied)
{
  double before = 0.0, after = 0.0;
  double nyquist = lq_track_analysis_get_measures (s->analysis)->sample_rate / 2.0;

  for (guint b = 0; b < s->n_own; b++)
    {
      double p_mid = pow (10.0, s->own_mid[b] / 10.0);
      double p_side = pow (10.0, s->own_side[b] / 10.0);

      for (guint j = 0; j < SUB_POINTS; j++)
        {
          double f = s->own_centres[b] * pow (2.0, ((j + 0.5) / SUB_POINTS - 0.5) / 3.0);
          double k = k_weighting_power (f) / SUB_POINTS;
          double g_mid = lq_match_eq_interpolate (centres, applied, n_bands, f);
          double g_side = lq_match_eq_interpolate (centres, applied + n_bands, n_bands, f);

          before += k * (p_mid + p_side);
          after += k * (p_mid * pow (10.0, g_mid / 10.0) + p_side * pow (10.0, g_side / 10.0));
        }
    }

  /* The tail from the last band's upper edge to Nyquist. */
  if (s->n_own > 0)
    {
      guint last = s->n_own - 1;
      double lo = s->own_centres[last] * pow (2.0, -1.0 / 6.0);
      double hi = s->own_centres[last] * pow (2.0, 1.0 / 6.0);
      double share = (nyquist - hi) / (hi - lo);
      double p_mid = pow (10.0, s->own_mid[last] / 10.0);
      double p_side = pow (10.0, s->own_side[last] / 10.0);
      double g_mid = pow (10.0, applied[n_bands - 1] / 10.0);
      double g_side = pow (10.0, applied[2 * n_bands - 1] / 10.0);

      for (guint j = 0; share > 0.0 && j < SUB_POINTS; j++)
        {
          double f = hi + (j + 0.5) / SUB_POINTS * (nyquist - hi);
          double k = k_weighting_power (f) * share / SUB_POINTS;

          before += k * (p_mid + p_side);
          after += k * (p_mid * g_mid + p_side * g_side);
        }
    }
  if (!(before > 0.0) || !(after > 0.0))
    return 0.0;
  return 10.0 * log10 (after / before);
}

static void
lq_tonal_plan_finalize (GObject *object)
{
  LqTonalPlan *self = (LqTonalPlan *) object;

  for (guint i = 0; i < self->n_tracks; i++)
    {
      g_free (self->tracks[i].correction);
      g_free (self->tracks[i].applied);
      g_free (self->tracks[i].norm);
    }
  g_free (self->tracks);

  G_OBJECT_CLASS (lq_tonal_plan_parent_class)->finalize (object);
}

static void
lq_tonal_plan_class_init (LqTonalPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_tonal_plan_finalize;
}

static void
lq_tonal_plan_init (LqTonalPlan *self)
{
  self->anchor = -1;
  self->spread_before_db = NAN;
  self->spread_after_db = NAN;
}

LqTonalPlan *
lq_tonal_plan_new (GPtrArray *tracks,
                   double strength,
                   double cap_db,
                   int anchor,
                   LqTrackAnalysis *reference,
                   GError **error)
{
  static const double flat[2 * LQ_SPECTRUM_MAX_BANDS] = { 0 };
  g_autoptr(LqTonalPlan) self = NULL;
  g_autofree Spectrum *spectra = NULL;
  g_autofree gboolean *usable = NULL;
  g_autofree double *before = NULL;
  g_autofree double *after = NULL;
  Spectrum ref;
  double centroid[2][LQ_SPECTRUM_MAX_BANDS];
  gboolean centroid_silent[2][LQ_SPECTRUM_MAX_BANDS];
  const double *grid = NULL;
  guint n, n_usable = 0, n_bands = 0;

  g_return_val_if_fail (tracks != NULL, NULL);
  g_return_val_if_fail (reference == NULL || LQ_IS_TRACK_ANALYSIS (reference), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = tracks->len;
  if (!(strength >= 0.0 && strength <= 1.0))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The tonal match strength must be between 0 and 1, not %g"), strength);
      return NULL;
    }
  if (!(cap_db >= 0.0 && cap_db <= LQ_TONAL_MAX_CAP_DB))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The tonal match cap must be between 0 and %g dB, not %g dB"),
                   LQ_TONAL_MAX_CAP_DB, cap_db);
      return NULL;
    }
  if (anchor < -1 || (anchor >= 0 && (guint) anchor >= n))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("There is no track %d to match the album to"), anchor + 1);
      return NULL;
    }
  if (anchor >= 0 && reference != NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Match the album to an anchor track or to a reference, not both"));
      return NULL;
    }

  spectra = g_new0 (Spectrum, n);
  usable = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      usable[i] = spectrum_open (&spectra[i], g_ptr_array_index (tracks, i));
      if (!usable[i])
        continue;
      n_usable++;
      if (grid == NULL || spectra[i].n_own < n_bands)
        n_bands = spectra[i].n_own;
      if (grid == NULL)
        grid = spectra[i].own_centres;
    }

  if (anchor >= 0 && !usable[anchor])
    {
      LqTrackAnalysis *a = g_ptr_array_index (tracks, anchor);

      if (a != NULL)
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("The anchor track “%s” has no spectrum to match to (it is silent, "
                       "too short, or was analysed by an older version)"),
                     lq_track_analysis_get_display_name (a));
      else
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("The anchor track %d has not been analysed"), anchor + 1);
      return NULL;
    }
  if (reference != NULL)
    {
      if (!spectrum_open (&ref, reference))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The reference “%s” has no spectrum to match to (it is silent, "
                         "too short, or was analysed by an older version)"),
                       lq_track_analysis_get_display_name (reference));
          return NULL;
        }
      if (grid == NULL || ref.n_own < n_bands)
        n_bands = ref.n_own;
      if (grid == NULL)
        grid = ref.own_centres;
    }
  if (n_usable < (reference != NULL ? 1u : 2u))
    {
      if (reference != NULL)
        g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                             _("Tonal matching to a reference needs a track with a spectrum"));
      else
        g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                             _("Tonal matching needs at least two tracks with a spectrum"));
      return NULL;
    }

  /* Every spectrum on the same bands (the analyser's grid is the same at
   * every rate; higher rates only add bands at the top). */
  for (guint i = 0; i <= n; i++)
    {
      Spectrum *s = i < n ? &spectra[i] : &ref;

      if ((i < n && !usable[i]) || (i == n && reference == NULL))
        continue;
      if (!same_bands (grid, s->own_centres, n_bands))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The spectrum of “%s” is not on the same bands as the others"),
                       lq_track_analysis_get_display_name (s->analysis));
          return NULL;
        }
      spectrum_prepare (s, n_bands);
    }

  self = g_object_new (LQ_TYPE_TONAL_PLAN, NULL);
  self->strength = strength;
  self->cap_db = cap_db;
  self->anchor = anchor;
  self->n_tracks = n;
  self->n_bands = n_bands;
  memcpy (self->centres, grid, n_bands * sizeof (double));
  self->tracks = g_new0 (TonalTrack, n);

  /* The centroid. */
  for (guint c = 0; c < 2; c++)
    for (guint b = 0; b < n_bands; b++)
      {
        if (reference != NULL || anchor >= 0)
          {
            const Spectrum *s = reference != NULL ? &ref : &spectra[anchor];

            centroid[c][b] = s->smooth[c][b];
            centroid_silent[c][b] = s->silent[c][b];
          }
        else
          {
            double sum = 0.0;
            guint count = 0;

            for (guint i = 0; i < n; i++)
              if (usable[i] && !spectra[i].silent[c][b])
                {
                  sum += spectra[i].smooth[c][b];
                  count++;
                }
            centroid[c][b] = count > 0 ? sum / count : -INFINITY;
            centroid_silent[c][b] = count == 0;
          }
      }

  for (guint c = 0; c < 2; c++)
    for (guint b = 0; b < n_bands; b++)
      self->centroid[c * n_bands + b] = centroid_silent[c][b] ? -INFINITY : centroid[c][b];

  /* The corrections, what the match EQ applies, and what that does. */
  for (guint i = 0; i < n; i++)
    {
      TonalTrack *t = &self->tracks[i];

      if (!usable[i])
        continue;
      t->has_correction = TRUE;
      t->correction = g_new0 (double, 2 * n_bands);
      t->applied = g_new0 (double, 2 * n_bands);
      t->norm = g_new (double, 2 * n_bands);
      memcpy (t->norm, spectra[i].norm[0], n_bands * sizeof (double));
      memcpy (t->norm + n_bands, spectra[i].norm[1], n_bands * sizeof (double));
      if ((int) i == anchor)
        continue;
      for (guint c = 0; c < 2; c++)
        for (guint b = 0; b < n_bands; b++)
          if (!spectra[i].silent[c][b] && !centroid_silent[c][b])
            t->correction[c * n_bands + b] = lq_tonal_audibility (self->centres[b])
                                             * (centroid[c][b] - spectra[i].smooth[c][b]);
      /* Exactly as lq_match_eq_set_curve() applies it. */
      lq_match_eq_correction (t->correction, flat, 2 * n_bands, strength, cap_db, t->applied);
      for (guint b = 0; b < 2 * n_bands; b++)
        t->max_move_db = MAX (t->max_move_db, fabs (t->applied[b]));
      for (guint b = 0; b < n_bands; b++)
        {
          gboolean corrected = FALSE, at_cap = FALSE;

          for (guint c = 0; c < 2; c++)
            {
              double wanted = strength * fabs (t->correction[c * n_bands + b]);

              corrected |= wanted > 0.0;
              at_cap |= cap_db > 0.0 && wanted >= cap_db;
            }
          t->bands_corrected += corrected;
          t->bands_at_cap += at_cap;
        }
      t->loudness_change_db = loudness_change (&spectra[i], self->centres, n_bands, t->applied);
      t->peak_change_db = peak_change (&spectra[i], n_bands, t->applied);
    }

  /* Too many bands at the cap: the cap, not the album, shapes the curves. */
  {
    guint at_cap = 0, corrected = 0;

    for (guint i = 0; i < n; i++)
      {
        const TonalTrack *t = &self->tracks[i];

        at_cap += t->bands_at_cap;
        corrected += t->bands_corrected;
        if (t->bands_corrected > 0 && 2 * t->bands_at_cap > t->bands_corrected)
          self->cap_warning = TRUE;
      }
    if (corrected > 0 && 2 * at_cap > corrected)
      self->cap_warning = TRUE;
  }

  /* The album's spread, as analysed and after the match EQ. */
  before = g_new (double, (gsize) n_usable * n_bands);
  after = g_new (double, (gsize) n_usable * n_bands);
  for (guint i = 0, k = 0; i < n; i++)
    {
      if (!usable[i])
        continue;
      for (guint b = 0; b < n_bands; b++)
        {
          before[k * n_bands + b] = spectra[i].norm[0][b];
          after[k * n_bands + b] = spectra[i].norm[0][b] + self->tracks[i].applied[b];
        }
      k++;
    }
  self->spread_before_db = lq_tonal_spread (self->centres, n_bands, before, n_usable);
  self->spread_after_db = lq_tonal_spread (self->centres, n_bands, after, n_usable);

  return g_steal_pointer (&self);
}

double
lq_tonal_plan_get_strength (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0.0);
  return self->strength;
}

double
lq_tonal_plan_get_cap_db (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0.0);
  return self->cap_db;
}

int
lq_tonal_plan_get_anchor (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), -1);
  return self->anchor;
}

guint
lq_tonal_plan_get_n_tracks (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0);
  return self->n_tracks;
}

guint
lq_tonal_plan_get_n_bands (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0);
  return self->n_bands;
}

const double *
lq_tonal_plan_get_centres (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), NULL);
  return self->centres;
}

gboolean
lq_tonal_plan_get_correction (LqTonalPlan *self,
                              guint i,
                              const double **mid_db,
                              const double **side_db)
{
  const TonalTrack *t;

  if (mid_db != NULL)
    *mid_db = NULL;
  if (side_db != NULL)
    *side_db = NULL;
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), FALSE);
  g_return_val_if_fail (i < self->n_tracks, FALSE);

  t = &self->tracks[i];
  if (!t->has_correction)
    return FALSE;
  if (mid_db != NULL)
    *mid_db = t->correction;
  if (side_db != NULL)
    *side_db = t->correction + self->n_bands;
  return TRUE;
}

gboolean
lq_tonal_plan_get_spectrum (LqTonalPlan *self,
                            guint i,
                            const double **mid_db,
                            const double **side_db)
{
  const TonalTrack *t;

  if (mid_db != NULL)
    *mid_db = NULL;
  if (side_db != NULL)
    *side_db = NULL;
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), FALSE);
  g_return_val_if_fail (i < self->n_tracks, FALSE);

  t = &self->tracks[i];
  if (t->norm == NULL)
    return FALSE;
  if (mid_db != NULL)
    *mid_db = t->norm;
  if (side_db != NULL)
    *side_db = t->norm + self->n_bands;
  return TRUE;
}

void
lq_tonal_plan_get_centroid (LqTonalPlan *self,
                            const double **mid_db,
                            const double **side_db)
{
  g_return_if_fail (LQ_IS_TONAL_PLAN (self));
  if (mid_db != NULL)
    *mid_db = self->centroid;
  if (side_db != NULL)
    *side_db = self->centroid + self->n_bands;
}

double
lq_tonal_plan_get_max_move_db (LqTonalPlan *self,
                               guint i)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0.0);
  g_return_val_if_fail (i < self->n_tracks, 0.0);
  return self->tracks[i].max_move_db;
}

double
lq_tonal_plan_get_loudness_change_db (LqTonalPlan *self,
                                      guint i)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0.0);
  g_return_val_if_fail (i < self->n_tracks, 0.0);
  return self->tracks[i].loudness_change_db;
}

double
lq_tonal_plan_get_peak_change_db (LqTonalPlan *self,
                                  guint i)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0.0);
  g_return_val_if_fail (i < self->n_tracks, 0.0);
  return self->tracks[i].peak_change_db;
}

guint
lq_tonal_plan_get_bands_at_cap (LqTonalPlan *self,
                                guint i)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0);
  g_return_val_if_fail (i < self->n_tracks, 0);
  return self->tracks[i].bands_at_cap;
}

guint
lq_tonal_plan_get_bands_corrected (LqTonalPlan *self,
                                   guint i)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), 0);
  g_return_val_if_fail (i < self->n_tracks, 0);
  return self->tracks[i].bands_corrected;
}

gboolean
lq_tonal_plan_get_cap_warning (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), FALSE);
  return self->cap_warning;
}

char *
lq_tonal_plan_dup_cap_message (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), NULL);
  if (!self->cap_warning)
    return NULL;
  return g_strdup (_("Most of the match EQ's bands sit at the cap: the tracks differ more than a "
                     "gentle EQ can match; lower the strength, or raise the cap"));
}

double
lq_tonal_plan_get_spread_before_db (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), NAN);
  return self->spread_before_db;
}

double
lq_tonal_plan_get_spread_after_db (LqTonalPlan *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_PLAN (self), NAN);
  return self->spread_after_db;
}

double
lq_tonal_spread (const double *centres,
                 guint n_bands,
                 const double *mid_db,
                 guint n_tracks)
{
  double total = 0.0;
  guint n_used = 0;

  if (n_tracks < 2 || n_bands == 0)
    return NAN;
  g_return_val_if_fail (centres != NULL, NAN);
  g_return_val_if_fail (mid_db != NULL, NAN);

  for (guint b = 0; b < n_bands; b++)
    if (in_spread (centres[b]))
      n_used++;
  if (n_used == 0)
    return NAN;

  for (guint t = 0; t < n_tracks; t++)
    {
      double sum2 = 0.0;

      for (guint b = 0; b < n_bands; b++)
        {
          double mean = 0.0;

          if (!in_spread (centres[b]))
            continue;
          for (guint u = 0; u < n_tracks; u++)
            mean += MAX (mid_db[u * n_bands + b], -LQ_TONAL_SILENT_DB);
          mean /= n_tracks;
          sum2 += pow (MAX (mid_db[t * n_bands + b], -LQ_TONAL_SILENT_DB) - mean, 2.0);
        }
      total += sqrt (sum2 / n_used);
    }
  return total / n_tracks;
}

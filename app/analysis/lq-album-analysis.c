/* lq-album-analysis.c */
#include "config.h"

#include "lq-album-analysis.h"

#include <math.h>

#include "lq-loudness-gate.h"

struct _LqAlbumAnalysis
{
  GObject parent_instance;

  GPtrArray *tracks;   /* LqTrackAnalysis or NULL, as given */
  double integrated_lufs;
  double lra_lu;
  double true_peak_dbtp;
  double sample_peak_dbfs;
  int loudest;
  int quietest;
};

G_DEFINE_FINAL_TYPE (LqAlbumAnalysis, lq_album_analysis, G_TYPE_OBJECT)

static void
lq_album_analysis_finalize (GObject *object)
{
  LqAlbumAnalysis *self = (LqAlbumAnalysis *) object;

  g_clear_pointer (&self->tracks, g_ptr_array_unref);

  G_OBJECT_CLASS (lq_album_analysis_parent_class)->finalize (object);
}

static void
lq_album_analysis_class_init (LqAlbumAnalysisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_album_analysis_finalize;
}

static void
lq_album_analysis_init (LqAlbumAnalysis *self)
{
  self->integrated_lufs = NAN;
  self->lra_lu = NAN;
  self->true_peak_dbtp = NAN;
  self->sample_peak_dbfs = NAN;
  self->loudest = -1;
  self->quietest = -1;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static double
nan_max (double a,
         double b)
{
  if (isnan (a))
    return b;
  if (isnan (b))
    return a;
  return MAX (a, b);
}

static void
compute (LqAlbumAnalysis *self)
{
  g_autofree LqEnergySpan *momentary = g_new0 (LqEnergySpan, self->tracks->len);
  g_autofree LqEnergySpan *short_term = g_new0 (LqEnergySpan, self->tracks->len);
  guint n = 0;
  double lra;

  for (guint i = 0; i < self->tracks->len; i++)
    {
      LqTrackAnalysis *track = g_ptr_array_index (self->tracks, i);
      const LqTrackMeasures *m;
      const GArray *e;

      if (track == NULL)
        continue;

      m = lq_track_analysis_get_measures (track);
      e = lq_track_analysis_get_momentary_energies (track);
      momentary[n].energies = (const double *) e->data;
      momentary[n].n = e->len;
      e = lq_track_analysis_get_short_term_energies (track);
      short_term[n].energies = (const double *) e->data;
      short_term[n].n = e->len;
      n++;

      self->true_peak_dbtp = nan_max (self->true_peak_dbtp, m->true_peak_dbtp);
      self->sample_peak_dbfs = nan_max (self->sample_peak_dbfs, m->sample_peak_dbfs);

      if (lq_measure_exists (m->integrated_lufs))
        {
          if (self->loudest < 0 || m->integrated_lufs >
              lq_track_analysis_get_measures (g_ptr_array_index (self->tracks, self->loudest))->integrated_lufs)
            self->loudest = i;
          if (self->quietest < 0 || m->integrated_lufs <
              lq_track_analysis_get_measures (g_ptr_array_index (self->tracks, self->quietest))->integrated_lufs)
            self->quietest = i;
        }
    }

  if (n == 0)
    return;

  self->integrated_lufs = lq_loudness_gate_integrated (momentary, n);
  if (!isfinite (self->integrated_lufs))
    {
      self->integrated_lufs = NAN;
      return;
    }
  if (lq_loudness_gate_range (short_term, n, &lra) == LQ_OK)
    self->lra_lu = lra;
}

LqAlbumAnalysis *
lq_album_analysis_new (GPtrArray *tracks)
{
  LqAlbumAnalysis *self;

  g_return_val_if_fail (tracks != NULL, NULL);

  self = g_object_new (LQ_TYPE_ALBUM_ANALYSIS, NULL);
  self->tracks = g_ptr_array_new_full (tracks->len, unref_nullable);
  for (guint i = 0; i < tracks->len; i++)
    {
      LqTrackAnalysis *t = g_ptr_array_index (tracks, i);
      g_ptr_array_add (self->tracks, t != NULL ? g_object_ref (t) : NULL);
    }
  compute (self);

  return self;
}

guint
lq_album_analysis_get_n_tracks (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), 0);
  return self->tracks->len;
}

LqTrackAnalysis *
lq_album_analysis_get_track (LqAlbumAnalysis *self,
                             guint i)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NULL);
  g_return_val_if_fail (i < self->tracks->len, NULL);
  return g_ptr_array_index (self->tracks, i);
}

double
lq_album_analysis_get_integrated_lufs (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NAN);
  return self->integrated_lufs;
}

double
lq_album_analysis_get_lra_lu (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NAN);
  return self->lra_lu;
}

double
lq_album_analysis_get_true_peak_dbtp (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NAN);
  return self->true_peak_dbtp;
}

double
lq_album_analysis_get_sample_peak_dbfs (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NAN);
  return self->sample_peak_dbfs;
}

int
lq_album_analysis_get_loudest (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), -1);
  return self->loudest;
}

int
lq_album_analysis_get_quietest (LqAlbumAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), -1);
  return self->quietest;
}

double
lq_album_analysis_get_offset (LqAlbumAnalysis *self,
                              guint i)
{
  LqTrackAnalysis *track;

  g_return_val_if_fail (LQ_IS_ALBUM_ANALYSIS (self), NAN);
  g_return_val_if_fail (i < self->tracks->len, NAN);

  track = g_ptr_array_index (self->tracks, i);
  if (track == NULL)
    return NAN;
  return lq_track_analysis_get_measures (track)->integrated_lufs - self->integrated_lufs;
}

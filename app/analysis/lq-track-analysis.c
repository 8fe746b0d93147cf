/* lq-track-analysis.c */
#include "config.h"

#include "lq-track-analysis-private.h"
#include "lq-text.h"

#include <math.h>
#include <string.h>

struct _LqTrackAnalysis
{
  GObject parent_instance;

  char *path;
  char *title;
  char *display_name;
  char *format;
  LqTrackMeasures measures;
  GArray *momentary;
  GArray *short_term;
  GBytes *waveform;
  GBytes *waveform_rms;
  guint frames_per_peak;
  GArray *clipped_runs;
  GArray *overs;
  gboolean runs_truncated;
  guint n_bands;
  double *spectrum;  /* n_bands centres, then mid, then side; NULL without */
};

G_DEFINE_FINAL_TYPE (LqTrackAnalysis, lq_track_analysis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DISPLAY_NAME,
  PROP_INTEGRATED_LUFS,
  PROP_TRUE_PEAK_DBTP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
name_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return lq_text_from_filename (base);
}

static void
lq_track_analysis_finalize (GObject *object)
{
  LqTrackAnalysis *self = (LqTrackAnalysis *) object;

  g_free (self->path);
  g_free (self->title);
  g_free (self->display_name);
  g_free (self->format);
  g_clear_pointer (&self->momentary, g_array_unref);
  g_clear_pointer (&self->short_term, g_array_unref);
  g_clear_pointer (&self->waveform, g_bytes_unref);
  g_clear_pointer (&self->waveform_rms, g_bytes_unref);
  g_clear_pointer (&self->clipped_runs, g_array_unref);
  g_clear_pointer (&self->overs, g_array_unref);
  g_clear_pointer (&self->spectrum, g_free);

  G_OBJECT_CLASS (lq_track_analysis_parent_class)->finalize (object);
}

static void
lq_track_analysis_get_property (GObject *object,
                                guint prop_id,
                                GValue *value,
                                GParamSpec *pspec)
{
  LqTrackAnalysis *self = LQ_TRACK_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_INTEGRATED_LUFS:
      g_value_set_double (value, self->measures.integrated_lufs);
      break;
    case PROP_TRUE_PEAK_DBTP:
      g_value_set_double (value, self->measures.true_peak_dbtp);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_track_analysis_class_init (LqTrackAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lq_track_analysis_finalize;
  object_class->get_property = lq_track_analysis_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* NAN when the value does not exist. */
  properties[PROP_INTEGRATED_LUFS] =
    g_param_spec_double ("integrated-lufs", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUE_PEAK_DBTP] =
    g_param_spec_double ("true-peak-dbtp", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lq_track_analysis_init (LqTrackAnalysis *self)
{
  self->clipped_runs = g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
  self->overs = g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
}

LqTrackAnalysis *
lq_track_analysis_new (const char *path,
                       const char *title,
                       const char *format,
                       const LqTrackMeasures *measures,
                       GArray *momentary_energies,
                       GArray *short_term_energies)
{
  LqTrackAnalysis *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (measures != NULL, NULL);

  self = g_object_new (LQ_TYPE_TRACK_ANALYSIS, NULL);
  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->display_name = title != NULL ? lq_text_sanitize (title) : NULL;
  if (self->display_name == NULL || *self->display_name == '\0')
    {
      g_free (self->display_name);
      self->display_name = name_from_path (path);
    }
  self->format = g_strdup (format);
  self->measures = *measures;
  self->momentary = momentary_energies != NULL
    ? momentary_energies : g_array_new (FALSE, FALSE, sizeof (double));
  self->short_term = short_term_energies != NULL
    ? short_term_energies : g_array_new (FALSE, FALSE, sizeof (double));

  return self;
}

const char *
lq_track_analysis_get_path (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->path;
}

const char *
lq_track_analysis_get_title (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->title;
}

const char *
lq_track_analysis_get_display_name (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->display_name;
}

const char *
lq_track_analysis_get_format (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->format;
}

const LqTrackMeasures *
lq_track_analysis_get_measures (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return &self->measures;
}

const GArray *
lq_track_analysis_get_momentary_energies (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->momentary;
}

const GArray *
lq_track_analysis_get_short_term_energies (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->short_term;
}

GBytes *
lq_track_analysis_get_waveform (LqTrackAnalysis *self,
                                guint *frames_per_peak)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  if (frames_per_peak != NULL)
    *frames_per_peak = self->frames_per_peak;
  return self->waveform;
}

void
_lq_track_analysis_set_waveform (LqTrackAnalysis *self,
                                 GBytes *peaks,
                                 guint frames_per_peak)
{
  g_return_if_fail (LQ_IS_TRACK_ANALYSIS (self));
  g_clear_pointer (&self->waveform, g_bytes_unref);
  g_clear_pointer (&self->waveform_rms, g_bytes_unref);
  g_clear_pointer (&self->clipped_runs, g_array_unref);
  g_clear_pointer (&self->overs, g_array_unref);
  self->waveform = peaks != NULL ? g_bytes_ref (peaks) : NULL;
  self->frames_per_peak = frames_per_peak;
}

GBytes *
lq_track_analysis_get_waveform_rms (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->waveform_rms;
}

void
_lq_track_analysis_set_waveform_rms (LqTrackAnalysis *self,
                                     GBytes *rms)
{
  g_return_if_fail (LQ_IS_TRACK_ANALYSIS (self));
  g_clear_pointer (&self->waveform_rms, g_bytes_unref);
  self->waveform_rms = rms != NULL ? g_bytes_ref (rms) : NULL;
}

const GArray *
lq_track_analysis_get_clipped_runs (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->clipped_runs;
}

const GArray *
lq_track_analysis_get_true_peak_overs (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), NULL);
  return self->overs;
}

gboolean
lq_track_analysis_get_runs_truncated (LqTrackAnalysis *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), FALSE);
  return self->runs_truncated;
}

void
lq_track_analysis_set_runs (LqTrackAnalysis *self,
                            GArray *clipped_runs,
                            GArray *true_peak_overs,
                            gboolean truncated)
{
  g_return_if_fail (LQ_IS_TRACK_ANALYSIS (self));
  g_clear_pointer (&self->clipped_runs, g_array_unref);
  g_clear_pointer (&self->overs, g_array_unref);
  self->clipped_runs = clipped_runs != NULL
    ? g_array_ref (clipped_runs) : g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
  self->overs = true_peak_overs != NULL
    ? g_array_ref (true_peak_overs) : g_array_new (FALSE, FALSE, sizeof (LqSampleRun));
  self->runs_truncated = truncated;
}


gboolean
lq_track_analysis_get_spectrum (LqTrackAnalysis *self,
                                guint *n_bands,
                                const double **centres,
                                const double **mid_db,
                                const double **side_db)
{
  gboolean has;

  if (n_bands != NULL)
    *n_bands = 0;
  if (centres != NULL)
    *centres = NULL;
  if (mid_db != NULL)
    *mid_db = NULL;
  if (side_db != NULL)
    *side_db = NULL;
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), FALSE);

  has = self->spectrum != NULL;
  if (has)
    {
      if (n_bands != NULL)
        *n_bands = self->n_bands;
      if (centres != NULL)
        *centres = self->spectrum;
      if (mid_db != NULL)
        *mid_db = self->spectrum + self->n_bands;
      if (side_db != NULL)
        *side_db = self->spectrum + 2 * self->n_bands;
    }
  return has;
}

void
_lq_track_analysis_set_spectrum (LqTrackAnalysis *self,
                                 guint n_bands,
                                 const double *centres,
                                 const double *mid_db,
                                 const double *side_db)
{
  g_return_if_fail (LQ_IS_TRACK_ANALYSIS (self));
  g_return_if_fail (n_bands == 0 || (centres != NULL && mid_db != NULL && side_db != NULL));

  g_clear_pointer (&self->spectrum, g_free);
  self->n_bands = n_bands;
  if (n_bands == 0)
    return;
  self->spectrum = g_new (double, 3 * (gsize) n_bands);
  memcpy (self->spectrum, centres, n_bands * sizeof (double));
  memcpy (self->spectrum + n_bands, mid_db, n_bands * sizeof (double));
  memcpy (self->spectrum + 2 * n_bands, side_db, n_bands * sizeof (double));
}

static gsize
string_size (const char *s)
{
  return s != NULL ? strlen (s) + 1 : 0;
}

gsize
lq_track_analysis_get_retained_size (LqTrackAnalysis *self)
{
  gsize size;

  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (self), 0);

  size = sizeof *self
         + string_size (self->path) + string_size (self->title)
         + string_size (self->display_name) + string_size (self->format)
         + (self->momentary->len + self->short_term->len) * sizeof (double)
         + 3 * (gsize) self->n_bands * sizeof (double);
  if (self->waveform != NULL)
    size += g_bytes_get_size (self->waveform);
  if (self->waveform_rms != NULL)
    size += g_bytes_get_size (self->waveform_rms);
  size += (self->clipped_runs->len + self->overs->len) * sizeof (LqSampleRun);
  return size;
}

/* lq-track-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-format.h"
#include "lq-track-item.h"

struct _LqTrackItem
{
  GObject parent_instance;

  LqTrack *track;             /* NULL for a loose file */
  LqTrackAnalysis *analysis;  /* NULL for a track not analyzed yet */
  double album_offset;

  char *position;

  char *length;
  char *integrated;
  char *lra;
  char *max_momentary;
  char *max_short_term;
  char *sample_peak;
  char *true_peak;
  char *plr;
  char *offset;
  char *dc;
  char *correlation;
  char *clips;

  guint clips_warning : 1;
  guint dc_warning : 1;
  guint correlation_warning : 1;

  /* The match plan's and the last export's figures (lq_track_item_set_figures()) */
  struct
  {
    double peak_limit;        /* dBTP a true peak may reach unflagged */
    char *match_gain;
    char *eq_change;
    char *predicted;
    char *output_peak;
    char *limiter;
    char *exported;
    char *exported_peak;
    gboolean exported_stale;
    guint serial;
  } figures;
};

G_DEFINE_FINAL_TYPE (LqTrackItem, lq_track_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACK,
  PROP_POSITION,
  PROP_ANALYSIS,
  PROP_ALBUM_OFFSET,
  PROP_NAME,
  PROP_PATH,
  PROP_LENGTH,
  PROP_INTEGRATED,
  PROP_LRA,
  PROP_MAX_MOMENTARY,
  PROP_MAX_SHORT_TERM,
  PROP_SAMPLE_PEAK,
  PROP_TRUE_PEAK,
  PROP_PLR,
  PROP_OFFSET,
  PROP_DC,
  PROP_CORRELATION,
  PROP_CLIPS,
  PROP_FORMAT,
  PROP_CLIPS_WARNING,
  PROP_DC_WARNING,
  PROP_CORRELATION_WARNING,
  PROP_FIGURES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The worse of the channels' DC offsets, chosen as lacquer-cli does. */
static double
worse_dc_offset (const LqTrackMeasures *m)
{
  if (m->channels > 1 && !(m->dc_offset_db[0] >= m->dc_offset_db[1]))
    return m->dc_offset_db[1];

  return m->dc_offset_db[0];
}

/* A cell's text read back as a number: the value as shown, rounded. */
static double
shown_value (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  return end != NULL && end != text && *end == '\0' ? value : NAN;
}

static void
lq_track_item_clear_texts (LqTrackItem *self)
{
  g_clear_pointer (&self->position, g_free);
  g_clear_pointer (&self->length, g_free);
  g_clear_pointer (&self->integrated, g_free);
  g_clear_pointer (&self->lra, g_free);
  g_clear_pointer (&self->max_momentary, g_free);
  g_clear_pointer (&self->max_short_term, g_free);
  g_clear_pointer (&self->sample_peak, g_free);
  g_clear_pointer (&self->true_peak, g_free);
  g_clear_pointer (&self->plr, g_free);
  g_clear_pointer (&self->offset, g_free);
  g_clear_pointer (&self->dc, g_free);
  g_clear_pointer (&self->correlation, g_free);
  g_clear_pointer (&self->clips, g_free);
}

static void
lq_track_item_clear_figures (LqTrackItem *self)
{
  g_clear_pointer (&self->figures.match_gain, g_free);
  g_clear_pointer (&self->figures.eq_change, g_free);
  g_clear_pointer (&self->figures.predicted, g_free);
  g_clear_pointer (&self->figures.output_peak, g_free);
  g_clear_pointer (&self->figures.limiter, g_free);
  g_clear_pointer (&self->figures.exported, g_free);
  g_clear_pointer (&self->figures.exported_peak, g_free);
}

/* A true peak cell's text calls for attention above the limit, judged on
 * the value as shown. */
static gboolean
lq_track_item_peak_over (LqTrackItem *self,
                         const char  *text)
{
  return text != NULL && shown_value (text) > self->figures.peak_limit;
}

/* The cells' text from the analysis (an em dash each without one). */
static void
lq_track_item_compute (LqTrackItem *self)
{
  const LqTrackMeasures *m;

  lq_track_item_clear_texts (self);

  self->position = self->track != NULL
    ? g_strdup_printf ("%u", lq_track_get_position (self->track))
    : g_strdup ("");
  self->offset = lq_format_offset (self->album_offset);

  if (self->analysis == NULL)
    {
      self->length = lq_format_duration (self->track != NULL ? lq_track_get_duration (self->track) : NAN);
      self->integrated = lq_format_value (NAN);
      self->lra = lq_format_value (NAN);
      self->max_momentary = lq_format_value (NAN);
      self->max_short_term = lq_format_value (NAN);
      self->sample_peak = lq_format_value (NAN);
      self->true_peak = lq_format_value (NAN);
      self->plr = lq_format_value (NAN);
      self->dc = lq_format_value (NAN);
      self->correlation = lq_format_value (NAN);
      self->clips = lq_format_value (NAN);
      self->clips_warning = FALSE;
      self->dc_warning = FALSE;
      self->correlation_warning = FALSE;
      return;
    }

  m = lq_track_analysis_get_measures (self->analysis);
  self->length = lq_format_duration (m->duration_s);
  self->integrated = lq_format_value (m->integrated_lufs);
  self->lra = lq_format_value (m->lra_lu);
  self->max_momentary = lq_format_value (m->max_momentary_lufs);
  self->max_short_term = lq_format_value (m->max_short_term_lufs);
  self->sample_peak = lq_format_value (m->sample_peak_dbfs);
  self->true_peak = lq_format_value (m->true_peak_dbtp);
  self->plr = lq_format_value (m->plr_db);
  self->dc = lq_format_number (worse_dc_offset (m), 0);
  self->correlation = lq_format_number (m->correlation, 2);
  self->clips = g_strdup_printf ("%" G_GUINT64_FORMAT, m->clipped_samples);

  /* NAN compares false: no measure, no warning */
  self->clips_warning = m->clipped_samples > 0;
  self->dc_warning = shown_value (self->dc) > LQ_TRACK_ITEM_DC_LIMIT_DB;
  self->correlation_warning = shown_value (self->correlation) < 0.0;
}

static void
lq_track_item_constructed (GObject *object)
{
  LqTrackItem *self = (LqTrackItem *)object;

  G_OBJECT_CLASS (lq_track_item_parent_class)->constructed (object);

  g_assert (LQ_IS_TRACK_ANALYSIS (self->analysis) || LQ_IS_TRACK (self->track));

  if (self->track != NULL && self->analysis == NULL)
    g_set_object (&self->analysis, lq_track_get_analysis (self->track));

  lq_track_item_compute (self);
}

static void
lq_track_item_finalize (GObject *object)
{
  LqTrackItem *self = (LqTrackItem *)object;

  g_clear_object (&self->analysis);
  g_clear_object (&self->track);
  lq_track_item_clear_texts (self);
  lq_track_item_clear_figures (self);

  G_OBJECT_CLASS (lq_track_item_parent_class)->finalize (object);
}

static void
lq_track_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LqTrackItem *self = LQ_TRACK_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;

    case PROP_POSITION:
      g_value_set_string (value, self->position);
      break;

    case PROP_ANALYSIS:
      g_value_set_object (value, self->analysis);
      break;

    case PROP_ALBUM_OFFSET:
      g_value_set_double (value, self->album_offset);
      break;

    case PROP_NAME:
      g_value_set_string (value, lq_track_item_get_name (self));
      break;

    case PROP_PATH:
      g_value_set_string (value, lq_track_item_get_path (self));
      break;

    case PROP_LENGTH:
      g_value_set_string (value, self->length);
      break;

    case PROP_INTEGRATED:
      g_value_set_string (value, self->integrated);
      break;

    case PROP_LRA:
      g_value_set_string (value, self->lra);
      break;

    case PROP_MAX_MOMENTARY:
      g_value_set_string (value, self->max_momentary);
      break;

    case PROP_MAX_SHORT_TERM:
      g_value_set_string (value, self->max_short_term);
      break;

    case PROP_SAMPLE_PEAK:
      g_value_set_string (value, self->sample_peak);
      break;

    case PROP_TRUE_PEAK:
      g_value_set_string (value, self->true_peak);
      break;

    case PROP_PLR:
      g_value_set_string (value, self->plr);
      break;

    case PROP_OFFSET:
      g_value_set_string (value, self->offset);
      break;

    case PROP_DC:
      g_value_set_string (value, self->dc);
      break;

    case PROP_CORRELATION:
      g_value_set_string (value, self->correlation);
      break;

    case PROP_CLIPS:
      g_value_set_string (value, self->clips);
      break;

    case PROP_FORMAT:
      g_value_set_string (value, lq_track_item_get_format (self));
      break;

    case PROP_CLIPS_WARNING:
      g_value_set_boolean (value, self->clips_warning);
      break;

    case PROP_DC_WARNING:
      g_value_set_boolean (value, self->dc_warning);
      break;

    case PROP_CORRELATION_WARNING:
      g_value_set_boolean (value, self->correlation_warning);
      break;

    case PROP_FIGURES:
      g_value_set_uint (value, self->figures.serial);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_track_item_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LqTrackItem *self = LQ_TRACK_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      self->track = g_value_dup_object (value);
      break;

    case PROP_ANALYSIS:
      self->analysis = g_value_dup_object (value);
      break;

    case PROP_ALBUM_OFFSET:
      self->album_offset = g_value_get_double (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
text_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
flag_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
lq_track_item_class_init (LqTrackItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lq_track_item_constructed;
  object_class->finalize = lq_track_item_finalize;
  object_class->get_property = lq_track_item_get_property;
  object_class->set_property = lq_track_item_set_property;

  properties[PROP_TRACK] =
    g_param_spec_object ("track", NULL, NULL,
                         LQ_TYPE_TRACK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POSITION] = text_property ("position");

  properties[PROP_ANALYSIS] =
    g_param_spec_object ("analysis", NULL, NULL,
                         LQ_TYPE_TRACK_ANALYSIS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ALBUM_OFFSET] =
    g_param_spec_double ("album-offset", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] = text_property ("name");
  properties[PROP_PATH] = text_property ("path");
  properties[PROP_LENGTH] = text_property ("length");
  properties[PROP_INTEGRATED] = text_property ("integrated");
  properties[PROP_LRA] = text_property ("lra");
  properties[PROP_MAX_MOMENTARY] = text_property ("max-momentary");
  properties[PROP_MAX_SHORT_TERM] = text_property ("max-short-term");
  properties[PROP_SAMPLE_PEAK] = text_property ("sample-peak");
  properties[PROP_TRUE_PEAK] = text_property ("true-peak");
  properties[PROP_PLR] = text_property ("plr");
  properties[PROP_OFFSET] = text_property ("offset");
  properties[PROP_DC] = text_property ("dc");
  properties[PROP_CORRELATION] = text_property ("correlation");
  properties[PROP_CLIPS] = text_property ("clips");
  properties[PROP_FORMAT] = text_property ("format");
  properties[PROP_CLIPS_WARNING] = flag_property ("clips-warning");
  properties[PROP_DC_WARNING] = flag_property ("dc-warning");
  properties[PROP_CORRELATION_WARNING] = flag_property ("correlation-warning");
  /* Changes when the plan's or the export's figures do */
  properties[PROP_FIGURES] =
    g_param_spec_uint ("figures", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lq_track_item_init (LqTrackItem *self)
{
  self->album_offset = NAN;
  self->figures.peak_limit = 0.0;
}

LqTrackItem *
lq_track_item_new (LqTrackAnalysis *analysis,
                   double           album_offset_lu)
{
  g_return_val_if_fail (LQ_IS_TRACK_ANALYSIS (analysis), NULL);

  return g_object_new (LQ_TYPE_TRACK_ITEM,
                       "analysis", analysis,
                       "album-offset", album_offset_lu,
                       NULL);
}

LqTrackItem *
lq_track_item_new_for_track (LqTrack *track)
{
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  return g_object_new (LQ_TYPE_TRACK_ITEM,
                       "track", track,
                       NULL);
}

LqTrack *
lq_track_item_get_track (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->track;
}

const char *
lq_track_item_get_position (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->position;
}

void
lq_track_item_update (LqTrackItem *self,
                      double       album_offset_lu)
{
  g_return_if_fail (LQ_IS_TRACK_ITEM (self));

  self->album_offset = album_offset_lu;
  if (self->track != NULL)
    g_set_object (&self->analysis, lq_track_get_analysis (self->track));
  lq_track_item_compute (self);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_POSITION; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

LqTrackAnalysis *
lq_track_item_get_analysis (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->analysis;
}

double
lq_track_item_get_album_offset (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NAN);

  return self->album_offset;
}

const char *
lq_track_item_get_name (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  if (self->track != NULL)
    return lq_track_get_display_name (self->track);
  return lq_track_analysis_get_display_name (self->analysis);
}

const char *
lq_track_item_get_path (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  if (self->track != NULL)
    return lq_track_get_path (self->track);
  return lq_track_analysis_get_path (self->analysis);
}

const char *
lq_track_item_get_length (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->length;
}

const char *
lq_track_item_get_integrated (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->integrated;
}

const char *
lq_track_item_get_lra (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->lra;
}

const char *
lq_track_item_get_max_momentary (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->max_momentary;
}

const char *
lq_track_item_get_max_short_term (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->max_short_term;
}

const char *
lq_track_item_get_sample_peak (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->sample_peak;
}

const char *
lq_track_item_get_true_peak (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->true_peak;
}

const char *
lq_track_item_get_plr (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->plr;
}

const char *
lq_track_item_get_offset (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->offset;
}

const char *
lq_track_item_get_dc (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->dc;
}

const char *
lq_track_item_get_correlation (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->correlation;
}

const char *
lq_track_item_get_clips (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  return self->clips;
}

const char *
lq_track_item_get_format (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL);

  if (self->analysis == NULL)
    return "—";
  return lq_track_analysis_get_format (self->analysis);
}

double
lq_track_item_get_dc_offset_db (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NAN);

  if (self->analysis == NULL)
    return NAN;
  return worse_dc_offset (lq_track_analysis_get_measures (self->analysis));
}

gboolean
lq_track_item_get_clips_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return self->clips_warning;
}

gboolean
lq_track_item_get_dc_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return self->dc_warning;
}

gboolean
lq_track_item_get_correlation_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return self->correlation_warning;
}

/* The match plan's and the last export's figures -------------------------- */

void
lq_track_item_set_figures (LqTrackItem           *self,
                           const LqMatchTrack    *plan,
                           const LqExportRecord  *exported,
                           double                 peak_limit_dbtp)
{
  g_return_if_fail (LQ_IS_TRACK_ITEM (self));

  lq_track_item_clear_figures (self);
  self->figures.peak_limit = isfinite (peak_limit_dbtp) ? peak_limit_dbtp : 0.0;
  if (plan != NULL)
    {
      self->figures.match_gain = lq_format_offset (plan->gain_db);
      self->figures.eq_change = lq_format_offset (plan->eq_loudness_change_db);
      self->figures.predicted = lq_format_value (plan->predicted_lufs);
      /* What leaves the limiter: the peak it is held down to */
      self->figures.output_peak = lq_format_value (plan->predicted_true_peak_dbtp
                                                   - plan->limiter_reduction_db);
      self->figures.limiter = lq_format_value (plan->limiter_reduction_db > 0.0
                                               ? -plan->limiter_reduction_db : 0.0);
    }
  if (exported != NULL)
    {
      self->figures.exported = lq_format_value (exported->integrated_lufs);
      self->figures.exported_peak = lq_format_value (exported->true_peak_dbtp);
      self->figures.exported_stale = exported->stale;
    }
  else
    self->figures.exported_stale = FALSE;

  self->figures.serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIGURES]);
}

#define FIGURE_GETTER(name) \
  const char * \
  lq_track_item_get_##name (LqTrackItem *self) \
  { \
    g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), NULL); \
    return self->figures.name != NULL ? self->figures.name : LQ_FORMAT_NO_VALUE; \
  }

FIGURE_GETTER (match_gain)
FIGURE_GETTER (eq_change)
FIGURE_GETTER (predicted)
FIGURE_GETTER (output_peak)
FIGURE_GETTER (limiter)
FIGURE_GETTER (exported)
FIGURE_GETTER (exported_peak)

#undef FIGURE_GETTER

gboolean
lq_track_item_get_exported_stale (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return self->figures.exported_stale;
}

double
lq_track_item_get_peak_limit (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), 0.0);

  return self->figures.peak_limit;
}

gboolean
lq_track_item_get_true_peak_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return lq_track_item_peak_over (self, self->true_peak);
}

gboolean
lq_track_item_get_output_peak_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return lq_track_item_peak_over (self, self->figures.output_peak);
}

gboolean
lq_track_item_get_exported_peak_warning (LqTrackItem *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_ITEM (self), FALSE);

  return lq_track_item_peak_over (self, self->figures.exported_peak);
}

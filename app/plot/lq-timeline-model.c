/* lq-timeline-model.c: see the header. */
#include "config.h"

#include "lq-timeline-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-loudness-meter.h"
#include "lq-plot-axis.h"
#include "lq-track-analysis.h"

#define SILENT_LUFS -70.0
#define MIN_AUDIO_S 0.01   /* what a trim leaves at least */

struct _LqTimelineModel
{
  guint rate;
  guint asked_rate;   /* 0: the first track's */
  double length;
  GArray *blocks;   /* LqTimelineBlock */
};

static void
block_clear (gpointer data)
{
  LqTimelineBlock *b = data;

  g_clear_pointer (&b->in.name, g_free);
  g_clear_pointer (&b->in.short_term, g_array_unref);
  g_clear_pointer (&b->curve, g_free);
}

void
lq_timeline_model_free (LqTimelineModel *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->blocks);
  g_free (self);
}

static LqRenderSpec
input_spec (const LqTimelineInput *in)
{
  LqRenderSpec spec = { 0 };

  spec.gap_s = in->gap_s;
  spec.trim_in_s = in->trim_in_s;
  spec.trim_out_s = in->trim_out_s;
  spec.fade_in_s = in->fade_in_s;
  spec.fade_out_s = in->fade_out_s;
  spec.fade_in_shape = in->fade_in_shape;
  spec.fade_out_shape = in->fade_out_shape;
  return spec;
}

/* The short-term loudness over the block's audio. */
static void
block_curve (LqTimelineBlock *b)
{
  const GArray *e = b->in.short_term;
  double start_s = (double) b->layout.start / b->in.rate;
  double end_s = (double) (b->layout.start + b->layout.length) / b->in.rate;
  guint first, last;

  if (e == NULL || e->len == 0 || !b->playable)
    return;
  /* the values whose span [i * hop + offset, + hop) meets the audio's */
  first = (guint) CLAMP (floor ((start_s - LQ_TIMELINE_SHORT_TERM_OFFSET_S) / LQ_TIMELINE_HOP_S + 1e-9),
                         0, (double) e->len);
  last = (guint) CLAMP (ceil ((end_s - LQ_TIMELINE_SHORT_TERM_OFFSET_S) / LQ_TIMELINE_HOP_S - 1e-9),
                        0, (double) e->len);
  if (last <= first)
    return;
  b->n_curve = last - first;
  b->curve = g_new (float, b->n_curve);
  b->curve_start = b->audio_start + first * LQ_TIMELINE_HOP_S + LQ_TIMELINE_SHORT_TERM_OFFSET_S - start_s;
  for (guint i = 0; i < b->n_curve; i++)
    {
      double lufs = lq_loudness_from_energy (g_array_index (e, double, first + i));

      b->curve[i] = isfinite (lufs) && lufs > SILENT_LUFS ? (float) lufs : NAN;
    }
}

LqTimelineModel *
lq_timeline_model_new_from_inputs (const LqTimelineInput *inputs, guint n)
{
  return lq_timeline_model_new_from_inputs_at_rate (inputs, n, 0);
}

LqTimelineModel *
lq_timeline_model_new_from_inputs_at_rate (const LqTimelineInput *inputs, guint n, guint rate)
{
  LqTimelineModel *self = g_new0 (LqTimelineModel, 1);
  gint64 frame = 0;   /* at the album's rate */

  self->rate = self->asked_rate = rate;
  self->blocks = g_array_sized_new (FALSE, TRUE, sizeof (LqTimelineBlock), n);
  g_array_set_clear_func (self->blocks, block_clear);
  for (guint i = 0; i < n; i++)
    {
      LqTimelineBlock b = { 0 };
      LqRenderSpec spec = input_spec (&inputs[i]);
      guint in_rate = MAX (inputs[i].rate, 1);

      b.in = inputs[i];
      b.in.rate = in_rate;
      b.in.name = g_strdup (inputs[i].name != NULL ? inputs[i].name : "");
      if (b.in.short_term != NULL)
        g_array_ref (b.in.short_term);
      b.playable = lq_source_layout_init (&b.layout, &spec, in_rate, inputs[i].frames, TRUE)
                   && !inputs[i].unplayable;
      b.gap_start = b.audio_start = b.audio_end = (double) frame / MAX (self->rate, 1);
      /* The engine leaves a track out when its trims leave nothing. */
      if (b.playable)
        {
          gint64 total = b.layout.gap + b.layout.length, gap = b.layout.gap;

          if (self->rate == 0)
            self->rate = in_rate;
          /* lq-resampled-source.c and lq-engine-program.c's arithmetic */
          if (in_rate != self->rate)
            {
              total = (total * self->rate + in_rate - 1) / in_rate;
              gap = (gap * (gint64) self->rate + in_rate / 2) / in_rate;
            }
          b.gap_start = (double) frame / self->rate;
          b.audio_start = (double) (frame + gap) / self->rate;
          frame += total;
          b.audio_end = (double) frame / self->rate;
        }
      b.fade_in_end = b.audio_start + (double) b.layout.fade_in / in_rate;
      b.fade_out_start = b.audio_end - (double) b.layout.fade_out / in_rate;
      block_curve (&b);
      g_array_append_val (self->blocks, b);
    }
  if (self->rate == 0)
    self->rate = 48000;
  self->length = (double) frame / self->rate;
  return self;
}

LqTimelineModel *
lq_timeline_model_new (LqProject *project)
{
  return lq_timeline_model_new_at_rate (project, 0);
}

LqTimelineModel *
lq_timeline_model_new_at_rate (LqProject *project, guint rate)
{
  guint n;
  g_autofree LqTimelineInput *inputs = NULL;
  LqTimelineModel *self;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  n = lq_project_get_n_tracks (project);
  inputs = g_new0 (LqTimelineInput, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);
      LqRenderSpec spec = { 0 };
      LqTimelineInput *in = &inputs[i];
      double duration = lq_track_get_duration (track);

      lq_render_spec_init (&spec, project, track);
      in->number = i + 1;
      in->name = (char *) lq_track_get_display_name (track);
      in->rate = 44100;
      if (analysis != NULL)
        {
          const LqTrackMeasures *m = lq_track_analysis_get_measures (analysis);

          in->rate = m->sample_rate > 0 ? m->sample_rate : in->rate;
          if (!(duration > 0))
            duration = m->duration_s;
          in->short_term = (GArray *) lq_track_analysis_get_short_term_energies (analysis);
        }
      in->frames = duration > 0 ? llround (duration * in->rate) : 0;
      /* lq-engine-program.c leaves these out */
      in->unplayable = lq_track_get_status (track) == LQ_TRACK_STATUS_MISSING
                       || lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED;
      in->gap_s = spec.gap_s;
      in->trim_in_s = spec.trim_in_s;
      in->trim_out_s = spec.trim_out_s;
      in->fade_in_s = spec.fade_in_s;
      in->fade_out_s = spec.fade_out_s;
      in->fade_in_shape = spec.fade_in_shape;
      in->fade_out_shape = spec.fade_out_shape;
      lq_render_spec_clear (&spec);
    }
  self = lq_timeline_model_new_from_inputs_at_rate (inputs, n, rate);
  return self;
}

guint
lq_timeline_model_get_n_blocks (const LqTimelineModel *self)
{
  return self->blocks->len;
}

const LqTimelineBlock *
lq_timeline_model_get_block (const LqTimelineModel *self, guint index)
{
  g_return_val_if_fail (index < self->blocks->len, NULL);
  return &g_array_index (self->blocks, LqTimelineBlock, index);
}

guint
lq_timeline_model_get_rate (const LqTimelineModel *self)
{
  return self->rate;
}

double
lq_timeline_model_get_length (const LqTimelineModel *self)
{
  return self->length;
}

double
lq_timeline_model_get_gain (const LqTimelineModel *self, guint index, double t)
{
  const LqTimelineBlock *b = lq_timeline_model_get_block (self, index);
  gint64 k;

  if (b == NULL || !b->playable || t < b->audio_start || t >= b->audio_end)
    return 1.0;
  k = (gint64) floor ((t - b->audio_start) * b->in.rate + 1e-6);
  k = CLAMP (k, 0, b->layout.length - 1);
  return lq_source_layout_gain (&b->layout, b->in.fade_in_shape, b->in.fade_out_shape, k);
}

double
lq_timeline_model_get_loudness (const LqTimelineModel *self, guint index, double t)
{
  const LqTimelineBlock *b = lq_timeline_model_get_block (self, index);
  double i;

  if (b == NULL || b->n_curve == 0 || t < b->audio_start || t >= b->audio_end)
    return NAN;
  i = floor ((t - b->curve_start) / LQ_TIMELINE_HOP_S + 1e-9);
  if (i < 0 || i >= b->n_curve)
    return NAN;
  return b->curve[(guint) i];
}

gint
lq_timeline_model_find (const LqTimelineModel *self, double t)
{
  guint lo = 0, hi = self->blocks->len;

  if (hi == 0 || t < 0 || t > self->length)
    return -1;
  /* The last block starting at or before t (the blocks are in order). */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (lq_timeline_model_get_block (self, mid)->gap_start <= t)
        lo = mid;
      else
        hi = mid;
    }
  return (gint) lo;
}

static char *
format_clock (double seconds)
{
  return lq_plot_format_time (floor (seconds + 0.5), 1.0);
}

char *
lq_timeline_model_describe (const LqTimelineModel *self)
{
  GString *s = g_string_new (NULL);
  guint n = self->blocks->len, shown = MIN (n, LQ_TIMELINE_DESCRIBED_TRACKS);
  g_autofree char *total = format_clock (self->length);

  if (n == 0)
    return g_strdup (_("No tracks"));
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u track, total length %s",
                                          "%u tracks, total length %s", n),
                          n, total);
  for (guint i = 0; i < shown; i++)
    {
      const LqTimelineBlock *b = lq_timeline_model_get_block (self, i);
      g_autofree char *at = format_clock (b->audio_start);

      g_string_append (s, i == 0 ? "; " : ", ");
      g_string_append_printf (s, _("track %u “%s” at %s"), b->in.number, b->in.name, at);
    }
  if (n > shown)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, ", and %u more track",
                                            ", and %u more tracks", n - shown),
                            n - shown);
  return g_string_free (s, FALSE);
}

static double
snap (double seconds, guint rate)
{
  return round (seconds * rate) / rate;
}

const char *
lq_timeline_model_drag_value (const LqTimelineModel *self,
                              guint index,
                              LqTimelinePart part,
                              double delta_s,
                              double *value)
{
  const LqTimelineBlock *b = lq_timeline_model_get_block (self, index);
  double total, audio;

  g_return_val_if_fail (value != NULL, NULL);
  if (b == NULL)
    return NULL;
  total = (double) b->in.frames / b->in.rate;
  audio = b->playable ? (double) b->layout.length / b->in.rate : 0;
  switch (part)
    {
    case LQ_TIMELINE_PART_FADE_IN:
      *value = snap (CLAMP (b->in.fade_in_s + delta_s, 0, audio), b->in.rate);
      return "fade-in";
    case LQ_TIMELINE_PART_FADE_OUT:
      *value = snap (CLAMP (b->in.fade_out_s - delta_s, 0, audio), b->in.rate);
      return "fade-out";
    case LQ_TIMELINE_PART_TRIM_IN:
      *value = snap (CLAMP (b->in.trim_in_s + delta_s, 0,
                            MAX (0, total - b->in.trim_out_s - MIN_AUDIO_S)), b->in.rate);
      return "trim-in";
    case LQ_TIMELINE_PART_TRIM_OUT:
      *value = snap (CLAMP (b->in.trim_out_s - delta_s, 0,
                            MAX (0, total - b->in.trim_in_s - MIN_AUDIO_S)), b->in.rate);
      return "trim-out";
    case LQ_TIMELINE_PART_GAP_EDGE:
      *value = snap (CLAMP (b->in.gap_s + delta_s, 0, 600), b->in.rate);
      return "gap";
    case LQ_TIMELINE_PART_NONE:
    case LQ_TIMELINE_PART_GAP:
    case LQ_TIMELINE_PART_BODY:
    default:
      return NULL;
    }
}

LqTimelineModel *
lq_timeline_model_new_edited (const LqTimelineModel *self,
                              guint index,
                              LqTimelinePart part,
                              double delta_s)
{
  guint n = self->blocks->len;
  g_autofree LqTimelineInput *inputs = g_new0 (LqTimelineInput, MAX (n, 1));
  const char *key;
  double value = 0;

  for (guint i = 0; i < n; i++)
    inputs[i] = lq_timeline_model_get_block (self, i)->in;
  key = index < n ? lq_timeline_model_drag_value (self, index, part, delta_s, &value) : NULL;
  if (key != NULL)
    {
      LqTimelineInput *in = &inputs[index];

      if (g_str_equal (key, "fade-in"))
        in->fade_in_s = value;
      else if (g_str_equal (key, "fade-out"))
        in->fade_out_s = value;
      else if (g_str_equal (key, "trim-in"))
        in->trim_in_s = value;
      else if (g_str_equal (key, "trim-out"))
        in->trim_out_s = value;
      else
        in->gap_s = value;
    }
  return lq_timeline_model_new_from_inputs_at_rate (inputs, n, self->asked_rate);
}

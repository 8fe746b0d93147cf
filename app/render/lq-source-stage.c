/* lq-source-stage.c: gap, trims, fades and dual mono, block by block. */
#include "config.h"

#include "lq-source-stage.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lq-audio-reader.h"
#include "lq-error.h"

#define SKIP_BLOCK 4096

struct _LqSourceStage
{
  LqAudioReader *reader;
  char *source;
  guint rate;
  guint source_channels;
  gint64 start;            /* the first source frame (the trim-in) */
  gint64 length;           /* source frames after the trims */
  gint64 gap;              /* timeline frames of silence before them */
  gint64 fade_in;          /* frames, at most the length */
  gint64 fade_out;
  LqFadeShape fade_in_shape;
  LqFadeShape fade_out_shape;
  gint64 position;         /* timeline */
  /* The reader is still at source frame 0: the trimmed start is read and
   * dropped before the first frame (the way the export always read it). */
  gboolean skip_pending;
  float *scratch[2];       /* SKIP_BLOCK frames each */
};

gboolean
lq_source_layout_init (LqSourceLayout *layout,
                       const LqRenderSpec *spec,
                       guint rate,
                       gint64 total_frames,
                       gboolean with_gap)
{
  g_return_val_if_fail (layout != NULL && spec != NULL && rate > 0, FALSE);

  memset (layout, 0, sizeof *layout);
  layout->start = MIN (llround (spec->trim_in_s * rate), total_frames);
  layout->length = total_frames - layout->start - llround (spec->trim_out_s * rate);
  if (layout->length <= 0)
    return FALSE;
  if (with_gap && spec->gap_s > 0.0)
    layout->gap = llround (spec->gap_s * rate);
  layout->fade_in = MIN (llround (spec->fade_in_s * rate), layout->length);
  layout->fade_out = MIN (llround (spec->fade_out_s * rate), layout->length);
  return TRUE;
}

double
lq_source_layout_gain (const LqSourceLayout *layout,
                       LqFadeShape fade_in_shape,
                       LqFadeShape fade_out_shape,
                       gint64 k)
{
  double g = 1.0;

  if (k < layout->fade_in)
    g *= lq_fade_gain (fade_in_shape, (double) k / (double) layout->fade_in);
  if (k >= layout->length - layout->fade_out)
    g *= lq_fade_gain (fade_out_shape, (double) (layout->length - 1 - k) / (double) layout->fade_out);
  return g;
}

LqSourceStage *
lq_source_stage_new (const LqRenderSpec *spec,
                     LqSourceStageFlags flags,
                     GError **error)
{
  g_autoptr(LqSourceStage) self = NULL;
  LqSourceLayout layout;
  gint64 total;

  g_return_val_if_fail (spec != NULL && spec->source != NULL, NULL);

  self = g_new0 (LqSourceStage, 1);
  self->source = g_strdup (spec->source);
  self->reader = lq_audio_reader_open (spec->source, error);
  if (self->reader == NULL)
    {
      g_prefix_error (error, "%s: ", spec->source);
      return NULL;
    }
  self->rate = lq_audio_reader_get_sample_rate (self->reader);
  self->source_channels = lq_audio_reader_get_channels (self->reader);
  total = lq_audio_reader_get_frames (self->reader);

  if (!lq_source_layout_init (&layout, spec, self->rate, total, (flags & LQ_SOURCE_STAGE_GAP) != 0))
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("The trims leave no audio"));
      return NULL;
    }
  self->start = layout.start;
  self->length = layout.length;
  self->gap = layout.gap;
  self->fade_in = layout.fade_in;
  self->fade_out = layout.fade_out;
  self->fade_in_shape = spec->fade_in_shape;
  self->fade_out_shape = spec->fade_out_shape;
  self->skip_pending = self->start > 0;
  self->scratch[0] = g_new (float, 2 * SKIP_BLOCK);
  self->scratch[1] = self->scratch[0] + SKIP_BLOCK;

  return g_steal_pointer (&self);
}

void
lq_source_stage_free (LqSourceStage *self)
{
  if (self == NULL)
    return;
  lq_audio_reader_free (self->reader);
  g_free (self->source);
  g_free (self->scratch[0]);
  g_free (self);
}

guint
lq_source_stage_get_sample_rate (const LqSourceStage *self)
{
  return self->rate;
}

guint
lq_source_stage_get_source_channels (const LqSourceStage *self)
{
  return self->source_channels;
}

gint64
lq_source_stage_get_length (const LqSourceStage *self)
{
  return self->gap + self->length;
}

gint64
lq_source_stage_get_gap (const LqSourceStage *self)
{
  return self->gap;
}

gint64
lq_source_stage_get_position (const LqSourceStage *self)
{
  return self->position;
}

/* Up to @n source frames into @ch; a source that ends before its header
 * said is an error. Errors name the source. */
static gssize
read_source (LqSourceStage *self,
             float *const *ch,
             gsize n,
             GError **error)
{
  gssize got = lq_audio_reader_read (self->reader, ch, n, error);

  if (got < 0)
    g_prefix_error (error, "%s: ", self->source);
  else if (got == 0)
    g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED, _("%s: the source ended early"),
                 self->source);
  return got > 0 ? got : -1;
}

/* Reads and drops the trimmed start (sequentially, as a decoder that cannot
 * seek exactly would have to). */
static gboolean
skip_start (LqSourceStage *self,
            GError **error)
{
  for (gint64 pos = 0; pos < self->start;)
    {
      gssize got = read_source (self, self->scratch, (gsize) MIN (SKIP_BLOCK, self->start - pos),
                                error);

      if (got < 0)
        return FALSE;
      pos += got;
    }
  self->skip_pending = FALSE;
  return TRUE;
}

/* The fades over @n frames from trimmed frame @k (both channels). */
static void
apply_fades (LqSourceStage *self,
             float *const *ch,
             gsize n,
             gint64 k)
{
  const LqSourceLayout layout = { self->start, self->length, self->gap, self->fade_in, self->fade_out };

  for (gsize i = 0; i < n; i++, k++)
    {
      double g = lq_source_layout_gain (&layout, self->fade_in_shape, self->fade_out_shape, k);

      if (g != 1.0)
        {
          ch[0][i] = (float) (ch[0][i] * g);
          ch[1][i] = (float) (ch[1][i] * g);
        }
    }
}

gssize
lq_source_stage_read (LqSourceStage *self,
                      float *const *planar,
                      gsize n,
                      GError **error)
{
  gsize done = 0;

  g_return_val_if_fail (self != NULL && planar != NULL, -1);

  n = (gsize) MIN ((gint64) n, self->gap + self->length - self->position);

  /* The gap. */
  if (done < n && self->position < self->gap)
    {
      gsize k = (gsize) MIN ((gint64) n, self->gap - self->position);

      memset (planar[0], 0, k * sizeof (float));
      memset (planar[1], 0, k * sizeof (float));
      done += k;
      self->position += (gint64) k;
    }
  if (done < n && self->skip_pending && !skip_start (self, error))
    return -1;

  /* The source. */
  while (done < n)
    {
      float *ch[2] = { planar[0] + done, planar[1] + done };
      gssize got = read_source (self, ch, n - done, error);

      if (got < 0)
        return -1;
      if (self->source_channels == 1)
        memcpy (ch[1], ch[0], (gsize) got * sizeof (float));
      apply_fades (self, ch, (gsize) got, self->position - self->gap);
      done += (gsize) got;
      self->position += got;
    }
  return (gssize) n;
}

gboolean
lq_source_stage_seek (LqSourceStage *self,
                      gint64 timeline_frame,
                      GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (timeline_frame < 0 || timeline_frame > self->gap + self->length)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: cannot seek to frame %lld: the track has %lld frames"),
                   self->source, (long long) timeline_frame,
                   (long long) (self->gap + self->length));
      return FALSE;
    }
  if (!lq_audio_reader_seek (self->reader, self->start + MAX (0, timeline_frame - self->gap), error))
    return FALSE;
  self->skip_pending = FALSE;
  self->position = timeline_frame;
  return TRUE;
}

/* lq-resampled-source.c: a source stage heard at another sample rate. */
#include "config.h"

#include <glib/gi18n.h>
#include <soxr.h>
#include <string.h>

#include "lq-error.h"
#include "lq-resampled-source.h"

#define CHANNELS 2
/* Input frames read from the stage at a time. */
#define CHUNK 4096
/* Output frames a seek plays into soxr before its target, at least: the
 * VHQ filter's impulse response has died away to far below -100 dBFS by
 * then at any ratio the engine meets. */
#define SETTLE_FRAMES 8192

struct _LqResampledSource
{
  const LqResampledInputFuncs *funcs;
  gpointer stage;       /* the input: an LqSourceStage, or funcs' */
  gint64 in_length;     /* input frames */
  guint in_rate;
  guint out_rate;
  gint64 length;        /* output frames */
  gint64 position;      /* output frames */

  /* Only when resampling. */
  soxr_t soxr;
  gint64 period_in;     /* the timelines meet every period_in input */
  gint64 period_out;    /* and period_out output frames */
  float *in[CHANNELS];  /* CHUNK frames each */
  gsize in_fill;
  gsize in_used;
  float *scratch[CHANNELS];  /* CHUNK frames each, for the frames a seek drops */
};

static guint
gcd (guint a, guint b)
{
  while (b != 0)
    {
      guint t = a % b;

      a = b;
      b = t;
    }
  return a;
}

static gssize
stage_read_cb (gpointer input, float *const *planar, gsize n, GError **error)
{
  return lq_source_stage_read (input, planar, n, error);
}

static gboolean
stage_seek_cb (gpointer input, gint64 frame, GError **error)
{
  return lq_source_stage_seek (input, frame, error);
}

static void
stage_free_cb (gpointer input)
{
  lq_source_stage_free (input);
}

static const LqResampledInputFuncs stage_funcs = {
  stage_read_cb, stage_seek_cb, stage_free_cb,
};

static void
drop_soxr (LqResampledSource *self)
{
  if (self->soxr != NULL)
    soxr_delete (self->soxr);
  self->soxr = NULL;
}

/* Sets the rate and length; creates soxr when the rates differ. */
static gboolean
configure (LqResampledSource *self,
           guint output_rate,
           GError **error)
{
  gint64 in_length = self->in_length;

  drop_soxr (self);
  self->out_rate = output_rate != 0 ? output_rate : self->in_rate;
  if (self->out_rate == self->in_rate)
    {
      self->length = in_length;
      return TRUE;
    }
  else
    {
      soxr_io_spec_t io = soxr_io_spec (SOXR_FLOAT32_S, SOXR_FLOAT32_S);
      soxr_quality_spec_t q = soxr_quality_spec (SOXR_VHQ, 0);
      soxr_error_t e = NULL;
      guint g = gcd (self->in_rate, self->out_rate);

      self->soxr = soxr_create (self->in_rate, self->out_rate, CHANNELS, &e, &io, &q, NULL);
      if (self->soxr == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED,
                       _("Cannot convert %u Hz to %u Hz: %s"), self->in_rate, self->out_rate, e);
          return FALSE;
        }
      self->period_in = self->in_rate / g;
      self->period_out = self->out_rate / g;
      self->length = (in_length * self->out_rate + self->in_rate - 1) / self->in_rate;
      if (self->in[0] == NULL)
        {
          self->in[0] = g_new0 (float, 4 * CHUNK);
          self->in[1] = self->in[0] + CHUNK;
          self->scratch[0] = self->in[1] + CHUNK;
          self->scratch[1] = self->scratch[0] + CHUNK;
        }
      self->in_fill = self->in_used = 0;
      return TRUE;
    }
}

LqResampledSource *
lq_resampled_source_new (LqSourceStage *stage,
                         guint output_rate,
                         GError **error)
{
  g_autoptr (LqResampledSource) self = NULL;

  g_return_val_if_fail (stage != NULL, NULL);

  self = g_new0 (LqResampledSource, 1);
  self->funcs = &stage_funcs;
  self->stage = stage;
  self->in_rate = lq_source_stage_get_sample_rate (stage);
  self->in_length = lq_source_stage_get_length (stage);
  if (!configure (self, output_rate, error)
      || !lq_resampled_source_seek (self, 0, error))
    return NULL;
  return g_steal_pointer (&self);
}

LqResampledSource *
lq_resampled_source_new_input (const LqResampledInputFuncs *funcs,
                               gpointer input,
                               guint input_rate,
                               gint64 input_length,
                               guint output_rate,
                               GError **error)
{
  g_autoptr (LqResampledSource) self = NULL;

  g_return_val_if_fail (funcs != NULL && input != NULL && input_rate > 0, NULL);
  g_return_val_if_fail (input_length >= 0, NULL);

  self = g_new0 (LqResampledSource, 1);
  self->funcs = funcs;
  self->stage = input;
  self->in_rate = input_rate;
  self->in_length = input_length;
  if (!configure (self, output_rate, error)
      || !lq_resampled_source_seek (self, 0, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
lq_resampled_source_free (LqResampledSource *self)
{
  if (self == NULL)
    return;
  drop_soxr (self);
  if (self->stage != NULL)
    self->funcs->free (self->stage);
  g_free (self->in[0]);
  g_free (self);
}

gboolean
lq_resampled_source_set_output_rate (LqResampledSource *self,
                                     guint output_rate,
                                     GError **error)
{
  guint old = self->out_rate;
  gint64 position = self->position;

  if ((output_rate != 0 ? output_rate : self->in_rate) == old)
    return TRUE;
  if (!configure (self, output_rate, error))
    return FALSE;
  position = (position * self->out_rate + old / 2) / old;
  return lq_resampled_source_seek (self, MIN (position, self->length), error);
}

guint
lq_resampled_source_get_sample_rate (const LqResampledSource *self)
{
  return self->out_rate;
}

guint
lq_resampled_source_get_input_rate (const LqResampledSource *self)
{
  return self->in_rate;
}

gboolean
lq_resampled_source_is_resampling (const LqResampledSource *self)
{
  return self->soxr != NULL;
}

gint64
lq_resampled_source_get_length (const LqResampledSource *self)
{
  return self->length;
}

gint64
lq_resampled_source_get_position (const LqResampledSource *self)
{
  return self->position;
}

/* @n output frames into @out (past the stage's end soxr gets silence, so
 * the filter's tail is heard); -1 with @error. */
static gssize
convert (LqResampledSource *self,
         float *const *out,
         gsize n,
         GError **error)
{
  gsize done = 0;

  while (done < n)
    {
      const float *in[CHANNELS];
      float *o[CHANNELS] = { out[0] + done, out[1] + done };
      size_t idone = 0, odone = 0;
      soxr_error_t e;

      if (self->in_used == self->in_fill)
        {
          gssize r = self->funcs->read (self->stage, self->in, CHUNK, error);

          if (r < 0)
            return -1;
          memset (self->in[0] + r, 0, (CHUNK - (gsize) r) * sizeof (float));
          memset (self->in[1] + r, 0, (CHUNK - (gsize) r) * sizeof (float));
          self->in_fill = CHUNK;
          self->in_used = 0;
        }
      in[0] = self->in[0] + self->in_used;
      in[1] = self->in[1] + self->in_used;
      e = soxr_process (self->soxr, (soxr_in_t) in, self->in_fill - self->in_used, &idone,
                        (soxr_out_t) o, n - done, &odone);
      if (e != NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Sample-rate conversion failed: %s"), e);
          return -1;
        }
      self->in_used += idone;
      done += odone;
    }
  return (gssize) n;
}

gssize
lq_resampled_source_read (LqResampledSource *self,
                          float *const *planar,
                          gsize n,
                          GError **error)
{
  gssize r;

  g_return_val_if_fail (self != NULL, -1);

  if (self->soxr == NULL)
    {
      r = self->funcs->read (self->stage, planar, n, error);
      if (r > 0)
        self->position += r;
      return r;
    }
  n = (gsize) MIN ((gint64) n, self->length - self->position);
  if (n == 0)
    return 0;
  r = convert (self, planar, n, error);
  if (r > 0)
    self->position += r;
  return r;
}

gboolean
lq_resampled_source_seek (LqResampledSource *self,
                          gint64 frame,
                          GError **error)
{
  gint64 start, skip;

  g_return_val_if_fail (self != NULL, FALSE);

  if (frame < 0 || frame > self->length)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Cannot seek to frame %lld: the track has %lld frames at %u Hz"),
                   (long long) frame, (long long) self->length, self->out_rate);
      return FALSE;
    }
  if (self->soxr == NULL)
    {
      if (!self->funcs->seek (self->stage, frame, error))
        return FALSE;
      self->position = frame;
      return TRUE;
    }

  /* Restart where both timelines meet on a whole frame, SETTLE_FRAMES or
   * more before the target (or at 0), and play up to the target. */
  start = MAX (0, frame - SETTLE_FRAMES) / self->period_out * self->period_out;
  if (!self->funcs->seek (self->stage,
                          MIN (start / self->period_out * self->period_in, self->in_length),
                          error))
    return FALSE;
  soxr_clear (self->soxr);
  self->in_fill = self->in_used = 0;
  self->position = frame;
  for (skip = frame - start; skip > 0;)
    {
      gsize n = (gsize) MIN (skip, CHUNK);

      if (convert (self, self->scratch, n, error) < 0)
        return FALSE;
      skip -= (gint64) n;
    }
  return TRUE;
}

/* lq-engine-program.c: see the header. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-engine-program.h"
#include "lq-error.h"
#include "lq-render-gain.h"
#include "lq-resampled-source.h"
#include "lq-source-stage.h"

typedef struct
{
  LqResampledSource *src;  /* the source stage at the program's rate */
  gint64 gap_in;           /* its gap, in frames at its own rate */
  gint64 gap;              /* and at the program's rate */
  LqChainSettings settings;
  guint number;          /* the project's, 1-based */
  gint64 start;          /* the first segment's start */
  gint64 image_from_in;  /* an image's track: where its timeline starts in */
  gint64 image_from;     /* the image, at 44.1 kHz and at the program's rate */
} Track;

struct _LqEngineProgram
{
  LqEngineMode mode;
  guint rate;            /* 0 until the first track: then its own */
  double seconds;        /* transitions: of each side */
  gint64 length;
  GArray *tracks;        /* Track */
  GArray *segments;      /* LqPlaybackSegment */
  GPtrArray *skipped;    /* GError */
  gint32 hint;           /* reader thread: the last segment read */
  LqEngineImage *image;  /* LQ_ENGINE_MODE_IMAGE: its tracks share */
  LqResampledSource *image_src;  /* this source */
};

/* The source track @t reads from. */
static LqResampledSource *
track_source (const LqEngineProgram *self, const Track *t)
{
  return t->src != NULL ? t->src : self->image_src;
}

static void
track_clear (gpointer data)
{
  Track *t = data;

  g_clear_pointer (&t->src, lq_resampled_source_free);
}

static LqEngineProgram *
program_new (LqEngineMode mode, guint rate)
{
  LqEngineProgram *self = g_new0 (LqEngineProgram, 1);

  self->mode = mode;
  self->rate = rate;
  self->tracks = g_array_new (FALSE, TRUE, sizeof (Track));
  g_array_set_clear_func (self->tracks, track_clear);
  self->segments = g_array_new (FALSE, TRUE, sizeof (LqPlaybackSegment));
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  return self;
}

void
lq_engine_program_free (LqEngineProgram *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->tracks);
  g_array_unref (self->segments);
  g_ptr_array_unref (self->skipped);
  g_clear_pointer (&self->image_src, lq_resampled_source_free);
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_free (self);
}

/* Adds @spec's track (with its gap); FALSE with @error when it cannot play. */
static gboolean
add_track (LqEngineProgram *self,
           const LqRenderSpec *spec,
           guint number,
           GError **error)
{
  Track t = { 0 };
  LqSourceStage *stage;
  guint in_rate;
  gint64 gap;

  stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_GAP, error);
  if (stage == NULL)
    return FALSE;
  /* Another rate than the program's is resampled (lq-resampled-source.h). */
  in_rate = lq_source_stage_get_sample_rate (stage);
  if (self->rate == 0)
    self->rate = in_rate;
  gap = lq_source_stage_get_gap (stage);
  t.src = lq_resampled_source_new (stage, self->rate, error);
  if (t.src == NULL)
    return FALSE;
  t.gap_in = gap;
  t.gap = (gap * (gint64) self->rate + in_rate / 2) / in_rate;
  t.settings = spec->chain;
  t.number = number;
  g_array_append_val (self->tracks, t);
  return TRUE;
}

static void
add_segment (LqEngineProgram *self,
             gint32 track,
             gint64 source_from,
             gint64 source_to)
{
  LqPlaybackSegment s = { 0 };

  if (source_to <= source_from)
    return;
  s.start = self->length;
  s.length = source_to - source_from;
  s.source_from = source_from;
  s.track = track;
  s.audio_from = s.start + s.length;
  if (track >= 0)
    {
      Track *t = &g_array_index (self->tracks, Track, track);
      gint64 gap = t->gap;

      s.audio_from = s.start + MAX (0, gap - source_from);
      if (t->start < 0)
        t->start = s.start;
    }
  g_array_append_val (self->segments, s);
  self->length += s.length;
}

/* The specs' tracks that can play, in order (@numbers: their project
 * numbers, NULL: 1 ..). */
static gboolean
add_tracks (LqEngineProgram *self,
            const LqRenderSpec *specs,
            const guint *numbers,
            guint n_specs,
            GError **error)
{
  for (guint i = 0; i < n_specs; i++)
    {
      g_autoptr (GError) local = NULL;

      if (!add_track (self, &specs[i], numbers != NULL ? numbers[i] : i + 1, &local))
        g_ptr_array_add (self->skipped, g_steal_pointer (&local));
    }
  if (self->tracks->len == 0)
    {
      if (self->skipped->len > 0)
        *error = g_error_copy (g_ptr_array_index (self->skipped, self->skipped->len - 1));
      else
        g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("the project has no tracks"));
      return FALSE;
    }
  for (guint i = 0; i < self->tracks->len; i++)
    g_array_index (self->tracks, Track, i).start = -1;
  return TRUE;
}

/* An image: each track's segment up to the next one's start. */
static void
add_image (LqEngineProgram *self)
{
  gint64 end = lq_resampled_source_get_length (self->image_src);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *t = &g_array_index (self->tracks, Track, i);
      gint64 next = i + 1 < self->tracks->len
                    ? g_array_index (self->tracks, Track, i + 1).image_from : end;

      t->start = -1;
      add_segment (self, (gint32) i, 0, next - t->image_from);
    }
}

static gboolean
add_album (LqEngineProgram *self)
{
  for (guint i = 0; i < self->tracks->len; i++)
    add_segment (self, (gint32) i, 0,
                 lq_resampled_source_get_length (g_array_index (self->tracks, Track, i).src));
  return TRUE;
}

static gboolean
add_transitions (LqEngineProgram *self, double seconds, GError **error)
{
  gint64 n, pause;

  if (self->tracks->len < 2)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("transitions need two tracks that can play"));
      return FALSE;
    }
  n = (gint64) llround (seconds * self->rate);
  pause = (gint64) llround (LQ_ENGINE_TRANSITION_PAUSE_S * self->rate);
  for (guint i = 0; i + 1 < self->tracks->len; i++)
    {
      const Track *a = &g_array_index (self->tracks, Track, i);
      const Track *b = &g_array_index (self->tracks, Track, i + 1);
      gint64 a_len = lq_resampled_source_get_length (a->src);

      /* The last N s of the track (its audio, not its gap). */
      add_segment (self, (gint32) i, MAX (a->gap, a_len - n), a_len);
      /* The gap, then the first N s of the next one. */
      add_segment (self, (gint32) i + 1, 0, MIN (lq_resampled_source_get_length (b->src), b->gap + n));
      if (i + 2 < self->tracks->len)
        add_segment (self, -1, 0, pause);
    }
  return TRUE;
}

static LqEngineProgram *
program_new_specs (LqEngineMode mode,
                   const LqRenderSpec *specs,
                   const guint *numbers,
                   guint n_specs,
                   double seconds,
                   guint rate,
                   GPtrArray *skipped,
                   GError **error)
{
  g_autoptr (LqEngineProgram) self = program_new (mode, rate);

  if (skipped != NULL)
    for (guint i = 0; i < skipped->len; i++)
      g_ptr_array_add (self->skipped, g_error_copy (g_ptr_array_index (skipped, i)));
  self->seconds = seconds;
  if (!add_tracks (self, specs, numbers, n_specs, error))
    return NULL;
  if (mode == LQ_ENGINE_MODE_TRANSITIONS ? !add_transitions (self, seconds, error) : !add_album (self))
    return NULL;
  return g_steal_pointer (&self);
}

LqEngineProgram *
lq_engine_program_new_specs (LqEngineMode mode,
                             const LqRenderSpec *specs,
                             guint n_specs,
                             double seconds,
                             guint rate,
                             GError **error)
{
  g_return_val_if_fail (mode != LQ_ENGINE_MODE_TRANSITIONS || seconds > 0, NULL);
  return program_new_specs (mode, specs, NULL, n_specs, seconds, rate, NULL, error);
}

/* The project's tracks whose source is where it was and as it was. */
static LqEngineProgram *
program_new_project (LqEngineMode mode,
                     LqProject *project,
                     double seconds,
                     guint rate,
                     GError **error)
{
  guint n = lq_project_get_n_tracks (project), n_specs = 0;
  g_autofree LqRenderSpec *specs = g_new0 (LqRenderSpec, MAX (n, 1));
  g_autofree guint *numbers = g_new0 (guint, MAX (n, 1));
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  LqEngineProgram *self;

  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i);
      GError *local = NULL;

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_MISSING)
        g_set_error (&local, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                     _("%s: the track’s source file is missing (lacquer-cli relink finds it)"),
                     lq_track_get_path (track));
      else if (lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED)
        g_set_error (&local, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("%s: the track’s source file changed since it was added"),
                     lq_track_get_path (track));
      if (local != NULL)
        {
          g_ptr_array_add (skipped, local);
          continue;
        }
      (void) lq_render_spec_init_playback (&specs[n_specs], project, track);
      numbers[n_specs++] = i;
    }
  self = program_new_specs (mode, specs, numbers, n_specs, seconds, rate, skipped, error);
  for (guint i = 0; i < n_specs; i++)
    lq_render_spec_clear (&specs[i]);
  return self;
}

LqEngineProgram *
lq_engine_program_new_spec (const LqRenderSpec *spec, guint rate, GError **error)
{
  g_autoptr (LqEngineProgram) self = program_new (LQ_ENGINE_MODE_TRACK, rate);
  Track *t;

  if (!add_track (self, spec, 1, error))
    return NULL;
  t = &g_array_index (self->tracks, Track, 0);
  t->start = -1;
  add_segment (self, 0, 0, lq_resampled_source_get_length (t->src));
  return g_steal_pointer (&self);
}

LqEngineProgram *
lq_engine_program_new_album (LqProject *project, guint rate, GError **error)
{
  return program_new_project (LQ_ENGINE_MODE_ALBUM, project, 0, rate, error);
}

LqEngineProgram *
lq_engine_program_new_transitions (LqProject *project,
                                   double seconds,
                                   guint rate,
                                   GError **error)
{
  g_return_val_if_fail (seconds > 0, NULL);
  return program_new_project (LQ_ENGINE_MODE_TRANSITIONS, project, seconds, rate, error);
}

gboolean
lq_engine_program_set_sample_rate (LqEngineProgram *self, guint rate, GError **error)
{
  guint old = self->rate;

  g_return_val_if_fail (rate > 0, FALSE);
  if (rate == old)
    return TRUE;
  if (self->image_src != NULL
      && !lq_resampled_source_set_output_rate (self->image_src, rate, error))
    return FALSE;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *t = &g_array_index (self->tracks, Track, i);

      if (t->src == NULL)
        continue;
      if (!lq_resampled_source_set_output_rate (t->src, rate, error))
        {
          /* Back to the old rate: that worked before. */
          for (guint j = 0; j < i; j++)
            (void) lq_resampled_source_set_output_rate (g_array_index (self->tracks, Track, j).src,
                                                        old, NULL);
          if (self->image_src != NULL)
            (void) lq_resampled_source_set_output_rate (self->image_src, old, NULL);
          return FALSE;
        }
    }
  self->rate = rate;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *t = &g_array_index (self->tracks, Track, i);

      guint in_rate = lq_resampled_source_get_input_rate (track_source (self, t));

      t->gap = (t->gap_in * (gint64) rate + in_rate / 2) / in_rate;
      t->image_from = (t->image_from_in * (gint64) rate + in_rate / 2) / in_rate;
      t->start = -1;
    }
  /* The same segments, measured at the new rate. */
  g_array_set_size (self->segments, 0);
  self->length = 0;
  self->hint = 0;
  if (self->mode == LQ_ENGINE_MODE_IMAGE)
    add_image (self);
  else if (self->mode == LQ_ENGINE_MODE_TRACK || self->mode == LQ_ENGINE_MODE_ALBUM)
    (void) add_album (self);
  else
    (void) add_transitions (self, self->seconds, NULL);
  return TRUE;
}

guint
lq_engine_program_get_input_rate (const LqEngineProgram *self, guint index)
{
  g_return_val_if_fail (index < self->tracks->len, 0);
  return lq_resampled_source_get_input_rate (track_source (self, &g_array_index (self->tracks,
                                                                                 Track, index)));
}

static gssize
image_read_cb (gpointer input, float *const *planar, gsize n, GError **error)
{
  return lq_engine_image_reader_read (input, planar, n, error);
}

static gboolean
image_seek_cb (gpointer input, gint64 frame, GError **error)
{
  return lq_engine_image_reader_seek (input, frame, error);
}

static void
image_free_cb (gpointer input)
{
  lq_engine_image_reader_free (input);
}

static const LqResampledInputFuncs image_funcs = {
  image_read_cb, image_seek_cb, image_free_cb,
};

LqEngineProgram *
lq_engine_program_new_image (LqEngineImage *image, guint rate, GError **error)
{
  g_autoptr (LqEngineProgram) self = NULL;
  LqEngineImageReader *reader;

  g_return_val_if_fail (image != NULL, NULL);

  reader = lq_engine_image_reader_new (image, error);
  if (reader == NULL)
    return NULL;
  self = program_new (LQ_ENGINE_MODE_IMAGE, rate != 0 ? rate : LQ_ENGINE_IMAGE_RATE);
  self->image = lq_engine_image_ref (image);
  self->image_src = lq_resampled_source_new_input (&image_funcs, reader, LQ_ENGINE_IMAGE_RATE,
                                                   lq_engine_image_reader_get_length (reader),
                                                   self->rate, error);
  if (self->image_src == NULL)
    return NULL;
  for (guint i = 0; i < lq_engine_image_get_n_tracks (image); i++)
    {
      const LqEngineImageTrack *it = lq_engine_image_get_track (image, i);
      Track t = { 0 };

      lq_chain_settings_init (&t.settings);
      t.number = it->number;
      t.image_from_in = i == 0 ? 0 : it->pregap;
      t.image_from = (t.image_from_in * (gint64) self->rate + LQ_ENGINE_IMAGE_RATE / 2)
                     / LQ_ENGINE_IMAGE_RATE;
      /* Its pregap is the track's "gap": the chain (unused) starts at INDEX 01. */
      t.gap_in = it->start - t.image_from_in;
      t.gap = (t.gap_in * (gint64) self->rate + LQ_ENGINE_IMAGE_RATE / 2) / LQ_ENGINE_IMAGE_RATE;
      g_array_append_val (self->tracks, t);
    }
  add_image (self);
  return g_steal_pointer (&self);
}

LqEngineImage *
lq_engine_program_get_image (const LqEngineProgram *self)
{
  return self->image;
}

LqEngineMode
lq_engine_program_get_mode (const LqEngineProgram *self)
{
  return self->mode;
}

guint
lq_engine_program_get_sample_rate (const LqEngineProgram *self)
{
  return self->rate;
}

gint64
lq_engine_program_get_length (const LqEngineProgram *self)
{
  return self->length;
}

const LqPlaybackSegment *
lq_engine_program_get_segments (const LqEngineProgram *self, guint *n_segments)
{
  *n_segments = self->segments->len;
  return (const LqPlaybackSegment *) self->segments->data;
}

guint
lq_engine_program_get_n_tracks (const LqEngineProgram *self)
{
  return self->tracks->len;
}

guint
lq_engine_program_get_track_number (const LqEngineProgram *self, guint index)
{
  g_return_val_if_fail (index < self->tracks->len, 0);
  return g_array_index (self->tracks, Track, index).number;
}

LqChainSettings *
lq_engine_program_dup_settings (const LqEngineProgram *self)
{
  LqChainSettings *out = g_new (LqChainSettings, self->tracks->len);

  for (guint i = 0; i < self->tracks->len; i++)
    out[i] = g_array_index (self->tracks, Track, i).settings;
  return out;
}

gint64
lq_engine_program_get_track_start (const LqEngineProgram *self, guint index)
{
  g_return_val_if_fail (index < self->tracks->len, 0);
  return MAX (0, g_array_index (self->tracks, Track, index).start);
}

gboolean
lq_engine_program_map_frame (const LqEngineProgram *self,
                             gint64 frame,
                             guint *index,
                             gint64 *frame_in_track)
{
  guint n;
  const LqPlaybackSegment *segs = lq_engine_program_get_segments (self, &n);
  gint32 s = lq_playback_timeline_find (segs, n, frame, -1);

  if (s < 0 || segs[s].track < 0)
    return FALSE;
  if (index != NULL)
    *index = (guint) segs[s].track;
  if (frame_in_track != NULL)
    *frame_in_track = segs[s].source_from + (frame - segs[s].start);
  return TRUE;
}

gint
lq_engine_program_get_transition (const LqEngineProgram *self, gint64 frame)
{
  guint n;
  const LqPlaybackSegment *segs = lq_engine_program_get_segments (self, &n);
  gint32 s;

  if (self->mode != LQ_ENGINE_MODE_TRANSITIONS)
    return -1;
  s = lq_playback_timeline_find (segs, n, frame, -1);
  return s < 0 ? -1 : s / 3;
}

GPtrArray *
lq_engine_program_get_skipped (const LqEngineProgram *self)
{
  return self->skipped;
}

/* @n frames of @stage from its timeline frame @want into planar at @k;
 * returns how many it read (the rest is left to the caller). */
static gsize
read_stage (LqResampledSource *stage, gint64 want, float *const *planar, gsize k, gsize n)
{
  gsize got = 0;

  if (want < 0 || want >= lq_resampled_source_get_length (stage))
    return 0;
  if (lq_resampled_source_get_position (stage) != want
      && !lq_resampled_source_seek (stage, want, NULL))
    return 0;
  while (got < n)
    {
      float *ch[2] = { planar[0] + k + got, planar[1] + k + got };
      gssize r = lq_resampled_source_read (stage, ch, n - got, NULL);

      /* A source that fails to read plays on as silence. */
      if (r <= 0)
        break;
      got += (gsize) r;
    }
  return got;
}

void
lq_engine_program_read (LqEngineProgram *self,
                        gint64 frame,
                        float *const *planar,
                        gsize n)
{
  const LqPlaybackSegment *segs = (const LqPlaybackSegment *) self->segments->data;
  gsize k = 0;

  while (k < n)
    {
      gint64 t = frame + (gint64) k;
      gint32 s = lq_playback_timeline_find (segs, self->segments->len, t, self->hint);
      gsize m = n - k, got = 0;

      if (s < 0)
        {
          /* Before the timeline (a crossfade reaching back past 0) or after. */
          if (t < 0)
            m = (gsize) MIN ((gint64) m, -t);
        }
      else
        {
          const LqPlaybackSegment *seg = &segs[s];

          self->hint = s;
          m = (gsize) MIN ((gint64) m, seg->start + seg->length - t);
          if (seg->track >= 0)
            {
              const Track *tr = &g_array_index (self->tracks, Track, seg->track);

              got = read_stage (track_source (self, tr),
                                tr->image_from + seg->source_from + (t - seg->start), planar, k, m);
            }
        }
      memset (planar[0] + k + got, 0, (m - got) * sizeof (float));
      memset (planar[1] + k + got, 0, (m - got) * sizeof (float));
      k += m;
    }
}

void
lq_engine_program_read_track (LqEngineProgram *self,
                              guint index,
                              gint64 frame,
                              float *const *planar,
                              gsize n)
{
  const Track *t;
  gsize got = 0;

  g_return_if_fail (index < self->tracks->len);
  t = &g_array_index (self->tracks, Track, index);
  /* An image's track feeds only the chain's tail, which an image never
   * plays (the mix path only): silence, and no seek of the shared source
   * away from where the timeline reads it. */
  if (t->src != NULL)
    got = read_stage (t->src, frame, planar, 0, n);
  memset (planar[0] + got, 0, (n - got) * sizeof (float));
  memset (planar[1] + got, 0, (n - got) * sizeof (float));
}

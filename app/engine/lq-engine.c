/* lq-engine.c: the playback engine's control side and reader thread. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-engine-private.h"
#include "lq-engine-program.h"
#include "lq-error.h"
#include "lq-render-gain.h"
#include "lq-resampled-source.h"
#include "lq-source-stage.h"

#define CHUNK 4096
#define READER_IDLE_US 2000

struct _LqEngine
{
  GObject parent_instance;

  LqPlaybackGraph *graph;      /* NULL before a load */
  guint rate;
  guint output_rate;           /* 0: the (first) track's */
  guint latency;
  gint64 length;
  LqPlaybackParams params;     /* the last published (track_gain: NULL) */
  double *track_gains;         /* 3 per track of the program: mix, master, reference */
  guint n_track_gains;
  LqChainSettings *settings;   /* one per track of the program */
  guint n_settings;

  /* The reader thread; @reader_lock guards the program, the reference
   * and the loop against the control thread. */
  GThread *reader;
  GMutex reader_lock;
  LqEngineProgram *program;
  LqResampledSource *reference;   /* at @rate */
  gint64 loop_start;           /* loop_end > loop_start: looping */
  gint64 loop_end;
  gint64 read_pos;             /* reader: the timeline frame it writes next */
  guint64 track_written;       /* reader: frames into the track ring since its flush */
  GArray *wraps;               /* reader: EngineWrap written there, not yet by the reference */
  gint64 ref_pos;              /* reader: the reference's timeline frame written next */
  double ref_offset_s;         /* the reference's frame heard with timeline frame 0 */
  gint64 ref_offset;           /* that at @rate (guarded by reader_lock) */
  guint64 ref_written;         /* reader: frames into the reference ring since its flush */
  gint32 tail_seg;             /* reader: the segment of the last frame written */
  gint64 tail_last;            /* and its timeline frame */
  gint32 tail_track;           /* the tail feed: this track's frames */
  gint64 tail_src;             /* from this one of its timeline */
  gint64 tail_left;            /* for so many more frames */
  gint quit;
  gint stalled;
  float *chunk[LQ_PLAYBACK_TRACK_RING_CHANNELS];
  float *wrap[2];              /* the loop start's lead-in, for the crossfade */
};

/* A loop's wrap as the reader wrote it into the track ring: @len frames
 * from timeline frame @at fading out while the @len before @to fade in,
 * then @to. The reference follows the same wraps. */
typedef struct
{
  gint64 at;
  gint64 to;
  gsize len;
} EngineWrap;

G_DEFINE_FINAL_TYPE (LqEngine, lq_engine, G_TYPE_OBJECT)

static void
destroy_cb (void *object)
{
  g_free (object);
}

/* @n frames of the reference (silence past its end) into chunk channels
 * 0-1 at @k. */
static void
read_reference (LqEngine *self, LqResampledSource *stage, float **ch, gsize k, gsize n)
{
  float *at[2] = { ch[0] + k, ch[1] + k };
  gsize got = 0;

  if (stage != NULL && n > 0)
    {
      gssize r = lq_resampled_source_read (stage, at, n, NULL);

      /* A source that fails to read plays on as silence. */
      got = r > 0 ? (gsize) r : 0;
    }
  memset (at[0] + got, 0, (n - got) * sizeof (float));
  memset (at[1] + got, 0, (n - got) * sizeof (float));
}

/* The reference's side of @wrap at chunk frame @k: the @len frames read
 * there fade out (equal power, as the track's) while the @len before the
 * loop start fade in; the reference is then at the loop start. */
static void
reference_wrap (LqEngine *self, LqResampledSource *stage, const EngineWrap *wrap, gsize k)
{
  gint64 from = wrap->to - (gint64) wrap->len + self->ref_offset;
  gsize skip = from < 0 ? (gsize) -from : 0;

  read_reference (self, stage, self->chunk, k, wrap->len);
  memset (self->wrap[0], 0, skip * sizeof (float));
  memset (self->wrap[1], 0, skip * sizeof (float));
  if (stage != NULL)
    (void) lq_resampled_source_seek (stage,
                                     MIN (MAX (from, 0), lq_resampled_source_get_length (stage)),
                                     NULL);
  read_reference (self, stage, self->wrap, skip, wrap->len - skip);
  for (gsize j = 0; j < wrap->len; j++)
    {
      double w = (j + 0.5) / wrap->len * G_PI_2;
      float a = (float) cos (w), b = (float) sin (w);

      for (int c = 0; c < 2; c++)
        self->chunk[c][k + j] = a * self->chunk[c][k + j] + b * self->wrap[c][j];
    }
  self->ref_pos = wrap->to;
}

static void
restart_reference (LqEngine *self, LqResampledSource *stage)
{
  gint64 target = lq_playback_graph_get_flush_target (self->graph);

  /* From its cue point (lq_engine_set_reference_offset()). */
  if (stage != NULL)
    (void) lq_resampled_source_seek (stage,
                                     CLAMP (target + self->ref_offset, 0,
                                            lq_resampled_source_get_length (stage)),
                                     NULL);
  self->ref_pos = target;
  self->ref_written = 0;
}

/* One chunk of the reference into its ring, frame for frame the timeline
 * frames the track ring got (the graph reads one reference frame per
 * frame heard): sequential, and wrapping where the track's loop wrapped
 * (self->wraps), crossfaded the same way. Never ahead of the track ring,
 * so every wrap it reaches is known. TRUE when it did something. */
static gboolean
fill_reference (LqEngine *self, LqResampledSource *stage, LqRingBuffer *ring)
{
  LqRingBuffer *track = lq_playback_graph_get_track_ring (self->graph);
  guint32 space;
  gsize n, k = 0;

  /* A seek flushes the track ring first: its flush is taken (and the wraps
   * forgotten) by fill_track() before this one's. */
  if (lq_ring_buffer_is_flushing (track))
    return FALSE;
  if (lq_ring_buffer_take_flush (ring))
    restart_reference (self, stage);
  space = lq_ring_buffer_write_space (ring);
  if (space < CHUNK / 4 || self->track_written <= self->ref_written)
    return FALSE;
  n = (gsize) MIN ((guint64) MIN (space, CHUNK), self->track_written - self->ref_written);
  while (k < n)
    {
      const EngineWrap *wrap = self->wraps->len > 0
                               ? &g_array_index (self->wraps, EngineWrap, 0) : NULL;
      gsize m = n - k;

      if (wrap != NULL && self->ref_pos >= wrap->at)
        {
          if (wrap->len > n - k)
            break;
          reference_wrap (self, stage, wrap, k);
          k += wrap->len;
          g_array_remove_index (self->wraps, 0);
          continue;
        }
      if (wrap != NULL)
        m = (gsize) MIN ((gint64) m, wrap->at - self->ref_pos);
      read_reference (self, stage, self->chunk, k, m);
      self->ref_pos += (gint64) m;
      k += m;
    }
  if (k == 0)
    return FALSE;
  if (lq_ring_buffer_is_flushing (track))
    return TRUE;   /* a seek: dropped, repositioned at its flush */
  if (lq_ring_buffer_take_flush (ring))
    {
      /* Decoded for the old position: dropped. */
      restart_reference (self, stage);
      return TRUE;
    }
  lq_ring_buffer_write (ring, (const float *const *) self->chunk, (uint32_t) k);
  self->ref_written += k;
  return TRUE;
}

/* Timeline frames [@from, @from + @n) into the chunk at @k, tagged. */
static void
read_program (LqEngine *self, gsize k, gint64 from, gsize n)
{
  float *ch[2] = { self->chunk[0] + k, self->chunk[1] + k };

  lq_engine_program_read (self->program, from, ch, n);
  for (gsize j = 0; j < n; j++)
    lq_playback_tag_encode (from + (gint64) j,
                            &self->chunk[LQ_PLAYBACK_TAG_HI][k + j],
                            &self->chunk[LQ_PLAYBACK_TAG_LO][k + j]);
}

/* The loop's wrap at chunk frame @k: @n frames from the read position
 * (tagged with their own timeline frames) fading out, equal-power, while
 * the @n frames before the loop start fade in; then the loop start. */
static void
read_wrap (LqEngine *self, gsize k, gsize n)
{
  float *lead[2] = { self->wrap[0], self->wrap[1] };

  EngineWrap wrap = { self->read_pos, self->loop_start, n };

  g_array_append_val (self->wraps, wrap);
  read_program (self, k, self->read_pos, n);
  lq_engine_program_read (self->program, self->loop_start - (gint64) n, lead, n);
  for (gsize j = 0; j < n; j++)
    {
      double w = (j + 0.5) / n * G_PI_2;
      float a = (float) cos (w), b = (float) sin (w);

      for (int c = 0; c < 2; c++)
        self->chunk[c][k + j] = a * self->chunk[c][k + j] + b * self->wrap[c][j];
    }
  self->read_pos = self->loop_start;
}

/* Chunk frames [@k, @k + @n): the tail feed running, or silence. */
static void
fill_tail (LqEngine *self, gsize k, gsize n)
{
  float *ch[2] = { self->chunk[LQ_PLAYBACK_TAIL_L] + k, self->chunk[LQ_PLAYBACK_TAIL_R] + k };
  gsize r = (gsize) MIN ((gint64) n, self->tail_left);

  if (r > 0)
    lq_engine_program_read_track (self->program, (guint) self->tail_track, self->tail_src, ch, r);
  memset (ch[0] + r, 0, (n - r) * sizeof (float));
  memset (ch[1] + r, 0, (n - r) * sizeof (float));
  self->tail_src += (gint64) r;
  self->tail_left -= (gint64) r;
}

/* The tail channels of the @n frames in the chunk (lq-playback-timeline.h):
 * for the latency after the input leaves a segment, what follows it in its
 * track. */
static void
write_tails (LqEngine *self, gsize n)
{
  guint n_segs;
  const LqPlaybackSegment *segs = lq_engine_program_get_segments (self->program, &n_segs);
  gsize j = 0;

  while (j < n)
    {
      gsize end = j;
      gint32 s = self->tail_seg;

      while (end < n)
        {
          gint64 t = lq_playback_tag_decode (self->chunk[LQ_PLAYBACK_TAG_HI][end],
                                             self->chunk[LQ_PLAYBACK_TAG_LO][end]);

          s = lq_playback_timeline_find (segs, n_segs, t, MAX (self->tail_seg, 0));
          if (s != self->tail_seg)
            break;
          self->tail_last = t;
          end++;
        }
      fill_tail (self, j, end - j);
      if (end < n)
        {
          gint32 old = self->tail_seg;

          /* A boundary: the segment left goes on in its track. */
          self->tail_left = 0;
          if (old >= 0 && segs[old].track >= 0)
            {
              self->tail_track = segs[old].track;
              self->tail_src = segs[old].source_from + (self->tail_last - segs[old].start) + 1;
              self->tail_left = self->latency;
            }
          self->tail_seg = s;
          self->tail_last = lq_playback_tag_decode (self->chunk[LQ_PLAYBACK_TAG_HI][end],
                                                    self->chunk[LQ_PLAYBACK_TAG_LO][end]);
          fill_tail (self, end, 1);
          end++;
        }
      j = end;
    }
}

/* After a flush: no segment yet, no tail. */
static void
restart_reading (LqEngine *self)
{
  self->read_pos = lq_playback_graph_get_flush_target (self->graph);
  self->track_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
}

/* One chunk of the program into the track ring, in the order it is to be
 * heard (a loop wraps); TRUE when it did something. */
static gboolean
fill_track (LqEngine *self, LqRingBuffer *ring)
{
  guint32 space;
  gsize n, k = 0;
  gint64 xfade = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * self->rate);

  if (lq_ring_buffer_take_flush (ring))
    restart_reading (self);
  space = lq_ring_buffer_write_space (ring);
  if (self->loop_end > self->loop_start)
    {
      /* Looping: not more than LQ_ENGINE_LOOP_AHEAD_S ahead, so that a
       * moved loop is heard soon. */
      guint32 ahead = (guint32) (LQ_ENGINE_LOOP_AHEAD_S * self->rate);
      guint32 queued = lq_ring_buffer_get_capacity (ring) - space;

      space = queued >= ahead ? 0 : MIN (space, ahead - queued);
    }
  if (space < CHUNK / 4)
    return FALSE;
  n = MIN (space, CHUNK);
  while (k < n)
    {
      gint64 a = self->loop_start, b = self->loop_end;
      gsize m = n - k;

      if (b > a)
        {
          gint64 x = MIN (xfade, (b - a) / 2);

          if (self->read_pos >= b - x)
            {
              /* At the wrap, or past a loop end moved behind the reader:
               * wrap now. */
              gsize l = (gsize) (self->read_pos < b ? b - self->read_pos : x);

              if (l > n - k)
                break;
              read_wrap (self, k, l);
              k += l;
              continue;
            }
          m = (gsize) MIN ((gint64) m, b - x - self->read_pos);
        }
      read_program (self, k, self->read_pos, m);
      self->read_pos += (gint64) m;
      k += m;
    }
  write_tails (self, k);
  if (lq_ring_buffer_take_flush (ring))
    {
      /* Decoded for the old position: dropped. */
      restart_reading (self);
      return TRUE;
    }
  lq_ring_buffer_write (ring, (const float *const *) self->chunk, (uint32_t) k);
  self->track_written += k;
  return TRUE;
}

static gpointer
reader_thread (gpointer data)
{
  LqEngine *self = data;

  while (!g_atomic_int_get (&self->quit))
    {
      gboolean worked = FALSE;

      if (!g_atomic_int_get (&self->stalled))
        {
          g_mutex_lock (&self->reader_lock);
          worked |= fill_track (self, lq_playback_graph_get_track_ring (self->graph));
          worked |= fill_reference (self, self->reference,
                                    lq_playback_graph_get_reference_ring (self->graph));
          g_mutex_unlock (&self->reader_lock);
        }
      if (!worked)
        g_usleep (READER_IDLE_US);
    }
  return NULL;
}

static void
stop_reader (LqEngine *self)
{
  if (self->reader == NULL)
    return;
  g_atomic_int_set (&self->quit, 1);
  g_thread_join (self->reader);
  self->reader = NULL;
  g_atomic_int_set (&self->quit, 0);
}

static void
publish_params (LqEngine *self)
{
  LqPlaybackParams *params;
  gsize table = 3 * (gsize) self->n_track_gains * sizeof (double);

  if (self->graph == NULL)
    return;
  /* One block, freed with destroy_cb(): the params, then the gain table. */
  params = g_malloc (sizeof *params + table);
  *params = self->params;
  params->n_track_gains = self->n_track_gains;
  params->track_gain = NULL;
  if (table > 0)
    {
      double *copy = (double *) (params + 1);

      memcpy (copy, self->track_gains, table);
      params->track_gain = copy;
    }
  lq_playback_graph_publish_params (self->graph, params);
}

/* Each track's match-EQ curve is designed here, on the control thread
 * (lq_playback_graph_prepare_settings()), never in the callback. */
static void
publish_settings (LqEngine *self)
{
  LqPlaybackSettings *prepared;

  if (self->graph == NULL)
    return;
  prepared = lq_playback_graph_prepare_settings (self->graph, self->settings, self->n_settings);
  if (prepared != NULL)         /* NULL: out of memory, the last settings stay */
    lq_playback_graph_publish_settings (self->graph, prepared);
}

/* A new graph at @rate, the reference resampled to it; the reader stopped. */
static gboolean
rebuild_graph (LqEngine *self, guint rate, GError **error)
{
  LqPlaybackGraph *graph;

  graph = lq_playback_graph_new (rate, LQ_ENGINE_MAX_BLOCK,
                                 (uint32_t) ceil (LQ_ENGINE_RING_SECONDS * rate),
                                 lq_playback_settings_destroy, destroy_cb);
  if (graph == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot process audio at %u Hz"), rate);
      return FALSE;
    }
  if (self->reference != NULL
      && !lq_resampled_source_set_output_rate (self->reference, rate, error))
    {
      lq_playback_graph_free (graph);
      return FALSE;
    }
  g_clear_pointer (&self->graph, lq_playback_graph_free);
  self->graph = graph;
  self->rate = rate;
  self->ref_offset = (gint64) llround (self->ref_offset_s * rate);
  self->latency = lq_playback_graph_get_latency (graph);
  publish_params (self);
  return TRUE;
}

static void
lq_engine_finalize (GObject *object)
{
  LqEngine *self = LQ_ENGINE (object);

  stop_reader (self);
  g_clear_pointer (&self->program, lq_engine_program_free);
  g_clear_pointer (&self->reference, lq_resampled_source_free);
  g_clear_pointer (&self->graph, lq_playback_graph_free);
  g_free (self->settings);
  g_free (self->track_gains);
  g_array_unref (self->wraps);
  g_free (self->chunk[0]);
  g_mutex_clear (&self->reader_lock);
  G_OBJECT_CLASS (lq_engine_parent_class)->finalize (object);
}

static void
lq_engine_class_init (LqEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_engine_finalize;
}

static void
lq_engine_init (LqEngine *self)
{
  g_mutex_init (&self->reader_lock);
  self->wraps = g_array_new (FALSE, FALSE, sizeof (EngineWrap));
  lq_playback_params_init (&self->params);
  self->settings = g_new (LqChainSettings, 1);
  self->n_settings = 1;
  lq_chain_settings_init (self->settings);
  self->chunk[0] = g_new0 (float, (LQ_PLAYBACK_TRACK_RING_CHANNELS + 2) * CHUNK);
  for (guint c = 1; c < LQ_PLAYBACK_TRACK_RING_CHANNELS; c++)
    self->chunk[c] = self->chunk[0] + c * CHUNK;
  self->wrap[0] = self->chunk[0] + LQ_PLAYBACK_TRACK_RING_CHANNELS * CHUNK;
  self->wrap[1] = self->wrap[0] + CHUNK;
}

LqEngine *
lq_engine_new (void)
{
  return g_object_new (LQ_TYPE_ENGINE, NULL);
}

/* Plays @program from now on (paused at frame 0). */
static gboolean
install (LqEngine *self,
         LqEngineProgram *program,
         GError **error)
{
  guint rate = lq_engine_program_get_sample_rate (program);
  guint n_segments;
  const LqPlaybackSegment *segments = lq_engine_program_get_segments (program, &n_segments);

  stop_reader (self);
  if ((self->graph == NULL || rate != self->rate) && !rebuild_graph (self, rate, error))
    {
      lq_engine_program_free (program);
      return FALSE;
    }
  if (lq_playback_graph_set_program (self->graph, segments, n_segments) != LQ_OK)
    g_error ("out of memory");
  g_clear_pointer (&self->program, lq_engine_program_free);
  self->program = program;
  self->length = lq_engine_program_get_length (program);
  self->loop_start = self->loop_end = 0;
  g_free (self->settings);
  self->settings = lq_engine_program_dup_settings (program);
  self->n_settings = lq_engine_program_get_n_tracks (program);
  publish_settings (self);
  g_clear_pointer (&self->track_gains, g_free);
  self->n_track_gains = 0;
  publish_params (self);

  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, 0);
  self->read_pos = 0;
  self->track_written = self->ref_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
  self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
  return TRUE;
}

gboolean
lq_engine_load_spec (LqEngine *self,
                     const LqRenderSpec *spec,
                     GError **error)
{
  LqEngineProgram *program;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  program = lq_engine_program_new_spec (spec, self->output_rate, error);
  return program != NULL && install (self, program, error);
}

gboolean
lq_engine_load_album (LqEngine *self,
                      LqProject *project,
                      GError **error)
{
  LqEngineProgram *program;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);

  program = lq_engine_program_new_album (project, self->output_rate, error);
  return program != NULL && install (self, program, error);
}

gboolean
lq_engine_load_specs (LqEngine *self,
                      LqEngineMode mode,
                      const LqRenderSpec *specs,
                      guint n_specs,
                      double seconds,
                      GError **error)
{
  LqEngineProgram *program;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (mode != LQ_ENGINE_MODE_TRACK, FALSE);
  g_return_val_if_fail (mode != LQ_ENGINE_MODE_TRANSITIONS || (seconds > 0 && isfinite (seconds)),
                        FALSE);

  program = lq_engine_program_new_specs (mode, specs, n_specs, seconds, self->output_rate, error);
  return program != NULL && install (self, program, error);
}

gboolean
lq_engine_load_transitions (LqEngine *self,
                            LqProject *project,
                            double seconds,
                            GError **error)
{
  LqEngineProgram *program;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (seconds > 0 && isfinite (seconds), FALSE);

  program = lq_engine_program_new_transitions (project, seconds, self->output_rate, error);
  return program != NULL && install (self, program, error);
}

gboolean
lq_engine_load_image (LqEngine *self,
                      LqEngineImage *image,
                      GError **error)
{
  LqEngineProgram *program;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  program = lq_engine_program_new_image (image, self->output_rate, error);
  if (program == NULL || !install (self, program, error))
    return FALSE;
  /* Nothing but the image's samples (taken before the load's seek). */
  self->params.source = LQ_PLAYBACK_MIX;
  self->params.gain[LQ_PLAYBACK_MIX] = 1.0;
  publish_params (self);
  return TRUE;
}

LqEngineImage *
lq_engine_get_image (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), NULL);
  return self->program != NULL ? lq_engine_program_get_image (self->program) : NULL;
}

/* An image plays its samples only: no other source, no level matching. */
static gboolean
is_image (LqEngine *self)
{
  return self->program != NULL && lq_engine_program_get_image (self->program) != NULL;
}

gboolean
lq_engine_load_track (LqEngine *self,
                      LqProject *project,
                      LqTrack *track,
                      GError **error)
{
  LqRenderSpec spec;
  gboolean ok;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);

  (void) lq_render_spec_init_playback (&spec, project, track);
  ok = lq_engine_load_spec (self, &spec, error);
  lq_render_spec_clear (&spec);
  return ok;
}

gboolean
lq_engine_set_reference (LqEngine *self,
                         const char *path,
                         GError **error)
{
  g_autoptr (LqResampledSource) source = NULL;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);

  if (path != NULL)
    {
      LqRenderSpec spec = { 0 };
      LqSourceStage *stage;

      spec.source = (char *) path;
      lq_chain_settings_init (&spec.chain);
      spec.target_lufs = NAN;
      stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_NONE, error);
      if (stage == NULL)
        return FALSE;
      /* Any rate: resampled to the engine's (before a load: its own). */
      source = lq_resampled_source_new (stage, self->rate, error);
      if (source == NULL)
        return FALSE;
    }

  g_mutex_lock (&self->reader_lock);
  g_clear_pointer (&self->reference, lq_resampled_source_free);
  self->reference = g_steal_pointer (&source);
  g_mutex_unlock (&self->reader_lock);
  /* Both rings again from the heard position. */
  if (self->graph != NULL)
    lq_playback_graph_seek (self->graph, lq_playback_graph_get_position (self->graph));
  return TRUE;
}

void
lq_engine_set_reference_offset (LqEngine *self, double seconds)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (isfinite (seconds));

  g_mutex_lock (&self->reader_lock);
  self->ref_offset_s = seconds;
  self->ref_offset = (gint64) llround (seconds * self->rate);
  g_mutex_unlock (&self->reader_lock);
  /* The reference again from the heard position. */
  if (self->graph != NULL)
    lq_playback_graph_seek (self->graph, lq_playback_graph_get_position (self->graph));
}

guint
lq_engine_get_sample_rate (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->rate;
}

guint
lq_engine_get_track_rate (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->program != NULL ? lq_engine_program_get_input_rate (self->program, 0) : 0;
}

gboolean
lq_engine_set_output_rate (LqEngine *self, guint rate, GError **error)
{
  guint old = self->rate, old_output_rate = self->output_rate, new_rate;
  gint64 position;
  guint n_segments;
  const LqPlaybackSegment *segments;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);

  self->output_rate = rate;
  if (self->program == NULL)
    return TRUE;
  new_rate = rate != 0 ? rate : lq_engine_program_get_input_rate (self->program, 0);
  if (new_rate == old)
    return TRUE;
  position = lq_playback_graph_get_position (self->graph);
  stop_reader (self);
  if (!lq_engine_program_set_sample_rate (self->program, new_rate, error))
    {
      self->output_rate = old_output_rate;
      self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
      return FALSE;
    }
  if (!rebuild_graph (self, new_rate, error))
    {
      /* Back to the old rate: that worked before. */
      (void) lq_engine_program_set_sample_rate (self->program, old, NULL);
      self->output_rate = old_output_rate;
      self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
      return FALSE;
    }
  segments = lq_engine_program_get_segments (self->program, &n_segments);
  if (lq_playback_graph_set_program (self->graph, segments, n_segments) != LQ_OK)
    g_error ("out of memory");
  self->length = lq_engine_program_get_length (self->program);
  /* A loop keeps its times. */
  self->loop_start = MIN ((self->loop_start * new_rate + old / 2) / old, self->length);
  self->loop_end = MIN ((self->loop_end * new_rate + old / 2) / old, self->length);
  publish_settings (self);
  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, MIN ((position * new_rate + old / 2) / old, self->length));
  self->read_pos = 0;
  self->track_written = self->ref_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
  self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
  return TRUE;
}

guint
lq_engine_get_latency (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->latency;
}

gint64
lq_engine_get_length (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->length;
}

void
lq_engine_play (LqEngine *self)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph == NULL)
    return;
  if (lq_playback_graph_get_position (self->graph) >= self->length)
    lq_playback_graph_seek (self->graph, 0);
  lq_playback_graph_set_playing (self->graph, true);
}

void
lq_engine_pause (LqEngine *self)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph != NULL)
    lq_playback_graph_set_playing (self->graph, false);
}

gboolean
lq_engine_get_playing (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  return self->graph != NULL && lq_playback_graph_get_playing (self->graph);
}

void
lq_engine_seek (LqEngine *self, gint64 frame)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph != NULL)
    lq_playback_graph_seek (self->graph, CLAMP (frame, 0, self->length));
}

gint64
lq_engine_get_position (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->graph != NULL ? lq_playback_graph_get_position (self->graph) : 0;
}

gboolean
lq_engine_get_prerolling (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  return self->graph != NULL && lq_playback_graph_is_prerolling (self->graph);
}

void
lq_engine_set_source (LqEngine *self, LqPlaybackSource source)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (source <= LQ_PLAYBACK_REFERENCE);
  if (is_image (self))
    return;
  self->params.source = source;
  publish_params (self);
}

LqPlaybackSource
lq_engine_get_source (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), LQ_PLAYBACK_MASTER);
  return self->params.source;
}

void
lq_engine_set_match_gain_db (LqEngine *self, LqPlaybackSource source, double db)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (source <= LQ_PLAYBACK_REFERENCE);
  g_return_if_fail (isfinite (db));
  if (is_image (self))
    return;
  self->params.gain[source] = pow (10.0, CLAMP (db, LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB) / 20.0);
  publish_params (self);
}

void
lq_engine_set_track_match_gains (LqEngine *self,
                                 guint index,
                                 double mix_db,
                                 double master_db,
                                 double reference_db)
{
  double db[3] = { mix_db, master_db, reference_db };

  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (isfinite (mix_db) && isfinite (master_db) && isfinite (reference_db));
  g_return_if_fail (index < lq_engine_get_n_tracks (self));
  if (is_image (self))
    return;
  if (index >= self->n_track_gains)
    {
      guint n = lq_engine_get_n_tracks (self);

      self->track_gains = g_renew (double, self->track_gains, 3 * (gsize) n);
      for (gsize i = 3 * (gsize) self->n_track_gains; i < 3 * (gsize) n; i++)
        self->track_gains[i] = 1.0;
      self->n_track_gains = n;
    }
  for (guint s = 0; s < 3; s++)
    self->track_gains[3 * (gsize) index + s] =
      pow (10.0, CLAMP (db[s], LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB) / 20.0);
  publish_params (self);
}

void
lq_engine_set_monitor (LqEngine *self, LqMonitorFlags flags)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  self->params.monitor = flags;
  publish_params (self);
}

void
lq_engine_set_crossfade_ms (LqEngine *self, double ms)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (ms >= 0.0 && ms <= LQ_CROSSFADE_MAX_MS);
  self->params.crossfade_ms = ms;
  publish_params (self);
}

void
lq_engine_set_chain_settings (LqEngine *self, const LqChainSettings *settings)
{
  gint track;

  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (settings != NULL);
  track = lq_engine_get_track (self);
  self->settings[MAX (track, 0)] = *settings;
  publish_settings (self);
}

void
lq_engine_get_program_settings (LqEngine *self,
                                guint index,
                                LqChainSettings *settings)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (index < self->n_settings);
  *settings = self->settings[index];
}

void
lq_engine_set_program_settings (LqEngine *self,
                                const LqChainSettings *settings,
                                guint n)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (n == self->n_settings);
  memcpy (self->settings, settings, n * sizeof *settings);
  publish_settings (self);
}

LqEngineMode
lq_engine_get_mode (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), LQ_ENGINE_MODE_TRACK);
  return self->program != NULL ? lq_engine_program_get_mode (self->program) : LQ_ENGINE_MODE_TRACK;
}

guint
lq_engine_get_n_tracks (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->program != NULL ? lq_engine_program_get_n_tracks (self->program) : 0;
}

guint
lq_engine_get_track_number (LqEngine *self, guint index)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  g_return_val_if_fail (self->program != NULL, 0);
  return lq_engine_program_get_track_number (self->program, index);
}

gint64
lq_engine_get_track_start (LqEngine *self, guint index)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  g_return_val_if_fail (self->program != NULL, 0);
  return lq_engine_program_get_track_start (self->program, index);
}

gboolean
lq_engine_map_frame (LqEngine *self,
                     gint64 frame,
                     guint *index,
                     gint64 *frame_in_track)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  return self->program != NULL
         && lq_engine_program_map_frame (self->program, frame, index, frame_in_track);
}

gint
lq_engine_get_track (LqEngine *self)
{
  gint64 pos;
  guint index;

  g_return_val_if_fail (LQ_IS_ENGINE (self), -1);
  if (self->program == NULL)
    return -1;
  pos = lq_engine_get_position (self);
  /* At the very end: the last frame's track. */
  if (pos >= self->length && self->length > 0)
    pos = self->length - 1;
  return lq_engine_program_map_frame (self->program, pos, &index, NULL) ? (gint) index : -1;
}

gint
lq_engine_get_transition (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), -1);
  if (self->program == NULL)
    return -1;
  return lq_engine_program_get_transition (self->program,
                                           MIN (lq_engine_get_position (self),
                                                MAX (self->length - 1, 0)));
}

GPtrArray *
lq_engine_get_skipped (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), NULL);
  return self->program != NULL ? lq_engine_program_get_skipped (self->program) : NULL;
}

void
lq_engine_set_loop (LqEngine *self, gint64 start, gint64 end)
{
  gint64 heard;

  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph == NULL)
    return;
  start = CLAMP (start, 0, self->length);
  end = CLAMP (end, 0, self->length);
  g_return_if_fail (end - start >= (gint64) (LQ_ENGINE_LOOP_MIN_S * self->rate));

  g_mutex_lock (&self->reader_lock);
  self->loop_start = start;
  self->loop_end = end;
  g_mutex_unlock (&self->reader_lock);
  /* Heard outside the new region: go to its start now. Inside: the reader
   * wraps at the new end (at once if it already read past it). */
  heard = lq_playback_graph_get_position (self->graph);
  if (heard < start || heard >= end)
    lq_playback_graph_seek (self->graph, start);
}

void
lq_engine_clear_loop (LqEngine *self)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_mutex_lock (&self->reader_lock);
  self->loop_start = self->loop_end = 0;
  g_mutex_unlock (&self->reader_lock);
}

gboolean
lq_engine_get_loop (LqEngine *self, gint64 *start, gint64 *end)
{
  gboolean on;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_mutex_lock (&self->reader_lock);
  on = self->loop_end > self->loop_start;
  if (start != NULL)
    *start = self->loop_start;
  if (end != NULL)
    *end = self->loop_end;
  g_mutex_unlock (&self->reader_lock);
  return on;
}

void
lq_engine_read_meter (LqEngine *self, LqLiveMeterSnapshot *snapshot)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  if (self->graph != NULL)
    lq_playback_graph_read_meter (self->graph, snapshot);
  else
    memset (snapshot, 0, sizeof *snapshot);
}

guint64
lq_engine_get_underruns (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->graph != NULL ? lq_playback_graph_get_underruns (self->graph) : 0;
}

guint64
lq_engine_get_frames_heard (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), 0);
  return self->graph != NULL ? lq_playback_graph_get_frames_heard (self->graph) : 0;
}

void
lq_engine_process (LqEngine *self, float *out, guint frames)
{
  /* The audio thread: no checks that could log. */
  if (self->graph == NULL)
    {
      memset (out, 0, (gsize) frames * LQ_PLAYBACK_CHANNELS * sizeof (float));
      return;
    }
  lq_playback_graph_process (self->graph, out, frames);
}

void
_lq_engine_set_reader_stalled (LqEngine *self, gboolean stalled)
{
  g_atomic_int_set (&self->stalled, stalled ? 1 : 0);
}

void
_lq_engine_wait_ready (LqEngine *self, guint frames)
{
  LqRingBuffer *track, *ref;
  guint cap;

  g_return_if_fail (self->graph != NULL);
  track = lq_playback_graph_get_track_ring (self->graph);
  ref = lq_playback_graph_get_reference_ring (self->graph);
  cap = lq_ring_buffer_get_capacity (track) / 2;
  /* Looping, the reader stays within LQ_ENGINE_LOOP_AHEAD_S. */
  if (lq_engine_get_loop (self, NULL, NULL))
    cap = MIN (cap, (guint) (LQ_ENGINE_LOOP_AHEAD_S * self->rate) - CHUNK / 4);
  frames = MIN (frames, cap);
  while (lq_ring_buffer_read_space (track) < frames || lq_ring_buffer_read_space (ref) < frames)
    g_usleep (200);
}

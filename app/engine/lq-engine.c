/* lq-engine.c: the playback engine's control side: the object, its loads,
 * the reference, the output rate, the transport and the loop. The reader
 * thread is in lq-engine-reader.c, the parameters in lq-engine-params.c,
 * what it plays and its meters in lq-engine-status.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-engine-object-private.h"
#include "lq-error.h"
#include "lq-render-gain.h"
#include "lq-source-stage.h"

G_DEFINE_FINAL_TYPE (LqEngine, lq_engine, G_TYPE_OBJECT)

static void
destroy_cb (void *object)
{
  g_free (object);
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
  _lq_engine_publish_params (self);
  return TRUE;
}

static void
lq_engine_finalize (GObject *object)
{
  LqEngine *self = LQ_ENGINE (object);

  _lq_engine_stop_reader (self);
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
  self->chunk[0] = g_new0 (float, (LQ_PLAYBACK_TRACK_RING_CHANNELS + 2) * LQ_ENGINE_CHUNK);
  for (guint c = 1; c < LQ_PLAYBACK_TRACK_RING_CHANNELS; c++)
    self->chunk[c] = self->chunk[0] + c * LQ_ENGINE_CHUNK;
  self->wrap[0] = self->chunk[0] + LQ_PLAYBACK_TRACK_RING_CHANNELS * LQ_ENGINE_CHUNK;
  self->wrap[1] = self->wrap[0] + LQ_ENGINE_CHUNK;
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

  _lq_engine_stop_reader (self);
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
  _lq_engine_publish_settings (self);
  g_clear_pointer (&self->track_gains, g_free);
  self->n_track_gains = 0;
  _lq_engine_publish_params (self);

  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, 0);
  self->read_pos = 0;
  self->track_written = self->ref_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
  self->reader = g_thread_new ("lq-engine-reader", _lq_engine_reader_thread, self);
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
  _lq_engine_publish_params (self);
  return TRUE;
}

LqEngineImage *
lq_engine_get_image (LqEngine *self)
{
  g_return_val_if_fail (LQ_IS_ENGINE (self), NULL);
  return self->program != NULL ? lq_engine_program_get_image (self->program) : NULL;
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
  _lq_engine_stop_reader (self);
  if (!lq_engine_program_set_sample_rate (self->program, new_rate, error))
    {
      self->output_rate = old_output_rate;
      self->reader = g_thread_new ("lq-engine-reader", _lq_engine_reader_thread, self);
      return FALSE;
    }
  if (!rebuild_graph (self, new_rate, error))
    {
      /* Back to the old rate: that worked before. */
      (void) lq_engine_program_set_sample_rate (self->program, old, NULL);
      self->output_rate = old_output_rate;
      self->reader = g_thread_new ("lq-engine-reader", _lq_engine_reader_thread, self);
      return FALSE;
    }
  segments = lq_engine_program_get_segments (self->program, &n_segments);
  if (lq_playback_graph_set_program (self->graph, segments, n_segments) != LQ_OK)
    g_error ("out of memory");
  self->length = lq_engine_program_get_length (self->program);
  /* A loop keeps its times. */
  self->loop_start = MIN ((self->loop_start * new_rate + old / 2) / old, self->length);
  self->loop_end = MIN ((self->loop_end * new_rate + old / 2) / old, self->length);
  _lq_engine_publish_settings (self);
  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, MIN ((position * new_rate + old / 2) / old, self->length));
  self->read_pos = 0;
  self->track_written = self->ref_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
  self->reader = g_thread_new ("lq-engine-reader", _lq_engine_reader_thread, self);
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
    cap = MIN (cap, (guint) (LQ_ENGINE_LOOP_AHEAD_S * self->rate) - LQ_ENGINE_CHUNK / 4);
  frames = MIN (frames, cap);
  while (lq_ring_buffer_read_space (track) < frames || lq_ring_buffer_read_space (ref) < frames)
    g_usleep (200);
}

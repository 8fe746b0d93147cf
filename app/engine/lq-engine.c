/* lq-engine.c: the playback engine's control side and reader thread. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-engine-private.h"
#include "lq-error.h"
#include "lq-resampled-source.h"
#include "lq-source-stage.h"

#define CHUNK 4096
#define READER_IDLE_US 2000

struct _LqEngine
{
  GObject parent_instance;

  LqPlaybackGraph *graph;      /* NULL before a load */
  guint rate;
  guint output_rate;           /* 0: the track's */
  guint latency;
  gint64 length;
  LqPlaybackParams params;     /* the last published */
  LqChainSettings settings;

  /* The reader thread; @reader_lock guards the stages against a load. */
  GThread *reader;
  GMutex reader_lock;
  LqResampledSource *track;   /* at @rate */
  LqResampledSource *reference;
  gint quit;
  gint stalled;
  float *chunk[2];
};

G_DEFINE_FINAL_TYPE (LqEngine, lq_engine, G_TYPE_OBJECT)

static void
destroy_cb (void *object)
{
  g_free (object);
}

/* Repositions @stage (NULL: silence) at the graph's flush target. */
static void
reposition (LqEngine *self, LqResampledSource *stage)
{
  gint64 target = lq_playback_graph_get_flush_target (self->graph);

  if (stage != NULL)
    (void) lq_resampled_source_seek (stage, MIN (target, lq_resampled_source_get_length (stage)), NULL);
}

/* One chunk from @stage (silence past its end) into @ring; TRUE when it did
 * something. */
static gboolean
fill (LqEngine *self, LqResampledSource *stage, LqRingBuffer *ring)
{
  guint32 space;
  gsize n, got = 0;

  if (lq_ring_buffer_take_flush (ring))
    reposition (self, stage);
  space = lq_ring_buffer_write_space (ring);
  if (space < CHUNK / 4)
    return FALSE;
  n = MIN (space, CHUNK);
  if (stage != NULL)
    {
      gssize r = lq_resampled_source_read (stage, self->chunk, n, NULL);

      /* A source that fails to read plays on as silence. */
      got = r > 0 ? (gsize) r : 0;
    }
  memset (self->chunk[0] + got, 0, (n - got) * sizeof (float));
  memset (self->chunk[1] + got, 0, (n - got) * sizeof (float));
  if (lq_ring_buffer_take_flush (ring))
    {
      /* Decoded for the old position: dropped. */
      reposition (self, stage);
      return TRUE;
    }
  lq_ring_buffer_write (ring, (const float *const *) self->chunk, (uint32_t) n);
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
          worked |= fill (self, self->track, lq_playback_graph_get_track_ring (self->graph));
          worked |= fill (self, self->reference, lq_playback_graph_get_reference_ring (self->graph));
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
  if (self->graph != NULL)
    lq_playback_graph_publish_params (self->graph, g_memdup2 (&self->params, sizeof self->params));
}

/* The match-EQ curve is designed here, on the control thread. */
static void
publish_settings (LqEngine *self)
{
  LqChainUpdate *update;

  if (self->graph == NULL)
    return;
  update = lq_chain_update_new (lq_playback_graph_get_designer (self->graph), &self->settings);
  if (update != NULL)           /* NULL: out of memory, the last settings stay */
    lq_playback_graph_publish_settings (self->graph, update);
}

/* @spec's source stage at @rate (0: its own). */
static LqResampledSource *
open_source (const LqRenderSpec *spec,
             LqSourceStageFlags flags,
             guint rate,
             GError **error)
{
  LqSourceStage *stage = lq_source_stage_new (spec, flags, error);

  return stage != NULL ? lq_resampled_source_new (stage, rate, error) : NULL;
}

/* A new graph at @rate, the reference resampled to it; the reader stopped. */
static gboolean
rebuild_graph (LqEngine *self, guint rate, GError **error)
{
  LqPlaybackGraph *graph;

  graph = lq_playback_graph_new (rate, LQ_ENGINE_MAX_BLOCK,
                                 (uint32_t) ceil (LQ_ENGINE_RING_SECONDS * rate),
                                 lq_chain_update_destroy, destroy_cb);
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
  self->latency = lq_playback_graph_get_latency (graph);
  publish_params (self);
  return TRUE;
}

static void
lq_engine_finalize (GObject *object)
{
  LqEngine *self = LQ_ENGINE (object);

  stop_reader (self);
  g_clear_pointer (&self->track, lq_resampled_source_free);
  g_clear_pointer (&self->reference, lq_resampled_source_free);
  g_clear_pointer (&self->graph, lq_playback_graph_free);
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
  lq_playback_params_init (&self->params);
  lq_chain_settings_init (&self->settings);
  self->chunk[0] = g_new0 (float, 2 * CHUNK);
  self->chunk[1] = self->chunk[0] + CHUNK;
}

LqEngine *
lq_engine_new (void)
{
  return g_object_new (LQ_TYPE_ENGINE, NULL);
}

gboolean
lq_engine_load_spec (LqEngine *self,
                     const LqRenderSpec *spec,
                     GError **error)
{
  g_autoptr (LqResampledSource) stage = NULL;
  guint rate;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  stage = open_source (spec, LQ_SOURCE_STAGE_GAP, self->output_rate, error);
  if (stage == NULL)
    return FALSE;
  rate = lq_resampled_source_get_sample_rate (stage);

  stop_reader (self);
  if ((self->graph == NULL || rate != self->rate) && !rebuild_graph (self, rate, error))
    return FALSE;
  g_clear_pointer (&self->track, lq_resampled_source_free);
  self->track = g_steal_pointer (&stage);
  self->length = lq_resampled_source_get_length (self->track);
  self->settings = spec->chain;
  publish_settings (self);

  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, 0);
  self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
  return TRUE;
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

  lq_render_spec_init (&spec, project, track);
  ok = lq_engine_load_spec (self, &spec, error);
  lq_render_spec_clear (&spec);
  return ok;
}

gboolean
lq_engine_set_reference (LqEngine *self,
                         const char *path,
                         GError **error)
{
  g_autoptr (LqResampledSource) stage = NULL;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);

  if (path != NULL)
    {
      LqRenderSpec spec = { 0 };

      spec.source = (char *) path;
      lq_chain_settings_init (&spec.chain);
      spec.target_lufs = NAN;
      /* Resampled to the track's rate (a load re-rates it). */
      stage = open_source (&spec, LQ_SOURCE_STAGE_NONE, self->rate, error);
      if (stage == NULL)
        return FALSE;
    }

  g_mutex_lock (&self->reader_lock);
  g_clear_pointer (&self->reference, lq_resampled_source_free);
  self->reference = g_steal_pointer (&stage);
  g_mutex_unlock (&self->reader_lock);
  /* Both rings again from the heard position. */
  if (self->graph != NULL)
    lq_playback_graph_seek (self->graph, lq_playback_graph_get_position (self->graph));
  return TRUE;
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
  return self->track != NULL ? lq_resampled_source_get_input_rate (self->track) : 0;
}

gboolean
lq_engine_set_output_rate (LqEngine *self, guint rate, GError **error)
{
  guint old = self->rate, old_output_rate = self->output_rate, new_rate;
  gint64 position;

  g_return_val_if_fail (LQ_IS_ENGINE (self), FALSE);

  self->output_rate = rate;
  if (self->track == NULL)
    return TRUE;
  new_rate = rate != 0 ? rate : lq_resampled_source_get_input_rate (self->track);
  if (new_rate == old)
    return TRUE;
  position = lq_playback_graph_get_position (self->graph);
  stop_reader (self);
  if (!lq_resampled_source_set_output_rate (self->track, new_rate, error)
      || !rebuild_graph (self, new_rate, error))
    {
      /* Back to the old rate: that worked before. */
      (void) lq_resampled_source_set_output_rate (self->track, old, NULL);
      self->output_rate = old_output_rate;
      self->reader = g_thread_new ("lq-engine-reader", reader_thread, self);
      return FALSE;
    }
  self->length = lq_resampled_source_get_length (self->track);
  publish_settings (self);
  lq_playback_graph_set_playing (self->graph, false);
  lq_playback_graph_set_length (self->graph, self->length);
  lq_playback_graph_seek (self->graph, MIN ((position * new_rate + old / 2) / old, self->length));
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
  self->params.gain[source] = pow (10.0, CLAMP (db, LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB) / 20.0);
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
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (settings != NULL);
  self->settings = *settings;
  publish_settings (self);
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
  frames = MIN (frames, cap);
  while (lq_ring_buffer_read_space (track) < frames || lq_ring_buffer_read_space (ref) < frames)
    g_usleep (200);
}

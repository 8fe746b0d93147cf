/* lq-engine-params.c: LqEngine's parameters (source, match gains,
 * monitor, crossfade, chain settings), published to the callback by a
 * pointer swap (lq-playback-graph.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lq-engine-object-private.h"

void
_lq_engine_publish_params (LqEngine *self)
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
void
_lq_engine_publish_settings (LqEngine *self)
{
  LqPlaybackSettings *prepared;

  if (self->graph == NULL)
    return;
  prepared = lq_playback_graph_prepare_settings (self->graph, self->settings, self->n_settings);
  if (prepared != NULL)         /* NULL: out of memory, the last settings stay */
    lq_playback_graph_publish_settings (self->graph, prepared);
}

/* An image plays its samples only: no other source, no level matching. */
static gboolean
is_image (LqEngine *self)
{
  return self->program != NULL && lq_engine_program_get_image (self->program) != NULL;
}

void
lq_engine_set_source (LqEngine *self, LqPlaybackSource source)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (source <= LQ_PLAYBACK_REFERENCE);
  if (is_image (self))
    return;
  self->params.source = source;
  _lq_engine_publish_params (self);
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
  _lq_engine_publish_params (self);
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
  _lq_engine_publish_params (self);
}

void
lq_engine_set_monitor (LqEngine *self, LqMonitorFlags flags)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  self->params.monitor = flags;
  _lq_engine_publish_params (self);
}

void
lq_engine_set_crossfade_ms (LqEngine *self, double ms)
{
  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (ms >= 0.0 && ms <= LQ_CROSSFADE_MAX_MS);
  self->params.crossfade_ms = ms;
  _lq_engine_publish_params (self);
}

void
lq_engine_set_chain_settings (LqEngine *self, const LqChainSettings *settings)
{
  gint track;

  g_return_if_fail (LQ_IS_ENGINE (self));
  g_return_if_fail (settings != NULL);
  track = lq_engine_get_track (self);
  self->settings[MAX (track, 0)] = *settings;
  _lq_engine_publish_settings (self);
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
  _lq_engine_publish_settings (self);
}

/* lq-project-follower.c: a player follows edits to its project. */
#include "config.h"

#include "lq-project-follower.h"
#include "lq-render-gain.h"
#include "lq-render.h"

struct _LqProjectFollower
{
  GObject parent_instance;

  LqProject *project;
  LqTrack *track;
  GPtrArray *tracks;   /* a program's: LqTrack by the engine's index (NULL: one track) */
  LqEngine *engine;
  GSource *timeout;
  char *timeline;      /* timeline_key() as loaded */
  guint n_updates;
  guint n_timeline_changes;
  gboolean warned;   /* a failed poll was logged */
};

G_DEFINE_FINAL_TYPE (LqProjectFollower, lq_project_follower, G_TYPE_OBJECT)

enum { TIMELINE_CHANGED, PUBLISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Whether @track is still one of the album's tracks. */
static gboolean
has_track (LqProject *project,
           LqTrack *track)
{
  guint n = lq_project_get_n_tracks (project);

  for (guint i = 1; i <= n; i++)
    if (lq_project_get_track (project, i) == track)
      return TRUE;
  return FALSE;
}

/* What the source stage makes of the project, as text: for one track its
 * trims and fades (it is loaded without its gap); for a program every
 * track's, in the project's order, with its gap. Equal keys: the same
 * timeline. */
static char *
timeline_key (LqProjectFollower *self)
{
  GString *key = g_string_new (NULL);
  guint n = lq_project_get_n_tracks (self->project);

  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (self->project, i);
      LqRenderSpec spec;

      if (self->tracks == NULL && track != self->track)
        continue;
      lq_render_spec_init (&spec, self->project, track);
      g_string_append_printf (key, "%p %.17g %.17g %.17g %.17g %.17g %d %d %d;", (void *) track,
                              self->tracks != NULL ? spec.gap_s : 0.0, spec.trim_in_s, spec.trim_out_s,
                              spec.fade_in_s, spec.fade_out_s, spec.fade_in_shape, spec.fade_out_shape,
                              lq_track_get_status (track));
      lq_render_spec_clear (&spec);
    }
  return g_string_free (key, FALSE);
}

static gboolean
poll_cb (gpointer user_data)
{
  LqProjectFollower *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lq_project_follower_poll (self, &error) && error != NULL && !self->warned)
    {
      g_message ("%s: %s", lq_project_get_path (self->project), error->message);
      self->warned = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

static void
lq_project_follower_dispose (GObject *object)
{
  LqProjectFollower *self = LQ_PROJECT_FOLLOWER (object);

  lq_project_follower_stop (self);
  g_clear_object (&self->project);
  g_clear_object (&self->track);
  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->timeline, g_free);
  G_OBJECT_CLASS (lq_project_follower_parent_class)->dispose (object);
}

static void
lq_project_follower_class_init (LqProjectFollowerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lq_project_follower_dispose;

  /**
   * LqProjectFollower::timeline-changed:
   *
   * A poll found the timeline changed (lq-project-follower.h); emitted
   * after the chain settings are published.
   */
  signals[TIMELINE_CHANGED] =
    g_signal_new ("timeline-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LqProjectFollower::published:
   *
   * The followed tracks' settings were published to the engine (after an
   * edit, or lq_project_follower_publish()).
   */
  signals[PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lq_project_follower_init (LqProjectFollower *self)
{
}

LqProjectFollower *
lq_project_follower_new (LqProject *project,
                         LqTrack *track,
                         LqEngine *engine)
{
  LqProjectFollower *self;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);
  g_return_val_if_fail (LQ_IS_ENGINE (engine), NULL);

  self = g_object_new (LQ_TYPE_PROJECT_FOLLOWER, NULL);
  self->project = g_object_ref (project);
  self->track = g_object_ref (track);
  self->engine = g_object_ref (engine);
  self->timeline = timeline_key (self);
  return self;
}

LqProjectFollower *
lq_project_follower_new_program (LqProject *project,
                                 LqEngine *engine)
{
  LqProjectFollower *self;
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (LQ_IS_ENGINE (engine), NULL);

  self = g_object_new (LQ_TYPE_PROJECT_FOLLOWER, NULL);
  self->project = g_object_ref (project);
  self->engine = g_object_ref (engine);
  n = lq_engine_get_n_tracks (engine);
  self->tracks = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      guint number = lq_engine_get_track_number (engine, i);

      g_return_val_if_fail (number >= 1 && number <= lq_project_get_n_tracks (project), self);
      g_ptr_array_add (self->tracks, g_object_ref (lq_project_get_track (project, number)));
    }
  self->timeline = timeline_key (self);
  return self;
}

/* Every track's settings again; a removed track keeps what it had. */
static void
publish_program (LqProjectFollower *self)
{
  guint n = self->tracks->len;
  g_autofree LqChainSettings *settings = g_new (LqChainSettings, MAX (n, 1));
  g_autofree LqRenderSpec *specs = g_new0 (LqRenderSpec, MAX (n, 1));
  g_autofree LqRenderSpec **spec_ptrs = g_new0 (LqRenderSpec *, MAX (n, 1));
  g_autofree LqTrack **present = g_new0 (LqTrack *, MAX (n, 1));
  guint n_present = 0;

  /* One plan for all: the levels the export holds them at. */
  for (guint i = 0; i < n; i++)
    if (has_track (self->project, g_ptr_array_index (self->tracks, i)))
      {
        spec_ptrs[n_present] = &specs[n_present];
        present[n_present++] = g_ptr_array_index (self->tracks, i);
      }
  (void) lq_render_specs_init_playback (self->project, present, n_present, spec_ptrs);
  for (guint i = 0, k = 0; i < n; i++)
    {
      if (k < n_present && present[k] == g_ptr_array_index (self->tracks, i))
        settings[i] = specs[k++].chain;
      else
        lq_engine_get_program_settings (self->engine, i, &settings[i]);
    }
  for (guint k = 0; k < n_present; k++)
    lq_render_spec_clear (&specs[k]);
  lq_engine_set_program_settings (self->engine, settings, n);
}

/* The settings of what is followed, published now. */
static void
publish (LqProjectFollower *self)
{
  LqRenderSpec spec;

  if (self->tracks != NULL)
    {
      if (self->tracks->len > 0)
        publish_program (self);
    }
  else if (self->track != NULL)
    {
      (void) lq_render_spec_init_playback (&spec, self->project, self->track);
      lq_engine_set_chain_settings (self->engine, &spec.chain);
      lq_render_spec_clear (&spec);
    }
  g_signal_emit (self, signals[PUBLISHED], 0);
}

void
lq_project_follower_publish (LqProjectFollower *self)
{
  g_autoptr(LqProjectFollower) alive = NULL;

  g_return_if_fail (LQ_IS_PROJECT_FOLLOWER (self));

  alive = g_object_ref (self);
  publish (self);
}

void
lq_project_follower_start (LqProjectFollower *self,
                           guint interval_ms)
{
  g_return_if_fail (LQ_IS_PROJECT_FOLLOWER (self));

  lq_project_follower_stop (self);
  self->timeout = g_timeout_source_new (interval_ms ? interval_ms : LQ_PROJECT_FOLLOWER_INTERVAL_MS);
  g_source_set_callback (self->timeout, poll_cb, self, NULL);
  g_source_set_static_name (self->timeout, "[lacquer] project follower");
  g_source_attach (self->timeout, g_main_context_get_thread_default ());
}

void
lq_project_follower_stop (LqProjectFollower *self)
{
  g_return_if_fail (LQ_IS_PROJECT_FOLLOWER (self));

  if (self->timeout == NULL)
    return;
  g_source_destroy (self->timeout);
  g_clear_pointer (&self->timeout, g_source_unref);
}

/* After a change: the signal when the timeline changed. */
static void
check_timeline (LqProjectFollower *self)
{
  g_autofree char *key = timeline_key (self);

  if (g_strcmp0 (key, self->timeline) == 0)
    return;
  g_free (self->timeline);
  self->timeline = g_steal_pointer (&key);
  self->n_timeline_changes++;
  g_signal_emit (self, signals[TIMELINE_CHANGED], 0);
}

gboolean
lq_project_follower_poll (LqProjectFollower *self,
                          GError **error)
{
  g_autoptr(LqProjectFollower) alive = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (LQ_IS_PROJECT_FOLLOWER (self), FALSE);

  if (self->track == NULL && self->tracks == NULL)
    return FALSE;
  if (!lq_project_reload_if_changed (self->project, &changed, error))
    return FALSE;
  if (!changed)
    return FALSE;
  if (self->tracks == NULL && !has_track (self->project, self->track))
    {
      /* Removed: what plays is what the player has. */
      g_clear_object (&self->track);
      return FALSE;
    }
  alive = g_object_ref (self);
  self->n_updates++;
  publish (self);
  check_timeline (self);
  return self->tracks == NULL || self->tracks->len > 0;
}

guint
lq_project_follower_get_n_updates (LqProjectFollower *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT_FOLLOWER (self), 0);
  return self->n_updates;
}

guint
lq_project_follower_get_n_timeline_changes (LqProjectFollower *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT_FOLLOWER (self), 0);
  return self->n_timeline_changes;
}

/* lq-project-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-project-watch.h"

struct _LqProjectWatch
{
  GObject parent_instance;

  gboolean watch_all_tracks;
  LqProject *project;
  LqTrack *track;
  guint idle_id;
};

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LqProjectWatch, lq_project_watch, G_TYPE_OBJECT)

static void
changed_idle_cb (gpointer data)
{
  LqProjectWatch *self = data;

  self->idle_id = 0;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
queue_changed (LqProjectWatch *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_once (changed_idle_cb, self);
}

static void
project_notify_cb (LqProjectWatch *self,
                   GParamSpec     *pspec)
{
  if (!g_str_equal (pspec->name, "analysis-progress"))
    queue_changed (self);
}

static void
watch_track (LqProjectWatch *self,
             LqTrack        *track)
{
  if (g_signal_handler_find (track, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             queue_changed, self) == 0)
    g_signal_connect_swapped (track, "notify", G_CALLBACK (queue_changed), self);
}

static void
tracks_changed_cb (GListModel     *tracks,
                   guint           position,
                   guint           removed,
                   guint           added,
                   LqProjectWatch *self)
{
  if (self->watch_all_tracks)
    for (guint i = position; i < position + added; i++)
      {
        g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

        watch_track (self, track);
      }
  queue_changed (self);
}

static void
unwatch_project (LqProjectWatch *self)
{
  GListModel *tracks;

  if (self->project == NULL)
    return;

  tracks = lq_project_get_tracks (self->project);
  g_signal_handlers_disconnect_by_data (self->project, self);
  g_signal_handlers_disconnect_by_data (tracks, self);
  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

      g_signal_handlers_disconnect_by_data (track, self);
    }
  /* The track set with lq_project_watch_set_track() stays watched */
  if (self->track != NULL)
    watch_track (self, self->track);
  g_clear_object (&self->project);
}

static void
lq_project_watch_dispose (GObject *object)
{
  LqProjectWatch *self = LQ_PROJECT_WATCH (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  lq_project_watch_set_track (self, NULL);
  unwatch_project (self);

  G_OBJECT_CLASS (lq_project_watch_parent_class)->dispose (object);
}

static void
lq_project_watch_class_init (LqProjectWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lq_project_watch_dispose;

  /**
   * LqProjectWatch::changed:
   *
   * What the view draws may have changed: once for any number of changes
   * since the last time, from an idle callback.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lq_project_watch_init (LqProjectWatch *self)
{
}

LqProjectWatch *
lq_project_watch_new (gboolean watch_all_tracks)
{
  LqProjectWatch *self = g_object_new (LQ_TYPE_PROJECT_WATCH, NULL);

  self->watch_all_tracks = watch_all_tracks;
  return self;
}

void
lq_project_watch_set_project (LqProjectWatch *self,
                              LqProject      *project)
{
  GListModel *tracks;

  g_return_if_fail (LQ_IS_PROJECT_WATCH (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  unwatch_project (self);
  lq_project_watch_clear_pending (self);
  if (project == NULL)
    return;

  self->project = g_object_ref (project);
  tracks = lq_project_get_tracks (project);
  g_signal_connect_swapped (project, "notify", G_CALLBACK (project_notify_cb), self);
  g_signal_connect (tracks, "items-changed", G_CALLBACK (tracks_changed_cb), self);
  if (self->watch_all_tracks)
    for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
      {
        g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

        watch_track (self, track);
      }
}

LqProject *
lq_project_watch_get_project (LqProjectWatch *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT_WATCH (self), NULL);
  return self->project;
}

void
lq_project_watch_set_track (LqProjectWatch *self,
                            LqTrack        *track)
{
  g_return_if_fail (LQ_IS_PROJECT_WATCH (self));
  g_return_if_fail (track == NULL || LQ_IS_TRACK (track));

  if (self->track == track)
    return;
  /* With every track watched, the project's handler stays */
  if (self->track != NULL && !self->watch_all_tracks)
    g_signal_handlers_disconnect_by_data (self->track, self);
  g_set_object (&self->track, track);
  if (track != NULL)
    watch_track (self, track);
}

LqTrack *
lq_project_watch_get_track (LqProjectWatch *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT_WATCH (self), NULL);
  return self->track;
}

void
lq_project_watch_clear_pending (LqProjectWatch *self)
{
  g_return_if_fail (LQ_IS_PROJECT_WATCH (self));
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

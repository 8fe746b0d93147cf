/* lq-window-views.c: the workspace's views in the window (issue 12).
 *
 * The album timeline on top, the Track, Tonal Balance, Dynamics, Listeners
 * and Codecs pages beside the table (the Loudness page is the window's chart
 * card). Each view follows the project itself; the window gives them the
 * project, the selected track and the playhead, and turns their clicks into
 * a selection or a seek of the player:
 *
 *   - a block clicked in the timeline, a column in the dynamics view:
 *     that track selected in the table (which the player then loads);
 *   - a cell activated in the Codecs view ("listen"): that track selected
 *     and the codec chosen as the transport's reference (the reference
 *     chooser lists the codecs last, in LqCodec order);
 *   - a seek in the timeline: the track at that album time selected, and
 *     the player sought to the same place in it; in the track view: the
 *     player sought there.
 *
 * Positions: the player plays one track from its trim (its second 0 is
 * the source's trim-in); the timeline shows album seconds (the track's
 * start marker plus that), the track view source seconds (the trim-in
 * plus that). In transitions mode the timeline and the track view show
 * no playhead (the transitions' timeline is not the album's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lq-album-timeline.h"
#include "lq-codecs-view.h"
#include "lq-dynamics-view.h"
#include "lq-listeners-view.h"
#include "lq-timeline-model.h"
#include "lq-tonal-view.h"
#include "lq-track-view.h"
#include "lq-window-internal.h"
#include "lq-window-player.h"

/* The timeline's block of track @position (1-based), or NULL. */
static const LqTimelineBlock *
block_of (LqWindow *self,
          guint position)
{
  const LqTimelineModel *model = lq_album_timeline_get_model (self->album_timeline);

  if (model == NULL || position == 0 || position > lq_timeline_model_get_n_blocks (model))
    return NULL;
  return lq_timeline_model_get_block (model, position - 1);
}

static void
select_position (LqWindow *self,
                 guint position)
{
  if (self->project != NULL && position >= 1 && position <= lq_project_get_n_tracks (self->project))
    lq_track_table_set_selected (self->track_table, position - 1);
}

static void
timeline_track_selected_cb (LqWindow *self,
                            guint position)
{
  select_position (self, position);
}

/* A seek in album seconds: that track, at that place in it. */
static void
timeline_seek_cb (LqWindow *self,
                  double album_s)
{
  const LqTimelineModel *model = lq_album_timeline_get_model (self->album_timeline);
  LqPlayer *player = _lq_window_get_player (self);
  const LqTimelineBlock *block;
  gint index;

  if (model == NULL)
    return;
  index = lq_timeline_model_find (model, album_s);
  if (index < 0)
    return;
  select_position (self, (guint) index + 1);
  block = lq_timeline_model_get_block (model, (guint) index);
  /* The selection loaded the track (in the player's queue before this). */
  if (player != NULL && lq_player_get_mode (player) == LQ_ENGINE_MODE_TRACK)
    lq_player_seek (player, MAX (album_s - block->audio_start, 0.0));
}

static void
track_view_seek_cb (LqWindow *self,
                    double source_s)
{
  LqPlayer *player = _lq_window_get_player (self);
  const LqTimelineBlock *block = block_of (self, lq_track_view_get_track (self->track_view));

  if (player != NULL && block != NULL && lq_player_get_mode (player) == LQ_ENGINE_MODE_TRACK)
    lq_player_seek (player, MAX (source_s - block->in.trim_in_s, 0.0));
}

static void
dynamics_activated_cb (LqWindow *self,
                       guint position)
{
  select_position (self, position);
}

/* The track selected, then the codec chosen in the reference chooser: the
 * player makes and plays its file as Reference (lq-window-player.c). */
static void
codecs_listen_cb (LqWindow *self,
                  guint     position,
                  guint     codec)
{
  GtkDropDown *dropdown = lq_transport_bar_get_reference_dropdown (self->transport_bar);
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  select_position (self, position);
  if (codec < LQ_CODEC_N && n >= LQ_CODEC_N)
    gtk_drop_down_set_selected (dropdown, n - LQ_CODEC_N + codec);
}

void
_lq_window_views_init (LqWindow *self)
{
  self->album_timeline = LQ_ALBUM_TIMELINE (lq_album_timeline_new ());
  self->track_view = LQ_TRACK_VIEW (lq_track_view_new ());
  self->tonal_view = LQ_TONAL_VIEW (lq_tonal_view_new ());
  self->dynamics_view = LQ_DYNAMICS_VIEW (lq_dynamics_view_new ());

  lq_workspace_set_timeline (self->workspace, GTK_WIDGET (self->album_timeline));
  lq_workspace_add_view (self->workspace, "track", _("Track"), "audio-x-generic-symbolic",
                         GTK_WIDGET (self->track_view));
  lq_workspace_add_view (self->workspace, "tonal", _("Tonal Balance"), "applications-science-symbolic",
                         GTK_WIDGET (self->tonal_view));
  lq_workspace_add_view (self->workspace, "dynamics", _("Dynamics"), "power-profile-performance-symbolic",
                         GTK_WIDGET (self->dynamics_view));
  lq_workspace_add_view (self->workspace, "listeners", _("Listeners"), "audio-headphones-symbolic",
                         lq_listeners_view_new ());
  lq_workspace_add_view (self->workspace, "codecs", _("Codecs"), "media-optical-symbolic",
                         lq_codecs_view_new ());

  g_signal_connect_swapped (self->album_timeline, "track-selected",
                            G_CALLBACK (timeline_track_selected_cb), self);
  g_signal_connect_swapped (self->album_timeline, "seek", G_CALLBACK (timeline_seek_cb), self);
  g_signal_connect_swapped (self->track_view, "seek", G_CALLBACK (track_view_seek_cb), self);
  g_signal_connect_swapped (self->dynamics_view, "track-activated",
                            G_CALLBACK (dynamics_activated_cb), self);
  g_signal_connect_swapped (lq_workspace_get_view (self->workspace, "codecs"), "listen",
                            G_CALLBACK (codecs_listen_cb), self);
  _lq_window_views_set_project (self, NULL);
}

void
_lq_window_views_set_project (LqWindow *self,
                              LqProject *project)
{
  GtkWidget *listeners = lq_workspace_get_view (self->workspace, "listeners");
  GtkWidget *codecs = lq_workspace_get_view (self->workspace, "codecs");

  lq_album_timeline_set_project (self->album_timeline, project);
  lq_track_view_set_project (self->track_view, project);
  lq_tonal_view_set_project (self->tonal_view, project);
  lq_dynamics_view_set_project (self->dynamics_view, project);
  lq_listeners_view_set_project (LQ_LISTENERS_VIEW (listeners), project);
  lq_codecs_view_set_project (LQ_CODECS_VIEW (codecs), project);
  /* Loose files have no album: the table takes the room. */
  gtk_widget_set_visible (GTK_WIDGET (self->album_timeline), project != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->track_view), project != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->tonal_view), project != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->dynamics_view), project != NULL);
  gtk_widget_set_visible (listeners, project != NULL);
  gtk_widget_set_visible (codecs, project != NULL);
  _lq_window_views_set_selected (self, lq_window_get_selected_position (self));
}

void
_lq_window_views_set_selected (LqWindow *self,
                               guint position)
{
  guint n = position != GTK_INVALID_LIST_POSITION ? position + 1 : 0;

  if (self->project == NULL)
    n = 0;
  if (lq_album_timeline_get_selected (self->album_timeline) != n)
    lq_album_timeline_set_selected (self->album_timeline, n);
  /* With no selection, the track the player loads: the first. */
  if (lq_track_view_get_track (self->track_view) != MAX (n, self->project != NULL
                                                            && lq_project_get_n_tracks (self->project) > 0 ? 1u : 0u))
    lq_track_view_set_track (self->track_view, MAX (n, self->project != NULL
                                                       && lq_project_get_n_tracks (self->project) > 0 ? 1u : 0u));
  if (lq_dynamics_view_get_track (self->dynamics_view) != n)
    lq_dynamics_view_set_track (self->dynamics_view, n);
}

void
_lq_window_views_set_position (LqWindow *self,
                               guint loaded,
                               double seconds)
{
  const LqTimelineBlock *block = block_of (self, loaded);

  if (block == NULL || !isfinite (seconds))
    {
      lq_album_timeline_set_position (self->album_timeline, NAN);
      lq_track_view_set_position (self->track_view, NAN);
      return;
    }
  lq_album_timeline_set_position (self->album_timeline, block->audio_start + seconds);
  lq_track_view_set_position (self->track_view,
                              lq_track_view_get_track (self->track_view) == loaded
                              ? block->in.trim_in_s + seconds : NAN);
}

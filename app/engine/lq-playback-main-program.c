/* lq-playback-main-program.c: `lacquer-playback`'s album and transitions
 * ({"cmd":"album"}, {"cmd":"transitions"}), and the project's edits
 * followed while what is loaded plays. */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-master-gains.h"
#include "lq-playback-main-private.h"

/* The longest excerpt {"cmd":"transitions"} takes. */
#define TRANSITION_MAX_S 60.0

static void load_program (Helper *h, LqProject *project, LqEngineMode mode, double seconds);

/* Edits committed to the project while it plays are heard: the loaded
 * track's settings, or every track's of a program. */
/* The project's trims, fades, gaps or order of tracks changed while it
 * plays (lq-project-follower.h): what is loaded is loaded again from the
 * project as it is now, and plays on from the same position (and loop)
 * if it was playing. The source stage is made at the load, so this is a
 * new load; a short gap in the sound, not a wrong one. */
static gboolean
reload_cb (gpointer user_data)
{
  Helper *h = user_data;
  LqEngineMode mode = lq_engine_get_mode (h->engine);
  gboolean playing = lq_engine_get_playing (h->engine);
  gint64 position = lq_engine_get_position (h->engine), a = 0, b = 0;
  gboolean loop = lq_engine_get_loop (h->engine, &a, &b);
  guint rate = lq_engine_get_sample_rate (h->engine);
  g_autoptr(LqProject) project = h->project != NULL ? g_object_ref (h->project) : NULL;
  gint64 length;

  h->reload_idle = 0;
  if (project == NULL || h->track == NULL)
    return G_SOURCE_REMOVE;
  h->reloading = TRUE;
  if (mode == LQ_ENGINE_MODE_TRACK)
    {
      guint n = 0;

      /* The track by its place now (it may have moved). */
      for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
        if (lq_project_get_track (project, i) == h->track)
          n = i;
      if (n > 0)
        _lq_playback_load_track (h, project, n);
    }
  else
    load_program (h, project, mode, h->transition_s);
  h->reloading = FALSE;
  if (h->track == NULL)
    {
      _lq_playback_emit_state (h);   /* the load failed and said why */
      return G_SOURCE_REMOVE;
    }
  length = lq_engine_get_length (h->engine);
  if (lq_engine_get_sample_rate (h->engine) == rate)
    {
      if (loop && b <= length)
        lq_engine_set_loop (h->engine, a, b);
      lq_engine_seek (h->engine, MIN (position, MAX (length - 1, 0)));
    }
  if (playing)
    lq_engine_play (h->engine);
  if (loop && h->mode == LQ_LEVEL_MATCH_LOOP)
    _lq_playback_update_gains (h);
  _lq_playback_emit_state (h);
  return G_SOURCE_REMOVE;
}

static void
solved_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  Helper *h = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!lq_master_gains_solve_finish (LQ_PROJECT (object), result, &n, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_FILE, error->message);
      return;
    }
  g_clear_object (&h->solving);
  /* Heard from the next block on: the gain glides (lq-chain.h). */
  if (n > 0 && h->follower != NULL)
    lq_project_follower_publish (h->follower);
}

/* The gains the export plays at (lq-master-gains.h) that the tracks loaded
 * lack, solved on a worker; until then they play at the plan's gain. */
static void
solve_missing (Helper *h)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = NULL;

  if (h->project == NULL || h->track == NULL)
    return;
  if (lq_engine_get_mode (h->engine) == LQ_ENGINE_MODE_TRACK)
    g_ptr_array_add (tracks, h->track);
  else
    for (guint i = 0; i < lq_engine_get_n_tracks (h->engine); i++)
      g_ptr_array_add (tracks, lq_project_get_track (h->project, lq_engine_get_track_number (h->engine, i)));
  missing = lq_master_gains_missing (h->project, tracks);
  if (missing->len == 0)
    return;
  if (h->solving != NULL)
    {
      g_cancellable_cancel (h->solving);
      g_clear_object (&h->solving);
    }
  h->solving = g_cancellable_new ();
  lq_master_gains_solve_async (h->project, missing, h->solving, solved_cb, h);
}

static void
published_cb (LqProjectFollower *follower,
              Helper *h)
{
  solve_missing (h);
}

static void
timeline_changed_cb (LqProjectFollower *follower,
                     Helper *h)
{
  /* Not from inside the follower's poll: the load replaces it. */
  if (h->reload_idle == 0)
    h->reload_idle = g_idle_add (reload_cb, h);
}

void
_lq_playback_follow_project (Helper *h)
{
  g_clear_object (&h->follower);
  if (h->project == NULL || h->track == NULL)
    return;
  if (lq_engine_get_mode (h->engine) == LQ_ENGINE_MODE_TRACK)
    h->follower = lq_project_follower_new (h->project, h->track, h->engine);
  else
    h->follower = lq_project_follower_new_program (h->project, h->engine);
  g_signal_connect (h->follower, "timeline-changed", G_CALLBACK (timeline_changed_cb), h);
  g_signal_connect (h->follower, "published", G_CALLBACK (published_cb), h);
  lq_project_follower_start (h->follower, 0);
  solve_missing (h);
}

/* {"cmd":"album"} or {"cmd":"transitions","seconds":S}, of the project
 * loaded (or "project": PATH): paused at 0. */
void
_lq_playback_cmd_load_program (Helper *h, JsonObject *cmd, LqEngineMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  const char *path = json_object_get_string_member_with_default (cmd, "project", NULL);
  double seconds = LQ_ENGINE_TRANSITION_DEFAULT_S;

  if (mode == LQ_ENGINE_MODE_TRANSITIONS && json_object_has_member (cmd, "seconds"))
    seconds = lq_playback_protocol_get_double (cmd, "seconds");
  if (!(seconds > 0 && seconds <= TRANSITION_MAX_S))
    {
      g_autofree char *message =
        g_strdup_printf (_("transitions: “seconds” is more than 0 and at most %.0f"),
                         TRANSITION_MAX_S);

      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND, message);
      return;
    }
  if (path != NULL)
    {
      project = lq_project_open (path, TRUE, &error);
      if (project == NULL)
        {
          _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, path, error);
          return;
        }
    }
  else if (h->project != NULL)
    project = g_object_ref (h->project);
  else
    {
      _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_BAD_COMMAND,
                  mode == LQ_ENGINE_MODE_ALBUM ? _("album: no project is loaded")
                                               : _("transitions: no project is loaded"));
      return;
    }
  load_program (h, project, mode, seconds);
}

/* The album or its transitions (@seconds each side) of @project, paused at
 * 0. */
static void
load_program (Helper *h,
              LqProject *project,
              LqEngineMode mode,
              double seconds)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *skipped;
  gboolean loaded;

  /* The engine's loads want the callback stopped. */
  _lq_playback_stop_stream (h);
  g_clear_pointer (&h->image, lq_engine_image_unref);
  h->transition_s = seconds;
  loaded = mode == LQ_ENGINE_MODE_ALBUM ? lq_engine_load_album (h->engine, project, &error)
                                        : lq_engine_load_transitions (h->engine, project, seconds, &error);
  if (!loaded)
    {
      _lq_playback_emit_file_error (h, LQ_PLAYBACK_ERROR_PROJECT, lq_project_get_path (project), error);
      h->track = NULL;
      h->track_n = 0;
      g_clear_object (&h->follower);
      (void) _lq_playback_start_stream (h, LQ_PLAYBACK_ERROR_DEVICE_LOST);
      _lq_playback_emit_state (h);
      return;
    }
  /* Tracks left out: one error each; the rest plays. */
  skipped = lq_engine_get_skipped (h->engine);
  for (guint i = 0; skipped != NULL && i < skipped->len; i++)
    _lq_playback_emit_error (h, LQ_PLAYBACK_ERROR_FILE, ((GError *) g_ptr_array_index (skipped, i))->message);
  g_set_object (&h->project, project);
  h->track_n = lq_engine_get_track_number (h->engine, 0);
  h->track = lq_project_get_track (h->project, h->track_n);
  _lq_playback_start_loaded (h);
}

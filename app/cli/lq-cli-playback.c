/* lq-cli-playback.c: the set-up `play` and `abx` share (see the header). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-devices.h"
#include "lq-cli-playback.h"
#include "lq-cli.h"
#include "lq-error.h"
#include "lq-master-gains.h"
#include "lq-render-gain.h"
#include "lq-render.h"

int
lq_cli_playback_solve (LqProject *project,
                       GPtrArray *tracks)
{
  g_autoptr(GPtrArray) missing = lq_master_gains_missing (project, tracks);
  g_autoptr(GError) error = NULL;

  if (missing->len == 0)
    return LQ_EXIT_OK;
  /* TRANSLATORS: before playing: the gain the export solves (the limiter
   * takes some loudness), a render pass of each track named */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Solving the master’s gain of %u track, as the export does…\n",
                                "Solving the masters’ gains of %u tracks, as the export does…\n", missing->len),
           missing->len);
  if (!lq_master_gains_solve (project, missing, NULL, NULL, &error))
    return lq_cli_fail (lq_project_get_path (project), error);
  return LQ_EXIT_OK;
}

int
lq_cli_playback_load_track (LqProject *project,
                            const char *project_path,
                            double track_n,
                            LqEngine *engine,
                            LqTrack **track_out,
                            double *chain_gain_db,
                            double *trim_in_s)
{
  g_autoptr(GError) error = NULL;
  LqRenderSpec spec;
  LqTrack *track;
  gboolean loaded;

  if (track_n > lq_project_get_n_tracks (project))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("the project has no track %.0f"), track_n);
      return lq_cli_fail (project_path, error);
    }
  track = lq_project_get_track (project, (guint) track_n);
  if (lq_track_get_status (track) == LQ_TRACK_STATUS_MISSING)
    {
      g_set_error_literal (&error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                           _("the track’s source file is missing (lacquer-cli relink finds it)"));
      return lq_cli_fail (lq_track_get_path (track), error);
    }
  if (lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED)
    {
      g_set_error_literal (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("the track’s source file changed since it was added "
                             "(lacquer-cli analyze PROJECT --accept-changed takes it as it is now)"));
      return lq_cli_fail (lq_track_get_path (track), error);
    }

  {
    g_autoptr(GPtrArray) one = g_ptr_array_new ();
    int status;

    g_ptr_array_add (one, track);
    status = lq_cli_playback_solve (project, one);
    if (status != LQ_EXIT_OK)
      return status;
  }

  /* The track as exported: the gap before it is the album player's. */
  (void) lq_render_spec_init_playback (&spec, project, track);
  spec.gap_s = 0;
  loaded = lq_engine_load_spec (engine, &spec, &error);
  if (chain_gain_db != NULL)
    *chain_gain_db = spec.chain.match_gain_db;
  if (trim_in_s != NULL)
    *trim_in_s = spec.trim_in_s;
  lq_render_spec_clear (&spec);
  if (!loaded)
    return lq_cli_fail (lq_track_get_path (track), error);
  if (track_out != NULL)
    *track_out = track;
  return LQ_EXIT_OK;
}

LqAudioDevice *
lq_cli_playback_open_output (const char *name,
                             LqAudioSystem **audio_out)
{
  g_autoptr(LqAudioSystem) audio = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  LqAudioDevice *device;

  audio = lq_cli_open_audio (&devices);
  if (audio == NULL)
    return NULL;
  device = lq_audio_system_find_output (audio, name, &error);
  if (device == NULL)
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      return NULL;
    }
  *audio_out = g_steal_pointer (&audio);
  return device;
}

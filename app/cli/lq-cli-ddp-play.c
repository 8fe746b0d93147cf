/* lq-cli-ddp-play.c: see the header. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-ddp-play.h"
#include "lq-cli.h"
#include "lq-ddp-engine-image.h"
#include "lq-error.h"

int
lq_cli_ddp_play_load (const char *dir,
                      guint track_number,
                      gboolean quiet,
                      LqEngine *engine,
                      gint64 *from)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LqDdpImage) ddp = lq_ddp_read (dir, &error);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (LqEngineImage) image = NULL;
  const LqEngineImageTrack *track;
  gint index;

  if (ddp == NULL)
    return lq_cli_fail (dir, error);
  /* What goes to the plant: a DDP that does not verify is not played. */
  if (!lq_ddp_verify (ddp, &problems))
    {
      g_autofree char *first = lq_ddp_problem_to_string (problems->pdata[0]);

      g_set_error (&error, LQ_ERROR, LQ_ERROR_CORRUPT,
                   _("the DDP does not verify, so it is not played: %s"), first);
      return lq_cli_fail (dir, error);
    }
  image = lq_ddp_engine_image_new (ddp, &error);
  if (image == NULL)
    return lq_cli_fail (dir, error);
  index = lq_engine_image_find_track (image, track_number != 0 ? track_number
                                             : lq_engine_image_get_track (image, 0)->number);
  if (index < 0)
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("the DDP has no track %u"), track_number);
      return lq_cli_fail (dir, error);
    }
  if (!quiet)
    {
      lq_cli_ddp_print_tracks (ddp);
      fflush (stdout);
    }
  if (!lq_engine_load_image (engine, image, &error))
    return lq_cli_fail (dir, error);
  track = lq_engine_image_get_track (image, (guint) index);
  /* The engine runs at 44.1 kHz until a device asks for another rate. */
  *from = track->start;
  return LQ_EXIT_OK;
}

char *
lq_cli_ddp_play_status (LqEngine *engine, gint64 position)
{
  LqEngineImage *image = lq_engine_get_image (engine);
  guint rate = lq_engine_get_sample_rate (engine);
  guint index;
  const LqEngineImageTrack *t;
  double s;
  gint64 tenths;

  if (image == NULL || rate == 0 || !lq_engine_map_frame (engine, position, &index, NULL))
    return g_strdup ("");
  t = lq_engine_image_get_track (image, index);
  s = (double) position / rate - (double) t->start / LQ_ENGINE_IMAGE_RATE;
  tenths = (gint64) floor (fabs (s) * 10.0);
  /* TRANSLATORS: a CD player's display: the track number, then minutes:seconds
   * from its start (negative in its pregap) */
  return g_strdup_printf (_("Track %2u  %s%02d:%04.1f"), t->number, s < 0 ? "-" : " ",
                          (int) (tenths / 600), (double) (tenths % 600) / 10.0);
}

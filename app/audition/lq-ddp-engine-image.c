/* lq-ddp-engine-image.c: see the header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-ddp-engine-image.h"
#include "lq-error.h"

LqEngineImage *
lq_ddp_engine_image_new (const LqDdpImage  *ddp,
                         GError           **error)
{
  g_autofree char *path = NULL;
  g_autoptr(LqEngineImage) image = NULL;

  g_return_val_if_fail (ddp != NULL, NULL);
  g_return_val_if_fail (ddp->image_file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_build_filename (ddp->dir, ddp->image_file, NULL);
  image = lq_engine_image_new (path, 0, LQ_ENGINE_IMAGE_LITTLE_ENDIAN,
                               (gint64) ddp->image_frames * LQ_ENGINE_IMAGE_SECTOR_FRAMES);
  for (guint i = 0; i < ddp->tracks->len; i++)
    {
      const LqDdpTrack *t = ddp->tracks->pdata[i];

      if (t->start < ddp->image_start || t->end > ddp->image_start + ddp->image_frames)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: track %u lies outside the image"), path, t->number);
          return NULL;
        }
      lq_engine_image_add_track (image, t->number,
                                 (gint64) (MAX (t->pregap, ddp->image_start) - ddp->image_start)
                                 * LQ_ENGINE_IMAGE_SECTOR_FRAMES,
                                 (gint64) (t->start - ddp->image_start) * LQ_ENGINE_IMAGE_SECTOR_FRAMES,
                                 (gint64) (t->end - t->start) * LQ_ENGINE_IMAGE_SECTOR_FRAMES,
                                 t->title);
    }
  return g_steal_pointer (&image);
}

/* lq-cd-image.c: placeholder: the image renderer lands from branch r-image.
 * Only here so that lacquer-cli links on this branch; the integrator
 * replaces this file with the renderer. */
#include "config.h"

#include "lq-cd-image.h"

gboolean
lq_cd_image_write (LqProject        *project,
                   const LqCdLayout *layout,
                   const char       *path,
                   LqCdImageFormat   format,
                   gboolean          overwrite,
                   GCancellable     *cancellable,
                   LqProgressFunc    progress,
                   gpointer          progress_data,
                   GError          **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "Cannot write “%s”: the CD image renderer is not in this build", path);
  return FALSE;
}

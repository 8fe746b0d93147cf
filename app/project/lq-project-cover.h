/* lq-project-cover.h: the album's front cover, stored in the project.
 *
 * A cover is a PNG or JPEG picture of at most LQ_COVER_MAX_BYTES, read
 * once when it is set (`lacquer-cli set PROJECT cover=PATH`,
 * lq_project_set_album() with "cover=PATH"; "cover=" removes it) and kept
 * in the project file as its bytes, MIME type and size in pixels: the
 * project never refers to the file again. Setting or removing it is one
 * undo step, like any other album field. Export writes it into the files
 * (lq-tags.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest picture a cover may be, in bytes. */
#define LQ_COVER_MAX_BYTES (16 * 1024 * 1024)
/* The album key that sets the cover from a file. */
#define LQ_COVER_KEY "cover"

typedef struct
{
  char *mime;      /* "image/png" or "image/jpeg" */
  guint width;     /* pixels */
  guint height;
  GBytes *data;    /* the file's bytes as they were read */
} LqCover;

/* Reads and checks the picture at @path: its type from its header (not
 * its name), its size in pixels from the PNG IHDR chunk or the JPEG SOF
 * segment. Fails naming the file: LQ_ERROR_NOT_FOUND, LQ_ERROR_IO,
 * LQ_ERROR_INVALID_VALUE for another type, a damaged header or more than
 * LQ_COVER_MAX_BYTES. */
LqCover *lq_cover_new_from_file (const char *path,
                                 GError **error);
/* Checks @data the same way (@name is what errors call it). */
LqCover *lq_cover_new_from_bytes (GBytes *data,
                                  const char *name,
                                  GError **error);
LqCover *lq_cover_copy (const LqCover *cover);
void lq_cover_free (LqCover *cover);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCover, lq_cover_free)

G_END_DECLS

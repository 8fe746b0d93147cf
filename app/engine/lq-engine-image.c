/* lq-engine-image.c: see the header. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-engine-image.h"
#include "lq-error.h"

#define BYTES_PER_FRAME 4
/* Frames read from the file at a time. */
#define CHUNK 4096

struct _LqEngineImage
{
  gint ref_count;
  char *path;
  guint64 offset;
  LqEngineImageByteOrder byte_order;
  gint64 n_frames;
  GArray *tracks;          /* LqEngineImageTrack */
};

struct _LqEngineImageReader
{
  LqEngineImage *image;
  int fd;
  gint64 length;
  gint64 position;
  guint8 *buffer;          /* CHUNK frames */
};

static void
track_clear (gpointer data)
{
  LqEngineImageTrack *t = data;

  g_clear_pointer (&t->title, g_free);
}

LqEngineImage *
lq_engine_image_new (const char *path,
                     guint64 offset,
                     LqEngineImageByteOrder byte_order,
                     gint64 n_frames)
{
  LqEngineImage *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_frames >= 0, NULL);

  self = g_new0 (LqEngineImage, 1);
  self->ref_count = 1;
  self->path = g_strdup (path);
  self->offset = offset;
  self->byte_order = byte_order;
  self->n_frames = n_frames;
  self->tracks = g_array_new (FALSE, TRUE, sizeof (LqEngineImageTrack));
  g_array_set_clear_func (self->tracks, track_clear);
  return self;
}

LqEngineImage *
lq_engine_image_ref (LqEngineImage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
lq_engine_image_unref (LqEngineImage *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->path);
  g_array_unref (self->tracks);
  g_free (self);
}

void
lq_engine_image_add_track (LqEngineImage *self,
                           guint number,
                           gint64 pregap,
                           gint64 start,
                           gint64 length,
                           const char *title)
{
  LqEngineImageTrack t = { 0 };

  g_return_if_fail (self != NULL);
  t.number = number;
  t.pregap = pregap;
  t.start = start;
  t.length = length;
  t.title = g_strdup (title);
  g_array_append_val (self->tracks, t);
}

const char *
lq_engine_image_get_path (const LqEngineImage *self)
{
  return self->path;
}

guint64
lq_engine_image_get_offset (const LqEngineImage *self)
{
  return self->offset;
}

LqEngineImageByteOrder
lq_engine_image_get_byte_order (const LqEngineImage *self)
{
  return self->byte_order;
}

gint64
lq_engine_image_get_n_frames (const LqEngineImage *self)
{
  return self->n_frames;
}

guint
lq_engine_image_get_n_tracks (const LqEngineImage *self)
{
  return self->tracks->len;
}

const LqEngineImageTrack *
lq_engine_image_get_track (const LqEngineImage *self, guint index)
{
  g_return_val_if_fail (index < self->tracks->len, NULL);
  return &g_array_index (self->tracks, LqEngineImageTrack, index);
}

gint
lq_engine_image_find_track (const LqEngineImage *self, guint number)
{
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_array_index (self->tracks, LqEngineImageTrack, i).number == number)
      return (gint) i;
  return -1;
}

gboolean
lq_engine_image_check (const LqEngineImage *self, gint64 length, GError **error)
{
  gint64 last = 0;

  if (self->tracks->len == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the disc image has no tracks"), self->path);
      return FALSE;
    }
  for (guint i = 0; i < self->tracks->len; i++)
    {
      const LqEngineImageTrack *t = &g_array_index (self->tracks, LqEngineImageTrack, i);

      if (t->pregap < last || t->start < t->pregap || t->length <= 0)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u of the disc image is out of order or empty"),
                       self->path, t->number);
          return FALSE;
        }
      if (length >= 0 && t->start + t->length > length)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: track %u ends past the end of the disc image (%.3f s)"),
                       self->path, t->number, (double) length / LQ_ENGINE_IMAGE_RATE);
          return FALSE;
        }
      last = t->start;
    }
  return TRUE;
}

LqEngineImageReader *
lq_engine_image_reader_new (LqEngineImage *image, GError **error)
{
  g_autoptr (LqEngineImageReader) self = g_new0 (LqEngineImageReader, 1);
  struct stat st;

  g_return_val_if_fail (image != NULL, NULL);

  self->fd = -1;
  self->image = lq_engine_image_ref (image);
  self->fd = g_open (image->path, O_RDONLY | O_CLOEXEC, 0);
  if (self->fd < 0)
    {
      int e = errno;

      g_set_error (error, LQ_ERROR, e == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("%s: cannot open the disc image: %s"), image->path, g_strerror (e));
      return NULL;
    }
  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR,
                   _("%s: the disc image is not a regular file"), image->path);
      return NULL;
    }
  self->length = (guint64) st.st_size > image->offset
                 ? (gint64) (((guint64) st.st_size - image->offset) / BYTES_PER_FRAME) : 0;
  if (image->n_frames > 0)
    {
      if (image->n_frames > self->length)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: the disc image holds %lld frames, not the %lld expected"),
                       image->path, (long long) self->length, (long long) image->n_frames);
          return NULL;
        }
      self->length = image->n_frames;
    }
  if (self->length == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EMPTY,
                   _("%s: the disc image holds no audio"), image->path);
      return NULL;
    }
  if (!lq_engine_image_check (image, self->length, error))
    return NULL;
  self->buffer = g_malloc (CHUNK * BYTES_PER_FRAME);
  return g_steal_pointer (&self);
}

void
lq_engine_image_reader_free (LqEngineImageReader *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_free (self->buffer);
  g_free (self);
}

gint64
lq_engine_image_reader_get_length (const LqEngineImageReader *self)
{
  return self->length;
}

gboolean
lq_engine_image_reader_seek (LqEngineImageReader *self, gint64 frame, GError **error)
{
  if (frame < 0 || frame > self->length)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: cannot seek to frame %lld: the disc image has %lld frames"),
                   self->image->path, (long long) frame, (long long) self->length);
      return FALSE;
    }
  self->position = frame;
  return TRUE;
}

gssize
lq_engine_image_reader_read (LqEngineImageReader *self,
                             float *const *planar,
                             gsize n,
                             GError **error)
{
  gboolean big = self->image->byte_order == LQ_ENGINE_IMAGE_BIG_ENDIAN;
  gsize done = 0;

  n = (gsize) MIN ((gint64) n, self->length - self->position);
  while (done < n)
    {
      gsize want = MIN (n - done, CHUNK) * BYTES_PER_FRAME, got = 0;
      off_t at = (off_t) (self->image->offset + (guint64) (self->position + (gint64) done) * BYTES_PER_FRAME);

      while (got < want)
        {
          ssize_t r = pread (self->fd, self->buffer + got, want - got, at + (off_t) got);

          if (r < 0 && errno == EINTR)
            continue;
          if (r <= 0)
            {
              g_set_error (error, LQ_ERROR, r < 0 ? LQ_ERROR_IO : LQ_ERROR_TRUNCATED,
                           _("%s: cannot read the disc image: %s"), self->image->path,
                           r < 0 ? g_strerror (errno) : _("it ends early"));
              return -1;
            }
          got += (gsize) r;
        }
      for (gsize i = 0; i < want / BYTES_PER_FRAME; i++)
        {
          const guint8 *p = self->buffer + i * BYTES_PER_FRAME;

          for (guint c = 0; c < 2; c++)
            {
              guint16 u = big ? (guint16) (p[2 * c] << 8 | p[2 * c + 1])
                              : (guint16) (p[2 * c + 1] << 8 | p[2 * c]);

              planar[c][done + i] = (float) (gint16) u / 32768.0f;
            }
        }
      done += want / BYTES_PER_FRAME;
    }
  self->position += (gint64) n;
  return (gssize) n;
}

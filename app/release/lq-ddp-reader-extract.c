/* lq-ddp-reader-extract.c: each track of a DDP as a WAVE file */
#include "lq-ddp-reader-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"

#define BLOCK_BYTES 2352

static void
put_le32 (guint8 *p,
          guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

/* One track as a WAVE file: header, then IMAGE.DAT's little-endian bytes */
static gboolean
extract_track (FILE           *image_file,
               const char     *image_name,
               guint64         first,
               guint64         frames,
               const char     *path,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  g_autofree guint8 *buffer = g_malloc (BLOCK_BYTES * 75);
  guint8 header[44];
  guint64 bytes = frames * BLOCK_BYTES;
  guint64 done = 0;
  FILE *out;
  int fd;

  memcpy (header, "RIFF", 4);
  put_le32 (header + 4, (guint32) (36 + bytes));
  memcpy (header + 8, "WAVEfmt ", 8);
  put_le32 (header + 16, 16);
  header[20] = 1; header[21] = 0;            /* PCM */
  header[22] = 2; header[23] = 0;            /* stereo */
  put_le32 (header + 24, 44100);
  put_le32 (header + 28, 44100 * 4);
  header[32] = 4; header[33] = 0;            /* block align */
  header[34] = 16; header[35] = 0;           /* bits */
  memcpy (header + 36, "data", 4);
  put_le32 (header + 40, (guint32) bytes);

  fd = g_mkstemp_full (temp, O_WRONLY, 0644);
  if (fd < 0 || (out = fdopen (fd, "wb")) == NULL)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot create the file: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fseeko (image_file, (off_t) (first * BLOCK_BYTES), SEEK_SET) != 0
      || fwrite (header, 1, sizeof header, out) != sizeof header)
    goto failed;
  while (done < bytes)
    {
      gsize want = (gsize) MIN ((guint64) BLOCK_BYTES * 75, bytes - done);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (out);
          g_unlink (temp);
          return FALSE;
        }
      if (fread (buffer, 1, want, image_file) != want)
        {
          fclose (out);
          g_unlink (temp);
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: ends before frame %llu"), image_name,
                       (unsigned long long) (first + frames));
          return FALSE;
        }
      if (fwrite (buffer, 1, want, out) != want)
        goto failed;
      done += want;
    }
  if (fflush (out) != 0 || fsync (fileno (out)) != 0)
    goto failed;
  if (fclose (out) != 0)
    {
      out = NULL;
      goto failed;
    }
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;
      g_unlink (temp);
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot move the file into place: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;

failed:
  {
    int saved = errno;
    if (out != NULL)
      fclose (out);
    g_unlink (temp);
    g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                 _("%s: cannot write the file: %s"), path, g_strerror (saved));
    return FALSE;
  }
}

gboolean
lq_ddp_extract (LqDdpImage     *image,
                const char     *out_dir,
                GCancellable   *cancellable,
                LqProgressFunc  progress,
                gpointer        progress_data,
                GError        **error)
{
  g_autofree char *image_path = NULL;
  FILE *f;
  guint64 total = 0;
  guint64 done = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (image->image_file == NULL || image->tracks->len == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT,
                   _("%s: the DDP has no main data stream or no track to extract"), image->dir);
      return FALSE;
    }
  for (guint i = 0; i < image->tracks->len; i++)
    {
      LqDdpTrack *track = image->tracks->pdata[i];
      g_autofree char *name = g_strdup_printf ("%02u.wav", track->number);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);

      if (track->start < image->image_start
          || track->end > image->image_start + image->image_frames)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT,
                       _("%s: track %02u lies outside %s"), image->dir, track->number,
                       image->image_file);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, _("%s: already exists"), path);
          return FALSE;
        }
      total += track->end - track->start;
    }
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot create the folder: %s"),
                   out_dir, g_strerror (saved));
      return FALSE;
    }

  image_path = g_build_filename (image->dir, image->image_file, NULL);
  f = fopen (image_path, "rb");
  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot open the file: %s"),
                   image_path, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; ok && i < image->tracks->len; i++)
    {
      LqDdpTrack *track = image->tracks->pdata[i];
      g_autofree char *name = g_strdup_printf ("%02u.wav", track->number);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);

      ok = extract_track (f, image_path, track->start - image->image_start,
                          track->end - track->start, path, cancellable, error);
      done += track->end - track->start;
      if (ok && progress != NULL && total > 0)
        progress ((double) done / (double) total, progress_data);
    }
  fclose (f);
  return ok;
}

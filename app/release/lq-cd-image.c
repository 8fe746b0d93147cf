/* lq-cd-image.c: a disc's audio as one continuous CD image (see the header).
 *
 * Each track is rendered as export renders it (lq_export_get_render_specs()
 * with the CD's options) to a temporary file next to the image
 * (lq_render_track_to_temp()), then streamed, block by block, into the
 * image's own temporary file at the first sample of its INDEX 01 frame,
 * with zeros written for everything before it. The image is synced, read
 * back (its size and, for WAV, its header through libsndfile) and moved
 * into place (lq_rendered_file_commit(): never over a source, nor over an
 * existing file unless asked). Memory stays at one block whatever the
 * disc's length.
 */
#include "config.h"

#include "lq-cd-image.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sndfile.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-export.h"
#include "lq-output-folder.h"
#include "lq-output-guard.h"

#define WAV_HEADER_BYTES LQ_CD_IMAGE_WAV_HEADER_BYTES
#define SAMPLE_BYTES 4                              /* a stereo 16-bit sample */
#define BLOCK_SAMPLES (LQ_CD_FRAME_SAMPLES * 32)     /* 75 KB a block */

typedef struct
{
  const char *path;         /* the image's destination, for messages */
  char *temp;               /* the image's temporary file */
  int fd;
  guint64 written;          /* stereo samples written to the image */
  gint16 *block;            /* BLOCK_SAMPLES stereo samples */

  LqProgressFunc progress;
  gpointer progress_data;
  double span_start;        /* frames: the part of the disc the current track covers */
  double span;
  double leadout;
} ImageWriter;

static void
report (ImageWriter *w,
        double fraction)
{
  if (w->progress != NULL && w->leadout > 0)
    w->progress (MIN (1.0, (w->span_start + fraction * w->span) / w->leadout), w->progress_data);
}

static void
render_progress_cb (double fraction,
                    gpointer user_data)
{
  /* Rendering is nearly all of a track's cost; streaming it the rest. */
  report (user_data, 0.95 * fraction);
}

static gboolean
write_all (ImageWriter *w,
           const void *data,
           gsize len,
           GError **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = write (w->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                       _("%s: cannot write the image: %s"), w->path, g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Digital silence from where the image stands up to stereo sample @to. */
static gboolean
write_silence_to (ImageWriter *w,
                  guint64 to,
                  GCancellable *cancellable,
                  GError **error)
{
  g_assert (to >= w->written);

  memset (w->block, 0, BLOCK_SAMPLES * SAMPLE_BYTES);
  while (w->written < to)
    {
      guint64 n = MIN (to - w->written, (guint64) BLOCK_SAMPLES);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!write_all (w, w->block, n * SAMPLE_BYTES, error))
        return FALSE;
      w->written += n;
    }
  return TRUE;
}

static void
put_le32 (guint8 *p,
          guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void
put_le16 (guint8 *p,
          guint16 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
}

/* The canonical 44-byte RIFF WAVE header of @data_bytes of CD audio. */
static void
wav_header (guint8 header[WAV_HEADER_BYTES],
            guint32 data_bytes)
{
  memcpy (header, "RIFF", 4);
  put_le32 (header + 4, 36 + data_bytes);
  memcpy (header + 8, "WAVEfmt ", 8);
  put_le32 (header + 16, 16);
  put_le16 (header + 20, 1);                                    /* PCM */
  put_le16 (header + 22, 2);                                    /* channels */
  put_le32 (header + 24, LQ_CD_SAMPLE_RATE);
  put_le32 (header + 28, LQ_CD_SAMPLE_RATE * SAMPLE_BYTES);     /* bytes a second */
  put_le16 (header + 32, SAMPLE_BYTES);                         /* block align */
  put_le16 (header + 34, 16);                                   /* bits */
  memcpy (header + 36, "data", 4);
  put_le32 (header + 40, data_bytes);
}

/* Appends the rendered track at @rendered (16-bit stereo at 44.1 kHz, as
 * written by the render) to the image, all @samples of it. */
static gboolean
stream_track (ImageWriter *w,
              const char *rendered,
              guint64 samples,
              GCancellable *cancellable,
              GError **error)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (rendered, SFM_READ, &info);
  guint64 done = 0;
  gboolean ok = FALSE;

  if (sf == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot read the rendered track %s: %s"),
                   w->path, rendered, sf_strerror (NULL));
      return FALSE;
    }
  if (info.channels != 2 || info.samplerate != LQ_CD_SAMPLE_RATE
      || (info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_PCM_16 || (guint64) info.frames != samples)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the rendered track %s is not %llu samples of 16-bit stereo at 44,100 Hz"),
                   w->path, rendered, (unsigned long long) samples);
      goto out;
    }
  while (done < samples)
    {
      sf_count_t want = (sf_count_t) MIN (samples - done, (guint64) BLOCK_SAMPLES);
      sf_count_t got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      got = sf_readf_short (sf, w->block, want);
      if (got != want)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: the rendered track %s ended early"), w->path, rendered);
          goto out;
        }
#if G_BYTE_ORDER != G_LITTLE_ENDIAN
      for (sf_count_t i = 0; i < got * 2; i++)
        w->block[i] = GINT16_TO_LE (w->block[i]);
#endif
      if (!write_all (w, w->block, (gsize) got * SAMPLE_BYTES, error))
        goto out;
      done += (guint64) got;
      w->written += (guint64) got;
      report (w, 0.95 + 0.05 * (double) done / (double) samples);
    }
  ok = TRUE;

out:
  sf_close (sf);
  return ok;
}

/* The layout fits together: tracks in order, each track's audio within its
 * frames (and after the previous track's), the project's tracks there. */
static gboolean
check_layout (const LqCdLayout *layout,
              const char *path,
              guint n_specs,
              GError **error)
{
  guint64 audio_end = 0;

  if (layout->n_tracks == 0 || layout->n_tracks > LQ_CD_MAX_TRACKS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: a disc has 1 to %u tracks, the layout has %u"),
                   path, LQ_CD_MAX_TRACKS, layout->n_tracks);
      return FALSE;
    }
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      guint64 first = lq_cd_frames_to_samples (t->start);

      if (t->project_position >= n_specs)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u comes from the project’s track %u, but it has %u"),
                       path, t->number, t->project_position + 1, n_specs);
          return FALSE;
        }
      if (t->samples == 0 || t->pregap > t->start || first < audio_end
          || first + t->samples > lq_cd_frames_to_samples (MIN (t->end, layout->leadout)))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u’s %llu samples from frame %llu do not fit the layout (the "
                         "previous audio ends at sample %llu, the track’s frames at %llu, the "
                         "lead-out at %llu)"),
                       path, t->number, (unsigned long long) t->samples, (unsigned long long) t->start,
                       (unsigned long long) audio_end, (unsigned long long) t->end,
                       (unsigned long long) layout->leadout);
          return FALSE;
        }
      audio_end = first + t->samples;
    }
  /* The canonical header counts the data in 32 bits (80 minutes is
   * about 846 MB: far below). */
  if (lq_cd_frames_to_samples (layout->leadout) * SAMPLE_BYTES > G_MAXUINT32 - 36)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: %llu frames do not fit a CD image"),
                   path, (unsigned long long) layout->leadout);
      return FALSE;
    }
  return TRUE;
}

/* The finished temporary image at @temp reads back as @format holding
 * @samples stereo samples. */
static gboolean
read_back (const char *path,
           const char *temp,
           LqCdImageFormat format,
           guint64 samples,
           GError **error)
{
  guint64 header = format == LQ_CD_IMAGE_WAV ? WAV_HEADER_BYTES : 0;
  struct stat st = { 0 };

  if (lstat (temp, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64) st.st_size != header + samples * SAMPLE_BYTES)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                   _("%s: the written image reads back as %lld bytes, %llu were written"),
                   path, (long long) st.st_size, (unsigned long long) (header + samples * SAMPLE_BYTES));
      return FALSE;
    }
  if (format == LQ_CD_IMAGE_WAV)
    {
      SF_INFO info = { 0 };
      SNDFILE *sf = sf_open (temp, SFM_READ, &info);
      gboolean ok;

      ok = sf != NULL && info.channels == 2 && info.samplerate == LQ_CD_SAMPLE_RATE
           && info.format == (SF_FORMAT_WAV | SF_FORMAT_PCM_16) && (guint64) info.frames == samples;
      if (sf != NULL)
        sf_close (sf);
      if (!ok)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT,
                       _("%s: the written image does not read back as %llu samples of 16-bit "
                         "stereo WAV at 44,100 Hz"),
                       path, (unsigned long long) samples);
          return FALSE;
        }
    }
  return TRUE;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Renders every track into the open image: silence, audio, silence. */
static gboolean
write_tracks (ImageWriter *w,
              const LqCdLayout *layout,
              const LqRenderSpec *specs,
              const LqRenderOptions *render,
              GCancellable *cancellable,
              GError **error)
{
  g_autofree char *track_path = g_strdup_printf ("%s.track.wav", w->path);
  LqRenderOptions options = *render;

  /* The track's render is never moved into place: its name only puts its
   * temporary file next to the image. */
  options.overwrite = TRUE;
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      const LqRenderSpec *spec = &specs[t->project_position];
      LqRenderedFile file;
      gboolean ok;

      w->span_start = i == 0 ? 0 : layout->tracks[i - 1].end;
      w->span = (double) MIN (t->end, layout->leadout) - w->span_start;
      if (!write_silence_to (w, lq_cd_frames_to_samples (t->start), cancellable, error))
        return FALSE;
      if (!lq_render_track_to_temp (spec, &options, track_path, cancellable, render_progress_cb, w,
                                    &file, error))
        {
          if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (error, _("%s: track %u (%s): "), w->path, t->number, spec->source);
          return FALSE;
        }
      if ((guint64) file.frames != t->samples)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u (%s) renders %lld samples, the layout has %llu"),
                       w->path, t->number, spec->source, (long long) file.frames,
                       (unsigned long long) t->samples);
          lq_rendered_file_clear (&file);
          return FALSE;
        }
      ok = stream_track (w, file.temp_path, t->samples, cancellable, error);
      lq_rendered_file_clear (&file);
      if (!ok)
        return FALSE;
    }
  w->span_start = layout->tracks[layout->n_tracks - 1].end;
  w->span = 0;
  return write_silence_to (w, lq_cd_frames_to_samples (layout->leadout), cancellable, error);
}

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
  g_autoptr(LqOutputGuard) guard = NULL;
  LqExportOptions export_options;
  LqRenderOptions render;
  LqRenderSpec *specs = NULL;
  guint n_specs = 0;
  ImageWriter w = { 0 };
  LqRenderedFile image = { 0 };
  struct stat st;
  gboolean ok = FALSE;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (layout != NULL && path != NULL, FALSE);
  g_return_val_if_fail (format == LQ_CD_IMAGE_WAV || format == LQ_CD_IMAGE_BIN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Each track as `lacquer-cli export` renders it for a CD. */
  lq_export_options_init (&export_options);
  export_options.has_target = lq_project_get_effective_target (project, &export_options.target);
  lq_cd_render_options_init (project, &export_options.render);
  specs = lq_export_get_render_specs (project, &export_options, &render, &n_specs);

  if (!check_layout (layout, path, n_specs, error))
    goto out;

  /* Before anything is written: never over a source, nor over a file
   * unless asked; each track renders the layout's length. */
  guard = lq_output_guard_new_for_project (project);
  if (!lq_output_guard_check (guard, path, error))
    goto out;
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, _("%s: the file exists already"), path);
      goto out;
    }
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      const LqRenderSpec *spec = &specs[t->project_position];
      gint64 frames;

      if (!lq_render_get_output (spec, &render, &frames, NULL, error))
        {
          g_prefix_error (error, _("%s: track %u: "), path, t->number);
          goto out;
        }
      if ((guint64) frames != t->samples)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u (%s) renders %lld samples, the layout has %llu"),
                       path, t->number, spec->source, (long long) frames,
                       (unsigned long long) t->samples);
          goto out;
        }
    }

  w.path = path;
  w.fd = -1;
  w.progress = progress;
  w.progress_data = progress_data;
  w.leadout = (double) layout->leadout;
  w.block = g_new (gint16, BLOCK_SAMPLES * 2);
  w.temp = lq_output_temp_create (path, error);
  if (w.temp == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      goto out;
    }
  w.fd = g_open (w.temp, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
  if (w.fd < 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot open the temporary image %s: %s"),
                   path, w.temp, g_strerror (saved));
      goto out;
    }
  if (format == LQ_CD_IMAGE_WAV)
    {
      guint8 header[WAV_HEADER_BYTES];

      wav_header (header, (guint32) (lq_cd_frames_to_samples (layout->leadout) * SAMPLE_BYTES));
      if (!write_all (&w, header, sizeof header, error))
        goto out;
    }
  if (!write_tracks (&w, layout, specs, &render, cancellable, error))
    goto out;
  if (fsync (w.fd) != 0 || close (w.fd) != 0)
    {
      int saved = errno;

      w.fd = -1;
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot write the image: %s"), path, g_strerror (saved));
      goto out;
    }
  w.fd = -1;
  if (!read_back (path, w.temp, format, lq_cd_frames_to_samples (layout->leadout), error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* Into place: checked against the sources once more, and only the file
   * written here. */
  if (lstat (w.temp, &st) != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: the temporary image %s disappeared"),
                   path, w.temp);
      goto out;
    }
  image.path = g_strdup (path);
  image.temp_path = g_steal_pointer (&w.temp);
  image.dev = (guint64) st.st_dev;
  image.ino = (guint64) st.st_ino;
  image.frames = (gint64) lq_cd_frames_to_samples (layout->leadout);
  if (!lq_rendered_file_commit (&image, guard, overwrite, error))
    {
      g_prefix_error (error, "%s: ", path);
      goto out;
    }
  sync_folder (path);
  if (progress != NULL)
    progress (1.0, progress_data);
  ok = TRUE;

out:
  if (w.fd >= 0)
    close (w.fd);
  if (w.temp != NULL)
    g_unlink (w.temp);
  g_free (w.temp);
  g_free (w.block);
  lq_rendered_file_clear (&image);
  for (guint i = 0; i < n_specs; i++)
    lq_render_spec_clear (&specs[i]);
  g_free (specs);
  return ok;
}

/* lq-audio-reader.c: libsndfile behind a small streaming API.
 *
 * Checks what libsndfile would report vaguely (a missing file, a directory,
 * an empty file) before opening, so every error says exactly what is wrong.
 */
#include "config.h"

#include "lq-audio-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sndfile.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-text.h"

#define READ_FRAMES 16384

struct _LqAudioReader
{
  SNDFILE *file;
  char *path;              /* for the errors of a seek */
  SF_INFO info;
  char *format;
  char *title;
  char *artist;
  float full_scale;
  gboolean exact_length;   /* the header's frame count is exact (PCM, FLAC) */
  gint64 frames_read;
  float *interleaved;      /* READ_FRAMES * channels */
};

static const char *
major_name (int format)
{
  switch (format & SF_FORMAT_TYPEMASK)
    {
    case SF_FORMAT_WAV:
    case SF_FORMAT_WAVEX: return "WAV";
    case SF_FORMAT_RF64: return "RF64";
    case SF_FORMAT_W64: return "W64";
    case SF_FORMAT_AIFF: return "AIFF";
    case SF_FORMAT_CAF: return "CAF";
    case SF_FORMAT_FLAC: return "FLAC";
    case SF_FORMAT_OGG:
      switch (format & SF_FORMAT_SUBMASK)
        {
        case SF_FORMAT_OPUS: return "Opus";
        case SF_FORMAT_VORBIS: return "Ogg Vorbis";
        default: return "Ogg";
        }
    case SF_FORMAT_MPEG: return "MP3";
    default: return NULL;
    }
}

/* Sets the description, the full-scale level and whether frames are exact. */
static void
describe_format (LqAudioReader *self)
{
  int format = self->info.format;
  const char *major = major_name (format);
  const char *depth = NULL;
  g_autofree char *fallback = NULL;

  self->full_scale = 1.0f;
  self->exact_length = TRUE;

  switch (format & SF_FORMAT_SUBMASK)
    {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
      depth = "8-bit";
      self->full_scale = 127.0f / 128.0f;
      break;
    case SF_FORMAT_PCM_16:
      depth = "16-bit";
      self->full_scale = 32767.0f / 32768.0f;
      break;
    case SF_FORMAT_PCM_24:
      depth = "24-bit";
      self->full_scale = 8388607.0f / 8388608.0f;
      break;
    case SF_FORMAT_PCM_32:
      depth = "32-bit";
      break;
    case SF_FORMAT_FLOAT:
      depth = "32-bit float";
      break;
    case SF_FORMAT_DOUBLE:
      depth = "64-bit float";
      break;
    case SF_FORMAT_VORBIS:
    case SF_FORMAT_OPUS:
    case SF_FORMAT_MPEG_LAYER_I:
    case SF_FORMAT_MPEG_LAYER_II:
    case SF_FORMAT_MPEG_LAYER_III:
      self->exact_length = FALSE;
      break;
    default:
      break;
    }

  if (major == NULL)
    {
      SF_FORMAT_INFO fi = { .format = format & SF_FORMAT_TYPEMASK };

      if (sf_command (NULL, SFC_GET_FORMAT_INFO, &fi, sizeof fi) == 0 && fi.name != NULL)
        major = fallback = g_strdup (fi.name);
      else
        major = "Audio";
    }

  self->format = depth != NULL ? g_strdup_printf ("%s %s", major, depth) : g_strdup (major);
}

static char *
dup_tag (SNDFILE *file,
         int which)
{
  const char *s = sf_get_string (file, which);
  char *clean;

  if (s == NULL || *s == '\0')
    return NULL;
  /* Tags are anyone's text: valid UTF-8 on one line from here on. */
  clean = lq_text_sanitize (s);
  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

/* libsndfile opens a WAV/AIFF whose data chunk is cut short and quietly
 * reads what is there; its log says so. A cut-short file is not a master. */
static gboolean
log_says_truncated (SNDFILE *file)
{
  char log[4096];

  sf_command (file, SFC_GET_LOG_INFO, log, sizeof log);
  return strstr (log, "should be") != NULL || strstr (log, "truncated") != NULL
         || strstr (log, "Truncated") != NULL;
}

LqAudioReader *
lq_audio_reader_open (const char *path,
                      GError **error)
{
  g_autoptr(LqAudioReader) self = NULL;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   "%s", g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR,
                   _("Is a directory, not an audio file"));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR,
                   _("Not a regular file"));
      return NULL;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EMPTY,
                   _("The file is empty (0 bytes)"));
      return NULL;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, "%s", g_strerror (saved));
      return NULL;
    }

  close (fd);  /* it opens: what follows is libsndfile's own read-only open */

  self = g_new0 (LqAudioReader, 1);
  self->path = g_strdup (path);
  self->file = sf_open (path, SFM_READ, &self->info);
  if (self->file == NULL)
    {
      const char *why = sf_strerror (NULL);
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO,
                   _("Not an audio file Lacquer can read (%s)"), why);
      return NULL;
    }

  if (self->info.channels > 2)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_UNSUPPORTED_CHANNELS,
                   _("Has %d channels: Lacquer masters mono and stereo files only"),
                   self->info.channels);
      return NULL;
    }
  if (self->info.channels < 1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO, _("Has no audio channels"));
      return NULL;
    }
  if (self->info.samplerate < 8000 || self->info.samplerate > 384000)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO,
                   _("Unsupported sample rate %d Hz (8 kHz to 384 kHz are supported)"),
                   self->info.samplerate);
      return NULL;
    }

  describe_format (self);

  if (self->exact_length && log_says_truncated (self->file))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                   _("The file is truncated: its audio data ends before its header says"));
      return NULL;
    }
  if (self->info.frames <= 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EMPTY, _("Contains no audio"));
      return NULL;
    }

  self->title = dup_tag (self->file, SF_STR_TITLE);
  self->artist = dup_tag (self->file, SF_STR_ARTIST);
  self->interleaved = g_new (float, (gsize) READ_FRAMES * self->info.channels);

  return g_steal_pointer (&self);
}

void
lq_audio_reader_free (LqAudioReader *self)
{
  if (self == NULL)
    return;
  if (self->file != NULL)
    sf_close (self->file);
  g_free (self->path);
  g_free (self->format);
  g_free (self->title);
  g_free (self->artist);
  g_free (self->interleaved);
  g_free (self);
}

guint
lq_audio_reader_get_sample_rate (const LqAudioReader *self)
{
  return self->info.samplerate;
}

guint
lq_audio_reader_get_channels (const LqAudioReader *self)
{
  return self->info.channels;
}

gint64
lq_audio_reader_get_frames (const LqAudioReader *self)
{
  return self->info.frames;
}

const char *
lq_audio_reader_get_format (const LqAudioReader *self)
{
  return self->format;
}

float
lq_audio_reader_get_full_scale (const LqAudioReader *self)
{
  return self->full_scale;
}

const char *
lq_audio_reader_get_title (const LqAudioReader *self)
{
  return self->title;
}

const char *
lq_audio_reader_get_artist (const LqAudioReader *self)
{
  return self->artist;
}

gssize
lq_audio_reader_read (LqAudioReader *self,
                      float *const *planar,
                      gsize max_frames,
                      GError **error)
{
  guint channels = self->info.channels;
  sf_count_t got;

  if (max_frames > READ_FRAMES)
    max_frames = READ_FRAMES;

  got = sf_readf_float (self->file, self->interleaved, max_frames);
  if (got < 0 || sf_error (self->file) != SF_ERR_NO_ERROR)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Read error: %s"),
                   sf_strerror (self->file));
      return -1;
    }

  if (got == 0 && self->exact_length && self->frames_read < self->info.frames)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                   _("The file is truncated: only %lld of %lld frames could be read"),
                   (long long) self->frames_read, (long long) self->info.frames);
      return -1;
    }

  if (channels == 1)
    memcpy (planar[0], self->interleaved, got * sizeof (float));
  else
    for (sf_count_t i = 0; i < got; i++)
      {
        planar[0][i] = self->interleaved[2 * i];
        planar[1][i] = self->interleaved[2 * i + 1];
      }

  self->frames_read += got;
  return got;
}

gboolean
lq_audio_reader_seek (LqAudioReader *self,
                      gint64 frame,
                      GError **error)
{
  sf_count_t at;

  g_return_val_if_fail (self != NULL, FALSE);

  if (frame < 0 || frame > self->info.frames)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: cannot seek to frame %lld: the file has %lld frames"),
                   self->path, (long long) frame, (long long) self->info.frames);
      return FALSE;
    }
  if (!self->info.seekable)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO,
                   _("%s: this %s file cannot seek"), self->path, self->format);
      return FALSE;
    }
  at = sf_seek (self->file, (sf_count_t) frame, SEEK_SET);
  if (at != (sf_count_t) frame)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot seek to frame %lld: %s"),
                   self->path, (long long) frame, sf_strerror (self->file));
      return FALSE;
    }
  self->frames_read = frame;
  return TRUE;
}

/* lq-audio-system.c: PortAudio for Lacquer's playback engine. */
#define _GNU_SOURCE /* memfd_create() */
#include "config.h"

#include "lq-audio-system.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <portaudio.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lq-error.h"

struct _LqAudioSystem
{
  GObject parent_instance;

  gboolean initialized;
  PaStream *stream;
  LqAudioRenderFunc render;
  gpointer render_data;
  gint underflows;    /* atomic: written on the audio thread */
};

G_DEFINE_FINAL_TYPE (LqAudioSystem, lq_audio_system, G_TYPE_OBJECT)

/* The back ends' diagnostics, away from the terminal.
 *
 * ALSA ("ALSA lib pcm.c: Unknown PCM"), PortAudio's own ALSA code
 * ("Expression ... failed") and libjack ("jack server is not running")
 * write to stderr through three different paths, two of them without a
 * hook (PortAudio's debug print is not public API, and ALSA's plug-ins can
 * load libjack behind snd_lib_error_set_handler's back). So the file
 * descriptor itself is redirected while PortAudio initialises: fd 2 points
 * at an anonymous memory file, and afterwards each line it caught goes to
 * g_debug(). A file rather than a pipe: nothing has to read it while the
 * back ends write, so no thread and no full pipe can block them, and no
 * g_debug() can write into its own capture. Anything another thread writes
 * to stderr in that window lands in the debug log too; Lacquer's own
 * messages are not written then (the helper initialises first). */
typedef struct
{
  int saved_fd;
  int capture_fd;
} QuietStderr;

static void
quiet_stderr_begin (QuietStderr *q)
{
  q->saved_fd = -1;
  q->capture_fd = memfd_create ("lacquer-audio-stderr", MFD_CLOEXEC);
  if (q->capture_fd < 0)
    return;
  fflush (stderr);
  q->saved_fd = dup (STDERR_FILENO);
  if (q->saved_fd < 0 || dup2 (q->capture_fd, STDERR_FILENO) < 0)
    {
      if (q->saved_fd >= 0)
        close (q->saved_fd);
      close (q->capture_fd);
      q->saved_fd = q->capture_fd = -1;
    }
}

static void
quiet_stderr_end (QuietStderr *q)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  off_t size;

  if (q->capture_fd < 0)
    return;
  fflush (stderr);
  dup2 (q->saved_fd, STDERR_FILENO);
  close (q->saved_fd);

  size = lseek (q->capture_fd, 0, SEEK_END);
  if (size > 0)
    {
      gsize len = MIN ((gsize) size, 256 * 1024);
      gsize got = 0;

      text = g_malloc0 (len + 1);
      lseek (q->capture_fd, 0, SEEK_SET);
      while (got < len)
        {
          ssize_t n = read (q->capture_fd, text + got, len - got);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          got += (gsize) n;
        }
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_debug ("audio back end: %s", lines[i]);
    }
  close (q->capture_fd);
}

static void
lq_audio_system_finalize (GObject *object)
{
  LqAudioSystem *self = LQ_AUDIO_SYSTEM (object);

  lq_audio_system_close_output (self, NULL);
  if (self->initialized)
    {
      QuietStderr q;

      /* Terminating the back ends talks too (JACK's client close). */
      quiet_stderr_begin (&q);
      Pa_Terminate ();
      quiet_stderr_end (&q);
    }

  G_OBJECT_CLASS (lq_audio_system_parent_class)->finalize (object);
}

static void
lq_audio_system_class_init (LqAudioSystemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_audio_system_finalize;
}

static void
lq_audio_system_init (LqAudioSystem *self)
{
}

static void
set_pa_error (GError    **error,
              const char *what,
              PaError     err)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, "%s: %s", what, Pa_GetErrorText (err));
}

LqAudioSystem *
lq_audio_system_new (GError **error)
{
  g_autoptr (LqAudioSystem) self = g_object_new (LQ_TYPE_AUDIO_SYSTEM, NULL);
  QuietStderr q;
  PaError err;

  quiet_stderr_begin (&q);
  err = Pa_Initialize ();
  quiet_stderr_end (&q);
  if (err != paNoError)
    {
      set_pa_error (error, _("Could not start the audio system"), err);
      return NULL;
    }
  self->initialized = TRUE;
  g_debug ("PortAudio %s: %d device(s)", Pa_GetVersionText (), Pa_GetDeviceCount ());
  return g_steal_pointer (&self);
}

void
lq_audio_device_free (LqAudioDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->host_api);
  g_free (device);
}

char *
lq_audio_device_label (const LqAudioDevice *device)
{
  return g_strdup_printf ("%s: %s", device->host_api, device->name);
}

static LqAudioDevice *
device_new (PaDeviceIndex index)
{
  const PaDeviceInfo *info = Pa_GetDeviceInfo (index);
  const PaHostApiInfo *api = info ? Pa_GetHostApiInfo (info->hostApi) : NULL;
  LqAudioDevice *device;

  if (info == NULL)
    return NULL;
  device = g_new0 (LqAudioDevice, 1);
  device->index = index;
  device->name = g_strdup (info->name ? info->name : "");
  device->host_api = g_strdup (api && api->name ? api->name : "?");
  device->max_output_channels = info->maxOutputChannels;
  device->default_sample_rate = info->defaultSampleRate;
  device->is_default = index == Pa_GetDefaultOutputDevice ();
  return device;
}

GPtrArray *
lq_audio_system_list_outputs (LqAudioSystem *self)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_audio_device_free);
  int count;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), devices);

  count = Pa_GetDeviceCount ();
  for (int i = 0; i < count; i++)
    {
      LqAudioDevice *device = device_new (i);

      if (device != NULL && device->max_output_channels > 0)
        g_ptr_array_add (devices, device);
      else
        lq_audio_device_free (device);
    }
  return devices;
}

static char *
candidates_text (GPtrArray *devices)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      g_autofree char *label = lq_audio_device_label (g_ptr_array_index (devices, i));

      g_string_append_printf (s, "%s“%s”", i ? ", " : "", label);
    }
  return g_string_free (s, FALSE);
}

LqAudioDevice *
lq_audio_system_find_output (LqAudioSystem *self,
                             const char    *name,
                             GError       **error)
{
  g_autoptr (GPtrArray) devices = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  g_autofree char *needle = NULL;
  g_autofree char *listed = NULL;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), NULL);

  devices = lq_audio_system_list_outputs (self);
  if (devices->len == 0)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                           _("No audio output device: PortAudio found no sound card and no running sound server"));
      return NULL;
    }

  matches = g_ptr_array_new ();
  if (name == NULL || name[0] == '\0')
    {
      for (guint i = 0; i < devices->len; i++)
        if (((LqAudioDevice *) g_ptr_array_index (devices, i))->is_default)
          g_ptr_array_add (matches, g_ptr_array_index (devices, i));
    }
  else
    {
      needle = g_utf8_casefold (name, -1);
      for (guint i = 0; i < devices->len; i++)
        {
          LqAudioDevice *device = g_ptr_array_index (devices, i);
          g_autofree char *label = lq_audio_device_label (device);
          g_autofree char *folded = g_utf8_casefold (label, -1);

          if (strcmp (folded, needle) == 0)
            {
              /* An exact label wins over the labels that contain it. */
              g_ptr_array_set_size (matches, 0);
              g_ptr_array_add (matches, device);
              break;
            }
          if (strstr (folded, needle) != NULL)
            g_ptr_array_add (matches, device);
        }
    }

  if (matches->len == 1)
    {
      LqAudioDevice *found = g_ptr_array_index (matches, 0);

      for (guint i = 0; i < devices->len; i++)
        if (g_ptr_array_index (devices, i) == found)
          return g_ptr_array_steal_index (devices, i);
    }

  if (matches->len == 0 && (name == NULL || name[0] == '\0'))
    {
      listed = candidates_text (devices);
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                   _("No default audio output device; choose one of %s"), listed);
    }
  else if (matches->len == 0)
    {
      listed = candidates_text (devices);
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                   _("No audio output device matches “%s”; the devices are %s"), name, listed);
    }
  else
    {
      listed = candidates_text (matches);
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("More than one audio output device matches “%s”: %s"), name, listed);
    }
  return NULL;
}

static int
stream_callback (const void                     *input,
                 void                           *output,
                 unsigned long                   frames,
                 const PaStreamCallbackTimeInfo *time_info,
                 PaStreamCallbackFlags           flags,
                 void                           *user_data)
{
  LqAudioSystem *self = user_data;

  if (flags & paOutputUnderflow)
    g_atomic_int_inc (&self->underflows);
  return self->render (output, frames, self->render_data) ? paContinue : paComplete;
}

gboolean
lq_audio_system_open_output (LqAudioSystem       *self,
                             const LqAudioDevice *device,
                             double               sample_rate,
                             gulong               buffer_frames,
                             LqAudioRenderFunc    render,
                             gpointer             user_data,
                             double              *out_rate,
                             GError             **error)
{
  const PaDeviceInfo *info;
  PaStreamParameters params = { 0 };
  double rate = sample_rate;
  PaError err;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), FALSE);
  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (render != NULL, FALSE);

  if (self->stream != NULL)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_FAILED, _("An audio output is already open"));
      return FALSE;
    }
  info = Pa_GetDeviceInfo (device->index);
  if (info == NULL || info->maxOutputChannels < 2)
    {
      g_autofree char *label = lq_audio_device_label (device);

      g_set_error (error, LQ_ERROR, LQ_ERROR_UNSUPPORTED_CHANNELS,
                   _("The audio device “%s” has no stereo output"), label);
      return FALSE;
    }

  params.device = device->index;
  params.channelCount = 2;
  params.sampleFormat = paFloat32;
  params.suggestedLatency = info->defaultLowOutputLatency;
  if (rate <= 0 || Pa_IsFormatSupported (NULL, &params, rate) != paFormatIsSupported)
    {
      g_debug ("%s does not take %.0f Hz: it runs at %.0f Hz", device->name, rate,
               info->defaultSampleRate);
      rate = info->defaultSampleRate;
    }

  self->render = render;
  self->render_data = user_data;
  g_atomic_int_set (&self->underflows, 0);
  err = Pa_OpenStream (&self->stream, NULL, &params, rate,
                       buffer_frames ? buffer_frames : LQ_AUDIO_DEFAULT_BUFFER_FRAMES,
                       paClipOff | paDitherOff, stream_callback, self);
  if (err != paNoError)
    {
      self->stream = NULL;
      set_pa_error (error, _("Could not open the audio output"), err);
      return FALSE;
    }
  if (out_rate != NULL)
    *out_rate = rate;
  return TRUE;
}

gboolean
lq_audio_system_start (LqAudioSystem *self,
                       GError       **error)
{
  PaError err;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), FALSE);
  g_return_val_if_fail (self->stream != NULL, FALSE);

  err = Pa_StartStream (self->stream);
  if (err != paNoError)
    {
      set_pa_error (error, _("Could not start the audio output"), err);
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_audio_system_is_active (LqAudioSystem *self)
{
  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), FALSE);

  return self->stream != NULL && Pa_IsStreamActive (self->stream) == 1;
}

double
lq_audio_system_get_output_latency (LqAudioSystem *self)
{
  const PaStreamInfo *info;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), 0.0);

  info = self->stream != NULL ? Pa_GetStreamInfo (self->stream) : NULL;
  return info != NULL ? info->outputLatency : 0.0;
}

guint
lq_audio_system_get_underflows (LqAudioSystem *self)
{
  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), 0);

  return (guint) g_atomic_int_get (&self->underflows);
}

gboolean
lq_audio_system_close_output (LqAudioSystem *self,
                              GError       **error)
{
  PaError err = paNoError;

  g_return_val_if_fail (LQ_IS_AUDIO_SYSTEM (self), FALSE);

  if (self->stream == NULL)
    return TRUE;
  if (Pa_IsStreamStopped (self->stream) == 0)
    err = Pa_StopStream (self->stream);
  if (err == paNoError)
    err = Pa_CloseStream (self->stream);
  else
    Pa_CloseStream (self->stream);
  self->stream = NULL;
  if (err != paNoError)
    {
      set_pa_error (error, _("Could not close the audio output"), err);
      return FALSE;
    }
  return TRUE;
}

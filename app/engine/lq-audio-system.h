/* lq-audio-system.h: PortAudio for Lacquer's playback engine.
 *
 * One LqAudioSystem is one PortAudio session: Pa_Initialize() when it is
 * created, Pa_Terminate() when it is finalized. While PortAudio probes its
 * back ends, ALSA and JACK write dozens of diagnostic lines to stderr on a
 * machine without a sound card; LqAudioSystem sends them to the debug log
 * (G_MESSAGES_DEBUG=Lacquer shows them) so the terminal stays clean.
 *
 * PortAudio 19.6 sees the devices as they were at Pa_Initialize() (no rescan
 * without Pa_Terminate()), and its JACK back end asserts and aborts the
 * process when the JACK server goes away (PortAudio issue 819). So playback
 * is meant to run in a helper process that owns the LqAudioSystem, controlled
 * by the window or the CLI over a pipe: a rescan is a new helper, and a dying
 * helper never takes the window down. See app/engine/README.md.
 *
 * Not thread-safe: use one LqAudioSystem from one thread (the helper's main
 * thread); only the render callback runs on PortAudio's audio thread. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The frames per callback when the caller asks for 0. */
#define LQ_AUDIO_DEFAULT_BUFFER_FRAMES 512

/* One output device as PortAudio lists it. */
typedef struct
{
  int index;                  /* PortAudio's device index, for this session only */
  char *name;
  char *host_api;             /* "ALSA", "JACK Audio Connection Kit", ... */
  int max_output_channels;
  double default_sample_rate;
  gboolean is_default;        /* PortAudio's default output device */
} LqAudioDevice;

void lq_audio_device_free (LqAudioDevice *device);
/* "host API: device", the label a device is chosen by. */
char *lq_audio_device_label (const LqAudioDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqAudioDevice, lq_audio_device_free)

/* Fills @out with @frames interleaved stereo float frames. Runs on the
 * audio thread: no allocation, no locks, no I/O. Returns FALSE after the
 * last frames (the stream then completes), TRUE to go on. */
typedef gboolean (*LqAudioRenderFunc) (float   *out,
                                       gulong   frames,
                                       gpointer user_data);

#define LQ_TYPE_AUDIO_SYSTEM (lq_audio_system_get_type ())
G_DECLARE_FINAL_TYPE (LqAudioSystem, lq_audio_system, LQ, AUDIO_SYSTEM, GObject)

/* Initialises PortAudio, its back ends' noise sent to the debug log. */
LqAudioSystem *lq_audio_system_new (GError **error);

/* The output devices (at least one output channel), in PortAudio's order:
 * a GPtrArray of LqAudioDevice. */
GPtrArray *lq_audio_system_list_outputs (LqAudioSystem *self);

/* The output device whose "host API: device" label contains @name,
 * case-insensitively (a label equal to @name wins over others that contain
 * it). NULL or "" is PortAudio's default output. No match, or more than one,
 * is an error listing the candidates. */
LqAudioDevice *lq_audio_system_find_output (LqAudioSystem *self,
                                            const char    *name,
                                            GError       **error);

/* Opens a stereo float32 output stream on @device with @buffer_frames per
 * callback (0: LQ_AUDIO_DEFAULT_BUFFER_FRAMES) at @sample_rate if the device
 * accepts it, else at the device's default rate: *out_rate says which (the
 * engine then resamples to it, off the callback). One stream at a time. */
gboolean lq_audio_system_open_output (LqAudioSystem      *self,
                                      const LqAudioDevice *device,
                                      double              sample_rate,
                                      gulong              buffer_frames,
                                      LqAudioRenderFunc   render,
                                      gpointer            user_data,
                                      double             *out_rate,
                                      GError            **error);
gboolean lq_audio_system_start (LqAudioSystem *self,
                                GError       **error);
/* TRUE while the open stream is running (FALSE once render returned FALSE
 * and the last buffers were played). */
gboolean lq_audio_system_is_active (LqAudioSystem *self);
/* The open stream's output latency in seconds, as PortAudio reports it (0: none open). */
double lq_audio_system_get_output_latency (LqAudioSystem *self);
/* Output underflows PortAudio reported to the callback since the stream opened. */
guint lq_audio_system_get_underflows (LqAudioSystem *self);
/* Stops (after the queued buffers) and closes the open stream, if any. */
gboolean lq_audio_system_close_output (LqAudioSystem *self,
                                       GError       **error);

G_END_DECLS

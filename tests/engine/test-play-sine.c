/* test-play-sine.c: the device layer's first playback.
 *
 * usage: test-play-sine DEVICE SECONDS [RATE]
 * Opens DEVICE (any part of "host API: device") through LqAudioSystem at
 * RATE (default 48000; the device's own rate when it does not take RATE)
 * and plays a 1 kHz sine at amplitude 0.5 for SECONDS through the
 * render callback: frame n of both channels is
 * (float) (0.5 * sin (2π · 1000 · n / 48000)). check-wav-sine compares a
 * capture of it with exactly that. Prints the device, the rate it ran at,
 * the frames played and the underflows; exits 1 on any error. With
 * SECONDS 0 it only prints the device DEVICE chooses. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lq-audio-system.h"

#define FREQ 1000.0
#define AMP 0.5

typedef struct
{
  double rate;
  gint64 n;
  gint64 total;
} Sine;

/* The audio thread: no allocation, no locks. */
static gboolean
render_sine (float   *out,
             gulong   frames,
             gpointer user_data)
{
  Sine *s = user_data;

  for (gulong i = 0; i < frames; i++, s->n++)
    {
      float v = s->n < s->total
        ? (float) (AMP * sin (2.0 * G_PI * FREQ * (double) s->n / s->rate)) : 0.0f;

      out[2 * i] = v;
      out[2 * i + 1] = v;
    }
  return s->n < s->total;
}

int
main (int argc,
      char **argv)
{
  g_autoptr (LqAudioSystem) audio = NULL;
  g_autoptr (LqAudioDevice) device = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  Sine sine = { 0 };
  double rate = 0;

  if (argc != 3 && argc != 4)
    {
      fprintf (stderr, "usage: test-play-sine DEVICE SECONDS [RATE]\n");
      return 2;
    }
  audio = lq_audio_system_new (&error);
  if (audio != NULL)
    device = lq_audio_system_find_output (audio, argv[1], &error);
  if (device == NULL)
    {
      fprintf (stderr, "test-play-sine: %s\n", error->message);
      return 1;
    }
  label = lq_audio_device_label (device);
  if (atof (argv[2]) == 0)
    {
      printf ("device: %s\n", label);
      return 0;
    }
  if (!lq_audio_system_open_output (audio, device, argc == 4 ? atof (argv[3]) : 48000, 0, render_sine, &sine, &rate, &error))
    {
      fprintf (stderr, "test-play-sine: %s\n", error->message);
      return 1;
    }
  /* Written before the stream starts: the audio thread only reads it. */
  sine.rate = rate;
  sine.total = (gint64) (atof (argv[2]) * rate);
  if (!lq_audio_system_start (audio, &error))
    {
      fprintf (stderr, "test-play-sine: %s\n", error->message);
      return 1;
    }
  while (lq_audio_system_is_active (audio))
    g_usleep (10 * 1000);
  printf ("device: %s\nrate: %.0f\nunderflows: %u\n", label, rate,
          lq_audio_system_get_underflows (audio));
  if (!lq_audio_system_close_output (audio, &error))
    {
      fprintf (stderr, "test-play-sine: %s\n", error->message);
      return 1;
    }
  printf ("frames: %" G_GINT64_FORMAT "\n", sine.n);
  return 0;
}

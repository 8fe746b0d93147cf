/* bench-codec-preview.c: the codec preview (app/release/lq-codec-preview.h)
 * of a generated 10-minute album (4 tracks of 2.5 min, stereo 44.1 kHz
 * float masters: partials with a beat, noise, a slow swell) on 2 workers,
 * the five codecs; prints the seconds, the CPU seconds and the figure
 * extrapolated to an album hour. The goal: under 120 s per album
 * hour on 2 cores (reported, not enforced). The masters are given (the
 * render is export's cost, measured by its own benchmarks). */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <sys/resource.h>

#include "lq-codec-preview.h"
#include "lq-test-audio.h"

#define RATE 44100
#define TRACK_S 150.0
#define N_TRACKS 4

static double
music_cb (guint64 i,
          guint c,
          guint rate,
          gpointer data)
{
  guint track = *(guint *) data;
  double t = (double) i / rate;
  double beat = fmod (t * (2.0 + 0.1 * track), 1.0);
  double env = exp (-6.0 * beat);
  double swell = 0.6 + 0.4 * sin (2.0 * G_PI * t / 20.0);
  guint32 x = (guint32) (i * 2 + c + track * 7919u) * 2654435761u;
  double noise, v = 0.0;

  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  noise = (double) x / G_MAXUINT32 - 0.5;
  for (guint k = 1; k <= 6; k++)
    v += sin (2.0 * G_PI * (55.0 * (track + 1) * k) * t + c * 0.3 * k) / k;
  return swell * (0.25 * v + 0.3 * env * noise);
}

/* The machine is shared: its load says how far the wall time is the preview's. */
static void
print_load (const char *when)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    printf ("  load average %s: %s", when, text);
}

/* The preview's and its reaped children's (the ffmpeg AAC encodes). */
static double
cpu_seconds (void)
{
  struct rusage u, k;

  getrusage (RUSAGE_SELF, &u);
  getrusage (RUSAGE_CHILDREN, &k);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6
         + k.ru_utime.tv_sec + k.ru_utime.tv_usec / 1e6 + k.ru_stime.tv_sec + k.ru_stime.tv_usec / 1e6;
}

int
main (int argc,
      char **argv)
{
  g_autofree char *dir = lq_test_tmpdir ();
  char *paths[N_TRACKS];
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  double album_s = N_TRACKS * TRACK_S, cpu0, cpu1, seconds, per_hour;
  gint64 t0, t1;

  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);

      paths[i] = g_build_filename (dir, name, NULL);
      lq_test_write (paths[i], SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (TRACK_S * RATE),
                     music_cb, &i, NULL);
    }
  lq_codec_preview_options_init (&options);
  options.n_workers = 2;
  options.temp_dir = dir;
  /* CODEC...: only those (e.g. the five libsndfile encodes, without aac-256) */
  if (argc > 1)
    options.codecs = 0;
  for (int a = 1; a < argc; a++)
    {
      LqCodec codec;

      if (!lq_codec_from_id (argv[a], &codec))
        {
          fprintf (stderr, "bench-codec-preview: %s is not a codec\n", argv[a]);
          return 2;
        }
      options.codecs |= 1u << codec;
    }
  print_load ("before");
  cpu0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  tracks = lq_codec_preview_files ((const char *const *) paths, N_TRACKS, &options, NULL, NULL, NULL, &error);
  t1 = g_get_monotonic_time ();
  cpu1 = cpu_seconds ();
  if (tracks == NULL)
    {
      fprintf (stderr, "bench-codec-preview: %s\n", error->message);
      return 1;
    }
  seconds = (t1 - t0) / 1e6;
  per_hour = seconds * 3600.0 / album_s;
  printf ("codec preview, %d tracks x %.0f s (%.0f min), %d codecs, 2 workers:\n", N_TRACKS, TRACK_S,
          album_s / 60.0, __builtin_popcount (options.codecs));
  printf ("  %.1f s wall, %.1f s CPU (%.2fx real time)\n", seconds, cpu1 - cpu0, album_s / seconds);
  printf ("  per album hour: %.0f s wall, %.0f s CPU (goal: under 120 s on 2 cores: %s)\n", per_hour,
          (cpu1 - cpu0) * 3600.0 / album_s, per_hour < 120.0 ? "met" : "NOT met");
  /* What two free cores would take, the workers kept busy. */
  printf ("  on 2 free cores (CPU / 2): %.0f s per album hour\n", (cpu1 - cpu0) * 3600.0 / album_s / 2.0);
  print_load ("after");
  for (guint i = 0; i < N_TRACKS; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);

          printf ("  track %u %-9s %6.2f dBTP (master %6.2f) %+5.2f LU %6.1f kbit/s delay %" G_GINT64_FORMAT "\n",
                  t->position, lq_codec_get_id (r->codec), r->true_peak_dbtp, t->master_true_peak_dbtp,
                  r->loudness_change_lu, r->bitrate_kbps, r->delay_frames);
        }
      g_free (paths[i]);
    }
  lq_test_rmdir (dir);
  return 0;
}

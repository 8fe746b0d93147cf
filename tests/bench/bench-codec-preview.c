/* bench-codec-preview.c: the codec preview (app/release/lq-codec-preview.h)
 * of a generated 10-minute album (4 tracks of 2.5 min, stereo 44.1 kHz
 * float masters: partials with a beat, noise, a slow swell) on 2 workers,
 * every codec; prints the seconds, the CPU seconds and the figure
 * extrapolated to an album hour. The goal: under 120 s per album
 * hour on 2 cores (reported, not enforced). The masters are given (the
 * render is export's cost, measured by its own benchmarks).
 *
 *   bench-codec-preview [--album DIR] [--floor] [CODEC...]
 *
 * --album DIR: the audio files in DIR (sorted by name) are the masters
 * instead of the generated album (real recordings: the encoders' cost
 * depends on the music). --floor: first encodes every track with each codec
 * alone, one after the other on one thread, and prints each encoder's CPU
 * seconds per album hour: what the preview cannot go below, since every
 * codec must be encoded at the settings it measures (a decode, the
 * alignment and the measuring read come on top). CODEC...: only those. */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lq-codec-pass-private.h"
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

/* Decodes all of @path (the cost of a decode: the preview reads every
 * decoded version once whole, and its head once more for the alignment). */
static void
read_all (const char *path)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);
  float buf[4096 * 2];

  if (sf == NULL)
    {
      fprintf (stderr, "bench-codec-preview: %s: %s\n", path, sf_strerror (NULL));
      exit (1);
    }
  while (info.channels <= 2 && sf_readf_float (sf, buf, 4096) > 0)
    ;
  sf_close (sf);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
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
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const char *album_dir = NULL;
  gboolean floor_only = FALSE, floor = FALSE, chosen = FALSE;
  double album_s = 0.0, cpu0, cpu1, seconds, per_hour, floor_cpu = 0.0;
  gint64 t0, t1;

  lq_codec_preview_options_init (&options);
  options.n_workers = 2;
  options.temp_dir = dir;
  /* CODEC...: only those (e.g. the five libsndfile encodes, without aac-256) */
  for (int a = 1; a < argc; a++)
    {
      LqCodec codec;

      if (strcmp (argv[a], "--floor") == 0)
        floor = TRUE;
      else if (strcmp (argv[a], "--floor-only") == 0)
        floor = floor_only = TRUE;
      else if (strcmp (argv[a], "--album") == 0 && a + 1 < argc)
        album_dir = argv[++a];
      else if (lq_codec_from_id (argv[a], &codec))
        {
          if (!chosen)
            options.codecs = 0;
          options.codecs |= 1u << codec;
          chosen = TRUE;
        }
      else
        {
          fprintf (stderr, "usage: bench-codec-preview [--album DIR] [--floor|--floor-only] [CODEC...]\n"
                   "bench-codec-preview: %s is not a codec\n", argv[a]);
          return 2;
        }
    }
  if (album_dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (album_dir, 0, &error);
      const char *name;

      if (d == NULL)
        {
          fprintf (stderr, "bench-codec-preview: %s\n", error->message);
          return 1;
        }
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (album_dir, name, NULL);
          SF_INFO info = { 0 };
          SNDFILE *sf = sf_open (path, SFM_READ, &info);

          if (sf == NULL)
            continue;
          sf_close (sf);
          album_s += (double) info.frames / info.samplerate;
          g_ptr_array_add (paths, g_steal_pointer (&path));
        }
      g_ptr_array_sort (paths, compare_paths);
      if (paths->len == 0)
        {
          fprintf (stderr, "bench-codec-preview: no audio in %s\n", album_dir);
          return 1;
        }
    }
  else
    for (guint i = 0; i < N_TRACKS; i++)
      {
        g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);
        char *path = g_build_filename (dir, name, NULL);

        lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (TRACK_S * RATE),
                       music_cb, &i, NULL);
        g_ptr_array_add (paths, path);
        album_s += TRACK_S;
      }

  print_load ("before");
  printf ("%s: %u tracks, %.1f min\n", album_dir != NULL ? album_dir : "generated album", paths->len,
          album_s / 60.0);
  if (floor)
    {
      double all_enc = 0.0, all_dec = 0.0;

      printf ("the codecs alone (each encodes every track, then decodes it: one thread), CPU s per album hour:\n");
      printf ("  %-10s %6s %6s %6s\n", "codec", "encode", "decode", "both");
      for (LqCodec codec = 0; codec < LQ_CODEC_N; codec++)
        {
          double enc = 0.0, dec = 0.0;

          if (!(options.codecs & (1u << codec)) || lq_codec_get_unavailable_reason (codec) != NULL)
            continue;
          for (guint i = 0; i < paths->len; i++)
            {
              g_autofree char *name = g_strdup_printf ("floor.%s", lq_codec_get_id (codec));
              g_autofree char *out = g_build_filename (dir, name, NULL);
              g_autofree char *wav = g_strconcat (out, ".wav", NULL);
              double c0 = cpu_seconds (), c1, c2;

              if (!lq_codec_encode_file (codec, g_ptr_array_index (paths, i), out, NULL, &error))
                {
                  fprintf (stderr, "bench-codec-preview: %s\n", error->message);
                  return 1;
                }
              c1 = cpu_seconds ();
              /* As the preview decodes: libsndfile, or ffmpeg for AAC to a
               * float WAV libsndfile reads */
              if (codec == LQ_CODEC_AAC_256 && !_lq_codec_aac_decode (out, wav, NULL, &error))
                {
                  fprintf (stderr, "bench-codec-preview: %s\n", error->message);
                  return 1;
                }
              read_all (codec == LQ_CODEC_AAC_256 ? wav : out);
              c2 = cpu_seconds ();
              enc += c1 - c0;
              dec += c2 - c1;
              g_unlink (out);
              g_unlink (wav);
            }
          all_enc += enc;
          all_dec += dec;
          printf ("  %-10s %6.1f %6.1f %6.1f\n", lq_codec_get_id (codec), enc * 3600.0 / album_s,
                  dec * 3600.0 / album_s, (enc + dec) * 3600.0 / album_s);
        }
      floor_cpu = all_enc + all_dec;
      printf ("  %-10s %6.1f %6.1f %6.1f: at least %.0f s per album hour on 2 cores (goal 120 s)\n", "all",
              all_enc * 3600.0 / album_s, all_dec * 3600.0 / album_s, floor_cpu * 3600.0 / album_s,
              floor_cpu * 3600.0 / album_s / 2.0);
      if (floor_only)
        {
          lq_test_rmdir (dir);
          return 0;
        }
    }

  cpu0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  tracks = lq_codec_preview_files ((const char *const *) paths->pdata, paths->len, &options, NULL, NULL, NULL,
                                   &error);
  t1 = g_get_monotonic_time ();
  cpu1 = cpu_seconds ();
  if (tracks == NULL)
    {
      fprintf (stderr, "bench-codec-preview: %s\n", error->message);
      return 1;
    }
  seconds = (t1 - t0) / 1e6;
  per_hour = seconds * 3600.0 / album_s;
  printf ("codec preview, %u tracks (%.1f min), %d codecs, 2 workers:\n", paths->len, album_s / 60.0,
          __builtin_popcount (options.codecs & ((1u << LQ_CODEC_N) - 1)));
  printf ("  %.1f s wall, %.1f s CPU (%.2fx real time)\n", seconds, cpu1 - cpu0, album_s / seconds);
  printf ("  per album hour: %.0f s wall, %.0f s CPU (goal: under 120 s on 2 cores: %s)\n", per_hour,
          (cpu1 - cpu0) * 3600.0 / album_s, per_hour < 120.0 ? "met" : "NOT met");
  /* What two free cores would take, the workers kept busy. */
  printf ("  on 2 free cores (CPU / 2): %.0f s per album hour\n", (cpu1 - cpu0) * 3600.0 / album_s / 2.0);
  if (floor)
    printf ("  beyond encoding and decoding (alignment, measuring, files): %.0f CPU s per album hour\n",
            (cpu1 - cpu0 - floor_cpu) * 3600.0 / album_s);
  print_load ("after");
  for (guint i = 0; i < paths->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);

          printf ("  track %u %-9s %6.2f dBTP (master %6.2f) %+5.2f LU %6.1f kbit/s delay %" G_GINT64_FORMAT "\n",
                  t->position, lq_codec_get_id (r->codec), r->true_peak_dbtp, t->master_true_peak_dbtp,
                  r->loudness_change_lu, r->bitrate_kbps, r->delay_frames);
        }
    }
  lq_test_rmdir (dir);
  return 0;
}

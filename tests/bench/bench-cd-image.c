/* bench-cd-image.c: the time lq_cd_image_write() takes for a 60-minute
 * album (10 tracks of 6 minutes of music-like signal: pink noise with a
 * slow loudness envelope and a few tones, stereo 44.1 kHz 24-bit WAV,
 * generated once into a temporary directory, about 640 MB, removed after),
 * analysed and matched to Spotify's target by lacquer-cli first (so the
 * render starts from the solved gains, as `release` does), laid out with
 * a 2 s pregap and 2 s gaps. Prints the image's time and its ratio to real
 * time, and, when ffmpeg is installed, the time of one
 * `ffmpeg -af loudnorm=print_format=summary` analysis pass over every track
 * (the speed goal: the whole release faster than that pass).
 * Reported, not enforced: exit 0.
 *
 * Usage: bench-cd-image LACQUER-CLI [MINUTES-A-TRACK]
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "lq-cd-image.h"
#include "lq-cd-layout.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 44100
#define N_TRACKS 10
#define CHUNK 65536
#define GAP_FRAMES 150

typedef struct
{
  GRand *rand;
  double b[2][3];
  guint64 i;
  double tone;
} Music;

static void
music_fill (Music *m,
            float *out,
            guint frames)
{
  for (guint k = 0; k < frames; k++, m->i++)
    {
      double t = (double) m->i / RATE;
      /* A phrase every 8 s, louder and softer. */
      double env = 0.55 + 0.45 * sin (2 * G_PI * t / 8.0);
      double tones = 0.08 * sin (2 * G_PI * m->tone * t) + 0.05 * sin (2 * G_PI * m->tone * 1.5 * t);

      for (guint c = 0; c < 2; c++)
        {
          double w = g_rand_double_range (m->rand, -1.0, 1.0);
          double *b = m->b[c];

          b[0] = 0.99765 * b[0] + w * 0.0990460;
          b[1] = 0.96300 * b[1] + w * 0.2965164;
          b[2] = 0.57000 * b[2] + w * 1.0526913;
          out[2 * k + c] = (float) (env * (0.08 * (b[0] + b[1] + b[2] + w * 0.1848) + tones));
        }
    }
}

static void
write_music (const char *path,
             guint64 frames,
             guint seed)
{
  SF_INFO info = { .samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
  SNDFILE *f = sf_open (path, SFM_WRITE, &info);
  Music m = { g_rand_new_with_seed (seed), { { 0 } }, 0, 110.0 * (1 + seed % 5) };
  float *buf = g_new (float, 2 * CHUNK);

  if (f == NULL)
    {
      g_printerr ("%s: cannot write: %s\n", path, sf_strerror (NULL));
      exit (1);
    }
  for (guint64 done = 0; done < frames; done += CHUNK)
    {
      guint n = (guint) MIN (CHUNK, frames - done);

      music_fill (&m, buf, n);
      if (sf_writef_float (f, buf, n) != n)
        {
          g_printerr ("%s: cannot write: %s\n", path, sf_strerror (f));
          exit (1);
        }
    }
  sf_close (f);
  g_free (buf);
  g_rand_free (m.rand);
}

/* CPU seconds (user + system) of this process or, with @children, of its
 * waited-for children: the machine may be shared, so both are printed. */
static double
cpu_seconds (gboolean children)
{
  struct rusage ru;

  getrusage (children ? RUSAGE_CHILDREN : RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double
run_timed (const char *const *argv,
           const char *cwd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed: %s%s\n", argv[0], error != NULL ? error->message : "", err != NULL ? err : "");
      exit (1);
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
main (int argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqCdLayout) layout = NULL;
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *project_path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *image = g_build_filename (dir, "album.wav", NULL);
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  double minutes = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 6.0;
  guint64 frames = (guint64) (minutes * 60 * RATE);
  g_autofree char *cli = NULL;
  char *files[N_TRACKS + 1] = { NULL };
  double seconds, album_s, analyse_s, match_s, cpu;
  gint64 t0;
  guint64 frame;

  if (argc < 2 || minutes <= 0)
    {
      g_printerr ("Usage: bench-cd-image LACQUER-CLI [MINUTES-A-TRACK]\n");
      return 2;
    }
  /* The commands run in the album's folder. */
  cli = g_canonicalize_filename (argv[1], NULL);
  album_s = (double) frames * N_TRACKS / RATE;
  g_print ("bench-cd-image: %u tracks of %.1f min (%.1f min), generating in %s\n",
           N_TRACKS, minutes, album_s / 60, dir);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);

      files[i] = g_build_filename (dir, name, NULL);
      write_music (files[i], frames, i + 1);
    }
  project = lq_project_create (project_path, &error);
  if (project == NULL || !lq_project_add_files (project, (const char *const *) files, 0, NULL, &error))
    {
      g_printerr ("%s: %s\n", project_path, error->message);
      return 1;
    }
  g_clear_object (&project);
  analyse_s = run_timed ((const char *[]) { cli, "analyze", project_path, NULL }, dir);
  match_s = run_timed ((const char *[]) { cli, "match", project_path, "--mode", "album",
                                          "--target", "spotify", NULL }, dir);
  project = lq_project_open (project_path, TRUE, &error);
  if (project == NULL)
    {
      g_printerr ("%s: %s\n", project_path, error->message);
      return 1;
    }

  layout = lq_cd_layout_new (N_TRACKS);
  frame = 0;
  for (guint i = 0; i < N_TRACKS; i++)
    {
      LqCdTrack *t = &layout->tracks[i];

      t->project_position = i;
      t->pregap = frame;
      t->start = frame + GAP_FRAMES;
      t->samples = frames;
      frame = t->end = t->start + (frames + LQ_CD_FRAME_SAMPLES - 1) / LQ_CD_FRAME_SAMPLES;
    }
  layout->leadout = frame;

  cpu = cpu_seconds (FALSE);
  t0 = g_get_monotonic_time ();
  if (!lq_cd_image_write (project, layout, image, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  cpu = cpu_seconds (FALSE) - cpu;
  g_print ("  analyze (lacquer-cli):      %8.2f s\n", analyse_s);
  g_print ("  match --mode album:         %8.2f s\n", match_s);
  g_print ("  CD image (WAV, %" G_GUINT64_FORMAT " frames): %8.2f s, %.1fx real time (CPU %.2f s)\n",
           layout->leadout, seconds, album_s / seconds, cpu);
  g_unlink (image);

  if (ffmpeg != NULL)
    {
      double ff = 0, ff_cpu = cpu_seconds (TRUE);

      for (guint i = 0; i < N_TRACKS; i++)
        ff += run_timed ((const char *[]) { ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-i", files[i],
                                            "-af", "loudnorm=print_format=summary", "-f", "null", "-",
                                            NULL }, dir);
      ff_cpu = cpu_seconds (TRUE) - ff_cpu;
      g_print ("  ffmpeg loudnorm pass:       %8.2f s, %.1fx real time (CPU %.2f s)\n",
               ff, album_s / ff, ff_cpu);
      g_print ("  image / loudnorm:           %8.2f (wall), %.2f (CPU)\n", seconds / ff, cpu / ff_cpu);
    }
  else
    g_print ("  ffmpeg loudnorm pass:       not run (ffmpeg is not installed)\n");

  for (guint i = 0; i < N_TRACKS; i++)
    g_free (files[i]);
  g_clear_object (&project);
  lq_test_rmdir (dir);
  return 0;
}

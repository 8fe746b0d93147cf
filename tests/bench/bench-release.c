/* bench-release.c: issue 13's speed goal for the release. A generated
 * 60-minute album (10 tracks of 6 minutes of music-like signal: pink noise
 * with a slow loudness envelope and two tones, stereo 44.1 kHz 24-bit WAV,
 * about 640 MB in a temporary directory, removed after), analysed once by
 * `lacquer-cli analyze`, then, 3 runs each:
 *
 *   lacquer-cli release album.lacquer --out DIR --cd --ddp --report
 *     (CD image, cue sheet, TOC, DDP, report and manifest; no codecs)
 *   ffmpeg -af loudnorm=print_format=json -f null -
 *     over the ten files one after the other (as a loudnorm analysis runs)
 *
 * Prints each run, the median wall time and the median CPU time (user +
 * system of the children, getrusage (RUSAGE_CHILDREN)), and the ratios
 * release / loudnorm (goal: below 1, reported, not enforced), also with
 * the analysis counted in. Exit 0 unless a command fails; exit 2 without
 * ffmpeg. The machine may be shared: the load average is printed before
 * and after.
 *
 * Usage: bench-release LACQUER-CLI [MINUTES-A-TRACK] [RUNS]
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 44100
#define N_TRACKS 10
#define CHUNK 65536
#define MAX_RUNS 9

typedef struct
{
  GRand *rand;
  double b[2][3];
  guint64 i;
  double tone;
} Music;

/* Pink noise (Paul Kellet's three-pole filter) with a phrase every 8 s and
 * two tones, as bench-cd-image.c. */
static void
music_fill (Music *m,
            float *out,
            guint frames)
{
  for (guint k = 0; k < frames; k++, m->i++)
    {
      double t = (double) m->i / RATE;
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
  g_autofree float *buf = g_new (float, 2 * CHUNK);

  if (f == NULL)
    {
      g_printerr ("%s: cannot be written: %s\n", path, sf_strerror (NULL));
      exit (1);
    }
  for (guint64 done = 0; done < frames; done += CHUNK)
    {
      guint n = (guint) MIN (CHUNK, frames - done);

      music_fill (&m, buf, n);
      if (sf_writef_float (f, buf, n) != n)
        {
          g_printerr ("%s: cannot be written: %s\n", path, sf_strerror (f));
          exit (1);
        }
    }
  sf_close (f);
  g_rand_free (m.rand);
}

static double
children_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Runs @argv in @cwd; its wall seconds, and its CPU seconds in *cpu (added). */
static double
run_timed (const char *const *argv,
           const char *cwd,
           double *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  double cpu0 = children_cpu ();
  gint64 t0 = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed: %s%s\n", argv[0], error != NULL ? error->message : "", err != NULL ? err : "");
      exit (1);
    }
  *cpu += children_cpu () - cpu0;
  return (g_get_monotonic_time () - t0) / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (const double *values,
        guint n)
{
  double sorted[MAX_RUNS];

  memcpy (sorted, values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_double);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

static void
print_load (const char *when)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    g_print ("  load average %s: %s", when, text);
}

int
main (int argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  double minutes = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 6.0;
  guint runs = argc > 3 ? (guint) CLAMP (atoi (argv[3]), 1, MAX_RUNS) : 3;
  guint64 frames = (guint64) (minutes * 60 * RATE);
  g_autofree char *cli = NULL;
  char *files[N_TRACKS + 1] = { NULL };
  double rel_wall[MAX_RUNS], rel_cpu[MAX_RUNS], ff_wall[MAX_RUNS], ff_cpu[MAX_RUNS];
  double analyse_s, analyse_cpu = 0, album_s, r_wall, r_cpu, f_wall, f_cpu;

  if (argc < 2 || minutes <= 0)
    {
      g_printerr ("Usage: bench-release LACQUER-CLI [MINUTES-A-TRACK] [RUNS]\n");
      return 2;
    }
  if (ffmpeg == NULL)
    {
      g_printerr ("bench-release: needs ffmpeg (Debian package ffmpeg)\n");
      return 2;
    }
  cli = g_canonicalize_filename (argv[1], NULL);
  dir = lq_test_tmpdir ();
  project_path = g_build_filename (dir, "album.lacquer", NULL);
  album_s = (double) frames * N_TRACKS / RATE;
  g_print ("bench-release: %u tracks of %.1f min (%.1f min), %u runs each, %u cores, in %s\n",
           N_TRACKS, minutes, album_s / 60, runs, g_get_num_processors (), dir);
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
  print_load ("before");
  analyse_s = run_timed ((const char *[]) { cli, "analyze", project_path, NULL }, dir, &analyse_cpu);
  g_print ("  lacquer-cli analyze (once):  %7.2f s wall, %7.2f s CPU\n", analyse_s, analyse_cpu);

  /* Alternating, so a load that comes and goes falls on both. */
  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *out = g_build_filename (dir, "release", NULL);

      rel_cpu[r] = 0;
      rel_wall[r] = run_timed ((const char *[]) { cli, "release", project_path, "--out", out, "--cd", "--ddp",
                                                  "--report", NULL }, dir, &rel_cpu[r]);
      lq_test_rmdir (out);
      ff_cpu[r] = 0;
      ff_wall[r] = 0;
      for (guint i = 0; i < N_TRACKS; i++)
        ff_wall[r] += run_timed ((const char *[]) { ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-i", files[i],
                                                    "-af", "loudnorm=print_format=json", "-f", "null", "-",
                                                    NULL }, dir, &ff_cpu[r]);
      g_print ("  run %u: release %7.2f s wall %7.2f s CPU | loudnorm %7.2f s wall %7.2f s CPU\n", r + 1,
               rel_wall[r], rel_cpu[r], ff_wall[r], ff_cpu[r]);
    }
  print_load ("after");
  r_wall = median (rel_wall, runs);
  r_cpu = median (rel_cpu, runs);
  f_wall = median (ff_wall, runs);
  f_cpu = median (ff_cpu, runs);
  g_print ("  median release --cd --ddp --report: %7.2f s wall, %7.2f s CPU (%.1fx real time)\n", r_wall, r_cpu,
           album_s / r_wall);
  g_print ("  median ffmpeg loudnorm pass:        %7.2f s wall, %7.2f s CPU (%.1fx real time)\n", f_wall, f_cpu,
           album_s / f_wall);
  g_print ("  release / loudnorm:            %.2f (wall), %.2f (CPU) (goal: below 1 wall: %s)\n", r_wall / f_wall,
           r_cpu / f_cpu, r_wall < f_wall ? "met" : "NOT met");
  g_print ("  (analyze + release) / loudnorm: %.2f (wall), %.2f (CPU)\n", (analyse_s + r_wall) / f_wall,
           (analyse_cpu + r_cpu) / f_cpu);

  for (guint i = 0; i < N_TRACKS; i++)
    g_free (files[i]);
  lq_test_rmdir (dir);
  return 0;
}

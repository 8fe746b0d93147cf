/* bench-engine-reader.c: the playback engine's reader over a 2-hour play,
 * and the time from an edit to hearing it.
 *
 * (a) LqEngine plays a 2-hour timeline offline: lq_engine_process() in
 *     1024-frame blocks as fast as the reader thread keeps its rings
 *     filled (_lq_engine_wait_ready before each block), neutral chain.
 *     What is read: a generated 5-minute 16-bit stereo 44.1 kHz WAV (53 MB,
 *     in a temporary directory), played 24 times over (a seek to its start
 *     at its end: every frame of the 2 hours decoded from the file by
 *     libsndfile, the same file, so the page cache serves it after the
 *     first pass). Prints the process's RSS at each 10-minute mark of
 *     timeline (it must not grow) and the reader thread's CPU time
 *     (/proc/self/task/TID/stat, utime + stime) against the wall time.
 * (b) Edit to hearing: a track plays; before block k a +6 dB gain
 *     (lq_engine_set_chain_settings) is published; the time from there to
 *     the first output frame that differs from the unedited output, and to
 *     the output being within 0.1 dB of the new level, in ms of audio, at
 *     blocks of 64 to 1024 frames. Offline, with no device: a device adds
 *     its own buffer (the frames already handed to it) on top.
 *
 * usage: bench-engine-reader [MINUTES] (default 120). Reported, not
 * enforced. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lq-engine-private.h"
#include "lq-render.h"
#include "lq-test-audio.h"

#define RATE 44100
#define FILE_MINUTES 5
#define BLOCK 1024

static double
signal_cb (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;

  return 0.25 * sin (2 * G_PI * (220.0 + 20.0 * c) * t) + 0.1 * sin (2 * G_PI * 2500.0 * t);
}

static void
spec_init (LqRenderSpec *spec, const char *path)
{
  memset (spec, 0, sizeof *spec);
  spec->source = g_strdup (path);
  spec->title = g_strdup ("Track");
  spec->track_number = 1;
  spec->n_tracks = 1;
  spec->target_lufs = NAN;
  lq_chain_settings_init (&spec->chain);
}

static double
rss_mb (void)
{
  long pages = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (f != NULL)
    {
      if (fscanf (f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
      fclose (f);
    }
  return (double) resident * sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* The reader thread's id: the process's only thread besides the main one
 * (GLib 2.74 does not name it in /proc here). -1 if there are others. */
static int
find_reader_tid (void)
{
  DIR *d = opendir ("/proc/self/task");
  struct dirent *e;
  int tid = -1, others = 0;

  while (d != NULL && (e = readdir (d)) != NULL)
    if (e->d_name[0] != '.' && atoi (e->d_name) != getpid ())
      {
        tid = atoi (e->d_name);
        others++;
      }
  if (d != NULL)
    closedir (d);
  return others == 1 ? tid : -1;
}

/* utime + stime of thread @tid, in seconds. */
static double
thread_cpu_s (int tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%d/stat", tid);
  g_autofree char *text = NULL;
  unsigned long utime = 0, stime = 0;
  const char *p;

  if (tid < 0 || !g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return NAN;
  /* After "(comm) ": state is field 3; utime and stime are fields 14, 15. */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return NAN;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

static void
bench_two_hours (const char *path, double minutes)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autofree float *buf = g_new (float, 2 * BLOCK);
  gint64 target = (gint64) (minutes * 60 * RATE), heard = 0, last = 0, length;
  gint64 start_us = g_get_monotonic_time ();
  guint passes = 1, mark = 0;
  double rss0 = 0, rss_max = 0;
  int tid;

  spec_init (&spec, path);
  if (!lq_engine_load_spec (engine, &spec, &error))
    g_error ("%s", error->message);
  length = lq_engine_get_length (engine);
  /* GLib names the thread from inside it: look once it runs. */
  _lq_engine_wait_ready (engine, BLOCK);
  tid = find_reader_tid ();
  printf ("(a) reader over %.0f minutes of timeline: %s, %d-minute 16-bit WAV read %.0f times\n",
          minutes, path, FILE_MINUTES, ceil (minutes / FILE_MINUTES));
  printf ("    reader thread %d\n", tid);
  printf ("    %8s %10s %12s %14s\n", "minute", "RSS MB", "wall s", "reader CPU s");
  lq_engine_play (engine);
  while (heard < target)
    {
      gint64 pos;

      if (!lq_engine_get_playing (engine))
        {
          lq_engine_seek (engine, 0);
          lq_engine_play (engine);
          last = 0;
          passes++;
        }
      _lq_engine_wait_ready (engine, 3 * BLOCK);
      lq_engine_process (engine, buf, BLOCK);
      pos = lq_engine_get_position (engine);
      heard += MAX (0, pos - last);
      last = pos;
      if (heard >= (gint64) mark * 600 * RATE)
        {
          double rss = rss_mb ();

          if (mark == 1)
            rss0 = rss;
          rss_max = MAX (rss_max, rss);
          printf ("    %8u %10.1f %12.1f %14.2f\n", mark * 10, rss,
                  (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC, thread_cpu_s (tid));
          fflush (stdout);
          mark++;
        }
    }
  {
    double wall = (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
    double cpu = thread_cpu_s (tid);

    printf ("    %u passes over the file, %.1f s wall; reader CPU %.2f s = %.3f%% of the "
            "timeline's %.0f s (%.0fx real time per core)\n",
            passes, wall, cpu, 100.0 * cpu / (minutes * 60), minutes * 60, minutes * 60 / cpu);
    printf ("    RSS from the 10-minute mark on: %.1f MB, at most %.1f MB (growth %+.1f MB)\n",
            rss0, rss_max, rss_max - rss0);
  }
  lq_render_spec_clear (&spec);
  (void) length;
}

static double
rms (const float *x, gint64 a, gint64 b)
{
  double s = 0.0;

  for (gint64 k = 2 * a; k < 2 * b; k++)
    s += (double) x[k] * x[k];
  return sqrt (s / (double) (2 * (b - a)));
}

static float *
play (const char *path, guint block, gint64 n, gint64 edit_at, double gain_db)
{
  LqRenderSpec spec;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  g_autoptr (GError) error = NULL;
  float *out = g_new0 (float, 2 * (gsize) (n + block));
  g_autofree float *scratch = g_new (float, 2 * block);
  gint64 done = 0;

  spec_init (&spec, path);
  spec.chain.match_gain_db = -12.0;
  if (!lq_engine_load_spec (engine, &spec, &error))
    g_error ("%s", error->message);
  lq_engine_seek (engine, RATE);
  lq_engine_play (engine);
  while (lq_engine_get_prerolling (engine))
    {
      _lq_engine_wait_ready (engine, 3 * block);
      lq_engine_process (engine, scratch, block);
    }
  while (done < n)
    {
      if (edit_at >= 0 && done == edit_at)
        {
          LqChainSettings s = spec.chain;

          s.match_gain_db += gain_db;
          lq_engine_set_chain_settings (engine, &s);
        }
      _lq_engine_wait_ready (engine, 3 * block);
      lq_engine_process (engine, out + 2 * done, block);
      done += block;
    }
  lq_render_spec_clear (&spec);
  return out;
}

static void
bench_edit_latency (const char *path)
{
  static const guint blocks[] = { 64, 128, 256, 512, 1024 };

  printf ("(b) edit to hearing (+6 dB gain published before a block, offline, %d Hz)\n", RATE);
  printf ("    %6s %18s %22s\n", "block", "first change ms", "within 0.1 dB ms");
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      guint block = blocks[i];
      gint64 n = 2 * RATE / block * block, at = (RATE / 2) / block * block, first = -1, settled = -1;
      g_autofree float *steady = play (path, block, n, -1, 0);
      g_autofree float *edited = play (path, block, n, at, 6.0);
      gint64 w = RATE / 100;   /* 10 ms windows for the level */

      for (gint64 k = 2 * at; k < 2 * n && first < 0; k++)
        if (edited[k] != steady[k])
          first = k / 2;
      for (gint64 a = at; a + w <= n && settled < 0; a += w / 10)
        if (fabs (20 * log10 (rms (edited, a, a + w) / rms (steady, a, a + w)) - 6.0) < 0.1)
          settled = a;
      printf ("    %6u %18.2f %22.2f\n", block, 1000.0 * (first - at) / RATE,
              settled < 0 ? NAN : 1000.0 * (settled - at) / RATE);
    }
}

int
main (int argc, char **argv)
{
  double minutes = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 120.0;
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "five-minutes.wav", NULL);

  setvbuf (stdout, NULL, _IOLBF, 0);
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2,
                 (guint64) FILE_MINUTES * 60 * RATE, signal_cb, NULL, NULL);
  bench_edit_latency (path);
  bench_two_hours (path, minutes > 0 ? minutes : 120.0);
  lq_test_rmdir (dir);
  return 0;
}

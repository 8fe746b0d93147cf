/* bench-analysis-memory.c: the memory `lacquer-cli analyze` takes for 20 s,
 * 20 min and 2 h of stereo 44.1 kHz 24-bit WAV (pink noise at about
 * -20 dBFS RMS, written into a temporary directory and removed after; the
 * 2-hour file is 1.9 GB).
 *
 * For each length, 3 runs of the CLI in a child process: its peak resident
 * set size (getrusage() RUSAGE_CHILDREN of that child alone, i.e. what
 * `/usr/bin/time -v` reports as maximum resident set size), and once, in
 * this process, the analyzer's own count of the bytes its meters and stores
 * held at their peak and of what the analysis keeps
 * (lq_analyze_file_with_memory()), also in a child so this process stays
 * small (Linux counts the RSS a child had before exec() in its peak, and a
 * forked child starts with its parent's). The RSS includes the program, its
 * libraries and FFTW's tables (about 10 MB); what grows with the length is
 * the block energies and the waveform overview the analysis keeps (about
 * 51 kB per minute here, 3 MB per hour). Reported, not enforced: exit 0.
 *
 * Usage: bench-analysis-memory LACQUER-CLI
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lq-analyzer.h"

#define RATE 44100
#define N_RUNS 3
#define CHUNK 65536

/* Pink noise (Paul Kellet's economy filter over white noise), two
 * independent channels, interleaved. */
typedef struct
{
  GRand *rand;
  double b[2][3];
} Pink;

static void
pink_fill (Pink *p, float *out, guint frames)
{
  for (guint i = 0; i < frames; i++)
    for (guint c = 0; c < 2; c++)
      {
        double w = g_rand_double_range (p->rand, -1.0, 1.0);
        double *b = p->b[c];

        b[0] = 0.99765 * b[0] + w * 0.0990460;
        b[1] = 0.96300 * b[1] + w * 0.2965164;
        b[2] = 0.57000 * b[2] + w * 1.0526913;
        out[2 * i + c] = (float) (0.05 * (b[0] + b[1] + b[2] + w * 0.1848));
      }
}

static gboolean
write_pink (const char *path, guint64 frames)
{
  SF_INFO info = { .samplerate = RATE, .channels = 2,
                   .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
  SNDFILE *f = sf_open (path, SFM_WRITE, &info);
  Pink p = { g_rand_new_with_seed (1), { { 0 } } };
  float *buf = g_new (float, 2 * CHUNK);
  gboolean ok = f != NULL;

  for (guint64 done = 0; ok && done < frames; done += CHUNK)
    {
      guint n = (guint) MIN (CHUNK, frames - done);

      pink_fill (&p, buf, n);
      ok = sf_writef_float (f, buf, n) == n;
    }
  if (f != NULL && sf_close (f) != 0)
    ok = FALSE;
  g_free (buf);
  g_rand_free (p.rand);
  return ok;
}

/* Runs `cli analyze path` and returns its peak RSS in kB, or -1. */
static long
child_max_rss (const char *cli, const char *path)
{
  struct rusage ru;
  int status;
  pid_t pid = fork ();

  if (pid < 0)
    return -1;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      if (null >= 0)
        dup2 (null, STDOUT_FILENO);
      execl (cli, cli, "analyze", path, (char *) NULL);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &ru) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;
  return ru.ru_maxrss;
}

/* The analyzer's own count for @path, from a child process. */
static gboolean
analyzer_memory (const char *path, LqAnalyzerMemory *mem)
{
  int fds[2], status;
  pid_t pid;
  gboolean ok;

  if (pipe (fds) != 0)
    return FALSE;
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      LqTrackAnalysis *a = lq_analyze_file_with_memory (path, NULL, NULL, NULL, mem, NULL);

      _exit (a != NULL && write (fds[1], mem, sizeof *mem) == sizeof *mem ? 0 : 1);
    }
  close (fds[1]);
  ok = read (fds[0], mem, sizeof *mem) == sizeof *mem;
  close (fds[0]);
  return waitpid (pid, &status, 0) == pid && WIFEXITED (status) && WEXITSTATUS (status) == 0 && ok;
}

static int
compare_long (const void *a, const void *b)
{
  long x = *(const long *) a, y = *(const long *) b;

  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  static const struct { const char *name; guint64 seconds; } lengths[] = {
    { "20 s", 20 }, { "20 min", 20 * 60 }, { "2 h", 2 * 3600 },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status = 0;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s LACQUER-CLI\n", argv[0]);
      return 2;
    }
  dir = g_dir_make_tmp ("lq-bench-memory-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("lacquer-cli analyze, stereo 44.1 kHz 24-bit WAV, %d runs each\n", N_RUNS);
  printf ("%-8s %12s %28s %14s %14s\n", "length", "peak RSS", "runs (kB)",
          "meters+stores", "kept");
  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    {
      g_autofree char *path = g_build_filename (dir, "pink.wav", NULL);
      LqAnalyzerMemory mem = { 0 };
      gboolean measured;
      long rss[N_RUNS];
      g_autofree char *runs = NULL;

      if (!write_pink (path, lengths[l].seconds * RATE))
        {
          fprintf (stderr, "cannot write %s\n", path);
          g_unlink (path);
          status = 1;
          break;
        }
      for (guint r = 0; r < N_RUNS; r++)
        rss[r] = child_max_rss (argv[1], path);
      measured = analyzer_memory (path, &mem);
      g_unlink (path);
      if (!measured || rss[0] < 0 || rss[1] < 0 || rss[2] < 0)
        {
          fprintf (stderr, "analysis of %s failed\n", lengths[l].name);
          status = 1;
          break;
        }
      runs = g_strdup_printf ("%ld %ld %ld", rss[0], rss[1], rss[2]);
      qsort (rss, N_RUNS, sizeof rss[0], compare_long);
      printf ("%-8s %9.1f MB %28s %11.2f MB %11.2f MB\n", lengths[l].name,
              rss[N_RUNS / 2] / 1024.0, runs, mem.peak_bytes / 1048576.0,
              mem.retained_bytes / 1048576.0);
      fflush (stdout);
    }

  {
    struct rusage self;

    /* Each child's peak counts the pages it shared with this process. */
    getrusage (RUSAGE_SELF, &self);
    printf ("(this process peaked at %.1f MB)\n", self.ru_maxrss / 1024.0);
  }
  g_rmdir (dir);
  return status;
}

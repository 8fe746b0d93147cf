/* check-wav-match.c: finds a reference inside a JACK capture and compares
 * every sample.
 *
 * usage: check-wav-match REF.wav CAPTURE.wav [FROM [COUNT]]
 *   Frames FROM .. FROM + COUNT - 1 of REF (default: all of it) must be in
 *   CAPTURE bit for bit. The capture starts before playback with silence:
 *   the first frame with a sample that is not 0 in both places aligns them
 *   (so the frames of REF before its first non-zero one must be 0 in the
 *   capture too). Prints the lag, the frames compared and the largest
 *   difference; exits 0 only when that is 0 and all the frames were there.
 * usage: check-wav-match --make OUT.wav SECONDS RATE
 *   Writes a 32-bit float stereo test track: two sines, a different one
 *   per channel, and noise, starting at full level on frame 0.
 * usage: check-wav-match --concat OUT.wav RATE SILENCE IN.wav [SILENCE IN.wav...]
 *   Writes each IN's frames after SILENCE frames of 0, one after the other,
 *   as 32-bit float (bit for bit: an album's gaps and exports). */
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float *
load (const char *path, long *frames)
{
  SF_INFO info;
  SNDFILE *f;
  float *b;

  memset (&info, 0, sizeof info);
  f = sf_open (path, SFM_READ, &info);
  if (f == NULL || info.channels != 2)
    {
      fprintf (stderr, "%s: cannot read stereo audio\n", path);
      exit (2);
    }
  b = malloc (sizeof (float) * 2 * (size_t) (info.frames + 1));
  *frames = (long) sf_readf_float (f, b, info.frames);
  sf_close (f);
  return b;
}

static long
onset (const float *b, long from, long n)
{
  for (long k = from; k < n; k++)
    if (b[2 * k] != 0.0f || b[2 * k + 1] != 0.0f)
      return k;
  return -1;
}

static int
make (const char *path, double seconds, int rate)
{
  SF_INFO info = { 0 };
  SNDFILE *f;
  long n = (long) (seconds * rate);
  float *b = malloc (sizeof (float) * 2 * (size_t) n);
  uint32_t seed = 12345;

  for (long k = 0; k < n; k++)
    {
      double t = (double) k / rate;
      float noise;

      seed = seed * 1664525u + 1013904223u;
      noise = (float) ((double) (seed >> 8) / (double) (1u << 24) - 0.5);
      b[2 * k] = (float) (0.4 * cos (2 * M_PI * 220 * t) + 0.2 * sin (2 * M_PI * 3100 * t)) + 0.05f * noise;
      b[2 * k + 1] = (float) (0.3 * cos (2 * M_PI * 330 * t) + 0.2 * sin (2 * M_PI * 5200 * t)) - 0.05f * noise;
    }
  info.samplerate = rate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  f = sf_open (path, SFM_WRITE, &info);
  if (f == NULL || sf_writef_float (f, b, n) != n)
    {
      fprintf (stderr, "%s: cannot write\n", path);
      return 2;
    }
  sf_close (f);
  free (b);
  return 0;
}

static int
concat (int argc, char **argv)
{
  SF_INFO info = { 0 };
  SNDFILE *f;

  info.samplerate = atoi (argv[3]);
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  f = sf_open (argv[2], SFM_WRITE, &info);
  if (f == NULL)
    {
      fprintf (stderr, "%s: cannot write\n", argv[2]);
      return 2;
    }
  for (int i = 4; i + 1 < argc; i += 2)
    {
      long silence = atol (argv[i]), n;
      float *zeros = calloc (2 * (size_t) silence + 2, sizeof (float));
      float *b = load (argv[i + 1], &n);

      if (sf_writef_float (f, zeros, silence) != silence || sf_writef_float (f, b, n) != n)
        {
          fprintf (stderr, "%s: cannot write\n", argv[2]);
          return 2;
        }
      free (zeros);
      free (b);
    }
  sf_close (f);
  return 0;
}

int
main (int argc, char **argv)
{
  long nr, nc, from, count, er, ec, lag, compared = 0, diffs = 0;
  float *r, *c;
  double maxd = 0;

  if (argc == 5 && strcmp (argv[1], "--make") == 0)
    return make (argv[2], atof (argv[3]), atoi (argv[4]));
  if (argc >= 6 && argc % 2 == 0 && strcmp (argv[1], "--concat") == 0)
    return concat (argc, argv);
  if (argc < 3 || argc > 5)
    {
      fprintf (stderr, "usage: check-wav-match REF.wav CAPTURE.wav [FROM [COUNT]]\n"
                       "       check-wav-match --make OUT.wav SECONDS RATE\n");
      return 2;
    }
  r = load (argv[1], &nr);
  c = load (argv[2], &nc);
  from = argc > 3 ? atol (argv[3]) : 0;
  count = argc > 4 ? atol (argv[4]) : nr - from;
  if (from < 0 || count <= 0 || from + count > nr)
    {
      fprintf (stderr, "check-wav-match: frames %ld + %ld are not in the reference (%ld frames)\n",
               from, count, nr);
      return 2;
    }
  er = onset (r, from, from + count);
  ec = onset (c, 0, nc);
  if (er < 0 || ec < 0)
    {
      printf ("no signal (reference onset %ld, capture onset %ld)\n", er, ec);
      return 1;
    }
  /* Capture frame lag + k holds reference frame from + k. */
  lag = ec - (er - from);
  if (lag < 0)
    {
      printf ("the capture starts inside the reference (lag %ld)\n", lag);
      return 1;
    }
  for (long k = 0; k < count && lag + k < nc; k++, compared++)
    for (int ch = 0; ch < 2; ch++)
      {
        double d = fabs ((double) c[2 * (lag + k) + ch] - (double) r[2 * (from + k) + ch]);

        if (d > 0)
          {
            if (diffs++ < 5)
              printf ("frame %ld channel %d: capture %.9g, reference %.9g\n", k, ch,
                      c[2 * (lag + k) + ch], r[2 * (from + k) + ch]);
            if (d > maxd)
              maxd = d;
          }
      }
  printf ("lag %ld frames; compared %ld of %ld frames; %ld samples differ; max |diff| %.3g\n",
          lag, compared, count, diffs, maxd);
  free (r);
  free (c);
  return compared == count && diffs == 0 ? 0 : 1;
}

/* check-wav-level.c: the level of a JACK capture over time.
 *
 * usage: check-wav-level CAPTURE.wav [WINDOW_MS]
 * Prints one line per window (default 100 ms) from the first frame that is
 * not silent: "SECONDS RMS_DBFS PEAK" (both channels; -inf for digital
 * silence), so a script can see a level change or a silent stretch. Exits 1
 * when the file cannot be read or holds no sound at all. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (int argc, char **argv)
{
  SF_INFO info;
  SNDFILE *f;
  float *b;
  long first = -1, window;

  if (argc != 2 && argc != 3)
    {
      fprintf (stderr, "usage: check-wav-level CAPTURE.wav [WINDOW_MS]\n");
      return 2;
    }
  memset (&info, 0, sizeof info);
  f = sf_open (argv[1], SFM_READ, &info);
  if (f == NULL || info.channels != 2)
    {
      fprintf (stderr, "check-wav-level: %s: not a stereo audio file\n", argv[1]);
      return 1;
    }
  b = malloc (sizeof (float) * 2 * (size_t) info.frames);
  if (b == NULL || sf_readf_float (f, b, info.frames) != info.frames)
    {
      fprintf (stderr, "check-wav-level: %s: cannot read it\n", argv[1]);
      return 1;
    }
  sf_close (f);
  for (long k = 0; k < 2 * info.frames && first < 0; k++)
    if (b[k] != 0.0f)
      first = k / 2;
  if (first < 0)
    {
      fprintf (stderr, "check-wav-level: %s: silence only\n", argv[1]);
      return 1;
    }
  window = (long) (info.samplerate * (argc == 3 ? atof (argv[2]) : 100.0) / 1000.0);
  for (long a = first; a + window <= info.frames; a += window)
    {
      double s = 0.0, peak = 0.0;

      for (long k = 2 * a; k < 2 * (a + window); k++)
        {
          s += (double) b[k] * b[k];
          peak = fmax (peak, fabs (b[k]));
        }
      printf ("%.3f %.3f %.6f\n", (double) (a - first) / info.samplerate,
              s > 0 ? 10.0 * log10 (s / (2.0 * window)) : -INFINITY, peak);
    }
  free (b);
  return 0;
}

/* check-wav-tone.c: is a capture a sine of the right frequency and level?
 *
 * usage: check-wav-tone FILE.wav RATE HZ AMPLITUDE
 *   FILE must be stereo at RATE. From the first non-zero frame to the last,
 *   less 0.1 s at each end (the edges of a resampled tone ring), it
 *   measures each channel's frequency (rising zero crossings, interpolated)
 *   and level (RMS against that of a sine of AMPLITUDE). Prints them; exits
 *   0 only when both channels are within 0.1 Hz of HZ and 0.05 dB of the
 *   level, over 0.5 s or more.
 * usage: check-wav-tone --make OUT.wav SECONDS RATE HZ AMPLITUDE
 *   Writes a 32-bit float stereo sine, the same on both channels. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
make (const char *path, double seconds, int rate, double hz, double amp)
{
  SF_INFO info = { 0 };
  SNDFILE *f;
  long n = (long) (seconds * rate);
  float *b = malloc (sizeof (float) * 2 * (size_t) n);

  for (long k = 0; k < n; k++)
    b[2 * k] = b[2 * k + 1] = (float) (amp * sin (2 * M_PI * hz * (double) k / rate));
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

int
main (int argc, char **argv)
{
  SF_INFO info = { 0 };
  SNDFILE *f;
  float *b;
  long n, first = -1, last = -1, a, e;
  int rate, ok = 1;
  double hz, amp;

  if (argc == 7 && strcmp (argv[1], "--make") == 0)
    return make (argv[2], atof (argv[3]), atoi (argv[4]), atof (argv[5]), atof (argv[6]));
  if (argc != 5)
    {
      fprintf (stderr, "usage: check-wav-tone FILE.wav RATE HZ AMPLITUDE\n"
                       "       check-wav-tone --make OUT.wav SECONDS RATE HZ AMPLITUDE\n");
      return 2;
    }
  rate = atoi (argv[2]);
  hz = atof (argv[3]);
  amp = atof (argv[4]);
  f = sf_open (argv[1], SFM_READ, &info);
  if (f == NULL || info.channels != 2)
    {
      fprintf (stderr, "%s: cannot read stereo audio\n", argv[1]);
      return 2;
    }
  b = malloc (sizeof (float) * 2 * (size_t) (info.frames + 1));
  n = (long) sf_readf_float (f, b, info.frames);
  sf_close (f);
  if (info.samplerate != rate)
    {
      printf ("the capture is at %d Hz, not %d Hz\n", info.samplerate, rate);
      return 1;
    }
  for (long k = 0; k < n; k++)
    if (b[2 * k] != 0.0f || b[2 * k + 1] != 0.0f)
      {
        if (first < 0)
          first = k;
        last = k;
      }
  a = first + rate / 10;
  e = last - rate / 10;
  if (first < 0 || e - a < rate / 2)
    {
      printf ("less than 0.7 s of sound (frames %ld to %ld)\n", first, last);
      return 1;
    }
  for (int c = 0; c < 2; c++)
    {
      double sum = 0, x0 = -1, x1 = -1, level, freq;
      long crossings = 0;

      for (long k = a; k < e; k++)
        {
          double p = b[2 * (k - 1) + c], q = b[2 * k + c];

          sum += q * q;
          if (p < 0 && q >= 0)
            {
              double x = (double) (k - 1) + p / (p - q);

              if (x0 < 0)
                x0 = x;
              x1 = x;
              crossings++;
            }
        }
      level = 10 * log10 (sum / (double) (e - a)) - 20 * log10 (amp / sqrt (2));
      freq = crossings > 1 ? (double) (crossings - 1) * rate / (x1 - x0) : 0;
      printf ("channel %d: %.3f Hz, level %+.4f dB (over %ld frames)\n", c + 1, freq, level, e - a);
      ok &= fabs (freq - hz) < 0.1 && fabs (level) < 0.05;
    }
  free (b);
  return ok ? 0 : 1;
}

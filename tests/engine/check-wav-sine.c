/* check-wav-sine.c: is a capture exactly test-play-sine's output?
 *
 * usage: check-wav-sine FILE.wav SECONDS
 * Finds the first non-zero sample (frame 1 of the sine: sin (0) is 0) and
 * compares SECONDS of every channel, sample by sample, with
 * (float) (0.5 * sin (2π · 1000 · n / rate)): a float capture must match
 * bit-exactly (error 0). Prints what it found; exit 0 only when it all
 * matches and SECONDS of it are there. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>

int
main (int argc,
      char **argv)
{
  SF_INFO info = { 0 };
  SNDFILE *f;
  float *buf;
  sf_count_t got, start = -1, want, n, bad = 0;
  double maxerr = 0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: check-wav-sine FILE.wav SECONDS\n");
      return 2;
    }
  f = sf_open (argv[1], SFM_READ, &info);
  if (f == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], sf_strerror (NULL));
      return 2;
    }
  if ((info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_FLOAT || info.channels != 2)
    {
      fprintf (stderr, "%s: not a stereo float WAV\n", argv[1]);
      return 1;
    }
  buf = malloc (sizeof (float) * (size_t) info.frames * 2);
  got = sf_readf_float (f, buf, info.frames);
  sf_close (f);
  for (sf_count_t i = 0; i < got && start < 0; i++)
    if (buf[2 * i] != 0.0f || buf[2 * i + 1] != 0.0f)
      start = i - 1;
  if (start < 0)
    {
      printf ("%s: silent (%lld frames)\n", argv[1], (long long) got);
      return 1;
    }
  want = (sf_count_t) (atof (argv[2]) * info.samplerate);
  for (n = 0; start + n < got && n < want; n++)
    {
      float ref = (float) (0.5 * sin (2.0 * M_PI * 1000.0 * (double) n / info.samplerate));

      for (int c = 0; c < 2; c++)
        {
          double err = fabs ((double) buf[2 * (start + n) + c] - ref);

          if (err > maxerr)
            maxerr = err;
          if (err != 0)
            bad++;
        }
    }
  printf ("%s: rate %d, %lld frames, sine from frame %lld, %lld compared, %lld samples differ, "
          "largest difference %.3g\n", argv[1], info.samplerate, (long long) got, (long long) start,
          (long long) n, (long long) bad, maxerr);
  free (buf);
  return n == want && bad == 0 ? 0 : 1;
}

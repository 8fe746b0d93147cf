/* test-audio-reader.c: every format Lacquer reads, and every way a file can be bad. */
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "lq-analyzer.h"
#include "lq-audio-reader.h"
#include "lq-error.h"
#include "lq-test-audio.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

static double
value_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return *(double *) data;
}

/* Opens @path expecting @code; the message must be non-empty, one line. */
static void
assert_open_fails (const char *path, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqAudioReader) reader = lq_audio_reader_open (path, &error);
  g_autoptr(LqTrackAnalysis) analysis = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_null (reader);
  g_assert_error (error, LQ_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 5);
  g_assert_null (strchr (error->message, '\n'));

  analysis = lq_analyze_file (path, NULL, NULL, NULL, &error2);
  g_assert_null (analysis);
  g_assert_error (error2, LQ_ERROR, code);
}

static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "nope.wav", NULL);

  assert_open_fails (path, LQ_ERROR_NOT_FOUND);
}

static void
test_directory (Fixture *f, gconstpointer data)
{
  assert_open_fails (f->dir, LQ_ERROR_NOT_REGULAR);
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "empty.wav", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_open_fails (path, LQ_ERROR_EMPTY);
}

static void
test_not_audio (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "notes.wav", NULL);
  const char *text = "These are my mixing notes, not audio at all.\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  assert_open_fails (path, LQ_ERROR_NOT_AUDIO);
}

static void
test_header_only (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "header.wav", NULL);
  double v = 0.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 0, value_signal, &v, NULL);
  assert_open_fails (path, LQ_ERROR_EMPTY);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  const int formats[] = {
    SF_FORMAT_WAV | SF_FORMAT_PCM_24,
    SF_FORMAT_AIFF | SF_FORMAT_PCM_16,
  };

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/cut%u.%s", f->dir, k, k == 0 ? "wav" : "aiff");
      g_autofree char *contents = NULL;
      gsize len;
      double dbfs = -20.0;

      lq_test_write (path, formats[k], 44100, 2, 44100 * 4, lq_test_sine_1k, &dbfs, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      /* Lose the second half, as an interrupted copy does. */
      g_assert_true (g_file_set_contents (path, contents, len / 2, NULL));
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LqTrackAnalysis) a = lq_analyze_file (path, NULL, NULL, NULL, &error);

        g_assert_null (a);
        g_assert_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED);
        g_assert_nonnull (strstr (error->message, "truncated"));
      }
    }
}

static void
test_too_many_channels (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "surround.wav", NULL);
  double v = 0.1;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 6, 4800, value_signal, &v, NULL);
  assert_open_fails (path, LQ_ERROR_UNSUPPORTED_CHANNELS);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqAudioReader) r = lq_audio_reader_open (path, &error);
    g_assert_nonnull (strstr (error->message, "6 channels"));
    g_assert_nonnull (strstr (error->message, "mono and stereo"));
  }
}

static double
nonfinite_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double bad = *(double *) data;

  return i == 30000 && c == 1 ? bad : 0.25 * sin (i * 0.01);
}

static void
test_nonfinite (Fixture *f, gconstpointer data)
{
  double values[] = { NAN, INFINITY, -INFINITY };

  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/bad%u.wav", f->dir, k);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqTrackAnalysis) a = NULL;
      SF_INFO info = { .samplerate = 44100, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
      SNDFILE *file = sf_open (path, SFM_WRITE, &info);
      float buf[2 * 1000];

      /* Raw floats, straight to disk. */
      for (guint b = 0; b < 50; b++)
        {
          for (guint i = 0; i < 1000; i++)
            {
              buf[2 * i] = nonfinite_signal (b * 1000 + i, 0, 44100, &values[k]);
              buf[2 * i + 1] = nonfinite_signal (b * 1000 + i, 1, 44100, &values[k]);
            }
          g_assert_cmpint (sf_writef_float (file, buf, 1000), ==, 1000);
        }
      sf_close (file);

      a = lq_analyze_file (path, NULL, NULL, NULL, &error);
      g_assert_null (a);
      g_assert_error (error, LQ_ERROR, LQ_ERROR_NONFINITE);
      g_assert_nonnull (strstr (error->message, "1 sample"));
    }
}

static void
test_unreadable (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "locked.wav", NULL);
  double dbfs = -20.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqAudioReader) r = NULL;

  if (getuid () == 0)
    {
      g_test_skip ("root reads files whatever their mode");
      return;
    }
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 4410, lq_test_sine_1k, &dbfs, NULL);
  g_chmod (path, 0);
  r = lq_audio_reader_open (path, &error);
  g_assert_null (r);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_IO);
}

typedef struct
{
  const char *ext;
  int format;
  const char *described;
  gboolean lossy;
} Format;

static const Format formats[] = {
  { "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV 16-bit", FALSE },
  { "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, "WAV 24-bit", FALSE },
  { "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, "WAV 32-bit", FALSE },
  { "wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, "WAV 32-bit float", FALSE },
  { "aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, "AIFF 24-bit", FALSE },
  { "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "FLAC 16-bit", FALSE },
  { "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, "FLAC 24-bit", FALSE },
  { "ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, "Ogg Vorbis", TRUE },
  { "opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, "Opus", TRUE },
  { "mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "MP3", TRUE },
};

/* Every format, mono and stereo: a -20 dBFS 1 kHz sine reads as BS.1770
 * says (stereo -20.0 LUFS, mono 3 dB less), title tag and all. */
static void
test_formats (Fixture *f, gconstpointer data)
{
  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    for (guint channels = 1; channels <= 2; channels++)
      {
        const Format *fmt = &formats[k];
        guint rate = fmt->format == (SF_FORMAT_OGG | SF_FORMAT_OPUS) ? 48000 : 44100;
        g_autofree char *path = g_strdup_printf ("%s/t%u-%u.%s", f->dir, k, channels, fmt->ext);
        g_autoptr(GError) error = NULL;
        g_autoptr(LqTrackAnalysis) a = NULL;
        const LqTrackMeasures *m;
        double dbfs = -20.0;
        double expected = channels == 2 ? -20.0 : -20.0 - 10 * log10 (2.0);
        SF_INFO probe = { .samplerate = rate, .channels = channels, .format = fmt->format };

        if (!sf_format_check (&probe))
          {
            g_test_message ("libsndfile cannot write %s here", fmt->described);
            continue;
          }
        lq_test_write (path, fmt->format, rate, channels, rate * 5, lq_test_sine_1k, &dbfs, "A Title");
        a = lq_analyze_file (path, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        m = lq_track_analysis_get_measures (a);
        g_test_message ("%s %u ch: %.3f LUFS, peak %.3f dBFS, %.4f s", fmt->described, channels,
                        m->integrated_lufs, m->sample_peak_dbfs, m->duration_s);
        g_assert_cmpstr (lq_track_analysis_get_format (a), ==, fmt->described);
        g_assert_cmpuint (m->channels, ==, channels);
        g_assert_cmpuint (m->sample_rate, ==, rate);
        /* Lossy codecs add priming samples and change the level a little. */
        g_assert_cmpfloat_with_epsilon (m->duration_s, 5.0, (fmt->lossy ? 0.1 : 1e-9));
        g_assert_cmpfloat_with_epsilon (m->integrated_lufs, expected, (fmt->lossy ? 0.3 : 0.05));
        /* Lossy codecs overshoot at the sine's abrupt start: peaks only for lossless. */
        if (!fmt->lossy)
          g_assert_cmpfloat_with_epsilon (m->sample_peak_dbfs, -20.0, 0.01);
        if (channels == 2)
          g_assert_cmpfloat_with_epsilon (m->correlation, 1.0, 1e-3);
        else
          g_assert_true (isnan (m->correlation));
        if (fmt->format != (SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III))
          g_assert_cmpstr (lq_track_analysis_get_title (a), ==, "A Title");
      }
}

/* 8 kHz to 192 kHz: the K-weighting and the true-peak oversampling adapt. */
static void
test_rates (Fixture *f, gconstpointer data)
{
  const guint rates[] = { 8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000 };

  for (guint k = 0; k < G_N_ELEMENTS (rates); k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/r%u.wav", f->dir, rates[k]);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqTrackAnalysis) a = NULL;
      const LqTrackMeasures *m;
      double dbfs = -23.0;

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, rates[k], 2, rates[k] * 4,
                     lq_test_sine_1k, &dbfs, NULL);
      a = lq_analyze_file (path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      m = lq_track_analysis_get_measures (a);
      g_assert_cmpfloat_with_epsilon (m->integrated_lufs, -23.0, 0.1);
      g_assert_cmpfloat_with_epsilon (m->true_peak_dbtp, -23.0, 0.1);
      g_assert_cmpfloat (m->true_peak_dbtp, >=, m->sample_peak_dbfs);
    }
}

/* Distinct values on each channel, so that a frame read from the wrong
 * place (or channel) shows. */
static double
ramp_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.5 * sin (0.001 * (double) i * (double) i / rate + 1.3 * c) + (c == 1 ? 0.1 : -0.1);
}

#define SEEK_FRAMES 50000

/* Reads the whole of @path into @out (planar, SEEK_FRAMES per channel). */
static void
read_all (const char *path, float *out[2])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqAudioReader) reader = lq_audio_reader_open (path, &error);
  gint64 pos = 0;

  g_assert_no_error (error);
  for (;;)
    {
      float *at[2] = { out[0] + pos, out[1] + pos };
      gssize got = lq_audio_reader_read (reader, at, 3000, &error);

      g_assert_no_error (error);
      g_assert_cmpint (got, >=, 0);
      if (got == 0)
        break;
      pos += got;
    }
  g_assert_cmpint (pos, ==, SEEK_FRAMES);
}

static void
test_seek (Fixture *f, gconstpointer data)
{
  const struct { int format; guint channels; const char *ext; } files[] = {
    { SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, "wav" },
    { SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, "wav" },
    { SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, "wav" },
    { SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 2, "flac" },
    { SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, "flac" },
    { SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1, "wav" },
  };
  const gint64 at[] = { 0, 1, 4095, 4096, 12345, 33333, SEEK_FRAMES - 1, SEEK_FRAMES, 7 };

  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/seek%u.%s", f->dir, k, files[k].ext);
      g_autofree float *whole = g_new0 (float, 2 * SEEK_FRAMES);
      g_autofree float *part = g_new0 (float, 2 * SEEK_FRAMES);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqAudioReader) reader = NULL;
      float *all[2] = { whole, whole + SEEK_FRAMES };
      guint nc = files[k].channels;

      lq_test_write (path, files[k].format, 44100, nc, SEEK_FRAMES, ramp_signal, NULL, NULL);
      read_all (path, all);
      reader = lq_audio_reader_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lq_audio_reader_get_channels (reader), ==, nc);

      /* Out of order, and each time to the end of the file. */
      for (guint j = 0; j < G_N_ELEMENTS (at); j++)
        {
          gint64 pos = at[j];

          g_assert_true (lq_audio_reader_seek (reader, pos, &error));
          g_assert_no_error (error);
          while (pos < SEEK_FRAMES)
            {
              float *out[2] = { part + pos, part + SEEK_FRAMES + pos };
              gssize got = lq_audio_reader_read (reader, out, 2500, &error);

              g_assert_no_error (error);
              g_assert_cmpint (got, >, 0);
              pos += got;
            }
          g_assert_cmpint (pos, ==, SEEK_FRAMES);
          {
            float *out[2] = { part, part + SEEK_FRAMES };

            /* The end is the end: no error, nothing more. */
            g_assert_cmpint (lq_audio_reader_read (reader, out, 10, &error), ==, 0);
            g_assert_no_error (error);
          }
          for (guint c = 0; c < nc; c++)
            g_assert_cmpmem (part + c * SEEK_FRAMES + at[j], (SEEK_FRAMES - at[j]) * sizeof (float),
                             all[c] + at[j], (SEEK_FRAMES - at[j]) * sizeof (float));
        }
    }
}

static void
test_seek_past_end (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "short.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqAudioReader) reader = NULL;
  float l[16], r[16];
  float *out[2] = { l, r };

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1000, ramp_signal, NULL, NULL);
  reader = lq_audio_reader_open (path, &error);
  g_assert_no_error (error);

  g_assert_false (lq_audio_reader_seek (reader, 1001, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "1000 frames"));
  g_clear_error (&error);

  g_assert_false (lq_audio_reader_seek (reader, -1, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* A failed seek leaves the reader usable where it was. */
  g_assert_cmpint (lq_audio_reader_read (reader, out, 16, &error), ==, 16);
  g_assert_no_error (error);
  g_assert_cmpfloat (l[0], ==, (float) (round (ramp_signal (0, 0, 44100, NULL) * 32768.0) / 32768.0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/reader/missing", test_missing);
  ADD ("/reader/directory", test_directory);
  ADD ("/reader/empty", test_empty);
  ADD ("/reader/not-audio", test_not_audio);
  ADD ("/reader/header-only", test_header_only);
  ADD ("/reader/truncated", test_truncated);
  ADD ("/reader/too-many-channels", test_too_many_channels);
  ADD ("/reader/nonfinite", test_nonfinite);
  ADD ("/reader/unreadable", test_unreadable);
  ADD ("/reader/formats", test_formats);
  ADD ("/reader/rates", test_rates);
  ADD ("/reader/seek", test_seek);
  ADD ("/reader/seek-past-end", test_seek_past_end);
#undef ADD

  return g_test_run ();
}

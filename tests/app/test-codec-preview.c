/* test-codec-preview.c: the codec preview (app/release/lq-codec-preview.h)
 * on short generated masters: round trips of a quiet tone change little,
 * the delay found is the one an onset shows, the decoded peaks agree with
 * libebur128's, the bit rates are the codecs', temporary files go, a
 * missing file is named, cancelling stops, the Opus codecs' 48 kHz master
 * (resampled once, in the measuring read) is what each encode made of its
 * own resampling. */
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "lq-codec-decoded.h"
#include "lq-codec-pass-private.h"
#include "lq-codec-preview.h"
#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 44100
#define LEAD_S 0.25

/* -20 dBFS 1 kHz after LEAD_S of silence: the onset shows the delay. */
static double
tone_cb (guint64 i,
         guint c,
         guint rate,
         gpointer data)
{
  double t = (double) i / rate;

  (void) c;
  (void) data;
  if (t < LEAD_S)
    return 0.0;
  return 0.1 * sin (2.0 * G_PI * 1000.0 * (t - LEAD_S));
}

static double noise_cb (guint64 i, guint c, guint rate, gpointer data);

/* A loud master's worst case: noise and a bass tone driven into hard
 * clipping, band-limited to 16 kHz (a 63-tap windowed sinc, so meters
 * agree on its true peak), scaled by *data: the codecs ring above it. */
static double
clipped_cb (guint64 i,
            guint c,
            guint rate,
            gpointer data)
{
  double out = 0.0;

  for (int k = -31; k <= 31; k++)
    {
      gint64 j = (gint64) i + k;
      double x = 2.0 * G_PI * 16000.0 / rate * k;
      double h = (k == 0 ? 1.0 : sin (x) / x) * 2.0 * 16000.0 / rate * (0.54 + 0.46 * cos (G_PI * k / 32.0));
      double v;

      if (j < 0)
        continue;
      v = 4.0 * noise_cb (j, c, rate, NULL) + 0.8 * sin (2.0 * G_PI * 55.0 * j / rate);
      out += h * CLAMP (v, -0.5, 0.5);
    }
  return out * *(double *) data;
}

/* White noise (reproducible), at -12 dBFS RMS-ish. */
static double
noise_cb (guint64 i,
          guint c,
          guint rate,
          gpointer data)
{
  guint32 x = (guint32) (i * 2 + c) * 2654435761u + 12345u;

  (void) rate;
  (void) data;
  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  return ((double) x / G_MAXUINT32 - 0.5) * 0.5;
}

static char *
write_master (const char *dir,
              const char *name,
              double seconds,
              LqTestSignal signal,
              gpointer data)
{
  char *path = g_build_filename (dir, name, NULL);

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (seconds * RATE), signal, data, NULL);
  return path;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static const LqCodecResult *
find_result (const LqCodecPreviewTrack *t,
             LqCodec codec)
{
  for (guint i = 0; i < t->results->len; i++)
    if (g_array_index (t->results, LqCodecResult, i).codec == codec)
      return &g_array_index (t->results, LqCodecResult, i);
  g_assert_not_reached ();
  return NULL;
}

/* The first frame of @path whose left channel reaches @level. */
static gint64
onset (const char *path,
       double level,
       guint *rate)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);
  float buf[2 * 1024];
  gint64 frame = 0;
  sf_count_t got;

  g_assert_nonnull (sf);
  *rate = info.samplerate;
  while ((got = sf_readf_float (sf, buf, 1024)) > 0)
    for (sf_count_t i = 0; i < got; i++, frame++)
      if (fabs (buf[i * info.channels]) >= level)
        {
          sf_close (sf);
          return frame;
        }
  sf_close (sf);
  return -1;
}

static void
test_tone_round_trip (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autofree char *master = write_master (dir, "tone.wav", 3.0, tone_cb, NULL);
  const char *paths[] = { master };
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const LqCodecPreviewTrack *t;
  guint master_rate;
  gint64 master_onset = onset (master, 0.05, &master_rate);
  double master_lufs = lq_test_ebur128 (master, NULL);

  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  lq_codec_preview_options_init (&options);
  options.temp_dir = work;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tracks->len, ==, 1);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpuint (t->results->len, ==, LQ_CODEC_N);
  /* Every temporary file and the private folder are gone. */
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_assert_cmpfloat_with_epsilon (t->master_true_peak_dbtp, -20.0, 0.05);

  for (LqCodec c = 0; c < LQ_CODEC_N; c++)
    {
      const LqCodecResult *r = find_result (t, c);
      g_autofree char *encoded = g_strdup_printf ("%s/own-%s", dir, lq_codec_get_id (c));
      guint rate;
      gint64 decoded_onset, expected;

      if (r->skipped != NULL)
        {
          /* Only AAC, and only without the ffmpeg program. */
          g_assert_cmpint (c, ==, LQ_CODEC_AAC_256);
          g_assert_nonnull (lq_codec_get_unavailable_reason (c));
          continue;
        }

      g_test_message ("%s: %.3f dBTP, %+.3f LU, delay %" G_GINT64_FORMAT ", %.1f kbit/s",
                      lq_codec_get_id (c), r->true_peak_dbtp, r->loudness_change_lu, r->delay_frames,
                      r->bitrate_kbps);
      /* The high-rate codecs keep a quiet tone's level and peak; the low
       * rates change them more (MP3 128 takes about 0.4 LU off this tone,
       * Opus 96 lifts its peak about 0.6 dB: ffmpeg's ebur128 filter
       * reads the same), so for all the figures are held against
       * libebur128's on the decoded file. */
      if (c == LQ_CODEC_MP3_320 || c == LQ_CODEC_OPUS_160 || c == LQ_CODEC_VORBIS_Q5 || c == LQ_CODEC_AAC_256)
        {
          g_assert_cmpfloat (fabs (r->loudness_change_lu), <, 0.3);
          g_assert_cmpfloat (fabs (r->true_peak_dbtp - t->master_true_peak_dbtp), <, 0.5);
        }
      else
        {
          g_assert_cmpfloat (fabs (r->loudness_change_lu), <, 1.0);
          g_assert_cmpfloat (fabs (r->true_peak_dbtp - t->master_true_peak_dbtp), <, 1.0);
        }
      g_assert_cmpuint (r->overs_0dbtp, ==, 0);
      g_assert_cmpuint (r->overs_ceiling, ==, 0);
      g_assert_cmpfloat (r->ceiling_reduction_db, ==, 0.0);
      g_assert_null (lq_codec_result_get_warning (r));
      g_assert_cmpuint (r->rate, ==, (c == LQ_CODEC_OPUS_160 || c == LQ_CODEC_OPUS_96) ? 48000 : RATE);

      /* The delay, measured another way: where the tone starts in the
       * decoded file, against where it starts in the master (AAC: ffmpeg's
       * decoding of it, as the preview measures it). */
      g_assert_true (_lq_codec_encode_readable (c, master, encoded, NULL, &error));
      g_assert_no_error (error);
      decoded_onset = onset (encoded, 0.05, &rate);
      g_assert_cmpuint (rate, ==, r->rate);
      g_assert_cmpint (decoded_onset, >=, 0);
      expected = decoded_onset - (gint64) llround ((double) master_onset * rate / master_rate);
      g_test_message ("%s: onset delay %" G_GINT64_FORMAT, lq_codec_get_id (c), expected);
      g_assert_cmpint (ABS (r->delay_frames - expected), <=, 8);
      /* libebur128 on the decoded file (no delay to remove: checked above
       * to be within a few frames). */
      {
        double peak, lufs = lq_test_ebur128 (encoded, &peak);

        g_assert_cmpfloat (fabs (r->loudness_change_lu - (lufs - master_lufs)), <, 0.1);
        g_assert_cmpfloat (fabs (r->true_peak_dbtp - peak), <, 0.3);
      }
    }
  lq_test_rmdir (dir);
}

/* A master with its true peak at -1 dBTP (by libebur128): MP3 128 lifts it;
 * what the preview measures agrees with libebur128 on the decoded file. */
static void
test_near_ceiling (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *probe = NULL;
  g_autofree char *master = NULL;
  g_autofree char *encoded = g_build_filename (dir, "own.mp3", NULL);
  const char *paths[1];
  double scale = 1.0, peak, master_lufs, master_peak, dec_lufs, dec_peak;
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const LqCodecPreviewTrack *t;
  const LqCodecResult *r;

  probe = write_master (dir, "probe.wav", 3.0, clipped_cb, &scale);
  lq_test_ebur128 (probe, &peak);
  scale = pow (10.0, (-1.0 - peak) / 20.0);
  master = write_master (dir, "master.wav", 3.0, clipped_cb, &scale);
  master_lufs = lq_test_ebur128 (master, &master_peak);
  g_assert_cmpfloat_with_epsilon (master_peak, -1.0, 0.05);

  paths[0] = master;
  lq_codec_preview_options_init (&options);
  options.codecs = 1u << LQ_CODEC_MP3_128;
  options.ceiling_dbtp = -1.0;
  options.temp_dir = dir;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpuint (t->results->len, ==, 1);
  r = &g_array_index (t->results, LqCodecResult, 0);
  g_assert_cmpint (r->codec, ==, LQ_CODEC_MP3_128);
  g_assert_cmpfloat (fabs (t->master_true_peak_dbtp - master_peak), <, 0.1);

  g_assert_true (lq_codec_encode_file (LQ_CODEC_MP3_128, master, encoded, NULL, &error));
  dec_lufs = lq_test_ebur128 (encoded, &dec_peak);
  g_test_message ("master %.2f dBTP; decoded %.2f dBTP (libebur128 %.2f), %u overs of the ceiling, "
                  "%u of 0 dBTP; %+.2f LU (libebur128 %+.2f)", t->master_true_peak_dbtp,
                  r->true_peak_dbtp, dec_peak, r->overs_ceiling, r->overs_0dbtp, r->loudness_change_lu,
                  dec_lufs - master_lufs);
  g_assert_cmpfloat (fabs (r->true_peak_dbtp - dec_peak), <, 0.3);
  g_assert_cmpfloat (fabs (r->loudness_change_lu - (dec_lufs - master_lufs)), <, 0.1);
  /* The codec lifts the peaks of a master at its ceiling: overs of the ceiling. */
  if (dec_peak > -1.0 + 0.3)
    g_assert_cmpuint (r->overs_ceiling, >, 0);
  if (r->true_peak_dbtp > 0.0)
    {
      g_autofree char *warning = lq_codec_result_get_warning (r);

      g_assert_cmpuint (r->overs_0dbtp, >, 0);
      g_assert_nonnull (warning);
      g_assert_nonnull (strstr (warning, "mp3-128"));
      /* The rule: the master's peak must come down to -(the overshoot). */
      g_assert_cmpfloat (fabs (r->ceiling_reduction_db - (-1.0 - t->master_true_peak_dbtp + r->true_peak_dbtp)),
                         <=, 0.1 + 1e-9);
    }
  else
    g_assert_cmpuint (r->overs_0dbtp, ==, 0);
  g_assert_cmpuint (r->overs_0dbtp, <=, r->overs_ceiling);
  lq_test_rmdir (dir);
}

static void
test_bitrates (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *master = write_master (dir, "noise.wav", 3.0, noise_cb, NULL);
  const char *paths[] = { master };
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const LqCodecPreviewTrack *t;

  lq_codec_preview_options_init (&options);
  options.temp_dir = dir;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (tracks, 0);
  for (guint i = 0; i < t->results->len; i++)
    {
      const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, i);
      guint kbps = lq_codec_get_kbps (r->codec);

      g_test_message ("%s: %.1f kbit/s", lq_codec_get_id (r->codec), r->bitrate_kbps);
      /* AAC's figure has its own test (test_aac): without ffmpeg it is skipped. */
      if (r->codec == LQ_CODEC_AAC_256)
        continue;
      if (kbps > 0)
        g_assert_cmpfloat (fabs (r->bitrate_kbps - kbps), <=, 0.1 * kbps);
      else
        g_assert_cmpfloat (r->bitrate_kbps, >, 64.0);
    }
  lq_test_rmdir (dir);
}

typedef struct
{
  gint64 shift;    /* frames of silence before the noise (< 0: noise cut) */
} Shifted;

static double
shifted_cb (guint64 i,
            guint c,
            guint rate,
            gpointer data)
{
  gint64 j = (gint64) i - ((Shifted *) data)->shift + 4000;

  /* The noise starts at frame 4000 of the master. */
  return j < 4000 ? 0.0 : noise_cb ((guint64) j, c, rate, NULL);
}

/* A "decoded" file that is the master delayed (LAME's 576 + 529 frames
 * when a decoder keeps them) or advanced: the delay found is the shift. */
static void
test_alignment (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  Shifted none = { 0 }, late = { 1105 }, early = { -300 };
  g_autofree char *master = write_master (dir, "master.wav", 1.5, shifted_cb, &none);
  g_autofree char *a = write_master (dir, "late.wav", 1.5, shifted_cb, &late);
  g_autofree char *b = write_master (dir, "early.wav", 1.5, shifted_cb, &early);
  g_autoptr(GError) error = NULL;
  gint64 delay = 0;

  g_assert_true (lq_codec_find_delay (master, a, &delay, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (delay, ==, 1105);
  g_assert_true (lq_codec_find_delay (master, b, &delay, NULL, &error));
  g_assert_cmpint (delay, ==, -300);
  g_assert_true (lq_codec_find_delay (master, master, &delay, NULL, &error));
  g_assert_cmpint (delay, ==, 0);
  lq_test_rmdir (dir);
}

/* All of @path, interleaved; *n the frames. */
static float *
read_all (const char *path,
          gint64 *n)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);
  float *data;

  g_assert_nonnull (sf);
  data = g_new (float, MAX (info.frames, 1) * info.channels);
  *n = sf_readf_float (sf, data, info.frames);
  g_assert_cmpint (*n, ==, info.frames);
  sf_close (sf);
  return data;
}

/* The measuring read that also writes the 48 kHz master (the Opus codecs'
 * input, made once a track): the measures are the plain measuring read's,
 * and an Opus encode of that master decodes to exactly the samples an
 * encode that resamples the 44.1 kHz master itself gives. */
static void
test_shared_48k (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *master = write_master (dir, "master.wav", 2.0, noise_cb, NULL);
  g_autofree char *m48 = g_build_filename (dir, "master-48k.wav", NULL);
  g_autofree char *own = g_build_filename (dir, "own.opus", NULL);
  g_autofree char *shared = g_build_filename (dir, "shared.opus", NULL);
  g_autoptr(GError) error = NULL;
  LqCodecMeasures plain, teed;
  gboolean made = FALSE;
  g_autofree float *a = NULL;
  g_autofree float *b = NULL;
  gint64 na = 0, nb = 0;

  g_assert_true (_lq_codec_measure (master, 0, -1, -1.0, &plain, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_lq_codec_measure_resample (master, -1.0, 48000, m48, &made, &teed, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (made);
  g_assert_cmpfloat (teed.true_peak_dbtp, ==, plain.true_peak_dbtp);
  g_assert_cmpfloat (teed.integrated_lufs, ==, plain.integrated_lufs);
  g_assert_cmpint (teed.frames, ==, 2 * RATE);
  g_assert_cmpint (teed.file_frames, ==, 2 * RATE);
  g_assert_cmpuint (teed.overs_ceiling, ==, plain.overs_ceiling);

  /* The 48 kHz master: 2 s at 48 kHz, give or take the resampler's edge. */
  a = read_all (m48, &na);
  g_assert_cmpint (ABS (na - 2 * 48000), <=, 2);
  g_clear_pointer (&a, g_free);

  g_assert_true (lq_codec_encode_file (LQ_CODEC_OPUS_96, master, own, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_codec_encode_file (LQ_CODEC_OPUS_96, m48, shared, NULL, &error));
  g_assert_no_error (error);
  a = read_all (own, &na);
  b = read_all (shared, &nb);
  g_assert_cmpint (na, ==, nb);
  g_assert_cmpint (memcmp (a, b, na * 2 * sizeof (float)), ==, 0);

  /* A master already at the rate asked for is not copied. */
  g_assert_cmpint (g_unlink (m48), ==, 0);
  g_assert_true (_lq_codec_measure_resample (master, -1.0, RATE, m48, &made, &teed, NULL, &error));
  g_assert_false (made);
  g_assert_false (g_file_test (m48, G_FILE_TEST_EXISTS));
  lq_test_rmdir (dir);
}

static void
test_missing (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere.wav", NULL);
  g_autofree char *master = write_master (dir, "tone.wav", 1.0, tone_cb, NULL);
  const char *paths[] = { master, missing };
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;

  lq_codec_preview_options_init (&options);
  options.temp_dir = dir;
  tracks = lq_codec_preview_files (paths, 2, &options, NULL, NULL, NULL, &error);
  g_assert_null (tracks);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  /* Only the master is left. */
  g_assert_cmpuint (count_entries (dir), ==, 1);
  lq_test_rmdir (dir);
}

static void
cancel_cb (double fraction,
           gpointer user_data)
{
  (void) fraction;
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *a = write_master (dir, "a.wav", 2.0, noise_cb, NULL);
  g_autofree char *b = write_master (dir, "b.wav", 2.0, tone_cb, NULL);
  const char *paths[] = { a, b };
  LqCodecPreviewOptions options;
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;

  lq_codec_preview_options_init (&options);
  options.temp_dir = dir;
  g_cancellable_cancel (before);
  tracks = lq_codec_preview_files (paths, 2, &options, before, NULL, NULL, &error);
  g_assert_null (tracks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled at the first progress: the jobs running stop, the rest do
   * not start, and nothing is left behind. */
  tracks = lq_codec_preview_files (paths, 2, &options, during, cancel_cb, during, &error);
  g_assert_null (tracks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 2);
  lq_test_rmdir (dir);
}

/* The project's tracks are rendered as export renders them (the gain is
 * in the master), a rendered file given is used as it is (and kept), and
 * a missing source fails naming it. */
static void
test_project (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autofree char *tone = write_master (dir, "tone.wav", 3.0, tone_cb, NULL);
  g_autofree char *noise = write_master (dir, "noise.wav", 3.0, noise_cb, NULL);
  g_autofree char *given = write_master (dir, "given.wav", 2.0, tone_cb, NULL);
  g_autofree char *project_path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { tone, noise, NULL };
  const char *gain[] = { "gain=6", NULL };
  const char *rendered[] = { NULL, given };
  LqCodecPreviewOptions options;
  const LqCodecPreviewTrack *t;

  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_set_track (project, 1, gain, &error));
  g_assert_no_error (error);

  lq_codec_preview_options_init (&options);
  options.codecs = 1u << LQ_CODEC_MP3_320;
  options.temp_dir = work;
  tracks = lq_codec_preview_project (project, rendered, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tracks->len, ==, 2);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpuint (t->position, ==, 1);
  g_assert_cmpuint (t->results->len, ==, 1);
  /* The tone at -20 dBFS, 6 dB up, far under the limiter's ceiling. */
  g_assert_cmpfloat (fabs (t->master_true_peak_dbtp - (-14.0)), <, 0.1);
  g_assert_cmpint (t->master_frames, ==, 3 * RATE);
  t = g_ptr_array_index (tracks, 1);
  g_assert_cmpint (t->master_frames, ==, 2 * RATE);
  g_assert_cmpfloat (fabs (t->master_true_peak_dbtp - (-20.0)), <, 0.05);
  g_assert_true (g_file_test (given, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_clear_pointer (&tracks, g_ptr_array_unref);

  g_assert_cmpint (g_unlink (noise), ==, 0);
  tracks = lq_codec_preview_project (project, NULL, &options, NULL, NULL, NULL, &error);
  g_assert_null (tracks);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, noise));
  g_assert_null (strstr (error->message + strlen (noise), noise));
  g_assert_cmpuint (count_entries (work), ==, 0);
  g_clear_object (&project);
  lq_test_rmdir (dir);
}

/* Silence, then from frame 4000 the band-limited clipped noise of
 * clipped_cb() at half its level (so the true-peak meters agree). */
static double
onset_cb (guint64 i,
          guint c,
          guint rate,
          gpointer data)
{
  double scale = 0.5;

  (void) data;
  return i < 4000 ? 0.0 : clipped_cb (i - 4000, c, rate, &scale);
}

/* The ffmpeg program the AAC tests need, or NULL (the test is skipped). */
static gboolean
have_ffmpeg (void)
{
  if (lq_codec_get_unavailable_reason (LQ_CODEC_AAC_256) == NULL)
    return TRUE;
  g_test_skip ("the ffmpeg program is not installed");
  return FALSE;
}

/* AAC 256 kbit/s of 2 s of stereo noise after a short silence (an
 * onset): the bit rate is the one asked for, the loudness and true peak
 * are libebur128's on ffmpeg's decoding, the delay is where the onset
 * shows; a 96 kHz master is encoded at 48 kHz. */
static void
test_aac (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *master = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *hi = NULL;
  const char *paths[1];
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const LqCodecPreviewTrack *t;
  const LqCodecResult *r;
  double master_lufs, master_peak, lufs, peak;
  gint64 master_onset, decoded_onset;
  guint rate, master_rate;

  if (!have_ffmpeg ())
    return;
  dir = lq_test_tmpdir ();
  master = write_master (dir, "master.wav", 2.0, onset_cb, NULL);
  decoded = g_build_filename (dir, "decoded.wav", NULL);
  paths[0] = master;
  lq_codec_preview_options_init (&options);
  options.codecs = 1u << LQ_CODEC_AAC_256;
  options.temp_dir = dir;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpuint (t->results->len, ==, 1);
  r = &g_array_index (t->results, LqCodecResult, 0);
  g_assert_cmpint (r->codec, ==, LQ_CODEC_AAC_256);
  g_assert_null (r->skipped);
  g_test_message ("aac-256: %.1f kbit/s, %.2f dBTP (master %.2f), %+.3f LU, delay %" G_GINT64_FORMAT
                  " frames, %" G_GINT64_FORMAT " frames decoded for %" G_GINT64_FORMAT,
                  r->bitrate_kbps, r->true_peak_dbtp, t->master_true_peak_dbtp, r->loudness_change_lu,
                  r->delay_frames, r->frames, t->master_frames);
  /* ffmpeg's native encoder at -b:a 256k, the MP4 container included. */
  g_assert_cmpfloat (r->bitrate_kbps, >=, 240.0);
  g_assert_cmpfloat (r->bitrate_kbps, <=, 275.0);
  g_assert_cmpuint (r->rate, ==, RATE);
  /* Only the master, the temporary folder is gone. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* libebur128 on ffmpeg's decoding of the same encode. */
  g_assert_true (_lq_codec_encode_readable (LQ_CODEC_AAC_256, master, decoded, NULL, &error));
  g_assert_no_error (error);
  master_lufs = lq_test_ebur128 (master, &master_peak);
  lufs = lq_test_ebur128 (decoded, &peak);
  g_test_message ("libebur128: %.2f dBTP (master %.2f), %+.3f LU", peak, master_peak, lufs - master_lufs);
  g_assert_true (isfinite (r->true_peak_dbtp));
  g_assert_cmpfloat (fabs (r->integrated_lufs - lufs), <=, 0.2);
  g_assert_cmpfloat (fabs (r->loudness_change_lu - (lufs - master_lufs)), <=, 0.2);
  g_assert_cmpfloat (fabs (r->true_peak_dbtp - peak), <, 0.3);
  /* The alignment: the signal starts at frame 4000 of the master. */
  master_onset = onset (master, 0.1, &master_rate);
  decoded_onset = onset (decoded, 0.1, &rate);
  g_assert_cmpint (master_onset, >=, 4000);
  g_assert_cmpint (master_onset, <, 4000 + 64);
  g_assert_cmpuint (rate, ==, RATE);
  g_test_message ("aac-256: onset delay %" G_GINT64_FORMAT, decoded_onset - master_onset);
  g_assert_cmpint (ABS (r->delay_frames - (decoded_onset - master_onset)), <=, 8);
  g_clear_pointer (&tracks, g_ptr_array_unref);

  /* A 96 kHz master: AAC at 48 kHz (resampled with soxr first). */
  hi = g_build_filename (dir, "hi.wav", NULL);
  lq_test_write (hi, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 96000, 2, 96000, tone_cb, NULL, NULL);
  paths[0] = hi;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (tracks, 0);
  r = &g_array_index (t->results, LqCodecResult, 0);
  g_test_message ("aac-256 of 96 kHz: %u Hz, %+.3f LU, delay %" G_GINT64_FORMAT, r->rate, r->loudness_change_lu,
                  r->delay_frames);
  g_assert_cmpuint (r->rate, ==, 48000);
  g_assert_cmpfloat (fabs (r->loudness_change_lu), <, 0.3);
  g_assert_cmpfloat (fabs (r->true_peak_dbtp - t->master_true_peak_dbtp), <, 0.5);
  g_assert_cmpuint (count_entries (dir), ==, 3);
  lq_test_rmdir (dir);
}

/* Without the ffmpeg program AAC is skipped, not a failure: its result
 * says why, and the other codecs are measured as before. */
static void
aac_missing_body (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *master = write_master (dir, "tone.wav", 1.0, tone_cb, NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-ffmpeg", NULL);
  g_autofree char *out = g_build_filename (dir, "out.m4a", NULL);
  const char *paths[] = { master };
  LqCodecPreviewOptions options;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const LqCodecPreviewTrack *t;
  const LqCodecResult *r;

  g_setenv ("LACQUER_FFMPEG", nowhere, TRUE);
  g_assert_cmpstr (lq_codec_get_unavailable_reason (LQ_CODEC_AAC_256), ==,
                   "not available: the ffmpeg program is not installed");
  for (LqCodec c = 0; c < LQ_CODEC_AAC_256; c++)
    g_assert_null (lq_codec_get_unavailable_reason (c));
  lq_codec_preview_options_init (&options);
  options.temp_dir = dir;
  tracks = lq_codec_preview_files (paths, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpuint (t->results->len, ==, LQ_CODEC_N);
  for (LqCodec c = 0; c < LQ_CODEC_N; c++)
    {
      r = find_result (t, c);
      if (c == LQ_CODEC_AAC_256)
        {
          g_assert_cmpstr (r->skipped, ==, "not available: the ffmpeg program is not installed");
          g_assert_true (isnan (r->true_peak_dbtp));
          g_assert_true (isnan (r->loudness_change_lu));
          g_assert_cmpuint (r->overs_0dbtp, ==, 0);
          g_assert_null (lq_codec_result_get_warning (r));
        }
      else
        {
          g_assert_null (r->skipped);
          g_assert_cmpfloat (fabs (r->true_peak_dbtp - (-20.0)), <, 1.0);
          g_assert_true (isfinite (r->loudness_change_lu));
        }
    }
  g_assert_cmpuint (count_entries (dir), ==, 1);
  /* Asked directly, the encode fails naming the master. */
  g_assert_false (lq_codec_encode_file (LQ_CODEC_AAC_256, master, out, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, master));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_unsetenv ("LACQUER_FFMPEG");
  lq_test_rmdir (dir);
}

typedef struct
{
  const char *pid_file;
  GCancellable *cancellable;
} Canceller;

/* Cancels once the fake ffmpeg has started (written its pid). */
static gpointer
canceller_thread (gpointer data)
{
  Canceller *c = data;

  for (guint i = 0; i < 2000 && !g_file_test (c->pid_file, G_FILE_TEST_EXISTS); i++)
    g_usleep (5000);
  g_usleep (20000);
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

/* Cancelled while ffmpeg encodes (a stand-in that writes part of its
 * output and waits): the subprocess is killed, nothing is left. Then a
 * stand-in that fails: its error is reported. */
static void
aac_cancel_body (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autofree char *master = write_master (dir, "tone.wav", 1.0, tone_cb, NULL);
  g_autofree char *fake = g_build_filename (dir, "ffmpeg", NULL);
  g_autofree char *pid_file = g_build_filename (dir, "pid", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "for a; do out=\"$a\"; done\n"
                                             "echo partial > \"$out\"\n"
                                             "echo $$ > '%s'\n"
                                             "exec sleep 60\n", pid_file);
  g_autofree char *pid_text = NULL;
  const char *paths[] = { master };
  LqCodecPreviewOptions options;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  Canceller canceller = { pid_file, cancellable };
  GThread *thread;
  int pid;

  g_assert_true (g_file_set_contents (fake, script, -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  g_setenv ("LACQUER_FFMPEG", fake, TRUE);
  lq_codec_preview_options_init (&options);
  options.codecs = 1u << LQ_CODEC_AAC_256;
  options.temp_dir = work;
  thread = g_thread_new ("canceller", canceller_thread, &canceller);
  tracks = lq_codec_preview_files (paths, 1, &options, cancellable, NULL, NULL, &error);
  g_thread_join (thread);
  g_unsetenv ("LACQUER_FFMPEG");
  g_assert_null (tracks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The stand-in ran, was killed and reaped; its output is gone. */
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  pid = atoi (pid_text);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, 0), ==, -1);
  g_assert_cmpuint (count_entries (work), ==, 0);

  /* An ffmpeg that fails: the error names the master and gives the last
   * line of its stderr; its partial output is removed. */
  g_assert_true (g_file_set_contents (fake, "#!/bin/sh\n"
                                      "for a; do out=\"$a\"; done\n"
                                      "echo partial > \"$out\"\n"
                                      "printf 'first\\nUnknown encoder aac\\n\\n' >&2\n"
                                      "exit 1\n", -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_clear_error (&error);
  g_setenv ("LACQUER_FFMPEG", fake, TRUE);
  {
    g_autofree char *out = g_build_filename (work, "out.m4a", NULL);

    g_assert_false (lq_codec_encode_file (LQ_CODEC_AAC_256, master, out, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_FAILED);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, master));
    g_assert_true (g_str_has_suffix (error->message, ": Unknown encoder aac"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  g_unsetenv ("LACQUER_FFMPEG");
  lq_test_rmdir (dir);
}

/* The A/B's codec source for AAC (lq-codec-decoded.h): made through the
 * same ffmpeg round trip, aligned, the master's length at its rate. */
static void
aac_decoded_body (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *source = write_master (dir, "source.wav", 2.0, onset_cb, NULL);
  g_autofree char *project_path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *decoded = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { source, NULL };
  gboolean made = FALSE;
  SF_INFO info = { 0 };
  SNDFILE *sf;
  guint rate;
  gint64 a, b;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  if (!have_ffmpeg ())
    {
      lq_test_rmdir (dir);
      return;
    }
  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  decoded = lq_codec_decoded_get (project, lq_project_get_track (project, 1), LQ_CODEC_AAC_256, &made, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  g_assert_true (made);
  g_assert_true (g_str_has_prefix (decoded, cache));
  sf = sf_open (decoded, SFM_READ, &info);
  g_assert_nonnull (sf);
  sf_close (sf);
  g_assert_cmpint (info.samplerate, ==, RATE);
  g_assert_cmpint (info.frames, ==, 2 * RATE);
  /* Aligned: the onset where the source has it (no gain on this track:
   * the export's render is the source). */
  a = onset (source, 0.1, &rate);
  b = onset (decoded, 0.1, &rate);
  g_test_message ("aac-256 decoded for the A/B: onset %" G_GINT64_FORMAT " (source %" G_GINT64_FORMAT ")", b, a);
  g_assert_cmpint (ABS (b - a), <=, 8);
  g_clear_object (&project);
  lq_test_rmdir (dir);
}

/* In a subprocess of its own: LACQUER_FFMPEG is set before any thread. */
static void
test_aac_missing (void)
{
  if (g_test_subprocess ())
    {
      aac_missing_body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* In a subprocess of its own: LACQUER_FFMPEG is set before any thread. */
static void
test_aac_cancel (void)
{
  if (g_test_subprocess ())
    {
      aac_cancel_body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* In a subprocess of its own: XDG_CACHE_HOME is set before any thread. */
static void
test_aac_decoded (void)
{
  if (g_test_subprocess ())
    {
      aac_decoded_body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_ids (void)
{
  for (LqCodec c = 0; c < LQ_CODEC_N; c++)
    {
      LqCodec back;

      g_assert_true (lq_codec_from_id (lq_codec_get_id (c), &back));
      g_assert_cmpint (back, ==, c);
    }
  g_assert_false (lq_codec_from_id ("aac-128", &(LqCodec) { 0 }));
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_AAC_256, 44100), ==, 44100);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_AAC_256, 48000), ==, 48000);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_AAC_256, 96000), ==, 48000);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_AAC_256, 32000), ==, 48000);
  g_assert_cmpuint (lq_codec_get_kbps (LQ_CODEC_AAC_256), ==, 256);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_OPUS_96, 44100), ==, 48000);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_MP3_320, 96000), ==, 48000);
  g_assert_cmpuint (lq_codec_get_rate (LQ_CODEC_MP3_320, 88200), ==, 44100);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codec-preview/ids", test_ids);
  g_test_add_func ("/codec-preview/tone-round-trip", test_tone_round_trip);
  g_test_add_func ("/codec-preview/near-ceiling", test_near_ceiling);
  g_test_add_func ("/codec-preview/bitrates", test_bitrates);
  g_test_add_func ("/codec-preview/alignment", test_alignment);
  g_test_add_func ("/codec-preview/shared-48k", test_shared_48k);
  g_test_add_func ("/codec-preview/missing", test_missing);
  g_test_add_func ("/codec-preview/cancel", test_cancel);
  g_test_add_func ("/codec-preview/project", test_project);
  g_test_add_func ("/codec-preview/aac", test_aac);
  g_test_add_func ("/codec-preview/aac-missing", test_aac_missing);
  g_test_add_func ("/codec-preview/aac-cancel", test_aac_cancel);
  g_test_add_func ("/codec-preview/aac-decoded", test_aac_decoded);
  return g_test_run ();
}

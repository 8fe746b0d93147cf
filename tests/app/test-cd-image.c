/* test-cd-image.c: the continuous CD image (issue 13, "1. CD"), against
 * the files `lacquer-cli export --rate 44100 --bits 16 --format wav` writes
 * of the same tracks: each track's samples in the image at its INDEX 01
 * frame are the exported file's, sample for sample; everything else is
 * digital silence; WAV and BIN carry the same samples; an existing file,
 * a missing source, cancellation and a layout that does not match the
 * render leave nothing behind; shntool splits the image at a cue sheet's
 * INDEX 01 points into the tracks.
 *
 * Three short tracks (2 s and 1.5 s at 44.1 kHz, 2.5 s at 48 kHz:
 * resampled as export resamples it), matched to a loudness target (the
 * render holds their levels through the limiter), laid out by hand: track
 * 1's 2 s pregap, a gap of 1.3 s (97.5 frames: the next track starts on the
 * frame after) before track 2, none before track 3. */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-cd-image.h"
#include "lq-cd-layout.h"
#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-cli.h"

#define RATE 44100
#define N_TRACKS 3
#define PREGAP_FRAMES 150          /* 2 s */
#define GAP_2_SECONDS 1.3

typedef struct
{
  guint rate;
  guint64 frames;
  double amplitude;
  guint seed;
} Source;

static const Source sources[N_TRACKS] = {
  { 44100, 2 * 44100, 0.30, 1 },
  { 44100, 66150, 0.20, 2 },           /* 1.5 s: 112.5 frames, ends mid-frame */
  { 48000, 120007, 0.25, 3 },          /* 2.5 s and 7 samples at 48 kHz */
};

static char *dir;
static char *project_path;
static char *exported[N_TRACKS];
static guint64 samples[N_TRACKS];      /* each track's length at 44.1 kHz */
static LqProject *project;

/* Uniform noise in -1..1 from (sample, channel, seed). */
static double
hash_noise (guint64 i,
            guint c,
            guint seed)
{
  guint64 z = (i * 2 + c + 1 + (guint64) seed * 1000003) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return (double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

/* Noise of a different seed each, low-passed (a 4-sample moving average:
 * little above 20 kHz, so the 48 kHz track keeps its loudness through the
 * resampler); track 2 also a 1 kHz tone. */
static double
signal_cb (guint64 i,
           guint c,
           guint rate,
           gpointer data)
{
  const Source *s = data;
  double v = 0;

  for (guint k = 0; k < 4; k++)
    v += hash_noise (i + k, c, s->seed);
  v *= s->amplitude / 2;
  if (s->seed == 2)
    v += 0.3 * sin (2 * G_PI * 1000.0 * (double) i / rate);
  return v;
}

static int
run (const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  const char *a;
  va_list ap;
  int status;

  va_start (ap, first);
  g_ptr_array_add (args, (gpointer) first);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = lq_test_run_cli_argv (dir, &out, &err, (const char *const *) args->pdata);
  if (status != 0)
    g_printerr ("lacquer-cli %s: exit %d\n%s%s", first, status, out, err);
  return status;
}

#define RUN_OK(...) g_assert_cmpint (run (__VA_ARGS__, NULL), ==, 0)

static guint64
ceil_frames (guint64 sample)
{
  return (sample + LQ_CD_FRAME_SAMPLES - 1) / LQ_CD_FRAME_SAMPLES;
}

/* The disc, computed here from the tracks' lengths. */
static LqCdLayout *
make_layout (void)
{
  LqCdLayout *l = lq_cd_layout_new (N_TRACKS);
  guint64 gap = (guint64) llround (GAP_2_SECONDS * RATE);
  guint64 audio_end;

  for (guint i = 0; i < N_TRACKS; i++)
    {
      l->tracks[i].project_position = i;
      l->tracks[i].samples = samples[i];
    }
  l->tracks[0].pregap = 0;
  l->tracks[0].start = PREGAP_FRAMES;
  audio_end = lq_cd_frames_to_samples (l->tracks[0].start) + samples[0];
  /* Track 2: the gap starts in the frame after track 1's audio; its
   * INDEX 01 on the first whole frame at least 1.3 s after the audio. */
  l->tracks[0].end = l->tracks[1].pregap = ceil_frames (audio_end);
  l->tracks[1].start = ceil_frames (audio_end + gap);
  g_assert_cmpuint ((audio_end + gap) % LQ_CD_FRAME_SAMPLES, !=, 0);   /* mid-frame */
  audio_end = lq_cd_frames_to_samples (l->tracks[1].start) + samples[1];
  /* Track 3: no gap, the next frame. */
  l->tracks[1].end = l->tracks[2].pregap = l->tracks[2].start = ceil_frames (audio_end);
  audio_end = lq_cd_frames_to_samples (l->tracks[2].start) + samples[2];
  l->tracks[2].end = l->leadout = ceil_frames (audio_end);
  return l;
}

static gint16 *
read_wav (const char *path,
          guint64 *n)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);
  gint16 *buf;

  g_assert_nonnull (sf);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpint (info.samplerate, ==, RATE);
  g_assert_cmpint (info.format & SF_FORMAT_SUBMASK, ==, SF_FORMAT_PCM_16);
  buf = g_new (gint16, info.frames * 2 + 1);
  g_assert_cmpint (sf_readf_short (sf, buf, info.frames), ==, info.frames);
  sf_close (sf);
  *n = (guint64) info.frames;
  return buf;
}

/* @image (@n stereo samples) is the layout's disc: every track's exported
 * samples at its INDEX 01, zeros everywhere else. */
static void
check_image (const gint16 *image,
             guint64 n,
             const LqCdLayout *l)
{
  guint64 pos = 0;

  g_assert_cmpuint (n, ==, lq_cd_frames_to_samples (l->leadout));
  for (guint t = 0; t < l->n_tracks; t++)
    {
      guint64 start = lq_cd_frames_to_samples (l->tracks[t].start);
      guint64 len;
      g_autofree gint16 *track = read_wav (exported[t], &len);

      g_assert_cmpuint (len, ==, samples[t]);
      for (; pos < start * 2; pos++)
        if (image[pos] != 0)
          g_error ("track %u: sample %" G_GUINT64_FORMAT " of the silence before it is %d",
                   t + 1, pos / 2, image[pos]);
      for (guint64 i = 0; i < len * 2; i++)
        if (image[start * 2 + i] != track[i])
          g_error ("track %u: sample %" G_GUINT64_FORMAT " (channel %u) is %d in the image, "
                   "%d exported", t + 1, i / 2, (guint) (i % 2), image[start * 2 + i], track[i]);
      pos = (start + len) * 2;
    }
  for (; pos < n * 2; pos++)
    g_assert_cmpint (image[pos], ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in @folder, sorted, joined by spaces. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
new_folder (const char *name)
{
  char *folder = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  return folder;
}

static void
progress_cb (double fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_wav_and_bin (void)
{
  g_autoptr(LqCdLayout) layout = make_layout ();
  g_autofree char *folder = new_folder ("image");
  g_autofree char *wav = g_build_filename (folder, "disc.wav", NULL);
  g_autofree char *bin = g_build_filename (folder, "disc.bin", NULL);
  g_autofree gint16 *image = NULL;
  g_autofree char *wav_bytes = NULL, *bin_bytes = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  gsize wav_len, bin_len;
  guint64 n;
  double last = 0;

  g_assert_true (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL,
                                    progress_cb, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_true (lq_cd_image_write (project, layout, bin, LQ_CD_IMAGE_BIN, FALSE, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "disc.bin disc.wav");

  image = read_wav (wav, &n);
  check_image (image, n, layout);

  /* The BIN is the WAV's data chunk: the same little-endian samples,
   * with no header. */
  g_assert_true (g_file_get_contents (wav, &wav_bytes, &wav_len, NULL));
  g_assert_true (g_file_get_contents (bin, &bin_bytes, &bin_len, NULL));
  g_assert_cmpuint (bin_len, ==, lq_cd_frames_to_samples (layout->leadout) * 4);
  g_assert_cmpuint (wav_len, ==, bin_len + 44);
  g_assert_cmpmem (wav_bytes + 44, bin_len, bin_bytes, bin_len);
  for (guint64 i = 0; i < n * 2; i++)
    g_assert_cmpint ((gint16) GUINT16_FROM_LE (((const guint16 *) bin_bytes)[i]), ==, image[i]);
}

static void
test_existing (void)
{
  g_autoptr(LqCdLayout) layout = make_layout ();
  g_autofree char *folder = new_folder ("existing");
  g_autofree char *wav = g_build_filename (folder, "disc.wav", NULL);
  g_autofree char *names = NULL, *kept = NULL, *sum = NULL;
  g_autofree gint16 *image = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n;

  g_assert_true (g_file_set_contents (wav, "keep me", -1, NULL));
  g_assert_false (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL,
                                     &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  lq_test_assert_contains (error->message, wav);
  g_assert_true (g_file_get_contents (wav, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "keep me");
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "disc.wav");
  g_clear_error (&error);

  /* Asked to: replaced, by the image. */
  g_assert_true (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, TRUE, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  image = read_wav (wav, &n);
  check_image (image, n, layout);
  g_free (names);
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "disc.wav");

  /* Never over a source, even when asked to overwrite. */
  g_clear_error (&error);
  sum = lq_test_checksum (lq_track_get_path (lq_project_get_track (project, 1)));
  g_assert_false (lq_cd_image_write (project, layout, lq_track_get_path (lq_project_get_track (project, 1)),
                                     LQ_CD_IMAGE_WAV, TRUE, NULL, NULL, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  {
    g_autofree char *after = lq_test_checksum (lq_track_get_path (lq_project_get_track (project, 1)));

    g_assert_cmpstr (after, ==, sum);
  }
}

static void
test_missing_source (void)
{
  g_autofree char *folder = new_folder ("missing");
  g_autofree char *source = g_build_filename (folder, "gone.wav", NULL);
  g_autofree char *path = g_build_filename (folder, "missing.lacquer", NULL);
  g_autofree char *out = new_folder ("missing-out");
  g_autofree char *wav = g_build_filename (out, "disc.wav", NULL);
  g_autofree char *names = NULL;
  g_autoptr(LqProject) p = NULL;
  g_autoptr(LqCdLayout) layout = lq_cd_layout_new (1);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { source, NULL };

  lq_test_write (source, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, sources[0].frames, signal_cb,
                 (gpointer) &sources[0], NULL);
  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (p, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (source), ==, 0);

  layout->tracks[0].pregap = 0;
  layout->tracks[0].start = PREGAP_FRAMES;
  layout->tracks[0].samples = sources[0].frames;
  layout->tracks[0].end = layout->leadout = PREGAP_FRAMES + ceil_frames (sources[0].frames);
  g_assert_false (lq_cd_image_write (p, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  lq_test_assert_contains (error->message, source);
  lq_test_assert_contains (error->message, wav);
  names = list_folder (out);
  g_assert_cmpstr (names, ==, "");
}

static void
cancel_cb (double fraction,
           gpointer user_data)
{
  if (fraction > 0.4)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(LqCdLayout) layout = make_layout ();
  g_autofree char *folder = new_folder ("cancel");
  g_autofree char *wav = g_build_filename (folder, "disc.wav", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, cancellable,
                                     cancel_cb, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "");
}

static void
test_wrong_samples (void)
{
  g_autoptr(LqCdLayout) layout = make_layout ();
  g_autofree char *folder = new_folder ("wrong");
  g_autofree char *wav = g_build_filename (folder, "disc.wav", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  /* One sample more than track 2 renders: still within its frames. */
  layout->tracks[1].samples++;
  g_assert_false (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL,
                                     &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_test_message ("%s", error->message);
  lq_test_assert_contains (error->message, "track 2");
  lq_test_assert_contains (error->message, lq_track_get_path (lq_project_get_track (project, 2)));
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "");
}

/* A layout whose tracks overlap, or run past the lead-out, is refused
 * before anything is rendered. */
static void
test_bad_layout (void)
{
  g_autofree char *folder = new_folder ("bad");
  g_autofree char *wav = g_build_filename (folder, "disc.wav", NULL);
  g_autofree char *names = NULL;

  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(LqCdLayout) layout = make_layout ();
      g_autoptr(GError) error = NULL;

      if (c == 0)
        layout->tracks[1].start = layout->tracks[0].start + 1;   /* inside track 1's audio */
      else
        layout->leadout--;                                       /* cuts track 3 */
      g_assert_false (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL,
                                         &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      lq_test_assert_contains (error->message, c == 0 ? "track 2" : "track 3");
      lq_test_assert_contains (error->message, wav);
    }
  names = list_folder (folder);
  g_assert_cmpstr (names, ==, "");
}

/* shntool splits the image at a cue sheet's INDEX 01 points: each piece
 * is the track's exported samples, then silence up to the next INDEX 01
 * (the lead-out after the last). */
static void
test_shntool_split (void)
{
  g_autoptr(LqCdLayout) layout = make_layout ();
  g_autofree char *folder = new_folder ("split");
  g_autofree char *wav = g_build_filename (folder, "x.wav", NULL);
  g_autofree char *cue = g_build_filename (folder, "x.cue", NULL);
  g_autofree char *pieces = g_build_filename (folder, "pieces", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GString) sheet = g_string_new ("FILE \"x.wav\" WAVE\n");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "shntool", "split", "-q", "-f", cue, "-o", "wav", "-d", pieces, wav, NULL };
  g_autofree char *shntool = g_find_program_in_path ("shntool");
  int status;

  g_assert_nonnull (shntool);   /* build-aux/install-deps.sh */
  g_assert_true (lq_cd_image_write (project, layout, wav, LQ_CD_IMAGE_WAV, FALSE, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  for (guint t = 0; t < layout->n_tracks; t++)
    {
      g_autofree char *msf = lq_cd_frames_to_msf (layout->tracks[t].start);

      g_string_append_printf (sheet, "  TRACK %02u AUDIO\n    INDEX 01 %s\n", t + 1, msf);
    }
  g_assert_true (g_file_set_contents (cue, sheet->str, -1, NULL));
  g_assert_cmpint (g_mkdir (pieces, 0755), ==, 0);
  g_assert_true (g_spawn_sync (folder, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("shntool split failed: %s", err);

  for (guint t = 0; t < layout->n_tracks; t++)
    {
      g_autofree char *name = g_strdup_printf ("split-track%02u.wav", t + 1);
      g_autofree char *piece_path = g_build_filename (pieces, name, NULL);
      g_autofree gint16 *piece = NULL, *track = NULL;
      guint64 n, len;
      guint64 next = t + 1 < layout->n_tracks ? layout->tracks[t + 1].start : layout->leadout;

      piece = read_wav (piece_path, &n);
      track = read_wav (exported[t], &len);
      g_assert_cmpuint (n, ==, lq_cd_frames_to_samples (next - layout->tracks[t].start));
      g_assert_cmpuint (len, ==, samples[t]);
      g_assert_cmpmem (piece, len * 4, track, len * 4);
      for (guint64 i = len * 2; i < n * 2; i++)
        g_assert_cmpint (piece[i], ==, 0);
    }
  /* The pregap before track 1's INDEX 01 is its own piece, all silence. */
  {
    g_autofree char *pregap = g_build_filename (pieces, "split-track00.wav", NULL);

    if (g_file_test (pregap, G_FILE_TEST_EXISTS))
      {
        guint64 n;
        g_autofree gint16 *piece = read_wav (pregap, &n);

        g_assert_cmpuint (n, ==, lq_cd_frames_to_samples (PREGAP_FRAMES));
        for (guint64 i = 0; i < n * 2; i++)
          g_assert_cmpint (piece[i], ==, 0);
      }
  }
}

/* The album: written, analysed, matched and exported once for every test. */
static void
setup_album (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *paths[N_TRACKS + 1] = { NULL };
  char *files[N_TRACKS];

  dir = lq_test_tmpdir ();
  project_path = g_build_filename (dir, "album.lacquer", NULL);
  out = g_build_filename (dir, "export", NULL);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("source-%u.wav", i + 1);

      files[i] = g_build_filename (dir, name, NULL);
      paths[i] = files[i];
      lq_test_write (files[i], SF_FORMAT_WAV | SF_FORMAT_PCM_24, sources[i].rate, 2, sources[i].frames,
                     signal_cb, (gpointer) &sources[i], NULL);
      /* The render's length at 44.1 kHz: rounded to the nearest sample. */
      samples[i] = (sources[i].frames * RATE + sources[i].rate / 2) / sources[i].rate;
      exported[i] = g_strdup_printf ("%s/%02u.wav", out, i + 1);
    }
  project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&project);
  for (guint i = 0; i < N_TRACKS; i++)
    g_free (files[i]);

  RUN_OK ("analyze", project_path);
  RUN_OK ("match", project_path, "--mode", "album", "--target", "spotify");
  RUN_OK ("export", project_path, "--out", out, "--rate", "44100", "--bits", "16", "--format", "wav",
          "--name", "{number:02}");

  project = lq_project_open (project_path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, N_TRACKS);
}

int
main (int argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup_album ();

  g_test_add_func ("/cd-image/wav-and-bin", test_wav_and_bin);
  g_test_add_func ("/cd-image/existing", test_existing);
  g_test_add_func ("/cd-image/missing-source", test_missing_source);
  g_test_add_func ("/cd-image/cancel", test_cancel);
  g_test_add_func ("/cd-image/wrong-samples", test_wrong_samples);
  g_test_add_func ("/cd-image/bad-layout", test_bad_layout);
  g_test_add_func ("/cd-image/shntool-split", test_shntool_split);
  status = g_test_run ();

  g_clear_object (&project);
  lq_test_rmdir (dir);
  g_free (dir);
  g_free (project_path);
  for (guint i = 0; i < N_TRACKS; i++)
    g_free (exported[i]);
  return status;
}

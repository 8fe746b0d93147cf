/* lq-codec-aac.c: AAC 256 kbit/s through the ffmpeg program (see
 * lq-codec-preview.h and lq-codec-pass-private.h).
 *
 * libsndfile has no AAC, and the AAC encoder in Debian main is
 * libavcodec's native "aac": it is run as the ffmpeg program, a
 * subprocess, rather than linked, so Lacquer gains no build dependency
 * and a crash in the encoder cannot take Lacquer down. Encoding:
 *
 *   ffmpeg -nostdin -hide_banner -loglevel error -y -i MASTER.wav
 *          -c:a aac -b:a 256k OUT.m4a
 *
 * and decoding to 32-bit float WAV for the measures (libsndfile reads it):
 *
 *   ffmpeg ... -i OUT.m4a -c:a pcm_f32le DECODED.wav
 *
 * The encoder's priming (1024 frames) is declared in the MP4's edit list
 * and ffmpeg's decoder drops it; whatever is left the preview's alignment
 * (lq_codec_find_delay()) measures. A failure names the file and gives
 * the last line ffmpeg wrote to stderr. Cancelling kills the subprocess
 * (g_subprocess_force_exit()) and removes what it was writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sndfile.h>
#include <string.h>

#include "lq-codec-pass-private.h"
#include "lq-error.h"

char *
_lq_codec_aac_find_ffmpeg (void)
{
  const char *env = g_getenv ("LACQUER_FFMPEG");

  return g_find_program_in_path (env != NULL && *env != '\0' ? env : "ffmpeg");
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer user_data)
{
  (void) cancellable;
  g_subprocess_force_exit (user_data);
}

/* The last line of @text that is not blank, stripped (a new string). */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (lines[i - 1][0] != '\0')
        return g_strdup (lines[i - 1]);
    }
  return g_strdup (_("no message"));
}

/* Runs ffmpeg on @input writing @output (removed on failure). */
static gboolean
run_ffmpeg (const char *input,
            const char *const *codec_args,
            const char *output,
            GCancellable *cancellable,
            GError **error)
{
  g_autofree char *ffmpeg = _lq_codec_aac_find_ffmpeg ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GError) local = NULL;
  gulong handler = 0;
  gboolean ok;

  if (ffmpeg == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("%s: AAC cannot be encoded: %s"), input,
                   lq_codec_get_unavailable_reason (LQ_CODEC_AAC_256));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  g_ptr_array_add (argv, ffmpeg);
  g_ptr_array_add (argv, "-nostdin");
  g_ptr_array_add (argv, "-hide_banner");
  g_ptr_array_add (argv, "-loglevel");
  g_ptr_array_add (argv, "error");
  g_ptr_array_add (argv, "-y");
  g_ptr_array_add (argv, "-i");
  g_ptr_array_add (argv, (gpointer) input);
  for (guint i = 0; codec_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) codec_args[i]);
  g_ptr_array_add (argv, (gpointer) output);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &local);
  if (process == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("%s: cannot run %s: %s"), input, ffmpeg, local->message);
      return FALSE;
    }
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), process, NULL);
  /* Bytes, not UTF-8: ffmpeg's messages quote file names as they are. */
  ok = g_subprocess_communicate (process, NULL, cancellable, NULL, &err_bytes, &local);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (!ok)
    {
      /* Cancelled (or the pipe failed): the process goes, then its file. */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_unlink (output);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("%s: %s failed: %s"), input, ffmpeg, local->message);
      return FALSE;
    }
  if (!g_subprocess_get_successful (process))
    {
      gsize size = 0;
      const char *data = err_bytes != NULL ? g_bytes_get_data (err_bytes, &size) : NULL;
      g_autofree char *text = g_utf8_make_valid (data != NULL ? data : "", size);
      g_autofree char *line = last_line (text);

      g_unlink (output);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* Translators: the input file, the program, its last line of errors */
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("%s: %s failed: %s"), input, ffmpeg, line);
      return FALSE;
    }
  return TRUE;
}

gboolean
_lq_codec_aac_encode (const char *master,
                      const char *out,
                      GCancellable *cancellable,
                      GError **error)
{
  static const char *const args[] = { "-vn", "-c:a", "aac", "-b:a", "256k", "-f", "ipod", NULL };
  g_autofree char *ffmpeg = _lq_codec_aac_find_ffmpeg ();
  g_autofree char *resampled = NULL;
  SF_INFO info = { 0 };
  SNDFILE *sf;
  guint rate;
  gboolean ok;

  if (ffmpeg == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("%s: AAC cannot be encoded: %s"), master,
                   lq_codec_get_unavailable_reason (LQ_CODEC_AAC_256));
      return FALSE;
    }
  sf = sf_open (master, SFM_READ, &info);
  if (sf == NULL)
    {
      g_set_error (error, LQ_ERROR, g_file_test (master, G_FILE_TEST_EXISTS) ? LQ_ERROR_NOT_AUDIO
                                                                            : LQ_ERROR_NOT_FOUND,
                   _("%s: cannot be read: %s"), master, sf_strerror (NULL));
      return FALSE;
    }
  sf_close (sf);
  rate = lq_codec_get_rate (LQ_CODEC_AAC_256, info.samplerate);
  if (rate != (guint) info.samplerate)
    {
      LqCodecMeasures measures;
      gboolean made = FALSE;

      /* As the Opus encodes resample: soxr, very high quality. */
      resampled = g_strconcat (out, ".in.wav", NULL);
      if (!_lq_codec_measure_resample (master, 0.0, rate, resampled, &made, &measures, cancellable, error))
        return FALSE;
    }
  ok = run_ffmpeg (resampled != NULL ? resampled : master, args, out, cancellable, error);
  if (resampled != NULL)
    g_unlink (resampled);
  return ok;
}

gboolean
_lq_codec_aac_decode (const char *encoded,
                      const char *out,
                      GCancellable *cancellable,
                      GError **error)
{
  static const char *const args[] = { "-vn", "-c:a", "pcm_f32le", "-f", "wav", NULL };

  return run_ffmpeg (encoded, args, out, cancellable, error);
}

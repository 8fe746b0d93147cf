/* lq-codec-decoded.c: a track's master as a codec delivers it, cached (see
 * lq-codec-decoded.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>
#include <unistd.h>

#include "lq-codec-decoded.h"
#include "lq-codec-pass-private.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-render-gain.h"
#include "lq-render.h"

#define COPY_FRAMES 8192

/* The spec and options the default export renders @track with, as the
 * codec preview renders its masters (32-bit float WAV). */
static void
master_spec (LqProject *project,
             LqTrack *track,
             LqRenderSpec *spec,
             LqRenderOptions *render)
{
  g_autofree double *levels = lq_export_get_held_levels (project);
  guint position = lq_track_get_position (track);

  lq_export_get_default_render_options (project, render);
  render->format = LQ_RENDER_WAV;
  render->bits = 32;
  render->overwrite = FALSE;
  lq_render_spec_init (spec, project, track);
  spec->target_lufs = position >= 1 && position <= lq_project_get_n_tracks (project)
                      ? levels[position - 1] : NAN;
  if (isfinite (spec->target_lufs) && render->limiter)
    lq_render_spec_use_solved_gain (spec, project, track, render);
}

static char *
cache_path (LqTrack *track,
            const LqRenderSpec *spec,
            const LqRenderOptions *render,
            LqCodec codec)
{
  g_autofree char *key = lq_render_gain_key (track, spec, render);
  g_autofree char *input = g_strdup_printf ("%s|%u|%s|%.17g", key, render->rate, lq_codec_get_id (codec),
                                            spec->start_gain_db);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);
  g_autofree char *name = g_strdup_printf ("%s-%s.wav", sum, lq_codec_get_id (codec));

  return g_build_filename (g_get_user_cache_dir (), "lacquer", "codec", name, NULL);
}

char *
lq_codec_decoded_path (LqProject *project,
                       LqTrack *track,
                       LqCodec codec,
                       GError **error)
{
  LqRenderSpec spec;
  LqRenderOptions render;
  char *path;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (track != NULL, NULL);
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);

  master_spec (project, track, &spec, &render);
  path = cache_path (track, &spec, &render, codec);
  lq_render_spec_clear (&spec);
  return path;
}

/* Writes @decoded's frames @delay .. @delay + @frames - 1 to @out as
 * 32-bit float WAV (zeros where @decoded has none). */
static gboolean
write_aligned (const char *decoded,
               gint64 delay,
               gint64 frames,
               const char *out,
               GError **error)
{
  SF_INFO in_info = { 0 }, out_info = { 0 };
  SNDFILE *in, *dst;
  g_autofree float *buf = NULL;
  gint64 done = 0;
  gboolean ok = TRUE;

  in = sf_open (decoded, SFM_READ, &in_info);
  if (in == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO, _("Cannot decode “%s”: %s"), decoded, sf_strerror (NULL));
      return FALSE;
    }
  out_info.samplerate = in_info.samplerate;
  out_info.channels = in_info.channels;
  out_info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  dst = sf_open (out, SFM_WRITE, &out_info);
  if (dst == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), out, sf_strerror (NULL));
      sf_close (in);
      return FALSE;
    }
  buf = g_new (float, (gsize) COPY_FRAMES * (gsize) in_info.channels);
  /* A decoded file that starts late: zeros first. */
  if (delay > 0 && sf_seek (in, delay, SEEK_SET) < 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot read “%s”: %s"), decoded, sf_strerror (in));
      ok = FALSE;
    }
  while (ok && done < frames)
    {
      sf_count_t want = (sf_count_t) MIN ((gint64) COPY_FRAMES, frames - done);
      sf_count_t got = 0;

      if (done < -delay)
        {
          want = (sf_count_t) MIN ((gint64) want, -delay - done);
          memset (buf, 0, sizeof (float) * (gsize) want * (gsize) in_info.channels);
          got = want;
        }
      else
        {
          got = sf_readf_float (in, buf, want);
          if (got < want)
            memset (buf + got * in_info.channels, 0,
                    sizeof (float) * (gsize) (want - got) * (gsize) in_info.channels);
        }
      if (sf_writef_float (dst, buf, want) != want)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), out, sf_strerror (dst));
          ok = FALSE;
        }
      done += want;
    }
  sf_close (in);
  if (sf_close (dst) != 0 && ok)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), out, sf_strerror (NULL));
      ok = FALSE;
    }
  return ok;
}

/* The number of frames of @path at its own rate, and that rate. */
static gboolean
file_frames (const char *path,
             gint64 *frames,
             guint *rate,
             GError **error)
{
  SF_INFO info = { 0 };
  SNDFILE *f = sf_open (path, SFM_READ, &info);

  if (f == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO, _("Cannot read “%s”: %s"), path, sf_strerror (NULL));
      return FALSE;
    }
  *frames = info.frames;
  *rate = (guint) info.samplerate;
  sf_close (f);
  return TRUE;
}

/* Removes the private folder and what is in it. */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (dir);
}

struct _LqCodecDecodedJob
{
  LqRenderSpec spec;
  LqRenderOptions render;
  LqCodec codec;
  char *path;
};

LqCodecDecodedJob *
lq_codec_decoded_job_new (LqProject *project,
                          LqTrack *track,
                          LqCodec codec,
                          GError **error)
{
  LqCodecDecodedJob *job;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (track != NULL, NULL);
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);

  job = g_new0 (LqCodecDecodedJob, 1);
  job->codec = codec;
  master_spec (project, track, &job->spec, &job->render);
  job->path = cache_path (track, &job->spec, &job->render, codec);
  return job;
}

void
lq_codec_decoded_job_free (LqCodecDecodedJob *job)
{
  if (job == NULL)
    return;
  lq_render_spec_clear (&job->spec);
  g_free (job->path);
  g_free (job);
}

const char *
lq_codec_decoded_job_get_path (const LqCodecDecodedJob *job)
{
  g_return_val_if_fail (job != NULL, NULL);

  return job->path;
}

LqCodec
lq_codec_decoded_job_get_codec (const LqCodecDecodedJob *job)
{
  g_return_val_if_fail (job != NULL, LQ_CODEC_N);

  return job->codec;
}

char *
lq_codec_decoded_job_run (const LqCodecDecodedJob *job,
                          gboolean *made,
                          GCancellable *cancellable,
                          GError **error)
{
  const LqRenderSpec *spec;
  const LqRenderOptions *render;
  LqCodec codec;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *master = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *name = NULL;
  gint64 delay = 0, master_frames = 0, decoded_frames = 0;
  guint master_rate = 0, decoded_rate = 0;
  gboolean ok;

  g_return_val_if_fail (job != NULL, NULL);

  spec = &job->spec;
  render = &job->render;
  codec = job->codec;
  if (made != NULL)
    *made = FALSE;
  path = g_strdup (job->path);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int e = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create the folder “%s”: %s"), folder, g_strerror (e));
      return NULL;
    }
  dir = g_dir_make_tmp ("lacquer-codec-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  master = g_build_filename (dir, "master.wav", NULL);
  name = g_strdup_printf ("encoded.%s", _lq_codec_get_extension (codec));
  encoded = g_build_filename (dir, name, NULL);
  partial = g_strdup_printf ("%s.partial-%d", path, (int) getpid ());
  ok = lq_render_track (spec, render, master, cancellable, NULL, NULL, error)
       && _lq_codec_encode_readable (codec, master, encoded, cancellable, error)
       && lq_codec_find_delay (master, encoded, &delay, cancellable, error)
       && file_frames (master, &master_frames, &master_rate, error)
       && file_frames (encoded, &decoded_frames, &decoded_rate, error);
  if (ok)
    {
      /* The master's length at the decoded rate (Opus: 48 kHz). */
      gint64 frames = decoded_rate == master_rate
                      ? master_frames
                      : (gint64) llround ((double) master_frames * decoded_rate / master_rate);

      ok = write_aligned (encoded, delay, frames, partial, error);
    }
  if (ok && g_rename (partial, path) != 0)
    {
      int e = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), path, g_strerror (e));
      ok = FALSE;
    }
  g_unlink (partial);
  remove_dir (dir);
  if (!ok)
    return NULL;
  if (made != NULL)
    *made = TRUE;
  return g_steal_pointer (&path);
}

char *
lq_codec_decoded_get (LqProject *project,
                      LqTrack *track,
                      LqCodec codec,
                      gboolean *made,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autoptr(LqCodecDecodedJob) job = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (track != NULL, NULL);
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);

  if (made != NULL)
    *made = FALSE;
  job = lq_codec_decoded_job_new (project, track, codec, error);
  if (job == NULL)
    return NULL;
  return lq_codec_decoded_job_run (job, made, cancellable, error);
}

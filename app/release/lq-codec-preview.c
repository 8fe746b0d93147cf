/* lq-codec-preview.c: the codec preview's tracks in parallel (see the
 * header); one codec's round trip is in lq-codec-pass.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "lq-codec-pass-private.h"
#include "lq-codec-preview.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-render-gain.h"
#include "lq-render.h"

typedef struct _Run Run;

typedef struct
{
  char *master;             /* the file previewed */
  gboolean render;          /* rendered from spec into master first */
  LqRenderSpec spec;
  char *name;               /* for errors: the source or the file */
  char *master48;           /* the master resampled to 48 kHz for Opus, or NULL */
  LqCodecMeasures measures;
  LqCodecPreviewTrack *out;
  gint codecs_left;         /* atomic: the master is removed at 0 */
} TrackState;

typedef struct
{
  Run *run;
  guint track;
  gint codec;               /* -1: the track's render and measures */
  guint slot;               /* in out->results */
} Job;

struct _Run
{
  GThreadPool *pool;
  GAsyncQueue *done;        /* of GUINT_TO_POINTER (units done) */
  GMutex lock;
  GError *error;            /* the first failure */
  GCancellable *cancellable;
  char *dir;
  TrackState *tracks;
  guint n;
  guint codecs;
  guint n_codecs;
  double ceiling_dbtp;
  LqRenderOptions render;
};

void
lq_codec_preview_track_free (LqCodecPreviewTrack *track)
{
  if (track == NULL)
    return;
  g_free (track->title);
  g_clear_pointer (&track->results, g_array_unref);
  g_free (track);
}

void
lq_codec_preview_options_init (LqCodecPreviewOptions *options)
{
  g_return_if_fail (options != NULL);
  options->codecs = LQ_CODEC_ALL;
  options->ceiling_dbtp = -1.0;
  options->n_workers = 0;
  options->temp_dir = NULL;
}

gboolean
lq_codec_result_is_over (const LqCodecResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return result->skipped == NULL && result->true_peak_dbtp > 0.0;
}

char *
lq_codec_result_get_warning (const LqCodecResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (!lq_codec_result_is_over (result))
    return NULL;
  /* Translators: a codec's id, then decibels */
  return g_strdup_printf (_("%s over 0 dBTP by %.1f dB; lower the ceiling by %.1f dB"),
                          lq_codec_get_id (result->codec), result->true_peak_dbtp,
                          result->ceiling_reduction_db);
}

static void
fail (Run *run,
      GError *error)
{
  g_mutex_lock (&run->lock);
  /* A failure before the cancellation it causes in the other jobs. */
  if (run->error == NULL
      || (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&run->error);
      run->error = error;
    }
  else
    g_error_free (error);
  g_mutex_unlock (&run->lock);
  g_cancellable_cancel (run->cancellable);
}

/* Names @name in front of @error's message unless it starts with it. */
static void
prefix_name (GError **error,
             const char *name)
{
  if (*error != NULL && !g_str_has_prefix ((*error)->message, name))
    g_prefix_error (error, "%s: ", name);
}

static void
codec_done (Run *run,
            TrackState *t)
{
  if (!g_atomic_int_dec_and_test (&t->codecs_left))
    return;
  if (t->render)
    g_unlink (t->master);
  if (t->master48 != NULL)
    g_unlink (t->master48);
}

static void
run_track (Run *run,
           guint i)
{
  TrackState *t = &run->tracks[i];
  GError *error = NULL;
  guint slot = 0;
  gboolean opus = run->codecs & (1u << LQ_CODEC_OPUS_160 | 1u << LQ_CODEC_OPUS_96);
  g_autofree char *name48 = g_strdup_printf ("track-%02u-48k.wav", i + 1);
  g_autofree char *path48 = opus ? g_build_filename (run->dir, name48, NULL) : NULL;
  gboolean made48 = FALSE;

  if (t->render
      && !lq_render_track (&t->spec, &run->render, t->master, run->cancellable, NULL, NULL, &error))
    {
      prefix_name (&error, t->name);
      fail (run, error);
      g_async_queue_push (run->done, GUINT_TO_POINTER (1 + run->n_codecs));
      return;
    }
  /* The Opus codecs' 48 kHz input is resampled once, in the master's
   * measuring read, not once per codec. */
  if (!_lq_codec_measure_resample (t->master, run->ceiling_dbtp, 48000, path48, &made48, &t->measures,
                                   run->cancellable, &error))
    {
      if (t->render)
        g_unlink (t->master);
      fail (run, error);
      g_async_queue_push (run->done, GUINT_TO_POINTER (1 + run->n_codecs));
      return;
    }
  if (made48)
    t->master48 = g_steal_pointer (&path48);
  t->out->master_true_peak_dbtp = t->measures.true_peak_dbtp;
  t->out->master_lufs = t->measures.integrated_lufs;
  t->out->master_rate = t->measures.rate;
  t->out->master_frames = t->measures.frames;
  g_atomic_int_set (&t->codecs_left, run->n_codecs);
  for (guint c = 0; c < LQ_CODEC_N; c++)
    if (run->codecs & (1u << c))
      {
        Job *job = g_new0 (Job, 1);

        job->run = run;
        job->track = i;
        job->codec = c;
        job->slot = slot++;
        g_thread_pool_push (run->pool, job, NULL);
      }
  g_async_queue_push (run->done, GUINT_TO_POINTER (1));
}

static void
run_codec (Run *run,
           guint i,
           LqCodec codec,
           guint slot)
{
  TrackState *t = &run->tracks[i];
  GError *error = NULL;
  g_autofree char *name = g_strdup_printf ("track-%02u-%s.%s", i + 1, lq_codec_get_id (codec),
                                           _lq_codec_get_extension (codec));
  g_autofree char *encoded = g_build_filename (run->dir, name, NULL);
  LqCodecResult *r = &g_array_index (t->out->results, LqCodecResult, slot);
  gboolean opus = codec == LQ_CODEC_OPUS_160 || codec == LQ_CODEC_OPUS_96;
  /* AAC takes the 48 kHz master the Opus codecs have when it would
   * resample to 48 kHz itself (the same soxr samples). */
  gboolean to48 = opus || (codec == LQ_CODEC_AAC_256 && lq_codec_get_rate (codec, t->measures.rate) == 48000);
  const char *input = to48 && t->master48 != NULL ? t->master48 : t->master;
  const char *skipped = lq_codec_get_unavailable_reason (codec);

  if (skipped != NULL)
    {
      /* Not a failure: the other codecs run as before. */
      memset (r, 0, sizeof *r);
      r->codec = codec;
      r->skipped = skipped;
      r->true_peak_dbtp = r->integrated_lufs = r->loudness_change_lu = NAN;
      r->ceiling_reduction_db = r->bitrate_kbps = NAN;
      r->rate = lq_codec_get_rate (codec, t->measures.rate);
    }
  else if (!_lq_codec_round_trip (codec, input, &t->measures, encoded, run->ceiling_dbtp, r,
                             run->cancellable, &error))
    {
      g_prefix_error (&error, _("%s, %s: "), t->name, lq_codec_get_id (codec));
      fail (run, error);
    }
  codec_done (run, t);
  g_async_queue_push (run->done, GUINT_TO_POINTER (1));
}

static void
job_cb (gpointer data,
        gpointer user_data)
{
  g_autofree Job *job = data;

  (void) user_data;
  if (job->codec < 0)
    run_track (job->run, job->track);
  else
    run_codec (job->run, job->track, job->codec, job->slot);
}

/* Codec jobs before renders, then in track order: a track's codecs are
 * done (and its master removed) before more masters are rendered, so the
 * temporary folder holds a few masters at a time, not the album's. */
static gint
job_order (gconstpointer a,
           gconstpointer b,
           gpointer user_data)
{
  const Job *x = a, *y = b;

  (void) user_data;
  if ((x->codec < 0) != (y->codec < 0))
    return x->codec < 0 ? 1 : -1;
  if (x->track != y->track)
    return x->track < y->track ? -1 : 1;
  return x->codec < y->codec ? -1 : x->codec > y->codec;
}

/* Removes everything in @dir, then @dir. */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer user_data)
{
  (void) cancellable;
  g_cancellable_cancel (user_data);
}

/* Runs @run's tracks (filled by the caller) and frees its state. */
static GPtrArray *
execute (Run *run,
         const LqCodecPreviewOptions *options,
         GCancellable *cancellable,
         LqCodecPreviewProgressFunc progress,
         gpointer progress_data,
         GError **error)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_codec_preview_track_free);
  g_autofree char *template = NULL;
  guint total, done = 0;
  gulong handler = 0;
  guint workers = options->n_workers > 0 ? options->n_workers : g_get_num_processors ();

  run->codecs = (options->codecs != 0 ? options->codecs : LQ_CODEC_ALL) & LQ_CODEC_ALL;
  run->n_codecs = 0;
  for (guint c = 0; c < LQ_CODEC_N; c++)
    run->n_codecs += (run->codecs >> c) & 1;
  for (guint i = 0; i < run->n; i++)
    {
      LqCodecPreviewTrack *t = run->tracks[i].out;

      t->results = g_array_new (FALSE, TRUE, sizeof (LqCodecResult));
      g_array_set_size (t->results, run->n_codecs);
      t->master_true_peak_dbtp = NAN;
      t->master_lufs = NAN;
      g_ptr_array_add (tracks, t);
    }
  g_mutex_init (&run->lock);
  run->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), run->cancellable, NULL);
  template = g_build_filename (options->temp_dir != NULL ? options->temp_dir : g_get_tmp_dir (),
                               "lacquer-codecs-XXXXXX", NULL);
  run->dir = g_mkdtemp (template) != NULL ? g_strdup (template) : NULL;
  if (run->dir == NULL)
    {
      int saved = errno;

      g_set_error (&run->error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot create a temporary folder: %s"),
                   template, g_strerror (saved));
    }
  else
    {
      run->done = g_async_queue_new ();
      run->pool = g_thread_pool_new (job_cb, NULL, MAX (workers, 1), FALSE, NULL);
      g_thread_pool_set_sort_function (run->pool, job_order, NULL);
      for (guint i = 0; i < run->n; i++)
        {
          Job *job = g_new0 (Job, 1);

          if (run->tracks[i].render)
            {
              g_autofree char *name = g_strdup_printf ("track-%02u.wav", i + 1);

              g_free (run->tracks[i].master);
              run->tracks[i].master = g_build_filename (run->dir, name, NULL);
            }
          job->run = run;
          job->track = i;
          job->codec = -1;
          g_thread_pool_push (run->pool, job, NULL);
        }
      total = run->n * (1 + run->n_codecs);
      while (done < total)
        {
          done += GPOINTER_TO_UINT (g_async_queue_pop (run->done));
          if (progress != NULL)
            progress ((double) done / MAX (total, 1), progress_data);
        }
      g_thread_pool_free (run->pool, FALSE, TRUE);
      g_async_queue_unref (run->done);
      remove_dir (run->dir);
    }
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (run->error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &run->error);
  for (guint i = 0; i < run->n; i++)
    {
      g_free (run->tracks[i].master);
      g_free (run->tracks[i].master48);
      g_free (run->tracks[i].name);
      if (run->tracks[i].render)
        lq_render_spec_clear (&run->tracks[i].spec);
    }
  g_free (run->tracks);
  g_free (run->dir);
  g_object_unref (run->cancellable);
  g_mutex_clear (&run->lock);
  if (run->error != NULL)
    {
      g_propagate_error (error, run->error);
      return NULL;
    }
  return g_steal_pointer (&tracks);
}

GPtrArray *
lq_codec_preview_files (const char *const *paths,
                        guint n_paths,
                        const LqCodecPreviewOptions *options,
                        GCancellable *cancellable,
                        LqCodecPreviewProgressFunc progress,
                        gpointer progress_data,
                        GError **error)
{
  Run run = { 0 };

  g_return_val_if_fail (paths != NULL || n_paths == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  run.n = n_paths;
  run.tracks = g_new0 (TrackState, MAX (n_paths, 1));
  run.ceiling_dbtp = options->ceiling_dbtp;
  for (guint i = 0; i < n_paths; i++)
    {
      TrackState *t = &run.tracks[i];

      t->master = g_strdup (paths[i]);
      t->name = g_strdup (paths[i]);
      t->out = g_new0 (LqCodecPreviewTrack, 1);
      t->out->position = i + 1;
      t->out->title = g_path_get_basename (paths[i]);
    }
  return execute (&run, options, cancellable, progress, progress_data, error);
}

GPtrArray *
lq_codec_preview_project (LqProject *project,
                          const char *const *rendered,
                          const LqCodecPreviewOptions *options,
                          GCancellable *cancellable,
                          LqCodecPreviewProgressFunc progress,
                          gpointer progress_data,
                          GError **error)
{
  Run run = { 0 };
  g_autofree double *levels = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  /* The master as the default export renders it (lq-render-gain.c's
   * playback specs do the same), as 32-bit float WAV. */
  lq_export_get_default_render_options (project, &run.render);
  run.render.format = LQ_RENDER_WAV;
  run.render.bits = 32;
  run.render.overwrite = FALSE;
  run.ceiling_dbtp = run.render.ceiling_dbtp;
  levels = lq_export_get_held_levels (project);
  run.n = lq_project_get_n_tracks (project);
  run.tracks = g_new0 (TrackState, MAX (run.n, 1));
  for (guint i = 0; i < run.n; i++)
    {
      TrackState *t = &run.tracks[i];
      LqTrack *track = lq_project_get_track (project, i + 1);

      t->out = g_new0 (LqCodecPreviewTrack, 1);
      t->out->position = i + 1;
      t->out->title = g_strdup (lq_track_get_display_name (track));
      if (rendered != NULL && rendered[i] != NULL)
        {
          t->master = g_strdup (rendered[i]);
          t->name = g_strdup (rendered[i]);
          continue;
        }
      t->render = TRUE;
      lq_render_spec_init (&t->spec, project, track);
      t->spec.target_lufs = levels[i];
      if (isfinite (t->spec.target_lufs) && run.render.limiter)
        lq_render_spec_use_solved_gain (&t->spec, project, track, &run.render);
      t->name = g_strdup (t->spec.source);
    }
  return execute (&run, options, cancellable, progress, progress_data, error);
}

/* lq-release-job.c: delivering the release (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-release-job.h"
#include "lq-release-job-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lq-cd-layout-build.h"
#include "lq-cd-text.h"
#include "lq-cdrdao-toc.h"
#include "lq-codec-preview.h"
#include "lq-cue-sheet.h"
#include "lq-ddp-writer.h"
#include "lq-delivery-target.h"
#include "lq-error.h"
#include "lq-export-checks.h"
#include "lq-output-folder.h"
#include "lq-project-fields.h"
#include "lq-release-manifest.h"
#include "lq-release-report.h"

#define N_STEPS (LQ_RELEASE_STEP_REPORT + 1)

/* The release's progress over all its steps, each weighted by a rough
 * cost in seconds of audio handled. */
typedef struct
{
  LqReleaseProgressFunc func;
  gpointer data;
  double weight[N_STEPS];
  double before[N_STEPS];
  double total;
  LqReleaseStep step;
  double fraction;
} Progress;

/* Plan ------------------------------------------------------------------- */

void
lq_release_options_init (LqReleaseOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->parts = LQ_RELEASE_ALL;
  options->image_format = LQ_CD_IMAGE_WAV;
  lq_export_options_init (&options->files);
  options->files_bits_given = FALSE;
}

const char *
lq_release_step_get_label (LqReleaseStep step)
{
  switch (step)
    {
    case LQ_RELEASE_STEP_CD_TEXT:
      return _("Writing the cue sheet and TOC");
    case LQ_RELEASE_STEP_IMAGE:
      return _("Rendering the CD image");
    case LQ_RELEASE_STEP_DDP:
      return _("Writing the DDP");
    case LQ_RELEASE_STEP_FILES:
      return _("Writing the files");
    case LQ_RELEASE_STEP_CODECS:
      return _("Previewing the codecs");
    case LQ_RELEASE_STEP_MANIFEST:
      return _("Writing the manifest");
    case LQ_RELEASE_STEP_REPORT:
      return _("Writing the report");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
lq_release_apply_target (LqProject *project,
                         const char *target,
                         gboolean bits_given,
                         gboolean channels_given,
                         LqExportOptions *options,
                         GError **error)
{
  g_autofree char *album_target = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (target == NULL)
    {
      const GValue *v = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));

      if (v != NULL && G_VALUE_HOLDS_STRING (v) && g_value_get_string (v) != NULL)
        target = album_target = g_value_dup_string (v);
    }
  if (target == NULL)
    return TRUE;
  if (!lq_delivery_target_lookup (target, &options->target, error))
    return FALSE;
  options->has_target = TRUE;
  /* The target's format (the CD's) unless given, and refused when the
   * options given are not it. */
  if (options->target.bits != 0 && !bits_given)
    options->render.bits = options->target.bits;
  if (options->target.rate != 0 && options->render.rate == 0)
    options->render.rate = options->target.rate;
  if (options->target.channels != 0 && !channels_given)
    options->render.channels = options->target.channels;
  return lq_export_check_options (options, error);
}

/* The images' base name from the album's title: ASCII, so that the cue
 * sheet (ISO-8859-1), the TOC (ASCII) and the file system (UTF-8) spell
 * the image's name the same. */
static char *
image_base_name (LqProject *project)
{
  const GValue *title = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "title"));
  const char *t = title != NULL && G_VALUE_HOLDS_STRING (title) ? g_value_get_string (title) : NULL;
  g_autofree char *name = lq_export_file_name ("{album}", &(LqExportNameFields) {
                                                 .album = t != NULL && *t != '\0' ? t : "album" },
                                               "cue", NULL);
  char *ascii = g_str_to_ascii (name != NULL ? name : "album.cue", "C");

  ascii[strlen (ascii) - 4] = '\0';
  for (char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != ' ' && *p != '.' && *p != '-' && *p != '_')
      *p = '_';
  return ascii;
}

LqReleasePlan *
lq_release_plan_new (LqProject *project,
                     const char *out_dir,
                     const LqReleaseOptions *options,
                     GError **error)
{
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (out_dir != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  plan = g_new0 (LqReleasePlan, 1);
  plan->parts = options->parts != 0 ? options->parts : LQ_RELEASE_ALL;
  plan->image_format = options->image_format;
  plan->files = options->files;
  plan->name_template = g_strdup (options->files.name_template);
  plan->files.name_template = plan->name_template;
  plan->files_bits_given = options->files_bits_given;
  plan->out_dir = g_strdup (out_dir);
  plan->project_path = g_strdup (lq_project_get_path (project));

  plan->layout = lq_cd_layout_new_from_project (project, error);
  if (plan->layout == NULL)
    return NULL;
  plan->preflight = lq_cd_preflight_run (plan->layout);
  if (plan->parts & LQ_RELEASE_FILES)
    lq_release_apply_target (project, NULL, plan->files_bits_given, FALSE, &plan->files,
                             &plan->target_error);

  base = image_base_name (project);
  plan->image_name = g_strconcat (base, plan->image_format == LQ_CD_IMAGE_BIN ? ".bin" : ".wav", NULL);
  stem = g_build_filename (out_dir, base, NULL);
  plan->cue = g_strconcat (stem, ".cue", NULL);
  plan->toc = g_strconcat (stem, ".toc", NULL);
  plan->image = g_build_filename (out_dir, plan->image_name, NULL);
  plan->ddp = g_build_filename (out_dir, "DDP", NULL);
  plan->files_dir = g_build_filename (out_dir, "Files", NULL);
  plan->manifest = g_build_filename (out_dir, "manifest.json", NULL);
  plan->html = g_build_filename (out_dir, "report.html", NULL);
  plan->pdf = g_build_filename (out_dir, "report.pdf", NULL);
  return g_steal_pointer (&plan);
}

void
lq_release_plan_free (LqReleasePlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->name_template);
  g_clear_error (&plan->target_error);
  g_free (plan->out_dir);
  g_free (plan->project_path);
  g_clear_pointer (&plan->layout, lq_cd_layout_free);
  g_clear_pointer (&plan->preflight, lq_cd_preflight_free);
  g_free (plan->image_name);
  g_free (plan->cue);
  g_free (plan->toc);
  g_free (plan->image);
  g_free (plan->ddp);
  g_free (plan->files_dir);
  g_free (plan->manifest);
  g_free (plan->html);
  g_free (plan->pdf);
  g_free (plan);
}

const LqCdLayout *
lq_release_plan_get_layout (const LqReleasePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  return plan->layout;
}

const LqCdPreflight *
lq_release_plan_get_preflight (const LqReleasePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  return plan->preflight;
}

LqReleaseParts
lq_release_plan_get_parts (const LqReleasePlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);
  return plan->parts;
}

const char *
lq_release_plan_get_out_dir (const LqReleasePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  return plan->out_dir;
}

const char *
lq_release_plan_get_path (const LqReleasePlan *plan,
                          const char *kind)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  if (g_str_equal (kind, "cue"))
    return plan->cue;
  if (g_str_equal (kind, "toc"))
    return plan->toc;
  if (g_str_equal (kind, "image"))
    return plan->image;
  if (g_str_equal (kind, "ddp"))
    return plan->ddp;
  if (g_str_equal (kind, "files"))
    return plan->files_dir;
  if (g_str_equal (kind, "manifest"))
    return plan->manifest;
  if (g_str_equal (kind, "report-html"))
    return plan->html;
  if (g_str_equal (kind, "report-pdf"))
    return plan->pdf;
  return NULL;
}

/* Checks ----------------------------------------------------------------- */

static gboolean
check_new (const char *path,
           const char *reason,
           GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, "%s: %s", path, reason);
  return FALSE;
}

/* Nothing the release writes exists yet. */
static gboolean
check_outputs (const LqReleasePlan *plan,
               GError **error)
{
  const char *nothing = _("already exists; nothing was written");

  if ((plan->parts & LQ_RELEASE_DDP)
      && !check_new (plan->ddp, _("already exists; a DDP is written into a new folder"), error))
    return FALSE;
  if ((plan->parts & LQ_RELEASE_FILES)
      && !check_new (plan->files_dir, _("already exists; the files are written into a new folder"), error))
    return FALSE;
  if (!check_new (plan->manifest, nothing, error))
    return FALSE;
  if ((plan->parts & LQ_RELEASE_REPORT)
      && (!check_new (plan->html, nothing, error) || !check_new (plan->pdf, nothing, error)))
    return FALSE;
  if ((plan->parts & LQ_RELEASE_CD)
      && (!check_new (plan->cue, nothing, error) || !check_new (plan->toc, nothing, error)
          || !check_new (plan->image, nothing, error)))
    return FALSE;
  return TRUE;
}

gboolean
lq_release_plan_check (LqReleasePlan *plan,
                       LqProject *project,
                       GError **error)
{
  LqExportOptions options;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);

  /* The pre-flight holds back the disc; the files and the report (which
   * shows its result) go without it */
  if ((plan->parts & (LQ_RELEASE_CD | LQ_RELEASE_DDP)) && !lq_cd_preflight_passed (plan->preflight))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, "%s: %s", plan->project_path,
                   _("the Red Book pre-flight failed: nothing was written"));
      return FALSE;
    }
  /* Missing sources, or sources changed since their analysis, as export
   * refuses them */
  lq_export_options_init (&options);
  lq_cd_render_options_init (project, &options.render);
  options.has_target = FALSE;
  if (!lq_export_preflight (project, &options, error))
    return FALSE;
  if (plan->parts & LQ_RELEASE_FILES)
    {
      if (plan->target_error != NULL)
        {
          g_propagate_error (error, g_error_copy (plan->target_error));
          return FALSE;
        }
      if (!lq_export_preflight (project, &plan->files, error))
        return FALSE;
    }
  return check_outputs (plan, error);
}

/* Progress --------------------------------------------------------------- */

static void
progress_init (Progress *p,
               const LqReleasePlan *plan,
               LqReleaseProgressFunc func,
               gpointer data)
{
  /* Seconds of audio each step handles, roughly weighted by its cost */
  double seconds = MAX (1.0, (double) plan->layout->leadout / LQ_CD_FRAMES_PER_SECOND);
  gboolean disc = (plan->parts & (LQ_RELEASE_CD | LQ_RELEASE_DDP)) != 0;
  gboolean report = (plan->parts & LQ_RELEASE_REPORT) != 0;
  double acc = 0;

  memset (p, 0, sizeof *p);
  p->func = func;
  p->data = data;
  p->weight[LQ_RELEASE_STEP_CD_TEXT] = (plan->parts & LQ_RELEASE_CD) ? 0.01 * seconds : 0;
  p->weight[LQ_RELEASE_STEP_IMAGE] = disc ? seconds : 0;
  p->weight[LQ_RELEASE_STEP_DDP] = (plan->parts & LQ_RELEASE_DDP) ? 0.2 * seconds : 0;
  p->weight[LQ_RELEASE_STEP_FILES] = (plan->parts & LQ_RELEASE_FILES) ? seconds : 0;
  /* Five codecs, each an encode, a decode and an alignment */
  p->weight[LQ_RELEASE_STEP_CODECS] = report && (plan->parts & LQ_RELEASE_CODECS) ? 4.0 * seconds : 0;
  p->weight[LQ_RELEASE_STEP_MANIFEST] = 0.2 * seconds;
  p->weight[LQ_RELEASE_STEP_REPORT] = report ? 0.3 * seconds : 0;
  for (guint i = 0; i < N_STEPS; i++)
    {
      p->before[i] = acc;
      acc += p->weight[i];
    }
  p->total = acc;
}

static void
progress_report (Progress *p,
                 LqReleaseStep step,
                 double step_fraction)
{
  double fraction;

  if (p->func == NULL)
    return;
  if (!(step_fraction >= 0))
    step_fraction = 0;
  step_fraction = MIN (step_fraction, 1.0);
  fraction = (p->before[step] + p->weight[step] * step_fraction) / p->total;
  fraction = CLAMP (fraction, p->fraction, 1.0);
  p->fraction = fraction;
  p->step = step;
  p->func (step, step_fraction, fraction, p->data);
}

static void
step_progress_cb (double fraction,
                  gpointer user_data)
{
  Progress *p = user_data;

  progress_report (p, p->step, fraction);
}

static void
export_progress_cb (guint index,
                    guint n_tracks,
                    double fraction,
                    gpointer user_data)
{
  step_progress_cb (fraction, user_data);
}

/* Run -------------------------------------------------------------------- */

void
lq_release_result_free (LqReleaseResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->written, g_ptr_array_unref);
  g_free (result->failure);
  g_clear_pointer (&result->file_results, g_ptr_array_unref);
  g_clear_pointer (&result->codec_preview, g_ptr_array_unref);
  g_free (result);
}

static void
add_written (LqReleaseResult *result,
             const char *kind,
             const char *path)
{
  g_ptr_array_add (result->written, g_strdup (kind));
  g_ptr_array_add (result->written, g_strdup (path));
}

/* The step's @error as the result's failure, naming @file. */
static void
fail (LqReleaseResult *result,
      const char *file,
      GError *error)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result->cancelled = TRUE;
  if (result->failure == NULL)
    result->failure = g_str_has_prefix (error->message, prefix) ? g_strdup (error->message)
                                                                : g_strconcat (prefix, error->message, NULL);
}

static gboolean
check_cancelled (LqReleaseResult *result,
                 const char *file,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    return FALSE;
  fail (result, file, error);
  return TRUE;
}

static void
write_cd_text (LqReleasePlan *plan,
               LqReleaseResult *result,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (check_cancelled (result, plan->cue, cancellable))
    return;
  if (!lq_cue_sheet_write (plan->layout, plan->cue, plan->image_name, plan->image_format, FALSE, &error))
    {
      fail (result, plan->cue, error);
      return;
    }
  add_written (result, "cue", plan->cue);
  if (!lq_cdrdao_toc_write (plan->layout, plan->toc, plan->image_name, plan->image_format, FALSE, &error))
    {
      fail (result, plan->toc, error);
      return;
    }
  add_written (result, "toc", plan->toc);
}

/* The image, then the DDP from it; with the DDP alone the image is a
 * temporary file in the folder. */
static void
write_disc (LqProject *project,
            LqReleasePlan *plan,
            LqReleaseResult *result,
            Progress *progress,
            GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *image = NULL;
  LqCdImageFormat format = plan->image_format;
  gboolean temp = !(plan->parts & LQ_RELEASE_CD);
  g_autoptr(GBytes) cd_text = NULL;
  guint n_packs = 0;

  if (temp)
    {
      g_autofree char *wanted = g_build_filename (plan->out_dir, "image.bin", NULL);

      image = lq_output_temp_create (wanted, &error);
      if (image == NULL)
        {
          fail (result, plan->out_dir, error);
          return;
        }
      g_unlink (image);
      format = LQ_CD_IMAGE_BIN;
    }
  else
    image = g_strdup (plan->image);

  progress_report (progress, LQ_RELEASE_STEP_IMAGE, 0);
  if (!lq_cd_image_write (project, plan->layout, image, format, FALSE, cancellable,
                          step_progress_cb, progress, &error))
    {
      fail (result, image, error);
      if (temp)
        g_unlink (image);
      return;
    }
  if (!temp)
    add_written (result, "image", image);
  progress_report (progress, LQ_RELEASE_STEP_IMAGE, 1);

  if (plan->parts & LQ_RELEASE_DDP)
    {
      progress_report (progress, LQ_RELEASE_STEP_DDP, 0);
      if (lq_cd_text_layout_has_text (plan->layout))
        cd_text = lq_cd_text_encode (plan->layout, &n_packs, &error);
      if ((cd_text != NULL || error == NULL)
          && lq_ddp_write_at (plan->layout, image, format == LQ_CD_IMAGE_WAV ? LQ_CD_IMAGE_WAV_HEADER_BYTES : 0,
                              cd_text, plan->ddp, cancellable, step_progress_cb, progress, &error))
        {
          add_written (result, "ddp", plan->ddp);
          progress_report (progress, LQ_RELEASE_STEP_DDP, 1);
        }
      else
        fail (result, plan->ddp, error);
    }
  if (temp)
    g_unlink (image);
}

static void
write_files (LqProject *project,
             LqReleasePlan *plan,
             LqReleaseResult *result,
             Progress *progress,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  progress_report (progress, LQ_RELEASE_STEP_FILES, 0);
  results = lq_export_album (project, plan->files_dir, &plan->files, cancellable,
                             export_progress_cb, progress, &error);
  if (results == NULL)
    {
      fail (result, plan->files_dir, error);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      if (r->error != NULL)
        fail (result, r->path, r->error);
      else
        add_written (result, "track", r->path);
    }
  result->file_results = g_steal_pointer (&results);
  if (result->failure == NULL)
    check_cancelled (result, plan->files_dir, cancellable);
  if (result->failure == NULL)
    progress_report (progress, LQ_RELEASE_STEP_FILES, 1);
}

/* Whether a distributor's encoder gets the delivered files' samples as
 * they are: lossless PCM libsndfile reads (every format export writes
 * today); a lossy one would be previewed from a render instead. */
static gboolean
format_is_lossless (LqRenderFormat format)
{
  switch (format)
    {
    case LQ_RENDER_WAV:
    case LQ_RENDER_FLAC:
    case LQ_RENDER_AIFF:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The codec preview encodes what a distributor encodes: the delivered
 * files when the files step wrote them (one path per track, NULL for a
 * track whose file failed: that one is rendered as export renders it).
 * TRUE when it previewed the delivered file of every track. */
static gboolean
write_codecs (LqProject *project,
              LqReleasePlan *plan,
              LqReleaseResult *result,
              Progress *progress,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree const char **rendered = NULL;
  guint n = lq_project_get_n_tracks (project);
  guint n_files = 0;
  LqCodecPreviewOptions options;

  if (result->file_results != NULL && format_is_lossless (plan->files.render.format))
    {
      rendered = g_new0 (const char *, n + 1);
      for (guint i = 0; i < result->file_results->len; i++)
        {
          const LqExportResult *r = g_ptr_array_index (result->file_results, i);

          if (r->position >= 1 && r->position <= n && r->error == NULL && r->path != NULL
              && rendered[r->position - 1] == NULL)
            {
              rendered[r->position - 1] = r->path;
              n_files++;
            }
        }
    }
  progress_report (progress, LQ_RELEASE_STEP_CODECS, 0);
  lq_codec_preview_options_init (&options);
  result->codec_preview = lq_codec_preview_project (project, rendered, &options, cancellable,
                                                    step_progress_cb, progress, &error);
  if (result->codec_preview == NULL)
    {
      fail (result, plan->project_path, error);
      return FALSE;
    }
  progress_report (progress, LQ_RELEASE_STEP_CODECS, 1);
  return n > 0 && n_files == n;
}

static LqReleaseResult *
release_run (LqProject *project,
             LqReleasePlan *plan,
             GCancellable *cancellable,
             LqReleaseProgressFunc progress_func,
             gpointer progress_data,
             GError **error)
{
  g_autoptr(LqOutputLock) lock = NULL;
  g_autoptr(GError) local = NULL;
  LqReleaseResult *result;
  Progress progress;
  gboolean codecs_of_files = FALSE;

  if (!lq_release_plan_check (plan, project, error))
    return NULL;
  if (g_mkdir_with_parents (plan->out_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create the folder “%s”: %s"), plan->out_dir,
                   g_strerror (saved));
      return NULL;
    }
  lock = lq_output_lock_acquire (plan->out_dir, error);
  if (lock == NULL)
    return NULL;
  /* Again, now that no other release can write there */
  if (!check_outputs (plan, error))
    return NULL;

  result = g_new0 (LqReleaseResult, 1);
  result->written = g_ptr_array_new_with_free_func (g_free);
  progress_init (&progress, plan, progress_func, progress_data);

  if (plan->parts & LQ_RELEASE_CD)
    {
      progress_report (&progress, LQ_RELEASE_STEP_CD_TEXT, 0);
      write_cd_text (plan, result, cancellable);
      if (result->failure == NULL)
        progress_report (&progress, LQ_RELEASE_STEP_CD_TEXT, 1);
    }
  if ((plan->parts & (LQ_RELEASE_CD | LQ_RELEASE_DDP)) && result->failure == NULL)
    write_disc (project, plan, result, &progress, cancellable);
  if ((plan->parts & LQ_RELEASE_FILES) && result->failure == NULL)
    write_files (project, plan, result, &progress, cancellable);
  if ((plan->parts & LQ_RELEASE_REPORT) && (plan->parts & LQ_RELEASE_CODECS) && result->failure == NULL)
    codecs_of_files = write_codecs (project, plan, result, &progress, cancellable);

  /* The manifest of what was delivered (the reports are not in it), also
   * after a failed step; not after cancelling */
  if (result->written->len > 0 && !result->cancelled)
    {
      progress_report (&progress, LQ_RELEASE_STEP_MANIFEST, 0);
      if (lq_release_manifest_write (project, plan->project_path, plan->out_dir, result->written, NULL,
                                     plan->manifest, &local))
        {
          add_written (result, "manifest", plan->manifest);
          progress_report (&progress, LQ_RELEASE_STEP_MANIFEST, 1);
        }
      else
        {
          fail (result, plan->manifest, local);
          g_clear_error (&local);
        }
    }

  if ((plan->parts & LQ_RELEASE_REPORT) && result->failure == NULL)
    {
      g_autoptr(GPtrArray) masters = NULL;
      LqReleaseReportInput input = {
        .project = project,
        .project_path = plan->project_path,
        .layout = plan->layout,
        .preflight = plan->preflight,
        .codec_preview = result->codec_preview,
        .codec_preview_of_files = codecs_of_files,
        .masters_label = "Files",
      };

      /* The loudness the listener gets: measured on the delivered files */
      if (result->file_results != NULL)
        {
          guint n = lq_project_get_n_tracks (project);

          masters = g_ptr_array_new ();
          g_ptr_array_set_size (masters, n);
          for (guint i = 0; i < result->file_results->len; i++)
            {
              const LqExportResult *r = g_ptr_array_index (result->file_results, i);

              if (r->position >= 1 && r->position <= n && r->error == NULL)
                g_ptr_array_index (masters, r->position - 1) = r->analysis;
            }
          input.masters = masters;
        }

      progress_report (&progress, LQ_RELEASE_STEP_REPORT, 0);
      if (lq_release_report_write (&input, plan->html, plan->pdf, &local))
        {
          add_written (result, "report-html", plan->html);
          add_written (result, "report-pdf", plan->pdf);
        }
      else
        fail (result, plan->out_dir, local);
    }

  if (result->failure == NULL && progress.func != NULL)
    {
      progress.fraction = 1.0;
      progress.func (progress.step, 1.0, 1.0, progress.data);
    }
  return result;
}

LqReleaseResult *
lq_release_run (LqProject *project,
                LqReleasePlan *plan,
                GCancellable *cancellable,
                LqReleaseProgressFunc progress,
                gpointer progress_data,
                GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return release_run (project, plan, cancellable, progress, progress_data, error);
}

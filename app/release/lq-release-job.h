/* lq-release-job.h: delivering the release, for the command line and the
 * window alike (issue 13).
 *
 * Two steps:
 *
 *  1. lq_release_plan_new(): on the project's thread, quick, writes
 *     nothing. The disc's layout (lq_cd_layout_new_from_project()), the
 *     Red Book pre-flight, the names of everything the release would
 *     write into @out_dir, and whether it can go ahead
 *     (lq_release_plan_check(): the pre-flight passed when the CD or the
 *     DDP is asked for; the sources present and unchanged as export checks
 *     them; nothing to be written exists yet). The window shows the plan
 *     (pre-flight, notes, files) before anything is written; the CLI
 *     prints it.
 *
 *  2. lq_release_run() (blocking: the CLI) or lq_release_run_async() (a
 *     worker thread: the window) carries the plan out, holding @out_dir's
 *     lock (lq-output-folder.h): the CD (cue sheet, cdrdao TOC, the
 *     image), the DDP (DIR/DDP, from the same image and the disc's
 *     CD-Text), the per-track files (DIR/Files, as export writes them,
 *     recorded in the project's export history as export records them),
 *     the codec preview (for the report: of the delivered files when the
 *     release writes them, as a distributor encodes them; else of the
 *     masters rendered as export renders them), manifest.json and the report
 *     (report.html, report.pdf). A step that fails stops the ones after
 *     it (the manifest lists what was written before); cancelling stops
 *     within a block and removes the unfinished file.
 *
 * The async form never touches @project on the worker: it takes a
 * consistent copy of the project file (lq_project_save_copy()) on the
 * calling thread and the worker reads that copy (opened read-only), so the
 * user may go on editing while the release runs; the copy is removed when
 * the job ends. A project open read-only (a read-only folder) is read as
 * it is, without a copy. When it ends, on the caller's main context, the
 * delivered files' export records (those a blocking release leaves) are
 * stored in @project (lq_project_record_export(): in memory for a
 * read-only one) before the callback runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lq-cd-image.h"
#include "lq-cd-layout.h"
#include "lq-cd-preflight.h"
#include "lq-export.h"
#include "lq-project.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_RELEASE_CD     = 1 << 0,   /* cue sheet, cdrdao TOC, CD image */
  LQ_RELEASE_DDP    = 1 << 1,   /* DIR/DDP */
  LQ_RELEASE_FILES  = 1 << 2,   /* DIR/Files, as export writes them */
  LQ_RELEASE_REPORT = 1 << 3,   /* report.html, report.pdf */
  LQ_RELEASE_CODECS = 1 << 4,   /* the codec preview, in the report */
} LqReleaseParts;

#define LQ_RELEASE_ALL (LQ_RELEASE_CD | LQ_RELEASE_DDP | LQ_RELEASE_FILES | LQ_RELEASE_REPORT)

typedef struct
{
  LqReleaseParts parts;         /* 0: LQ_RELEASE_ALL */
  LqCdImageFormat image_format; /* the CD image: WAV (default) or BIN */
  /* The per-track files (LQ_RELEASE_FILES): format, bits, rate, name
   * template, target; lq_export_options_init()'s by default. The plan
   * copies what it needs (name_template included). */
  LqExportOptions files;
  /* The files' word length was chosen (--bits): the target does not
   * override it (as lq_cli_apply_target()'s @bits_given). */
  gboolean files_bits_given;
} LqReleaseOptions;

void lq_release_options_init (LqReleaseOptions *options);

/* The delivery target the per-track files are checked against: @target,
 * or when NULL the album's (none: options->has_target stays FALSE), with
 * its format (the CD's) where @bits_given / @channels_given say the
 * options gave none. FALSE with @error for an unknown target, or options
 * the target does not allow (LQ_ERROR_INVALID_VALUE). The plan applies
 * the album's to LqReleaseOptions.files; lacquer-cli export and release
 * share it (lq_cli_apply_target()). */
gboolean lq_release_apply_target (LqProject *project,
                                  const char *target,
                                  gboolean bits_given,
                                  gboolean channels_given,
                                  LqExportOptions *options,
                                  GError **error);

/* What a release step is doing, for progress. */
typedef enum
{
  LQ_RELEASE_STEP_CD_TEXT,      /* cue sheet and TOC */
  LQ_RELEASE_STEP_IMAGE,        /* rendering the CD image */
  LQ_RELEASE_STEP_DDP,
  LQ_RELEASE_STEP_FILES,
  LQ_RELEASE_STEP_CODECS,
  LQ_RELEASE_STEP_MANIFEST,
  LQ_RELEASE_STEP_REPORT,
} LqReleaseStep;

/* "Rendering the CD image", "Writing the DDP", ...: translated. */
const char *lq_release_step_get_label (LqReleaseStep step);

/* @fraction: of the whole release (0..1, never decreasing), and of the
 * current step. On the calling thread (async: its thread-default main
 * context). */
typedef void (*LqReleaseProgressFunc) (LqReleaseStep step,
                                       double step_fraction,
                                       double fraction,
                                       gpointer user_data);

typedef struct _LqReleasePlan LqReleasePlan;

/* NULL with @error only when the project cannot be laid out at all (no
 * tracks, a track without an analysis...); a failed pre-flight is a plan
 * whose lq_release_plan_check() fails. Writes nothing. */
LqReleasePlan *lq_release_plan_new (LqProject *project,
                                    const char *out_dir,
                                    const LqReleaseOptions *options,
                                    GError **error);
void lq_release_plan_free (LqReleasePlan *plan);

const LqCdLayout *lq_release_plan_get_layout (const LqReleasePlan *plan);
const LqCdPreflight *lq_release_plan_get_preflight (const LqReleasePlan *plan);
LqReleaseParts lq_release_plan_get_parts (const LqReleasePlan *plan);
const char *lq_release_plan_get_out_dir (const LqReleasePlan *plan);
/* The path the release writes for @kind ("cue", "toc", "image", "ddp",
 * "files", "manifest", "report-html", "report-pdf"), whether or not the
 * plan's parts include it; NULL for an unknown kind. */
const char *lq_release_plan_get_path (const LqReleasePlan *plan, const char *kind);

/* FALSE with @error (LQ_ERROR_*, naming the file or the track and the
 * reason) when the release cannot go ahead: the pre-flight failed and the
 * CD or the DDP is asked for (LQ_ERROR_INVALID_VALUE, "the Red Book
 * pre-flight failed"), a source is missing or changed
 * (lq_export_preflight()), a file or folder the release writes exists
 * already (LQ_ERROR_EXISTS). Reads the file system, writes nothing. */
gboolean lq_release_plan_check (LqReleasePlan *plan,
                                LqProject *project,
                                GError **error);

typedef struct
{
  /* (kind, absolute path) pairs, in the order written: "cue", "toc",
   * "image", "ddp", "track" (one per file), "manifest", "report-html",
   * "report-pdf". */
  GPtrArray *written;
  /* The first step that failed, its message (names the file and the
   * reason); NULL when everything was written. */
  char *failure;
  /* Cancelled (failure then says so): the unfinished file was removed,
   * those in written stay. */
  gboolean cancelled;
  /* The per-track files' results (LqExportResult), NULL without files */
  GPtrArray *file_results;
  /* LqCodecPreviewTrack, NULL when the preview was not run */
  GPtrArray *codec_preview;
} LqReleaseResult;

void lq_release_result_free (LqReleaseResult *result);

/* Blocking, on @project's thread (the CLI). Checks the plan first
 * (lq_release_plan_check()): NULL with that @error, nothing written.
 * Otherwise a result: failure set when a step failed or it was
 * cancelled. */
LqReleaseResult *lq_release_run (LqProject *project,
                                 LqReleasePlan *plan,
                                 GCancellable *cancellable,
                                 LqReleaseProgressFunc progress,
                                 gpointer progress_data,
                                 GError **error);

/* The same on a worker thread, from a copy of the project (above). @plan
 * is used on the calling thread and copied; it may be freed after the
 * call. */
void lq_release_run_async (LqProject *project,
                           LqReleasePlan *plan,
                           GCancellable *cancellable,
                           LqReleaseProgressFunc progress,
                           gpointer progress_data,
                           GDestroyNotify progress_data_free,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
LqReleaseResult *lq_release_run_finish (LqProject *project,
                                        GAsyncResult *result,
                                        GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqReleasePlan, lq_release_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqReleaseResult, lq_release_result_free)

G_END_DECLS

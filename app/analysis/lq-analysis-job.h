/* lq-analysis-job.h: analyses a list of files in parallel.
 *
 * One worker per core (or as asked); tracks of one album are spread over the
 * workers. Each file is measured by exactly the same code whatever the number
 * of workers, and the album is computed from the tracks in the given order,
 * so results are bit-identical for any --jobs.
 *
 * The job is driven from a main context (the GTK main thread or the CLI's
 * loop): "progress" and "track-done" are emitted there, and the async result
 * is delivered there. Workers never touch the job's GObject state.
 */
#pragma once

#include <gio/gio.h>

#include "lq-album-analysis.h"
#include "lq-source-file.h"
#include "lq-track-analysis.h"

G_BEGIN_DECLS

#define LQ_TYPE_ANALYSIS_JOB (lq_analysis_job_get_type ())

G_DECLARE_FINAL_TYPE (LqAnalysisJob, lq_analysis_job, LQ, ANALYSIS_JOB, GObject)

/* @n_workers: 0 for one per core. */
LqAnalysisJob *lq_analysis_job_new (const char *const *paths,
                                    guint n_workers);

/* Before running: also hash each file, in the same pass that measures it
 * (lq_source_analyze()), for lq_analysis_job_get_fingerprint(). */
void lq_analysis_job_set_hash_sources (LqAnalysisJob *self,
                                       gboolean hash);

guint lq_analysis_job_get_n_files (LqAnalysisJob *self);
const char *lq_analysis_job_get_path (LqAnalysisJob *self, guint i);
guint lq_analysis_job_get_n_workers (LqAnalysisJob *self);
/* 0..1 over all files, weighted by their length. */
double lq_analysis_job_get_progress (LqAnalysisJob *self);

void lq_analysis_job_run_async (LqAnalysisJob *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
/* FALSE only when cancelled; per-file failures are not job failures. */
gboolean lq_analysis_job_run_finish (LqAnalysisJob *self,
                                     GAsyncResult *result,
                                     GError **error);
/* Runs a private main loop until done (for the CLI and tests). */
gboolean lq_analysis_job_run (LqAnalysisJob *self,
                              GCancellable *cancellable,
                              GError **error);

/* After the run: the analysis of file i, or NULL with its error. */
LqTrackAnalysis *lq_analysis_job_get_track (LqAnalysisJob *self, guint i);
const GError *lq_analysis_job_get_error (LqAnalysisJob *self, guint i);
/* With hashing, after file i is done: the SHA-256 of the very bytes its
 * analysis measured and the file's identity then; NULL without an analysis. */
const char *lq_analysis_job_get_fingerprint (LqAnalysisJob *self, guint i);
const LqSourceStat *lq_analysis_job_get_source_stat (LqAnalysisJob *self, guint i);
guint lq_analysis_job_get_n_failed (LqAnalysisJob *self);
/* The album of every file that succeeded, in the given order. */
LqAlbumAnalysis *lq_analysis_job_get_album (LqAnalysisJob *self);

G_END_DECLS

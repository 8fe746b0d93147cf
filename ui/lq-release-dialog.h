/* lq-release-dialog.h: delivers an album project (issue 13): the CD image
 * with its cue sheet and TOC, the DDP, the streaming files, the codec
 * preview and the QC report, each a check button.
 *
 * First the settings and, before anything is written, the plan
 * (lq_release_plan_new(), made again on every change of the parts, the
 * folder or the project): the Red Book pre-flight, one row a problem naming the track and
 * the rule ("Passed" without any), the layout's notes, the disc's length
 * and track count, and the paths the release would write. Release is
 * insensitive, with the reason shown, while lq_release_plan_check() fails
 * (the pre-flight failed with the CD or the DDP ticked, a file exists...).
 * Release runs on a worker (lq_release_run_async(), from a copy of the
 * project, which stays editable: the dialog stops being modal meanwhile)
 * with a progress bar naming the step; Cancel, Escape or closing the
 * dialog cancel it. Then the results: the files written, the failure if
 * any, Open Folder and Open Report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-job-dialog.h"
#include "lq-project.h"
#include "lq-release-job.h"

G_BEGIN_DECLS

#define LQ_TYPE_RELEASE_DIALOG (lq_release_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LqReleaseDialog, lq_release_dialog, LQ, RELEASE_DIALOG, LqJobDialog)

LqReleaseDialog *lq_release_dialog_new (GtkWindow *parent,
                                        LqProject *project);

/* The folder the release writes into (what the chooser sets). */
void lq_release_dialog_set_folder (LqReleaseDialog *self,
                                   const char      *path);
const char *lq_release_dialog_get_folder (LqReleaseDialog *self);

/* The parts ticked (their check buttons follow). */
void lq_release_dialog_set_parts (LqReleaseDialog *self,
                                  LqReleaseParts   parts);
LqReleaseParts lq_release_dialog_get_parts (LqReleaseDialog *self);

/* Makes the plan again (the project or the file system changed), unless a
 * release is running or its results are shown. */
void lq_release_dialog_refresh (LqReleaseDialog *self);

/* Starts the release, as Release does (nothing when it cannot go ahead);
 * cancels it, as Cancel does. */
void lq_release_dialog_start (LqReleaseDialog *self);
void lq_release_dialog_cancel (LqReleaseDialog *self);
gboolean lq_release_dialog_get_running (LqReleaseDialog *self);

/* For tests: "settings", "progress" or "results"; the plan shown (NULL when
 * none could be made); why Release is insensitive (NULL when it is not);
 * once done, "released", "failed" or "cancelled" (NULL before) and the
 * result (NULL before, or when cancelled before the job made one). */
const char *_lq_release_dialog_get_page (LqReleaseDialog *self);
LqReleasePlan *_lq_release_dialog_get_plan (LqReleaseDialog *self);
const char *_lq_release_dialog_get_blocked_reason (LqReleaseDialog *self);
const char *_lq_release_dialog_get_state (LqReleaseDialog *self);
const LqReleaseResult *_lq_release_dialog_get_result (LqReleaseDialog *self);

G_END_DECLS

/* lq-job-dialog.h: what the album's dialogs share.
 *
 * An LqJobDialog is a window over a project ("project", construct-only)
 * whose title bar's subtitle is the album's title and whose Escape closes
 * it. Its subclass's template names the pieces the base works with:
 * "toast_overlay" and "window_title" always (lq_job_dialog_class_bind_template());
 * for a dialog that runs a long job (lq_job_dialog_class_add_job()) also
 * "cancel_button" and "start_button" in the header bar, "stack" with the
 * pages "settings", "progress" and "results", "progress_page" (an
 * AdwStatusPage) with "progress_bar", and "folder_row", whose handlers
 * "lq_job_dialog_choose_folder_cb" and "lq_job_dialog_open_folder_cb" the
 * template's Choose… and Open Folder buttons call.
 *
 * A job dialog's actions are "NAME.start" (the class's start()) and
 * "NAME.cancel" (cancels the job, or closes the dialog when none runs).
 * The job: lq_job_dialog_begin() shows the progress page and gives the
 * cancellable to run it with; lq_job_dialog_set_progress() while it runs;
 * lq_job_dialog_end() when it is done (FALSE: the dialog was closed
 * meanwhile, drop the result). Closing the dialog cancels the job.
 *
 * The base has no template of its own: a GTK 4.8 template cannot take a
 * subclass's pages into its stack, so each dialog keeps its whole .ui (and
 * its look, names and accessible labels) and the base finds the pieces by
 * their ids (gtk_widget_get_template_child(), bound without a struct
 * field); they are NULL once the template is disposed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-delivery-target.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_JOB_DIALOG (lq_job_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (LqJobDialog, lq_job_dialog, LQ, JOB_DIALOG, AdwWindow)

struct _LqJobDialogClass
{
  AdwWindowClass parent_class;

  /* "NAME.start" */
  void (*start)  (LqJobDialog *self);
  /* What the settings allow, again: after the folder changed */
  void (*update) (LqJobDialog *self);

  /*< private >*/
  char *start_action;
  char *cancel_action;
  const char *folder_title;
  gpointer padding[8];
};

void lq_job_dialog_class_bind_template (LqJobDialogClass *klass);
void lq_job_dialog_class_add_job (LqJobDialogClass *klass,
                                  const char       *name,
                                  const char       *folder_title);

LqProject *lq_job_dialog_get_project (LqJobDialog *self);
gboolean lq_job_dialog_get_album_target (LqJobDialog      *self,
                                         LqDeliveryTarget *target);
void lq_job_dialog_add_toast (LqJobDialog *self,
                              const char  *message);
void lq_job_dialog_show_error (LqJobDialog *self,
                               const char  *heading,
                               const char  *body);

void lq_job_dialog_set_folder (LqJobDialog *self,
                               const char  *path);
const char *lq_job_dialog_get_folder (LqJobDialog *self);

void lq_job_dialog_set_page (LqJobDialog *self,
                             const char  *page);
const char *lq_job_dialog_get_page (LqJobDialog *self);
void lq_job_dialog_set_can_start (LqJobDialog *self,
                                  gboolean     can_start,
                                  const char  *why_not);

GCancellable *lq_job_dialog_begin (LqJobDialog *self,
                                   const char  *description);
void lq_job_dialog_set_progress (LqJobDialog *self,
                                 const char  *text,
                                 double       fraction);
gboolean lq_job_dialog_end (LqJobDialog *self);
void lq_job_dialog_cancel (LqJobDialog *self);
gboolean lq_job_dialog_get_running (LqJobDialog *self);

G_END_DECLS

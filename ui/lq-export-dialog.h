/* lq-export-dialog.h: exports an album project, one file a track.
 *
 * First the settings: the folder (beside the project, "NAME Masters", until
 * another is chosen), the file format, bit depth and sample rate (CD's 16
 * bits and 44.1 kHz when the album is bound for CD, else 24 bits at the
 * sources' rate), whether files already there may be replaced, and the
 * delivery target every file is checked against (the album's). Export
 * renders on worker threads (lq_export_album_async()) with a progress bar
 * naming the track in hand; Cancel stops it (the files finished stay).
 * Then the results: one row a file, passed or not, with its loudness and
 * true peak, or why it failed. Escape closes the dialog, cancelling an
 * export in progress.
 */
#pragma once

#include <adwaita.h>

#include "lq-job-dialog.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_EXPORT_DIALOG (lq_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LqExportDialog, lq_export_dialog, LQ, EXPORT_DIALOG, LqJobDialog)

LqExportDialog *lq_export_dialog_new (GtkWindow *parent,
                                      LqProject *project);

/* The folder the files are written to (what the chooser sets). */
void lq_export_dialog_set_folder (LqExportDialog *self,
                                  const char *path);
const char *lq_export_dialog_get_folder (LqExportDialog *self);

/* Starts the export, as Export does; cancels it, as Cancel does. */
void lq_export_dialog_start (LqExportDialog *self);
void lq_export_dialog_cancel (LqExportDialog *self);
gboolean lq_export_dialog_get_running (LqExportDialog *self);

/* For tests: "settings", "progress" or "results"; the results shown
 * (LqExportResult), or NULL; the last error shown, or NULL; the format
 * and bit depth rows. */
const char *_lq_export_dialog_get_page (LqExportDialog *self);
GPtrArray *_lq_export_dialog_get_results (LqExportDialog *self);
const char *_lq_export_dialog_get_last_error (LqExportDialog *self);
void _lq_export_dialog_set_format (LqExportDialog *self,
                                   guint format,
                                   guint bits);

G_END_DECLS

/* lq-release-report.h: the QC report of a release (issue 13, "QC report
 * and manifest"): report.html (self-contained: inline CSS, the plots as
 * inline SVG) and report.pdf (cairo's PDF surface, text set with pango),
 * the same content in both:
 *   - the PQ sheet (track, title, ISRC, start, length, pregap) from the
 *     disc's layout, and the Red Book pre-flight's result;
 *   - every track's loudness, LRA, true peak, PLR, max momentary and
 *     short-term: of the delivered master when the caller measured it
 *     (masters), else of the mix, with the level the export holds the
 *     master at;
 *   - the album's loudness (the timeline of its short-term loudness and
 *     the dynamics plot), each track's short-term loudness curve, the
 *     tonal balance;
 *   - the platform preview (a table per platform and context, and the
 *     chart of Spotify's album playback);
 *   - the codec preview, when the caller ran it.
 * The plots are liblq-plot's, drawn in a light paper style.
 *
 * Reproducible: the same project gives byte-identical files. The PDF's
 * creation and modification dates are LQ_RELEASE_REPORT_DATE (the project
 * stores no time of its last edit), never the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lq-cd-layout.h"
#include "lq-cd-preflight.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_RELEASE_REPORT_DATE "2000-01-01T00:00:00Z"

typedef struct
{
  LqProject *project;
  /* What errors name the project by (NULL: its path) */
  const char *project_path;
  const LqCdLayout *layout;
  const LqCdPreflight *preflight;
  /* LqCodecPreviewTrack (lq-codec-preview.h), or NULL: not run */
  GPtrArray *codec_preview;
  /* The codec preview encoded the delivered files (TRUE), or the masters
   * rendered as export renders them: the report says which */
  gboolean codec_preview_of_files;
  /* LqTrackAnalysis of each track's delivered master (the release's
   * files), one per track in order (NULL entries: not measured), or NULL:
   * no master was delivered to measure */
  GPtrArray *masters;
  /* Where the masters are (shown with them), e.g. "Files" */
  const char *masters_label;
} LqReleaseReportInput;

/* Writes the report to @html_path and @pdf_path (either may be NULL: not
 * written). The error names the file and the reason; a track without an
 * analysis fails with LQ_ERROR_NOT_ANALYSED. */
gboolean lq_release_report_write (const LqReleaseReportInput *input,
                                  const char *html_path,
                                  const char *pdf_path,
                                  GError **error);

G_END_DECLS

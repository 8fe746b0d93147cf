/* lq-release-report-private.h: the report as a list of blocks (headings,
 * paragraphs, tables, plots), built once (lq-release-report.c) and written
 * as HTML (lq-release-report-html.c) and PDF (lq-release-report-pdf.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lq-plot-style.h"
#include "lq-release-report.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_REPORT_HEADING,    /* text, level 1 or 2 */
  LQ_REPORT_PARAGRAPH,  /* text */
  LQ_REPORT_TABLE,      /* rows (GStrv each, the first the header) */
  LQ_REPORT_PLOT,       /* draw at width x height points, text: its caption */
} LqReportBlockType;

typedef void (*LqReportDrawFunc) (cairo_t *cr,
                                  const LqPlotStyle *style,
                                  double width,
                                  double height,
                                  gconstpointer data);

typedef struct
{
  LqReportBlockType type;
  guint level;
  char *text;
  GPtrArray *rows;
  double width;
  double height;
  LqReportDrawFunc draw;
  gconstpointer data;
} LqReportBlock;

typedef struct
{
  char *title;
  GPtrArray *blocks;   /* LqReportBlock */
  GPtrArray *owned;    /* what the plots draw from, freed with the report */
} LqReport;

#define LQ_REPORT_PAGE_WIDTH 595.0    /* A4, points */
#define LQ_REPORT_PAGE_HEIGHT 842.0
#define LQ_REPORT_MARGIN 40.0
#define LQ_REPORT_CONTENT_WIDTH (LQ_REPORT_PAGE_WIDTH - 2 * LQ_REPORT_MARGIN)

/* The paper style: light, the report's font. */
void _lq_report_style_init (LqPlotStyle *style);

gboolean _lq_report_write_html (const LqReport *report,
                                const char *path,
                                GError **error);
gboolean _lq_report_write_pdf (const LqReport *report,
                               const char *path,
                               GError **error);

G_END_DECLS

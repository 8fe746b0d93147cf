/* lq-release-report-pdf.c: the report on A4 pages (cairo's PDF surface),
 * text set with pango, the plots drawn as they are for the HTML. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "lq-error.h"
#include "lq-release-report-private.h"

#define CELL_PAD 6.0
#define GAP 8.0
#define KEEP_WITH_HEADING 120.0

typedef struct
{
  cairo_t *cr;
  const LqPlotStyle *style;
  double y;
} Page;

static PangoLayout *
text_layout (Page *page,
             const char *text,
             double size_pt,
             gboolean bold,
             double width)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (page->style->font);

  /* Sizes in points on the page */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);

  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

/* Starts a new page when @height does not fit below page->y. */
static void
need (Page *page,
      double height)
{
  if (page->y + height > LQ_REPORT_PAGE_HEIGHT - LQ_REPORT_MARGIN && page->y > LQ_REPORT_MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = LQ_REPORT_MARGIN;
    }
}

/* @keep: room for what follows to stay with the text (a heading's) */
static void
put_text (Page *page,
          const char *text,
          double size_pt,
          gboolean bold,
          double space_before,
          double keep)
{
  g_autoptr(PangoLayout) layout = text_layout (page, text, size_pt, bold, LQ_REPORT_CONTENT_WIDTH);
  double h = layout_height (layout);

  need (page, space_before + h + keep);
  if (page->y > LQ_REPORT_MARGIN)
    page->y += space_before;
  lq_plot_color_set (page->cr, &page->style->foreground);
  cairo_move_to (page->cr, LQ_REPORT_MARGIN, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += h + GAP / 2;
}

static void
put_table (Page *page,
           GPtrArray *rows)
{
  const double size = 8.0;
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree double *widths = g_new0 (double, n_columns);
  double total = 0;
  double scale;

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns && cells[c] != NULL; c++)
        {
          g_autoptr(PangoLayout) layout = text_layout (page, cells[c], size, r == 0, -1);

          widths[c] = MAX (widths[c], layout_width (layout) + CELL_PAD);
        }
    }
  for (guint c = 0; c < n_columns; c++)
    total += widths[c];
  scale = total > LQ_REPORT_CONTENT_WIDTH ? LQ_REPORT_CONTENT_WIDTH / total : 1.0;

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      double x = LQ_REPORT_MARGIN;
      double h = 0;
      g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint c = 0; c < n_columns && cells[c] != NULL; c++)
        {
          PangoLayout *layout = text_layout (page, cells[c], size, r == 0, widths[c] * scale - CELL_PAD);

          h = MAX (h, layout_height (layout));
          g_ptr_array_add (layouts, layout);
        }
      need (page, h + 3);
      if (r == 0)
        {
          lq_plot_color_set (page->cr, &page->style->grid);
          cairo_rectangle (page->cr, LQ_REPORT_MARGIN, page->y, total * scale, h + 2);
          cairo_fill (page->cr);
        }
      lq_plot_color_set (page->cr, &page->style->foreground);
      for (guint c = 0; c < layouts->len; c++)
        {
          cairo_move_to (page->cr, x + CELL_PAD / 2, page->y + 1);
          pango_cairo_show_layout (page->cr, g_ptr_array_index (layouts, c));
          x += widths[c] * scale;
        }
      page->y += h + 3;
    }
  page->y += GAP;
}

static void
put_plot (Page *page,
          const LqReportBlock *block)
{
  double w = MIN (block->width, LQ_REPORT_CONTENT_WIDTH);
  double h = block->height * w / block->width;

  need (page, h + 14);
  cairo_save (page->cr);
  cairo_translate (page->cr, LQ_REPORT_MARGIN, page->y);
  cairo_rectangle (page->cr, 0, 0, w, h);
  cairo_clip (page->cr);
  cairo_scale (page->cr, w / block->width, h / block->height);
  block->draw (page->cr, page->style, block->width, block->height, block->data);
  cairo_restore (page->cr);
  page->y += h + 2;
  put_text (page, block->text, 7.5, FALSE, 0, 0);
  page->y += GAP / 2;
}

gboolean
_lq_report_write_pdf (const LqReport *report,
                      const char *path,
                      GError **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, LQ_REPORT_PAGE_WIDTH, LQ_REPORT_PAGE_HEIGHT);
  LqPlotStyle style;
  Page page;
  cairo_status_t status;

  _lq_report_style_init (&style);
  /* Dates from the report, never the clock: the same project gives the
   * same bytes. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, report->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Lacquer " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, LQ_RELEASE_REPORT_DATE);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, LQ_RELEASE_REPORT_DATE);
  page.cr = cairo_create (surface);
  page.style = &style;
  page.y = LQ_REPORT_MARGIN;

  put_text (&page, report->title, 16, TRUE, 0, 0);
  for (guint i = 0; i < report->blocks->len; i++)
    {
      const LqReportBlock *block = g_ptr_array_index (report->blocks, i);

      switch (block->type)
        {
        case LQ_REPORT_HEADING:
          put_text (&page, block->text, block->level == 1 ? 12 : 10, TRUE, GAP * 1.5,
                    block->level == 1 ? KEEP_WITH_HEADING : KEEP_WITH_HEADING / 2);
          break;
        case LQ_REPORT_PARAGRAPH:
          put_text (&page, block->text, 9, FALSE, 0, 0);
          break;
        case LQ_REPORT_TABLE:
          put_table (&page, block->rows);
          break;
        case LQ_REPORT_PLOT:
          put_plot (&page, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

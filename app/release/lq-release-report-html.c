/* lq-release-report-html.c: the report as one self-contained HTML file,
 * its plots as inline SVG (cairo's SVG surface). */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lq-error.h"
#include "lq-release-report-private.h"

static const char css[] =
  "body{font-family:sans-serif;font-size:10pt;color:#222;background:#fff;"
  "max-width:60em;margin:2em auto;padding:0 1em}"
  "h1{font-size:16pt}h2{font-size:12pt;margin-top:1.6em;border-bottom:1px solid #ccc}"
  "table{border-collapse:collapse;margin:.5em 0}"
  "th,td{padding:.15em .6em;border-bottom:1px solid #e4e4e4;text-align:left}"
  "th{background:#f2f2f2}"
  "figure{margin:.8em 0}figcaption{font-size:9pt;color:#555}"
  "svg{max-width:100%;height:auto;display:block}";

static cairo_status_t
append_cb (void *closure,
           const unsigned char *data,
           unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* @svg with its XML declaration dropped and every id prefixed with @prefix,
 * so that the document's SVGs do not share glyph and clip ids. */
static void
append_svg (GString *out,
            const char *svg,
            const char *prefix)
{
  const char *p = strstr (svg, "<svg");
  static const char *const marks[] = { "id=\"", "href=\"#", "url(#" };

  if (p == NULL)
    return;
  while (*p != '\0')
    {
      gboolean hit = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
        {
          gsize n = strlen (marks[i]);

          if (strncmp (p, marks[i], n) == 0)
            {
              g_string_append_len (out, p, n);
              g_string_append (out, prefix);
              p += n;
              hit = TRUE;
              break;
            }
        }
      if (!hit)
        g_string_append_c (out, *p++);
    }
}

static gboolean
append_plot (GString *out,
             const LqReportBlock *block,
             const LqPlotStyle *style,
             guint index,
             GError **error)
{
  g_autoptr(GString) svg = g_string_new (NULL);
  g_autofree char *prefix = g_strdup_printf ("p%u-", index);
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_cb, svg, block->width,
                                                                  block->height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  block->draw (cr, style, block->width, block->height, block->data);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot draw the plot “%s”: %s"), block->text,
                   cairo_status_to_string (status));
      return FALSE;
    }
  g_string_append (out, "<figure>\n");
  append_svg (out, svg->str, prefix);
  g_string_append_printf (out, "\n<figcaption>%s</figcaption>\n</figure>\n", block->text);
  return TRUE;
}

static void
append_escaped (GString *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_table (GString *out,
              GPtrArray *rows)
{
  g_string_append (out, "<table>\n");
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      const char *tag = r == 0 ? "th" : "td";

      g_string_append (out, "<tr>");
      for (guint c = 0; cells[c] != NULL; c++)
        {
          g_string_append_printf (out, "<%s>", tag);
          append_escaped (out, cells[c]);
          g_string_append_printf (out, "</%s>", tag);
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

gboolean
_lq_report_write_html (const LqReport *report,
                       const char *path,
                       GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) local = NULL;
  LqPlotStyle style;
  guint n_plots = 0;

  _lq_report_style_init (&style);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (out, report->title);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
  append_escaped (out, report->title);
  g_string_append (out, "</h1>\n");
  for (guint i = 0; i < report->blocks->len; i++)
    {
      const LqReportBlock *block = g_ptr_array_index (report->blocks, i);

      switch (block->type)
        {
        case LQ_REPORT_HEADING:
          g_string_append_printf (out, "<h%u>", block->level + 1);
          append_escaped (out, block->text);
          g_string_append_printf (out, "</h%u>\n", block->level + 1);
          break;
        case LQ_REPORT_PARAGRAPH:
          g_string_append (out, "<p>");
          append_escaped (out, block->text);
          g_string_append (out, "</p>\n");
          break;
        case LQ_REPORT_TABLE:
          append_table (out, block->rows);
          break;
        case LQ_REPORT_PLOT:
          {
            g_autofree char *caption = g_markup_escape_text (block->text, -1);
            LqReportBlock escaped = *block;

            escaped.text = caption;
            if (!append_plot (out, &escaped, &style, n_plots++, error))
              return FALSE;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append (out, "</body>\n</html>\n");
  if (!g_file_set_contents (path, out->str, (gssize) out->len, &local))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* lq-plot-style.c: plot colours and text (see lq-plot-style.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "lq-plot-style.h"

#define RGB(hex) { (((hex) >> 16) & 0xff) / 255.0, (((hex) >> 8) & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* libadwaita 1.2's named colours (blue, orange, red, green; its palette for
 * the series). */
static const LqPlotColor light_series[8] = {
  RGB (0x1c71d8), RGB (0xe66100), RGB (0x26a269), RGB (0x9141ac),
  RGB (0xc01c28), RGB (0x986a44), RGB (0x2190a4), RGB (0xc64600),
};
static const LqPlotColor dark_series[8] = {
  RGB (0x62a0ea), RGB (0xffa348), RGB (0x57e389), RGB (0xc061cb),
  RGB (0xf66151), RGB (0xcdab8f), RGB (0x5bc8af), RGB (0xf8e45c),
};

static void
set (LqPlotColor *color,
     guint32 hex,
     double alpha)
{
  LqPlotColor c = RGB (hex);

  c.alpha = alpha;
  *color = c;
}

void
lq_plot_style_init_light (LqPlotStyle *style)
{
  memset (style, 0, sizeof *style);
  set (&style->background, 0xffffff, 1);
  set (&style->foreground, 0x000000, 0.8);
  set (&style->dim, 0x000000, 0.55);
  set (&style->grid, 0x000000, 0.12);
  set (&style->accent, 0x1c71d8, 1);
  set (&style->warning, 0xc64600, 1);
  set (&style->error, 0xc01c28, 1);
  set (&style->success, 0x1b8553, 1);
  memcpy (style->series, light_series, sizeof light_series);
  g_strlcpy (style->font, "Cantarell 9", sizeof style->font);
  style->dark = FALSE;
}

void
lq_plot_style_init_dark (LqPlotStyle *style)
{
  memset (style, 0, sizeof *style);
  set (&style->background, 0x242424, 1);
  set (&style->foreground, 0xffffff, 0.9);
  set (&style->dim, 0xffffff, 0.55);
  set (&style->grid, 0xffffff, 0.12);
  set (&style->accent, 0x78aeed, 1);
  set (&style->warning, 0xf8e45c, 1);
  set (&style->error, 0xff7b63, 1);
  set (&style->success, 0x8ff0a4, 1);
  memcpy (style->series, dark_series, sizeof dark_series);
  g_strlcpy (style->font, "Cantarell 9", sizeof style->font);
  style->dark = TRUE;
}

const LqPlotColor *
lq_plot_style_series (const LqPlotStyle *style,
                      guint index)
{
  return &style->series[index % G_N_ELEMENTS (style->series)];
}

void
lq_plot_color_set (cairo_t *cr,
                   const LqPlotColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
lq_plot_color_set_alpha (cairo_t *cr,
                         const LqPlotColor *color,
                         double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static PangoLayout *
make_layout (cairo_t *cr,
             const LqPlotStyle *style,
             double scale,
             const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font[0] ? style->font : "Sans 9");
  int size = pango_font_description_get_size (font);

  if (size <= 0)
    size = 9 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * scale);
  else
    pango_font_description_set_size (font, (int) (size * scale));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
lq_plot_text_size (cairo_t *cr,
                   const LqPlotStyle *style,
                   double scale,
                   const char *text,
                   double *width,
                   double *height)
{
  PangoLayout *layout = make_layout (cr, style, scale, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
  g_object_unref (layout);
}

double
lq_plot_text (cairo_t *cr,
              const LqPlotStyle *style,
              double scale,
              const char *text,
              double x,
              double y,
              double xalign,
              double yalign)
{
  PangoLayout *layout = make_layout (cr, style, scale, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w / PANGO_SCALE, y - yalign * h / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return (double) w / PANGO_SCALE;
}

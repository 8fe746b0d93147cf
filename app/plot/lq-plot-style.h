/* lq-plot-style.h: the colours, font and scale a plot is drawn with.
 *
 * A plot's drawing function takes one of these, so that the window draws
 * with the theme's colours (light or dark, the accent the user chose) and
 * the release report with print colours, from the same code. The widget
 * fills it from its style context (lq_plot_style_init_light/_dark give
 * libadwaita's palette as a start); nothing here knows GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} LqPlotColor;

typedef struct
{
  LqPlotColor background;  /* what the plot is drawn on (alpha 0: leave it) */
  LqPlotColor foreground;  /* text, curves */
  LqPlotColor dim;         /* axis labels, secondary curves */
  LqPlotColor grid;        /* grid lines, tick marks */
  LqPlotColor accent;      /* the selection, the "after" curves */
  LqPlotColor warning;     /* overs, limiter at work */
  LqPlotColor error;       /* clipping */
  LqPlotColor success;     /* within the target */
  /* Colours told apart in a plot of many series (tracks), repeated. */
  LqPlotColor series[8];
  /* A Pango font description ("Cantarell 9"); the report's may differ. */
  char font[64];
  gboolean dark;
} LqPlotStyle;

void lq_plot_style_init_light (LqPlotStyle *style);
void lq_plot_style_init_dark (LqPlotStyle *style);

/* The @index'th series colour (wraps around). */
const LqPlotColor *lq_plot_style_series (const LqPlotStyle *style,
                                         guint index);

void lq_plot_color_set (cairo_t *cr,
                        const LqPlotColor *color);
/* @color with its alpha multiplied by @alpha. */
void lq_plot_color_set_alpha (cairo_t *cr,
                              const LqPlotColor *color,
                              double alpha);

/* Draws @text with the style's font (its size times @scale) so that the
 * point (@x, @y) is at the text's @xalign (0 left, 0.5 centre, 1 right) and
 * @yalign (0 top, 1 bottom), in the current source colour. Returns the
 * text's width in user units. */
double lq_plot_text (cairo_t *cr,
                     const LqPlotStyle *style,
                     double scale,
                     const char *text,
                     double x,
                     double y,
                     double xalign,
                     double yalign);
/* The size @text takes (lq_plot_text() with the same font), in user units. */
void lq_plot_text_size (cairo_t *cr,
                        const LqPlotStyle *style,
                        double scale,
                        const char *text,
                        double *width,
                        double *height);

G_END_DECLS

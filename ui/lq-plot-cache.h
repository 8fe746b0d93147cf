/* lq-plot-cache.h: a plot's static part, drawn once into an image.
 *
 * A plot widget draws its model through the plot's cairo drawing function
 * (app/plot) into an image at the widget's scale and keeps it, as a cairo
 * node that paints the image, until the model, the size, the scale or the
 * theme change (lq_plot_cache_clear()); what moves (a playhead, the
 * hovered item) goes on top as color nodes.
 *
 * Not the drawing itself in the cairo node: GTK 4.8's cairo node records
 * what is drawn and the cairo renderer replays all of it every frame, so a
 * busy plot (the dynamics view's 99 violins) cost as much a frame as drawing
 * it (15 ms in bench-views); one paint of an image replays as a blit
 * (0.3 ms). A texture node is no better there: the cairo renderer copies and
 * pads the texture every frame (12-20 ms). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GskRenderNode *node;
  int width;
  int height;
  int scale;
} LqPlotCache;

/* Draws the plot at @width x @height on @cr (the cache's context) */
typedef void (*LqPlotCacheDrawFunc) (cairo_t *cr,
                                     int      width,
                                     int      height,
                                     gpointer data);

/* Appends the cached plot to @snapshot at (0, 0), drawing it first with
 * @draw when there is none of this size at @widget's scale */
void lq_plot_cache_append (LqPlotCache         *cache,
                           GtkWidget           *widget,
                           GtkSnapshot         *snapshot,
                           int                  width,
                           int                  height,
                           LqPlotCacheDrawFunc  draw,
                           gpointer             data);
/* Drops the node: the next lq_plot_cache_append() draws again */
void lq_plot_cache_clear  (LqPlotCache         *cache);

/* @text centred in a @width x @height widget, in a muted colour: what a
 * plot shows when it has nothing to draw */
void lq_plot_snapshot_placeholder (GtkWidget   *widget,
                                   GtkSnapshot *snapshot,
                                   const char  *text);

G_END_DECLS

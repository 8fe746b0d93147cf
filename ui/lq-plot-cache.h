/* lq-plot-cache.h: a plot's static part, drawn once into a render node.
 *
 * A plot widget draws its model through the plot's cairo drawing function
 * (app/plot) into a GskRenderNode and keeps it until the model, the size or
 * the theme change (lq_plot_cache_clear()); what moves (a playhead, the
 * hovered item) goes on top as color nodes. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GskRenderNode *node;
  int width;
  int height;
} LqPlotCache;

/* Draws the plot at @width x @height on @cr (the cache's context) */
typedef void (*LqPlotCacheDrawFunc) (cairo_t *cr,
                                     int      width,
                                     int      height,
                                     gpointer data);

/* Appends the cached node to @snapshot, drawing it first with @draw when
 * there is none of this size */
void lq_plot_cache_append (LqPlotCache         *cache,
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

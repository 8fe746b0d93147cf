/* lq-plot-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-plot-cache.h"

void
lq_plot_cache_append (LqPlotCache         *cache,
                      GtkSnapshot         *snapshot,
                      int                  width,
                      int                  height,
                      LqPlotCacheDrawFunc  draw,
                      gpointer             data)
{
  if (width <= 0 || height <= 0)
    return;

  if (cache->node == NULL || cache->width != width || cache->height != height)
    {
      GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_t *cr = gsk_cairo_node_get_draw_context (node);

      draw (cr, width, height, data);
      cairo_destroy (cr);
      g_clear_pointer (&cache->node, gsk_render_node_unref);
      cache->node = node;
      cache->width = width;
      cache->height = height;
    }
  gtk_snapshot_append_node (snapshot, cache->node);
}

void
lq_plot_cache_clear (LqPlotCache *cache)
{
  g_clear_pointer (&cache->node, gsk_render_node_unref);
}

void
lq_plot_snapshot_placeholder (GtkWidget   *widget,
                              GtkSnapshot *snapshot,
                              const char  *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int lw, lh;

  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - lw) / 2.0, (height - lh) / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0.5, 0.5, 0.5, 1.0 });
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

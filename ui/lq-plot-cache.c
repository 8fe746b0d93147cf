/* lq-plot-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-plot-cache.h"

void
lq_plot_cache_append (LqPlotCache         *cache,
                      GtkWidget           *widget,
                      GtkSnapshot         *snapshot,
                      int                  width,
                      int                  height,
                      LqPlotCacheDrawFunc  draw,
                      gpointer             data)
{
  int scale = MAX (gtk_widget_get_scale_factor (widget), 1);

  if (width <= 0 || height <= 0)
    return;

  if (cache->node == NULL || cache->width != width || cache->height != height || cache->scale != scale)
    {
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_t *cr;

      cairo_surface_set_device_scale (image, scale, scale);
      cr = cairo_create (image);
      draw (cr, width, height, data);
      cairo_destroy (cr);

      /* The node holds one paint of the image: replayed, a blit */
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (image);

      g_clear_pointer (&cache->node, gsk_render_node_unref);
      cache->node = node;
      cache->width = width;
      cache->height = height;
      cache->scale = scale;
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

/* lq-album-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-album-summary.h"
#include "lq-format.h"
#include "lq-track-item.h"

struct _LqAlbumSummary
{
  GtkBox parent_instance;

  /* Template children */
  GtkLabel *album_integrated_label;
  GtkLabel *album_lra_label;
  GtkLabel *album_sample_peak_label;
  GtkLabel *album_true_peak_label;
  GtkLabel *album_loudest_label;
  GtkLabel *album_loudest_offset_label;
  GtkLabel *album_quietest_label;
  GtkLabel *album_quietest_offset_label;
};

G_DEFINE_FINAL_TYPE (LqAlbumSummary, lq_album_summary, GTK_TYPE_BOX)

static void
lq_album_summary_set_label (GtkLabel   *label,
                            double      value,
                            const char *unit)
{
  g_autofree char *text = lq_format_value_with_unit (value, unit);

  gtk_label_set_text (label, text);
}

/* The album's loudest or quietest track (@index, or -1 for none) and its
 * offset from the album. */
static void
lq_album_summary_set_track (GtkLabel        *name_label,
                            GtkLabel        *offset_label,
                            LqAlbumAnalysis *album,
                            int              index,
                            GListModel      *rows)
{
  const char *name, *path;
  LqTrackAnalysis *track = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *text = NULL;
  guint n_rows;

  if (album != NULL && index >= 0)
    track = lq_album_analysis_get_track (album, index);

  if (track == NULL)
    {
      gtk_label_set_text (name_label, "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (name_label), NULL);
      gtk_label_set_text (offset_label, "");
      return;
    }

  name = lq_track_analysis_get_display_name (track);
  path = lq_track_analysis_get_path (track);

  /* A project's track is named as the list names it (its title) */
  n_rows = rows != NULL ? g_list_model_get_n_items (rows) : 0;
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(LqTrackItem) item = g_list_model_get_item (rows, i);

      if (lq_track_item_get_analysis (item) == track)
        {
          name = lq_track_item_get_name (item);
          path = lq_track_item_get_path (item);
          break;
        }
    }

  gtk_label_set_text (name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (name_label), path);

  offset = lq_format_offset (lq_album_analysis_get_offset (album, index));
  /* Translators: a track's offset from the album loudness, as "+2.5 LU" */
  text = g_strdup_printf (_("%s LU"), offset);
  gtk_label_set_text (offset_label, text);
}

static void
lq_album_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LQ_TYPE_ALBUM_SUMMARY);

  G_OBJECT_CLASS (lq_album_summary_parent_class)->dispose (object);
}

static void
lq_album_summary_class_init (LqAlbumSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_album_summary_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-album-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_integrated_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_lra_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_sample_peak_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_true_peak_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_loudest_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_loudest_offset_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_quietest_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_quietest_offset_label);
}

static void
lq_album_summary_init (LqAlbumSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lq_album_summary_new (void)
{
  return g_object_new (LQ_TYPE_ALBUM_SUMMARY, NULL);
}

void
lq_album_summary_set_album (LqAlbumSummary  *self,
                            LqAlbumAnalysis *album,
                            GListModel      *rows)
{
  g_return_if_fail (LQ_IS_ALBUM_SUMMARY (self));
  g_return_if_fail (rows == NULL || G_IS_LIST_MODEL (rows));

  lq_album_summary_set_label (self->album_integrated_label,
                              album != NULL ? lq_album_analysis_get_integrated_lufs (album) : NAN, "LUFS");
  lq_album_summary_set_label (self->album_lra_label,
                              album != NULL ? lq_album_analysis_get_lra_lu (album) : NAN, "LU");
  lq_album_summary_set_label (self->album_sample_peak_label,
                              album != NULL ? lq_album_analysis_get_sample_peak_dbfs (album) : NAN, "dBFS");
  lq_album_summary_set_label (self->album_true_peak_label,
                              album != NULL ? lq_album_analysis_get_true_peak_dbtp (album) : NAN, "dBTP");
  lq_album_summary_set_track (self->album_loudest_label, self->album_loudest_offset_label,
                              album, album != NULL ? lq_album_analysis_get_loudest (album) : -1, rows);
  lq_album_summary_set_track (self->album_quietest_label, self->album_quietest_offset_label,
                              album, album != NULL ? lq_album_analysis_get_quietest (album) : -1, rows);
}

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
  GtkLabel *album_caption_label;
  GtkLabel *album_plan_label;
  GtkLabel *album_export_label;
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

/* The caption: all tracks, or which ones the figures leave out. */
static void
lq_album_summary_set_caption (LqAlbumSummary *self,
                              LqProject      *project)
{
  GtkWidget *caption = GTK_WIDGET (self->album_caption_label);
  g_autofree char *left_out = project != NULL ? lq_project_dup_left_out (project) : NULL;

  if (left_out == NULL)
    {
      gtk_label_set_text (self->album_caption_label, _("All tracks measured as one programme"));
      gtk_widget_remove_css_class (caption, "warning");
      gtk_widget_add_css_class (caption, "dim-label");
      return;
    }
  {
    /* Translators: %s says which tracks ("Track 3 is missing") */
    g_autofree char *text = g_strdup_printf (_("%s: left out of the album’s figures"), left_out);

    gtk_label_set_text (self->album_caption_label, text);
    gtk_widget_remove_css_class (caption, "dim-label");
    gtk_widget_add_css_class (caption, "warning");
  }
}

static void
lq_album_summary_show_line (GtkLabel   *label,
                            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/* After a match: the album as planned. */
static void
lq_album_summary_set_plan (LqAlbumSummary *self,
                           LqProject      *project)
{
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autofree char *lufs = NULL, *peak = NULL, *limiter = NULL, *text = NULL;
  double max_peak = -INFINITY, max_reduction = 0.0;

  if (project != NULL && lq_project_get_match_state (project) != LQ_PROJECT_MATCH_NONE)
    plan = lq_project_get_match_plan (project);
  if (plan == NULL)
    {
      lq_album_summary_show_line (self->album_plan_label, NULL);
      return;
    }
  for (guint i = 0; i < lq_match_plan_get_n_tracks (plan); i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (plan, i);

      if (isfinite (t->predicted_true_peak_dbtp))
        max_peak = MAX (max_peak, t->predicted_true_peak_dbtp - t->limiter_reduction_db);
      max_reduction = MAX (max_reduction, t->limiter_reduction_db);
    }
  lufs = lq_format_value (lq_match_plan_get_predicted_album_lufs (plan));
  peak = lq_format_value (max_peak);
  limiter = lq_format_value (max_reduction);
  /* Translators: the album's figures as the match plans them */
  text = g_strdup_printf (_("Planned: %s LUFS, true peak up to %s dBTP, limiter up to %s dB"),
                          lufs, peak, limiter);
  lq_album_summary_show_line (self->album_plan_label, text);
}

/* After an export: the album as measured in the files written; said to be
 * stale when a track was edited, or not exported, since. */
static void
lq_album_summary_set_export (LqAlbumSummary *self,
                             LqProject      *project)
{
  g_autofree char *lufs = NULL, *peak = NULL, *text = NULL;
  double album_lufs = NAN, max_peak = -INFINITY;
  gboolean any = FALSE, stale = FALSE;
  guint n = project != NULL ? lq_project_get_n_tracks (project) : 0;

  for (guint p = 1; p <= n; p++)
    {
      g_autoptr(LqExportRecord) r = lq_project_get_last_export (project, lq_project_get_track (project, p));

      if (r == NULL)
        {
          stale = TRUE;
          continue;
        }
      any = TRUE;
      stale = stale || r->stale || (isfinite (album_lufs) && album_lufs != r->album_lufs);
      album_lufs = r->album_lufs;
      if (isfinite (r->true_peak_dbtp))
        max_peak = MAX (max_peak, r->true_peak_dbtp);
    }
  if (!any)
    {
      lq_album_summary_show_line (self->album_export_label, NULL);
      return;
    }
  lufs = lq_format_value (album_lufs);
  peak = lq_format_value (max_peak);
  if (stale)
    /* Translators: the album's figures measured in the files last written,
     * when the album changed since */
    text = g_strdup_printf (_("Exported before the last changes: %s LUFS, true peak up to %s dBTP"),
                            lufs, peak);
  else
    /* Translators: the album's figures measured in the files written */
    text = g_strdup_printf (_("Exported: %s LUFS, true peak up to %s dBTP"), lufs, peak);
  lq_album_summary_show_line (self->album_export_label, text);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->album_export_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->album_export_label), "dim-label");
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
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_caption_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_plan_label);
  gtk_widget_class_bind_template_child (widget_class, LqAlbumSummary, album_export_label);
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

  /* Loose files: no project's figures */
  if (rows == NULL)
    lq_album_summary_set_project (self, NULL);

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

void
lq_album_summary_set_project (LqAlbumSummary *self,
                              LqProject      *project)
{
  g_return_if_fail (LQ_IS_ALBUM_SUMMARY (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  lq_album_summary_set_caption (self, project);
  lq_album_summary_set_plan (self, project);
  lq_album_summary_set_export (self, project);
}

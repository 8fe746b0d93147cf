/* lq-gain-curve.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-gain-curve.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lq-format.h"
#include "lq-gain-curve-plot.h"
#include "lq-plot-cache.h"
#include "lq-project-watch.h"
#include "lq-ui-util.h"

struct _LqGainCurve
{
  GtkWidget parent_instance;

  LqGainCurveKind kind;
  LqProjectWatch *watch;
  LqGainCurveModel *model;
  LqGainCurvePlotView view;
  LqPlotStyle style;

  LqPlotCache cache;
};

G_DEFINE_FINAL_TYPE (LqGainCurve, lq_gain_curve, GTK_TYPE_WIDGET)

static void
invalidate (LqGainCurve *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rebuild (LqGainCurve *self)
{
  LqProject *project = lq_project_watch_get_project (self->watch);
  g_autofree char *description = NULL;

  lq_project_watch_clear_pending (self->watch);
  g_clear_pointer (&self->model, lq_gain_curve_model_free);
  if (project != NULL)
    self->model = lq_gain_curve_model_new (project, lq_project_watch_get_track (self->watch), self->kind);
  description = self->model != NULL ? lq_gain_curve_model_describe (self->model) : g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  invalidate (self);
}

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqGainCurve *self = data;

  lq_gain_curve_plot_draw (cr, self->model, &self->style, width, height, NULL);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LqGainCurve              *self)
{
  if (self->model == NULL)
    return;
  self->view.hover_db = lq_gain_curve_plot_level_at (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                                     gtk_widget_get_height (GTK_WIDGET (self)), x);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          LqGainCurve              *self)
{
  self->view.hover_db = NAN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
lq_gain_curve_dup_readout (LqGainCurve *self,
                           double       x)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *reduction = NULL;
  double level, output;

  g_return_val_if_fail (LQ_IS_GAIN_CURVE (self), NULL);

  if (self->model == NULL)
    return NULL;
  level = lq_gain_curve_plot_level_at (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                       gtk_widget_get_height (GTK_WIDGET (self)), x);
  output = lq_gain_curve_model_output (self->model, level);
  in = lq_format_value (level);
  out = lq_format_value (output);
  reduction = lq_format_value (level - output);
  /* Translators: the static curve's tooltip: input level, output level, gain reduction */
  return g_strdup_printf (_("In %s dB\nOut %s dB\nReduction %s dB"), in, out, reduction);
}

static gboolean
lq_gain_curve_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_tooltip,
                             GtkTooltip *tooltip)
{
  LqGainCurve *self = LQ_GAIN_CURVE (widget);
  g_autofree char *text = NULL;

  if (self->model == NULL)
    return FALSE;
  text = keyboard_tooltip ? lq_gain_curve_model_describe (self->model) : lq_gain_curve_dup_readout (self, x);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
lq_gain_curve_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LqGainCurve *self = LQ_GAIN_CURVE (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->model == NULL || width <= 0 || height <= 0)
    return;

  lq_plot_cache_append (&self->cache, widget, snapshot, width, height, draw_cb, self);

  /* The pointer's level: a line and a dot on the curve, over the cache */
  if (isfinite (self->view.hover_db))
    {
      LqPlotAxis xa, ya;
      const LqPlotColor *c = &self->style.foreground;
      GdkRGBA line = { c->red, c->green, c->blue, c->alpha * 0.4 };
      GdkRGBA dot = { c->red, c->green, c->blue, c->alpha };
      double px, py;
      GskRoundedRect round;

      lq_gain_curve_plot_axes (self->model, width, height, &xa, &ya);
      px = lq_plot_axis_to_px (&xa, self->view.hover_db);
      py = lq_plot_axis_to_px (&ya, lq_gain_curve_model_output (self->model, self->view.hover_db));
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (floor (px), ya.to_px, 1, ya.from_px - ya.to_px));
      gsk_rounded_rect_init_from_rect (&round, &GRAPHENE_RECT_INIT (px - 3, py - 3, 6, 6), 3);
      gtk_snapshot_push_rounded_clip (snapshot, &round);
      gtk_snapshot_append_color (snapshot, &dot, &round.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

static void
lq_gain_curve_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LqGainCurve *self = LQ_GAIN_CURVE (widget);

  GTK_WIDGET_CLASS (lq_gain_curve_parent_class)->css_changed (widget, change);
  lq_plot_style_from_widget (widget, TRUE, &self->style);
  invalidate (self);
}

static void
lq_gain_curve_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 140 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
}

static void
lq_gain_curve_dispose (GObject *object)
{
  LqGainCurve *self = LQ_GAIN_CURVE (object);

  lq_project_watch_set_track (self->watch, NULL);
  lq_project_watch_set_project (self->watch, NULL);
  lq_plot_cache_clear (&self->cache);
  g_clear_pointer (&self->model, lq_gain_curve_model_free);

  G_OBJECT_CLASS (lq_gain_curve_parent_class)->dispose (object);
}

static void
lq_gain_curve_finalize (GObject *object)
{
  LqGainCurve *self = LQ_GAIN_CURVE (object);

  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_gain_curve_parent_class)->finalize (object);
}

static void
lq_gain_curve_class_init (LqGainCurveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_gain_curve_dispose;
  object_class->finalize = lq_gain_curve_finalize;
  widget_class->snapshot = lq_gain_curve_snapshot;
  widget_class->measure = lq_gain_curve_measure;
  widget_class->css_changed = lq_gain_curve_css_changed;
  widget_class->query_tooltip = lq_gain_curve_query_tooltip;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "gaincurve");
}

static void
lq_gain_curve_init (LqGainCurve *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->watch = lq_project_watch_new (FALSE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (rebuild), self);
  lq_gain_curve_plot_view_init (&self->view);
  lq_plot_style_init_light (&self->style);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
lq_gain_curve_new (LqGainCurveKind kind)
{
  LqGainCurve *self = g_object_new (LQ_TYPE_GAIN_CURVE, NULL);
  const char *label;

  self->kind = kind;
  switch (kind)
    {
    case LQ_GAIN_CURVE_BUS_COMPRESSOR:
      label = _("Bus Compressor Curve");
      break;
    case LQ_GAIN_CURVE_LIMITER:
      label = _("Limiter Curve");
      break;
    case LQ_GAIN_CURVE_COMPRESSOR:
    default:
      label = _("Compressor Curve");
      break;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_WIDGET (self);
}

void
lq_gain_curve_set_project (LqGainCurve *self,
                           LqProject   *project)
{
  g_return_if_fail (LQ_IS_GAIN_CURVE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (lq_project_watch_get_project (self->watch) == project)
    return;
  lq_project_watch_set_track (self->watch, NULL);
  lq_project_watch_set_project (self->watch, project);
  rebuild (self);
}

void
lq_gain_curve_set_track (LqGainCurve *self,
                         LqTrack     *track)
{
  g_return_if_fail (LQ_IS_GAIN_CURVE (self));
  g_return_if_fail (track == NULL || LQ_IS_TRACK (track));

  if (lq_project_watch_get_track (self->watch) == track)
    return;
  lq_project_watch_set_track (self->watch, track);
  rebuild (self);
}

const LqGainCurveModel *
lq_gain_curve_get_model (LqGainCurve *self)
{
  g_return_val_if_fail (LQ_IS_GAIN_CURVE (self), NULL);

  return self->model;
}

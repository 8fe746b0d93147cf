/* lq-dynamics-view.c: the Dynamics view (see lq-dynamics-view.h).
 *
 * The plot is one cairo render node, kept until the model, the size, the
 * selection or the theme change; the hovered column is a color node drawn
 * over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-dynamics-view.h"
#include "lq-plot-cache.h"
#include "lq-project-watch.h"
#include "lq-ui-util.h"

#include <glib/gi18n.h>
#include <math.h>

struct _LqDynamicsView
{
  GtkWidget parent_instance;

  LqProjectWatch *watch;
  LqProject *project;       /* the watch's */

  LqDynamicsModel *model;
  LqDynamicsPlotView view;  /* hover stays G_MAXUINT in the cache */
  guint hover;

  LqPlotStyle style;
  LqPlotCache cache;
};

G_DEFINE_FINAL_TYPE (LqDynamicsView, lq_dynamics_view, GTK_TYPE_WIDGET)

enum
{
  TRACK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lq_dynamics_view_invalidate (LqDynamicsView *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lq_dynamics_view_refresh (LqDynamicsView *self)
{
  g_autofree char *description = NULL;

  g_return_if_fail (LQ_IS_DYNAMICS_VIEW (self));

  lq_project_watch_clear_pending (self->watch);
  g_clear_pointer (&self->model, lq_dynamics_model_free);
  if (self->project != NULL)
    {
      self->model = lq_dynamics_model_new_from_project (self->project);
      if (self->view.selected >= self->model->n_tracks)
        self->view.selected = G_MAXUINT;
      description = lq_dynamics_model_dup_description (self->model);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : _("No album"),
                                  -1);
  lq_dynamics_view_invalidate (self);
}

static void
select_track (LqDynamicsView *self,
              guint           index)
{
  if (self->model == NULL || index >= self->model->n_tracks)
    return;
  if (self->view.selected != index)
    {
      self->view.selected = index;
      lq_dynamics_view_invalidate (self);
    }
  g_signal_emit (self, signals[TRACK_ACTIVATED], 0, index + 1);
}

char *
lq_dynamics_view_dup_readout_at (LqDynamicsView *self,
                                 double          x,
                                 double          y)
{
  guint i;

  g_return_val_if_fail (LQ_IS_DYNAMICS_VIEW (self), NULL);
  if (self->model == NULL)
    return NULL;
  i = lq_dynamics_plot_hit_track (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  return lq_dynamics_model_dup_readout (self->model, i);
}

static gboolean
lq_dynamics_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  LqDynamicsView *self = LQ_DYNAMICS_VIEW (widget);
  g_autofree char *text = NULL;

  if (keyboard && self->model != NULL)
    text = lq_dynamics_model_dup_readout (self->model, self->view.selected);
  else
    text = lq_dynamics_view_dup_readout_at (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           LqDynamicsView           *self)
{
  guint i = G_MAXUINT;

  if (self->model != NULL)
    i = lq_dynamics_plot_hit_track (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                    gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  if (i != self->hover)
    {
      self->hover = i;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *motion,
          LqDynamicsView           *self)
{
  self->hover = G_MAXUINT;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            LqDynamicsView  *self)
{
  guint i;

  if (self->model == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  i = lq_dynamics_plot_hit_track (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  if (i != G_MAXUINT)
    select_track (self, i);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LqDynamicsView        *self)
{
  guint n = self->model != NULL ? self->model->n_tracks : 0;
  guint i = self->view.selected;

  if (n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      i = i == G_MAXUINT ? 0 : i > 0 ? i - 1 : 0;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      i = i == G_MAXUINT ? 0 : MIN (i + 1, n - 1);
      break;
    case GDK_KEY_Home:
      i = 0;
      break;
    case GDK_KEY_End:
      i = n - 1;
      break;
    default:
      return FALSE;
    }
  select_track (self, i);
  return TRUE;
}

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqDynamicsView *self = data;

  lq_plot_style_from_widget (GTK_WIDGET (self), FALSE, &self->style);
  lq_dynamics_plot_draw (cr, self->model, &self->style, width, height, &self->view);
}

static void
lq_dynamics_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LqDynamicsView *self = LQ_DYNAMICS_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->model == NULL || self->model->n_tracks == 0)
    {
      lq_plot_snapshot_placeholder (widget, snapshot, _("No tracks"));
      return;
    }

  lq_plot_cache_append (&self->cache, widget, snapshot, width, height, draw_cb, self);

  if (self->hover < self->model->n_tracks && self->hover != self->view.selected)
    {
      double x0, column;
      LqPlotAxis la, da;
      const LqPlotColor *fg = &self->style.foreground;

      lq_dynamics_plot_get_layout (self->model, width, height, &x0, &column, &la, &da);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.07 },
                                 &GRAPHENE_RECT_INIT (x0 + self->hover * column, la.to_px, column,
                                                      height - la.to_px));
    }
  if (gtk_widget_has_visible_focus (widget) && self->view.selected < self->model->n_tracks)
    {
      double x0, column;
      LqPlotAxis la, da;
      const LqPlotColor *a = &self->style.accent;

      lq_dynamics_plot_get_layout (self->model, width, height, &x0, &column, &la, &da);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { a->red, a->green, a->blue, 1.0 },
                                 &GRAPHENE_RECT_INIT (x0 + self->view.selected * column, height - 2,
                                                      column, 2));
    }
}

static void
lq_dynamics_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 280;
}

static void
lq_dynamics_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lq_dynamics_view_parent_class)->css_changed (widget, change);
  lq_dynamics_view_invalidate (LQ_DYNAMICS_VIEW (widget));
}

static void
lq_dynamics_view_dispose (GObject *object)
{
  LqDynamicsView *self = LQ_DYNAMICS_VIEW (object);

  lq_dynamics_view_set_project (self, NULL);
  lq_plot_cache_clear (&self->cache);

  G_OBJECT_CLASS (lq_dynamics_view_parent_class)->dispose (object);
}

static void
lq_dynamics_view_finalize (GObject *object)
{
  LqDynamicsView *self = LQ_DYNAMICS_VIEW (object);

  g_clear_pointer (&self->model, lq_dynamics_model_free);
  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_dynamics_view_parent_class)->finalize (object);
}

static void
lq_dynamics_view_class_init (LqDynamicsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_dynamics_view_dispose;
  object_class->finalize = lq_dynamics_view_finalize;
  widget_class->snapshot = lq_dynamics_view_snapshot;
  widget_class->measure = lq_dynamics_view_measure;
  widget_class->query_tooltip = lq_dynamics_view_query_tooltip;
  widget_class->css_changed = lq_dynamics_view_css_changed;

  /**
   * LqDynamicsView::track-activated:
   * @position: the track, 1-based
   *
   * A column was clicked, or chosen with the keyboard.
   */
  signals[TRACK_ACTIVATED] = g_signal_new ("track-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "dynamics-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lq_dynamics_view_init (LqDynamicsView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->watch = lq_project_watch_new (FALSE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (lq_dynamics_view_refresh), self);
  lq_dynamics_plot_view_init (&self->view);
  self->hover = G_MAXUINT;

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (lq_dynamics_view_invalidate), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dynamics"),
                                  -1);
  lq_dynamics_view_refresh (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
lq_dynamics_view_new (void)
{
  return g_object_new (LQ_TYPE_DYNAMICS_VIEW, NULL);
}

void
lq_dynamics_view_set_project (LqDynamicsView *self,
                              LqProject      *project)
{
  g_return_if_fail (LQ_IS_DYNAMICS_VIEW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  lq_project_watch_set_project (self->watch, project);
  self->project = project;
  self->view.selected = G_MAXUINT;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    lq_dynamics_view_refresh (self);
}

LqProject *
lq_dynamics_view_get_project (LqDynamicsView *self)
{
  g_return_val_if_fail (LQ_IS_DYNAMICS_VIEW (self), NULL);
  return self->project;
}

void
lq_dynamics_view_set_track (LqDynamicsView *self,
                            guint           position)
{
  guint selected;

  g_return_if_fail (LQ_IS_DYNAMICS_VIEW (self));

  selected = self->model != NULL && position >= 1 && position <= self->model->n_tracks ? position - 1
                                                                                       : G_MAXUINT;
  if (selected == self->view.selected)
    return;
  self->view.selected = selected;
  lq_dynamics_view_invalidate (self);
}

guint
lq_dynamics_view_get_track (LqDynamicsView *self)
{
  g_return_val_if_fail (LQ_IS_DYNAMICS_VIEW (self), 0);
  return self->view.selected == G_MAXUINT ? 0 : self->view.selected + 1;
}

const LqDynamicsModel *
lq_dynamics_view_get_model (LqDynamicsView *self)
{
  g_return_val_if_fail (LQ_IS_DYNAMICS_VIEW (self), NULL);
  return self->model;
}

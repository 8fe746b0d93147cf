/* lq-eq-curve.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-eq-curve.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lq-eq-curve-plot.h"
#include "lq-plot-cache.h"
#include "lq-project-watch.h"
#include "lq-field-set.h"
#include "lq-format.h"
#include "lq-ui-util.h"

#define SCROLL_IDLE_MS 300
#define Q_STEP 1.1892071150027210   /* 2^(1/4): four scroll steps double Q */

struct _LqEqCurve
{
  GtkWidget parent_instance;

  LqProjectWatch *watch;    /* the project and the track */
  LqProject *project;       /* the watch's, for short */
  LqTrack *track;
  LqEqCurveModel *model;
  LqEqCurvePlotView view;
  LqPlotStyle style;

  LqPlotCache cache;        /* the plot */

  /* A drag: the handle, where it started and the axes then */
  int drag;
  double drag_x, drag_y;
  LqPlotAxis drag_xa, drag_ya;
  gboolean rebuild_pending;

  /* A burst of scrolling on a handle */
  int scroll;
  guint scroll_source;

  double pointer_x;         /* NAN: not over the plot */
};

G_DEFINE_FINAL_TYPE (LqEqCurve, lq_eq_curve, GTK_TYPE_WIDGET)

static void
invalidate (LqEqCurve *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (LqEqCurve *self)
{
  g_autofree char *description = self->model != NULL ? lq_eq_curve_model_describe (self->model) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);
}

static void
rebuild (LqEqCurve *self)
{
  if (self->drag >= 0 || self->scroll >= 0)
    {
      /* Not under the user's hand: after the gesture */
      self->rebuild_pending = TRUE;
      return;
    }
  self->rebuild_pending = FALSE;
  lq_project_watch_clear_pending (self->watch);
  g_clear_pointer (&self->model, lq_eq_curve_model_free);
  if (self->project != NULL)
    self->model = lq_eq_curve_model_new (self->project, self->track);
  if (self->model == NULL || self->view.selected >= (int) self->model->n_handles)
    self->view.selected = -1;
  self->view.hover = -1;
  update_accessible (self);
  invalidate (self);
}


/* "eq2" or "bus-eq2" */
static char *
band_prefix (const LqEqCurveHandle *h)
{
  return g_strdup_printf ("%s%u", h->album ? "bus-eq" : "eq", h->band);
}

static void
write_edit (LqEqCurve   *self,
            int          index,
            gboolean     freq_gain,
            gboolean     q)
{
  const LqEqCurveHandle *h;
  g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean ok;

  if (self->project == NULL || self->model == NULL || index < 0 || (guint) index >= self->model->n_handles)
    return;
  h = &self->model->handles[index];
  prefix = band_prefix (h);
  if (freq_gain)
    {
      g_ptr_array_add (assignments, g_strdup_printf ("%s-freq=%s", prefix,
                                                     g_ascii_formatd (buf, sizeof buf, "%.1f", h->settings.freq_hz)));
      if (lq_eq_curve_type_has_gain (h->settings.type))
        g_ptr_array_add (assignments, g_strdup_printf ("%s-gain=%s", prefix,
                                                       g_ascii_formatd (buf, sizeof buf, "%.1f", h->settings.gain_db)));
    }
  if (q)
    g_ptr_array_add (assignments, g_strdup_printf ("%s-q=%s", prefix,
                                                   g_ascii_formatd (buf, sizeof buf, "%.2f", h->settings.q)));
  g_ptr_array_add (assignments, NULL);

  if (h->album)
    ok = lq_project_set_album (self->project, (const char *const *) assignments->pdata, &error);
  else if (self->track != NULL)
    ok = lq_project_set_track (self->project, lq_track_get_position (self->track),
                               (const char *const *) assignments->pdata, &error);
  else
    ok = FALSE;
  if (!ok)
    g_signal_emit_by_name (self, "edit-failed", error != NULL ? error->message : _("No track to edit"));
}

/* After a gesture, the model from the project again (the edit written, or
 * what changed meanwhile). */
static void
finish_gesture (LqEqCurve *self)
{
  rebuild (self);
}

/* Drag ---------------------------------------------------------------------- */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LqEqCurve      *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  int hit;

  if (self->model == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  hit = lq_eq_curve_plot_hit_handle (self->model, width, height, x, y);
  if (hit < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag = hit;
  self->view.selected = hit;
  lq_eq_curve_plot_handle_position (self->model, width, height, hit, &self->drag_x, &self->drag_y);
  lq_eq_curve_plot_axes (self->model, width, height, &self->drag_xa, &self->drag_ya);
  invalidate (self);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                LqEqCurve      *self)
{
  const LqEqCurveHandle *h;
  double freq, gain;

  if (self->drag < 0)
    return;
  h = &self->model->handles[self->drag];
  freq = lq_plot_axis_from_px (&self->drag_xa, self->drag_x + dx);
  gain = lq_eq_curve_type_has_gain (h->settings.type)
         ? lq_plot_axis_from_px (&self->drag_ya, self->drag_y + dy) : h->settings.gain_db;
  lq_eq_curve_model_move_handle (self->model, self->drag, CLAMP (freq, LQ_EQ_CURVE_MIN_HZ, LQ_EQ_CURVE_MAX_HZ),
                                 gain, h->settings.q);
  invalidate (self);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             LqEqCurve      *self)
{
  int index = self->drag;

  if (index < 0)
    return;
  drag_update_cb (gesture, dx, dy, self);
  self->drag = -1;
  if (dx != 0.0 || dy != 0.0)
    write_edit (self, index, TRUE, FALSE);
  finish_gesture (self);
}

/* Scroll -------------------------------------------------------------------- */

static void
scroll_commit (LqEqCurve *self)
{
  int index = self->scroll;

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (index < 0)
    return;
  self->scroll = -1;
  write_edit (self, index, FALSE, TRUE);
  finish_gesture (self);
}

static gboolean
scroll_timeout_cb (gpointer data)
{
  LqEqCurve *self = data;

  self->scroll_source = 0;
  scroll_commit (self);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LqEqCurve                *self)
{
  int index = self->scroll;
  const LqEqCurveHandle *h;

  if (self->model == NULL)
    return FALSE;
  if (index < 0)
    index = self->view.hover;
  if (index < 0 || !lq_eq_curve_type_has_gain (self->model->handles[index].settings.type))
    return FALSE;

  self->scroll = index;
  self->view.selected = index;
  h = &self->model->handles[index];
  lq_eq_curve_model_move_handle (self->model, index, h->settings.freq_hz, h->settings.gain_db,
                                 h->settings.q * pow (Q_STEP, -dy));
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  self->scroll_source = g_timeout_add (SCROLL_IDLE_MS, scroll_timeout_cb, self);
  invalidate (self);
  return TRUE;
}

/* Pointer ------------------------------------------------------------------- */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LqEqCurve                *self)
{
  int hover;

  self->pointer_x = x;
  if (self->model == NULL)
    return;
  hover = self->scroll >= 0 ? self->scroll
          : lq_eq_curve_plot_hit_handle (self->model, gtk_widget_get_width (GTK_WIDGET (self)),
                                         gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  if (hover != self->view.hover)
    {
      self->view.hover = hover;
      invalidate (self);
    }
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          LqEqCurve                *self)
{
  self->pointer_x = NAN;
  scroll_commit (self);
  if (self->view.hover != -1)
    {
      self->view.hover = -1;
      invalidate (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keys ---------------------------------------------------------------------- */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LqEqCurve             *self)
{
  const LqEqCurveHandle *h;
  int n, sel = self->view.selected;
  double freq, gain, q;
  gboolean q_changed;

  if (self->model == NULL || self->model->n_handles == 0)
    return FALSE;
  n = (int) self->model->n_handles;

  if (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_Page_Up)
    {
      self->view.selected = sel < 0 ? 0 : (sel + (keyval == GDK_KEY_Page_Down ? 1 : n - 1)) % n;
      invalidate (self);
      return TRUE;
    }
  if (sel < 0)
    return FALSE;

  h = &self->model->handles[sel];
  freq = h->settings.freq_hz;
  gain = h->settings.gain_db;
  q = h->settings.q;
  switch (keyval)
    {
    case GDK_KEY_Left:
      freq /= pow (2.0, 1.0 / 12.0);
      break;
    case GDK_KEY_Right:
      freq *= pow (2.0, 1.0 / 12.0);
      break;
    case GDK_KEY_Up:
      gain += 0.5;
      break;
    case GDK_KEY_Down:
      gain -= 0.5;
      break;
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
    case GDK_KEY_equal:
      q *= Q_STEP;
      break;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      q /= Q_STEP;
      break;
    default:
      return FALSE;
    }
  if (!lq_eq_curve_type_has_gain (h->settings.type) && (gain != h->settings.gain_db || q != h->settings.q))
    return TRUE;
  q_changed = q != h->settings.q;
  lq_eq_curve_model_move_handle (self->model, sel, freq, gain, q);
  write_edit (self, sel, !q_changed, q_changed);
  rebuild (self);
  return TRUE;
}

/* Tooltip ------------------------------------------------------------------- */

char *
lq_eq_curve_dup_readout (LqEqCurve *self,
                         double     x,
                         double     y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  const char *names[LQ_EQ_CURVE_N_PARTS] = { _("EQ"), _("Match EQ"), _("Bus EQ") };
  g_autoptr(GString) text = NULL;
  LqPlotAxis xa, ya;
  g_autofree char *freq_text = NULL;
  g_autofree char *sum = NULL;
  double freq;
  int hit;

  g_return_val_if_fail (LQ_IS_EQ_CURVE (self), NULL);

  if (self->model == NULL)
    return NULL;
  hit = lq_eq_curve_plot_hit_handle (self->model, width, height, x, y);
  if (hit >= 0)
    return lq_eq_curve_model_describe_handle (self->model, hit);

  lq_eq_curve_plot_axes (self->model, width, height, &xa, &ya);
  if (x < xa.from_px || x > xa.to_px)
    return NULL;
  freq = lq_plot_axis_from_px (&xa, x);
  freq_text = lq_eq_curve_format_frequency (freq);
  text = g_string_new (freq_text);
  for (guint p = 0; p < LQ_EQ_CURVE_N_PARTS; p++)
    {
      g_autofree char *value = NULL;

      if (!self->model->part_active[p])
        continue;
      value = lq_format_offset (lq_eq_curve_model_value_at (self->model, p, freq));
      /* Translators: a curve's name and its gain in dB, in the EQ curve's tooltip */
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s: %s dB"), names[p], value);
    }
  sum = lq_format_offset (lq_eq_curve_model_value_at (self->model, LQ_EQ_CURVE_N_PARTS, freq));
  /* Translators: the combined EQ curve's gain in dB, in the tooltip */
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Combined: %s dB"), sum);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
lq_eq_curve_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_tooltip,
                           GtkTooltip *tooltip)
{
  LqEqCurve *self = LQ_EQ_CURVE (widget);
  g_autofree char *text = NULL;

  if (keyboard_tooltip)
    text = self->model != NULL && self->view.selected >= 0
           ? lq_eq_curve_model_describe_handle (self->model, self->view.selected) : NULL;
  else
    text = lq_eq_curve_dup_readout (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Drawing ------------------------------------------------------------------- */

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqEqCurve *self = data;

  lq_eq_curve_plot_draw (cr, self->model, &self->style, width, height, &self->view);
}

static void
lq_eq_curve_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  LqEqCurve *self = LQ_EQ_CURVE (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->model == NULL || width <= 0 || height <= 0)
    return;

  lq_plot_cache_append (&self->cache, widget, snapshot, width, height, draw_cb, self);

  /* The pointer's frequency: a line over the cached plot */
  if (isfinite (self->pointer_x) && self->drag < 0)
    {
      LqPlotAxis xa, ya;
      const LqPlotColor *c = &self->style.foreground;
      GdkRGBA rgba = { c->red, c->green, c->blue, c->alpha * 0.35 };

      lq_eq_curve_plot_axes (self->model, width, height, &xa, &ya);
      if (self->pointer_x >= xa.from_px && self->pointer_x <= xa.to_px)
        gtk_snapshot_append_color (snapshot, &rgba,
                                   &GRAPHENE_RECT_INIT (floor (self->pointer_x), ya.to_px, 1, ya.from_px - ya.to_px));
    }
}

static void
lq_eq_curve_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  LqEqCurve *self = LQ_EQ_CURVE (widget);

  GTK_WIDGET_CLASS (lq_eq_curve_parent_class)->css_changed (widget, change);
  lq_plot_style_from_widget (widget, TRUE, &self->style);
  invalidate (self);
}

static void
lq_eq_curve_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 360;
    }
  else
    {
      *minimum = 140;
      *natural = 200;
    }
}

static void
lq_eq_curve_dispose (GObject *object)
{
  LqEqCurve *self = LQ_EQ_CURVE (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  lq_eq_curve_set_track (self, NULL);
  lq_eq_curve_set_project (self, NULL);
  lq_plot_cache_clear (&self->cache);
  g_clear_pointer (&self->model, lq_eq_curve_model_free);

  G_OBJECT_CLASS (lq_eq_curve_parent_class)->dispose (object);
}

static void
lq_eq_curve_finalize (GObject *object)
{
  LqEqCurve *self = LQ_EQ_CURVE (object);

  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_eq_curve_parent_class)->finalize (object);
}

static void
lq_eq_curve_class_init (LqEqCurveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_eq_curve_dispose;
  object_class->finalize = lq_eq_curve_finalize;
  widget_class->snapshot = lq_eq_curve_snapshot;
  widget_class->measure = lq_eq_curve_measure;
  widget_class->css_changed = lq_eq_curve_css_changed;
  widget_class->query_tooltip = lq_eq_curve_query_tooltip;

  /**
   * LqEqCurve::edit-failed:
   * @message: why the project refused the edit
   */
  lq_field_set_add_edit_failed_signal (G_TYPE_FROM_CLASS (klass));

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "eqcurve");
}

static void
lq_eq_curve_init (LqEqCurve *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->watch = lq_project_watch_new (FALSE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (rebuild), self);
  self->drag = -1;
  self->scroll = -1;
  self->pointer_x = NAN;
  lq_eq_curve_plot_view_init (&self->view);
  lq_plot_style_init_light (&self->style);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("EQ Curve"),
                                  -1);
}

GtkWidget *
lq_eq_curve_new (void)
{
  return g_object_new (LQ_TYPE_EQ_CURVE, NULL);
}

void
lq_eq_curve_set_project (LqEqCurve *self,
                         LqProject *project)
{
  g_return_if_fail (LQ_IS_EQ_CURVE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  lq_eq_curve_set_track (self, NULL);
  lq_project_watch_set_project (self->watch, project);
  self->project = project;
  rebuild (self);
}

void
lq_eq_curve_set_track (LqEqCurve *self,
                       LqTrack   *track)
{
  g_return_if_fail (LQ_IS_EQ_CURVE (self));
  g_return_if_fail (track == NULL || LQ_IS_TRACK (track));

  if (self->track == track)
    return;
  lq_project_watch_set_track (self->watch, track);
  self->track = track;
  self->view.selected = -1;
  rebuild (self);
}

const LqEqCurveModel *
lq_eq_curve_get_model (LqEqCurve *self)
{
  g_return_val_if_fail (LQ_IS_EQ_CURVE (self), NULL);

  return self->model;
}

int
lq_eq_curve_get_selected (LqEqCurve *self)
{
  g_return_val_if_fail (LQ_IS_EQ_CURVE (self), -1);

  return self->view.selected;
}

cairo_surface_t *
lq_eq_curve_render (LqEqCurve *self,
                    int        width,
                    int        height)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (LQ_IS_EQ_CURVE (self), NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  lq_plot_style_from_widget (GTK_WIDGET (self), TRUE, &self->style);
  if (self->model != NULL)
    lq_eq_curve_plot_draw (cr, self->model, &self->style, width, height, &self->view);
  cairo_destroy (cr);
  return surface;
}

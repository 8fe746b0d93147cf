/* lq-album-timeline.c: see the header. */
#include "config.h"

#include "lq-album-timeline.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-plot-cache.h"
#include "lq-plot-style.h"
#include "lq-project-watch.h"
#include "lq-timeline-plot.h"
#include "lq-ui-util.h"

#define DRAG_THRESHOLD_PX 3.0
#define PAN_FRACTION 0.1    /* of the view, a scroll step */
#define PLAYHEAD_PX 2.0

struct _LqAlbumTimeline
{
  GtkWidget parent_instance;

  LqProject *project;
  LqTimelineModel *model;
  LqTimelineModel *preview;     /* while a drag edits: what it would leave */
  guint rate;                   /* the engine's, 0: the first track's */
  LqProjectWatch *watch;   /* the project and all its tracks */

  double start_s, end_s;        /* the view */
  gboolean fitted;              /* the whole album: follows its length */
  guint selected;               /* 1-based, 0: none */
  double position;              /* the playhead */

  /* The static drawing, until the model, size, view or style changes */
  LqPlotCache cache;            /* the plot */
  LqPlotStyle cache_style;      /* the style it was drawn in */

  GtkGesture *drag;
  LqTimelinePart drag_part;
  guint drag_index;
  double drag_x, drag_y;
  double drag_delta_s;
  gboolean dragging;
  gboolean drag_cancelled;

  double pointer_x;
  gboolean has_pointer;

  GtkAdjustment *hadjustment;
  gboolean updating_adjustment;
};

G_DEFINE_FINAL_TYPE (LqAlbumTimeline, lq_album_timeline, GTK_TYPE_WIDGET)

enum
{
  TRACK_SELECTED,
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const LqTimelineModel *
current_model (LqAlbumTimeline *self)
{
  return self->preview != NULL ? self->preview : self->model;
}

static double
album_length (LqAlbumTimeline *self)
{
  double length = self->model != NULL ? lq_timeline_model_get_length (self->model) : 0;

  return length > 0 ? length : 1.0;
}

static void
get_plot_view (LqAlbumTimeline *self, LqTimelinePlotView *view)
{
  view->start_s = self->start_s;
  view->end_s = self->end_s;
  view->selected = self->selected;
}

static void
drop_cache (LqAlbumTimeline *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
x_to_seconds (LqAlbumTimeline *self, double x)
{
  LqTimelinePlotView view;
  LqPlotAxis axis;

  get_plot_view (self, &view);
  lq_timeline_plot_get_axis (&view, gtk_widget_get_width (GTK_WIDGET (self)), &axis);
  return lq_plot_axis_from_px (&axis, x);
}

static double
seconds_to_x (LqAlbumTimeline *self, double t)
{
  LqTimelinePlotView view;
  LqPlotAxis axis;

  get_plot_view (self, &view);
  lq_timeline_plot_get_axis (&view, gtk_widget_get_width (GTK_WIDGET (self)), &axis);
  return lq_plot_axis_to_px (&axis, t);
}

static void
update_adjustment (LqAlbumTimeline *self)
{
  double length = album_length (self);

  self->updating_adjustment = TRUE;
  gtk_adjustment_configure (self->hadjustment, self->start_s, 0, MAX (length, self->end_s),
                            (self->end_s - self->start_s) * PAN_FRACTION,
                            (self->end_s - self->start_s) * 0.9, self->end_s - self->start_s);
  self->updating_adjustment = FALSE;
}

/* The narrowest view: LQ_ALBUM_TIMELINE_MAX_PX_PER_FRAME pixels a frame. */
static double
min_span (LqAlbumTimeline *self)
{
  guint rate = self->model != NULL ? lq_timeline_model_get_rate (self->model) : 48000;
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 100);

  return width / (LQ_ALBUM_TIMELINE_MAX_PX_PER_FRAME * rate);
}

static void
apply_view (LqAlbumTimeline *self, double start, double end)
{
  double length = album_length (self);
  double span = CLAMP (end - start, min_span (self), length);

  start = CLAMP (start, 0, length - span);
  self->fitted = span >= length;
  if (start == self->start_s && start + span == self->end_s)
    return;
  self->start_s = start;
  self->end_s = start + span;
  update_adjustment (self);
  drop_cache (self);
}

static void
update_accessible (LqAlbumTimeline *self)
{
  g_autofree char *description = self->model != NULL ? lq_timeline_model_describe (self->model)
                                                     : g_strdup (_("No tracks"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
cancel_drag (LqAlbumTimeline *self)
{
  g_clear_pointer (&self->preview, lq_timeline_model_free);
  self->dragging = FALSE;
  self->drag_part = LQ_TIMELINE_PART_NONE;
  drop_cache (self);
}

static void
select_track (LqAlbumTimeline *self, guint position, gboolean emit)
{
  guint n = self->model != NULL ? lq_timeline_model_get_n_blocks (self->model) : 0;

  if (n == 0)
    return;
  position = CLAMP (position, 1, n);
  if (position != self->selected)
    {
      self->selected = position;
      drop_cache (self);
    }
  /* Keep it in view */
  {
    const LqTimelineBlock *b = lq_timeline_model_get_block (self->model, position - 1);
    double span = self->end_s - self->start_s;

    if (b->audio_start < self->start_s || b->audio_start > self->end_s)
      apply_view (self, b->gap_start - span * 0.05, b->gap_start + span * 0.95);
  }
  if (emit)
    g_signal_emit (self, signals[TRACK_SELECTED], 0, position);
}

/* Callbacks */

static void
adjustment_value_changed_cb (LqAlbumTimeline *self, GtkAdjustment *adjustment)
{
  double span = self->end_s - self->start_s;
  double value = gtk_adjustment_get_value (adjustment);

  if (self->updating_adjustment)
    return;
  apply_view (self, value, value + span);
}

static void
drag_begin_cb (LqAlbumTimeline *self, double x, double y, GtkGestureDrag *gesture)
{
  LqTimelinePlotView view;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->drag_y = y;
  self->dragging = FALSE;
  self->drag_cancelled = FALSE;
  self->drag_delta_s = 0;
  self->drag_part = LQ_TIMELINE_PART_NONE;
  if (self->model == NULL)
    return;
  get_plot_view (self, &view);
  self->drag_part = lq_timeline_plot_hit (self->model, &view,
                                          gtk_widget_get_width (GTK_WIDGET (self)),
                                          gtk_widget_get_height (GTK_WIDGET (self)),
                                          x, y, &self->drag_index);
}

static gboolean
part_is_editable (LqTimelinePart part)
{
  return part == LQ_TIMELINE_PART_FADE_IN || part == LQ_TIMELINE_PART_FADE_OUT
         || part == LQ_TIMELINE_PART_TRIM_IN || part == LQ_TIMELINE_PART_TRIM_OUT
         || part == LQ_TIMELINE_PART_GAP_EDGE;
}

static void
drag_update_cb (LqAlbumTimeline *self, double offset_x, double offset_y, GtkGestureDrag *gesture)
{
  if (self->drag_cancelled || self->model == NULL || !part_is_editable (self->drag_part))
    return;
  if (!self->dragging && fabs (offset_x) < DRAG_THRESHOLD_PX)
    return;
  self->dragging = TRUE;
  self->drag_delta_s = x_to_seconds (self, self->drag_x + offset_x) - x_to_seconds (self, self->drag_x);
  g_clear_pointer (&self->preview, lq_timeline_model_free);
  self->preview = lq_timeline_model_new_edited (self->model, self->drag_index, self->drag_part,
                                                self->drag_delta_s);
  drop_cache (self);
}

static void
drag_end_cb (LqAlbumTimeline *self, double offset_x, double offset_y, GtkGestureDrag *gesture)
{
  if (self->drag_cancelled || self->model == NULL)
    return;
  if (!self->dragging)
    {
      double t = x_to_seconds (self, self->drag_x);
      gint found;

      if (self->drag_y < LQ_TIMELINE_PLOT_RULER_PX || self->drag_part == LQ_TIMELINE_PART_NONE)
        found = lq_timeline_model_find (self->model, t);
      else
        found = (gint) self->drag_index;
      if (found >= 0)
        select_track (self, (guint) found + 1, TRUE);
      g_signal_emit (self, signals[SEEK], 0, CLAMP (t, 0, lq_timeline_model_get_length (self->model)));
      return;
    }

  drag_update_cb (self, offset_x, offset_y, gesture);
  {
    double value = 0;
    const char *key = lq_timeline_model_drag_value (self->model, self->drag_index, self->drag_part,
                                                    self->drag_delta_s, &value);
    double old = 0;

    (void) lq_timeline_model_drag_value (self->model, self->drag_index, self->drag_part, 0, &old);
    if (key != NULL && self->project != NULL && value != old)
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *assignment = g_strdup_printf ("%s=%s", key,
                                                       g_ascii_dtostr (buffer, sizeof buffer, value));
        const char *assignments[] = { assignment, NULL };
        g_autoptr(GError) error = NULL;

        if (!lq_project_set_track (self->project, self->drag_index + 1, assignments, &error))
          g_warning ("%s", error->message);
      }
  }
  /* The preview stays until the project's change rebuilds the model. */
  self->dragging = FALSE;
  self->drag_part = LQ_TIMELINE_PART_NONE;
  lq_album_timeline_refresh (self);
}

static gboolean
key_pressed_cb (LqAlbumTimeline       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint n = self->model != NULL ? lq_timeline_model_get_n_blocks (self->model) : 0;
  double anchor = self->position >= self->start_s && self->position <= self->end_s
                  ? self->position : (self->start_s + self->end_s) / 2;

  if ((state & (GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Escape:
      if (self->dragging || self->drag_part != LQ_TIMELINE_PART_NONE)
        {
          self->drag_cancelled = TRUE;
          gtk_gesture_set_state (self->drag, GTK_EVENT_SEQUENCE_DENIED);
          cancel_drag (self);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      select_track (self, self->selected > 1 ? self->selected - 1 : 1, TRUE);
      return n > 0;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      select_track (self, self->selected + 1, TRUE);
      return n > 0;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      select_track (self, 1, TRUE);
      return n > 0;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      select_track (self, n, TRUE);
      return n > 0;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      lq_album_timeline_zoom (self, LQ_ALBUM_TIMELINE_ZOOM_STEP, anchor);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      lq_album_timeline_zoom (self, 1 / LQ_ALBUM_TIMELINE_ZOOM_STEP, anchor);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      lq_album_timeline_zoom_fit (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (self->selected == 0 || self->selected > n)
        return FALSE;
      g_signal_emit (self, signals[SEEK], 0,
                     lq_timeline_model_get_block (self->model, self->selected - 1)->audio_start);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
scroll_cb (LqAlbumTimeline          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double span = self->end_s - self->start_s;

  if ((state & GDK_CONTROL_MASK) != 0)
    {
      double anchor = self->has_pointer ? x_to_seconds (self, self->pointer_x)
                                        : (self->start_s + self->end_s) / 2;

      if (dy != 0)
        lq_album_timeline_zoom (self, pow (LQ_ALBUM_TIMELINE_ZOOM_STEP, -dy), anchor);
      return TRUE;
    }
  {
    double d = dx != 0 ? dx : dy;

    apply_view (self, self->start_s + d * span * PAN_FRACTION, self->end_s + d * span * PAN_FRACTION);
  }
  return TRUE;
}

static void
motion_cb (LqAlbumTimeline *self, double x, double y, GtkEventControllerMotion *motion)
{
  self->pointer_x = x;
  self->has_pointer = TRUE;
}

static void
leave_cb (LqAlbumTimeline *self, GtkEventControllerMotion *motion)
{
  self->has_pointer = FALSE;
}

char *
lq_album_timeline_dup_tooltip_text (LqAlbumTimeline *self,
                                    double           x,
                                    double           y)
{
  const LqTimelineModel *model = current_model (self);
  LqTimelinePlotView view;
  LqTimelinePart part;
  const LqTimelineBlock *b;
  guint index;
  double t, lufs, step;
  g_autofree char *time = NULL;
  GString *text;
  const char *hint = NULL;

  if (model == NULL || lq_timeline_model_get_n_blocks (model) == 0)
    return NULL;
  get_plot_view (self, &view);
  part = lq_timeline_plot_hit (model, &view, gtk_widget_get_width (GTK_WIDGET (self)),
                               gtk_widget_get_height (GTK_WIDGET (self)), x, y, &index);
  if (part == LQ_TIMELINE_PART_NONE)
    return NULL;
  b = lq_timeline_model_get_block (model, index);
  t = x_to_seconds (self, x);
  /* As many decimals as a pixel needs: sample-accurate when zoomed in */
  step = MAX ((self->end_s - self->start_s) / MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1),
              1.0 / lq_timeline_model_get_rate (model));
  time = lq_plot_format_time (MAX (t, 0), step);
  text = g_string_new (NULL);
  if (part == LQ_TIMELINE_PART_GAP)
    g_string_append_printf (text, _("Gap before track %u “%s”"), b->in.number, b->in.name);
  else
    g_string_append_printf (text, _("Track %u “%s”"), b->in.number, b->in.name);
  g_string_append_printf (text, "\n%s", time);
  lufs = lq_timeline_model_get_loudness (model, index, t);
  if (!isnan (lufs))
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Short-term loudness %.1f LUFS"), lufs);
    }
  switch (part)
    {
    case LQ_TIMELINE_PART_FADE_IN:
      hint = _("Drag to change the fade-in");
      break;
    case LQ_TIMELINE_PART_FADE_OUT:
      hint = _("Drag to change the fade-out");
      break;
    case LQ_TIMELINE_PART_TRIM_IN:
      hint = _("Drag to trim the start");
      break;
    case LQ_TIMELINE_PART_TRIM_OUT:
      hint = _("Drag to trim the end");
      break;
    case LQ_TIMELINE_PART_GAP_EDGE:
      hint = _("Drag to change the gap");
      break;
    case LQ_TIMELINE_PART_NONE:
    case LQ_TIMELINE_PART_GAP:
    case LQ_TIMELINE_PART_BODY:
    default:
      break;
    }
  if (hint != NULL)
    g_string_append_printf (text, "\n%s", hint);
  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip_cb (LqAlbumTimeline *self,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip)
{
  g_autofree char *text = lq_album_timeline_dup_tooltip_text (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
style_changed_cb (LqAlbumTimeline *self)
{
  drop_cache (self);
}

/* Overrides */

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqAlbumTimeline *self = data;
  LqTimelinePlotView view;

  get_plot_view (self, &view);
  lq_timeline_plot_draw (cr, current_model (self), &self->cache_style, width, height, &view);
}

static void
lq_album_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LqAlbumTimeline *self = LQ_ALBUM_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LqPlotStyle style;
  GdkRGBA accent;

  if (width <= 0 || height <= 0 || self->model == NULL)
    return;
  if (self->fitted && self->end_s != album_length (self))
    {
      self->start_s = 0;
      self->end_s = album_length (self);
      update_adjustment (self);
      lq_plot_cache_clear (&self->cache);
    }
  lq_plot_style_from_widget (GTK_WIDGET (self), TRUE, &style);
  if (memcmp (&style, &self->cache_style, sizeof style) != 0)
    {
      lq_plot_cache_clear (&self->cache);
      self->cache_style = style;
    }
  lq_plot_cache_append (&self->cache, widget, snapshot, width, height, draw_cb, self);

  accent = (GdkRGBA) { style.accent.red, style.accent.green, style.accent.blue, style.accent.alpha };
  if (self->position >= self->start_s && self->position <= self->end_s)
    {
      double x = seconds_to_x (self, self->position);

      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (CLAMP (x - PLAYHEAD_PX / 2, 0, width - PLAYHEAD_PX), 0,
                                                      PLAYHEAD_PX, height));
    }
  if (gtk_widget_has_visible_focus (widget))
    {
      const GdkRGBA colors[4] = { accent, accent, accent, accent };
      const float widths[4] = { 2, 2, 2, 2 };
      GskRoundedRect outline;

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
lq_album_timeline_measure (GtkWidget      *widget,
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
      *natural = 800;
    }
  else
    {
      *minimum = 72;
      *natural = 160;
    }
}

static void
lq_album_timeline_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LqAlbumTimeline *self = LQ_ALBUM_TIMELINE (widget);

  /* The closest zoom depends on the width */
  if (self->model != NULL && !self->fitted)
    apply_view (self, self->start_s, self->end_s);
}

static void
lq_album_timeline_dispose (GObject *object)
{
  LqAlbumTimeline *self = LQ_ALBUM_TIMELINE (object);

  lq_project_watch_set_project (self->watch, NULL);
  g_clear_object (&self->project);
  g_clear_pointer (&self->model, lq_timeline_model_free);
  g_clear_pointer (&self->preview, lq_timeline_model_free);
  lq_plot_cache_clear (&self->cache);
  g_clear_object (&self->hadjustment);
  G_OBJECT_CLASS (lq_album_timeline_parent_class)->dispose (object);
}

static void
lq_album_timeline_finalize (GObject *object)
{
  LqAlbumTimeline *self = LQ_ALBUM_TIMELINE (object);

  g_object_unref (self->watch);
  G_OBJECT_CLASS (lq_album_timeline_parent_class)->finalize (object);
}

static void
lq_album_timeline_class_init (LqAlbumTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_album_timeline_dispose;
  object_class->finalize = lq_album_timeline_finalize;
  widget_class->snapshot = lq_album_timeline_snapshot;
  widget_class->measure = lq_album_timeline_measure;
  widget_class->size_allocate = lq_album_timeline_size_allocate;

  /* A click or a key chose track @position (1-based) */
  signals[TRACK_SELECTED] =
    g_signal_new ("track-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* Play from album second @seconds */
  signals[SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "albumtimeline");
}

static void
lq_album_timeline_init (LqAlbumTimeline *self)
{
  GtkEventController *controller;

  self->watch = lq_project_watch_new (TRUE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (lq_album_timeline_refresh), self);
  self->fitted = TRUE;
  self->end_s = 1;
  self->hadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 0.1, 0.9, 1));
  g_signal_connect_object (self->hadjustment, "value-changed",
                           G_CALLBACK (adjustment_value_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Album Timeline"),
                                  -1);
  update_accessible (self);
}

/* Public API */

GtkWidget *
lq_album_timeline_new (void)
{
  return g_object_new (LQ_TYPE_ALBUM_TIMELINE, NULL);
}

void
lq_album_timeline_set_project (LqAlbumTimeline *self, LqProject *project)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  g_set_object (&self->project, project);
  lq_project_watch_set_project (self->watch, project);
  self->selected = 0;
  self->fitted = TRUE;
  lq_album_timeline_refresh (self);
}

LqProject *
lq_album_timeline_get_project (LqAlbumTimeline *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_TIMELINE (self), NULL);
  return self->project;
}

void
lq_album_timeline_refresh (LqAlbumTimeline *self)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));

  lq_project_watch_clear_pending (self->watch);
  if (self->dragging)
    return;   /* after the drag */
  g_clear_pointer (&self->preview, lq_timeline_model_free);
  g_clear_pointer (&self->model, lq_timeline_model_free);
  if (self->project != NULL)
    self->model = lq_timeline_model_new_at_rate (self->project, self->rate);
  if (self->model != NULL && self->selected > lq_timeline_model_get_n_blocks (self->model))
    self->selected = lq_timeline_model_get_n_blocks (self->model);
  if (self->fitted)
    {
      self->start_s = 0;
      self->end_s = album_length (self);
      update_adjustment (self);
    }
  else
    apply_view (self, self->start_s, self->end_s);
  update_accessible (self);
  drop_cache (self);
}

void
lq_album_timeline_set_sample_rate (LqAlbumTimeline *self, guint rate)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));

  if (rate == self->rate)
    return;
  self->rate = rate;
  lq_album_timeline_refresh (self);
}

const LqTimelineModel *
lq_album_timeline_get_model (LqAlbumTimeline *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_TIMELINE (self), NULL);
  return self->model;
}

void
lq_album_timeline_set_position (LqAlbumTimeline *self, double album_seconds)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));

  if (album_seconds == self->position)
    return;
  self->position = album_seconds;
  /* Only the playhead's color node changes: the cache stays */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
lq_album_timeline_get_position (LqAlbumTimeline *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_TIMELINE (self), 0);
  return self->position;
}

void
lq_album_timeline_set_selected (LqAlbumTimeline *self, guint position)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));

  if (position == 0)
    {
      if (self->selected != 0)
        {
          self->selected = 0;
          drop_cache (self);
        }
      return;
    }
  select_track (self, position, FALSE);
}

guint
lq_album_timeline_get_selected (LqAlbumTimeline *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_TIMELINE (self), 0);
  return self->selected;
}

void
lq_album_timeline_set_view (LqAlbumTimeline *self, double start_s, double end_s)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));
  apply_view (self, start_s, end_s);
}

void
lq_album_timeline_get_view (LqAlbumTimeline *self, double *start_s, double *end_s)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));
  if (start_s != NULL)
    *start_s = self->start_s;
  if (end_s != NULL)
    *end_s = self->end_s;
}

void
lq_album_timeline_zoom_fit (LqAlbumTimeline *self)
{
  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));
  apply_view (self, 0, album_length (self));
}

void
lq_album_timeline_zoom (LqAlbumTimeline *self, double factor, double anchor_s)
{
  double span, f;

  g_return_if_fail (LQ_IS_ALBUM_TIMELINE (self));
  g_return_if_fail (factor > 0);

  span = self->end_s - self->start_s;
  f = span > 0 ? (anchor_s - self->start_s) / span : 0.5;
  span /= factor;
  apply_view (self, anchor_s - f * span, anchor_s + (1 - f) * span);
}

GtkAdjustment *
lq_album_timeline_get_hadjustment (LqAlbumTimeline *self)
{
  g_return_val_if_fail (LQ_IS_ALBUM_TIMELINE (self), NULL);
  return self->hadjustment;
}

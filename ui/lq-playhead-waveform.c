/* lq-playhead-waveform.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-playhead-waveform.h"
#include "lq-transport-bar.h"

/* Under this many pixels a press and release is a click, not a drag */
#define DRAG_THRESHOLD_PX 3.0

struct _LqPlayheadWaveform
{
  GtkWidget parent_instance;

  GBytes *peaks;
  guint channels;
  double seconds_per_peak;

  double position;
  double length;
  double loop_start;
  double loop_end;

  /* The overview drawn for this size, until the peaks or the size change */
  GskRenderNode *cache;
  int cache_width;
  int cache_height;
  GdkRGBA cache_color;   /* the theme's colour it was drawn in */

  GtkGesture *drag;
  double drag_x;
  gboolean dragging;
  double drag_start;   /* seconds: the region being marked */
  double drag_end;

  gint64 accessible_second; /* the whole second last told */
};

G_DEFINE_FINAL_TYPE (LqPlayheadWaveform, lq_playhead_waveform, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEEK,
  LOOP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lq_playhead_waveform_update_accessible (LqPlayheadWaveform *self,
                                        gboolean            force)
{
  g_autofree char *position = NULL;
  g_autofree char *length = NULL;
  g_autofree char *text = NULL;
  gint64 second = (gint64) floor (self->position);

  if (!force && second == self->accessible_second)
    return;

  self->accessible_second = second;
  position = lq_transport_bar_format_time (self->position);
  length = lq_transport_bar_format_time (self->length);
  /* Translators: the playhead's place to a screen reader: "1:02.5 of 3:07.0" */
  text = g_strdup_printf (_("%s of %s"), position, length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, MAX (self->length, 0.0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->position,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static double
lq_playhead_waveform_x_to_seconds (LqPlayheadWaveform *self,
                                   double              x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (width <= 0 || self->length <= 0)
    return 0;
  return CLAMP (x / width, 0.0, 1.0) * self->length;
}

static double
lq_playhead_waveform_seconds_to_x (LqPlayheadWaveform *self,
                                   double              seconds)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->length <= 0)
    return 0;
  return CLAMP (seconds / self->length, 0.0, 1.0) * width;
}

static void
lq_playhead_waveform_drop_cache (LqPlayheadWaveform *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lq_playhead_waveform_drag_begin_cb (LqPlayheadWaveform *self,
                                    double              x,
                                    double              y,
                                    GtkGestureDrag     *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->dragging = FALSE;
}

static void
lq_playhead_waveform_drag_update_cb (LqPlayheadWaveform *self,
                                     double              offset_x,
                                     double              offset_y,
                                     GtkGestureDrag     *gesture)
{
  double a, b;

  if (!self->dragging && fabs (offset_x) < DRAG_THRESHOLD_PX)
    return;

  self->dragging = TRUE;
  a = lq_playhead_waveform_x_to_seconds (self, self->drag_x);
  b = lq_playhead_waveform_x_to_seconds (self, self->drag_x + offset_x);
  self->drag_start = MIN (a, b);
  self->drag_end = MAX (a, b);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lq_playhead_waveform_drag_end_cb (LqPlayheadWaveform *self,
                                  double              offset_x,
                                  double              offset_y,
                                  GtkGestureDrag     *gesture)
{
  if (!self->dragging && fabs (offset_x) < DRAG_THRESHOLD_PX)
    {
      g_signal_emit (self, signals[SEEK], 0, lq_playhead_waveform_x_to_seconds (self, self->drag_x));
      return;
    }

  lq_playhead_waveform_drag_update_cb (self, offset_x, offset_y, gesture);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->drag_end > self->drag_start)
    g_signal_emit (self, signals[LOOP_CHANGED], 0, self->drag_start, self->drag_end);
}

static gboolean
lq_playhead_waveform_key_pressed_cb (LqPlayheadWaveform    *self,
                                     guint                  keyval,
                                     guint                  keycode,
                                     GdkModifierType        state,
                                     GtkEventControllerKey *controller)
{
  double target;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || self->length <= 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = self->position - LQ_PLAYHEAD_WAVEFORM_STEP_S;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = self->position + LQ_PLAYHEAD_WAVEFORM_STEP_S;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = self->length;
      break;
    default:
      return FALSE;
    }

  g_signal_emit (self, signals[SEEK], 0, CLAMP (target, 0.0, self->length));
  return TRUE;
}

static void
lq_playhead_waveform_get_colors (LqPlayheadWaveform *self,
                                 GdkRGBA            *fg,
                                 GdkRGBA            *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    gdk_rgba_parse (accent, "#1c71d8");
}

static void
lq_playhead_waveform_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  LqPlayheadWaveform *self = LQ_PLAYHEAD_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent, trough, region;
  double loop_start = self->dragging ? self->drag_start : self->loop_start;
  double loop_end = self->dragging ? self->drag_end : self->loop_end;

  if (width <= 0 || height <= 0)
    return;

  lq_playhead_waveform_get_colors (self, &fg, &accent);
  trough = fg;
  trough.alpha *= 0.06f;
  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (loop_end > loop_start && self->length > 0)
    {
      double x0 = lq_playhead_waveform_seconds_to_x (self, loop_start);
      double x1 = lq_playhead_waveform_seconds_to_x (self, loop_end);

      region = accent;
      region.alpha *= 0.22f;
      gtk_snapshot_append_color (snapshot, &region, &GRAPHENE_RECT_INIT (x0, 0, MAX (1.0, x1 - x0), height));
    }

  /* Redrawn at a new size, and in a new theme (dark or light) */
  if (self->cache != NULL
      && (self->cache_width != width || self->cache_height != height || !gdk_rgba_equal (&self->cache_color, &fg)))
    g_clear_pointer (&self->cache, gsk_render_node_unref);

  if (self->cache == NULL && self->peaks != NULL && self->channels > 0)
    {
      gsize size = 0;
      const gint8 *peaks = g_bytes_get_data (self->peaks, &size);
      gsize n_peaks = size / (2 * self->channels);
      /* The overview covers its own length; the track may be longer or
       * shorter by part of a peak */
      double covered = n_peaks * self->seconds_per_peak;
      int drawn = self->length > 0 ? (int) lround (MIN (1.0, covered / self->length) * width) : width;
      GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_t *cr = gsk_cairo_node_get_draw_context (node);
      GdkRGBA wave = fg;

      wave.alpha *= 0.55f;
      gdk_cairo_set_source_rgba (cr, &wave);
      lq_playhead_waveform_draw_peaks (cr, MAX (drawn, 1), height, peaks, n_peaks, self->channels);
      cairo_destroy (cr);

      self->cache = node;
      self->cache_width = width;
      self->cache_height = height;
      self->cache_color = fg;
    }

  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  if (self->length > 0)
    {
      double x = lq_playhead_waveform_seconds_to_x (self, self->position);

      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (CLAMP (x - 1, 0, width - 2), 0, 2, height));
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
lq_playhead_waveform_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = 32;
      *natural = 56;
    }
}

static void
lq_playhead_waveform_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LqPlayheadWaveform *self = LQ_PLAYHEAD_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_LENGTH:
      g_value_set_double (value, self->length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_playhead_waveform_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LqPlayheadWaveform *self = LQ_PLAYHEAD_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      lq_playhead_waveform_set_position (self, g_value_get_double (value));
      break;
    case PROP_LENGTH:
      lq_playhead_waveform_set_length (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_playhead_waveform_dispose (GObject *object)
{
  LqPlayheadWaveform *self = LQ_PLAYHEAD_WAVEFORM (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->peaks, g_bytes_unref);

  G_OBJECT_CLASS (lq_playhead_waveform_parent_class)->dispose (object);
}

static void
lq_playhead_waveform_class_init (LqPlayheadWaveformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_playhead_waveform_dispose;
  object_class->get_property = lq_playhead_waveform_get_property;
  object_class->set_property = lq_playhead_waveform_set_property;

  widget_class->snapshot = lq_playhead_waveform_snapshot;
  widget_class->measure = lq_playhead_waveform_measure;

  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LENGTH] =
    g_param_spec_double ("length", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A click, or a key: play from @position (seconds) */
  signals[SEEK] =
    g_signal_new ("seek",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  /* A drag: loop from @start to @end (seconds) */
  signals[LOOP_CHANGED] =
    g_signal_new ("loop-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_widget_class_set_css_name (widget_class, "playheadwaveform");
}

static void
lq_playhead_waveform_init (LqPlayheadWaveform *self)
{
  GtkEventController *key;

  self->accessible_second = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Click to play from there, drag to loop a part"));

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (self->drag, "drag-begin", G_CALLBACK (lq_playhead_waveform_drag_begin_cb), self);
  g_signal_connect_swapped (self->drag, "drag-update", G_CALLBACK (lq_playhead_waveform_drag_update_cb), self);
  g_signal_connect_swapped (self->drag, "drag-end", G_CALLBACK (lq_playhead_waveform_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (lq_playhead_waveform_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Playhead"),
                                  -1);
  lq_playhead_waveform_update_accessible (self, TRUE);
}

GtkWidget *
lq_playhead_waveform_new (void)
{
  return g_object_new (LQ_TYPE_PLAYHEAD_WAVEFORM, NULL);
}

void
lq_playhead_waveform_set_peaks (LqPlayheadWaveform *self,
                                GBytes             *peaks,
                                guint               channels,
                                double              seconds_per_peak)
{
  g_return_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self));
  g_return_if_fail (peaks == NULL || channels > 0);

  if (peaks != NULL)
    g_bytes_ref (peaks);
  g_clear_pointer (&self->peaks, g_bytes_unref);
  self->peaks = peaks;
  self->channels = channels;
  self->seconds_per_peak = seconds_per_peak;
  lq_playhead_waveform_drop_cache (self);
}

void
lq_playhead_waveform_set_analysis (LqPlayheadWaveform *self,
                                   LqTrackAnalysis    *analysis)
{
  const LqTrackMeasures *m;
  GBytes *peaks;
  guint frames_per_peak = 0;

  g_return_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self));

  if (analysis == NULL)
    {
      lq_playhead_waveform_set_peaks (self, NULL, 0, 0);
      lq_playhead_waveform_set_length (self, 0);
      return;
    }

  m = lq_track_analysis_get_measures (analysis);
  peaks = lq_track_analysis_get_waveform (analysis, &frames_per_peak);
  if (peaks != NULL && m->sample_rate > 0 && m->channels > 0)
    lq_playhead_waveform_set_peaks (self, peaks, MIN (m->channels, 2),
                                    (double) frames_per_peak / m->sample_rate);
  else
    lq_playhead_waveform_set_peaks (self, NULL, 0, 0);
  lq_playhead_waveform_set_length (self, m->duration_s);
}

void
lq_playhead_waveform_set_position (LqPlayheadWaveform *self,
                                   double              position)
{
  g_return_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self));

  position = isfinite (position) ? MAX (position, 0.0) : 0.0;
  if (position == self->position)
    return;

  self->position = position;
  lq_playhead_waveform_update_accessible (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
lq_playhead_waveform_get_position (LqPlayheadWaveform *self)
{
  g_return_val_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self), 0);

  return self->position;
}

void
lq_playhead_waveform_set_length (LqPlayheadWaveform *self,
                                 double              length)
{
  g_return_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self));

  length = isfinite (length) ? MAX (length, 0.0) : 0.0;
  if (length == self->length)
    return;

  self->length = length;
  lq_playhead_waveform_update_accessible (self, TRUE);
  lq_playhead_waveform_drop_cache (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

double
lq_playhead_waveform_get_length (LqPlayheadWaveform *self)
{
  g_return_val_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self), 0);

  return self->length;
}

void
lq_playhead_waveform_set_loop (LqPlayheadWaveform *self,
                               double              start,
                               double              end)
{
  g_return_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self));

  self->loop_start = start;
  self->loop_end = end;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lq_playhead_waveform_get_loop (LqPlayheadWaveform *self,
                               double             *start,
                               double             *end)
{
  g_return_val_if_fail (LQ_IS_PLAYHEAD_WAVEFORM (self), FALSE);

  if (start != NULL)
    *start = self->loop_start;
  if (end != NULL)
    *end = self->loop_end;
  return self->loop_end > self->loop_start;
}

void
lq_playhead_waveform_draw_peaks (cairo_t     *cr,
                                 int          width,
                                 int          height,
                                 const gint8 *peaks,
                                 gsize        n_peaks,
                                 guint        channels)
{
  double mid = height / 2.0;
  double scale = (height / 2.0) / 127.0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (channels > 0);

  if (width <= 0 || n_peaks == 0)
    return;

  for (int x = 0; x < width; x++)
    {
      gsize first = (gsize) ((double) x * n_peaks / width);
      gsize last = MAX (first + 1, (gsize) ((double) (x + 1) * n_peaks / width));
      int lo = 127, hi = -127;

      for (gsize i = first; i < last && i < n_peaks; i++)
        for (guint c = 0; c < channels; c++)
          {
            lo = MIN (lo, peaks[(i * channels + c) * 2]);
            hi = MAX (hi, peaks[(i * channels + c) * 2 + 1]);
          }
      if (hi < lo)
        continue;

      /* At least a pixel high, so that silence is a line */
      cairo_rectangle (cr, x, mid - hi * scale, 1, MAX (1.0, (hi - lo) * scale));
    }
  cairo_fill (cr);
}

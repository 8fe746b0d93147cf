/* lq-track-view.c: the track view (see the header).
 *
 * The static drawing (waveform, curves, lines, axes) is a cairo render node
 * kept until the model, the size, the span or the style change; the
 * playhead and the hover line are colour nodes over it.
 *
 * Zoomed finer than the cached overview's finest level, the widget reads the
 * visible span (and half of it again either side) from the track's source
 * on a worker (lq_waveform_span_read_async()) at the zoom's frames a pixel,
 * cancelling the read before whenever the view moves on; until the span
 * arrives, the cached overview is drawn stretched. A source that cannot
 * be read (gone since the project was opened) or is not the file analysed
 * (another rate or channel count) leaves the view at the cached
 * resolution, with a note in the description and the tooltip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lq-track-view-plot.h"
#include "lq-track-view.h"
#include "lq-ui-util.h"

/* The narrowest span: 16 pixels a sample frame */
#define MAX_PX_PER_FRAME 16.0
#define ZOOM_STEP 1.5
#define PAN_FRACTION 0.1

struct _LqTrackView
{
  GtkWidget parent_instance;

  LqProject *project;
  guint position;
  LqTrackViewModel *model;
  char *description;
  guint refresh_id;

  LqTrackViewPlotView view;
  double playhead_s;
  double pointer_x;   /* NAN: outside */

  /* Samples read from the source (view.span points at it), the read under
   * way and its request, and why there are none (NULL: no reason) */
  LqWaveformSpan *span;
  GCancellable *span_cancel;
  gint64 request_start, request_frames;
  guint request_fpc;
  char *span_path;
  char *span_note;
  gboolean span_failed;
  guint resolution;

  LqPlotStyle style;
  GskRenderNode *cache;
  int cache_width, cache_height;
  double cache_start, cache_end;
};

G_DEFINE_FINAL_TYPE (LqTrackView, lq_track_view, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lq_track_view_invalidate (LqTrackView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static guint
lq_track_view_n_columns (LqTrackView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  LqTrackViewPlotLayout l;

  if (self->model == NULL)
    return 0;
  /* Before the first allocation: the natural width */
  lq_track_view_plot_layout (self->model, &self->view, width > 1 ? width : 800, MAX (height, 120),
                             &l);
  return lq_track_view_plot_n_columns (&l);
}

/* The frames a pixel column of the view */
static double
lq_track_view_frames_per_column (LqTrackView *self)
{
  guint n = lq_track_view_n_columns (self);

  if (self->model == NULL || n == 0)
    return 0.0;
  return (self->view.end_s - self->view.start_s) * self->model->rate / n;
}

/* TRUE when the zoom is finer than the cache's finest level (without a
 * cached overview, than the analysis's finest: 256 frames a peak) */
static gboolean
lq_track_view_needs_span (LqTrackView *self)
{
  guint finest;

  if (self->model == NULL || self->model->rate == 0)
    return FALSE;
  finest = lq_track_view_model_get_level (self->model, 0);
  return lq_track_view_frames_per_column (self) < (finest > 0 ? finest : 256);
}

static gboolean
lq_track_view_span_drawn (LqTrackView *self)
{
  return self->model != NULL
         && lq_track_view_model_span_usable (self->model, self->span, self->view.start_s,
                                             self->view.end_s, lq_track_view_n_columns (self));
}

static void
lq_track_view_update_description (LqTrackView *self)
{
  g_clear_pointer (&self->description, g_free);
  self->resolution = 0;
  if (self->model != NULL)
    {
      g_autofree char *figures = lq_track_view_model_dup_description (self->model);
      gboolean drawn = lq_track_view_span_drawn (self);

      self->resolution = drawn
                         ? self->span->frames_per_column
                         : lq_track_view_model_level_for (self->model, self->view.start_s,
                                                          self->view.end_s,
                                                          lq_track_view_n_columns (self));
      if (drawn)
        {
          g_autofree char *note = NULL;

          note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Waveform read from the file at %u frame a column",
                                               "Waveform read from the file at %u frames a column",
                                               self->resolution),
                                  self->resolution);

          self->description = g_strdup_printf ("%s. %s", figures, note);
        }
      else if (self->span_note != NULL && lq_track_view_needs_span (self))
        self->description = g_strdup_printf ("%s. %s", figures, self->span_note);
      else
        self->description = g_steal_pointer (&figures);
    }
  else
    self->description = g_strdup (_("No track analysed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
lq_track_view_span_read_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      data)
{
  g_autoptr(LqTrackView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqWaveformSpan) span = lq_waveform_span_read_finish (result, &error);

  /* A read cancelled because the view moved on (or the widget went) */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Any other read was cancelled before this one started */
  g_clear_object (&self->span_cancel);
  if (self->model == NULL)
    return;
  if (span == NULL)
    {
      self->span_failed = TRUE;
      g_free (self->span_note);
      /* Translators: the file and why it cannot be read */
      self->span_note = g_strdup_printf (_("Waveform at the cached resolution: "
                                           "cannot read “%s”: %s"),
                                         self->span_path, error->message);
    }
  else if (span->sample_rate != self->model->rate || span->channels != self->model->channels)
    {
      self->span_failed = TRUE;
      g_free (self->span_note);
      self->span_note = g_strdup_printf (_("Waveform at the cached resolution: the source file "
                                           "“%s” changed since it was analyzed"), self->span_path);
    }
  else
    {
      lq_waveform_span_free (self->span);
      self->span = g_steal_pointer (&span);
      self->view.span = self->span;
    }
  lq_track_view_update_description (self);
  lq_track_view_invalidate (self);
}

static void
lq_track_view_forget_span (LqTrackView *self)
{
  g_cancellable_cancel (self->span_cancel);
  g_clear_object (&self->span_cancel);
  g_clear_pointer (&self->span, lq_waveform_span_free);
  self->view.span = NULL;
  g_clear_pointer (&self->span_path, g_free);
  g_clear_pointer (&self->span_note, g_free);
  self->span_failed = FALSE;
}

/* Starts reading the visible span from the source when the zoom needs
 * finer than the cache, unless the span there is or the read under way
 * brings it; never waits for it. */
static void
lq_track_view_update_span (LqTrackView *self)
{
  gint64 first, last, total, margin, start, frames;
  guint fpc;

  if (!lq_track_view_needs_span (self))
    {
      g_cancellable_cancel (self->span_cancel);
      g_clear_object (&self->span_cancel);
      g_clear_pointer (&self->span, lq_waveform_span_free);
      self->view.span = NULL;
      return;
    }
  if (self->span_failed || self->span_path == NULL)
    return;

  fpc = (guint) MAX (1.0, floor (lq_track_view_frames_per_column (self)));
  total = (gint64) ceil (self->model->length_s * self->model->rate);
  first = MAX ((gint64) 0, (gint64) floor (self->view.start_s * self->model->rate));
  last = MIN (total, (gint64) ceil (self->view.end_s * self->model->rate) + 1);
  if (last <= first)
    return;
  if (self->span != NULL && self->span->frames_per_column == fpc && lq_track_view_span_drawn (self))
    {
      g_cancellable_cancel (self->span_cancel);
      g_clear_object (&self->span_cancel);
      return;
    }
  if (self->span_cancel != NULL && self->request_fpc == fpc && self->request_start <= first
      && self->request_start + self->request_frames >= last)
    return;

  g_cancellable_cancel (self->span_cancel);
  g_clear_object (&self->span_cancel);
  margin = (last - first) / 2 + 1;
  start = MAX ((gint64) 0, first - margin);
  frames = MIN (total, last + margin) - start;
  frames = MIN (frames, MIN (LQ_WAVEFORM_SPAN_MAX_FRAMES,
                             (gint64) fpc * LQ_WAVEFORM_SPAN_MAX_COLUMNS));
  self->span_cancel = g_cancellable_new ();
  self->request_start = start;
  self->request_frames = frames;
  self->request_fpc = fpc;
  lq_waveform_span_read_async (self->span_path, start, frames, fpc, self->span_cancel,
                               lq_track_view_span_read_cb, g_object_ref (self));
}

/* The span and the description follow the view */
static void
lq_track_view_view_changed (LqTrackView *self)
{
  lq_track_view_update_span (self);
  lq_track_view_update_description (self);
}

/* The source a span is read from: another one (another track or file)
 * drops what was read. (A track whose source is missing or changed has no
 * analysis, so no model; a source gone or replaced since is found out by
 * reading it.) */
static void
lq_track_view_set_source (LqTrackView *self)
{
  const char *path = self->model != NULL ? self->model->source_path : NULL;

  if (g_strcmp0 (path, self->span_path) == 0)
    return;
  lq_track_view_forget_span (self);
  self->span_path = g_strdup (path);
}

static double
lq_track_view_min_span (LqTrackView *self)
{
  guint n = lq_track_view_n_columns (self);

  if (self->model == NULL || self->model->rate == 0)
    return 0.01;
  return MIN (MAX (n, 1) / (MAX_PX_PER_FRAME * self->model->rate), self->model->length_s);
}

static void
lq_track_view_clamp_span (LqTrackView *self)
{
  double length = self->model != NULL ? self->model->length_s : 0.0;
  double span = self->view.end_s - self->view.start_s;

  if (length <= 0.0)
    {
      self->view.start_s = 0.0;
      self->view.end_s = 1.0;
      return;
    }
  span = CLAMP (span, lq_track_view_min_span (self), length);
  self->view.start_s = CLAMP (self->view.start_s, 0.0, length - span);
  self->view.end_s = self->view.start_s + span;
}

void
lq_track_view_refresh (LqTrackView *self)
{
  double start = self->view.start_s, end = self->view.end_s;
  gboolean had = self->model != NULL;

  g_return_if_fail (LQ_IS_TRACK_VIEW (self));

  g_clear_pointer (&self->model, lq_track_view_model_free);
  if (self->project != NULL && self->position > 0)
    self->model = lq_track_view_model_new_from_project (self->project, self->position);
  /* The span stays where it was, unless there was nothing to show */
  if (!had && self->model != NULL)
    start = 0.0, end = self->model->length_s;
  self->view.start_s = start;
  self->view.end_s = end;
  lq_track_view_clamp_span (self);
  lq_track_view_set_source (self);
  lq_track_view_view_changed (self);
  lq_track_view_invalidate (self);
}

static gboolean
lq_track_view_refresh_cb (gpointer data)
{
  LqTrackView *self = data;

  self->refresh_id = 0;
  lq_track_view_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
lq_track_view_queue_refresh (LqTrackView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, lq_track_view_refresh_cb, self, NULL);
}

static void
lq_track_view_project_notify_cb (LqTrackView *self,
                                 GParamSpec  *pspec)
{
  if (g_str_equal (pspec->name, "analysis-progress"))
    return;
  lq_track_view_queue_refresh (self);
}

static void
lq_track_view_tracks_changed_cb (GListModel  *tracks,
                                 guint        position,
                                 guint        removed,
                                 guint        added,
                                 LqTrackView *self)
{
  /* Each track's own changes (its gain, its analysis) */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) track = g_list_model_get_item (tracks, i);

      if (g_signal_handler_find (track, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 lq_track_view_queue_refresh, self) == 0)
        g_signal_connect_object (track, "notify", G_CALLBACK (lq_track_view_queue_refresh), self,
                                 G_CONNECT_SWAPPED);
    }
  lq_track_view_queue_refresh (self);
}

void
lq_track_view_set_project (LqTrackView *self,
                           LqProject   *project)
{
  g_return_if_fail (LQ_IS_TRACK_VIEW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project != NULL)
    {
      GListModel *tracks = lq_project_get_tracks (self->project);

      g_signal_handlers_disconnect_by_data (self->project, self);
      g_signal_handlers_disconnect_by_data (tracks, self);
      for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
        {
          g_autoptr(GObject) track = g_list_model_get_item (tracks, i);

          g_signal_handlers_disconnect_by_data (track, self);
        }
    }
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      GListModel *tracks = lq_project_get_tracks (project);

      g_signal_connect_object (project, "notify", G_CALLBACK (lq_track_view_project_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tracks, "items-changed", G_CALLBACK (lq_track_view_tracks_changed_cb),
                               self, 0);
      lq_track_view_tracks_changed_cb (tracks, 0, 0, g_list_model_get_n_items (tracks), self);
    }
  g_clear_pointer (&self->model, lq_track_view_model_free);
  lq_track_view_refresh (self);
}

void
lq_track_view_set_track (LqTrackView *self,
                         guint        position)
{
  g_return_if_fail (LQ_IS_TRACK_VIEW (self));

  self->position = position;
  /* A new track is shown whole */
  g_clear_pointer (&self->model, lq_track_view_model_free);
  lq_track_view_refresh (self);
}

guint
lq_track_view_get_track (LqTrackView *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_VIEW (self), 0);

  return self->position;
}

void
lq_track_view_set_position (LqTrackView *self,
                            double       seconds)
{
  g_return_if_fail (LQ_IS_TRACK_VIEW (self));

  if (self->playhead_s == seconds)
    return;
  self->playhead_s = seconds;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lq_track_view_set_span (LqTrackView *self,
                        double       start_s,
                        double       end_s)
{
  g_return_if_fail (LQ_IS_TRACK_VIEW (self));

  self->view.start_s = start_s;
  self->view.end_s = MAX (end_s, start_s);
  lq_track_view_clamp_span (self);
  lq_track_view_view_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lq_track_view_get_span (LqTrackView *self,
                        double      *start_s,
                        double      *end_s)
{
  g_return_if_fail (LQ_IS_TRACK_VIEW (self));

  if (start_s != NULL)
    *start_s = self->view.start_s;
  if (end_s != NULL)
    *end_s = self->view.end_s;
}

const LqTrackViewModel *
lq_track_view_get_model (LqTrackView *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_VIEW (self), NULL);

  return self->model;
}

guint
lq_track_view_get_resolution (LqTrackView *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_VIEW (self), 0);

  return self->resolution;
}

const char *
lq_track_view_get_description (LqTrackView *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_VIEW (self), NULL);

  return self->description;
}

char *
lq_track_view_dup_readout (LqTrackView *self,
                           double       x)
{
  LqTrackViewReadout readout;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_val_if_fail (LQ_IS_TRACK_VIEW (self), NULL);

  if (self->model == NULL
      || !lq_track_view_plot_readout (self->model, &self->view, width, height, x, &readout))
    return NULL;
  if (self->span_note != NULL && lq_track_view_needs_span (self))
    {
      g_autofree char *text = lq_track_view_readout_format (&readout);

      return g_strdup_printf ("%s\n%s", text, self->span_note);
    }
  return lq_track_view_readout_format (&readout);
}

/* Zooms by @factor (< 1: in) keeping the time at @x where it is. */
static void
lq_track_view_zoom (LqTrackView *self,
                    double       factor,
                    double       x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double span = self->view.end_s - self->view.start_s;
  double anchor, fraction, new_span;

  if (self->model == NULL)
    return;
  anchor = lq_track_view_plot_time_at (self->model, &self->view, width, height, x);
  fraction = span > 0.0 ? (anchor - self->view.start_s) / span : 0.5;
  new_span = CLAMP (span * factor, lq_track_view_min_span (self), self->model->length_s);
  lq_track_view_set_span (self, anchor - fraction * new_span, anchor + (1.0 - fraction) * new_span);
}

static void
lq_track_view_pan (LqTrackView *self,
                   double       fraction)
{
  double span = self->view.end_s - self->view.start_s;

  lq_track_view_set_span (self, self->view.start_s + fraction * span, self->view.end_s + fraction * span);
}

/* Where keyboard zoom centres: the playhead when it is in view, else the
 * middle */
static double
lq_track_view_key_anchor_x (LqTrackView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->model != NULL && self->playhead_s >= self->view.start_s && self->playhead_s <= self->view.end_s)
    return lq_track_view_plot_x_at (self->model, &self->view, width, height, self->playhead_s);
  return self->model != NULL
         ? lq_track_view_plot_x_at (self->model, &self->view, width, height,
                                    (self->view.start_s + self->view.end_s) / 2.0)
         : 0.0;
}

static gboolean
lq_track_view_key_pressed_cb (LqTrackView     *self,
                              guint            keyval,
                              guint            keycode,
                              GdkModifierType  state)
{
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      lq_track_view_zoom (self, 1.0 / ZOOM_STEP, lq_track_view_key_anchor_x (self));
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      lq_track_view_zoom (self, ZOOM_STEP, lq_track_view_key_anchor_x (self));
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      if (self->model != NULL)
        lq_track_view_set_span (self, 0.0, self->model->length_s);
      return TRUE;
    case GDK_KEY_Left:
      lq_track_view_pan (self, -PAN_FRACTION);
      return TRUE;
    case GDK_KEY_Right:
      lq_track_view_pan (self, PAN_FRACTION);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
lq_track_view_scroll_cb (GtkEventControllerScroll *scroll,
                         double                    dx,
                         double                    dy,
                         LqTrackView              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (self->model == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double x = isnan (self->pointer_x) ? lq_track_view_key_anchor_x (self) : self->pointer_x;

      lq_track_view_zoom (self, pow (ZOOM_STEP, dy), x);
    }
  else
    lq_track_view_pan (self, PAN_FRACTION * (fabs (dx) > fabs (dy) ? dx : dy));
  return TRUE;
}

static void
lq_track_view_pressed_cb (GtkGestureClick *click,
                          int              n_press,
                          double           x,
                          double           y,
                          LqTrackView     *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  LqTrackViewPlotLayout l;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->model == NULL)
    return;
  lq_track_view_plot_layout (self->model, &self->view, width, height, &l);
  if (x < l.x0 || x > l.x1)
    return;
  g_signal_emit (self, signals[SEEK], 0,
                 lq_track_view_plot_time_at (self->model, &self->view, width, height, x));
}

static void
lq_track_view_motion_cb (GtkEventControllerMotion *motion,
                         double                    x,
                         double                    y,
                         LqTrackView              *self)
{
  self->pointer_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lq_track_view_leave_cb (GtkEventControllerMotion *motion,
                        LqTrackView              *self)
{
  self->pointer_x = NAN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
lq_track_view_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  LqTrackView *self = LQ_TRACK_VIEW (widget);
  g_autofree char *text = NULL;

  if (keyboard)
    x = (int) lq_track_view_key_anchor_x (self);
  text = lq_track_view_dup_readout (self, x);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
lq_track_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LqTrackView *self = LQ_TRACK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LqTrackViewPlotLayout l;
  GdkRGBA accent = { self->style.accent.red, self->style.accent.green, self->style.accent.blue, 1.0f };
  GdkRGBA hover = { self->style.foreground.red, self->style.foreground.green,
                    self->style.foreground.blue, 0.45f };

  if (self->model == NULL || width <= 1 || height <= 1)
    return;

  if (self->cache != NULL
      && (self->cache_width != width || self->cache_height != height
          || self->cache_start != self->view.start_s || self->cache_end != self->view.end_s))
    g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (self->cache == NULL)
    {
      GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_t *cr = gsk_cairo_node_get_draw_context (node);
      LqTrackViewPlotView view = self->view;

      view.hover_s = NAN;
      lq_track_view_plot_draw (cr, self->model, &self->style, width, height, &view);
      cairo_destroy (cr);
      self->cache = node;
      self->cache_width = width;
      self->cache_height = height;
      self->cache_start = self->view.start_s;
      self->cache_end = self->view.end_s;
    }
  gtk_snapshot_append_node (snapshot, self->cache);

  lq_track_view_plot_layout (self->model, &self->view, width, height, &l);
  if (!isnan (self->pointer_x) && self->pointer_x >= l.x0 && self->pointer_x < l.x1)
    gtk_snapshot_append_color (snapshot, &hover,
                               &GRAPHENE_RECT_INIT (floor (self->pointer_x), l.ruler_y1, 1, l.loud_y1 - l.ruler_y1));
  if (self->playhead_s >= self->view.start_s && self->playhead_s <= self->view.end_s)
    {
      double x = lq_plot_axis_to_px (&l.time, self->playhead_s);

      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (CLAMP (x - 1, l.x0, l.x1 - 2), 0, 2, l.loud_y1));
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
lq_track_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  LqTrackView *self = LQ_TRACK_VIEW (widget);

  /* The narrowest span and the frames a pixel depend on the width */
  lq_track_view_clamp_span (self);
  lq_track_view_view_changed (self);
}

static void
lq_track_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 280;
}

static void
lq_track_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LqTrackView *self = LQ_TRACK_VIEW (widget);

  GTK_WIDGET_CLASS (lq_track_view_parent_class)->css_changed (widget, change);
  lq_plot_style_from_widget (GTK_WIDGET (self), FALSE, &self->style);
  lq_track_view_invalidate (self);
}

static void
lq_track_view_dark_cb (LqTrackView *self)
{
  lq_plot_style_from_widget (GTK_WIDGET (self), FALSE, &self->style);
  lq_track_view_invalidate (self);
}

static void
lq_track_view_dispose (GObject *object)
{
  LqTrackView *self = LQ_TRACK_VIEW (object);

  lq_track_view_set_project (self, NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  lq_track_view_forget_span (self);
  G_OBJECT_CLASS (lq_track_view_parent_class)->dispose (object);
}

static void
lq_track_view_finalize (GObject *object)
{
  LqTrackView *self = LQ_TRACK_VIEW (object);

  g_clear_pointer (&self->model, lq_track_view_model_free);
  g_free (self->description);
  G_OBJECT_CLASS (lq_track_view_parent_class)->finalize (object);
}

static void
lq_track_view_class_init (LqTrackViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_track_view_dispose;
  object_class->finalize = lq_track_view_finalize;
  widget_class->snapshot = lq_track_view_snapshot;
  widget_class->measure = lq_track_view_measure;
  widget_class->size_allocate = lq_track_view_size_allocate;
  widget_class->query_tooltip = lq_track_view_query_tooltip;
  widget_class->css_changed = lq_track_view_css_changed;

  /**
   * LqTrackView::seek:
   * @seconds: the time clicked, into the track
   */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "lq-track-view");
}

static void
lq_track_view_init (LqTrackView *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES
                                                               | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->pointer_x = NAN;
  self->view.start_s = 0.0;
  self->view.end_s = 1.0;
  self->view.hover_s = NAN;
  self->playhead_s = NAN;
  lq_plot_style_init_light (&self->style);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (lq_track_view_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (scroll, "scroll", G_CALLBACK (lq_track_view_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (motion, "motion", G_CALLBACK (lq_track_view_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (lq_track_view_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (lq_track_view_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (lq_track_view_dark_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Track Waveform"),
                                  -1);
  lq_track_view_update_description (self);
}

GtkWidget *
lq_track_view_new (void)
{
  return g_object_new (LQ_TYPE_TRACK_VIEW, NULL);
}

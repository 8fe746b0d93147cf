/* lq-tonal-view.c: the Tonal Balance view (see lq-tonal-view.h).
 *
 * The widget lays out its toolbar (a GtkBox child) on top and draws the
 * plot below it: the plot's static part is one cairo render node, kept
 * until the model, the view's settings, the size or the theme change; the
 * hovered band's line is a color node drawn over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-tonal-view.h"
#include "lq-plot-cache.h"
#include "lq-project-watch.h"
#include "lq-ui-util.h"

#include <glib/gi18n.h>
#include <math.h>

#define PLOT_MIN_HEIGHT 120
#define PLOT_NAT_HEIGHT 280
#define MIN_WIDTH 320

struct _LqTonalView
{
  GtkWidget parent_instance;

  GtkWidget *toolbar;
  GtkWidget *mid_button;
  GtkWidget *side_button;
  GtkWidget *compare_dropdown;
  GtkWidget *before_button;
  GtkWidget *after_button;
  GtkWidget *guides_button;
  GtkWidget *track_dropdown;
  GtkStringList *compare_list;
  GtkStringList *track_list;

  LqProjectWatch *watch;
  LqProject *project;      /* the watch's */
  gboolean updating;       /* the toolbar is being filled: ignore its signals */

  LqTonalModel *model;
  char *message;
  LqTonalCompare compare;
  guint compare_index;
  LqTonalPlotView view;

  LqPlotStyle style;
  LqPlotCache cache;       /* the plot */
  guint hover_band;
};

G_DEFINE_FINAL_TYPE (LqTonalView, lq_tonal_view, GTK_TYPE_WIDGET)

static void
lq_tonal_view_invalidate (LqTonalView *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (LqTonalView *self)
{
  g_autofree char *description = NULL;

  if (self->model != NULL)
    description = lq_tonal_model_dup_description (self->model, self->view.channel);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description
                                  : self->message != NULL ? self->message : "",
                                  -1);
}

/* Replaces @list's strings by @strings (NULL-terminated) when they differ. */
static void
set_strings (GtkStringList *list,
             GPtrArray     *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean same = n + 1 == strings->len;

  for (guint k = 0; same && k < n; k++)
    same = g_strcmp0 (gtk_string_list_get_string (list, k), strings->pdata[k]) == 0;
  if (!same)
    gtk_string_list_splice (list, 0, n, (const char *const *) strings->pdata);
}

/* The toolbar's lists from the project: every track as an anchor, every
 * reference; and the tracks to show. */
static void
fill_lists (LqTonalView *self)
{
  g_autoptr(GPtrArray) compare = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (g_free);
  guint n = self->project != NULL ? lq_project_get_n_tracks (self->project) : 0;
  guint selected_compare = 0;

  g_ptr_array_add (compare, g_strdup (_("Album Centroid")));
  g_ptr_array_add (tracks, g_strdup (_("All Tracks")));
  for (guint p = 1; p <= n; p++)
    {
      const char *name = lq_track_get_display_name (lq_project_get_track (self->project, p));

      /* Translators: an anchor track to compare the tonal balance with */
      g_ptr_array_add (compare, g_strdup_printf (_("Anchor: %u “%s”"), p, name));
      g_ptr_array_add (tracks, g_strdup_printf ("%u “%s”", p, name));
      if (self->compare == LQ_TONAL_COMPARE_ANCHOR && self->compare_index == p)
        selected_compare = p;
    }
  if (self->project != NULL)
    {
      g_autoptr(GPtrArray) references = lq_project_list_references (self->project);

      for (guint r = 0; r < references->len; r++)
        {
          LqReference *ref = g_ptr_array_index (references, r);

          /* Translators: a reference file to compare the tonal balance with */
          g_ptr_array_add (compare, g_strdup_printf (_("Reference: %s"), ref->title));
          if (self->compare == LQ_TONAL_COMPARE_REFERENCE && self->compare_index == r + 1)
            selected_compare = n + r + 1;
        }
    }
  g_ptr_array_add (compare, NULL);
  g_ptr_array_add (tracks, NULL);

  self->updating = TRUE;
  set_strings (self->compare_list, compare);
  set_strings (self->track_list, tracks);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->compare_dropdown), selected_compare);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->track_dropdown),
                              self->view.track == LQ_TONAL_PLOT_ALL_TRACKS ? 0 : self->view.track + 1);
  self->updating = FALSE;
}

void
lq_tonal_view_refresh (LqTonalView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LQ_IS_TONAL_VIEW (self));

  lq_project_watch_clear_pending (self->watch);
  g_clear_pointer (&self->model, lq_tonal_model_free);
  g_clear_pointer (&self->message, g_free);
  if (self->project != NULL)
    {
      guint n = lq_project_get_n_tracks (self->project);

      if (self->view.track != LQ_TONAL_PLOT_ALL_TRACKS && self->view.track >= n)
        self->view.track = LQ_TONAL_PLOT_ALL_TRACKS;
      self->model = lq_tonal_model_new (self->project, self->compare, self->compare_index, &error);
      if (self->model == NULL)
        self->message = g_strdup (error->message);
    }
  else
    self->message = g_strdup (_("No album"));
  fill_lists (self);
  update_accessible (self);
  lq_tonal_view_invalidate (self);
}

/* The toolbar ----------------------------------------------------------- */

static void
channel_toggled_cb (LqTonalView *self)
{
  if (self->updating)
    return;
  lq_tonal_view_set_channel (self, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->side_button))
                                   ? LQ_TONAL_SIDE : LQ_TONAL_MID);
}

static void
show_toggled_cb (LqTonalView *self)
{
  if (self->updating)
    return;
  self->view.show_before = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->before_button));
  self->view.show_after = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->after_button));
  self->view.show_guides = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->guides_button));
  lq_tonal_view_invalidate (self);
}

static void
compare_selected_cb (LqTonalView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->compare_dropdown));
  guint n = self->project != NULL ? lq_project_get_n_tracks (self->project) : 0;

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected == 0)
    lq_tonal_view_set_compare (self, LQ_TONAL_COMPARE_CENTROID, 0);
  else if (selected <= n)
    lq_tonal_view_set_compare (self, LQ_TONAL_COMPARE_ANCHOR, selected);
  else
    lq_tonal_view_set_compare (self, LQ_TONAL_COMPARE_REFERENCE, selected - n);
}

static void
track_selected_cb (LqTonalView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->track_dropdown));

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  lq_tonal_view_set_track (self, selected);
}

static GtkWidget *
toggle (const char *label,
        const char *tooltip,
        gboolean active)
{
  GtkWidget *button = gtk_toggle_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
  return button;
}

static void
build_toolbar (LqTonalView *self)
{
  GtkWidget *channels = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *shown = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Scrolled sideways when the pane is narrower than the toolbar, so that
   * the window's narrowest size does not depend on it. */
  self->toolbar = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->toolbar), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->toolbar), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->toolbar), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->toolbar), bar);
  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));

  gtk_widget_add_css_class (channels, "linked");
  self->mid_button = toggle (_("_Mid"), _("The mid channel’s spectra (L + R)"), TRUE);
  self->side_button = toggle (_("_Side"), _("The side channel’s spectra (L − R)"), FALSE);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->side_button), GTK_TOGGLE_BUTTON (self->mid_button));
  gtk_box_append (GTK_BOX (channels), self->mid_button);
  gtk_box_append (GTK_BOX (channels), self->side_button);
  gtk_box_append (GTK_BOX (bar), channels);
  g_signal_connect_swapped (self->side_button, "toggled", G_CALLBACK (channel_toggled_cb), self);

  self->compare_list = gtk_string_list_new (NULL);
  self->compare_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->compare_list)), NULL);
  gtk_widget_set_tooltip_text (self->compare_dropdown, _("What the tracks are compared with"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->compare_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Compare With"), -1);
  gtk_box_append (GTK_BOX (bar), self->compare_dropdown);
  g_signal_connect_swapped (self->compare_dropdown, "notify::selected", G_CALLBACK (compare_selected_cb), self);

  gtk_widget_add_css_class (shown, "linked");
  self->before_button = toggle (_("_Before"), _("The spectra as analyzed"), TRUE);
  self->after_button = toggle (_("_After"), _("The spectra after the match EQ"), TRUE);
  gtk_box_append (GTK_BOX (shown), self->before_button);
  gtk_box_append (GTK_BOX (shown), self->after_button);
  gtk_box_append (GTK_BOX (bar), shown);
  self->guides_button = toggle (_("Slope _Guides"), _("Slopes of −3 and −4.5 dB per octave through 1 kHz"),
                                FALSE);
  gtk_box_append (GTK_BOX (bar), self->guides_button);
  g_signal_connect_swapped (self->before_button, "toggled", G_CALLBACK (show_toggled_cb), self);
  g_signal_connect_swapped (self->after_button, "toggled", G_CALLBACK (show_toggled_cb), self);
  g_signal_connect_swapped (self->guides_button, "toggled", G_CALLBACK (show_toggled_cb), self);

  self->track_list = gtk_string_list_new (NULL);
  self->track_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->track_list)), NULL);
  gtk_widget_set_tooltip_text (self->track_dropdown, _("One track, or all"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->track_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tracks Shown"), -1);
  gtk_widget_set_hexpand (self->track_dropdown, TRUE);
  gtk_widget_set_halign (self->track_dropdown, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (bar), self->track_dropdown);
  g_signal_connect_swapped (self->track_dropdown, "notify::selected", G_CALLBACK (track_selected_cb), self);
}

/* Drawing and pointer ----------------------------------------------------- */

static double
plot_top (LqTonalView *self)
{
  graphene_rect_t bounds;

  if (gtk_widget_compute_bounds (self->toolbar, GTK_WIDGET (self), &bounds))
    return bounds.origin.y + bounds.size.height;
  return 0.0;
}

char *
lq_tonal_view_dup_readout_at (LqTonalView *self,
                              double x,
                              double y)
{
  double top, width, height, best = INFINITY;
  guint band, track;
  LqPlotAxis xa, ya;

  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), NULL);
  if (self->model == NULL)
    return NULL;
  top = plot_top (self);
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self)) - top;
  y -= top;
  band = lq_tonal_plot_hit_band (self->model, &self->view, width, height, x, y);
  if (band == G_MAXUINT)
    return NULL;

  /* The track shown, or the one whose curve is nearest the pointer. */
  track = self->view.track;
  if (track == LQ_TONAL_PLOT_ALL_TRACKS)
    {
      lq_tonal_plot_get_axes (self->model, &self->view, width, height, &xa, &ya);
      for (guint i = 0; i < self->model->n_tracks; i++)
        for (guint after = 0; after < 2; after++)
          {
            double v = lq_tonal_plot_curve_value (self->model, &self->view, i, band, after);

            if (!isnan (v) && fabs (lq_plot_axis_to_px (&ya, v) - y) < best)
              {
                best = fabs (lq_plot_axis_to_px (&ya, v) - y);
                track = i;
              }
          }
      if (best > 24.0)
        track = G_MAXUINT;
    }
  return lq_tonal_model_dup_readout (self->model, self->view.channel, band, track, self->view.show_before,
                                     self->view.show_after);
}

static gboolean
lq_tonal_view_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  g_autofree char *text = lq_tonal_view_dup_readout_at (LQ_TONAL_VIEW (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           LqTonalView              *self)
{
  double top = plot_top (self);
  guint band = G_MAXUINT;

  if (self->model != NULL)
    band = lq_tonal_plot_hit_band (self->model, &self->view, gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)) - top, x, y - top);
  if (band != self->hover_band)
    {
      self->hover_band = band;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *motion,
          LqTonalView              *self)
{
  if (self->hover_band != G_MAXUINT)
    {
      self->hover_band = G_MAXUINT;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqTonalView *self = data;

  lq_plot_style_from_widget (GTK_WIDGET (self), FALSE, &self->style);
  lq_tonal_plot_draw (cr, self->model, &self->style, width, height, &self->view);
}

static void
lq_tonal_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LqTonalView *self = LQ_TONAL_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  double top = plot_top (self);
  int height = gtk_widget_get_height (widget) - (int) ceil (top);

  gtk_widget_snapshot_child (widget, self->toolbar, snapshot);
  if (width <= 0 || height <= 0)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, ceil (top)));
  if (self->model == NULL)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, self->message);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - lw) / 2.0, (height - lh) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0.5, 0.5, 0.5, 1.0 });
      g_object_unref (layout);
      gtk_snapshot_restore (snapshot);
      return;
    }

  lq_plot_cache_append (&self->cache, widget, snapshot, width, height, draw_cb, self);

  if (self->hover_band < self->model->n_bands)
    {
      LqPlotAxis xa, ya;
      const LqPlotColor *fg = &self->style.foreground;
      double x;

      lq_tonal_plot_get_axes (self->model, &self->view, width, height, &xa, &ya);
      x = round (lq_plot_axis_to_px (&xa, self->model->centres[self->hover_band]));
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { fg->red, fg->green, fg->blue, fg->alpha * 0.5 },
                                 &GRAPHENE_RECT_INIT (x, ya.to_px, 1, ya.from_px - ya.to_px));
    }
  gtk_snapshot_restore (snapshot);
}

static void
lq_tonal_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  LqTonalView *self = LQ_TONAL_VIEW (widget);
  int tmin, tnat;

  gtk_widget_measure (self->toolbar, orientation, -1, &tmin, &tnat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (tmin, MIN_WIDTH);
      *natural = MAX (tnat, MIN_WIDTH);
    }
  else
    {
      *minimum = tmin + PLOT_MIN_HEIGHT;
      *natural = tnat + PLOT_NAT_HEIGHT;
    }
}

static void
lq_tonal_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  LqTonalView *self = LQ_TONAL_VIEW (widget);
  int tmin, tnat;

  gtk_widget_measure (self->toolbar, GTK_ORIENTATION_VERTICAL, width, &tmin, &tnat, NULL, NULL);
  gtk_widget_size_allocate (self->toolbar, &(GtkAllocation) { 0, 0, width, tnat }, -1);
}

static void
lq_tonal_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lq_tonal_view_parent_class)->css_changed (widget, change);
  lq_tonal_view_invalidate (LQ_TONAL_VIEW (widget));
}

static void
dark_changed_cb (LqTonalView *self)
{
  lq_tonal_view_invalidate (self);
}

static void
lq_tonal_view_dispose (GObject *object)
{
  LqTonalView *self = LQ_TONAL_VIEW (object);

  lq_tonal_view_set_project (self, NULL);
  g_clear_pointer (&self->toolbar, gtk_widget_unparent);
  lq_plot_cache_clear (&self->cache);
  g_clear_object (&self->compare_list);
  g_clear_object (&self->track_list);

  G_OBJECT_CLASS (lq_tonal_view_parent_class)->dispose (object);
}

static void
lq_tonal_view_finalize (GObject *object)
{
  LqTonalView *self = LQ_TONAL_VIEW (object);

  g_clear_pointer (&self->model, lq_tonal_model_free);
  g_free (self->message);
  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_tonal_view_parent_class)->finalize (object);
}

static void
lq_tonal_view_class_init (LqTonalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_tonal_view_dispose;
  object_class->finalize = lq_tonal_view_finalize;
  widget_class->snapshot = lq_tonal_view_snapshot;
  widget_class->measure = lq_tonal_view_measure;
  widget_class->size_allocate = lq_tonal_view_size_allocate;
  widget_class->query_tooltip = lq_tonal_view_query_tooltip;
  widget_class->css_changed = lq_tonal_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "tonal-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lq_tonal_view_init (LqTonalView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->watch = lq_project_watch_new (FALSE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (lq_tonal_view_refresh), self);
  lq_tonal_plot_view_init (&self->view);
  self->hover_band = G_MAXUINT;
  self->compare = LQ_TONAL_COMPARE_CENTROID;
  build_toolbar (self);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tonal Balance"),
                                  -1);
  lq_tonal_view_refresh (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
lq_tonal_view_new (void)
{
  return g_object_new (LQ_TYPE_TONAL_VIEW, NULL);
}

void
lq_tonal_view_set_project (LqTonalView *self,
                           LqProject   *project)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  lq_project_watch_set_project (self->watch, project);
  self->project = project;
  self->compare = LQ_TONAL_COMPARE_CENTROID;
  self->compare_index = 0;
  self->view.track = LQ_TONAL_PLOT_ALL_TRACKS;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    lq_tonal_view_refresh (self);
}

LqProject *
lq_tonal_view_get_project (LqTonalView *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), NULL);
  return self->project;
}

void
lq_tonal_view_set_track (LqTonalView *self,
                         guint        position)
{
  guint n;

  g_return_if_fail (LQ_IS_TONAL_VIEW (self));

  n = self->project != NULL ? lq_project_get_n_tracks (self->project) : 0;
  self->view.track = position >= 1 && position <= n ? position - 1 : LQ_TONAL_PLOT_ALL_TRACKS;
  self->updating = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->track_dropdown),
                              self->view.track == LQ_TONAL_PLOT_ALL_TRACKS ? 0 : position);
  self->updating = FALSE;
  lq_tonal_view_invalidate (self);
}

guint
lq_tonal_view_get_track (LqTonalView *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), 0);
  return self->view.track == LQ_TONAL_PLOT_ALL_TRACKS ? 0 : self->view.track + 1;
}

void
lq_tonal_view_set_channel (LqTonalView    *self,
                           LqTonalChannel  channel)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));

  self->view.channel = channel == LQ_TONAL_SIDE ? LQ_TONAL_SIDE : LQ_TONAL_MID;
  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->view.channel == LQ_TONAL_SIDE
                                                   ? self->side_button : self->mid_button), TRUE);
  self->updating = FALSE;
  update_accessible (self);
  lq_tonal_view_invalidate (self);
}

void
lq_tonal_view_set_compare (LqTonalView    *self,
                           LqTonalCompare  compare,
                           guint           index)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));

  self->compare = compare;
  self->compare_index = compare == LQ_TONAL_COMPARE_CENTROID ? 0 : index;
  lq_tonal_view_refresh (self);
}

void
lq_tonal_view_set_show_before (LqTonalView *self,
                               gboolean     show)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->before_button), show);
}

void
lq_tonal_view_set_show_after (LqTonalView *self,
                              gboolean     show)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->after_button), show);
}

void
lq_tonal_view_set_show_guides (LqTonalView *self,
                               gboolean     show)
{
  g_return_if_fail (LQ_IS_TONAL_VIEW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->guides_button), show);
}

const LqTonalModel *
lq_tonal_view_get_model (LqTonalView *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), NULL);
  return self->model;
}

const char *
lq_tonal_view_get_message (LqTonalView *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), NULL);
  return self->message;
}

const LqTonalPlotView *
lq_tonal_view_get_view (LqTonalView *self)
{
  g_return_val_if_fail (LQ_IS_TONAL_VIEW (self), NULL);
  return &self->view;
}

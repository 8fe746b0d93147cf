/* lq-listeners-view.c: the "What Listeners Hear" view (see
 * lq-listeners-view.h).
 *
 * The widget lays out its toolbar (a scrolled GtkBox) on top and its table
 * (a scrolled GtkGrid) at the bottom, and draws the chart between them:
 * the chart is one cached image (LqPlotCache), kept until the playback
 * shown, the size or the theme change. The toolbar's Play toggle asks the
 * window (the "play-changed" signal) to play the album at the gains of the
 * playback shown, and to follow the platform and context chosen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-listeners-view.h"
#include "lq-platform-plot.h"
#include "lq-plot-cache.h"
#include "lq-project-watch.h"
#include "lq-ui-util.h"

#include <glib/gi18n.h>
#include <math.h>

#define PLOT_MIN_HEIGHT 120
#define PLOT_NAT_HEIGHT 260
#define TABLE_MAX_HEIGHT 220
#define MIN_WIDTH 320
/* A gain counts as turning a track down or up from this size: as shown. */
#define GAIN_SHOWN_DB 0.05

struct _LqListenersView
{
  GtkWidget parent_instance;

  GtkWidget *toolbar;
  GtkWidget *platform_dropdown;
  GtkWidget *album_button;
  GtkWidget *shuffle_button;
  GtkWidget *play_button;
  gboolean playing;           /* the Play toggle: the window plays these gains */
  GtkWidget *table;           /* the scrolled window */
  GtkWidget *grid;
  gboolean updating;          /* the toolbar is being set: ignore its signals */

  LqProjectWatch *watch;
  LqProject *project;         /* the watch's */

  LqPlatformPreview *preview;
  const LqPlatformPlayback *playback;  /* the preview's, or NULL */
  char *message;
  const LqPlatform *platform;
  LqPlatformContext context;

  LqPlotStyle style;
  LqPlotCache cache;
};

G_DEFINE_FINAL_TYPE (LqListenersView, lq_listeners_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PLAY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lq_listeners_view_invalidate (LqListenersView *self)
{
  lq_plot_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* @value to one decimal, "—" when unknown, never "-0.0"; @sign: "+" on
 * positive values. */
static char *
format_figure (double value,
               gboolean sign)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) < 0.05)
    value = 0.0;
  return g_strdup_printf (sign && value > 0.0 ? "%+.1f" : "%.1f", value);
}

static const char *
track_title (const LqPlatformTrack *track)
{
  return track->title != NULL ? track->title : "";
}

char *
lq_listeners_view_dup_description (LqListenersView *self)
{
  const LqPlatformPlayback *p;
  g_autofree char *head = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *jump = NULL;
  guint down = 0, up = 0;

  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);

  p = self->playback;
  if (p == NULL)
    return g_strdup (self->message != NULL ? self->message : "");
  for (guint i = 0; i < p->n_tracks; i++)
    {
      down += p->tracks[i].playback_gain_db <= -GAIN_SHOWN_DB;
      up += p->tracks[i].playback_gain_db >= GAIN_SHOWN_DB;
    }
  if (p->context == LQ_PLATFORM_CONTEXT_ALBUM)
    /* Translators: %s is a streaming platform's name */
    head = g_strdup_printf (_("%s playing the album"), p->platform->name);
  else
    /* Translators: %s is a streaming platform's name */
    head = g_strdup_printf (_("%s in shuffle"), p->platform->name);
  counts = g_strdup_printf (ngettext ("of %u track, turns %u down and %u up",
                                      "of %u tracks, turns %u down and %u up", p->n_tracks),
                            p->n_tracks, down, up);
  if (p->max_jump_track > 0)
    {
      g_autofree char *lu = format_figure (p->max_jump_lu, TRUE);

      jump = g_strdup_printf (_("the largest jump %s LU, into track %u"), lu, p->max_jump_track);
    }
  else
    jump = g_strdup (_("no jumps"));
  /* Translators: the platform and context, how many tracks it turns down
   * and up, the largest jump */
  return g_strdup_printf (_("%s: %s; %s"), head, counts, jump);
}

static void
update_accessible (LqListenersView *self)
{
  g_autofree char *description = lq_listeners_view_dup_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* The table ---------------------------------------------------------------- */

static GtkWidget *
cell (GtkGrid *grid,
      int column,
      int row,
      const char *text,
      gboolean numeric,
      gboolean warning)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else if (column == 1)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_widget_set_hexpand (label, TRUE);
    }
  if (warning)
    gtk_widget_add_css_class (label, "warning");
  if (row == 0)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
    }
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
fill_table (LqListenersView *self)
{
  GtkGrid *grid = GTK_GRID (self->grid);
  const LqPlatformPlayback *p = self->playback;
  GtkWidget *child;
  const char *headings[] = {
    /* Translators: the track number's column */
    N_("#"), N_("Title"), N_("Master LUFS"), N_("Gain dB"), N_("Heard LUFS"), N_("Limited dB"), N_("Jump LU"),
  };

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (grid, child);
  gtk_widget_set_visible (self->table, p != NULL);
  if (p == NULL)
    return;

  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    cell (grid, (int) c, 0, _(headings[c]), c != 1, FALSE);
  for (guint i = 0; i < p->n_tracks; i++)
    {
      const LqPlatformTrack *t = &p->tracks[i];
      int row = (int) i + 1;
      g_autofree char *number = g_strdup_printf ("%u", t->number);
      g_autofree char *master = format_figure (t->master_lufs, FALSE);
      g_autofree char *gain = format_figure (t->playback_gain_db, TRUE);
      g_autofree char *heard = format_figure (t->listener_lufs, FALSE);
      g_autofree char *limited = format_figure (isfinite (p->platform->limiter_dbtp) ? t->limited_db : NAN, FALSE);
      g_autofree char *jump = format_figure (t->jump_lu, TRUE);

      cell (grid, 0, row, number, TRUE, FALSE);
      gtk_widget_set_tooltip_text (cell (grid, 1, row, track_title (t), FALSE, FALSE), track_title (t));
      cell (grid, 2, row, master, TRUE, FALSE);
      cell (grid, 3, row, gain, TRUE, FALSE);
      cell (grid, 4, row, heard, TRUE, FALSE);
      cell (grid, 5, row, limited, TRUE, isfinite (t->limited_db) && t->limited_db >= GAIN_SHOWN_DB);
      cell (grid, 6, row, jump, TRUE, isfinite (t->jump_lu) && fabs (t->jump_lu) > LQ_PLATFORM_PLOT_JUMP_WARN_LU);
    }
}

/* The playback shown --------------------------------------------------------- */

/* The context buttons as the platform has them, the context it has, the
 * playback, the table and the description. */
static void
show_playback (LqListenersView *self)
{
  guint n, index = 0;
  const LqPlatform *all = lq_platform_get_all (&n);

  if (self->context == LQ_PLATFORM_CONTEXT_ALBUM && !self->platform->has_album_mode)
    self->context = LQ_PLATFORM_CONTEXT_TRACK;
  else if (self->context == LQ_PLATFORM_CONTEXT_TRACK && !self->platform->has_track_mode)
    self->context = LQ_PLATFORM_CONTEXT_ALBUM;
  for (guint i = 0; i < n; i++)
    if (&all[i] == self->platform)
      index = i;

  self->updating = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->platform_dropdown), index);
  gtk_widget_set_sensitive (self->album_button, self->platform->has_album_mode);
  gtk_widget_set_sensitive (self->shuffle_button, self->platform->has_track_mode);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->context == LQ_PLATFORM_CONTEXT_ALBUM
                                                   ? self->album_button : self->shuffle_button), TRUE);
  self->updating = FALSE;

  self->playback = self->preview != NULL
                   ? lq_platform_preview_find (self->preview, self->platform->id, self->context) : NULL;
  fill_table (self);
  update_accessible (self);
  lq_listeners_view_invalidate (self);
  gtk_widget_set_sensitive (self->play_button, self->playback != NULL);
  /* Playing: the gains shown now, or nothing to play any more. */
  if (self->playing && self->playback == NULL)
    lq_listeners_view_set_playing (self, FALSE);
  else if (self->playing)
    g_signal_emit (self, signals[PLAY_CHANGED], 0);
}

void
lq_listeners_view_refresh (LqListenersView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));

  lq_project_watch_clear_pending (self->watch);
  self->playback = NULL;
  g_clear_pointer (&self->preview, lq_platform_preview_free);
  g_clear_pointer (&self->message, g_free);
  if (self->project != NULL)
    {
      self->preview = lq_platform_preview_new (self->project, NULL, &error);
      if (self->preview == NULL)
        self->message = g_strdup (error->message);
    }
  else
    self->message = g_strdup (_("No album"));
  show_playback (self);
}

/* The toolbar ---------------------------------------------------------------- */

static void
platform_selected_cb (LqListenersView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->platform_dropdown));
  guint n;
  const LqPlatform *all = lq_platform_get_all (&n);

  if (self->updating || selected >= n)
    return;
  lq_listeners_view_set_platform (self, all[selected].id);
}

static void
context_toggled_cb (LqListenersView *self)
{
  if (self->updating)
    return;
  lq_listeners_view_set_context (self, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->shuffle_button))
                                       ? LQ_PLATFORM_CONTEXT_TRACK : LQ_PLATFORM_CONTEXT_ALBUM);
}

static void
play_toggled_cb (LqListenersView *self)
{
  if (self->updating)
    return;
  lq_listeners_view_set_playing (self, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->play_button)));
}

static void
build_toolbar (LqListenersView *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *contexts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n;
  const LqPlatform *all = lq_platform_get_all (&n);

  /* Scrolled sideways when the pane is narrower than the toolbar. */
  self->toolbar = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->toolbar), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->toolbar), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->toolbar), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->toolbar), bar);
  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) all[i].name);
  g_ptr_array_add (names, NULL);
  self->platform_dropdown = gtk_drop_down_new_from_strings ((const char *const *) names->pdata);
  gtk_widget_set_tooltip_text (self->platform_dropdown, _("The streaming platform whose loudness normalization is shown"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->platform_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Platform"), -1);
  gtk_box_append (GTK_BOX (bar), self->platform_dropdown);
  g_signal_connect_swapped (self->platform_dropdown, "notify::selected", G_CALLBACK (platform_selected_cb), self);

  gtk_widget_add_css_class (contexts, "linked");
  /* Translators: the album played in order */
  self->album_button = gtk_toggle_button_new_with_label (_("Album"));
  gtk_widget_set_tooltip_text (self->album_button, _("The album played in order: one gain for every track"));
  /* Translators: the tracks played in shuffle or in playlists */
  self->shuffle_button = gtk_toggle_button_new_with_label (_("Shuffle"));
  gtk_widget_set_tooltip_text (self->shuffle_button, _("Shuffle and playlists: each track its own gain"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->shuffle_button), GTK_TOGGLE_BUTTON (self->album_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->album_button), TRUE);
  gtk_box_append (GTK_BOX (contexts), self->album_button);
  gtk_box_append (GTK_BOX (contexts), self->shuffle_button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (contexts), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Context"), -1);
  gtk_box_append (GTK_BOX (bar), contexts);
  g_signal_connect_swapped (self->shuffle_button, "toggled", G_CALLBACK (context_toggled_cb), self);

  /* Translators: plays the album as the platform's listeners hear it */
  self->play_button = gtk_toggle_button_new_with_mnemonic (_("_Play as Heard"));
  gtk_widget_set_tooltip_text (self->play_button,
                               _("Play the album at the gains this platform applies, without level matching "
                                 "(a track its limiter would act on plays that much quieter: Lacquer plays "
                                 "without the platform’s limiter); again to play as usual"));
  gtk_box_append (GTK_BOX (bar), self->play_button);
  g_signal_connect_swapped (self->play_button, "toggled", G_CALLBACK (play_toggled_cb), self);
}

static void
build_table (LqListenersView *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 2);
  gtk_widget_set_margin_start (self->grid, 12);
  gtk_widget_set_margin_end (self->grid, 12);
  gtk_widget_set_margin_top (self->grid, 6);
  gtk_widget_set_margin_bottom (self->grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Per Track"), -1);

  self->table = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->table), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->table), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->table), TABLE_MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->table), self->grid);
  gtk_widget_set_parent (self->table, GTK_WIDGET (self));
}

/* Drawing, layout and pointer ------------------------------------------------- */

void
lq_listeners_view_get_plot_area (LqListenersView *self,
                                 graphene_rect_t *area)
{
  graphene_rect_t bounds;
  double top = 0.0, bottom;

  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));

  bottom = gtk_widget_get_height (GTK_WIDGET (self));
  if (gtk_widget_compute_bounds (self->toolbar, GTK_WIDGET (self), &bounds))
    top = ceil (bounds.origin.y + bounds.size.height);
  if (gtk_widget_get_visible (self->table) && gtk_widget_compute_bounds (self->table, GTK_WIDGET (self), &bounds))
    bottom = floor (bounds.origin.y);
  graphene_rect_init (area, 0, top, gtk_widget_get_width (GTK_WIDGET (self)), MAX (bottom - top, 0.0));
}

char *
lq_listeners_view_dup_readout_at (LqListenersView *self,
                                  double x,
                                  double y)
{
  const LqPlatformTrack *t;
  graphene_rect_t area;
  GString *text;
  guint number;
  g_autofree char *heard = NULL;
  g_autofree char *master = NULL;
  g_autofree char *gain = NULL;

  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);

  if (self->playback == NULL)
    return NULL;
  lq_listeners_view_get_plot_area (self, &area);
  if (y < area.origin.y || y >= area.origin.y + area.size.height)
    return NULL;
  number = lq_platform_plot_hit (self->playback, area.size.width, area.size.height, x - area.origin.x,
                                 y - area.origin.y);
  if (number == 0 || number > self->playback->n_tracks)
    return NULL;

  t = &self->playback->tracks[number - 1];
  if (!isfinite (t->listener_lufs))
    /* Translators: a track's number and title */
    return g_strdup_printf (_("Track %u “%s”: no loudness"), t->number, track_title (t));
  heard = format_figure (t->listener_lufs, FALSE);
  master = format_figure (t->master_lufs, FALSE);
  gain = format_figure (t->playback_gain_db, TRUE);
  text = g_string_new (NULL);
  /* Translators: a track's number and title, the loudness the listener
   * hears, the master's and the platform's gain */
  g_string_printf (text, _("Track %u “%s”: heard at %s LUFS (master %s LUFS, gain %s dB)"), t->number,
                   track_title (t), heard, master, gain);
  if (isfinite (t->limited_db) && t->limited_db >= GAIN_SHOWN_DB)
    {
      g_autofree char *limited = format_figure (t->limited_db, FALSE);

      g_string_append_printf (text, _(", the limiter takes %s dB off"), limited);
    }
  if (isfinite (t->jump_lu))
    {
      g_autofree char *jump = format_figure (t->jump_lu, TRUE);

      g_string_append_printf (text, _(", a jump of %s LU"), jump);
    }
  return g_string_free (text, FALSE);
}

static gboolean
lq_listeners_view_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  g_autofree char *text = lq_listeners_view_dup_readout_at (LQ_LISTENERS_VIEW (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
draw_cb (cairo_t *cr,
         int      width,
         int      height,
         gpointer data)
{
  LqListenersView *self = data;

  lq_plot_style_from_widget (GTK_WIDGET (self), FALSE, &self->style);
  lq_platform_plot_draw (cr, self->playback, &self->style, width, height);
}

static void
lq_listeners_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (widget);
  graphene_rect_t area;

  gtk_widget_snapshot_child (widget, self->toolbar, snapshot);
  gtk_widget_snapshot_child (widget, self->table, snapshot);
  lq_listeners_view_get_plot_area (self, &area);
  if (area.size.width < 1 || area.size.height < 1)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &area.origin);
  if (self->playback == NULL)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, self->message);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((area.size.width - lw) / 2.0,
                                                              (area.size.height - lh) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0.5, 0.5, 0.5, 1.0 });
      g_object_unref (layout);
    }
  else
    lq_plot_cache_append (&self->cache, widget, snapshot, (int) area.size.width, (int) area.size.height,
                          draw_cb, self);
  gtk_snapshot_restore (snapshot);
}

static void
lq_listeners_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (widget);
  int tmin, tnat, gmin = 0, gnat = 0;

  gtk_widget_measure (self->toolbar, orientation, -1, &tmin, &tnat, NULL, NULL);
  gtk_widget_measure (self->table, orientation, -1, &gmin, &gnat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (MAX (tmin, gmin), MIN_WIDTH);
      *natural = MAX (MAX (tnat, gnat), MIN_WIDTH);
    }
  else
    {
      /* The table gives way first: it scrolls, and at the least the plot
       * shares its minimum with it (the window's smallest size does not
       * grow with the album). */
      *minimum = tmin + PLOT_MIN_HEIGHT;
      *natural = tnat + PLOT_NAT_HEIGHT + gnat;
    }
}

static void
lq_listeners_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (widget);
  int tmin, tnat, gmin, gnat, table_height;

  gtk_widget_measure (self->toolbar, GTK_ORIENTATION_VERTICAL, width, &tmin, &tnat, NULL, NULL);
  gtk_widget_size_allocate (self->toolbar, &(GtkAllocation) { 0, 0, width, tnat }, -1);
  if (!gtk_widget_get_visible (self->table))
    return;
  gtk_widget_measure (self->table, GTK_ORIENTATION_VERTICAL, width, &gmin, &gnat, NULL, NULL);
  table_height = MAX (MAX (MIN (gnat, height - tnat - PLOT_MIN_HEIGHT), MIN (gmin, height - tnat)), 0);
  gtk_widget_size_allocate (self->table, &(GtkAllocation) { 0, height - table_height, width, table_height }, -1);
}

static void
lq_listeners_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lq_listeners_view_parent_class)->css_changed (widget, change);
  lq_listeners_view_invalidate (LQ_LISTENERS_VIEW (widget));
}

static void
lq_listeners_view_dispose (GObject *object)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (object);

  lq_listeners_view_set_project (self, NULL);
  g_clear_pointer (&self->toolbar, gtk_widget_unparent);
  g_clear_pointer (&self->table, gtk_widget_unparent);
  lq_plot_cache_clear (&self->cache);

  G_OBJECT_CLASS (lq_listeners_view_parent_class)->dispose (object);
}

static void
lq_listeners_view_finalize (GObject *object)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (object);

  g_clear_pointer (&self->preview, lq_platform_preview_free);
  g_free (self->message);
  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_listeners_view_parent_class)->finalize (object);
}

static void
lq_listeners_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_listeners_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LqListenersView *self = LQ_LISTENERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      lq_listeners_view_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_listeners_view_class_init (LqListenersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_listeners_view_dispose;
  object_class->finalize = lq_listeners_view_finalize;
  object_class->get_property = lq_listeners_view_get_property;
  object_class->set_property = lq_listeners_view_set_property;
  widget_class->snapshot = lq_listeners_view_snapshot;
  widget_class->measure = lq_listeners_view_measure;
  widget_class->size_allocate = lq_listeners_view_size_allocate;
  widget_class->query_tooltip = lq_listeners_view_query_tooltip;
  widget_class->css_changed = lq_listeners_view_css_changed;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* The Play toggle changed, or the gains to play did while it is on. */
  signals[PLAY_CHANGED] = g_signal_new ("play-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "listeners-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lq_listeners_view_init (LqListenersView *self)
{
  self->watch = lq_project_watch_new (TRUE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (lq_listeners_view_refresh), self);
  self->platform = lq_platform_get_all (NULL);
  self->context = LQ_PLATFORM_CONTEXT_ALBUM;
  build_toolbar (self);
  build_table (self);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (lq_listeners_view_invalidate), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What Listeners Hear"), -1);
  lq_listeners_view_refresh (self);
}

/* Public API ------------------------------------------------------------------ */

GtkWidget *
lq_listeners_view_new (void)
{
  return g_object_new (LQ_TYPE_LISTENERS_VIEW, NULL);
}

void
lq_listeners_view_set_project (LqListenersView *self,
                               LqProject       *project)
{
  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  lq_project_watch_set_project (self->watch, project);
  self->project = project;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    lq_listeners_view_refresh (self);
}

LqProject *
lq_listeners_view_get_project (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);
  return self->project;
}

void
lq_listeners_view_set_platform (LqListenersView *self,
                                const char      *platform_id)
{
  const LqPlatform *platform;

  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));

  platform = lq_platform_find (platform_id);
  if (platform == NULL)
    return;
  self->platform = platform;
  show_playback (self);
}

const char *
lq_listeners_view_get_platform (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);
  return self->platform->id;
}

void
lq_listeners_view_set_context (LqListenersView   *self,
                               LqPlatformContext  context)
{
  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));

  if ((context == LQ_PLATFORM_CONTEXT_ALBUM && self->platform->has_album_mode)
      || (context == LQ_PLATFORM_CONTEXT_TRACK && self->platform->has_track_mode))
    self->context = context;
  show_playback (self);
}

LqPlatformContext
lq_listeners_view_get_context (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), LQ_PLATFORM_CONTEXT_ALBUM);
  return self->context;
}

const LqPlatformPlayback *
lq_listeners_view_get_playback (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);
  return self->playback;
}

const char *
lq_listeners_view_get_message (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);
  return self->message;
}

void
lq_listeners_view_set_playing (LqListenersView *self,
                               gboolean         playing)
{
  g_return_if_fail (LQ_IS_LISTENERS_VIEW (self));

  playing = playing && self->playback != NULL;
  if (self->playing == playing)
    {
      /* A toggle the user pressed with nothing to play springs back. */
      self->updating = TRUE;
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->play_button), playing);
      self->updating = FALSE;
      return;
    }
  self->playing = playing;
  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->play_button), playing);
  self->updating = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  g_signal_emit (self, signals[PLAY_CHANGED], 0);
}

gboolean
lq_listeners_view_get_playing (LqListenersView *self)
{
  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), FALSE);
  return self->playing;
}

double *
lq_listeners_view_dup_track_gains (LqListenersView *self,
                                   guint           *n)
{
  const LqPlatformPlayback *p;
  double *gains;
  guint last = 0;

  g_return_val_if_fail (LQ_IS_LISTENERS_VIEW (self), NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = 0;
  p = self->playback;
  if (p == NULL)
    return NULL;
  for (guint i = 0; i < p->n_tracks; i++)
    last = MAX (last, p->tracks[i].number);
  gains = g_new0 (double, MAX (last, 1));
  for (guint i = 0; i < p->n_tracks; i++)
    if (p->tracks[i].number >= 1)
      gains[p->tracks[i].number - 1] = lq_platform_track_get_listening_gain_db (&p->tracks[i]);
  *n = last;
  return gains;
}

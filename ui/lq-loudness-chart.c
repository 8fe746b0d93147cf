/* lq-loudness-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-format.h"
#include "lq-loudness-chart.h"
#include "lq-track-view-model.h"

#define PAD 8.0
#define LEGEND_GAP 10.0
#define MARKER_MAX 6.0
#define MARKER_MIN 3.0

typedef struct
{
  char *name;
  double before_lufs;
  double after_lufs;
  double gain_db;
  double limiter_db;
  gboolean warning;
} Track;

struct _LqLoudnessChart
{
  GtkWidget parent_instance;

  GArray *tracks;   /* Track */
  double target_lufs;
  double album_before_lufs;
  double album_after_lufs;
  gboolean outdated;
  guint selected;
  char *description;
  char *left_out;   /* which tracks the figures leave out, said; or NULL */
};

G_DEFINE_FINAL_TYPE (LqLoudnessChart, lq_loudness_chart, GTK_TYPE_WIDGET)

enum {
  TRACK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA grid;
  GdkRGBA accent;
  GdkRGBA warning;
  GdkRGBA target;
} Colors;

/* Where things go, for the current size. */
typedef struct
{
  double plot_x, plot_y, plot_w, plot_h;
  double lo, hi, step;
  double column_w;
  double radius;
} Layout;

static void
track_clear (Track *track)
{
  g_free (track->name);
}

static void
lq_loudness_chart_get_colors (LqLoudnessChart *self,
                              Colors          *c)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &c->fg);
  c->dim = c->fg;
  c->dim.alpha *= 0.6f;
  c->grid = c->fg;
  c->grid.alpha *= 0.12f;
  if (!gtk_style_context_lookup_color (context, "accent_color", &c->accent))
    gdk_rgba_parse (&c->accent, "#1c71d8");
  if (!gtk_style_context_lookup_color (context, "warning_color", &c->warning))
    gdk_rgba_parse (&c->warning, "#c64600");
  if (!gtk_style_context_lookup_color (context, "success_color", &c->target))
    gdk_rgba_parse (&c->target, "#1b8553");
}

static gboolean
lq_loudness_chart_has_after (LqLoudnessChart *self)
{
  for (guint i = 0; i < self->tracks->len; i++)
    if (isfinite (g_array_index (self->tracks, Track, i).after_lufs))
      return TRUE;

  return FALSE;
}

/* The range of every value shown, or FALSE when there is none. */
static gboolean
lq_loudness_chart_range (LqLoudnessChart *self,
                         double          *lo,
                         double          *hi)
{
  double values[3] = { self->target_lufs, self->album_before_lufs, self->album_after_lufs };

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      const Track *t = &g_array_index (self->tracks, Track, i);

      if (isfinite (t->before_lufs))
        *lo = MIN (*lo, t->before_lufs), *hi = MAX (*hi, t->before_lufs);
      if (isfinite (t->after_lufs))
        *lo = MIN (*lo, t->after_lufs), *hi = MAX (*hi, t->after_lufs);
    }
  if (!isfinite (*lo))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (isfinite (values[i]))
      *lo = MIN (*lo, values[i]), *hi = MAX (*hi, values[i]);

  return TRUE;
}

static PangoLayout *
lq_loudness_chart_layout (LqLoudnessChart *self,
                          const char      *text)
{
  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

static double
text_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static double
text_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

static void
lq_loudness_chart_compute_layout (LqLoudnessChart *self,
                                  Layout          *l)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(PangoLayout) probe = lq_loudness_chart_layout (self, "-00");
  double line_h = text_height (probe);
  double axis_w = text_width (probe) + 8.0;
  double lo, hi, span;
  static const double steps[] = { 1, 2, 3, 5, 6, 10, 20 };
  guint max_ticks;

  if (!lq_loudness_chart_range (self, &lo, &hi))
    {
      lo = -24.0;
      hi = -8.0;
    }

  /* Room for the markers above and below */
  lo -= 1.0;
  hi += 1.0;
  span = MAX (hi - lo, 6.0);
  lo = (lo + hi) / 2.0 - span / 2.0;
  hi = lo + span;

  l->plot_x = PAD + axis_w;
  l->plot_y = PAD + line_h + LEGEND_GAP;
  /* A second line under the legend says which tracks are left out */
  if (self->left_out != NULL)
    l->plot_y += line_h;
  l->plot_w = MAX (1.0, width - l->plot_x - PAD);
  l->plot_h = MAX (1.0, height - l->plot_y - PAD - line_h - 4.0);

  max_ticks = MAX (2, (guint) (l->plot_h / (line_h * 1.8)));
  l->step = steps[G_N_ELEMENTS (steps) - 1];
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((hi - lo) / steps[i] <= max_ticks)
      {
        l->step = steps[i];
        break;
      }
  l->lo = floor (lo / l->step) * l->step;
  l->hi = ceil (hi / l->step) * l->step;

  l->column_w = l->plot_w / MAX (1, self->tracks->len);
  l->radius = CLAMP (l->column_w * 0.16, MARKER_MIN, MARKER_MAX);
}

static double
layout_y (const Layout *l,
          double        lufs)
{
  return l->plot_y + (l->hi - lufs) / (l->hi - l->lo) * l->plot_h;
}

static double
layout_x (const Layout *l,
          guint         i)
{
  return l->plot_x + (i + 0.5) * l->column_w;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const GdkRGBA *color,
             double         x,
             double         y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_dot (GtkSnapshot   *snapshot,
            double         x,
            double         y,
            double         r,
            const GdkRGBA *color)
{
  GskRoundedRect rect;

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &rect.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_ring (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         r,
             double         width,
             const GdkRGBA *color)
{
  GskRoundedRect rect;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &rect, widths, colors);
}

static void
append_hline (GtkSnapshot   *snapshot,
              double         x0,
              double         x1,
              double         y,
              double         width,
              gboolean       dashed,
              const GdkRGBA *color)
{
  if (!dashed)
    {
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, y - width / 2, x1 - x0, width));
      return;
    }

  for (double x = x0; x < x1; x += 10.0)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (x, y - width / 2, MIN (6.0, x1 - x), width));
}

/* The legend: what each mark means, with the album's and the target's figures. */
static void
lq_loudness_chart_snapshot_legend (LqLoudnessChart *self,
                                   GtkSnapshot     *snapshot,
                                   const Colors    *c,
                                   const Layout    *l)
{
  double x, y = PAD;
  g_autoptr(PangoLayout) unit = lq_loudness_chart_layout (self, _("LUFS"));
  double line_h = text_height (unit);
  double mid = y + line_h / 2.0;
  gboolean after = lq_loudness_chart_has_after (self);

  /* The unit over the scale, the legend after it */
  x = MAX (l->plot_x, PAD + text_width (unit) + 16);

  append_text (snapshot, unit, &c->dim, PAD, y);

  {
    g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, _("Before"));

    append_ring (snapshot, x + 5, mid, 4.5, 1.5, &c->dim);
    append_text (snapshot, text, &c->fg, x + 14, y);
    x += 14 + text_width (text) + 16;
  }

  if (after)
    {
      g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, _("After"));

      append_dot (snapshot, x + 5, mid, 4.5, &c->accent);
      append_text (snapshot, text, &c->fg, x + 14, y);
      x += 14 + text_width (text) + 16;
    }

  if (isfinite (self->target_lufs))
    {
      g_autofree char *value = lq_format_value (self->target_lufs);
      /* Translators: the delivery target's loudness in the chart's legend */
      g_autofree char *label = g_strdup_printf (_("Target %s"), value);
      g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, label);

      append_hline (snapshot, x, x + 16, mid, 2.0, FALSE, &c->target);
      append_text (snapshot, text, &c->fg, x + 22, y);
      x += 22 + text_width (text) + 16;
    }

  if (isfinite (self->album_before_lufs) || isfinite (self->album_after_lufs))
    {
      g_autofree char *before = lq_format_value (self->album_before_lufs);
      g_autofree char *after_value = lq_format_value (self->album_after_lufs);
      g_autofree char *label = NULL;
      g_autoptr(PangoLayout) text = NULL;

      if (after && isfinite (self->album_after_lufs))
        /* Translators: the album's loudness before and after the match, in the legend */
        label = g_strdup_printf (_("Album %s → %s"), before, after_value);
      else
        /* Translators: the album's loudness, in the legend */
        label = g_strdup_printf (_("Album %s"), before);
      text = lq_loudness_chart_layout (self, label);
      append_hline (snapshot, x, x + 16, mid, 1.5, TRUE, &c->dim);
      append_text (snapshot, text, &c->fg, x + 22, y);
    }

  if (self->left_out != NULL)
    {
      g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, self->left_out);

      append_text (snapshot, text, &c->warning, MAX (l->plot_x, PAD + text_width (unit) + 16), y + line_h);
    }
}

static void
lq_loudness_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LqLoudnessChart *self = LQ_LOUDNESS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double lo, hi, label_every;
  Colors c;
  Layout l;

  lq_loudness_chart_get_colors (self, &c);

  if (self->tracks->len == 0 || !lq_loudness_chart_range (self, &lo, &hi))
    {
      g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, _("No loudness measured yet"));

      append_text (snapshot, text, &c.dim, (width - text_width (text)) / 2, (height - text_height (text)) / 2);
      return;
    }

  lq_loudness_chart_compute_layout (self, &l);
  lq_loudness_chart_snapshot_legend (self, snapshot, &c, &l);

  /* The selected track's column */
  if (self->selected < self->tracks->len)
    {
      GdkRGBA band = c.accent;

      band.alpha = 0.12f;
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (l.plot_x + self->selected * l.column_w, l.plot_y,
                                                      l.column_w, l.plot_h));
    }

  /* The scale: a line and a label every step */
  for (double v = l.lo; v <= l.hi + 1e-9; v += l.step)
    {
      g_autofree char *value = lq_format_number (v, 0);
      g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, value);
      double y = layout_y (&l, v);

      append_hline (snapshot, l.plot_x, l.plot_x + l.plot_w, y, 1.0, FALSE, &c.grid);
      append_text (snapshot, text, &c.dim, l.plot_x - 6 - text_width (text), y - text_height (text) / 2);
    }

  /* The album before and after, and the target over them */
  if (isfinite (self->album_before_lufs))
    append_hline (snapshot, l.plot_x, l.plot_x + l.plot_w, layout_y (&l, self->album_before_lufs),
                  1.5, TRUE, &c.dim);
  if (isfinite (self->album_after_lufs) && lq_loudness_chart_has_after (self))
    {
      GdkRGBA accent = c.accent;

      accent.alpha *= 0.8f;
      append_hline (snapshot, l.plot_x, l.plot_x + l.plot_w, layout_y (&l, self->album_after_lufs),
                    1.5, TRUE, &accent);
    }
  if (isfinite (self->target_lufs))
    append_hline (snapshot, l.plot_x, l.plot_x + l.plot_w, layout_y (&l, self->target_lufs),
                  2.0, FALSE, &c.target);

  /* Track numbers: as many as fit */
  {
    g_autofree char *widest = g_strdup_printf ("%u", self->tracks->len);
    g_autoptr(PangoLayout) probe = lq_loudness_chart_layout (self, widest);

    label_every = ceil ((text_width (probe) + 6.0) / l.column_w);
  }

  for (guint i = 0; i < self->tracks->len; i++)
    {
      const Track *t = &g_array_index (self->tracks, Track, i);
      double x = layout_x (&l, i);
      const GdkRGBA *after_color = t->warning ? &c.warning : &c.accent;

      if ((i + 1) % (guint) label_every == 0 || i == 0 || label_every <= 1)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          g_autoptr(PangoLayout) text = lq_loudness_chart_layout (self, number);

          append_text (snapshot, text, i == self->selected ? &c.fg : &c.dim,
                       x - text_width (text) / 2, l.plot_y + l.plot_h + 4);
        }

      if (isfinite (t->before_lufs) && isfinite (t->after_lufs))
        {
          double y0 = layout_y (&l, t->before_lufs);
          double y1 = layout_y (&l, t->after_lufs);
          GdkRGBA line = *after_color;

          line.alpha *= 0.55f;
          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (x - 1.0, MIN (y0, y1), 2.0, fabs (y1 - y0)));
        }
      if (isfinite (t->before_lufs))
        append_ring (snapshot, x, layout_y (&l, t->before_lufs), l.radius, 1.5, &c.dim);
      if (isfinite (t->after_lufs))
        {
          double y = layout_y (&l, t->after_lufs);

          append_dot (snapshot, x, y, l.radius, after_color);
          /* Not by colour alone: a ring around a track that needs audible limiting */
          if (t->warning)
            append_ring (snapshot, x, y, l.radius + 3.0, 1.5, after_color);
        }
    }
}

static void
lq_loudness_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LqLoudnessChart *self = LQ_LOUDNESS_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = MAX (320, 60 + 36 * (int) self->tracks->len);
    }
  else
    {
      *minimum = 140;
      *natural = 180;
    }
}

/* The column under @x, or GTK_INVALID_LIST_POSITION. */
static guint
lq_loudness_chart_column_at (LqLoudnessChart *self,
                             double           x)
{
  Layout l;
  double column;

  if (self->tracks->len == 0)
    return GTK_INVALID_LIST_POSITION;

  lq_loudness_chart_compute_layout (self, &l);
  column = floor ((x - l.plot_x) / l.column_w);
  if (column < 0 || column >= self->tracks->len)
    return GTK_INVALID_LIST_POSITION;

  return (guint) column;
}

/* "3. Title: -18.0 LUFS before, -14.0 LUFS after (+4.0 dB)…" */
static char *
track_text (const Track *t,
            guint        i,
            const char  *separator)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *before = lq_format_value_with_unit (t->before_lufs, "LUFS");

  g_string_append_printf (s, _("%u. %s"), i + 1, t->name != NULL ? t->name : "");
  if (!isfinite (t->before_lufs))
    {
      g_string_append (s, separator);
      g_string_append (s, _("Not measured"));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }

  g_string_append (s, separator);
  /* Translators: a track's loudness before the match */
  g_string_append_printf (s, _("Before: %s"), before);
  if (isfinite (t->after_lufs))
    {
      g_autofree char *after = lq_format_value_with_unit (t->after_lufs, "LUFS");
      g_autofree char *gain = lq_format_offset (t->gain_db);

      g_string_append (s, separator);
      /* Translators: a track's loudness after the match, and the match's gain */
      g_string_append_printf (s, _("After: %s (gain %s dB)"), after, gain);
      if (t->limiter_db >= 0.05)
        {
          g_autofree char *limiter = lq_format_value (t->limiter_db);

          g_string_append (s, separator);
          if (t->warning)
            /* Translators: the limiter's gain reduction, more than is inaudible */
            g_string_append_printf (s, _("Limiter: %s dB, audible"), limiter);
          else
            /* Translators: the limiter's gain reduction */
            g_string_append_printf (s, _("Limiter: %s dB"), limiter);
        }
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
lq_loudness_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_tooltip,
                                 GtkTooltip *tooltip)
{
  LqLoudnessChart *self = LQ_LOUDNESS_CHART (widget);
  guint column = keyboard_tooltip ? self->selected : lq_loudness_chart_column_at (self, x);
  g_autofree char *text = NULL;

  if (column >= self->tracks->len)
    return FALSE;

  text = track_text (&g_array_index (self->tracks, Track, column), column, "\n");
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            LqLoudnessChart *self)
{
  guint column = lq_loudness_chart_column_at (self, x);

  if (column != GTK_INVALID_LIST_POSITION)
    g_signal_emit (self, signals[TRACK_ACTIVATED], 0, column);
}

static void
lq_loudness_chart_update_description (LqLoudnessChart *self)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n_warnings = 0;

  if (isfinite (self->target_lufs))
    {
      g_autofree char *target = lq_format_value_with_unit (self->target_lufs, "LUFS");

      /* Translators: the chart's description for screen readers starts so */
      g_string_append_printf (s, _("Target %s."), target);
      g_string_append_c (s, ' ');
    }
  if (isfinite (self->album_before_lufs))
    {
      g_autofree char *before = lq_format_value_with_unit (self->album_before_lufs, "LUFS");

      if (isfinite (self->album_after_lufs) && lq_loudness_chart_has_after (self))
        {
          g_autofree char *after = lq_format_value_with_unit (self->album_after_lufs, "LUFS");

          g_string_append_printf (s, _("Album %s before, %s after."), before, after);
        }
      else
        g_string_append_printf (s, _("Album %s."), before);
      g_string_append_c (s, ' ');
    }
  if (self->outdated)
    {
      g_string_append (s, _("Gains changed since the match."));
      g_string_append_c (s, ' ');
    }
  if (self->left_out != NULL)
    {
      g_string_append (s, self->left_out);
      g_string_append (s, ". ");
    }

  for (guint i = 0; i < self->tracks->len; i++)
    {
      const Track *t = &g_array_index (self->tracks, Track, i);
      g_autofree char *text = track_text (t, i, ", ");

      g_string_append (s, text);
      g_string_append (s, ". ");
      n_warnings += t->warning ? 1 : 0;
    }

  if (n_warnings > 0)
    g_string_append_printf (s, ngettext ("%u track needs audible limiting.",
                                         "%u tracks need audible limiting.", n_warnings),
                            n_warnings);
  if (self->tracks->len == 0)
    g_string_append (s, _("No tracks."));

  g_strchomp (s->str);
  g_free (self->description);
  self->description = g_strdup (s->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
lq_loudness_chart_finalize (GObject *object)
{
  LqLoudnessChart *self = (LqLoudnessChart *)object;

  g_clear_pointer (&self->tracks, g_array_unref);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->left_out, g_free);

  G_OBJECT_CLASS (lq_loudness_chart_parent_class)->finalize (object);
}

static void
lq_loudness_chart_class_init (LqLoudnessChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lq_loudness_chart_finalize;

  widget_class->snapshot = lq_loudness_chart_snapshot;
  widget_class->measure = lq_loudness_chart_measure;
  widget_class->query_tooltip = lq_loudness_chart_query_tooltip;

  /**
   * LqLoudnessChart::track-activated:
   * @index: the track's column, 0-based
   *
   * A track's column was clicked.
   */
  signals[TRACK_ACTIVATED] =
    g_signal_new ("track-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "loudnesschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lq_loudness_chart_init (LqLoudnessChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->tracks = g_array_new (FALSE, TRUE, sizeof (Track));
  g_array_set_clear_func (self->tracks, (GDestroyNotify) track_clear);
  self->target_lufs = NAN;
  self->album_before_lufs = NAN;
  self->album_after_lufs = NAN;
  self->selected = GTK_INVALID_LIST_POSITION;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Album Loudness"),
                                  -1);
  lq_loudness_chart_update_description (self);
}

GtkWidget *
lq_loudness_chart_new (void)
{
  return g_object_new (LQ_TYPE_LOUDNESS_CHART, NULL);
}

void
lq_loudness_chart_set_tracks (LqLoudnessChart            *self,
                              const LqLoudnessChartTrack *tracks,
                              guint                       n_tracks,
                              double                      target_lufs,
                              double                      album_before_lufs,
                              double                      album_after_lufs)
{
  g_return_if_fail (LQ_IS_LOUDNESS_CHART (self));
  g_return_if_fail (tracks != NULL || n_tracks == 0);

  g_array_set_size (self->tracks, 0);
  for (guint i = 0; i < n_tracks; i++)
    {
      Track t = {
        .name = g_strdup (tracks[i].name),
        .before_lufs = tracks[i].before_lufs,
        .after_lufs = tracks[i].after_lufs,
        .gain_db = tracks[i].gain_db,
        .limiter_db = tracks[i].limiter_db,
        .warning = tracks[i].warning,
      };

      g_array_append_val (self->tracks, t);
    }
  self->target_lufs = target_lufs;
  self->album_before_lufs = album_before_lufs;
  self->album_after_lufs = album_after_lufs;
  self->outdated = FALSE;
  g_clear_pointer (&self->left_out, g_free);

  lq_loudness_chart_update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The tracks of @plan, named after the tracks of @project. */
static GArray *
lq_loudness_chart_plan_tracks (LqProject   *project,
                               LqMatchPlan *plan)
{
  guint n = lq_match_plan_get_n_tracks (plan);
  GArray *tracks = g_array_sized_new (FALSE, TRUE, sizeof (LqLoudnessChartTrack), n);

  for (guint i = 0; i < n; i++)
    {
      const LqMatchTrack *m = lq_match_plan_get_track (plan, i);
      LqTrack *track = i < lq_project_get_n_tracks (project) ? lq_project_get_track (project, i + 1) : NULL;
      LqLoudnessChartTrack t = {
        .name = track != NULL ? lq_track_get_display_name (track) : NULL,
        .before_lufs = isfinite (m->measured_lufs) ? m->measured_lufs + m->user_gain_db : NAN,
        .after_lufs = m->predicted_lufs,
        .gain_db = m->gain_db,
        .limiter_db = m->limiter_reduction_db,
        .warning = (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING) != 0,
      };

      g_array_append_val (tracks, t);
    }

  return tracks;
}

void
lq_loudness_chart_set_plan (LqLoudnessChart *self,
                            LqProject       *project,
                            LqMatchPlan     *plan)
{
  g_autoptr(GArray) tracks = NULL;

  g_return_if_fail (LQ_IS_LOUDNESS_CHART (self));
  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (LQ_IS_MATCH_PLAN (plan));

  tracks = lq_loudness_chart_plan_tracks (project, plan);
  lq_loudness_chart_set_tracks (self, (LqLoudnessChartTrack *) (void *) tracks->data, tracks->len,
                                lq_match_plan_get_target (plan)->integrated_lufs,
                                lq_match_plan_get_measured_album_lufs (plan),
                                lq_match_plan_get_predicted_album_lufs (plan));
}

/* Says, from the project, which tracks the figures drawn leave out: a
 * track without an analysis has no ring, no dot, and is not in the album's
 * loudness. */
static void
lq_loudness_chart_set_left_out (LqLoudnessChart     *self,
                                LqProject           *project,
                                LqProjectMatchState  state)
{
  g_autofree char *left_out = lq_project_dup_left_out (project);

  g_clear_pointer (&self->left_out, g_free);
  if (left_out == NULL)
    return;
  if (state != LQ_PROJECT_MATCH_NONE)
    /* Translators: %s says which tracks ("Track 3 is missing") */
    self->left_out = g_strdup_printf (_("%s: not in the before and after figures"), left_out);
  else
    /* Translators: %s says which tracks ("Track 3 is missing") */
    self->left_out = g_strdup_printf (_("%s: not in the figures"), left_out);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The project as it is: the project plans it (once per change) and says
 * whether its stored match still holds; the chart only draws that. Without
 * a delivery target there is nothing to plan: each track's loudness as
 * measured (with its gain), and no target, album or "after" lines. */
void
lq_loudness_chart_set_project (LqLoudnessChart *self,
                               LqProject       *project)
{
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(GArray) tracks = NULL;
  LqProjectMatchState state;
  LqDeliveryTarget target;
  double target_lufs = NAN;
  gboolean outdated;
  guint n;

  g_return_if_fail (LQ_IS_LOUDNESS_CHART (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (project == NULL)
    {
      lq_loudness_chart_set_tracks (self, NULL, 0, NAN, NAN, NAN);
      return;
    }

  n = lq_project_get_n_tracks (project);
  if (lq_project_get_effective_target (project, &target))
    target_lufs = target.integrated_lufs;
  state = lq_project_get_match_state (project);
  outdated = state == LQ_PROJECT_MATCH_STALE;

  plan = lq_project_get_match_plan (project);
  if (plan != NULL && lq_match_plan_get_n_tracks (plan) == n)
    {
      tracks = lq_loudness_chart_plan_tracks (project, plan);
      for (guint i = 0; i < tracks->len; i++)
        {
          LqLoudnessChartTrack *t = &g_array_index (tracks, LqLoudnessChartTrack, i);

          if (state == LQ_PROJECT_MATCH_NONE)
            {
              t->after_lufs = NAN;
              t->gain_db = NAN;
              t->limiter_db = 0.0;
              t->warning = FALSE;
              continue;
            }

          /* What the export does: the gains stored, not the fresh plan's
           * (lq-track-view-model.h: the track view predicts the same) */
          if (lq_track_view_match_prediction (project, plan, i + 1, &t->gain_db, &t->after_lufs,
                                              &t->limiter_db))
            t->warning = t->limiter_db > LQ_MATCH_LIMITER_WARNING_DB;
        }
      lq_loudness_chart_set_tracks (self, (LqLoudnessChartTrack *) (void *) tracks->data, tracks->len,
                                    target_lufs,
                                    lq_match_plan_get_measured_album_lufs (plan),
                                    state == LQ_PROJECT_MATCH_CURRENT
                                    ? lq_match_plan_get_predicted_album_lufs (plan) : NAN);
    }
  else
    {
      /* No target, or not every track is measured yet: what there is */
      tracks = g_array_sized_new (FALSE, TRUE, sizeof (LqLoudnessChartTrack), n);
      for (guint p = 1; p <= n; p++)
        {
          LqTrack *track = lq_project_get_track (project, p);
          LqTrackAnalysis *analysis = lq_track_get_analysis (track);
          double gain = 0.0;
          LqLoudnessChartTrack t = {
            .name = lq_track_get_display_name (track),
            .before_lufs = NAN,
            .after_lufs = NAN,
            .gain_db = NAN,
          };

          g_object_get (track, "gain", &gain, NULL);
          if (analysis != NULL)
            t.before_lufs = lq_track_analysis_get_measures (analysis)->integrated_lufs + gain;
          g_array_append_val (tracks, t);
        }
      lq_loudness_chart_set_tracks (self, (LqLoudnessChartTrack *) (void *) tracks->data, tracks->len,
                                    target_lufs, NAN, NAN);
    }

  self->outdated = outdated;
  lq_loudness_chart_set_left_out (self, project, state);
  lq_loudness_chart_update_description (self);
}

guint
lq_loudness_chart_get_n_tracks (LqLoudnessChart *self)
{
  g_return_val_if_fail (LQ_IS_LOUDNESS_CHART (self), 0);

  return self->tracks->len;
}

gboolean
lq_loudness_chart_get_outdated (LqLoudnessChart *self)
{
  g_return_val_if_fail (LQ_IS_LOUDNESS_CHART (self), FALSE);

  return self->outdated;
}

void
lq_loudness_chart_set_selected (LqLoudnessChart *self,
                                guint            selected)
{
  g_return_if_fail (LQ_IS_LOUDNESS_CHART (self));

  if (self->selected == selected)
    return;

  self->selected = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
lq_loudness_chart_get_left_out (LqLoudnessChart *self)
{
  g_return_val_if_fail (LQ_IS_LOUDNESS_CHART (self), NULL);

  return self->left_out;
}

const char *
lq_loudness_chart_get_description (LqLoudnessChart *self)
{
  g_return_val_if_fail (LQ_IS_LOUDNESS_CHART (self), NULL);

  return self->description;
}

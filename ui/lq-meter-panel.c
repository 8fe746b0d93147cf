/* lq-meter-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-format.h"
#include "lq-meter-panel.h"

/* At most this often the bars' accessible values change */
#define ACCESSIBLE_INTERVAL_MS 250
/* Above this the true peak bar turns to the warning colour */
#define TRUE_PEAK_WARNING_DBTP (-1.0)
#define MINUS_INFINITY "−∞"

/* One bar: its scale, its value and (the true peak) its hold. Drawn with
 * colour nodes only. */
#define LQ_TYPE_METER_BAR (lq_meter_bar_get_type ())
G_DECLARE_FINAL_TYPE (LqMeterBar, lq_meter_bar, LQ, METER_BAR, GtkWidget)

struct _LqMeterBar
{
  GtkWidget parent_instance;

  double min;
  double max;
  double origin;     /* the bar grows from here */
  double tick_step;
  double warn_above; /* NAN: never */
  double value;
  double hold;       /* NAN: no hold line */
};

G_DEFINE_FINAL_TYPE (LqMeterBar, lq_meter_bar, GTK_TYPE_WIDGET)

struct _LqMeterPanel
{
  GtkWidget parent_instance;

  GtkWidget *grid;
  LqMeterBar *bars[LQ_METER_N_KINDS];
  GtkLabel *labels[LQ_METER_N_KINDS];

  LqMeterValues values;
  guint accessible_id;
  gboolean accessible_dirty;
};

G_DEFINE_FINAL_TYPE (LqMeterPanel, lq_meter_panel, GTK_TYPE_WIDGET)

typedef struct
{
  const char *name;    /* translatable */
  const char *tooltip; /* translatable */
  double min;
  double max;
  double origin;
  double tick_step;
  double warn_above;
} BarSpec;

static const BarSpec bar_specs[LQ_METER_N_KINDS] = {
  [LQ_METER_MOMENTARY] = { N_("Momentary"), N_("Loudness over the last 400 ms"), -54, 0, -54, 6, NAN },
  [LQ_METER_SHORT_TERM] = { N_("Short-term"), N_("Loudness over the last 3 s"), -54, 0, -54, 6, NAN },
  [LQ_METER_INTEGRATED] = { N_("Integrated"), N_("Loudness since playback started"), -54, 0, -54, 6, NAN },
  [LQ_METER_TRUE_PEAK] = { N_("True Peak"), N_("True peak, with the highest since playback started"),
                           -54, 3, -54, 6, TRUE_PEAK_WARNING_DBTP },
  [LQ_METER_CORRELATION] = { N_("Correlation"), N_("Stereo correlation: 1 is mono, 0 unrelated, -1 out of phase"),
                             -1, 1, 0, 0.5, NAN },
  [LQ_METER_PLR] = { N_("PLR"), N_("Peak to loudness ratio: true peak minus integrated loudness"),
                     0, 24, 0, 3, NAN },
};

/* LqMeterBar */

static double
lq_meter_bar_fraction (LqMeterBar *self,
                       double      value)
{
  if (isnan (value))
    return -1;
  return CLAMP ((value - self->min) / (self->max - self->min), 0.0, 1.0);
}

static void
lq_meter_bar_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LqMeterBar *self = LQ_METER_BAR (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float bar_height = MAX (2.0f, height - 4);
  GdkRGBA fg, trough, tick, fill, warning;
  double origin, value;

  gtk_style_context_get_color (context, &fg);
  trough = fg;
  trough.alpha *= 0.1f;
  tick = fg;
  tick.alpha *= 0.45f;
  if (!gtk_style_context_lookup_color (context, "accent_color", &fill))
    gdk_rgba_parse (&fill, "#1c71d8");
  if (!gtk_style_context_lookup_color (context, "warning_color", &warning))
    gdk_rgba_parse (&warning, "#c64600");

  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, 0, width, bar_height));

  origin = lq_meter_bar_fraction (self, self->origin);
  value = lq_meter_bar_fraction (self, self->value);
  /* Nothing to draw at the bottom of the scale (-inf is silence) */
  if (value >= 0 && (value != origin || self->value == self->origin))
    {
      float x0 = width * MIN (origin, value);
      float x1 = width * MAX (origin, value);
      const GdkRGBA *color = !isnan (self->warn_above) && self->value > self->warn_above ? &warning : &fill;

      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, 0, MAX (1.0f, x1 - x0), bar_height));
    }

  if (!isnan (self->hold) && self->hold > self->min)
    {
      double hold = lq_meter_bar_fraction (self, self->hold);
      const GdkRGBA *color = !isnan (self->warn_above) && self->hold > self->warn_above ? &warning : &fg;

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (CLAMP (width * hold - 1, 0, width - 2), 0, 2, bar_height));
    }

  /* The scale: a tick at every step, below the bar and into it */
  for (double t = self->min; t <= self->max + 1e-9; t += self->tick_step)
    {
      float x = CLAMP (width * lq_meter_bar_fraction (self, t), 0, width - 1);

      gtk_snapshot_append_color (snapshot, &tick,
                                 &GRAPHENE_RECT_INIT (x, bar_height * 0.5f, 1, height - bar_height * 0.5f));
    }
}

static void
lq_meter_bar_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 60;
      *natural = 160;
    }
  else
    {
      *minimum = 10;
      *natural = 12;
    }
}

static void
lq_meter_bar_class_init (LqMeterBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = lq_meter_bar_snapshot;
  widget_class->measure = lq_meter_bar_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
  gtk_widget_class_set_css_name (widget_class, "meterbar");
}

static void
lq_meter_bar_init (LqMeterBar *self)
{
  self->value = NAN;
  self->hold = NAN;
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

static void
lq_meter_bar_set (LqMeterBar *self,
                  double      value,
                  double      hold)
{
  if ((value == self->value || (isnan (value) && isnan (self->value)))
      && (hold == self->hold || (isnan (hold) && isnan (self->hold))))
    return;

  self->value = value;
  self->hold = hold;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* LqMeterPanel */

static char *
lq_meter_panel_format (double      value,
                       int         decimals,
                       const char *unit)
{
  g_autofree char *number = NULL;

  if (isinf (value) && value < 0)
    return g_strdup (MINUS_INFINITY);
  if (!isfinite (value))
    return g_strdup (LQ_FORMAT_NO_VALUE);

  number = lq_format_number (value, decimals);
  if (unit == NULL)
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

static double
lq_meter_panel_value (const LqMeterValues *v,
                      LqMeterKind          kind)
{
  switch (kind)
    {
    case LQ_METER_MOMENTARY: return v->momentary;
    case LQ_METER_SHORT_TERM: return v->short_term;
    case LQ_METER_INTEGRATED: return v->integrated;
    case LQ_METER_TRUE_PEAK: return v->true_peak;
    case LQ_METER_CORRELATION: return v->correlation;
    case LQ_METER_PLR: return v->plr;
    case LQ_METER_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static void
lq_meter_panel_update_accessible (LqMeterPanel *self)
{
  for (guint k = 0; k < LQ_METER_N_KINDS; k++)
    {
      const BarSpec *spec = &bar_specs[k];
      double value = lq_meter_panel_value (&self->values, k);
      g_autofree char *text = lq_meter_panel_dup_text (self, k);
      /* GTK 4.8's AT-SPI bridge gives a value interface to its own range
       * widgets only: the description says the value too */
      /* Translators: a meter's description to screen readers: its value, then what it measures */
      g_autofree char *description = g_strdup_printf (_("%s. %s"), text, _(spec->tooltip));

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->bars[k]),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                      isfinite (value) ? CLAMP (value, spec->min, spec->max) : spec->min,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  self->accessible_dirty = FALSE;
}

static gboolean
lq_meter_panel_accessible_cb (gpointer user_data)
{
  LqMeterPanel *self = user_data;

  if (!self->accessible_dirty)
    {
      self->accessible_id = 0;
      return G_SOURCE_REMOVE;
    }

  lq_meter_panel_update_accessible (self);
  return G_SOURCE_CONTINUE;
}

static void
lq_meter_panel_dispose (GObject *object)
{
  LqMeterPanel *self = LQ_METER_PANEL (object);

  g_clear_handle_id (&self->accessible_id, g_source_remove);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (lq_meter_panel_parent_class)->dispose (object);
}

static void
lq_meter_panel_class_init (LqMeterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_meter_panel_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "meterpanel");
}

static void
lq_meter_panel_init (LqMeterPanel *self)
{
  GtkGrid *grid;

  self->grid = gtk_grid_new ();
  grid = GTK_GRID (self->grid);
  gtk_grid_set_column_spacing (grid, 8);
  gtk_grid_set_row_spacing (grid, 2);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint k = 0; k < LQ_METER_N_KINDS; k++)
    {
      const BarSpec *spec = &bar_specs[k];
      GtkWidget *name = gtk_label_new (_(spec->name));
      GtkWidget *value = gtk_label_new (NULL);
      LqMeterBar *bar = g_object_new (LQ_TYPE_METER_BAR, NULL);

      bar->min = spec->min;
      bar->max = spec->max;
      bar->origin = spec->origin;
      bar->tick_step = spec->tick_step;
      bar->warn_above = spec->warn_above;
      gtk_widget_set_tooltip_text (GTK_WIDGET (bar), _(spec->tooltip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(spec->name),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(spec->tooltip),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, spec->min,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, spec->max,
                                      -1);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "caption");
      gtk_widget_add_css_class (name, "dim-label");
      /* The bar says its value to assistive technologies, at a pace they
       * can follow; the figures beside it change with every snapshot */
      gtk_accessible_update_state (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_label_set_width_chars (GTK_LABEL (value), 10);
      gtk_widget_add_css_class (value, "caption");
      gtk_widget_add_css_class (value, "numeric");
      gtk_accessible_update_state (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

      gtk_grid_attach (grid, name, 0, k, 1, 1);
      gtk_grid_attach (grid, GTK_WIDGET (bar), 1, k, 1, 1);
      gtk_grid_attach (grid, value, 2, k, 1, 1);
      self->bars[k] = bar;
      self->labels[k] = GTK_LABEL (value);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Meters"),
                                  -1);
  lq_meter_panel_clear (self);
}

void
lq_meter_values_init (LqMeterValues *values)
{
  g_return_if_fail (values != NULL);

  values->momentary = NAN;
  values->short_term = NAN;
  values->integrated = NAN;
  values->true_peak = NAN;
  values->true_peak_hold = NAN;
  values->correlation = NAN;
  values->plr = NAN;
}

GtkWidget *
lq_meter_panel_new (void)
{
  return g_object_new (LQ_TYPE_METER_PANEL, NULL);
}

void
lq_meter_panel_set_values (LqMeterPanel        *self,
                           const LqMeterValues *values)
{
  g_return_if_fail (LQ_IS_METER_PANEL (self));
  g_return_if_fail (values != NULL);

  self->values = *values;

  for (guint k = 0; k < LQ_METER_N_KINDS; k++)
    {
      g_autofree char *text = lq_meter_panel_dup_text (self, k);

      lq_meter_bar_set (self->bars[k], lq_meter_panel_value (values, k),
                        k == LQ_METER_TRUE_PEAK ? values->true_peak_hold : NAN);
      gtk_label_set_label (self->labels[k], text);
    }

  /* Now if the last update is long enough ago, else when it is */
  self->accessible_dirty = TRUE;
  if (self->accessible_id == 0)
    {
      lq_meter_panel_update_accessible (self);
      self->accessible_id = g_timeout_add (ACCESSIBLE_INTERVAL_MS, lq_meter_panel_accessible_cb, self);
    }
}

void
lq_meter_panel_get_values (LqMeterPanel  *self,
                           LqMeterValues *values)
{
  g_return_if_fail (LQ_IS_METER_PANEL (self));
  g_return_if_fail (values != NULL);

  *values = self->values;
}

void
lq_meter_panel_clear (LqMeterPanel *self)
{
  LqMeterValues values;

  g_return_if_fail (LQ_IS_METER_PANEL (self));

  lq_meter_values_init (&values);
  lq_meter_panel_set_values (self, &values);
}

char *
lq_meter_panel_dup_text (LqMeterPanel *self,
                         LqMeterKind   kind)
{
  const LqMeterValues *v;

  g_return_val_if_fail (LQ_IS_METER_PANEL (self), NULL);
  g_return_val_if_fail (kind < LQ_METER_N_KINDS, NULL);

  v = &self->values;
  switch (kind)
    {
    case LQ_METER_MOMENTARY:
    case LQ_METER_SHORT_TERM:
    case LQ_METER_INTEGRATED:
      return lq_meter_panel_format (lq_meter_panel_value (v, kind), 1, "LUFS");
    case LQ_METER_TRUE_PEAK:
      {
        g_autofree char *peak = lq_meter_panel_format (v->true_peak, 1, "dBTP");
        g_autofree char *hold = lq_meter_panel_format (v->true_peak_hold, 1, NULL);

        if (isnan (v->true_peak_hold))
          return g_steal_pointer (&peak);
        /* Translators: the true peak meter: "-1.2 dBTP (hold -0.8)" */
        return g_strdup_printf (_("%s (hold %s)"), peak, hold);
      }
    case LQ_METER_CORRELATION:
      return lq_meter_panel_format (v->correlation, 2, NULL);
    case LQ_METER_PLR:
      return lq_meter_panel_format (v->plr, 1, "dB");
    case LQ_METER_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

GtkWidget *
lq_meter_panel_get_bar (LqMeterPanel *self,
                        LqMeterKind   kind)
{
  g_return_val_if_fail (LQ_IS_METER_PANEL (self), NULL);
  g_return_val_if_fail (kind < LQ_METER_N_KINDS, NULL);

  return GTK_WIDGET (self->bars[kind]);
}

/* lq-monitor-section.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-monitor-section.h"

enum {
  PROP_0,
  PROP_MONO,
  PROP_SIDE,
  PROP_POLARITY,
  PROP_SWAP,
  PROP_DIM,
  PROP_ANY,
  N_PROPS
};

#define N_FLAGS (PROP_DIM - PROP_MONO + 1)

struct _LqMonitorSection
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *buttons[N_FLAGS];
  gboolean flags[N_FLAGS];
};

G_DEFINE_FINAL_TYPE (LqMonitorSection, lq_monitor_section, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *label;   /* translatable */
  const char *tooltip; /* translatable */
} flag_info[N_FLAGS] = {
  { "mono", N_("_Mono"), N_("Both channels summed: hear what a mono speaker plays") },
  { "side", N_("_Side"), N_("Only the difference between the channels") },
  { "polarity", N_("_Polarity Inverted"), N_("Turn the signal upside down") },
  { "swap", N_("S_wap Left and Right"), N_("Left in the right speaker, right in the left") },
  { "dim", N_("_Dim"), N_("Quieter, for talking over the music") },
};

static void
lq_monitor_section_set_index (LqMonitorSection *self,
                              guint             i,
                              gboolean          active)
{
  gboolean any_before = lq_monitor_section_get_any (self);

  active = !!active;
  if (self->flags[i] == active)
    return;

  self->flags[i] = active;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->buttons[i]), active);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONO + i]);
  if (any_before != lq_monitor_section_get_any (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANY]);
}

static void
lq_monitor_section_toggled_cb (LqMonitorSection *self,
                               GtkCheckButton   *button)
{
  for (guint i = 0; i < N_FLAGS; i++)
    if (self->buttons[i] == GTK_WIDGET (button))
      lq_monitor_section_set_index (self, i, gtk_check_button_get_active (button));
}

static void
lq_monitor_section_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LqMonitorSection *self = LQ_MONITOR_SECTION (object);

  if (prop_id >= PROP_MONO && prop_id <= PROP_DIM)
    g_value_set_boolean (value, self->flags[prop_id - PROP_MONO]);
  else if (prop_id == PROP_ANY)
    g_value_set_boolean (value, lq_monitor_section_get_any (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lq_monitor_section_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LqMonitorSection *self = LQ_MONITOR_SECTION (object);

  if (prop_id >= PROP_MONO && prop_id <= PROP_DIM)
    lq_monitor_section_set_index (self, prop_id - PROP_MONO, g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lq_monitor_section_dispose (GObject *object)
{
  LqMonitorSection *self = LQ_MONITOR_SECTION (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lq_monitor_section_parent_class)->dispose (object);
}

static void
lq_monitor_section_class_init (LqMonitorSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_monitor_section_dispose;
  object_class->get_property = lq_monitor_section_get_property;
  object_class->set_property = lq_monitor_section_set_property;

  for (guint i = 0; i < N_FLAGS; i++)
    properties[PROP_MONO + i] =
      g_param_spec_boolean (flag_info[i].name, NULL, NULL,
                            FALSE,
                            (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Any of them on */
  properties[PROP_ANY] =
    g_param_spec_boolean ("any", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "monitorsection");
}

static void
lq_monitor_section_init (LqMonitorSection *self)
{
  GtkWidget *heading = gtk_label_new (_("Monitor"));
  GtkWidget *note = gtk_label_new (_("These change what you hear only, never the export."));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->box), heading);

  for (guint i = 0; i < N_FLAGS; i++)
    {
      GtkWidget *button = gtk_check_button_new_with_mnemonic (_(flag_info[i].label));

      gtk_widget_set_name (button, flag_info[i].name);
      gtk_widget_set_tooltip_text (button, _(flag_info[i].tooltip));
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (lq_monitor_section_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->box), button);
      self->buttons[i] = button;
    }

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 30);
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (self->box), note);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Monitor"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("These change what you hear only, never the export."),
                                  -1);
}

GtkWidget *
lq_monitor_section_new (void)
{
  return g_object_new (LQ_TYPE_MONITOR_SECTION, NULL);
}

gboolean
lq_monitor_section_get_flag (LqMonitorSection *self,
                             const char       *name)
{
  g_return_val_if_fail (LQ_IS_MONITOR_SECTION (self), FALSE);

  for (guint i = 0; i < N_FLAGS; i++)
    if (g_strcmp0 (flag_info[i].name, name) == 0)
      return self->flags[i];

  g_return_val_if_reached (FALSE);
}

void
lq_monitor_section_set_flag (LqMonitorSection *self,
                             const char       *name,
                             gboolean          active)
{
  g_return_if_fail (LQ_IS_MONITOR_SECTION (self));

  for (guint i = 0; i < N_FLAGS; i++)
    if (g_strcmp0 (flag_info[i].name, name) == 0)
      {
        lq_monitor_section_set_index (self, i, active);
        return;
      }

  g_return_if_reached ();
}

gboolean
lq_monitor_section_get_any (LqMonitorSection *self)
{
  g_return_val_if_fail (LQ_IS_MONITOR_SECTION (self), FALSE);

  for (guint i = 0; i < N_FLAGS; i++)
    if (self->flags[i])
      return TRUE;
  return FALSE;
}

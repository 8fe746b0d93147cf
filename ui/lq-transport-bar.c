/* lq-transport-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lq-format.h"
#include "lq-transport-bar.h"

struct _LqTransportBar
{
  GtkWidget parent_instance;

  /* Template children */
  GtkWidget *box;
  GtkWidget *play_button;
  GtkWidget *stop_button;
  GtkLabel *time_label;
  GtkLabel *title_label;
  GtkDropDown *mode_dropdown;
  GtkSpinButton *crossfade_spin;
  GtkWidget *source_box;
  GtkToggleButton *mix_toggle;
  GtkToggleButton *master_toggle;
  GtkToggleButton *reference_toggle;
  GtkDropDown *reference_dropdown;
  GtkToggleButton *loop_toggle;
  GtkWidget *monitor_button;
  LqMonitorSection *monitor_section;

  gboolean playing;
  double position;
  double length;
  char *track_title;
  char *time_text;
  LqTransportSource source;
  double gains[LQ_TRANSPORT_N_SOURCES];
  LqTransportMatchMode mode;
  double crossfade_ms;
  gboolean loop_active;
  gboolean can_play;
  gboolean has_master;
  gboolean has_reference;
  char *reference_name;   /* the Reference button's name instead, or NULL */
};

G_DEFINE_FINAL_TYPE (LqTransportBar, lq_transport_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_POSITION,
  PROP_LENGTH,
  PROP_TRACK_TITLE,
  PROP_SOURCE,
  PROP_MIX_GAIN,
  PROP_MASTER_GAIN,
  PROP_REFERENCE_GAIN,
  PROP_MODE,
  PROP_CROSSFADE_MS,
  PROP_LOOP_ACTIVE,
  PROP_CAN_PLAY,
  PROP_HAS_MASTER,
  PROP_HAS_REFERENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PLAY_PAUSE,
  STOP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *source_names[LQ_TRANSPORT_N_SOURCES] = {
  N_("Mix"),
  N_("Master"),
  N_("Reference"),
};

static GtkToggleButton *
lq_transport_bar_source_toggle (LqTransportBar    *self,
                                LqTransportSource  source)
{
  switch (source)
    {
    case LQ_TRANSPORT_SOURCE_MIX: return self->mix_toggle;
    case LQ_TRANSPORT_SOURCE_MASTER: return self->master_toggle;
    case LQ_TRANSPORT_SOURCE_REFERENCE: return self->reference_toggle;
    case LQ_TRANSPORT_N_SOURCES:
    default:
      g_assert_not_reached ();
    }
}

static void
lq_transport_bar_update_time (LqTransportBar *self)
{
  g_autofree char *position = lq_transport_bar_format_time (self->position);
  g_autofree char *length = lq_transport_bar_format_time (self->length);
  g_autofree char *text = g_strdup_printf ("%s / %s", position, length);

  /* Only when what it says changes: a tenth of a second */
  if (g_strcmp0 (text, self->time_text) == 0)
    return;

  g_free (self->time_text);
  self->time_text = g_steal_pointer (&text);
  gtk_label_set_label (self->time_label, self->time_text);
}

static void
lq_transport_bar_update_sources (LqTransportBar *self)
{
  for (guint s = 0; s < LQ_TRANSPORT_N_SOURCES; s++)
    {
      g_autofree char *label = lq_transport_bar_dup_source_label (self, s);

      gtk_button_set_label (GTK_BUTTON (lq_transport_bar_source_toggle (self, s)), label);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->master_toggle), self->has_master);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reference_toggle), self->has_reference);
}

static void
lq_transport_bar_update_playing (LqTransportBar *self)
{
  GtkWidget *button = self->play_button;

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            self->playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (button, self->playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->playing ? _("Pause") : _("Play"),
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.play-pause", self->can_play);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.stop", self->can_play);
}

static void
lq_transport_bar_play_pause_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[PLAY_PAUSE], 0);
}

static void
lq_transport_bar_stop_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_signal_emit (widget, signals[STOP], 0);
}

static void
lq_transport_bar_source_toggled_cb (LqTransportBar  *self,
                                    GtkToggleButton *toggle)
{
  if (!gtk_toggle_button_get_active (toggle))
    return;

  for (guint s = 0; s < LQ_TRANSPORT_N_SOURCES; s++)
    if (lq_transport_bar_source_toggle (self, s) == toggle)
      lq_transport_bar_set_source (self, s);
}

static void
lq_transport_bar_mode_cb (LqTransportBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->mode_dropdown);

  if (selected < LQ_TRANSPORT_N_MATCH_MODES)
    lq_transport_bar_set_mode (self, selected);
}

static void
lq_transport_bar_crossfade_cb (LqTransportBar *self)
{
  lq_transport_bar_set_crossfade_ms (self, gtk_spin_button_get_value (self->crossfade_spin));
}

static void
lq_transport_bar_loop_cb (LqTransportBar *self)
{
  lq_transport_bar_set_loop_active (self, gtk_toggle_button_get_active (self->loop_toggle));
}

static void
lq_transport_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LqTransportBar *self = LQ_TRANSPORT_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_LENGTH:
      g_value_set_double (value, self->length);
      break;
    case PROP_TRACK_TITLE:
      g_value_set_string (value, self->track_title);
      break;
    case PROP_SOURCE:
      g_value_set_uint (value, self->source);
      break;
    case PROP_MIX_GAIN:
    case PROP_MASTER_GAIN:
    case PROP_REFERENCE_GAIN:
      g_value_set_double (value, self->gains[prop_id - PROP_MIX_GAIN]);
      break;
    case PROP_MODE:
      g_value_set_uint (value, self->mode);
      break;
    case PROP_CROSSFADE_MS:
      g_value_set_double (value, self->crossfade_ms);
      break;
    case PROP_LOOP_ACTIVE:
      g_value_set_boolean (value, self->loop_active);
      break;
    case PROP_CAN_PLAY:
      g_value_set_boolean (value, self->can_play);
      break;
    case PROP_HAS_MASTER:
      g_value_set_boolean (value, self->has_master);
      break;
    case PROP_HAS_REFERENCE:
      g_value_set_boolean (value, self->has_reference);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_transport_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LqTransportBar *self = LQ_TRANSPORT_BAR (object);
  double gains[LQ_TRANSPORT_N_SOURCES];

  switch (prop_id)
    {
    case PROP_PLAYING:
      lq_transport_bar_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_POSITION:
      lq_transport_bar_set_position (self, g_value_get_double (value));
      break;
    case PROP_LENGTH:
      lq_transport_bar_set_length (self, g_value_get_double (value));
      break;
    case PROP_TRACK_TITLE:
      lq_transport_bar_set_track_title (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      lq_transport_bar_set_source (self, g_value_get_uint (value));
      break;
    case PROP_MIX_GAIN:
    case PROP_MASTER_GAIN:
    case PROP_REFERENCE_GAIN:
      memcpy (gains, self->gains, sizeof gains);
      gains[prop_id - PROP_MIX_GAIN] = g_value_get_double (value);
      lq_transport_bar_set_gains (self, gains[0], gains[1], gains[2]);
      break;
    case PROP_MODE:
      lq_transport_bar_set_mode (self, g_value_get_uint (value));
      break;
    case PROP_CROSSFADE_MS:
      lq_transport_bar_set_crossfade_ms (self, g_value_get_double (value));
      break;
    case PROP_LOOP_ACTIVE:
      lq_transport_bar_set_loop_active (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_PLAY:
      lq_transport_bar_set_can_play (self, g_value_get_boolean (value));
      break;
    case PROP_HAS_MASTER:
      lq_transport_bar_set_has_master (self, g_value_get_boolean (value));
      break;
    case PROP_HAS_REFERENCE:
      lq_transport_bar_set_has_reference (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_transport_bar_dispose (GObject *object)
{
  LqTransportBar *self = LQ_TRANSPORT_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_TRANSPORT_BAR);

  G_OBJECT_CLASS (lq_transport_bar_parent_class)->dispose (object);
}

static void
lq_transport_bar_finalize (GObject *object)
{
  LqTransportBar *self = LQ_TRANSPORT_BAR (object);

  g_free (self->track_title);
  g_free (self->time_text);
  g_free (self->reference_name);

  G_OBJECT_CLASS (lq_transport_bar_parent_class)->finalize (object);
}

static GParamSpec *
gain_pspec (const char *name)
{
  return g_param_spec_double (name, NULL, NULL,
                              -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_pspec (const char *name,
               gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL,
                               default_value,
                               (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
lq_transport_bar_class_init (LqTransportBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_transport_bar_dispose;
  object_class->finalize = lq_transport_bar_finalize;
  object_class->get_property = lq_transport_bar_get_property;
  object_class->set_property = lq_transport_bar_set_property;

  properties[PROP_PLAYING] = boolean_pspec ("playing", FALSE);
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LENGTH] =
    g_param_spec_double ("length", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TRACK_TITLE] =
    g_param_spec_string ("track-title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* An LqTransportSource */
  properties[PROP_SOURCE] =
    g_param_spec_uint ("source", NULL, NULL,
                       0, LQ_TRANSPORT_N_SOURCES - 1, LQ_TRANSPORT_SOURCE_MIX,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MIX_GAIN] = gain_pspec ("mix-gain");
  properties[PROP_MASTER_GAIN] = gain_pspec ("master-gain");
  properties[PROP_REFERENCE_GAIN] = gain_pspec ("reference-gain");
  /* An LqTransportMatchMode */
  properties[PROP_MODE] =
    g_param_spec_uint ("mode", NULL, NULL,
                       0, LQ_TRANSPORT_N_MATCH_MODES - 1, LQ_TRANSPORT_MATCH_INTEGRATED,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CROSSFADE_MS] =
    g_param_spec_double ("crossfade-ms", NULL, NULL,
                         0, LQ_TRANSPORT_CROSSFADE_MAX_MS, 20,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOOP_ACTIVE] = boolean_pspec ("loop-active", FALSE);
  properties[PROP_CAN_PLAY] = boolean_pspec ("can-play", FALSE);
  properties[PROP_HAS_MASTER] = boolean_pspec ("has-master", TRUE);
  properties[PROP_HAS_REFERENCE] = boolean_pspec ("has-reference", FALSE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The play/pause button: play if paused, pause if playing */
  signals[PLAY_PAUSE] =
    g_signal_new ("play-pause",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[STOP] =
    g_signal_new ("stop",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "transport.play-pause", NULL, lq_transport_bar_play_pause_action);
  gtk_widget_class_install_action (widget_class, "transport.stop", NULL, lq_transport_bar_stop_action);

  g_type_ensure (LQ_TYPE_MONITOR_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-transport-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, box);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, crossfade_spin);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, source_box);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, mix_toggle);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, master_toggle);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, reference_toggle);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, reference_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, loop_toggle);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, monitor_button);
  gtk_widget_class_bind_template_child (widget_class, LqTransportBar, monitor_section);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
  gtk_widget_class_set_css_name (widget_class, "transportbar");
}

static void
lq_transport_bar_init (LqTransportBar *self)
{
  self->position = 0;
  self->length = 0;
  self->crossfade_ms = 20;
  self->has_master = TRUE;
  for (guint s = 0; s < LQ_TRANSPORT_N_SOURCES; s++)
    self->gains[s] = NAN;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_spin_button_set_value (self->crossfade_spin, self->crossfade_ms);
  g_signal_connect_swapped (self->mix_toggle, "toggled", G_CALLBACK (lq_transport_bar_source_toggled_cb), self);
  g_signal_connect_swapped (self->master_toggle, "toggled", G_CALLBACK (lq_transport_bar_source_toggled_cb), self);
  g_signal_connect_swapped (self->reference_toggle, "toggled", G_CALLBACK (lq_transport_bar_source_toggled_cb), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (lq_transport_bar_mode_cb), self);
  g_signal_connect_swapped (self->crossfade_spin, "value-changed", G_CALLBACK (lq_transport_bar_crossfade_cb), self);
  g_signal_connect_swapped (self->loop_toggle, "toggled", G_CALLBACK (lq_transport_bar_loop_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Playback"),
                                  -1);
  lq_transport_bar_update_time (self);
  lq_transport_bar_update_sources (self);
  lq_transport_bar_update_playing (self);
  lq_transport_bar_set_track_title (self, NULL);
}

GtkWidget *
lq_transport_bar_new (void)
{
  return g_object_new (LQ_TYPE_TRANSPORT_BAR, NULL);
}

char *
lq_transport_bar_format_time (double seconds)
{
  gint64 tenths, minutes;

  if (!isfinite (seconds) || seconds < 0 || seconds > 1e9)
    return g_strdup (LQ_FORMAT_NO_VALUE);

  tenths = (gint64) floor (seconds * 10 + 1e-6);
  minutes = tenths / 600;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d.%d",
                          minutes, (int) (tenths % 600) / 10, (int) (tenths % 10));
}

void
lq_transport_bar_set_playing (LqTransportBar *self,
                              gboolean        playing)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  playing = !!playing;
  if (self->playing == playing)
    return;

  self->playing = playing;
  lq_transport_bar_update_playing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
lq_transport_bar_get_playing (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), FALSE);

  return self->playing;
}

void
lq_transport_bar_set_position (LqTransportBar *self,
                               double          position)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  position = isfinite (position) ? MAX (position, 0.0) : 0.0;
  if (self->position == position)
    return;

  self->position = position;
  lq_transport_bar_update_time (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
lq_transport_bar_get_position (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), 0);

  return self->position;
}

void
lq_transport_bar_set_length (LqTransportBar *self,
                             double          length)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  length = isfinite (length) ? MAX (length, 0.0) : 0.0;
  if (self->length == length)
    return;

  self->length = length;
  lq_transport_bar_update_time (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

double
lq_transport_bar_get_length (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), 0);

  return self->length;
}

void
lq_transport_bar_set_track_title (LqTransportBar *self,
                                  const char     *title)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  if (g_strcmp0 (self->track_title, title) != 0)
    {
      g_free (self->track_title);
      self->track_title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK_TITLE]);
    }

  gtk_label_set_label (self->title_label, title != NULL ? title : _("Nothing to play"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
}

const char *
lq_transport_bar_get_track_title (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);

  return self->track_title;
}

void
lq_transport_bar_set_source (LqTransportBar    *self,
                             LqTransportSource  source)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));
  g_return_if_fail (source < LQ_TRANSPORT_N_SOURCES);

  gtk_toggle_button_set_active (lq_transport_bar_source_toggle (self, source), TRUE);
  if (self->source == source)
    return;

  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

LqTransportSource
lq_transport_bar_get_source (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), LQ_TRANSPORT_SOURCE_MIX);

  return self->source;
}

static gboolean
same_double (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

void
lq_transport_bar_set_gains (LqTransportBar *self,
                            double          mix_db,
                            double          master_db,
                            double          reference_db)
{
  double gains[LQ_TRANSPORT_N_SOURCES] = { mix_db, master_db, reference_db };
  gboolean changed = FALSE;

  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint s = 0; s < LQ_TRANSPORT_N_SOURCES; s++)
    if (!same_double (self->gains[s], gains[s]))
      {
        self->gains[s] = gains[s];
        changed = TRUE;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIX_GAIN + s]);
      }
  if (changed)
    lq_transport_bar_update_sources (self);
  g_object_thaw_notify (G_OBJECT (self));
}

double
lq_transport_bar_get_gain (LqTransportBar    *self,
                           LqTransportSource  source)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NAN);
  g_return_val_if_fail (source < LQ_TRANSPORT_N_SOURCES, NAN);

  return self->gains[source];
}

void
lq_transport_bar_set_mode (LqTransportBar       *self,
                           LqTransportMatchMode  mode)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));
  g_return_if_fail (mode < LQ_TRANSPORT_N_MATCH_MODES);

  if (gtk_drop_down_get_selected (self->mode_dropdown) != mode)
    gtk_drop_down_set_selected (self->mode_dropdown, mode);
  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

LqTransportMatchMode
lq_transport_bar_get_mode (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), LQ_TRANSPORT_MATCH_INTEGRATED);

  return self->mode;
}

void
lq_transport_bar_set_crossfade_ms (LqTransportBar *self,
                                   double          ms)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  ms = isfinite (ms) ? CLAMP (ms, 0.0, LQ_TRANSPORT_CROSSFADE_MAX_MS) : 0.0;
  if (gtk_spin_button_get_value (self->crossfade_spin) != ms)
    gtk_spin_button_set_value (self->crossfade_spin, ms);
  if (self->crossfade_ms == ms)
    return;

  self->crossfade_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROSSFADE_MS]);
}

double
lq_transport_bar_get_crossfade_ms (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), 0);

  return self->crossfade_ms;
}

void
lq_transport_bar_set_loop_active (LqTransportBar *self,
                                  gboolean        active)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  active = !!active;
  gtk_toggle_button_set_active (self->loop_toggle, active);
  if (self->loop_active == active)
    return;

  self->loop_active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP_ACTIVE]);
}

gboolean
lq_transport_bar_get_loop_active (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), FALSE);

  return self->loop_active;
}

void
lq_transport_bar_set_can_play (LqTransportBar *self,
                               gboolean        can_play)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  can_play = !!can_play;
  if (self->can_play == can_play)
    return;

  self->can_play = can_play;
  lq_transport_bar_update_playing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PLAY]);
}

gboolean
lq_transport_bar_get_can_play (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), FALSE);

  return self->can_play;
}

void
lq_transport_bar_set_has_master (LqTransportBar *self,
                                 gboolean        has_master)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  has_master = !!has_master;
  if (self->has_master == has_master)
    return;

  self->has_master = has_master;
  lq_transport_bar_update_sources (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MASTER]);
}

void
lq_transport_bar_set_has_reference (LqTransportBar *self,
                                    gboolean        has_reference)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  has_reference = !!has_reference;
  if (self->has_reference == has_reference)
    return;

  self->has_reference = has_reference;
  lq_transport_bar_update_sources (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_REFERENCE]);
}

void
lq_transport_bar_set_reference_name (LqTransportBar *self,
                                     const char     *name)
{
  g_return_if_fail (LQ_IS_TRANSPORT_BAR (self));

  if (g_strcmp0 (self->reference_name, name) == 0)
    return;
  g_free (self->reference_name);
  self->reference_name = g_strdup (name);
  lq_transport_bar_update_sources (self);
}

const char *
lq_transport_bar_get_reference_name (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);

  return self->reference_name;
}

GtkDropDown *
lq_transport_bar_get_reference_dropdown (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);

  return self->reference_dropdown;
}

LqMonitorSection *
lq_transport_bar_get_monitor_section (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);

  return self->monitor_section;
}

char *
lq_transport_bar_dup_source_label (LqTransportBar    *self,
                                   LqTransportSource  source)
{
  g_autofree char *gain = NULL;
  const char *name;

  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);
  g_return_val_if_fail (source < LQ_TRANSPORT_N_SOURCES, NULL);

  name = source == LQ_TRANSPORT_SOURCE_REFERENCE && self->reference_name != NULL
         ? self->reference_name : _(source_names[source]);
  if (!isfinite (self->gains[source]))
    return g_strdup (name);

  gain = lq_format_offset (self->gains[source]);
  /* Translators: a source and the gain that matches its loudness: "Master -2.1 dB" */
  return g_strdup_printf (_("%s %s dB"), name, gain);
}

const char *
lq_transport_bar_get_time_text (LqTransportBar *self)
{
  g_return_val_if_fail (LQ_IS_TRANSPORT_BAR (self), NULL);

  return self->time_text;
}

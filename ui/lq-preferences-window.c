/* lq-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-preferences-window.h"

struct _LqPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template children */
  AdwComboRow *device_row;
  AdwComboRow *buffer_row;
  GtkSpinButton *crossfade_spin;

  GSettings *settings;
  /* The device names the combo row offers after "Default" */
  GPtrArray *devices;
  /* The caller's list of device names, followed */
  GListModel *device_model;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (LqPreferencesWindow, lq_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

const guint lq_preferences_buffer_sizes[6] = { 64, 128, 256, 512, 1024, 2048 };

static void
lq_preferences_window_device_cb (LqPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->device_row);
  const char *name = "";

  if (self->loading || self->settings == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->devices->len)
    name = g_ptr_array_index (self->devices, selected - 1);
  g_settings_set_string (self->settings, "playback-device", name);
}

static void
lq_preferences_window_buffer_cb (LqPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->buffer_row);

  if (self->loading || self->settings == NULL || selected >= G_N_ELEMENTS (lq_preferences_buffer_sizes))
    return;
  g_settings_set_uint (self->settings, "playback-buffer", lq_preferences_buffer_sizes[selected]);
}

static void
lq_preferences_window_crossfade_cb (LqPreferencesWindow *self)
{
  if (self->loading || self->settings == NULL)
    return;
  g_settings_set_double (self->settings, "crossfade-ms", gtk_spin_button_get_value (self->crossfade_spin));
}

/* The device row: "Default", then the devices the model lists, then the
 * device chosen before when it is not there now */
static void
lq_preferences_window_fill_devices (LqPreferencesWindow *self)
{
  GListModel *devices = self->device_model;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *device = NULL;
  guint device_index = 0;
  gboolean loading = self->loading;

  self->loading = TRUE;
  g_ptr_array_set_size (self->devices, 0);
  gtk_string_list_append (names, _("Default"));
  for (guint i = 0; devices != NULL && i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (devices, i);
      const char *name = gtk_string_object_get_string (item);

      g_ptr_array_add (self->devices, g_strdup (name));
      gtk_string_list_append (names, name);
    }

  /* The device chosen before, even when it is not connected now */
  device = self->settings != NULL ? g_settings_get_string (self->settings, "playback-device") : g_strdup ("");
  if (device[0] != '\0')
    {
      for (guint i = 0; i < self->devices->len && device_index == 0; i++)
        if (g_strcmp0 (g_ptr_array_index (self->devices, i), device) == 0)
          device_index = i + 1;
      if (device_index == 0)
        {
          /* Translators: the output device chosen before, which is not there now */
          g_autofree char *missing = g_strdup_printf (_("%s (not connected)"), device);

          g_ptr_array_add (self->devices, g_strdup (device));
          gtk_string_list_append (names, missing);
          device_index = self->devices->len;
        }
    }
  adw_combo_row_set_model (self->device_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->device_row, device_index);
  self->loading = loading;
}

/* The player listed the devices again (a new helper) */
static void
lq_preferences_window_devices_changed_cb (LqPreferencesWindow *self)
{
  lq_preferences_window_fill_devices (self);
}

static void
lq_preferences_window_dispose (GObject *object)
{
  LqPreferencesWindow *self = LQ_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_object (&self->device_model);

  G_OBJECT_CLASS (lq_preferences_window_parent_class)->dispose (object);
}

static void
lq_preferences_window_class_init (LqPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LqPreferencesWindow, device_row);
  gtk_widget_class_bind_template_child (widget_class, LqPreferencesWindow, buffer_row);
  gtk_widget_class_bind_template_child (widget_class, LqPreferencesWindow, crossfade_spin);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lq_preferences_window_init (LqPreferencesWindow *self)
{
  g_autoptr(GtkStringList) buffers = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->devices = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (lq_preferences_buffer_sizes); i++)
    {
      /* Translators: an output buffer size: "512 frames" */
      g_autofree char *label = g_strdup_printf (_("%u frames"), lq_preferences_buffer_sizes[i]);

      gtk_string_list_append (buffers, label);
    }
  adw_combo_row_set_model (self->buffer_row, G_LIST_MODEL (buffers));
}

LqPreferencesWindow *
lq_preferences_window_new (GtkWindow  *parent,
                           GSettings  *settings,
                           GListModel *devices)
{
  LqPreferencesWindow *self;
  guint buffer;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (devices == NULL || G_IS_LIST_MODEL (devices), NULL);

  self = g_object_new (LQ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  if (settings != NULL)
    self->settings = g_object_ref (settings);

  self->loading = TRUE;
  if (devices != NULL)
    {
      self->device_model = g_object_ref (devices);
      g_signal_connect_object (devices, "items-changed", G_CALLBACK (lq_preferences_window_devices_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  lq_preferences_window_fill_devices (self);

  buffer = settings != NULL ? g_settings_get_uint (settings, "playback-buffer") : 512;
  adw_combo_row_set_selected (self->buffer_row, 3);
  for (guint i = 0; i < G_N_ELEMENTS (lq_preferences_buffer_sizes); i++)
    if (lq_preferences_buffer_sizes[i] == buffer)
      adw_combo_row_set_selected (self->buffer_row, i);

  gtk_spin_button_set_value (self->crossfade_spin,
                             settings != NULL ? g_settings_get_double (settings, "crossfade-ms") : 20);

  self->loading = FALSE;
  g_signal_connect_swapped (self->device_row, "notify::selected", G_CALLBACK (lq_preferences_window_device_cb), self);
  g_signal_connect_swapped (self->buffer_row, "notify::selected", G_CALLBACK (lq_preferences_window_buffer_cb), self);
  g_signal_connect_swapped (self->crossfade_spin, "value-changed", G_CALLBACK (lq_preferences_window_crossfade_cb), self);

  return self;
}

/* lq-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-application.h"
#include "lq-preferences-window.h"
#include "lq-window.h"
#include "lq-window-player.h"

struct _LqApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LqApplication, lq_application, ADW_TYPE_APPLICATION)

static LqWindow *
lq_application_get_or_create_window (LqApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (LQ_IS_WINDOW (window))
    return LQ_WINDOW (window);

  return lq_window_new (GTK_APPLICATION (self));
}

static void
lq_application_activate (GApplication *app)
{
  LqWindow *window = lq_application_get_or_create_window (LQ_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
lq_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LqWindow *window = lq_application_get_or_create_window (LQ_APPLICATION (app));
  g_autoptr(GPtrArray) audio = g_ptr_array_new ();
  gboolean opened_project = FALSE;

  /* Album projects open as projects (the first here, any more in windows of
   * their own); audio files are analysed as before, when no project is given */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL || !g_str_has_suffix (path, ".lacquer"))
        {
          g_ptr_array_add (audio, files[i]);
          continue;
        }

      if (opened_project)
        {
          LqWindow *other = lq_window_new (GTK_APPLICATION (app));

          lq_window_open_project (other, path);
          gtk_window_present (GTK_WINDOW (other));
          continue;
        }

      lq_window_open_project (window, path);
      opened_project = TRUE;
    }

  if (!opened_project && audio->len > 0)
    lq_window_open_files (window, (GFile **) audio->pdata, audio->len);
  gtk_window_present (GTK_WINDOW (window));
}

static void
lq_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Lacquer contributors", NULL };
  LqApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Lacquer"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Lacquer contributors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Measure and master the loudness of an album"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: credit yourself here, one name a line */
                        "translator-credits", _("translator-credits"),
                        "transient-for", window,
                        "modal", TRUE,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
lq_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  LqApplication *self = user_data;
  GList *windows;

  /* Destroying the windows cancels their analyses; the application quits
   * when the last one is gone. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
}

static void
lq_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  LqApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GSettings *settings = LQ_IS_WINDOW (window) ? lq_window_get_settings (LQ_WINDOW (window)) : NULL;
  /* The output devices as the window's player lists them */
  GListModel *devices = LQ_IS_WINDOW (window) ? _lq_window_get_playback_devices (LQ_WINDOW (window)) : NULL;
  LqPreferencesWindow *preferences = lq_preferences_window_new (window, settings, devices);

  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "about", lq_application_about_action },
  { "preferences", lq_application_preferences_action },
  { "quit", lq_application_quit_action },
};

static void
lq_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (lq_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

static void
lq_application_class_init (LqApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = lq_application_startup;
  app_class->activate = lq_application_activate;
  app_class->open = lq_application_open;
}

static void
lq_application_init (LqApplication *self)
{
}

LqApplication *
lq_application_new (void)
{
  return g_object_new (LQ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/lacquer/Lacquer",
                       NULL);
}

/* lq-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lq-target-label.h"
#include "lq-ui-util.h"

char *
lq_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  g_return_val_if_fail (path != NULL, NULL);

  if (home[0] != '\0' && strncmp (path, home, len) == 0 && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);

  return g_filename_display_name (path);
}

/* @name without LQ_PROJECT_SUFFIX, unless that is all it is. */
static char *
strip_project_suffix (char *name)
{
  if (g_str_has_suffix (name, LQ_PROJECT_SUFFIX) && strlen (name) > strlen (LQ_PROJECT_SUFFIX))
    name[strlen (name) - strlen (LQ_PROJECT_SUFFIX)] = '\0';

  return name;
}

char *
lq_project_display_name (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return strip_project_suffix (g_filename_display_basename (path));
}

char *
lq_project_file_name (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return strip_project_suffix (g_path_get_basename (path));
}

char *
lq_project_dup_title (LqProject *project)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  g_object_get (project, "title", &title, NULL);
  if (title != NULL && title[0] != '\0')
    return g_steal_pointer (&title);

  return lq_project_display_name (lq_project_get_path (project));
}

AdwToast *
lq_toast_new_plain (const char *message)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  markup = g_markup_escape_text (message, -1);
  return adw_toast_new (markup);
}

char *
lq_edit_label_for_display (LqProject  *project,
                           const char *label)
{
  const GValue *value;
  const char *target;
  g_autofree char *keyed = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  if (label == NULL)
    return NULL;

  /* The model names the match by the target's key ("Match Album to
   * spotify"): people read the preset's label */
  value = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));
  target = value != NULL && G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
  if (target != NULL)
    {
      /* The same message as the model's (app/project/lq-project-match.c) */
      keyed = g_strdup_printf (_("Match Album to %s"), target);
      if (g_str_equal (label, keyed))
        return g_strdup_printf (_("Match Album to %s"), lq_target_label (target));
    }

  return g_strdup (label);
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              LqPlotColor     *color)
{
  GdkRGBA rgba;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (context, name, &rgba))
    *color = (LqPlotColor) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
lq_plot_style_from_widget (GtkWidget   *widget,
                           gboolean     opaque,
                           LqPlotStyle *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    lq_plot_style_init_dark (style);
  else
    lq_plot_style_init_light (style);
  lookup_color (context, "window_fg_color", &style->foreground);
  lookup_color (context, "accent_color", &style->accent);
  lookup_color (context, "warning_color", &style->warning);
  lookup_color (context, "error_color", &style->error);
  lookup_color (context, "success_color", &style->success);
  lookup_color (context, "view_bg_color", &style->background);
  if (!opaque)
    style->background.alpha = 0.0;
  style->dim = style->foreground;
  style->dim.alpha *= 0.55;
  style->grid = style->foreground;
  style->grid.alpha *= 0.12;
}

GtkFileChooserNative *
lq_folder_chooser_new (GtkWindow  *parent,
                       const char *title,
                       const char *start)
{
  GtkFileChooserNative *chooser;
  g_autofree char *folder = g_strdup (start);

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  /* The folder, or the nearest one that exists */
  while (folder != NULL && !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      char *parent_folder = g_path_get_dirname (folder);

      if (g_str_equal (parent_folder, folder))
        g_clear_pointer (&parent_folder, g_free);
      g_free (folder);
      folder = parent_folder;
    }
  if (folder != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  return chooser;
}

char *
lq_folder_chooser_finish (GtkNativeDialog *chooser,
                          int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  return file != NULL ? g_file_get_path (file) : NULL;
}

void
lq_show_path (GtkWindow  *parent,
              const char *path)
{
  g_autofree char *uri = path != NULL ? g_filename_to_uri (path, NULL, NULL) : NULL;

  if (uri != NULL)
    gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

/* lq-start-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-project.h"
#include "lq-start-page.h"
#include "lq-ui-util.h"

#define MAX_RECENT 6

struct _LqStartPage
{
  AdwBin parent_instance;

  /* Template children */
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;

  GtkRecentManager *recent_manager;
};

G_DEFINE_FINAL_TYPE (LqStartPage, lq_start_page, ADW_TYPE_BIN)

static int
lq_start_page_compare_recent (gconstpointer a,
                              gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* The list: the last projects used that still exist. */
static void
lq_start_page_update_recent (LqStartPage *self)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (self->recent_manager);
  GtkWidget *child;
  guint n_shown = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), LQ_PROJECT_MIME_TYPE) == 0
          || g_str_has_suffix (uri, LQ_PROJECT_SUFFIX))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, lq_start_page_compare_recent);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < infos->len && n_shown < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = infos->pdata[i];
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autofree char *name = NULL;
      g_autofree char *shown_path = NULL;
      const char *title;
      GtkWidget *row;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      /* The album's title, kept with the entry when the album was opened
       * or retitled; else the file's name */
      title = gtk_recent_info_get_display_name (info);
      name = title != NULL && title[0] != '\0' ? g_strdup (title) : lq_project_display_name (path);
      shown_path = lq_display_path (path);
      row = adw_action_row_new ();
      gtk_widget_set_name (row, "recent-album");
      /* Titles and paths are text, not markup */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_path);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-optical-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", path);
      gtk_widget_set_tooltip_text (row, path);
      gtk_list_box_append (self->recent_list, row);
      n_shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n_shown > 0);
}

static void
lq_start_page_recent_changed_cb (LqStartPage *self)
{
  lq_start_page_update_recent (self);
}

static void
lq_start_page_dispose (GObject *object)
{
  LqStartPage *self = (LqStartPage *)object;

  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  g_clear_object (&self->recent_manager);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_START_PAGE);

  G_OBJECT_CLASS (lq_start_page_parent_class)->dispose (object);
}

static void
lq_start_page_class_init (LqStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_start_page_dispose;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LqStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LqStartPage, recent_list);
}

static void
lq_start_page_init (LqStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->recent_manager = g_object_ref (gtk_recent_manager_get_default ());
  g_signal_connect_object (self->recent_manager, "changed", G_CALLBACK (lq_start_page_recent_changed_cb),
                           self, G_CONNECT_SWAPPED);
  lq_start_page_update_recent (self);
}

GtkWidget *
lq_start_page_new (void)
{
  return g_object_new (LQ_TYPE_START_PAGE, NULL);
}

void
lq_start_page_add_recent (const char *path,
                          const char *title)
{
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;
  GtkRecentData data = { 0 };

  g_return_if_fail (path != NULL);

  uri = g_filename_to_uri (path, NULL, NULL);
  name = title != NULL && title[0] != '\0' ? g_strdup (title) : lq_project_display_name (path);
  data.display_name = name;
  data.mime_type = (char *) LQ_PROJECT_MIME_TYPE;
  data.app_name = (char *) "Lacquer";
  data.app_exec = (char *) "lacquer %u";

  if (uri != NULL)
    gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

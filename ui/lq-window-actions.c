/* lq-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lq-error.h"
#include "lq-export-dialog.h"
#include "lq-release-dialog.h"
#include "lq-match-dialog.h"
#include "lq-project.h"
#include "lq-start-page.h"
#include "lq-ui-util.h"
#include "lq-field-set.h"
#include "lq-window-actions.h"
#include "lq-window-player.h"
#include "lq-window-private.h"

/* File choosers ------------------------------------------------------------- */

static GFile *
lq_window_dup_open_folder (LqWindow *self)
{
  g_autofree char *last = NULL;
  const char *music;

  if (lq_window_get_settings (self) != NULL)
    last = g_settings_get_string (lq_window_get_settings (self), "last-folder");
  if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);

  music = g_get_user_special_dir (G_USER_DIRECTORY_MUSIC);
  if (music != NULL && g_file_test (music, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (music);

  return NULL;
}

static void
lq_window_open_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            gpointer         user_data)
{
  LqWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
      guint n_files = g_list_model_get_n_items (files);

      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      if (array->len > 0)
        {
          g_autoptr(GFile) parent = g_file_get_parent (array->pdata[0]);
          g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;

          if (folder != NULL && lq_window_get_settings (self) != NULL)
            g_settings_set_string (lq_window_get_settings (self), "last-folder", folder);

          lq_window_open_files (self, (GFile **)array->pdata, array->len);
        }
    }

  g_object_unref (dialog);
}

static void
lq_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  g_autoptr(GFile) folder = NULL;
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open Audio Files"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  folder = lq_window_dup_open_folder (self);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Audio Files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  lq_window_open_demo (LQ_WINDOW (widget));
}

/* Album projects ------------------------------------------------------------ */

static GtkFileFilter *
lq_window_project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Lacquer Albums"));
  gtk_file_filter_add_mime_type (filter, LQ_PROJECT_MIME_TYPE);
  gtk_file_filter_add_pattern (filter, "*" LQ_PROJECT_SUFFIX);

  return filter;
}

static void
lq_window_add_audio_filters (GtkFileChooser *chooser)
{
  GtkFileFilter *filter;

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Audio Files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static GtkFileChooserNative *
lq_window_file_chooser_new (LqWindow             *self,
                            const char           *title,
                            GtkFileChooserAction  action,
                            const char           *accept)
{
  GtkFileChooserNative *native;
  g_autoptr(GFile) folder = NULL;

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  if (lq_window_get_project (self) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (lq_project_get_path (lq_window_get_project (self)));

      folder = g_file_new_for_path (dir);
    }
  else
    folder = lq_window_dup_open_folder (self);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  return native;
}

/* The local paths a chooser returned (NULL-terminated), or NULL. */
static GStrv
lq_window_chooser_dup_paths (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (chooser);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_files = g_list_model_get_n_items (files);
  guint n_paths = 0;

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_strv_builder_add (builder, path);
          n_paths++;
        }
    }

  return n_paths > 0 ? g_strv_builder_end (builder) : NULL;
}

static void
lq_window_new_project_response_cb (GtkNativeDialog *dialog,
                                   int              response,
                                   LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    chosen = g_file_get_path (file);
  g_object_unref (dialog);

  if (chosen == NULL)
    return;

  /* The chooser asked before replacing the file it names, not another */
  if (g_str_has_suffix (chosen, LQ_PROJECT_SUFFIX) && g_file_test (chosen, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LqProject) old = lq_project_open (chosen, FALSE, &error);

      /* Never pull a project from under another Lacquer */
      if (g_error_matches (error, LQ_ERROR, LQ_ERROR_LOCKED))
        {
          lq_window_show_project_error (self, LQ_WINDOW_PROJECT_CREATE, chosen, error);
          return;
        }
      if (old != NULL && old == lq_window_get_project (self))
        return;
      g_clear_object (&old);
      g_unlink (chosen);
    }

  lq_window_new_project (self, chosen);
}

static void
lq_window_open_project_response_cb (GtkNativeDialog *dialog,
                                    int              response,
                                    LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    lq_window_open_project (self, paths[0]);
}

static void
lq_window_save_as_response_cb (GtkNativeDialog *dialog,
                               int              response,
                               LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    chosen = g_file_get_path (file);
  g_object_unref (dialog);

  if (chosen == NULL || lq_window_get_project (self) == NULL)
    return;

  path = g_str_has_suffix (chosen, LQ_PROJECT_SUFFIX) ? g_strdup (chosen) : g_strconcat (chosen, LQ_PROJECT_SUFFIX, NULL);
  if (g_strcmp0 (path, chosen) != 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_EXISTS, "%s", path);
      lq_window_show_project_error (self, LQ_WINDOW_PROJECT_SAVE, path, error);
      return;
    }

  if (!lq_window_save_as (self, path, &error))
    lq_window_show_project_error (self, LQ_WINDOW_PROJECT_SAVE, path, error);
}

static void
lq_window_add_files_response_cb (GtkNativeDialog *dialog,
                                 int              response,
                                 LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    lq_window_add_files (self, (const char *const *) paths);
}

static void
lq_window_add_reference_response_cb (GtkNativeDialog *dialog,
                                     int              response,
                                     LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    _lq_window_add_reference (self, path);
}

static void
lq_window_play_ddp_response_cb (GtkNativeDialog *dialog,
                                int              response,
                                LqWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    _lq_window_player_play_ddp (self, path);
}

/* "Listen to a DDP…": a DDP folder, verified and played as a CD player
 * would (lq-window-player.c). */
static void
lq_window_play_ddp_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Listen to a DDP"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                       _("_Listen"));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_play_ddp_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_relink_response_cb (GtkNativeDialog *dialog,
                              int              response,
                              LqWindow        *self)
{
  g_auto(GStrv) paths = NULL;
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "lq-position"));

  if (response == GTK_RESPONSE_ACCEPT)
    paths = lq_window_chooser_dup_paths (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (paths != NULL)
    lq_window_relink (self, position, paths[0]);
}

static void
lq_window_find_moved_response_cb (GtkNativeDialog *dialog,
                                  int              response,
                                  LqWindow        *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (folder != NULL)
    path = g_file_get_path (folder);
  g_object_unref (dialog);

  if (path != NULL)
    lq_window_find_moved_files (self, path);
}

static void
lq_window_new_project_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = lq_window_file_chooser_new (self, _("New Album"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled Album.lacquer"));
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_new_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_project_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = lq_window_file_chooser_new (self, _("Open Album"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_open_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  lq_window_open_project (LQ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
lq_window_save_as_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;
  g_autofree char *name = NULL;

  if (lq_window_get_project (self) == NULL)
    return;

  native = lq_window_file_chooser_new (self, _("Save Album As"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  name = g_path_get_basename (lq_project_get_path (lq_window_get_project (self)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  filter = lq_window_project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* win.add-reference: a record to compare the album with. */
static void
lq_window_add_reference_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Add a Reference Track"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"));
  lq_window_add_audio_filters (GTK_FILE_CHOOSER (native));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_add_reference_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_add_files_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Add Files"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  lq_window_add_audio_filters (GTK_FILE_CHOOSER (native));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_add_files_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_undo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (lq_window_get_project (self) == NULL)
    return;

  if (g_str_equal (action_name, "win.undo"))
    ok = lq_project_undo (lq_window_get_project (self), &error);
  else
    ok = lq_project_redo (lq_window_get_project (self), &error);

  if (!ok)
    lq_window_add_toast (self, error->message, FALSE);
  _lq_window_actions_update (self);
}

static void
lq_window_move_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_get_selected_position (self);
  g_autoptr(GError) error = NULL;
  guint to;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  /* 1-based positions */
  to = g_str_equal (action_name, "win.move-up") ? selected : selected + 2;
  if (to < 1 || to > lq_project_get_n_tracks (lq_window_get_project (self)))
    return;

  if (!lq_project_move_track (lq_window_get_project (self), selected + 1, to, &error))
    lq_window_add_toast (self, error->message, FALSE);
}

static void
lq_window_remove_track_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_get_selected_position (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  name = g_strdup (lq_track_get_display_name (lq_project_get_track (lq_window_get_project (self), selected + 1)));
  if (!lq_project_remove_track (lq_window_get_project (self), selected + 1, &error))
    {
      lq_window_add_toast (self, error->message, FALSE);
      return;
    }

  /* Translators: a toast after a track was removed from the album */
  message = g_strdup_printf (_("“%s” removed"), name);
  lq_window_add_toast (self, message, TRUE);
}

static void
lq_window_relink_track_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  guint selected = lq_window_get_selected_position (self);
  GtkFileChooserNative *native;
  LqTrack *track;
  g_autofree char *title = NULL;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  track = lq_project_get_track (lq_window_get_project (self), selected + 1);
  /* Translators: the title of the file chooser that relinks a track */
  title = g_strdup_printf (_("Relink “%s”"), lq_track_get_display_name (track));
  native = lq_window_file_chooser_new (self, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Relink"));
  lq_window_add_audio_filters (GTK_FILE_CHOOSER (native));
  g_object_set_data (G_OBJECT (native), "lq-position", GUINT_TO_POINTER (selected + 1));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_relink_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_find_moved_files_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  GtkFileChooserNative *native;

  native = lq_window_file_chooser_new (self, _("Find Moved Files In"),
                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Search"));
  g_signal_connect_object (native, "response", G_CALLBACK (lq_window_find_moved_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
lq_window_match_applied_cb (LqWindow   *self,
                            const char *label)
{
  g_autofree char *shown = lq_window_get_project (self) != NULL
                           ? lq_edit_label_for_display (lq_window_get_project (self), label) : NULL;
  /* Translators: a toast after the album was matched; what undo reverts follows */
  g_autofree char *message = g_strdup_printf (_("Done: %s"), shown != NULL ? shown : _("Match"));

  lq_window_add_toast (self, message, TRUE);
}

static void
lq_window_match_analyze_cb (LqWindow *self)
{
  lq_window_analyze (self);
}

/* The Match, Export and Release dialogs, while they are open (weak references) */
#define MATCH_DIALOG_KEY "lq-match-dialog"
#define EXPORT_DIALOG_KEY "lq-export-dialog"
#define RELEASE_DIALOG_KEY "lq-release-dialog"

static void
lq_window_dialog_gone_cb (gpointer  data,
                          GObject  *dialog)
{
  LqWindow *self = data;

  if (g_object_get_data (G_OBJECT (self), MATCH_DIALOG_KEY) == dialog)
    g_object_set_data (G_OBJECT (self), MATCH_DIALOG_KEY, NULL);
  if (g_object_get_data (G_OBJECT (self), EXPORT_DIALOG_KEY) == dialog)
    g_object_set_data (G_OBJECT (self), EXPORT_DIALOG_KEY, NULL);
  if (g_object_get_data (G_OBJECT (self), RELEASE_DIALOG_KEY) == dialog)
    g_object_set_data (G_OBJECT (self), RELEASE_DIALOG_KEY, NULL);
}

static void
lq_window_keep_dialog (LqWindow   *self,
                       const char *key,
                       GtkWindow  *dialog)
{
  g_object_set_data (G_OBJECT (self), key, dialog);
  g_object_weak_ref (G_OBJECT (dialog), lq_window_dialog_gone_cb, self);
}

/* The Match, Export and Release dialogs belong to the project shown: they
 * go with it (an export or a release in progress is cancelled). */
static void
lq_window_project_changed_cb (LqWindow   *self,
                              GParamSpec *pspec,
                              gpointer    user_data)
{
  GtkWindow *match = g_object_get_data (G_OBJECT (self), MATCH_DIALOG_KEY);
  GtkWindow *export = g_object_get_data (G_OBJECT (self), EXPORT_DIALOG_KEY);
  GtkWindow *release = g_object_get_data (G_OBJECT (self), RELEASE_DIALOG_KEY);

  if (match != NULL)
    {
      g_object_weak_unref (G_OBJECT (match), lq_window_dialog_gone_cb, self);
      g_object_set_data (G_OBJECT (self), MATCH_DIALOG_KEY, NULL);
      gtk_window_destroy (match);
    }
  if (export != NULL)
    {
      g_object_weak_unref (G_OBJECT (export), lq_window_dialog_gone_cb, self);
      g_object_set_data (G_OBJECT (self), EXPORT_DIALOG_KEY, NULL);
      lq_export_dialog_cancel (LQ_EXPORT_DIALOG (export));
      gtk_window_destroy (export);
    }
  if (release != NULL)
    {
      g_object_weak_unref (G_OBJECT (release), lq_window_dialog_gone_cb, self);
      g_object_set_data (G_OBJECT (self), RELEASE_DIALOG_KEY, NULL);
      lq_release_dialog_cancel (LQ_RELEASE_DIALOG (release));
      gtk_window_destroy (release);
    }
}

static void
lq_window_match_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  LqMatchDialog *dialog = _lq_window_get_match_dialog (self);

  if (lq_window_get_project (self) == NULL)
    return;

  if (dialog == NULL)
    {
      dialog = lq_match_dialog_new (GTK_WINDOW (self), lq_window_get_project (self));
      lq_window_keep_dialog (self, MATCH_DIALOG_KEY, GTK_WINDOW (dialog));
      g_signal_connect_object (dialog, "applied", G_CALLBACK (lq_window_match_applied_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (dialog, "analyze-requested", G_CALLBACK (lq_window_match_analyze_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lq_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  LqExportDialog *dialog = _lq_window_get_export_dialog (self);

  if (lq_window_get_project (self) == NULL)
    return;

  if (dialog == NULL)
    {
      dialog = lq_export_dialog_new (GTK_WINDOW (self), lq_window_get_project (self));
      lq_window_keep_dialog (self, EXPORT_DIALOG_KEY, GTK_WINDOW (dialog));
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Ctrl+Shift+E: the Release dialog, its plan made again when it is open
 * already (the project may have changed meanwhile) */
static void
lq_window_release_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  LqReleaseDialog *dialog = _lq_window_get_release_dialog (self);

  if (lq_window_get_project (self) == NULL)
    return;

  if (dialog == NULL)
    {
      dialog = lq_release_dialog_new (GTK_WINDOW (self), lq_window_get_project (self));
      lq_window_keep_dialog (self, RELEASE_DIALOG_KEY, GTK_WINDOW (dialog));
    }
  else
    lq_release_dialog_refresh (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Ctrl+I: the chain in the details pane, or away again. */
static void
lq_window_show_inspector_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  LqWindow *self = LQ_WINDOW (widget);
  g_autofree char *page = NULL;
  gboolean visible;

  if (lq_window_get_project (self) == NULL)
    return;

  g_object_get (self, "details-visible", &visible, "details-page", &page, NULL);
  if (visible && g_strcmp0 (page, "chain") == 0)
    {
      g_object_set (self, "details-visible", FALSE, NULL);
      return;
    }

  g_object_set (self, "details-page", "chain", "details-visible", TRUE, NULL);
}

void
_lq_window_actions_update (LqWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  LqProject *project = lq_window_get_project (self);
  gboolean writable = project != NULL && !lq_project_get_read_only (project);
  gboolean busy = lq_window_get_busy (self);
  guint selected = lq_window_get_selected_position (self);
  guint n_tracks = project != NULL ? lq_project_get_n_tracks (project) : 0;
  LqTrack *track = selected != GTK_INVALID_LIST_POSITION && project != NULL
                   ? lq_project_get_track (project, selected + 1) : NULL;
  gboolean has_selection = track != NULL;

  gtk_widget_action_set_enabled (widget, "win.open-demo", !busy);
  gtk_widget_action_set_enabled (widget, "win.save-as", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.add-files", writable);
  gtk_widget_action_set_enabled (widget, "win.add-reference", writable);
  gtk_widget_action_set_enabled (widget, "win.undo", writable && lq_project_can_undo (project));
  gtk_widget_action_set_enabled (widget, "win.redo", writable && lq_project_can_redo (project));
  gtk_widget_action_set_enabled (widget, "win.move-up", writable && has_selection && selected > 0);
  gtk_widget_action_set_enabled (widget, "win.move-down", writable && has_selection && selected + 1 < n_tracks);
  gtk_widget_action_set_enabled (widget, "win.remove-track", writable && has_selection);
  gtk_widget_action_set_enabled (widget, "win.relink-track",
                                 writable && has_selection && lq_track_get_status (track) != LQ_TRACK_STATUS_OK);
  gtk_widget_action_set_enabled (widget, "win.find-moved-files", writable && !busy);
  gtk_widget_action_set_enabled (widget, "win.toggle-details", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-inspector", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.toggle-loudness", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.toggle-timeline", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-view", project != NULL);
  gtk_widget_action_set_enabled (widget, "win.match", writable && n_tracks > 0);
  gtk_widget_action_set_enabled (widget, "win.export", project != NULL && n_tracks > 0);
  gtk_widget_action_set_enabled (widget, "win.release", project != NULL && n_tracks > 0);
}

/* Ctrl+Z, Ctrl+Shift+Z, before the focused widget sees them: the project's
 * undo and redo, unless the focus is in a text being typed (typed text
 * not applied yet, or an entry the window knows nothing of) */
static gboolean
lq_window_undo_shortcut_cb (GtkWidget *widget,
                            GVariant  *args,
                            gpointer   user_data)
{
  const char *action_name = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));
  GtkWidget *editable = focus;

  while (editable != NULL && !GTK_IS_EDITABLE (editable))
    editable = gtk_widget_get_parent (editable);
  if (editable != NULL && lq_field_set_is_editing (focus))
    return FALSE;
  if (editable != NULL && !lq_field_set_is_field_editor (focus))
    return FALSE;

  return gtk_widget_activate_action (widget, action_name, NULL);
}

void
_lq_window_actions_init (LqWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (lq_window_undo_shortcut_cb,
                                                                                   (gpointer) "win.undo", NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z,
                                                                                  GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_callback_action_new (lq_window_undo_shortcut_cb,
                                                                                   (gpointer) "win.redo", NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (self, "notify::project", G_CALLBACK (lq_window_project_changed_cb), NULL);
  _lq_window_actions_update (self);
}

void
_lq_window_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, lq_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, lq_window_open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, lq_window_new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, lq_window_open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", lq_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, lq_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.add-files", NULL, lq_window_add_files_action);
  gtk_widget_class_install_action (widget_class, "win.add-reference", NULL, lq_window_add_reference_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, lq_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, lq_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.move-up", NULL, lq_window_move_action);
  gtk_widget_class_install_action (widget_class, "win.move-down", NULL, lq_window_move_action);
  gtk_widget_class_install_action (widget_class, "win.remove-track", NULL, lq_window_remove_track_action);
  gtk_widget_class_install_action (widget_class, "win.relink-track", NULL, lq_window_relink_track_action);
  gtk_widget_class_install_action (widget_class, "win.find-moved-files", NULL,
                                   lq_window_find_moved_files_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "details-visible");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-loudness", "loudness-visible");
  gtk_widget_class_install_action (widget_class, "win.show-inspector", NULL, lq_window_show_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.match", NULL, lq_window_match_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, lq_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.release", NULL, lq_window_release_action);
  gtk_widget_class_install_action (widget_class, "win.play-ddp", NULL, lq_window_play_ddp_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove-track", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-details", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.show-inspector", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.toggle-loudness", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

LqMatchDialog *
_lq_window_get_match_dialog (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return g_object_get_data (G_OBJECT (self), MATCH_DIALOG_KEY);
}

LqExportDialog *
_lq_window_get_export_dialog (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return g_object_get_data (G_OBJECT (self), EXPORT_DIALOG_KEY);
}

LqReleaseDialog *
_lq_window_get_release_dialog (LqWindow *self)
{
  g_return_val_if_fail (LQ_IS_WINDOW (self), NULL);

  return g_object_get_data (G_OBJECT (self), RELEASE_DIALOG_KEY);
}

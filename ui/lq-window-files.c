/* lq-window-files.c: loose audio files in LqWindow.
 *
 * Opening or dropping audio files analyses them as an album (an
 * LqAnalysisJob on worker threads), showing the busy page meanwhile and the
 * track table, read-only, after. The demo album is a project, made (once)
 * or checked in a thread, then opened as any album.
 * Files dropped on a project's window are added to the project instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-album-summary.h"
#include "lq-analysis-job.h"
#include "lq-demo-album.h"
#include "lq-demo-project.h"
#include "lq-track-item.h"
#include "lq-track-table.h"
#include "lq-window-internal.h"

static void
lq_window_toast_file_error (LqWindow     *self,
                            const char   *path,
                            const GError *error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *message = NULL;

  /* Translators: a file that could not be analysed, and why */
  message = g_strdup_printf (_("%s: %s"), name, error->message);
  lq_window_add_toast (self, message, FALSE);
}

/* Stops the current job, if any, and forgets it. */
void
_lq_window_cancel_files (LqWindow *self)
{
  g_assert (LQ_IS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_clear_object (&self->job);
}

static void
lq_window_show_empty (LqWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_window_title_set_subtitle (self->window_title, NULL);
}

/* The offset of a loose file's @track from the album, as the album computes it. */
static double
lq_window_album_offset (LqAlbumAnalysis *album,
                        LqTrackAnalysis *track)
{
  guint n_tracks = lq_album_analysis_get_n_tracks (album);

  for (guint i = 0; i < n_tracks; i++)
    {
      if (lq_album_analysis_get_track (album, i) == track)
        return lq_album_analysis_get_offset (album, i);
    }

  return NAN;
}

static void
lq_window_show_results (LqWindow *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  LqAlbumAnalysis *album;
  guint n_files;

  g_assert (LQ_IS_WINDOW (self));
  g_assert (LQ_IS_ANALYSIS_JOB (self->job));

  album = lq_analysis_job_get_album (self->job);
  n_files = lq_analysis_job_get_n_files (self->job);

  for (guint i = 0; i < n_files; i++)
    {
      LqTrackAnalysis *track = lq_analysis_job_get_track (self->job, i);

      if (track != NULL)
        {
          double offset = album != NULL ? lq_window_album_offset (album, track) : NAN;

          g_ptr_array_add (items, lq_track_item_new (track, offset));
        }
      else
        {
          const GError *error = lq_analysis_job_get_error (self->job, i);

          if (error != NULL)
            lq_window_toast_file_error (self, lq_analysis_job_get_path (self->job, i), error);
        }
    }

  lq_track_table_set_files (self->track_table, (LqTrackItem **) items->pdata, items->len);

  if (items->len == 0)
    {
      lq_window_show_empty (self);
      return;
    }

  lq_album_summary_set_album (self->album_summary, album, NULL);

  {
    g_autofree char *subtitle = NULL;

    subtitle = g_strdup_printf (ngettext ("%u track", "%u tracks", items->len),
                                items->len);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  gtk_stack_set_visible_child_name (self->stack, "tracks");
}

static void
lq_window_job_run_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LqAnalysisJob *job = LQ_ANALYSIS_JOB (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert (LQ_IS_WINDOW (self));

  ok = lq_analysis_job_run_finish (job, result, &error);

  /* Superseded by newer files, or the window went away */
  if (job != self->job)
    return;

  _lq_window_set_busy (self, FALSE);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_clear_object (&self->cancellable);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lq_window_add_toast (self, error->message, FALSE);
      lq_window_show_empty (self);
      return;
    }

  lq_window_show_results (self);
}

static void
lq_window_demo_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *directory = task_data;
  GError *error = NULL;
  char *path;

  path = lq_demo_project_ensure (directory, cancellable, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

static void
lq_window_demo_ready_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LqWindow *self = LQ_WINDOW (object);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  path = g_task_propagate_pointer (G_TASK (result), &error);

  /* Something else was opened meanwhile, or the window was closed */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  _lq_window_set_busy (self, FALSE);

  if (path == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the reason follows the colon */
      message = g_strdup_printf (_("Could not create the demo album: %s"), error->message);
      lq_window_add_toast (self, message, FALSE);
      lq_window_show_empty (self);
      return;
    }

  lq_window_open_project (self, path);
}

static gboolean
lq_window_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   LqWindow      *self)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (const GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      g_ptr_array_add (array, g_value_get_object (value));
    }

  if (array->len == 0)
    return FALSE;

  if (self->project != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < array->len; i++)
        {
          g_autofree char *path = g_file_get_path (array->pdata[i]);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] == NULL)
        return FALSE;
      lq_window_add_files (self, (const char *const *) paths);
      return TRUE;
    }

  lq_window_open_files (self, (GFile **)array->pdata, array->len);

  return TRUE;
}

void
lq_window_open_files (LqWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        {
          g_ptr_array_add (paths, path);
        }
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = NULL;

          /* Translators: a file given as a URI that is not on this computer */
          message = g_strdup_printf (_("%s: %s"), uri, _("Not a local file"));
          lq_window_add_toast (self, message, FALSE);
        }
    }

  if (paths->len == 0)
    return;

  g_ptr_array_add (paths, NULL);
  lq_window_open_paths (self, (const char *const *)paths->pdata);
}

void
lq_window_open_paths (LqWindow          *self,
                      const char *const *paths)
{
  guint n_files;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (paths[0] == NULL)
    return;

  _lq_window_set_project (self, NULL);
  _lq_window_cancel_files (self);

  self->job = lq_analysis_job_new (paths,
                                   self->settings != NULL
                                   ? g_settings_get_uint (self->settings, "analysis-jobs")
                                   : 0);
  self->cancellable = g_cancellable_new ();
  self->progress_binding = g_object_bind_property (self->job, "progress",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);

  n_files = lq_analysis_job_get_n_files (self->job);

  {
    g_autofree char *title = NULL;

    title = g_strdup_printf (ngettext ("Analyzing %u File", "Analyzing %u Files", n_files),
                             n_files);
    adw_status_page_set_title (self->busy_page, title);
  }

  adw_window_title_set_subtitle (self->window_title, _("Analyzing…"));
  gtk_stack_set_visible_child_name (self->stack, "busy");
  _lq_window_set_busy (self, TRUE);

  lq_analysis_job_run_async (self->job,
                             self->cancellable,
                             lq_window_job_run_cb,
                             g_object_ref (self));
}

void
lq_window_open_demo (LqWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LQ_IS_WINDOW (self));

  _lq_window_set_project (self, NULL);
  _lq_window_cancel_files (self);
  self->cancellable = g_cancellable_new ();

  adw_status_page_set_title (self->busy_page, _("Preparing the Demo Album"));
  adw_window_title_set_subtitle (self->window_title, _("Preparing…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  _lq_window_set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, lq_window_demo_ready_cb, NULL);
  g_task_set_source_tag (task, lq_window_open_demo);
  g_task_set_task_data (task, lq_demo_album_default_directory (), g_free);
  g_task_run_in_thread (task, lq_window_demo_thread);
}

void
_lq_window_files_init (LqWindow *self)
{
  GtkDropTarget *drop_target;

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop_target, "drop", G_CALLBACK (lq_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));
}

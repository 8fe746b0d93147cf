/* lq-window-jobs.c: an album project's background jobs in LqWindow.
 *
 * Measuring the tracks not analysed yet, adding files, relinking a track
 * and looking for moved files all run on worker threads (the project's
 * _async calls); the window shows their progress above the table, as a
 * bar that says what it does ("Reading 3 files…", "Analyzing 2 of 8…"),
 * and is busy until the last one ends. Each row says what is being done
 * with its track (the track table's status cell).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-window-internal.h"

static guint
lq_window_count_state (LqWindow *self,
                       LqTrackState state)
{
  GListModel *tracks = lq_project_get_tracks (self->project);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);

      n += lq_track_get_state (track) == state;
    }
  return n;
}

/* The bar's text: the files being read, else how far the analysis is. */
static void
lq_window_update_progress_text (LqWindow *self)
{
  g_autofree char *text = NULL;
  guint n_reading;

  if (self->project == NULL)
    return;

  n_reading = lq_window_count_state (self, LQ_TRACK_STATE_HASHING);
  if (n_reading > 0)
    text = g_strdup_printf (ngettext ("Reading %u file…", "Reading %u files…", n_reading), n_reading);
  else if (self->analysing && self->n_to_analyse > 0)
    {
      guint left = lq_window_count_state (self, LQ_TRACK_STATE_ANALYSING);
      guint current = MIN (self->n_to_analyse - MIN (left, self->n_to_analyse) + 1, self->n_to_analyse);

      /* Translators: the track being measured, of how many */
      text = g_strdup_printf (_("Analyzing %u of %u…"), current, self->n_to_analyse);
    }

  /* A bar with words, not a line at the table's top */
  gtk_widget_remove_css_class (GTK_WIDGET (self->project_progress_bar), "osd");
  gtk_progress_bar_set_show_text (self->project_progress_bar, text != NULL);
  gtk_progress_bar_set_text (self->project_progress_bar, text);
}

static void
lq_window_project_job_begin (LqWindow *self)
{
  self->n_project_jobs++;
  gtk_revealer_set_reveal_child (self->project_progress_revealer, TRUE);
  _lq_window_set_busy (self, TRUE);
}

static void
lq_window_project_job_end (LqWindow *self)
{
  g_assert (self->n_project_jobs > 0);

  if (--self->n_project_jobs > 0)
    return;

  gtk_revealer_set_reveal_child (self->project_progress_revealer, FALSE);
  _lq_window_set_busy (self, FALSE);
}

static void
lq_window_analyze_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  lq_project_analyze_finish (project, result, &error);
  if (project != self->project)
    return;

  self->analysing = FALSE;
  self->n_to_analyse = 0;
  g_signal_handlers_disconnect_by_func (project, lq_window_update_progress_text, self);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_add_toast (self, error->message, FALSE);

  if (self->analyse_again && error == NULL)
    {
      self->analyse_again = FALSE;
      lq_window_analyze (self);
    }
  lq_window_project_job_end (self);
  lq_window_update_progress_text (self);
  _lq_window_queue_refresh (self);
}

void
lq_window_analyze (LqWindow *self)
{
  g_return_if_fail (LQ_IS_WINDOW (self));

  if (self->project == NULL || lq_project_get_read_only (self->project))
    return;

  if (self->analysing)
    {
      /* What is added meanwhile is measured next */
      self->analyse_again = TRUE;
      return;
    }

  self->analysing = TRUE;
  lq_window_project_job_begin (self);
  lq_project_analyze_async (self->project,
                            self->settings != NULL ? g_settings_get_uint (self->settings, "analysis-jobs") : 0,
                            self->project_cancellable,
                            lq_window_analyze_cb,
                            g_object_ref (self));
  /* The tracks it measures are "analysing" from now on */
  self->n_to_analyse = lq_window_count_state (self, LQ_TRACK_STATE_ANALYSING);
  g_signal_connect_object (self->project, "notify::analysis-progress",
                           G_CALLBACK (lq_window_update_progress_text), self, G_CONNECT_SWAPPED);
  lq_window_update_progress_text (self);
}

static gboolean
lq_window_needs_analysis (LqWindow *self)
{
  for (guint p = 1; p <= lq_project_get_n_tracks (self->project); p++)
    {
      LqTrack *track = lq_project_get_track (self->project, p);

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK && lq_track_get_analysis (track) == NULL)
        return TRUE;
    }

  return FALSE;
}

static void
lq_window_add_files_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = lq_project_add_files_finish (project, result, &error);
  if (project != self->project)
    return;

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_add_toast (self, error->message, FALSE);
  /* The files that could be read are added; each one that could not is
   * named in the error with the reason */
  if (ok || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_analyze (self);
  lq_window_project_job_end (self);
  lq_window_update_progress_text (self);
}

static void
lq_window_relink_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LqProject *project = LQ_PROJECT (object);
  g_autoptr(LqWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = lq_project_relink_finish (project, result, &error);
  if (project != self->project)
    return;

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lq_window_add_toast (self, error->message, FALSE);
  if (ok)
    lq_window_analyze (self);
  lq_window_project_job_end (self);
}

typedef struct
{
  LqWindow *self;
  LqProject *project;
  char *folder;
} FindMovedData;

static void
find_moved_data_free (FindMovedData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->project);
  g_free (data->folder);
  g_free (data);
}

/* The search reads and hashes on a worker; the relinks are committed here. */
static void
lq_window_find_moved_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FindMovedData *data = user_data;
  LqWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  int n = lq_project_relink_search_finish (LQ_PROJECT (object), result, &error);

  if (data->project == self->project)
    {
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
      lq_window_project_job_end (self);

      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            lq_window_add_toast (self, error->message, FALSE);
        }
      else if (n == 0)
        lq_window_add_toast (self, _("No moved files found there"), FALSE);
      else
        {
          g_autofree char *message = g_strdup_printf (ngettext ("Found %d moved file",
                                                                "Found %d moved files", n), n);
          lq_window_add_toast (self, message, FALSE);
          lq_window_analyze (self);
        }
    }

  find_moved_data_free (data);
}

void
lq_window_add_files (LqWindow          *self,
                     const char *const *paths)
{
  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (self->project == NULL || paths[0] == NULL)
    return;

  lq_window_project_job_begin (self);
  gtk_progress_bar_set_fraction (self->project_progress_bar, 0.0);
  lq_project_add_files_async (self->project, paths, 0, self->project_cancellable,
                              lq_window_add_files_cb, g_object_ref (self));
  /* The files are rows already, "Reading…" */
  lq_window_update_progress_text (self);
}

void
lq_window_relink (LqWindow   *self,
                  guint       position,
                  const char *path)
{
  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->project == NULL)
    return;

  lq_window_project_job_begin (self);
  lq_project_relink_async (self->project, position, path, self->project_cancellable,
                           lq_window_relink_cb, g_object_ref (self));
}

void
lq_window_find_moved_files (LqWindow   *self,
                            const char *folder)
{
  FindMovedData *data;

  g_return_if_fail (LQ_IS_WINDOW (self));
  g_return_if_fail (folder != NULL);

  if (self->project == NULL)
    return;

  data = g_new0 (FindMovedData, 1);
  data->self = g_object_ref (self);
  data->project = g_object_ref (self->project);
  data->folder = g_strdup (folder);

  lq_window_project_job_begin (self);
  gtk_progress_bar_pulse (self->project_progress_bar);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "progress");
  lq_project_relink_search_async (data->project, data->folder, self->project_cancellable,
                                  lq_window_find_moved_cb, data);
}

/* The project goes: its jobs are cancelled, the window no longer waits. */
void
_lq_window_jobs_reset (LqWindow *self)
{
  self->analysing = FALSE;
  self->analyse_again = FALSE;
  if (self->n_project_jobs > 0)
    {
      self->n_project_jobs = 1;
      lq_window_project_job_end (self);
    }
}

void
_lq_window_analyze_missing (LqWindow *self)
{
  if (lq_window_needs_analysis (self))
    lq_window_analyze (self);
}

/* Adding a reference: the file read and measured on a worker
 * (lq_project_add_reference_async()), the progress in the project's bar,
 * the outcome in a toast; the edit is undoable and the transport bar's
 * reference chooser lists it. */
typedef struct
{
  LqWindow *window;
  char *path;
} AddReference;

static void
lq_window_reference_progress_cb (double   fraction,
                                 gpointer user_data)
{
  AddReference *d = user_data;

  gtk_progress_bar_set_fraction (d->window->project_progress_bar, fraction);
}

static void
lq_window_add_reference_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  AddReference *d = user_data;
  g_autoptr(LqWindow) self = d->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (d->path);

  lq_window_project_job_end (self);
  if (!lq_project_add_reference_finish (LQ_PROJECT (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot add “%s” as a reference: %s"), name, error->message);

      lq_window_add_toast (self, message, FALSE);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Added “%s” to the references: choose it beside Reference (3)"),
                                                  name);

      lq_window_add_toast (self, message, FALSE);
    }
  g_free (d->path);
  g_free (d);
}

void
_lq_window_add_reference (LqWindow   *self,
                          const char *path)
{
  AddReference *d;

  g_return_if_fail (LQ_IS_WINDOW (self));

  if (self->project == NULL)
    return;
  d = g_new0 (AddReference, 1);
  d->window = g_object_ref (self);
  d->path = g_strdup (path);
  lq_window_project_job_begin (self);
  gtk_progress_bar_set_show_text (self->project_progress_bar, TRUE);
  gtk_progress_bar_set_text (self->project_progress_bar, _("Measuring the reference…"));
  gtk_progress_bar_set_fraction (self->project_progress_bar, 0.0);
  lq_project_add_reference_async (self->project, path, 0.0, self->project_cancellable,
                                  lq_window_reference_progress_cb, d, lq_window_add_reference_cb, d);
}

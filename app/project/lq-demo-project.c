/* lq-demo-project.c: the demo album's files and a project of them.
 *
 * The project is built under a temporary name and renamed into place only
 * when it is complete, so an interrupted first run leaves no half-made
 * demo. Opening it again checks, as any project does, that every source is
 * the file it was added as (by content hash): a generated file that went
 * missing or changed is written again (the generator is deterministic, so
 * it is the same file again), never trusted as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-demo-project.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lq-demo-album.h"
#include "lq-error.h"
#include "lq-project.h"

#define DEMO_FILE_NAME "demo.lacquer"

/* The project file and SQLite's companions. */
static void
remove_project_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* Whether @project has the demo's tracks, in order, by their file names. */
static gboolean
is_demo_project (LqProject *project)
{
  guint n = lq_demo_album_get_n_tracks ();

  if (lq_project_get_n_tracks (project) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);

      if (track == NULL || g_strcmp0 (lq_track_get_source (track), lq_demo_album_get_file_name (i)) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
all_sources_ok (LqProject *project)
{
  for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
    {
      if (lq_track_get_status (lq_project_get_track (project, i)) != LQ_TRACK_STATUS_OK)
        return FALSE;
    }

  return TRUE;
}

static gboolean
all_analysed (LqProject *project)
{
  for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
    {
      if (lq_track_get_analysis (lq_project_get_track (project, i)) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Writes again the generated files the project finds missing or changed,
 * then measures what has no analysis. FALSE: make the project again. */
static gboolean
repair (LqProject    *project,
        const char   *directory,
        GCancellable *cancellable,
        GError      **error)
{
  gboolean rewrote = FALSE;

  if (!is_demo_project (project))
    return FALSE;

  for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
    {
      LqTrack *track = lq_project_get_track (project, i);

      if (lq_track_get_status (track) != LQ_TRACK_STATUS_OK)
        {
          g_unlink (lq_track_get_path (track));
          rewrote = TRUE;
        }
    }

  if (rewrote)
    {
      g_auto(GStrv) files = lq_demo_album_ensure (directory, error);

      if (files == NULL || !lq_project_check_sources (project, error))
        return FALSE;
    }

  if (!all_sources_ok (project))
    return FALSE;

  if (!all_analysed (project)
      && !lq_project_analyze (project, 0, cancellable, NULL, NULL, error))
    return FALSE;

  return all_analysed (project);
}

static gboolean
create_project (const char   *directory,
                const char   *path,
                GCancellable *cancellable,
                GError      **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  g_autoptr(LqProject) project = NULL;
  g_auto(GStrv) files = NULL;
  const char *album[] = {
    "title=" LQ_DEMO_ALBUM_TITLE,
    "artist=" LQ_DEMO_ALBUM_ARTIST,
    "genre=Electronic",
    "target=spotify",
    NULL
  };

  /* Files left from before are not trusted: write them all again. */
  for (guint i = 0; i < lq_demo_album_get_n_tracks (); i++)
    {
      g_autofree char *file = g_build_filename (directory, lq_demo_album_get_file_name (i), NULL);

      g_unlink (file);
    }
  files = lq_demo_album_ensure (directory, error);
  if (files == NULL)
    return FALSE;

  remove_project_files (tmp);
  project = lq_project_create (tmp, error);
  if (project == NULL
      || !lq_project_set_album (project, album, error)
      || !lq_project_add_files (project, (const char *const *) files, 0, cancellable, error))
    goto fail;

  for (guint i = 0; i < lq_demo_album_get_n_tracks (); i++)
    {
      g_autofree char *title = g_strconcat ("title=", lq_demo_album_get_title (i), NULL);
      const char *assignments[] = { title, NULL };

      if (!lq_project_set_track (project, i + 1, assignments, error))
        goto fail;
    }

  if (!lq_project_analyze (project, 0, cancellable, NULL, NULL, error))
    goto fail;

  /* Closed (its lock and SQLite's files gone) before it takes its name. */
  g_clear_object (&project);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"),
                   path, g_strerror (saved));
      goto fail;
    }

  return TRUE;

fail:
  g_clear_object (&project);
  remove_project_files (tmp);
  return FALSE;
}

char *
lq_demo_project_default_path (void)
{
  g_autofree char *directory = lq_demo_album_default_directory ();

  return g_build_filename (directory, DEMO_FILE_NAME, NULL);
}

char *
lq_demo_project_ensure (const char   *directory,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create “%s”: %s"),
                   directory, g_strerror (saved));
      return NULL;
    }

  path = g_build_filename (directory, DEMO_FILE_NAME, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(LqProject) project = lq_project_open (path, FALSE, &local_error);

      /* Open in another window or process: it was made or checked there. */
      if (g_error_matches (local_error, LQ_ERROR, LQ_ERROR_LOCKED))
        return g_steal_pointer (&path);

      if (project != NULL)
        {
          g_clear_error (&local_error);
          if (repair (project, directory, cancellable, &local_error))
            return g_steal_pointer (&path);
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }

      if (local_error != NULL)
        g_debug ("Making the demo project again: %s", local_error->message);
      g_clear_object (&project);
      remove_project_files (path);
    }

  if (!create_project (directory, path, cancellable, error))
    return NULL;

  return g_steal_pointer (&path);
}

char *
lq_demo_project_export_folder (const char *project_path)
{
  g_autofree char *demo = lq_demo_project_default_path ();
  const char *music;

  g_return_val_if_fail (project_path != NULL, NULL);

  if (g_strcmp0 (project_path, demo) != 0)
    return NULL;

  music = g_get_user_special_dir (G_USER_DIRECTORY_MUSIC);
  if (music == NULL || g_strcmp0 (music, g_get_home_dir ()) == 0)
    return g_build_filename (g_get_home_dir (), "Music", _("Lacquer Demo"), NULL);
  return g_build_filename (music, _("Lacquer Demo"), NULL);
}

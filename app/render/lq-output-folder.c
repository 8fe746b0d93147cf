/* lq-output-folder.c: the output folder's lock and temporary files. */
#include "config.h"

#include "lq-output-folder.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-error.h"

#define TEMP_MARK ".lqpart-"
#define TEMP_RANDOM 6            /* the XXXXXX of g_mkstemp */
#define TAGS_SUFFIX ".tags"      /* lq_tags_finish_file()'s rewrite */

struct _LqOutputLock
{
  int fd;
  char *path;
};

LqOutputLock *
lq_output_lock_acquire (const char *directory,
                        GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  path = g_build_filename (directory, LQ_OUTPUT_LOCK_NAME, NULL);
  /* The lock file is removed on release: a writer that opened it just
   * before may hold a lock on a file no longer in the folder, so the lock
   * counts only when the name still leads to the locked file. */
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      struct stat held, named;
      LqOutputLock *lock;
      int fd = g_open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);

      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, LQ_ERROR, saved == EROFS ? LQ_ERROR_READ_ONLY : LQ_ERROR_IO,
                       _("%s: cannot write into the folder: %s"), directory, g_strerror (saved));
          return NULL;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved = errno;

          close (fd);
          if (saved == EWOULDBLOCK)
            g_set_error (error, LQ_ERROR, LQ_ERROR_LOCKED,
                         _("%s: another export is writing into this folder"), directory);
          else
            g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot lock the folder: %s"),
                         directory, g_strerror (saved));
          return NULL;
        }
      if (fstat (fd, &held) == 0 && lstat (path, &named) == 0
          && held.st_dev == named.st_dev && held.st_ino == named.st_ino)
        {
          lock = g_new0 (LqOutputLock, 1);
          lock->fd = fd;
          lock->path = g_steal_pointer (&path);
          lq_output_remove_stale_temps (directory);
          return lock;
        }
      close (fd);
    }
  g_set_error (error, LQ_ERROR, LQ_ERROR_LOCKED,
               _("%s: another export is writing into this folder"), directory);
  return NULL;
}

void
lq_output_lock_release (LqOutputLock *lock)
{
  if (lock == NULL)
    return;
  /* Removed while still locked (see above). */
  g_unlink (lock->path);
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}

char *
lq_output_temp_create (const char *path,
                       GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s" TEMP_MARK "XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, saved == EROFS ? LQ_ERROR_READ_ONLY : LQ_ERROR_IO,
                   _("Cannot create a temporary file in %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&tmp);
}

gboolean
lq_output_is_temp_name (const char *name)
{
  gsize len;
  const char *mark;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  if (name[0] != '.')
    return FALSE;
  if (g_str_has_suffix (name, TAGS_SUFFIX))
    len -= strlen (TAGS_SUFFIX);
  if (len < 1 + strlen (TEMP_MARK) + TEMP_RANDOM)
    return FALSE;
  mark = name + len - TEMP_RANDOM - strlen (TEMP_MARK);
  if (strncmp (mark, TEMP_MARK, strlen (TEMP_MARK)) != 0)
    return FALSE;
  for (guint i = 0; i < TEMP_RANDOM; i++)
    if (!g_ascii_isalnum (mark[strlen (TEMP_MARK) + i]))
      return FALSE;
  return TRUE;
}

guint
lq_output_remove_stale_temps (const char *directory)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (directory != NULL, 0);

  d = g_dir_open (directory, 0, NULL);
  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!lq_output_is_temp_name (name))
        continue;
      path = g_build_filename (directory, name, NULL);
      /* Only files of ours: never a folder, nor through a link. */
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && g_unlink (path) == 0)
        removed++;
    }
  return removed;
}

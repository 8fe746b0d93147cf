/* lq-source-file.c: source identity, hashing, and measuring with hashing.
 *
 * Why hash first and then decode through /proc/self/fd: libsndfile seeks
 * about a file as it parses it (headers, chunks after the audio), so hashing
 * what it happens to read would not be the file's bytes in order. Instead the
 * file is opened once; its bytes are hashed from that descriptor, and the
 * decoder opens the same open file again through /proc/self/fd/N, which
 * names the inode the descriptor holds, not whatever the path names now. A
 * file replaced under its name meanwhile cannot slip in between the hash and
 * the measurement; one written to in place changes its modification time,
 * which the identity check after decoding catches. The second read of the
 * bytes comes from the page cache.
 */
#include "config.h"

#include "lq-source-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"

#define HASH_CHUNK (1 << 20)

void
lq_source_stat_from_stat (LqSourceStat *out,
                          const struct stat *st)
{
  out->size = st->st_size;
  out->mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  out->ctime_ns = (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec;
  out->inode = st->st_ino;
}

gboolean
lq_source_stat_equal (const LqSourceStat *a,
                      const LqSourceStat *b)
{
  return a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns
         && a->inode == b->inode;
}

static gboolean
is_special_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  return g_str_has_prefix (absolute, "/dev/") || g_str_has_prefix (absolute, "/proc/");
}

static void
set_not_regular (GError **error)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR, _("not a regular file"));
}

int
lq_source_open (const char *path,
                LqSourceStat *st,
                GError **error)
{
  struct stat buf;
  int fd;

  g_return_val_if_fail (path != NULL, -1);

  /* /dev/stdin and its kind are not files an album can refer to, even when
   * they happen to lead to one. */
  if (is_special_path (path))
    {
      set_not_regular (error);
      return -1;
    }
  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   "%s", g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &buf) != 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, "%s", g_strerror (saved));
      close (fd);
      return -1;
    }
  if (!S_ISREG (buf.st_mode))
    {
      set_not_regular (error);
      close (fd);
      return -1;
    }
  if (st != NULL)
    lq_source_stat_from_stat (st, &buf);
  return fd;
}

char *
lq_source_hash_fd (int fd,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (HASH_CHUNK);
  off_t offset = 0;

  for (;;)
    {
      ssize_t got = pread (fd, buf, HASH_CHUNK, offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Read error: %s"), g_strerror (saved));
          return NULL;
        }
      if (got == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_checksum_update (sum, buf, got);
      offset += got;
    }
  return g_strdup (g_checksum_get_string (sum));
}

char *
lq_source_hash_path (const char *path,
                     GCancellable *cancellable,
                     LqSourceStat *st,
                     GError **error)
{
  int fd = lq_source_open (path, st, error);
  char *hash;

  if (fd < 0)
    return NULL;
  hash = lq_source_hash_fd (fd, cancellable, error);
  close (fd);
  return hash;
}

char *
lq_source_fd_path (int fd)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", fd);
  struct stat by_path, by_fd;

  if (g_stat (path, &by_path) != 0 || fstat (fd, &by_fd) != 0
      || by_path.st_ino != by_fd.st_ino || by_path.st_dev != by_fd.st_dev)
    return NULL;
  return g_steal_pointer (&path);
}

/* Whether the file @fd is open on is, by its identity, still @before (and,
 * when decoding went by @path, still the file at @path). */
static gboolean
still_the_same (int fd,
                const char *path,
                const LqSourceStat *before,
                GError **error)
{
  struct stat buf, named;
  LqSourceStat after;

  if (fstat (fd, &buf) == 0)
    {
      lq_source_stat_from_stat (&after, &buf);
      if (lq_source_stat_equal (before, &after)
          && (path == NULL
              || (g_stat (path, &named) == 0 && named.st_ino == buf.st_ino && named.st_dev == buf.st_dev)))
        return TRUE;
    }
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("The file changed while it was being read"));
  return FALSE;
}

LqTrackAnalysis *
lq_source_analyze (const char *path,
                   GCancellable *cancellable,
                   LqProgressFunc progress,
                   gpointer progress_data,
                   char **fingerprint,
                   LqSourceStat *st,
                   GError **error)
{
  g_autoptr(LqTrackAnalysis) analysis = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *same_file = NULL;
  LqSourceStat before;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (fingerprint != NULL, NULL);

  fd = lq_source_open (path, &before, error);
  if (fd < 0)
    return NULL;
  hash = lq_source_hash_fd (fd, cancellable, error);
  if (hash == NULL)
    {
      close (fd);
      return NULL;
    }
  same_file = lq_source_fd_path (fd);
  analysis = lq_analyze_file (same_file != NULL ? same_file : path, cancellable,
                              progress, progress_data, error);
  if (analysis == NULL || !still_the_same (fd, same_file != NULL ? NULL : path, &before, error))
    {
      close (fd);
      return NULL;
    }
  close (fd);

  *fingerprint = g_steal_pointer (&hash);
  if (st != NULL)
    *st = before;
  return g_steal_pointer (&analysis);
}

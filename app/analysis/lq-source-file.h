/* lq-source-file.h: a source file's identity and content, read through one
 * file descriptor.
 *
 * A project remembers each source by its content hash (SHA-256 of the file's
 * bytes) and by its stat identity: size, modification and change times to the
 * nanosecond, inode. While the identity is unchanged the file is taken to be
 * the one that was hashed; any difference (a file replaced within the same
 * second, an album copied to another disk) makes Lacquer hash it again, and
 * the hash decides.
 *
 * The device number is deliberately not part of the identity: it changes
 * whenever a removable disk is plugged in again, and a replaced file changes
 * its inode or its change time anyway.
 */
#pragma once

#include <gio/gio.h>
#include <sys/stat.h>

#include "lq-analyzer.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 size;
  gint64 mtime_ns;   /* since the epoch */
  gint64 ctime_ns;
  guint64 inode;
} LqSourceStat;

void lq_source_stat_from_stat (LqSourceStat *out,
                               const struct stat *st);
gboolean lq_source_stat_equal (const LqSourceStat *a,
                               const LqSourceStat *b);

/* Opens @path read-only (never blocking, whatever it is) and fills @st from
 * the open file. Anything but a regular file (a directory, FIFO, device,
 * socket, or a path below /dev or /proc such as /dev/stdin) is refused with
 * LQ_ERROR_NOT_REGULAR, "not a regular file". Errors do not name the file:
 * callers prefix it. Returns the descriptor or -1. */
int lq_source_open (const char *path,
                    LqSourceStat *st,
                    GError **error);

/* SHA-256 (hex) of every byte of the file @fd is open on, read from offset 0
 * with pread(): the descriptor's offset is left alone. */
char *lq_source_hash_fd (int fd,
                         GCancellable *cancellable,
                         GError **error);

/* Hashes the file at @path (lq_source_open(), then lq_source_hash_fd()). */
char *lq_source_hash_path (const char *path,
                           GCancellable *cancellable,
                           LqSourceStat *st,
                           GError **error);

/* A path that opens the very file @fd is open on, even after the name it
 * was opened by has been replaced ("/proc/self/fd/N"), or NULL when /proc is
 * not there. */
char *lq_source_fd_path (int fd);

/* Measures @path and hashes it in the same pass, through one descriptor: the
 * file is opened once, hashed, and decoded through that same descriptor, and
 * its identity is checked again afterwards. So @fingerprint is always the
 * hash of the audio the analysis measured, even if the file at @path is
 * replaced meanwhile; a file written to while it is read fails with
 * LQ_ERROR_IO ("changed while it was being read"). */
LqTrackAnalysis *lq_source_analyze (const char *path,
                                    GCancellable *cancellable,
                                    LqProgressFunc progress,
                                    gpointer progress_data,
                                    char **fingerprint,
                                    LqSourceStat *st,
                                    GError **error);

G_END_DECLS

/* lq-output-folder.h: writing into an output folder safely.
 *
 *  - A lock: one writer (export) per folder at a time. The lock is an
 *    flock() on DIR/.lacquer-export.lock, held until released and dropped
 *    by the kernel when the process dies; the file is removed on release.
 *  - Temporary files with unique names in the folder itself,
 *    DIR/.NAME.lqpart-XXXXXX (g_mkstemp), so that two writers never share
 *    one and the move into place stays on one file system.
 *  - Stale temporary files (a writer killed with SIGKILL) are removed by
 *    the next writer once it holds the lock: no other writer is live then.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LQ_OUTPUT_LOCK_NAME ".lacquer-export.lock"

typedef struct _LqOutputLock LqOutputLock;

/* Locks @directory (which must exist) for writing, without waiting: a
 * folder another writer holds gives LQ_ERROR_LOCKED. Then removes the
 * stale temporary files there. */
LqOutputLock *lq_output_lock_acquire (const char *directory,
                                      GError **error);
/* Removes the lock file and unlocks. NULL is ignored. */
void lq_output_lock_release (LqOutputLock *lock);

/* Creates a new, empty temporary file for @path in @path's folder and
 * returns its name (the file is closed). NULL with LQ_ERROR_IO. */
char *lq_output_temp_create (const char *path,
                             GError **error);

/* Whether @name (a base name) is one of lq_output_temp_create()'s, or a
 * file derived from one (lq-tags' "NAME.tags"). */
gboolean lq_output_is_temp_name (const char *name);

/* Removes the temporary files of lq_output_temp_create() in @directory;
 * only while holding its lock. Returns how many were removed. */
guint lq_output_remove_stale_temps (const char *directory);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqOutputLock, lq_output_lock_release)

G_END_DECLS

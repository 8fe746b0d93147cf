/* lq-output-guard.h: never write over a source.
 *
 * Every file Lacquer writes (exported tracks, reports, images, a release
 * folder) is checked against the project's source audio before anything is
 * written, and again right before a finished file is moved into place.
 * Files are compared by identity (device and inode), not by name: a
 * destination that is a source, a hard link of one, a symbolic link to one
 * (or the symbolic link a project names as its source) is refused,
 * whatever --force says.
 *
 * A guard is built once (it stat()s the sources then) and is read-only
 * afterwards: any thread may check against it.
 */
#pragma once

#include <glib.h>

#include "lq-project.h"

G_BEGIN_DECLS

typedef struct _LqOutputGuard LqOutputGuard;

LqOutputGuard *lq_output_guard_new (void);
/* A guard over the sources of every track of @project. */
LqOutputGuard *lq_output_guard_new_for_project (LqProject *project);
LqOutputGuard *lq_output_guard_ref (LqOutputGuard *guard);
void lq_output_guard_unref (LqOutputGuard *guard);

/* Protects @source (the file it names, and the symbolic link itself when
 * it is one); @owner says whose source it is in messages ("track 2
 * “Hell”"). A source that does not exist is not protected (nothing to
 * harm). */
void lq_output_guard_add (LqOutputGuard *guard,
                          const char *source,
                          const char *owner);

/* FALSE with LQ_ERROR_INVALID_VALUE when writing, renaming or truncating
 * @destination would touch a protected source; the message names
 * @destination and the owner. A destination that does not exist passes. */
gboolean lq_output_guard_check (const LqOutputGuard *guard,
                                const char *destination,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqOutputGuard, lq_output_guard_unref)

G_END_DECLS

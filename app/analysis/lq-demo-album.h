/* lq-demo-album.h: a small synthesized album for a first run.
 *
 * Four short stereo tracks at different loudness and tonal balance, written
 * once into $XDG_CACHE_HOME/lacquer/demo-album and reused afterwards.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns the files (NULL-terminated), creating any that are missing. */
char **lq_demo_album_ensure (const char *directory,
                             GError **error);
/* $XDG_CACHE_HOME/lacquer/demo-album */
char *lq_demo_album_default_directory (void);

G_END_DECLS

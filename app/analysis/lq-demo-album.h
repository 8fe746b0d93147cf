/* lq-demo-album.h: a small synthesized album for a first run.
 *
 * Four short stereo tracks at different loudness and tonal balance, written
 * once into $XDG_CACHE_HOME/lacquer/demo and reused afterwards (with a
 * project of them: lq-demo-project.h).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LQ_DEMO_ALBUM_TITLE "Lacquer Demo Album"
#define LQ_DEMO_ALBUM_ARTIST "The Lacquer Demo Band"

/* Returns the files (NULL-terminated), creating any that are missing. */
char **lq_demo_album_ensure (const char *directory,
                             GError **error);
/* $XDG_CACHE_HOME/lacquer/demo */
char *lq_demo_album_default_directory (void);
guint lq_demo_album_get_n_tracks (void);
/* The file name ("01 Morning Light.wav") and title of track @index (0-based). */
const char *lq_demo_album_get_file_name (guint index);
const char *lq_demo_album_get_title (guint index);

G_END_DECLS

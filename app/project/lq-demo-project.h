/* lq-demo-project.h: the demo album as a real project.
 *
 * The demo album's files (lq-demo-album.h) and a project of them, titled,
 * tagged and analysed, live in one folder: by default
 * $XDG_CACHE_HOME/lacquer/demo/demo.lacquer. It is made once and opened as
 * any album afterwards; a generated file that is missing or changed is
 * written again, and a project that is missing, broken or not the demo's
 * is made again.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_CACHE_HOME/lacquer/demo/demo.lacquer */
char *lq_demo_project_default_path (void);

/* Makes sure @directory holds the demo album and its project (creating,
 * repairing or analysing what needs it; blocking: call it from a worker in
 * a GUI) and returns the project's path. The project is closed again when
 * this returns; one open for writing elsewhere is trusted as it is. */
char *lq_demo_project_ensure (const char *directory,
                              GCancellable *cancellable,
                              GError **error);

/* Where exports of the project at @project_path go by default when it is
 * the default demo project (a folder under the user's Music folder, never
 * the cache); NULL for any other project. */
char *lq_demo_project_export_folder (const char *project_path);

G_END_DECLS

/* lq-project-store.h: the SQLite file behind an album project.
 *
 * One file per album (NAME.lacquer). Opened defensively, as untrusted input:
 * the header is checked before SQLite parses anything, the application id
 * and format version before anything is written, the integrity of the whole
 * file before it is used. Defensive mode, no trusted schema, no extension
 * loading, no ATTACH.
 *
 * Every edit is one IMMEDIATE transaction, committed (WAL, synchronous=FULL)
 * before the call returns. Undo and redo are edits too: temporary triggers
 * record, for each row an edit changes, the statement that undoes it, into
 * the file itself, so the history survives closing and reopening. Replaying
 * that history runs under an authorizer that allows only row changes to the
 * project's own tables: a hostile file cannot make it do anything else.
 *
 * A writable open holds an exclusive flock() on the file for as long as it
 * is open: a second writer gets LQ_ERROR_LOCKED; a killed process loses the
 * lock with its file descriptors, and SQLite's WAL recovery finishes or rolls
 * back whatever it was doing.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The format this Lacquer writes; older ones are migrated forward on open. */
#define LQ_PROJECT_FORMAT_VERSION 11
/* PRAGMA application_id: "LqPj". */
#define LQ_PROJECT_APPLICATION_ID 0x4C71506A

typedef struct _LqProjectStore LqProjectStore;

/* Creates a new, empty project; fails if @path exists. */
LqProjectStore *lq_project_store_create (const char *path,
                                         GError **error);
/* A @path that is a symbolic link opens the file it leads to (its -wal and
 * -shm files beside that file). In a read-only folder only a read-only open
 * works (LQ_ERROR_READ_ONLY, "The project’s folder is read-only", otherwise). */
LqProjectStore *lq_project_store_open (const char *path,
                                       gboolean read_only,
                                       GError **error);
void lq_project_store_free (LqProjectStore *self);

const char *lq_project_store_get_path (LqProjectStore *self);
gboolean lq_project_store_is_read_only (LqProjectStore *self);
/* Opened read-only because its folder is read-only (as an immutable file). */
gboolean lq_project_store_is_folder_read_only (LqProjectStore *self);
sqlite3 *lq_project_store_get_db (LqProjectStore *self);

/* Sets @error from the connection's last error, prefixed with @what. */
void lq_project_store_set_error (LqProjectStore *self,
                                 GError **error,
                                 const char *what);

typedef gboolean (*LqStoreEditFunc) (LqProjectStore *store,
                                     gpointer data,
                                     GError **error);

/* Runs @func in one transaction. With a @label the changes to album and
 * track rows become one undo step (and the redo history is dropped);
 * without, they are not undoable (caches). Nothing is changed when @func or
 * the commit fails. */
gboolean lq_project_store_edit (LqProjectStore *self,
                                const char *label,
                                LqStoreEditFunc func,
                                gpointer data,
                                GError **error);

gboolean lq_project_store_undo (LqProjectStore *self,
                                GError **error);
gboolean lq_project_store_redo (LqProjectStore *self,
                                GError **error);
/* Drops the whole undo and redo history (not an edit: it cannot be undone). */
gboolean lq_project_store_forget_history (LqProjectStore *self,
                                          GError **error);
/* The label of the step undo (redo) would revert, or NULL. */
char *lq_project_store_get_undo_label (LqProjectStore *self);
char *lq_project_store_get_redo_label (LqProjectStore *self);

/* Helpers for prepared statements: each sets @error on failure. */
sqlite3_stmt *lq_project_store_prepare (LqProjectStore *self,
                                        const char *sql,
                                        GError **error);
gboolean lq_project_store_exec (LqProjectStore *self,
                                const char *sql,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqProjectStore, lq_project_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS

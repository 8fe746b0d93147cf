/* lq-project-store-private.h: what lq-project-store.c (the connection and
 * the undo history) shares with lq-project-store-open.c (opening and
 * creating the file), which calls it; never the other way round.
 */
#pragma once

#include "lq-project-store.h"

G_BEGIN_DECLS

struct _LqProjectStore
{
  char *path;
  sqlite3 *db;
  int lock_fd;
  gboolean read_only;
  gboolean replaying;   /* the authorizer is guarding a history replay */
  gboolean accepted;    /* opened or created: closing may write to it */
  gboolean folder_read_only;  /* opened read-only because its folder is */
  char *uri;            /* set to open it as an immutable file */
};


/* Column names of @table, in order; NULL if it does not exist. */
GPtrArray *_lq_project_store_table_columns (LqProjectStore *self,
                                            const char *table);
/* Temporary triggers: for each row an edit changes, store the statement
 * that reverts it in the step being recorded. */
gboolean _lq_project_store_install_history_triggers (LqProjectStore *self,
                                                     GError **error);
/* While history is replayed, only row changes to the project's own tables
 * and the reads they need are allowed (sqlite3_set_authorizer()). */
int _lq_project_store_authorizer (void *user_data,
                                  int action,
                                  const char *a,
                                  const char *b,
                                  const char *db_name,
                                  const char *trigger);

G_END_DECLS

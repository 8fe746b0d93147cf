/* lq-test-sql.h: SQLite straight on a project file, for tests that look
 * under the model (migrations, records, what a crash left). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Runs @sql on @db; fails the test on an error. */
void sql_exec (sqlite3 *db, const char *sql);
/* Runs @sql on @path (creating it when needed); fails the test on an error. */
void sql_file (const char *path, const char *sql);
/* The first column of @sql's first row on @path, opened read-only; fails
 * the test when there is none. */
gint64 sql_int (const char *path, const char *sql);
/* The same, or -1 when the file cannot be read now (locked by a writer,
 * not there yet): for tests that poll. */
gint64 sql_int_try (const char *path, const char *sql);

G_END_DECLS

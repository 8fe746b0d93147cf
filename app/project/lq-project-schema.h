/* lq-project-schema.h: the project file's formats (private to
 * lq-project-store.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* lq_project_migrations[v] takes a file from format v to v + 1. */
extern const char *const lq_project_migrations[];

/* Columns each table of the current format must have: a file that lacks
 * them has another schema, whatever its version number says. */
typedef struct
{
  const char *table;
  const char *columns;
} LqExpectedTable;

extern const LqExpectedTable lq_project_expected_schema[];
extern const guint lq_project_n_expected_tables;

/* The DEFAULT clause SQL gives @table.@column in a project of the current
 * format ("'bell'", "0.71"), or NULL for a column without one. Read once
 * from an empty in-memory database built by the migrations, so it is what a
 * new project holds. Thread-safe. */
const char *lq_project_schema_get_default (const char *table,
                                           const char *column);

G_END_DECLS

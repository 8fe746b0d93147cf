/* lq-cli-project-private.h: what the project commands' files share. */
#pragma once

#include "lq-project.h"

G_BEGIN_DECLS

/* "(undo with: lacquer-cli undo PROJECT)" */
char *_lq_cli_undo_hint (const char *project);
/* Says on stderr why @project was opened read-only: its folder is, or @reason. */
void _lq_cli_note_read_only (const char *path,
                             LqProject *project,
                             const char *reason);
/* The album's title, length, loudness and target, its tracks as a table,
 * and its fields and chain settings that are not at their defaults (every
 * one with @all), on stdout (`list`, `analyze PROJECT`). */
void _lq_cli_print_project_table (LqProject *project,
                                  gboolean all);

/* A track status as the tables print it ("ok", "missing", "changed"), translated. */
const char *_lq_cli_status_label (LqTrackStatus status);

G_END_DECLS

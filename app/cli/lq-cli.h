/* lq-cli.h: the commands of lacquer-cli. Each returns the process exit
 * status: 0 success, 1 a file or operation failed, 2 a usage error. */
#pragma once

#include <glib.h>

#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_EXIT_OK 0
#define LQ_EXIT_FAILED 1
#define LQ_EXIT_USAGE 2

int lq_cli_analyze (int argc, char **argv);
int lq_cli_demo (int argc, char **argv);

/* lq-cli-project.c: the album project commands. */
int lq_cli_new (int argc, char **argv);
int lq_cli_add (int argc, char **argv);
int lq_cli_list (int argc, char **argv);
int lq_cli_move (int argc, char **argv);
int lq_cli_remove (int argc, char **argv);
int lq_cli_set (int argc, char **argv);
int lq_cli_undo (int argc, char **argv);
int lq_cli_redo (int argc, char **argv);
int lq_cli_relink (int argc, char **argv);
/* lq-cli-match.c: the album's loudness plan. */
int lq_cli_match (int argc, char **argv);
/* Analyses the tracks of @project not analysed yet, as `analyze PROJECT`
 * does, with the progress bar on stderr (match and export call it first). */
gboolean lq_cli_analyze_first (LqProject *project, GError **error);
/* The tracks of @project whose file is there and not analysed yet. */
guint lq_cli_count_unanalysed (LqProject *project);
/* `analyze PROJECT` when the first operand is a project, else lq_cli_analyze(). */
int lq_cli_analyze_any (int argc, char **argv);

/* lq-cli-export.c: render the album to files. */
int lq_cli_export (int argc, char **argv);

/* lq-cli-ddp.c: verify a DDP fileset, extract its tracks. */
int lq_cli_ddp (int argc, char **argv);
/* lq-cli-release.c: deliver the release (the CD so far). */
int lq_cli_release (int argc, char **argv);

G_END_DECLS

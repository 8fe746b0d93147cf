/* lq-cli.h: the commands of lacquer-cli. Each returns the process exit
 * status: 0 success, 1 a file or operation failed, 2 a usage error. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LQ_EXIT_OK 0
#define LQ_EXIT_FAILED 1
#define LQ_EXIT_USAGE 2

int lq_cli_analyze (int argc, char **argv);
int lq_cli_demo (int argc, char **argv);

G_END_DECLS

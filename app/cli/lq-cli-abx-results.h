/* lq-cli-abx-results.h: `lacquer-cli abx-results`, the blind tests kept. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lq_cli_abx_results (int argc, char **argv);

G_END_DECLS

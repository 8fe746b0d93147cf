/* lq-cli-ref.h: `lacquer-cli ref`, the project's reference list. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lq_cli_ref (int argc, char **argv);

G_END_DECLS

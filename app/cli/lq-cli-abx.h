/* lq-cli-abx.h: `lacquer-cli abx`, a blind ABX test on a terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lq_cli_abx (int argc, char **argv);

G_END_DECLS

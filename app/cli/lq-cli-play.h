/* lq-cli-play.h: `lacquer-cli play`, one track on the audio output. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lq_cli_play (int argc, char **argv);

G_END_DECLS

/* lq-cli-preview.h: `lacquer-cli preview`, what codecs and streaming
 * platforms do to the album's masters. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lq_cli_preview (int argc, char **argv);

G_END_DECLS

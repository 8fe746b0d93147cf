/* lq-cli-table.h: the text tables of lacquer-cli. printf's field widths count
 * bytes; these count characters, so "—" and translated headings line up. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text, escaped by lq_cli_escape(), padded to @width characters
 * (cut with "…" when longer). */
void lq_cli_table_put (GString *s, const char *text, int width, gboolean right);
/* Appends a space and @value right-aligned in @width, written by
 * lq_format_number() or, with @sign, lq_format_signed(): "—" when not
 * finite, no sign on a value that rounds to zero. */
void lq_cli_table_put_number (GString *s, double value, int width, int decimals, gboolean sign);
/* lq_format_duration(): m:ss, or h:mm:ss from an hour on. */
char *lq_cli_table_format_duration (double seconds);

G_END_DECLS

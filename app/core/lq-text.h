/* lq-text.h: text that comes from outside (arguments, tags, file names).
 *
 * Numbers are read strictly: decimal only, nothing before or after, no hex,
 * no inf or nan. Text that enters the project from a file's tags or its name
 * is made valid UTF-8 and freed of control characters where it enters.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most bytes a text field (a title, an artist, a comment…) may hold. */
#define LQ_TEXT_MAX_BYTES 1024

/* [+-]digits[.digits][(e|E)[+-]digits] (".5" and "5." too), finite.
 * FALSE for anything else: hex, inf, nan, spaces, trailing junk, overflow. */
gboolean lq_text_parse_double (const char *text,
                               double *out);
/* [+-]digits within gint64. */
gboolean lq_text_parse_int (const char *text,
                            gint64 *out);

/* TRUE for C0 controls (tab and newline too), DEL and C1 controls. */
gboolean lq_text_is_control (gunichar c);
/* The first control character of valid UTF-8 @text not in @allowed
 * (ASCII characters, may be NULL), or 0. */
gunichar lq_text_find_control (const char *text,
                               const char *allowed);

/* @text (may be NULL, any bytes) as valid UTF-8 on one line: invalid bytes
 * become U+FFFD, tabs and line breaks a space, other controls are dropped,
 * and the ends are stripped. Never NULL. */
char *lq_text_sanitize (const char *text);
/* A title from a file's base name (may be any bytes): as it is when it is
 * UTF-8, else decoded with G_FILENAME_ENCODING when it is set and fits,
 * else as Windows-1252 (Latin-1), then sanitised. Never NULL. */
char *lq_text_from_filename (const char *name);

G_END_DECLS

/* lq-format.h: how the UI writes measures.
 *
 * The rules of lacquer-cli's table: loudness, levels and ranges to one
 * decimal, DC offset in whole decibels, correlation to two decimals, lengths
 * as m:ss or h:mm:ss, and an em dash for a measure that does not exist (NAN,
 * or the -inf of digital silence). A value that rounds to zero has no sign.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value to @decimals decimals: "-14.2", "0.00"; "—" when not finite. */
char *lq_format_number (double value,
                        int    decimals);
/* lq_format_number (@value, 1). */
char *lq_format_value (double value);
/* "+1.5", "-0.7", "0.0", or "—" for NAN: a difference, always signed. */
char *lq_format_offset (double value);
/* lq_format_value() followed by a unit: "-14.2 LUFS", or "—". */
char *lq_format_value_with_unit (double value,
                                 const char *unit);
/* A length in seconds, rounded to the second: "3:07", "1:02:05"; "—" when not finite. */
char *lq_format_duration (double seconds);

G_END_DECLS

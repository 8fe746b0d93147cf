/* lq-format.h: how Lacquer writes measures, on the command line and in the
 * window alike.
 *
 * Loudness (LUFS, LU), levels (dBFS, dBTP) and gains in dB to one decimal;
 * DC offset in whole decibels and correlation to two decimals by asking
 * lq_format_number() for them; lengths as m:ss, or h:mm:ss from an hour on.
 * A measure that does not exist (NAN, or the -inf of digital silence) is an
 * em dash. A value that rounds to zero has no sign: -0.04 is "0.0", never
 * "-0.0". Numbers round as printf does: the double's exact value to the
 * nearest, an exact tie to the even digit (0.25 is "0.2", 0.35 is "0.3"
 * because the double is 0.34999…). The decimal separator is the locale's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What stands for a measure that does not exist. */
#define LQ_FORMAT_NO_VALUE "—"

/* @value to @decimals (0 to 6) decimals: "-14.2", "0.00", "2975";
 * "—" when not finite. */
char *lq_format_number (double value,
                        int    decimals);
/* Like lq_format_number() but with a sign on anything that is not zero:
 * "+1.25", "-0.70", "0.00"; "—" when not finite. */
char *lq_format_signed (double value,
                        int    decimals);
/* A loudness, level or gain: lq_format_number (@value, 1), "-14.0". */
char *lq_format_value (double value);
/* A difference in LU or dB, always signed: lq_format_signed (@value, 1),
 * "+2.9", "-0.7", "0.0", "—". */
char *lq_format_offset (double value);
/* lq_format_value() followed by a space and @unit: "-14.2 LUFS"; "—" alone
 * when not finite. */
char *lq_format_value_with_unit (double      value,
                                 const char *unit);
/* A length in seconds, rounded to the nearest second (half up): "0:04",
 * "3:07", "1:02:05", "100:00:00"; "—" when not finite, negative or too
 * long to count. */
char *lq_format_duration (double seconds);

G_END_DECLS

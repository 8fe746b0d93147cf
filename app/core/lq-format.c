/* lq-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-format.h"

#include <math.h>
#include <string.h>

/* Drops the sign of @text when every digit in it is a zero: "-0.0", "+0.00",
 * also with a locale's decimal comma ("-0,0"). */
static char *
drop_sign_of_zero (char *text)
{
  if (text[0] != '-' && text[0] != '+')
    return text;

  for (const char *p = text + 1; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && *p != '0')
      return text;

  memmove (text, text + 1, strlen (text));

  return text;
}

char *
lq_format_number (double value,
                  int    decimals)
{
  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  if (!isfinite (value))
    return g_strdup (LQ_FORMAT_NO_VALUE);

  return drop_sign_of_zero (g_strdup_printf ("%.*f", decimals, value));
}

char *
lq_format_signed (double value,
                  int    decimals)
{
  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  if (!isfinite (value))
    return g_strdup (LQ_FORMAT_NO_VALUE);

  return drop_sign_of_zero (g_strdup_printf ("%+.*f", decimals, value));
}

char *
lq_format_value (double value)
{
  return lq_format_number (value, 1);
}

char *
lq_format_offset (double value)
{
  return lq_format_signed (value, 1);
}

char *
lq_format_value_with_unit (double      value,
                           const char *unit)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (unit != NULL, NULL);

  if (!isfinite (value))
    return g_strdup (LQ_FORMAT_NO_VALUE);

  text = lq_format_value (value);

  return g_strdup_printf ("%s %s", text, unit);
}

char *
lq_format_duration (double seconds)
{
  double rounded = floor (seconds + 0.5);
  gint64 s;

  /* NAN fails both comparisons; 2^63 is the first double past G_MAXINT64 */
  if (!(rounded >= 0.0 && rounded < 9223372036854775808.0))
    return g_strdup (LQ_FORMAT_NO_VALUE);

  s = (gint64) rounded;
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            s / 3600, (int) (s / 60 % 60), (int) (s % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

/* lq-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lq-format.h"

#define LQ_NO_VALUE "—"

/* A minus sign followed by nothing but zeros and the decimal point. */
static gboolean
is_negative_zero (const char *text)
{
  if (text[0] != '-')
    return FALSE;

  for (const char *p = text + 1; *p != '\0'; p++)
    if (*p != '0' && *p != '.')
      return FALSE;

  return TRUE;
}

char *
lq_format_number (double value,
                  int    decimals)
{
  char *text;

  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  if (!isfinite (value))
    return g_strdup (LQ_NO_VALUE);

  text = g_strdup_printf ("%.*f", decimals, value);
  if (is_negative_zero (text))
    memmove (text, text + 1, strlen (text));

  return text;
}

char *
lq_format_value (double value)
{
  return lq_format_number (value, 1);
}

char *
lq_format_offset (double value)
{
  g_autofree char *text = lq_format_value (value);

  if (!isfinite (value) || g_str_equal (text, "0.0") || text[0] == '-')
    return g_steal_pointer (&text);

  return g_strconcat ("+", text, NULL);
}

char *
lq_format_value_with_unit (double value,
                           const char *unit)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (unit != NULL, NULL);

  if (!isfinite (value))
    return g_strdup (LQ_NO_VALUE);

  text = lq_format_value (value);

  return g_strdup_printf ("%s %s", text, unit);
}

char *
lq_format_duration (double seconds)
{
  gint64 s;

  if (!isfinite (seconds))
    return g_strdup (LQ_NO_VALUE);

  s = (gint64) floor (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            s / 3600, (int) (s / 60 % 60), (int) (s % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

/* lq-cli-table.c */
#include "config.h"

#include "lq-cli-table.h"

#include "lq-cli-common.h"

#include <math.h>
#include <string.h>

void
lq_cli_table_put (GString *s,
                  const char *raw,
                  int width,
                  gboolean right)
{
  g_autofree char *text = lq_cli_escape (raw);
  glong len = g_utf8_strlen (text, -1);

  if (len > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);
      g_string_append_printf (s, "%s…", cut);
      return;
    }
  if (right)
    for (glong i = len; i < width; i++)
      g_string_append_c (s, ' ');
  g_string_append (s, text);
  if (!right)
    for (glong i = len; i < width; i++)
      g_string_append_c (s, ' ');
}

void
lq_cli_table_put_number (GString *s,
                         double value,
                         int width,
                         int decimals,
                         gboolean sign)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    text = g_strdup ("—");
  else if (sign)
    text = g_strdup_printf ("%+.*f", decimals, value);
  else
    text = g_strdup_printf ("%.*f", decimals, value);
  if ((text[0] == '-' || text[0] == '+') && g_ascii_strtod (text + 1, NULL) == 0.0)
    memmove (text, text + 1, strlen (text));
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, text, width, TRUE);
}

char *
lq_cli_table_format_duration (double seconds)
{
  gint64 t = (gint64) floor (seconds + 0.5);

  if (t >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", t / 3600, (int) (t / 60 % 60), (int) (t % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", t / 60, (int) (t % 60));
}

/* lq-cli-table.c */
#include "config.h"

#include "lq-cli-table.h"

#include "lq-cli-common.h"
#include "lq-format.h"

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
  g_autofree char *text = sign ? lq_format_signed (value, decimals)
                               : lq_format_number (value, decimals);

  g_string_append_c (s, ' ');
  lq_cli_table_put (s, text, width, TRUE);
}

char *
lq_cli_table_format_duration (double seconds)
{
  return lq_format_duration (seconds);
}

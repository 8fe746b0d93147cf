/* lq-text.c */
#include "config.h"

#include "lq-text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static const char *
skip_digits (const char *p,
             guint *n)
{
  *n = 0;
  while (g_ascii_isdigit (*p))
    {
      p++;
      (*n)++;
    }
  return p;
}

gboolean
lq_text_parse_double (const char *text,
                      double *out)
{
  const char *p = text;
  guint whole, fraction = 0, exponent;
  char *end = NULL;
  double v;

  if (text == NULL)
    return FALSE;
  if (*p == '+' || *p == '-')
    p++;
  p = skip_digits (p, &whole);
  if (*p == '.')
    p = skip_digits (p + 1, &fraction);
  if (whole + fraction == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      p = skip_digits (p, &exponent);
      if (exponent == 0)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;

  /* The grammar above is a subset of what g_ascii_strtod reads. */
  v = g_ascii_strtod (text, &end);
  if (end != p || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

gboolean
lq_text_parse_int (const char *text,
                   gint64 *out)
{
  const char *p = text;
  guint digits;
  char *end = NULL;
  gint64 v;

  if (text == NULL)
    return FALSE;
  if (*p == '+' || *p == '-')
    p++;
  p = skip_digits (p, &digits);
  if (digits == 0 || *p != '\0')
    return FALSE;
  errno = 0;
  v = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end != p)
    return FALSE;
  *out = v;
  return TRUE;
}

gboolean
lq_text_is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

gunichar
lq_text_find_control (const char *text,
                      const char *allowed)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (lq_text_is_control (c) && (c >= 0x80 || allowed == NULL || strchr (allowed, (int) c) == NULL))
        return c;
    }
  return 0;
}

char *
lq_text_sanitize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *s = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85)
        g_string_append_c (s, ' ');
      else if (!lq_text_is_control (c))
        g_string_append_unichar (s, c);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

char *
lq_text_from_filename (const char *name)
{
  g_autofree char *decoded = NULL;

  if (name == NULL)
    return g_strdup ("");
  if (g_utf8_validate (name, -1, NULL))
    return lq_text_sanitize (name);

  /* G_FILENAME_ENCODING names the file system's encoding when it is not
   * UTF-8; with UTF-8 file names this fails on the invalid bytes. */
  decoded = g_filename_to_utf8 (name, -1, NULL, NULL, NULL);
  /* Otherwise the commonest non-UTF-8 names are Windows' and Latin-1's. */
  if (decoded == NULL)
    decoded = g_convert (name, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (decoded == NULL)
    decoded = g_convert (name, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return lq_text_sanitize (decoded != NULL ? decoded : name);
}

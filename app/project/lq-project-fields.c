/* lq-project-fields.c */
#include "config.h"

#include "lq-project-fields.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-delivery-target.h"
#include "lq-error.h"
#include "lq-project-schema.h"
#include "lq-text.h"

static const char *const fade_shapes[] = { "linear", "log", "scurve", NULL };

/* Mastering-chain settings (format 4). The keys, columns and choices below
 * are part of the project format: lq-project-store.c creates the columns
 * with the defaults lq-chain-settings.c documents. */
static const char *const eq_types[] = { "bell", "low-shelf", "high-shelf", "high-pass", "low-pass", NULL };
static const char *const eq_slopes[] = { "12", "24", "36", "48", NULL };
static const char *const eq_channels[] = { "stereo", "mid", "side", NULL };
static const char *const comp_detections[] = { "peak", "rms", NULL };
static const char *const comp_channels[] = { "linked", "mid-side", NULL };

#define EQ_BAND(key, table, col, group, n) \
  { key #n "-on", table, col #n "_on", LQ_FIELD_BOOL, 0, 1, NULL, NULL, N_("Enabled"), group, n }, \
  { key #n "-type", table, col #n "_type", LQ_FIELD_CHOICE, 0, 0, eq_types, NULL, N_("Type"), group, n }, \
  { key #n "-freq", table, col #n "_freq_hz", LQ_FIELD_REAL, 10, 24000, NULL, NULL, N_("Frequency (Hz)"), group, n }, \
  { key #n "-gain", table, col #n "_gain_db", LQ_FIELD_REAL, -30, 30, NULL, NULL, N_("Gain (dB)"), group, n }, \
  { key #n "-q", table, col #n "_q", LQ_FIELD_REAL, 0.1, 40, NULL, NULL, N_("Q"), group, n }, \
  { key #n "-slope", table, col #n "_slope", LQ_FIELD_CHOICE, 0, 0, eq_slopes, NULL, N_("Slope (dB/oct)"), group, n }, \
  { key #n "-channels", table, col #n "_channels", LQ_FIELD_CHOICE, 0, 0, eq_channels, NULL, N_("Channels"), group, n }

#define EQ_BANDS(key, table, col, group) \
  EQ_BAND (key, table, col, group, 1), EQ_BAND (key, table, col, group, 2), \
  EQ_BAND (key, table, col, group, 3), EQ_BAND (key, table, col, group, 4), \
  EQ_BAND (key, table, col, group, 5), EQ_BAND (key, table, col, group, 6), \
  EQ_BAND (key, table, col, group, 7), EQ_BAND (key, table, col, group, 8)

#define COMPRESSOR(key, table, col, group) \
  { key "-on", table, col "_on", LQ_FIELD_BOOL, 0, 1, NULL, NULL, N_("Enabled"), group, 0 }, \
  { key "-threshold", table, col "_threshold_db", LQ_FIELD_REAL, -80, 0, NULL, NULL, N_("Threshold (dB)"), group, 0 }, \
  { key "-ratio", table, col "_ratio", LQ_FIELD_REAL, 1, 100, NULL, NULL, N_("Ratio"), group, 0 }, \
  { key "-knee", table, col "_knee_db", LQ_FIELD_REAL, 0, 24, NULL, NULL, N_("Knee (dB)"), group, 0 }, \
  { key "-attack", table, col "_attack_ms", LQ_FIELD_REAL, 0.01, 1000, NULL, NULL, N_("Attack (ms)"), group, 0 }, \
  { key "-release", table, col "_release_ms", LQ_FIELD_REAL, 1, 5000, NULL, NULL, N_("Release (ms)"), group, 0 }, \
  { key "-makeup", table, col "_makeup_db", LQ_FIELD_REAL, -24, 24, NULL, NULL, N_("Makeup (dB)"), group, 0 }, \
  { key "-detection", table, col "_detection", LQ_FIELD_CHOICE, 0, 0, comp_detections, NULL, N_("Detection"), group, 0 }, \
  { key "-channels", table, col "_channels", LQ_FIELD_CHOICE, 0, 0, comp_channels, NULL, N_("Channels"), group, 0 }

static const LqField album_fields[] = {
  { "title", "album", "title", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Title") },
  { "artist", "album", "artist", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Artist") },
  { "year", "album", "year", LQ_FIELD_INT, 1000, 9999, NULL, NULL, N_("Year") },
  { "genre", "album", "genre", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Genre") },
  { "upc", "album", "upc", LQ_FIELD_CODE, 0, 0, NULL, lq_upc_normalize, N_("UPC/EAN") },
  { "catalogue", "album", "catalogue", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Catalogue Number") },
  { "comment", "album", "comment", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Comment"), NULL, 0, TRUE },
  /* CD-Text and the CD's subcode (format 10) */
  { "songwriter", "album", "songwriter", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Songwriter") },
  { "arranger", "album", "arranger", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Arranger") },
  { "message", "album", "message", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("CD-Text Message") },
  { "cd-copy", "album", "cd_copy", LQ_FIELD_BOOL, 0, 1, NULL, NULL, N_("CD Digital Copy Permitted") },
  { "target", "album", "target", LQ_FIELD_CODE, 0, 0, NULL, lq_delivery_target_normalize, N_("Delivery Target") },
  EQ_BANDS ("bus-eq", "album", "bus_eq", N_("Bus EQ Band")),
  COMPRESSOR ("bus-comp", "album", "bus_comp", N_("Bus Compressor")),
  { "limiter-release", "album", "limiter_release_ms", LQ_FIELD_REAL, 1, 2000, NULL, NULL,
    N_("Release (ms)"), N_("Limiter"), 0 },
  { "limiter-auto-release", "album", "limiter_auto_release", LQ_FIELD_BOOL, 0, 1, NULL, NULL,
    N_("Automatic Release"), N_("Limiter"), 0 },
};

static const LqField track_fields[] = {
  { "title", "track", "title", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Title") },
  { "artist", "track", "artist", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Artist") },
  { "composer", "track", "composer", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Composer") },
  { "songwriter", "track", "songwriter", LQ_FIELD_TEXT, 0, 0, NULL, NULL, N_("Songwriter") },
  { "isrc", "track", "isrc", LQ_FIELD_CODE, 0, 0, NULL, lq_isrc_normalize, N_("ISRC") },
  { "gap", "track", "gap_s", LQ_FIELD_REAL, 0, 600, NULL, NULL, N_("Gap Before (s)") },
  { "cd-indexes", "track", "cd_indexes", LQ_FIELD_CODE, 0, 0, NULL, lq_cd_indexes_normalize,
    N_("CD Index Points (s)") },
  { "trim-in", "track", "trim_in_s", LQ_FIELD_REAL, 0, 86400, NULL, NULL, N_("Trim In (s)") },
  { "trim-out", "track", "trim_out_s", LQ_FIELD_REAL, 0, 86400, NULL, NULL, N_("Trim Out (s)") },
  { "fade-in", "track", "fade_in_s", LQ_FIELD_REAL, 0, 86400, NULL, NULL, N_("Fade In (s)") },
  { "fade-in-shape", "track", "fade_in_shape", LQ_FIELD_CHOICE, 0, 0, fade_shapes, NULL, N_("Fade In Shape") },
  { "fade-out", "track", "fade_out_s", LQ_FIELD_REAL, 0, 86400, NULL, NULL, N_("Fade Out (s)") },
  { "fade-out-shape", "track", "fade_out_shape", LQ_FIELD_CHOICE, 0, 0, fade_shapes, NULL, N_("Fade Out Shape") },
  { "gain", "track", "gain_db", LQ_FIELD_REAL, -48, 24, NULL, NULL, N_("Gain (dB)") },
  { "input-trim", "track_processing", "input_trim_db", LQ_FIELD_REAL, -24, 24, NULL, NULL, N_("Input Trim (dB)") },
  { "bypass", "track_processing", "bypass", LQ_FIELD_BOOL, 0, 1, NULL, NULL, N_("Bypass Processing") },
  EQ_BANDS ("eq", "track_processing", "eq", N_("EQ Band")),
  { "match-eq-on", "track_processing", "match_eq_on", LQ_FIELD_BOOL, 0, 1, NULL, NULL,
    N_("Enabled"), N_("Match EQ"), 0 },
  COMPRESSOR ("comp", "track_processing", "comp", N_("Compressor")),
  { "width-on", "track_processing", "width_on", LQ_FIELD_BOOL, 0, 1, NULL, NULL,
    N_("Enabled"), N_("Stereo Width"), 0 },
  { "width", "track_processing", "width", LQ_FIELD_REAL, 0, 2, NULL, NULL,
    N_("Width"), N_("Stereo Width"), 0 },
  { "mono-below", "track_processing", "mono_below_hz", LQ_FIELD_REAL, 0, 1000, NULL, NULL,
    N_("Mono Below (Hz, 0 for off)"), N_("Stereo Width"), 0 },
};

const LqField *
lq_project_fields_album (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (album_fields);
  return album_fields;
}

const LqField *
lq_project_fields_track (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (track_fields);
  return track_fields;
}

const LqField *
lq_project_fields_lookup (gboolean album,
                         const char *key)
{
  guint n;
  const LqField *fields = album ? lq_project_fields_album (&n) : lq_project_fields_track (&n);
  g_autofree char *canonical = g_strdelimit (g_strdup (key), "_", '-');

  for (guint i = 0; i < n; i++)
    if (g_str_equal (fields[i].key, canonical))
      return &fields[i];
  return NULL;
}

GType
lq_field_get_gtype (const LqField *field)
{
  switch (field->type)
    {
    case LQ_FIELD_INT: return G_TYPE_INT64;
    case LQ_FIELD_REAL: return G_TYPE_DOUBLE;
    case LQ_FIELD_BOOL: return G_TYPE_BOOLEAN;
    default: return G_TYPE_STRING;
    }
}

/* Text as typed, before it is stripped: a control character at either end
 * is refused, not quietly dropped. */
static gboolean
check_text (const LqField *field,
            const char *value,
            const char *text,
            GError **error)
{
  gunichar c;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the %s is not valid UTF-8 text"), field->key, _(field->label));
      return FALSE;
    }
  c = lq_text_find_control (value, field->multiline ? "\n\t" : NULL);
  if (c != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   field->multiline
                   ? _("%s: the %s may not hold control characters other than line breaks and tabs "
                       "(it holds U+%04X)")
                   : _("%s: the %s is one line of text without control characters (it holds U+%04X)"),
                   field->key, _(field->label), c);
      return FALSE;
    }
  if (strlen (text) > LQ_TEXT_MAX_BYTES)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the %s is %zu bytes long; at most %d are allowed"),
                   field->key, _(field->label), strlen (text), LQ_TEXT_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_field_parse (const LqField *field,
                const char *value,
                GValue *out,
                GError **error)
{
  g_autofree char *text = NULL;
  double number;
  gint64 whole;

  if (value == NULL)
    value = "";
  g_value_init (out, lq_field_get_gtype (field));

  /* Numbers are taken exactly as given; text and names lose the spaces
   * around them. Nothing shown from here may carry control characters
   * or invalid UTF-8: lq_cli_escape() shows them in the messages. */
  if (field->type == LQ_FIELD_INT || field->type == LQ_FIELD_REAL)
    text = g_strdup (value);
  else
    text = g_strstrip (g_strdup (value));

  switch (field->type)
    {
    case LQ_FIELD_TEXT:
      if (!check_text (field, value, text, error))
        return FALSE;
      g_value_set_string (out, text);
      return TRUE;

    case LQ_FIELD_CODE:
      if (*text == '\0')
        return TRUE;   /* NULL: not set */
      {
        g_autoptr(GError) local = NULL;
        g_autofree char *normal = field->validate (text, &local);

        if (normal == NULL)
          {
            g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, "%s: %s", field->key, local->message);
            return FALSE;
          }
        g_value_set_string (out, normal);
      }
      return TRUE;

    case LQ_FIELD_INT:
      if (*text == '\0')
        {
          g_value_unset (out);
          g_value_init (out, G_TYPE_POINTER);   /* NULL in the column */
          return TRUE;
        }
      if (!lq_text_parse_int (text, &whole) || whole < field->min || whole > field->max)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not allowed; give a whole number from %.0f to %.0f, or nothing"),
                       field->key, text, field->min, field->max);
          return FALSE;
        }
      g_value_set_int64 (out, whole);
      return TRUE;

    case LQ_FIELD_REAL:
      if (!lq_text_parse_double (text, &number) || number < field->min || number > field->max)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not allowed; give a number from %g to %g"),
                       field->key, text, field->min, field->max);
          return FALSE;
        }
      g_value_set_double (out, number);
      return TRUE;

    case LQ_FIELD_CHOICE:
      for (guint i = 0; field->choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (text, field->choices[i]) == 0)
          {
            g_value_set_string (out, field->choices[i]);
            return TRUE;
          }
      {
        g_autofree char *list = g_strjoinv (", ", (char **) field->choices);
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("%s: “%s” is not allowed; choose one of: %s"), field->key, text, list);
      }
      return FALSE;

    case LQ_FIELD_BOOL:
      if (g_ascii_strcasecmp (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0
          || g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "on") == 0)
        g_value_set_boolean (out, TRUE);
      else if (g_ascii_strcasecmp (text, "0") == 0 || g_ascii_strcasecmp (text, "false") == 0
               || g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "off") == 0)
        g_value_set_boolean (out, FALSE);
      else
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not allowed; give true or false"), field->key, text);
          return FALSE;
        }
      return TRUE;
    }

  g_assert_not_reached ();
}

char *
lq_field_format (const LqField *field,
                 const GValue *value)
{
  if (value == NULL || !G_IS_VALUE (value) || G_VALUE_HOLDS_POINTER (value))
    return g_strdup ("");

  switch (field->type)
    {
    case LQ_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case LQ_FIELD_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, g_value_get_double (value)));
      }
    case LQ_FIELD_BOOL:
      return g_strdup (g_value_get_boolean (value) ? "true" : "false");
    default:
      return g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
    }
}

gboolean
lq_field_is_default (const LqField *field,
                     const GValue  *value)
{
  const char *sql;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;
  g_autofree char *then = NULL;
  g_auto(GValue) parsed = G_VALUE_INIT;

  g_return_val_if_fail (field != NULL, FALSE);

  sql = lq_project_schema_get_default (field->table, field->column);
  now = lq_field_format (field, value);
  if (sql == NULL)
    return *now == '\0';
  text = g_strdup (sql);
  if (text[0] == '\'' && strlen (text) >= 2)
    {
      text[strlen (text) - 1] = '\0';
      memmove (text, text + 1, strlen (text));
    }
  if (!lq_field_parse (field, text, &parsed, NULL))
    return FALSE;
  then = lq_field_format (field, &parsed);
  return g_strcmp0 (now, then) == 0;
}

static const struct { const char *suffix; double step; double page; guint digits; } field_steps[] = {
  { "-freq", 1.0, 100.0, 1 },
  { "-q", 0.01, 0.1, 2 },
  { "-ratio", 0.1, 1.0, 1 },
  { "-attack", 0.1, 1.0, 2 },
  { "-release", 1.0, 10.0, 0 },
  { "-threshold", 0.5, 3.0, 1 },
  { "-knee", 0.5, 3.0, 1 },
  { "-makeup", 0.1, 1.0, 1 },
  { "-gain", 0.1, 1.0, 1 },
  { "width", 0.01, 0.1, 2 },
  { "mono-below", 1.0, 10.0, 0 },
};

void
lq_field_get_steps (const LqField *field,
                    double        *step,
                    double        *page,
                    guint         *digits)
{
  double s = 0.1, p = 1.0;
  guint d = 2;

  g_return_if_fail (field != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_steps); i++)
    if (g_str_has_suffix (field->key, field_steps[i].suffix))
      {
        s = field_steps[i].step;
        p = field_steps[i].page;
        d = field_steps[i].digits;
        break;
      }
  if (step != NULL)
    *step = s;
  if (page != NULL)
    *page = p;
  if (digits != NULL)
    *digits = d;
}

/* ISO 3901: CC-XXX-YY-NNNNN. Dashes and spaces are accepted and dropped. */
char *
lq_isrc_normalize (const char *isrc,
                   GError **error)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = isrc; *p != '\0'; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (s, g_ascii_toupper (*p));

  if (s->len == 12
      && g_ascii_isalpha (s->str[0]) && g_ascii_isalpha (s->str[1])
      && g_ascii_isalnum (s->str[2]) && g_ascii_isalnum (s->str[3]) && g_ascii_isalnum (s->str[4]))
    {
      gboolean digits = TRUE;

      for (int i = 5; i < 12; i++)
        digits &= g_ascii_isdigit (s->str[i]);
      if (digits)
        return g_string_free (g_steal_pointer (&s), FALSE);
    }

  g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
               _("“%s” is not an ISRC; an ISRC is CC-XXX-YY-NNNNN: a two-letter country code, "
                 "a three-character registrant code, two digits of year and five digits"), isrc);
  return NULL;
}

/* UPC-A (12 digits) or EAN-13 (13 digits) with a valid check digit. */
char *
lq_upc_normalize (const char *code,
                  GError **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  int sum = 0;

  for (const char *p = code; *p != '\0'; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (s, *p);

  for (gsize i = 0; i < s->len; i++)
    if (!g_ascii_isdigit (s->str[i]))
      goto invalid;
  if (s->len != 12 && s->len != 13)
    goto invalid;

  /* From the right, leaving out the check digit: weights 3, 1, 3, 1... */
  for (gsize i = 0; i + 1 < s->len; i++)
    {
      gsize from_right = s->len - 2 - i;
      sum += (s->str[i] - '0') * (from_right % 2 == 0 ? 3 : 1);
    }
  if ((10 - sum % 10) % 10 != s->str[s->len - 1] - '0')
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("“%s” has a wrong check digit (it should end in %d)"),
                   code, (10 - sum % 10) % 10);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);

invalid:
  g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
               _("“%s” is not a UPC or EAN; give 12 (UPC-A) or 13 (EAN-13) digits"), code);
  return NULL;
}

/* CD index points INDEX 02 onwards: seconds from the track's start (its
 * INDEX 01), separated by spaces or commas, each a decimal number above 0
 * and above the one before ("12.5 61"). Whether they fall inside the track
 * is checked when the disc is laid out (the track's length depends on its
 * render). Normalised to numbers separated by one space. */
char *
lq_cd_indexes_normalize (const char *indexes,
                         GError    **error)
{
  g_auto(GStrv) parts = g_strsplit_set (indexes, " ,\t", -1);
  g_autoptr(GString) s = g_string_new (NULL);
  double previous = 0;
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double seconds;

      if (*parts[i] == '\0')
        continue;
      if (!lq_text_parse_double (parts[i], &seconds) || seconds <= 0 || seconds > 86400)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("“%s” is not an index point; give seconds from the track’s start, "
                         "each above 0 (“12.5 61”)"), parts[i]);
          return NULL;
        }
      if (seconds <= previous)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("index point %s s does not come after %g s; give them in increasing order"),
                       parts[i], previous);
          return NULL;
        }
      if (++n > 98)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("“%s” has more than 98 index points; a CD track has at most INDEX 02 to 99"),
                       indexes);
          return NULL;
        }
      previous = seconds;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, g_ascii_dtostr (buf, sizeof buf, seconds));
    }
  if (s->len == 0)
    return g_strdup ("");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* lq-project-fields.h: the editable fields of an album and of its tracks.
 *
 * One table describes every field: its key (the CLI's key=value and the
 * GObject property name), where it is stored, its type and what values are
 * allowed. The model, the store, the CLI and the edit pane all read it, so a
 * field added here (and in a schema migration) is editable everywhere.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LQ_FIELD_TEXT,    /* text: valid UTF-8, at most 1,024 bytes, no control characters */
  LQ_FIELD_CODE,    /* text checked by a validator (ISRC, UPC/EAN, target); NULL when empty */
  LQ_FIELD_INT,     /* decimal integer in [min, max]; NULL when empty */
  LQ_FIELD_REAL,    /* decimal number in [min, max] (no hex, inf, nan or spaces) */
  LQ_FIELD_CHOICE,  /* one of choices */
  LQ_FIELD_BOOL,    /* 0 or 1 */
} LqFieldType;

typedef struct
{
  const char *key;
  const char *table;
  const char *column;
  LqFieldType type;
  double min;
  double max;
  const char *const *choices;
  /* Normalises @value (e.g. an ISRC without dashes, upper case) or fails. */
  char *(*validate) (const char *value, GError **error);
  const char *label;   /* translatable, for the edit pane */
  /* Mastering-chain settings carry the processor they belong to
   * (translatable, N_("Compressor")) and, for EQ bands, the 1-based band
   * number: the inspector shows them as "EQ Band 3". NULL and 0 for the
   * album's and tracks' own fields. */
  const char *group;
  guint band;
  /* Text that may hold line breaks and tabs (the album comment); every
   * other text field is one line. No text field holds other control
   * characters, invalid UTF-8 or more than LQ_TEXT_MAX_BYTES bytes. */
  gboolean multiline;
} LqField;

const LqField *lq_project_fields_album (guint *n_fields);
const LqField *lq_project_fields_track (guint *n_fields);
const LqField *lq_project_fields_lookup (gboolean album,
                                         const char *key);

/* Checks @value for @field; returns the value to store (normalised text, or
 * NULL for "empty" in nullable fields) or FALSE with an error saying what is
 * allowed. */
gboolean lq_field_parse (const LqField *field,
                         const char *value,
                         GValue *out,
                         GError **error);

/* The GType values of a field take (G_TYPE_STRING, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_BOOLEAN). */
GType lq_field_get_gtype (const LqField *field);

/* Value as text, the way `lacquer-cli set` accepts it back. */
char *lq_field_format (const LqField *field,
                       const GValue *value);

/* Whether @value is what a new project holds in @field (its column's
 * default; empty for a field without one). */
gboolean lq_field_is_default (const LqField *field,
                              const GValue  *value);

/* How a number field is edited and shown, by the unit its key ends in:
 * the editor's step and page increments and the decimals it shows. The
 * window's spin buttons and the CLI's list round alike. */
void lq_field_get_steps (const LqField *field,
                         double        *step,
                         double        *page,
                         guint         *digits);

char *lq_isrc_normalize (const char *isrc, GError **error);
char *lq_upc_normalize (const char *code, GError **error);
/* CD index points: increasing seconds above 0, "12.5 61" */
char *lq_cd_indexes_normalize (const char *indexes, GError **error);

G_END_DECLS

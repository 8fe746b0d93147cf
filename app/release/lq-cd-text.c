/* lq-cd-text.c: CD-Text packs (see the header) */
#include "config.h"

#include "lq-cd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lq-error.h"

static const LqCdTextPackType text_types[] = {
  LQ_CD_TEXT_TITLE, LQ_CD_TEXT_PERFORMER, LQ_CD_TEXT_SONGWRITER,
  LQ_CD_TEXT_COMPOSER, LQ_CD_TEXT_ARRANGER, LQ_CD_TEXT_MESSAGE,
};

const char *
lq_cd_text_get_field (const LqCdText   *text,
                      LqCdTextPackType  type)
{
  switch (type)
    {
    case LQ_CD_TEXT_TITLE: return text->title;
    case LQ_CD_TEXT_PERFORMER: return text->performer;
    case LQ_CD_TEXT_SONGWRITER: return text->songwriter;
    case LQ_CD_TEXT_COMPOSER: return text->composer;
    case LQ_CD_TEXT_ARRANGER: return text->arranger;
    case LQ_CD_TEXT_MESSAGE: return text->message;
    default: return NULL;
    }
}

static gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
lq_cd_text_type_used (const LqCdLayout *layout,
                      LqCdTextPackType  type)
{
  if (type == LQ_CD_TEXT_UPC_ISRC)
    {
      if (is_set (layout->catalog))
        return TRUE;
      for (guint i = 0; i < layout->n_tracks; i++)
        if (is_set (layout->tracks[i].isrc))
          return TRUE;
      return FALSE;
    }
  if (is_set (lq_cd_text_get_field (&layout->text, type)))
    return TRUE;
  for (guint i = 0; i < layout->n_tracks; i++)
    if (is_set (lq_cd_text_get_field (&layout->tracks[i].text, type)))
      return TRUE;
  return FALSE;
}

gboolean
lq_cd_text_layout_has_text (const LqCdLayout *layout)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint t = 0; t < G_N_ELEMENTS (text_types); t++)
    if (lq_cd_text_type_used (layout, text_types[t]))
      return TRUE;
  return FALSE;
}

guint16
lq_cd_text_crc (const guint8 *data,
                gsize         length)
{
  guint16 crc = 0;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= (guint16) data[i] << 8;
      for (int b = 0; b < 8; b++)
        crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ 0x1021) : (guint16) (crc << 1);
    }
  return crc;
}

char *
lq_cd_text_describe_field (guint            track,
                           LqCdTextPackType type)
{
  const char *name;

  switch (type)
    {
    case LQ_CD_TEXT_TITLE: name = _("title"); break;
    case LQ_CD_TEXT_PERFORMER: name = _("performer"); break;
    case LQ_CD_TEXT_SONGWRITER: name = _("songwriter"); break;
    case LQ_CD_TEXT_COMPOSER: name = _("composer"); break;
    case LQ_CD_TEXT_ARRANGER: name = _("arranger"); break;
    case LQ_CD_TEXT_MESSAGE: name = _("message"); break;
    default: name = _("UPC/EAN or ISRC"); break;
    }
  if (track == 0)
    return g_strdup_printf (_("album %s"), name);
  return g_strdup_printf (_("track %u %s"), track, name);
}

char *
lq_cd_text_to_latin1 (const char  *utf8,
                      const char  *what,
                      GError     **error)
{
  GString *out = g_string_new (NULL);

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFF)
        {
          char ch[8] = { 0 };

          g_unichar_to_utf8 (c, ch);
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The %s “%s” holds “%s” (U+%04X), which CD-Text (ISO-8859-1) cannot hold"),
                       what, utf8, ch, c);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

/* The packs of one type: the album's and every track's string, each with
 * its NUL, in 12-byte pieces. */
static gboolean
append_type (GByteArray       *packs,
             const LqCdLayout *layout,
             LqCdTextPackType  type,
             guint            *counts,
             GError          **error)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GArray) owner = g_array_new (FALSE, FALSE, sizeof (guint));       /* track of each byte */
  g_autoptr(GArray) position = g_array_new (FALSE, FALSE, sizeof (guint));    /* index in its string */

  for (guint track = 0; track <= layout->n_tracks; track++)
    {
      const char *field;
      g_autofree char *latin1 = NULL;

      if (type == LQ_CD_TEXT_UPC_ISRC)
        field = track == 0 ? layout->catalog : layout->tracks[track - 1].isrc;
      else
        field = lq_cd_text_get_field (track == 0 ? &layout->text : &layout->tracks[track - 1].text, type);
      if (field == NULL)
        field = "";
      {
        g_autofree char *what = lq_cd_text_describe_field (track, type);
        latin1 = lq_cd_text_to_latin1 (field, what, error);
      }
      if (latin1 == NULL)
        return FALSE;
      for (guint i = 0; i <= strlen (latin1); i++)
        {
          g_byte_array_append (text, (const guint8 *) latin1 + i, 1);
          g_array_append_val (owner, track);
          g_array_append_val (position, i);
        }
    }

  for (guint at = 0; at < text->len; at += 12)
    {
      guint8 pack[LQ_CD_TEXT_PACK_BYTES] = { 0 };
      guint n = MIN (12, text->len - at);

      pack[0] = type;
      pack[1] = (guint8) g_array_index (owner, guint, at);
      pack[2] = 0;   /* the sequence number: set when the block is complete */
      pack[3] = (guint8) MIN (g_array_index (position, guint, at), 15);
      memcpy (pack + 4, text->data + at, n);
      g_byte_array_append (packs, pack, sizeof pack);
      counts[type - 0x80]++;
    }
  return TRUE;
}

static void
seal (guint8 *pack)
{
  guint16 crc = lq_cd_text_crc (pack, 16) ^ 0xFFFF;

  pack[16] = crc >> 8;
  pack[17] = crc & 0xFF;
}

GBytes *
lq_cd_text_encode (const LqCdLayout *layout,
                   guint            *n_packs,
                   GError          **error)
{
  static const LqCdTextPackType order[] = {
    LQ_CD_TEXT_TITLE, LQ_CD_TEXT_PERFORMER, LQ_CD_TEXT_SONGWRITER,
    LQ_CD_TEXT_COMPOSER, LQ_CD_TEXT_ARRANGER, LQ_CD_TEXT_MESSAGE, LQ_CD_TEXT_UPC_ISRC,
  };
  g_autoptr(GByteArray) packs = g_byte_array_new ();
  guint counts[16] = { 0 };
  guint8 size_info[36] = { 0 };
  guint total;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (n_packs != NULL, NULL);

  *n_packs = 0;
  if (!lq_cd_text_layout_has_text (layout))
    return NULL;

  for (guint t = 0; t < G_N_ELEMENTS (order); t++)
    if (lq_cd_text_type_used (layout, order[t]) && !append_type (packs, layout, order[t], counts, error))
      return NULL;

  total = packs->len / LQ_CD_TEXT_PACK_BYTES + 3;
  *n_packs = total;
  if (total - 3 > LQ_CD_TEXT_MAX_TEXT_PACKS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The CD-Text needs %u text packs; a block holds at most %d (shorten the titles "
                     "and names)"), total - 3, LQ_CD_TEXT_MAX_TEXT_PACKS);
      return NULL;
    }

  counts[LQ_CD_TEXT_SIZE_INFO - 0x80] = 3;
  size_info[0] = 0x00;   /* ISO-8859-1 */
  size_info[1] = layout->n_tracks > 0 ? 1 : 0;
  size_info[2] = (guint8) layout->n_tracks;
  size_info[3] = 0x00;
  for (guint t = 0; t < 16; t++)
    size_info[4 + t] = (guint8) counts[t];
  size_info[20] = (guint8) (total - 1);   /* block 0's last sequence number */
  size_info[28] = LQ_CD_TEXT_LANGUAGE_ENGLISH;
  for (guint k = 0; k < 3; k++)
    {
      guint8 pack[LQ_CD_TEXT_PACK_BYTES] = { 0 };

      pack[0] = LQ_CD_TEXT_SIZE_INFO;
      pack[1] = (guint8) k;
      memcpy (pack + 4, size_info + 12 * k, 12);
      g_byte_array_append (packs, pack, sizeof pack);
    }

  for (guint i = 0; i < total; i++)
    {
      guint8 *pack = packs->data + i * LQ_CD_TEXT_PACK_BYTES;

      pack[2] = (guint8) i;
      seal (pack);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&packs));
}

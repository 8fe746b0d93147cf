/* lq-ddp-reader-text.c: the DDP reader's own CD-Text decoder: each pack's
 * CRC, the titles (0x80) and performers (0x81) of block 0 */
#include "lq-ddp-reader-private.h"

#include <glib/gi18n.h>
#include <string.h>

#define PACK_SIZE 18

/* CRC-16 CCITT as CD-Text packs carry it: polynomial 0x1021, start 0,
 * inverted */
static guint16
pack_crc (const guint8 *data,
          gsize         length)
{
  guint16 crc = 0;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= (guint16) data[i] << 8;
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ 0x1021) : (guint16) (crc << 1);
    }
  return (guint16) ~crc;
}

static char *
latin1_to_utf8 (const char *text,
                gsize       length)
{
  char *utf8 = g_convert (text, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);

  return utf8 != NULL ? utf8 : g_strndup (text, length);
}

/* The texts of one pack type (block 0): NUL-separated strings, the first
 * for the track in the first pack, then one for each following track; a
 * lone TAB repeats the previous one */
static void
decode_texts (LqDdpImage   *image,
              const guint8 *packs,
              guint         n,
              const gboolean *valid,
              guint8        type)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();
  gint first_track = -1;
  guint number;
  const char *p;
  const char *end;
  char *previous = NULL;

  for (guint i = 0; i < n; i++)
    {
      const guint8 *pack = packs + (gsize) i * PACK_SIZE;
      if (!valid[i] || pack[0] != type || ((pack[3] >> 4) & 0x7) != 0)
        continue;
      if (first_track < 0)
        first_track = pack[1] & 0x7f;
      g_byte_array_append (text, pack + 4, 12);
    }
  if (first_track < 0)
    return;

  number = (guint) first_track;
  p = (const char *) text->data;
  end = p + text->len;
  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);
      gsize length = nul != NULL ? (gsize) (nul - p) : (gsize) (end - p);
      char *value;
      char **slot = NULL;

      if (nul == NULL)
        break;   /* padding after the last string */
      if (length == 1 && p[0] == '\t' && previous != NULL)
        value = g_strdup (previous);
      else
        value = latin1_to_utf8 (p, length);
      if (number == 0)
        slot = type == 0x80 ? &image->title : &image->performer;
      else
        for (guint i = 0; i < image->tracks->len; i++)
          {
            LqDdpTrack *track = image->tracks->pdata[i];
            if (track->number == number)
              slot = type == 0x80 ? &track->title : &track->performer;
          }
      if (slot != NULL && *slot == NULL && length > 0)
        *slot = g_strdup (value);
      g_free (previous);
      previous = value;
      number++;
      p = nul + 1;
    }
  g_free (previous);
}

void
_lq_ddp_read_text (LqDdpImage *image,
                   const char *file)
{
  g_autoptr(GBytes) bytes = _lq_ddp_read_small (image, file, _("the CD-Text"));
  g_autofree gboolean *valid = NULL;
  const guint8 *packs;
  gsize length;
  guint n;

  if (bytes == NULL)
    return;
  packs = g_bytes_get_data (bytes, &length);
  n = length / PACK_SIZE;
  if (length % PACK_SIZE != 0)
    _lq_ddp_add_problem (image->problems, file, (gint64) n * PACK_SIZE, n + 1, "pack",
                 _("truncated: %zu of %d bytes"), length % PACK_SIZE, PACK_SIZE);
  valid = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const guint8 *pack = packs + (gsize) i * PACK_SIZE;
      guint16 crc = pack_crc (pack, 16);
      guint16 stored = (guint16) (pack[16] << 8 | pack[17]);

      valid[i] = crc == stored;
      if (!valid[i])
        _lq_ddp_add_problem (image->problems, file, (gint64) i * PACK_SIZE + 16, i + 1, "pack",
                     _("the CRC is 0x%04x; the pack says 0x%04x"), crc, stored);
      else if (pack[0] < 0x80 || pack[0] > 0x8f)
        _lq_ddp_add_problem (image->problems, file, (gint64) i * PACK_SIZE, i + 1, "pack",
                     _("the pack type 0x%02x is not a CD-Text type (0x80 to 0x8F)"), pack[0]);
    }
  decode_texts (image, packs, n, valid, 0x80);
  decode_texts (image, packs, n, valid, 0x81);
}

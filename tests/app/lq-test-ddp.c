/* lq-test-ddp.c: a small disc for the DDP tests (see the header) */
#include "lq-test-ddp.h"

#include <string.h>

LqCdLayout *
lq_test_ddp_layout (void)
{
  LqCdLayout *layout = lq_cd_layout_new (3);
  LqCdTrack *t = layout->tracks;

  layout->catalog = g_strdup ("4006381333931");

  t[0].pregap = 0;
  t[0].start = 150;
  t[0].samples = 300 * LQ_CD_FRAME_SAMPLES;   /* 4 s */
  t[0].end = 450;
  t[0].isrc = g_strdup ("USABC2600001");

  t[1].pregap = 450;                          /* 2 s gap */
  t[1].start = 600;
  t[1].samples = 150 * LQ_CD_FRAME_SAMPLES + 100;
  t[1].end = 751;
  t[1].isrc = g_strdup ("USABC2600002");
  t[1].copy_permitted = TRUE;

  t[2].pregap = 751;                          /* no gap */
  t[2].start = 751;
  t[2].samples = 200 * LQ_CD_FRAME_SAMPLES;
  t[2].end = 951;
  t[2].n_indexes = 1;
  t[2].indexes = g_new (guint64, 1);
  t[2].indexes[0] = 826;

  layout->leadout = 951;
  return layout;
}

GBytes *
lq_test_ddp_image (const LqCdLayout *layout)
{
  gsize samples = (gsize) layout->leadout * LQ_CD_FRAME_SAMPLES;
  guint8 *data = g_malloc0 (samples * 4);
  guint32 state = 12345;

  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *track = &layout->tracks[i];
      gsize first = (gsize) track->start * LQ_CD_FRAME_SAMPLES;

      for (gsize n = first; n < first + track->samples; n++)
        for (guint c = 0; c < 2; c++)
          {
            gint16 v;
            state = state * 1664525u + 1013904223u;
            v = (gint16) (state >> 16);
            data[n * 4 + c * 2] = (guint8) (v & 0xff);
            data[n * 4 + c * 2 + 1] = (guint8) ((guint16) v >> 8);
          }
    }
  return g_bytes_new_take (data, samples * 4);
}

guint16
lq_test_ddp_crc (const guint8 *data,
                 gsize         length)
{
  guint32 crc = 0;

  /* Bit by bit, most significant first: x^16 + x^12 + x^5 + 1 */
  for (gsize i = 0; i < length * 8; i++)
    {
      guint bit = (data[i / 8] >> (7 - i % 8)) & 1;
      guint top = (crc >> 15) & 1;
      crc = (crc << 1) & 0xffff;
      if (top ^ bit)
        crc ^= 0x1021;
    }
  return (guint16) (crc ^ 0xffff);
}

/* The packs of one type: @texts (NUL-separated, one a track from 0) cut
 * into 12-byte pieces */
static void
add_packs (GByteArray *packs,
           guint8      type,
           const char *texts,
           gsize       length,
           guint8     *sequence)
{
  for (gsize at = 0; at < length; at += 12)
    {
      guint8 pack[18] = { 0 };
      guint track = 0;
      gsize string_start = 0;
      guint16 crc;

      /* The track whose string holds byte @at, and the position in it */
      for (gsize k = 0; k < at; k++)
        if (texts[k] == '\0')
          {
            track++;
            string_start = k + 1;
          }
      pack[0] = type;
      pack[1] = (guint8) track;
      pack[2] = (*sequence)++;
      pack[3] = (guint8) MIN (at - string_start, 15);
      memcpy (pack + 4, texts + at, MIN (12, length - at));
      crc = lq_test_ddp_crc (pack, 16);
      pack[16] = crc >> 8;
      pack[17] = crc & 0xff;
      g_byte_array_append (packs, pack, sizeof pack);
    }
}

GBytes *
lq_test_ddp_cd_text (void)
{
  static const char titles[] = "Album\0One\0Two\0Three";
  static const char performers[] = "Band\0Singer\0\t\0Other";
  GByteArray *packs = g_byte_array_new ();
  guint8 sequence = 0;

  /* sizeof includes the last string's NUL */
  add_packs (packs, 0x80, titles, sizeof titles, &sequence);
  add_packs (packs, 0x81, performers, sizeof performers, &sequence);
  return g_byte_array_free_to_bytes (packs);
}

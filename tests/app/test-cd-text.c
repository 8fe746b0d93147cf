/* test-cd-text.c: the CD-Text packs (lq-cd-text.h), read back by a small
 * decoder written here from MMC-3 Annex J's description: 18-byte packs,
 * CRC-16 CCITT inverted over the first 16 bytes, the strings of each pack
 * type running through its packs, three size-information packs. */
#include <string.h>

#include "lq-cd-text.h"
#include "lq-error.h"
#include "lq-test-cd.h"

/* CRC-16/CCITT (x^16 + x^12 + x^5 + 1, initial 0), bit by bit from the
 * polynomial's definition: the message times x^16 modulo the polynomial. */
static guint16
reference_crc (const guint8 *data, gsize n)
{
  guint32 r = 0;

  for (gsize i = 0; i < n + 2; i++)
    {
      guint8 byte = i < n ? data[i] : 0;   /* two zero bytes: times x^16 */

      for (int b = 7; b >= 0; b--)
        {
          r = (r << 1) | ((byte >> b) & 1);
          if (r & 0x10000)
            r ^= 0x11021;
        }
    }
  return (guint16) r;
}

typedef struct
{
  guint n_packs;
  const guint8 *packs;
} Block;

/* The strings of @type in pack order, split at NULs: [album, track 1, ...] */
static GPtrArray *
decode_strings (const Block *block, guint8 type, guint n_tracks)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  gsize at = 0;

  for (guint i = 0; i < block->n_packs; i++)
    if (block->packs[i * 18] == type)
      g_byte_array_append (text, block->packs + i * 18 + 4, 12);
  while (strings->len < n_tracks + 1 && at < text->len)
    {
      gsize len = strnlen ((const char *) text->data + at, text->len - at);

      g_ptr_array_add (strings, g_strndup ((const char *) text->data + at, len));
      at += len + 1;
    }
  return strings;
}

static LqCdLayout *
sample_layout (void)
{
  LqCdLayout *layout = lq_test_cd_plain_layout (3, 5);

  layout->text.title = g_strdup ("Album");
  layout->text.performer = g_strdup ("Band");
  layout->tracks[0].text.title = g_strdup ("One");
  layout->tracks[1].text.title = g_strdup ("A somewhat longer title, over two packs");
  layout->tracks[1].text.performer = g_strdup ("Guest");
  layout->tracks[2].text.title = g_strdup ("Three \xc3\xa9t\xc3\xa9");   /* "Three été" */
  layout->tracks[0].isrc = g_strdup ("USABC2400001");
  layout->catalog = g_strdup ("0036000291452");
  return layout;
}

static void
test_packs (void)
{
  g_autoptr(LqCdLayout) layout = sample_layout ();
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autoptr(GBytes) bytes = lq_cd_text_encode (layout, &n, &error);
  gsize size;
  Block block;
  guint counts[16] = { 0 };
  guint8 info[36];
  const char *want_titles[] = { "Album", "One", "A somewhat longer title, over two packs", "Three \xe9t\xe9" };
  const char *want_performers[] = { "Band", "", "Guest", "" };
  const char *want_codes[] = { "0036000291452", "USABC2400001", "", "" };
  const struct { guint8 type; const char *const *want; } types[] = {
    { 0x80, want_titles }, { 0x81, want_performers }, { 0x8E, want_codes },
  };

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  block.packs = g_bytes_get_data (bytes, &size);
  block.n_packs = n;
  g_assert_cmpuint (size, ==, (gsize) n * 18);

  for (guint i = 0; i < n; i++)
    {
      const guint8 *p = block.packs + i * 18;
      guint16 stored = (guint16) ((p[16] << 8) | p[17]);

      g_assert_cmphex (stored, ==, reference_crc (p, 16) ^ 0xFFFF);
      g_assert_cmpuint (p[2], ==, i);                /* sequence */
      g_assert_cmpuint ((p[3] >> 4) & 7, ==, 0);     /* block 0 */
      g_assert_cmpuint (p[3] & 0x80, ==, 0);         /* single-byte characters */
      g_assert_cmpuint (p[0], >=, 0x80);
      g_assert_cmpuint (p[0], <=, 0x8F);
      counts[p[0] - 0x80]++;
    }
  /* No songwriter, composer, arranger or message: no packs of those types */
  for (guint k = 2; k <= 5; k++)
    g_assert_cmpuint (counts[k], ==, 0);

  /* Texts back, as ISO-8859-1 */
  for (guint k = 0; k < G_N_ELEMENTS (types); k++)
    {
      g_autoptr(GPtrArray) strings = decode_strings (&block, types[k].type, 3);

      g_assert_cmpuint (strings->len, ==, 4);
      for (guint s = 0; s < 4; s++)
        g_assert_cmpstr (g_ptr_array_index (strings, s), ==, types[k].want[s]);
    }
  /* Each pack's track number and character position: where its first byte is */
  for (guint k = 0; k < G_N_ELEMENTS (types); k++)
    {
      guint pack_in_type = 0;
      for (guint i = 0; i < n; i++)
        {
          const guint8 *p = block.packs + i * 18;
          gsize offset = pack_in_type * 12, at = 0;
          guint track = 0;

          if (p[0] != types[k].type)
            continue;
          /* Walk the strings to the one holding byte @offset */
          while (at + strlen (types[k].want[track]) + 1 <= offset)
            at += strlen (types[k].want[track++]) + 1;
          g_assert_cmpuint (p[1], ==, track);
          g_assert_cmpuint (p[3] & 0x0F, ==, MIN (offset - at, 15));
          pack_in_type++;
        }
    }

  /* The size information: the last three packs */
  g_assert_cmpuint (counts[15], ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      const guint8 *p = block.packs + (n - 3 + k) * 18;

      g_assert_cmpuint (p[0], ==, 0x8F);
      g_assert_cmpuint (p[1], ==, k);
      memcpy (info + 12 * k, p + 4, 12);
    }
  g_assert_cmpuint (info[0], ==, 0x00);   /* ISO-8859-1 */
  g_assert_cmpuint (info[1], ==, 1);
  g_assert_cmpuint (info[2], ==, 3);
  for (guint k = 0; k < 16; k++)
    g_assert_cmpuint (info[4 + k], ==, counts[k]);
  g_assert_cmpuint (info[20], ==, n - 1);
  for (guint k = 1; k < 8; k++)
    g_assert_cmpuint (info[20 + k], ==, 0);
  g_assert_cmpuint (info[28], ==, 0x09);  /* English */
  /* Title bytes: "Album" 6 + "One" 4 + 40 + "Three été" 10 = 60: 5 packs */
  g_assert_cmpuint (counts[0], ==, 5);
}

static void
test_no_text (void)
{
  g_autoptr(LqCdLayout) layout = lq_test_cd_plain_layout (2, 5);
  g_autoptr(GError) error = NULL;
  guint n = 99;
  g_autoptr(GBytes) bytes = NULL;

  layout->tracks[0].isrc = g_strdup ("USABC2400001");   /* codes alone are no CD-Text */
  bytes = lq_cd_text_encode (layout, &n, &error);
  g_assert_no_error (error);
  g_assert_null (bytes);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (lq_cd_text_layout_has_text (layout));
}

static void
test_not_latin1 (void)
{
  g_autoptr(LqCdLayout) layout = lq_test_cd_plain_layout (2, 5);
  g_autoptr(GError) error = NULL;
  guint n;
  g_autoptr(GBytes) bytes = NULL;

  layout->tracks[1].text.title = g_strdup ("Tokyo \xe6\x9d\xb1\xe4\xba\xac");   /* 東京 */
  bytes = lq_cd_text_encode (layout, &n, &error);
  g_assert_null (bytes);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "track 2 title"));
  g_assert_nonnull (strstr (error->message, "\xe6\x9d\xb1"));
  g_assert_nonnull (strstr (error->message, "U+6771"));
}

static void
test_budget (void)
{
  g_autoptr(LqCdLayout) layout = lq_test_cd_plain_layout (30, 5);
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autoptr(GBytes) bytes = NULL;
  guint bytes_needed = 1;   /* the album's empty title */

  for (guint i = 0; i < 30; i++)
    {
      layout->tracks[i].text.title = g_strnfill (200, 'a' + (i % 26));
      bytes_needed += 201;
    }
  bytes = lq_cd_text_encode (layout, &n, &error);
  g_assert_null (bytes);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_cmpuint (n, ==, (bytes_needed + 11) / 12 + 3);
  g_assert_cmpuint (n - 3, >, LQ_CD_TEXT_MAX_TEXT_PACKS);

  /* 253 text packs fit: 20 titles of 150 characters and an album title
   * filling the last pack: (1 + 20 * 151) bytes = 3021; 3036 = 253 * 12 */
  g_clear_error (&error);
  for (guint i = 0; i < 30; i++)
    g_clear_pointer (&layout->tracks[i].text.title, g_free);
  layout->n_tracks = 20;
  for (guint i = 0; i < 20; i++)
    layout->tracks[i].text.title = g_strnfill (150, 'x');
  layout->text.title = g_strnfill (15, 'y');
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = lq_cd_text_encode (layout, &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (n, ==, 256);
  layout->n_tracks = 30;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cd-text/packs", test_packs);
  g_test_add_func ("/cd-text/no-text", test_no_text);
  g_test_add_func ("/cd-text/not-latin1", test_not_latin1);
  g_test_add_func ("/cd-text/budget", test_budget);
  return g_test_run ();
}

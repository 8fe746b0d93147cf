/* test-tags-cover.c: the album's front cover in the project (format 11)
 * and in exported files, and the ReplayGain 2.0 tags export writes from
 * what it measured, read back by libFLAC, by parsing the WAV's ID3 chunk,
 * and by metaflac, ffprobe and (when installed) loudgain. */
#include <FLAC/metadata.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-error.h"
#include "lq-export.h"
#include "lq-project-store.h"
#include "lq-tags-extra.h"
#include "lq-tags.h"
#include "lq-test-audio.h"
#include "lq-test-sql.h"

#define RATE 44100
#define SECONDS 3
#define PNG_W 33
#define PNG_H 17

/* A PNG writer: stored (uncompressed) deflate blocks -------------------- */

static guint32
crc32 (const guint8 *p,
       gsize n,
       guint32 crc)
{
  crc = ~crc;
  for (gsize i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
put_be32 (GByteArray *a,
          guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
png_chunk (GByteArray *png,
           const char *type,
           const guint8 *data,
           gsize n)
{
  guint32 crc;

  put_be32 (png, (guint32) n);
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, data, (guint) n);
  crc = crc32 ((const guint8 *) type, 4, 0);
  crc = crc32 (data, n, crc);
  put_be32 (png, crc);
}

/* An RGB gradient of PNG_W × PNG_H pixels. */
static GBytes *
make_png (void)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) z = g_byte_array_new ();
  guint8 ihdr[13] = { 0, 0, 0, PNG_W, 0, 0, 0, PNG_H, 8, 2, 0, 0, 0 };
  guint32 a = 1, b = 0;
  guint8 zhead[2] = { 0x78, 0x01 };
  guint8 block[5];

  for (guint y = 0; y < PNG_H; y++)
    {
      g_byte_array_append (raw, (const guint8 *) "\0", 1);
      for (guint x = 0; x < PNG_W; x++)
        {
          guint8 px[3] = { x * 7, y * 13, 200 };

          g_byte_array_append (raw, px, 3);
        }
    }
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  g_assert_cmpuint (raw->len, <, 65535);
  g_byte_array_append (z, zhead, 2);
  block[0] = 1;   /* final, stored */
  block[1] = raw->len & 0xff;
  block[2] = raw->len >> 8;
  block[3] = ~raw->len & 0xff;
  block[4] = (~raw->len >> 8) & 0xff;
  g_byte_array_append (z, block, 5);
  g_byte_array_append (z, raw->data, raw->len);
  put_be32 (z, (b << 16) | a);

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  png_chunk (png, "IDAT", z->data, z->len);
  png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static char *
write_png (const char *dir)
{
  g_autoptr(GBytes) png = make_png ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "cover.png", NULL);

  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  return path;
}

static LqProject *
make_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *t1 = g_build_filename (dir, "t1.wav", NULL);
  g_autofree char *t2 = g_build_filename (dir, "t2.wav", NULL);
  const char *paths[] = { t1, t2, NULL };
  g_autoptr(GError) error = NULL;
  double quiet = -26, loud = -14;
  LqProject *project;

  /* Two levels: the album's gain is neither track's. */
  lq_test_write (t1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, SECONDS * RATE, lq_test_sine_1k, &quiet, NULL);
  lq_test_write (t2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2, SECONDS * RATE, lq_test_sine_1k, &loud, NULL);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, paths, 0, NULL, &error));
  g_assert_no_error (error);
  return project;
}

static void
set_album (LqProject *project,
           const char *assignment,
           GError **error)
{
  const char *a[] = { assignment, NULL };

  lq_project_set_album (project, a, error);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The cover in the project ----------------------------------------------- */

static void
test_cover_field (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *png = write_png (dir);
  g_autofree char *text = g_build_filename (dir, "x.png", NULL);
  g_autofree char *big = g_build_filename (dir, "big.jpg", NULL);
  g_autofree char *project_path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *set_png = g_strconcat ("cover=", png, NULL);
  g_autoptr(GBytes) png_bytes = file_bytes (png);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCover) cover = NULL;
  LqProject *project = make_project (dir);

  g_assert_null (lq_project_get_cover (project));
  set_album (project, set_png, &error);
  g_assert_no_error (error);
  cover = lq_project_get_cover (project);
  g_assert_nonnull (cover);
  g_assert_cmpstr (cover->mime, ==, "image/png");
  g_assert_cmpuint (cover->width, ==, PNG_W);
  g_assert_cmpuint (cover->height, ==, PNG_H);
  g_assert_true (g_bytes_equal (cover->data, png_bytes));
  g_clear_pointer (&cover, lq_cover_free);
  g_assert_cmpstr (lq_project_get_undo_label (project), ==, "Set Album Cover");

  /* The project keeps the bytes, not the file. */
  g_assert_cmpint (g_unlink (png), ==, 0);
  cover = lq_project_get_cover (project);
  g_assert_true (g_bytes_equal (cover->data, png_bytes));
  g_clear_pointer (&cover, lq_cover_free);

  /* One undo step each way; "cover=" removes it. */
  g_assert_true (lq_project_undo (project, &error));
  g_assert_null (lq_project_get_cover (project));
  g_assert_true (lq_project_redo (project, &error));
  cover = lq_project_get_cover (project);
  g_assert_nonnull (cover);
  g_clear_pointer (&cover, lq_cover_free);
  set_album (project, "cover=", &error);
  g_assert_no_error (error);
  g_assert_null (lq_project_get_cover (project));
  g_assert_true (lq_project_undo (project, &error));
  cover = lq_project_get_cover (project);
  g_assert_nonnull (cover);
  g_assert_true (g_bytes_equal (cover->data, png_bytes));
  g_clear_pointer (&cover, lq_cover_free);

  /* Not a picture, whatever its name; too large; missing. Nothing changes
   * and the error names the file. */
  g_file_set_contents (text, "just some text\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *set = g_strconcat ("cover=", text, NULL);

    set_album (project, set, &error);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_assert_nonnull (strstr (error->message, text));
    g_assert_nonnull (strstr (error->message, "PNG or JPEG"));
    g_clear_error (&error);
  }
  {
    g_autofree char *set = g_strconcat ("cover=", big, NULL);
    FILE *f = g_fopen (big, "wb");

    /* A JPEG start, then zeros past the limit. */
    g_assert_nonnull (f);
    fwrite ("\xff\xd8\xff", 1, 3, f);
    g_assert_cmpint (fseek (f, LQ_COVER_MAX_BYTES, SEEK_SET), ==, 0);
    fwrite ("\0", 1, 1, f);
    fclose (f);
    set_album (project, set, &error);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_assert_nonnull (strstr (error->message, big));
    g_clear_error (&error);
    set_album (project, "cover=/nonexistent/c.png", &error);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "/nonexistent/c.png"));
    g_clear_error (&error);
  }
  cover = lq_project_get_cover (project);
  g_assert_true (cover != NULL && g_bytes_equal (cover->data, png_bytes));
  g_clear_pointer (&cover, lq_cover_free);
  g_object_unref (project);

  /* Rows nothing refers to go: the history names the one picture. */
  g_assert_cmpint (sql_int (project_path, "SELECT count(*) FROM cover"), ==, 1);
  lq_test_rmdir (dir);
}

/* The project's "cover-id" follows the cover through set, remove, undo and
 * redo, and only the cover: what the window's cover row listens to. */
static void
count_cb (GObject *object,
          GParamSpec *pspec,
          guint *count)
{
  (*count)++;
}

static gint64
cover_id (LqProject *project)
{
  gint64 id = -1;

  g_object_get (project, "cover-id", &id, NULL);
  return id;
}

static void
test_cover_notify (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *png = write_png (dir);
  g_autofree char *set_png = g_strconcat ("cover=", png, NULL);
  g_autoptr(GError) error = NULL;
  LqProject *project = make_project (dir);
  guint count = 0;
  gint64 id;

  g_assert_cmpint (cover_id (project), ==, 0);
  g_signal_connect (project, "notify::cover-id", G_CALLBACK (count_cb), &count);

  set_album (project, set_png, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  id = cover_id (project);
  g_assert_cmpint (id, >, 0);

  /* Another field: no word of the cover. */
  set_album (project, "title=Other Album", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (lq_project_undo (project, &error));
  g_assert_cmpuint (count, ==, 1);

  g_assert_true (lq_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpint (cover_id (project), ==, 0);
  g_assert_true (lq_project_redo (project, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpint (cover_id (project), ==, id);

  set_album (project, "cover=", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpint (cover_id (project), ==, 0);
  g_assert_null (lq_project_get_cover (project));

  g_object_unref (project);
  lq_test_rmdir (dir);
}

/* A JPEG's size is its SOF segment's, found past other segments. */
static void
test_jpeg_header (void)
{
  static const guint8 jpeg[] = {
    0xff, 0xd8,
    0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xdb, 0x00, 0x04, 0x00, 0x00,
    0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03,
    1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    0xff, 0xd9,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(GBytes) cut = g_bytes_new_static (jpeg, 26);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCover) cover = lq_cover_new_from_bytes (bytes, "a.jpg", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cover->mime, ==, "image/jpeg");
  g_assert_cmpuint (cover->width, ==, 640);
  g_assert_cmpuint (cover->height, ==, 480);
  /* No frame header before the end: damaged. */
  g_assert_null (lq_cover_new_from_bytes (cut, "b.jpg", &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "b.jpg"));
}

/* Exported files ---------------------------------------------------------- */

static char *
expected_gain (double lufs)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.2f", -18.0 - lufs);
  return g_strconcat (buf, " dB", NULL);
}

static GPtrArray *
export (LqProject *project,
        const char *out,
        LqRenderFormat format)
{
  g_autoptr(GError) error = NULL;
  LqExportOptions options;
  GPtrArray *results;

  lq_export_options_init (&options);
  options.render.format = format;
  results = lq_export_album (project, out, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      g_assert_no_error (r->error);
      g_assert_true (isfinite (r->integrated_lufs));
    }
  return results;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static const char *
comment (const FLAC__StreamMetadata *tags,
         const char *name)
{
  int i = FLAC__metadata_object_vorbiscomment_find_entry_from (tags, 0, name);

  g_assert_cmpint (i, >=, 0);
  /* Only once. */
  g_assert_cmpint (FLAC__metadata_object_vorbiscomment_find_entry_from (tags, i + 1, name), <, 0);
  return (const char *) tags->data.vorbis_comment.comments[i].entry + strlen (name) + 1;
}

static guint32
syncsafe (const guint8 *p)
{
  return ((guint32) p[0] << 21) | ((guint32) p[1] << 14) | ((guint32) p[2] << 7) | p[3];
}

/* The frames of the WAV's "id3 " chunk, parsed here: APIC's picture and
 * MIME type, TXXX values by description, TIT2. */
typedef struct
{
  GBytes *apic;
  char *apic_mime;
  guint apic_type;
  GHashTable *txxx;
  char *title;
} Id3;

static void
read_wav_id3 (const char *path,
              Id3 *id3)
{
  g_autoptr(GBytes) bytes = file_bytes (path);
  gsize size;
  const guint8 *d = g_bytes_get_data (bytes, &size);
  gsize pos = 12;
  gboolean found = FALSE;

  memset (id3, 0, sizeof *id3);
  id3->txxx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_cmpmem (d, 4, "RIFF", 4);
  g_assert_cmpuint (GUINT32_FROM_LE (*(guint32 *) (void *) (d + 4)), ==, size - 8);
  while (pos + 8 <= size && !found)
    {
      guint32 len = d[pos + 4] | d[pos + 5] << 8 | d[pos + 6] << 16 | (guint32) d[pos + 7] << 24;

      if (memcmp (d + pos, "id3 ", 4) == 0)
        {
          const guint8 *tag = d + pos + 8;
          guint32 tag_size = syncsafe (tag + 6);
          gsize f = 10;

          found = TRUE;
          g_assert_cmpmem (tag, 3, "ID3", 3);
          g_assert_cmpuint (tag[3], ==, 4);
          g_assert_cmpuint (10 + tag_size, <=, len);
          while (f + 10 <= 10 + tag_size && tag[f] != 0)
            {
              guint32 n = syncsafe (tag + f + 4);
              const guint8 *body = tag + f + 10;

              g_assert_cmpuint (f + 10 + n, <=, 10 + tag_size);
              if (memcmp (tag + f, "APIC", 4) == 0)
                {
                  gsize mime_len = strlen ((const char *) body + 1);
                  const guint8 *p = body + 1 + mime_len + 1;

                  g_assert_null (id3->apic);
                  g_assert_cmpuint (body[0], ==, 0);
                  id3->apic_mime = g_strdup ((const char *) body + 1);
                  id3->apic_type = p[0];
                  g_assert_cmpuint (p[1], ==, 0);   /* empty description */
                  id3->apic = g_bytes_new (p + 2, n - (p + 2 - body));
                }
              else if (memcmp (tag + f, "TXXX", 4) == 0)
                {
                  gsize dl = strlen ((const char *) body + 1);

                  g_assert_cmpuint (body[0], ==, 3);
                  g_hash_table_insert (id3->txxx, g_strdup ((const char *) body + 1),
                                       g_strndup ((const char *) body + 2 + dl, n - 2 - dl));
                }
              else if (memcmp (tag + f, "TIT2", 4) == 0)
                id3->title = g_strndup ((const char *) body + 1, n - 1);
              f += 10 + n;
            }
        }
      pos += 8 + len + (len & 1);
    }
  g_assert_true (found);
}

static void
id3_clear (Id3 *id3)
{
  g_clear_pointer (&id3->apic, g_bytes_unref);
  g_clear_pointer (&id3->apic_mime, g_free);
  g_clear_pointer (&id3->txxx, g_hash_table_unref);
  g_clear_pointer (&id3->title, g_free);
}

/* loudgain's track gain of @path ("Gain: -2.92 dB"); it only reads with
 * -s s. build-aux/install-deps.sh installs it: the test fails without. */
static double
loudgain_gain (const char *path)
{
  g_autofree char *program = g_find_program_in_path ("loudgain");
  g_autofree char *out = NULL;
  const char *gain;

  g_assert_nonnull (program);
  out = run ((const char *const[]) { program, "-s", "s", path, NULL });
  gain = strstr (out, "Gain:");
  g_assert_nonnull (gain);
  return g_ascii_strtod (gain + 5, NULL);
}

static void
test_export (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *png = write_png (dir);
  g_autofree char *set_png = g_strconcat ("cover=", png, NULL);
  g_autofree char *out_flac = g_build_filename (dir, "flac", NULL);
  g_autofree char *out_wav = g_build_filename (dir, "wav", NULL);
  g_autofree char *out_aiff = g_build_filename (dir, "aiff", NULL);
  g_autoptr(GBytes) png_bytes = file_bytes (png);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flac = NULL;
  g_autoptr(GPtrArray) wav = NULL;
  g_autoptr(GPtrArray) aiff = NULL;
  LqProject *project = make_project (dir);
  double peak_db = -INFINITY;

  set_album (project, set_png, &error);
  g_assert_no_error (error);
  set_album (project, "title=Covered", &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  flac = export (project, out_flac, LQ_RENDER_FLAC);
  wav = export (project, out_wav, LQ_RENDER_WAV);
  aiff = export (project, out_aiff, LQ_RENDER_AIFF);

  for (guint i = 0; i < flac->len; i++)
    peak_db = MAX (peak_db, ((LqExportResult *) g_ptr_array_index (flac, i))->true_peak_dbtp);

  /* FLAC: the picture block and the Vorbis comments, by libFLAC. */
  for (guint i = 0; i < flac->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (flac, i);
      g_autofree char *gain = expected_gain (r->integrated_lufs);
      g_autofree char *album_gain = expected_gain (lq_export_album_lufs (flac));
      g_autofree char *exported = g_build_filename (dir, "exported.png", NULL);
      g_autofree char *export_arg = g_strconcat ("--export-picture-to=", exported, NULL);
      g_autofree char *shown = NULL;
      g_autofree char *shown_expected = g_strconcat ("REPLAYGAIN_TRACK_GAIN=", gain, "\n", NULL);
      g_autoptr(GBytes) exported_bytes = NULL;
      FLAC__StreamMetadata *picture = NULL;
      FLAC__StreamMetadata *tags = NULL;
      double reference, reference_peak, lg;

      g_assert_true (FLAC__metadata_get_picture (r->path, &picture,
                                                 FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER,
                                                 NULL, NULL, (unsigned) -1, (unsigned) -1,
                                                 (unsigned) -1, (unsigned) -1));
      g_assert_cmpstr (picture->data.picture.mime_type, ==, "image/png");
      g_assert_cmpuint (picture->data.picture.width, ==, PNG_W);
      g_assert_cmpuint (picture->data.picture.height, ==, PNG_H);
      g_assert_cmpmem (picture->data.picture.data, picture->data.picture.data_length,
                       g_bytes_get_data (png_bytes, NULL), g_bytes_get_size (png_bytes));
      FLAC__metadata_object_delete (picture);

      g_assert_true (FLAC__metadata_get_tags (r->path, &tags));
      g_assert_cmpstr (comment (tags, "REPLAYGAIN_TRACK_GAIN"), ==, gain);
      g_assert_cmpstr (comment (tags, "REPLAYGAIN_ALBUM_GAIN"), ==, album_gain);
      g_assert_cmpstr (comment (tags, "REPLAYGAIN_REFERENCE_LOUDNESS"), ==, "-18.00 LUFS");
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (comment (tags, "REPLAYGAIN_TRACK_PEAK"), NULL),
                                      pow (10, r->true_peak_dbtp / 20), 1e-6);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (comment (tags, "REPLAYGAIN_ALBUM_PEAK"), NULL),
                                      pow (10, peak_db / 20), 1e-6);
      /* The text tags stay. */
      g_assert_cmpstr (comment (tags, "ALBUM"), ==, "Covered");
      /* Independently: libebur128 on the file as written. */
      reference = lq_test_ebur128 (r->path, &reference_peak);
      g_assert_cmpfloat (fabs (g_ascii_strtod (comment (tags, "REPLAYGAIN_TRACK_GAIN"), NULL)
                               - (-18.0 - reference)), <=, 0.02);
      FLAC__metadata_object_delete (tags);

      /* metaflac reads the same. */
      g_free (run ((const char *const[]) { "metaflac", export_arg, r->path, NULL }));
      exported_bytes = file_bytes (exported);
      g_assert_true (g_bytes_equal (exported_bytes, png_bytes));
      shown = run ((const char *const[]) { "metaflac", "--show-tag=REPLAYGAIN_TRACK_GAIN", r->path, NULL });
      g_assert_cmpstr (shown, ==, shown_expected);

      lg = loudgain_gain (r->path);
      g_assert_cmpfloat (fabs (lg - (-18.0 - r->integrated_lufs)), <=, 0.1);
    }

  /* WAV and AIFF: the ID3 tag's APIC and TXXX frames; ffprobe reads them. */
  for (guint i = 0; i < wav->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (wav, i);
      const LqExportResult *a = g_ptr_array_index (aiff, i);
      g_autofree char *gain = expected_gain (r->integrated_lufs);
      g_autofree char *album_gain = expected_gain (lq_export_album_lufs (wav));
      g_autofree char *aiff_gain = expected_gain (a->integrated_lufs);
      g_autoptr(LqTags) read = lq_tags_read (r->path, &error);
      Id3 id3;

      g_assert_no_error (error);
      read_wav_id3 (r->path, &id3);
      g_assert_nonnull (id3.apic);
      g_assert_true (g_bytes_equal (id3.apic, png_bytes));
      g_assert_cmpstr (id3.apic_mime, ==, "image/png");
      g_assert_cmpuint (id3.apic_type, ==, 3);
      g_assert_cmpstr (g_hash_table_lookup (id3.txxx, "REPLAYGAIN_TRACK_GAIN"), ==, gain);
      g_assert_cmpstr (g_hash_table_lookup (id3.txxx, "REPLAYGAIN_ALBUM_GAIN"), ==, album_gain);
      g_assert_cmpstr (g_hash_table_lookup (id3.txxx, "REPLAYGAIN_REFERENCE_LOUDNESS"), ==, "-18.00 LUFS");
      g_assert_nonnull (g_hash_table_lookup (id3.txxx, "REPLAYGAIN_TRACK_PEAK"));
      g_assert_cmpstr (id3.title, ==, r->title);
      /* Lacquer's own reader still finds the text frames. */
      g_assert_cmpstr (read->title, ==, r->title);
      g_assert_cmpstr (read->album, ==, "Covered");
      id3_clear (&id3);

      for (guint k = 0; k < 2; k++)
        {
          const char *path = k == 0 ? r->path : a->path;
          g_autofree char *json = run ((const char *const[]) {
            "ffprobe", "-v", "error", "-show_format", "-of", "json", path, NULL });
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *format_tags;

          g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
          format_tags = json_object_get_object_member (
            json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "format"),
            "tags");
          g_assert_cmpstr (json_object_get_string_member (format_tags, "title"), ==, r->title);
          g_assert_cmpstr (json_object_get_string_member (format_tags, "REPLAYGAIN_TRACK_GAIN"), ==,
                           k == 0 ? gain : aiff_gain);
        }
      /* The audio reads back whole: the rewrite kept the header right. */
      g_assert_cmpint (r->frames, ==, (gint64) SECONDS * RATE);
      {
        SF_INFO info = { 0 };
        SNDFILE *sf = sf_open (a->path, SFM_READ, &info);

        g_assert_nonnull (sf);
        g_assert_cmpint (info.frames, ==, SECONDS * RATE);
        sf_close (sf);
      }
    }
  g_object_unref (project);
  lq_test_rmdir (dir);
}

/* Without a cover, only the loudness tags; a file that is neither format
 * is refused, naming it. */
static void
test_no_cover (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "wav", NULL);
  g_autofree char *other = g_build_filename (dir, "x.txt", NULL);
  g_autoptr(GPtrArray) wav = NULL;
  g_autoptr(GError) error = NULL;
  LqProject *project = make_project (dir);
  LqTagsExtra extra;
  Id3 id3;

  g_assert_true (lq_project_analyze (project, 1, NULL, NULL, NULL, &error));
  wav = export (project, out, LQ_RENDER_WAV);
  read_wav_id3 (((LqExportResult *) g_ptr_array_index (wav, 0))->path, &id3);
  g_assert_null (id3.apic);
  g_assert_nonnull (g_hash_table_lookup (id3.txxx, "REPLAYGAIN_TRACK_GAIN"));
  id3_clear (&id3);

  /* Silence: no gain at all. */
  lq_tags_extra_init (&extra, -INFINITY, -INFINITY, NAN, NAN);
  {
    g_auto(GStrv) rg = lq_tags_extra_replaygain (&extra);

    g_assert_null (rg[0]);
  }
  g_file_set_contents (other, "text", -1, &error);
  /* Nothing to write: not even looked at. */
  g_assert_true (lq_tags_write_extra (other, &extra, &error));
  g_assert_no_error (error);
  lq_tags_extra_init (&extra, -20, -3, -20, -3);
  g_assert_false (lq_tags_write_extra (other, &extra, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
  g_assert_nonnull (strstr (error->message, other));
  g_object_unref (project);
  lq_test_rmdir (dir);
}

/* A project of format 10 opens, is migrated, has no cover and takes one. */
static void
test_migrate_v10 (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *png = write_png (dir);
  g_autofree char *set_png = g_strconcat ("cover=", png, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCover) cover = NULL;
  LqProject *p = make_project (dir);

  set_album (p, "title=Kept", &error);
  g_assert_no_error (error);
  g_object_unref (p);
  sql_file (path,
            "DROP TABLE cover;"
            "ALTER TABLE album DROP COLUMN cover_id;"
            "PRAGMA user_version = 10;");
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 10);

  p = lq_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, LQ_PROJECT_FORMAT_VERSION);
  g_assert_cmpint (LQ_PROJECT_FORMAT_VERSION, >=, 11);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM album WHERE cover_id IS NULL"), ==, 1);
  g_assert_null (lq_project_get_cover (p));
  set_album (p, set_png, &error);
  g_assert_no_error (error);
  cover = lq_project_get_cover (p);
  g_assert_nonnull (cover);
  g_assert_cmpuint (cover->width, ==, PNG_W);
  g_object_unref (p);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM album a JOIN cover c ON c.id = a.cover_id"
                                  " WHERE a.title = 'Kept' AND c.mime = 'image/png'"), ==, 1);
  lq_test_rmdir (dir);
}

/* `lacquer-cli set cover=`, refusing a text file, and `list --json`. */
static void
test_cli (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *png = write_png (dir);
  g_autofree char *set_png = g_strconcat ("cover=", png, NULL);
  g_autofree char *text = g_build_filename (dir, "x.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) png_bytes = file_bytes (png);
  LqProject *p = make_project (dir);
  JsonObject *cover;

  g_object_unref (p);
  g_file_set_contents (text, "text\n", -1, NULL);
  g_assert_cmpint (lq_test_run_cli_argv (dir, &out, &err, (const char *const[]) {
                     "set", "album.lacquer", "cover=x.png", NULL }), !=, 0);
  g_assert_nonnull (strstr (err, "x.png"));
  g_assert_cmpint (lq_test_run_cli_argv (dir, &out, &err, (const char *const[]) {
                     "set", "album.lacquer", set_png, NULL }), ==, 0);
  g_assert_cmpint (lq_test_run_cli_argv (dir, &out, &err, (const char *const[]) {
                     "list", "--json", "album.lacquer", NULL }), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  cover = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "project"), "cover");
  g_assert_cmpstr (json_object_get_string_member (cover, "mime"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (cover, "width"), ==, PNG_W);
  g_assert_cmpint (json_object_get_int_member (cover, "height"), ==, PNG_H);
  g_assert_cmpint (json_object_get_int_member (cover, "bytes"), ==, g_bytes_get_size (png_bytes));
  g_assert_cmpint (lq_test_run_cli_argv (dir, &out, &err, (const char *const[]) {
                     "set", "album.lacquer", "cover=", NULL }), ==, 0);
  g_assert_cmpint (lq_test_run_cli_argv (dir, &out, &err, (const char *const[]) {
                     "list", "--json", "album.lacquer", NULL }), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  g_assert_true (json_object_get_null_member (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "project"), "cover"));
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tags-cover/field", test_cover_field);
  g_test_add_func ("/tags-cover/notify", test_cover_notify);
  g_test_add_func ("/tags-cover/jpeg-header", test_jpeg_header);
  g_test_add_func ("/tags-cover/export", test_export);
  g_test_add_func ("/tags-cover/no-cover", test_no_cover);
  g_test_add_func ("/tags-cover/migrate-v10", test_migrate_v10);
  g_test_add_func ("/tags-cover/cli", test_cli);
  return g_test_run ();
}

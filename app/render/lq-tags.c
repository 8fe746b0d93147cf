/* lq-tags.c: release tags in exported files. */
#include "config.h"

#include "lq-tags.h"
#include "lq-tags-private.h"

#include <errno.h>
#include <fcntl.h>
#include <FLAC/metadata.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project-fields.h"

#define SOFTWARE "Lacquer " PACKAGE_VERSION
/* What `flac` leaves by default: room for later tag edits in place. */
#define FLAC_PADDING 8192
/* ID3 padding for the five ReplayGain TXXX frames (about 270 bytes). */
#define ID3_LOUDNESS_ROOM 512
/* A bound on the ID3 chunk lq_tags_read() loads (cover art included). */
#define ID3_READ_MAX (16 * 1024 * 1024)

/* The Vorbis comments lq_tags_finish_file() owns in a FLAC file. */
static const char *const flac_fields[] = {
  "TITLE", "ARTIST", "ALBUMARTIST", "ALBUM", "COMPOSER", "GENRE", "DATE", "TRACKNUMBER",
  "TRACKTOTAL", "ISRC", "COMMENT", "ENCODER",
  /* libsndfile's name for the encoder, replaced by ENCODER. */
  "software",
};

static gboolean
present (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Checks @tags before anything is written; *isrc gets the normalised ISRC
 * (NULL when absent). */
static gboolean
check_tags (const LqTags *tags,
            char **isrc,
            GError **error)
{
  const struct { const char *name; const char *value; } texts[] = {
    { "title", tags->title },
    { "artist", tags->artist },
    { "album artist", tags->album_artist },
    { "album", tags->album },
    { "composer", tags->composer },
    { "genre", tags->genre },
    { "date", tags->date },
    { "isrc", tags->isrc },
    { "comment", tags->comment },
  };

  *isrc = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (!present (texts[i].value))
        continue;
      if (!g_utf8_validate (texts[i].value, -1, NULL))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The tag “%s” is not valid UTF-8 text"), texts[i].name);
          return FALSE;
        }
      if (strlen (texts[i].value) > LQ_TAGS_MAX_TEXT)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The tag “%s” is longer than %u bytes"), texts[i].name,
                       (guint) LQ_TAGS_MAX_TEXT);
          return FALSE;
        }
    }

  if (present (tags->date))
    {
      const char *d = tags->date;
      gsize n = strlen (d);
      gboolean ok = n == 4 || n == 7 || n == 10;

      for (gsize i = 0; ok && i < n; i++)
        ok = (i == 4 || i == 7) ? d[i] == '-' : g_ascii_isdigit (d[i]);
      if (ok && n >= 7)
        ok = atoi (d + 5) >= 1 && atoi (d + 5) <= 12;
      if (ok && n == 10)
        ok = atoi (d + 8) >= 1 && atoi (d + 8) <= 31;
      if (!ok)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("“%s” is not a release date; a date is YYYY, YYYY-MM or YYYY-MM-DD"), d);
          return FALSE;
        }
    }

  if (tags->n_tracks != 0 && tags->track_number > tags->n_tracks)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Track %u cannot be on a release of %u tracks"),
                   tags->track_number, tags->n_tracks);
      return FALSE;
    }

  if (present (tags->isrc))
    {
      *isrc = lq_isrc_normalize (tags->isrc, error);
      if (*isrc == NULL)
        return FALSE;
    }
  return TRUE;
}

/* ID3v2.4 ---------------------------------------------------------------- */

static void
put_syncsafe (guint8 *p,
              guint32 v)
{
  p[0] = (v >> 21) & 0x7f;
  p[1] = (v >> 14) & 0x7f;
  p[2] = (v >> 7) & 0x7f;
  p[3] = v & 0x7f;
}

static guint32
get_syncsafe (const guint8 *p)
{
  return ((guint32) p[0] << 21) | ((guint32) p[1] << 14) | ((guint32) p[2] << 7) | p[3];
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A frame whose body is @prefix (@prefix_len bytes) followed by @text. */
static void
id3_add_frame (GByteArray *tag,
               const char *id,
               const char *prefix,
               gsize prefix_len,
               const char *text)
{
  guint8 head[10] = { 0 };
  gsize len = strlen (text);

  memcpy (head, id, 4);
  put_syncsafe (head + 4, (guint32) (prefix_len + len));
  g_byte_array_append (tag, head, sizeof head);
  g_byte_array_append (tag, (const guint8 *) prefix, (guint) prefix_len);
  g_byte_array_append (tag, (const guint8 *) text, (guint) len);
}

/* A text frame, UTF-8 (encoding 3), without a terminator (ID3v2.4 4.2). */
static void
id3_add_text (GByteArray *tag,
              const char *id,
              const char *text)
{
  if (present (text))
    id3_add_frame (tag, id, "\x03", 1, text);
}

/* The whole tag, its length a multiple of 4 (zero padding inside the tag,
 * so that the chunk holds nothing else, and ID3_LOUDNESS_ROOM more), or
 * NULL when there is nothing to write. */
static GByteArray *
id3_build (const LqTags *tags,
           const char *isrc)
{
  g_autoptr(GByteArray) tag = g_byte_array_new ();
  g_autofree char *track = NULL;
  guint8 head[10] = { 'I', 'D', '3', 4, 0, 0 };
  guint pad;

  if (tags->track_number != 0 && tags->n_tracks != 0)
    track = g_strdup_printf ("%u/%u", tags->track_number, tags->n_tracks);
  else if (tags->track_number != 0)
    track = g_strdup_printf ("%u", tags->track_number);

  g_byte_array_append (tag, head, sizeof head);
  id3_add_text (tag, "TIT2", tags->title);
  id3_add_text (tag, "TPE1", tags->artist);
  id3_add_text (tag, "TPE2", tags->album_artist);
  id3_add_text (tag, "TALB", tags->album);
  id3_add_text (tag, "TCOM", tags->composer);
  id3_add_text (tag, "TCON", tags->genre);
  id3_add_text (tag, "TDRC", tags->date);
  id3_add_text (tag, "TRCK", track);
  id3_add_text (tag, "TSRC", isrc);
  /* UTF-8, language unknown ("XXX", ID3v2.4 4.10), empty description. */
  if (present (tags->comment))
    id3_add_frame (tag, "COMM", "\x03XXX\0", 5, tags->comment);
  if (tag->len == sizeof head)
    return NULL;
  id3_add_text (tag, "TSSE", SOFTWARE);

  /* Room for the ReplayGain frames export adds in place once the album is
   * measured (lq-tags-extra.h), then a multiple of 4. */
  pad = ID3_LOUDNESS_ROOM + (4 - tag->len % 4) % 4;
  g_byte_array_set_size (tag, tag->len + pad);
  memset (tag->data + tag->len - pad, 0, pad);
  put_syncsafe (tag->data + 6, tag->len - sizeof head);
  return g_steal_pointer (&tag);
}

/* Removes the unsynchronisation (a 0x00 inserted after each 0xff). */
static guint8 *
id3_resync (const guint8 *data,
            gsize *len)
{
  guint8 *out = g_malloc (MAX (*len, 1));
  gsize n = 0;

  for (gsize i = 0; i < *len; i++)
    {
      out[n++] = data[i];
      if (data[i] == 0xff && i + 1 < *len && data[i + 1] == 0x00)
        i++;
    }
  *len = n;
  return out;
}

/* The first string of a text value in @encoding, as UTF-8; NULL when it
 * is empty or cannot be decoded. */
static char *
id3_decode (guint8 encoding,
            const guint8 *p,
            gsize n)
{
  g_autofree char *s = NULL;

  switch (encoding)
    {
    case 0:
      s = g_convert ((const char *) p, (gssize) n, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      break;
    case 1:
      s = g_convert ((const char *) p, (gssize) (n & ~(gsize) 1), "UTF-8", "UTF-16", NULL, NULL, NULL);
      break;
    case 2:
      s = g_convert ((const char *) p, (gssize) (n & ~(gsize) 1), "UTF-8", "UTF-16BE", NULL, NULL,
                     NULL);
      break;
    case 3:
      s = g_strndup ((const char *) p, n);
      break;
    default:
      return NULL;
    }
  /* A NUL ends the first of several values: the C string stops there. */
  if (s == NULL || *s == '\0' || !g_utf8_validate (s, -1, NULL))
    return NULL;
  return g_steal_pointer (&s);
}

/* Stores @value in the string at @offset of @out unless it is set already
 * (the first value wins); takes @value. */
static void
take_field (LqTags *out,
            gsize offset,
            char *value)
{
  const char **field = G_STRUCT_MEMBER_P (out, offset);

  if (value != NULL && *field == NULL)
    *field = value;
  else
    g_free (value);
}

/* "n" or "n/N". */
static void
take_track (LqTags *out,
            const char *text)
{
  char *end = NULL;
  guint64 n;

  if (text == NULL || out->track_number != 0)
    return;
  n = g_ascii_strtoull (text, &end, 10);
  if (end == text || n > G_MAXUINT)
    return;
  out->track_number = (guint) n;
  if (*end == '/' && out->n_tracks == 0)
    {
      const char *total = end + 1;

      n = g_ascii_strtoull (total, &end, 10);
      if (end != total && n <= G_MAXUINT)
        out->n_tracks = (guint) n;
    }
}

static void
id3_frame (const guint8 *id,
           const guint8 *body,
           gsize n,
           LqTags *out)
{
  static const struct { char id[5]; gsize offset; } text_frames[] = {
    { "TIT2", G_STRUCT_OFFSET (LqTags, title) },
    { "TPE1", G_STRUCT_OFFSET (LqTags, artist) },
    { "TPE2", G_STRUCT_OFFSET (LqTags, album_artist) },
    { "TALB", G_STRUCT_OFFSET (LqTags, album) },
    { "TCOM", G_STRUCT_OFFSET (LqTags, composer) },
    { "TCON", G_STRUCT_OFFSET (LqTags, genre) },
    { "TDRC", G_STRUCT_OFFSET (LqTags, date) },
    { "TYER", G_STRUCT_OFFSET (LqTags, date) },   /* ID3v2.3 */
    { "TSRC", G_STRUCT_OFFSET (LqTags, isrc) },
  };

  if (memcmp (id, "TRCK", 4) == 0)
    {
      g_autofree char *text = id3_decode (body[0], body + 1, n - 1);

      take_track (out, text);
      return;
    }
  if (memcmp (id, "COMM", 4) == 0)
    {
      /* encoding, language[3], description NUL, text: only the comment
       * with an empty description (others are iTunes' and players'). */
      guint8 enc = body[0];
      gsize unit = enc == 1 || enc == 2 ? 2 : 1;
      gsize i = 4;

      if (n < 4)
        return;
      while (i + unit <= n && (body[i] != 0 || (unit == 2 && body[i + 1] != 0)))
        i += unit;
      if (i + unit > n)
        return;
      {
        g_autofree char *description = id3_decode (enc, body + 4, i - 4);

        if (description == NULL)
          take_field (out, G_STRUCT_OFFSET (LqTags, comment),
                      id3_decode (enc, body + i + unit, n - i - unit));
      }
      return;
    }
  for (guint k = 0; k < G_N_ELEMENTS (text_frames); k++)
    if (memcmp (id, text_frames[k].id, 4) == 0)
      take_field (out, text_frames[k].offset, id3_decode (body[0], body + 1, n - 1));
}

/* Reads the text frames of an ID3v2.3 or v2.4 tag; anything else (v2.2,
 * compressed or encrypted frames) is left out. Every length is checked
 * against @size. */
static void
id3_parse (const guint8 *data,
           gsize size,
           LqTags *out)
{
  g_autofree guint8 *plain = NULL;
  guint major, flags;
  gsize len, pos = 0;

  if (size < 10 || memcmp (data, "ID3", 3) != 0 || ((data[6] | data[7] | data[8] | data[9]) & 0x80))
    return;
  major = data[3];
  flags = data[5];
  if (major != 3 && major != 4)
    return;
  len = MIN (get_syncsafe (data + 6), size - 10);
  data += 10;
  if (major == 3 && (flags & 0x80))
    data = plain = id3_resync (data, &len);
  if (flags & 0x40)
    {
      gsize extended;

      if (len < 4)
        return;
      extended = major == 4 ? get_syncsafe (data) : (gsize) get_be32 (data) + 4;
      if (extended > len)
        return;
      pos = extended;
    }

  while (pos + 10 <= len)
    {
      const guint8 *frame = data + pos;
      gsize n = major == 4 ? get_syncsafe (frame + 4) : get_be32 (frame + 4);
      guint8 format = frame[9];
      const guint8 *body = frame + 10;
      g_autofree guint8 *copy = NULL;

      if (frame[0] == 0 || n > len - pos - 10)
        break;   /* padding, or a damaged tag */
      pos += 10 + n;
      if (major == 4)
        {
          gsize skip = ((format & 0x40) ? 1 : 0) + ((format & 0x01) ? 4 : 0);

          if ((format & 0x0c) || skip > n)
            continue;
          body += skip;
          n -= skip;
          if ((format & 0x02) || (flags & 0x80))
            body = copy = id3_resync (body, &n);
        }
      else
        {
          gsize skip = (format & 0x20) ? 1 : 0;

          if ((format & 0xc0) || skip > n)
            continue;
          body += skip;
          n -= skip;
        }
      if (n >= 2)
        id3_frame (frame, body, n, out);
    }
}

/* FLAC ------------------------------------------------------------------- */

static size_t
io_read (void *ptr,
         size_t size,
         size_t nmemb,
         FLAC__IOHandle handle)
{
  return fread (ptr, size, nmemb, handle);
}

static size_t
io_write (const void *ptr,
          size_t size,
          size_t nmemb,
          FLAC__IOHandle handle)
{
  return fwrite (ptr, size, nmemb, handle);
}

static int
io_seek (FLAC__IOHandle handle,
         FLAC__int64 offset,
         int whence)
{
  return fseeko (handle, (off_t) offset, whence);
}

static FLAC__int64
io_tell (FLAC__IOHandle handle)
{
  return ftello (handle);
}

static int
io_eof (FLAC__IOHandle handle)
{
  return feof (handle);
}

static const FLAC__IOCallbacks file_io = { io_read, io_write, io_seek, io_tell, io_eof, NULL };
/* For lq-tags-extra.c (lq-tags-private.h). */
const FLAC__IOCallbacks _lq_tags_flac_io = { io_read, io_write, io_seek, io_tell, io_eof, NULL };

static gboolean
flac_append (FLAC__StreamMetadata *comments,
             const char *name,
             const char *value)
{
  FLAC__StreamMetadata_VorbisComment_Entry entry;

  if (!present (value))
    return TRUE;
  if (!FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair (&entry, name, value))
    return FALSE;
  if (!FLAC__metadata_object_vorbiscomment_append_comment (comments, entry, FALSE))
    {
      free (entry.entry);
      return FALSE;
    }
  return TRUE;
}

/* Replaces the fields of flac_fields[] in @comments with @tags. */
static gboolean
flac_set_comments (FLAC__StreamMetadata *comments,
                   const LqTags *tags,
                   const char *isrc)
{
  g_autofree char *number = NULL;
  g_autofree char *total = NULL;

  if (tags->track_number != 0)
    number = g_strdup_printf ("%u", tags->track_number);
  if (tags->n_tracks != 0)
    total = g_strdup_printf ("%u", tags->n_tracks);

  for (guint i = 0; i < G_N_ELEMENTS (flac_fields); i++)
    if (FLAC__metadata_object_vorbiscomment_remove_entries_matching (comments, flac_fields[i]) < 0)
      return FALSE;

  return flac_append (comments, "TITLE", tags->title)
         && flac_append (comments, "ARTIST", tags->artist)
         && flac_append (comments, "ALBUMARTIST", tags->album_artist)
         && flac_append (comments, "ALBUM", tags->album)
         && flac_append (comments, "COMPOSER", tags->composer)
         && flac_append (comments, "GENRE", tags->genre)
         && flac_append (comments, "DATE", tags->date)
         && flac_append (comments, "TRACKNUMBER", number)
         && flac_append (comments, "TRACKTOTAL", total)
         && flac_append (comments, "ISRC", isrc)
         && flac_append (comments, "COMMENT", tags->comment)
         && flac_append (comments, "ENCODER", SOFTWARE);
}

static gboolean
set_errno_error (GError **error,
                 int saved)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write the FLAC tags: %s"),
               g_strerror (saved));
  return FALSE;
}

static gboolean
set_chain_error (GError **error,
                 FLAC__Metadata_Chain *chain)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write the FLAC tags: %s"),
               FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status (chain)]);
  return FALSE;
}

/* Sets the Vorbis comments of @chain and adds PADDING when it has none;
 * FALSE only when memory runs out. */
static gboolean
flac_edit_chain (FLAC__Metadata_Chain *chain,
                 const LqTags *tags,
                 const char *isrc)
{
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new ();
  FLAC__StreamMetadata *comments = NULL;
  gboolean has_padding = FALSE;
  gboolean ok = FALSE;

  if (it == NULL)
    return FALSE;
  FLAC__metadata_iterator_init (it, chain);
  do
    {
      FLAC__MetadataType type = FLAC__metadata_iterator_get_block_type (it);

      if (type == FLAC__METADATA_TYPE_VORBIS_COMMENT && comments == NULL)
        comments = FLAC__metadata_iterator_get_block (it);
      else if (type == FLAC__METADATA_TYPE_PADDING)
        has_padding = TRUE;
    }
  while (FLAC__metadata_iterator_next (it));

  if (comments == NULL)
    {
      /* Right after STREAMINFO, which is always first. */
      FLAC__metadata_iterator_init (it, chain);
      comments = FLAC__metadata_object_new (FLAC__METADATA_TYPE_VORBIS_COMMENT);
      if (comments == NULL)
        goto out;
      if (!FLAC__metadata_iterator_insert_block_after (it, comments))
        {
          FLAC__metadata_object_delete (comments);
          goto out;
        }
    }
  if (!flac_set_comments (comments, tags, isrc))
    goto out;

  if (!has_padding)
    {
      FLAC__StreamMetadata *padding = FLAC__metadata_object_new (FLAC__METADATA_TYPE_PADDING);

      if (padding == NULL)
        goto out;
      padding->length = FLAC_PADDING;
      while (FLAC__metadata_iterator_next (it))
        ;
      if (!FLAC__metadata_iterator_insert_block_after (it, padding))
        {
          FLAC__metadata_object_delete (padding);
          goto out;
        }
    }
  ok = TRUE;

out:
  FLAC__metadata_iterator_delete (it);
  return ok;
}

/* Writes @chain, read from @in (the file at @path), in place when the
 * padding allows it, or else through "@path.tags" renamed over @path. */
static gboolean
flac_write_chain (FLAC__Metadata_Chain *chain,
                  FILE *in,
                  const char *path,
                  GError **error)
{
  g_autofree char *tmp = NULL;
  struct stat st;
  FILE *out;
  int fd;

  if (!FLAC__metadata_chain_check_if_tempfile_needed (chain, TRUE))
    {
      if (!FLAC__metadata_chain_write_with_callbacks (chain, TRUE, in, file_io))
        return set_chain_error (error, chain);
      if (fflush (in) != 0 || fsync (fileno (in)) != 0)
        return set_errno_error (error, errno);
      return TRUE;
    }

  if (fstat (fileno (in), &st) != 0)
    return set_errno_error (error, errno);
  tmp = g_strconcat (path, ".tags", NULL);
  g_unlink (tmp);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
  if (fd < 0)
    return set_errno_error (error, errno);
  out = fdopen (fd, "wb");
  if (out == NULL)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, saved);
    }
  if (!FLAC__metadata_chain_write_with_callbacks_and_tempfile (chain, TRUE, in, file_io,
                                                               out, file_io))
    {
      fclose (out);
      g_unlink (tmp);
      return set_chain_error (error, chain);
    }
  if (fflush (out) != 0 || fsync (fileno (out)) != 0)
    {
      int saved = errno;

      fclose (out);
      g_unlink (tmp);
      return set_errno_error (error, saved);
    }
  if (fclose (out) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return set_errno_error (error, saved);
    }
  return TRUE;
}

static gboolean
flac_finish (const char *path,
             const LqTags *tags,
             const char *isrc,
             GError **error)
{
  FLAC__Metadata_Chain *chain = NULL;
  FILE *in = NULL;
  gboolean ok = FALSE;
  int fd;

  fd = g_open (path, O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    return set_errno_error (error, errno);
  in = fdopen (fd, "r+b");
  if (in == NULL)
    {
      int saved = errno;

      close (fd);
      return set_errno_error (error, saved);
    }

  chain = FLAC__metadata_chain_new ();
  if (chain == NULL)
    {
      set_errno_error (error, ENOMEM);
      goto out;
    }
  if (!FLAC__metadata_chain_read_with_callbacks (chain, in, file_io))
    {
      set_chain_error (error, chain);
      goto out;
    }
  if (!flac_edit_chain (chain, tags, isrc))
    {
      set_errno_error (error, ENOMEM);
      goto out;
    }
  ok = flac_write_chain (chain, in, path, error);

out:
  if (chain != NULL)
    FLAC__metadata_chain_delete (chain);
  fclose (in);
  return ok;
}

static void
flac_read (const char *path,
           LqTags *out)
{
  static const struct { const char *name; gsize offset; } fields[] = {
    { "TITLE", G_STRUCT_OFFSET (LqTags, title) },
    { "ARTIST", G_STRUCT_OFFSET (LqTags, artist) },
    { "ALBUMARTIST", G_STRUCT_OFFSET (LqTags, album_artist) },
    { "ALBUM ARTIST", G_STRUCT_OFFSET (LqTags, album_artist) },
    { "ALBUM", G_STRUCT_OFFSET (LqTags, album) },
    { "COMPOSER", G_STRUCT_OFFSET (LqTags, composer) },
    { "GENRE", G_STRUCT_OFFSET (LqTags, genre) },
    { "DATE", G_STRUCT_OFFSET (LqTags, date) },
    { "ISRC", G_STRUCT_OFFSET (LqTags, isrc) },
    { "COMMENT", G_STRUCT_OFFSET (LqTags, comment) },
    { "DESCRIPTION", G_STRUCT_OFFSET (LqTags, comment) },
  };
  FLAC__StreamMetadata *block = NULL;

  if (!FLAC__metadata_get_tags (path, &block))
    return;

  for (FLAC__uint32 i = 0; i < block->data.vorbis_comment.num_comments; i++)
    {
      FLAC__StreamMetadata_VorbisComment_Entry entry = block->data.vorbis_comment.comments[i];
      char *name = NULL;
      char *value = NULL;

      if (entry.length == 0 || memchr (entry.entry, '=', entry.length) == NULL
          || !FLAC__metadata_object_vorbiscomment_entry_to_name_value_pair (entry, &name, &value))
        continue;
      if (g_utf8_validate (value, -1, NULL) && *value != '\0')
        {
          if (g_ascii_strcasecmp (name, "TRACKNUMBER") == 0)
            take_track (out, value);
          else if ((g_ascii_strcasecmp (name, "TRACKTOTAL") == 0
                    || g_ascii_strcasecmp (name, "TOTALTRACKS") == 0) && out->n_tracks == 0)
            out->n_tracks = (guint) MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT);
          for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
            if (g_ascii_strcasecmp (name, fields[k].name) == 0)
              take_field (out, fields[k].offset, g_strdup (value));
        }
      free (name);
      free (value);
    }
  FLAC__metadata_object_delete (block);
}

/* WAV and AIFF -------------------------------------------------------------- */

static GBytes *
read_chunk (SNDFILE *file,
            const char *id)
{
  SF_CHUNK_INFO info = { 0 };
  SF_CHUNK_ITERATOR *it;
  g_autofree guint8 *data = NULL;

  g_strlcpy (info.id, id, sizeof info.id);
  info.id_size = (unsigned) strlen (id);
  it = sf_get_chunk_iterator (file, &info);
  if (it == NULL || sf_get_chunk_size (it, &info) != SF_ERR_NO_ERROR
      || info.datalen == 0 || info.datalen > ID3_READ_MAX)
    return NULL;
  data = g_malloc0 (info.datalen);
  info.data = data;
  if (sf_get_chunk_data (it, &info) != SF_ERR_NO_ERROR)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), info.datalen);
}

/* libsndfile's strings (RIFF INFO, AIFF NAME/AUTH/ANNO), for the fields
 * the ID3 tag did not give. They have no declared encoding: text that is
 * not UTF-8 is read as Latin-1. */
static void
read_strings (SNDFILE *file,
              LqTags *out)
{
  static const struct { int type; gsize offset; } strings[] = {
    { SF_STR_TITLE, G_STRUCT_OFFSET (LqTags, title) },
    { SF_STR_ARTIST, G_STRUCT_OFFSET (LqTags, artist) },
    { SF_STR_ALBUM, G_STRUCT_OFFSET (LqTags, album) },
    { SF_STR_GENRE, G_STRUCT_OFFSET (LqTags, genre) },
    { SF_STR_DATE, G_STRUCT_OFFSET (LqTags, date) },
    { SF_STR_COMMENT, G_STRUCT_OFFSET (LqTags, comment) },
    { SF_STR_TRACKNUMBER, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *s = sf_get_string (file, strings[i].type);
      char *text;

      if (!present (s))
        continue;
      if (g_utf8_validate (s, -1, NULL))
        text = g_strdup (s);
      else
        text = g_convert (s, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      if (strings[i].type == SF_STR_TRACKNUMBER)
        {
          take_track (out, text);
          g_free (text);
        }
      else
        take_field (out, strings[i].offset, text);
    }
}

/* Public API --------------------------------------------------------------- */

gboolean
lq_tags_write_header (SNDFILE *file,
                      int sf_format,
                      const LqTags *tags,
                      GError **error)
{
  g_autofree char *isrc = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GByteArray) id3 = NULL;
  int major = sf_format & SF_FORMAT_TYPEMASK;
  gboolean wav = major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64;
  const char *chunk_id = NULL;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (tags != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_tags (tags, &isrc, error))
    return FALSE;

  if (wav)
    chunk_id = "id3 ";
  else if (major == SF_FORMAT_AIFF)
    chunk_id = "ID3 ";
  if (chunk_id != NULL)
    id3 = id3_build (tags, isrc);

  if (tags->track_number != 0)
    number = g_strdup_printf ("%u", tags->track_number);
  {
    const struct { int type; const char *value; } strings[] = {
      { SF_STR_TITLE, tags->title },
      { SF_STR_ARTIST, tags->artist },
      { SF_STR_ALBUM, tags->album },
      { SF_STR_DATE, tags->date },
      { SF_STR_TRACKNUMBER, number },
      { SF_STR_GENRE, tags->genre },
      { SF_STR_COMMENT, tags->comment },
      /* libsndfile 1.2 reads its own AIFF "APPL" software chunk with an
       * uninitialised value (valgrind), so AIFF files go without it. */
      /* FLAC gets an ENCODER comment instead (lq_tags_finish_file()):
       * libsndfile would write it as "software". */
      { SF_STR_SOFTWARE, major != SF_FORMAT_AIFF && major != SF_FORMAT_FLAC ? SOFTWARE : NULL },
    };

    /* A string the format has no place for is accepted and left out. WAV
     * gets no RIFF INFO chunk: ffmpeg would then discard the ID3 tag. */
    for (guint i = 0; i < G_N_ELEMENTS (strings) && !wav; i++)
      {
        int e;

        if (!present (strings[i].value))
          continue;
        e = sf_set_string (file, strings[i].type, strings[i].value);
        if (e != SF_ERR_NO_ERROR)
          {
            g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write the tags: %s"),
                         sf_error_number (e));
            return FALSE;
          }
      }
  }

  if (id3 != NULL)
    {
      /* libsndfile copies the data (and rounds the chunk up to a multiple
       * of 4 bytes, which id3_build() already did). */
      SF_CHUNK_INFO chunk = { .id_size = 4, .datalen = id3->len, .data = id3->data };
      int e;

      g_strlcpy (chunk.id, chunk_id, sizeof chunk.id);
      e = sf_set_chunk (file, &chunk);
      if (e != SF_ERR_NO_ERROR)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write the tags: %s"),
                       sf_error_number (e));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lq_tags_finish_file (const char *path,
                     int sf_format,
                     const LqTags *tags,
                     GError **error)
{
  g_autofree char *isrc = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (tags != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((sf_format & SF_FORMAT_TYPEMASK) != SF_FORMAT_FLAC)
    return TRUE;
  if (!check_tags (tags, &isrc, error))
    return FALSE;
  return flac_finish (path, tags, isrc, error);
}

LqTags *
lq_tags_read (const char *path,
              GError **error)
{
  g_autoptr(LqTags) tags = NULL;
  SF_INFO info = { 0 };
  SNDFILE *file;
  int major;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = sf_open (path, SFM_READ, &info);
  if (file == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO, _("Cannot read the tags: %s"),
                   sf_strerror (NULL));
      return NULL;
    }
  tags = g_new0 (LqTags, 1);
  major = info.format & SF_FORMAT_TYPEMASK;
  if (major == SF_FORMAT_FLAC)
    {
      sf_close (file);
      flac_read (path, tags);
      return g_steal_pointer (&tags);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) id3 = read_chunk (file, i == 0 ? "id3 " : "ID3 ");

      if (id3 != NULL)
        {
          gsize size;
          const guint8 *data = g_bytes_get_data (id3, &size);

          id3_parse (data, size, tags);
        }
    }
  read_strings (file, tags);
  sf_close (file);
  return g_steal_pointer (&tags);
}

void
lq_tags_free_read (LqTags *tags)
{
  if (tags == NULL)
    return;
  g_free ((char *) tags->title);
  g_free ((char *) tags->artist);
  g_free ((char *) tags->album_artist);
  g_free ((char *) tags->album);
  g_free ((char *) tags->composer);
  g_free ((char *) tags->genre);
  g_free ((char *) tags->date);
  g_free ((char *) tags->isrc);
  g_free ((char *) tags->comment);
  g_free (tags);
}

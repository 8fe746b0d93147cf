/* lq-tags-id3.c: the cover and TXXX frames of a finished WAV or AIFF file's
 * ID3 tag. */
#include "config.h"

#include "lq-tags-id3.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-error.h"

/* A chunk larger than this is not a tag Lacquer wrote. */
#define ID3_CHUNK_MAX (LQ_COVER_MAX_BYTES + 1024 * 1024)

typedef struct
{
  gboolean little_endian;  /* RIFF, RF64 */
  gboolean rf64;
  goffset ds64;            /* RF64: the ds64 chunk's data, or -1 */
  goffset start;           /* the tag chunk's header, or where one goes (the audio chunk's) */
  goffset end;             /* after the chunk (and its pad byte); == start when there is none */
  guint32 riff_size;       /* the header's size field */
} Layout;

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
get32 (const guint8 *p,
       gboolean le)
{
  if (le)
    return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
put32 (guint8 *p,
       guint32 v,
       gboolean le)
{
  for (guint i = 0; i < 4; i++)
    p[le ? i : 3 - i] = (v >> (8 * i)) & 0xff;
}

static void
add_frame (GByteArray *tag,
           const char *id,
           const guint8 *body,
           gsize len)
{
  guint8 head[10] = { 0 };

  memcpy (head, id, 4);
  put_syncsafe (head + 4, (guint32) len);
  g_byte_array_append (tag, head, sizeof head);
  g_byte_array_append (tag, body, (guint) len);
}

void
_lq_tags_id3_add_apic (GByteArray *tag,
                       const LqCover *cover)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (cover->data, &size);

  /* ID3v2.4 4.14: Latin-1 (0), the MIME type, picture type 3 (front
   * cover), an empty description, the picture. */
  g_byte_array_append (body, (const guint8 *) "\0", 1);
  g_byte_array_append (body, (const guint8 *) cover->mime, (guint) strlen (cover->mime) + 1);
  g_byte_array_append (body, (const guint8 *) "\x03\0", 2);
  g_byte_array_append (body, data, (guint) size);
  add_frame (tag, "APIC", body->data, body->len);
}

void
_lq_tags_id3_add_txxx (GByteArray *tag,
                       const char *description,
                       const char *value)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  /* ID3v2.4 4.2.6: UTF-8 (3), the description, its terminator, the value. */
  g_byte_array_append (body, (const guint8 *) "\x03", 1);
  g_byte_array_append (body, (const guint8 *) description, (guint) strlen (description) + 1);
  g_byte_array_append (body, (const guint8 *) value, (guint) strlen (value));
  add_frame (tag, "TXXX", body->data, body->len);
}

static gboolean
corrupt (GError **error,
         const char *path,
         const char *why)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT, _("%s: cannot update the ID3 tag: %s"), path, why);
  return FALSE;
}

static gboolean
io_error (GError **error,
          const char *path,
          int saved)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot update the ID3 tag: %s"), path,
               g_strerror (saved));
  return FALSE;
}

static gboolean
read_at (int fd,
         goffset offset,
         guint8 *buf,
         gsize len)
{
  return pread (fd, buf, len, offset) == (gssize) len;
}

static gboolean
write_all (int fd,
           goffset offset,
           const guint8 *buf,
           gsize len)
{
  while (len > 0)
    {
      gssize n = pwrite (fd, buf, len, offset);

      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

/* Finds the tag chunk before the audio (where lq_tags_write_header() puts
 * it), or the audio chunk a new one goes before. */
static gboolean
find_layout (int fd,
             const char *path,
             Layout *l,
             GError **error)
{
  guint8 head[12];
  const char *tag_id, *audio_id;
  goffset pos = 12;

  memset (l, 0, sizeof *l);
  l->ds64 = -1;
  if (!read_at (fd, 0, head, sizeof head))
    return corrupt (error, path, _("not a WAV or AIFF file"));
  if ((memcmp (head, "RIFF", 4) == 0 || memcmp (head, "RF64", 4) == 0)
      && memcmp (head + 8, "WAVE", 4) == 0)
    {
      l->little_endian = TRUE;
      l->rf64 = head[1] == 'F';
      tag_id = "id3 ";
      audio_id = "data";
    }
  else if (memcmp (head, "FORM", 4) == 0
           && (memcmp (head + 8, "AIFF", 4) == 0 || memcmp (head + 8, "AIFC", 4) == 0))
    {
      tag_id = "ID3 ";
      audio_id = "SSND";
    }
  else
    return corrupt (error, path, _("not a WAV or AIFF file"));
  l->riff_size = get32 (head + 4, l->little_endian);

  for (;;)
    {
      guint8 chunk[8];
      guint32 size;

      if (!read_at (fd, pos, chunk, sizeof chunk))
        return corrupt (error, path, _("no audio chunk"));
      size = get32 (chunk + 4, l->little_endian);
      if (memcmp (chunk, "ds64", 4) == 0)
        l->ds64 = pos + 8;
      if (memcmp (chunk, tag_id, 4) == 0)
        {
          if (size > ID3_CHUNK_MAX)
            return corrupt (error, path, _("the tag chunk is too large"));
          l->start = pos;
          l->end = pos + 8 + size + (size & 1);
          return TRUE;
        }
      if (memcmp (chunk, audio_id, 4) == 0)
        {
          l->start = l->end = pos;
          return TRUE;
        }
      pos += 8 + (goffset) size + (size & 1);
    }
}

/* The frames of the tag in @chunk to keep; FALSE for a tag this cannot
 * rewrite (not ID3v2.4, unsynchronised, extended header, damaged). */
static gboolean
keep_frames (const guint8 *chunk,
             gsize len,
             const char *txxx_prefix,
             GByteArray *out)
{
  guint32 size;
  gsize pos = 10;

  if (len < 10 || memcmp (chunk, "ID3", 3) != 0 || chunk[3] != 4 || chunk[5] != 0)
    return FALSE;
  size = get_syncsafe (chunk + 6);
  if (size > len - 10)
    return FALSE;
  while (pos + 10 <= 10 + (gsize) size && chunk[pos] != 0)
    {
      guint32 n = get_syncsafe (chunk + pos + 4);
      const guint8 *body = chunk + pos + 10;
      gboolean drop;

      if (n > 10 + size - pos - 10)
        return FALSE;
      drop = memcmp (chunk + pos, "APIC", 4) == 0;
      if (memcmp (chunk + pos, "TXXX", 4) == 0 && n > 1)
        {
          gsize k = strlen (txxx_prefix);

          drop = n - 1 >= k && g_ascii_strncasecmp ((const char *) body + 1, txxx_prefix, k) == 0;
        }
      if (!drop)
        g_byte_array_append (out, chunk + pos, 10 + n);
      pos += 10 + n;
    }
  return TRUE;
}

/* Copies @len bytes of @in from @from to @out at @to. */
static gboolean
copy_range (int in,
            goffset from,
            int out,
            goffset to,
            goffset len)
{
  g_autofree guint8 *buf = g_malloc (1 << 20);

  while (len > 0)
    {
      gssize n = pread (in, buf, MIN (len, 1 << 20), from);

      if (n <= 0 || !write_all (out, to, buf, n))
        return FALSE;
      from += n;
      to += n;
      len -= n;
    }
  return TRUE;
}

/* Writes @path with its bytes [start, end) replaced by @chunk, to a new
 * file renamed over it; the sizes in the header grow by @delta. */
static gboolean
rewrite (int fd,
         const char *path,
         const Layout *l,
         const GByteArray *chunk,
         gint64 delta,
         GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.lqpart-XXXXXX", dir, base);
  struct stat st;
  guint8 field[8];
  int out;
  int saved;

  if (fstat (fd, &st) != 0)
    return io_error (error, path, errno);
  out = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, st.st_mode & 0777);
  if (out < 0)
    return io_error (error, path, errno);
  if (!copy_range (fd, 0, out, 0, l->start)
      || !write_all (out, l->start, chunk->data, chunk->len)
      || !copy_range (fd, l->end, out, l->start + chunk->len, st.st_size - l->end))
    goto fail;
  if (l->riff_size != 0xffffffff)
    {
      gint64 size = (gint64) l->riff_size + delta;

      if (size < 4 || size > G_MAXUINT32)
        {
          errno = EFBIG;
          goto fail;
        }
      put32 (field, (guint32) size, l->little_endian);
      if (!write_all (out, 4, field, 4))
        goto fail;
    }
  if (l->rf64 && l->ds64 >= 0 && l->ds64 < l->start)
    {
      /* ds64: the 64-bit RIFF size first. */
      guint64 size;

      if (!read_at (out, l->ds64, field, 8))
        goto fail;
      size = GUINT64_FROM_LE (*(guint64 *) (void *) field) + delta;
      size = GUINT64_TO_LE (size);
      memcpy (field, &size, 8);
      if (!write_all (out, l->ds64, field, 8))
        goto fail;
    }
  if (fsync (out) != 0 || close (out) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_error (error, path, saved);
    }
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_error (error, path, saved);
    }
  return TRUE;

fail:
  saved = errno != 0 ? errno : EIO;
  close (out);
  g_unlink (tmp);
  return io_error (error, path, saved);
}

gboolean
_lq_tags_id3_update_file (const char *path,
                          const LqCover *cover,
                          const char *txxx_prefix,
                          const char *const *txxx,
                          GError **error)
{
  g_autoptr(GByteArray) tag = g_byte_array_new ();
  g_autoptr(GByteArray) chunk = g_byte_array_new ();
  g_autofree guint8 *old = NULL;
  gsize old_len = 0;
  guint8 head[10] = { 'I', 'D', '3', 4, 0, 0 };
  Layout l;
  gboolean ok;
  int fd;

  fd = g_open (path, O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    return io_error (error, path, errno);
  if (!find_layout (fd, path, &l, error))
    {
      close (fd);
      return FALSE;
    }

  g_byte_array_append (tag, head, sizeof head);
  if (l.end > l.start)
    {
      old_len = l.end - l.start - 8;
      old = g_malloc (MAX (old_len, 1));
      if (!read_at (fd, l.start + 8, old, old_len))
        {
          close (fd);
          return corrupt (error, path, _("the tag chunk is truncated"));
        }
      if (!keep_frames (old, old_len, txxx_prefix, tag))
        {
          close (fd);
          return corrupt (error, path, _("not an ID3v2.4 tag Lacquer wrote"));
        }
    }
  for (guint i = 0; txxx != NULL && txxx[i] != NULL && txxx[i + 1] != NULL; i += 2)
    _lq_tags_id3_add_txxx (tag, txxx[i], txxx[i + 1]);
  if (cover != NULL)
    _lq_tags_id3_add_apic (tag, cover);

  /* Zero padding: the old chunk's length when the tag fits, else a
   * multiple of 4 as lq_tags_write_header() writes it. */
  {
    guint used = tag->len;

    if (old != NULL && used <= old_len)
      g_byte_array_set_size (tag, (guint) old_len);
    else
      g_byte_array_set_size (tag, used + (4 - used % 4) % 4);
    memset (tag->data + used, 0, tag->len - used);
  }
  put_syncsafe (tag->data + 6, tag->len - sizeof head);

  {
    guint8 ch[8];

    memcpy (ch, l.little_endian ? "id3 " : "ID3 ", 4);
    put32 (ch + 4, tag->len, l.little_endian);
    g_byte_array_append (chunk, ch, 8);
    g_byte_array_append (chunk, tag->data, tag->len);
  }

  if (old != NULL && tag->len == old_len)
    {
      ok = write_all (fd, l.start, chunk->data, chunk->len);
      if (!ok || fsync (fd) != 0)
        {
          int saved = errno;

          close (fd);
          return io_error (error, path, saved);
        }
      close (fd);
      return TRUE;
    }
  ok = rewrite (fd, path, &l, chunk, (gint64) chunk->len - (l.end - l.start), error);
  close (fd);
  return ok;
}

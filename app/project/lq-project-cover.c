/* lq-project-cover.c: the album's front cover: reading and checking the
 * picture, storing it in the project, reading it back. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lq-error.h"
#include "lq-project-cover.h"
#include "lq-project-private.h"

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static guint32
be16 (const guint8 *p)
{
  return ((guint32) p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The IHDR chunk comes first (PNG 1.2, 5.6): its width and height. */
static gboolean
png_size (const guint8 *data,
          gsize size,
          guint *width,
          guint *height)
{
  if (size < 8 + 8 + 13 || be32 (data + 8) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = be32 (data + 16);
  *height = be32 (data + 20);
  /* At most 2^31 - 1 pixels either way. */
  return *width > 0 && *height > 0 && *width <= G_MAXINT32 && *height <= G_MAXINT32;
}

/* The first SOFn segment's height and width (ITU T.81, B.2.2), walking the
 * segments from SOI. */
static gboolean
jpeg_size (const guint8 *data,
           gsize size,
           guint *width,
           guint *height)
{
  gsize i = 2;

  while (i + 4 <= size)
    {
      guint8 marker;
      guint32 length;

      if (data[i] != 0xff)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xff)   /* fill byte */
        {
          i++;
          continue;
        }
      /* Markers without a length: TEM, RSTn. SOS or EOI before a frame
       * header: no size. */
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          i += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)
        return FALSE;
      length = be16 (data + i + 2);
      if (length < 2 || i + 2 + length > size)
        return FALSE;
      /* SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (length < 7)
            return FALSE;
          *height = be16 (data + i + 5);
          *width = be16 (data + i + 7);
          return *width > 0 && *height > 0;
        }
      i += 2 + length;
    }
  return FALSE;
}

LqCover *
lq_cover_new_from_bytes (GBytes *bytes,
                         const char *name,
                         GError **error)
{
  g_autoptr(LqCover) cover = NULL;
  gsize size;
  const guint8 *data;
  const char *mime;
  guint width = 0, height = 0;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > LQ_COVER_MAX_BYTES)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the picture is %.1f MiB; a cover may be at most %d MiB"), name,
                   size / 1048576.0, LQ_COVER_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (size >= 8 && memcmp (data, png_signature, 8) == 0)
    {
      mime = "image/png";
      ok = png_size (data, size, &width, &height);
    }
  else if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    {
      mime = "image/jpeg";
      ok = jpeg_size (data, size, &width, &height);
    }
  else
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: not a PNG or JPEG picture; a cover must be one"), name);
      return NULL;
    }
  if (!ok)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: a damaged %s picture (no size in its header)"), name,
                   g_str_equal (mime, "image/png") ? "PNG" : "JPEG");
      return NULL;
    }
  cover = g_new0 (LqCover, 1);
  cover->mime = g_strdup (mime);
  cover->width = width;
  cover->height = height;
  cover->data = g_bytes_ref (bytes);
  return g_steal_pointer (&cover);
}

LqCover *
lq_cover_new_from_file (const char *path,
                        GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("%s: no such file"), path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR, _("%s: not a regular file"), path);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot read the picture: %s"), path,
                   local->message);
      return NULL;
    }
  if (g_mapped_file_get_length (file) > LQ_COVER_MAX_BYTES)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the picture is %.1f MiB; a cover may be at most %d MiB"), path,
                   g_mapped_file_get_length (file) / 1048576.0, LQ_COVER_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  /* A copy: the project keeps the bytes as they were now. */
  bytes = g_bytes_new (g_mapped_file_get_contents (file), g_mapped_file_get_length (file));
  return lq_cover_new_from_bytes (bytes, path, error);
}

LqCover *
lq_cover_copy (const LqCover *cover)
{
  LqCover *copy;

  g_return_val_if_fail (cover != NULL, NULL);

  copy = g_new0 (LqCover, 1);
  copy->mime = g_strdup (cover->mime);
  copy->width = cover->width;
  copy->height = cover->height;
  copy->data = g_bytes_ref (cover->data);
  return copy;
}

void
lq_cover_free (LqCover *cover)
{
  if (cover == NULL)
    return;
  g_free (cover->mime);
  g_clear_pointer (&cover->data, g_bytes_unref);
  g_free (cover);
}

/* The project's side ------------------------------------------------------ */

const LqField *
_lq_project_cover_field (void)
{
  /* Not in lq_project_fields_album(): no column holds its value, and the
   * edit pane and `list` show it their own way. */
  static const LqField field = {
    .key = LQ_COVER_KEY, .table = "album", .column = "cover_id", .type = LQ_FIELD_INT,
    .label = N_("Cover"),
  };

  return &field;
}

static gboolean
step_ok (LqProjectStore *store,
         sqlite3_stmt *stmt,
         GError **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  lq_project_store_set_error (store, error, _("Cannot save the edit"));
  return FALSE;
}

gboolean
_lq_project_cover_edit (LqProjectStore *store,
                        const LqCover *cover,
                        GError **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) prune = NULL;
  gint64 id = 0;

  if (cover != NULL)
    {
      g_autoptr(sqlite3_stmt) find = NULL;
      g_autoptr(sqlite3_stmt) insert = NULL;
      gsize size;
      const void *data = g_bytes_get_data (cover->data, &size);

      /* The same picture again keeps its row (and is no edit). */
      find = lq_project_store_prepare (store, "SELECT id FROM cover WHERE mime = ?1 AND data = ?2", error);
      if (find == NULL)
        return FALSE;
      sqlite3_bind_text (find, 1, cover->mime, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (find, 2, data, size, SQLITE_STATIC);
      if (sqlite3_step (find) == SQLITE_ROW)
        id = sqlite3_column_int64 (find, 0);
      else
        {
          insert = lq_project_store_prepare (store,
                                             "INSERT INTO cover (mime, width, height, data) "
                                             "VALUES (?, ?, ?, ?)", error);
          if (insert == NULL)
            return FALSE;
          sqlite3_bind_text (insert, 1, cover->mime, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert, 2, cover->width);
          sqlite3_bind_int64 (insert, 3, cover->height);
          sqlite3_bind_blob64 (insert, 4, data, size, SQLITE_STATIC);
          if (!step_ok (store, insert, error))
            return FALSE;
          id = sqlite3_last_insert_rowid (lq_project_store_get_db (store));
        }
    }

  update = lq_project_store_prepare (store, "UPDATE album SET cover_id = ?1 WHERE id = 1 AND cover_id IS NOT ?1",
                                     error);
  if (update == NULL)
    return FALSE;
  if (id != 0)
    sqlite3_bind_int64 (update, 1, id);
  else
    sqlite3_bind_null (update, 1);
  if (!step_ok (store, update, error))
    return FALSE;

  /* Pictures neither the album nor a step of the history (the statement
   * the history trigger of lq-project-store.c recorded) names. */
  prune = lq_project_store_prepare (store,
                                    "DELETE FROM cover WHERE id IS NOT (SELECT cover_id FROM album WHERE id = 1)"
                                    " AND NOT EXISTS (SELECT 1 FROM undo_op"
                                    "  WHERE sql = 'UPDATE album SET cover_id=' || cover.id || ' WHERE rowid=1')",
                                    error);
  return prune != NULL && step_ok (store, prune, error);
}

LqCover *
lq_project_get_cover (LqProject *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  LqCover *cover;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  stmt = lq_project_store_prepare (self->store,
                                   "SELECT c.mime, c.width, c.height, c.data FROM album a"
                                   " JOIN cover c ON c.id = a.cover_id WHERE a.id = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
  cover = g_new0 (LqCover, 1);
  cover->mime = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  cover->width = (guint) sqlite3_column_int64 (stmt, 1);
  cover->height = (guint) sqlite3_column_int64 (stmt, 2);
  cover->data = g_steal_pointer (&bytes);
  return cover;
}

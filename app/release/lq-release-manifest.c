/* lq-release-manifest.c: see lq-release-manifest.h. */
#include "config.h"

#include "lq-release-manifest.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "lq-error.h"
#include "lq-project-fields.h"
#include "lq-project-json.h"

#define READ_BLOCK (1 << 16)

char *
lq_release_file_sha256 (const char *path,
                        goffset *size,
                        GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *block = g_malloc (READ_BLOCK);
  FILE *f = g_fopen (path, "rb");
  goffset total = 0;
  size_t n;

  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  while ((n = fread (block, 1, READ_BLOCK, f)) > 0)
    {
      g_checksum_update (sum, block, n);
      total += (goffset) n;
    }
  if (ferror (f))
    {
      int saved = errno;

      fclose (f);
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  fclose (f);
  if (size != NULL)
    *size = total;
  return g_strdup (g_checksum_get_string (sum));
}

static void
add_fields (JsonBuilder *b,
            const LqField *fields,
            guint n_fields,
            LqProject *project,
            LqTrack *track)
{
  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_fields; i++)
    {
      const LqField *field = &fields[i];
      const GValue *v = track != NULL ? lq_track_get_value (track, field)
                                      : lq_project_get_album_value (project, field);

      json_builder_set_member_name (b, field->key);
      if (v == NULL)
        json_builder_add_null_value (b);
      else if (G_VALUE_HOLDS_STRING (v))
        {
          if (g_value_get_string (v) != NULL)
            json_builder_add_string_value (b, g_value_get_string (v));
          else
            json_builder_add_null_value (b);
        }
      else if (G_VALUE_HOLDS_INT64 (v))
        json_builder_add_int_value (b, g_value_get_int64 (v));
      else if (G_VALUE_HOLDS_DOUBLE (v))
        json_builder_add_double_value (b, g_value_get_double (v));
      else if (G_VALUE_HOLDS_BOOLEAN (v))
        json_builder_add_boolean_value (b, g_value_get_boolean (v));
      else
        {
          g_autofree char *text = lq_field_format (field, v);

          json_builder_add_string_value (b, text);
        }
    }
  json_builder_end_object (b);
}

/* The album's front cover, when the project has one: its MIME type, size
 * in pixels, bytes and SHA-256 (of the bytes stored in the project, which
 * export writes into the files). */
static void
add_cover (JsonBuilder *b,
           LqProject *project)
{
  g_autoptr(LqCover) cover = lq_project_get_cover (project);
  g_autofree char *sha = NULL;
  gsize size = 0;
  const guchar *data;

  if (cover == NULL || cover->data == NULL)
    return;
  data = g_bytes_get_data (cover->data, &size);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guchar *) "", size);
  json_builder_set_member_name (b, "cover");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mime");
  json_builder_add_string_value (b, cover->mime);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, cover->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, cover->height);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha);
  json_builder_end_object (b);
}

static gboolean
add_file (JsonBuilder *b,
          const char *kind,
          const char *path,
          const char *relative,
          GError **error)
{
  goffset size = 0;
  g_autofree char *sha = lq_release_file_sha256 (path, &size, error);

  if (sha == NULL)
    return FALSE;
  json_builder_begin_object (b);
  if (kind != NULL)
    {
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind);
    }
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, relative);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha);
  json_builder_end_object (b);
  return TRUE;
}

/* Every regular file below @path (itself when it is one) into @files as
 * pairs of @kind and path. */
static gboolean
collect (const char *kind,
         const char *path,
         GPtrArray *files,
         GError **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, (gpointer) kind);
      g_ptr_array_add (files, g_strdup (path));
      return TRUE;
    }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!collect (kind, child, files, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *kind;
  char *path;
  char *relative;
} Delivered;

static int
compare_delivered (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (((const Delivered *) a)->relative, ((const Delivered *) b)->relative);
}

static void
delivered_clear (gpointer data)
{
  Delivered *d = data;

  g_free (d->path);
  g_free (d->relative);
}

static char *
relative_to (const char *dir,
             const char *path)
{
  g_autoptr(GFile) parent = g_file_new_for_path (dir);
  g_autoptr(GFile) child = g_file_new_for_path (path);
  char *relative = g_file_get_relative_path (parent, child);

  return relative != NULL ? relative : g_path_get_basename (path);
}

static gboolean
add_delivered (JsonBuilder *b,
               const char *out_dir,
               GPtrArray *delivered,
               GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (Delivered));

  g_array_set_clear_func (files, delivered_clear);
  for (guint i = 0; delivered != NULL && i + 1 < delivered->len; i += 2)
    if (!collect (g_ptr_array_index (delivered, i), g_ptr_array_index (delivered, i + 1), paths, error))
      {
        for (guint k = 1; k < paths->len; k += 2)
          g_free (g_ptr_array_index (paths, k));
        return FALSE;
      }
  for (guint i = 0; i < paths->len; i += 2)
    {
      Delivered d = { g_ptr_array_index (paths, i), g_ptr_array_index (paths, i + 1), NULL };

      d.relative = relative_to (out_dir, d.path);
      g_array_append_val (files, d);
    }
  g_array_sort (files, compare_delivered);

  json_builder_set_member_name (b, "delivered");
  json_builder_begin_array (b);
  for (guint i = 0; i < files->len; i++)
    {
      const Delivered *d = &g_array_index (files, Delivered, i);

      if (!add_file (b, d->kind, d->path, d->relative, error))
        return FALSE;
    }
  json_builder_end_array (b);
  return TRUE;
}

JsonNode *
lq_release_manifest_new (LqProject *project,
                         const char *project_path,
                         const char *out_dir,
                         GPtrArray *delivered,
                         GDateTime *created,
                         GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) utc = g_date_time_to_utc (created != NULL ? created : now);
  g_autofree char *when = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  const LqField *fields;
  guint n_fields;
  guint n = lq_project_get_n_tracks (project);

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "manifest");
  json_builder_set_member_name (b, "lacquer_version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, when);
  json_builder_set_member_name (b, "project_path");
  json_builder_add_string_value (b, project_path != NULL ? project_path : lq_project_get_path (project));

  json_builder_set_member_name (b, "album");
  json_builder_begin_object (b);
  fields = lq_project_fields_album (&n_fields);
  add_fields (b, fields, n_fields, project, NULL);
  add_cover (b, project);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  fields = lq_project_fields_track (&n_fields);
  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, i);
      add_fields (b, fields, n_fields, project, track);
      json_builder_set_member_name (b, "source");
      if (!add_file (b, NULL, lq_track_get_path (track), lq_track_get_source (track), error))
        return NULL;
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "match");
  json_builder_add_value (b, lq_project_match_to_json (project));

  if (!add_delivered (b, out_dir, delivered, error))
    return NULL;
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
lq_release_manifest_write (LqProject *project,
                           const char *project_path,
                           const char *out_dir,
                           GPtrArray *delivered,
                           GDateTime *created,
                           const char *path,
                           GError **error)
{
  g_autoptr(JsonNode) root = lq_release_manifest_new (project, project_path, out_dir, delivered, created, error);
  g_autoptr(JsonGenerator) gen = NULL;
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;
  g_autoptr(GError) local = NULL;

  if (root == NULL)
    return FALSE;
  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  with_newline = g_strconcat (text, "\n", NULL);
  if (!g_file_set_contents (path, with_newline, -1, &local))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* lq-ddp-reader-verify.c: the DDP reader's verification: the problems
 * found while reading, and every file against the checksum file */
#include "lq-ddp-reader-private.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/* The MD5 of a file, or NULL */
static char *
file_md5 (const char *path)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = g_malloc (1 << 20);
  FILE *f = fopen (path, "rb");
  size_t got;
  gboolean ok;

  if (f == NULL)
    return NULL;
  while ((got = fread (buffer, 1, 1 << 20, f)) > 0)
    g_checksum_update (md5, buffer, got);
  ok = !ferror (f);
  fclose (f);
  return ok ? g_strdup (g_checksum_get_string (md5)) : NULL;
}

static char *
find_checksum_file (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      if (g_str_has_suffix (lower, ".md5") && (found == NULL || strcmp (name, found) < 0))
        {
          g_free (found);
          found = g_strdup (name);
        }
    }
  return found;
}

static void
verify_checksums (LqDdpImage *image,
                  GPtrArray  *problems)
{
  g_autofree char *sums_name = find_checksum_file (image->dir);
  g_autofree char *sums_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (sums_name == NULL)
    {
      _lq_ddp_add_problem (problems, "CHECKSUM.MD5", -1, 0, NULL, _("missing: the set has no *.md5 file"));
      return;
    }
  sums_path = g_build_filename (image->dir, sums_name, NULL);
  if (!g_file_get_contents (sums_path, &text, NULL, NULL))
    {
      _lq_ddp_add_problem (problems, sums_name, -1, 0, NULL, _("cannot be read"));
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize length = strlen (line);
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      gboolean hex = length > 34;

      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      if (length == 0)
        continue;
      for (guint k = 0; hex && k < 32; k++)
        hex = g_ascii_isxdigit (line[k]);
      if (!hex || line[32] != ' ' || (line[33] != ' ' && line[33] != '*'))
        {
          _lq_ddp_add_problem (problems, sums_name, -1, i + 1, "line",
                       _("not “MD5 *FILE” or “MD5  FILE”"));
          continue;
        }
      name = line + 34;
      g_hash_table_add (listed, g_strdup (name));
      path = g_build_filename (image->dir, name, NULL);
      if (strchr (name, '/') != NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          _lq_ddp_add_problem (problems, name, -1, 0, NULL, _("missing (%s line %u lists it)"),
                       sums_name, i + 1);
          continue;
        }
      actual = file_md5 (path);
      line[32] = '\0';
      if (actual == NULL)
        _lq_ddp_add_problem (problems, name, -1, 0, NULL, _("cannot be read"));
      else if (g_ascii_strcasecmp (actual, line) != 0)
        _lq_ddp_add_problem (problems, name, -1, 0, NULL,
                     _("the MD5 is %s, but %s line %u says %s: the file changed"),
                     actual, sums_name, i + 1, line);
    }

  /* Every other file of the set needs its checksum */
  d = g_dir_open (image->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (image->dir, name, NULL);
      if (strcmp (name, sums_name) != 0 && g_file_test (path, G_FILE_TEST_IS_REGULAR)
          && !g_hash_table_contains (listed, name))
        _lq_ddp_add_problem (problems, name, -1, 0, NULL, _("has no line in %s"), sums_name);
    }
}

gboolean
lq_ddp_verify (LqDdpImage *image,
               GPtrArray **problems)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (_lq_ddp_problem_free);

  g_return_val_if_fail (image != NULL, FALSE);

  for (guint i = 0; i < image->problems->len; i++)
    {
      const LqDdpProblem *p = image->problems->pdata[i];
      _lq_ddp_add_problem (all, p->file, p->offset, p->record, p->unit, "%s", p->message);
    }
  verify_checksums (image, all);

  if (problems != NULL)
    *problems = g_ptr_array_ref (all);
  return all->len == 0;
}

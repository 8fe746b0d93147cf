/* lq-cue-sheet.c: the disc as a CDRWIN cue sheet (see the header) */
#include "config.h"

#include "lq-cue-sheet.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "lq-cd-text.h"
#include "lq-error.h"

/* Appends KEY "text" (ISO-8859-1, quotes as two apostrophes) */
static gboolean
append_text (GString    *out,
             const char *indent,
             const char *key,
             const char *text,
             const char *what,
             GError    **error)
{
  g_autofree char *latin1 = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  latin1 = lq_cd_text_to_latin1 (text, what, error);
  if (latin1 == NULL)
    return FALSE;
  g_string_append_printf (out, "%s%s \"", indent, key);
  for (const char *p = latin1; *p != '\0'; p++)
    if (*p == '"')
      g_string_append (out, "''");
    else
      g_string_append_c (out, *p);
  g_string_append (out, "\"\r\n");
  return TRUE;
}

static void
append_index (GString *out,
              guint    number,
              guint64  frame)
{
  g_autofree char *msf = lq_cd_frames_to_msf (frame);

  g_string_append_printf (out, "    INDEX %02u %s\r\n", number, msf);
}

static gboolean
append_block (GString        *out,
              const LqCdText *text,
              guint           track,
              const char     *indent,
              GError        **error)
{
  static const struct { LqCdTextPackType type; const char *key; } keys[] = {
    { LQ_CD_TEXT_TITLE, "TITLE" },
    { LQ_CD_TEXT_PERFORMER, "PERFORMER" },
    { LQ_CD_TEXT_SONGWRITER, "SONGWRITER" },
    { LQ_CD_TEXT_COMPOSER, "REM COMPOSER" },
    { LQ_CD_TEXT_ARRANGER, "REM ARRANGER" },
    { LQ_CD_TEXT_MESSAGE, "REM MESSAGE" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *what = lq_cd_text_describe_field (track, keys[k].type);

      if (!append_text (out, indent, keys[k].key, lq_cd_text_get_field (text, keys[k].type), what, error))
        return FALSE;
    }
  return TRUE;
}

GBytes *
lq_cue_sheet_build (const LqCdLayout *layout,
                    const char       *image_name,
                    LqCdImageFormat   format,
                    GError          **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (image_name != NULL, NULL);

  g_string_append (out, "REM COMMENT \"Lacquer\"\r\n");
  if (layout->catalog != NULL)
    g_string_append_printf (out, "CATALOG %s\r\n", layout->catalog);
  if (!append_block (out, &layout->text, 0, "", error))
    return NULL;
  /* The name's bytes as the file system has them (give it an ASCII name to
   * read the same in every encoding); a quote cannot be written */
  name = g_strdelimit (g_strdup (image_name), "\"", '\'');
  g_string_append_printf (out, "FILE \"%s\" %s\r\n", name, format == LQ_CD_IMAGE_BIN ? "BINARY" : "WAVE");

  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];

      g_string_append_printf (out, "  TRACK %02u AUDIO\r\n", t->number);
      if (!append_block (out, &t->text, t->number, "    ", error))
        return NULL;
      if (t->copy_permitted || t->pre_emphasis)
        g_string_append_printf (out, "    FLAGS%s%s\r\n", t->copy_permitted ? " DCP" : "",
                                t->pre_emphasis ? " PRE" : "");
      if (t->isrc != NULL)
        g_string_append_printf (out, "    ISRC %s\r\n", t->isrc);
      if (t->pregap < t->start)
        append_index (out, 0, t->pregap);
      append_index (out, 1, t->start);
      for (guint k = 0; k < t->n_indexes; k++)
        append_index (out, k + 2, t->indexes[k]);
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

gboolean
lq_cd_sheet_write (LqCdSheetBuildFunc build,
                   const LqCdLayout  *layout,
                   const char        *path,
                   const char        *image_name,
                   LqCdImageFormat    format,
                   gboolean           overwrite,
                   GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  gsize size;
  const char *data;

  bytes = build (layout, image_name, format, &local);
  if (bytes == NULL)
    {
      g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                   _("Cannot write “%s”: the file exists already"), path);
      return FALSE;
    }
  /* A temporary file beside @path, synced and renamed over it */
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data != NULL ? data : "", size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_cue_sheet_write (const LqCdLayout *layout,
                    const char       *path,
                    const char       *image_name,
                    LqCdImageFormat   format,
                    gboolean          overwrite,
                    GError          **error)
{
  return lq_cd_sheet_write (lq_cue_sheet_build, layout, path, image_name, format, overwrite, error);
}

/* lq-cdrdao-toc.c: the disc as a cdrdao TOC file (see the header) */
#include "config.h"

#include "lq-cdrdao-toc.h"

#include "lq-cd-text.h"
#include "lq-cue-sheet.h"
#include "lq-error.h"

/* "text" with ISO-8859-1 bytes above 0x7E, quotes and backslashes as \ooo */
static void
append_quoted (GString    *out,
               const char *latin1)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) latin1; *p != '\0'; p++)
    if (*p > 0x7E || *p < 0x20 || *p == '"' || *p == '\\')
      g_string_append_printf (out, "\\%03o", *p);
    else
      g_string_append_c (out, (char) *p);
  g_string_append_c (out, '"');
}

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
  g_string_append_printf (out, "%s%s ", indent, key);
  append_quoted (out, latin1);
  g_string_append_c (out, '\n');
  return TRUE;
}

static gboolean
append_cd_text (GString          *out,
                const LqCdLayout *layout,
                const LqCdText   *text,
                guint             track,
                const char       *code_key,
                const char       *code,
                GError          **error)
{
  static const struct { LqCdTextPackType type; const char *key; } keys[] = {
    { LQ_CD_TEXT_TITLE, "TITLE" },
    { LQ_CD_TEXT_PERFORMER, "PERFORMER" },
    { LQ_CD_TEXT_SONGWRITER, "SONGWRITER" },
    { LQ_CD_TEXT_COMPOSER, "COMPOSER" },
    { LQ_CD_TEXT_ARRANGER, "ARRANGER" },
    { LQ_CD_TEXT_MESSAGE, "MESSAGE" },
  };

  g_string_append (out, "CD_TEXT {\n");
  if (track == 0)
    g_string_append (out, "  LANGUAGE_MAP {\n    0 : EN\n  }\n");
  g_string_append (out, "  LANGUAGE 0 {\n");
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *what = NULL;
      const char *value = lq_cd_text_get_field (text, keys[k].type);

      /* An item the disc has goes in every block, empty where unset, as
       * its packs carry a string for the album and each track */
      if (!lq_cd_text_type_used (layout, keys[k].type))
        continue;
      if (value == NULL || *value == '\0')
        {
          g_string_append_printf (out, "    %s \"\"\n", keys[k].key);
          continue;
        }
      what = lq_cd_text_describe_field (track, keys[k].type);
      if (!append_text (out, "    ", keys[k].key, value, what, error))
        return FALSE;
    }
  if (code != NULL)
    g_string_append_printf (out, "    %s \"%s\"\n", code_key, code);
  g_string_append (out, "  }\n}\n");
  return TRUE;
}

static void
append_msf (GString    *out,
            const char *key,
            guint64     frames)
{
  g_autofree char *msf = lq_cd_frames_to_msf (frames);

  g_string_append_printf (out, "%s%s\n", key, msf);
}

GBytes *
lq_cdrdao_toc_build (const LqCdLayout *layout,
                     const char       *image_name,
                     LqCdImageFormat   format,
                     GError          **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = NULL;
  gboolean has_text;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (image_name != NULL, NULL);

  has_text = lq_cd_text_layout_has_text (layout);
  /* The name's bytes as the file system has them (octal escapes keep them) */
  name = g_strdup (image_name);

  g_string_append (out, "// Written by Lacquer\n");
  if (format == LQ_CD_IMAGE_BIN)
    g_string_append (out, "// The image is raw little-endian 16-bit audio: write it with cdrdao --swap\n");
  g_string_append (out, "CD_DA\n");
  if (layout->catalog != NULL)
    g_string_append_printf (out, "CATALOG \"%s\"\n", layout->catalog);
  if (has_text && !append_cd_text (out, layout, &layout->text, 0, "UPC_EAN", layout->catalog, error))
    return NULL;

  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      g_autofree char *from = lq_cd_frames_to_msf (t->pregap);
      g_autofree char *length = lq_cd_frames_to_msf (t->end - t->pregap);

      g_string_append_printf (out, "\n// Track %u\nTRACK AUDIO\n", t->number);
      g_string_append (out, t->copy_permitted ? "COPY\n" : "NO COPY\n");
      g_string_append (out, t->pre_emphasis ? "PRE_EMPHASIS\n" : "NO PRE_EMPHASIS\n");
      g_string_append (out, "TWO_CHANNEL_AUDIO\n");
      if (t->isrc != NULL)
        g_string_append_printf (out, "ISRC \"%s\"\n", t->isrc);
      if (has_text && !append_cd_text (out, layout, &t->text, t->number, "ISRC", t->isrc, error))
        return NULL;
      g_string_append (out, "FILE ");
      append_quoted (out, name);
      g_string_append_printf (out, " %s %s\n", from, length);
      if (t->start > t->pregap)
        append_msf (out, "START ", t->start - t->pregap);
      for (guint k = 0; k < t->n_indexes; k++)
        append_msf (out, "INDEX ", t->indexes[k] - t->start);
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

gboolean
lq_cdrdao_toc_write (const LqCdLayout *layout,
                     const char       *path,
                     const char       *image_name,
                     LqCdImageFormat   format,
                     gboolean          overwrite,
                     GError          **error)
{
  return lq_cd_sheet_write (lq_cdrdao_toc_build, layout, path, image_name, format, overwrite, error);
}

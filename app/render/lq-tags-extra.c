/* lq-tags-extra.c: the front cover and ReplayGain 2.0 tags of exported
 * files. */
#include "config.h"

#include "lq-tags-extra.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-tags-id3.h"
#include "lq-tags-private.h"

#define RG_PREFIX "REPLAYGAIN_"

static const char *const rg_names[] = {
  "REPLAYGAIN_TRACK_GAIN", "REPLAYGAIN_TRACK_PEAK", "REPLAYGAIN_ALBUM_GAIN",
  "REPLAYGAIN_ALBUM_PEAK", "REPLAYGAIN_REFERENCE_LOUDNESS",
};

void
lq_tags_extra_init (LqTagsExtra *extra,
                    double track_lufs,
                    double track_true_peak_dbtp,
                    double album_lufs,
                    double album_true_peak_dbtp)
{
  g_return_if_fail (extra != NULL);

  memset (extra, 0, sizeof *extra);
  extra->track_gain_db = isfinite (track_lufs) ? LQ_TAGS_RG_REFERENCE_LUFS - track_lufs : NAN;
  extra->track_peak = isfinite (track_true_peak_dbtp) ? pow (10.0, track_true_peak_dbtp / 20.0) : NAN;
  extra->album_gain_db = isfinite (album_lufs) ? LQ_TAGS_RG_REFERENCE_LUFS - album_lufs : NAN;
  extra->album_peak = isfinite (album_true_peak_dbtp) ? pow (10.0, album_true_peak_dbtp / 20.0) : NAN;
}

static char *
format_number (const char *format,
               double value,
               const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* "-0.00" would read as a cut. */
  if (fabs (value) < 0.005 && unit != NULL)
    value = 0.0;
  g_ascii_formatd (buf, sizeof buf, format, value);
  return unit != NULL ? g_strconcat (buf, " ", unit, NULL) : g_strdup (buf);
}

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *b,
              char *s)
{
  g_strv_builder_add (b, s);
  g_free (s);
}

char **
lq_tags_extra_replaygain (const LqTagsExtra *extra)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  gboolean track, album;

  g_return_val_if_fail (extra != NULL, NULL);

  track = isfinite (extra->track_gain_db) && isfinite (extra->track_peak);
  album = isfinite (extra->album_gain_db) && isfinite (extra->album_peak);
  if (track)
    {
      g_strv_builder_add (b, rg_names[0]);
      builder_take (b, format_number ("%.2f", extra->track_gain_db, "dB"));
      g_strv_builder_add (b, rg_names[1]);
      builder_take (b, format_number ("%.6f", extra->track_peak, NULL));
    }
  if (album)
    {
      g_strv_builder_add (b, rg_names[2]);
      builder_take (b, format_number ("%.2f", extra->album_gain_db, "dB"));
      g_strv_builder_add (b, rg_names[3]);
      builder_take (b, format_number ("%.6f", extra->album_peak, NULL));
    }
  if (track || album)
    {
      g_strv_builder_add (b, rg_names[4]);
      builder_take (b, format_number ("%.2f", LQ_TAGS_RG_REFERENCE_LUFS, "LUFS"));
    }
  return g_strv_builder_end (b);
}

/* FLAC ------------------------------------------------------------------- */

static gboolean
flac_error (GError **error,
            const char *path,
            const char *why)
{
  g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot write the cover and loudness tags: %s"),
               path, why);
  return FALSE;
}

static FLAC__StreamMetadata *
flac_picture (const LqCover *cover)
{
  FLAC__StreamMetadata *block = FLAC__metadata_object_new (FLAC__METADATA_TYPE_PICTURE);
  gsize size;
  const guint8 *data = g_bytes_get_data (cover->data, &size);

  if (block == NULL)
    return NULL;
  block->data.picture.type = FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER;
  block->data.picture.width = cover->width;
  block->data.picture.height = cover->height;
  /* Colour depth and palette: not known from the header alone (0). */
  block->data.picture.depth = 0;
  block->data.picture.colors = 0;
  if (!FLAC__metadata_object_picture_set_mime_type (block, cover->mime, TRUE)
      || !FLAC__metadata_object_picture_set_description (block, (FLAC__byte *) "", TRUE)
      || !FLAC__metadata_object_picture_set_data (block, (FLAC__byte *) data, (FLAC__uint32) size, TRUE))
    {
      FLAC__metadata_object_delete (block);
      return NULL;
    }
  return block;
}

/* Sets the ReplayGain comments and the front cover of @chain; FALSE when
 * memory runs out. */
static gboolean
flac_edit (FLAC__Metadata_Chain *chain,
           const LqTagsExtra *extra,
           char **rg)
{
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new ();
  gboolean ok = FALSE;
  gboolean placed = FALSE;

  if (it == NULL)
    return FALSE;
  FLAC__metadata_iterator_init (it, chain);
  /* Drop the old front covers first (replaced by padding, kept in place). */
  do
    {
      FLAC__StreamMetadata *block = FLAC__metadata_iterator_get_block (it);

      if (block->type == FLAC__METADATA_TYPE_PICTURE
          && block->data.picture.type == FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER
          && !FLAC__metadata_iterator_delete_block (it, TRUE))
        goto out;
    }
  while (FLAC__metadata_iterator_next (it));

  FLAC__metadata_iterator_init (it, chain);
  do
    {
      FLAC__StreamMetadata *block = FLAC__metadata_iterator_get_block (it);

      if (block->type != FLAC__METADATA_TYPE_VORBIS_COMMENT || placed)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (rg_names); i++)
        if (FLAC__metadata_object_vorbiscomment_remove_entries_matching (block, rg_names[i]) < 0)
          goto out;
      for (guint i = 0; rg[i] != NULL && rg[i + 1] != NULL; i += 2)
        {
          FLAC__StreamMetadata_VorbisComment_Entry entry;

          if (!FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair (&entry, rg[i], rg[i + 1]))
            goto out;
          if (!FLAC__metadata_object_vorbiscomment_append_comment (block, entry, FALSE))
            {
              free (entry.entry);
              goto out;
            }
        }
      placed = TRUE;
      if (extra->cover != NULL)
        {
          FLAC__StreamMetadata *picture = flac_picture (extra->cover);

          if (picture == NULL)
            goto out;
          if (!FLAC__metadata_iterator_insert_block_after (it, picture))
            {
              FLAC__metadata_object_delete (picture);
              goto out;
            }
        }
    }
  while (FLAC__metadata_iterator_next (it));
  /* lq_tags_finish_file() always writes the comments block. */
  ok = placed;

out:
  FLAC__metadata_iterator_delete (it);
  return ok;
}

static gboolean
flac_write (const char *path,
            const LqTagsExtra *extra,
            GError **error)
{
  g_auto(GStrv) rg = lq_tags_extra_replaygain (extra);
  FLAC__Metadata_Chain *chain = NULL;
  FILE *in = NULL;
  gboolean ok = FALSE;
  int fd;

  fd = g_open (path, O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0 || (in = fdopen (fd, "r+b")) == NULL)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      return flac_error (error, path, g_strerror (saved));
    }
  chain = FLAC__metadata_chain_new ();
  if (chain == NULL || !FLAC__metadata_chain_read_with_callbacks (chain, in, _lq_tags_flac_io))
    {
      flac_error (error, path, chain != NULL
                  ? FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status (chain)]
                  : g_strerror (ENOMEM));
      goto out;
    }
  if (!flac_edit (chain, extra, rg))
    {
      flac_error (error, path, _("no Vorbis comment block, or out of memory"));
      goto out;
    }

  if (!FLAC__metadata_chain_check_if_tempfile_needed (chain, TRUE))
    {
      if (!FLAC__metadata_chain_write_with_callbacks (chain, TRUE, in, _lq_tags_flac_io))
        flac_error (error, path, FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status (chain)]);
      else if (fflush (in) != 0 || fsync (fileno (in)) != 0)
        flac_error (error, path, g_strerror (errno));
      else
        ok = TRUE;
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *tmp = g_strdup_printf ("%s/.%s.lqpart-XXXXXX", dir, base);
      struct stat st;
      FILE *out = NULL;
      int tfd;

      if (fstat (fileno (in), &st) != 0
          || (tfd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, st.st_mode & 0777)) < 0)
        {
          flac_error (error, path, g_strerror (errno));
          goto out;
        }
      out = fdopen (tfd, "w+b");
      if (out == NULL)
        {
          flac_error (error, path, g_strerror (errno));
          close (tfd);
          g_unlink (tmp);
          goto out;
        }
      if (!FLAC__metadata_chain_write_with_callbacks_and_tempfile (chain, TRUE, in, _lq_tags_flac_io,
                                                                   out, _lq_tags_flac_io))
        flac_error (error, path, FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status (chain)]);
      else if (fflush (out) != 0 || fsync (fileno (out)) != 0)
        flac_error (error, path, g_strerror (errno));
      else
        ok = TRUE;
      if (fclose (out) != 0 && ok)
        ok = flac_error (error, path, g_strerror (errno));
      if (ok && g_rename (tmp, path) != 0)
        ok = flac_error (error, path, g_strerror (errno));
      if (!ok)
        g_unlink (tmp);
    }

out:
  if (chain != NULL)
    FLAC__metadata_chain_delete (chain);
  fclose (in);
  return ok;
}

/* Public API --------------------------------------------------------------- */

gboolean
lq_tags_write_extra (const char *path,
                     const LqTagsExtra *extra,
                     GError **error)
{
  guint8 magic[4] = { 0 };
  FILE *f;
  gboolean got;

  g_return_val_if_fail (path != NULL && extra != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Nothing to write (no cover, a silent track): the file stays as it is. */
  {
    g_auto(GStrv) rg = lq_tags_extra_replaygain (extra);

    if (extra->cover == NULL && rg[0] == NULL)
      return TRUE;
  }

  f = g_fopen (path, "rbe");
  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("%s: cannot write the cover and loudness tags: %s"), path, g_strerror (saved));
      return FALSE;
    }
  got = fread (magic, 1, sizeof magic, f) == sizeof magic;
  fclose (f);

  if (got && memcmp (magic, "fLaC", 4) == 0)
    return flac_write (path, extra, error);
  if (got && (memcmp (magic, "RIFF", 4) == 0 || memcmp (magic, "RF64", 4) == 0
              || memcmp (magic, "FORM", 4) == 0))
    {
      g_auto(GStrv) rg = lq_tags_extra_replaygain (extra);

      return _lq_tags_id3_update_file (path, extra->cover, RG_PREFIX, (const char *const *) rg, error);
    }
  g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO,
               _("%s: cannot write the cover and loudness tags: not a WAV, AIFF or FLAC file"), path);
  return FALSE;
}

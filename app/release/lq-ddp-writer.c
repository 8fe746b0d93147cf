/* lq-ddp-writer.c: a disc as a DDP 2.00 fileset (see the header).
 *
 * The Disc Description Protocol is Doug Carson & Associates' licensed
 * specification; it is not available here. The layout below is built from
 * public descriptions and open-source readers, cited as:
 *
 *   [L] suntriprecords/ddpLib (Java, reads DDP 1.01 and 2.00):
 *       AbstractDdpIdLoader + v20/DdpIdLoader (DDPID), AbstractMapPacketLoader
 *       + v20/MapPacketLoader (DDPMS), AbstractPqDescriptorLoader and
 *       AbstractPqDescriptorPacket (PQ), the v20 enums DataStreamType,
 *       SourceStorageMode, SubCodeDescriptor; DdpTrackDumper (track offsets
 *       = PQ time - DSS; IMAGE.DAT copied unchanged into a RIFF WAVE).
 *   [V] DVD Forum, "DVD Cutting Master Format" (DDVID/DDVMS, derived from
 *       DDP 2.0: the same offsets for the shared fields; example values:
 *       NSIDE "1", SIDE "0", SIZ "017", DSI padded with spaces to 17).
 *   [T] a public client-side DDP 2.00 parser (TypeScript, "DDP Parser
 *       Service"): the same offsets for DDPID, DDPMS and the PQ packet.
 *   [K] mzero's ddp-to-kunaki.py (gist): a PQDESCR dump of a pressed DDP:
 *       track 1's INDEX 00 at 00:00:00:00, its INDEX 01 at 00:00:02:00, CB1
 *       "01" on every packet, the ISRC on a track's INDEX 00 and 01 packets;
 *       IMAGE.DAT passed unchanged as Kunaki's audio image.
 *   [R] DDPClassicalFix (fixes REAPER's DDP): "checksum.md5" lines
 *       "hash *NAME"; the CDTEXT map packet's DSL in bytes, SUB "CDTEXT".
 *   [C] cdrdao issue #42: Kunaki takes little-endian audio images.
 *   [W] a public C# DDP interop test (WaveLab.Tests, DdpInteropTests):
 *       DDPID "DDP 2.00" at 0, UPC at 8, "CD" at 87; map packets with SIZ
 *       "017" at 71 and DSI at 74; IMAGE.DAT: DST "D0", CDM "DA", SSM "7",
 *       PRE2 "0150", DSL in 2,352-byte blocks (bytes for the others); the
 *       2 s pause of track 1 inside IMAGE.DAT; CHECKSUM.MD5's file names
 *       at column 34 ("hash" + 2 characters).
 *
 * Every field is ASCII; numbers are right-aligned decimal digits padded
 * with "0", texts are left-aligned padded with spaces; a field not used is
 * all spaces. (The "BCD" times of the PQ packets are written as two ASCII
 * decimal digits each, as [L], [T] and [K] read them.)
 *
 * DDPID, 128 bytes [L][T][W], [V] for the shared fields:
 *   0   8  DDPID   "DDP 2.00"
 *   8  13  UPC     the catalog (UPC/EAN, 13 digits) or spaces
 *  21   8  MSS     map stream start: spaces (a file set, not a tape)
 *  29   8  MSL     spaces
 *  37   1  MED     media number: space
 *  38  48  MID     master ID: spaces
 *  86   1  BK      book: space ([L]: "the spec says it should be empty")
 *  87   2  TYPE    "CD"
 *  89   1  NSIDE   "1"            [V]'s value, not confirmed for CD
 *  90   1  SIDE    "0"            [V]'s value, not confirmed for CD
 *  91   1  NLAYER  "1"            [V]'s value, not confirmed for CD
 *  92   1  LAYER   "0"            [V]'s value, not confirmed for CD
 *  93   2  SIZ     user text's length: spaces (none)   [L][T]
 *  95  33  TXT     user text: spaces
 *
 * DDPMS, one 128-byte map packet a stream [L][T], [V][W] for SIZ/DSI:
 *   0   4  MPV     "VVVM"
 *   4   2  DST     "D0" main data (IMAGE.DAT), "S0" subcode (PQ, CD-Text)
 *   6   8  DSP     stream pointer: "00000000" for D0, spaces for S0 (unconfirmed)
 *  14   8  DSL     length: 2,352-byte blocks for D0 [W][T], bytes for S0 [R][W]
 *  22   8  DSS     start: "00000000" for D0 (IMAGE.DAT starts at PQ time 0,
 *                  [L]'s offset rule), spaces for S0
 *  30   8  SUB     "PQ DESCR" / "CDTEXT" for S0 [L][R], spaces for D0
 *  38   2  CDM     "DA" (CD-DA) for D0 [W], spaces for S0
 *  40   1  SSM     "7" (complete 2,352-byte blocks) for D0 [L][W], else space
 *  41   1  SCR     "0" (not scrambled) for D0 (unconfirmed), else space
 *  42   4  PRE1    spaces
 *  46   4  PRE2    D0: the pause before track 1 held in IMAGE.DAT, in
 *                  frames ("0150") [W]; else spaces
 *  50   4  PST     spaces
 *  54   1  MED     space
 *  55   2  TRK     spaces
 *  57   2  IDX     spaces
 *  59  12  ISRC    spaces
 *  71   3  SIZ     "017"
 *  74  17  DSI     the file's name, padded with spaces
 *  91   1  NEW     space            (DDP 2.00 only [L][T])
 *  92   4  PRE1NXT spaces
 *  96   8  PAUSEADD spaces
 * 104   9  OFS     spaces (no offset into the file)
 * 113  15  -       spaces
 *
 * PQDESCR, 64-byte PQ packets [L][T][K]: the lead-in (track "00", index
 * "00", at 00:00:00:00, carrying the catalog), then for each track its
 * INDEX 00 (when it has a pregap: always for track 1), INDEX 01 and INDEX
 * 02 onwards, then the lead-out (track "AA", index "01"):
 *   0   4  SPV     "VVVS"
 *   4   2  TRK     "00".."99", "AA"
 *   6   2  IDX     "00".."99"
 *   8   2  HRS     "00"
 *  10   2  MIN     minutes    } the position in frames from the start of
 *  12   2  SEC     seconds    } IMAGE.DAT, which is track 1's INDEX 00: no
 *  14   2  FRM     frames     } 2 s are added [K] (track 1's INDEX 01 reads 00:02:00)
 *  16   2  CB1     the Q control nibble as one hex digit (copy permitted
 *                  adds 2, pre-emphasis 1: Red Book's nibble, its use here
 *                  unconfirmed), then "1" (a normal entry; "S" would ask
 *                  for SCMS) [L][K]
 *  18   2  CB2     spaces (reserved) [L]
 *  20  12  ISRC    on every packet of a track [K], else spaces
 *  32  13  UPC     the catalog, on the first packet only [L], else spaces
 *  45  19  TXT     user text: spaces
 *
 * IMAGE.DAT: the CD image unchanged: 16-bit little-endian stereo (left
 * first), 2,352 bytes a frame. DDP's byte order for CD-DA could not be
 * confirmed from a public description; little-endian is what [L]'s
 * extractor assumes (it copies IMAGE.DAT's bytes into a WAVE file
 * unchanged) and what [K] relies on (Kunaki takes little-endian, [C]).
 * CDTEXT.BIN: the CD-Text packs as given, 18 bytes each [R][T].
 * CHECKSUM.MD5: "hash *NAME" lines, md5sum's binary-mode format [R][W],
 * for every other file of the set. */
#include "lq-ddp-writer.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"

#define DDP_ID_BYTES    128
#define DDP_MAP_BYTES   128
#define DDP_PQ_BYTES    64
#define DDP_TEXT_PACK   18
#define COPY_CHUNK      (LQ_CD_FRAME_BYTES * 450)   /* 6 s */

typedef struct
{
  char *dir;             /* the temporary folder */
  GPtrArray *names;      /* files written into it, in order */
  GPtrArray *sums;       /* their MD5s */
} DdpSet;

static void
ddp_set_clear (DdpSet *set)
{
  if (set->dir != NULL)
    {
      /* Not renamed into place: remove what was written */
      for (guint i = 0; i < set->names->len; i++)
        {
          g_autofree char *path = g_build_filename (set->dir, set->names->pdata[i], NULL);
          g_unlink (path);
        }
      g_rmdir (set->dir);
      g_free (set->dir);
    }
  g_ptr_array_unref (set->names);
  g_ptr_array_unref (set->sums);
}

/* Fields: text left-aligned padded with spaces, numbers zero-padded */
static void
put_text (guint8     *record,
          guint       offset,
          guint       length,
          const char *text)
{
  gsize n = text != NULL ? MIN (strlen (text), length) : 0;

  memset (record + offset, ' ', length);
  if (n > 0)
    memcpy (record + offset, text, n);
}

static void
put_number (guint8 *record,
            guint   offset,
            guint   length,
            guint64 value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%0*" G_GUINT64_FORMAT, (int) length, value);
  g_assert (strlen (digits) == length);
  memcpy (record + offset, digits, length);
}

static gboolean
write_whole (const char *path,
             const guint8 *data,
             gsize       length,
             GError    **error)
{
  FILE *f = fopen (path, "wb");
  gboolean ok;

  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot create the file: %s"), path, g_strerror (saved));
      return FALSE;
    }
  ok = (length == 0 || fwrite (data, 1, length, f) == length) && fflush (f) == 0
       && fsync (fileno (f)) == 0;
  if (!ok)
    {
      int saved = errno;
      fclose (f);
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot write the file: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fclose (f) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot write the file: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ddp_set_add (DdpSet       *set,
             const char   *name,
             const guint8 *data,
             gsize         length,
             GError      **error)
{
  g_autofree char *path = g_build_filename (set->dir, name, NULL);

  g_ptr_array_add (set->names, g_strdup (name));
  if (!write_whole (path, data, length, error))
    return FALSE;
  g_ptr_array_add (set->sums, g_compute_checksum_for_data (G_CHECKSUM_MD5, data, length));
  return TRUE;
}

/* IMAGE.DAT: the image copied, hashed on the way */
static gboolean
ddp_set_copy_image (DdpSet         *set,
                    const char     *image_path,
                    guint64         offset,
                    guint64         bytes,
                    GCancellable   *cancellable,
                    LqProgressFunc  progress,
                    gpointer        progress_data,
                    GError        **error)
{
  g_autofree char *path = g_build_filename (set->dir, "IMAGE.DAT", NULL);
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  FILE *in;
  FILE *out;
  guint64 done = 0;
  gboolean ok = TRUE;

  g_ptr_array_add (set->names, g_strdup ("IMAGE.DAT"));
  in = fopen (image_path, "rb");
  if (in == NULL || fseeko (in, (off_t) offset, SEEK_SET) != 0)
    {
      int saved = errno;
      if (in != NULL)
        fclose (in);
      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("%s: cannot open the CD image: %s"), image_path, g_strerror (saved));
      return FALSE;
    }
  out = fopen (path, "wb");
  if (out == NULL)
    {
      int saved = errno;
      fclose (in);
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot create the file: %s"), path, g_strerror (saved));
      return FALSE;
    }

  while (ok && done < bytes)
    {
      gsize want = (gsize) MIN ((guint64) COPY_CHUNK, bytes - done);
      gsize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      got = fread (buffer, 1, want, in);
      if (got != want)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                       _("%s: the CD image ended after %llu of %llu bytes"), image_path,
                       (unsigned long long) (done + got), (unsigned long long) bytes);
          ok = FALSE;
          break;
        }
      if (fwrite (buffer, 1, got, out) != got)
        {
          int saved = errno;
          g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                       _("%s: cannot write the file: %s"), path, g_strerror (saved));
          ok = FALSE;
          break;
        }
      g_checksum_update (md5, buffer, got);
      done += got;
      if (progress != NULL)
        progress ((double) done / (double) bytes, progress_data);
    }
  fclose (in);
  if (ok && (fflush (out) != 0 || fsync (fileno (out)) != 0))
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   _("%s: cannot write the file: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (fclose (out) != 0 && ok)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot write the file: %s"),
                   path, g_strerror (saved));
      ok = FALSE;
    }
  if (ok)
    g_ptr_array_add (set->sums, g_strdup (g_checksum_get_string (md5)));
  return ok;
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_isrc (const char *isrc)
{
  if (strlen (isrc) != 12)
    return FALSE;
  for (guint i = 0; i < 12; i++)
    {
      char c = isrc[i];
      /* CC (letters), XXX (letters or digits), YY NNNNN (digits) */
      if (i < 2 ? !g_ascii_isupper (c)
          : i < 5 ? !(g_ascii_isupper (c) || g_ascii_isdigit (c))
          : !g_ascii_isdigit (c))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_layout (const LqCdLayout *layout,
              const char       *out_dir,
              GError          **error)
{
  guint64 previous = 0;

  if (layout->n_tracks < 1 || layout->n_tracks > LQ_CD_MAX_TRACKS)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: a disc has 1 to 99 tracks, not %u"), out_dir, layout->n_tracks);
      return FALSE;
    }
  if (layout->catalog != NULL && !is_digits (layout->catalog, 13))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the catalog number “%s” is not 13 digits"), out_dir, layout->catalog);
      return FALSE;
    }
  /* The PQ packets have two digits of minutes */
  if (layout->leadout >= 100 * 60 * LQ_CD_FRAMES_PER_SECOND)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the disc is 100 minutes long or more"), out_dir);
      return FALSE;
    }
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *track = &layout->tracks[i];
      gboolean ordered = track->number == i + 1 && track->pregap >= previous
                         && track->start >= track->pregap && track->end > track->start
                         && track->end <= layout->leadout;

      for (guint k = 0; ordered && k < track->n_indexes; k++)
        ordered = track->indexes[k] > (k == 0 ? track->start : track->indexes[k - 1])
                  && track->indexes[k] < track->end;
      if (!ordered || track->n_indexes + 1 > LQ_CD_MAX_INDEXES)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u’s positions are out of order"), out_dir, i + 1);
          return FALSE;
        }
      if (track->isrc != NULL && !is_isrc (track->isrc))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("%s: track %u’s ISRC “%s” is not 12 characters CCXXXYYNNNNN"),
                       out_dir, i + 1, track->isrc);
          return FALSE;
        }
      previous = track->end;
    }
  return TRUE;
}

/* One PQ packet */
static void
append_pq (GByteArray *pq,
           const char *track,
           guint       index,
           guint64     frame,
           guint       control,
           const char *isrc,
           const char *upc)
{
  guint8 record[DDP_PQ_BYTES];
  guint64 seconds = frame / LQ_CD_FRAMES_PER_SECOND;

  memset (record, ' ', sizeof record);
  put_text (record, 0, 4, "VVVS");
  put_text (record, 4, 2, track);
  put_number (record, 6, 2, index);
  put_number (record, 8, 2, 0);
  put_number (record, 10, 2, seconds / 60);
  put_number (record, 12, 2, seconds % 60);
  put_number (record, 14, 2, frame % LQ_CD_FRAMES_PER_SECOND);
  record[16] = "0123456789ABCDEF"[control & 0xf];
  record[17] = '1';
  put_text (record, 20, 12, isrc);
  put_text (record, 32, 13, upc);
  g_byte_array_append (pq, record, sizeof record);
}

static guint
track_control (const LqCdTrack *track)
{
  return (track->copy_permitted ? 0x2 : 0) | (track->pre_emphasis ? 0x1 : 0);
}

static GByteArray *
build_pq (const LqCdLayout *layout)
{
  GByteArray *pq = g_byte_array_new ();

  append_pq (pq, "00", 0, 0, track_control (&layout->tracks[0]), NULL, layout->catalog);
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *track = &layout->tracks[i];
      char number[3];
      guint control = track_control (track);

      g_snprintf (number, sizeof number, "%02u", track->number);
      if (track->pregap < track->start)
        append_pq (pq, number, 0, track->pregap, control, track->isrc, NULL);
      append_pq (pq, number, 1, track->start, control, track->isrc, NULL);
      for (guint k = 0; k < track->n_indexes; k++)
        append_pq (pq, number, k + 2, track->indexes[k], control, track->isrc, NULL);
    }
  append_pq (pq, "AA", 1, layout->leadout,
             track_control (&layout->tracks[layout->n_tracks - 1]), NULL, NULL);
  return pq;
}

static void
append_map (GByteArray *map,
            const char *name,
            gboolean    main_data,
            guint64     length,
            const char *sub,
            guint64     pause)
{
  guint8 record[DDP_MAP_BYTES];

  memset (record, ' ', sizeof record);
  put_text (record, 0, 4, "VVVM");
  put_text (record, 4, 2, main_data ? "D0" : "S0");
  if (main_data)
    {
      put_number (record, 6, 8, 0);      /* DSP */
      put_number (record, 22, 8, 0);     /* DSS */
      put_text (record, 38, 2, "DA");
      record[40] = '7';
      record[41] = '0';
      put_number (record, 46, 4, pause); /* PRE2 */
    }
  else
    put_text (record, 30, 8, sub);
  put_number (record, 14, 8, length);
  put_number (record, 71, 3, 17);
  put_text (record, 74, 17, name);
  g_byte_array_append (map, record, sizeof record);
}

static void
build_id (guint8           *record,
          const LqCdLayout *layout)
{
  memset (record, ' ', DDP_ID_BYTES);
  put_text (record, 0, 8, "DDP 2.00");
  put_text (record, 8, 13, layout->catalog);
  put_text (record, 87, 2, "CD");
  put_text (record, 89, 4, "1010");   /* NSIDE SIDE NLAYER LAYER */
}

gboolean
lq_ddp_write (const LqCdLayout *layout,
              const char       *image_path,
              GBytes           *cd_text,
              const char       *out_dir,
              GCancellable     *cancellable,
              LqProgressFunc    progress,
              gpointer          progress_data,
              GError          **error)
{
  return lq_ddp_write_at (layout, image_path, 0, cd_text, out_dir, cancellable, progress,
                          progress_data, error);
}

gboolean
lq_ddp_write_at (const LqCdLayout *layout,
                 const char       *image_path,
                 guint64           image_offset,
                 GBytes           *cd_text,
              const char       *out_dir,
              GCancellable     *cancellable,
              LqProgressFunc    progress,
              gpointer          progress_data,
              GError          **error)
{
  DdpSet set = { NULL, g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  g_autoptr(GByteArray) pq = NULL;
  g_autoptr(GByteArray) map = NULL;
  g_autoptr(GString) sums = NULL;
  guint8 id[DDP_ID_BYTES];
  GStatBuf st;
  guint64 image_bytes;
  gsize text_bytes = cd_text != NULL ? g_bytes_get_size (cd_text) : 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (image_path != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_layout (layout, out_dir, error))
    goto out;
  if (text_bytes % DDP_TEXT_PACK != 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the CD-Text is %zu bytes, not whole 18-byte packs"),
                   out_dir, text_bytes);
      goto out;
    }
  if (g_stat (image_path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("%s: cannot read the CD image: %s"), image_path, g_strerror (saved));
      goto out;
    }
  image_bytes = layout->leadout * LQ_CD_FRAME_BYTES;
  if (!S_ISREG (st.st_mode) || (guint64) st.st_size != image_offset + image_bytes)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s: the CD image has %llu bytes; the disc’s %llu frames need %llu"),
                   image_path, (unsigned long long) (st.st_size - MIN ((guint64) st.st_size, image_offset)),
                   (unsigned long long) layout->leadout, (unsigned long long) image_bytes);
      goto out;
    }
  if (g_file_test (out_dir, G_FILE_TEST_EXISTS) || g_lstat (out_dir, &st) == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                   _("%s: already exists; a DDP is written into a new folder"), out_dir);
      goto out;
    }

  /* A hidden folder next to out_dir, renamed into place when complete */
  parent = g_path_get_dirname (out_dir);
  base = g_path_get_basename (out_dir);
  template = g_strdup_printf ("%s%s.%s.XXXXXX", parent, G_DIR_SEPARATOR_S, base);
  if (g_mkdtemp_full (template, 0755) == NULL)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOENT ? LQ_ERROR_NOT_FOUND : LQ_ERROR_IO,
                   _("%s: cannot create a folder next to it: %s"), out_dir, g_strerror (saved));
      goto out;
    }
  set.dir = g_strdup (template);

  build_id (id, layout);
  pq = build_pq (layout);
  map = g_byte_array_new ();
  append_map (map, "IMAGE.DAT", TRUE, layout->leadout, NULL,
              layout->tracks[0].start - layout->tracks[0].pregap);
  append_map (map, "PQDESCR", FALSE, pq->len, "PQ DESCR", 0);
  if (text_bytes > 0)
    append_map (map, "CDTEXT.BIN", FALSE, text_bytes, "CDTEXT", 0);

  if (!ddp_set_add (&set, "DDPID", id, sizeof id, error)
      || !ddp_set_add (&set, "DDPMS", map->data, map->len, error)
      || !ddp_set_add (&set, "PQDESCR", pq->data, pq->len, error)
      || (text_bytes > 0
          && !ddp_set_add (&set, "CDTEXT.BIN", g_bytes_get_data (cd_text, NULL), text_bytes, error))
      || !ddp_set_copy_image (&set, image_path, image_offset, image_bytes, cancellable, progress,
                              progress_data, error))
    goto out;

  sums = g_string_new (NULL);
  for (guint i = 0; i < set.names->len; i++)
    g_string_append_printf (sums, "%s *%s\n", (char *) set.sums->pdata[i],
                            (char *) set.names->pdata[i]);
  g_ptr_array_add (set.names, g_strdup ("CHECKSUM.MD5"));
  {
    g_autofree char *path = g_build_filename (set.dir, "CHECKSUM.MD5", NULL);
    if (!write_whole (path, (const guint8 *) sums->str, sums->len, error))
      goto out;
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  /* rename() would replace an empty folder made meanwhile: look again */
  if (g_lstat (out_dir, &st) == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                   _("%s: already exists; a DDP is written into a new folder"), out_dir);
      goto out;
    }
  if (g_rename (set.dir, out_dir) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot move the DDP into place: %s"),
                   out_dir, g_strerror (saved));
      goto out;
    }
  g_clear_pointer (&set.dir, g_free);
  ok = TRUE;

out:
  ddp_set_clear (&set);
  return ok;
}

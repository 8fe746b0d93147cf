/* lq-ddp-reader.c: an independent reader and verifier of DDP 2.00 filesets
 * (see the header). It does not use lq-ddp-writer's code: the layouts are
 * read here from their public descriptions (suntriprecords/ddpLib's
 * loaders, the DVD Forum's Cutting Master Format, public DDP parsers):
 *
 *   DDPID  128 bytes: 0 level "DDP 2.00", 8 UPC/EAN (13), 87 type "CD".
 *   DDPMS  128-byte map packets: 0 "VVVM", 4 stream type (D0 main data,
 *          S0 subcode), 14 length (8 digits: 2,352-byte blocks for main
 *          data, bytes otherwise), 22 start (8), 30 subcode kind ("PQ DESCR",
 *          "CDTEXT"), 38 CD mode, 40 storage mode, 71 name length (3),
 *          74 file name (17).
 *   PQ     64-byte packets: 0 "VVVS", 4 track ("00" lead-in, "AA" lead-out),
 *          6 index, 8 hours, 10 minutes, 12 seconds, 14 frames (two digits
 *          each), 16 control (hex digit + "1" or "S"), 18 reserved,
 *          20 ISRC (12), 32 UPC/EAN (13), 45 user text (19).
 *   CD-Text 18-byte packs: type, track, sequence, block and character
 *          position, 12 text bytes, CRC-16 (CCITT, x^16+x^12+x^5+1, sent
 *          inverted, high byte first). */
#include "lq-ddp-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-ddp-reader-private.h"
#include "lq-error.h"

#define ID_SIZE     128
#define MAP_SIZE    128
#define PQ_SIZE     64
#define PACK_SIZE   18
#define BLOCK_BYTES 2352
#define BLOCKS_PER_SECOND 75
#define LEADOUT_TRACK 0xAA

typedef struct
{
  guint track;       /* 0 lead-in, 1..99, LEADOUT_TRACK */
  guint index;
  guint64 frame;
  guint control;
  char *isrc;
  gint record;
} PqEntry;

static void
pq_entry_free (gpointer data)
{
  PqEntry *entry = data;

  g_free (entry->isrc);
  g_free (entry);
}

void
_lq_ddp_problem_free (gpointer data)
{
  LqDdpProblem *problem = data;

  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

static void
track_free (gpointer data)
{
  LqDdpTrack *track = data;

  g_free (track->indexes);
  g_free (track->isrc);
  g_free (track->title);
  g_free (track->performer);
  g_free (track);
}

void
_lq_ddp_add_problem (GPtrArray  *problems,
                     const char *file,
                     gint64      offset,
                     gint        record,
                     const char *unit,
                     const char *format,
                     ...)
{
  LqDdpProblem *problem = g_new0 (LqDdpProblem, 1);
  va_list args;

  problem->file = g_strdup (file);
  problem->offset = offset;
  problem->record = record;
  problem->unit = unit;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

char *
lq_ddp_problem_to_string (const LqDdpProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->record > 0 && g_strcmp0 (problem->unit, "line") == 0)
    return g_strdup_printf (_("%s, line %d: %s"), problem->file, problem->record, problem->message);
  if (problem->record > 0 && problem->offset >= 0 && g_strcmp0 (problem->unit, "pack") == 0)
    return g_strdup_printf (_("%s, pack %d (byte %lld): %s"), problem->file,
                            problem->record, (long long) problem->offset, problem->message);
  if (problem->record > 0 && problem->offset >= 0)
    return g_strdup_printf (_("%s, packet %d (byte %lld): %s"), problem->file,
                            problem->record, (long long) problem->offset, problem->message);
  if (problem->offset >= 0)
    return g_strdup_printf (_("%s, byte %lld: %s"), problem->file,
                            (long long) problem->offset, problem->message);
  return g_strdup_printf ("%s: %s", problem->file, problem->message);
}

/* A field's text without the spaces around it ("" when blank) */
static char *
field (const guint8 *record,
       guint         offset,
       guint         length)
{
  char *text = g_strndup ((const char *) record + offset, length);

  return g_strstrip (text);
}

/* A field of decimal digits (all of it); FALSE when anything else */
static gboolean
field_number (const guint8 *record,
              guint         offset,
              guint         length,
              guint64      *value)
{
  guint64 v = 0;

  for (guint i = 0; i < length; i++)
    {
      guint8 c = record[offset + i];
      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (c - '0');
    }
  *value = v;
  return TRUE;
}

static gboolean
field_blank (const guint8 *record,
             guint         offset,
             guint         length)
{
  for (guint i = 0; i < length; i++)
    if (record[offset + i] != ' ')
      return FALSE;
  return TRUE;
}

/* A blank or zero-padded number field: FALSE when neither */
static gboolean
field_optional_number (const guint8 *record,
                       guint         offset,
                       guint         length,
                       guint64      *value)
{
  if (field_blank (record, offset, length))
    {
      *value = 0;
      return TRUE;
    }
  return field_number (record, offset, length, value);
}

/* The first byte that is not printable ASCII, or -1 */
static gint
first_not_ascii (const guint8 *record,
                 gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (record[i] < 0x20 || record[i] > 0x7e)
      return (gint) i;
  return -1;
}

static gboolean
valid_isrc (const char *isrc)
{
  if (strlen (isrc) != 12)
    return FALSE;
  for (guint i = 0; i < 12; i++)
    if (!(i < 2 ? g_ascii_isupper (isrc[i])
          : i < 5 ? g_ascii_isupper (isrc[i]) || g_ascii_isdigit (isrc[i])
          : g_ascii_isdigit (isrc[i])))
      return FALSE;
  return TRUE;
}

static gboolean
valid_upc (const char *upc)
{
  if (strlen (upc) != 13)
    return FALSE;
  for (guint i = 0; i < 13; i++)
    if (!g_ascii_isdigit (upc[i]))
      return FALSE;
  return TRUE;
}

static char *
msf (guint64 frame)
{
  guint64 seconds = frame / BLOCKS_PER_SECOND;

  return g_strdup_printf ("%02" G_GUINT64_FORMAT ":%02u:%02u", seconds / 60,
                          (guint) (seconds % 60), (guint) (frame % BLOCKS_PER_SECOND));
}

GBytes *
_lq_ddp_read_small (LqDdpImage *image,
                    const char *name,
                    const char *why)
{
  g_autofree char *path = g_build_filename (image->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, &error))
    {
      _lq_ddp_add_problem (image->problems, name, -1, 0, NULL, g_error_matches (error, G_FILE_ERROR,
                                                                         G_FILE_ERROR_NOENT)
                   ? _("missing (%s)") : _("cannot be read (%s)"), why);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

static void
read_id (LqDdpImage *image)
{
  g_autoptr(GBytes) bytes = _lq_ddp_read_small (image, "DDPID", _("the fileset’s identifier"));
  const guint8 *id;
  gsize length;
  gint bad;
  g_autofree char *upc = NULL;
  g_autofree char *type = NULL;

  if (bytes == NULL)
    return;
  id = g_bytes_get_data (bytes, &length);
  if (length != ID_SIZE)
    {
      _lq_ddp_add_problem (image->problems, "DDPID", -1, 0, NULL,
                   _("%zu bytes, not %d"), length, ID_SIZE);
      if (length < ID_SIZE)
        return;
    }
  if ((bad = first_not_ascii (id, ID_SIZE)) >= 0)
    _lq_ddp_add_problem (image->problems, "DDPID", bad, 0, NULL, _("byte 0x%02x is not ASCII text"),
                 id[bad]);
  image->level = field (id, 0, 8);
  if (!g_str_has_prefix (image->level, "DDP "))
    _lq_ddp_add_problem (image->problems, "DDPID", 0, 0, NULL,
                 _("starts with “%s”, not a DDP level such as “DDP 2.00”"), image->level);
  upc = field (id, 8, 13);
  if (*upc != '\0' && !valid_upc (upc))
    _lq_ddp_add_problem (image->problems, "DDPID", 8, 0, NULL, _("the UPC/EAN “%s” is not 13 digits"), upc);
  else if (*upc != '\0')
    image->catalog = g_strdup (upc);
  type = field (id, 87, 2);
  if (g_str_has_prefix (image->level, "DDP 2") && strcmp (type, "CD") != 0)
    _lq_ddp_add_problem (image->problems, "DDPID", 87, 0, NULL, _("the disc type is “%s”, not “CD”"), type);
}

typedef struct
{
  char *pq_file;
  char *text_file;
} Streams;

static void
read_map (LqDdpImage *image,
          GBytes     *bytes,
          Streams    *streams)
{
  gsize length;
  const guint8 *map = g_bytes_get_data (bytes, &length);
  guint n = length / MAP_SIZE;

  if (length % MAP_SIZE != 0)
    _lq_ddp_add_problem (image->problems, "DDPMS", (gint64) n * MAP_SIZE, n + 1, "packet",
                 _("truncated: %zu of %d bytes"), length % MAP_SIZE, MAP_SIZE);
  if (n == 0)
    _lq_ddp_add_problem (image->problems, "DDPMS", -1, 0, NULL, _("has no map packet"));

  for (guint i = 0; i < n; i++)
    {
      const guint8 *packet = map + (gsize) i * MAP_SIZE;
      gint64 at = (gint64) i * MAP_SIZE;
      g_autofree char *type = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      guint64 dsl = 0, dss = 0, siz = 0;
      GStatBuf st;
      gint bad;

      if (memcmp (packet, "VVVM", 4) != 0)
        {
          _lq_ddp_add_problem (image->problems, "DDPMS", at, i + 1, "packet",
                       _("does not start with “VVVM”"));
          continue;
        }
      if ((bad = first_not_ascii (packet, MAP_SIZE)) >= 0)
        _lq_ddp_add_problem (image->problems, "DDPMS", at + bad, i + 1, "packet",
                     _("byte 0x%02x is not ASCII text"), packet[bad]);
      type = field (packet, 4, 2);
      sub = field (packet, 30, 8);
      if (!field_number (packet, 14, 8, &dsl))
        {
          _lq_ddp_add_problem (image->problems, "DDPMS", at + 14, i + 1, "packet",
                       _("the stream length is not 8 digits"));
          continue;
        }
      if (!field_optional_number (packet, 22, 8, &dss))
        _lq_ddp_add_problem (image->problems, "DDPMS", at + 22, i + 1, "packet",
                     _("the stream start is not a number"));
      if (!field_number (packet, 71, 3, &siz) || siz == 0 || siz > 17)
        {
          _lq_ddp_add_problem (image->problems, "DDPMS", at + 71, i + 1, "packet",
                       _("the file name’s length is not 001 to 017"));
          continue;
        }
      name = field (packet, 74, (guint) siz);
      if (*name == '\0' || strchr (name, '/') != NULL || strcmp (name, "..") == 0)
        {
          _lq_ddp_add_problem (image->problems, "DDPMS", at + 74, i + 1, "packet",
                       _("the file name “%s” is not a file of the set"), name);
          continue;
        }
      path = g_build_filename (image->dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          _lq_ddp_add_problem (image->problems, name, -1, 0, NULL,
                       _("missing (DDPMS packet %u describes it)"), i + 1);
          continue;
        }

      if (strcmp (type, "D0") == 0)
        {
          if (image->image_file != NULL)
            {
              _lq_ddp_add_problem (image->problems, "DDPMS", at + 4, i + 1, "packet",
                           _("a second main data stream (only one is read)"));
              continue;
            }
          image->image_file = g_strdup (name);
          image->image_frames = dsl;
          image->image_start = dss;
          if ((guint64) st.st_size % BLOCK_BYTES != 0)
            _lq_ddp_add_problem (image->problems, name, -1, 0, NULL,
                         _("%llu bytes are not whole %d-byte frames"),
                         (unsigned long long) st.st_size, BLOCK_BYTES);
          else if ((guint64) st.st_size != dsl * BLOCK_BYTES)
            _lq_ddp_add_problem (image->problems, name, -1, 0, NULL,
                         _("%llu frames, but DDPMS packet %u says %llu"),
                         (unsigned long long) st.st_size / BLOCK_BYTES, i + 1,
                         (unsigned long long) dsl);
        }
      else if (strcmp (type, "S0") == 0)
        {
          if ((guint64) st.st_size != dsl)
            _lq_ddp_add_problem (image->problems, name, -1, 0, NULL,
                         _("%llu bytes, but DDPMS packet %u says %llu"),
                         (unsigned long long) st.st_size, i + 1, (unsigned long long) dsl);
          if (strcmp (sub, "PQ DESCR") == 0 && streams->pq_file == NULL)
            streams->pq_file = g_strdup (name);
          else if (strcmp (sub, "CDTEXT") == 0 && streams->text_file == NULL)
            streams->text_file = g_strdup (name);
        }
      else if (!(type[0] == 'D' || type[0] == 'T') || type[1] == '\0')
        _lq_ddp_add_problem (image->problems, "DDPMS", at + 4, i + 1, "packet",
                     _("the stream type “%s” is unknown"), type);
    }
  if (image->image_file == NULL)
    _lq_ddp_add_problem (image->problems, "DDPMS", -1, 0, NULL, _("describes no main data stream (D0)"));
  if (streams->pq_file == NULL)
    _lq_ddp_add_problem (image->problems, "DDPMS", -1, 0, NULL, _("describes no PQ stream (PQ DESCR)"));
}

/* One PQ packet's fields into @entry; FALSE (with a problem) when wrong */
static gboolean
parse_pq (LqDdpImage   *image,
          const char   *file,
          const guint8 *packet,
          guint         i,
          PqEntry      *entry)
{
  gint64 at = (gint64) i * PQ_SIZE;
  guint64 index, hours, minutes, seconds, frames;
  g_autofree char *isrc = NULL;
  g_autofree char *upc = NULL;
  gint bad;

  if (memcmp (packet, "VVVS", 4) != 0)
    {
      _lq_ddp_add_problem (image->problems, file, at, i + 1, "packet", _("does not start with “VVVS”"));
      return FALSE;
    }
  if ((bad = first_not_ascii (packet, PQ_SIZE)) >= 0)
    {
      _lq_ddp_add_problem (image->problems, file, at + bad, i + 1, "packet",
                   _("byte 0x%02x is not ASCII text"), packet[bad]);
      return FALSE;
    }
  if (memcmp (packet + 4, "AA", 2) == 0)
    entry->track = LEADOUT_TRACK;
  else
    {
      guint64 track;
      if (!field_number (packet, 4, 2, &track))
        {
          _lq_ddp_add_problem (image->problems, file, at + 4, i + 1, "packet",
                       _("the track number “%.2s” is not two digits or “AA”"), packet + 4);
          return FALSE;
        }
      entry->track = (guint) track;
    }
  if (!field_number (packet, 6, 2, &index))
    {
      _lq_ddp_add_problem (image->problems, file, at + 6, i + 1, "packet",
                   _("the index “%.2s” is not two digits"), packet + 6);
      return FALSE;
    }
  if (!field_optional_number (packet, 8, 2, &hours) || !field_number (packet, 10, 2, &minutes)
      || !field_number (packet, 12, 2, &seconds) || !field_number (packet, 14, 2, &frames))
    {
      _lq_ddp_add_problem (image->problems, file, at + 8, i + 1, "packet",
                   _("the time “%.8s” has a character that is not a decimal digit"), packet + 8);
      return FALSE;
    }
  if (seconds > 59 || frames >= BLOCKS_PER_SECOND)
    {
      _lq_ddp_add_problem (image->problems, file, at + 10, i + 1, "packet",
                   _("the time %.2s:%.2s:%.2s has seconds over 59 or frames over 74"),
                   packet + 10, packet + 12, packet + 14);
      return FALSE;
    }
  if (!g_ascii_isxdigit (packet[16]) || (packet[17] != '1' && packet[17] != 'S'))
    {
      _lq_ddp_add_problem (image->problems, file, at + 16, i + 1, "packet",
                   _("the control field “%.2s” is not a hex digit and “1” or “S”"), packet + 16);
      return FALSE;
    }
  entry->index = (guint) index;
  entry->frame = ((hours * 60 + minutes) * 60 + seconds) * BLOCKS_PER_SECOND + frames;
  entry->control = g_ascii_xdigit_value (packet[16]);
  entry->record = i + 1;
  isrc = field (packet, 20, 12);
  if (*isrc != '\0' && !valid_isrc (isrc))
    _lq_ddp_add_problem (image->problems, file, at + 20, i + 1, "packet",
                 _("the ISRC “%s” is not CCXXXYYNNNNN"), isrc);
  else if (*isrc != '\0')
    entry->isrc = g_steal_pointer (&isrc);
  upc = field (packet, 32, 13);
  if (*upc != '\0' && !valid_upc (upc))
    _lq_ddp_add_problem (image->problems, file, at + 32, i + 1, "packet",
                 _("the UPC/EAN “%s” is not 13 digits"), upc);
  else if (*upc != '\0' && image->catalog == NULL)
    image->catalog = g_steal_pointer (&upc);
  else if (*upc != '\0' && strcmp (upc, image->catalog) != 0)
    _lq_ddp_add_problem (image->problems, file, at + 32, i + 1, "packet",
                 _("the UPC/EAN %s differs from DDPID’s %s"), upc, image->catalog);
  return TRUE;
}

/* The PQ sequence: lead-in, tracks 1..n in order each with INDEX 01, the
 * lead-out last; positions never going back */
static void
read_pq (LqDdpImage *image,
         const char *file)
{
  g_autoptr(GBytes) bytes = _lq_ddp_read_small (image, file, _("the PQ stream"));
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (pq_entry_free);
  const guint8 *pq;
  gsize length;
  guint n;
  PqEntry *previous = NULL;
  LqDdpTrack *track = NULL;
  gboolean leadout_seen = FALSE;

  if (bytes == NULL)
    return;
  pq = g_bytes_get_data (bytes, &length);
  n = length / PQ_SIZE;
  if (length % PQ_SIZE != 0)
    _lq_ddp_add_problem (image->problems, file, (gint64) n * PQ_SIZE, n + 1, "packet",
                 _("truncated: %zu of %d bytes"), length % PQ_SIZE, PQ_SIZE);
  for (guint i = 0; i < n; i++)
    {
      PqEntry *entry = g_new0 (PqEntry, 1);
      if (parse_pq (image, file, pq + (gsize) i * PQ_SIZE, i, entry))
        g_ptr_array_add (entries, entry);
      else
        pq_entry_free (entry);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      PqEntry *entry = entries->pdata[i];
      gint64 at = (gint64) (entry->record - 1) * PQ_SIZE;

      if (i == 0 && entry->track != 0)
        _lq_ddp_add_problem (image->problems, file, at, entry->record, "packet",
                     _("the first packet is not the lead-in (track 00)"));
      if (leadout_seen)
        {
          _lq_ddp_add_problem (image->problems, file, at, entry->record, "packet",
                       _("follows the lead-out (track AA)"));
          break;
        }
      if (previous != NULL && entry->frame < previous->frame)
        {
          g_autofree char *now = msf (entry->frame);
          g_autofree char *before = msf (previous->frame);
          _lq_ddp_add_problem (image->problems, file, at + 10, entry->record, "packet",
                       _("the time %s is before packet %d’s %s: the PQ sequence goes back"),
                       now, previous->record, before);
        }
      if (entry->track == 0)
        {
          if (i != 0)
            _lq_ddp_add_problem (image->problems, file, at + 4, entry->record, "packet",
                         _("a lead-in (track 00) after the first packet"));
        }
      else if (track == NULL || entry->track != track->number)
        {
          guint expected = track != NULL ? track->number + 1 : 1;

          /* A track ends: it needs an INDEX 01 */
          if (track != NULL && track->start == G_MAXUINT64)
            _lq_ddp_add_problem (image->problems, file, at + 4, entry->record, "packet",
                         _("track %02u has no INDEX 01"), track->number);
          if (entry->track == LEADOUT_TRACK)
            {
              leadout_seen = TRUE;
              image->leadout = entry->frame;
              if (track == NULL)
                _lq_ddp_add_problem (image->problems, file, at + 4, entry->record, "packet",
                             _("the lead-out comes before any track"));
              else if (entry->frame <= track->start && track->start != G_MAXUINT64)
                _lq_ddp_add_problem (image->problems, file, at + 10, entry->record, "packet",
                             _("the lead-out is not after track %02u’s start"), track->number);
            }
          else if (entry->track != expected)
            _lq_ddp_add_problem (image->problems, file, at + 4, entry->record, "packet",
                         _("track %02u where track %02u was expected"), entry->track, expected);
          if (entry->track != LEADOUT_TRACK)
            {
              track = g_new0 (LqDdpTrack, 1);
              track->number = entry->track;
              track->pregap = entry->frame;
              track->start = G_MAXUINT64;
              track->isrc = g_strdup (entry->isrc);
              g_ptr_array_add (image->tracks, track);
              if (entry->index > 1)
                _lq_ddp_add_problem (image->problems, file, at + 6, entry->record, "packet",
                             _("track %02u starts with INDEX %02u, not 00 or 01"),
                             entry->track, entry->index);
            }
        }
      if (track != NULL && entry->track == track->number)
        {
          if (previous != NULL && previous->track == entry->track && entry->index <= previous->index)
            _lq_ddp_add_problem (image->problems, file, at + 6, entry->record, "packet",
                         _("INDEX %02u follows INDEX %02u"), entry->index, previous->index);
          if (entry->index == 1)
            {
              track->start = entry->frame;
              track->copy_permitted = (entry->control & 0x2) != 0;
              track->pre_emphasis = (entry->control & 0x1) != 0;
              if (track->isrc == NULL)
                track->isrc = g_strdup (entry->isrc);
            }
          else if (entry->index >= 2)
            {
              track->indexes = g_renew (guint64, track->indexes, track->n_indexes + 1);
              track->indexes[track->n_indexes++] = entry->frame;
            }
        }
      previous = entry;
    }

  if (!leadout_seen)
    _lq_ddp_add_problem (image->problems, file, -1, 0, NULL, _("has no lead-out (track AA)"));
  else if (image->image_file != NULL && image->leadout != image->image_start + image->image_frames)
    {
      g_autofree char *leadout = msf (image->leadout);
      g_autofree char *end = msf (image->image_start + image->image_frames);
      _lq_ddp_add_problem (image->problems, file, -1, 0, NULL,
                   _("the lead-out at %s is not the end of %s at %s"), leadout,
                   image->image_file, end);
    }
  if (track != NULL && track->start == G_MAXUINT64)
    _lq_ddp_add_problem (image->problems, file, -1, 0, NULL, _("track %02u has no INDEX 01"), track->number);

  /* Each track ends where the next one's pregap starts */
  for (guint i = 0; i < image->tracks->len; i++)
    {
      LqDdpTrack *t = image->tracks->pdata[i];
      LqDdpTrack *next = i + 1 < image->tracks->len ? image->tracks->pdata[i + 1] : NULL;

      if (t->start == G_MAXUINT64)
        t->start = t->pregap;
      t->end = next != NULL ? next->pregap : MAX (image->leadout, t->start);
      if (t->end < t->start)
        t->end = t->start;
    }
}


LqDdpImage *
lq_ddp_read (const char *dir,
             GError    **error)
{
  g_autoptr(LqDdpImage) image = NULL;
  g_autoptr(GBytes) map = NULL;
  g_autofree char *map_path = NULL;
  Streams streams = { NULL, NULL };
  char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LQ_ERROR, g_file_test (dir, G_FILE_TEST_EXISTS)
                   ? LQ_ERROR_NOT_REGULAR : LQ_ERROR_NOT_FOUND,
                   _("%s: not a folder; a DDP is a folder of files"), dir);
      return NULL;
    }
  map_path = g_build_filename (dir, "DDPMS", NULL);
  if (!g_file_get_contents (map_path, &data, &length, &local))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                   _("%s: not a DDP: its map stream DDPMS cannot be read (%s)"), dir,
                   local->message);
      return NULL;
    }
  map = g_bytes_new_take (data, length);

  image = g_new0 (LqDdpImage, 1);
  image->dir = g_strdup (dir);
  image->tracks = g_ptr_array_new_with_free_func (track_free);
  image->problems = g_ptr_array_new_with_free_func (_lq_ddp_problem_free);

  read_id (image);
  read_map (image, map, &streams);
  if (streams.pq_file != NULL)
    read_pq (image, streams.pq_file);
  if (streams.text_file != NULL)
    _lq_ddp_read_text (image, streams.text_file);
  g_free (streams.pq_file);
  g_free (streams.text_file);

  return g_steal_pointer (&image);
}

void
lq_ddp_image_free (LqDdpImage *image)
{
  if (image == NULL)
    return;
  g_free (image->dir);
  g_free (image->level);
  g_free (image->catalog);
  g_free (image->title);
  g_free (image->performer);
  g_free (image->image_file);
  g_ptr_array_unref (image->tracks);
  g_ptr_array_unref (image->problems);
  g_free (image);
}

/* lq-ddp-reader.h: reads and verifies a DDP 2.00 fileset, independently of
 * lq-ddp-writer (it shares none of its code or constants: what it knows of
 * the record layouts it has from the same public sources, written again
 * here), lists its tracks and extracts them as WAVE files.
 *
 * Positions are CD frames (1/75 s, 2,352 bytes) from the start of the
 * disc's main data (IMAGE.DAT), as the PQ packets give them. */
#pragma once

#include <gio/gio.h>

#include "lq-analyzer.h"

G_BEGIN_DECLS

/* One thing wrong with the fileset, as precisely as it is known */
typedef struct
{
  char *file;        /* the file's name in the fileset ("PQDESCR") */
  gint64 offset;     /* byte offset in it, or -1 */
  gint record;       /* record (packet, pack, line) number from 1, or 0 */
  const char *unit;  /* what @record counts: "packet", "pack" or "line" */
  char *message;     /* what is wrong */
} LqDdpProblem;

typedef struct
{
  guint number;            /* 1..99 */
  guint64 pregap;          /* INDEX 00 (== start when none) */
  guint64 start;           /* INDEX 01 */
  guint64 end;             /* the next track's INDEX 00, or the lead-out */
  guint n_indexes;         /* INDEX 02 onwards */
  guint64 *indexes;
  char *isrc;              /* or NULL */
  gboolean copy_permitted;
  gboolean pre_emphasis;
  char *title;             /* CD-Text (UTF-8), or NULL */
  char *performer;
} LqDdpTrack;

typedef struct
{
  char *dir;
  char *level;             /* "DDP 2.00" */
  char *catalog;           /* UPC/EAN, or NULL */
  char *title;             /* the album's CD-Text, or NULL */
  char *performer;
  char *image_file;        /* the main data stream's file, or NULL */
  guint64 image_start;     /* the PQ position of its first frame (DSS) */
  guint64 image_frames;    /* its length in frames */
  guint64 leadout;         /* the lead-out's position, 0 when none */
  GPtrArray *tracks;       /* of LqDdpTrack */
  GPtrArray *problems;     /* of LqDdpProblem, found while reading */
} LqDdpImage;

/* Reads @dir's DDPID, DDPMS, PQ and CD-Text streams. Fails only when @dir
 * is not a folder or has no DDPMS; everything else wrong is kept as a
 * problem for lq_ddp_verify(). */
LqDdpImage *lq_ddp_read        (const char     *dir,
                                GError        **error);
void        lq_ddp_image_free  (LqDdpImage     *image);

/* The problems lq_ddp_read() found and, after checking every file against
 * the checksum file, those too: into *@problems (a new array of
 * LqDdpProblem) when not NULL. TRUE when there is none. */
gboolean    lq_ddp_verify      (LqDdpImage     *image,
                                GPtrArray     **problems);

/* "FILE, record N (bytes A–B): message" */
char       *lq_ddp_problem_to_string (const LqDdpProblem *problem);

/* Writes each track, INDEX 01 up to the next track's INDEX 00 or the
 * lead-out, as "NN.wav" (16-bit 44.1 kHz stereo) into @out_dir (created
 * when missing; an existing NN.wav is refused), each written to a
 * temporary file and renamed into place. @progress gets the fraction of
 * the frames written. */
gboolean    lq_ddp_extract     (LqDdpImage     *image,
                                const char     *out_dir,
                                GCancellable   *cancellable,
                                LqProgressFunc  progress,
                                gpointer        progress_data,
                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqDdpImage, lq_ddp_image_free)

G_END_DECLS

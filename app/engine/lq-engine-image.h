/* lq-engine-image.h: a disc image the engine plays as a CD player would
 * (issue 13, section 2: listening to a DDP).
 *
 * The engine sits below app/release and knows nothing of DDP: the layers
 * above (app/cli, ui) read and verify the fileset with lq-ddp-reader.h and
 * describe what it holds as an LqEngineImage (app/audition's
 * lq_ddp_engine_image_new()):
 *
 *  - a raw file of 16-bit signed stereo PCM at 44.1 kHz (left first), from
 *    byte @offset of @path, little- or big-endian; its length is what the
 *    file holds from there (whole frames), or @n_frames when given;
 *  - its track table: for each CD track its number, where its pregap
 *    (INDEX 00) and its INDEX 01 start and how long it is from INDEX 01,
 *    all in sample frames (1/44,100 s) from the image's first frame, and
 *    its title (or NULL).
 *
 * lq_engine_load_image() (lq-engine.h) plays it as one continuous timeline:
 * the pregaps and gaps are in the image, so what is heard is exactly its
 * samples, the mix path only (no chain, no gains), resampled only when the
 * device does not take 44.1 kHz. CD track i's own timeline, as
 * lq_engine_map_frame() answers it, starts at its pregap (track 1's at the
 * image's first frame) and runs to the next track's pregap (the last one's
 * to the end of the image).
 *
 * An LqEngineImage is built on one thread and then only read: it is
 * reference-counted so the engine, the player and a restart can share it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LQ_ENGINE_IMAGE_RATE 44100
/* One CD frame (sector): 1/75 s. */
#define LQ_ENGINE_IMAGE_SECTOR_FRAMES 588

typedef enum
{
  LQ_ENGINE_IMAGE_LITTLE_ENDIAN,
  LQ_ENGINE_IMAGE_BIG_ENDIAN,
} LqEngineImageByteOrder;

typedef struct
{
  guint number;      /* the CD track number, 1 .. 99 */
  gint64 pregap;     /* INDEX 00, sample frames from the image's start (== start: none) */
  gint64 start;      /* INDEX 01 */
  gint64 length;     /* sample frames from INDEX 01 to the next pregap or the end */
  char *title;       /* or NULL */
} LqEngineImageTrack;

typedef struct _LqEngineImage LqEngineImage;

/* @n_frames: the image's length in sample frames (0: what the file holds
 * from @offset, found when it is opened). */
LqEngineImage *lq_engine_image_new (const char *path,
                                    guint64 offset,
                                    LqEngineImageByteOrder byte_order,
                                    gint64 n_frames);
LqEngineImage *lq_engine_image_ref (LqEngineImage *self);
void lq_engine_image_unref (LqEngineImage *self);

/* Tracks go in in order: each pregap at or after the last one's start. */
void lq_engine_image_add_track (LqEngineImage *self,
                                guint number,
                                gint64 pregap,
                                gint64 start,
                                gint64 length,
                                const char *title);

const char *lq_engine_image_get_path (const LqEngineImage *self);
guint64 lq_engine_image_get_offset (const LqEngineImage *self);
LqEngineImageByteOrder lq_engine_image_get_byte_order (const LqEngineImage *self);
/* As given to lq_engine_image_new() (0: the file's). */
gint64 lq_engine_image_get_n_frames (const LqEngineImage *self);
guint lq_engine_image_get_n_tracks (const LqEngineImage *self);
const LqEngineImageTrack *lq_engine_image_get_track (const LqEngineImage *self, guint index);
/* The index of the track numbered @number, -1 when none. */
gint lq_engine_image_find_track (const LqEngineImage *self, guint number);
/* FALSE with @error (naming the file) when there is no track, a track
 * is out of order or past the end of @length frames (< 0: not checked). */
gboolean lq_engine_image_check (const LqEngineImage *self, gint64 length, GError **error);

/* Reading it: the engine's reader thread (lq-engine-program.c). */
typedef struct _LqEngineImageReader LqEngineImageReader;

/* Opens the file (read-only); FALSE with @error naming it when it cannot
 * be opened, holds less than one frame or less than the tracks need. */
LqEngineImageReader *lq_engine_image_reader_new (LqEngineImage *image, GError **error);
void lq_engine_image_reader_free (LqEngineImageReader *self);
/* Sample frames. */
gint64 lq_engine_image_reader_get_length (const LqEngineImageReader *self);
/* As lq_source_stage_read() and _seek(): @n frames from the position into
 * planar[0..1] as float (s / 32768); fewer at the end; -1 with @error. */
gssize lq_engine_image_reader_read (LqEngineImageReader *self,
                                    float *const *planar,
                                    gsize n,
                                    GError **error);
gboolean lq_engine_image_reader_seek (LqEngineImageReader *self, gint64 frame, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqEngineImage, lq_engine_image_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqEngineImageReader, lq_engine_image_reader_free)

G_END_DECLS

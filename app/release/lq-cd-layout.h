/* lq-cd-layout.h: a compact disc's layout, the one description of a disc
 * that the CD image, the cue sheet, the TOC and the DDP are written from.
 *
 * Positions count CD frames (sectors: 588 stereo 16-bit samples at
 * 44.1 kHz, 2,352 bytes, 1/75 s) from the start of the disc's program area,
 * which is the start of the image: track 1's pregap (INDEX 00, at least
 * 2 s) is frame 0 and is part of the image. Red Book "absolute time" adds
 * nothing; the DDP's PQ descriptors and the cue sheet both count from here.
 *
 * Texts are UTF-8 here; writers convert them to ISO-8859-1 (the pre-flight
 * refuses what does not convert). NULL means "not set". */
#pragma once

#include <glib.h>

#include "lq-project.h"
#include "lq-render.h"

G_BEGIN_DECLS

#define LQ_CD_SAMPLE_RATE        44100
#define LQ_CD_FRAME_SAMPLES      588      /* stereo samples a frame */
#define LQ_CD_FRAME_BYTES        2352     /* 588 x 2 channels x 16 bits */
#define LQ_CD_FRAMES_PER_SECOND  75
#define LQ_CD_MAX_TRACKS         99
#define LQ_CD_MAX_INDEXES        99       /* INDEX 01..99 a track */

/* The CD-Text fields a block carries, for the album (disc) and each track */
typedef struct
{
  char *title;
  char *performer;
  char *songwriter;
  char *composer;
  char *arranger;
  char *message;
} LqCdText;

typedef struct
{
  guint number;          /* 1..99 */
  LqCdText text;
  char *isrc;            /* 12 characters without dashes (CCXXXYYNNNNN), or NULL */
  gboolean copy_permitted;   /* the subcode's digital copy permitted bit */
  gboolean pre_emphasis;     /* always FALSE for what Lacquer renders */

  guint64 pregap;        /* INDEX 00: frame of the pregap's start (== start when none) */
  guint64 start;         /* INDEX 01: frame the track's audio starts at */
  guint64 samples;       /* the track's rendered audio (stereo samples at
                          * 44.1 kHz), from the first sample of frame
                          * @start; what follows it up to @end is digital
                          * silence (less than a frame, plus the next
                          * track's gap) */
  guint64 end;           /* frame after the track's last frame: the next track's
                          * INDEX 00, or the lead-out */
  guint n_indexes;       /* further index points, INDEX 02 onwards */
  guint64 *indexes;      /* their frames, increasing, within [start, end) */

  /* Where the audio came from: the project's track position (0-based) */
  guint project_position;
} LqCdTrack;

typedef struct
{
  LqCdText text;         /* the album's: title, performer, ... */
  char *catalog;         /* UPC/EAN as 13 digits (a 12-digit UPC-A gets a leading 0), or NULL */
  guint n_tracks;
  LqCdTrack *tracks;
  guint64 leadout;       /* frame of the lead-out: the image's length in frames */

  /* What laying the disc out changed, one sentence each (a gap shortened by
   * 312 samples so that track 3 starts on a frame, ...), for the report */
  GPtrArray *notes;
} LqCdLayout;

LqCdLayout *lq_cd_layout_new        (guint              n_tracks);
void        lq_cd_layout_free       (LqCdLayout        *layout);
void        lq_cd_layout_add_note   (LqCdLayout        *layout,
                                     const char        *format,
                                     ...) G_GNUC_PRINTF (2, 3);

/* The options a CD track renders with: the project's default export
 * options (lq_export_get_default_render_options()) at 44,100 Hz, 16 bits,
 * WAV. The render's dither is seeded by the options' seed and the track's
 * number (lq-render.c), so a track renders the same bits alone, in an
 * export or in the image. */
void        lq_cd_render_options_init (LqProject       *project,
                                       LqRenderOptions *options);

/* "MM:SS:FF" (minutes may pass 99 only on impossible discs: printed as is) */
char       *lq_cd_frames_to_msf     (guint64            frames);
/* Frames <-> samples (stereo sample frames at 44.1 kHz) */
static inline guint64
lq_cd_frames_to_samples (guint64 frames)
{
  return frames * LQ_CD_FRAME_SAMPLES;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCdLayout, lq_cd_layout_free)

G_END_DECLS

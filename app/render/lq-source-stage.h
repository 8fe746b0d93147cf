/* lq-source-stage.h: a track's source as the album plays it.
 *
 * The one place that turns a source file and a track's edits (lq-render.h's
 * LqRenderSpec) into audio: the gap before the track as silence (when
 * asked), the trims, the fades with their shapes (lq_fade_gain()), and a
 * mono source as dual mono. It hands out the track's TIMELINE frames in
 * stereo planar float blocks:
 *
 *   timeline frame 0 .. gap - 1            silence (LQ_SOURCE_STAGE_GAP only)
 *   gap .. gap + length - 1                 source frames trim-in .. end - trim-out,
 *                                           faded in and out
 *
 * The output is a pure function of the position: reading [a, b) after a
 * seek to a gives exactly the frames a sequential read from 0 gives there,
 * fades included.
 *
 * Who uses it:
 * - The renderer (lq-render.c) reads it from the start to the end, without
 *   the gap (a file per track holds no gap), and runs the chain on it: the
 *   export.
 * - The realtime engine (issue 11) runs one stage per track on its READER
 *   THREAD: that thread calls lq_source_stage_seek() and
 *   lq_source_stage_read() (they do file I/O and may block) and pushes the
 *   blocks into the lock-free ring; "Mix" plays them as they are, "Master"
 *   runs them through the chain first, as the export does. The PortAudio
 *   callback never calls anything here. The stage allocates only in
 *   lq_source_stage_new(): reading and seeking do not allocate per block
 *   (libFLAC may grow its own decoder buffers when a FLAC source seeks).
 *
 * Not thread-safe: one thread at a time uses a stage.
 */
#pragma once

#include <glib.h>

#include "lq-render.h"

G_BEGIN_DECLS

typedef struct _LqSourceStage LqSourceStage;

/* Where a track's audio lies on its timeline, in frames at its own rate:
 * the arithmetic lq_source_stage_new() applies, for whoever lays tracks out
 * without opening them (the album timeline, lq-timeline-model.h). */
typedef struct
{
  gint64 start;      /* the first source frame (the trim-in) */
  gint64 length;     /* source frames after the trims */
  gint64 gap;        /* frames of silence before them */
  gint64 fade_in;    /* frames, at most the length */
  gint64 fade_out;
} LqSourceLayout;

/* @spec's layout over a source of @total_frames at @rate, the gap included
 * when @with_gap; FALSE (layout->length <= 0) when the trims leave no audio. */
gboolean lq_source_layout_init (LqSourceLayout *layout,
                                const LqRenderSpec *spec,
                                guint rate,
                                gint64 total_frames,
                                gboolean with_gap);
/* The fades' gain at trimmed frame @k (0 .. length - 1): what the stage
 * multiplies that frame by. */
double lq_source_layout_gain (const LqSourceLayout *layout,
                              LqFadeShape fade_in_shape,
                              LqFadeShape fade_out_shape,
                              gint64 k);

typedef enum
{
  LQ_SOURCE_STAGE_NONE = 0,
  /* The track's gap (spec->gap_s) comes first, as silence (the player);
   * without it the timeline starts at the first frame after the trim
   * (the export). */
  LQ_SOURCE_STAGE_GAP = 1 << 0,
} LqSourceStageFlags;

/* Opens @spec's source (read-only) at timeline frame 0. Fails, with the
 * source's name in the message, when it cannot be read; fails with
 * LQ_ERROR_INVALID_VALUE when the trims leave no audio. */
LqSourceStage *lq_source_stage_new (const LqRenderSpec *spec,
                                    LqSourceStageFlags flags,
                                    GError **error);
void lq_source_stage_free (LqSourceStage *self);

guint lq_source_stage_get_sample_rate (const LqSourceStage *self);
/* The source's channels (1 or 2); what the stage hands out is always stereo. */
guint lq_source_stage_get_source_channels (const LqSourceStage *self);
/* Frames of the timeline: the gap (when included) + the trimmed length. */
gint64 lq_source_stage_get_length (const LqSourceStage *self);
/* Frames of silence before the source (0 without LQ_SOURCE_STAGE_GAP). */
gint64 lq_source_stage_get_gap (const LqSourceStage *self);
/* The next timeline frame lq_source_stage_read() hands out. */
gint64 lq_source_stage_get_position (const LqSourceStage *self);

/* Fills planar[0][0..] and planar[1][0..] with the next MIN (@n, frames
 * left) timeline frames and returns how many: 0 at the end, -1 with @error
 * (naming the source) when the source cannot be read or ends before its
 * header said. */
gssize lq_source_stage_read (LqSourceStage *self,
                             float *const *planar,
                             gsize n,
                             GError **error);
/* Moves to @timeline_frame (0 to the length: at the length, the next read
 * returns 0). FALSE with @error (naming the source) when it is out of the
 * timeline (the position is then unchanged) or the source cannot seek. */
gboolean lq_source_stage_seek (LqSourceStage *self,
                               gint64 timeline_frame,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqSourceStage, lq_source_stage_free)

G_END_DECLS

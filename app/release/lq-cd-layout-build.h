/* lq-cd-layout-build.h: a project's disc: the LqCdLayout (lq-cd-layout.h)
 * its tracks, gaps, index points and CD-Text make.
 *
 * Tracks in project order, each as long as its CD render
 * (lq_cd_render_options_init(): what the image renderer writes).
 *
 * Positions, in samples and then frames (588 samples):
 * - track 1: INDEX 00 at frame 0, INDEX 01 at 2 s (frame 150) or, when the
 *   track's gap is longer, at its gap rounded to the nearest frame;
 * - each later track: the previous track's audio ends at sample E (often
 *   mid-frame); its INDEX 01 goes to the frame nearest to E + gap, but never
 *   before the frame after E (no audio is dropped), so the silence between
 *   the two tracks differs from the gap by less than one frame. The
 *   previous track ends (and this track's INDEX 00 is) at the frame after
 *   E, padded with silence; INDEX 00 == INDEX 01 when no whole frame of
 *   gap is left (no pregap);
 * - index points ("cd-indexes", seconds from INDEX 01) at the nearest
 *   frame, each after the one before and before the track's end;
 * - the lead-out at the last track's audio end rounded up to a frame.
 * Each gap or index point that moved to land on a frame gets a note
 * (lq_cd_layout_add_note) saying by how many samples.
 *
 * CD-Text: the album's title, performer (its artist), songwriter, arranger
 * and message; each track's title, performer (its artist, or else the
 * album's), songwriter and composer. ISRCs without dashes; the catalog is
 * the UPC/EAN as 13 digits. Copy permitted as the album's "cd-copy" says;
 * never pre-emphasis. */
#pragma once

#include "lq-cd-layout.h"

G_BEGIN_DECLS

/* NULL with an error naming the track when a track's source cannot be
 * read, its trims leave nothing, or an index point does not fall inside
 * it (LQ_ERROR_INVALID_VALUE); an empty project lays out as 0 tracks. */
LqCdLayout *lq_cd_layout_new_from_project (LqProject  *project,
                                           GError    **error);

/* The frame nearest to @samples (halves round up) */
static inline guint64
lq_cd_samples_to_nearest_frame (guint64 samples)
{
  return (samples + LQ_CD_FRAME_SAMPLES / 2) / LQ_CD_FRAME_SAMPLES;
}

G_END_DECLS

/* lq-engine-program.h: what LqEngine plays (issue 11, section 3).
 *
 * A program is the engine's timeline as segments (lq-playback-timeline.h)
 * over the source stages of the tracks it holds:
 *
 *  - a single track: one segment, the track's gap (if the spec has one)
 *    and its audio;
 *  - the album: every track of the project in project order, each after its
 *    gap with its fades (one segment each), one continuous timeline whose
 *    length is the sum of the tracks' timeline lengths;
 *  - the transitions: for each pair of neighbours, the last N seconds of a
 *    track, the next one's gap and first N seconds, then
 *    LQ_ENGINE_TRANSITION_PAUSE_S of silence before the next transition
 *    (three segments per transition, none after the last).
 *
 * The program runs at one sample rate: the one asked for, or (0) the first
 * playable track's own; a track at another rate is resampled to it
 * (lq-resampled-source.h: bit-identical to the export only at its own
 * rate). A track whose source is missing, changed or unreadable is left
 * out, with a message in lq_engine_program_get_skipped(); the rest plays.
 * Building fails only when no track is left.
 *
 * Threads: built and queried on the control thread; lq_engine_program_read()
 * belongs to the engine's reader thread (it reads and seeks the stages).
 * The queries only read immutable fields, so both may use one program.
 */
#pragma once

#include <glib.h>

#include "lq-engine-image.h"
#include "lq-playback-timeline.h"
#include "lq-project.h"
#include "lq-render.h"

G_BEGIN_DECLS

#define LQ_ENGINE_TRANSITION_PAUSE_S 0.5
#define LQ_ENGINE_TRANSITION_DEFAULT_S 6.0

typedef enum
{
  LQ_ENGINE_MODE_TRACK,
  LQ_ENGINE_MODE_ALBUM,
  LQ_ENGINE_MODE_TRANSITIONS,
  /* A disc image (lq-engine-image.h): one segment per CD track over one
   * source, the image's samples as they are. */
  LQ_ENGINE_MODE_IMAGE,
} LqEngineMode;

typedef struct _LqEngineProgram LqEngineProgram;

/* Each at @rate (0: the first playable track's own rate). */
/* One track, with its gap when spec->gap_s > 0. */
LqEngineProgram *lq_engine_program_new_spec (const LqRenderSpec *spec, guint rate, GError **error);
/* The project's tracks in order (see above). */
LqEngineProgram *lq_engine_program_new_album (LqProject *project, guint rate, GError **error);
/* The transitions, @seconds (> 0) of each side. Needs two playable tracks. */
LqEngineProgram *lq_engine_program_new_transitions (LqProject *project,
                                                    double seconds,
                                                    guint rate,
                                                    GError **error);
/* The same from @n_specs specs (numbered 1 ..): LQ_ENGINE_MODE_ALBUM or
 * LQ_ENGINE_MODE_TRANSITIONS (@seconds > 0). */
LqEngineProgram *lq_engine_program_new_specs (LqEngineMode mode,
                                              const LqRenderSpec *specs,
                                              guint n_specs,
                                              double seconds,
                                              guint rate,
                                              GError **error);
/* A disc image at @rate (0: 44.1 kHz): the image's frames in order, CD
 * track i's segment from its pregap (track 1's: from frame 0) to the next
 * one's (the last one's: to the end); track numbers are the image's. FALSE
 * with @error (naming the file) when it cannot be opened or its table does
 * not fit it. */
LqEngineProgram *lq_engine_program_new_image (LqEngineImage *image, guint rate, GError **error);
/* The image played (LQ_ENGINE_MODE_IMAGE), else NULL. */
LqEngineImage *lq_engine_program_get_image (const LqEngineProgram *self);
/* Control thread, the reader stopped: the same program at @rate (> 0);
 * timeline frames change with it. FALSE (the program as it was) when soxr
 * cannot convert to it. */
gboolean lq_engine_program_set_sample_rate (LqEngineProgram *self, guint rate, GError **error);
/* Track @index's own sample rate. */
guint lq_engine_program_get_input_rate (const LqEngineProgram *self, guint index);
void lq_engine_program_free (LqEngineProgram *self);

LqEngineMode lq_engine_program_get_mode (const LqEngineProgram *self);
guint lq_engine_program_get_sample_rate (const LqEngineProgram *self);
gint64 lq_engine_program_get_length (const LqEngineProgram *self);
const LqPlaybackSegment *lq_engine_program_get_segments (const LqEngineProgram *self,
                                                         guint *n_segments);
/* The tracks played (skipped ones not counted), in order. */
guint lq_engine_program_get_n_tracks (const LqEngineProgram *self);
/* The project's number of track @index (1-based; 1 for a spec). */
guint lq_engine_program_get_track_number (const LqEngineProgram *self, guint index);
/* A copy (g_free()) of the tracks' chain settings, one per track. */
LqChainSettings *lq_engine_program_dup_settings (const LqEngineProgram *self);
/* Album: the timeline frame where track @index's gap starts. Otherwise the
 * start of its first segment. */
gint64 lq_engine_program_get_track_start (const LqEngineProgram *self, guint index);
/* The track at timeline frame @frame and the frame within its own timeline
 * (its gap first); FALSE in a pause between transitions or past the end. */
gboolean lq_engine_program_map_frame (const LqEngineProgram *self,
                                      gint64 frame,
                                      guint *index,
                                      gint64 *frame_in_track);
/* Transitions: which one frame @frame belongs to (0 is tracks 1 -> 2);
 * -1 otherwise. */
gint lq_engine_program_get_transition (const LqEngineProgram *self, gint64 frame);
/* The GErrors of the tracks left out (names their files). */
GPtrArray *lq_engine_program_get_skipped (const LqEngineProgram *self);

/* Reader thread: timeline frames [@frame, @frame + @n) into planar[0..1]
 * (silence outside the program, and where a source fails to read). */
void lq_engine_program_read (LqEngineProgram *self,
                             gint64 frame,
                             float *const *planar,
                             gsize n);

/* Reader thread: frames [@frame, @frame + @n) of track @index's own
 * timeline (its gap first; silence outside it; always silence for an
 * image's track: the chain it feeds is never heard). */
void lq_engine_program_read_track (LqEngineProgram *self,
                                   guint index,
                                   gint64 frame,
                                   float *const *planar,
                                   gsize n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqEngineProgram, lq_engine_program_free)

G_END_DECLS

/* lq-timeline-model.h: the album timeline's data (issue 12, item 1).
 *
 * Every track of the project in project order, as a block on the album's
 * time axis: its gap, then its audio after the trims, with its fades and
 * its short-term loudness. The positions are the engine's album positions
 * (lq-engine-program.h): each track's timeline is its gap and its trimmed
 * audio in frames at its own rate (lq_source_layout_init(), the source
 * stage's arithmetic), converted to the album's rate (the first track's)
 * as the engine's resampled source counts them, one after the other. The
 * fade gains are the source stage's (lq_source_layout_gain()).
 *
 * Immutable once built; lq_timeline_model_new_edited() builds the model a
 * drag would leave (previewed before it is written).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-project.h"
#include "lq-render.h"
#include "lq-source-stage.h"

G_BEGIN_DECLS

#define LQ_TIMELINE_HOP_S 0.1           /* the short-term curve's step */
/* The analysis keeps a short-term energy for each complete 3 s window, every
 * 100 ms: value i is the window [i * 0.1, i * 0.1 + 3) s of the source,
 * drawn at its centre, over [i * 0.1 + 1.45, i * 0.1 + 1.55). */
#define LQ_TIMELINE_SHORT_TERM_OFFSET_S 1.45
#define LQ_TIMELINE_DESCRIBED_TRACKS 20 /* the description names this many */

typedef enum
{
  LQ_TIMELINE_PART_NONE,
  LQ_TIMELINE_PART_GAP,       /* inside the gap */
  LQ_TIMELINE_PART_GAP_EDGE,  /* the gap's right edge, from the gap's side: the gap */
  LQ_TIMELINE_PART_BODY,
  LQ_TIMELINE_PART_FADE_IN,   /* the fade-in handle (top left corner) */
  LQ_TIMELINE_PART_FADE_OUT,  /* the fade-out handle (top right corner) */
  LQ_TIMELINE_PART_TRIM_IN,   /* the block's left edge */
  LQ_TIMELINE_PART_TRIM_OUT,  /* the block's right edge */
} LqTimelinePart;

/* What a block is built from (a track's values, as LqRenderSpec has them). */
typedef struct
{
  guint number;              /* 1-based position */
  char *name;
  guint rate;                /* the source's */
  gint64 frames;             /* the source's length */
  double gap_s, trim_in_s, trim_out_s, fade_in_s, fade_out_s;
  LqFadeShape fade_in_shape, fade_out_shape;
  GArray *short_term;        /* double energies per 100 ms of the source, or NULL */
  gboolean unplayable;       /* its source is missing or changed: the engine leaves it out */
} LqTimelineInput;

typedef struct
{
  LqTimelineInput in;
  LqSourceLayout layout;     /* at the track's own rate, gap included */
  gboolean playable;         /* FALSE: the trims leave no audio, or the source is
                                missing or changed (an empty block, as the
                                engine leaves the track out) */
  /* On the album's axis, seconds: */
  double gap_start;          /* where the track's timeline starts */
  double audio_start;        /* the start marker: after the gap */
  double audio_end;
  double fade_in_end;        /* audio_start + the fade-in */
  double fade_out_start;     /* audio_end - the fade-out */
  /* The short-term loudness (LUFS, NAN where silent) every
   * LQ_TIMELINE_HOP_S over the audio, the first from curve_start (the
   * windows' centres, see above). */
  float *curve;
  guint n_curve;
  double curve_start;
} LqTimelineBlock;

typedef struct _LqTimelineModel LqTimelineModel;

/* The project's tracks, at the first track's rate (the engine's album
 * program before it is set to the device's). */
LqTimelineModel *lq_timeline_model_new (LqProject *project);
/* The same at @rate (0: the first track's): the engine's after
 * lq_engine_program_set_sample_rate(). */
LqTimelineModel *lq_timeline_model_new_at_rate (LqProject *project, guint rate);
/* From @n inputs (copied). */
LqTimelineModel *lq_timeline_model_new_from_inputs (const LqTimelineInput *inputs, guint n);
LqTimelineModel *lq_timeline_model_new_from_inputs_at_rate (const LqTimelineInput *inputs,
                                                            guint n,
                                                            guint rate);
void lq_timeline_model_free (LqTimelineModel *self);

guint lq_timeline_model_get_n_blocks (const LqTimelineModel *self);
/* @index 0-based. */
const LqTimelineBlock *lq_timeline_model_get_block (const LqTimelineModel *self, guint index);
/* The album's rate: the one asked for, else the first track's (48000
 * without tracks). */
guint lq_timeline_model_get_rate (const LqTimelineModel *self);
/* Seconds: the sum of the tracks' timelines. */
double lq_timeline_model_get_length (const LqTimelineModel *self);
/* The fades' gain (0..1) of block @index at album second @t (1 outside
 * its audio): the gain the source stage applies to the frame there. */
double lq_timeline_model_get_gain (const LqTimelineModel *self, guint index, double t);
/* The short-term loudness at @t (LUFS), NAN outside the audio or in silence. */
double lq_timeline_model_get_loudness (const LqTimelineModel *self, guint index, double t);
/* The block whose timeline (gap and audio) holds @t (the last one at the end);
 * -1 outside the album. */
gint lq_timeline_model_find (const LqTimelineModel *self, double t);

/* "3 tracks, total length 1:02; track 1 “Name” at 0:02, …" (the first
 * LQ_TIMELINE_DESCRIBED_TRACKS, then how many more). */
char *lq_timeline_model_describe (const LqTimelineModel *self);

/* A drag of @part of block @index by @delta_s seconds to the right: the
 * field it edits ("trim-in", "trim-out", "fade-in", "fade-out", "gap";
 * NULL for other parts) and its new value, clamped to what the track
 * allows (in *value). */
const char *lq_timeline_model_drag_value (const LqTimelineModel *self,
                                          guint index,
                                          LqTimelinePart part,
                                          double delta_s,
                                          double *value);
/* The model with that drag applied (a copy of self when it edits nothing). */
LqTimelineModel *lq_timeline_model_new_edited (const LqTimelineModel *self,
                                               guint index,
                                               LqTimelinePart part,
                                               double delta_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqTimelineModel, lq_timeline_model_free)

G_END_DECLS

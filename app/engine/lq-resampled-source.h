/* lq-resampled-source.h: a source stage heard at another sample rate.
 *
 * Wraps an LqSourceStage (lq-source-stage.h) and hands out its timeline at
 * an output rate, converted with soxr at the export's quality (SOXR_VHQ),
 * with the stage's read/seek interface, so that the engine's reader thread
 * uses it in place of the stage. At the stage's own rate it passes the
 * stage's frames through untouched (bit-identical to the export); at another
 * rate it is not.
 *
 * The output timeline: frame k is the input's time k / output rate; its
 * length is the input length scaled up to a whole frame. A seek is a pure
 * function of the position too, within soxr's accuracy: it restarts soxr at
 * the last frame before the target where both timelines meet on a whole
 * frame, early enough for the filter to settle, and drops the frames before
 * the target, so what follows equals a sequential read from frame 0 to well
 * below -100 dBFS (exactly, when the restart point is frame 0).
 *
 * Reading and seeking run on the reader thread (they do file I/O and may
 * block); soxr may allocate there when it restarts. Not thread-safe: one
 * thread at a time uses a source.
 */
#pragma once

#include <glib.h>

#include "lq-source-stage.h"

G_BEGIN_DECLS

typedef struct _LqResampledSource LqResampledSource;

/* Takes @stage and hands it out at @output_rate (0: the stage's own rate).
 * FALSE with @error when soxr cannot convert between the two rates. */
LqResampledSource *lq_resampled_source_new (LqSourceStage *stage,
                                            guint output_rate,
                                            GError **error);
/* Any other input of stereo planar float frames at @input_rate,
 * @input_length frames long (lq-engine-image.h's disc image): @funcs read
 * and seek it as lq_source_stage_read() and lq_source_stage_seek() do; the
 * source takes @input and frees it with funcs->free. */
typedef struct
{
  gssize (*read) (gpointer input, float *const *planar, gsize n, GError **error);
  gboolean (*seek) (gpointer input, gint64 frame, GError **error);
  void (*free) (gpointer input);
} LqResampledInputFuncs;

LqResampledSource *lq_resampled_source_new_input (const LqResampledInputFuncs *funcs,
                                                  gpointer input,
                                                  guint input_rate,
                                                  gint64 input_length,
                                                  guint output_rate,
                                                  GError **error);
void lq_resampled_source_free (LqResampledSource *self);

/* Moves to @output_rate (0: the stage's own rate), keeping the heard time:
 * the position becomes the old one scaled to the new rate. */
gboolean lq_resampled_source_set_output_rate (LqResampledSource *self,
                                              guint output_rate,
                                              GError **error);

/* The output rate. */
guint lq_resampled_source_get_sample_rate (const LqResampledSource *self);
/* The stage's own rate. */
guint lq_resampled_source_get_input_rate (const LqResampledSource *self);
gboolean lq_resampled_source_is_resampling (const LqResampledSource *self);
/* Output frames of the timeline. */
gint64 lq_resampled_source_get_length (const LqResampledSource *self);
/* The next output frame lq_resampled_source_read() hands out. */
gint64 lq_resampled_source_get_position (const LqResampledSource *self);

/* As lq_source_stage_read() and lq_source_stage_seek(), in output frames. */
gssize lq_resampled_source_read (LqResampledSource *self,
                                 float *const *planar,
                                 gsize n,
                                 GError **error);
gboolean lq_resampled_source_seek (LqResampledSource *self,
                                   gint64 frame,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqResampledSource, lq_resampled_source_free)

G_END_DECLS

/* lq-playhead-waveform.h: a track's waveform overview with the playhead.
 *
 * Draws the min/max peaks an analysis keeps (lq-waveform.h), a line where
 * playback is, and the loop region when there is one. A click asks to seek
 * there ("seek"); a drag marks a loop region ("loop-changed"). It takes
 * the keyboard focus: Left and Right ask to seek a step back or on, Home
 * and End to the start and the end. To assistive technologies it is a
 * slider whose value is the position.
 *
 * It only asks: the position moves when its owner sets it (from the
 * playback client).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-track-analysis.h"

G_BEGIN_DECLS

#define LQ_TYPE_PLAYHEAD_WAVEFORM (lq_playhead_waveform_get_type ())

G_DECLARE_FINAL_TYPE (LqPlayheadWaveform, lq_playhead_waveform, LQ, PLAYHEAD_WAVEFORM, GtkWidget)

/* How far Left and Right ask to seek, in seconds */
#define LQ_PLAYHEAD_WAVEFORM_STEP_S 5.0

GtkWidget *lq_playhead_waveform_new (void);

/* The overview: @peaks of 2 * @channels bytes each (min and max per
 * channel), one per @seconds_per_peak; NULL draws none. The length is set
 * apart (the overview's last peak may be partial). */
void lq_playhead_waveform_set_peaks (LqPlayheadWaveform *self,
                                     GBytes             *peaks,
                                     guint               channels,
                                     double              seconds_per_peak);
/* The analysis' overview and length; NULL clears both. */
void lq_playhead_waveform_set_analysis (LqPlayheadWaveform *self,
                                        LqTrackAnalysis    *analysis);

/* Seconds */
void lq_playhead_waveform_set_position (LqPlayheadWaveform *self,
                                        double              position);
double lq_playhead_waveform_get_position (LqPlayheadWaveform *self);
void lq_playhead_waveform_set_length (LqPlayheadWaveform *self,
                                      double              length);
double lq_playhead_waveform_get_length (LqPlayheadWaveform *self);
/* The loop region in seconds; start >= end: none. */
void lq_playhead_waveform_set_loop (LqPlayheadWaveform *self,
                                    double              start,
                                    double              end);
gboolean lq_playhead_waveform_get_loop (LqPlayheadWaveform *self,
                                        double             *start,
                                        double             *end);

/* Draws @n_peaks peaks (2 * @channels bytes each) across @width by
 * @height of @cr in its current source colour: per column, from the
 * smallest minimum to the largest maximum of every channel. What the
 * widget draws, for others (a report) to draw alike. */
void lq_playhead_waveform_draw_peaks (cairo_t      *cr,
                                      int           width,
                                      int           height,
                                      const gint8  *peaks,
                                      gsize         n_peaks,
                                      guint         channels);

G_END_DECLS
